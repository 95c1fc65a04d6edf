/* sleek-xep-0092-version.c: XEP-0092 Software Version
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0092-version.h"

#define DEFAULT_NAME "sleek-glib"
#define DEFAULT_VERSION PACKAGE_VERSION

/* ------------------------------------------------------------------ */
/* SleekSoftwareVersionInfo                                           */
/* ------------------------------------------------------------------ */

/**
 * SleekSoftwareVersionInfo:
 *
 * What an entity answered a XEP-0092 software version query: the name
 * and version of its software, and perhaps its operating system.
 */
struct _SleekSoftwareVersionInfo
{
  GObject parent_instance;
  char *name;
  char *version;
  char *os;
};

G_DEFINE_FINAL_TYPE (SleekSoftwareVersionInfo, sleek_software_version_info, G_TYPE_OBJECT)

static void
sleek_software_version_info_finalize (GObject *object)
{
  SleekSoftwareVersionInfo *self = SLEEK_SOFTWARE_VERSION_INFO (object);

  g_free (self->name);
  g_free (self->version);
  g_free (self->os);
  G_OBJECT_CLASS (sleek_software_version_info_parent_class)->finalize (object);
}

static void
sleek_software_version_info_class_init (SleekSoftwareVersionInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_software_version_info_finalize;
}

static void
sleek_software_version_info_init (SleekSoftwareVersionInfo *self)
{
}

/**
 * sleek_software_version_info_new:
 * @name: (nullable): the software's name
 * @version: (nullable): its version
 * @os: (nullable): the operating system it runs on
 *
 * Creates a software version answer.
 *
 * Returns: (transfer full): the answer
 */
SleekSoftwareVersionInfo *
sleek_software_version_info_new (const char *name, const char *version, const char *os)
{
  SleekSoftwareVersionInfo *self = g_object_new (SLEEK_TYPE_SOFTWARE_VERSION_INFO, NULL);

  self->name = g_strdup (name);
  self->version = g_strdup (version);
  self->os = g_strdup (os);
  return self;
}

/**
 * sleek_software_version_info_get_name:
 * @self: a [class@Sleek.SoftwareVersionInfo]
 *
 * Gets the software's name, such as `Prosody`.
 *
 * Returns: (nullable): the name, or %NULL if the answer had none
 */
const char *
sleek_software_version_info_get_name (SleekSoftwareVersionInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_SOFTWARE_VERSION_INFO (self), NULL);
  return self->name;
}

/**
 * sleek_software_version_info_get_version:
 * @self: a [class@Sleek.SoftwareVersionInfo]
 *
 * Gets the software's version.
 *
 * Returns: (nullable): the version, or %NULL if the answer had none
 */
const char *
sleek_software_version_info_get_version (SleekSoftwareVersionInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_SOFTWARE_VERSION_INFO (self), NULL);
  return self->version;
}

/**
 * sleek_software_version_info_get_os:
 * @self: a [class@Sleek.SoftwareVersionInfo]
 *
 * Gets the operating system the software runs on.
 *
 * Returns: (nullable): the operating system, or %NULL if the answer did
 *   not say
 */
const char *
sleek_software_version_info_get_os (SleekSoftwareVersionInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_SOFTWARE_VERSION_INFO (self), NULL);
  return self->os;
}

/* ------------------------------------------------------------------ */
/* SleekSoftwareVersion                                               */
/* ------------------------------------------------------------------ */

/**
 * SleekSoftwareVersion:
 *
 * The `xep_0092` plugin: XEP-0092 Software Version.
 *
 * It answers `jabber:iq:version` queries with
 * [property@Sleek.SoftwareVersion:software-name],
 * [property@Sleek.SoftwareVersion:version] and, when set,
 * [property@Sleek.SoftwareVersion:os], advertises `jabber:iq:version`
 * through the `xep_0030` plugin it depends on, and asks other entities
 * with [method@Sleek.SoftwareVersion.get_version_async].
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0092", &error);
 * version = sleek_base_xmpp_get_plugin (xmpp, "xep_0092");
 * g_object_set (version, "software-name", "my-bot", "version", "2.1", NULL);
 * ```
 */
