/* sleek-xep-0082-datetime-private.h: what other plugins use of XEP-0082
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-xep-0082-datetime.h"

G_BEGIN_DECLS

/* Parses a whole time zone designator, `Z` or `±hh:mm`; NULL if invalid. */
GTimeZone *sleek_datetime_parse_tzd (const char *text);

G_END_DECLS
