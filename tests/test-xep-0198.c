/* test-xep-0198.c: the xep_0198 plugin (Stream Management) against a
 * scripted server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "sleek-plugin-private.h"

#include <string.h>

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s%u' version='1.0'>"
#define FEATURES_PLAIN "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
#define FEATURES_BIND_SM "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>" \
  "<sm xmlns='urn:xmpp:sm:3'/></stream:features>"
#define FEATURES_BIND "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
#define ENABLE "<enable xmlns='urn:xmpp:sm:3' resume='true'/>"
#define R "<r xmlns='urn:xmpp:sm:3'/>"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  SleekStreamManagement *sm;
  GAsyncResult *result;
  guint stream_count;
  guint sessions;
  guint enabled;
  guint resumed;
  GPtrArray *acked;             /* bodies */
  GPtrArray *failed;            /* bodies */
  GError *resume_error;
  GError *disconnect_error;
  gboolean disconnected;
  guint send_failed;
  gboolean failed_in_session;   /* a stanza-failed during a session */
} Fixture;

static const char *
body_of (SleekStanza *stanza)
{
  return sleek_node_get_child_text (sleek_stanza_get_node (stanza), "body", SLEEK_NS_CLIENT);
}

static void
on_session_start (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->sessions++;
}

static void
on_enabled (SleekStreamManagement *sm, Fixture *f)
{
  f->enabled++;
}

static void
on_resumed (SleekStreamManagement *sm, Fixture *f)
{
  f->resumed++;
}

static void
on_acked (SleekStreamManagement *sm, SleekStanza *stanza, Fixture *f)
{
  g_ptr_array_add (f->acked, g_strdup (body_of (stanza)));
}

static void
on_stanza_failed (SleekStreamManagement *sm, SleekStanza *stanza, const GError *error, Fixture *f)
{
  g_assert_nonnull (error);
  g_ptr_array_add (f->failed, g_strdup (body_of (stanza)));
  f->failed_in_session = sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client));
}

static void
on_resume_failed (SleekStreamManagement *sm, const GError *error, Fixture *f)
{
  g_clear_error (&f->resume_error);
  f->resume_error = g_error_copy (error);
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
  g_clear_error (&f->disconnect_error);
  if (error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
on_send_failed (SleekXmlStream *stream, SleekStanza *stanza, const GError *error, Fixture *f)
{
  f->send_failed++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), f);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->client, "send-failed", G_CALLBACK (on_send_failed), f);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198", &error));
  g_assert_no_error (error);
  f->sm = SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198"));
  g_object_add_weak_pointer (G_OBJECT (f->sm), (gpointer *) &f->sm);
  /* Acknowledgements only when a test asks for them. */
  g_object_set (f->sm, "ack-interval", 0, "ack-delay", 600000, NULL);
  g_signal_connect (f->sm, "enabled", G_CALLBACK (on_enabled), f);
  g_signal_connect (f->sm, "resumed", G_CALLBACK (on_resumed), f);
  g_signal_connect (f->sm, "acked", G_CALLBACK (on_acked), f);
  g_signal_connect (f->sm, "stanza-failed", G_CALLBACK (on_stanza_failed), f);
  g_signal_connect (f->sm, "resume-failed", G_CALLBACK (on_resume_failed), f);
  f->acked = g_ptr_array_new_with_free_func (g_free);
  f->failed = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->sm != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->sm, f);
      g_object_remove_weak_pointer (G_OBJECT (f->sm), (gpointer *) &f->sm);
    }
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_ptr_array_unref (f->acked);
  g_ptr_array_unref (f->failed);
  g_clear_error (&f->resume_error);
  g_clear_error (&f->disconnect_error);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static void
expect (Fixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (f->peer, xml, &error);
  g_assert_no_error (error);
}

static void
expect_silence (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_silence (f->peer, 100, &error);
  g_assert_no_error (error);
}

/* The next stanza sent is a message with @body. */
static void
expect_message (Fixture *f, const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_test_stream_next_send (f->peer, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (node), ==, "message");
  g_assert_cmpstr (sleek_node_get_child_text (node, "body", SLEEK_NS_CLIENT), ==, body);
}

static void
send_message (Fixture *f, const char *body)
{
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->client), "romeo@example.net", body, "chat");
}

