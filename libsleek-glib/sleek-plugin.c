/* sleek-plugin.c: plugins and their registry (SleekXMPP's BasePlugin)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"

/**
 * SleekPlugin:
 *
 * An optional feature of a stream, such as service discovery: SleekXMPP's
 * `BasePlugin`.
 *
 * Each plugin type is registered under a name (`"xep_0030"`) with the
 * names of the plugins it depends on, with
 * [func@Sleek.Plugin.register_type]. The built-in plugins are registered
 * on first use of the registry; an application registers its own,
 * written in C, Python or JavaScript, the same way:
 *
 * ```python
 * class Echo(Sleek.Plugin):
 *     def do_plugin_init(self, xmpp): ...
 *     def do_plugin_end(self): ...
 * Sleek.Plugin.register_type(Echo.__gtype__, 'echo', 'Echoes', ['xep_0030'])
 * ```
 *
 * [method@Sleek.BaseXmpp.register_plugin] enables a plugin on a stream,
 * after its dependencies. The stream owns its plugins; a plugin's
 * [method@Sleek.Plugin.get_xmpp] is a borrowed pointer, valid from
 * `plugin_init` until `plugin_end`. `plugin_end` must undo everything
 * `plugin_init` did; handlers added with [method@Sleek.Plugin.add_handler]
 * are removed for it. Signals a plugin connects on the stream are best
 * connected with g_signal_connect_object() and disconnected in
 * `plugin_end`. Plugin options are properties of the plugin.
 */

typedef struct {
  GType type;
  char *name;
  char *description;
  GStrv dependencies;
} Registration;

typedef struct {
  SleekBaseXmpp *xmpp;     /* borrowed, between plugin_init and plugin_end */
  GArray *handlers;        /* guint handler ids on xmpp */
} SleekPluginPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SleekPlugin, sleek_plugin, G_TYPE_OBJECT)

#define PRIV(self) ((SleekPluginPrivate *) sleek_plugin_get_instance_private (self))

static GMutex registry_lock;
static GHashTable *registry;   /* name -> Registration */

static void
sleek_plugin_finalize (GObject *object)
{
  SleekPluginPrivate *priv = PRIV (SLEEK_PLUGIN (object));

  g_array_unref (priv->handlers);
  G_OBJECT_CLASS (sleek_plugin_parent_class)->finalize (object);
}

static void
sleek_plugin_class_init (SleekPluginClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_plugin_finalize;
}

static void
sleek_plugin_init (SleekPlugin *self)
{
  PRIV (self)->handlers = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* ------------------------------------------------------------------ */
/* The registry                                                       */
/* ------------------------------------------------------------------ */

void
sleek_plugin_register_builtin (GType               type,
                               const char         *name,
                               const char         *description,
                               const char * const *dependencies)
{
  Registration *reg;
  SleekPluginClass *klass;

  g_return_if_fail (g_type_is_a (type, SLEEK_TYPE_PLUGIN));
  g_return_if_fail (name != NULL && *name != '\0');

  reg = g_new0 (Registration, 1);
  reg->type = type;
  reg->name = g_strdup (name);
  reg->description = g_strdup (description != NULL ? description : "");
  reg->dependencies = g_strdupv ((GStrv) (dependencies != NULL ? dependencies : (const char * const []) { NULL }));

  /* The class keeps the registration's strings, which are never freed:
   * a registration can be replaced, but its class may still be in use. */
  klass = g_type_class_ref (type);
  klass->name = g_intern_string (reg->name);
  klass->description = g_intern_string (reg->description);
  klass->dependencies = (const char * const *) g_strdupv (reg->dependencies);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  /* Replaced registrations leak on purpose, see above. */
  g_hash_table_replace (registry, reg->name, reg);
  g_mutex_unlock (&registry_lock);
}

/**
 * sleek_plugin_register_type:
 * @type: a subtype of [class@Sleek.Plugin]
 * @name: the name to enable it by, such as `"xep_0030"`
 * @description: (nullable): a one-line description
 * @dependencies: (array zero-terminated=1) (nullable): names of the
 *   plugins it needs
 *
 * Adds @type to the registry under @name, replacing any earlier
 * registration of that name, and sets the `name`, `description` and
 * `dependencies` fields of its class. Dependencies are looked up when
 * the plugin is enabled, so they may be registered later.
 */
void
sleek_plugin_register_type (GType               type,
                            const char         *name,
                            const char         *description,
                            const char * const *dependencies)
{
  sleek_plugins_ensure_builtin ();
  sleek_plugin_register_builtin (type, name, description, dependencies);
}

static Registration *
lookup (const char *name)
{
  Registration *reg = NULL;

  sleek_plugins_ensure_builtin ();
  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    reg = g_hash_table_lookup (registry, name);
  g_mutex_unlock (&registry_lock);
  return reg;
}

/**
 * sleek_plugin_lookup_type:
 * @name: a plugin name
 *
 * Looks a plugin type up by name.
 *
 * Returns: the type registered under @name, or %G_TYPE_INVALID
 */
GType
sleek_plugin_lookup_type (const char *name)
{
  Registration *reg;

  g_return_val_if_fail (name != NULL, G_TYPE_INVALID);
  reg = lookup (name);
  return reg != NULL ? reg->type : G_TYPE_INVALID;
}

/**
 * sleek_plugin_list_names:
 *
 * Lists the names of the registered plugins, built-in and the
 * application's, sorted.
 *
 * Returns: (transfer full): the names
 */
GStrv
sleek_plugin_list_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv names;

  sleek_plugins_ensure_builtin ();
  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, registry);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_strv_builder_add (builder, key);
    }
  g_mutex_unlock (&registry_lock);
  names = g_strv_builder_end (builder);
  qsort (names, g_strv_length (names), sizeof (char *), (GCompareFunc) g_strcmp0);
  return names;
}

