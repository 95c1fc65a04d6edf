/* sleek-xep-0184-receipts.c: XEP-0184 Message Delivery Receipts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0184-receipts.h"

/**
 * SleekDeliveryReceipts:
 *
 * The `xep_0184` plugin: XEP-0184 Message Delivery Receipts.
 *
 * It advertises `urn:xmpp:receipts` through `xep_0030`, and:
 *
 * - with [property@Sleek.DeliveryReceipts:auto-request] (on by default),
 *   asks for a receipt in every chat message with a body we send: the
 *   message gets a `<request/>`, and an id (a new UUID) when it had none,
 *   in the message object itself so that you can match the receipt;
 * - with [property@Sleek.DeliveryReceipts:auto-ack] (on by default),
 *   answers the requests of the messages we receive, except in group chat
 *   messages, error messages, messages without an id and messages from
 *   our own account; [method@Sleek.DeliveryReceipts.send_receipt] answers
 *   one yourself when it is off (the XEP suggests acknowledging only
 *   contacts who may see our presence);
 * - emits [signal@Sleek.DeliveryReceipts::receipt-received] for each
 *   receipt that arrives, with the id of the message it acknowledges.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0184", &error);
 * receipts = SLEEK_DELIVERY_RECEIPTS (sleek_base_xmpp_get_plugin (xmpp, "xep_0184"));
 * g_signal_connect (receipts, "receipt-received", G_CALLBACK (on_delivered), data);
 *
 * message = sleek_base_xmpp_make_message (xmpp, "romeo@montague.net", "Hi", NULL, "chat");
 * sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
 * // on_delivered (receipts, jid, id, data) comes with this id:
 * g_print ("sent %s\n", sleek_stanza_get_id (SLEEK_STANZA (message)));
 * ```
 */
struct _SleekDeliveryReceipts
{
  SleekPlugin parent_instance;

  gboolean auto_request;
  gboolean auto_ack;
  guint filter_id;
};

enum {
  PROP_0,
  PROP_AUTO_REQUEST,
  PROP_AUTO_ACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RECEIPT_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekDeliveryReceipts, sleek_delivery_receipts, SLEEK_TYPE_PLUGIN)

static SleekNode *
receipt_child (SleekMessage *message, const char *name)
{
  return sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), name, SLEEK_NS_RECEIPTS);
}

/**
 * sleek_message_get_receipt_request:
 * @message: a [class@Sleek.Message]
 *
 * Whether @message asks for a delivery receipt.
 *
 * Returns: %TRUE when it carries `<request xmlns='urn:xmpp:receipts'/>`
 */
gboolean
sleek_message_get_receipt_request (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);

  return receipt_child (message, "request") != NULL;
}

/**
 * sleek_message_set_receipt_request:
 * @message: a [class@Sleek.Message]
 * @request: whether to ask for a receipt
 *
 * Adds or removes the `<request/>` of @message. A receipt can only name
 * a message with an id: give @message one before sending it.
 */
void
sleek_message_set_receipt_request (SleekMessage *message, gboolean request)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  if (!request)
    sleek_node_remove_children (node, "request", SLEEK_NS_RECEIPTS);
  else if (receipt_child (message, "request") == NULL)
    sleek_node_add_child_new (node, "request", SLEEK_NS_RECEIPTS);
}

/**
 * sleek_message_get_receipt_id:
 * @message: a [class@Sleek.Message]
 *
 * Reads the id of the message that @message, a receipt, acknowledges:
 * the `id` of its `<received/>`, or for a receipt from before XEP-0184
 * 1.1, which had none there, the id of @message itself.
 *
 * Returns: (nullable): the id, or %NULL when @message is no receipt or
 *   names no message
 */
const char *
sleek_message_get_receipt_id (SleekMessage *message)
{
  SleekNode *received;
  const char *id;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  received = receipt_child (message, "received");
  if (received == NULL)
    return NULL;
  id = sleek_node_get_attribute (received, "id");
  if (id == NULL || *id == '\0')
    id = sleek_stanza_get_id (SLEEK_STANZA (message));
  return id != NULL && *id != '\0' ? id : NULL;
}

/* Whether @jid is our own account. */
static gboolean
is_own_account (SleekBaseXmpp *xmpp, SleekJid *jid)
{
  SleekJid *own = sleek_base_xmpp_get_bound_jid (xmpp);

  if (own == NULL)
    own = sleek_base_xmpp_get_jid (xmpp);
  return own != NULL && jid != NULL && sleek_jid_equal_bare (own, jid);
}

