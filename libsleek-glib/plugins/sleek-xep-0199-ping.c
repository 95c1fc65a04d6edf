/* sleek-xep-0199-ping.c: XEP-0199 XMPP Ping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xml-stream-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0199-ping.h"

/**
 * SleekPing:
 *
 * The `xep_0199` plugin: XEP-0199 XMPP Ping.
 *
 * It answers `<ping xmlns='urn:xmpp:ping'/>` requests with an empty
 * result, advertises `urn:xmpp:ping` through the `xep_0030` plugin it
 * depends on, and pings other entities (or the server) with
 * [method@Sleek.Ping.ping_async], which gives the round-trip time.
 *
 * ## Keepalive
 *
 * With [property@Sleek.Ping:keepalive] on, the plugin pings the server
 * every [property@Sleek.Ping:interval] seconds while a session runs
 * (while [property@Sleek.BaseXmpp:session-started] is %TRUE, a session
 * resumed by the `xep_0198` plugin included), one ping at a time. Any answer
 * keeps the session, an error included: a server that does not know
 * pings still answers. A ping left unanswered for
 * [property@Sleek.Ping:timeout] seconds means the connection is dead,
 * although it may still look open: the plugin emits
 * [signal@Sleek.Ping::connection-dead] and closes the connection at
 * once, and [signal@Sleek.XmlStream::disconnected] carries
 * %G_IO_ERROR_TIMED_OUT. A [class@Sleek.ClientXmpp] with
 * [property@Sleek.ClientXmpp:auto-reconnect] then connects again, and
 * the pings resume with the new session. Unlike the client's whitespace
 * keepalives ([property@Sleek.ClientXmpp:keepalive-interval]), which
 * only keep the connection busy, these pings find out whether the server
 * still answers.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0199", &error);
 * ping = SLEEK_PING (sleek_base_xmpp_get_plugin (xmpp, "xep_0199"));
 * sleek_ping_ping_async (ping, NULL, 10000, NULL, on_pong, data);
 *
 * // Ping the server every minute; no answer in 20 s: reconnect.
 * g_object_set (xmpp, "auto-reconnect", TRUE, NULL);
 * g_object_set (ping, "keepalive", TRUE, "interval", 60, "timeout", 20, NULL);
 * g_signal_connect (ping, "connection-dead", G_CALLBACK (on_dead), data);
 * ```
 */
struct _SleekPing
{
  SleekPlugin parent_instance;

  gboolean keepalive;
  guint interval;            /* seconds */
  guint timeout;             /* seconds */
  gboolean in_session;
  GCancellable *outstanding; /* the keepalive ping waiting for its answer */
  guint outstanding_timeout; /* the seconds it was given */
};

enum {
  PROP_0,
  PROP_KEEPALIVE,
  PROP_INTERVAL,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONNECTION_DEAD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DEFAULT_INTERVAL 300
#define DEFAULT_TIMEOUT 30
#define MAX_SECONDS 86400
#define KEEPALIVE_TASK "sleek-xep-0199-keepalive"

G_DEFINE_FINAL_TYPE (SleekPing, sleek_ping, SLEEK_TYPE_PLUGIN)

static void
on_ping_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_autoptr(SleekStanza) reply = NULL;

  if (!SLEEK_IS_IQ (stanza))
    return;
  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_xml_stream_send (stream, reply);
}

/* Keepalive */

/* Stops the timer and forgets the ping in flight, whose answer is then
 * ignored. */
static void
keepalive_stop (SleekPing *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (xmpp != NULL)
    sleek_xml_stream_unschedule (SLEEK_XML_STREAM (xmpp), KEEPALIVE_TASK);
  if (self->outstanding != NULL)
    {
      g_cancellable_cancel (self->outstanding);
      g_clear_object (&self->outstanding);
    }
}

static void
declare_dead (SleekPing *self, guint waited)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(SleekPing) hold G_GNUC_UNUSED = g_object_ref (self);  /* handlers may drop the plugin */

  if (xmpp == NULL || !sleek_xml_stream_is_connected (SLEEK_XML_STREAM (xmpp)))
    return;
  stream = g_object_ref (SLEEK_XML_STREAM (xmpp));
  g_debug ("No answer to the keepalive ping in %u s: the connection is dead", waited);
  sleek_xml_stream_unschedule (stream, KEEPALIVE_TASK);
  g_signal_emit (self, signals[SIGNAL_CONNECTION_DEAD], 0);
  /* A handler may have closed the stream already. */
  if (sleek_xml_stream_is_connected (stream))
    sleek_xml_stream_abort_with_error (stream,
                                       g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                    _("The server did not answer a keepalive ping within %u s"),
                                                    waited));
}

