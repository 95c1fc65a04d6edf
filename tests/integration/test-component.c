/* test-component.c: SleekComponentXmpp on the private Prosody's component port
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  const char *domain;   /* leased: one connection per component at a time */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->domain = prosody_env_lease_component ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  prosody_env_release_component (f->domain);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static SleekComponentXmpp *
make_component (Fixture *f, const char *secret)
{
  return sleek_component_xmpp_new (f->domain, secret, prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                                   prosody_env_port ("SLEEK_TEST_COMPONENT_PORT"));
}

static gboolean
component_connect (SleekComponentXmpp *component, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_component_xmpp_connect_async (component, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_component_xmpp_connect_finish (component, result, error);
}

static void
echo (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  g_autoptr(SleekMessage) reply = sleek_message_reply (message, sleek_message_get_body (message));

  sleek_stanza_set_from (SLEEK_STANZA (reply), sleek_stanza_get_to (SLEEK_STANZA (message)));
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (reply));
}

static void
collect (SleekBaseXmpp *xmpp, SleekMessage *message, GPtrArray *received)
{
  g_ptr_array_add (received, g_object_ref (message));
}

static void
test_echo (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekComponentXmpp) component = make_component (f, prosody_env_require ("SLEEK_TEST_COMPONENT_SECRET"));
  g_autoptr(SleekClientXmpp) juliet = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *bot = g_strdup_printf ("bot@%s", f->domain);
  ClientUtilDeadline *deadline;

  g_assert_true (component_connect (component, &error));
  g_assert_no_error (error);
  g_signal_connect (component, "message::chat", G_CALLBACK (echo), NULL);

  juliet = client_util_new_logged_in ("juliet");
  g_signal_connect (juliet, "message::chat", G_CALLBACK (collect), received);
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (juliet), bot, "through the component", "chat");
  deadline = client_util_deadline_new (CLIENT_UTIL_TIMEOUT);
  while (received->len == 0 && !client_util_deadline_expired (deadline))
    g_main_context_iteration (f->ctx, TRUE);
  client_util_deadline_free (deadline);
  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpstr (sleek_message_get_body (g_ptr_array_index (received, 0)), ==, "through the component");
  g_assert_cmpstr (sleek_jid_get_bare (sleek_stanza_get_from (g_ptr_array_index (received, 0))), ==, bot);

  client_util_disconnect (juliet);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (component));
}

static void
test_wrong_secret (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekComponentXmpp) component = make_component (f, "not the secret");
  g_autoptr(GError) error = NULL;

  g_assert_false (component_connect (component, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_HANDSHAKE_FAILED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/component/echo", Fixture, NULL, fixture_setup, test_echo, fixture_teardown);
  g_test_add ("/component/wrong-secret", Fixture, NULL, fixture_setup, test_wrong_secret, fixture_teardown);
  return g_test_run ();
}
