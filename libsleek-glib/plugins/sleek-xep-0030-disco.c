/* sleek-xep-0030-disco.c: XEP-0030 Service Discovery
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Stanza plugins                                                     */
/* ------------------------------------------------------------------ */

/**
 * SleekDiscoInfoStanza:
 *
 * The `<query xmlns='http://jabber.org/protocol/disco#info'/>` payload of
 * an iq, reached as its `disco_info` plugin once the `xep_0030` plugin
 * type is registered. Its key is `node`; its features are read with
 * [method@Sleek.DiscoInfoStanza.get_features].
 */
struct _SleekDiscoInfoStanza
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDiscoInfoStanza, sleek_disco_info_stanza, SLEEK_TYPE_STANZA)

static void
sleek_disco_info_stanza_class_init (SleekDiscoInfoStanzaClass *klass)
{
}

static void
sleek_disco_info_stanza_init (SleekDiscoInfoStanza *self)
{
}

/**
 * SleekDiscoItemsStanza:
 *
 * The `<query xmlns='http://jabber.org/protocol/disco#items'/>` payload of
 * an iq, reached as its `disco_items` plugin once the `xep_0030` plugin
 * type is registered. Its key is `node`; its `<item/>` children are
 * [class@Sleek.DiscoItemStanza]s.
 */
struct _SleekDiscoItemsStanza
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDiscoItemsStanza, sleek_disco_items_stanza, SLEEK_TYPE_STANZA)

static void
sleek_disco_items_stanza_class_init (SleekDiscoItemsStanzaClass *klass)
{
}

static void
sleek_disco_items_stanza_init (SleekDiscoItemsStanza *self)
{
}

/**
 * sleek_disco_info_stanza_get_features:
 * @self: a [class@Sleek.DiscoInfoStanza]
 *
 * Reads the `var` of every `<feature/>` child, in document order, as
 * SleekXMPP's `iq['disco_info']['features']`. Features without a `var`
 * are skipped.
 *
 * Returns: (transfer full): the features
 */
GStrv
sleek_disco_info_stanza_get_features (SleekDiscoInfoStanza *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  SleekNode *query;

  g_return_val_if_fail (SLEEK_IS_DISCO_INFO_STANZA (self), NULL);

  query = sleek_stanza_get_node (SLEEK_STANZA (self));
  builder = g_strv_builder_new ();
  for (guint i = 0; i < sleek_node_get_n_children (query); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (query, i);
      const char *var;

      if (!sleek_node_is (child, "feature", SLEEK_NS_DISCO_INFO))
        continue;
      var = sleek_node_get_attribute (child, "var");
      if (var != NULL)
        g_strv_builder_add (builder, var);
    }
  return g_strv_builder_end (builder);
}

/**
 * sleek_disco_info_stanza_add_feature:
 * @self: a [class@Sleek.DiscoInfoStanza]
 * @var: the feature, usually a namespace
 *
 * Appends a `<feature var='…'/>` child, unless the query already lists
 * @var.
 */
void
sleek_disco_info_stanza_add_feature (SleekDiscoInfoStanza *self,
                                     const char           *var)
{
  g_auto(GStrv) features = NULL;
  SleekNode *child;

  g_return_if_fail (SLEEK_IS_DISCO_INFO_STANZA (self));
  g_return_if_fail (var != NULL);

  features = sleek_disco_info_stanza_get_features (self);
  if (g_strv_contains ((const char * const *) features, var))
    return;
  child = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (self)), "feature", SLEEK_NS_DISCO_INFO);
  sleek_node_set_attribute (child, "var", var);
}

/**
 * SleekDiscoItemStanza:
 *
 * An `<item/>` of a `<query xmlns='http://jabber.org/protocol/disco#items'/>`,
 * built for such elements by [ctor@Sleek.Stanza.new_for_node] once the
 * `xep_0030` plugin type is registered. Its keys are `jid`, `node` and
 * `name`.
 */
struct _SleekDiscoItemStanza
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDiscoItemStanza, sleek_disco_item_stanza, SLEEK_TYPE_STANZA)

static void
sleek_disco_item_stanza_class_init (SleekDiscoItemStanzaClass *klass)
{
}

static void
sleek_disco_item_stanza_init (SleekDiscoItemStanza *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_DISCO_INFO_STANZA, "query", SLEEK_NS_DISCO_INFO, "disco_info");
  sleek_stanza_type_add_key (SLEEK_TYPE_DISCO_INFO_STANZA, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_DISCO_INFO_STANZA);
  sleek_stanza_type_set_element (SLEEK_TYPE_DISCO_ITEMS_STANZA, "query", SLEEK_NS_DISCO_ITEMS, "disco_items");
  sleek_stanza_type_add_key (SLEEK_TYPE_DISCO_ITEMS_STANZA, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_DISCO_ITEMS_STANZA);
  sleek_stanza_type_set_element (SLEEK_TYPE_DISCO_ITEM_STANZA, "item", SLEEK_NS_DISCO_ITEMS, NULL);
  sleek_stanza_type_add_key (SLEEK_TYPE_DISCO_ITEM_STANZA, "jid", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_DISCO_ITEM_STANZA, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_DISCO_ITEM_STANZA, "name", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_DISCO_ITEM_STANZA);
}

/* ------------------------------------------------------------------ */
/* SleekDiscoIdentity                                                 */
/* ------------------------------------------------------------------ */

/**
 * SleekDiscoIdentity:
 *
 * An identity of an XMPP entity: its category and type, such as
 * `client`/`pc` or `server`/`im`, and an optional human-readable name.
 */
struct _SleekDiscoIdentity
{
  GObject parent_instance;
  char *category;
  char *type;
  char *name;
  char *lang;
};

G_DEFINE_FINAL_TYPE (SleekDiscoIdentity, sleek_disco_identity, G_TYPE_OBJECT)

