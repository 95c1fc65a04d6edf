/* test-message.c: SleekMessage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "stanza-test-util.h"

static void
test_message_new (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();

  g_assert_true (SLEEK_IS_MESSAGE (message));
  g_assert_true (SLEEK_IS_STANZA (message));
  assert_stanza_xml (message, "<message xmlns='jabber:client'/>");
  g_assert_null (sleek_message_get_body (message));
  g_assert_null (sleek_message_get_subject (message));
  g_assert_null (sleek_message_get_thread (message));
  g_assert_cmpint (sleek_message_get_message_type (message), ==, SLEEK_MESSAGE_TYPE_NORMAL);
  g_assert_null (sleek_stanza_get_string (SLEEK_STANZA (message), "type"));
}

static void
test_message_accessors (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();

  sleek_message_set_body (message, "Wherefore art thou?");
  sleek_message_set_subject (message, "Question");
  sleek_message_set_thread (message, "e0ffe42b28561960c6b12b944a092794b9683a38");
  assert_stanza_xml (message,
                     "<message xmlns='jabber:client'><body>Wherefore art thou?</body>"
                     "<subject>Question</subject>"
                     "<thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread></message>");
  g_assert_cmpstr (sleek_message_get_body (message), ==, "Wherefore art thou?");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (message), "subject"), ==, "Question");
  g_assert_cmpstr (sleek_message_get_thread (message), ==, "e0ffe42b28561960c6b12b944a092794b9683a38");

  sleek_message_set_subject (message, NULL);
  sleek_stanza_delete (SLEEK_STANZA (message), "thread");
  assert_stanza_xml (message, "<message xmlns='jabber:client'><body>Wherefore art thou?</body></message>");
}

static void
test_message_properties (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  NotifyLog log;

  notify_log_init (&log, message);
  g_object_set (message, "body", "b", "subject", "s", "thread", "t", NULL);
  g_object_set (message, "body", "b", NULL);
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "subject"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "thread"), ==, 1);

  g_object_get (message, "body", &body, "subject", &subject, NULL);
  g_assert_cmpstr (body, ==, "b");
  g_assert_cmpstr (subject, ==, "s");

  /* Changes through the node show in the property, without notify. */
  sleek_node_set_child_text (sleek_stanza_get_node (SLEEK_STANZA (message)), "body", SLEEK_NS_CLIENT, "c");
  g_assert_cmpstr (sleek_message_get_body (message), ==, "c");
  notify_log_clear (&log, message);
}

static void
test_message_types (void)
{
  struct {
    const char *attribute;
    SleekMessageType type;
  } cases[] = {
    { "normal", SLEEK_MESSAGE_TYPE_NORMAL },
    { "chat", SLEEK_MESSAGE_TYPE_CHAT },
    { "groupchat", SLEEK_MESSAGE_TYPE_GROUPCHAT },
    { "headline", SLEEK_MESSAGE_TYPE_HEADLINE },
    { "error", SLEEK_MESSAGE_TYPE_ERROR },
    { "bogus", SLEEK_MESSAGE_TYPE_NORMAL },
    { "", SLEEK_MESSAGE_TYPE_NORMAL },
  };
  g_autoptr(SleekMessage) message = sleek_message_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sleek_stanza_set_string (SLEEK_STANZA (message), "type", cases[i].attribute);
      g_assert_cmpint (sleek_message_get_message_type (message), ==, cases[i].type);
      /* The string gives the attribute as it is. */
      g_assert_cmpstr (sleek_stanza_get_stanza_type (SLEEK_STANZA (message)), ==, cases[i].attribute);
    }
}

static void
test_message_set_type (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  GEnumClass *klass = g_type_class_ref (SLEEK_TYPE_MESSAGE_TYPE);

  for (guint i = 0; i < klass->n_values; i++)
    {
      SleekMessageType type = klass->values[i].value;

      sleek_message_set_message_type (message, type);
      g_assert_cmpint (sleek_message_get_message_type (message), ==, type);
      g_assert_cmpstr (sleek_stanza_get_stanza_type (SLEEK_STANZA (message)), ==, klass->values[i].value_nick);
    }
  g_type_class_unref (klass);
}

