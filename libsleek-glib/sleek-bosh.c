/* sleek-bosh.c: the client side of a BOSH session (XEP-0124, XEP-0206)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every request is a POST of one <body/> with the next request id. The
 * connection manager holds a request until it has something for us (or
 * its `wait` runs out), so one request stays open whenever nothing else
 * is: that is how the server pushes. What the application sends goes in
 * a second request, up to the `requests` the connection manager allows.
 * Responses can come back in any order over the HTTP connections; they
 * are handled in the order of their request ids. A request whose HTTP
 * exchange failed is sent again with the same id and body (the
 * connection manager answers a repeated id with the response it gave).
 */
#include "config.h"

#include "sleek-bosh-private.h"
#include "sleek-xml-reader.h"

#include <string.h>

#define DEFAULT_WAIT 60
/* What we ask to be held: one request, the usual value. */
#define HOLD 1
/* A request whose HTTP exchange fails is tried this many times in all. */
#define MAX_ATTEMPTS 3
/* A response body larger than this ends the session (each element in it
 * is also bounded by the reader's stanza limit). */
#define MAX_BODY_SIZE (16 * 1024 * 1024)
/* The request ids start below 2^32 so that a long session never gets near
 * 2^53, the highest the XEP allows. */
#define MAX_FIRST_RID G_MAXINT32

typedef enum {
  STATE_IDLE,
  STATE_CREATING,
  STATE_ACTIVE,
  STATE_TERMINATING,  /* the terminate request is sent */
  STATE_ENDED,
} State;

typedef enum {
  KIND_CREATE,
  KIND_PLAIN,
  KIND_RESTART,
  KIND_PAUSE,
  KIND_TERMINATE,
} Kind;

typedef struct {
  gint ref_count;               /* the session's list, and the I/O under way */
  SleekBoshSession *self;       /* not a reference; NULL once dropped */
  guint64 rid;
  Kind kind;
  gboolean empty;
  GBytes *body;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *response;
  GCancellable *cancellable;
  guint attempts;
  GSource *retry;
} Request;

typedef struct {
  guint64 rid;
  Kind kind;
  GBytes *response;
} Answer;

struct _SleekBoshSession {
  GObject parent_instance;

  char *url;
  char *to;
  char *lang;
  guint wait;
  GTlsDatabase *tls_database;
  SoupSession *soup;

  State state;
  char *sid;
  guint requests;      /* the connection manager's, 1 until it says */
  guint server_hold;
  guint polling;
  guint maxpause;
  guint64 next_rid;
  guint64 next_answer;         /* the rid whose response is handled next */
  GPtrArray *in_flight;        /* Request */
  GHashTable *answered;        /* rid -> Answer, waiting for an earlier one */
  GString *queue;
  gboolean restart_wanted;
  gboolean terminate_wanted;
  gboolean paused;
  guint pause_wanted;
  gint64 last_empty;           /* monotonic time of the last empty request */
  GSource *poll_timer;
  GSource *flush;              /* sends what was queued in this iteration */
  Request *writing;            /* being written: the next request waits */

  GMainContext *context;

  SleekNode *session_body;      /* the answer that created the session */

  SleekXmlReader *reader;
  SleekNode *header;           /* of the response being read */
  GPtrArray *elements;         /* its children */
  gboolean body_ended;
};

G_DEFINE_FINAL_TYPE (SleekBoshSession, sleek_bosh_session, G_TYPE_OBJECT)

