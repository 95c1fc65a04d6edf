/* test-xep-0424.c: SleekMessageRetraction, XEP-0424 Message Retraction
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define RETRACT "urn:xmpp:message-retract:1"
#define FALLBACK "urn:xmpp:fallback:0"
#define HINTS "urn:xmpp:hints"

typedef struct {
  PluginFixture base;
  SleekMessageRetraction *retraction;
  GPtrArray *seen;   /* "jid id" strings */
} Fixture;

static void
on_retraction (SleekMessageRetraction *retraction, SleekMessage *message, const char *id, Fixture *f)
{
  g_ptr_array_add (f->seen, g_strdup_printf ("%s %s", sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (message))),
                                             id));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  f->retraction = SLEEK_MESSAGE_RETRACTION (pt_enable (&f->base, "xep_0424"));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->retraction, "retraction", G_CALLBACK (on_retraction), f);
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
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  /* Not the old namespace. */
  g_assert_false (sleek_disco_info_has_feature (info, "urn:xmpp:message-retract:0"));
  pt_check_advertised (&f->base, "xep_0424", RETRACT);
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekMessage) old =
    pt_message ("<message xmlns='jabber:client'><retract xmlns='urn:xmpp:message-retract:0' id='x'/></message>");
  g_autofree char *xml = NULL;

  g_assert_null (sleek_message_get_retract_id (message));
  sleek_message_set_retract_id (message, "first");
  sleek_message_set_retract_id (message, "o1");
  g_assert_cmpstr (sleek_message_get_retract_id (message), ==, "o1");
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><retract xmlns='" RETRACT "' id='o1'/></message>");
  sleek_message_set_retract_id (message, NULL);
  g_assert_null (sleek_message_get_retract_id (message));
  g_assert_null (sleek_message_get_retract_id (old));
}

static void
test_send (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) room = pt_jid ("room@muc.example.com");
  g_autoptr(SleekMessage) sent = NULL;
  g_autoptr(SleekMessage) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *id = NULL;
  const char *body;

  sent = sleek_message_retraction_send (f->retraction, romeo, SLEEK_MESSAGE_TYPE_CHAT, "origin-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (sent);
  body = sleek_message_get_body (sent);
  g_assert_nonnull (body);
  g_assert_cmpstr (body, !=, "");
  expected = g_strdup_printf ("<message to='" ROMEO "' type='chat' id='%%s'>"
                              "<retract xmlns='" RETRACT "' id='origin-1'/>"
                              "<fallback xmlns='" FALLBACK "' for='" RETRACT "'/>"
                              "<body>%s</body><store xmlns='" HINTS "'/></message>", body);
  id = pt_expect_send_any_id (&f->base, expected);
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (sent)), ==, id);

  group = sleek_message_retraction_send (f->retraction, room, SLEEK_MESSAGE_TYPE_GROUPCHAT, "room-7", &error);
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("<message to='room@muc.example.com' type='groupchat' id='%%s'>"
                              "<retract xmlns='" RETRACT "' id='room-7'/>"
                              "<fallback xmlns='" FALLBACK "' for='" RETRACT "'/>"
                              "<body>%s</body><store xmlns='" HINTS "'/></message>", body);
  g_free (pt_expect_send_any_id (&f->base, expected));
}

static void
test_send_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) disabled = NULL;
  g_autoptr(SleekMessageRetraction) kept = g_object_ref (f->retraction);

  g_assert_null (sleek_message_retraction_send (f->retraction, romeo, SLEEK_MESSAGE_TYPE_CHAT, "", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0424", &disabled));
  g_assert_no_error (disabled);
  g_assert_null (sleek_message_retraction_send (kept, romeo, SLEEK_MESSAGE_TYPE_CHAT, "o1", &disabled));
  g_assert_error (disabled, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat' id='r1'><retract xmlns='" RETRACT "' id='o1'/>"
                     "<fallback xmlns='" FALLBACK "' for='" RETRACT "'/><body>old client text</body>"
                     "<store xmlns='" HINTS "'/></message>");
  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' type='groupchat'>"
                     "<retract xmlns='" RETRACT "' id='room-3'/></message>");
  /* No id, an error, no sender, the old namespace: nothing. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><retract xmlns='" RETRACT "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error'><retract xmlns='" RETRACT "' id='x'/></message>");
  pt_recv (&f->base, "<message type='chat'><retract xmlns='" RETRACT "' id='x'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><apply-to xmlns='urn:xmpp:fasten:0' id='x'>"
                     "<retract xmlns='urn:xmpp:message-retract:0'/></apply-to></message>");

  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpstr (f->seen->pdata[0], ==, ROMEO " o1");
  g_assert_cmpstr (f->seen->pdata[1], ==, "room@muc.example.com/nurse room-3");
  pt_expect_silence (&f->base);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0424", &error));
  g_assert_no_error (error);
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><retract xmlns='" RETRACT "' id='o1'/></message>");
  g_assert_cmpuint (f->seen->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0424/advertised", test_advertised);
  ADD ("/xep-0424/accessors", test_accessors);
  ADD ("/xep-0424/send", test_send);
  ADD ("/xep-0424/send-refused", test_send_refused);
  ADD ("/xep-0424/received", test_received);
  ADD ("/xep-0424/removed", test_removed);

  return g_test_run ();
}
