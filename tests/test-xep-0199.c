/* test-xep-0199.c: SleekPing, XEP-0199 XMPP Ping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define PING "urn:xmpp:ping"

typedef struct {
  PluginFixture base;
  SleekPing *ping;
  gboolean done;
  gint64 rtt;
  GError *error;
  guint dead;             /* "connection-dead" */
  gboolean disconnected;
  GError *disconnect_error;
} Fixture;

#define KEEPALIVE_TASK "sleek-xep-0199-keepalive"

static void
on_dead (SleekPing *ping, Fixture *f)
{
  f->dead++;
  /* Still connected while the handlers run. */
  g_assert_true (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (f->base.xmpp)));
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
  g_clear_error (&f->disconnect_error);
  if (error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0199", &error));
  g_assert_no_error (error);
  f->ping = SLEEK_PING (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0199"));
  f->rtt = 0;
  g_signal_connect (f->ping, "connection-dead", G_CALLBACK (on_dead), f);
  g_signal_connect (f->base.xmpp, "disconnected", G_CALLBACK (on_disconnected), f);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->rtt = 0;
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
  g_clear_error (&f->disconnect_error);
}

static void
on_ping (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->rtt = sleek_ping_ping_finish (SLEEK_PING (source), result, &f->error);
  f->done = TRUE;
}

static gboolean
local_has_ping (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, PING);
}

