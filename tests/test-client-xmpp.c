/* test-client-xmpp.c: the client's login against a scripted server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "fake-resolver.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <gnutls/crypto.h>
#include <string.h>

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s%u' version='1.0'>"
#define FEATURES_PLAIN "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
#define FEATURES_BIND "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  GAsyncResult *result;
  guint stream_count;
  guint sessions;
} Fixture;

static void
on_session_start (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->sessions++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
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

/* The client opens; the server answers with a header and @features. */
static void
server_stream (Fixture *f, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);

  expect (f, "<stream:stream to='example.com' version='1.0'>");
  sleek_test_stream_recv (f->peer, header);
  sleek_test_stream_recv (f->peer, features);
}

static void
start (Fixture *f)
{
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          store_result, f);
}

static gboolean
timed_out (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits (at most 10 s) for connect to complete. */
static gboolean
finish (Fixture *f, GError **error)
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
  return sleek_client_xmpp_connect_finish (f->client, f->result, error);
}

static void
plain_auth (Fixture *f)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "\0juliet\0secret", 14);
  g_autofree char *auth = g_strdup_printf ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>",
                                           encoded);

  expect (f, auth);
}

/* Answers the bind request with @jid (NULL: an error). */
static void
answer_bind (Fixture *f, const char *resource, const char *jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = sleek_test_stream_next_send (f->peer, &error);
  SleekNode *bind;
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (iq), ==, "iq");
  g_assert_cmpstr (sleek_node_get_attribute (iq, "type"), ==, "set");
  bind = sleek_node_get_child (iq, "bind", SLEEK_NS_BIND);
  g_assert_nonnull (bind);
  g_assert_cmpstr (sleek_node_get_child_text (bind, "resource", SLEEK_NS_BIND), ==, resource);
  if (jid != NULL)
    reply = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                             "<jid>%s</jid></bind></iq>", sleek_node_get_attribute (iq, "id"), jid);
  else
    reply = g_strdup_printf ("<iq type='error' id='%s'><error type='cancel'><conflict "
                             "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                             sleek_node_get_attribute (iq, "id"));
  sleek_test_stream_recv (f->peer, reply);
}

/* The server's side of a login with PLAIN and a bound resource. */
static void
script_plain_login (Fixture *f)
{
  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, FEATURES_BIND);
  answer_bind (f, "balcony", "juliet@example.com/balcony");
}

static void
test_login_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekJid *bound;

  script_plain_login (f);
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  bound = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client));
  g_assert_nonnull (bound);
  g_assert_cmpstr (sleek_jid_to_string (bound), ==, "juliet@example.com/balcony");
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "PLAIN");
  g_assert_cmpuint (f->sessions, ==, 1);
}

static void
test_server_assigned_resource (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->client);
  f->client = sleek_client_xmpp_new ("juliet@example.com", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, FEATURES_BIND);
  answer_bind (f, NULL, "juliet@example.com/4db06f06");
  g_assert_true (finish (f, &error));
  g_assert_cmpstr (sleek_jid_get_resource (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==, "4db06f06");
}

static void
test_sasl_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
                                   "<text>Wrong password</text></failure>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Wrong password"));
  g_assert_cmpuint (f->sessions, ==, 0);
}

static void
test_sasl_failure_conditions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><account-disabled/></failure>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_ACCOUNT_DISABLED);
}

static void
test_no_usable_mechanism (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Only -PLUS, which cannot bind without TLS. */
  start (f);
  server_stream (f, "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                    "<mechanism>SCRAM-SHA-1-PLUS</mechanism></mechanisms></stream:features>");
  g_assert_false (finish (f, &error));
  g_assert_true (error->domain == SLEEK_SASL_ERROR);
}

static void
test_plain_refused_without_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  start (f);
  server_stream (f, FEATURES_PLAIN);
  g_assert_false (finish (f, &error));
  g_assert_true (error->domain == SLEEK_SASL_ERROR);
}

static void
test_tls_required (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_STARTTLS, NULL);
  start (f);
  server_stream (f, FEATURES_PLAIN);
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED);
  /* Nothing was sent in the clear: no <auth/>. */
  {
    g_autoptr(GError) silence = NULL;
    g_autoptr(SleekNode) next = sleek_test_stream_next_send (f->peer, &silence);

    g_assert_null (next);
  }
}

static void
test_bind_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, FEATURES_BIND);
  answer_bind (f, "balcony", NULL);
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED);
}

static void
test_no_bind_offered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, "<stream:features/>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED);
}

static void
test_stream_error_during_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  expect (f, "<stream:stream to='example.com' version='1.0'>");
  sleek_test_stream_recv (f->peer, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                                   "xmlns:stream='http://etherx.jabber.org/streams' id='x' version='1.0'>"
                                   "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                                   "</stream:error></stream:stream>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_HOST_UNKNOWN);
}

