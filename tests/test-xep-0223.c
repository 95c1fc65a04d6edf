/* test-xep-0223.c: SleekPepStorage, XEP-0223 private data via PubSub
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define PS "http://jabber.org/protocol/pubsub"
#define NOTES "urn:example:notes"
#define OPTIONS "<publish-options><x xmlns='jabber:x:data' type='submit'>" \
                "<field var='FORM_TYPE' type='hidden'><value>" PS "#publish-options</value></field>" \
                "<field var='pubsub#persist_items'><value>true</value></field>" \
                "<field var='pubsub#access_model'><value>whitelist</value></field></x></publish-options>"

typedef struct {
  PluginFixture base;
  SleekPepStorage *storage;
  gboolean done;
  GAsyncResult *result;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0223", &error));
  g_assert_no_error (error);
  f->storage = SLEEK_PEP_STORAGE (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0223"));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->result);
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

static void
exchange (Fixture *f, const char *sent, const char *reply)
{
  f->done = FALSE;
  pt_answer_any_id (&f->base, sent, reply);
  pt_wait_for (&f->base, &f->done);
}

static void
test_options (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = sleek_pep_storage_make_options ();

  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (sleek_data_form_get_form_namespace (form), ==, PS "#publish-options");
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "pubsub#persist_items"), ==, "true");
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "pubsub#access_model"), ==, "whitelist");
}

static void
test_store (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) notes = sleek_node_new ("notes", NOTES);
  g_autoptr(GError) error = NULL;

  sleek_node_set_text (notes, "secret");
  sleek_pep_storage_store_async (f->storage, NOTES, NULL, notes, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><pubsub xmlns='" PS "'><publish node='" NOTES "'><item id='current'>"
               "<notes xmlns='" NOTES "'>secret</notes></item></publish>" OPTIONS "</pubsub></iq>",
            "<iq type='result' id='%s'/>");
  g_assert_true (sleek_pep_storage_store_finish (f->storage, f->result, &error));
  g_assert_no_error (error);

  sleek_pep_storage_store_async (f->storage, NOTES, "other", notes, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><pubsub xmlns='" PS "'><publish node='" NOTES "'><item id='other'>"
               "<notes xmlns='" NOTES "'>secret</notes></item></publish>" OPTIONS "</pubsub></iq>",
            "<iq type='error' id='%s'><error type='cancel'><conflict xmlns='" NS_STANZAS "'/>"
            "<precondition-not-met xmlns='" PS "#errors'/></error></iq>");
  g_assert_false (sleek_pep_storage_store_finish (f->storage, f->result, &error));
  g_assert_error (error, SLEEK_PUBSUB_ERROR, SLEEK_PUBSUB_ERROR_PRECONDITION_NOT_MET);
}

static void
test_retrieve (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) notes = NULL;
  g_autoptr(GError) error = NULL;

  sleek_pep_storage_retrieve_async (f->storage, NOTES, NULL, NULL, on_done, f);
  exchange (f, "<iq type='get' id='%s'><pubsub xmlns='" PS "'><items node='" NOTES "'><item id='current'/>"
               "</items></pubsub></iq>",
            "<iq type='result' id='%s'><pubsub xmlns='" PS "'><items node='" NOTES "'><item id='current'>"
            "<notes xmlns='" NOTES "'>secret</notes></item></items></pubsub></iq>");
  notes = sleek_pep_storage_retrieve_finish (f->storage, f->result, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_node_is (notes, "notes", NOTES));
  g_assert_cmpstr (sleek_node_get_text (notes), ==, "secret");
  g_clear_pointer (&notes, sleek_node_unref);

  /* Another item, or none, is not found. */
  sleek_pep_storage_retrieve_async (f->storage, NOTES, "x", NULL, on_done, f);
  exchange (f, "<iq type='get' id='%s'><pubsub xmlns='" PS "'><items node='" NOTES "'><item id='x'/>"
               "</items></pubsub></iq>",
            "<iq type='result' id='%s'><pubsub xmlns='" PS "'><items node='" NOTES "'><item id='y'>"
            "<notes xmlns='" NOTES "'/></item></items></pubsub></iq>");
  notes = sleek_pep_storage_retrieve_finish (f->storage, f->result, &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_null (notes);
  g_clear_error (&error);

  sleek_pep_storage_retrieve_async (f->storage, NOTES, NULL, NULL, on_done, f);
  exchange (f, "<iq type='get' id='%s'><pubsub xmlns='" PS "'><items node='" NOTES "'><item id='current'/>"
               "</items></pubsub></iq>",
            "<iq type='error' id='%s'><error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  notes = sleek_pep_storage_retrieve_finish (f->storage, f->result, &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekPepStorage) storage = g_object_ref (f->storage);
  g_autoptr(SleekNode) notes = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0223", &error));
  sleek_pep_storage_retrieve_async (storage, NOTES, NULL, NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  notes = sleek_pep_storage_retrieve_finish (storage, f->result, &error);
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0223/options", test_options);
  ADD ("/xep-0223/store", test_store);
  ADD ("/xep-0223/retrieve", test_retrieve);
  ADD ("/xep-0223/disabled", test_disabled);

  return g_test_run ();
}
