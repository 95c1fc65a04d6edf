/* sleek-xep-0359-stanza-ids.c: XEP-0359 Unique and Stable Stanza IDs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0359-stanza-ids.h"

/* ------------------------------------------------------------------ */
/* The stanza plugins                                                 */
/* ------------------------------------------------------------------ */

/**
 * SleekOriginId:
 *
 * The `<origin-id xmlns='urn:xmpp:sid:0' id='…'/>` child of a message:
 * the id its sender gave it, which stays the same whatever servers and
 * rooms the message goes through. Reached as the message's `origin_id`
 * plugin once the `xep_0359` plugin type is registered, or with
 * [method@Sleek.Message.get_origin_id].
 */
struct _SleekOriginId
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekOriginId, sleek_origin_id, SLEEK_TYPE_STANZA)

static void
sleek_origin_id_class_init (SleekOriginIdClass *klass)
{
}

static void
sleek_origin_id_init (SleekOriginId *self)
{
}

/**
 * SleekStanzaId:
 *
 * A `<stanza-id xmlns='urn:xmpp:sid:0' id='…' by='…'/>` child of a
 * message: the id the entity named by `by` (our server's archive, a
 * group chat room) gave the message. Reached as the message's `stanza_id`
 * plugin (the first such child) once the `xep_0359` plugin type is
 * registered; [method@Sleek.Message.get_stanza_id] finds the one of a given
 * entity among several.
 *
 * Anybody can put a `<stanza-id/>` in a message: only the one whose `by`
 * is the entity you trust to stamp it means anything (see
 * [class@Sleek.StanzaIds]).
 */
struct _SleekStanzaId
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekStanzaId, sleek_stanza_id, SLEEK_TYPE_STANZA)

static void
sleek_stanza_id_class_init (SleekStanzaIdClass *klass)
{
}

static void
sleek_stanza_id_init (SleekStanzaId *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_ORIGIN_ID, "origin-id", SLEEK_NS_SID, "origin_id");
  sleek_stanza_type_add_key (SLEEK_TYPE_ORIGIN_ID, "id", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_ORIGIN_ID);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, SLEEK_TYPE_ORIGIN_ID);

  sleek_stanza_type_set_element (SLEEK_TYPE_STANZA_ID, "stanza-id", SLEEK_NS_SID, "stanza_id");
  sleek_stanza_type_add_key (SLEEK_TYPE_STANZA_ID, "id", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_STANZA_ID, "by", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_STANZA_ID);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, SLEEK_TYPE_STANZA_ID);
}

static void
ensure_registered (void)
{
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_STANZA_IDS));
}

