/* test-client-iq.c: requests, their errors and their timeouts through Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <unistd.h>

#define NS_SILENCE "urn:sleek:test:silence"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *other;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->other != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->other));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->other);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* Sends a get with an empty <query xmlns=@ns/> to @to and waits for the
 * outcome; @timeout_ms as for sleek_base_xmpp_send_iq_async(). */
static SleekIq *
request (SleekClientXmpp *client, const char *to, const char *ns, guint timeout_ms, GError **error)
{
  g_autoptr(SleekNode) query = sleek_node_new ("query", ns);
  g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (client), "get", to, query);
  g_autoptr(GAsyncResult) result = NULL;

  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (client), iq, timeout_ms, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (client), result, error);
}

/* A full JID of an account that does not exist. */
static void
test_missing_account (Fixture *f, gconstpointer data)
{
  g_autofree char *to = g_strdup_printf ("nobody-%d@%s/x", (int) getpid (),
                                         prosody_env_require ("SLEEK_TEST_PROSODY_HOST"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) reply = request (f->juliet, to, "http://jabber.org/protocol/disco#info", 0, &error);

  g_assert_null (reply);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
}

/* A resource of an existing account that is not online. */
static void
test_offline_resource (Fixture *f, gconstpointer data)
{
  g_autofree char *to = g_strdup_printf ("%s/not-here-%d", prosody_env_require ("SLEEK_TEST_JID_ROMEO"),
                                         (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) reply = request (f->juliet, to, "http://jabber.org/protocol/disco#info", 0, &error);

  g_assert_null (reply);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
}

/* The server answers what it serves (XEP-0092 software version). */
static void
test_server_result (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) reply = request (f->juliet, prosody_env_require ("SLEEK_TEST_PROSODY_HOST"),
                                      "jabber:iq:version", 0, &error);
  SleekNode *query;

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpint (sleek_iq_get_iq_type (reply), ==, SLEEK_IQ_TYPE_RESULT);
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (reply)), "query", "jabber:iq:version");
  g_assert_nonnull (query);
  g_assert_cmpstr (sleek_node_get_child_text (query, "name", "jabber:iq:version"), ==, prosody_env_server_name ());
}

/* Another session of ours that has no handler for the request: the
 * library answers it with service-unavailable by itself. */
static void
test_unhandled_request (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) reply = NULL;

  f->other = client_util_new_logged_in ("juliet");
  reply = request (f->juliet, sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->other))),
                   NS_SILENCE, 0, &error);
  g_assert_null (reply);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
}

static void
swallow (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  /* Takes the request and never answers it. */
  (*(guint *) user_data)++;
}

/* A request nobody answers: G_IO_ERROR_TIMED_OUT after the timeout. */
static void
test_never_answered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) reply = NULL;
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xpath ("{jabber:client}iq/{" NS_SILENCE "}query");
  guint swallowed = 0;
  gint64 start;
  double elapsed;

  f->other = client_util_new_logged_in ("juliet");
  sleek_xml_stream_add_handler (SLEEK_XML_STREAM (f->other), matcher, SLEEK_HANDLER_NONE, swallow, &swallowed, NULL);

  start = g_get_monotonic_time ();
  reply = request (f->juliet, sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->other))),
                   NS_SILENCE, 500, &error);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (elapsed, >=, 0.45);
  g_assert_cmpfloat (elapsed, <, 5.0);
  /* It did arrive; it was the answer that never came. */
  WAIT_UNTIL (swallowed == 1, CLIENT_UTIL_TIMEOUT);

  /* The session is still fine afterwards. */
  g_clear_pointer (&error, g_error_free);
  g_clear_object (&reply);
  reply = request (f->juliet, prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), "jabber:iq:version", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
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
  ADD ("/client-iq/missing-account", test_missing_account);
  ADD ("/client-iq/offline-resource", test_offline_resource);
  ADD ("/client-iq/server-result", test_server_result);
  ADD ("/client-iq/unhandled-request", test_unhandled_request);
  ADD ("/client-iq/never-answered", test_never_answered);
#undef ADD
  return g_test_run ();
}
