/* test-websocket.c: XMPP over WebSocket (RFC 7395) and XEP-0156 discovery,
 * against a scripted SoupServer peer on 127.0.0.1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"
#include "sleek-alt-connections-private.h"

#include <libsoup/soup.h>
#include <string.h>

#include "tls-test-util.h"

#define NS_FRAMING "urn:ietf:params:xml:ns:xmpp-framing"
#define OPEN_REPLY "<open xmlns='" NS_FRAMING "' from='example.com' id='s1' version='1.0' xml:lang='en'/>"
#define FEATURES_PLAIN "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" \
  "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
#define FEATURES_BIND "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" \
  "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
#define FEATURES_BIND_SM "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" \
  "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>"
#define NS_SM "urn:xmpp:sm:3"

/* What the scripted server does differently from a well-behaved one. */
typedef enum {
  SCRIPT_NORMAL,
  SCRIPT_BINARY,            /* a binary message instead of the features */
  SCRIPT_PARTIAL,           /* half a stanza in a message */
  SCRIPT_DROP,              /* closes the WebSocket without <close/> */
  SCRIPT_REDIRECT,          /* <close see-other-uri/> to /second */
  SCRIPT_REDIRECT_INSECURE, /* a see-other-uri that is not ws:// at all */
  SCRIPT_STREAM_ERROR,      /* <stream:error/> and <close/> instead of the features */
  SCRIPT_SM,                /* offers stream management (XEP-0198) */
} Script;

/* What a test case runs against, and for test_failure() how the login
 * ends. */
typedef struct {
  Script script;
  const char *path;
  GQuark (*domain) (void);
  int code;
} Case;

typedef struct {
  GMainContext *ctx;
  SoupServer *server;
  guint port;
  SoupServer *tls_server;              /* the same over TLS, self-signed */
  guint tls_port;
  guint n_certificate_checks;
  Script script;
  GPtrArray *received;                 /* every text message the server got */
  SoupWebsocketConnection *peer;       /* the current server side */
  guint n_connections;
  gboolean peer_closed_clean;
  guint sm_handled;                    /* the client's stanzas since <enable/> */
  gboolean sm_enabled;
  SleekClientXmpp *client;
  GAsyncResult *result;
  char *host_meta;                     /* served at /.well-known/host-meta, NULL: 404 */
  char *host_meta_json;
} Fixture;

static void
send_text (Fixture *f, const char *text)
{
  soup_websocket_connection_send_text (f->peer, text);
}

