/* sleek-xep-0060-pubsub.c: XEP-0060 Publish-Subscribe
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-base-xmpp-private.h"
#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0059-rsm.h"
#include "sleek-xep-0060-pubsub.h"

#include <string.h>

#define FORM_PUBLISH_OPTIONS SLEEK_NS_PUBSUB "#publish-options"
#define FORM_NODE_CONFIG SLEEK_NS_PUBSUB "#node_config"
#define FORM_SUBSCRIBE_OPTIONS SLEEK_NS_PUBSUB "#subscribe_options"

/**
 * sleek_pubsub_error_quark:
 *
 * The error domain for the conditions XEP-0060 adds to stanza errors; C
 * code uses the `SLEEK_PUBSUB_ERROR` macro instead.
 *
 * Returns: the quark of the [error@Sleek.PubsubError] domain
 */
G_DEFINE_QUARK (sleek-pubsub-error-quark, sleek_pubsub_error)

G_DEFINE_ENUM_TYPE (SleekPubsubError, sleek_pubsub_error,
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_CLOSED_NODE, "closed-node"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_CONFIGURATION_REQUIRED, "configuration-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_INVALID_JID, "invalid-jid"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_INVALID_OPTIONS, "invalid-options"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_INVALID_PAYLOAD, "invalid-payload"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_INVALID_SUBID, "invalid-subid"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_ITEM_FORBIDDEN, "item-forbidden"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_ITEM_REQUIRED, "item-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_JID_REQUIRED, "jid-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_MAX_ITEMS_EXCEEDED, "max-items-exceeded"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_MAX_NODES_EXCEEDED, "max-nodes-exceeded"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_NODEID_REQUIRED, "nodeid-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_NOT_IN_ROSTER_GROUP, "not-in-roster-group"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_NOT_SUBSCRIBED, "not-subscribed"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_PAYLOAD_TOO_BIG, "payload-too-big"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_PAYLOAD_REQUIRED, "payload-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_PENDING_SUBSCRIPTION, "pending-subscription"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_PRECONDITION_NOT_MET, "precondition-not-met"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_PRESENCE_SUBSCRIPTION_REQUIRED,
                                         "presence-subscription-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_SUBID_REQUIRED, "subid-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_TOO_MANY_SUBSCRIPTIONS, "too-many-subscriptions"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_UNSUPPORTED, "unsupported"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_ERROR_UNSUPPORTED_ACCESS_MODEL, "unsupported-access-model"))

G_DEFINE_ENUM_TYPE (SleekPubsubSubscriptionState, sleek_pubsub_subscription_state,
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_SUBSCRIPTION_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_SUBSCRIPTION_PENDING, "pending"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_SUBSCRIPTION_UNCONFIGURED, "unconfigured"),
                    G_DEFINE_ENUM_VALUE (SLEEK_PUBSUB_SUBSCRIPTION_SUBSCRIBED, "subscribed"))

/* Items */

/**
 * SleekPubsubItem:
 *
 * One item of a publish-subscribe node: its id, its payload (an element
 * of any namespace, or none on nodes that notify without payloads) and,
 * when the service says, who published it.
 */
struct _SleekPubsubItem
{
  GObject parent_instance;

  char *id;
  SleekNode *payload;
  char *publisher;
};

G_DEFINE_FINAL_TYPE (SleekPubsubItem, sleek_pubsub_item, G_TYPE_OBJECT)

static void
sleek_pubsub_item_finalize (GObject *object)
{
  SleekPubsubItem *self = SLEEK_PUBSUB_ITEM (object);

  g_free (self->id);
  g_clear_pointer (&self->payload, sleek_node_unref);
  g_free (self->publisher);
  G_OBJECT_CLASS (sleek_pubsub_item_parent_class)->finalize (object);
}

static void
sleek_pubsub_item_class_init (SleekPubsubItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_pubsub_item_finalize;
}

static void
sleek_pubsub_item_init (SleekPubsubItem *self)
{
}

/**
 * sleek_pubsub_item_new:
 * @id: (nullable): the item's id, or %NULL to let the service choose one
 * @payload: (nullable): the payload, which the item keeps as it is
 *
 * Makes an item, such as one to compare with those a node gives.
 *
 * Returns: (transfer full): a new item
 */
SleekPubsubItem *
sleek_pubsub_item_new (const char *id, SleekNode *payload)
{
  SleekPubsubItem *self = g_object_new (SLEEK_TYPE_PUBSUB_ITEM, NULL);

  self->id = g_strdup (id);
  self->payload = payload != NULL ? sleek_node_ref (payload) : NULL;
  return self;
}

/**
 * sleek_pubsub_item_get_id:
 * @self: a [class@Sleek.PubsubItem]
 *
 * Gets the item's id.
 *
 * Returns: (nullable): the id, or %NULL when the item has none
 */
const char *
sleek_pubsub_item_get_id (SleekPubsubItem *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_ITEM (self), NULL);
  return self->id;
}

/**
 * sleek_pubsub_item_get_payload:
 * @self: a [class@Sleek.PubsubItem]
 *
 * Gets the item's payload, its first child element.
 *
 * Returns: (transfer none) (nullable): the payload, or %NULL when the
 *   item carries none
 */
SleekNode *
sleek_pubsub_item_get_payload (SleekPubsubItem *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_ITEM (self), NULL);
  return self->payload;
}

/**
 * sleek_pubsub_item_get_publisher:
 * @self: a [class@Sleek.PubsubItem]
 *
 * Gets the JID the service names as the item's publisher, as the
 * service wrote it.
 *
 * Returns: (nullable): the publisher, or %NULL when the service does not
 *   say
 */
