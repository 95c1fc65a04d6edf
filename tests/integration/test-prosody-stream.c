/* test-prosody-stream.c: SleekXmlStream against a real Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Run through tests/integration/prosody-harness (meson does): the server's
 * ports, accounts and certificate come from prosody-env.h. Every case
 * opens connections of its own on its own GMainContext, and every wait
 * gives up after WAIT_TIMEOUT_MS.
 */
#include <sleek/sleek.h>

#include <string.h>

#include "prosody-env.h"

#define WAIT_TIMEOUT_MS 10000

#define FEATURES_XPATH "{" SLEEK_NS_STREAMS "}features"

typedef struct {
  GMainContext *ctx;
  gboolean timed_out;

  GSocketConnection *tcp;
  GTlsConnection *tls;
  GTlsCertificate *ca;
  guint n_accept_certificate;
  GTlsCertificateFlags accept_errors;
  gboolean handshake_done;
  GError *handshake_error;

  const char *component;          /* leased component JID, or NULL */

  SleekXmlStream *stream;
  guint n_stream_start;
  SleekNode *header;             /* the peer's latest stream header */
  GPtrArray *features;           /* SleekNode: every <stream:features/>, in order */
  GPtrArray *received;           /* SleekNode: every other stanza, in order */
  gboolean disconnected;
  GError *disconnect_error;
  gboolean disconnect_done;
  gboolean disconnect_ok;
  GError *disconnect_finish_error;
} Fixture;

/* Waiting */

static gboolean
on_wait_timeout (gpointer user_data)
{
  Fixture *f = user_data;

  f->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GSource *
arm_timeout (Fixture *f)
{
  GSource *source = g_timeout_source_new (WAIT_TIMEOUT_MS);

  f->timed_out = FALSE;
  g_source_set_callback (source, on_wait_timeout, f, NULL);
  g_source_attach (source, f->ctx);
  return source;
}

static void
disarm_timeout (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* Iterates the test's context until @cond holds, for at most
 * WAIT_TIMEOUT_MS; the test fails if it still does not. */
#define WAIT_FOR(f, cond)                                               \
  G_STMT_START {                                                        \
    GSource *wait_timeout_ = arm_timeout (f);                           \
    while (!(cond) && !(f)->timed_out)                                  \
      g_main_context_iteration ((f)->ctx, TRUE);                        \
    disarm_timeout (wait_timeout_);                                     \
    if (!(cond))                                                        \
      g_test_message ("Timed out after %d ms waiting for: %s",          \
                      WAIT_TIMEOUT_MS, #cond);                          \
    g_assert_true (cond);                                               \
  } G_STMT_END

/* Fixture */

static void
on_stream_start (SleekXmlStream *stream, SleekNode *header, Fixture *f)
{
  f->n_stream_start++;
  g_clear_pointer (&f->header, sleek_node_unref);
  f->header = sleek_node_ref (header);
}

static void
on_stanza (SleekXmlStream *stream, SleekStanza *stanza, Fixture *f)
{
  SleekNode *node = sleek_stanza_get_node (stanza);

  if (sleek_node_is (node, "features", SLEEK_NS_STREAMS))
    return;  /* the features handler has it */
  g_ptr_array_add (f->received, sleek_node_ref (node));
}

static void
on_features (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->features, sleek_node_ref (sleek_stanza_get_node (stanza)));
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
  g_clear_error (&f->disconnect_error);
  if (error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMatcher) features = NULL;

  if (!prosody_env_available ())
    {
      g_test_skip ("No Prosody: run through tests/integration/prosody-harness run --");
      return;
    }

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->features = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);

  f->stream = sleek_xml_stream_new ();
  g_signal_connect (f->stream, "stream-start", G_CALLBACK (on_stream_start), f);
  g_signal_connect (f->stream, "stanza", G_CALLBACK (on_stanza), f);
  g_signal_connect (f->stream, "disconnected", G_CALLBACK (on_disconnected), f);
  features = sleek_matcher_new_xpath (FEATURES_XPATH);
  sleek_xml_stream_add_handler (f->stream, features, SLEEK_HANDLER_NONE, on_features, f, NULL);
}

static void
drain (Fixture *f)
{
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->ctx == NULL)
    return;  /* skipped */

  if (sleek_xml_stream_get_io_stream (f->stream) != NULL)
    {
      sleek_xml_stream_abort (f->stream);
      WAIT_FOR (f, f->disconnected);
    }
  drain (f);
  g_clear_object (&f->stream);
  if (f->tls != NULL)
    g_io_stream_close (G_IO_STREAM (f->tls), NULL, NULL);
  if (f->tcp != NULL)
    g_io_stream_close (G_IO_STREAM (f->tcp), NULL, NULL);
  g_clear_object (&f->tls);
  g_clear_object (&f->tcp);
  g_clear_object (&f->ca);
  drain (f);
  if (f->component != NULL)
    prosody_env_release_component (f->component);

  g_clear_pointer (&f->header, sleek_node_unref);
  g_clear_pointer (&f->features, g_ptr_array_unref);
  g_clear_pointer (&f->received, g_ptr_array_unref);
  g_clear_error (&f->disconnect_error);
  g_clear_error (&f->handshake_error);
  g_clear_error (&f->disconnect_finish_error);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* Helpers */

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GSocketConnection **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* A TCP connection to the server's @port_key port on 127.0.0.1. */
static void
connect_tcp (Fixture *f, const char *port_key)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;

  address = g_network_address_new (prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                                   prosody_env_port (port_key));
  /* Loopback only: never through a proxy the environment may name. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, WAIT_TIMEOUT_MS / 1000);
  g_socket_client_connect_async (client, address, NULL, on_connected, &f->tcp);
  WAIT_FOR (f, f->tcp != NULL);
}

static gboolean
tls_available (void)
{
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return TRUE;
  g_test_skip ("No TLS backend (glib-networking)");
  return FALSE;
}

static GTlsCertificate *
load_ca (void)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *ca = g_tls_certificate_new_from_file (prosody_env_require ("SLEEK_TEST_CA_FILE"), &error);

  g_assert_no_error (error);
  return ca;
}

/* Accepts the server's self-signed certificate, and nothing else. */
static gboolean
on_accept_certificate (GTlsConnection *tls, GTlsCertificate *peer, GTlsCertificateFlags errors, Fixture *f)
{
  f->n_accept_certificate++;
  f->accept_errors = errors;
  return g_tls_certificate_is_same (peer, f->ca);
}

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &f->handshake_error);
  f->handshake_done = TRUE;
}

