/* test-component-xmpp.c: the XEP-0114 handshake against a scripted server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='echo.example.com' id='3BF96D32'>"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekComponentXmpp *component;
  GAsyncResult *result;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->component = sleek_component_xmpp_new ("echo.example.com", "s3cr3t", "127.0.0.1", 5347);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->component));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->component);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Fixture *) user_data)->result = g_object_ref (result);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
finish (Fixture *f, GError **error)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (10);

  g_source_set_callback (timer, set_flag, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (f->result == NULL && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_nonnull (f->result);
  return sleek_component_xmpp_connect_finish (f->component, f->result, error);
}

static void
expect (Fixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (f->peer, xml, &error);
  g_assert_no_error (error);
}

static void
handshake (Fixture *f)
{
  /* XEP-0114 example: SHA-1 of "3BF96D32" + "s3cr3t". */
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, "3BF96D32s3cr3t", -1);
  g_autofree char *expected = g_strdup_printf ("<handshake xmlns='jabber:component:accept'>%s</handshake>", digest);

  sleek_component_xmpp_connect_stream_async (f->component, sleek_test_stream_get_io_stream (f->peer), NULL,
                                             store_result, f);
  expect (f, "<stream:stream to='echo.example.com'>");
  sleek_test_stream_recv (f->peer, SERVER_HEADER);
  expect (f, expected);
}

static void
test_handshake (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  handshake (f);
  sleek_test_stream_recv (f->peer, "<handshake/>");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->component))), ==,
                   "echo.example.com");
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->component)));
  g_assert_cmpstr (sleek_xml_stream_get_default_namespace (SLEEK_XML_STREAM (f->component)), ==,
                   "jabber:component:accept");
}

static void
test_wrong_secret (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  handshake (f);
  sleek_test_stream_recv (f->peer, "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                                   "</stream:error></stream:stream>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_HANDSHAKE_FAILED);
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->component)));
}

static void
test_closed_before_handshake (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  handshake (f);
  sleek_test_stream_close (f->peer);
  g_assert_false (finish (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
echo (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  g_autoptr(SleekMessage) reply = sleek_message_reply (message, sleek_message_get_body (message));

  /* From the address the message was sent to, a node of our domain. */
  sleek_stanza_set_from (SLEEK_STANZA (reply), sleek_stanza_get_to (SLEEK_STANZA (message)));
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (reply));
}

static void
test_stanzas (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  handshake (f);
  sleek_test_stream_recv (f->peer, "<handshake/>");
  g_assert_true (finish (f, &error));
  g_signal_connect (f->component, "message::chat", G_CALLBACK (echo), NULL);
  /* Stanzas in jabber:component:accept are the usual classes. */
  sleek_test_stream_recv (f->peer, "<message type='chat' from='juliet@example.com/balcony' "
                                   "to='bot@echo.example.com' id='e1'><body>hi</body></message>");
  expect (f, "<message xmlns='jabber:component:accept' type='chat' to='juliet@example.com/balcony' "
             "from='bot@echo.example.com' id='e1'><body>hi</body></message>");
  /* A stanza sent without from gets the component's JID. */
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->component), "romeo@example.com", "hello", "chat");
  {
    g_autoptr(SleekNode) sent = sleek_test_stream_next_send (f->peer, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (sleek_node_get_attribute (sent, "from"), ==, "echo.example.com");
    g_assert_cmpstr (sleek_node_get_namespace (sent), ==, "jabber:component:accept");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/component/handshake", test_handshake);
  ADD ("/component/wrong-secret", test_wrong_secret);
  ADD ("/component/closed-before-handshake", test_closed_before_handshake);
  ADD ("/component/stanzas", test_stanzas);
#undef ADD
  return g_test_run ();
}
