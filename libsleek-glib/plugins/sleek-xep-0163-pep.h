/* sleek-xep-0163-pep.h: XEP-0163 Personal Eventing Protocol
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
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_PEP (sleek_pep_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPep, sleek_pep, SLEEK, PEP, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void     sleek_pep_add_interest    (SleekPep            *self,
                                    const char          *node);
SLEEK_AVAILABLE_IN_ALL
void     sleek_pep_remove_interest (SleekPep            *self,
                                    const char          *node);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_pep_has_interest    (SleekPep            *self,
                                    const char          *node);

SLEEK_AVAILABLE_IN_ALL
void     sleek_pep_publish_async   (SleekPep            *self,
                                    const char          *node,
                                    const char          *item_id,
                                    SleekNode           *payload,
                                    SleekDataForm       *options,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
char    *sleek_pep_publish_finish  (SleekPep            *self,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
