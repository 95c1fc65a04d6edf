/* sleek-base-xmpp.c: what every XMPP stream does above XML (SleekXMPP's BaseXMPP)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-base-xmpp-private.h"
#include "sleek-roster-private.h"
#include "sleek-plugin-private.h"

#include <string.h>

/**
 * SleekBaseXmpp:
 *
 * The part of an XMPP session that does not depend on how the stream was
 * set up, shared by clients and components: SleekXMPP's `BaseXMPP`. It is
 * abstract; [class@Sleek.XmlStream] carries the XML, and a subclass such as
 * a client connects, authenticates and binds, then calls the hooks below.
 *
 * ## Signals from stanzas
 *
 * Every incoming `<message/>` raises [signal@Sleek.BaseXmpp::message] and
 * every `<presence/>` [signal@Sleek.BaseXmpp::presence], both detailed by
 * the stanza type, so `message::chat` sees only chat messages. They are
 * emitted after the stream handlers (see
 * [method@Sleek.XmlStream.add_handler]) have run.
 *
 * ## Requests
 *
 * [method@Sleek.BaseXmpp.send_iq_async] sends an `<iq/>` of type `get` or
 * `set` and completes with the answer: the `result`, or a
 * %SLEEK_STANZA_ERROR carrying the condition of an `error`. A request that
 * gets no answer in time fails with %G_IO_ERROR_TIMED_OUT, one cut off by
 * the end of the stream with %G_IO_ERROR_CLOSED, a cancelled one with
 * %G_IO_ERROR_CANCELLED. Only an answer from the entity the request was
 * addressed to counts; one from anybody else with the same id is ignored
 * and the request goes on waiting. A request without `to` goes to the
 * account itself, which the server answers without `from`, or from the
 * account's bare JID or the server's domain.
 *
 * An incoming `get` or `set` that no stream handler takes is answered with
 * `<service-unavailable/>`, as RFC 6120 section 8.2.3 requires: answer the
 * requests you serve with a stream handler, not from
 * [signal@Sleek.XmlStream::stanza].
 *
 * ## Roster and presence
 *
 * [method@Sleek.BaseXmpp.get_roster] is the account's roster, filled by
 * [method@Sleek.BaseXmpp.fetch_roster_async] and kept up to date by the
 * server's roster pushes (accepted only from the account itself or its
 * server; [signal@Sleek.BaseXmpp::roster-update] follows each). Incoming
 * presence keeps a list of available resources for every JID, roster
 * contact or not, with [signal@Sleek.BaseXmpp::got-online],
 * [signal@Sleek.BaseXmpp::changed-status] and
 * [signal@Sleek.BaseXmpp::got-offline]. When the stream ends, every
 * resource goes offline (with a `got-offline` for each JID that had one);
 * the roster itself is kept.
 *
 * Nothing is sent on the application's behalf: the initial presence (see
 * [method@Sleek.BaseXmpp.send_presence]) and the roster fetch are the
 * application's to send, typically from
 * [signal@Sleek.BaseXmpp::session-start].
 *
 * ## For subclasses
 *
 * After resource binding, call [method@Sleek.BaseXmpp.set_bound_jid]
 * (which calls the `session_bind` class function); when the session is
 * ready, [method@Sleek.BaseXmpp.start_session]. When the server offers
 * roster versioning, set [property@Sleek.BaseXmpp:roster-versioning].
 * [signal@Sleek.BaseXmpp::session-end] follows by itself when the stream
 * disconnects after a session started.
 *
 * Like the stream, the object is not thread-safe: call it from the thread
 * of the main context that was the thread-default when it was created.
 * Only [method@Sleek.XmlStream.send] may be called from anywhere.
 */

/* ------------------------------------------------------------------ */
/* A matcher for the answer to one request                            */
/* ------------------------------------------------------------------ */

/* Private: the type never leaves this file. */
G_DECLARE_FINAL_TYPE (IqReplyMatcher, iq_reply_matcher, IQ, REPLY_MATCHER, SleekMatcher)

struct _IqReplyMatcher
{
  SleekMatcher parent_instance;

  char *id;
  SleekJid *peer;   /* the addressee, or NULL for the account itself */
  SleekJid *own;    /* the account, when @peer is NULL; may be NULL */
};

G_DEFINE_FINAL_TYPE (IqReplyMatcher, iq_reply_matcher, SLEEK_TYPE_MATCHER)

/* Whether @from stands for the account @own or its server: a bare JID
 * equal to the account's, or the account's domain alone. */
static gboolean
is_account_or_server (SleekJid *own, SleekJid *from)
{
  if (own == NULL || from == NULL || sleek_jid_get_resource (from) != NULL)
    return FALSE;
  if (sleek_jid_get_local (from) == NULL)
    return strcmp (sleek_jid_get_domain (from), sleek_jid_get_domain (own)) == 0;
  return sleek_jid_equal_bare (from, own);
}

static gboolean
iq_reply_matcher_match (SleekMatcher *matcher, SleekStanza *stanza)
{
  IqReplyMatcher *self = (IqReplyMatcher *) matcher;
  SleekNode *node = sleek_stanza_get_node (stanza);
  const char *type;
  SleekJid *from;

  if (!SLEEK_IS_IQ (stanza))
    return FALSE;
  if (g_strcmp0 (sleek_node_get_attribute (node, "id"), self->id) != 0)
    return FALSE;
  type = sleek_node_get_attribute (node, "type");
  if (g_strcmp0 (type, "result") != 0 && g_strcmp0 (type, "error") != 0)
    return FALSE;

  from = sleek_stanza_get_from (stanza);
  if (self->peer != NULL)
    return from != NULL && sleek_jid_equal (from, self->peer);
  if (sleek_node_get_attribute (node, "from") == NULL)
    return TRUE;
  return is_account_or_server (self->own, from);
}

static void
iq_reply_matcher_finalize (GObject *object)
{
  IqReplyMatcher *self = (IqReplyMatcher *) object;

  g_free (self->id);
  g_clear_pointer (&self->peer, sleek_jid_unref);
  g_clear_pointer (&self->own, sleek_jid_unref);
  G_OBJECT_CLASS (iq_reply_matcher_parent_class)->finalize (object);
}

static void
iq_reply_matcher_class_init (IqReplyMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = iq_reply_matcher_finalize;
  SLEEK_MATCHER_CLASS (klass)->match = iq_reply_matcher_match;
}

static void
iq_reply_matcher_init (IqReplyMatcher *self)
{
}

static SleekMatcher *
iq_reply_matcher_new (const char *id, SleekJid *peer, SleekJid *own)
{
  IqReplyMatcher *self = g_object_new (iq_reply_matcher_get_type (), NULL);

  self->id = g_strdup (id);
  self->peer = peer != NULL ? sleek_jid_ref (peer) : NULL;
  self->own = own != NULL ? sleek_jid_ref (own) : NULL;
  return SLEEK_MATCHER (self);
}

/* ------------------------------------------------------------------ */
/* SleekBaseXmpp                                                      */
/* ------------------------------------------------------------------ */

typedef struct {
  guint64 serial;
  GTask *task;
  char *id;
  guint handler_id;
  GSource *timeout;
  GCancellable *cancellable;
  gulong cancelled_id;
} PendingIq;

