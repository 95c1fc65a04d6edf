/* sleek-xep-0280-carbons.c: XEP-0280 Message Carbons
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0297-forward.h"
#include "sleek-xep-0280-carbons.h"
#include "sleek-inline-private.h"

/**
 * SleekCarbons:
 *
 * The `xep_0280` plugin: XEP-0280 Message Carbons.
 *
 * Once [method@Sleek.Carbons.enable_async] succeeded, the server copies
 * to this session the chat messages our other sessions send and receive.
 * The plugin unwraps each copy and hands the message inside to
 * [signal@Sleek.Carbons::carbon-received] (a message one of our other
 * sessions received) or [signal@Sleek.Carbons::carbon-sent] (a message
 * one of them sent). The wrapper itself still reaches
 * [signal@Sleek.BaseXmpp::message], as a message without a body.
 *
 * A copy counts only when it comes from our own bare JID (or without a
 * `from`, which is the same): anybody can send us a message that looks
 * like a carbon, to make us believe our contact wrote what they did not.
 * Such messages are ignored, with a debug message.
 *
 * [method@Sleek.Message.set_carbons_private] keeps a message we send from
 * being copied. It depends on `xep_0030` and on `xep_0297`, whose
 * [class@Sleek.Forwarded] reads the copies.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0280", &error);
 * carbons = SLEEK_CARBONS (sleek_base_xmpp_get_plugin (xmpp, "xep_0280"));
 * g_signal_connect (carbons, "carbon-received", G_CALLBACK (on_received_elsewhere), data);
 * g_signal_connect (carbons, "carbon-sent", G_CALLBACK (on_sent_elsewhere), data);
 * // Once the session started:
 * sleek_carbons_enable_async (carbons, NULL, on_enabled, data);
 * ```
 */
struct _SleekCarbons
{
  SleekPlugin parent_instance;

  gboolean enabled;
  gulong session_end_id;
};

enum {
  PROP_0,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CARBON_RECEIVED,
  SIGNAL_CARBON_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekCarbons, sleek_carbons, SLEEK_TYPE_PLUGIN)

static void
set_enabled (SleekCarbons *self, gboolean enabled)
{
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/* Whether @from, the sender of a carbon, is our own account. */
static gboolean
from_own_account (SleekBaseXmpp *xmpp, SleekStanza *stanza)
{
  SleekJid *own = sleek_base_xmpp_get_bound_jid (xmpp);
  SleekJid *from;

  if (sleek_stanza_get_string (stanza, "from") == NULL)
    return TRUE;
  from = sleek_stanza_get_from (stanza);
  if (own == NULL)
    own = sleek_base_xmpp_get_jid (xmpp);
  return from != NULL && own != NULL && sleek_jid_is_bare (from) && sleek_jid_equal_bare (from, own);
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekCarbons *self = SLEEK_CARBONS (user_data);
  SleekNode *node = sleek_stanza_get_node (stanza);
  SleekNode *wrapper, *forwarded_node;
  g_autoptr(SleekStanza) forwarded = NULL;
  g_autoptr(SleekStanza) inner = NULL;
  guint signal;

  if (!SLEEK_IS_MESSAGE (stanza))
    return;
  if ((wrapper = sleek_node_get_child (node, "received", SLEEK_NS_CARBONS)) != NULL)
    signal = signals[SIGNAL_CARBON_RECEIVED];
  else if ((wrapper = sleek_node_get_child (node, "sent", SLEEK_NS_CARBONS)) != NULL)
    signal = signals[SIGNAL_CARBON_SENT];
  else
    return;

  if (!from_own_account (SLEEK_BASE_XMPP (stream), stanza))
    {
      g_debug ("Ignored a message carbon from %s, which is not our account",
               sleek_stanza_get_string (stanza, "from"));
      return;
    }
  forwarded_node = sleek_node_get_child (wrapper, "forwarded", SLEEK_NS_FORWARD);
  if (forwarded_node != NULL)
    forwarded = sleek_stanza_new_for_node (forwarded_node);
  if (forwarded != NULL && SLEEK_IS_FORWARDED (forwarded))
    inner = sleek_forwarded_get_stanza (SLEEK_FORWARDED (forwarded));
  if (inner == NULL || !SLEEK_IS_MESSAGE (inner))
    {
      g_debug ("Ignored a message carbon without a forwarded message");
      return;
    }
  g_signal_emit (self, signal, 0, inner);
}

static void
on_session_end (SleekBaseXmpp *xmpp, gpointer user_data)
{
  /* The server forgets it with the session. */
  set_enabled (SLEEK_CARBONS (user_data), FALSE);
}

/**
 * sleek_carbons_get_enabled: (get-property enabled)
 * @self: a [class@Sleek.Carbons]
 *
 * Whether the server agreed to send this session carbons.
 *
 * Returns: %TRUE after [method@Sleek.Carbons.enable_async] succeeded,
 *   until [method@Sleek.Carbons.disable_async] does or the session ends
 */
gboolean
sleek_carbons_get_enabled (SleekCarbons *self)
{
  g_return_val_if_fail (SLEEK_IS_CARBONS (self), FALSE);

  return self->enabled;
}

static void
on_toggle_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekCarbons *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_enabled (self, GPOINTER_TO_INT (g_task_get_task_data (task)));
  g_task_return_boolean (task, TRUE);
}

