/* sleek-xep-0106-escaping.h: XEP-0106 JID Escaping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_FEATURE_JID_ESCAPING:
 *
 * The service discovery feature of XEP-0106 JID Escaping, `jid\20escaping`.
 */
#define SLEEK_FEATURE_JID_ESCAPING "jid\\20escaping"

SLEEK_AVAILABLE_IN_ALL
char *sleek_jid_escape_node   (const char  *node,
                               GError     **error);
SLEEK_AVAILABLE_IN_ALL
char *sleek_jid_unescape_node (const char  *node);

#define SLEEK_TYPE_JID_ESCAPING (sleek_jid_escaping_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekJidEscaping, sleek_jid_escaping, SLEEK, JID_ESCAPING, SleekPlugin)

G_END_DECLS
