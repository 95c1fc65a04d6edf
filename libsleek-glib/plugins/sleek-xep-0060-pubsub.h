/* sleek-xep-0060-pubsub.h: XEP-0060 Publish-Subscribe
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-node.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0004-forms.h>
#include <plugins/sleek-xep-0059-rsm.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_PUBSUB:
 *
 * The namespace of XEP-0060 Publish-Subscribe,
 * `http://jabber.org/protocol/pubsub`.
 */
#define SLEEK_NS_PUBSUB "http://jabber.org/protocol/pubsub"

/**
 * SLEEK_NS_PUBSUB_OWNER:
 *
 * The namespace of the node owner's XEP-0060 requests,
 * `http://jabber.org/protocol/pubsub#owner`.
 */
#define SLEEK_NS_PUBSUB_OWNER "http://jabber.org/protocol/pubsub#owner"

/**
 * SLEEK_NS_PUBSUB_EVENT:
 *
 * The namespace of XEP-0060 event notifications,
 * `http://jabber.org/protocol/pubsub#event`.
 */
#define SLEEK_NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"

/**
 * SLEEK_NS_PUBSUB_ERRORS:
 *
 * The namespace of the conditions XEP-0060 adds to stanza errors,
 * `http://jabber.org/protocol/pubsub#errors`.
 */
#define SLEEK_NS_PUBSUB_ERRORS "http://jabber.org/protocol/pubsub#errors"

/**
 * SLEEK_PUBSUB_ERROR:
 *
 * Error domain for the conditions XEP-0060 adds to stanza errors. Errors
 * in this domain are from the [error@Sleek.PubsubError] enumeration.
 */
#define SLEEK_PUBSUB_ERROR (sleek_pubsub_error_quark ())

/**
 * SleekPubsubError:
 * @SLEEK_PUBSUB_ERROR_CLOSED_NODE: `closed-node`: the node's access model
 *   keeps us out
 * @SLEEK_PUBSUB_ERROR_CONFIGURATION_REQUIRED: `configuration-required`:
 *   the subscription needs its options set first
 * @SLEEK_PUBSUB_ERROR_INVALID_JID: `invalid-jid`: the JID does not match
 *   the requesting entity
 * @SLEEK_PUBSUB_ERROR_INVALID_OPTIONS: `invalid-options`: the options form
 *   is not acceptable
 * @SLEEK_PUBSUB_ERROR_INVALID_PAYLOAD: `invalid-payload`: the payload does
 *   not fit the node
 * @SLEEK_PUBSUB_ERROR_INVALID_SUBID: `invalid-subid`: no such
 *   subscription id
 * @SLEEK_PUBSUB_ERROR_ITEM_FORBIDDEN: `item-forbidden`: the node takes no
 *   items
 * @SLEEK_PUBSUB_ERROR_ITEM_REQUIRED: `item-required`: an item is needed
 * @SLEEK_PUBSUB_ERROR_JID_REQUIRED: `jid-required`: a JID is needed
 * @SLEEK_PUBSUB_ERROR_MAX_ITEMS_EXCEEDED: `max-items-exceeded`: the node
 *   holds as many items as it may
 * @SLEEK_PUBSUB_ERROR_MAX_NODES_EXCEEDED: `max-nodes-exceeded`: the service
 *   holds as many nodes as it may
 * @SLEEK_PUBSUB_ERROR_NODEID_REQUIRED: `nodeid-required`: a node name is
 *   needed
 * @SLEEK_PUBSUB_ERROR_NOT_IN_ROSTER_GROUP: `not-in-roster-group`: the
 *   owner's roster groups keep us out
 * @SLEEK_PUBSUB_ERROR_NOT_SUBSCRIBED: `not-subscribed`: there is no
 *   subscription to end
 * @SLEEK_PUBSUB_ERROR_PAYLOAD_TOO_BIG: `payload-too-big`: the payload is
 *   larger than the service accepts
 * @SLEEK_PUBSUB_ERROR_PAYLOAD_REQUIRED: `payload-required`: the item needs
 *   a payload
 * @SLEEK_PUBSUB_ERROR_PENDING_SUBSCRIPTION: `pending-subscription`: the
 *   subscription waits for the owner's approval
 * @SLEEK_PUBSUB_ERROR_PRECONDITION_NOT_MET: `precondition-not-met`: the
 *   publish options do not match the node's configuration
 * @SLEEK_PUBSUB_ERROR_PRESENCE_SUBSCRIPTION_REQUIRED:
 *   `presence-subscription-required`: the node is open only to those
 *   with a presence subscription to its owner
 * @SLEEK_PUBSUB_ERROR_SUBID_REQUIRED: `subid-required`: there are several
 *   subscriptions, and the request must name one
 * @SLEEK_PUBSUB_ERROR_TOO_MANY_SUBSCRIPTIONS: `too-many-subscriptions`: the
 *   service allows no more subscriptions
 * @SLEEK_PUBSUB_ERROR_UNSUPPORTED: `unsupported`: the service lacks the
 *   feature the request needs; the message names it
 * @SLEEK_PUBSUB_ERROR_UNSUPPORTED_ACCESS_MODEL: `unsupported-access-model`:
 *   the service does not know the access model asked for
 *
 * The publish-subscribe error conditions of XEP-0060, which come beside
 * a general stanza condition. A request answered with one of these fails
 * with it instead of the [error@Sleek.StanzaError]; the message is the
 * error's text when there is one.
 */