/* Sends m@first to m@last, and the peer gets them in order. */
static void
send_and_expect (Fixture *f, guint first, guint last)
{
  for (guint i = first; i <= last; i++)
    {
      g_autofree char *body = g_strdup_printf ("m%u", i);

      send_message (f, body);
    }
  for (guint i = first; i <= last; i++)
    {
      g_autofree char *body = g_strdup_printf ("m%u", i);

      expect_message (f, body);
    }
}

static void
recv (Fixture *f, const char *xml)
{
  sleek_test_stream_recv (f->peer, xml);
}

static void
server_stream (Fixture *f, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);

  expect (f, "<stream:stream to='example.com' version='1.0'>");
  recv (f, header);
  recv (f, features);
}

/* Connects over the current peer and authenticates, up to the server's
 * <success/>. */
static void
authenticate (Fixture *f)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "\0juliet\0secret", 14);
  g_autofree char *auth = g_strdup_printf ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>",
                                           encoded);

  g_clear_object (&f->result);
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          store_result, f);
  server_stream (f, FEATURES_PLAIN);
  expect (f, auth);
  recv (f, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
}

/* Connects over the current peer and authenticates; the post-auth
 * features come next. */
static void
connect_and_auth (Fixture *f, const char *features)
{
  authenticate (f);
  server_stream (f, features);
}

static void
answer_bind (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = sleek_test_stream_next_send (f->peer, &error);
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (iq, "bind", SLEEK_NS_BIND));
  reply = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<jid>juliet@example.com/balcony</jid></bind></iq>", sleek_node_get_attribute (iq, "id"));
  recv (f, reply);
}

static gboolean
timed_out (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits (at most 10 s) for the login to complete. */
static void
wait_result (Fixture *f)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (10);

  g_source_set_callback (timer, timed_out, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (f->result == NULL && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_nonnull (f->result);
}

/* The login completes successfully. */
static void
finish (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  wait_result (f);
  g_assert_true (sleek_client_xmpp_connect_finish (f->client, f->result, &error));
  g_assert_no_error (error);
}

static void
wait_disconnected (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_test_stream_iterate_until (f->peer, &f->disconnected, &error));
  g_assert_no_error (error);
}

/* A login that enables stream management with session id @id. */
static void
login (Fixture *f, const char *id)
{
  g_autofree char *enabled = g_strdup_printf ("<enabled xmlns='urn:xmpp:sm:3' id='%s' resume='true'/>", id);

  connect_and_auth (f, FEATURES_BIND_SM);
  answer_bind (f);
  expect (f, ENABLE);
  recv (f, enabled);
  finish (f);
}

/* The connection drops; the next login goes over a new peer. */
static void
cut (Fixture *f)
{
  f->disconnected = FALSE;
  sleek_test_stream_close (f->peer);
  wait_disconnected (f);
  g_assert_nonnull (f->disconnect_error);
  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
}

static void
assert_bodies (GPtrArray *bodies, const char * const *expected)
{
  guint n = g_strv_length ((GStrv) expected);

  g_assert_cmpuint (bodies->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (bodies, i), ==, expected[i]);
}

static void
test_enable (Fixture *f, gconstpointer data)
{
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
  login (f, "sm-1");
  g_assert_true (sleek_stream_management_get_enabled (f->sm));
  g_assert_true (sleek_stream_management_get_resumable (f->sm));
  g_assert_cmpstr (sleek_stream_management_get_id (f->sm), ==, "sm-1");
  g_assert_cmpuint (f->enabled, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpuint (sleek_stream_management_get_sent (f->sm), ==, 0);
  g_assert_cmpuint (sleek_stream_management_get_handled (f->sm), ==, 0);
}

static void
test_not_offered (Fixture *f, gconstpointer data)
{
  connect_and_auth (f, FEATURES_BIND);
  answer_bind (f);
  finish (f);
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
  send_and_expect (f, 1, 1);
  expect_silence (f);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 0);
}

static void
test_enable_refused (Fixture *f, gconstpointer data)
{
  connect_and_auth (f, FEATURES_BIND_SM);
  answer_bind (f);
  expect (f, ENABLE);
  recv (f, "<failed xmlns='urn:xmpp:sm:3'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
  finish (f);
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
  g_assert_cmpuint (f->sessions, ==, 1);
  recv (f, R);
  expect_silence (f);
}

static SleekStanza *
drop_messages (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  return SLEEK_IS_MESSAGE (stanza) ? NULL : g_object_ref (stanza);
}

static void
test_inbound_counting (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  recv (f, "<message from='romeo@example.net/orchard' type='chat'><body>hi</body></message>");
  recv (f, "<presence from='romeo@example.net/orchard'/>");
  recv (f, "<iq type='result' id='nobody-asked' from='example.com'/>");
  /* Nonzas do not count, ours or others. */
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='0'/>");
  recv (f, "<unknown xmlns='urn:example:nonza'/>");
  recv (f, R);
  expect (f, "<a xmlns='urn:xmpp:sm:3' h='3'/>");
  g_assert_cmpuint (sleek_stream_management_get_handled (f->sm), ==, 3);
  recv (f, "<message from='romeo@example.net/orchard' type='chat'><body>again</body></message>");
  recv (f, R);
  expect (f, "<a xmlns='urn:xmpp:sm:3' h='4'/>");
  /* Received is received, whatever the application's filters drop. */
  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (f->client), SLEEK_FILTER_INCOMING, drop_messages, NULL, NULL);
  recv (f, "<message from='romeo@example.net/orchard' type='chat'><body>dropped</body></message>");
  recv (f, R);
  expect (f, "<a xmlns='urn:xmpp:sm:3' h='5'/>");
}

static void
test_outbound_acks (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  sleek_stream_management_set_ack_interval (f->sm, 3);
  send_and_expect (f, 1, 2);
  expect_silence (f);
  send_and_expect (f, 3, 3);
  expect (f, R);
  g_assert_cmpuint (sleek_stream_management_get_sent (f->sm), ==, 3);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 3);

  recv (f, "<a xmlns='urn:xmpp:sm:3' h='2'/>");
  expect_silence (f);
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", NULL });
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 1);
  {
    g_autoptr(GPtrArray) unacked = sleek_stream_management_dup_unacked_stanzas (f->sm);

    g_assert_cmpuint (unacked->len, ==, 1);
    g_assert_cmpstr (body_of (g_ptr_array_index (unacked, 0)), ==, "m3");
  }
  /* The same count again acknowledges nothing more. */
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='2'/>");
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='3'/>");
  expect_silence (f);
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", "m3", NULL });
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 0);
  g_assert_false (f->disconnected);
}