/* A TLS client connection over the TCP connection, checking the server
 * as `localhost` (which also sends that name in SNI). */
static void
make_tls (Fixture *f, GSocketConnectable *identity)
{
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  f->ca = load_ca ();
  tls = g_tls_client_connection_new (G_IO_STREAM (f->tcp), identity, &error);
  g_assert_no_error (error);
  f->tls = G_TLS_CONNECTION (tls);
  g_signal_connect (f->tls, "accept-certificate", G_CALLBACK (on_accept_certificate), f);
}

static SleekNode *
client_header (const char *to, gboolean version)
{
  SleekNode *header = sleek_node_new ("stream", SLEEK_NS_STREAMS);

  sleek_node_set_attribute (header, "to", to);
  if (version)
    sleek_node_set_attribute (header, "version", "1.0");
  return header;
}

static void
open_stream (Fixture *f, const char *to, gboolean version)
{
  g_autoptr(SleekNode) header = client_header (to, version);

  sleek_xml_stream_open (f->stream, header);
}

static SleekNode *
last_features (Fixture *f)
{
  g_assert_cmpuint (f->features->len, >, 0);
  return g_ptr_array_index (f->features, f->features->len - 1);
}

/* Asserts the server's latest stream header is a fresh one from @from. */
static void
assert_header (Fixture *f, const char *from)
{
  const char *id;

  g_assert_nonnull (f->header);
  g_assert_true (sleek_node_is (f->header, "stream", SLEEK_NS_STREAMS));
  g_assert_cmpstr (sleek_node_get_attribute (f->header, "from"), ==, from);
  id = sleek_node_get_attribute (f->header, "id");
  g_assert_nonnull (id);
  g_assert_cmpuint (strlen (id), >=, 8);
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (f->stream), ==, id);
}

static void
assert_scram_offered (SleekNode *features)
{
  SleekNode *mechanisms = sleek_node_get_child (features, "mechanisms", SLEEK_NS_SASL);
  gboolean scram_sha1 = FALSE;

  g_assert_nonnull (mechanisms);
  for (guint i = 0; i < sleek_node_get_n_children (mechanisms); i++)
    {
      SleekNode *mechanism = sleek_node_get_nth_child (mechanisms, i);

      g_assert_true (sleek_node_is (mechanism, "mechanism", SLEEK_NS_SASL));
      g_test_message ("mechanism: %s", sleek_node_get_text (mechanism));
      if (g_strcmp0 (sleek_node_get_text (mechanism), "SCRAM-SHA-1") == 0)
        scram_sha1 = TRUE;
    }
  g_assert_true (scram_sha1);
  /* Encrypted: no second STARTTLS. */
  g_assert_null (sleek_node_get_child (features, "starttls", SLEEK_NS_TLS));
}

