/* soak.c: a million messages through one session, memory sampled as they go
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet sends SLEEK_SOAK_MESSAGES (default 1,000,000) chat messages to
 * Romeo through the private server, both with stream management on, never
 * more than WINDOW of them on their way at once. Every SLEEK_SOAK_INTERVAL
 * seconds (default 10) it samples the resident set size of this process
 * (both clients live in it) and of the server, and prints a line:
 *
 *   # t=10s sent=81234 received=81034 rss=9876 KiB server=54321 KiB
 *
 * It fails when a message is lost, duplicated or out of order, when the
 * stream management queue did not drain, or when this process grew by
 * more than SLEEK_SOAK_MAX_GROWTH_KIB (default 8192) from the first sample
 * to the largest later one: the curve must be flat, and the sample at
 * the first interval is taken after the caches and pools are warm.
 * The archive is switched off for both accounts while it runs (the
 * server's storage is not what is measured) and put back afterwards.
 *
 * Run by .ci/run as `meson test --benchmark --suite soak`; alone:
 *   tests/integration/prosody-harness run -- _build/tests/integration/soak
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 200
#define MAM "urn:xmpp:mam:2"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  SleekStreamManagement *juliet_sm;
  char *token;
  char *romeo_jid;
  guint total;
  guint sent;
  guint received;
  guint wrong;          /* duplicated, out of order or foreign bodies */
  GArray *samples;      /* guint64 KiB of this process, one per interval */
  GTimer *timer;
  gboolean send_failed;
} Soak;

/* The VmRSS line of /proc/PID/status, in KiB; 0 when it cannot be read. */
static guint64
rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, "VmRSS:");
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

static gboolean
sample (gpointer user_data)
{
  Soak *s = user_data;
  guint64 own = rss_kib ("self");
  const char *server_pid = prosody_env ("SLEEK_TEST_PROSODY_PID");
  guint64 server = server_pid != NULL ? rss_kib (server_pid) : 0;

  g_array_append_val (s->samples, own);
  printf ("# t=%.0fs sent=%u received=%u rss=%" G_GUINT64_FORMAT " KiB server=%" G_GUINT64_FORMAT " KiB\n",
          g_timer_elapsed (s->timer, NULL), s->sent, s->received, own, server);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Soak *s)
{
  const char *body = sleek_message_get_body (message);
  gsize len = strlen (s->token);
  guint64 seq;

  if (body == NULL || strncmp (body, s->token, len) != 0 || body[len] != ':' ||
      !g_ascii_string_to_unsigned (body + len + 1, 10, 0, G_MAXUINT, &seq, NULL) || seq != s->received)
    {
      if (s->wrong++ < 10)
        g_test_message ("unexpected message %s (expected number %u)", body, s->received);
      return;
    }
  s->received++;
}

static void
on_send_failed (SleekStreamManagement *sm, SleekStanza *stanza, GError *error, Soak *s)
{
  s->send_failed = TRUE;
}

/* Sets the archive's default for the account of client; returns the old
 * one, or NULL when the server has no archive. */