static void
test_server_closes_during_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_close (f->peer);
  g_assert_false (finish (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
test_legacy_session (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = NULL;
  g_autofree char *reply = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                    "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>");
  answer_bind (f, "balcony", "juliet@example.com/balcony");
  iq = sleek_test_stream_next_send (f->peer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (iq, "session", SLEEK_NS_SESSION));
  g_assert_cmpuint (f->sessions, ==, 0);
  reply = g_strdup_printf ("<iq type='result' id='%s'/>", sleek_node_get_attribute (iq, "id"));
  sleek_test_stream_recv (f->peer, reply);
  g_assert_true (finish (f, &error));
  g_assert_cmpuint (f->sessions, ==, 1);
}

static void
test_optional_session_skipped (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                    "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>");
  answer_bind (f, "balcony", "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GError) silence = NULL;
    sleek_test_stream_expect_silence (f->peer, 50, &silence);
    g_assert_no_error (silence);
  }
}

static void
store_second (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_already_connecting (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(SleekTestStream) other = sleek_test_stream_new ();

  start (f);
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (other), NULL,
                                          store_second, &second);
  {
    gboolean expired = FALSE;
    GSource *timer = g_timeout_source_new_seconds (10);

    g_source_set_callback (timer, timed_out, &expired, NULL);
    g_source_attach (timer, f->ctx);
    while (second == NULL && !expired)
      g_main_context_iteration (f->ctx, TRUE);
    g_source_destroy (timer);
    g_source_unref (timer);
  }
  g_assert_nonnull (second);
  g_assert_false (sleek_client_xmpp_connect_finish (f->client, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
}

/* ------------------------------------------------------------------ */
/* The connection's state                                               */
/* ------------------------------------------------------------------ */

static void
record_state (SleekClientXmpp *client, GParamSpec *pspec, GArray *states)
{
  SleekClientState state = sleek_client_xmpp_get_state (client);

  g_array_append_val (states, state);
}

static void
assert_states (GArray *states, const SleekClientState *expected, guint n_expected)
{
  GEnumClass *enum_class = g_type_class_ref (SLEEK_TYPE_CLIENT_STATE);

  for (guint i = 0; i < MAX (states->len, n_expected); i++)
    {
      SleekClientState got = i < states->len ? g_array_index (states, SleekClientState, i) : (SleekClientState) -1;
      GEnumValue *got_value = g_enum_get_value (enum_class, (int) got);
      GEnumValue *expected_value = i < n_expected ? g_enum_get_value (enum_class, (int) expected[i]) : NULL;

      g_assert_cmpstr (got_value != NULL ? got_value->value_nick : "(none)", ==,
                       expected_value != NULL ? expected_value->value_nick : "(none)");
    }
  g_type_class_unref (enum_class);
}

static void
iterate_until_state (Fixture *f, SleekClientState state)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (10);

  g_source_set_callback (timer, timed_out, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (sleek_client_xmpp_get_state (f->client) != state && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, state);
}

/* Connecting, authenticating once the stream is open (there is no TLS
 * here), online; disconnected without an error when the server ends the
 * stream. */
static void
test_state_login (Fixture *f, gconstpointer data)
{
  const SleekClientState expected[] = {
    SLEEK_CLIENT_STATE_CONNECTING, SLEEK_CLIENT_STATE_AUTHENTICATING, SLEEK_CLIENT_STATE_ONLINE,
    SLEEK_CLIENT_STATE_DISCONNECTED,
  };
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SleekClientState));
  g_autoptr(GError) error = NULL;
  SleekClientState state;

  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);
  g_assert_null (sleek_client_xmpp_get_last_error (f->client));
  g_signal_connect (f->client, "notify::state", G_CALLBACK (record_state), states);

  script_plain_login (f);
  g_assert_true (finish (f, &error));
  g_object_get (f->client, "state", &state, NULL);
  g_assert_cmpint (state, ==, SLEEK_CLIENT_STATE_ONLINE);
  g_assert_null (sleek_client_xmpp_get_last_error (f->client));

  sleek_test_stream_recv (f->peer, "</stream:stream>");
  iterate_until_state (f, SLEEK_CLIENT_STATE_DISCONNECTED);
  g_assert_null (sleek_client_xmpp_get_last_error (f->client));
  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_signal_handlers_disconnect_by_data (f->client, states);
}

