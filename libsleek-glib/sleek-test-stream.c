/* sleek-test-stream.c: a scripted in-memory peer for testing streams
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"
#include "sleek-node-private.h"
#include "sleek-xml-reader.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/**
 * SleekTestStream:
 *
 * A scripted peer for testing code built on [class@Sleek.XmlStream] without
 * a server, like SleekXMPP's `SleekTest`. It holds both ends of an
 * in-memory connection (a local socket pair): the stream under test is
 * attached to one end, and the test plays the server on the other.
 *
 * - [method@Sleek.TestStream.recv] makes the stream receive XML, and
 *   returns once the stream has read and handled it.
 * - [method@Sleek.TestStream.expect_send] waits for the next thing the
 *   stream sends (a stream header, a stanza or the end of the stream) and
 *   compares it with the expected XML, ignoring attribute order and
 *   insignificant whitespace. It fails with %G_IO_ERROR_TIMED_OUT instead
 *   of hanging when nothing comes within
 *   [property@Sleek.TestStream:timeout].
 *
 * While it waits, the test stream iterates the main context that was the
 * thread-default when it was created, so create it, and the stream under
 * test, with the same context pushed.
 *
 * ```c
 * g_autoptr(SleekTestStream) peer = sleek_test_stream_new ();
 * g_autoptr(SleekXmlStream) stream = sleek_xml_stream_new ();
 *
 * sleek_test_stream_start (peer, stream, NULL, &error);
 * sleek_test_stream_recv (peer, "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
 * sleek_test_stream_expect_send (peer, "<iq type='result' id='1'/>", &error);
 * ```
 */

typedef enum {
  ITEM_HEADER,
  ITEM_STANZA,
  ITEM_END,
} ItemKind;

typedef struct {
  ItemKind kind;
  SleekNode *node;
} Item;

struct _SleekTestStream {
  GObject parent_instance;

  GMainContext *context;
  GIOStream *io;          /* the end the stream under test uses */
  GSocket *io_socket;
  GSocket *peer;          /* our end, non-blocking */
  SleekXmlReader *reader; /* parses what the stream under test sends */
  GByteArray *raw;        /* received, not yet parsed */
  GQueue items;
  GError *peer_error;
  gboolean eof;
  gboolean fed_since_reset;
  guint timeout;
};

G_DEFINE_FINAL_TYPE (SleekTestStream, sleek_test_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_PEER_HEADER \
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='sleek-test' version='1.0'>"

static void
item_free (Item *item)
{
  g_clear_pointer (&item->node, sleek_node_unref);
  g_free (item);
}

static void
push_item (SleekTestStream *self, ItemKind kind, SleekNode *node)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->node = node != NULL ? sleek_node_ref (node) : NULL;
  g_queue_push_tail (&self->items, item);
}

static void
on_peer_header (gpointer user_data, SleekNode *header)
{
  push_item (user_data, ITEM_HEADER, header);
}

static void
on_peer_stanza (gpointer user_data, SleekNode *stanza)
{
  push_item (user_data, ITEM_STANZA, stanza);
}

static void
on_peer_end (gpointer user_data)
{
  push_item (user_data, ITEM_END, NULL);
}

static const SleekXmlReaderCallbacks peer_callbacks = {
  on_peer_header, on_peer_stanza, on_peer_end,
};

static void
sleek_test_stream_dispose (GObject *object)
{
  SleekTestStream *self = SLEEK_TEST_STREAM (object);

  if (self->peer != NULL)
    g_socket_close (self->peer, NULL);
  g_clear_object (&self->peer);
  if (self->io != NULL)
    g_io_stream_close (self->io, NULL, NULL);
  g_clear_object (&self->io);
  self->io_socket = NULL;
  G_OBJECT_CLASS (sleek_test_stream_parent_class)->dispose (object);
}

static void
sleek_test_stream_finalize (GObject *object)
{
  SleekTestStream *self = SLEEK_TEST_STREAM (object);

  sleek_xml_reader_free (self->reader);
  g_byte_array_unref (self->raw);
  g_queue_clear_full (&self->items, (GDestroyNotify) item_free);
  g_clear_error (&self->peer_error);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (sleek_test_stream_parent_class)->finalize (object);
}

