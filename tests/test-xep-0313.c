/* test-xep-0313.c: SleekMessageArchive, XEP-0313 Message Archive Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define MAM "urn:xmpp:mam:2"
#define RSM "http://jabber.org/protocol/rsm"
#define FORWARD "urn:xmpp:forward:0"
#define DELAY "urn:xmpp:delay"
#define DATA "jabber:x:data"
#define DISCO_INFO "http://jabber.org/protocol/disco#info"
#define ROOM "chapel@rooms.example.com"

typedef struct {
  PluginFixture base;
  SleekMessageArchive *mam;
  gboolean done;
  GError *error;
  SleekMessageArchivePage *page;
  SleekMessageArchivePrefs *prefs;
  gboolean supported;
  GPtrArray *signalled;   /* SleekArchivedMessage */
} Fixture;

static void
on_archived (SleekMessageArchive *mam, SleekArchivedMessage *message, Fixture *f)
{
  g_ptr_array_add (f->signalled, g_object_ref (message));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0313", &error));
  g_assert_no_error (error);
  f->mam = SLEEK_MESSAGE_ARCHIVE (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0313"));
  f->signalled = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->mam, "archived-message", G_CALLBACK (on_archived), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_error (&f->error);
  g_clear_object (&f->page);
  g_clear_object (&f->prefs);
  g_ptr_array_unref (f->signalled);
}

static void
on_page (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_error (&f->error);
  g_clear_object (&f->page);
  f->page = sleek_message_archive_fetch_page_finish (SLEEK_MESSAGE_ARCHIVE (source), result, &f->error);
  f->done = TRUE;
}

static void
on_got_prefs (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->prefs);
  f->prefs = sleek_message_archive_get_prefs_finish (SLEEK_MESSAGE_ARCHIVE (source), result, &f->error);
  f->done = TRUE;
}

static void
on_set_prefs (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->prefs);
  f->prefs = sleek_message_archive_set_prefs_finish (SLEEK_MESSAGE_ARCHIVE (source), result, &f->error);
  f->done = TRUE;
}

static void
on_supports (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->supported = sleek_message_archive_supports_finish (SLEEK_MESSAGE_ARCHIVE (source), result, &f->error);
  f->done = TRUE;
}

/* Replaces every @from in @text with @to. */
static void
substitute (GString *text, const char *from, const char *to)
{
  if (to != NULL)
    g_string_replace (text, from, to, 0);
}

/* Takes the next stanza sent, an iq with a MAM <query/>, and compares it
 * with @format, where ID stands for the iq's id and QID for the query id.
 * Stores both. */
static void
expect_query (Fixture *f, const char *format, char **id, char **query_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = sleek_test_stream_next_send (f->base.peer, &error);
  g_autoptr(GString) expected = g_string_new (format);
  g_autoptr(SleekNode) want = NULL;
  g_autofree char *wrapped = NULL;
  SleekNode *query;

  g_assert_no_error (error);
  query = sleek_node_get_child (sent, "query", MAM);
  g_assert_nonnull (query);
  *id = g_strdup (sleek_node_get_attribute (sent, "id"));
  *query_id = g_strdup (sleek_node_get_attribute (query, "queryid"));
  g_assert_nonnull (*id);
  g_assert_nonnull (*query_id);
  substitute (expected, "QID", *query_id);
  substitute (expected, "ID", *id);
  wrapped = g_strconcat ("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
                         expected->str, "</stream:stream>", NULL);
  want = sleek_node_parse (wrapped, -1, &error);
  g_assert_no_error (error);
  if (!sleek_node_equal (sleek_node_get_first_child (want), sent))
    {
      g_autofree char *got = sleek_node_to_string_in_namespace (sent, "jabber:client");

      g_error ("Expected %s, got %s", expected->str, got);
    }
}

