/* sleek-roster.c: the contact list (RFC 6121) and the contacts' presence
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-roster-private.h"

#include <string.h>

/**
 * SleekRosterResource:
 *
 * One available resource of a contact (or of any JID whose presence the
 * account receives, the account's own other resources included): the
 * `show`, `status` and `priority` of its last available presence.
 *
 * The object lives as long as the resource stays available; each new
 * presence from it updates the same object, with a notification for every
 * property that changed. It belongs to a list model returned by
 * [method@Sleek.RosterItem.get_resources] or
 * [method@Sleek.BaseXmpp.get_resources], from which it is removed when
 * the resource goes offline.
 */
struct _SleekRosterResource
{
  GObject parent_instance;

  SleekJid *jid;
  char *resource;
  char *show;
  char *status;
  int priority;
  SleekPresence *presence;
};

G_DEFINE_FINAL_TYPE (SleekRosterResource, sleek_roster_resource, G_TYPE_OBJECT)

enum {
  RES_PROP_0,
  RES_PROP_JID,
  RES_PROP_RESOURCE,
  RES_PROP_SHOW,
  RES_PROP_STATUS,
  RES_PROP_PRIORITY,
  RES_PROP_PRESENCE,
  RES_N_PROPS
};

static GParamSpec *resource_properties[RES_N_PROPS];

/**
 * SleekRosterItem:
 *
 * One contact of the roster (RFC 6121 section 2.1.2): its bare JID, the
 * name the user gave it, the subscription state, whether a subscription
 * request of ours is pending (`ask`), whether the server holds a
 * pre-approval (`approved`) and the groups it is filed under.
 *
 * The roster updates the item in place when the server pushes a change,
 * with a notification for every property that changed. The item also
 * exposes the contact's available resources as a live list
 * ([method@Sleek.RosterItem.get_resources]).
 */
struct _SleekRosterItem
{
  GObject parent_instance;

  SleekJid *jid;
  char *name;
  SleekRosterSubscription subscription;
  gboolean ask;
  gboolean approved;
  GStrv groups;
  GListStore *resources;
};

G_DEFINE_FINAL_TYPE (SleekRosterItem, sleek_roster_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_JID,
  ITEM_PROP_NAME,
  ITEM_PROP_SUBSCRIPTION,
  ITEM_PROP_ASK,
  ITEM_PROP_APPROVED,
  ITEM_PROP_GROUPS,
  ITEM_PROP_RESOURCES,
  ITEM_PROP_AVAILABLE,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

/**
 * SleekRoster:
 *
 * The account's roster (RFC 6121 section 2) as a [iface@Gio.ListModel] of
 * [class@Sleek.RosterItem]: what [method@Sleek.BaseXmpp.fetch_roster_async]
 * got from the server, kept up to date by the server's roster pushes.
 *
 * Items are kept in the order they arrived: the order of the server's
 * answer to the first fetch, then each item added by a push at the end. An
 * item that changes is updated in place (see the notifications of
 * [class@Sleek.RosterItem]), so [signal@Gio.ListModel::items-changed] is
 * only emitted when items are added or removed. A later fetch keeps the
 * items that are still there where they are, removes the others and
 * appends the new ones.
 *
 * The roster also tracks presence: every available resource of every JID
 * the account receives presence from, whether on the roster or not, is a
 * [class@Sleek.RosterResource]. The roster survives a disconnection (so a
 * versioned fetch can reuse it); presence does not.
 *
 * The roster is read-only: change it on the server with
 * [method@Sleek.BaseXmpp.update_roster_item_async] and
 * [method@Sleek.BaseXmpp.remove_roster_item_async], whose roster pushes
 * then update it. Like the stream it belongs to, it is not thread-safe.
 */
struct _SleekRoster
{
  GObject parent_instance;

  GPtrArray *items;        /* SleekRosterItem, in order */
  GHashTable *by_jid;      /* bare JID string -> SleekRosterItem (borrowed) */
  GHashTable *presence;    /* bare JID string -> GListStore of SleekRosterResource */
  char *version;
};

static void sleek_roster_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SleekRoster, sleek_roster, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sleek_roster_list_model_init))

enum {
  ROSTER_PROP_0,
  ROSTER_PROP_VERSION,
  ROSTER_PROP_N_ITEMS,
  ROSTER_N_PROPS
};

static GParamSpec *roster_properties[ROSTER_N_PROPS];

