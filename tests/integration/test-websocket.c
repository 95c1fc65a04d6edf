/* test-websocket.c: XMPP over WebSocket (RFC 7395) against the private
 * server: Prosody's mod_websocket, or ejabberd's ejabberd_http_ws, both
 * at /xmpp-websocket on the HTTP (ws://) and HTTPS (wss://) ports.
 *
 * Built a second time with -DWEB_TRANSPORT_BOSH as test-bosh: the same
 * cases over BOSH (XEP-0206), Prosody's mod_bosh or ejabberd's mod_bosh
 * at /http-bind (http:// and https://).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#define N_MESSAGES 1000
/* Under valgrind (SLEEK_TEST_WRAPPER), fewer. */
#define N_MESSAGES_WRAPPED 200

#ifdef WEB_TRANSPORT_BOSH
# define TRANSPORT_NAME "bosh"
# define TRANSPORT_KIND SLEEK_TRANSPORT_KIND_BOSH
# define URL_PROPERTY "bosh-url"
# define URL_FORMAT "%s://%s:%u/http-bind"
# define SECURE_SCHEME "https"
# define PLAIN_SCHEME "http"
#else
# define TRANSPORT_NAME "websocket"
# define TRANSPORT_KIND SLEEK_TRANSPORT_KIND_WEBSOCKET
# define URL_PROPERTY "websocket-url"
# define URL_FORMAT "%s://%s:%u/xmpp-websocket"
# define SECURE_SCHEME "wss"
# define PLAIN_SCHEME "ws"
#endif

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  char *token;
  guint next_expected;
  guint in_order;
  guint out_of_order;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->token = g_strdup_printf ("ws-%08x", g_random_int ());
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->juliet != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_free (f->token);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* A client of @user over wss:// or https:// (@secure), else ws:// or
 * http://, the harness's CA trusted. The server's host name is what the
 * certificate and the server's HTTP host routing know. */
static SleekClientXmpp *
websocket_client (const char *user, gboolean secure)
{
  SleekClientXmpp *client = client_util_new (user);
  g_autofree char *url = g_strdup_printf (URL_FORMAT, secure ? SECURE_SCHEME : PLAIN_SCHEME,
                                          prosody_env_require ("SLEEK_TEST_PROSODY_HOST"),
                                          prosody_env_port (secure ? "SLEEK_TEST_HTTPS_PORT" : "SLEEK_TEST_HTTP_PORT"));

  g_object_set (client, "transport", TRANSPORT_KIND, URL_PROPERTY, url, NULL);
  /* ws:// and http:// are unencrypted: only with TLS switched off, on
   * loopback. */
  if (!secure)
    g_object_set (client, "tls-mode", SLEEK_TLS_MODE_NONE, NULL);
  return client;
}

static void
login (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = client_util_login (client, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client)));
  g_assert_true (SLEEK_IS_CLIENT_XMPP (client));
  g_test_message ("logged in over %s with %s", TRANSPORT_NAME, sleek_client_xmpp_get_sasl_mechanism (client));
}

static void
test_login_wss (Fixture *f, gconstpointer data)
{
  f->juliet = websocket_client ("juliet", TRUE);
  login (f->juliet);
  /* The wss:// or https:// TLS is the stream's: no STARTTLS, and a SCRAM
   * login. */
  g_assert_null (sleek_client_xmpp_get_tls_connection (f->juliet));
  g_assert_true (g_str_has_prefix (sleek_client_xmpp_get_sasl_mechanism (f->juliet), "SCRAM-"));
  client_util_fetch_roster (f->juliet);
  client_util_ping_server (f->juliet);
  client_util_disconnect (f->juliet);
}

static void
test_login_ws (Fixture *f, gconstpointer data)
{
  f->juliet = websocket_client ("juliet", FALSE);
  login (f->juliet);
  client_util_fetch_roster (f->juliet);
  client_util_ping_server (f->juliet);
  client_util_disconnect (f->juliet);
}

static void
test_stream_management (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekStreamManagement *sm;
  SleekJid *self_jid;

  f->juliet = websocket_client ("juliet", TRUE);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0198", &error));
  g_assert_no_error (error);
  sm = SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0198"));
  login (f->juliet);
  g_assert_true (sleek_stream_management_get_enabled (sm));

  self_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s:%u", f->token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet), sleek_jid_to_string (self_jid), body, "chat");
    }
  sleek_stream_management_request_ack (sm);
  WAIT_UNTIL (sleek_stream_management_get_unacked (sm) == 0, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (sleek_stream_management_get_sent (sm), ==, 12);
  /* Our own messages came back, counted. */
  WAIT_UNTIL (sleek_stream_management_get_handled (sm) >= 12, CLIENT_UTIL_TIMEOUT);
  client_util_disconnect (f->juliet);
}

static void
on_romeo_message (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  Fixture *f = user_data;
  const char *body = sleek_message_get_body (message);
  g_autofree char *prefix = g_strdup_printf ("%s:", f->token);
  guint64 seq;

  if (body == NULL || !g_str_has_prefix (body, prefix))
    return;
  seq = g_ascii_strtoull (body + strlen (prefix), NULL, 10);
  if (seq == f->next_expected)
    f->in_order++;
  else
    f->out_of_order++;
  f->next_expected = seq + 1;
}

static void
test_thousand_messages (Fixture *f, gconstpointer data)
{
  SleekJid *romeo_jid;
  const char *wrapper = g_getenv ("SLEEK_TEST_WRAPPER");
  guint n_messages = wrapper != NULL && *wrapper != '\0' ? N_MESSAGES_WRAPPED : N_MESSAGES;

  f->juliet = websocket_client ("juliet", TRUE);
  f->romeo = websocket_client ("romeo", TRUE);
  login (f->juliet);
  login (f->romeo);
  g_signal_connect (f->romeo, "message", G_CALLBACK (on_romeo_message), f);
  romeo_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s:%u", f->token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet), sleek_jid_to_string (romeo_jid), body, "chat");
    }
  WAIT_UNTIL (f->in_order + f->out_of_order >= n_messages, 120);
  /* Give a duplicate the time to show up. */
  client_util_ping_server (f->romeo);
  g_assert_cmpuint (f->out_of_order, ==, 0);
  g_assert_cmpuint (f->in_order, ==, n_messages);
  client_util_disconnect (f->juliet);
  client_util_disconnect (f->romeo);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/" TRANSPORT_NAME "/login-secure", test_login_wss);
  ADD ("/" TRANSPORT_NAME "/login-plain", test_login_ws);
  ADD ("/" TRANSPORT_NAME "/stream-management", test_stream_management);
  ADD ("/" TRANSPORT_NAME "/thousand-messages", test_thousand_messages);

  return g_test_run ();
}
