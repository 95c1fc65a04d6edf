/* sleek-xep-0128-extended-disco.h: XEP-0128 Service Discovery Extensions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_EXTENDED_DISCO (sleek_extended_disco_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekExtendedDisco, sleek_extended_disco, SLEEK, EXTENDED_DISCO, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_extended_disco_add_form    (SleekExtendedDisco  *self,
                                             SleekDataForm       *form,
                                             const char          *node,
                                             GError             **error);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_extended_disco_set_forms   (SleekExtendedDisco  *self,
                                             GPtrArray           *forms,
                                             const char          *node,
                                             GError             **error);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_extended_disco_remove_form (SleekExtendedDisco  *self,
                                             const char          *form_namespace,
                                             const char          *node);
SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_extended_disco_get_forms   (SleekExtendedDisco  *self,
                                             const char          *node);

G_END_DECLS
