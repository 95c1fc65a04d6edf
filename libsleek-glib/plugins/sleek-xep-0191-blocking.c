/* sleek-xep-0191-blocking.c: XEP-0191 Blocking Command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-base-xmpp-private.h"
#include "sleek-plugin-private.h"
#include "sleek-xep-0191-blocking.h"

/* SleekBlockItem */

/**
 * SleekBlockItem:
 *
 * One JID of the block list of [class@Sleek.Blocking].
 */
struct _SleekBlockItem
{
  GObject parent_instance;
  SleekJid *jid;
};

enum {
  ITEM_PROP_0,
  ITEM_PROP_JID,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (SleekBlockItem, sleek_block_item, G_TYPE_OBJECT)

static void
sleek_block_item_finalize (GObject *object)
{
  SleekBlockItem *self = SLEEK_BLOCK_ITEM (object);

  g_clear_pointer (&self->jid, sleek_jid_unref);
  G_OBJECT_CLASS (sleek_block_item_parent_class)->finalize (object);
}

static void
sleek_block_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekBlockItem *self = SLEEK_BLOCK_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_JID:
      g_value_set_boxed (value, self->jid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_block_item_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekBlockItem *self = SLEEK_BLOCK_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_JID:
      self->jid = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_block_item_class_init (SleekBlockItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_block_item_finalize;
  object_class->get_property = sleek_block_item_get_property;
  object_class->set_property = sleek_block_item_set_property;

  /**
   * SleekBlockItem:jid: (getter get_jid)
   *
   * The blocked JID: a bare or full JID, or a domain.
   */
  item_properties[ITEM_PROP_JID] =
    g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
sleek_block_item_init (SleekBlockItem *self)
{
}

/**
 * sleek_block_item_get_jid: (get-property jid)
 * @self: a [class@Sleek.BlockItem]
 *
 * Gets the blocked JID.
 *
 * Returns: (transfer none): the JID
 */
SleekJid *
sleek_block_item_get_jid (SleekBlockItem *self)
{
  g_return_val_if_fail (SLEEK_IS_BLOCK_ITEM (self), NULL);
  return self->jid;
}

/* SleekBlocking */

/**
 * SleekBlocking:
 *
 * The `xep_0191` plugin: XEP-0191 Blocking Command.
 *
 * The server drops what a blocked JID sends us and refuses what we send
 * it. [method@Sleek.Blocking.fetch_async] gets the block list, which
 * [method@Sleek.Blocking.get_blocklist] holds as a `GListModel` of
 * [class@Sleek.BlockItem]s; [method@Sleek.Blocking.block_async] and
 * [method@Sleek.Blocking.unblock_async] change it. The server tells every
 * session of the account that fetched the list about each change, and the
 * plugin keeps the model in step with those pushes (accepted only from
 * our own account or its server), emitting
 * [signal@Sleek.Blocking::blocked] and [signal@Sleek.Blocking::unblocked]
 * for each JID.
 *
 * A stanza we send to a JID we block comes back as an error carrying
 * `<blocked xmlns='urn:xmpp:blocking:errors'/>`:
 * [func@Sleek.Blocking.is_blocked_error] recognises it, and for messages
 * and presences the plugin emits [signal@Sleek.Blocking::blocked-error].
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0191", &error);
 * blocking = SLEEK_BLOCKING (sleek_base_xmpp_get_plugin (xmpp, "xep_0191"));
 * g_signal_connect (sleek_blocking_get_blocklist (blocking), "items-changed",
 *                   G_CALLBACK (on_blocklist_changed), data);
 * sleek_blocking_fetch_async (blocking, NULL, on_fetched, data);
 *
 * g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
 * g_ptr_array_add (jids, sleek_jid_new ("spammer@example.org", NULL));
 * sleek_blocking_block_async (blocking, jids, NULL, on_blocked, data);
 * ```
 */
struct _SleekBlocking
{
  SleekPlugin parent_instance;

  GListStore *items;   /* SleekBlockItem */
};

enum {
  SIGNAL_BLOCKED,
  SIGNAL_UNBLOCKED,
  SIGNAL_BLOCKED_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekBlocking, sleek_blocking, SLEEK_TYPE_PLUGIN)

/* The block list */

static gboolean
find_jid (SleekBlocking *self, SleekJid *jid, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SleekBlockItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (sleek_jid_equal (item->jid, jid))
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
add_jid (SleekBlocking *self, SleekJid *jid)
{
  g_autoptr(SleekBlockItem) item = NULL;

  if (find_jid (self, jid, NULL))
    return;
  item = g_object_new (SLEEK_TYPE_BLOCK_ITEM, "jid", jid, NULL);
  g_list_store_append (self->items, item);
  g_signal_emit (self, signals[SIGNAL_BLOCKED], 0, jid);
}

static void
remove_jid (SleekBlocking *self, SleekJid *jid)
{
  guint position;

  if (!find_jid (self, jid, &position))
    return;
  g_list_store_remove (self->items, position);
  g_signal_emit (self, signals[SIGNAL_UNBLOCKED], 0, jid);
}

static GPtrArray *
list_jids (SleekBlocking *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  GPtrArray *jids = g_ptr_array_new_full (n, (GDestroyNotify) sleek_jid_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SleekBlockItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_ptr_array_add (jids, sleek_jid_ref (item->jid));
    }
  return jids;
}

static void
remove_all (SleekBlocking *self)
{
  g_autoptr(GPtrArray) jids = list_jids (self);

  g_list_store_remove_all (self->items);
  for (guint i = 0; i < jids->len; i++)
    g_signal_emit (self, signals[SIGNAL_UNBLOCKED], 0, g_ptr_array_index (jids, i));
}

/* Applies a <block/> or <unblock/> whose JIDs are @jids. */
static void
apply_change (SleekBlocking *self, gboolean block, GPtrArray *jids)
{
  g_autoptr(SleekBlocking) hold G_GNUC_UNUSED = g_object_ref (self);  /* handlers may drop the plugin */

  if (!block && jids->len == 0)
    {
      remove_all (self);
      return;
    }
  for (guint i = 0; i < jids->len; i++)
    {
      if (block)
        add_jid (self, g_ptr_array_index (jids, i));
      else
        remove_jid (self, g_ptr_array_index (jids, i));
    }
}

/* The JIDs of the <item/>s in @container. */
static GPtrArray *
parse_items (SleekNode *container, GError **error)
{
  g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);

  for (guint i = 0; i < sleek_node_get_n_children (container); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (container, i);
      const char *text;
      SleekJid *jid;

      if (!sleek_node_is (child, "item", SLEEK_NS_BLOCKING))
        continue;
      text = sleek_node_get_attribute (child, "jid");
      jid = text != NULL ? sleek_jid_new (text, NULL) : NULL;
      if (jid == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” in a block list is not a valid JID"),
                       text != NULL ? text : "");
          return NULL;
        }
      g_ptr_array_add (jids, jid);
    }
  return g_steal_pointer (&jids);
}

/* Pushes and errors */

static void
on_push (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekBlocking *self = user_data;
  SleekBaseXmpp *xmpp = SLEEK_BASE_XMPP (stream);
  SleekNode *node = sleek_stanza_get_node (stanza);
  SleekNode *change;
  gboolean block;
  g_autoptr(GPtrArray) jids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) reply = NULL;

  if (!SLEEK_IS_IQ (stanza))
    return;
  if (!sleek_base_xmpp_is_from_account (xmpp, stanza))
    {
      g_debug ("Ignoring a block list push from %s", sleek_stanza_get_string (stanza, "from"));
      sleek_base_xmpp_send_error_reply (xmpp, stanza, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
      return;
    }
  change = sleek_node_get_child (node, "block", SLEEK_NS_BLOCKING);
  block = change != NULL;
  if (change == NULL)
    change = sleek_node_get_child (node, "unblock", SLEEK_NS_BLOCKING);
  if (change != NULL)
    jids = parse_items (change, &error);
  /* A block names at least one JID; an unblock without any is for all. */
  if (jids == NULL || (block && jids->len == 0))
    {
      g_debug ("Refusing a malformed block list push: %s", error != NULL ? error->message : "no item");
      sleek_base_xmpp_send_error_reply (xmpp, stanza, SLEEK_STANZA_ERROR_BAD_REQUEST);
      return;
    }
  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_xml_stream_send (stream, reply);
  apply_change (self, block, jids);
}

static void
on_error_stanza (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekBlocking *self = user_data;

  if (sleek_blocking_is_blocked_error (stanza))
    g_signal_emit (self, signals[SIGNAL_BLOCKED_ERROR], 0, stanza);
}

static void
add_mask_handler (SleekPlugin *plugin, const char *mask, SleekHandlerFunc func)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xml_mask (mask, &error);

  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, matcher, SLEEK_HANDLER_NONE, func, plugin, NULL);
}

