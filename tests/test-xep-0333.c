/* test-xep-0333.c: SleekChatMarkers, XEP-0333 chat markers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define MARKERS "urn:xmpp:chat-markers:0"
#define HINTS "urn:xmpp:hints"
#define SID "urn:xmpp:sid:0"

typedef struct {
  PluginFixture base;
  SleekChatMarkers *markers;
  GPtrArray *seen;   /* "jid marker id" strings */
} Fixture;

static void
on_marker (SleekChatMarkers *markers, SleekJid *jid, SleekChatMarker marker, const char *id, Fixture *f)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLEEK_TYPE_CHAT_MARKER);

  g_ptr_array_add (f->seen, g_strdup_printf ("%s %s %s", sleek_jid_to_string (jid),
                                             g_enum_get_value (klass, marker)->value_nick, id));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0333", &error));
  g_assert_no_error (error);
  f->markers = SLEEK_CHAT_MARKERS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0333"));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->markers, "chat-marker", G_CALLBACK (on_marker), f);
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

  g_assert_true (sleek_disco_info_has_feature (info, MARKERS));
  g_assert_true (sleek_chat_markers_get_auto_markable (f->markers));
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autofree char *xml = NULL;
  const char *id = "unset";

  g_assert_false (sleek_message_get_markable (message));
  sleek_message_set_markable (message, TRUE);
  sleek_message_set_markable (message, TRUE);
  g_assert_true (sleek_message_get_markable (message));
  sleek_message_set_markable (message, FALSE);
  g_assert_false (sleek_message_get_markable (message));

  g_assert_cmpint (sleek_message_get_chat_marker (message, &id), ==, SLEEK_CHAT_MARKER_NONE);
  g_assert_null (id);
  sleek_message_set_chat_marker (message, SLEEK_CHAT_MARKER_RECEIVED, "m1");
  sleek_message_set_chat_marker (message, SLEEK_CHAT_MARKER_DISPLAYED, "m2");
  g_assert_cmpint (sleek_message_get_chat_marker (message, &id), ==, SLEEK_CHAT_MARKER_DISPLAYED);
  g_assert_cmpstr (id, ==, "m2");
  g_assert_cmpint (sleek_message_get_chat_marker (message, NULL), ==, SLEEK_CHAT_MARKER_DISPLAYED);
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><displayed xmlns='" MARKERS "' id='m2'/></message>");
  sleek_message_set_chat_marker (message, SLEEK_CHAT_MARKER_NONE, NULL);
  g_assert_cmpint (sleek_message_get_chat_marker (message, NULL), ==, SLEEK_CHAT_MARKER_NONE);
}

static void
test_markable_added (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "hi", NULL, "chat");
  g_autoptr(SleekMessage) off = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "off", NULL, "chat");
  g_autofree char *id = NULL;

  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  id = pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'><body>hi</body>"
                                        "<markable xmlns='" MARKERS "'/></message>");
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (message)), ==, id);
  sleek_base_xmpp_send_message (f->base.xmpp, "room@muc.example.com", "all", "groupchat");
  g_free (pt_expect_send_any_id (&f->base, "<message to='room@muc.example.com' type='groupchat' id='%s'>"
                                           "<body>all</body><markable xmlns='" MARKERS "'/></message>"));
  /* Not without a body, not in normal messages, not when turned off. */
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, NULL, "chat");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'/>");
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, "note", "normal");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='normal'><body>note</body></message>");
  g_object_set (f->markers, "auto-markable", FALSE, NULL);
  g_assert_false (sleek_chat_markers_get_auto_markable (f->markers));
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (off));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>off</body></message>");
}

static void
test_send_marker (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) chat =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "' type='chat' id='c1'><body>x</body>"
                   "<markable xmlns='" MARKERS "'/></message>");
  g_autoptr(SleekMessage) group =
    pt_message ("<message xmlns='jabber:client' from='room@muc.example.com/romeo' type='groupchat' id='g1'>"
                   "<body>x</body><markable xmlns='" MARKERS "'/>"
                   "<stanza-id xmlns='" SID "' id='forged' by='romeo@example.net'/>"
                   "<stanza-id xmlns='" SID "' id='room-9' by='room@muc.example.com'/></message>");
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_chat_markers_send_marker (f->markers, chat, SLEEK_CHAT_MARKER_DISPLAYED, &error));
  g_assert_no_error (error);
  g_free (pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'>"
                                           "<displayed xmlns='" MARKERS "' id='c1'/><store xmlns='" HINTS "'/>"
                                           "</message>"));
  /* In a room: to the room, naming the room's stanza id. */
  g_assert_true (sleek_chat_markers_send_marker (f->markers, group, SLEEK_CHAT_MARKER_RECEIVED, &error));
  g_assert_no_error (error);
  g_free (pt_expect_send_any_id (&f->base, "<message to='room@muc.example.com' type='groupchat' id='%s'>"
                                           "<received xmlns='" MARKERS "' id='room-9'/><store xmlns='" HINTS "'/>"
                                           "</message>"));
}

static void
test_send_marker_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) plain =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "' type='chat' id='p1'><body>x</body></message>");
  g_autoptr(SleekMessage) no_id =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "' type='chat'><markable xmlns='" MARKERS "'/></message>");
  g_autoptr(SleekMessage) no_from =
    pt_message ("<message xmlns='jabber:client' type='chat' id='n1'><markable xmlns='" MARKERS "'/></message>");
  g_autoptr(SleekMessage) error_message =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "' type='error' id='e1'>"
                   "<markable xmlns='" MARKERS "'/></message>");
  SleekMessage *refused[] = { plain, no_id, no_from, error_message };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (sleek_chat_markers_send_marker (f->markers, refused[i], SLEEK_CHAT_MARKER_RECEIVED, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  pt_expect_silence (&f->base);
}

static void
test_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><received xmlns='" MARKERS "' id='a1'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><displayed xmlns='" MARKERS "' id='a2'/></message>");
  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' type='groupchat'>"
                     "<acknowledged xmlns='" MARKERS "' id='a3'/></message>");
  /* No id, an unknown marker, an error, no sender, a markable: nothing. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><received xmlns='" MARKERS "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><read xmlns='" MARKERS "' id='b1'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error'><displayed xmlns='" MARKERS "' id='b2'/></message>");
  pt_recv (&f->base, "<message type='chat'><displayed xmlns='" MARKERS "' id='b3'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat' id='b4'><body>x</body><markable xmlns='" MARKERS "'/></message>");

  g_assert_cmpuint (f->seen->len, ==, 3);
  g_assert_cmpstr (f->seen->pdata[0], ==, ROMEO " received a1");
  g_assert_cmpstr (f->seen->pdata[1], ==, ROMEO " displayed a2");
  g_assert_cmpstr (f->seen->pdata[2], ==, "room@muc.example.com/nurse acknowledged a3");
  /* Nothing is sent by itself. */
  pt_expect_silence (&f->base);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0333", &error));
  g_assert_no_error (error);
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, "plain", "chat");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>plain</body></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><received xmlns='" MARKERS "' id='a1'/></message>");
  g_assert_cmpuint (f->seen->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0333/advertised", test_advertised);
  ADD ("/xep-0333/accessors", test_accessors);
  ADD ("/xep-0333/markable-added", test_markable_added);
  ADD ("/xep-0333/send-marker", test_send_marker);
  ADD ("/xep-0333/send-marker-refused", test_send_marker_refused);
  ADD ("/xep-0333/received", test_received);
  ADD ("/xep-0333/removed", test_removed);

  return g_test_run ();
}
