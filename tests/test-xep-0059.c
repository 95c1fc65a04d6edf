/* test-xep-0059.c: SleekResultSet, SleekResultSetIterator and
 * SleekResultSetManagement, XEP-0059 Result Set Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define RSM "http://jabber.org/protocol/rsm"
#define ITEMS "http://jabber.org/protocol/disco#items"
#define MAM "urn:xmpp:mam:2"
#define SERVICE "pubsub.example.com"

typedef struct {
  PluginFixture base;
  SleekResultSetManagement *rsm;
  SleekResultSetIterator *pages;
  gboolean done;
  SleekIq *page;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0059", &error));
  g_assert_no_error (error);
  f->rsm = SLEEK_RESULT_SET_MANAGEMENT (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0059"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  g_clear_object (&f->page);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->pages);
  reset (f);
  pt_teardown (&f->base, data);
}

static void
on_page (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->page = sleek_result_set_iterator_next_finish (SLEEK_RESULT_SET_ITERATOR (source), result, &f->error);
  f->done = TRUE;
}

/* Asks for the next page and checks the request against @expected, a
 * format where %s stands for the id; returns the id. */
static char *
ask (Fixture *f, const char *expected)
{
  reset (f);
  sleek_result_set_iterator_next_async (f->pages, NULL, on_page, f);
  return pt_expect_send_any_id (&f->base, expected);
}

/* Answers the request @id with @payload and waits for the page. */
static void
answer (Fixture *f, const char *id, const char *payload)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s' from='" SERVICE "'>%s</iq>", id, payload);

  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
}

/* The ids of the items in the page's disco#items query, joined by commas. */
static char *
page_items (SleekIq *page)
{
  g_autoptr(GString) out = g_string_new (NULL);
  SleekNode *payload = sleek_iq_get_payload (page);

  for (guint i = 0; i < sleek_node_get_n_children (payload); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (payload, i);

      if (!sleek_node_is (child, "item", ITEMS))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, sleek_node_get_attribute (child, "jid"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static SleekIq *
items_query (void)
{
  g_autoptr(SleekIq) iq = sleek_iq_new ("get");
  g_autoptr(SleekNode) query = sleek_node_new ("query", ITEMS);
  g_autoptr(SleekJid) service = pt_jid (SERVICE);

  sleek_stanza_set_to (SLEEK_STANZA (iq), service);
  sleek_iq_set_payload (iq, query);
  return g_steal_pointer (&iq);
}

static void
test_stanza_read (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = NULL;
  SleekStanza *query;
  SleekStanza *plugin;
  SleekResultSet *set;

  /* The plugin type registers the stanza plugin. */
  g_assert_cmpuint (sleek_plugin_lookup_type ("xep_0059"), ==, SLEEK_TYPE_RESULT_SET_MANAGEMENT);
  iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='result'><query xmlns='" ITEMS "'><item jid='a'/>"
                           "<set xmlns='" RSM "'><first index='0'>a</first><last>b</last>"
                           "<count>0</count></set></query></iq>", &error);
  g_assert_no_error (error);
  query = sleek_stanza_get_plugin (iq, "disco_items", FALSE);
  g_assert_true (SLEEK_IS_DISCO_ITEMS_STANZA (query));
  plugin = sleek_stanza_get_plugin (query, "rsm", FALSE);
  g_assert_true (SLEEK_IS_RESULT_SET (plugin));
  set = SLEEK_RESULT_SET (plugin);
  g_assert_cmpstr (sleek_result_set_get_first (set), ==, "a");
  g_assert_cmpint (sleek_result_set_get_first_index (set), ==, 0);
  g_assert_cmpstr (sleek_result_set_get_last (set), ==, "b");
  /* 0 is a value; absent numbers are -1. */
  g_assert_cmpint (sleek_result_set_get_count (set), ==, 0);
  g_assert_cmpint (sleek_result_set_get_max (set), ==, -1);
  g_assert_cmpint (sleek_result_set_get_index (set), ==, -1);
  g_assert_null (sleek_result_set_get_after (set));
  g_assert_null (sleek_result_set_get_before (set));
  g_assert_false (sleek_result_set_wants_last_page (set));
}

static void
test_stanza_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekResultSet) set = NULL;

  payload = sleek_node_parse ("<query xmlns='" ITEMS "'><set xmlns='" RSM "'>"
                              "<max>-3</max><count>many</count><index>99999999999999</index>"
                              "<first index='x'>a</first></set></query>", -1, &error);
  g_assert_no_error (error);
  set = sleek_result_set_find (payload, FALSE);
  g_assert_nonnull (set);
  g_assert_cmpint (sleek_result_set_get_max (set), ==, -1);
  g_assert_cmpint (sleek_result_set_get_count (set), ==, -1);
  g_assert_cmpint (sleek_result_set_get_index (set), ==, -1);
  g_assert_cmpint (sleek_result_set_get_first_index (set), ==, -1);
  g_assert_cmpstr (sleek_result_set_get_first (set), ==, "a");
}

