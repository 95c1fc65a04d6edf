/* sleek-xep-0153-vcard-avatars.c: XEP-0153 vCard-Based Avatars
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0054-vcard-temp.h"
#include "sleek-xep-0153-vcard-avatars.h"

#define NS SLEEK_NS_VCARD_UPDATE

/* ------------------------------------------------------------------ */
/* The stanza plugin                                                  */
/* ------------------------------------------------------------------ */

/**
 * SleekVCardUpdate:
 *
 * The `<x xmlns='vcard-temp:x:update'/>` child of a presence, reached as
 * its `vcard_temp_update` plugin once the `xep_0153` plugin type is
 * registered (or with [method@Sleek.Presence.get_vcard_update]).
 *
 * Its `photo` child tells about the sender's avatar: absent, the sender
 * does not know it yet; empty, the sender has none; otherwise the
 * hexadecimal SHA-1 of the image stored in the sender's vCard.
 */
struct _SleekVCardUpdate
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekVCardUpdate, sleek_vcard_update, SLEEK_TYPE_STANZA)

static void
sleek_vcard_update_class_init (SleekVCardUpdateClass *klass)
{
}

static void
sleek_vcard_update_init (SleekVCardUpdate *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_VCARD_UPDATE, "x", NS, "vcard_temp_update");
  sleek_stanza_register_plugin (SLEEK_TYPE_PRESENCE, SLEEK_TYPE_VCARD_UPDATE);
}

/**
 * sleek_vcard_update_get_photo:
 * @self: a [class@Sleek.VCardUpdate]
 *
 * Reads the `photo` child.
 *
 * Returns: (nullable): %NULL when there is no `photo` (the sender is not
 *   ready to say), `""` when it is empty (no avatar), or the avatar's
 *   SHA-1 in hexadecimal
 */
const char *
sleek_vcard_update_get_photo (SleekVCardUpdate *self)
{
  SleekNode *photo;
  const char *text;

  g_return_val_if_fail (SLEEK_IS_VCARD_UPDATE (self), NULL);

  photo = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (self)), "photo", NS);
  if (photo == NULL)
    return NULL;
  text = sleek_node_get_text (photo);
  return text != NULL ? text : "";
}

/**
 * sleek_vcard_update_set_photo:
 * @self: a [class@Sleek.VCardUpdate]
 * @photo: (nullable): %NULL to leave `photo` out (not ready), `""` for
 *   no avatar, or the avatar's SHA-1 in hexadecimal
 *
 * Writes the `photo` child.
 */
void
sleek_vcard_update_set_photo (SleekVCardUpdate *self, const char *photo)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_VCARD_UPDATE (self));

  node = sleek_stanza_get_node (SLEEK_STANZA (self));
  sleek_node_remove_children (node, "photo", NS);
  if (photo != NULL)
    sleek_node_set_text (sleek_node_add_child_new (node, "photo", NS), photo);
}

/**
 * sleek_presence_get_vcard_update:
 * @presence: a [class@Sleek.Presence]
 *
 * Finds the XEP-0153 `<x xmlns='vcard-temp:x:update'/>` of @presence, as
 * its `vcard_temp_update` plugin. The `xep_0153` plugin type registers
 * that plugin; this makes sure it is.
 *
 * Returns: (transfer none) (nullable): the update, or %NULL when
 *   @presence carries none
 */
