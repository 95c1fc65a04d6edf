/* sleek-alt-connections.h: connection methods found with XEP-0156
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_ALT_CONNECTIONS (sleek_alt_connections_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekAltConnections, sleek_alt_connections, SLEEK, ALT_CONNECTIONS, GObject)

SLEEK_AVAILABLE_IN_ALL
const char * const *sleek_alt_connections_get_websocket_urls (SleekAltConnections *self);
SLEEK_AVAILABLE_IN_ALL
const char * const *sleek_alt_connections_get_bosh_urls      (SleekAltConnections *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_alt_connections_get_source_url     (SleekAltConnections *self);

G_END_DECLS
