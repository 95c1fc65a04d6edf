/* test-sasl2.c: SASL2 (XEP-0388), Bind2 (XEP-0386), FAST (XEP-0484) and
 * inline resumption (XEP-0198) against a scripted server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The server's side follows the examples of the XEPs; its SCRAM and HT
 * computations are done here, independently of the library.
 */
#include <sleek/sleek.h>

#include "sasl/sleek-sasl-private.h"

#include <gnutls/crypto.h>
#include <string.h>

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s%u' version='1.0'>"
#define NS_SASL2 "urn:xmpp:sasl:2"
#define NS_BIND2 "urn:xmpp:bind:0"
#define NS_FAST "urn:xmpp:fast:0"
#define NS_SM "urn:xmpp:sm:3"
#define SASL2_PLAIN(inline) "<stream:features><authentication xmlns='urn:xmpp:sasl:2'>" \
  "<mechanism>PLAIN</mechanism><inline>" inline "</inline></authentication></stream:features>"
#define FAST_OFFER "<fast xmlns='urn:xmpp:fast:0'><mechanism>HT-SHA-256-NONE</mechanism></fast>"
#define BIND2_OFFER "<bind xmlns='urn:xmpp:bind:0'><inline><feature var='urn:xmpp:carbons:2'/>" \
  "<feature var='urn:xmpp:csi:0'/><feature var='urn:xmpp:sm:3'/></inline></bind>"
#define SM_OFFER "<sm xmlns='urn:xmpp:sm:3'/>"
#define FEATURES_AFTER "<stream:features><sm xmlns='urn:xmpp:sm:3'/><csi xmlns='urn:xmpp:csi:0'/></stream:features>"
#define FEATURES_BIND "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
#define FULL_JID "juliet@example.com/sleek-glib.3f8a"
#define TOKEN "WXZzciBQcm9maWxlIE5hbWUgOiBNeSBIb21lIE5ldHdvcmsNClNTSUQgbmFtZSA6ICJNeUhvbWVOZXR3b3JrIg0KTmV0d29yayB0eXBl"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  GAsyncResult *result;
  guint stream_count;
  guint sessions;
  guint resumed;
  gboolean disconnected;
  GError *resume_error;
  GPtrArray *tokens;            /* "fast-token-changed": token or "(null)" */
} Fixture;

static void
on_session_start (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->sessions++;
}

static void
on_fast_token (SleekClientXmpp *client, const char *token, const char *mechanism, GDateTime *expiry, Fixture *f)
{
  g_assert_cmpstr (token, ==, sleek_client_xmpp_get_fast_token (client));
  g_assert_cmpstr (mechanism, ==, sleek_client_xmpp_get_fast_mechanism (client));
  g_assert_true (expiry == sleek_client_xmpp_get_fast_token_expiry (client));
  g_assert_true (token != NULL || (mechanism == NULL && expiry == NULL));
  g_ptr_array_add (f->tokens, g_strdup (token != NULL ? token : "(null)"));
}

static void
new_client (Fixture *f, const char *jid, const char *password)
{
  g_clear_object (&f->client);
  f->client = sleek_client_xmpp_new (jid, password);
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), f);
  g_signal_connect (f->client, "fast-token-changed", G_CALLBACK (on_fast_token), f);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->tokens = g_ptr_array_new_with_free_func (g_free);
  new_client (f, "juliet@example.com", "secret");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->peer);
  g_clear_error (&f->resume_error);
  g_ptr_array_unref (f->tokens);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static void
expect (Fixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (f->peer, xml, &error);
  g_assert_no_error (error);
}

static void
recv (Fixture *f, const char *xml)
{
  sleek_test_stream_recv (f->peer, xml);
}

static SleekNode *
next (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SleekNode *node = sleek_test_stream_next_send (f->peer, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
start (Fixture *f, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);

  g_clear_object (&f->result);
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          store_result, f);
  expect (f, "<stream:stream to='example.com' version='1.0'>");
  recv (f, header);
  recv (f, features);
}

/* Drops the connection for a login over a new peer. */
static void
new_peer (Fixture *f)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
}

static gboolean
timed_out (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
finish (Fixture *f, GError **error)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (10);

  g_source_set_callback (timer, timed_out, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (f->result == NULL && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_nonnull (f->result);
  return sleek_client_xmpp_connect_finish (f->client, f->result, error);
}

static void
expect_silence (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_silence (f->peer, 50, &error);
  g_assert_no_error (error);
}

static GBytes *
decode (const char *text)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = sleek_sasl_decode_payload (text, &error);

  g_assert_no_error (error);
  return bytes;
}

static char *
encode (gconstpointer data, gsize len)
{
  return g_base64_encode (data, len);
}

/* The next <authenticate/>, checked for its mechanism and user agent. */
static SleekNode *
expect_authenticate (Fixture *f, const char *mechanism)
{
  SleekNode *auth = next (f);
  SleekNode *agent;

  g_assert_true (sleek_node_is (auth, "authenticate", NS_SASL2));
  g_assert_cmpstr (sleek_node_get_attribute (auth, "mechanism"), ==, mechanism);
  agent = sleek_node_get_child (auth, "user-agent", NS_SASL2);
  g_assert_nonnull (agent);
  g_assert_cmpstr (sleek_node_get_attribute (agent, "id"), ==, sleek_client_xmpp_get_user_agent_id (f->client));
  return auth;
}

static void
assert_plain (SleekNode *auth)
{
  g_autoptr(GBytes) response = decode (sleek_node_get_child_text (auth, "initial-response", NS_SASL2));

  g_assert_cmpmem (g_bytes_get_data (response, NULL), g_bytes_get_size (response), "\0juliet\0secret", 14);
}

/* HMAC-SHA-256 (key, label), computed here. */
static GBytes *
hmac256 (const char *key, const char *label)
{
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));

  g_hmac_update (hmac, (const guchar *) label, -1);
  g_hmac_get_digest (hmac, digest, &len);
  return g_bytes_new (digest, len);
}