static void
on_server_message (SoupWebsocketConnection *connection, gint type, GBytes *message, gpointer user_data)
{
  Fixture *f = user_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);
  g_autofree char *text = g_strndup (data, len);
  g_autoptr(SleekNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (f->received, g_strdup (text));
  /* Every message the client sends is one complete element. */
  node = sleek_node_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_namespace (node));

  if (f->sm_enabled && g_strcmp0 (sleek_node_get_namespace (node), SLEEK_NS_CLIENT) == 0)
    f->sm_handled++;

  if (sleek_node_is (node, "open", NS_FRAMING))
    {
      gboolean after_auth = FALSE;

      for (guint i = 0; i + 1 < f->received->len; i++)
        if (strstr (g_ptr_array_index (f->received, i), "<auth ") != NULL)
          after_auth = TRUE;
      g_assert_cmpstr (sleek_node_get_attribute (node, "to"), ==, "example.com");
      g_assert_cmpstr (sleek_node_get_attribute (node, "version"), ==, "1.0");
      if (f->script == SCRIPT_REDIRECT && f->n_connections == 1)
        {
          g_autofree char *close = g_strdup_printf ("<close xmlns='" NS_FRAMING "' "
                                                    "see-other-uri='ws://127.0.0.1:%u/second'/>", f->port);
          send_text (f, close);
          return;
        }
      if (f->script == SCRIPT_REDIRECT_INSECURE)
        {
          send_text (f, "<close xmlns='" NS_FRAMING "' see-other-uri='http://127.0.0.1:1/'/>");
          return;
        }
      send_text (f, OPEN_REPLY);
      switch (f->script)
        {
        case SCRIPT_BINARY:
          soup_websocket_connection_send_binary (f->peer, "<x/>", 4);
          return;
        case SCRIPT_PARTIAL:
          send_text (f, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms");
          return;
        case SCRIPT_DROP:
          soup_websocket_connection_close (f->peer, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
          return;
        case SCRIPT_STREAM_ERROR:
          send_text (f, "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
                        "<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
          send_text (f, "<close xmlns='" NS_FRAMING "'/>");
          return;
        default:
          break;
        }
      send_text (f, !after_auth ? FEATURES_PLAIN : f->script == SCRIPT_SM ? FEATURES_BIND_SM : FEATURES_BIND);
    }
  else if (sleek_node_is (node, "enable", NS_SM))
    {
      f->sm_enabled = TRUE;
      f->sm_handled = 0;
      send_text (f, "<enabled xmlns='" NS_SM "' id='sm-1' resume='true'/>");
    }
  else if (sleek_node_is (node, "r", NS_SM) || sleek_node_is (node, "resume", NS_SM))
    {
      g_autofree char *answer = NULL;

      if (sleek_node_is (node, "r", NS_SM))
        answer = g_strdup_printf ("<a xmlns='" NS_SM "' h='%u'/>", f->sm_handled);
      else
        {
          g_assert_cmpstr (sleek_node_get_attribute (node, "previd"), ==, "sm-1");
          answer = g_strdup_printf ("<resumed xmlns='" NS_SM "' h='%u' previd='sm-1'/>", f->sm_handled);
        }
      send_text (f, answer);
    }
  else if (sleek_node_is (node, "a", NS_SM))
    ;
  else if (sleek_node_is (node, "auth", "urn:ietf:params:xml:ns:xmpp-sasl"))
    {
      g_assert_cmpstr (sleek_node_get_attribute (node, "mechanism"), ==, "PLAIN");
      send_text (f, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    }
  else if (sleek_node_is (node, "iq", SLEEK_NS_CLIENT))
    {
      SleekNode *bind = sleek_node_get_child (node, "bind", "urn:ietf:params:xml:ns:xmpp-bind");
      g_autofree char *reply = NULL;

      if (bind != NULL)
        reply = g_strdup_printf ("<iq xmlns='jabber:client' type='result' id='%s'>"
                                 "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                                 "<jid>juliet@example.com/balcony</jid></bind></iq>",
                                 sleek_node_get_attribute (node, "id"));
      else
        reply = g_strdup_printf ("<iq xmlns='jabber:client' type='result' id='%s' to='juliet@example.com/balcony'/>",
                                 sleek_node_get_attribute (node, "id"));
      send_text (f, reply);
    }
  else if (sleek_node_is (node, "message", SLEEK_NS_CLIENT))
    {
      /* An echo, from the other side. */
      g_autofree char *reply = g_strdup_printf ("<message xmlns='jabber:client' type='chat' "
                                                "from='romeo@example.net/orchard' to='juliet@example.com/balcony'>"
                                                "<body>re: %s</body></message>",
                                                sleek_node_get_child_text (node, "body", SLEEK_NS_CLIENT));
      send_text (f, reply);
    }
  else if (sleek_node_is (node, "close", NS_FRAMING))
    {
      f->peer_closed_clean = TRUE;
      send_text (f, "<close xmlns='" NS_FRAMING "'/>");
    }
}

static void
on_websocket (SoupServer *server, SoupServerMessage *msg, const char *path, SoupWebsocketConnection *connection,
              gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->peer);
  f->peer = g_object_ref (connection);
  f->n_connections++;
  g_ptr_array_set_size (f->received, 0);   /* what this connection gets */
  g_signal_connect (connection, "message", G_CALLBACK (on_server_message), f);
}

static void
on_host_meta (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Fixture *f = user_data;
  const char *body = g_str_has_suffix (path, ".json") ? f->host_meta_json : f->host_meta;

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, g_str_has_suffix (path, ".json") ? "application/json" : "application/xrd+xml",
                                    SOUP_MEMORY_COPY, body, strlen (body));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  const char *protocols[] = { "xmpp", NULL };
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->script = ((const Case *) data)->script;
  f->received = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (f->server, "/xmpp-websocket", NULL, (char **) protocols, on_websocket, f, NULL);
  soup_server_add_websocket_handler (f->server, "/second", NULL, (char **) protocols, on_websocket, f, NULL);
  /* Accepts any subprotocol and names none. */
  soup_server_add_websocket_handler (f->server, "/no-xmpp", NULL, NULL, on_websocket, f, NULL);
  soup_server_add_handler (f->server, "/.well-known", on_host_meta, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  {
    g_autoptr(GTlsCertificate) certificate = tls_test_make_certificate ("example.com");

    f->tls_server = soup_server_new ("tls-certificate", certificate, NULL);
  }
  soup_server_add_websocket_handler (f->tls_server, "/xmpp-websocket", NULL, (char **) protocols, on_websocket, f,
                                     NULL);
  soup_server_add_handler (f->tls_server, "/.well-known", on_host_meta, f, NULL);
  soup_server_listen_local (f->tls_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->tls_server);
  f->tls_port = g_uri_get_port (uris->data);

  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE,
                "transport", SLEEK_TRANSPORT_KIND_WEBSOCKET, "connect-timeout", 10, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->client != NULL && sleek_xml_stream_is_connected (SLEEK_XML_STREAM (f->client)))
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  g_clear_object (&f->client);
  g_clear_object (&f->result);
  g_clear_object (&f->peer);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  soup_server_disconnect (f->tls_server);
  g_clear_object (&f->tls_server);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_ptr_array_unref (f->received);
  g_free (f->host_meta);
  g_free (f->host_meta_json);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("The test timed out");
  return G_SOURCE_REMOVE;
}

/* Iterates until *@done (a pointer) is set, or fails after 10 s. */
static void
wait_for (Fixture *f, gpointer *done)
{
  GSource *timeout = g_timeout_source_new_seconds (10);

  g_source_set_callback (timeout, timed_out, NULL, NULL);
  g_source_attach (timeout, f->ctx);
  while (*done == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

static void
got_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static gboolean
login (Fixture *f, const char *path, GError **error)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u%s", f->port, path);

  if (path != NULL)
    sleek_client_xmpp_set_websocket_url (f->client, url);
  g_clear_object (&f->result);
  sleek_client_xmpp_connect_async (f->client, NULL, got_result, f);
  wait_for (f, (gpointer *) &f->result);
  return sleek_client_xmpp_connect_finish (f->client, f->result, error);
}

static void
test_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint opens = 0;

  g_assert_true (login (f, "/xmpp-websocket", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "juliet@example.com/balcony");
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_ONLINE);
  /* One <open/> for the stream and one after SASL, nothing unframed. */
  for (guint i = 0; i < f->received->len; i++)
    {
      const char *text = g_ptr_array_index (f->received, i);

      g_assert_false (g_str_has_prefix (text, "<?xml"));
      g_assert_null (strstr (text, "<stream:stream"));
      if (g_str_has_prefix (text, "<open "))
        opens++;
    }
  g_assert_cmpuint (opens, ==, 2);
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  char **body = user_data;

  g_free (*body);
  *body = g_strdup (sleek_message_get_body (message));
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, gpointer user_data)
{
  gboolean *done = user_data;

  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_messages_and_close (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gboolean closed = FALSE;
  const char *last;

  g_assert_true (login (f, "/xmpp-websocket", &error));
  g_signal_connect (f->client, "message", G_CALLBACK (on_message), &body);
  /* A whitespace keepalive is no element: nothing goes out for it (the
   * server checks that every message parses). */
  sleek_xml_stream_send_raw (SLEEK_XML_STREAM (f->client), " ");
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->client), "romeo@example.net", "wherefore", "chat");
  wait_for (f, (gpointer *) &body);
  g_assert_cmpstr (body, ==, "re: wherefore");
  last = g_ptr_array_index (f->received, f->received->len - 1);
  /* Stanzas declare jabber:client themselves. */
  g_assert_true (g_str_has_prefix (last, "<message xmlns='jabber:client'"));

  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), &closed);
  sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (f->client), NULL, NULL, NULL);
  while (!closed)
    g_main_context_iteration (f->ctx, TRUE);
  g_assert_true (f->peer_closed_clean);
}

