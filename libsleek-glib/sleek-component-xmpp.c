/* sleek-component-xmpp.c: an XEP-0114 external component
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"

#include <string.h>

/**
 * SleekComponentXmpp:
 *
 * An external component (XEP-0114), as SleekXMPP's `ComponentXMPP`: it
 * connects to a server's component port, opens a stream in
 * `jabber:component:accept` to its own domain, proves it knows the shared
 * secret with `<handshake/>` (the hex SHA-1 of the stream id and the
 * secret) and then sends and receives stanzas for its whole domain.
 *
 * [method@Sleek.ComponentXmpp.connect_async] completes after the
 * handshake, when [signal@Sleek.BaseXmpp::session-start] has been emitted;
 * a wrong secret fails it with %SLEEK_CONNECT_ERROR_HANDSHAKE_FAILED.
 * Stanzas sent without a `from` get the component's JID, which a server
 * requires of components.
 */

#define NS_COMPONENT_HANDSHAKE SLEEK_NS_COMPONENT

struct _SleekComponentXmpp {
  SleekBaseXmpp parent_instance;

  char *secret;
  char *host;
  guint16 port;

  GTask *connect_task;
  guint handshake_handler;
};

G_DEFINE_FINAL_TYPE (SleekComponentXmpp, sleek_component_xmpp, SLEEK_TYPE_BASE_XMPP)

enum {
  PROP_0,
  PROP_SECRET,
  PROP_HOST,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
component_jid (SleekComponentXmpp *self)
{
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (self));

  return jid != NULL ? sleek_jid_to_string (jid) : NULL;
}

static void
connect_complete (SleekComponentXmpp *self, GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  if (self->handshake_handler != 0)
    {
      sleek_xml_stream_remove_handler (SLEEK_XML_STREAM (self), self->handshake_handler);
      self->handshake_handler = 0;
    }
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    {
      if (sleek_xml_stream_get_io_stream (SLEEK_XML_STREAM (self)) != NULL)
        sleek_xml_stream_abort (SLEEK_XML_STREAM (self));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_handshake (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekComponentXmpp *self = SLEEK_COMPONENT_XMPP (stream);
  g_autoptr(SleekJid) jid = NULL;

  self->handshake_handler = 0;    /* a ONCE handler */
  jid = sleek_jid_new (component_jid (self), NULL);
  sleek_base_xmpp_set_bound_jid (SLEEK_BASE_XMPP (self), jid);
  sleek_base_xmpp_start_session (SLEEK_BASE_XMPP (self));
  connect_complete (self, NULL);
}

static void
sleek_component_xmpp_stream_start (SleekXmlStream *stream, SleekNode *header)
{
  SleekComponentXmpp *self = SLEEK_COMPONENT_XMPP (stream);
  const char *id = sleek_node_get_attribute (header, "id");
  g_autofree char *input = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *xml = NULL;

  if (self->connect_task == NULL)
    return;
  if (id == NULL)
    {
      connect_complete (self, g_error_new_literal (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_PROTOCOL,
                                                   _("The server's stream has no id to hash with the secret")));
      return;
    }
  /* XEP-0114: the hex SHA-1 of the stream id followed by the secret. */
  input = g_strconcat (id, self->secret != NULL ? self->secret : "", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, input, -1);
  xml = g_strdup_printf ("<handshake xmlns='" SLEEK_NS_COMPONENT "'>%s</handshake>", digest);
  sleek_xml_stream_send_raw (stream, xml);
}

static void
sleek_component_xmpp_disconnected (SleekXmlStream *stream, const GError *error)
{
  SleekComponentXmpp *self = SLEEK_COMPONENT_XMPP (stream);

  if (self->connect_task == NULL)
    return;
  if (error != NULL && error->domain == SLEEK_STREAM_ERROR && error->code == SLEEK_STREAM_ERROR_NOT_AUTHORIZED)
    connect_complete (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_HANDSHAKE_FAILED,
                                         _("The server refused the component's secret: %s"), error->message));
  else if (error != NULL)
    connect_complete (self, g_error_copy (error));
  else
    connect_complete (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                 _("The server closed the connection before the handshake")));
}

/* Every stanza a component sends says which of its addresses it is from. */
static SleekStanza *
stamp_from (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekNode *node = sleek_stanza_get_node (stanza);
  const char *ns = sleek_node_get_namespace (node);

  if (ns != NULL && (strcmp (ns, SLEEK_NS_CLIENT) == 0 || strcmp (ns, SLEEK_NS_COMPONENT) == 0) &&
      sleek_node_get_attribute (node, "from") == NULL)
    sleek_node_set_attribute (node, "from", component_jid (SLEEK_COMPONENT_XMPP (stream)));
  return g_object_ref (stanza);
}

static void
start_stream (SleekComponentXmpp *self, GIOStream *io)
{
  g_autoptr(SleekNode) header = sleek_node_new ("stream", SLEEK_NS_STREAMS);
  g_autoptr(SleekMatcher) handshake = sleek_matcher_new_xpath ("{" SLEEK_NS_COMPONENT "}handshake");

  self->handshake_handler = sleek_xml_stream_add_handler (SLEEK_XML_STREAM (self), handshake, SLEEK_HANDLER_ONCE,
                                                          on_handshake, NULL, NULL);
  sleek_xml_stream_attach (SLEEK_XML_STREAM (self), io);
  sleek_node_set_attribute (header, "to", component_jid (self));
  sleek_xml_stream_open (SLEEK_XML_STREAM (self), header);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekComponentXmpp *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    connect_complete (self, error);
  else if (self->connect_task != NULL)
    start_stream (self, G_IO_STREAM (connection));
  g_object_unref (self);
}