static const char * const subscription_names[] = {
  [SLEEK_ROSTER_SUBSCRIPTION_NONE] = "none",
  [SLEEK_ROSTER_SUBSCRIPTION_TO] = "to",
  [SLEEK_ROSTER_SUBSCRIPTION_FROM] = "from",
  [SLEEK_ROSTER_SUBSCRIPTION_BOTH] = "both",
  [SLEEK_ROSTER_SUBSCRIPTION_REMOVE] = "remove",
};

const char *
sleek_roster_subscription_to_wire (SleekRosterSubscription subscription)
{
  g_return_val_if_fail ((guint) subscription < G_N_ELEMENTS (subscription_names), "none");
  return subscription_names[subscription];
}

static SleekRosterSubscription
subscription_from_wire (const char *text)
{
  if (text == NULL)
    return SLEEK_ROSTER_SUBSCRIPTION_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (subscription_names); i++)
    if (strcmp (text, subscription_names[i]) == 0)
      return (SleekRosterSubscription) i;
  return SLEEK_ROSTER_SUBSCRIPTION_NONE;
}

static gboolean
is_true (const char *text)
{
  return text != NULL && (strcmp (text, "true") == 0 || strcmp (text, "1") == 0);
}

static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* SleekRosterResource                                                */
/* ------------------------------------------------------------------ */

static void
sleek_roster_resource_finalize (GObject *object)
{
  SleekRosterResource *self = SLEEK_ROSTER_RESOURCE (object);

  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->resource);
  g_free (self->show);
  g_free (self->status);
  g_clear_object (&self->presence);
  G_OBJECT_CLASS (sleek_roster_resource_parent_class)->finalize (object);
}

