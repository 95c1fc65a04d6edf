/* sleek-transport.c: framed transports under SleekXmlStream (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-transport.h"
#include "sleek-node-private.h"

#include <string.h>

/* The input side: a queue of pieces the subclass pushed, read one piece
 * (or the part of one that fits) per read. */

#define SLEEK_TYPE_TRANSPORT_INPUT (sleek_transport_input_get_type ())
G_DECLARE_FINAL_TYPE (SleekTransportInput, sleek_transport_input, SLEEK, TRANSPORT_INPUT, GInputStream)

struct _SleekTransportInput {
  GInputStream parent_instance;

  GQueue pieces;          /* GBytes */
  gsize offset;           /* into the head piece */
  gboolean eof;
  GError *error;          /* reported once the pieces before it are read */
  GTask *pending;         /* a read waiting for a piece */
  void *pending_buffer;
  gsize pending_count;
  GSource *cancel_source;
};

G_DEFINE_FINAL_TYPE (SleekTransportInput, sleek_transport_input, G_TYPE_INPUT_STREAM)

/* Takes what is available: a positive count, 0 at the end, -1 with
 * @error, or -2 when the caller has to wait. */
static gssize
input_take (SleekTransportInput *self, void *buffer, gsize count, GError **error)
{
  GBytes *piece = g_queue_peek_head (&self->pieces);

  if (piece != NULL)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (piece, &size);
      gsize n = MIN (count, size - self->offset);

      memcpy (buffer, data + self->offset, n);
      self->offset += n;
      if (self->offset == size)
        {
          g_bytes_unref (g_queue_pop_head (&self->pieces));
          self->offset = 0;
        }
      return n;
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      self->eof = TRUE;
      return -1;
    }
  if (self->eof)
    return 0;
  return -2;
}

static void
input_clear_pending (SleekTransportInput *self)
{
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  self->pending_buffer = NULL;
  self->pending_count = 0;
}

/* Completes the waiting read, if there is one and something to give it. */
static void
input_wake (SleekTransportInput *self)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gssize n;

  if (self->pending == NULL)
    return;
  n = input_take (self, self->pending_buffer, self->pending_count, &error);
  if (n == -2)
    return;
  task = g_steal_pointer (&self->pending);
  input_clear_pending (self);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static gboolean
input_read_cancelled (GCancellable *cancellable, gpointer user_data)
{
  SleekTransportInput *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->pending);
  GError *error = NULL;

  input_clear_pending (self);
  if (task != NULL && g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, error);
  return G_SOURCE_REMOVE;
}

static gssize
sleek_transport_input_read (GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable,
                            GError **error)
{
  SleekTransportInput *self = SLEEK_TRANSPORT_INPUT (stream);
  gssize n = input_take (self, buffer, count, error);

  if (n == -2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           _("Nothing has arrived yet"));
      return -1;
    }
  return n;
}

static void
sleek_transport_input_read_async (GInputStream *stream, void *buffer, gsize count, int io_priority,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  SleekTransportInput *self = SLEEK_TRANSPORT_INPUT (stream);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sleek_transport_input_read_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_assert (self->pending == NULL);   /* GInputStream allows one read at a time */
  self->pending = g_steal_pointer (&task);
  self->pending_buffer = buffer;
  self->pending_count = count;
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) (GCallback) input_read_cancelled, self, NULL);
      g_source_set_static_name (self->cancel_source, "[sleek] transport read cancelled");
      g_source_attach (self->cancel_source, g_task_get_context (self->pending));
    }
  input_wake (self);
}