static char *
set_archive_default (SleekClientXmpp *client, const char *value)
{
  SleekBaseXmpp *xmpp = SLEEK_BASE_XMPP (client);
  g_autoptr(SleekIq) get = sleek_base_xmpp_make_iq (xmpp, "get", NULL, NULL);
  g_autoptr(SleekIq) set = sleek_base_xmpp_make_iq (xmpp, "set", NULL, NULL);
  g_autoptr(SleekIq) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) prefs = sleek_node_new ("prefs", MAM);
  g_autofree char *old = NULL;

  sleek_iq_set_payload (get, prefs);
  sleek_base_xmpp_send_iq_async (xmpp, get, 0, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  answer = sleek_base_xmpp_send_iq_finish (xmpp, result, &error);
  if (answer == NULL)
    {
      g_test_message ("no archive preferences: %s", error->message);
      return NULL;
    }
  old = g_strdup (sleek_node_get_attribute (sleek_iq_get_payload (answer), "default"));
  g_clear_object (&result);
  g_clear_object (&answer);

  sleek_node_set_attribute (prefs, "default", value);
  sleek_iq_set_payload (set, prefs);
  sleek_base_xmpp_send_iq_async (xmpp, set, 0, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  answer = sleek_base_xmpp_send_iq_finish (xmpp, result, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&old);
}

static SleekClientXmpp *
log_in (const char *user, SleekStreamManagement **sm)
{
  g_autoptr(GError) error = NULL;
  SleekClientXmpp *client = client_util_new (user);
  SleekStreamManagement *plugin = client_util_enable (client, "xep_0198");

  g_assert_true (client_util_login (client, &error));
  g_assert_no_error (error);
  g_assert_true (sleek_stream_management_get_enabled (plugin));
  if (sm != NULL)
    *sm = plugin;
  return client;
}

static void
test_soak (void)
{
  Soak s = { 0 };
  g_autofree char *resource = client_util_resource ();
  g_autofree char *juliet_default = NULL;
  g_autofree char *romeo_default = NULL;
  guint interval = 10;
  guint64 first, peak = 0;
  const char *value;
  guint64 max_growth = 8192;
  GSource *sampler;
  SleekStreamManagement *romeo_sm = NULL;

  s.total = 1000000;
  if ((value = g_getenv ("SLEEK_SOAK_MESSAGES")) != NULL)
    s.total = (guint) g_ascii_strtoull (value, NULL, 10);
  if ((value = g_getenv ("SLEEK_SOAK_INTERVAL")) != NULL)
    interval = MAX (1, (guint) g_ascii_strtoull (value, NULL, 10));
  if ((value = g_getenv ("SLEEK_SOAK_MAX_GROWTH_KIB")) != NULL)
    max_growth = g_ascii_strtoull (value, NULL, 10);

  s.ctx = g_main_context_new ();
  g_main_context_push_thread_default (s.ctx);
  s.token = g_strdup_printf ("soak-%s-%08x", resource, g_random_int ());
  s.samples = g_array_new (FALSE, FALSE, sizeof (guint64));

  s.juliet = log_in ("juliet", &s.juliet_sm);
  s.romeo = log_in ("romeo", &romeo_sm);
  s.romeo_jid = g_strdup (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (s.romeo))));
  juliet_default = set_archive_default (s.juliet, "never");
  romeo_default = set_archive_default (s.romeo, "never");
  g_signal_connect (s.romeo, "message::chat", G_CALLBACK (on_message), &s);
  g_signal_connect (s.juliet_sm, "stanza-failed", G_CALLBACK (on_send_failed), &s);

  s.timer = g_timer_new ();
  sampler = g_timeout_source_new_seconds (interval);
  g_source_set_callback (sampler, sample, &s, NULL);
  g_source_attach (sampler, s.ctx);

  while (s.received < s.total && s.wrong == 0 && !s.send_failed &&
         sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (s.juliet)) &&
         sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (s.romeo)))
    {
      while (s.sent < s.total && s.sent - s.received < WINDOW)
        {
          g_autofree char *body = g_strdup_printf ("%s:%u", s.token, s.sent);

          sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (s.juliet), s.romeo_jid, body, "chat");
          s.sent++;
        }
      g_main_context_iteration (s.ctx, TRUE);
    }
  sample (&s);
  g_source_destroy (sampler);
  g_source_unref (sampler);

  printf ("# %u messages in %.1f s (%.0f/s); %u samples\n", s.received, g_timer_elapsed (s.timer, NULL),
          s.received / MAX (g_timer_elapsed (s.timer, NULL), 0.001), s.samples->len);
  g_assert_cmpuint (s.wrong, ==, 0);
  g_assert_false (s.send_failed);
  g_assert_cmpuint (s.received, ==, s.total);

  /* Everything Juliet sent was acknowledged: the queue drained. */
  sleek_stream_management_request_ack (s.juliet_sm);
  WAIT_UNTIL (sleek_stream_management_get_unacked (s.juliet_sm) == 0, CLIENT_UTIL_TIMEOUT);

  /* Flat: nothing after the first sample above it by more than the limit. */
  g_assert_cmpuint (s.samples->len, >=, 2);
  first = g_array_index (s.samples, guint64, 0);
  for (guint i = 1; i < s.samples->len; i++)
    peak = MAX (peak, g_array_index (s.samples, guint64, i));
  printf ("# rss: first sample %" G_GUINT64_FORMAT " KiB, largest later %" G_GUINT64_FORMAT " KiB, growth %"
          G_GINT64_FORMAT " KiB (limit %" G_GUINT64_FORMAT ")\n",
          first, peak, (gint64) peak - (gint64) first, max_growth);
  g_assert_cmpuint (peak, <=, first + max_growth);

  if (juliet_default != NULL)
    g_free (set_archive_default (s.juliet, juliet_default));
  if (romeo_default != NULL)
    g_free (set_archive_default (s.romeo, romeo_default));

  sleek_xml_stream_abort (SLEEK_XML_STREAM (s.juliet));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (s.romeo));
  while (g_main_context_iteration (s.ctx, FALSE))
    ;
  g_clear_object (&s.juliet);
  g_clear_object (&s.romeo);
  while (g_main_context_iteration (s.ctx, FALSE))
    ;
  g_main_context_pop_thread_default (s.ctx);
  g_main_context_unref (s.ctx);
  g_timer_destroy (s.timer);
  g_array_unref (s.samples);
  g_free (s.token);
  g_free (s.romeo_jid);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/soak/one-session", test_soak);
  return g_test_run ();
}