static void
expect_failure (Fixture *f, const char *path, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (login (f, path, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);
}

/* A login that fails as the case says. */
static void
test_failure (Fixture *f, gconstpointer data)
{
  const Case *c = data;

  expect_failure (f, c->path, c->domain (), c->code);
}

static void
test_unencrypted_refused (Fixture *f, gconstpointer data)
{
  sleek_client_xmpp_set_tls_mode (f->client, SLEEK_TLS_MODE_STARTTLS);
  expect_failure (f, "/xmpp-websocket", SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED);
  g_assert_cmpuint (f->n_connections, ==, 0);
}

static void
test_redirect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (login (f, "/xmpp-websocket", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_connections, ==, 2);
}

static void
on_session_start (SleekBaseXmpp *xmpp, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

/* A session lost with its WebSocket comes back over a new one. */
static void
test_reconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSource *timeout = g_timeout_source_new_seconds (10);
  guint sessions = 0;

  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), &sessions);
  g_object_set (f->client, "auto-reconnect", TRUE, NULL);
  g_assert_true (login (f, "/xmpp-websocket", &error));
  g_assert_cmpuint (sessions, ==, 1);
  soup_websocket_connection_close (f->peer, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);

  g_source_set_callback (timeout, timed_out, NULL, NULL);
  g_source_attach (timeout, f->ctx);
  while (sessions < 2)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_assert_cmpuint (f->n_connections, ==, 2);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_ONLINE);
  /* A full login again: authenticated, then bound. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->received, 1), "<auth "));
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
}

static void
on_sm_resumed (SleekStreamManagement *sm, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

/* Stream management over the framing: enabled at login, acknowledged,
 * and the session resumed over a new WebSocket after the first drops. */
