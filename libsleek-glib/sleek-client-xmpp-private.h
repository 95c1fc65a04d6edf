/* sleek-client-xmpp-private.h: what the stream features use of the client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"
#include "sleek-xml-stream-private.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Sends @raw (when not NULL), then waits for the next incoming element in
 * @ns whose name is one of @names; fails with the reason if the stream
 * closes first. With @hold_input, the stream stops reading once that
 * element has arrived (for STARTTLS). */
void        sleek_client_xmpp_exchange_async  (SleekClientXmpp     *self,
                                               const char          *raw,
                                               const char          *ns,
                                               const char * const  *names,
                                               gboolean             hold_input,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
SleekNode  *sleek_client_xmpp_exchange_finish (SleekClientXmpp     *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Wraps @base in TLS checked against the JID's domain (with the client's
 * database and "accept-certificate") and completes the handshake. */
void        sleek_client_xmpp_tls_handshake_async  (SleekClientXmpp     *self,
                                                    GIOStream           *base,
                                                    gboolean             alpn,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GIOStream  *sleek_client_xmpp_tls_handshake_finish (SleekClientXmpp     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Restarts the stream over @io (NULL: the same connection) and sends our
 * new header. */
void        sleek_client_xmpp_restart_stream  (SleekClientXmpp     *self,
                                               GIOStream           *io);
void        sleek_client_xmpp_set_tls_connection (SleekClientXmpp  *self,
                                                  GTlsConnection   *tls);
gboolean    sleek_client_xmpp_get_allow_plaintext (SleekClientXmpp *self);
void        sleek_client_xmpp_set_sasl_mechanism (SleekClientXmpp  *self,
                                                  SleekSaslMechanism *mechanism);
/* Stored SCRAM keys, or FALSE when there are none. */
gboolean    sleek_client_xmpp_get_scram_keys (SleekClientXmpp  *self,
                                              GBytes          **client_key,
                                              GBytes          **server_key,
                                              GBytes          **salt,
                                              guint            *iterations);

/* Matches elements in @ns named one of @names, such as the nonzas of a
 * negotiation or of stream management. */
SleekMatcher *sleek_name_matcher_new (const char         *ns,
                                      const char * const *names);

/* For stream management (XEP-0198). Whether the feature @name was
 * negotiated on this connection; */
gboolean    sleek_client_xmpp_is_negotiated      (SleekClientXmpp    *self,
                                                  const char         *name);
/* Whether the server's features for the current stream arrived: FALSE
 * between a stream restart (after STARTTLS or SASL) and the next
 * <stream:features/>. */
gboolean    sleek_client_xmpp_has_features       (SleekClientXmpp    *self);
/* The server's <stream:features/> for the current stream (transfer none),
 * or NULL before they arrived: a feature that needs its siblings (SASL
 * reads XEP-0440's <sasl-channel-binding/>). */
SleekNode  *sleek_client_xmpp_get_offered_features (SleekClientXmpp  *self);
/* the previous session is being resumed on this connection: the features
 * in @skip (bind...) count as negotiated, and once negotiation is over
 * the session goes on (sleek_base_xmpp_resume_session()) instead of
 * starting anew with "session-start"; */
void        sleek_client_xmpp_resume_session     (SleekClientXmpp    *self,
                                                  const char * const *skip);
/* (The plugin's features go with it: sleek_client_xmpp_unregister_feature().) */

/* XEP-0388, XEP-0386 and XEP-0484 */
#define SLEEK_NS_SASL2 "urn:xmpp:sasl:2"
#define SLEEK_NS_BIND2 "urn:xmpp:bind:0"
#define SLEEK_NS_FAST  "urn:xmpp:fast:0"

/* sleek-feature-sasl.c, shared with SASL2: the mechanism for the
 * <mechanism/> children (in @ns) of @offer, set up with the client's
 * credentials; the error of a <failure/>; base64 of a response ("=" for
 * an empty one). */
SleekSaslMechanism *sleek_feature_sasl_new_mechanism (SleekClientXmpp  *client,
                                                      SleekNode        *offer,
                                                      const char       *ns,
                                                      GError          **error);
GError     *sleek_sasl_error_from_failure        (SleekNode          *failure);
char       *sleek_sasl_encode_payload            (GBytes             *bytes);

/* SASL2 logged in without a stream restart: the features in @skip count
 * as negotiated, and the client waits for the features the server sends
 * after <success/>. */
void        sleek_client_xmpp_authenticated_inline (SleekClientXmpp    *self,
                                                    const char * const *skip);
/* FAST (XEP-0484): the server gave a new token (@token NULL: the stored
 * one is gone); stores it and emits "fast-token-changed". */
void        sleek_client_xmpp_fast_token_received (SleekClientXmpp   *self,
                                                   const char        *token,
                                                   const char        *mechanism,
                                                   GDateTime         *expiry);
/* The count for the next use of the stored token (XEP-0484), counting it. */
guint       sleek_client_xmpp_next_fast_count     (SleekClientXmpp   *self);
/* Web transports. The HTTP session of the client (its tls-database),
 * made on first use; a GET of @uri whose certificate failures go to the
 * client's "accept-certificate"; whether the stream runs over an
 * encrypted web transport (wss://), which counts as TLS for SASL. */
SoupSession *sleek_client_xmpp_get_http_session     (SleekClientXmpp *self);
SoupMessage *sleek_client_xmpp_new_http_message     (SleekClientXmpp *self,
                                                     GUri            *uri);
gboolean     sleek_client_xmpp_get_transport_secure (SleekClientXmpp *self);

/* The built-in features. */
SleekStreamFeature *sleek_feature_starttls_new (void);
SleekStreamFeature *sleek_feature_sasl_new     (void);
SleekStreamFeature *sleek_feature_sasl2_new    (void);
SleekStreamFeature *sleek_feature_bind_new     (void);
SleekStreamFeature *sleek_feature_session_new  (void);

G_END_DECLS