static SleekStanza *
on_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekDeliveryReceipts *self = SLEEK_DELIVERY_RECEIPTS (user_data);
  SleekMessage *message;

  if (!self->auto_request || !SLEEK_IS_MESSAGE (stanza))
    return g_object_ref (stanza);
  message = SLEEK_MESSAGE (stanza);
  if (sleek_message_get_message_type (message) != SLEEK_MESSAGE_TYPE_CHAT ||
      sleek_message_get_body (message) == NULL ||
      receipt_child (message, "received") != NULL)
    return g_object_ref (stanza);
  sleek_plugin_ensure_id (stanza);
  sleek_message_set_receipt_request (message, TRUE);
  return g_object_ref (stanza);
}

/* Why @message cannot be acknowledged, or NULL when it can. */
static const char *
cannot_ack (SleekDeliveryReceipts *self, SleekMessage *message)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekMessageType type = sleek_message_get_message_type (message);
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (message));

  if (!sleek_message_get_receipt_request (message))
    return _("The message asks for no receipt");
  if (type == SLEEK_MESSAGE_TYPE_GROUPCHAT || type == SLEEK_MESSAGE_TYPE_ERROR)
    return _("Group chat and error messages get no receipt");
  if (sleek_stanza_get_id (SLEEK_STANZA (message)) == NULL)
    return _("The message has no id for the receipt to name");
  if (from == NULL)
    return _("The message has no sender to send the receipt to");
  if (xmpp == NULL)
    return _("The plugin is not enabled on a stream");
  if (is_own_account (xmpp, from))
    return _("The message comes from our own account");
  return NULL;
}

/**
 * sleek_delivery_receipts_send_receipt:
 * @self: an enabled [class@Sleek.DeliveryReceipts]
 * @message: a message we received that asks for a receipt
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Acknowledges @message: sends its sender a `<received/>` with its id.
 * This is what [property@Sleek.DeliveryReceipts:auto-ack] does for every
 * message; call it yourself when that is off.
 *
 * Returns: %TRUE when the receipt was sent; %FALSE with @error set when
 *   @message asks for none or must not get one (a group chat or error
 *   message, no id, no sender, or our own account)
 */
gboolean
sleek_delivery_receipts_send_receipt (SleekDeliveryReceipts *self, SleekMessage *message, GError **error)
{
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekMessage) receipt = NULL;
  const char *why;
  SleekNode *received;

  g_return_val_if_fail (SLEEK_IS_DELIVERY_RECEIPTS (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  why = cannot_ack (self, message);
  if (why != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, why);
      return FALSE;
    }
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  receipt = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (receipt), sleek_stanza_get_from (SLEEK_STANZA (message)));
  if (sleek_message_get_message_type (message) == SLEEK_MESSAGE_TYPE_CHAT)
    sleek_message_set_message_type (receipt, SLEEK_MESSAGE_TYPE_CHAT);
  sleek_plugin_ensure_id (SLEEK_STANZA (receipt));
  received = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (receipt)), "received",
                                       SLEEK_NS_RECEIPTS);
  sleek_node_set_attribute (received, "id", sleek_stanza_get_id (SLEEK_STANZA (message)));
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (receipt));
  return TRUE;
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekDeliveryReceipts *self = SLEEK_DELIVERY_RECEIPTS (user_data);
  SleekMessage *message;
  const char *id;
  SleekJid *from;

  if (!SLEEK_IS_MESSAGE (stanza))
    return;
  message = SLEEK_MESSAGE (stanza);
  if (sleek_message_get_message_type (message) == SLEEK_MESSAGE_TYPE_ERROR)
    return;

  if (self->auto_ack && sleek_message_get_receipt_request (message))
    {
      g_autoptr(GError) error = NULL;

      if (!sleek_delivery_receipts_send_receipt (self, message, &error))
        g_debug ("No delivery receipt for message %s: %s", sleek_stanza_get_id (stanza), error->message);
    }

  id = sleek_message_get_receipt_id (message);
  from = sleek_stanza_get_from (stanza);
  if (id != NULL && from != NULL)
    g_signal_emit (self, signals[SIGNAL_RECEIPT_RECEIVED], 0, from, id);
}

/* Properties */

/**
 * sleek_delivery_receipts_get_auto_request: (get-property auto-request)
 * @self: a [class@Sleek.DeliveryReceipts]
 *
 * Whether the chat messages with a body we send ask for a receipt.
 *
 * Returns: %TRUE when they do
 */
gboolean
sleek_delivery_receipts_get_auto_request (SleekDeliveryReceipts *self)
{
  g_return_val_if_fail (SLEEK_IS_DELIVERY_RECEIPTS (self), FALSE);

  return self->auto_request;
}

