/* test-register.c: XEP-0077 In-Band Registration against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every test registers accounts of its own, under names no other test or
 * run uses, and removes them; the shared accounts (juliet, romeo, bot) are
 * only ever the subject of a refused registration.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <unistd.h>

typedef struct {
  GMainContext *ctx;
  GPtrArray *clients;
  gboolean legacy;
  guint forms;
  gboolean saw_form;
  gboolean saw_legacy;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->clients = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < f->clients->len; i++)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->clients->pdata[i]));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_ptr_array_unref (f->clients);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static const char *
host (void)
{
  return prosody_env_require ("SLEEK_TEST_PROSODY_HOST");
}

/* A name no other test, nor another run against the same server, has. */
static char *
fresh_name (void)
{
  static guint counter;

  return g_strdup_printf ("ibr-%d-%u-%08x", (int) getpid (), ++counter, g_random_int ());
}

/* A client for @user@host with @password, the fixture keeping it. */
static SleekClientXmpp *
new_client (Fixture *f, const char *user, const char *password)
{
  g_autofree char *resource = client_util_resource ();
  g_autofree char *jid = g_strdup_printf ("%s@%s/%s", user, host (), resource);
  g_autoptr(GError) error = NULL;
  SleekClientXmpp *client = sleek_client_xmpp_new (jid, password);

  g_object_set (client,
                "server-host", prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                "server-port", (guint) prosody_env_port ("SLEEK_TEST_C2S_PORT"),
                "keepalive-interval", 0,
                "auto-reconnect", FALSE,
                NULL);
  client_util_trust_test_ca (client);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0077", &error));
  g_assert_no_error (error);
  g_ptr_array_add (f->clients, client);
  return client;
}

static SleekInBandRegistration *
ibr_of (SleekClientXmpp *client)
{
  return SLEEK_IN_BAND_REGISTRATION (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0077"));
}

static gboolean
on_register_form (SleekInBandRegistration *ibr, SleekRegisterQuery *form, Fixture *f)
{
  f->forms++;
  f->saw_form = sleek_register_query_get_form (form) != NULL;
  f->saw_legacy = sleek_register_query_has_field (form, "username") &&
                  sleek_register_query_has_field (form, "password");
  if (f->legacy)
    sleek_register_query_set_form (form, NULL);
  return FALSE;
}

/* Registers @user with @password through a new client; with @log_in the
 * client stays logged in and is returned. */
static SleekClientXmpp *
register_account (Fixture *f, const char *user, const char *password, gboolean log_in, GError **error)
{
  SleekClientXmpp *client = new_client (f, user, password);
  SleekInBandRegistration *ibr = ibr_of (client);
  g_autoptr(GAsyncResult) result = NULL;
  gulong handler = g_signal_connect (ibr, "register-form", G_CALLBACK (on_register_form), f);

  f->forms = 0;
  sleek_in_band_registration_register_account_async (ibr, NULL, log_in, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_signal_handler_disconnect (ibr, handler);
  if (!sleek_in_band_registration_register_account_finish (ibr, result, error))
    return NULL;
  g_assert_cmpuint (f->forms, ==, 1);
  return client;
}

static gboolean
log_in (Fixture *f, const char *user, const char *password, SleekClientXmpp **client, GError **error)
{
  SleekClientXmpp *c = new_client (f, user, password);

  if (client != NULL)
    *client = c;
  return client_util_login (c, error);
}

static void
assert_login_refused (Fixture *f, const char *user, const char *password)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (log_in (f, user, password, NULL, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
}

static void
cancel_registration (SleekClientXmpp *client)
{
  SleekInBandRegistration *ibr = ibr_of (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_in_band_registration_cancel_registration_async (ibr, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_in_band_registration_cancel_registration_finish (ibr, result, &error));
  g_assert_no_error (error);
}

static SleekRegisterQuery *
get_registration (SleekClientXmpp *client)
{
  SleekInBandRegistration *ibr = ibr_of (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SleekRegisterQuery *query;

  sleek_in_band_registration_get_registration_async (ibr, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  query = sleek_in_band_registration_get_registration_finish (ibr, result, &error);
  g_assert_no_error (error);
  return query;
}

/* Prosody 0.12 offers a form and legacy fields; the form goes back.
 * ejabberd 23.01 offers the legacy fields only: they go back. */
static void
test_register_form (Fixture *f, gconstpointer data)
{
  g_autofree char *name = fresh_name ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekRegisterQuery) registration = NULL;
  SleekClientXmpp *client = register_account (f, name, "f0rm-pass", TRUE, &error);
  SleekClientXmpp *again = NULL;

  g_assert_no_error (error);
  g_assert_true (f->saw_form || prosody_env_is_ejabberd ());
  g_assert_true (f->saw_legacy);
  g_assert_true (sleek_in_band_registration_get_feature_offered (ibr_of (client)));
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (client)));
  g_assert_cmpstr (sleek_jid_get_local (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client))), ==, name);

  registration = get_registration (client);
  g_assert_true (sleek_register_query_get_registered (registration));
  g_assert_cmpstr (sleek_register_query_get_field (registration, "username"), ==, name);

  /* A login of its own. */
  g_assert_true (log_in (f, name, "f0rm-pass", &again, &error));
  g_assert_no_error (error);
  cancel_registration (again);
}

/* The same, with the legacy fields, and without logging in. */
static void
test_register_legacy (Fixture *f, gconstpointer data)
{
  g_autofree char *name = fresh_name ();
  g_autoptr(GError) error = NULL;
  SleekClientXmpp *client;
  SleekClientXmpp *again = NULL;

  f->legacy = TRUE;
  client = register_account (f, name, "l3gacy-pass", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (client)));
  WAIT_UNTIL (!sleek_xml_stream_is_connected (SLEEK_XML_STREAM (client)), CLIENT_UTIL_TIMEOUT);

  g_assert_true (log_in (f, name, "l3gacy-pass", &again, &error));
  g_assert_no_error (error);
  cancel_registration (again);
}

