/* sleek-xep-0184-receipts.h: XEP-0184 Message Delivery Receipts
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
 * SLEEK_NS_RECEIPTS:
 *
 * The namespace of XEP-0184 Message Delivery Receipts, `urn:xmpp:receipts`.
 */
#define SLEEK_NS_RECEIPTS "urn:xmpp:receipts"

#define SLEEK_TYPE_DELIVERY_RECEIPTS (sleek_delivery_receipts_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDeliveryReceipts, sleek_delivery_receipts, SLEEK, DELIVERY_RECEIPTS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean sleek_delivery_receipts_get_auto_request (SleekDeliveryReceipts *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_delivery_receipts_set_auto_request (SleekDeliveryReceipts *self,
                                                   gboolean               auto_request);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_delivery_receipts_get_auto_ack     (SleekDeliveryReceipts *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_delivery_receipts_set_auto_ack     (SleekDeliveryReceipts *self,
                                                   gboolean               auto_ack);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_delivery_receipts_send_receipt     (SleekDeliveryReceipts *self,
                                                   SleekMessage          *message,
                                                   GError               **error);

SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_message_get_receipt_request (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_set_receipt_request (SleekMessage *message,
                                               gboolean      request);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_receipt_id      (SleekMessage *message);

G_END_DECLS
