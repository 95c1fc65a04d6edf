/* test-sasl.c: the SASL mechanisms, SCRAM vectors, channel binding, choice and SASLprep
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * SCRAM vectors: RFC 5802 section 5 (SCRAM-SHA-1) and RFC 7677 section 3
 * (SCRAM-SHA-256). The others (SCRAM-SHA-512, -PLUS, authzid, the `y`
 * flag, other iteration counts) were computed offline with Python's
 * hashlib.pbkdf2_hmac and hmac, an implementation independent of this one.
 */
#include <sleek/sleek.h>

#include "sasl/sleek-sasl-private.h"

#include <string.h>

/* A TLS connection without TLS: it reports a protocol version, channel
 * binding data per type and a client certificate, which is all the
 * mechanisms ask of one. */

#define TEST_TYPE_FAKE_TLS (test_fake_tls_get_type ())
G_DECLARE_FINAL_TYPE (TestFakeTls, test_fake_tls, TEST, FAKE_TLS, GTlsConnection)

#define TEST_TYPE_FAKE_CERT (test_fake_cert_get_type ())
G_DECLARE_FINAL_TYPE (TestFakeCert, test_fake_cert, TEST, FAKE_CERT, GTlsCertificate)

struct _TestFakeTls
{
  GTlsConnection parent_instance;

  GTlsProtocolVersion version;
  GBytes *binding[G_TLS_CHANNEL_BINDING_TLS_EXPORTER + 1];
  GTlsCertificate *certificate;
  GInputStream *input;
  GOutputStream *output;
};

struct _TestFakeCert
{
  GTlsCertificate parent_instance;
};

G_DEFINE_FINAL_TYPE (TestFakeTls, test_fake_tls, G_TYPE_TLS_CONNECTION)
G_DEFINE_FINAL_TYPE (TestFakeCert, test_fake_cert, G_TYPE_TLS_CERTIFICATE)

/* Takes over every property @owner defines, so that the abstract parent's
 * property handlers (which only warn) are never called. */
static void
override_properties (GObjectClass *klass, GType owner)
{
  GObjectClass *owner_class = g_type_class_ref (owner);
  guint n_specs;
  GParamSpec **specs = g_object_class_list_properties (owner_class, &n_specs);
  guint id = 1;

  for (guint i = 0; i < n_specs; i++)
    if (specs[i]->owner_type == owner)
      g_object_class_override_property (klass, id++, specs[i]->name);
  g_free (specs);
  g_type_class_unref (owner_class);
}

static void
ignore_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
}

static void
test_fake_tls_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TestFakeTls *self = TEST_FAKE_TLS (object);

  if (g_str_equal (pspec->name, "protocol-version"))
    g_value_set_enum (value, self->version);
  else if (g_str_equal (pspec->name, "certificate"))
    g_value_set_object (value, self->certificate);
  /* Anything else keeps its zero value. */
}

static GInputStream *
test_fake_tls_get_input_stream (GIOStream *stream)
{
  return TEST_FAKE_TLS (stream)->input;
}

static GOutputStream *
test_fake_tls_get_output_stream (GIOStream *stream)
{
  return TEST_FAKE_TLS (stream)->output;
}

static gboolean
test_fake_tls_close (GIOStream *stream, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static gboolean
test_fake_tls_get_binding_data (GTlsConnection          *conn,
                                GTlsChannelBindingType   type,
                                GByteArray              *data,
                                GError                 **error)
{
  TestFakeTls *self = TEST_FAKE_TLS (conn);
  GBytes *bytes = self->binding[type];

  if (bytes == NULL)
    {
      g_set_error_literal (error, G_TLS_CHANNEL_BINDING_ERROR, G_TLS_CHANNEL_BINDING_ERROR_NOT_AVAILABLE,
                           "not in this fake");
      return FALSE;
    }
  if (data != NULL)
    g_byte_array_append (data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return TRUE;
}

static void
test_fake_tls_finalize (GObject *object)
{
  TestFakeTls *self = TEST_FAKE_TLS (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->binding); i++)
    g_clear_pointer (&self->binding[i], g_bytes_unref);
  g_clear_object (&self->certificate);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  G_OBJECT_CLASS (test_fake_tls_parent_class)->finalize (object);
}

static void
test_fake_tls_class_init (TestFakeTlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);
  GTlsConnectionClass *tls_class = G_TLS_CONNECTION_CLASS (klass);

  object_class->finalize = test_fake_tls_finalize;
  object_class->get_property = test_fake_tls_get_property;
  object_class->set_property = ignore_set_property;
  stream_class->get_input_stream = test_fake_tls_get_input_stream;
  stream_class->get_output_stream = test_fake_tls_get_output_stream;
  stream_class->close_fn = test_fake_tls_close;
  tls_class->get_binding_data = test_fake_tls_get_binding_data;
  override_properties (object_class, G_TYPE_TLS_CONNECTION);
}

static void
test_fake_tls_init (TestFakeTls *self)
{
  self->input = g_memory_input_stream_new ();
  self->output = g_memory_output_stream_new_resizable ();
}

static void
test_fake_cert_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
}

static void
test_fake_cert_class_init (TestFakeCertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_fake_cert_get_property;
  object_class->set_property = ignore_set_property;
  override_properties (object_class, G_TYPE_TLS_CERTIFICATE);
}

static void
test_fake_cert_init (TestFakeCert *self)
{
}

static GBytes *
bytes_s (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
bytes_b64 (const char *base64)
{
  gsize len;
  guchar *data = g_base64_decode (base64, &len);

  return g_bytes_new_take (data, len);
}

/* A fake TLS connection of @version, with data for the binding types named
 * ("unique", "end-point", "exporter") whose text is given. */
static GTlsConnection *
fake_tls_new (GTlsProtocolVersion version,
              const char         *unique,
              const char         *end_point,
              const char         *exporter,
              gboolean            with_certificate)
{
  TestFakeTls *self = g_object_new (TEST_TYPE_FAKE_TLS, NULL);

  self->version = version;
  if (unique != NULL)
    self->binding[G_TLS_CHANNEL_BINDING_TLS_UNIQUE] = bytes_s (unique);
  if (end_point != NULL)
    self->binding[G_TLS_CHANNEL_BINDING_TLS_SERVER_END_POINT] = bytes_s (end_point);
  if (exporter != NULL)
    self->binding[G_TLS_CHANNEL_BINDING_TLS_EXPORTER] = bytes_s (exporter);
  if (with_certificate)
    self->certificate = g_object_new (TEST_TYPE_FAKE_CERT, NULL);
  return G_TLS_CONNECTION (self);
}

/* Fixture: a private main context for each test */

typedef struct {
  GMainContext *context;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  /* Let finished tasks drop their references. */
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_clear_pointer (&f->context, g_main_context_unref);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("an asynchronous SASL operation did not complete in time");
  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default context until *@slot is set, for at most
 * 60 seconds (valgrind included). */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  GSource *timeout = g_timeout_source_new_seconds (60);

  g_source_set_callback (timeout, timed_out, NULL, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  while (*slot == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  return *slot;
}

static GBytes *
start (SleekSaslMechanism *mechanism, GError **error)
{
  GAsyncResult *result = NULL;
  GBytes *response;

  sleek_sasl_mechanism_start_async (mechanism, NULL, store_result, &result);
  response = sleek_sasl_mechanism_start_finish (mechanism, wait_for (&result), error);
  g_object_unref (result);
  return response;
}

static GBytes *
step_bytes (SleekSaslMechanism *mechanism, GBytes *challenge, GCancellable *cancellable, GError **error)
{
  GAsyncResult *result = NULL;
  GBytes *response;

  sleek_sasl_mechanism_step_async (mechanism, challenge, cancellable, store_result, &result);
  response = sleek_sasl_mechanism_step_finish (mechanism, wait_for (&result), error);
  g_object_unref (result);
  return response;
}

static GBytes *
step (SleekSaslMechanism *mechanism, const char *challenge, GError **error)
{
  g_autoptr(GBytes) bytes = bytes_s (challenge);

  return step_bytes (mechanism, bytes, NULL, error);
}

static gboolean
verify (SleekSaslMechanism *mechanism, const char *additional_data, GError **error)
{
  g_autoptr(GBytes) bytes = additional_data != NULL ? bytes_s (additional_data) : NULL;

  return sleek_sasl_mechanism_verify_success (mechanism, bytes, error);
}

static char *
bytes_dup_text (GBytes *bytes)
{
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_bytes_text (GBytes *bytes, const char *expected)
{
  gsize len;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, strlen (expected));
}

static void
assert_bytes_mem (GBytes *bytes, const void *expected, gsize expected_len)
{
  gsize len;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, expected_len);
}

static void
assert_bytes_b64 (GBytes *bytes, const char *base64)
{
  g_autoptr(GBytes) expected = bytes_b64 (base64);

  g_assert_nonnull (bytes);
  g_assert_true (g_bytes_equal (bytes, expected));
}

/* The RFC 5802 section 5 example. */
#define RFC5802_NONCE        "fyko+d2lbbFgONRv9qkxdawL"
#define RFC5802_CLIENT_FIRST "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"
#define RFC5802_SERVER_NONCE "fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j"
#define RFC5802_SALT         "QSXCR+Q6sek8bf92"
#define RFC5802_SERVER_FIRST "r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096"
#define RFC5802_CLIENT_FINAL "c=biws,r=" RFC5802_SERVER_NONCE ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
#define RFC5802_SERVER_FINAL "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="
#define RFC5802_CLIENT_KEY   "4jTEe/bDZpbdbYUrmaqiuiZVVyg="
#define RFC5802_SERVER_KEY   "D+CSWLOshSulAsxiupA+qs2/fTE="

/* The RFC 7677 section 3 example. */
#define RFC7677_NONCE        "rOprNGfwEbeRWgbNEkqO"
#define RFC7677_CLIENT_FIRST "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
#define RFC7677_SERVER_NONCE "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC7677_SALT         "W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC7677_SERVER_FIRST "r=" RFC7677_SERVER_NONCE ",s=" RFC7677_SALT ",i=4096"
#define RFC7677_CLIENT_FINAL "c=biws,r=" RFC7677_SERVER_NONCE ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC7677_SERVER_FINAL "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
#define RFC7677_CLIENT_KEY   "pg/JI9Z+hkSpLRa5btpe9GVrDHJcSEN0viVTVXaZbos="
#define RFC7677_SERVER_KEY   "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="

static SleekSaslMechanism *
scram_new (const char *name, const char *nonce)
{
  SleekSaslMechanism *mechanism = sleek_sasl_mechanism_new (name, NULL);

  g_assert_nonnull (mechanism);
  g_assert_true (SLEEK_IS_SASL_SCRAM (mechanism));
  sleek_sasl_mechanism_set_username (mechanism, "user");
  sleek_sasl_mechanism_set_password (mechanism, "pencil");
  if (nonce != NULL)
    sleek_sasl_scram_set_client_nonce (SLEEK_SASL_SCRAM (mechanism), nonce);
  return mechanism;
}

/* Runs a whole exchange and checks each client message exactly. */
static void
exchange (SleekSaslMechanism *mechanism,
          const char         *client_first,
          const char         *server_first,
          const char         *client_final,
          const char         *server_final)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  first = start (mechanism, &error);
  g_assert_no_error (error);
  assert_bytes_text (first, client_first);
  final = step (mechanism, server_first, &error);
  g_assert_no_error (error);
  assert_bytes_text (final, client_final);
  g_assert_true (verify (mechanism, server_final, &error));
  g_assert_no_error (error);
}

/* Starts an RFC 5802 run and answers @server_first; returns the error. */
static GError *
scram_sha1_error_after (const char *server_first)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;
  GError *error = NULL;

  first = start (m, &error);
  g_assert_no_error (error);
  final = step (m, server_first, &error);
  g_assert_null (final);
  g_assert_nonnull (error);
  return error;
}

