/* test-client-login.c: SleekClientXmpp logging in to the private Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "prosody-env.h"

#include <string.h>

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *client;
  GAsyncResult *result;
  guint certificate_checks;
} Fixture;

static char *
resource_name (void)
{
  static guint counter;

  /* Tests share the server: each login gets a resource of its own. */
  return g_strdup_printf ("test-%d-%u", (int) getpid (), ++counter);
}

static SleekClientXmpp *
make_client (const char *user, const char *password)
{
  g_autofree char *upper = g_ascii_strup (user, -1);
  g_autofree char *key_jid = g_strdup_printf ("SLEEK_TEST_JID_%s", upper);
  g_autofree char *key_password = g_strdup_printf ("SLEEK_TEST_PASSWORD_%s", upper);
  g_autofree char *resource = resource_name ();
  g_autofree char *jid = g_strdup_printf ("%s/%s", prosody_env_require (key_jid), resource);
  SleekClientXmpp *client;

  client = sleek_client_xmpp_new (jid, password != NULL ? password : prosody_env_require (key_password));
  g_object_set (client,
                "server-host", prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                "server-port", (guint) prosody_env_port ("SLEEK_TEST_C2S_PORT"),
                "keepalive-interval", 0,
                NULL);
  return client;
}

static void
trust_test_ca (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (prosody_env_require ("SLEEK_TEST_CA_FILE"), &error);

  g_assert_no_error (error);
  sleek_client_xmpp_set_tls_database (client, database);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->client = make_client ("juliet", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->client != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until *@result is set, at most 20 s. */
static void
wait_for (Fixture *f, GAsyncResult **result)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (20);

  g_source_set_callback (timer, set_flag, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (*result == NULL && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_nonnull (*result);
}

static gboolean
login (Fixture *f, SleekClientXmpp *client, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gboolean ok;

  sleek_client_xmpp_connect_async (client, NULL, store_result, &result);
  wait_for (f, &result);
  ok = sleek_client_xmpp_connect_finish (client, result, error);
  if (!ok)
    g_test_message ("login failed: %s (%s %d)", (*error)->message, g_quark_to_string ((*error)->domain),
                    (*error)->code);
  return ok;
}

static void
test_starttls_scram (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GTlsConnection *tls;
  gint64 start;

  trust_test_ca (f->client);
  start = g_get_monotonic_time ();
  g_assert_true (login (f, f->client, &error));
  g_assert_no_error (error);
  g_test_message ("connect to session-start over STARTTLS with %s: %.1f ms",
                  sleek_client_xmpp_get_sasl_mechanism (f->client),
                  (g_get_monotonic_time () - start) / 1000.0);
  tls = sleek_client_xmpp_get_tls_connection (f->client);
  g_assert_nonnull (tls);
  g_assert_true (g_str_has_prefix (sleek_client_xmpp_get_sasl_mechanism (f->client), "SCRAM-SHA-1"));
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
  g_assert_true (g_str_has_prefix (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))),
                                   prosody_env_require ("SLEEK_TEST_JID_JULIET")));
}

static void
test_direct_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  const char *ca = prosody_env_require ("SLEEK_TEST_CA_FILE");
  g_autofree char *dir = g_path_get_dirname (ca);
  g_autofree char *key = g_build_filename (dir, "localhost.key", NULL);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (ca, key, &error);

  g_assert_no_error (error);
  trust_test_ca (f->client);
  /* A client certificate goes on the TLS connection (for SASL EXTERNAL);
   * this server does not ask for one, and the login is unchanged. */
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_DIRECT, "tls-certificate", certificate,
                "server-port", (guint) prosody_env_port ("SLEEK_TEST_DIRECT_TLS_PORT"), NULL);
  g_assert_true (login (f, f->client, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sleek_client_xmpp_get_tls_connection (f->client));
  g_assert_true (g_tls_connection_get_certificate (sleek_client_xmpp_get_tls_connection (f->client)) == certificate);
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  trust_test_ca (f->client);
  sleek_client_xmpp_set_password (f->client, "not the password");
  g_assert_false (login (f, f->client, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
}

static void
test_untrusted_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* The system's trust store does not know the test CA. */
  g_assert_false (login (f, f->client, &error));
  g_assert_true (error->domain == G_TLS_ERROR);
  g_assert_null (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client)));
}

static gboolean
accept_pinned (SleekClientXmpp *client, GTlsCertificate *certificate, GTlsCertificateFlags errors, Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) pinned = g_tls_certificate_new_from_file (prosody_env_require ("SLEEK_TEST_CA_FILE"),
                                                                      &error);

  g_assert_no_error (error);
  f->certificate_checks++;
  return g_tls_certificate_is_same (certificate, pinned);
}

static void
test_accept_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_signal_connect (f->client, "accept-certificate", G_CALLBACK (accept_pinned), f);
  ok = login (f, f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (f->certificate_checks, ==, 1);
}

static void
collect_message (SleekBaseXmpp *xmpp, SleekMessage *message, GPtrArray *received)
{
  g_ptr_array_add (received, g_object_ref (message));
}

static void
test_message_to_self (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekClientXmpp) romeo = make_client ("romeo", NULL);
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);

  trust_test_ca (f->client);
  trust_test_ca (romeo);
  login (f, f->client, &error);
  g_assert_no_error (error);
  login (f, romeo, &error);
  g_assert_no_error (error);
  g_signal_connect (romeo, "message::chat", G_CALLBACK (collect_message), received);
  {
    SleekJid *to = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (romeo));
    gboolean expired = FALSE;
    GSource *timer = g_timeout_source_new_seconds (20);

    sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->client), sleek_jid_to_string (to), "Wherefore art thou?", "chat");
    g_source_set_callback (timer, set_flag, &expired, NULL);
    g_source_attach (timer, f->ctx);
    while (received->len == 0 && !expired)
      g_main_context_iteration (f->ctx, TRUE);
    g_source_destroy (timer);
    g_source_unref (timer);
  }
  g_assert_cmpuint (received->len, ==, 1);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client-login/starttls-scram", test_starttls_scram);
  ADD ("/client-login/direct-tls", test_direct_tls);
  ADD ("/client-login/wrong-password", test_wrong_password);
  ADD ("/client-login/untrusted-certificate", test_untrusted_certificate);
  ADD ("/client-login/accept-certificate", test_accept_certificate);
  ADD ("/client-login/message", test_message_to_self);
#undef ADD
  return g_test_run ();
}
