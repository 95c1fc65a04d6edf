/* sleek-sasl-scram.c: SCRAM-SHA-1, -256, -512 and their -PLUS forms (RFC 5802, RFC 7677)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

/**
 * SleekSaslScram:
 *
 * The SCRAM family of mechanisms (RFC 5802, RFC 7677): `SCRAM-SHA-1`,
 * `SCRAM-SHA-256`, `SCRAM-SHA-512`, and their `-PLUS` forms that bind the
 * authentication to the TLS channel. Create one with
 * [ctor@Sleek.SaslMechanism.new] or
 * [ctor@Sleek.SaslMechanism.new_for_offer]; each name is a subclass of
 * its own.
 *
 * The client proves that it knows the password without sending it, and
 * the server proves that it knows the account's keys: a success whose
 * server signature is missing or wrong is an error
 * (%SLEEK_SASL_ERROR_SERVER_SIGNATURE).
 *
 * ## GS2 header and channel binding
 *
 * A `-PLUS` mechanism sends `p=` and the channel binding type, and fails
 * with %SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE when there is no
 * binding data. The other mechanisms send `y` when binding data is at hand
 * but the server offers no `-PLUS` mechanism
 * ([property@Sleek.SaslMechanism:server-offers-plus]), and `n` otherwise:
 * when the stream is not encrypted, when the TLS connection gives no data,
 * or when the server offers `-PLUS` (which it would take `y` as a
 * downgrade attack for).
 *
 * ## The server's parameters
 *
 * The server-first message must carry `r=`, `s=` and `i=` in this order;
 * the nonce must extend the client's; the salt must be valid base64; an
 * `m=` (mandatory extension) is refused. The iteration count must be at
 * least 4096, the minimum that RFC 5802 and RFC 7677 ask servers for
 * (a lower one, which a rogue server could ask for to weaken what it
 * learns, fails with %SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK), and at most
 * 10,000,000 (a higher one fails with %SLEEK_SASL_ERROR_PROTOCOL rather
 * than keep a core busy for minutes). A server error (`e=`) fails with its
 * value in the message.
 *
 * ## Keys instead of the password
 *
 * PBKDF2 runs in a worker thread. After a successful run,
 * [property@Sleek.SaslScram:client-key], [property@Sleek.SaslScram:server-key],
 * [property@Sleek.SaslScram:salt] and [property@Sleek.SaslScram:iterations]
 * hold what it derived. An application can store these instead of the
 * password and hand them back with [method@Sleek.SaslScram.set_keys]: as
 * long as the server sends the same salt and iteration count, no password
 * and no PBKDF2 are needed. If they differ, the mechanism falls back to
 * [property@Sleek.SaslMechanism:password], and fails with
 * %SLEEK_SASL_ERROR_NO_CREDENTIALS without one. The keys belong to one
 * account and one hash function.
 *
 * ## SASLprep
 *
 * The username is prepared as a query string and the password as a stored
 * string (RFC 5802 section 2.2), with the approximations described for
 * [class@Sleek.SaslPlain].
 */

typedef struct {
  const char *name;
  const char *type_name;
  GChecksumType checksum;
  gnutls_mac_algorithm_t mac;
  gboolean plus;
  int priority;
} ScramVariant;

/* Strongest first. Any -PLUS beats any unbound one: binding to the channel
 * defeats a man in the middle, which a longer hash does not. */
static const ScramVariant variants[] = {
  { "SCRAM-SHA-512-PLUS", "SleekSaslScramSha512Plus", G_CHECKSUM_SHA512, GNUTLS_MAC_SHA512, TRUE, 160 },
  { "SCRAM-SHA-256-PLUS", "SleekSaslScramSha256Plus", G_CHECKSUM_SHA256, GNUTLS_MAC_SHA256, TRUE, 150 },
  { "SCRAM-SHA-1-PLUS", "SleekSaslScramSha1Plus", G_CHECKSUM_SHA1, GNUTLS_MAC_SHA1, TRUE, 140 },
  { "SCRAM-SHA-512", "SleekSaslScramSha512", G_CHECKSUM_SHA512, GNUTLS_MAC_SHA512, FALSE, 130 },
  { "SCRAM-SHA-256", "SleekSaslScramSha256", G_CHECKSUM_SHA256, GNUTLS_MAC_SHA256, FALSE, 120 },
  { "SCRAM-SHA-1", "SleekSaslScramSha1", G_CHECKSUM_SHA1, GNUTLS_MAC_SHA1, FALSE, 110 },
};

#define MAX_HASH_LEN 64
#define NONCE_RANDOM_BYTES 18

typedef enum {
  SCRAM_INITIAL,
  SCRAM_FIRST_SENT,
  SCRAM_FINAL_SENT,
  SCRAM_VERIFIED,
  SCRAM_FAILED,
} ScramState;

typedef struct {
  const ScramVariant *variant;

  /* Properties: input before the run, what worked after it. */
  char *client_nonce;
  GBytes *client_key;
  GBytes *server_key;
  GBytes *salt;
  guint iterations;

  ScramState state;
  char *gs2_header;          /* "n,,", "y,a=...,", "p=tls-exporter,," */
  GBytes *cbind_data;        /* with p= only */
  char *nonce;               /* the client's, then the combined one */
  char *client_first_bare;
  char *server_first;
  guint8 server_signature[MAX_HASH_LEN];

  /* Derived in this run; published when the server has proved itself. */
  GBytes *new_client_key;
  GBytes *new_server_key;
  GBytes *new_salt;
  guint new_iterations;
} SleekSaslScramPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SleekSaslScram, sleek_sasl_scram, SLEEK_TYPE_SASL_MECHANISM)

