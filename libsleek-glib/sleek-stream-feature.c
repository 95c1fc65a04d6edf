/* sleek-stream-feature.c: one negotiable stream feature
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"

/**
 * SleekStreamFeature:
 *
 * A stream feature the client negotiates when the server offers it in
 * `<stream:features/>`, as SleekXMPP's `register_feature()`: STARTTLS,
 * SASL, resource binding, the legacy session, and later stream management
 * or SASL2.
 *
 * Each feature names the element that offers it
 * ([property@Sleek.StreamFeature:element-name] in
 * [property@Sleek.StreamFeature:element-namespace]), an
 * [property@Sleek.StreamFeature:order] among the others (lower first), and
 * whether the stream restarts after it
 * ([property@Sleek.StreamFeature:restart]), in which case the feature
 * restarts it itself and the client waits for the new features. Add one to
 * a client with [method@Sleek.ClientXmpp.register_feature]; subclass it and
 * implement `negotiate_async`/`negotiate_finish`.
 */

typedef struct {
  char *name;
  char *element_name;
  char *element_ns;
  int order;
  gboolean restart;
} SleekStreamFeaturePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SleekStreamFeature, sleek_stream_feature, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ELEMENT_NAME,
  PROP_ELEMENT_NAMESPACE,
  PROP_ORDER,
  PROP_RESTART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sleek_stream_feature_finalize (GObject *object)
{
  SleekStreamFeaturePrivate *priv = sleek_stream_feature_get_instance_private (SLEEK_STREAM_FEATURE (object));

  g_free (priv->name);
  g_free (priv->element_name);
  g_free (priv->element_ns);
  G_OBJECT_CLASS (sleek_stream_feature_parent_class)->finalize (object);
}

static void
sleek_stream_feature_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekStreamFeaturePrivate *priv = sleek_stream_feature_get_instance_private (SLEEK_STREAM_FEATURE (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_ELEMENT_NAME:
      g_value_set_string (value, priv->element_name);
      break;
    case PROP_ELEMENT_NAMESPACE:
      g_value_set_string (value, priv->element_ns);
      break;
    case PROP_ORDER:
      g_value_set_int (value, priv->order);
      break;
    case PROP_RESTART:
      g_value_set_boolean (value, priv->restart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stream_feature_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekStreamFeaturePrivate *priv = sleek_stream_feature_get_instance_private (SLEEK_STREAM_FEATURE (object));

  switch (prop_id)
    {
    case PROP_NAME:
      priv->name = g_value_dup_string (value);
      break;
    case PROP_ELEMENT_NAME:
      priv->element_name = g_value_dup_string (value);
      break;
    case PROP_ELEMENT_NAMESPACE:
      priv->element_ns = g_value_dup_string (value);
      break;
    case PROP_ORDER:
      priv->order = g_value_get_int (value);
      break;
    case PROP_RESTART:
      priv->restart = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stream_feature_class_init (SleekStreamFeatureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_stream_feature_finalize;
  object_class->get_property = sleek_stream_feature_get_property;
  object_class->set_property = sleek_stream_feature_set_property;

  /**
   * SleekStreamFeature:name:
   *
   * The feature's name, such as `"starttls"` or `"bind"`.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamFeature:element-name:
   *
   * The local name of the element in `<stream:features/>` that offers it.
   */
  properties[PROP_ELEMENT_NAME] =
    g_param_spec_string ("element-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamFeature:element-namespace:
   *
   * The namespace of the element that offers it.
   */
  properties[PROP_ELEMENT_NAMESPACE] =
    g_param_spec_string ("element-namespace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamFeature:order:
   *
   * Where it comes among the features offered together: lower first.
   * STARTTLS is 0, SASL 100, resource binding 10000.
   */
  properties[PROP_ORDER] =
    g_param_spec_int ("order", NULL, NULL, G_MININT, G_MAXINT, 5000,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamFeature:restart:
   *
   * Whether the stream restarts once the feature is negotiated, so that
   * the server offers features anew.
   */
  properties[PROP_RESTART] =
    g_param_spec_boolean ("restart", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_stream_feature_init (SleekStreamFeature *self)
{
}

#define PRIV(self) ((SleekStreamFeaturePrivate *) sleek_stream_feature_get_instance_private (self))

/**
 * sleek_stream_feature_get_name:
 * @self: a feature
 *
 * Gets [property@Sleek.StreamFeature:name].
 *
 * Returns: (nullable): the name
 */
const char *
sleek_stream_feature_get_name (SleekStreamFeature *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_FEATURE (self), NULL);
  return PRIV (self)->name;
}

/**
 * sleek_stream_feature_get_element_name:
 * @self: a feature
 *
 * Gets [property@Sleek.StreamFeature:element-name].
 *
 * Returns: (nullable): the element's local name
 */
const char *
sleek_stream_feature_get_element_name (SleekStreamFeature *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_FEATURE (self), NULL);
  return PRIV (self)->element_name;
}

/**
 * sleek_stream_feature_get_element_namespace:
 * @self: a feature
 *
 * Gets [property@Sleek.StreamFeature:element-namespace].
 *
 * Returns: (nullable): the element's namespace
 */
const char *
sleek_stream_feature_get_element_namespace (SleekStreamFeature *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_FEATURE (self), NULL);
  return PRIV (self)->element_ns;
}

/**
 * sleek_stream_feature_get_order:
 * @self: a feature
 *
 * Gets [property@Sleek.StreamFeature:order].
 *
 * Returns: the order
 */
int
sleek_stream_feature_get_order (SleekStreamFeature *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_FEATURE (self), 0);
  return PRIV (self)->order;
}

/**
 * sleek_stream_feature_get_restart:
 * @self: a feature
 *
 * Gets [property@Sleek.StreamFeature:restart].
 *
 * Returns: whether the stream restarts after the feature
 */
gboolean
sleek_stream_feature_get_restart (SleekStreamFeature *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_FEATURE (self), FALSE);
  return PRIV (self)->restart;
}

/**
 * sleek_stream_feature_negotiate_async:
 * @self: a feature
 * @client: the client negotiating
 * @offer: the element of `<stream:features/>` that offers the feature
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when done
 * @user_data: data for @callback
 *
 * Negotiates the feature. The client calls this; a feature that restarts
 * the stream restarts it (and sends the new header) before it completes.
 */
void
sleek_stream_feature_negotiate_async (SleekStreamFeature *self, SleekClientXmpp *client, SleekNode *offer,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_STREAM_FEATURE (self));
  g_return_if_fail (offer != NULL);

  SLEEK_STREAM_FEATURE_GET_CLASS (self)->negotiate_async (self, client, offer, cancellable, callback, user_data);
}

/**
 * sleek_stream_feature_negotiate_finish:
 * @self: a feature
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.StreamFeature.negotiate_async].
 *
 * Returns: %TRUE when the feature was negotiated
 */
gboolean
sleek_stream_feature_negotiate_finish (SleekStreamFeature *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_FEATURE (self), FALSE);
  return SLEEK_STREAM_FEATURE_GET_CLASS (self)->negotiate_finish (self, result, error);
}
