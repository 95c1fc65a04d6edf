/* sleek-xep-0352-client-state.h: XEP-0352 Client State Indication
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

G_BEGIN_DECLS

/**
 * SLEEK_NS_CSI:
 *
 * The namespace of the XEP-0352 stream feature and of the `<active/>`
 * and `<inactive/>` nonzas.
 */
#define SLEEK_NS_CSI "urn:xmpp:csi:0"

#define SLEEK_TYPE_CLIENT_STATE_INDICATION (sleek_client_state_indication_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekClientStateIndication, sleek_client_state_indication, SLEEK, CLIENT_STATE_INDICATION, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean sleek_client_state_indication_get_active    (SleekClientStateIndication  *self);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_client_state_indication_get_available (SleekClientStateIndication  *self);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_client_state_indication_set_active    (SleekClientStateIndication  *self,
                                           GError           **error);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_client_state_indication_set_inactive  (SleekClientStateIndication  *self,
                                           GError           **error);

G_END_DECLS
