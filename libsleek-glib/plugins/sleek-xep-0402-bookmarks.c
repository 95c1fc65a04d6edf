/* sleek-xep-0402-bookmarks.c: XEP-0402 PEP Native Bookmarks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0060-pubsub.h"
#include "sleek-xep-0163-pep.h"
#include "sleek-xep-0223-pep-storage.h"
#include "sleek-xep-0402-bookmarks.h"

#include <string.h>

#define NS_COMPAT SLEEK_NS_BOOKMARKS "#compat"
#define NS_PRIVATE "jabber:iq:private"

/* Bookmarks */

/**
 * SleekBookmark:
 *
 * A bookmarked chat room: its JID, and optionally a name, whether to
 * join it when we connect, the nickname and password to join with, and
 * an `<extensions/>` element for other clients' data (kept by XEP-0402
 * bookmarks only; XEP-0048 storage has no place for it).
 */
struct _SleekBookmark
{
  GObject parent_instance;

  SleekJid *jid;
  char *name;
  gboolean autojoin;
  char *nick;
  char *password;
  SleekNode *extensions;
};

G_DEFINE_FINAL_TYPE (SleekBookmark, sleek_bookmark, G_TYPE_OBJECT)

static void
sleek_bookmark_finalize (GObject *object)
{
  SleekBookmark *self = SLEEK_BOOKMARK (object);

  sleek_jid_unref (self->jid);
  g_free (self->name);
  g_free (self->nick);
  g_free (self->password);
  g_clear_pointer (&self->extensions, sleek_node_unref);
  G_OBJECT_CLASS (sleek_bookmark_parent_class)->finalize (object);
}

static void
sleek_bookmark_class_init (SleekBookmarkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_bookmark_finalize;
}

static void
sleek_bookmark_init (SleekBookmark *self)
{
}

/**
 * sleek_bookmark_new:
 * @jid: the room's JID, bare
 *
 * Makes a bookmark of a room, with no name, nickname or password, not
 * joined automatically.
 *
 * Returns: (transfer full): a new bookmark
 */
SleekBookmark *
sleek_bookmark_new (SleekJid *jid)
{
  SleekBookmark *self;

  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (SLEEK_TYPE_BOOKMARK, NULL);
  self->jid = sleek_jid_to_bare (jid);
  return self;
}

/**
 * sleek_bookmark_get_jid:
 * @self: a [class@Sleek.Bookmark]
 *
 * Gets the room's JID.
 *
 * Returns: (transfer none): the bare JID of the room
 */
SleekJid *
sleek_bookmark_get_jid (SleekBookmark *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARK (self), NULL);
  return self->jid;
}

/**
 * sleek_bookmark_get_name:
 * @self: a [class@Sleek.Bookmark]
 *
 * Gets the name the user gave the room.
 *
 * Returns: (nullable): the name, or %NULL
 */
const char *
sleek_bookmark_get_name (SleekBookmark *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARK (self), NULL);
  return self->name;
}

/**
 * sleek_bookmark_set_name:
 * @self: a [class@Sleek.Bookmark]
 * @name: (nullable): the name, or %NULL for none
 *
 * Sets the name of the room.
 */
void
sleek_bookmark_set_name (SleekBookmark *self, const char *name)
{
  g_return_if_fail (SLEEK_IS_BOOKMARK (self));
  g_free (self->name);
  self->name = g_strdup (name);
}

/**
 * sleek_bookmark_get_autojoin:
 * @self: a [class@Sleek.Bookmark]
 *
 * Gets whether to join the room when we connect.
 *
 * Returns: %TRUE to join automatically
 */
gboolean
sleek_bookmark_get_autojoin (SleekBookmark *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARK (self), FALSE);
  return self->autojoin;
}

/**
 * sleek_bookmark_set_autojoin:
 * @self: a [class@Sleek.Bookmark]
 * @autojoin: whether to join the room when we connect
 *
 * Sets whether to join the room when we connect.
 */
void
sleek_bookmark_set_autojoin (SleekBookmark *self, gboolean autojoin)
{
  g_return_if_fail (SLEEK_IS_BOOKMARK (self));
  self->autojoin = !!autojoin;
}

