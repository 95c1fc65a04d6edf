/* sleek-iq.c: <iq/> stanzas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-stanza-private.h"

#include <string.h>

#include <sleek/sleek-error-stanza.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-ns.h>

/**
 * SleekIq:
 *
 * An `<iq/>` stanza (RFC 6120 section 8.2.3): a request of type `get` or
 * `set` that is always answered by a `result` or an `error` with the same
 * id.
 *
 * The request or answer itself is the payload: the first child element
 * that is not the `<error/>`, such as `<query xmlns='jabber:iq:roster'/>`.
 * The `"error"` plugin is a [class@Sleek.ErrorStanza].
 */

struct _SleekIq
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekIq, sleek_iq, SLEEK_TYPE_STANZA)

enum {
  PROP_0,
  PROP_PAYLOAD,
  PROP_QUERY_NAMESPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const iq_types[] = {
  [SLEEK_IQ_TYPE_GET] = "get",
  [SLEEK_IQ_TYPE_SET] = "set",
  [SLEEK_IQ_TYPE_RESULT] = "result",
  [SLEEK_IQ_TYPE_ERROR] = "error",
};

static gboolean
is_error_element (SleekNode *iq,
                  SleekNode *child)
{
  return strcmp (sleek_node_get_name (child), "error") == 0 &&
         sleek_stanza_ns_equivalent (sleek_node_get_namespace (child), sleek_node_get_namespace (iq));
}

static void
sleek_iq_prepare_reply (SleekStanza *stanza,
                        SleekStanza *reply,
                        gboolean     clear)
{
  SLEEK_STANZA_CLASS (sleek_iq_parent_class)->prepare_reply (stanza, reply, clear);

  sleek_iq_set_iq_type (SLEEK_IQ (reply), SLEEK_IQ_TYPE_RESULT);
}

static void
sleek_iq_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SleekIq *self = SLEEK_IQ (object);

