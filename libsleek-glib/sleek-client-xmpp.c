/* sleek-client-xmpp.c: an XMPP client session (SleekXMPP's ClientXMPP)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"
#include "sleek-base-xmpp-private.h"
#include "sleek-connector.h"
#include "sasl/sleek-sasl-private.h"
#include "sleek-websocket-transport.h"
#include "sleek-bosh-transport.h"
#include "sleek-alt-connections-private.h"

#include <string.h>

/**
 * SleekClientXmpp:
 *
 * A client session: it finds the server of the JID's domain (SRV records
 * for STARTTLS and direct TLS, else the domain on port 5222), connects,
 * protects the connection with TLS, authenticates with SASL, binds a
 * resource and starts the session, as SleekXMPP's `ClientXMPP` does.
 *
 * [method@Sleek.ClientXmpp.connect_async] completes when the session has
 * started ([signal@Sleek.BaseXmpp::session-start] has been emitted), or
 * fails with the error that stopped it: %SLEEK_CONNECT_ERROR_DNS, an I/O
 * error of the TCP connection, a %G_TLS_ERROR, a %SLEEK_SASL_ERROR with
 * the server's condition, %SLEEK_CONNECT_ERROR_BIND_FAILED, the
 * %SLEEK_STREAM_ERROR the server closed the stream with (or the client
 * did, on XML it refuses), or %G_IO_ERROR_TIMED_OUT when the login
 * outlasts [property@Sleek.ClientXmpp:connect-timeout].
 *
 * TLS is required by default: a server that does not offer STARTTLS is an
 * error, never a silent plaintext session. The server's certificate is
 * checked against the JID's domain with the system's trust store, or with
 * [property@Sleek.ClientXmpp:tls-database]; an application can still
 * accept a certificate that fails the checks from
 * [signal@Sleek.ClientXmpp::accept-certificate].
 *
 * When the server offers the Extensible SASL Profile (XEP-0388), the client
 * logs in with it instead, binding its resource in the same round trip
 * (Bind2, XEP-0386) and resuming a stream management session inline; it
 * asks for a FAST token (XEP-0484) that later logins use instead of the
 * password ([signal@Sleek.ClientXmpp::fast-token-changed]). See
 * [Modern login](modern-login.html).
 *
 * Features are negotiated in order as the server offers them, from a list
 * that applications can extend with
 * [method@Sleek.ClientXmpp.register_feature].
 *
 * The client can also run its stream over a WebSocket (RFC 7395): set
 * [property@Sleek.ClientXmpp:transport] to
 * %SLEEK_TRANSPORT_KIND_WEBSOCKET and, optionally,
 * [property@Sleek.ClientXmpp:websocket-url]; without a URL it is found
 * with XEP-0156 ([method@Sleek.ClientXmpp.discover_connections_async]).
 * Handlers, plugins and stream management work the same over either.
 * A `wss://` URL is checked with the same trust store and
 * [signal@Sleek.ClientXmpp::accept-certificate] as TCP, and counts as
 * the stream's encryption; `ws://` is unencrypted and needs
 * %SLEEK_TLS_MODE_NONE.
 */

struct _SleekClientXmpp {
  SleekBaseXmpp parent_instance;

  char *password;
  char *server_host;
  guint16 server_port;
  SleekTlsMode tls_mode;
  SleekTransportKind transport_kind;
  char *websocket_url;
  char *bosh_url;
  char *discovery_base_url;
  SoupSession *http;            /* for WebSocket and XEP-0156, made on first use */
  SleekTransport *transport;    /* the framed transport of this connection, if any */
  gboolean transport_secure;    /* it runs over TLS (wss://) */
  char *redirect_url;           /* <close see-other-uri/> during the login */
  guint n_redirects;
  GTlsDatabase *tls_database;
  GTlsCertificate *tls_certificate;
  GTlsConnection *tls;
  gboolean allow_plaintext;
  gboolean auto_reconnect;
  guint keepalive_interval;
  guint connect_timeout;
  GResolver *resolver;
  SleekSaslMechanism *sasl;     /* of the last successful login */
  GBytes *scram_client_key;
  GBytes *scram_server_key;
  GBytes *scram_salt;
  guint scram_iterations;

  /* XEP-0388 SASL2, XEP-0386 Bind2, XEP-0484 FAST */
  gboolean sasl2;
  char *user_agent_id;
  char *user_agent_software;
  char *user_agent_device;
  char *bind2_tag;
  char *fast_token;
  char *fast_mechanism;
  GDateTime *fast_expiry;
  guint fast_count;
  gboolean fast_invalidate;

  GPtrArray *features;          /* SleekStreamFeature, by order */
  GHashTable *done;             /* names negotiated on this connection */
  guint features_handler;
  SleekNode *offered;           /* the last <stream:features/> */
  gboolean negotiating;

  GTask *connect_task;
  GCancellable *connect_cancellable;   /* ours, cancelled with the caller's */
  GCancellable *caller_cancellable;
  gulong caller_cancelled_id;
  GSource *cancelled_source;           /* ends the login when ours is cancelled */

  GTask *exchange_task;
  char *exchange_ns;
  GStrv exchange_names;
  guint exchange_handler;
  gboolean exchange_hold;

  guint reconnect_attempt;
  GNetworkMonitor *network_monitor;    /* NULL: the default one, once needed */
  gulong network_changed_id;
  GMainContext *network_context;       /* where its changes are handled */
  gboolean in_session;          /* from connect_succeed() to "disconnected" */
  gboolean resuming;            /* sleek_client_xmpp_resume_session() */

  SleekClientState state;
  GError *last_error;           /* why the last connection or login ended */
};

G_DEFINE_FINAL_TYPE (SleekClientXmpp, sleek_client_xmpp, SLEEK_TYPE_BASE_XMPP)

enum {
  PROP_0,
  PROP_PASSWORD,
  PROP_SERVER_HOST,
  PROP_SERVER_PORT,
  PROP_TLS_MODE,
  PROP_TLS_DATABASE,
  PROP_TLS_CERTIFICATE,
  PROP_TLS_CONNECTION,
  PROP_ALLOW_PLAINTEXT,
  PROP_AUTO_RECONNECT,
  PROP_KEEPALIVE_INTERVAL,
  PROP_CONNECT_TIMEOUT,
  PROP_RESOLVER,
  PROP_SASL_MECHANISM,
  PROP_SASL,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_SASL2,
  PROP_USER_AGENT_ID,
  PROP_USER_AGENT_SOFTWARE,
  PROP_USER_AGENT_DEVICE,
  PROP_BIND2_TAG,
  PROP_FAST_TOKEN,
  PROP_FAST_MECHANISM,
  PROP_FAST_TOKEN_EXPIRY,
  PROP_FAST_INVALIDATE,
  PROP_TRANSPORT,
  PROP_WEBSOCKET_URL,
  PROP_BOSH_URL,
  PROP_DISCOVERY_BASE_URL,
  PROP_NETWORK_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACCEPT_CERTIFICATE,
  SIGNAL_RECONNECTING,
  SIGNAL_FAST_TOKEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_features (SleekClientXmpp *self);
static void connect_fail (SleekClientXmpp *self, GError *error);

static void
set_state (SleekClientXmpp *self, SleekClientState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Why the connection ended: @error, copied, or none for a clean end. */
static void
set_last_error (SleekClientXmpp *self, const GError *error)
{
  if (self->last_error == NULL && error == NULL)
    return;
  g_clear_error (&self->last_error);
  self->last_error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* The connection ended (@error: why, or NULL when it was closed cleanly);
 * @reconnecting: whether auto-reconnect tries again. */
static void
set_ended (SleekClientXmpp *self, const GError *error, gboolean reconnecting)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_last_error (self, error);
  set_state (self, reconnecting ? SLEEK_CLIENT_STATE_RECONNECTING : SLEEK_CLIENT_STATE_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

static const char *
domain_of (SleekClientXmpp *self)
{
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (self));

  return jid != NULL ? sleek_jid_get_domain (jid) : NULL;
}

/* Matching the elements of a negotiation */

#define SLEEK_TYPE_NAME_MATCHER (sleek_name_matcher_get_type ())
G_DECLARE_FINAL_TYPE (SleekNameMatcher, sleek_name_matcher, SLEEK, NAME_MATCHER, SleekMatcher)

struct _SleekNameMatcher {
  SleekMatcher parent_instance;
  char *ns;
  GStrv names;
};

G_DEFINE_FINAL_TYPE (SleekNameMatcher, sleek_name_matcher, SLEEK_TYPE_MATCHER)

static gboolean
sleek_name_matcher_match (SleekMatcher *matcher, SleekStanza *stanza)
{
  SleekNameMatcher *self = SLEEK_NAME_MATCHER (matcher);
  SleekNode *node = sleek_stanza_get_node (stanza);

  if (g_strcmp0 (sleek_node_get_namespace (node), self->ns) != 0)
    return FALSE;
  return g_strv_contains ((const char * const *) self->names, sleek_node_get_name (node));
}

static void
sleek_name_matcher_finalize (GObject *object)
{
  SleekNameMatcher *self = SLEEK_NAME_MATCHER (object);

  g_free (self->ns);
  g_strfreev (self->names);
  G_OBJECT_CLASS (sleek_name_matcher_parent_class)->finalize (object);
}

static void
sleek_name_matcher_class_init (SleekNameMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_name_matcher_finalize;
  SLEEK_MATCHER_CLASS (klass)->match = sleek_name_matcher_match;
}

static void
sleek_name_matcher_init (SleekNameMatcher *self)
{
}

SleekMatcher *
sleek_name_matcher_new (const char *ns, const char * const *names)
{
  SleekNameMatcher *self = g_object_new (SLEEK_TYPE_NAME_MATCHER, NULL);

  self->ns = g_strdup (ns);
  self->names = g_strdupv ((GStrv) names);
  return SLEEK_MATCHER (self);
}

/* Exchanges */

static void
exchange_clear (SleekClientXmpp *self)
{
  if (self->exchange_handler != 0)
    sleek_xml_stream_remove_handler (SLEEK_XML_STREAM (self), self->exchange_handler);
  self->exchange_handler = 0;
  g_clear_pointer (&self->exchange_ns, g_free);
  g_clear_pointer (&self->exchange_names, g_strfreev);
}

static void
exchange_fail (SleekClientXmpp *self, const GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->exchange_task);

  exchange_clear (self);
  if (task != NULL)
    g_task_return_error (task, g_error_copy (error));
}

static void
on_exchange_reply (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (stream);
  g_autoptr(GTask) task = g_steal_pointer (&self->exchange_task);

  self->exchange_handler = 0;   /* a ONCE handler: already gone */
  if (self->exchange_hold)
    sleek_xml_stream_hold_input (stream);
  exchange_clear (self);
  if (task != NULL)
    g_task_return_pointer (task, sleek_node_ref (sleek_stanza_get_node (stanza)),
                           (GDestroyNotify) sleek_node_unref);
}

void
sleek_client_xmpp_exchange_async (SleekClientXmpp *self, const char *raw, const char *ns,
                                  const char * const *names, gboolean hold_input, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SleekMatcher) matcher = sleek_name_matcher_new (ns, names);

  g_task_set_source_tag (task, sleek_client_xmpp_exchange_async);
  g_return_if_fail (self->exchange_task == NULL);

  self->exchange_task = g_steal_pointer (&task);
  self->exchange_hold = hold_input;
  self->exchange_handler = sleek_xml_stream_add_handler (SLEEK_XML_STREAM (self), matcher, SLEEK_HANDLER_ONCE,
                                                         on_exchange_reply, NULL, NULL);
  if (raw != NULL)
    sleek_xml_stream_send_raw (SLEEK_XML_STREAM (self), raw);
}

SleekNode *
sleek_client_xmpp_exchange_finish (SleekClientXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Hooks for stream management (XEP-0198) */

gboolean
sleek_client_xmpp_is_negotiated (SleekClientXmpp *self, const char *name)
{
  return g_hash_table_contains (self->done, name);
}

gboolean
sleek_client_xmpp_has_features (SleekClientXmpp *self)
{
  return self->offered != NULL;
}

SleekNode *
sleek_client_xmpp_get_offered_features (SleekClientXmpp *self)
{
  return self->offered;
}

void
sleek_client_xmpp_resume_session (SleekClientXmpp *self, const char * const *skip)
{
  for (guint i = 0; skip != NULL && skip[i] != NULL; i++)
    g_hash_table_add (self->done, g_strdup (skip[i]));
  self->resuming = TRUE;
}

void
sleek_client_xmpp_authenticated_inline (SleekClientXmpp *self, const char * const *skip)
{
  for (guint i = 0; skip != NULL && skip[i] != NULL; i++)
    g_hash_table_add (self->done, g_strdup (skip[i]));
  /* The features of before the login no longer apply: the server sends
   * new ones after <success/>, on the same stream. */
  g_clear_pointer (&self->offered, sleek_node_unref);
}

static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_fast_token (SleekClientXmpp *self, const char *token, const char *mechanism, GDateTime *expiry)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->fast_token, token) != 0)
    {
      if (self->fast_token != NULL)
        sleek_sasl_wipe (self->fast_token, strlen (self->fast_token));
      g_free (self->fast_token);
      self->fast_token = g_strdup (token);
      self->fast_count = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAST_TOKEN]);
    }
  if (set_string (&self->fast_mechanism, token != NULL ? mechanism : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAST_MECHANISM]);
  if (self->fast_expiry != NULL || expiry != NULL)
    {
      g_clear_pointer (&self->fast_expiry, g_date_time_unref);
      if (expiry != NULL && token != NULL)
        self->fast_expiry = g_date_time_ref (expiry);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAST_TOKEN_EXPIRY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
sleek_client_xmpp_fast_token_received (SleekClientXmpp *self, const char *token, const char *mechanism,
                                       GDateTime *expiry)
{
  set_fast_token (self, token, mechanism, expiry);
  if (token == NULL && self->fast_invalidate)
    {
      self->fast_invalidate = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAST_INVALIDATE]);
    }
  g_signal_emit (self, signals[SIGNAL_FAST_TOKEN], 0, self->fast_token, self->fast_mechanism, self->fast_expiry);
}

