/* sleek-xep-0424-retraction.c: XEP-0424 Message Retraction
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0424-retraction.h"

/**
 * sleek_message_get_retract_id:
 * @message: a [class@Sleek.Message]
 *
 * Reads the `<retract xmlns='urn:xmpp:message-retract:1'/>` of @message:
 * the id of the message its sender takes back.
 *
 * Returns: (nullable): the id, or %NULL when @message is not a retraction
 */
const char *
sleek_message_get_retract_id (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  return sleek_plugin_get_child_attribute (message, "retract", SLEEK_NS_MESSAGE_RETRACT, "id");
}

/**
 * sleek_message_set_retract_id:
 * @message: a [class@Sleek.Message]
 * @id: (nullable): the id of the message retracted, or %NULL to remove
 *   the `<retract/>`
 *
 * Makes @message the retraction of the message @id, replacing any
 * `<retract/>` it had. It adds only the `<retract/>`: a retraction also
 * wants the fallback body, its XEP-0428 `<fallback/>` and a `<store/>`
 * hint, which [method@Sleek.MessageRetraction.send] adds.
 */
void
sleek_message_set_retract_id (SleekMessage *message, const char *id)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  sleek_plugin_set_child_id (message, "retract", SLEEK_NS_MESSAGE_RETRACT, id);
}

/**
 * SleekMessageRetraction:
 *
 * The `xep_0424` plugin: XEP-0424 Message Retraction.
 *
 * It advertises `urn:xmpp:message-retract:1` through `xep_0030`, sends
 * retractions with [method@Sleek.MessageRetraction.send] and emits
 * [signal@Sleek.MessageRetraction::retraction] for every retraction that
 * arrives, error messages aside.
 *
 * A retraction names the message by the id the XEP asks for: in a chat,
 * the XEP-0359 origin id of the message (the `xep_0359` plugin gives
 * every message we send one; [method@Sleek.Message.get_origin_id] reads
 * it); in a room, the stanza id the room gave it. A retraction is a
 * request nobody can enforce: the other side may have read or kept the
 * message already. Accept one only from the sender of the message it
 * names, which the plugin cannot check.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0424", &error);
 * retraction = SLEEK_MESSAGE_RETRACTION (sleek_base_xmpp_get_plugin (xmpp, "xep_0424"));
 * g_signal_connect (retraction, "retraction", G_CALLBACK (on_retraction), data);
 *
 * // Take back the message sent to the wrong person.
 * retract = sleek_message_retraction_send (retraction, romeo, SLEEK_MESSAGE_TYPE_CHAT,
 *                                          sleek_message_get_origin_id (sent), &error);
 * ```
 */
struct _SleekMessageRetraction
{
  SleekPlugin parent_instance;
};

enum {
  SIGNAL_RETRACTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMessageRetraction, sleek_message_retraction, SLEEK_TYPE_PLUGIN)

/**
 * sleek_message_retraction_send:
 * @self: an enabled [class@Sleek.MessageRetraction]
 * @to: who the retracted message went to, or the room
 * @type: the type of the retracted message
 * @id: the origin id of the message retracted, or in a room its stanza id
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Sends the retraction of the message @id: a message of @type to @to with
 * the `<retract/>`, a fallback body for the clients that do not know
 * retractions (marked as such with an XEP-0428 `<fallback/>`) and a
 * XEP-0334 `<store/>` hint, so that archives keep it.
 *
 * Returns: (transfer full) (nullable): the retraction sent, or %NULL with
 *   @error set when the plugin is not enabled or @id is empty
 */
SleekMessage *
sleek_message_retraction_send (SleekMessageRetraction *self, SleekJid *to, SleekMessageType type, const char *id,
                               GError **error)
{
  SleekMessage *message;

  g_return_val_if_fail (SLEEK_IS_MESSAGE_RETRACTION (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message = sleek_plugin_new_message (SLEEK_PLUGIN (self), to, type, id, error);
  if (message == NULL)
    return NULL;
  sleek_message_set_retract_id (message, id);
  sleek_plugin_add_fallback (message, SLEEK_NS_MESSAGE_RETRACT);
  sleek_message_set_body (message, _("This person tried to take back an earlier message, "
                                     "which your client cannot show."));
  sleek_plugin_add_store_hint (message);
  return sleek_plugin_send_message (SLEEK_PLUGIN (self), message);
}

/* SleekPlugin */

static void
sleek_message_retraction_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_report_references (plugin, "retract", SLEEK_NS_MESSAGE_RETRACT, signals[SIGNAL_RETRACTION]);
  sleek_plugin_advertise (plugin, SLEEK_NS_MESSAGE_RETRACT);
}

static void
sleek_message_retraction_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_MESSAGE_RETRACT);
}

static void
sleek_message_retraction_class_init (SleekMessageRetractionClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_message_retraction_plugin_init;
  plugin_class->plugin_end = sleek_message_retraction_plugin_end;

  /**
   * SleekMessageRetraction::retraction:
   * @self: the plugin
   * @message: the retraction
   * @id: the id of the message retracted: its origin id, or in a room
   *   its stanza id
   *
   * A retraction arrived: the sender asks for the message @id to be
   * hidden.
   */
  signals[SIGNAL_RETRACTION] =
    sleek_plugin_new_reference_signal (G_TYPE_FROM_CLASS (klass), "retraction");
}

static void
sleek_message_retraction_init (SleekMessageRetraction *self)
{
}