static void
test_message_reply_chat (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:client' type='chat' id='c1' "
                  "from='romeo@example.net/orchard' to='juliet@example.com/balcony'>"
                  "<body>Hello</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
  g_autoptr(SleekStanza) cleared = sleek_stanza_reply (message, TRUE);
  g_autoptr(SleekStanza) kept = sleek_stanza_reply (message, FALSE);

  g_assert_true (SLEEK_IS_MESSAGE (cleared));
  assert_stanza_xml (cleared,
                     "<message xmlns='jabber:client' type='chat' id='c1' "
                     "to='romeo@example.net/orchard' from='juliet@example.com/balcony'/>");
  assert_stanza_xml (kept,
                     "<message xmlns='jabber:client' type='chat' id='c1' "
                     "to='romeo@example.net/orchard' from='juliet@example.com/balcony'>"
                     "<body>Hello</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
}

static void
test_message_reply_groupchat (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:client' type='groupchat' id='g1' "
                  "from='coven@chat.shakespeare.lit/thirdwitch' to='crone1@shakespeare.lit/desktop'>"
                  "<body>Harpier cries</body></message>");
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (message, TRUE);

  /* To the room, not to the occupant. */
  assert_stanza_xml (reply,
                     "<message xmlns='jabber:client' type='groupchat' id='g1' "
                     "to='coven@chat.shakespeare.lit' from='crone1@shakespeare.lit/desktop'/>");
}

static void
test_message_reply_keeps_thread (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:client' type='chat' from='a@b/c'>"
                  "<body>x</body><thread parent='p1'>t1</thread></message>");
  g_autoptr(SleekMessage) reply = sleek_message_reply (SLEEK_MESSAGE (message), "y");
  g_autoptr(SleekMessage) empty = sleek_message_reply (SLEEK_MESSAGE (message), NULL);

  assert_stanza_xml (reply,
                     "<message xmlns='jabber:client' type='chat' to='a@b/c'>"
                     "<thread parent='p1'>t1</thread><body>y</body></message>");
  assert_stanza_xml (empty,
                     "<message xmlns='jabber:client' type='chat' to='a@b/c'>"
                     "<thread parent='p1'>t1</thread></message>");
}

static void
test_message_reply_body (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekMessage) reply = NULL;

  sleek_stanza_set_string (SLEEK_STANZA (message), "from", "a@example.com/r");
  sleek_stanza_set_string (SLEEK_STANZA (message), "to", "b@example.com");
  sleek_message_set_message_type (message, SLEEK_MESSAGE_TYPE_CHAT);
  sleek_message_set_body (message, "ping");

  reply = sleek_message_reply (message, "pong");
  g_assert_cmpstr (sleek_message_get_body (reply), ==, "pong");
  g_assert_cmpint (sleek_message_get_message_type (reply), ==, SLEEK_MESSAGE_TYPE_CHAT);
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (SLEEK_STANZA (reply))), ==, "a@example.com/r");
  g_assert_cmpstr (sleek_message_get_body (message), ==, "ping");
}

static void
test_message_error (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:client' type='error' from='a@b'><body>x</body>"
                  "<error type='cancel'><recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                  "</message>");
  g_autoptr(GError) error = sleek_stanza_get_error (message);
  SleekStanza *plugin = sleek_stanza_get_plugin (message, "error", FALSE);

  g_assert_cmpint (sleek_message_get_message_type (SLEEK_MESSAGE (message)), ==, SLEEK_MESSAGE_TYPE_ERROR);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_RECIPIENT_UNAVAILABLE);
  g_assert_true (SLEEK_IS_ERROR_STANZA (plugin));
  g_assert_cmpstr (sleek_error_stanza_get_condition (SLEEK_ERROR_STANZA (plugin)), ==, "recipient-unavailable");
  g_assert_true (sleek_stanza_match (message, "message@type=error/error@type=cancel"));
}

static void
test_message_component (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:component:accept' from='a@b' to='c.example.com' type='chat'>"
                  "<body>hi</body><thread>t</thread></message>");
  g_autoptr(SleekMessage) reply = sleek_message_reply (SLEEK_MESSAGE (message), "hello");

  g_assert_true (SLEEK_IS_MESSAGE (message));
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (message)), ==, "hi");
  assert_stanza_xml (reply,
                     "<message xmlns='jabber:component:accept' to='a@b' from='c.example.com' type='chat'>"
                     "<thread>t</thread><body>hello</body></message>");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/message/new", test_message_new);
  g_test_add_func ("/message/accessors", test_message_accessors);
  g_test_add_func ("/message/properties", test_message_properties);
  g_test_add_func ("/message/types", test_message_types);
  g_test_add_func ("/message/set-type", test_message_set_type);
  g_test_add_func ("/message/reply/chat", test_message_reply_chat);
  g_test_add_func ("/message/reply/groupchat", test_message_reply_groupchat);
  g_test_add_func ("/message/reply/keeps-thread", test_message_reply_keeps_thread);
  g_test_add_func ("/message/reply/body", test_message_reply_body);
  g_test_add_func ("/message/error", test_message_error);
  g_test_add_func ("/message/component", test_message_component);

  return g_test_run ();
}
