/* sleek-xep-0363-http-upload.c: XEP-0363 HTTP File Upload
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0082-datetime.h"
#include "sleek-xep-0363-http-upload.h"

/**
 * sleek_http_upload_error_quark:
 *
 * The error domain of the `xep_0363` plugin; C code uses the
 * `SLEEK_HTTP_UPLOAD_ERROR` macro instead.
 *
 * Returns: the quark of the [error@Sleek.HttpUploadError] domain
 */
G_DEFINE_QUARK (sleek-http-upload-error-quark, sleek_http_upload_error)

G_DEFINE_ENUM_TYPE (SleekHttpUploadError, sleek_http_upload_error,
                    G_DEFINE_ENUM_VALUE (SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE, "no-service"),
                    G_DEFINE_ENUM_VALUE (SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE, "file-too-large"),
                    G_DEFINE_ENUM_VALUE (SLEEK_HTTP_UPLOAD_ERROR_RETRY, "retry"),
                    G_DEFINE_ENUM_VALUE (SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT, "invalid-slot"),
                    G_DEFINE_ENUM_VALUE (SLEEK_HTTP_UPLOAD_ERROR_HTTP, "http"))

/* The only headers XEP-0363 lets a slot ask for. */
static const char * const allowed_headers[] = { "Authorization", "Cookie", "Expires" };

/* ------------------------------------------------------------------ */
/* SleekHttpUploadSlot                                                */
/* ------------------------------------------------------------------ */

/**
 * SleekHttpUploadSlot:
 *
 * An upload slot of XEP-0363: where to send one file with an HTTP `PUT`
 * ([method@Sleek.HttpUploadSlot.get_put_url], with the headers of
 * [method@Sleek.HttpUploadSlot.get_put_headers]) and where the file can be
 * fetched from afterwards ([method@Sleek.HttpUploadSlot.get_get_url]).
 * [method@Sleek.HttpUpload.request_slot_async] gives one, and
 * [method@Sleek.HttpUpload.put_async] uses it; during the upload
 * [property@Sleek.HttpUploadSlot:sent] counts the bytes sent.
 */
struct _SleekHttpUploadSlot
{
  GObject parent_instance;

  char *filename;
  guint64 size;
  char *content_type;
  char *put_url;
  SoupMessageHeaders *put_headers;
  char *get_url;
  guint64 sent;
};

enum {
  SLOT_PROP_0,
  SLOT_PROP_FILENAME,
  SLOT_PROP_SIZE,
  SLOT_PROP_CONTENT_TYPE,
  SLOT_PROP_PUT_URL,
  SLOT_PROP_GET_URL,
  SLOT_PROP_SENT,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

G_DEFINE_FINAL_TYPE (SleekHttpUploadSlot, sleek_http_upload_slot, G_TYPE_OBJECT)

static void
sleek_http_upload_slot_finalize (GObject *object)
{
  SleekHttpUploadSlot *self = SLEEK_HTTP_UPLOAD_SLOT (object);

  g_free (self->filename);
  g_free (self->content_type);
  g_free (self->put_url);
  g_clear_pointer (&self->put_headers, soup_message_headers_unref);
  g_free (self->get_url);
  G_OBJECT_CLASS (sleek_http_upload_slot_parent_class)->finalize (object);
}

static void
sleek_http_upload_slot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekHttpUploadSlot *self = SLEEK_HTTP_UPLOAD_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case SLOT_PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case SLOT_PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;
    case SLOT_PROP_PUT_URL:
      g_value_set_string (value, self->put_url);
      break;
    case SLOT_PROP_GET_URL:
      g_value_set_string (value, self->get_url);
      break;
    case SLOT_PROP_SENT:
      g_value_set_uint64 (value, self->sent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_http_upload_slot_class_init (SleekHttpUploadSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sleek_http_upload_slot_finalize;
  object_class->get_property = sleek_http_upload_slot_get_property;

  /**
   * SleekHttpUploadSlot:filename: (getter get_filename)
   *
   * The file name the slot was requested for.
   */
  slot_properties[SLOT_PROP_FILENAME] = g_param_spec_string ("filename", NULL, NULL, NULL, flags);
  /**
   * SleekHttpUploadSlot:size: (getter get_size)
   *
   * The size in bytes the slot was requested for: exactly what the upload
   * must send.
   */
  slot_properties[SLOT_PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /**
   * SleekHttpUploadSlot:content-type: (getter get_content_type)
   *
   * The MIME type the slot was requested with, sent as the `Content-Type`
   * of the upload; %NULL when none was given.
   */
  slot_properties[SLOT_PROP_CONTENT_TYPE] = g_param_spec_string ("content-type", NULL, NULL, NULL, flags);
  /**
   * SleekHttpUploadSlot:put-url: (getter get_put_url)
   *
   * The `http` or `https` URL to upload the file to with `PUT`.
   */
  slot_properties[SLOT_PROP_PUT_URL] = g_param_spec_string ("put-url", NULL, NULL, NULL, flags);
  /**
   * SleekHttpUploadSlot:get-url: (getter get_get_url)
   *
   * The `http` or `https` URL the file can be fetched from once uploaded:
   * the one to share.
   */
  slot_properties[SLOT_PROP_GET_URL] = g_param_spec_string ("get-url", NULL, NULL, NULL, flags);
  /**
   * SleekHttpUploadSlot:sent: (getter get_sent)
   *
   * How many bytes of the file [method@Sleek.HttpUpload.put_async] has
   * sent so far, out of [property@Sleek.HttpUploadSlot:size]; notified
   * as the upload goes on.
   */
  slot_properties[SLOT_PROP_SENT] = g_param_spec_uint64 ("sent", NULL, NULL, 0, G_MAXUINT64, 0,
                                                         flags | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
sleek_http_upload_slot_init (SleekHttpUploadSlot *self)
{
  self->put_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
}

/**
 * sleek_http_upload_slot_get_filename: (get-property filename)
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets the file name the slot was requested for.
 *
 * Returns: the file name
 */
const char *
sleek_http_upload_slot_get_filename (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), NULL);
  return self->filename;
}

/**
 * sleek_http_upload_slot_get_size: (get-property size)
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets the size the slot was requested for.
 *
 * Returns: the size in bytes
 */
guint64
sleek_http_upload_slot_get_size (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), 0);
  return self->size;
}

/**
 * sleek_http_upload_slot_get_content_type: (get-property content-type)
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets the MIME type the slot was requested with.
 *
 * Returns: (nullable): the MIME type, or %NULL
 */
const char *
sleek_http_upload_slot_get_content_type (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), NULL);
  return self->content_type;
}