/* SleekPlugin */

static void
sleek_blocking_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  add_mask_handler (plugin, "<iq type='set'><block xmlns='" SLEEK_NS_BLOCKING "'/></iq>", on_push);
  add_mask_handler (plugin, "<iq type='set'><unblock xmlns='" SLEEK_NS_BLOCKING "'/></iq>", on_push);
  add_mask_handler (plugin, "<message type='error'/>", on_error_stanza);
  add_mask_handler (plugin, "<presence type='error'/>", on_error_stanza);
}

/* GObject */

static void
sleek_blocking_finalize (GObject *object)
{
  SleekBlocking *self = SLEEK_BLOCKING (object);

  g_clear_object (&self->items);
  G_OBJECT_CLASS (sleek_blocking_parent_class)->finalize (object);
}

static void
sleek_blocking_class_init (SleekBlockingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_blocking_finalize;
  plugin_class->plugin_init = sleek_blocking_plugin_init;

  /**
   * SleekBlocking::blocked:
   * @self: the plugin
   * @jid: the JID now blocked
   *
   * A JID joined the block list: we blocked it from this session or
   * another one, or a fetch found it.
   */
  signals[SIGNAL_BLOCKED] =
    g_signal_new ("blocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_JID);
  /**
   * SleekBlocking::unblocked:
   * @self: the plugin
   * @jid: the JID no longer blocked
   *
   * A JID left the block list: we unblocked it (or everybody) from this
   * session or another one, or a fetch no longer found it.
   */
  signals[SIGNAL_UNBLOCKED] =
    g_signal_new ("unblocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_JID);
  /**
   * SleekBlocking::blocked-error:
   * @self: the plugin
   * @stanza: the error message or presence
   *
   * The server sent back a message or presence of ours because we block
   * its recipient.
   */
  signals[SIGNAL_BLOCKED_ERROR] =
    g_signal_new ("blocked-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_STANZA);
}

static void
sleek_blocking_init (SleekBlocking *self)
{
  self->items = g_list_store_new (SLEEK_TYPE_BLOCK_ITEM);
}

/**
 * sleek_blocking_get_blocklist:
 * @self: a [class@Sleek.Blocking]
 *
 * Gets the block list as last fetched and changed since. It is empty
 * before the first [method@Sleek.Blocking.fetch_async], apart from the
 * JIDs blocked since. It is not cleared when the session ends: fetch it
 * again in a new one.
 *
 * Returns: (transfer none): a `GListModel` of [class@Sleek.BlockItem]
 */
GListModel *
sleek_blocking_get_blocklist (SleekBlocking *self)
{
  g_return_val_if_fail (SLEEK_IS_BLOCKING (self), NULL);
  return G_LIST_MODEL (self->items);
}

/**
 * sleek_blocking_is_blocked:
 * @self: a [class@Sleek.Blocking]
 * @jid: a JID
 *
 * Looks @jid up in the block list, as it is: a full JID is not blocked
 * because its bare JID or domain is.
 *
 * Returns: whether @jid is in the block list
 */
gboolean
sleek_blocking_is_blocked (SleekBlocking *self, SleekJid *jid)
{
  g_return_val_if_fail (SLEEK_IS_BLOCKING (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  return find_jid (self, jid, NULL);
}

/**
 * sleek_blocking_is_blocked_error:
 * @stanza: a stanza
 *
 * Checks whether @stanza is an error the server sent back because we
 * block the recipient: its `<error/>` carries
 * `<blocked xmlns='urn:xmpp:blocking:errors'/>`.
 *
 * Returns: whether @stanza is such an error
 */
gboolean
sleek_blocking_is_blocked_error (SleekStanza *stanza)
{
  SleekNode *error;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), FALSE);

  if (g_strcmp0 (sleek_stanza_get_stanza_type (stanza), "error") != 0)
    return FALSE;
  error = sleek_node_get_child (sleek_stanza_get_node (stanza), "error", NULL);
  return error != NULL && sleek_node_get_child (error, "blocked", SLEEK_NS_BLOCKING_ERRORS) != NULL;
}

/* Fetching */

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBlocking *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(GPtrArray) jids = NULL;
  g_autoptr(GPtrArray) old = NULL;
  SleekNode *list;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  list = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "blocklist", SLEEK_NS_BLOCKING);
  if (list == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The answer holds no block list"));
      return;
    }
  jids = parse_items (list, &error);
  if (jids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The list as the server has it: what it lacks goes, what is new comes. */
  old = list_jids (self);
  for (guint i = 0; i < old->len; i++)
    {
      SleekJid *jid = g_ptr_array_index (old, i);

      if (!g_ptr_array_find_with_equal_func (jids, jid, (GEqualFunc) sleek_jid_equal, NULL))
        remove_jid (self, jid);
    }
  apply_change (self, TRUE, jids);
  g_task_return_boolean (task, TRUE);
}

/**
 * sleek_blocking_fetch_async:
 * @self: an enabled [class@Sleek.Blocking]
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called once the list is in
 * @user_data: data for @callback
 *
 * Gets the block list from the server into
 * [method@Sleek.Blocking.get_blocklist]. From then on the server also
 * pushes this session every change to the list.
 */
void
sleek_blocking_fetch_async (SleekBlocking *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) payload = NULL;

  g_return_if_fail (SLEEK_IS_BLOCKING (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_blocking_fetch_async);
  payload = sleek_node_new ("blocklist", SLEEK_NS_BLOCKING);
  sleek_plugin_send_request (SLEEK_PLUGIN (self), g_steal_pointer (&task), "get", NULL, payload, 0, on_fetched);
}

/**
 * sleek_blocking_fetch_finish:
 * @self: a [class@Sleek.Blocking]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, %G_IO_ERROR_INVALID_DATA for a malformed answer, or
 *   another reason the answer did not come
 *
 * Finishes [method@Sleek.Blocking.fetch_async].
 *
 * Returns: whether the block list was fetched
 */
gboolean
sleek_blocking_fetch_finish (SleekBlocking *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_blocking_fetch_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocking and unblocking */

static void
on_changed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBlocking *self = g_task_get_source_object (task);
  GPtrArray *jids = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The server's push may have come first, or not come at all to a
   * session that never fetched the list. */
  apply_change (self, g_task_get_source_tag (task) == sleek_blocking_block_async, jids);
  g_task_return_boolean (task, TRUE);
}

static void
send_change (SleekBlocking *self, gpointer source_tag, GPtrArray *jids, GCancellable *cancellable,
             GAsyncReadyCallback callback, gpointer user_data)
{
  gboolean block = source_tag == sleek_blocking_block_async;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SleekNode) payload = sleek_node_new (block ? "block" : "unblock", SLEEK_NS_BLOCKING);
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; jids != NULL && i < jids->len; i++)
    {
      SleekJid *jid = g_ptr_array_index (jids, i);
      SleekNode *item;

      if (jid == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The list of JIDs holds NULL"));
          return;
        }
      g_ptr_array_add (copy, sleek_jid_ref (jid));
      item = sleek_node_add_child_new (payload, "item", SLEEK_NS_BLOCKING);
      sleek_node_set_attribute (item, "jid", sleek_jid_to_string (jid));
    }
  if (block && copy->len == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is no JID to block"));
      return;
    }
  sleek_plugin_send_request (SLEEK_PLUGIN (self), g_steal_pointer (&task), "set", NULL, payload, 0, on_changed);
}