SleekVCardUpdate *
sleek_presence_get_vcard_update (SleekPresence *presence)
{
  SleekStanza *update;

  g_return_val_if_fail (SLEEK_IS_PRESENCE (presence), NULL);

  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_VCARD_AVATARS));
  update = sleek_stanza_get_plugin (SLEEK_STANZA (presence), "vcard_temp_update", FALSE);
  return update != NULL && SLEEK_IS_VCARD_UPDATE (update) ? SLEEK_VCARD_UPDATE (update) : NULL;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekVCardAvatars:
 *
 * The `xep_0153` plugin: XEP-0153 vCard-Based Avatars.
 *
 * Our side: when the session starts, it fetches our own vCard to learn
 * the hash of our avatar ([method@Sleek.VCardAvatars.get_hash]), and
 * puts a [class@Sleek.VCardUpdate] carrying it into every available
 * presence we send (an empty one while the hash is not known yet). Once
 * the hash is known, and whenever
 * [method@Sleek.VCardAvatars.set_avatar_async] changes it, our last
 * broadcast presence is sent again.
 *
 * Their side: when a contact's available presence advertises a hash
 * other than the one we knew for that bare JID,
 * [signal@Sleek.VCardAvatars::avatar-changed] is emitted;
 * [method@Sleek.VCardAvatars.get_avatar_async] then fetches the image
 * from the contact's vCard.
 *
 * ```c
 * static void
 * on_avatar_changed (SleekVCardAvatars *avatars, SleekJid *jid,
 *                    const char *hash, gpointer data)
 * {
 *   if (*hash != '\0')
 *     sleek_vcard_avatars_get_avatar_async (avatars, jid, NULL, on_avatar, data);
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0153", &error);
 * avatars = SLEEK_VCARD_AVATARS (sleek_base_xmpp_get_plugin (xmpp, "xep_0153"));
 * g_signal_connect (avatars, "avatar-changed", G_CALLBACK (on_avatar_changed), NULL);
 * sleek_vcard_avatars_set_avatar_async (avatars, png, "image/png", NULL, on_set, NULL);
 * ```
 *
 * It depends on `xep_0054`, which fetches and publishes the vCards.
 */
struct _SleekVCardAvatars
{
  SleekPlugin parent_instance;
  char *hash;                   /* ours: NULL unknown, "" none */
  gboolean hash_set;            /* set_avatar decided it: the fetch at session start does not count */
  SleekStanza *last_presence;   /* our last broadcast available presence */
  GHashTable *known;            /* bare JID -> hash */
  GCancellable *cancellable;    /* the fetch at session start */
  guint filter_id;
  gulong presence_id;
  gulong session_start_id;
  gulong session_end_id;
};

G_DEFINE_FINAL_TYPE (SleekVCardAvatars, sleek_vcard_avatars, SLEEK_TYPE_PLUGIN)

enum {
  SIGNAL_AVATAR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The SHA-1 of a vCard's photo: "" when it has none, NULL when the photo
 * cannot be read. */
static char *
photo_hash (SleekVCard *vcard, GBytes **photo, char **mime_type, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) data = sleek_vcard_get_photo (vcard, mime_type, &local_error);
  char *hash;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (data == NULL)
    return g_strdup ("");
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, data);
  if (photo != NULL)
    *photo = g_steal_pointer (&data);
  return hash;
}

static SleekVCardTemp *
get_vcard_temp (SleekVCardAvatars *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekPlugin *plugin = xmpp != NULL ? sleek_base_xmpp_get_plugin (xmpp, "xep_0054") : NULL;

  return plugin != NULL && SLEEK_IS_VCARD_TEMP (plugin) ? SLEEK_VCARD_TEMP (plugin) : NULL;
}

static void
resend_presence (SleekVCardAvatars *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekStanza) presence = NULL;

  if (xmpp == NULL || self->last_presence == NULL || !sleek_base_xmpp_get_session_started (xmpp))
    return;
  presence = sleek_stanza_copy (self->last_presence);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), presence);
}

static void
set_hash (SleekVCardAvatars *self, const char *hash)
{
  if (g_strcmp0 (self->hash, hash) == 0)
    return;
  g_free (self->hash);
  self->hash = g_strdup (hash);
  resend_presence (self);
}

/* Every available presence we send carries our hash. */
static SleekStanza *
outgoing_presence (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekVCardAvatars *self = user_data;
  SleekStanza *update;

  if (!SLEEK_IS_PRESENCE (stanza) ||
      sleek_presence_get_presence_type (SLEEK_PRESENCE (stanza)) != SLEEK_PRESENCE_TYPE_AVAILABLE)
    return g_object_ref (stanza);

  update = sleek_stanza_get_plugin (stanza, "vcard_temp_update", TRUE);
  sleek_vcard_update_set_photo (SLEEK_VCARD_UPDATE (update), self->hash);
  if (sleek_stanza_get_string (stanza, "to") == NULL)
    {
      g_clear_object (&self->last_presence);
      self->last_presence = sleek_stanza_copy (stanza);
    }
  return g_object_ref (stanza);
}