/* SASL2 with SCRAM */

static void
hmac_raw (const guint8 *key, gsize key_len, const char *msg, guint8 out[32])
{
  gsize len = 32;
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);

  g_hmac_update (hmac, (const guchar *) msg, -1);
  g_hmac_get_digest (hmac, out, &len);
}

/* The server's side of SCRAM-SHA-256 up to its final message, which it
 * returns (with a wrong signature when @forge). */
static char *
scram_server (Fixture *f, gboolean forge)
{
  g_autoptr(SleekNode) auth = expect_authenticate (f, "SCRAM-SHA-256");
  g_autoptr(GBytes) first = decode (sleek_node_get_child_text (auth, "initial-response", NS_SASL2));
  g_autofree char *client_first = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  const char *bare, *nonce;
  g_autofree char *server_first = NULL;
  g_autofree char *challenge = NULL;
  g_autoptr(SleekNode) response = NULL;
  g_autoptr(GBytes) final = NULL;
  g_autofree char *client_final = NULL;
  g_autofree char *without_proof = NULL;
  g_autofree char *expected_final = NULL;
  g_autofree char *auth_message = NULL;
  guint8 salted[32], client_key[32], stored_key[32], signature[32], proof[32], server_key[32], server_sig[32];
  gsize stored_len = 32;
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  gnutls_datum_t password = { (unsigned char *) "secret", 6 };
  gnutls_datum_t salt = { (unsigned char *) "QSXCR+Q6sek8bf92", 16 };
  g_autofree char *proof_b64 = NULL;
  g_autofree char *sig_b64 = NULL;

  g_assert_true (g_str_has_prefix (client_first, "n,,n=juliet,r="));
  bare = client_first + 3;
  nonce = client_first + strlen ("n,,n=juliet,r=");
  server_first = g_strdup_printf ("r=%s3rfcNHYJY1ZVvWVs7j,s=%s,i=4096", nonce, "UVNYQ1IrUTZzZWs4YmY5Mg==");
  challenge = encode (server_first, strlen (server_first));
  {
    g_autofree char *xml = g_strdup_printf ("<challenge xmlns='urn:xmpp:sasl:2'>%s</challenge>", challenge);
    recv (f, xml);
  }

  response = next (f);
  g_assert_true (sleek_node_is (response, "response", NS_SASL2));
  final = decode (sleek_node_get_text (response));
  client_final = g_strndup (g_bytes_get_data (final, NULL), g_bytes_get_size (final));
  g_assert_nonnull (strstr (client_final, ",p="));
  without_proof = g_strndup (client_final, strstr (client_final, ",p=") - client_final);
  expected_final = g_strdup_printf ("c=biws,r=%s3rfcNHYJY1ZVvWVs7j", nonce);
  g_assert_cmpstr (without_proof, ==, expected_final);
  auth_message = g_strdup_printf ("%s,%s,%s", bare, server_first, without_proof);

  g_assert_cmpint (gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &password, &salt, 4096, salted, 32), ==, 0);
  hmac_raw (salted, 32, "Client Key", client_key);
  g_checksum_update (sha, client_key, 32);
  g_checksum_get_digest (sha, stored_key, &stored_len);
  hmac_raw (stored_key, 32, auth_message, signature);
  for (guint i = 0; i < 32; i++)
    proof[i] = client_key[i] ^ signature[i];
  proof_b64 = encode (proof, 32);
  /* The client proved it knows the password. */
  g_assert_cmpstr (strstr (client_final, ",p=") + 3, ==, proof_b64);

  hmac_raw (salted, 32, "Server Key", server_key);
  hmac_raw (server_key, 32, auth_message, server_sig);
  if (forge)
    server_sig[0] ^= 1;
  sig_b64 = encode (server_sig, 32);
  return g_strdup_printf ("v=%s", sig_b64);
}

#define SCRAM_FEATURES "<stream:features><authentication xmlns='urn:xmpp:sasl:2'>" \
  "<mechanism>SCRAM-SHA-256</mechanism><mechanism>PLAIN</mechanism></authentication></stream:features>"

static void
answer_bind (Fixture *f, const char *jid)
{
  g_autoptr(SleekNode) iq = next (f);
  g_autofree char *reply = NULL;

  g_assert_nonnull (sleek_node_get_child (iq, "bind", SLEEK_NS_BIND));
  reply = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<jid>%s</jid></bind></iq>", sleek_node_get_attribute (iq, "id"), jid);
  recv (f, reply);
}

/* A login with SCRAM-SHA-256, up to the server's <success/>. */
static void
scram_login (Fixture *f, gboolean forge)
{
  g_autofree char *server_final = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *success = NULL;

  start (f, SCRAM_FEATURES);
  server_final = scram_server (f, forge);
  encoded = encode (server_final, strlen (server_final));
  success = g_strdup_printf ("<success xmlns='urn:xmpp:sasl:2'><additional-data>%s</additional-data>"
                             "<authorization-identifier>juliet@example.com</authorization-identifier></success>",
                             encoded);
  recv (f, success);
}

static void
test_scram (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  scram_login (f, FALSE);
  /* No stream restart: the features of the logged-in stream follow. */
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "SCRAM-SHA-256");
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "juliet@example.com/balcony");
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpuint (f->stream_count, ==, 1);
}

static void
test_scram_forged_server (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  scram_login (f, TRUE);
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
  g_assert_cmpuint (f->sessions, ==, 0);
}