/* ------------------------------------------------------------------ */
/* An enabled plugin                                                  */
/* ------------------------------------------------------------------ */

/**
 * sleek_plugin_get_name:
 * @self: a [class@Sleek.Plugin]
 *
 * Gets the name the plugin's type is registered under.
 *
 * Returns: (nullable): the name, or %NULL if the type is not registered
 */
const char *
sleek_plugin_get_name (SleekPlugin *self)
{
  g_return_val_if_fail (SLEEK_IS_PLUGIN (self), NULL);
  return SLEEK_PLUGIN_GET_CLASS (self)->name;
}

/**
 * sleek_plugin_get_description:
 * @self: a [class@Sleek.Plugin]
 *
 * Gets the description the plugin's type is registered with.
 *
 * Returns: (nullable): the description
 */
const char *
sleek_plugin_get_description (SleekPlugin *self)
{
  g_return_val_if_fail (SLEEK_IS_PLUGIN (self), NULL);
  return SLEEK_PLUGIN_GET_CLASS (self)->description;
}

/**
 * sleek_plugin_get_dependencies:
 * @self: a [class@Sleek.Plugin]
 *
 * Gets the names of the plugins this one depends on.
 *
 * Returns: (array zero-terminated=1) (nullable) (transfer none): the names
 */
const char * const *
sleek_plugin_get_dependencies (SleekPlugin *self)
{
  g_return_val_if_fail (SLEEK_IS_PLUGIN (self), NULL);
  return SLEEK_PLUGIN_GET_CLASS (self)->dependencies;
}

/**
 * sleek_plugin_get_xmpp:
 * @self: a [class@Sleek.Plugin]
 *
 * Gets the stream the plugin is enabled on. The pointer is borrowed: the
 * stream owns the plugin, not the other way round.
 *
 * Returns: (transfer none) (nullable): the stream, or %NULL outside
 *   `plugin_init` ... `plugin_end`
 */
SleekBaseXmpp *
sleek_plugin_get_xmpp (SleekPlugin *self)
{
  g_return_val_if_fail (SLEEK_IS_PLUGIN (self), NULL);
  return PRIV (self)->xmpp;
}

/**
 * sleek_plugin_add_handler:
 * @self: an enabled [class@Sleek.Plugin]
 * @matcher: which stanzas to handle
 * @flags: how
 * @func: (scope notified) (closure user_data) (destroy destroy): the handler
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Like [method@Sleek.XmlStream.add_handler] on the plugin's stream, but
 * the plugin remembers the handler and removes it when it ends.
 *
 * Returns: the handler's id on the stream, or 0 if the plugin is not enabled
 */
