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
} Fixture;

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

  return g_test_run ();
}
