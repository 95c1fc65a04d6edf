/* sleek-xep-0172-nick.h: XEP-0172 User Nickname
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
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_NICK:
 *
 * The namespace of XEP-0172 User Nickname,
 * `http://jabber.org/protocol/nick`.
 */
#define SLEEK_NS_NICK "http://jabber.org/protocol/nick"

SLEEK_AVAILABLE_IN_ALL
const char *sleek_stanza_get_nick (SleekStanza *stanza);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stanza_set_nick (SleekStanza *stanza,
                                   const char  *nick);

#define SLEEK_TYPE_USER_NICKNAME (sleek_user_nickname_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekUserNickname, sleek_user_nickname, SLEEK, USER_NICKNAME, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_user_nickname_get_nick       (SleekUserNickname   *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_user_nickname_set_nick       (SleekUserNickname   *self,
                                                const char          *nick);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_user_nickname_get_interested (SleekUserNickname   *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_user_nickname_set_interested (SleekUserNickname   *self,
                                                gboolean             interested);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_user_nickname_lookup         (SleekUserNickname   *self,
                                                SleekJid            *jid);

SLEEK_AVAILABLE_IN_ALL
void        sleek_user_nickname_publish_async  (SleekUserNickname   *self,
                                                const char          *nick,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_user_nickname_publish_finish (SleekUserNickname   *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