/**
 * sleek_bookmark_get_nick:
 * @self: a [class@Sleek.Bookmark]
 *
 * Gets the nickname to join the room with.
 *
 * Returns: (nullable): the nickname, or %NULL
 */
const char *
sleek_bookmark_get_nick (SleekBookmark *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARK (self), NULL);
  return self->nick;
}

/**
 * sleek_bookmark_set_nick:
 * @self: a [class@Sleek.Bookmark]
 * @nick: (nullable): the nickname, or %NULL for none
 *
 * Sets the nickname to join the room with.
 */
void
sleek_bookmark_set_nick (SleekBookmark *self, const char *nick)
{
  g_return_if_fail (SLEEK_IS_BOOKMARK (self));
  g_free (self->nick);
  self->nick = g_strdup (nick);
}

/**
 * sleek_bookmark_get_password:
 * @self: a [class@Sleek.Bookmark]
 *
 * Gets the password of the room.
 *
 * Returns: (nullable): the password, or %NULL
 */
const char *
sleek_bookmark_get_password (SleekBookmark *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARK (self), NULL);
  return self->password;
}

/**
 * sleek_bookmark_set_password:
 * @self: a [class@Sleek.Bookmark]
 * @password: (nullable): the password, or %NULL for none
 *
 * Sets the password to join the room with. It is stored on the server
 * in the clear, in a node only we may read.
 */
void
sleek_bookmark_set_password (SleekBookmark *self, const char *password)
{
  g_return_if_fail (SLEEK_IS_BOOKMARK (self));
  g_free (self->password);
  self->password = g_strdup (password);
}

/**
 * sleek_bookmark_get_extensions:
 * @self: a [class@Sleek.Bookmark]
 *
 * Gets the `<extensions/>` element, whose children are other
 * specifications' data about the room.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL
 */
SleekNode *
sleek_bookmark_get_extensions (SleekBookmark *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARK (self), NULL);
  return self->extensions;
}

/**
 * sleek_bookmark_set_extensions:
 * @self: a [class@Sleek.Bookmark]
 * @extensions: (nullable): an `<extensions/>` element of
 *   `urn:xmpp:bookmarks:1` (a copy is kept), or %NULL for none
 *
 * Sets the extensions of the bookmark.
 */
void
sleek_bookmark_set_extensions (SleekBookmark *self, SleekNode *extensions)
{
  g_return_if_fail (SLEEK_IS_BOOKMARK (self));
  g_clear_pointer (&self->extensions, sleek_node_unref);
  if (extensions != NULL)
    self->extensions = sleek_node_copy (extensions);
}

/* Appends @child to @parent, which then holds the only reference. */
static void
add_owned (SleekNode *parent, SleekNode *child)
{
  sleek_node_add_child (parent, child);
  sleek_node_unref (child);
}

static gboolean
parse_boolean (const char *text)
{
  return g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0;
}

/* A bookmark from a <conference/> of either namespace; NULL when @jid is
 * not a room's JID. */
static SleekBookmark *
bookmark_from_node (const char *jid, SleekNode *conference)
{
  g_autoptr(SleekJid) room = jid != NULL ? sleek_jid_new (jid, NULL) : NULL;
  const char *ns = sleek_node_get_namespace (conference);
  SleekBookmark *self;
  SleekNode *extensions;

  if (room == NULL || !sleek_jid_is_bare (room))
    {
      g_debug ("A bookmark of “%s”, not a room's JID, is skipped", jid != NULL ? jid : "");
      return NULL;
    }
  self = sleek_bookmark_new (room);
  self->name = g_strdup (sleek_node_get_attribute (conference, "name"));
  self->autojoin = parse_boolean (sleek_node_get_attribute (conference, "autojoin"));
  self->nick = g_strdup (sleek_node_get_child_text (conference, "nick", ns));
  self->password = g_strdup (sleek_node_get_child_text (conference, "password", ns));
  extensions = sleek_node_get_child (conference, "extensions", SLEEK_NS_BOOKMARKS);
  if (extensions != NULL)
    self->extensions = sleek_node_copy (extensions);
  return self;
}

/* <conference/> of @ns for @self: XEP-0402's, or XEP-0048's with the JID
 * as an attribute and no extensions. */
