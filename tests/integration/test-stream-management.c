/* test-stream-management.c: XEP-0198 Stream Management against Prosody
 * (mod_smacks)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Both accounts reach the server through a TCP relay of our own (relay.h)
 * that the test cuts again and again while juliet sends numbered messages
 * to romeo: each client resumes its session, juliet's plugin sends again
 * what the server had not acknowledged, the server sends romeo again
 * what romeo had not counted, and romeo must get every message exactly
 * once, in order.
 *
 * Built with SM_SERVER_KILLED (as stream-management-restart, in the
 * private list of meson.build: it has a server of its own), it kills the
 * server in the middle of a burst instead: resumption is then refused,
 * and every message is either acknowledged or reported as failed.
 *
 * The size of the cut test comes from the environment:
 * SLEEK_TEST_SM_MESSAGES (10000 unless set) messages with
 * SLEEK_TEST_SM_CUTS (100 unless set) cuts spread over them. The server
 * itself keeps running, so this test shares it with the others: message
 * bodies carry a token of this run.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"
#include "relay.h"

#include <stdlib.h>
#include <string.h>

#ifdef SM_SERVER_KILLED
static const gboolean server_killed_build = TRUE;
#else
static const gboolean server_killed_build = FALSE;
#endif

/* Messages juliet may have sent that romeo did not get yet: well under
 * mod_smacks' queue of 500 for a hibernating session. */
#define WINDOW 100

typedef struct {
  SleekClientXmpp *client;
  SleekStreamManagement *sm;
  gboolean manual_reconnect;    /* at once, by the test, instead of auto-reconnect */
  guint sessions;
  guint resumed;
  guint resume_failed;
  guint stanza_failed;
  guint acked;
  guint disconnects;
  guint failed_logins;
  guint send_failed;
} Peer;

typedef struct {
  GMainContext *ctx;
  Relay *relay;
  Peer juliet;
  Peer romeo;
  char *token;                  /* in every body of this run */
  guint next_to_send;
  guint next_expected;          /* at romeo */
  guint received;
  guint duplicates;
  guint out_of_order;
  GHashTable *seen;             /* the sequence numbers romeo got */
} Fixture;

static guint
env_count (const char *key, guint fallback)
{
  const char *value = g_getenv (key);
  guint64 parsed;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT32, &parsed, NULL))
    return fallback;
  return (guint) parsed;
}

static void
on_session_start (SleekBaseXmpp *xmpp, Peer *peer)
{
  peer->sessions++;
}

static void
on_resumed (SleekStreamManagement *sm, Peer *peer)
{
  peer->resumed++;
}

static void
on_resume_failed (SleekStreamManagement *sm, const GError *error, Peer *peer)
{
  g_test_message ("resumption refused: %s", error->message);
  peer->resume_failed++;
}

static void
on_stanza_failed (SleekStreamManagement *sm, SleekStanza *stanza, const GError *error, Peer *peer)
{
  peer->stanza_failed++;
}

static void
on_acked (SleekStreamManagement *sm, SleekStanza *stanza, Peer *peer)
{
  peer->acked++;
}

static void
on_send_failed (SleekXmlStream *stream, SleekStanza *stanza, const GError *error, Peer *peer)
{
  g_test_message ("send-failed: %s", error->message);
  peer->send_failed++;
}

static void reconnect (Peer *peer);

static void
reconnected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Peer *peer = user_data;
  g_autoptr(GError) error = NULL;

  if (sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result, &error))
    return;
  g_test_message ("login failed, trying again: %s", error->message);
  peer->failed_logins++;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reconnect (peer);
}

static gboolean
reconnect_now (gpointer user_data)
{
  Peer *peer = user_data;

  if (peer->client != NULL && !sleek_xml_stream_is_connected (SLEEK_XML_STREAM (peer->client)))
    sleek_client_xmpp_connect_async (peer->client, NULL, reconnected, peer);
  return G_SOURCE_REMOVE;
}