/**
 * sleek_delivery_receipts_set_auto_request: (set-property auto-request)
 * @self: a [class@Sleek.DeliveryReceipts]
 * @auto_request: whether to ask for receipts
 *
 * Turns the requests in outgoing chat messages on or off.
 */
void
sleek_delivery_receipts_set_auto_request (SleekDeliveryReceipts *self, gboolean auto_request)
{
  g_return_if_fail (SLEEK_IS_DELIVERY_RECEIPTS (self));

  auto_request = !!auto_request;
  if (self->auto_request == auto_request)
    return;
  self->auto_request = auto_request;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_REQUEST]);
}

/**
 * sleek_delivery_receipts_get_auto_ack: (get-property auto-ack)
 * @self: a [class@Sleek.DeliveryReceipts]
 *
 * Whether the plugin answers the receipt requests we receive.
 *
 * Returns: %TRUE when it does
 */
gboolean
sleek_delivery_receipts_get_auto_ack (SleekDeliveryReceipts *self)
{
  g_return_val_if_fail (SLEEK_IS_DELIVERY_RECEIPTS (self), FALSE);

  return self->auto_ack;
}

/**
 * sleek_delivery_receipts_set_auto_ack: (set-property auto-ack)
 * @self: a [class@Sleek.DeliveryReceipts]
 * @auto_ack: whether to answer receipt requests
 *
 * Turns the automatic receipts on or off.
 */
void
sleek_delivery_receipts_set_auto_ack (SleekDeliveryReceipts *self, gboolean auto_ack)
{
  g_return_if_fail (SLEEK_IS_DELIVERY_RECEIPTS (self));

  auto_ack = !!auto_ack;
  if (self->auto_ack == auto_ack)
    return;
  self->auto_ack = auto_ack;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_ACK]);
}

/* SleekPlugin */

static void
sleek_delivery_receipts_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekDeliveryReceipts *self = SLEEK_DELIVERY_RECEIPTS (plugin);

  sleek_plugin_handle_messages (plugin, on_message);
  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_OUTGOING, on_outgoing, self,
                                                 NULL);
  sleek_plugin_advertise (plugin, SLEEK_NS_RECEIPTS);
}

static void
sleek_delivery_receipts_plugin_end (SleekPlugin *plugin)
{
  SleekDeliveryReceipts *self = SLEEK_DELIVERY_RECEIPTS (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (xmpp != NULL && self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
  sleek_plugin_withdraw (plugin, SLEEK_NS_RECEIPTS);
}

/* GObject */

static void
sleek_delivery_receipts_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekDeliveryReceipts *self = SLEEK_DELIVERY_RECEIPTS (object);

  switch (prop_id)
    {
    case PROP_AUTO_REQUEST:
      g_value_set_boolean (value, self->auto_request);
      break;
    case PROP_AUTO_ACK:
      g_value_set_boolean (value, self->auto_ack);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_delivery_receipts_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekDeliveryReceipts *self = SLEEK_DELIVERY_RECEIPTS (object);

  switch (prop_id)
    {
    case PROP_AUTO_REQUEST:
      sleek_delivery_receipts_set_auto_request (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_ACK:
      sleek_delivery_receipts_set_auto_ack (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_delivery_receipts_class_init (SleekDeliveryReceiptsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->get_property = sleek_delivery_receipts_get_property;
  object_class->set_property = sleek_delivery_receipts_set_property;
  plugin_class->plugin_init = sleek_delivery_receipts_plugin_init;
  plugin_class->plugin_end = sleek_delivery_receipts_plugin_end;

  /**
   * SleekDeliveryReceipts:auto-request: (getter get_auto_request) (setter set_auto_request)
   *
   * Whether every chat message with a body we send asks for a receipt.
   */
  properties[PROP_AUTO_REQUEST] =
    g_param_spec_boolean ("auto-request", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekDeliveryReceipts:auto-ack: (getter get_auto_ack) (setter set_auto_ack)
   *
   * Whether the plugin answers receipt requests by itself.
   */
  properties[PROP_AUTO_ACK] =
    g_param_spec_boolean ("auto-ack", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekDeliveryReceipts::receipt-received:
   * @self: the plugin
   * @jid: who acknowledged the message
   * @id: the id of the message acknowledged
   *
   * A delivery receipt arrived.
   */
  signals[SIGNAL_RECEIPT_RECEIVED] =
    g_signal_new ("receipt-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SLEEK_TYPE_JID, G_TYPE_STRING);
}

static void
sleek_delivery_receipts_init (SleekDeliveryReceipts *self)
{
  self->auto_request = TRUE;
  self->auto_ack = TRUE;
}
