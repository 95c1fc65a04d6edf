/* sleek-client-xmpp.h: an XMPP client session (SleekXMPP's ClientXMPP)
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
#include <sleek/sleek-stream-feature.h>
#include <sleek/sleek-sasl-mechanism.h>
#include <sleek/sleek-alt-connections.h>

G_BEGIN_DECLS

/**
 * SleekTlsMode:
 * @SLEEK_TLS_MODE_STARTTLS: connect in the clear and require STARTTLS
 *   (the default); a server that does not offer it is an error
 * @SLEEK_TLS_MODE_DIRECT: TLS from the first byte (XEP-0368), with ALPN
 *   `xmpp-client`
 * @SLEEK_TLS_MODE_NONE: no TLS at all; only for tests on the loopback
 *   interface
 *
 * How the client protects its connection.
 */
typedef enum {
  SLEEK_TLS_MODE_STARTTLS,
  SLEEK_TLS_MODE_DIRECT,
  SLEEK_TLS_MODE_NONE,
} SleekTlsMode;

/**
 * SleekTransportKind:
 * @SLEEK_TRANSPORT_KIND_AUTO: a WebSocket when
 *   [property@Sleek.ClientXmpp:websocket-url] is set, else BOSH when
 *   [property@Sleek.ClientXmpp:bosh-url] is, else TCP as with
 *   %SLEEK_TRANSPORT_KIND_TCP (the default)
 * @SLEEK_TRANSPORT_KIND_TCP: a TCP connection found through SRV records
 *   or [property@Sleek.ClientXmpp:server-host], protected as
 *   [property@Sleek.ClientXmpp:tls-mode] says
 * @SLEEK_TRANSPORT_KIND_WEBSOCKET: XMPP over WebSocket (RFC 7395), to
 *   [property@Sleek.ClientXmpp:websocket-url] or, without one, to the
 *   endpoint XEP-0156 discovery finds
 * @SLEEK_TRANSPORT_KIND_BOSH: XMPP over BOSH (XEP-0124, XEP-0206), to
 *   [property@Sleek.ClientXmpp:bosh-url] or, without one, to the
 *   connection manager XEP-0156 discovery finds
 *
 * What the client's stream runs over.
 */
typedef enum {
  SLEEK_TRANSPORT_KIND_AUTO,
  SLEEK_TRANSPORT_KIND_TCP,
  SLEEK_TRANSPORT_KIND_WEBSOCKET,
  SLEEK_TRANSPORT_KIND_BOSH,
} SleekTransportKind;

/**
 * SleekClientState:
 * @SLEEK_CLIENT_STATE_DISCONNECTED: no connection and no login under way
 *   (the initial state; also after a failed login, a closed stream, and a
 *   lost session that is not reconnected)
 * @SLEEK_CLIENT_STATE_CONNECTING: a login has started: finding the
 *   server, connecting to it and securing the connection with TLS
 * @SLEEK_CLIENT_STATE_AUTHENTICATING: the connection is encrypted (or,
 *   with %SLEEK_TLS_MODE_NONE, open): authenticating with SASL and
 *   binding a resource
 * @SLEEK_CLIENT_STATE_ONLINE: the session has started
 * @SLEEK_CLIENT_STATE_RECONNECTING: the session was lost, or an attempt to
 *   get it back failed, and [property@Sleek.ClientXmpp:auto-reconnect]
 *   tries again after the delay [signal@Sleek.ClientXmpp::reconnecting]
 *   announced
 * @SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK: the session was lost, or an
 *   attempt to get it back failed, and
 *   [property@Sleek.ClientXmpp:auto-reconnect] waits for
 *   [property@Sleek.ClientXmpp:network-monitor] to report the network
 *   available before it tries again, at once
 *
 * Where the client's connection stands: [property@Sleek.ClientXmpp:state].
 */
typedef enum {
  SLEEK_CLIENT_STATE_DISCONNECTED,
  SLEEK_CLIENT_STATE_CONNECTING,
  SLEEK_CLIENT_STATE_AUTHENTICATING,
  SLEEK_CLIENT_STATE_ONLINE,
  SLEEK_CLIENT_STATE_RECONNECTING,
  SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK,
} SleekClientState;

