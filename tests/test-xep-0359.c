/* test-xep-0359.c: SleekStanzaIds, XEP-0359 Unique and Stable Stanza IDs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define SID "urn:xmpp:sid:0"

typedef struct {
  PluginFixture base;
  SleekStanzaIds *ids;
  SleekMessage *received;
} Fixture;

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  g_clear_object (&f->received);
  f->received = g_object_ref (message);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0359", &error));
  g_assert_no_error (error);
  f->ids = SLEEK_STANZA_IDS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0359"));
  g_signal_connect (f->base.xmpp, "message", G_CALLBACK (on_message), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->received);
  pt_teardown (&f->base, data);
}

static SleekNode *
next_sent (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SleekNode *sent = sleek_test_stream_next_send (f->base.peer, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sent);
  return sent;
}

static void
test_stanza_plugins (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "'>"
                   "<origin-id xmlns='" SID "' id='de305d54'/>"
                   "<stanza-id xmlns='" SID "' id='s1' by='example.net'/>"
                   "<stanza-id xmlns='" SID "' id='s2' by='juliet@example.com'/></message>");
  g_autoptr(SleekMessage) built = sleek_message_new ();
  SleekStanza *origin, *sid;
  g_autoptr(SleekJid) by = NULL;
  g_autoptr(SleekJid) room = pt_jid ("room@muc.example.com");
  g_autofree char *xml = NULL;

  origin = sleek_stanza_get_plugin (SLEEK_STANZA (message), "origin_id", FALSE);
  g_assert_true (SLEEK_IS_ORIGIN_ID (origin));
  g_assert_cmpstr (sleek_origin_id_get_id (SLEEK_ORIGIN_ID (origin)), ==, "de305d54");
  g_assert_cmpstr (sleek_message_get_origin_id (message), ==, "de305d54");

  /* The plugin is the first stanza-id; the lookup by entity finds each. */
  sid = sleek_stanza_get_plugin (SLEEK_STANZA (message), "stanza_id", FALSE);
  g_assert_true (SLEEK_IS_STANZA_ID (sid));
  g_assert_cmpstr (sleek_stanza_id_get_id (SLEEK_STANZA_ID (sid)), ==, "s1");
  by = sleek_stanza_id_get_by (SLEEK_STANZA_ID (sid));
  g_assert_cmpstr (sleek_jid_to_string (by), ==, "example.net");
  g_assert_cmpstr (sleek_message_get_stanza_id (message, by), ==, "s1");
  g_clear_pointer (&by, sleek_jid_unref);
  by = pt_jid ("juliet@example.com/balcony");
  g_assert_cmpstr (sleek_message_get_stanza_id (message, by), ==, "s2");
  g_assert_null (sleek_message_get_stanza_id (message, room));

  /* Building them. */
  sleek_message_set_origin_id (built, "o1");
  g_assert_cmpstr (sleek_message_get_origin_id (built), ==, "o1");
  sleek_message_set_origin_id (built, "o2");
  g_assert_cmpstr (sleek_message_get_origin_id (built), ==, "o2");
  sid = sleek_stanza_get_plugin (SLEEK_STANZA (built), "stanza_id", TRUE);
  sleek_stanza_id_set_id (SLEEK_STANZA_ID (sid), "x9");
  sleek_stanza_id_set_by (SLEEK_STANZA_ID (sid), room);
  g_assert_cmpstr (sleek_message_get_stanza_id (built, room), ==, "x9");
  xml = sleek_stanza_to_string (SLEEK_STANZA (built));
  g_assert_nonnull (strstr (xml, "<origin-id xmlns='" SID "' id='o2'/>"));
  g_assert_nonnull (strstr (xml, "by='room@muc.example.com'"));
  sleek_message_set_origin_id (built, NULL);
  g_assert_null (sleek_message_get_origin_id (built));
  g_assert_null (sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (built)), "origin-id", SID));
}

/* Malformed ids from the network are no ids, never a crash. */
static void
test_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message =
    pt_message ("<message xmlns='jabber:client'>"
                   "<origin-id xmlns='" SID "'/>"
                   "<stanza-id xmlns='" SID "' id='' by='juliet@example.com'/>"
                   "<stanza-id xmlns='" SID "' id='a'/>"
                   "<stanza-id xmlns='" SID "' id='b' by='@@bad'/>"
                   "<stanza-id xmlns='" SID "' id='c' by='juliet@example.com/other'/></message>");
  g_autoptr(SleekJid) own = pt_jid ("juliet@example.com");
  SleekStanza *sid;

  g_assert_null (sleek_message_get_origin_id (message));
  g_assert_null (sleek_message_get_stanza_id (message, own));
  sid = sleek_stanza_get_plugin (SLEEK_STANZA (message), "stanza_id", FALSE);
  g_assert_null (sleek_stanza_id_get_id (SLEEK_STANZA_ID (sid)));
  g_assert_null (sleek_stanza_ids_get_stanza_id (f->ids, message, NULL));
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);
  g_autoptr(SleekDiscoInfo) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_disco_info_has_feature (info, SID));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0359", &error));
  g_assert_no_error (error);
  after = sleek_disco_get_local_info (disco, NULL);
  g_assert_false (sleek_disco_info_has_feature (after, SID));
}