static void
test_ack_delay (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  sleek_stream_management_set_ack_delay (f->sm, 50);
  send_and_expect (f, 1, 2);
  /* One request for both, a little later. */
  expect (f, R);
  expect_silence (f);
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='2'/>");
  sleek_stream_management_request_ack (f->sm);
  expect (f, R);
  expect_silence (f);
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", NULL });
}

static void
test_wrap_around (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  sleek_stream_management_set_counts (f->sm, G_MAXUINT32 - 1, G_MAXUINT32 - 1);
  send_and_expect (f, 1, 3);
  g_assert_cmpuint (sleek_stream_management_get_sent (f->sm), ==, 1);
  /* 4294967295 and 0 after 4294967294. */
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='0'/>");
  expect_silence (f);
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", NULL });
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='1'/>");
  expect_silence (f);
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", "m3", NULL });

  recv (f, "<message from='romeo@example.net/orchard'><body>1</body></message>");
  recv (f, "<message from='romeo@example.net/orchard'><body>2</body></message>");
  recv (f, R);
  expect (f, "<a xmlns='urn:xmpp:sm:3' h='0'/>");
  recv (f, "<message from='romeo@example.net/orchard'><body>3</body></message>");
  recv (f, R);
  expect (f, "<a xmlns='urn:xmpp:sm:3' h='1'/>");
  g_assert_false (f->disconnected);
}