static void
on_keepalive_pong (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekPing *self = SLEEK_PING (source);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;

  sleek_ping_ping_finish (self, result, &error);
  /* Stopped or replaced since: not ours to judge. */
  if (cancellable != self->outstanding)
    return;
  g_clear_object (&self->outstanding);

  if (error == NULL || error->domain == SLEEK_STANZA_ERROR)
    return;  /* an answer, even an error, is a sign of life */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    declare_dead (self, self->outstanding_timeout);
  else
    g_debug ("The keepalive ping failed: %s", error->message);
}

static gboolean
keepalive_tick (gpointer user_data)
{
  SleekPing *self = user_data;

  /* One ping at a time: a slow answer is not a reason for a second. */
  if (self->outstanding != NULL)
    return G_SOURCE_CONTINUE;
  self->outstanding = g_cancellable_new ();
  self->outstanding_timeout = self->timeout;
  sleek_ping_ping_async (self, NULL, self->timeout * 1000, self->outstanding, on_keepalive_pong,
                         g_object_ref (self->outstanding));
  return G_SOURCE_CONTINUE;
}

/* Starts the timer, or starts it again from now, when keepalive is on and
 * a session runs; stops everything otherwise. */
static void
keepalive_update (SleekPing *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (xmpp == NULL || !self->keepalive || !self->in_session)
    {
      keepalive_stop (self);
      return;
    }
  sleek_xml_stream_schedule (SLEEK_XML_STREAM (xmpp), KEEPALIVE_TASK, self->interval, TRUE, keepalive_tick,
                             g_object_ref (self), g_object_unref);
}

/* The property rather than "session-start": a session resumed with
 * stream management (xep_0198) starts again without that signal. */
static void
on_session_started (GObject *xmpp, GParamSpec *pspec, gpointer user_data)
{
  SleekPing *self = user_data;
  gboolean started = sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (xmpp));

  if (self->in_session == started)
    return;
  self->in_session = started;
  keepalive_update (self);
}

/* SleekPlugin */

static void
sleek_ping_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekPing *self = SLEEK_PING (plugin);

  sleek_plugin_answer_get (plugin, "ping", SLEEK_NS_PING, on_ping_request);
  g_signal_connect_object (xmpp, "notify::session-started", G_CALLBACK (on_session_started), self,
                           G_CONNECT_DEFAULT);
  self->in_session = sleek_base_xmpp_get_session_started (xmpp);
  keepalive_update (self);
}

