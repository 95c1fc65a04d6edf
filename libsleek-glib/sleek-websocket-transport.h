/* sleek-websocket-transport.h: XMPP over WebSocket (RFC 7395), private
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-transport.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SLEEK_NS_FRAMING "urn:ietf:params:xml:ns:xmpp-framing"

#define SLEEK_TYPE_WEBSOCKET_TRANSPORT (sleek_websocket_transport_get_type ())
G_DECLARE_FINAL_TYPE (SleekWebsocketTransport, sleek_websocket_transport, SLEEK, WEBSOCKET_TRANSPORT,
                      SleekTransport)

/* Wraps an open connection that negotiated the `xmpp` subprotocol. */
SleekTransport *sleek_websocket_transport_new (SoupWebsocketConnection *connection);

/* Opens @message (a GET of a ws:// or wss:// URL, whose TLS checks the
 * caller has set up) as a WebSocket with the `xmpp` subprotocol. */
void            sleek_websocket_transport_connect_async  (SoupSession         *session,
                                                          SoupMessage         *message,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
SleekTransport *sleek_websocket_transport_connect_finish (GAsyncResult        *result,
                                                          GError             **error);

/* The see-other-uri of the server's <close/>, if it sent one. */
const char     *sleek_websocket_transport_get_see_other_uri (SleekWebsocketTransport *self);

/* Sends a WebSocket ping every @seconds (0: never): the keepalive of a
 * framed stream, which has no whitespace between elements. */
void            sleek_websocket_transport_set_keepalive  (SleekWebsocketTransport *self,
                                                          guint                    seconds);

G_END_DECLS
