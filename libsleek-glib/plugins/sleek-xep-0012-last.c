/* sleek-xep-0012-last.c: XEP-0012 Last Activity
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0012-last.h"

/**
 * SleekLastActivity:
 *
 * The `xep_0012` plugin: XEP-0012 Last Activity.
 *
 * It answers `jabber:iq:last` queries with the number of seconds since
 * our last activity and, when set, [property@Sleek.LastActivity:status];
 * advertises `jabber:iq:last` through the `xep_0030` plugin it depends
 * on; and asks other entities with
 * [method@Sleek.LastActivity.get_last_activity_async]. Asked of a full
 * JID, the answer is the idle time of that client; of a server, its
 * uptime; of a bare JID, the time since that account went offline.
 *
 * Until the application calls [method@Sleek.LastActivity.set_idle], the
 * last activity is when the plugin was created, so a component or bot
 * answers its uptime.
 *
 * ```c
 * static void
 * on_last (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *status = NULL;
 *   gint64 seconds = sleek_last_activity_get_last_activity_finish (SLEEK_LAST_ACTIVITY (source), result,
 *                                                                  &status, &error);
 *
 *   if (seconds < 0)
 *     g_printerr ("no answer: %s\n", error->message);
 *   else
 *     g_print ("idle for %" G_GINT64_FORMAT " s (%s)\n", seconds, status ? status : "no status");
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0012", &error);
 * last = SLEEK_LAST_ACTIVITY (sleek_base_xmpp_get_plugin (xmpp, "xep_0012"));
 * // Our own answer: away for five minutes.
 * sleek_last_activity_set_idle (last, 300, "Gone fishing");
 * // Ask a contact's client.
 * sleek_last_activity_get_last_activity_async (last, romeo_full_jid, NULL, on_last, NULL);
 * ```
 */
struct _SleekLastActivity
{
  SleekPlugin parent_instance;
  gint64 last;        /* monotonic, µs */
  char *status;
};

G_DEFINE_FINAL_TYPE (SleekLastActivity, sleek_last_activity, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_last_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekLastActivity *self = SLEEK_LAST_ACTIVITY (user_data);
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(SleekNode) query = NULL;
  char seconds[32];

  if (!SLEEK_IS_IQ (stanza))
    return;
  g_snprintf (seconds, sizeof seconds, "%" G_GUINT64_FORMAT, sleek_last_activity_get_idle (self));
  query = sleek_node_new ("query", SLEEK_NS_LAST);
  sleek_node_set_attribute (query, "seconds", seconds);
  if (self->status != NULL)
    sleek_node_set_text (query, self->status);
  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_iq_set_payload (SLEEK_IQ (reply), query);
  sleek_xml_stream_send (stream, reply);
}

static void
sleek_last_activity_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_answer_get (plugin, "query", SLEEK_NS_LAST, on_last_request);
}

static void
sleek_last_activity_plugin_end (SleekPlugin *plugin)
{
  /* The handler goes with the plugin. */
  sleek_plugin_withdraw (plugin, SLEEK_NS_LAST);
}

static void
sleek_last_activity_finalize (GObject *object)
{
  SleekLastActivity *self = SLEEK_LAST_ACTIVITY (object);

  g_free (self->status);
  G_OBJECT_CLASS (sleek_last_activity_parent_class)->finalize (object);
}

