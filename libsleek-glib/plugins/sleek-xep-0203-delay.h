/* sleek-xep-0203-delay.h: XEP-0203 Delayed Delivery
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
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_DELAY:
 *
 * The namespace of XEP-0203 Delayed Delivery, `urn:xmpp:delay`.
 */
#define SLEEK_NS_DELAY "urn:xmpp:delay"

#define SLEEK_TYPE_DELAY (sleek_delay_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDelay, sleek_delay, SLEEK, DELAY, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
GDateTime  *sleek_delay_get_stamp (SleekDelay  *self,
                                   GError     **error);
SLEEK_AVAILABLE_IN_ALL
void        sleek_delay_set_stamp (SleekDelay  *self,
                                   GDateTime   *stamp);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_delay_get_text  (SleekDelay  *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_delay_set_text  (SleekDelay  *self,
                                   const char  *text);

SLEEK_AVAILABLE_IN_ALL
SleekDelay *sleek_stanza_get_delay (SleekStanza *stanza);

#define SLEEK_TYPE_DELAYED_DELIVERY (sleek_delayed_delivery_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDelayedDelivery, sleek_delayed_delivery, SLEEK, DELAYED_DELIVERY, SleekPlugin)

G_END_DECLS