static void
test_depends_on_disco (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (SLEEK_IS_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030")));
  g_assert_true (local_has_ping (f));
  g_assert_cmpstr (sleek_plugin_get_name (SLEEK_PLUGIN (f->ping)), ==, "xep_0199");
  g_assert_false (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0030", &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

static void
test_answer (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<iq type='get' id='p1' from='" ROMEO "' to='" OWN_JID "'><ping xmlns='" PING "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='p1' to='" ROMEO "' from='" OWN_JID "'/>");
  pt_recv (&f->base, "<iq type='get' id='p2' from='example.com'><ping xmlns='" PING "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='p2' to='example.com'/>");
  /* A set is not a ping. */
  pt_recv (&f->base, "<iq type='set' id='p3' from='" ROMEO "'><ping xmlns='" PING "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='p3' to='" ROMEO "'>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
}

static void
test_ping_server (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_ping_ping_async (f->ping, NULL, 0, NULL, on_ping, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><ping xmlns='" PING "'/></iq>");
  g_usleep (2000);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'/>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpint (f->rtt, >=, 2000);
  g_assert_cmpint (f->rtt, <, 10 * G_USEC_PER_SEC);
}

static void
test_ping_jid (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_ping_ping_async (f->ping, romeo, 5000, NULL, on_ping, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><ping xmlns='" PING "'/></iq>");
  /* An answer from somebody else does not count. */
  answer = g_strdup_printf ("<iq type='result' id='%s' from='mallory@example.org/x'/>", id);
  pt_recv (&f->base, answer);
  pt_expect_silence (&f->base);
  g_assert_false (f->done);
  g_free (answer);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'/>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpint (f->rtt, >=, 0);
}

static void
test_error_reply (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_ping_ping_async (f->ping, romeo, 0, NULL, on_ping, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><ping xmlns='" PING "'/></iq>");
  answer = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><ping xmlns='" PING "'/>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpint (f->rtt, ==, -1);
}

static void
test_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;

  sleek_ping_ping_async (f->ping, romeo, 50, NULL, on_ping, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><ping xmlns='" PING "'/></iq>");
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (f->rtt, ==, -1);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;

  sleek_ping_ping_async (f->ping, NULL, 0, cancellable, on_ping, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><ping xmlns='" PING "'/></iq>");
  g_cancellable_cancel (cancellable);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (f->rtt, ==, -1);
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekPing) ping = g_object_ref (f->ping);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0199", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0199"));
  g_assert_false (local_has_ping (f));

  /* Nobody answers pings any more: the stream says service-unavailable. */
  pt_recv (&f->base, "<iq type='get' id='r1' from='" ROMEO "'><ping xmlns='" PING "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='r1' to='" ROMEO "'>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");

  /* A removed plugin cannot ping. */
  sleek_ping_ping_async (ping, NULL, 0, NULL, on_ping, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  g_assert_cmpint (f->rtt, ==, -1);

  /* Enabled again, it answers again. */
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0199", &error));
  g_assert_no_error (error);
  g_assert_true (local_has_ping (f));
  pt_recv (&f->base, "<iq type='get' id='r2' from='" ROMEO "'><ping xmlns='" PING "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='r2' to='" ROMEO "'/>");
}

/* Keepalive */

/* Takes the next keepalive ping, checks when it came (@after and
 * @before seconds after @since) and returns its id. */
static char *
expect_keepalive (Fixture *f, gint64 since, double after, double before)
{
  char *id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><ping xmlns='" PING "'/></iq>");
  double waited = (g_get_monotonic_time () - since) / (double) G_USEC_PER_SEC;

  g_test_message ("keepalive ping after %.2f s", waited);
  g_assert_cmpfloat (waited, >=, after);
  g_assert_cmpfloat (waited, <, before);
  return id;
}

/* Turns keepalive on with a ping a second, starts the session and
 * returns the id of the first ping. */
static char *
first_keepalive (Fixture *f, guint timeout)
{
  gint64 start;

  g_object_set (f->ping, "keepalive", TRUE, "interval", 1, "timeout", timeout, NULL);
  start = g_get_monotonic_time ();
  sleek_base_xmpp_start_session (f->base.xmpp);
  return expect_keepalive (f, start, 0.9, 1.8);
}

static void
answer (Fixture *f, const char *id, const char *payload)
{
  g_autofree char *xml = NULL;

  if (payload == NULL)
    xml = g_strdup_printf ("<iq type='result' id='%s' from='example.com'/>", id);
  else
    xml = g_strdup_printf ("<iq type='error' id='%s' from='example.com'>%s</iq>", id, payload);
  pt_recv (&f->base, xml);
}

static void
spin (Fixture *f, guint milliseconds)
{
  g_autoptr(GError) error = NULL;

  /* Nothing may be sent meanwhile. */
  sleek_test_stream_expect_silence (f->base.peer, milliseconds, &error);
  g_assert_no_error (error);
}

static void
test_keepalive_properties (Fixture *f, gconstpointer data)
{
  gboolean on;
  guint interval, timeout;

  g_assert_false (sleek_ping_get_keepalive (f->ping));
  g_assert_cmpuint (sleek_ping_get_interval (f->ping), ==, 300);
  g_assert_cmpuint (sleek_ping_get_timeout (f->ping), ==, 30);
  g_object_set (f->ping, "keepalive", TRUE, "interval", 60, "timeout", 20, NULL);
  g_object_get (f->ping, "keepalive", &on, "interval", &interval, "timeout", &timeout, NULL);
  g_assert_true (on);
  g_assert_cmpuint (interval, ==, 60);
  g_assert_cmpuint (timeout, ==, 20);
  /* No session: no timer. */
  g_assert_false (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
  sleek_base_xmpp_start_session (f->base.xmpp);
  g_assert_true (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
  sleek_ping_set_keepalive (f->ping, FALSE);
  g_assert_false (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
}

/* A ping every second; any answer, an error too, keeps the session. */
static void
test_keepalive_answered (Fixture *f, gconstpointer data)
{
  gint64 start;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;

  g_object_set (f->ping, "keepalive", TRUE, "interval", 1, "timeout", 1, NULL);
  start = g_get_monotonic_time ();
  sleek_base_xmpp_start_session (f->base.xmpp);
  id1 = expect_keepalive (f, start, 0.9, 1.8);
  answer (f, id1, NULL);
  id2 = expect_keepalive (f, start, 1.9, 2.8);
  answer (f, id2, "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error>");
  id3 = expect_keepalive (f, start, 2.9, 3.8);
  answer (f, id3, "<ping xmlns='" PING "'/><error type='cancel'><feature-not-implemented xmlns='" NS_STANZAS "'/>"
                  "</error>");
  g_assert_cmpstr (id1, !=, id2);
  g_assert_cmpstr (id2, !=, id3);
  spin (f, 200);
  g_assert_cmpuint (f->dead, ==, 0);
  g_assert_false (f->disconnected);
  g_assert_true (sleek_base_xmpp_get_session_started (f->base.xmpp));
}

/* No answer: no second ping while the first waits, then the connection
 * is closed with a timeout as the reason. */
static void
test_keepalive_dead (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 start = g_get_monotonic_time ();
  double waited;

  id = first_keepalive (f, 2);
  /* The tick two seconds in finds the ping still waiting. */
  spin (f, 1500);
  g_assert_cmpuint (f->dead, ==, 0);
  pt_wait_for (&f->base, &f->disconnected);
  waited = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("declared dead after %.2f s", waited);
  g_assert_cmpfloat (waited, >=, 2.9);
  g_assert_cmpfloat (waited, <, 4.5);
  g_assert_cmpuint (f->dead, ==, 1);
  /* Not G_IO_ERROR_CANCELLED: a client reconnects after this. */
  g_assert_error (f->disconnect_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (sleek_base_xmpp_get_session_started (f->base.xmpp));
  g_assert_false (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
  sleek_test_stream_wait_closed (f->base.peer, &error);
  g_assert_no_error (error);
  /* A late answer changes nothing. */
  answer (f, id, NULL);
  g_assert_cmpuint (f->dead, ==, 1);
}

/* A new interval or timeout starts the wait again from then. */
static void
test_keepalive_reschedule (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  gint64 start;

  sleek_base_xmpp_start_session (f->base.xmpp);
  /* Turned on during the session, with the default interval. */
  sleek_ping_set_keepalive (f->ping, TRUE);
  g_assert_true (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
  spin (f, 300);
  start = g_get_monotonic_time ();
  sleek_ping_set_interval (f->ping, 1);
  id = expect_keepalive (f, start, 0.9, 1.8);
  answer (f, id, NULL);
  /* Half-way to the next ping, the timeout changes: the wait starts
   * over, and the next ping comes a whole interval later. */
  spin (f, 500);
  start = g_get_monotonic_time ();
  sleek_ping_set_timeout (f->ping, 5);
  id2 = expect_keepalive (f, start, 0.9, 1.8);
  answer (f, id2, NULL);
  g_assert_cmpuint (f->dead, ==, 0);
}

/* The session ends: no more pings; the next session brings them back. */
static void
test_keepalive_disconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekTestStream) peer2 = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);
  g_autofree char *id = NULL;
  gint64 start;

  g_object_set (f->ping, "keepalive", TRUE, "interval", 1, "timeout", 1, NULL);
  sleek_base_xmpp_start_session (f->base.xmpp);
  spin (f, 500);
  /* The server closes the connection, the ping half-way. */
  sleek_test_stream_close (f->base.peer);
  pt_wait_for (&f->base, &f->disconnected);
  g_assert_false (sleek_base_xmpp_get_session_started (f->base.xmpp));
  g_assert_false (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
  g_assert_cmpuint (f->dead, ==, 0);

  /* A new connection and session. */
  peer2 = sleek_test_stream_new ();
  sleek_test_stream_start (peer2, SLEEK_XML_STREAM (f->base.xmpp), NULL, &error);
  g_assert_no_error (error);
  g_set_object (&f->base.peer, peer2);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  start = g_get_monotonic_time ();
  sleek_base_xmpp_start_session (f->base.xmpp);
  id = expect_keepalive (f, start, 0.9, 1.8);
  answer (f, id, NULL);
}

/* A ping in flight when the plugin goes does not count any more. */
static void
test_keepalive_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = first_keepalive (f, 1);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0199", &error));
  g_assert_no_error (error);
  g_assert_false (sleek_xml_stream_is_scheduled (SLEEK_XML_STREAM (f->base.xmpp), KEEPALIVE_TASK));
  /* Past the timeout and the next tick: neither a ping nor a verdict. */
  spin (f, 1500);
  g_assert_cmpuint (f->dead, ==, 0);
  g_assert_false (f->disconnected);
  g_assert_true (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (f->base.xmpp)));
}

/* Turned off with a ping in flight: its timeout does not count. */
static void
test_keepalive_turned_off (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  id = first_keepalive (f, 1);
  sleek_ping_set_keepalive (f->ping, FALSE);
  spin (f, 1500);
  g_assert_cmpuint (f->dead, ==, 0);
  g_assert_false (f->disconnected);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0199/depends-on-disco", test_depends_on_disco);
  ADD ("/xep-0199/answer", test_answer);
  ADD ("/xep-0199/ping-server", test_ping_server);
  ADD ("/xep-0199/ping-jid", test_ping_jid);
  ADD ("/xep-0199/error-reply", test_error_reply);
  ADD ("/xep-0199/timeout", test_timeout);
  ADD ("/xep-0199/cancel", test_cancel);
  ADD ("/xep-0199/removal", test_removal);
  ADD ("/xep-0199/keepalive/properties", test_keepalive_properties);
  ADD ("/xep-0199/keepalive/answered", test_keepalive_answered);
  ADD ("/xep-0199/keepalive/dead", test_keepalive_dead);
  ADD ("/xep-0199/keepalive/reschedule", test_keepalive_reschedule);
  ADD ("/xep-0199/keepalive/disconnect", test_keepalive_disconnect);
  ADD ("/xep-0199/keepalive/removal", test_keepalive_removal);
  ADD ("/xep-0199/keepalive/turned-off", test_keepalive_turned_off);

  return g_test_run ();
}