/* A failed login ends disconnected, with its error as last-error. */
static void
test_state_login_fails (Fixture *f, gconstpointer data)
{
  const SleekClientState expected[] = {
    SLEEK_CLIENT_STATE_CONNECTING, SLEEK_CLIENT_STATE_AUTHENTICATING, SLEEK_CLIENT_STATE_DISCONNECTED,
  };
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SleekClientState));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) last = NULL;

  g_signal_connect (f->client, "notify::state", G_CALLBACK (record_state), states);
  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
                                   "<text>Wrong password</text></failure>");
  g_assert_false (finish (f, &error));
  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_assert_error (sleek_client_xmpp_get_last_error (f->client), SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_cmpstr (sleek_client_xmpp_get_last_error (f->client)->message, ==, error->message);
  g_object_get (f->client, "last-error", &last, NULL);
  g_assert_error (last, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_signal_handlers_disconnect_by_data (f->client, states);
}

/* A session lost with an error under auto-reconnect: reconnecting, with
 * that error; turning auto-reconnect off before the attempt: disconnected,
 * the error kept. */
static void
test_state_lost (Fixture *f, gconstpointer data)
{
  const SleekClientState expected[] = {
    SLEEK_CLIENT_STATE_CONNECTING, SLEEK_CLIENT_STATE_AUTHENTICATING, SLEEK_CLIENT_STATE_ONLINE,
    SLEEK_CLIENT_STATE_RECONNECTING, SLEEK_CLIENT_STATE_DISCONNECTED,
  };
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SleekClientState));
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "auto-reconnect", TRUE, NULL);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (record_state), states);
  script_plain_login (f);
  g_assert_true (finish (f, &error));

  /* Not XML: the stream ends with an error. */
  sleek_test_stream_recv (f->peer, "<message><<</message>");
  iterate_until_state (f, SLEEK_CLIENT_STATE_RECONNECTING);
  g_assert_error (sleek_client_xmpp_get_last_error (f->client), SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_NOT_WELL_FORMED);
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);
  g_assert_error (sleek_client_xmpp_get_last_error (f->client), SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_NOT_WELL_FORMED);
  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_signal_handlers_disconnect_by_data (f->client, states);
}

/* ------------------------------------------------------------------ */
/* Over a real socket: SRV, DNS failures, keepalive                    */
/* ------------------------------------------------------------------ */

/* A scripted server on 127.0.0.1 that logs one client in (PLAIN in the
 * clear, bind) with blocking I/O in a thread of its own, and reports what
 * happened through a queue: SleekTestStream skips whitespace, and the
 * keepalive is nothing but whitespace. */
typedef struct {
  GSocketListener *listener;
  guint16 port;
  GThread *thread;
  GCancellable *cancellable;
  GMainContext *ctx;          /* woken up when an event is queued */
  GAsyncQueue *events;        /* char *: "connected", "bound", "keepalive", "closed", "error: ..." */
  gint64 bound_at;            /* monotonic, when the bind result went out */
  gint64 keepalive_at;        /* monotonic, when the first bytes after it came */
  char *after_session;        /* those bytes */
} ScriptServer;

static void
server_event (ScriptServer *server, const char *event)
{
  g_async_queue_push (server->events, g_strdup (event));
  g_main_context_wakeup (server->ctx);
}

/* Reads until @buffer contains @marker (and, with @then, a @then after
 * it); FALSE on EOF or error. */
static gboolean
read_until (GSocketConnection *conn, GString *buffer, const char *marker, const char *then, GError **error)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));

  for (;;)
    {
      const char *found = strstr (buffer->str, marker);
      char chunk[4096];
      gssize n;

      if (found != NULL && (then == NULL || strstr (found + strlen (marker), then) != NULL))
        return TRUE;
      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, error);
      if (n <= 0)
        {
          if (n == 0)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "EOF waiting for %s", marker);
          return FALSE;
        }
      g_string_append_len (buffer, chunk, n);
    }
}

static gboolean
write_all (GSocketConnection *conn, const char *text, GError **error)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), text, strlen (text),
                                    NULL, NULL, error);
}