enum {
  SIGNAL_STREAM_START,
  SIGNAL_ELEMENT,
  SIGNAL_ENDED,
  SIGNAL_ACCEPT_CERTIFICATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void maybe_send (SleekBoshSession *self);
static void send_request (Request *request);
static void written (Request *request);

/* Requests */

static Request *
request_ref (Request *request)
{
  request->ref_count++;
  return request;
}

static void
request_unref (Request *request)
{
  if (--request->ref_count > 0)
    return;
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_pointer (&request->response, g_byte_array_unref);
  g_bytes_unref (request->body);
  g_free (request);
}

/* Taken out of the session's list: whatever of its I/O is under way
 * finds it dropped when it calls back. */
static void
request_drop (Request *request)
{
  if (request->self != NULL && request->self->writing == request)
    request->self->writing = NULL;
  request->self = NULL;
  if (request->retry != NULL)
    {
      g_source_destroy (request->retry);
      g_clear_pointer (&request->retry, g_source_unref);
    }
  g_cancellable_cancel (request->cancellable);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  request_unref (request);
}

static void
answer_free (Answer *answer)
{
  g_bytes_unref (answer->response);
  g_free (answer);
}

/* Ending */

static void
stop_everything (SleekBoshSession *self)
{
  self->state = STATE_ENDED;
  if (self->poll_timer != NULL)
    {
      g_source_destroy (self->poll_timer);
      g_clear_pointer (&self->poll_timer, g_source_unref);
    }
  if (self->flush != NULL)
    {
      g_source_destroy (self->flush);
      g_clear_pointer (&self->flush, g_source_unref);
    }
  /* Dropping a request cancels its exchange. */
  g_ptr_array_set_size (self->in_flight, 0);
  g_hash_table_remove_all (self->answered);
  g_string_truncate (self->queue, 0);
}

/* Takes @error (may be NULL: a clean end). */
static void
end_session (SleekBoshSession *self, GError *error)
{
  if (self->state == STATE_ENDED)
    {
      g_clear_error (&error);
      return;
    }
  stop_everything (self);
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, error);
  g_clear_error (&error);
}

/* Reading a response */

static void
on_body_start (gpointer user_data, SleekNode *header)
{
  SleekBoshSession *self = user_data;

  g_clear_pointer (&self->header, sleek_node_unref);
  self->header = sleek_node_ref (header);
}

static void
on_body_element (gpointer user_data, SleekNode *element)
{
  SleekBoshSession *self = user_data;

  g_ptr_array_add (self->elements, sleek_node_ref (element));
}

static void
on_body_end (gpointer user_data)
{
  SleekBoshSession *self = user_data;

  self->body_ended = TRUE;
}

static const SleekXmlReaderCallbacks body_callbacks = {
  on_body_start, on_body_element, on_body_end,
};

