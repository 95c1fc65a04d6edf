/* plugin-test-util.c: a stream with plugins over SleekTestStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

/* A minimal concrete stream. */
G_DECLARE_FINAL_TYPE (PtXmpp, pt_xmpp, PT, XMPP, SleekBaseXmpp)

struct _PtXmpp
{
  SleekBaseXmpp parent_instance;
};

G_DEFINE_FINAL_TYPE (PtXmpp, pt_xmpp, SLEEK_TYPE_BASE_XMPP)

static void
pt_xmpp_class_init (PtXmppClass *klass)
{
}

static void
pt_xmpp_init (PtXmpp *self)
{
}

SleekJid *
pt_jid (const char *text)
{
  g_autoptr(GError) error = NULL;
  SleekJid *j = sleek_jid_new (text, &error);

  g_assert_no_error (error);
  return j;
}

SleekMessage *
pt_message (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_true (SLEEK_IS_MESSAGE (stanza));
  return SLEEK_MESSAGE (stanza);
}

void
pt_setup (PluginFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) requested = pt_jid ("juliet@example.com");

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->xmpp = g_object_new (pt_xmpp_get_type (), "jid", requested, NULL);
  sleek_test_stream_start (f->peer, SLEEK_XML_STREAM (f->xmpp), NULL, &error);
  g_assert_no_error (error);
}

void
pt_teardown (PluginFixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->xmpp));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->xmpp);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

void
pt_recv (PluginFixture *f, const char *xml)
{
  sleek_test_stream_recv (f->peer, xml);
}

void
pt_expect_send (PluginFixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (f->peer, xml, &error);
  g_assert_no_error (error);
}

void
pt_expect_silence (PluginFixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_silence (f->peer, 50, &error);
  g_assert_no_error (error);
}

/* Takes the next stanza sent and compares it with @format, where %s
 * stands for the id the library made up. Returns the id. */
char *
pt_expect_send_any_id (PluginFixture *f, const char *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = sleek_test_stream_next_send (f->peer, &error);
  g_autoptr(GString) expected = g_string_new (format);
  g_autofree char *got = NULL;
  g_autoptr(SleekNode) want = NULL;
  g_autofree char *wrapped = NULL;
  const char *id;

  g_assert_no_error (error);
  id = sleek_node_get_attribute (sent, "id");
  g_assert_nonnull (id);
  g_string_replace (expected, "%s", id, 0);
  wrapped = g_strconcat ("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
                         expected->str, "</stream:stream>", NULL);
  want = sleek_node_parse (wrapped, -1, &error);
  g_assert_no_error (error);
  if (!sleek_node_equal (sleek_node_get_first_child (want), sent))
    {
      got = sleek_node_to_string_in_namespace (sent, "jabber:client");
      g_error ("Expected %s, got %s", expected->str, got);
    }
  return g_strdup (id);
}

void
pt_answer_any_id (PluginFixture *f, const char *sent, const char *reply)
{
  g_autofree char *id = pt_expect_send_any_id (f, sent);
  g_autoptr(GString) answer = g_string_new (reply);

  g_string_replace (answer, "%s", id, 0);
  pt_recv (f, answer->str);
}

void
pt_wait_for (PluginFixture *f, gboolean *flag)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_iterate_until (f->peer, flag, &error);
  g_assert_no_error (error);
}

void
pt_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **stored = user_data;

  g_clear_object (stored);
  *stored = g_object_ref (result);
}

void
pt_wait_result (PluginFixture *f, GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
}

gpointer
pt_enable (PluginFixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, name, &error));
  g_assert_no_error (error);
  return sleek_base_xmpp_get_plugin (f->xmpp, name);
}

void
pt_check_advertised (PluginFixture *f, const char *name, const char *feature)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);
  g_autoptr(SleekDiscoInfo) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_disco_info_has_feature (info, feature));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->xmpp, name, &error));
  g_assert_no_error (error);
  after = sleek_disco_get_local_info (disco, NULL);
  g_assert_false (sleek_disco_info_has_feature (after, feature));
}