guint
sleek_client_xmpp_next_fast_count (SleekClientXmpp *self)
{
  return ++self->fast_count;
}

/* TLS */

static gboolean
on_tls_accept_certificate (GTlsConnection *tls, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                           gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  gboolean accept = FALSE;

  g_signal_emit (self, signals[SIGNAL_ACCEPT_CERTIFICATE], 0, certificate, errors, &accept);
  return accept;
}

static void
tls_handshake_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (source), g_object_unref);
}

void
sleek_client_xmpp_tls_handshake_async (SleekClientXmpp *self, GIOStream *base, gboolean alpn,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSocketConnectable) identity = g_network_address_new (domain_of (self), 0);
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, sleek_client_xmpp_tls_handshake_async);
  tls = g_tls_client_connection_new (base, identity, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->tls_database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), self->tls_database);
  /* A client certificate, for SASL EXTERNAL (XEP-0178). */
  if (self->tls_certificate != NULL)
    g_tls_connection_set_certificate (G_TLS_CONNECTION (tls), self->tls_certificate);
  if (alpn)
    {
      const char * const protocols[] = { "xmpp-client", NULL };

      g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (tls), protocols);
    }
  g_signal_connect_object (tls, "accept-certificate", G_CALLBACK (on_tls_accept_certificate), self, 0);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, cancellable,
                                    tls_handshake_done, g_steal_pointer (&task));
}

GIOStream *
sleek_client_xmpp_tls_handshake_finish (SleekClientXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sleek_client_xmpp_set_tls_connection (SleekClientXmpp *self, GTlsConnection *tls)
{
  if (g_set_object (&self->tls, tls))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CONNECTION]);
  /* Encrypted: what follows is the login proper. */
  if (tls != NULL && self->connect_task != NULL)
    set_state (self, SLEEK_CLIENT_STATE_AUTHENTICATING);
}

gboolean
sleek_client_xmpp_get_allow_plaintext (SleekClientXmpp *self)
{
  return self->allow_plaintext;
}

void
sleek_client_xmpp_set_sasl_mechanism (SleekClientXmpp *self, SleekSaslMechanism *mechanism)
{
  if (!g_set_object (&self->sasl, mechanism))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SASL_MECHANISM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SASL]);
}

gboolean
sleek_client_xmpp_get_scram_keys (SleekClientXmpp *self, GBytes **client_key, GBytes **server_key, GBytes **salt,
                                  guint *iterations)
{
  if (self->scram_client_key == NULL)
    return FALSE;
  *client_key = self->scram_client_key;
  *server_key = self->scram_server_key;
  *salt = self->scram_salt;
  *iterations = self->scram_iterations;
  return TRUE;
}

/* The login's own cancellable and time limit */

static void
forward_cancel (GCancellable *caller, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
connect_timed_out (gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  g_autoptr(GCancellable) pending = NULL;

  if (self->connect_task == NULL)
    return G_SOURCE_REMOVE;
  /* Whatever is under way (a lookup, a TCP or TLS handshake) stops too. */
  pending = self->connect_cancellable != NULL ? g_object_ref (self->connect_cancellable) : NULL;
  connect_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   sleek_ngettext ("The login to %s did not complete within %u second",
                                                   "The login to %s did not complete within %u seconds",
                                                   self->connect_timeout),
                                   domain_of (self), self->connect_timeout));
  if (pending != NULL)
    g_cancellable_cancel (pending);
  return G_SOURCE_REMOVE;
}

/* In the client's context, whichever thread cancelled: the login ends
 * even while nothing that takes the cancellable is under way (waiting for
 * the server's stream header or features). */
static gboolean
connect_cancelled (GCancellable *cancellable, gpointer user_data)
{
  SleekClientXmpp *self = user_data;

  if (self->connect_task != NULL && cancellable == self->connect_cancellable)
    connect_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The login was cancelled")));
  return G_SOURCE_REMOVE;
}

/* A login starts: a cancellable of its own, which @caller cancels too,
 * and the connect-timeout clock. */
static void
connect_begin (SleekClientXmpp *self, GCancellable *caller)
{
  self->connect_cancellable = g_cancellable_new ();
  self->n_redirects = 0;
  g_clear_pointer (&self->redirect_url, g_free);
  self->cancelled_source = g_cancellable_source_new (self->connect_cancellable);
  g_source_set_callback (self->cancelled_source, G_SOURCE_FUNC (connect_cancelled), self, NULL);
  g_source_set_static_name (self->cancelled_source, "[sleek] login cancelled");
  g_source_attach (self->cancelled_source, g_main_context_get_thread_default ());
  if (caller != NULL)
    {
      self->caller_cancellable = g_object_ref (caller);
      self->caller_cancelled_id = g_cancellable_connect (caller, G_CALLBACK (forward_cancel),
                                                         g_object_ref (self->connect_cancellable), g_object_unref);
    }
  if (self->connect_timeout > 0)
    sleek_xml_stream_schedule (SLEEK_XML_STREAM (self), "sleek-connect-timeout", self->connect_timeout, FALSE,
                               connect_timed_out, self, NULL);
  set_state (self, SLEEK_CLIENT_STATE_CONNECTING);
}

static void
connect_end (SleekClientXmpp *self)
{
  sleek_xml_stream_unschedule (SLEEK_XML_STREAM (self), "sleek-connect-timeout");
  if (self->cancelled_source != NULL)
    {
      g_source_destroy (self->cancelled_source);
      g_clear_pointer (&self->cancelled_source, g_source_unref);
    }
  if (self->caller_cancellable != NULL)
    {
      /* Once cancelled, the handler has run (or is running: disconnecting
       * from inside it would wait for itself); the caller's cancellable
       * drops it when finalized. */
      if (!g_cancellable_is_cancelled (self->caller_cancellable))
        g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
      self->caller_cancelled_id = 0;
      g_clear_object (&self->caller_cancellable);
    }
  g_clear_object (&self->connect_cancellable);
}

/* The stream header */

static void
open_stream (SleekClientXmpp *self)
{
  g_autoptr(SleekNode) header = sleek_node_new ("stream", SLEEK_NS_STREAMS);
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (self));

  sleek_node_set_attribute (header, "to", domain_of (self));
  /* RFC 6120 section 4.7.1: say who we are once the stream is encrypted. */
  if ((self->tls != NULL || self->transport_secure) && jid != NULL)
    sleek_node_set_attribute (header, "from", sleek_jid_get_bare (jid));
  sleek_node_set_attribute (header, "version", "1.0");
  sleek_node_set_attribute (header, "xml:lang", "en");
  sleek_xml_stream_open (SLEEK_XML_STREAM (self), header);
}

void
sleek_client_xmpp_restart_stream (SleekClientXmpp *self, GIOStream *io)
{
  /* The features of the old stream no longer apply: the new ones follow
   * the server's new header. */
  g_clear_pointer (&self->offered, sleek_node_unref);
  sleek_xml_stream_restart (SLEEK_XML_STREAM (self), io);
  open_stream (self);
}

/* Negotiation */

/* Keepalive: a whitespace ping on an otherwise quiet connection. */
static gboolean
send_keepalive (gpointer user_data)
{
  sleek_xml_stream_send_raw (SLEEK_XML_STREAM (user_data), " ");
  return G_SOURCE_CONTINUE;
}


static void
connect_succeed (SleekClientXmpp *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  connect_end (self);
  self->reconnect_attempt = 0;
  self->in_session = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  set_last_error (self, NULL);
  set_state (self, SLEEK_CLIENT_STATE_ONLINE);
  g_object_thaw_notify (G_OBJECT (self));
  if (self->keepalive_interval > 0)
    sleek_xml_stream_schedule (SLEEK_XML_STREAM (self), "sleek-keepalive", self->keepalive_interval, TRUE,
                               send_keepalive, self, NULL);
  if (self->resuming)
    sleek_base_xmpp_resume_session (SLEEK_BASE_XMPP (self));
  else
    sleek_base_xmpp_start_session (SLEEK_BASE_XMPP (self));
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static void
connect_fail (SleekClientXmpp *self, GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  connect_end (self);
  if (task == NULL)
    {
      g_error_free (error);
      return;
    }
  exchange_fail (self, error);
  self->negotiating = FALSE;
  if (sleek_xml_stream_get_io_stream (SLEEK_XML_STREAM (self)) != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (self));
  /* A failed attempt of auto-reconnect goes on to RECONNECTING from
   * reconnect_done(). */
  set_ended (self, error, FALSE);
  g_task_return_error (task, error);
}

static void
feature_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  SleekStreamFeature *feature = SLEEK_STREAM_FEATURE (source);
  GError *error = NULL;

  if (!sleek_stream_feature_negotiate_finish (feature, result, &error))
    {
      connect_fail (self, error);
      g_object_unref (self);
      return;
    }
  self->negotiating = FALSE;
  g_hash_table_add (self->done, g_strdup (sleek_stream_feature_get_name (feature)));
  /* After a restart the server offers its features anew. */
  if (!sleek_stream_feature_get_restart (feature) && self->connect_task != NULL)
    run_features (self);
  g_object_unref (self);
}

