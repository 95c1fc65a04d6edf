/* sleek-xep-0030-disco.h: XEP-0030 Service Discovery
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
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_DISCO_INFO:
 *
 * The namespace of XEP-0030 information queries.
 */
#define SLEEK_NS_DISCO_INFO "http://jabber.org/protocol/disco#info"

/**
 * SLEEK_NS_DISCO_ITEMS:
 *
 * The namespace of XEP-0030 items queries.
 */
#define SLEEK_NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"

#define SLEEK_TYPE_DISCO_INFO_STANZA (sleek_disco_info_stanza_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDiscoInfoStanza, sleek_disco_info_stanza, SLEEK, DISCO_INFO_STANZA, SleekStanza)

#define SLEEK_TYPE_DISCO_ITEMS_STANZA (sleek_disco_items_stanza_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDiscoItemsStanza, sleek_disco_items_stanza, SLEEK, DISCO_ITEMS_STANZA, SleekStanza)

#define SLEEK_TYPE_DISCO_ITEM_STANZA (sleek_disco_item_stanza_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDiscoItemStanza, sleek_disco_item_stanza, SLEEK, DISCO_ITEM_STANZA, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
GStrv sleek_disco_info_stanza_get_features (SleekDiscoInfoStanza *self);
SLEEK_AVAILABLE_IN_ALL
void  sleek_disco_info_stanza_add_feature  (SleekDiscoInfoStanza *self,
                                            const char           *var);

#define SLEEK_TYPE_DISCO_IDENTITY (sleek_disco_identity_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDiscoIdentity, sleek_disco_identity, SLEEK, DISCO_IDENTITY, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekDiscoIdentity *sleek_disco_identity_new          (const char         *category,
                                                       const char         *type,
                                                       const char         *name,
                                                       const char         *lang);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_disco_identity_get_category (SleekDiscoIdentity *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_disco_identity_get_id_type  (SleekDiscoIdentity *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_disco_identity_get_name     (SleekDiscoIdentity *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_disco_identity_get_lang     (SleekDiscoIdentity *self);

#define SLEEK_TYPE_DISCO_ITEM (sleek_disco_item_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDiscoItem, sleek_disco_item, SLEEK, DISCO_ITEM, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekDiscoItem *sleek_disco_item_new      (SleekJid       *jid,
                                           const char     *node,
                                           const char     *name);
SLEEK_AVAILABLE_IN_ALL
SleekJid       *sleek_disco_item_get_jid  (SleekDiscoItem *self);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_disco_item_get_node (SleekDiscoItem *self);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_disco_item_get_name (SleekDiscoItem *self);

#define SLEEK_TYPE_DISCO_INFO (sleek_disco_info_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDiscoInfo, sleek_disco_info, SLEEK, DISCO_INFO, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekJid           *sleek_disco_info_get_jid        (SleekDiscoInfo *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_disco_info_get_node       (SleekDiscoInfo *self);
SLEEK_AVAILABLE_IN_ALL
GPtrArray          *sleek_disco_info_get_identities (SleekDiscoInfo *self);
SLEEK_AVAILABLE_IN_ALL
const char * const *sleek_disco_info_get_features   (SleekDiscoInfo *self);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_disco_info_has_feature    (SleekDiscoInfo *self,
                                                     const char     *var);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_disco_info_has_identity   (SleekDiscoInfo *self,
                                                     const char     *category,
                                                     const char     *type);
SLEEK_AVAILABLE_IN_ALL
GPtrArray          *sleek_disco_info_get_forms      (SleekDiscoInfo *self);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm      *sleek_disco_info_get_form       (SleekDiscoInfo *self,
                                                     const char     *form_namespace);

#define SLEEK_TYPE_DISCO (sleek_disco_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDisco, sleek_disco, SLEEK, DISCO, SleekPlugin)

/* What we answer */
SLEEK_AVAILABLE_IN_ALL
void       sleek_disco_add_feature     (SleekDisco     *self,
                                        const char     *var,
                                        const char     *node);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_disco_remove_feature  (SleekDisco     *self,
                                        const char     *var,
                                        const char     *node);
SLEEK_AVAILABLE_IN_ALL
void       sleek_disco_add_identity    (SleekDisco         *self,
                                        SleekDiscoIdentity *identity,
                                        const char         *node);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_disco_remove_identity (SleekDisco     *self,
                                        const char     *category,
                                        const char     *type,
                                        const char     *name,
                                        const char     *lang,
                                        const char     *node);
SLEEK_AVAILABLE_IN_ALL
void       sleek_disco_add_item        (SleekDisco     *self,
                                        SleekDiscoItem *item,
                                        const char     *node);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_disco_remove_item     (SleekDisco     *self,
                                        SleekJid       *jid,
                                        const char     *item_node,
                                        const char     *node);
SLEEK_AVAILABLE_IN_ALL
void       sleek_disco_add_extension    (SleekDisco     *self,
                                         SleekDataForm  *form,
                                         const char     *node);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_disco_remove_extension (SleekDisco     *self,
                                         const char     *form_namespace,
                                         const char     *node);
SLEEK_AVAILABLE_IN_ALL
SleekDiscoInfo *sleek_disco_get_local_info (SleekDisco *self,
                                            const char *node);

/* What we ask */
SLEEK_AVAILABLE_IN_ALL
void            sleek_disco_get_info_async   (SleekDisco          *self,
                                              SleekJid            *jid,
                                              const char          *node,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekDiscoInfo *sleek_disco_get_info_finish  (SleekDisco          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SLEEK_AVAILABLE_IN_ALL
void            sleek_disco_get_items_async  (SleekDisco          *self,
                                              SleekJid            *jid,
                                              const char          *node,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
GPtrArray      *sleek_disco_get_items_finish (SleekDisco          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SLEEK_AVAILABLE_IN_ALL
void            sleek_disco_flush_cache      (SleekDisco          *self,
                                              SleekJid            *jid);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_disco_get_use_cache    (SleekDisco          *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_disco_set_use_cache    (SleekDisco          *self,
                                              gboolean             use_cache);

G_END_DECLS