/* Runs RFC 5802 up to the client-final message. */
static SleekSaslMechanism *
scram_sha1_until_final (void)
{
  SleekSaslMechanism *m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  first = start (m, &error);
  g_assert_no_error (error);
  final = step (m, RFC5802_SERVER_FIRST, &error);
  g_assert_no_error (error);
  assert_bytes_text (final, RFC5802_CLIENT_FINAL);
  return m;
}

/* The client-first message's GS2 header, up to "n=". */
static char *
gs2_header_of (SleekSaslMechanism *m)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);
  gsize len;
  const char *data;
  const char *bare;

  g_assert_no_error (error);
  data = g_bytes_get_data (first, &len);
  bare = g_strstr_len (data, len, "n=user,");
  g_assert_nonnull (bare);
  return g_strndup (data, bare - data);
}

/* The c= attribute of the client-final message, decoded. */
static GBytes *
cbind_of (SleekSaslMechanism *m, const char *server_first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) final = step (m, server_first, &error);
  g_autofree char *text = NULL;
  char *comma;

  g_assert_no_error (error);
  text = bytes_dup_text (final);
  g_assert_true (g_str_has_prefix (text, "c="));
  comma = strchr (text, ',');
  g_assert_nonnull (comma);
  *comma = '\0';
  return bytes_b64 (text + 2);
}

/* SCRAM: the vectors */

static void
test_scram_sha1_rfc5802 (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);

  exchange (m, RFC5802_CLIENT_FIRST, RFC5802_SERVER_FIRST, RFC5802_CLIENT_FINAL, RFC5802_SERVER_FINAL);
}

static void
test_scram_sha256_rfc7677 (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-256", RFC7677_NONCE);

  exchange (m, RFC7677_CLIENT_FIRST, RFC7677_SERVER_FIRST, RFC7677_CLIENT_FINAL, RFC7677_SERVER_FINAL);
}

static void
test_scram_sha512 (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-512", RFC7677_NONCE);
  SleekSaslScram *scram = SLEEK_SASL_SCRAM (m);

  exchange (m, RFC7677_CLIENT_FIRST, RFC7677_SERVER_FIRST,
            "c=biws,r=" RFC7677_SERVER_NONCE
            ",p=gMGXRcevScNtxZ6/8lQYpGtnsNAc3mGcmNomv+xnoOMw+3R2xNJdMNnzMlTN8PPC6wdp6dybEmDYXYTxwnYPJQ==",
            "v=ZQnYEgWQMFmmsM8aQMF0nDDCy/AgCzkwk8CmMZYcMg0vSVlKDanekLtifDSeVGT4+5ZxXnJq199RVG2rR7N7Zw==");
  assert_bytes_b64 (sleek_sasl_scram_get_client_key (scram),
                    "+B2BpsBGfb2VeIXp86A4epnpiRcQd/w7jRNLcQkHxCSRe2JPiFo2Z4OHYoWKiTpPzjkEOqV/oHOIpaqm/brJIA==");
  assert_bytes_b64 (sleek_sasl_scram_get_server_key (scram),
                    "jZHbYjC1aHh0/hKbxyBuGFjDrgjgKTT1esA7awWiKcRZ0o/0b1yWEebBeSVkkCFewf91nLDfKF24mvD5nmE6rA==");
}

static void
test_scram_sha256_plus_vector (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-256-PLUS", RFC7677_NONCE);
  guint8 cb[32];
  g_autoptr(GBytes) cb_bytes = NULL;

  for (guint i = 0; i < sizeof cb; i++)
    cb[i] = i;
  cb_bytes = g_bytes_new (cb, sizeof cb);
  sleek_sasl_mechanism_set_channel_binding_type (m, SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER);
  sleek_sasl_mechanism_set_channel_binding_data (m, cb_bytes);
  sleek_sasl_mechanism_set_server_offers_plus (m, TRUE);
  exchange (m, "p=tls-exporter,,n=user,r=" RFC7677_NONCE, RFC7677_SERVER_FIRST,
            "c=cD10bHMtZXhwb3J0ZXIsLAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f,r=" RFC7677_SERVER_NONCE
            ",p=QC6CS20quADQRb3mT99YUH+n3VJxUvzuK0K0E1Vrs2M=",
            "v=2GiAgapEppLVlUXbxUDksL3VgYHzuqiK5tR4mhJGgvs=");
}

static void
test_scram_authzid (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);

  sleek_sasl_mechanism_set_authzid (m, "juliet@example.com");
  exchange (m, "n,a=juliet@example.com,n=user,r=" RFC5802_NONCE, RFC5802_SERVER_FIRST,
            "c=bixhPWp1bGlldEBleGFtcGxlLmNvbSw=,r=" RFC5802_SERVER_NONCE ",p=wF3UVBHzQ3wfqvnwKRSSshfn+Pg=",
            "v=LVdTaqzyNZsTTtqJTpvrqCmGO9k=");
}

static void
test_scram_authzid_escaped (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autofree char *header = NULL;

  sleek_sasl_mechanism_set_authzid (m, "a,b=c");
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "n,a=a=2Cb=3Dc,");
}

static void
test_scram_username_escaped (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;

  sleek_sasl_mechanism_set_username (m, "a=b,c");
  first = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_text (first, "n,,n=a=3Db=2Cc,r=" RFC5802_NONCE);
}

static void
test_scram_username_saslprep (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;

  /* Soft hyphen removed, no-break space mapped to a space, NFKC. */
  sleek_sasl_mechanism_set_username (m, "u\xc2\xads\xc2\xa0\xef\xac\x81");
  first = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_text (first, "n,,n=us fi,r=" RFC5802_NONCE);
}

static void
test_scram_password_saslprep (Fixture *f, gconstpointer data)
{
  /* U+2168 ROMAN NUMERAL NINE and I<SOFT HYPHEN>X both prepare to "IX". */
  const char *passwords[] = { "IX", "\xe2\x85\xa8", "I\xc2\xadX" };

  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);

      sleek_sasl_mechanism_set_password (m, passwords[i]);
      exchange (m, RFC5802_CLIENT_FIRST, RFC5802_SERVER_FIRST,
                "c=biws,r=" RFC5802_SERVER_NONCE ",p=LwdhH5xY322gXvSHctonEypmUfA=",
                "v=IGCjlFWdF74+YD+YPpH+Nwc7vGs=");
    }
}

