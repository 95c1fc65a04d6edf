/* test-ping.c: XEP-0199 XMPP Ping against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  SleekPing *ping;
} Fixture;

static SleekPing *
enable_ping (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0199", &error));
  g_assert_no_error (error);
  return SLEEK_PING (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0199"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->ping = enable_ping (f->juliet);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static gint64
ping (SleekPing *ping, SleekJid *jid, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_ping_ping_async (ping, jid, 10000, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_ping_ping_finish (ping, result, error);
}

/* NULL pings our server; so does its JID. */
static void
test_server (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) host = sleek_jid_new (prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), NULL);
  g_autoptr(GError) error = NULL;
  gint64 rtt;

  rtt = ping (f->ping, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rtt, >=, 0);
  g_assert_cmpint (rtt, <, CLIENT_UTIL_TIMEOUT * G_USEC_PER_SEC);

  rtt = ping (f->ping, host, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rtt, >=, 0);
}

/* Romeo pings Juliet's client through the server, and sees her feature. */
static void
test_client (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekJid) gone = NULL;
  g_autofree char *gone_text = NULL;
  SleekPing *romeo_ping;
  SleekDisco *romeo_disco;
  gint64 rtt;

  f->romeo = client_util_new_logged_in ("romeo");
  romeo_ping = enable_ping (f->romeo);
  rtt = ping (romeo_ping, juliet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rtt, >=, 0);

  romeo_disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->romeo), "xep_0030"));
  sleek_disco_get_info_async (romeo_disco, juliet, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  info = sleek_disco_get_info_finish (romeo_disco, result, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_feature (info, "urn:xmpp:ping"));

  /* A resource that is not online: the server says service-unavailable. */
  gone_text = g_strdup_printf ("%s/%s", sleek_jid_get_bare (juliet), "no-such-resource");
  gone = sleek_jid_new (gone_text, NULL);
  rtt = ping (romeo_ping, gone, &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  g_assert_cmpint (rtt, ==, -1);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/ping/server", test_server);
  ADD ("/ping/client", test_client);

  return g_test_run ();
}