static void
test_origin_id_added (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "hi", NULL, "chat");
  g_autoptr(SleekMessage) other = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "again", NULL, "chat");
  g_autoptr(SleekNode) sent = NULL;
  g_autoptr(SleekNode) sent2 = NULL;
  SleekNode *origin;
  const char *id;

  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  sent = next_sent (f);
  origin = sleek_node_get_child (sent, "origin-id", SID);
  g_assert_nonnull (origin);
  id = sleek_node_get_attribute (origin, "id");
  g_assert_true (g_uuid_string_is_valid (id));
  /* The message sent carries it: the sender can refer to it. */
  g_assert_cmpstr (sleek_message_get_origin_id (message), ==, id);

  /* Each message its own. */
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (other));
  sent2 = next_sent (f);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_child (sent2, "origin-id", SID), "id"), !=, id);
}

static void
test_origin_id_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "hi", NULL, "chat");

  sleek_message_set_origin_id (message, "mine");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>hi</body>"
                            "<origin-id xmlns='" SID "' id='mine'/></message>");
}

static void
test_origin_id_not_added (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) error_message = sleek_message_new ();
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "hi", NULL, "chat");

  /* Not on errors, not on other stanzas. */
  sleek_stanza_set_string (SLEEK_STANZA (error_message), "to", ROMEO);
  sleek_message_set_message_type (error_message, SLEEK_MESSAGE_TYPE_ERROR);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (error_message));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='error'/>");
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence/>");

  /* Turned off. */
  g_object_set (f->ids, "add-origin-id", FALSE, NULL);
  g_assert_false (sleek_stanza_ids_get_add_origin_id (f->ids));
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>hi</body></message>");
  sleek_stanza_ids_set_add_origin_id (f->ids, TRUE);
  g_assert_true (sleek_stanza_ids_get_add_origin_id (f->ids));
}

static void
test_removed_stops_adding (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0359", &error));
  g_assert_no_error (error);
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, "plain", "chat");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>plain</body></message>");
}

/* Only the stanza id stamped by the entity we trust counts: our own bare
 * JID by default, the room we name otherwise. Anybody else's, or one with
 * a full JID as `by`, is ignored; of several by the trusted entity, the
 * last (the one it appended) counts. */
static void
test_trusted_stanza_id (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room = pt_jid ("room@muc.example.com");
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "' type='chat'><body>1</body>"
                     "<stanza-id xmlns='" SID "' id='forged' by='romeo@example.net'/>"
                     "<stanza-id xmlns='" SID "' id='forged2' by='juliet@example.com/balcony'/>"
                     "<stanza-id xmlns='" SID "' id='forged3' by='juliet@example.com'/>"
                     "<stanza-id xmlns='" SID "' id='arch-1' by='juliet@example.com'/></message>");
  g_assert_nonnull (f->received);
  g_assert_cmpstr (sleek_stanza_ids_get_stanza_id (f->ids, f->received, NULL), ==, "arch-1");
  g_assert_null (sleek_stanza_ids_get_stanza_id (f->ids, f->received, room));
  g_assert_cmpstr (sleek_stanza_ids_get_stanza_id (f->ids, f->received, romeo), ==, "forged");

  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "' type='chat'><body>2</body>"
                     "<stanza-id xmlns='" SID "' id='forged' by='romeo@example.net'/></message>");
  g_assert_null (sleek_stanza_ids_get_stanza_id (f->ids, f->received, NULL));

  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' to='" OWN_JID "' type='groupchat'><body>3</body>"
                     "<stanza-id xmlns='" SID "' id='room-7' by='room@muc.example.com'/></message>");
  g_assert_cmpstr (sleek_stanza_ids_get_stanza_id (f->ids, f->received, room), ==, "room-7");
  g_assert_null (sleek_stanza_ids_get_stanza_id (f->ids, f->received, NULL));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0359/stanza-plugins", test_stanza_plugins);
  ADD ("/xep-0359/malformed", test_malformed);
  ADD ("/xep-0359/advertised", test_advertised);
  ADD ("/xep-0359/origin-id/added", test_origin_id_added);
  ADD ("/xep-0359/origin-id/kept", test_origin_id_kept);
  ADD ("/xep-0359/origin-id/not-added", test_origin_id_not_added);
  ADD ("/xep-0359/origin-id/removed", test_removed_stops_adding);
  ADD ("/xep-0359/stanza-id/trusted", test_trusted_stanza_id);

  return g_test_run ();
}