static void
test_failure_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) auth = NULL;

  start (f, SASL2_PLAIN (""));
  auth = expect_authenticate (f, "PLAIN");
  assert_plain (auth);
  recv (f, "<failure xmlns='urn:xmpp:sasl:2'><account-disabled xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
           "<text>This account is locked until the 31st</text></failure>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_ACCOUNT_DISABLED);
  g_assert_nonnull (strstr (error->message, "This account is locked until the 31st"));
}

static void
test_continue_unsupported (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) auth = NULL;

  start (f, SASL2_PLAIN (""));
  auth = expect_authenticate (f, "PLAIN");
  recv (f, "<continue xmlns='urn:xmpp:sasl:2'><tasks><task>HOTP-EXAMPLE</task><task>TOTP-EXAMPLE</task></tasks>"
           "<text>This account requires 2FA</text></continue>");
  expect (f, "<abort xmlns='urn:xmpp:sasl:2'/>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_UNSUPPORTED_TASK);
  g_assert_nonnull (strstr (error->message, "HOTP-EXAMPLE, TOTP-EXAMPLE"));
}

/* XEP-0480: the client asks for the SCRAM upgrade the server offers, and
 * performs it when the server asks in <continue/>. */
#define UPGRADE_FEATURES "<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism>" \
  "<upgrade xmlns='urn:xmpp:sasl:upgrade:0'>UPGR-SCRAM-SHA-256</upgrade>" \
  "<upgrade xmlns='urn:xmpp:sasl:upgrade:0'>UPGR-BLOOP2</upgrade></authentication></stream:features>"

static void
test_scram_upgrade (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(SleekNode) reply = NULL;
  g_autoptr(GBytes) salt = decode ("QSXCR+Q6sek8bf92");
  g_autoptr(GError) error = NULL;
  SleekNode *upgrade;
  guint8 salted[32];
  gnutls_datum_t password = { (unsigned char *) "secret", 6 };
  gnutls_datum_t salt_datum = { (unsigned char *) g_bytes_get_data (salt, NULL), (unsigned int) g_bytes_get_size (salt) };
  g_autofree char *expected = NULL;

  start (f, UPGRADE_FEATURES);
  auth = expect_authenticate (f, "PLAIN");
  /* Only the upgrade it can do. */
  upgrade = sleek_node_get_child (auth, "upgrade", "urn:xmpp:sasl:upgrade:0");
  g_assert_nonnull (upgrade);
  g_assert_cmpstr (sleek_node_get_text (upgrade), ==, "UPGR-SCRAM-SHA-256");
  g_assert_cmpuint (sleek_node_get_n_children (auth), ==, 3);
  recv (f, "<continue xmlns='urn:xmpp:sasl:2'><tasks><task>UPGR-SCRAM-SHA-256</task></tasks>"
           "<text>This account requires an upgrade to SCRAM-SHA-256</text></continue>");
  expect (f, "<next xmlns='urn:xmpp:sasl:2' task='UPGR-SCRAM-SHA-256'/>");
  recv (f, "<task-data xmlns='urn:xmpp:sasl:2'><salt xmlns='urn:xmpp:scram-upgrade:0' iterations='4096'>"
           "QSXCR+Q6sek8bf92</salt></task-data>");
  reply = next (f);
  g_assert_true (sleek_node_is (reply, "task-data", NS_SASL2));
  g_assert_cmpint (gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &password, &salt_datum, 4096, salted, 32), ==, 0);
  expected = encode (salted, 32);
  g_assert_cmpstr (sleek_node_get_child_text (reply, "hash", "urn:xmpp:scram-upgrade:0"), ==, expected);
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com</authorization-identifier>"
           "</success>");
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
}

