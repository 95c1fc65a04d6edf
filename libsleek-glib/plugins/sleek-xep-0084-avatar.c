/* sleek-xep-0084-avatar.c: XEP-0084 User Avatar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0060-pubsub.h"
#include "sleek-xep-0084-avatar.h"
#include "sleek-xep-0163-pep.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

/* Information */

/**
 * SleekUserAvatarInfo:
 *
 * What an avatar's metadata says about one of its versions: the SHA-1 id
 * of the image data, its MIME type, size in bytes and, when given, its
 * width and height in pixels.
 */
struct _SleekUserAvatarInfo
{
  GObject parent_instance;

  char *id;
  char *mime_type;
  guint bytes;
  guint width;
  guint height;
};

G_DEFINE_FINAL_TYPE (SleekUserAvatarInfo, sleek_user_avatar_info, G_TYPE_OBJECT)

static void
sleek_user_avatar_info_finalize (GObject *object)
{
  SleekUserAvatarInfo *self = SLEEK_USER_AVATAR_INFO (object);

  g_free (self->id);
  g_free (self->mime_type);
  G_OBJECT_CLASS (sleek_user_avatar_info_parent_class)->finalize (object);
}

static void
sleek_user_avatar_info_class_init (SleekUserAvatarInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_user_avatar_info_finalize;
}

static void
sleek_user_avatar_info_init (SleekUserAvatarInfo *self)
{
}

/**
 * sleek_user_avatar_info_get_id:
 * @self: a [class@Sleek.UserAvatarInfo]
 *
 * Gets the avatar's id, the SHA-1 of its image data in hexadecimal, to
 * give to [method@Sleek.UserAvatar.fetch_async].
 *
 * Returns: the id
 */
const char *
sleek_user_avatar_info_get_id (SleekUserAvatarInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_AVATAR_INFO (self), NULL);
  return self->id;
}

/**
 * sleek_user_avatar_info_get_mime_type:
 * @self: a [class@Sleek.UserAvatarInfo]
 *
 * Gets the MIME type of the image, such as `image/png`.
 *
 * Returns: (nullable): the type, or %NULL when the metadata gives none
 */
const char *
sleek_user_avatar_info_get_mime_type (SleekUserAvatarInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_AVATAR_INFO (self), NULL);
  return self->mime_type;
}

/**
 * sleek_user_avatar_info_get_bytes:
 * @self: a [class@Sleek.UserAvatarInfo]
 *
 * Gets the size of the image data.
 *
 * Returns: the size in bytes
 */
guint
sleek_user_avatar_info_get_bytes (SleekUserAvatarInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_AVATAR_INFO (self), 0);
  return self->bytes;
}

/**
 * sleek_user_avatar_info_get_width:
 * @self: a [class@Sleek.UserAvatarInfo]
 *
 * Gets the width of the image.
 *
 * Returns: the width in pixels, or 0 when the metadata does not say
 */
guint
sleek_user_avatar_info_get_width (SleekUserAvatarInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_AVATAR_INFO (self), 0);
  return self->width;
}

/**
 * sleek_user_avatar_info_get_height:
 * @self: a [class@Sleek.UserAvatarInfo]
 *
 * Gets the height of the image.
 *
 * Returns: the height in pixels, or 0 when the metadata does not say
 */
guint
sleek_user_avatar_info_get_height (SleekUserAvatarInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_AVATAR_INFO (self), 0);
  return self->height;
}

static guint
parse_uint (const char *text)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return 0;
  return (guint) value;
}

/* An <info/> with an id, or NULL. */
static SleekUserAvatarInfo *
info_from_node (SleekNode *node)
{
  const char *id = sleek_node_get_attribute (node, "id");
  SleekUserAvatarInfo *info;

  if (id == NULL || *id == '\0')
    return NULL;
  info = g_object_new (SLEEK_TYPE_USER_AVATAR_INFO, NULL);
  info->id = g_ascii_strdown (id, -1);
  info->mime_type = g_strdup (sleek_node_get_attribute (node, "type"));
  info->bytes = parse_uint (sleek_node_get_attribute (node, "bytes"));
  info->width = parse_uint (sleek_node_get_attribute (node, "width"));
  info->height = parse_uint (sleek_node_get_attribute (node, "height"));
  return info;
}

