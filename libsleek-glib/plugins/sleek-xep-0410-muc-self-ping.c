/* sleek-xep-0410-muc-self-ping.c: XEP-0410 MUC Self-Ping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xml-stream-private.h"
#include "sleek-xep-0045-muc.h"
#include "sleek-xep-0045-muc-private.h"
#include "sleek-xep-0199-ping.h"
#include "sleek-xep-0410-muc-self-ping.h"

G_DEFINE_ENUM_TYPE (SleekMucSelfPingResult, sleek_muc_self_ping_result,
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_SELF_PING_JOINED, "joined"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_SELF_PING_NOT_JOINED, "not-joined"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_SELF_PING_UNKNOWN, "unknown"))

/**
 * SleekMucSelfPing:
 *
 * The `xep_0410` plugin: XEP-0410 MUC Self-Ping.
 *
 * A room can lose us without telling: its server restarted, or the
 * presence that said we left got lost. Pinging our own occupant JID
 * (`room@service/nick`) finds out: the room answers, or passes the ping
 * on to our client, only while we are in; for a room that no longer
 * exists, its service answers instead.
 * [method@Sleek.MucSelfPing.check_async] pings once and says what the
 * answer means ([enum@Sleek.MucSelfPingResult]).
 *
 * During a session, the plugin also checks every room the `xep_0045`
 * plugin has joined, every [property@Sleek.MucSelfPing:interval] seconds,
 * one ping per room at a time. A room that no longer has us is no longer
 * joined ([property@Sleek.MucRoom:joined] goes %FALSE) and
 * [signal@Sleek.MucSelfPing::not-joined] tells; with
 * [property@Sleek.MucSelfPing:auto-rejoin] the room is joined again,
 * under the same nickname, otherwise the `xep_0045` plugin forgets it.
 * No answer in [property@Sleek.MucSelfPing:timeout] seconds decides
 * nothing.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0410", &error);
 * self_ping = SLEEK_MUC_SELF_PING (sleek_base_xmpp_get_plugin (xmpp, "xep_0410"));
 * g_object_set (self_ping, "interval", 300, "auto-rejoin", TRUE, NULL);
 * g_signal_connect (self_ping, "not-joined", G_CALLBACK (on_room_lost), data);
 * ```
 */
struct _SleekMucSelfPing
{
  SleekPlugin parent_instance;

  guint interval;          /* seconds */
  guint timeout;           /* seconds */
  gboolean auto_rejoin;
  gboolean in_session;
  GHashTable *checks;      /* ping id -> GTask of the check (not owned) */
  guint filter_id;
  GHashTable *pending;     /* room bare JID -> GCancellable of its periodic ping */
};

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_TIMEOUT,
  PROP_AUTO_REJOIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_NOT_JOINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DEFAULT_INTERVAL 600
#define DEFAULT_TIMEOUT 60
#define MAX_SECONDS 86400
#define TIMER "sleek-xep-0410-self-ping"

G_DEFINE_FINAL_TYPE (SleekMucSelfPing, sleek_muc_self_ping, SLEEK_TYPE_PLUGIN)

/* What an answer means (XEP-0410 section 3.2). */
static SleekMucSelfPingResult
interpret (const GError *error)
{
  if (error == NULL)
    return SLEEK_MUC_SELF_PING_JOINED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return SLEEK_MUC_SELF_PING_UNKNOWN;
  g_assert (error->domain == SLEEK_STANZA_ERROR);
  switch (error->code)
    {
    /* The room passed the ping on to a client that does not answer
     * pings, or we just changed our nickname from another client. */
    case SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE:
    case SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED:
    case SLEEK_STANZA_ERROR_ITEM_NOT_FOUND:
      return SLEEK_MUC_SELF_PING_JOINED;
    /* The room's server could not be reached: maybe later. */
    case SLEEK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND:
    case SLEEK_STANZA_ERROR_REMOTE_SERVER_TIMEOUT:
      return SLEEK_MUC_SELF_PING_UNKNOWN;
    default:
      return SLEEK_MUC_SELF_PING_NOT_JOINED;
    }
}

