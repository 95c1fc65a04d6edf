/* relay.c: a TCP relay on 127.0.0.1 in front of the server, for the
 * integration tests that break connections
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "relay.h"

typedef struct _Link Link;

typedef struct {
  Link *link;
  GInputStream *in;
  GOutputStream *out;
  gboolean from_server;
  guint8 buffer[8192];
} Pump;

struct _Link {
  gint refs;
  GIOStream *client;
  GIOStream *server;
  GCancellable *cancellable;
  gboolean frozen;      /* the server's bytes are dropped */
  gboolean closed;
  Pump up;              /* client to server */
  Pump down;            /* server to client */
};

struct _Relay {
  GSocketService *service;
  guint16 port;
  guint16 target_port;
  GPtrArray *links;     /* Link, one per connection open */
  guint accepted;
};

static Link *
link_ref (Link *link)
{
  link->refs++;
  return link;
}

static void
link_unref (Link *link)
{
  if (--link->refs > 0)
    return;
  g_object_unref (link->client);
  g_object_unref (link->server);
  g_object_unref (link->cancellable);
  g_free (link);
}

static void
link_close (Link *link)
{
  if (link->closed)
    return;
  link->closed = TRUE;
  g_cancellable_cancel (link->cancellable);
  /* The sockets themselves: the streams refuse to close while the
   * cancelled reads have not called back yet. */
  g_socket_close (g_socket_connection_get_socket (G_SOCKET_CONNECTION (link->client)), NULL);
  g_socket_close (g_socket_connection_get_socket (G_SOCKET_CONNECTION (link->server)), NULL);
}

static void pump_read (Pump *pump);

static void
pump_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pump *pump = user_data;
  Link *link = pump->link;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    link_close (link);
  else if (!link->closed)
    pump_read (pump);
  link_unref (link);
}

static void
pump_got (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pump *pump = user_data;
  Link *link = pump->link;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    link_close (link);
  else if (link->closed)
    ;
  else if (pump->from_server && link->frozen)
    pump_read (pump);   /* swallowed: the client hears nothing */
  else
    {
      link_ref (link);   /* for pump_written() */
      g_output_stream_write_all_async (pump->out, pump->buffer, n, G_PRIORITY_DEFAULT, pump->link->cancellable,
                                       pump_written, pump);
    }
  link_unref (link);
}

static void
pump_read (Pump *pump)
{
  link_ref (pump->link);   /* for pump_got() */
  g_input_stream_read_async (pump->in, pump->buffer, sizeof pump->buffer, G_PRIORITY_DEFAULT,
                             pump->link->cancellable, pump_got, pump);
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  Link *link;

  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", relay->target_port, NULL, &error);
  g_assert_no_error (error);
  relay->accepted++;

  link = g_new0 (Link, 1);
  link->refs = 1;
  link->client = g_object_ref (G_IO_STREAM (connection));
  link->server = G_IO_STREAM (g_steal_pointer (&upstream));
  link->cancellable = g_cancellable_new ();
  link->up = (Pump) { link, g_io_stream_get_input_stream (link->client), g_io_stream_get_output_stream (link->server),
                      FALSE, { 0 } };
  link->down = (Pump) { link, g_io_stream_get_input_stream (link->server), g_io_stream_get_output_stream (link->client),
                        TRUE, { 0 } };
  /* Forget the connections that are over. */
  for (guint i = relay->links->len; i > 0; i--)
    if (((Link *) g_ptr_array_index (relay->links, i - 1))->closed)
      g_ptr_array_remove_index (relay->links, i - 1);
  g_ptr_array_add (relay->links, link);
  pump_read (&link->up);
  pump_read (&link->down);
  return TRUE;
}

Relay *
relay_new (guint16 target_port)
{
  Relay *relay = g_new0 (Relay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  relay->target_port = target_port;
  relay->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_unref);
  relay->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (relay->service, "incoming", G_CALLBACK (on_incoming), relay);
  g_socket_service_start (relay->service);
  return relay;
}

void
relay_freeze (Relay *relay)
{
  for (guint i = 0; i < relay->links->len; i++)
    ((Link *) g_ptr_array_index (relay->links, i))->frozen = TRUE;
}

void
relay_free (Relay *relay)
{
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  g_object_unref (relay->service);
  for (guint i = 0; i < relay->links->len; i++)
    link_close (g_ptr_array_index (relay->links, i));
  g_ptr_array_unref (relay->links);
  g_free (relay);
}

void
relay_cut (Relay *relay)
{
  for (guint i = 0; i < relay->links->len; i++)
    link_close (g_ptr_array_index (relay->links, i));
  g_ptr_array_set_size (relay->links, 0);
}

guint16
relay_get_port (Relay *relay)
{
  return relay->port;
}

guint
relay_get_accepted (Relay *relay)
{
  return relay->accepted;
}