static void
test_scram_server_final_as_challenge (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty = NULL;

  empty = step (m, RFC5802_SERVER_FINAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
  g_assert_true (verify (m, NULL, &error));
  g_assert_no_error (error);
}

static void
test_scram_server_final_twice (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty = NULL;

  /* v= as a challenge and again in <success/>: both are checked. */
  empty = step (m, RFC5802_SERVER_FINAL, &error);
  g_assert_no_error (error);
  g_assert_false (verify (m, "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=", &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
}

static void
test_scram_server_final_extensions (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;

  g_assert_true (verify (m, RFC5802_SERVER_FINAL ",x=future", &error));
  g_assert_no_error (error);
}

static void
test_scram_names (Fixture *f, gconstpointer data)
{
  const struct {
    const char *name;
    gboolean plus;
  } names[] = {
    { "SCRAM-SHA-1", FALSE }, { "SCRAM-SHA-256", FALSE }, { "SCRAM-SHA-512", FALSE },
    { "SCRAM-SHA-1-PLUS", TRUE }, { "SCRAM-SHA-256-PLUS", TRUE }, { "SCRAM-SHA-512-PLUS", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new (names[i].name, NULL);
      g_autofree char *name = NULL;
      SleekSaslMechanismFlags flags;

      g_assert_true (SLEEK_IS_SASL_SCRAM (m));
      g_assert_cmpstr (sleek_sasl_mechanism_get_name (m), ==, names[i].name);
      g_object_get (m, "name", &name, NULL);
      g_assert_cmpstr (name, ==, names[i].name);
      flags = sleek_sasl_mechanism_get_flags (m);
      g_assert_true (flags & SLEEK_SASL_MECHANISM_NEEDS_PASSWORD);
      g_assert_true (flags & SLEEK_SASL_MECHANISM_MUTUAL);
      g_assert_false (flags & SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION);
      g_assert_cmpint (!!(flags & SLEEK_SASL_MECHANISM_NEEDS_CHANNEL_BINDING), ==, names[i].plus);
    }
}

static void
test_scram_random_nonce (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) a = scram_new ("SCRAM-SHA-1", NULL);
  g_autoptr(SleekSaslMechanism) b = scram_new ("SCRAM-SHA-1", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first_a = start (a, &error);
  g_autoptr(GBytes) first_b = start (b, &error);
  g_autofree char *text_a = bytes_dup_text (first_a);
  g_autofree char *text_b = bytes_dup_text (first_b);
  const char *nonce_a, *nonce_b;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text_a, "n,,n=user,r="));
  nonce_a = text_a + strlen ("n,,n=user,r=");
  nonce_b = text_b + strlen ("n,,n=user,r=");
  g_assert_cmpuint (strlen (nonce_a), ==, 24);
  g_assert_null (strchr (nonce_a, ','));
  g_assert_cmpstr (nonce_a, !=, nonce_b);
  for (const char *p = nonce_a; *p != '\0'; p++)
    g_assert_true (*p >= 0x21 && *p <= 0x7e);
}

/* SCRAM: the server's first message */

static void
test_scram_nonce_not_extended (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) other = scram_sha1_error_after ("r=XXXX+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=" RFC5802_SALT ",i=4096");
  g_autoptr(GError) same = scram_sha1_error_after ("r=" RFC5802_NONCE ",s=" RFC5802_SALT ",i=4096");
  g_autoptr(GError) shorter = scram_sha1_error_after ("r=fyko,s=" RFC5802_SALT ",i=4096");
  g_autoptr(GError) empty = scram_sha1_error_after ("r=,s=" RFC5802_SALT ",i=4096");
  g_autoptr(GError) space = scram_sha1_error_after ("r=" RFC5802_NONCE " x,s=" RFC5802_SALT ",i=4096");

  g_assert_error (other, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_assert_error (same, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_assert_error (shorter, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_assert_error (empty, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_assert_error (space, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_bad_salt (Fixture *f, gconstpointer data)
{
  const char *salts[] = { "QSXCR+Q6sek8bf9", "QSXCR+Q6sek8bf9!", "QSX=R+Q6sek8bf92", "====", "", "QSXCR+Q6sek8bf9===",
                          "W22ZaJ0SNY7soEsUEjb6gR==", "QSXCR+Q6sek8bf92\n" };

  for (guint i = 0; i < G_N_ELEMENTS (salts); i++)
    {
      g_autofree char *server_first = g_strdup_printf ("r=" RFC5802_SERVER_NONCE ",s=%s,i=4096", salts[i]);
      g_autoptr(GError) error = scram_sha1_error_after (server_first);

      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
    }
}

static void
test_scram_missing_attributes (Fixture *f, gconstpointer data)
{
  const char *messages[] = {
    "r=" RFC5802_SERVER_NONCE ",i=4096",
    "r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT,
    "r=" RFC5802_SERVER_NONCE,
    "s=" RFC5802_SALT ",i=4096",
    "s=" RFC5802_SALT ",r=" RFC5802_SERVER_NONCE ",i=4096",
    "r=" RFC5802_SERVER_NONCE ",i=4096,s=" RFC5802_SALT,
    "r=" RFC5802_SERVER_NONCE ",,s=" RFC5802_SALT ",i=4096",
    "r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096,",
    "garbage",
    ",",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(GError) error = scram_sha1_error_after (messages[i]);

      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
    }
}

static void
test_scram_iterations_too_low (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) low = scram_sha1_error_after ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4095");
  g_autoptr(GError) one = scram_sha1_error_after ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=1");

  g_assert_error (low, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK);
  g_assert_error (one, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK);
}

static void
test_scram_iterations_too_high (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) high = scram_sha1_error_after ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=10000001");
  g_autoptr(GError) huge = scram_sha1_error_after ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4294967296");
  g_autoptr(GError) overflow = scram_sha1_error_after ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=99999999999999999999");

  g_assert_error (high, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_assert_error (huge, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_assert_error (overflow, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_iterations_malformed (Fixture *f, gconstpointer data)
{
  const char *counts[] = { "", "0", "04096", "-4096", "+4096", "4096x", "40 96", "0x1000", "4096.0" };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *server_first = g_strdup_printf ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=%s", counts[i]);
      g_autoptr(GError) error = scram_sha1_error_after (server_first);

      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
    }
}

static void
test_scram_iterations_limits_accepted (Fixture *f, gconstpointer data)
{
  /* 5000 iterations: a valid count other than the RFC's. */
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);

  exchange (m, RFC5802_CLIENT_FIRST, "r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=5000",
            "c=biws,r=" RFC5802_SERVER_NONCE ",p=vEnzpzygf5RFKX6dtP9o4+f0+kw=",
            "v=YHUvDY/559XCAo+nKjxq/vyYjqI=");
  g_assert_cmpuint (sleek_sasl_scram_get_iterations (SLEEK_SASL_SCRAM (m)), ==, 5000);
}

static void
test_scram_mandatory_extension (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = scram_sha1_error_after ("m=something,r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096");

  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_optional_extension (Fixture *f, gconstpointer data)
{
  /* An extension after i= is part of AuthMessage, so the proof differs
   * from the RFC's; the exchange must still go through. */
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);
  g_autoptr(GBytes) final = step (m, RFC5802_SERVER_FIRST ",x=later", &error);
  g_autofree char *text = bytes_dup_text (final);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "c=biws,r=" RFC5802_SERVER_NONCE ",p="));
  g_assert_cmpstr (text, !=, RFC5802_CLIENT_FINAL);
}

static void
test_scram_server_first_binary (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);
  const char with_nul[] = "r=" RFC5802_SERVER_NONCE "\0,s=" RFC5802_SALT ",i=4096";
  g_autoptr(GBytes) challenge = g_bytes_new (with_nul, sizeof with_nul - 1);
  g_autoptr(GBytes) final = step_bytes (m, challenge, NULL, &error);

  g_assert_null (final);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_server_first_invalid_utf8 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = scram_sha1_error_after ("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096,x=\xff");

  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_empty_challenge (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = scram_sha1_error_after ("");

  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_server_error_first (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = scram_sha1_error_after ("e=unknown-user");

  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "unknown-user"));
}

/* SCRAM: the server's final message */

static void
test_scram_server_error_final (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = step (m, "e=invalid-proof", &error);

  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "invalid-proof"));
}

static void
test_scram_server_error_in_success (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;

  g_assert_false (verify (m, "e=invalid-encoding", &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INCORRECT_ENCODING);
  g_assert_nonnull (strstr (error->message, "invalid-encoding"));
}

static void
test_scram_server_error_codes (Fixture *f, gconstpointer data)
{
  const struct {
    const char *value;
    int code;
  } cases[] = {
    { "invalid-encoding", SLEEK_SASL_ERROR_INCORRECT_ENCODING },
    { "invalid-username-encoding", SLEEK_SASL_ERROR_INCORRECT_ENCODING },
    { "no-resources", SLEEK_SASL_ERROR_TEMPORARY_AUTH_FAILURE },
    { "channel-bindings-dont-match", SLEEK_SASL_ERROR_NOT_AUTHORIZED },
    { "server-does-support-channel-binding", SLEEK_SASL_ERROR_NOT_AUTHORIZED },
    { "other-error", SLEEK_SASL_ERROR_NOT_AUTHORIZED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strconcat ("e=", cases[i].value, NULL);

      g_assert_false (verify (m, text, &error));
      g_assert_error (error, SLEEK_SASL_ERROR, cases[i].code);
    }
}

static void
test_scram_wrong_signature (Fixture *f, gconstpointer data)
{
  const char *finals[] = {
    "v=rmF9pqV8S7suAoZWja4dJRkFsKA=",            /* one bit off */
    "v=rmF9pqV8S7suAoZWja4dJRkFsKR=",            /* not canonical */
    "v=rmF9pqV8S7suAoZWja4dJRkFsKQ",             /* not base64 */
    "v=rmF9pqV8S7suAoZWja4dJRkF",                /* too short */
    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", /* another exchange's */
    "v=",
    "x=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
  };

  for (guint i = 0; i < G_N_ELEMENTS (finals); i++)
    {
      g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
      g_autoptr(GError) error = NULL;

      g_assert_false (verify (m, finals[i], &error));
      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
    }
}

static void
test_scram_malformed_final (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;

  g_assert_false (verify (m, "garbage", &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_success_without_signature (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  g_assert_false (sleek_sasl_mechanism_verify_success (m, empty, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
}

static void
test_scram_success_too_early (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);

  g_assert_no_error (error);
  /* Even with a signature: there is nothing it could sign yet. */
  g_assert_false (verify (m, RFC5802_SERVER_FINAL, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
}

static void
test_scram_challenge_after_verified (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty = step (m, RFC5802_SERVER_FINAL, &error);
  g_autoptr(GBytes) again = NULL;

  g_assert_no_error (error);
  again = step (m, RFC5802_SERVER_FINAL, &error);
  g_assert_null (again);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

/* SCRAM: credentials */

static void
test_scram_no_username (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;

  sleek_sasl_mechanism_set_username (m, NULL);
  first = start (m, &error);
  g_assert_null (first);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
}

static void
test_scram_no_password (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  sleek_sasl_mechanism_set_password (m, NULL);
  first = start (m, &error);
  g_assert_no_error (error);
  final = step (m, RFC5802_SERVER_FIRST, &error);
  g_assert_null (final);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
}

static void
test_scram_prohibited_credentials (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) user = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(SleekSaslMechanism) pass = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(SleekSaslMechanism) empty = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  sleek_sasl_mechanism_set_username (user, "us\ber");
  first = start (user, &error);
  g_assert_null (first);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS);
  g_clear_error (&error);

  /* A password with a control character, and one that prepares to
   * nothing. */
  sleek_sasl_mechanism_set_password (pass, "pen\x7f" "cil");
  first = start (pass, &error);
  g_assert_no_error (error);
  final = step (pass, RFC5802_SERVER_FIRST, &error);
  g_assert_null (final);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS);
  g_clear_error (&error);
  g_clear_pointer (&first, g_bytes_unref);

  sleek_sasl_mechanism_set_password (empty, "\xc2\xad");
  first = start (empty, &error);
  g_assert_no_error (error);
  final = step (empty, RFC5802_SERVER_FIRST, &error);
  g_assert_null (final);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
}

static void
test_scram_keys_read_back (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-256", RFC7677_NONCE);
  SleekSaslScram *scram = SLEEK_SASL_SCRAM (m);
  g_autoptr(GBytes) salt = bytes_b64 (RFC7677_SALT);
  g_autoptr(GBytes) client_key = NULL;
  guint iterations = 0;

  g_assert_null (sleek_sasl_scram_get_client_key (scram));
  exchange (m, RFC7677_CLIENT_FIRST, RFC7677_SERVER_FIRST, RFC7677_CLIENT_FINAL, RFC7677_SERVER_FINAL);
  assert_bytes_b64 (sleek_sasl_scram_get_client_key (scram), RFC7677_CLIENT_KEY);
  assert_bytes_b64 (sleek_sasl_scram_get_server_key (scram), RFC7677_SERVER_KEY);
  g_assert_true (g_bytes_equal (sleek_sasl_scram_get_salt (scram), salt));
  g_assert_cmpuint (sleek_sasl_scram_get_iterations (scram), ==, 4096);

  g_object_get (m, "client-key", &client_key, "iterations", &iterations, NULL);
  assert_bytes_b64 (client_key, RFC7677_CLIENT_KEY);
  g_assert_cmpuint (iterations, ==, 4096);
}

static void
test_scram_keys_reuse (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) client_key = bytes_b64 (RFC5802_CLIENT_KEY);
  g_autoptr(GBytes) server_key = bytes_b64 (RFC5802_SERVER_KEY);
  g_autoptr(GBytes) salt = bytes_b64 (RFC5802_SALT);
  guint runs = sleek_sasl_scram_get_pbkdf2_runs ();

  /* No password at all: the run can only succeed without PBKDF2. */
  sleek_sasl_mechanism_set_password (m, NULL);
  sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (m), client_key, server_key, salt, 4096);
  exchange (m, RFC5802_CLIENT_FIRST, RFC5802_SERVER_FIRST, RFC5802_CLIENT_FINAL, RFC5802_SERVER_FINAL);
  g_assert_cmpuint (sleek_sasl_scram_get_pbkdf2_runs (), ==, runs);
}

static void
test_scram_keys_reuse_skips_pbkdf2 (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) first = scram_new ("SCRAM-SHA-256", RFC7677_NONCE);
  g_autoptr(SleekSaslMechanism) second = scram_new ("SCRAM-SHA-256", RFC7677_NONCE);
  SleekSaslScram *a = SLEEK_SASL_SCRAM (first);
  guint runs = sleek_sasl_scram_get_pbkdf2_runs ();

  /* A password run derives the keys once... */
  exchange (first, RFC7677_CLIENT_FIRST, RFC7677_SERVER_FIRST, RFC7677_CLIENT_FINAL, RFC7677_SERVER_FINAL);
  g_assert_cmpuint (sleek_sasl_scram_get_pbkdf2_runs (), ==, runs + 1);

  /* ...and a run with the keys read back does not, even with a wrong
   * password set. */
  sleek_sasl_mechanism_set_password (second, "not the password");
  sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (second), sleek_sasl_scram_get_client_key (a),
                             sleek_sasl_scram_get_server_key (a), sleek_sasl_scram_get_salt (a),
                             sleek_sasl_scram_get_iterations (a));
  exchange (second, RFC7677_CLIENT_FIRST, RFC7677_SERVER_FIRST, RFC7677_CLIENT_FINAL, RFC7677_SERVER_FINAL);
  g_assert_cmpuint (sleek_sasl_scram_get_pbkdf2_runs (), ==, runs + 1);
}

static void
test_scram_keys_mismatch_with_password (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  SleekSaslScram *scram = SLEEK_SASL_SCRAM (m);
  g_autoptr(GBytes) client_key = bytes_b64 (RFC5802_CLIENT_KEY);
  g_autoptr(GBytes) server_key = bytes_b64 (RFC5802_SERVER_KEY);
  g_autoptr(GBytes) salt = bytes_b64 (RFC5802_SALT);
  guint runs = sleek_sasl_scram_get_pbkdf2_runs ();

  /* The server raised the iteration count: the password is used, and the
   * new keys replace the old ones. */
  sleek_sasl_scram_set_keys (scram, client_key, server_key, salt, 4096);
  exchange (m, RFC5802_CLIENT_FIRST, "r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=5000",
            "c=biws,r=" RFC5802_SERVER_NONCE ",p=vEnzpzygf5RFKX6dtP9o4+f0+kw=",
            "v=YHUvDY/559XCAo+nKjxq/vyYjqI=");
  g_assert_cmpuint (sleek_sasl_scram_get_pbkdf2_runs (), ==, runs + 1);
  assert_bytes_b64 (sleek_sasl_scram_get_client_key (scram), "tUL1orBPylwE6bfXmrrv2eTx4Uw=");
  assert_bytes_b64 (sleek_sasl_scram_get_server_key (scram), "raCBrNfZ8OlZGW0u3g0s2IEwy6k=");
  g_assert_cmpuint (sleek_sasl_scram_get_iterations (scram), ==, 5000);
}

static void
test_scram_keys_mismatch_without_password (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) client_key = bytes_b64 (RFC5802_CLIENT_KEY);
  g_autoptr(GBytes) server_key = bytes_b64 (RFC5802_SERVER_KEY);
  g_autoptr(GBytes) other_salt = bytes_b64 ("AAAAAAAAAAAAAAAA");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  sleek_sasl_mechanism_set_password (m, NULL);
  sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (m), client_key, server_key, other_salt, 4096);
  first = start (m, &error);
  g_assert_no_error (error);
  final = step (m, RFC5802_SERVER_FIRST, &error);
  g_assert_null (final);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
}

static void
test_scram_keys_wrong_hash (Fixture *f, gconstpointer data)
{
  /* SHA-1 keys do not fit SCRAM-SHA-256, even with the same salt and
   * iteration count: the password is used instead. */
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-256", RFC7677_NONCE);
  g_autoptr(SleekSaslMechanism) without = scram_new ("SCRAM-SHA-256", RFC7677_NONCE);
  g_autoptr(GBytes) client_key = bytes_b64 (RFC5802_CLIENT_KEY);
  g_autoptr(GBytes) server_key = bytes_b64 (RFC5802_SERVER_KEY);
  g_autoptr(GBytes) salt = bytes_b64 (RFC7677_SALT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (m), client_key, server_key, salt, 4096);
  exchange (m, RFC7677_CLIENT_FIRST, RFC7677_SERVER_FIRST, RFC7677_CLIENT_FINAL, RFC7677_SERVER_FINAL);

  sleek_sasl_mechanism_set_password (without, NULL);
  sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (without), client_key, server_key, salt, 4096);
  first = start (without, &error);
  g_assert_no_error (error);
  final = step (without, RFC7677_SERVER_FIRST, &error);
  g_assert_null (final);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
}

static void
test_scram_keys_kept_on_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_sha1_until_final ();
  SleekSaslScram *scram = SLEEK_SASL_SCRAM (m);
  g_autoptr(GError) error = NULL;

  /* A server that cannot prove itself learns nothing it could read back,
   * and the application is not told to store anything. */
  g_assert_false (verify (m, "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=", &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
  g_assert_null (sleek_sasl_scram_get_client_key (scram));
  g_assert_null (sleek_sasl_scram_get_server_key (scram));
  g_assert_null (sleek_sasl_scram_get_salt (scram));
  g_assert_cmpuint (sleek_sasl_scram_get_iterations (scram), ==, 0);
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_scram_keys_notify (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  guint notified = 0;

  g_signal_connect (m, "notify::client-key", G_CALLBACK (count_notify), &notified);
  exchange (m, RFC5802_CLIENT_FIRST, RFC5802_SERVER_FIRST, RFC5802_CLIENT_FINAL, RFC5802_SERVER_FINAL);
  g_assert_cmpuint (notified, ==, 1);
}

/* SCRAM: the GS2 header and channel binding */

static void
test_gs2_n_without_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autofree char *header = NULL;

  /* No TLS: nothing to bind to, whatever the server offers. */
  sleek_sasl_mechanism_set_server_offers_plus (m, FALSE);
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "n,,");
}

static void
test_gs2_y_when_server_cannot_bind (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) cb = bytes_s ("binding data");

  sleek_sasl_mechanism_set_channel_binding_data (m, cb);
  exchange (m, "y,,n=user,r=" RFC5802_NONCE, RFC5802_SERVER_FIRST,
            "c=eSws,r=" RFC5802_SERVER_NONCE ",p=BjZF5dV+EkD3YCb3pH3IP8riMGw=",
            "v=dsprQ5R2AGYt1kn4bQRwTAE0PTU=");
}

