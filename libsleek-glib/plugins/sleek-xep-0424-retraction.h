/* sleek-xep-0424-retraction.h: XEP-0424 Message Retraction
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
 * SLEEK_NS_MESSAGE_RETRACT:
 *
 * The namespace of XEP-0424 Message Retraction,
 * `urn:xmpp:message-retract:1`.
 */
#define SLEEK_NS_MESSAGE_RETRACT "urn:xmpp:message-retract:1"

SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_retract_id (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_set_retract_id (SleekMessage *message,
                                          const char   *id);

#define SLEEK_TYPE_MESSAGE_RETRACTION (sleek_message_retraction_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageRetraction, sleek_message_retraction, SLEEK, MESSAGE_RETRACTION, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekMessage *sleek_message_retraction_send (SleekMessageRetraction *self,
                                             SleekJid               *to,
                                             SleekMessageType        type,
                                             const char             *id,
                                             GError                **error);

G_END_DECLS
