/* test-xep-0363.c: SleekHttpUpload, XEP-0363 HTTP File Upload
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The XMPP side runs over SleekTestStream; the HTTP side against a
 * SoupServer of the test's own on 127.0.0.1.
 */
#include "plugin-test-util.h"

#define UPLOAD_NS "urn:xmpp:http:upload:0"
#define INFO_NS "http://jabber.org/protocol/disco#info"
#define ITEMS_NS "http://jabber.org/protocol/disco#items"
#define SERVICE "upload.example.com"

typedef struct {
  PluginFixture base;
  SleekHttpUpload *upload;
  gboolean done;
  GAsyncResult *result;

  /* The HTTP server */
  SoupServer *server;
  char *base_url;
  GBytes *received;
  char *received_type;
  char *received_auth;
  char *received_evil;
  guint puts;
  GPtrArray *paused;  /* SoupServerMessage left waiting */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);
  g_autoptr(GError) error = NULL;

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0363", &error));
  g_assert_no_error (error);
  f->upload = SLEEK_HTTP_UPLOAD (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0363"));
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  g_clear_object (&f->result);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < f->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->paused, i);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_unref (f->paused);
  if (f->server != NULL)
    soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->base_url);
  g_clear_pointer (&f->received, g_bytes_unref);
  g_free (f->received_type);
  g_free (f->received_auth);
  g_free (f->received_evil);
  reset (f);
  pt_teardown (&f->base, data);
}

static void
on_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->result);
  f->result = g_object_ref (result);
  f->done = TRUE;
}

static void
wait_result (Fixture *f)
{
  pt_wait_for (&f->base, &f->done);
  g_assert_nonnull (f->result);
}

static SleekHttpUploadSlot *
finish_slot (Fixture *f, GError **error)
{
  wait_result (f);
  return sleek_http_upload_request_slot_finish (f->upload, f->result, error);
}

static void
use_service (Fixture *f)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);

  sleek_http_upload_set_service (f->upload, service);
}

/* Sends the slot request and checks it; returns the request's id. */
static char *
expect_request (Fixture *f, const char *attributes)
{
  g_autofree char *format = g_strdup_printf ("<iq type='get' id='%%s' to='" SERVICE "'>"
                                             "<request xmlns='" UPLOAD_NS "' %s/></iq>", attributes);

  return pt_expect_send_any_id (&f->base, format);
}

static void
answer (Fixture *f, const char *id, const char *type, const char *payload)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='%s' id='%s' from='" SERVICE "' to='" OWN_JID "'>%s</iq>",
                                          type, id, payload);

  pt_recv (&f->base, xml);
}

/* Asks for a slot for @filename of @size bytes without a content type,
 * checks the request, answers it with an iq of @type carrying @payload
 * and returns what the plugin made of it. */
static SleekHttpUploadSlot *
ask_slot (Fixture *f, const char *filename, guint64 size, const char *type, const char *payload, GError **error)
{
  g_autofree char *attributes = g_strdup_printf ("filename='%s' size='%" G_GUINT64_FORMAT "'", filename, size);
  g_autofree char *id = NULL;

  reset (f);
  sleek_http_upload_request_slot_async (f->upload, filename, size, NULL, NULL, on_result, f);
  id = expect_request (f, attributes);
  answer (f, id, type, payload);
  return finish_slot (f, error);
}

/* Discovery */