const char *
sleek_pubsub_item_get_publisher (SleekPubsubItem *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_ITEM (self), NULL);
  return self->publisher;
}

/* Reads an <item/> of a node or of a notification. */
static SleekPubsubItem *
item_from_node (SleekNode *node)
{
  SleekNode *payload = sleek_node_get_first_child (node);
  g_autoptr(SleekNode) copy = payload != NULL ? sleek_node_copy (payload) : NULL;
  SleekPubsubItem *item = sleek_pubsub_item_new (sleek_node_get_attribute (node, "id"), copy);

  item->publisher = g_strdup (sleek_node_get_attribute (node, "publisher"));
  return item;
}

/* Subscriptions */

/**
 * SleekPubsubSubscription:
 *
 * A subscription to a node, as the service answered a subscription
 * request ([method@Sleek.Pubsub.subscribe_async]).
 */
struct _SleekPubsubSubscription
{
  GObject parent_instance;

  char *node;
  SleekJid *jid;
  char *subid;
  SleekPubsubSubscriptionState state;
};

G_DEFINE_FINAL_TYPE (SleekPubsubSubscription, sleek_pubsub_subscription, G_TYPE_OBJECT)

static void
sleek_pubsub_subscription_finalize (GObject *object)
{
  SleekPubsubSubscription *self = SLEEK_PUBSUB_SUBSCRIPTION (object);

  g_free (self->node);
  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->subid);
  G_OBJECT_CLASS (sleek_pubsub_subscription_parent_class)->finalize (object);
}

static void
sleek_pubsub_subscription_class_init (SleekPubsubSubscriptionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_pubsub_subscription_finalize;
}

static void
sleek_pubsub_subscription_init (SleekPubsubSubscription *self)
{
}

/**
 * sleek_pubsub_subscription_get_node:
 * @self: a [class@Sleek.PubsubSubscription]
 *
 * Gets the node subscribed to.
 *
 * Returns: the node's name
 */
const char *
sleek_pubsub_subscription_get_node (SleekPubsubSubscription *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_SUBSCRIPTION (self), NULL);
  return self->node;
}

/**
 * sleek_pubsub_subscription_get_jid:
 * @self: a [class@Sleek.PubsubSubscription]
 *
 * Gets the subscriber, the JID notifications go to.
 *
 * Returns: (transfer none): the subscriber
 */
SleekJid *
sleek_pubsub_subscription_get_jid (SleekPubsubSubscription *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_SUBSCRIPTION (self), NULL);
  return self->jid;
}

/**
 * sleek_pubsub_subscription_get_subid:
 * @self: a [class@Sleek.PubsubSubscription]
 *
 * Gets the subscription id, which services that allow several
 * subscriptions of one JID to a node give, and which
 * [method@Sleek.Pubsub.unsubscribe_async] then needs.
 *
 * Returns: (nullable): the subscription id, or %NULL when the service gave
 *   none
 */
const char *
sleek_pubsub_subscription_get_subid (SleekPubsubSubscription *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_SUBSCRIPTION (self), NULL);
  return self->subid;
}

/**
 * sleek_pubsub_subscription_get_state:
 * @self: a [class@Sleek.PubsubSubscription]
 *
 * Gets the subscription's state.
 *
 * Returns: the state
 */
SleekPubsubSubscriptionState
sleek_pubsub_subscription_get_state (SleekPubsubSubscription *self)
{
  g_return_val_if_fail (SLEEK_IS_PUBSUB_SUBSCRIPTION (self), SLEEK_PUBSUB_SUBSCRIPTION_NONE);
  return self->state;
}

/* The plugin */

/**
 * SleekPubsub:
 *
 * The `xep_0060` plugin: XEP-0060 Publish-Subscribe, the client side.
 *
 * Every request names the pubsub service (a JID such as
 * `pubsub.example.org`, or an account for its personal eventing
 * service), or %NULL for our own account's PEP service, and a node:
 *
 * - items: [method@Sleek.Pubsub.publish_async] (with an item id or
 *   not, and publish options as a data form),
 *   [method@Sleek.Pubsub.retract_async] and
 *   [method@Sleek.Pubsub.get_items_async] (all, some by id, the last
 *   few, or one page of a XEP-0059 result set);
 *   [method@Sleek.Pubsub.iterate_items] walks through the pages with the
 *   `xep_0059` plugin;
 * - subscriptions: [method@Sleek.Pubsub.subscribe_async] and
 *   [method@Sleek.Pubsub.unsubscribe_async];
 * - nodes: [method@Sleek.Pubsub.create_node_async] (with a
 *   configuration form), [method@Sleek.Pubsub.get_node_config_async],
 *   [method@Sleek.Pubsub.configure_node_async],
 *   [method@Sleek.Pubsub.delete_node_async] and
 *   [method@Sleek.Pubsub.purge_async].
 *
 * An answer with a condition of XEP-0060's own fails with a
 * [error@Sleek.PubsubError]; others with a [error@Sleek.StanzaError].
 *
 * ## Notifications
 *
 * Event notifications arrive as the signals
 * [signal@Sleek.Pubsub::item-published],
 * [signal@Sleek.Pubsub::item-retracted],
 * [signal@Sleek.Pubsub::node-deleted] and
 * [signal@Sleek.Pubsub::node-purged], each detailed by the node's name.
 * Only notifications from a service we may believe are taken: an
 * account's bare JID (its personal eventing service, which the server
 * stamps), or a service this plugin sent a request to during its life,
 * or one named with [method@Sleek.Pubsub.trust_service]. Notifications
 * from full JIDs, and from services never asked anything, are dropped.
 *
 * ```c
 * pubsub = SLEEK_PUBSUB (sleek_base_xmpp_get_plugin (xmpp, "xep_0060"));
 * g_signal_connect (pubsub, "item-published::princely_musings", G_CALLBACK (on_item), data);
 * sleek_pubsub_subscribe_async (pubsub, service, "princely_musings", NULL, NULL, NULL, on_subscribed, data);
 *
 * entry = sleek_node_new ("entry", "http://www.w3.org/2005/Atom");
 * sleek_node_set_child_text (entry, "title", NULL, "Soliloquy");
 * sleek_pubsub_publish_async (pubsub, service, "princely_musings", NULL, entry, NULL, NULL, on_published, data);
 * ```
 */
