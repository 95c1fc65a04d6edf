/* sleek-stanza.c: named keys and plugin sub-stanzas over a SleekNode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-stanza-private.h"
#include "sleek-node-private.h"

#include <stdlib.h>
#include <string.h>

#include <sleek/sleek-error-stanza.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-ns.h>
#include <sleek/sleek-presence.h>

/**
 * SleekStanza:
 *
 * A stanza: one XML element, a [struct@Sleek.Node], seen through named
 * keys and plugin sub-stanzas, like SleekXMPP's `ElementBase`.
 *
 * Each stanza class describes its element (name, namespace, and the
 * attribute name under which it is reachable as a plugin of another
 * stanza) with [func@Sleek.Stanza.type_set_element], and its keys with
 * [func@Sleek.Stanza.type_add_key]. A key is read with
 * [method@Sleek.Stanza.get_string] and written with
 * [method@Sleek.Stanza.set_string]: `to`, `from`, `id`, `type` and `lang`
 * exist on every stanza, and subclasses add their own (`body`, `show`,
 * `condition`, ...). The type information is kept by #GType and inherited
 * by subtypes, so classes written in Python or JavaScript describe
 * themselves with the same functions.
 *
 * [func@Sleek.Stanza.register_type] makes a class the one that
 * [func@Sleek.Stanza.parse] and [ctor@Sleek.Stanza.new_for_node] build
 * for its element, and [func@Sleek.Stanza.register_plugin] makes a class
 * a sub-stanza of another, reached with [method@Sleek.Stanza.get_plugin].
 * A plugin wraps its child element in place: editing it edits the parent.
 *
 * The namespaces `jabber:client`, `jabber:server` and
 * `jabber:component:accept` are one namespace for all of this: a
 * `<message xmlns='jabber:component:accept'/>` is a [class@Sleek.Message],
 * and its `body` key reads a `<body/>` in `jabber:component:accept`.
 *
 * The registry functions may be called from any thread. A stanza itself
 * is not thread-safe: use it from one thread at a time.
 */

/* ------------------------------------------------------------------ */
/* Type information registry                                          */
/* ------------------------------------------------------------------ */

/* What one GType declared itself. */
typedef struct {
  gboolean    has_element;
  char       *name;
  char       *ns;
  char       *plugin_attrib;
  GHashTable *keys;     /* char *key -> GINT_TO_POINTER (kind + 1) */
  GArray     *plugins;  /* GType, in registration order */
} RawInfo;

/* A plugin as seen from a resolved parent type. */
typedef struct {
  GType  type;
  char  *attrib;
  char  *name;
  char  *ns;
} PluginRef;

/* A key as seen from a resolved type. */
typedef struct {
  SleekStanzaKeyKind  kind;
  GParamSpec         *pspec;   /* the property to notify, or NULL */
} KeyInfo;

/* Everything a type inherits, merged; immutable once built, shared by
 * reference between the cache and the instances. */
typedef struct {
  int         generation;
  char       *name;
  char       *ns;
  char       *plugin_attrib;
  GHashTable *keys;         /* char *key -> KeyInfo * */
  GHashTable *plugins;      /* char *attrib -> PluginRef * (owned by plugin_list) */
  GPtrArray  *plugin_list;  /* PluginRef *, registration order */
} TypeInfo;

typedef struct {
  char *name;
  char *ns;   /* normalised: content namespaces become jabber:client */
} ElementKey;

static GMutex      registry_lock;
static GHashTable *raw_infos;      /* GType -> RawInfo * */
static GHashTable *resolved;       /* GType -> TypeInfo * (one ref) */
static GHashTable *element_types;  /* ElementKey * -> GType */
static int         registry_generation = 1;

typedef struct {
  char *name;          /* in a content namespace */
  GType type;
} LookupEntry;

typedef struct {
  int generation;
  guint next;
  LookupEntry entries[4];
} LookupCache;

static void
lookup_cache_clear (LookupCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->entries); i++)
    g_clear_pointer (&cache->entries[i].name, g_free);
}

static void
lookup_cache_free (gpointer data)
{
  lookup_cache_clear (data);
  g_free (data);
}

static GPrivate lookup_cache_key = G_PRIVATE_INIT (lookup_cache_free);

static GRecMutex   builtins_lock;
static int         builtins_state;  /* 0: not yet, 1: in progress, 2: done */

gboolean
sleek_stanza_ns_is_content (const char *ns)
{
  return ns != NULL &&
         (strcmp (ns, SLEEK_NS_CLIENT) == 0 ||
          strcmp (ns, SLEEK_NS_SERVER) == 0 ||
          strcmp (ns, SLEEK_NS_COMPONENT) == 0);
}

gboolean
sleek_stanza_ns_equivalent (const char *a,
                            const char *b)
{
  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  return sleek_stanza_ns_is_content (a) && sleek_stanza_ns_is_content (b);
}

static const char *
normalise_ns (const char *ns)
{
  if (ns == NULL)
    return "";
  if (sleek_stanza_ns_is_content (ns))
    return SLEEK_NS_CLIENT;
  return ns;
}

static guint
element_key_hash (gconstpointer data)
{
  const ElementKey *key = data;

  return g_str_hash (key->name) * 31 + g_str_hash (key->ns);
}

static gboolean
element_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const ElementKey *ka = a;
  const ElementKey *kb = b;

  return strcmp (ka->name, kb->name) == 0 && strcmp (ka->ns, kb->ns) == 0;
}

static void
element_key_free (gpointer data)
{
  ElementKey *key = data;

  g_free (key->name);
  g_free (key->ns);
  g_free (key);
}

static void
raw_info_free (gpointer data)
{
  RawInfo *raw = data;

  g_free (raw->name);
  g_free (raw->ns);
  g_free (raw->plugin_attrib);
  g_hash_table_unref (raw->keys);
  g_array_unref (raw->plugins);
  g_free (raw);
}

static void
plugin_ref_free (gpointer data)
{
  PluginRef *ref = data;

  g_free (ref->attrib);
  g_free (ref->name);
  g_free (ref->ns);
  g_free (ref);
}

static void
type_info_clear (gpointer data)
{
  TypeInfo *info = data;

  g_free (info->name);
  g_free (info->ns);
  g_free (info->plugin_attrib);
  g_hash_table_unref (info->keys);
  g_hash_table_unref (info->plugins);
  g_ptr_array_unref (info->plugin_list);
}

static TypeInfo *
type_info_ref (TypeInfo *info)
{
  return g_atomic_rc_box_acquire (info);
}

static void
type_info_unref (TypeInfo *info)
{
  g_atomic_rc_box_release_full (info, type_info_clear);
}

/* Called with registry_lock held. */
static void
registry_init_unlocked (void)
{
  if (raw_infos != NULL)
    return;
  raw_infos = g_hash_table_new_full (NULL, NULL, NULL, raw_info_free);
  resolved = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) type_info_unref);
  element_types = g_hash_table_new_full (element_key_hash, element_key_equal, element_key_free, NULL);
}

/* Called with registry_lock held, after any change. */
static void
registry_changed_unlocked (void)
{
  g_hash_table_remove_all (resolved);
  g_atomic_int_inc (&registry_generation);
}

/* Called with registry_lock held. */
static RawInfo *
raw_info_get (GType    type,
              gboolean create)
{
  RawInfo *raw;

  raw = g_hash_table_lookup (raw_infos, GSIZE_TO_POINTER (type));
  if (raw == NULL && create)
    {
      raw = g_new0 (RawInfo, 1);
      raw->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      raw->plugins = g_array_new (FALSE, FALSE, sizeof (GType));
      g_hash_table_insert (raw_infos, GSIZE_TO_POINTER (type), raw);
    }
  return raw;
}

/* The nearest declaration of an element on @type or its ancestors.
 * Called with registry_lock held. */
static RawInfo *
element_info_unlocked (GType type)
{
  for (GType t = type; t != G_TYPE_INVALID && g_type_is_a (t, SLEEK_TYPE_STANZA); t = g_type_parent (t))
    {
      RawInfo *raw = raw_info_get (t, FALSE);

      if (raw != NULL && raw->has_element)
        return raw;
    }
  return NULL;
}