/**
 * sleek_http_upload_slot_get_put_url: (get-property put-url)
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets the URL to upload the file to.
 *
 * Returns: the `PUT` URL
 */
const char *
sleek_http_upload_slot_get_put_url (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), NULL);
  return self->put_url;
}

/**
 * sleek_http_upload_slot_get_put_headers:
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets the headers the service asked the upload to carry. Only
 * `Authorization`, `Cookie` and `Expires` are kept, as XEP-0363 says, with
 * any line break taken out of their values; the service's other headers
 * are dropped.
 *
 * Returns: (transfer none): the headers, possibly none
 */
SoupMessageHeaders *
sleek_http_upload_slot_get_put_headers (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), NULL);
  return self->put_headers;
}

/**
 * sleek_http_upload_slot_get_get_url: (get-property get-url)
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets the URL the file can be fetched from once uploaded.
 *
 * Returns: the `GET` URL
 */
const char *
sleek_http_upload_slot_get_get_url (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), NULL);
  return self->get_url;
}

/**
 * sleek_http_upload_slot_get_sent: (get-property sent)
 * @self: a [class@Sleek.HttpUploadSlot]
 *
 * Gets how many bytes the upload has sent so far.
 *
 * Returns: the bytes sent
 */
guint64
sleek_http_upload_slot_get_sent (SleekHttpUploadSlot *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (self), 0);
  return self->sent;
}

static void
slot_set_sent (SleekHttpUploadSlot *self, guint64 sent)
{
  if (self->sent == sent)
    return;
  self->sent = sent;
  g_object_notify_by_pspec (G_OBJECT (self), slot_properties[SLOT_PROP_SENT]);
}

/* A URL a slot may carry: absolute, http or https, with a host. */
static gboolean
url_is_http (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/* Line breaks in a header would let the service smuggle in headers of its
 * own: they go. */
static char *
strip_line_breaks (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\r' && *p != '\n')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
slot_add_header (SleekHttpUploadSlot *self, SleekNode *header)
{
  const char *name = sleek_node_get_attribute (header, "name");
  const char *text = sleek_node_get_text (header);
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_value = NULL;

  if (name == NULL)
    return;
  clean_name = strip_line_breaks (name);
  for (gsize i = 0; i < G_N_ELEMENTS (allowed_headers); i++)
    {
      if (g_ascii_strcasecmp (clean_name, allowed_headers[i]) != 0)
        continue;
      clean_value = strip_line_breaks (text != NULL ? text : "");
      soup_message_headers_append (self->put_headers, allowed_headers[i], clean_value);
      return;
    }
  g_debug ("Dropping the header %s of an upload slot: XEP-0363 does not allow it", clean_name);
}

/* Reads <slot xmlns='urn:xmpp:http:upload:0'/> out of an answer. */
static SleekHttpUploadSlot *
slot_new_from_answer (SleekIq *answer, const char *filename, guint64 size, const char *content_type,
                      GError **error)
{
  SleekNode *node = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "slot",
                                          SLEEK_NS_HTTP_UPLOAD);
  SleekNode *put = node != NULL ? sleek_node_get_child (node, "put", SLEEK_NS_HTTP_UPLOAD) : NULL;
  SleekNode *get = node != NULL ? sleek_node_get_child (node, "get", SLEEK_NS_HTTP_UPLOAD) : NULL;
  const char *put_url = put != NULL ? sleek_node_get_attribute (put, "url") : NULL;
  const char *get_url = get != NULL ? sleek_node_get_attribute (get, "url") : NULL;
  g_autoptr(SleekHttpUploadSlot) slot = NULL;
  guint n;

  if (node == NULL)
    {
      g_set_error_literal (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT,
                           _("The upload service answered without a slot"));
      return NULL;
    }
  if (!url_is_http (put_url) || !url_is_http (get_url))
    {
      g_set_error_literal (error, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT,
                           _("The upload slot lacks an HTTP URL to upload to or to fetch from"));
      return NULL;
    }

  slot = g_object_new (SLEEK_TYPE_HTTP_UPLOAD_SLOT, NULL);
  slot->filename = g_strdup (filename);
  slot->size = size;
  slot->content_type = g_strdup (content_type);
  slot->put_url = g_strdup (put_url);
  slot->get_url = g_strdup (get_url);
  n = sleek_node_get_n_children (put);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (put, i);

      if (sleek_node_is (child, "header", SLEEK_NS_HTTP_UPLOAD))
        slot_add_header (slot, child);
    }
  return g_steal_pointer (&slot);
}

/* ------------------------------------------------------------------ */
/* SleekHttpUpload                                                    */
/* ------------------------------------------------------------------ */

