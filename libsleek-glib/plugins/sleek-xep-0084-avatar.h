/* sleek-xep-0084-avatar.h: XEP-0084 User Avatar
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
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_AVATAR_DATA:
 *
 * The namespace and PEP node of XEP-0084 avatar data,
 * `urn:xmpp:avatar:data`.
 */
#define SLEEK_NS_AVATAR_DATA "urn:xmpp:avatar:data"

/**
 * SLEEK_NS_AVATAR_METADATA:
 *
 * The namespace and PEP node of XEP-0084 avatar metadata,
 * `urn:xmpp:avatar:metadata`.
 */
#define SLEEK_NS_AVATAR_METADATA "urn:xmpp:avatar:metadata"

/**
 * SLEEK_AVATAR_MAX_SIZE:
 *
 * The largest width and height, in pixels, of the avatars
 * [method@Sleek.UserAvatar.publish_async] publishes; larger images are
 * scaled down to fit.
 */
#define SLEEK_AVATAR_MAX_SIZE 192

#define SLEEK_TYPE_USER_AVATAR_INFO (sleek_user_avatar_info_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekUserAvatarInfo, sleek_user_avatar_info, SLEEK, USER_AVATAR_INFO, GObject)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_user_avatar_info_get_id        (SleekUserAvatarInfo *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_user_avatar_info_get_mime_type (SleekUserAvatarInfo *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_user_avatar_info_get_bytes     (SleekUserAvatarInfo *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_user_avatar_info_get_width     (SleekUserAvatarInfo *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_user_avatar_info_get_height    (SleekUserAvatarInfo *self);

#define SLEEK_TYPE_USER_AVATAR (sleek_user_avatar_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekUserAvatar, sleek_user_avatar, SLEEK, USER_AVATAR, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void      sleek_user_avatar_publish_async  (SleekUserAvatar     *self,
                                            GBytes              *image,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
char     *sleek_user_avatar_publish_finish (SleekUserAvatar     *self,
                                            GAsyncResult        *result,
                                            GError             **error);
SLEEK_AVAILABLE_IN_ALL
void      sleek_user_avatar_fetch_async    (SleekUserAvatar     *self,
                                            SleekJid            *jid,
                                            const char          *id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
GBytes   *sleek_user_avatar_fetch_finish   (SleekUserAvatar     *self,
                                            GAsyncResult        *result,
                                            GError             **error);
SLEEK_AVAILABLE_IN_ALL
GBytes   *sleek_user_avatar_lookup         (SleekUserAvatar     *self,
                                            const char          *id);

G_END_DECLS