static void
test_gs2_n_when_server_offers_plus (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) cb = bytes_s ("binding data");
  g_autofree char *header = NULL;

  sleek_sasl_mechanism_set_channel_binding_data (m, cb);
  sleek_sasl_mechanism_set_server_offers_plus (m, TRUE);
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "n,,");
}

static void
test_gs2_n_binding_turned_off (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) cb = bytes_s ("binding data");
  g_autofree char *header = NULL;

  sleek_sasl_mechanism_set_channel_binding_data (m, cb);
  sleek_sasl_mechanism_set_channel_binding_type (m, SLEEK_SASL_CHANNEL_BINDING_NONE);
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "n,,");
}

static void
test_gs2_y_over_tls13 (Fixture *f, gconstpointer data)
{
  /* Prosody 0.12 on TLS 1.3: SCRAM-SHA-1 only; the client can bind with
   * tls-exporter, so it says y. */
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, "EXPORTER", FALSE);
  g_autofree char *header = NULL;

  sleek_sasl_mechanism_set_tls_connection (m, tls);
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "y,,");
}

static void
test_gs2_n_when_tls_gives_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, FALSE);
  g_autofree char *header = NULL;

  sleek_sasl_mechanism_set_tls_connection (m, tls);
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "n,,");
}

static void
test_plus_without_binding (Fixture *f, gconstpointer data)
{
  const char *names[] = { "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-512-PLUS" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SleekSaslMechanism) plain = scram_new (names[i], NULL);
      g_autoptr(SleekSaslMechanism) empty = scram_new (names[i], NULL);
      g_autoptr(SleekSaslMechanism) off = scram_new (names[i], NULL);
      g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, FALSE);
      g_autoptr(GBytes) cb = bytes_s ("binding data");
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) first = NULL;

      /* Not encrypted. */
      first = start (plain, &error);
      g_assert_null (first);
      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE);
      g_clear_error (&error);

      /* Encrypted, but no binding data of any type. */
      sleek_sasl_mechanism_set_tls_connection (empty, tls);
      first = start (empty, &error);
      g_assert_null (first);
      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE);
      g_clear_error (&error);

      /* Turned off. */
      sleek_sasl_mechanism_set_channel_binding_data (off, cb);
      sleek_sasl_mechanism_set_channel_binding_type (off, SLEEK_SASL_CHANNEL_BINDING_NONE);
      first = start (off, &error);
      g_assert_null (first);
      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE);
    }
}

typedef struct {
  GTlsProtocolVersion version;
  const char *unique;
  const char *end_point;
  const char *exporter;
  SleekSaslChannelBinding requested;
  const char *header;       /* NULL: fails */
  const char *data;
} BindingCase;