struct _SleekPubsub
{
  SleekPlugin parent_instance;

  GHashTable *services;  /* bare JID text → NULL: the services we trust */
};

enum {
  SIGNAL_ITEM_PUBLISHED,
  SIGNAL_ITEM_RETRACTED,
  SIGNAL_NODE_DELETED,
  SIGNAL_NODE_PURGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekPubsub, sleek_pubsub, SLEEK_TYPE_PLUGIN)

/* Errors */

/* The error for a request that @result of send_iq_async failed with:
 * @error, or the XEP-0060 condition the answer names beside it. */
static GError *
request_error (GAsyncResult *result, GError *error)
{
  SleekIq *answer = sleek_base_xmpp_get_error_answer (result);
  SleekNode *element;
  GEnumClass *conditions;
  GEnumValue *value;
  guint n;

  if (answer == NULL)
    return error;
  element = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "error", NULL);
  if (element == NULL)
    return error;
  n = sleek_node_get_n_children (element);
  conditions = g_type_class_ref (SLEEK_TYPE_PUBSUB_ERROR);
  value = NULL;
  for (guint i = 0; i < n && value == NULL; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (element, i);

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_PUBSUB_ERRORS) != 0)
        continue;
      value = g_enum_get_value_by_nick (conditions, sleek_node_get_name (child));
      if (value != NULL && value->value == SLEEK_PUBSUB_ERROR_UNSUPPORTED)
        {
          const char *feature = sleek_node_get_attribute (child, "feature");
          const char *text = sleek_node_get_child_text (element, "text", "urn:ietf:params:xml:ns:xmpp-stanzas");

          if (feature != NULL && (text == NULL || *text == '\0'))
            {
              g_type_class_unref (conditions);
              g_error_free (error);
              return g_error_new (SLEEK_PUBSUB_ERROR, SLEEK_PUBSUB_ERROR_UNSUPPORTED,
                                  _("The service does not support the feature “%s”"), feature);
            }
        }
    }
  if (value != NULL)
    {
      GError *specific;
      const char *text = sleek_node_get_child_text (element, "text", "urn:ietf:params:xml:ns:xmpp-stanzas");

      if (text != NULL && *text != '\0')
        specific = g_error_new_literal (SLEEK_PUBSUB_ERROR, value->value, text);
      else
        specific = g_error_new (SLEEK_PUBSUB_ERROR, value->value, _("The service answered “%s”"), value->value_nick);
      g_error_free (error);
      error = specific;
    }
  g_type_class_unref (conditions);
  return error;
}

/* Requests */

typedef void (*AnswerFunc) (GTask *task, SleekIq *answer);

typedef struct {
  AnswerFunc parse;
  char *node;
  char *item_id;
  SleekJid *jid;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->node);
  g_free (call->item_id);
  g_clear_pointer (&call->jid, sleek_jid_unref);
  g_free (call);
}

static GTask *
call_new (SleekPubsub *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
          gpointer source_tag, AnswerFunc parse, const char *node)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->parse = parse;
  call->node = g_strdup (node);
  g_task_set_task_data (task, call, call_free);
  return task;
}

static void
on_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, request_error (result, g_steal_pointer (&error)));
      return;
    }
  call->parse (task, answer);
}

/* Sends an iq of @type carrying @payload to @service (our account when
 * NULL); the answer goes to the task's parse function. Takes @task. */
static void
send_request (SleekPubsub *self, GTask *task, SleekJid *service, const char *type, SleekNode *payload)
{
  g_autoptr(GTask) owned = task;
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekIq) iq = NULL;

  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  if (service != NULL)
    sleek_pubsub_trust_service (self, service);
  iq = sleek_base_xmpp_make_iq (xmpp, type, service != NULL ? sleek_jid_to_string (service) : NULL, payload);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), on_answer, g_steal_pointer (&owned));
}

/* Appends @child to @parent, which then holds the only reference. */
static void
add_owned (SleekNode *parent, SleekNode *child)
{
  sleek_node_add_child (parent, child);
  sleek_node_unref (child);
}

/* The <@name/> in the <pubsub/> of an answer, or NULL. */
static SleekNode *
answer_child (SleekIq *answer, const char *ns, const char *name)
{
  SleekNode *pubsub = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "pubsub", ns);

  return pubsub != NULL ? sleek_node_get_child (pubsub, name, ns) : NULL;
}

static void
parse_done (GTask *task, SleekIq *answer)
{
  g_task_return_boolean (task, TRUE);
}