/* A check in flight. For a room that no longer exists the service
 * answers itself: from its own address, which the base stream does not
 * take for the answer, or from the occupant's with the service as the
 * error's `by` (Prosody), which would otherwise read as a nickname change.
 * The plugin's incoming filter sees those before any handler. */
typedef struct {
  SleekMucSelfPing *self;
  char *id;
  SleekJid *occupant;
  SleekJid *service;
  gboolean gone;       /* the service said the room does not exist */
  gboolean returned;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->id);
  sleek_jid_unref (data->occupant);
  sleek_jid_unref (data->service);
  g_free (data);
}

static void
on_pong (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer G_GNUC_UNUSED = NULL;

  /* Only whether it came matters. */
  answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  if (data->returned)
    return;
  g_hash_table_remove (data->self->checks, data->id);
  if (data->gone && error != NULL && error->domain == SLEEK_STANZA_ERROR)
    {
      g_task_return_int (task, SLEEK_MUC_SELF_PING_NOT_JOINED);
      return;
    }
  if (error != NULL && error->domain != SLEEK_STANZA_ERROR &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, interpret (error));
}

static SleekStanza *
service_error_filter (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekMucSelfPing *self = user_data;
  const char *id = sleek_stanza_get_id (stanza);
  GTask *task;
  CheckData *data;
  SleekJid *from;
  SleekNode *error;

  if (!SLEEK_IS_IQ (stanza) || g_strcmp0 (sleek_stanza_get_stanza_type (stanza), "error") != 0 || id == NULL ||
      (task = g_hash_table_lookup (self->checks, id)) == NULL)
    return g_object_ref (stanza);
  data = g_task_get_task_data (task);
  from = sleek_stanza_get_from (stanza);
  error = sleek_node_get_child (sleek_stanza_get_node (stanza), "error", NULL);
  if (from != NULL && sleek_jid_equal (from, data->occupant) && error != NULL &&
      g_strcmp0 (sleek_node_get_attribute (error, "by"), sleek_jid_to_string (data->service)) == 0)
    {
      data->gone = TRUE;
    }
  else if (from != NULL && sleek_jid_equal (from, data->service))
    {
      /* The wait for the occupant's answer ends with the room. */
      g_task_return_int (task, SLEEK_MUC_SELF_PING_NOT_JOINED);
      data->returned = TRUE;
      g_hash_table_remove (self->checks, id);
    }
  return g_object_ref (stanza);
}

/**
 * sleek_muc_self_ping_check_async:
 * @self: an enabled [class@Sleek.MucSelfPing]
 * @occupant: our occupant JID in the room, `room@service/nick`
 * @timeout_ms: how long to wait for the answer, in milliseconds; 0 for
 *   [property@Sleek.BaseXmpp:iq-timeout]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the verdict
 * @user_data: data for @callback
 *
 * Pings @occupant to find out whether the room still has us. An error
 * from the room's service itself (for a room that no longer exists) also
 * means we are not in it. This only asks: the room's state in the
 * `xep_0045` plugin stays as it is.
 */