static void
test_plus_binding_types (Fixture *f, gconstpointer data)
{
  const BindingCase cases[] = {
    /* Prosody 0.12 on TLS 1.2: tls-unique. */
    { G_TLS_PROTOCOL_VERSION_TLS_1_2, "UNIQUE", "END-POINT", "EXPORTER", SLEEK_SASL_CHANNEL_BINDING_AUTO, "p=tls-unique,,", "UNIQUE" },
    /* ejabberd on TLS 1.3: tls-exporter. */
    { G_TLS_PROTOCOL_VERSION_TLS_1_3, "UNIQUE", "END-POINT", "EXPORTER", SLEEK_SASL_CHANNEL_BINDING_AUTO, "p=tls-exporter,,", "EXPORTER" },
    { G_TLS_PROTOCOL_VERSION_UNKNOWN, "UNIQUE", "END-POINT", "EXPORTER", SLEEK_SASL_CHANNEL_BINDING_AUTO, "p=tls-server-end-point,,", "END-POINT" },
    /* The preferred type gives nothing: tls-server-end-point. */
    { G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, "END-POINT", NULL, SLEEK_SASL_CHANNEL_BINDING_AUTO, "p=tls-server-end-point,,", "END-POINT" },
    { G_TLS_PROTOCOL_VERSION_TLS_1_2, NULL, "END-POINT", "EXPORTER", SLEEK_SASL_CHANNEL_BINDING_AUTO, "p=tls-server-end-point,,", "END-POINT" },
    /* An explicit type is used as is, without falling back. */
    { G_TLS_PROTOCOL_VERSION_TLS_1_3, "UNIQUE", "END-POINT", "EXPORTER", SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE, "p=tls-unique,,", "UNIQUE" },
    { G_TLS_PROTOCOL_VERSION_TLS_1_2, "UNIQUE", "END-POINT", "EXPORTER", SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER, "p=tls-exporter,,", "EXPORTER" },
    { G_TLS_PROTOCOL_VERSION_TLS_1_2, "UNIQUE", "END-POINT", NULL, SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER, NULL, NULL },
    { G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, SLEEK_SASL_CHANNEL_BINDING_AUTO, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BindingCase *c = &cases[i];
      g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1-PLUS", RFC5802_NONCE);
      g_autoptr(GTlsConnection) tls = fake_tls_new (c->version, c->unique, c->end_point, c->exporter, FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) first = NULL;
      g_autoptr(GBytes) cbind = NULL;
      g_autofree char *expected_cbind = NULL;
      g_autofree char *expected_first = NULL;

      g_test_message ("binding case %u", i);
      sleek_sasl_mechanism_set_tls_connection (m, tls);
      sleek_sasl_mechanism_set_server_offers_plus (m, TRUE);
      sleek_sasl_mechanism_set_channel_binding_type (m, c->requested);
      first = start (m, &error);
      if (c->header == NULL)
        {
          g_assert_null (first);
          g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE);
          continue;
        }
      g_assert_no_error (error);
      expected_first = g_strconcat (c->header, "n=user,r=" RFC5802_NONCE, NULL);
      assert_bytes_text (first, expected_first);

      /* c= carries the GS2 header and the binding data. */
      cbind = cbind_of (m, RFC5802_SERVER_FIRST);
      expected_cbind = g_strconcat (c->header, c->data, NULL);
      assert_bytes_text (cbind, expected_cbind);
    }
}

static void
test_plus_binary_binding_data (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-256-PLUS", RFC7677_NONCE);
  const guint8 raw[] = { 0x00, 0xff, 0x2c, 0x3d, 0x00, 0x80 };
  g_autoptr(GBytes) cb = g_bytes_new (raw, sizeof raw);
  g_autoptr(GBytes) cbind = NULL;
  g_autofree char *header = NULL;
  guint8 expected[64];
  gsize header_len;

  sleek_sasl_mechanism_set_channel_binding_type (m, SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT);
  sleek_sasl_mechanism_set_channel_binding_data (m, cb);
  sleek_sasl_mechanism_set_authzid (m, "juliet@example.com");
  header = gs2_header_of (m);
  g_assert_cmpstr (header, ==, "p=tls-server-end-point,a=juliet@example.com,");
  cbind = cbind_of (m, RFC7677_SERVER_FIRST);
  header_len = strlen (header);
  memcpy (expected, header, header_len);
  memcpy (expected + header_len, raw, sizeof raw);
  assert_bytes_mem (cbind, expected, header_len + sizeof raw);
}

static void
test_channel_binding_properties (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new ("SCRAM-SHA-1-PLUS", NULL);
  g_autoptr(GBytes) cb = bytes_s ("x");
  g_autoptr(GBytes) same = bytes_s ("x");
  SleekSaslChannelBinding type;
  guint notified = 0;

  g_assert_cmpint (sleek_sasl_mechanism_get_channel_binding_type (m), ==, SLEEK_SASL_CHANNEL_BINDING_AUTO);
  g_assert_null (sleek_sasl_mechanism_get_channel_binding_data (m));
  g_signal_connect (m, "notify::channel-binding-data", G_CALLBACK (count_notify), &notified);
  sleek_sasl_mechanism_set_channel_binding_data (m, cb);
  sleek_sasl_mechanism_set_channel_binding_data (m, same);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (m, "channel-binding-type", SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE, NULL);
  g_object_get (m, "channel-binding-type", &type, NULL);
  g_assert_cmpint (type, ==, SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE);
}

/* SCRAM: the async contract */