static gboolean
serve_login (ScriptServer *server, GSocketConnection *conn, GError **error)
{
  g_autoptr(GString) in = g_string_new (NULL);
  g_autofree char *header1 = g_strdup_printf (SERVER_HEADER, 1u);
  g_autofree char *header2 = g_strdup_printf (SERVER_HEADER, 2u);
  g_autofree char *reply = NULL;
  const char *id;
  const char *id_end;

  if (!read_until (conn, in, "<stream:stream", ">", error) ||
      !write_all (conn, header1, error) || !write_all (conn, FEATURES_PLAIN, error) ||
      !read_until (conn, in, "</auth>", NULL, error) ||
      !write_all (conn, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", error))
    return FALSE;
  g_string_truncate (in, 0);
  if (!read_until (conn, in, "<stream:stream", ">", error) ||
      !write_all (conn, header2, error) || !write_all (conn, FEATURES_BIND, error))
    return FALSE;
  g_string_truncate (in, 0);
  if (!read_until (conn, in, "<iq", "</iq>", error))
    return FALSE;
  id = strstr (in->str, "id='");
  id_end = id != NULL ? strchr (id + 4, '\'') : NULL;
  if (id_end == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no id in %s", in->str);
      return FALSE;
    }
  reply = g_strdup_printf ("<iq type='result' id='%.*s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<jid>juliet@example.com/balcony</jid></bind></iq>", (int) (id_end - id - 4), id + 4);
  if (!write_all (conn, reply, error))
    return FALSE;
  server->bound_at = g_get_monotonic_time ();
  return TRUE;
}

static gpointer
server_thread (gpointer user_data)
{
  ScriptServer *server = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  char chunk[256];
  gssize n;

  conn = g_socket_listener_accept (server->listener, NULL, server->cancellable, &error);
  if (conn == NULL)
    {
      g_autofree char *event = g_strdup_printf ("error: %s", error->message);

      server_event (server, event);
      return NULL;
    }
  server_event (server, "connected");
  /* Nothing here waits more than 10 s. */
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 10);
  if (!serve_login (server, conn, &error))
    {
      g_autofree char *event = g_strdup_printf ("error: %s", error->message);

      server_event (server, event);
      return NULL;
    }
  server_event (server, "bound");

  /* Whatever the client sends next (with keepalive on: whitespace). */
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), chunk, sizeof chunk - 1,
                           server->cancellable, &error);
  if (n > 0)
    {
      server->keepalive_at = g_get_monotonic_time ();
      server->after_session = g_strndup (chunk, n);
      server_event (server, "keepalive");
    }
  else
    server_event (server, "closed");
  return NULL;
}

static ScriptServer *
script_server_start (GMainContext *ctx)
{
  ScriptServer *server = g_new0 (ScriptServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->cancellable = g_cancellable_new ();
  server->ctx = g_main_context_ref (ctx);
  server->events = g_async_queue_new_full (g_free);
  server->thread = g_thread_new ("script-server", server_thread, server);
  return server;
}

static void
script_server_free (ScriptServer *server)
{
  g_cancellable_cancel (server->cancellable);
  g_socket_listener_close (server->listener);
  g_thread_join (server->thread);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_main_context_unref (server->ctx);
  g_async_queue_unref (server->events);
  g_free (server->after_session);
  g_free (server);
}

/* Iterates the context until the server reports an event (at most 10 s). */
static char *
next_server_event (Fixture *f, ScriptServer *server)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (10);
  char *event;

  g_source_set_callback (timer, timed_out, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while ((event = g_async_queue_try_pop (server->events)) == NULL && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_nonnull (event);
  return event;
}

static void
connect_with (Fixture *f)
{
  sleek_client_xmpp_connect_async (f->client, NULL, store_result, f);
}

/* No server-host: the client asks its resolver for the SRV records of
 * example.com and connects where they point. */
static void
test_srv_connects (Fixture *f, gconstpointer data)
{
  ScriptServer *server = script_server_start (f->ctx);
  g_autoptr(TestFakeResolver) resolver = test_fake_resolver_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;

  /* A dead target first (priority 0), then the server (priority 10). */
  fake_add (resolver, "_xmpp-client._tcp.example.com", "127.0.0.1", 1, 0, 0);
  fake_add (resolver, "_xmpp-client._tcp.example.com", "127.0.0.1", server->port, 10, 0);
  g_object_set (f->client, "resolver", resolver, NULL);
  connect_with (f);
  event = next_server_event (f, server);
  g_assert_cmpstr (event, ==, "connected");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "juliet@example.com/balcony");
  /* Without TLS only the STARTTLS service is asked for. */
  g_assert_cmpuint (resolver->queries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (resolver->queries, 0), ==, "_xmpp-client._tcp.example.com");
  /* Small writes go out at once: no Nagle. */
  {
    GIOStream *io = sleek_xml_stream_get_io_stream (SLEEK_XML_STREAM (f->client));
    gint nodelay = 0;

    g_assert_true (G_IS_SOCKET_CONNECTION (io));
    g_assert_true (g_socket_get_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (io)), IPPROTO_TCP,
                                        TCP_NODELAY, &nodelay, &error));
    g_assert_no_error (error);
    g_assert_cmpint (nodelay, !=, 0);
  }

  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  script_server_free (server);
}

/* The SRV lookup fails (not "no records": the resolver broke). */
static void
test_srv_lookup_fails (Fixture *f, gconstpointer data)
{
  g_autoptr(TestFakeResolver) resolver = test_fake_resolver_new ();
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (resolver->failures, g_strdup ("_xmpp-client._tcp.example.com"),
                       GINT_TO_POINTER (G_RESOLVER_ERROR_TEMPORARY_FAILURE));
  g_object_set (f->client, "resolver", resolver, NULL);
  connect_with (f);
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS);
  g_assert_cmpuint (f->sessions, ==, 0);
}