static void
sleek_disco_identity_finalize (GObject *object)
{
  SleekDiscoIdentity *self = SLEEK_DISCO_IDENTITY (object);

  g_free (self->category);
  g_free (self->type);
  g_free (self->name);
  g_free (self->lang);
  G_OBJECT_CLASS (sleek_disco_identity_parent_class)->finalize (object);
}

static void
sleek_disco_identity_class_init (SleekDiscoIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_disco_identity_finalize;
}

static void
sleek_disco_identity_init (SleekDiscoIdentity *self)
{
}

/**
 * sleek_disco_identity_new:
 * @category: the category, such as `client`
 * @type: the type within the category, such as `pc`
 * @name: (nullable): a human-readable name
 * @lang: (nullable): the language of @name
 *
 * Creates an identity.
 *
 * Returns: (transfer full): the identity
 */
SleekDiscoIdentity *
sleek_disco_identity_new (const char *category, const char *type, const char *name, const char *lang)
{
  SleekDiscoIdentity *self;

  g_return_val_if_fail (category != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (SLEEK_TYPE_DISCO_IDENTITY, NULL);
  self->category = g_strdup (category);
  self->type = g_strdup (type);
  self->name = g_strdup (name);
  self->lang = g_strdup (lang);
  return self;
}

/**
 * sleek_disco_identity_get_category:
 * @self: a [class@Sleek.DiscoIdentity]
 *
 * Gets the category, such as `client`.
 *
 * Returns: the category
 */
const char *
sleek_disco_identity_get_category (SleekDiscoIdentity *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_IDENTITY (self), NULL);
  return self->category;
}

/**
 * sleek_disco_identity_get_id_type:
 * @self: a [class@Sleek.DiscoIdentity]
 *
 * Gets the type within the category, such as `pc`.
 *
 * Returns: the type
 */
const char *
sleek_disco_identity_get_id_type (SleekDiscoIdentity *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_IDENTITY (self), NULL);
  return self->type;
}

/**
 * sleek_disco_identity_get_name:
 * @self: a [class@Sleek.DiscoIdentity]
 *
 * Gets the human-readable name.
 *
 * Returns: (nullable): the name
 */
const char *
sleek_disco_identity_get_name (SleekDiscoIdentity *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_IDENTITY (self), NULL);
  return self->name;
}

/**
 * sleek_disco_identity_get_lang:
 * @self: a [class@Sleek.DiscoIdentity]
 *
 * Gets the language of the name.
 *
 * Returns: (nullable): the language tag
 */
const char *
sleek_disco_identity_get_lang (SleekDiscoIdentity *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_IDENTITY (self), NULL);
  return self->lang;
}

static gboolean
identity_is (SleekDiscoIdentity *id, const char *category, const char *type, const char *name, const char *lang)
{
  return g_strcmp0 (id->category, category) == 0 && g_strcmp0 (id->type, type) == 0 &&
         g_strcmp0 (id->name, name) == 0 && g_strcmp0 (id->lang, lang) == 0;
}

/* ------------------------------------------------------------------ */
/* SleekDiscoItem                                                     */
/* ------------------------------------------------------------------ */

/**
 * SleekDiscoItem:
 *
 * An item of an XMPP entity: a JID, with an optional node and name.
 */
struct _SleekDiscoItem
{
  GObject parent_instance;
  SleekJid *jid;
  char *node;
  char *name;
};

G_DEFINE_FINAL_TYPE (SleekDiscoItem, sleek_disco_item, G_TYPE_OBJECT)

static void
sleek_disco_item_finalize (GObject *object)
{
  SleekDiscoItem *self = SLEEK_DISCO_ITEM (object);

  sleek_jid_unref (self->jid);
  g_free (self->node);
  g_free (self->name);
  G_OBJECT_CLASS (sleek_disco_item_parent_class)->finalize (object);
}

static void
sleek_disco_item_class_init (SleekDiscoItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_disco_item_finalize;
}

static void
sleek_disco_item_init (SleekDiscoItem *self)
{
}

/**
 * sleek_disco_item_new:
 * @jid: the item's JID
 * @node: (nullable): the item's node
 * @name: (nullable): a human-readable name
 *
 * Creates an item.
 *
 * Returns: (transfer full): the item
 */
SleekDiscoItem *
sleek_disco_item_new (SleekJid *jid, const char *node, const char *name)
{
  SleekDiscoItem *self;

  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (SLEEK_TYPE_DISCO_ITEM, NULL);
  self->jid = sleek_jid_ref (jid);
  self->node = g_strdup (node);
  self->name = g_strdup (name);
  return self;
}

/**
 * sleek_disco_item_get_jid:
 * @self: a [class@Sleek.DiscoItem]
 *
 * Gets the item's JID.
 *
 * Returns: (transfer none): the JID
 */
SleekJid *
sleek_disco_item_get_jid (SleekDiscoItem *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_ITEM (self), NULL);
  return self->jid;
}

/**
 * sleek_disco_item_get_node:
 * @self: a [class@Sleek.DiscoItem]
 *
 * Gets the item's node.
 *
 * Returns: (nullable): the node
 */
const char *
sleek_disco_item_get_node (SleekDiscoItem *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_ITEM (self), NULL);
  return self->node;
}

/**
 * sleek_disco_item_get_name:
 * @self: a [class@Sleek.DiscoItem]
 *
 * Gets the item's human-readable name.
 *
 * Returns: (nullable): the name
 */
const char *
sleek_disco_item_get_name (SleekDiscoItem *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_ITEM (self), NULL);
  return self->name;
}

/* ------------------------------------------------------------------ */
/* SleekDiscoInfo                                                     */
/* ------------------------------------------------------------------ */

/**
 * SleekDiscoInfo:
 *
 * What an entity (or one of its nodes) says it is and supports: the
 * answer to a disco#info query.
 */
