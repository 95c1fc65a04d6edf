/* sleek-iq.h: <iq/> stanzas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <sleek/sleek-stanza.h>

G_BEGIN_DECLS

/**
 * SleekIqType:
 * @SLEEK_IQ_TYPE_GET: `get`
 * @SLEEK_IQ_TYPE_SET: `set`
 * @SLEEK_IQ_TYPE_RESULT: `result`
 * @SLEEK_IQ_TYPE_ERROR: `error`, also a missing type attribute or one this
 *   library does not know (such an iq is malformed, RFC 6120 section 8.2.3)
 *
 * The type attribute of an `<iq/>`.
 */
typedef enum {
  SLEEK_IQ_TYPE_GET,
  SLEEK_IQ_TYPE_SET,
  SLEEK_IQ_TYPE_RESULT,
  SLEEK_IQ_TYPE_ERROR,
} SleekIqType;

#define SLEEK_TYPE_IQ (sleek_iq_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekIq, sleek_iq, SLEEK, IQ, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekIq     *sleek_iq_new                 (const char *type);
SLEEK_AVAILABLE_IN_ALL
SleekIqType  sleek_iq_get_iq_type         (SleekIq    *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_iq_set_iq_type         (SleekIq    *self,
                                           SleekIqType type);
SLEEK_AVAILABLE_IN_ALL
SleekNode   *sleek_iq_get_payload         (SleekIq    *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_iq_set_payload         (SleekIq    *self,
                                           SleekNode  *payload);
SLEEK_AVAILABLE_IN_ALL
const char  *sleek_iq_get_query_namespace (SleekIq    *self);

G_END_DECLS
