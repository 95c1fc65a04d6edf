/* test-xep-0461.c: SleekMessageReplies, XEP-0461 Message Replies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define REPLY "urn:xmpp:reply:0"
#define FALLBACK "urn:xmpp:fallback:0"

typedef struct {
  PluginFixture base;
  SleekMessageReplies *replies;
  GPtrArray *seen;   /* "jid id text" strings */
} Fixture;

static void
on_reply (SleekMessageReplies *replies, SleekMessage *message, const char *id, Fixture *f)
{
  g_autofree char *text = sleek_message_get_reply_body (message);

  g_ptr_array_add (f->seen, g_strdup_printf ("%s %s %s", sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (message))),
                                             id, text));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  f->replies = SLEEK_MESSAGE_REPLIES (pt_enable (&f->base, "xep_0461"));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->replies, "reply", G_CALLBACK (on_reply), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_ptr_array_unref (f->seen);
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  pt_check_advertised (&f->base, "xep_0461", REPLY);
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekMessage) bad_to =
    pt_message ("<message xmlns='jabber:client'><reply xmlns='" REPLY "' id='m2' to='@@'/></message>");
  g_autoptr(SleekJid) anna = pt_jid ("anna@example.com/tablet");
  g_autoptr(SleekJid) to = NULL;
  g_autofree char *xml = NULL;

  g_assert_null (sleek_message_get_reply_id (message));
  g_assert_null (sleek_message_get_reply_to (message));
  sleek_message_set_reply (message, "first", NULL);
  sleek_message_set_reply (message, "m1", anna);
  g_assert_cmpstr (sleek_message_get_reply_id (message), ==, "m1");
  to = sleek_message_get_reply_to (message);
  g_assert_true (sleek_jid_equal (to, anna));
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><reply xmlns='" REPLY "' id='m1' "
                            "to='anna@example.com/tablet'/></message>");
  sleek_message_set_reply (message, "m1", NULL);
  g_assert_null (sleek_message_get_reply_to (message));
  sleek_message_set_reply (message, NULL, anna);
  g_assert_null (sleek_message_get_reply_id (message));
  /* An author that is not a JID is no author. */
  g_assert_cmpstr (sleek_message_get_reply_id (bad_to), ==, "m2");
  g_assert_null (sleek_message_get_reply_to (bad_to));
}

static char *
reply_body (const char *xml)
{
  g_autoptr(SleekMessage) message = pt_message (xml);

  return sleek_message_get_reply_body (message);
}

#define BODY(b) "<message xmlns='jabber:client'><body>" b "</body>"
#define RANGE(s, e) "<body start='" s "' end='" e "'/>"
#define FB(ranges) "<fallback xmlns='" FALLBACK "' for='" REPLY "'>" ranges "</fallback>"

static void
test_reply_body (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *xml;
    const char *expected;
  } cases[] = {
    /* The XEP's example: the two quoted lines are 38 characters. */
    { BODY ("&gt; Anna wrote:\n&gt; We should bake a cake\nGreat idea!") FB (RANGE ("0", "38")) "</message>",
      "Great idea!" },
    /* Offsets count code points: "> Zoë: ça va?\n" is 14 of them and 16 bytes. */
    { BODY ("&gt; Zoë: ça va?\nOui 🎉") FB (RANGE ("0", "14")) "</message>", "Oui 🎉" },
    /* Two parts, out of order; the other namespace's fallback stays. */
    { BODY ("«ab»cdéf") FB (RANGE ("6", "8") RANGE ("0", "1"))
      "<fallback xmlns='" FALLBACK "' for='urn:other'>" RANGE ("1", "3") "</fallback></message>", "ab»cd" },
    /* Overlapping parts. */
    { BODY ("0123456789") FB (RANGE ("2", "6") RANGE ("4", "8")) "</message>", "0189" },
    /* No offsets: the whole body. */
    { BODY ("only a quote") FB ("<body/>") "</message>", "" },
    /* Hostile offsets are ignored. */
    { BODY ("abc") FB (RANGE ("2", "1") RANGE ("0", "4") RANGE ("-1", "2") RANGE ("x", "1")
                       "<body start='1'/><body end='2'/>" RANGE ("0", "99999999999999999999")) "</message>", "abc" },
    /* No fallback at all. */
    { BODY ("plain") "</message>", "plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = reply_body (cases[i].xml);

      g_assert_cmpstr (got, ==, cases[i].expected);
    }
  g_assert_null (reply_body ("<message xmlns='jabber:client'/>"));
}

