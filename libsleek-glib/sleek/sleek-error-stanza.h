/* sleek-error-stanza.h: the <error/> child of a stanza of type error
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <sleek/sleek-stanza.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_ERROR_STANZA (sleek_error_stanza_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekErrorStanza, sleek_error_stanza, SLEEK, ERROR_STANZA, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_error_stanza_get_condition (SleekErrorStanza *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_error_stanza_set_condition (SleekErrorStanza *self,
                                              const char       *condition);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_error_stanza_get_text      (SleekErrorStanza *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_error_stanza_set_text      (SleekErrorStanza *self,
                                              const char       *text);

G_END_DECLS
