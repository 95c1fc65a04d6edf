/* sleek-xep-0153-vcard-avatars.h: XEP-0153 vCard-Based Avatars
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
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-presence.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_VCARD_UPDATE:
 *
 * The namespace of XEP-0153 presence updates, `vcard-temp:x:update`.
 */
#define SLEEK_NS_VCARD_UPDATE "vcard-temp:x:update"

#define SLEEK_TYPE_VCARD_UPDATE (sleek_vcard_update_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekVCardUpdate, sleek_vcard_update, SLEEK, VCARD_UPDATE, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char       *sleek_vcard_update_get_photo    (SleekVCardUpdate *self);
SLEEK_AVAILABLE_IN_ALL
void              sleek_vcard_update_set_photo    (SleekVCardUpdate *self,
                                                   const char       *photo);
SLEEK_AVAILABLE_IN_ALL
SleekVCardUpdate *sleek_presence_get_vcard_update (SleekPresence    *presence);

#define SLEEK_TYPE_VCARD_AVATARS (sleek_vcard_avatars_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekVCardAvatars, sleek_vcard_avatars, SLEEK, VCARD_AVATARS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_avatars_get_hash       (SleekVCardAvatars    *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_avatars_get_known_hash (SleekVCardAvatars    *self,
                                                SleekJid             *jid);

SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_avatars_set_avatar_async  (SleekVCardAvatars    *self,
                                                   GBytes               *data,
                                                   const char           *mime_type,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_vcard_avatars_set_avatar_finish (SleekVCardAvatars    *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_avatars_get_avatar_async  (SleekVCardAvatars    *self,
                                                   SleekJid             *jid,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
GBytes     *sleek_vcard_avatars_get_avatar_finish (SleekVCardAvatars    *self,
                                                   GAsyncResult         *result,
                                                   char                **mime_type,
                                                   GError              **error);

G_END_DECLS