/* The plugin */

/**
 * SleekUserAvatar:
 *
 * The `xep_0084` plugin: XEP-0084 User Avatar, avatars published in PEP.
 *
 * [method@Sleek.UserAvatar.publish_async] takes an image in any format
 * gdk-pixbuf reads, scales it down to fit in
 * %SLEEK_AVATAR_MAX_SIZE × %SLEEK_AVATAR_MAX_SIZE pixels keeping its
 * aspect, encodes it as PNG and publishes the data (node
 * `urn:xmpp:avatar:data`), then the metadata (node
 * `urn:xmpp:avatar:metadata`), both under the SHA-1 of the PNG as item id.
 *
 * The plugin is interested in contacts' metadata, which arrives as
 * [signal@Sleek.UserAvatar::avatar-changed];
 * [method@Sleek.UserAvatar.fetch_async] then fetches the image by its id
 * and checks it against the hash. Images published or fetched stay in a
 * cache in memory, keyed by id ([method@Sleek.UserAvatar.lookup]), for the
 * plugin's life.
 *
 * ```c
 * avatar = SLEEK_USER_AVATAR (sleek_base_xmpp_get_plugin (xmpp, "xep_0084"));
 * g_signal_connect (avatar, "avatar-changed", G_CALLBACK (on_avatar_changed), data);
 *
 * image = g_file_load_bytes (file, NULL, NULL, &error);
 * sleek_user_avatar_publish_async (avatar, image, NULL, on_published, data);
 *
 * // In on_avatar_changed (avatar, jid, info, data):
 * sleek_user_avatar_fetch_async (avatar, jid, sleek_user_avatar_info_get_id (info), NULL, on_fetched, data);
 * ```
 */
struct _SleekUserAvatar
{
  SleekPlugin parent_instance;

  GHashTable *cache;  /* id → GBytes */
  SleekPep *pep;      /* while enabled */
};

enum {
  SIGNAL_AVATAR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekUserAvatar, sleek_user_avatar, SLEEK_TYPE_PLUGIN)

static void
on_metadata (SleekPep *pep, SleekJid *jid, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  SleekUserAvatar *self = user_data;
  SleekNode *metadata = sleek_pubsub_item_get_payload (item);
  g_autoptr(SleekUserAvatarInfo) chosen = NULL;
  guint n;

  if (metadata == NULL || !sleek_node_is (metadata, "metadata", SLEEK_NS_AVATAR_METADATA))
    return;
  /* The first PNG one (every client reads PNG), else the first. */
  n = sleek_node_get_n_children (metadata);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (metadata, i);
      g_autoptr(SleekUserAvatarInfo) info = NULL;

      if (!sleek_node_is (child, "info", SLEEK_NS_AVATAR_METADATA))
        continue;
      info = info_from_node (child);
      if (info == NULL)
        continue;
      if (g_strcmp0 (info->mime_type, "image/png") == 0)
        {
          g_set_object (&chosen, info);
          break;
        }
      if (chosen == NULL)
        chosen = g_steal_pointer (&info);
    }
  g_signal_emit (self, signals[SIGNAL_AVATAR_CHANGED], 0, jid, chosen);
}

/* SleekPlugin */

static void
sleek_user_avatar_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekUserAvatar *self = SLEEK_USER_AVATAR (plugin);

  self->pep = g_object_ref (SLEEK_PEP (sleek_base_xmpp_get_plugin (xmpp, "xep_0163")));
  g_signal_connect_object (self->pep, "item-published::" SLEEK_NS_AVATAR_METADATA, G_CALLBACK (on_metadata), self,
                           G_CONNECT_DEFAULT);
  sleek_pep_add_interest (self->pep, SLEEK_NS_AVATAR_METADATA);
}

