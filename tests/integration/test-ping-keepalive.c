/* test-ping-keepalive.c: XEP-0199 keepalive pings against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The client reaches the server through a small TCP relay of our own on
 * 127.0.0.1, which the test can freeze: the server's bytes are then
 * dropped while the connection stays open both ways, as when a NAT
 * mapping silently goes away. The server itself keeps running, so this
 * test shares it with the others.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

/* ------------------------------------------------------------------ */
/* A relay that can stop passing the server's bytes on                */
/* ------------------------------------------------------------------ */

typedef struct _Relay Relay;
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
  GPtrArray *links;     /* Link, one per connection */
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
  g_io_stream_close (link->client, NULL, NULL);
  g_io_stream_close (link->server, NULL, NULL);
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
  g_ptr_array_add (relay->links, link);
  pump_read (&link->up);
  pump_read (&link->down);
  return TRUE;
}

static Relay *
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

/* The connections open now stop passing the server's bytes on; later
 * ones work as usual. */
static void
relay_freeze (Relay *relay)
{
  for (guint i = 0; i < relay->links->len; i++)
    ((Link *) g_ptr_array_index (relay->links, i))->frozen = TRUE;
}

static void
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

/* ------------------------------------------------------------------ */
/* The tests                                                          */
/* ------------------------------------------------------------------ */

typedef struct {
  GMainContext *ctx;
  Relay *relay;
  SleekClientXmpp *client;
  SleekPing *ping;
  GHashTable *ping_ids;  /* ids of the pings sent */
  guint pings;
  guint answers;
  guint sessions;
  guint dead;
  guint disconnects;
  GError *disconnect_error;
  guint reconnecting;
} Fixture;

static gboolean
is_ping (SleekStanza *stanza)
{
  SleekNode *node = sleek_stanza_get_node (stanza);

  return SLEEK_IS_IQ (stanza) && g_strcmp0 (sleek_node_get_attribute (node, "type"), "get") == 0 &&
         sleek_node_get_child (node, "ping", SLEEK_NS_PING) != NULL;
}

static SleekStanza *
count_pings (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;

  if (is_ping (stanza) && sleek_stanza_get_id (stanza) != NULL)
    {
      f->pings++;
      g_hash_table_add (f->ping_ids, g_strdup (sleek_stanza_get_id (stanza)));
    }
  return g_object_ref (stanza);
}

static SleekStanza *
count_answers (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;
  const char *id = sleek_stanza_get_id (stanza);

  if (SLEEK_IS_IQ (stanza) && id != NULL && g_hash_table_remove (f->ping_ids, id))
    f->answers++;
  return g_object_ref (stanza);
}

static void
on_session_start (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->sessions++;
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnects++;
  if (f->disconnect_error == NULL && error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
on_reconnecting (SleekClientXmpp *client, double delay, Fixture *f)
{
  f->reconnecting++;
}

static void
on_dead (SleekPing *ping, Fixture *f)
{
  f->dead++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->relay = relay_new (prosody_env_port ("SLEEK_TEST_C2S_PORT"));
  f->ping_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->client = client_util_new ("juliet");
  g_object_set (f->client, "server-host", "127.0.0.1", "server-port", (guint) f->relay->port,
                "auto-reconnect", TRUE, NULL);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0199", &error));
  g_assert_no_error (error);
  f->ping = SLEEK_PING (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0199"));
  g_object_set (f->ping, "keepalive", TRUE, "interval", 1, "timeout", 1, NULL);
  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (f->client), SLEEK_FILTER_OUTGOING, count_pings, f, NULL);
  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (f->client), SLEEK_FILTER_INCOMING, count_answers, f, NULL);
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), f);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->client, "reconnecting", G_CALLBACK (on_reconnecting), f);
  g_signal_connect (f->ping, "connection-dead", G_CALLBACK (on_dead), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->client);
  relay_free (f->relay);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_hash_table_unref (f->ping_ids);
  g_clear_error (&f->disconnect_error);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* A ping a second, each answered: the session stays. */
static void
test_answered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = client_util_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  client_util_spin (3.5);
  g_test_message ("%u pings, %u answers", f->pings, f->answers);
  g_assert_cmpuint (f->pings, >=, 3);
  g_assert_cmpuint (f->answers, >=, f->pings - 1);   /* the last may be on its way */
  g_assert_cmpuint (f->dead, ==, 0);
  g_assert_cmpuint (f->disconnects, ==, 0);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

/* The server goes silent with the connection open: the keepalive finds
 * out within interval + timeout, the client connects again and the
 * pings go on in the new session. */
static void
test_silent_server (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 frozen_at;
  double waited;
  guint answers;
  gboolean ok;

  ok = client_util_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  WAIT_UNTIL (f->answers >= 1, 5);
  g_assert_cmpuint (f->relay->accepted, ==, 1);

  relay_freeze (f->relay);
  frozen_at = g_get_monotonic_time ();
  WAIT_UNTIL (f->disconnects == 1, 10);
  waited = (g_get_monotonic_time () - frozen_at) / (double) G_USEC_PER_SEC;
  g_test_message ("declared dead %.2f s after the freeze: %s", waited, f->disconnect_error->message);
  /* At most one interval until the next ping, then the timeout. */
  g_assert_cmpfloat (waited, <, 1 + 1 + 1.5);
  g_assert_cmpuint (f->dead, ==, 1);
  g_assert_error (f->disconnect_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpuint (f->reconnecting, ==, 1);

  /* A fresh connection through the relay, and a new session. */
  WAIT_UNTIL (f->sessions == 2, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (f->relay->accepted, ==, 2);
  answers = f->answers;
  WAIT_UNTIL (f->answers >= answers + 2, 5);
  g_assert_cmpuint (f->dead, ==, 1);
  g_assert_cmpuint (f->disconnects, ==, 1);
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ping-keepalive/answered", test_answered);
  ADD ("/ping-keepalive/silent-server", test_silent_server);
#undef ADD
  return g_test_run ();
}
