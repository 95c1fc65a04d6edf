/* test-client-scram.c: which SCRAM variant the client logs in to Prosody with
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prosody 0.12 offers SCRAM-SHA-1-PLUS (with tls-unique) only on TLS 1.2;
 * over TLS 1.3 it offers plain SCRAM-SHA-1, and a client that could bind
 * the channel says so with the GS2 flag `y` ("I could, but you did not
 * offer it"), which Prosody accepts because it offered no -PLUS.
 *
 * This file builds twice. test-client-scram runs with GnuTLS's defaults
 * (TLS 1.3); test-client-scram-plus is built with SCRAM_FORCE_TLS12 and
 * sets G_TLS_GNUTLS_PRIORITY=NORMAL:-VERS-TLS1.3 first thing in main(),
 * before anything can load glib-networking, which reads the variable once
 * when its backend initialises: that is why it is an executable of its
 * own and not a case beside the others.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *client;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->client = client_util_new ("juliet");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->client);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static GTlsProtocolVersion
protocol_version (SleekClientXmpp *client)
{
  GTlsConnection *tls = sleek_client_xmpp_get_tls_connection (client);

  g_assert_nonnull (tls);
  return g_tls_connection_get_protocol_version (tls);
}

#ifdef SCRAM_FORCE_TLS12

static void
check_plus_login (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = client_util_login (f->client, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (protocol_version (f->client), ==, G_TLS_PROTOCOL_VERSION_TLS_1_2);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "SCRAM-SHA-1-PLUS");
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

/* STARTTLS on TLS 1.2: SCRAM-SHA-1-PLUS with tls-unique. */
static void
test_plus_starttls (Fixture *f, gconstpointer data)
{
  check_plus_login (f);
}

/* Direct TLS (XEP-0368) on TLS 1.2: the same. */
static void
test_plus_direct_tls (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_DIRECT,
                "server-port", (guint) prosody_env_port ("SLEEK_TEST_DIRECT_TLS_PORT"), NULL);
  check_plus_login (f);
}

/* A wrong password is still a wrong password with channel binding. */
static void
test_plus_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  sleek_client_xmpp_set_password (f->client, "not the password");
  g_assert_false (client_util_login (f->client, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_cmpint (protocol_version (f->client), ==, G_TLS_PROTOCOL_VERSION_TLS_1_2);
}

#else

/* TLS 1.3: no -PLUS on offer, SCRAM-SHA-1 with the `y` flag logs in. */
static void
test_scram_tls13 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (prosody_env_is_ejabberd ())
    {
      /* tests/integration/ejabberd.yml.in says why it speaks TLS 1.2 only. */
      g_test_skip ("the test ejabberd offers no TLS 1.3");
      return;
    }
  ok = client_util_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (protocol_version (f->client), ==, G_TLS_PROTOCOL_VERSION_TLS_1_3);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "SCRAM-SHA-1");
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

/* The same over direct TLS. */
static void
test_scram_tls13_direct (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_DIRECT,
                "server-port", (guint) prosody_env_port ("SLEEK_TEST_DIRECT_TLS_PORT"), NULL);
  test_scram_tls13 (f, data);
}

#endif

int
main (int argc, char *argv[])
{
#ifdef SCRAM_FORCE_TLS12
  /* Before anything touches GIO's TLS backend. */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", "NORMAL:-VERS-TLS1.3", TRUE);
#else
  g_unsetenv ("G_TLS_GNUTLS_PRIORITY");
#endif
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
#ifdef SCRAM_FORCE_TLS12
  ADD ("/client-scram-plus/starttls", test_plus_starttls);
  ADD ("/client-scram-plus/direct-tls", test_plus_direct_tls);
  ADD ("/client-scram-plus/wrong-password", test_plus_wrong_password);
#else
  ADD ("/client-scram/tls13-starttls", test_scram_tls13);
  ADD ("/client-scram/tls13-direct-tls", test_scram_tls13_direct);
#endif
#undef ADD
  return g_test_run ();
}
