/* test-http-upload.c: XEP-0363 HTTP File Upload against Prosody's mod_http_file_share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The harness runs an upload component (SLEEK_TEST_UPLOAD_HOST) whose slots
 * point at Prosody's HTTPS listener on 127.0.0.1, with the test
 * certificate: the client trusts it through its TLS database, and the
 * plugin's own HTTP session follows that.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekHttpUpload *upload;
  guint progress;
  guint64 last_sent;
} Fixture;

static void
on_progress (SleekHttpUpload *upload, SleekHttpUploadSlot *slot, guint64 sent, guint64 total, gpointer user_data)
{
  Fixture *f = user_data;

  f->progress++;
  g_assert_cmpuint (sent, >=, f->last_sent);
  g_assert_cmpuint (sent, <=, total);
  f->last_sent = sent;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->upload = client_util_enable (f->juliet, "xep_0363");
  g_signal_connect (f->upload, "progress", G_CALLBACK (on_progress), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_random_int_range (0, 256);
  return g_bytes_new_take (data, size);
}

static guint64
size_limit (void)
{
  return g_ascii_strtoull (prosody_env_require ("SLEEK_TEST_UPLOAD_SIZE_LIMIT"), NULL, 10);
}

/* Fetches @url with a session of the test's own that trusts the test
 * certificate; the test fails unless the answer is 200. */
static GBytes *
http_get (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (prosody_env_require ("SLEEK_TEST_CA_FILE"), &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GAsyncResult) result = NULL;
  GBytes *body;

  g_assert_no_error (error);
  g_assert_nonnull (msg);
  soup_session_set_tls_database (session, database);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  return body;
}

/* A file of a few hundred KiB goes up in one call and comes back the same. */
static void
test_upload_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = random_bytes (300 * 1024 + 123);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) fetched = NULL;
  g_autofree char *url = NULL;
  g_autofree char *prefix = g_strdup_printf ("https://127.0.0.1:%u/", prosody_env_port ("SLEEK_TEST_HTTPS_PORT"));

  file = g_file_new_tmp ("sleek-upload-XXXXXX.bin", &io, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, g_bytes_get_data (content, NULL), g_bytes_get_size (content), NULL,
                                          FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);

  sleek_http_upload_upload_file_async (f->upload, file, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  url = sleek_http_upload_upload_file_finish (f->upload, result, &error);
  g_file_delete (file, NULL, NULL);
  g_assert_no_error (error);

  /* Found among the server's items, with the limit of its form. */
  g_assert_cmpstr (sleek_jid_to_string (sleek_http_upload_get_service (f->upload)), ==,
                   prosody_env_require ("SLEEK_TEST_UPLOAD_HOST"));
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, size_limit ());
  g_assert_true (g_str_has_prefix (url, prefix));
  g_assert_cmpuint (f->progress, >, 0);
  g_assert_cmpuint (f->last_sent, ==, g_bytes_get_size (content));

  fetched = http_get (url);
  g_assert_true (g_bytes_equal (fetched, content));
}

/* The steps one by one, from memory. */
static void
test_slot_and_put (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = random_bytes (4096);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekJid) service = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) fetched = NULL;

  sleek_http_upload_discover_async (f->upload, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  service = sleek_http_upload_discover_finish (f->upload, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_to_string (service), ==, prosody_env_require ("SLEEK_TEST_UPLOAD_HOST"));
  g_clear_object (&result);

  sleek_http_upload_request_slot_async (f->upload, "notes.txt", g_bytes_get_size (content), "text/plain", NULL,
                                        client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  slot = sleek_http_upload_request_slot_finish (f->upload, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (sleek_http_upload_slot_get_get_url (slot), "/notes.txt"));
  g_clear_object (&result);

  stream = g_memory_input_stream_new_from_bytes (content);
  sleek_http_upload_put_async (f->upload, slot, stream, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_http_upload_put_finish (f->upload, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sleek_http_upload_slot_get_sent (slot), ==, g_bytes_get_size (content));

  fetched = http_get (sleek_http_upload_slot_get_get_url (slot));
  g_assert_true (g_bytes_equal (fetched, content));
}

/* Too large: refused before asking once the limit is known, and by the
 * service when it is not. */
static void
test_too_large (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = random_bytes (size_limit () + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autofree char *url = NULL;

  sleek_http_upload_upload_bytes_async (f->upload, "big.bin", content, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  url = sleek_http_upload_upload_bytes_finish (f->upload, result, &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE);
  g_assert_null (url);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, size_limit ());
  g_assert_cmpuint (f->progress, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Forget the limit: the service refuses, and tells it again. */
  sleek_http_upload_set_max_file_size (f->upload, 0);
  sleek_http_upload_request_slot_async (f->upload, "big.bin", size_limit () + 1, NULL, NULL,
                                        client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  slot = sleek_http_upload_request_slot_finish (f->upload, result, &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE);
  g_assert_null (slot);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, size_limit ());
}

typedef struct {
  GTlsCertificate *expected;
  guint asked;
  gboolean accept;
} Acceptance;

static gboolean
on_accept_certificate (SleekHttpUpload *upload, SleekHttpUploadSlot *slot, GTlsCertificate *certificate,
                       GTlsCertificateFlags errors, gpointer user_data)
{
  Acceptance *acceptance = user_data;

  acceptance->asked++;
  g_assert_true (SLEEK_IS_HTTP_UPLOAD_SLOT (slot));
  g_assert_true (g_tls_certificate_is_same (certificate, acceptance->expected));
  g_assert_true (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  return acceptance->accept;
}

static char *
upload_bytes (Fixture *f, GBytes *content, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_http_upload_upload_bytes_async (f->upload, "a.bin", content, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_http_upload_upload_bytes_finish (f->upload, result, error);
}

/* A session that does not trust the test certificate refuses the upload
 * unless the application accepts the certificate: nothing is accepted
 * behind its back. */
static void
test_untrusted_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = random_bytes (1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GTlsCertificate) expected = g_tls_certificate_new_from_file (prosody_env_require ("SLEEK_TEST_CA_FILE"),
                                                                         &error);
  Acceptance acceptance = { .expected = expected };
  g_autofree char *url = NULL;
  g_autoptr(GBytes) fetched = NULL;

  g_assert_no_error (error);
  sleek_http_upload_set_session (f->upload, session);
  url = upload_bytes (f, content, &error);
  g_assert_null (url);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_TLS_ERROR);
  g_clear_error (&error);

  /* A handler that looks and says no. */
  g_signal_connect (f->upload, "accept-certificate", G_CALLBACK (on_accept_certificate), &acceptance);
  url = upload_bytes (f, content, &error);
  g_assert_null (url);
  g_assert_true (error != NULL && error->domain == G_TLS_ERROR);
  g_assert_cmpuint (acceptance.asked, ==, 1);
  g_clear_error (&error);

  /* One that says yes. */
  acceptance.accept = TRUE;
  url = upload_bytes (f, content, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acceptance.asked, ==, 2);
  fetched = http_get (url);
  g_assert_true (g_bytes_equal (fetched, content));
  g_signal_handlers_disconnect_by_data (f->upload, &acceptance);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/http-upload/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("upload-file", test_upload_file);
  ADD ("slot-and-put", test_slot_and_put);
  ADD ("too-large", test_too_large);
  ADD ("untrusted-certificate", test_untrusted_certificate);
#undef ADD

  return g_test_run ();
}