static void
test_stream_management (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSource *timeout = g_timeout_source_new_seconds (10);
  SleekStreamManagement *sm;
  guint resumed = 0;
  guint sessions = 0;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198", &error));
  g_assert_no_error (error);
  sm = SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198"));
  g_signal_connect (sm, "resumed", G_CALLBACK (on_sm_resumed), &resumed);
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), &sessions);
  g_object_set (f->client, "auto-reconnect", TRUE, NULL);
  g_assert_true (login (f, "/xmpp-websocket", &error));
  g_assert_no_error (error);
  g_assert_true (sleek_stream_management_get_enabled (sm));

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->client), "romeo@example.net", "one", "chat");
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->client), "romeo@example.net", "two", "chat");
  sleek_stream_management_request_ack (sm);
  g_source_set_callback (timeout, timed_out, NULL, NULL);
  g_source_attach (timeout, f->ctx);
  while (sleek_stream_management_get_unacked (sm) > 0 || f->sm_handled < 2)
    g_main_context_iteration (f->ctx, TRUE);

  soup_websocket_connection_close (f->peer, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  while (resumed == 0)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_assert_cmpuint (f->n_connections, ==, 2);
  g_assert_cmpuint (sessions, ==, 1);   /* resumed, not started anew */
  g_assert_true (sleek_stream_management_get_enabled (sm));
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
}

static gboolean
on_accept_certificate (SleekClientXmpp *client, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                       gpointer user_data)
{
  Fixture *f = user_data;

  f->n_certificate_checks++;
  g_assert_true (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  return g_object_get_data (G_OBJECT (client), "accept") != NULL;
}

static gboolean
login_wss (Fixture *f, gboolean accept, GError **error)
{
  g_autofree char *url = g_strdup_printf ("wss://127.0.0.1:%u/xmpp-websocket", f->tls_port);

  /* TLS required as by default, and PLAIN not allowed in the clear:
   * wss:// is the encryption. */
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_STARTTLS, "allow-plaintext", FALSE,
                "websocket-url", url, NULL);
  g_object_set_data (G_OBJECT (f->client), "accept", GINT_TO_POINTER (accept));
  g_signal_connect (f->client, "accept-certificate", G_CALLBACK (on_accept_certificate), f);
  g_clear_object (&f->result);
  sleek_client_xmpp_connect_async (f->client, NULL, got_result, f);
  wait_for (f, (gpointer *) &f->result);
  return sleek_client_xmpp_connect_finish (f->client, f->result, error);
}

