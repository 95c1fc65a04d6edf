/* test-xep-0402.c: SleekBookmarks, XEP-0402 PEP Native Bookmarks with
 * the XEP-0048 fallback
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define PS "http://jabber.org/protocol/pubsub"
#define PS_EVENT PS "#event"
#define BM "urn:xmpp:bookmarks:1"
#define LEGACY "storage:bookmarks"
#define DISCO_GET "<iq type='get' id='%s' to='juliet@example.com'>" \
                  "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>"
#define OPTIONS "<publish-options><x xmlns='jabber:x:data' type='submit'>" \
                "<field var='FORM_TYPE' type='hidden'><value>" PS "#publish-options</value></field>" \
                "<field var='pubsub#persist_items'><value>true</value></field>" \
                "<field var='pubsub#access_model'><value>whitelist</value></field>" \
                "<field var='pubsub#max_items'><value>max</value></field>" \
                "<field var='pubsub#send_last_published_item'><value>never</value></field>" \
                "</x></publish-options>"

typedef struct {
  PluginFixture base;
  SleekBookmarks *bookmarks;
  GListModel *model;
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
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0402", &error));
  g_assert_no_error (error);
  f->bookmarks = SLEEK_BOOKMARKS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0402"));
  f->model = sleek_bookmarks_get_model (f->bookmarks);
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
exchange (Fixture *f, const char *sent, const char *reply, gboolean last)
{
  pt_answer_any_id (&f->base, sent, reply);
  if (last)
    {
      pt_wait_for (&f->base, &f->done);
      f->done = FALSE;
    }
}

static SleekBookmark *
nth (Fixture *f, guint n)
{
  SleekBookmark *bookmark = g_list_model_get_item (f->model, n);

  g_object_unref (bookmark);  /* the model keeps it */
  return bookmark;
}

static void
load_native (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_bookmarks_load_async (f->bookmarks, NULL, on_done, f);
  exchange (f, DISCO_GET,
            "<iq type='result' id='%s' from='juliet@example.com'><query xmlns='http://jabber.org/protocol/disco#info'>"
            "<identity category='account' type='registered'/><feature var='" BM "#compat'/></query></iq>", FALSE);
  exchange (f, "<iq type='get' id='%s'><pubsub xmlns='" PS "'><items node='" BM "'/></pubsub></iq>",
            "<iq type='result' id='%s'><pubsub xmlns='" PS "'><items node='" BM "'>"
            "<item id='theplay@conference.shakespeare.lit'><conference xmlns='" BM "' name='The Play' autojoin='true'>"
            "<nick>JC</nick><password>pw</password><extensions><state xmlns='urn:example'/></extensions>"
            "</conference></item>"
            "<item id='not a jid@@'><conference xmlns='" BM "'/></item>"
            "<item id='orchard@conference.shakespeare.lit'><conference xmlns='" BM "'/></item>"
            "</items></pubsub></iq>", TRUE);
  g_assert_true (sleek_bookmarks_load_finish (f->bookmarks, f->result, &error));
  g_assert_no_error (error);
}

static void
test_load_native (Fixture *f, gconstpointer data)
{
  SleekBookmark *play;

  g_assert_false (sleek_bookmarks_get_loaded (f->bookmarks));
  load_native (f);
  g_assert_true (sleek_bookmarks_get_loaded (f->bookmarks));
  g_assert_true (sleek_bookmarks_get_native (f->bookmarks));
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2);
  play = nth (f, 0);
  g_assert_cmpstr (sleek_jid_to_string (sleek_bookmark_get_jid (play)), ==, "theplay@conference.shakespeare.lit");
  g_assert_cmpstr (sleek_bookmark_get_name (play), ==, "The Play");
  g_assert_true (sleek_bookmark_get_autojoin (play));
  g_assert_cmpstr (sleek_bookmark_get_nick (play), ==, "JC");
  g_assert_cmpstr (sleek_bookmark_get_password (play), ==, "pw");
  g_assert_nonnull (sleek_node_get_child (sleek_bookmark_get_extensions (play), "state", "urn:example"));
  g_assert_false (sleek_bookmark_get_autojoin (nth (f, 1)));
  g_assert_null (sleek_bookmark_get_name (nth (f, 1)));
}

