/* test-fortune-plugin.c: the plugin of doc/writing-a-plugin.md
 * (demo/fortune-plugin.c), through the public API only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"
#include "fortune-plugin.h"

#define FORTUNE DEMO_NS_FORTUNE
#define INFO "http://jabber.org/protocol/disco#info"
#define ITEMS "http://jabber.org/protocol/disco#items"

typedef struct {
  PluginFixture base;
  DemoFortune *fortune;
  gboolean done;
  char *text;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  demo_fortune_register ();
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "demo_fortune", &error));
  g_assert_no_error (error);
  f->fortune = DEMO_FORTUNE (sleek_base_xmpp_get_plugin (f->base.xmpp, "demo_fortune"));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_pointer (&f->text, g_free);
  g_clear_error (&f->error);
}

static void
test_enable (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) plugins = sleek_base_xmpp_list_plugins (f->base.xmpp);

  /* The dependency comes first. */
  g_assert_cmpuint (plugins->len, ==, 2);
  g_assert_cmpstr (sleek_plugin_get_name (g_ptr_array_index (plugins, 0)), ==, "xep_0030");
  g_assert_true (g_ptr_array_index (plugins, 1) == (gpointer) f->fortune);
  g_assert_cmpstr (sleek_plugin_get_description (SLEEK_PLUGIN (f->fortune)), ==, "Fortunes on request");
  g_assert_true (sleek_plugin_lookup_type ("demo_fortune") == DEMO_TYPE_FORTUNE);

  pt_recv (&f->base, "<iq type='get' id='d1' from='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='d1' to='" ROMEO "'><query xmlns='" INFO "'>"
                  "<identity category='client' type='pc'/><feature var='" INFO "'/>"
                  "<feature var='" ITEMS "'/><feature var='" FORTUNE "'/></query></iq>");
}

static void
test_answer (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<iq type='get' id='f1' from='" ROMEO "'><fortune xmlns='" FORTUNE "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='f1' to='" ROMEO "'><fortune xmlns='" FORTUNE "'>"
                  "<text>You will write a plugin.</text></fortune></iq>");

  g_object_set (f->fortune, "text", "Beware of <tags> & ampersands", NULL);
  pt_recv (&f->base, "<iq type='get' id='f2' from='" ROMEO "'><fortune xmlns='" FORTUNE "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='f2' to='" ROMEO "'><fortune xmlns='" FORTUNE "'>"
                  "<text>Beware of &lt;tags&gt; &amp; ampersands</text></fortune></iq>");

  /* A set is not ours: the stream refuses it. */
  pt_recv (&f->base, "<iq type='set' id='f3' from='" ROMEO "'><fortune xmlns='" FORTUNE "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='f3' to='" ROMEO "'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
}

static void
on_asked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->text = demo_fortune_ask_finish (DEMO_FORTUNE (source), result, &f->error);
  f->done = TRUE;
}

/* Asks romeo; ANSWER_TEMPLATE, with @ID@ for the request's id, answers. */
static void
ask (Fixture *f, const char *answer_template)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autoptr(GString) answer = g_string_new (answer_template);

  f->done = FALSE;
  g_clear_pointer (&f->text, g_free);
  g_clear_error (&f->error);
  demo_fortune_ask_async (f->fortune, romeo, NULL, on_asked, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><fortune xmlns='" FORTUNE "'/></iq>");
  g_string_replace (answer, "@ID@", id, 0);
  pt_recv (&f->base, answer->str);
  pt_wait_for (&f->base, &f->done);
}

static void
test_ask (Fixture *f, gconstpointer data)
{
  ask (f, "<iq type='result' id='@ID@' from='" ROMEO "'><fortune xmlns='" FORTUNE "'>"
       "<text>Wherefore art thou?</text></fortune></iq>");
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->text, ==, "Wherefore art thou?");

  /* An empty text is a fortune too. */
  ask (f, "<iq type='result' id='@ID@' from='" ROMEO "'><fortune xmlns='" FORTUNE "'><text/></fortune></iq>");
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->text, ==, "");
}

static void
test_ask_bad_answers (Fixture *f, gconstpointer data)
{
  ask (f, "<iq type='result' id='@ID@' from='" ROMEO "'/>");
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (f->text);

  ask (f, "<iq type='result' id='@ID@' from='" ROMEO "'><fortune xmlns='" FORTUNE "'/></iq>");
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  ask (f, "<iq type='error' id='@ID@' from='" ROMEO "'><error type='cancel'>"
       "<feature-not-implemented xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED);
}

static void
test_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoFortune) removed = g_object_ref (f->fortune);
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  /* xep_0030 stays while the plugin needs it. */
  g_assert_false (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0030", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "demo_fortune", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_plugin_get_xmpp (SLEEK_PLUGIN (removed)));

  /* Its handler and its feature went with it. */
  pt_recv (&f->base, "<iq type='get' id='f4' from='" ROMEO "'><fortune xmlns='" FORTUNE "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='f4' to='" ROMEO "'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  pt_recv (&f->base, "<iq type='get' id='d2' from='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='d2' to='" ROMEO "'><query xmlns='" INFO "'>"
                  "<identity category='client' type='pc'/><feature var='" INFO "'/>"
                  "<feature var='" ITEMS "'/></query></iq>");

  /* A disabled plugin asks nobody. */
  f->done = FALSE;
  demo_fortune_ask_async (removed, romeo, NULL, on_asked, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  pt_expect_silence (&f->base);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fortune-plugin/enable", Fixture, NULL, setup, test_enable, teardown);
  g_test_add ("/fortune-plugin/answer", Fixture, NULL, setup, test_answer, teardown);
  g_test_add ("/fortune-plugin/ask", Fixture, NULL, setup, test_ask, teardown);
  g_test_add ("/fortune-plugin/ask-bad-answers", Fixture, NULL, setup, test_ask_bad_answers, teardown);
  g_test_add ("/fortune-plugin/remove", Fixture, NULL, setup, test_remove, teardown);

  return g_test_run ();
}
