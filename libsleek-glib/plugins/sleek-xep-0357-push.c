/* sleek-xep-0357-push.c: XEP-0357 Push Notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0357-push.h"

#define FORM_PUBLISH_OPTIONS "http://jabber.org/protocol/pubsub#publish-options"

/* ------------------------------------------------------------------ */
/* The stanza plugins                                                 */
/* ------------------------------------------------------------------ */

/**
 * SleekPushEnableCommand:
 *
 * The `<enable xmlns='urn:xmpp:push:0'/>` of an IQ that turns push
 * notifications on, reached as the `push_enable` plugin of an
 * [class@Sleek.Iq] (or with [method@Sleek.Stanza.get_push_enable]): the
 * JID of the push service (`jid`), the node on that service (`node`), and
 * optionally the publish options the server sends with each notification,
 * a data form.
 */
struct _SleekPushEnableCommand
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekPushEnableCommand, sleek_push_enable_command, SLEEK_TYPE_STANZA)

static void
sleek_push_enable_command_class_init (SleekPushEnableCommandClass *klass)
{
}

static void
sleek_push_enable_command_init (SleekPushEnableCommand *self)
{
}

/**
 * SleekPushDisableCommand:
 *
 * The `<disable xmlns='urn:xmpp:push:0'/>` of an IQ that turns push
 * notifications off, reached as the `push_disable` plugin of an
 * [class@Sleek.Iq] (or with [method@Sleek.Stanza.get_push_disable]): the
 * JID of the push service (`jid`) and, when only one node is meant, the
 * node (`node`).
 */
struct _SleekPushDisableCommand
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekPushDisableCommand, sleek_push_disable_command, SLEEK_TYPE_STANZA)

static void
sleek_push_disable_command_class_init (SleekPushDisableCommandClass *klass)
{
}

static void
sleek_push_disable_command_init (SleekPushDisableCommand *self)
{
}

static gpointer
register_stanzas_once (gpointer data)
{
  /* The form plugin's types are set up by the xep_0004 plugin's class. */
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_DATA_FORMS));

  sleek_stanza_type_set_element (SLEEK_TYPE_PUSH_ENABLE_COMMAND, "enable", SLEEK_NS_PUSH, "push_enable");
  sleek_stanza_type_add_key (SLEEK_TYPE_PUSH_ENABLE_COMMAND, "jid", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_PUSH_ENABLE_COMMAND, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_PUSH_ENABLE_COMMAND);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_PUSH_ENABLE_COMMAND);
  sleek_stanza_register_plugin (SLEEK_TYPE_PUSH_ENABLE_COMMAND, SLEEK_TYPE_DATA_FORM);

  sleek_stanza_type_set_element (SLEEK_TYPE_PUSH_DISABLE_COMMAND, "disable", SLEEK_NS_PUSH, "push_disable");
  sleek_stanza_type_add_key (SLEEK_TYPE_PUSH_DISABLE_COMMAND, "jid", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_PUSH_DISABLE_COMMAND, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_PUSH_DISABLE_COMMAND);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_PUSH_DISABLE_COMMAND);
  return NULL;
}

static void
register_stanzas (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_stanzas_once, NULL);
}

/* The JID in the attribute @key of @stanza, or NULL when it has none or
 * not a valid one. */
static SleekJid *
get_jid_key (SleekStanza *stanza)
{
  const char *text = sleek_stanza_get_string (stanza, "jid");

  return text != NULL && *text != '\0' ? sleek_jid_new (text, NULL) : NULL;
}

static void
set_jid_key (SleekStanza *stanza, SleekJid *jid)
{
  sleek_stanza_set_string (stanza, "jid", jid != NULL ? sleek_jid_to_string (jid) : NULL);
}

static const char *
get_node_key (SleekStanza *stanza)
{
  const char *node = sleek_stanza_get_string (stanza, "node");

  return node != NULL && *node != '\0' ? node : NULL;
}