#define SLEEK_TYPE_CLIENT_XMPP (sleek_client_xmpp_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekClientXmpp, sleek_client_xmpp, SLEEK, CLIENT_XMPP, SleekBaseXmpp)

SLEEK_AVAILABLE_IN_ALL
SleekClientXmpp *sleek_client_xmpp_new              (const char          *jid,
                                                     const char          *password);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_connect_async    (SleekClientXmpp     *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_connect_stream_async (SleekClientXmpp *self,
                                                         GIOStream       *io,
                                                         GCancellable    *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer         user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_client_xmpp_connect_finish   (SleekClientXmpp     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_get_roster_async (SleekClientXmpp     *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekRoster     *sleek_client_xmpp_get_roster_finish (SleekClientXmpp    *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_register_feature (SleekClientXmpp     *self,
                                                     SleekStreamFeature  *feature);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_client_xmpp_unregister_feature (SleekClientXmpp   *self,
                                                       const char        *name);

SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_password     (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_password     (SleekClientXmpp     *self,
                                                     const char          *password);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_server_host  (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_server_host  (SleekClientXmpp     *self,
                                                     const char          *host);
SLEEK_AVAILABLE_IN_ALL
guint16          sleek_client_xmpp_get_server_port  (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_server_port  (SleekClientXmpp     *self,
                                                     guint16              port);
SLEEK_AVAILABLE_IN_ALL
SleekTlsMode     sleek_client_xmpp_get_tls_mode     (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_tls_mode     (SleekClientXmpp     *self,
                                                     SleekTlsMode         mode);
SLEEK_AVAILABLE_IN_ALL
GTlsDatabase    *sleek_client_xmpp_get_tls_database (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_tls_database (SleekClientXmpp     *self,
                                                     GTlsDatabase        *database);
SLEEK_AVAILABLE_IN_ALL
GTlsConnection  *sleek_client_xmpp_get_tls_connection (SleekClientXmpp   *self);
SLEEK_AVAILABLE_IN_ALL
SleekTransportKind sleek_client_xmpp_get_transport  (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_transport    (SleekClientXmpp     *self,
                                                     SleekTransportKind   transport);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_websocket_url (SleekClientXmpp    *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_websocket_url (SleekClientXmpp    *self,
                                                      const char         *url);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_bosh_url      (SleekClientXmpp    *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_bosh_url      (SleekClientXmpp    *self,
                                                      const char         *url);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_discovery_base_url (SleekClientXmpp *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_discovery_base_url (SleekClientXmpp *self,
                                                           const char      *url);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_discover_connections_async  (SleekClientXmpp     *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekAltConnections *sleek_client_xmpp_discover_connections_finish (SleekClientXmpp  *self,
                                                                    GAsyncResult     *result,
                                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
SleekClientState sleek_client_xmpp_get_state        (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
const GError    *sleek_client_xmpp_get_last_error   (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
GNetworkMonitor *sleek_client_xmpp_get_network_monitor (SleekClientXmpp *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_network_monitor (SleekClientXmpp *self,
                                                        GNetworkMonitor *monitor);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_sasl_mechanism (SleekClientXmpp   *self);
SLEEK_AVAILABLE_IN_ALL
SleekSaslMechanism *sleek_client_xmpp_get_sasl      (SleekClientXmpp     *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_scram_keys   (SleekClientXmpp     *self,
                                                     GBytes              *client_key,
                                                     GBytes              *server_key,
                                                     GBytes              *salt,
                                                     guint                iterations);

SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_user_agent_id     (SleekClientXmpp  *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_user_agent_id     (SleekClientXmpp  *self,
                                                          const char       *id);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_fast_token        (SleekClientXmpp  *self);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_client_xmpp_get_fast_mechanism    (SleekClientXmpp  *self);
SLEEK_AVAILABLE_IN_ALL
GDateTime       *sleek_client_xmpp_get_fast_token_expiry (SleekClientXmpp  *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_client_xmpp_set_fast_token        (SleekClientXmpp  *self,
                                                          const char       *token,
                                                          const char       *mechanism,
                                                          GDateTime        *expiry);

G_END_DECLS
