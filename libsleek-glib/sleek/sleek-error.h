/* sleek-error.h: the library's GError domains
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <glib.h>
#include <sleek/sleek-version.h>

G_BEGIN_DECLS

/**
 * SLEEK_JID_ERROR:
 *
 * Error domain for JIDs that fail RFC 7622 validation. Errors in this
 * domain are from the [error@Sleek.JidError] enumeration.
 */
#define SLEEK_JID_ERROR (sleek_jid_error_quark ())

/**
 * SleekJidError:
 * @SLEEK_JID_ERROR_EMPTY: the string is empty
 * @SLEEK_JID_ERROR_INVALID_UTF8: the string is not valid UTF-8
 * @SLEEK_JID_ERROR_LOCAL_EMPTY: there is an `@` but no localpart before it
 * @SLEEK_JID_ERROR_LOCAL_TOO_LONG: the localpart is longer than 1023 bytes
 * @SLEEK_JID_ERROR_LOCAL_FORBIDDEN: the localpart holds a forbidden character
 * @SLEEK_JID_ERROR_DOMAIN_EMPTY: the domainpart is empty
 * @SLEEK_JID_ERROR_DOMAIN_TOO_LONG: the domainpart is longer than 1023 bytes
 * @SLEEK_JID_ERROR_DOMAIN_INVALID: the domainpart is not a valid host name or IP literal
 * @SLEEK_JID_ERROR_RESOURCE_EMPTY: there is a `/` but no resourcepart after it
 * @SLEEK_JID_ERROR_RESOURCE_TOO_LONG: the resourcepart is longer than 1023 bytes
 * @SLEEK_JID_ERROR_RESOURCE_FORBIDDEN: the resourcepart holds a forbidden character
 *
 * Why a JID was rejected: the part and the reason.
 */
typedef enum {
  SLEEK_JID_ERROR_EMPTY,
  SLEEK_JID_ERROR_INVALID_UTF8,
  SLEEK_JID_ERROR_LOCAL_EMPTY,
  SLEEK_JID_ERROR_LOCAL_TOO_LONG,
  SLEEK_JID_ERROR_LOCAL_FORBIDDEN,
  SLEEK_JID_ERROR_DOMAIN_EMPTY,
  SLEEK_JID_ERROR_DOMAIN_TOO_LONG,
  SLEEK_JID_ERROR_DOMAIN_INVALID,
  SLEEK_JID_ERROR_RESOURCE_EMPTY,
  SLEEK_JID_ERROR_RESOURCE_TOO_LONG,
  SLEEK_JID_ERROR_RESOURCE_FORBIDDEN,
} SleekJidError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_jid_error_quark (void);

/**
 * SLEEK_STREAM_ERROR:
 *
 * Error domain for XMPP stream errors (RFC 6120 section 4.9.3), whether
 * the peer sent them or the library detected them. Errors in this domain
 * are from the [error@Sleek.StreamError] enumeration.
 */
#define SLEEK_STREAM_ERROR (sleek_stream_error_quark ())

