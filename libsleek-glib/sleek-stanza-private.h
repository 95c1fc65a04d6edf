/* sleek-stanza-private.h: stanza helpers shared inside the library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#ifndef SLEEK_COMPILATION
# error "sleek-stanza-private.h is internal to libsleek-glib"
#endif

#include "sleek-private.h"

#include <sleek/sleek-stanza.h>

G_BEGIN_DECLS

/* Registers the built-in stanza types, keys and plugins once, lazily. */
void        sleek_stanza_ensure_builtins        (void);

/* Per-class registration of the built-ins, called from
 * sleek_stanza_ensure_builtins() only. */
void        sleek_error_stanza_register_builtin (void);
void        sleek_message_register_builtin      (void);
void        sleek_presence_register_builtin     (void);
void        sleek_iq_register_builtin           (void);

/* jabber:client, jabber:server and jabber:component:accept are one
 * namespace for stanza lookups. */
gboolean    sleek_stanza_ns_is_content          (const char *ns);
gboolean    sleek_stanza_ns_equivalent          (const char *a,
                                                 const char *b);

/* The first child of @node called @name whose namespace is equivalent to
 * @ns (any namespace when @ns is NULL). */
SleekNode  *sleek_stanza_node_child_equivalent  (SleekNode  *node,
                                                 const char *name,
                                                 const char *ns);

/* Removes every child of @node (elements and text). */
void        sleek_stanza_node_clear             (SleekNode  *node);

/* Resets a stanza object over @node, for reuse by the stream. */
gboolean    sleek_stanza_recycle            (SleekStanza *self,
                                             SleekNode   *node);

G_END_DECLS