static gboolean
read_attribute_uint (SleekNode *body, const char *name, guint *value)
{
  const char *text = sleek_node_get_attribute (body, name);
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

/* The error for a <body type='terminate' condition='...'/>. */
static SleekNode *
find_element (GPtrArray *elements, const char *name, const char *ns)
{
  for (guint i = 0; i < elements->len; i++)
    {
      SleekNode *element = g_ptr_array_index (elements, i);

      if (g_strcmp0 (sleek_node_get_name (element), name) == 0 &&
          g_strcmp0 (sleek_node_get_namespace (element), ns) == 0)
        return element;
    }
  return NULL;
}

static GError *
terminate_error (SleekNode *body, GPtrArray *elements)
{
  const char *condition = sleek_node_get_attribute (body, "condition");
  SleekNode *stream_error;

  if (g_strcmp0 (condition, "remote-stream-error") == 0 &&
      (stream_error = find_element (elements, "error", "http://etherx.jabber.org/streams")) != NULL)
    {
      /* The XMPP server's own <stream:error/>, passed on. */
      for (guint i = 0; i < sleek_node_get_n_children (stream_error); i++)
        {
          SleekNode *child = sleek_node_get_nth_child (stream_error, i);

          if (g_strcmp0 (sleek_node_get_namespace (child), "urn:ietf:params:xml:ns:xmpp-streams") == 0 &&
              g_strcmp0 (sleek_node_get_name (child), "text") != 0)
            return g_error_new (SLEEK_STREAM_ERROR, sleek_stream_error_from_condition (sleek_node_get_name (child)),
                                _("The server ended the stream: %s"), sleek_node_get_name (child));
        }
    }
  if (g_strcmp0 (condition, "see-other-uri") == 0)
    {
      SleekNode *uri = find_element (elements, "uri", SLEEK_NS_BOSH);

      return g_error_new (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_SEE_OTHER_HOST,
                          _("The BOSH connection manager sends us to %s"),
                          uri != NULL && sleek_node_get_text (uri) != NULL ? sleek_node_get_text (uri) : "?");
    }
  /* Its conditions that are also stream errors keep their code; the
   * others (bad-request, item-not-found, other-request...) are
   * undefined-condition, with their name in the message. */
  return g_error_new (SLEEK_STREAM_ERROR, sleek_stream_error_from_condition (condition),
                      _("The BOSH connection manager ended the session: %s"),
                      condition != NULL ? condition : "undefined-condition");
}

/* Handles one response, in request order. FALSE when the session ended. */
static gboolean
handle_answer (SleekBoshSession *self, Answer *answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(SleekNode) body = NULL;
  const char *type;
  gsize size;
  const char *data = g_bytes_get_data (answer->response, &size);

  g_debug ("BOSH answer %" G_GUINT64_FORMAT ": %.*s", answer->rid, (int) MIN (size, 512), data);

  sleek_xml_reader_reset (self->reader);
  self->body_ended = FALSE;
  g_ptr_array_set_size (self->elements, 0);
  if (size == 0)
    error = g_error_new_literal (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_BAD_FORMAT,
                                 _("The BOSH connection manager sent an empty response"));
  else if (sleek_xml_reader_feed (self->reader, data, size, &error) && !self->body_ended)
    error = g_error_new_literal (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_BAD_FORMAT,
                                _("The BOSH connection manager sent an incomplete <body/>"));
  body = g_steal_pointer (&self->header);
  elements = g_steal_pointer (&self->elements);
  self->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  if (error == NULL && (body == NULL || g_strcmp0 (sleek_node_get_name (body), "body") != 0 ||
                        g_strcmp0 (sleek_node_get_namespace (body), SLEEK_NS_BOSH) != 0))
    error = g_error_new_literal (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_INVALID_NAMESPACE,
                                 _("The BOSH connection manager sent something other than a <body/>"));
  if (error != NULL)
    {
      end_session (self, g_steal_pointer (&error));
      return FALSE;
    }

  type = sleek_node_get_attribute (body, "type");
  if (g_strcmp0 (type, "terminate") == 0)
    {
      /* Ending it ourselves, any terminate is the end we asked for:
       * ejabberd answers the held request with condition='other-request'
       * when our terminate arrives. */
      if (self->state == STATE_TERMINATING)
        end_session (self, NULL);
      else
        end_session (self, terminate_error (body, elements));
      return FALSE;
    }
  if (g_strcmp0 (type, "error") == 0)
    {
      end_session (self, g_error_new_literal (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION,
                                              _("The BOSH connection manager reported an error")));
      return FALSE;
    }

  if (answer->kind == KIND_CREATE)
    {
      const char *sid = sleek_node_get_attribute (body, "sid");
      guint value;

      if (sid == NULL || *sid == '\0')
        {
          end_session (self, g_error_new_literal (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_BAD_FORMAT,
                                                  _("The BOSH connection manager gave no session id")));
          return FALSE;
        }
      self->sid = g_strdup (sid);
      self->requests = read_attribute_uint (body, "requests", &value) && value > 0 ? MIN (value, 8) : 2;
      self->server_hold = read_attribute_uint (body, "hold", &value) ? value : HOLD;
      self->polling = read_attribute_uint (body, "polling", &value) ? value : 0;
      self->maxpause = read_attribute_uint (body, "maxpause", &value) ? value : 0;
      if (read_attribute_uint (body, "wait", &value) && value > 0)
        self->wait = MIN (value, self->wait);
      self->state = STATE_ACTIVE;
    }

  g_object_ref (self);
  if (answer->kind == KIND_CREATE)
    {
      self->session_body = sleek_node_ref (body);
      g_signal_emit (self, signals[SIGNAL_STREAM_START], 0, body);
    }
  for (guint i = 0; i < elements->len && self->state != STATE_ENDED; i++)
    g_signal_emit (self, signals[SIGNAL_ELEMENT], 0, g_ptr_array_index (elements, i));
  if (self->state == STATE_TERMINATING && answer->kind == KIND_TERMINATE)
    end_session (self, NULL);
  {
    gboolean alive = self->state != STATE_ENDED;

    g_object_unref (self);
    return alive;
  }
}

/* A request is answered: hand over it and whatever waited for it. */
static void
request_answered (Request *request)
{
  SleekBoshSession *self = request->self;
  Answer *answer = g_new0 (Answer, 1);

  answer->rid = request->rid;
  answer->kind = request->kind;
  answer->response = g_byte_array_free_to_bytes (g_steal_pointer (&request->response));
  if (request->empty && self->state == STATE_ACTIVE)
    self->last_empty = g_get_monotonic_time ();
  g_ptr_array_remove_fast (self->in_flight, request);   /* frees it */
  g_hash_table_insert (self->answered, &answer->rid, answer);

  g_object_ref (self);
  while ((answer = g_hash_table_lookup (self->answered, &self->next_answer)) != NULL)
    {
      g_hash_table_steal (self->answered, &self->next_answer);
      self->next_answer++;
      if (!handle_answer (self, answer))
        {
          answer_free (answer);
          break;
        }
      answer_free (answer);
    }
  if (self->state != STATE_ENDED)
    maybe_send (self);
  g_object_unref (self);
}

static gboolean
retry_request (gpointer user_data)
{
  Request *request = user_data;

  g_clear_pointer (&request->retry, g_source_unref);
  if (request->self != NULL)
    send_request (request);
  return G_SOURCE_REMOVE;
}

/* The HTTP exchange of @request failed with @error (taken). */
static void
request_failed (Request *request, GError *error)
{
  SleekBoshSession *self = request->self;

  if (request->attempts < MAX_ATTEMPTS &&
      !g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      g_debug ("BOSH request %" G_GUINT64_FORMAT " failed (%s); sending it again", request->rid, error->message);
      g_error_free (error);
      g_clear_object (&request->stream);
      g_clear_pointer (&request->response, g_byte_array_unref);
      request->retry = g_timeout_source_new (250 * request->attempts);
      g_source_set_callback (request->retry, retry_request, request_ref (request), (GDestroyNotify) request_unref);
      g_source_attach (request->retry, self->context);
      return;
    }
  end_session (self, error);
}

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (request->self == NULL)
    {
      g_clear_error (&error);
      request_unref (request);
      return;
    }
  if (bytes == NULL)
    {
      request_failed (request, error);
      request_unref (request);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      request_answered (request);
      request_unref (request);
      return;
    }
  if (request->response->len + g_bytes_get_size (bytes) > MAX_BODY_SIZE)
    {
      end_session (request->self,
                   g_error_new (SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION,
                                _("The BOSH connection manager sent a response larger than %u MiB"),
                                (guint) (MAX_BODY_SIZE / (1024 * 1024))));
      request_unref (request);
      return;
    }
  g_byte_array_append (request->response, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* The reference of this read goes on to the next. */
  g_input_stream_read_bytes_async (request->stream, 32768, G_PRIORITY_DEFAULT, request->cancellable,
                                   read_done, request);
}

static void
sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  GError *error = NULL;
  GInputStream *stream;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->self == NULL)
    {
      g_clear_error (&error);
      g_clear_object (&stream);
      request_unref (request);
      return;
    }
  if (stream == NULL)
    {
      if (request->self->writing == request)
        request->self->writing = NULL;
      request_failed (request, error);
      request_unref (request);
      return;
    }
  request->stream = stream;
  written (request);
  if (request->self == NULL)
    {
      request_unref (request);
      return;
    }
  status = soup_message_get_status (request->message);
  if (status != SOUP_STATUS_OK)
    {
      const char *reason = soup_message_get_reason_phrase (request->message);

      /* Not a broken connection: the connection manager refuses the
       * request (404: no such session, 403: policy, 400: bad request). */
      end_session (request->self,
                   g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                _("The BOSH connection manager answered HTTP %u (%s)"), status,
                                reason != NULL && *reason != '\0' ? reason : soup_status_get_phrase (status)));
      request_unref (request);
      return;
    }
  request->response = g_byte_array_new ();
  /* The reference of the exchange goes on to the read. */
  g_input_stream_read_bytes_async (stream, 32768, G_PRIORITY_DEFAULT, request->cancellable, read_done, request);
}