/**
 * SleekStreamError:
 * @SLEEK_STREAM_ERROR_BAD_FORMAT: `<bad-format/>`
 * @SLEEK_STREAM_ERROR_BAD_NAMESPACE_PREFIX: `<bad-namespace-prefix/>`
 * @SLEEK_STREAM_ERROR_CONFLICT: `<conflict/>`
 * @SLEEK_STREAM_ERROR_CONNECTION_TIMEOUT: `<connection-timeout/>`
 * @SLEEK_STREAM_ERROR_HOST_GONE: `<host-gone/>`
 * @SLEEK_STREAM_ERROR_HOST_UNKNOWN: `<host-unknown/>`
 * @SLEEK_STREAM_ERROR_IMPROPER_ADDRESSING: `<improper-addressing/>`
 * @SLEEK_STREAM_ERROR_INTERNAL_SERVER_ERROR: `<internal-server-error/>`
 * @SLEEK_STREAM_ERROR_INVALID_FROM: `<invalid-from/>`
 * @SLEEK_STREAM_ERROR_INVALID_NAMESPACE: `<invalid-namespace/>`
 * @SLEEK_STREAM_ERROR_INVALID_XML: `<invalid-xml/>`
 * @SLEEK_STREAM_ERROR_NOT_AUTHORIZED: `<not-authorized/>`
 * @SLEEK_STREAM_ERROR_NOT_WELL_FORMED: `<not-well-formed/>`
 * @SLEEK_STREAM_ERROR_POLICY_VIOLATION: `<policy-violation/>`
 * @SLEEK_STREAM_ERROR_REMOTE_CONNECTION_FAILED: `<remote-connection-failed/>`
 * @SLEEK_STREAM_ERROR_RESET: `<reset/>`
 * @SLEEK_STREAM_ERROR_RESOURCE_CONSTRAINT: `<resource-constraint/>`
 * @SLEEK_STREAM_ERROR_RESTRICTED_XML: `<restricted-xml/>`
 * @SLEEK_STREAM_ERROR_SEE_OTHER_HOST: `<see-other-host/>`
 * @SLEEK_STREAM_ERROR_SYSTEM_SHUTDOWN: `<system-shutdown/>`
 * @SLEEK_STREAM_ERROR_UNDEFINED_CONDITION: `<undefined-condition/>`, also
 *   used for a condition this library does not know
 * @SLEEK_STREAM_ERROR_UNSUPPORTED_ENCODING: `<unsupported-encoding/>`
 * @SLEEK_STREAM_ERROR_UNSUPPORTED_FEATURE: `<unsupported-feature/>`
 * @SLEEK_STREAM_ERROR_UNSUPPORTED_STANZA_TYPE: `<unsupported-stanza-type/>`
 * @SLEEK_STREAM_ERROR_UNSUPPORTED_VERSION: `<unsupported-version/>`
 *
 * The stream error conditions of RFC 6120 section 4.9.3.
 */
typedef enum {
  SLEEK_STREAM_ERROR_BAD_FORMAT,
  SLEEK_STREAM_ERROR_BAD_NAMESPACE_PREFIX,
  SLEEK_STREAM_ERROR_CONFLICT,
  SLEEK_STREAM_ERROR_CONNECTION_TIMEOUT,
  SLEEK_STREAM_ERROR_HOST_GONE,
  SLEEK_STREAM_ERROR_HOST_UNKNOWN,
  SLEEK_STREAM_ERROR_IMPROPER_ADDRESSING,
  SLEEK_STREAM_ERROR_INTERNAL_SERVER_ERROR,
  SLEEK_STREAM_ERROR_INVALID_FROM,
  SLEEK_STREAM_ERROR_INVALID_NAMESPACE,
  SLEEK_STREAM_ERROR_INVALID_XML,
  SLEEK_STREAM_ERROR_NOT_AUTHORIZED,
  SLEEK_STREAM_ERROR_NOT_WELL_FORMED,
  SLEEK_STREAM_ERROR_POLICY_VIOLATION,
  SLEEK_STREAM_ERROR_REMOTE_CONNECTION_FAILED,
  SLEEK_STREAM_ERROR_RESET,
  SLEEK_STREAM_ERROR_RESOURCE_CONSTRAINT,
  SLEEK_STREAM_ERROR_RESTRICTED_XML,
  SLEEK_STREAM_ERROR_SEE_OTHER_HOST,
  SLEEK_STREAM_ERROR_SYSTEM_SHUTDOWN,
  SLEEK_STREAM_ERROR_UNDEFINED_CONDITION,
  SLEEK_STREAM_ERROR_UNSUPPORTED_ENCODING,
  SLEEK_STREAM_ERROR_UNSUPPORTED_FEATURE,
  SLEEK_STREAM_ERROR_UNSUPPORTED_STANZA_TYPE,
  SLEEK_STREAM_ERROR_UNSUPPORTED_VERSION,
} SleekStreamError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_stream_error_quark (void);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stream_error_to_condition (SleekStreamError code);
SLEEK_AVAILABLE_IN_ALL
SleekStreamError sleek_stream_error_from_condition (const char *condition);