/**
 * SleekHttpUpload:
 *
 * The `xep_0363` plugin: XEP-0363 HTTP File Upload, the way to share a
 * file by link. The server's upload service hands out a slot for a file
 * (a URL to `PUT` it to, and the URL it can then be fetched from), and the
 * plugin uploads the file there over HTTP with libsoup.
 *
 * [method@Sleek.HttpUpload.upload_file_async] does it all in one call:
 * it finds the service among the server's disco items (through the
 * `xep_0030` plugin it depends on, reading the service's largest file size
 * from the XEP-0128 form of its disco information), refuses a file larger
 * than that without asking, asks for a slot, uploads the file and gives
 * the URL to share. The steps are also there one by one:
 * [method@Sleek.HttpUpload.discover_async],
 * [method@Sleek.HttpUpload.request_slot_async] and
 * [method@Sleek.HttpUpload.put_async].
 *
 * ## HTTP and TLS
 *
 * Uploads go through [property@Sleek.HttpUpload:session] when the
 * application sets one, with whatever TLS settings it has. Otherwise the
 * plugin uses a session of its own that trusts what the stream trusts: the
 * [property@Sleek.ClientXmpp:tls-database] of a [class@Sleek.ClientXmpp]
 * when it has one, the system's certificate authorities otherwise. A
 * certificate that fails those checks fails the upload with a #GTlsError
 * unless a handler of [signal@Sleek.HttpUpload::accept-certificate]
 * accepts it; nothing is ever accepted behind the application's back.
 *
 * ## Progress
 *
 * While a file goes up, [property@Sleek.HttpUploadSlot:sent] counts the
 * bytes sent and [signal@Sleek.HttpUpload::progress] reports them.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0363", &error);
 * upload = SLEEK_HTTP_UPLOAD (sleek_base_xmpp_get_plugin (xmpp, "xep_0363"));
 * g_signal_connect (upload, "progress", G_CALLBACK (on_progress), data);
 * file = g_file_new_for_path ("holiday.jpg");
 * sleek_http_upload_upload_file_async (upload, file, NULL, NULL, on_uploaded, data);
 *
 * static void
 * on_uploaded (GObject *source, GAsyncResult *result, gpointer data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autofree char *url =
 *     sleek_http_upload_upload_file_finish (SLEEK_HTTP_UPLOAD (source), result, &error);
 *
 *   if (url != NULL)
 *     g_print ("Shared as %s\n", url);
 * }
 * ```
 */
struct _SleekHttpUpload
{
  SleekPlugin parent_instance;

  SoupSession *session;      /* the application's */
  SoupSession *own_session;  /* ours, made on first use */
  SleekJid *service;
  guint64 max_file_size;     /* 0: no limit known */
  GDateTime *retry_after;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SERVICE,
  PROP_MAX_FILE_SIZE,
  PROP_RETRY_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  SIGNAL_ACCEPT_CERTIFICATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekHttpUpload, sleek_http_upload, SLEEK_TYPE_PLUGIN)

static void
sleek_http_upload_finalize (GObject *object)
{
  SleekHttpUpload *self = SLEEK_HTTP_UPLOAD (object);

  g_clear_object (&self->session);
  g_clear_object (&self->own_session);
  g_clear_pointer (&self->service, sleek_jid_unref);
  g_clear_pointer (&self->retry_after, g_date_time_unref);
  G_OBJECT_CLASS (sleek_http_upload_parent_class)->finalize (object);
}

static void
sleek_http_upload_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekHttpUpload *self = SLEEK_HTTP_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SERVICE:
      g_value_set_boxed (value, self->service);
      break;
    case PROP_MAX_FILE_SIZE:
      g_value_set_uint64 (value, self->max_file_size);
      break;
    case PROP_RETRY_AFTER:
      g_value_set_boxed (value, self->retry_after);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_http_upload_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekHttpUpload *self = SLEEK_HTTP_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sleek_http_upload_set_session (self, g_value_get_object (value));
      break;
    case PROP_SERVICE:
      sleek_http_upload_set_service (self, g_value_get_boxed (value));
      break;
    case PROP_MAX_FILE_SIZE:
      sleek_http_upload_set_max_file_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_http_upload_class_init (SleekHttpUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sleek_http_upload_finalize;
  object_class->get_property = sleek_http_upload_get_property;
  object_class->set_property = sleek_http_upload_set_property;

  /**
   * SleekHttpUpload:session: (getter get_session) (setter set_session)
   *
   * The application's HTTP session for the uploads, with its own TLS
   * settings, proxy and so on; %NULL (the default) for one of the
   * plugin's own, which trusts the certificates the stream trusts.
   */
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION, rw);
  /**
   * SleekHttpUpload:service: (getter get_service) (setter set_service)
   *
   * The upload service: found by [method@Sleek.HttpUpload.discover_async]
   * (or on the first upload), or set by the application, which then skips
   * the discovery. %NULL while unknown.
   */
  properties[PROP_SERVICE] = g_param_spec_boxed ("service", NULL, NULL, SLEEK_TYPE_JID, rw);
  /**
   * SleekHttpUpload:max-file-size: (getter get_max_file_size) (setter set_max_file_size)
   *
   * The largest file in bytes the service accepts, from its disco
   * information or from its last refusal of a file too large; 0 when it
   * states no limit. Larger files are refused without asking.
   */
  properties[PROP_MAX_FILE_SIZE] = g_param_spec_uint64 ("max-file-size", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  /**
   * SleekHttpUpload:retry-after: (getter get_retry_after)
   *
   * When the service, refusing a slot for now, said to ask again
   * (%SLEEK_HTTP_UPLOAD_ERROR_RETRY); %NULL until it did.
   */
  properties[PROP_RETRY_AFTER] = g_param_spec_boxed ("retry-after", NULL, NULL, G_TYPE_DATE_TIME,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekHttpUpload::progress:
   * @self: the plugin
   * @slot: the slot the file goes to
   * @sent: the bytes sent so far
   * @total: the size of the file
   *
   * Part of a file went up: emitted as
   * [method@Sleek.HttpUpload.put_async] (and the uploads that use it)
   * writes the body, after [property@Sleek.HttpUploadSlot:sent] was
   * updated.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SLEEK_TYPE_HTTP_UPLOAD_SLOT, G_TYPE_UINT64, G_TYPE_UINT64);
  /**
   * SleekHttpUpload::accept-certificate:
   * @self: the plugin
   * @slot: the slot being uploaded to
   * @certificate: the HTTP server's certificate
   * @errors: why it failed validation
   *
   * The certificate of the HTTPS server an upload goes to failed
   * validation against the session's TLS database. Return %TRUE to accept
   * it anyway (for example after comparing it with one the user pinned);
   * without a handler that does, the upload fails with a #GTlsError.
   *
   * Returns: %TRUE to accept the certificate
   */
  signals[SIGNAL_ACCEPT_CERTIFICATE] =
    g_signal_new ("accept-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 3, SLEEK_TYPE_HTTP_UPLOAD_SLOT,
                  G_TYPE_TLS_CERTIFICATE, G_TYPE_TLS_CERTIFICATE_FLAGS);
}