static gboolean
begin_connect (SleekComponentXmpp *self, GCancellable *cancellable, GAsyncReadyCallback callback,
               gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sleek_component_xmpp_connect_async);
  if (self->connect_task != NULL || sleek_xml_stream_is_connected (SLEEK_XML_STREAM (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The component is already connected or connecting"));
      return FALSE;
    }
  self->connect_task = g_steal_pointer (&task);
  return TRUE;
}

/* GObject */

static void
sleek_component_xmpp_finalize (GObject *object)
{
  SleekComponentXmpp *self = SLEEK_COMPONENT_XMPP (object);

  g_free (self->secret);
  g_free (self->host);
  g_clear_object (&self->connect_task);
  G_OBJECT_CLASS (sleek_component_xmpp_parent_class)->finalize (object);
}

static void
sleek_component_xmpp_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekComponentXmpp *self = SLEEK_COMPONENT_XMPP (object);

  switch (prop_id)
    {
    case PROP_SECRET:
      g_value_set_string (value, self->secret);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_component_xmpp_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekComponentXmpp *self = SLEEK_COMPONENT_XMPP (object);

  switch (prop_id)
    {
    case PROP_SECRET:
      g_free (self->secret);
      self->secret = g_value_dup_string (value);
      break;
    case PROP_HOST:
      g_free (self->host);
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_component_xmpp_constructed (GObject *object)
{
  G_OBJECT_CLASS (sleek_component_xmpp_parent_class)->constructed (object);
  sleek_xml_stream_set_default_namespace (SLEEK_XML_STREAM (object), SLEEK_NS_COMPONENT);
  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (object), SLEEK_FILTER_OUTGOING, stamp_from, NULL, NULL);
}

static void
sleek_component_xmpp_class_init (SleekComponentXmppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekXmlStreamClass *stream_class = SLEEK_XML_STREAM_CLASS (klass);

  object_class->finalize = sleek_component_xmpp_finalize;
  object_class->get_property = sleek_component_xmpp_get_property;
  object_class->set_property = sleek_component_xmpp_set_property;
  object_class->constructed = sleek_component_xmpp_constructed;
  stream_class->stream_start = sleek_component_xmpp_stream_start;
  stream_class->disconnected = sleek_component_xmpp_disconnected;

  /**
   * SleekComponentXmpp:secret:
   *
   * The secret shared with the server for the handshake.
   */
  properties[PROP_SECRET] =
    g_param_spec_string ("secret", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * SleekComponentXmpp:host:
   *
   * The server's host name or address.
   */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * SleekComponentXmpp:port:
   *
   * The server's component port.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 5347,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_component_xmpp_init (SleekComponentXmpp *self)
{
}

/**
 * sleek_component_xmpp_new:
 * @jid: the component's JID, its domain such as `echo.example.com`
 * @secret: the secret shared with the server
 * @host: the server's host name or address
 * @port: the server's component port (5347 by custom)
 *
 * Creates a component. An invalid JID is a programming error: check it
 * with [ctor@Sleek.Jid.new] first.
 *
 * Returns: (transfer full) (nullable): a new component, or %NULL when
 *   @jid is invalid
 */
SleekComponentXmpp *
sleek_component_xmpp_new (const char *jid, const char *secret, const char *host, guint16 port)
{
  g_autoptr(SleekJid) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  parsed = sleek_jid_new (jid, &error);
  if (parsed == NULL)
    {
      g_critical ("sleek_component_xmpp_new: %s", error->message);
      return NULL;
    }
  return g_object_new (SLEEK_TYPE_COMPONENT_XMPP, "jid", parsed, "secret", secret, "host", host,
                       "port", (guint) port, NULL);
}

/**
 * sleek_component_xmpp_connect_async:
 * @self: a component
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called after the handshake
 *   or when it failed
 * @user_data: data for @callback
 *
 * Connects to the server's component port and performs the handshake.
 */
void
sleek_component_xmpp_connect_async (SleekComponentXmpp *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GSocketClient) client = NULL;

  g_return_if_fail (SLEEK_IS_COMPONENT_XMPP (self));

  if (!begin_connect (self, cancellable, callback, user_data))
    return;
  client = g_socket_client_new ();
  g_socket_client_connect_to_host_async (client, self->host, self->port, cancellable, connected,
                                         g_object_ref (self));
}

/**
 * sleek_component_xmpp_connect_stream_async:
 * @self: a component
 * @io: an established connection to the component port, or the end of a
 *   [class@Sleek.TestStream]
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called after the handshake
 *   or when it failed
 * @user_data: data for @callback
 *
 * Performs the handshake over @io; [method@Sleek.ComponentXmpp.connect_finish]
 * finishes it.
 */
void
sleek_component_xmpp_connect_stream_async (SleekComponentXmpp *self, GIOStream *io, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_COMPONENT_XMPP (self));
  g_return_if_fail (G_IS_IO_STREAM (io));

  if (begin_connect (self, cancellable, callback, user_data))
    start_stream (self, io);
}

/**
 * sleek_component_xmpp_connect_finish:
 * @self: a component
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.ComponentXmpp.connect_async].
 *
 * Returns: %TRUE once the server accepted the handshake
 */
gboolean
sleek_component_xmpp_connect_finish (SleekComponentXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
