/* test-client-network.c: SleekClientXmpp's auto-reconnect follows a
 * GNetworkMonitor
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The session starts over a SleekTestStream and is lost with a stream
 * error; auto-reconnect then looks the server up through a fake resolver
 * and connects to a socket of ours on 127.0.0.1, which counts the
 * attempts. A fake GNetworkMonitor says whether the network is there.
 */
#include <sleek/sleek.h>

#include "fake-resolver.h"
#include "login-script.h"

#include <string.h>

/* A GNetworkMonitor whose availability the test sets. */

#define TEST_TYPE_FAKE_MONITOR (test_fake_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestFakeMonitor, test_fake_monitor, TEST, FAKE_MONITOR, GObject)

struct _TestFakeMonitor {
  GObject parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_NETWORK_AVAILABLE,
  MONITOR_PROP_NETWORK_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void test_fake_monitor_iface_init (GNetworkMonitorInterface *iface);

static gboolean
test_fake_monitor_initable_init (GInitable *initable, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
test_fake_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_fake_monitor_initable_init;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFakeMonitor, test_fake_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_fake_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_fake_monitor_iface_init))

static void
test_fake_monitor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TestFakeMonitor *self = TEST_FAKE_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
test_fake_monitor_can_reach (GNetworkMonitor *monitor, GSocketConnectable *connectable, GCancellable *cancellable,
                             GError **error)
{
  if (TEST_FAKE_MONITOR (monitor)->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "no network");
  return FALSE;
}

static void
test_fake_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_fake_monitor_can_reach;
}

static void
test_fake_monitor_class_init (TestFakeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_fake_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_fake_monitor_init (TestFakeMonitor *self)
{
  self->available = TRUE;
}

static void
fake_monitor_set (TestFakeMonitor *self, gboolean available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* The fixture */

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  TestFakeMonitor *monitor;
  TestFakeResolver *resolver;
  GSocketListener *listener;
  GPtrArray *accepted;          /* GSocketConnection: the reconnection attempts */
  GCancellable *cancellable;
  guint16 port;                 /* the listener's */
  GAsyncResult *result;
  guint reconnecting;           /* "reconnecting" signals */
} Fixture;

static void accept_next (Fixture *f);

static void
accepted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;
  GSocketConnection *conn = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);

  if (conn == NULL)
    return;
  g_ptr_array_add (f->accepted, conn);
  accept_next (f);
}

static void
accept_next (Fixture *f)
{
  g_socket_listener_accept_async (f->listener, f->cancellable, accepted, f);
}

static void
on_reconnecting (SleekClientXmpp *client, double delay, Fixture *f)
{
  f->reconnecting++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->monitor = g_object_new (TEST_TYPE_FAKE_MONITOR, NULL);
  f->accepted = g_ptr_array_new_with_free_func (g_object_unref);
  f->cancellable = g_cancellable_new ();

  f->listener = g_socket_listener_new ();
  g_socket_listener_add_address (f->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  f->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  accept_next (f);
  f->resolver = test_fake_resolver_new ();
  fake_add (f->resolver, "_xmpp-client._tcp.example.com", "127.0.0.1", f->port, 0, 0);

  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0,
                "resolver", f->resolver, "network-monitor", f->monitor, "auto-reconnect", TRUE, NULL);
  g_signal_connect (f->client, "reconnecting", G_CALLBACK (on_reconnecting), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->peer);
  g_cancellable_cancel (f->cancellable);
  g_socket_listener_close (f->listener);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->listener);
  g_clear_object (&f->cancellable);
  g_clear_object (&f->resolver);
  g_clear_object (&f->monitor);
  g_ptr_array_unref (f->accepted);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* Iterates the context for @seconds. */
static void
spin (Fixture *f, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (f->ctx, FALSE);
      g_usleep (1000);
    }
}

/* Iterates until @count attempts were accepted (at most 10 s). */
static void
wait_accepted (Fixture *f, guint count)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (f->accepted->len < count && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (f->ctx, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (f->accepted->len, ==, count);
}

/* Logs in over the test stream, then the session is lost. */
static void
lose_session (Fixture *f)
{
  gint64 end;

  login_authenticate (f->client, f->peer, LOGIN_FEATURES_BIND, &f->result);
  login_answer_bind (f->peer, "juliet@example.com/balcony");
  login_finish (f->client, &f->result);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_ONLINE);

  /* Not XML: the stream ends with an error, worth reconnecting. */
  sleek_test_stream_recv (f->peer, "<message><<</message>");
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (f->client)) && g_get_monotonic_time () < end)
    g_main_context_iteration (f->ctx, FALSE);
  g_assert_false (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (f->client)));
}

/* Down when the session is lost: no attempt at all, however long; back:
 * an attempt at once. */
static void
test_down_then_back (Fixture *f, gconstpointer data)
{
  fake_monitor_set (f->monitor, FALSE);
  lose_session (f);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK);
  g_assert_nonnull (sleek_client_xmpp_get_last_error (f->client));
  g_assert_cmpuint (f->reconnecting, ==, 0);
  /* The first backoff is at most a second. */
  spin (f, 1.5);
  g_assert_cmpuint (f->accepted->len, ==, 0);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK);

  fake_monitor_set (f->monitor, TRUE);
  /* At once: no backoff timer in between. */
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_CONNECTING);
  wait_accepted (f, 1);
}