static void
sleek_http_upload_init (SleekHttpUpload *self)
{
}

/**
 * sleek_http_upload_get_session: (get-property session)
 * @self: a [class@Sleek.HttpUpload]
 *
 * Gets the application's HTTP session for the uploads.
 *
 * Returns: (transfer none) (nullable): the session, or %NULL when the
 *   plugin uses its own
 */
SoupSession *
sleek_http_upload_get_session (SleekHttpUpload *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD (self), NULL);
  return self->session;
}

/**
 * sleek_http_upload_set_session: (set-property session)
 * @self: a [class@Sleek.HttpUpload]
 * @session: (nullable): the session for the uploads, or %NULL for the
 *   plugin's own
 *
 * Sets the HTTP session the next uploads go through.
 */
void
sleek_http_upload_set_session (SleekHttpUpload *self, SoupSession *session)
{
  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * sleek_http_upload_get_service: (get-property service)
 * @self: a [class@Sleek.HttpUpload]
 *
 * Gets the upload service.
 *
 * Returns: (transfer none) (nullable): the service, or %NULL while unknown
 */
SleekJid *
sleek_http_upload_get_service (SleekHttpUpload *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD (self), NULL);
  return self->service;
}

/**
 * sleek_http_upload_set_service: (set-property service)
 * @self: a [class@Sleek.HttpUpload]
 * @service: (nullable): the upload service, or %NULL to find it again on
 *   the next upload
 *
 * Sets the upload service, skipping its discovery.
 */
void
sleek_http_upload_set_service (SleekHttpUpload *self, SleekJid *service)
{
  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));

  if (self->service == service || (self->service != NULL && service != NULL &&
                                    sleek_jid_equal (self->service, service)))
    return;
  g_clear_pointer (&self->service, sleek_jid_unref);
  self->service = service != NULL ? sleek_jid_ref (service) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

/**
 * sleek_http_upload_get_max_file_size: (get-property max-file-size)
 * @self: a [class@Sleek.HttpUpload]
 *
 * Gets the largest file the service accepts.
 *
 * Returns: the size in bytes, or 0 when no limit is known
 */
guint64
sleek_http_upload_get_max_file_size (SleekHttpUpload *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD (self), 0);
  return self->max_file_size;
}

/**
 * sleek_http_upload_set_max_file_size: (set-property max-file-size)
 * @self: a [class@Sleek.HttpUpload]
 * @size: the largest file in bytes, or 0 for no limit
 *
 * Sets the largest file to ask a slot for; the service's discovery sets
 * it again.
 */
void
sleek_http_upload_set_max_file_size (SleekHttpUpload *self, guint64 size)
{
  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));

  if (self->max_file_size == size)
    return;
  self->max_file_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FILE_SIZE]);
}

/**
 * sleek_http_upload_get_retry_after: (get-property retry-after)
 * @self: a [class@Sleek.HttpUpload]
 *
 * Gets when the service said to ask again for a slot it refused.
 *
 * Returns: (transfer none) (nullable): the time, or %NULL
 */
GDateTime *
sleek_http_upload_get_retry_after (SleekHttpUpload *self)
{
  g_return_val_if_fail (SLEEK_IS_HTTP_UPLOAD (self), NULL);
  return self->retry_after;
}

static void
set_retry_after (SleekHttpUpload *self, GDateTime *when)
{
  g_clear_pointer (&self->retry_after, g_date_time_unref);
  self->retry_after = when != NULL ? g_date_time_ref (when) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AFTER]);
}

static gboolean
parse_size (const char *text, guint64 *size)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  return g_ascii_string_to_unsigned (trimmed, 10, 1, G_MAXUINT64, size, NULL);
}

static gboolean
return_if_too_large (SleekHttpUpload *self, GTask *task, guint64 size)
{
  g_autofree char *file_size = NULL;
  g_autofree char *max_size = NULL;

  if (self->max_file_size == 0 || size <= self->max_file_size)
    return FALSE;
  /* Sizes as text, in the user's language (gettext cannot carry
   * G_GUINT64_FORMAT). */
  file_size = g_format_size_full (size, G_FORMAT_SIZE_LONG_FORMAT);
  max_size = g_format_size_full (self->max_file_size, G_FORMAT_SIZE_LONG_FORMAT);
  g_task_return_new_error (task, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE,
                           _("The file is %s, more than the %s the upload service accepts"),
                           file_size, max_size);
  return TRUE;
}

