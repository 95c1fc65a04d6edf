/* test-xep-0444.c: SleekMessageReactions, XEP-0444 Message Reactions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define REACTIONS "urn:xmpp:reactions:0"
#define HINTS "urn:xmpp:hints"

typedef struct {
  PluginFixture base;
  SleekMessageReactions *reactions;
  GPtrArray *seen;   /* "jid id r1,r2" strings */
} Fixture;

static void
on_reactions (SleekMessageReactions *reactions, SleekMessage *message, const char *id, char **set, Fixture *f)
{
  g_autofree char *joined = g_strjoinv (",", set);

  g_ptr_array_add (f->seen, g_strdup_printf ("%s %s %s", sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (message))),
                                             id, joined));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  f->reactions = SLEEK_MESSAGE_REACTIONS (pt_enable (&f->base, "xep_0444"));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->reactions, "reactions", G_CALLBACK (on_reactions), f);
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
  pt_check_advertised (&f->base, "xep_0444", REACTIONS);
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  const char *set[] = { "👍", "", "🐢", "👍", " ", NULL };
  const char *other[] = { "❤️", NULL };
  g_auto(GStrv) got = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) empty = NULL;
  g_autofree char *xml = NULL;
  const char *id = "unset";

  none = sleek_message_get_reactions (message, &id);
  g_assert_null (none);
  g_assert_null (id);
  sleek_message_set_reactions (message, "first", other);
  sleek_message_set_reactions (message, "m1", set);
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><reactions xmlns='" REACTIONS "' id='m1'>"
                            "<reaction>👍</reaction><reaction>🐢</reaction></reactions></message>");
  got = sleek_message_get_reactions (message, &id);
  g_assert_cmpstr (id, ==, "m1");
  g_assert_cmpuint (g_strv_length (got), ==, 2);
  g_assert_cmpstr (got[0], ==, "👍");
  g_assert_cmpstr (got[1], ==, "🐢");

  /* An empty set: every reaction taken back, but still a set. */
  sleek_message_set_reactions (message, "m1", NULL);
  empty = sleek_message_get_reactions (message, NULL);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
  sleek_message_set_reactions (message, NULL, set);
  g_assert_null (sleek_message_get_reactions (message, NULL));
}

static void
test_parse_hostile (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message =
    pt_message ("<message xmlns='jabber:client'><reactions xmlns='" REACTIONS "' id='m9'>"
                "<reaction>🐢</reaction><reaction/><reaction>  </reaction><other xmlns='urn:x'>😀</other>"
                "<reaction xmlns='urn:y'>😡</reaction><reaction>🐢</reaction><reaction>👋</reaction>"
                "</reactions></message>");
  g_autoptr(SleekMessage) no_id =
    pt_message ("<message xmlns='jabber:client'><reactions xmlns='" REACTIONS "'><reaction>🐢</reaction>"
                "</reactions></message>");
  g_auto(GStrv) got = sleek_message_get_reactions (message, NULL);

  g_assert_cmpuint (g_strv_length (got), ==, 2);
  g_assert_cmpstr (got[0], ==, "🐢");
  g_assert_cmpstr (got[1], ==, "👋");
  g_assert_null (sleek_message_get_reactions (no_id, NULL));
}

static void
test_send (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) room = pt_jid ("room@muc.example.com");
  g_autoptr(SleekMessage) sent = NULL;
  g_autoptr(SleekMessage) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *mine[] = { "👋", "🐢", NULL };

  sent = sleek_message_reactions_send (f->reactions, romeo, SLEEK_MESSAGE_TYPE_CHAT, "744f", mine, &error);
  g_assert_no_error (error);
  id = pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'>"
                                        "<reactions xmlns='" REACTIONS "' id='744f'><reaction>👋</reaction>"
                                        "<reaction>🐢</reaction></reactions><store xmlns='" HINTS "'/></message>");
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (sent)), ==, id);

  cleared = sleek_message_reactions_send (f->reactions, room, SLEEK_MESSAGE_TYPE_GROUPCHAT, "room-1", NULL, &error);
  g_assert_no_error (error);
  g_free (pt_expect_send_any_id (&f->base, "<message to='room@muc.example.com' type='groupchat' id='%s'>"
                                           "<reactions xmlns='" REACTIONS "' id='room-1'/>"
                                           "<store xmlns='" HINTS "'/></message>"));
}

static void
test_send_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) disabled = NULL;
  g_autoptr(SleekMessageReactions) kept = g_object_ref (f->reactions);
  const char *mine[] = { "👋", NULL };

  g_assert_null (sleek_message_reactions_send (f->reactions, romeo, SLEEK_MESSAGE_TYPE_CHAT, "", mine, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0444", &disabled));
  g_assert_no_error (disabled);
  g_assert_null (sleek_message_reactions_send (kept, romeo, SLEEK_MESSAGE_TYPE_CHAT, "m1", mine, &disabled));
  g_assert_error (disabled, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><reactions xmlns='" REACTIONS "' id='a1'>"
                     "<reaction>👋</reaction><reaction>🐢</reaction></reactions></message>");
  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' type='groupchat'>"
                     "<reactions xmlns='" REACTIONS "' id='a2'/></message>");
  /* No id, an error, no sender: nothing. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><reactions xmlns='" REACTIONS "'>"
                     "<reaction>👋</reaction></reactions></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error'><reactions xmlns='" REACTIONS "' id='b1'>"
                     "<reaction>👋</reaction></reactions></message>");
  pt_recv (&f->base, "<message type='chat'><reactions xmlns='" REACTIONS "' id='b2'>"
                     "<reaction>👋</reaction></reactions></message>");

  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpstr (f->seen->pdata[0], ==, ROMEO " a1 👋,🐢");
  g_assert_cmpstr (f->seen->pdata[1], ==, "room@muc.example.com/nurse a2 ");
  pt_expect_silence (&f->base);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0444", &error));
  g_assert_no_error (error);
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><reactions xmlns='" REACTIONS "' id='a1'>"
                     "<reaction>👋</reaction></reactions></message>");
  g_assert_cmpuint (f->seen->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0444/advertised", test_advertised);
  ADD ("/xep-0444/accessors", test_accessors);
  ADD ("/xep-0444/parse-hostile", test_parse_hostile);
  ADD ("/xep-0444/send", test_send);
  ADD ("/xep-0444/send-refused", test_send_refused);
  ADD ("/xep-0444/received", test_received);
  ADD ("/xep-0444/removed", test_removed);

  return g_test_run ();
}