struct _SleekDiscoInfo
{
  GObject parent_instance;
  SleekJid *jid;
  char *node;
  GPtrArray *identities;
  GPtrArray *features;   /* char *, NULL-terminated */
  GPtrArray *forms;      /* SleekDataForm */
};

G_DEFINE_FINAL_TYPE (SleekDiscoInfo, sleek_disco_info, G_TYPE_OBJECT)

static void
sleek_disco_info_finalize (GObject *object)
{
  SleekDiscoInfo *self = SLEEK_DISCO_INFO (object);

  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->node);
  g_ptr_array_unref (self->identities);
  g_ptr_array_unref (self->features);
  g_ptr_array_unref (self->forms);
  G_OBJECT_CLASS (sleek_disco_info_parent_class)->finalize (object);
}

static void
sleek_disco_info_class_init (SleekDiscoInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_disco_info_finalize;
}

static void
sleek_disco_info_init (SleekDiscoInfo *self)
{
  self->identities = g_ptr_array_new_with_free_func (g_object_unref);
  /* Reserved, so that pdata is a NULL-terminated array even when empty. */
  self->features = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->forms = g_ptr_array_new_with_free_func (g_object_unref);
}

static SleekDiscoInfo *
disco_info_new (SleekJid *jid, const char *node)
{
  SleekDiscoInfo *self = g_object_new (SLEEK_TYPE_DISCO_INFO, NULL);

  self->jid = jid != NULL ? sleek_jid_ref (jid) : NULL;
  self->node = g_strdup (node);
  return self;
}

static void
disco_info_add_feature (SleekDiscoInfo *self, const char *var)
{
  if (!sleek_disco_info_has_feature (self, var))
    g_ptr_array_add (self->features, g_strdup (var));
}

/**
 * sleek_disco_info_get_jid:
 * @self: a [class@Sleek.DiscoInfo]
 *
 * Gets the JID that was asked.
 *
 * Returns: (transfer none) (nullable): the JID, or %NULL for our own
 *   information
 */
SleekJid *
sleek_disco_info_get_jid (SleekDiscoInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), NULL);
  return self->jid;
}

/**
 * sleek_disco_info_get_node:
 * @self: a [class@Sleek.DiscoInfo]
 *
 * Gets the node that was asked.
 *
 * Returns: (nullable): the node
 */
const char *
sleek_disco_info_get_node (SleekDiscoInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), NULL);
  return self->node;
}

/**
 * sleek_disco_info_get_identities:
 * @self: a [class@Sleek.DiscoInfo]
 *
 * Gets the identities.
 *
 * Returns: (transfer none) (element-type Sleek.DiscoIdentity): the identities
 */
GPtrArray *
sleek_disco_info_get_identities (SleekDiscoInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), NULL);
  return self->identities;
}

/**
 * sleek_disco_info_get_features:
 * @self: a [class@Sleek.DiscoInfo]
 *
 * Gets the features, in the order they were given.
 *
 * Returns: (transfer none) (array zero-terminated=1): the feature namespaces
 */
const char * const *
sleek_disco_info_get_features (SleekDiscoInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), NULL);
  return (const char * const *) self->features->pdata;
}

/**
 * sleek_disco_info_has_feature:
 * @self: a [class@Sleek.DiscoInfo]
 * @var: a feature namespace
 *
 * Checks for a feature.
 *
 * Returns: %TRUE if @var is among the features
 */
gboolean
sleek_disco_info_has_feature (SleekDiscoInfo *self, const char *var)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), FALSE);
  g_return_val_if_fail (var != NULL, FALSE);

  for (guint i = 0; i < self->features->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->features, i), var) == 0)
      return TRUE;
  return FALSE;
}

/**
 * sleek_disco_info_has_identity:
 * @self: a [class@Sleek.DiscoInfo]
 * @category: an identity category
 * @type: (nullable): a type within it, or %NULL for any
 *
 * Checks for an identity.
 *
 * Returns: %TRUE if one of the identities matches
 */
gboolean
sleek_disco_info_has_identity (SleekDiscoInfo *self, const char *category, const char *type)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  for (guint i = 0; i < self->identities->len; i++)
    {
      SleekDiscoIdentity *id = g_ptr_array_index (self->identities, i);

      if (g_strcmp0 (id->category, category) == 0 && (type == NULL || g_strcmp0 (id->type, type) == 0))
        return TRUE;
    }
  return FALSE;
}

/**
 * sleek_disco_info_get_forms:
 * @self: a [class@Sleek.DiscoInfo]
 *
 * Lists the XEP-0128 extended information: the `result` data forms the
 * answer carries beside its identities and features, each named by its
 * `FORM_TYPE` ([method@Sleek.DataForm.get_form_namespace]). For our own
 * information these are the forms added with
 * [method@Sleek.Disco.add_extension].
 *
 * Returns: (transfer none) (element-type Sleek.DataForm): the forms, in
 *   the order of the answer
 */
GPtrArray *
sleek_disco_info_get_forms (SleekDiscoInfo *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), NULL);
  return self->forms;
}

/**
 * sleek_disco_info_get_form:
 * @self: a [class@Sleek.DiscoInfo]
 * @form_namespace: a `FORM_TYPE`, such as
 *   `http://jabber.org/network/serverinfo`
 *
 * Finds the extended information form whose `FORM_TYPE` is
 * @form_namespace.
 *
 * Returns: (transfer none) (nullable): the first such form, or %NULL
 */
SleekDataForm *
sleek_disco_info_get_form (SleekDiscoInfo *self, const char *form_namespace)
{
  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (self), NULL);
  g_return_val_if_fail (form_namespace != NULL, NULL);

  for (guint i = 0; i < self->forms->len; i++)
    if (g_strcmp0 (sleek_data_form_get_form_namespace (self->forms->pdata[i]), form_namespace) == 0)
      return self->forms->pdata[i];
  return NULL;
}

