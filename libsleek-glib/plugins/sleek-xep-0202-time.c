/* sleek-xep-0202-time.c: XEP-0202 Entity Time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0082-datetime-private.h"
#include "sleek-xep-0202-time.h"

/**
 * SleekEntityTime:
 *
 * The `xep_0202` plugin: XEP-0202 Entity Time.
 *
 * It answers `urn:xmpp:time` queries with our local time (the offset
 * from UTC in `<tzo/>`, the moment in UTC in `<utc/>`), advertises
 * `urn:xmpp:time` through the `xep_0030` plugin it depends on, and asks
 * other entities with [method@Sleek.EntityTime.get_time_async]. It also
 * depends on `xep_0082`, whose functions read and write the times.
 *
 * Tests and applications that want to answer a given time set
 * [property@Sleek.EntityTime:fixed-time].
 *
 * ```c
 * static void
 * on_time (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(GDateTime) when = sleek_entity_time_get_time_finish (SLEEK_ENTITY_TIME (source), result, &error);
 *   g_autofree char *text = NULL;
 *
 *   if (when == NULL)
 *     return;
 *   text = g_date_time_format (when, "%H:%M %:z");   // their local time and offset
 *   g_print ("it is %s there\n", text);
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0202", &error);
 * time = SLEEK_ENTITY_TIME (sleek_base_xmpp_get_plugin (xmpp, "xep_0202"));
 * sleek_entity_time_get_time_async (time, romeo_full_jid, NULL, on_time, NULL);
 * ```
 */
struct _SleekEntityTime
{
  SleekPlugin parent_instance;
  GDateTime *fixed_time;
};

G_DEFINE_FINAL_TYPE (SleekEntityTime, sleek_entity_time, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_FIXED_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_time_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekEntityTime *self = SLEEK_ENTITY_TIME (user_data);
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(SleekNode) time = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *tzo = NULL;
  g_autofree char *utc = NULL;

  if (!SLEEK_IS_IQ (stanza))
    return;
  now = self->fixed_time != NULL ? g_date_time_ref (self->fixed_time) : g_date_time_new_now_local ();
  tzo = sleek_datetime_format_offset (now);
  utc = sleek_datetime_format (now);
  time = sleek_node_new ("time", SLEEK_NS_TIME);
  sleek_node_set_child_text (time, "tzo", SLEEK_NS_TIME, tzo);
  sleek_node_set_child_text (time, "utc", SLEEK_NS_TIME, utc);
  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_iq_set_payload (SLEEK_IQ (reply), time);
  sleek_xml_stream_send (stream, reply);
}

static void
sleek_entity_time_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_answer_get (plugin, "time", SLEEK_NS_TIME, on_time_request);
}

static void
sleek_entity_time_plugin_end (SleekPlugin *plugin)
{
  /* The handler goes with the plugin. */
  sleek_plugin_withdraw (plugin, SLEEK_NS_TIME);
}

static void
sleek_entity_time_finalize (GObject *object)
{
  SleekEntityTime *self = SLEEK_ENTITY_TIME (object);

  g_clear_pointer (&self->fixed_time, g_date_time_unref);
  G_OBJECT_CLASS (sleek_entity_time_parent_class)->finalize (object);
}

static void
sleek_entity_time_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekEntityTime *self = SLEEK_ENTITY_TIME (object);

  switch (prop_id)
    {
    case PROP_FIXED_TIME:
      g_value_set_boxed (value, self->fixed_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_entity_time_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekEntityTime *self = SLEEK_ENTITY_TIME (object);

  switch (prop_id)
    {
    case PROP_FIXED_TIME:
      sleek_entity_time_set_fixed_time (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_entity_time_class_init (SleekEntityTimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_entity_time_finalize;
  object_class->get_property = sleek_entity_time_get_property;
  object_class->set_property = sleek_entity_time_set_property;
  plugin_class->plugin_init = sleek_entity_time_plugin_init;
  plugin_class->plugin_end = sleek_entity_time_plugin_end;

  /**
   * SleekEntityTime:fixed-time: (getter get_fixed_time) (setter set_fixed_time)
   *
   * The time we answer, in the offset we announce, or %NULL (the
   * default) to answer the current local time.
   */
  properties[PROP_FIXED_TIME] =
    g_param_spec_boxed ("fixed-time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_entity_time_init (SleekEntityTime *self)
{
}

/**
 * sleek_entity_time_get_fixed_time: (get-property fixed-time)
 * @self: a [class@Sleek.EntityTime]
 *
 * Gets the time we answer instead of the current one.
 *
 * Returns: (nullable) (transfer none): the time, or %NULL when we answer
 *   the current local time
 */
GDateTime *
sleek_entity_time_get_fixed_time (SleekEntityTime *self)
{
  g_return_val_if_fail (SLEEK_IS_ENTITY_TIME (self), NULL);
  return self->fixed_time;
}

/**
 * sleek_entity_time_set_fixed_time: (set-property fixed-time)
 * @self: a [class@Sleek.EntityTime]
 * @time: (nullable): the time to answer, in the offset to announce, or
 *   %NULL for the current local time
 *
 * Sets the time we answer instead of the current one.
 */
void
sleek_entity_time_set_fixed_time (SleekEntityTime *self, GDateTime *time)
{
  g_return_if_fail (SLEEK_IS_ENTITY_TIME (self));

  if (time == self->fixed_time ||
      (time != NULL && self->fixed_time != NULL && g_date_time_equal (time, self->fixed_time) &&
       g_date_time_get_utc_offset (time) == g_date_time_get_utc_offset (self->fixed_time)))
    return;
  g_clear_pointer (&self->fixed_time, g_date_time_unref);
  if (time != NULL)
    self->fixed_time = g_date_time_ref (time);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIXED_TIME]);
}

/* What we ask */

static void
on_time_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  SleekNode *time;
  const char *tzo;
  const char *utc_text;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  time = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "time", SLEEK_NS_TIME);
  if (time == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The answer holds no entity time"));
      return;
    }
  tzo = sleek_node_get_child_text (time, "tzo", SLEEK_NS_TIME);
  utc_text = sleek_node_get_child_text (time, "utc", SLEEK_NS_TIME);
  if (tzo == NULL || (tz = sleek_datetime_parse_tzd (tzo)) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The entity time answer holds no valid offset"));
      return;
    }
  if (utc_text == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The entity time answer holds no time"));
      return;
    }
  utc = sleek_datetime_parse (utc_text, &error);
  if (utc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_date_time_to_timezone (utc, tz), (GDestroyNotify) g_date_time_unref);
}

/**
 * sleek_entity_time_get_time_async:
 * @self: an enabled [class@Sleek.EntityTime]
 * @jid: (nullable): the entity to ask, or %NULL for our server
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks an entity what time it is there.
 */
void
sleek_entity_time_get_time_async (SleekEntityTime *self, SleekJid *jid, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_ENTITY_TIME (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_entity_time_get_time_async);
  sleek_plugin_send_query (SLEEK_PLUGIN (self), g_steal_pointer (&task), jid, "time", SLEEK_NS_TIME, 0, on_time_answer);
}

/**
 * sleek_entity_time_get_time_finish:
 * @self: a [class@Sleek.EntityTime]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   entity answered, %G_IO_ERROR_INVALID_DATA for an answer without a
 *   valid time or offset, or why no answer came
 *
 * Finishes [method@Sleek.EntityTime.get_time_async].
 *
 * Returns: (transfer full): the entity's time, in the offset from UTC it
 *   announced
 */
GDateTime *
sleek_entity_time_get_time_finish (SleekEntityTime *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_entity_time_get_time_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