static void
on_presence (SleekBaseXmpp *xmpp, SleekPresence *presence, gpointer user_data)
{
  SleekVCardAvatars *self = user_data;
  SleekVCardUpdate *update;
  SleekJid *from;
  SleekJid *own;
  const char *hash;
  g_autoptr(SleekJid) bare = NULL;

  if (sleek_presence_get_presence_type (presence) != SLEEK_PRESENCE_TYPE_AVAILABLE)
    return;
  update = sleek_presence_get_vcard_update (presence);
  hash = update != NULL ? sleek_vcard_update_get_photo (update) : NULL;
  from = sleek_stanza_get_from (SLEEK_STANZA (presence));
  own = sleek_base_xmpp_get_bound_jid (xmpp);
  /* Our own presence, reflected by the server, tells nothing new. */
  if (hash == NULL || from == NULL || (own != NULL && sleek_jid_equal (from, own)))
    return;
  if (g_strcmp0 (g_hash_table_lookup (self->known, sleek_jid_get_bare (from)), hash) == 0)
    return;
  g_hash_table_replace (self->known, g_strdup (sleek_jid_get_bare (from)), g_strdup (hash));
  bare = sleek_jid_new (sleek_jid_get_bare (from), NULL);
  if (bare != NULL)
    g_signal_emit (self, signals[SIGNAL_AVATAR_CHANGED], 0, bare, hash);
}

static void
on_own_vcard (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SleekVCardAvatars) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekVCard) vcard = sleek_vcard_temp_get_vcard_finish (SLEEK_VCARD_TEMP (source), result, &error);
  g_autofree char *hash = NULL;

  if (vcard == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not fetch our own vCard: %s", error->message);
      return;
    }
  hash = photo_hash (vcard, NULL, NULL, &error);
  if (hash == NULL)
    {
      g_debug ("Could not read the photo of our own vCard: %s", error->message);
      return;
    }
  if (!self->hash_set)
    set_hash (self, hash);
}

static void
on_session_start (SleekBaseXmpp *xmpp, gpointer user_data)
{
  SleekVCardAvatars *self = user_data;
  SleekVCardTemp *vcards = get_vcard_temp (self);

  if (vcards == NULL)
    return;
  self->hash_set = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sleek_vcard_temp_get_vcard_async (vcards, NULL, self->cancellable, on_own_vcard, g_object_ref (self));
}

static void
on_session_end (SleekBaseXmpp *xmpp, gpointer user_data)
{
  SleekVCardAvatars *self = user_data;

  g_clear_object (&self->last_presence);
}

static void
sleek_vcard_avatars_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekVCardAvatars *self = SLEEK_VCARD_AVATARS (plugin);

  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_OUTGOING, outgoing_presence,
                                                 self, NULL);
  self->presence_id = g_signal_connect (xmpp, "presence", G_CALLBACK (on_presence), self);
  self->session_start_id = g_signal_connect (xmpp, "session-start", G_CALLBACK (on_session_start), self);
  self->session_end_id = g_signal_connect (xmpp, "session-end", G_CALLBACK (on_session_end), self);
  if (sleek_base_xmpp_get_session_started (xmpp))
    on_session_start (xmpp, self);
}

static void
sleek_vcard_avatars_plugin_end (SleekPlugin *plugin)
{
  SleekVCardAvatars *self = SLEEK_VCARD_AVATARS (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (xmpp != NULL)
    {
      sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
      g_clear_signal_handler (&self->presence_id, xmpp);
      g_clear_signal_handler (&self->session_start_id, xmpp);
      g_clear_signal_handler (&self->session_end_id, xmpp);
    }
  self->filter_id = 0;
  g_clear_object (&self->last_presence);
  g_hash_table_remove_all (self->known);
}

static void
sleek_vcard_avatars_finalize (GObject *object)
{
  SleekVCardAvatars *self = SLEEK_VCARD_AVATARS (object);

  g_free (self->hash);
  g_clear_object (&self->last_presence);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->known);
  G_OBJECT_CLASS (sleek_vcard_avatars_parent_class)->finalize (object);
}