static SleekNode *
bookmark_to_node (SleekBookmark *self, const char *ns)
{
  SleekNode *conference = sleek_node_new ("conference", ns);
  gboolean legacy = strcmp (ns, SLEEK_NS_BOOKMARKS_LEGACY) == 0;

  if (legacy)
    sleek_node_set_attribute (conference, "jid", sleek_jid_to_string (self->jid));
  if (self->name != NULL)
    sleek_node_set_attribute (conference, "name", self->name);
  sleek_node_set_attribute (conference, "autojoin", self->autojoin ? "true" : "false");
  if (self->nick != NULL)
    sleek_node_set_child_text (conference, "nick", ns, self->nick);
  if (self->password != NULL)
    sleek_node_set_child_text (conference, "password", ns, self->password);
  if (!legacy && self->extensions != NULL)
    add_owned (conference, sleek_node_copy (self->extensions));
  return conference;
}

/* The plugin */

/**
 * SleekBookmarks:
 *
 * The `xep_0402` plugin: bookmarks of chat rooms, kept on the server.
 *
 * [method@Sleek.Bookmarks.load_async] asks whether the server converts
 * between XEP-0402 and XEP-0048 bookmarks (`urn:xmpp:bookmarks:1#compat`
 * on our account). When it does, bookmarks are the items of our PEP node
 * `urn:xmpp:bookmarks:1`, one per room, published with the options
 * XEP-0402 asks for; when it does not, they are the XEP-0048
 * `<storage xmlns='storage:bookmarks'/>` in private XML storage
 * (`jabber:iq:private`), which other clients of the account read too,
 * written whole on each change. [property@Sleek.Bookmarks:native] says
 * which.
 *
 * [method@Sleek.Bookmarks.get_model] gives the bookmarks as a
 * [iface@Gio.ListModel] of [class@Sleek.Bookmark]: filled by loading,
 * changed by [method@Sleek.Bookmarks.add_async] and
 * [method@Sleek.Bookmarks.remove_async], and with native bookmarks kept
 * in sync with the notifications of other clients' changes (the plugin
 * asks for them with `urn:xmpp:bookmarks:1+notify`).
 *
 * ```c
 * bookmarks = SLEEK_BOOKMARKS (sleek_base_xmpp_get_plugin (xmpp, "xep_0402"));
 * g_signal_connect (sleek_bookmarks_get_model (bookmarks), "items-changed", G_CALLBACK (on_changed), data);
 * sleek_bookmarks_load_async (bookmarks, NULL, on_loaded, data);
 *
 * bookmark = sleek_bookmark_new (room);
 * sleek_bookmark_set_autojoin (bookmark, TRUE);
 * sleek_bookmark_set_nick (bookmark, "juliet");
 * sleek_bookmarks_add_async (bookmarks, bookmark, NULL, on_added, data);
 * ```
 */
struct _SleekBookmarks
{
  SleekPlugin parent_instance;

  GListStore *model;
  gboolean loaded;
  gboolean native;
  SleekPep *pep;  /* while enabled */
};

enum {
  PROP_0,
  PROP_LOADED,
  PROP_NATIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SleekBookmarks, sleek_bookmarks, SLEEK_TYPE_PLUGIN)

static gboolean
find (SleekBookmarks *self, SleekJid *jid, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SleekBookmark) bookmark = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (sleek_jid_equal_bare (bookmark->jid, jid))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Puts @bookmark in the model, in place of the one of its room. */
static void
upsert (SleekBookmarks *self, SleekBookmark *bookmark)
{
  guint position;

  if (find (self, bookmark->jid, &position))
    g_list_store_splice (self->model, position, 1, (gpointer *) &bookmark, 1);
  else
    g_list_store_append (self->model, bookmark);
}

static void
drop (SleekBookmarks *self, SleekJid *jid)
{
  guint position;

  if (find (self, jid, &position))
    g_list_store_remove (self->model, position);
}

static SleekJid *
own_bare (SleekBookmarks *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekJid *own = xmpp != NULL ? sleek_base_xmpp_get_bound_jid (xmpp) : NULL;

  return own != NULL ? sleek_jid_to_bare (own) : NULL;
}