/* Feeds @format in, with ID and QID replaced. */
static void
recv (Fixture *f, const char *format, const char *id, const char *query_id)
{
  g_autoptr(GString) xml = g_string_new (format);

  substitute (xml, "QID", query_id);
  substitute (xml, "ID", id);
  pt_recv (&f->base, xml->str);
}

/* A result from @from (no from when NULL) for the query QID. */
static char *
result (const char *from, const char *archive_id, const char *stamp, const char *body)
{
  g_autofree char *from_attr = from != NULL ? g_strdup_printf (" from='%s'", from) : g_strdup ("");

  return g_strdup_printf ("<message%s to='" OWN_JID "' id='m-%s'>"
                          "<result xmlns='" MAM "' queryid='QID' id='%s'>"
                          "<forwarded xmlns='" FORWARD "'><delay xmlns='" DELAY "' stamp='%s'/>"
                          "<message xmlns='jabber:client' from='" ROMEO "' to='juliet@example.com' type='chat'>"
                          "<body>%s</body></message></forwarded></result></message>",
                          from_attr, archive_id, archive_id, stamp, body);
}

static void
recv_result (Fixture *f, const char *from, const char *archive_id, const char *body, const char *query_id)
{
  g_autofree char *xml = result (from, archive_id, "2010-07-10T23:08:25Z", body);

  recv (f, xml, NULL, query_id);
}

#define FIN(complete, first, last, count)                                                  \
  "<iq type='result' id='ID' to='" OWN_JID "'><fin xmlns='" MAM "'" complete ">"           \
  "<set xmlns='" RSM "'><first index='0'>" first "</first><last>" last "</last>"           \
  "<count>" count "</count></set></fin></iq>"

static const char *
body_of (GPtrArray *messages, guint i)
{
  return sleek_message_get_body (sleek_archived_message_get_message (g_ptr_array_index (messages, i)));
}

static void
test_dependencies (Fixture *f, gconstpointer data)
{
  static const char * const deps[] = { "xep_0030", "xep_0004", "xep_0059", "xep_0082", "xep_0203", "xep_0297" };

  for (guint i = 0; i < G_N_ELEMENTS (deps); i++)
    g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, deps[i]));
}

/* Every filter and the page go into the query. */
static void
test_query_built (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autoptr(SleekJid) with = pt_jid ("romeo@example.net");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2010, 6, 7, 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2010, 7, 7, 13, 23, 54);
  static const char * const ids[] = { "28482-98726-73623", "09af3-cc343-b409f", NULL };
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;

  sleek_message_archive_query_set_with (query, with);
  sleek_message_archive_query_set_start (query, start);
  sleek_message_archive_query_set_end (query, end);
  sleek_message_archive_query_set_after_id (query, "a1");
  sleek_message_archive_query_set_before_id (query, "b9");
  sleek_message_archive_query_set_ids (query, ids);
  sleek_message_archive_query_set_max (query, 10);
  sleek_message_archive_query_set_after (query, "09af3-cc343-b409f");
  g_assert_true (sleek_message_archive_query_get_with (query) == with);
  g_assert_cmpstrv (sleek_message_archive_query_get_ids (query), ids);
  g_assert_cmpint (sleek_message_archive_query_get_max (query), ==, 10);

  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'>"
                   "<x xmlns='" DATA "' type='submit'>"
                   "<field var='FORM_TYPE' type='hidden'><value>" MAM "</value></field>"
                   "<field var='with'><value>romeo@example.net</value></field>"
                   "<field var='start'><value>2010-06-07T00:00:00Z</value></field>"
                   "<field var='end'><value>2010-07-07T13:23:54Z</value></field>"
                   "<field var='before-id'><value>b9</value></field>"
                   "<field var='after-id'><value>a1</value></field>"
                   "<field var='ids'><value>28482-98726-73623</value><value>09af3-cc343-b409f</value></field>"
                   "</x>"
                   "<set xmlns='" RSM "'><max>10</max><after>09af3-cc343-b409f</after></set>"
                   "</query></iq>", &id, &query_id);
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'><fin xmlns='" MAM "' complete='true'>"
           "<set xmlns='" RSM "'><count>0</count></set></fin></iq>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpuint (sleek_message_archive_page_get_messages (f->page)->len, ==, 0);
  g_assert_true (sleek_message_archive_page_get_complete (f->page));
  g_assert_cmpint (sleek_result_set_get_count (sleek_message_archive_page_get_result_set (f->page)), ==, 0);
}

