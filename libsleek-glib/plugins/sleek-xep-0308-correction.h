/* sleek-xep-0308-correction.h: XEP-0308 Last Message Correction
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
 * SLEEK_NS_MESSAGE_CORRECT:
 *
 * The namespace of XEP-0308 Last Message Correction,
 * `urn:xmpp:message-correct:0`.
 */
#define SLEEK_NS_MESSAGE_CORRECT "urn:xmpp:message-correct:0"

SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_replace_id (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_set_replace_id (SleekMessage *message,
                                          const char   *id);

#define SLEEK_TYPE_MESSAGE_CORRECTION (sleek_message_correction_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageCorrection, sleek_message_correction, SLEEK, MESSAGE_CORRECTION, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekMessage *sleek_message_correction_send (SleekMessageCorrection *self,
                                             SleekJid               *to,
                                             SleekMessageType        type,
                                             const char             *id,
                                             const char             *body,
                                             GError                **error);

G_END_DECLS