static void
on_disconnect_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->disconnect_ok = sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result,
                                                         &f->disconnect_finish_error);
  f->disconnect_done = TRUE;
}

/* Ends the stream politely and checks both sides closed it cleanly. */
static void
disconnect_politely (Fixture *f)
{
  sleek_xml_stream_disconnect_async (f->stream, NULL, on_disconnect_done, f);
  WAIT_FOR (f, f->disconnect_done);
  g_assert_no_error (f->disconnect_finish_error);
  g_assert_true (f->disconnect_ok);
  g_assert_true (f->disconnected);
  g_assert_no_error (f->disconnect_error);
  g_assert_null (sleek_xml_stream_get_io_stream (f->stream));
  g_assert_false (sleek_xml_stream_is_connected (f->stream));
}

/* c2s: the server requires STARTTLS */

static void
test_c2s_starttls_required (Fixture *f, gconstpointer data)
{
  const char *host;
  SleekNode *features;
  SleekNode *starttls;

  if (f->ctx == NULL)
    return;
  host = prosody_env_require ("SLEEK_TEST_PROSODY_HOST");

  connect_tcp (f, "SLEEK_TEST_C2S_PORT");
  sleek_xml_stream_attach (f->stream, G_IO_STREAM (f->tcp));
  open_stream (f, host, TRUE);

  WAIT_FOR (f, f->n_stream_start == 1 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  assert_header (f, host);
  g_assert_cmpstr (sleek_node_get_attribute (f->header, "version"), ==, "1.0");

  WAIT_FOR (f, f->features->len == 1 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  features = last_features (f);
  starttls = sleek_node_get_child (features, "starttls", SLEEK_NS_TLS);
  g_assert_nonnull (starttls);
  g_assert_nonnull (sleek_node_get_child (starttls, "required", SLEEK_NS_TLS));
  /* No authentication before TLS. */
  g_assert_null (sleek_node_get_child (features, "mechanisms", SLEEK_NS_SASL));

  disconnect_politely (f);
  g_assert_cmpuint (f->received->len, ==, 0);
}

/* c2s: a host the server does not serve ends the stream with an error */

static void
test_c2s_host_unknown (Fixture *f, gconstpointer data)
{
  if (f->ctx == NULL)
    return;

  connect_tcp (f, "SLEEK_TEST_C2S_PORT");
  sleek_xml_stream_attach (f->stream, G_IO_STREAM (f->tcp));
  open_stream (f, "example.org", TRUE);

  WAIT_FOR (f, f->disconnected);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_HOST_UNKNOWN);
  g_assert_cmpuint (f->features->len, ==, 0);
}

/* c2s: STARTTLS by hand over the stream */

static void
on_proceed (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;
  const char *host = prosody_env_require ("SLEEK_TEST_PROSODY_HOST");
  g_autoptr(GSocketConnectable) identity = g_network_address_new (host, 0);

  make_tls (f, identity);
  /* Switch the stream over now, from inside the handler: the TLS bytes
   * after <proceed/> must not reach the XML parser, and once the handler
   * returns the stream reads again, from the TLS connection. That read
   * and the write of the new header run the handshake implicitly.
   *
   * Not an explicit g_tls_connection_handshake_async(): started here, the
   * stream's next read on the TLS connection races it and glib-networking
   * 2.74 aborts ("do_implicit_handshake: assertion failed:
   * (!priv->handshake_context)"); started here with the restart left for
   * its callback, the stream's read still pending on the TCP connection
   * makes the handshake fail with G_IO_ERROR_PENDING. */
  sleek_xml_stream_restart (stream, G_IO_STREAM (f->tls));
  open_stream (f, host, TRUE);
}

static void
test_c2s_starttls (Fixture *f, gconstpointer data)
{
  const char *host;
  g_autoptr(SleekMatcher) proceed = NULL;
  g_autofree char *first_id = NULL;
  GTlsCertificate *peer;

  if (f->ctx == NULL || !tls_available ())
    return;
  /* <proceed/> can arrive while <starttls/> is still being written (under
   * valgrind or ASan, often): the stream's first read on the TLS
   * connection then waits for that write (test-xml-stream's
   * /xml-stream/restart/waits-for-write). */
  host = prosody_env_require ("SLEEK_TEST_PROSODY_HOST");

  connect_tcp (f, "SLEEK_TEST_C2S_PORT");
  sleek_xml_stream_attach (f->stream, G_IO_STREAM (f->tcp));
  open_stream (f, host, TRUE);
  WAIT_FOR (f, f->features->len == 1 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  g_assert_nonnull (sleek_node_get_child (last_features (f), "starttls", SLEEK_NS_TLS));
  first_id = g_strdup (sleek_xml_stream_get_stream_id (f->stream));

  proceed = sleek_matcher_new_xpath ("{" SLEEK_NS_TLS "}proceed");
  sleek_xml_stream_add_handler (f->stream, proceed, SLEEK_HANDLER_ONCE, on_proceed, f, NULL);
  sleek_xml_stream_send_raw (f->stream, "<starttls xmlns='" SLEEK_NS_TLS "'/>");

  /* The server's new stream comes over TLS. */
  WAIT_FOR (f, f->n_stream_start == 2 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  g_assert_false (f->disconnected);
  assert_header (f, host);
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (f->stream), !=, first_id);
  g_assert_true (sleek_xml_stream_get_io_stream (f->stream) == G_IO_STREAM (f->tls));

  /* The system store does not know the certificate, and that is all that
   * is wrong with it: its name and dates are right. */
  g_assert_cmpuint (f->n_accept_certificate, ==, 1);
  g_assert_cmpuint (f->accept_errors, ==, G_TLS_CERTIFICATE_UNKNOWN_CA);
  peer = g_tls_connection_get_peer_certificate (f->tls);
  g_assert_nonnull (peer);
  g_assert_true (g_tls_certificate_is_same (peer, f->ca));

  WAIT_FOR (f, f->features->len == 2 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  assert_scram_offered (last_features (f));

  disconnect_politely (f);
  g_assert_cmpuint (f->received->len, ==, 1);  /* <proceed/> */
  g_assert_true (sleek_node_is (g_ptr_array_index (f->received, 0), "proceed", SLEEK_NS_TLS));
}

/* c2s: direct TLS (XEP-0368) */

static void
direct_tls_handshake (Fixture *f, GSocketConnectable *identity)
{
  const char * const alpn[] = { "xmpp-client", NULL };
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  connect_tcp (f, "SLEEK_TEST_DIRECT_TLS_PORT");
  make_tls (f, identity);
  g_tls_connection_set_advertised_protocols (f->tls, alpn);
  /* Trusting the CA file is all it takes: no accept-certificate. */
  database = g_tls_file_database_new (prosody_env_require ("SLEEK_TEST_CA_FILE"), &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (f->tls, database);

  g_tls_connection_handshake_async (f->tls, G_PRIORITY_DEFAULT, NULL, on_handshake, f);
  WAIT_FOR (f, f->handshake_done);
  g_assert_no_error (f->handshake_error);
  g_assert_cmpuint (f->n_accept_certificate, ==, 0);
  g_assert_true (g_tls_certificate_is_same (g_tls_connection_get_peer_certificate (f->tls), f->ca));
  g_test_message ("negotiated ALPN protocol: %s",
                  g_tls_connection_get_negotiated_protocol (f->tls) != NULL
                    ? g_tls_connection_get_negotiated_protocol (f->tls) : "(none)");
}

static void
direct_tls_stream (Fixture *f)
{
  const char *host = prosody_env_require ("SLEEK_TEST_PROSODY_HOST");

  sleek_xml_stream_attach (f->stream, G_IO_STREAM (f->tls));
  open_stream (f, host, TRUE);
  WAIT_FOR (f, f->n_stream_start == 1 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  assert_header (f, host);
  WAIT_FOR (f, f->features->len == 1 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  assert_scram_offered (last_features (f));
  disconnect_politely (f);
  g_assert_cmpuint (f->received->len, ==, 0);
}

static void
test_c2s_direct_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketConnectable) identity = NULL;

  if (f->ctx == NULL || !tls_available ())
    return;

  /* By name: SNI says localhost, the certificate comes from the
   * certificates folder. */
  identity = g_network_address_new (prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), 0);
  direct_tls_handshake (f, identity);
  direct_tls_stream (f);
}

static void
test_c2s_direct_tls_no_sni (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketConnectable) identity = NULL;

  if (f->ctx == NULL || !tls_available ())
    return;

  /* By address: no SNI, so the server's default certificate, which must
   * name 127.0.0.1. */
  identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (prosody_env_require ("SLEEK_TEST_PROSODY_ADDRESS"),
                                                                          prosody_env_port ("SLEEK_TEST_DIRECT_TLS_PORT")));
  direct_tls_handshake (f, identity);
  direct_tls_stream (f);
}

/* Component (XEP-0114) */

static void
open_component_stream (Fixture *f)
{
  /* One connection per component: tests that run side by side against
   * one server each take their own from the pool. */
  f->component = prosody_env_lease_component ();
  g_test_message ("component: %s", f->component);

  connect_tcp (f, "SLEEK_TEST_COMPONENT_PORT");
  sleek_xml_stream_set_default_namespace (f->stream, SLEEK_NS_COMPONENT);
  sleek_xml_stream_attach (f->stream, G_IO_STREAM (f->tcp));
  open_stream (f, f->component, FALSE);
  WAIT_FOR (f, f->n_stream_start == 1 || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  assert_header (f, f->component);
}

static void
send_handshake (Fixture *f, const char *secret)
{
  g_autofree char *token = g_strconcat (sleek_xml_stream_get_stream_id (f->stream), secret, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, token, -1);
  g_autofree char *xml = g_strdup_printf ("<handshake>%s</handshake>", digest);

  sleek_xml_stream_send_raw (f->stream, xml);
}

static SleekNode *
find_received (Fixture *f, const char *name, const char *ns)
{
  for (guint i = 0; i < f->received->len; i++)
    if (sleek_node_is (g_ptr_array_index (f->received, i), name, ns))
      return g_ptr_array_index (f->received, i);
  return NULL;
}

static void
on_iq_result (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekNode **out = user_data;

  g_clear_pointer (out, sleek_node_unref);
  *out = sleek_node_ref (sleek_stanza_get_node (stanza));
}

static void
test_component_handshake (Fixture *f, gconstpointer data)
{
  const char *host;
  SleekNode *handshake;
  g_autoptr(SleekMatcher) by_id = NULL;
  g_autoptr(SleekNode) result = NULL;
  g_autofree char *iq = NULL;
  SleekNode *query;

  if (f->ctx == NULL)
    return;
  host = prosody_env_require ("SLEEK_TEST_PROSODY_HOST");

  open_component_stream (f);
  send_handshake (f, prosody_env_require ("SLEEK_TEST_COMPONENT_SECRET"));
  WAIT_FOR (f, find_received (f, "handshake", SLEEK_NS_COMPONENT) != NULL || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  handshake = find_received (f, "handshake", SLEEK_NS_COMPONENT);
  g_assert_cmpuint (sleek_node_get_n_children (handshake), ==, 0);
  g_assert_cmpstr (sleek_node_get_text (handshake) ? sleek_node_get_text (handshake) : "", ==, "");

  /* Routed: the server answers the component's disco#info query. */
  by_id = sleek_matcher_new_id ("sleek-disco-1");
  sleek_xml_stream_add_handler (f->stream, by_id, SLEEK_HANDLER_ONCE, on_iq_result, &result, NULL);
  iq = g_strdup_printf ("<iq type='get' id='sleek-disco-1' from='%s' to='%s'>"
                        "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>", f->component, host);
  sleek_xml_stream_send_raw (f->stream, iq);
  WAIT_FOR (f, result != NULL || f->disconnected);
  g_assert_no_error (f->disconnect_error);
  g_assert_nonnull (result);
  g_assert_true (sleek_node_is (result, "iq", SLEEK_NS_COMPONENT));
  g_assert_cmpstr (sleek_node_get_attribute (result, "type"), ==, "result");
  g_assert_cmpstr (sleek_node_get_attribute (result, "from"), ==, host);
  g_assert_cmpstr (sleek_node_get_attribute (result, "to"), ==, f->component);
  query = sleek_node_get_child (result, "query", "http://jabber.org/protocol/disco#info");
  g_assert_nonnull (query);
  g_assert_nonnull (sleek_node_get_child (query, "identity", "http://jabber.org/protocol/disco#info"));

  disconnect_politely (f);
}

static void
test_component_wrong_secret (Fixture *f, gconstpointer data)
{
  if (f->ctx == NULL)
    return;

  open_component_stream (f);
  send_handshake (f, "not-the-secret");
  WAIT_FOR (f, f->disconnected);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_NOT_AUTHORIZED);
  g_assert_null (find_received (f, "handshake", SLEEK_NS_COMPONENT));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/prosody/c2s/starttls-required", test_c2s_starttls_required);
  ADD ("/prosody/c2s/host-unknown", test_c2s_host_unknown);
  ADD ("/prosody/c2s/starttls", test_c2s_starttls);
  ADD ("/prosody/c2s/direct-tls", test_c2s_direct_tls);
  ADD ("/prosody/c2s/direct-tls-no-sni", test_c2s_direct_tls_no_sni);
  ADD ("/prosody/component/handshake", test_component_handshake);
  ADD ("/prosody/component/wrong-secret", test_component_wrong_secret);
#undef ADD

  return g_test_run ();
}