/* Notifications of our own node: only our own account is believed. */
static gboolean
from_us (SleekBookmarks *self, SleekJid *jid)
{
  g_autoptr(SleekJid) own = own_bare (self);

  return own != NULL && sleek_jid_equal (own, jid);
}

static void
on_published (SleekPep *pep, SleekJid *jid, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  SleekBookmarks *self = user_data;
  SleekNode *payload = sleek_pubsub_item_get_payload (item);
  g_autoptr(SleekBookmark) bookmark = NULL;

  if (!self->native || !from_us (self, jid) || payload == NULL
      || !sleek_node_is (payload, "conference", SLEEK_NS_BOOKMARKS))
    return;
  bookmark = bookmark_from_node (sleek_pubsub_item_get_id (item), payload);
  if (bookmark != NULL)
    upsert (self, bookmark);
}

static void
on_retracted (SleekPep *pep, SleekJid *jid, const char *node, const char *item_id, gpointer user_data)
{
  SleekBookmarks *self = user_data;
  g_autoptr(SleekJid) room = NULL;

  if (!self->native || !from_us (self, jid))
    return;
  room = sleek_jid_new (item_id, NULL);
  if (room != NULL)
    drop (self, room);
}

/* SleekPlugin */

static void
sleek_bookmarks_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekBookmarks *self = SLEEK_BOOKMARKS (plugin);

  self->pep = g_object_ref (SLEEK_PEP (sleek_base_xmpp_get_plugin (xmpp, "xep_0163")));
  g_signal_connect_object (self->pep, "item-published::" SLEEK_NS_BOOKMARKS, G_CALLBACK (on_published), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->pep, "item-retracted::" SLEEK_NS_BOOKMARKS, G_CALLBACK (on_retracted), self,
                           G_CONNECT_DEFAULT);
  sleek_pep_add_interest (self->pep, SLEEK_NS_BOOKMARKS);
}

static void
sleek_bookmarks_plugin_end (SleekPlugin *plugin)
{
  SleekBookmarks *self = SLEEK_BOOKMARKS (plugin);

  if (self->pep != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pep, self);
      sleek_pep_remove_interest (self->pep, SLEEK_NS_BOOKMARKS);
      g_clear_object (&self->pep);
    }
}

/* GObject */

static void
sleek_bookmarks_dispose (GObject *object)
{
  SleekBookmarks *self = SLEEK_BOOKMARKS (object);

  g_clear_object (&self->pep);
  G_OBJECT_CLASS (sleek_bookmarks_parent_class)->dispose (object);
}

static void
sleek_bookmarks_finalize (GObject *object)
{
  SleekBookmarks *self = SLEEK_BOOKMARKS (object);

  g_object_unref (self->model);
  G_OBJECT_CLASS (sleek_bookmarks_parent_class)->finalize (object);
}