/* No SRV records, and the domain itself has no address either. The
 * fake resolver is also the default one here: GSocketClient resolves host
 * names with that, and the test must not reach the real DNS. */
static void
test_host_not_found (Fixture *f, gconstpointer data)
{
  g_autoptr(TestFakeResolver) resolver = test_fake_resolver_new ();
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_resolver_set_default (G_RESOLVER (resolver));
  g_object_set (f->client, "resolver", resolver, NULL);
  connect_with (f);
  ok = finish (f, &error);
  g_resolver_set_default (saved);
  g_assert_false (ok);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS);
  g_assert_true (g_ptr_array_find_with_equal_func (resolver->queries, "example.com", g_str_equal, NULL));
}

/* keepalive-interval 1: a single space about a second into the session. */
static void
test_keepalive (Fixture *f, gconstpointer data)
{
  ScriptServer *server = script_server_start (f->ctx);
  g_autoptr(GError) error = NULL;
  double delay;

  g_object_set (f->client, "server-host", "127.0.0.1", "server-port", (guint) server->port,
                "keepalive-interval", 1, NULL);
  connect_with (f);
  g_free (next_server_event (f, server));   /* connected */
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  {
    g_autofree char *bound = next_server_event (f, server);
    g_autofree char *next = next_server_event (f, server);

    g_assert_cmpstr (bound, ==, "bound");
    g_assert_cmpstr (next, ==, "keepalive");
  }
  g_assert_cmpstr (server->after_session, ==, " ");
  delay = (server->keepalive_at - server->bound_at) / (double) G_USEC_PER_SEC;
  g_test_message ("first keepalive %.2f s after the session started", delay);
  g_assert_cmpfloat (delay, >=, 0.8);
  g_assert_cmpfloat (delay, <, 3.0);

  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  script_server_free (server);
}

/* ------------------------------------------------------------------ */
/* An application's own stream feature                                */
/* ------------------------------------------------------------------ */

#define NS_CUSTOM "urn:sleek:test:custom"

#define TEST_TYPE_CUSTOM_FEATURE (test_custom_feature_get_type ())
G_DECLARE_FINAL_TYPE (TestCustomFeature, test_custom_feature, TEST, CUSTOM_FEATURE, SleekStreamFeature)

struct _TestCustomFeature {
  SleekStreamFeature parent_instance;
  guint negotiations;
  char *offered_flavour;    /* the offer's attribute, as the feature saw it */
};

G_DEFINE_FINAL_TYPE (TestCustomFeature, test_custom_feature, SLEEK_TYPE_STREAM_FEATURE)

static void
custom_done (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  if (g_strcmp0 (sleek_node_get_attribute (sleek_stanza_get_node (stanza), "status"), "ok") == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_PROTOCOL, "custom feature refused");
}

/* Through the public API only: send an element, wait for the answer. */
static void
custom_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  TestCustomFeature *self = TEST_CUSTOM_FEATURE (feature);
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xpath ("{" NS_CUSTOM "}done");

  self->negotiations++;
  g_free (self->offered_flavour);
  self->offered_flavour = g_strdup (sleek_node_get_attribute (offer, "flavour"));
  sleek_xml_stream_add_handler (SLEEK_XML_STREAM (client), matcher, SLEEK_HANDLER_ONCE, custom_done, task, NULL);
  sleek_xml_stream_send_raw (SLEEK_XML_STREAM (client), "<enable xmlns='" NS_CUSTOM "'/>");
}

static gboolean
custom_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_custom_feature_finalize (GObject *object)
{
  g_free (TEST_CUSTOM_FEATURE (object)->offered_flavour);
  G_OBJECT_CLASS (test_custom_feature_parent_class)->finalize (object);
}

static void
test_custom_feature_class_init (TestCustomFeatureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_custom_feature_finalize;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = custom_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = custom_negotiate_finish;
}

static void
test_custom_feature_init (TestCustomFeature *self)
{
}

static TestCustomFeature *
custom_feature_new (void)
{
  return g_object_new (TEST_TYPE_CUSTOM_FEATURE, "name", "custom", "element-name", "custom",
                       "element-namespace", NS_CUSTOM, "order", 5000, "restart", FALSE, NULL);
}

/* Order 5000 falls between SASL (100) and bind (10000): offered with
 * bind, it is negotiated first, then bind. */
