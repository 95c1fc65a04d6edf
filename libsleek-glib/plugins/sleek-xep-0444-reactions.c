/* sleek-xep-0444-reactions.c: XEP-0444 Message Reactions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0444-reactions.h"

#include <string.h>

/* Whether @reaction is worth keeping: not empty, nor only white space. */
static gboolean
reaction_is_valid (const char *reaction)
{
  for (const char *p = reaction; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
strv_has (GPtrArray *array, const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (strcmp (array->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

/**
 * sleek_message_get_reactions:
 * @message: a [class@Sleek.Message]
 * @id: (out) (optional) (nullable) (transfer none): the id of the message
 *   the reactions are to
 *
 * Reads the `<reactions xmlns='urn:xmpp:reactions:0'/>` of @message: the
 * whole set of reactions its sender has now for the message @id, which
 * replaces any set they sent before. An empty set takes every reaction
 * back. Empty reactions (or only white space) and repeats are left out.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the
 *   reactions, in their order, or %NULL when @message carries none with a
 *   non-empty id (@id then %NULL)
 */
char **
sleek_message_get_reactions (SleekMessage *message, const char **id)
{
  SleekNode *reactions;
  GPtrArray *found;
  const char *reacted;
  guint n;

  if (id != NULL)
    *id = NULL;
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  reacted = sleek_plugin_get_child_attribute (message, "reactions", SLEEK_NS_REACTIONS, "id");
  if (reacted == NULL)
    return NULL;
  reactions = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), "reactions", SLEEK_NS_REACTIONS);
  found = g_ptr_array_new ();
  n = sleek_node_get_n_children (reactions);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (reactions, i);
      const char *text = sleek_node_get_text (child);

      if (!sleek_node_is (child, "reaction", SLEEK_NS_REACTIONS) || text == NULL || !reaction_is_valid (text) ||
          strv_has (found, text))
        continue;
      g_ptr_array_add (found, g_strdup (text));
    }
  g_ptr_array_add (found, NULL);
  if (id != NULL)
    *id = reacted;
  return (char **) g_ptr_array_free (found, FALSE);
}

/**
 * sleek_message_set_reactions:
 * @message: a [class@Sleek.Message]
 * @id: (nullable): the id of the message reacted to, or %NULL to remove
 *   the `<reactions/>`
 * @reactions: (array zero-terminated=1) (nullable): the reactions, each
 *   one emoji; %NULL or empty to take every reaction back
 *
 * Gives @message the set of reactions @reactions to the message @id,
 * replacing any it had. Empty reactions and repeats are left out.
 */
void
sleek_message_set_reactions (SleekMessage *message, const char *id, const char * const *reactions)
{
  SleekNode *node;
  g_autoptr(GPtrArray) added = NULL;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  node = sleek_plugin_set_child_id (message, "reactions", SLEEK_NS_REACTIONS, id);
  if (node == NULL || reactions == NULL)
    return;
  added = g_ptr_array_new ();
  for (guint i = 0; reactions[i] != NULL; i++)
    {
      if (!reaction_is_valid (reactions[i]) || strv_has (added, reactions[i]))
        continue;
      g_ptr_array_add (added, (gpointer) reactions[i]);
      sleek_node_set_text (sleek_node_add_child_new (node, "reaction", SLEEK_NS_REACTIONS), reactions[i]);
    }
}

/**
 * SleekMessageReactions:
 *
 * The `xep_0444` plugin: XEP-0444 Message Reactions.
 *
 * It advertises `urn:xmpp:reactions:0` through `xep_0030`, sends our set
 * of reactions to a message with [method@Sleek.MessageReactions.send] and
 * emits [signal@Sleek.MessageReactions::reactions] for every set that
 * arrives, error messages aside.
 *
 * Each `<reactions/>` carries the whole set of its sender's reactions to
 * one message, replacing the set they sent before: to add a reaction,
 * send the old ones with it; to take them all back, send none. A message
 * is named by its id in a chat, by the stanza id the room gave it in a
 * room. The XEP wants each reaction to be one emoji; the plugin drops
 * only empty ones and repeats, and leaves the rest to the application.
 * Restricting the reactions a room accepts is not supported.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0444", &error);
 * reactions = SLEEK_MESSAGE_REACTIONS (sleek_base_xmpp_get_plugin (xmpp, "xep_0444"));
 * g_signal_connect (reactions, "reactions", G_CALLBACK (on_reactions), data);
 *
 * const char *mine[] = { "👍", "🎉", NULL };
 * sent = sleek_message_reactions_send (reactions, romeo, SLEEK_MESSAGE_TYPE_CHAT,
 *                                      sleek_stanza_get_id (SLEEK_STANZA (their_message)), mine, &error);
 * ```
 */
struct _SleekMessageReactions
{
  SleekPlugin parent_instance;
};

enum {
  SIGNAL_REACTIONS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMessageReactions, sleek_message_reactions, SLEEK_TYPE_PLUGIN)

/**
 * sleek_message_reactions_send:
 * @self: an enabled [class@Sleek.MessageReactions]
 * @to: who sent the message reacted to (or the room)
 * @type: the type of that message
 * @id: the id of the message reacted to, or in a room its stanza id
 * @reactions: (array zero-terminated=1) (nullable): all our reactions to
 *   it now, each one emoji; %NULL or empty to take them back
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Sends our set of reactions to the message @id, with a XEP-0334
 * `<store/>` hint so that archives keep it.
 *
 * Returns: (transfer full) (nullable): the message sent, or %NULL with
 *   @error set when the plugin is not enabled or @id is empty
 */
SleekMessage *
sleek_message_reactions_send (SleekMessageReactions *self, SleekJid *to, SleekMessageType type, const char *id,
                              const char * const *reactions, GError **error)
{
  SleekMessage *message;

  g_return_val_if_fail (SLEEK_IS_MESSAGE_REACTIONS (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message = sleek_plugin_new_message (SLEEK_PLUGIN (self), to, type, id, error);
  if (message == NULL)
    return NULL;
  sleek_message_set_reactions (message, id, reactions);
  sleek_plugin_add_store_hint (message);
  return sleek_plugin_send_message (SLEEK_PLUGIN (self), message);
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekMessage *message = sleek_plugin_incoming_message (stanza);
  g_auto(GStrv) reactions = NULL;
  const char *id;

  if (message == NULL)
    return;
  reactions = sleek_message_get_reactions (message, &id);
  if (reactions != NULL)
    g_signal_emit (user_data, signals[SIGNAL_REACTIONS], 0, message, id, reactions);
}

/* SleekPlugin */

static void
sleek_message_reactions_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_handle_messages (plugin, on_message);
  sleek_plugin_advertise (plugin, SLEEK_NS_REACTIONS);
}

static void
sleek_message_reactions_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_REACTIONS);
}

static void
sleek_message_reactions_class_init (SleekMessageReactionsClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_message_reactions_plugin_init;
  plugin_class->plugin_end = sleek_message_reactions_plugin_end;

  /**
   * SleekMessageReactions::reactions:
   * @self: the plugin
   * @message: the message that carried them
   * @id: the id of the message reacted to
   * @reactions: the sender's whole set of reactions to it now, maybe
   *   empty: it replaces the set they sent before
   *
   * A set of reactions arrived.
   */
  signals[SIGNAL_REACTIONS] =
    g_signal_new ("reactions", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, SLEEK_TYPE_MESSAGE, G_TYPE_STRING, G_TYPE_STRV);
}

static void
sleek_message_reactions_init (SleekMessageReactions *self)
{
}