static void
sleek_bookmarks_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekBookmarks *self = SLEEK_BOOKMARKS (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_NATIVE:
      g_value_set_boolean (value, self->native);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_bookmarks_class_init (SleekBookmarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_bookmarks_dispose;
  object_class->finalize = sleek_bookmarks_finalize;
  object_class->get_property = sleek_bookmarks_get_property;
  plugin_class->plugin_init = sleek_bookmarks_plugin_init;
  plugin_class->plugin_end = sleek_bookmarks_plugin_end;

  /**
   * SleekBookmarks:loaded: (getter get_loaded)
   *
   * Whether [method@Sleek.Bookmarks.load_async] succeeded, so that the
   * model holds the server's bookmarks and changes can be made.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBookmarks:native: (getter get_native)
   *
   * Whether the bookmarks are XEP-0402 ones in PEP (the server converts
   * for XEP-0048 clients), rather than XEP-0048 ones in private XML
   * storage. Known once loaded.
   */
  properties[PROP_NATIVE] =
    g_param_spec_boolean ("native", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_bookmarks_init (SleekBookmarks *self)
{
  self->model = g_list_store_new (SLEEK_TYPE_BOOKMARK);
}

/**
 * sleek_bookmarks_get_model:
 * @self: a [class@Sleek.Bookmarks]
 *
 * Gets the bookmarks. Change them through the plugin, not the model.
 *
 * Returns: (transfer none): a list model of [class@Sleek.Bookmark]
 */
GListModel *
sleek_bookmarks_get_model (SleekBookmarks *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARKS (self), NULL);
  return G_LIST_MODEL (self->model);
}

/**
 * sleek_bookmarks_lookup:
 * @self: a [class@Sleek.Bookmarks]
 * @jid: a room's JID
 *
 * Finds the bookmark of a room.
 *
 * Returns: (transfer none) (nullable): the bookmark, or %NULL
 */
SleekBookmark *
sleek_bookmarks_lookup (SleekBookmarks *self, SleekJid *jid)
{
  g_autoptr(SleekBookmark) bookmark = NULL;
  guint position;

  g_return_val_if_fail (SLEEK_IS_BOOKMARKS (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  if (!find (self, jid, &position))
    return NULL;
  bookmark = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  /* The model keeps its reference. */
  return bookmark;
}

/**
 * sleek_bookmarks_get_loaded: (get-property loaded)
 * @self: a [class@Sleek.Bookmarks]
 *
 * Gets whether the bookmarks were loaded.
 *
 * Returns: %TRUE once [method@Sleek.Bookmarks.load_async] succeeded
 */
gboolean
sleek_bookmarks_get_loaded (SleekBookmarks *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARKS (self), FALSE);
  return self->loaded;
}

/**
 * sleek_bookmarks_get_native: (get-property native)
 * @self: a [class@Sleek.Bookmarks]
 *
 * Gets whether the bookmarks are XEP-0402 ones.
 *
 * Returns: %TRUE for XEP-0402 bookmarks in PEP, %FALSE for XEP-0048 ones
 *   in private XML storage (or before loading)
 */
gboolean
sleek_bookmarks_get_native (SleekBookmarks *self)
{
  g_return_val_if_fail (SLEEK_IS_BOOKMARKS (self), FALSE);
  return self->native;
}

/* Loading */

static void
set_state (SleekBookmarks *self, gboolean native)
{
  gboolean was_native = self->native;
  gboolean was_loaded = self->loaded;

  self->native = native;
  self->loaded = TRUE;
  if (was_native != native)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATIVE]);
  if (!was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Replaces the model's content with @bookmarks. */
static void
replace_all (SleekBookmarks *self, GPtrArray *bookmarks)
{
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       bookmarks->pdata, bookmarks->len);
}

static void
on_native_items (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBookmarks *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = sleek_pubsub_get_items_finish (SLEEK_PUBSUB (source), result, NULL, &error);
  g_autoptr(GPtrArray) bookmarks = g_ptr_array_new_with_free_func (g_object_unref);

  /* No node yet: no bookmarks yet. */
  if (items == NULL && !g_error_matches (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      SleekPubsubItem *item = g_ptr_array_index (items, i);
      SleekNode *payload = sleek_pubsub_item_get_payload (item);
      SleekBookmark *bookmark;

      if (payload == NULL || !sleek_node_is (payload, "conference", SLEEK_NS_BOOKMARKS))
        continue;
      bookmark = bookmark_from_node (sleek_pubsub_item_get_id (item), payload);
      if (bookmark != NULL)
        g_ptr_array_add (bookmarks, bookmark);
    }
  replace_all (self, bookmarks);
  set_state (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
on_legacy_storage (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBookmarks *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(GPtrArray) bookmarks = g_ptr_array_new_with_free_func (g_object_unref);
  SleekNode *query, *storage;
  guint n;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query", NS_PRIVATE);
  storage = query != NULL ? sleek_node_get_child (query, "storage", SLEEK_NS_BOOKMARKS_LEGACY) : NULL;
  if (storage == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The private storage answer holds no bookmarks"));
      return;
    }
  n = sleek_node_get_n_children (storage);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (storage, i);
      SleekBookmark *bookmark;

      if (!sleek_node_is (child, "conference", SLEEK_NS_BOOKMARKS_LEGACY))
        continue;
      bookmark = bookmark_from_node (sleek_node_get_attribute (child, "jid"), child);
      if (bookmark != NULL)
        g_ptr_array_add (bookmarks, bookmark);
    }
  replace_all (self, bookmarks);
  set_state (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

static SleekPubsub *
get_pubsub (SleekBookmarks *self)
{
  return SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (sleek_plugin_get_xmpp (SLEEK_PLUGIN (self)), "xep_0060"));
}

/* Asks private XML storage for the XEP-0048 bookmarks. */
static void
read_legacy (SleekBookmarks *self, GTask *task)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekNode) query = sleek_node_new ("query", NS_PRIVATE);
  g_autoptr(SleekIq) iq = NULL;

  sleek_node_add_child_new (query, "storage", SLEEK_NS_BOOKMARKS_LEGACY);
  iq = sleek_base_xmpp_make_iq (xmpp, "get", NULL, query);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), on_legacy_storage, task);
}

static void
on_account_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  SleekBookmarks *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_info_finish (SLEEK_DISCO (source), result, &error);

  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    {
      g_object_unref (task);
      return;
    }
  if (sleek_disco_info_has_feature (info, NS_COMPAT))
    {
      sleek_pubsub_get_items_async (get_pubsub (self), NULL, SLEEK_NS_BOOKMARKS, NULL, 0, NULL,
                                    g_task_get_cancellable (task), on_native_items, task);
    }
  else
    {
      read_legacy (self, task);
    }
}

