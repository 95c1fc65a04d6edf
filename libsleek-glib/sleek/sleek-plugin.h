/* sleek-plugin.h: plugins and their registry (SleekXMPP's BasePlugin)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-matcher.h>
#include <sleek/sleek-xml-stream.h>
#include <sleek/sleek-base-xmpp.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_PLUGIN (sleek_plugin_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekPlugin, sleek_plugin, SLEEK, PLUGIN, GObject)

/**
 * SleekPluginClass:
 * @parent_class: the parent class
 * @name: the registry name, such as `"xep_0030"`; set by
 *   [func@Sleek.Plugin.register_type]
 * @description: a one-line description; set by
 *   [func@Sleek.Plugin.register_type]
 * @dependencies: the names of the plugins this one needs, %NULL-terminated;
 *   set by [func@Sleek.Plugin.register_type]
 * @plugin_init: enables the plugin on a stream: registers handlers,
 *   connects signals, adds disco features
 * @plugin_end: undoes everything @plugin_init did; handlers added with
 *   [method@Sleek.Plugin.add_handler] are removed afterwards anyway
 * @session_bind: called when the stream has bound a JID, or at once when
 *   the plugin is enabled on a stream that already has one
 *
 * The class of [class@Sleek.Plugin].
 */
struct _SleekPluginClass
{
  GObjectClass parent_class;

  const char          *name;
  const char          *description;
  const char * const  *dependencies;

  void (*plugin_init)  (SleekPlugin   *self,
                        SleekBaseXmpp *xmpp);
  void (*plugin_end)   (SleekPlugin   *self);
  void (*session_bind) (SleekPlugin   *self,
                        SleekJid      *jid);

  /*< private >*/
  gpointer padding[8];
};

/* The registry */
SLEEK_AVAILABLE_IN_ALL
void           sleek_plugin_register_type   (GType               type,
                                             const char         *name,
                                             const char         *description,
                                             const char * const *dependencies);
SLEEK_AVAILABLE_IN_ALL
GType          sleek_plugin_lookup_type     (const char         *name);
SLEEK_AVAILABLE_IN_ALL
GStrv          sleek_plugin_list_names      (void);

/* An enabled plugin */
SLEEK_AVAILABLE_IN_ALL
const char    *sleek_plugin_get_name        (SleekPlugin        *self);
SLEEK_AVAILABLE_IN_ALL
const char    *sleek_plugin_get_description (SleekPlugin        *self);
SLEEK_AVAILABLE_IN_ALL
const char * const *sleek_plugin_get_dependencies (SleekPlugin  *self);
SLEEK_AVAILABLE_IN_ALL
SleekBaseXmpp *sleek_plugin_get_xmpp        (SleekPlugin        *self);
SLEEK_AVAILABLE_IN_ALL
guint          sleek_plugin_add_handler     (SleekPlugin        *self,
                                             SleekMatcher       *matcher,
                                             SleekHandlerFlags   flags,
                                             SleekHandlerFunc    func,
                                             gpointer            user_data,
                                             GDestroyNotify      destroy);
SLEEK_AVAILABLE_IN_ALL
void           sleek_plugin_remove_handler  (SleekPlugin        *self,
                                             guint               id);

/* Plugins of a stream */
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_base_xmpp_register_plugin (SleekBaseXmpp   *self,
                                                const char      *name,
                                                GError         **error);
SLEEK_AVAILABLE_IN_ALL
SleekPlugin   *sleek_base_xmpp_get_plugin      (SleekBaseXmpp   *self,
                                                const char      *name);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_base_xmpp_remove_plugin   (SleekBaseXmpp   *self,
                                                const char      *name,
                                                GError         **error);
SLEEK_AVAILABLE_IN_ALL
GPtrArray     *sleek_base_xmpp_list_plugins    (SleekBaseXmpp   *self);

G_END_DECLS