/* Discovery: every item of the server is asked at once, and the first
 * that answers as an upload service is the one; an item that never
 * answers holds nothing up once another has. */

typedef struct {
  guint outstanding;  /* disco#info requests not answered yet */
  gboolean returned;
} Discovery;

static void
on_item_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekHttpUpload *self = g_task_get_source_object (task);
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_info_finish (SLEEK_DISCO (source), result, &error);
  SleekDataForm *form;
  guint64 max = 0;

  discovery->outstanding--;
  if (discovery->returned)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      discovery->returned = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (info == NULL || !sleek_disco_info_has_feature (info, SLEEK_NS_HTTP_UPLOAD))
    {
      if (error != NULL)
        g_debug ("Skipping an item that does not answer disco#info: %s", error->message);
      if (discovery->outstanding == 0)
        {
          discovery->returned = TRUE;
          g_task_return_new_error (task, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE,
                                   _("The server offers no HTTP upload service"));
        }
      return;
    }

  form = sleek_disco_info_get_form (info, SLEEK_NS_HTTP_UPLOAD);
  if (form != NULL && !parse_size (sleek_data_form_get_field_value (form, "max-file-size"), &max))
    max = 0;
  sleek_http_upload_set_service (self, sleek_disco_info_get_jid (info));
  sleek_http_upload_set_max_file_size (self, max);
  discovery->returned = TRUE;
  g_task_return_pointer (task, sleek_jid_ref (self->service), (GDestroyNotify) sleek_jid_unref);
}

static void
on_server_items (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *discovery = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) items = sleek_disco_get_items_finish (SLEEK_DISCO (source), result, &error);

  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (items->len == 0)
    {
      g_task_return_new_error (task, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE,
                               _("The server offers no HTTP upload service"));
      return;
    }
  discovery->outstanding = items->len;
  for (guint i = 0; i < items->len; i++)
    {
      SleekDiscoItem *item = g_ptr_array_index (items, i);

      sleek_disco_get_info_async (SLEEK_DISCO (source), sleek_disco_item_get_jid (item),
                                  sleek_disco_item_get_node (item), g_task_get_cancellable (task), on_item_info,
                                  g_object_ref (task));
    }
}

/* The server of the stream, or NULL with an error when there is none. */
static SleekJid *
server_jid (SleekHttpUpload *self, GError **error)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekJid *own = xmpp != NULL ? sleek_base_xmpp_get_bound_jid (xmpp) : NULL;

  if (own == NULL && xmpp != NULL)
    own = sleek_base_xmpp_get_jid (xmpp);
  if (own == NULL)
    {
      g_set_error_literal (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                           _("The stream has no account whose server could be asked"));
      return NULL;
    }
  return sleek_jid_new (sleek_jid_get_domain (own), error);
}

/**
 * sleek_http_upload_discover_async:
 * @self: an enabled [class@Sleek.HttpUpload]
 * @cancellable: (nullable): stops the discovery
 * @callback: (scope async) (closure user_data): called with the service
 * @user_data: data for @callback
 *
 * Looks for the upload service among the server's disco items, asking
 * them all at once: the first to answer that it serves
 * `urn:xmpp:http:upload:0` is the one. It becomes
 * [property@Sleek.HttpUpload:service], and the `max-file-size` of its
 * XEP-0128 form [property@Sleek.HttpUpload:max-file-size].
 */
void
sleek_http_upload_discover_async (SleekHttpUpload *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekJid) server = NULL;
  SleekDisco *disco;
  GError *error = NULL;

  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_http_upload_discover_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  server = server_jid (self, &error);
  if (server == NULL || disco == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                                     _("The plugin is not enabled on a stream with service discovery"));
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_new0 (Discovery, 1), g_free);
  sleek_disco_get_items_async (disco, server, NULL, cancellable, on_server_items, g_steal_pointer (&task));
}

/**
 * sleek_http_upload_discover_finish:
 * @self: a [class@Sleek.HttpUpload]
 * @result: the result
 * @error: return location for an error: %SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE
 *   when no item of the server is an upload service, or why the server's
 *   items could not be had
 *
 * Finishes [method@Sleek.HttpUpload.discover_async].
 *
 * Returns: (transfer full): the upload service, or %NULL on error
 */