/* The attribute, or NULL when it is missing or empty. */
static const char *
non_empty (SleekStanza *stanza, const char *key)
{
  const char *value = sleek_stanza_get_string (stanza, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * sleek_origin_id_get_id:
 * @self: a [class@Sleek.OriginId]
 *
 * Reads the id the sender gave the message.
 *
 * Returns: (nullable): the id, or %NULL when it is missing or empty
 */
const char *
sleek_origin_id_get_id (SleekOriginId *self)
{
  g_return_val_if_fail (SLEEK_IS_ORIGIN_ID (self), NULL);

  return non_empty (SLEEK_STANZA (self), "id");
}

/**
 * sleek_origin_id_set_id:
 * @self: a [class@Sleek.OriginId]
 * @id: (nullable): the id, or %NULL to remove it
 *
 * Sets the id the sender gives the message.
 */
void
sleek_origin_id_set_id (SleekOriginId *self, const char *id)
{
  g_return_if_fail (SLEEK_IS_ORIGIN_ID (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "id", id);
}

/**
 * sleek_stanza_id_get_id:
 * @self: a [class@Sleek.StanzaId]
 *
 * Reads the id the `by` entity gave the message.
 *
 * Returns: (nullable): the id, or %NULL when it is missing or empty
 */
const char *
sleek_stanza_id_get_id (SleekStanzaId *self)
{
  g_return_val_if_fail (SLEEK_IS_STANZA_ID (self), NULL);

  return non_empty (SLEEK_STANZA (self), "id");
}

/**
 * sleek_stanza_id_set_id:
 * @self: a [class@Sleek.StanzaId]
 * @id: (nullable): the id, or %NULL to remove it
 *
 * Sets the id.
 */
void
sleek_stanza_id_set_id (SleekStanzaId *self, const char *id)
{
  g_return_if_fail (SLEEK_IS_STANZA_ID (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "id", id);
}

/**
 * sleek_stanza_id_get_by:
 * @self: a [class@Sleek.StanzaId]
 *
 * Reads the `by` attribute: the entity that gave the id.
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL when the
 *   attribute is missing or not a valid JID
 */
SleekJid *
sleek_stanza_id_get_by (SleekStanzaId *self)
{
  const char *by;

  g_return_val_if_fail (SLEEK_IS_STANZA_ID (self), NULL);

  by = non_empty (SLEEK_STANZA (self), "by");
  return by != NULL ? sleek_jid_new (by, NULL) : NULL;
}

/**
 * sleek_stanza_id_set_by:
 * @self: a [class@Sleek.StanzaId]
 * @by: (nullable): the entity that gave the id, or %NULL to remove it
 *
 * Sets the `by` attribute.
 */
void
sleek_stanza_id_set_by (SleekStanzaId *self, SleekJid *by)
{
  g_return_if_fail (SLEEK_IS_STANZA_ID (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "by", by != NULL ? sleek_jid_to_string (by) : NULL);
}

/**
 * sleek_message_get_origin_id:
 * @message: a [class@Sleek.Message]
 *
 * Reads the XEP-0359 origin id of @message: the id its sender gave it.
 *
 * Returns: (nullable): the id, or %NULL when @message has no
 *   `<origin-id/>` or it has no id
 */
const char *
sleek_message_get_origin_id (SleekMessage *message)
{
  SleekStanza *origin;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  ensure_registered ();
  origin = sleek_stanza_get_plugin (SLEEK_STANZA (message), "origin_id", FALSE);
  return origin != NULL && SLEEK_IS_ORIGIN_ID (origin) ? sleek_origin_id_get_id (SLEEK_ORIGIN_ID (origin)) : NULL;
}

/**
 * sleek_message_set_origin_id:
 * @message: a [class@Sleek.Message]
 * @id: (nullable): the id, or %NULL to remove the `<origin-id/>`
 *
 * Gives @message the XEP-0359 origin id @id, replacing any it had.
 */
void
sleek_message_set_origin_id (SleekMessage *message, const char *id)
{
  SleekStanza *origin;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  ensure_registered ();
  if (id == NULL)
    {
      sleek_stanza_delete (SLEEK_STANZA (message), "origin_id");
      return;
    }
  origin = sleek_stanza_get_plugin (SLEEK_STANZA (message), "origin_id", TRUE);
  sleek_origin_id_set_id (SLEEK_ORIGIN_ID (origin), id);
}

/**
 * sleek_message_get_stanza_id:
 * @message: a [class@Sleek.Message]
 * @by: the entity whose id you want: your own bare JID for your server's
 *   archive, a room's bare JID for a group chat
 *
 * Finds the XEP-0359 `<stanza-id/>` of @message whose `by` is @by (its
 * bare JID is compared) and reads its id. Other entities' stanza ids are
 * passed over, whoever put them there.
 *
 * When several name @by, the last one counts. The entity should have
 * removed those the sender put there, but not every server does (Prosody
 * 0.12 leaves them when it delivers to a full JID); it appends its own
 * after them, so the last one is the entity's.
 *
 * Returns: (nullable): the id, or %NULL when @message carries none by @by
 */
const char *
sleek_message_get_stanza_id (SleekMessage *message, SleekJid *by)
{
  SleekNode *node;
  const char *found = NULL;
  guint n;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (by != NULL, NULL);

  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);
      const char *id, *attr;
      g_autoptr(SleekJid) jid = NULL;

      if (!sleek_node_is (child, "stanza-id", SLEEK_NS_SID))
        continue;
      attr = sleek_node_get_attribute (child, "by");
      id = sleek_node_get_attribute (child, "id");
      if (attr == NULL || id == NULL || *id == '\0')
        continue;
      jid = sleek_jid_new (attr, NULL);
      if (jid != NULL && sleek_jid_is_bare (jid) && sleek_jid_equal_bare (jid, by))
        found = id;
    }
  return found;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekStanzaIds:
 *
 * The `xep_0359` plugin: XEP-0359 Unique and Stable Stanza IDs.
 *
 * Its type registers the `origin_id` ([class@Sleek.OriginId]) and
 * `stanza_id` ([class@Sleek.StanzaId]) stanza plugins on
 * [class@Sleek.Message]. Enabled on a stream, it advertises
 * `urn:xmpp:sid:0` through `xep_0030` and gives every message we send,
 * error messages aside, an `<origin-id/>` with a new random UUID unless it
 * has one already; the element goes into the message object itself, so
 * that [method@Sleek.Message.get_origin_id] tells you the id after sending.
 * [property@Sleek.StanzaIds:add-origin-id] turns that off.
 *
 * ## Which stanza ids to trust
 *
 * Anybody who writes to you can put a `<stanza-id/>` in the message,
 * naming any `by` they like. A stanza id means something only when its
 * `by` is the entity that stamped the message on its way to you and that
 * strips such elements claiming to be its own: your own server for your
 * archive (`by` your own bare JID), or the group chat room you joined
 * (`by` the room's bare JID). [method@Sleek.StanzaIds.get_stanza_id]
 * reads only that one; check with XEP-0030 that the entity advertises
 * `urn:xmpp:sid:0` before you rely on it, as the XEP asks. When a
 * message carries several stanza ids by that entity, the last one counts
 * (see [method@Sleek.Message.get_stanza_id]).
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0359", &error);
 * ids = SLEEK_STANZA_IDS (sleek_base_xmpp_get_plugin (xmpp, "xep_0359"));
 *
 * // In a "message" handler: the archive id our server gave it.
 * const char *archive_id = sleek_stanza_ids_get_stanza_id (ids, message, NULL);
 *
 * // After sending: the id a correction or a reaction refers to.
 * sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (reply));
 * g_print ("sent %s\n", sleek_message_get_origin_id (reply));
 * ```
 */
struct _SleekStanzaIds
{
  SleekPlugin parent_instance;

  gboolean add_origin_id;
  guint filter_id;
};

enum {
  PROP_0,
  PROP_ADD_ORIGIN_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SleekStanzaIds, sleek_stanza_ids, SLEEK_TYPE_PLUGIN)

static SleekStanza *
on_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekStanzaIds *self = SLEEK_STANZA_IDS (user_data);
  SleekMessage *message;

  if (!self->add_origin_id || !SLEEK_IS_MESSAGE (stanza))
    return g_object_ref (stanza);
  message = SLEEK_MESSAGE (stanza);
  if (sleek_message_get_message_type (message) != SLEEK_MESSAGE_TYPE_ERROR &&
      sleek_message_get_origin_id (message) == NULL)
    {
      g_autofree char *id = g_uuid_string_random ();

      sleek_message_set_origin_id (message, id);
    }
  return g_object_ref (stanza);
}

/**
 * sleek_stanza_ids_get_add_origin_id: (get-property add-origin-id)
 * @self: a [class@Sleek.StanzaIds]
 *
 * Whether every message we send gets an `<origin-id/>`.
 *
 * Returns: %TRUE when it does
 */
gboolean
sleek_stanza_ids_get_add_origin_id (SleekStanzaIds *self)
{
  g_return_val_if_fail (SLEEK_IS_STANZA_IDS (self), FALSE);

  return self->add_origin_id;
}

/**
 * sleek_stanza_ids_set_add_origin_id: (set-property add-origin-id)
 * @self: a [class@Sleek.StanzaIds]
 * @add_origin_id: whether to add an `<origin-id/>` to every message sent
 *
 * Turns the `<origin-id/>` on outgoing messages on or off. A message
 * that carries its own is sent as it is either way.
 */
void
sleek_stanza_ids_set_add_origin_id (SleekStanzaIds *self, gboolean add_origin_id)
{
  g_return_if_fail (SLEEK_IS_STANZA_IDS (self));

  add_origin_id = !!add_origin_id;
  if (self->add_origin_id == add_origin_id)
    return;
  self->add_origin_id = add_origin_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADD_ORIGIN_ID]);
}

/**
 * sleek_stanza_ids_get_stanza_id:
 * @self: a [class@Sleek.StanzaIds] enabled on a stream
 * @message: a message we received
 * @by: (nullable): the entity you asked to stamp the message, such as the
 *   room of a group chat message, or %NULL for our own bare JID (our
 *   server's archive)
 *
 * Reads the trusted XEP-0359 stanza id of @message: the one whose `by`
 * is @by, or our own bare JID (the bound one once there is one) when @by
 * is %NULL. A stanza id by anybody else is ignored: see the class
 * documentation.
 *
 * Returns: (nullable): the id, or %NULL when there is none to trust
 */
const char *
sleek_stanza_ids_get_stanza_id (SleekStanzaIds *self, SleekMessage *message, SleekJid *by)
{
  SleekBaseXmpp *xmpp;

  g_return_val_if_fail (SLEEK_IS_STANZA_IDS (self), NULL);
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  if (by == NULL)
    {
      xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
      if (xmpp == NULL)
        return NULL;
      by = sleek_base_xmpp_get_bound_jid (xmpp);
      if (by == NULL)
        by = sleek_base_xmpp_get_jid (xmpp);
      if (by == NULL)
        return NULL;
    }
  return sleek_message_get_stanza_id (message, by);
}

/* SleekPlugin */

static void
sleek_stanza_ids_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekStanzaIds *self = SLEEK_STANZA_IDS (plugin);

  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_OUTGOING, on_outgoing, self,
                                                 NULL);
  sleek_plugin_advertise (plugin, SLEEK_NS_SID);
}

static void
sleek_stanza_ids_plugin_end (SleekPlugin *plugin)
{
  SleekStanzaIds *self = SLEEK_STANZA_IDS (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (xmpp != NULL && self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
  sleek_plugin_withdraw (plugin, SLEEK_NS_SID);
}

/* GObject */

static void
sleek_stanza_ids_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekStanzaIds *self = SLEEK_STANZA_IDS (object);

  switch (prop_id)
    {
    case PROP_ADD_ORIGIN_ID:
      g_value_set_boolean (value, self->add_origin_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stanza_ids_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekStanzaIds *self = SLEEK_STANZA_IDS (object);

  switch (prop_id)
    {
    case PROP_ADD_ORIGIN_ID:
      sleek_stanza_ids_set_add_origin_id (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stanza_ids_class_init (SleekStanzaIdsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->get_property = sleek_stanza_ids_get_property;
  object_class->set_property = sleek_stanza_ids_set_property;
  plugin_class->plugin_init = sleek_stanza_ids_plugin_init;
  plugin_class->plugin_end = sleek_stanza_ids_plugin_end;

  /**
   * SleekStanzaIds:add-origin-id: (getter get_add_origin_id) (setter set_add_origin_id)
   *
   * Whether every message we send (error messages aside) gets an
   * `<origin-id/>` with a new UUID when it has none.
   */
  properties[PROP_ADD_ORIGIN_ID] =
    g_param_spec_boolean ("add-origin-id", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_stanza_ids_init (SleekStanzaIds *self)
{
  self->add_origin_id = TRUE;
}
