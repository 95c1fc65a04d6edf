/* test-bosh.c: the BOSH session against a scripted connection manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A SoupServer on 127.0.0.1 in the test's own main context plays the
 * connection manager: every request it gets is parsed and held until the
 * test answers it, so each test decides what comes back, when, and in
 * which order.
 */
#include <sleek/sleek.h>

#include "sleek-bosh-private.h"

#include <string.h>

#define BODY_NS "xmlns='" SLEEK_NS_BOSH "' xmlns:xmpp='" SLEEK_NS_XBOSH "'"
#define FEATURES "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" \
                 "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>" \
                 "</stream:features>"

typedef struct {
  SoupServerMessage *msg;
  SleekNode *body;
  gint64 arrived;
} Pending;

typedef struct {
  GMainContext *ctx;
  SoupServer *server;
  char *url;
  GPtrArray *pending;     /* Pending: requests not answered yet */
  GPtrArray *seen;        /* SleekNode: the body of every request, in order */
  GArray *arrived;        /* gint64: when each arrived */
  guint drop_next;        /* break the connection of this many requests */
  SleekBoshSession *bosh;
  GPtrArray *elements;    /* char *: what the session handed over */
  guint n_stream_start;
  gboolean ended;
  GError *end_error;
} Fixture;

static void
pending_free (Pending *pending)
{
  sleek_node_unref (pending->body);
  g_object_unref (pending->msg);
  g_free (pending);
}

static void
on_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(GError) error = NULL;
  SleekNode *body;
  gint64 now = g_get_monotonic_time ();
  Pending *pending;

  body = sleek_node_parse (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (body), ==, "body");
  g_assert_cmpstr (sleek_node_get_namespace (body), ==, SLEEK_NS_BOSH);
  g_ptr_array_add (f->seen, sleek_node_ref (body));
  g_array_append_val (f->arrived, now);

  if (f->drop_next > 0)
    {
      /* The HTTP connection breaks before any answer. */
      g_autoptr(GIOStream) connection = soup_server_message_steal_connection (msg);

      f->drop_next--;
      g_io_stream_close (connection, NULL, NULL);
      sleek_node_unref (body);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->msg = g_object_ref (msg);
  pending->body = body;
  pending->arrived = now;
  g_ptr_array_add (f->pending, pending);
  soup_server_message_pause (msg);
}

static void
on_stream_start (SleekBoshSession *bosh, SleekNode *body, Fixture *f)
{
  f->n_stream_start++;
}

static void
on_element (SleekBoshSession *bosh, SleekNode *element, Fixture *f)
{
  g_ptr_array_add (f->elements, sleek_node_to_string (element));
}

