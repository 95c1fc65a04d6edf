/* sleek-node.c: one XML element and its subtree
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-node-private.h"
#include "sleek-xml-reader.h"

#include <string.h>

/**
 * SleekNode:
 *
 * One XML element: a name, a namespace, attributes (`xml:lang` included),
 * text and child elements. It is what the stream parser produces for each
 * stanza and what every stanza object wraps.
 *
 * A node is reference counted and mutable. Adding a node as a child takes
 * a reference on it, so a child shows the same edits wherever it is
 * referenced from. [method@Sleek.Node.copy] makes an independent deep copy.
 *
 * Text is kept as in ElementTree: [method@Sleek.Node.get_text] is the text
 * before the first child element, and the tail of a child
 * ([method@Sleek.Node.get_tail]) is the text that follows it inside its
 * parent. Mixed content therefore survives parsing and serialisation.
 *
 * Namespaces are full URIs, never prefixes. A node with a %NULL namespace
 * is in no namespace.
 *
 * A node is not thread-safe: share it between threads only read-only, or
 * give the other thread a copy.
 */

G_DEFINE_BOXED_TYPE (SleekNode, sleek_node, sleek_node_ref, sleek_node_unref)

#define XML_LANG_NAME "xml:lang"

static inline gboolean
str_equal0 (const char *a, const char *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return strcmp (a, b) == 0;
}

/* Arenas */

#define ARENA_FIRST_BLOCK 2048

typedef struct _ArenaBlock ArenaBlock;
struct _ArenaBlock {
  ArenaBlock *next;
  gsize size;
  gsize used;
  char data[];
};

struct _SleekNodeArena {
  gatomicrefcount ref_count;
  ArenaBlock *block;          /* the current block; older ones follow */
  SleekNode *nodes;
  char *last;                 /* the latest allocation, to grow text in place */
  gsize last_size;
};

/* A stream frees one stanza's arena and allocates the next one's over
 * and over: each thread keeps the last arena it freed (its first block
 * only, 2 KiB) for the next one it makes. */
static GPrivate spare_arena = G_PRIVATE_INIT (g_free);

SleekNodeArena *
sleek_node_arena_new (void)
{
  SleekNodeArena *arena = g_private_get (&spare_arena);
  ArenaBlock *first;

  if (arena != NULL)
    g_private_set (&spare_arena, NULL);
  else
    arena = g_malloc (sizeof (SleekNodeArena) + sizeof (ArenaBlock) + ARENA_FIRST_BLOCK);
  first = (ArenaBlock *) (arena + 1);

  g_atomic_ref_count_init (&arena->ref_count);
  first->next = NULL;
  first->size = ARENA_FIRST_BLOCK;
  first->used = 0;
  arena->block = first;
  arena->nodes = NULL;
  arena->last = NULL;
  arena->last_size = 0;
  return arena;
}

static gpointer
arena_alloc (SleekNodeArena *arena, gsize size)
{
  ArenaBlock *block = arena->block;
  gsize start = (block->used + 7) & ~(gsize) 7;
  char *memory;

  if (start + size > block->size)
    {
      gsize block_size = MAX (block->size * 2, size);

      block = g_malloc (sizeof (ArenaBlock) + block_size);
      block->next = arena->block;
      block->size = block_size;
      start = 0;
      arena->block = block;
    }
  memory = block->data + start;
  block->used = start + size;
  arena->last = memory;
  arena->last_size = size;
  return memory;
}

/* Grows the latest allocation @memory of the arena to @size bytes, in
 * place when there is room, else as a copy. */
static gpointer
arena_grow (SleekNodeArena *arena, gpointer memory, gsize old_size, gsize size)
{
  ArenaBlock *block = arena->block;
  gpointer grown;

  if (memory == arena->last && memory == block->data + block->used - old_size &&
      block->used - old_size + size <= block->size)
    {
      block->used += size - old_size;
      arena->last_size = size;
      return memory;
    }
  grown = arena_alloc (arena, size);
  memcpy (grown, memory, old_size);
  return grown;
}

static void node_release_parts (SleekNode *node);

static void
arena_free (SleekNodeArena *arena)
{
  ArenaBlock *block = arena->block;

  for (SleekNode *node = arena->nodes; node != NULL; node = node->arena_next)
    node_release_parts (node);
  while (block != NULL)
    {
      ArenaBlock *next = block->next;

      if (block != (ArenaBlock *) (arena + 1))
        g_free (block);
      block = next;
    }
  if (g_private_get (&spare_arena) == NULL)
    g_private_set (&spare_arena, arena);
  else
    g_free (arena);
}

void
sleek_node_arena_unref (SleekNodeArena *arena)
{
  if (g_atomic_ref_count_dec (&arena->ref_count))
    arena_free (arena);
}

/* Nodes */

SleekNode *
sleek_node_new_len (SleekNodeArena *arena, const char *name, gsize name_len, const char *ns, gsize ns_len)
{
  gsize size = sizeof (SleekNode) + name_len + 1 + (ns_len > 0 ? ns_len + 1 : 0);
  SleekNode *node;
  char *strings;

  if (arena != NULL)
    {
      node = arena_alloc (arena, size);
      memset (node, 0, sizeof (SleekNode));
      node->arena = arena;
      node->arena_next = arena->nodes;
      arena->nodes = node;
    }
  else
    {
      node = g_malloc (size);  /* not calloc: the strings are written below */
      memset (node, 0, sizeof (SleekNode));
      g_atomic_ref_count_init (&node->ref_count);
    }
  strings = (char *) (node + 1);
  memcpy (strings, name, name_len);
  strings[name_len] = '\0';
  node->name = strings;
  if (ns_len > 0)
    {
      memcpy (strings + name_len + 1, ns, ns_len);
      strings[name_len + 1 + ns_len] = '\0';
      node->ns = strings + name_len + 1;
    }
  return node;
}

SleekNode *
sleek_node_new_shared_ns (SleekNodeArena *arena, const char *name, gsize name_len, const char *shared_ns)
{
  SleekNode *node = sleek_node_new_len (arena, name, name_len, NULL, 0);

  node->ns = shared_ns;
  return node;
}

/* A link from @parent to @child holds a reference, except inside one
 * arena. */