static void
sleek_test_stream_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekTestStream *self = SLEEK_TEST_STREAM (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_test_stream_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekTestStream *self = SLEEK_TEST_STREAM (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      sleek_test_stream_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_test_stream_class_init (SleekTestStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sleek_test_stream_dispose;
  object_class->finalize = sleek_test_stream_finalize;
  object_class->get_property = sleek_test_stream_get_property;
  object_class->set_property = sleek_test_stream_set_property;

  /**
   * SleekTestStream:timeout:
   *
   * How long, in milliseconds, to wait for the stream under test before a
   * wait fails. 5000 by default.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXINT, 5000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_test_stream_init (SleekTestStream *self)
{
  int fds[2];
  g_autoptr(GSocket) io_socket = NULL;
  g_autoptr(GError) error = NULL;

  self->context = g_main_context_ref_thread_default ();
  self->timeout = 5000;
  self->reader = sleek_xml_reader_new (&peer_callbacks, self);
  /* What the stream under test sends is only limited by the test. */
  sleek_xml_reader_set_limits (self->reader, G_MAXINT, 10000, 100000);
  self->raw = g_byte_array_new ();
  g_queue_init (&self->items);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair: %s", g_strerror (errno));
  io_socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  self->peer = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  g_socket_set_blocking (self->peer, FALSE);
  self->io = G_IO_STREAM (g_socket_connection_factory_create_connection (io_socket));
  self->io_socket = io_socket;
}

/**
 * sleek_test_stream_new:
 *
 * Creates a connected pair: the stream end and the scripted peer. It
 * belongs to the thread-default main context.
 *
 * Returns: (transfer full): a new test stream
 */
SleekTestStream *
sleek_test_stream_new (void)
{
  return g_object_new (SLEEK_TYPE_TEST_STREAM, NULL);
}

/**
 * sleek_test_stream_get_io_stream:
 * @self: a test stream
 *
 * Gets the connection end to attach the stream under test to.
 *
 * Returns: (transfer none): the end of the connection for the stream
 *   under test
 */
GIOStream *
sleek_test_stream_get_io_stream (SleekTestStream *self)
{
  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), NULL);
  return self->io;
}

/**
 * sleek_test_stream_attach:
 * @self: a test stream
 * @stream: the stream under test
 *
 * Attaches @stream to the test's connection.
 */
void
sleek_test_stream_attach (SleekTestStream *self, SleekXmlStream *stream)
{
  g_return_if_fail (SLEEK_IS_TEST_STREAM (self));
  g_return_if_fail (SLEEK_IS_XML_STREAM (stream));

  sleek_xml_stream_attach (stream, self->io);
}

/* Feeds what was received to the parser. The stream under test starts
 * every header of its own with an XML declaration, which cannot occur
 * anywhere else in its output, so a "<?xml" marks a restarted stream. */
static void
parse_received (SleekTestStream *self, gboolean final)
{
  static const char marker[] = "<?xml";
  guint8 *data = self->raw->data;
  gsize len = self->raw->len;
  gsize start = 0;
  gsize keep = 0;

  if (self->peer_error != NULL)
    {
      g_byte_array_set_size (self->raw, 0);
      return;
    }
  if (!final)
    {
      /* Hold back a tail that may be the start of a marker. */
      for (gsize k = MIN (len, sizeof marker - 2); k > 0; k--)
        if (memcmp (data + len - k, marker, k) == 0)
          {
            keep = k;
            break;
          }
    }

  while (start < len - keep && self->peer_error == NULL)
    {
      const guint8 *found = NULL;
      gsize end = len - keep;

      /* A marker right at the start begins a new stream only if the
       * current one has seen bytes already. */
      for (gsize i = self->fed_since_reset ? start : start + 1; i + sizeof marker - 1 <= end; i++)
        if (data[i] == '<' && memcmp (data + i, marker, sizeof marker - 1) == 0)
          {
            found = data + i;
            break;
          }
      if (found != NULL)
        end = found - data;
      if (end > start)
        self->fed_since_reset = TRUE;
      if (!sleek_xml_reader_feed (self->reader, (const char *) data + start, end - start, &self->peer_error))
        break;
      if (found != NULL)
        {
          sleek_xml_reader_reset (self->reader);
          self->fed_since_reset = FALSE;
        }
      start = end;
    }
  g_byte_array_remove_range (self->raw, 0, len - keep);
}

