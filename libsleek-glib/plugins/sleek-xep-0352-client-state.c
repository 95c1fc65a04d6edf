/* sleek-xep-0352-client-state.c: XEP-0352 Client State Indication
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"
#include "sleek-plugin-private.h"
#include "sleek-xep-0352-client-state.h"
#include "sleek-inline-private.h"

/**
 * SleekClientStateIndication:
 *
 * The `xep_0352` plugin: XEP-0352 Client State Indication.
 *
 * A client tells its server whether the user is looking at it:
 * [method@Sleek.ClientStateIndication.set_inactive] when the application goes to
 * the background, [method@Sleek.ClientStateIndication.set_active] when it comes
 * back. While we are inactive, the server may hold back or drop what is
 * not urgent (presence updates, chat states) to save bandwidth and
 * battery; messages still come.
 *
 * Servers that support it offer the `<csi xmlns='urn:xmpp:csi:0'/>`
 * stream feature, which [property@Sleek.ClientStateIndication:available] reflects.
 * Every stream starts active, a resumed one too: when the state is
 * inactive, the plugin says so again on each new stream whose server
 * offers the feature, after a reconnection for instance. On a stream
 * without the feature, the calls fail with %G_IO_ERROR_NOT_SUPPORTED and
 * change nothing. Between connections they only change the state, which
 * the next stream gets.
 *
 * The plugin works on a [class@Sleek.ClientXmpp] only.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0352", &error);
 * csi = SLEEK_CLIENT_STATE_INDICATION (sleek_base_xmpp_get_plugin (xmpp, "xep_0352"));
 *
 * // The window lost the focus:
 * if (!sleek_client_state_indication_set_inactive (csi, &error))
 *   g_debug ("No client state indication: %s", error->message);
 * ```
 */
struct _SleekClientStateIndication
{
  SleekPlugin parent_instance;

  gboolean active;
  gboolean available;            /* offered on the current stream */
  SleekStreamFeature *feature;   /* while enabled on a client */
};

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SleekClientStateIndication, sleek_client_state_indication, SLEEK_TYPE_PLUGIN)

static void
send_state (SleekClientStateIndication *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  sleek_xml_stream_send_raw (SLEEK_XML_STREAM (xmpp),
                             self->active ? "<active xmlns='" SLEEK_NS_CSI "'/>"
                                          : "<inactive xmlns='" SLEEK_NS_CSI "'/>");
}