static inline void
link_ref (SleekNode *parent, SleekNode *child)
{
  if (child->arena == NULL || child->arena != parent->arena)
    sleek_node_ref (child);
}

static inline void
link_unref (SleekNode *parent, SleekNode *child)
{
  if (child->arena == NULL || child->arena != parent->arena)
    sleek_node_unref (child);
}

SleekNodeAttr *
sleek_node_set_packed_attributes (SleekNode *node, guint n, gsize string_bytes, char **strings)
{
  gsize size = n * sizeof (SleekNodeAttr) + string_bytes;

  g_assert (node->n_attrs == 0 && node->attrs == NULL);

  if (node->arena != NULL)
    {
      node->attrs = arena_alloc (node->arena, size);
      node->attrs_in_arena = TRUE;
    }
  else
    node->attrs = g_malloc (size);
  node->attrs_size = node->n_attrs = n;
  node->attrs_packed = TRUE;
  *strings = (char *) (node->attrs + n);
  return node->attrs;
}

static void
free_attribute_block (SleekNode *node)
{
  if (!node->attrs_in_arena)
    g_free (node->attrs);
  node->attrs = NULL;
  node->attrs_in_arena = FALSE;
}

/* Outside a packed block, each attribute is one allocation: its name,
 * its namespace if it has one, then its value; attr->name points at the
 * start. */
static void
attr_fill (SleekNodeAttr *attr, const char *name, gsize name_len, const char *ns, gsize ns_len,
           const char *value, gsize value_len)
{
  char *block = g_malloc (name_len + 1 + (ns != NULL ? ns_len + 1 : 0) + value_len + 1);
  char *p = block;

  attr->name = p;
  memcpy (p, name, name_len + 1);
  p += name_len + 1;
  attr->ns = NULL;
  if (ns != NULL)
    {
      attr->ns = p;
      memcpy (p, ns, ns_len + 1);
      p += ns_len + 1;
    }
  attr->value = p;
  memcpy (p, value, value_len);
  p[value_len] = '\0';
}

static inline void
attr_fill_copy (SleekNodeAttr *attr, const SleekNodeAttr *from, const char *value, gsize value_len)
{
  attr_fill (attr, from->name, strlen (from->name), from->ns, from->ns != NULL ? strlen (from->ns) : 0,
             value, value_len);
}

/* Before an attribute changes, give every attribute its own allocation. */
static void
unpack_attributes (SleekNode *node)
{
  SleekNodeAttr *packed = node->attrs;
  guint n = node->n_attrs;
  SleekNodeAttr *attrs;

  if (!node->attrs_packed)
    return;
  attrs = g_new (SleekNodeAttr, MAX (4, n * 2));
  for (guint i = 0; i < n; i++)
    attr_fill_copy (&attrs[i], &packed[i], packed[i].value, strlen (packed[i].value));
  free_attribute_block (node);
  node->attrs = attrs;
  node->attrs_size = MAX (4, n * 2);
  node->attrs_packed = FALSE;
}

static void
free_attributes (SleekNode *node)
{
  if (!node->attrs_packed)
    for (guint i = 0; i < node->n_attrs; i++)
      g_free (node->attrs[i].name);  /* the whole attribute */
  free_attribute_block (node);
}

/* Text and tail: arena or heap. */
static void
set_text_field (SleekNode *node, gboolean is_tail, const char *value)
{
  char **field = is_tail ? &node->tail : &node->text;
  char *old = *field;
  gboolean old_in_arena = is_tail ? node->tail_in_arena : node->text_in_arena;

  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
  if (is_tail)
    node->tail_in_arena = FALSE;
  else
    node->text_in_arena = FALSE;
  if (!old_in_arena)
    g_free (old);
}

static void
append_text_field (SleekNode *node, char **field, gboolean is_tail, gboolean parsed, const char *text,
                   gsize len)
{
  gsize old_len;

  if (len == 0)
    return;
  if (parsed && node->arena != NULL &&
      (*field == NULL || (is_tail ? node->tail_in_arena : node->text_in_arena)))
    {
      /* Parsed text stays in the arena, grown in place. */
      old_len = *field != NULL ? strlen (*field) : 0;
      *field = *field != NULL ? arena_grow (node->arena, *field, old_len + 1, old_len + len + 1)
                              : arena_alloc (node->arena, len + 1);
      memcpy (*field + old_len, text, len);
      (*field)[old_len + len] = '\0';
      if (is_tail)
        node->tail_in_arena = TRUE;
      else
        node->text_in_arena = TRUE;
      return;
    }
  if (*field == NULL)
    {
      *field = g_strndup (text, len);
      return;
    }
  old_len = strlen (*field);
  if (is_tail ? node->tail_in_arena : node->text_in_arena)
    {
      char *copy = g_malloc (old_len + len + 1);

      memcpy (copy, *field, old_len);
      *field = copy;
      if (is_tail)
        node->tail_in_arena = FALSE;
      else
        node->text_in_arena = FALSE;
    }
  else
    *field = g_realloc (*field, old_len + len + 1);
  memcpy (*field + old_len, text, len);
  (*field)[old_len + len] = '\0';
}

void
sleek_node_append_parsed_text (SleekNode *node, const char *text, gsize len)
{
  if (node->n_children > 0)
    {
      SleekNode *last = node->children[node->n_children - 1];

      append_text_field (last, &last->tail, TRUE, TRUE, text, len);
    }
  else
    append_text_field (node, &node->text, FALSE, TRUE, text, len);
}

/* Frees what a node holds outside its arena (and releases its links). */
static void
node_release_parts (SleekNode *node)
{
  for (guint i = 0; i < node->n_children; i++)
    link_unref (node, node->children[i]);
  if (!node->children_in_arena)
    g_free (node->children);
  free_attributes (node);
  if (!node->text_in_arena)
    g_free (node->text);
  if (!node->tail_in_arena)
    g_free (node->tail);
}

/**
 * sleek_node_new:
 * @name: the element's local name
 * @ns: (nullable): the element's namespace URI, or %NULL for none
 *
 * Creates an element with no attributes, text or children.
 *
 * Returns: (transfer full): a new node
 */
SleekNode *
sleek_node_new (const char *name, const char *ns)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  return sleek_node_new_len (NULL, name, strlen (name), ns, ns != NULL ? strlen (ns) : 0);
}