static void
test_register_feature (Fixture *f, gconstpointer data)
{
  g_autoptr(TestCustomFeature) feature = custom_feature_new ();
  g_autoptr(GError) error = NULL;

  sleek_client_xmpp_register_feature (f->client, SLEEK_STREAM_FEATURE (feature));
  g_assert_cmpint (sleek_stream_feature_get_order (SLEEK_STREAM_FEATURE (feature)), ==, 5000);
  start (f);
  /* Not offered before SASL: not negotiated then. */
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  g_assert_cmpuint (feature->negotiations, ==, 0);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  /* The server lists bind first; the order is the client's. */
  server_stream (f, "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                    "<custom xmlns='" NS_CUSTOM "' flavour='vanilla'/></stream:features>");
  expect (f, "<enable xmlns='" NS_CUSTOM "'/>");
  g_assert_cmpuint (feature->negotiations, ==, 1);
  g_assert_cmpstr (feature->offered_flavour, ==, "vanilla");
  /* Nothing else until the feature is done. */
  {
    g_autoptr(GError) silence = NULL;

    sleek_test_stream_expect_silence (f->peer, 50, &silence);
    g_assert_no_error (silence);
  }
  sleek_test_stream_recv (f->peer, "<done xmlns='" NS_CUSTOM "' status='ok'/>");
  answer_bind (f, "balcony", "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (feature->negotiations, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 1);
}

/* A feature that fails fails the login with its error. */
static void
test_register_feature_fails (Fixture *f, gconstpointer data)
{
  g_autoptr(TestCustomFeature) feature = custom_feature_new ();
  g_autoptr(GError) error = NULL;

  sleek_client_xmpp_register_feature (f->client, SLEEK_STREAM_FEATURE (feature));
  start (f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                    "<custom xmlns='" NS_CUSTOM "'/></stream:features>");
  expect (f, "<enable xmlns='" NS_CUSTOM "'/>");
  sleek_test_stream_recv (f->peer, "<done xmlns='" NS_CUSTOM "' status='no'/>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_PROTOCOL);
  g_assert_cmpuint (f->sessions, ==, 0);
}

/* A SCRAM server (RFC 5802), computed independently of the library's
 * client, so the whole exchange is checked from the other side. */

typedef struct {
  GChecksumType hash;
  gnutls_mac_algorithm_t mac;
  gsize size;
  char *client_first_bare;
  char *server_first;
  char *nonce;
  guchar salted[64];
} ScramServer;

static void
hmac (ScramServer *s, const guchar *key, gsize key_len, const char *data, guchar *out)
{
  g_autoptr(GHmac) h = g_hmac_new (s->hash, key, key_len);
  gsize len = s->size;

  g_hmac_update (h, (const guchar *) data, -1);
  g_hmac_get_digest (h, out, &len);
}

static char *
attribute (const char *message, char name)
{
  g_auto(GStrv) parts = g_strsplit (message, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == name && parts[i][1] == '=')
      return g_strdup (parts[i] + 2);
  return NULL;
}

static char *
decode_text (SleekNode *node)
{
  gsize len = 0;
  guchar *data = g_base64_decode (sleek_node_get_text (node), &len);
  char *text = g_strndup ((const char *) data, len);

  g_free (data);
  return text;
}

/* Reads <auth/>, answers with the server-first message. */
static void
scram_server_first (Fixture *f, ScramServer *s, const char *mechanism, const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) auth = sleek_test_stream_next_send (f->peer, &error);
  g_autofree char *client_first = NULL;
  g_autofree char *client_nonce = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *xml = NULL;
  static const guchar salt[] = "sleek-test-salt!";
  gnutls_datum_t key, salt_datum;

  g_assert_no_error (error);
  g_assert_true (sleek_node_is (auth, "auth", SLEEK_NS_SASL));
  g_assert_cmpstr (sleek_node_get_attribute (auth, "mechanism"), ==, mechanism);
  client_first = decode_text (auth);
  /* No TLS here: the client cannot bind, and says so with "n". */
  g_assert_true (g_str_has_prefix (client_first, "n,,"));
  s->client_first_bare = g_strdup (client_first + 3);
  client_nonce = attribute (s->client_first_bare, 'r');
  g_assert_nonnull (client_nonce);
  {
    g_autofree char *user = attribute (s->client_first_bare, 'n');
    g_assert_cmpstr (user, ==, "juliet");
  }
  s->nonce = g_strconcat (client_nonce, "server-nonce-42", NULL);
  encoded = g_base64_encode (salt, sizeof salt - 1);
  s->server_first = g_strdup_printf ("r=%s,s=%s,i=4096", s->nonce, encoded);
  key.data = (unsigned char *) password;
  key.size = strlen (password);
  salt_datum.data = (unsigned char *) salt;
  salt_datum.size = sizeof salt - 1;
  g_assert_cmpint (gnutls_pbkdf2 (s->mac, &key, &salt_datum, 4096, s->salted, s->size), ==, 0);
  g_free (encoded);
  encoded = g_base64_encode ((const guchar *) s->server_first, strlen (s->server_first));
  xml = g_strdup_printf ("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</challenge>", encoded);
  sleek_test_stream_recv (f->peer, xml);
}

/* Reads the client-final message, checks the proof, answers with
 * success (and a server signature, broken when @forge). */
static void
scram_server_final (Fixture *f, ScramServer *s, gboolean forge)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) response = sleek_test_stream_next_send (f->peer, &error);
  g_autofree char *client_final = NULL;
  g_autofree char *proof_b64 = NULL;
  g_autofree char *without_proof = NULL;
  g_autofree char *auth_message = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *signature_b64 = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *xml = NULL;
  g_autofree guchar *proof = NULL;
  guchar client_key[64], stored_key[64], client_signature[64], server_key[64], server_signature[64];
  gsize proof_len = 0, stored_len = s->size;
  g_autoptr(GChecksum) sum = g_checksum_new (s->hash);

  g_assert_no_error (error);
  g_assert_true (sleek_node_is (response, "response", SLEEK_NS_SASL));
  client_final = decode_text (response);
  {
    g_autofree char *binding = attribute (client_final, 'c');
    g_autofree char *nonce = attribute (client_final, 'r');

    g_assert_cmpstr (binding, ==, "biws");     /* base64 of "n,," */
    g_assert_cmpstr (nonce, ==, s->nonce);
  }
  proof_b64 = attribute (client_final, 'p');
  without_proof = g_strndup (client_final, strstr (client_final, ",p=") - client_final);
  auth_message = g_strdup_printf ("%s,%s,%s", s->client_first_bare, s->server_first, without_proof);

  hmac (s, s->salted, s->size, "Client Key", client_key);
  g_checksum_update (sum, client_key, s->size);
  g_checksum_get_digest (sum, stored_key, &stored_len);
  hmac (s, stored_key, s->size, auth_message, client_signature);
  proof = g_base64_decode (proof_b64, &proof_len);
  g_assert_cmpuint (proof_len, ==, s->size);
  for (gsize i = 0; i < s->size; i++)
    g_assert_cmpuint (proof[i] ^ client_signature[i], ==, client_key[i]);

  hmac (s, s->salted, s->size, "Server Key", server_key);
  hmac (s, server_key, s->size, auth_message, server_signature);
  if (forge)
    server_signature[0] ^= 0xff;
  signature_b64 = g_base64_encode (server_signature, s->size);
  verifier = g_strdup_printf ("v=%s", signature_b64);
  encoded = g_base64_encode ((const guchar *) verifier, strlen (verifier));
  xml = g_strdup_printf ("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</success>", encoded);
  sleek_test_stream_recv (f->peer, xml);
}