/**
 * sleek_push_enable_command_get_jid:
 * @self: a [class@Sleek.PushEnableCommand]
 *
 * Reads the `jid` attribute, the push service (the app server) the
 * notifications go to.
 *
 * Returns: (transfer full) (nullable): the JID, or %NULL when the
 *   attribute is missing or not a valid JID
 */
SleekJid *
sleek_push_enable_command_get_jid (SleekPushEnableCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_PUSH_ENABLE_COMMAND (self), NULL);

  return get_jid_key (SLEEK_STANZA (self));
}

/**
 * sleek_push_enable_command_set_jid:
 * @self: a [class@Sleek.PushEnableCommand]
 * @jid: (nullable): the push service, or %NULL to remove the attribute
 *
 * Sets the `jid` attribute.
 */
void
sleek_push_enable_command_set_jid (SleekPushEnableCommand *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_PUSH_ENABLE_COMMAND (self));

  set_jid_key (SLEEK_STANZA (self), jid);
}

/**
 * sleek_push_enable_command_get_node:
 * @self: a [class@Sleek.PushEnableCommand]
 *
 * Reads the `node` attribute, the node of the push service that stands
 * for this device.
 *
 * Returns: (nullable): the node, or %NULL when there is none
 */
const char *
sleek_push_enable_command_get_node (SleekPushEnableCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_PUSH_ENABLE_COMMAND (self), NULL);

  return get_node_key (SLEEK_STANZA (self));
}

/**
 * sleek_push_enable_command_set_node:
 * @self: a [class@Sleek.PushEnableCommand]
 * @node: (nullable): the node, or %NULL to remove the attribute
 *
 * Sets the `node` attribute.
 */
void
sleek_push_enable_command_set_node (SleekPushEnableCommand *self, const char *node)
{
  g_return_if_fail (SLEEK_IS_PUSH_ENABLE_COMMAND (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "node", node);
}

/**
 * sleek_push_enable_command_get_options:
 * @self: a [class@Sleek.PushEnableCommand]
 *
 * Finds the publish options: the data form the server sends to the push
 * service with each notification, often a secret the app server checks.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL when there is
 *   none
 */
SleekDataForm *
sleek_push_enable_command_get_options (SleekPushEnableCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_PUSH_ENABLE_COMMAND (self), NULL);

  return sleek_stanza_get_form (SLEEK_STANZA (self));
}

/**
 * sleek_push_enable_command_set_options:
 * @self: a [class@Sleek.PushEnableCommand]
 * @options: (nullable): the publish options, or %NULL to remove them
 *
 * Sets the publish options. A form that is not of type `submit` goes in
 * as [method@Sleek.DataForm.make_submit] makes it, and its `FORM_TYPE`
 * is `http://jabber.org/protocol/pubsub#publish-options` unless it names
 * one. @options is copied.
 */
void
sleek_push_enable_command_set_options (SleekPushEnableCommand *self, SleekDataForm *options)
{
  SleekNode *node;
  SleekNode *old;

  g_return_if_fail (SLEEK_IS_PUSH_ENABLE_COMMAND (self));
  g_return_if_fail (options == NULL || SLEEK_IS_DATA_FORM (options));

  node = sleek_stanza_get_node (SLEEK_STANZA (self));
  while ((old = sleek_node_get_child (node, "x", SLEEK_NS_DATA_FORMS)) != NULL)
    sleek_node_remove_child (node, old);
  if (options != NULL)
    {
      g_autoptr(SleekNode) copy = sleek_plugin_form_to_submit (options, FORM_PUBLISH_OPTIONS);

      sleek_node_add_child (node, copy);
    }
}

/**
 * sleek_stanza_get_push_enable:
 * @stanza: a [class@Sleek.Iq]
 * @create: whether to add an empty `<enable/>` when there is none
 *
 * Finds the XEP-0357 `<enable/>` of @stanza, as its `push_enable` plugin.
 * The `xep_0357` plugin type registers that plugin; this makes sure it
 * is.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL when
 *   @stanza carries none and @create is %FALSE, or is not an IQ
 */