/**
 * sleek_node_parse:
 * @xml: a serialised XML element
 * @len: the length of @xml in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses one XML element with the same restricted parser the stream uses:
 * a DOCTYPE, entity declarations and references other than the five
 * predefined ones, processing instructions and comments are refused with
 * %SLEEK_STREAM_ERROR_RESTRICTED_XML, ill-formed input with
 * %SLEEK_STREAM_ERROR_NOT_WELL_FORMED, and going over the default limits
 * with %SLEEK_STREAM_ERROR_POLICY_VIOLATION.
 *
 * An element without an `xmlns` is in no namespace.
 *
 * Returns: (transfer full): the parsed element, or %NULL with @error set
 */
SleekNode *
sleek_node_parse (const char *xml, gssize len, GError **error)
{
  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (xml);
  return sleek_xml_reader_parse_document (xml, (gsize) len, error);
}

/**
 * sleek_node_ref:
 * @node: a node
 *
 * Takes a reference on @node.
 *
 * Returns: (transfer full): @node, with one more reference
 */
SleekNode *
sleek_node_ref (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (node->arena != NULL)
    g_atomic_ref_count_inc (&node->arena->ref_count);
  else
    g_atomic_ref_count_inc (&node->ref_count);
  return node;
}

static void
node_free (SleekNode *node)
{
  node_release_parts (node);
  g_free (node);
}

/**
 * sleek_node_unref:
 * @node: (transfer full): a node
 *
 * Drops one reference; the node and the references it holds on its
 * children are freed with the last one.
 */
void
sleek_node_unref (SleekNode *node)
{
  g_return_if_fail (node != NULL);

  if (node->arena != NULL)
    sleek_node_arena_unref (node->arena);
  else if (g_atomic_ref_count_dec (&node->ref_count))
    node_free (node);
}

/**
 * sleek_node_copy:
 * @node: a node
 *
 * Makes a deep copy: changing the copy or any of its descendants leaves
 * @node as it was.
 *
 * Returns: (transfer full): the copy
 */
SleekNode *
sleek_node_copy (SleekNode *node)
{
  SleekNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  copy = sleek_node_new_len (NULL, node->name, strlen (node->name), node->ns,
                             node->ns != NULL ? strlen (node->ns) : 0);
  copy->text = g_strdup (node->text);
  copy->tail = g_strdup (node->tail);
  if (node->n_attrs > 0)
    {
      gsize bytes = 0;
      SleekNodeAttr *attrs;
      char *strings;

      for (guint i = 0; i < node->n_attrs; i++)
        bytes += strlen (node->attrs[i].name) + 1 + strlen (node->attrs[i].value) + 1 +
                 (node->attrs[i].ns != NULL ? strlen (node->attrs[i].ns) + 1 : 0);
      attrs = sleek_node_set_packed_attributes (copy, node->n_attrs, bytes, &strings);
      for (guint i = 0; i < node->n_attrs; i++)
        {
          attrs[i].name = strings;
          strings = g_stpcpy (strings, node->attrs[i].name) + 1;
          attrs[i].value = strings;
          strings = g_stpcpy (strings, node->attrs[i].value) + 1;
          attrs[i].ns = NULL;
          if (node->attrs[i].ns != NULL)
            {
              attrs[i].ns = strings;
              strings = g_stpcpy (strings, node->attrs[i].ns) + 1;
            }
        }
    }
  if (node->n_children > 0)
    {
      copy->children = g_new (SleekNode *, node->n_children);
      copy->n_children = copy->children_size = node->n_children;
      for (guint i = 0; i < node->n_children; i++)
        copy->children[i] = sleek_node_copy (node->children[i]);
    }
  return copy;
}

/**
 * sleek_node_get_name:
 * @node: a node
 *
 * Gets the element's local name.
 *
 * Returns: the element's local name
 */
const char *
sleek_node_get_name (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->name;
}

/**
 * sleek_node_get_namespace:
 * @node: a node
 *
 * Gets the element's namespace.
 *
 * Returns: (nullable): the element's namespace URI, or %NULL if it is in
 *   no namespace
 */
const char *
sleek_node_get_namespace (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->ns;
}

/**
 * sleek_node_is:
 * @node: a node
 * @name: a local name
 * @ns: (nullable): a namespace URI, or %NULL to accept any namespace
 *
 * Checks the element's name and namespace.
 *
 * Returns: whether @node is the element @name in @ns
 */
gboolean
sleek_node_is (SleekNode *node, const char *name, const char *ns)
{
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return strcmp (node->name, name) == 0 && (ns == NULL || str_equal0 (node->ns, ns));
}

/* Attributes.  "xml:lang" is stored as the attribute lang in the XML
 * namespace, which is what the parser reports. */

static gboolean
split_attribute_name (const char *name, const char **local, const char **ns)
{
  if (strcmp (name, XML_LANG_NAME) == 0)
    {
      *local = "lang";
      *ns = SLEEK_NS_XML;
      return TRUE;
    }
  *local = name;
  *ns = NULL;
  return FALSE;
}

static SleekNodeAttr *
find_attr (SleekNode *node, const char *name, const char *ns)
{
  for (guint i = 0; i < node->n_attrs; i++)
    {
      SleekNodeAttr *attr = &node->attrs[i];

      if (strcmp (attr->name, name) == 0 && str_equal0 (attr->ns, ns))
        return attr;
    }
  return NULL;
}

/**
 * sleek_node_get_attribute:
 * @node: a node
 * @name: the attribute's name; `"xml:lang"` names the attribute lang in
 *   the XML namespace
 *
 * Looks up an attribute in no namespace (or `xml:lang`).
 *
 * Returns: (nullable): the attribute's value, or %NULL if it is not set
 */
const char *
sleek_node_get_attribute (SleekNode *node, const char *name)
{
  const char *local, *ns;
  SleekNodeAttr *attr;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  split_attribute_name (name, &local, &ns);
  attr = find_attr (node, local, ns);
  return attr != NULL ? attr->value : NULL;
}

/**
 * sleek_node_get_attribute_ns:
 * @node: a node
 * @name: the attribute's local name
 * @ns: (nullable): the attribute's namespace URI, %NULL for none
 *
 * Looks up an attribute by local name and namespace.
 *
 * Returns: (nullable): the attribute's value, or %NULL if it is not set
 */