static void
test_stanza_write (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) iq = items_query ();
  g_autoptr(SleekResultSet) set = NULL;
  g_autoptr(SleekResultSet) again = NULL;
  g_autoptr(SleekNode) want = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  g_assert_null (sleek_iq_get_result_set (iq, FALSE));
  set = sleek_iq_get_result_set (iq, TRUE);
  sleek_result_set_set_max (set, 0);
  sleek_result_set_set_before (set, "");
  g_assert_true (sleek_result_set_wants_last_page (set));
  g_assert_cmpstr (sleek_result_set_get_before (set), ==, "");
  sleek_result_set_set_first_index (set, 4);
  sleek_result_set_set_first (set, "e");
  sleek_result_set_set_count (set, 12);
  sleek_result_set_set_index (set, 3);
  sleek_result_set_set_index (set, -1);
  sleek_result_set_set_after (set, "zz");
  sleek_result_set_set_after (set, NULL);

  /* The set shares the iq's XML. */
  again = sleek_iq_get_result_set (iq, FALSE);
  g_assert_cmpint (sleek_result_set_get_max (again), ==, 0);
  want = sleek_node_parse ("<set xmlns='" RSM "'><max>0</max><before/><first index='4'>e</first>"
                           "<count>12</count></set>", -1, &error);
  g_assert_no_error (error);
  got = sleek_node_to_string (sleek_stanza_get_node (SLEEK_STANZA (again)));
  if (!sleek_node_equal (want, sleek_stanza_get_node (SLEEK_STANZA (again))))
    g_error ("unexpected set: %s", got);

  sleek_result_set_set_before (set, "d");
  g_assert_false (sleek_result_set_wants_last_page (set));
  sleek_result_set_set_before (set, NULL);
  g_assert_null (sleek_result_set_get_before (set));
  sleek_result_set_set_first (set, NULL);
  g_assert_cmpint (sleek_result_set_get_first_index (set), ==, -1);
  sleek_result_set_set_first_index (set, -1);
  g_assert_null (sleek_result_set_get_first (set));

  g_clear_object (&set);
  set = sleek_result_set_new ();
  g_assert_true (sleek_node_is (sleek_stanza_get_node (SLEEK_STANZA (set)), "set", RSM));
  g_assert_cmpint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (set))), ==, 0);
}

static gboolean
local_has_rsm (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, RSM);
}

static void
test_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sleek_plugin_get_name (SLEEK_PLUGIN (f->rsm)), ==, "xep_0059");
  g_assert_true (local_has_rsm (f));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0059", &error));
  g_assert_no_error (error);
  g_assert_false (local_has_rsm (f));
}

#define REQUEST(set) "<iq type='get' id='%s' to='" SERVICE "'><query xmlns='" ITEMS "'>" \
                     "<set xmlns='" RSM "'>" set "</set></query></iq>"
#define PAGE(items, set) "<query xmlns='" ITEMS "'>" items "<set xmlns='" RSM "'>" set "</set></query>"

