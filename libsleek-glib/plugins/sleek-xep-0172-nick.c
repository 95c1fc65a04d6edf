/* sleek-xep-0172-nick.c: XEP-0172 User Nickname
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0060-pubsub.h"
#include "sleek-xep-0163-pep.h"
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
 * The `xep_0172` plugin: XEP-0172 User Nickname, in stanzas and through
 * personal eventing (the `xep_0163` plugin).
 *
 * With [property@Sleek.UserNickname:nick] set, every subscription request
 * we send (a presence of type `subscribe`) without a nickname gets ours,
 * so that the contact sees a name rather than a bare JID. The nickname of
 * others is read from their messages and subscription requests with
 * [method@Sleek.Stanza.get_nick].
 *
 * [method@Sleek.UserNickname.publish_async] publishes our nickname to the
 * PEP node `http://jabber.org/protocol/nick`, from which the server sends
 * it to the contacts that see our presence and asked for it. While
 * [property@Sleek.UserNickname:interested] is %TRUE (the default) we ask for
 * theirs: the plugin adds `http://jabber.org/protocol/nick+notify` to our
 * features, and the nicknames contacts publish arrive as
 * [signal@Sleek.UserNickname::nick-changed]. The last one of each account
 * stays known to [method@Sleek.UserNickname.lookup]. Only notifications
 * from our own account and from roster contacts whose presence we see are
 * taken, as those are the only ones the server forwards.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0172", &error);
 * nick = SLEEK_USER_NICKNAME (sleek_base_xmpp_get_plugin (xmpp, "xep_0172"));
 * sleek_user_nickname_set_nick (nick, "Juliet");
 *
 * // Goes out with <nick xmlns='http://jabber.org/protocol/nick'>Juliet</nick>.
 * sleek_base_xmpp_send_presence (xmpp, NULL, NULL, 0, "romeo@example.net", "subscribe");
 *
 * // Tells our contacts, and learns theirs.
 * sleek_user_nickname_publish_async (nick, "Juliet", NULL, on_published, data);
 * g_signal_connect (nick, "nick-changed", G_CALLBACK (on_nick_changed), data);
 * ```
 */
struct _SleekUserNickname
{
  SleekPlugin parent_instance;

  char *nick;
  gboolean interested;
  guint filter_id;
  SleekPep *pep;      /* while enabled */
  GHashTable *known;  /* bare JID → nickname */
};

enum {
  PROP_0,
  PROP_NICK,
  PROP_INTERESTED,
  N_PROPS
};

enum {
  SIGNAL_NICK_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

/* Our own account, or a contact whose presence we see: the accounts
 * whose notifications the server forwards to us. */
static gboolean
is_trusted (SleekUserNickname *self, SleekJid *jid)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekJid *bound = sleek_base_xmpp_get_bound_jid (xmpp);
  SleekRoster *roster;
  SleekRosterItem *item;
  SleekRosterSubscription subscription;

  if (bound != NULL && sleek_jid_equal_bare (bound, jid))
    return TRUE;
  roster = sleek_base_xmpp_get_roster (xmpp);
  item = roster != NULL ? sleek_roster_lookup (roster, jid) : NULL;
  if (item == NULL)
    return FALSE;
  subscription = sleek_roster_item_get_subscription (item);
  return subscription == SLEEK_ROSTER_SUBSCRIPTION_TO || subscription == SLEEK_ROSTER_SUBSCRIPTION_BOTH;
}

/* Records @nick (NULL for none) as the nickname of @jid, and tells when
 * it changed. */
static void
learn (SleekUserNickname *self, SleekJid *jid, const char *nick)
{
  const char *bare = sleek_jid_get_bare (jid);

  if (nick != NULL && *nick == '\0')
    nick = NULL;
  if (g_strcmp0 (g_hash_table_lookup (self->known, bare), nick) == 0)
    return;
  if (nick != NULL)
    g_hash_table_replace (self->known, g_strdup (bare), g_strdup (nick));
  else
    g_hash_table_remove (self->known, bare);
  g_signal_emit (self, signals[SIGNAL_NICK_CHANGED], 0, jid, nick);
}

static void
on_item_published (SleekPep *pep, SleekJid *jid, const char *node, SleekPubsubItem *item, gpointer user_data)
{
  SleekUserNickname *self = user_data;
  SleekNode *payload = sleek_pubsub_item_get_payload (item);

  if (payload == NULL || !sleek_node_is (payload, "nick", SLEEK_NS_NICK) || !is_trusted (self, jid))
    return;
  learn (self, jid, sleek_node_get_text (payload));
}

static void
on_item_retracted (SleekPep *pep, SleekJid *jid, const char *node, const char *item_id, gpointer user_data)
{
  SleekUserNickname *self = user_data;

  if (is_trusted (self, jid))
    learn (self, jid, NULL);
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
  self->pep = g_object_ref (SLEEK_PEP (sleek_base_xmpp_get_plugin (xmpp, "xep_0163")));
  g_signal_connect_object (self->pep, "item-published::" SLEEK_NS_NICK, G_CALLBACK (on_item_published), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->pep, "item-retracted::" SLEEK_NS_NICK, G_CALLBACK (on_item_retracted), self,
                           G_CONNECT_DEFAULT);
  if (self->interested)
    sleek_pep_add_interest (self->pep, SLEEK_NS_NICK);
}

static void
sleek_user_nickname_plugin_end (SleekPlugin *plugin)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (xmpp != NULL && self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
  if (self->pep != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pep, self);
      if (self->interested)
        sleek_pep_remove_interest (self->pep, SLEEK_NS_NICK);
      g_clear_object (&self->pep);
    }
}

/* GObject */