const char *
sleek_node_get_attribute_ns (SleekNode *node, const char *name, const char *ns)
{
  SleekNodeAttr *attr;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  attr = find_attr (node, name, (ns != NULL && *ns != '\0') ? ns : NULL);
  return attr != NULL ? attr->value : NULL;
}

/* g_utf8_validate() of a nul-terminated @text, *end set to its end when
 * it is valid; a leading run of ASCII, all of most attribute values, is
 * checked here first, more cheaply. */
static inline gboolean
utf8_validate_len (const char *text, const char **end)
{
  const char *p = text;

  while ((guint) (guchar) *p - 1u < 0x7Fu)  /* 0x01 to 0x7F */
    p++;
  if (*p == '\0')
    {
      *end = p;
      return TRUE;
    }
  return g_utf8_validate (p, -1, end);
}

/* Sets, replaces or removes an attribute; returns whether its value
 * changed. */
static gboolean
set_attribute (SleekNode *node, const char *name, const char *ns, const char *value)
{
  SleekNodeAttr *attr;
  const char *end;

  unpack_attributes (node);
  attr = find_attr (node, name, ns);

  if (value == NULL)
    {
      if (attr != NULL)
        {
          guint index = attr - node->attrs;

          g_free (attr->name);
          memmove (attr, attr + 1, (node->n_attrs - index - 1) * sizeof (SleekNodeAttr));
          node->n_attrs--;
          return TRUE;
        }
      return FALSE;
    }

  g_return_val_if_fail (utf8_validate_len (value, &end), FALSE);

  if (attr != NULL)
    {
      char *old = attr->name;

      if (strcmp (attr->value, value) == 0)
        return FALSE;
      attr_fill_copy (attr, attr, value, end - value);
      g_free (old);
      return TRUE;
    }
  if (node->n_attrs == node->attrs_size)
    {
      node->attrs_size = MAX (4, node->attrs_size * 2);
      node->attrs = g_renew (SleekNodeAttr, node->attrs, node->attrs_size);
    }
  attr_fill (&node->attrs[node->n_attrs++], name, strlen (name), ns, ns != NULL ? strlen (ns) : 0,
             value, end - value);
  return TRUE;
}

gboolean
sleek_node_change_attribute (SleekNode *node, const char *name, const char *value)
{
  const char *local, *ns;

  split_attribute_name (name, &local, &ns);
  return set_attribute (node, local, ns, value);
}

/**
 * sleek_node_set_attribute:
 * @node: a node
 * @name: the attribute's name; `"xml:lang"` names the attribute lang in
 *   the XML namespace
 * @value: (nullable): the new value, or %NULL to remove the attribute
 *
 * Sets or removes an attribute in no namespace (or `xml:lang`).
 */
void
sleek_node_set_attribute (SleekNode *node, const char *name, const char *value)
{
  const char *local, *ns;

  g_return_if_fail (node != NULL);
  g_return_if_fail (name != NULL && *name != '\0');

  split_attribute_name (name, &local, &ns);
  set_attribute (node, local, ns, value);
}

/**
 * sleek_node_set_attribute_ns:
 * @node: a node
 * @name: the attribute's local name
 * @ns: (nullable): the attribute's namespace URI, %NULL for none
 * @value: (nullable): the new value, or %NULL to remove the attribute
 *
 * Sets or removes a namespaced attribute. The serialiser declares a prefix
 * for it.
 */
void
sleek_node_set_attribute_ns (SleekNode *node, const char *name, const char *ns, const char *value)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (name != NULL && *name != '\0');

  set_attribute (node, name, (ns != NULL && *ns != '\0') ? ns : NULL, value);
}

/**
 * sleek_node_dup_attribute_names:
 * @node: a node
 *
 * Lists the attributes in document order. An attribute in no namespace is
 * named by its local name, `xml:lang` as `"xml:lang"`, and any other
 * namespaced attribute in Clark notation, `{namespace}name`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the attribute names
 */
GStrv
sleek_node_dup_attribute_names (SleekNode *node)
{
  GStrv names;

  g_return_val_if_fail (node != NULL, NULL);

  names = g_new0 (char *, node->n_attrs + 1);
  for (guint i = 0; i < node->n_attrs; i++)
    {
      SleekNodeAttr *attr = &node->attrs[i];

      if (attr->ns == NULL)
        names[i] = g_strdup (attr->name);
      else if (strcmp (attr->ns, SLEEK_NS_XML) == 0)
        names[i] = g_strconcat ("xml:", attr->name, NULL);
      else
        names[i] = g_strdup_printf ("{%s}%s", attr->ns, attr->name);
    }
  return names;
}

/**
 * sleek_node_get_n_attributes:
 * @node: a node
 *
 * Counts the attributes.
 *
 * Returns: how many attributes @node has
 */
guint
sleek_node_get_n_attributes (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->n_attrs;
}

/**
 * sleek_node_get_lang:
 * @node: a node
 *
 * Gets the `xml:lang` attribute.
 *
 * Returns: (nullable): the `xml:lang` attribute of @node itself (it is not
 *   inherited from ancestors here), or %NULL
 */
const char *
sleek_node_get_lang (SleekNode *node)
{
  return sleek_node_get_attribute_ns (node, "lang", SLEEK_NS_XML);
}

/**
 * sleek_node_set_lang:
 * @node: a node
 * @lang: (nullable): a language tag, or %NULL to remove `xml:lang`
 *
 * Sets or removes the `xml:lang` attribute.
 */
void
sleek_node_set_lang (SleekNode *node, const char *lang)
{
  sleek_node_set_attribute_ns (node, "lang", SLEEK_NS_XML, lang);
}

/* Text */

/**
 * sleek_node_get_text:
 * @node: a node
 *
 * Gets the element's leading text.
 *
 * Returns: (nullable): the text before the first child element, or %NULL
 *   if there is none
 */
const char *
sleek_node_get_text (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->text;
}

/**
 * sleek_node_set_text:
 * @node: a node
 * @text: (nullable): the new text, or %NULL to remove it
 *
 * Sets the text before the first child element. Characters that XML 1.0
 * cannot carry (most control characters) are left out when the node is
 * serialised.
 */
void
sleek_node_set_text (SleekNode *node, const char *text)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));
  set_text_field (node, FALSE, text);
}

