/* test-xep-0352.c: SleekClientStateIndication, XEP-0352 Client State Indication,
 * against a scripted server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s%u' version='1.0'>"
#define FEATURES_PLAIN "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
#define BIND "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
#define CSI "<csi xmlns='urn:xmpp:csi:0'/>"
#define SM "<sm xmlns='urn:xmpp:sm:3'/>"
#define ACTIVE "<active xmlns='urn:xmpp:csi:0'/>"
#define INACTIVE "<inactive xmlns='urn:xmpp:csi:0'/>"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  SleekClientStateIndication *csi;
  GAsyncResult *result;
  guint stream_count;
  guint active_notifies;
  gboolean disconnected;
} Fixture;

static void
on_active (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->active_notifies++;
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0352", &error));
  g_assert_no_error (error);
  f->csi = SLEEK_CLIENT_STATE_INDICATION (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0352"));
  g_signal_connect (f->csi, "notify::active", G_CALLBACK (on_active), f);
}

static void
teardown (Fixture *f, gconstpointer data)
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

static void
expect_silence (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_silence (f->peer, 100, &error);
  g_assert_no_error (error);
}

static void
server_stream (Fixture *f, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);

  expect (f, "<stream:stream to='example.com' version='1.0'>");
  sleek_test_stream_recv (f->peer, header);
  sleek_test_stream_recv (f->peer, features);
}

static void
answer_bind (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = sleek_test_stream_next_send (f->peer, &error);
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (iq, "bind", "urn:ietf:params:xml:ns:xmpp-bind"));
  reply = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<jid>juliet@example.com/balcony</jid></bind></iq>", sleek_node_get_attribute (iq, "id"));
  sleek_test_stream_recv (f->peer, reply);
}

/* Connects over the current peer and authenticates; the server then offers
 * @features (the children of <stream:features/>). */
static void
connect_and_auth (Fixture *f, const char *features)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "\0juliet\0secret", 14);
  g_autofree char *auth = g_strdup_printf ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>",
                                           encoded);
  g_autofree char *offer = g_strdup_printf ("<stream:features>%s</stream:features>", features);

  g_clear_object (&f->result);
  f->disconnected = FALSE;
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          store_result, f);
  server_stream (f, FEATURES_PLAIN);
  expect (f, auth);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (f, offer);
}

