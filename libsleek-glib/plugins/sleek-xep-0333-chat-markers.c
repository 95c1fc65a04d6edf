/* sleek-xep-0333-chat-markers.c: XEP-0333 Displayed Markers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0280-carbons.h"
#include "sleek-xep-0333-chat-markers.h"
#include "sleek-xep-0359-stanza-ids.h"

#include <string.h>

G_DEFINE_ENUM_TYPE (SleekChatMarker, sleek_chat_marker,
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_MARKER_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_MARKER_RECEIVED, "received"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_MARKER_DISPLAYED, "displayed"),
                    G_DEFINE_ENUM_VALUE (SLEEK_CHAT_MARKER_ACKNOWLEDGED, "acknowledged"))

/* The element names, indexed by SleekChatMarker. */
static const char * const marker_names[] = {
  [SLEEK_CHAT_MARKER_NONE] = NULL,
  [SLEEK_CHAT_MARKER_RECEIVED] = "received",
  [SLEEK_CHAT_MARKER_DISPLAYED] = "displayed",
  [SLEEK_CHAT_MARKER_ACKNOWLEDGED] = "acknowledged",
};

static SleekNode *
message_node (SleekMessage *message)
{
  return sleek_stanza_get_node (SLEEK_STANZA (message));
}

/**
 * sleek_message_get_markable:
 * @message: a [class@Sleek.Message]
 *
 * Whether @message asks for chat markers.
 *
 * Returns: %TRUE when it carries `<markable xmlns='urn:xmpp:chat-markers:0'/>`
 */
gboolean
sleek_message_get_markable (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);

  return sleek_node_get_child (message_node (message), "markable", SLEEK_NS_CHAT_MARKERS) != NULL;
}

/**
 * sleek_message_set_markable:
 * @message: a [class@Sleek.Message]
 * @markable: whether to ask for chat markers
 *
 * Adds or removes the `<markable/>` of @message. Markers name a message
 * by its id: give @message one before sending it.
 */
void
sleek_message_set_markable (SleekMessage *message, gboolean markable)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  if (!markable)
    sleek_node_remove_children (message_node (message), "markable", SLEEK_NS_CHAT_MARKERS);
  else if (!sleek_message_get_markable (message))
    sleek_node_add_child_new (message_node (message), "markable", SLEEK_NS_CHAT_MARKERS);
}

/**
 * sleek_message_get_chat_marker:
 * @message: a [class@Sleek.Message]
 * @id: (out) (optional) (nullable) (transfer none): the id of the message
 *   the marker names
 *
 * Reads the chat marker @message carries: the first `<received/>`,
 * `<displayed/>` or `<acknowledged/>` with a non-empty id.
 *
 * Returns: the marker, or %SLEEK_CHAT_MARKER_NONE when there is none
 *   (@id then %NULL)
 */
SleekChatMarker
sleek_message_get_chat_marker (SleekMessage *message, const char **id)
{
  SleekNode *node;
  guint n;

  if (id != NULL)
    *id = NULL;
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), SLEEK_CHAT_MARKER_NONE);

  node = message_node (message);
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);
      const char *marked;

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_CHAT_MARKERS) != 0)
        continue;
      marked = sleek_node_get_attribute (child, "id");
      if (marked == NULL || *marked == '\0')
        continue;
      for (guint m = SLEEK_CHAT_MARKER_RECEIVED; m < G_N_ELEMENTS (marker_names); m++)
        if (strcmp (sleek_node_get_name (child), marker_names[m]) == 0)
          {
            if (id != NULL)
              *id = marked;
            return (SleekChatMarker) m;
          }
    }
  return SLEEK_CHAT_MARKER_NONE;
}

/**
 * sleek_message_set_chat_marker:
 * @message: a [class@Sleek.Message]
 * @marker: the marker, or %SLEEK_CHAT_MARKER_NONE to remove any
 * @id: (nullable): the id of the message marked; required unless @marker
 *   is %SLEEK_CHAT_MARKER_NONE
 *
 * Gives @message the chat marker @marker for the message @id, replacing
 * any marker it had.
 */
void
sleek_message_set_chat_marker (SleekMessage *message, SleekChatMarker marker, const char *id)
{
  SleekNode *node, *child;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));
  g_return_if_fail ((guint) marker < G_N_ELEMENTS (marker_names));
  g_return_if_fail (marker == SLEEK_CHAT_MARKER_NONE || id != NULL);

  node = message_node (message);
  for (guint m = SLEEK_CHAT_MARKER_RECEIVED; m < G_N_ELEMENTS (marker_names); m++)
    sleek_node_remove_children (node, marker_names[m], SLEEK_NS_CHAT_MARKERS);
  if (marker == SLEEK_CHAT_MARKER_NONE)
    return;
  child = sleek_node_add_child_new (node, marker_names[marker], SLEEK_NS_CHAT_MARKERS);
  sleek_node_set_attribute (child, "id", id);
}