static void
sleek_roster_resource_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekRosterResource *self = SLEEK_ROSTER_RESOURCE (object);

  switch (prop_id)
    {
    case RES_PROP_JID:
      g_value_set_boxed (value, self->jid);
      break;
    case RES_PROP_RESOURCE:
      g_value_set_string (value, self->resource);
      break;
    case RES_PROP_SHOW:
      g_value_set_string (value, self->show);
      break;
    case RES_PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case RES_PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;
    case RES_PROP_PRESENCE:
      g_value_set_object (value, self->presence);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_roster_resource_class_init (SleekRosterResourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_roster_resource_finalize;
  object_class->get_property = sleek_roster_resource_get_property;

  /**
   * SleekRosterResource:jid: (getter get_jid)
   *
   * The full JID of the resource (the bare JID when the presence came
   * from one).
   */
  resource_properties[RES_PROP_JID] =
    g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterResource:resource: (getter get_resource)
   *
   * The resourcepart of [property@Sleek.RosterResource:jid]; the empty
   * string when the presence came from a bare JID.
   */
  resource_properties[RES_PROP_RESOURCE] =
    g_param_spec_string ("resource", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterResource:show: (getter get_show)
   *
   * The `<show/>` of the last presence: `away`, `chat`, `dnd` or `xa`, or
   * %NULL for plain availability.
   */
  resource_properties[RES_PROP_SHOW] =
    g_param_spec_string ("show", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterResource:status: (getter get_status)
   *
   * The `<status/>` text of the last presence, or %NULL.
   */
  resource_properties[RES_PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterResource:priority: (getter get_priority)
   *
   * The `<priority/>` of the last presence, 0 when it had none.
   */
  resource_properties[RES_PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL, -128, 127, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterResource:presence: (getter get_presence)
   *
   * The last available presence received from the resource, for the
   * extensions it may carry.
   */
  resource_properties[RES_PROP_PRESENCE] =
    g_param_spec_object ("presence", NULL, NULL, SLEEK_TYPE_PRESENCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, RES_N_PROPS, resource_properties);
}

static void
sleek_roster_resource_init (SleekRosterResource *self)
{
  self->resource = g_strdup ("");
}

static SleekRosterResource *
resource_new (SleekJid *jid, SleekPresence *presence)
{
  SleekRosterResource *self = g_object_new (SLEEK_TYPE_ROSTER_RESOURCE, NULL);
  const char *resource = sleek_jid_get_resource (jid);

  self->jid = sleek_jid_ref (jid);
  g_free (self->resource);
  self->resource = g_strdup (resource != NULL ? resource : "");
  self->show = g_strdup (sleek_presence_get_show (presence));
  self->status = g_strdup (sleek_presence_get_status (presence));
  self->priority = sleek_presence_get_priority (presence);
  self->presence = g_object_ref (presence);
  return self;
}

/* Returns whether show, status or priority changed. */
static gboolean
resource_update (SleekRosterResource *self, SleekPresence *presence)
{
  GObject *object = G_OBJECT (self);
  gboolean changed = FALSE;
  int priority = sleek_presence_get_priority (presence);

  g_object_freeze_notify (object);
  if (set_string (&self->show, sleek_presence_get_show (presence)))
    {
      changed = TRUE;
      g_object_notify_by_pspec (object, resource_properties[RES_PROP_SHOW]);
    }
  if (set_string (&self->status, sleek_presence_get_status (presence)))
    {
      changed = TRUE;
      g_object_notify_by_pspec (object, resource_properties[RES_PROP_STATUS]);
    }
  if (self->priority != priority)
    {
      self->priority = priority;
      changed = TRUE;
      g_object_notify_by_pspec (object, resource_properties[RES_PROP_PRIORITY]);
    }
  if (self->presence != presence)
    {
      g_set_object (&self->presence, presence);
      g_object_notify_by_pspec (object, resource_properties[RES_PROP_PRESENCE]);
    }
  g_object_thaw_notify (object);
  return changed;
}

/**
 * sleek_roster_resource_get_jid: (get-property jid)
 * @self: a [class@Sleek.RosterResource]
 *
 * Gets the full JID of the resource.
 *
 * Returns: (transfer none): the JID the presence came from
 */
SleekJid *
sleek_roster_resource_get_jid (SleekRosterResource *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_RESOURCE (self), NULL);
  return self->jid;
}

/**
 * sleek_roster_resource_get_resource: (get-property resource)
 * @self: a [class@Sleek.RosterResource]
 *
 * Gets the resourcepart.
 *
 * Returns: the resourcepart, or the empty string for a bare JID
 */
const char *
sleek_roster_resource_get_resource (SleekRosterResource *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_RESOURCE (self), NULL);
  return self->resource;
}

/**
 * sleek_roster_resource_get_show: (get-property show)
 * @self: a [class@Sleek.RosterResource]
 *
 * Gets the availability sub-state.
 *
 * Returns: (nullable): `away`, `chat`, `dnd`, `xa`, or %NULL
 */
const char *
sleek_roster_resource_get_show (SleekRosterResource *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_RESOURCE (self), NULL);
  return self->show;
}

/**
 * sleek_roster_resource_get_status: (get-property status)
 * @self: a [class@Sleek.RosterResource]
 *
 * Gets the status message.
 *
 * Returns: (nullable): the status text, or %NULL
 */
const char *
sleek_roster_resource_get_status (SleekRosterResource *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_RESOURCE (self), NULL);
  return self->status;
}

/**
 * sleek_roster_resource_get_priority: (get-property priority)
 * @self: a [class@Sleek.RosterResource]
 *
 * Gets the priority of the resource.
 *
 * Returns: the priority, from -128 to 127
 */
int
sleek_roster_resource_get_priority (SleekRosterResource *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_RESOURCE (self), 0);
  return self->priority;
}

/**
 * sleek_roster_resource_get_presence: (get-property presence)
 * @self: a [class@Sleek.RosterResource]
 *
 * Gets the last available presence of the resource.
 *
 * Returns: (transfer none): the presence
 */
SleekPresence *
sleek_roster_resource_get_presence (SleekRosterResource *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_RESOURCE (self), NULL);
  return self->presence;
}

/* ------------------------------------------------------------------ */
/* SleekRosterItem                                                    */
/* ------------------------------------------------------------------ */

static void
sleek_roster_item_finalize (GObject *object)
{
  SleekRosterItem *self = SLEEK_ROSTER_ITEM (object);

  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->name);
  g_strfreev (self->groups);
  g_clear_object (&self->resources);
  G_OBJECT_CLASS (sleek_roster_item_parent_class)->finalize (object);
}

