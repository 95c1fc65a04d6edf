/* sleek-roster-private.h: how SleekBaseXmpp keeps the roster up to date
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#ifndef SLEEK_COMPILATION
# error "sleek-roster-private.h is internal to libsleek-glib"
#endif

#include "sleek-private.h"

#include <sleek/sleek-roster.h>

G_BEGIN_DECLS

/* The namespace of roster queries. */
#define SLEEK_NS_ROSTER "jabber:iq:roster"

/* What one presence changed for its sender's bare JID. */
typedef enum {
  SLEEK_ROSTER_PRESENCE_UNCHANGED = 0,
  SLEEK_ROSTER_PRESENCE_ONLINE    = 1 << 0,  /* first available resource */
  SLEEK_ROSTER_PRESENCE_STATUS    = 1 << 1,  /* a resource came, went or changed */
  SLEEK_ROSTER_PRESENCE_OFFLINE   = 1 << 2,  /* last resource gone */
} SleekRosterPresenceChange;

SleekRoster     *sleek_roster_new               (void);
void             sleek_roster_set_version       (SleekRoster   *self,
                                                 const char    *version);

/* Replaces the items with the <item/>s of a jabber:iq:roster <query/>:
 * items still there keep their place and are updated, the others are
 * removed, new ones are appended in the order of the query. */
void             sleek_roster_replace           (SleekRoster   *self,
                                                 SleekNode     *query);

/* Applies one <item/> of a roster push. Returns the item it added,
 * updated or removed (then with subscription REMOVE), or NULL when the
 * item has no valid jid. */
SleekRosterItem *sleek_roster_apply_push        (SleekRoster   *self,
                                                 SleekNode     *item);

/* Presence tracking, by the bare JID of the sender (roster contact or
 * not). Available and unavailable presences only; others change nothing. */
SleekRosterPresenceChange
                 sleek_roster_handle_presence   (SleekRoster   *self,
                                                 SleekPresence *presence);

/* Every resource goes offline. Returns, for each bare JID that had any,
 * a made-up <presence type='unavailable'/> from its last resource
 * (element-type SleekPresence, transfer container of full references). */
GPtrArray       *sleek_roster_clear_presence    (SleekRoster   *self);

/* The live list of SleekRosterResource of a bare JID, or NULL when it has
 * no available resource and is not on the roster (transfer none). */
GListModel      *sleek_roster_lookup_resources  (SleekRoster   *self,
                                                 SleekJid      *jid);

const char      *sleek_roster_subscription_to_wire   (SleekRosterSubscription subscription);

G_END_DECLS