/* Lost while the network is there: the backoff timer runs; the network
 * goes before it fires: the attempt waits; back: it starts at once. */
static void
test_down_during_backoff (Fixture *f, gconstpointer data)
{
  lose_session (f);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  g_assert_cmpuint (f->reconnecting, ==, 1);
  fake_monitor_set (f->monitor, FALSE);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK);
  spin (f, 1.5);
  g_assert_cmpuint (f->accepted->len, ==, 0);

  fake_monitor_set (f->monitor, TRUE);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_CONNECTING);
  wait_accepted (f, 1);
}

/* A network change (another network) while the backoff timer runs: the
 * attempt starts at once rather than when the timer fires. */
static void
test_change_skips_backoff (Fixture *f, gconstpointer data)
{
  lose_session (f);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  g_assert_cmpuint (f->accepted->len, ==, 0);
  fake_monitor_set (f->monitor, TRUE);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_CONNECTING);
  wait_accepted (f, 1);
}

/* Turning auto-reconnect off while waiting: disconnected, and the
 * network coming back starts nothing. */
static void
test_auto_reconnect_off (Fixture *f, gconstpointer data)
{
  fake_monitor_set (f->monitor, FALSE);
  lose_session (f);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK);
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);
  fake_monitor_set (f->monitor, TRUE);
  spin (f, 0.2);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_DISCONNECTED);
  g_assert_cmpuint (f->accepted->len, ==, 0);
}

/* A server on a loopback address needs no network. */
static void
test_loopback_server (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "server-host", "127.0.0.1", "server-port", (guint) f->port, NULL);
  fake_monitor_set (f->monitor, FALSE);
  lose_session (f);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  wait_accepted (f, 1);
}

/* A monitor set while a reconnection is due is followed at once. */
static void
test_set_monitor (Fixture *f, gconstpointer data)
{
  g_autoptr(TestFakeMonitor) down = g_object_new (TEST_TYPE_FAKE_MONITOR, NULL);
  g_autoptr(TestFakeMonitor) up = g_object_new (TEST_TYPE_FAKE_MONITOR, NULL);

  down->available = FALSE;
  lose_session (f);
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  /* The same availability: the backoff goes on. */
  sleek_client_xmpp_set_network_monitor (f->client, G_NETWORK_MONITOR (up));
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_RECONNECTING);
  sleek_client_xmpp_set_network_monitor (f->client, G_NETWORK_MONITOR (down));
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK);
  spin (f, 1.5);
  g_assert_cmpuint (f->accepted->len, ==, 0);
  sleek_client_xmpp_set_network_monitor (f->client, G_NETWORK_MONITOR (up));
  g_assert_cmpint (sleek_client_xmpp_get_state (f->client), ==, SLEEK_CLIENT_STATE_CONNECTING);
  wait_accepted (f, 1);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* The property: the default monitor unless set; setting it notifies. */
static void
test_property (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekClientXmpp) other = sleek_client_xmpp_new ("romeo@example.net", "secret");
  GNetworkMonitor *monitor = NULL;
  guint notified = 0;
  g_autoptr(TestFakeMonitor) second = g_object_new (TEST_TYPE_FAKE_MONITOR, NULL);

  g_assert_true (sleek_client_xmpp_get_network_monitor (other) == g_network_monitor_get_default ());
  g_assert_true (sleek_client_xmpp_get_network_monitor (f->client) == G_NETWORK_MONITOR (f->monitor));
  g_object_get (f->client, "network-monitor", &monitor, NULL);
  g_assert_true (monitor == G_NETWORK_MONITOR (f->monitor));
  g_object_unref (monitor);
  g_signal_connect_swapped (f->client, "notify::network-monitor", G_CALLBACK (count_notify), &notified);
  sleek_client_xmpp_set_network_monitor (f->client, G_NETWORK_MONITOR (f->monitor));
  g_assert_cmpuint (notified, ==, 0);
  sleek_client_xmpp_set_network_monitor (f->client, G_NETWORK_MONITOR (second));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (sleek_client_xmpp_get_network_monitor (f->client) == G_NETWORK_MONITOR (second));
  /* The old one is no longer listened to. */
  fake_monitor_set (f->monitor, FALSE);
  sleek_client_xmpp_set_network_monitor (f->client, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (sleek_client_xmpp_get_network_monitor (f->client) == g_network_monitor_get_default ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client-network/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("down-then-back", test_down_then_back);
  ADD ("down-during-backoff", test_down_during_backoff);
  ADD ("change-skips-backoff", test_change_skips_backoff);
  ADD ("auto-reconnect-off", test_auto_reconnect_off);
  ADD ("loopback-server", test_loopback_server);
  ADD ("set-monitor", test_set_monitor);
  ADD ("property", test_property);
#undef ADD
  return g_test_run ();
}