static void
test_wss_untrusted (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (login_wss (f, FALSE, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (f->n_certificate_checks, ==, 1);
  g_assert_cmpuint (f->n_connections, ==, 0);
}

static void
test_wss_accepted (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (login_wss (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_certificate_checks, ==, 1);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "PLAIN");
  /* Encrypted: the client says who it is in its <open/>. */
  g_assert_nonnull (strstr (g_ptr_array_index (f->received, 0), "from='juliet@example.com'"));
}

/* XEP-0156 */

static SleekAltConnections *
discover (Fixture *f, GError **error)
{
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u/", f->port);

  sleek_client_xmpp_set_discovery_base_url (f->client, base);
  g_clear_object (&f->result);
  sleek_client_xmpp_discover_connections_async (f->client, NULL, got_result, f);
  wait_for (f, (gpointer *) &f->result);
  return sleek_client_xmpp_discover_connections_finish (f->client, f->result, error);
}

static void
test_discover_xrd (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekAltConnections) found = NULL;
  g_autoptr(GError) error = NULL;

  f->host_meta = g_strdup_printf ("<?xml version='1.0'?><XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>"
                                  "<Link rel='urn:xmpp:alt-connections:xbosh' href='http://127.0.0.1:%u/http-bind'/>"
                                  "<Link rel='urn:xmpp:alt-connections:websocket' href='ws://127.0.0.1:%u/xmpp-websocket'/>"
                                  "<Link rel='lrdd' href='http://example.com/x'/></XRD>", f->port, f->port);
  found = discover (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_alt_connections_get_websocket_urls (found)), ==, 1);
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_alt_connections_get_bosh_urls (found)), ==, 1);
  g_assert_true (g_str_has_suffix (sleek_alt_connections_get_websocket_urls (found)[0], "/xmpp-websocket"));
  g_assert_true (g_str_has_suffix (sleek_alt_connections_get_source_url (found), "/.well-known/host-meta"));

  /* And the client uses it to log in. */
  g_assert_true (login (f, NULL, &error));
  g_assert_no_error (error);
}

static void
test_discover_json (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekAltConnections) found = NULL;
  g_autoptr(GError) error = NULL;

  f->host_meta_json = g_strdup ("{\"links\": [{\"rel\": \"urn:xmpp:alt-connections:websocket\", "
                                "\"href\": \"wss://example.com/ws\"}, {\"rel\": 3}, 7]}");
  found = discover (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_alt_connections_get_websocket_urls (found)[0], ==, "wss://example.com/ws");
  g_assert_null (sleek_alt_connections_get_bosh_urls (found)[0]);
  g_assert_true (g_str_has_suffix (sleek_alt_connections_get_source_url (found), "/host-meta.json"));
}

static void
test_discover_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekAltConnections) found = NULL;
  g_autoptr(GError) error = NULL;

  f->host_meta = g_strdup ("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'><Link");
  f->host_meta_json = g_strdup ("{\"links\": {");
  found = discover (f, &error);
  g_assert_null (found);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY);
  g_assert_nonnull (strstr (error->message, "XML"));
  g_assert_nonnull (strstr (error->message, "JSON"));
}

static void
test_discover_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Neither document: a clear error, and the login fails with it. */
  g_assert_false (login (f, NULL, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY);
}

/* From an https:// host-meta, ws:// endpoints are dropped. */
static void
test_discover_https (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_strdup_printf ("https://127.0.0.1:%u", f->tls_port);
  g_autoptr(SleekAltConnections) found = NULL;
  g_autoptr(GError) error = NULL;

  f->host_meta = g_strdup ("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>"
                           "<Link rel='urn:xmpp:alt-connections:websocket' href='ws://example.com/plain'/>"
                           "<Link rel='urn:xmpp:alt-connections:websocket' href='wss://example.com/tls'/></XRD>");
  g_object_set_data (G_OBJECT (f->client), "accept", GINT_TO_POINTER (TRUE));
  g_signal_connect (f->client, "accept-certificate", G_CALLBACK (on_accept_certificate), f);
  sleek_client_xmpp_set_discovery_base_url (f->client, base);
  sleek_client_xmpp_discover_connections_async (f->client, NULL, got_result, f);
  wait_for (f, (gpointer *) &f->result);
  found = sleek_client_xmpp_discover_connections_finish (f->client, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_certificate_checks, ==, 1);
  g_assert_cmpstr (sleek_alt_connections_get_websocket_urls (found)[0], ==, "wss://example.com/tls");
  g_assert_null (sleek_alt_connections_get_websocket_urls (found)[1]);
}

