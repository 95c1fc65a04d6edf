/* sleek-xep-0163-pep.c: XEP-0163 Personal Eventing Protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0060-pubsub.h"
#include "sleek-xep-0163-pep.h"

/**
 * SleekPep:
 *
 * The `xep_0163` plugin: XEP-0163 Personal Eventing Protocol, the
 * publish-subscribe service every account has, whose nodes are named
 * after the namespace of their payloads (`http://jabber.org/protocol/tune`,
 * `urn:xmpp:avatar:metadata`...).
 *
 * [method@Sleek.Pep.publish_async] publishes to our own account's
 * service; the server creates the node on first use. Contacts with a
 * presence subscription to us get the notifications of the nodes they
 * are interested in, and we get theirs: [method@Sleek.Pep.add_interest]
 * adds `NODE+notify` to our service discovery features, which the
 * `xep_0115` plugin announces in our presence, and the server sends us
 * the last item of each node we are interested in and every new one.
 * They arrive as [signal@Sleek.Pep::item-published] and
 * [signal@Sleek.Pep::item-retracted], detailed by the node.
 *
 * Everything else (retracting, fetching items, configuring a node) is
 * the `xep_0060` plugin's, with %NULL or a contact's bare JID as the
 * service.
 *
 * ```c
 * pep = SLEEK_PEP (sleek_base_xmpp_get_plugin (xmpp, "xep_0163"));
 * sleek_pep_add_interest (pep, "http://jabber.org/protocol/tune");
 * g_signal_connect (pep, "item-published::http://jabber.org/protocol/tune", G_CALLBACK (on_tune), data);
 *
 * tune = sleek_node_new ("tune", "http://jabber.org/protocol/tune");
 * sleek_node_set_child_text (tune, "title", NULL, "Yesterday");
 * sleek_pep_publish_async (pep, "http://jabber.org/protocol/tune", NULL, tune, NULL, NULL, on_published, data);
 * ```
 */
struct _SleekPep
{
  SleekPlugin parent_instance;

  GHashTable *interests;  /* node → NULL */
  SleekPubsub *pubsub;    /* while enabled */
};

enum {
  SIGNAL_ITEM_PUBLISHED,
  SIGNAL_ITEM_RETRACTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekPep, sleek_pep, SLEEK_TYPE_PLUGIN)

static char *
notify_feature (const char *node)
{
  return g_strconcat (node, "+notify", NULL);
}

/* Only an account's service is a personal one. */
static gboolean
is_personal (SleekJid *service)
{
  return sleek_jid_get_local (service) != NULL && sleek_jid_is_bare (service);
}

static void
on_published (SleekPubsub *pubsub, SleekJid *service, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  SleekPep *self = user_data;

  if (is_personal (service))
    g_signal_emit (self, signals[SIGNAL_ITEM_PUBLISHED], g_quark_try_string (node), service, node, item);
}

static void
on_retracted (SleekPubsub *pubsub, SleekJid *service, const char *node, const char *item_id, gpointer user_data)
{
  SleekPep *self = user_data;

  if (is_personal (service))
    g_signal_emit (self, signals[SIGNAL_ITEM_RETRACTED], g_quark_try_string (node), service, node, item_id);
}

/* SleekPlugin */

static void
sleek_pep_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekPep *self = SLEEK_PEP (plugin);
  GHashTableIter iter;
  gpointer node;

  self->pubsub = g_object_ref (SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (xmpp, "xep_0060")));
  g_signal_connect_object (self->pubsub, "item-published", G_CALLBACK (on_published), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->pubsub, "item-retracted", G_CALLBACK (on_retracted), self, G_CONNECT_DEFAULT);
  g_hash_table_iter_init (&iter, self->interests);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    {
      g_autofree char *feature = notify_feature (node);

      sleek_plugin_advertise (plugin, feature);
    }
}

static void
sleek_pep_plugin_end (SleekPlugin *plugin)
{
  SleekPep *self = SLEEK_PEP (plugin);
  GHashTableIter iter;
  gpointer node;

  if (self->pubsub != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pubsub, self);
      g_clear_object (&self->pubsub);
    }
  g_hash_table_iter_init (&iter, self->interests);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    {
      g_autofree char *feature = notify_feature (node);

      sleek_plugin_withdraw (plugin, feature);
    }
}

/* GObject */

static void
sleek_pep_dispose (GObject *object)
{
  SleekPep *self = SLEEK_PEP (object);

  g_clear_object (&self->pubsub);
  G_OBJECT_CLASS (sleek_pep_parent_class)->dispose (object);
}

