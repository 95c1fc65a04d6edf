/* sleek-node-private.h: SleekNode internals shared with the parser and writer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

typedef struct {
  char *name;
  char *ns;      /* NULL: no namespace */
  char *value;
} SleekNodeAttr;

/* The parser builds each stanza in an arena: one allocation (usually)
 * for every node, name, attribute and text of the stanza, freed at once.
 * References to any node of an arena count on the arena; links between
 * nodes of one arena count nothing. What is changed later lives on the
 * heap, and the flags below say which parts of a node are where. */
typedef struct _SleekNodeArena SleekNodeArena;

struct _SleekNode {
  gatomicrefcount ref_count;  /* heap nodes; arena nodes count on the arena */
  SleekNodeArena *arena;      /* NULL for a heap node */
  SleekNode *arena_next;      /* the arena's nodes, for its release */
  guint attrs_packed : 1;     /* attrs and their strings are one block */
  guint attrs_in_arena : 1;
  guint text_in_arena : 1;
  guint tail_in_arena : 1;
  guint children_in_arena : 1;
  const char *name;           /* stored with the node */
  const char *ns;             /* likewise; NULL: no namespace */
  char *text;    /* NULL: none */
  char *tail;    /* NULL: none */
  SleekNodeAttr *attrs;
  guint n_attrs;
  guint attrs_size;
  SleekNode **children;
  guint n_children;
  guint children_size;
};

/* A node and its name and namespace are one allocation, in @arena or,
 * with @arena NULL, on the heap. No validation: the parser has done it.
 * @ns_len 0 means no namespace. An arena node carries no reference of its
 * own: link it into its arena's tree with sleek_node_take_child(). */
SleekNode *sleek_node_new_len (SleekNodeArena *arena, const char *name, gsize name_len,
                               const char *ns, gsize ns_len);
/* An arena node whose namespace is @shared_ns, not copied: a string of the
 * same arena (its parent's) or a static one. */
SleekNode *sleek_node_new_shared_ns (SleekNodeArena *arena, const char *name, gsize name_len,
                                     const char *shared_ns);
SleekNodeArena *sleek_node_arena_new (void);     /* one reference */
void       sleek_node_arena_unref (SleekNodeArena *arena);
/* Appends parsed text to @node, or to the tail of its last child. */
void       sleek_node_append_parsed_text (SleekNode *node, const char *text, gsize len);
/* Gives @node @n attributes in one block with @string_bytes bytes of room
 * for their strings, returned in *strings; the caller fills in every
 * attribute, pointing its strings into that room. */
SleekNodeAttr *sleek_node_set_packed_attributes (SleekNode *node, guint n, gsize string_bytes,
                                                 char **strings);
/* As sleek_node_set_attribute(); returns whether the attribute's value
 * changed (set, replaced by a different one, or removed). */
gboolean   sleek_node_change_attribute (SleekNode *node, const char *name, const char *value);
/* As sleek_node_set_text() with a non-%NULL @text ("" for none); returns
 * whether the text changed. */
gboolean   sleek_node_change_text (SleekNode *node, const char *text);
/* Links @child under @node, taking over one reference of it (none for a
 * child of the same arena). */
void       sleek_node_take_child (SleekNode *node, SleekNode *child);

/* Serialises @node into @out as it would appear inside an element whose
 * default namespace is @default_ns. */
void       sleek_node_write (SleekNode *node, const char *default_ns, GString *out);
void       sleek_xml_append_escaped (GString *out, const char *text, gboolean in_attribute);

G_END_DECLS