SleekPushEnableCommand *
sleek_stanza_get_push_enable (SleekStanza *stanza, gboolean create)
{
  SleekStanza *plugin;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  register_stanzas ();
  plugin = sleek_stanza_get_plugin (stanza, "push_enable", create);
  return plugin != NULL && SLEEK_IS_PUSH_ENABLE_COMMAND (plugin) ? SLEEK_PUSH_ENABLE_COMMAND (plugin) : NULL;
}

/**
 * sleek_push_disable_command_get_jid:
 * @self: a [class@Sleek.PushDisableCommand]
 *
 * Reads the `jid` attribute, the push service notifications no longer go
 * to.
 *
 * Returns: (transfer full) (nullable): the JID, or %NULL when the
 *   attribute is missing or not a valid JID
 */
SleekJid *
sleek_push_disable_command_get_jid (SleekPushDisableCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_PUSH_DISABLE_COMMAND (self), NULL);

  return get_jid_key (SLEEK_STANZA (self));
}

/**
 * sleek_push_disable_command_set_jid:
 * @self: a [class@Sleek.PushDisableCommand]
 * @jid: (nullable): the push service, or %NULL to remove the attribute
 *
 * Sets the `jid` attribute.
 */
void
sleek_push_disable_command_set_jid (SleekPushDisableCommand *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_PUSH_DISABLE_COMMAND (self));

  set_jid_key (SLEEK_STANZA (self), jid);
}

/**
 * sleek_push_disable_command_get_node:
 * @self: a [class@Sleek.PushDisableCommand]
 *
 * Reads the `node` attribute. Without it, every node of the push service
 * is meant.
 *
 * Returns: (nullable): the node, or %NULL when there is none
 */
const char *
sleek_push_disable_command_get_node (SleekPushDisableCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_PUSH_DISABLE_COMMAND (self), NULL);

  return get_node_key (SLEEK_STANZA (self));
}

/**
 * sleek_push_disable_command_set_node:
 * @self: a [class@Sleek.PushDisableCommand]
 * @node: (nullable): the node, or %NULL to remove the attribute
 *
 * Sets the `node` attribute.
 */
