/* test-version.c: XEP-0092 Software Version against Prosody
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
  SleekSoftwareVersion *version;
} Fixture;

static SleekSoftwareVersion *
enable_version (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0092", &error));
  g_assert_no_error (error);
  return SLEEK_SOFTWARE_VERSION (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0092"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->version = enable_version (f->juliet);
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

static SleekSoftwareVersionInfo *
get_version (SleekSoftwareVersion *version, SleekJid *jid, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_software_version_get_version_async (version, jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_software_version_get_version_finish (version, result, error);
}

/* NULL asks our server. */
static void
test_server (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekSoftwareVersionInfo) info = get_version (f->version, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_software_version_info_get_name (info), ==, prosody_env_server_name ());
  g_assert_nonnull (sleek_software_version_info_get_version (info));
}

/* Romeo asks Juliet's client, through the server: our own answer. */
static void
test_client (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekSoftwareVersionInfo) info = NULL;
  SleekSoftwareVersion *romeo_version;

  g_object_set (f->version, "software-name", "juliet-bot", "version", "1.2.3", "os", "Verona", NULL);
  f->romeo = client_util_new_logged_in ("romeo");
  romeo_version = enable_version (f->romeo);
  info = get_version (romeo_version, juliet, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_software_version_info_get_name (info), ==, "juliet-bot");
  g_assert_cmpstr (sleek_software_version_info_get_version (info), ==, "1.2.3");
  g_assert_cmpstr (sleek_software_version_info_get_os (info), ==, "Verona");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/version/server", test_server);
  ADD ("/version/client", test_client);

  return g_test_run ();
}