struct _SleekSoftwareVersion
{
  SleekPlugin parent_instance;
  char *name;
  char *version;
  char *os;
};

G_DEFINE_FINAL_TYPE (SleekSoftwareVersion, sleek_software_version, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_SOFTWARE_NAME,
  PROP_VERSION,
  PROP_OS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_version_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekSoftwareVersion *self = SLEEK_SOFTWARE_VERSION (user_data);
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(SleekNode) query = NULL;

  if (!SLEEK_IS_IQ (stanza))
    return;
  query = sleek_node_new ("query", SLEEK_NS_VERSION);
  sleek_node_set_child_text (query, "name", SLEEK_NS_VERSION, self->name);
  sleek_node_set_child_text (query, "version", SLEEK_NS_VERSION, self->version);
  if (self->os != NULL)
    sleek_node_set_child_text (query, "os", SLEEK_NS_VERSION, self->os);
  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_iq_set_payload (SLEEK_IQ (reply), query);
  sleek_xml_stream_send (stream, reply);
}

static void
sleek_software_version_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_answer_get (plugin, "query", SLEEK_NS_VERSION, on_version_request);
}

static void
sleek_software_version_plugin_end (SleekPlugin *plugin)
{
  /* The handler goes with the plugin. */
  sleek_plugin_withdraw (plugin, SLEEK_NS_VERSION);
}

static void
sleek_software_version_finalize (GObject *object)
{
  SleekSoftwareVersion *self = SLEEK_SOFTWARE_VERSION (object);

  g_free (self->name);
  g_free (self->version);
  g_free (self->os);
  G_OBJECT_CLASS (sleek_software_version_parent_class)->finalize (object);
}

