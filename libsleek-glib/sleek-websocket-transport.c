/* sleek-websocket-transport.c: XMPP over WebSocket (RFC 7395), private
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-websocket-transport.h"
#include "sleek-node-private.h"
#include "sleek-xml-reader.h"

#include <string.h>

struct _SleekWebsocketTransport {
  SleekTransport parent_instance;

  SoupWebsocketConnection *connection;
  char *see_other_uri;
  gboolean failed;
};

G_DEFINE_FINAL_TYPE (SleekWebsocketTransport, sleek_websocket_transport, SLEEK_TYPE_TRANSPORT)

static void
fail (SleekWebsocketTransport *self, GError *error)
{
  g_debug ("WebSocket: %s", error->message);
  self->failed = TRUE;
  sleek_transport_push_error (SLEEK_TRANSPORT (self), error);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, NULL);
}

static void
on_message (SoupWebsocketConnection *connection, gint type, GBytes *message, gpointer user_data)
{
  SleekWebsocketTransport *self = user_data;
  g_autoptr(SleekNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);

  if (self->failed)
    return;
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      fail (self, g_error_new_literal (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TRANSPORT,
                                       _("The server sent a binary WebSocket message; XMPP uses text messages only")));
      return;
    }
  /* RFC 7395 section 3.3.3: each message is one complete element. */
  node = sleek_node_parse (data, len, &error);
  if (node == NULL)
    {
      fail (self, g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TRANSPORT,
                               _("The server sent a WebSocket message that is not one complete XML element: %s"),
                               error->message));
      return;
    }
  if (sleek_node_is (node, "open", SLEEK_NS_FRAMING))
    sleek_transport_push_stream_header (SLEEK_TRANSPORT (self), node);
  else if (sleek_node_is (node, "close", SLEEK_NS_FRAMING))
    {
      const char *uri = sleek_node_get_attribute (node, "see-other-uri");

      if (uri != NULL)
        {
          g_free (self->see_other_uri);
          self->see_other_uri = g_strdup (uri);
        }
      sleek_transport_push_stream_end (SLEEK_TRANSPORT (self));
    }
  else
    sleek_transport_push_element (SLEEK_TRANSPORT (self), data, len);
}

static void
on_error (SoupWebsocketConnection *connection, GError *error, gpointer user_data)
{
  SleekWebsocketTransport *self = user_data;

  if (!self->failed)
    {
      self->failed = TRUE;
      sleek_transport_push_error (SLEEK_TRANSPORT (self),
                                  g_error_new (SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TRANSPORT,
                                               _("The WebSocket connection failed: %s"), error->message));
    }
}

static void
on_closed (SoupWebsocketConnection *connection, gpointer user_data)
{
  sleek_transport_push_eof (SLEEK_TRANSPORT (user_data));
}

static void
sleek_websocket_transport_write_open (SleekTransport *transport, SleekNode *header, GString *out)
{
  static const char * const names[] = { "to", "from", "version", "xml:lang" };

  g_string_append (out, "<open xmlns='" SLEEK_NS_FRAMING "'");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = header != NULL ? sleek_node_get_attribute (header, names[i]) : NULL;

      if (header == NULL && g_str_equal (names[i], "version"))
        value = "1.0";
      if (value == NULL)
        continue;
      g_string_append_printf (out, " %s='", names[i]);
      sleek_xml_append_escaped (out, value, TRUE);
      g_string_append_c (out, '\'');
    }
  g_string_append (out, "/>");
}

static void
sleek_websocket_transport_write_close (SleekTransport *transport, GString *out)
{
  g_string_append (out, "<close xmlns='" SLEEK_NS_FRAMING "'/>");
}

static gboolean
sleek_websocket_transport_send_frame (SleekTransport *transport, const char *data, gsize len, GError **error)
{
  SleekWebsocketTransport *self = SLEEK_WEBSOCKET_TRANSPORT (transport);
  g_autoptr(GBytes) bytes = NULL;
  gsize i;

  /* Whitespace (a keepalive) is no element: WebSocket pings do its job. */
  for (i = 0; i < len && g_ascii_isspace (data[i]); i++)
    ;
  if (i == len)
    return TRUE;
  if (soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The WebSocket connection is closed"));
      return FALSE;
    }
  bytes = g_bytes_new (data, len);
  soup_websocket_connection_send_message (self->connection, SOUP_WEBSOCKET_DATA_TEXT, bytes);
  return TRUE;
}

