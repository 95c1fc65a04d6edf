/* sleek-sasl-plain.c: the PLAIN mechanism (RFC 4616)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

/**
 * SleekSaslPlain:
 *
 * The PLAIN mechanism (RFC 4616): one message, `authzid NUL username NUL
 * password`. It reveals the password to whoever reads the stream, so it
 * refuses to start with %SLEEK_SASL_ERROR_ENCRYPTION_REQUIRED when there
 * is no [property@Sleek.SaslMechanism:tls-connection], unless
 * [property@Sleek.SaslMechanism:allow-plaintext] is set (loopback tests
 * only). The server learns the password, so prefer SCRAM, which
 * [func@Sleek.SaslMechanism.choose] does.
 *
 * The username and password are prepared with SASLprep (RFC 4013) as
 * query strings: non-ASCII spaces become spaces, invisible characters such
 * as the soft hyphen are removed, the text is normalised to NFKC, and
 * control, private-use, non-character and other prohibited characters fail
 * with %SLEEK_SASL_ERROR_INVALID_CREDENTIALS, as does text mixing
 * right-to-left and left-to-right characters. Normalisation follows
 * GLib's Unicode version rather than Unicode 3.2, and left-to-right
 * characters are recognised by their general category.
 */
struct _SleekSaslPlain
{
  SleekSaslMechanism parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekSaslPlain, sleek_sasl_plain, SLEEK_TYPE_SASL_MECHANISM)

static char *
prepare (const char *text, const char *what_missing, const char *what_invalid, GError **error)
{
  char *prepared;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS, what_missing);
      return NULL;
    }
  prepared = sleek_saslprep (text, SLEEK_SASLPREP_QUERY, error);
  if (prepared == NULL)
    {
      g_prefix_error (error, "%s", what_invalid);  /* i18n: translated */
      return NULL;
    }
  if (*prepared == '\0')
    {
      g_free (prepared);
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS, what_missing);
      return NULL;
    }
  return prepared;
}

static GBytes *
sleek_sasl_plain_start (SleekSaslMechanism *mechanism, GError **error)
{
  const char *authzid = sleek_sasl_mechanism_get_authzid (mechanism);
  g_autofree char *username = NULL;
  g_autoptr(SleekSecret) password = NULL;
  gsize authzid_len = authzid != NULL ? strlen (authzid) : 0;
  gsize username_len, password_len, len;
  guint8 *message;

  username = prepare (sleek_sasl_mechanism_get_username (mechanism),
                      _("No username is set"), _("The username cannot be used: "), error);
  if (username == NULL)
    return NULL;
  password = prepare (sleek_sasl_mechanism_get_password (mechanism),
                      _("No password is set"), _("The password cannot be used: "), error);
  if (password == NULL)
    return NULL;

  username_len = strlen (username);
  password_len = strlen (password);
  len = authzid_len + 1 + username_len + 1 + password_len;
  message = g_malloc (len);
  if (authzid_len > 0)
    memcpy (message, authzid, authzid_len);
  message[authzid_len] = '\0';
  memcpy (message + authzid_len + 1, username, username_len);
  message[authzid_len + 1 + username_len] = '\0';
  memcpy (message + authzid_len + 1 + username_len + 1, password, password_len);
  return sleek_sasl_secret_bytes_take (message, len);
}

static void
sleek_sasl_plain_class_init (SleekSaslPlainClass *klass)
{
  SleekSaslMechanismClass *mechanism_class = SLEEK_SASL_MECHANISM_CLASS (klass);

  mechanism_class->name = "PLAIN";
  mechanism_class->priority = 50;
  mechanism_class->flags = SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION | SLEEK_SASL_MECHANISM_NEEDS_PASSWORD;
  mechanism_class->start = sleek_sasl_plain_start;
}

static void
sleek_sasl_plain_init (SleekSaslPlain *self)
{
}