/* ------------------------------------------------------------------ */
/* SleekDisco                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekDisco:
 *
 * The `xep_0030` plugin: XEP-0030 Service Discovery.
 *
 * It answers disco#info and disco#items queries about us with the
 * identities, features and items registered with it (other plugins add
 * their features here, and remove them when they end) and the XEP-0128
 * extended information forms added with [method@Sleek.Disco.add_extension],
 * and asks other entities with [method@Sleek.Disco.get_info_async] and
 * [method@Sleek.Disco.get_items_async]. Answers are cached per JID and
 * node while [property@Sleek.Disco:use-cache] is set, until the next
 * session is bound or [method@Sleek.Disco.flush_cache] is called.
 *
 * Every entity has at least one identity: until one is added for the
 * entity itself, a client answers as `client/pc` and a component as
 * `component/generic`. A bot adds `client/bot`, which replaces it.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0030", &error);
 * disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (xmpp, "xep_0030"));
 * sleek_disco_add_feature (disco, "urn:xmpp:ping", NULL);
 * ```
 */

typedef struct {
  GPtrArray *identities;   /* SleekDiscoIdentity */
  GPtrArray *features;     /* char * */
  GPtrArray *items;        /* SleekDiscoItem */
  GPtrArray *forms;        /* SleekDataForm, our copies */
} NodeData;

struct _SleekDisco
{
  SleekPlugin parent_instance;
  GHashTable *nodes;       /* node ("" for none) -> NodeData */
  GHashTable *cache;       /* "info\njid\nnode" or "items\n..." -> GObject or GPtrArray */
  GHashTable *root_aliases; /* nodes answered as the entity itself */
  gboolean use_cache;
};

G_DEFINE_FINAL_TYPE (SleekDisco, sleek_disco, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_USE_CACHE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOCAL_INFO_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
info_changed (SleekDisco *self, const char *node)
{
  g_signal_emit (self, signals[SIGNAL_LOCAL_INFO_CHANGED], 0, node);
}

static void
node_data_free (gpointer data)
{
  NodeData *nd = data;

  g_ptr_array_unref (nd->identities);
  g_ptr_array_unref (nd->features);
  g_ptr_array_unref (nd->items);
  g_ptr_array_unref (nd->forms);
  g_free (nd);
}

static NodeData *
get_node_data (SleekDisco *self, const char *node, gboolean create)
{
  NodeData *nd = g_hash_table_lookup (self->nodes, node != NULL ? node : "");

  if (nd == NULL && create)
    {
      nd = g_new0 (NodeData, 1);
      nd->identities = g_ptr_array_new_with_free_func (g_object_unref);
      nd->features = g_ptr_array_new_with_free_func (g_free);
      nd->items = g_ptr_array_new_with_free_func (g_object_unref);
      nd->forms = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->nodes, g_strdup (node != NULL ? node : ""), nd);
    }
  return nd;
}

static void
send_error (SleekXmlStream *stream, SleekStanza *request, SleekStanzaError code)
{
  g_autoptr(GError) error = g_error_new_literal (SLEEK_STANZA_ERROR, code, sleek_stanza_error_to_condition (code));
  g_autoptr(SleekStanza) reply = sleek_stanza_make_error_reply (request, error);

  sleek_xml_stream_send (stream, reply);
}

static const char *
query_node (SleekStanza *stanza, const char *ns)
{
  SleekNode *query = sleek_node_get_child (sleek_stanza_get_node (stanza), "query", ns);
  const char *node = query != NULL ? sleek_node_get_attribute (query, "node") : NULL;

  return node != NULL && *node != '\0' ? node : NULL;
}

static void
on_info_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekDisco *self = SLEEK_DISCO (user_data);
  const char *node = query_node (stanza, SLEEK_NS_DISCO_INFO);
  /* A root alias (such as an XEP-0115 node#ver) is answered as the root. */
  gboolean root = node == NULL || g_hash_table_contains (self->root_aliases, node);
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(SleekNode) query = NULL;

  if (!SLEEK_IS_IQ (stanza))
    return;
  info = sleek_disco_get_local_info (self, root ? NULL : node);
  if (info == NULL)
    {
      send_error (stream, stanza, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
      return;
    }

  query = sleek_node_new ("query", SLEEK_NS_DISCO_INFO);
  if (node != NULL)
    sleek_node_set_attribute (query, "node", node);
  for (guint i = 0; i < info->identities->len; i++)
    {
      SleekDiscoIdentity *id = g_ptr_array_index (info->identities, i);
      SleekNode *child = sleek_node_add_child_new (query, "identity", SLEEK_NS_DISCO_INFO);

      sleek_node_set_attribute (child, "category", id->category);
      sleek_node_set_attribute (child, "type", id->type);
      if (id->name != NULL)
        sleek_node_set_attribute (child, "name", id->name);
      if (id->lang != NULL)
        sleek_node_set_lang (child, id->lang);
    }
  for (guint i = 0; i < info->features->len; i++)
    sleek_node_set_attribute (sleek_node_add_child_new (query, "feature", SLEEK_NS_DISCO_INFO), "var",
                              g_ptr_array_index (info->features, i));
  for (guint i = 0; i < info->forms->len; i++)
    {
      g_autoptr(SleekNode) form = sleek_node_copy (sleek_stanza_get_node (g_ptr_array_index (info->forms, i)));

      sleek_node_add_child (query, form);
    }

  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_iq_set_payload (SLEEK_IQ (reply), query);
  sleek_xml_stream_send (stream, reply);
}