gboolean
sleek_node_change_text (SleekNode *node, const char *text)
{
  const char *end;
  char *copy = NULL;

  g_return_val_if_fail (utf8_validate_len (text, &end), FALSE);

  if (strcmp (node->text != NULL ? node->text : "", text) == 0)
    return FALSE;
  if (end != text)
    {
      copy = g_malloc (end - text + 1);
      memcpy (copy, text, end - text + 1);
    }
  if (!node->text_in_arena)
    g_free (node->text);
  node->text = copy;
  node->text_in_arena = FALSE;
  return TRUE;
}

/**
 * sleek_node_append_text:
 * @node: a node
 * @text: text to add
 * @len: the length of @text in bytes, or -1 if it is nul-terminated
 *
 * Appends to the text of @node, or to the tail of its last child if it has
 * children, as a parser would.
 */
void
sleek_node_append_text (SleekNode *node, const char *text, gssize len)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (text != NULL);

  if (len < 0)
    len = strlen (text);
  g_return_if_fail (g_utf8_validate (text, len, NULL));

  if (node->n_children > 0)
    {
      SleekNode *last = node->children[node->n_children - 1];

      append_text_field (last, &last->tail, TRUE, FALSE, text, len);
    }
  else
    append_text_field (node, &node->text, FALSE, FALSE, text, len);
}

/**
 * sleek_node_get_tail:
 * @node: a node
 *
 * Gets the text that follows the element inside its parent.
 *
 * Returns: (nullable): the text that follows @node inside its parent, or
 *   %NULL
 */
const char *
sleek_node_get_tail (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->tail;
}

/**
 * sleek_node_set_tail:
 * @node: a node
 * @tail: (nullable): the text that follows @node inside its parent
 *
 * Sets the text that follows the element inside its parent.
 */
void
sleek_node_set_tail (SleekNode *node, const char *tail)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (tail == NULL || g_utf8_validate (tail, -1, NULL));
  set_text_field (node, TRUE, tail);
}

/* Children */

void
sleek_node_take_child (SleekNode *node, SleekNode *child)
{
  if (node->n_children == node->children_size)
    {
      guint size = MAX (4, node->children_size * 2);

      if (node->arena != NULL && child->arena == node->arena &&
          (node->children == NULL || node->children_in_arena))
        {
          /* The parser building the tree: the array stays in the arena. */
          node->children = node->children != NULL
            ? arena_grow (node->arena, node->children, node->children_size * sizeof (SleekNode *),
                          size * sizeof (SleekNode *))
            : arena_alloc (node->arena, size * sizeof (SleekNode *));
          node->children_in_arena = TRUE;
        }
      else if (node->children_in_arena)
        {
          SleekNode **children = g_new (SleekNode *, size);

          memcpy (children, node->children, node->n_children * sizeof (SleekNode *));
          node->children = children;
          node->children_in_arena = FALSE;
        }
      else
        node->children = g_renew (SleekNode *, node->children, size);
      node->children_size = size;
    }
  node->children[node->n_children++] = child;
}

/**
 * sleek_node_add_child:
 * @node: a node
 * @child: the element to append
 *
 * Appends @child, taking a reference on it.
 */
void
sleek_node_add_child (SleekNode *node, SleekNode *child)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (child != NULL);
  g_return_if_fail (node != child);

  link_ref (node, child);
  sleek_node_take_child (node, child);
}

/**
 * sleek_node_add_child_new:
 * @node: a node
 * @name: the new element's local name
 * @ns: (nullable): its namespace URI, or %NULL to use the namespace of @node
 *
 * Appends a new empty element.
 *
 * Returns: (transfer none): the new child, owned by @node
 */
SleekNode *
sleek_node_add_child_new (SleekNode *node, const char *name, const char *ns)
{
  SleekNode *child;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  child = sleek_node_new (name, ns != NULL ? ns : node->ns);
  sleek_node_take_child (node, child);
  return child;
}

/**
 * sleek_node_insert_child:
 * @node: a node
 * @position: where to insert; positions past the end append
 * @child: the element to insert
 *
 * Inserts @child before the child now at @position, taking a reference.
 */
void
sleek_node_insert_child (SleekNode *node, guint position, SleekNode *child)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (child != NULL);
  g_return_if_fail (node != child);

  link_ref (node, child);
  sleek_node_take_child (node, child);
  if (position >= node->n_children - 1)
    return;
  memmove (node->children + position + 1, node->children + position,
           (node->n_children - 1 - position) * sizeof (SleekNode *));
  node->children[position] = child;
}

static void
remove_child_at (SleekNode *node, guint index)
{
  SleekNode *child = node->children[index];

  memmove (node->children + index, node->children + index + 1,
           (node->n_children - index - 1) * sizeof (SleekNode *));
  node->n_children--;
  link_unref (node, child);
}

/**
 * sleek_node_remove_child:
 * @node: a node
 * @child: a child of @node
 *
 * Removes @child from @node and drops the reference @node held.
 *
 * Returns: whether @child was a child of @node
 */