/* A query with nothing set asks for the whole archive, without a form or
 * a set; a room's goes to the room. Each query has an id of its own. */
static void
test_query_plain_and_room (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autoptr(SleekJid) room = pt_jid (ROOM "/nick");
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *query_id2 = NULL;

  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'/></iq>", &id, &query_id);

  sleek_message_archive_query_set_archive (query, room);
  g_assert_cmpstr (sleek_jid_to_string (sleek_message_archive_query_get_archive (query)), ==, ROOM);
  sleek_message_archive_query_set_before (query, "");
  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID' to='" ROOM "'><query xmlns='" MAM "' queryid='QID'>"
                   "<set xmlns='" RSM "'><before/></set></query></iq>", &id2, &query_id2);
  g_assert_cmpstr (query_id, !=, query_id2);
}

/* Results are collected for the page and signalled as they come; the
 * <fin/> tells the rest. */
static void
test_results_collected (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;
  g_autoptr(GDateTime) want = g_date_time_new_utc (2010, 7, 10, 23, 8, 25);
  SleekArchivedMessage *first;
  SleekResultSet *set;
  GPtrArray *messages;

  sleek_message_archive_query_set_max (query, 2);
  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'>"
                   "<set xmlns='" RSM "'><max>2</max></set></query></iq>", &id, &query_id);
  recv_result (f, "juliet@example.com", "a-1", "one", query_id);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  recv_result (f, NULL, "a-2", "two", query_id);
  g_assert_cmpuint (f->signalled->len, ==, 2);
  g_assert_false (f->done);
  /* No more than asked for. */
  recv_result (f, NULL, "a-3", "three", query_id);
  g_assert_cmpuint (f->signalled->len, ==, 2);
  recv (f, FIN ("", "a-1", "a-2", "5"), id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);

  messages = sleek_message_archive_page_get_messages (f->page);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_true (g_ptr_array_index (messages, 0) == g_ptr_array_index (f->signalled, 0));
  first = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (sleek_archived_message_get_id (first), ==, "a-1");
  g_assert_cmpstr (sleek_archived_message_get_query_id (first), ==, query_id);
  g_assert_cmpstr (sleek_jid_to_string (sleek_archived_message_get_archive (first)), ==, "juliet@example.com");
  g_assert_true (g_date_time_equal (sleek_archived_message_get_timestamp (first), want));
  g_assert_nonnull (sleek_archived_message_get_forwarded (first));
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (sleek_archived_message_get_message (first)))),
                   ==, ROMEO);
  g_assert_cmpstr (body_of (messages, 0), ==, "one");
  g_assert_cmpstr (body_of (messages, 1), ==, "two");

  g_assert_false (sleek_message_archive_page_get_complete (f->page));
  g_assert_true (sleek_message_archive_page_get_stable (f->page));
  set = sleek_message_archive_page_get_result_set (f->page);
  g_assert_cmpstr (sleek_result_set_get_first (set), ==, "a-1");
  g_assert_cmpstr (sleek_result_set_get_last (set), ==, "a-2");
  g_assert_cmpint (sleek_result_set_get_count (set), ==, 5);
  g_assert_cmpint (sleek_result_set_get_first_index (set), ==, 0);

  /* The next page starts after the last message. */
  g_assert_true (sleek_message_archive_query_advance (query, f->page));
  g_assert_cmpstr (sleek_message_archive_query_get_after (query), ==, "a-2");
  g_assert_false (sleek_message_archive_query_advance (query, f->page));
}

