/* test-xep-0308.c: SleekMessageCorrection, XEP-0308 Last Message Correction
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define CORRECT "urn:xmpp:message-correct:0"

typedef struct {
  PluginFixture base;
  SleekMessageCorrection *correction;
  GPtrArray *seen;   /* "jid id body" strings */
} Fixture;

static void
on_correction (SleekMessageCorrection *correction, SleekMessage *message, const char *id, Fixture *f)
{
  g_ptr_array_add (f->seen, g_strdup_printf ("%s %s %s", sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (message))),
                                             id, sleek_message_get_body (message)));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  f->correction = SLEEK_MESSAGE_CORRECTION (pt_enable (&f->base, "xep_0308"));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->correction, "correction", G_CALLBACK (on_correction), f);
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
  pt_check_advertised (&f->base, "xep_0308", CORRECT);
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekMessage) empty =
    pt_message ("<message xmlns='jabber:client'><replace xmlns='" CORRECT "' id=''/></message>");
  g_autofree char *xml = NULL;

  g_assert_null (sleek_message_get_replace_id (message));
  sleek_message_set_replace_id (message, "first");
  sleek_message_set_replace_id (message, "m1");
  g_assert_cmpstr (sleek_message_get_replace_id (message), ==, "m1");
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><replace xmlns='" CORRECT "' id='m1'/></message>");
  sleek_message_set_replace_id (message, NULL);
  g_assert_null (sleek_message_get_replace_id (message));
  g_assert_null (sleek_message_get_replace_id (empty));
}

static void
test_send (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) room = pt_jid ("room@muc.example.com");
  g_autoptr(SleekMessage) sent = NULL;
  g_autoptr(SleekMessage) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sent = sleek_message_correction_send (f->correction, romeo, SLEEK_MESSAGE_TYPE_CHAT, "m1", "hello, wörld", &error);
  g_assert_no_error (error);
  g_assert_nonnull (sent);
  id = pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'><body>hello, wörld</body>"
                                        "<replace xmlns='" CORRECT "' id='m1'/></message>");
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (sent)), ==, id);
  g_assert_cmpstr (id, !=, "m1");

  group = sleek_message_correction_send (f->correction, room, SLEEK_MESSAGE_TYPE_GROUPCHAT, "g1", "all", &error);
  g_assert_no_error (error);
  g_free (pt_expect_send_any_id (&f->base, "<message to='room@muc.example.com' type='groupchat' id='%s'>"
                                           "<body>all</body><replace xmlns='" CORRECT "' id='g1'/></message>"));
}

static void
test_send_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) disabled = NULL;
  g_autoptr(SleekMessageCorrection) kept = g_object_ref (f->correction);

  g_assert_null (sleek_message_correction_send (f->correction, romeo, SLEEK_MESSAGE_TYPE_CHAT, "", "x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0308", &disabled));
  g_assert_no_error (disabled);
  g_assert_null (sleek_message_correction_send (kept, romeo, SLEEK_MESSAGE_TYPE_CHAT, "m1", "x", &disabled));
  g_assert_error (disabled, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat' id='c2'><body>fixed</body>"
                     "<replace xmlns='" CORRECT "' id='c1'/></message>");
  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' type='groupchat' id='c3'><body>again</body>"
                     "<replace xmlns='" CORRECT "' id='g1'/></message>");
  /* No id, an empty id, an error, no sender, another namespace: nothing. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>a</body><replace xmlns='" CORRECT "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>b</body><replace xmlns='" CORRECT "' id=''/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error'><body>c</body><replace xmlns='" CORRECT "' id='x'/></message>");
  pt_recv (&f->base, "<message type='chat'><body>d</body><replace xmlns='" CORRECT "' id='x'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>e</body><replace xmlns='urn:other' id='x'/></message>");

  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpstr (f->seen->pdata[0], ==, ROMEO " c1 fixed");
  g_assert_cmpstr (f->seen->pdata[1], ==, "room@muc.example.com/nurse g1 again");
  pt_expect_silence (&f->base);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0308", &error));
  g_assert_no_error (error);
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>x</body><replace xmlns='" CORRECT "' id='c1'/></message>");
  g_assert_cmpuint (f->seen->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0308/advertised", test_advertised);
  ADD ("/xep-0308/accessors", test_accessors);
  ADD ("/xep-0308/send", test_send);
  ADD ("/xep-0308/send-refused", test_send_refused);
  ADD ("/xep-0308/received", test_received);
  ADD ("/xep-0308/removed", test_removed);

  return g_test_run ();
}