static void
test_change_password (Fixture *f, gconstpointer data)
{
  g_autofree char *name = fresh_name ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SleekClientXmpp *client = register_account (f, name, "old-pass", TRUE, &error);
  SleekInBandRegistration *ibr;
  SleekClientXmpp *again = NULL;

  g_assert_no_error (error);
  ibr = ibr_of (client);
  sleek_in_band_registration_change_password_async (ibr, "new-pass", NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_in_band_registration_change_password_finish (ibr, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_client_xmpp_get_password (client), ==, "new-pass");
  client_util_disconnect (client);

  assert_login_refused (f, name, "old-pass");
  g_assert_true (log_in (f, name, "new-pass", &again, &error));
  g_assert_no_error (error);
  cancel_registration (again);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *name = fresh_name ();
  g_autoptr(GError) error = NULL;
  SleekClientXmpp *client = register_account (f, name, "gone-pass", TRUE, &error);

  g_assert_no_error (error);
  cancel_registration (client);
  /* Prosody ends the stream of the account it removed. */
  WAIT_UNTIL (!sleek_xml_stream_is_connected (SLEEK_XML_STREAM (client)), CLIENT_UTIL_TIMEOUT);
  assert_login_refused (f, name, "gone-pass");
}

/* juliet exists: conflict, and juliet's account is left as it was. */
static void
test_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) juliet = sleek_jid_new (prosody_env_require ("SLEEK_TEST_JID_JULIET"), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup_printf ("not-juliets-%08x", g_random_int ());
  SleekClientXmpp *client;
  SleekClientXmpp *real = NULL;

  g_assert_nonnull (juliet);
  client = register_account (f, sleek_jid_get_local (juliet), password, TRUE, &error);
  g_assert_null (client);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (log_in (f, sleek_jid_get_local (juliet), prosody_env_require ("SLEEK_TEST_PASSWORD_JULIET"), &real,
                         &error));
  g_assert_no_error (error);
}

/* An ordinary login sees the offer, and registers nothing. */
static void
test_feature_offered (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = sleek_jid_new (prosody_env_require ("SLEEK_TEST_JID_ROMEO"), NULL);
  g_autoptr(GError) error = NULL;
  SleekClientXmpp *client = NULL;

  g_assert_true (log_in (f, sleek_jid_get_local (romeo), prosody_env_require ("SLEEK_TEST_PASSWORD_ROMEO"), &client,
                         &error));
  g_assert_no_error (error);
  g_assert_true (sleek_in_band_registration_get_feature_offered (ibr_of (client)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/register/form", test_register_form);
  ADD ("/register/legacy", test_register_legacy);
  ADD ("/register/change-password", test_change_password);
  ADD ("/register/cancel", test_cancel);
  ADD ("/register/conflict", test_conflict);
  ADD ("/register/feature-offered", test_feature_offered);

  return g_test_run ();
}