gboolean
sleek_node_remove_child (SleekNode *node, SleekNode *child)
{
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (child != NULL, FALSE);

  for (guint i = 0; i < node->n_children; i++)
    if (node->children[i] == child)
      {
        remove_child_at (node, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * sleek_node_remove_children:
 * @node: a node
 * @name: (nullable): a local name, or %NULL for any
 * @ns: (nullable): a namespace URI, or %NULL for any
 *
 * Removes every child that matches @name and @ns.
 *
 * Returns: how many children were removed
 */
guint
sleek_node_remove_children (SleekNode *node, const char *name, const char *ns)
{
  guint removed = 0;

  g_return_val_if_fail (node != NULL, 0);

  for (guint i = node->n_children; i > 0; i--)
    {
      SleekNode *child = node->children[i - 1];

      if ((name == NULL || strcmp (child->name, name) == 0) &&
          (ns == NULL || str_equal0 (child->ns, ns)))
        {
          remove_child_at (node, i - 1);
          removed++;
        }
    }
  return removed;
}

/**
 * sleek_node_get_n_children:
 * @node: a node
 *
 * Counts the child elements.
 *
 * Returns: how many child elements @node has
 */
guint
sleek_node_get_n_children (SleekNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->n_children;
}

/**
 * sleek_node_get_nth_child:
 * @node: a node
 * @n: a position
 *
 * Gets a child element by position.
 *
 * Returns: (transfer none) (nullable): the child at @n, or %NULL if @n is
 *   past the end
 */
SleekNode *
sleek_node_get_nth_child (SleekNode *node, guint n)
{
  g_return_val_if_fail (node != NULL, NULL);
  return n < node->n_children ? node->children[n] : NULL;
}

/**
 * sleek_node_get_first_child:
 * @node: a node
 *
 * Gets the first child element.
 *
 * Returns: (transfer none) (nullable): the first child element, or %NULL
 */
SleekNode *
sleek_node_get_first_child (SleekNode *node)
{
  return sleek_node_get_nth_child (node, 0);
}

/**
 * sleek_node_get_children:
 * @node: a node
 *
 * Lists the child elements.
 *
 * Returns: (transfer container) (element-type SleekNode): the child
 *   elements in document order
 */
GPtrArray *
sleek_node_get_children (SleekNode *node)
{
  GPtrArray *children;

  g_return_val_if_fail (node != NULL, NULL);

  children = g_ptr_array_new_full (node->n_children, (GDestroyNotify) sleek_node_unref);
  for (guint i = 0; i < node->n_children; i++)
    g_ptr_array_add (children, sleek_node_ref (node->children[i]));
  return children;
}

/**
 * sleek_node_get_child:
 * @node: a node
 * @name: a local name
 * @ns: (nullable): a namespace URI, or %NULL to accept any namespace
 *
 * Looks up a child element by name and namespace.
 *
 * Returns: (transfer none) (nullable): the first child element called
 *   @name in @ns, or %NULL
 */
SleekNode *
sleek_node_get_child (SleekNode *node, const char *name, const char *ns)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < node->n_children; i++)
    {
      SleekNode *child = node->children[i];

      if (strcmp (child->name, name) == 0 && (ns == NULL || str_equal0 (child->ns, ns)))
        return child;
    }
  return NULL;
}

/**
 * sleek_node_get_child_text:
 * @node: a node
 * @name: a local name
 * @ns: (nullable): a namespace URI, or %NULL to accept any namespace
 *
 * Reads the text of a child element.
 *
 * Returns: (nullable): the text of the first child element called @name
 *   in @ns; an empty string if that child has no text; %NULL if there is
 *   no such child
 */
const char *
sleek_node_get_child_text (SleekNode *node, const char *name, const char *ns)
{
  SleekNode *child = sleek_node_get_child (node, name, ns);

  if (child == NULL)
    return NULL;
  return child->text != NULL ? child->text : "";
}

/**
 * sleek_node_set_child_text:
 * @node: a node
 * @name: a local name
 * @ns: (nullable): a namespace URI, or %NULL for the namespace of @node
 * @text: (nullable): the text, or %NULL to remove the child
 *
 * Sets the text of the first child called @name in @ns, creating the child
 * if needed, or removes every such child when @text is %NULL.
 */
void
sleek_node_set_child_text (SleekNode *node, const char *name, const char *ns, const char *text)
{
  SleekNode *child;

  g_return_if_fail (node != NULL);
  g_return_if_fail (name != NULL && *name != '\0');

  if (ns == NULL)
    ns = node->ns;
  if (text == NULL)
    {
      sleek_node_remove_children (node, name, ns != NULL ? ns : "");
      return;
    }
  child = sleek_node_get_child (node, name, ns != NULL ? ns : "");
  if (child == NULL)
    child = sleek_node_add_child_new (node, name, ns);
  sleek_node_set_text (child, text);
}

/* Paths: "{ns}name/{ns}child/name". A step without a namespace takes the
 * namespace of the step before it (the first step that of @node); "*" as a
 * name matches any element in that namespace, "{*}name" any namespace. */

typedef struct {
  char *name;   /* NULL for "*" */
  char *ns;     /* "" for none */
  gboolean any_ns;
} PathStep;

static GArray *
parse_path (const char *path, const char *base_ns)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (PathStep));
  const char *p = path;
  const char *ns = base_ns != NULL ? base_ns : "";
  char *owned_ns = NULL;

  while (*p != '\0')
    {
      PathStep step = { NULL, NULL, FALSE };
      const char *end;

      if (*p == '{')
        {
          end = strchr (p, '}');
          if (end == NULL)
            goto fail;
          if (end - p == 2 && p[1] == '*')
            step.any_ns = TRUE;
          else
            {
              g_free (owned_ns);
              owned_ns = g_strndup (p + 1, end - p - 1);
              ns = owned_ns;
            }
          p = end + 1;
        }
      end = strchr (p, '/');
      if (end == NULL)
        end = p + strlen (p);
      if (end == p)
        goto fail;
      if (!(end - p == 1 && *p == '*'))
        step.name = g_strndup (p, end - p);
      step.ns = g_strdup (ns);
      g_array_append_val (steps, step);
      p = (*end == '/') ? end + 1 : end;
    }
  g_free (owned_ns);
  return steps;

fail:
  g_free (owned_ns);
  for (guint i = 0; i < steps->len; i++)
    {
      g_free (g_array_index (steps, PathStep, i).name);
      g_free (g_array_index (steps, PathStep, i).ns);
    }
  g_array_free (steps, TRUE);
  return NULL;
}

static void
free_path (GArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    {
      g_free (g_array_index (steps, PathStep, i).name);
      g_free (g_array_index (steps, PathStep, i).ns);
    }
  g_array_free (steps, TRUE);
}

static gboolean
step_matches (const PathStep *step, SleekNode *node)
{
  if (step->name != NULL && strcmp (step->name, node->name) != 0)
    return FALSE;
  if (step->any_ns)
    return TRUE;
  return strcmp (step->ns, node->ns != NULL ? node->ns : "") == 0;
}