static void
pump (SleekTestStream *self)
{
  guint8 buffer[65536];

  while (!self->eof && !g_socket_is_closed (self->peer))
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (self->peer, (char *) buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        g_byte_array_append (self->raw, buffer, n);
      else if (n == 0)
        self->eof = TRUE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      else
        self->eof = TRUE;
    }
  parse_received (self, self->eof);
}

static gboolean
flag_set (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
socket_ready (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*DoneFunc) (SleekTestStream *self, gpointer data);

/* Iterates the main context until @done says so or the timeout passes;
 * wakes up whenever our end of the connection becomes readable. */
static gboolean
iterate (SleekTestStream *self, guint timeout, DoneFunc done, gpointer data)
{
  gboolean timed_out = FALSE;
  GSource *timer = g_timeout_source_new (timeout);
  GSource *readable = NULL;
  gboolean ok;

  g_source_set_callback (timer, flag_set, &timed_out, NULL);
  g_source_attach (timer, self->context);
  if (!g_socket_is_closed (self->peer))
    {
      readable = g_socket_create_source (self->peer, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (readable, (GSourceFunc) (void (*)(void)) socket_ready, NULL, NULL);
      g_source_attach (readable, self->context);
    }

  while (!(ok = done (self, data)) && !timed_out)
    g_main_context_iteration (self->context, TRUE);

  if (readable != NULL)
    {
      g_source_destroy (readable);
      g_source_unref (readable);
    }
  g_source_destroy (timer);
  g_source_unref (timer);
  return ok;
}

static gboolean
have_item (SleekTestStream *self, gpointer data)
{
  pump (self);
  return self->items.length > 0 || self->peer_error != NULL || self->eof;
}

static Item *
next_item (SleekTestStream *self, GError **error)
{
  iterate (self, self->timeout, have_item, NULL);
  if (self->items.length > 0)
    return g_queue_pop_head (&self->items);
  if (self->peer_error != NULL)
    {
      g_set_error (error, self->peer_error->domain, self->peer_error->code,
                   _("The stream sent bad XML: %s"), self->peer_error->message);
      return NULL;
    }
  if (self->eof)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           _("The stream closed the connection"));
      return NULL;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("The stream sent nothing within %u ms"),
               self->timeout);
  return NULL;
}

static char *
describe_item (Item *item)
{
  switch (item->kind)
    {
    case ITEM_HEADER:
      {
        g_autofree char *xml = sleek_node_to_string (item->node);
        return g_strdup_printf ("the stream header %s", xml);
      }
    case ITEM_STANZA:
      return sleek_node_to_string_in_namespace (item->node, SLEEK_NS_CLIENT);
    case ITEM_END:
    default:
      return g_strdup ("</stream:stream>");
    }
}

typedef struct {
  SleekNode *stanza;
} ParsedExpectation;

static void
on_expected_stanza (gpointer user_data, SleekNode *stanza)
{
  ParsedExpectation *parsed = user_data;

  if (parsed->stanza == NULL)
    parsed->stanza = sleek_node_ref (stanza);
}

/* Parses @xml as a stanza inside a jabber:client stream, so that elements
 * without xmlns are in jabber:client as on the wire. */
