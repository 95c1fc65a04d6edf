/* sleek-xep-0054-vcard-temp.h: XEP-0054 vcard-temp
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
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_VCARD_TEMP:
 *
 * The namespace of XEP-0054 vCards, `vcard-temp`.
 */
#define SLEEK_NS_VCARD_TEMP "vcard-temp"

/* One EMAIL, TEL or ADR of a vCard */

#define SLEEK_TYPE_VCARD_ITEM (sleek_vcard_item_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekVCardItem, sleek_vcard_item, SLEEK, VCARD_ITEM, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_vcard_item_has_type  (SleekVCardItem *self,
                                        const char     *type);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_item_set_type  (SleekVCardItem *self,
                                        const char     *type,
                                        gboolean        present);
SLEEK_AVAILABLE_IN_ALL
GStrv       sleek_vcard_item_dup_types (SleekVCardItem *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_item_get_field (SleekVCardItem *self,
                                        const char     *name);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_item_set_field (SleekVCardItem *self,
                                        const char     *name,
                                        const char     *value);

/* The vCard */

/**
 * SleekVCardNamePart:
 * @SLEEK_VCARD_NAME_FAMILY: `FAMILY`, the family name
 * @SLEEK_VCARD_NAME_GIVEN: `GIVEN`, the given name
 * @SLEEK_VCARD_NAME_MIDDLE: `MIDDLE`, the middle name
 * @SLEEK_VCARD_NAME_PREFIX: `PREFIX`, such as `Dr.`
 * @SLEEK_VCARD_NAME_SUFFIX: `SUFFIX`, such as `Jr.`
 *
 * The parts of a vCard's structured name, the `N` element.
 */
typedef enum {
  SLEEK_VCARD_NAME_FAMILY,
  SLEEK_VCARD_NAME_GIVEN,
  SLEEK_VCARD_NAME_MIDDLE,
  SLEEK_VCARD_NAME_PREFIX,
  SLEEK_VCARD_NAME_SUFFIX,
} SleekVCardNamePart;

SLEEK_AVAILABLE_IN_ALL
GType sleek_vcard_name_part_get_type (void) G_GNUC_CONST;
#define SLEEK_TYPE_VCARD_NAME_PART (sleek_vcard_name_part_get_type ())

#define SLEEK_TYPE_VCARD (sleek_vcard_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekVCard, sleek_vcard, SLEEK, VCARD, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekVCard *sleek_vcard_new                 (void);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_vcard_is_empty            (SleekVCard          *self);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_field           (SleekVCard          *self,
                                             const char          *name);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_field           (SleekVCard          *self,
                                             const char          *name,
                                             const char          *value);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_full_name       (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_full_name       (SleekVCard          *self,
                                             const char          *full_name);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_nickname        (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_nickname        (SleekVCard          *self,
                                             const char          *nickname);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_birthday        (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_birthday        (SleekVCard          *self,
                                             const char          *birthday);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_url             (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_url             (SleekVCard          *self,
                                             const char          *url);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_description     (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_description     (SleekVCard          *self,
                                             const char          *description);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_title           (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_title           (SleekVCard          *self,
                                             const char          *title);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_role            (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_role            (SleekVCard          *self,
                                             const char          *role);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_jabber_id       (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_jabber_id       (SleekVCard          *self,
                                             const char          *jabber_id);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_name_part       (SleekVCard          *self,
                                             SleekVCardNamePart   part);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_name_part       (SleekVCard          *self,
                                             SleekVCardNamePart   part,
                                             const char          *value);

SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_org_name        (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
GStrv       sleek_vcard_dup_org_units       (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_org             (SleekVCard          *self,
                                             const char          *name,
                                             const char * const  *units);

SLEEK_AVAILABLE_IN_ALL
GPtrArray      *sleek_vcard_get_emails      (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
SleekVCardItem *sleek_vcard_add_email       (SleekVCard          *self,
                                             const char          *userid,
                                             const char * const  *types);
SLEEK_AVAILABLE_IN_ALL
GPtrArray      *sleek_vcard_get_telephones  (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
SleekVCardItem *sleek_vcard_add_telephone   (SleekVCard          *self,
                                             const char          *number,
                                             const char * const  *types);
SLEEK_AVAILABLE_IN_ALL
GPtrArray      *sleek_vcard_get_addresses   (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
SleekVCardItem *sleek_vcard_add_address     (SleekVCard          *self,
                                             const char * const  *types);
SLEEK_AVAILABLE_IN_ALL
void            sleek_vcard_remove_items    (SleekVCard          *self,
                                             const char          *name);

SLEEK_AVAILABLE_IN_ALL
GBytes     *sleek_vcard_get_photo           (SleekVCard          *self,
                                             char               **mime_type,
                                             GError             **error);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_photo           (SleekVCard          *self,
                                             GBytes              *data,
                                             const char          *mime_type);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_vcard_get_photo_url       (SleekVCard          *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_set_photo_url       (SleekVCard          *self,
                                             const char          *url);

/* The plugin */

#define SLEEK_TYPE_VCARD_TEMP (sleek_vcard_temp_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekVCardTemp, sleek_vcard_temp, SLEEK, VCARD_TEMP, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_temp_get_vcard_async      (SleekVCardTemp      *self,
                                                   SleekJid            *jid,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekVCard *sleek_vcard_temp_get_vcard_finish     (SleekVCardTemp      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
SLEEK_AVAILABLE_IN_ALL
void        sleek_vcard_temp_publish_vcard_async  (SleekVCardTemp      *self,
                                                   SleekVCard          *vcard,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_vcard_temp_publish_vcard_finish (SleekVCardTemp      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
SLEEK_AVAILABLE_IN_ALL
SleekVCard *sleek_vcard_temp_get_cached           (SleekVCardTemp      *self,
                                                   SleekJid            *jid);

G_END_DECLS