static gboolean
finish_boolean (SleekPubsub *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
finish_pointer (SleekPubsub *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Our bare JID, or NULL before one is known. */
static SleekJid *
own_bare_jid (SleekPubsub *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekJid *own;

  if (xmpp == NULL)
    return NULL;
  own = sleek_base_xmpp_get_bound_jid (xmpp);
  if (own == NULL)
    own = sleek_base_xmpp_get_jid (xmpp);
  return own != NULL ? sleek_jid_to_bare (own) : NULL;
}

/**
 * sleek_pubsub_trust_service:
 * @self: a [class@Sleek.Pubsub]
 * @service: a pubsub service
 *
 * Takes notifications from @service (its bare JID) from now on, although
 * this plugin sent it no request: one subscribed to in an earlier
 * session, say. Services the plugin sends requests to are trusted
 * without this; so are accounts' bare JIDs.
 */
void
sleek_pubsub_trust_service (SleekPubsub *self, SleekJid *service)
{
  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (service != NULL);

  g_hash_table_add (self->services, g_strdup (sleek_jid_get_bare (service)));
}

/* Publishing */

static void
parse_published (GTask *task, SleekIq *answer)
{
  Call *call = g_task_get_task_data (task);
  SleekNode *publish = answer_child (answer, SLEEK_NS_PUBSUB, "publish");
  SleekNode *item = publish != NULL ? sleek_node_get_child (publish, "item", SLEEK_NS_PUBSUB) : NULL;
  const char *id = item != NULL ? sleek_node_get_attribute (item, "id") : NULL;

  if (id == NULL)
    id = call->item_id;
  g_task_return_pointer (task, g_strdup (id), g_free);
}

/**
 * sleek_pubsub_publish_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node to publish to
 * @item_id: (nullable): the item's id, or %NULL to let the service give
 *   one; an item with the same id is replaced
 * @payload: (nullable): the item's payload, or %NULL for an item without
 * @options: (nullable): publish options (XEP-0060 §7.1.5), a form whose
 *   fields are `pubsub#…` node configuration options the node must have
 *   (or, on PEP services, gets when it is created). A form that is not
 *   of type `submit` goes as [method@Sleek.DataForm.make_submit] makes
 *   it; `FORM_TYPE` is added when missing.
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Publishes an item to a node.
 */
void
sleek_pubsub_publish_async (SleekPubsub *self, SleekJid *service, const char *node, const char *item_id,
                            SleekNode *payload, SleekDataForm *options, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *publish, *item;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (options == NULL || SLEEK_IS_DATA_FORM (options));

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_publish_async, parse_published, node);
  ((Call *) g_task_get_task_data (task))->item_id = g_strdup (item_id);
  pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB);
  publish = sleek_node_add_child_new (pubsub, "publish", SLEEK_NS_PUBSUB);
  sleek_node_set_attribute (publish, "node", node);
  item = sleek_node_add_child_new (publish, "item", SLEEK_NS_PUBSUB);
  if (item_id != NULL)
    sleek_node_set_attribute (item, "id", item_id);
  if (payload != NULL)
    add_owned (item, sleek_node_copy (payload));
  if (options != NULL)
    {
      SleekNode *wrapper = sleek_node_add_child_new (pubsub, "publish-options", SLEEK_NS_PUBSUB);

      add_owned (wrapper, sleek_plugin_form_to_submit (options, FORM_PUBLISH_OPTIONS));
    }
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_publish_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.PubsubError] or
 *   [error@Sleek.StanzaError] the service answered, or an error of
 *   [method@Sleek.BaseXmpp.send_iq_finish]
 *
 * Finishes [method@Sleek.Pubsub.publish_async].
 *
 * Returns: (transfer full) (nullable): the id of the item, the service's
 *   when it names one, else the one asked for; %NULL on error, or when
 *   neither names one
 */
char *
sleek_pubsub_publish_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, sleek_pubsub_publish_async, error);
}

/**
 * sleek_pubsub_retract_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node
 * @item_id: the id of the item to remove
 * @notify: whether the service should tell the subscribers
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Removes an item from a node.
 */
void
sleek_pubsub_retract_async (SleekPubsub *self, SleekJid *service, const char *node, const char *item_id,
                            gboolean notify, GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *retract, *item;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (item_id != NULL);

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_retract_async, parse_done, node);
  pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB);
  retract = sleek_node_add_child_new (pubsub, "retract", SLEEK_NS_PUBSUB);
  sleek_node_set_attribute (retract, "node", node);
  if (notify)
    sleek_node_set_attribute (retract, "notify", "true");
  item = sleek_node_add_child_new (retract, "item", SLEEK_NS_PUBSUB);
  sleek_node_set_attribute (item, "id", item_id);
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_retract_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.Pubsub.retract_async].
 *
 * Returns: %TRUE when the item is gone
 */
gboolean
sleek_pubsub_retract_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, sleek_pubsub_retract_async, error);
}

/* Getting items */

typedef struct {
  GPtrArray *items;
  SleekResultSet *set;
} Page;

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_clear_object (&page->set);
  g_free (page);
}

/**
 * sleek_pubsub_parse_items:
 * @answer: the answer to an items request, such as a page given by the
 *   iterator of [method@Sleek.Pubsub.iterate_items]
 * @error: return location for %G_IO_ERROR_INVALID_DATA when @answer holds
 *   no `<items/>`
 *
 * Reads the items of an answer to an items request.
 *
 * Returns: (transfer container) (element-type SleekPubsubItem): the items,
 *   in the order of the answer, or %NULL with @error set
 */
GPtrArray *
sleek_pubsub_parse_items (SleekIq *answer, GError **error)
{
  SleekNode *items;
  GPtrArray *result;
  guint n;

  g_return_val_if_fail (SLEEK_IS_IQ (answer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = answer_child (answer, SLEEK_NS_PUBSUB, "items");
  if (items == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The answer holds no items"));
      return NULL;
    }
  result = g_ptr_array_new_with_free_func (g_object_unref);
  n = sleek_node_get_n_children (items);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (items, i);

      if (sleek_node_is (child, "item", SLEEK_NS_PUBSUB))
        g_ptr_array_add (result, item_from_node (child));
    }
  return result;
}

static void
parse_items (GTask *task, SleekIq *answer)
{
  GError *error = NULL;
  GPtrArray *items = sleek_pubsub_parse_items (answer, &error);
  SleekNode *pubsub;
  Page *page;

  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  page = g_new0 (Page, 1);
  page->items = items;
  pubsub = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "pubsub", SLEEK_NS_PUBSUB);
  page->set = sleek_result_set_find (pubsub, FALSE);
  g_task_return_pointer (task, page, page_free);
}