void
sleek_push_disable_command_set_node (SleekPushDisableCommand *self, const char *node)
{
  g_return_if_fail (SLEEK_IS_PUSH_DISABLE_COMMAND (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "node", node);
}

/**
 * sleek_stanza_get_push_disable:
 * @stanza: a [class@Sleek.Iq]
 * @create: whether to add an empty `<disable/>` when there is none
 *
 * Finds the XEP-0357 `<disable/>` of @stanza, as its `push_disable`
 * plugin. The `xep_0357` plugin type registers that plugin; this makes
 * sure it is.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL when
 *   @stanza carries none and @create is %FALSE, or is not an IQ
 */
SleekPushDisableCommand *
sleek_stanza_get_push_disable (SleekStanza *stanza, gboolean create)
{
  SleekStanza *plugin;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  register_stanzas ();
  plugin = sleek_stanza_get_plugin (stanza, "push_disable", create);
  return plugin != NULL && SLEEK_IS_PUSH_DISABLE_COMMAND (plugin) ? SLEEK_PUSH_DISABLE_COMMAND (plugin) : NULL;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekPush:
 *
 * The `xep_0357` plugin: XEP-0357 Push Notifications.
 *
 * A mobile client that goes to sleep asks its server to wake it up
 * through a push service (an "app server" that talks to the phone's
 * platform). [method@Sleek.Push.enable_async] tells the server the JID of
 * that service and the node that stands for this device, with optional
 * publish options (a [class@Sleek.DataForm], often a secret the app
 * server checks); from then on, when a message comes for the account
 * while the client is away (disconnected, or its session hibernating
 * under stream management), the server publishes a notification to that
 * node. [method@Sleek.Push.disable_async] turns it off again, for one
 * node or for every node of the service.
 *
 * The server advertises `urn:xmpp:push:0` on the account's bare JID when
 * it supports this. A refusal comes back as a [error@Sleek.StanzaError].
 *
 * ```c
 * g_autoptr(SleekJid) service = sleek_jid_new ("push.example.net", NULL);
 * g_autoptr(SleekDataForm) options = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0357", &error);
 * push = SLEEK_PUSH (sleek_base_xmpp_get_plugin (xmpp, "xep_0357"));
 * sleek_data_form_set_field_value (options, "secret", device_secret);
 * sleek_push_enable_async (push, service, device_node, options, NULL, on_push_enabled, data);
 * ```
 */
struct _SleekPush
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekPush, sleek_push, SLEEK_TYPE_PLUGIN)

static void
sleek_push_class_init (SleekPushClass *klass)
{
  /* The class is made once, when the registry registers the plugin. */
  register_stanzas ();
}

static void
sleek_push_init (SleekPush *self)
{
}

/* Sends an IQ set to our account carrying @command (of @stanza's
 * making). */
static void
send_command (SleekPush *self, GTask *task, SleekStanza *command)
{
  sleek_plugin_send_request (SLEEK_PLUGIN (self), task, "set", NULL, sleek_stanza_get_node (command), 0,
                             sleek_plugin_return_answered);
}

/**
 * sleek_push_enable_async:
 * @self: an enabled [class@Sleek.Push]
 * @jid: the push service (the app server)
 * @node: the node on the push service that stands for this device
 * @options: (nullable): publish options the server sends with each
 *   notification; a form that is not of type `submit` goes as
 *   [method@Sleek.DataForm.make_submit] makes it, and `FORM_TYPE` is
 *   added when missing
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks the server to send push notifications to @node of @jid while this
 * client is away.
 */
void
sleek_push_enable_async (SleekPush *self, SleekJid *jid, const char *node, SleekDataForm *options,
                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekPushEnableCommand) command = NULL;

  g_return_if_fail (SLEEK_IS_PUSH (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (node != NULL && *node != '\0');
  g_return_if_fail (options == NULL || SLEEK_IS_DATA_FORM (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_push_enable_async);
  command = g_object_new (SLEEK_TYPE_PUSH_ENABLE_COMMAND, NULL);
  sleek_push_enable_command_set_jid (command, jid);
  sleek_push_enable_command_set_node (command, node);
  sleek_push_enable_command_set_options (command, options);
  send_command (self, g_steal_pointer (&task), SLEEK_STANZA (command));
}

/**
 * sleek_push_enable_finish:
 * @self: a [class@Sleek.Push]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered (`<feature-not-implemented/>` or
 *   `<service-unavailable/>` when it has no push support,
 *   `<not-acceptable/>` when it refuses the publish options...), or
 *   another reason the answer did not come
 *
 * Finishes [method@Sleek.Push.enable_async].
 *
 * Returns: whether the server enabled the notifications
 */
gboolean
sleek_push_enable_finish (SleekPush *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_push_enable_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_push_disable_async:
 * @self: an enabled [class@Sleek.Push]
 * @jid: the push service
 * @node: (nullable): the node to stop notifying, or %NULL for every
 *   node of @jid
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks the server to stop sending push notifications to @node of @jid,
 * or to any node of @jid.
 */
void
sleek_push_disable_async (SleekPush *self, SleekJid *jid, const char *node, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekPushDisableCommand) command = NULL;

  g_return_if_fail (SLEEK_IS_PUSH (self));
  g_return_if_fail (jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_push_disable_async);
  command = g_object_new (SLEEK_TYPE_PUSH_DISABLE_COMMAND, NULL);
  sleek_push_disable_command_set_jid (command, jid);
  if (node != NULL && *node != '\0')
    sleek_push_disable_command_set_node (command, node);
  send_command (self, g_steal_pointer (&task), SLEEK_STANZA (command));
}

/**
 * sleek_push_disable_finish:
 * @self: a [class@Sleek.Push]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, or another reason the answer did not come
 *
 * Finishes [method@Sleek.Push.disable_async].
 *
 * Returns: whether the server disabled the notifications
 */
gboolean
sleek_push_disable_finish (SleekPush *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_push_disable_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