/* An acknowledgement that cannot be right ends the stream. */
static void
test_bad_h (Fixture *f, gconstpointer data)
{
  const char *ack = data;

  login (f, "sm-1");
  send_and_expect (f, 1, 2);
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='1'/>");
  recv (f, ack);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SleekNode) node = sleek_test_stream_next_send (f->peer, &error);

    g_assert_no_error (error);
    g_assert_true (sleek_node_is (node, "error", SLEEK_NS_STREAMS));
    g_assert_nonnull (sleek_node_get_child (node, "undefined-condition", "urn:ietf:params:xml:ns:xmpp-streams"));
  }
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION);
  g_assert_true (strstr (f->disconnect_error->message, "stanza count") != NULL ||
                 strstr (f->disconnect_error->message, "acknowledged stanza") != NULL);
  assert_bodies (f->acked, (const char * const []) { "m1", NULL });
  assert_bodies (f->failed, (const char * const []) { "m2", NULL });
  g_assert_false (sleek_stream_management_get_resumable (f->sm));
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
}

/* The connection is closed, but "disconnected" has not come yet. */
static void
send_when_closed (GObject *client, GParamSpec *pspec, Fixture *f)
{
  if (sleek_xml_stream_get_io_stream (SLEEK_XML_STREAM (client)) != NULL)
    return;
  g_signal_handlers_disconnect_by_func (client, send_when_closed, f);
  g_assert_false (f->disconnected);
  send_message (f, "m4");
}

static void
test_resume (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  send_and_expect (f, 1, 3);
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='1'/>");
  recv (f, "<message from='romeo@example.net/orchard'><body>in1</body></message>");
  recv (f, "<message from='romeo@example.net/orchard'><body>in2</body></message>");
  expect_silence (f);

  g_signal_connect (f->client, "notify::io-stream", G_CALLBACK (send_when_closed), f);
  cut (f);
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
  g_assert_true (sleek_stream_management_get_resumable (f->sm));
  /* Sent while the connection is down: it waits, it does not fail. */
  send_message (f, "m5");
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_assert_cmpuint (f->send_failed, ==, 0);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 4);
  g_assert_cmpuint (f->failed->len, ==, 0);

  connect_and_auth (f, FEATURES_BIND_SM);
  /* No binding: resumption instead, with what we received. */
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");
  recv (f, "<resumed xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");
  /* m2 arrived; m3 again, then m4 and m5, once each. */
  expect_message (f, "m3");
  expect_message (f, "m4");
  expect_message (f, "m5");
  expect (f, R);
  finish (f);
  expect_silence (f);
  g_assert_cmpuint (f->resumed, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpuint (f->enabled, ==, 1);
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
  g_assert_true (sleek_stream_management_get_enabled (f->sm));
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", NULL });
  g_assert_cmpuint (sleek_stream_management_get_sent (f->sm), ==, 5);

  recv (f, "<a xmlns='urn:xmpp:sm:3' h='5'/>");
  recv (f, "<message from='romeo@example.net/orchard'><body>in3</body></message>");
  recv (f, R);
  expect (f, "<a xmlns='urn:xmpp:sm:3' h='3'/>");
  assert_bodies (f->acked, (const char * const []) { "m1", "m2", "m3", "m4", "m5", NULL });
  g_assert_cmpuint (f->failed->len, ==, 0);
  g_assert_cmpuint (f->send_failed, ==, 0);
}

/* A stanza sent after authentication, before the server's new features
 * came (so before the client could ask to resume), waits for the
 * resumption: it does not make the client give the session up and bind
 * a new one. */
static void
test_resume_send_before_features (Fixture *f, gconstpointer data)
{
  g_autofree char *header = NULL;

  login (f, "sm-1");
  send_and_expect (f, 1, 1);
  cut (f);

  authenticate (f);
  expect (f, "<stream:stream to='example.com' version='1.0'>");
  send_message (f, "m2");
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_assert_true (sleek_stream_management_get_resumable (f->sm));
  header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);
  recv (f, header);
  recv (f, FEATURES_BIND_SM);
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  recv (f, "<resumed xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  expect_message (f, "m1");
  expect_message (f, "m2");
  expect (f, R);
  finish (f);
  expect_silence (f);
  g_assert_cmpuint (f->resumed, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpuint (f->failed->len, ==, 0);
  g_assert_null (f->resume_error);
  g_assert_cmpuint (f->send_failed, ==, 0);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 2);
}

/* The server no longer offers stream management: the client binds a
 * new session, and reports what the old one did not deliver when the new
 * one starts, before "session-start". */