static void
set_available (SleekClientStateIndication *self, gboolean available)
{
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* The stream feature: nothing to negotiate, the offer is what counts. It
 * comes after binding (and stream management), so that the state can go
 * out at once. */

#define SLEEK_TYPE_CSI_FEATURE (sleek_csi_feature_get_type ())
G_DECLARE_FINAL_TYPE (SleekCsiFeature, sleek_csi_feature, SLEEK, CSI_FEATURE, SleekStreamFeature)

struct _SleekCsiFeature {
  SleekStreamFeature parent_instance;
  SleekClientStateIndication *plugin;   /* NULL once the plugin ended */
};

G_DEFINE_FINAL_TYPE (SleekCsiFeature, sleek_csi_feature, SLEEK_TYPE_STREAM_FEATURE)

static void
sleek_csi_feature_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  SleekClientStateIndication *self = SLEEK_CSI_FEATURE (feature)->plugin;
  g_autoptr(GTask) task = g_task_new (feature, cancellable, callback, user_data);

  g_task_set_source_tag (task, sleek_csi_feature_negotiate_async);
  if (self != NULL)
    {
      set_available (self, TRUE);
      /* A new stream starts active. */
      if (!self->active)
        send_state (self);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
sleek_csi_feature_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_csi_feature_class_init (SleekCsiFeatureClass *klass)
{
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = sleek_csi_feature_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = sleek_csi_feature_negotiate_finish;
}

static void
sleek_csi_feature_init (SleekCsiFeature *self)
{
}

/* SleekPlugin */

static void
on_disconnected (SleekXmlStream *stream, const GError *error, gpointer user_data)
{
  set_available (SLEEK_CLIENT_STATE_INDICATION (user_data), FALSE);
}

static void
sleek_client_state_indication_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekClientStateIndication *self = SLEEK_CLIENT_STATE_INDICATION (plugin);
  SleekCsiFeature *feature;

  if (!SLEEK_IS_CLIENT_XMPP (xmpp))
    return;
  /* After binding (10000), the legacy session (10001) and stream
   * management (10002). */
  feature = g_object_new (SLEEK_TYPE_CSI_FEATURE, "name", "csi", "element-name", "csi",
                          "element-namespace", SLEEK_NS_CSI, "order", 10003, "restart", FALSE, NULL);
  feature->plugin = self;
  self->feature = SLEEK_STREAM_FEATURE (feature);
  sleek_client_xmpp_register_feature (SLEEK_CLIENT_XMPP (xmpp), self->feature);
  g_signal_connect_object (xmpp, "disconnected", G_CALLBACK (on_disconnected), self, G_CONNECT_DEFAULT);
}

static void
sleek_client_state_indication_plugin_end (SleekPlugin *plugin)
{
  SleekClientStateIndication *self = SLEEK_CLIENT_STATE_INDICATION (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  if (self->feature == NULL)
    return;
  g_signal_handlers_disconnect_by_data (xmpp, self);
  SLEEK_CSI_FEATURE (self->feature)->plugin = NULL;
  sleek_client_xmpp_unregister_feature (SLEEK_CLIENT_XMPP (xmpp), sleek_stream_feature_get_name (self->feature));
  g_clear_object (&self->feature);
  set_available (self, FALSE);
}

/* GObject */

static void
sleek_client_state_indication_dispose (GObject *object)
{
  SleekClientStateIndication *self = SLEEK_CLIENT_STATE_INDICATION (object);

  if (self->feature != NULL)
    SLEEK_CSI_FEATURE (self->feature)->plugin = NULL;
  g_clear_object (&self->feature);
  G_OBJECT_CLASS (sleek_client_state_indication_parent_class)->dispose (object);
}

static void
sleek_client_state_indication_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekClientStateIndication *self = SLEEK_CLIENT_STATE_INDICATION (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_client_state_indication_class_init (SleekClientStateIndicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_client_state_indication_dispose;
  object_class->get_property = sleek_client_state_indication_get_property;
  plugin_class->plugin_init = sleek_client_state_indication_plugin_init;
  plugin_class->plugin_end = sleek_client_state_indication_plugin_end;

  /**
   * SleekClientStateIndication:active: (getter get_active)
   *
   * Whether we told the server that the user is active, as every stream
   * starts; changed with [method@Sleek.ClientStateIndication.set_active] and
   * [method@Sleek.ClientStateIndication.set_inactive].
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekClientStateIndication:available: (getter get_available)
   *
   * Whether the server of the current stream offers client state
   * indication; %FALSE while disconnected.
   */
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_client_state_indication_init (SleekClientStateIndication *self)
{
  self->active = TRUE;
}

/**
 * sleek_client_state_indication_get_active: (get-property active)
 * @self: a [class@Sleek.ClientStateIndication]
 *
 * Gets the state we told the server, or will tell the next stream.
 *
 * Returns: whether the client is active
 */
gboolean
sleek_client_state_indication_get_active (SleekClientStateIndication *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_STATE_INDICATION (self), TRUE);
  return self->active;
}

/**
 * sleek_client_state_indication_get_available: (get-property available)
 * @self: a [class@Sleek.ClientStateIndication]
 *
 * Gets whether the server of the current stream offers client state
 * indication.
 *
 * Returns: whether the state can be told to the server
 */
gboolean
sleek_client_state_indication_get_available (SleekClientStateIndication *self)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_STATE_INDICATION (self), FALSE);
  return self->available;
}

static gboolean
set_state (SleekClientStateIndication *self, gboolean active, GError **error)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (xmpp == NULL || self->feature == NULL)
    {
      g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                   _("The plugin “%s” is not enabled on a client"), sleek_plugin_get_name (SLEEK_PLUGIN (self)));
      return FALSE;
    }
  /* A session whose server did not offer the feature: nothing to do. */
  if (!self->available && sleek_xml_stream_is_connected (SLEEK_XML_STREAM (xmpp)) &&
      sleek_base_xmpp_get_session_started (xmpp))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The server does not offer client state indication"));
      return FALSE;
    }
  if (self->active == active)
    return TRUE;
  self->active = active;
  if (self->available)
    send_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  return TRUE;
}

/**
 * sleek_client_state_indication_set_active:
 * @self: an enabled [class@Sleek.ClientStateIndication]
 * @error: return location for an error: %G_IO_ERROR_NOT_SUPPORTED when
 *   the server of the current session does not offer client state
 *   indication, %SLEEK_PLUGIN_ERROR_FAILED when the plugin is not enabled
 *   on a client
 *
 * Tells the server that the user is back, sending `<active/>` when the
 * state was inactive. Between connections, only the state changes.
 *
 * Returns: whether the state is now active
 */
gboolean
sleek_client_state_indication_set_active (SleekClientStateIndication *self, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_STATE_INDICATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_state (self, TRUE, error);
}

/**
 * sleek_client_state_indication_set_inactive:
 * @self: an enabled [class@Sleek.ClientStateIndication]
 * @error: return location for an error: %G_IO_ERROR_NOT_SUPPORTED when
 *   the server of the current session does not offer client state
 *   indication, %SLEEK_PLUGIN_ERROR_FAILED when the plugin is not enabled
 *   on a client
 *
 * Tells the server that the user is away from the client, sending
 * `<inactive/>` when the state was active. Between connections, only the
 * state changes; every later stream whose server offers the feature gets
 * `<inactive/>` until [method@Sleek.ClientStateIndication.set_active].
 *
 * Returns: whether the state is now inactive
 */
gboolean
sleek_client_state_indication_set_inactive (SleekClientStateIndication *self, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_CLIENT_STATE_INDICATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_state (self, FALSE, error);
}

const char *
sleek_client_state_indication_inline_state (SleekClientStateIndication *self)
{
  set_available (self, TRUE);
  return self->active ? "<active xmlns='" SLEEK_NS_CSI "'/>" : "<inactive xmlns='" SLEEK_NS_CSI "'/>";
}