#define PRIV(self) ((SleekSaslScramPrivate *) sleek_sasl_scram_get_instance_private (SLEEK_SASL_SCRAM (self)))

enum {
  PROP_0,
  PROP_CLIENT_NONCE,
  PROP_CLIENT_KEY,
  PROP_SERVER_KEY,
  PROP_SALT,
  PROP_ITERATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint pbkdf2_runs;

guint
sleek_sasl_scram_get_pbkdf2_runs (void)
{
  return (guint) g_atomic_int_get (&pbkdf2_runs);
}

/* Variants */

static GQuark
variant_quark (void)
{
  return g_quark_from_static_string ("sleek-sasl-scram-variant");
}

static void
variant_class_init (gpointer g_class, gpointer class_data)
{
  SleekSaslMechanismClass *klass = g_class;
  const ScramVariant *variant = class_data;

  klass->name = variant->name;
  klass->priority = variant->priority;
  klass->flags = SLEEK_SASL_MECHANISM_NEEDS_PASSWORD | SLEEK_SASL_MECHANISM_MUTUAL;
  if (variant->plus)
    klass->flags |= SLEEK_SASL_MECHANISM_NEEDS_CHANNEL_BINDING;
}

guint
sleek_sasl_scram_n_variants (void)
{
  return G_N_ELEMENTS (variants);
}

GType
sleek_sasl_scram_variant_get_type (guint index)
{
  static gsize types[G_N_ELEMENTS (variants)];

  g_return_val_if_fail (index < G_N_ELEMENTS (variants), G_TYPE_INVALID);

  if (g_once_init_enter (&types[index]))
    {
      const GTypeInfo info = {
        .class_size = sizeof (SleekSaslScramClass),
        .class_init = variant_class_init,
        .class_data = &variants[index],
        .instance_size = sizeof (SleekSaslScram),
      };
      GType type = g_type_register_static (SLEEK_TYPE_SASL_SCRAM, variants[index].type_name,
                                           &info, G_TYPE_FLAG_FINAL);

      g_type_set_qdata (type, variant_quark (), (gpointer) &variants[index]);
      g_once_init_leave (&types[index], type);
    }
  return types[index];
}

static const ScramVariant *
find_variant (GType type)
{
  for (; type != SLEEK_TYPE_SASL_SCRAM && type != G_TYPE_INVALID; type = g_type_parent (type))
    {
      const ScramVariant *variant = g_type_get_qdata (type, variant_quark ());

      if (variant != NULL)
        return variant;
    }
  return NULL;
}

/* Crypto helpers */

static gsize
hash_length (const ScramVariant *variant)
{
  return (gsize) g_checksum_type_get_length (variant->checksum);
}

static void
hmac (const ScramVariant *variant,
      const guint8       *key,
      gsize               key_len,
      const void         *data,
      gsize               len,
      guint8             *out)
{
  GHmac *h = g_hmac_new (variant->checksum, key, key_len);
  gsize out_len = hash_length (variant);

  g_hmac_update (h, data, len);
  g_hmac_get_digest (h, out, &out_len);
  g_hmac_unref (h);
}

static void
hash (const ScramVariant *variant, const guint8 *data, gsize len, guint8 *out)
{
  GChecksum *checksum = g_checksum_new (variant->checksum);
  gsize out_len = hash_length (variant);

  g_checksum_update (checksum, data, len);
  g_checksum_get_digest (checksum, out, &out_len);
  g_checksum_free (checksum);
}

static gboolean
equal_in_constant_time (const guint8 *a, const guint8 *b, gsize len)
{
  guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

/* Message helpers */

/* RFC 5802 saslname: "=" and "," are escaped. */
static char *
escape_saslname (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '=')
        g_string_append (out, "=3D");
      else if (*p == ',')
        g_string_append (out, "=2C");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* printable = %x21-2B / %x2D-7E: a nonce character. */
static gboolean
valid_nonce (const char *nonce)
{
  if (nonce == NULL || *nonce == '\0')
    return FALSE;
  for (const char *p = nonce; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e || *p == ',')
      return FALSE;
  return TRUE;
}

/* Base64 as RFC 5802 writes it: a multiple of four characters from the
 * base64 alphabet, with at most two '=' at the end, and in the one
 * canonical form (unused bits zero). GLib's decoder skips anything else
 * silently, so check first. */
static GBytes *
decode_base64_strict (const char *text)
{
  gsize len = strlen (text);
  guchar *data;
  gsize data_len;
  g_autofree char *canonical = NULL;

  if (len == 0 || len % 4 != 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && i >= len - 2 && (i == len - 1 || text[i + 1] == '='))
        continue;
      return NULL;
    }
  data = g_base64_decode (text, &data_len);
  canonical = g_base64_encode (data, data_len);
  if (strcmp (canonical, text) != 0)
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, data_len);
}

/* The server's message as a string: no NUL, valid UTF-8. */
static char *
message_text (GBytes *bytes, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server sent an empty or malformed SCRAM message"));
      return NULL;
    }
  return g_strndup (data, len);
}