typedef struct {
  GMainContext *context;

  SleekJid *jid;
  SleekJid *bound_jid;
  guint iq_timeout;
  gboolean roster_versioning;
  gboolean session_started;
  int priority;

  char *id_prefix;
  guint64 next_id;

  SleekRoster *roster;

  GHashTable *pending;    /* &PendingIq.serial -> PendingIq */
  guint64 next_serial;
} SleekBaseXmppPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SleekBaseXmpp, sleek_base_xmpp, SLEEK_TYPE_XML_STREAM)

#define PRIV(self) ((SleekBaseXmppPrivate *) sleek_base_xmpp_get_instance_private (self))

#define DEFAULT_IQ_TIMEOUT 30000
#define ERROR_ANSWER_KEY "sleek-error-answer"

enum {
  PROP_0,
  PROP_JID,
  PROP_BOUND_JID,
  PROP_IQ_TIMEOUT,
  PROP_ROSTER_VERSIONING,
  PROP_ROSTER,
  PROP_PRIORITY,
  PROP_SESSION_STARTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SESSION_START,
  SIGNAL_SESSION_END,
  SIGNAL_MESSAGE,
  SIGNAL_PRESENCE,
  SIGNAL_GOT_ONLINE,
  SIGNAL_GOT_OFFLINE,
  SIGNAL_CHANGED_STATUS,
  SIGNAL_ROSTER_UPDATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Signal details, indexed by SleekMessageType and SleekPresenceType. */
static const char * const message_details[] = {
  [SLEEK_MESSAGE_TYPE_NORMAL] = "normal",
  [SLEEK_MESSAGE_TYPE_CHAT] = "chat",
  [SLEEK_MESSAGE_TYPE_GROUPCHAT] = "groupchat",
  [SLEEK_MESSAGE_TYPE_HEADLINE] = "headline",
  [SLEEK_MESSAGE_TYPE_ERROR] = "error",
};
static const char * const presence_details[] = {
  [SLEEK_PRESENCE_TYPE_AVAILABLE] = "available",
  [SLEEK_PRESENCE_TYPE_UNAVAILABLE] = "unavailable",
  [SLEEK_PRESENCE_TYPE_SUBSCRIBE] = "subscribe",
  [SLEEK_PRESENCE_TYPE_SUBSCRIBED] = "subscribed",
  [SLEEK_PRESENCE_TYPE_UNSUBSCRIBE] = "unsubscribe",
  [SLEEK_PRESENCE_TYPE_UNSUBSCRIBED] = "unsubscribed",
  [SLEEK_PRESENCE_TYPE_PROBE] = "probe",
  [SLEEK_PRESENCE_TYPE_ERROR] = "error",
};
static GQuark message_quarks[G_N_ELEMENTS (message_details)];
static GQuark presence_quarks[G_N_ELEMENTS (presence_details)];

/* The account as it stands: the bound JID once there is one. */
static SleekJid *
own_jid (SleekBaseXmpp *self)
{
  SleekBaseXmppPrivate *priv = PRIV (self);

  return priv->bound_jid != NULL ? priv->bound_jid : priv->jid;
}

void
sleek_base_xmpp_send_error_reply (SleekBaseXmpp *self, SleekStanza *request, SleekStanzaError code)
{
  g_autoptr(GError) error = g_error_new_literal (SLEEK_STANZA_ERROR, code, sleek_stanza_error_to_condition (code));
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (request, TRUE);

  sleek_stanza_set_error (reply, error);
  sleek_xml_stream_send (SLEEK_XML_STREAM (self), reply);
}

gboolean
sleek_base_xmpp_is_from_account (SleekBaseXmpp *self, SleekStanza *stanza)
{
  return sleek_stanza_get_string (stanza, "from") == NULL ||
         is_account_or_server (own_jid (self), sleek_stanza_get_from (stanza));
}

/* Pending requests */

static void
pending_finish (SleekBaseXmpp *self, PendingIq *pending, SleekIq *result, GError *error)
{
  SleekBaseXmppPrivate *priv = PRIV (self);
  GTask *task;

  g_hash_table_steal (priv->pending, &pending->serial);
  if (pending->handler_id != 0)
    sleek_xml_stream_remove_handler (SLEEK_XML_STREAM (self), pending->handler_id);
  if (pending->timeout != NULL)
    {
      g_source_destroy (pending->timeout);
      g_source_unref (pending->timeout);
    }
  if (pending->cancellable != NULL)
    {
      g_cancellable_disconnect (pending->cancellable, pending->cancelled_id);
      g_object_unref (pending->cancellable);
    }
  task = pending->task;
  g_free (pending->id);
  g_free (pending);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
  g_object_unref (task);
}

static void
fail_all_pending (SleekBaseXmpp *self, GQuark domain, int code, const char *message)
{
  SleekBaseXmppPrivate *priv = PRIV (self);
  GHashTableIter iter;
  gpointer value;

  /* A callback may send new requests: take them one at a time. */
  for (;;)
    {
      g_hash_table_iter_init (&iter, priv->pending);
      if (!g_hash_table_iter_next (&iter, NULL, &value))
        break;
      pending_finish (self, value, NULL, g_error_new_literal (domain, code, message));
    }
}

static void
on_iq_answer (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (stream);
  PendingIq *pending;

  /* @user_data is the request's serial, not the request: the stream may
   * call a handler it matched after the request ended some other way. */
  pending = g_hash_table_lookup (PRIV (self)->pending, user_data);
  if (pending == NULL)
    return;
  if (sleek_iq_get_iq_type (SLEEK_IQ (stanza)) == SLEEK_IQ_TYPE_RESULT)
    {
      pending_finish (self, pending, SLEEK_IQ (g_object_ref (stanza)), NULL);
      return;
    }
  /* Kept for sleek_base_xmpp_get_error_answer(). */
  g_object_set_data_full (G_OBJECT (pending->task), ERROR_ANSWER_KEY, g_object_ref (stanza), g_object_unref);
  pending_finish (self, pending, NULL, sleek_stanza_get_error (stanza));
}

static gboolean
on_iq_timeout (gpointer user_data)
{
  PendingIq *pending = user_data;
  SleekBaseXmpp *self = g_task_get_source_object (pending->task);
  guint timeout = GPOINTER_TO_UINT (g_task_get_task_data (pending->task));

  pending_finish (self, pending, NULL,
                  g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("No answer to the request within %u ms"),
                               timeout));
  return G_SOURCE_REMOVE;
}

typedef struct {
  SleekBaseXmpp *self;
  guint64 serial;
} CancelHop;

static CancelHop *
cancel_hop_new (SleekBaseXmpp *self, guint64 serial)
{
  CancelHop *hop = g_new (CancelHop, 1);

  hop->self = g_object_ref (self);
  hop->serial = serial;
  return hop;
}

static void
cancel_hop_free (gpointer data)
{
  CancelHop *hop = data;

  g_object_unref (hop->self);
  g_free (hop);
}

static gboolean
cancel_in_context (gpointer user_data)
{
  CancelHop *hop = user_data;
  PendingIq *pending = g_hash_table_lookup (PRIV (hop->self)->pending, &hop->serial);

  if (pending != NULL)
    pending_finish (hop->self, pending, NULL,
                    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was cancelled")));
  return G_SOURCE_REMOVE;
}

/* Runs in whichever thread cancelled: only hop to the owning context. */
static void
on_iq_cancelled (GCancellable *cancellable, gpointer user_data)
{
  CancelHop *hop = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, cancel_in_context, cancel_hop_new (hop->self, hop->serial), cancel_hop_free);
  g_source_set_static_name (source, "[sleek] iq cancelled");
  g_source_attach (source, PRIV (hop->self)->context);
  g_source_unref (source);
}