void
sleek_muc_self_ping_check_async (SleekMucSelfPing *self, SleekJid *occupant, guint timeout_ms,
                                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekIq) iq = NULL;
  SleekBaseXmpp *xmpp;
  CheckData *data;

  g_return_if_fail (SLEEK_IS_MUC_SELF_PING (self));
  g_return_if_fail (occupant != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_muc_self_ping_check_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  if (sleek_jid_get_local (occupant) == NULL || sleek_jid_get_resource (occupant) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an occupant JID"), sleek_jid_to_string (occupant));
      return;
    }
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  payload = sleek_node_new ("ping", SLEEK_NS_PING);
  iq = sleek_base_xmpp_make_iq (xmpp, "get", sleek_jid_to_string (occupant), payload);
  data = g_new0 (CheckData, 1);
  data->self = self;
  data->id = g_strdup (sleek_stanza_get_id (SLEEK_STANZA (iq)));
  data->occupant = sleek_jid_ref (occupant);
  data->service = sleek_jid_new_from_parts (NULL, sleek_jid_get_domain (occupant), NULL, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_hash_table_insert (self->checks, g_strdup (data->id), task);
  sleek_base_xmpp_send_iq_async (xmpp, iq, timeout_ms, cancellable, on_pong, g_steal_pointer (&task));
}

/**
 * sleek_muc_self_ping_check_finish:
 * @self: a [class@Sleek.MucSelfPing]
 * @result: the result
 * @error: return location for an error: %G_IO_ERROR_CANCELLED, the
 *   connection lost, %G_IO_ERROR_INVALID_ARGUMENT for a JID that is not
 *   an occupant's, or [error@Sleek.PluginError] when the plugin is not
 *   enabled; never the room's answer, which the verdict interprets
 *
 * Finishes [method@Sleek.MucSelfPing.check_async].
 *
 * Returns: what the answer says, or %SLEEK_MUC_SELF_PING_UNKNOWN on error
 */
SleekMucSelfPingResult
sleek_muc_self_ping_check_finish (SleekMucSelfPing *self, GAsyncResult *result, GError **error)
{
  GError *inner = NULL;
  gssize verdict;

  g_return_val_if_fail (g_task_is_valid (result, self), SLEEK_MUC_SELF_PING_UNKNOWN);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_muc_self_ping_check_async,
                        SLEEK_MUC_SELF_PING_UNKNOWN);

  verdict = g_task_propagate_int (G_TASK (result), &inner);
  if (inner != NULL)
    {
      g_propagate_error (error, inner);
      return SLEEK_MUC_SELF_PING_UNKNOWN;
    }
  return (SleekMucSelfPingResult) verdict;
}

/* The periodic checks */

typedef struct {
  SleekMucSelfPing *self;
  SleekMucRoom *room;
  char *nick;             /* pinged as */
  GCancellable *cancellable;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  g_object_unref (check->room);
  g_free (check->nick);
  g_object_unref (check->cancellable);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Check) check = user_data;
  SleekMucSelfPing *self = check->self;
  SleekMucRoom *room = check->room;
  g_autoptr(GError) error = NULL;
  SleekMucSelfPingResult verdict = sleek_muc_self_ping_check_finish (self, result, &error);
  const char *key = sleek_jid_get_bare (sleek_muc_room_get_jid (room));

  /* Stopped or replaced since: not ours to judge. */
  if (g_hash_table_lookup (self->pending, key) != check->cancellable)
    return;
  g_hash_table_remove (self->pending, key);
  if (error != NULL)
    {
      g_debug ("Self-ping in %s failed: %s", key, error->message);
      return;
    }
  /* The room may have changed since the ping went out. */
  if (verdict != SLEEK_MUC_SELF_PING_NOT_JOINED || !sleek_muc_room_get_joined (room) ||
      g_strcmp0 (sleek_muc_room_get_nick (room), check->nick) != 0)
    return;
  g_debug ("Self-ping: %s no longer has us", key);
  sleek_muc_room_lost (room, self->auto_rejoin);
  g_signal_emit (self, signals[SIGNAL_NOT_JOINED], 0, room);
}

static gboolean
tick (gpointer user_data)
{
  SleekMucSelfPing *self = user_data;
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekPlugin *muc = xmpp != NULL ? sleek_base_xmpp_get_plugin (xmpp, "xep_0045") : NULL;
  g_autoptr(GPtrArray) rooms = NULL;

  if (muc == NULL)
    return G_SOURCE_CONTINUE;
  rooms = sleek_muc_list_rooms (SLEEK_MUC (muc));
  for (guint i = 0; i < rooms->len; i++)
    {
      SleekMucRoom *room = g_ptr_array_index (rooms, i);
      const char *key = sleek_jid_get_bare (sleek_muc_room_get_jid (room));
      g_autoptr(SleekJid) occupant = NULL;
      Check *check;

      /* One ping per room at a time. */
      if (!sleek_muc_room_get_joined (room) || g_hash_table_contains (self->pending, key))
        continue;
      occupant = sleek_jid_with_resource (sleek_muc_room_get_jid (room), sleek_muc_room_get_nick (room), NULL);
      if (occupant == NULL)
        continue;
      check = g_new0 (Check, 1);
      check->self = g_object_ref (self);
      check->room = g_object_ref (room);
      check->nick = g_strdup (sleek_muc_room_get_nick (room));
      check->cancellable = g_cancellable_new ();
      g_hash_table_insert (self->pending, g_strdup (key), g_object_ref (check->cancellable));
      sleek_muc_self_ping_check_async (self, occupant, self->timeout * 1000, check->cancellable, on_checked, check);
    }
  return G_SOURCE_CONTINUE;
}

