/* sleek-xep-0280-carbons.h: XEP-0280 Message Carbons
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_CARBONS:
 *
 * The namespace of XEP-0280 Message Carbons, `urn:xmpp:carbons:2`.
 */
#define SLEEK_NS_CARBONS "urn:xmpp:carbons:2"

/**
 * SLEEK_NS_HINTS:
 *
 * The namespace of XEP-0334 Message Processing Hints, `urn:xmpp:hints`.
 */
#define SLEEK_NS_HINTS "urn:xmpp:hints"

#define SLEEK_TYPE_CARBONS (sleek_carbons_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekCarbons, sleek_carbons, SLEEK, CARBONS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean sleek_carbons_get_enabled   (SleekCarbons        *self);

SLEEK_AVAILABLE_IN_ALL
void     sleek_carbons_enable_async  (SleekCarbons        *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_carbons_enable_finish (SleekCarbons        *self,
                                      GAsyncResult        *result,
                                      GError             **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_carbons_disable_async (SleekCarbons        *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_carbons_disable_finish (SleekCarbons       *self,
                                       GAsyncResult       *result,
                                       GError            **error);

SLEEK_AVAILABLE_IN_ALL
gboolean sleek_message_get_carbons_private (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void     sleek_message_set_carbons_private (SleekMessage *message,
                                            gboolean      is_private);

G_END_DECLS