/**
 * SleekChatMarkers:
 *
 * The `xep_0333` plugin: XEP-0333 chat markers (Displayed Markers).
 *
 * It advertises `urn:xmpp:chat-markers:0` through `xep_0030`, and:
 *
 * - with [property@Sleek.ChatMarkers:auto-markable] (on by default),
 *   makes every chat and group chat message with a body we send
 *   markable, giving it an id (a new UUID) when it had none;
 * - sends markers for the messages we received with
 *   [method@Sleek.ChatMarkers.send_marker]: to the sender in a chat, to
 *   the room in a group chat, naming the message by its id, or in a room
 *   by the XEP-0359 stanza id the room gave it when there is one;
 * - emits [signal@Sleek.ChatMarkers::chat-marker] for every marker that
 *   arrives, error messages aside.
 *
 * A `displayed` marker says the reader saw that message and every one
 * before it: send it for the last message shown, not for each.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0333", &error);
 * markers = SLEEK_CHAT_MARKERS (sleek_base_xmpp_get_plugin (xmpp, "xep_0333"));
 * g_signal_connect (markers, "chat-marker", G_CALLBACK (on_marker), data);
 *
 * // The user looked at the chat: its last message was seen.
 * if (sleek_message_get_markable (last))
 *   sleek_chat_markers_send_marker (markers, last, SLEEK_CHAT_MARKER_DISPLAYED, &error);
 * ```
 */
struct _SleekChatMarkers
{
  SleekPlugin parent_instance;

  gboolean auto_markable;
  guint filter_id;
};

enum {
  PROP_0,
  PROP_AUTO_MARKABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHAT_MARKER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekChatMarkers, sleek_chat_markers, SLEEK_TYPE_PLUGIN)

static SleekStanza *
on_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekChatMarkers *self = SLEEK_CHAT_MARKERS (user_data);
  SleekMessage *message;
  SleekMessageType type;

  if (!self->auto_markable || !SLEEK_IS_MESSAGE (stanza))
    return g_object_ref (stanza);
  message = SLEEK_MESSAGE (stanza);
  type = sleek_message_get_message_type (message);
  if ((type != SLEEK_MESSAGE_TYPE_CHAT && type != SLEEK_MESSAGE_TYPE_GROUPCHAT) ||
      sleek_message_get_body (message) == NULL)
    return g_object_ref (stanza);
  sleek_plugin_ensure_id (stanza);
  sleek_message_set_markable (message, TRUE);
  return g_object_ref (stanza);
}

/**
 * sleek_chat_markers_send_marker:
 * @self: an enabled [class@Sleek.ChatMarkers]
 * @message: a markable message we received
 * @marker: the marker to send, not %SLEEK_CHAT_MARKER_NONE
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Sends @marker for @message: to its sender (type `chat`) or, for a group
 * chat message, to the room (type `groupchat`, naming the message by the
 * room's stanza id when it has one). The marker carries a XEP-0334
 * `<store/>` hint, so that archives keep it.
 *
 * Returns: %TRUE when the marker was sent; %FALSE with @error set when
 *   @message is not markable, has no id or no sender, or is an error
 */
gboolean
sleek_chat_markers_send_marker (SleekChatMarkers *self, SleekMessage *message, SleekChatMarker marker,
                                GError **error)
{
  SleekBaseXmpp *xmpp;
  SleekMessageType type;
  SleekJid *from;
  const char *id;
  g_autoptr(SleekJid) to = NULL;
  g_autoptr(SleekMessage) reply = NULL;

  g_return_val_if_fail (SLEEK_IS_CHAT_MARKERS (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (marker > SLEEK_CHAT_MARKER_NONE && (guint) marker < G_N_ELEMENTS (marker_names), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  type = sleek_message_get_message_type (message);
  from = sleek_stanza_get_from (SLEEK_STANZA (message));
  id = sleek_stanza_get_id (SLEEK_STANZA (message));
  if (xmpp == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The plugin is not enabled on a stream"));
      return FALSE;
    }
  if (!sleek_message_get_markable (message) || type == SLEEK_MESSAGE_TYPE_ERROR)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The message is not markable"));
      return FALSE;
    }
  if (from == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The message has no sender to send the marker to"));
      return FALSE;
    }

  if (type == SLEEK_MESSAGE_TYPE_GROUPCHAT)
    {
      const char *room_id;

      to = sleek_jid_to_bare (from);
      room_id = sleek_message_get_stanza_id (message, to);
      if (room_id != NULL)
        id = room_id;
    }
  else
    {
      to = sleek_jid_ref (from);
    }
  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The message has no id for the marker to name"));
      return FALSE;
    }

  reply = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (reply), to);
  sleek_message_set_message_type (reply, type == SLEEK_MESSAGE_TYPE_GROUPCHAT ? SLEEK_MESSAGE_TYPE_GROUPCHAT
                                                                              : SLEEK_MESSAGE_TYPE_CHAT);
  sleek_plugin_ensure_id (SLEEK_STANZA (reply));
  sleek_message_set_chat_marker (reply, marker, id);
  sleek_node_add_child_new (message_node (reply), "store", SLEEK_NS_HINTS);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (reply));
  return TRUE;
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekChatMarkers *self = SLEEK_CHAT_MARKERS (user_data);
  SleekMessage *message;
  SleekChatMarker marker;
  SleekJid *from;
  const char *id;

  if (!SLEEK_IS_MESSAGE (stanza))
    return;
  message = SLEEK_MESSAGE (stanza);
  if (sleek_message_get_message_type (message) == SLEEK_MESSAGE_TYPE_ERROR)
    return;
  marker = sleek_message_get_chat_marker (message, &id);
  from = sleek_stanza_get_from (stanza);
  if (marker != SLEEK_CHAT_MARKER_NONE && from != NULL)
    g_signal_emit (self, signals[SIGNAL_CHAT_MARKER], 0, from, marker, id);
}