static void
on_send_failed (SleekXmlStream *stream, SleekStanza *stanza, const GError *error, gpointer user_data)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (stream);
  SleekBaseXmppPrivate *priv = PRIV (self);
  const char *id;
  GHashTableIter iter;
  gpointer value;

  if (!SLEEK_IS_IQ (stanza) || g_hash_table_size (priv->pending) == 0)
    return;
  switch (sleek_iq_get_iq_type (SLEEK_IQ (stanza)))
    {
    case SLEEK_IQ_TYPE_GET:
    case SLEEK_IQ_TYPE_SET:
      break;
    case SLEEK_IQ_TYPE_RESULT:
    case SLEEK_IQ_TYPE_ERROR:
    default:
      return;
    }
  id = sleek_stanza_get_id (stanza);
  if (id == NULL)
    return;
  g_hash_table_iter_init (&iter, priv->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PendingIq *pending = value;

      if (strcmp (pending->id, id) == 0)
        {
          pending_finish (self, pending, NULL, g_error_copy (error));
          return;
        }
    }
}

/* Stanzas */

static void
handle_presence (SleekBaseXmpp *self, SleekPresence *presence)
{
  SleekBaseXmppPrivate *priv = PRIV (self);
  SleekRosterPresenceChange change = sleek_roster_handle_presence (priv->roster, presence);
  const char *type = sleek_stanza_get_stanza_type (SLEEK_STANZA (presence));
  SleekPresenceType ptype = sleek_presence_get_presence_type (presence);
  GQuark detail = presence_quarks[ptype];

  if (change & SLEEK_ROSTER_PRESENCE_ONLINE)
    g_signal_emit (self, signals[SIGNAL_GOT_ONLINE], 0, presence);
  if (change & SLEEK_ROSTER_PRESENCE_STATUS)
    g_signal_emit (self, signals[SIGNAL_CHANGED_STATUS], 0, presence);
  if (change & SLEEK_ROSTER_PRESENCE_OFFLINE)
    g_signal_emit (self, signals[SIGNAL_GOT_OFFLINE], 0, presence);

  /* A type this library does not know reaches only undetailed handlers. */
  if (ptype == SLEEK_PRESENCE_TYPE_ERROR && g_strcmp0 (type, "error") != 0)
    detail = 0;
  g_signal_emit (self, signals[SIGNAL_PRESENCE], detail, presence);
}

static void
sleek_base_xmpp_stanza (SleekXmlStream *stream, SleekStanza *stanza)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (stream);

  if (SLEEK_IS_MESSAGE (stanza))
    {
      SleekMessageType type = sleek_message_get_message_type (SLEEK_MESSAGE (stanza));

      g_signal_emit (self, signals[SIGNAL_MESSAGE], message_quarks[type], stanza);
    }
  else if (SLEEK_IS_PRESENCE (stanza))
    {
      handle_presence (self, SLEEK_PRESENCE (stanza));
    }

  if (SLEEK_XML_STREAM_CLASS (sleek_base_xmpp_parent_class)->stanza != NULL)
    SLEEK_XML_STREAM_CLASS (sleek_base_xmpp_parent_class)->stanza (stream, stanza);
}

static void
sleek_base_xmpp_unhandled (SleekXmlStream *stream, SleekStanza *stanza)
{
  if (SLEEK_IS_IQ (stanza))
    {
      const char *type = sleek_stanza_get_stanza_type (stanza);

      /* Requests are answered, answers never are. */
      if (g_strcmp0 (type, "get") == 0 || g_strcmp0 (type, "set") == 0)
        sleek_base_xmpp_send_error_reply (SLEEK_BASE_XMPP (stream), stanza, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
    }

  if (SLEEK_XML_STREAM_CLASS (sleek_base_xmpp_parent_class)->unhandled != NULL)
    SLEEK_XML_STREAM_CLASS (sleek_base_xmpp_parent_class)->unhandled (stream, stanza);
}

/* Connected in init, so it runs before any handler the application
 * connects: by the time those see the disconnection, pending requests have
 * failed and the session has ended, and one that reconnects at once does
 * not have its new requests failed. */
static void
on_disconnected (SleekXmlStream *stream, const GError *error, gpointer user_data)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (stream);
  SleekBaseXmppPrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) offline = NULL;

  fail_all_pending (self, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The stream closed before the answer came"));

  offline = sleek_roster_clear_presence (priv->roster);
  for (guint i = 0; i < offline->len; i++)
    g_signal_emit (self, signals[SIGNAL_GOT_OFFLINE], 0, g_ptr_array_index (offline, i));

  if (priv->session_started)
    {
      priv->session_started = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_STARTED]);
      g_signal_emit (self, signals[SIGNAL_SESSION_END], 0);
    }
}

/* Roster pushes (RFC 6121 section 2.1.6) */