/**
 * sleek_bookmarks_load_async:
 * @self: an enabled [class@Sleek.Bookmarks]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called once loaded
 * @user_data: data for @callback
 *
 * Finds out where the account keeps its bookmarks (a service discovery
 * query of our account) and fills the model with them.
 */
void
sleek_bookmarks_load_async (SleekBookmarks *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekJid) own = NULL;
  SleekDisco *disco;

  g_return_if_fail (SLEEK_IS_BOOKMARKS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_bookmarks_load_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  own = own_bare (self);
  disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  if (own == NULL || disco == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The bookmarks need a bound session and service discovery"));
      return;
    }
  sleek_disco_get_info_async (disco, own, NULL, cancellable, on_account_info, g_steal_pointer (&task));
}

/**
 * sleek_bookmarks_load_finish:
 * @self: a [class@Sleek.Bookmarks]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, %G_IO_ERROR_INVALID_DATA for an answer without
 *   bookmarks, or an error of [method@Sleek.BaseXmpp.send_iq_finish]
 *
 * Finishes [method@Sleek.Bookmarks.load_async].
 *
 * Returns: %TRUE when the model holds the server's bookmarks
 */
gboolean
sleek_bookmarks_load_finish (SleekBookmarks *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_bookmarks_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Changing */

typedef struct {
  SleekBookmark *added;   /* add: the bookmark */
  SleekJid *removed;      /* remove: the room */
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_clear_object (&change->added);
  g_clear_pointer (&change->removed, sleek_jid_unref);
  g_free (change);
}

static void
apply (SleekBookmarks *self, Change *change)
{
  if (change->added != NULL)
    upsert (self, change->added);
  else
    drop (self, change->removed);
}

static void
on_changed_native (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBookmarks *self = g_task_get_source_object (task);
  Change *change = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean ok;

  if (change->added != NULL)
    {
      id = sleek_pubsub_publish_finish (SLEEK_PUBSUB (source), result, &error);
      ok = error == NULL;
    }
  else
    {
      ok = sleek_pubsub_retract_finish (SLEEK_PUBSUB (source), result, &error);
    }
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  apply (self, change);
  g_task_return_boolean (task, TRUE);
}

static void
on_changed_legacy (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBookmarks *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  apply (self, g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

/* Writes the whole XEP-0048 storage, the model with @change made. */
static void
write_legacy (SleekBookmarks *self, Change *change, GTask *task)
{
  g_autoptr(SleekNode) storage = sleek_node_new ("storage", SLEEK_NS_BOOKMARKS_LEGACY);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekNode) query = sleek_node_new ("query", NS_PRIVATE);
  g_autoptr(SleekIq) iq = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean replaced = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SleekBookmark) bookmark = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      SleekJid *changed = change->added != NULL ? change->added->jid : change->removed;

      if (sleek_jid_equal_bare (bookmark->jid, changed))
        {
          if (change->added != NULL)
            add_owned (storage, bookmark_to_node (change->added, SLEEK_NS_BOOKMARKS_LEGACY));
          replaced = TRUE;
          continue;
        }
      add_owned (storage, bookmark_to_node (bookmark, SLEEK_NS_BOOKMARKS_LEGACY));
    }
  if (!replaced && change->added != NULL)
    add_owned (storage, bookmark_to_node (change->added, SLEEK_NS_BOOKMARKS_LEGACY));
  sleek_node_add_child (query, storage);
  iq = sleek_base_xmpp_make_iq (xmpp, "set", NULL, query);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), on_changed_legacy, task);
}

