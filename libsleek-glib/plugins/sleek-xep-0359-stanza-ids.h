/* sleek-xep-0359-stanza-ids.h: XEP-0359 Unique and Stable Stanza IDs
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
#include <sleek/sleek-message.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_SID:
 *
 * The namespace of XEP-0359 Unique and Stable Stanza IDs, `urn:xmpp:sid:0`.
 */
#define SLEEK_NS_SID "urn:xmpp:sid:0"

#define SLEEK_TYPE_ORIGIN_ID (sleek_origin_id_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekOriginId, sleek_origin_id, SLEEK, ORIGIN_ID, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_origin_id_get_id (SleekOriginId *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_origin_id_set_id (SleekOriginId *self,
                                    const char    *id);

#define SLEEK_TYPE_STANZA_ID (sleek_stanza_id_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekStanzaId, sleek_stanza_id, SLEEK, STANZA_ID, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_stanza_id_get_id (SleekStanzaId *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stanza_id_set_id (SleekStanzaId *self,
                                    const char    *id);
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_stanza_id_get_by (SleekStanzaId *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stanza_id_set_by (SleekStanzaId *self,
                                    SleekJid      *by);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_origin_id (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_set_origin_id (SleekMessage *message,
                                         const char   *id);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_stanza_id (SleekMessage *message,
                                         SleekJid     *by);

#define SLEEK_TYPE_STANZA_IDS (sleek_stanza_ids_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekStanzaIds, sleek_stanza_ids, SLEEK, STANZA_IDS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stanza_ids_get_add_origin_id (SleekStanzaIds *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stanza_ids_set_add_origin_id (SleekStanzaIds *self,
                                                gboolean        add_origin_id);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stanza_ids_get_stanza_id     (SleekStanzaIds *self,
                                                SleekMessage   *message,
                                                SleekJid       *by);

G_END_DECLS