static void
test_discover (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) service = NULL;
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  g_assert_null (sleek_http_upload_get_service (f->upload));
  sleek_http_upload_discover_async (f->upload, NULL, on_result, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" ITEMS_NS "'/></iq>");
  xml = g_strdup_printf ("<iq type='result' id='%s' from='example.com'><query xmlns='" ITEMS_NS "'>"
                         "<item jid='conference.example.com'/><item jid='" SERVICE "'/></query></iq>", id);
  pt_recv (&f->base, xml);

  /* Both items are asked at once; the MUC service answers with an error
   * anyway, after the upload service. */
  {
    g_autofree char *muc_id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='conference.example.com'>"
                                                               "<query xmlns='" INFO_NS "'/></iq>");

    g_free (id);
    id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" SERVICE "'><query xmlns='" INFO_NS "'/></iq>");
    g_free (xml);
    xml = g_strdup_printf ("<iq type='result' id='%s' from='" SERVICE "'><query xmlns='" INFO_NS "'>"
                           "<identity category='store' type='file' name='HTTP File Upload'/>"
                           "<feature var='" UPLOAD_NS "'/>"
                           "<x type='result' xmlns='jabber:x:data'>"
                           "<field var='FORM_TYPE' type='hidden'><value>" UPLOAD_NS "</value></field>"
                           "<field var='max-file-size'><value>5242880</value></field></x>"
                           "</query></iq>", id);
    pt_recv (&f->base, xml);
    g_free (xml);
    xml = g_strdup_printf ("<iq type='error' id='%s' from='conference.example.com'><error type='cancel'>"
                           "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", muc_id);
    pt_recv (&f->base, xml);
  }

  wait_result (f);
  service = sleek_http_upload_discover_finish (f->upload, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_to_string (service), ==, SERVICE);
  g_assert_cmpstr (sleek_jid_to_string (sleek_http_upload_get_service (f->upload)), ==, SERVICE);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, 5242880);
}

/* The first service to answer is the one: an item that never answers
 * holds nothing up, and its late answer changes nothing. */
static void
test_discover_first_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) service = NULL;
  g_autofree char *id = NULL;
  g_autofree char *slow_id = NULL;
  g_autofree char *xml = NULL;

  sleek_http_upload_discover_async (f->upload, NULL, on_result, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" ITEMS_NS "'/></iq>");
  xml = g_strdup_printf ("<iq type='result' id='%s' from='example.com'><query xmlns='" ITEMS_NS "'>"
                         "<item jid='slow.example.com'/><item jid='" SERVICE "'/></query></iq>", id);
  pt_recv (&f->base, xml);
  slow_id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='slow.example.com'>"
                                             "<query xmlns='" INFO_NS "'/></iq>");
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" SERVICE "'><query xmlns='" INFO_NS "'/></iq>");
  g_free (xml);
  xml = g_strdup_printf ("<iq type='result' id='%s' from='" SERVICE "'><query xmlns='" INFO_NS "'>"
                         "<feature var='" UPLOAD_NS "'/></query></iq>", id);
  pt_recv (&f->base, xml);
  wait_result (f);
  service = sleek_http_upload_discover_finish (f->upload, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_to_string (service), ==, SERVICE);
  /* No form: no limit known. */
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, 0);

  g_free (xml);
  xml = g_strdup_printf ("<iq type='result' id='%s' from='slow.example.com'><query xmlns='" INFO_NS "'>"
                         "<feature var='" UPLOAD_NS "'/></query></iq>", slow_id);
  pt_recv (&f->base, xml);
  pt_expect_silence (&f->base);
  g_assert_cmpstr (sleek_jid_to_string (sleek_http_upload_get_service (f->upload)), ==, SERVICE);
}

static void
test_no_service (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  /* A slot request finds the service first. */
  sleek_http_upload_request_slot_async (f->upload, "a.txt", 10, NULL, NULL, on_result, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" ITEMS_NS "'/></iq>");
  xml = g_strdup_printf ("<iq type='result' id='%s' from='example.com'><query xmlns='" ITEMS_NS "'>"
                         "<item jid='pubsub.example.com'/></query></iq>", id);
  pt_recv (&f->base, xml);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='pubsub.example.com'>"
                                        "<query xmlns='" INFO_NS "'/></iq>");
  g_free (xml);
  xml = g_strdup_printf ("<iq type='result' id='%s' from='pubsub.example.com'><query xmlns='" INFO_NS "'>"
                         "<identity category='pubsub' type='service'/>"
                         "<feature var='http://jabber.org/protocol/pubsub'/></query></iq>", id);
  pt_recv (&f->base, xml);

  slot = finish_slot (f, &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE);
  g_assert_null (slot);
  g_assert_null (sleek_http_upload_get_service (f->upload));
  pt_expect_silence (&f->base);
}