static gboolean
on_accept_certificate (SoupMessage *message, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                       gpointer user_data)
{
  Request *request = user_data;
  gboolean accept = FALSE;

  g_signal_emit (request->self, signals[SIGNAL_ACCEPT_CERTIFICATE], 0, certificate, errors, &accept);
  return accept;
}

/* The request is out: the next one may go. Sent before, it could reach
 * the connection manager first over its own HTTP connection, and
 * ejabberd 23.01, for one, then holds the earlier request for its whole
 * `wait` and ends the session (other-request). */
static void
written (Request *request)
{
  SleekBoshSession *self = request->self;

  if (self == NULL || self->writing != request)
    return;
  self->writing = NULL;
  maybe_send (self);
}

static void
on_wrote_body (SoupMessage *message, gpointer user_data)
{
  written (user_data);
}

static void
send_request (Request *request)
{
  SleekBoshSession *self = request->self;
  SoupMessageHeaders *headers;

  request->attempts++;
  g_debug ("BOSH request %" G_GUINT64_FORMAT " (attempt %u): %.*s", request->rid, request->attempts,
           (int) MIN (g_bytes_get_size (request->body), 512), (const char *) g_bytes_get_data (request->body, NULL));
  g_clear_object (&request->message);
  request->message = soup_message_new (SOUP_METHOD_POST, self->url);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "text/xml");
  soup_message_set_request_body_from_bytes (request->message, "text/xml; charset=utf-8", request->body);
  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (on_accept_certificate), request);
  g_signal_connect (request->message, "wrote-body", G_CALLBACK (on_wrote_body), request);
  self->writing = request;
  soup_session_send_async (self->soup, request->message, G_PRIORITY_DEFAULT, request->cancellable, sent,
                           request_ref (request));
}