static void
sleek_vcard_avatars_class_init (SleekVCardAvatarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_vcard_avatars_finalize;
  plugin_class->plugin_init = sleek_vcard_avatars_plugin_init;
  plugin_class->plugin_end = sleek_vcard_avatars_plugin_end;

  /**
   * SleekVCardAvatars::avatar-changed:
   * @self: the plugin
   * @jid: the contact's bare JID
   * @hash: the SHA-1 of the new avatar in hexadecimal, or `""` when the
   *   contact has none
   *
   * An available presence advertised a hash other than the one last seen
   * from that bare JID (our own other resources included, not the
   * presence the server reflects to the resource that sent it).
   */
  signals[SIGNAL_AVATAR_CHANGED] =
    g_signal_new ("avatar-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SLEEK_TYPE_JID, G_TYPE_STRING);

  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_vcard_avatars_init (SleekVCardAvatars *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sleek_vcard_avatars_get_hash:
 * @self: a [class@Sleek.VCardAvatars]
 *
 * Gets the hash of our own avatar, which our presences carry.
 *
 * Returns: (nullable): the SHA-1 of our avatar in hexadecimal, `""` when
 *   we have none, or %NULL while it is not known yet
 */
const char *
sleek_vcard_avatars_get_hash (SleekVCardAvatars *self)
{
  g_return_val_if_fail (SLEEK_IS_VCARD_AVATARS (self), NULL);
  return self->hash;
}

/**
 * sleek_vcard_avatars_get_known_hash:
 * @self: a [class@Sleek.VCardAvatars]
 * @jid: a contact; only its bare part counts
 *
 * Gets the hash the contact's presence last advertised.
 *
 * Returns: (nullable): the hash, `""` when the contact has no avatar, or
 *   %NULL when none was seen
 */
const char *
sleek_vcard_avatars_get_known_hash (SleekVCardAvatars *self, SleekJid *jid)
{
  g_return_val_if_fail (SLEEK_IS_VCARD_AVATARS (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  return g_hash_table_lookup (self->known, sleek_jid_get_bare (jid));
}

/* Setting our avatar */

typedef struct {
  GBytes *data;
  char *mime_type;
  char *hash;
} SetAvatar;

static void
set_avatar_free (SetAvatar *set)
{
  g_clear_pointer (&set->data, g_bytes_unref);
  g_free (set->mime_type);
  g_free (set->hash);
  g_free (set);
}

static void
on_avatar_published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekVCardAvatars *self = g_task_get_source_object (task);
  SetAvatar *set = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!sleek_vcard_temp_publish_vcard_finish (SLEEK_VCARD_TEMP (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->hash_set = TRUE;
  set_hash (self, set->hash);
  g_task_return_boolean (task, TRUE);
}

static void
on_vcard_to_change (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SetAvatar *set = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekVCard) vcard = sleek_vcard_temp_get_vcard_finish (SLEEK_VCARD_TEMP (source), result, &error);
  GCancellable *cancellable;

  if (vcard == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sleek_vcard_set_photo (vcard, set->data, set->mime_type);
  cancellable = g_task_get_cancellable (task);
  sleek_vcard_temp_publish_vcard_async (SLEEK_VCARD_TEMP (source), vcard, cancellable, on_avatar_published,
                                        g_steal_pointer (&task));
}

/**
 * sleek_vcard_avatars_set_avatar_async:
 * @self: an enabled [class@Sleek.VCardAvatars]
 * @data: (nullable): the image, or %NULL to remove our avatar
 * @mime_type: (nullable): its type, such as `image/png`
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called when the vCard is
 *   published
 * @user_data: data for @callback
 *
 * Changes our avatar: fetches our vCard, puts @data into its `PHOTO`
 * (the other fields stay), publishes it, then updates
 * [method@Sleek.VCardAvatars.get_hash] and sends our last broadcast
 * presence again with the new hash.
 */
void
sleek_vcard_avatars_set_avatar_async (SleekVCardAvatars *self, GBytes *data, const char *mime_type,
                                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SetAvatar *set;

  g_return_if_fail (SLEEK_IS_VCARD_AVATARS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_vcard_avatars_set_avatar_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  set = g_new0 (SetAvatar, 1);
  set->data = data != NULL ? g_bytes_ref (data) : NULL;
  set->mime_type = g_strdup (mime_type);
  set->hash = data != NULL ? g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, data) : g_strdup ("");
  g_task_set_task_data (task, set, (GDestroyNotify) set_avatar_free);
  sleek_vcard_temp_get_vcard_async (get_vcard_temp (self), NULL, cancellable, on_vcard_to_change,
                                    g_steal_pointer (&task));
}

/**
 * sleek_vcard_avatars_set_avatar_finish:
 * @self: a [class@Sleek.VCardAvatars]
 * @result: the result
 * @error: return location for an error: why our vCard could not be
 *   fetched or published
 *
 * Finishes [method@Sleek.VCardAvatars.set_avatar_async].
 *
 * Returns: %TRUE when the new avatar is published
 */
gboolean
sleek_vcard_avatars_set_avatar_finish (SleekVCardAvatars *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_vcard_avatars_set_avatar_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Fetching theirs */

typedef struct {
  char *bare;
  char *mime_type;
} GetAvatar;

static void
get_avatar_free (GetAvatar *get)
{
  g_free (get->bare);
  g_free (get->mime_type);
  g_free (get);
}

static void
on_their_vcard (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekVCardAvatars *self = g_task_get_source_object (task);
  GetAvatar *get = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekVCard) vcard = sleek_vcard_temp_get_vcard_finish (SLEEK_VCARD_TEMP (source), result, &error);
  g_autoptr(GBytes) photo = NULL;
  g_autofree char *hash = NULL;
  const char *advertised;

  if (vcard != NULL)
    hash = photo_hash (vcard, &photo, &get->mime_type, &error);
  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (photo == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The vCard of %s holds no avatar"),
                               get->bare);
      return;
    }
  advertised = g_hash_table_lookup (self->known, get->bare);
  if (advertised != NULL && *advertised != '\0' && g_ascii_strcasecmp (advertised, hash) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The avatar in the vCard of %s does not match the hash its presence advertised"),
                               get->bare);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&photo), (GDestroyNotify) g_bytes_unref);
}

/**
 * sleek_vcard_avatars_get_avatar_async:
 * @self: an enabled [class@Sleek.VCardAvatars]
 * @jid: the contact; only its bare part counts
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the image
 * @user_data: data for @callback
 *
 * Fetches the contact's vCard and gives the image in its `PHOTO`,
 * checked against the hash the contact's presence last advertised, if
 * any.
 */
void
sleek_vcard_avatars_get_avatar_async (SleekVCardAvatars *self, SleekJid *jid, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekJid) bare = NULL;
  GetAvatar *get;

  g_return_if_fail (SLEEK_IS_VCARD_AVATARS (self));
  g_return_if_fail (jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_vcard_avatars_get_avatar_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  get = g_new0 (GetAvatar, 1);
  get->bare = g_strdup (sleek_jid_get_bare (jid));
  g_task_set_task_data (task, get, (GDestroyNotify) get_avatar_free);
  bare = sleek_jid_new (get->bare, NULL);
  sleek_vcard_temp_get_vcard_async (get_vcard_temp (self), bare != NULL ? bare : jid, cancellable, on_their_vcard,
                                    g_steal_pointer (&task));
}

/**
 * sleek_vcard_avatars_get_avatar_finish:
 * @self: a [class@Sleek.VCardAvatars]
 * @result: the result
 * @mime_type: (out) (optional) (nullable) (transfer full): the image's
 *   type as the vCard gives it, or %NULL
 * @error: return location for an error: %G_IO_ERROR_NOT_FOUND when the
 *   vCard holds no image, %G_IO_ERROR_INVALID_DATA when the image is not
 *   valid base64 or does not match the advertised hash, or why the vCard
 *   could not be fetched
 *
 * Finishes [method@Sleek.VCardAvatars.get_avatar_async].
 *
 * Returns: (transfer full): the image
 */
GBytes *
sleek_vcard_avatars_get_avatar_finish (SleekVCardAvatars *self, GAsyncResult *result, char **mime_type,
                                       GError **error)
{
  GBytes *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_vcard_avatars_get_avatar_async, NULL);

  if (mime_type != NULL)
    *mime_type = NULL;
  data = g_task_propagate_pointer (G_TASK (result), error);
  if (data != NULL && mime_type != NULL)
    *mime_type = g_strdup (((GetAvatar *) g_task_get_task_data (G_TASK (result)))->mime_type);
  return data;
}
