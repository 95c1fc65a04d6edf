/* sleek-xep-0297-forward.c: XEP-0297 Stanza Forwarding
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-node-private.h"
#include "sleek-plugin-private.h"
#include "sleek-stanza-private.h"
#include "sleek-xep-0203-delay.h"
#include "sleek-xep-0297-forward.h"

#include <sleek/sleek-iq.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-ns.h>
#include <sleek/sleek-presence.h>

/* ------------------------------------------------------------------ */
/* The stanza plugin                                                  */
/* ------------------------------------------------------------------ */

/**
 * SleekForwarded:
 *
 * The `<forwarded xmlns='urn:xmpp:forward:0'/>` child of a message,
 * reached as its `forwarded` plugin once the `xep_0297` plugin type is
 * registered.
 *
 * It wraps a copy of another stanza, in the `jabber:client` namespace
 * (read with [method@Sleek.Forwarded.get_stanza]), and may say when that
 * stanza was first sent with a XEP-0203 `<delay/>` (read with
 * [method@Sleek.Forwarded.get_delay]):
 *
 * ```xml
 * <forwarded xmlns='urn:xmpp:forward:0'>
 *   <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
 *   <message xmlns='jabber:client' from='romeo@montague.net/orchard'
 *            to='juliet@capulet.com/balcony' type='chat'>
 *     <body>Call me but love, and I'll be new baptized…</body>
 *   </message>
 * </forwarded>
 * ```
 */
struct _SleekForwarded
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekForwarded, sleek_forwarded, SLEEK_TYPE_STANZA)

static void
sleek_forwarded_class_init (SleekForwardedClass *klass)
{
}

static void
sleek_forwarded_init (SleekForwarded *self)
{
}

static void
register_stanza_plugins (void)
{
  /* SleekDelay's element and keys come with the xep_0203 type. */
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_DELAYED_DELIVERY));

  sleek_stanza_type_set_element (SLEEK_TYPE_FORWARDED, "forwarded", SLEEK_NS_FORWARD, "forwarded");
  sleek_stanza_register_type (SLEEK_TYPE_FORWARDED);
  sleek_stanza_register_plugin (SLEEK_TYPE_FORWARDED, SLEEK_TYPE_DELAY);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, SLEEK_TYPE_FORWARDED);
}

/* The stanza type registered for @node, when @node is a message, a
 * presence or an iq in a content namespace; G_TYPE_INVALID otherwise. */
static GType
node_stanza_type (SleekNode *node)
{
  GType type;

  if (!sleek_stanza_ns_is_content (sleek_node_get_namespace (node)))
    return G_TYPE_INVALID;
  type = sleek_stanza_lookup_type (sleek_node_get_name (node), SLEEK_NS_CLIENT);
  if (type != G_TYPE_INVALID &&
      (g_type_is_a (type, SLEEK_TYPE_MESSAGE) ||
       g_type_is_a (type, SLEEK_TYPE_PRESENCE) ||
       g_type_is_a (type, SLEEK_TYPE_IQ)))
    return type;
  return G_TYPE_INVALID;
}

static SleekNode *
find_stanza_node (SleekForwarded *self)
{
  SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (self));
  guint n = sleek_node_get_n_children (node);

  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (node_stanza_type (child) != G_TYPE_INVALID)
        return child;
    }
  return NULL;
}

/* A deep copy of @node in which every element of a content namespace
 * (jabber:server, jabber:component:accept) is in jabber:client. */
static SleekNode *
copy_as_client (SleekNode *node)
{
  const char *ns = sleek_node_get_namespace (node);
  SleekNode *copy;
  guint n;

  if (sleek_stanza_ns_is_content (ns))
    ns = SLEEK_NS_CLIENT;
  copy = sleek_node_new (sleek_node_get_name (node), ns);
  for (guint i = 0; i < node->n_attrs; i++)
    sleek_node_set_attribute_ns (copy, node->attrs[i].name, node->attrs[i].ns, node->attrs[i].value);
  sleek_node_set_text (copy, sleek_node_get_text (node));
  sleek_node_set_tail (copy, sleek_node_get_tail (node));
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    sleek_node_take_child (copy, copy_as_client (sleek_node_get_nth_child (node, i)));
  return copy;
}

/**
 * sleek_forwarded_get_delay:
 * @self: a [class@Sleek.Forwarded]
 *
 * Finds the XEP-0203 `<delay/>` that says when the forwarded stanza was
 * first sent.
 *
 * Returns: (transfer none) (nullable): the delay, or %NULL when there is
 *   none
 */