/* Results that others send, that do not come from the archive asked,
 * that answer no query of ours or that cannot be read are ignored. */
static void
test_spoofed_ignored (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autoptr(SleekMessageArchiveQuery) room_query = sleek_message_archive_query_new ();
  g_autoptr(SleekJid) room = pt_jid (ROOM);
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;
  g_autofree char *room_id = NULL;
  g_autofree char *room_query_id = NULL;
  g_autofree char *no_id = NULL;
  g_autofree char *bad_stamp = NULL;

  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'/></iq>", &id, &query_id);
  sleek_message_archive_query_set_archive (room_query, room);
  sleek_message_archive_fetch_page_async (f->mam, room_query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID' to='" ROOM "'><query xmlns='" MAM "' queryid='QID'/></iq>",
                &room_id, &room_query_id);

  /* Our own archive: only from our bare JID. */
  recv_result (f, ROMEO, "x-1", "forged by romeo", query_id);
  recv_result (f, "romeo@example.net", "x-2", "forged by romeo's account", query_id);
  recv_result (f, OWN_JID, "x-3", "from a full JID", query_id);
  recv_result (f, ROOM, "x-4", "from the room", query_id);
  /* The room's: only from the room's bare JID. */
  recv_result (f, NULL, "x-5", "not the room", room_query_id);
  recv_result (f, "juliet@example.com", "x-6", "not the room", room_query_id);
  recv_result (f, ROOM "/romeo", "x-7", "an occupant", room_query_id);
  /* No query of ours. */
  recv_result (f, NULL, "x-8", "unknown query", "other-query");
  recv_result (f, NULL, "x-9", "no query", NULL);
  /* Broken results. */
  no_id = g_strdup_printf ("<message><result xmlns='" MAM "' queryid='%s'><forwarded xmlns='" FORWARD "'>"
                           "<message xmlns='jabber:client'><body>no id</body></message></forwarded></result></message>",
                           query_id);
  pt_recv (&f->base, no_id);
  recv (f, "<message><result xmlns='" MAM "' queryid='QID' id='x-10'/></message>", NULL, query_id);
  recv (f, "<message><result xmlns='" MAM "' queryid='QID' id='x-11'><forwarded xmlns='" FORWARD "'>"
           "<iq xmlns='jabber:client' type='get' id='q'/></forwarded></result></message>", NULL, query_id);
  g_assert_cmpuint (f->signalled->len, ==, 0);

  /* A result with a stamp that cannot be read still counts, without a
   * time. */
  bad_stamp = result (NULL, "ok-1", "yesterday", "real");
  recv (f, bad_stamp, NULL, query_id);
  recv_result (f, ROOM, "ok-2", "the room's", room_query_id);
  g_assert_cmpuint (f->signalled->len, ==, 2);
  g_assert_null (sleek_archived_message_get_timestamp (g_ptr_array_index (f->signalled, 0)));
  g_assert_cmpstr (sleek_jid_to_string (sleek_archived_message_get_archive (g_ptr_array_index (f->signalled, 1))),
                   ==, ROOM);

  recv (f, FIN (" complete='true'", "ok-1", "ok-1", "1"), id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpuint (sleek_message_archive_page_get_messages (f->page)->len, ==, 1);
  g_assert_cmpstr (body_of (sleek_message_archive_page_get_messages (f->page), 0), ==, "real");

  /* Results for a query that ended are ignored. */
  recv_result (f, NULL, "late", "late", query_id);
  g_assert_cmpuint (f->signalled->len, ==, 2);

  f->done = FALSE;
  recv (f, "<iq type='result' id='ID' from='" ROOM "' to='" OWN_JID "'><fin xmlns='" MAM "' complete='true'/></iq>",
        room_id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpuint (sleek_message_archive_page_get_messages (f->page)->len, ==, 1);
  g_assert_cmpstr (body_of (sleek_message_archive_page_get_messages (f->page), 0), ==, "the room's");
  g_assert_null (sleek_message_archive_page_get_result_set (f->page));
  g_assert_false (sleek_message_archive_query_advance (room_query, f->page));
}

/* complete and stable in their other forms; paging backwards. */
static void
test_fin_parsing (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *query_id2 = NULL;

  sleek_message_archive_query_set_before (query, "");
  sleek_message_archive_query_set_max (query, 1);
  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'>"
                   "<set xmlns='" RSM "'><max>1</max><before/></set></query></iq>", &id, &query_id);
  recv_result (f, NULL, "b-9", "newest", query_id);
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'><fin xmlns='" MAM "' complete='false' stable='false'>"
           "<set xmlns='" RSM "'><first index='8'>b-9</first><last>b-9</last><count>9</count></set></fin></iq>",
        id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_false (sleek_message_archive_page_get_complete (f->page));
  g_assert_false (sleek_message_archive_page_get_stable (f->page));
  g_assert_cmpint (sleek_result_set_get_first_index (sleek_message_archive_page_get_result_set (f->page)), ==, 8);

  /* Backwards: the next page ends before the first message. */
  g_assert_true (sleek_message_archive_query_advance (query, f->page));
  g_assert_cmpstr (sleek_message_archive_query_get_before (query), ==, "b-9");
  g_assert_null (sleek_message_archive_query_get_after (query));

  f->done = FALSE;
  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'>"
                   "<set xmlns='" RSM "'><max>1</max><before>b-9</before></set></query></iq>", &id2, &query_id2);
  recv_result (f, NULL, "b-1", "oldest", query_id2);
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'><fin xmlns='" MAM "' complete='1'>"
           "<set xmlns='" RSM "'><first index='0'>b-1</first><last>b-1</last><count>9</count></set></fin></iq>",
        id2, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (sleek_message_archive_page_get_complete (f->page));
  g_assert_true (sleek_message_archive_page_get_stable (f->page));
  g_assert_false (sleek_message_archive_query_advance (query, f->page));
  g_assert_cmpstr (sleek_message_archive_query_get_before (query), ==, "b-9");
}

