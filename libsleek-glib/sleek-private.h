/* sleek-private.h: helpers shared inside the library (not installed)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#ifndef SLEEK_COMPILATION
# error "sleek-private.h is internal to libsleek-glib"
#endif

#include <sleek/sleek.h>

G_BEGIN_DECLS

/* Translatable messages: the text domain is bound on first use. */
const char *sleek_gettext (const char *msgid) G_GNUC_FORMAT (1);
/* Plural forms: po/meson.build tells xgettext about this keyword. */
const char *sleek_ngettext (const char *msgid, const char *msgid_plural, gulong n) G_GNUC_FORMAT (1);
#define _(String) sleek_gettext (String)
#define N_(String) (String)

G_END_DECLS