static SleekNode *
parse_expected_stanza (const char *xml, GError **error)
{
  static const SleekXmlReaderCallbacks callbacks = { NULL, on_expected_stanza, NULL };
  ParsedExpectation parsed = { NULL };
  SleekXmlReader *reader = sleek_xml_reader_new (&callbacks, &parsed);
  g_autofree char *wrapped = g_strconcat ("<stream:stream xmlns='jabber:client' xmlns:stream='"
                                          SLEEK_NS_STREAMS "'>", xml, NULL);
  gboolean ok;

  sleek_xml_reader_set_limits (reader, G_MAXINT, 10000, 100000);
  ok = sleek_xml_reader_feed (reader, wrapped, strlen (wrapped), error);
  sleek_xml_reader_free (reader);
  if (ok && parsed.stanza == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Expected XML is not one element: %s"), xml);
  if (!ok || parsed.stanza == NULL)
    {
      g_clear_pointer (&parsed.stanza, sleek_node_unref);
      return NULL;
    }
  return parsed.stanza;
}

static SleekNode *
parse_expected_header (const char *xml, GError **error)
{
  g_autoptr(GString) text = g_string_new (xml);
  char *start;

  g_strstrip (text->str);
  g_string_set_size (text, strlen (text->str));

  if (g_str_has_prefix (text->str, "<?xml"))
    {
      char *end = strstr (text->str, "?>");

      if (end != NULL)
        g_string_erase (text, 0, end + 2 - text->str);
    }
  start = strstr (text->str, "<stream:stream");
  if (start != NULL && strstr (text->str, "xmlns:stream") == NULL)
    g_string_insert (text, start - text->str + strlen ("<stream:stream"),
                     " xmlns:stream='" SLEEK_NS_STREAMS "'");
  if (g_str_has_suffix (text->str, "/>"))
    g_string_truncate (text, text->len - 2), g_string_append (text, ">");
  g_string_append (text, "</stream:stream>");
  return sleek_node_parse (text->str, text->len, error);
}

static gboolean
header_matches (SleekNode *expected, SleekNode *actual)
{
  g_auto(GStrv) names = sleek_node_dup_attribute_names (expected);

  if (!sleek_node_is (actual, sleek_node_get_name (expected), sleek_node_get_namespace (expected)))
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (sleek_node_get_attribute (expected, names[i]),
                   sleek_node_get_attribute (actual, names[i])) != 0)
      return FALSE;
  return TRUE;
}

/**
 * sleek_test_stream_expect_send:
 * @self: a test stream
 * @xml: what the stream should send next: a stanza (elements without
 *   `xmlns` are in `jabber:client`), a stream header such as
 *   `<stream:stream to='example.com' version='1.0'>` (only the attributes
 *   given are compared), or `</stream:stream>`
 * @error: return location for a #GError
 *
 * Waits for the next thing the stream sends and compares it with @xml.
 *
 * Returns: %TRUE if it matches; %FALSE with @error set if it does not
 *   (%G_IO_ERROR_FAILED, with both in the message), nothing came in time
 *   (%G_IO_ERROR_TIMED_OUT) or the connection closed
 */
gboolean
sleek_test_stream_expect_send (SleekTestStream *self, const char *xml, GError **error)
{
  g_autoptr(SleekNode) expected = NULL;
  g_autofree char *trimmed = NULL;
  Item *item;
  ItemKind kind;
  gboolean ok;

  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (xml));
  if (strcmp (trimmed, "</stream:stream>") == 0)
    kind = ITEM_END;
  else if (g_str_has_prefix (trimmed, "<?xml") || g_str_has_prefix (trimmed, "<stream:stream"))
    kind = ITEM_HEADER;
  else
    kind = ITEM_STANZA;

  if (kind == ITEM_HEADER)
    expected = parse_expected_header (trimmed, error);
  else if (kind == ITEM_STANZA)
    expected = parse_expected_stanza (trimmed, error);
  if (kind != ITEM_END && expected == NULL)
    return FALSE;

  item = next_item (self, error);
  if (item == NULL)
    return FALSE;

  if (item->kind != kind)
    ok = FALSE;
  else if (kind == ITEM_HEADER)
    ok = header_matches (expected, item->node);
  else if (kind == ITEM_STANZA)
    ok = sleek_node_equal (expected, item->node);
  else
    ok = TRUE;

  if (!ok)
    {
      g_autofree char *got = describe_item (item);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Expected %s but the stream sent %s"), trimmed, got);
    }
  item_free (item);
  return ok;
}

