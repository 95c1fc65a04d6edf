/* fuzz-scram.c: the SCRAM client (RFC 5802, RFC 7677) fed the server's
 * messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: one selector byte, then the server-first message, a NUL byte,
 * and the server-final message (which may hold more NULs).
 *
 * Selector bit 0 picks the exchange of RFC 5802 (SCRAM-SHA-1) or RFC 7677
 * (SCRAM-SHA-256): its user, client nonce, and the client and server
 * keys the RFC derives from its salt and iteration count. No password is
 * set, so PBKDF2 never runs: a server-first message with another salt or
 * count fails for want of credentials, as the real client does when its
 * stored keys do not fit. Bit 1 sends the server-final message as a
 * challenge (then an empty <success/>) instead of as the data of
 * <success/>.
 *
 * Fed the RFC's own server-first message, the client must answer with
 * the RFC's client-final message, and accept the RFC's server-final one.
 */
#include "fuzz-common.h"

#include "sleek-private.h"
#include "sasl/sleek-sasl-private.h"

#include <string.h>

typedef struct {
  const char *mechanism;
  const char *nonce;
  const char *salt;
  const char *client_key;
  const char *server_key;
  const char *server_first;
  const char *client_final;
  const char *server_final;
} Exchange;

static const Exchange exchanges[] = {
  {
    "SCRAM-SHA-1", "fyko+d2lbbFgONRv9qkxdawL", "QSXCR+Q6sek8bf92",
    "4jTEe/bDZpbdbYUrmaqiuiZVVyg=", "D+CSWLOshSulAsxiupA+qs2/fTE=",
    "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
  },
  {
    "SCRAM-SHA-256", "rOprNGfwEbeRWgbNEkqO", "W22ZaJ0SNY7soEsUEjb6gQ==",
    "pg/JI9Z+hkSpLRa5btpe9GVrDHJcSEN0viVTVXaZbos=", "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
  },
};

static GMainContext *context;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_common_init ();
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  return 0;
}

static GBytes *
decode (const char *base64)
{
  gsize len = 0;
  guchar *data = g_base64_decode (base64, &len);

  return g_bytes_new_take (data, len);
}

static void
got_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  return *slot;
}

static GBytes *
run_start (SleekSaslMechanism *mechanism, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_sasl_mechanism_start_async (mechanism, NULL, got_result, &result);
  return sleek_sasl_mechanism_start_finish (mechanism, wait_for (&result), error);
}

static GBytes *
run_step (SleekSaslMechanism *mechanism, GBytes *challenge, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_sasl_mechanism_step_async (mechanism, challenge, NULL, got_result, &result);
  return sleek_sasl_mechanism_step_finish (mechanism, wait_for (&result), error);
}

static gboolean
bytes_are (GBytes *bytes, const char *text)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return len == strlen (text) && memcmp (data, text, len) == 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const Exchange *exchange;
  gboolean final_as_challenge;
  const uint8_t *separator;
  g_autoptr(SleekSaslMechanism) mechanism = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) client_key = NULL;
  g_autoptr(GBytes) server_key = NULL;
  g_autoptr(GBytes) server_first = NULL;
  g_autoptr(GBytes) server_final = NULL;
  g_autoptr(GBytes) client_first = NULL;
  g_autoptr(GBytes) client_final = NULL;
  g_autoptr(GBytes) last = NULL;
  g_autoptr(GError) error = NULL;
  gboolean verified;
  gboolean rfc_exchange;

  if (size < 1)
    return 0;
  exchange = &exchanges[data[0] & 1];
  final_as_challenge = (data[0] & 2) != 0;
  data++;
  size--;
  separator = memchr (data, '\0', size);
  if (separator != NULL)
    {
      server_first = g_bytes_new (data, separator - data);
      server_final = g_bytes_new (separator + 1, size - (separator - data) - 1);
    }
  else
    {
      server_first = g_bytes_new (data, size);
      server_final = g_bytes_new (NULL, 0);
    }

  mechanism = sleek_sasl_mechanism_new (exchange->mechanism, NULL);
  g_assert_nonnull (mechanism);
  sleek_sasl_mechanism_set_username (mechanism, "user");
  sleek_sasl_scram_set_client_nonce (SLEEK_SASL_SCRAM (mechanism), exchange->nonce);
  salt = decode (exchange->salt);
  client_key = decode (exchange->client_key);
  server_key = decode (exchange->server_key);
  sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (mechanism), client_key, server_key, salt, 4096);

  client_first = run_start (mechanism, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client_first);

  client_final = run_step (mechanism, server_first, &error);
  rfc_exchange = bytes_are (server_first, exchange->server_first);
  if (rfc_exchange)
    {
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (client_final, NULL), g_bytes_get_size (client_final),
                       exchange->client_final, strlen (exchange->client_final));
    }
  if (client_final == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      /* The run failed: nothing the server says now may make it succeed. */
      g_clear_error (&error);
      g_assert_false (sleek_sasl_mechanism_verify_success (mechanism, server_final, &error));
      g_assert_nonnull (error);
      return 0;
    }

  if (final_as_challenge)
    {
      last = run_step (mechanism, server_final, &error);
      if (last == NULL)
        {
          g_assert_nonnull (error);
          g_clear_error (&error);
          g_assert_false (sleek_sasl_mechanism_verify_success (mechanism, NULL, &error));
          g_assert_nonnull (error);
          return 0;
        }
      g_assert_cmpuint (g_bytes_get_size (last), ==, 0);
      verified = sleek_sasl_mechanism_verify_success (mechanism, NULL, &error);
    }
  else
    {
      verified = sleek_sasl_mechanism_verify_success (mechanism, server_final, &error);
    }
  g_assert_true (verified == (error == NULL));
  if (rfc_exchange && bytes_are (server_final, exchange->server_final))
    g_assert_true (verified);
  if (verified)
    {
      /* Only the server that knows the keys can sign, and the keys kept
       * are the ones the exchange used. */
      g_assert_true (g_bytes_equal (sleek_sasl_scram_get_client_key (SLEEK_SASL_SCRAM (mechanism)), client_key));
      g_assert_true (g_bytes_equal (sleek_sasl_scram_get_salt (SLEEK_SASL_SCRAM (mechanism)), salt));
    }
  return 0;
}