SleekDelay *
sleek_forwarded_get_delay (SleekForwarded *self)
{
  SleekStanza *delay;

  g_return_val_if_fail (SLEEK_IS_FORWARDED (self), NULL);

  delay = sleek_stanza_get_plugin (SLEEK_STANZA (self), "delay", FALSE);
  return delay != NULL && SLEEK_IS_DELAY (delay) ? SLEEK_DELAY (delay) : NULL;
}

/**
 * sleek_forwarded_set_delay:
 * @self: a [class@Sleek.Forwarded]
 * @stamp: (nullable): when the forwarded stanza was first sent, or %NULL
 *   to remove the delay
 *
 * Adds a XEP-0203 `<delay/>` with @stamp (or changes the stamp of the
 * one there), as [method@Sleek.Delay.set_stamp] writes it.
 */
void
sleek_forwarded_set_delay (SleekForwarded *self,
                           GDateTime      *stamp)
{
  SleekStanza *delay;

  g_return_if_fail (SLEEK_IS_FORWARDED (self));

  if (stamp == NULL)
    {
      sleek_stanza_delete (SLEEK_STANZA (self), "delay");
      return;
    }
  delay = sleek_stanza_get_plugin (SLEEK_STANZA (self), "delay", TRUE);
  sleek_delay_set_stamp (SLEEK_DELAY (delay), stamp);
}

/**
 * sleek_forwarded_get_stanza:
 * @self: a [class@Sleek.Forwarded]
 *
 * Finds the forwarded stanza: the first child that is a message, a
 * presence or an iq in the `jabber:client` namespace, wrapped in the
 * class registered for it with [func@Sleek.Stanza.register_type] (a
 * [class@Sleek.Message], a [class@Sleek.Presence] or a [class@Sleek.Iq]).
 * The stanza edits the element inside @self in place.
 *
 * Returns: (transfer full) (nullable): the forwarded stanza, or %NULL
 *   when @self wraps none
 */
SleekStanza *
sleek_forwarded_get_stanza (SleekForwarded *self)
{
  SleekNode *node;

  g_return_val_if_fail (SLEEK_IS_FORWARDED (self), NULL);

  node = find_stanza_node (self);
  if (node == NULL)
    return NULL;
  return sleek_stanza_new_for_node (node);
}

/**
 * sleek_forwarded_set_stanza:
 * @self: a [class@Sleek.Forwarded]
 * @stanza: (nullable): the stanza to forward, or %NULL to remove it
 *
 * Puts a copy of @stanza in @self, in the `jabber:client` namespace as
 * XEP-0297 requires, in place of the stanza forwarded before. Later
 * changes to @stanza do not show in @self.
 */
void
sleek_forwarded_set_stanza (SleekForwarded *self,
                            SleekStanza    *stanza)
{
  SleekNode *node;
  SleekNode *old;

  g_return_if_fail (SLEEK_IS_FORWARDED (self));
  g_return_if_fail (stanza == NULL || SLEEK_IS_STANZA (stanza));

  node = sleek_stanza_get_node (SLEEK_STANZA (self));
  while ((old = find_stanza_node (self)) != NULL)
    sleek_node_remove_child (node, old);
  if (stanza != NULL)
    sleek_node_take_child (node, copy_as_client (sleek_stanza_get_node (stanza)));
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekForwarding:
 *
 * The `xep_0297` plugin: XEP-0297 Stanza Forwarding.
 *
 * Its type registers the `forwarded` stanza plugin
 * ([class@Sleek.Forwarded]) on [class@Sleek.Message], with the XEP-0203
 * `delay` plugin ([class@Sleek.Delay]) on it, so that forwarded stanzas
 * can be read and written:
 *
 * ```c
 * SleekStanza *plugin = sleek_stanza_get_plugin (SLEEK_STANZA (message), "forwarded", FALSE);
 * g_autoptr(SleekStanza) inner = NULL;
 *
 * if (plugin != NULL)
 *   inner = sleek_forwarded_get_stanza (SLEEK_FORWARDED (plugin));
 * ```
 *
 * It depends on `xep_0203`.
 */
struct _SleekForwarding
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekForwarding, sleek_forwarding, SLEEK_TYPE_PLUGIN)

static void
sleek_forwarding_class_init (SleekForwardingClass *klass)
{
  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_forwarding_init (SleekForwarding *self)
{
}