static void
on_items_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekDisco *self = SLEEK_DISCO (user_data);
  const char *node = query_node (stanza, SLEEK_NS_DISCO_ITEMS);
  NodeData *nd = get_node_data (self, node, FALSE);
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(SleekNode) query = NULL;

  if (!SLEEK_IS_IQ (stanza))
    return;
  if (node != NULL && nd == NULL)
    {
      send_error (stream, stanza, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
      return;
    }

  query = sleek_node_new ("query", SLEEK_NS_DISCO_ITEMS);
  if (node != NULL)
    sleek_node_set_attribute (query, "node", node);
  for (guint i = 0; nd != NULL && i < nd->items->len; i++)
    {
      SleekDiscoItem *item = g_ptr_array_index (nd->items, i);
      SleekNode *child = sleek_node_add_child_new (query, "item", SLEEK_NS_DISCO_ITEMS);

      sleek_node_set_attribute (child, "jid", sleek_jid_to_string (item->jid));
      if (item->node != NULL)
        sleek_node_set_attribute (child, "node", item->node);
      if (item->name != NULL)
        sleek_node_set_attribute (child, "name", item->name);
    }

  reply = sleek_stanza_reply (stanza, TRUE);
  sleek_iq_set_payload (SLEEK_IQ (reply), query);
  sleek_xml_stream_send (stream, reply);
}

static void
sleek_disco_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  g_autoptr(SleekMatcher) info = NULL;
  g_autoptr(SleekMatcher) items = NULL;
  g_autoptr(GError) error = NULL;

  info = sleek_matcher_new_xml_mask ("<iq type='get'><query xmlns='" SLEEK_NS_DISCO_INFO "'/></iq>", &error);
  g_assert_no_error (error);
  items = sleek_matcher_new_xml_mask ("<iq type='get'><query xmlns='" SLEEK_NS_DISCO_ITEMS "'/></iq>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, info, SLEEK_HANDLER_NONE, on_info_request, plugin, NULL);
  sleek_plugin_add_handler (plugin, items, SLEEK_HANDLER_NONE, on_items_request, plugin, NULL);
}

static void
sleek_disco_plugin_end (SleekPlugin *plugin)
{
  SleekDisco *self = SLEEK_DISCO (plugin);

  /* The handlers go with the plugin; what others registered goes too. */
  g_hash_table_remove_all (self->nodes);
  g_hash_table_remove_all (self->cache);
  g_hash_table_remove_all (self->root_aliases);
}

/* A new session may find the world changed: ask again. */
static void
sleek_disco_session_bind (SleekPlugin *plugin, SleekJid *jid)
{
  g_hash_table_remove_all (SLEEK_DISCO (plugin)->cache);
}

static void
sleek_disco_finalize (GObject *object)
{
  SleekDisco *self = SLEEK_DISCO (object);

  g_hash_table_unref (self->nodes);
  g_hash_table_unref (self->cache);
  g_hash_table_unref (self->root_aliases);
  G_OBJECT_CLASS (sleek_disco_parent_class)->finalize (object);
}