/* Slots */

static void
test_request_slot (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autofree char *id = NULL;
  SoupMessageHeaders *headers;
  guint n_headers = 0;
  SoupMessageHeadersIter iter;
  const char *name, *value;

  use_service (f);
  sleek_http_upload_request_slot_async (f->upload, "tr\303\251s jolie.jpg", 23456, "image/jpeg", NULL, on_result, f);
  id = expect_request (f, "filename='tr\303\251s jolie.jpg' size='23456' content-type='image/jpeg'");
  answer (f, id, "result",
          "<slot xmlns='" UPLOAD_NS "'>"
          "<put url='https://upload.example.com/abc/tr%C3%A9s%20jolie.jpg'>"
          "<header name='Authorization'>Basic Base64String==</header>"
          "<header name='cookie'>foo=bar;\r\n user=romeo</header>"
          "<header name='Expires'>Tue, 24 Nov 2026 10:00:00 GMT</header>"
          "<header name='Host'>evil.example.org</header>"
          "<header name='X-Injected'>1</header>"
          "<header>no name</header>"
          "</put>"
          "<get url='https://download.example.com/abc/tr%C3%A9s%20jolie.jpg'/>"
          "</slot>");
  slot = finish_slot (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_http_upload_slot_get_filename (slot), ==, "tr\303\251s jolie.jpg");
  g_assert_cmpuint (sleek_http_upload_slot_get_size (slot), ==, 23456);
  g_assert_cmpstr (sleek_http_upload_slot_get_content_type (slot), ==, "image/jpeg");
  g_assert_cmpstr (sleek_http_upload_slot_get_put_url (slot), ==, "https://upload.example.com/abc/tr%C3%A9s%20jolie.jpg");
  g_assert_cmpstr (sleek_http_upload_slot_get_get_url (slot), ==, "https://download.example.com/abc/tr%C3%A9s%20jolie.jpg");
  g_assert_cmpuint (sleek_http_upload_slot_get_sent (slot), ==, 0);

  /* Only the three headers XEP-0363 allows, and no line breaks. */
  headers = sleek_http_upload_slot_get_put_headers (slot);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, "Basic Base64String==");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cookie"), ==, "foo=bar; user=romeo");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Expires"), ==, "Tue, 24 Nov 2026 10:00:00 GMT");
  g_assert_null (soup_message_headers_get_one (headers, "Host"));
  g_assert_null (soup_message_headers_get_one (headers, "X-Injected"));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    n_headers++;
  g_assert_cmpuint (n_headers, ==, 3);

  /* Without a content type, the attribute is left out. */
  reset (f);
  g_clear_object (&slot);
  sleek_http_upload_request_slot_async (f->upload, "notes", 7, NULL, NULL, on_result, f);
  g_free (id);
  id = expect_request (f, "filename='notes' size='7'");
  answer (f, id, "result", "<slot xmlns='" UPLOAD_NS "'><put url='http://127.0.0.1:5280/p'/>"
                           "<get url='http://127.0.0.1:5280/g'/></slot>");
  slot = finish_slot (f, &error);
  g_assert_no_error (error);
  g_assert_null (sleek_http_upload_slot_get_content_type (slot));
  g_assert_cmpstr (sleek_http_upload_slot_get_put_url (slot), ==, "http://127.0.0.1:5280/p");
}