static void
on_ended (SleekBoshSession *bosh, const GError *error, Fixture *f)
{
  f->ended = TRUE;
  g_clear_error (&f->end_error);
  if (error != NULL)
    f->end_error = g_error_copy (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  f->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  f->arrived = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->elements = g_ptr_array_new_with_free_func (g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/http-bind", on_request, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->url = g_strdup_printf ("http://127.0.0.1:%d/http-bind", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->bosh = sleek_bosh_session_new (f->url, "example.org", NULL);
  g_signal_connect (f->bosh, "stream-start", G_CALLBACK (on_stream_start), f);
  g_signal_connect (f->bosh, "element", G_CALLBACK (on_element), f);
  g_signal_connect (f->bosh, "ended", G_CALLBACK (on_ended), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->bosh, f);
  sleek_bosh_session_abort (f->bosh);
  g_clear_object (&f->bosh);
  /* Answer what is left, or the server keeps the connections. */
  for (guint i = 0; i < f->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (f->pending, i);

      soup_server_message_set_status (pending->msg, SOUP_STATUS_GONE, NULL);
      soup_server_message_unpause (pending->msg);
    }
  g_ptr_array_set_size (f->pending, 0);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_ptr_array_unref (f->pending);
  g_ptr_array_unref (f->seen);
  g_array_unref (f->arrived);
  g_ptr_array_unref (f->elements);
  g_clear_error (&f->end_error);
  g_free (f->url);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_FOR(f, cond)                                                  \
  G_STMT_START {                                                           \
    gboolean expired_ = FALSE;                                             \
    GSource *timer_ = g_timeout_source_new_seconds (5);                    \
    g_source_set_callback (timer_, set_flag, &expired_, NULL);             \
    g_source_attach (timer_, (f)->ctx);                                    \
    while (!(cond) && !expired_)                                           \
      g_main_context_iteration ((f)->ctx, TRUE);                           \
    g_source_destroy (timer_);                                             \
    g_source_unref (timer_);                                               \
    g_assert_true (cond);                                                  \
  } G_STMT_END

/* Lets whatever is under way happen for @ms milliseconds. */
static void
run_for (Fixture *f, guint ms)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new (ms);

  g_source_set_callback (timer, set_flag, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (!expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
}

static guint64
rid_of (SleekNode *body)
{
  const char *text = sleek_node_get_attribute (body, "rid");
  guint64 rid = 0;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_unsigned (text, 10, 1, (guint64) 1 << 53, &rid, NULL));
  return rid;
}

/* Answers the @i-th request still waiting with @xml. */
static void
answer (Fixture *f, guint i, const char *xml)
{
  Pending *pending;

  g_assert_cmpuint (i, <, f->pending->len);
  pending = g_ptr_array_steal_index (f->pending, i);
  soup_server_message_set_status (pending->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (pending->msg, "text/xml; charset=utf-8", SOUP_MEMORY_COPY, xml, strlen (xml));
  soup_server_message_unpause (pending->msg);
  pending_free (pending);
}

static SleekNode *
pending_body (Fixture *f, guint i)
{
  g_assert_cmpuint (i, <, f->pending->len);
  return ((Pending *) g_ptr_array_index (f->pending, i))->body;
}

/* Creates the session; the connection manager's answer carries @attributes. */
static void
create_session (Fixture *f, const char *attributes)
{
  g_autofree char *xml = NULL;

  sleek_bosh_session_start (f->bosh);
  WAIT_FOR (f, f->pending->len == 1);
  xml = g_strdup_printf ("<body " BODY_NS " sid='s1' ver='1.11' xmpp:version='1.0' %s>" FEATURES "</body>",
                         attributes);
  answer (f, 0, xml);
  WAIT_FOR (f, f->n_stream_start == 1);
}

static void
test_create (Fixture *f, gconstpointer data)
{
  SleekNode *body;
  guint64 first;

  sleek_bosh_session_set_lang (f->bosh, "de");
  sleek_bosh_session_start (f->bosh);
  WAIT_FOR (f, f->pending->len == 1);
  body = pending_body (f, 0);
  first = rid_of (body);
  g_assert_cmpuint (first, <, G_MAXUINT32);
  g_assert_cmpstr (sleek_node_get_attribute (body, "to"), ==, "example.org");
  g_assert_cmpstr (sleek_node_get_attribute (body, "wait"), ==, "60");
  g_assert_cmpstr (sleek_node_get_attribute (body, "hold"), ==, "1");
  g_assert_cmpstr (sleek_node_get_attribute (body, "ver"), ==, "1.11");
  g_assert_cmpstr (sleek_node_get_attribute_ns (body, "version", SLEEK_NS_XBOSH), ==, "1.0");
  g_assert_cmpstr (sleek_node_get_attribute_ns (body, "lang", "http://www.w3.org/XML/1998/namespace"), ==, "de");
  g_assert_null (sleek_node_get_attribute (body, "sid"));
  g_assert_cmpuint (sleek_node_get_n_children (body), ==, 0);

  answer (f, 0, "<body " BODY_NS " sid='s1' wait='30' requests='2' hold='1' ver='1.11' xmpp:version='1.0'>"
                FEATURES "</body>");
  WAIT_FOR (f, f->n_stream_start == 1);
  g_assert_cmpstr (sleek_bosh_session_get_sid (f->bosh), ==, "s1");
  g_assert_cmpuint (sleek_bosh_session_get_requests (f->bosh), ==, 2);
  g_assert_cmpuint (f->elements->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->elements, 0), "<mechanism>PLAIN</mechanism>"));

  /* Nothing to send: one empty request waits at the connection manager. */
  WAIT_FOR (f, f->pending->len == 1);
  body = pending_body (f, 0);
  g_assert_cmpuint (rid_of (body), ==, first + 1);
  g_assert_cmpstr (sleek_node_get_attribute (body, "sid"), ==, "s1");
  g_assert_cmpuint (sleek_node_get_n_children (body), ==, 0);
  run_for (f, 100);
  g_assert_cmpuint (f->pending->len, ==, 1);
  g_assert_false (f->ended);
}

static void
test_send_and_push (Fixture *f, gconstpointer data)
{
  SleekNode *body, *message;
  guint64 held;

  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  held = rid_of (pending_body (f, 0));

  /* What we send goes in a second request at once. */
  sleek_bosh_session_send (f->bosh, "<message xmlns='jabber:client' to='juliet@example.org'><body>hi</body></message>");
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  WAIT_FOR (f, f->pending->len == 2);
  body = pending_body (f, 1);
  g_assert_cmpuint (rid_of (body), ==, held + 1);
  g_assert_cmpuint (sleek_node_get_n_children (body), ==, 2);
  message = sleek_node_get_nth_child (body, 0);
  g_assert_cmpstr (sleek_node_get_name (message), ==, "message");
  g_assert_cmpstr (sleek_node_get_namespace (message), ==, "jabber:client");
  g_assert_cmpstr (sleek_node_get_name (sleek_node_get_nth_child (body, 1)), ==, "presence");
  answer (f, 1, "<body xmlns='" SLEEK_NS_BOSH "'/>");

  /* The server pushes through the held request; another one replaces it. */
  g_ptr_array_set_size (f->elements, 0);
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'><message xmlns='jabber:client' from='juliet@example.org'>"
                "<body>back</body></message></body>");
  WAIT_FOR (f, f->elements->len == 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->elements, 0), "<body>back</body>"));
  WAIT_FOR (f, f->pending->len == 1);
  g_assert_cmpuint (rid_of (pending_body (f, 0)), ==, held + 2);
  g_assert_false (f->ended);
}