typedef enum {
  SLEEK_PUBSUB_ERROR_CLOSED_NODE,
  SLEEK_PUBSUB_ERROR_CONFIGURATION_REQUIRED,
  SLEEK_PUBSUB_ERROR_INVALID_JID,
  SLEEK_PUBSUB_ERROR_INVALID_OPTIONS,
  SLEEK_PUBSUB_ERROR_INVALID_PAYLOAD,
  SLEEK_PUBSUB_ERROR_INVALID_SUBID,
  SLEEK_PUBSUB_ERROR_ITEM_FORBIDDEN,
  SLEEK_PUBSUB_ERROR_ITEM_REQUIRED,
  SLEEK_PUBSUB_ERROR_JID_REQUIRED,
  SLEEK_PUBSUB_ERROR_MAX_ITEMS_EXCEEDED,
  SLEEK_PUBSUB_ERROR_MAX_NODES_EXCEEDED,
  SLEEK_PUBSUB_ERROR_NODEID_REQUIRED,
  SLEEK_PUBSUB_ERROR_NOT_IN_ROSTER_GROUP,
  SLEEK_PUBSUB_ERROR_NOT_SUBSCRIBED,
  SLEEK_PUBSUB_ERROR_PAYLOAD_TOO_BIG,
  SLEEK_PUBSUB_ERROR_PAYLOAD_REQUIRED,
  SLEEK_PUBSUB_ERROR_PENDING_SUBSCRIPTION,
  SLEEK_PUBSUB_ERROR_PRECONDITION_NOT_MET,
  SLEEK_PUBSUB_ERROR_PRESENCE_SUBSCRIPTION_REQUIRED,
  SLEEK_PUBSUB_ERROR_SUBID_REQUIRED,
  SLEEK_PUBSUB_ERROR_TOO_MANY_SUBSCRIPTIONS,
  SLEEK_PUBSUB_ERROR_UNSUPPORTED,
  SLEEK_PUBSUB_ERROR_UNSUPPORTED_ACCESS_MODEL,
} SleekPubsubError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_pubsub_error_quark (void);

#define SLEEK_TYPE_PUBSUB_ERROR (sleek_pubsub_error_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_pubsub_error_get_type (void) G_GNUC_CONST;

/**
 * SleekPubsubSubscriptionState:
 * @SLEEK_PUBSUB_SUBSCRIPTION_NONE: `none`: not subscribed
 * @SLEEK_PUBSUB_SUBSCRIPTION_PENDING: `pending`: waiting for the owner's
 *   approval
 * @SLEEK_PUBSUB_SUBSCRIPTION_UNCONFIGURED: `unconfigured`: the options
 *   must be set before notifications come
 * @SLEEK_PUBSUB_SUBSCRIPTION_SUBSCRIBED: `subscribed`: notifications come
 *
 * The state of a subscription to a node.
 */
