/* test-xep-0060.c: SleekPubsub, XEP-0060 Publish-Subscribe
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define PS "http://jabber.org/protocol/pubsub"
#define PS_OWNER PS "#owner"
#define PS_EVENT PS "#event"
#define PS_ERRORS PS "#errors"
#define RSM "http://jabber.org/protocol/rsm"
#define SERVICE "pubsub.example.com"

typedef struct {
  PluginFixture base;
  SleekPubsub *pubsub;
  gboolean done;
  GAsyncResult *result;
  GPtrArray *events;  /* strings describing the signals seen */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0060", &error));
  g_assert_no_error (error);
  f->pubsub = SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0060"));
  f->events = g_ptr_array_new_with_free_func (g_free);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  g_clear_object (&f->result);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  reset (f);
  g_ptr_array_unref (f->events);
  pt_teardown (&f->base, data);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->result);
  f->result = g_object_ref (result);
  f->done = TRUE;
}

/* Expects @sent (with %s for the id), answers @reply (with %s for the
 * same id) and waits for the callback. */
static void
exchange (Fixture *f, const char *sent, const char *reply)
{
  pt_answer_any_id (&f->base, sent, reply);
  pt_wait_for (&f->base, &f->done);
}

static SleekNode *
parse_node (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekNode *node = sleek_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_publish (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(SleekNode) entry = parse_node ("<entry xmlns='urn:example'><title>Soliloquy</title></entry>");
  g_autoptr(SleekDataForm) options = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_data_form_set_field_value (options, "pubsub#access_model", "presence");
  sleek_pubsub_publish_async (f->pubsub, service, "musings", "ae890", entry, options, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><publish node='musings'>"
            "<item id='ae890'><entry xmlns='urn:example'><title>Soliloquy</title></entry></item></publish>"
            "<publish-options><x xmlns='jabber:x:data' type='submit'>"
            "<field var='FORM_TYPE' type='hidden'><value>" PS "#publish-options</value></field>"
            "<field var='pubsub#access_model'><value>presence</value></field></x></publish-options>"
            "</pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "ae890");

  /* No id: the service's, and our own account's service. */
  reset (f);
  g_clear_pointer (&id, g_free);
  sleek_pubsub_publish_async (f->pubsub, NULL, "musings", NULL, entry, NULL, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s'><pubsub xmlns='" PS "'><publish node='musings'>"
            "<item><entry xmlns='urn:example'><title>Soliloquy</title></entry></item></publish></pubsub></iq>",
            "<iq type='result' id='%s'><pubsub xmlns='" PS "'><publish node='musings'><item id='4e30f35'/>"
            "</publish></pubsub></iq>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "4e30f35");
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *sent = "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><publish node='n'>"
                     "<item id='i'/></publish></pubsub></iq>";

  sleek_pubsub_publish_async (f->pubsub, service, "n", "i", NULL, NULL, NULL, on_done, f);
  exchange (f, sent,
            "<iq type='error' id='%s' from='" SERVICE "'><error type='modify'>"
            "<conflict xmlns='" NS_STANZAS "'/><precondition-not-met xmlns='" PS_ERRORS "'/></error></iq>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_error (error, SLEEK_PUBSUB_ERROR, SLEEK_PUBSUB_ERROR_PRECONDITION_NOT_MET);
  g_assert_null (id);
  g_clear_error (&error);

  reset (f);
  sleek_pubsub_publish_async (f->pubsub, service, "n", "i", NULL, NULL, NULL, on_done, f);
  exchange (f, sent,
            "<iq type='error' id='%s' from='" SERVICE "'><error type='cancel'>"
            "<feature-not-implemented xmlns='" NS_STANZAS "'/>"
            "<unsupported xmlns='" PS_ERRORS "' feature='publish'/></error></iq>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_error (error, SLEEK_PUBSUB_ERROR, SLEEK_PUBSUB_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "publish"));
  g_clear_error (&error);

  /* The text of the error is the message. */
  reset (f);
  sleek_pubsub_publish_async (f->pubsub, service, "n", "i", NULL, NULL, NULL, on_done, f);
  exchange (f, sent,
            "<iq type='error' id='%s' from='" SERVICE "'><error type='modify'>"
            "<bad-request xmlns='" NS_STANZAS "'/><invalid-payload xmlns='" PS_ERRORS "'/>"
            "<text xmlns='" NS_STANZAS "'>Too weird</text></error></iq>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_error (error, SLEEK_PUBSUB_ERROR, SLEEK_PUBSUB_ERROR_INVALID_PAYLOAD);
  g_assert_cmpstr (error->message, ==, "Too weird");
  g_clear_error (&error);

  /* An unknown or absent specific condition leaves the stanza error. */
  reset (f);
  sleek_pubsub_publish_async (f->pubsub, service, "n", "i", NULL, NULL, NULL, on_done, f);
  exchange (f, sent,
            "<iq type='error' id='%s' from='" SERVICE "'><error type='auth'>"
            "<forbidden xmlns='" NS_STANZAS "'/><made-up xmlns='" PS_ERRORS "'/></error></iq>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_clear_error (&error);

  reset (f);
  sleek_pubsub_publish_async (f->pubsub, service, "n", "i", NULL, NULL, NULL, on_done, f);
  exchange (f, sent,
            "<iq type='error' id='%s' from='" SERVICE "'><error type='cancel'>"
            "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  id = sleek_pubsub_publish_finish (f->pubsub, f->result, &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
test_retract (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  sleek_pubsub_retract_async (f->pubsub, NULL, "musings", "ae890", TRUE, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s'><pubsub xmlns='" PS "'><retract node='musings' notify='true'>"
            "<item id='ae890'/></retract></pubsub></iq>",
            "<iq type='result' id='%s'/>");
  g_assert_true (sleek_pubsub_retract_finish (f->pubsub, f->result, &error));
  g_assert_no_error (error);

  reset (f);
  sleek_pubsub_retract_async (f->pubsub, NULL, "musings", "ae891", FALSE, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s'><pubsub xmlns='" PS "'><retract node='musings'>"
            "<item id='ae891'/></retract></pubsub></iq>",
            "<iq type='error' id='%s'><error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_false (sleek_pubsub_retract_finish (f->pubsub, f->result, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
test_items (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(SleekResultSet) set = NULL;
  g_autoptr(SleekResultSet) page = sleek_result_set_new ();
  const char *ids[] = { "a", "b", NULL };
  SleekPubsubItem *item;

  sleek_pubsub_get_items_async (f->pubsub, service, "musings", NULL, 2, NULL, NULL, on_done, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<items node='musings' max_items='2'/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'>"
            "<item id='a' publisher='romeo@example.net'><entry xmlns='urn:example'>one</entry></item>"
            "<item id='b'/></items></pubsub></iq>");
  items = sleek_pubsub_get_items_finish (f->pubsub, f->result, &set, &error);
  g_assert_no_error (error);
  g_assert_null (set);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (sleek_pubsub_item_get_id (item), ==, "a");
  g_assert_cmpstr (sleek_pubsub_item_get_publisher (item), ==, "romeo@example.net");
  g_assert_cmpstr (sleek_node_get_text (sleek_pubsub_item_get_payload (item)), ==, "one");
  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (sleek_pubsub_item_get_id (item), ==, "b");
  g_assert_null (sleek_pubsub_item_get_payload (item));
  g_assert_null (sleek_pubsub_item_get_publisher (item));
  g_clear_pointer (&items, g_ptr_array_unref);

  /* By id, and one page. */
  reset (f);
  sleek_result_set_set_max (page, 1);
  sleek_result_set_set_after (page, "a");
  sleek_pubsub_get_items_async (f->pubsub, service, "musings", ids, 0, page, NULL, on_done, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<items node='musings'><item id='a'/><item id='b'/></items>"
            "<set xmlns='" RSM "'><max>1</max><after>a</after></set></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'>"
            "<item id='b'/></items><set xmlns='" RSM "'><first>b</first><last>b</last><count>2</count></set>"
            "</pubsub></iq>");
  items = sleek_pubsub_get_items_finish (f->pubsub, f->result, &set, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_nonnull (set);
  g_assert_cmpint (sleek_result_set_get_count (set), ==, 2);
  g_assert_cmpstr (sleek_result_set_get_last (set), ==, "b");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* No items element. */
  reset (f);
  sleek_pubsub_get_items_async (f->pubsub, service, "musings", NULL, 0, NULL, NULL, on_done, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  items = sleek_pubsub_get_items_finish (f->pubsub, f->result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (items);
}

static void
on_page (GObject *source, GAsyncResult *result, gpointer user_data)
{
  on_done (source, result, user_data);
}

static void
test_iterate (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(SleekResultSetIterator) iter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = NULL;
  g_autoptr(GPtrArray) items = NULL;

  iter = sleek_pubsub_iterate_items (f->pubsub, service, "musings", 2);
  g_assert_nonnull (iter);
  sleek_result_set_iterator_next_async (iter, NULL, on_page, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'/>"
            "<set xmlns='" RSM "'><max>2</max></set></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'>"
            "<item id='1'/><item id='2'/></items>"
            "<set xmlns='" RSM "'><first index='0'>1</first><last>2</last><count>3</count></set></pubsub></iq>");
  answer = sleek_result_set_iterator_next_finish (iter, f->result, &error);
  g_assert_no_error (error);
  items = sleek_pubsub_parse_items (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_false (sleek_result_set_iterator_is_done (iter));
  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_object (&answer);

  reset (f);
  sleek_result_set_iterator_next_async (iter, NULL, on_page, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'/>"
            "<set xmlns='" RSM "'><max>2</max><after>2</after></set></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'><items node='musings'>"
            "<item id='3'/></items>"
            "<set xmlns='" RSM "'><first index='2'>3</first><last>3</last><count>3</count></set></pubsub></iq>");
  answer = sleek_result_set_iterator_next_finish (iter, f->result, &error);
  g_assert_no_error (error);
  items = sleek_pubsub_parse_items (answer, &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (sleek_pubsub_item_get_id (g_ptr_array_index (items, 0)), ==, "3");
  g_assert_true (sleek_result_set_iterator_is_done (iter));
}

static void
test_subscribe (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekPubsubSubscription) sub = NULL;

  sleek_pubsub_subscribe_async (f->pubsub, service, "musings", NULL, NULL, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<subscribe node='musings' jid='juliet@example.com'/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<subscription node='musings' jid='juliet@example.com' subid='ba49252aaa4f5d320c24d3766f0bdcade78c78d3'"
            " subscription='unconfigured'/></pubsub></iq>");
  sub = sleek_pubsub_subscribe_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_pubsub_subscription_get_node (sub), ==, "musings");
  g_assert_cmpstr (sleek_jid_to_string (sleek_pubsub_subscription_get_jid (sub)), ==, "juliet@example.com");
  g_assert_cmpstr (sleek_pubsub_subscription_get_subid (sub), ==, "ba49252aaa4f5d320c24d3766f0bdcade78c78d3");
  g_assert_cmpint (sleek_pubsub_subscription_get_state (sub), ==, SLEEK_PUBSUB_SUBSCRIPTION_UNCONFIGURED);
  g_clear_object (&sub);

  /* An empty answer means subscribed; a bad state is an error. */
  reset (f);
  sleek_pubsub_subscribe_async (f->pubsub, service, "other", NULL, NULL, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<subscribe node='other' jid='juliet@example.com'/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  sub = sleek_pubsub_subscribe_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sleek_pubsub_subscription_get_state (sub), ==, SLEEK_PUBSUB_SUBSCRIPTION_SUBSCRIBED);
  g_assert_null (sleek_pubsub_subscription_get_subid (sub));
  g_clear_object (&sub);

  reset (f);
  sleek_pubsub_subscribe_async (f->pubsub, service, "other", NULL, NULL, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<subscribe node='other' jid='juliet@example.com'/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<subscription node='other' subscription='maybe'/></pubsub></iq>");
  sub = sleek_pubsub_subscribe_finish (f->pubsub, f->result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (sub);
  g_clear_error (&error);

  reset (f);
  sleek_pubsub_unsubscribe_async (f->pubsub, service, "musings", NULL, "ba49", NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<unsubscribe node='musings' jid='juliet@example.com' subid='ba49'/></pubsub></iq>",
            "<iq type='error' id='%s' from='" SERVICE "'><error type='modify'>"
            "<not-acceptable xmlns='" NS_STANZAS "'/><invalid-subid xmlns='" PS_ERRORS "'/></error></iq>");
  g_assert_false (sleek_pubsub_unsubscribe_finish (f->pubsub, f->result, &error));
  g_assert_error (error, SLEEK_PUBSUB_ERROR, SLEEK_PUBSUB_ERROR_INVALID_SUBID);
}

static void
test_nodes (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDataForm) config = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_autoptr(SleekDataForm) form = NULL;
  g_autofree char *node = NULL;

  sleek_data_form_set_form_namespace (config, PS "#node_config");
  sleek_data_form_set_field_value (config, "pubsub#max_items", "10");
  sleek_pubsub_create_node_async (f->pubsub, service, NULL, config, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><create/><configure>"
            "<x xmlns='jabber:x:data' type='submit'>"
            "<field var='FORM_TYPE' type='hidden'><value>" PS "#node_config</value></field>"
            "<field var='pubsub#max_items'><value>10</value></field></x></configure></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS "'>"
            "<create node='25e3d37dabbab9541f7523321421edc5bfeb2dae'/></pubsub></iq>");
  node = sleek_pubsub_create_node_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (node, ==, "25e3d37dabbab9541f7523321421edc5bfeb2dae");
  g_clear_pointer (&node, g_free);

  /* An instant node the answer does not name. */
  reset (f);
  sleek_pubsub_create_node_async (f->pubsub, service, NULL, NULL, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><create/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  node = sleek_pubsub_create_node_finish (f->pubsub, f->result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  reset (f);
  sleek_pubsub_create_node_async (f->pubsub, service, "named", NULL, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS "'><create node='named'/></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  node = sleek_pubsub_create_node_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (node, ==, "named");

  reset (f);
  sleek_pubsub_get_node_config_async (f->pubsub, service, "named", NULL, on_done, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS_OWNER "'><configure node='named'/>"
            "</pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS_OWNER "'><configure node='named'>"
            "<x xmlns='jabber:x:data' type='form'>"
            "<field var='FORM_TYPE' type='hidden'><value>" PS "#node_config</value></field>"
            "<field var='pubsub#title' type='text-single' label='Title'><value>Old</value></field>"
            "</x></configure></pubsub></iq>");
  form = sleek_pubsub_get_node_config_finish (f->pubsub, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "pubsub#title"), ==, "Old");

  reset (f);
  sleek_data_form_set_field_value (form, "pubsub#title", "New");
  sleek_pubsub_configure_node_async (f->pubsub, service, "named", form, NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS_OWNER "'><configure node='named'>"
            "<x xmlns='jabber:x:data' type='submit'>"
            "<field var='FORM_TYPE' type='hidden'><value>" PS "#node_config</value></field>"
            "<field var='pubsub#title'><value>New</value></field></x></configure></pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  g_assert_true (sleek_pubsub_configure_node_finish (f->pubsub, f->result, &error));
  g_assert_no_error (error);

  reset (f);
  sleek_pubsub_get_node_config_async (f->pubsub, service, "named", NULL, on_done, f);
  exchange (f,
            "<iq type='get' id='%s' to='" SERVICE "'><pubsub xmlns='" PS_OWNER "'><configure node='named'/>"
            "</pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'><pubsub xmlns='" PS_OWNER "'/></iq>");
  g_assert_null (sleek_pubsub_get_node_config_finish (f->pubsub, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  reset (f);
  sleek_pubsub_purge_async (f->pubsub, service, "named", NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS_OWNER "'><purge node='named'/>"
            "</pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  g_assert_true (sleek_pubsub_purge_finish (f->pubsub, f->result, &error));
  g_assert_no_error (error);

  reset (f);
  sleek_pubsub_delete_node_async (f->pubsub, service, "named", NULL, on_done, f);
  exchange (f,
            "<iq type='set' id='%s' to='" SERVICE "'><pubsub xmlns='" PS_OWNER "'><delete node='named'/>"
            "</pubsub></iq>",
            "<iq type='result' id='%s' from='" SERVICE "'/>");
  g_assert_true (sleek_pubsub_delete_node_finish (f->pubsub, f->result, &error));
  g_assert_no_error (error);
}

static void
on_published (SleekPubsub *pubsub, SleekJid *service, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  Fixture *f = user_data;
  SleekNode *payload = sleek_pubsub_item_get_payload (item);

  g_ptr_array_add (f->events, g_strdup_printf ("published %s %s %s %s", sleek_jid_to_string (service), node,
                                               sleek_pubsub_item_get_id (item),
                                               payload != NULL ? sleek_node_get_text (payload) : "-"));
}

static void
on_retracted (SleekPubsub *pubsub, SleekJid *service, const char *node, const char *id, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup_printf ("retracted %s %s %s", sleek_jid_to_string (service), node, id));
}

static void
on_deleted (SleekPubsub *pubsub, SleekJid *service, const char *node, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup_printf ("deleted %s %s", sleek_jid_to_string (service), node));
}

static void
on_purged (SleekPubsub *pubsub, SleekJid *service, const char *node, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup_printf ("purged %s %s", sleek_jid_to_string (service), node));
}

static void
on_detailed (SleekPubsub *pubsub, SleekJid *service, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
flush (Fixture *f)
{
  while (g_main_context_iteration (f->base.ctx, FALSE))
    ;
}

static void
test_notifications (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  guint musings = 0;

  g_signal_connect (f->pubsub, "item-published", G_CALLBACK (on_published), f);
  g_signal_connect (f->pubsub, "item-published::musings", G_CALLBACK (on_detailed), &musings);
  g_signal_connect (f->pubsub, "item-retracted", G_CALLBACK (on_retracted), f);
  g_signal_connect (f->pubsub, "node-deleted", G_CALLBACK (on_deleted), f);
  g_signal_connect (f->pubsub, "node-purged", G_CALLBACK (on_purged), f);

  /* A service never asked anything is not believed; an account is. */
  pt_recv (&f->base, "<message from='" SERVICE "'><event xmlns='" PS_EVENT "'><items node='musings'>"
                     "<item id='x'/></items></event></message>");
  pt_recv (&f->base, "<message from='romeo@example.net'><event xmlns='" PS_EVENT "'><items node='tune'>"
                     "<item id='t'><tune xmlns='urn:example'>song</tune></item></items></event></message>");
  /* A full JID is never a service. */
  pt_recv (&f->base, "<message from='romeo@example.net/orchard'><event xmlns='" PS_EVENT "'>"
                     "<items node='tune'><item id='u'/></items></event></message>");
  flush (f);
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "published romeo@example.net tune t song");
  g_assert_cmpuint (musings, ==, 0);

  sleek_pubsub_trust_service (f->pubsub, service);
  pt_recv (&f->base, "<message from='" SERVICE "'><event xmlns='" PS_EVENT "'><items node='musings'>"
                     "<item id='x'><p xmlns='urn:example'>hi</p></item><item id='y'/><retract id='z'/>"
                     "</items></event></message>");
  pt_recv (&f->base, "<message from='" SERVICE "'><event xmlns='" PS_EVENT "'><purge node='musings'/>"
                     "</event></message>");
  pt_recv (&f->base, "<message from='" SERVICE "'><event xmlns='" PS_EVENT "'><delete node='musings'/>"
                     "</event></message>");
  /* Errors and elements without a node are ignored. */
  pt_recv (&f->base, "<message type='error' from='" SERVICE "'><event xmlns='" PS_EVENT "'>"
                     "<delete node='musings'/></event></message>");
  pt_recv (&f->base, "<message from='" SERVICE "'><event xmlns='" PS_EVENT "'><items><item id='q'/></items>"
                     "</event></message>");
  flush (f);
  g_assert_cmpuint (f->events->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "published " SERVICE " musings x hi");
  g_assert_cmpstr (g_ptr_array_index (f->events, 2), ==, "published " SERVICE " musings y -");
  g_assert_cmpstr (g_ptr_array_index (f->events, 3), ==, "retracted " SERVICE " musings z");
  g_assert_cmpstr (g_ptr_array_index (f->events, 4), ==, "purged " SERVICE " musings");
  g_assert_cmpstr (g_ptr_array_index (f->events, 5), ==, "deleted " SERVICE " musings");
  g_assert_cmpuint (musings, ==, 2);
}

static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekPubsub) pubsub = g_object_ref (f->pubsub);
  g_autofree char *id = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0060", &error));
  g_assert_no_error (error);
  sleek_pubsub_publish_async (pubsub, NULL, "n", NULL, NULL, NULL, NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  id = sleek_pubsub_publish_finish (pubsub, f->result, &error);
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  g_assert_null (sleek_pubsub_iterate_items (pubsub, NULL, "n", 5));
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0060/publish", test_publish);
  ADD ("/xep-0060/errors", test_errors);
  ADD ("/xep-0060/retract", test_retract);
  ADD ("/xep-0060/items", test_items);
  ADD ("/xep-0060/iterate", test_iterate);
  ADD ("/xep-0060/subscribe", test_subscribe);
  ADD ("/xep-0060/nodes", test_nodes);
  ADD ("/xep-0060/notifications", test_notifications);
  ADD ("/xep-0060/disabled", test_disabled);

  return g_test_run ();
}