static void
cancel_pending (SleekMucSelfPing *self)
{
  GHashTableIter iter;
  gpointer cancellable;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &cancellable))
    g_cancellable_cancel (cancellable);
  g_hash_table_remove_all (self->pending);
}

/* Starts the timer, or starts it again from now, during a session; stops
 * everything otherwise. */
static void
timer_update (SleekMucSelfPing *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (xmpp == NULL || !self->in_session)
    {
      if (xmpp != NULL)
        sleek_xml_stream_unschedule (SLEEK_XML_STREAM (xmpp), TIMER);
      cancel_pending (self);
      return;
    }
  sleek_xml_stream_schedule (SLEEK_XML_STREAM (xmpp), TIMER, self->interval, TRUE, tick, g_object_ref (self),
                             g_object_unref);
}

static void
on_session_started (GObject *xmpp, GParamSpec *pspec, gpointer user_data)
{
  SleekMucSelfPing *self = user_data;
  gboolean started = sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (xmpp));

  if (self->in_session == started)
    return;
  self->in_session = started;
  timer_update (self);
}

/* SleekPlugin */

static void
sleek_muc_self_ping_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekMucSelfPing *self = SLEEK_MUC_SELF_PING (plugin);

  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_INCOMING, service_error_filter,
                                                 self, NULL);
  g_signal_connect_object (xmpp, "notify::session-started", G_CALLBACK (on_session_started), self,
                           G_CONNECT_DEFAULT);
  self->in_session = sleek_base_xmpp_get_session_started (xmpp);
  timer_update (self);
}