/* Building requests */

static void
append_attribute (GString *out, const char *name, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (out, " %s='%s'", name, escaped);
}

static void
new_request (SleekBoshSession *self, Kind kind)
{
  Request *request = g_new0 (Request, 1);   /* the list's reference */
  GString *out = g_string_sized_new (256 + self->queue->len);
  char number[32];
  gboolean with_payload = kind == KIND_PLAIN || kind == KIND_TERMINATE || kind == KIND_PAUSE;

  request->ref_count = 1;
  request->self = self;
  request->rid = self->next_rid++;
  request->kind = kind;
  request->cancellable = g_cancellable_new ();

  g_string_append (out, "<body xmlns='" SLEEK_NS_BOSH "'");
  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, request->rid);
  append_attribute (out, "rid", number);
  if (kind == KIND_CREATE)
    {
      g_string_append (out, " xmlns:xmpp='" SLEEK_NS_XBOSH "' content='text/xml; charset=utf-8'"
                            " ver='1.11' xmpp:version='1.0'");
      append_attribute (out, "to", self->to);
      g_snprintf (number, sizeof number, "%u", self->wait);
      append_attribute (out, "wait", number);
      g_snprintf (number, sizeof number, "%u", HOLD);
      append_attribute (out, "hold", number);
      if (self->lang != NULL)
        append_attribute (out, "xml:lang", self->lang);
    }
  else
    append_attribute (out, "sid", self->sid);
  if (kind == KIND_RESTART)
    {
      g_string_append (out, " xmlns:xmpp='" SLEEK_NS_XBOSH "' xmpp:restart='true'");
      append_attribute (out, "to", self->to);
      if (self->lang != NULL)
        append_attribute (out, "xml:lang", self->lang);
    }
  else if (kind == KIND_TERMINATE)
    g_string_append (out, " type='terminate'");
  else if (kind == KIND_PAUSE)
    {
      g_snprintf (number, sizeof number, "%u", self->pause_wanted);
      append_attribute (out, "pause", number);
    }

  request->empty = !with_payload || self->queue->len == 0;
  if (request->empty)
    g_string_append (out, "/>");
  else
    {
      g_string_append_c (out, '>');
      g_string_append_len (out, self->queue->str, self->queue->len);
      g_string_append (out, "</body>");
      g_string_truncate (self->queue, 0);
    }
  request->body = g_string_free_to_bytes (out);
  g_ptr_array_add (self->in_flight, request);
  send_request (request);
}

static gboolean
poll_again (gpointer user_data)
{
  SleekBoshSession *self = user_data;

  g_clear_pointer (&self->poll_timer, g_source_unref);
  maybe_send (self);
  return G_SOURCE_REMOVE;
}