/* Task data the client cannot use ends the login. */
static void
test_scram_upgrade_bad_data (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  start (f, UPGRADE_FEATURES);
  auth = expect_authenticate (f, "PLAIN");
  recv (f, "<continue xmlns='urn:xmpp:sasl:2'><tasks><task>UPGR-SCRAM-SHA-256</task></tasks></continue>");
  expect (f, "<next xmlns='urn:xmpp:sasl:2' task='UPGR-SCRAM-SHA-256'/>");
  recv (f, "<task-data xmlns='urn:xmpp:sasl:2'><salt xmlns='urn:xmpp:scram-upgrade:0' iterations='many'>"
           "QSXCR+Q6sek8bf92</salt></task-data>");
  expect (f, "<abort xmlns='urn:xmpp:sasl:2'/>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL);
}

/* What a hostile server may send in <success/>: a clear error each. */
static void
test_hostile_success (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *inline_offer;
    const char *success;
  } cases[] = {
    { "", "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>@@bad@@</authorization-identifier></success>" },
    { FAST_OFFER, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com"
                  "</authorization-identifier><token xmlns='urn:xmpp:fast:0' expiry='soon' token='x'/></success>" },
    { FAST_OFFER, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com"
                  "</authorization-identifier><token xmlns='urn:xmpp:fast:0' expiry='2036-02-04T12:00:00Z'/></success>" },
    { "", "<success xmlns='urn:xmpp:sasl:2'><additional-data>not base64!</additional-data></success>" },
    { "", "<task-data xmlns='urn:xmpp:sasl:2'/>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *features = g_strdup_printf ("<stream:features><authentication xmlns='urn:xmpp:sasl:2'>"
                                                   "<mechanism>PLAIN</mechanism><inline>%s</inline></authentication>"
                                                   "</stream:features>", cases[i].inline_offer);
      g_autoptr(SleekNode) auth = NULL;
      g_autoptr(GError) error = NULL;

      if (i > 0)
        new_peer (f);
      start (f, features);
      auth = expect_authenticate (f, "PLAIN");
      recv (f, cases[i].success);
      g_assert_false (finish (f, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == SLEEK_SASL_ERROR);
      g_assert_null (sleek_client_xmpp_get_fast_token (f->client));
      g_assert_cmpuint (f->sessions, ==, 0);
    }
}

/* The user agent: a UUID made once and kept, or the application's. */
static void
test_user_agent (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  SleekNode *agent;
  g_autofree char *id = g_strdup (sleek_client_xmpp_get_user_agent_id (f->client));
  g_autofree char *property = NULL;

  g_assert_true (g_uuid_string_is_valid (id));
  g_object_get (f->client, "user-agent-id", &property, NULL);
  g_assert_cmpstr (property, ==, id);
  g_object_set (f->client, "user-agent-software", "Sleek <Chat>", "user-agent-device", "Juliet's phone", NULL);
  start (f, SASL2_PLAIN (""));
  auth = expect_authenticate (f, "PLAIN");
  agent = sleek_node_get_child (auth, "user-agent", NS_SASL2);
  g_assert_cmpstr (sleek_node_get_attribute (agent, "id"), ==, id);
  g_assert_cmpstr (sleek_node_get_child_text (agent, "software", NS_SASL2), ==, "Sleek <Chat>");
  g_assert_cmpstr (sleek_node_get_child_text (agent, "device", NS_SASL2), ==, "Juliet's phone");

  /* A client made on the next start, given the stored id, sends it. */
  new_peer (f);
  new_client (f, "juliet@example.com", "secret");
  sleek_client_xmpp_set_user_agent_id (f->client, id);
  g_clear_pointer (&auth, sleek_node_unref);
  start (f, SASL2_PLAIN (""));
  auth = expect_authenticate (f, "PLAIN");
  agent = sleek_node_get_child (auth, "user-agent", NS_SASL2);
  g_assert_cmpstr (sleek_node_get_attribute (agent, "id"), ==, id);
  g_assert_null (sleek_node_get_child (agent, "software", NS_SASL2));
}

/* Bind2 */

static void
register_inline_plugins (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SleekPlugin *csi;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198", &error));
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0280", &error));
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0352", &error));
  g_assert_no_error (error);
  csi = sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0352");
  g_assert_true (sleek_client_state_indication_set_inactive (SLEEK_CLIENT_STATE_INDICATION (csi), &error));
  g_assert_no_error (error);
}

static SleekStreamManagement *
sm_of (Fixture *f)
{
  return SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198"));
}

/* A login with Bind2 enabling carbons, CSI and stream management. */
static void
login_bind2 (Fixture *f)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  SleekNode *bind;

  start (f, SASL2_PLAIN (BIND2_OFFER SM_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  assert_plain (auth);
  g_assert_null (sleek_node_get_child (auth, "resume", NS_SM));
  bind = sleek_node_get_child (auth, "bind", NS_BIND2);
  g_assert_nonnull (bind);
  g_assert_cmpstr (sleek_node_get_child_text (bind, "tag", NS_BIND2), ==, "sleek-glib");
  g_assert_nonnull (sleek_node_get_child (bind, "enable", "urn:xmpp:carbons:2"));
  g_assert_nonnull (sleek_node_get_child (bind, "inactive", "urn:xmpp:csi:0"));
  g_assert_nonnull (sleek_node_get_child (bind, "enable", NS_SM));
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_child (bind, "enable", NS_SM), "resume"), ==, "true");
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>" FULL_JID "</authorization-identifier>"
           "<bound xmlns='urn:xmpp:bind:0'><enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/></bound>"
           "</success>");
  recv (f, FEATURES_AFTER);
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
}

static void
test_bind2 (Fixture *f, gconstpointer data)
{
  SleekPlugin *carbons;

  register_inline_plugins (f);
  login_bind2 (f);
  /* Nothing more to negotiate: no <bind/> IQ, no <enable/>, no state. */
  expect_silence (f);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==, FULL_JID);
  g_assert_cmpuint (f->sessions, ==, 1);
  carbons = sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0280");
  g_assert_true (sleek_carbons_get_enabled (SLEEK_CARBONS (carbons)));
  g_assert_true (sleek_stream_management_get_enabled (sm_of (f)));
  g_assert_true (sleek_stream_management_get_resumable (sm_of (f)));
  g_assert_cmpstr (sleek_stream_management_get_id (sm_of (f)), ==, "sm-1");
}

/* The server binds but refuses stream management: the session starts
 * without it, and the client does not ask again. */
