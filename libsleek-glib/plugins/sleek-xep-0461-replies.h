/* sleek-xep-0461-replies.h: XEP-0461 Message Replies
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
 * SLEEK_NS_REPLY:
 *
 * The namespace of XEP-0461 Message Replies, `urn:xmpp:reply:0`.
 */
#define SLEEK_NS_REPLY "urn:xmpp:reply:0"

SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_reply_id   (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_message_get_reply_to   (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_set_reply      (SleekMessage *message,
                                          const char   *id,
                                          SleekJid     *to);
SLEEK_AVAILABLE_IN_ALL
char       *sleek_message_get_reply_body (SleekMessage *message);

#define SLEEK_TYPE_MESSAGE_REPLIES (sleek_message_replies_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageReplies, sleek_message_replies, SLEEK, MESSAGE_REPLIES, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekMessage *sleek_message_replies_send (SleekMessageReplies *self,
                                          SleekJid            *to,
                                          SleekMessageType     type,
                                          const char          *id,
                                          SleekJid            *author,
                                          const char          *quoted,
                                          const char          *body,
                                          GError             **error);

G_END_DECLS