/**
 * SLEEK_STANZA_ERROR:
 *
 * Error domain for stanza errors (RFC 6120 section 8.3.3): an `<error/>`
 * child of a stanza of type `error`. Errors in this domain are from the
 * [error@Sleek.StanzaError] enumeration.
 */
#define SLEEK_STANZA_ERROR (sleek_stanza_error_quark ())

/**
 * SleekStanzaError:
 * @SLEEK_STANZA_ERROR_BAD_REQUEST: `<bad-request/>`
 * @SLEEK_STANZA_ERROR_CONFLICT: `<conflict/>`
 * @SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED: `<feature-not-implemented/>`
 * @SLEEK_STANZA_ERROR_FORBIDDEN: `<forbidden/>`
 * @SLEEK_STANZA_ERROR_GONE: `<gone/>`
 * @SLEEK_STANZA_ERROR_INTERNAL_SERVER_ERROR: `<internal-server-error/>`
 * @SLEEK_STANZA_ERROR_ITEM_NOT_FOUND: `<item-not-found/>`
 * @SLEEK_STANZA_ERROR_JID_MALFORMED: `<jid-malformed/>`
 * @SLEEK_STANZA_ERROR_NOT_ACCEPTABLE: `<not-acceptable/>`
 * @SLEEK_STANZA_ERROR_NOT_ALLOWED: `<not-allowed/>`
 * @SLEEK_STANZA_ERROR_NOT_AUTHORIZED: `<not-authorized/>`
 * @SLEEK_STANZA_ERROR_POLICY_VIOLATION: `<policy-violation/>`
 * @SLEEK_STANZA_ERROR_RECIPIENT_UNAVAILABLE: `<recipient-unavailable/>`
 * @SLEEK_STANZA_ERROR_REDIRECT: `<redirect/>`
 * @SLEEK_STANZA_ERROR_REGISTRATION_REQUIRED: `<registration-required/>`
 * @SLEEK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND: `<remote-server-not-found/>`
 * @SLEEK_STANZA_ERROR_REMOTE_SERVER_TIMEOUT: `<remote-server-timeout/>`
 * @SLEEK_STANZA_ERROR_RESOURCE_CONSTRAINT: `<resource-constraint/>`
 * @SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE: `<service-unavailable/>`
 * @SLEEK_STANZA_ERROR_SUBSCRIPTION_REQUIRED: `<subscription-required/>`
 * @SLEEK_STANZA_ERROR_UNDEFINED_CONDITION: `<undefined-condition/>`, also
 *   used for a condition this library does not know
 * @SLEEK_STANZA_ERROR_UNEXPECTED_REQUEST: `<unexpected-request/>`
 *
 * The stanza error conditions of RFC 6120 section 8.3.3.
 */
typedef enum {
  SLEEK_STANZA_ERROR_BAD_REQUEST,
  SLEEK_STANZA_ERROR_CONFLICT,
  SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED,
  SLEEK_STANZA_ERROR_FORBIDDEN,
  SLEEK_STANZA_ERROR_GONE,
  SLEEK_STANZA_ERROR_INTERNAL_SERVER_ERROR,
  SLEEK_STANZA_ERROR_ITEM_NOT_FOUND,
  SLEEK_STANZA_ERROR_JID_MALFORMED,
  SLEEK_STANZA_ERROR_NOT_ACCEPTABLE,
  SLEEK_STANZA_ERROR_NOT_ALLOWED,
  SLEEK_STANZA_ERROR_NOT_AUTHORIZED,
  SLEEK_STANZA_ERROR_POLICY_VIOLATION,
  SLEEK_STANZA_ERROR_RECIPIENT_UNAVAILABLE,
  SLEEK_STANZA_ERROR_REDIRECT,
  SLEEK_STANZA_ERROR_REGISTRATION_REQUIRED,
  SLEEK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND,
  SLEEK_STANZA_ERROR_REMOTE_SERVER_TIMEOUT,
  SLEEK_STANZA_ERROR_RESOURCE_CONSTRAINT,
  SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE,
  SLEEK_STANZA_ERROR_SUBSCRIPTION_REQUIRED,
  SLEEK_STANZA_ERROR_UNDEFINED_CONDITION,
  SLEEK_STANZA_ERROR_UNEXPECTED_REQUEST,
} SleekStanzaError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_stanza_error_quark (void);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stanza_error_to_condition (SleekStanzaError code);
SLEEK_AVAILABLE_IN_ALL
SleekStanzaError sleek_stanza_error_from_condition (const char *condition);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stanza_error_default_type (SleekStanzaError code);