static void
test_too_large_before_asking (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;

  use_service (f);
  sleek_http_upload_set_max_file_size (f->upload, 1000);
  sleek_http_upload_request_slot_async (f->upload, "big.bin", 1001, NULL, NULL, on_result, f);
  slot = finish_slot (f, &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE);
  g_assert_null (slot);
  pt_expect_silence (&f->base);

  /* At the limit, the service is asked. */
  g_clear_error (&error);
  slot = ask_slot (f, "fits.bin", 1000, "result", "<slot xmlns='" UPLOAD_NS "'><put url='https://u.example.com/p'/>"
                                                  "<get url='https://u.example.com/g'/></slot>", &error);
  g_assert_no_error (error);
  g_assert_nonnull (slot);
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autofree char *when = NULL;

  use_service (f);

  /* file-too-large tells the limit, which then holds. */
  slot = ask_slot (f, "big.bin", 30000, "error",
                   "<request xmlns='" UPLOAD_NS "' filename='big.bin' size='30000'/>"
                   "<error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/>"
                   "<text xmlns='" NS_STANZAS "'>File too large. The maximum file size is 20000 bytes</text>"
                   "<file-too-large xmlns='" UPLOAD_NS "'><max-file-size>20000</max-file-size></file-too-large>"
                   "</error>", &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE);
  g_assert_null (slot);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, 20000);

  /* retry tells when to ask again. */
  g_clear_error (&error);
  g_assert_null (sleek_http_upload_get_retry_after (f->upload));
  slot = ask_slot (f, "a.bin", 100, "error",
                   "<error type='wait'><resource-constraint xmlns='" NS_STANZAS "'/>"
                   "<text xmlns='" NS_STANZAS "'>Quota reached. You can only upload 5 files in 5 minutes</text>"
                   "<retry xmlns='" UPLOAD_NS "' stamp='2026-12-03T23:42:05Z'/></error>", &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_RETRY);
  g_assert_null (slot);
  g_assert_nonnull (sleek_http_upload_get_retry_after (f->upload));
  when = g_date_time_format_iso8601 (sleek_http_upload_get_retry_after (f->upload));
  g_assert_cmpstr (when, ==, "2026-12-03T23:42:05Z");

  /* Any other refusal is the stanza error. */
  g_clear_error (&error);
  slot = ask_slot (f, "a.bin", 100, "error", "<error type='cancel'><not-allowed xmlns='" NS_STANZAS "'/></error>",
                   &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
  g_assert_null (slot);

  /* A file-too-large without a readable limit keeps the old one. */
  g_clear_error (&error);
  slot = ask_slot (f, "a.bin", 100, "error",
                   "<error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/>"
                   "<file-too-large xmlns='" UPLOAD_NS "'><max-file-size>lots</max-file-size>"
                   "</file-too-large></error>", &error);
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE);
  g_assert_null (slot);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, 20000);
}

/* A cancelled request ends at once; the answer that comes later is
 * dropped. */
static void
test_request_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;

  use_service (f);
  sleek_http_upload_request_slot_async (f->upload, "a.bin", 100, NULL, cancellable, on_result, f);
  id = expect_request (f, "filename='a.bin' size='100'");
  g_cancellable_cancel (cancellable);
  slot = finish_slot (f, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (slot);

  reset (f);
  answer (f, id, "error", "<error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/>"
                          "<file-too-large xmlns='" UPLOAD_NS "'><max-file-size>5</max-file-size>"
                          "</file-too-large></error>");
  pt_expect_silence (&f->base);
  g_assert_false (f->done);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, 0);
}

static void
test_invalid_slots (Fixture *f, gconstpointer data)
{
  static const char * const answers[] = {
    "",
    "<slot xmlns='" UPLOAD_NS "'/>",
    "<slot xmlns='" UPLOAD_NS "'><put url='https://u.example.com/p'/></slot>",
    "<slot xmlns='" UPLOAD_NS "'><get url='https://u.example.com/g'/></slot>",
    "<slot xmlns='" UPLOAD_NS "'><put url='ftp://u.example.com/p'/><get url='https://u.example.com/g'/></slot>",
    "<slot xmlns='" UPLOAD_NS "'><put url='https://u.example.com/p'/><get url='/relative'/></slot>",
    "<slot xmlns='" UPLOAD_NS "'><put url='https:///p'/><get url='https://u.example.com/g'/></slot>",
    "<slot xmlns='urn:xmpp:http:upload'><put url='https://u.example.com/p'/><get url='https://u.example.com/g'/></slot>",
  };

  use_service (f);
  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekHttpUploadSlot) slot = ask_slot (f, "a.bin", 100, "result", answers[i], &error);

      g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT);
      g_assert_null (slot);
    }
}