static void
sleek_user_avatar_plugin_end (SleekPlugin *plugin)
{
  SleekUserAvatar *self = SLEEK_USER_AVATAR (plugin);

  if (self->pep != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pep, self);
      sleek_pep_remove_interest (self->pep, SLEEK_NS_AVATAR_METADATA);
      g_clear_object (&self->pep);
    }
}

/* GObject */

static void
sleek_user_avatar_dispose (GObject *object)
{
  SleekUserAvatar *self = SLEEK_USER_AVATAR (object);

  g_clear_object (&self->pep);
  G_OBJECT_CLASS (sleek_user_avatar_parent_class)->dispose (object);
}

static void
sleek_user_avatar_finalize (GObject *object)
{
  SleekUserAvatar *self = SLEEK_USER_AVATAR (object);

  g_hash_table_unref (self->cache);
  G_OBJECT_CLASS (sleek_user_avatar_parent_class)->finalize (object);
}

static void
sleek_user_avatar_class_init (SleekUserAvatarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_user_avatar_dispose;
  object_class->finalize = sleek_user_avatar_finalize;
  plugin_class->plugin_init = sleek_user_avatar_plugin_init;
  plugin_class->plugin_end = sleek_user_avatar_plugin_end;

  /**
   * SleekUserAvatar::avatar-changed:
   * @self: the plugin
   * @jid: the bare JID of the account, a contact or we
   * @info: (nullable): the new avatar (its PNG version when there is
   *   one), or %NULL when the account no longer shows one
   *
   * An account published new avatar metadata.
   */
  signals[SIGNAL_AVATAR_CHANGED] =
    g_signal_new ("avatar-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SLEEK_TYPE_JID, SLEEK_TYPE_USER_AVATAR_INFO);
}

static void
sleek_user_avatar_init (SleekUserAvatar *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
}

static SleekPubsub *
get_pubsub (SleekUserAvatar *self)
{
  return SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (sleek_plugin_get_xmpp (SLEEK_PLUGIN (self)), "xep_0060"));
}

/**
 * sleek_user_avatar_lookup:
 * @self: a [class@Sleek.UserAvatar]
 * @id: an avatar's id
 *
 * Finds an image in the cache.
 *
 * Returns: (transfer full) (nullable): the image data, or %NULL when
 *   this plugin neither published nor fetched it
 */
GBytes *
sleek_user_avatar_lookup (SleekUserAvatar *self, const char *id)
{
  g_autofree char *key = NULL;
  GBytes *bytes;

  g_return_val_if_fail (SLEEK_IS_USER_AVATAR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  key = g_ascii_strdown (id, -1);
  bytes = g_hash_table_lookup (self->cache, key);
  return bytes != NULL ? g_bytes_ref (bytes) : NULL;
}

/* Publishing */

typedef struct {
  char *id;
  GBytes *png;
  guint width;
  guint height;
} Avatar;

static void
avatar_free (gpointer data)
{
  Avatar *avatar = data;

  g_free (avatar->id);
  g_bytes_unref (avatar->png);
  g_free (avatar);
}

/* The gdk-pixbuf module for the common avatar formats, by their magic
 * bytes: gdk-pixbuf guesses types with the shared MIME database, which a
 * sandbox may lack. NULL for the others, left to that guess. */
static const char *
known_type (const guchar *data, gsize size)
{
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "jpeg";
  if (size >= 4 && memcmp (data, "GIF8", 4) == 0)
    return "gif";
  return NULL;
}

/* Decodes @image, scales it down to fit, and encodes it as PNG. */
static Avatar *
prepare (GBytes *image, GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  GdkPixbuf *pixbuf;
  gsize size;
  const guchar *data = g_bytes_get_data (image, &size);
  int width, height;
  gchar *buffer = NULL;
  gsize length = 0;
  Avatar *avatar;
  const char *type = known_type (data, size);

  loader = type != NULL ? gdk_pixbuf_loader_new_with_type (type, NULL) : NULL;
  if (loader == NULL)
    loader = gdk_pixbuf_loader_new ();
  if (!gdk_pixbuf_loader_write (loader, data, size, error) || !gdk_pixbuf_loader_close (loader, error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The data is not an image"));
      return NULL;
    }
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  if (width > SLEEK_AVATAR_MAX_SIZE || height > SLEEK_AVATAR_MAX_SIZE)
    {
      double scale = MIN ((double) SLEEK_AVATAR_MAX_SIZE / width, (double) SLEEK_AVATAR_MAX_SIZE / height);

      width = MAX (1, (int) (width * scale + 0.5));
      height = MAX (1, (int) (height * scale + 0.5));
      scaled = gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_BILINEAR);
      if (scaled == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("The image could not be scaled"));
          return NULL;
        }
    }
  else
    {
      scaled = g_object_ref (pixbuf);
    }
  if (!gdk_pixbuf_save_to_buffer (scaled, &buffer, &length, "png", error, NULL))
    return NULL;
  avatar = g_new0 (Avatar, 1);
  avatar->png = g_bytes_new_take (buffer, length);
  avatar->id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, avatar->png);
  avatar->width = width;
  avatar->height = height;
  return avatar;
}

