/* sleek-xep-0363-http-upload.h: XEP-0363 HTTP File Upload
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_HTTP_UPLOAD:
 *
 * The namespace of XEP-0363 HTTP File Upload, `urn:xmpp:http:upload:0`:
 * the service's disco feature, the `FORM_TYPE` of its extended
 * information, and the namespace of slot requests and answers.
 */
#define SLEEK_NS_HTTP_UPLOAD "urn:xmpp:http:upload:0"

/**
 * SLEEK_HTTP_UPLOAD_ERROR:
 *
 * Error domain of the `xep_0363` plugin. Errors in this domain are from
 * the [error@Sleek.HttpUploadError] enumeration.
 */
#define SLEEK_HTTP_UPLOAD_ERROR (sleek_http_upload_error_quark ())

/**
 * SleekHttpUploadError:
 * @SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE: the server offers no upload
 *   service
 * @SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE: the file is larger than the
 *   service accepts, as its disco information or its answer says (see
 *   [property@Sleek.HttpUpload:max-file-size])
 * @SLEEK_HTTP_UPLOAD_ERROR_RETRY: the service refused the slot for now
 *   and said when to ask again (see
 *   [property@Sleek.HttpUpload:retry-after])
 * @SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT: the service's answer is not a
 *   usable slot: a URL is missing or is not an HTTP one
 * @SLEEK_HTTP_UPLOAD_ERROR_HTTP: the HTTP server answered the upload with
 *   a status other than success; the message names the status
 *
 * Why an upload failed. A slot the service refuses for another reason
 * fails with the [error@Sleek.StanzaError] of its answer.
 */
typedef enum {
  SLEEK_HTTP_UPLOAD_ERROR_NO_SERVICE,
  SLEEK_HTTP_UPLOAD_ERROR_FILE_TOO_LARGE,
  SLEEK_HTTP_UPLOAD_ERROR_RETRY,
  SLEEK_HTTP_UPLOAD_ERROR_INVALID_SLOT,
  SLEEK_HTTP_UPLOAD_ERROR_HTTP,
} SleekHttpUploadError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_http_upload_error_quark (void);

#define SLEEK_TYPE_HTTP_UPLOAD_ERROR (sleek_http_upload_error_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_http_upload_error_get_type (void) G_GNUC_CONST;

#define SLEEK_TYPE_HTTP_UPLOAD_SLOT (sleek_http_upload_slot_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekHttpUploadSlot, sleek_http_upload_slot, SLEEK, HTTP_UPLOAD_SLOT, GObject)

SLEEK_AVAILABLE_IN_ALL
const char         *sleek_http_upload_slot_get_filename     (SleekHttpUploadSlot *self);
SLEEK_AVAILABLE_IN_ALL
guint64             sleek_http_upload_slot_get_size         (SleekHttpUploadSlot *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_http_upload_slot_get_content_type (SleekHttpUploadSlot *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_http_upload_slot_get_put_url      (SleekHttpUploadSlot *self);
SLEEK_AVAILABLE_IN_ALL
SoupMessageHeaders *sleek_http_upload_slot_get_put_headers  (SleekHttpUploadSlot *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_http_upload_slot_get_get_url      (SleekHttpUploadSlot *self);
SLEEK_AVAILABLE_IN_ALL
guint64             sleek_http_upload_slot_get_sent         (SleekHttpUploadSlot *self);

#define SLEEK_TYPE_HTTP_UPLOAD (sleek_http_upload_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekHttpUpload, sleek_http_upload, SLEEK, HTTP_UPLOAD, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SoupSession *sleek_http_upload_get_session       (SleekHttpUpload *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_http_upload_set_session       (SleekHttpUpload *self,
                                                  SoupSession     *session);
SLEEK_AVAILABLE_IN_ALL
SleekJid    *sleek_http_upload_get_service       (SleekHttpUpload *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_http_upload_set_service       (SleekHttpUpload *self,
                                                  SleekJid        *service);
SLEEK_AVAILABLE_IN_ALL
guint64      sleek_http_upload_get_max_file_size (SleekHttpUpload *self);
SLEEK_AVAILABLE_IN_ALL
void         sleek_http_upload_set_max_file_size (SleekHttpUpload *self,
                                                  guint64          size);
SLEEK_AVAILABLE_IN_ALL
GDateTime   *sleek_http_upload_get_retry_after   (SleekHttpUpload *self);

SLEEK_AVAILABLE_IN_ALL
void                 sleek_http_upload_discover_async      (SleekHttpUpload      *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekJid            *sleek_http_upload_discover_finish     (SleekHttpUpload      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
SLEEK_AVAILABLE_IN_ALL
void                 sleek_http_upload_request_slot_async  (SleekHttpUpload      *self,
                                                            const char           *filename,
                                                            guint64               size,
                                                            const char           *content_type,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekHttpUploadSlot *sleek_http_upload_request_slot_finish (SleekHttpUpload      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
SLEEK_AVAILABLE_IN_ALL
void                 sleek_http_upload_put_async           (SleekHttpUpload      *self,
                                                            SleekHttpUploadSlot  *slot,
                                                            GInputStream         *stream,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean             sleek_http_upload_put_finish          (SleekHttpUpload      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
SLEEK_AVAILABLE_IN_ALL
void                 sleek_http_upload_upload_file_async   (SleekHttpUpload      *self,
                                                            GFile                *file,
                                                            const char           *content_type,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
char                *sleek_http_upload_upload_file_finish  (SleekHttpUpload      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
SLEEK_AVAILABLE_IN_ALL
void                 sleek_http_upload_upload_bytes_async  (SleekHttpUpload      *self,
                                                            const char           *filename,
                                                            GBytes               *bytes,
                                                            const char           *content_type,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
char                *sleek_http_upload_upload_bytes_finish (SleekHttpUpload      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
