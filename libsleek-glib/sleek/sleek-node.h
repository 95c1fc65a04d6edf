/* sleek-node.h: one XML element and its subtree
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <glib-object.h>
#include <sleek/sleek-version.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_NODE (sleek_node_get_type ())

typedef struct _SleekNode SleekNode;

SLEEK_AVAILABLE_IN_ALL
GType       sleek_node_get_type        (void) G_GNUC_CONST;

SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_new             (const char  *name,
                                        const char  *ns);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_parse           (const char  *xml,
                                        gssize       len,
                                        GError     **error);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_ref             (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_unref           (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_copy            (SleekNode   *node);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_name        (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_namespace   (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_node_is              (SleekNode   *node,
                                        const char  *name,
                                        const char  *ns);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_attribute   (SleekNode   *node,
                                        const char  *name);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_attribute_ns (SleekNode  *node,
                                         const char *name,
                                         const char *ns);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_set_attribute   (SleekNode   *node,
                                        const char  *name,
                                        const char  *value);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_set_attribute_ns (SleekNode  *node,
                                         const char *name,
                                         const char *ns,
                                         const char *value);
SLEEK_AVAILABLE_IN_ALL
GStrv       sleek_node_dup_attribute_names (SleekNode *node);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_node_get_n_attributes (SleekNode  *node);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_lang        (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_set_lang        (SleekNode   *node,
                                        const char  *lang);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_text        (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_set_text        (SleekNode   *node,
                                        const char  *text);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_append_text     (SleekNode   *node,
                                        const char  *text,
                                        gssize       len);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_tail        (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_set_tail        (SleekNode   *node,
                                        const char  *tail);

SLEEK_AVAILABLE_IN_ALL
void        sleek_node_add_child       (SleekNode   *node,
                                        SleekNode   *child);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_add_child_new   (SleekNode   *node,
                                        const char  *name,
                                        const char  *ns);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_insert_child    (SleekNode   *node,
                                        guint        position,
                                        SleekNode   *child);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_node_remove_child    (SleekNode   *node,
                                        SleekNode   *child);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_node_remove_children (SleekNode   *node,
                                        const char  *name,
                                        const char  *ns);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_node_get_n_children  (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_get_nth_child   (SleekNode   *node,
                                        guint        n);
SLEEK_AVAILABLE_IN_ALL
GPtrArray  *sleek_node_get_children    (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_get_child       (SleekNode   *node,
                                        const char  *name,
                                        const char  *ns);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_get_first_child (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_node_get_child_text  (SleekNode   *node,
                                        const char  *name,
                                        const char  *ns);
SLEEK_AVAILABLE_IN_ALL
void        sleek_node_set_child_text  (SleekNode   *node,
                                        const char  *name,
                                        const char  *ns,
                                        const char  *text);
SLEEK_AVAILABLE_IN_ALL
SleekNode  *sleek_node_find            (SleekNode   *node,
                                        const char  *path);
SLEEK_AVAILABLE_IN_ALL
GPtrArray  *sleek_node_find_all        (SleekNode   *node,
                                        const char  *path);

SLEEK_AVAILABLE_IN_ALL
char       *sleek_node_to_string       (SleekNode   *node);
SLEEK_AVAILABLE_IN_ALL
char       *sleek_node_to_string_in_namespace (SleekNode  *node,
                                               const char *default_ns);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_node_equal           (SleekNode   *a,
                                        SleekNode   *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SleekNode, sleek_node_unref)

G_END_DECLS
