/* sleek-xep-0199-ping.c: XEP-0199 XMPP Ping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
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
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0199", &error);
 * ping = SLEEK_PING (sleek_base_xmpp_get_plugin (xmpp, "xep_0199"));
 * sleek_ping_ping_async (ping, NULL, 10000, NULL, on_pong, data);
 * ```
 *
 * Keepalive pings are not part of this plugin.
 */
struct _SleekPing
{
  SleekPlugin parent_instance;
};

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

static void
sleek_ping_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_answer_get (plugin, "ping", SLEEK_NS_PING, on_ping_request);
}

static void
sleek_ping_plugin_end (SleekPlugin *plugin)
{
  /* The handler goes with the plugin. */
  sleek_plugin_withdraw (plugin, SLEEK_NS_PING);
}

static void
sleek_ping_class_init (SleekPingClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_ping_plugin_init;
  plugin_class->plugin_end = sleek_ping_plugin_end;
}

static void
sleek_ping_init (SleekPing *self)
{
}

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