/* Called with registry_lock held; @klass is the class of @type. */
static TypeInfo *
type_info_build_unlocked (GType         type,
                          GObjectClass *klass)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  TypeInfo *info;
  RawInfo *element;

  info = g_atomic_rc_box_new0 (TypeInfo);
  info->generation = g_atomic_int_get (&registry_generation);
  info->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  info->plugins = g_hash_table_new (g_str_hash, g_str_equal);
  info->plugin_list = g_ptr_array_new_with_free_func (plugin_ref_free);

  element = element_info_unlocked (type);
  if (element != NULL)
    {
      info->name = g_strdup (element->name);
      info->ns = g_strdup (element->ns);
      info->plugin_attrib = g_strdup (element->plugin_attrib);
    }

  /* Ancestors first, so that subtypes override what they inherit. */
  for (GType t = type; t != G_TYPE_INVALID && g_type_is_a (t, SLEEK_TYPE_STANZA); t = g_type_parent (t))
    {
      RawInfo *raw = raw_info_get (t, FALSE);

      if (raw != NULL)
        g_ptr_array_insert (chain, 0, raw);
    }

  for (guint i = 0; i < chain->len; i++)
    {
      RawInfo *raw = g_ptr_array_index (chain, i);
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, raw->keys);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          KeyInfo *key = g_new0 (KeyInfo, 1);
          GParamSpec *pspec = NULL;

          key->kind = GPOINTER_TO_INT (v) - 1;
          if (klass != NULL)
            pspec = g_object_class_find_property (klass, k);
          /* Only plain readable properties follow their key. */
          if (pspec != NULL && (pspec->flags & G_PARAM_READABLE) != 0 &&
              (pspec->flags & G_PARAM_CONSTRUCT_ONLY) == 0)
            key->pspec = pspec;
          g_hash_table_insert (info->keys, g_strdup (k), key);
        }

      for (guint j = 0; j < raw->plugins->len; j++)
        {
          GType plugin_type = g_array_index (raw->plugins, GType, j);
          RawInfo *plugin_element = element_info_unlocked (plugin_type);
          PluginRef *ref, *old;
          const char *attrib;

          if (plugin_element == NULL || plugin_element->name == NULL)
            {
              g_debug ("Stanza plugin %s declares no element; ignored", g_type_name (plugin_type));
              continue;
            }
          attrib = plugin_element->plugin_attrib != NULL ? plugin_element->plugin_attrib : plugin_element->name;
          ref = g_new0 (PluginRef, 1);
          ref->type = plugin_type;
          ref->attrib = g_strdup (attrib);
          ref->name = g_strdup (plugin_element->name);
          ref->ns = g_strdup (plugin_element->ns);

          old = g_hash_table_lookup (info->plugins, attrib);
          if (old != NULL)
            g_ptr_array_remove (info->plugin_list, old);
          g_ptr_array_add (info->plugin_list, ref);
          g_hash_table_insert (info->plugins, ref->attrib, ref);
        }
    }

  return info;
}

/* Returns a new reference to the merged type information of @type. */
typedef struct {
  int generation;
  guint next;
  GType types[4];
  TypeInfo *infos[4];
} InfoCache;

static void
info_cache_free (gpointer data)
{
  InfoCache *cache = data;

  for (guint i = 0; i < G_N_ELEMENTS (cache->infos); i++)
    g_clear_pointer (&cache->infos[i], type_info_unref);
  g_free (cache);
}

static GPrivate info_cache_key = G_PRIVATE_INIT (info_cache_free);

static TypeInfo *type_info_get_locked (GType type, GObjectClass *klass);

/* Each thread keeps the type information of its last few stanza classes
 * for the current registry, so that a stanza is built without the lock. */
static TypeInfo *
type_info_get (GType         type,
               GObjectClass *klass)
{
  InfoCache *cache = g_private_get (&info_cache_key);
  int generation = g_atomic_int_get (&registry_generation);
  TypeInfo *info;
  guint slot;

  if (cache == NULL)
    {
      cache = g_new0 (InfoCache, 1);
      g_private_set (&info_cache_key, cache);
    }
  if (cache->generation != generation)
    {
      for (guint i = 0; i < G_N_ELEMENTS (cache->infos); i++)
        {
          g_clear_pointer (&cache->infos[i], type_info_unref);
          cache->types[i] = G_TYPE_INVALID;
        }
      cache->generation = generation;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cache->types); i++)
    if (cache->types[i] == type && cache->infos[i] != NULL && cache->infos[i]->generation == generation)
      return type_info_ref (cache->infos[i]);

  info = type_info_get_locked (type, klass);
  slot = cache->next++ % G_N_ELEMENTS (cache->types);
  g_clear_pointer (&cache->infos[slot], type_info_unref);
  cache->types[slot] = type;
  cache->infos[slot] = type_info_ref (info);
  return info;
}

static TypeInfo *
type_info_get_locked (GType         type,
                      GObjectClass *klass)
{
  TypeInfo *info;

  sleek_stanza_ensure_builtins ();

  g_mutex_lock (&registry_lock);
  registry_init_unlocked ();
  info = g_hash_table_lookup (resolved, GSIZE_TO_POINTER (type));
  if (info == NULL)
    {
      info = type_info_build_unlocked (type, klass);
      g_hash_table_insert (resolved, GSIZE_TO_POINTER (type), info);
    }
  info = type_info_ref (info);
  g_mutex_unlock (&registry_lock);

  return info;
}

static const KeyInfo *
type_info_lookup_key (TypeInfo   *info,
                      const char *key)
{
  return g_hash_table_lookup (info->keys, key);
}

/* sleek_stanza_ensure_builtins:
 *
 * Registers SleekStanza's keys and the built-in stanza classes, once.
 * A recursive lock rather than g_once: the registration calls the public
 * registry functions, which call this function again from the same
 * thread; other threads wait until it is done.
 */
void
sleek_stanza_ensure_builtins (void)
{
  if (g_atomic_int_get (&builtins_state) == 2)
    return;

  g_rec_mutex_lock (&builtins_lock);
  if (builtins_state == 0)
    {
      GType stanza_type = SLEEK_TYPE_STANZA;

      builtins_state = 1;
      sleek_stanza_type_set_element (stanza_type, "stanza", SLEEK_NS_CLIENT, NULL);
      sleek_stanza_type_add_key (stanza_type, "to", SLEEK_STANZA_KEY_ATTRIBUTE);
      sleek_stanza_type_add_key (stanza_type, "from", SLEEK_STANZA_KEY_ATTRIBUTE);
      sleek_stanza_type_add_key (stanza_type, "id", SLEEK_STANZA_KEY_ATTRIBUTE);
      sleek_stanza_type_add_key (stanza_type, "type", SLEEK_STANZA_KEY_ATTRIBUTE);
      sleek_stanza_type_add_key (stanza_type, "lang", SLEEK_STANZA_KEY_CUSTOM);

      sleek_error_stanza_register_builtin ();
      sleek_message_register_builtin ();
      sleek_presence_register_builtin ();
      sleek_iq_register_builtin ();

      g_atomic_int_set (&builtins_state, 2);
    }
  g_rec_mutex_unlock (&builtins_lock);
}

/**
 * sleek_stanza_type_set_element:
 * @type: a [class@Sleek.Stanza] type
 * @name: the element name, such as `"message"`
 * @ns: (nullable): the element namespace, such as `"jabber:client"`
 * @plugin_attrib: (nullable): the name under which instances are reached
 *   as a plugin of another stanza (see
 *   [method@Sleek.Stanza.get_plugin]); %NULL uses @name
 *
 * Declares the element that instances of @type stand for. Subtypes
 * inherit it unless they declare their own. A stanza of @type built
 * without a node gets a new element with this name and namespace.
 *
 * May be called from any thread, typically from a class initialiser.
 */
void
sleek_stanza_type_set_element (GType       type,
                               const char *name,
                               const char *ns,
                               const char *plugin_attrib)
{
  RawInfo *raw;

  g_return_if_fail (g_type_is_a (type, SLEEK_TYPE_STANZA));
  g_return_if_fail (name != NULL && *name != '\0');

  sleek_stanza_ensure_builtins ();

  g_mutex_lock (&registry_lock);
  registry_init_unlocked ();
  raw = raw_info_get (type, TRUE);
  raw->has_element = TRUE;
  g_free (raw->name);
  raw->name = g_strdup (name);
  g_free (raw->ns);
  raw->ns = g_strdup (ns);
  g_free (raw->plugin_attrib);
  raw->plugin_attrib = g_strdup (plugin_attrib);
  registry_changed_unlocked ();
  g_mutex_unlock (&registry_lock);
}

/**
 * sleek_stanza_type_add_key:
 * @type: a [class@Sleek.Stanza] type
 * @key: the key name, such as `"body"`
 * @kind: how the key maps onto the XML
 *
 * Declares a key of @type and its subtypes. Declaring a key again replaces
 * its kind. When the class has a readable property of the same name, the
 * property is notified whenever [method@Sleek.Stanza.set_string] or
 * [method@Sleek.Stanza.delete] change the key.
 *
 * May be called from any thread, typically from a class initialiser.
 */
