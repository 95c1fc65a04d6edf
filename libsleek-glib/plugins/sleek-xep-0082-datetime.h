/* sleek-xep-0082-datetime.h: XEP-0082 XMPP Date and Time Profiles
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

SLEEK_AVAILABLE_IN_ALL
GDateTime *sleek_datetime_parse       (const char  *text,
                                       GError     **error);
SLEEK_AVAILABLE_IN_ALL
char      *sleek_datetime_format      (GDateTime   *datetime);
SLEEK_AVAILABLE_IN_ALL
GDateTime *sleek_datetime_parse_date  (const char  *text,
                                       GError     **error);
SLEEK_AVAILABLE_IN_ALL
char      *sleek_datetime_format_date (GDateTime   *datetime);
SLEEK_AVAILABLE_IN_ALL
GDateTime *sleek_datetime_parse_time  (const char  *text,
                                       GError     **error);
SLEEK_AVAILABLE_IN_ALL
char      *sleek_datetime_format_time (GDateTime   *datetime);
SLEEK_AVAILABLE_IN_ALL
char      *sleek_datetime_format_offset (GDateTime *datetime);

#define SLEEK_TYPE_DATE_TIME_PROFILES (sleek_date_time_profiles_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDateTimeProfiles, sleek_date_time_profiles, SLEEK, DATE_TIME_PROFILES, SleekPlugin)

G_END_DECLS
