/* test-last-activity.c: XEP-0012 Last Activity against Prosody
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
  SleekLastActivity *last;
} Fixture;

static SleekLastActivity *
enable_last (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0012", &error));
  g_assert_no_error (error);
  return SLEEK_LAST_ACTIVITY (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0012"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->last = enable_last (f->juliet);
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
get_last (SleekLastActivity *last, SleekJid *jid, char **status, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_last_activity_get_last_activity_async (last, jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_last_activity_get_last_activity_finish (last, result, status, error);
}

/* NULL asks our server: mod_uptime answers its uptime. */
static void
test_server_uptime (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 seconds = get_last (f->last, NULL, &status, &error);

  g_assert_no_error (error);
  g_assert_cmpint (seconds, >=, 0);
  g_assert_null (status);
}

/* Romeo asks Juliet's client, through the server: our own answer. */
static void
test_client_idle (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  SleekLastActivity *romeo_last;
  gint64 seconds;

  if (prosody_env_is_ejabberd ())
    {
      /* Its mod_last answers a query to a full JID itself, with
       * service-unavailable, instead of passing it to the client. */
      g_test_skip ("ejabberd 23.01 does not pass jabber:iq:last on to clients");
      return;
    }
  sleek_last_activity_set_idle (f->last, 300, "Under the balcony");
  f->romeo = client_util_new_logged_in ("romeo");
  romeo_last = enable_last (f->romeo);
  seconds = get_last (romeo_last, juliet, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seconds, >=, 300);
  g_assert_cmpint (seconds, <, 300 + CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (status, ==, "Under the balcony");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/last-activity/server-uptime", test_server_uptime);
  ADD ("/last-activity/client-idle", test_client_idle);

  return g_test_run ();
}
