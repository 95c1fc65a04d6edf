/* sleek-xep-0049-private-storage.c: XEP-0049 Private XML Storage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0049-private-storage.h"

/**
 * SleekPrivateStorage:
 *
 * The `xep_0049` plugin: XEP-0049 Private XML Storage.
 *
 * The server keeps, for our account alone, one XML element for each
 * namespace: settings, bookmarks of older clients, anything an
 * application wants back on its next login.
 * [method@Sleek.PrivateStorage.store_async] stores an element (replacing
 * the one stored before in its namespace), and
 * [method@Sleek.PrivateStorage.retrieve_async] gets it back.
 *
 * ```c
 * g_autoptr(SleekNode) prefs = sleek_node_new ("prefs", "urn:example:prefs");
 *
 * sleek_node_set_child_text (prefs, "theme", NULL, "dark");
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0049", &error);
 * storage = SLEEK_PRIVATE_STORAGE (sleek_base_xmpp_get_plugin (xmpp, "xep_0049"));
 * sleek_private_storage_store_async (storage, prefs, NULL, on_stored, data);
 * // ...later, or on another login:
 * sleek_private_storage_retrieve_async (storage, "prefs", "urn:example:prefs", NULL, on_prefs, data);
 * ```
 */
struct _SleekPrivateStorage
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekPrivateStorage, sleek_private_storage, SLEEK_TYPE_PLUGIN)

static void
sleek_private_storage_class_init (SleekPrivateStorageClass *klass)
{
}

static void
sleek_private_storage_init (SleekPrivateStorage *self)
{
}

/* The server's own namespaces cannot hold private data. */
static gboolean
check_element (const char *name, const char *ns, GError **error)
{
  static const char * const reserved[] = { SLEEK_NS_CLIENT, "jabber:server", SLEEK_NS_PRIVATE, NULL };

  if (name == NULL || *name == '\0' || ns == NULL || *ns == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Private storage needs an element with a name and a namespace"));
      return FALSE;
    }
  if (g_strv_contains (reserved, ns))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The namespace “%s” cannot be used for private storage"), ns);
      return FALSE;
    }
  return TRUE;
}

static void
send_private (SleekPrivateStorage *self, GTask *task, const char *type, SleekNode *element,
              GAsyncReadyCallback answered)
{
  g_autoptr(SleekNode) query = sleek_node_new ("query", SLEEK_NS_PRIVATE);

  sleek_node_add_child (query, element);
  sleek_plugin_send_request (SLEEK_PLUGIN (self), task, type, NULL, query, 0, answered);
}

/**
 * sleek_private_storage_store_async:
 * @self: an enabled [class@Sleek.PrivateStorage]
 * @element: the element to store, with a namespace of its own (not
 *   `jabber:client`, `jabber:server` or `jabber:iq:private`)
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called once stored
 * @user_data: data for @callback
 *
 * Stores a copy of @element on the server, in place of the element
 * stored before in its namespace.
 */
void
sleek_private_storage_store_async (SleekPrivateStorage *self, SleekNode *element, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) copy = NULL;
  GError *error = NULL;

  g_return_if_fail (SLEEK_IS_PRIVATE_STORAGE (self));
  g_return_if_fail (element != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_private_storage_store_async);
  if (!check_element (sleek_node_get_name (element), sleek_node_get_namespace (element), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  copy = sleek_node_copy (element);
  send_private (self, g_steal_pointer (&task), "set", copy, sleek_plugin_return_answered);
}

/**
 * sleek_private_storage_store_finish:
 * @self: a [class@Sleek.PrivateStorage]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, %G_IO_ERROR_INVALID_ARGUMENT for an element that
 *   cannot be stored, or another reason the answer did not come
 *
 * Finishes [method@Sleek.PrivateStorage.store_async].
 *
 * Returns: whether the server stored the element
 */
gboolean
sleek_private_storage_store_finish (SleekPrivateStorage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_private_storage_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_retrieved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekNode *asked = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekNode *query;
  SleekNode *stored;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query", SLEEK_NS_PRIVATE);
  stored = query != NULL ? sleek_node_get_child (query, sleek_node_get_name (asked),
                                                 sleek_node_get_namespace (asked)) : NULL;
  if (stored == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The server’s answer holds no <%s xmlns='%s'/>"), sleek_node_get_name (asked),
                               sleek_node_get_namespace (asked));
      return;
    }
  g_task_return_pointer (task, sleek_node_copy (stored), (GDestroyNotify) sleek_node_unref);
}

/**
 * sleek_private_storage_retrieve_async:
 * @self: an enabled [class@Sleek.PrivateStorage]
 * @name: the name of the stored element
 * @ns: the namespace of the stored element
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called with the element
 * @user_data: data for @callback
 *
 * Gets back the element stored in @ns. With nothing stored there, the
 * server answers with an empty `<@name xmlns='@ns'/>`.
 */
void
sleek_private_storage_retrieve_async (SleekPrivateStorage *self, const char *name, const char *ns,
                                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) asked = NULL;
  GError *error = NULL;

  g_return_if_fail (SLEEK_IS_PRIVATE_STORAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_private_storage_retrieve_async);
  if (!check_element (name, ns, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  asked = sleek_node_new (name, ns);
  g_task_set_task_data (task, sleek_node_ref (asked), (GDestroyNotify) sleek_node_unref);
  send_private (self, g_steal_pointer (&task), "get", asked, on_retrieved);
}

/**
 * sleek_private_storage_retrieve_finish:
 * @self: a [class@Sleek.PrivateStorage]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, %G_IO_ERROR_INVALID_ARGUMENT for a name or
 *   namespace that cannot be stored, %G_IO_ERROR_INVALID_DATA for an
 *   answer without the element, or another reason the answer did not
 *   come
 *
 * Finishes [method@Sleek.PrivateStorage.retrieve_async].
 *
 * Returns: (transfer full): the stored element, empty when nothing is
 *   stored, or %NULL on error
 */
SleekNode *
sleek_private_storage_retrieve_finish (SleekPrivateStorage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_private_storage_retrieve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
