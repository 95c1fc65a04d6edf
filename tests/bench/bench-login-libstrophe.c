/* bench-login-libstrophe.c: libstrophe logging in to a real server over
 * STARTTLS with SCRAM: login time, and the memory of many sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-login.h"

#include <stdlib.h>
#include <strophe.h>

typedef enum { SLOT_CONNECTING, SLOT_UP, SLOT_FAILED, SLOT_CLOSED } SlotState;

typedef struct
{
  xmpp_conn_t *conn;
  SlotState state;
} Slot;

typedef struct
{
  LoginOptions options;
  xmpp_ctx_t *ctx;
  GPtrArray *slots;
  guint started;
  guint in_flight;
  guint up;
  guint failed;
} Run;

static void
on_connection (xmpp_conn_t         *conn,
               xmpp_conn_event_t    status,
               int                  error,
               xmpp_stream_error_t *stream_error,
               void                *user_data)
{
  Slot *slot = user_data;

  if (status == XMPP_CONN_CONNECT)
    slot->state = SLOT_UP;
  else if (slot->state == SLOT_CONNECTING)
    {
      g_printerr ("libstrophe: login failed (error %d)\n", error);
      slot->state = SLOT_FAILED;
    }
  else
    slot->state = SLOT_CLOSED;
}

static Slot *
new_slot (Run *run, guint index)
{
  g_autofree char *resource = login_resource (index);
  g_autofree char *jid = g_strdup_printf ("%s/%s", run->options.jid, resource);
  Slot *slot = g_new0 (Slot, 1);

  slot->conn = xmpp_conn_new (run->ctx);
  /* TLS is used when offered, as it is by default; the server's own
   * certificate is trusted. */
  xmpp_conn_set_jid (slot->conn, jid);
  xmpp_conn_set_pass (slot->conn, run->options.password);
  xmpp_conn_set_cafile (slot->conn, run->options.ca_file);
  if (xmpp_connect_client (slot->conn, run->options.host, run->options.port, on_connection,
                           slot) != XMPP_EOK)
    slot->state = SLOT_FAILED;
  return slot;
}

static void
free_slot (Slot *slot)
{
  xmpp_conn_release (slot->conn);
  g_free (slot);
}

/* Runs the event loop until @slot leaves @state, or for 30 s. */
static void
run_while (Run *run, Slot *slot, SlotState state)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (slot->state == state && g_get_monotonic_time () < deadline)
    xmpp_run_once (run->ctx, 5);
}

static gboolean
timed_login (Run *run, guint index, gint64 *wall_ns, gint64 *cpu_ns)
{
  gint64 wall = login_clock_ns (FALSE);
  gint64 cpu = login_clock_ns (TRUE);
  Slot *slot = new_slot (run, index);
  gboolean ok;

  run_while (run, slot, SLOT_CONNECTING);
  *wall_ns = login_clock_ns (FALSE) - wall;
  *cpu_ns = login_clock_ns (TRUE) - cpu;
  ok = slot->state == SLOT_UP;
  if (ok)
    {
      xmpp_disconnect (slot->conn);
      run_while (run, slot, SLOT_UP);
    }
  free_slot (slot);
  return ok;
}

int
main (int argc, char **argv)
{
  Run run = { 0 };
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 wall_ns, cpu_ns;
  gboolean ok;

  if (!login_options_parse (&run.options, "Log in to a server with libstrophe over STARTTLS.",
                            &argc, &argv))
    return EXIT_FAILURE;
  xmpp_initialize ();
  run.ctx = xmpp_ctx_new (NULL, NULL);
  run.slots = g_ptr_array_new_with_free_func ((GDestroyNotify) free_slot);

  /* The first login loads what every later one shares: neither timed nor
   * counted. */
  ok = timed_login (&run, 0, &wall_ns, &cpu_ns);
  if (ok && run.options.sessions > 0)
    {
      guint64 before = login_rss_kib ();
      gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
      gint64 settle;

      while (g_get_monotonic_time () < deadline)
        {
          guint connecting = 0;

          run.up = run.failed = 0;
          for (guint i = 0; i < run.slots->len; i++)
            {
              Slot *slot = g_ptr_array_index (run.slots, i);

              connecting += slot->state == SLOT_CONNECTING;
              run.up += slot->state == SLOT_UP;
              run.failed += slot->state == SLOT_FAILED || slot->state == SLOT_CLOSED;
            }
          while (connecting < (guint) run.options.in_flight && run.started < (guint) run.options.sessions)
            {
              g_ptr_array_add (run.slots, new_slot (&run, run.started++));
              connecting++;
            }
          if (connecting == 0)
            break;
          xmpp_run_once (run.ctx, 5);
        }
      /* Let the last answers arrive, as the sleek-glib program does. */
      settle = g_get_monotonic_time () + G_USEC_PER_SEC;
      while (g_get_monotonic_time () < settle)
        xmpp_run_once (run.ctx, 50);
      login_report_sessions ("libstrophe", run.up, before, login_rss_kib ());
      ok = run.up == (guint) run.options.sessions;
    }
  else if (ok)
    {
      for (int i = 1; ok && i <= run.options.logins; i++)
        {
          ok = timed_login (&run, i, &wall_ns, &cpu_ns);
          g_array_append_val (wall, wall_ns);
          g_array_append_val (cpu, cpu_ns);
        }
      if (ok)
        login_report_times ("libstrophe", wall, cpu);
    }
  if (!ok)
    g_printerr ("FAILED\n");

  g_ptr_array_unref (run.slots);
  xmpp_ctx_free (run.ctx);
  xmpp_shutdown ();
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
