/* sleek-stanza.h: named keys and plugin sub-stanzas over a SleekNode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <glib-object.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-node.h>
#include <sleek/sleek-jid.h>

G_BEGIN_DECLS

/**
 * SleekStanzaKeyKind:
 * @SLEEK_STANZA_KEY_ATTRIBUTE: the key is an attribute of the stanza's
 *   element
 * @SLEEK_STANZA_KEY_CHILD_TEXT: the key is the text of a child element of
 *   the same name, in the namespace of the stanza's own element; setting
 *   %NULL removes the child, setting `""` leaves an empty child
 * @SLEEK_STANZA_KEY_CHILD_FLAG: the key is the presence of an empty child
 *   element of the same name in the stanza's namespace; getting it gives
 *   `"true"` when the child is there and %NULL when it is not; setting
 *   `""`, `"true"` or `"1"` adds the child, setting %NULL, `"false"` or
 *   `"0"` removes it
 * @SLEEK_STANZA_KEY_CUSTOM: the key is handled by the class's
 *   [vfunc@Sleek.Stanza.get_key], [vfunc@Sleek.Stanza.set_key] and
 *   [vfunc@Sleek.Stanza.delete_key] virtual functions
 *
 * How a named key of a stanza maps onto its XML, as SleekXMPP's
 * `interfaces`, `sub_interfaces`, `bool_interfaces` and `get_*` methods.
 */
typedef enum {
  SLEEK_STANZA_KEY_ATTRIBUTE,
  SLEEK_STANZA_KEY_CHILD_TEXT,
  SLEEK_STANZA_KEY_CHILD_FLAG,
  SLEEK_STANZA_KEY_CUSTOM,
} SleekStanzaKeyKind;

#define SLEEK_TYPE_STANZA (sleek_stanza_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekStanza, sleek_stanza, SLEEK, STANZA, GObject)

/**
 * SleekStanzaClass:
 * @parent_class: the parent class
 * @get_key: reads a key registered as %SLEEK_STANZA_KEY_CUSTOM
 * @set_key: writes a key registered as %SLEEK_STANZA_KEY_CUSTOM
 * @delete_key: removes a key registered as %SLEEK_STANZA_KEY_CUSTOM
 * @prepare_reply: adjusts a reply built by [method@Sleek.Stanza.reply]
 *
 * The class structure of [class@Sleek.Stanza]. A subclass that registers
 * custom keys overrides the key functions and chains up for the keys it
 * does not know.
 */
struct _SleekStanzaClass
{
  GObjectClass parent_class;

  char     *(*get_key)       (SleekStanza *self,
                              const char  *key);
  void      (*set_key)       (SleekStanza *self,
                              const char  *key,
                              const char  *value);
  void      (*delete_key)    (SleekStanza *self,
                              const char  *key);
  void      (*prepare_reply) (SleekStanza *self,
                              SleekStanza *reply,
                              gboolean     clear);

  /*< private >*/
  gpointer padding[12];
};

/* Type information and registry */
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_type_set_element (GType               type,
                                            const char         *name,
                                            const char         *ns,
                                            const char         *plugin_attrib);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_type_add_key     (GType               type,
                                            const char         *key,
                                            SleekStanzaKeyKind  kind);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_register_type    (GType               type);
SLEEK_AVAILABLE_IN_ALL
GType        sleek_stanza_lookup_type      (const char         *name,
                                            const char         *ns);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_register_plugin  (GType               parent_type,
                                            GType               plugin_type);

/* Construction */
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_new              (const char   *name,
                                            const char   *ns);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_new_for_node     (SleekNode    *node);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_parse            (const char   *xml,
                                            GError      **error);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_copy             (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_reply            (SleekStanza  *self,
                                            gboolean      clear);

/* The element and its keys */
SLEEK_AVAILABLE_IN_ALL
SleekNode   *sleek_stanza_get_node         (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
const char  *sleek_stanza_get_string       (SleekStanza  *self,
                                            const char   *key);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_set_string       (SleekStanza  *self,
                                            const char   *key,
                                            const char   *value);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_delete           (SleekStanza  *self,
                                            const char   *key);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_get_plugin       (SleekStanza  *self,
                                            const char   *attrib,
                                            gboolean      create);
SLEEK_AVAILABLE_IN_ALL
GStrv        sleek_stanza_get_plugin_attribs (SleekStanza *self);
SLEEK_AVAILABLE_IN_ALL
GStrv        sleek_stanza_get_keys         (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
char        *sleek_stanza_to_string        (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
gboolean     sleek_stanza_match            (SleekStanza  *self,
                                            const char   *path);

/* Addressing */
SLEEK_AVAILABLE_IN_ALL
SleekJid    *sleek_stanza_get_to           (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_set_to           (SleekStanza  *self,
                                            SleekJid     *to);
SLEEK_AVAILABLE_IN_ALL
SleekJid    *sleek_stanza_get_from         (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_set_from         (SleekStanza  *self,
                                            SleekJid     *from);
SLEEK_AVAILABLE_IN_ALL
const char  *sleek_stanza_get_id           (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_set_id           (SleekStanza  *self,
                                            const char   *id);
SLEEK_AVAILABLE_IN_ALL
const char  *sleek_stanza_get_stanza_type  (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_set_stanza_type  (SleekStanza  *self,
                                            const char   *type);

/* Errors */
SLEEK_AVAILABLE_IN_ALL
GError      *sleek_stanza_get_error        (SleekStanza  *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_stanza_set_error        (SleekStanza  *self,
                                            const GError *error);
SLEEK_AVAILABLE_IN_ALL
SleekStanza *sleek_stanza_make_error_reply (SleekStanza  *self,
                                            const GError *error);

G_END_DECLS