static void
sleek_roster_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekRosterItem *self = SLEEK_ROSTER_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_JID:
      g_value_set_boxed (value, self->jid);
      break;
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ITEM_PROP_SUBSCRIPTION:
      g_value_set_enum (value, self->subscription);
      break;
    case ITEM_PROP_ASK:
      g_value_set_boolean (value, self->ask);
      break;
    case ITEM_PROP_APPROVED:
      g_value_set_boolean (value, self->approved);
      break;
    case ITEM_PROP_GROUPS:
      g_value_set_boxed (value, self->groups);
      break;
    case ITEM_PROP_RESOURCES:
      g_value_set_object (value, self->resources);
      break;
    case ITEM_PROP_AVAILABLE:
      g_value_set_boolean (value, sleek_roster_item_get_available (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_roster_item_class_init (SleekRosterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_roster_item_finalize;
  object_class->get_property = sleek_roster_item_get_property;

  /**
   * SleekRosterItem:jid: (getter get_jid)
   *
   * The contact's JID, normally a bare JID.
   */
  item_properties[ITEM_PROP_JID] =
    g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:name: (getter get_name)
   *
   * The name the user gave the contact, or %NULL.
   */
  item_properties[ITEM_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:subscription: (getter get_subscription)
   *
   * The presence subscription state between the account and the contact.
   */
  item_properties[ITEM_PROP_SUBSCRIPTION] =
    g_param_spec_enum ("subscription", NULL, NULL, SLEEK_TYPE_ROSTER_SUBSCRIPTION,
                       SLEEK_ROSTER_SUBSCRIPTION_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:ask: (getter get_ask)
   *
   * Whether a subscription request of ours to the contact is pending
   * (`ask='subscribe'`).
   */
  item_properties[ITEM_PROP_ASK] =
    g_param_spec_boolean ("ask", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:approved: (getter get_approved)
   *
   * Whether the server holds a pre-approval of the contact's subscription
   * request (`approved='true'`, RFC 6121 section 3.4).
   */
  item_properties[ITEM_PROP_APPROVED] =
    g_param_spec_boolean ("approved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:groups: (getter get_groups)
   *
   * The groups the contact is filed under, in the server's order; empty
   * when none.
   */
  item_properties[ITEM_PROP_GROUPS] =
    g_param_spec_boxed ("groups", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:resources: (getter get_resources)
   *
   * The contact's available resources, a [iface@Gio.ListModel] of
   * [class@Sleek.RosterResource] in the order they came online.
   */
  item_properties[ITEM_PROP_RESOURCES] =
    g_param_spec_object ("resources", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRosterItem:available: (getter get_available)
   *
   * Whether the contact has at least one available resource.
   */
  item_properties[ITEM_PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
sleek_roster_item_init (SleekRosterItem *self)
{
  self->groups = g_new0 (char *, 1);
}

static gboolean
strv_equal0 (char **a, char **b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;
  return a[i] == NULL && b[i] == NULL;
}

/* Updates @self from a roster <item/>; the jid is not looked at. */
static void
item_update_from_node (SleekRosterItem *self, SleekNode *node)
{
  GObject *object = G_OBJECT (self);
  SleekRosterSubscription subscription = subscription_from_wire (sleek_node_get_attribute (node, "subscription"));
  gboolean ask = g_strcmp0 (sleek_node_get_attribute (node, "ask"), "subscribe") == 0;
  gboolean approved = is_true (sleek_node_get_attribute (node, "approved"));
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  guint n = sleek_node_get_n_children (node);

  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);
      const char *text;
      gboolean seen = FALSE;

      if (!sleek_node_is (child, "group", SLEEK_NS_ROSTER))
        continue;
      text = sleek_node_get_text (child);
      if (text == NULL || *text == '\0')
        continue;
      for (guint j = 0; j < groups->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (groups, j), text) == 0;
      if (!seen)
        g_ptr_array_add (groups, g_strdup (text));
    }
  g_ptr_array_add (groups, NULL);

  g_object_freeze_notify (object);
  if (set_string (&self->name, sleek_node_get_attribute (node, "name")))
    g_object_notify_by_pspec (object, item_properties[ITEM_PROP_NAME]);
  if (self->subscription != subscription)
    {
      self->subscription = subscription;
      g_object_notify_by_pspec (object, item_properties[ITEM_PROP_SUBSCRIPTION]);
    }
  if (self->ask != ask)
    {
      self->ask = ask;
      g_object_notify_by_pspec (object, item_properties[ITEM_PROP_ASK]);
    }
  if (self->approved != approved)
    {
      self->approved = approved;
      g_object_notify_by_pspec (object, item_properties[ITEM_PROP_APPROVED]);
    }
  if (!strv_equal0 (self->groups, (char **) groups->pdata))
    {
      g_strfreev (self->groups);
      self->groups = (GStrv) g_ptr_array_free (g_steal_pointer (&groups), FALSE);
      g_object_notify_by_pspec (object, item_properties[ITEM_PROP_GROUPS]);
    }
  g_object_thaw_notify (object);
}

static SleekRosterItem *
item_new (SleekJid *jid, GListStore *resources)
{
  SleekRosterItem *self = g_object_new (SLEEK_TYPE_ROSTER_ITEM, NULL);

  self->jid = sleek_jid_ref (jid);
  self->resources = g_object_ref (resources);
  return self;
}

/**
 * sleek_roster_item_get_jid: (get-property jid)
 * @self: a [class@Sleek.RosterItem]
 *
 * Gets the contact's JID.
 *
 * Returns: (transfer none): the JID of the item
 */
SleekJid *
sleek_roster_item_get_jid (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), NULL);
  return self->jid;
}

/**
 * sleek_roster_item_get_name: (get-property name)
 * @self: a [class@Sleek.RosterItem]
 *
 * Gets the name the user gave the contact.
 *
 * Returns: (nullable): the name, or %NULL
 */
const char *
sleek_roster_item_get_name (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), NULL);
  return self->name;
}

/**
 * sleek_roster_item_get_subscription: (get-property subscription)
 * @self: a [class@Sleek.RosterItem]
 *
 * Gets the subscription state.
 *
 * Returns: the subscription state
 */
SleekRosterSubscription
sleek_roster_item_get_subscription (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), SLEEK_ROSTER_SUBSCRIPTION_NONE);
  return self->subscription;
}

/**
 * sleek_roster_item_get_ask: (get-property ask)
 * @self: a [class@Sleek.RosterItem]
 *
 * Checks whether a subscription request of ours is pending.
 *
 * Returns: whether the item has `ask='subscribe'`
 */
gboolean
sleek_roster_item_get_ask (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), FALSE);
  return self->ask;
}