static void
on_roster_push (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (stream);
  SleekBaseXmppPrivate *priv = PRIV (self);
  SleekNode *query;
  SleekNode *item_node = NULL;
  g_autoptr(SleekRosterItem) item = NULL;
  g_autoptr(SleekStanza) reply = NULL;
  const char *version;
  guint n_items = 0;

  if (!SLEEK_IS_IQ (stanza))
    return;

  /* Only the account itself, or its server, may change the roster. */
  if (!sleek_base_xmpp_is_from_account (self, stanza))
    {
      g_debug ("Ignoring a roster push from %s", sleek_stanza_get_string (stanza, "from"));
      sleek_base_xmpp_send_error_reply (self, stanza, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
      return;
    }

  query = sleek_node_get_child (sleek_stanza_get_node (stanza), "query", SLEEK_NS_ROSTER);
  for (guint i = 0; query != NULL && i < sleek_node_get_n_children (query); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (query, i);

      if (sleek_node_is (child, "item", SLEEK_NS_ROSTER))
        {
          item_node = child;
          n_items++;
        }
    }
  /* A push carries exactly one item. */
  if (n_items != 1 || (item = sleek_roster_apply_push (priv->roster, item_node)) == NULL)
    {
      sleek_base_xmpp_send_error_reply (self, stanza, SLEEK_STANZA_ERROR_BAD_REQUEST);
      return;
    }

  version = sleek_node_get_attribute (query, "ver");
  if (version != NULL)
    sleek_roster_set_version (priv->roster, version);

  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_xml_stream_send (stream, reply);
  g_signal_emit (self, signals[SIGNAL_ROSTER_UPDATE], 0, item);
}

/* Our own broadcast presence: remember its priority. */
static SleekStanza *
own_presence_filter (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (stream);
  SleekBaseXmppPrivate *priv = PRIV (self);

  if (SLEEK_IS_PRESENCE (stanza) &&
      sleek_stanza_get_string (stanza, "to") == NULL &&
      sleek_stanza_get_string (stanza, "type") == NULL)
    {
      int priority = sleek_presence_get_priority (SLEEK_PRESENCE (stanza));

      if (priority != priv->priority)
        {
          priv->priority = priority;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
        }
    }
  return g_object_ref (stanza);
}

/* GObject */

static void
sleek_base_xmpp_dispose (GObject *object)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (object);

  fail_all_pending (self, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The stream closed before the answer came"));
  sleek_plugins_end_all (self);
  G_OBJECT_CLASS (sleek_base_xmpp_parent_class)->dispose (object);
}

static void
sleek_base_xmpp_finalize (GObject *object)
{
  SleekBaseXmppPrivate *priv = PRIV (SLEEK_BASE_XMPP (object));

  g_clear_pointer (&priv->jid, sleek_jid_unref);
  g_clear_pointer (&priv->bound_jid, sleek_jid_unref);
  g_free (priv->id_prefix);
  g_clear_object (&priv->roster);
  g_hash_table_unref (priv->pending);
  g_main_context_unref (priv->context);
  G_OBJECT_CLASS (sleek_base_xmpp_parent_class)->finalize (object);
}

static void
sleek_base_xmpp_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (object);
  SleekBaseXmppPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_boxed (value, priv->jid);
      break;
    case PROP_BOUND_JID:
      g_value_set_boxed (value, priv->bound_jid);
      break;
    case PROP_IQ_TIMEOUT:
      g_value_set_uint (value, priv->iq_timeout);
      break;
    case PROP_ROSTER_VERSIONING:
      g_value_set_boolean (value, priv->roster_versioning);
      break;
    case PROP_ROSTER:
      g_value_set_object (value, priv->roster);
      break;
    case PROP_PRIORITY:
      g_value_set_int (value, priv->priority);
      break;
    case PROP_SESSION_STARTED:
      g_value_set_boolean (value, priv->session_started);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_base_xmpp_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (object);

  switch (prop_id)
    {
    case PROP_JID:
      sleek_base_xmpp_set_jid (self, g_value_get_boxed (value));
      break;
    case PROP_IQ_TIMEOUT:
      sleek_base_xmpp_set_iq_timeout (self, g_value_get_uint (value));
      break;
    case PROP_ROSTER_VERSIONING:
      sleek_base_xmpp_set_roster_versioning (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_base_xmpp_class_init (SleekBaseXmppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekXmlStreamClass *stream_class = SLEEK_XML_STREAM_CLASS (klass);

  object_class->dispose = sleek_base_xmpp_dispose;
  object_class->finalize = sleek_base_xmpp_finalize;
  object_class->get_property = sleek_base_xmpp_get_property;
  object_class->set_property = sleek_base_xmpp_set_property;
  stream_class->stanza = sleek_base_xmpp_stanza;
  stream_class->unhandled = sleek_base_xmpp_unhandled;

  /* Our own fixed names, never anything from the wire. */
  for (guint i = 0; i < G_N_ELEMENTS (message_details); i++)
    message_quarks[i] = g_quark_from_static_string (message_details[i]);
  for (guint i = 0; i < G_N_ELEMENTS (presence_details); i++)
    presence_quarks[i] = g_quark_from_static_string (presence_details[i]);

  /**
   * SleekBaseXmpp:jid: (getter get_jid) (setter set_jid)
   *
   * The JID the session was asked for: the account of a client, the
   * domain of a component. See [property@Sleek.BaseXmpp:bound-jid] for the
   * one the server gave.
   */
  properties[PROP_JID] =
    g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBaseXmpp:bound-jid: (getter get_bound_jid)
   *
   * The full JID the server bound for this session, or %NULL before
   * binding. Set by subclasses with [method@Sleek.BaseXmpp.set_bound_jid].
   */
  properties[PROP_BOUND_JID] =
    g_param_spec_boxed ("bound-jid", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBaseXmpp:iq-timeout: (getter get_iq_timeout) (setter set_iq_timeout)
   *
   * How long, in milliseconds, a request sent with
   * [method@Sleek.BaseXmpp.send_iq_async] waits for its answer when the
   * call gives no timeout of its own.
   */
  properties[PROP_IQ_TIMEOUT] =
    g_param_spec_uint ("iq-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_IQ_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBaseXmpp:roster-versioning: (getter get_roster_versioning) (setter set_roster_versioning)
   *
   * Whether the server supports roster versioning (RFC 6121 section 2.6),
   * so that [method@Sleek.BaseXmpp.fetch_roster_async] sends the version
   * of the roster it has. A client sets it when the server advertises the
   * `ver` stream feature.
   */
  properties[PROP_ROSTER_VERSIONING] =
    g_param_spec_boolean ("roster-versioning", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBaseXmpp:roster: (getter get_roster)
   *
   * The account's roster.
   */
  properties[PROP_ROSTER] =
    g_param_spec_object ("roster", NULL, NULL, SLEEK_TYPE_ROSTER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBaseXmpp:priority: (getter get_priority)
   *
   * The priority of the last available presence we broadcast (one without
   * `to` or `type`), however it was sent; 0 before any.
   */
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL, -128, 127, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekBaseXmpp:session-started: (getter get_session_started)
   *
   * Whether a session is running: from
   * [signal@Sleek.BaseXmpp::session-start] to
   * [signal@Sleek.BaseXmpp::session-end].
   */
  properties[PROP_SESSION_STARTED] =
    g_param_spec_boolean ("session-started", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekBaseXmpp::session-start:
   * @self: the stream
   *
   * The session is ready: the place to send the initial presence and to
   * fetch the roster.
   */
  signals[SIGNAL_SESSION_START] =
    g_signal_new ("session-start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SleekBaseXmpp::session-end:
   * @self: the stream
   *
   * The stream ended after [signal@Sleek.BaseXmpp::session-start]. Pending
   * requests have failed and every resource has gone offline by then.
   */
  signals[SIGNAL_SESSION_END] =
    g_signal_new ("session-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SleekBaseXmpp::message:
   * @self: the stream
   * @message: the message
   *
   * A message arrived. The detail is its type: `chat`, `normal` (also a
   * message without type or of a type this library does not know),
   * `groupchat`, `headline` or `error`; connect to `message::chat` for
   * chat messages only.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_MESSAGE);
  /**
   * SleekBaseXmpp::presence:
   * @self: the stream
   * @presence: the presence
   *
   * A presence arrived. The detail is its type: `available` (no type
   * attribute), `unavailable`, `subscribe`, `subscribed`, `unsubscribe`,
   * `unsubscribed`, `probe` or `error`; a presence of any other type
   * reaches only the handlers connected without a detail. Presence
   * tracking has already taken it into account.
   */
  signals[SIGNAL_PRESENCE] =
    g_signal_new ("presence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_PRESENCE);
  /**
   * SleekBaseXmpp::got-online:
   * @self: the stream
   * @presence: the available presence of the first resource
   *
   * A JID that had no available resource now has one. Emitted before
   * [signal@Sleek.BaseXmpp::changed-status] for the same presence.
   */
  signals[SIGNAL_GOT_ONLINE] =
    g_signal_new ("got-online", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_PRESENCE);
  /**
   * SleekBaseXmpp::got-offline:
   * @self: the stream
   * @presence: the unavailable presence of the last resource; when the
   *   stream ends, one made up from the last resource of each JID
   *
   * The last available resource of a JID went offline (an unavailable
   * presence from the bare JID takes every resource with it).
   */
  signals[SIGNAL_GOT_OFFLINE] =
    g_signal_new ("got-offline", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_PRESENCE);
  /**
   * SleekBaseXmpp::changed-status:
   * @self: the stream
   * @presence: the presence that made the change
   *
   * A resource came online, went offline, or changed its show, status or
   * priority. A presence that repeats what the resource had already said
   * raises nothing.
   */
  signals[SIGNAL_CHANGED_STATUS] =
    g_signal_new ("changed-status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_PRESENCE);
  /**
   * SleekBaseXmpp::roster-update:
   * @self: the stream
   * @item: (nullable): the item a roster push added, changed or removed
   *   (then of subscription %SLEEK_ROSTER_SUBSCRIPTION_REMOVE), or %NULL
   *   after a fetch
   *
   * The roster changed: the server pushed a change, or
   * [method@Sleek.BaseXmpp.fetch_roster_async] got the roster (even an
   * unchanged one).
   */
  signals[SIGNAL_ROSTER_UPDATE] =
    g_signal_new ("roster-update", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_ROSTER_ITEM);
}

static void
sleek_base_xmpp_init (SleekBaseXmpp *self)
{
  SleekBaseXmppPrivate *priv = PRIV (self);
  g_autoptr(SleekMatcher) push = NULL;
  g_autoptr(GError) error = NULL;

  priv->context = g_main_context_ref_thread_default ();
  priv->iq_timeout = DEFAULT_IQ_TIMEOUT;
  priv->id_prefix = g_strdup_printf ("%08x", g_random_int ());
  priv->roster = sleek_roster_new ();
  priv->pending = g_hash_table_new (g_int64_hash, g_int64_equal);

  push = sleek_matcher_new_xml_mask ("<iq type='set'><query xmlns='" SLEEK_NS_ROSTER "'/></iq>", &error);
  g_assert_no_error (error);
  sleek_xml_stream_add_handler (SLEEK_XML_STREAM (self), push, SLEEK_HANDLER_NONE, on_roster_push, NULL, NULL);
  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (self), SLEEK_FILTER_OUTGOING, own_presence_filter, NULL, NULL);
  g_signal_connect (self, "send-failed", G_CALLBACK (on_send_failed), NULL);
  g_signal_connect (self, "disconnected", G_CALLBACK (on_disconnected), NULL);
}

/* ------------------------------------------------------------------ */
/* Identity and session                                               */
/* ------------------------------------------------------------------ */

/**
 * sleek_base_xmpp_get_jid: (get-property jid)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Gets the JID the session was asked for.
 *
 * Returns: (transfer none) (nullable): the requested JID
 */
SleekJid *
sleek_base_xmpp_get_jid (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  return PRIV (self)->jid;
}

/**
 * sleek_base_xmpp_set_jid: (set-property jid)
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: (nullable): the JID to ask for
 *
 * Sets the JID the next session asks for.
 */
void
sleek_base_xmpp_set_jid (SleekBaseXmpp *self, SleekJid *jid)
{
  SleekBaseXmppPrivate *priv;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  priv = PRIV (self);

  if (priv->jid == jid || (priv->jid != NULL && jid != NULL && sleek_jid_equal (priv->jid, jid)))
    return;
  g_clear_pointer (&priv->jid, sleek_jid_unref);
  priv->jid = jid != NULL ? sleek_jid_ref (jid) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JID]);
}

/**
 * sleek_base_xmpp_get_bound_jid: (get-property bound-jid)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Gets the full JID the server bound for the session.
 *
 * Returns: (transfer none) (nullable): the bound JID, or %NULL before
 *   binding
 */
SleekJid *
sleek_base_xmpp_get_bound_jid (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  return PRIV (self)->bound_jid;
}

/**
 * sleek_base_xmpp_set_bound_jid:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: (nullable): the JID the server bound, or %NULL to forget it
 *
 * For subclasses: records the JID resource binding gave (a component
 * passes its own domain) and, when @jid is not %NULL, calls the
 * `session_bind` class function, then that of each enabled plugin. Answers to requests are then checked
 * against this JID rather than [property@Sleek.BaseXmpp:jid].
 */
void
sleek_base_xmpp_set_bound_jid (SleekBaseXmpp *self, SleekJid *jid)
{
  SleekBaseXmppPrivate *priv;
  gboolean changed;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  priv = PRIV (self);

  changed = !(priv->bound_jid == jid ||
              (priv->bound_jid != NULL && jid != NULL && sleek_jid_equal (priv->bound_jid, jid)));
  if (changed)
    {
      g_clear_pointer (&priv->bound_jid, sleek_jid_unref);
      priv->bound_jid = jid != NULL ? sleek_jid_ref (jid) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND_JID]);
    }
  if (jid != NULL && SLEEK_BASE_XMPP_GET_CLASS (self)->session_bind != NULL)
    SLEEK_BASE_XMPP_GET_CLASS (self)->session_bind (self, jid);
  if (jid != NULL)
    sleek_plugins_session_bind (self, jid);
}

/**
 * sleek_base_xmpp_start_session:
 * @self: a [class@Sleek.BaseXmpp]
 *
 * For subclasses: the session is established. Emits
 * [signal@Sleek.BaseXmpp::session-start]; sends nothing.
 * [signal@Sleek.BaseXmpp::session-end] follows when the stream
 * disconnects.
 */
void
sleek_base_xmpp_start_session (SleekBaseXmpp *self)
{
  SleekBaseXmppPrivate *priv;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  priv = PRIV (self);

  if (!priv->session_started)
    {
      priv->session_started = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_STARTED]);
    }
  g_signal_emit (self, signals[SIGNAL_SESSION_START], 0);
}

void
sleek_base_xmpp_resume_session (SleekBaseXmpp *self)
{
  SleekBaseXmppPrivate *priv = PRIV (self);

  if (priv->session_started)
    return;
  priv->session_started = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_STARTED]);
}

/**
 * sleek_base_xmpp_get_session_started: (get-property session-started)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Checks whether a session is running.
 *
 * Returns: whether the session started and the stream has not ended
 *   since
 */
gboolean
sleek_base_xmpp_get_session_started (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), FALSE);
  return PRIV (self)->session_started;
}

