/* login-script.c: the server's side of a client login over
 * SleekTestStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "login-script.h"

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s%u' version='1.0'>"
#define FEATURES_PLAIN "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"

void
login_expect (SleekTestStream *peer, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (peer, xml, &error);
  g_assert_no_error (error);
}

static void
server_stream (SleekTestStream *peer, guint n, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, n);

  login_expect (peer, "<stream:stream to='example.com' version='1.0'>");
  sleek_test_stream_recv (peer, header);
  sleek_test_stream_recv (peer, features);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **stored = user_data;

  g_clear_object (stored);
  *stored = g_object_ref (result);
}

void
login_authenticate (SleekClientXmpp *client, SleekTestStream *peer, const char *features, GAsyncResult **result)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "\0juliet\0secret", 14);
  g_autofree char *auth = g_strdup_printf ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>",
                                           encoded);

  g_clear_object (result);
  sleek_client_xmpp_connect_stream_async (client, sleek_test_stream_get_io_stream (peer), NULL, store_result,
                                          result);
  server_stream (peer, 1, FEATURES_PLAIN);
  login_expect (peer, auth);
  sleek_test_stream_recv (peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  server_stream (peer, 2, features);
}

void
login_answer_bind (SleekTestStream *peer, const char *jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = sleek_test_stream_next_send (peer, &error);
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (iq, "bind", SLEEK_NS_BIND));
  reply = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<jid>%s</jid></bind></iq>", sleek_node_get_attribute (iq, "id"), jid);
  sleek_test_stream_recv (peer, reply);
}

void
login_finish (SleekClientXmpp *client, GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) ctx = g_main_context_ref_thread_default ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (ctx, FALSE);
  g_assert_nonnull (*result);
  g_assert_true (sleek_client_xmpp_connect_finish (client, *result, &error));
  g_assert_no_error (error);
}