static void
sleek_ping_plugin_end (SleekPlugin *plugin)
{
  SleekPing *self = SLEEK_PING (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  g_signal_handlers_disconnect_by_data (xmpp, self);
  self->in_session = FALSE;
  keepalive_stop (self);
  /* The handler goes with the plugin. */
  sleek_plugin_withdraw (plugin, SLEEK_NS_PING);
}

/* GObject */

static void
sleek_ping_dispose (GObject *object)
{
  SleekPing *self = SLEEK_PING (object);

  if (self->outstanding != NULL)
    {
      g_cancellable_cancel (self->outstanding);
      g_clear_object (&self->outstanding);
    }
  G_OBJECT_CLASS (sleek_ping_parent_class)->dispose (object);
}

static void
sleek_ping_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekPing *self = SLEEK_PING (object);

  switch (prop_id)
    {
    case PROP_KEEPALIVE:
      g_value_set_boolean (value, self->keepalive);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_ping_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekPing *self = SLEEK_PING (object);

  switch (prop_id)
    {
    case PROP_KEEPALIVE:
      sleek_ping_set_keepalive (self, g_value_get_boolean (value));
      break;
    case PROP_INTERVAL:
      sleek_ping_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      sleek_ping_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_ping_class_init (SleekPingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_ping_dispose;
  object_class->get_property = sleek_ping_get_property;
  object_class->set_property = sleek_ping_set_property;
  plugin_class->plugin_init = sleek_ping_plugin_init;
  plugin_class->plugin_end = sleek_ping_plugin_end;

  /**
   * SleekPing:keepalive: (getter get_keepalive) (setter set_keepalive)
   *
   * Whether to ping the server every [property@Sleek.Ping:interval]
   * seconds during a session, and to close the connection when a ping
   * goes unanswered. Off by default.
   */
  properties[PROP_KEEPALIVE] =
    g_param_spec_boolean ("keepalive", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekPing:interval: (getter get_interval) (setter set_interval)
   *
   * Seconds between keepalive pings; 300 unless set. A change during a
   * session starts the wait for the next ping again from then.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 1, MAX_SECONDS, DEFAULT_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekPing:timeout: (getter get_timeout) (setter set_timeout)
   *
   * Seconds to wait for the answer to a keepalive ping before the
   * connection counts as dead; 30 unless set. A change applies from the
   * next ping, and during a session starts the wait for it again from
   * then.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, MAX_SECONDS, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekPing::connection-dead:
   * @self: the plugin
   *
   * A keepalive ping went unanswered for [property@Sleek.Ping:timeout]
   * seconds. The connection is closed right after the handlers run, and
   * [signal@Sleek.XmlStream::disconnected] follows with
   * %G_IO_ERROR_TIMED_OUT.
   */
  signals[SIGNAL_CONNECTION_DEAD] =
    g_signal_new ("connection-dead", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sleek_ping_init (SleekPing *self)
{
  self->interval = DEFAULT_INTERVAL;
  self->timeout = DEFAULT_TIMEOUT;
}

/**
 * sleek_ping_get_keepalive: (get-property keepalive)
 * @self: a [class@Sleek.Ping]
 *
 * Gets whether the plugin keeps the session alive with pings.
 *
 * Returns: whether keepalive pings are on
 */
gboolean
sleek_ping_get_keepalive (SleekPing *self)
{
  g_return_val_if_fail (SLEEK_IS_PING (self), FALSE);
  return self->keepalive;
}

/**
 * sleek_ping_set_keepalive: (set-property keepalive)
 * @self: a [class@Sleek.Ping]
 * @keepalive: whether to ping the server during sessions
 *
 * Turns keepalive pings on or off; on during a session, the first ping
 * goes [property@Sleek.Ping:interval] seconds later. Off, the ping in
 * flight no longer counts.
 */
void
sleek_ping_set_keepalive (SleekPing *self, gboolean keepalive)
{
  g_return_if_fail (SLEEK_IS_PING (self));

  keepalive = !!keepalive;
  if (self->keepalive == keepalive)
    return;
  self->keepalive = keepalive;
  keepalive_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEPALIVE]);
}

/* A change restarts the timer of a running session. */
static void
set_seconds (SleekPing *self, guint *field, guint seconds, guint prop_id)
{
  if (*field == seconds)
    return;
  *field = seconds;
  if (self->keepalive)
    keepalive_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * sleek_ping_get_interval: (get-property interval)
 * @self: a [class@Sleek.Ping]
 *
 * Gets the time between keepalive pings.
 *
 * Returns: the interval in seconds
 */
guint
sleek_ping_get_interval (SleekPing *self)
{
  g_return_val_if_fail (SLEEK_IS_PING (self), 0);
  return self->interval;
}

/**
 * sleek_ping_set_interval: (set-property interval)
 * @self: a [class@Sleek.Ping]
 * @seconds: the time between keepalive pings, from 1 to 86400
 *
 * Sets the time between keepalive pings.
 */
void
sleek_ping_set_interval (SleekPing *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_PING (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_SECONDS);

  set_seconds (self, &self->interval, seconds, PROP_INTERVAL);
}

/**
 * sleek_ping_get_timeout: (get-property timeout)
 * @self: a [class@Sleek.Ping]
 *
 * Gets how long a keepalive ping may wait for its answer.
 *
 * Returns: the timeout in seconds
 */
guint
sleek_ping_get_timeout (SleekPing *self)
{
  g_return_val_if_fail (SLEEK_IS_PING (self), 0);
  return self->timeout;
}

/**
 * sleek_ping_set_timeout: (set-property timeout)
 * @self: a [class@Sleek.Ping]
 * @seconds: how long a keepalive ping may wait for its answer, from 1 to
 *   86400
 *
 * Sets how long a keepalive ping may wait for its answer before the
 * connection counts as dead.
 */
void
sleek_ping_set_timeout (SleekPing *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_PING (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_SECONDS);

  set_seconds (self, &self->timeout, seconds, PROP_TIMEOUT);
}

/* Pinging */

static void
on_pong (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  gint64 *sent = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The task data now holds the round-trip time. */
  *sent = MAX (g_get_monotonic_time () - *sent, 0);
  g_task_return_boolean (task, TRUE);
}

/**
 * sleek_ping_ping_async:
 * @self: an enabled [class@Sleek.Ping]
 * @jid: (nullable): the entity to ping, or %NULL for our server
 * @timeout_ms: how long to wait for the answer, in milliseconds; 0 for
 *   [property@Sleek.BaseXmpp:iq-timeout]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Pings an entity and measures how long its answer takes.
 */
void
sleek_ping_ping_async (SleekPing *self, SleekJid *jid, guint timeout_ms, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  gint64 *sent;

  g_return_if_fail (SLEEK_IS_PING (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_ping_ping_async);
  sent = g_new (gint64, 1);
  *sent = g_get_monotonic_time ();
  g_task_set_task_data (task, sent, g_free);
  sleek_plugin_send_query (SLEEK_PLUGIN (self), g_steal_pointer (&task), jid, "ping", SLEEK_NS_PING, timeout_ms,
                           on_pong);
}

/**
 * sleek_ping_ping_finish:
 * @self: a [class@Sleek.Ping]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   entity answered, %G_IO_ERROR_TIMED_OUT when no answer came in time,
 *   or another reason the answer did not come
 *
 * Finishes [method@Sleek.Ping.ping_async].
 *
 * Returns: the round-trip time in microseconds, or -1 on error
 */
gint64
sleek_ping_ping_finish (SleekPing *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_ping_ping_async, -1);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return -1;
  return *(gint64 *) g_task_get_task_data (G_TASK (result));
}
