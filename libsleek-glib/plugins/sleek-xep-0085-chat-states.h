/* sleek-xep-0085-chat-states.h: XEP-0085 Chat State Notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_CHAT_STATES:
 *
 * The namespace of XEP-0085 Chat State Notifications,
 * `http://jabber.org/protocol/chatstates`.
 */
#define SLEEK_NS_CHAT_STATES "http://jabber.org/protocol/chatstates"

/**
 * SleekChatState:
 * @SLEEK_CHAT_STATE_NONE: no chat state
 * @SLEEK_CHAT_STATE_ACTIVE: `<active/>`: paying attention to the chat
 * @SLEEK_CHAT_STATE_COMPOSING: `<composing/>`: writing a message
 * @SLEEK_CHAT_STATE_PAUSED: `<paused/>`: stopped writing for now
 * @SLEEK_CHAT_STATE_INACTIVE: `<inactive/>`: not paying attention
 * @SLEEK_CHAT_STATE_GONE: `<gone/>`: left the chat
 *
 * The XEP-0085 state of a person in a chat.
 */
typedef enum {
  SLEEK_CHAT_STATE_NONE,
  SLEEK_CHAT_STATE_ACTIVE,
  SLEEK_CHAT_STATE_COMPOSING,
  SLEEK_CHAT_STATE_PAUSED,
  SLEEK_CHAT_STATE_INACTIVE,
  SLEEK_CHAT_STATE_GONE,
} SleekChatState;

#define SLEEK_TYPE_CHAT_STATE (sleek_chat_state_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_chat_state_get_type (void) G_GNUC_CONST;

SLEEK_AVAILABLE_IN_ALL
const char    *sleek_chat_state_to_string   (SleekChatState  state);
SLEEK_AVAILABLE_IN_ALL
SleekChatState sleek_chat_state_from_string (const char     *name);

SLEEK_AVAILABLE_IN_ALL
SleekChatState sleek_message_get_chat_state (SleekMessage   *message);
SLEEK_AVAILABLE_IN_ALL
void           sleek_message_set_chat_state (SleekMessage   *message,
                                             SleekChatState  state);

#define SLEEK_TYPE_CHAT_STATES (sleek_chat_states_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekChatStates, sleek_chat_states, SLEEK, CHAT_STATES, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void sleek_chat_states_send_chat_state (SleekChatStates *self,
                                        SleekJid        *to,
                                        SleekChatState   state,
                                        const char      *thread);

G_END_DECLS
