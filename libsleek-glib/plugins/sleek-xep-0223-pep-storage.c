/* sleek-xep-0223-pep-storage.c: XEP-0223 Persistent Storage of Private
 * Data via PubSub
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0060-pubsub.h"
#include "sleek-xep-0223-pep-storage.h"

#define DEFAULT_ITEM "current"

/**
 * SleekPepStorage:
 *
 * The `xep_0223` plugin: XEP-0223 Persistent Storage of Private Data via
 * PubSub. It keeps private data in a node of our own PEP service that
 * only we may read: each item is published with the publish options of
 * [func@Sleek.PepStorage.make_options] (`pubsub#persist_items` true,
 * `pubsub#access_model` `whitelist`), so the server creates the node
 * that way, or refuses with %SLEEK_PUBSUB_ERROR_PRECONDITION_NOT_MET when
 * the node exists with another configuration.
 *
 * ```c
 * storage = SLEEK_PEP_STORAGE (sleek_base_xmpp_get_plugin (xmpp, "xep_0223"));
 * notes = sleek_node_new ("notes", "urn:example:notes");
 * sleek_pep_storage_store_async (storage, "urn:example:notes", NULL, notes, NULL, on_stored, data);
 * sleek_pep_storage_retrieve_async (storage, "urn:example:notes", NULL, NULL, on_retrieved, data);
 * ```
 */
struct _SleekPepStorage
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekPepStorage, sleek_pep_storage, SLEEK_TYPE_PLUGIN)

static void
sleek_pep_storage_class_init (SleekPepStorageClass *klass)
{
}

static void
sleek_pep_storage_init (SleekPepStorage *self)
{
}

/**
 * sleek_pep_storage_make_options:
 *
 * Makes the publish options of private storage: a `submit` form of
 * `pubsub#publish-options` with `pubsub#persist_items` true and
 * `pubsub#access_model` `whitelist`. Other storage helpers (such as the
 * `xep_0402` plugin's) add fields of their own.
 *
 * Returns: (transfer full): a new form
 */
SleekDataForm *
sleek_pep_storage_make_options (void)
{
  SleekDataForm *form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);

  sleek_data_form_set_form_namespace (form, SLEEK_NS_PUBSUB "#publish-options");
  sleek_data_form_set_field_value (form, "pubsub#persist_items", "true");
  sleek_data_form_set_field_value (form, "pubsub#access_model", "whitelist");
  return form;
}

static SleekPubsub *
get_pubsub (SleekPepStorage *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  return SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (xmpp, "xep_0060"));
}

static void
on_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autofree char *id G_GNUC_UNUSED = sleek_pubsub_publish_finish (SLEEK_PUBSUB (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sleek_pep_storage_store_async:
 * @self: an enabled [class@Sleek.PepStorage]
 * @node: the node, usually the namespace of @payload
 * @item_id: (nullable): the item, or %NULL for `current`
 * @payload: the data to keep
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Stores @payload as the item @item_id of a private node, replacing
 * what the item held.
 */
void
sleek_pep_storage_store_async (SleekPepStorage *self, const char *node, const char *item_id, SleekNode *payload,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekDataForm) options = NULL;

  g_return_if_fail (SLEEK_IS_PEP_STORAGE (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (payload != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_pep_storage_store_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  options = sleek_pep_storage_make_options ();
  sleek_pubsub_publish_async (get_pubsub (self), NULL, node, item_id != NULL ? item_id : DEFAULT_ITEM, payload,
                              options, cancellable, on_stored, g_steal_pointer (&task));
}

/**
 * sleek_pep_storage_store_finish:
 * @self: a [class@Sleek.PepStorage]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.PepStorage.store_async].
 *
 * Returns: %TRUE when the data is stored
 */
gboolean
sleek_pep_storage_store_finish (SleekPepStorage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_pep_storage_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_retrieved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *wanted = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) items = sleek_pubsub_get_items_finish (SLEEK_PUBSUB (source), result, NULL, &error);

  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      SleekPubsubItem *item = g_ptr_array_index (items, i);
      SleekNode *payload = sleek_pubsub_item_get_payload (item);

      if (g_strcmp0 (sleek_pubsub_item_get_id (item), wanted) == 0 && payload != NULL)
        {
          g_task_return_pointer (task, sleek_node_ref (payload), (GDestroyNotify) sleek_node_unref);
          return;
        }
    }
  g_task_return_new_error (task, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND,
                           _("The node holds no item “%s” with data"), wanted);
}

/**
 * sleek_pep_storage_retrieve_async:
 * @self: an enabled [class@Sleek.PepStorage]
 * @node: the node
 * @item_id: (nullable): the item, or %NULL for `current`
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Reads the data stored in an item of a private node.
 */
void
sleek_pep_storage_retrieve_async (SleekPepStorage *self, const char *node, const char *item_id,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *ids[2] = { NULL, NULL };

  g_return_if_fail (SLEEK_IS_PEP_STORAGE (self));
  g_return_if_fail (node != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_pep_storage_retrieve_async);
  ids[0] = item_id != NULL ? item_id : DEFAULT_ITEM;
  g_task_set_task_data (task, g_strdup (ids[0]), g_free);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  sleek_pubsub_get_items_async (get_pubsub (self), NULL, node, ids, 0, NULL, cancellable, on_retrieved,
                                g_steal_pointer (&task));
}

/**
 * sleek_pep_storage_retrieve_finish:
 * @self: a [class@Sleek.PepStorage]
 * @result: the result
 * @error: return location for an error: %SLEEK_STANZA_ERROR_ITEM_NOT_FOUND
 *   when the node or the item does not exist (or the item is empty), or
 *   another error of [method@Sleek.Pubsub.get_items_finish]
 *
 * Finishes [method@Sleek.PepStorage.retrieve_async].
 *
 * Returns: (transfer full): the stored data, or %NULL on error
 */
SleekNode *
sleek_pep_storage_retrieve_finish (SleekPepStorage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_pep_storage_retrieve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