/* attr-val = ALPHA "=" value, where value may be empty only for
 * extensions; the caller checks the values it knows. */
static gboolean
split_attributes (const char *text, GStrv *parts_out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (parts[0] == NULL)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (!g_ascii_isalpha (parts[i][0]) || parts[i][1] != '=')
      return FALSE;
  *parts_out = g_steal_pointer (&parts);
  return TRUE;
}

static SleekSaslError
server_error_code (const char *value)
{
  if (strcmp (value, "invalid-encoding") == 0 || strcmp (value, "invalid-username-encoding") == 0)
    return SLEEK_SASL_ERROR_INCORRECT_ENCODING;
  if (strcmp (value, "no-resources") == 0)
    return SLEEK_SASL_ERROR_TEMPORARY_AUTH_FAILURE;
  return SLEEK_SASL_ERROR_NOT_AUTHORIZED;
}

/* posit-number = %x31-39 *DIGIT, within the limits. */
static gboolean
parse_iterations (const char *text, guint *iterations, GError **error)
{
  guint64 value;

  if (text[0] < '1' || text[0] > '9' || strlen (text) > 10)
    goto malformed;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      goto malformed;
  value = g_ascii_strtoull (text, NULL, 10);
  if (value < SLEEK_SASL_SCRAM_MIN_ITERATIONS)
    {
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK,
                   _("The server asks for %u PBKDF2 iterations, fewer than the %u this client requires"),
                   (guint) value, (guint) SLEEK_SASL_SCRAM_MIN_ITERATIONS);
      return FALSE;
    }
  if (value > SLEEK_SASL_SCRAM_MAX_ITERATIONS)
    {
      /* The number as text: gettext cannot carry G_GUINT64_FORMAT. */
      char asked[32];

      g_snprintf (asked, sizeof asked, "%" G_GUINT64_FORMAT, value);
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                   _("The server asks for %s PBKDF2 iterations, more than the %u this client allows"),
                   asked, (guint) SLEEK_SASL_SCRAM_MAX_ITERATIONS);
      return FALSE;
    }
  *iterations = (guint) value;
  return TRUE;

malformed:
  g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                       _("The server's iteration count is not a positive number"));
  return FALSE;
}

/* server-first-message = [reserved-mext ","] nonce "," salt ","
 *                        iteration-count ["," extensions] */
static gboolean
parse_server_first (SleekSaslScram  *self,
                    const char      *text,
                    char           **nonce,
                    GBytes         **salt,
                    guint           *iterations,
                    GError         **error)
{
  SleekSaslScramPrivate *priv = PRIV (self);
  g_auto(GStrv) parts = NULL;
  const char *server_nonce;

  if (!split_attributes (text, &parts))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's first SCRAM message is malformed"));
      return FALSE;
    }
  if (parts[0][0] == 'm')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server requires a SCRAM extension this client does not support"));
      return FALSE;
    }
  if (parts[0][0] == 'e')
    {
      g_set_error (error, SLEEK_SASL_ERROR, server_error_code (parts[0] + 2),
                   _("The server refused the authentication: %s"), parts[0] + 2);
      return FALSE;
    }

  if (parts[0][0] != 'r')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's first SCRAM message has no nonce"));
      return FALSE;
    }
  server_nonce = parts[0] + 2;
  if (!valid_nonce (server_nonce) || !g_str_has_prefix (server_nonce, priv->nonce) ||
      strlen (server_nonce) <= strlen (priv->nonce))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's nonce does not extend the client's"));
      return FALSE;
    }

  if (parts[1] == NULL || parts[1][0] != 's')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's first SCRAM message has no salt"));
      return FALSE;
    }
  *salt = decode_base64_strict (parts[1] + 2);
  if (*salt == NULL || g_bytes_get_size (*salt) == 0)
    {
      g_clear_pointer (salt, g_bytes_unref);
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's salt is not valid base64"));
      return FALSE;
    }

  if (parts[2] == NULL || parts[2][0] != 'i')
    {
      g_clear_pointer (salt, g_bytes_unref);
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's first SCRAM message has no iteration count"));
      return FALSE;
    }
  if (!parse_iterations (parts[2] + 2, iterations, error))
    {
      g_clear_pointer (salt, g_bytes_unref);
      return FALSE;
    }
  /* Extensions after i= are optional, and ignored. */
  *nonce = g_strdup (server_nonce);
  return TRUE;
}

/* server-final-message = (server-error / verifier) ["," extensions] */
static gboolean
check_server_final (SleekSaslScram *self, GBytes *bytes, GError **error)
{
  SleekSaslScramPrivate *priv = PRIV (self);
  g_autofree char *text = message_text (bytes, error);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GBytes) signature = NULL;
  gsize len = hash_length (priv->variant);

  if (text == NULL)
    return FALSE;
  if (!split_attributes (text, &parts))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server's final SCRAM message is malformed"));
      return FALSE;
    }
  if (parts[0][0] == 'e')
    {
      g_set_error (error, SLEEK_SASL_ERROR, server_error_code (parts[0] + 2),
                   _("The server refused the authentication: %s"), parts[0] + 2);
      return FALSE;
    }
  if (parts[0][0] != 'v')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE,
                           _("The server's final SCRAM message has no signature"));
      return FALSE;
    }
  signature = decode_base64_strict (parts[0] + 2);
  if (signature == NULL || g_bytes_get_size (signature) != len ||
      !equal_in_constant_time (g_bytes_get_data (signature, NULL), priv->server_signature, len))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE,
                           _("The server's signature is wrong: it does not know the account's keys"));
      return FALSE;
    }
  return TRUE;
}

