/* tls-test-util.c: a self-signed certificate for the unit tests' servers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "tls-test-util.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <time.h>

GTlsCertificate *
tls_test_make_certificate (const char *name)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t crt_pem = { NULL, 0 }, key_pem = { NULL, 0 };
  const unsigned char serial[] = { 0x42 };
  time_t now = time (NULL);
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 86400), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, name, strlen (name)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, name, strlen (name),
                                                         GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &key_pem),
                   ==, 0);
  pem = g_strdup_printf ("%.*s%.*s", (int) crt_pem.size, crt_pem.data, (int) key_pem.size, key_pem.data);
  gnutls_free (crt_pem.data);
  gnutls_free (key_pem.data);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);
  return certificate;
}