static void
sleek_software_version_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekSoftwareVersion *self = SLEEK_SOFTWARE_VERSION (object);

  switch (prop_id)
    {
    case PROP_SOFTWARE_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_OS:
      g_value_set_string (value, self->os);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_software_version_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekSoftwareVersion *self = SLEEK_SOFTWARE_VERSION (object);

  switch (prop_id)
    {
    case PROP_SOFTWARE_NAME:
      sleek_software_version_set_software_name (self, g_value_get_string (value));
      break;
    case PROP_VERSION:
      sleek_software_version_set_local_version (self, g_value_get_string (value));
      break;
    case PROP_OS:
      sleek_software_version_set_os (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_software_version_class_init (SleekSoftwareVersionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_software_version_finalize;
  object_class->get_property = sleek_software_version_get_property;
  object_class->set_property = sleek_software_version_set_property;
  plugin_class->plugin_init = sleek_software_version_plugin_init;
  plugin_class->plugin_end = sleek_software_version_plugin_end;

  /**
   * SleekSoftwareVersion:software-name: (getter get_software_name) (setter set_software_name)
   *
   * The name of the software we announce; `sleek-glib` unless set.
   * Setting %NULL restores the default.
   */
  properties[PROP_SOFTWARE_NAME] =
    g_param_spec_string ("software-name", NULL, NULL, DEFAULT_NAME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSoftwareVersion:version: (getter get_local_version) (setter set_local_version)
   *
   * The version of the software we announce; the library's version
   * unless set. Setting %NULL restores the default.
   */
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, DEFAULT_VERSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSoftwareVersion:os: (getter get_os) (setter set_os)
   *
   * The operating system we announce, or %NULL (the default) to leave it
   * out of our answers.
   */
  properties[PROP_OS] =
    g_param_spec_string ("os", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_software_version_init (SleekSoftwareVersion *self)
{
  self->name = g_strdup (DEFAULT_NAME);
  self->version = g_strdup (DEFAULT_VERSION);
}

static void
set_string (SleekSoftwareVersion *self, char **field, const char *value, GParamSpec *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/**
 * sleek_software_version_get_software_name: (get-property software-name)
 * @self: a [class@Sleek.SoftwareVersion]
 *
 * Gets the name of the software we announce.
 *
 * Returns: the name
 */
const char *
sleek_software_version_get_software_name (SleekSoftwareVersion *self)
{
  g_return_val_if_fail (SLEEK_IS_SOFTWARE_VERSION (self), NULL);
  return self->name;
}

/**
 * sleek_software_version_set_software_name: (set-property software-name)
 * @self: a [class@Sleek.SoftwareVersion]
 * @name: (nullable): the name, or %NULL for `sleek-glib`
 *
 * Sets the name of the software we announce.
 */
void
sleek_software_version_set_software_name (SleekSoftwareVersion *self, const char *name)
{
  g_return_if_fail (SLEEK_IS_SOFTWARE_VERSION (self));
  set_string (self, &self->name, name != NULL ? name : DEFAULT_NAME, properties[PROP_SOFTWARE_NAME]);
}

/**
 * sleek_software_version_get_local_version: (get-property version)
 * @self: a [class@Sleek.SoftwareVersion]
 *
 * Gets the version of the software we announce.
 *
 * Returns: the version
 */
const char *
sleek_software_version_get_local_version (SleekSoftwareVersion *self)
{
  g_return_val_if_fail (SLEEK_IS_SOFTWARE_VERSION (self), NULL);
  return self->version;
}

/**
 * sleek_software_version_set_local_version: (set-property version)
 * @self: a [class@Sleek.SoftwareVersion]
 * @version: (nullable): the version, or %NULL for the library's
 *
 * Sets the version of the software we announce.
 */
void
sleek_software_version_set_local_version (SleekSoftwareVersion *self, const char *version)
{
  g_return_if_fail (SLEEK_IS_SOFTWARE_VERSION (self));
  set_string (self, &self->version, version != NULL ? version : DEFAULT_VERSION, properties[PROP_VERSION]);
}

/**
 * sleek_software_version_get_os: (get-property os)
 * @self: a [class@Sleek.SoftwareVersion]
 *
 * Gets the operating system we announce.
 *
 * Returns: (nullable): the operating system, or %NULL if we do not say
 */
const char *
sleek_software_version_get_os (SleekSoftwareVersion *self)
{
  g_return_val_if_fail (SLEEK_IS_SOFTWARE_VERSION (self), NULL);
  return self->os;
}

/**
 * sleek_software_version_set_os: (set-property os)
 * @self: a [class@Sleek.SoftwareVersion]
 * @os: (nullable): the operating system, or %NULL to leave it out
 *
 * Sets the operating system we announce.
 */
void
sleek_software_version_set_os (SleekSoftwareVersion *self, const char *os)
{
  g_return_if_fail (SLEEK_IS_SOFTWARE_VERSION (self));
  set_string (self, &self->os, os, properties[PROP_OS]);
}

/* What we ask */

static void
on_version_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekNode *query;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query", SLEEK_NS_VERSION);
  if (query == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The answer holds no software version"));
      return;
    }
  g_task_return_pointer (task,
                         sleek_software_version_info_new (sleek_node_get_child_text (query, "name", SLEEK_NS_VERSION),
                                                          sleek_node_get_child_text (query, "version", SLEEK_NS_VERSION),
                                                          sleek_node_get_child_text (query, "os", SLEEK_NS_VERSION)),
                         g_object_unref);
}

/**
 * sleek_software_version_get_version_async:
 * @self: an enabled [class@Sleek.SoftwareVersion]
 * @jid: (nullable): the entity to ask, or %NULL for our server
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks an entity what software it runs.
 */
void
sleek_software_version_get_version_async (SleekSoftwareVersion *self, SleekJid *jid, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_SOFTWARE_VERSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_software_version_get_version_async);
  sleek_plugin_send_query (SLEEK_PLUGIN (self), g_steal_pointer (&task), jid, "query", SLEEK_NS_VERSION, 0, on_version_answer);
}

/**
 * sleek_software_version_get_version_finish:
 * @self: a [class@Sleek.SoftwareVersion]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   entity answered, %G_IO_ERROR_INVALID_DATA for an answer without a
 *   version, or why no answer came
 *
 * Finishes [method@Sleek.SoftwareVersion.get_version_async].
 *
 * Returns: (transfer full): what the entity answered
 */
SleekSoftwareVersionInfo *
sleek_software_version_get_version_finish (SleekSoftwareVersion *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_software_version_get_version_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