static void
test_scram_cancel_before (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);
  g_autoptr(GBytes) challenge = bytes_s (RFC5802_SERVER_FIRST);
  g_autoptr(GBytes) final = NULL;
  g_autoptr(GBytes) again = NULL;

  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  final = step_bytes (m, challenge, cancellable, &error);
  g_assert_null (final);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A cancelled run is over. */
  again = step_bytes (m, challenge, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_scram_cancel_during_pbkdf2 (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-512", RFC7677_NONCE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);
  g_autoptr(GBytes) challenge = bytes_s ("r=" RFC7677_SERVER_NONCE ",s=" RFC7677_SALT ",i=1000000");
  GAsyncResult *result = NULL;
  g_autoptr(GBytes) final = NULL;

  g_assert_no_error (error);
  sleek_sasl_mechanism_step_async (m, challenge, cancellable, store_result, &result);
  /* PBKDF2 is running (or about to) in a worker; the run ends at once. */
  g_cancellable_cancel (cancellable);
  final = sleek_sasl_mechanism_step_finish (m, wait_for (&result), &error);
  g_object_unref (result);
  g_assert_null (final);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_pending (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GBytes) challenge = bytes_s (RFC5802_SERVER_FIRST);
  g_autoptr(GError) error = NULL;
  GAsyncResult *started = NULL;
  GAsyncResult *stepped = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) final = NULL;

  sleek_sasl_mechanism_start_async (m, NULL, store_result, &started);
  sleek_sasl_mechanism_step_async (m, challenge, NULL, store_result, &stepped);
  final = sleek_sasl_mechanism_step_finish (m, wait_for (&stepped), &error);
  g_assert_null (final);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_false (sleek_sasl_mechanism_verify_success (m, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  /* The refused operations did not disturb the pending one. */
  first = sleek_sasl_mechanism_start_finish (m, wait_for (&started), &error);
  g_assert_no_error (error);
  assert_bytes_text (first, RFC5802_CLIENT_FIRST);
  g_object_unref (started);
  g_object_unref (stepped);
  final = step (m, RFC5802_SERVER_FIRST, &error);
  g_assert_no_error (error);
  assert_bytes_text (final, RFC5802_CLIENT_FINAL);
}

static void
test_out_of_order (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  /* Before the start. */
  response = step (m, RFC5802_SERVER_FIRST, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (verify (m, RFC5802_SERVER_FINAL, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Started twice. */
  response = start (m, &error);
  g_assert_no_error (error);
  g_clear_pointer (&response, g_bytes_unref);
  response = start (m, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_after_success (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  exchange (m, RFC5802_CLIENT_FIRST, RFC5802_SERVER_FIRST, RFC5802_CLIENT_FINAL, RFC5802_SERVER_FINAL);
  response = step (m, RFC5802_SERVER_FINAL, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (verify (m, RFC5802_SERVER_FINAL, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

static void
test_after_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = scram_new ("SCRAM-SHA-1", RFC5802_NONCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = start (m, &error);
  g_autoptr(GBytes) response = NULL;

  g_assert_no_error (error);
  response = step (m, "r=bogus,s=" RFC5802_SALT ",i=4096", &error);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);
  /* Even the right message cannot revive the run. */
  response = step (m, RFC5802_SERVER_FIRST, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

/* PLAIN */

static SleekSaslMechanism *
plain_new (void)
{
  SleekSaslMechanism *m = sleek_sasl_mechanism_new ("PLAIN", NULL);

  g_assert_true (SLEEK_IS_SASL_PLAIN (m));
  sleek_sasl_mechanism_set_username (m, "juliet");
  sleek_sasl_mechanism_set_password (m, "r0m30myr0m30");
  return m;
}

static void
test_plain_refused_without_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = plain_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = start (m, &error);

  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_ENCRYPTION_REQUIRED);
  g_assert_true (sleek_sasl_mechanism_get_flags (m) & SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION);
}

static void
test_plain_allow_plaintext (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = plain_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  g_object_set (m, "allow-plaintext", TRUE, NULL);
  g_assert_true (sleek_sasl_mechanism_get_allow_plaintext (m));
  response = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_mem (response, "\0juliet\0r0m30myr0m30", 20);
  g_assert_true (verify (m, NULL, &error));
  g_assert_no_error (error);
}

static void
test_plain_over_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = plain_new ();
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  sleek_sasl_mechanism_set_tls_connection (m, tls);
  response = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_mem (response, "\0juliet\0r0m30myr0m30", 20);
  g_assert_true (sleek_sasl_mechanism_verify_success (m, empty, &error));
  g_assert_no_error (error);
}

static void
test_plain_authzid (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = plain_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  sleek_sasl_mechanism_set_allow_plaintext (m, TRUE);
  sleek_sasl_mechanism_set_authzid (m, "juliet@example.com/balcony");
  response = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_mem (response, "juliet@example.com/balcony\0juliet\0r0m30myr0m30", 46);
}

static void
test_plain_saslprep (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = plain_new ();
  g_autoptr(SleekSaslMechanism) bad = plain_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  sleek_sasl_mechanism_set_allow_plaintext (m, TRUE);
  sleek_sasl_mechanism_set_username (m, "I\xc2\xadX");
  sleek_sasl_mechanism_set_password (m, "\xe2\x85\xa8\xc2\xa0pw");
  response = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_mem (response, "\0IX\0IX pw", 9);

  sleek_sasl_mechanism_set_allow_plaintext (bad, TRUE);
  sleek_sasl_mechanism_set_password (bad, "a\x01" "b");
  g_clear_pointer (&response, g_bytes_unref);
  response = start (bad, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS);
}

static void
test_plain_missing_credentials (Fixture *f, gconstpointer data)
{
  const char *usernames[] = { NULL, "juliet", "", "juliet" };
  const char *passwords[] = { "pw", NULL, "pw", "" };

  for (guint i = 0; i < G_N_ELEMENTS (usernames); i++)
    {
      g_autoptr(SleekSaslMechanism) m = plain_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) response = NULL;

      sleek_sasl_mechanism_set_allow_plaintext (m, TRUE);
      sleek_sasl_mechanism_set_username (m, usernames[i]);
      sleek_sasl_mechanism_set_password (m, passwords[i]);
      response = start (m, &error);
      g_assert_null (response);
      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
    }
}

static void
test_plain_unexpected_messages (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) challenged = plain_new ();
  g_autoptr(SleekSaslMechanism) data_success = plain_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  sleek_sasl_mechanism_set_allow_plaintext (challenged, TRUE);
  response = start (challenged, &error);
  g_assert_no_error (error);
  g_clear_pointer (&response, g_bytes_unref);
  response = step (challenged, "what?", &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);

  sleek_sasl_mechanism_set_allow_plaintext (data_success, TRUE);
  response = start (data_success, &error);
  g_assert_no_error (error);
  g_assert_false (verify (data_success, "surprise", &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

/* ANONYMOUS and EXTERNAL */

static void
test_anonymous (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new ("ANONYMOUS", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  g_assert_true (SLEEK_IS_SASL_ANONYMOUS (m));
  g_assert_null (sleek_sasl_anonymous_get_trace (SLEEK_SASL_ANONYMOUS (m)));
  response = start (m, &error);
  g_assert_no_error (error);
  /* Empty, not absent: the stream feature sends "=". */
  g_assert_nonnull (response);
  g_assert_cmpuint (g_bytes_get_size (response), ==, 0);
  g_assert_true (verify (m, NULL, &error));
  g_assert_no_error (error);
}

static void
test_anonymous_trace (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new ("ANONYMOUS", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autofree char *trace = NULL;

  g_object_set (m, "trace", "sirhc@example.com", NULL);
  g_object_get (m, "trace", &trace, NULL);
  g_assert_cmpstr (trace, ==, "sirhc@example.com");
  response = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_text (response, "sirhc@example.com");
}

static void
test_anonymous_trace_length (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) ok = sleek_sasl_mechanism_new ("ANONYMOUS", NULL);
  g_autoptr(SleekSaslMechanism) too_long = sleek_sasl_mechanism_new ("ANONYMOUS", NULL);
  g_autoptr(GString) trace = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  /* 255 characters of two bytes each are fine; 256 are not. */
  for (guint i = 0; i < 255; i++)
    g_string_append (trace, "\xc3\xa9");
  sleek_sasl_anonymous_set_trace (SLEEK_SASL_ANONYMOUS (ok), trace->str);
  response = start (ok, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (response), ==, 510);

  g_string_append_c (trace, 'x');
  sleek_sasl_anonymous_set_trace (SLEEK_SASL_ANONYMOUS (too_long), trace->str);
  g_clear_pointer (&response, g_bytes_unref);
  response = start (too_long, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS);
}

static void
test_external (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new ("EXTERNAL", NULL);
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  g_assert_true (SLEEK_IS_SASL_EXTERNAL (m));
  sleek_sasl_mechanism_set_tls_connection (m, tls);
  response = start (m, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (g_bytes_get_size (response), ==, 0);
  g_assert_true (verify (m, NULL, &error));
  g_assert_no_error (error);
}

static void
test_external_authzid (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new ("EXTERNAL", NULL);
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_2, NULL, NULL, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  sleek_sasl_mechanism_set_tls_connection (m, tls);
  sleek_sasl_mechanism_set_authzid (m, "juliet@example.com");
  response = start (m, &error);
  g_assert_no_error (error);
  assert_bytes_text (response, "juliet@example.com");
}

static void
test_external_without_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) no_tls = sleek_sasl_mechanism_new ("EXTERNAL", NULL);
  g_autoptr(SleekSaslMechanism) no_cert = sleek_sasl_mechanism_new ("EXTERNAL", NULL);
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;

  response = start (no_tls, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
  g_clear_error (&error);

  sleek_sasl_mechanism_set_tls_connection (no_cert, tls);
  response = start (no_cert, &error);
  g_assert_null (response);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_CREDENTIALS);
}

/* Choosing */

#define ALL_OFFERED "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", \
                    "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS", "PLAIN", "EXTERNAL", "ANONYMOUS"

static void
test_choose_strongest_first (Fixture *f, gconstpointer data)
{
  /* Remove the winner each time: the order of strength appears. */
  const char *expected[] = {
    "SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS",
    "SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "EXTERNAL",
  };
  g_autoptr(GPtrArray) offered = g_ptr_array_new ();
  const char *all[] = { ALL_OFFERED };
  SleekSaslChoiceFlags flags = SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_CAN_BIND |
                               SLEEK_SASL_CHOICE_HAVE_PASSWORD | SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE;

  /* Reverse order, so that the order of the offer does not matter. */
  for (guint i = G_N_ELEMENTS (all); i > 0; i--)
    g_ptr_array_add (offered, (gpointer) all[i - 1]);
  g_ptr_array_add (offered, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *chosen = sleek_sasl_mechanism_choose ((const char * const *) offered->pdata, flags);

      g_assert_cmpstr (chosen, ==, expected[i]);
      for (guint j = 0; j + 1 < offered->len; j++)
        if (strcmp (offered->pdata[j], expected[i]) == 0)
          g_ptr_array_remove_index (offered, j);
    }
  /* ANONYMOUS is left, but the client has credentials. */
  g_assert_null (sleek_sasl_mechanism_choose ((const char * const *) offered->pdata, flags));
}

static void
test_choose_plus_needs_binding (Fixture *f, gconstpointer data)
{
  const char *offered[] = { ALL_OFFERED, NULL };

  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_HAVE_PASSWORD),
                   ==, "SCRAM-SHA-512");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_HAVE_PASSWORD),
                   ==, "SCRAM-SHA-512");
}

static void
test_choose_servers (Fixture *f, gconstpointer data)
{
  const char *prosody_tls12[] = { "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "PLAIN", NULL };
  const char *prosody_tls13[] = { "SCRAM-SHA-1", "PLAIN", NULL };
  const char *ejabberd[] = { "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "X-OAUTH2", NULL };
  SleekSaslChoiceFlags tls_bind = SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_CAN_BIND | SLEEK_SASL_CHOICE_HAVE_PASSWORD;
  SleekSaslChoiceFlags tls_only = SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_HAVE_PASSWORD;

  g_assert_cmpstr (sleek_sasl_mechanism_choose (prosody_tls12, tls_bind), ==, "SCRAM-SHA-1-PLUS");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (prosody_tls12, tls_only), ==, "SCRAM-SHA-1");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (prosody_tls13, tls_bind), ==, "SCRAM-SHA-1");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (ejabberd, tls_bind), ==, "SCRAM-SHA-1-PLUS");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (ejabberd, tls_only), ==, "SCRAM-SHA-1");
}

static void
test_choose_plain (Fixture *f, gconstpointer data)
{
  const char *offered[] = { "PLAIN", NULL };

  g_assert_null (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_HAVE_PASSWORD));
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_HAVE_PASSWORD | SLEEK_SASL_CHOICE_ENCRYPTED),
                   ==, "PLAIN");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_HAVE_PASSWORD | SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT),
                   ==, "PLAIN");
  g_assert_null (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_ENCRYPTED));
}

static void
test_choose_external (Fixture *f, gconstpointer data)
{
  const char *offered[] = { "PLAIN", "EXTERNAL", "SCRAM-SHA-1", NULL };
  const char *only_external[] = { "EXTERNAL", NULL };

  /* A certificate and no password: EXTERNAL. */
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE),
                   ==, "EXTERNAL");
  /* Both: the password mechanisms come first. */
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE |
                                                         SLEEK_SASL_CHOICE_HAVE_PASSWORD),
                   ==, "SCRAM-SHA-1");
  g_assert_null (sleek_sasl_mechanism_choose (only_external, SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_HAVE_PASSWORD));
}

static void
test_choose_anonymous (Fixture *f, gconstpointer data)
{
  const char *offered[] = { "ANONYMOUS", "SCRAM-SHA-1", "PLAIN", NULL };
  const char *only_anonymous[] = { "ANONYMOUS", NULL };

  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_ENCRYPTED), ==, "ANONYMOUS");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_NONE), ==, "ANONYMOUS");
  g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, SLEEK_SASL_CHOICE_HAVE_PASSWORD), ==, "SCRAM-SHA-1");
  g_assert_null (sleek_sasl_mechanism_choose (only_anonymous, SLEEK_SASL_CHOICE_HAVE_PASSWORD));
  g_assert_null (sleek_sasl_mechanism_choose (only_anonymous, SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE));
}

static void
test_choose_unknown (Fixture *f, gconstpointer data)
{
  const char *unknown[] = { "DIGEST-MD5", "CRAM-MD5", "X-OAUTH2", "SCRAM-SHA-224", "GSSAPI", NULL };
  const char *lower[] = { "scram-sha-1", "plain", "Scram-Sha-256", NULL };
  const char *none[] = { NULL };
  const char *duplicates[] = { "SCRAM-SHA-1", "SCRAM-SHA-1", "", "SCRAM-SHA-256", NULL };
  SleekSaslChoiceFlags all = SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_CAN_BIND | SLEEK_SASL_CHOICE_HAVE_PASSWORD;

  g_assert_null (sleek_sasl_mechanism_choose (unknown, all));
  g_assert_null (sleek_sasl_mechanism_choose (lower, all));
  g_assert_null (sleek_sasl_mechanism_choose (none, all));
  g_assert_cmpstr (sleek_sasl_mechanism_choose (duplicates, all), ==, "SCRAM-SHA-256");
}

static void
test_choose_matrix (Fixture *f, gconstpointer data)
{
  /* Every combination of flags over the full offer: the choice is the
   * strongest mechanism whose needs are met. */
  const char *offered[] = { ALL_OFFERED, NULL };

  for (guint flags = 0; flags < 32; flags++)
    {
      gboolean bind = flags & SLEEK_SASL_CHOICE_CAN_BIND;
      gboolean password = flags & SLEEK_SASL_CHOICE_HAVE_PASSWORD;
      gboolean certificate = flags & SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE;
      const char *expected;

      if (password && bind)
        expected = "SCRAM-SHA-512-PLUS";
      else if (password)
        expected = "SCRAM-SHA-512";
      else if (certificate)
        expected = "EXTERNAL";
      else
        expected = "ANONYMOUS";
      g_assert_cmpstr (sleek_sasl_mechanism_choose (offered, flags), ==, expected);
    }
}

