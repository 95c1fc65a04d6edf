/* client-util.c: logging SleekClientXmpp sessions in to the private Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client-util.h"

#include "prosody-env.h"

#include <unistd.h>

struct _ClientUtilDeadline {
  GSource *timer;
  gboolean expired;
};

static gboolean
deadline_reached (gpointer user_data)
{
  ClientUtilDeadline *deadline = user_data;

  deadline->expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Under valgrind everything takes several times longer: the
 * 'valgrindintegration' setup sets SLEEK_TEST_TIMEOUT_SCALE, and every
 * deadline (not client_util_spin()) stretches by it. */
static double
timeout_scale (void)
{
  const char *value = g_getenv ("SLEEK_TEST_TIMEOUT_SCALE");
  double scale = value != NULL ? g_ascii_strtod (value, NULL) : 1.0;

  return scale >= 1.0 ? scale : 1.0;
}

static ClientUtilDeadline *
deadline_new (double seconds)
{
  ClientUtilDeadline *deadline = g_new0 (ClientUtilDeadline, 1);
  GMainContext *ctx = g_main_context_ref_thread_default ();

  /* The timer wakes the blocking iteration up when it is due. */
  deadline->timer = g_timeout_source_new ((guint) (seconds * 1000));
  g_source_set_callback (deadline->timer, deadline_reached, deadline, NULL);
  g_source_attach (deadline->timer, ctx);
  g_main_context_unref (ctx);
  return deadline;
}

ClientUtilDeadline *
client_util_deadline_new (double seconds)
{
  return deadline_new (seconds * timeout_scale ());
}

gboolean
client_util_deadline_expired (ClientUtilDeadline *deadline)
{
  return deadline->expired;
}

void
client_util_deadline_free (ClientUtilDeadline *deadline)
{
  g_source_destroy (deadline->timer);
  g_source_unref (deadline->timer);
  g_free (deadline);
}

void
client_util_spin (double seconds)
{
  ClientUtilDeadline *deadline = deadline_new (seconds);
  GMainContext *ctx = g_main_context_ref_thread_default ();

  while (!client_util_deadline_expired (deadline))
    g_main_context_iteration (ctx, TRUE);
  client_util_deadline_free (deadline);
  g_main_context_unref (ctx);
}

char *
client_util_resource (void)
{
  static guint counter;

  return g_strdup_printf ("test-%d-%u", (int) getpid (), ++counter);
}

void
client_util_trust_test_ca (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (prosody_env_require ("SLEEK_TEST_CA_FILE"), &error);

  g_assert_no_error (error);
  sleek_client_xmpp_set_tls_database (client, database);
}

SleekClientXmpp *
client_util_new_for_account (const char *bare_jid, const char *password)
{
  g_autofree char *resource = client_util_resource ();
  g_autofree char *jid = g_strdup_printf ("%s/%s", bare_jid, resource);
  SleekClientXmpp *client = sleek_client_xmpp_new (jid, password);

  g_object_set (client,
                "server-host", prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                "server-port", (guint) prosody_env_port ("SLEEK_TEST_C2S_PORT"),
                "keepalive-interval", 0,
                NULL);
  client_util_trust_test_ca (client);
  return client;
}

SleekClientXmpp *
client_util_new (const char *user)
{
  g_autofree char *upper = g_ascii_strup (user, -1);
  g_autofree char *key_jid = g_strdup_printf ("SLEEK_TEST_JID_%s", upper);
  g_autofree char *key_password = g_strdup_printf ("SLEEK_TEST_PASSWORD_%s", upper);

  return client_util_new_for_account (prosody_env_require (key_jid), prosody_env_require (key_password));
}

SleekClientXmpp *
client_util_new_fresh_account (char **bare_jid, char **password)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("fresh-%d-%u-%08x", (int) getpid (), ++counter, g_random_int ());
  g_autofree char *jid = g_strdup_printf ("%s@%s", name, prosody_env_require ("SLEEK_TEST_PROSODY_HOST"));
  g_autofree char *secret = g_strdup_printf ("pw-%08x", g_random_int ());
  SleekClientXmpp *client = client_util_new_for_account (jid, secret);
  SleekInBandRegistration *ibr = client_util_enable (client, "xep_0077");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_in_band_registration_register_account_async (ibr, NULL, TRUE, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_in_band_registration_register_account_finish (ibr, result, &error));
  g_assert_no_error (error);
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (client)));
  if (bare_jid != NULL)
    *bare_jid = g_steal_pointer (&jid);
  if (password != NULL)
    *password = g_steal_pointer (&secret);
  return client;
}

void
client_util_remove_account (SleekClientXmpp *client)
{
  SleekPlugin *plugin = sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0077");
  SleekInBandRegistration *ibr = plugin != NULL ? SLEEK_IN_BAND_REGISTRATION (plugin)
                                                : client_util_enable (client, "xep_0077");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_in_band_registration_cancel_registration_async (ibr, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_in_band_registration_cancel_registration_finish (ibr, result, &error));
  g_assert_no_error (error);
}

void
client_util_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

void
client_util_wait_result (GAsyncResult **result, double seconds)
{
  WAIT_UNTIL (*result != NULL, seconds);
}

gboolean
client_util_login (SleekClientXmpp *client, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_client_xmpp_connect_async (client, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_client_xmpp_connect_finish (client, result, error);
}

SleekClientXmpp *
client_util_new_logged_in (const char *user)
{
  g_autoptr(GError) error = NULL;
  SleekClientXmpp *client = client_util_new (user);
  gboolean ok = client_util_login (client, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  return client;
}

void
client_util_fetch_roster (SleekClientXmpp *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekRoster) roster = NULL;

  sleek_client_xmpp_get_roster_async (client, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  roster = sleek_client_xmpp_get_roster_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (roster);
}

void
client_util_disconnect (SleekClientXmpp *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (client), NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (client), result, &error);
  g_assert_no_error (error);
}

void
client_util_harness (const char *command)
{
  const char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
  const char *argv[] = { python, prosody_env_require ("SLEEK_TEST_PROSODY_HARNESS"), command, NULL };
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &output, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("prosody-harness %s: %s", command, output != NULL ? output : "");
  g_assert_no_error (error);
  prosody_env_reload ();
}

gpointer
client_util_enable (SleekClientXmpp *client, const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), name, &error));
  g_assert_no_error (error);
  return sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), name);
}

void
client_util_ping_server (SleekClientXmpp *client)
{
  SleekPlugin *plugin = sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0199");
  SleekPing *ping = plugin != NULL ? SLEEK_PING (plugin) : client_util_enable (client, "xep_0199");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_ping_ping_async (ping, NULL, 0, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (sleek_ping_ping_finish (ping, result, &error), >=, 0);
  g_assert_no_error (error);
}
