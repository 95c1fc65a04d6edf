/* sleek-xep-0092-version.h: XEP-0092 Software Version
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

G_BEGIN_DECLS

/**
 * SLEEK_NS_VERSION:
 *
 * The namespace of XEP-0092 software version queries.
 */
#define SLEEK_NS_VERSION "jabber:iq:version"

#define SLEEK_TYPE_SOFTWARE_VERSION_INFO (sleek_software_version_info_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekSoftwareVersionInfo, sleek_software_version_info, SLEEK, SOFTWARE_VERSION_INFO, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekSoftwareVersionInfo *sleek_software_version_info_new         (const char               *name,
                                                                   const char               *version,
                                                                   const char               *os);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_software_version_info_get_name    (SleekSoftwareVersionInfo *self);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_software_version_info_get_version (SleekSoftwareVersionInfo *self);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_software_version_info_get_os      (SleekSoftwareVersionInfo *self);

#define SLEEK_TYPE_SOFTWARE_VERSION (sleek_software_version_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekSoftwareVersion, sleek_software_version, SLEEK, SOFTWARE_VERSION, SleekPlugin)

/* What we answer */
SLEEK_AVAILABLE_IN_ALL
const char *sleek_software_version_get_software_name (SleekSoftwareVersion *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_software_version_set_software_name (SleekSoftwareVersion *self,
                                                      const char           *name);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_software_version_get_local_version (SleekSoftwareVersion *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_software_version_set_local_version (SleekSoftwareVersion *self,
                                                      const char           *version);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_software_version_get_os            (SleekSoftwareVersion *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_software_version_set_os            (SleekSoftwareVersion *self,
                                                      const char           *os);

/* What we ask */
SLEEK_AVAILABLE_IN_ALL
void                      sleek_software_version_get_version_async  (SleekSoftwareVersion *self,
                                                                     SleekJid             *jid,
                                                                     GCancellable         *cancellable,
                                                                     GAsyncReadyCallback   callback,
                                                                     gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekSoftwareVersionInfo *sleek_software_version_get_version_finish (SleekSoftwareVersion *self,
                                                                     GAsyncResult         *result,
                                                                     GError              **error);

G_END_DECLS