/**
 * SLEEK_SASL_ERROR:
 *
 * Error domain for SASL authentication failures (RFC 6120 section 6.5).
 * Errors in this domain are from the [error@Sleek.SaslError] enumeration.
 */
#define SLEEK_SASL_ERROR (sleek_sasl_error_quark ())

/**
 * SleekSaslError:
 * @SLEEK_SASL_ERROR_ABORTED: `<aborted/>`
 * @SLEEK_SASL_ERROR_ACCOUNT_DISABLED: `<account-disabled/>`
 * @SLEEK_SASL_ERROR_CREDENTIALS_EXPIRED: `<credentials-expired/>`
 * @SLEEK_SASL_ERROR_ENCRYPTION_REQUIRED: `<encryption-required/>`
 * @SLEEK_SASL_ERROR_INCORRECT_ENCODING: `<incorrect-encoding/>`
 * @SLEEK_SASL_ERROR_INVALID_AUTHZID: `<invalid-authzid/>`
 * @SLEEK_SASL_ERROR_INVALID_MECHANISM: `<invalid-mechanism/>`
 * @SLEEK_SASL_ERROR_MALFORMED_REQUEST: `<malformed-request/>`
 * @SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK: `<mechanism-too-weak/>`
 * @SLEEK_SASL_ERROR_NOT_AUTHORIZED: `<not-authorized/>`
 * @SLEEK_SASL_ERROR_TEMPORARY_AUTH_FAILURE: `<temporary-auth-failure/>`
 * @SLEEK_SASL_ERROR_NO_MECHANISM: the client and server share no usable mechanism
 * @SLEEK_SASL_ERROR_SERVER_SIGNATURE: the server failed to prove it knows the credentials
 * @SLEEK_SASL_ERROR_PROTOCOL: the server's SASL messages could not be understood
 * @SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE: a `-PLUS` mechanism was
 *   chosen, but no channel binding data can be had from the connection
 * @SLEEK_SASL_ERROR_NO_CREDENTIALS: the mechanism needs a credential that
 *   is not set: a username, a password (or SCRAM keys that fit the
 *   server's salt and iteration count), or a client certificate
 * @SLEEK_SASL_ERROR_INVALID_CREDENTIALS: a username, password, authzid or
 *   trace cannot be sent: SASLprep (RFC 4013) prohibits a character in it,
 *   or it is otherwise malformed
 * @SLEEK_SASL_ERROR_UNSUPPORTED_TASK: the server asked the client to go on
 *   with XEP-0388 tasks (`<continue/>`) the client cannot perform
 *
 * SASL failure conditions of RFC 6120 section 6.5, and the client-side
 * failures the library detects itself.
 */
typedef enum {
  SLEEK_SASL_ERROR_ABORTED,
  SLEEK_SASL_ERROR_ACCOUNT_DISABLED,
  SLEEK_SASL_ERROR_CREDENTIALS_EXPIRED,
  SLEEK_SASL_ERROR_ENCRYPTION_REQUIRED,
  SLEEK_SASL_ERROR_INCORRECT_ENCODING,
  SLEEK_SASL_ERROR_INVALID_AUTHZID,
  SLEEK_SASL_ERROR_INVALID_MECHANISM,
  SLEEK_SASL_ERROR_MALFORMED_REQUEST,
  SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK,
  SLEEK_SASL_ERROR_NOT_AUTHORIZED,
  SLEEK_SASL_ERROR_TEMPORARY_AUTH_FAILURE,
  SLEEK_SASL_ERROR_NO_MECHANISM,
  SLEEK_SASL_ERROR_SERVER_SIGNATURE,
  SLEEK_SASL_ERROR_PROTOCOL,
  SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE,
  SLEEK_SASL_ERROR_NO_CREDENTIALS,
  SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
  SLEEK_SASL_ERROR_UNSUPPORTED_TASK,
} SleekSaslError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_sasl_error_quark (void);

