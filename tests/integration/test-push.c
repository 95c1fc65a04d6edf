/* test-push.c: XEP-0357 Push Notifications against the server
 * (Prosody's mod_cloud_notify from prosody-modules, ejabberd's mod_push)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A leased external component plays the push service (the app server):
 * it records the pubsub publishes the server sends it and answers them.
 * A fresh account enables push notifications to a node of that service;
 * a message to it while it is offline, or while its session hibernates
 * under stream management after the connection broke, must then reach
 * the service as a notification for that node, and once disabled, no
 * more notifications come.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"
#include "relay.h"

#include <string.h>

#define NS_PUBSUB "http://jabber.org/protocol/pubsub"

typedef struct {
  GMainContext *ctx;
  const char *domain;           /* the leased component: the push service */
  SleekComponentXmpp *service;
  GPtrArray *publishes;         /* SleekIq, every publish the service got */
  char *node;                   /* this test's node on the service */
  char *bare_jid;               /* the fresh account */
  char *password;
  SleekClientXmpp *owner;       /* logged in as the fresh account, when not NULL */
} Fixture;

static void
on_publish (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);

  g_ptr_array_add (f->publishes, g_object_ref (stanza));
  sleek_stanza_set_string (reply, "type", "result");
  sleek_xml_stream_send (stream, reply);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMatcher) matcher = NULL;
  g_autofree char *resource = client_util_resource ();

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->domain = prosody_env_lease_component ();
  f->publishes = g_ptr_array_new_with_free_func (g_object_unref);
  f->node = g_strdup_printf ("device-%s-%08x", resource, g_random_int ());

  f->service = sleek_component_xmpp_new (f->domain, prosody_env_require ("SLEEK_TEST_COMPONENT_SECRET"),
                                         prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                                         prosody_env_port ("SLEEK_TEST_COMPONENT_PORT"));
  matcher = sleek_matcher_new_xml_mask ("<iq type='set'><pubsub xmlns='" NS_PUBSUB "'/></iq>", &error);
  g_assert_no_error (error);
  sleek_xml_stream_add_handler (SLEEK_XML_STREAM (f->service), matcher, SLEEK_HANDLER_NONE, on_publish, f, NULL);
  sleek_component_xmpp_connect_async (f->service, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_component_xmpp_connect_finish (f->service, result, &error));
  g_assert_no_error (error);

  f->owner = client_util_new_fresh_account (&f->bare_jid, &f->password);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->owner == NULL)
    {
      g_autoptr(GError) error = NULL;

      f->owner = client_util_new_for_account (f->bare_jid, f->password);
      g_assert_true (client_util_login (f->owner, &error));
      g_assert_no_error (error);
    }
  client_util_remove_account (f->owner);
  g_clear_object (&f->owner);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->service));
  g_clear_object (&f->service);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  prosody_env_release_component (f->domain);
  g_ptr_array_unref (f->publishes);
  g_free (f->node);
  g_free (f->bare_jid);
  g_free (f->password);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* The publishes to this test's node. */
static guint
count_notifications (Fixture *f)
{
  guint n = 0;

  for (guint i = 0; i < f->publishes->len; i++)
    {
      SleekNode *iq = sleek_stanza_get_node (g_ptr_array_index (f->publishes, i));
      SleekNode *pubsub = sleek_node_get_child (iq, "pubsub", NS_PUBSUB);
      SleekNode *publish = pubsub != NULL ? sleek_node_get_child (pubsub, "publish", NS_PUBSUB) : NULL;

      if (publish != NULL && g_strcmp0 (sleek_node_get_attribute (publish, "node"), f->node) == 0)
        n++;
    }
  return n;
}

/* The last publish to this test's node. */
static SleekNode *
last_notification (Fixture *f)
{
  for (guint i = f->publishes->len; i > 0; i--)
    {
      SleekNode *iq = sleek_stanza_get_node (g_ptr_array_index (f->publishes, i - 1));
      SleekNode *publish = sleek_node_find (iq, "{" NS_PUBSUB "}pubsub/{" NS_PUBSUB "}publish");

      if (publish != NULL && g_strcmp0 (sleek_node_get_attribute (publish, "node"), f->node) == 0)
        return iq;
    }
  return NULL;
}

/* Whether @publish announces a message with a body: its summary form
 * carries `last-message-body` (XEP-0357 §5, which both servers fill in
 * for a chat message, with a placeholder unless told to say more). */
static gboolean
is_important (SleekNode *publish)
{
  SleekNode *notification = sleek_node_find (publish, "{" NS_PUBSUB "}pubsub/{" NS_PUBSUB "}publish/{"
                                             NS_PUBSUB "}item/{" SLEEK_NS_PUSH "}notification");
  SleekNode *form = notification != NULL ? sleek_node_get_child (notification, "x", SLEEK_NS_DATA_FORMS) : NULL;

  for (guint i = 0; form != NULL && i < sleek_node_get_n_children (form); i++)
    if (g_strcmp0 (sleek_node_get_attribute (sleek_node_get_nth_child (form, i), "var"), "last-message-body") == 0)
      return TRUE;
  return FALSE;
}

