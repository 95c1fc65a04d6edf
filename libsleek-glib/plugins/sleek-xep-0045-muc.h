/* sleek-xep-0045-muc.h: XEP-0045 Multi-User Chat
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
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_MUC:
 *
 * The namespace of the `<x/>` a client puts in the presence that joins a
 * room.
 */
#define SLEEK_NS_MUC "http://jabber.org/protocol/muc"
/**
 * SLEEK_NS_MUC_USER:
 *
 * The namespace of what a room tells its occupants: items, status codes,
 * invitations.
 */
#define SLEEK_NS_MUC_USER "http://jabber.org/protocol/muc#user"
/**
 * SLEEK_NS_MUC_ADMIN:
 *
 * The namespace of the moderators' and admins' requests: roles and
 * affiliations.
 */
#define SLEEK_NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"
/**
 * SLEEK_NS_MUC_OWNER:
 *
 * The namespace of the owners' requests: configuration and destruction.
 */
#define SLEEK_NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
/**
 * SLEEK_NS_CONFERENCE:
 *
 * The namespace of XEP-0249 direct invitations.
 */
#define SLEEK_NS_CONFERENCE "jabber:x:conference"

/**
 * SleekMucRole:
 * @SLEEK_MUC_ROLE_NONE: no role: not in the room, or leaving it
 * @SLEEK_MUC_ROLE_VISITOR: may read but not speak in a moderated room
 * @SLEEK_MUC_ROLE_PARTICIPANT: may speak
 * @SLEEK_MUC_ROLE_MODERATOR: may kick and grant voice
 *
 * An occupant's role, which lasts as long as the visit.
 */
typedef enum {
  SLEEK_MUC_ROLE_NONE,
  SLEEK_MUC_ROLE_VISITOR,
  SLEEK_MUC_ROLE_PARTICIPANT,
  SLEEK_MUC_ROLE_MODERATOR,
} SleekMucRole;

SLEEK_AVAILABLE_IN_ALL
GType sleek_muc_role_get_type (void) G_GNUC_CONST;
#define SLEEK_TYPE_MUC_ROLE (sleek_muc_role_get_type ())

/**
 * SleekMucAffiliation:
 * @SLEEK_MUC_AFFILIATION_NONE: no affiliation
 * @SLEEK_MUC_AFFILIATION_OUTCAST: banned
 * @SLEEK_MUC_AFFILIATION_MEMBER: a member
 * @SLEEK_MUC_AFFILIATION_ADMIN: an admin
 * @SLEEK_MUC_AFFILIATION_OWNER: an owner
 *
 * A user's affiliation with a room, which outlasts visits.
 */
typedef enum {
  SLEEK_MUC_AFFILIATION_NONE,
  SLEEK_MUC_AFFILIATION_OUTCAST,
  SLEEK_MUC_AFFILIATION_MEMBER,
  SLEEK_MUC_AFFILIATION_ADMIN,
  SLEEK_MUC_AFFILIATION_OWNER,
} SleekMucAffiliation;

SLEEK_AVAILABLE_IN_ALL
GType sleek_muc_affiliation_get_type (void) G_GNUC_CONST;
#define SLEEK_TYPE_MUC_AFFILIATION (sleek_muc_affiliation_get_type ())

/* An occupant */

#define SLEEK_TYPE_MUC_OCCUPANT (sleek_muc_occupant_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMucOccupant, sleek_muc_occupant, SLEEK, MUC_OCCUPANT, GObject)

SLEEK_AVAILABLE_IN_ALL
const char          *sleek_muc_occupant_get_nick        (SleekMucOccupant *self);
SLEEK_AVAILABLE_IN_ALL
SleekMucRole         sleek_muc_occupant_get_role        (SleekMucOccupant *self);
SLEEK_AVAILABLE_IN_ALL
SleekMucAffiliation  sleek_muc_occupant_get_affiliation (SleekMucOccupant *self);
SLEEK_AVAILABLE_IN_ALL
SleekJid            *sleek_muc_occupant_get_jid         (SleekMucOccupant *self);
SLEEK_AVAILABLE_IN_ALL
const char          *sleek_muc_occupant_get_show        (SleekMucOccupant *self);
SLEEK_AVAILABLE_IN_ALL
const char          *sleek_muc_occupant_get_status      (SleekMucOccupant *self);

/* A room */