/* Responses are handed over in request order, whatever order they come in. */
static void
test_response_order (Fixture *f, gconstpointer data)
{
  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  g_ptr_array_set_size (f->elements, 0);
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  WAIT_FOR (f, f->pending->len == 2);
  g_assert_cmpuint (rid_of (pending_body (f, 1)), ==, rid_of (pending_body (f, 0)) + 1);

  answer (f, 1, "<body xmlns='" SLEEK_NS_BOSH "'><message xmlns='jabber:client' id='second'/></body>");
  run_for (f, 200);
  g_assert_cmpuint (f->elements->len, ==, 0);
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'><message xmlns='jabber:client' id='first'/></body>");
  WAIT_FOR (f, f->elements->len == 2);
  g_assert_nonnull (strstr (g_ptr_array_index (f->elements, 0), "first"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->elements, 1), "second"));
}

/* Only as many requests as the connection manager allows. */
static void
test_requests_limit (Fixture *f, gconstpointer data)
{
  create_session (f, "requests='1' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  run_for (f, 200);
  g_assert_cmpuint (f->pending->len, ==, 1);
  g_assert_cmpuint (sleek_node_get_n_children (pending_body (f, 0)), ==, 0);
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  WAIT_FOR (f, f->pending->len == 1);
  g_assert_cmpuint (sleek_node_get_n_children (pending_body (f, 0)), ==, 1);
  g_assert_cmpuint (sleek_bosh_session_get_n_in_flight (f->bosh), ==, 1);
}

static void
test_restart (Fixture *f, gconstpointer data)
{
  SleekNode *body;

  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  /* What comes from now on belongs to the new stream. */
  sleek_bosh_session_restart (f->bosh);
  g_assert_cmpuint (f->n_stream_start, ==, 2);
  WAIT_FOR (f, f->pending->len == 2);
  body = pending_body (f, 1);
  g_assert_cmpstr (sleek_node_get_attribute_ns (body, "restart", SLEEK_NS_XBOSH), ==, "true");
  g_assert_cmpstr (sleek_node_get_attribute (body, "to"), ==, "example.org");
  g_assert_cmpstr (sleek_node_get_attribute (body, "sid"), ==, "s1");
  g_assert_cmpuint (sleek_node_get_n_children (body), ==, 0);
  /* The new features can come in the answer to the older, held request. */
  g_ptr_array_set_size (f->elements, 0);
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'>" FEATURES "</body>");
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  WAIT_FOR (f, f->elements->len == 1);
  g_assert_cmpuint (f->n_stream_start, ==, 2);
  g_assert_false (f->ended);
}

static void
test_terminate (Fixture *f, gconstpointer data)
{
  SleekNode *body;

  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  sleek_bosh_session_terminate (f->bosh, "<presence xmlns='jabber:client' type='unavailable'/>");
  WAIT_FOR (f, f->pending->len == 2);
  body = pending_body (f, 1);
  g_assert_cmpstr (sleek_node_get_attribute (body, "type"), ==, "terminate");
  g_assert_cmpuint (sleek_node_get_n_children (body), ==, 1);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_nth_child (body, 0), "type"), ==, "unavailable");
  /* Nothing more is sent once it is. */
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  run_for (f, 100);
  g_assert_cmpuint (f->pending->len, ==, 1);
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "' type='terminate'/>");
  WAIT_FOR (f, f->ended);
  g_assert_no_error (f->end_error);
}