/**
 * sleek_test_stream_next_send:
 * @self: a test stream
 * @error: return location for a #GError
 *
 * Waits for the next thing the stream sends and returns it as a node: a
 * stanza, or the stream header (the element `stream` in the streams
 * namespace, without children). The end of the stream is reported as
 * %G_IO_ERROR_CONNECTION_CLOSED.
 *
 * Returns: (transfer full): the element, or %NULL with @error set
 */
SleekNode *
sleek_test_stream_next_send (SleekTestStream *self, GError **error)
{
  Item *item;
  SleekNode *node;

  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), NULL);

  item = next_item (self, error);
  if (item == NULL)
    return NULL;
  if (item->kind == ITEM_END)
    {
      item_free (item);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, _("The stream sent </stream:stream>"));
      return NULL;
    }
  node = g_steal_pointer (&item->node);
  item_free (item);
  return node;
}

/**
 * sleek_test_stream_expect_silence:
 * @self: a test stream
 * @milliseconds: how long to watch
 * @error: return location for a #GError
 *
 * Runs the main context for @milliseconds and checks that the stream sent
 * nothing meanwhile.
 *
 * Returns: %TRUE if nothing was sent; %FALSE with @error describing what
 *   was
 */
gboolean
sleek_test_stream_expect_silence (SleekTestStream *self, guint milliseconds, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), FALSE);

  if (iterate (self, milliseconds, have_item, NULL) && self->items.length > 0)
    {
      Item *item = g_queue_pop_head (&self->items);
      g_autofree char *got = describe_item (item);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Expected silence but the stream sent %s"), got);
      item_free (item);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_closed (SleekTestStream *self, gpointer data)
{
  pump (self);
  return self->eof;
}

/**
 * sleek_test_stream_wait_closed:
 * @self: a test stream
 * @error: return location for a #GError
 *
 * Waits until the stream under test closes its end of the connection,
 * discarding anything it sends meanwhile.
 *
 * Returns: %TRUE once it is closed, %FALSE with %G_IO_ERROR_TIMED_OUT
 */
gboolean
sleek_test_stream_wait_closed (SleekTestStream *self, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), FALSE);

  if (iterate (self, self->timeout, is_closed, NULL))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("The stream did not close the connection within %u ms"),
               self->timeout);
  return FALSE;
}

static gboolean
consumed (SleekTestStream *self, gpointer data)
{
  /* The stream under test has read everything we wrote. */
  return self->io_socket == NULL || g_socket_get_available_bytes (self->io_socket) <= 0;
}

static gboolean
writable (SleekTestStream *self, gpointer data)
{
  return g_socket_is_closed (self->peer) || (g_socket_condition_check (self->peer, G_IO_OUT) & G_IO_OUT) != 0;
}

/**
 * sleek_test_stream_recv_bytes:
 * @self: a test stream
 * @bytes: what the stream should receive, as it is
 *
 * Like [method@Sleek.TestStream.recv] for arbitrary bytes, such as
 * invalid UTF-8.
 */
void
sleek_test_stream_recv_bytes (SleekTestStream *self, GBytes *bytes)
{
  gsize len;
  const char *data;
  gsize sent = 0;
  gint64 deadline;

  g_return_if_fail (SLEEK_IS_TEST_STREAM (self));
  g_return_if_fail (bytes != NULL);

  data = g_bytes_get_data (bytes, &len);
  deadline = g_get_monotonic_time () + (gint64) self->timeout * 1000;
  while (sent < len && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (self->peer, data + sent, len - sent, NULL, &error);

      if (n > 0)
        sent += n;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          /* Let the stream read while we wait for room; keep draining what
           * it sends so that it never blocks on us either. */
          pump (self);
          iterate (self, 50, writable, NULL);
        }
      else
        return;  /* the stream closed its end; nothing more to deliver */
    }

  iterate (self, self->timeout, consumed, NULL);
  /* Let it handle what it read. */
  for (guint i = 0; i < 1000 && g_main_context_pending (self->context); i++)
    g_main_context_iteration (self->context, FALSE);
}