static void
reconnect (Peer *peer)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, reconnect_now, peer, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Peer *peer)
{
  peer->disconnects++;
  if (peer->manual_reconnect && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reconnect (peer);
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  const char *body = sleek_message_get_body (message);
  gsize len = strlen (f->token);
  guint seq;

  if (body == NULL || strncmp (body, f->token, len) != 0 || body[len] != ':')
    return;
  seq = (guint) strtoul (body + len + 1, NULL, 10);
  f->received++;
  g_hash_table_add (f->seen, GUINT_TO_POINTER (seq));
  if (seq == f->next_expected)
    f->next_expected++;
  else if (seq < f->next_expected)
    f->duplicates++;
  else
    {
      g_test_message ("message %u came when %u was expected", seq, f->next_expected);
      f->out_of_order++;
      f->next_expected = seq + 1;
    }
}

static void
peer_setup (Peer *peer, const char *user, Relay *relay, gboolean manual_reconnect)
{
  g_autoptr(GError) error = NULL;

  peer->client = client_util_new (user);
  peer->manual_reconnect = manual_reconnect;
  g_object_set (peer->client, "auto-reconnect", !manual_reconnect, NULL);
  if (relay != NULL)
    g_object_set (peer->client, "server-host", "127.0.0.1", "server-port", (guint) relay_get_port (relay), NULL);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (peer->client), "xep_0198", &error));
  g_assert_no_error (error);
  peer->sm = SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (peer->client), "xep_0198"));
  g_signal_connect (peer->client, "session-start", G_CALLBACK (on_session_start), peer);
  g_signal_connect (peer->client, "disconnected", G_CALLBACK (on_disconnected), peer);
  g_signal_connect (peer->client, "send-failed", G_CALLBACK (on_send_failed), peer);
  g_signal_connect (peer->sm, "resumed", G_CALLBACK (on_resumed), peer);
  g_signal_connect (peer->sm, "resume-failed", G_CALLBACK (on_resume_failed), peer);
  g_signal_connect (peer->sm, "stanza-failed", G_CALLBACK (on_stanza_failed), peer);
  g_signal_connect (peer->sm, "acked", G_CALLBACK (on_acked), peer);
}

static void
peer_login (Peer *peer)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = client_util_login (peer->client, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (sleek_stream_management_get_enabled (peer->sm));
  g_assert_true (sleek_stream_management_get_resumable (peer->sm));
  g_assert_nonnull (sleek_stream_management_get_id (peer->sm));
}

static void
peer_teardown (Peer *peer)
{
  if (peer->client == NULL)
    return;
  peer->manual_reconnect = FALSE;
  g_object_set (peer->client, "auto-reconnect", FALSE, NULL);
  g_signal_handlers_disconnect_by_data (peer->sm, peer);
  g_signal_handlers_disconnect_by_data (peer->client, peer);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (peer->client));
  g_clear_object (&peer->client);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *resource = client_util_resource ();

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->relay = relay_new (prosody_env_port ("SLEEK_TEST_C2S_PORT"));
  f->token = g_strdup_printf ("%s-%08x", resource, g_random_int ());
  f->seen = g_hash_table_new (NULL, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  peer_teardown (&f->juliet);
  peer_teardown (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  relay_free (f->relay);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_free (f->token);
  g_hash_table_unref (f->seen);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* Stream management is enabled at login, and the server acknowledges
 * what we send. */
static void
test_enable_and_ack (Fixture *f, gconstpointer data)
{
  SleekJid *self_jid;

  peer_setup (&f->juliet, "juliet", f->relay, TRUE);
  peer_login (&f->juliet);
  self_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet.client));
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s:%u", f->token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet.client), sleek_jid_to_string (self_jid), body,
                                    "chat");
    }
  sleek_stream_management_request_ack (f->juliet.sm);
  WAIT_UNTIL (f->juliet.acked == 12, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->juliet.sm), ==, 0);
  g_assert_cmpuint (sleek_stream_management_get_sent (f->juliet.sm), ==, 12);
  /* Our own messages came back, counted. */
  WAIT_UNTIL (sleek_stream_management_get_handled (f->juliet.sm) >= 12, CLIENT_UTIL_TIMEOUT);
  client_util_disconnect (f->juliet.client);
  g_assert_cmpuint (f->juliet.stanza_failed, ==, 0);
}

static gboolean
both_enabled (Fixture *f)
{
  return sleek_stream_management_get_enabled (f->juliet.sm) && sleek_stream_management_get_enabled (f->romeo.sm);
}

/* Juliet sends @messages to romeo while the relay cuts both connections
 * @cuts times; romeo must get each once, in order. */
