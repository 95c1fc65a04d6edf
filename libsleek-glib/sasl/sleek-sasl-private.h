/* sleek-sasl-private.h: SASL internals shared by the mechanisms and the unit tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* SASLprep (RFC 4013). A query string may hold code points that are
 * unassigned in Unicode; a stored string may not (RFC 3454 section 7). */
typedef enum {
  SLEEK_SASLPREP_QUERY,
  SLEEK_SASLPREP_STORED,
} SleekSaslprepMode;

char       *sleek_saslprep                     (const char               *input,
                                                SleekSaslprepMode         mode,
                                                GError                  **error);

/* The channel binding a mechanism would use: the explicit or automatic
 * type (@requested) on @tls, or @override as its data when set. On
 * success *@used is never AUTO or NONE and *@data is non-empty. */
gboolean    sleek_sasl_channel_binding_resolve (GTlsConnection           *tls,
                                                SleekSaslChannelBinding   requested,
                                                GBytes                   *override,
                                                SleekSaslChannelBinding  *used,
                                                GBytes                  **data,
                                                GError                  **error);
/* "tls-unique", "tls-server-end-point" or "tls-exporter"; NULL otherwise. */
const char *sleek_sasl_channel_binding_name    (SleekSaslChannelBinding   type);
/* XEP-0440: of the binding types the server names, the best one @tls
 * gives data for (tls-exporter first on TLS 1.3, tls-unique first before
 * it, then tls-server-end-point). FALSE when there is none. */
gboolean    sleek_sasl_channel_binding_pick    (GTlsConnection           *tls,
                                                const char * const       *advertised,
                                                SleekSaslChannelBinding  *type);

/* The same, with the mechanism's properties. */
gboolean    sleek_sasl_mechanism_get_binding   (SleekSaslMechanism       *self,
                                                const char              **type_name,
                                                GBytes                  **data,
                                                GError                  **error);

/* Bytes and strings that hold secrets are overwritten before being freed. */
void        sleek_sasl_wipe                    (gpointer                  data,
                                                gsize                     len);
void        sleek_sasl_secret_free             (char                     *secret);
GBytes     *sleek_sasl_secret_bytes_new        (gconstpointer             data,
                                                gsize                     len);
GBytes     *sleek_sasl_secret_bytes_take       (gpointer                  data,
                                                gsize                     len);

/* g_autoptr(SleekSecret) for a string that holds a secret. */
typedef char SleekSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SleekSecret, sleek_sasl_secret_free)

/* Decodes the base64 text of a <challenge/> or <success/> from the
 * server (@text may be NULL for an empty element). */
GBytes     *sleek_sasl_decode_payload          (const char               *text,
                                                GError                  **error);

/* The SCRAM mechanisms: one registered subclass of SleekSaslScram each. */
guint       sleek_sasl_scram_n_variants        (void);
GType       sleek_sasl_scram_variant_get_type  (guint                     index);

/* The smallest and largest iteration count a server may ask for. */
#define SLEEK_SASL_SCRAM_MIN_ITERATIONS 4096
#define SLEEK_SASL_SCRAM_MAX_ITERATIONS 10000000

/* How many times PBKDF2 has run in this process (tests check that stored
 * keys spare it). */
guint       sleek_sasl_scram_get_pbkdf2_runs   (void);

/* XEP-0480: the SaltedPassword (RFC 5802) of the SCRAM mechanism @name
 * (without -PLUS), derived in a worker thread. */
void        sleek_sasl_scram_salted_password_async  (const char          *name,
                                                     const char          *password,
                                                     GBytes              *salt,
                                                     guint                iterations,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GBytes     *sleek_sasl_scram_salted_password_finish (GAsyncResult        *result,
                                                     GError             **error);

/* XEP-0484's HT-SHA-256-NONE/-ENDP/-EXPR/-UNIQ (sleek-sasl-ht.c), with
 * the FAST token as the password. NULL for another name. */
SleekSaslMechanism *sleek_sasl_ht_new         (const char               *name,
                                                const char               *username,
                                                const char               *token,
                                                GTlsConnection           *tls);
/* The channel binding of the HT mechanism @name (NONE for -NONE), or
 * AUTO when @name is none of them. */
SleekSaslChannelBinding sleek_sasl_ht_binding  (const char               *name);
/* Of the HT mechanisms in @offered, the strongest one @tls gives the
 * channel binding data for, or NULL. */
char       *sleek_sasl_ht_choose               (const char * const       *offered,
                                                GTlsConnection           *tls);

G_END_DECLS