static void
sleek_muc_self_ping_plugin_end (SleekPlugin *plugin)
{
  SleekMucSelfPing *self = SLEEK_MUC_SELF_PING (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  g_signal_handlers_disconnect_by_data (xmpp, self);
  if (self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
  self->in_session = FALSE;
  timer_update (self);
}

/* GObject */

static void
sleek_muc_self_ping_finalize (GObject *object)
{
  SleekMucSelfPing *self = SLEEK_MUC_SELF_PING (object);

  cancel_pending (self);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->checks);
  G_OBJECT_CLASS (sleek_muc_self_ping_parent_class)->finalize (object);
}

static void
sleek_muc_self_ping_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekMucSelfPing *self = SLEEK_MUC_SELF_PING (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_AUTO_REJOIN:
      g_value_set_boolean (value, self->auto_rejoin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_muc_self_ping_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekMucSelfPing *self = SLEEK_MUC_SELF_PING (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      sleek_muc_self_ping_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      sleek_muc_self_ping_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_AUTO_REJOIN:
      sleek_muc_self_ping_set_auto_rejoin (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_muc_self_ping_class_init (SleekMucSelfPingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_muc_self_ping_finalize;
  object_class->get_property = sleek_muc_self_ping_get_property;
  object_class->set_property = sleek_muc_self_ping_set_property;
  plugin_class->plugin_init = sleek_muc_self_ping_plugin_init;
  plugin_class->plugin_end = sleek_muc_self_ping_plugin_end;

  /**
   * SleekMucSelfPing:interval: (getter get_interval) (setter set_interval)
   *
   * Seconds between the checks of the joined rooms; 600 unless set. A
   * change during a session starts the wait for the next checks again
   * from then.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 1, MAX_SECONDS, DEFAULT_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekMucSelfPing:timeout: (getter get_timeout) (setter set_timeout)
   *
   * Seconds a periodic self-ping waits for its answer; 60 unless set. No
   * answer decides nothing: the room is pinged again at the next check.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, MAX_SECONDS, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekMucSelfPing:auto-rejoin: (getter get_auto_rejoin) (setter set_auto_rejoin)
   *
   * Whether a room the periodic checks find we are no longer in is joined
   * again, under the same nickname and password. Off by default: the
   * `xep_0045` plugin then forgets the room.
   */
  properties[PROP_AUTO_REJOIN] =
    g_param_spec_boolean ("auto-rejoin", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekMucSelfPing::not-joined:
   * @self: the plugin
   * @room: the room that no longer has us
   *
   * A periodic check found that the room no longer has us. The room is
   * no longer joined; with [property@Sleek.MucSelfPing:auto-rejoin] it is
   * joining again, and [property@Sleek.MucRoom:joined] tells when it is
   * back.
   */
  signals[SIGNAL_NOT_JOINED] =
    g_signal_new ("not-joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_MUC_ROOM);
}

static void
sleek_muc_self_ping_init (SleekMucSelfPing *self)
{
  self->interval = DEFAULT_INTERVAL;
  self->timeout = DEFAULT_TIMEOUT;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * sleek_muc_self_ping_get_interval: (get-property interval)
 * @self: a [class@Sleek.MucSelfPing]
 *
 * Gets the time between the checks of the joined rooms.
 *
 * Returns: the interval in seconds
 */
guint
sleek_muc_self_ping_get_interval (SleekMucSelfPing *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_SELF_PING (self), 0);
  return self->interval;
}

/**
 * sleek_muc_self_ping_set_interval: (set-property interval)
 * @self: a [class@Sleek.MucSelfPing]
 * @seconds: the time between checks, from 1 to 86400
 *
 * Sets the time between the checks of the joined rooms.
 */
void
sleek_muc_self_ping_set_interval (SleekMucSelfPing *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_MUC_SELF_PING (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_SECONDS);

  if (self->interval == seconds)
    return;
  self->interval = seconds;
  if (self->in_session)
    timer_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * sleek_muc_self_ping_get_timeout: (get-property timeout)
 * @self: a [class@Sleek.MucSelfPing]
 *
 * Gets how long a periodic self-ping waits for its answer.
 *
 * Returns: the timeout in seconds
 */
guint
sleek_muc_self_ping_get_timeout (SleekMucSelfPing *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_SELF_PING (self), 0);
  return self->timeout;
}

/**
 * sleek_muc_self_ping_set_timeout: (set-property timeout)
 * @self: a [class@Sleek.MucSelfPing]
 * @seconds: how long a periodic self-ping waits, from 1 to 86400
 *
 * Sets how long a periodic self-ping waits for its answer, from the next
 * ping on.
 */
void
sleek_muc_self_ping_set_timeout (SleekMucSelfPing *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_MUC_SELF_PING (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_SECONDS);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * sleek_muc_self_ping_get_auto_rejoin: (get-property auto-rejoin)
 * @self: a [class@Sleek.MucSelfPing]
 *
 * Gets whether rooms found lost are joined again.
 *
 * Returns: whether lost rooms are joined again
 */
gboolean
sleek_muc_self_ping_get_auto_rejoin (SleekMucSelfPing *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_SELF_PING (self), FALSE);
  return self->auto_rejoin;
}

/**
 * sleek_muc_self_ping_set_auto_rejoin: (set-property auto-rejoin)
 * @self: a [class@Sleek.MucSelfPing]
 * @auto_rejoin: whether to join lost rooms again
 *
 * Sets whether rooms the periodic checks find lost are joined again.
 */
void
sleek_muc_self_ping_set_auto_rejoin (SleekMucSelfPing *self, gboolean auto_rejoin)
{
  g_return_if_fail (SLEEK_IS_MUC_SELF_PING (self));

  auto_rejoin = !!auto_rejoin;
  if (self->auto_rejoin == auto_rejoin)
    return;
  self->auto_rejoin = auto_rejoin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_REJOIN]);
}
