/* test-xep-0030.c: SleekDisco, XEP-0030 Service Discovery
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define INFO "http://jabber.org/protocol/disco#info"
#define ITEMS "http://jabber.org/protocol/disco#items"

typedef struct {
  PluginFixture base;
  SleekDisco *disco;
  gboolean done;
  SleekDiscoInfo *info;
  GPtrArray *items;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0030", &error));
  g_assert_no_error (error);
  f->disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  g_clear_object (&f->info);
  g_clear_pointer (&f->items, g_ptr_array_unref);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
}

static void
on_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  /* Queries left pending fail at teardown, one after the other. */
  reset (f);
  f->info = sleek_disco_get_info_finish (SLEEK_DISCO (source), result, &f->error);
  f->done = TRUE;
}

static void
on_items (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->items = sleek_disco_get_items_finish (SLEEK_DISCO (source), result, &f->error);
  f->done = TRUE;
}

static void
test_answer_info (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDiscoIdentity) bot = sleek_disco_identity_new ("client", "bot", "Juliet", "en");
  g_autoptr(SleekDiscoIdentity) pc = sleek_disco_identity_new ("client", "pc", NULL, NULL);
  g_autoptr(SleekDiscoInfo) local = NULL;

  sleek_disco_add_identity (f->disco, bot, NULL);
  sleek_disco_add_identity (f->disco, pc, NULL);
  sleek_disco_add_feature (f->disco, "urn:xmpp:ping", NULL);
  sleek_disco_add_feature (f->disco, "urn:xmpp:ping", NULL);
  sleek_disco_add_feature (f->disco, "jabber:iq:version", NULL);
  g_assert_true (sleek_disco_remove_identity (f->disco, "client", "pc", NULL, NULL, NULL));
  g_assert_false (sleek_disco_remove_identity (f->disco, "client", "pc", NULL, NULL, NULL));

  pt_recv (&f->base, "<iq type='get' id='i1' from='" ROMEO "' to='" OWN_JID "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='i1' to='" ROMEO "' from='" OWN_JID "'><query xmlns='" INFO "'>"
                            "<identity category='client' type='bot' name='Juliet' xml:lang='en'/>"
                            "<feature var='" INFO "'/><feature var='" ITEMS "'/>"
                            "<feature var='urn:xmpp:ping'/><feature var='jabber:iq:version'/></query></iq>");

  g_assert_true (sleek_disco_remove_feature (f->disco, "urn:xmpp:ping", NULL));
  local = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_cmpstrv (sleek_disco_info_get_features (local), ((const char * const []) { INFO, ITEMS, "jabber:iq:version", NULL }));
  g_assert_true (sleek_disco_info_has_identity (local, "client", "bot"));
  g_assert_null (sleek_disco_get_local_info (f->disco, "nowhere"));
}

/* Until an identity is added, we are a client (or a component). */
static void
test_default_identity (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDiscoIdentity) bot = sleek_disco_identity_new ("client", "bot", NULL, NULL);
  g_autoptr(SleekDiscoInfo) local = sleek_disco_get_local_info (f->disco, NULL);
  g_autoptr(SleekDiscoInfo) with_bot = NULL;
  g_autoptr(SleekDiscoInfo) node = NULL;
  g_autoptr(SleekComponentXmpp) component = sleek_component_xmpp_new ("echo.example.net", "secret", "127.0.0.1", 5347);
  g_autoptr(SleekDiscoInfo) component_info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sleek_disco_info_get_identities (local)->len, ==, 1);
  g_assert_true (sleek_disco_info_has_identity (local, "client", "pc"));
  pt_recv (&f->base, "<iq type='get' id='i1' from='" ROMEO "' to='" OWN_JID "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='i1' to='" ROMEO "' from='" OWN_JID "'><query xmlns='" INFO "'>"
                            "<identity category='client' type='pc'/>"
                            "<feature var='" INFO "'/><feature var='" ITEMS "'/></query></iq>");

  /* An identity of our own replaces it. */
  sleek_disco_add_identity (f->disco, bot, NULL);
  with_bot = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_cmpuint (sleek_disco_info_get_identities (with_bot)->len, ==, 1);
  g_assert_true (sleek_disco_info_has_identity (with_bot, "client", "bot"));

  /* Nodes have none of their own. */
  sleek_disco_add_feature (f->disco, "urn:example:a", "commands");
  node = sleek_disco_get_local_info (f->disco, "commands");
  g_assert_cmpuint (sleek_disco_info_get_identities (node)->len, ==, 0);

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (component), "xep_0030", &error));
  g_assert_no_error (error);
  component_info = sleek_disco_get_local_info (SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (component),
                                                                                         "xep_0030")), NULL);
  g_assert_true (sleek_disco_info_has_identity (component_info, "component", "generic"));
}

