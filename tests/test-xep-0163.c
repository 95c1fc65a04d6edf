/* test-xep-0163.c: SleekPep, XEP-0163 Personal Eventing Protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define PS "http://jabber.org/protocol/pubsub"
#define PS_EVENT PS "#event"
#define TUNE "http://jabber.org/protocol/tune"

typedef struct {
  PluginFixture base;
  SleekPep *pep;
  SleekDisco *disco;
  gboolean done;
  GAsyncResult *result;
  GPtrArray *events;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0163", &error));
  g_assert_no_error (error);
  f->pep = SLEEK_PEP (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0163"));
  f->disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  f->events = g_ptr_array_new_with_free_func (g_free);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->result);
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

static gboolean
has_feature (Fixture *f, const char *feature)
{
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (f->disco, NULL);

  return sleek_disco_info_has_feature (info, feature);
}

static void
on_changed (SleekDisco *disco, const char *node, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_interest (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekPep) pep = g_object_ref (f->pep);
  guint changed = 0;

  g_signal_connect (f->disco, "local-info-changed", G_CALLBACK (on_changed), &changed);
  g_assert_false (has_feature (f, TUNE "+notify"));
  sleek_pep_add_interest (f->pep, TUNE);
  g_assert_true (sleek_pep_has_interest (f->pep, TUNE));
  g_assert_true (has_feature (f, TUNE "+notify"));
  g_assert_cmpuint (changed, ==, 1);
  sleek_pep_add_interest (f->pep, TUNE);
  g_assert_cmpuint (changed, ==, 1);

  /* The caps plugin puts the new features in our presence. */
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0115"));

  sleek_pep_remove_interest (f->pep, TUNE);
  g_assert_false (sleek_pep_has_interest (f->pep, TUNE));
  g_assert_false (has_feature (f, TUNE "+notify"));
  g_assert_cmpuint (changed, ==, 2);

  /* Interests outlive the plugin's removal and come back with it. */
  sleek_pep_add_interest (f->pep, TUNE);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0163", &error));
  g_assert_no_error (error);
  g_assert_false (has_feature (f, TUNE "+notify"));
  g_assert_true (sleek_pep_has_interest (pep, TUNE));
  /* The counter lives on this stack: the teardown's changes must not
   * reach it. */
  g_signal_handlers_disconnect_by_data (f->disco, &changed);
}

static void
test_publish (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) tune = sleek_node_new ("tune", TUNE);
  g_autofree char *id = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *answer = NULL;

  sleek_node_set_child_text (tune, "title", TUNE, "Yesterday");
  sleek_pep_publish_async (f->pep, TUNE, NULL, tune, NULL, NULL, on_done, f);
  sent = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><pubsub xmlns='" PS "'>"
                                          "<publish node='" TUNE "'><item><tune xmlns='" TUNE "'>"
                                          "<title>Yesterday</title></tune></item></publish></pubsub></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s'><pubsub xmlns='" PS "'><publish node='" TUNE "'>"
                            "<item id='abc'/></publish></pubsub></iq>", sent);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  id = sleek_pep_publish_finish (f->pep, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "abc");
}

static void
on_item (SleekPep *pep, SleekJid *jid, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup_printf ("%s %s %s", sleek_jid_to_string (jid), node,
                                               sleek_pubsub_item_get_id (item)));
}

static void
on_retract (SleekPep *pep, SleekJid *jid, const char *node, const char *id, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup_printf ("retract %s %s %s", sleek_jid_to_string (jid), node, id));
}

static void
on_tune (SleekPep *pep, SleekJid *jid, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_events (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) service = pt_jid ("pubsub.example.com");
  SleekPubsub *pubsub = SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0060"));
  guint tunes = 0;

  g_signal_connect (f->pep, "item-published", G_CALLBACK (on_item), f);
  g_signal_connect (f->pep, "item-retracted", G_CALLBACK (on_retract), f);
  g_signal_connect (f->pep, "item-published::" TUNE, G_CALLBACK (on_tune), &tunes);
  /* A contact's and our own account's events; not a service's. */
  sleek_pubsub_trust_service (pubsub, service);
  pt_recv (&f->base, "<message from='romeo@example.net'><event xmlns='" PS_EVENT "'><items node='" TUNE "'>"
                     "<item id='t1'><tune xmlns='" TUNE "'/></item><retract id='t0'/></items></event></message>");
  pt_recv (&f->base, "<message from='juliet@example.com'><event xmlns='" PS_EVENT "'><items node='urn:example'>"
                     "<item id='o1'/></items></event></message>");
  pt_recv (&f->base, "<message from='pubsub.example.com'><event xmlns='" PS_EVENT "'><items node='" TUNE "'>"
                     "<item id='s1'/></items></event></message>");
  while (g_main_context_iteration (f->base.ctx, FALSE))
    ;
  g_assert_cmpuint (f->events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "romeo@example.net " TUNE " t1");
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "retract romeo@example.net " TUNE " t0");
  g_assert_cmpstr (g_ptr_array_index (f->events, 2), ==, "juliet@example.com urn:example o1");
  g_assert_cmpuint (tunes, ==, 1);

  /* Gone with the plugin. */
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0163", &error));
  g_assert_no_error (error);
  pt_recv (&f->base, "<message from='romeo@example.net'><event xmlns='" PS_EVENT "'><items node='" TUNE "'>"
                     "<item id='t2'/></items></event></message>");
  while (g_main_context_iteration (f->base.ctx, FALSE))
    ;
  g_assert_cmpuint (f->events->len, ==, 3);
}

static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekPep) pep = g_object_ref (f->pep);
  g_autoptr(SleekNode) tune = sleek_node_new ("tune", TUNE);
  g_autofree char *id = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0163", &error));
  sleek_pep_publish_async (pep, TUNE, NULL, tune, NULL, NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  id = sleek_pep_publish_finish (pep, f->result, &error);
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  g_assert_null (id);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0163/interest", test_interest);
  ADD ("/xep-0163/publish", test_publish);
  ADD ("/xep-0163/events", test_events);
  ADD ("/xep-0163/disabled", test_disabled);

  return g_test_run ();
}