static void
test_bind2_sm_failed (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  register_inline_plugins (f);
  start (f, SASL2_PLAIN (BIND2_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  g_assert_nonnull (sleek_node_get_child (sleek_node_get_child (auth, "bind", NS_BIND2), "enable", NS_SM));
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>" FULL_JID "</authorization-identifier>"
           "<bound xmlns='urn:xmpp:bind:0'><failed xmlns='urn:xmpp:sm:3'><unexpected-request "
           "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed></bound></success>");
  recv (f, FEATURES_AFTER);
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  expect_silence (f);
  g_assert_false (sleek_stream_management_get_enabled (sm_of (f)));
  g_assert_cmpuint (f->sessions, ==, 1);
}

/* Without plugins, Bind2 binds with the tag alone. */
static void
test_bind2_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  SleekNode *bind;

  g_object_set (f->client, "bind2-tag", "AwesomeXMPP", NULL);
  start (f, SASL2_PLAIN (BIND2_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  bind = sleek_node_get_child (auth, "bind", NS_BIND2);
  g_assert_cmpstr (sleek_node_get_child_text (bind, "tag", NS_BIND2), ==, "AwesomeXMPP");
  g_assert_cmpuint (sleek_node_get_n_children (bind), ==, 1);
  /* As in XEP-0386's example. */
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identity>juliet@example.com/AwesomeXMPP.2f1c"
           "</authorization-identity><bound xmlns='urn:xmpp:bind:0'/></success>");
  recv (f, "<stream:features/>");
  g_assert_true (finish (f, &error));
  g_assert_cmpstr (sleek_jid_get_resource (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "AwesomeXMPP.2f1c");
}

/* The server did not bind (no <bound/>): RFC 6120 binding follows. */
static void
test_bind2_not_bound (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  start (f, SASL2_PLAIN (BIND2_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  g_assert_nonnull (sleek_node_get_child (auth, "bind", NS_BIND2));
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com"
           "</authorization-identifier></success>");
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/fallback");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_get_resource (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "fallback");
}

/* Bound, but the authorization identifier has no resource. */
static void
test_bind2_no_resource (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  start (f, SASL2_PLAIN (BIND2_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com"
           "</authorization-identifier><bound xmlns='urn:xmpp:bind:0'/></success>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED);
}

/* FAST */

static void
test_fast_request_token (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  SleekNode *request;
  g_autofree char *token = NULL;
  g_autofree char *mechanism = NULL;
  g_autoptr(GDateTime) expiry = NULL;

  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  assert_plain (auth);
  request = sleek_node_get_child (auth, "request-token", NS_FAST);
  g_assert_nonnull (request);
  g_assert_cmpstr (sleek_node_get_attribute (request, "mechanism"), ==, "HT-SHA-256-NONE");
  g_assert_null (sleek_node_get_child (auth, "fast", NS_FAST));
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com</authorization-identifier>"
           "<token xmlns='urn:xmpp:fast:0' expiry='2036-02-04T12:00:00Z' token='" TOKEN "'/></success>");
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->tokens, 0), ==, TOKEN);
  g_object_get (f->client, "fast-token", &token, "fast-mechanism", &mechanism, "fast-token-expiry", &expiry, NULL);
  g_assert_cmpstr (token, ==, TOKEN);
  g_assert_cmpstr (mechanism, ==, "HT-SHA-256-NONE");
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_date_time_to_unix (expiry), ==, 2085739200);
}

/* The next <authenticate/> logs in with the stored token: checked
 * against HMAC-SHA-256 computed here. */
static SleekNode *
expect_token_auth (Fixture *f, guint count)
{
  SleekNode *auth = expect_authenticate (f, "HT-SHA-256-NONE");
  g_autoptr(GBytes) response = decode (sleek_node_get_child_text (auth, "initial-response", NS_SASL2));
  g_autoptr(GBytes) hash = hmac256 (TOKEN, "Initiator");
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  SleekNode *fast = sleek_node_get_child (auth, "fast", NS_FAST);
  g_autofree char *count_text = g_strdup_printf ("%u", count);

  g_byte_array_append (expected, (const guint8 *) "juliet", 7);   /* with the NUL */
  g_byte_array_append (expected, g_bytes_get_data (hash, NULL), g_bytes_get_size (hash));
  g_assert_cmpmem (g_bytes_get_data (response, NULL), g_bytes_get_size (response), expected->data, expected->len);
  g_assert_nonnull (fast);
  g_assert_cmpstr (sleek_node_get_attribute (fast, "count"), ==, count_text);
  g_assert_null (sleek_node_get_child (auth, "request-token", NS_FAST));
  return auth;
}

static char *
token_success (const char *extra)
{
  g_autoptr(GBytes) proof = hmac256 (TOKEN, "Responder");
  g_autofree char *encoded = encode (g_bytes_get_data (proof, NULL), g_bytes_get_size (proof));

  return g_strdup_printf ("<success xmlns='urn:xmpp:sasl:2'><additional-data>%s</additional-data>"
                          "<authorization-identifier>juliet@example.com</authorization-identifier>%s</success>",
                          encoded, extra);
}

static void
set_token (Fixture *f, const char *iso_expiry)
{
  g_autoptr(GDateTime) expiry = iso_expiry != NULL ? g_date_time_new_from_iso8601 (iso_expiry, NULL) : NULL;

  sleek_client_xmpp_set_fast_token (f->client, TOKEN, "HT-SHA-256-NONE", expiry);
}

static void
test_fast_login (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *success = token_success ("");

  /* No password needed. */
  new_client (f, "juliet@example.com", NULL);
  set_token (f, "2036-02-04T12:00:00Z");
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_token_auth (f, 1);
  recv (f, success);
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_client_xmpp_get_sasl_mechanism (f->client), ==, "HT-SHA-256-NONE");
  g_assert_cmpstr (sleek_client_xmpp_get_fast_token (f->client), ==, TOKEN);
  g_assert_cmpuint (f->tokens->len, ==, 0);
}

/* A server that cannot prove it knows the token is not trusted. */
static void
test_fast_forged_server (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  set_token (f, NULL);
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_token_auth (f, 1);
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><additional-data>AAAA</additional-data>"
           "<authorization-identifier>juliet@example.com</authorization-identifier></success>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
}

/* A wrong token: refused, forgotten (the application is told), and the
 * password logs in on the same stream, with a new token asked for. */
static void
test_fast_wrong_token (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(SleekNode) retry = NULL;
  g_autoptr(GError) error = NULL;

  set_token (f, NULL);
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_token_auth (f, 1);
  recv (f, "<failure xmlns='urn:xmpp:sasl:2'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
           "<text>Invalid token</text></failure>");
  retry = expect_authenticate (f, "PLAIN");
  assert_plain (retry);
  g_assert_nonnull (sleek_node_get_child (retry, "request-token", NS_FAST));
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->tokens, 0), ==, "(null)");
  g_assert_null (sleek_client_xmpp_get_fast_token (f->client));
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com</authorization-identifier>"
           "<token xmlns='urn:xmpp:fast:0' expiry='2036-02-04T12:00:00Z' token='n3w'/></success>");
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->tokens->len, ==, 2);
  g_assert_cmpstr (sleek_client_xmpp_get_fast_token (f->client), ==, "n3w");
}

