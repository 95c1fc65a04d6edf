/* test-plugin.c: the plugin registry and SleekBaseXmpp's plugins
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define NS_ECHO "urn:test:echo"

static GPtrArray *events;   /* what the test plugins did, as strings */

/* test_echo: depends on xep_0030, adds a feature and answers an IQ. */

G_DECLARE_FINAL_TYPE (TestEcho, test_echo, TEST, ECHO, SleekPlugin)

struct _TestEcho
{
  SleekPlugin parent_instance;
  char *greeting;
};

G_DEFINE_FINAL_TYPE (TestEcho, test_echo, SLEEK_TYPE_PLUGIN)

enum { ECHO_PROP_0, ECHO_PROP_GREETING };

static void
on_echo (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  TestEcho *self = user_data;
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);
  g_autoptr(SleekNode) query = sleek_node_new ("query", NS_ECHO);

  sleek_node_set_text (query, self->greeting);
  sleek_iq_set_payload (SLEEK_IQ (reply), query);
  sleek_xml_stream_send (stream, reply);
}

static void
test_echo_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xml_mask ("<iq type='get'><query xmlns='" NS_ECHO "'/></iq>", NULL);
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (xmpp, "xep_0030"));

  g_assert_nonnull (disco);
  g_assert_true (sleek_plugin_get_xmpp (plugin) == xmpp);
  sleek_plugin_add_handler (plugin, matcher, SLEEK_HANDLER_NONE, on_echo, plugin, NULL);
  sleek_disco_add_feature (disco, NS_ECHO, NULL);
  g_ptr_array_add (events, g_strdup ("init"));
}

static void
test_echo_plugin_end (SleekPlugin *plugin)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  sleek_disco_remove_feature (SLEEK_DISCO (sleek_base_xmpp_get_plugin (xmpp, "xep_0030")), NS_ECHO, NULL);
  g_ptr_array_add (events, g_strdup ("end"));
}

static void
test_echo_session_bind (SleekPlugin *plugin, SleekJid *jid)
{
  g_ptr_array_add (events, g_strdup_printf ("bind %s", sleek_jid_to_string (jid)));
}

static void
test_echo_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_string (value, TEST_ECHO (object)->greeting);
}

static void
test_echo_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  g_free (TEST_ECHO (object)->greeting);
  TEST_ECHO (object)->greeting = g_value_dup_string (value);
}

static void
test_echo_finalize (GObject *object)
{
  g_free (TEST_ECHO (object)->greeting);
  G_OBJECT_CLASS (test_echo_parent_class)->finalize (object);
}

static void
test_echo_class_init (TestEchoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_echo_get_property;
  object_class->set_property = test_echo_set_property;
  object_class->finalize = test_echo_finalize;
  SLEEK_PLUGIN_CLASS (klass)->plugin_init = test_echo_plugin_init;
  SLEEK_PLUGIN_CLASS (klass)->plugin_end = test_echo_plugin_end;
  SLEEK_PLUGIN_CLASS (klass)->session_bind = test_echo_session_bind;
  g_object_class_install_property (object_class, ECHO_PROP_GREETING,
                                   g_param_spec_string ("greeting", NULL, NULL, "hello",
                                                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));
}

static void
test_echo_init (TestEcho *self)
{
}

/* Two plugins that depend on each other. */

G_DECLARE_FINAL_TYPE (TestCycleA, test_cycle_a, TEST, CYCLE_A, SleekPlugin)
struct _TestCycleA { SleekPlugin parent_instance; };
G_DEFINE_FINAL_TYPE (TestCycleA, test_cycle_a, SLEEK_TYPE_PLUGIN)
static void test_cycle_a_class_init (TestCycleAClass *klass) { }
static void test_cycle_a_init (TestCycleA *self) { }

G_DECLARE_FINAL_TYPE (TestCycleB, test_cycle_b, TEST, CYCLE_B, SleekPlugin)
struct _TestCycleB { SleekPlugin parent_instance; };
G_DEFINE_FINAL_TYPE (TestCycleB, test_cycle_b, SLEEK_TYPE_PLUGIN)
static void test_cycle_b_class_init (TestCycleBClass *klass) { }
static void test_cycle_b_init (TestCycleB *self) { }