static void
test_send (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) anna = pt_jid ("anna@example.com/tablet");
  g_autoptr(SleekJid) room = pt_jid ("room@muc.example.com");
  g_autoptr(SleekJid) nurse = pt_jid ("room@muc.example.com/nurse");
  g_autoptr(SleekMessage) sent = NULL;
  g_autoptr(SleekMessage) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;

  sent = sleek_message_replies_send (f->replies, anna, SLEEK_MESSAGE_TYPE_CHAT, "m1", anna, "Café?\nNow?", "Oui 🎉",
                                     &error);
  g_assert_no_error (error);
  id = pt_expect_send_any_id (&f->base, "<message to='anna@example.com/tablet' type='chat' id='%s'>"
                                        "<fallback xmlns='" FALLBACK "' for='" REPLY "'>" RANGE ("0", "15") "</fallback>"
                                        "<body>&gt; Café?\n&gt; Now?\nOui 🎉</body>"
                                        "<reply xmlns='" REPLY "' id='m1' to='anna@example.com/tablet'/></message>");
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (sent)), ==, id);
  text = sleek_message_get_reply_body (sent);
  g_assert_cmpstr (text, ==, "Oui 🎉");

  plain = sleek_message_replies_send (f->replies, room, SLEEK_MESSAGE_TYPE_GROUPCHAT, "room-4", nurse, NULL, "yes",
                                      &error);
  g_assert_no_error (error);
  g_free (pt_expect_send_any_id (&f->base, "<message to='room@muc.example.com' type='groupchat' id='%s'>"
                                           "<body>yes</body><reply xmlns='" REPLY "' id='room-4' "
                                           "to='room@muc.example.com/nurse'/></message>"));
}

static void
test_send_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) disabled = NULL;
  g_autoptr(SleekMessageReplies) kept = g_object_ref (f->replies);

  g_assert_null (sleek_message_replies_send (f->replies, romeo, SLEEK_MESSAGE_TYPE_CHAT, "", NULL, NULL, "x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0461", &disabled));
  g_assert_no_error (disabled);
  g_assert_null (sleek_message_replies_send (kept, romeo, SLEEK_MESSAGE_TYPE_CHAT, "m1", NULL, NULL, "x", &disabled));
  g_assert_error (disabled, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>&gt; hi\nhello</body>"
                     "<reply xmlns='" REPLY "' id='a1' to='" OWN_JID "'/>"
                     "<fallback xmlns='" FALLBACK "' for='" REPLY "'>" RANGE ("0", "5") "</fallback></message>");
  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' type='groupchat'><body>ok</body>"
                     "<reply xmlns='" REPLY "' id='a2'/></message>");
  /* No id, an error, no sender: nothing. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>x</body><reply xmlns='" REPLY "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error'><body>x</body><reply xmlns='" REPLY "' id='b'/></message>");
  pt_recv (&f->base, "<message type='chat'><body>x</body><reply xmlns='" REPLY "' id='c'/></message>");

  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpstr (f->seen->pdata[0], ==, ROMEO " a1 hello");
  g_assert_cmpstr (f->seen->pdata[1], ==, "room@muc.example.com/nurse a2 ok");
  pt_expect_silence (&f->base);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0461", &error));
  g_assert_no_error (error);
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>x</body><reply xmlns='" REPLY "' id='a1'/></message>");
  g_assert_cmpuint (f->seen->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0461/advertised", test_advertised);
  ADD ("/xep-0461/accessors", test_accessors);
  ADD ("/xep-0461/reply-body", test_reply_body);
  ADD ("/xep-0461/send", test_send);
  ADD ("/xep-0461/send-refused", test_send_refused);
  ADD ("/xep-0461/received", test_received);
  ADD ("/xep-0461/removed", test_removed);

  return g_test_run ();
}