/* The run */

static char *
new_client_nonce (GError **error)
{
  guint8 random[NONCE_RANDOM_BYTES];
  char *nonce;

  if (gnutls_rnd (GNUTLS_RND_NONCE, random, sizeof random) < 0)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_TEMPORARY_AUTH_FAILURE,
                           _("Could not generate a random nonce"));
      return NULL;
    }
  /* Base64 of 18 bytes: 24 characters, none of them ',' or '='. */
  nonce = g_base64_encode (random, sizeof random);
  return nonce;
}

static GBytes *
sleek_sasl_scram_start (SleekSaslMechanism *mechanism, GError **error)
{
  SleekSaslScram *self = SLEEK_SASL_SCRAM (mechanism);
  SleekSaslScramPrivate *priv = PRIV (self);
  const char *username = sleek_sasl_mechanism_get_username (mechanism);
  const char *authzid = sleek_sasl_mechanism_get_authzid (mechanism);
  g_autofree char *prepared = NULL;
  g_autofree char *escaped_user = NULL;
  g_autofree char *escaped_authzid = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *nonce = NULL;
  const char *binding_name = NULL;
  g_autoptr(GBytes) binding_data = NULL;
  char *message;

  if (priv->variant == NULL)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_MECHANISM,
                           _("This SCRAM type names no hash function"));
      return NULL;
    }
  if (username == NULL || *username == '\0')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS,
                           _("No username is set"));
      return NULL;
    }
  prepared = sleek_saslprep (username, SLEEK_SASLPREP_QUERY, error);
  if (prepared == NULL)
    {
      g_prefix_error (error, _("The username cannot be used: "));
      return NULL;
    }
  if (*prepared == '\0')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                           _("The username is empty after SASLprep"));
      return NULL;
    }

  if (priv->client_nonce != NULL)
    nonce = g_strdup (priv->client_nonce);
  else if ((nonce = new_client_nonce (error)) == NULL)
    return NULL;

  if (priv->variant->plus)
    {
      if (!sleek_sasl_mechanism_get_binding (mechanism, &binding_name, &binding_data, error))
        return NULL;
      flag = g_strconcat ("p=", binding_name, NULL);
    }
  else if (!sleek_sasl_mechanism_get_server_offers_plus (mechanism) &&
           sleek_sasl_mechanism_get_binding (mechanism, &binding_name, &binding_data, NULL))
    {
      /* The client could bind, and thinks the server cannot. */
      flag = g_strdup ("y");
      g_clear_pointer (&binding_data, g_bytes_unref);
    }
  else
    {
      flag = g_strdup ("n");
      g_clear_pointer (&binding_data, g_bytes_unref);
    }

  escaped_user = escape_saslname (prepared);
  if (authzid != NULL)
    escaped_authzid = escape_saslname (authzid);

  priv->gs2_header = g_strdup_printf ("%s,%s%s,", flag, escaped_authzid != NULL ? "a=" : "",
                                      escaped_authzid != NULL ? escaped_authzid : "");
  priv->cbind_data = g_steal_pointer (&binding_data);
  priv->client_first_bare = g_strdup_printf ("n=%s,r=%s", escaped_user, nonce);
  priv->nonce = g_steal_pointer (&nonce);
  priv->state = SCRAM_FIRST_SENT;

  message = g_strconcat (priv->gs2_header, priv->client_first_bare, NULL);
  return g_bytes_new_take (message, strlen (message));
}

/* client-final-message-without-proof "," proof, from the keys. */
static GBytes *
build_client_final (SleekSaslScram *self,
                    GBytes         *client_key,
                    GBytes         *server_key,
                    GBytes         *salt,
                    guint           iterations)
{
  SleekSaslScramPrivate *priv = PRIV (self);
  const ScramVariant *variant = priv->variant;
  gsize len = hash_length (variant);
  const guint8 *ck = g_bytes_get_data (client_key, NULL);
  const guint8 *sk = g_bytes_get_data (server_key, NULL);
  GByteArray *cbind_input = g_byte_array_new ();
  g_autofree char *cbind = NULL;
  g_autofree char *without_proof = NULL;
  g_autofree char *auth_message = NULL;
  g_autofree char *proof_text = NULL;
  guint8 stored_key[MAX_HASH_LEN];
  guint8 client_signature[MAX_HASH_LEN];
  guint8 proof[MAX_HASH_LEN];
  char *message;

  g_byte_array_append (cbind_input, (const guint8 *) priv->gs2_header, strlen (priv->gs2_header));
  if (priv->cbind_data != NULL)
    g_byte_array_append (cbind_input, g_bytes_get_data (priv->cbind_data, NULL),
                         g_bytes_get_size (priv->cbind_data));
  cbind = g_base64_encode (cbind_input->data, cbind_input->len);
  g_byte_array_unref (cbind_input);

  without_proof = g_strdup_printf ("c=%s,r=%s", cbind, priv->nonce);
  auth_message = g_strdup_printf ("%s,%s,%s", priv->client_first_bare, priv->server_first, without_proof);

  hash (variant, ck, len, stored_key);
  hmac (variant, stored_key, len, auth_message, strlen (auth_message), client_signature);
  for (gsize i = 0; i < len; i++)
    proof[i] = ck[i] ^ client_signature[i];
  hmac (variant, sk, len, auth_message, strlen (auth_message), priv->server_signature);
  proof_text = g_base64_encode (proof, len);
  sleek_sasl_wipe (stored_key, sizeof stored_key);
  sleek_sasl_wipe (client_signature, sizeof client_signature);
  sleek_sasl_wipe (proof, sizeof proof);

  g_clear_pointer (&priv->new_client_key, g_bytes_unref);
  g_clear_pointer (&priv->new_server_key, g_bytes_unref);
  g_clear_pointer (&priv->new_salt, g_bytes_unref);
  priv->new_client_key = g_bytes_ref (client_key);
  priv->new_server_key = g_bytes_ref (server_key);
  priv->new_salt = g_bytes_ref (salt);
  priv->new_iterations = iterations;
  priv->state = SCRAM_FINAL_SENT;

  message = g_strconcat (without_proof, ",p=", proof_text, NULL);
  return g_bytes_new_take (message, strlen (message));
}

