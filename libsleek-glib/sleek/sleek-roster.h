/* sleek-roster.h: the contact list (RFC 6121) and the contacts' presence
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
#include <sleek/sleek-presence.h>

G_BEGIN_DECLS

/**
 * SleekRosterSubscription:
 * @SLEEK_ROSTER_SUBSCRIPTION_NONE: `none`: neither side sees the other's
 *   presence; also an absent or unknown `subscription` attribute
 * @SLEEK_ROSTER_SUBSCRIPTION_TO: `to`: we see the contact's presence
 * @SLEEK_ROSTER_SUBSCRIPTION_FROM: `from`: the contact sees ours
 * @SLEEK_ROSTER_SUBSCRIPTION_BOTH: `both`: each sees the other's
 * @SLEEK_ROSTER_SUBSCRIPTION_REMOVE: `remove`: the item was removed from
 *   the roster (only in a roster push, and on the item passed to
 *   [signal@Sleek.BaseXmpp::roster-update] after it)
 *
 * The `subscription` attribute of a roster item (RFC 6121 section 2.1.2.5).
 */
typedef enum {
  SLEEK_ROSTER_SUBSCRIPTION_NONE,
  SLEEK_ROSTER_SUBSCRIPTION_TO,
  SLEEK_ROSTER_SUBSCRIPTION_FROM,
  SLEEK_ROSTER_SUBSCRIPTION_BOTH,
  SLEEK_ROSTER_SUBSCRIPTION_REMOVE,
} SleekRosterSubscription;

#define SLEEK_TYPE_ROSTER_RESOURCE (sleek_roster_resource_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekRosterResource, sleek_roster_resource, SLEEK, ROSTER_RESOURCE, GObject)

#define SLEEK_TYPE_ROSTER_ITEM (sleek_roster_item_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekRosterItem, sleek_roster_item, SLEEK, ROSTER_ITEM, GObject)

#define SLEEK_TYPE_ROSTER (sleek_roster_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekRoster, sleek_roster, SLEEK, ROSTER, GObject)

/* SleekRosterResource */
SLEEK_AVAILABLE_IN_ALL
SleekJid          *sleek_roster_resource_get_jid        (SleekRosterResource *self);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_roster_resource_get_resource   (SleekRosterResource *self);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_roster_resource_get_show       (SleekRosterResource *self);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_roster_resource_get_status     (SleekRosterResource *self);
SLEEK_AVAILABLE_IN_ALL
int                sleek_roster_resource_get_priority   (SleekRosterResource *self);
SLEEK_AVAILABLE_IN_ALL
SleekPresence     *sleek_roster_resource_get_presence   (SleekRosterResource *self);

/* SleekRosterItem */
SLEEK_AVAILABLE_IN_ALL
SleekJid                *sleek_roster_item_get_jid          (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
const char              *sleek_roster_item_get_name         (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
SleekRosterSubscription  sleek_roster_item_get_subscription (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
gboolean                 sleek_roster_item_get_ask          (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
gboolean                 sleek_roster_item_get_approved     (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
const char * const      *sleek_roster_item_get_groups       (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
gboolean                 sleek_roster_item_in_group         (SleekRosterItem *self,
                                                             const char      *group);
SLEEK_AVAILABLE_IN_ALL
GListModel              *sleek_roster_item_get_resources    (SleekRosterItem *self);
SLEEK_AVAILABLE_IN_ALL
gboolean                 sleek_roster_item_get_available    (SleekRosterItem *self);

/* SleekRoster */
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_roster_get_version (SleekRoster *self);
SLEEK_AVAILABLE_IN_ALL
SleekRosterItem *sleek_roster_lookup      (SleekRoster *self,
                                           SleekJid    *jid);

G_END_DECLS