static void
sleek_disco_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekDisco *self = SLEEK_DISCO (object);

  switch (prop_id)
    {
    case PROP_USE_CACHE:
      g_value_set_boolean (value, self->use_cache);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_disco_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekDisco *self = SLEEK_DISCO (object);

  switch (prop_id)
    {
    case PROP_USE_CACHE:
      sleek_disco_set_use_cache (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_disco_class_init (SleekDiscoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_disco_finalize;
  object_class->get_property = sleek_disco_get_property;
  object_class->set_property = sleek_disco_set_property;
  plugin_class->plugin_init = sleek_disco_plugin_init;
  plugin_class->plugin_end = sleek_disco_plugin_end;
  plugin_class->session_bind = sleek_disco_session_bind;

  /**
   * SleekDisco:use-cache: (getter get_use_cache) (setter set_use_cache)
   *
   * Whether answers to [method@Sleek.Disco.get_info_async] and
   * [method@Sleek.Disco.get_items_async] are kept and given again
   * without asking. Turning it off empties the cache.
   */
  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();

  properties[PROP_USE_CACHE] =
    g_param_spec_boolean ("use-cache", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekDisco::local-info-changed:
   * @self: the plugin
   * @node: (nullable): the node whose information changed, or %NULL for
   *   the entity itself
   *
   * What a disco#info query about us is answered changed: an identity, a
   * feature or an extension form was added or removed. It is emitted
   * once per change, so a handler that does costly work should gather
   * several (XEP-0115 [class@Sleek.EntityCaps] recomputes its
   * verification string once per main loop iteration).
   */
  signals[SIGNAL_LOCAL_INFO_CHANGED] =
    g_signal_new ("local-info-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sleek_disco_init (SleekDisco *self)
{
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, node_data_free);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->root_aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->use_cache = TRUE;
}

/* What we answer */

/**
 * sleek_disco_add_feature:
 * @self: a [class@Sleek.Disco]
 * @var: a feature namespace
 * @node: (nullable): the node to add it to, or %NULL for the entity itself
 *
 * Adds a feature to what disco#info queries about us are answered.
 * Adding it again does nothing.
 */
void
sleek_disco_add_feature (SleekDisco *self, const char *var, const char *node)
{
  NodeData *nd;

  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (var != NULL);

  nd = get_node_data (self, node, TRUE);
  for (guint i = 0; i < nd->features->len; i++)
    if (g_str_equal (g_ptr_array_index (nd->features, i), var))
      return;
  g_ptr_array_add (nd->features, g_strdup (var));
  info_changed (self, node);
}

/**
 * sleek_disco_remove_feature:
 * @self: a [class@Sleek.Disco]
 * @var: a feature namespace
 * @node: (nullable): the node, or %NULL for the entity itself
 *
 * Removes a feature added with [method@Sleek.Disco.add_feature].
 *
 * Returns: %TRUE if it was there
 */
gboolean
sleek_disco_remove_feature (SleekDisco *self, const char *var, const char *node)
{
  NodeData *nd;

  g_return_val_if_fail (SLEEK_IS_DISCO (self), FALSE);
  g_return_val_if_fail (var != NULL, FALSE);

  nd = get_node_data (self, node, FALSE);
  for (guint i = 0; nd != NULL && i < nd->features->len; i++)
    if (g_str_equal (g_ptr_array_index (nd->features, i), var))
      {
        g_ptr_array_remove_index (nd->features, i);
        info_changed (self, node);
        return TRUE;
      }
  return FALSE;
}

/**
 * sleek_disco_add_identity:
 * @self: a [class@Sleek.Disco]
 * @identity: the identity
 * @node: (nullable): the node to add it to, or %NULL for the entity itself
 *
 * Adds an identity to what disco#info queries about us are answered.
 */
void
sleek_disco_add_identity (SleekDisco *self, SleekDiscoIdentity *identity, const char *node)
{
  NodeData *nd;

  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (SLEEK_IS_DISCO_IDENTITY (identity));

  nd = get_node_data (self, node, TRUE);
  for (guint i = 0; i < nd->identities->len; i++)
    if (identity_is (g_ptr_array_index (nd->identities, i), identity->category, identity->type, identity->name, identity->lang))
      return;
  g_ptr_array_add (nd->identities, g_object_ref (identity));
  info_changed (self, node);
}

/**
 * sleek_disco_remove_identity:
 * @self: a [class@Sleek.Disco]
 * @category: the identity's category
 * @type: its type
 * @name: (nullable): its name
 * @lang: (nullable): the language of its name
 * @node: (nullable): the node, or %NULL for the entity itself
 *
 * Removes an identity added with [method@Sleek.Disco.add_identity].
 *
 * Returns: %TRUE if it was there
 */
gboolean
sleek_disco_remove_identity (SleekDisco *self, const char *category, const char *type,
                             const char *name, const char *lang, const char *node)
{
  NodeData *nd;

  g_return_val_if_fail (SLEEK_IS_DISCO (self), FALSE);

  nd = get_node_data (self, node, FALSE);
  for (guint i = 0; nd != NULL && i < nd->identities->len; i++)
    if (identity_is (g_ptr_array_index (nd->identities, i), category, type, name, lang))
      {
        g_ptr_array_remove_index (nd->identities, i);
        info_changed (self, node);
        return TRUE;
      }
  return FALSE;
}

/**
 * sleek_disco_add_item:
 * @self: a [class@Sleek.Disco]
 * @item: the item
 * @node: (nullable): the node to add it to, or %NULL for the entity itself
 *
 * Adds an item to what disco#items queries about us are answered.
 */
void
sleek_disco_add_item (SleekDisco *self, SleekDiscoItem *item, const char *node)
{
  NodeData *nd;

  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (SLEEK_IS_DISCO_ITEM (item));

  nd = get_node_data (self, node, TRUE);
  g_ptr_array_add (nd->items, g_object_ref (item));
}

/**
 * sleek_disco_remove_item:
 * @self: a [class@Sleek.Disco]
 * @jid: the item's JID
 * @item_node: (nullable): the item's node
 * @node: (nullable): the node it was added to, or %NULL for the entity itself
 *
 * Removes an item added with [method@Sleek.Disco.add_item].
 *
 * Returns: %TRUE if it was there
 */
gboolean
sleek_disco_remove_item (SleekDisco *self, SleekJid *jid, const char *item_node, const char *node)
{
  NodeData *nd;

  g_return_val_if_fail (SLEEK_IS_DISCO (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  nd = get_node_data (self, node, FALSE);
  for (guint i = 0; nd != NULL && i < nd->items->len; i++)
    {
      SleekDiscoItem *item = g_ptr_array_index (nd->items, i);

      if (sleek_jid_equal (item->jid, jid) && g_strcmp0 (item->node, item_node) == 0)
        {
          g_ptr_array_remove_index (nd->items, i);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * sleek_disco_add_extension:
 * @self: a [class@Sleek.Disco]
 * @form: a `result` data form with a `FORM_TYPE`
 * @node: (nullable): the node to add it to, or %NULL for the entity itself
 *
 * Adds XEP-0128 extended information to what disco#info queries about us
 * are answered: a copy of @form goes into the answers, after the
 * features. A form added before with the same `FORM_TYPE` on @node is
 * replaced, as XEP-0128 allows one form per `FORM_TYPE`.
 *
 * The `xep_0128` plugin ([class@Sleek.ExtendedDisco]) calls this and
 * removes its forms when it ends.
 */
void
sleek_disco_add_extension (SleekDisco *self, SleekDataForm *form, const char *node)
{
  const char *form_namespace;
  NodeData *nd;

  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (SLEEK_IS_DATA_FORM (form));
  g_return_if_fail (sleek_data_form_get_form_type (form) == SLEEK_DATA_FORM_TYPE_RESULT);
  form_namespace = sleek_data_form_get_form_namespace (form);
  g_return_if_fail (form_namespace != NULL);

  nd = get_node_data (self, node, TRUE);
  for (guint i = 0; i < nd->forms->len; i++)
    if (g_strcmp0 (sleek_data_form_get_form_namespace (nd->forms->pdata[i]), form_namespace) == 0)
      {
        g_object_unref (nd->forms->pdata[i]);
        nd->forms->pdata[i] = sleek_stanza_copy (SLEEK_STANZA (form));
        info_changed (self, node);
        return;
      }
  g_ptr_array_add (nd->forms, sleek_stanza_copy (SLEEK_STANZA (form)));
  info_changed (self, node);
}

/**
 * sleek_disco_remove_extension:
 * @self: a [class@Sleek.Disco]
 * @form_namespace: the `FORM_TYPE` of the form to remove
 * @node: (nullable): the node it was added to, or %NULL for the entity
 *
 * Removes extended information added with
 * [method@Sleek.Disco.add_extension].
 *
 * Returns: %TRUE when a form was removed
 */
gboolean
sleek_disco_remove_extension (SleekDisco *self, const char *form_namespace, const char *node)
{
  NodeData *nd;

  g_return_val_if_fail (SLEEK_IS_DISCO (self), FALSE);
  g_return_val_if_fail (form_namespace != NULL, FALSE);

  nd = get_node_data (self, node, FALSE);
  for (guint i = 0; nd != NULL && i < nd->forms->len; i++)
    if (g_strcmp0 (sleek_data_form_get_form_namespace (nd->forms->pdata[i]), form_namespace) == 0)
      {
        g_ptr_array_remove_index (nd->forms, i);
        info_changed (self, node);
        return TRUE;
      }
  return FALSE;
}

static SleekDiscoIdentity *
default_identity (SleekDisco *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (xmpp != NULL && SLEEK_IS_COMPONENT_XMPP (xmpp))
    return sleek_disco_identity_new ("component", "generic", NULL, NULL);
  return sleek_disco_identity_new ("client", "pc", NULL, NULL);
}

/**
 * sleek_disco_get_local_info:
 * @self: a [class@Sleek.Disco]
 * @node: (nullable): a node, or %NULL for the entity itself
 *
 * Gets what a disco#info query about us would be answered. While no
 * identity was added for the entity itself, it has a default one:
 * `client/pc` for a client, `component/generic` for a component.
 *
 * Returns: (transfer full) (nullable): the information, or %NULL for a
 *   node nothing was added to
 */
SleekDiscoInfo *
sleek_disco_get_local_info (SleekDisco *self, const char *node)
{
  NodeData *nd;
  SleekDiscoInfo *info;

  g_return_val_if_fail (SLEEK_IS_DISCO (self), NULL);

  nd = get_node_data (self, node, FALSE);
  if (node != NULL && nd == NULL)
    return NULL;
  info = disco_info_new (NULL, node);
  if (node == NULL)
    {
      disco_info_add_feature (info, SLEEK_NS_DISCO_INFO);
      disco_info_add_feature (info, SLEEK_NS_DISCO_ITEMS);
    }
  for (guint i = 0; nd != NULL && i < nd->identities->len; i++)
    g_ptr_array_add (info->identities, g_object_ref (g_ptr_array_index (nd->identities, i)));
  /* Every entity has an identity (XEP-0030 section 3.1): until one is
   * added, a client says it is a client and a component a component. */
  if (node == NULL && info->identities->len == 0)
    g_ptr_array_add (info->identities, default_identity (self));
  for (guint i = 0; nd != NULL && i < nd->features->len; i++)
    disco_info_add_feature (info, g_ptr_array_index (nd->features, i));
  for (guint i = 0; nd != NULL && i < nd->forms->len; i++)
    g_ptr_array_add (info->forms, sleek_stanza_copy (g_ptr_array_index (nd->forms, i)));
  return info;
}

/* For XEP-0115: queries to @alias are answered as queries to the entity. */
void
sleek_disco_add_root_alias (SleekDisco *self, const char *alias)
{
  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (alias != NULL);
  g_hash_table_add (self->root_aliases, g_strdup (alias));
}

void
sleek_disco_remove_root_alias (SleekDisco *self, const char *alias)
{
  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (alias != NULL);
  g_hash_table_remove (self->root_aliases, alias);
}

/* What we ask */

static char *
cache_key (const char *kind, SleekJid *jid, const char *node)
{
  return g_strdup_printf ("%s\n%s\n%s", kind, sleek_jid_to_string (jid), node != NULL ? node : "");
}

typedef struct {
  char *key;
  SleekJid *jid;
  char *node;
} Request;

static void
request_free (gpointer data)
{
  Request *r = data;

  g_free (r->key);
  sleek_jid_unref (r->jid);
  g_free (r->node);
  g_free (r);
}

static SleekDiscoInfo *
parse_info (SleekJid *jid, const char *node, SleekNode *query)
{
  SleekDiscoInfo *info = disco_info_new (jid, node);

  for (guint i = 0; query != NULL && i < sleek_node_get_n_children (query); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (query, i);

      if (sleek_node_is (child, "identity", SLEEK_NS_DISCO_INFO))
        {
          const char *category = sleek_node_get_attribute (child, "category");
          const char *type = sleek_node_get_attribute (child, "type");

          if (category != NULL && type != NULL)
            g_ptr_array_add (info->identities,
                             sleek_disco_identity_new (category, type, sleek_node_get_attribute (child, "name"),
                                                       sleek_node_get_lang (child)));
        }
      else if (sleek_node_is (child, "feature", SLEEK_NS_DISCO_INFO))
        {
          const char *var = sleek_node_get_attribute (child, "var");

          if (var != NULL)
            disco_info_add_feature (info, var);
        }
      else if (sleek_node_is (child, "x", SLEEK_NS_DATA_FORMS))
        {
          g_autoptr(SleekNode) copy = sleek_node_copy (child);

          g_ptr_array_add (info->forms, g_object_new (SLEEK_TYPE_DATA_FORM, "node", copy, NULL));
        }
    }
  return info;
}

SleekDiscoInfo *
sleek_disco_info_new_from_query (SleekJid *jid, const char *node, SleekNode *query)
{
  return parse_info (jid, node, query);
}

static GPtrArray *
parse_items (SleekNode *query)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; query != NULL && i < sleek_node_get_n_children (query); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (query, i);
      g_autoptr(SleekJid) jid = NULL;
      const char *text;

      if (!sleek_node_is (child, "item", SLEEK_NS_DISCO_ITEMS))
        continue;
      text = sleek_node_get_attribute (child, "jid");
      if (text == NULL || (jid = sleek_jid_new (text, NULL)) == NULL)
        continue;
      g_ptr_array_add (items, sleek_disco_item_new (jid, sleek_node_get_attribute (child, "node"),
                                                    sleek_node_get_attribute (child, "name")));
    }
  return items;
}

static void
on_query_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekDisco *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  gboolean info = g_task_get_source_tag (task) == sleek_disco_get_info_async;
  const char *ns = info ? SLEEK_NS_DISCO_INFO : SLEEK_NS_DISCO_ITEMS;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(GPtrArray) value = NULL;
  SleekNode *query;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query", ns);
  /* The cache holds a one-element array for info, the items for items. */
  if (info)
    {
      value = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (value, parse_info (r->jid, r->node, query));
    }
  else
    {
      value = parse_items (query);
    }
  if (self->use_cache)
    g_hash_table_replace (self->cache, g_strdup (r->key), g_ptr_array_ref (value));
  g_task_return_pointer (task, g_steal_pointer (&value), (GDestroyNotify) g_ptr_array_unref);
}

static void
start_query (SleekDisco *self, gpointer tag, const char *ns, SleekJid *jid, const char *node,
             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  Request *r;
  GPtrArray *cached;
  g_autoptr(SleekNode) query = NULL;
  g_autoptr(SleekIq) iq = NULL;

  g_task_set_source_tag (task, tag);
  if (xmpp == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The service discovery plugin is not enabled"));
      return;
    }

  r = g_new0 (Request, 1);
  r->key = cache_key (ns, jid, node);
  r->jid = sleek_jid_ref (jid);
  r->node = g_strdup (node);
  g_task_set_task_data (task, r, request_free);

  cached = self->use_cache ? g_hash_table_lookup (self->cache, r->key) : NULL;
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (cached), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  query = sleek_node_new ("query", ns);
  if (node != NULL)
    sleek_node_set_attribute (query, "node", node);
  iq = sleek_base_xmpp_make_iq (xmpp, "get", sleek_jid_to_string (jid), query);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, cancellable, on_query_answer, g_steal_pointer (&task));
}

/**
 * sleek_disco_get_info_async:
 * @self: an enabled [class@Sleek.Disco]
 * @jid: the entity to ask
 * @node: (nullable): the node to ask about, or %NULL for the entity itself
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Asks an entity what it is and supports, or answers from the cache.
 */
void
sleek_disco_get_info_async (SleekDisco *self, SleekJid *jid, const char *node, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (jid != NULL);
  start_query (self, sleek_disco_get_info_async, SLEEK_NS_DISCO_INFO, jid, node, cancellable, callback, user_data);
}

/**
 * sleek_disco_get_info_finish:
 * @self: a [class@Sleek.Disco]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError]
 *   the entity answered, or why no answer came
 *
 * Finishes [method@Sleek.Disco.get_info_async].
 *
 * Returns: (transfer full): the information
 */
SleekDiscoInfo *
sleek_disco_get_info_finish (SleekDisco *self, GAsyncResult *result, GError **error)
{
  g_autoptr(GPtrArray) value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_disco_get_info_async, NULL);

  value = g_task_propagate_pointer (G_TASK (result), error);
  return value != NULL ? g_object_ref (g_ptr_array_index (value, 0)) : NULL;
}

/**
 * sleek_disco_get_items_async:
 * @self: an enabled [class@Sleek.Disco]
 * @jid: the entity to ask
 * @node: (nullable): the node to ask about, or %NULL for the entity itself
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Asks an entity for its items, or answers from the cache.
 */
void
sleek_disco_get_items_async (SleekDisco *self, SleekJid *jid, const char *node, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_DISCO (self));
  g_return_if_fail (jid != NULL);
  start_query (self, sleek_disco_get_items_async, SLEEK_NS_DISCO_ITEMS, jid, node, cancellable, callback, user_data);
}

/**
 * sleek_disco_get_items_finish:
 * @self: a [class@Sleek.Disco]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError]
 *   the entity answered, or why no answer came
 *
 * Finishes [method@Sleek.Disco.get_items_async].
 *
 * Returns: (transfer container) (element-type Sleek.DiscoItem): the items
 */
GPtrArray *
sleek_disco_get_items_finish (SleekDisco *self, GAsyncResult *result, GError **error)
{
  g_autoptr(GPtrArray) value = NULL;
  GPtrArray *items;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_disco_get_items_async, NULL);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return NULL;
  /* A copy: the cache keeps its own array. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < value->len; i++)
    g_ptr_array_add (items, g_object_ref (g_ptr_array_index (value, i)));
  return items;
}

/**
 * sleek_disco_flush_cache:
 * @self: a [class@Sleek.Disco]
 * @jid: (nullable): forget only what this entity answered, or %NULL for all
 *
 * Forgets cached answers, so the next query asks again.
 */
void
sleek_disco_flush_cache (SleekDisco *self, SleekJid *jid)
{
  GHashTableIter iter;
  gpointer key;
  g_autofree char *needle = NULL;

  g_return_if_fail (SLEEK_IS_DISCO (self));

  if (jid == NULL)
    {
      g_hash_table_remove_all (self->cache);
      return;
    }
  needle = g_strdup_printf ("\n%s\n", sleek_jid_to_string (jid));
  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (strstr (key, needle) != NULL)
      g_hash_table_iter_remove (&iter);
}

/**
 * sleek_disco_get_use_cache: (get-property use-cache)
 * @self: a [class@Sleek.Disco]
 *
 * Gets whether answers are cached.
 *
 * Returns: %TRUE if they are
 */
gboolean
sleek_disco_get_use_cache (SleekDisco *self)
{
  g_return_val_if_fail (SLEEK_IS_DISCO (self), FALSE);
  return self->use_cache;
}

/**
 * sleek_disco_set_use_cache: (set-property use-cache)
 * @self: a [class@Sleek.Disco]
 * @use_cache: whether to cache answers
 *
 * Sets whether answers are cached; %FALSE also empties the cache.
 */
void
sleek_disco_set_use_cache (SleekDisco *self, gboolean use_cache)
{
  g_return_if_fail (SLEEK_IS_DISCO (self));

  use_cache = !!use_cache;
  if (!use_cache)
    g_hash_table_remove_all (self->cache);
  if (self->use_cache == use_cache)
    return;
  self->use_cache = use_cache;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_CACHE]);
}