static void
toggle (SleekCarbons *self, gboolean enable, gpointer source_tag, GCancellable *cancellable,
        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekIq) iq = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (enable), NULL);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  payload = sleek_node_new (enable ? "enable" : "disable", SLEEK_NS_CARBONS);
  iq = sleek_base_xmpp_make_iq (xmpp, "set", NULL, payload);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, cancellable, on_toggle_answer, g_steal_pointer (&task));
}

/**
 * sleek_carbons_enable_async:
 * @self: an enabled [class@Sleek.Carbons]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks our server to send this session carbons of our other sessions'
 * messages, for the rest of the session.
 */
void
sleek_carbons_enable_async (SleekCarbons *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_CARBONS (self));

  toggle (self, TRUE, sleek_carbons_enable_async, cancellable, callback, user_data);
}

/**
 * sleek_carbons_enable_finish:
 * @self: a [class@Sleek.Carbons]
 * @result: the result
 * @error: return location for a [error@Sleek.StanzaError] the server
 *   answered (`service-unavailable` when it has no carbons), or why no
 *   answer came
 *
 * Finishes [method@Sleek.Carbons.enable_async].
 *
 * Returns: %TRUE when carbons are on
 */
gboolean
sleek_carbons_enable_finish (SleekCarbons *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_carbons_enable_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_carbons_disable_async:
 * @self: an enabled [class@Sleek.Carbons]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks our server to stop sending this session carbons.
 */
void
sleek_carbons_disable_async (SleekCarbons *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_CARBONS (self));

  toggle (self, FALSE, sleek_carbons_disable_async, cancellable, callback, user_data);
}

/**
 * sleek_carbons_disable_finish:
 * @self: a [class@Sleek.Carbons]
 * @result: the result
 * @error: return location for a [error@Sleek.StanzaError] the server
 *   answered, or why no answer came
 *
 * Finishes [method@Sleek.Carbons.disable_async].
 *
 * Returns: %TRUE when carbons are off
 */
gboolean
sleek_carbons_disable_finish (SleekCarbons *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_carbons_disable_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_message_get_carbons_private:
 * @message: a [class@Sleek.Message]
 *
 * Whether @message asks not to be copied by carbons: whether it carries
 * `<private xmlns='urn:xmpp:carbons:2'/>`.
 *
 * Returns: %TRUE when it does
 */
gboolean
sleek_message_get_carbons_private (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);

  return sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), "private", SLEEK_NS_CARBONS) != NULL;
}

/**
 * sleek_message_set_carbons_private:
 * @message: a [class@Sleek.Message] we are about to send
 * @is_private: whether our other sessions should not get a copy
 *
 * Keeps @message from being copied to our other sessions (and to the
 * recipient's), with `<private xmlns='urn:xmpp:carbons:2'/>` and the
 * XEP-0334 hint `<no-copy xmlns='urn:xmpp:hints'/>` that the XEP asks
 * for alongside it; %FALSE removes both.
 */
void
sleek_message_set_carbons_private (SleekMessage *message, gboolean is_private)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  sleek_node_remove_children (node, "private", SLEEK_NS_CARBONS);
  sleek_node_remove_children (node, "no-copy", SLEEK_NS_HINTS);
  if (!is_private)
    return;
  sleek_node_add_child_new (node, "private", SLEEK_NS_CARBONS);
  sleek_node_add_child_new (node, "no-copy", SLEEK_NS_HINTS);
}

/* SleekPlugin */

static void
sleek_carbons_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekCarbons *self = SLEEK_CARBONS (plugin);

  sleek_plugin_handle_messages (plugin, on_message);
  self->session_end_id = g_signal_connect (xmpp, "session-end", G_CALLBACK (on_session_end), self);
}

static void
sleek_carbons_plugin_end (SleekPlugin *plugin)
{
  SleekCarbons *self = SLEEK_CARBONS (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (xmpp != NULL)
    g_clear_signal_handler (&self->session_end_id, xmpp);
  set_enabled (self, FALSE);
}

/* GObject */

static void
sleek_carbons_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekCarbons *self = SLEEK_CARBONS (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_carbons_class_init (SleekCarbonsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->get_property = sleek_carbons_get_property;
  plugin_class->plugin_init = sleek_carbons_plugin_init;
  plugin_class->plugin_end = sleek_carbons_plugin_end;

  /**
   * SleekCarbons:enabled: (getter get_enabled)
   *
   * Whether the server sends this session carbons.
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekCarbons::carbon-received:
   * @self: the plugin
   * @message: the message one of our other sessions received, unwrapped
   *
   * A copy of a message one of our other sessions received arrived, from
   * our own account.
   */
  signals[SIGNAL_CARBON_RECEIVED] =
    g_signal_new ("carbon-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_MESSAGE);
  /**
   * SleekCarbons::carbon-sent:
   * @self: the plugin
   * @message: the message one of our other sessions sent, unwrapped
   *
   * A copy of a message one of our other sessions sent arrived, from our
   * own account.
   */
  signals[SIGNAL_CARBON_SENT] =
    g_signal_new ("carbon-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_MESSAGE);
}

static void
sleek_carbons_init (SleekCarbons *self)
{
}

void
sleek_carbons_inline_enabled (SleekCarbons *self)
{
  set_enabled (self, TRUE);
}