/* Sends what is waiting, and keeps one request at the connection manager. */
static void
maybe_send (SleekBoshSession *self)
{
  if (self->state != STATE_ACTIVE || self->writing != NULL)
    return;
  /* One request at a time: written() calls again once it is out. */
  while (self->in_flight->len < self->requests)
    {
      if (self->terminate_wanted)
        {
          self->terminate_wanted = FALSE;
          self->state = STATE_TERMINATING;
          new_request (self, KIND_TERMINATE);
          return;
        }
      if (self->pause_wanted > 0)
        {
          new_request (self, KIND_PAUSE);
          self->pause_wanted = 0;
          self->paused = TRUE;
          return;
        }
      if (self->paused)
        return;
      if (self->restart_wanted)
        {
          self->restart_wanted = FALSE;
          new_request (self, KIND_RESTART);
          return;
        }
      if (self->queue->len > 0)
        {
          new_request (self, KIND_PLAIN);
          return;
        }
      /* Nothing to send: one request stays open for the server. */
      if (self->in_flight->len > 0)
        return;
      /* A connection manager that holds nothing (a polling session) must
       * not be asked more often than its `polling` allows. */
      if (self->server_hold == 0 && self->polling > 0 && self->last_empty != 0)
        {
          gint64 due = self->last_empty + (gint64) self->polling * G_USEC_PER_SEC;
          gint64 now = g_get_monotonic_time ();

          if (now < due)
            {
              if (self->poll_timer == NULL)
                {
                  self->poll_timer = g_timeout_source_new ((guint) ((due - now) / 1000 + 1));
                  g_source_set_callback (self->poll_timer, poll_again, self, NULL);
                  g_source_attach (self->poll_timer, self->context);
                }
              return;
            }
        }
      new_request (self, KIND_PLAIN);
      return;
    }
}

static gboolean
flush_queue (gpointer user_data)
{
  SleekBoshSession *self = user_data;

  g_clear_pointer (&self->flush, g_source_unref);
  maybe_send (self);
  return G_SOURCE_REMOVE;
}

/* What is sent during one main loop iteration (the stanzas of one
 * handler, say) goes in one request. */
static void
schedule_flush (SleekBoshSession *self)
{
  if (self->flush != NULL)
    return;
  self->flush = g_idle_source_new ();
  g_source_set_priority (self->flush, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->flush, flush_queue, self, NULL);
  g_source_attach (self->flush, self->context);
}

/* API */

SleekBoshSession *
sleek_bosh_session_new (const char *url, const char *to, SoupSession *session)
{
  SleekBoshSession *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  self = g_object_new (SLEEK_TYPE_BOSH_SESSION, NULL);
  self->url = g_strdup (url);
  self->to = g_strdup (to);
  if (session != NULL)
    self->soup = g_object_ref (session);
  return self;
}

void
sleek_bosh_session_set_wait (SleekBoshSession *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));
  g_return_if_fail (self->state == STATE_IDLE);
  self->wait = MAX (seconds, 1);
}

void
sleek_bosh_session_set_lang (SleekBoshSession *self, const char *lang)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));
  g_free (self->lang);
  self->lang = g_strdup (lang);
}

void
sleek_bosh_session_set_tls_database (SleekBoshSession *self, GTlsDatabase *database)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));
  g_return_if_fail (self->state == STATE_IDLE);
  g_set_object (&self->tls_database, database);
}

void
sleek_bosh_session_start (SleekBoshSession *self)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));
  g_return_if_fail (self->state == STATE_IDLE);

  if (self->soup == NULL)
    {
      /* The held request waits up to `wait` seconds at the connection
       * manager; give the HTTP exchange a little more. */
      self->soup = soup_session_new_with_options ("max-conns-per-host", 4, "timeout", self->wait + 15, NULL);
      if (self->tls_database != NULL)
        soup_session_set_tls_database (self->soup, self->tls_database);
    }
  self->next_rid = (guint64) g_random_int_range (1, MAX_FIRST_RID);
  self->next_answer = self->next_rid;
  self->state = STATE_CREATING;
  new_request (self, KIND_CREATE);
}

void
sleek_bosh_session_send (SleekBoshSession *self, const char *xml)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));
  g_return_if_fail (xml != NULL);

  if (self->state == STATE_ENDED || self->state == STATE_TERMINATING)
    return;
  g_string_append (self->queue, xml);
  schedule_flush (self);
}

void
sleek_bosh_session_restart (SleekBoshSession *self)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));

  if (self->state != STATE_ACTIVE)
    return;
  self->restart_wanted = TRUE;
  schedule_flush (self);
  /* The connection manager sends the new stream's features in whichever
   * response it likes, even one to a request older than the restart:
   * everything handed over from now on belongs to the new stream. */
  g_signal_emit (self, signals[SIGNAL_STREAM_START], 0, self->session_body);
}