static void
test_native_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) orchard = pt_jid ("orchard@conference.shakespeare.lit");
  g_autoptr(SleekBookmark) bookmark = sleek_bookmark_new (orchard);

  load_native (f);
  sleek_bookmark_set_name (bookmark, "Orchard");
  sleek_bookmark_set_nick (bookmark, "Juliet");
  sleek_bookmark_set_autojoin (bookmark, TRUE);
  sleek_bookmarks_add_async (f->bookmarks, bookmark, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><pubsub xmlns='" PS "'><publish node='" BM "'>"
               "<item id='orchard@conference.shakespeare.lit'><conference xmlns='" BM "' name='Orchard' autojoin='true'>"
               "<nick>Juliet</nick></conference></item></publish>" OPTIONS "</pubsub></iq>",
            "<iq type='result' id='%s'/>", TRUE);
  g_assert_true (sleek_bookmarks_add_finish (f->bookmarks, f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2);
  g_assert_true (nth (f, 1) == bookmark);
  g_assert_true (sleek_bookmarks_lookup (f->bookmarks, orchard) == bookmark);

  sleek_bookmarks_remove_async (f->bookmarks, orchard, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><pubsub xmlns='" PS "'><retract node='" BM "' notify='true'>"
               "<item id='orchard@conference.shakespeare.lit'/></retract></pubsub></iq>",
            "<iq type='result' id='%s'/>", TRUE);
  g_assert_true (sleek_bookmarks_remove_finish (f->bookmarks, f->result, &error));
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 1);
  g_assert_null (sleek_bookmarks_lookup (f->bookmarks, orchard));

  /* A failure changes nothing. */
  sleek_bookmarks_add_async (f->bookmarks, bookmark, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><pubsub xmlns='" PS "'><publish node='" BM "'>"
               "<item id='orchard@conference.shakespeare.lit'><conference xmlns='" BM "' name='Orchard' autojoin='true'>"
               "<nick>Juliet</nick></conference></item></publish>" OPTIONS "</pubsub></iq>",
            "<iq type='error' id='%s'><error type='wait'><resource-constraint xmlns='" NS_STANZAS "'/></error></iq>",
            TRUE);
  g_assert_false (sleek_bookmarks_add_finish (f->bookmarks, f->result, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_RESOURCE_CONSTRAINT);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 1);
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
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  g_assert_true (sleek_disco_info_has_feature (info, BM "+notify"));
  load_native (f);
  pt_recv (&f->base, "<message from='juliet@example.com' type='headline'><event xmlns='" PS_EVENT "'>"
                     "<items node='" BM "'><item id='balcony@conference.shakespeare.lit'>"
                     "<conference xmlns='" BM "' name='Balcony'/></item></items></event></message>");
  /* Someone else's bookmarks are not ours. */
  pt_recv (&f->base, "<message from='romeo@example.net' type='headline'><event xmlns='" PS_EVENT "'>"
                     "<items node='" BM "'><item id='tomb@conference.shakespeare.lit'>"
                     "<conference xmlns='" BM "'/></item></items></event></message>");
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 3);
  g_assert_cmpstr (sleek_bookmark_get_name (nth (f, 2)), ==, "Balcony");

  /* A change in place, then a retraction. */
  pt_recv (&f->base, "<message from='juliet@example.com' type='headline'><event xmlns='" PS_EVENT "'>"
                     "<items node='" BM "'><item id='theplay@conference.shakespeare.lit'>"
                     "<conference xmlns='" BM "' name='Renamed'/></item>"
                     "<retract id='orchard@conference.shakespeare.lit'/></items></event></message>");
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2);
  g_assert_cmpstr (sleek_bookmark_get_name (nth (f, 0)), ==, "Renamed");
  g_assert_false (sleek_bookmark_get_autojoin (nth (f, 0)));
  g_assert_cmpstr (sleek_bookmark_get_name (nth (f, 1)), ==, "Balcony");
}