static void
on_metadata_published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekUserAvatar *self = g_task_get_source_object (task);
  Avatar *avatar = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *id G_GNUC_UNUSED = sleek_pubsub_publish_finish (SLEEK_PUBSUB (source), result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_hash_table_replace (self->cache, g_strdup (avatar->id), g_bytes_ref (avatar->png));
  g_task_return_pointer (task, g_strdup (avatar->id), g_free);
}

static void
on_data_published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekUserAvatar *self = g_task_get_source_object (task);
  Avatar *avatar = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *id G_GNUC_UNUSED = sleek_pubsub_publish_finish (SLEEK_PUBSUB (source), result, &error);
  g_autoptr(SleekNode) metadata = NULL;
  GCancellable *cancellable;
  SleekNode *info;
  char number[16];

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  metadata = sleek_node_new ("metadata", SLEEK_NS_AVATAR_METADATA);
  info = sleek_node_add_child_new (metadata, "info", SLEEK_NS_AVATAR_METADATA);
  g_snprintf (number, sizeof number, "%" G_GSIZE_FORMAT, g_bytes_get_size (avatar->png));
  sleek_node_set_attribute (info, "bytes", number);
  g_snprintf (number, sizeof number, "%u", avatar->height);
  sleek_node_set_attribute (info, "height", number);
  sleek_node_set_attribute (info, "id", avatar->id);
  sleek_node_set_attribute (info, "type", "image/png");
  g_snprintf (number, sizeof number, "%u", avatar->width);
  sleek_node_set_attribute (info, "width", number);
  cancellable = g_task_get_cancellable (task);
  sleek_pubsub_publish_async (get_pubsub (self), NULL, SLEEK_NS_AVATAR_METADATA, avatar->id, metadata, NULL,
                              cancellable, on_metadata_published, g_steal_pointer (&task));
}

/**
 * sleek_user_avatar_publish_async:
 * @self: an enabled [class@Sleek.UserAvatar]
 * @image: the image, in a format gdk-pixbuf reads (PNG, JPEG, GIF...)
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Publishes our avatar: @image, scaled down to fit in
 * %SLEEK_AVATAR_MAX_SIZE pixels and encoded as PNG, then its metadata.
 * The image is decoded and encoded before this returns.
 */
