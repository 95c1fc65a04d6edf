/* test-caps.c: XEP-0115 Entity Capabilities against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include <string.h>

#include "client-util.h"
#include "prosody-env.h"

#define JULIET_FEATURE "urn:example:sleek-glib:juliet"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  guint changed;
} Fixture;

static SleekEntityCaps *
enable_caps (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0115", &error));
  g_assert_no_error (error);
  return SLEEK_ENTITY_CAPS (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0115"));
}

static SleekDisco *
get_disco (SleekClientXmpp *client)
{
  return SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0030"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
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

static void
on_changed (SleekEntityCaps *caps, SleekJid *jid, SleekDiscoInfo *info, Fixture *f)
{
  f->changed++;
}

/* Juliet's directed presence reaches Romeo through the server; Romeo asks
 * Juliet's client for node#ver, verifies and learns her features. */
static void
test_client (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  SleekJid *romeo = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  SleekEntityCaps *juliet_caps = enable_caps (f->juliet);
  SleekEntityCaps *romeo_caps = enable_caps (f->romeo);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekDiscoInfo) fetched = NULL;
  g_autoptr(GError) error = NULL;
  SleekDiscoInfo *info;
  const char *ver;

  g_signal_connect (romeo_caps, "capabilities-changed", G_CALLBACK (on_changed), f);
  sleek_disco_add_feature (get_disco (f->juliet), JULIET_FEATURE, NULL);
  ver = sleek_entity_caps_get_ver (juliet_caps);
  g_assert_nonnull (ver);
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->juliet), NULL, NULL, 0, sleek_jid_to_string (romeo), NULL);

  WAIT_UNTIL (sleek_entity_caps_get_info_for_jid (romeo_caps, juliet) != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (f->changed, ==, 1);
  info = sleek_entity_caps_get_info_for_jid (romeo_caps, juliet);
  g_assert_true (sleek_disco_info_has_feature (info, JULIET_FEATURE));
  g_assert_true (sleek_disco_info_has_feature (info, SLEEK_NS_CAPS));
  g_assert_true (sleek_entity_caps_lookup (romeo_caps, "sha-1", ver) == info);

  sleek_entity_caps_get_info_async (romeo_caps, juliet, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  fetched = sleek_entity_caps_get_info_finish (romeo_caps, result, &error);
  g_assert_no_error (error);
  g_assert_true (fetched == info);
}

static char *
server_ver (SleekDisco *disco, SleekJid *host)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  char *ver;

  /* Asked anew each time. */
  sleek_disco_flush_cache (disco, host);
  sleek_disco_get_info_async (disco, host, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  info = sleek_disco_get_info_finish (disco, result, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_identity (info, "server", "im"));
  ver = sleek_entity_caps_compute_ver (info, "sha-1", &error);
  g_assert_no_error (error);
  return ver;
}

/* Prosody's own information hashes the same way every time. */
static void
test_server (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) host = sleek_jid_new (prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), NULL);
  SleekDisco *disco;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  enable_caps (f->romeo);
  disco = get_disco (f->romeo);
  first = server_ver (disco, host);
  second = server_ver (disco, host);
  g_assert_cmpuint (strlen (first), ==, 28);   /* base64 of 20 bytes */
  g_assert_cmpstr (first, ==, second);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/caps/client", test_client);
  ADD ("/caps/server", test_server);

  return g_test_run ();
}