/* Without a password, a refused token ends the login. */
static void
test_fast_wrong_token_no_password (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  new_client (f, "juliet@example.com", NULL);
  set_token (f, NULL);
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_token_auth (f, 1);
  recv (f, "<failure xmlns='urn:xmpp:sasl:2'><credentials-expired xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
           "</failure>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CREDENTIALS_EXPIRED);
  g_assert_null (sleek_client_xmpp_get_fast_token (f->client));
  g_assert_cmpuint (f->tokens->len, ==, 1);
}

/* An expired token is not even tried. */
static void
test_fast_expired (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;

  set_token (f, "2020-01-01T00:00:00Z");
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  assert_plain (auth);
  g_assert_null (sleek_node_get_child (auth, "fast", NS_FAST));
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->tokens, 0), ==, "(null)");
}

/* Over an unencrypted stream (allowed for PLAIN only by allow-plaintext)
 * no token is used or asked for. */
static void
test_fast_needs_encryption (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  set_token (f, NULL);
  start (f, "<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>SCRAM-SHA-256</mechanism>"
            "<inline>" FAST_OFFER "</inline></authentication></stream:features>");
  auth = expect_authenticate (f, "SCRAM-SHA-256");
  g_assert_null (sleek_node_get_child (auth, "fast", NS_FAST));
  g_assert_null (sleek_node_get_child (auth, "request-token", NS_FAST));
  g_assert_cmpstr (sleek_client_xmpp_get_fast_token (f->client), ==, TOKEN);
}

/* The server rotates the token on a login with it. */
static void
test_fast_rotation (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *success = token_success ("<token xmlns='urn:xmpp:fast:0' expiry='2037-01-01T00:00:00Z' "
                                            "token='r0tated'/>");

  set_token (f, "2036-02-04T12:00:00Z");
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_token_auth (f, 1);
  recv (f, success);
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->tokens, 0), ==, "r0tated");
  g_assert_cmpstr (sleek_client_xmpp_get_fast_mechanism (f->client), ==, "HT-SHA-256-NONE");
  g_assert_cmpint (g_date_time_get_year (sleek_client_xmpp_get_fast_token_expiry (f->client)), ==, 2037);

  /* The count goes on with each use of a token, from 1 for a new one. */
  new_peer (f);
  set_token (f, NULL);
  start (f, SASL2_PLAIN (FAST_OFFER));
  g_clear_pointer (&auth, sleek_node_unref);
  auth = expect_token_auth (f, 1);
  new_peer (f);
  start (f, SASL2_PLAIN (FAST_OFFER));
  g_clear_pointer (&auth, sleek_node_unref);
  auth = expect_token_auth (f, 2);
}

/* Logging out for good invalidates the token. */
static void
test_fast_invalidate (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *success = token_success ("");
  gboolean invalidate = TRUE;

  set_token (f, NULL);
  g_object_set (f->client, "fast-invalidate", TRUE, NULL);
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_token_auth (f, 1);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_child (auth, "fast", NS_FAST), "invalidate"), ==, "true");
  recv (f, success);
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_null (sleek_client_xmpp_get_fast_token (f->client));
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->tokens, 0), ==, "(null)");
  g_object_get (f->client, "fast-invalidate", &invalidate, NULL);
  g_assert_false (invalidate);
}