static void
run_features (SleekClientXmpp *self)
{
  gboolean encrypted = self->tls != NULL || self->transport_secure;

  if (self->negotiating || self->offered == NULL || self->connect_task == NULL)
    return;

  if (!encrypted && self->tls_mode != SLEEK_TLS_MODE_NONE &&
      (self->transport != NULL || sleek_node_get_child (self->offered, "starttls", SLEEK_NS_TLS) == NULL))
    {
      connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED,
                                       _("%s does not offer STARTTLS, and TLS is required"), domain_of (self)));
      return;
    }

  for (guint i = 0; i < self->features->len; i++)
    {
      SleekStreamFeature *feature = g_ptr_array_index (self->features, i);
      const char *name = sleek_stream_feature_get_name (feature);
      SleekNode *offer;

      if (g_hash_table_contains (self->done, name))
        continue;
      /* Over a web transport the stream is as secure as its URL scheme:
       * no STARTTLS (RFC 7395 section 3.8). */
      if ((self->tls_mode == SLEEK_TLS_MODE_NONE || self->transport != NULL) && g_strcmp0 (name, "starttls") == 0)
        continue;
      offer = sleek_node_get_child (self->offered, sleek_stream_feature_get_element_name (feature),
                                    sleek_stream_feature_get_element_namespace (feature));
      if (offer == NULL)
        continue;
      self->negotiating = TRUE;
      sleek_stream_feature_negotiate_async (feature, self, offer, self->connect_cancellable,
                                            feature_done, g_object_ref (self));
      return;
    }

  if (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (self)) == NULL)
    {
      connect_fail (self, g_error_new_literal (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED,
                                               _("The server offered no resource binding")));
      return;
    }
  connect_succeed (self);
}

static void
on_features (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (stream);

  g_clear_pointer (&self->offered, sleek_node_unref);
  self->offered = sleek_node_ref (sleek_stanza_get_node (stanza));
  run_features (self);
}

/* Connecting */

static void
stream_ready (SleekClientXmpp *self, GIOStream *io)
{
  g_hash_table_remove_all (self->done);
  g_clear_pointer (&self->offered, sleek_node_unref);
  self->negotiating = FALSE;
  self->resuming = FALSE;
  if (self->tls_mode == SLEEK_TLS_MODE_NONE)
    set_state (self, SLEEK_CLIENT_STATE_AUTHENTICATING);
  sleek_xml_stream_attach (SLEEK_XML_STREAM (self), io);
  open_stream (self);
}

static void
direct_tls_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (source);
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  tls = sleek_client_xmpp_tls_handshake_finish (self, result, &error);
  if (tls == NULL)
    connect_fail (self, error);
  else if (self->connect_task != NULL)
    {
      sleek_client_xmpp_set_tls_connection (self, G_TLS_CONNECTION (tls));
      stream_ready (self, tls);
    }
}

static void
targets_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  g_autoptr(GPtrArray) targets = g_object_steal_data (G_OBJECT (self), "sleek-targets");
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;
  guint index = 0;

  connection = sleek_connect_targets_finish (result, &index, &error);
  if (connection == NULL)
    connect_fail (self, error);
  else if (self->connect_task != NULL)
    {
      SleekConnectTarget *target = g_ptr_array_index (targets, index);

      if (target->direct_tls)
        sleek_client_xmpp_tls_handshake_async (self, G_IO_STREAM (connection), TRUE, self->connect_cancellable,
                                               direct_tls_done, NULL);
      else
        stream_ready (self, G_IO_STREAM (connection));
    }
  g_object_unref (self);
}

static void
connect_targets (SleekClientXmpp *self, GPtrArray *targets)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_object_set_data_full (G_OBJECT (self), "sleek-targets", g_ptr_array_ref (targets),
                          (GDestroyNotify) g_ptr_array_unref);
  sleek_connect_targets_async (client, targets, self->connect_cancellable, targets_connected,
                               g_object_ref (self));
}

static void
resolved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  g_autoptr(GPtrArray) targets = NULL;
  GError *error = NULL;

  targets = sleek_connect_resolve_finish (result, &error);
  if (targets == NULL)
    connect_fail (self, error);
  else if (self->connect_task != NULL)
    connect_targets (self, targets);
  g_object_unref (self);
}

static void start_websocket (SleekClientXmpp *self);
static void start_bosh (SleekClientXmpp *self);

static void
start_connecting (SleekClientXmpp *self)
{
  sleek_client_xmpp_set_tls_connection (self, NULL);
  g_clear_object (&self->transport);
  self->transport_secure = FALSE;
  if (self->transport_kind == SLEEK_TRANSPORT_KIND_WEBSOCKET ||
      (self->transport_kind == SLEEK_TRANSPORT_KIND_AUTO && self->websocket_url != NULL))
    {
      start_websocket (self);
      return;
    }
  if (self->transport_kind == SLEEK_TRANSPORT_KIND_BOSH ||
      (self->transport_kind == SLEEK_TRANSPORT_KIND_AUTO && self->bosh_url != NULL))
    {
      start_bosh (self);
      return;
    }
  if (self->server_host != NULL)
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);
      SleekConnectTarget *target = g_new0 (SleekConnectTarget, 1);

      target->host = g_strdup (self->server_host);
      target->direct_tls = self->tls_mode == SLEEK_TLS_MODE_DIRECT;
      target->port = self->server_port != 0 ? self->server_port : (target->direct_tls ? 5223 : 5222);
      g_ptr_array_add (targets, target);
      connect_targets (self, targets);
      return;
    }
  sleek_connect_resolve_async (self->resolver, domain_of (self),
                               self->tls_mode != SLEEK_TLS_MODE_DIRECT,
                               self->tls_mode != SLEEK_TLS_MODE_NONE,
                               self->connect_cancellable, resolved, g_object_ref (self));
}

/* WebSocket (RFC 7395) */

static gboolean
on_http_accept_certificate (SoupMessage *message, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                            gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  gboolean accept = FALSE;

  g_signal_emit (self, signals[SIGNAL_ACCEPT_CERTIFICATE], 0, certificate, errors, &accept);
  return accept;
}

SoupSession *
sleek_client_xmpp_get_http_session (SleekClientXmpp *self)
{
  if (self->http == NULL)
    {
      self->http = soup_session_new ();
      if (self->tls_database != NULL)
        soup_session_set_tls_database (self->http, self->tls_database);
    }
  return self->http;
}

SoupMessage *
sleek_client_xmpp_new_http_message (SleekClientXmpp *self, GUri *uri)
{
  SoupMessage *message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);

  /* The server's certificate is checked as for TCP: the trust store or
   * tls-database, and then the application's word. */
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_http_accept_certificate), self, 0);
  return message;
}

gboolean
sleek_client_xmpp_get_transport_secure (SleekClientXmpp *self)
{
  return self->transport_secure;
}

static void
websocket_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  g_autoptr(SleekTransport) transport = NULL;
  GError *error = NULL;

  transport = sleek_websocket_transport_connect_finish (result, &error);
  if (transport == NULL)
    connect_fail (self, error);
  else if (self->connect_task != NULL)
    {
      sleek_websocket_transport_set_keepalive (SLEEK_WEBSOCKET_TRANSPORT (transport), self->keepalive_interval);
      g_set_object (&self->transport, transport);
      /* Encrypted from the start, like direct TLS. */
      if (self->transport_secure)
        set_state (self, SLEEK_CLIENT_STATE_AUTHENTICATING);
      stream_ready (self, G_IO_STREAM (transport));
    }
  g_object_unref (self);
}

static void
connect_websocket (SleekClientXmpp *self, const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *scheme;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      connect_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       _("The WebSocket URL %s is not valid: %s"), url, error->message));
      return;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "wss") == 0)
    self->transport_secure = TRUE;
  else if (g_ascii_strcasecmp (scheme, "ws") == 0)
    {
      /* Unencrypted: only where the application gave up on TLS. */
      if (self->tls_mode != SLEEK_TLS_MODE_NONE)
        {
          connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED,
                                           _("The WebSocket URL %s is not encrypted, and TLS is required"), url));
          return;
        }
      self->transport_secure = FALSE;
    }
  else
    {
      connect_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       _("The WebSocket URL %s is neither ws:// nor wss://"), url));
      return;
    }
  message = sleek_client_xmpp_new_http_message (self, uri);
  g_debug ("Connecting to %s", url);
  sleek_websocket_transport_connect_async (sleek_client_xmpp_get_http_session (self), message,
                                           self->connect_cancellable, websocket_connected, g_object_ref (self));
}

static void
websocket_discovered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (source);
  g_autoptr(SleekAltConnections) found = NULL;
  const char * const *urls;
  GError *error = NULL;

  found = sleek_client_xmpp_discover_connections_finish (self, result, &error);
  if (found == NULL)
    {
      connect_fail (self, error);
      return;
    }
  if (self->connect_task == NULL)
    return;
  urls = sleek_alt_connections_get_websocket_urls (found);
  if (urls[0] == NULL)
    {
      connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                                       _("%s announces no XMPP WebSocket endpoint"), domain_of (self)));
      return;
    }
  connect_websocket (self, urls[0]);
}

static void
start_websocket (SleekClientXmpp *self)
{
  if (self->redirect_url != NULL)
    {
      g_autofree char *url = g_steal_pointer (&self->redirect_url);

      connect_websocket (self, url);
    }
  else if (self->websocket_url != NULL)
    connect_websocket (self, self->websocket_url);
  else
    sleek_client_xmpp_discover_connections_async (self, self->connect_cancellable, websocket_discovered, NULL);
}

/* RFC 7395 section 3.6.1: the server closed the stream during the login
 * and named another endpoint. Follow it, a few times at most, and never
 * from wss:// to ws://. */
static void
follow_see_other_uri (SleekClientXmpp *self)
{
  const char *uri = sleek_websocket_transport_get_see_other_uri (SLEEK_WEBSOCKET_TRANSPORT (self->transport));
  gboolean was_secure = self->transport_secure;

  if (self->n_redirects >= 3)
    {
      connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_REDIRECT,
                                       _("The server redirected the connection too many times (last to %s)"), uri));
      return;
    }
  if (was_secure && g_ascii_strncasecmp (uri, "wss://", 6) != 0)
    {
      connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_REDIRECT,
                                       _("The server redirected an encrypted connection to %s, which is not"), uri));
      return;
    }
  g_debug ("The server sends us to %s", uri);
  self->n_redirects++;
  g_free (self->redirect_url);
  self->redirect_url = g_strdup (uri);
  sleek_client_xmpp_set_tls_connection (self, NULL);
  g_clear_object (&self->transport);
  self->transport_secure = FALSE;
  start_websocket (self);
}