typedef enum {
  SLEEK_PUBSUB_SUBSCRIPTION_NONE,
  SLEEK_PUBSUB_SUBSCRIPTION_PENDING,
  SLEEK_PUBSUB_SUBSCRIPTION_UNCONFIGURED,
  SLEEK_PUBSUB_SUBSCRIPTION_SUBSCRIBED,
} SleekPubsubSubscriptionState;

#define SLEEK_TYPE_PUBSUB_SUBSCRIPTION_STATE (sleek_pubsub_subscription_state_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_pubsub_subscription_state_get_type (void) G_GNUC_CONST;

/* Items */

#define SLEEK_TYPE_PUBSUB_ITEM (sleek_pubsub_item_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPubsubItem, sleek_pubsub_item, SLEEK, PUBSUB_ITEM, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekPubsubItem *sleek_pubsub_item_new           (const char      *id,
                                                  SleekNode       *payload);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_pubsub_item_get_id        (SleekPubsubItem *self);
SLEEK_AVAILABLE_IN_ALL
SleekNode       *sleek_pubsub_item_get_payload   (SleekPubsubItem *self);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_pubsub_item_get_publisher (SleekPubsubItem *self);

/* Subscriptions */

#define SLEEK_TYPE_PUBSUB_SUBSCRIPTION (sleek_pubsub_subscription_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPubsubSubscription, sleek_pubsub_subscription, SLEEK, PUBSUB_SUBSCRIPTION, GObject)

SLEEK_AVAILABLE_IN_ALL
const char                   *sleek_pubsub_subscription_get_node  (SleekPubsubSubscription *self);
SLEEK_AVAILABLE_IN_ALL
SleekJid                     *sleek_pubsub_subscription_get_jid   (SleekPubsubSubscription *self);
SLEEK_AVAILABLE_IN_ALL
const char                   *sleek_pubsub_subscription_get_subid (SleekPubsubSubscription *self);
SLEEK_AVAILABLE_IN_ALL
SleekPubsubSubscriptionState  sleek_pubsub_subscription_get_state (SleekPubsubSubscription *self);

/* The plugin */

#define SLEEK_TYPE_PUBSUB (sleek_pubsub_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPubsub, sleek_pubsub, SLEEK, PUBSUB, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_trust_service        (SleekPubsub          *self,
                                             SleekJid             *service);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_publish_async        (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             const char           *item_id,
                                             SleekNode            *payload,
                                             SleekDataForm        *options,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
char     *sleek_pubsub_publish_finish       (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_retract_async        (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             const char           *item_id,
                                             gboolean              notify,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_pubsub_retract_finish       (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_get_items_async      (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             const char * const   *item_ids,
                                             guint                 max_items,
                                             SleekResultSet       *page,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_pubsub_get_items_finish    (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             SleekResultSet      **result_set,
                                             GError              **error);
SLEEK_AVAILABLE_IN_ALL
SleekResultSetIterator *sleek_pubsub_iterate_items (SleekPubsub *self,
                                                    SleekJid    *service,
                                                    const char  *node,
                                                    guint        page_size);
SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_pubsub_parse_items         (SleekIq              *answer,
                                             GError              **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_subscribe_async      (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             SleekJid             *jid,
                                             SleekDataForm        *options,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekPubsubSubscription *sleek_pubsub_subscribe_finish (SleekPubsub   *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_unsubscribe_async    (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             SleekJid             *jid,
                                             const char           *subid,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_pubsub_unsubscribe_finish   (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_create_node_async    (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             SleekDataForm        *config,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
char     *sleek_pubsub_create_node_finish   (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_get_node_config_async  (SleekPubsub          *self,
                                               SleekJid             *service,
                                               const char           *node,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm *sleek_pubsub_get_node_config_finish (SleekPubsub   *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_configure_node_async (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             SleekDataForm        *config,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_pubsub_configure_node_finish (SleekPubsub         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_delete_node_async    (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_pubsub_delete_node_finish   (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

SLEEK_AVAILABLE_IN_ALL
void      sleek_pubsub_purge_async          (SleekPubsub          *self,
                                             SleekJid             *service,
                                             const char           *node,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_pubsub_purge_finish         (SleekPubsub          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