static gboolean
find_recursive (SleekNode *node, GArray *steps, guint depth, GPtrArray *results, gboolean first_only)
{
  const PathStep *step = &g_array_index (steps, PathStep, depth);

  for (guint i = 0; i < node->n_children; i++)
    {
      SleekNode *child = node->children[i];

      if (!step_matches (step, child))
        continue;
      if (depth + 1 == steps->len)
        {
          g_ptr_array_add (results, sleek_node_ref (child));
          if (first_only)
            return TRUE;
        }
      else if (find_recursive (child, steps, depth + 1, results, first_only) && first_only)
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
find_with_limit (SleekNode *node, const char *path, gboolean first_only)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  GArray *steps = parse_path (path, node->ns);

  if (steps != NULL)
    {
      if (steps->len > 0)
        find_recursive (node, steps, 0, results, first_only);
      free_path (steps);
    }
  return results;
}

/**
 * sleek_node_find:
 * @node: a node
 * @path: a path of child elements, such as
 *   `{http://jabber.org/protocol/disco#info}query/identity`
 *
 * Finds the first descendant along @path. Steps are separated by `/`; a
 * step is `{namespace}name`, or `name` alone to keep the namespace of the
 * step before it (the first step keeps the namespace of @node). `*` as the
 * name matches any element, `{*}` any namespace.
 *
 * Returns: (transfer none) (nullable): the first match, or %NULL
 */
SleekNode *
sleek_node_find (SleekNode *node, const char *path)
{
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  results = find_with_limit (node, path, TRUE);
  /* The match is still referenced by its parent inside @node. */
  return results->len > 0 ? g_ptr_array_index (results, 0) : NULL;
}

/**
 * sleek_node_find_all:
 * @node: a node
 * @path: a path of child elements, as for [method@Sleek.Node.find]
 *
 * Finds every descendant along @path.
 *
 * Returns: (transfer container) (element-type SleekNode): every match, in
 *   document order
 */
GPtrArray *
sleek_node_find_all (SleekNode *node, const char *path)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return find_with_limit (node, path, FALSE);
}

/* Serialisation */

/* Appends to @out without a call when it has room, as GLib 2.76's inline
 * g_string_append_len() does; the writer appends many short pieces. */
static inline void
out_append_len (GString *out, const char *text, gsize len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, text, len);
}

static inline void
out_append (GString *out, const char *text)
{
  out_append_len (out, text, strlen (text));
}

#define out_append_literal(out, literal) out_append_len ((out), (literal), sizeof (literal) - 1)

