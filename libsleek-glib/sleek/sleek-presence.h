/* sleek-presence.h: <presence/> stanzas
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
 * SleekPresenceType:
 * @SLEEK_PRESENCE_TYPE_AVAILABLE: no type attribute: the sender is online
 * @SLEEK_PRESENCE_TYPE_UNAVAILABLE: `unavailable`
 * @SLEEK_PRESENCE_TYPE_SUBSCRIBE: `subscribe`
 * @SLEEK_PRESENCE_TYPE_SUBSCRIBED: `subscribed`
 * @SLEEK_PRESENCE_TYPE_UNSUBSCRIBE: `unsubscribe`
 * @SLEEK_PRESENCE_TYPE_UNSUBSCRIBED: `unsubscribed`
 * @SLEEK_PRESENCE_TYPE_PROBE: `probe`
 * @SLEEK_PRESENCE_TYPE_ERROR: `error`, also a type attribute this library
 *   does not know (such a presence is malformed, RFC 6121 section 4.7.1)
 *
 * The type attribute of a `<presence/>`.
 */
typedef enum {
  SLEEK_PRESENCE_TYPE_AVAILABLE,
  SLEEK_PRESENCE_TYPE_UNAVAILABLE,
  SLEEK_PRESENCE_TYPE_SUBSCRIBE,
  SLEEK_PRESENCE_TYPE_SUBSCRIBED,
  SLEEK_PRESENCE_TYPE_UNSUBSCRIBE,
  SLEEK_PRESENCE_TYPE_UNSUBSCRIBED,
  SLEEK_PRESENCE_TYPE_PROBE,
  SLEEK_PRESENCE_TYPE_ERROR,
} SleekPresenceType;

#define SLEEK_TYPE_PRESENCE (sleek_presence_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPresence, sleek_presence, SLEEK, PRESENCE, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekPresence     *sleek_presence_new               (void);
SLEEK_AVAILABLE_IN_ALL
SleekPresenceType  sleek_presence_get_presence_type (SleekPresence     *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_presence_set_presence_type (SleekPresence     *self,
                                                     SleekPresenceType  type);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_presence_get_show          (SleekPresence     *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_presence_set_show          (SleekPresence     *self,
                                                     const char        *show);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_presence_get_status        (SleekPresence     *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_presence_set_status        (SleekPresence     *self,
                                                     const char        *status);
SLEEK_AVAILABLE_IN_ALL
int                sleek_presence_get_priority      (SleekPresence     *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_presence_set_priority      (SleekPresence     *self,
                                                     int                priority);

G_END_DECLS
