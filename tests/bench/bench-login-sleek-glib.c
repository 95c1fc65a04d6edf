/* bench-login-sleek-glib.c: SleekClientXmpp logging in to a real server
 * over STARTTLS with SCRAM: login time, and the memory of many sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-login.h"

#include <sleek/sleek.h>
#include <stdlib.h>

typedef struct
{
  LoginOptions options;
  GTlsDatabase *database;
  GMainLoop *loop;
  GPtrArray *clients;
  guint started;
  guint in_flight;
  guint up;
  guint failed;
  gboolean quit_when_idle;
} Run;

typedef struct
{
  Run *run;
  gboolean finished;
  gboolean ok;
} Login;

static SleekClientXmpp *
new_client (Run *run, guint index)
{
  g_autofree char *resource = login_resource (index);
  g_autofree char *jid = g_strdup_printf ("%s/%s", run->options.jid, resource);
  SleekClientXmpp *client = sleek_client_xmpp_new (jid, run->options.password);

  g_object_set (client,
                "server-host", run->options.host,
                "server-port", (guint) run->options.port,
                "keepalive-interval", 0,
                "tls-database", run->database,
                NULL);
  return client;
}

static void
on_login (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Login *login = user_data;
  g_autoptr(GError) error = NULL;

  login->ok = sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result, &error);
  if (!login->ok)
    g_printerr ("sleek-glib: login failed: %s\n", error->message);
  login->finished = TRUE;
  g_main_loop_quit (login->run->loop);
}

static void
on_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Login *login = user_data;

  sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, NULL);
  login->finished = TRUE;
  g_main_loop_quit (login->run->loop);
}

/* One login, timed from connecting to the start of the session; then a
 * clean logout, not timed. */
static gboolean
timed_login (Run *run, guint index, gint64 *wall_ns, gint64 *cpu_ns)
{
  g_autoptr(SleekClientXmpp) client = new_client (run, index);
  Login login = { run, FALSE, FALSE };
  gint64 wall = login_clock_ns (FALSE);
  gint64 cpu = login_clock_ns (TRUE);

  sleek_client_xmpp_connect_async (client, NULL, on_login, &login);
  while (!login.finished)
    g_main_loop_run (run->loop);
  *wall_ns = login_clock_ns (FALSE) - wall;
  *cpu_ns = login_clock_ns (TRUE) - cpu;
  if (!login.ok)
    return FALSE;

  login.finished = FALSE;
  sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (client), NULL, on_closed, &login);
  while (!login.finished)
    g_main_loop_run (run->loop);
  return TRUE;
}

static void start_sessions (Run *run);

static void
on_session (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result, &error))
    run->up++;
  else
    {
      if (run->failed++ == 0)
        g_printerr ("sleek-glib: a session failed: %s\n", error->message);
    }
  run->in_flight--;
  start_sessions (run);
}

static void
start_sessions (Run *run)
{
  while (run->started < (guint) run->options.sessions && run->in_flight < (guint) run->options.in_flight)
    {
      SleekClientXmpp *client = new_client (run, run->started++);

      g_ptr_array_add (run->clients, client);
      run->in_flight++;
      sleek_client_xmpp_connect_async (client, NULL, on_session, run);
    }
  if (run->in_flight == 0)
    g_main_loop_quit (run->loop);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  Run run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 wall_ns, cpu_ns;
  gboolean ok = TRUE;

  if (!login_options_parse (&run.options, "Log in to a server with SleekClientXmpp over STARTTLS.",
                            &argc, &argv))
    return EXIT_FAILURE;
  run.database = g_tls_file_database_new (run.options.ca_file, &error);
  if (run.database == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  run.loop = g_main_loop_new (NULL, FALSE);
  run.clients = g_ptr_array_new_with_free_func (g_object_unref);

  /* The first login loads what every later one shares (TLS backend,
   * certificates): neither timed nor counted. */
  ok = timed_login (&run, 0, &wall_ns, &cpu_ns);
  if (ok && run.options.sessions > 0)
    {
      guint64 before = login_rss_kib ();

      start_sessions (&run);
      g_main_loop_run (run.loop);
      /* Let the last answers (roster pushes, presence) arrive. */
      g_timeout_add (1000, quit_loop, run.loop);
      g_main_loop_run (run.loop);
      login_report_sessions ("sleek-glib", run.up, before, login_rss_kib ());
      ok = run.up == (guint) run.options.sessions;
      for (guint i = 0; i < run.clients->len; i++)
        sleek_xml_stream_abort (g_ptr_array_index (run.clients, i));
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
        login_report_times ("sleek-glib", wall, cpu);
    }
  if (!ok)
    g_printerr ("FAILED\n");

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (run.clients);
  g_main_loop_unref (run.loop);
  g_object_unref (run.database);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