SleekJid *
sleek_http_upload_discover_finish (SleekHttpUpload *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_http_upload_discover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Slots */

typedef struct {
  char *filename;
  guint64 size;
  char *content_type;
  SleekNode *error;   /* the <error/> of an error answer */
  guint handler_id;   /* the handler that keeps it */
} SlotRequest;

static void
slot_request_free (SlotRequest *request)
{
  g_free (request->filename);
  g_free (request->content_type);
  g_clear_pointer (&request->error, sleek_node_unref);
  g_free (request);
}

/* Runs before the request's own handler: keeps the <error/>, whose
 * upload elements the stanza error loses. */
static void
on_slot_answer_seen (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SlotRequest *request = user_data;
  SleekNode *node = sleek_stanza_get_node (stanza);
  SleekNode *error = sleek_node_get_child (node, "error", sleek_node_get_namespace (node));

  request->handler_id = 0;  /* a once-only handler */
  if (error != NULL && request->error == NULL)
    request->error = sleek_node_ref (error);
}

/* The error for a refusal that names an upload condition; NULL when it
 * names none. */
static GError *
upload_refusal (SleekHttpUpload *self, SleekNode *error)
{
  SleekNode *too_large = sleek_node_get_child (error, "file-too-large", SLEEK_NS_HTTP_UPLOAD);
  SleekNode *retry = sleek_node_get_child (error, "retry", SLEEK_NS_HTTP_UPLOAD);

  if (too_large != NULL)
    {
      guint64 max;

      if (parse_size (sleek_node_get_child_text (too_large, "max-file-size", SLEEK_NS_HTTP_UPLOAD), &max))
        {
          g_autofree char *max_size = g_format_size_full (max, G_FORMAT_SIZE_LONG_FORMAT);

          sleek_http_upload_set_max_file_size (self, max);
          return g_error_new (SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE,
                              _("The upload service accepts files of at most %s"), max_size);
        }
      return g_error_new_literal (SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE,
                                  _("The file is too large for the upload service"));
    }
  if (retry != NULL)
    {
      const char *stamp = sleek_node_get_attribute (retry, "stamp");
      g_autoptr(GDateTime) when = stamp != NULL ? sleek_datetime_parse (stamp, NULL) : NULL;
      g_autofree char *text = when != NULL ? g_date_time_format_iso8601 (when) : NULL;

      set_retry_after (self, when);
      if (text != NULL)
        return g_error_new (SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_RETRY,
                            _("The upload service refuses a slot until %s"), text);
      return g_error_new_literal (SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_RETRY,
                                  _("The upload service refuses a slot for now"));
    }
  return NULL;
}

static void
on_slot_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekHttpUpload *self = g_task_get_source_object (task);
  SlotRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekHttpUploadSlot *slot;

  if (request->handler_id != 0)
    sleek_xml_stream_remove_handler (SLEEK_XML_STREAM (source), request->handler_id);
  request->handler_id = 0;

  if (answer == NULL)
    {
      GError *refusal = NULL;

      if (error->domain == SLEEK_STANZA_ERROR && request->error != NULL)
        refusal = upload_refusal (self, request->error);
      if (refusal != NULL)
        {
          g_error_free (error);
          error = refusal;
        }
      g_task_return_error (task, error);
      return;
    }
  slot = slot_new_from_answer (answer, request->filename, request->size, request->content_type, &error);
  if (slot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, slot, g_object_unref);
}

static void
send_slot_request (GTask *task)
{
  SleekHttpUpload *self = g_task_get_source_object (task);
  SlotRequest *request = g_task_get_task_data (task);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekIq) iq = NULL;
  g_autoptr(SleekMatcher) matcher = NULL;
  g_autofree char *size = NULL;

  if (return_if_too_large (self, task, request->size))
    {
      g_object_unref (task);
      return;
    }
  if (xmpp == NULL)
    {
      sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task);
      g_object_unref (task);
      return;
    }

  payload = sleek_node_new ("request", SLEEK_NS_HTTP_UPLOAD);
  size = g_strdup_printf ("%" G_GUINT64_FORMAT, request->size);
  sleek_node_set_attribute (payload, "filename", request->filename);
  sleek_node_set_attribute (payload, "size", size);
  if (request->content_type != NULL)
    sleek_node_set_attribute (payload, "content-type", request->content_type);
  iq = sleek_base_xmpp_make_iq (xmpp, "get", sleek_jid_to_string (self->service), payload);

  /* Added before the request's own handler, so it runs first. */
  matcher = sleek_matcher_new_id_sender (sleek_stanza_get_id (SLEEK_STANZA (iq)), self->service);
  request->handler_id = sleek_xml_stream_add_handler (SLEEK_XML_STREAM (xmpp), matcher, SLEEK_HANDLER_ONCE,
                                                      on_slot_answer_seen, request, NULL);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), on_slot_answer, task);
}

static void
on_slot_service (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(SleekJid) service = sleek_http_upload_discover_finish (SLEEK_HTTP_UPLOAD (source), result, &error);

  if (service == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  send_slot_request (task);
}

/**
 * sleek_http_upload_request_slot_async:
 * @self: an enabled [class@Sleek.HttpUpload]
 * @filename: the file's name, without a folder
 * @size: the file's size in bytes
 * @content_type: (nullable): the file's MIME type, or %NULL
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the slot
 * @user_data: data for @callback
 *
 * Asks the upload service for a slot, finding the service first when
 * [property@Sleek.HttpUpload:service] is not known yet. A file larger
 * than [property@Sleek.HttpUpload:max-file-size] is refused without
 * asking.
 */
void
sleek_http_upload_request_slot_async (SleekHttpUpload *self, const char *filename, guint64 size,
                                      const char *content_type, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SlotRequest *request;

  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));
  g_return_if_fail (filename != NULL && *filename != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_http_upload_request_slot_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  request = g_new0 (SlotRequest, 1);
  request->filename = g_strdup (filename);
  request->size = size;
  request->content_type = g_strdup (content_type);
  g_task_set_task_data (task, request, (GDestroyNotify) slot_request_free);

  if (return_if_too_large (self, task, size))
    return;
  if (self->service == NULL)
    sleek_http_upload_discover_async (self, cancellable, on_slot_service, g_steal_pointer (&task));
  else
    send_slot_request (g_steal_pointer (&task));
}

/**
 * sleek_http_upload_request_slot_finish:
 * @self: a [class@Sleek.HttpUpload]
 * @result: the result
 * @error: return location for an error: %SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE
 *   for a file larger than the service accepts (asked or not),
 *   %SLEEK_HTTP_UPLOAD_ERROR_RETRY when the service says to ask again
 *   later, %SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT for an answer that is no
 *   usable slot, %SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE when there is no
 *   service, or the [error@Sleek.StanzaError] of another refusal
 *
 * Finishes [method@Sleek.HttpUpload.request_slot_async].
 *
 * Returns: (transfer full): the slot, or %NULL on error
 */