/**
 * sleek_chat_markers_get_auto_markable: (get-property auto-markable)
 * @self: a [class@Sleek.ChatMarkers]
 *
 * Whether the chat and group chat messages with a body we send are made
 * markable.
 *
 * Returns: %TRUE when they are
 */
gboolean
sleek_chat_markers_get_auto_markable (SleekChatMarkers *self)
{
  g_return_val_if_fail (SLEEK_IS_CHAT_MARKERS (self), FALSE);

  return self->auto_markable;
}

/**
 * sleek_chat_markers_set_auto_markable: (set-property auto-markable)
 * @self: a [class@Sleek.ChatMarkers]
 * @auto_markable: whether to make outgoing messages markable
 *
 * Turns the `<markable/>` in outgoing messages on or off.
 */
void
sleek_chat_markers_set_auto_markable (SleekChatMarkers *self, gboolean auto_markable)
{
  g_return_if_fail (SLEEK_IS_CHAT_MARKERS (self));

  auto_markable = !!auto_markable;
  if (self->auto_markable == auto_markable)
    return;
  self->auto_markable = auto_markable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_MARKABLE]);
}

/* SleekPlugin */

static void
sleek_chat_markers_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekChatMarkers *self = SLEEK_CHAT_MARKERS (plugin);

  sleek_plugin_handle_messages (plugin, on_message);
  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_OUTGOING, on_outgoing, self,
                                                 NULL);
  sleek_plugin_advertise (plugin, SLEEK_NS_CHAT_MARKERS);
}

static void
sleek_chat_markers_plugin_end (SleekPlugin *plugin)
{
  SleekChatMarkers *self = SLEEK_CHAT_MARKERS (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (xmpp != NULL && self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
  sleek_plugin_withdraw (plugin, SLEEK_NS_CHAT_MARKERS);
}

/* GObject */

static void
sleek_chat_markers_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekChatMarkers *self = SLEEK_CHAT_MARKERS (object);

  switch (prop_id)
    {
    case PROP_AUTO_MARKABLE:
      g_value_set_boolean (value, self->auto_markable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_chat_markers_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekChatMarkers *self = SLEEK_CHAT_MARKERS (object);

  switch (prop_id)
    {
    case PROP_AUTO_MARKABLE:
      sleek_chat_markers_set_auto_markable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_chat_markers_class_init (SleekChatMarkersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->get_property = sleek_chat_markers_get_property;
  object_class->set_property = sleek_chat_markers_set_property;
  plugin_class->plugin_init = sleek_chat_markers_plugin_init;
  plugin_class->plugin_end = sleek_chat_markers_plugin_end;

  /**
   * SleekChatMarkers:auto-markable: (getter get_auto_markable) (setter set_auto_markable)
   *
   * Whether every chat and group chat message with a body we send is made
   * markable.
   */
  properties[PROP_AUTO_MARKABLE] =
    g_param_spec_boolean ("auto-markable", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekChatMarkers::chat-marker:
   * @self: the plugin
   * @jid: who sent the marker
   * @marker: the marker, never %SLEEK_CHAT_MARKER_NONE
   * @id: the id of the message it marks
   *
   * A chat marker arrived.
   */
  signals[SIGNAL_CHAT_MARKER] =
    g_signal_new ("chat-marker", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, SLEEK_TYPE_JID, SLEEK_TYPE_CHAT_MARKER, G_TYPE_STRING);
}

static void
sleek_chat_markers_init (SleekChatMarkers *self)
{
  self->auto_markable = TRUE;
}