/**
 * SLEEK_CONNECT_ERROR:
 *
 * Error domain for failures while setting up a session that are not
 * stream, SASL, TLS or I/O errors. Errors in this domain are from the
 * [error@Sleek.ConnectError] enumeration.
 */
#define SLEEK_CONNECT_ERROR (sleek_connect_error_quark ())

/**
 * SleekConnectError:
 * @SLEEK_CONNECT_ERROR_DNS: no address could be found for the server
 * @SLEEK_CONNECT_ERROR_TLS_REQUIRED: TLS is required and the server does not offer it
 * @SLEEK_CONNECT_ERROR_BIND_FAILED: resource binding failed
 * @SLEEK_CONNECT_ERROR_SESSION_FAILED: the legacy session request failed
 * @SLEEK_CONNECT_ERROR_HANDSHAKE_FAILED: the component handshake was refused
 * @SLEEK_CONNECT_ERROR_PROTOCOL: the server broke the negotiation protocol
 * @SLEEK_CONNECT_ERROR_HTTP: an HTTP request of a web transport (the
 *   WebSocket upgrade, or the XEP-0156 host-meta lookup) got an error
 *   status
 * @SLEEK_CONNECT_ERROR_TRANSPORT: a web transport broke its framing: the
 *   server did not accept the `xmpp` WebSocket subprotocol, or sent a
 *   binary message or one that is not a complete XML element (RFC 7395)
 * @SLEEK_CONNECT_ERROR_DISCOVERY: XEP-0156 discovery found no usable
 *   connection method, or the host-meta document is malformed
 * @SLEEK_CONNECT_ERROR_REDIRECT: the server sent the client elsewhere
 *   (`<close see-other-uri=...>`) to a place it may not go, or too often
 *
 * Why a session could not be set up.
 */
typedef enum {
  SLEEK_CONNECT_ERROR_DNS,
  SLEEK_CONNECT_ERROR_TLS_REQUIRED,
  SLEEK_CONNECT_ERROR_BIND_FAILED,
  SLEEK_CONNECT_ERROR_SESSION_FAILED,
  SLEEK_CONNECT_ERROR_HANDSHAKE_FAILED,
  SLEEK_CONNECT_ERROR_PROTOCOL,
  SLEEK_CONNECT_ERROR_HTTP,
  SLEEK_CONNECT_ERROR_TRANSPORT,
  SLEEK_CONNECT_ERROR_DISCOVERY,
  SLEEK_CONNECT_ERROR_REDIRECT,
} SleekConnectError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_connect_error_quark (void);

/**
 * SLEEK_PLUGIN_ERROR:
 *
 * Error domain for the plugin registry. Errors in this domain are from the
 * [error@Sleek.PluginError] enumeration.
 */
#define SLEEK_PLUGIN_ERROR (sleek_plugin_error_quark ())

/**
 * SleekPluginError:
 * @SLEEK_PLUGIN_ERROR_UNKNOWN: no plugin is registered under that name
 * @SLEEK_PLUGIN_ERROR_DEPENDENCY_CYCLE: the plugin's dependencies form a cycle
 * @SLEEK_PLUGIN_ERROR_FAILED: the plugin could not be enabled
 *
 * Why a plugin could not be enabled.
 */
typedef enum {
  SLEEK_PLUGIN_ERROR_UNKNOWN,
  SLEEK_PLUGIN_ERROR_DEPENDENCY_CYCLE,
  SLEEK_PLUGIN_ERROR_FAILED,
} SleekPluginError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_plugin_error_quark (void);

G_END_DECLS