/**
 * sleek_test_stream_recv:
 * @self: a test stream
 * @xml: what the stream should receive
 *
 * Makes the stream receive @xml, and returns once it has read it and its
 * handlers have run (handlers marked %SLEEK_HANDLER_THREADED may still be
 * running), or after [property@Sleek.TestStream:timeout].
 */
void
sleek_test_stream_recv (SleekTestStream *self, const char *xml)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (xml != NULL);
  bytes = g_bytes_new (xml, strlen (xml));
  sleek_test_stream_recv_bytes (self, bytes);
}

/**
 * sleek_test_stream_start:
 * @self: a test stream
 * @stream: the stream under test
 * @peer_header: (nullable): the stream header the peer answers with, or
 *   %NULL for a `jabber:client` header from `example.com` with the id
 *   `sleek-test`
 * @error: return location for a #GError
 *
 * Attaches @stream, has it open its stream with
 * [method@Sleek.XmlStream.open], checks that it sent a header and answers
 * with @peer_header.
 *
 * Returns: %TRUE if the stream sent its header
 */
gboolean
sleek_test_stream_start (SleekTestStream *self, SleekXmlStream *stream, const char *peer_header, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_XML_STREAM (stream), FALSE);

  sleek_test_stream_attach (self, stream);
  sleek_xml_stream_open (stream, NULL);
  if (!sleek_test_stream_expect_send (self, "<stream:stream version='1.0'>", error))
    return FALSE;
  sleek_test_stream_recv (self, peer_header != NULL ? peer_header : DEFAULT_PEER_HEADER);
  return TRUE;
}

/**
 * sleek_test_stream_close:
 * @self: a test stream
 *
 * Closes the peer's end of the connection abruptly, without ending the
 * stream.
 */
void
sleek_test_stream_close (SleekTestStream *self)
{
  g_return_if_fail (SLEEK_IS_TEST_STREAM (self));

  g_socket_close (self->peer, NULL);
  self->eof = TRUE;
}

static gboolean
flag_is_set (SleekTestStream *self, gpointer data)
{
  return *(gboolean *) data;
}

/**
 * sleek_test_stream_iterate_until: (skip)
 * @self: a test stream
 * @flag: a flag that something the test waits for sets
 * @error: return location for a #GError
 *
 * Iterates the main context until *@flag is %TRUE, or fails with
 * %G_IO_ERROR_TIMED_OUT after [property@Sleek.TestStream:timeout].
 *
 * Returns: whether *@flag became %TRUE in time
 */
gboolean
sleek_test_stream_iterate_until (SleekTestStream *self, gboolean *flag, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), FALSE);
  g_return_val_if_fail (flag != NULL, FALSE);

  if (iterate (self, self->timeout, flag_is_set, flag))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("Nothing happened within %u ms"), self->timeout);
  return FALSE;
}

/**
 * sleek_test_stream_get_timeout:
 * @self: a test stream
 *
 * Gets [property@Sleek.TestStream:timeout].
 *
 * Returns: the wait limit in milliseconds
 */
guint
sleek_test_stream_get_timeout (SleekTestStream *self)
{
  g_return_val_if_fail (SLEEK_IS_TEST_STREAM (self), 0);
  return self->timeout;
}

/**
 * sleek_test_stream_set_timeout:
 * @self: a test stream
 * @milliseconds: the wait limit
 *
 * Sets [property@Sleek.TestStream:timeout].
 */
void
sleek_test_stream_set_timeout (SleekTestStream *self, guint milliseconds)
{
  g_return_if_fail (SLEEK_IS_TEST_STREAM (self));
  g_return_if_fail (milliseconds > 0);

  if (self->timeout == milliseconds)
    return;
  self->timeout = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