SleekHttpUploadSlot *
sleek_http_upload_request_slot_finish (SleekHttpUpload *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_http_upload_request_slot_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Uploads */

/* The session to upload through: the application's, or ours, which
 * trusts what the client's stream trusts. */
static SoupSession *
upload_session (SleekHttpUpload *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  GTlsDatabase *database = NULL;

  if (self->session != NULL)
    return self->session;
  if (self->own_session == NULL)
    self->own_session = soup_session_new ();
  if (xmpp != NULL && SLEEK_IS_CLIENT_XMPP (xmpp))
    database = sleek_client_xmpp_get_tls_database (SLEEK_CLIENT_XMPP (xmpp));
  if (database != NULL)
    {
      soup_session_set_tls_database (self->own_session, database);
    }
  else
    {
      g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

      soup_session_set_tls_database (self->own_session, system);
    }
  return self->own_session;
}

typedef struct {
  SleekHttpUploadSlot *slot;
  SoupMessage *message;
  gulong wrote_id;
  gulong accept_id;
} Put;

static void
put_free (Put *put)
{
  if (put->wrote_id != 0)
    g_signal_handler_disconnect (put->message, put->wrote_id);
  if (put->accept_id != 0)
    g_signal_handler_disconnect (put->message, put->accept_id);
  g_clear_object (&put->message);
  g_clear_object (&put->slot);
  g_free (put);
}

static void
on_wrote_body_data (SoupMessage *message, guint chunk, gpointer user_data)
{
  GTask *task = user_data;
  SleekHttpUpload *self = g_task_get_source_object (task);
  Put *put = g_task_get_task_data (task);
  guint64 sent = MIN (put->slot->sent + chunk, put->slot->size);

  slot_set_sent (put->slot, sent);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, put->slot, sent, put->slot->size);
}

static gboolean
on_accept_certificate (SoupMessage *message, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                       gpointer user_data)
{
  GTask *task = user_data;
  Put *put = g_task_get_task_data (task);
  gboolean accept = FALSE;

  g_signal_emit (g_task_get_source_object (task), signals[SIGNAL_ACCEPT_CERTIFICATE], 0, put->slot, certificate,
                 errors, &accept);
  return accept;
}

static void
on_put_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Put *put = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status;

  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = soup_message_get_status (put->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *reason = soup_message_get_reason_phrase (put->message);

      g_task_return_new_error (task, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_HTTP,
                               _("The upload server answered %u %s"), status,
                               reason != NULL && *reason != '\0' ? reason : soup_status_get_phrase (status));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * sleek_http_upload_put_async:
 * @self: a [class@Sleek.HttpUpload]
 * @slot: the slot to upload to
 * @stream: the file's content: [property@Sleek.HttpUploadSlot:size]
 *   bytes
 * @cancellable: (nullable): stops the upload
 * @callback: (scope async) (closure user_data): called when the upload
 *   is over
 * @user_data: data for @callback
 *
 * Uploads a file to its slot with an HTTP `PUT` carrying the slot's
 * headers and its `Content-Type`, through the plugin's HTTP session (see
 * [property@Sleek.HttpUpload:session]). [property@Sleek.HttpUploadSlot:sent]
 * and [signal@Sleek.HttpUpload::progress] follow the upload.
 */
void
sleek_http_upload_put_async (SleekHttpUpload *self, SleekHttpUploadSlot *slot, GInputStream *stream,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Put *put;
  SoupMessageHeaders *headers;
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));
  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD_SLOT (slot));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_http_upload_put_async);
  put = g_new0 (Put, 1);
  put->slot = g_object_ref (slot);
  g_task_set_task_data (task, put, (GDestroyNotify) put_free);

  put->message = soup_message_new (SOUP_METHOD_PUT, slot->put_url);
  if (put->message == NULL)
    {
      g_task_return_new_error (task, SLEEK_HTTP_UPLOAD_ERROR, SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT,
                               _("The upload URL %s is not valid"), slot->put_url);
      return;
    }
  headers = soup_message_get_request_headers (put->message);
  soup_message_headers_iter_init (&iter, slot->put_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (headers, name, value);
  soup_message_set_request_body (put->message, slot->content_type, stream, (gssize) slot->size);

  slot_set_sent (slot, 0);
  put->wrote_id = g_signal_connect (put->message, "wrote-body-data", G_CALLBACK (on_wrote_body_data), task);
  put->accept_id = g_signal_connect (put->message, "accept-certificate", G_CALLBACK (on_accept_certificate), task);
  soup_session_send_and_read_async (upload_session (self), put->message, G_PRIORITY_DEFAULT, cancellable,
                                    on_put_answer, g_object_ref (task));
}

/**
 * sleek_http_upload_put_finish:
 * @self: a [class@Sleek.HttpUpload]
 * @result: the result
 * @error: return location for an error: %SLEEK_HTTP_UPLOAD_ERROR_HTTP
 *   when the HTTP server answered with a failure status, a #GTlsError for
 *   a certificate neither the session nor
 *   [signal@Sleek.HttpUpload::accept-certificate] accepts,
 *   %G_IO_ERROR_CANCELLED, or
 *   another reason the upload failed
 *
 * Finishes [method@Sleek.HttpUpload.put_async].
 *
 * Returns: %TRUE when the server took the file
 */
