/* sleek-xep-0402-bookmarks.h: XEP-0402 PEP Native Bookmarks
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
#include <sleek/sleek-node.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_BOOKMARKS:
 *
 * The namespace and PEP node of XEP-0402 bookmarks,
 * `urn:xmpp:bookmarks:1`.
 */
#define SLEEK_NS_BOOKMARKS "urn:xmpp:bookmarks:1"

/**
 * SLEEK_NS_BOOKMARKS_LEGACY:
 *
 * The namespace of XEP-0048 bookmarks in private XML storage,
 * `storage:bookmarks`.
 */
#define SLEEK_NS_BOOKMARKS_LEGACY "storage:bookmarks"

#define SLEEK_TYPE_BOOKMARK (sleek_bookmark_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekBookmark, sleek_bookmark, SLEEK, BOOKMARK, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekBookmark *sleek_bookmark_new            (SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
SleekJid      *sleek_bookmark_get_jid        (SleekBookmark *self);
SLEEK_AVAILABLE_IN_ALL
const char    *sleek_bookmark_get_name       (SleekBookmark *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmark_set_name       (SleekBookmark *self,
                                              const char    *name);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_bookmark_get_autojoin   (SleekBookmark *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmark_set_autojoin   (SleekBookmark *self,
                                              gboolean       autojoin);
SLEEK_AVAILABLE_IN_ALL
const char    *sleek_bookmark_get_nick       (SleekBookmark *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmark_set_nick       (SleekBookmark *self,
                                              const char    *nick);
SLEEK_AVAILABLE_IN_ALL
const char    *sleek_bookmark_get_password   (SleekBookmark *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmark_set_password   (SleekBookmark *self,
                                              const char    *password);
SLEEK_AVAILABLE_IN_ALL
SleekNode     *sleek_bookmark_get_extensions (SleekBookmark *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmark_set_extensions (SleekBookmark *self,
                                              SleekNode     *extensions);

#define SLEEK_TYPE_BOOKMARKS (sleek_bookmarks_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekBookmarks, sleek_bookmarks, SLEEK, BOOKMARKS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
GListModel    *sleek_bookmarks_get_model    (SleekBookmarks      *self);
SLEEK_AVAILABLE_IN_ALL
SleekBookmark *sleek_bookmarks_lookup       (SleekBookmarks      *self,
                                             SleekJid            *jid);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_bookmarks_get_loaded   (SleekBookmarks      *self);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_bookmarks_get_native   (SleekBookmarks      *self);

SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmarks_load_async   (SleekBookmarks      *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_bookmarks_load_finish  (SleekBookmarks      *self,
                                             GAsyncResult        *result,
                                             GError             **error);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmarks_add_async    (SleekBookmarks      *self,
                                             SleekBookmark       *bookmark,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_bookmarks_add_finish   (SleekBookmarks      *self,
                                             GAsyncResult        *result,
                                             GError             **error);
SLEEK_AVAILABLE_IN_ALL
void           sleek_bookmarks_remove_async (SleekBookmarks      *self,
                                             SleekJid            *jid,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_bookmarks_remove_finish (SleekBookmarks     *self,
                                              GAsyncResult       *result,
                                              GError            **error);

G_END_DECLS