static void
sleek_user_nickname_dispose (GObject *object)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (object);

  g_clear_object (&self->pep);
  G_OBJECT_CLASS (sleek_user_nickname_parent_class)->dispose (object);
}

static void
sleek_user_nickname_finalize (GObject *object)
{
  SleekUserNickname *self = SLEEK_USER_NICKNAME (object);

  g_free (self->nick);
  g_hash_table_unref (self->known);

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
    case PROP_INTERESTED:
      g_value_set_boolean (value, self->interested);
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
    case PROP_INTERESTED:
      sleek_user_nickname_set_interested (self, g_value_get_boolean (value));
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

  object_class->dispose = sleek_user_nickname_dispose;
  object_class->finalize = sleek_user_nickname_finalize;
  object_class->get_property = sleek_user_nickname_get_property;
  object_class->set_property = sleek_user_nickname_set_property;
  plugin_class->plugin_init = sleek_user_nickname_plugin_init;
  plugin_class->plugin_end = sleek_user_nickname_plugin_end;

  /**
   * SleekUserNickname:nick: (getter get_nick) (setter set_nick)
   *
   * Our nickname, added to every subscription request we send that has
   * none; %NULL for none. Setting it publishes nothing: that is
   * [method@Sleek.UserNickname.publish_async].
   */
  properties[PROP_NICK] =
    g_param_spec_string ("nick", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekUserNickname:interested: (getter get_interested) (setter set_interested)
   *
   * Whether we ask for the nicknames our contacts publish, with the
   * `http://jabber.org/protocol/nick+notify` feature. With the `xep_0115`
   * plugin, our next presence announces a change.
   */
  properties[PROP_INTERESTED] =
    g_param_spec_boolean ("interested", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekUserNickname::nick-changed:
   * @self: the plugin
   * @jid: the bare JID of the account, a contact or we
   * @nick: (nullable): the nickname it published, or %NULL when it
   *   cleared or retracted it
   *
   * An account published a nickname different from the last one known
   * (the server sends the current one again at each of our logins, which
   * is not a change).
   */
  signals[SIGNAL_NICK_CHANGED] =
    g_signal_new ("nick-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SLEEK_TYPE_JID, G_TYPE_STRING);
}

static void
sleek_user_nickname_init (SleekUserNickname *self)
{
  self->interested = TRUE;
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sleek_user_nickname_get_interested: (get-property interested)
 * @self: a [class@Sleek.UserNickname]
 *
 * Tells whether we ask for the nicknames our contacts publish.
 *
 * Returns: %TRUE when we do, the default
 */
gboolean
sleek_user_nickname_get_interested (SleekUserNickname *self)
{
  g_return_val_if_fail (SLEEK_IS_USER_NICKNAME (self), FALSE);

  return self->interested;
}

/**
 * sleek_user_nickname_set_interested: (set-property interested)
 * @self: a [class@Sleek.UserNickname]
 * @interested: whether to ask for contacts' nicknames
 *
 * Adds or removes the `http://jabber.org/protocol/nick+notify` interest
 * (now, or when the plugin is enabled).
 */
void
sleek_user_nickname_set_interested (SleekUserNickname *self, gboolean interested)
{
  g_return_if_fail (SLEEK_IS_USER_NICKNAME (self));

  interested = !!interested;
  if (self->interested == interested)
    return;
  self->interested = interested;
  if (self->pep != NULL)
    {
      if (interested)
        sleek_pep_add_interest (self->pep, SLEEK_NS_NICK);
      else
        sleek_pep_remove_interest (self->pep, SLEEK_NS_NICK);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERESTED]);
}

/**
 * sleek_user_nickname_lookup:
 * @self: a [class@Sleek.UserNickname]
 * @jid: an account; only its bare part counts
 *
 * Finds the last nickname an account published, as
 * [signal@Sleek.UserNickname::nick-changed] told it.
 *
 * Returns: (nullable): the nickname, or %NULL when none is known
 */
const char *
sleek_user_nickname_lookup (SleekUserNickname *self, SleekJid *jid)
{
  g_return_val_if_fail (SLEEK_IS_USER_NICKNAME (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  return g_hash_table_lookup (self->known, sleek_jid_get_bare (jid));
}

static void
on_published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autofree char *id G_GNUC_UNUSED = sleek_pep_publish_finish (SLEEK_PEP (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sleek_user_nickname_publish_async:
 * @self: an enabled [class@Sleek.UserNickname]
 * @nick: (nullable): our nickname, or %NULL (or empty) to clear it
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Publishes our nickname to our PEP node
 * `http://jabber.org/protocol/nick`; to clear it, an empty `<nick/>`, as
 * the XEP asks. This does not change [property@Sleek.UserNickname:nick].
 */
void
sleek_user_nickname_publish_async (SleekUserNickname *self, const char *nick, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) payload = NULL;

  g_return_if_fail (SLEEK_IS_USER_NICKNAME (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_user_nickname_publish_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  payload = sleek_node_new ("nick", SLEEK_NS_NICK);
  if (nick != NULL && *nick != '\0')
    sleek_node_set_text (payload, nick);
  sleek_pep_publish_async (self->pep, SLEEK_NS_NICK, NULL, payload, NULL, cancellable, on_published,
                           g_steal_pointer (&task));
}

/**
 * sleek_user_nickname_publish_finish:
 * @self: a [class@Sleek.UserNickname]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pep.publish_finish]
 *
 * Finishes [method@Sleek.UserNickname.publish_async].
 *
 * Returns: %TRUE when the server took the nickname
 */
gboolean
sleek_user_nickname_publish_finish (SleekUserNickname *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_user_nickname_publish_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