/* Checks that a change can be made now; returns the task to @task or
 * %FALSE. */
static gboolean
change_ready (SleekBookmarks *self, GTask *task)
{
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return FALSE;
  if (!self->loaded)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The bookmarks are not loaded yet"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sleek_bookmarks_add_async:
 * @self: an enabled, loaded [class@Sleek.Bookmarks]
 * @bookmark: the bookmark, which replaces any other of its room
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Adds or changes a bookmark on the server, then in the model.
 */
void
sleek_bookmarks_add_async (SleekBookmarks *self, SleekBookmark *bookmark, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_return_if_fail (SLEEK_IS_BOOKMARKS (self));
  g_return_if_fail (SLEEK_IS_BOOKMARK (bookmark));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_bookmarks_add_async);
  change = g_new0 (Change, 1);
  change->added = g_object_ref (bookmark);
  g_task_set_task_data (task, change, change_free);
  if (!change_ready (self, task))
    return;
  if (self->native)
    {
      g_autoptr(SleekDataForm) options = sleek_pep_storage_make_options ();
      g_autoptr(SleekNode) conference = bookmark_to_node (bookmark, SLEEK_NS_BOOKMARKS);

      sleek_data_form_set_field_value (options, "pubsub#max_items", "max");
      sleek_data_form_set_field_value (options, "pubsub#send_last_published_item", "never");
      sleek_pubsub_publish_async (get_pubsub (self), NULL, SLEEK_NS_BOOKMARKS, sleek_jid_to_string (bookmark->jid),
                                  conference, options, cancellable, on_changed_native, g_steal_pointer (&task));
    }
  else
    {
      write_legacy (self, change, g_steal_pointer (&task));
    }
}

/**
 * sleek_bookmarks_add_finish:
 * @self: a [class@Sleek.Bookmarks]
 * @result: the result
 * @error: return location for an error: %G_IO_ERROR_NOT_INITIALIZED
 *   before loading, or what the server answered
 *
 * Finishes [method@Sleek.Bookmarks.add_async].
 *
 * Returns: %TRUE when the bookmark is stored
 */
gboolean
sleek_bookmarks_add_finish (SleekBookmarks *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_bookmarks_add_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_bookmarks_remove_async:
 * @self: an enabled, loaded [class@Sleek.Bookmarks]
 * @jid: the room whose bookmark goes
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Removes a bookmark on the server, then from the model.
 */
void
sleek_bookmarks_remove_async (SleekBookmarks *self, SleekJid *jid, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_return_if_fail (SLEEK_IS_BOOKMARKS (self));
  g_return_if_fail (jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_bookmarks_remove_async);
  change = g_new0 (Change, 1);
  change->removed = sleek_jid_to_bare (jid);
  g_task_set_task_data (task, change, change_free);
  if (!change_ready (self, task))
    return;
  if (self->native)
    sleek_pubsub_retract_async (get_pubsub (self), NULL, SLEEK_NS_BOOKMARKS, sleek_jid_to_string (change->removed),
                                TRUE, cancellable, on_changed_native, g_steal_pointer (&task));
  else
    write_legacy (self, change, g_steal_pointer (&task));
}

/**
 * sleek_bookmarks_remove_finish:
 * @self: a [class@Sleek.Bookmarks]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Bookmarks.add_finish]
 *
 * Finishes [method@Sleek.Bookmarks.remove_async].
 *
 * Returns: %TRUE when the bookmark is gone
 */
gboolean
sleek_bookmarks_remove_finish (SleekBookmarks *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_bookmarks_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