static void
register_test_plugins (void)
{
  sleek_plugin_register_type (test_echo_get_type (), "test_echo", "Echoes", (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_type (test_cycle_a_get_type (), "test_cycle_a", NULL, (const char * const []) { "test_cycle_b", NULL });
  sleek_plugin_register_type (test_cycle_b_get_type (), "test_cycle_b", NULL, (const char * const []) { "xep_0030", "test_cycle_a", NULL });
}

static void
setup (PluginFixture *f, gconstpointer data)
{
  g_ptr_array_set_size (events, 0);
  pt_setup (f, data);
}

static void
bind (PluginFixture *f)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  sleek_base_xmpp_set_bound_jid (f->xmpp, bound);
}

static void
assert_events (const char *first, ...)
{
  va_list ap;
  const char *want = first;
  guint i = 0;

  va_start (ap, first);
  for (; want != NULL; want = va_arg (ap, const char *), i++)
    {
      g_assert_cmpuint (i, <, events->len);
      g_assert_cmpstr (g_ptr_array_index (events, i), ==, want);
    }
  va_end (ap);
  g_assert_cmpuint (events->len, ==, i);
  g_ptr_array_set_size (events, 0);
}

static void
test_registry (void)
{
  g_auto(GStrv) names = sleek_plugin_list_names ();

  g_assert_true (g_strv_contains ((const char * const *) names, "xep_0030"));
  g_assert_true (g_strv_contains ((const char * const *) names, "test_echo"));
  g_assert_true (sleek_plugin_lookup_type ("xep_0030") == SLEEK_TYPE_DISCO);
  g_assert_true (sleek_plugin_lookup_type ("test_echo") == test_echo_get_type ());
  g_assert_true (sleek_plugin_lookup_type ("xep_9999") == G_TYPE_INVALID);
}

static void
test_dependencies (PluginFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SleekPlugin *echo;

  g_assert_null (sleek_base_xmpp_get_plugin (f->xmpp, "xep_0030"));
  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", &error));
  g_assert_no_error (error);
  list = sleek_base_xmpp_list_plugins (f->xmpp);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (sleek_plugin_get_name (g_ptr_array_index (list, 0)), ==, "xep_0030");
  g_assert_cmpstr (sleek_plugin_get_name (g_ptr_array_index (list, 1)), ==, "test_echo");
  echo = sleek_base_xmpp_get_plugin (f->xmpp, "test_echo");
  g_assert_true (echo == g_ptr_array_index (list, 1));
  g_assert_cmpstr (sleek_plugin_get_description (echo), ==, "Echoes");
  g_assert_cmpstrv (sleek_plugin_get_dependencies (echo), ((const char * const []) { "xep_0030", NULL }));
  g_assert_true (sleek_plugin_get_xmpp (echo) == f->xmpp);
  g_assert_true (SLEEK_IS_DISCO (sleek_base_xmpp_get_plugin (f->xmpp, "xep_0030")));
  assert_events ("init", NULL);

  /* Again: nothing new. */
  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", &error));
  g_assert_true (sleek_base_xmpp_get_plugin (f->xmpp, "test_echo") == echo);
  assert_events (NULL);

  bind (f);
  assert_events ("bind " OWN_JID, NULL);
}

static void
test_session_bind_at_enable (PluginFixture *f, gconstpointer data)
{
  bind (f);
  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", NULL));
  assert_events ("init", "bind " OWN_JID, NULL);
}

static void
test_unknown (PluginFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sleek_base_xmpp_register_plugin (f->xmpp, "xep_9999", &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_false (sleek_base_xmpp_remove_plugin (f->xmpp, "xep_0030", &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_UNKNOWN);
}

static void
test_cycle (PluginFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_false (sleek_base_xmpp_register_plugin (f->xmpp, "test_cycle_a", &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_DEPENDENCY_CYCLE);
  /* Nothing was enabled, not even xep_0030 which came before the cycle. */
  list = sleek_base_xmpp_list_plugins (f->xmpp);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_remove (PluginFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  bind (f);
  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", NULL));
  g_object_set (sleek_base_xmpp_get_plugin (f->xmpp, "test_echo"), "greeting", "bonjour", NULL);

  pt_recv (f, "<iq type='get' id='e1' from='" ROMEO "'><query xmlns='" NS_ECHO "'/></iq>");
  pt_expect_send (f, "<iq type='result' id='e1' to='" ROMEO "'><query xmlns='" NS_ECHO "'>bonjour</query></iq>");
  pt_recv (f, "<iq type='get' id='d1' from='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
  pt_expect_send (f, "<iq type='result' id='d1' to='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='pc'/>"
                     "<feature var='http://jabber.org/protocol/disco#info'/>"
                     "<feature var='http://jabber.org/protocol/disco#items'/>"
                     "<feature var='" NS_ECHO "'/></query></iq>");

  /* xep_0030 is needed by test_echo. */
  g_assert_false (sleek_base_xmpp_remove_plugin (f->xmpp, "xep_0030", &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->xmpp, "test_echo", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_base_xmpp_get_plugin (f->xmpp, "test_echo"));
  assert_events ("init", "bind " OWN_JID, "end", NULL);

  /* Its handler and its feature are gone. */
  pt_recv (f, "<iq type='get' id='e2' from='" ROMEO "'><query xmlns='" NS_ECHO "'/></iq>");
  pt_expect_send (f, "<iq type='error' id='e2' to='" ROMEO "'>"
                     "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  pt_recv (f, "<iq type='get' id='d2' from='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
  pt_expect_send (f, "<iq type='result' id='d2' to='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='pc'/>"
                     "<feature var='http://jabber.org/protocol/disco#info'/>"
                     "<feature var='http://jabber.org/protocol/disco#items'/></query></iq>");

  /* Now xep_0030 can go, and disco queries are no longer answered. */
  g_assert_true (sleek_base_xmpp_remove_plugin (f->xmpp, "xep_0030", &error));
  g_assert_no_error (error);
  pt_recv (f, "<iq type='get' id='d3' from='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
  pt_expect_send (f, "<iq type='error' id='d3' to='" ROMEO "'>"
                     "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");

  /* And it can come back. */
  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", NULL));
  pt_recv (f, "<iq type='get' id='e3' from='" ROMEO "'><query xmlns='" NS_ECHO "'/></iq>");
  pt_expect_send (f, "<iq type='result' id='e3' to='" ROMEO "'><query xmlns='" NS_ECHO "'>hello</query></iq>");
}

static void
on_extra (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);

  sleek_xml_stream_send (stream, reply);
}

static void
test_remove_handler (PluginFixture *f, gconstpointer data)
{
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xml_mask ("<iq type='get'><query xmlns='urn:test:extra'/></iq>", NULL);
  SleekPlugin *echo;
  guint id;

  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", NULL));
  echo = sleek_base_xmpp_get_plugin (f->xmpp, "test_echo");
  id = sleek_plugin_add_handler (echo, matcher, SLEEK_HANDLER_NONE, on_extra, NULL, NULL);
  g_assert_cmpuint (id, !=, 0);
  pt_recv (f, "<iq type='get' id='x1' from='" ROMEO "'><query xmlns='urn:test:extra'/></iq>");
  pt_expect_send (f, "<iq type='result' id='x1' to='" ROMEO "'/>");

  /* An id the plugin does not hold changes nothing. */
  sleek_plugin_remove_handler (echo, id + 1000);
  pt_recv (f, "<iq type='get' id='x2' from='" ROMEO "'><query xmlns='urn:test:extra'/></iq>");
  pt_expect_send (f, "<iq type='result' id='x2' to='" ROMEO "'/>");

  /* Its own handler goes at once, and the plugin's other handler stays. */
  sleek_plugin_remove_handler (echo, id);
  pt_recv (f, "<iq type='get' id='x3' from='" ROMEO "'><query xmlns='urn:test:extra'/></iq>");
  pt_expect_send (f, "<iq type='error' id='x3' to='" ROMEO "'>"
                     "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  pt_recv (f, "<iq type='get' id='e1' from='" ROMEO "'><query xmlns='" NS_ECHO "'/></iq>");
  pt_expect_send (f, "<iq type='result' id='e1' to='" ROMEO "'><query xmlns='" NS_ECHO "'>hello</query></iq>");
}

static void
test_options (PluginFixture *f, gconstpointer data)
{
  SleekPlugin *disco;
  gboolean use_cache = FALSE;

  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "xep_0030", NULL));
  disco = sleek_base_xmpp_get_plugin (f->xmpp, "xep_0030");
  g_object_get (disco, "use-cache", &use_cache, NULL);
  g_assert_true (use_cache);
  g_object_set (disco, "use-cache", FALSE, NULL);
  g_assert_false (sleek_disco_get_use_cache (SLEEK_DISCO (disco)));
}

static void
test_dispose_ends (PluginFixture *f, gconstpointer data)
{
  SleekPlugin *echo;

  g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, "test_echo", NULL));
  echo = sleek_base_xmpp_get_plugin (f->xmpp, "test_echo");
  g_object_add_weak_pointer (G_OBJECT (echo), (gpointer *) &echo);
  g_object_run_dispose (G_OBJECT (f->xmpp));
  assert_events ("init", "end", NULL);
  g_assert_null (echo);
}

/* Every built-in plugin (a Sleek type) enables from C, then is removed
 * again, dependents first; the same is tested from Python and gjs. */
static void
test_every_builtin (PluginFixture *f, gconstpointer data)
{
  g_auto(GStrv) names = sleek_plugin_list_names ();
  g_autoptr(GPtrArray) builtins = g_ptr_array_new ();
  g_autoptr(GPtrArray) enabled = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (g_type_name (sleek_plugin_lookup_type (names[i])), "Sleek"))
      g_ptr_array_add (builtins, names[i]);
  g_assert_cmpuint (builtins->len, >=, 18);
  for (guint i = 0; i < builtins->len; i++)
    {
      const char *name = g_ptr_array_index (builtins, i);
      g_autoptr(GError) error = NULL;
      SleekPlugin *plugin;

      g_assert_true (sleek_base_xmpp_register_plugin (f->xmpp, name, &error));
      g_assert_no_error (error);
      plugin = sleek_base_xmpp_get_plugin (f->xmpp, name);
      g_assert_nonnull (plugin);
      g_assert_cmpstr (sleek_plugin_get_name (plugin), ==, name);
      g_assert_true (G_OBJECT_TYPE (plugin) == sleek_plugin_lookup_type (name));
    }
  enabled = sleek_base_xmpp_list_plugins (f->xmpp);
  g_assert_cmpuint (enabled->len, ==, builtins->len);
  for (guint i = enabled->len; i > 0; i--)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sleek_base_xmpp_remove_plugin (f->xmpp, sleek_plugin_get_name (g_ptr_array_index (enabled, i - 1)),
                                                    &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&enabled, g_ptr_array_unref);
  enabled = sleek_base_xmpp_list_plugins (f->xmpp);
  g_assert_cmpuint (enabled->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, PluginFixture, NULL, setup, fn, pt_teardown)

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  events = g_ptr_array_new_with_free_func (g_free);
  register_test_plugins ();

  g_test_add_func ("/plugin/registry", test_registry);
  ADD ("/plugin/dependencies", test_dependencies);
  ADD ("/plugin/session-bind-at-enable", test_session_bind_at_enable);
  ADD ("/plugin/unknown", test_unknown);
  ADD ("/plugin/cycle", test_cycle);
  ADD ("/plugin/remove", test_remove);
  ADD ("/plugin/remove-handler", test_remove_handler);
  ADD ("/plugin/options", test_options);
  ADD ("/plugin/dispose-ends", test_dispose_ends);
  ADD ("/plugin/every-builtin", test_every_builtin);

  ret = g_test_run ();
  g_ptr_array_unref (events);
  return ret;
}