static GBytes *
start_mechanism (Fixture *f, SleekSaslMechanism *m, GError **error)
{
  g_clear_object (&f->result);
  sleek_sasl_mechanism_start_async (m, NULL, store_result, f);
  while (f->result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  return sleek_sasl_mechanism_start_finish (m, f->result, error);
}

/* What an application does: keep the user agent id and the FAST token
 * with its settings (a GKeyFile here; a keyring such as libsecret's for
 * the token in a real application). */
static void
on_fast_token_changed (SleekClientXmpp *client, const char *token, const char *mechanism, GDateTime *expiry,
                       GKeyFile *store)
{
  if (token == NULL)
    {
      g_key_file_remove_group (store, "fast", NULL);
      return;
    }
  g_key_file_set_string (store, "fast", "token", token);
  g_key_file_set_string (store, "fast", "mechanism", mechanism);
  if (expiry != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (expiry);

      g_key_file_set_string (store, "fast", "expiry", text);
    }
}

static SleekClientXmpp *
client_from_store (GKeyFile *store, const char *jid, const char *password)
{
  SleekClientXmpp *client = sleek_client_xmpp_new (jid, password);
  g_autofree char *id = g_key_file_get_string (store, "login", "user-agent-id", NULL);
  g_autofree char *token = g_key_file_get_string (store, "fast", "token", NULL);
  g_autofree char *mechanism = g_key_file_get_string (store, "fast", "mechanism", NULL);
  g_autofree char *expiry_text = g_key_file_get_string (store, "fast", "expiry", NULL);
  g_autoptr(GDateTime) expiry = expiry_text != NULL ? g_date_time_new_from_iso8601 (expiry_text, NULL) : NULL;

  /* The same id on every start: made once, then stored. */
  if (id != NULL)
    sleek_client_xmpp_set_user_agent_id (client, id);
  else
    g_key_file_set_string (store, "login", "user-agent-id", sleek_client_xmpp_get_user_agent_id (client));
  g_object_set (client, "user-agent-software", "Sleek Chat", NULL);
  if (token != NULL && mechanism != NULL)
    sleek_client_xmpp_set_fast_token (client, token, mechanism, expiry);
  g_signal_connect (client, "fast-token-changed", G_CALLBACK (on_fast_token_changed), store);
  return client;
}

/* The application's store, over two starts. */
static void
test_fast_app_store (Fixture *f, gconstpointer data)
{
  g_autoptr(GKeyFile) store = g_key_file_new ();
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_clear_object (&f->client);
  f->client = client_from_store (store, "juliet@example.com", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  id = g_key_file_get_string (store, "login", "user-agent-id", NULL);
  g_assert_true (g_uuid_string_is_valid (id));
  start (f, SASL2_PLAIN (FAST_OFFER));
  auth = expect_authenticate (f, "PLAIN");
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com</authorization-identifier>"
           "<token xmlns='urn:xmpp:fast:0' expiry='2036-02-04T12:00:00Z' token='" TOKEN "'/></success>");
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_has_key (store, "fast", "token", NULL));

  /* The next start: the same id, the token instead of the password. */
  new_peer (f);
  g_clear_object (&f->client);
  f->client = client_from_store (store, "juliet@example.com", NULL);
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_assert_cmpstr (sleek_client_xmpp_get_user_agent_id (f->client), ==, id);
  g_assert_cmpint (g_date_time_get_year (sleek_client_xmpp_get_fast_token_expiry (f->client)), ==, 2036);
  start (f, SASL2_PLAIN (FAST_OFFER));
  g_clear_pointer (&auth, sleek_node_unref);
  auth = expect_token_auth (f, 1);
  g_assert_cmpstr (sleek_node_get_child_text (sleek_node_get_child (auth, "user-agent", NS_SASL2), "software", NS_SASL2),
                   ==, "Sleek Chat");
  /* Refused: the store forgets it. */
  recv (f, "<failure xmlns='urn:xmpp:sasl:2'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></failure>");
  g_assert_false (finish (f, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_false (g_key_file_has_group (store, "fast"));
}

/* The HT mechanisms with channel binding, against HMAC computed here. */
static void
test_ht_binding (Fixture *f, gconstpointer data)
{
  static const char * const names[] = { "HT-SHA-256-ENDP", "HT-SHA-256-EXPR", "HT-SHA-256-UNIQ" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SleekSaslMechanism) m = sleek_sasl_ht_new (names[i], "juliet", "t0ken", NULL);
      g_autoptr(GBytes) cb = g_bytes_new_static ("binding-data", 12);
      g_autoptr(GBytes) response = NULL;
      g_autoptr(GBytes) proof = NULL;
      g_autoptr(GError) error = NULL;
      guint8 digest[32];
      gsize len = sizeof digest;
      g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) "t0ken", 5);

      /* No channel, no binding data: refused. */
      {
        g_autoptr(SleekSaslMechanism) unbound = sleek_sasl_ht_new (names[i], "juliet", "t0ken", NULL);

        g_assert_null (start_mechanism (f, unbound, &error));
        g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE);
        g_clear_error (&error);
      }
      sleek_sasl_mechanism_set_channel_binding_data (m, cb);
      response = start_mechanism (f, m, &error);
      g_assert_no_error (error);
      g_hmac_update (hmac, (const guchar *) "Initiatorbinding-data", -1);
      g_hmac_get_digest (hmac, digest, &len);
      g_assert_cmpuint (g_bytes_get_size (response), ==, 7 + 32);
      g_assert_cmpmem ((const guint8 *) g_bytes_get_data (response, NULL) + 7, 32, digest, 32);
      g_assert_cmpstr (sleek_sasl_mechanism_get_name (m), ==, names[i]);
      g_assert_true (sleek_sasl_ht_binding (names[i]) != SLEEK_SASL_CHANNEL_BINDING_NONE);
      {
        g_autoptr(GHmac) responder = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) "t0ken", 5);

        g_hmac_update (responder, (const guchar *) "Responderbinding-data", -1);
        len = sizeof digest;
        g_hmac_get_digest (responder, digest, &len);
        proof = g_bytes_new (digest, len);
      }
      g_assert_true (sleek_sasl_mechanism_verify_success (m, proof, &error));
      g_assert_no_error (error);
    }
  g_assert_null (sleek_sasl_ht_new ("HT-SHA-1-NONE", "juliet", "t0ken", NULL));
}

/* Inline resumption (XEP-0198 with SASL2) */

/* The connection drops; the next login goes over a new peer. */
static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
}

static void
cut (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->disconnected = FALSE;
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  sleek_test_stream_close (f->peer);
  g_assert_true (sleek_test_stream_iterate_until (f->peer, &f->disconnected, &error));
  g_assert_no_error (error);
  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
}

static void
on_resumed (SleekStreamManagement *sm, Fixture *f)
{
  f->resumed++;
}

static void
on_resume_failed (SleekStreamManagement *sm, const GError *error, Fixture *f)
{
  g_clear_error (&f->resume_error);
  f->resume_error = g_error_copy (error);
}

/* Reconnects, the server offering resumption inline as @sm_offer. */
static SleekNode *
expect_resume (Fixture *f, const char *sm_offer)
{
  g_autofree char *features = g_strdup_printf (SASL2_PLAIN ("%s%s"), BIND2_OFFER, sm_offer);
  SleekNode *auth;
  SleekNode *resume;

  cut (f);
  g_signal_connect (sm_of (f), "resumed", G_CALLBACK (on_resumed), f);
  g_signal_connect (sm_of (f), "resume-failed", G_CALLBACK (on_resume_failed), f);
  start (f, features);
  auth = expect_authenticate (f, "PLAIN");
  resume = sleek_node_get_child (auth, "resume", NS_SM);
  g_assert_nonnull (resume);
  g_assert_cmpstr (sleek_node_get_attribute (resume, "previd"), ==, "sm-1");
  g_assert_cmpstr (sleek_node_get_attribute (resume, "h"), ==, "1");
  return auth;
}

static void
test_resume_inline (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  register_inline_plugins (f);
  login_bind2 (f);
  recv (f, "<message from='romeo@example.net/orchard'><body>in1</body></message>");
  expect_silence (f);
  auth = expect_resume (f, SM_OFFER);
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>" FULL_JID "</authorization-identifier>"
           "<resumed xmlns='urn:xmpp:sm:3' h='0' previd='sm-1'/></success>");
  recv (f, FEATURES_AFTER);
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  /* Not bound anew: the client state goes out as after an RFC 6120
   * resumption. */
  expect (f, "<inactive xmlns='urn:xmpp:csi:0'/>");
  expect_silence (f);
  g_assert_cmpuint (f->resumed, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_null (f->resume_error);
  g_assert_true (sleek_stream_management_get_enabled (sm_of (f)));
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==, FULL_JID);
}

