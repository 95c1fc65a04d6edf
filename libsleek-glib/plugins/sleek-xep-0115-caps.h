/* sleek-xep-0115-caps.h: XEP-0115 Entity Capabilities
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
#include <sleek/sleek-stanza.h>
#include <plugins/sleek-xep-0030-disco.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_CAPS:
 *
 * The namespace of XEP-0115 Entity Capabilities.
 */
#define SLEEK_NS_CAPS "http://jabber.org/protocol/caps"

/**
 * SLEEK_ENTITY_CAPS_DEFAULT_NODE:
 *
 * The `node` that [class@Sleek.EntityCaps] advertises unless told
 * otherwise: the address of the sleek-glib project. An application
 * should set [property@Sleek.EntityCaps:node] to its own address.
 */
#define SLEEK_ENTITY_CAPS_DEFAULT_NODE "https://gitlab.gnome.org/sleek-glib"

/**
 * SLEEK_ENTITY_CAPS_ERROR:
 *
 * Error domain of XEP-0115 Entity Capabilities. Errors in this domain are
 * from the [error@Sleek.EntityCapsError] enumeration.
 */
#define SLEEK_ENTITY_CAPS_ERROR (sleek_entity_caps_error_quark ())

/**
 * SleekEntityCapsError:
 * @SLEEK_ENTITY_CAPS_ERROR_UNSUPPORTED_HASH: the hash function is not one
 *   this library computes
 * @SLEEK_ENTITY_CAPS_ERROR_MALFORMED: the service discovery information
 *   is ill-formed for XEP-0115: an identity, a feature or an extension
 *   form's `FORM_TYPE` appears twice, or a `FORM_TYPE` has several values
 * @SLEEK_ENTITY_CAPS_ERROR_MISMATCH: the information does not hash to the
 *   advertised verification string
 *
 * Why capabilities could not be computed or verified.
 */
typedef enum {
  SLEEK_ENTITY_CAPS_ERROR_UNSUPPORTED_HASH,
  SLEEK_ENTITY_CAPS_ERROR_MALFORMED,
  SLEEK_ENTITY_CAPS_ERROR_MISMATCH,
} SleekEntityCapsError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_entity_caps_error_quark (void);

#define SLEEK_TYPE_ENTITY_CAPS_ERROR (sleek_entity_caps_error_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_entity_caps_error_get_type (void) G_GNUC_CONST;

#define SLEEK_TYPE_CAPS (sleek_caps_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekCaps, sleek_caps, SLEEK, CAPS, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_caps_get_hash (SleekCaps   *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_caps_get_node (SleekCaps   *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_caps_get_ver  (SleekCaps   *self);

SLEEK_AVAILABLE_IN_ALL
SleekCaps  *sleek_stanza_get_caps (SleekStanza *stanza);

#define SLEEK_TYPE_ENTITY_CAPS (sleek_entity_caps_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekEntityCaps, sleek_entity_caps, SLEEK, ENTITY_CAPS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
char           *sleek_entity_caps_compute_ver      (SleekDiscoInfo      *info,
                                                    const char          *hash,
                                                    GError             **error);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_entity_caps_hash_is_supported (const char         *hash);

SLEEK_AVAILABLE_IN_ALL
const char     *sleek_entity_caps_get_node         (SleekEntityCaps     *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_entity_caps_set_node         (SleekEntityCaps     *self,
                                                    const char          *node);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_entity_caps_get_hash         (SleekEntityCaps     *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_entity_caps_set_hash         (SleekEntityCaps     *self,
                                                    const char          *hash);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_entity_caps_get_ver          (SleekEntityCaps     *self);

SLEEK_AVAILABLE_IN_ALL
SleekDiscoInfo *sleek_entity_caps_get_info_for_jid (SleekEntityCaps     *self,
                                                    SleekJid            *jid);
SLEEK_AVAILABLE_IN_ALL
SleekDiscoInfo *sleek_entity_caps_lookup           (SleekEntityCaps     *self,
                                                    const char          *hash,
                                                    const char          *ver);
SLEEK_AVAILABLE_IN_ALL
void            sleek_entity_caps_get_info_async   (SleekEntityCaps     *self,
                                                    SleekJid            *jid,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekDiscoInfo *sleek_entity_caps_get_info_finish  (SleekEntityCaps     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
