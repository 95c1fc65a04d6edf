/* sleek-alt-connections-private.h: XEP-0156 lookups
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SLEEK_XRD_NS            "http://docs.oasis-open.org/ns/xri/xrd-1.0"
#define SLEEK_ALT_REL_WEBSOCKET "urn:xmpp:alt-connections:websocket"
#define SLEEK_ALT_REL_BOSH      "urn:xmpp:alt-connections:xbosh"

/* Reads the links of a host-meta document (XRD XML, or JSON with
 * @is_json) fetched from @source; with an https:// @source only wss://
 * and https:// links are kept (XEP-0156 section 6). */
SleekAltConnections *sleek_alt_connections_parse (const char  *source,
                                                  const char  *data,
                                                  gsize        len,
                                                  gboolean     is_json,
                                                  GError     **error);

G_END_DECLS