/* An answer from anybody but the service is not the answer. */
static void
test_spoofed_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  use_service (f);
  sleek_http_upload_request_slot_async (f->upload, "a.bin", 100, NULL, NULL, on_result, f);
  id = expect_request (f, "filename='a.bin' size='100'");
  xml = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><error type='modify'>"
                         "<not-acceptable xmlns='" NS_STANZAS "'/><file-too-large xmlns='" UPLOAD_NS "'>"
                         "<max-file-size>1</max-file-size></file-too-large></error></iq>", id);
  pt_recv (&f->base, xml);
  answer (f, id, "result", "<slot xmlns='" UPLOAD_NS "'><put url='https://u.example.com/p'/>"
                           "<get url='https://u.example.com/g'/></slot>");
  slot = finish_slot (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sleek_http_upload_get_max_file_size (f->upload), ==, 0);
}

/* HTTP */

static void
on_http_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                 gpointer user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;

  if (strcmp (soup_server_message_get_method (msg), "PUT") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  f->puts++;
  if (strcmp (path, "/forbidden") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  if (strcmp (path, "/hang") == 0)
    {
      g_ptr_array_add (f->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
      return;
    }
  bytes = soup_message_body_flatten (body);
  g_clear_pointer (&f->received, g_bytes_unref);
  f->received = g_bytes_ref (bytes);
  g_free (f->received_type);
  f->received_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  g_free (f->received_auth);
  f->received_auth = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (f->received_evil);
  f->received_evil = g_strdup (soup_message_headers_get_one (headers, "X-Injected"));
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
start_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, on_http_request, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base_url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (f->base_url, "/"))
    f->base_url[strlen (f->base_url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (f->base_url, "http://127.0.0.1:"));
}

/* A slot for @size bytes whose PUT URL is our server's @path. */
static SleekHttpUploadSlot *
get_slot (Fixture *f, const char *path, guint64 size, const char *content_type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *attributes = NULL;
  g_autofree char *payload = NULL;
  SleekHttpUploadSlot *slot;

  reset (f);
  use_service (f);
  sleek_http_upload_request_slot_async (f->upload, "data.bin", size, content_type, NULL, on_result, f);
  attributes = content_type != NULL
               ? g_strdup_printf ("filename='data.bin' size='%" G_GUINT64_FORMAT "' content-type='%s'", size,
                                  content_type)
               : g_strdup_printf ("filename='data.bin' size='%" G_GUINT64_FORMAT "'", size);
  id = expect_request (f, attributes);
  payload = g_strdup_printf ("<slot xmlns='" UPLOAD_NS "'><put url='%s%s'>"
                             "<header name='Authorization'>Bearer secret-token</header>"
                             "<header name='X-Injected'>no</header></put>"
                             "<get url='%s/get%s'/></slot>", f->base_url, path, f->base_url, path);
  answer (f, id, "result", payload);
  slot = finish_slot (f, &error);
  g_assert_no_error (error);
  reset (f);
  return slot;
}

static GBytes *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) ((i * 7 + i / 251) & 0xff);
  return g_bytes_new_take (data, size);
}

/* Uploads @content to @slot and waits for the outcome. */
static gboolean
put_bytes (Fixture *f, SleekHttpUploadSlot *slot, GBytes *content, GCancellable *cancellable, GError **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (content);

  reset (f);
  sleek_http_upload_put_async (f->upload, slot, stream, cancellable, on_result, f);
  wait_result (f);
  return sleek_http_upload_put_finish (f->upload, f->result, error);
}

typedef struct {
  guint signals;
  guint notifies;
  guint64 last;
  guint64 total;
  gboolean monotonic;
  GCancellable *cancel_at_end;
} Progress;

