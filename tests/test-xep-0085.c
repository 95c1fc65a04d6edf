/* test-xep-0085.c: SleekChatStates, XEP-0085 Chat State Notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define CHATSTATES "http://jabber.org/protocol/chatstates"

typedef struct {
  PluginFixture base;
  SleekChatStates *states;
  GPtrArray *seen;   /* "jid state" strings */
} Fixture;

static void
on_chat_state (SleekChatStates *states, SleekJid *jid, SleekChatState state, Fixture *f)
{
  g_ptr_array_add (f->seen, g_strdup_printf ("%s %s", sleek_jid_to_string (jid), sleek_chat_state_to_string (state)));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0085", &error));
  g_assert_no_error (error);
  f->states = SLEEK_CHAT_STATES (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0085"));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->states, "chat-state", G_CALLBACK (on_chat_state), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_ptr_array_unref (f->seen);
}

static void
test_names (Fixture *f, gconstpointer data)
{
  const char *names[] = { "active", "composing", "paused", "inactive", "gone" };
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLEEK_TYPE_CHAT_STATE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SleekChatState state = (SleekChatState) (SLEEK_CHAT_STATE_ACTIVE + i);

      g_assert_cmpstr (sleek_chat_state_to_string (state), ==, names[i]);
      g_assert_cmpint (sleek_chat_state_from_string (names[i]), ==, state);
      g_assert_cmpstr (g_enum_get_value (klass, state)->value_nick, ==, names[i]);
    }
  g_assert_null (sleek_chat_state_to_string (SLEEK_CHAT_STATE_NONE));
  g_assert_null (sleek_chat_state_to_string ((SleekChatState) 42));
  g_assert_cmpint (sleek_chat_state_from_string ("typing"), ==, SLEEK_CHAT_STATE_NONE);
  g_assert_cmpint (sleek_chat_state_from_string (NULL), ==, SLEEK_CHAT_STATE_NONE);
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);
  g_autoptr(SleekDiscoInfo) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_disco_info_has_feature (info, CHATSTATES));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0085", &error));
  g_assert_no_error (error);
  after = sleek_disco_get_local_info (disco, NULL);
  g_assert_false (sleek_disco_info_has_feature (after, CHATSTATES));
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><composing xmlns='" CHATSTATES "'/></message>");
  g_assert_cmpuint (f->seen->len, ==, 0);
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autofree char *xml = NULL;

  g_assert_cmpint (sleek_message_get_chat_state (message), ==, SLEEK_CHAT_STATE_NONE);
  sleek_message_set_chat_state (message, SLEEK_CHAT_STATE_COMPOSING);
  g_assert_cmpint (sleek_message_get_chat_state (message), ==, SLEEK_CHAT_STATE_COMPOSING);
  /* One state at a time. */
  sleek_message_set_chat_state (message, SLEEK_CHAT_STATE_PAUSED);
  g_assert_cmpint (sleek_message_get_chat_state (message), ==, SLEEK_CHAT_STATE_PAUSED);
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><paused xmlns='" CHATSTATES "'/></message>");
  sleek_message_set_chat_state (message, SLEEK_CHAT_STATE_NONE);
  g_assert_cmpint (sleek_message_get_chat_state (message), ==, SLEEK_CHAT_STATE_NONE);
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (message))), ==, 0);
}

static void
test_send (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  sleek_chat_states_send_chat_state (f->states, romeo, SLEEK_CHAT_STATE_COMPOSING, NULL);
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><composing xmlns='" CHATSTATES "'/></message>");
  sleek_chat_states_send_chat_state (f->states, romeo, SLEEK_CHAT_STATE_GONE, "t1");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><gone xmlns='" CHATSTATES "'/>"
                            "<thread>t1</thread></message>");
}

static void
test_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><composing xmlns='" CHATSTATES "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>hi</body><active xmlns='" CHATSTATES "'/></message>");
  pt_recv (&f->base, "<message from='room@muc.example.com/nurse' type='groupchat'>"
                     "<paused xmlns='" CHATSTATES "'/></message>");
  /* Unknown names are passed over, the first known one counts. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><typing xmlns='" CHATSTATES "'/>"
                     "<inactive xmlns='" CHATSTATES "'/><gone xmlns='" CHATSTATES "'/></message>");
  /* No state, another namespace, an error, no sender: nothing. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>plain</body></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><composing xmlns='urn:example'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error'><composing xmlns='" CHATSTATES "'/>"
                     "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></message>");
  pt_recv (&f->base, "<message type='chat'><gone xmlns='" CHATSTATES "'/></message>");

  g_assert_cmpuint (f->seen->len, ==, 4);
  g_assert_cmpstr (f->seen->pdata[0], ==, ROMEO " composing");
  g_assert_cmpstr (f->seen->pdata[1], ==, ROMEO " active");
  g_assert_cmpstr (f->seen->pdata[2], ==, "room@muc.example.com/nurse paused");
  g_assert_cmpstr (f->seen->pdata[3], ==, ROMEO " inactive");
  /* Nothing is answered. */
  pt_expect_silence (&f->base);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0085/names", test_names);
  ADD ("/xep-0085/advertised", test_advertised);
  ADD ("/xep-0085/accessors", test_accessors);
  ADD ("/xep-0085/send", test_send);
  ADD ("/xep-0085/received", test_received);

  return g_test_run ();
}