/* <pubsub><items node='@node'/></pubsub> */
static SleekNode *
items_request (const char *node, SleekNode **items)
{
  SleekNode *pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB);

  *items = sleek_node_add_child_new (pubsub, "items", SLEEK_NS_PUBSUB);
  sleek_node_set_attribute (*items, "node", node);
  return pubsub;
}

/**
 * sleek_pubsub_get_items_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node
 * @item_ids: (nullable) (array zero-terminated=1): the ids of the items
 *   wanted, or %NULL for all
 * @max_items: the most recent items wanted at most, or 0 for no limit
 * @page: (nullable): a XEP-0059 page to ask for (its `max`, `after` or
 *   `before`), for services that page items
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks a node for its items.
 */
void
sleek_pubsub_get_items_async (SleekPubsub *self, SleekJid *service, const char *node,
                              const char * const *item_ids, guint max_items, SleekResultSet *page,
                              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *items;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (page == NULL || SLEEK_IS_RESULT_SET (page));

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_get_items_async, parse_items, node);
  pubsub = items_request (node, &items);
  if (max_items > 0)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", max_items);
      sleek_node_set_attribute (items, "max_items", text);
    }
  for (guint i = 0; item_ids != NULL && item_ids[i] != NULL; i++)
    sleek_node_set_attribute (sleek_node_add_child_new (items, "item", SLEEK_NS_PUBSUB), "id", item_ids[i]);
  if (page != NULL)
    add_owned (pubsub, sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (page))));
  send_request (self, task, service, "get", pubsub);
}

/**
 * sleek_pubsub_get_items_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @result_set: (out) (optional) (nullable) (transfer full): where to put
 *   the XEP-0059 result set of the answer, %NULL when it has none
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish], or %G_IO_ERROR_INVALID_DATA
 *   when the answer holds no items
 *
 * Finishes [method@Sleek.Pubsub.get_items_async].
 *
 * Returns: (transfer container) (element-type SleekPubsubItem): the items,
 *   or %NULL on error
 */
GPtrArray *
sleek_pubsub_get_items_finish (SleekPubsub *self, GAsyncResult *result, SleekResultSet **result_set,
                               GError **error)
{
  Page *page = finish_pointer (self, result, sleek_pubsub_get_items_async, error);
  GPtrArray *items;

  if (result_set != NULL)
    *result_set = NULL;
  if (page == NULL)
    return NULL;
  items = g_ptr_array_ref (page->items);
  if (result_set != NULL)
    *result_set = g_steal_pointer (&page->set);
  page_free (page);
  return items;
}

/**
 * sleek_pubsub_iterate_items:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node
 * @page_size: how many items each page holds at most
 *
 * Makes an iterator over a node's items, page by page, for services that
 * page items with XEP-0059 (through the `xep_0059` plugin). Each page
 * it gives is an answer for [func@Sleek.Pubsub.parse_items].
 *
 * Returns: (transfer full) (nullable): the iterator, or %NULL when the
 *   plugin is not enabled
 */
SleekResultSetIterator *
sleek_pubsub_iterate_items (SleekPubsub *self, SleekJid *service, const char *node, guint page_size)
{
  SleekBaseXmpp *xmpp;
  SleekPlugin *rsm;
  g_autoptr(SleekNode) pubsub = NULL;
  g_autoptr(SleekIq) iq = NULL;
  SleekNode *items;

  g_return_val_if_fail (SLEEK_IS_PUBSUB (self), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (page_size > 0, NULL);

  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  rsm = xmpp != NULL ? sleek_base_xmpp_get_plugin (xmpp, "xep_0059") : NULL;
  if (rsm == NULL || !SLEEK_IS_RESULT_SET_MANAGEMENT (rsm))
    return NULL;
  if (service != NULL)
    sleek_pubsub_trust_service (self, service);
  pubsub = items_request (node, &items);
  iq = sleek_base_xmpp_make_iq (xmpp, "get", service != NULL ? sleek_jid_to_string (service) : NULL, pubsub);
  return sleek_result_set_management_iterate (SLEEK_RESULT_SET_MANAGEMENT (rsm), iq, page_size, FALSE);
}

/* Subscriptions */

static void
parse_subscription (GTask *task, SleekIq *answer)
{
  Call *call = g_task_get_task_data (task);
  SleekNode *element = answer_child (answer, SLEEK_NS_PUBSUB, "subscription");
  g_autoptr(SleekPubsubSubscription) subscription = g_object_new (SLEEK_TYPE_PUBSUB_SUBSCRIPTION, NULL);
  const char *state = NULL;

  subscription->node = g_strdup (call->node);
  subscription->jid = sleek_jid_ref (call->jid);
  subscription->state = SLEEK_PUBSUB_SUBSCRIPTION_SUBSCRIBED;
  if (element != NULL)
    {
      const char *node = sleek_node_get_attribute (element, "node");
      const char *jid = sleek_node_get_attribute (element, "jid");

      if (node != NULL)
        {
          g_free (subscription->node);
          subscription->node = g_strdup (node);
        }
      if (jid != NULL)
        {
          g_autoptr(SleekJid) parsed = sleek_jid_new (jid, NULL);

          if (parsed == NULL)
            {
              g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                       _("The service named an invalid subscriber: “%s”"), jid);
              return;
            }
          g_clear_pointer (&subscription->jid, sleek_jid_unref);
          subscription->jid = g_steal_pointer (&parsed);
        }
      subscription->subid = g_strdup (sleek_node_get_attribute (element, "subid"));
      state = sleek_node_get_attribute (element, "subscription");
    }
  if (state != NULL)
    {
      GEnumClass *states = g_type_class_ref (SLEEK_TYPE_PUBSUB_SUBSCRIPTION_STATE);
      GEnumValue *value = g_enum_get_value_by_nick (states, state);

      g_type_class_unref (states);
      if (value == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("The service gave an unknown subscription state: “%s”"), state);
          return;
        }
      subscription->state = value->value;
    }
  g_task_return_pointer (task, g_steal_pointer (&subscription), g_object_unref);
}

