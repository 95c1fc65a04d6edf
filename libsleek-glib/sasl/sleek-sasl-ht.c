/* sleek-sasl-ht.c: the HT-SHA-256 mechanisms of XEP-0484 (FAST)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A FAST token stands in for the password (it is the mechanism's
 * "password"). The initial response is the username, a NUL byte and
 * HMAC-SHA-256 keyed with the token over "Initiator" followed by the
 * channel binding data; the server proves it knows the token too with
 * HMAC-SHA-256 over "Responder" and the same data, in the additional data
 * of its <success/>. The suffix names the channel binding: NONE (none),
 * ENDP (tls-server-end-point), EXPR (tls-exporter), UNIQ (tls-unique).
 *
 * These are only used by SASL2 (XEP-0388) with a token the server gave:
 * they are not in the registry that RFC 6120 SASL chooses from.
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

typedef struct {
  const char *name;
  const char *type_name;
  SleekSaslChannelBinding binding;
  int priority;
} HtVariant;

/* Strongest binding first. */
static const HtVariant ht_variants[] = {
  { "HT-SHA-256-EXPR", "SleekSaslHtSha256Expr", SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER, 40 },
  { "HT-SHA-256-UNIQ", "SleekSaslHtSha256Uniq", SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE, 30 },
  { "HT-SHA-256-ENDP", "SleekSaslHtSha256Endp", SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT, 20 },
  { "HT-SHA-256-NONE", "SleekSaslHtSha256None", SLEEK_SASL_CHANNEL_BINDING_NONE, 10 },
};

static const HtVariant *
variant_of (SleekSaslMechanism *self)
{
  const char *name = sleek_sasl_mechanism_get_name (self);

  for (guint i = 0; i < G_N_ELEMENTS (ht_variants); i++)
    if (strcmp (ht_variants[i].name, name) == 0)
      return &ht_variants[i];
  g_assert_not_reached ();
}

/* HMAC-SHA-256 (token, label || channel binding data). */
static GBytes *
ht_hash (SleekSaslMechanism *self, const char *label, GError **error)
{
  const HtVariant *variant = variant_of (self);
  const char *token = sleek_sasl_mechanism_get_password (self);
  g_autoptr(GBytes) binding = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS, _("No FAST token is set"));
      return NULL;
    }
  if (variant->binding != SLEEK_SASL_CHANNEL_BINDING_NONE)
    {
      SleekSaslChannelBinding used;

      if (!sleek_sasl_channel_binding_resolve (sleek_sasl_mechanism_get_tls_connection (self), variant->binding,
                                               sleek_sasl_mechanism_get_channel_binding_data (self),
                                               &used, &binding, error))
        return NULL;
    }
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) token, strlen (token));
  g_hmac_update (hmac, (const guchar *) label, strlen (label));
  if (binding != NULL)
    g_hmac_update (hmac, g_bytes_get_data (binding, NULL), g_bytes_get_size (binding));
  g_hmac_get_digest (hmac, digest, &digest_len);
  return sleek_sasl_secret_bytes_new (digest, digest_len);
}

static GBytes *
sleek_sasl_ht_start (SleekSaslMechanism *self, GError **error)
{
  const char *username = sleek_sasl_mechanism_get_username (self);
  g_autoptr(GBytes) hash = NULL;
  gsize username_len, len;
  guint8 *message;

  if (username == NULL || *username == '\0')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS, _("No username is set"));
      return NULL;
    }
  if ((hash = ht_hash (self, "Initiator", error)) == NULL)
    return NULL;
  username_len = strlen (username);
  len = username_len + 1 + g_bytes_get_size (hash);
  message = g_malloc (len);
  memcpy (message, username, username_len);
  message[username_len] = '\0';
  memcpy (message + username_len + 1, g_bytes_get_data (hash, NULL), g_bytes_get_size (hash));
  return sleek_sasl_secret_bytes_take (message, len);
}

static gboolean
sleek_sasl_ht_verify_success (SleekSaslMechanism *self, GBytes *additional_data, GError **error)
{
  g_autoptr(GBytes) expected = NULL;

  if (additional_data == NULL)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE,
                           _("The server did not prove that it knows the FAST token"));
      return FALSE;
    }
  if ((expected = ht_hash (self, "Responder", error)) == NULL)
    return FALSE;
  if (!g_bytes_equal (expected, additional_data))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE,
                           _("The server's proof of the FAST token is wrong"));
      return FALSE;
    }
  return TRUE;
}

static void
ht_class_init (gpointer g_class, gpointer class_data)
{
  SleekSaslMechanismClass *klass = g_class;
  const HtVariant *variant = class_data;

  klass->name = variant->name;
  klass->priority = variant->priority;
  klass->flags = SLEEK_SASL_MECHANISM_NEEDS_PASSWORD | SLEEK_SASL_MECHANISM_MUTUAL;
  if (variant->binding != SLEEK_SASL_CHANNEL_BINDING_NONE)
    klass->flags |= SLEEK_SASL_MECHANISM_NEEDS_CHANNEL_BINDING;
  klass->start = sleek_sasl_ht_start;
  klass->verify_success = sleek_sasl_ht_verify_success;
}

static GType
ht_variant_get_type (guint index)
{
  static gsize types[G_N_ELEMENTS (ht_variants)];

  if (g_once_init_enter (&types[index]))
    {
      const GTypeInfo info = {
        .class_size = sizeof (SleekSaslMechanismClass),
        .class_init = ht_class_init,
        .class_data = &ht_variants[index],
        .instance_size = sizeof (SleekSaslMechanism),
      };
      GType type = g_type_register_static (SLEEK_TYPE_SASL_MECHANISM, ht_variants[index].type_name, &info, 0);

      g_once_init_leave (&types[index], type);
    }
  return types[index];
}

static int
variant_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (ht_variants); i++)
    if (g_strcmp0 (ht_variants[i].name, name) == 0)
      return (int) i;
  return -1;
}

SleekSaslChannelBinding
sleek_sasl_ht_binding (const char *name)
{
  int index = variant_index (name);

  return index < 0 ? SLEEK_SASL_CHANNEL_BINDING_AUTO : ht_variants[index].binding;
}

SleekSaslMechanism *
sleek_sasl_ht_new (const char *name, const char *username, const char *token, GTlsConnection *tls)
{
  int index = variant_index (name);

  if (index < 0)
    return NULL;
  return g_object_new (ht_variant_get_type ((guint) index), "username", username, "password", token,
                       "tls-connection", tls, NULL);
}

char *
sleek_sasl_ht_choose (const char * const *offered, GTlsConnection *tls)
{
  for (guint i = 0; i < G_N_ELEMENTS (ht_variants); i++)
    {
      g_autoptr(GBytes) data = NULL;
      SleekSaslChannelBinding used;

      if (offered == NULL || !g_strv_contains (offered, ht_variants[i].name))
        continue;
      if (ht_variants[i].binding == SLEEK_SASL_CHANNEL_BINDING_NONE ||
          sleek_sasl_channel_binding_resolve (tls, ht_variants[i].binding, NULL, &used, &data, NULL))
        return g_strdup (ht_variants[i].name);
    }
  return NULL;
}