static void
test_legacy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) orchard = pt_jid ("orchard@conference.shakespeare.lit");
  g_autoptr(SleekJid) play = pt_jid ("theplay@conference.shakespeare.lit");
  g_autoptr(SleekBookmark) bookmark = sleek_bookmark_new (orchard);
  g_autoptr(SleekNode) extensions = sleek_node_new ("extensions", BM);

  sleek_bookmarks_load_async (f->bookmarks, NULL, on_done, f);
  exchange (f, DISCO_GET,
            "<iq type='result' id='%s' from='juliet@example.com'><query xmlns='http://jabber.org/protocol/disco#info'>"
            "<identity category='account' type='registered'/></query></iq>", FALSE);
  exchange (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:private'><storage xmlns='" LEGACY "'/></query></iq>",
            "<iq type='result' id='%s'><query xmlns='jabber:iq:private'><storage xmlns='" LEGACY "'>"
            "<conference name='The Play' autojoin='1' jid='theplay@conference.shakespeare.lit'><nick>JC</nick>"
            "</conference><conference name='no jid'/><url name='web' url='https://example.com/'/>"
            "</storage></query></iq>", TRUE);
  g_assert_true (sleek_bookmarks_load_finish (f->bookmarks, f->result, &error));
  g_assert_no_error (error);
  g_assert_false (sleek_bookmarks_get_native (f->bookmarks));
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 1);
  g_assert_true (sleek_bookmark_get_autojoin (nth (f, 0)));
  g_assert_cmpstr (sleek_bookmark_get_nick (nth (f, 0)), ==, "JC");

  /* The whole storage is written, without extensions. */
  sleek_bookmark_set_password (bookmark, "secret");
  sleek_bookmark_set_extensions (bookmark, extensions);
  sleek_bookmarks_add_async (f->bookmarks, bookmark, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:private'><storage xmlns='" LEGACY "'>"
               "<conference jid='theplay@conference.shakespeare.lit' name='The Play' autojoin='true'><nick>JC</nick>"
               "</conference><conference jid='orchard@conference.shakespeare.lit' autojoin='false'>"
               "<password>secret</password></conference></storage></query></iq>",
            "<iq type='result' id='%s'/>", TRUE);
  g_assert_true (sleek_bookmarks_add_finish (f->bookmarks, f->result, &error));
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 2);

  sleek_bookmarks_remove_async (f->bookmarks, play, NULL, on_done, f);
  exchange (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:private'><storage xmlns='" LEGACY "'>"
               "<conference jid='orchard@conference.shakespeare.lit' autojoin='false'>"
               "<password>secret</password></conference></storage></query></iq>",
            "<iq type='result' id='%s'/>", TRUE);
  g_assert_true (sleek_bookmarks_remove_finish (f->bookmarks, f->result, &error));
  g_assert_cmpuint (g_list_model_get_n_items (f->model), ==, 1);
  g_assert_true (nth (f, 0) == bookmark);

  /* An answer without storage is an error. */
  sleek_bookmarks_load_async (f->bookmarks, NULL, on_done, f);
  exchange (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:private'><storage xmlns='" LEGACY "'/></query></iq>",
            "<iq type='result' id='%s'/>", TRUE);
  g_assert_false (sleek_bookmarks_load_finish (f->bookmarks, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_not_loaded (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) orchard = pt_jid ("orchard@conference.shakespeare.lit");

  sleek_bookmarks_remove_async (f->bookmarks, orchard, NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_false (sleek_bookmarks_remove_finish (f->bookmarks, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  pt_expect_silence (&f->base);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0402/load-native", test_load_native);
  ADD ("/xep-0402/native-changes", test_native_changes);
  ADD ("/xep-0402/notifications", test_notifications);
  ADD ("/xep-0402/legacy", test_legacy);
  ADD ("/xep-0402/not-loaded", test_not_loaded);

  return g_test_run ();
}