static void
test_new_for_offer (Fixture *f, gconstpointer data)
{
  const char *offered[] = { "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", NULL };
  const char *no_plus[] = { "PLAIN", "SCRAM-SHA-1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekSaslMechanism) with_plus = NULL;
  g_autoptr(SleekSaslMechanism) without_plus = NULL;
  g_autoptr(SleekSaslMechanism) plain = NULL;
  const char *only_plain[] = { "PLAIN", NULL };

  with_plus = sleek_sasl_mechanism_new_for_offer (offered, NULL, SLEEK_SASL_CHOICE_HAVE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_sasl_mechanism_get_name (with_plus), ==, "SCRAM-SHA-1");
  g_assert_true (sleek_sasl_mechanism_get_server_offers_plus (with_plus));
  g_assert_null (sleek_sasl_mechanism_get_tls_connection (with_plus));

  without_plus = sleek_sasl_mechanism_new_for_offer (no_plus, NULL, SLEEK_SASL_CHOICE_HAVE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_false (sleek_sasl_mechanism_get_server_offers_plus (without_plus));

  plain = sleek_sasl_mechanism_new_for_offer (only_plain, NULL,
                                              SLEEK_SASL_CHOICE_HAVE_PASSWORD | SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_sasl_mechanism_get_name (plain), ==, "PLAIN");
  g_assert_true (sleek_sasl_mechanism_get_allow_plaintext (plain));
}

static void
test_new_for_offer_tls (Fixture *f, gconstpointer data)
{
  const char *offered[] = { "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "EXTERNAL", NULL };
  g_autoptr(GTlsConnection) binds = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, "EXPORTER", FALSE);
  g_autoptr(GTlsConnection) no_data = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekSaslMechanism) plus = NULL;
  g_autoptr(SleekSaslMechanism) scram = NULL;
  g_autoptr(SleekSaslMechanism) external = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autofree char *text = NULL;

  plus = sleek_sasl_mechanism_new_for_offer (offered, binds, SLEEK_SASL_CHOICE_HAVE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_sasl_mechanism_get_name (plus), ==, "SCRAM-SHA-1-PLUS");
  g_assert_true (sleek_sasl_mechanism_get_tls_connection (plus) == binds);
  sleek_sasl_mechanism_set_username (plus, "user");
  sleek_sasl_mechanism_set_password (plus, "pencil");
  first = start (plus, &error);
  g_assert_no_error (error);
  text = bytes_dup_text (first);
  g_assert_true (g_str_has_prefix (text, "p=tls-exporter,,n=user,r="));

  scram = sleek_sasl_mechanism_new_for_offer (offered, no_data, SLEEK_SASL_CHOICE_HAVE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_sasl_mechanism_get_name (scram), ==, "SCRAM-SHA-1");

  /* The connection's client certificate counts. */
  external = sleek_sasl_mechanism_new_for_offer (offered, no_data, SLEEK_SASL_CHOICE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_sasl_mechanism_get_name (external), ==, "EXTERNAL");
}

static void
test_new_for_offer_none (Fixture *f, gconstpointer data)
{
  const char *offered[] = { "DIGEST-MD5", "PLAIN", NULL };
  const char *empty[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekSaslMechanism) m = NULL;

  m = sleek_sasl_mechanism_new_for_offer (offered, NULL, SLEEK_SASL_CHOICE_HAVE_PASSWORD, &error);
  g_assert_null (m);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_MECHANISM);
  g_assert_nonnull (strstr (error->message, "DIGEST-MD5 PLAIN"));
  g_clear_error (&error);

  m = sleek_sasl_mechanism_new_for_offer (empty, NULL, SLEEK_SASL_CHOICE_HAVE_PASSWORD, &error);
  g_assert_null (m);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_MECHANISM);
}

static void
test_new_by_name (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) names = sleek_sasl_mechanism_list_names ();
  const char *expected[] = {
    "SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS",
    "SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "EXTERNAL", "ANONYMOUS", NULL,
  };
  int previous = G_MAXINT;

  g_assert_cmpstrv (names, expected);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new (names[i], NULL);

      g_assert_nonnull (m);
      g_assert_cmpstr (sleek_sasl_mechanism_get_name (m), ==, names[i]);
      g_assert_cmpint (sleek_sasl_mechanism_get_priority (m), <, previous);
      previous = sleek_sasl_mechanism_get_priority (m);
    }
  {
    const char *unknown[] = { "DIGEST-MD5", "plain", "", "SCRAM-SHA-1-plus" };

    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new (unknown[i], &error);

        g_assert_null (m);
        g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_MECHANISM);
      }
  }
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekSaslMechanism) m = sleek_sasl_mechanism_new ("PLAIN", NULL);
  g_autoptr(GTlsConnection) tls = fake_tls_new (G_TLS_PROTOCOL_VERSION_TLS_1_3, NULL, NULL, NULL, FALSE);
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GTlsConnection) got_tls = NULL;
  guint notified = 0;

  g_signal_connect (m, "notify::username", G_CALLBACK (count_notify), &notified);
  g_object_set (m, "username", "juliet", "password", "secret", "tls-connection", tls,
                "server-offers-plus", TRUE, NULL);
  sleek_sasl_mechanism_set_username (m, "juliet");
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (m, "username", &username, "password", &password, "tls-connection", &got_tls, NULL);
  g_assert_cmpstr (username, ==, "juliet");
  g_assert_cmpstr (password, ==, "secret");
  g_assert_true (got_tls == tls);
  g_assert_true (sleek_sasl_mechanism_get_server_offers_plus (m));
  sleek_sasl_mechanism_set_authzid (m, "");
  g_assert_null (sleek_sasl_mechanism_get_authzid (m));
  sleek_sasl_mechanism_set_tls_connection (m, NULL);
  g_assert_null (sleek_sasl_mechanism_get_tls_connection (m));
}