void
sleek_stanza_type_add_key (GType               type,
                           const char         *key,
                           SleekStanzaKeyKind  kind)
{
  RawInfo *raw;

  g_return_if_fail (g_type_is_a (type, SLEEK_TYPE_STANZA));
  g_return_if_fail (key != NULL && *key != '\0');
  g_return_if_fail (kind >= SLEEK_STANZA_KEY_ATTRIBUTE && kind <= SLEEK_STANZA_KEY_CUSTOM);

  sleek_stanza_ensure_builtins ();

  g_mutex_lock (&registry_lock);
  registry_init_unlocked ();
  raw = raw_info_get (type, TRUE);
  g_hash_table_insert (raw->keys, g_strdup (key), GINT_TO_POINTER (kind + 1));
  registry_changed_unlocked ();
  g_mutex_unlock (&registry_lock);
}

/**
 * sleek_stanza_register_type:
 * @type: a [class@Sleek.Stanza] type that declared its element with
 *   [func@Sleek.Stanza.type_set_element]
 *
 * Makes @type the class that [func@Sleek.Stanza.parse] and
 * [ctor@Sleek.Stanza.new_for_node] build for its element, replacing any
 * type registered for the same element before.
 *
 * May be called from any thread.
 */
void
sleek_stanza_register_type (GType type)
{
  RawInfo *element;

  g_return_if_fail (g_type_is_a (type, SLEEK_TYPE_STANZA));

  sleek_stanza_ensure_builtins ();

  g_mutex_lock (&registry_lock);
  registry_init_unlocked ();
  element = element_info_unlocked (type);
  if (element == NULL)
    {
      g_mutex_unlock (&registry_lock);
      g_critical ("%s: %s declares no element", G_STRFUNC, g_type_name (type));
      return;
    }
  {
    ElementKey *key = g_new0 (ElementKey, 1);

    key->name = g_strdup (element->name);
    key->ns = g_strdup (normalise_ns (element->ns));
    g_hash_table_replace (element_types, key, GSIZE_TO_POINTER (type));
  }
  g_mutex_unlock (&registry_lock);
}

/**
 * sleek_stanza_lookup_type:
 * @name: an element name
 * @ns: (nullable): an element namespace
 *
 * Finds the type registered with [func@Sleek.Stanza.register_type] for
 * an element. The three content namespaces `jabber:client`,
 * `jabber:server` and `jabber:component:accept` are equivalent.
 *
 * Returns: the registered type, or %G_TYPE_INVALID when there is none
 */
GType
sleek_stanza_lookup_type (const char *name,
                          const char *ns)
{
  ElementKey key;
  GType type;

  g_return_val_if_fail (name != NULL, G_TYPE_INVALID);

  sleek_stanza_ensure_builtins ();

  key.name = (char *) name;
  key.ns = (char *) normalise_ns (ns);

  /* A stream looks up the same few elements all the time: each thread
   * remembers its last few answers for the current registry. */
  {
    LookupCache *cache = g_private_get (&lookup_cache_key);
    int generation = g_atomic_int_get (&registry_generation);
    gsize name_len = strlen (name);
    gboolean content = strcmp (key.ns, SLEEK_NS_CLIENT) == 0;

    if (cache == NULL)
      {
        cache = g_new0 (LookupCache, 1);
        g_private_set (&lookup_cache_key, cache);
      }
    if (cache->generation != generation)
      {
        lookup_cache_clear (cache);
        cache->generation = generation;
      }
    for (guint i = 0; i < G_N_ELEMENTS (cache->entries); i++)
      {
        LookupEntry *entry = &cache->entries[i];

        if (content && entry->name != NULL && strcmp (entry->name, name) == 0)
          return entry->type;
      }

    g_mutex_lock (&registry_lock);
    registry_init_unlocked ();
    type = GPOINTER_TO_SIZE (g_hash_table_lookup (element_types, &key));
    g_mutex_unlock (&registry_lock);

    /* Only elements of the content namespace are remembered, and only a
     * few short names, so the cache cannot grow with what the peer
     * sends. */
    if (content && name_len <= 32)
      {
        LookupEntry *entry = &cache->entries[cache->next++ % G_N_ELEMENTS (cache->entries)];

        g_free (entry->name);
        entry->name = g_strndup (name, name_len);
        entry->type = type;
      }
  }

  return type;
}

/**
 * sleek_stanza_register_plugin:
 * @parent_type: a [class@Sleek.Stanza] type
 * @plugin_type: a [class@Sleek.Stanza] type that declared its element with
 *   [func@Sleek.Stanza.type_set_element]
 *
 * Makes @plugin_type a sub-stanza of @parent_type and its subtypes: the
 * child element declared by @plugin_type becomes reachable with
 * [method@Sleek.Stanza.get_plugin] under the plugin attribute of
 * @plugin_type, like SleekXMPP's `register_stanza_plugin()`.
 *
 * May be called from any thread.
 */
void
sleek_stanza_register_plugin (GType parent_type,
                              GType plugin_type)
{
  RawInfo *raw;

  g_return_if_fail (g_type_is_a (parent_type, SLEEK_TYPE_STANZA));
  g_return_if_fail (g_type_is_a (plugin_type, SLEEK_TYPE_STANZA));

  sleek_stanza_ensure_builtins ();

  g_mutex_lock (&registry_lock);
  registry_init_unlocked ();
  raw = raw_info_get (parent_type, TRUE);
  for (guint i = 0; i < raw->plugins->len; i++)
    {
      if (g_array_index (raw->plugins, GType, i) == plugin_type)
        {
          g_mutex_unlock (&registry_lock);
          return;
        }
    }
  g_array_append_val (raw->plugins, plugin_type);
  registry_changed_unlocked ();
  g_mutex_unlock (&registry_lock);
}

/* ------------------------------------------------------------------ */
/* Node helpers                                                       */
/* ------------------------------------------------------------------ */

SleekNode *
sleek_stanza_node_child_equivalent (SleekNode  *node,
                                    const char *name,
                                    const char *ns)
{
  guint n;

  if (ns == NULL || !sleek_stanza_ns_is_content (ns))
    return sleek_node_get_child (node, name, ns);

  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (strcmp (sleek_node_get_name (child), name) == 0 &&
          sleek_stanza_ns_is_content (sleek_node_get_namespace (child)))
        return child;
    }
  return NULL;
}

/* Removes the children called @name in a namespace equivalent to @ns. */
static guint
node_remove_children_equivalent (SleekNode  *node,
                                 const char *name,
                                 const char *ns)
{
  guint removed = 0;
  SleekNode *child;

  while ((child = sleek_stanza_node_child_equivalent (node, name, ns)) != NULL)
    {
      sleek_node_remove_child (node, child);
      removed++;
    }
  return removed;
}

void
sleek_stanza_node_clear (SleekNode *node)
{
  guint n;

  while ((n = sleek_node_get_n_children (node)) > 0)
    sleek_node_remove_child (node, sleek_node_get_nth_child (node, n - 1));
  sleek_node_set_text (node, NULL);
}

/* ------------------------------------------------------------------ */
/* The object                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
  char     *raw;       /* points to inline when the text fits there */
  SleekJid *jid;
  char      inline_raw[56];
} JidCache;

typedef struct {
  SleekNode  *node;
  TypeInfo   *info;
  GHashTable *plugins;  /* attrib -> SleekStanza *, created on demand */
  GHashTable *scratch;  /* key -> char *, values of custom keys */
  JidCache    to;
  JidCache    from;
} SleekStanzaPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SleekStanza, sleek_stanza, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NODE,
  PROP_TO,
  PROP_FROM,
  PROP_ID,
  PROP_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
jid_cache_clear (JidCache *cache)
{
  if (cache->raw != cache->inline_raw)
    g_free (cache->raw);
  cache->raw = NULL;
  g_clear_pointer (&cache->jid, sleek_jid_unref);
}

/* Remembers the attribute text the cached JID was parsed from; most fit
 * in the cache itself. */
static void
jid_cache_store_raw (JidCache *cache, const char *raw)
{
  gsize len = strlen (raw);

  if (len < sizeof cache->inline_raw)
    {
      memcpy (cache->inline_raw, raw, len + 1);
      cache->raw = cache->inline_raw;
    }
  else
    cache->raw = g_strndup (raw, len);
}

static SleekJid *
jid_cache_get (JidCache   *cache,
               const char *raw)
{
  if (raw == NULL)
    {
      jid_cache_clear (cache);
      return NULL;
    }
  if (cache->raw != NULL && strcmp (cache->raw, raw) == 0)
    return cache->jid;

  jid_cache_clear (cache);
  jid_cache_store_raw (cache, raw);
  cache->jid = sleek_jid_new (raw, NULL);
  return cache->jid;
}

