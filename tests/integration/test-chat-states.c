/* test-chat-states.c: XEP-0085 Chat State Notifications against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet tells Romeo that she is typing, then sends her message with the
 * active state; Romeo's xep_0085 plugin reports both. Only states from
 * Juliet's own session of this run count.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  GArray *states;   /* SleekChatState, from Juliet's session */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->states = g_array_new (FALSE, FALSE, sizeof (SleekChatState));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->juliet != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_array_unref (f->states);
}

static void
on_chat_state (SleekChatStates *states, SleekJid *jid, SleekChatState state, Fixture *f)
{
  if (sleek_jid_equal (jid, sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet))))
    g_array_append_val (f->states, state);
}

static void
test_typing (Fixture *f, gconstpointer data)
{
  SleekChatStates *juliet_states, *romeo_states;
  SleekJid *romeo;
  g_autoptr(SleekMessage) message = NULL;

  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  juliet_states = client_util_enable (f->juliet, "xep_0085");
  romeo_states = client_util_enable (f->romeo, "xep_0085");
  g_signal_connect (romeo_states, "chat-state", G_CALLBACK (on_chat_state), f);
  romeo = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));

  sleek_chat_states_send_chat_state (juliet_states, romeo, SLEEK_CHAT_STATE_COMPOSING, NULL);
  WAIT_UNTIL (f->states->len == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (g_array_index (f->states, SleekChatState, 0), ==, SLEEK_CHAT_STATE_COMPOSING);

  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet), sleek_jid_to_string (romeo), "Romeo!", NULL,
                                          "chat");
  sleek_message_set_chat_state (message, SLEEK_CHAT_STATE_ACTIVE);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  WAIT_UNTIL (f->states->len == 2, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (g_array_index (f->states, SleekChatState, 1), ==, SLEEK_CHAT_STATE_ACTIVE);

  sleek_chat_states_send_chat_state (juliet_states, romeo, SLEEK_CHAT_STATE_GONE, NULL);
  WAIT_UNTIL (f->states->len == 3, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (g_array_index (f->states, SleekChatState, 2), ==, SLEEK_CHAT_STATE_GONE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/chat-states/typing", Fixture, NULL, fixture_setup, test_typing, fixture_teardown);

  return g_test_run ();
}
