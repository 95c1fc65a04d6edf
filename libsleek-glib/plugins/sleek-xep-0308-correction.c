/* sleek-xep-0308-correction.c: XEP-0308 Last Message Correction
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0308-correction.h"

/**
 * sleek_message_get_replace_id:
 * @message: a [class@Sleek.Message]
 *
 * Reads the `<replace xmlns='urn:xmpp:message-correct:0'/>` of @message:
 * the id of the message it corrects.
 *
 * Returns: (nullable): the id, or %NULL when @message is not a correction
 *   (or its `<replace/>` has no id)
 */
const char *
sleek_message_get_replace_id (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  return sleek_plugin_get_child_attribute (message, "replace", SLEEK_NS_MESSAGE_CORRECT, "id");
}

/**
 * sleek_message_set_replace_id:
 * @message: a [class@Sleek.Message]
 * @id: (nullable): the id of the message @message corrects, or %NULL to
 *   make it an ordinary message again
 *
 * Makes @message a correction of the message @id, replacing any
 * `<replace/>` it had.
 */
void
sleek_message_set_replace_id (SleekMessage *message, const char *id)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  sleek_plugin_set_child_id (message, "replace", SLEEK_NS_MESSAGE_CORRECT, id);
}

/**
 * SleekMessageCorrection:
 *
 * The `xep_0308` plugin: XEP-0308 Last Message Correction.
 *
 * It advertises `urn:xmpp:message-correct:0` through `xep_0030`, sends
 * corrections with [method@Sleek.MessageCorrection.send] and emits
 * [signal@Sleek.MessageCorrection::correction] for every correction that
 * arrives, error messages aside.
 *
 * A correction names the message it replaces by that message's id: always
 * the id of the first message, even when it corrects a correction. The
 * XEP asks the receiver to accept a correction only from the full JID
 * that sent the message corrected (in a room, from the same occupant),
 * and only for the last message from it: the plugin cannot know what was
 * shown, so that check is the application's.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0308", &error);
 * correction = SLEEK_MESSAGE_CORRECTION (sleek_base_xmpp_get_plugin (xmpp, "xep_0308"));
 * g_signal_connect (correction, "correction", G_CALLBACK (on_correction), data);
 *
 * // "helo" was a typo: send the right text in its place.
 * fixed = sleek_message_correction_send (correction, romeo, SLEEK_MESSAGE_TYPE_CHAT,
 *                                        sleek_stanza_get_id (SLEEK_STANZA (sent)), "hello", &error);
 * ```
 */
struct _SleekMessageCorrection
{
  SleekPlugin parent_instance;
};

enum {
  SIGNAL_CORRECTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMessageCorrection, sleek_message_correction, SLEEK_TYPE_PLUGIN)

/**
 * sleek_message_correction_send:
 * @self: an enabled [class@Sleek.MessageCorrection]
 * @to: who the corrected message went to: the same full JID, or the room
 * @type: the type of the corrected message
 * @id: the id of the message corrected (of the first one, when it was
 *   corrected before)
 * @body: the corrected text, which replaces the whole body
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Sends the correction of the message @id: a message of @type to @to
 * whose body is @body, with a new id of its own.
 *
 * Returns: (transfer full) (nullable): the correction sent, or %NULL with
 *   @error set when the plugin is not enabled or @id is empty
 */
SleekMessage *
sleek_message_correction_send (SleekMessageCorrection *self, SleekJid *to, SleekMessageType type, const char *id,
                               const char *body, GError **error)
{
  SleekMessage *message;

  g_return_val_if_fail (SLEEK_IS_MESSAGE_CORRECTION (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message = sleek_plugin_new_message (SLEEK_PLUGIN (self), to, type, id, error);
  if (message == NULL)
    return NULL;
  sleek_message_set_body (message, body);
  sleek_message_set_replace_id (message, id);
  return sleek_plugin_send_message (SLEEK_PLUGIN (self), message);
}

/* SleekPlugin */

static void
sleek_message_correction_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_report_references (plugin, "replace", SLEEK_NS_MESSAGE_CORRECT, signals[SIGNAL_CORRECTION]);
  sleek_plugin_advertise (plugin, SLEEK_NS_MESSAGE_CORRECT);
}

static void
sleek_message_correction_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_MESSAGE_CORRECT);
}

static void
sleek_message_correction_class_init (SleekMessageCorrectionClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_message_correction_plugin_init;
  plugin_class->plugin_end = sleek_message_correction_plugin_end;

  /**
   * SleekMessageCorrection::correction:
   * @self: the plugin
   * @message: the correction, its body the new text
   * @id: the id of the message it replaces
   *
   * A correction arrived.
   */
  signals[SIGNAL_CORRECTION] =
    sleek_plugin_new_reference_signal (G_TYPE_FROM_CLASS (klass), "correction");
}

static void
sleek_message_correction_init (SleekMessageCorrection *self)
{
}