guint
sleek_plugin_add_handler (SleekPlugin       *self,
                          SleekMatcher      *matcher,
                          SleekHandlerFlags  flags,
                          SleekHandlerFunc   func,
                          gpointer           user_data,
                          GDestroyNotify     destroy)
{
  SleekPluginPrivate *priv;
  guint id;

  g_return_val_if_fail (SLEEK_IS_PLUGIN (self), 0);
  priv = PRIV (self);
  if (priv->xmpp == NULL)
    {
      g_critical ("%s: plugin %s is not enabled", G_STRFUNC, G_OBJECT_TYPE_NAME (self));
      if (destroy != NULL)
        destroy (user_data);
      return 0;
    }

  id = sleek_xml_stream_add_handler (SLEEK_XML_STREAM (priv->xmpp), matcher, flags, func, user_data, destroy);
  g_array_append_val (priv->handlers, id);
  return id;
}

/**
 * sleek_plugin_remove_handler:
 * @self: a [class@Sleek.Plugin]
 * @id: an id from [method@Sleek.Plugin.add_handler]
 *
 * Removes a handler the plugin added before it ends.
 */
void
sleek_plugin_remove_handler (SleekPlugin *self, guint id)
{
  SleekPluginPrivate *priv;

  g_return_if_fail (SLEEK_IS_PLUGIN (self));
  priv = PRIV (self);

  for (guint i = 0; i < priv->handlers->len; i++)
    if (g_array_index (priv->handlers, guint, i) == id)
      {
        g_array_remove_index (priv->handlers, i);
        if (priv->xmpp != NULL)
          sleek_xml_stream_remove_handler (SLEEK_XML_STREAM (priv->xmpp), id);
        return;
      }
}

/* ------------------------------------------------------------------ */
/* Plugins of a stream                                                */
/* ------------------------------------------------------------------ */

typedef struct {
  GPtrArray *enabled;   /* SleekPlugin, in the order they were enabled */
} PluginSet;

static void
plugin_set_free (gpointer data)
{
  PluginSet *set = data;

  g_ptr_array_unref (set->enabled);
  g_free (set);
}

static PluginSet *
get_set (SleekBaseXmpp *xmpp, gboolean create)
{
  static GQuark quark;
  PluginSet *set;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sleek-plugin-set");

  set = g_object_get_qdata (G_OBJECT (xmpp), quark);
  if (set == NULL && create)
    {
      set = g_new0 (PluginSet, 1);
      set->enabled = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_qdata_full (G_OBJECT (xmpp), quark, set, plugin_set_free);
    }
  return set;
}

static SleekPlugin *
find_enabled (SleekBaseXmpp *xmpp, const char *name, guint *index)
{
  PluginSet *set = get_set (xmpp, FALSE);

  for (guint i = 0; set != NULL && i < set->enabled->len; i++)
    {
      SleekPlugin *plugin = g_ptr_array_index (set->enabled, i);

      if (g_strcmp0 (sleek_plugin_get_name (plugin), name) == 0)
        {
          if (index != NULL)
            *index = i;
          return plugin;
        }
    }
  return NULL;
}

/* Depth first: appends to @order the registrations to enable, each after
 * its dependencies, skipping those already enabled. */
static gboolean
resolve (SleekBaseXmpp *xmpp, const char *name, GPtrArray *visiting, GPtrArray *order, GError **error)
{
  Registration *reg;

  if (find_enabled (xmpp, name, NULL) != NULL)
    return TRUE;
  for (guint i = 0; i < order->len; i++)
    if (g_strcmp0 (((Registration *) g_ptr_array_index (order, i))->name, name) == 0)
      return TRUE;
  for (guint i = 0; i < visiting->len; i++)
    if (g_strcmp0 (g_ptr_array_index (visiting, i), name) == 0)
      {
        g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_DEPENDENCY_CYCLE,
                     _("The dependencies of plugin “%s” form a cycle"), name);
        return FALSE;
      }

  reg = lookup (name);
  if (reg == NULL)
    {
      g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_UNKNOWN,
                   _("No plugin is registered as “%s”"), name);
      return FALSE;
    }

  g_ptr_array_add (visiting, reg->name);
  for (guint i = 0; reg->dependencies[i] != NULL; i++)
    if (!resolve (xmpp, reg->dependencies[i], visiting, order, error))
      return FALSE;
  g_ptr_array_remove_index (visiting, visiting->len - 1);
  g_ptr_array_add (order, reg);
  return TRUE;
}

