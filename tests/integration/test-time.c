/* test-time.c: XEP-0202 Entity Time against Prosody
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
  SleekEntityTime *time;
} Fixture;

static SleekEntityTime *
enable_time (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0202", &error));
  g_assert_no_error (error);
  return SLEEK_ENTITY_TIME (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0202"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->time = enable_time (f->juliet);
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

static GDateTime *
get_time (SleekEntityTime *time, SleekJid *jid, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_entity_time_get_time_async (time, jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_entity_time_get_time_finish (time, result, error);
}

/* NULL asks our server (mod_time). */
static void
test_server (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) answer = get_time (f->time, NULL, &error);
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();

  g_assert_no_error (error);
  g_assert_nonnull (answer);
  /* Same machine: within the wait, to the second Prosody reports. */
  g_assert_cmpint (g_date_time_difference (answer, before), >=, -G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (after, answer), >=, -G_TIME_SPAN_SECOND);
}

/* Romeo asks Juliet's client, through the server: our own answer. */
static void
test_client (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) fixed = sleek_datetime_parse ("2006-12-19T11:58:35.250-06:00", NULL);
  g_autoptr(GDateTime) answer = NULL;
  SleekEntityTime *romeo_time;

  sleek_entity_time_set_fixed_time (f->time, fixed);
  f->romeo = client_util_new_logged_in ("romeo");
  romeo_time = enable_time (f->romeo);
  answer = get_time (romeo_time, juliet, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (answer, fixed));
  g_assert_cmpint (g_date_time_get_utc_offset (answer), ==, -6 * G_TIME_SPAN_HOUR);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/time/server", test_server);
  ADD ("/time/client", test_client);

  return g_test_run ();
}