static void
on_progress (SleekHttpUpload *upload, SleekHttpUploadSlot *slot, guint64 sent, guint64 total, gpointer user_data)
{
  Progress *p = user_data;

  p->signals++;
  if (sent < p->last || sent != sleek_http_upload_slot_get_sent (slot))
    p->monotonic = FALSE;
  p->last = sent;
  p->total = total;
  if (p->cancel_at_end != NULL && sent == total)
    g_cancellable_cancel (p->cancel_at_end);
}

static void
on_sent_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  ((Progress *) user_data)->notifies++;
}

static void
test_put (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = pattern (300 * 1024 + 17);
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };

  start_server (f);
  slot = get_slot (f, "/put/data.bin", g_bytes_get_size (content), "application/x-test");
  g_signal_connect (f->upload, "progress", G_CALLBACK (on_progress), &progress);
  g_signal_connect (slot, "notify::sent", G_CALLBACK (on_sent_notify), &progress);

  g_assert_true (put_bytes (f, slot, content, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (f->puts, ==, 1);
  g_assert_nonnull (f->received);
  g_assert_true (g_bytes_equal (f->received, content));
  g_assert_cmpstr (f->received_type, ==, "application/x-test");
  g_assert_cmpstr (f->received_auth, ==, "Bearer secret-token");
  g_assert_null (f->received_evil);

  g_assert_cmpuint (progress.signals, >, 0);
  g_assert_cmpuint (progress.notifies, >, 0);
  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.last, ==, g_bytes_get_size (content));
  g_assert_cmpuint (progress.total, ==, g_bytes_get_size (content));
  g_assert_cmpuint (sleek_http_upload_slot_get_sent (slot), ==, g_bytes_get_size (content));
  g_signal_handlers_disconnect_by_data (f->upload, &progress);
}

static void
test_put_status_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = pattern (1000);
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autoptr(GError) error = NULL;

  start_server (f);
  slot = get_slot (f, "/forbidden", g_bytes_get_size (content), NULL);
  g_assert_false (put_bytes (f, slot, content, NULL, &error));
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "403"));
  g_assert_cmpuint (f->puts, ==, 1);
}

