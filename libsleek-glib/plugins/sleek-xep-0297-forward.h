/* sleek-xep-0297-forward.h: XEP-0297 Stanza Forwarding
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0203-delay.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_FORWARD:
 *
 * The namespace of XEP-0297 Stanza Forwarding, `urn:xmpp:forward:0`.
 */
#define SLEEK_NS_FORWARD "urn:xmpp:forward:0"

#define SLEEK_TYPE_FORWARDED (sleek_forwarded_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekForwarded, sleek_forwarded, SLEEK, FORWARDED, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekDelay  *sleek_forwarded_get_delay  (SleekForwarded *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_forwarded_set_delay  (SleekForwarded *self,
                                         GDateTime      *stamp);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_forwarded_get_stanza (SleekForwarded *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_forwarded_set_stanza (SleekForwarded *self,
                                         SleekStanza    *stanza);

#define SLEEK_TYPE_FORWARDING (sleek_forwarding_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekForwarding, sleek_forwarding, SLEEK, FORWARDING, SleekPlugin)

G_END_DECLS