static void
sleek_pep_finalize (GObject *object)
{
  SleekPep *self = SLEEK_PEP (object);

  g_hash_table_unref (self->interests);
  G_OBJECT_CLASS (sleek_pep_parent_class)->finalize (object);
}

static void
sleek_pep_class_init (SleekPepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_pep_dispose;
  object_class->finalize = sleek_pep_finalize;
  plugin_class->plugin_init = sleek_pep_plugin_init;
  plugin_class->plugin_end = sleek_pep_plugin_end;

  /**
   * SleekPep::item-published:
   * @self: the plugin
   * @jid: the bare JID of the account that published, a contact or we
   * @node: the node's name, also the signal's detail
   * @item: the item
   *
   * A personal eventing node of an account has a new or changed item.
   */
  signals[SIGNAL_ITEM_PUBLISHED] =
    g_signal_new ("item-published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, SLEEK_TYPE_JID, G_TYPE_STRING, SLEEK_TYPE_PUBSUB_ITEM);
  /**
   * SleekPep::item-retracted:
   * @self: the plugin
   * @jid: the bare JID of the account, a contact or we
   * @node: the node's name, also the signal's detail
   * @item_id: the id of the item removed
   *
   * An item was removed from a personal eventing node of an account.
   */
  signals[SIGNAL_ITEM_RETRACTED] =
    g_signal_new ("item-retracted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, SLEEK_TYPE_JID, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sleek_pep_init (SleekPep *self)
{
  self->interests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * sleek_pep_add_interest:
 * @self: a [class@Sleek.Pep]
 * @node: a node, the namespace of its payloads
 *
 * Asks for the notifications of @node from our contacts: adds
 * `@node+notify` to our features (now, or when the plugin is enabled).
 * With the `xep_0115` plugin, our next presence announces the change.
 */
void
sleek_pep_add_interest (SleekPep *self, const char *node)
{
  g_autofree char *feature = NULL;

  g_return_if_fail (SLEEK_IS_PEP (self));
  g_return_if_fail (node != NULL && *node != '\0');

  if (!g_hash_table_add (self->interests, g_strdup (node)))
    return;
  feature = notify_feature (node);
  if (self->pubsub != NULL)
    sleek_plugin_advertise (SLEEK_PLUGIN (self), feature);
}

/**
 * sleek_pep_remove_interest:
 * @self: a [class@Sleek.Pep]
 * @node: a node given to [method@Sleek.Pep.add_interest]
 *
 * No longer asks for the notifications of @node.
 */
void
sleek_pep_remove_interest (SleekPep *self, const char *node)
{
  g_autofree char *feature = NULL;

  g_return_if_fail (SLEEK_IS_PEP (self));
  g_return_if_fail (node != NULL);

  if (!g_hash_table_remove (self->interests, node))
    return;
  feature = notify_feature (node);
  if (self->pubsub != NULL)
    sleek_plugin_withdraw (SLEEK_PLUGIN (self), feature);
}

/**
 * sleek_pep_has_interest:
 * @self: a [class@Sleek.Pep]
 * @node: a node
 *
 * Tells whether we ask for the notifications of @node.
 *
 * Returns: %TRUE after [method@Sleek.Pep.add_interest] for @node
 */
gboolean
sleek_pep_has_interest (SleekPep *self, const char *node)
{
  g_return_val_if_fail (SLEEK_IS_PEP (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  return g_hash_table_contains (self->interests, node);
}

static void
on_published_own (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id = sleek_pubsub_publish_finish (SLEEK_PUBSUB (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

/**
 * sleek_pep_publish_async:
 * @self: an enabled [class@Sleek.Pep]
 * @node: the node, the namespace of @payload
 * @item_id: (nullable): the item's id, or %NULL to let the server give one
 * @payload: the payload
 * @options: (nullable): publish options, as for
 *   [method@Sleek.Pubsub.publish_async]: on a PEP service they configure
 *   the node the server creates
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Publishes an item to a node of our account's personal eventing service.
 */
void
sleek_pep_publish_async (SleekPep *self, const char *node, const char *item_id, SleekNode *payload,
                         SleekDataForm *options, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_PEP (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (payload != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_pep_publish_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  sleek_pubsub_publish_async (self->pubsub, NULL, node, item_id, payload, options, cancellable, on_published_own,
                              g_steal_pointer (&task));
}

/**
 * sleek_pep_publish_finish:
 * @self: a [class@Sleek.Pep]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.Pep.publish_async].
 *
 * Returns: (transfer full) (nullable): the id of the item, as for
 *   [method@Sleek.Pubsub.publish_finish]
 */
char *
sleek_pep_publish_finish (SleekPep *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_pep_publish_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