/* Resumption refused: Bind2 binds a fresh session in the same go. */
static void
test_resume_inline_failed (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  register_inline_plugins (f);
  login_bind2 (f);
  recv (f, "<message from='romeo@example.net/orchard'><body>in1</body></message>");
  expect_silence (f);
  /* As XEP-0480's example offers it. */
  auth = expect_resume (f, "<resume xmlns='urn:xmpp:sm:3'/>");
  g_assert_nonnull (sleek_node_get_child (auth, "bind", NS_BIND2));
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com/sleek-glib.77aa"
           "</authorization-identifier><failed xmlns='urn:xmpp:sm:3' h='0'><item-not-found "
           "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed><bound xmlns='urn:xmpp:bind:0'>"
           "<enabled xmlns='urn:xmpp:sm:3' id='sm-2' resume='true'/></bound></success>");
  recv (f, FEATURES_AFTER);
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  expect_silence (f);
  g_assert_cmpuint (f->resumed, ==, 0);
  g_assert_cmpuint (f->sessions, ==, 2);
  g_assert_error (f->resume_error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_cmpstr (sleek_stream_management_get_id (sm_of (f)), ==, "sm-2");
  g_assert_cmpstr (sleek_jid_get_resource (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "sleek-glib.77aa");
}

/* The server says nothing of the <resume/>: not resumed, a new session. */
static void
test_resume_inline_ignored (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;
  g_autoptr(GError) error = NULL;

  register_inline_plugins (f);
  login_bind2 (f);
  recv (f, "<message from='romeo@example.net/orchard'><body>in1</body></message>");
  expect_silence (f);
  auth = expect_resume (f, SM_OFFER);
  recv (f, "<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.com/sleek-glib.77aa"
           "</authorization-identifier><bound xmlns='urn:xmpp:bind:0'/></success>");
  recv (f, FEATURES_AFTER);
  /* Nor of the <enable/>: asked again, the usual way. */
  expect (f, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
  recv (f, "<enabled xmlns='urn:xmpp:sm:3' id='sm-3' resume='true'/>");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->resumed, ==, 0);
  g_assert_cmpuint (f->sessions, ==, 2);
  g_assert_error (f->resume_error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION);
  g_assert_cmpstr (sleek_stream_management_get_id (sm_of (f)), ==, "sm-3");
}

/* The classic path */

static void
test_no_sasl2 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;

  start (f, "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
            "</mechanisms></stream:features>");
  expect (f, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABzZWNyZXQ=</auth>");
  recv (f, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
  expect (f, "<stream:stream to='example.com' version='1.0'>");
  header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);
  recv (f, header);
  recv (f, FEATURES_BIND);
  answer_bind (f, "juliet@example.com/balcony");
  g_assert_true (finish (f, &error));
  g_assert_no_error (error);
}

/* Both offered, SASL2 turned off. */
static void
test_sasl2_disabled (Fixture *f, gconstpointer data)
{
  g_object_set (f->client, "sasl2", FALSE, NULL);
  start (f, "<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism></authentication>"
            "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
            "</mechanisms></stream:features>");
  expect (f, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABzZWNyZXQ=</auth>");
}

/* Both offered: SASL2 is preferred. */
static void
test_sasl2_preferred (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) auth = NULL;

  start (f, "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
            "</mechanisms><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism></authentication>"
            "</stream:features>");
  auth = expect_authenticate (f, "PLAIN");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sasl2/scram", test_scram);
  ADD ("/sasl2/scram-forged-server", test_scram_forged_server);
  ADD ("/sasl2/failure-text", test_failure_text);
  ADD ("/sasl2/continue-unsupported", test_continue_unsupported);
  ADD ("/sasl2/scram-upgrade", test_scram_upgrade);
  ADD ("/sasl2/scram-upgrade-bad-data", test_scram_upgrade_bad_data);
  ADD ("/sasl2/user-agent", test_user_agent);
  ADD ("/sasl2/hostile-success", test_hostile_success);
  ADD ("/sasl2/preferred", test_sasl2_preferred);
  ADD ("/sasl2/disabled", test_sasl2_disabled);
  ADD ("/sasl2/not-offered", test_no_sasl2);
  ADD ("/bind2/inline", test_bind2);
  ADD ("/bind2/tag", test_bind2_plain);
  ADD ("/bind2/sm-failed", test_bind2_sm_failed);
  ADD ("/bind2/not-bound", test_bind2_not_bound);
  ADD ("/bind2/no-resource", test_bind2_no_resource);
  ADD ("/fast/request-token", test_fast_request_token);
  ADD ("/fast/login", test_fast_login);
  ADD ("/fast/forged-server", test_fast_forged_server);
  ADD ("/fast/wrong-token", test_fast_wrong_token);
  ADD ("/fast/wrong-token-no-password", test_fast_wrong_token_no_password);
  ADD ("/fast/expired", test_fast_expired);
  ADD ("/fast/needs-encryption", test_fast_needs_encryption);
  ADD ("/fast/rotation", test_fast_rotation);
  ADD ("/fast/invalidate", test_fast_invalidate);
  ADD ("/fast/ht-binding", test_ht_binding);
  ADD ("/fast/app-store", test_fast_app_store);
  ADD ("/sm/resume-inline", test_resume_inline);
  ADD ("/sm/resume-inline-failed", test_resume_inline_failed);
  ADD ("/sm/resume-inline-ignored", test_resume_inline_ignored);
#undef ADD
  return g_test_run ();
}