gboolean
sleek_http_upload_put_finish (SleekHttpUpload *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_http_upload_put_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The one-call uploads */

typedef struct {
  GFile *file;
  GBytes *bytes;
  char *filename;
  guint64 size;
  char *content_type;
  SleekHttpUploadSlot *slot;
} Upload;

static void
upload_free (Upload *upload)
{
  g_clear_object (&upload->file);
  g_clear_pointer (&upload->bytes, g_bytes_unref);
  g_free (upload->filename);
  g_free (upload->content_type);
  g_clear_object (&upload->slot);
  g_free (upload);
}

static void
on_upload_put (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;

  if (!sleek_http_upload_put_finish (SLEEK_HTTP_UPLOAD (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (upload->slot->get_url), g_free);
}

static void
on_upload_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);

  if (stream == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  sleek_http_upload_put_async (g_task_get_source_object (task), upload->slot, G_INPUT_STREAM (stream),
                               g_task_get_cancellable (task), on_upload_put, task);
}

static void
on_upload_slot (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;

  upload->slot = sleek_http_upload_request_slot_finish (SLEEK_HTTP_UPLOAD (source), result, &error);
  if (upload->slot == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else if (upload->file != NULL)
    {
      g_file_read_async (upload->file, G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_upload_read, task);
    }
  else
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (upload->bytes);

      sleek_http_upload_put_async (SLEEK_HTTP_UPLOAD (source), upload->slot, stream, g_task_get_cancellable (task),
                                   on_upload_put, task);
    }
}

static void
upload_start (SleekHttpUpload *self, GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  sleek_http_upload_request_slot_async (self, upload->filename, upload->size, upload->content_type,
                                        g_task_get_cancellable (task), on_upload_slot, task);
}

static void
on_upload_file_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);

  if (info == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                               _("Only a regular file can be uploaded"));
      g_object_unref (task);
      return;
    }
  upload->size = (guint64) g_file_info_get_size (info);
  upload->filename = g_strdup (g_file_info_get_display_name (info));
  if (upload->content_type == NULL)
    {
      const char *guess = g_file_info_get_content_type (info);
      char *mime = guess != NULL ? g_content_type_get_mime_type (guess) : NULL;

      upload->content_type = mime != NULL ? mime : g_strdup ("application/octet-stream");
    }
  upload_start (g_task_get_source_object (task), task);
}

/**
 * sleek_http_upload_upload_file_async:
 * @self: an enabled [class@Sleek.HttpUpload]
 * @file: the file to upload
 * @content_type: (nullable): its MIME type, or %NULL to guess it from the
 *   file
 * @cancellable: (nullable): stops the upload
 * @callback: (scope async) (closure user_data): called with the URL
 * @user_data: data for @callback
 *
 * Shares a file by HTTP upload in one call: finds the upload service
 * when it is not known yet, asks for a slot under the file's name (a file
 * larger than the service accepts is refused without asking), uploads the
 * file with [method@Sleek.HttpUpload.put_async] and gives the URL the file
 * can be fetched from.
 */
void
sleek_http_upload_upload_file_async (SleekHttpUpload *self, GFile *file, const char *content_type,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Upload *upload;

  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_http_upload_upload_file_async);
  upload = g_new0 (Upload, 1);
  upload->file = g_object_ref (file);
  upload->content_type = g_strdup (content_type);
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable, on_upload_file_info,
                           g_steal_pointer (&task));
}

/**
 * sleek_http_upload_upload_file_finish:
 * @self: a [class@Sleek.HttpUpload]
 * @result: the result
 * @error: return location for an error: those of
 *   [method@Sleek.HttpUpload.request_slot_finish] and
 *   [method@Sleek.HttpUpload.put_finish], or why the file could not be
 *   read
 *
 * Finishes [method@Sleek.HttpUpload.upload_file_async].
 *
 * Returns: (transfer full): the URL to share, or %NULL on error
 */
char *
sleek_http_upload_upload_file_finish (SleekHttpUpload *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_http_upload_upload_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sleek_http_upload_upload_bytes_async:
 * @self: an enabled [class@Sleek.HttpUpload]
 * @filename: the name to share the data under, without a folder
 * @bytes: the data
 * @content_type: (nullable): its MIME type, or %NULL
 * @cancellable: (nullable): stops the upload
 * @callback: (scope async) (closure user_data): called with the URL
 * @user_data: data for @callback
 *
 * Like [method@Sleek.HttpUpload.upload_file_async], for data in memory.
 */
void
sleek_http_upload_upload_bytes_async (SleekHttpUpload *self, const char *filename, GBytes *bytes,
                                      const char *content_type, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Upload *upload;

  g_return_if_fail (SLEEK_IS_HTTP_UPLOAD (self));
  g_return_if_fail (filename != NULL && *filename != '\0');
  g_return_if_fail (bytes != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_http_upload_upload_bytes_async);
  upload = g_new0 (Upload, 1);
  upload->bytes = g_bytes_ref (bytes);
  upload->filename = g_strdup (filename);
  upload->size = g_bytes_get_size (bytes);
  upload->content_type = g_strdup (content_type);
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);
  upload_start (self, g_steal_pointer (&task));
}

/**
 * sleek_http_upload_upload_bytes_finish:
 * @self: a [class@Sleek.HttpUpload]
 * @result: the result
 * @error: return location for an error: those of
 *   [method@Sleek.HttpUpload.request_slot_finish] and
 *   [method@Sleek.HttpUpload.put_finish]
 *
 * Finishes [method@Sleek.HttpUpload.upload_bytes_async].
 *
 * Returns: (transfer full): the URL to share, or %NULL on error
 */
char *
sleek_http_upload_upload_bytes_finish (SleekHttpUpload *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_http_upload_upload_bytes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