void
sleek_user_avatar_publish_async (SleekUserAvatar *self, GBytes *image, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) data = NULL;
  g_autofree char *base64 = NULL;
  GError *error = NULL;
  Avatar *avatar;

  g_return_if_fail (SLEEK_IS_USER_AVATAR (self));
  g_return_if_fail (image != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_user_avatar_publish_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  avatar = prepare (image, &error);
  if (avatar == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, avatar, avatar_free);
  base64 = g_base64_encode (g_bytes_get_data (avatar->png, NULL), g_bytes_get_size (avatar->png));
  data = sleek_node_new ("data", SLEEK_NS_AVATAR_DATA);
  sleek_node_set_text (data, base64);
  sleek_pubsub_publish_async (get_pubsub (self), NULL, SLEEK_NS_AVATAR_DATA, avatar->id, data, NULL, cancellable,
                              on_data_published, g_steal_pointer (&task));
}

/**
 * sleek_user_avatar_publish_finish:
 * @self: a [class@Sleek.UserAvatar]
 * @result: the result
 * @error: return location for an error: a #GdkPixbufError or
 *   %G_IO_ERROR_INVALID_DATA when the image cannot be read, or an error
 *   of [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.UserAvatar.publish_async].
 *
 * Returns: (transfer full): the avatar's id, the SHA-1 of the PNG data;
 *   %NULL on error
 */
char *
sleek_user_avatar_publish_finish (SleekUserAvatar *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_user_avatar_publish_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Fetching */

static void
on_data (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekUserAvatar *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
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
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *hash = NULL;
      const char *text;
      guchar *decoded;
      gsize length;

      if (g_ascii_strcasecmp (sleek_pubsub_item_get_id (item) != NULL ? sleek_pubsub_item_get_id (item) : "", id) != 0
          || payload == NULL || !sleek_node_is (payload, "data", SLEEK_NS_AVATAR_DATA))
        continue;
      text = sleek_node_get_text (payload);
      decoded = g_base64_decode (text != NULL ? text : "", &length);
      bytes = g_bytes_new_take (decoded, length);
      hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, bytes);
      if (length == 0 || g_ascii_strcasecmp (hash, id) != 0)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("The avatar data does not match its id “%s”"), id);
          return;
        }
      g_hash_table_replace (self->cache, g_strdup (id), g_bytes_ref (bytes));
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_return_new_error (task, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND,
                           _("There is no avatar “%s”"), id);
}

/**
 * sleek_user_avatar_fetch_async:
 * @self: an enabled [class@Sleek.UserAvatar]
 * @jid: (nullable): the account, or %NULL for ours
 * @id: the avatar's id, from its metadata
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the image
 * @user_data: data for @callback
 *
 * Gets an avatar's image: from the cache when it is there, else from
 * the account's data node, checked against @id.
 */
void
sleek_user_avatar_fetch_async (SleekUserAvatar *self, SleekJid *jid, const char *id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(SleekJid) bare = NULL;
  const char *ids[2] = { NULL, NULL };
  char *key;

  g_return_if_fail (SLEEK_IS_USER_AVATAR (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_user_avatar_fetch_async);
  key = g_ascii_strdown (id, -1);
  g_task_set_task_data (task, key, g_free);
  cached = sleek_user_avatar_lookup (self, key);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  ids[0] = id;
  bare = jid != NULL ? sleek_jid_to_bare (jid) : NULL;
  sleek_pubsub_get_items_async (get_pubsub (self), bare, SLEEK_NS_AVATAR_DATA, ids, 0, NULL, cancellable, on_data,
                                g_steal_pointer (&task));
}

/**
 * sleek_user_avatar_fetch_finish:
 * @self: a [class@Sleek.UserAvatar]
 * @result: the result
 * @error: return location for an error: %SLEEK_STANZA_ERROR_ITEM_NOT_FOUND
 *   when there is no such avatar, %G_IO_ERROR_INVALID_DATA when the data
 *   does not match the id, or an error of
 *   [method@Sleek.Pubsub.get_items_finish]
 *
 * Finishes [method@Sleek.UserAvatar.fetch_async].
 *
 * Returns: (transfer full): the image data, or %NULL on error
 */
GBytes *
sleek_user_avatar_fetch_finish (SleekUserAvatar *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_user_avatar_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