/**
 * sleek_base_xmpp_get_iq_timeout: (get-property iq-timeout)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Gets the default wait for the answer to a request.
 *
 * Returns: the timeout in milliseconds
 */
guint
sleek_base_xmpp_get_iq_timeout (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), 0);
  return PRIV (self)->iq_timeout;
}

/**
 * sleek_base_xmpp_set_iq_timeout: (set-property iq-timeout)
 * @self: a [class@Sleek.BaseXmpp]
 * @milliseconds: the new default, more than 0
 *
 * Sets the default wait for the answer to a request; requests already
 * sent keep theirs.
 */
void
sleek_base_xmpp_set_iq_timeout (SleekBaseXmpp *self, guint milliseconds)
{
  SleekBaseXmppPrivate *priv;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (milliseconds > 0);
  priv = PRIV (self);

  if (priv->iq_timeout == milliseconds)
    return;
  priv->iq_timeout = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IQ_TIMEOUT]);
}

/**
 * sleek_base_xmpp_get_priority: (get-property priority)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Gets the priority we last announced.
 *
 * Returns: the priority of the last broadcast available presence
 */
int
sleek_base_xmpp_get_priority (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), 0);
  return PRIV (self)->priority;
}

/* ------------------------------------------------------------------ */
/* Making and sending stanzas                                         */
/* ------------------------------------------------------------------ */

/**
 * sleek_base_xmpp_new_id:
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Makes a stanza id that no other stanza of this stream has had.
 *
 * Returns: (transfer full): a new id
 */
char *
sleek_base_xmpp_new_id (SleekBaseXmpp *self)
{
  SleekBaseXmppPrivate *priv;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  priv = PRIV (self);

  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, priv->id_prefix, ++priv->next_id);
}

