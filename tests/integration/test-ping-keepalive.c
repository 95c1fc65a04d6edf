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
#include "relay.h"
#include "prosody-env.h"

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
  g_object_set (f->client, "server-host", "127.0.0.1", "server-port", (guint) relay_get_port (f->relay),
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
  g_assert_cmpuint (relay_get_accepted (f->relay), ==, 1);

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
  g_assert_cmpuint (relay_get_accepted (f->relay), ==, 2);
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
