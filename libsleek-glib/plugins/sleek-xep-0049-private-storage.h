/* sleek-xep-0049-private-storage.h: XEP-0049 Private XML Storage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-node.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_PRIVATE:
 *
 * The namespace of XEP-0049 private XML storage queries.
 */
#define SLEEK_NS_PRIVATE "jabber:iq:private"

#define SLEEK_TYPE_PRIVATE_STORAGE (sleek_private_storage_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPrivateStorage, sleek_private_storage, SLEEK, PRIVATE_STORAGE, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void       sleek_private_storage_store_async     (SleekPrivateStorage  *self,
                                                  SleekNode            *element,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_private_storage_store_finish    (SleekPrivateStorage  *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
SLEEK_AVAILABLE_IN_ALL
void       sleek_private_storage_retrieve_async  (SleekPrivateStorage  *self,
                                                  const char           *name,
                                                  const char           *ns,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekNode *sleek_private_storage_retrieve_finish (SleekPrivateStorage  *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