/**
 * sleek_roster_item_get_approved: (get-property approved)
 * @self: a [class@Sleek.RosterItem]
 *
 * Checks whether the contact's subscription is pre-approved.
 *
 * Returns: whether the item has `approved='true'`
 */
gboolean
sleek_roster_item_get_approved (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), FALSE);
  return self->approved;
}

/**
 * sleek_roster_item_get_groups: (get-property groups)
 * @self: a [class@Sleek.RosterItem]
 *
 * Gets the groups of the contact.
 *
 * Returns: (transfer none) (array zero-terminated=1): the group names,
 *   possibly none
 */
const char * const *
sleek_roster_item_get_groups (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), NULL);
  return (const char * const *) self->groups;
}

/**
 * sleek_roster_item_in_group:
 * @self: a [class@Sleek.RosterItem]
 * @group: a group name
 *
 * Checks whether the contact is filed under @group.
 *
 * Returns: whether @group is one of the item's groups
 */
gboolean
sleek_roster_item_in_group (SleekRosterItem *self, const char *group)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), FALSE);
  g_return_val_if_fail (group != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->groups, group);
}

/**
 * sleek_roster_item_get_resources: (get-property resources)
 * @self: a [class@Sleek.RosterItem]
 *
 * Gets the contact's available resources. The list is live: resources
 * are appended as they come online, removed as they go offline, and
 * updated in place.
 *
 * Returns: (transfer none): a [iface@Gio.ListModel] of
 *   [class@Sleek.RosterResource]
 */
GListModel *
sleek_roster_item_get_resources (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), NULL);
  return G_LIST_MODEL (self->resources);
}

/**
 * sleek_roster_item_get_available: (get-property available)
 * @self: a [class@Sleek.RosterItem]
 *
 * Checks whether the contact is online.
 *
 * Returns: whether the contact has an available resource
 */
gboolean
sleek_roster_item_get_available (SleekRosterItem *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER_ITEM (self), FALSE);
  return g_list_model_get_n_items (G_LIST_MODEL (self->resources)) > 0;
}

/* ------------------------------------------------------------------ */
/* SleekRoster                                                        */
/* ------------------------------------------------------------------ */

static GType
sleek_roster_get_item_type (GListModel *model)
{
  return SLEEK_TYPE_ROSTER_ITEM;
}

static guint
sleek_roster_get_n_items (GListModel *model)
{
  return SLEEK_ROSTER (model)->items->len;
}