static void
test_error_reply (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;

  sleek_message_archive_query_set_after_id (query, "gone");
  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'>"
                   "<x xmlns='" DATA "' type='submit'>"
                   "<field var='FORM_TYPE' type='hidden'><value>" MAM "</value></field>"
                   "<field var='after-id'><value>gone</value></field></x></query></iq>", &id, &query_id);
  recv (f, "<iq type='error' id='ID' to='" OWN_JID "'><error type='cancel'>"
           "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_null (f->page);
}

/* An answer that does not end the query with <fin/>. */
static void
test_no_fin (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;

  sleek_message_archive_fetch_page_async (f->mam, query, NULL, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'/></iq>", &id, &query_id);
  recv_result (f, NULL, "c-1", "one", query_id);
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'/>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (f->page);
}

/* A cancelled query ends at once; its late results are ignored. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;
  g_autofree char *query_id = NULL;

  sleek_message_archive_fetch_page_async (f->mam, query, cancellable, on_page, f);
  expect_query (f, "<iq type='set' id='ID'><query xmlns='" MAM "' queryid='QID'/></iq>", &id, &query_id);
  recv_result (f, NULL, "d-1", "before the cancel", query_id);
  g_cancellable_cancel (cancellable);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  recv_result (f, NULL, "d-2", "after the cancel", query_id);
  g_assert_cmpuint (f->signalled->len, ==, 1);
}

/* Without the plugin on a stream, a query fails at once. */
static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMessageArchive) mam = g_object_ref (f->mam);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0313", &error));
  g_assert_no_error (error);
  sleek_message_archive_fetch_page_async (mam, query, NULL, on_page, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

static void
test_query_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
  g_autoptr(SleekMessageArchiveQuery) copy = NULL;
  g_autoptr(SleekJid) room = pt_jid (ROOM);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
  static const char * const ids[] = { "x", NULL };

  g_assert_cmpint (sleek_message_archive_query_get_max (query), ==, -1);
  sleek_message_archive_query_set_archive (query, room);
  sleek_message_archive_query_set_start (query, start);
  sleek_message_archive_query_set_ids (query, ids);
  sleek_message_archive_query_set_before (query, "");
  copy = sleek_message_archive_query_copy (query);
  sleek_message_archive_query_set_ids (query, NULL);
  sleek_message_archive_query_set_start (query, NULL);
  g_assert_true (sleek_jid_equal (sleek_message_archive_query_get_archive (copy), room));
  g_assert_true (g_date_time_equal (sleek_message_archive_query_get_start (copy), start));
  g_assert_null (sleek_message_archive_query_get_start (query));
  g_assert_null (sleek_message_archive_query_get_end (copy));
  g_assert_cmpstrv (sleek_message_archive_query_get_ids (copy), ids);
  g_assert_null (sleek_message_archive_query_get_ids (query));
  g_assert_cmpstr (sleek_message_archive_query_get_before (copy), ==, "");
}

