/* sleek-xep-0191-blocking.h: XEP-0191 Blocking Command
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
 * SLEEK_NS_BLOCKING:
 *
 * The namespace of XEP-0191 blocking commands.
 */
#define SLEEK_NS_BLOCKING "urn:xmpp:blocking"
/**
 * SLEEK_NS_BLOCKING_ERRORS:
 *
 * The namespace of the `<blocked/>` condition in the errors a server
 * sends back for a stanza to a blocked JID.
 */
#define SLEEK_NS_BLOCKING_ERRORS "urn:xmpp:blocking:errors"

/* One blocked JID */

#define SLEEK_TYPE_BLOCK_ITEM (sleek_block_item_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekBlockItem, sleek_block_item, SLEEK, BLOCK_ITEM, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekJid *sleek_block_item_get_jid (SleekBlockItem *self);

/* The plugin */

#define SLEEK_TYPE_BLOCKING (sleek_blocking_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekBlocking, sleek_blocking, SLEEK, BLOCKING, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
GListModel *sleek_blocking_get_blocklist   (SleekBlocking        *self);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_blocking_is_blocked      (SleekBlocking        *self,
                                            SleekJid             *jid);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_blocking_is_blocked_error (SleekStanza         *stanza);

SLEEK_AVAILABLE_IN_ALL
void        sleek_blocking_fetch_async     (SleekBlocking        *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_blocking_fetch_finish    (SleekBlocking        *self,
                                            GAsyncResult         *result,
                                            GError              **error);
SLEEK_AVAILABLE_IN_ALL
void        sleek_blocking_block_async     (SleekBlocking        *self,
                                            GPtrArray            *jids,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_blocking_block_finish    (SleekBlocking        *self,
                                            GAsyncResult         *result,
                                            GError              **error);
SLEEK_AVAILABLE_IN_ALL
void        sleek_blocking_unblock_async   (SleekBlocking        *self,
                                            GPtrArray            *jids,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_blocking_unblock_finish  (SleekBlocking        *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