typedef struct {
  gnutls_mac_algorithm_t mac;
  char *password;
  GBytes *salt;
  guint iterations;
  gsize length;
} Pbkdf2Job;

static void
pbkdf2_job_free (gpointer data)
{
  Pbkdf2Job *job = data;

  sleek_sasl_secret_free (job->password);
  g_bytes_unref (job->salt);
  g_free (job);
}

/* The worker only sees its own copies: never the mechanism. */
static void
pbkdf2_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Pbkdf2Job *job = task_data;
  gsize salt_len;
  const guint8 *salt = g_bytes_get_data (job->salt, &salt_len);
  gnutls_datum_t key = { (unsigned char *) job->password, (unsigned int) strlen (job->password) };
  gnutls_datum_t salt_datum = { (unsigned char *) salt, (unsigned int) salt_len };
  guint8 *out = g_malloc (job->length);
  int rc;

  rc = gnutls_pbkdf2 (job->mac, &key, &salt_datum, job->iterations, out, job->length);
  g_atomic_int_inc (&pbkdf2_runs);

  /* Cancelled and already returned: nobody wants the result. */
  if (!g_task_set_return_on_cancel (task, FALSE))
    {
      sleek_sasl_wipe (out, job->length);
      g_free (out);
      return;
    }
  if (rc < 0)
    {
      g_free (out);
      g_task_return_new_error (task, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_TEMPORARY_AUTH_FAILURE,
                               _("Could not derive the SCRAM keys: %s"), gnutls_strerror (rc));
      return;
    }
  g_task_return_pointer (task, sleek_sasl_secret_bytes_take (out, job->length),
                         (GDestroyNotify) g_bytes_unref);
}

static void
fail (SleekSaslScram *self, GTask *task, GError *error)
{
  PRIV (self)->state = SCRAM_FAILED;
  g_task_return_error (task, error);
}

/* Back in the caller's context with the salted password. */
static void
pbkdf2_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekSaslScram *self = g_task_get_source_object (task);
  const ScramVariant *variant = PRIV (self)->variant;
  Pbkdf2Job *job = g_task_get_task_data (G_TASK (result));
  gsize len = hash_length (variant);
  GError *error = NULL;
  g_autoptr(GBytes) salted = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GBytes) client_key = NULL;
  g_autoptr(GBytes) server_key = NULL;
  guint8 key[MAX_HASH_LEN];

  if (salted == NULL)
    {
      fail (self, task, error);
      return;
    }
  hmac (variant, g_bytes_get_data (salted, NULL), len, "Client Key", strlen ("Client Key"), key);
  client_key = sleek_sasl_secret_bytes_new (key, len);
  hmac (variant, g_bytes_get_data (salted, NULL), len, "Server Key", strlen ("Server Key"), key);
  server_key = sleek_sasl_secret_bytes_new (key, len);
  sleek_sasl_wipe (key, sizeof key);

  g_task_return_pointer (task, build_client_final (self, client_key, server_key, job->salt, job->iterations),
                         (GDestroyNotify) g_bytes_unref);
}

static gboolean
stored_keys_fit (SleekSaslScramPrivate *priv, GBytes *salt, guint iterations)
{
  gsize len = hash_length (priv->variant);

  return priv->client_key != NULL && priv->server_key != NULL && priv->salt != NULL &&
         g_bytes_get_size (priv->client_key) == len && g_bytes_get_size (priv->server_key) == len &&
         priv->iterations == iterations && g_bytes_equal (priv->salt, salt);
}