static void
test_prefs_get (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  GPtrArray *always;
  GPtrArray *never;

  sleek_message_archive_get_prefs_async (f->mam, NULL, on_got_prefs, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><prefs xmlns='" MAM "'/></iq>");
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'><prefs xmlns='" MAM "' default='roster'>"
           "<always><jid>romeo@example.net</jid><jid>not a jid@</jid></always>"
           "<never><jid>montague@example.net</jid><jid>tybalt@example.net/sword</jid></never>"
           "</prefs></iq>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpint (sleek_message_archive_prefs_get_default (f->prefs), ==, SLEEK_MESSAGE_ARCHIVE_DEFAULT_ROSTER);
  always = sleek_message_archive_prefs_get_always (f->prefs);
  never = sleek_message_archive_prefs_get_never (f->prefs);
  g_assert_cmpuint (always->len, ==, 1);
  g_assert_cmpstr (sleek_jid_to_string (g_ptr_array_index (always, 0)), ==, "romeo@example.net");
  g_assert_cmpuint (never->len, ==, 2);
  g_assert_cmpstr (sleek_jid_to_string (g_ptr_array_index (never, 1)), ==, "tybalt@example.net/sword");
}

static void
test_prefs_set (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessageArchivePrefs) prefs = sleek_message_archive_prefs_new (SLEEK_MESSAGE_ARCHIVE_DEFAULT_NEVER);
  g_autoptr(SleekJid) romeo = pt_jid ("romeo@example.net");
  g_autoptr(SleekJid) nurse = pt_jid ("nurse@example.com");
  g_autoptr(SleekJid) tybalt = pt_jid ("tybalt@example.net");
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;

  sleek_message_archive_prefs_add_always (prefs, romeo);
  sleek_message_archive_prefs_add_always (prefs, nurse);
  sleek_message_archive_prefs_add_never (prefs, tybalt);
  sleek_message_archive_set_prefs_async (f->mam, prefs, NULL, on_set_prefs, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><prefs xmlns='" MAM "' default='never'>"
                                        "<always><jid>romeo@example.net</jid><jid>nurse@example.com</jid></always>"
                                        "<never><jid>tybalt@example.net</jid></never></prefs></iq>");
  /* The server answers with what it applies. */
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'><prefs xmlns='" MAM "' default='always'>"
           "<always/><never><jid>tybalt@example.net</jid></never></prefs></iq>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->prefs != prefs);
  g_assert_cmpint (sleek_message_archive_prefs_get_default (f->prefs), ==, SLEEK_MESSAGE_ARCHIVE_DEFAULT_ALWAYS);
  g_assert_cmpuint (sleek_message_archive_prefs_get_always (f->prefs)->len, ==, 0);
  g_assert_cmpuint (sleek_message_archive_prefs_get_never (f->prefs)->len, ==, 1);

  /* An empty answer: the server took them as they were. */
  f->done = FALSE;
  sleek_message_archive_prefs_set_default (prefs, SLEEK_MESSAGE_ARCHIVE_DEFAULT_ALWAYS);
  sleek_message_archive_set_prefs_async (f->mam, prefs, NULL, on_set_prefs, f);
  id2 = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><prefs xmlns='" MAM "' default='always'>"
                                         "<always><jid>romeo@example.net</jid><jid>nurse@example.com</jid></always>"
                                         "<never><jid>tybalt@example.net</jid></never></prefs></iq>");
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'/>", id2, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->prefs == prefs);
}