static void
jid_cache_set (JidCache *cache,
               SleekJid *jid)
{
  jid_cache_clear (cache);
  if (jid != NULL)
    {
      jid_cache_store_raw (cache, sleek_jid_to_string (jid));
      cache->jid = sleek_jid_ref (jid);
    }
}

/* The merged type information, refreshed when the registry changed. */
static inline TypeInfo *
stanza_info (SleekStanza *self)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  if (G_UNLIKELY (priv->info == NULL ||
                  priv->info->generation != g_atomic_int_get (&registry_generation)))
    {
      TypeInfo *info = type_info_get (G_OBJECT_TYPE (self), G_OBJECT_GET_CLASS (self));

      g_clear_pointer (&priv->info, type_info_unref);
      priv->info = info;
    }
  return priv->info;
}

static char *
sleek_stanza_real_get_key (SleekStanza *self,
                           const char  *key)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  if (strcmp (key, "lang") == 0)
    return g_strdup (sleek_node_get_lang (priv->node));
  return NULL;
}

static void
sleek_stanza_real_set_key (SleekStanza *self,
                           const char  *key,
                           const char  *value)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  if (strcmp (key, "lang") == 0)
    sleek_node_set_lang (priv->node, value);
}

static void
sleek_stanza_real_delete_key (SleekStanza *self,
                              const char  *key)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  if (strcmp (key, "lang") == 0)
    sleek_node_set_lang (priv->node, NULL);
}

static void
sleek_stanza_real_prepare_reply (SleekStanza *self,
                                 SleekStanza *reply,
                                 gboolean     clear)
{
}

static void
sleek_stanza_constructed (GObject *object)
{
  SleekStanza *self = SLEEK_STANZA (object);
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);
  TypeInfo *info = stanza_info (self);

  if (priv->node == NULL)
    priv->node = sleek_node_new (info->name != NULL ? info->name : "stanza", info->ns);

  G_OBJECT_CLASS (sleek_stanza_parent_class)->constructed (object);
}

/* Lets the stream reuse a stanza object that nobody else holds for the
 * next incoming element of the same class (see sleek-xml-stream.c): the
 * object is reset as if it were new over @node. Only for the built-in
 * classes, whose instances hold nothing beyond SleekStanzaPrivate. */
gboolean
sleek_stanza_recycle (SleekStanza *self, SleekNode *node)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  g_clear_pointer (&priv->node, sleek_node_unref);
  priv->node = sleek_node_ref (node);
  /* The JID caches compare the attribute's text: they stay valid, and the
   * next stanza from the same sender reuses the parsed JID. */
  g_clear_pointer (&priv->plugins, g_hash_table_unref);
  g_clear_pointer (&priv->scratch, g_hash_table_unref);
  return TRUE;
}

static void
sleek_stanza_dispose (GObject *object)
{
  SleekStanza *self = SLEEK_STANZA (object);
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  g_clear_pointer (&priv->plugins, g_hash_table_unref);

  G_OBJECT_CLASS (sleek_stanza_parent_class)->dispose (object);
}

static void
sleek_stanza_finalize (GObject *object)
{
  SleekStanza *self = SLEEK_STANZA (object);
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  g_clear_pointer (&priv->node, sleek_node_unref);
  g_clear_pointer (&priv->info, type_info_unref);
  g_clear_pointer (&priv->scratch, g_hash_table_unref);
  jid_cache_clear (&priv->to);
  jid_cache_clear (&priv->from);

  G_OBJECT_CLASS (sleek_stanza_parent_class)->finalize (object);
}

