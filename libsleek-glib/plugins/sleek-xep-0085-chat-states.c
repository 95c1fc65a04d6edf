/* sleek-xep-0085-chat-states.c: XEP-0085 Chat State Notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0085-chat-states.h"

#include <string.h>

G_DEFINE_ENUM_TYPE (SleekChatState, sleek_chat_state,
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_STATE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_STATE_ACTIVE, "active"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_STATE_COMPOSING, "composing"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_STATE_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_STATE_INACTIVE, "inactive"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_STATE_GONE, "gone"))

/* The element names, indexed by SleekChatState. */
static const char * const state_names[] = {
  [SLEEK_CHAT_STATE_NONE] = NULL,
  [SLEEK_CHAT_STATE_ACTIVE] = "active",
  [SLEEK_CHAT_STATE_COMPOSING] = "composing",
  [SLEEK_CHAT_STATE_PAUSED] = "paused",
  [SLEEK_CHAT_STATE_INACTIVE] = "inactive",
  [SLEEK_CHAT_STATE_GONE] = "gone",
};

/**
 * sleek_chat_state_to_string:
 * @state: a chat state
 *
 * Names @state as its element does.
 *
 * Returns: (nullable): `active`, `composing`, `paused`, `inactive` or
 *   `gone`; %NULL for %SLEEK_CHAT_STATE_NONE or a value out of range
 */
const char *
sleek_chat_state_to_string (SleekChatState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return NULL;
  return state_names[state];
}

/**
 * sleek_chat_state_from_string:
 * @name: (nullable): an element name
 *
 * Reads the name of a chat state element.
 *
 * Returns: the state, or %SLEEK_CHAT_STATE_NONE when @name names none
 */
SleekChatState
sleek_chat_state_from_string (const char *name)
{
  if (name == NULL)
    return SLEEK_CHAT_STATE_NONE;
  for (guint i = SLEEK_CHAT_STATE_ACTIVE; i < G_N_ELEMENTS (state_names); i++)
    if (strcmp (state_names[i], name) == 0)
      return (SleekChatState) i;
  return SLEEK_CHAT_STATE_NONE;
}

/**
 * sleek_message_get_chat_state:
 * @message: a [class@Sleek.Message]
 *
 * Reads the XEP-0085 chat state @message carries. Of several (which the
 * XEP forbids), the first counts; elements of the namespace with another
 * name are passed over.
 *
 * Returns: the state, or %SLEEK_CHAT_STATE_NONE when there is none
 */
SleekChatState
sleek_message_get_chat_state (SleekMessage *message)
{
  SleekNode *node;
  guint n;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), SLEEK_CHAT_STATE_NONE);

  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);
      SleekChatState state;

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_CHAT_STATES) != 0)
        continue;
      state = sleek_chat_state_from_string (sleek_node_get_name (child));
      if (state != SLEEK_CHAT_STATE_NONE)
        return state;
    }
  return SLEEK_CHAT_STATE_NONE;
}

/**
 * sleek_message_set_chat_state:
 * @message: a [class@Sleek.Message]
 * @state: the state, or %SLEEK_CHAT_STATE_NONE for none
 *
 * Gives @message the chat state @state, replacing any it had.
 */
void
sleek_message_set_chat_state (SleekMessage *message, SleekChatState state)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));
  g_return_if_fail ((guint) state < G_N_ELEMENTS (state_names));

  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  for (guint i = SLEEK_CHAT_STATE_ACTIVE; i < G_N_ELEMENTS (state_names); i++)
    sleek_node_remove_children (node, state_names[i], SLEEK_NS_CHAT_STATES);
  if (state != SLEEK_CHAT_STATE_NONE)
    sleek_node_add_child_new (node, state_names[state], SLEEK_NS_CHAT_STATES);
}

/**
 * SleekChatStates:
 *
 * The `xep_0085` plugin: XEP-0085 Chat State Notifications.
 *
 * It advertises `http://jabber.org/protocol/chatstates` through
 * `xep_0030`, emits [signal@Sleek.ChatStates::chat-state] for every
 * message (error messages aside) that carries a chat state, standalone
 * notifications and states that come with a body alike, and sends
 * standalone notifications with [method@Sleek.ChatStates.send_chat_state].
 * [method@Sleek.Message.set_chat_state] puts a state in a message you
 * send yourself, such as `active` alongside a body.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0085", &error);
 * states = SLEEK_CHAT_STATES (sleek_base_xmpp_get_plugin (xmpp, "xep_0085"));
 * g_signal_connect (states, "chat-state", G_CALLBACK (on_chat_state), data);
 *
 * // While the user types:
 * sleek_chat_states_send_chat_state (states, romeo, SLEEK_CHAT_STATE_COMPOSING, NULL);
 * ```
 */
struct _SleekChatStates
{
  SleekPlugin parent_instance;
};

enum {
  SIGNAL_CHAT_STATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekChatStates, sleek_chat_states, SLEEK_TYPE_PLUGIN)

/**
 * sleek_chat_states_send_chat_state:
 * @self: an enabled [class@Sleek.ChatStates]
 * @to: whom to tell, usually the full JID of the chat's other end
 * @state: the state, not %SLEEK_CHAT_STATE_NONE
 * @thread: (nullable): the chat's thread, or %NULL
 *
 * Sends a standalone chat state notification: a chat message with the
 * state and no body.
 */
void
sleek_chat_states_send_chat_state (SleekChatStates *self, SleekJid *to, SleekChatState state, const char *thread)
{
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekMessage) message = NULL;

  g_return_if_fail (SLEEK_IS_CHAT_STATES (self));
  g_return_if_fail (to != NULL);
  g_return_if_fail (state > SLEEK_CHAT_STATE_NONE && (guint) state < G_N_ELEMENTS (state_names));

  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_return_if_fail (xmpp != NULL);

  message = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (message), to);
  sleek_message_set_message_type (message, SLEEK_MESSAGE_TYPE_CHAT);
  sleek_message_set_chat_state (message, state);
  if (thread != NULL)
    sleek_message_set_thread (message, thread);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekChatStates *self = SLEEK_CHAT_STATES (user_data);
  SleekMessage *message;
  SleekChatState state;
  SleekJid *from;

  if (!SLEEK_IS_MESSAGE (stanza))
    return;
  message = SLEEK_MESSAGE (stanza);
  if (sleek_message_get_message_type (message) == SLEEK_MESSAGE_TYPE_ERROR)
    return;
  state = sleek_message_get_chat_state (message);
  from = sleek_stanza_get_from (stanza);
  if (state != SLEEK_CHAT_STATE_NONE && from != NULL)
    g_signal_emit (self, signals[SIGNAL_CHAT_STATE], 0, from, state);
}

/* SleekPlugin */

static void
sleek_chat_states_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_handle_messages (plugin, on_message);
  sleek_plugin_advertise (plugin, SLEEK_NS_CHAT_STATES);
}

static void
sleek_chat_states_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_CHAT_STATES);
}

/* GObject */

static void
sleek_chat_states_class_init (SleekChatStatesClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_chat_states_plugin_init;
  plugin_class->plugin_end = sleek_chat_states_plugin_end;

  /**
   * SleekChatStates::chat-state:
   * @self: the plugin
   * @jid: whose state it is: the sender of the message
   * @state: the state, never %SLEEK_CHAT_STATE_NONE
   *
   * A message carrying a chat state arrived.
   */
  signals[SIGNAL_CHAT_STATE] =
    g_signal_new ("chat-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SLEEK_TYPE_JID, SLEEK_TYPE_CHAT_STATE);
}

static void
sleek_chat_states_init (SleekChatStates *self)
{
}