/**
 * sleek_base_xmpp_make_message:
 * @self: a [class@Sleek.BaseXmpp]
 * @to: (nullable): the recipient
 * @body: (nullable): the text of `<body/>`
 * @subject: (nullable): the text of `<subject/>`
 * @type: (nullable): `chat`, `normal`, `groupchat`, `headline`, or %NULL
 *   for no type attribute (which means `normal`)
 *
 * Builds a message; nothing left %NULL appears in it.
 *
 * Returns: (transfer full): a new message
 */
SleekMessage *
sleek_base_xmpp_make_message (SleekBaseXmpp *self, const char *to, const char *body,
                              const char *subject, const char *type)
{
  SleekMessage *message;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);

  message = sleek_message_new ();
  if (to != NULL)
    sleek_stanza_set_string (SLEEK_STANZA (message), "to", to);
  if (type != NULL)
    sleek_stanza_set_string (SLEEK_STANZA (message), "type", type);
  if (body != NULL)
    sleek_message_set_body (message, body);
  if (subject != NULL)
    sleek_message_set_subject (message, subject);
  return message;
}

/**
 * sleek_base_xmpp_send_message:
 * @self: a [class@Sleek.BaseXmpp]
 * @to: (nullable): the recipient
 * @body: (nullable): the text of `<body/>`
 * @type: (nullable): the message type, or %NULL for none
 *
 * Builds a message as [method@Sleek.BaseXmpp.make_message] does and sends
 * it.
 */
void
sleek_base_xmpp_send_message (SleekBaseXmpp *self, const char *to, const char *body, const char *type)
{
  g_autoptr(SleekMessage) message = NULL;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));

  message = sleek_base_xmpp_make_message (self, to, body, NULL, type);
  sleek_xml_stream_send (SLEEK_XML_STREAM (self), SLEEK_STANZA (message));
}

/**
 * sleek_base_xmpp_make_presence:
 * @self: a [class@Sleek.BaseXmpp]
 * @show: (nullable): `away`, `chat`, `dnd` or `xa`, or %NULL
 * @status: (nullable): the status message
 * @priority: the priority from -128 to 127; 0, the default, adds no
 *   `<priority/>`
 * @to: (nullable): the recipient, or %NULL for a broadcast
 * @type: (nullable): `unavailable`, `subscribe`, `subscribed`,
 *   `unsubscribe`, `unsubscribed`, `probe` or `error`; %NULL or
 *   `available` for an available presence, which has no type attribute
 *
 * Builds a presence; nothing left %NULL appears in it.
 *
 * Returns: (transfer full): a new presence
 */
SleekPresence *
sleek_base_xmpp_make_presence (SleekBaseXmpp *self, const char *show, const char *status, int priority,
                               const char *to, const char *type)
{
  SleekPresence *presence;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  g_return_val_if_fail (priority >= -128 && priority <= 127, NULL);

  presence = sleek_presence_new ();
  if (to != NULL)
    sleek_stanza_set_string (SLEEK_STANZA (presence), "to", to);
  if (type != NULL && strcmp (type, "available") != 0)
    sleek_stanza_set_string (SLEEK_STANZA (presence), "type", type);
  if (show != NULL)
    sleek_presence_set_show (presence, show);
  if (status != NULL)
    sleek_presence_set_status (presence, status);
  if (priority != 0)
    sleek_presence_set_priority (presence, priority);
  return presence;
}

/**
 * sleek_base_xmpp_send_presence:
 * @self: a [class@Sleek.BaseXmpp]
 * @show: (nullable): `away`, `chat`, `dnd` or `xa`, or %NULL
 * @status: (nullable): the status message
 * @priority: the priority from -128 to 127
 * @to: (nullable): the recipient, or %NULL for a broadcast
 * @type: (nullable): the presence type, or %NULL for an available presence
 *
 * Builds a presence as [method@Sleek.BaseXmpp.make_presence] does and
 * sends it. The first available broadcast of a session is its initial
 * presence (RFC 6121 section 4.2); its priority becomes
 * [property@Sleek.BaseXmpp:priority].
 */
void
sleek_base_xmpp_send_presence (SleekBaseXmpp *self, const char *show, const char *status, int priority,
                               const char *to, const char *type)
{
  g_autoptr(SleekPresence) presence = NULL;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (priority >= -128 && priority <= 127);

  presence = sleek_base_xmpp_make_presence (self, show, status, priority, to, type);
  sleek_xml_stream_send (SLEEK_XML_STREAM (self), SLEEK_STANZA (presence));
}

/**
 * sleek_base_xmpp_make_iq:
 * @self: a [class@Sleek.BaseXmpp]
 * @type: (nullable): `get`, `set`, `result` or `error`
 * @to: (nullable): the addressee, or %NULL for the account itself
 * @payload: (nullable): the child element, which the iq holds as it is
 *   (later changes to it show in the iq)
 *
 * Builds an iq with a new id from [method@Sleek.BaseXmpp.new_id].
 *
 * Returns: (transfer full): a new iq
 */
SleekIq *
sleek_base_xmpp_make_iq (SleekBaseXmpp *self, const char *type, const char *to, SleekNode *payload)
{
  SleekIq *iq;
  g_autofree char *id = NULL;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);

  iq = sleek_iq_new (type);
  id = sleek_base_xmpp_new_id (self);
  sleek_stanza_set_id (SLEEK_STANZA (iq), id);
  if (to != NULL)
    sleek_stanza_set_string (SLEEK_STANZA (iq), "to", to);
  if (payload != NULL)
    sleek_iq_set_payload (iq, payload);
  return iq;
}

/* ------------------------------------------------------------------ */
/* Requests                                                           */
/* ------------------------------------------------------------------ */

/**
 * sleek_base_xmpp_send_iq_async:
 * @self: a [class@Sleek.BaseXmpp]
 * @iq: a request: an iq of type `get` or `set`; one without an id is
 *   given one
 * @timeout_ms: how long to wait for the answer, in milliseconds; 0 for
 *   [property@Sleek.BaseXmpp:iq-timeout]
 * @cancellable: (nullable): stops the wait (the request itself has left);
 *   it may be cancelled from any thread
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Sends a request and waits for its answer: an iq of the same id from the
 * JID @iq is addressed to (compared after normalisation), or, for an iq
 * without `to` or to the account's bare JID, one without `from`, from the
 * account's bare JID or from its server's domain. Answers from anybody
 * else are ignored.
 *
 * Call it from the stream's main context; @callback runs there.
 */