static void
test_prefs_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;

  sleek_message_archive_get_prefs_async (f->mam, NULL, on_got_prefs, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><prefs xmlns='" MAM "'/></iq>");
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'><prefs xmlns='" MAM "' default='sometimes'/></iq>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (f->prefs);
  g_clear_error (&f->error);

  f->done = FALSE;
  sleek_message_archive_get_prefs_async (f->mam, NULL, on_got_prefs, f);
  id2 = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><prefs xmlns='" MAM "'/></iq>");
  recv (f, "<iq type='result' id='ID' to='" OWN_JID "'/>", id2, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&f->error);

  f->done = FALSE;
  sleek_message_archive_get_prefs_async (f->mam, NULL, on_got_prefs, f);
  id3 = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><prefs xmlns='" MAM "'/></iq>");
  recv (f, "<iq type='error' id='ID' to='" OWN_JID "'><error type='cancel'>"
           "<feature-not-implemented xmlns='" NS_STANZAS "'/></error></iq>", id3, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED);
}

static void
test_supports (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room = pt_jid (ROOM "/nick");
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;

  sleek_message_archive_supports_async (f->mam, NULL, NULL, on_supports, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='juliet@example.com'>"
                                        "<query xmlns='" DISCO_INFO "'/></iq>");
  recv (f, "<iq type='result' id='ID' from='juliet@example.com' to='" OWN_JID "'><query xmlns='" DISCO_INFO "'>"
           "<identity category='account' type='registered'/><feature var='" MAM "'/></query></iq>", id, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->supported);

  f->done = FALSE;
  sleek_message_archive_supports_async (f->mam, room, NULL, on_supports, f);
  id2 = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROOM "'>"
                                         "<query xmlns='" DISCO_INFO "'/></iq>");
  recv (f, "<iq type='result' id='ID' from='" ROOM "' to='" OWN_JID "'><query xmlns='" DISCO_INFO "'>"
           "<feature var='urn:xmpp:mam:1'/></query></iq>", id2, NULL);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_false (f->supported);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0313/dependencies", test_dependencies);
  ADD ("/xep-0313/query/built", test_query_built);
  ADD ("/xep-0313/query/plain-and-room", test_query_plain_and_room);
  ADD ("/xep-0313/query/copy", test_query_copy);
  ADD ("/xep-0313/results/collected", test_results_collected);
  ADD ("/xep-0313/results/spoofed-ignored", test_spoofed_ignored);
  ADD ("/xep-0313/fin/parsing", test_fin_parsing);
  ADD ("/xep-0313/error/reply", test_error_reply);
  ADD ("/xep-0313/error/no-fin", test_no_fin);
  ADD ("/xep-0313/cancel", test_cancel);
  ADD ("/xep-0313/disabled", test_disabled);
  ADD ("/xep-0313/prefs/get", test_prefs_get);
  ADD ("/xep-0313/prefs/set", test_prefs_set);
  ADD ("/xep-0313/prefs/errors", test_prefs_errors);
  ADD ("/xep-0313/supports", test_supports);

  return g_test_run ();
}
