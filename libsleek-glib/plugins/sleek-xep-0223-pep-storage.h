/* sleek-xep-0223-pep-storage.h: XEP-0223 Persistent Storage of Private
 * Data via PubSub
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
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_PEP_STORAGE (sleek_pep_storage_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPepStorage, sleek_pep_storage, SLEEK, PEP_STORAGE, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekDataForm *sleek_pep_storage_make_options    (void);

SLEEK_AVAILABLE_IN_ALL
void           sleek_pep_storage_store_async     (SleekPepStorage     *self,
                                                  const char          *node,
                                                  const char          *item_id,
                                                  SleekNode           *payload,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_pep_storage_store_finish    (SleekPepStorage     *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

SLEEK_AVAILABLE_IN_ALL
void           sleek_pep_storage_retrieve_async  (SleekPepStorage     *self,
                                                  const char          *node,
                                                  const char          *item_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekNode     *sleek_pep_storage_retrieve_finish (SleekPepStorage     *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