/**
 * sleek_blocking_block_async:
 * @self: an enabled [class@Sleek.Blocking]
 * @jids: (element-type Sleek.Jid): the JIDs to block, at least one
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called once blocked
 * @user_data: data for @callback
 *
 * Blocks @jids: the server drops what they send us, our presence
 * included, and refuses what we send them. The block list has them once
 * the server agreed.
 */
void
sleek_blocking_block_async (SleekBlocking *self, GPtrArray *jids, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_BLOCKING (self));
  g_return_if_fail (jids != NULL);

  send_change (self, sleek_blocking_block_async, jids, cancellable, callback, user_data);
}

/**
 * sleek_blocking_block_finish:
 * @self: a [class@Sleek.Blocking]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, %G_IO_ERROR_INVALID_ARGUMENT for an empty list, or
 *   another reason the answer did not come
 *
 * Finishes [method@Sleek.Blocking.block_async].
 *
 * Returns: whether the server blocked the JIDs
 */
gboolean
sleek_blocking_block_finish (SleekBlocking *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_blocking_block_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_blocking_unblock_async:
 * @self: an enabled [class@Sleek.Blocking]
 * @jids: (nullable) (element-type Sleek.Jid): the JIDs to unblock; %NULL
 *   or an empty array unblocks everybody
 * @cancellable: (nullable): stops the wait for the server
 * @callback: (scope async) (closure user_data): called once unblocked
 * @user_data: data for @callback
 *
 * Unblocks @jids, or every JID of the block list.
 */
void
sleek_blocking_unblock_async (SleekBlocking *self, GPtrArray *jids, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_BLOCKING (self));

  send_change (self, sleek_blocking_unblock_async, jids, cancellable, callback, user_data);
}

/**
 * sleek_blocking_unblock_finish:
 * @self: a [class@Sleek.Blocking]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, or another reason the answer did not come
 *
 * Finishes [method@Sleek.Blocking.unblock_async].
 *
 * Returns: whether the server unblocked the JIDs
 */
gboolean
sleek_blocking_unblock_finish (SleekBlocking *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_blocking_unblock_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