static void
test_discover_policy (void)
{
  static const char xrd[] =
    "<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>"
    "<Link rel='urn:xmpp:alt-connections:websocket' href='ws://example.com/plain'/>"
    "<Link rel='urn:xmpp:alt-connections:websocket' href='wss://example.com/tls'/>"
    "<Link rel='urn:xmpp:alt-connections:xbosh' href='http://example.com/plain'/>"
    "<Link rel='urn:xmpp:alt-connections:xbosh' href='https://example.com/tls'/>"
    "<Link rel='urn:xmpp:alt-connections:websocket'/></XRD>";
  g_autoptr(SleekAltConnections) secure = NULL;
  g_autoptr(SleekAltConnections) plain = NULL;
  g_autoptr(SleekAltConnections) other = NULL;
  g_autoptr(GError) error = NULL;

  /* From an https:// host-meta, unencrypted endpoints are dropped. */
  secure = sleek_alt_connections_parse ("https://example.com/.well-known/host-meta", xrd, strlen (xrd), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_alt_connections_get_websocket_urls (secure)[0], ==, "wss://example.com/tls");
  g_assert_null (sleek_alt_connections_get_websocket_urls (secure)[1]);
  g_assert_cmpstr (sleek_alt_connections_get_bosh_urls (secure)[0], ==, "https://example.com/tls");
  g_assert_null (sleek_alt_connections_get_bosh_urls (secure)[1]);

  plain = sleek_alt_connections_parse ("http://127.0.0.1/.well-known/host-meta", xrd, strlen (xrd), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_alt_connections_get_websocket_urls (plain)), ==, 2);

  other = sleek_alt_connections_parse ("https://example.com/.well-known/host-meta", "<html/>", 7, FALSE, &error);
  g_assert_null (other);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, script, func) G_STMT_START {                                                 \
    static const Case c = { script, NULL, NULL, 0 };                                            \
    g_test_add (path, Fixture, &c, fixture_setup, func, fixture_teardown);                      \
  } G_STMT_END
#define ADD_FAILURE(path, script, url_path, domain_func, error_code) G_STMT_START {             \
    static const Case c = { script, url_path, domain_func, error_code };                        \
    g_test_add (path, Fixture, &c, fixture_setup, test_failure, fixture_teardown);              \
  } G_STMT_END
  ADD ("/websocket/login", SCRIPT_NORMAL, test_login);
  ADD ("/websocket/messages-and-close", SCRIPT_NORMAL, test_messages_and_close);
  ADD_FAILURE ("/websocket/binary-frame", SCRIPT_BINARY, "/xmpp-websocket",
               sleek_connect_error_quark, SLEEK_CONNECT_ERROR_TRANSPORT);
  ADD_FAILURE ("/websocket/partial-frame", SCRIPT_PARTIAL, "/xmpp-websocket",
               sleek_connect_error_quark, SLEEK_CONNECT_ERROR_TRANSPORT);
  ADD_FAILURE ("/websocket/dropped", SCRIPT_DROP, "/xmpp-websocket", g_io_error_quark, G_IO_ERROR_CONNECTION_CLOSED);
  ADD_FAILURE ("/websocket/stream-error", SCRIPT_STREAM_ERROR, "/xmpp-websocket",
               sleek_stream_error_quark, SLEEK_STREAM_ERROR_HOST_UNKNOWN);
  ADD_FAILURE ("/websocket/wrong-subprotocol", SCRIPT_NORMAL, "/no-xmpp",
               sleek_connect_error_quark, SLEEK_CONNECT_ERROR_TRANSPORT);
  ADD_FAILURE ("/websocket/http-error", SCRIPT_NORMAL, "/nowhere", sleek_connect_error_quark, SLEEK_CONNECT_ERROR_HTTP);
  ADD_FAILURE ("/websocket/see-other-uri-refused", SCRIPT_REDIRECT_INSECURE, "/xmpp-websocket",
               g_io_error_quark, G_IO_ERROR_INVALID_ARGUMENT);
  ADD ("/websocket/unencrypted-refused", SCRIPT_NORMAL, test_unencrypted_refused);
  ADD ("/websocket/see-other-uri", SCRIPT_REDIRECT, test_redirect);
  ADD ("/websocket/reconnect", SCRIPT_NORMAL, test_reconnect);
  ADD ("/websocket/stream-management", SCRIPT_SM, test_stream_management);
  ADD ("/websocket/wss-untrusted", SCRIPT_NORMAL, test_wss_untrusted);
  ADD ("/websocket/wss-accepted", SCRIPT_NORMAL, test_wss_accepted);
  ADD ("/discovery/https", SCRIPT_NORMAL, test_discover_https);
  ADD ("/discovery/xrd", SCRIPT_NORMAL, test_discover_xrd);
  ADD ("/discovery/json", SCRIPT_NORMAL, test_discover_json);
  ADD ("/discovery/malformed", SCRIPT_NORMAL, test_discover_malformed);
  ADD ("/discovery/nothing", SCRIPT_NORMAL, test_discover_nothing);
  g_test_add_func ("/discovery/policy", test_discover_policy);
  return g_test_run ();
}