static void
test_resume_not_offered (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  send_and_expect (f, 1, 2);
  cut (f);
  send_message (f, "m3");
  connect_and_auth (f, FEATURES_BIND);
  answer_bind (f);
  finish (f);
  assert_bodies (f->failed, (const char * const []) { "m1", "m2", "m3", NULL });
  g_assert_true (f->failed_in_session);
  g_assert_cmpuint (f->sessions, ==, 2);
  g_assert_cmpuint (f->resumed, ==, 0);
  g_assert_false (sleek_stream_management_get_resumable (f->sm));
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
  /* Sending works as without the plugin. */
  send_and_expect (f, 4, 4);
  expect_silence (f);
  g_assert_cmpuint (f->send_failed, ==, 0);
}

static void
store_iq_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* An IQ request lost with the connection fails for its sender, and is
 * not sent again after the resumption; the messages are. */
static void
test_resume_skips_failed_requests (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) ping = sleek_node_new ("ping", "urn:xmpp:ping");
  g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (f->client), "get", "example.com", ping);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekIq) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = NULL;

  login (f, "sm-1");
  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (f->client), iq, 0, NULL, store_iq_result, &result);
  sent = sleek_test_stream_next_send (f->peer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (sent), ==, "iq");
  send_and_expect (f, 1, 1);
  cut (f);
  while (result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  reply = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (f->client), result, &error);
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  connect_and_auth (f, FEATURES_BIND_SM);
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  recv (f, "<resumed xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  expect_message (f, "m1");
  expect (f, R);
  finish (f);
  expect_silence (f);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 1);
  g_assert_cmpuint (f->failed->len, ==, 0);
}

/* A server that claims more than was sent: the login fails, the
 * stanzas are reported. */
static void
test_resume_bad_h (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  login (f, "sm-1");
  send_and_expect (f, 1, 2);
  cut (f);
  connect_and_auth (f, FEATURES_BIND_SM);
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  recv (f, "<resumed xmlns='urn:xmpp:sm:3' h='7' previd='sm-1'/>");
  wait_result (f);
  g_assert_false (sleek_client_xmpp_connect_finish (f->client, f->result, &error));
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION);
  assert_bodies (f->failed, (const char * const []) { "m1", "m2", NULL });
  g_assert_cmpuint (f->resumed, ==, 0);
  g_assert_false (sleek_stream_management_get_resumable (f->sm));
}

/* What follows the session rather than "session-start", such as the
 * keepalive pings of xep_0199, goes on in a resumed session. */
