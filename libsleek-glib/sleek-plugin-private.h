/* sleek-plugin-private.h: what the stream and the built-in plugins share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* Called by SleekBaseXmpp. */
void sleek_plugins_session_bind (SleekBaseXmpp *xmpp,
                                 SleekJid      *jid);
void sleek_plugins_end_all      (SleekBaseXmpp *xmpp);

/* plugins/sleek-plugins.c: registers the built-in plugins once. */
void sleek_plugins_ensure_builtin (void);

/* Adds to the registry without registering the built-ins first. */
void sleek_plugin_register_builtin (GType               type,
                                    const char         *name,
                                    const char         *description,
                                    const char * const *dependencies);

G_END_DECLS