static void
finish (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  while (f->result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  g_assert_true (sleek_client_xmpp_connect_finish (f->client, f->result, &error));
  g_assert_no_error (error);
}

/* Logs in with a server offering binding and @features. */
static void
login (Fixture *f, const char *features)
{
  g_autofree char *all = g_strconcat (BIND, features, NULL);

  connect_and_auth (f, all);
  answer_bind (f);
}

/* The connection drops; the next login goes over a new peer. */
static void
cut (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_close (f->peer);
  g_assert_true (sleek_test_stream_iterate_until (f->peer, &f->disconnected, &error));
  g_assert_no_error (error);
  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
}

static void
test_not_offered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  login (f, "");
  finish (f);
  g_assert_false (sleek_client_state_indication_get_available (f->csi));
  g_assert_false (sleek_client_state_indication_set_inactive (f->csi, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_true (sleek_client_state_indication_get_active (f->csi));
  g_assert_cmpuint (f->active_notifies, ==, 0);
  g_clear_error (&error);
  g_assert_false (sleek_client_state_indication_set_active (f->csi, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  expect_silence (f);
}

static void
test_indicate (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sleek_client_state_indication_get_available (f->csi));
  login (f, CSI);
  finish (f);
  g_assert_true (sleek_client_state_indication_get_available (f->csi));
  g_assert_true (sleek_client_state_indication_get_active (f->csi));
  /* Every stream starts active: nothing to say yet. */
  expect_silence (f);

  g_assert_true (sleek_client_state_indication_set_inactive (f->csi, &error));
  g_assert_no_error (error);
  expect (f, INACTIVE);
  g_assert_false (sleek_client_state_indication_get_active (f->csi));
  g_assert_cmpuint (f->active_notifies, ==, 1);
  /* Already inactive. */
  g_assert_true (sleek_client_state_indication_set_inactive (f->csi, &error));
  expect_silence (f);
  g_assert_cmpuint (f->active_notifies, ==, 1);

  g_assert_true (sleek_client_state_indication_set_active (f->csi, &error));
  g_assert_no_error (error);
  expect (f, ACTIVE);
  g_assert_true (sleek_client_state_indication_get_active (f->csi));
  g_assert_cmpuint (f->active_notifies, ==, 2);
  g_assert_true (sleek_client_state_indication_set_active (f->csi, &error));
  expect_silence (f);
}

/* Inactive when the connection dropped: the next stream is told again,
 * right after binding. */
static void
test_reconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  login (f, CSI);
  finish (f);
  g_assert_true (sleek_client_state_indication_set_inactive (f->csi, &error));
  expect (f, INACTIVE);
  cut (f);
  g_assert_false (sleek_client_state_indication_get_available (f->csi));
  g_assert_false (sleek_client_state_indication_get_active (f->csi));

  login (f, CSI);
  expect (f, INACTIVE);
  finish (f);
  g_assert_true (sleek_client_state_indication_get_available (f->csi));
  expect_silence (f);

  /* A server without the feature: the state stays, unsaid. */
  cut (f);
  login (f, "");
  finish (f);
  expect_silence (f);
  g_assert_false (sleek_client_state_indication_get_active (f->csi));
}

/* Between connections the state only changes. */
static void
test_while_disconnected (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_client_state_indication_set_inactive (f->csi, &error));
  g_assert_no_error (error);
  g_assert_false (sleek_client_state_indication_get_active (f->csi));
  g_assert_cmpuint (f->active_notifies, ==, 1);
  login (f, CSI);
  expect (f, INACTIVE);
  finish (f);
  cut (f);
  g_assert_true (sleek_client_state_indication_set_active (f->csi, &error));
  g_assert_no_error (error);
  login (f, CSI);
  finish (f);
  expect_silence (f);
}

/* A resumed stream starts active too (XEP-0352 section 5.2). */
static void
test_resume (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198", &error));
  g_assert_no_error (error);
  g_object_set (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198"),
                "ack-interval", 0, "ack-delay", 600000, NULL);
  login (f, SM CSI);
  expect (f, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
  sleek_test_stream_recv (f->peer, "<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
  finish (f);
  g_assert_true (sleek_client_state_indication_set_inactive (f->csi, &error));
  expect (f, INACTIVE);
  cut (f);

  connect_and_auth (f, BIND SM CSI);
  expect (f, "<resume xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  sleek_test_stream_recv (f->peer, "<resumed xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/>");
  expect (f, INACTIVE);
  finish (f);
  g_assert_true (sleek_client_state_indication_get_available (f->csi));
}

static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekClientStateIndication) csi = g_object_ref (f->csi);
  g_autoptr(GError) error = NULL;

  login (f, CSI);
  finish (f);
  g_assert_true (sleek_base_xmpp_remove_plugin (SLEEK_BASE_XMPP (f->client), "xep_0352", &error));
  g_assert_no_error (error);
  g_assert_false (sleek_client_state_indication_get_available (csi));
  g_assert_false (sleek_client_state_indication_set_inactive (csi, &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  expect_silence (f);
}

/* Only a client has stream features. */
static void
test_component (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekComponentXmpp) component = sleek_component_xmpp_new ("bot.example.com", "secret", "localhost", 5347);
  g_autoptr(GError) error = NULL;
  SleekClientStateIndication *csi;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (component), "xep_0352", &error));
  g_assert_no_error (error);
  csi = SLEEK_CLIENT_STATE_INDICATION (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (component), "xep_0352"));
  g_assert_false (sleek_client_state_indication_set_inactive (csi, &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0352/not-offered", test_not_offered);
  ADD ("/xep-0352/indicate", test_indicate);
  ADD ("/xep-0352/reconnect", test_reconnect);
  ADD ("/xep-0352/while-disconnected", test_while_disconnected);
  ADD ("/xep-0352/resume", test_resume);
  ADD ("/xep-0352/disabled", test_disabled);
  ADD ("/xep-0352/component", test_component);

  return g_test_run ();
}