typedef struct {
  const char *name;
  const char *response;
  GQuark domain;
  int code;
  const char *in_message;
} EndCase;

static const EndCase end_cases[] = {
  { "host-unknown", "<body xmlns='" SLEEK_NS_BOSH "' type='terminate' condition='host-unknown'/>",
    0, SLEEK_STREAM_ERROR_HOST_UNKNOWN, "host-unknown" },
  { "item-not-found", "<body xmlns='" SLEEK_NS_BOSH "' type='terminate' condition='item-not-found'/>",
    0, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION, "item-not-found" },
  { "remote-stream-error",
    "<body xmlns='" SLEEK_NS_BOSH "' type='terminate' condition='remote-stream-error'>"
    "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
    "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></body>",
    0, SLEEK_STREAM_ERROR_CONFLICT, "conflict" },
  { "see-other-uri",
    "<body xmlns='" SLEEK_NS_BOSH "' type='terminate' condition='see-other-uri'>"
    "<uri>https://other.example.org/http-bind</uri></body>",
    0, SLEEK_STREAM_ERROR_SEE_OTHER_HOST, "https://other.example.org/http-bind" },
  { "not-a-body", "<html xmlns='http://www.w3.org/1999/xhtml'/>", 0, SLEEK_STREAM_ERROR_INVALID_NAMESPACE, NULL },
  { "truncated", "<body xmlns='" SLEEK_NS_BOSH "'><message xmlns='jabber:client'>", 0, SLEEK_STREAM_ERROR_BAD_FORMAT,
    NULL },
  { "doctype", "<!DOCTYPE body [<!ENTITY a 'b'>]><body xmlns='" SLEEK_NS_BOSH "'/>", 0,
    SLEEK_STREAM_ERROR_RESTRICTED_XML, NULL },
  { "empty", "", 0, SLEEK_STREAM_ERROR_BAD_FORMAT, NULL },
};

/* The connection manager ends the session or sends garbage: an error. */
static void
test_ended_by_server (Fixture *f, gconstpointer data)
{
  const EndCase *c = data;

  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  answer (f, 0, c->response);
  WAIT_FOR (f, f->ended);
  g_assert_error (f->end_error, SLEEK_STREAM_ERROR, c->code);
  if (c->in_message != NULL)
    g_assert_nonnull (strstr (f->end_error->message, c->in_message));
  /* Nothing is sent after the end. */
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  run_for (f, 100);
  g_assert_cmpuint (f->pending->len, ==, 0);
}

static void
test_no_sid (Fixture *f, gconstpointer data)
{
  sleek_bosh_session_start (f->bosh);
  WAIT_FOR (f, f->pending->len == 1);
  answer (f, 0, "<body " BODY_NS " requests='2'/>");
  WAIT_FOR (f, f->ended);
  g_assert_error (f->end_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_BAD_FORMAT);
  g_assert_cmpuint (f->n_stream_start, ==, 0);
}

static void
test_http_error (Fixture *f, gconstpointer data)
{
  Pending *pending;

  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  pending = g_ptr_array_steal_index (f->pending, 0);
  soup_server_message_set_status (pending->msg, SOUP_STATUS_NOT_FOUND, NULL);
  soup_server_message_unpause (pending->msg);
  pending_free (pending);
  WAIT_FOR (f, f->ended);
  g_assert_error (f->end_error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (f->end_error->message, "404"));
}