static void
scram_server_clear (ScramServer *s)
{
  g_free (s->client_first_bare);
  g_free (s->server_first);
  g_free (s->nonce);
}

static void
test_login_scram (Fixture *f, gconstpointer data)
{
  gboolean sha256 = GPOINTER_TO_INT (data);
  ScramServer s = { sha256 ? G_CHECKSUM_SHA256 : G_CHECKSUM_SHA1, sha256 ? GNUTLS_MAC_SHA256 : GNUTLS_MAC_SHA1,
                    sha256 ? 32 : 20 };
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  start (f);
  /* The strongest offered: SHA-256 over SHA-1 over PLAIN. */
  server_stream (f, sha256 ? "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                             "<mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism>"
                             "<mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>"
                           : "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                             "<mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism>"
                             "</mechanisms></stream:features>");
  scram_server_first (f, &s, sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-1", "secret");
  scram_server_final (f, &s, FALSE);
  server_stream (f, FEATURES_BIND);
  answer_bind (f, "balcony", "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-1");
  scram_server_clear (&s);
}

/* Log in once with the password, keep the SCRAM keys, and log in again
 * with the keys alone. */
static void
test_scram_stored_keys (Fixture *f, gconstpointer data)
{
  ScramServer first = { G_CHECKSUM_SHA1, GNUTLS_MAC_SHA1, 20 };
  ScramServer second = { G_CHECKSUM_SHA1, GNUTLS_MAC_SHA1, 20 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) client_key = NULL;
  g_autoptr(GBytes) server_key = NULL;
  g_autoptr(GBytes) salt = NULL;
  SleekSaslMechanism *mechanism;
  guint iterations;
  const char *features = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                         "<mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism>"
                         "</mechanisms></stream:features>";

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  start (f);
  server_stream (f, features);
  scram_server_first (f, &first, "SCRAM-SHA-1", "secret");
  scram_server_final (f, &first, FALSE);
  server_stream (f, FEATURES_BIND);
  answer_bind (f, "balcony", "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  mechanism = sleek_client_xmpp_get_sasl (f->client);
  g_assert_true (SLEEK_IS_SASL_SCRAM (mechanism));
  client_key = g_bytes_ref (sleek_sasl_scram_get_client_key (SLEEK_SASL_SCRAM (mechanism)));
  server_key = g_bytes_ref (sleek_sasl_scram_get_server_key (SLEEK_SASL_SCRAM (mechanism)));
  salt = g_bytes_ref (sleek_sasl_scram_get_salt (SLEEK_SASL_SCRAM (mechanism)));
  iterations = sleek_sasl_scram_get_iterations (SLEEK_SASL_SCRAM (mechanism));
  g_assert_nonnull (client_key);
  g_assert_cmpuint (iterations, ==, 4096);

  /* A new client that never had the password. */
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->client);
  g_clear_object (&f->result);
  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
  f->stream_count = 0;
  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", NULL);
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "keepalive-interval", 0, NULL);
  sleek_client_xmpp_set_scram_keys (f->client, client_key, server_key, salt, iterations);
  start (f);
  server_stream (f, features);
  scram_server_first (f, &second, "SCRAM-SHA-1", "secret");
  scram_server_final (f, &second, FALSE);
  server_stream (f, FEATURES_BIND);
  answer_bind (f, "balcony", "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  scram_server_clear (&first);
  scram_server_clear (&second);
}

static void
test_login_anonymous (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->client);
  f->client = sleek_client_xmpp_new ("example.com", NULL);
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "keepalive-interval", 0, NULL);
  start (f);
  server_stream (f, "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                    "<mechanism>PLAIN</mechanism><mechanism>ANONYMOUS</mechanism></mechanisms></stream:features>");
  /* No credentials: ANONYMOUS, with an empty initial response. */
  expect (f, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'>=</auth>");
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, FEATURES_BIND);
  answer_bind (f, NULL, "a1b2c3@example.com/r");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "ANONYMOUS");
}

