/* test-client-reconnect.c: the server dies mid-session and comes back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This test kills the server (prosody-harness kill, SIGKILL as a crash
 * would) and starts it again on the same ports (prosody-harness
 * start-again), so it is in the private list of meson.build: it always
 * gets a server of its own and cannot pull the shared one from under the
 * other tests.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *client;
  guint sessions;
  guint session_ends;
  guint disconnects;
  GError *disconnect_error;
  GArray *delays;          /* double, from "reconnecting" */
  gint64 reconnecting_at;  /* monotonic time of the first "reconnecting" */
} Fixture;

static void
on_session_start (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->sessions++;
}

static void
on_session_end (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->session_ends++;
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnects++;
  if (f->disconnect_error == NULL && error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
on_reconnecting (SleekClientXmpp *client, double delay, Fixture *f)
{
  if (f->delays->len == 0)
    f->reconnecting_at = g_get_monotonic_time ();
  g_array_append_val (f->delays, delay);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->delays = g_array_new (FALSE, FALSE, sizeof (double));
  f->client = client_util_new ("juliet");
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), f);
  g_signal_connect (f->client, "session-end", G_CALLBACK (on_session_end), f);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->client, "reconnecting", G_CALLBACK (on_reconnecting), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->client);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_error (&f->disconnect_error);
  g_array_unref (f->delays);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
test_server_killed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *pid_before;
  gboolean ok;
  gint64 start;

  g_object_set (f->client, "auto-reconnect", TRUE, NULL);
  ok = client_util_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (f->sessions, ==, 1);
  pid_before = prosody_env_require ("SLEEK_TEST_PROSODY_PID");

  /* The server dies: "disconnected" with an error, the session ends, and
   * the client says it will try again, soon. */
  client_util_harness ("kill");
  g_assert_cmpstr (prosody_env ("SLEEK_TEST_PROSODY_PID"), ==, "0");   /* not running */
  WAIT_UNTIL (f->disconnects == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (f->disconnect_error);
  g_test_message ("disconnected: %s", f->disconnect_error->message);
  /* The peer's TLS went away without a close_notify. */
  g_assert_true (f->disconnect_error->domain == G_TLS_ERROR || f->disconnect_error->domain == G_IO_ERROR);
  g_assert_cmpuint (f->session_ends, ==, 1);
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
  WAIT_UNTIL (f->delays->len >= 1, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpfloat (g_array_index (f->delays, double, 0), >=, 0.4);
  g_assert_cmpfloat (g_array_index (f->delays, double, 0), <=, 1.0);
  /* The state says so, with the error that ended the session. */
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  g_assert_nonnull (sleek_client_xmpp_get_last_error (f->client));
  g_assert_cmpstr (sleek_client_xmpp_get_last_error (f->client)->message, ==, f->disconnect_error->message);

  /* The server stays down past the first attempt, which fails (the
   * port refuses): the client must keep trying, with a longer delay. */
  WAIT_UNTIL (f->delays->len >= 2, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpfloat (g_array_index (f->delays, double, 1), >=, 0.9);
  g_assert_cmpuint (f->sessions, ==, 1);
  /* Reconnecting again, and last-error now says why the attempt failed. */
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  g_assert_error (sleek_client_xmpp_get_last_error (f->client), G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  /* Back on the same ports: the client logs in again by itself. */
  client_util_harness ("start-again");
  g_assert_cmpstr (prosody_env_require ("SLEEK_TEST_PROSODY_PID"), !=, pid_before);
  start = g_get_monotonic_time ();
  WAIT_UNTIL (f->sessions == 2, 30);
  g_test_message ("logged in again %.1f s after the server was back, %.1f s after the first "
                  "\"reconnecting\", after %u attempts",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  (g_get_monotonic_time () - f->reconnecting_at) / (double) G_USEC_PER_SEC, f->delays->len);
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_ONLINE);
  g_assert_null (sleek_client_xmpp_get_last_error (f->client));
  g_assert_nonnull (sleek_client_xmpp_get_tls_connection (f->client));
  g_assert_true (g_str_has_prefix (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))),
                                   prosody_env_require ("SLEEK_TEST_JID_JULIET")));

  /* The new session works: the server answers a request. */
  {
    g_autoptr(SleekNode) query = sleek_node_new ("query", "jabber:iq:version");
    g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (f->client), "get",
                                                     prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), query);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SleekIq) reply = NULL;

    sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (f->client), iq, 0, NULL, client_util_store_result, &result);
    client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
    reply = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (f->client), result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (reply);
  }
}

/* The application closes the stream itself: no reconnection. */
static void
test_abort_does_not_reconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_object_set (f->client, "auto-reconnect", TRUE, NULL);
  ok = client_util_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  WAIT_UNTIL (f->disconnects == 1, CLIENT_UTIL_TIMEOUT);
  client_util_spin (1.5);
  g_assert_cmpuint (f->delays->len, ==, 0);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);

  /* Nor after a polite disconnect. */
  ok = client_util_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  client_util_disconnect (f->client);
  client_util_spin (1.5);
  g_assert_cmpuint (f->delays->len, ==, 0);
  g_assert_cmpuint (f->sessions, ==, 2);
  /* Closed cleanly: no error. */
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);
  g_assert_null (sleek_client_xmpp_get_last_error (f->client));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client-reconnect/server-killed", test_server_killed);
  ADD ("/client-reconnect/abort-does-not-reconnect", test_abort_does_not_reconnect);
#undef ADD
  return g_test_run ();
}