/* The subscriber a request names: @jid, or our bare JID. Sets an error
 * on @task and returns NULL when there is neither. */
static SleekJid *
subscriber (SleekPubsub *self, GTask *task, SleekJid *jid)
{
  SleekJid *own = jid != NULL ? sleek_jid_ref (jid) : own_bare_jid (self);

  if (own == NULL)
    g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                             _("The plugin is not enabled on a stream with a JID"));
  return own;
}

/**
 * sleek_pubsub_subscribe_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node
 * @jid: (nullable): the subscriber, or %NULL for our bare JID
 * @options: (nullable): subscription options, a form of
 *   `pubsub#subscribe_options`; sent as for the options of
 *   [method@Sleek.Pubsub.publish_async]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Subscribes to a node, so that its notifications come to @jid.
 */
void
sleek_pubsub_subscribe_async (SleekPubsub *self, SleekJid *service, const char *node, SleekJid *jid,
                              SleekDataForm *options, GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *subscribe;
  GTask *task;
  Call *call;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (options == NULL || SLEEK_IS_DATA_FORM (options));

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_subscribe_async, parse_subscription, node);
  call = g_task_get_task_data (task);
  call->jid = subscriber (self, task, jid);
  if (call->jid == NULL)
    {
      g_object_unref (task);
      return;
    }
  pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB);
  subscribe = sleek_node_add_child_new (pubsub, "subscribe", SLEEK_NS_PUBSUB);
  sleek_node_set_attribute (subscribe, "node", node);
  sleek_node_set_attribute (subscribe, "jid", sleek_jid_to_string (call->jid));
  if (options != NULL)
    {
      SleekNode *wrapper = sleek_node_add_child_new (pubsub, "options", SLEEK_NS_PUBSUB);

      sleek_node_set_attribute (wrapper, "node", node);
      sleek_node_set_attribute (wrapper, "jid", sleek_jid_to_string (call->jid));
      add_owned (wrapper, sleek_plugin_form_to_submit (options, FORM_SUBSCRIBE_OPTIONS));
    }
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_subscribe_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish], or %G_IO_ERROR_INVALID_DATA
 *   when the answer's subscription is not readable
 *
 * Finishes [method@Sleek.Pubsub.subscribe_async]. A service that answers
 * without a `<subscription/>` gives a subscription in state
 * %SLEEK_PUBSUB_SUBSCRIPTION_SUBSCRIBED of the JID asked for.
 *
 * Returns: (transfer full): the subscription, or %NULL on error
 */
SleekPubsubSubscription *
sleek_pubsub_subscribe_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, sleek_pubsub_subscribe_async, error);
}

/**
 * sleek_pubsub_unsubscribe_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node
 * @jid: (nullable): the subscriber, or %NULL for our bare JID
 * @subid: (nullable): the subscription id, which a service that allows
 *   several subscriptions needs
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Ends a subscription to a node.
 */
void
sleek_pubsub_unsubscribe_async (SleekPubsub *self, SleekJid *service, const char *node, SleekJid *jid,
                                const char *subid, GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  g_autoptr(SleekJid) who = NULL;
  SleekNode *unsubscribe;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_unsubscribe_async, parse_done, node);
  who = subscriber (self, task, jid);
  if (who == NULL)
    {
      g_object_unref (task);
      return;
    }
  pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB);
  unsubscribe = sleek_node_add_child_new (pubsub, "unsubscribe", SLEEK_NS_PUBSUB);
  sleek_node_set_attribute (unsubscribe, "node", node);
  sleek_node_set_attribute (unsubscribe, "jid", sleek_jid_to_string (who));
  if (subid != NULL)
    sleek_node_set_attribute (unsubscribe, "subid", subid);
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_unsubscribe_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.Pubsub.unsubscribe_async].
 *
 * Returns: %TRUE when the subscription ended
 */
gboolean
sleek_pubsub_unsubscribe_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, sleek_pubsub_unsubscribe_async, error);
}

/* Nodes */

static void
parse_created (GTask *task, SleekIq *answer)
{
  Call *call = g_task_get_task_data (task);
  SleekNode *create = answer_child (answer, SLEEK_NS_PUBSUB, "create");
  const char *node = create != NULL ? sleek_node_get_attribute (create, "node") : NULL;

  if (node == NULL)
    node = call->node;
  if (node == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The service did not name the node it created"));
      return;
    }
  g_task_return_pointer (task, g_strdup (node), g_free);
}

/**
 * sleek_pubsub_create_node_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: (nullable): the new node's name, or %NULL for an instant node
 *   the service names
 * @config: (nullable): the node's configuration, a form of
 *   `pubsub#node_config`; sent as for the options of
 *   [method@Sleek.Pubsub.publish_async]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Creates a node.
 */