gboolean
sleek_bosh_session_pause (SleekBoshSession *self, guint seconds, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_BOSH_SESSION (self), FALSE);
  g_return_val_if_fail (seconds > 0, FALSE);

  if (self->state != STATE_ACTIVE || self->paused)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("The BOSH session is not running"));
      return FALSE;
    }
  if (seconds > self->maxpause)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The BOSH connection manager allows pauses of at most %u seconds"), self->maxpause);
      return FALSE;
    }
  self->pause_wanted = seconds;
  maybe_send (self);
  /* With every request slot taken, the pause goes out when one returns;
   * nothing else is sent before it. */
  if (self->pause_wanted > 0)
    self->paused = TRUE;
  return TRUE;
}

void
sleek_bosh_session_resume (SleekBoshSession *self)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));

  if (!self->paused)
    return;
  self->paused = FALSE;
  maybe_send (self);
}

void
sleek_bosh_session_terminate (SleekBoshSession *self, const char *xml)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));

  if (self->state == STATE_IDLE || self->state == STATE_CREATING)
    {
      end_session (self, NULL);
      return;
    }
  if (self->state != STATE_ACTIVE || self->terminate_wanted)
    return;
  if (xml != NULL)
    g_string_append (self->queue, xml);
  self->terminate_wanted = TRUE;
  self->paused = FALSE;
  self->pause_wanted = 0;
  schedule_flush (self);
}

void
sleek_bosh_session_abort (SleekBoshSession *self)
{
  g_return_if_fail (SLEEK_IS_BOSH_SESSION (self));
  stop_everything (self);
}

const char *
sleek_bosh_session_get_sid (SleekBoshSession *self)
{
  g_return_val_if_fail (SLEEK_IS_BOSH_SESSION (self), NULL);
  return self->sid;
}

guint
sleek_bosh_session_get_requests (SleekBoshSession *self)
{
  g_return_val_if_fail (SLEEK_IS_BOSH_SESSION (self), 0);
  return self->requests;
}

guint
sleek_bosh_session_get_n_in_flight (SleekBoshSession *self)
{
  g_return_val_if_fail (SLEEK_IS_BOSH_SESSION (self), 0);
  return self->in_flight->len;
}

/* GObject */

static void
sleek_bosh_session_dispose (GObject *object)
{
  SleekBoshSession *self = SLEEK_BOSH_SESSION (object);

  stop_everything (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->tls_database);
  G_OBJECT_CLASS (sleek_bosh_session_parent_class)->dispose (object);
}

static void
sleek_bosh_session_finalize (GObject *object)
{
  SleekBoshSession *self = SLEEK_BOSH_SESSION (object);

  g_ptr_array_unref (self->in_flight);
  g_hash_table_unref (self->answered);
  g_string_free (self->queue, TRUE);
  sleek_xml_reader_free (self->reader);
  g_clear_pointer (&self->header, sleek_node_unref);
  g_clear_pointer (&self->session_body, sleek_node_unref);
  g_ptr_array_unref (self->elements);
  g_free (self->url);
  g_free (self->to);
  g_free (self->lang);
  g_free (self->sid);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (sleek_bosh_session_parent_class)->finalize (object);
}

static void
sleek_bosh_session_class_init (SleekBoshSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sleek_bosh_session_dispose;
  object_class->finalize = sleek_bosh_session_finalize;

  signals[SIGNAL_STREAM_START] =
    g_signal_new ("stream-start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_NODE);
  signals[SIGNAL_ELEMENT] =
    g_signal_new ("element", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_NODE);
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_ACCEPT_CERTIFICATE] =
    g_signal_new ("accept-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_TLS_CERTIFICATE, G_TYPE_TLS_CERTIFICATE_FLAGS);
}

static void
sleek_bosh_session_init (SleekBoshSession *self)
{
  self->wait = DEFAULT_WAIT;
  self->requests = 1;
  self->server_hold = HOLD;
  self->in_flight = g_ptr_array_new_with_free_func ((GDestroyNotify) request_drop);
  self->answered = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) answer_free);
  self->queue = g_string_new (NULL);
  self->reader = sleek_xml_reader_new (&body_callbacks, self);
  self->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  self->context = g_main_context_ref_thread_default ();
}