static inline void
out_append_c (GString *out, char c)
{
  if (G_LIKELY (out->len + 1 < out->allocated_len))
    {
      out->str[out->len++] = c;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_c (out, c);
}

/* What stops the copying of a run of text: ESCAPE_TEXT for text content,
 * ESCAPE_ATTRIBUTE for an attribute value. The nul that ends the string,
 * the markup characters and the C0 controls XML 1.0 cannot carry stop
 * both; the quotes and the whitespace that attribute-value normalisation
 * would change stop attribute values only; 0xEF may start U+FFFE or
 * U+FFFF, which are not XML characters either. */
enum {
  ESCAPE_TEXT = 1 << 0,
  ESCAPE_ATTRIBUTE = 1 << 1,
  ESCAPE_BOTH = ESCAPE_TEXT | ESCAPE_ATTRIBUTE,
};

static const guint8 escape_stops[256] = {
  [0x00] = ESCAPE_BOTH, [0x01] = ESCAPE_BOTH, [0x02] = ESCAPE_BOTH, [0x03] = ESCAPE_BOTH,
  [0x04] = ESCAPE_BOTH, [0x05] = ESCAPE_BOTH, [0x06] = ESCAPE_BOTH, [0x07] = ESCAPE_BOTH,
  [0x08] = ESCAPE_BOTH, ['\t'] = ESCAPE_ATTRIBUTE, ['\n'] = ESCAPE_ATTRIBUTE, [0x0B] = ESCAPE_BOTH,
  [0x0C] = ESCAPE_BOTH, ['\r'] = ESCAPE_BOTH, [0x0E] = ESCAPE_BOTH, [0x0F] = ESCAPE_BOTH,
  [0x10] = ESCAPE_BOTH, [0x11] = ESCAPE_BOTH, [0x12] = ESCAPE_BOTH, [0x13] = ESCAPE_BOTH,
  [0x14] = ESCAPE_BOTH, [0x15] = ESCAPE_BOTH, [0x16] = ESCAPE_BOTH, [0x17] = ESCAPE_BOTH,
  [0x18] = ESCAPE_BOTH, [0x19] = ESCAPE_BOTH, [0x1A] = ESCAPE_BOTH, [0x1B] = ESCAPE_BOTH,
  [0x1C] = ESCAPE_BOTH, [0x1D] = ESCAPE_BOTH, [0x1E] = ESCAPE_BOTH, [0x1F] = ESCAPE_BOTH,
  ['&'] = ESCAPE_BOTH, ['<'] = ESCAPE_BOTH, ['>'] = ESCAPE_BOTH,
  ['\''] = ESCAPE_ATTRIBUTE, ['"'] = ESCAPE_ATTRIBUTE,
  [0xEF] = ESCAPE_BOTH,
};

void
sleek_xml_append_escaped (GString *out, const char *text, gboolean in_attribute)
{
  guint8 stop = in_attribute ? ESCAPE_ATTRIBUTE : ESCAPE_TEXT;
  const char *run = text;
  const char *p = text;

  for (;;)
    {
      guchar c;

      /* Copy whole runs of ordinary bytes at once. */
      while ((escape_stops[(guchar) *p] & stop) == 0)
        p++;
      c = (guchar) *p;
      if (c == 0xEF && !((guchar) p[1] == 0xBF && ((guchar) p[2] == 0xBE || (guchar) p[2] == 0xBF)))
        {
          p++;  /* a character like any other */
          continue;
        }
      if (p != run)
        out_append_len (out, run, p - run);
      switch (c)
        {
        case '\0':
          return;
        case '&':
          out_append_literal (out, "&amp;");
          break;
        case '<':
          out_append_literal (out, "&lt;");
          break;
        case '>':
          out_append_literal (out, "&gt;");
          break;
        case '\'':
          out_append_literal (out, "&apos;");
          break;
        case '"':
          out_append_literal (out, "&quot;");
          break;
        case '\t':
          out_append_literal (out, "&#9;");
          break;
        case '\n':
          out_append_literal (out, "&#10;");
          break;
        case '\r':
          out_append_literal (out, "&#13;");
          break;
        case 0xEF:
          /* U+FFFE or U+FFFF, not XML characters: left out. */
          p += 2;
          break;
        default:
          /* A control character XML 1.0 cannot carry: left out. */
          break;
        }
      run = ++p;
    }
}

static void
write_attribute_prefix (GString *out, SleekNodeAttr *attr, const char ***declared, guint *n_declared,
                        guint n_attrs)
{
  guint index;

  if (strcmp (attr->ns, SLEEK_NS_XML) == 0)
    {
      out_append_literal (out, "xml:");
      return;
    }
  /* Any other attribute namespace gets a prefix declared on this element. */
  for (index = 0; index < *n_declared; index++)
    if (strcmp ((*declared)[index], attr->ns) == 0)
      break;
  if (index == *n_declared)
    {
      if (*declared == NULL)
        *declared = g_new (const char *, n_attrs);
      (*declared)[(*n_declared)++] = attr->ns;
      g_string_append_printf (out, "xmlns:ns%u='", index);
      sleek_xml_append_escaped (out, attr->ns, TRUE);
      out_append_literal (out, "' ");
    }
  g_string_append_printf (out, "ns%u:", index);
}

static void
write_node (GString *out, SleekNode *node, const char *parent_ns)
{
  g_autofree const char **declared = NULL;
  guint n_declared = 0;
  /* An element in the XML namespace (<xml:lang/>, legal if odd) has its
   * reserved prefix: that namespace cannot be the default one, and its
   * children keep the default namespace of its parent. */
  gboolean xml_prefixed = FALSE;
  const char *children_ns = node->ns;

  out_append_c (out, '<');
  if (!str_equal0 (node->ns, parent_ns))
    {
      if (node->ns != NULL && strcmp (node->ns, SLEEK_NS_XML) == 0)
        {
          xml_prefixed = TRUE;
          children_ns = parent_ns;
          out_append_literal (out, "xml:");
          out_append (out, node->name);
        }
      else
        {
          out_append (out, node->name);
          out_append_literal (out, " xmlns='");
          if (node->ns != NULL)
            sleek_xml_append_escaped (out, node->ns, TRUE);
          out_append_c (out, '\'');
        }
    }
  else
    out_append (out, node->name);

  for (guint i = 0; i < node->n_attrs; i++)
    {
      SleekNodeAttr *attr = &node->attrs[i];

      out_append_c (out, ' ');
      if (attr->ns != NULL)
        write_attribute_prefix (out, attr, &declared, &n_declared, node->n_attrs);
      out_append (out, attr->name);
      out_append_literal (out, "='");
      sleek_xml_append_escaped (out, attr->value, TRUE);
      out_append_c (out, '\'');
    }

  if (node->text == NULL && node->n_children == 0)
    {
      out_append_literal (out, "/>");
      return;
    }
  out_append_c (out, '>');
  if (node->text != NULL)
    sleek_xml_append_escaped (out, node->text, FALSE);
  for (guint i = 0; i < node->n_children; i++)
    {
      SleekNode *child = node->children[i];

      write_node (out, child, children_ns);
      if (child->tail != NULL)
        sleek_xml_append_escaped (out, child->tail, FALSE);
    }
  out_append_literal (out, "</");
  if (xml_prefixed)
    out_append_literal (out, "xml:");
  out_append (out, node->name);
  out_append_c (out, '>');
}

void
sleek_node_write (SleekNode *node, const char *default_ns, GString *out)
{
  write_node (out, node, (default_ns != NULL && *default_ns != '\0') ? default_ns : NULL);
}

/**
 * sleek_node_to_string:
 * @node: a node
 *
 * Serialises @node and its subtree as XML, declaring its namespace with
 * `xmlns` and each child's only where it differs from its parent's.
 * Attribute values are quoted with `'`.
 *
 * Returns: (transfer full): the XML
 */
char *
sleek_node_to_string (SleekNode *node)
{
  return sleek_node_to_string_in_namespace (node, NULL);
}

/**
 * sleek_node_to_string_in_namespace:
 * @node: a node
 * @default_ns: (nullable): the default namespace in scope where the XML
 *   will be placed, such as `jabber:client` inside a client stream
 *
 * Serialises @node as it would be written inside an element whose default
 * namespace is @default_ns: a `<message/>` in `jabber:client` written into
 * a `jabber:client` stream carries no `xmlns`.
 *
 * Returns: (transfer full): the XML
 */
char *
sleek_node_to_string_in_namespace (SleekNode *node, const char *default_ns)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_sized_new (256);
  sleek_node_write (node, default_ns, out);
  return g_string_free (out, FALSE);
}

/* Comparison */

static gboolean
text_equal (const char *a, const char *b)
{
  gsize la, lb;

  /* Leading and trailing whitespace is insignificant. */
  a = a != NULL ? a : "";
  b = b != NULL ? b : "";
  while (g_ascii_isspace (*a))
    a++;
  while (g_ascii_isspace (*b))
    b++;
  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && g_ascii_isspace (a[la - 1]))
    la--;
  while (lb > 0 && g_ascii_isspace (b[lb - 1]))
    lb--;
  return la == lb && memcmp (a, b, la) == 0;
}

/**
 * sleek_node_equal:
 * @a: a node
 * @b: another node
 *
 * Compares two elements as XML: the same name and namespace, the same
 * attributes in any order, the same text and tails ignoring leading and
 * trailing whitespace, and equal children in the same order.
 *
 * Returns: whether @a and @b are equal
 */
gboolean
sleek_node_equal (SleekNode *a, SleekNode *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (strcmp (a->name, b->name) != 0 || !str_equal0 (a->ns, b->ns))
    return FALSE;
  if (a->n_attrs != b->n_attrs || a->n_children != b->n_children)
    return FALSE;
  for (guint i = 0; i < a->n_attrs; i++)
    {
      SleekNodeAttr *other = find_attr (b, a->attrs[i].name, a->attrs[i].ns);

      if (other == NULL || strcmp (other->value, a->attrs[i].value) != 0)
        return FALSE;
    }
  if (!text_equal (a->text, b->text))
    return FALSE;
  for (guint i = 0; i < a->n_children; i++)
    {
      if (!sleek_node_equal (a->children[i], b->children[i]))
        return FALSE;
      if (!text_equal (a->children[i]->tail, b->children[i]->tail))
        return FALSE;
    }
  return TRUE;
}
