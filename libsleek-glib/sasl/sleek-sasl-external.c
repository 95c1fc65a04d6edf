/* sleek-sasl-external.c: the EXTERNAL mechanism (RFC 4422 appendix A) with a TLS client certificate
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

/**
 * SleekSaslExternal:
 *
 * The EXTERNAL mechanism (RFC 4422 appendix A) as XEP-0178 uses it: the
 * client authenticates with the certificate it presented in the TLS
 * handshake. The initial response is the
 * [property@Sleek.SaslMechanism:authzid], or empty (sent as `=`) to let
 * the server derive the identity from the certificate. It fails with
 * %SLEEK_SASL_ERROR_NO_CREDENTIALS when
 * [property@Sleek.SaslMechanism:tls-connection] is unset or has no
 * client certificate.
 */
struct _SleekSaslExternal
{
  SleekSaslMechanism parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekSaslExternal, sleek_sasl_external, SLEEK_TYPE_SASL_MECHANISM)

static GBytes *
sleek_sasl_external_start (SleekSaslMechanism *mechanism, GError **error)
{
  GTlsConnection *tls = sleek_sasl_mechanism_get_tls_connection (mechanism);
  const char *authzid = sleek_sasl_mechanism_get_authzid (mechanism);

  if (tls == NULL || g_tls_connection_get_certificate (tls) == NULL)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS,
                           _("EXTERNAL needs a TLS connection with a client certificate"));
      return NULL;
    }
  if (authzid == NULL)
    return g_bytes_new (NULL, 0);
  return g_bytes_new (authzid, strlen (authzid));
}

static void
sleek_sasl_external_class_init (SleekSaslExternalClass *klass)
{
  SleekSaslMechanismClass *mechanism_class = SLEEK_SASL_MECHANISM_CLASS (klass);

  mechanism_class->name = "EXTERNAL";
  mechanism_class->priority = 40;
  mechanism_class->flags = SLEEK_SASL_MECHANISM_NEEDS_CLIENT_CERTIFICATE;
  mechanism_class->start = sleek_sasl_external_start;
}

static void
sleek_sasl_external_init (SleekSaslExternal *self)
{
}