static void
test_error_conditions (Fixture *f, gconstpointer data)
{
  const char *conditions[] = {
    "aborted", "account-disabled", "credentials-expired", "encryption-required",
    "incorrect-encoding", "invalid-authzid", "invalid-mechanism", "malformed-request",
    "mechanism-too-weak", "not-authorized", "temporary-auth-failure",
  };

  for (guint i = 0; i < G_N_ELEMENTS (conditions); i++)
    {
      SleekSaslError code = sleek_sasl_error_from_condition (conditions[i]);

      g_assert_cmpstr (sleek_sasl_error_to_condition (code), ==, conditions[i]);
    }
  g_assert_cmpint (sleek_sasl_error_from_condition ("bad-protocol"), ==, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_cmpint (sleek_sasl_error_from_condition (NULL), ==, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_cmpint (sleek_sasl_error_from_condition ("mechanism-too-weak"), ==, SLEEK_SASL_ERROR_MECHANISM_TOO_WEAK);
  g_assert_null (sleek_sasl_error_to_condition (SLEEK_SASL_ERROR_SERVER_SIGNATURE));
  g_assert_null (sleek_sasl_error_to_condition (SLEEK_SASL_ERROR_NO_CREDENTIALS));
  g_assert_null (sleek_sasl_error_to_condition ((SleekSaslError) 1000));
}

/* SASLprep */

static void
assert_prepared (const char *input, SleekSaslprepMode mode, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = sleek_saslprep (input, mode, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, expected);
}

static void
assert_refused (const char *input, SleekSaslprepMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = sleek_saslprep (input, mode, &error);

  g_assert_null (output);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS);
}

static void
test_saslprep_rfc4013 (Fixture *f, gconstpointer data)
{
  /* The examples of RFC 4013 section 3. */
  assert_prepared ("I\xc2\xadX", SLEEK_SASLPREP_STORED, "IX");
  assert_prepared ("user", SLEEK_SASLPREP_STORED, "user");
  assert_prepared ("USER", SLEEK_SASLPREP_STORED, "USER");
  assert_prepared ("\xc2\xaa", SLEEK_SASLPREP_STORED, "a");
  assert_prepared ("\xe2\x85\xa8", SLEEK_SASLPREP_STORED, "IX");
  assert_refused ("\x07", SLEEK_SASLPREP_STORED);
  assert_refused ("\xd8\xa7" "1", SLEEK_SASLPREP_STORED);
}

static void
test_saslprep_mapping (Fixture *f, gconstpointer data)
{
  /* C.1.2 spaces become U+0020; B.1 characters go. */
  assert_prepared ("a\xc2\xa0" "b", SLEEK_SASLPREP_QUERY, "a b");
  assert_prepared ("a\xe3\x80\x80" "b", SLEEK_SASLPREP_QUERY, "a b");
  assert_prepared ("a\xe2\x80\x83" "b", SLEEK_SASLPREP_QUERY, "a b");
  assert_prepared ("a\xe2\x80\x8b" "b", SLEEK_SASLPREP_QUERY, "a b");
  assert_prepared ("a\xe2\x80\x8d" "b\xef\xbb\xbf", SLEEK_SASLPREP_QUERY, "ab");
  assert_prepared ("a\xef\xb8\x8f" "b", SLEEK_SASLPREP_QUERY, "ab");
  /* NFKC: compatibility ligature, composition. */
  assert_prepared ("\xef\xac\x81", SLEEK_SASLPREP_QUERY, "fi");
  assert_prepared ("e\xcc\x81", SLEEK_SASLPREP_QUERY, "\xc3\xa9");
  assert_prepared ("", SLEEK_SASLPREP_QUERY, "");
  assert_prepared ("pass word !", SLEEK_SASLPREP_QUERY, "pass word !");
  /* U+0340 (C.8) normalises to U+0300 before the check, as in libidn,
   * and composes with the letter. */
  assert_prepared ("a\xcd\x80", SLEEK_SASLPREP_QUERY, "\xc3\xa0");
}

static void
test_saslprep_prohibited (Fixture *f, gconstpointer data)
{
  const char *inputs[] = {
    "a\x01",             /* C.2.1 */
    "a\x7f",             /* C.2.1 */
    "a\xc2\x85",         /* C.2.2 NEXT LINE */
    "a\xe2\x80\xa8",     /* C.2.2 LINE SEPARATOR */
    "a\xee\x80\x80",     /* C.3 U+E000 */
    "a\xf3\xb0\x80\x80", /* C.3 U+F0000 */
    "a\xef\xb7\x90",     /* C.4 U+FDD0 */
    "a\xef\xbf\xbe",     /* C.4 U+FFFE */
    "a\xf0\x9f\xbf\xbf", /* C.4 U+1FFFF */
    "a\xef\xbf\xbd",     /* C.6 U+FFFD */
    "a\xe2\xbf\xb0",     /* C.7 U+2FF0 */
    "a\xe2\x80\x8e",     /* C.8 U+200E */
    "a\xe2\x80\xae",     /* C.8 U+202E */
    "a\xf3\xa0\x80\x81", /* C.9 U+E0001 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      assert_refused (inputs[i], SLEEK_SASLPREP_QUERY);
      assert_refused (inputs[i], SLEEK_SASLPREP_STORED);
    }
}

static void
test_saslprep_bidi (Fixture *f, gconstpointer data)
{
  /* Right-to-left only, or with neutral characters inside: fine. */
  assert_prepared ("\xd8\xa7\xd8\xa8", SLEEK_SASLPREP_QUERY, "\xd8\xa7\xd8\xa8");
  assert_prepared ("\xd7\x90" "1 2\xd7\x91", SLEEK_SASLPREP_QUERY, "\xd7\x90" "1 2\xd7\x91");
  /* Mixed with left-to-right letters. */
  assert_refused ("\xd8\xa7" "a\xd8\xa8", SLEEK_SASLPREP_QUERY);
  assert_refused ("a\xd7\x90", SLEEK_SASLPREP_QUERY);
  /* Not starting or ending with a right-to-left character. */
  assert_refused ("1\xd8\xa7", SLEEK_SASLPREP_QUERY);
  assert_refused ("\xd8\xa7 ", SLEEK_SASLPREP_QUERY);
}

static void
test_saslprep_unassigned (Fixture *f, gconstpointer data)
{
  /* U+0378 is unassigned: allowed in a query, not in a stored string. */
  assert_prepared ("a\xcd\xb8", SLEEK_SASLPREP_QUERY, "a\xcd\xb8");
  assert_refused ("a\xcd\xb8", SLEEK_SASLPREP_STORED);
}

static void
test_saslprep_invalid_utf8 (Fixture *f, gconstpointer data)
{
  assert_refused ("\xff", SLEEK_SASLPREP_QUERY);
  assert_refused ("a\xc3", SLEEK_SASLPREP_QUERY);
  assert_refused ("\xed\xa0\x80", SLEEK_SASLPREP_QUERY);   /* a surrogate */
}

/* The base64 text of <challenge/> and <success/>: white space around it
 * and "=" for no data are fine; base64 that is cut short or padded in
 * the middle is refused (found by tests/fuzz/fuzz-base64.c: GLib's
 * decoder returned made-up bytes for it). */
static void
test_payload_base64 (Fixture *f, gconstpointer data)
{
  static const char * const bad[] = {
    "QQ", "QUJ", "QQ==QQ==", "Q===", "====", "QUJD=", "QU=D", "QUJD!", "QUJD\xc3\xa9",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = sleek_sasl_decode_payload ("  QUJD\n", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "ABC", 3);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sleek_sasl_decode_payload ("QUI=", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "AB", 2);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sleek_sasl_decode_payload ("QQ==", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "A", 1);
  g_clear_pointer (&bytes, g_bytes_unref);
  for (guint i = 0; i < 2; i++)
    {
      bytes = sleek_sasl_decode_payload (i == 0 ? "=" : NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
      g_clear_pointer (&bytes, g_bytes_unref);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      bytes = sleek_sasl_decode_payload (bad[i], &error);
      g_assert_null (bytes);
      g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INCORRECT_ENCODING);
      g_clear_error (&error);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add ("/sasl/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("scram/sha1/rfc5802", test_scram_sha1_rfc5802);
  ADD ("scram/sha256/rfc7677", test_scram_sha256_rfc7677);
  ADD ("scram/sha512/vector", test_scram_sha512);
  ADD ("scram/sha256-plus/vector", test_scram_sha256_plus_vector);
  ADD ("scram/authzid", test_scram_authzid);
  ADD ("scram/authzid-escaped", test_scram_authzid_escaped);
  ADD ("scram/username-escaped", test_scram_username_escaped);
  ADD ("scram/username-saslprep", test_scram_username_saslprep);
  ADD ("scram/password-saslprep", test_scram_password_saslprep);
  ADD ("scram/server-final-as-challenge", test_scram_server_final_as_challenge);
  ADD ("scram/server-final-twice", test_scram_server_final_twice);
  ADD ("scram/server-final-extensions", test_scram_server_final_extensions);
  ADD ("scram/names", test_scram_names);
  ADD ("scram/random-nonce", test_scram_random_nonce);
  ADD ("scram/server-first/nonce-not-extended", test_scram_nonce_not_extended);
  ADD ("scram/server-first/bad-salt", test_scram_bad_salt);
  ADD ("scram/server-first/missing-attributes", test_scram_missing_attributes);
  ADD ("scram/server-first/iterations-too-low", test_scram_iterations_too_low);
  ADD ("scram/server-first/iterations-too-high", test_scram_iterations_too_high);
  ADD ("scram/server-first/iterations-malformed", test_scram_iterations_malformed);
  ADD ("scram/server-first/iterations-other", test_scram_iterations_limits_accepted);
  ADD ("scram/server-first/mandatory-extension", test_scram_mandatory_extension);
  ADD ("scram/server-first/optional-extension", test_scram_optional_extension);
  ADD ("scram/server-first/nul-byte", test_scram_server_first_binary);
  ADD ("scram/server-first/invalid-utf8", test_scram_server_first_invalid_utf8);
  ADD ("scram/server-first/empty", test_scram_empty_challenge);
  ADD ("scram/server-first/server-error", test_scram_server_error_first);
  ADD ("scram/server-final/server-error", test_scram_server_error_final);
  ADD ("scram/server-final/server-error-in-success", test_scram_server_error_in_success);
  ADD ("scram/server-final/server-error-codes", test_scram_server_error_codes);
  ADD ("scram/server-final/wrong-signature", test_scram_wrong_signature);
  ADD ("scram/server-final/malformed", test_scram_malformed_final);
  ADD ("scram/server-final/success-without-signature", test_scram_success_without_signature);
  ADD ("scram/server-final/success-too-early", test_scram_success_too_early);
  ADD ("scram/server-final/challenge-after-verified", test_scram_challenge_after_verified);
  ADD ("scram/credentials/no-username", test_scram_no_username);
  ADD ("scram/credentials/no-password", test_scram_no_password);
  ADD ("scram/credentials/prohibited", test_scram_prohibited_credentials);
  ADD ("scram/keys/read-back", test_scram_keys_read_back);
  ADD ("scram/keys/reuse-without-password", test_scram_keys_reuse);
  ADD ("scram/keys/reuse-skips-pbkdf2", test_scram_keys_reuse_skips_pbkdf2);
  ADD ("scram/keys/mismatch-with-password", test_scram_keys_mismatch_with_password);
  ADD ("scram/keys/mismatch-without-password", test_scram_keys_mismatch_without_password);
  ADD ("scram/keys/wrong-hash", test_scram_keys_wrong_hash);
  ADD ("scram/keys/kept-on-failure", test_scram_keys_kept_on_failure);
  ADD ("scram/keys/notify", test_scram_keys_notify);
  ADD ("scram/gs2/n-without-tls", test_gs2_n_without_tls);
  ADD ("scram/gs2/y-when-server-cannot-bind", test_gs2_y_when_server_cannot_bind);
  ADD ("scram/gs2/n-when-server-offers-plus", test_gs2_n_when_server_offers_plus);
  ADD ("scram/gs2/n-binding-turned-off", test_gs2_n_binding_turned_off);
  ADD ("scram/gs2/y-over-tls13", test_gs2_y_over_tls13);
  ADD ("scram/gs2/n-when-tls-gives-nothing", test_gs2_n_when_tls_gives_nothing);
  ADD ("scram/plus/without-binding", test_plus_without_binding);
  ADD ("scram/plus/binding-types", test_plus_binding_types);
  ADD ("scram/plus/binary-binding-data", test_plus_binary_binding_data);
  ADD ("scram/plus/properties", test_channel_binding_properties);
  ADD ("scram/async/cancel-before", test_scram_cancel_before);
  ADD ("scram/async/cancel-during-pbkdf2", test_scram_cancel_during_pbkdf2);
  ADD ("mechanism/pending", test_pending);
  ADD ("mechanism/out-of-order", test_out_of_order);
  ADD ("mechanism/after-success", test_after_success);
  ADD ("mechanism/after-failure", test_after_failure);
  ADD ("mechanism/properties", test_properties);
  ADD ("mechanism/new-by-name", test_new_by_name);
  ADD ("mechanism/error-conditions", test_error_conditions);
  ADD ("plain/refused-without-tls", test_plain_refused_without_tls);
  ADD ("plain/allow-plaintext", test_plain_allow_plaintext);
  ADD ("plain/over-tls", test_plain_over_tls);
  ADD ("plain/authzid", test_plain_authzid);
  ADD ("plain/saslprep", test_plain_saslprep);
  ADD ("plain/missing-credentials", test_plain_missing_credentials);
  ADD ("plain/unexpected-messages", test_plain_unexpected_messages);
  ADD ("anonymous/empty", test_anonymous);
  ADD ("anonymous/trace", test_anonymous_trace);
  ADD ("anonymous/trace-length", test_anonymous_trace_length);
  ADD ("external/empty", test_external);
  ADD ("external/authzid", test_external_authzid);
  ADD ("external/without-certificate", test_external_without_certificate);
  ADD ("choose/strongest-first", test_choose_strongest_first);
  ADD ("choose/plus-needs-binding", test_choose_plus_needs_binding);
  ADD ("choose/servers", test_choose_servers);
  ADD ("choose/plain", test_choose_plain);
  ADD ("choose/external", test_choose_external);
  ADD ("choose/anonymous", test_choose_anonymous);
  ADD ("choose/unknown", test_choose_unknown);
  ADD ("choose/matrix", test_choose_matrix);
  ADD ("choose/new-for-offer", test_new_for_offer);
  ADD ("choose/new-for-offer-tls", test_new_for_offer_tls);
  ADD ("choose/new-for-offer-none", test_new_for_offer_none);
  ADD ("saslprep/rfc4013", test_saslprep_rfc4013);
  ADD ("saslprep/mapping", test_saslprep_mapping);
  ADD ("saslprep/prohibited", test_saslprep_prohibited);
  ADD ("saslprep/bidi", test_saslprep_bidi);
  ADD ("payload/base64", test_payload_base64);
  ADD ("saslprep/unassigned", test_saslprep_unassigned);
  ADD ("saslprep/invalid-utf8", test_saslprep_invalid_utf8);
#undef ADD

  return g_test_run ();
}