static void
test_put_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = pattern (64 * 1024);
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { .monotonic = TRUE, .cancel_at_end = cancellable };

  /* The server never answers: the upload is cancelled once the body is
   * out, while it waits. */
  start_server (f);
  slot = get_slot (f, "/hang", g_bytes_get_size (content), NULL);
  g_signal_connect (f->upload, "progress", G_CALLBACK (on_progress), &progress);
  g_assert_false (put_bytes (f, slot, content, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_signal_handlers_disconnect_by_data (f->upload, &progress);
}

static void
test_put_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = pattern (10);
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = NULL;

  /* A port that was free a moment ago: nothing listens there. */
  start_server (f);
  closed = g_strdup (f->base_url);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  slot = get_slot (f, "/gone", g_bytes_get_size (content), NULL);
  g_assert_false (put_bytes (f, slot, content, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (error->domain == SLEEK_HTTP_UPLOAD_ERROR);
}

/* The application's session is the one used. */
static void
on_request_started (SoupSession *session, SoupMessage *msg, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_upload_bytes (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = pattern (40000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *id = NULL;
  g_autofree char *payload = NULL;
  guint started = 0;

  start_server (f);
  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_started), &started);
  sleek_http_upload_set_session (f->upload, session);
  g_assert_true (sleek_http_upload_get_session (f->upload) == session);
  use_service (f);

  sleek_http_upload_upload_bytes_async (f->upload, "notes.txt", content, "text/plain", NULL, on_result, f);
  id = expect_request (f, "filename='notes.txt' size='40000' content-type='text/plain'");
  payload = g_strdup_printf ("<slot xmlns='" UPLOAD_NS "'><put url='%s/up/notes.txt'/>"
                             "<get url='%s/down/notes.txt'/></slot>", f->base_url, f->base_url);
  answer (f, id, "result", payload);
  wait_result (f);
  url = sleek_http_upload_upload_bytes_finish (f->upload, f->result, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s/down/notes.txt", f->base_url);
  g_assert_cmpstr (url, ==, expected);
  g_assert_true (g_bytes_equal (f->received, content));
  g_assert_cmpstr (f->received_type, ==, "text/plain");
  g_assert_null (f->received_auth);
  g_assert_cmpuint (started, ==, 1);
  sleek_http_upload_set_session (f->upload, NULL);
  g_assert_null (sleek_http_upload_get_session (f->upload));
}

static void
test_upload_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) content = pattern (120000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *format = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *name = NULL;

  start_server (f);
  file = g_file_new_tmp ("sleek-upload-XXXXXX.txt", &io, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, g_bytes_get_data (content, NULL), g_bytes_get_size (content), NULL,
                                          FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  name = g_file_get_basename (file);
  use_service (f);

  /* Too large for the known limit: refused before anything is asked. */
  sleek_http_upload_set_max_file_size (f->upload, 100000);
  sleek_http_upload_upload_file_async (f->upload, file, NULL, NULL, on_result, f);
  wait_result (f);
  g_assert_null (sleek_http_upload_upload_file_finish (f->upload, f->result, &error));
  g_assert_error (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE);
  pt_expect_silence (&f->base);
  g_clear_error (&error);

  /* The MIME type is guessed from the name. */
  reset (f);
  sleek_http_upload_set_max_file_size (f->upload, 0);
  sleek_http_upload_upload_file_async (f->upload, file, NULL, NULL, on_result, f);
  format = g_strdup_printf ("filename='%s' size='120000' content-type='text/plain'", name);
  id = expect_request (f, format);
  payload = g_strdup_printf ("<slot xmlns='" UPLOAD_NS "'><put url='%s/f'/><get url='%s/g'/></slot>",
                             f->base_url, f->base_url);
  answer (f, id, "result", payload);
  wait_result (f);
  url = sleek_http_upload_upload_file_finish (f->upload, f->result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (url, "/g"));
  g_assert_true (g_bytes_equal (f->received, content));

  /* A folder is no file to upload. */
  reset (f);
  g_clear_pointer (&url, g_free);
  {
    g_autoptr(GFile) folder = g_file_get_parent (file);

    sleek_http_upload_upload_file_async (f->upload, folder, NULL, NULL, on_result, f);
    wait_result (f);
    g_assert_null (sleek_http_upload_upload_file_finish (f->upload, f->result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
    pt_expect_silence (&f->base);
  }
  g_file_delete (file, NULL, NULL);
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekHttpUpload) upload = g_object_ref (f->upload);
  g_autoptr(SleekHttpUploadSlot) slot = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0363", &error));
  g_assert_no_error (error);
  sleek_http_upload_request_slot_async (upload, "a.bin", 10, NULL, NULL, on_result, f);
  wait_result (f);
  slot = sleek_http_upload_request_slot_finish (upload, f->result, &error);
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  g_assert_null (slot);
  pt_expect_silence (&f->base);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/xep-0363/" name, Fixture, NULL, setup, func, teardown)
  ADD ("discover", test_discover);
  ADD ("discover-first-answer", test_discover_first_answer);
  ADD ("no-service", test_no_service);
  ADD ("request-slot", test_request_slot);
  ADD ("too-large-before-asking", test_too_large_before_asking);
  ADD ("refusals", test_refusals);
  ADD ("request-cancel", test_request_cancel);
  ADD ("invalid-slots", test_invalid_slots);
  ADD ("spoofed-answer", test_spoofed_answer);
  ADD ("put", test_put);
  ADD ("put-status-error", test_put_status_error);
  ADD ("put-cancel", test_put_cancel);
  ADD ("put-unreachable", test_put_unreachable);
  ADD ("upload-bytes", test_upload_bytes);
  ADD ("upload-file", test_upload_file);
  ADD ("removal", test_removal);
#undef ADD

  return g_test_run ();
}