/**
 * sleek_base_xmpp_register_plugin:
 * @self: a [class@Sleek.BaseXmpp]
 * @name: the registered name of a plugin, such as `"xep_0030"`
 * @error: return location for a [error@Sleek.PluginError]
 *
 * Enables a plugin on the stream, after the plugins it depends on:
 * creates it and calls its `plugin_init`, then its `session_bind` if the
 * stream has already bound a JID. Enabling a plugin that is enabled
 * already does nothing. Nothing is enabled if a name is unknown or the
 * dependencies form a cycle.
 *
 * Returns: %TRUE if the plugin is enabled
 */
gboolean
sleek_base_xmpp_register_plugin (SleekBaseXmpp *self, const char *name, GError **error)
{
  g_autoptr(GPtrArray) visiting = g_ptr_array_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  PluginSet *set;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!resolve (self, name, visiting, order, error))
    return FALSE;

  set = get_set (self, TRUE);
  for (guint i = 0; i < order->len; i++)
    {
      Registration *reg = g_ptr_array_index (order, i);
      SleekPlugin *plugin = g_object_new (reg->type, NULL);
      SleekJid *bound;

      PRIV (plugin)->xmpp = self;
      g_ptr_array_add (set->enabled, plugin);
      g_debug ("Enabling plugin %s", reg->name);
      if (SLEEK_PLUGIN_GET_CLASS (plugin)->plugin_init != NULL)
        SLEEK_PLUGIN_GET_CLASS (plugin)->plugin_init (plugin, self);
      bound = sleek_base_xmpp_get_bound_jid (self);
      if (bound != NULL && SLEEK_PLUGIN_GET_CLASS (plugin)->session_bind != NULL)
        SLEEK_PLUGIN_GET_CLASS (plugin)->session_bind (plugin, bound);
    }
  return TRUE;
}

/**
 * sleek_base_xmpp_get_plugin:
 * @self: a [class@Sleek.BaseXmpp]
 * @name: a plugin name
 *
 * Gets an enabled plugin.
 *
 * Returns: (transfer none) (nullable): the plugin, or %NULL if it is not
 *   enabled on this stream
 */
SleekPlugin *
sleek_base_xmpp_get_plugin (SleekBaseXmpp *self, const char *name)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return find_enabled (self, name, NULL);
}

/**
 * sleek_base_xmpp_list_plugins:
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Lists the enabled plugins, in the order they were enabled.
 *
 * Returns: (transfer container) (element-type Sleek.Plugin): the plugins
 */
GPtrArray *
sleek_base_xmpp_list_plugins (SleekBaseXmpp *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  PluginSet *set;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), list);
  set = get_set (self, FALSE);
  for (guint i = 0; set != NULL && i < set->enabled->len; i++)
    g_ptr_array_add (list, g_object_ref (g_ptr_array_index (set->enabled, i)));
  return list;
}

/* Calls plugin_end, removes what is left of its handlers, and drops it. */
static void
end_plugin (SleekBaseXmpp *xmpp, PluginSet *set, guint index)
{
  SleekPlugin *plugin = g_object_ref (g_ptr_array_index (set->enabled, index));
  SleekPluginPrivate *priv = PRIV (plugin);

  g_debug ("Disabling plugin %s", sleek_plugin_get_name (plugin));
  g_ptr_array_remove_index (set->enabled, index);
  if (SLEEK_PLUGIN_GET_CLASS (plugin)->plugin_end != NULL)
    SLEEK_PLUGIN_GET_CLASS (plugin)->plugin_end (plugin);
  for (guint i = 0; i < priv->handlers->len; i++)
    sleek_xml_stream_remove_handler (SLEEK_XML_STREAM (xmpp), g_array_index (priv->handlers, guint, i));
  g_array_set_size (priv->handlers, 0);
  priv->xmpp = NULL;
  g_object_unref (plugin);
}