  switch (prop_id)
    {
    case PROP_PAYLOAD:
      g_value_set_boxed (value, sleek_iq_get_payload (self));
      break;
    case PROP_QUERY_NAMESPACE:
      g_value_set_string (value, sleek_iq_get_query_namespace (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_iq_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SleekIq *self = SLEEK_IQ (object);

  switch (prop_id)
    {
    case PROP_PAYLOAD:
      sleek_iq_set_payload (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_iq_class_init (SleekIqClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekStanzaClass *stanza_class = SLEEK_STANZA_CLASS (klass);

  object_class->get_property = sleek_iq_get_property;
  object_class->set_property = sleek_iq_set_property;

  stanza_class->prepare_reply = sleek_iq_prepare_reply;

  /**
   * SleekIq:payload: (getter get_payload) (setter set_payload)
   *
   * The first child element that is not the `<error/>`, or %NULL.
   * Setting it replaces every such child.
   */
  properties[PROP_PAYLOAD] =
    g_param_spec_boxed ("payload", NULL, NULL, SLEEK_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekIq:query-namespace: (getter get_query_namespace)
   *
   * The namespace of [property@Sleek.Iq:payload], such as
   * `"jabber:iq:roster"`, or %NULL when there is no payload.
   */
  properties[PROP_QUERY_NAMESPACE] =
    g_param_spec_string ("query-namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_iq_init (SleekIq *self)
{
}

/* Called once from sleek_stanza_ensure_builtins(). */
void
sleek_iq_register_builtin (void)
{
  GType type = SLEEK_TYPE_IQ;

  sleek_stanza_type_set_element (type, "iq", SLEEK_NS_CLIENT, "iq");
  sleek_stanza_register_type (type);
  sleek_stanza_register_plugin (type, SLEEK_TYPE_ERROR_STANZA);
}

/**
 * sleek_iq_new:
 * @type: (nullable): the type attribute: `get`, `set`, `result` or `error`
 *
 * Creates an empty `<iq xmlns='jabber:client'/>` of the given type.
 *
 * Returns: (transfer full): a new iq
 */
SleekIq *
sleek_iq_new (const char *type)
{
  SleekIq *self = g_object_new (SLEEK_TYPE_IQ, NULL);

  if (type != NULL)
    sleek_stanza_set_string (SLEEK_STANZA (self), "type", type);
  return self;
}

/**
 * sleek_iq_get_iq_type:
 * @self: a [class@Sleek.Iq]
 *
 * Gets the type of the iq. The `type` key and the
 * [property@Sleek.Stanza:type] property give the attribute as it is.
 *
 * Returns: the type; %SLEEK_IQ_TYPE_ERROR when the attribute is absent or
 *   unknown
 */
SleekIqType
sleek_iq_get_iq_type (SleekIq *self)
{
  const char *type;

  g_return_val_if_fail (SLEEK_IS_IQ (self), SLEEK_IQ_TYPE_ERROR);

  type = sleek_stanza_get_string (SLEEK_STANZA (self), "type");
  if (type == NULL)
    return SLEEK_IQ_TYPE_ERROR;
  for (guint i = 0; i < G_N_ELEMENTS (iq_types); i++)
    if (strcmp (type, iq_types[i]) == 0)
      return (SleekIqType) i;
  return SLEEK_IQ_TYPE_ERROR;
}

/**
 * sleek_iq_set_iq_type:
 * @self: a [class@Sleek.Iq]
 * @type: the new type
 *
 * Sets the `type` attribute.
 */
void
sleek_iq_set_iq_type (SleekIq     *self,
                      SleekIqType  type)
{
  g_return_if_fail (SLEEK_IS_IQ (self));
  g_return_if_fail ((guint) type < G_N_ELEMENTS (iq_types));

  sleek_stanza_set_string (SLEEK_STANZA (self), "type", iq_types[type]);
}

/**
 * sleek_iq_get_payload: (get-property payload)
 * @self: a [class@Sleek.Iq]
 *
 * Gets the payload: the first child element that is not the `<error/>`.
 * It is part of the iq: changes to it show in the iq.
 *
 * Returns: (transfer none) (nullable): the payload, or %NULL
 */
SleekNode *
sleek_iq_get_payload (SleekIq *self)
{
  SleekNode *node;
  guint n;

  g_return_val_if_fail (SLEEK_IS_IQ (self), NULL);

  node = sleek_stanza_get_node (SLEEK_STANZA (self));
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (!is_error_element (node, child))
        return child;
    }
  return NULL;
}

/**
 * sleek_iq_set_payload: (set-property payload)
 * @self: a [class@Sleek.Iq]
 * @payload: (nullable): the new payload, or %NULL to remove it
 *
 * Replaces every child element except the `<error/>` with @payload. The
 * iq takes its own reference to @payload and holds it as it is, so later
 * changes to @payload show in the iq.
 */
void
sleek_iq_set_payload (SleekIq   *self,
                      SleekNode *payload)
{
  SleekNode *node;
  g_autoptr(SleekNode) old = NULL;
  g_autofree char *old_ns = NULL;
  guint i;

  g_return_if_fail (SLEEK_IS_IQ (self));

  node = sleek_stanza_get_node (SLEEK_STANZA (self));
  old = sleek_iq_get_payload (self);
  if (old != NULL)
    {
      sleek_node_ref (old);
      old_ns = g_strdup (sleek_node_get_namespace (old));
    }
  if (old == NULL && payload == NULL)
    return;

  if (payload != NULL)
    sleek_node_ref (payload);  /* in case it is among the children removed */
  i = 0;
  while (i < sleek_node_get_n_children (node))
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (is_error_element (node, child))
        i++;
      else
        sleek_node_remove_child (node, child);
    }
  if (payload != NULL)
    {
      sleek_node_insert_child (node, 0, payload);
      sleek_node_unref (payload);
    }

  if (old != payload)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD]);
  if (g_strcmp0 (old_ns, payload != NULL ? sleek_node_get_namespace (payload) : NULL) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_NAMESPACE]);
}

/**
 * sleek_iq_get_query_namespace: (get-property query-namespace)
 * @self: a [class@Sleek.Iq]
 *
 * Gets the namespace of the payload, which names the request, such as
 * `"http://jabber.org/protocol/disco#info"`.
 *
 * Returns: (nullable): the namespace of the payload, or %NULL when there
 *   is no payload
 */
const char *
sleek_iq_get_query_namespace (SleekIq *self)
{
  SleekNode *payload;

  g_return_val_if_fail (SLEEK_IS_IQ (self), NULL);

  payload = sleek_iq_get_payload (self);
  return payload != NULL ? sleek_node_get_namespace (payload) : NULL;
}