#define SLEEK_TYPE_MUC_ROOM (sleek_muc_room_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMucRoom, sleek_muc_room, SLEEK, MUC_ROOM, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekJid         *sleek_muc_room_get_jid          (SleekMucRoom *self);
SLEEK_AVAILABLE_IN_ALL
const char       *sleek_muc_room_get_nick         (SleekMucRoom *self);
SLEEK_AVAILABLE_IN_ALL
gboolean          sleek_muc_room_get_joined       (SleekMucRoom *self);
SLEEK_AVAILABLE_IN_ALL
const char       *sleek_muc_room_get_subject      (SleekMucRoom *self);
SLEEK_AVAILABLE_IN_ALL
GListModel       *sleek_muc_room_get_occupants    (SleekMucRoom *self);
SLEEK_AVAILABLE_IN_ALL
SleekMucOccupant *sleek_muc_room_get_occupant     (SleekMucRoom *self,
                                                   const char   *nick);
SLEEK_AVAILABLE_IN_ALL
SleekMucOccupant *sleek_muc_room_get_self         (SleekMucRoom *self);
SLEEK_AVAILABLE_IN_ALL
gboolean          sleek_muc_room_has_status       (SleekMucRoom *self,
                                                   guint         code);

SLEEK_AVAILABLE_IN_ALL
void              sleek_muc_room_send_message     (SleekMucRoom *self,
                                                   const char   *body);
SLEEK_AVAILABLE_IN_ALL
void              sleek_muc_room_send_private_message (SleekMucRoom *self,
                                                       const char   *nick,
                                                       const char   *body);
SLEEK_AVAILABLE_IN_ALL
void              sleek_muc_room_invite           (SleekMucRoom *self,
                                                   SleekJid     *jid,
                                                   const char   *reason);

SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_leave_async            (SleekMucRoom         *self,
                                                const char           *status,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_leave_finish           (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_set_subject_async      (SleekMucRoom         *self,
                                                const char           *subject,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_set_subject_finish     (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_change_nick_async      (SleekMucRoom         *self,
                                                const char           *nick,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_change_nick_finish     (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_set_role_async         (SleekMucRoom         *self,
                                                const char           *nick,
                                                SleekMucRole          role,
                                                const char           *reason,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_set_role_finish        (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_set_affiliation_async  (SleekMucRoom         *self,
                                                SleekJid             *jid,
                                                SleekMucAffiliation   affiliation,
                                                const char           *reason,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_set_affiliation_finish (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_kick_async             (SleekMucRoom         *self,
                                                const char           *nick,
                                                const char           *reason,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_kick_finish            (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_ban_async              (SleekMucRoom         *self,
                                                SleekJid             *jid,
                                                const char           *reason,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_ban_finish             (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void       sleek_muc_room_get_affiliations_async  (SleekMucRoom         *self,
                                                   SleekMucAffiliation   affiliation,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_muc_room_get_affiliations_finish (SleekMucRoom         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
SLEEK_AVAILABLE_IN_ALL
void           sleek_muc_room_get_config_async  (SleekMucRoom         *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm *sleek_muc_room_get_config_finish (SleekMucRoom         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_set_config_async       (SleekMucRoom         *self,
                                                SleekDataForm        *form,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_set_config_finish      (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_room_destroy_async          (SleekMucRoom         *self,
                                                const char           *reason,
                                                SleekJid             *alternate,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_room_destroy_finish         (SleekMucRoom         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The plugin */

#define SLEEK_TYPE_MUC (sleek_muc_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMuc, sleek_muc, SLEEK, MUC, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekMucRoom *sleek_muc_get_room     (SleekMuc            *self,
                                      SleekJid            *room);
SLEEK_AVAILABLE_IN_ALL
GPtrArray    *sleek_muc_list_rooms   (SleekMuc            *self);
SLEEK_AVAILABLE_IN_ALL
void          sleek_muc_join_async   (SleekMuc            *self,
                                      SleekJid            *room,
                                      const char          *nick,
                                      const char          *password,
                                      int                  max_stanzas,
                                      int                  seconds,
                                      GDateTime           *since,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekMucRoom *sleek_muc_join_finish  (SleekMuc            *self,
                                      GAsyncResult        *result,
                                      GError             **error);
SLEEK_AVAILABLE_IN_ALL
void          sleek_muc_invite       (SleekMuc            *self,
                                      SleekJid            *jid,
                                      SleekJid            *room,
                                      const char          *password,
                                      const char          *reason);
SLEEK_AVAILABLE_IN_ALL
void          sleek_muc_decline      (SleekMuc            *self,
                                      SleekJid            *room,
                                      SleekJid            *inviter,
                                      const char          *reason);

G_END_DECLS