static void
test_answer_node (Fixture *f, gconstpointer data)
{
  sleek_disco_add_feature (f->disco, "urn:example:a", "commands");

  pt_recv (&f->base, "<iq type='get' id='n1' from='" ROMEO "'><query xmlns='" INFO "' node='commands'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='n1' to='" ROMEO "'><query xmlns='" INFO "' node='commands'>"
                            "<feature var='urn:example:a'/></query></iq>");
  pt_recv (&f->base, "<iq type='get' id='n2' from='" ROMEO "'><query xmlns='" INFO "' node='nowhere'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='n2' to='" ROMEO "'><query xmlns='" INFO "' node='nowhere'/>"
                            "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  pt_recv (&f->base, "<iq type='get' id='n3' from='" ROMEO "'><query xmlns='" ITEMS "' node='nowhere'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='n3' to='" ROMEO "'><query xmlns='" ITEMS "' node='nowhere'/>"
                            "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
}

static void
test_answer_items (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) muc = pt_jid ("conference.example.com");
  g_autoptr(SleekDiscoItem) item = sleek_disco_item_new (muc, NULL, "Chatrooms");
  g_autoptr(SleekDiscoItem) item2 = sleek_disco_item_new (muc, "rooms", NULL);

  pt_recv (&f->base, "<iq type='get' id='t1' from='" ROMEO "'><query xmlns='" ITEMS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='t1' to='" ROMEO "'><query xmlns='" ITEMS "'/></iq>");

  sleek_disco_add_item (f->disco, item, NULL);
  sleek_disco_add_item (f->disco, item2, NULL);
  pt_recv (&f->base, "<iq type='get' id='t2' from='" ROMEO "'><query xmlns='" ITEMS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='t2' to='" ROMEO "'><query xmlns='" ITEMS "'>"
                            "<item jid='conference.example.com' name='Chatrooms'/>"
                            "<item jid='conference.example.com' node='rooms'/></query></iq>");
  g_assert_true (sleek_disco_remove_item (f->disco, muc, "rooms", NULL));
  g_assert_false (sleek_disco_remove_item (f->disco, muc, "rooms", NULL));
}

static void
test_get_info (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  GPtrArray *identities;

  sleek_disco_get_info_async (f->disco, romeo, NULL, NULL, on_info, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'><query xmlns='" INFO "'>"
                            "<identity category='client' type='pc' name='Romeo'/>"
                            "<feature var='urn:xmpp:ping'/><feature var='" INFO "'/></query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (SLEEK_IS_DISCO_INFO (f->info));
  g_assert_true (sleek_jid_equal (sleek_disco_info_get_jid (f->info), romeo));
  g_assert_null (sleek_disco_info_get_node (f->info));
  g_assert_true (sleek_disco_info_has_feature (f->info, "urn:xmpp:ping"));
  g_assert_false (sleek_disco_info_has_feature (f->info, "jabber:iq:version"));
  g_assert_cmpstrv (sleek_disco_info_get_features (f->info), ((const char * const []) { "urn:xmpp:ping", INFO, NULL }));
  identities = sleek_disco_info_get_identities (f->info);
  g_assert_cmpuint (identities->len, ==, 1);
  g_assert_cmpstr (sleek_disco_identity_get_category (g_ptr_array_index (identities, 0)), ==, "client");
  g_assert_cmpstr (sleek_disco_identity_get_id_type (g_ptr_array_index (identities, 0)), ==, "pc");
  g_assert_cmpstr (sleek_disco_identity_get_name (g_ptr_array_index (identities, 0)), ==, "Romeo");
  g_assert_null (sleek_disco_identity_get_lang (g_ptr_array_index (identities, 0)));
  g_assert_true (sleek_disco_info_has_identity (f->info, "client", NULL));
  g_assert_false (sleek_disco_info_has_identity (f->info, "server", NULL));

  /* A second query is answered from the cache. */
  reset (f);
  sleek_disco_get_info_async (f->disco, romeo, NULL, NULL, on_info, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (sleek_disco_info_has_feature (f->info, "urn:xmpp:ping"));
  pt_expect_silence (&f->base);

  /* A new session asks again. */
  reset (f);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, sleek_base_xmpp_get_bound_jid (f->base.xmpp));
  sleek_disco_get_info_async (f->disco, romeo, NULL, NULL, on_info, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  g_free (answer);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'><query xmlns='" INFO "'/></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_false (sleek_disco_info_has_feature (f->info, "urn:xmpp:ping"));

  /* Another node is another query. */
  reset (f);
  sleek_disco_get_info_async (f->disco, romeo, "commands", NULL, on_info, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "' node='commands'/></iq>");

  /* Flushed, it asks again. */
  reset (f);
  sleek_disco_flush_cache (f->disco, romeo);
  sleek_disco_get_info_async (f->disco, romeo, NULL, NULL, on_info, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "'/></iq>");
}

static void
test_get_info_error (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_disco_get_info_async (f->disco, romeo, "x", NULL, on_info, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "' node='x'/></iq>");
  answer = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><error type='cancel'>"
                            "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_null (f->info);

  /* Errors are not cached. */
  reset (f);
  sleek_disco_get_info_async (f->disco, romeo, "x", NULL, on_info, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "' node='x'/></iq>");
}

static void
test_get_items (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) server = pt_jid ("example.com");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  SleekDiscoItem *item;

  sleek_disco_set_use_cache (f->disco, FALSE);
  sleek_disco_get_items_async (f->disco, server, NULL, NULL, on_items, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" ITEMS "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'><query xmlns='" ITEMS "'>"
                            "<item jid='conference.example.com' name='Rooms'/>"
                            "<item jid='not a jid@@'/>"
                            "<item jid='pubsub.example.com' node='news'/></query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->items->len, ==, 2);
  item = g_ptr_array_index (f->items, 0);
  g_assert_cmpstr (sleek_jid_to_string (sleek_disco_item_get_jid (item)), ==, "conference.example.com");
  g_assert_cmpstr (sleek_disco_item_get_name (item), ==, "Rooms");
  g_assert_null (sleek_disco_item_get_node (item));
  item = g_ptr_array_index (f->items, 1);
  g_assert_cmpstr (sleek_disco_item_get_node (item), ==, "news");

  /* Without the cache, it asks again. */
  reset (f);
  sleek_disco_get_items_async (f->disco, server, NULL, NULL, on_items, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" ITEMS "'/></iq>");
}

static void
test_not_enabled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekDisco) disco = g_object_ref (f->disco);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0030", NULL));
  sleek_disco_get_info_async (disco, romeo, NULL, NULL, on_info, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

static void
test_stanza_plugins (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='get' id='s1'>"
                                                  "<query xmlns='" INFO "' node='n'/></iq>", &error);
  g_autoptr(SleekIq) made = sleek_iq_new ("get");
  SleekStanza *query;
  g_autofree char *xml = NULL;

  g_assert_no_error (error);
  query = sleek_stanza_get_plugin (iq, "disco_info", FALSE);
  g_assert_true (SLEEK_IS_DISCO_INFO_STANZA (query));
  g_assert_cmpstr (sleek_stanza_get_string (query, "node"), ==, "n");
  g_assert_null (sleek_stanza_get_plugin (iq, "disco_items", FALSE));

  query = sleek_stanza_get_plugin (SLEEK_STANZA (made), "disco_items", TRUE);
  g_assert_true (SLEEK_IS_DISCO_ITEMS_STANZA (query));
  sleek_stanza_set_string (query, "node", "rooms");
  g_assert_cmpstr (sleek_iq_get_query_namespace (made), ==, ITEMS);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_iq_get_payload (made), "node"), ==, "rooms");
}

static void
test_stanza_features (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='result' id='s2'>"
                                                  "<query xmlns='" INFO "'><identity category='server' type='im'/>"
                                                  "<feature var='urn:xmpp:ping'/><feature/>"
                                                  "<feature var='jabber:iq:version'/></query></iq>", &error);
  g_autoptr(SleekIq) made = sleek_iq_new ("result");
  g_autoptr(SleekStanza) again = NULL;
  g_auto(GStrv) features = NULL;
  g_auto(GStrv) made_features = NULL;
  g_autofree char *xml = NULL;
  SleekStanza *query;

  g_assert_no_error (error);
  query = sleek_stanza_get_plugin (iq, "disco_info", FALSE);
  features = sleek_disco_info_stanza_get_features (SLEEK_DISCO_INFO_STANZA (query));
  g_assert_cmpstrv (features, ((const char * const[]) { "urn:xmpp:ping", "jabber:iq:version", NULL }));

  query = sleek_stanza_get_plugin (SLEEK_STANZA (made), "disco_info", TRUE);
  sleek_disco_info_stanza_add_feature (SLEEK_DISCO_INFO_STANZA (query), "urn:xmpp:time");
  sleek_disco_info_stanza_add_feature (SLEEK_DISCO_INFO_STANZA (query), "urn:xmpp:ping");
  sleek_disco_info_stanza_add_feature (SLEEK_DISCO_INFO_STANZA (query), "urn:xmpp:time");
  xml = sleek_stanza_to_string (SLEEK_STANZA (made));
  again = sleek_stanza_parse (xml, &error);
  g_assert_no_error (error);
  made_features = sleek_disco_info_stanza_get_features (
    SLEEK_DISCO_INFO_STANZA (sleek_stanza_get_plugin (again, "disco_info", FALSE)));
  g_assert_cmpstrv (made_features, ((const char * const[]) { "urn:xmpp:time", "urn:xmpp:ping", NULL }));
}