static SleekPush *
enable_push (Fixture *f, SleekClientXmpp *client, SleekDataForm *options)
{
  SleekPush *push = client_util_enable (client, "xep_0357");
  g_autoptr(SleekJid) service = sleek_jid_new (f->domain, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_push_enable_async (push, service, f->node, options, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_push_enable_finish (push, result, &error));
  g_assert_no_error (error);
  return push;
}

static void
disable_push (Fixture *f, SleekPush *push)
{
  g_autoptr(SleekJid) service = sleek_jid_new (f->domain, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_push_disable_async (push, service, f->node, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_push_disable_finish (push, result, &error));
  g_assert_no_error (error);
}

static void
send_from_romeo (Fixture *f, const char *to, const char *body)
{
  g_autoptr(SleekClientXmpp) romeo = client_util_new_logged_in ("romeo");

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (romeo), to, body, "chat");
  client_util_ping_server (romeo);
  client_util_disconnect (romeo);
}

static void
log_owner_in (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->owner = client_util_new_for_account (f->bare_jid, f->password);
  g_assert_true (client_util_login (f->owner, &error));
  g_assert_no_error (error);
}

static void
test_offline (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) options = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  SleekNode *notification;
  SleekPush *push;

  sleek_data_form_set_field_value (options, "secret", "app-server-secret");
  enable_push (f, f->owner, options);
  /* Nothing is published while the account is online. */
  client_util_disconnect (f->owner);
  g_clear_object (&f->owner);
  g_assert_cmpuint (count_notifications (f), ==, 0);

  send_from_romeo (f, f->bare_jid, "wake up");
  WAIT_UNTIL (count_notifications (f) >= 1, CLIENT_UTIL_TIMEOUT);
  notification = last_notification (f);
  g_assert_true (is_important (notification));
  g_assert_nonnull (sleek_node_find (notification, "{" NS_PUBSUB "}pubsub/{" NS_PUBSUB "}publish/{"
                                     NS_PUBSUB "}item/{" SLEEK_NS_PUSH "}notification"));
  /* The publish options travel with it. */
  {
    g_autofree char *xml = sleek_node_to_string (notification);

    g_assert_nonnull (strstr (xml, "app-server-secret"));
  }

  /* Disabled: a message while offline no longer wakes anybody. */
  log_owner_in (f);
  push = SLEEK_PUSH (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->owner), "xep_0357"));
  if (push == NULL)
    push = client_util_enable (f->owner, "xep_0357");
  disable_push (f, push);
  client_util_disconnect (f->owner);
  g_clear_object (&f->owner);
  g_ptr_array_set_size (f->publishes, 0);
  send_from_romeo (f, f->bare_jid, "nobody wakes");
  /* Romeo's ping came back after the server handled the message; give
   * the publish it would send a moment to arrive. */
  client_util_spin (1.0);
  g_assert_cmpuint (count_notifications (f), ==, 0);
}

static void
on_resumed (SleekStreamManagement *sm, gboolean *resumed)
{
  *resumed = TRUE;
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, GPtrArray *received)
{
  if (sleek_message_get_body (message) != NULL)
    g_ptr_array_add (received, g_strdup (sleek_message_get_body (message)));
}

static void
test_hibernated (Fixture *f, gconstpointer data)
{
  Relay *relay = relay_new (prosody_env_port ("SLEEK_TEST_C2S_PORT"));
  g_autoptr(SleekClientXmpp) client = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_free);
  SleekStreamManagement *sm;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_jid = NULL;
  gboolean resumed = FALSE;
  guint before;

  client_util_disconnect (f->owner);
  g_clear_object (&f->owner);

  client = client_util_new_for_account (f->bare_jid, f->password);
  g_object_set (client, "auto-reconnect", FALSE, "server-host", "127.0.0.1",
                "server-port", (guint) relay_get_port (relay), NULL);
  sm = client_util_enable (client, "xep_0198");
  g_assert_true (client_util_login (client, &error));
  g_assert_no_error (error);
  g_assert_true (sleek_stream_management_get_resumable (sm));
  full_jid = g_strdup (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client))));
  enable_push (f, client, NULL);

  /* The connection breaks: the server keeps the session, hibernating. */
  relay_cut (relay);
  WAIT_UNTIL (!sleek_xml_stream_is_connected (SLEEK_XML_STREAM (client)), CLIENT_UTIL_TIMEOUT);
  /* Prosody may wake the device at once for what it had not had
   * acknowledged yet: the message must bring one more. */
  client_util_spin (0.5);
  before = count_notifications (f);

  send_from_romeo (f, full_jid, "while you slept");
  WAIT_UNTIL (count_notifications (f) > before, CLIENT_UTIL_TIMEOUT);
  g_assert_true (is_important (last_notification (f)));

  /* Back again: the session resumes and the message comes. */
  g_signal_connect (sm, "resumed", G_CALLBACK (on_resumed), &resumed);
  g_signal_connect (client, "message::chat", G_CALLBACK (on_message), received);
  g_assert_true (client_util_login (client, &error));
  g_assert_no_error (error);
  g_assert_true (resumed);
  WAIT_UNTIL (received->len >= 1, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, "while you slept");
  g_signal_handlers_disconnect_by_data (sm, &resumed);
  g_signal_handlers_disconnect_by_data (client, received);

  disable_push (f, SLEEK_PUSH (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0357")));
  f->owner = g_steal_pointer (&client);
  relay_free (relay);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/push/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/push/hibernated", Fixture, NULL, fixture_setup, test_hibernated, fixture_teardown);
  return g_test_run ();
}
