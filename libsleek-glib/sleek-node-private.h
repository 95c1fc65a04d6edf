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

struct _SleekNode {
  gatomicrefcount ref_count;
  char *name;
  char *ns;      /* NULL: no namespace */
  char *text;    /* NULL: none */
  char *tail;    /* NULL: none */
  SleekNodeAttr *attrs;
  guint n_attrs;
  guint attrs_size;
  SleekNode **children;
  guint n_children;
  guint children_size;
};

/* Takes ownership of the strings; no validation (the parser has done it).
 * Names and namespaces (of elements and attributes) are GRefStrings;
 * attribute values, text and tails plain strings. */
SleekNode *sleek_node_new_take (char *name, char *ns);
void       sleek_node_take_attribute (SleekNode *node, char *name, char *ns, char *value);
void       sleek_node_take_child (SleekNode *node, SleekNode *child);
void       sleek_node_append_to (char **field, const char *text, gsize len);

/* Serialises @node into @out as it would appear inside an element whose
 * default namespace is @default_ns. */
void       sleek_node_write (SleekNode *node, const char *default_ns, GString *out);
void       sleek_xml_append_escaped (GString *out, const char *text, gboolean in_attribute);

G_END_DECLS