/* A broken HTTP connection: the same request again, same id, same body. */
static void
test_resend (Fixture *f, gconstpointer data)
{
  SleekNode *first, *again;
  g_autofree char *first_xml = NULL, *again_xml = NULL;
  guint seen;

  create_session (f, "requests='2' hold='1'");
  WAIT_FOR (f, f->pending->len == 1);
  seen = f->seen->len;
  f->drop_next = 1;
  sleek_bosh_session_send (f->bosh, "<message xmlns='jabber:client' to='a@example.org'><body>once</body></message>");
  WAIT_FOR (f, f->pending->len == 2);
  g_assert_cmpuint (f->seen->len, ==, seen + 2);
  first = g_ptr_array_index (f->seen, seen);
  again = g_ptr_array_index (f->seen, seen + 1);
  first_xml = sleek_node_to_string (first);
  again_xml = sleek_node_to_string (again);
  g_assert_cmpstr (first_xml, ==, again_xml);
  g_assert_false (f->ended);

  /* A connection that breaks every time ends the session. */
  f->drop_next = 10;
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  answer (f, 1, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  WAIT_FOR (f, f->ended);
  g_assert_nonnull (f->end_error);
}

static void
test_pause (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekNode *body;

  create_session (f, "requests='2' hold='1' maxpause='120'");
  WAIT_FOR (f, f->pending->len == 1);
  g_assert_false (sleek_bosh_session_pause (f->bosh, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_true (sleek_bosh_session_pause (f->bosh, 60, &error));
  g_assert_no_error (error);
  WAIT_FOR (f, f->pending->len == 2);
  body = pending_body (f, 1);
  g_assert_cmpstr (sleek_node_get_attribute (body, "pause"), ==, "60");
  /* The connection manager answers everything; we stay quiet. */
  answer (f, 1, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  run_for (f, 200);
  g_assert_cmpuint (f->pending->len, ==, 0);

  sleek_bosh_session_resume (f->bosh);
  WAIT_FOR (f, f->pending->len >= 1);
  g_assert_cmpuint (sleek_node_get_n_children (pending_body (f, 0)), ==, 1);
  g_assert_false (f->ended);
}

static void
test_pause_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  create_session (f, "requests='2' hold='1'");
  g_assert_false (sleek_bosh_session_pause (f->bosh, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* A connection manager that holds nothing is polled no more often than
 * its `polling` says. */
static void
test_polling (Fixture *f, gconstpointer data)
{
  gint64 first, second;

  create_session (f, "requests='1' hold='0' polling='1'");
  WAIT_FOR (f, f->pending->len == 1);
  first = ((Pending *) g_ptr_array_index (f->pending, 0))->arrived;
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  WAIT_FOR (f, f->pending->len == 1);
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  WAIT_FOR (f, f->pending->len == 1);
  second = ((Pending *) g_ptr_array_index (f->pending, 0))->arrived;
  /* Two empty polls after the first: at least one interval between the
   * answer of one and the next. */
  g_assert_cmpint (second - first, >=, G_USEC_PER_SEC - 50000);

  /* Something to send goes at once, polling or not. */
  answer (f, 0, "<body xmlns='" SLEEK_NS_BOSH "'/>");
  sleek_bosh_session_send (f->bosh, "<presence xmlns='jabber:client'/>");
  WAIT_FOR (f, f->pending->len == 1);
  g_assert_cmpuint (sleek_node_get_n_children (pending_body (f, 0)), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/bosh/create", test_create);
  ADD ("/bosh/send-and-push", test_send_and_push);
  ADD ("/bosh/response-order", test_response_order);
  ADD ("/bosh/requests-limit", test_requests_limit);
  ADD ("/bosh/restart", test_restart);
  ADD ("/bosh/terminate", test_terminate);
  ADD ("/bosh/no-sid", test_no_sid);
  ADD ("/bosh/http-error", test_http_error);
  ADD ("/bosh/resend", test_resend);
  ADD ("/bosh/pause", test_pause);
  ADD ("/bosh/pause-refused", test_pause_refused);
  ADD ("/bosh/polling", test_polling);
  for (guint i = 0; i < G_N_ELEMENTS (end_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bosh/ended-by-server/%s", end_cases[i].name);

      g_test_add (path, Fixture, &end_cases[i], fixture_setup, test_ended_by_server, fixture_teardown);
    }
  return g_test_run ();
}