static void
test_stanza_items (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='result' id='s3'>"
                                                  "<query xmlns='" ITEMS "'>"
                                                  "<item jid='example.com' node='music' name='Music'/>"
                                                  "</query></iq>", &error);
  SleekNode *query;
  g_autoptr(SleekStanza) item = NULL;
  g_auto(GStrv) keys = NULL;

  g_assert_no_error (error);
  query = sleek_stanza_get_node (sleek_stanza_get_plugin (iq, "disco_items", FALSE));
  item = sleek_stanza_new_for_node (sleek_node_get_first_child (query));
  g_assert_true (SLEEK_IS_DISCO_ITEM_STANZA (item));
  g_assert_cmpstr (sleek_stanza_get_string (item, "jid"), ==, "example.com");
  g_assert_cmpstr (sleek_stanza_get_string (item, "node"), ==, "music");
  g_assert_cmpstr (sleek_stanza_get_string (item, "name"), ==, "Music");
  keys = sleek_stanza_get_keys (item);
  g_assert_true (g_strv_contains ((const char * const *) keys, "jid"));
  g_assert_true (g_strv_contains ((const char * const *) keys, "name"));
  sleek_stanza_set_string (item, "name", "Songs");
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_first_child (query), "name"), ==, "Songs");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0030/answer-info", test_answer_info);
  ADD ("/xep-0030/default-identity", test_default_identity);
  ADD ("/xep-0030/answer-node", test_answer_node);
  ADD ("/xep-0030/answer-items", test_answer_items);
  ADD ("/xep-0030/get-info", test_get_info);
  ADD ("/xep-0030/get-info-error", test_get_info_error);
  ADD ("/xep-0030/get-items", test_get_items);
  ADD ("/xep-0030/not-enabled", test_not_enabled);
  ADD ("/xep-0030/stanza-plugins", test_stanza_plugins);
  ADD ("/xep-0030/stanza-features", test_stanza_features);
  ADD ("/xep-0030/stanza-items", test_stanza_items);

  return g_test_run ();
}