static void
handle_server_first (SleekSaslScram *self, GTask *task, GBytes *challenge)
{
  SleekSaslScramPrivate *priv = PRIV (self);
  const char *password = sleek_sasl_mechanism_get_password (SLEEK_SASL_MECHANISM (self));
  GError *error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *nonce = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(SleekSecret) prepared = NULL;
  guint iterations = 0;
  GTask *derive;
  Pbkdf2Job *job;

  if ((text = message_text (challenge, &error)) == NULL ||
      !parse_server_first (self, text, &nonce, &salt, &iterations, &error))
    {
      fail (self, task, error);
      return;
    }
  g_free (priv->nonce);
  priv->nonce = g_steal_pointer (&nonce);
  priv->server_first = g_steal_pointer (&text);

  if (stored_keys_fit (priv, salt, iterations))
    {
      g_task_return_pointer (task, build_client_final (self, priv->client_key, priv->server_key, salt, iterations),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (password == NULL)
    {
      if (priv->client_key != NULL)
        g_set_error_literal (&error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS,
                             _("The stored SCRAM keys do not fit the server's salt and iteration count, and no password is set"));
      else
        g_set_error_literal (&error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS,
                             _("No password is set"));
      fail (self, task, error);
      return;
    }
  prepared = sleek_saslprep (password, SLEEK_SASLPREP_STORED, &error);
  if (prepared == NULL)
    {
      g_prefix_error (&error, _("The password cannot be used: "));
      fail (self, task, error);
      return;
    }
  if (*prepared == '\0')
    {
      fail (self, task, g_error_new_literal (SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS,
                                             _("The password is empty")));
      return;
    }

  job = g_new0 (Pbkdf2Job, 1);
  job->mac = priv->variant->mac;
  job->password = g_steal_pointer (&prepared);
  job->salt = g_bytes_ref (salt);
  job->iterations = iterations;
  job->length = hash_length (priv->variant);

  /* No source object: if the run is cancelled the worker may outlive the
   * mechanism, and must not hold or free it. */
  derive = g_task_new (NULL, g_task_get_cancellable (task), pbkdf2_done, g_object_ref (task));
  g_task_set_source_tag (derive, pbkdf2_thread);
  g_task_set_task_data (derive, job, pbkdf2_job_free);
  g_task_set_return_on_cancel (derive, TRUE);
  g_task_run_in_thread (derive, pbkdf2_thread);
  g_object_unref (derive);
}

/* XEP-0480's SCRAM upgrade tasks */

void
sleek_sasl_scram_salted_password_async (const char          *name,
                                        const char          *password,
                                        GBytes              *salt,
                                        guint                iterations,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(SleekSecret) prepared = NULL;
  const ScramVariant *variant = NULL;
  GError *error = NULL;
  Pbkdf2Job *job;

  g_task_set_source_tag (task, sleek_sasl_scram_salted_password_async);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    if (!variants[i].plus && g_strcmp0 (variants[i].name, name) == 0)
      variant = &variants[i];
  if (variant == NULL)
    {
      g_task_return_new_error (task, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_MECHANISM,
                               _("Unknown SCRAM mechanism: %s"), name);
      return;
    }
  if (iterations < SLEEK_SASL_SCRAM_MIN_ITERATIONS || iterations > SLEEK_SASL_SCRAM_MAX_ITERATIONS)
    {
      g_task_return_new_error (task, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                               _("The server asked for %u SCRAM iterations, outside the range the client accepts"),
                               iterations);
      return;
    }
  if (password == NULL || (prepared = sleek_saslprep (password, SLEEK_SASLPREP_STORED, &error)) == NULL ||
      *prepared == '\0')
    {
      if (error != NULL)
        g_prefix_error (&error, _("The password cannot be used: "));
      else
        error = g_error_new_literal (SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS, _("No password is set"));
      g_task_return_error (task, error);
      return;
    }
  job = g_new0 (Pbkdf2Job, 1);
  job->mac = variant->mac;
  job->password = g_steal_pointer (&prepared);
  job->salt = g_bytes_ref (salt);
  job->iterations = iterations;
  job->length = hash_length (variant);
  g_task_set_task_data (task, job, pbkdf2_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, pbkdf2_thread);
}

GBytes *
sleek_sasl_scram_salted_password_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sleek_sasl_scram_step_async (SleekSaslMechanism  *mechanism,
                             GBytes              *challenge,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SleekSaslScram *self = SLEEK_SASL_SCRAM (mechanism);
  SleekSaslScramPrivate *priv = PRIV (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, sleek_sasl_scram_step_async);
  if (g_task_return_error_if_cancelled (task))
    {
      priv->state = SCRAM_FAILED;
      return;
    }

  switch (priv->state)
    {
    case SCRAM_FIRST_SENT:
      handle_server_first (self, task, challenge);
      break;
    case SCRAM_FINAL_SENT:
      /* Some servers send the server-final message as a challenge, and
       * an empty <success/> after the client's empty response. */
      if (!check_server_final (self, challenge, &error))
        {
          fail (self, task, error);
          return;
        }
      priv->state = SCRAM_VERIFIED;
      g_task_return_pointer (task, g_bytes_new (NULL, 0), (GDestroyNotify) g_bytes_unref);
      break;
    case SCRAM_INITIAL:
    case SCRAM_VERIFIED:
    case SCRAM_FAILED:
    default:
      fail (self, task, g_error_new_literal (SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                                             _("The server sent a SCRAM challenge out of turn")));
      break;
    }
}

static void
set_bytes_property (SleekSaslScram *self, GBytes **field, GBytes *value, guint prop_id)
{
  if (*field == value || (*field != NULL && value != NULL && g_bytes_equal (*field, value)))
    return;
  g_clear_pointer (field, g_bytes_unref);
  *field = value != NULL ? g_bytes_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_iterations (SleekSaslScram *self, guint iterations)
{
  SleekSaslScramPrivate *priv = PRIV (self);

  if (priv->iterations == iterations)
    return;
  priv->iterations = iterations;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITERATIONS]);
}

static gboolean
sleek_sasl_scram_verify_success (SleekSaslMechanism  *mechanism,
                                 GBytes              *additional_data,
                                 GError             **error)
{
  SleekSaslScram *self = SLEEK_SASL_SCRAM (mechanism);
  SleekSaslScramPrivate *priv = PRIV (self);

  if (priv->state != SCRAM_FINAL_SENT && priv->state != SCRAM_VERIFIED)
    {
      priv->state = SCRAM_FAILED;
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE,
                           _("The server reported success before the SCRAM exchange was complete"));
      return FALSE;
    }
  if (additional_data != NULL && g_bytes_get_size (additional_data) > 0)
    {
      if (!check_server_final (self, additional_data, error))
        {
          priv->state = SCRAM_FAILED;
          return FALSE;
        }
      priv->state = SCRAM_VERIFIED;
    }
  if (priv->state != SCRAM_VERIFIED)
    {
      priv->state = SCRAM_FAILED;
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE,
                           _("The server reported success without proving that it knows the account's keys"));
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_bytes_property (self, &priv->client_key, priv->new_client_key, PROP_CLIENT_KEY);
  set_bytes_property (self, &priv->server_key, priv->new_server_key, PROP_SERVER_KEY);
  set_bytes_property (self, &priv->salt, priv->new_salt, PROP_SALT);
  set_iterations (self, priv->new_iterations);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/* GObject */

static void
sleek_sasl_scram_constructed (GObject *object)
{
  G_OBJECT_CLASS (sleek_sasl_scram_parent_class)->constructed (object);
  PRIV (object)->variant = find_variant (G_OBJECT_TYPE (object));
}

static void
sleek_sasl_scram_finalize (GObject *object)
{
  SleekSaslScramPrivate *priv = PRIV (object);

  g_free (priv->client_nonce);
  g_clear_pointer (&priv->client_key, g_bytes_unref);
  g_clear_pointer (&priv->server_key, g_bytes_unref);
  g_clear_pointer (&priv->salt, g_bytes_unref);
  g_free (priv->gs2_header);
  g_clear_pointer (&priv->cbind_data, g_bytes_unref);
  g_free (priv->nonce);
  g_free (priv->client_first_bare);
  g_free (priv->server_first);
  sleek_sasl_wipe (priv->server_signature, sizeof priv->server_signature);
  g_clear_pointer (&priv->new_client_key, g_bytes_unref);
  g_clear_pointer (&priv->new_server_key, g_bytes_unref);
  g_clear_pointer (&priv->new_salt, g_bytes_unref);
  G_OBJECT_CLASS (sleek_sasl_scram_parent_class)->finalize (object);
}

static void
sleek_sasl_scram_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SleekSaslScramPrivate *priv = PRIV (object);

  switch (prop_id)
    {
    case PROP_CLIENT_NONCE:
      g_value_set_string (value, priv->client_nonce);
      break;
    case PROP_CLIENT_KEY:
      g_value_set_boxed (value, priv->client_key);
      break;
    case PROP_SERVER_KEY:
      g_value_set_boxed (value, priv->server_key);
      break;
    case PROP_SALT:
      g_value_set_boxed (value, priv->salt);
      break;
    case PROP_ITERATIONS:
      g_value_set_uint (value, priv->iterations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_sasl_scram_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SleekSaslScram *self = SLEEK_SASL_SCRAM (object);
  SleekSaslScramPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_CLIENT_NONCE:
      sleek_sasl_scram_set_client_nonce (self, g_value_get_string (value));
      break;
    case PROP_CLIENT_KEY:
      set_bytes_property (self, &priv->client_key, g_value_get_boxed (value), PROP_CLIENT_KEY);
      break;
    case PROP_SERVER_KEY:
      set_bytes_property (self, &priv->server_key, g_value_get_boxed (value), PROP_SERVER_KEY);
      break;
    case PROP_SALT:
      set_bytes_property (self, &priv->salt, g_value_get_boxed (value), PROP_SALT);
      break;
    case PROP_ITERATIONS:
      set_iterations (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_sasl_scram_class_init (SleekSaslScramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekSaslMechanismClass *mechanism_class = SLEEK_SASL_MECHANISM_CLASS (klass);

  object_class->constructed = sleek_sasl_scram_constructed;
  object_class->finalize = sleek_sasl_scram_finalize;
  object_class->get_property = sleek_sasl_scram_get_property;
  object_class->set_property = sleek_sasl_scram_set_property;

  mechanism_class->start = sleek_sasl_scram_start;
  mechanism_class->step_async = sleek_sasl_scram_step_async;
  mechanism_class->verify_success = sleek_sasl_scram_verify_success;

  /**
   * SleekSaslScram:client-nonce: (getter get_client_nonce) (setter set_client_nonce)
   *
   * The client's nonce, or %NULL (the default) for 24 random characters
   * from GnuTLS's nonce generator. Set it only to reproduce a known
   * exchange in a test: a nonce must never be used twice.
   */
  properties[PROP_CLIENT_NONCE] =
    g_param_spec_string ("client-nonce", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslScram:client-key: (getter get_client_key)
   *
   * The SCRAM ClientKey, HMAC(SaltedPassword, "Client Key"). Set it with
   * [property@Sleek.SaslScram:server-key], [property@Sleek.SaslScram:salt]
   * and [property@Sleek.SaslScram:iterations] to log in without the
   * password; after a successful run it holds the key that worked.
   */
  properties[PROP_CLIENT_KEY] =
    g_param_spec_boxed ("client-key", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslScram:server-key: (getter get_server_key)
   *
   * The SCRAM ServerKey, HMAC(SaltedPassword, "Server Key"), with which
   * the client checks the server's signature. See
   * [property@Sleek.SaslScram:client-key].
   */
  properties[PROP_SERVER_KEY] =
    g_param_spec_boxed ("server-key", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslScram:salt: (getter get_salt)
   *
   * The salt the keys were derived with. See
   * [property@Sleek.SaslScram:client-key].
   */
  properties[PROP_SALT] =
    g_param_spec_boxed ("salt", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslScram:iterations: (getter get_iterations)
   *
   * The PBKDF2 iteration count the keys were derived with, or 0 when
   * unknown. See [property@Sleek.SaslScram:client-key].
   */
  properties[PROP_ITERATIONS] =
    g_param_spec_uint ("iterations", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_sasl_scram_init (SleekSaslScram *self)
{
}

/* Accessors */

/**
 * sleek_sasl_scram_get_client_nonce: (get-property client-nonce)
 * @self: a SCRAM mechanism
 *
 * Gets [property@Sleek.SaslScram:client-nonce].
 *
 * Returns: (nullable): the fixed client nonce, or %NULL for a random one
 */
const char *
sleek_sasl_scram_get_client_nonce (SleekSaslScram *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_SCRAM (self), NULL);
  return PRIV (self)->client_nonce;
}

/**
 * sleek_sasl_scram_set_client_nonce: (set-property client-nonce)
 * @self: a SCRAM mechanism
 * @nonce: (nullable): printable ASCII without `,`, or %NULL for a random
 *   nonce
 *
 * Sets [property@Sleek.SaslScram:client-nonce], for tests.
 */
void
sleek_sasl_scram_set_client_nonce (SleekSaslScram *self, const char *nonce)
{
  SleekSaslScramPrivate *priv;

  g_return_if_fail (SLEEK_IS_SASL_SCRAM (self));
  g_return_if_fail (nonce == NULL || valid_nonce (nonce));
  priv = PRIV (self);

  if (g_strcmp0 (priv->client_nonce, nonce) == 0)
    return;
  g_free (priv->client_nonce);
  priv->client_nonce = g_strdup (nonce);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_NONCE]);
}

/**
 * sleek_sasl_scram_get_client_key: (get-property client-key)
 * @self: a SCRAM mechanism
 *
 * Gets [property@Sleek.SaslScram:client-key].
 *
 * Returns: (transfer none) (nullable): the ClientKey
 */
GBytes *
sleek_sasl_scram_get_client_key (SleekSaslScram *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_SCRAM (self), NULL);
  return PRIV (self)->client_key;
}

/**
 * sleek_sasl_scram_get_server_key: (get-property server-key)
 * @self: a SCRAM mechanism
 *
 * Gets [property@Sleek.SaslScram:server-key].
 *
 * Returns: (transfer none) (nullable): the ServerKey
 */
GBytes *
sleek_sasl_scram_get_server_key (SleekSaslScram *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_SCRAM (self), NULL);
  return PRIV (self)->server_key;
}

/**
 * sleek_sasl_scram_get_salt: (get-property salt)
 * @self: a SCRAM mechanism
 *
 * Gets [property@Sleek.SaslScram:salt].
 *
 * Returns: (transfer none) (nullable): the salt of the keys
 */
GBytes *
sleek_sasl_scram_get_salt (SleekSaslScram *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_SCRAM (self), NULL);
  return PRIV (self)->salt;
}

/**
 * sleek_sasl_scram_get_iterations: (get-property iterations)
 * @self: a SCRAM mechanism
 *
 * Gets [property@Sleek.SaslScram:iterations].
 *
 * Returns: the iteration count of the keys, or 0
 */
guint
sleek_sasl_scram_get_iterations (SleekSaslScram *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_SCRAM (self), 0);
  return PRIV (self)->iterations;
}

/**
 * sleek_sasl_scram_set_keys:
 * @self: a SCRAM mechanism
 * @client_key: (nullable): the stored ClientKey
 * @server_key: (nullable): the stored ServerKey
 * @salt: (nullable): the salt they were derived with
 * @iterations: the iteration count they were derived with
 *
 * Hands back keys read from [property@Sleek.SaslScram:client-key] and the
 * related properties after an earlier successful run, so that the
 * mechanism needs neither the password nor PBKDF2 while the server keeps
 * the same salt and iteration count. Pass %NULL keys and salt to forget
 * them.
 */
void
sleek_sasl_scram_set_keys (SleekSaslScram *self,
                           GBytes         *client_key,
                           GBytes         *server_key,
                           GBytes         *salt,
                           guint           iterations)
{
  SleekSaslScramPrivate *priv;

  g_return_if_fail (SLEEK_IS_SASL_SCRAM (self));
  priv = PRIV (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_bytes_property (self, &priv->client_key, client_key, PROP_CLIENT_KEY);
  set_bytes_property (self, &priv->server_key, server_key, PROP_SERVER_KEY);
  set_bytes_property (self, &priv->salt, salt, PROP_SALT);
  set_iterations (self, iterations);
  g_object_thaw_notify (G_OBJECT (self));
}
