/* sleek-jid.h: XMPP addresses (RFC 7622)
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

#define SLEEK_TYPE_JID (sleek_jid_get_type ())

typedef struct _SleekJid SleekJid;

SLEEK_AVAILABLE_IN_ALL
GType       sleek_jid_get_type     (void) G_GNUC_CONST;
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_jid_new          (const char  *jid,
                                    GError     **error);
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_jid_new_from_parts (const char  *local,
                                      const char  *domain,
                                      const char  *resource,
                                      GError     **error);
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_jid_ref          (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
void        sleek_jid_unref        (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_jid_get_local    (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_jid_get_domain   (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_jid_get_resource (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_jid_get_bare     (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_jid_to_string    (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_jid_is_bare      (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_jid_to_bare      (SleekJid    *jid);
SLEEK_AVAILABLE_IN_ALL
SleekJid   *sleek_jid_with_resource (SleekJid    *jid,
                                     const char  *resource,
                                     GError     **error);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_jid_equal        (SleekJid    *a,
                                    SleekJid    *b);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_jid_equal_bare   (SleekJid    *a,
                                    SleekJid    *b);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_jid_hash         (SleekJid    *jid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SleekJid, sleek_jid_unref)

G_END_DECLS