/* BOSH (XEP-0124, XEP-0206) */

static gboolean
on_bosh_accept_certificate (SleekBoshSession *session, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                            gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  gboolean accept = FALSE;

  g_signal_emit (self, signals[SIGNAL_ACCEPT_CERTIFICATE], 0, certificate, errors, &accept);
  return accept;
}

static void
connect_bosh (SleekClientXmpp *self, const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekBoshSession) session = NULL;
  g_autoptr(SleekTransport) transport = NULL;
  const char *scheme;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      connect_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       _("The BOSH URL %s is not valid: %s"), url, error->message));
      return;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    self->transport_secure = TRUE;
  else if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      /* Unencrypted: only where the application gave up on TLS. */
      if (self->tls_mode != SLEEK_TLS_MODE_NONE)
        {
          connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED,
                                           _("The BOSH URL %s is not encrypted, and TLS is required"), url));
          return;
        }
      self->transport_secure = FALSE;
    }
  else
    {
      connect_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       _("The BOSH URL %s is neither http:// nor https://"), url));
      return;
    }
  g_debug ("Connecting to %s", url);
  /* A session of its own, not the client's HTTP one: its held requests
   * outlast the usual HTTP timeout. Nothing goes over the network until
   * the stream's header creates the BOSH session. */
  session = sleek_bosh_session_new (url, domain_of (self), NULL);
  if (self->tls_database != NULL)
    sleek_bosh_session_set_tls_database (session, self->tls_database);
  g_signal_connect_object (session, "accept-certificate", G_CALLBACK (on_bosh_accept_certificate), self, 0);
  transport = sleek_bosh_transport_new (session);
  g_set_object (&self->transport, transport);
  if (self->transport_secure)
    set_state (self, SLEEK_CLIENT_STATE_AUTHENTICATING);
  stream_ready (self, G_IO_STREAM (transport));
}

static void
bosh_discovered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (source);
  g_autoptr(SleekAltConnections) found = NULL;
  const char * const *urls;
  GError *error = NULL;

  found = sleek_client_xmpp_discover_connections_finish (self, result, &error);
  if (found == NULL)
    {
      connect_fail (self, error);
      return;
    }
  if (self->connect_task == NULL)
    return;
  urls = sleek_alt_connections_get_bosh_urls (found);
  if (urls[0] == NULL)
    {
      connect_fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                                       _("%s announces no BOSH connection manager"), domain_of (self)));
      return;
    }
  connect_bosh (self, urls[0]);
}

static void
start_bosh (SleekClientXmpp *self)
{
  if (self->bosh_url != NULL)
    connect_bosh (self, self->bosh_url);
  else
    sleek_client_xmpp_discover_connections_async (self, self->connect_cancellable, bosh_discovered, NULL);
}

/* Reconnection */

static void schedule_reconnect (SleekClientXmpp *self);

/* An attempt of our own failed, before or after the connection was up
 * (a server still down refuses the TCP connection, and then no
 * "disconnected" follows, as nothing was attached): try again later,
 * unless the application stopped us. */
static void
reconnect_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (source);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;
  g_debug ("Reconnecting failed: %s", error->message);
  if (self->auto_reconnect && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    schedule_reconnect (self);
}

/* The network */

static void update_for_network (SleekClientXmpp *self, gboolean changed);