static void
run_exchange (Fixture *f, guint messages, guint cuts, gboolean manual_reconnect, double seconds)
{
  g_autofree char *to = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  ClientUtilDeadline *deadline;
  guint cuts_done = 0;

  peer_setup (&f->juliet, "juliet", f->relay, manual_reconnect);
  peer_setup (&f->romeo, "romeo", f->relay, manual_reconnect);
  g_signal_connect (f->romeo.client, "message::chat", G_CALLBACK (on_message), f);
  peer_login (&f->juliet);
  peer_login (&f->romeo);
  to = g_strdup (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo.client))));

  deadline = client_util_deadline_new (seconds);
  while (f->next_expected < messages && !client_util_deadline_expired (deadline))
    {
      /* Sending goes on while the connection is down: the plugin keeps
       * those for after the resumption. */
      while (f->next_to_send < messages && f->next_to_send - f->next_expected < WINDOW)
        {
          g_autofree char *body = g_strdup_printf ("%s:%u", f->token, f->next_to_send++);

          sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet.client), to, body, "chat");
        }
      /* One cut at a time: the next only once both sessions were resumed
       * from the last (a cut before the clients noticed the previous one
       * would cut nothing new). */
      if (cuts_done < cuts && f->next_expected >= (guint64) (cuts_done + 1) * messages / (cuts + 1) &&
          f->juliet.resumed == cuts_done && f->romeo.resumed == cuts_done && both_enabled (f))
        {
          relay_cut (f->relay);
          cuts_done++;
        }
      g_main_context_iteration (f->ctx, TRUE);
    }
  client_util_deadline_free (deadline);
  g_test_message ("%u messages, %u cuts in %.1f s: romeo got %u (%u duplicates, %u out of order); "
                  "resumptions %u + %u, logins that failed %u + %u",
                  messages, cuts_done, g_timer_elapsed (timer, NULL), f->received, f->duplicates, f->out_of_order,
                  f->juliet.resumed, f->romeo.resumed, f->juliet.failed_logins, f->romeo.failed_logins);

  g_assert_cmpuint (f->juliet.send_failed, ==, 0);
  g_assert_cmpuint (cuts_done, ==, cuts);
  if (prosody_env_is_ejabberd ())
    {
      /* ejabberd 23.01 delivers a message that arrives while a session is
       * taken over before the ones it resends from the old session's queue,
       * and then some of those again: every message comes, but not
       * always once and in order (seen with the stanza ids it stamps:
       * the server reorders, the client counts right). Nothing may be
       * lost. */
      WAIT_UNTIL (g_hash_table_size (f->seen) == messages, CLIENT_UTIL_TIMEOUT);
    }
  else
    {
      g_assert_cmpuint (f->next_expected, ==, messages);
      g_assert_cmpuint (f->duplicates, ==, 0);
      g_assert_cmpuint (f->out_of_order, ==, 0);
      g_assert_cmpuint (f->received, ==, messages);
      g_assert_cmpuint (g_hash_table_size (f->seen), ==, messages);
    }

  /* Everything juliet sent is acknowledged in the end. The last cut may
   * still be resuming. */
  WAIT_UNTIL (f->juliet.resumed == cuts && f->romeo.resumed == cuts, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (both_enabled (f), CLIENT_UTIL_TIMEOUT);
  sleek_stream_management_request_ack (f->juliet.sm);
  WAIT_UNTIL (sleek_stream_management_get_unacked (f->juliet.sm) == 0, CLIENT_UTIL_TIMEOUT);
  /* No duplicate arrives late (ejabberd: see above). */
  client_util_spin (0.2);
  if (!prosody_env_is_ejabberd ())
    g_assert_cmpuint (f->received, ==, messages);
  g_assert_cmpuint (g_hash_table_size (f->seen), ==, messages);

  /* Every cut was resumed: one session each, nothing failed. */
  g_assert_cmpuint (f->juliet.resume_failed, ==, 0);
  g_assert_cmpuint (f->romeo.resume_failed, ==, 0);
  g_assert_cmpuint (f->juliet.stanza_failed, ==, 0);
  g_assert_cmpuint (f->romeo.stanza_failed, ==, 0);
  g_assert_cmpuint (f->juliet.sessions, ==, 1);
  g_assert_cmpuint (f->romeo.sessions, ==, 1);
  g_assert_cmpuint (f->juliet.resumed, ==, cuts);
  g_assert_cmpuint (f->romeo.resumed, ==, cuts);
  g_assert_cmpuint (f->juliet.acked, ==, messages);

  client_util_disconnect (f->juliet.client);
  client_util_disconnect (f->romeo.client);
  g_assert_cmpuint (f->juliet.stanza_failed, ==, 0);
}

