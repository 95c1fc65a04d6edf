/* sleek-xep-0203-delay.c: XEP-0203 Delayed Delivery
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0082-datetime.h"
#include "sleek-xep-0203-delay.h"

/* ------------------------------------------------------------------ */
/* The stanza plugin                                                  */
/* ------------------------------------------------------------------ */

/**
 * SleekDelay:
 *
 * The `<delay xmlns='urn:xmpp:delay' from='…' stamp='…'>reason</delay>`
 * child of a message or a presence, reached as its `delay` plugin once
 * the `xep_0203` plugin type is registered (or with
 * [method@Sleek.Stanza.get_delay]).
 *
 * Its keys are `from` (the entity that delayed the stanza, read with
 * [method@Sleek.Stanza.get_from]) and `stamp` (when the stanza was first
 * sent, read with [method@Sleek.Delay.get_stamp]); its text is the
 * reason for the delay.
 */
struct _SleekDelay
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDelay, sleek_delay, SLEEK_TYPE_STANZA)

static void
sleek_delay_class_init (SleekDelayClass *klass)
{
}

static void
sleek_delay_init (SleekDelay *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_DELAY, "delay", SLEEK_NS_DELAY, "delay");
  sleek_stanza_type_add_key (SLEEK_TYPE_DELAY, "from", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_DELAY, "stamp", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_DELAY);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, SLEEK_TYPE_DELAY);
  sleek_stanza_register_plugin (SLEEK_TYPE_PRESENCE, SLEEK_TYPE_DELAY);
}

/**
 * sleek_delay_get_stamp:
 * @self: a [class@Sleek.Delay]
 * @error: return location for a %G_IO_ERROR_INVALID_DATA error
 *
 * Reads the `stamp` attribute: when the stanza was first sent, in the
 * XEP-0082 DateTime profile (see [func@Sleek.datetime_parse]).
 *
 * Returns: (transfer full) (nullable): the moment, or %NULL when there
 *   is no stamp (@error not set) or it is malformed (@error set)
 */
GDateTime *
sleek_delay_get_stamp (SleekDelay *self, GError **error)
{
  const char *stamp;

  g_return_val_if_fail (SLEEK_IS_DELAY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stamp = sleek_stanza_get_string (SLEEK_STANZA (self), "stamp");
  if (stamp == NULL)
    return NULL;
  return sleek_datetime_parse (stamp, error);
}

/**
 * sleek_delay_set_stamp:
 * @self: a [class@Sleek.Delay]
 * @stamp: (nullable): when the stanza was first sent, or %NULL to
 *   remove the stamp
 *
 * Sets the `stamp` attribute, written in UTC by
 * [func@Sleek.datetime_format].
 */
void
sleek_delay_set_stamp (SleekDelay *self, GDateTime *stamp)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SLEEK_IS_DELAY (self));

  if (stamp != NULL)
    text = sleek_datetime_format (stamp);
  sleek_stanza_set_string (SLEEK_STANZA (self), "stamp", text);
}

/**
 * sleek_delay_get_text:
 * @self: a [class@Sleek.Delay]
 *
 * Reads the natural-language reason for the delay, such as `Offline
 * Storage`.
 *
 * Returns: (nullable): the text, or %NULL when the element is empty
 */
const char *
sleek_delay_get_text (SleekDelay *self)
{
  const char *text;

  g_return_val_if_fail (SLEEK_IS_DELAY (self), NULL);

  text = sleek_node_get_text (sleek_stanza_get_node (SLEEK_STANZA (self)));
  return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * sleek_delay_set_text:
 * @self: a [class@Sleek.Delay]
 * @text: (nullable): the reason for the delay, or %NULL for none
 *
 * Sets the natural-language reason for the delay.
 */
void
sleek_delay_set_text (SleekDelay *self, const char *text)
{
  g_return_if_fail (SLEEK_IS_DELAY (self));

  sleek_node_set_text (sleek_stanza_get_node (SLEEK_STANZA (self)), text);
}

/**
 * sleek_stanza_get_delay:
 * @stanza: a [class@Sleek.Message] or [class@Sleek.Presence]
 *
 * Finds the XEP-0203 `<delay/>` of @stanza, as its `delay` plugin. The
 * `xep_0203` plugin type registers that plugin; this makes sure it is.
 *
 * Returns: (transfer none) (nullable): the delay, or %NULL when @stanza
 *   carries none
 */
SleekDelay *
sleek_stanza_get_delay (SleekStanza *stanza)
{
  SleekStanza *delay;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_DELAYED_DELIVERY));
  delay = sleek_stanza_get_plugin (stanza, "delay", FALSE);
  return delay != NULL && SLEEK_IS_DELAY (delay) ? SLEEK_DELAY (delay) : NULL;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekDelayedDelivery:
 *
 * The `xep_0203` plugin: XEP-0203 Delayed Delivery.
 *
 * Its type registers the `delay` stanza plugin ([class@Sleek.Delay]) on
 * [class@Sleek.Message] and [class@Sleek.Presence], so that the stamps
 * servers put on offline messages and on presence can be read:
 *
 * ```c
 * SleekDelay *delay = sleek_stanza_get_delay (SLEEK_STANZA (message));
 * g_autoptr(GDateTime) sent = NULL;
 *
 * if (delay != NULL)
 *   sent = sleek_delay_get_stamp (delay, &error);
 * ```
 *
 * It depends on `xep_0082`, whose functions read and write the stamps.
 */
struct _SleekDelayedDelivery
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDelayedDelivery, sleek_delayed_delivery, SLEEK_TYPE_PLUGIN)

static void
sleek_delayed_delivery_class_init (SleekDelayedDeliveryClass *klass)
{
  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_delayed_delivery_init (SleekDelayedDelivery *self)
{
}
