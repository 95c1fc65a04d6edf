/* fortune-plugin.c: a plugin written outside the library, for
 * doc/writing-a-plugin.md
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The "demo_fortune" plugin answers <iq type='get'><fortune
 * xmlns='urn:example:fortune'/></iq> with its "text" property,
 * advertises urn:example:fortune through service discovery (xep_0030,
 * its dependency), and asks others for theirs with
 * demo_fortune_ask_async(). It uses the public API only: whatever it
 * does, a plugin of your own can do. tests/test-fortune-plugin.c runs it.
 */
#include "fortune-plugin.h"

/* The stanza plugin: <fortune xmlns='urn:example:fortune'><text>...</text></fortune>.
 * Its keys are declared once, when the type is registered. */
struct _DemoFortuneQuery
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (DemoFortuneQuery, demo_fortune_query, SLEEK_TYPE_STANZA)

static void
demo_fortune_query_class_init (DemoFortuneQueryClass *klass)
{
}

static void
demo_fortune_query_init (DemoFortuneQuery *self)
{
}

/* The plugin. */
struct _DemoFortune
{
  SleekPlugin parent_instance;

  char *text;
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DemoFortune, demo_fortune, SLEEK_TYPE_PLUGIN)

static void
on_fortune_request (SleekXmlStream *stream, SleekStanza *request, gpointer user_data)
{
  DemoFortune *self = DEMO_FORTUNE (user_data);
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (request, TRUE);
  SleekStanza *fortune = sleek_stanza_get_plugin (reply, "fortune", TRUE);

  sleek_stanza_set_string (fortune, "text", self->text);
  sleek_xml_stream_send (stream, reply);
}

static void
demo_fortune_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (xmpp, "xep_0030"));
  g_autoptr(SleekMatcher) matcher =
    sleek_matcher_new_xml_mask ("<iq type='get'><fortune xmlns='" DEMO_NS_FORTUNE "'/></iq>", NULL);

  /* Removed by the base class when the plugin ends. */
  sleek_plugin_add_handler (plugin, matcher, SLEEK_HANDLER_NONE, on_fortune_request, plugin, NULL);
  sleek_disco_add_feature (disco, DEMO_NS_FORTUNE, NULL);
}

static void
demo_fortune_plugin_end (SleekPlugin *plugin)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (xmpp, "xep_0030"));

  sleek_disco_remove_feature (disco, DEMO_NS_FORTUNE, NULL);
}

static void
demo_fortune_finalize (GObject *object)
{
  DemoFortune *self = DEMO_FORTUNE (object);

  g_free (self->text);
  G_OBJECT_CLASS (demo_fortune_parent_class)->finalize (object);
}

static void
demo_fortune_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DemoFortune *self = DEMO_FORTUNE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
demo_fortune_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DemoFortune *self = DEMO_FORTUNE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      demo_fortune_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
demo_fortune_class_init (DemoFortuneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = demo_fortune_finalize;
  object_class->get_property = demo_fortune_get_property;
  object_class->set_property = demo_fortune_set_property;
  plugin_class->plugin_init = demo_fortune_plugin_init;
  plugin_class->plugin_end = demo_fortune_plugin_end;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "You will write a plugin.",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
demo_fortune_init (DemoFortune *self)
{
  self->text = g_strdup ("You will write a plugin.");
}

/* Registers the stanza plugin and the plugin; call it once, before
 * enabling "demo_fortune" on a stream. */
void
demo_fortune_register (void)
{
  static const char * const dependencies[] = { "xep_0030", NULL };
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  sleek_stanza_type_set_element (DEMO_TYPE_FORTUNE_QUERY, "fortune", DEMO_NS_FORTUNE, "fortune");
  sleek_stanza_type_add_key (DEMO_TYPE_FORTUNE_QUERY, "text", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_register_type (DEMO_TYPE_FORTUNE_QUERY);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, DEMO_TYPE_FORTUNE_QUERY);
  sleek_plugin_register_type (DEMO_TYPE_FORTUNE, "demo_fortune", "Fortunes on request", dependencies);
  g_once_init_leave (&done, 1);
}

const char *
demo_fortune_get_text (DemoFortune *self)
{
  g_return_val_if_fail (DEMO_IS_FORTUNE (self), NULL);
  return self->text;
}

void
demo_fortune_set_text (DemoFortune *self, const char *text)
{
  g_return_if_fail (DEMO_IS_FORTUNE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
on_fortune_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekStanza *fortune;
  const char *text;

  if (answer == NULL)
    {
      /* SLEEK_STANZA_ERROR, G_IO_ERROR_TIMED_OUT, _CLOSED or _CANCELLED */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fortune = sleek_stanza_get_plugin (SLEEK_STANZA (answer), "fortune", FALSE);
  text = fortune != NULL ? sleek_stanza_get_string (fortune, "text") : NULL;
  if (text == NULL)
    {
      /* Whatever the peer sends: an error, never a crash. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The answer holds no fortune");
      return;
    }
  g_task_return_pointer (task, g_strdup (text), g_free);
}

void
demo_fortune_ask_async (DemoFortune *self, SleekJid *to, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekIq) iq = NULL;
  SleekBaseXmpp *xmpp;

  g_return_if_fail (DEMO_IS_FORTUNE (self));
  g_return_if_fail (to != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, demo_fortune_ask_async);
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  if (xmpp == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               "The plugin is not enabled");
      return;
    }
  iq = sleek_iq_new ("get");
  sleek_stanza_set_to (SLEEK_STANZA (iq), to);
  sleek_stanza_get_plugin (SLEEK_STANZA (iq), "fortune", TRUE);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, cancellable, on_fortune_answer, g_steal_pointer (&task));
}

char *
demo_fortune_ask_finish (DemoFortune *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