static gboolean
network_changed_in_context (gpointer user_data)
{
  g_autoptr(SleekClientXmpp) self = g_weak_ref_get (user_data);

  if (self != NULL)
    update_for_network (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* May run in another thread (the default monitor's): only hands the
 * change to the client's context. */
static void
on_network_changed (GNetworkMonitor *monitor, gboolean available, gpointer user_data)
{
  SleekClientXmpp *self = user_data;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_main_context_invoke_full (self->network_context, G_PRIORITY_DEFAULT, network_changed_in_context, ref,
                              free_weak_ref);
}

static void
drop_network_monitor (SleekClientXmpp *self)
{
  if (self->network_changed_id != 0)
    g_clear_signal_handler (&self->network_changed_id, self->network_monitor);
  g_clear_object (&self->network_monitor);
  g_clear_pointer (&self->network_context, g_main_context_unref);
}

static void
watch_network_monitor (SleekClientXmpp *self, GNetworkMonitor *monitor)
{
  self->network_monitor = g_object_ref (monitor);
  self->network_context = g_main_context_ref_thread_default ();
  self->network_changed_id = g_signal_connect (monitor, "network-changed", G_CALLBACK (on_network_changed), self);
}

static GNetworkMonitor *
ensure_network_monitor (SleekClientXmpp *self)
{
  if (self->network_monitor == NULL)
    watch_network_monitor (self, g_network_monitor_get_default ());
  return self->network_monitor;
}

/* A server on a loopback address needs no network. */
static gboolean
server_is_loopback (SleekClientXmpp *self)
{
  g_autoptr(GInetAddress) address = NULL;

  if (self->server_host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (self->server_host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (self->server_host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
network_usable (SleekClientXmpp *self)
{
  return server_is_loopback (self) || g_network_monitor_get_network_available (ensure_network_monitor (self));
}

/* No attempt until the network is back. */
static void
wait_for_network (SleekClientXmpp *self)
{
  g_debug ("No network: reconnecting when it is back");
  sleek_xml_stream_unschedule (SLEEK_XML_STREAM (self), "sleek-reconnect");
  set_state (self, SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK);
}

static gboolean reconnect_now (gpointer user_data);

/* While auto-reconnect waits for its next attempt: without the network,
 * the attempt waits for it; with it back, or @changed (another network),
 * the attempt starts at once, the backoff starting over. */
static void
update_for_network (SleekClientXmpp *self, gboolean changed)
{
  if (!self->auto_reconnect ||
      (self->state != SLEEK_CLIENT_STATE_RECONNECTING && self->state != SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK))
    return;
  if (!network_usable (self))
    {
      if (self->state != SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK)
        wait_for_network (self);
      return;
    }
  if (!changed && self->state == SLEEK_CLIENT_STATE_RECONNECTING)
    return;
  g_debug ("The network changed: reconnecting now");
  sleek_xml_stream_unschedule (SLEEK_XML_STREAM (self), "sleek-reconnect");
  self->reconnect_attempt = 0;
  reconnect_now (self);
}

static gboolean
reconnect_now (gpointer user_data)
{
  SleekClientXmpp *self = user_data;

  if (self->auto_reconnect && !network_usable (self))
    {
      wait_for_network (self);
      return G_SOURCE_REMOVE;
    }
  if (self->connect_task == NULL && !sleek_xml_stream_is_connected (SLEEK_XML_STREAM (self)) &&
      self->auto_reconnect)
    {
      self->connect_task = g_task_new (self, NULL, reconnect_done, NULL);
      g_task_set_source_tag (self->connect_task, reconnect_now);
      connect_begin (self, NULL);
      start_connecting (self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (SleekClientXmpp *self)
{
  double delay;

  if (!network_usable (self))
    {
      wait_for_network (self);
      return;
    }
  /* Exponential backoff from one second to five minutes, with jitter. */
  delay = MIN (300.0, (double) (1u << MIN (self->reconnect_attempt, 8)));
  delay *= g_random_double_range (0.5, 1.0);
  self->reconnect_attempt++;
  set_state (self, SLEEK_CLIENT_STATE_RECONNECTING);
  g_signal_emit (self, signals[SIGNAL_RECONNECTING], 0, delay);
  sleek_xml_stream_schedule (SLEEK_XML_STREAM (self), "sleek-reconnect", delay, FALSE, reconnect_now, self, NULL);
}

static void
sleek_client_xmpp_disconnected (SleekXmlStream *stream, const GError *error)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (stream);
  gboolean was_negotiating = self->connect_task != NULL;
  /* Not sleek_base_xmpp_get_session_started(): BaseXmpp's own handler of
   * this signal, connected to the instance, has run before this class
   * handler and already ended the session. */
  gboolean was_session = self->in_session;

  self->in_session = FALSE;
  sleek_xml_stream_unschedule (stream, "sleek-keepalive");
  if (SLEEK_XML_STREAM_CLASS (sleek_client_xmpp_parent_class)->disconnected != NULL)
    SLEEK_XML_STREAM_CLASS (sleek_client_xmpp_parent_class)->disconnected (stream, error);

  if (was_negotiating && self->transport != NULL && SLEEK_IS_WEBSOCKET_TRANSPORT (self->transport) &&
      sleek_websocket_transport_get_see_other_uri (SLEEK_WEBSOCKET_TRANSPORT (self->transport)) != NULL)
    {
      follow_see_other_uri (self);
      return;
    }
  if (was_negotiating)
    {
      GError *reason = error != NULL ? g_error_copy (error)
                                     : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                            _("The server closed the connection during login"));

      connect_fail (self, reason);
      return;
    }
  /* Without a session, this is the end of a failed login's connection:
   * connect_fail() has said why. */
  if (!was_session)
    return;
  /* A session lost with an error is worth trying again; a stream closed
   * cleanly, by us or by the server, was meant to end, and so was one the
   * application aborted (G_IO_ERROR_CANCELLED). A reconnection attempt
   * that fails is retried from reconnect_done(), not from here. */
  if (self->auto_reconnect && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_ended (self, error, TRUE);
      schedule_reconnect (self);
    }
  else
    set_ended (self, error, FALSE);
}

/* GObject */

static gint
compare_order (gconstpointer a, gconstpointer b)
{
  SleekStreamFeature *fa = *(SleekStreamFeature * const *) a;
  SleekStreamFeature *fb = *(SleekStreamFeature * const *) b;
  int oa = sleek_stream_feature_get_order (fa);
  int ob = sleek_stream_feature_get_order (fb);

  return oa < ob ? -1 : oa > ob ? 1 : 0;
}

static void
sleek_client_xmpp_dispose (GObject *object)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (object);

  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  connect_end (self);
  g_clear_object (&self->connect_task);
  g_clear_object (&self->exchange_task);
  g_clear_pointer (&self->exchange_ns, g_free);
  g_clear_pointer (&self->exchange_names, g_strfreev);
  g_clear_pointer (&self->offered, sleek_node_unref);
  g_clear_object (&self->tls);
  g_clear_object (&self->transport);
  if (self->http != NULL)
    soup_session_abort (self->http);
  g_clear_object (&self->http);
  drop_network_monitor (self);
  G_OBJECT_CLASS (sleek_client_xmpp_parent_class)->dispose (object);
}

static void
sleek_client_xmpp_finalize (GObject *object)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (object);

  g_free (self->password);
  g_free (self->server_host);
  g_free (self->websocket_url);
  g_free (self->bosh_url);
  g_free (self->discovery_base_url);
  g_free (self->redirect_url);
  g_clear_object (&self->sasl);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->scram_client_key, g_bytes_unref);
  g_clear_pointer (&self->scram_server_key, g_bytes_unref);
  g_clear_pointer (&self->scram_salt, g_bytes_unref);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->tls_certificate);
  g_clear_object (&self->resolver);
  if (self->fast_token != NULL)
    sleek_sasl_wipe (self->fast_token, strlen (self->fast_token));
  g_free (self->fast_token);
  g_free (self->fast_mechanism);
  g_clear_pointer (&self->fast_expiry, g_date_time_unref);
  g_free (self->user_agent_id);
  g_free (self->user_agent_software);
  g_free (self->user_agent_device);
  g_free (self->bind2_tag);
  g_ptr_array_unref (self->features);
  g_hash_table_unref (self->done);
  G_OBJECT_CLASS (sleek_client_xmpp_parent_class)->finalize (object);
}

static void
sleek_client_xmpp_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (object);

  switch (prop_id)
    {
    case PROP_PASSWORD:
      g_value_set_string (value, self->password);
      break;
    case PROP_SERVER_HOST:
      g_value_set_string (value, self->server_host);
      break;
    case PROP_SERVER_PORT:
      g_value_set_uint (value, self->server_port);
      break;
    case PROP_TLS_MODE:
      g_value_set_enum (value, self->tls_mode);
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;
    case PROP_TLS_CERTIFICATE:
      g_value_set_object (value, self->tls_certificate);
      break;
    case PROP_TLS_CONNECTION:
      g_value_set_object (value, self->tls);
      break;
    case PROP_ALLOW_PLAINTEXT:
      g_value_set_boolean (value, self->allow_plaintext);
      break;
    case PROP_AUTO_RECONNECT:
      g_value_set_boolean (value, self->auto_reconnect);
      break;
    case PROP_KEEPALIVE_INTERVAL:
      g_value_set_uint (value, self->keepalive_interval);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_RESOLVER:
      g_value_set_object (value, self->resolver);
      break;
    case PROP_SASL_MECHANISM:
      g_value_set_string (value, sleek_client_xmpp_get_sasl_mechanism (self));
      break;
    case PROP_SASL:
      g_value_set_object (value, self->sasl);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SASL2:
      g_value_set_boolean (value, self->sasl2);
      break;
    case PROP_USER_AGENT_ID:
      g_value_set_string (value, sleek_client_xmpp_get_user_agent_id (self));
      break;
    case PROP_USER_AGENT_SOFTWARE:
      g_value_set_string (value, self->user_agent_software);
      break;
    case PROP_USER_AGENT_DEVICE:
      g_value_set_string (value, self->user_agent_device);
      break;
    case PROP_BIND2_TAG:
      g_value_set_string (value, self->bind2_tag);
      break;
    case PROP_FAST_TOKEN:
      g_value_set_string (value, self->fast_token);
      break;
    case PROP_FAST_MECHANISM:
      g_value_set_string (value, self->fast_mechanism);
      break;
    case PROP_FAST_TOKEN_EXPIRY:
      g_value_set_boxed (value, self->fast_expiry);
      break;
    case PROP_FAST_INVALIDATE:
      g_value_set_boolean (value, self->fast_invalidate);
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport_kind);
      break;
    case PROP_WEBSOCKET_URL:
      g_value_set_string (value, self->websocket_url);
      break;
    case PROP_BOSH_URL:
      g_value_set_string (value, self->bosh_url);
      break;
    case PROP_DISCOVERY_BASE_URL:
      g_value_set_string (value, self->discovery_base_url);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, sleek_client_xmpp_get_network_monitor (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_client_xmpp_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (object);

  switch (prop_id)
    {
    case PROP_PASSWORD:
      sleek_client_xmpp_set_password (self, g_value_get_string (value));
      break;
    case PROP_SERVER_HOST:
      sleek_client_xmpp_set_server_host (self, g_value_get_string (value));
      break;
    case PROP_SERVER_PORT:
      sleek_client_xmpp_set_server_port (self, (guint16) g_value_get_uint (value));
      break;
    case PROP_TLS_MODE:
      sleek_client_xmpp_set_tls_mode (self, g_value_get_enum (value));
      break;
    case PROP_TLS_DATABASE:
      sleek_client_xmpp_set_tls_database (self, g_value_get_object (value));
      break;
    case PROP_TLS_CERTIFICATE:
      if (g_set_object (&self->tls_certificate, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_ALLOW_PLAINTEXT:
      if (self->allow_plaintext != g_value_get_boolean (value))
        {
          self->allow_plaintext = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_AUTO_RECONNECT:
      if (self->auto_reconnect != g_value_get_boolean (value))
        {
          self->auto_reconnect = g_value_get_boolean (value);
          /* Turning it off also calls off a reconnection that is due. */
          if (!self->auto_reconnect)
            {
              sleek_xml_stream_unschedule (SLEEK_XML_STREAM (self), "sleek-reconnect");
              if (self->state == SLEEK_CLIENT_STATE_RECONNECTING ||
                  self->state == SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK)
                set_state (self, SLEEK_CLIENT_STATE_DISCONNECTED);
            }
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_KEEPALIVE_INTERVAL:
      if (self->keepalive_interval != g_value_get_uint (value))
        {
          self->keepalive_interval = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CONNECT_TIMEOUT:
      if (self->connect_timeout != g_value_get_uint (value))
        {
          self->connect_timeout = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_RESOLVER:
      g_set_object (&self->resolver, g_value_get_object (value));
      break;
    case PROP_SASL2:
      if (self->sasl2 != g_value_get_boolean (value))
        {
          self->sasl2 = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_USER_AGENT_ID:
      sleek_client_xmpp_set_user_agent_id (self, g_value_get_string (value));
      break;
    case PROP_USER_AGENT_SOFTWARE:
      if (set_string (&self->user_agent_software, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_USER_AGENT_DEVICE:
      if (set_string (&self->user_agent_device, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_BIND2_TAG:
      if (set_string (&self->bind2_tag, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_FAST_INVALIDATE:
      if (self->fast_invalidate != g_value_get_boolean (value))
        {
          self->fast_invalidate = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_TRANSPORT:
      sleek_client_xmpp_set_transport (self, g_value_get_enum (value));
      break;
    case PROP_WEBSOCKET_URL:
      sleek_client_xmpp_set_websocket_url (self, g_value_get_string (value));
      break;
    case PROP_BOSH_URL:
      sleek_client_xmpp_set_bosh_url (self, g_value_get_string (value));
      break;
    case PROP_DISCOVERY_BASE_URL:
      sleek_client_xmpp_set_discovery_base_url (self, g_value_get_string (value));
      break;
    case PROP_NETWORK_MONITOR:
      sleek_client_xmpp_set_network_monitor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_client_xmpp_constructed (GObject *object)
{
  SleekClientXmpp *self = SLEEK_CLIENT_XMPP (object);
  g_autoptr(SleekMatcher) features = sleek_matcher_new_xpath ("{" SLEEK_NS_STREAMS "}features");

  G_OBJECT_CLASS (sleek_client_xmpp_parent_class)->constructed (object);
  self->features_handler = sleek_xml_stream_add_handler (SLEEK_XML_STREAM (self), features, SLEEK_HANDLER_NONE,
                                                         on_features, NULL, NULL);
  {
    SleekStreamFeature *builtins[] = {
      sleek_feature_starttls_new (),
      sleek_feature_sasl2_new (),
      sleek_feature_sasl_new (),
      sleek_feature_bind_new (),
      sleek_feature_session_new (),
    };

    for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
      {
        sleek_client_xmpp_register_feature (self, builtins[i]);
        g_object_unref (builtins[i]);
      }
  }
}

static void
sleek_client_xmpp_class_init (SleekClientXmppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekXmlStreamClass *stream_class = SLEEK_XML_STREAM_CLASS (klass);

  object_class->dispose = sleek_client_xmpp_dispose;
  object_class->finalize = sleek_client_xmpp_finalize;
  object_class->get_property = sleek_client_xmpp_get_property;
  object_class->set_property = sleek_client_xmpp_set_property;
  object_class->constructed = sleek_client_xmpp_constructed;
  stream_class->disconnected = sleek_client_xmpp_disconnected;

  /**
   * SleekClientXmpp:password:
   *
   * The account's password, for SASL.
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:server-host:
   *
   * A host to connect to instead of looking up the JID's domain; the
   * server's certificate is still checked against the domain.
   */
  properties[PROP_SERVER_HOST] =
    g_param_spec_string ("server-host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:server-port:
   *
   * The port on [property@Sleek.ClientXmpp:server-host]; 0 for 5222, or
   * 5223 with direct TLS.
   */
  properties[PROP_SERVER_PORT] =
    g_param_spec_uint ("server-port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:tls-mode:
   *
   * How the connection is protected: STARTTLS (required) by default.
   */
  properties[PROP_TLS_MODE] =
    g_param_spec_enum ("tls-mode", NULL, NULL, SLEEK_TYPE_TLS_MODE, SLEEK_TLS_MODE_STARTTLS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:transport: (getter get_transport) (setter set_transport)
   *
   * What the stream runs over: TCP by default (as before: SRV records,
   * STARTTLS or direct TLS), a WebSocket (RFC 7395) or BOSH (XEP-0206).
   */
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, SLEEK_TYPE_TRANSPORT_KIND, SLEEK_TRANSPORT_KIND_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:websocket-url: (getter get_websocket_url) (setter set_websocket_url)
   *
   * The `wss://` (or, on the loopback interface with
   * %SLEEK_TLS_MODE_NONE, `ws://`) URL of the server's XMPP WebSocket
   * endpoint, or %NULL to discover it with XEP-0156 when
   * [property@Sleek.ClientXmpp:transport] is
   * %SLEEK_TRANSPORT_KIND_WEBSOCKET. Set with the transport left at
   * %SLEEK_TRANSPORT_KIND_AUTO, the client uses it too.
   */
  properties[PROP_WEBSOCKET_URL] =
    g_param_spec_string ("websocket-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:bosh-url: (getter get_bosh_url) (setter set_bosh_url)
   *
   * The `https://` (or, on the loopback interface with
   * %SLEEK_TLS_MODE_NONE, `http://`) URL of the server's BOSH connection
   * manager (XEP-0206), or %NULL to discover it with XEP-0156 when
   * [property@Sleek.ClientXmpp:transport] is %SLEEK_TRANSPORT_KIND_BOSH.
   * Set with the transport left at %SLEEK_TRANSPORT_KIND_AUTO (and no
   * [property@Sleek.ClientXmpp:websocket-url]), the client uses it too.
   */
  properties[PROP_BOSH_URL] =
    g_param_spec_string ("bosh-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:discovery-base-url: (getter get_discovery_base_url) (setter set_discovery_base_url)
   *
   * Where XEP-0156 discovery looks for `/.well-known/host-meta`: %NULL
   * (the default) for `https://` and the JID's domain, else a URL such as
   * `https://example.com:8443` (a reverse proxy in front of the domain,
   * or a test server).
   */
  properties[PROP_DISCOVERY_BASE_URL] =
    g_param_spec_string ("discovery-base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:tls-database:
   *
   * The certificates to trust instead of the system's, or %NULL.
   */
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:tls-certificate:
   *
   * A client certificate (with its private key) to present in the TLS
   * handshake, or %NULL. With one, and a server that offers it, the client
   * authenticates with SASL EXTERNAL (XEP-0178).
   */
  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_object ("tls-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:tls-connection:
   *
   * The TLS connection of the current session, or %NULL before TLS.
   */
  properties[PROP_TLS_CONNECTION] =
    g_param_spec_object ("tls-connection", NULL, NULL, G_TYPE_TLS_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:allow-plaintext:
   *
   * Whether PLAIN may be used on a stream without TLS. Only for tests on
   * the loopback interface; %FALSE by default.
   */
  properties[PROP_ALLOW_PLAINTEXT] =
    g_param_spec_boolean ("allow-plaintext", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:auto-reconnect:
   *
   * Whether to log in again, with exponential backoff, when an established
   * session's connection is lost with an error: the first attempt comes
   * after half a second to a second, and a failed attempt is followed by
   * another after twice as long, up to five minutes, until one succeeds
   * or this is turned off. [signal@Sleek.ClientXmpp::reconnecting]
   * announces each attempt. A stream closed cleanly, by either side, or
   * aborted by the application ([method@Sleek.XmlStream.abort]) is not
   * reconnected.
   */
  properties[PROP_AUTO_RECONNECT] =
    g_param_spec_boolean ("auto-reconnect", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:keepalive-interval:
   *
   * Seconds between whitespace keepalives during a session; 0 for none.
   */
  properties[PROP_KEEPALIVE_INTERVAL] =
    g_param_spec_uint ("keepalive-interval", NULL, NULL, 0, 86400, 300,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:connect-timeout:
   *
   * Seconds a login may take, from the start of
   * [method@Sleek.ClientXmpp.connect_async] (or of a reconnection
   * attempt) to the start of the session: finding the server, connecting,
   * TLS, SASL and binding together; 0 for no limit. A server that stalls
   * or trickles its stream header, or sends nothing but whitespace, fails
   * the login with %G_IO_ERROR_TIMED_OUT once it has run out.
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, 3600, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:resolver:
   *
   * The resolver for SRV lookups, or %NULL for the default one.
   */
  properties[PROP_RESOLVER] =
    g_param_spec_object ("resolver", NULL, NULL, G_TYPE_RESOLVER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:sasl-mechanism:
   *
   * The SASL mechanism of the last login, such as `SCRAM-SHA-1-PLUS`.
   */
  properties[PROP_SASL_MECHANISM] =
    g_param_spec_string ("sasl-mechanism", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:sasl:
   *
   * The SASL mechanism of the last login. For SCRAM it is a
   * [class@Sleek.SaslScram] whose client and server keys, salt and
   * iteration count an application can store instead of the password and
   * give back with [method@Sleek.ClientXmpp.set_scram_keys].
   */
  properties[PROP_SASL] =
    g_param_spec_object ("sasl", NULL, NULL, SLEEK_TYPE_SASL_MECHANISM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:state: (getter get_state)
   *
   * Where the connection stands, for an application to show: connecting,
   * authenticating once the connection is encrypted, online, reconnecting
   * or disconnected. [property@Sleek.ClientXmpp:last-error] says why the
   * last connection or login ended.
   *
   * ```c
   * static void
   * on_state (SleekClientXmpp *client, GParamSpec *pspec, GtkLabel *label)
   * {
   *   const GError *error = sleek_client_xmpp_get_last_error (client);
   *
   *   switch (sleek_client_xmpp_get_state (client))
   *     {
   *     case SLEEK_CLIENT_STATE_ONLINE:
   *       gtk_label_set_text (label, "Online");
   *       break;
   *     case SLEEK_CLIENT_STATE_DISCONNECTED:
   *       gtk_label_set_text (label, error != NULL ? error->message : "Offline");
   *       break;
   *     default:
   *       gtk_label_set_text (label, "Connecting…");
   *     }
   * }
   *
   * g_signal_connect (client, "notify::state", G_CALLBACK (on_state), label);
   * ```
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SLEEK_TYPE_CLIENT_STATE, SLEEK_CLIENT_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:last-error: (getter get_last_error)
   *
   * Why the last connection or login ended: the error of a failed login
   * (also of an attempt of auto-reconnect), or of a lost connection. It
   * is %NULL until then, after a stream closed cleanly, and again once a
   * session starts; while [property@Sleek.ClientXmpp:state] is
   * %SLEEK_CLIENT_STATE_RECONNECTING, and through the next attempt, it
   * says what went wrong last.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:sasl2:
   *
   * Whether to log in with the Extensible SASL Profile (XEP-0388) when the
   * server offers it, with Bind2 (XEP-0386), FAST tokens (XEP-0484) and
   * inline stream resumption. When it is off, or the server offers no
   * SASL2, the client logs in with RFC 6120 SASL and binds a resource.
   */
  properties[PROP_SASL2] =
    g_param_spec_boolean ("sasl2", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:user-agent-id: (getter get_user_agent_id) (setter set_user_agent_id)
   *
   * The id of this installation of the application in SASL2's
   * `<user-agent/>` (XEP-0388), which servers use to tell a user's devices
   * apart (and to tie FAST tokens to one). It must stay the same across
   * logins: when it is not set, reading it makes a random UUID, which the
   * application stores with its settings and sets again on the next start.
   */
  properties[PROP_USER_AGENT_ID] =
    g_param_spec_string ("user-agent-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:user-agent-software:
   *
   * The name of the application, for SASL2's `<user-agent/>` (XEP-0388),
   * such as `"Sleek Chat"`; %NULL to leave it out.
   */
  properties[PROP_USER_AGENT_SOFTWARE] =
    g_param_spec_string ("user-agent-software", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:user-agent-device:
   *
   * A name of the device the user would recognise, for SASL2's
   * `<user-agent/>` (XEP-0388), such as `"Juliet's laptop"`; %NULL to
   * leave it out.
   */
  properties[PROP_USER_AGENT_DEVICE] =
    g_param_spec_string ("user-agent-device", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:bind2-tag:
   *
   * The tag Bind2 (XEP-0386) sends in place of a resource: the server
   * makes the resource from it (and from the user agent id, so that it can
   * stay the same across logins). The resource of
   * [property@Sleek.BaseXmpp:jid] is used only when binding the RFC 6120
   * way. %NULL sends no tag.
   */
  properties[PROP_BIND2_TAG] =
    g_param_spec_string ("bind2-tag", NULL, NULL, "sleek-glib",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:fast-token: (getter get_fast_token)
   *
   * The FAST token (XEP-0484) the next login uses instead of the password,
   * as the server gave it ([signal@Sleek.ClientXmpp::fast-token-changed]) or as the
   * application set it back with [method@Sleek.ClientXmpp.set_fast_token].
   * %NULL when there is none.
   */
  properties[PROP_FAST_TOKEN] =
    g_param_spec_string ("fast-token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:fast-mechanism: (getter get_fast_mechanism)
   *
   * The mechanism [property@Sleek.ClientXmpp:fast-token] is for, such as
   * `"HT-SHA-256-EXPR"`.
   */
  properties[PROP_FAST_MECHANISM] =
    g_param_spec_string ("fast-mechanism", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:fast-token-expiry: (getter get_fast_token_expiry)
   *
   * When [property@Sleek.ClientXmpp:fast-token] expires; an expired token
   * is dropped instead of being tried.
   */
  properties[PROP_FAST_TOKEN_EXPIRY] =
    g_param_spec_boxed ("fast-token-expiry", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:fast-invalidate:
   *
   * Set to log out for good: the next login with the FAST token asks the
   * server to invalidate it (XEP-0484), asks for no new one, and once
   * logged in forgets it ([signal@Sleek.ClientXmpp::fast-token-changed] with
   * %NULL). The property goes back to %FALSE then.
   */
  properties[PROP_FAST_INVALIDATE] =
    g_param_spec_boolean ("fast-invalidate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientXmpp:network-monitor: (getter get_network_monitor) (setter set_network_monitor)
   *
   * What [property@Sleek.ClientXmpp:auto-reconnect] asks whether the
   * network is up: g_network_monitor_get_default() unless set (tests set
   * one of their own). While the monitor says the network is unavailable,
   * no attempt is made and [property@Sleek.ClientXmpp:state] is
   * %SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK; when it comes back, or
   * changes while an attempt is due, the attempt starts at once instead
   * of after the backoff. A server whose
   * [property@Sleek.ClientXmpp:server-host] is a loopback address needs
   * no network and is tried regardless.
   */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekClientXmpp::fast-token-changed:
   * @self: the client
   * @token: (nullable): the new token, or %NULL when the stored one is gone
   * @mechanism: (nullable): the mechanism the token is for
   * @expiry: (nullable): when the token expires
   *
   * The server gave a FAST token (XEP-0484) for the next logins, replaced
   * it, or the token no longer works (refused, expired or invalidated):
   * the application stores the token in the keyring, or deletes it there
   * when @token is %NULL. On the next start it gives it back with
   * [method@Sleek.ClientXmpp.set_fast_token].
   */
  signals[SIGNAL_FAST_TOKEN] =
    g_signal_new ("fast-token-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_DATE_TIME);

  /**
   * SleekClientXmpp::accept-certificate:
   * @self: the client
   * @certificate: the server's certificate
   * @errors: why it failed validation
   *
   * The server's certificate failed validation. Return %TRUE to accept it
   * anyway (for example after comparing it with one the user pinned).
   *
   * Returns: %TRUE to accept the certificate
   */
  signals[SIGNAL_ACCEPT_CERTIFICATE] =
    g_signal_new ("accept-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_TLS_CERTIFICATE, G_TYPE_TLS_CERTIFICATE_FLAGS);
  /**
   * SleekClientXmpp::reconnecting:
   * @self: the client
   * @delay: seconds until the next attempt
   *
   * The session's connection was lost and
   * [property@Sleek.ClientXmpp:auto-reconnect] will try again. Not
   * emitted while the network is down: the state is then
   * %SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK, and the attempt comes as
   * soon as [property@Sleek.ClientXmpp:network-monitor] reports the
   * network back.
   */
  signals[SIGNAL_RECONNECTING] =
    g_signal_new ("reconnecting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
sleek_client_xmpp_init (SleekClientXmpp *self)
{
  self->tls_mode = SLEEK_TLS_MODE_STARTTLS;
  self->keepalive_interval = 300;
  self->connect_timeout = 60;
  self->features = g_ptr_array_new_with_free_func (g_object_unref);
  self->sasl2 = TRUE;
  self->bind2_tag = g_strdup ("sleek-glib");
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Public API */

/**
 * sleek_client_xmpp_new:
 * @jid: the account's JID, with the resource to ask for if any
 * @password: (nullable): the account's password
 *
 * Creates a client for @jid. An invalid JID is a programming error: check
 * user input with [ctor@Sleek.Jid.new] first.
 *
 * Returns: (transfer full): a new client
 */
SleekClientXmpp *
sleek_client_xmpp_new (const char *jid, const char *password)
{
  g_autoptr(SleekJid) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (jid != NULL, NULL);

  parsed = sleek_jid_new (jid, &error);
  if (parsed == NULL)
    {
      g_critical ("sleek_client_xmpp_new: %s", error->message);
      return NULL;
    }
  return g_object_new (SLEEK_TYPE_CLIENT_XMPP, "jid", parsed, "password", password, NULL);
}

/**
 * sleek_client_xmpp_connect_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the session
 *   has started or the login failed
 * @user_data: data for @callback
 *
 * Connects and logs in: finds the server, connects, negotiates TLS, SASL
 * and resource binding, and starts the session.
 *
 * Cancelling @cancellable ends the login at any stage with
 * %G_IO_ERROR_CANCELLED; a login that takes longer than
 * [property@Sleek.ClientXmpp:connect-timeout] ends with
 * %G_IO_ERROR_TIMED_OUT.
 */
void
sleek_client_xmpp_connect_async (SleekClientXmpp *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_client_xmpp_connect_async);
  if (self->connect_task != NULL || sleek_xml_stream_is_connected (SLEEK_XML_STREAM (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The client is already connected or connecting"));
      return;
    }
  if (domain_of (self) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The client has no JID"));
      return;
    }
  sleek_xml_stream_unschedule (SLEEK_XML_STREAM (self), "sleek-reconnect");
  self->connect_task = g_steal_pointer (&task);
  connect_begin (self, cancellable);
  start_connecting (self);
}

/**
 * sleek_client_xmpp_connect_stream_async:
 * @self: a client
 * @io: a connection to the server that is already established, such as a
 *   tunnel, or the end of a [class@Sleek.TestStream]; a
 *   #GTlsConnection counts as encrypted
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the session
 *   has started or the login failed
 * @user_data: data for @callback
 *
 * Logs in over @io instead of finding and connecting to the server: the
 * stream, TLS, SASL and binding proceed as with
 * [method@Sleek.ClientXmpp.connect_async], which
 * [method@Sleek.ClientXmpp.connect_finish] finishes.
 */
void
sleek_client_xmpp_connect_stream_async (SleekClientXmpp *self, GIOStream *io, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  g_return_if_fail (G_IS_IO_STREAM (io));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_client_xmpp_connect_async);
  if (self->connect_task != NULL || sleek_xml_stream_is_connected (SLEEK_XML_STREAM (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The client is already connected or connecting"));
      return;
    }
  self->connect_task = g_steal_pointer (&task);
  connect_begin (self, cancellable);
  sleek_client_xmpp_set_tls_connection (self, G_IS_TLS_CONNECTION (io) ? G_TLS_CONNECTION (io) : NULL);
  stream_ready (self, io);
}

/**
 * sleek_client_xmpp_connect_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.ClientXmpp.connect_async].
 *
 * Returns: %TRUE once the session has started
 */
gboolean
sleek_client_xmpp_connect_finish (SleekClientXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
roster_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekRoster *roster;
  GError *error = NULL;

  roster = sleek_base_xmpp_fetch_roster_finish (SLEEK_BASE_XMPP (source), result, &error);
  if (roster == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, roster, g_object_unref);
}

/**
 * sleek_client_xmpp_get_roster_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called with the roster
 * @user_data: data for @callback
 *
 * Fetches the roster (with versioning when the server offers it) into
 * [method@Sleek.BaseXmpp.get_roster]; the server then sends this session
 * roster pushes.
 */
void
sleek_client_xmpp_get_roster_async (SleekClientXmpp *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  GTask *task;

  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_client_xmpp_get_roster_async);
  sleek_base_xmpp_fetch_roster_async (SLEEK_BASE_XMPP (self), cancellable, roster_fetched, task);
}

/**
 * sleek_client_xmpp_get_roster_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.ClientXmpp.get_roster_async].
 *
 * Returns: (transfer full): the roster
 */
SleekRoster *
sleek_client_xmpp_get_roster_finish (SleekClientXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sleek_client_xmpp_register_feature:
 * @self: a client
 * @feature: a stream feature
 *
 * Adds a feature to negotiate when the server offers it, in the order of
 * [property@Sleek.StreamFeature:order]. A feature with the name of one
 * already registered replaces it.
 */
void
sleek_client_xmpp_register_feature (SleekClientXmpp *self, SleekStreamFeature *feature)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  g_return_if_fail (SLEEK_IS_STREAM_FEATURE (feature));

  for (guint i = 0; i < self->features->len; i++)
    if (g_strcmp0 (sleek_stream_feature_get_name (g_ptr_array_index (self->features, i)),
                   sleek_stream_feature_get_name (feature)) == 0)
      {
        g_ptr_array_remove_index (self->features, i);
        break;
      }
  g_ptr_array_add (self->features, g_object_ref (feature));
  g_ptr_array_sort (self->features, compare_order);
}

/**
 * sleek_client_xmpp_unregister_feature:
 * @self: a client
 * @name: the [property@Sleek.StreamFeature:name] of a registered feature
 *
 * Removes a feature added with
 * [method@Sleek.ClientXmpp.register_feature], so that the client no
 * longer negotiates it on the next connection.
 *
 * Returns: %TRUE when a feature of that name was registered
 */
gboolean
sleek_client_xmpp_unregister_feature (SleekClientXmpp *self, const char *name)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < self->features->len; i++)
    if (g_strcmp0 (sleek_stream_feature_get_name (g_ptr_array_index (self->features, i)), name) == 0)
      {
        g_ptr_array_remove_index (self->features, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * sleek_client_xmpp_get_password:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:password].
 *
 * Returns: (nullable): the password
 */
const char *
sleek_client_xmpp_get_password (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->password;
}

/**
 * sleek_client_xmpp_set_password:
 * @self: a client
 * @password: (nullable): the password
 *
 * Sets [property@Sleek.ClientXmpp:password].
 */
void
sleek_client_xmpp_set_password (SleekClientXmpp *self, const char *password)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (g_strcmp0 (self->password, password) == 0)
    return;
  g_free (self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

/**
 * sleek_client_xmpp_get_server_host:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:server-host].
 *
 * Returns: (nullable): the host
 */
const char *
sleek_client_xmpp_get_server_host (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->server_host;
}

/**
 * sleek_client_xmpp_set_server_host:
 * @self: a client
 * @host: (nullable): a host name or address, or %NULL to look up the
 *   JID's domain
 *
 * Sets [property@Sleek.ClientXmpp:server-host].
 */
void
sleek_client_xmpp_set_server_host (SleekClientXmpp *self, const char *host)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (g_strcmp0 (self->server_host, host) == 0)
    return;
  g_free (self->server_host);
  self->server_host = g_strdup (host);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_HOST]);
}

/**
 * sleek_client_xmpp_get_server_port:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:server-port].
 *
 * Returns: the port, 0 for the default
 */
guint16
sleek_client_xmpp_get_server_port (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), 0);
  return self->server_port;
}

/**
 * sleek_client_xmpp_set_server_port:
 * @self: a client
 * @port: the port, 0 for the default
 *
 * Sets [property@Sleek.ClientXmpp:server-port].
 */
void
sleek_client_xmpp_set_server_port (SleekClientXmpp *self, guint16 port)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (self->server_port == port)
    return;
  self->server_port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_PORT]);
}

/**
 * sleek_client_xmpp_get_tls_mode:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:tls-mode].
 *
 * Returns: the TLS mode
 */
SleekTlsMode
sleek_client_xmpp_get_tls_mode (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), SLEEK_TLS_MODE_STARTTLS);
  return self->tls_mode;
}

/**
 * sleek_client_xmpp_set_tls_mode:
 * @self: a client
 * @mode: the TLS mode
 *
 * Sets [property@Sleek.ClientXmpp:tls-mode].
 */
void
sleek_client_xmpp_set_tls_mode (SleekClientXmpp *self, SleekTlsMode mode)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (self->tls_mode == mode)
    return;
  self->tls_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_MODE]);
}

/**
 * sleek_client_xmpp_get_tls_database:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:tls-database].
 *
 * Returns: (transfer none) (nullable): the database
 */
GTlsDatabase *
sleek_client_xmpp_get_tls_database (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->tls_database;
}

/**
 * sleek_client_xmpp_set_tls_database:
 * @self: a client
 * @database: (nullable): the certificates to trust, or %NULL for the
 *   system's
 *
 * Sets [property@Sleek.ClientXmpp:tls-database].
 */
void
sleek_client_xmpp_set_tls_database (SleekClientXmpp *self, GTlsDatabase *database)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (!g_set_object (&self->tls_database, database))
    return;
  /* The HTTP session of the web transports checks with it too. */
  if (self->http != NULL)
    soup_session_set_tls_database (self->http, database);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
}

/**
 * sleek_client_xmpp_get_tls_connection:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:tls-connection].
 *
 * Returns: (transfer none) (nullable): the TLS connection
 */
GTlsConnection *
sleek_client_xmpp_get_tls_connection (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->tls;
}

/**
 * sleek_client_xmpp_get_state: (get-property state)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:state].
 *
 * Returns: where the connection stands
 */
SleekClientState
sleek_client_xmpp_get_state (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), SLEEK_CLIENT_STATE_DISCONNECTED);
  return self->state;
}

/**
 * sleek_client_xmpp_get_last_error: (get-property last-error)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:last-error].
 *
 * Returns: (transfer none) (nullable): why the last connection or login
 *   ended, or %NULL
 */
const GError *
sleek_client_xmpp_get_last_error (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->last_error;
}

/**
 * sleek_client_xmpp_get_network_monitor: (get-property network-monitor)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:network-monitor]: the one set, or the
 * default one.
 *
 * Returns: (transfer none): the network monitor
 */
GNetworkMonitor *
sleek_client_xmpp_get_network_monitor (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return ensure_network_monitor (self);
}

/**
 * sleek_client_xmpp_set_network_monitor: (set-property network-monitor)
 * @self: a client
 * @monitor: (nullable): a network monitor, or %NULL for the default one
 *
 * Sets [property@Sleek.ClientXmpp:network-monitor]. Its changes are
 * handled in the thread-default main context of the caller, which should
 * be the client's. A reconnection that is due follows the new monitor at
 * once: it waits if that says the network is down, and starts if the
 * client was waiting for the network and that says it is up.
 */
void
sleek_client_xmpp_set_network_monitor (SleekClientXmpp *self, GNetworkMonitor *monitor)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (monitor != NULL && monitor == self->network_monitor)
    return;
  drop_network_monitor (self);
  if (monitor != NULL)
    watch_network_monitor (self, monitor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_MONITOR]);
  update_for_network (self, FALSE);
}

/**
 * sleek_client_xmpp_get_sasl_mechanism:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:sasl-mechanism].
 *
 * Returns: (nullable): the mechanism of the last login
 */
const char *
sleek_client_xmpp_get_sasl_mechanism (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->sasl != NULL ? sleek_sasl_mechanism_get_name (self->sasl) : NULL;
}

/**
 * sleek_client_xmpp_get_sasl:
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:sasl].
 *
 * Returns: (transfer none) (nullable): the mechanism of the last login
 */
SleekSaslMechanism *
sleek_client_xmpp_get_sasl (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->sasl;
}

/**
 * sleek_client_xmpp_set_scram_keys:
 * @self: a client
 * @client_key: (nullable): the SCRAM client key, or %NULL to forget the keys
 * @server_key: (nullable): the SCRAM server key
 * @salt: (nullable): the salt the server gave when they were computed
 * @iterations: the iteration count the server gave
 *
 * Logs in with SCRAM keys read from [property@Sleek.ClientXmpp:sasl] after
 * an earlier login, instead of the password, so that an application need
 * not store the password. The keys fit one hash (SHA-1, SHA-256 or
 * SHA-512, told by their length); while the server keeps the same salt and
 * iteration count no password is needed, and when they change the
 * password is (and the login fails without one).
 */
void
sleek_client_xmpp_set_scram_keys (SleekClientXmpp *self, GBytes *client_key, GBytes *server_key, GBytes *salt,
                                  guint iterations)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  g_return_if_fail ((client_key == NULL) == (server_key == NULL) && (client_key == NULL) == (salt == NULL));

  g_clear_pointer (&self->scram_client_key, g_bytes_unref);
  g_clear_pointer (&self->scram_server_key, g_bytes_unref);
  g_clear_pointer (&self->scram_salt, g_bytes_unref);
  if (client_key == NULL)
    return;
  self->scram_client_key = g_bytes_ref (client_key);
  self->scram_server_key = g_bytes_ref (server_key);
  self->scram_salt = g_bytes_ref (salt);
  self->scram_iterations = iterations;
}

/**
 * sleek_client_xmpp_get_user_agent_id: (get-property user-agent-id)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:user-agent-id], making a random one
 * first when none is set.
 *
 * Returns: the user agent id (a UUID unless the application set another)
 */
const char *
sleek_client_xmpp_get_user_agent_id (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  if (self->user_agent_id == NULL)
    self->user_agent_id = g_uuid_string_random ();
  return self->user_agent_id;
}

/**
 * sleek_client_xmpp_set_user_agent_id: (set-property user-agent-id)
 * @self: a client
 * @id: (nullable): the id stored from an earlier run, or %NULL to make a
 *   new one when it is next needed
 *
 * Sets [property@Sleek.ClientXmpp:user-agent-id].
 */
void
sleek_client_xmpp_set_user_agent_id (SleekClientXmpp *self, const char *id)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (set_string (&self->user_agent_id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_AGENT_ID]);
}

/**
 * sleek_client_xmpp_get_fast_token: (get-property fast-token)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:fast-token].
 *
 * Returns: (nullable): the FAST token, or %NULL
 */
const char *
sleek_client_xmpp_get_fast_token (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->fast_token;
}

/**
 * sleek_client_xmpp_get_fast_mechanism: (get-property fast-mechanism)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:fast-mechanism].
 *
 * Returns: (nullable): the mechanism of the FAST token, or %NULL
 */
const char *
sleek_client_xmpp_get_fast_mechanism (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->fast_mechanism;
}

/**
 * sleek_client_xmpp_get_fast_token_expiry: (get-property fast-token-expiry)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:fast-token-expiry].
 *
 * Returns: (transfer none) (nullable): when the FAST token expires, or %NULL
 */
GDateTime *
sleek_client_xmpp_get_fast_token_expiry (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->fast_expiry;
}

/**
 * sleek_client_xmpp_set_fast_token:
 * @self: a client
 * @token: (nullable): a FAST token from [signal@Sleek.ClientXmpp::fast-token-changed],
 *   or %NULL to forget the token
 * @mechanism: (nullable): the mechanism it was given for, such as
 *   `"HT-SHA-256-NONE"`; required with @token
 * @expiry: (nullable): when it expires, or %NULL when unknown
 *
 * Gives back a FAST token (XEP-0484) stored after an earlier login: the
 * next login uses it instead of the password when the server offers FAST
 * and @mechanism. When the server refuses it, the client forgets it (and
 * says so with [signal@Sleek.ClientXmpp::fast-token-changed]) and logs in with the
 * password if there is one.
 */
void
sleek_client_xmpp_set_fast_token (SleekClientXmpp *self, const char *token, const char *mechanism,
                                  GDateTime *expiry)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  g_return_if_fail (token == NULL || mechanism != NULL);
  set_fast_token (self, token, mechanism, expiry);
}

/**
 * sleek_client_xmpp_get_transport: (get-property transport)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:transport].
 *
 * Returns: what the stream runs over
 */
SleekTransportKind
sleek_client_xmpp_get_transport (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), SLEEK_TRANSPORT_KIND_AUTO);
  return self->transport_kind;
}

/**
 * sleek_client_xmpp_set_transport: (set-property transport)
 * @self: a client
 * @transport: what the stream is to run over
 *
 * Sets [property@Sleek.ClientXmpp:transport], for the next connection.
 */
void
sleek_client_xmpp_set_transport (SleekClientXmpp *self, SleekTransportKind transport)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (self->transport_kind == transport)
    return;
  self->transport_kind = transport;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
}

/**
 * sleek_client_xmpp_get_websocket_url: (get-property websocket-url)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:websocket-url].
 *
 * Returns: (nullable): the URL, or %NULL to discover it
 */
const char *
sleek_client_xmpp_get_websocket_url (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->websocket_url;
}

/**
 * sleek_client_xmpp_set_websocket_url: (set-property websocket-url)
 * @self: a client
 * @url: (nullable): a `wss://` or `ws://` URL, or %NULL to discover it
 *
 * Sets [property@Sleek.ClientXmpp:websocket-url].
 */
void
sleek_client_xmpp_set_websocket_url (SleekClientXmpp *self, const char *url)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (g_strcmp0 (self->websocket_url, url) == 0)
    return;
  g_free (self->websocket_url);
  self->websocket_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEBSOCKET_URL]);
}

/**
 * sleek_client_xmpp_get_bosh_url: (get-property bosh-url)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:bosh-url].
 *
 * Returns: (nullable): the URL, or %NULL to discover it
 */
const char *
sleek_client_xmpp_get_bosh_url (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->bosh_url;
}

/**
 * sleek_client_xmpp_set_bosh_url: (set-property bosh-url)
 * @self: a client
 * @url: (nullable): an `https://` or `http://` URL, or %NULL to discover it
 *
 * Sets [property@Sleek.ClientXmpp:bosh-url].
 */
void
sleek_client_xmpp_set_bosh_url (SleekClientXmpp *self, const char *url)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (g_strcmp0 (self->bosh_url, url) == 0)
    return;
  g_free (self->bosh_url);
  self->bosh_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOSH_URL]);
}

/**
 * sleek_client_xmpp_get_discovery_base_url: (get-property discovery-base-url)
 * @self: a client
 *
 * Gets [property@Sleek.ClientXmpp:discovery-base-url].
 *
 * Returns: (nullable): the URL, or %NULL for `https://` and the domain
 */
const char *
sleek_client_xmpp_get_discovery_base_url (SleekClientXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_XMPP (self), NULL);
  return self->discovery_base_url;
}

/**
 * sleek_client_xmpp_set_discovery_base_url: (set-property discovery-base-url)
 * @self: a client
 * @url: (nullable): an `https://` (or `http://`) URL without a path, or
 *   %NULL for `https://` and the JID's domain
 *
 * Sets [property@Sleek.ClientXmpp:discovery-base-url].
 */
void
sleek_client_xmpp_set_discovery_base_url (SleekClientXmpp *self, const char *url)
{
  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  if (g_strcmp0 (self->discovery_base_url, url) == 0)
    return;
  g_free (self->discovery_base_url);
  self->discovery_base_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERY_BASE_URL]);
}

/* XEP-0156 discovery: host-meta (XRD), else host-meta.json. */

#define HOST_META_MAX_SIZE (64 * 1024)

typedef struct {
  char *base;
  gboolean json;
  GError *xml_error;    /* why the XRD document did not do */
} Discovery;

static void
discovery_free (Discovery *discovery)
{
  g_free (discovery->base);
  g_clear_error (&discovery->xml_error);
  g_free (discovery);
}

static void fetch_host_meta (GTask *task);

/* Takes @task and @error. */
static void
host_meta_failed (GTask *task, GError *error)
{
  Discovery *discovery = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (!discovery->json)
    {
      discovery->xml_error = error;
      discovery->json = TRUE;
      fetch_host_meta (task);
      return;
    }
  g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                           _("No alternative connection methods found: %s; %s"),
                           discovery->xml_error->message, error->message);
  g_error_free (error);
  g_object_unref (task);
}

static void
host_meta_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *discovery = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));
  g_autoptr(GBytes) body = NULL;
  SleekAltConnections *found;
  GError *error = NULL;
  guint status;
  gsize len = 0;
  const char *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      host_meta_failed (g_steal_pointer (&task), error);
      return;
    }
  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      host_meta_failed (g_steal_pointer (&task),
                        g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_HTTP, _("%s: HTTP %u %s"), url,
                                     status, soup_message_get_reason_phrase (message)));
      return;
    }
  data = g_bytes_get_data (body, &len);
  if (len > HOST_META_MAX_SIZE)
    {
      host_meta_failed (g_steal_pointer (&task),
                        g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                                     _("The host-meta document %s is too large"), url));
      return;
    }
  found = sleek_alt_connections_parse (url, data != NULL ? data : "", len, discovery->json, &error);
  if (found == NULL)
    host_meta_failed (g_steal_pointer (&task), error);
  else
    g_task_return_pointer (task, found, g_object_unref);
}

static void
fetch_host_meta (GTask *task)
{
  SleekClientXmpp *self = g_task_get_source_object (task);
  Discovery *discovery = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (discovery->base, discovery->json ? "/.well-known/host-meta.json"
                                                                       : "/.well-known/host-meta", NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The discovery URL %s is not a valid http:// or https:// URL"), url);
      g_clear_error (&error);
      g_object_unref (task);
      return;
    }
  message = sleek_client_xmpp_new_http_message (self, uri);
  soup_session_send_and_read_async (sleek_client_xmpp_get_http_session (self), message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), host_meta_read, task);
}

/**
 * sleek_client_xmpp_discover_connections_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called with the result
 * @user_data: data for @callback
 *
 * Looks up the alternative connection methods of the JID's domain
 * (XEP-0156): fetches `/.well-known/host-meta` (XRD) from
 * [property@Sleek.ClientXmpp:discovery-base-url] (by default
 * `https://` and the domain), and `/.well-known/host-meta.json` when
 * that fails. The server's certificate is checked as for the XMPP
 * connection. A client whose [property@Sleek.ClientXmpp:transport] is
 * %SLEEK_TRANSPORT_KIND_WEBSOCKET without a URL does this itself.
 */
void
sleek_client_xmpp_discover_connections_async (SleekClientXmpp *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  Discovery *discovery;

  g_return_if_fail (SLEEK_IS_CLIENT_XMPP (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_client_xmpp_discover_connections_async);
  if (self->discovery_base_url == NULL && domain_of (self) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The client has no JID"));
      g_object_unref (task);
      return;
    }
  discovery = g_new0 (Discovery, 1);
  discovery->base = self->discovery_base_url != NULL ? g_strdup (self->discovery_base_url)
                                                     : g_strconcat ("https://", domain_of (self), NULL);
  /* "https://example.com/" and "https://example.com" are one place. */
  while (g_str_has_suffix (discovery->base, "/"))
    discovery->base[strlen (discovery->base) - 1] = '\0';
  g_task_set_task_data (task, discovery, (GDestroyNotify) discovery_free);
  fetch_host_meta (task);
}

/**
 * sleek_client_xmpp_discover_connections_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.ClientXmpp.discover_connections_async]. When
 * neither document can be fetched and read, the error is
 * %SLEEK_CONNECT_ERROR_DISCOVERY and says why for both.
 *
 * Returns: (transfer full): the methods found (possibly none), or %NULL
 *   with @error set
 */
SleekAltConnections *
sleek_client_xmpp_discover_connections_finish (SleekClientXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