void
sleek_pubsub_create_node_async (SleekPubsub *self, SleekJid *service, const char *node, SleekDataForm *config,
                                GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *create;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (config == NULL || SLEEK_IS_DATA_FORM (config));

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_create_node_async, parse_created, node);
  pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB);
  create = sleek_node_add_child_new (pubsub, "create", SLEEK_NS_PUBSUB);
  if (node != NULL)
    sleek_node_set_attribute (create, "node", node);
  if (config != NULL)
    {
      SleekNode *configure = sleek_node_add_child_new (pubsub, "configure", SLEEK_NS_PUBSUB);

      add_owned (configure, sleek_plugin_form_to_submit (config, FORM_NODE_CONFIG));
    }
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_create_node_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish], or %G_IO_ERROR_INVALID_DATA
 *   when the service did not name the instant node it made
 *
 * Finishes [method@Sleek.Pubsub.create_node_async].
 *
 * Returns: (transfer full): the name of the node, or %NULL on error
 */
char *
sleek_pubsub_create_node_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, sleek_pubsub_create_node_async, error);
}

static void
parse_config (GTask *task, SleekIq *answer)
{
  SleekNode *configure = answer_child (answer, SLEEK_NS_PUBSUB_OWNER, "configure");
  SleekNode *x = configure != NULL ? sleek_node_get_child (configure, "x", SLEEK_NS_DATA_FORMS) : NULL;
  g_autoptr(SleekNode) copy = NULL;
  g_autoptr(SleekStanza) form = NULL;

  if (x != NULL)
    {
      copy = sleek_node_copy (x);
      form = sleek_stanza_new_for_node (copy);
    }
  if (form == NULL || !SLEEK_IS_DATA_FORM (form))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The answer holds no configuration form"));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&form), g_object_unref);
}

/* <pubsub xmlns='…#owner'><@element node='@node'/></pubsub>, the inner
 * element in @inner. */
static SleekNode *
owner_request (const char *element, const char *node, SleekNode **inner)
{
  SleekNode *pubsub = sleek_node_new ("pubsub", SLEEK_NS_PUBSUB_OWNER);

  *inner = sleek_node_add_child_new (pubsub, element, SLEEK_NS_PUBSUB_OWNER);
  sleek_node_set_attribute (*inner, "node", node);
  return pubsub;
}

/**
 * sleek_pubsub_get_node_config_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node, which we own
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks for a node's configuration form.
 */
void
sleek_pubsub_get_node_config_async (SleekPubsub *self, SleekJid *service, const char *node,
                                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *configure;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_get_node_config_async, parse_config, node);
  pubsub = owner_request ("configure", node, &configure);
  send_request (self, task, service, "get", pubsub);
}

/**
 * sleek_pubsub_get_node_config_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish], or %G_IO_ERROR_INVALID_DATA
 *   when the answer holds no form
 *
 * Finishes [method@Sleek.Pubsub.get_node_config_async].
 *
 * Returns: (transfer full): the configuration form, of type `form`, to
 *   fill and give to [method@Sleek.Pubsub.configure_node_async]; %NULL
 *   on error
 */
SleekDataForm *
sleek_pubsub_get_node_config_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, sleek_pubsub_get_node_config_async, error);
}

/**
 * sleek_pubsub_configure_node_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node, which we own
 * @config: the new configuration, such as the filled form of
 *   [method@Sleek.Pubsub.get_node_config_async]; sent as for the options
 *   of [method@Sleek.Pubsub.publish_async]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Changes a node's configuration.
 */
void
sleek_pubsub_configure_node_async (SleekPubsub *self, SleekJid *service, const char *node, SleekDataForm *config,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *configure;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (SLEEK_IS_DATA_FORM (config));

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_configure_node_async, parse_done, node);
  pubsub = owner_request ("configure", node, &configure);
  add_owned (configure, sleek_plugin_form_to_submit (config, FORM_NODE_CONFIG));
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_configure_node_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.Pubsub.configure_node_async].
 *
 * Returns: %TRUE when the service took the configuration
 */
gboolean
sleek_pubsub_configure_node_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, sleek_pubsub_configure_node_async, error);
}

/**
 * sleek_pubsub_delete_node_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node, which we own
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Deletes a node and its items.
 */
void
sleek_pubsub_delete_node_async (SleekPubsub *self, SleekJid *service, const char *node,
                                GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *element;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_delete_node_async, parse_done, node);
  pubsub = owner_request ("delete", node, &element);
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_delete_node_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.Pubsub.delete_node_async].
 *
 * Returns: %TRUE when the node is gone
 */
gboolean
sleek_pubsub_delete_node_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, sleek_pubsub_delete_node_async, error);
}

/**
 * sleek_pubsub_purge_async:
 * @self: an enabled [class@Sleek.Pubsub]
 * @service: (nullable): the pubsub service, or %NULL for our account's
 * @node: the node, which we own
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Removes all the items of a node, keeping the node.
 */
void
sleek_pubsub_purge_async (SleekPubsub *self, SleekJid *service, const char *node, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(SleekNode) pubsub = NULL;
  SleekNode *element;
  GTask *task;

  g_return_if_fail (SLEEK_IS_PUBSUB (self));
  g_return_if_fail (node != NULL);

  task = call_new (self, cancellable, callback, user_data, sleek_pubsub_purge_async, parse_done, node);
  pubsub = owner_request ("purge", node, &element);
  send_request (self, task, service, "set", pubsub);
}

/**
 * sleek_pubsub_purge_finish:
 * @self: a [class@Sleek.Pubsub]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.Pubsub.publish_finish]
 *
 * Finishes [method@Sleek.Pubsub.purge_async].
 *
 * Returns: %TRUE when the node is empty
 */
gboolean
sleek_pubsub_purge_finish (SleekPubsub *self, GAsyncResult *result, GError **error)
{
  return finish_boolean (self, result, sleek_pubsub_purge_async, error);
}