/**
 * sleek_base_xmpp_remove_plugin:
 * @self: a [class@Sleek.BaseXmpp]
 * @name: an enabled plugin's name
 * @error: return location for a [error@Sleek.PluginError]
 *
 * Disables a plugin: calls its `plugin_end`, which undoes what its
 * `plugin_init` did, removes the handlers it added with
 * [method@Sleek.Plugin.add_handler], and drops the stream's reference.
 * A plugin another enabled plugin depends on is not removed: remove the
 * dependents first.
 *
 * Returns: %TRUE if the plugin was removed
 */
gboolean
sleek_base_xmpp_remove_plugin (SleekBaseXmpp *self, const char *name, GError **error)
{
  PluginSet *set;
  guint index;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_enabled (self, name, &index) == NULL)
    {
      g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_UNKNOWN,
                   _("Plugin “%s” is not enabled"), name);
      return FALSE;
    }

  set = get_set (self, FALSE);
  for (guint i = 0; i < set->enabled->len; i++)
    {
      SleekPlugin *other = g_ptr_array_index (set->enabled, i);
      const char * const *deps = sleek_plugin_get_dependencies (other);

      if (deps != NULL && g_strv_contains (deps, name))
        {
          g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                       _("Plugin “%s” is needed by plugin “%s”"), name, sleek_plugin_get_name (other));
          return FALSE;
        }
    }

  end_plugin (self, set, index);
  return TRUE;
}

void
sleek_plugins_session_bind (SleekBaseXmpp *xmpp, SleekJid *jid)
{
  PluginSet *set = get_set (xmpp, FALSE);
  g_autoptr(GPtrArray) plugins = NULL;

  if (set == NULL)
    return;
  /* A plugin may enable another from session_bind. */
  plugins = sleek_base_xmpp_list_plugins (xmpp);
  for (guint i = 0; i < plugins->len; i++)
    {
      SleekPlugin *plugin = g_ptr_array_index (plugins, i);

      if (PRIV (plugin)->xmpp == xmpp && SLEEK_PLUGIN_GET_CLASS (plugin)->session_bind != NULL)
        SLEEK_PLUGIN_GET_CLASS (plugin)->session_bind (plugin, jid);
    }
}

void
sleek_plugins_end_all (SleekBaseXmpp *xmpp)
{
  PluginSet *set = get_set (xmpp, FALSE);

  /* Dependents were enabled after their dependencies: end them first. */
  while (set != NULL && set->enabled->len > 0)
    end_plugin (xmpp, set, set->enabled->len - 1);
}

gboolean
sleek_plugin_task_return_if_disabled (SleekPlugin *self, GTask *task)
{
  if (sleek_plugin_get_xmpp (self) != NULL)
    return FALSE;
  g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                           _("The plugin “%s” is not enabled"), sleek_plugin_get_name (self));
  return TRUE;
}

void
sleek_plugin_send_query (SleekPlugin *self, GTask *task, SleekJid *jid, const char *element, const char *ns,
                         guint timeout_ms, GAsyncReadyCallback answered)
{
  g_autoptr(GTask) owned = task;
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (self);
  g_autoptr(SleekNode) payload = NULL;
  const char *to = NULL;

  if (sleek_plugin_task_return_if_disabled (self, task))
    return;

  if (jid != NULL)
    {
      to = sleek_jid_to_string (jid);
    }
  else
    {
      SleekJid *own = sleek_base_xmpp_get_bound_jid (xmpp);

      if (own == NULL)
        own = sleek_base_xmpp_get_jid (xmpp);
      if (own != NULL)
        to = sleek_jid_get_domain (own);
    }

  payload = sleek_node_new (element, ns);
  sleek_plugin_send_request (self, g_steal_pointer (&owned), "get", to, payload, timeout_ms, answered);
}

void
sleek_plugin_send_request (SleekPlugin *self, GTask *task, const char *type, const char *to, SleekNode *payload,
                           guint timeout_ms, GAsyncReadyCallback answered)
{
  g_autoptr(GTask) owned = task;
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (self);
  g_autoptr(SleekIq) iq = NULL;

  if (sleek_plugin_task_return_if_disabled (self, task))
    return;
  iq = sleek_base_xmpp_make_iq (xmpp, type, to, payload);
  sleek_base_xmpp_send_iq_async (xmpp, iq, timeout_ms, g_task_get_cancellable (task), answered,
                                 g_steal_pointer (&owned));
}
