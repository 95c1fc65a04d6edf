/* test-rsm.c: XEP-0059 Result Set Management against Prosody, paging a
 * XEP-0313 message archive
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bot sends Juliet N messages whose bodies carry a token of this run;
 * Juliet pages through her archive, filtered to Bot and to the time of the
 * test, three messages at a time. Other tests share the server, so only
 * the bodies with the token count.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <string.h>

#define MAM "urn:xmpp:mam:2"
#define FORWARD "urn:xmpp:forward:0"
#define DATA "jabber:x:data"
#define N_MESSAGES 7
#define PAGE_SIZE 3

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *bot;
  SleekResultSetManagement *rsm;
  char *token;
  char *query_id;
  GDateTime *start;
  guint delivered;
  GArray *page;     /* the numbers in the archived bodies of the page */
  guint foreign;    /* results for our query from other tests' messages */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->bot = client_util_new_logged_in ("bot");
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0059", &error));
  g_assert_no_error (error);
  f->rsm = SLEEK_RESULT_SET_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0059"));
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  f->query_id = g_strdup_printf ("rsm-%s", f->token);
  /* The archive keeps whole seconds. */
  now = g_date_time_new_now_utc ();
  f->start = g_date_time_add_seconds (now, -2);
  f->page = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->bot));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->bot);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
  g_free (f->query_id);
  g_date_time_unref (f->start);
  g_array_unref (f->page);
}

/* The number in "rsm TOKEN N", or -1 for any other body. */
static gint
body_number (Fixture *f, const char *body)
{
  g_autofree char *prefix = g_strdup_printf ("rsm %s ", f->token);
  guint64 n;

  if (body == NULL || !g_str_has_prefix (body, prefix) ||
      !g_ascii_string_to_unsigned (body + strlen (prefix), 10, 0, N_MESSAGES - 1, &n, NULL))
    return -1;
  return (gint) n;
}

static void
on_delivered (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  if (body_number (f, sleek_message_get_body (message)) >= 0)
    f->delivered++;
}

/* The archive's results arrive as messages before the answer to the
 * query. */
static void
on_result (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  SleekNode *result = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), "result", MAM);
  SleekNode *forwarded;
  SleekNode *archived;
  gint n;

  if (result == NULL || g_strcmp0 (sleek_node_get_attribute (result, "queryid"), f->query_id) != 0)
    return;
  forwarded = sleek_node_get_child (result, "forwarded", FORWARD);
  g_assert_nonnull (forwarded);
  archived = sleek_node_get_child (forwarded, "message", "jabber:client");
  g_assert_nonnull (archived);
  n = body_number (f, sleek_node_get_child_text (archived, "body", "jabber:client"));
  if (n < 0)
    {
      f->foreign++;
      return;
    }
  g_array_append_val (f->page, n);
}

static void
send_messages (Fixture *f)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  gulong id = g_signal_connect (f->juliet, "message::chat", G_CALLBACK (on_delivered), f);

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *body = g_strdup_printf ("rsm %s %u", f->token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->bot), sleek_jid_to_string (juliet), body, "chat");
    }
  /* Delivered means archived. */
  WAIT_UNTIL (f->delivered == N_MESSAGES, CLIENT_UTIL_TIMEOUT);
  g_signal_handler_disconnect (f->juliet, id);
}

static void
add_field (SleekNode *form, const char *var, const char *type, const char *value)
{
  SleekNode *field = sleek_node_add_child_new (form, "field", DATA);

  sleek_node_set_attribute (field, "var", var);
  if (type != NULL)
    sleek_node_set_attribute (field, "type", type);
  sleek_node_set_child_text (field, "value", DATA, value);
}

/* An archive query for Bot's messages since the test began. */
static SleekIq *
archive_query (Fixture *f)
{
  SleekJid *bot = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->bot));
  g_autoptr(SleekIq) iq = sleek_iq_new ("set");
  g_autoptr(SleekNode) query = sleek_node_new ("query", MAM);
  g_autofree char *start = sleek_datetime_format (f->start);
  SleekNode *form;

  sleek_node_set_attribute (query, "queryid", f->query_id);
  form = sleek_node_add_child_new (query, "x", DATA);
  sleek_node_set_attribute (form, "type", "submit");
  add_field (form, "FORM_TYPE", "hidden", MAM);
  add_field (form, "with", NULL, sleek_jid_get_bare (bot));
  add_field (form, "start", NULL, start);
  sleek_iq_set_payload (iq, query);
  return g_steal_pointer (&iq);
}

/* Pages through the archive; returns the pages, each an array of the
 * numbers it held, in the order they came. */
static GPtrArray *
page_through (Fixture *f, gboolean backwards)
{
  g_autoptr(SleekIq) query = archive_query (f);
  g_autoptr(SleekResultSetIterator) pages = sleek_result_set_management_iterate (f->rsm, query, PAGE_SIZE,
                                                                                 backwards);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gulong id = g_signal_connect (f->juliet, "message", G_CALLBACK (on_result), f);

  while (TRUE)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekIq) page = NULL;
      g_autoptr(SleekResultSet) set = NULL;

      g_assert_cmpuint (out->len, <, 20);
      sleek_result_set_iterator_next_async (pages, NULL, client_util_store_result, &result);
      client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
      page = sleek_result_set_iterator_next_finish (pages, result, &error);
      g_assert_no_error (error);
      if (page == NULL)
        break;
      /* The set is inside the answer's <fin/>. */
      set = sleek_iq_get_result_set (page, FALSE);
      g_assert_nonnull (set);
      g_assert_true (sleek_node_is (sleek_iq_get_payload (page), "fin", MAM));
      g_assert_cmpuint (f->page->len, <=, PAGE_SIZE);
      g_ptr_array_add (out, g_steal_pointer (&f->page));
      f->page = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  g_assert_true (sleek_result_set_iterator_is_done (pages));
  g_assert_cmpuint (f->page->len, ==, 0);
  g_signal_handler_disconnect (f->juliet, id);
  return g_steal_pointer (&out);
}

static void
check_sequence (GPtrArray *pages, gboolean backwards)
{
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new (NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      GArray *page = g_ptr_array_index (pages, backwards ? pages->len - 1 - i : i);

      for (guint j = 0; j < page->len; j++)
        g_string_append_printf (got, "%u ", g_array_index (page, guint, j));
    }
  for (guint i = 0; i < N_MESSAGES; i++)
    g_string_append_printf (want, "%u ", i);
  g_test_message ("%u pages: %s", pages->len, got->str);
  g_assert_cmpstr (got->str, ==, want->str);
  g_assert_cmpuint (pages->len, >=, (N_MESSAGES + PAGE_SIZE - 1) / PAGE_SIZE);
}

static void
test_forwards (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) pages = NULL;

  send_messages (f);
  pages = page_through (f, FALSE);
  check_sequence (pages, FALSE);
}

static void
test_backwards (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) pages = NULL;

  send_messages (f);
  pages = page_through (f, TRUE);
  check_sequence (pages, TRUE);
}

/* The client advertises RSM once the plugin is on. */
static void
test_advertised (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  g_assert_true (sleek_disco_info_has_feature (info, SLEEK_NS_RSM));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/rsm/archive/forwards", test_forwards);
  ADD ("/rsm/archive/backwards", test_backwards);
  ADD ("/rsm/advertised", test_advertised);

  return g_test_run ();
}