static void
test_resume_keeps_keepalive (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekXmlStream *stream = SLEEK_XML_STREAM (f->client);

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0199", &error));
  g_assert_no_error (error);
  g_object_set (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0199"),
                "keepalive", TRUE, "interval", 600, NULL);
  login (f, "sm-1");
  g_assert_true (sleek_xml_stream_is_scheduled (stream, "sleek-xep-0199-keepalive"));
  cut (f);
  g_assert_false (sleek_xml_stream_is_scheduled (stream, "sleek-xep-0199-keepalive"));
  connect_and_auth (f, FEATURES_BIND_SM);
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  recv (f, "<resumed xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  finish (f);
  g_assert_cmpuint (f->resumed, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_true (sleek_xml_stream_is_scheduled (stream, "sleek-xep-0199-keepalive"));
}

static void
test_resume_refused (Fixture *f, gconstpointer data)
{
  login (f, "sm-1");
  send_and_expect (f, 1, 3);
  cut (f);
  send_message (f, "m4");

  connect_and_auth (f, FEATURES_BIND_SM);
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  recv (f, "<failed xmlns='urn:xmpp:sm:3' h='1'>"
           "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
  /* A fresh session. */
  answer_bind (f);
  expect (f, ENABLE);
  recv (f, "<enabled xmlns='urn:xmpp:sm:3' id='sm-2' resume='true'/>");
  finish (f);

  assert_bodies (f->acked, (const char * const []) { "m1", NULL });
  assert_bodies (f->failed, (const char * const []) { "m2", "m3", "m4", NULL });
  /* Reported as the new session started, not while binding it. */
  g_assert_true (f->failed_in_session);
  g_assert_error (f->resume_error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_cmpuint (f->resumed, ==, 0);
  g_assert_cmpuint (f->sessions, ==, 2);
  g_assert_cmpuint (f->enabled, ==, 2);
  g_assert_cmpstr (sleek_stream_management_get_id (f->sm), ==, "sm-2");
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 0);
  expect_silence (f);
}

/* A session that was not resumable reports what it did not get
 * acknowledged when the connection drops. */
static void
test_not_resumable (Fixture *f, gconstpointer data)
{
  sleek_stream_management_set_resume (f->sm, FALSE);
  connect_and_auth (f, FEATURES_BIND_SM);
  answer_bind (f);
  expect (f, "<enable xmlns='urn:xmpp:sm:3'/>");
  recv (f, "<enabled xmlns='urn:xmpp:sm:3'/>");
  finish (f);
  g_assert_true (sleek_stream_management_get_enabled (f->sm));
  g_assert_false (sleek_stream_management_get_resumable (f->sm));
  send_and_expect (f, 1, 1);
  cut (f);
  assert_bodies (f->failed, (const char * const []) { "m1", NULL });
  /* No send-failed on top: the plugin reported it. */
  g_assert_cmpuint (f->send_failed, ==, 0);
  /* Down and not resumable: sending fails as without the plugin. */
  send_message (f, "m2");
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_assert_cmpuint (f->send_failed, ==, 1);
}

static void
closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Closing the stream on purpose ends the session: what the server did
 * not acknowledge is reported, and the next login starts afresh. */
static void
test_clean_close (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  login (f, "sm-1");
  send_and_expect (f, 1, 1);
  sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (f->client), NULL, closed, &done);
  expect (f, "</stream:stream>");
  sleek_test_stream_close (f->peer);
  g_assert_true (sleek_test_stream_iterate_until (f->peer, &done, &error));
  g_assert_no_error (error);
  assert_bodies (f->failed, (const char * const []) { "m1", NULL });
  g_assert_false (sleek_stream_management_get_resumable (f->sm));

  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
  login (f, "sm-2");
  g_assert_cmpuint (f->sessions, ==, 2);
}

static void
test_remove_reports (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  login (f, "sm-1");
  send_and_expect (f, 1, 1);
  g_assert_true (sleek_base_xmpp_remove_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198", &error));
  g_assert_no_error (error);
  assert_bodies (f->failed, (const char * const []) { "m1", NULL });
  g_assert_null (f->sm);
  /* No more acknowledgements. */
  recv (f, R);
  expect_silence (f);
  send_and_expect (f, 2, 2);
  expect_silence (f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/xep-0198/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("enable", test_enable);
  ADD ("not-offered", test_not_offered);
  ADD ("enable-refused", test_enable_refused);
  ADD ("inbound-counting", test_inbound_counting);
  ADD ("outbound-acks", test_outbound_acks);
  ADD ("ack-delay", test_ack_delay);
  ADD ("wrap-around", test_wrap_around);
  ADD ("resume", test_resume);
  ADD ("resume-keeps-keepalive", test_resume_keeps_keepalive);
  ADD ("resume-bad-h", test_resume_bad_h);
  ADD ("resume-skips-failed-requests", test_resume_skips_failed_requests);
  ADD ("resume-not-offered", test_resume_not_offered);
  ADD ("resume-send-before-features", test_resume_send_before_features);
  ADD ("resume-refused", test_resume_refused);
  ADD ("not-resumable", test_not_resumable);
  ADD ("clean-close", test_clean_close);
  ADD ("remove-reports", test_remove_reports);
#undef ADD
  g_test_add ("/xep-0198/bad-h/too-high", Fixture, "<a xmlns='urn:xmpp:sm:3' h='3'/>",
              fixture_setup, test_bad_h, fixture_teardown);
  g_test_add ("/xep-0198/bad-h/backwards", Fixture, "<a xmlns='urn:xmpp:sm:3' h='0'/>",
              fixture_setup, test_bad_h, fixture_teardown);
  g_test_add ("/xep-0198/bad-h/not-a-number", Fixture, "<a xmlns='urn:xmpp:sm:3' h='two'/>",
              fixture_setup, test_bad_h, fixture_teardown);
  return g_test_run ();
}