/* Notifications */

/* Whether a notification from @from may be believed. */
static gboolean
trusted (SleekPubsub *self, SleekJid *from)
{
  if (!sleek_jid_is_bare (from))
    return FALSE;
  if (sleek_jid_get_local (from) != NULL)
    return TRUE;
  return g_hash_table_contains (self->services, sleek_jid_get_bare (from));
}

static void
emit_for (SleekPubsub *self, guint signal, SleekJid *from, const char *node, gpointer extra)
{
  /* Only a detail someone connected to is a quark already: node names
   * from the network make no new ones. */
  GQuark detail = g_quark_try_string (node);

  if (extra != NULL)
    g_signal_emit (self, signals[signal], detail, from, node, extra);
  else
    g_signal_emit (self, signals[signal], detail, from, node);
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekPubsub *self = user_data;
  g_autoptr(SleekPubsub) hold G_GNUC_UNUSED = g_object_ref (self);
  SleekNode *event;
  g_autoptr(SleekJid) from = NULL;
  guint n;

  if (g_strcmp0 (sleek_stanza_get_stanza_type (stanza), "error") == 0)
    return;
  event = sleek_node_get_child (sleek_stanza_get_node (stanza), "event", SLEEK_NS_PUBSUB_EVENT);
  if (event == NULL)
    return;
  if (sleek_stanza_get_from (stanza) != NULL)
    from = sleek_jid_ref (sleek_stanza_get_from (stanza));
  else
    from = own_bare_jid (self);
  if (from == NULL || !trusted (self, from))
    {
      g_debug ("A pubsub notification from %s, not a service we trust, is dropped",
               from != NULL ? sleek_jid_to_string (from) : "nobody");
      return;
    }

  n = sleek_node_get_n_children (event);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (event, i);
      const char *node = sleek_node_get_attribute (child, "node");

      if (node == NULL || g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_PUBSUB_EVENT) != 0)
        continue;
      if (strcmp (sleek_node_get_name (child), "items") == 0)
        {
          guint m = sleek_node_get_n_children (child);

          for (guint j = 0; j < m; j++)
            {
              SleekNode *entry = sleek_node_get_nth_child (child, j);

              if (sleek_node_is (entry, "item", SLEEK_NS_PUBSUB_EVENT))
                {
                  g_autoptr(SleekPubsubItem) item = item_from_node (entry);

                  emit_for (self, SIGNAL_ITEM_PUBLISHED, from, node, item);
                }
              else if (sleek_node_is (entry, "retract", SLEEK_NS_PUBSUB_EVENT)
                       && sleek_node_get_attribute (entry, "id") != NULL)
                {
                  emit_for (self, SIGNAL_ITEM_RETRACTED, from, node,
                            (gpointer) sleek_node_get_attribute (entry, "id"));
                }
            }
        }
      else if (strcmp (sleek_node_get_name (child), "delete") == 0)
        {
          emit_for (self, SIGNAL_NODE_DELETED, from, node, NULL);
        }
      else if (strcmp (sleek_node_get_name (child), "purge") == 0)
        {
          emit_for (self, SIGNAL_NODE_PURGED, from, node, NULL);
        }
    }
}

/* SleekPlugin */

static void
sleek_pubsub_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_handle_messages (plugin, on_message);
}

static void
sleek_pubsub_plugin_end (SleekPlugin *plugin)
{
  SleekPubsub *self = SLEEK_PUBSUB (plugin);

  /* The handler goes with the plugin. */
  g_hash_table_remove_all (self->services);
}

/* GObject */

static void
sleek_pubsub_finalize (GObject *object)
{
  SleekPubsub *self = SLEEK_PUBSUB (object);

  g_hash_table_unref (self->services);
  G_OBJECT_CLASS (sleek_pubsub_parent_class)->finalize (object);
}

static void
sleek_pubsub_class_init (SleekPubsubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_pubsub_finalize;
  plugin_class->plugin_init = sleek_pubsub_plugin_init;
  plugin_class->plugin_end = sleek_pubsub_plugin_end;

  /**
   * SleekPubsub::item-published:
   * @self: the plugin
   * @service: the service of the node
   * @node: the node's name, also the signal's detail
   * @item: the item, with its payload unless the node sends none
   *
   * A node we are subscribed to (or interested in) has a new or changed
   * item. A notification with several items emits the signal once for
   * each.
   */
  signals[SIGNAL_ITEM_PUBLISHED] =
    g_signal_new ("item-published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, SLEEK_TYPE_JID, G_TYPE_STRING, SLEEK_TYPE_PUBSUB_ITEM);
  /**
   * SleekPubsub::item-retracted:
   * @self: the plugin
   * @service: the service of the node
   * @node: the node's name, also the signal's detail
   * @item_id: the id of the item removed
   *
   * An item was removed from a node.
   */
  signals[SIGNAL_ITEM_RETRACTED] =
    g_signal_new ("item-retracted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, SLEEK_TYPE_JID, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * SleekPubsub::node-deleted:
   * @self: the plugin
   * @service: the service of the node
   * @node: the node's name, also the signal's detail
   *
   * A node was deleted.
   */
  signals[SIGNAL_NODE_DELETED] =
    g_signal_new ("node-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SLEEK_TYPE_JID, G_TYPE_STRING);
  /**
   * SleekPubsub::node-purged:
   * @self: the plugin
   * @service: the service of the node
   * @node: the node's name, also the signal's detail
   *
   * All the items of a node were removed.
   */
  signals[SIGNAL_NODE_PURGED] =
    g_signal_new ("node-purged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SLEEK_TYPE_JID, G_TYPE_STRING);
}

static void
sleek_pubsub_init (SleekPubsub *self)
{
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