static void
sleek_stanza_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SleekStanza *self = SLEEK_STANZA (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_boxed (value, sleek_stanza_get_node (self));
      break;
    case PROP_TO:
      g_value_set_boxed (value, sleek_stanza_get_to (self));
      break;
    case PROP_FROM:
      g_value_set_boxed (value, sleek_stanza_get_from (self));
      break;
    case PROP_ID:
      g_value_set_string (value, sleek_stanza_get_id (self));
      break;
    case PROP_TYPE:
      g_value_set_string (value, sleek_stanza_get_stanza_type (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stanza_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SleekStanza *self = SLEEK_STANZA (object);
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NODE:
      /* NULL (the default, set at construction) keeps a node already
       * handed over by sleek_stanza_new_for_node(). */
      if (g_value_get_boxed (value) != NULL)
        {
          g_clear_pointer (&priv->node, sleek_node_unref);
          priv->node = g_value_dup_boxed (value);
        }
      break;
    case PROP_TO:
      sleek_stanza_set_to (self, g_value_get_boxed (value));
      break;
    case PROP_FROM:
      sleek_stanza_set_from (self, g_value_get_boxed (value));
      break;
    case PROP_ID:
      sleek_stanza_set_id (self, g_value_get_string (value));
      break;
    case PROP_TYPE:
      sleek_stanza_set_stanza_type (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/**
 * SleekStanzaClass::get_key:
 * @self: a [class@Sleek.Stanza]
 * @key: a key registered as %SLEEK_STANZA_KEY_CUSTOM
 *
 * Reads a custom key. An override chains up for the keys it does not
 * handle; the base class handles `lang`.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when it is
 *   absent
 */

/**
 * SleekStanzaClass::set_key:
 * @self: a [class@Sleek.Stanza]
 * @key: a key registered as %SLEEK_STANZA_KEY_CUSTOM
 * @value: the new value, never %NULL
 *
 * Writes a custom key. An override chains up for the keys it does not
 * handle.
 */

/**
 * SleekStanzaClass::delete_key:
 * @self: a [class@Sleek.Stanza]
 * @key: a key registered as %SLEEK_STANZA_KEY_CUSTOM
 *
 * Removes a custom key. An override chains up for the keys it does not
 * handle.
 */

/**
 * SleekStanzaClass::prepare_reply:
 * @self: the stanza being answered
 * @reply: the reply, already a copy of @self with `to` and `from` swapped
 *   and, when @clear is set, without children
 * @clear: whether the children of @reply were removed
 *
 * Adjusts a reply built by [method@Sleek.Stanza.reply], such as the
 * `result` type of an iq reply. An override chains up.
 */

static void
sleek_stanza_class_init (SleekStanzaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sleek_stanza_constructed;
  object_class->dispose = sleek_stanza_dispose;
  object_class->finalize = sleek_stanza_finalize;
  object_class->get_property = sleek_stanza_get_property;
  object_class->set_property = sleek_stanza_set_property;

  klass->get_key = sleek_stanza_real_get_key;
  klass->set_key = sleek_stanza_real_set_key;
  klass->delete_key = sleek_stanza_real_delete_key;
  klass->prepare_reply = sleek_stanza_real_prepare_reply;

  /**
   * SleekStanza:node: (getter get_node)
   *
   * The element the stanza stands for. When it is not given at
   * construction, a new element is made from the name and namespace the
   * class declared with [func@Sleek.Stanza.type_set_element].
   */
  properties[PROP_NODE] =
    g_param_spec_boxed ("node", NULL, NULL, SLEEK_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekStanza:to: (getter get_to) (setter set_to)
   *
   * The recipient: the `to` attribute parsed as a JID, or %NULL when it is
   * absent or not a valid JID. The key `to` gives the attribute as it is.
   */
  properties[PROP_TO] =
    g_param_spec_boxed ("to", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekStanza:from: (getter get_from) (setter set_from)
   *
   * The sender: the `from` attribute parsed as a JID, or %NULL when it is
   * absent or not a valid JID. The key `from` gives the attribute as it
   * is.
   */
  properties[PROP_FROM] =
    g_param_spec_boxed ("from", NULL, NULL, SLEEK_TYPE_JID,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekStanza:id: (getter get_id) (setter set_id)
   *
   * The `id` attribute.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekStanza:type: (getter get_stanza_type) (setter set_stanza_type)
   *
   * The `type` attribute, as it is on the wire.
   */
  properties[PROP_TYPE] =
    g_param_spec_string ("type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* sleek_stanza_new_for_node() hands the node to the instance here rather
 * than through the "node" property, which costs a property lookup and a
 * GValue on the path every incoming stanza takes. */
static GPrivate pending_node_key;

static void
sleek_stanza_init (SleekStanza *self)
{
  SleekNode *pending = g_private_get (&pending_node_key);

  if (pending != NULL)
    {
      SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

      priv->node = sleek_node_ref (pending);
      g_private_set (&pending_node_key, NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Construction                                                       */
/* ------------------------------------------------------------------ */

/**
 * sleek_stanza_new:
 * @name: the element name
 * @ns: (nullable): the element namespace
 *
 * Creates a stanza over a new, empty element, of the class registered
 * for @name in @ns with [func@Sleek.Stanza.register_type] (so
 * `message` in `jabber:client` gives a [class@Sleek.Message]), or a plain
 * [class@Sleek.Stanza] when there is none.
 *
 * Returns: (transfer full): a new stanza
 */
SleekStanza *
sleek_stanza_new (const char *name,
                  const char *ns)
{
  g_autoptr(SleekNode) node = NULL;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  node = sleek_node_new (name, ns);
  return sleek_stanza_new_for_node (node);
}

/**
 * sleek_stanza_new_for_node:
 * @node: an element
 *
 * Wraps @node in the stanza class registered for its name and namespace
 * with [func@Sleek.Stanza.register_type], or in a plain
 * [class@Sleek.Stanza] when there is none. The stanza takes its own
 * reference to @node and edits it in place.
 *
 * Returns: (transfer full): a new stanza over @node
 */
SleekStanza *
sleek_stanza_new_for_node (SleekNode *node)
{
  GType type;

  g_return_val_if_fail (node != NULL, NULL);

  type = sleek_stanza_lookup_type (sleek_node_get_name (node), sleek_node_get_namespace (node));
  if (type == G_TYPE_INVALID)
    type = SLEEK_TYPE_STANZA;
  g_private_set (&pending_node_key, node);
  return g_object_new (type, NULL);
}

/**
 * sleek_stanza_parse:
 * @xml: one XML element, with its namespace declared
 * @error: return location for a #GError
 *
 * Parses @xml with [func@Sleek.Node.parse] and wraps the element as
 * [ctor@Sleek.Stanza.new_for_node] does. Nothing in @xml is dropped: an
 * element with no registered class becomes a plain [class@Sleek.Stanza].
 *
 * Returns: (transfer full) (nullable): a new stanza, or %NULL with @error
 *   set when @xml is not well-formed
 */
SleekStanza *
sleek_stanza_parse (const char  *xml,
                    GError     **error)
{
  g_autoptr(SleekNode) node = NULL;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = sleek_node_parse (xml, -1, error);
  if (node == NULL)
    return NULL;
  return sleek_stanza_new_for_node (node);
}

/**
 * sleek_stanza_copy:
 * @self: a [class@Sleek.Stanza]
 *
 * Copies the stanza and its whole element: the copy has the same type and
 * shares nothing with @self.
 *
 * Returns: (transfer full): a new stanza
 */
SleekStanza *
sleek_stanza_copy (SleekStanza *self)
{
  SleekStanzaPrivate *priv;
  g_autoptr(SleekNode) node = NULL;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  priv = sleek_stanza_get_instance_private (self);
  node = sleek_node_copy (priv->node);
  return g_object_new (G_OBJECT_TYPE (self), "node", node, NULL);
}

/**
 * sleek_stanza_reply:
 * @self: a [class@Sleek.Stanza]
 * @clear: whether to leave out the children of @self
 *
 * Builds the answer to @self: a new stanza of the same type and id, with
 * `to` and `from` swapped, holding a copy of the children of @self unless
 * @clear is set. Subclasses adjust it: an iq reply has type `result`, the
 * reply to a `subscribe` presence is `subscribed`, the reply to a
 * `groupchat` message goes to the room's bare JID and a message reply
 * keeps its `<thread/>`.
 *
 * Returns: (transfer full): a new stanza
 */
SleekStanza *
sleek_stanza_reply (SleekStanza *self,
                    gboolean     clear)
{
  SleekStanzaPrivate *reply_priv;
  SleekStanza *reply;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  reply = sleek_stanza_copy (self);
  reply_priv = sleek_stanza_get_instance_private (reply);

  to = g_strdup (sleek_node_get_attribute (reply_priv->node, "to"));
  from = g_strdup (sleek_node_get_attribute (reply_priv->node, "from"));
  sleek_node_set_attribute (reply_priv->node, "to", from);
  sleek_node_set_attribute (reply_priv->node, "from", to);
  if (clear)
    sleek_stanza_node_clear (reply_priv->node);

  SLEEK_STANZA_GET_CLASS (self)->prepare_reply (self, reply, clear);

  return reply;
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
/* ------------------------------------------------------------------ */

/**
 * sleek_stanza_get_node:
 * @self: a [class@Sleek.Stanza]
 *
 * Gets the element the stanza stands for. Changes to it show in the
 * stanza, and the other way round.
 *
 * Returns: (transfer none): the element
 */
SleekNode *
sleek_stanza_get_node (SleekStanza *self)
{
  SleekStanzaPrivate *priv;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  priv = sleek_stanza_get_instance_private (self);
  return priv->node;
}

static gboolean
flag_value_is_true (const char *value)
{
  return value != NULL &&
         (*value == '\0' || strcmp (value, "true") == 0 || strcmp (value, "1") == 0);
}

static const char *
stanza_get_key (SleekStanza   *self,
                const KeyInfo *key_info,
                const char    *key)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);
  SleekNode *node = priv->node;

  switch (key_info->kind)
    {
    case SLEEK_STANZA_KEY_ATTRIBUTE:
      return sleek_node_get_attribute (node, key);

    case SLEEK_STANZA_KEY_CHILD_TEXT:
      {
        SleekNode *child = sleek_node_get_child (node, key, sleek_node_get_namespace (node));
        const char *text;

        if (child == NULL)
          return NULL;
        text = sleek_node_get_text (child);
        return text != NULL ? text : "";
      }

    case SLEEK_STANZA_KEY_CHILD_FLAG:
      return sleek_node_get_child (node, key, sleek_node_get_namespace (node)) != NULL ? "true" : NULL;

    case SLEEK_STANZA_KEY_CUSTOM:
    default:
      {
        char *value = SLEEK_STANZA_GET_CLASS (self)->get_key (self, key);
        const char *old;

        if (value == NULL)
          {
            if (priv->scratch != NULL)
              g_hash_table_remove (priv->scratch, key);
            return NULL;
          }
        if (priv->scratch == NULL)
          priv->scratch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        /* Keep the old string when nothing changed, so that pointers
         * returned earlier stay valid as long as the value does. */
        old = g_hash_table_lookup (priv->scratch, key);
        if (old != NULL && strcmp (old, value) == 0)
          {
            g_free (value);
            return old;
          }
        g_hash_table_replace (priv->scratch, g_strdup (key), value);
        return value;
      }
    }
}

static void
stanza_write_key (SleekStanza   *self,
                  const KeyInfo *key_info,
                  const char    *key,
                  const char    *value)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);
  SleekNode *node = priv->node;
  const char *ns = sleek_node_get_namespace (node);

  switch (key_info->kind)
    {
    case SLEEK_STANZA_KEY_ATTRIBUTE:
      sleek_node_set_attribute (node, key, value);
      break;

    case SLEEK_STANZA_KEY_CHILD_TEXT:
      if (value == NULL)
        {
          sleek_node_remove_children (node, key, ns);
        }
      else
        {
          SleekNode *child = sleek_node_get_child (node, key, ns);

          if (child == NULL)
            child = sleek_node_add_child_new (node, key, ns);
          sleek_node_set_text (child, value);
        }
      break;

    case SLEEK_STANZA_KEY_CHILD_FLAG:
      if (flag_value_is_true (value))
        {
          if (sleek_node_get_child (node, key, ns) == NULL)
            sleek_node_add_child_new (node, key, ns);
        }
      else
        {
          sleek_node_remove_children (node, key, ns);
        }
      break;

    case SLEEK_STANZA_KEY_CUSTOM:
    default:
      if (value != NULL)
        SLEEK_STANZA_GET_CLASS (self)->set_key (self, key, value);
      else
        SLEEK_STANZA_GET_CLASS (self)->delete_key (self, key);
      break;
    }
}

/* Writes @key and notifies its property when the value changed. */
static void
stanza_change_key (SleekStanza   *self,
                   const KeyInfo *key_info,
                   const char    *key,
                   const char    *value)
{
  g_autofree char *before = NULL;

  if (key_info->kind == SLEEK_STANZA_KEY_ATTRIBUTE)
    {
      /* One look-up, and the node says whether the value changed. */
      SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);

      if (sleek_node_change_attribute (priv->node, key, value) && key_info->pspec != NULL)
        g_object_notify_by_pspec ((GObject *) self, key_info->pspec);
      return;
    }
  if (key_info->kind == SLEEK_STANZA_KEY_CHILD_TEXT && value != NULL)
    {
      /* Likewise: the child's text is compared as it is replaced. */
      SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);
      const char *ns = sleek_node_get_namespace (priv->node);
      SleekNode *child = sleek_node_get_child (priv->node, key, ns);
      gboolean changed = FALSE;

      if (child == NULL)
        {
          child = sleek_node_add_child_new (priv->node, key, ns);
          changed = TRUE;  /* from absent to at least "" */
        }
      if (sleek_node_change_text (child, value))
        changed = TRUE;
      if (changed && key_info->pspec != NULL)
        g_object_notify_by_pspec ((GObject *) self, key_info->pspec);
      return;
    }
  if (key_info->pspec == NULL)
    {
      stanza_write_key (self, key_info, key, value);
      return;
    }

  before = g_strdup (stanza_get_key (self, key_info, key));
  stanza_write_key (self, key_info, key, value);
  if (g_strcmp0 (before, stanza_get_key (self, key_info, key)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), key_info->pspec);
}

/**
 * sleek_stanza_get_string:
 * @self: a [class@Sleek.Stanza]
 * @key: a key of the stanza's class, such as `"to"` or `"body"`
 *
 * Reads a key, as SleekXMPP's `stanza[key]`. An attribute key gives the
 * attribute as it is; a child-text key gives the text of the child
 * element (`""` when the child is empty); a flag key gives `"true"` when
 * the flag element is there.
 *
 * The string stays valid until the stanza is changed or destroyed.
 *
 * Returns: (nullable): the value, or %NULL when it is absent or @key is
 *   not a key of the stanza
 */
const char *
sleek_stanza_get_string (SleekStanza *self,
                         const char  *key)
{
  const KeyInfo *key_info;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  key_info = type_info_lookup_key (stanza_info (self), key);
  if (key_info == NULL)
    return NULL;
  return stanza_get_key (self, key_info, key);
}

/**
 * sleek_stanza_set_string:
 * @self: a [class@Sleek.Stanza]
 * @key: a key of the stanza's class
 * @value: (nullable): the new value, or %NULL to delete the key
 *
 * Writes a key, as SleekXMPP's `stanza[key] = value`. An attribute key
 * sets the attribute; a child-text key sets the text of the child element,
 * creating it in the stanza's namespace if needed; a flag key adds the
 * flag element for `""`, `"true"` or `"1"` and removes it otherwise.
 * Unknown keys are ignored.
 */
void
sleek_stanza_set_string (SleekStanza *self,
                         const char  *key,
                         const char  *value)
{
  const KeyInfo *key_info;

  g_return_if_fail (SLEEK_IS_STANZA (self));
  g_return_if_fail (key != NULL);

  key_info = type_info_lookup_key (stanza_info (self), key);
  if (key_info == NULL)
    {
      g_debug ("%s has no key “%s”; ignored", G_OBJECT_TYPE_NAME (self), key);
      return;
    }
  stanza_change_key (self, key_info, key, value);
}

/**
 * sleek_stanza_delete:
 * @self: a [class@Sleek.Stanza]
 * @key: a key of the stanza's class, or the attribute of a plugin
 *   registered on it
 *
 * Deletes a key, as SleekXMPP's `del stanza[key]`: removes the attribute
 * or the child element behind it. For a plugin attribute, such as
 * `"error"`, removes the plugin's element.
 */
void
sleek_stanza_delete (SleekStanza *self,
                     const char  *key)
{
  SleekStanzaPrivate *priv;
  const KeyInfo *key_info;
  const PluginRef *plugin;
  TypeInfo *info;

  g_return_if_fail (SLEEK_IS_STANZA (self));
  g_return_if_fail (key != NULL);

  priv = sleek_stanza_get_instance_private (self);
  info = stanza_info (self);
  key_info = type_info_lookup_key (info, key);
  if (key_info != NULL)
    {
      stanza_change_key (self, key_info, key, NULL);
      return;
    }

  plugin = g_hash_table_lookup (info->plugins, key);
  if (plugin != NULL)
    {
      if (priv->plugins != NULL)
        g_hash_table_remove (priv->plugins, key);
      node_remove_children_equivalent (priv->node, plugin->name, plugin->ns);
    }
}

/* The namespace of a new plugin element: a content-namespace plugin
 * follows its parent's content namespace. */
static const char *
plugin_element_ns (SleekNode       *parent,
                   const PluginRef *plugin)
{
  const char *parent_ns = sleek_node_get_namespace (parent);

  if (sleek_stanza_ns_is_content (plugin->ns) && sleek_stanza_ns_is_content (parent_ns))
    return parent_ns;
  return plugin->ns;
}

static SleekStanza *
stanza_get_plugin (SleekStanza     *self,
                   const PluginRef *plugin,
                   gboolean         create)
{
  SleekStanzaPrivate *priv = sleek_stanza_get_instance_private (self);
  SleekStanza *wrapper = NULL;
  SleekNode *child;

  child = sleek_stanza_node_child_equivalent (priv->node, plugin->name, plugin->ns);
  if (priv->plugins != NULL)
    wrapper = g_hash_table_lookup (priv->plugins, plugin->attrib);

  if (wrapper != NULL && child != NULL &&
      sleek_stanza_get_node (wrapper) == child &&
      G_OBJECT_TYPE (wrapper) == plugin->type)
    return wrapper;

  if (child == NULL)
    {
      if (!create)
        {
          if (wrapper != NULL)
            g_hash_table_remove (priv->plugins, plugin->attrib);
          return NULL;
        }
      child = sleek_node_add_child_new (priv->node, plugin->name, plugin_element_ns (priv->node, plugin));
    }

  if (priv->plugins == NULL)
    priv->plugins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  wrapper = g_object_new (plugin->type, "node", child, NULL);
  g_hash_table_replace (priv->plugins, g_strdup (plugin->attrib), wrapper);
  return wrapper;
}

/**
 * sleek_stanza_get_plugin:
 * @self: a [class@Sleek.Stanza]
 * @attrib: the plugin attribute of a plugin registered on the stanza's
 *   class with [func@Sleek.Stanza.register_plugin], such as `"error"`
 * @create: whether to add the plugin's element when it is missing
 *
 * Gets a plugin sub-stanza, as SleekXMPP's `stanza[attrib]`. The plugin
 * wraps its child element in place, so changes made through it show in
 * @self. While the element stays, repeated calls return the same object.
 *
 * Returns: (transfer none) (nullable): the plugin, or %NULL when @attrib
 *   is not a registered plugin or its element is missing and @create is
 *   not set
 */
SleekStanza *
sleek_stanza_get_plugin (SleekStanza *self,
                         const char  *attrib,
                         gboolean     create)
{
  const PluginRef *plugin;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);
  g_return_val_if_fail (attrib != NULL, NULL);

  plugin = g_hash_table_lookup (stanza_info (self)->plugins, attrib);
  if (plugin == NULL)
    return NULL;
  return stanza_get_plugin (self, plugin, create);
}

static int
compare_key_names (const void *a,
                   const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * sleek_stanza_get_plugin_attribs:
 * @self: a [class@Sleek.Stanza]
 *
 * Lists the plugins registered on the stanza's class and its ancestors,
 * whether their elements are present or not.
 *
 * Returns: (transfer full): the plugin attributes, in registration order
 */
GStrv
sleek_stanza_get_plugin_attribs (SleekStanza *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  TypeInfo *info;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  info = stanza_info (self);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < info->plugin_list->len; i++)
    {
      const PluginRef *plugin = g_ptr_array_index (info->plugin_list, i);

      g_strv_builder_add (builder, plugin->attrib);
    }
  return g_strv_builder_end (builder);
}

/**
 * sleek_stanza_get_keys:
 * @self: a [class@Sleek.Stanza]
 *
 * Lists the keys of the stanza's class and its ancestors, those that
 * [method@Sleek.Stanza.get_string] and [method@Sleek.Stanza.set_string]
 * know, whether they are set or not; the names of plugins are not among
 * them (see [method@Sleek.Stanza.get_plugin_attribs]).
 *
 * Returns: (transfer full): the keys, sorted
 */
GStrv
sleek_stanza_get_keys (SleekStanza *self)
{
  g_autofree const char **keys = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n_keys = 0;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (stanza_info (self)->keys, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_key_names);
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, keys);
  return g_strv_builder_end (builder);
}

/**
 * sleek_stanza_to_string:
 * @self: a [class@Sleek.Stanza]
 *
 * Serialises the stanza's element, declaring its namespace.
 *
 * Returns: (transfer full): the XML
 */
char *
sleek_stanza_to_string (SleekStanza *self)
{
  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  return sleek_node_to_string (sleek_stanza_get_node (self));
}

/* ------------------------------------------------------------------ */
/* Stanza paths                                                       */
/* ------------------------------------------------------------------ */

typedef struct {
  char *key;
  char *value;
} PathCondition;

typedef struct {
  char   *ns;
  char   *name;
  GArray *conditions;  /* PathCondition */
} PathStep;

static void
path_condition_clear (gpointer data)
{
  PathCondition *condition = data;

  g_free (condition->key);
  g_free (condition->value);
}

static void
path_step_free (gpointer data)
{
  PathStep *step = data;

  g_free (step->ns);
  g_free (step->name);
  g_array_unref (step->conditions);
  g_free (step);
}

/* Whether the text from @p to the next '/', '@' or the end holds an '='
 * (then an '@' before @p starts a new condition, not part of a value). */
static gboolean
starts_condition (const char *p)
{
  for (; *p != '\0' && *p != '/' && *p != '@'; p++)
    if (*p == '=')
      return TRUE;
  return FALSE;
}

/* Parses "{ns}name@key=value@key='v/alue'/name2...". */
static GPtrArray *
path_parse (const char *path)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (path_step_free);
  const char *p = path;

  while (*p != '\0')
    {
      PathStep *step = g_new0 (PathStep, 1);
      const char *start;

      step->conditions = g_array_new (FALSE, TRUE, sizeof (PathCondition));
      g_array_set_clear_func (step->conditions, path_condition_clear);
      g_ptr_array_add (steps, step);

      if (*p == '{')
        {
          const char *end = strchr (p, '}');

          if (end == NULL)
            return NULL;
          step->ns = g_strndup (p + 1, end - p - 1);
          p = end + 1;
        }

      start = p;
      while (*p != '\0' && *p != '@' && *p != '/')
        p++;
      if (p == start)
        return NULL;
      step->name = g_strndup (start, p - start);

      while (*p == '@')
        {
          PathCondition condition = { NULL, NULL };

          start = ++p;
          while (*p != '\0' && *p != '=' && *p != '@' && *p != '/')
            p++;
          if (*p != '=' || p == start)
            return NULL;
          condition.key = g_strndup (start, p - start);
          p++;

          if (*p == '\'' || *p == '"')
            {
              const char *end = strchr (p + 1, *p);

              if (end == NULL)
                {
                  g_free (condition.key);
                  return NULL;
                }
              condition.value = g_strndup (p + 1, end - p - 1);
              p = end + 1;
            }
          else
            {
              start = p;
              for (;;)
                {
                  while (*p != '\0' && *p != '/' && *p != '@')
                    p++;
                  /* An '@' inside a JID, as in @to=juliet@example.com */
                  if (*p == '@' && !starts_condition (p + 1))
                    {
                      p++;
                      continue;
                    }
                  break;
                }
              condition.value = g_strndup (start, p - start);
            }
          g_array_append_val (step->conditions, condition);
        }

      if (*p == '/')
        p++;
      else if (*p != '\0')
        return NULL;
    }

  if (steps->len == 0)
    return NULL;
  return g_steal_pointer (&steps);
}

static gboolean
conditions_match_stanza (SleekStanza    *stanza,
                         const PathStep *step)
{
  for (guint i = 0; i < step->conditions->len; i++)
    {
      const PathCondition *condition = &g_array_index (step->conditions, PathCondition, i);
      const char *value = sleek_stanza_get_string (stanza, condition->key);

      if (g_strcmp0 (value != NULL ? value : "", condition->value) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
conditions_match_node (SleekNode      *node,
                       const PathStep *step)
{
  for (guint i = 0; i < step->conditions->len; i++)
    {
      const PathCondition *condition = &g_array_index (step->conditions, PathCondition, i);
      const char *value = sleek_node_get_attribute (node, condition->key);

      if (g_strcmp0 (value != NULL ? value : "", condition->value) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Matches plain child elements, below any plugin. */
static gboolean
match_node_children (SleekNode  *node,
                     PathStep  **steps,
                     guint       n_steps)
{
  const PathStep *step = steps[0];
  guint n = sleek_node_get_n_children (node);

  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (strcmp (sleek_node_get_name (child), step->name) != 0)
        continue;
      if (step->ns != NULL && !sleek_stanza_ns_equivalent (step->ns, sleek_node_get_namespace (child)))
        continue;
      if (!conditions_match_node (child, step))
        continue;
      if (n_steps == 1 || match_node_children (child, steps + 1, n_steps - 1))
        return TRUE;
    }
  return FALSE;
}

static gboolean match_stanza (SleekStanza *stanza, PathStep **steps, guint n_steps);

/* Matches @steps against what is inside @stanza. */
static gboolean
match_inside (SleekStanza  *stanza,
              PathStep    **steps,
              guint         n_steps)
{
  const PathStep *step = steps[0];
  TypeInfo *info = stanza_info (stanza);
  const PluginRef *plugin = NULL;
  const KeyInfo *key_info;

  if (step->ns == NULL)
    {
      plugin = g_hash_table_lookup (info->plugins, step->name);
    }
  else
    {
      for (guint i = 0; i < info->plugin_list->len && plugin == NULL; i++)
        {
          const PluginRef *candidate = g_ptr_array_index (info->plugin_list, i);

          if (strcmp (candidate->name, step->name) == 0 &&
              sleek_stanza_ns_equivalent (candidate->ns, step->ns))
            plugin = candidate;
        }
    }
  if (plugin != NULL)
    {
      SleekStanza *sub = stanza_get_plugin (stanza, plugin, FALSE);

      return sub != NULL && match_stanza (sub, steps, n_steps);
    }

  key_info = step->ns == NULL ? type_info_lookup_key (info, step->name) : NULL;
  if (key_info != NULL && n_steps == 1 && step->conditions->len == 0)
    {
      const char *value = stanza_get_key (stanza, key_info, step->name);

      return value != NULL && *value != '\0';
    }

  return match_node_children (sleek_stanza_get_node (stanza), steps, n_steps);
}

/* Matches @steps with steps[0] naming @stanza itself. */
static gboolean
match_stanza (SleekStanza  *stanza,
              PathStep    **steps,
              guint         n_steps)
{
  const PathStep *step = steps[0];
  SleekNode *node = sleek_stanza_get_node (stanza);
  TypeInfo *info = stanza_info (stanza);
  gboolean name_matches;

  if (step->ns != NULL)
    name_matches = strcmp (step->name, sleek_node_get_name (node)) == 0 &&
                   sleek_stanza_ns_equivalent (step->ns, sleek_node_get_namespace (node));
  else
    name_matches = strcmp (step->name, sleek_node_get_name (node)) == 0 ||
                   g_strcmp0 (step->name, info->plugin_attrib) == 0;
  if (!name_matches)
    return FALSE;

  if (!conditions_match_stanza (stanza, step))
    return FALSE;

  if (n_steps == 1)
    return TRUE;
  return match_inside (stanza, steps + 1, n_steps - 1);
}

/**
 * sleek_stanza_match:
 * @self: a [class@Sleek.Stanza]
 * @path: a stanza path, such as `"iq@type=get/disco_info"`
 *
 * Checks the stanza against a path in SleekXMPP's StanzaPath syntax: steps
 * separated by `/`, each an element name, optionally preceded by a
 * `{namespace}` and followed by `@key=value` conditions.
 *
 * The first step names the stanza itself: its element name, `{ns}name`, or
 * its plugin attribute. Each later step names a plugin registered on the
 * stanza before it (which must be present, it is not created), a key
 * (which must be non-empty), or else a child element (any namespace
 * unless one is given). A condition compares
 * [method@Sleek.Stanza.get_string] of the stanza or plugin, or the
 * attribute of a plain child element, with the value; an absent key
 * equals the empty value. A value holding `/` is quoted:
 * `presence@to='juliet@example.com/balcony'`. The three content
 * namespaces are equivalent.
 *
 * Examples: `"message/body"`, `"presence@type=unavailable"`,
 * `"{jabber:client}message/{urn:xmpp:delay}delay"`,
 * `"iq@type=error/error@condition=item-not-found"`.
 *
 * Returns: whether the stanza matches @path
 */
gboolean
sleek_stanza_match (SleekStanza *self,
                    const char  *path)
{
  g_autoptr(GPtrArray) steps = NULL;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  steps = path_parse (path);
  if (steps == NULL)
    {
      g_debug ("Invalid stanza path “%s”", path);
      return FALSE;
    }
  return match_stanza (self, (PathStep **) steps->pdata, steps->len);
}

/* ------------------------------------------------------------------ */
/* Addressing                                                         */
/* ------------------------------------------------------------------ */

/**
 * sleek_stanza_get_to: (get-property to)
 * @self: a [class@Sleek.Stanza]
 *
 * Gets the recipient. The JID is parsed once and kept until the attribute
 * changes.
 *
 * Returns: (transfer none) (nullable): the recipient, or %NULL when the
 *   `to` attribute is absent or not a valid JID
 */
SleekJid *
sleek_stanza_get_to (SleekStanza *self)
{
  SleekStanzaPrivate *priv;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  priv = sleek_stanza_get_instance_private (self);
  return jid_cache_get (&priv->to, sleek_stanza_get_string (self, "to"));
}

/**
 * sleek_stanza_set_to: (set-property to)
 * @self: a [class@Sleek.Stanza]
 * @to: (nullable): the recipient, or %NULL to remove the `to` attribute
 *
 * Sets the recipient.
 */
void
sleek_stanza_set_to (SleekStanza *self,
                     SleekJid    *to)
{
  SleekStanzaPrivate *priv;

  g_return_if_fail (SLEEK_IS_STANZA (self));

  priv = sleek_stanza_get_instance_private (self);
  jid_cache_set (&priv->to, to);
  sleek_stanza_set_string (self, "to", to != NULL ? sleek_jid_to_string (to) : NULL);
}

/**
 * sleek_stanza_get_from: (get-property from)
 * @self: a [class@Sleek.Stanza]
 *
 * Gets the sender. The JID is parsed once and kept until the attribute
 * changes.
 *
 * Returns: (transfer none) (nullable): the sender, or %NULL when the
 *   `from` attribute is absent or not a valid JID
 */
SleekJid *
sleek_stanza_get_from (SleekStanza *self)
{
  SleekStanzaPrivate *priv;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  priv = sleek_stanza_get_instance_private (self);
  return jid_cache_get (&priv->from, sleek_stanza_get_string (self, "from"));
}

/**
 * sleek_stanza_set_from: (set-property from)
 * @self: a [class@Sleek.Stanza]
 * @from: (nullable): the sender, or %NULL to remove the `from` attribute
 *
 * Sets the sender.
 */
void
sleek_stanza_set_from (SleekStanza *self,
                       SleekJid    *from)
{
  SleekStanzaPrivate *priv;

  g_return_if_fail (SLEEK_IS_STANZA (self));

  priv = sleek_stanza_get_instance_private (self);
  jid_cache_set (&priv->from, from);
  sleek_stanza_set_string (self, "from", from != NULL ? sleek_jid_to_string (from) : NULL);
}

/**
 * sleek_stanza_get_id: (get-property id)
 * @self: a [class@Sleek.Stanza]
 *
 * Gets the `id` attribute.
 *
 * Returns: (nullable): the id, or %NULL
 */
const char *
sleek_stanza_get_id (SleekStanza *self)
{
  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  return sleek_stanza_get_string (self, "id");
}

/**
 * sleek_stanza_set_id: (set-property id)
 * @self: a [class@Sleek.Stanza]
 * @id: (nullable): the new id, or %NULL to remove it
 *
 * Sets the `id` attribute.
 */
void
sleek_stanza_set_id (SleekStanza *self,
                     const char  *id)
{
  g_return_if_fail (SLEEK_IS_STANZA (self));

  sleek_stanza_set_string (self, "id", id);
}

/**
 * sleek_stanza_get_stanza_type: (get-property type)
 * @self: a [class@Sleek.Stanza]
 *
 * Gets the `type` attribute as it is on the wire. The subclasses also
 * give it as an enumeration, as [method@Sleek.Message.get_message_type].
 *
 * Returns: (nullable): the type, or %NULL
 */
const char *
sleek_stanza_get_stanza_type (SleekStanza *self)
{
  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  return sleek_stanza_get_string (self, "type");
}

/**
 * sleek_stanza_set_stanza_type: (set-property type)
 * @self: a [class@Sleek.Stanza]
 * @type: (nullable): the new type, or %NULL to remove it
 *
 * Sets the `type` attribute.
 */
void
sleek_stanza_set_stanza_type (SleekStanza *self,
                              const char  *type)
{
  g_return_if_fail (SLEEK_IS_STANZA (self));

  sleek_stanza_set_string (self, "type", type);
}

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

static SleekNode *
error_node (SleekNode *node)
{
  return sleek_stanza_node_child_equivalent (node, "error", sleek_node_get_namespace (node));
}

/**
 * sleek_stanza_get_error:
 * @self: a [class@Sleek.Stanza]
 *
 * Reads the error of a stanza of type `error` as a #GError in the
 * %SLEEK_STANZA_ERROR domain: the code comes from the condition element
 * (%SLEEK_STANZA_ERROR_UNDEFINED_CONDITION when it is missing or unknown),
 * the message is the `<text/>` of the error, or else the condition name.
 *
 * Returns: (transfer full) (nullable): the error, or %NULL when the stanza
 *   is not of type `error`
 */
GError *
sleek_stanza_get_error (SleekStanza *self)
{
  SleekNode *node, *error;
  const char *condition = NULL;
  const char *text = NULL;
  SleekStanzaError code;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);

  node = sleek_stanza_get_node (self);
  if (g_strcmp0 (sleek_node_get_attribute (node, "type"), "error") != 0)
    return NULL;

  error = error_node (node);
  if (error != NULL)
    {
      guint n = sleek_node_get_n_children (error);

      for (guint i = 0; i < n; i++)
        {
          SleekNode *child = sleek_node_get_nth_child (error, i);

          if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_STANZA_ERRORS) != 0)
            continue;
          if (strcmp (sleek_node_get_name (child), "text") == 0)
            {
              if (text == NULL)
                text = sleek_node_get_text (child);
            }
          else if (condition == NULL)
            {
              condition = sleek_node_get_name (child);
            }
        }
    }

  code = sleek_stanza_error_from_condition (condition);
  if (text != NULL && *text != '\0')
    return g_error_new_literal (SLEEK_STANZA_ERROR, code, text);
  if (condition == NULL)
    condition = sleek_stanza_error_to_condition (code);
  return g_error_new_literal (SLEEK_STANZA_ERROR, code, condition);
}

/**
 * sleek_stanza_set_error:
 * @self: a [class@Sleek.Stanza]
 * @error: the error to carry
 *
 * Makes @self a stanza of type `error` carrying @error: sets the `type`
 * attribute and replaces any `<error/>` child with one holding the
 * condition element and, unless the message is empty or just the
 * condition name, a `<text/>` with the message.
 *
 * An error in the %SLEEK_STANZA_ERROR domain gives its condition and the
 * error type of [func@Sleek.StanzaError.default_type]; an error in any
 * other domain gives `<undefined-condition/>` of type `cancel`.
 */
void
sleek_stanza_set_error (SleekStanza  *self,
                        const GError *error)
{
  SleekNode *node, *error_element, *child;
  SleekStanzaError code = SLEEK_STANZA_ERROR_UNDEFINED_CONDITION;
  const char *condition, *text;
  SleekStanzaPrivate *priv;

  g_return_if_fail (SLEEK_IS_STANZA (self));
  g_return_if_fail (error != NULL);

  priv = sleek_stanza_get_instance_private (self);
  node = priv->node;

  if (error->domain == SLEEK_STANZA_ERROR)
    code = error->code;
  condition = sleek_stanza_error_to_condition (code);
  code = sleek_stanza_error_from_condition (condition);
  text = error->message;
  if (text != NULL && (*text == '\0' || strcmp (text, condition) == 0))
    text = NULL;

  sleek_stanza_set_string (self, "type", "error");

  if (priv->plugins != NULL)
    g_hash_table_remove (priv->plugins, "error");
  node_remove_children_equivalent (node, "error", sleek_node_get_namespace (node));

  error_element = sleek_node_add_child_new (node, "error", sleek_node_get_namespace (node));
  sleek_node_set_attribute (error_element, "type", sleek_stanza_error_default_type (code));
  sleek_node_add_child_new (error_element, condition, SLEEK_NS_STANZA_ERRORS);
  if (text != NULL)
    {
      child = sleek_node_add_child_new (error_element, "text", SLEEK_NS_STANZA_ERRORS);
      sleek_node_set_text (child, text);
    }
}

/**
 * sleek_stanza_make_error_reply:
 * @self: a [class@Sleek.Stanza]
 * @error: the error to answer with
 *
 * Builds an error answer to @self: [method@Sleek.Stanza.reply] keeping the
 * children of @self, then [method@Sleek.Stanza.set_error].
 *
 * Returns: (transfer full): a new stanza of type `error`
 */
SleekStanza *
sleek_stanza_make_error_reply (SleekStanza  *self,
                               const GError *error)
{
  SleekStanza *reply;

  g_return_val_if_fail (SLEEK_IS_STANZA (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  reply = sleek_stanza_reply (self, FALSE);
  sleek_stanza_set_error (reply, error);
  return reply;
}
