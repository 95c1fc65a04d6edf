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
#define _(String) sleek_gettext (String)
#define N_(String) (String)

G_END_DECLS