static gssize
sleek_transport_input_read_finish (GInputStream *stream, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
sleek_transport_input_close (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
sleek_transport_input_dispose (GObject *object)
{
  SleekTransportInput *self = SLEEK_TRANSPORT_INPUT (object);

  input_clear_pending (self);
  G_OBJECT_CLASS (sleek_transport_input_parent_class)->dispose (object);
}

static void
sleek_transport_input_finalize (GObject *object)
{
  SleekTransportInput *self = SLEEK_TRANSPORT_INPUT (object);

  g_queue_clear_full (&self->pieces, (GDestroyNotify) g_bytes_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sleek_transport_input_parent_class)->finalize (object);
}

static void
sleek_transport_input_class_init (SleekTransportInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = sleek_transport_input_dispose;
  object_class->finalize = sleek_transport_input_finalize;
  input_class->read_fn = sleek_transport_input_read;
  input_class->read_async = sleek_transport_input_read_async;
  input_class->read_finish = sleek_transport_input_read_finish;
  input_class->close_fn = sleek_transport_input_close;
}

static void
sleek_transport_input_init (SleekTransportInput *self)
{
  g_queue_init (&self->pieces);
}

/* The output side: each write is one complete element. SleekXmlStream
 * does not use it (it calls sleek_transport_send_frames_async()), but a
 * GIOStream has to have one, and it works for anyone else. */

#define SLEEK_TYPE_TRANSPORT_OUTPUT (sleek_transport_output_get_type ())
G_DECLARE_FINAL_TYPE (SleekTransportOutput, sleek_transport_output, SLEEK, TRANSPORT_OUTPUT, GOutputStream)

struct _SleekTransportOutput {
  GOutputStream parent_instance;
  SleekTransport *transport;      /* borrowed: the transport owns us */
};

G_DEFINE_FINAL_TYPE (SleekTransportOutput, sleek_transport_output, G_TYPE_OUTPUT_STREAM)

static gssize
sleek_transport_output_write (GOutputStream *stream, const void *buffer, gsize count, GCancellable *cancellable,
                              GError **error)
{
  SleekTransportOutput *self = SLEEK_TRANSPORT_OUTPUT (stream);

  if (self->transport == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The connection is closed"));
      return -1;
    }
  if (!SLEEK_TRANSPORT_GET_CLASS (self->transport)->send_frame (self->transport, buffer, count, error))
    return -1;
  return count;
}

static gboolean
sleek_transport_output_close (GOutputStream *stream, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
sleek_transport_output_class_init (SleekTransportOutputClass *klass)
{
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  output_class->write_fn = sleek_transport_output_write;
  output_class->close_fn = sleek_transport_output_close;
}

static void
sleek_transport_output_init (SleekTransportOutput *self)
{
}

/* The transport */

typedef struct {
  SleekTransportInput *input;
  SleekTransportOutput *output;
} SleekTransportPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SleekTransport, sleek_transport, G_TYPE_IO_STREAM)

#define TPRIV(t) ((SleekTransportPrivate *) sleek_transport_get_instance_private (t))

static GInputStream *
sleek_transport_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (TPRIV (SLEEK_TRANSPORT (stream))->input);
}

static GOutputStream *
sleek_transport_get_output_stream (GIOStream *stream)
{
  return G_OUTPUT_STREAM (TPRIV (SLEEK_TRANSPORT (stream))->output);
}

static gboolean
sleek_transport_close_fn (GIOStream *stream, GCancellable *cancellable, GError **error)
{
  SleekTransport *self = SLEEK_TRANSPORT (stream);

  SLEEK_TRANSPORT_GET_CLASS (self)->shutdown (self);
  sleek_transport_push_eof (self);
  return TRUE;
}

/* Closing only starts the transport's own ending (a WebSocket close
 * frame): no thread, unlike GIOStream's default. */
static void
sleek_transport_close_async (GIOStream *stream, int io_priority, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, sleek_transport_close_async);
  sleek_transport_close_fn (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
sleek_transport_close_finish (GIOStream *stream, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_transport_finalize (GObject *object)
{
  SleekTransportPrivate *priv = TPRIV (SLEEK_TRANSPORT (object));

  priv->output->transport = NULL;
  g_clear_object (&priv->input);
  g_clear_object (&priv->output);
  G_OBJECT_CLASS (sleek_transport_parent_class)->finalize (object);
}

static void
sleek_transport_class_init (SleekTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *io_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = sleek_transport_finalize;
  io_class->get_input_stream = sleek_transport_get_input_stream;
  io_class->get_output_stream = sleek_transport_get_output_stream;
  io_class->close_fn = sleek_transport_close_fn;
  io_class->close_async = sleek_transport_close_async;
  io_class->close_finish = sleek_transport_close_finish;
}

static void
sleek_transport_init (SleekTransport *self)
{
  SleekTransportPrivate *priv = TPRIV (self);

  priv->input = g_object_new (SLEEK_TYPE_TRANSPORT_INPUT, NULL);
  priv->output = g_object_new (SLEEK_TYPE_TRANSPORT_OUTPUT, NULL);
  priv->output->transport = self;
}

static void
push_bytes (SleekTransport *self, GBytes *bytes)
{
  SleekTransportInput *input = TPRIV (self)->input;

  if (input->eof || input->error != NULL)
    {
      g_bytes_unref (bytes);
      return;
    }
  g_queue_push_tail (&input->pieces, bytes);
  input_wake (input);
}

/* The header the parser sees for the peer's <open/>: the streams element
 * with the attributes of @open that a stream header carries. */
void
sleek_transport_push_stream_header (SleekTransport *self, SleekNode *open)
{
  static const char * const names[] = { "from", "to", "id", "version", "xml:lang" };
  GString *xml = g_string_new ("<stream:stream xmlns='" SLEEK_NS_CLIENT "' xmlns:stream='" SLEEK_NS_STREAMS "'");
  gsize len;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = sleek_node_get_attribute (open, names[i]);

      if (value == NULL)
        continue;
      g_string_append_printf (xml, " %s='", names[i]);
      sleek_xml_append_escaped (xml, value, TRUE);
      g_string_append_c (xml, '\'');
    }
  g_string_append_c (xml, '>');
  len = xml->len;
  push_bytes (self, g_bytes_new_take (g_string_free (xml, FALSE), len));
}

void
sleek_transport_push_element (SleekTransport *self, const char *data, gsize len)
{
  push_bytes (self, g_bytes_new (data, len));
}

void
sleek_transport_push_stream_end (SleekTransport *self)
{
  push_bytes (self, g_bytes_new_static ("</stream:stream>", strlen ("</stream:stream>")));
}

void
sleek_transport_push_eof (SleekTransport *self)
{
  SleekTransportInput *input = TPRIV (self)->input;

  input->eof = TRUE;
  input_wake (input);
}

/* Takes @error; the reader gets it after what was pushed before. */
void
sleek_transport_push_error (SleekTransport *self, GError *error)
{
  SleekTransportInput *input = TPRIV (self)->input;

  if (input->eof || input->error != NULL)
    {
      g_error_free (error);
      return;
    }
  input->error = error;
  input_wake (input);
}

void
sleek_transport_write_open (SleekTransport *self, SleekNode *header, GString *out)
{
  SLEEK_TRANSPORT_GET_CLASS (self)->write_open (self, header, out);
}

void
sleek_transport_write_close (SleekTransport *self, GString *out)
{
  SLEEK_TRANSPORT_GET_CLASS (self)->write_close (self, out);
}

void
sleek_transport_send_frames_async (SleekTransport *self, const char *data, const gsize *ends, guint n_ends,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  SleekTransportClass *klass = SLEEK_TRANSPORT_GET_CLASS (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  gsize start = 0;

  g_task_set_source_tag (task, sleek_transport_send_frames_async);
  for (guint i = 0; i < n_ends; i++)
    {
      GError *error = NULL;

      if (!klass->send_frame (self, data + start, ends[i] - start, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      start = ends[i];
    }
  /* GTask calls back from an idle: the caller is not re-entered. */
  g_task_return_int (task, start);
}

gssize
sleek_transport_send_frames_finish (SleekTransport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