void
sleek_base_xmpp_send_iq_async (SleekBaseXmpp *self, SleekIq *iq, guint timeout_ms, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  SleekBaseXmppPrivate *priv;
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekMatcher) matcher = NULL;
  const char *type;
  const char *to_text;
  SleekJid *to;
  SleekJid *own;
  SleekJid *peer;
  PendingIq *pending;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (SLEEK_IS_IQ (iq));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  priv = PRIV (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_base_xmpp_send_iq_async);
  g_task_set_name (task, "[sleek] send_iq");

  type = sleek_stanza_get_stanza_type (SLEEK_STANZA (iq));
  if (g_strcmp0 (type, "get") != 0 && g_strcmp0 (type, "set") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Only an iq of type get or set is a request, not one of type “%s”"),
                               type != NULL ? type : "");
      return;
    }
  to_text = sleek_stanza_get_string (SLEEK_STANZA (iq), "to");
  to = sleek_stanza_get_to (SLEEK_STANZA (iq));
  if (to_text != NULL && to == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The iq is addressed to an invalid JID: “%s”"), to_text);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (sleek_stanza_get_id (SLEEK_STANZA (iq)) == NULL || *sleek_stanza_get_id (SLEEK_STANZA (iq)) == '\0')
    {
      g_autofree char *id = sleek_base_xmpp_new_id (self);

      sleek_stanza_set_id (SLEEK_STANZA (iq), id);
    }
  if (timeout_ms == 0)
    timeout_ms = priv->iq_timeout;
  g_task_set_task_data (task, GUINT_TO_POINTER (timeout_ms), NULL);

  /* A request to our own bare JID is one to the account, as no `to`. */
  own = own_jid (self);
  peer = to;
  if (peer != NULL && own != NULL && sleek_jid_is_bare (peer) && sleek_jid_equal_bare (peer, own))
    peer = NULL;

  pending = g_new0 (PendingIq, 1);
  pending->serial = ++priv->next_serial;
  pending->task = g_steal_pointer (&task);
  pending->id = g_strdup (sleek_stanza_get_id (SLEEK_STANZA (iq)));
  g_hash_table_insert (priv->pending, &pending->serial, pending);

  matcher = iq_reply_matcher_new (pending->id, peer, own);
  pending->handler_id = sleek_xml_stream_add_handler (SLEEK_XML_STREAM (self), matcher, SLEEK_HANDLER_NONE,
                                                      on_iq_answer, g_memdup2 (&pending->serial, sizeof pending->serial),
                                                      g_free);

  pending->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (pending->timeout, on_iq_timeout, pending, NULL);
  g_source_set_static_name (pending->timeout, "[sleek] iq timeout");
  g_source_attach (pending->timeout, priv->context);

  if (cancellable != NULL)
    {
      pending->cancellable = g_object_ref (cancellable);
      pending->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_iq_cancelled),
                                                     cancel_hop_new (self, pending->serial), cancel_hop_free);
    }

  /* A stanza that cannot be written fails the request through
   * send-failed, possibly right here. */
  sleek_xml_stream_send (SLEEK_XML_STREAM (self), SLEEK_STANZA (iq));
}

SleekIq *
sleek_base_xmpp_get_error_answer (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_object_get_data (G_OBJECT (result), ERROR_ANSWER_KEY);
}

/**
 * sleek_base_xmpp_send_iq_finish:
 * @self: a [class@Sleek.BaseXmpp]
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.BaseXmpp.send_iq_async]. An answer of type
 * `error` gives a %SLEEK_STANZA_ERROR whose code is its condition; no
 * answer in time %G_IO_ERROR_TIMED_OUT; the end of the stream (or a
 * request that could not be written) %G_IO_ERROR_CLOSED or the write
 * error; cancellation %G_IO_ERROR_CANCELLED; an iq that is not a request
 * %G_IO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the answer, of type `result`, or %NULL with
 *   @error set
 */
SleekIq *
sleek_base_xmpp_send_iq_finish (SleekBaseXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_base_xmpp_send_iq_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Roster                                                             */
/* ------------------------------------------------------------------ */

/**
 * sleek_base_xmpp_get_roster: (get-property roster)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Gets the account's roster, a [iface@Gio.ListModel] of
 * [class@Sleek.RosterItem]. It is empty until
 * [method@Sleek.BaseXmpp.fetch_roster_async] fills it.
 *
 * Returns: (transfer none): the roster
 */
SleekRoster *
sleek_base_xmpp_get_roster (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  return PRIV (self)->roster;
}

/**
 * sleek_base_xmpp_get_roster_versioning: (get-property roster-versioning)
 * @self: a [class@Sleek.BaseXmpp]
 *
 * Checks whether roster fetches are versioned.
 *
 * Returns: whether the server supports roster versioning
 */
gboolean
sleek_base_xmpp_get_roster_versioning (SleekBaseXmpp *self)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), FALSE);
  return PRIV (self)->roster_versioning;
}

/**
 * sleek_base_xmpp_set_roster_versioning: (set-property roster-versioning)
 * @self: a [class@Sleek.BaseXmpp]
 * @versioning: whether the server supports roster versioning
 *
 * Says whether the server supports roster versioning.
 */
void
sleek_base_xmpp_set_roster_versioning (SleekBaseXmpp *self, gboolean versioning)
{
  SleekBaseXmppPrivate *priv;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  priv = PRIV (self);

  versioning = !!versioning;
  if (priv->roster_versioning == versioning)
    return;
  priv->roster_versioning = versioning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROSTER_VERSIONING]);
}

static void
fetch_roster_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekBaseXmpp *self = SLEEK_BASE_XMPP (source);
  SleekBaseXmppPrivate *priv = PRIV (self);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = NULL;
  SleekNode *query;

  answer = sleek_base_xmpp_send_iq_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No query: the roster has not changed since the version we sent, and
   * the changes, if any, come as pushes. */
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query", SLEEK_NS_ROSTER);
  if (query != NULL)
    {
      sleek_roster_replace (priv->roster, query);
      sleek_roster_set_version (priv->roster, sleek_node_get_attribute (query, "ver"));
    }
  g_signal_emit (self, signals[SIGNAL_ROSTER_UPDATE], 0, NULL);
  g_task_return_pointer (task, g_object_ref (priv->roster), g_object_unref);
}

/**
 * sleek_base_xmpp_fetch_roster_async:
 * @self: a [class@Sleek.BaseXmpp]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called when the roster is
 *   there
 * @user_data: data for @callback
 *
 * Asks the server for the roster (RFC 6121 section 2.2) and fills
 * [method@Sleek.BaseXmpp.get_roster] with the answer. With
 * [property@Sleek.BaseXmpp:roster-versioning], the request carries the
 * version of the roster at hand, and an answer without items leaves the
 * roster as it is. Fetching also asks the server to push roster changes
 * from then on.
 */
void
sleek_base_xmpp_fetch_roster_async (SleekBaseXmpp *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  SleekBaseXmppPrivate *priv;
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) query = NULL;
  g_autoptr(SleekIq) iq = NULL;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  priv = PRIV (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_base_xmpp_fetch_roster_async);
  g_task_set_name (task, "[sleek] fetch_roster");

  query = sleek_node_new ("query", SLEEK_NS_ROSTER);
  if (priv->roster_versioning)
    {
      const char *version = sleek_roster_get_version (priv->roster);

      sleek_node_set_attribute (query, "ver", version != NULL ? version : "");
    }
  iq = sleek_base_xmpp_make_iq (self, "get", NULL, query);
  sleek_base_xmpp_send_iq_async (self, iq, 0, cancellable, fetch_roster_done, g_steal_pointer (&task));
}

/**
 * sleek_base_xmpp_fetch_roster_finish:
 * @self: a [class@Sleek.BaseXmpp]
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.BaseXmpp.fetch_roster_async], with the errors of
 * [method@Sleek.BaseXmpp.send_iq_finish].
 *
 * Returns: (transfer full): the roster, as
 *   [method@Sleek.BaseXmpp.get_roster] returns it, or %NULL with @error set
 */
