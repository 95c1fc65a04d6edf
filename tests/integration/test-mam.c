/* test-mam.c: XEP-0313 Message Archive Management against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bot sends messages whose bodies carry a token of this run; the
 * recipient pages through its archive with SleekMessageArchive, filtered
 * to Bot and to the time of the test. Other tests share the server, so
 * only the bodies with the token count. The recipient is the admin
 * account, whose archive no other test reads; the preferences test
 * changes only the admin's lists, and puts them back.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <string.h>

/* Prosody sends at most 50 results a page (max_archive_query_results). */
#define PAGE_SIZE 50
#define N_MANY 1000

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *owner;    /* the archive's account */
  SleekClientXmpp *bot;
  SleekMessageArchive *mam;
  char *token;
  GDateTime *start;
  guint delivered;
  guint signalled;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->owner = client_util_new_logged_in ("admin");
  f->bot = client_util_new_logged_in ("bot");
  f->mam = client_util_enable (f->owner, "xep_0313");
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  /* The archive keeps whole seconds. */
  now = g_date_time_new_now_utc ();
  f->start = g_date_time_add_seconds (now, -2);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->owner));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->bot));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->owner);
  g_clear_object (&f->bot);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
  g_date_time_unref (f->start);
}

/* The number in "mam TOKEN N", or -1 for any other body. */
static gint
body_number (Fixture *f, const char *body)
{
  g_autofree char *prefix = g_strdup_printf ("mam %s ", f->token);
  guint64 n;

  if (body == NULL || !g_str_has_prefix (body, prefix) ||
      !g_ascii_string_to_unsigned (body + strlen (prefix), 10, 0, G_MAXINT, &n, NULL))
    return -1;
  return (gint) n;
}

static gint
archived_number (Fixture *f, SleekArchivedMessage *message)
{
  return body_number (f, sleek_message_get_body (sleek_archived_message_get_message (message)));
}

static void
on_delivered (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  if (body_number (f, sleek_message_get_body (message)) >= 0)
    f->delivered++;
}

static void
on_archived (SleekMessageArchive *mam, SleekArchivedMessage *message, Fixture *f)
{
  f->signalled++;
}

/* Bot sends @n messages to the archive's owner, who waits for all of
 * them: a delivered message has been archived. */
static void
send_messages (Fixture *f, guint n)
{
  SleekJid *owner = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->owner));
  gulong id = g_signal_connect (f->owner, "message::chat", G_CALLBACK (on_delivered), f);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("mam %s %u", f->token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->bot), sleek_jid_to_string (owner), body, "chat");
    }
  WAIT_UNTIL (f->delivered == n, CLIENT_UTIL_TIMEOUT * 3);
  g_signal_handler_disconnect (f->owner, id);
}

/* A query for Bot's messages since the test began. */
static SleekMessageArchiveQuery *
bot_query (Fixture *f)
{
  SleekMessageArchiveQuery *query = sleek_message_archive_query_new ();
  g_autoptr(SleekJid) bot = sleek_jid_to_bare (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->bot)));

  sleek_message_archive_query_set_with (query, bot);
  sleek_message_archive_query_set_start (query, f->start);
  return query;
}

static SleekMessageArchivePage *
fetch (Fixture *f, SleekMessageArchiveQuery *query, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_message_archive_fetch_page_async (f->mam, query, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_message_archive_fetch_page_finish (f->mam, result, error);
}

static SleekMessageArchivePage *
fetch_ok (Fixture *f, SleekMessageArchiveQuery *query)
{
  g_autoptr(GError) error = NULL;
  SleekMessageArchivePage *page = fetch (f, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static void
test_supported (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_message_archive_supports_async (f->mam, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_message_archive_supports_finish (f->mam, result, &error));
  g_assert_no_error (error);
}

/* A thousand messages, page by page, forwards. */
static void
test_thousand (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = bot_query (f);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 began = g_get_monotonic_time ();
  gint64 sent;
  gint64 done;
  guint pages = 0;
  guint total = 0;
  guint foreign = 0;
  gint next = 0;
  gint count = -1;
  gboolean complete = FALSE;

  send_messages (f, N_MANY);
  sent = g_get_monotonic_time ();
  g_signal_connect (f->mam, "archived-message", G_CALLBACK (on_archived), f);
  sleek_message_archive_query_set_max (query, PAGE_SIZE);
  while (TRUE)
    {
      g_autoptr(SleekMessageArchivePage) page = fetch_ok (f, query);
      GPtrArray *messages = sleek_message_archive_page_get_messages (page);
      SleekResultSet *set = sleek_message_archive_page_get_result_set (page);

      pages++;
      g_assert_cmpuint (pages, <=, N_MANY / PAGE_SIZE + 5);
      g_assert_cmpuint (messages->len, <=, PAGE_SIZE);
      g_assert_nonnull (set);
      count = sleek_result_set_get_count (set);
      for (guint i = 0; i < messages->len; i++)
        {
          SleekArchivedMessage *message = g_ptr_array_index (messages, i);
          gint n = archived_number (f, message);

          /* Every id once. */
          g_assert_true (g_hash_table_add (ids, g_strdup (sleek_archived_message_get_id (message))));
          g_assert_nonnull (sleek_archived_message_get_timestamp (message));
          if (n < 0)
            {
              foreign++;
              continue;
            }
          /* In the order sent, each once. */
          g_assert_cmpint (n, ==, next);
          next++;
        }
      total += messages->len;
      if (messages->len > 0)
        {
          g_assert_cmpstr (sleek_result_set_get_first (set), ==,
                           sleek_archived_message_get_id (g_ptr_array_index (messages, 0)));
          g_assert_cmpstr (sleek_result_set_get_last (set), ==,
                           sleek_archived_message_get_id (g_ptr_array_index (messages, messages->len - 1)));
        }
      if (!sleek_message_archive_query_advance (query, page))
        {
          complete = sleek_message_archive_page_get_complete (page);
          break;
        }
    }
  done = g_get_monotonic_time ();

  g_test_message ("%u messages sent and archived in %.2f s, fetched in %u pages in %.2f s",
                  N_MANY, (sent - began) / 1e6, pages, (done - sent) / 1e6);
  g_assert_true (complete);
  g_assert_cmpint (next, ==, N_MANY);
  g_assert_cmpuint (total, ==, N_MANY + foreign);
  g_assert_cmpint (count, ==, (gint) total);
  g_assert_cmpuint (f->signalled, ==, total);
  g_assert_cmpuint (g_hash_table_size (ids), ==, total);
  g_assert_cmpuint (pages, >=, N_MANY / PAGE_SIZE);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/mam/supported", test_supported);
  ADD ("/mam/thousand", test_thousand);

  return g_test_run ();
}