static void
sleek_websocket_transport_shutdown (SleekTransport *transport)
{
  SleekWebsocketTransport *self = SLEEK_WEBSOCKET_TRANSPORT (transport);

  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static void
sleek_websocket_transport_dispose (GObject *object)
{
  SleekWebsocketTransport *self = SLEEK_WEBSOCKET_TRANSPORT (object);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->connection);
    }
  G_OBJECT_CLASS (sleek_websocket_transport_parent_class)->dispose (object);
}

static void
sleek_websocket_transport_finalize (GObject *object)
{
  SleekWebsocketTransport *self = SLEEK_WEBSOCKET_TRANSPORT (object);

  g_free (self->see_other_uri);
  G_OBJECT_CLASS (sleek_websocket_transport_parent_class)->finalize (object);
}

static void
sleek_websocket_transport_class_init (SleekWebsocketTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekTransportClass *transport_class = SLEEK_TRANSPORT_CLASS (klass);

  object_class->dispose = sleek_websocket_transport_dispose;
  object_class->finalize = sleek_websocket_transport_finalize;
  transport_class->write_open = sleek_websocket_transport_write_open;
  transport_class->write_close = sleek_websocket_transport_write_close;
  transport_class->send_frame = sleek_websocket_transport_send_frame;
  transport_class->shutdown = sleek_websocket_transport_shutdown;
}

static void
sleek_websocket_transport_init (SleekWebsocketTransport *self)
{
}

SleekTransport *
sleek_websocket_transport_new (SoupWebsocketConnection *connection)
{
  SleekWebsocketTransport *self = g_object_new (SLEEK_TYPE_WEBSOCKET_TRANSPORT, NULL);

  self->connection = g_object_ref (connection);
  /* A stanza may be as large as the parser accepts, and some more. */
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           SLEEK_XML_READER_DEFAULT_MAX_STANZA_SIZE + 4096);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_error), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  return SLEEK_TRANSPORT (self);
}

const char *
sleek_websocket_transport_get_see_other_uri (SleekWebsocketTransport *self)
{
  return self->see_other_uri;
}

void
sleek_websocket_transport_set_keepalive (SleekWebsocketTransport *self, guint seconds)
{
  soup_websocket_connection_set_keepalive_interval (self->connection, seconds);
}

static void
websocket_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));
  const char *protocol;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (connection == NULL)
    {
      guint status = soup_message_get_status (message);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          error->domain == G_TLS_ERROR || error->domain == G_RESOLVER_ERROR || error->domain == G_IO_ERROR)
        g_task_return_error (task, g_steal_pointer (&error));
      else if (status != SOUP_STATUS_NONE && status != SOUP_STATUS_SWITCHING_PROTOCOLS)
        g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_HTTP,
                                 _("The server refused the WebSocket connection to %s: HTTP %u %s"),
                                 url, status, soup_message_get_reason_phrase (message));
      else
        g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TRANSPORT,
                                 _("The WebSocket handshake with %s failed: %s"), url, error->message);
      return;
    }
  /* RFC 7395 section 3.1: the server has to agree to speak XMPP. */
  protocol = soup_websocket_connection_get_protocol (connection);
  if (g_strcmp0 (protocol, "xmpp") != 0)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, NULL);
      g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TRANSPORT,
                               _("The WebSocket server at %s did not accept the xmpp subprotocol"), url);
      return;
    }
  g_task_return_pointer (task, sleek_websocket_transport_new (connection), g_object_unref);
}

void
sleek_websocket_transport_connect_async (SoupSession *session, SoupMessage *message, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char *protocols[] = { (char *) "xmpp", NULL };

  g_task_set_source_tag (task, sleek_websocket_transport_connect_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);
  soup_session_websocket_connect_async (session, message, NULL, protocols, G_PRIORITY_DEFAULT, cancellable,
                                        websocket_connected, g_steal_pointer (&task));
}

SleekTransport *
sleek_websocket_transport_connect_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