static gpointer
sleek_roster_get_item (GListModel *model, guint position)
{
  SleekRoster *self = SLEEK_ROSTER (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
sleek_roster_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sleek_roster_get_item_type;
  iface->get_n_items = sleek_roster_get_n_items;
  iface->get_item = sleek_roster_get_item;
}

static void
sleek_roster_finalize (GObject *object)
{
  SleekRoster *self = SLEEK_ROSTER (object);

  g_hash_table_unref (self->by_jid);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->presence);
  g_free (self->version);
  G_OBJECT_CLASS (sleek_roster_parent_class)->finalize (object);
}

static void
sleek_roster_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekRoster *self = SLEEK_ROSTER (object);

  switch (prop_id)
    {
    case ROSTER_PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case ROSTER_PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_roster_class_init (SleekRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_roster_finalize;
  object_class->get_property = sleek_roster_get_property;

  /**
   * SleekRoster:version: (getter get_version)
   *
   * The roster version the server gave with the last fetch or push (RFC
   * 6121 section 2.6), or %NULL when it gave none.
   */
  roster_properties[ROSTER_PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekRoster:n-items:
   *
   * The number of items, as [method@Gio.ListModel.get_n_items] gives it.
   */
  roster_properties[ROSTER_PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROSTER_N_PROPS, roster_properties);
}

static void
sleek_roster_init (SleekRoster *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_jid = g_hash_table_new (g_str_hash, g_str_equal);
  self->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

SleekRoster *
sleek_roster_new (void)
{
  return g_object_new (SLEEK_TYPE_ROSTER, NULL);
}

static void
items_changed (SleekRoster *self, guint position, guint removed, guint added)
{
  if (removed == 0 && added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), roster_properties[ROSTER_PROP_N_ITEMS]);
}

void
sleek_roster_set_version (SleekRoster *self, const char *version)
{
  g_return_if_fail (SLEEK_IS_ROSTER (self));

  if (set_string (&self->version, version))
    g_object_notify_by_pspec (G_OBJECT (self), roster_properties[ROSTER_PROP_VERSION]);
}

static GListStore *
ensure_resources (SleekRoster *self, const char *bare)
{
  GListStore *store = g_hash_table_lookup (self->presence, bare);

  if (store == NULL)
    {
      store = g_list_store_new (SLEEK_TYPE_ROSTER_RESOURCE);
      g_hash_table_insert (self->presence, g_strdup (bare), store);
    }
  return store;
}

/* A JID neither on the roster nor online leaves no trace. */
static void
maybe_forget_resources (SleekRoster *self, const char *bare)
{
  GListStore *store = g_hash_table_lookup (self->presence, bare);

  if (store != NULL && g_list_model_get_n_items (G_LIST_MODEL (store)) == 0 &&
      !g_hash_table_contains (self->by_jid, bare))
    g_hash_table_remove (self->presence, bare);
}

static guint
item_position (SleekRoster *self, SleekRosterItem *item)
{
  guint position = 0;

  if (!g_ptr_array_find (self->items, item, &position))
    g_return_val_if_reached (G_MAXUINT);
  return position;
}

/* Parses the jid of a roster <item/>; NULL when missing or invalid. */
static SleekJid *
item_node_jid (SleekNode *node)
{
  const char *text;

  if (!sleek_node_is (node, "item", SLEEK_NS_ROSTER))
    return NULL;
  text = sleek_node_get_attribute (node, "jid");
  if (text == NULL)
    return NULL;
  return sleek_jid_new (text, NULL);
}

static void
remove_at (SleekRoster *self, guint position)
{
  SleekRosterItem *item = g_ptr_array_steal_index (self->items, position);
  g_autofree char *bare = g_strdup (sleek_jid_get_bare (item->jid));

  g_hash_table_remove (self->by_jid, bare);
  maybe_forget_resources (self, bare);
  items_changed (self, position, 1, 0);
  g_object_unref (item);
}

void
sleek_roster_replace (SleekRoster *self, SleekNode *query)
{
  g_autoptr(GHashTable) bare_to_node = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;
  guint i;

  g_return_if_fail (SLEEK_IS_ROSTER (self));
  g_return_if_fail (query != NULL);

  /* What the new roster holds: bare JID -> <item/>, the first of each. */
  n = sleek_node_get_n_children (query);
  for (i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (query, i);
      g_autoptr(SleekJid) jid = item_node_jid (child);

      if (jid == NULL ||
          subscription_from_wire (sleek_node_get_attribute (child, "subscription")) == SLEEK_ROSTER_SUBSCRIPTION_REMOVE ||
          g_hash_table_contains (bare_to_node, sleek_jid_get_bare (jid)))
        continue;
      g_hash_table_insert (bare_to_node, g_strdup (sleek_jid_get_bare (jid)), child);
      g_ptr_array_add (order, g_strdup (sleek_jid_get_bare (jid)));
    }

  /* Remove what is gone, from the end so that positions hold. */
  for (i = self->items->len; i > 0; i--)
    {
      SleekRosterItem *item = g_ptr_array_index (self->items, i - 1);

      if (!g_hash_table_contains (bare_to_node, sleek_jid_get_bare (item->jid)))
        remove_at (self, i - 1);
    }

  /* Update what stays, collect what is new. */
  for (i = 0; i < order->len; i++)
    {
      const char *bare = g_ptr_array_index (order, i);
      SleekNode *child = g_hash_table_lookup (bare_to_node, bare);
      SleekRosterItem *item = g_hash_table_lookup (self->by_jid, bare);

      if (item == NULL)
        {
          g_autoptr(SleekJid) jid = item_node_jid (child);

          item = item_new (jid, ensure_resources (self, bare));
          g_ptr_array_add (fresh, item);
        }
      item_update_from_node (item, child);
    }

  if (fresh->len > 0)
    {
      guint position = self->items->len;

      for (i = 0; i < fresh->len; i++)
        {
          SleekRosterItem *item = g_object_ref (g_ptr_array_index (fresh, i));

          g_ptr_array_add (self->items, item);
          g_hash_table_insert (self->by_jid, (gpointer) sleek_jid_get_bare (item->jid), item);
        }
      items_changed (self, position, 0, fresh->len);
    }
}

SleekRosterItem *
sleek_roster_apply_push (SleekRoster *self, SleekNode *node)
{
  g_autoptr(SleekJid) jid = NULL;
  SleekRosterItem *item;
  const char *bare;

  g_return_val_if_fail (SLEEK_IS_ROSTER (self), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  jid = item_node_jid (node);
  if (jid == NULL)
    return NULL;
  bare = sleek_jid_get_bare (jid);
  item = g_hash_table_lookup (self->by_jid, bare);

  if (subscription_from_wire (sleek_node_get_attribute (node, "subscription")) == SLEEK_ROSTER_SUBSCRIPTION_REMOVE)
    {
      if (item == NULL)
        {
          /* Not ours to remove: report it all the same. */
          GListStore *store = g_hash_table_lookup (self->presence, bare);
          g_autoptr(GListStore) empty = store == NULL ? g_list_store_new (SLEEK_TYPE_ROSTER_RESOURCE) : NULL;

          item = item_new (jid, store != NULL ? store : empty);
          item_update_from_node (item, node);
          return item;
        }
      g_object_ref (item);
      remove_at (self, item_position (self, item));
      item_update_from_node (item, node);
      return item;
    }

  if (item != NULL)
    {
      item_update_from_node (item, node);
      return g_object_ref (item);
    }

  item = item_new (jid, ensure_resources (self, bare));
  item_update_from_node (item, node);
  g_ptr_array_add (self->items, g_object_ref (item));
  g_hash_table_insert (self->by_jid, (gpointer) sleek_jid_get_bare (item->jid), item);
  items_changed (self, self->items->len - 1, 0, 1);
  return item;
}

static gboolean
find_resource (GListStore *store, const char *resource, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SleekRosterResource) res = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (strcmp (res->resource, resource) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
notify_available (SleekRoster *self, const char *bare)
{
  SleekRosterItem *item = g_hash_table_lookup (self->by_jid, bare);

  if (item != NULL)
    g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_AVAILABLE]);
}

SleekRosterPresenceChange
sleek_roster_handle_presence (SleekRoster *self, SleekPresence *presence)
{
  SleekRosterPresenceChange change = SLEEK_ROSTER_PRESENCE_UNCHANGED;
  SleekJid *from;
  const char *resource;
  g_autofree char *bare = NULL;
  GListStore *store;
  guint position;

  g_return_val_if_fail (SLEEK_IS_ROSTER (self), change);
  g_return_val_if_fail (SLEEK_IS_PRESENCE (presence), change);

  from = sleek_stanza_get_from (SLEEK_STANZA (presence));
  if (from == NULL)
    return change;
  bare = g_strdup (sleek_jid_get_bare (from));
  resource = sleek_jid_get_resource (from);
  if (resource == NULL)
    resource = "";

  switch (sleek_presence_get_presence_type (presence))
    {
    case SLEEK_PRESENCE_TYPE_AVAILABLE:
      store = ensure_resources (self, bare);
      if (find_resource (store, resource, &position))
        {
          g_autoptr(SleekRosterResource) res = g_list_model_get_item (G_LIST_MODEL (store), position);

          if (resource_update (res, presence))
            change |= SLEEK_ROSTER_PRESENCE_STATUS;
        }
      else
        {
          g_autoptr(SleekRosterResource) res = resource_new (from, presence);
          gboolean was_empty = g_list_model_get_n_items (G_LIST_MODEL (store)) == 0;

          g_list_store_append (store, res);
          change |= SLEEK_ROSTER_PRESENCE_STATUS;
          if (was_empty)
            {
              change |= SLEEK_ROSTER_PRESENCE_ONLINE;
              notify_available (self, bare);
            }
        }
      break;

    case SLEEK_PRESENCE_TYPE_UNAVAILABLE:
      store = g_hash_table_lookup (self->presence, bare);
      if (store == NULL || g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
        break;
      if (find_resource (store, resource, &position))
        g_list_store_remove (store, position);
      else if (*resource == '\0')
        g_list_store_remove_all (store);  /* the bare JID: every resource is gone */
      else
        break;
      change |= SLEEK_ROSTER_PRESENCE_STATUS;
      if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
        {
          change |= SLEEK_ROSTER_PRESENCE_OFFLINE;
          notify_available (self, bare);
          maybe_forget_resources (self, bare);
        }
      break;

    case SLEEK_PRESENCE_TYPE_SUBSCRIBE:
    case SLEEK_PRESENCE_TYPE_SUBSCRIBED:
    case SLEEK_PRESENCE_TYPE_UNSUBSCRIBE:
    case SLEEK_PRESENCE_TYPE_UNSUBSCRIBED:
    case SLEEK_PRESENCE_TYPE_PROBE:
    case SLEEK_PRESENCE_TYPE_ERROR:
    default:
      break;
    }
  return change;
}

GPtrArray *
sleek_roster_clear_presence (SleekRoster *self)
{
  GPtrArray *offline = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) bares = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SLEEK_IS_ROSTER (self), offline);

  g_hash_table_iter_init (&iter, self->presence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_list_model_get_n_items (G_LIST_MODEL (value)) > 0)
      g_ptr_array_add (bares, g_strdup (key));

  for (guint i = 0; i < bares->len; i++)
    {
      const char *bare = g_ptr_array_index (bares, i);
      GListStore *store = g_hash_table_lookup (self->presence, bare);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_autoptr(SleekRosterResource) last = g_list_model_get_item (G_LIST_MODEL (store), n - 1);
      SleekPresence *presence = sleek_presence_new ();

      sleek_presence_set_presence_type (presence, SLEEK_PRESENCE_TYPE_UNAVAILABLE);
      sleek_stanza_set_from (SLEEK_STANZA (presence), last->jid);
      g_ptr_array_add (offline, presence);
      g_list_store_remove_all (store);
      notify_available (self, bare);
      maybe_forget_resources (self, bare);
    }
  return offline;
}

GListModel *
sleek_roster_lookup_resources (SleekRoster *self, SleekJid *jid)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  return g_hash_table_lookup (self->presence, sleek_jid_get_bare (jid));
}

/**
 * sleek_roster_get_version: (get-property version)
 * @self: a [class@Sleek.Roster]
 *
 * Gets the roster version, which a versioned fetch sends back to the
 * server.
 *
 * Returns: (nullable): the version, or %NULL
 */
const char *
sleek_roster_get_version (SleekRoster *self)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER (self), NULL);
  return self->version;
}

/**
 * sleek_roster_lookup:
 * @self: a [class@Sleek.Roster]
 * @jid: a JID; only its bare part counts
 *
 * Finds the item of a contact.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL when @jid is not
 *   on the roster
 */
SleekRosterItem *
sleek_roster_lookup (SleekRoster *self, SleekJid *jid)
{
  g_return_val_if_fail (SLEEK_IS_ROSTER (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  return g_hash_table_lookup (self->by_jid, sleek_jid_get_bare (jid));
}