static void
test_scram_forged_server_signature (Fixture *f, gconstpointer data)
{
  ScramServer s = { G_CHECKSUM_SHA1, GNUTLS_MAC_SHA1, 20 };
  g_autoptr(GError) error = NULL;

  start (f);
  server_stream (f, "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                    "<mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>");
  scram_server_first (f, &s, "SCRAM-SHA-1", "secret");
  scram_server_final (f, &s, TRUE);
  /* A server that does not know the password cannot fake its proof. */
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
  g_assert_cmpuint (f->sessions, ==, 0);
  scram_server_clear (&s);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client/login/plain", test_login_plain);
  ADD ("/client/login/server-assigned-resource", test_server_assigned_resource);
  ADD ("/client/login/legacy-session", test_legacy_session);
  ADD ("/client/login/optional-session", test_optional_session_skipped);
  ADD ("/client/login/already-connecting", test_already_connecting);
  ADD ("/client/fail/sasl-not-authorized", test_sasl_failure);
  ADD ("/client/fail/sasl-account-disabled", test_sasl_failure_conditions);
  ADD ("/client/fail/no-usable-mechanism", test_no_usable_mechanism);
  ADD ("/client/fail/plain-refused-without-tls", test_plain_refused_without_tls);
  ADD ("/client/fail/tls-required", test_tls_required);
  ADD ("/client/fail/bind", test_bind_failure);
  ADD ("/client/fail/no-bind-offered", test_no_bind_offered);
  ADD ("/client/fail/stream-error", test_stream_error_during_login);
  ADD ("/client/fail/server-closes", test_server_closes_during_login);
  ADD ("/client/state/login", test_state_login);
  ADD ("/client/state/login-fails", test_state_login_fails);
  ADD ("/client/state/lost", test_state_lost);
  ADD ("/client/connect/srv", test_srv_connects);
  ADD ("/client/connect/srv-lookup-fails", test_srv_lookup_fails);
  ADD ("/client/connect/host-not-found", test_host_not_found);
  ADD ("/client/keepalive", test_keepalive);
  ADD ("/client/feature/register", test_register_feature);
  ADD ("/client/feature/register-fails", test_register_feature_fails);
  ADD ("/client/fail/scram-forged-server-signature", test_scram_forged_server_signature);
  ADD ("/client/login/scram-stored-keys", test_scram_stored_keys);
  ADD ("/client/login/anonymous", test_login_anonymous);
  g_test_add ("/client/login/scram-sha-1", Fixture, GINT_TO_POINTER (FALSE), fixture_setup, test_login_scram, fixture_teardown);
  g_test_add ("/client/login/scram-sha-256", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_login_scram, fixture_teardown);
#undef ADD
  return g_test_run ();
}