static void
test_forward_count (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;
  g_autofree char *items = NULL;

  f->pages = sleek_result_set_management_iterate (f->rsm, query, 2, FALSE);
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  id = ask (f, REQUEST ("<max>2</max>"));
  answer (f, id, PAGE ("<item jid='a'/><item jid='b'/>",
                       "<first index='0'>a</first><last>b</last><count>5</count>"));
  g_assert_no_error (f->error);
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "a,b");
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  g_free (id);
  id = ask (f, REQUEST ("<max>2</max><after>b</after>"));
  answer (f, id, PAGE ("<item jid='c'/><item jid='d'/>",
                       "<first index='2'>c</first><last>d</last><count>5</count>"));
  g_free (items);
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "c,d");

  g_free (id);
  id = ask (f, REQUEST ("<max>2</max><after>d</after>"));
  answer (f, id, PAGE ("<item jid='e'/>", "<first index='4'>e</first><last>e</last><count>5</count>"));
  g_free (items);
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "e");
  /* 4 + 2 >= 5: that was the last page. */
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));

  reset (f);
  sleek_result_set_iterator_next_async (f->pages, NULL, on_page, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_null (f->page);
  pt_expect_silence (&f->base);
}

static void
test_forward_empty_page (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;

  /* A set in the template gives its starting point to the first page. */
  g_autoptr(SleekResultSet) set = sleek_iq_get_result_set (query, TRUE);
  sleek_result_set_set_after (set, "start");

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 3, FALSE);
  id = ask (f, REQUEST ("<after>start</after><max>3</max>"));
  answer (f, id, PAGE ("<item jid='a'/>", "<first>a</first><last>a</last>"));
  g_assert_nonnull (f->page);
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  g_free (id);
  id = ask (f, REQUEST ("<after>a</after><max>3</max>"));
  answer (f, id, PAGE ("", "<count>1</count>"));
  g_assert_no_error (f->error);
  g_assert_null (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
test_forward_no_last (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 3, FALSE);
  id = ask (f, REQUEST ("<max>3</max>"));
  answer (f, id, PAGE ("<item jid='a'/>", "<first>a</first>"));
  g_assert_nonnull (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
test_forward_same_page (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 1, FALSE);
  id = ask (f, REQUEST ("<max>1</max>"));
  answer (f, id, PAGE ("<item jid='a'/>", "<first>a</first><last>a</last>"));
  g_free (id);
  id = ask (f, REQUEST ("<max>1</max><after>a</after>"));
  /* A responder that ignores <after/> does not keep us going. */
  answer (f, id, PAGE ("<item jid='a'/>", "<first>a</first><last>a</last>"));
  g_assert_nonnull (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
test_backwards (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;
  g_autofree char *items = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 2, TRUE);
  id = ask (f, REQUEST ("<max>2</max><before/>"));
  answer (f, id, PAGE ("<item jid='d'/><item jid='e'/>",
                       "<first index='3'>d</first><last>e</last><count>5</count>"));
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "d,e");
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  g_free (id);
  id = ask (f, REQUEST ("<max>2</max><before>d</before>"));
  answer (f, id, PAGE ("<item jid='b'/><item jid='c'/>",
                       "<first index='1'>b</first><last>c</last><count>5</count>"));
  g_free (items);
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "b,c");
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  g_free (id);
  id = ask (f, REQUEST ("<max>2</max><before>b</before>"));
  answer (f, id, PAGE ("<item jid='a'/>", "<first index='0'>a</first><last>a</last><count>5</count>"));
  g_free (items);
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "a");
  /* Index 0: the start of the set. */
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
test_backwards_no_first (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 2, TRUE);
  id = ask (f, REQUEST ("<max>2</max><before/>"));
  answer (f, id, PAGE ("<item jid='e'/>", "<last>e</last>"));
  g_assert_nonnull (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
test_no_paging (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;
  g_autofree char *items = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 2, FALSE);
  id = ask (f, REQUEST ("<max>2</max>"));
  /* A responder without RSM gives everything. */
  answer (f, id, "<query xmlns='" ITEMS "'><item jid='a'/><item jid='b'/><item jid='c'/></query>");
  items = page_items (f->page);
  g_assert_cmpstr (items, ==, "a,b,c");
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
test_error (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 2, FALSE);
  id = ask (f, REQUEST ("<max>2</max>"));
  xml = g_strdup_printf ("<iq type='error' id='%s' from='" SERVICE "'>"
                         "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_null (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

static void
on_page_pending (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  g_autoptr(SleekIq) page = sleek_result_set_iterator_next_finish (SLEEK_RESULT_SET_ITERATOR (source), result, error);

  g_assert_null (page);
}

static void
test_pending (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 2, FALSE);
  id = ask (f, REQUEST ("<max>2</max>"));
  sleek_result_set_iterator_next_async (f->pages, NULL, on_page_pending, &error);
  while (error == NULL)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  pt_expect_silence (&f->base);
  answer (f, id, PAGE ("<item jid='a'/>", "<first>a</first><last>a</last>"));
  g_assert_nonnull (f->page);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = items_query ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;

  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 2, FALSE);
  id = ask (f, REQUEST ("<max>2</max>"));
  answer (f, id, PAGE ("<item jid='a'/><item jid='b'/>", "<first>a</first><last>b</last>"));

  reset (f);
  sleek_result_set_iterator_next_async (f->pages, cancellable, on_page, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, REQUEST ("<max>2</max><after>b</after>"));
  g_cancellable_cancel (cancellable);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  /* The same page again. */
  g_free (id);
  id = ask (f, REQUEST ("<max>2</max><after>b</after>"));
  answer (f, id, PAGE ("<item jid='c'/>", "<first>c</first>"));
  g_assert_nonnull (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

/* XEP-0313 answers carry the set inside <fin/>. */
static void
test_archive (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) query = sleek_iq_new ("set");
  g_autoptr(SleekNode) mam = sleek_node_new ("query", MAM);
  g_autoptr(SleekResultSet) set = NULL;
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  sleek_node_set_attribute (mam, "queryid", "q1");
  sleek_iq_set_payload (query, mam);
  f->pages = sleek_result_set_iterator_new (f->base.xmpp, query, 3, FALSE);
  reset (f);
  sleek_result_set_iterator_next_async (f->pages, NULL, on_page, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><query xmlns='" MAM "' queryid='q1'>"
                                        "<set xmlns='" RSM "'><max>3</max></set></query></iq>");
  xml = g_strdup_printf ("<iq type='result' id='%s'><fin xmlns='" MAM "'><set xmlns='" RSM "'>"
                         "<first index='0'>m1</first><last>m3</last><count>4</count></set></fin></iq>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  set = sleek_iq_get_result_set (f->page, FALSE);
  g_assert_cmpstr (sleek_result_set_get_last (set), ==, "m3");
  g_assert_false (sleek_result_set_iterator_is_done (f->pages));

  reset (f);
  sleek_result_set_iterator_next_async (f->pages, NULL, on_page, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><query xmlns='" MAM "' queryid='q1'>"
                                        "<set xmlns='" RSM "'><max>3</max><after>m3</after></set></query></iq>");
  g_free (xml);
  xml = g_strdup_printf ("<iq type='result' id='%s'><fin xmlns='" MAM "' complete='true'><set xmlns='" RSM "'>"
                         "<first index='3'>m4</first><last>m4</last><count>4</count></set></fin></iq>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_nonnull (f->page);
  g_assert_true (sleek_result_set_iterator_is_done (f->pages));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0059/stanza/read", test_stanza_read);
  ADD ("/xep-0059/stanza/malformed", test_stanza_malformed);
  ADD ("/xep-0059/stanza/write", test_stanza_write);
  ADD ("/xep-0059/plugin", test_plugin);
  ADD ("/xep-0059/iterate/forward-count", test_forward_count);
  ADD ("/xep-0059/iterate/forward-empty-page", test_forward_empty_page);
  ADD ("/xep-0059/iterate/forward-no-last", test_forward_no_last);
  ADD ("/xep-0059/iterate/forward-same-page", test_forward_same_page);
  ADD ("/xep-0059/iterate/backwards", test_backwards);
  ADD ("/xep-0059/iterate/backwards-no-first", test_backwards_no_first);
  ADD ("/xep-0059/iterate/no-paging", test_no_paging);
  ADD ("/xep-0059/iterate/error", test_error);
  ADD ("/xep-0059/iterate/pending", test_pending);
  ADD ("/xep-0059/iterate/cancelled", test_cancelled);
  ADD ("/xep-0059/iterate/archive", test_archive);

  return g_test_run ();
}
