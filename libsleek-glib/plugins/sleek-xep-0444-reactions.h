/* sleek-xep-0444-reactions.h: XEP-0444 Message Reactions
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
 * SLEEK_NS_REACTIONS:
 *
 * The namespace of XEP-0444 Message Reactions, `urn:xmpp:reactions:0`.
 */
#define SLEEK_NS_REACTIONS "urn:xmpp:reactions:0"

SLEEK_AVAILABLE_IN_ALL
char **sleek_message_get_reactions (SleekMessage       *message,
                                    const char        **id);
SLEEK_AVAILABLE_IN_ALL
void   sleek_message_set_reactions (SleekMessage       *message,
                                    const char         *id,
                                    const char * const *reactions);

#define SLEEK_TYPE_MESSAGE_REACTIONS (sleek_message_reactions_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageReactions, sleek_message_reactions, SLEEK, MESSAGE_REACTIONS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekMessage *sleek_message_reactions_send (SleekMessageReactions *self,
                                            SleekJid              *to,
                                            SleekMessageType       type,
                                            const char            *id,
                                            const char * const    *reactions,
                                            GError               **error);

G_END_DECLS