/* The clients' own auto-reconnect resumes the sessions. */
static void
test_auto_reconnect (Fixture *f, gconstpointer data)
{
  run_exchange (f, 300, 3, FALSE, 60);
}

/* The cut test: many cuts during a long exchange. */
static void
test_cuts (Fixture *f, gconstpointer data)
{
  run_exchange (f, env_count ("SLEEK_TEST_SM_MESSAGES", 10000), env_count ("SLEEK_TEST_SM_CUTS", 100), TRUE, 540);
}

/* What became of each message of a burst. */
enum {
  FATE_ACKED = 1 << 0,
  FATE_FAILED = 1 << 1,
  FATE_TWICE = 1 << 2,
};

typedef struct {
  Fixture *f;
  guint8 *fates;
  guint count;
} Burst;

static void
burst_mark (Burst *burst, SleekStanza *stanza, guint8 fate)
{
  const char *body = sleek_node_get_child_text (sleek_stanza_get_node (stanza), "body", SLEEK_NS_CLIENT);
  gsize len = strlen (burst->f->token);
  guint seq;

  if (body == NULL || strncmp (body, burst->f->token, len) != 0 || body[len] != ':')
    return;
  seq = (guint) strtoul (body + len + 1, NULL, 10);
  g_assert_cmpuint (seq, <, burst->count);
  if (burst->fates[seq] != 0)
    burst->fates[seq] |= FATE_TWICE;
  burst->fates[seq] |= fate;
}

static void
burst_acked (SleekStreamManagement *sm, SleekStanza *stanza, Burst *burst)
{
  burst_mark (burst, stanza, FATE_ACKED);
}

static void
burst_failed (SleekStreamManagement *sm, SleekStanza *stanza, const GError *error, Burst *burst)
{
  burst_mark (burst, stanza, FATE_FAILED);
}

/* The server dies (SIGKILL) during a burst and comes back without the
 * session: every message is acknowledged or reported, once. */
static void
test_server_killed (Fixture *f, gconstpointer data)
{
  Burst burst = { f, NULL, 200 };
  guint acked = 0, failed = 0;
  g_autofree char *to = NULL;

  burst.fates = g_new0 (guint8, burst.count);
  peer_setup (&f->juliet, "juliet", NULL, FALSE);
  g_signal_connect (f->juliet.sm, "acked", G_CALLBACK (burst_acked), &burst);
  g_signal_connect (f->juliet.sm, "stanza-failed", G_CALLBACK (burst_failed), &burst);
  peer_login (&f->juliet);
  to = g_strdup (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet.client))));

  for (guint i = 0; i < burst.count; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s:%u", f->token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet.client), to, body, "chat");
      /* Half of them on their way when the server dies. */
      if (i == burst.count / 2)
        WAIT_UNTIL (f->juliet.acked > 0, CLIENT_UTIL_TIMEOUT);
    }
  client_util_harness ("kill");
  WAIT_UNTIL (f->juliet.disconnects == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_stream_management_get_resumable (f->juliet.sm));
  client_util_harness ("start-again");

  /* auto-reconnect logs in again; the new server knows no session. */
  WAIT_UNTIL (f->juliet.sessions == 2, 60);
  g_assert_cmpuint (f->juliet.resume_failed, ==, 1);
  g_assert_cmpuint (f->juliet.resumed, ==, 0);
  g_assert_true (sleek_stream_management_get_enabled (f->juliet.sm));
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->juliet.sm), ==, 0);
  for (guint i = 0; i < burst.count; i++)
    {
      g_assert_cmpuint (burst.fates[i] & FATE_TWICE, ==, 0);
      g_assert_cmpuint (burst.fates[i], !=, 0);
      if (burst.fates[i] == FATE_ACKED)
        acked++;
      else
        failed++;
    }
  g_test_message ("%u messages: %u acknowledged before the server died, %u reported as failed", burst.count,
                  acked, failed);
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (f->juliet.send_failed, ==, 0);
  g_signal_handlers_disconnect_by_data (f->juliet.sm, &burst);
  g_free (burst.fates);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  if (server_killed_build)
    ADD ("/stream-management/server-killed", test_server_killed);
  else
    {
      ADD ("/stream-management/enable-and-ack", test_enable_and_ack);
      ADD ("/stream-management/auto-reconnect", test_auto_reconnect);
      ADD ("/stream-management/cuts", test_cuts);
    }
#undef ADD
  return g_test_run ();
}
