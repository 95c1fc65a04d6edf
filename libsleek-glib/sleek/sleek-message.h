/* sleek-message.h: <message/> stanzas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <sleek/sleek-stanza.h>

G_BEGIN_DECLS

/**
 * SleekMessageType:
 * @SLEEK_MESSAGE_TYPE_NORMAL: `normal`, also a message without a type
 *   attribute or with one this library does not know (RFC 6121 section 5.2.2)
 * @SLEEK_MESSAGE_TYPE_CHAT: `chat`
 * @SLEEK_MESSAGE_TYPE_GROUPCHAT: `groupchat`
 * @SLEEK_MESSAGE_TYPE_HEADLINE: `headline`
 * @SLEEK_MESSAGE_TYPE_ERROR: `error`
 *
 * The type attribute of a `<message/>`.
 */
typedef enum {
  SLEEK_MESSAGE_TYPE_NORMAL,
  SLEEK_MESSAGE_TYPE_CHAT,
  SLEEK_MESSAGE_TYPE_GROUPCHAT,
  SLEEK_MESSAGE_TYPE_HEADLINE,
  SLEEK_MESSAGE_TYPE_ERROR,
} SleekMessageType;

#define SLEEK_TYPE_MESSAGE (sleek_message_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessage, sleek_message, SLEEK, MESSAGE, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekMessage    *sleek_message_new               (void);
SLEEK_AVAILABLE_IN_ALL
SleekMessage    *sleek_message_reply             (SleekMessage     *self,
                                                  const char       *body);
SLEEK_AVAILABLE_IN_ALL
SleekMessageType sleek_message_get_message_type  (SleekMessage     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_message_set_message_type  (SleekMessage     *self,
                                                  SleekMessageType  type);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_message_get_body          (SleekMessage     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_message_set_body          (SleekMessage     *self,
                                                  const char       *body);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_message_get_subject       (SleekMessage     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_message_set_subject       (SleekMessage     *self,
                                                  const char       *subject);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_message_get_thread        (SleekMessage     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_message_set_thread        (SleekMessage     *self,
                                                  const char       *thread);

G_END_DECLS