static void
sleek_last_activity_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekLastActivity *self = SLEEK_LAST_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_last_activity_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekLastActivity *self = SLEEK_LAST_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      sleek_last_activity_set_status (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_last_activity_class_init (SleekLastActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_last_activity_finalize;
  object_class->get_property = sleek_last_activity_get_property;
  object_class->set_property = sleek_last_activity_set_property;
  plugin_class->plugin_init = sleek_last_activity_plugin_init;
  plugin_class->plugin_end = sleek_last_activity_plugin_end;

  /**
   * SleekLastActivity:status: (getter get_status) (setter set_status)
   *
   * The status text we answer with the idle time, or %NULL (the
   * default) for none.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_last_activity_init (SleekLastActivity *self)
{
  self->last = g_get_monotonic_time ();
}

/**
 * sleek_last_activity_set_idle:
 * @self: a [class@Sleek.LastActivity]
 * @seconds: how long ago the last activity was, 0 for now
 * @status: (nullable): the status text to answer, or %NULL for none
 *
 * Records our last activity: from now on, queries are answered with
 * @seconds plus the time that has passed since this call, and @status.
 */
void
sleek_last_activity_set_idle (SleekLastActivity *self, guint64 seconds, const char *status)
{
  g_return_if_fail (SLEEK_IS_LAST_ACTIVITY (self));
  g_return_if_fail (seconds <= G_MAXINT64 / G_USEC_PER_SEC);

  self->last = g_get_monotonic_time () - (gint64) seconds * G_USEC_PER_SEC;
  sleek_last_activity_set_status (self, status);
}

/**
 * sleek_last_activity_get_idle:
 * @self: a [class@Sleek.LastActivity]
 *
 * Gets the number of seconds since our last activity, as we would
 * answer now.
 *
 * Returns: the seconds
 */
guint64
sleek_last_activity_get_idle (SleekLastActivity *self)
{
  gint64 idle;

  g_return_val_if_fail (SLEEK_IS_LAST_ACTIVITY (self), 0);

  idle = g_get_monotonic_time () - self->last;
  return idle > 0 ? (guint64) (idle / G_USEC_PER_SEC) : 0;
}

/**
 * sleek_last_activity_get_status: (get-property status)
 * @self: a [class@Sleek.LastActivity]
 *
 * Gets the status text we answer.
 *
 * Returns: (nullable): the status, or %NULL for none
 */
const char *
sleek_last_activity_get_status (SleekLastActivity *self)
{
  g_return_val_if_fail (SLEEK_IS_LAST_ACTIVITY (self), NULL);
  return self->status;
}

/**
 * sleek_last_activity_set_status: (set-property status)
 * @self: a [class@Sleek.LastActivity]
 * @status: (nullable): the status text, or %NULL for none
 *
 * Sets the status text we answer, leaving the idle time as it is.
 */
void
sleek_last_activity_set_status (SleekLastActivity *self, const char *status)
{
  g_return_if_fail (SLEEK_IS_LAST_ACTIVITY (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* What we ask */

typedef struct {
  gint64 seconds;
  char *status;
} LastAnswer;

static void
last_answer_free (LastAnswer *answer)
{
  g_free (answer->status);
  g_free (answer);
}

static void
on_last_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) iq = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekNode *query;
  const char *seconds;
  guint64 value;
  LastAnswer *answer;
  const char *text;

  if (iq == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (iq)), "query", SLEEK_NS_LAST);
  if (query == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The answer holds no last activity"));
      return;
    }
  seconds = sleek_node_get_attribute (query, "seconds");
  if (seconds == NULL || !g_ascii_string_to_unsigned (seconds, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The last activity answer holds no valid number of seconds"));
      return;
    }
  answer = g_new0 (LastAnswer, 1);
  answer->seconds = (gint64) value;
  text = sleek_node_get_text (query);
  if (text != NULL && *text != '\0')
    answer->status = g_strdup (text);
  g_task_return_pointer (task, answer, (GDestroyNotify) last_answer_free);
}

/**
 * sleek_last_activity_get_last_activity_async:
 * @self: an enabled [class@Sleek.LastActivity]
 * @jid: (nullable): the entity to ask, or %NULL for our server
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks an entity how long ago its last activity was: the idle time of a
 * client (full JID), the uptime of a server, or the time since an
 * account went offline (bare JID).
 */
void
sleek_last_activity_get_last_activity_async (SleekLastActivity *self, SleekJid *jid, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_LAST_ACTIVITY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_last_activity_get_last_activity_async);
  sleek_plugin_send_query (SLEEK_PLUGIN (self), g_steal_pointer (&task), jid, "query", SLEEK_NS_LAST, 0, on_last_answer);
}

/**
 * sleek_last_activity_get_last_activity_finish:
 * @self: a [class@Sleek.LastActivity]
 * @result: the result
 * @status: (out) (optional) (nullable) (transfer full): return location
 *   for the status text of the answer, %NULL when it had none
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   entity answered, %G_IO_ERROR_INVALID_DATA for an answer without a
 *   valid number of seconds, or why no answer came
 *
 * Finishes [method@Sleek.LastActivity.get_last_activity_async].
 *
 * Returns: the seconds since the entity's last activity, or -1 with
 *   @error set
 */
gint64
sleek_last_activity_get_last_activity_finish (SleekLastActivity *self, GAsyncResult *result, char **status,
                                              GError **error)
{
  LastAnswer *answer;
  gint64 seconds;

  if (status != NULL)
    *status = NULL;
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_last_activity_get_last_activity_async, -1);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return -1;
  seconds = answer->seconds;
  if (status != NULL)
    *status = g_steal_pointer (&answer->status);
  last_answer_free (answer);
  return seconds;
}
