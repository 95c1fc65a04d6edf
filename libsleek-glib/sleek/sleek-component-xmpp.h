/* sleek-component-xmpp.h: an XEP-0114 external component (SleekXMPP's ComponentXMPP)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-base-xmpp.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_COMPONENT_XMPP (sleek_component_xmpp_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekComponentXmpp, sleek_component_xmpp, SLEEK, COMPONENT_XMPP, SleekBaseXmpp)

SLEEK_AVAILABLE_IN_ALL
SleekComponentXmpp *sleek_component_xmpp_new                 (const char          *jid,
                                                              const char          *secret,
                                                              const char          *host,
                                                              guint16              port);
SLEEK_AVAILABLE_IN_ALL
void                sleek_component_xmpp_connect_async       (SleekComponentXmpp  *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
void                sleek_component_xmpp_connect_stream_async (SleekComponentXmpp *self,
                                                               GIOStream          *io,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_component_xmpp_connect_finish      (SleekComponentXmpp  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