SleekRoster *
sleek_base_xmpp_fetch_roster_finish (SleekBaseXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_base_xmpp_fetch_roster_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
roster_set_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = NULL;

  answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
roster_set_async (SleekBaseXmpp *self, SleekNode *item, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data, gpointer source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SleekNode) query = sleek_node_new ("query", SLEEK_NS_ROSTER);
  g_autoptr(SleekIq) iq = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[sleek] roster set");
  sleek_node_add_child (query, item);
  iq = sleek_base_xmpp_make_iq (self, "set", NULL, query);
  sleek_base_xmpp_send_iq_async (self, iq, 0, cancellable, roster_set_done, g_steal_pointer (&task));
}

/**
 * sleek_base_xmpp_update_roster_item_async:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact; only its bare part counts
 * @name: (nullable): the name to give the contact, or %NULL for none
 * @groups: (nullable) (array zero-terminated=1): the groups to file it
 *   under, or %NULL for none
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the server's
 *   answer
 * @user_data: data for @callback
 *
 * Adds a contact to the roster or replaces its name and groups (RFC 6121
 * sections 2.3 and 2.4). The subscription is not touched; see
 * [method@Sleek.BaseXmpp.subscribe]. The roster itself changes with the
 * roster push the server sends before its answer, not with the answer.
 */
void
sleek_base_xmpp_update_roster_item_async (SleekBaseXmpp *self, SleekJid *jid, const char *name,
                                          const char * const *groups, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) item = NULL;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  item = sleek_node_new ("item", SLEEK_NS_ROSTER);
  sleek_node_set_attribute (item, "jid", sleek_jid_get_bare (jid));
  if (name != NULL)
    sleek_node_set_attribute (item, "name", name);
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    sleek_node_set_text (sleek_node_add_child_new (item, "group", SLEEK_NS_ROSTER), groups[i]);
  roster_set_async (self, item, cancellable, callback, user_data, sleek_base_xmpp_update_roster_item_async);
}

/**
 * sleek_base_xmpp_update_roster_item_finish:
 * @self: a [class@Sleek.BaseXmpp]
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.BaseXmpp.update_roster_item_async], with the
 * errors of [method@Sleek.BaseXmpp.send_iq_finish].
 *
 * Returns: %TRUE when the server accepted the change
 */
gboolean
sleek_base_xmpp_update_roster_item_finish (SleekBaseXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_base_xmpp_update_roster_item_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_base_xmpp_remove_roster_item_async:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact; only its bare part counts
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the server's
 *   answer
 * @user_data: data for @callback
 *
 * Removes a contact from the roster (RFC 6121 section 2.5); the server
 * also cancels the subscriptions both ways. The roster itself changes with
 * the roster push the server sends.
 */
void
sleek_base_xmpp_remove_roster_item_async (SleekBaseXmpp *self, SleekJid *jid, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) item = NULL;

  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  item = sleek_node_new ("item", SLEEK_NS_ROSTER);
  sleek_node_set_attribute (item, "jid", sleek_jid_get_bare (jid));
  sleek_node_set_attribute (item, "subscription", "remove");
  roster_set_async (self, item, cancellable, callback, user_data, sleek_base_xmpp_remove_roster_item_async);
}

/**
 * sleek_base_xmpp_remove_roster_item_finish:
 * @self: a [class@Sleek.BaseXmpp]
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.BaseXmpp.remove_roster_item_async], with the
 * errors of [method@Sleek.BaseXmpp.send_iq_finish].
 *
 * Returns: %TRUE when the server removed the contact
 */
gboolean
sleek_base_xmpp_remove_roster_item_finish (SleekBaseXmpp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_base_xmpp_remove_roster_item_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Subscriptions (RFC 6121 section 3)                                 */
/* ------------------------------------------------------------------ */

static void
send_subscription (SleekBaseXmpp *self, SleekJid *jid, SleekPresenceType type)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();

  sleek_stanza_set_string (SLEEK_STANZA (presence), "to", sleek_jid_get_bare (jid));
  sleek_presence_set_presence_type (presence, type);
  sleek_xml_stream_send (SLEEK_XML_STREAM (self), SLEEK_STANZA (presence));
}

/**
 * sleek_base_xmpp_subscribe:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact; only its bare part counts
 *
 * Asks to see the contact's presence: sends `<presence type='subscribe'/>`
 * to its bare JID. The server adds the contact to the roster with
 * [property@Sleek.RosterItem:ask] set until the contact answers.
 */
void
sleek_base_xmpp_subscribe (SleekBaseXmpp *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  send_subscription (self, jid, SLEEK_PRESENCE_TYPE_SUBSCRIBE);
}

/**
 * sleek_base_xmpp_unsubscribe:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact; only its bare part counts
 *
 * Stops seeing the contact's presence: sends
 * `<presence type='unsubscribe'/>` to its bare JID.
 */
void
sleek_base_xmpp_unsubscribe (SleekBaseXmpp *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  send_subscription (self, jid, SLEEK_PRESENCE_TYPE_UNSUBSCRIBE);
}

/**
 * sleek_base_xmpp_approve_subscription:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact who asked; only its bare part counts
 *
 * Lets the contact see our presence, in answer to its `subscribe` (see
 * `presence::subscribe` on [signal@Sleek.BaseXmpp::presence]): sends
 * `<presence type='subscribed'/>` to its bare JID.
 */
void
sleek_base_xmpp_approve_subscription (SleekBaseXmpp *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  send_subscription (self, jid, SLEEK_PRESENCE_TYPE_SUBSCRIBED);
}

/**
 * sleek_base_xmpp_deny_subscription:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact; only its bare part counts
 *
 * Refuses the contact's subscription request, or cancels the subscription
 * it has: sends `<presence type='unsubscribed'/>` to its bare JID.
 */
void
sleek_base_xmpp_deny_subscription (SleekBaseXmpp *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  send_subscription (self, jid, SLEEK_PRESENCE_TYPE_UNSUBSCRIBED);
}

/**
 * sleek_base_xmpp_preapprove:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: the contact; only its bare part counts
 *
 * Approves in advance a subscription request the contact has not sent yet
 * (RFC 6121 section 3.4): sends `<presence type='subscribed'/>` to its bare
 * JID before any request. Only for servers that advertise the
 * pre-approval stream feature; the others drop the presence.
 */
void
sleek_base_xmpp_preapprove (SleekBaseXmpp *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_BASE_XMPP (self));
  g_return_if_fail (jid != NULL);
  send_subscription (self, jid, SLEEK_PRESENCE_TYPE_SUBSCRIBED);
}

/* ------------------------------------------------------------------ */
/* Presence                                                           */
/* ------------------------------------------------------------------ */

/**
 * sleek_base_xmpp_get_resources:
 * @self: a [class@Sleek.BaseXmpp]
 * @jid: a JID; only its bare part counts
 *
 * Gets the available resources of any JID we receive presence from: a
 * roster contact (the same list as [method@Sleek.RosterItem.get_resources]),
 * another resource of our own account, or anybody else.
 *
 * The list is live. For a JID that is not on the roster it is only kept
 * while the JID has an available resource; once the last one goes, later
 * presence starts a new list, so ask again.
 *
 * Returns: (transfer none) (nullable): a [iface@Gio.ListModel] of
 *   [class@Sleek.RosterResource], or %NULL when the JID is neither on the
 *   roster nor online
 */
GListModel *
sleek_base_xmpp_get_resources (SleekBaseXmpp *self, SleekJid *jid)
{
  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  return sleek_roster_lookup_resources (PRIV (self)->roster, jid);
}
