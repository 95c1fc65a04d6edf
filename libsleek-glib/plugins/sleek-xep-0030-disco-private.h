/* sleek-xep-0030-disco-private.h: what other plugins use of XEP-0030
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-xep-0030-disco.h"

G_BEGIN_DECLS

/* Builds the information a disco#info <query/> (or NULL) gives. */
SleekDiscoInfo *sleek_disco_info_new_from_query (SleekJid   *jid,
                                                 const char *node,
                                                 SleekNode  *query);

/* Makes disco#info queries to @alias answered as queries to the entity
 * itself (the node attribute of the answer staying @alias), as XEP-0115
 * wants for node#ver; the aliases go when the plugin ends. */
void sleek_disco_add_root_alias    (SleekDisco *self,
                                    const char *alias);
void sleek_disco_remove_root_alias (SleekDisco *self,
                                    const char *alias);

G_END_DECLS
