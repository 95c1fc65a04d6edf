/* sleek-xep-0172-nick.c: XEP-0172 User Nickname
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0172-nick.h"

/**
 * sleek_stanza_get_nick:
 * @stanza: a [class@Sleek.Stanza], usually a message or a subscription
 *   request
 *
 * Reads the `<nick xmlns='http://jabber.org/protocol/nick'/>` of @stanza:
 * the nickname its sender chose for themselves. It is a name to show, not
 * to trust: anybody can claim any nickname.
 *
 * Returns: (nullable): the nickname, or %NULL when @stanza carries none or
 *   an empty one
 */
const char *
sleek_stanza_get_nick (SleekStanza *stanza)
{
  const char *nick;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  nick = sleek_node_get_child_text (sleek_stanza_get_node (stanza), "nick", SLEEK_NS_NICK);
  return nick != NULL && *nick != '\0' ? nick : NULL;
}

/**
 * sleek_stanza_set_nick:
 * @stanza: a [class@Sleek.Stanza]
 * @nick: (nullable): our nickname, or %NULL to remove the `<nick/>`
 *
 * Gives @stanza the nickname @nick, replacing any it had. The XEP puts a
 * nickname in subscription requests and in the first messages to someone
 * who does not know us, never in the presence we broadcast.
 */
void
sleek_stanza_set_nick (SleekStanza *stanza, const char *nick)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_STANZA (stanza));

  node = sleek_stanza_get_node (stanza);
  sleek_node_remove_children (node, "nick", SLEEK_NS_NICK);
  if (nick != NULL)
    sleek_node_set_text (sleek_node_add_child_new (node, "nick", SLEEK_NS_NICK), nick);
}

/**
 * SleekUserNickname:
 *
 * The `xep_0172` plugin: XEP-0172 User Nickname, in stanzas.
 *
 * With [property@Sleek.UserNickname:nick] set, every subscription request
 * we send (a presence of type `subscribe`) without a nickname gets ours,
 * so that the contact sees a name rather than a bare JID. The nickname of
 * others is read from their messages and subscription requests with
 * [method@Sleek.Stanza.get_nick].
 *
 * Publishing the nickname through personal eventing, and the
 * `http://jabber.org/protocol/nick+notify` feature that goes with it, is
 * not part of this plugin; nickname in stanzas has no disco feature.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0172", &error);
 * nick = SLEEK_USER_NICKNAME (sleek_base_xmpp_get_plugin (xmpp, "xep_0172"));
 * sleek_user_nickname_set_nick (nick, "Juliet");
 *
 * // Goes out with <nick xmlns='http://jabber.org/protocol/nick'>Juliet</nick>.
 * sleek_base_xmpp_send_presence (xmpp, NULL, NULL, 0, "romeo@example.net", "subscribe");
 * ```
 */
struct _SleekUserNickname
{
  SleekPlugin parent_instance;

  char *nick;
  guint filter_id;
};

enum {
  PROP_0,
  PROP_NICK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SleekUserNickname, sleek_user_nickname, SLEEK_TYPE_PLUGIN)

static SleekStanza *
on_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (user_data);

  if (self->nick != NULL && SLEEK_IS_PRESENCE (stanza) &&
      sleek_presence_get_presence_type (SLEEK_PRESENCE (stanza)) == SLEEK_PRESENCE_TYPE_SUBSCRIBE &&
      sleek_node_get_child (sleek_stanza_get_node (stanza), "nick", SLEEK_NS_NICK) == NULL)
    sleek_stanza_set_nick (stanza, self->nick);
  return g_object_ref (stanza);
}

/**
 * sleek_user_nickname_get_nick: (get-property nick)
 * @self: a [class@Sleek.UserNickname]
 *
 * Our nickname, which our subscription requests carry.
 *
 * Returns: (nullable): the nickname, or %NULL for none
 */
const char *
sleek_user_nickname_get_nick (SleekUserNickname *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_NICKNAME (self), NULL);

  return self->nick;
}

/**
 * sleek_user_nickname_set_nick: (set-property nick)
 * @self: a [class@Sleek.UserNickname]
 * @nick: (nullable): our nickname, or %NULL (or empty) for none
 *
 * Sets the nickname our subscription requests carry from now on.
 */
void
sleek_user_nickname_set_nick (SleekUserNickname *self, const char *nick)
{
  g_return_if_fail (SLEEK_IS_USER_NICKNAME (self));

  if (nick != NULL && *nick == '\0')
    nick = NULL;
  if (g_strcmp0 (self->nick, nick) == 0)
    return;
  g_free (self->nick);
  self->nick = g_strdup (nick);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NICK]);
}

/* SleekPlugin */

static void
sleek_user_nickname_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (plugin);

  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_OUTGOING, on_outgoing, self,
                                                 NULL);
}

static void
sleek_user_nickname_plugin_end (SleekPlugin *plugin)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (xmpp != NULL && self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
}

/* GObject */

static void
sleek_user_nickname_finalize (GObject *object)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (object);

  g_free (self->nick);

  G_OBJECT_CLASS (sleek_user_nickname_parent_class)->finalize (object);
}

static void
sleek_user_nickname_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (object);

  switch (prop_id)
    {
    case PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_user_nickname_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (object);

  switch (prop_id)
    {
    case PROP_NICK:
      sleek_user_nickname_set_nick (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_user_nickname_class_init (SleekUserNicknameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_user_nickname_finalize;
  object_class->get_property = sleek_user_nickname_get_property;
  object_class->set_property = sleek_user_nickname_set_property;
  plugin_class->plugin_init = sleek_user_nickname_plugin_init;
  plugin_class->plugin_end = sleek_user_nickname_plugin_end;

  /**
   * SleekUserNickname:nick: (getter get_nick) (setter set_nick)
   *
   * Our nickname, added to every subscription request we send that has
   * none; %NULL for none.
   */
  properties[PROP_NICK] =
    g_param_spec_string ("nick", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_user_nickname_init (SleekUserNickname *self)
{
}
