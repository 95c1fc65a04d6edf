/* sleek-xml-stream.c: a bidirectional XMPP XML stream over any GIOStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"
#include "sleek-node-private.h"
#include "sleek-xml-reader.h"
#include "sleek-xml-stream-private.h"
#include "sleek-stanza-private.h"
#include "sleek-transport.h"

#include <string.h>

/**
 * SleekXmlStream:
 *
 * An XML stream in both directions over any [class@Gio.IOStream]: a TCP
 * connection, a TLS connection, or the in-memory pair of
 * [class@Sleek.TestStream]. It is SleekXMPP's `XMLStream` on a
 * [struct@GLib.MainContext].
 *
 * Incoming bytes go through a restricted libxml2 SAX2 push parser: the
 * stream header raises [signal@Sleek.XmlStream::stream-start], each child
 * of the stream element becomes a [class@Sleek.Stanza] of the registered
 * class, and the end of the stream raises
 * [signal@Sleek.XmlStream::stream-end]. Anything RFC 6120 section 11.1
 * forbids ends the stream with `<restricted-xml/>`; ill-formed XML with
 * `<not-well-formed/>`; a stanza over the size, depth or attribute limits
 * with `<policy-violation/>`. [signal@Sleek.XmlStream::disconnected]
 * then carries the %SLEEK_STREAM_ERROR.
 *
 * Each stanza goes first through the incoming filters, then to every
 * handler whose [class@Sleek.Matcher] accepts it, in the order the
 * handlers were added, then to [signal@Sleek.XmlStream::stanza]. Every
 * receiver gets its own copy, so a handler may change the stanza it is
 * given without the others seeing it.
 *
 * Outgoing stanzas go through the outgoing filters and are serialised in
 * order into a queue written with asynchronous writes.
 * [method@Sleek.XmlStream.send] may be called from any thread. A stanza
 * that cannot be written is reported through
 * [signal@Sleek.XmlStream::send-failed].
 *
 * The stream captures the thread-default main context when it is created;
 * its I/O, timers, signals and callbacks all run there. Apart from
 * [method@Sleek.XmlStream.send], [method@Sleek.XmlStream.send_raw] and
 * queued events, it is not thread-safe.
 */

typedef enum {
  STATE_CLOSED,
  STATE_OPEN,
  STATE_CLOSING,
} StreamState;

typedef struct {
  gatomicrefcount ref_count;
  guint id;
  SleekMatcher *matcher;
  SleekHandlerFlags flags;
  SleekHandlerFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
  gboolean removed;
} Handler;

typedef struct {
  guint id;
  SleekFilterDirection direction;
  SleekFilterFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
} Filter;

typedef struct {
  SleekXmlStream *stream;   /* not a reference */
  char *name;
  GSource *source;
  gboolean repeat;
  GSourceFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
  guint64 serial;
} Scheduled;

typedef struct {
  char *name;
  GObject *data;
} QueuedEvent;

typedef struct {
  SleekStanza *stanza;  /* NULL for raw XML */
  char *raw;
} QueuedSend;

typedef struct {
  GList link;           /* in priv->unwritten: no allocation of its own */
  SleekStanza *stanza;
  guint64 end;          /* offset just past it in the output */
} Unwritten;

typedef struct {
  GMainContext *context;

  GIOStream *io;
  SleekTransport *transport;      /* io, when it is a framed transport */
  StreamState state;
  guint generation;               /* bumped whenever the I/O is replaced */
  GCancellable *read_cancellable;
  GCancellable *write_cancellable;
  guint8 read_buffer[32768];
  gboolean reading;
  gboolean input_done;            /* stop reading: stream ended or failed */
  gboolean input_held;            /* sleek_xml_stream_hold_input() */
  gboolean read_after_write;      /* the I/O was replaced mid-write */

  SleekXmlReader *reader;
  gboolean in_feed;
  gboolean debug_stanzas;
  gboolean debug_sent;            /* likewise for what is written */
  gboolean stanza_signal_connected;
  gboolean restart_pending;

  char *default_ns;
  char *stream_id;
  gboolean header_sent;
  gboolean footer_sent;
  gboolean peer_closed;

  guint max_stanza_size;
  guint max_depth;
  guint max_attributes;
  guint max_pending_bytes;
  guint disconnect_timeout;

  /* Output. */
  GString *out;                   /* being filled */
  GString *writing;               /* being written */
  GString *spare;                 /* written, kept for the next fill */
  GArray *out_ends;               /* over a transport: where each element of out ends */
  GArray *writing_ends;           /* likewise for writing */
  gboolean write_pending;
  guint64 out_total;              /* bytes ever queued */
  guint64 written_total;          /* bytes ever written */
  GQueue unwritten;               /* Unwritten, in order */
  SleekStanzaHooks stanza_hooks;    /* sleek_xml_stream_set_stanza_hooks() */
  gpointer stanza_hooks_data;
  GList *unwritten_spare;         /* links of written Unwritten items, for reuse */
  guint n_unwritten_spare;
  GError *close_error;
  GSource *close_timeout;
  GPtrArray *disconnect_tasks;
  GPtrArray *drain_tasks;         /* sleek_xml_stream_drain_output_async() */

  /* Cross-thread queues. */
  GMutex lock;
  GQueue send_queue;              /* QueuedSend */
  GSource *send_source;
  GQueue event_queue;             /* QueuedEvent */
  GSource *event_source;

  GPtrArray *handlers;            /* Handler, in order */
  guint next_handler_id;
  GPtrArray *filters;             /* Filter */
  guint next_filter_id;
  GHashTable *scheduled;          /* name -> Scheduled */
  SleekStanza *recycled[3];       /* a spare message, presence and iq */
  guint64 next_serial;
  GCancellable *disconnect_cancellable;
  gulong disconnect_cancelled_id;
} SleekXmlStreamPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SleekXmlStream, sleek_xml_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IO_STREAM,
  PROP_DEFAULT_NAMESPACE,
  PROP_STREAM_ID,
  PROP_MAX_STANZA_SIZE,
  PROP_MAX_DEPTH,
  PROP_MAX_ATTRIBUTES,
  PROP_MAX_PENDING_BYTES,
  PROP_DISCONNECT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STREAM_START,
  SIGNAL_STREAM_END,
  SIGNAL_STANZA,
  SIGNAL_DISCONNECTED,
  SIGNAL_EVENT,
  SIGNAL_SEND_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define PRIV(self) ((SleekXmlStreamPrivate *) sleek_xml_stream_get_instance_private (self))

static void start_read (SleekXmlStream *self);
static void flush_output (SleekXmlStream *self);
static void finish_disconnect (SleekXmlStream *self, GError *error);
static void maybe_finish_closing (SleekXmlStream *self);
static void forget_disconnect_cancellable (SleekXmlStream *self);
static void complete_drains (SleekXmlStream *self, const GError *error);
static void queue_raw (SleekXmlStream *self, const char *xml);
static void queue_footer (SleekXmlStream *self);

/* Handlers */

static Handler *
handler_ref (Handler *handler)
{
  g_atomic_ref_count_inc (&handler->ref_count);
  return handler;
}

static void
handler_unref (Handler *handler)
{
  if (!g_atomic_ref_count_dec (&handler->ref_count))
    return;
  if (handler->destroy != NULL)
    handler->destroy (handler->user_data);
  g_object_unref (handler->matcher);
  g_free (handler);
}

static void
filter_free (Filter *filter)
{
  if (filter->destroy != NULL)
    filter->destroy (filter->user_data);
  g_free (filter);
}

static void
scheduled_free (Scheduled *entry)
{
  if (entry->source != NULL)
    {
      g_source_destroy (entry->source);
      g_source_unref (entry->source);
    }
  if (entry->destroy != NULL)
    entry->destroy (entry->user_data);
  g_free (entry->name);
  g_free (entry);
}

static void
queued_event_free (QueuedEvent *event)
{
  g_free (event->name);
  g_clear_object (&event->data);
  g_free (event);
}

static void
queued_send_free (QueuedSend *item)
{
  g_clear_object (&item->stanza);
  g_free (item->raw);
  g_free (item);
}

static void
unwritten_free (Unwritten *item)
{
  g_object_unref (item->stanza);
  g_free (item);
}

/* Up to this many written items are kept for the next stanzas. */
#define UNWRITTEN_SPARE_MAX 64

static void
unwritten_recycle (SleekXmlStreamPrivate *priv, Unwritten *item)
{
  g_clear_object (&item->stanza);
  if (priv->n_unwritten_spare >= UNWRITTEN_SPARE_MAX)
    {
      g_free (item);
      return;
    }
  item->link.next = priv->unwritten_spare;
  priv->unwritten_spare = &item->link;
  priv->n_unwritten_spare++;
}

static Unwritten *
unwritten_new (SleekXmlStreamPrivate *priv)
{
  GList *link = priv->unwritten_spare;

  if (link == NULL)
    return g_new (Unwritten, 1);
  priv->unwritten_spare = link->next;
  priv->n_unwritten_spare--;
  return link->data;
}

static Unwritten *
unwritten_pop (GQueue *queue)
{
  GList *link = g_queue_pop_head_link (queue);

  return link != NULL ? link->data : NULL;
}

static gboolean
debug_enabled (void)
{
  return !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

/* Whether to log the stanzas of the bytes being handled: asked once per
 * read, not for every stanza (the check reads the environment). */
#define debug_stanzas(priv) ((priv)->debug_stanzas)

/* Reading */

static void
on_reader_stream_start (gpointer user_data, SleekNode *header)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (debug_enabled ())
    {
      g_autofree char *xml = sleek_node_to_string (header);
      g_debug ("RECV stream header: %s", xml);
    }
  if (!sleek_node_is (header, "stream", SLEEK_NS_STREAMS))
    {
      sleek_xml_stream_close_with_error (self, SLEEK_STREAM_ERROR_INVALID_NAMESPACE,
                                         _("The stream element is not in the streams namespace"));
      return;
    }
  g_free (priv->stream_id);
  priv->stream_id = g_strdup (sleek_node_get_attribute (header, "id"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM_ID]);
  g_signal_emit (self, signals[SIGNAL_STREAM_START], 0, header);
}

static void
on_reader_stream_end (gpointer user_data)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);

  g_debug ("RECV stream end");
  priv->peer_closed = TRUE;
  priv->input_done = TRUE;
  if (priv->reader != NULL)
    sleek_xml_reader_stop (priv->reader);
  g_signal_emit (self, signals[SIGNAL_STREAM_END], 0);

  if (priv->state == STATE_OPEN)
    {
      /* The peer closes: answer in kind, then close. */
      priv->state = STATE_CLOSING;
      if (priv->header_sent && !priv->footer_sent)
        {
          queue_footer (self);
        }
      flush_output (self);
    }
  maybe_finish_closing (self);
}

static GError *
error_from_stream_error (SleekNode *node)
{
  const char *condition = NULL;
  const char *text = NULL;
  SleekStreamError code;

  for (guint i = 0; i < sleek_node_get_n_children (node); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_STREAM_ERRORS) != 0)
        continue;
      if (strcmp (sleek_node_get_name (child), "text") == 0)
        text = sleek_node_get_text (child);
      else if (condition == NULL)
        condition = sleek_node_get_name (child);
    }
  code = sleek_stream_error_from_condition (condition);
  if (text != NULL)
    return g_error_new (SLEEK_STREAM_ERROR, code, _("The peer ended the stream with <%s/>: %s"),
                        sleek_stream_error_to_condition (code), text);
  return g_error_new (SLEEK_STREAM_ERROR, code, _("The peer ended the stream with <%s/>"),
                      sleek_stream_error_to_condition (code));
}

static gboolean
run_filters (SleekXmlStream *self, SleekFilterDirection direction, SleekStanza **stanza)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  for (guint i = 0; i < priv->filters->len && *stanza != NULL; i++)
    {
      Filter *filter = g_ptr_array_index (priv->filters, i);
      SleekStanza *result;

      if (filter->direction != direction)
        continue;
      result = filter->func (self, *stanza, filter->user_data);
      g_object_unref (*stanza);
      *stanza = result;
    }
  return *stanza != NULL;
}

typedef struct {
  Handler *handler;
  SleekStanza *stanza;
} ThreadedJob;

static void
threaded_job_free (ThreadedJob *job)
{
  g_object_unref (job->stanza);
  handler_unref (job->handler);
  g_free (job);
}

static void
threaded_handler_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ThreadedJob *job = task_data;

  job->handler->func (SLEEK_XML_STREAM (source), job->stanza, job->handler->user_data);
  g_task_return_boolean (task, TRUE);
}

static void
threaded_handler_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  /* Back in the owning context: the job (and so the handler's destroy
   * notify, if this was its last reference) is released here. */
  threaded_job_free (user_data);
}

static void
run_handler (SleekXmlStream *self, Handler *handler, SleekStanza *stanza)
{
  if (handler->flags & SLEEK_HANDLER_THREADED)
    {
      ThreadedJob *job = g_new (ThreadedJob, 1);
      g_autoptr(GTask) task = NULL;

      job->handler = handler_ref (handler);
      job->stanza = g_object_ref (stanza);
      task = g_task_new (self, NULL, threaded_handler_done, job);
      g_task_set_source_tag (task, run_handler);
      g_task_set_task_data (task, job, NULL);
      g_task_run_in_thread (task, threaded_handler_thread);
      return;
    }
  handler->func (self, stanza, handler->user_data);
}

static void
remove_handler_at (SleekXmlStream *self, guint index)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  Handler *handler = g_ptr_array_index (priv->handlers, index);

  handler->removed = TRUE;
  g_ptr_array_remove_index (priv->handlers, index);
  handler_unref (handler);
}

static void
dispatch_stanza (SleekXmlStream *self, SleekStanza *stanza)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  Handler *stack_matched[8];
  Handler **matched = stack_matched;
  guint n_matched = 0;
  guint consumers;
  gboolean want_signal;

  /* Match everything against the stanza as it arrived, before any
   * handler can change it. */
  for (guint i = 0; i < priv->handlers->len; i++)
    {
      Handler *handler = g_ptr_array_index (priv->handlers, i);

      /* The class function directly: both types are known here. */
      if (handler->removed || !SLEEK_MATCHER_GET_CLASS (handler->matcher)->match (handler->matcher, stanza))
        continue;
      if (n_matched == G_N_ELEMENTS (stack_matched))
        {
          matched = g_new (Handler *, priv->handlers->len);
          memcpy (matched, stack_matched, sizeof stack_matched);
        }
      matched[n_matched++] = handler_ref (handler);
    }
  /* A one-shot handler leaves the list now, so that a stanza handled
   * from inside it cannot fire it again, but it still runs this time. */
  for (guint i = 0; i < n_matched; i++)
    if ((matched[i]->flags & SLEEK_HANDLER_ONCE) && g_ptr_array_remove (priv->handlers, matched[i]))
      handler_unref (matched[i]);

  want_signal = SLEEK_XML_STREAM_GET_CLASS (self)->stanza != NULL || priv->stanza_signal_connected;
  consumers = n_matched + (want_signal ? 1 : 0);

  /* Every receiver but the last gets a copy. A handler that an earlier
   * one removed is not called, as with signals. */
  for (guint i = 0; i < n_matched; i++)
    {
      if (!matched[i]->removed && i + 1 == consumers)
        run_handler (self, matched[i], stanza);   /* the last receiver: the original */
      else if (!matched[i]->removed)
        {
          g_autoptr(SleekStanza) own = sleek_stanza_copy (stanza);

          run_handler (self, matched[i], own);
        }
      handler_unref (matched[i]);
    }
  if (matched != stack_matched)
    g_free (matched);

  if (n_matched == 0 && SLEEK_XML_STREAM_GET_CLASS (self)->unhandled != NULL)
    SLEEK_XML_STREAM_GET_CLASS (self)->unhandled (self, stanza);

  if (want_signal)
    {
      SleekXmlStreamClass *klass = SLEEK_XML_STREAM_GET_CLASS (self);

      /* With no handler connected, an emission would only run the class
       * handler (SleekBaseXmpp's, which emits the typed signals): it is
       * called directly, without the emission's marshalling. */
      if (klass->stanza != NULL && !g_signal_has_handler_pending (self, signals[SIGNAL_STANZA], 0, TRUE))
        klass->stanza (self, stanza);
      else
        g_signal_emit (self, signals[SIGNAL_STANZA], 0, stanza);
    }
}

/* A new stanza object for every incoming element costs more than the rest
 * of its dispatch; when the last one of a built-in class was not kept by
 * anyone (one reference, no data, no weak or toggle references, no
 * handlers on it), the next element of that class reuses it. */
static guint
recycle_slot (GType type)
{
  if (type == SLEEK_TYPE_MESSAGE)
    return 0;
  if (type == SLEEK_TYPE_PRESENCE)
    return 1;
  if (type == SLEEK_TYPE_IQ)
    return 2;
  return G_MAXUINT;
}

static SleekStanza *
stanza_for_node (SleekXmlStream *self, SleekNode *node)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  guint slot = recycle_slot (sleek_stanza_lookup_type (sleek_node_get_name (node),
                                                       sleek_node_get_namespace (node)));
  SleekStanza *stanza;

  if (slot != G_MAXUINT && priv->recycled[slot] != NULL)
    {
      stanza = g_steal_pointer (&priv->recycled[slot]);
      sleek_stanza_recycle (stanza, node);
      return stanza;
    }
  return sleek_stanza_new_for_node (node);
}

static void
release_stanza (SleekXmlStream *self, SleekStanza *stanza)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  GObject *object = G_OBJECT (stanza);
  guint slot = recycle_slot (G_OBJECT_TYPE (object));
  static guint notify_id;

  if (notify_id == 0)
    notify_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  if (slot != G_MAXUINT && priv->recycled[slot] == NULL &&
      g_atomic_int_get (&object->ref_count) == 1 && object->qdata == NULL &&
      g_signal_handler_find (object, G_SIGNAL_MATCH_ID, notify_id, 0, NULL, NULL, NULL) == 0)
    {
      priv->recycled[slot] = stanza;
      return;
    }
  g_object_unref (stanza);
}

static void
on_reader_stanza (gpointer user_data, SleekNode *node)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);
  SleekStanza *stanza;

  if (priv->input_done)
    return;

  if (debug_stanzas (priv))
    {
      g_autofree char *xml = sleek_node_to_string_in_namespace (node, priv->default_ns);
      g_debug ("RECV: %s", xml);
    }

  if (sleek_node_is (node, "error", SLEEK_NS_STREAMS))
    {
      GError *error = error_from_stream_error (node);

      priv->input_done = TRUE;
      sleek_xml_reader_stop (priv->reader);
      g_clear_error (&priv->close_error);
      priv->close_error = error;
      if (priv->state == STATE_OPEN)
        {
          priv->state = STATE_CLOSING;
          if (priv->header_sent && !priv->footer_sent)
            {
              queue_footer (self);
            }
          flush_output (self);
        }
      priv->peer_closed = TRUE;
      maybe_finish_closing (self);
      return;
    }

  stanza = stanza_for_node (self, node);
  if (priv->stanza_hooks.received != NULL)
    priv->stanza_hooks.received (self, stanza, priv->stanza_hooks_data);
  if (!run_filters (self, SLEEK_FILTER_INCOMING, &stanza))
    return;
  dispatch_stanza (self, stanza);
  release_stanza (self, stanza);
}

static const SleekXmlReaderCallbacks reader_callbacks = {
  on_reader_stream_start,
  on_reader_stanza,
  on_reader_stream_end,
};

static void
apply_limits (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->reader != NULL)
    sleek_xml_reader_set_limits (priv->reader, priv->max_stanza_size, priv->max_depth,
                                 priv->max_attributes);
}

/* The output side of a restart happens at once: what is sent next goes
 * over the new connection and starts with a new header. */
static void
restart_output (SleekXmlStream *self, GIOStream *io)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  priv->header_sent = FALSE;
  priv->footer_sent = FALSE;
  if (io != NULL && io != priv->io)
    {
      /* A connection layered on the old one (TLS after STARTTLS) writes
       * to it as soon as it is read (the handshake): the read waits for
       * a write still under way there, or the handshake finds the output
       * busy (G_IO_ERROR_PENDING). */
      priv->read_after_write = priv->write_pending;
      g_clear_object (&priv->io);
      priv->io = g_object_ref (io);
      priv->transport = SLEEK_IS_TRANSPORT (io) ? SLEEK_TRANSPORT (io) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IO_STREAM]);
    }
}

/* The input side waits until no read is in flight. */
static void
restart_input (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  priv->restart_pending = FALSE;
  sleek_xml_reader_reset (priv->reader);
  priv->input_done = FALSE;
  g_clear_pointer (&priv->stream_id, g_free);
}

typedef struct {
  SleekXmlStream *self;
  guint generation;
} IoOp;

static IoOp *
io_op_new (SleekXmlStream *self)
{
  IoOp *op = g_new (IoOp, 1);

  op->self = g_object_ref (self);
  op->generation = PRIV (self)->generation;
  return op;
}

static void
io_op_free (IoOp *op)
{
  g_object_unref (op->self);
  g_free (op);
}

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IoOp *op = user_data;
  SleekXmlStream *self = op->self;
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (op->generation != priv->generation)
    {
      io_op_free (op);
      return;
    }
  priv->reading = FALSE;

  if (priv->restart_pending)
    {
      /* sleek_xml_stream_restart() cancelled this read. */
      g_clear_object (&priv->read_cancellable);
      priv->read_cancellable = g_cancellable_new ();
      restart_input (self);
      start_read (self);
      io_op_free (op);
      return;
    }

  if (n < 0)
    {
      if (priv->state == STATE_CLOSING && priv->peer_closed)
        maybe_finish_closing (self);
      else
        finish_disconnect (self, g_steal_pointer (&error));
      io_op_free (op);
      return;
    }
  if (n == 0)
    {
      if (priv->state == STATE_CLOSING)
        {
          priv->peer_closed = TRUE;
          finish_disconnect (self, NULL);
        }
      else
        finish_disconnect (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                      _("The peer closed the connection without ending the stream")));
      io_op_free (op);
      return;
    }

  priv->in_feed = TRUE;
  priv->debug_stanzas = debug_enabled ();
  /* Asked once per read rather than for every stanza (it takes GObject's
   * signal lock): a "stanza" handler connected while the stanzas of one
   * read are being handled sees those of the next read on. */
  priv->stanza_signal_connected = g_signal_has_handler_pending (self, signals[SIGNAL_STANZA], 0, TRUE);
  if (!sleek_xml_reader_feed (priv->reader, (const char *) priv->read_buffer, n, &error))
    {
      priv->in_feed = FALSE;
      priv->input_done = TRUE;
      if (!priv->restart_pending && error->domain == SLEEK_STREAM_ERROR)
        sleek_xml_stream_close_with_error (self, error->code, error->message);
    }
  priv->in_feed = FALSE;

  if (priv->restart_pending && op->generation == priv->generation)
    restart_input (self);
  if (op->generation == priv->generation && !priv->input_done && priv->state != STATE_CLOSED)
    start_read (self);
  io_op_free (op);
}

static void
start_read (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->reading || priv->io == NULL || priv->input_done || priv->input_held ||
      (priv->read_after_write && priv->write_pending))
    return;
  priv->read_after_write = FALSE;
  priv->reading = TRUE;
  g_input_stream_read_async (g_io_stream_get_input_stream (priv->io), priv->read_buffer,
                             sizeof priv->read_buffer, G_PRIORITY_DEFAULT,
                             priv->read_cancellable, read_done, io_op_new (self));
}

/* Writing */

static void
fail_unwritten (SleekXmlStream *self, const GError *error)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  Unwritten *item;

  while ((item = unwritten_pop (&priv->unwritten)) != NULL)
    {
      if (priv->stanza_hooks.covers == NULL ||
          !priv->stanza_hooks.covers (self, item->stanza, priv->stanza_hooks_data))
        g_signal_emit (self, signals[SIGNAL_SEND_FAILED], 0, item->stanza, error);
      unwritten_free (item);
    }
}

static void
free_string (GString **string)
{
  if (*string != NULL)
    g_string_free (g_steal_pointer (string), TRUE);
}

/* Past this, a written buffer is freed rather than kept for reuse, so
 * that one large stanza does not hold its memory for the stream's life. */
#define SPARE_MAX_SIZE (64 * 1024)

static void
recycle_written (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->writing == NULL)
    return;
  if (priv->spare == NULL && priv->writing->allocated_len <= SPARE_MAX_SIZE)
    {
      g_string_truncate (priv->writing, 0);
      priv->spare = g_steal_pointer (&priv->writing);
    }
  else
    free_string (&priv->writing);
}

static void
write_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  IoOp *op = user_data;
  SleekXmlStream *self = op->self;
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  Unwritten *item;

  if (SLEEK_IS_TRANSPORT (source))
    {
      gssize sent = sleek_transport_send_frames_finish (SLEEK_TRANSPORT (source), result, &error);

      written = MAX (sent, 0);
    }
  else
    g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error);
  if (op->generation != priv->generation)
    {
      io_op_free (op);
      return;
    }
  priv->write_pending = FALSE;
  recycle_written (self);
  if (priv->read_after_write && error == NULL && !priv->restart_pending &&
      !priv->input_done && priv->state != STATE_CLOSED)
    start_read (self);
  priv->written_total += written;
  while ((item = g_queue_peek_head (&priv->unwritten)) != NULL && item->end <= priv->written_total)
    {
      g_queue_pop_head_link (&priv->unwritten);
      unwritten_recycle (priv, item);
    }

  if (error != NULL)
    finish_disconnect (self, g_steal_pointer (&error));
  else
    {
      flush_output (self);
      if (!priv->write_pending)
        complete_drains (self, NULL);
      maybe_finish_closing (self);
    }
  io_op_free (op);
}

/* Completes the waits of sleek_xml_stream_drain_output_async(): with
 * success once nothing is being written, or with @error. */
static void
complete_drains (SleekXmlStream *self, const GError *error)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&priv->drain_tasks);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

/* STARTTLS hands the connection to a TLS handshake, which fails with
 * G_IO_ERROR_PENDING while our last write on it (the <starttls/>) has
 * not called back yet: the server's <proceed/> can be read before
 * write_done() runs. This waits until no write is in flight. */
void
sleek_xml_stream_drain_output_async (SleekXmlStream *self, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sleek_xml_stream_drain_output_async);
  if (priv->state == STATE_CLOSED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The stream is closed"));
      return;
    }
  flush_output (self);
  if (!priv->write_pending)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (priv->drain_tasks == NULL)
    priv->drain_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->drain_tasks, g_steal_pointer (&task));
}

gboolean
sleek_xml_stream_drain_output_finish (SleekXmlStream *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
flush_output (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  gsize len;

  if (priv->write_pending || priv->out->len == 0 || priv->io == NULL || priv->state == STATE_CLOSED)
    return;

  len = priv->out->len;
  priv->writing = priv->out;
  /* The two buffers take turns: no large allocation for each write. */
  priv->out = priv->spare != NULL ? g_steal_pointer (&priv->spare) : g_string_sized_new (MAX (len, 4096));
  priv->write_pending = TRUE;
  if (priv->transport != NULL)
    {
      GArray *ends = priv->out_ends;

      priv->out_ends = priv->writing_ends;
      priv->writing_ends = ends;
      g_array_set_size (priv->out_ends, 0);
      sleek_transport_send_frames_async (priv->transport, priv->writing->str,
                                         (const gsize *) (gpointer) ends->data, ends->len,
                                         priv->write_cancellable, write_done, io_op_new (self));
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (priv->io),
                                   priv->writing->str, len,
                                   G_PRIORITY_DEFAULT, priv->write_cancellable,
                                   write_done, io_op_new (self));
}

static void
queue_raw (SleekXmlStream *self, const char *xml)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  gsize len = strlen (xml);

  if (priv->out->len == 0)
    priv->debug_sent = debug_enabled ();
  if (priv->debug_sent)
    g_debug ("SEND: %s", xml);
  g_string_append_len (priv->out, xml, len);
  priv->out_total += len;
  if (priv->transport != NULL)
    {
      gsize end = priv->out->len;

      g_array_append_val (priv->out_ends, end);
    }
}

/* Ends our stream: `</stream:stream>`, or the transport's own ending. */
static void
queue_footer (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->transport != NULL)
    {
      g_autoptr(GString) xml = g_string_new (NULL);

      sleek_transport_write_close (priv->transport, xml);
      if (xml->len > 0)
        queue_raw (self, xml->str);
    }
  else
    queue_raw (self, "</stream:stream>");
  priv->footer_sent = TRUE;
}

static void
send_failed (SleekXmlStream *self, SleekStanza *stanza, GQuark domain, gint code, const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (domain, code, message);

  g_signal_emit (self, signals[SIGNAL_SEND_FAILED], 0, stanza, error);
}

static void
send_stanza_now (SleekXmlStream *self, SleekStanza *stanza, gboolean filter)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  SleekNode *node;
  const char *ns;
  gsize before;

  g_object_ref (stanza);
  if (filter && !run_filters (self, SLEEK_FILTER_OUTGOING, &stanza))
    return;
  if (priv->stanza_hooks.hold != NULL && priv->stanza_hooks.hold (self, stanza, priv->stanza_hooks_data))
    {
      g_object_unref (stanza);
      return;
    }

  if (priv->state != STATE_OPEN || priv->footer_sent)
    {
      send_failed (self, stanza, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("The stanza was not sent: the stream is not open"));
      g_object_unref (stanza);
      return;
    }

  node = sleek_stanza_get_node (stanza);
  ns = sleek_node_get_namespace (node);
  before = priv->out->len;
  /* Whether to log what is sent is asked once for each buffer written,
   * when its first stanza goes in, not for every stanza. */
  if (before == 0)
    priv->debug_sent = debug_enabled ();
  /* Over a framed transport each element stands alone, so it declares
   * its namespace. Otherwise a stanza in any of the content namespaces
   * takes the stream's. */
  if (priv->transport != NULL)
    sleek_node_write (node, NULL, priv->out);
  else if (ns != NULL && (strcmp (ns, SLEEK_NS_CLIENT) == 0 || strcmp (ns, SLEEK_NS_SERVER) == 0 ||
                          strcmp (ns, SLEEK_NS_COMPONENT) == 0))
    sleek_node_write (node, ns, priv->out);
  else
    sleek_node_write (node, priv->default_ns, priv->out);

  /* out_total - written_total is what was queued before this stanza and
   * is not written yet. */
  if (priv->out_total - priv->written_total + (priv->out->len - before) > priv->max_pending_bytes)
    {
      g_string_truncate (priv->out, before);
      send_failed (self, stanza, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The stanza was not sent: too much output is waiting to be written"));
      g_object_unref (stanza);
      return;
    }

  if (priv->debug_sent)
    g_debug ("SEND: %s", priv->out->str + before);
  priv->out_total += priv->out->len - before;
  if (priv->transport != NULL)
    {
      gsize end = priv->out->len;

      g_array_append_val (priv->out_ends, end);
    }
  {
    Unwritten *item = unwritten_new (priv);

    item->stanza = stanza;    /* takes the reference */
    item->end = priv->out_total;
    item->link.data = item;
    item->link.prev = item->link.next = NULL;
    g_queue_push_tail_link (&priv->unwritten, &item->link);
    if (priv->stanza_hooks.written != NULL)
      priv->stanza_hooks.written (self, stanza, priv->stanza_hooks_data);
  }
  flush_output (self);
}

static void
send_raw_now (SleekXmlStream *self, const char *xml)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->state == STATE_CLOSED || priv->footer_sent)
    {
      g_warning ("Raw XML was not sent: the stream is not open");
      return;
    }
  queue_raw (self, xml);
  flush_output (self);
}

/* Sends everything queued for the owning context, in order; only from
 * the owning context. */
static void
flush_send_queue (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  QueuedSend *item;

  for (;;)
    {
      g_mutex_lock (&priv->lock);
      item = g_queue_pop_head (&priv->send_queue);
      g_mutex_unlock (&priv->lock);
      if (item == NULL)
        break;
      if (item->stanza != NULL)
        send_stanza_now (self, item->stanza, TRUE);
      else
        send_raw_now (self, item->raw);
      queued_send_free (item);
    }
}

static gboolean
drain_send_queue (gpointer user_data)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  g_clear_pointer (&priv->send_source, g_source_unref);
  g_mutex_unlock (&priv->lock);

  flush_send_queue (self);
  return G_SOURCE_REMOVE;
}

/* Queues @item for the owning context; returns FALSE if the caller is in
 * the owning context with nothing queued ahead, and may send at once. */
static gboolean
queue_send (SleekXmlStream *self, SleekStanza *stanza, const char *raw)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  QueuedSend *item;

  g_mutex_lock (&priv->lock);
  if (priv->send_queue.length == 0 && g_main_context_is_owner (priv->context))
    {
      g_mutex_unlock (&priv->lock);
      return FALSE;
    }
  item = g_new0 (QueuedSend, 1);
  item->stanza = stanza != NULL ? g_object_ref (stanza) : NULL;
  item->raw = g_strdup (raw);
  g_queue_push_tail (&priv->send_queue, item);
  if (priv->send_source == NULL)
    {
      priv->send_source = g_idle_source_new ();
      g_source_set_priority (priv->send_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (priv->send_source, drain_send_queue, g_object_ref (self), g_object_unref);
      g_source_set_static_name (priv->send_source, "[sleek] send queue");
      g_source_attach (priv->send_source, priv->context);
    }
  g_mutex_unlock (&priv->lock);
  return TRUE;
}

/* Closing */

static void
close_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autoptr(GError) close_error = NULL;
  g_autoptr(GError) error = g_steal_pointer (&priv->close_error);
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&priv->disconnect_tasks);

  g_io_stream_close_finish (G_IO_STREAM (source), result, &close_error);
  if (close_error != NULL)
    g_debug ("Closing the connection: %s", close_error->message);

  forget_disconnect_cancellable (self);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error);
  if (tasks != NULL)
    for (guint i = 0; i < tasks->len; i++)
      g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
  g_object_unref (self);
}

static void
finish_disconnect (SleekXmlStream *self, GError *error)
{
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autoptr(GError) not_sent = NULL;
  GIOStream *io;

  if (priv->state == STATE_CLOSED)
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    {
      /* A stream error we or the peer declared says more than the I/O
       * error that followed it. */
      if (priv->close_error == NULL)
        priv->close_error = error;
      else
        g_error_free (error);
    }

  priv->state = STATE_CLOSED;
  priv->generation++;
  priv->reading = FALSE;
  priv->write_pending = priv->read_after_write = FALSE;
  priv->input_done = TRUE;
  g_cancellable_cancel (priv->read_cancellable);
  g_cancellable_cancel (priv->write_cancellable);
  if (priv->close_timeout != NULL)
    {
      g_source_destroy (priv->close_timeout);
      g_clear_pointer (&priv->close_timeout, g_source_unref);
    }
  free_string (&priv->writing);
  g_string_truncate (priv->out, 0);
  g_array_set_size (priv->out_ends, 0);

  not_sent = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                  _("The stanza was not sent: the stream closed"));
  fail_unwritten (self, not_sent);
  complete_drains (self, not_sent);

  io = g_steal_pointer (&priv->io);
  priv->transport = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IO_STREAM]);
  g_io_stream_close_async (io, G_PRIORITY_DEFAULT, NULL, close_done, g_object_ref (self));
  g_object_unref (io);
}

static void
maybe_finish_closing (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->state != STATE_CLOSING)
    return;
  if (priv->write_pending || priv->out->len > 0)
    return;
  if (!priv->peer_closed && priv->close_error == NULL)
    return;  /* wait for the peer's </stream:stream> or the timeout */
  finish_disconnect (self, NULL);
}

static gboolean
close_timeout_cb (gpointer user_data)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);

  g_clear_pointer (&priv->close_timeout, g_source_unref);
  g_debug ("The peer did not close the stream in time; closing the connection");
  finish_disconnect (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
start_closing (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  priv->state = STATE_CLOSING;
  if (priv->close_timeout == NULL)
    {
      priv->close_timeout = g_timeout_source_new (priv->disconnect_timeout);
      g_source_set_callback (priv->close_timeout, close_timeout_cb, self, NULL);
      g_source_set_static_name (priv->close_timeout, "[sleek] close timeout");
      g_source_attach (priv->close_timeout, priv->context);
    }
  flush_output (self);
  maybe_finish_closing (self);
}

static gboolean
abort_from_idle (gpointer user_data)
{
  sleek_xml_stream_abort (user_data);
  return G_SOURCE_REMOVE;
}

/* May run in any thread: hop to the owning context. */
static void
on_disconnect_cancelled (GCancellable *cancellable, gpointer user_data)
{
  SleekXmlStream *self = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, abort_from_idle, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[sleek] disconnect cancelled");
  g_source_attach (source, PRIV (self)->context);
  g_source_unref (source);
}

static void
forget_disconnect_cancellable (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (priv->disconnect_cancellable == NULL)
    return;
  g_cancellable_disconnect (priv->disconnect_cancellable, priv->disconnect_cancelled_id);
  priv->disconnect_cancelled_id = 0;
  g_clear_object (&priv->disconnect_cancellable);
}

/* Scheduler and events */

static gboolean
scheduled_fire (gpointer user_data)
{
  Scheduled *entry = user_data;
  SleekXmlStream *self = g_object_ref (entry->stream);
  SleekXmlStreamPrivate *priv = PRIV (self);
  g_autofree char *name = g_strdup (entry->name);
  guint64 serial = entry->serial;
  gboolean repeat = entry->repeat;
  gboolean keep;
  Scheduled *now;

  keep = entry->func (entry->user_data);
  /* The task may have unscheduled or replaced itself: then its source is
   * already destroyed and @entry freed. */
  now = g_hash_table_lookup (priv->scheduled, name);
  if (now != NULL && now->serial == serial && !(keep && repeat))
    g_hash_table_remove (priv->scheduled, name);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
deliver_events (gpointer user_data)
{
  SleekXmlStream *self = user_data;
  SleekXmlStreamPrivate *priv = PRIV (self);
  QueuedEvent *event;

  g_mutex_lock (&priv->lock);
  g_clear_pointer (&priv->event_source, g_source_unref);
  g_mutex_unlock (&priv->lock);
  for (;;)
    {
      g_mutex_lock (&priv->lock);
      event = g_queue_pop_head (&priv->event_queue);
      g_mutex_unlock (&priv->lock);
      if (event == NULL)
        break;
      g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_try_string (event->name), event->name, event->data);
      queued_event_free (event);
    }
  return G_SOURCE_REMOVE;
}

/* GObject */

static void
sleek_xml_stream_dispose (GObject *object)
{
  SleekXmlStream *self = SLEEK_XML_STREAM (object);
  SleekXmlStreamPrivate *priv = PRIV (self);
  Unwritten *item;

  priv->generation++;
  g_cancellable_cancel (priv->read_cancellable);
  g_cancellable_cancel (priv->write_cancellable);
  if (priv->close_timeout != NULL)
    {
      g_source_destroy (priv->close_timeout);
      g_clear_pointer (&priv->close_timeout, g_source_unref);
    }
  if (priv->io != NULL)
    {
      g_io_stream_close (priv->io, NULL, NULL);
      g_clear_object (&priv->io);
    }
  priv->state = STATE_CLOSED;
  while ((item = unwritten_pop (&priv->unwritten)) != NULL)
    unwritten_free (item);

  g_mutex_lock (&priv->lock);
  g_queue_clear_full (&priv->send_queue, (GDestroyNotify) queued_send_free);
  g_queue_clear_full (&priv->event_queue, (GDestroyNotify) queued_event_free);
  if (priv->send_source != NULL)
    {
      g_source_destroy (priv->send_source);
      g_clear_pointer (&priv->send_source, g_source_unref);
    }
  if (priv->event_source != NULL)
    {
      g_source_destroy (priv->event_source);
      g_clear_pointer (&priv->event_source, g_source_unref);
    }
  g_mutex_unlock (&priv->lock);

  forget_disconnect_cancellable (self);
  for (guint i = 0; i < G_N_ELEMENTS (priv->recycled); i++)
    g_clear_object (&priv->recycled[i]);
  g_hash_table_remove_all (priv->scheduled);
  while (priv->handlers->len > 0)
    remove_handler_at (self, priv->handlers->len - 1);
  g_ptr_array_set_size (priv->filters, 0);

  G_OBJECT_CLASS (sleek_xml_stream_parent_class)->dispose (object);
}

static void
sleek_xml_stream_finalize (GObject *object)
{
  SleekXmlStreamPrivate *priv = PRIV (SLEEK_XML_STREAM (object));

  sleek_xml_reader_free (priv->reader);
  g_clear_object (&priv->read_cancellable);
  g_clear_object (&priv->write_cancellable);
  free_string (&priv->writing);
  free_string (&priv->spare);
  g_string_free (priv->out, TRUE);
  g_array_unref (priv->out_ends);
  g_array_unref (priv->writing_ends);
  while (priv->unwritten_spare != NULL)
    {
      GList *link = priv->unwritten_spare;

      priv->unwritten_spare = link->next;
      g_free (link->data);
    }
  g_clear_error (&priv->close_error);
  g_clear_pointer (&priv->disconnect_tasks, g_ptr_array_unref);
  g_clear_pointer (&priv->drain_tasks, g_ptr_array_unref);
  g_free (priv->default_ns);
  g_free (priv->stream_id);
  g_ptr_array_unref (priv->handlers);
  g_ptr_array_unref (priv->filters);
  g_hash_table_unref (priv->scheduled);
  g_mutex_clear (&priv->lock);
  g_main_context_unref (priv->context);

  G_OBJECT_CLASS (sleek_xml_stream_parent_class)->finalize (object);
}

static void
sleek_xml_stream_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekXmlStream *self = SLEEK_XML_STREAM (object);
  SleekXmlStreamPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_IO_STREAM:
      g_value_set_object (value, priv->io);
      break;
    case PROP_DEFAULT_NAMESPACE:
      g_value_set_string (value, priv->default_ns);
      break;
    case PROP_STREAM_ID:
      g_value_set_string (value, priv->stream_id);
      break;
    case PROP_MAX_STANZA_SIZE:
      g_value_set_uint (value, priv->max_stanza_size);
      break;
    case PROP_MAX_DEPTH:
      g_value_set_uint (value, priv->max_depth);
      break;
    case PROP_MAX_ATTRIBUTES:
      g_value_set_uint (value, priv->max_attributes);
      break;
    case PROP_MAX_PENDING_BYTES:
      g_value_set_uint (value, priv->max_pending_bytes);
      break;
    case PROP_DISCONNECT_TIMEOUT:
      g_value_set_uint (value, priv->disconnect_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint_prop (SleekXmlStream *self, guint *field, const GValue *value, guint prop_id)
{
  guint v = g_value_get_uint (value);

  if (*field == v)
    return;
  *field = v;
  apply_limits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
sleek_xml_stream_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekXmlStream *self = SLEEK_XML_STREAM (object);
  SleekXmlStreamPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_DEFAULT_NAMESPACE:
      sleek_xml_stream_set_default_namespace (self, g_value_get_string (value));
      break;
    case PROP_MAX_STANZA_SIZE:
      set_uint_prop (self, &priv->max_stanza_size, value, prop_id);
      break;
    case PROP_MAX_DEPTH:
      set_uint_prop (self, &priv->max_depth, value, prop_id);
      break;
    case PROP_MAX_ATTRIBUTES:
      set_uint_prop (self, &priv->max_attributes, value, prop_id);
      break;
    case PROP_MAX_PENDING_BYTES:
      set_uint_prop (self, &priv->max_pending_bytes, value, prop_id);
      break;
    case PROP_DISCONNECT_TIMEOUT:
      set_uint_prop (self, &priv->disconnect_timeout, value, prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/**
 * SleekXmlStreamClass::disconnected:
 * @self: the stream
 * @error: (nullable): why the stream ended, or %NULL when it was closed
 *   cleanly by either side
 *
 * Class handler of [signal@Sleek.XmlStream::disconnected].
 */

static void
sleek_xml_stream_class_init (SleekXmlStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sleek_xml_stream_dispose;
  object_class->finalize = sleek_xml_stream_finalize;
  object_class->get_property = sleek_xml_stream_get_property;
  object_class->set_property = sleek_xml_stream_set_property;

  /**
   * SleekXmlStream:io-stream:
   *
   * The connection the stream runs over, or %NULL when it is not attached.
   */
  properties[PROP_IO_STREAM] =
    g_param_spec_object ("io-stream", NULL, NULL, G_TYPE_IO_STREAM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:default-namespace:
   *
   * The default namespace declared on the stream header we send, and in
   * which stanzas are written without an `xmlns`: `jabber:client` unless
   * changed.
   */
  properties[PROP_DEFAULT_NAMESPACE] =
    g_param_spec_string ("default-namespace", NULL, NULL, SLEEK_NS_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:stream-id:
   *
   * The `id` of the peer's stream header, once received.
   */
  properties[PROP_STREAM_ID] =
    g_param_spec_string ("stream-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:max-stanza-size:
   *
   * The largest stanza accepted from the peer, in bytes; a larger one ends
   * the stream with `<policy-violation/>`.
   */
  properties[PROP_MAX_STANZA_SIZE] =
    g_param_spec_uint ("max-stanza-size", NULL, NULL, 256, G_MAXINT,
                       SLEEK_XML_READER_DEFAULT_MAX_STANZA_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:max-depth:
   *
   * How deeply elements may nest, the stream element included; deeper
   * nesting ends the stream with `<policy-violation/>`.
   */
  properties[PROP_MAX_DEPTH] =
    g_param_spec_uint ("max-depth", NULL, NULL, 2, 10000, SLEEK_XML_READER_DEFAULT_MAX_DEPTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:max-attributes:
   *
   * How many attributes and namespace declarations one element may carry;
   * more ends the stream with `<policy-violation/>`.
   */
  properties[PROP_MAX_ATTRIBUTES] =
    g_param_spec_uint ("max-attributes", NULL, NULL, 4, 100000, SLEEK_XML_READER_DEFAULT_MAX_ATTRIBUTES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:max-pending-bytes:
   *
   * How many bytes may wait to be written; a stanza that would go over is
   * not queued and [signal@Sleek.XmlStream::send-failed] reports it.
   */
  properties[PROP_MAX_PENDING_BYTES] =
    g_param_spec_uint ("max-pending-bytes", NULL, NULL, 1024, G_MAXUINT, 16 * 1024 * 1024,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekXmlStream:disconnect-timeout:
   *
   * How long, in milliseconds, a closing stream waits for the peer's
   * `</stream:stream>` before it closes the connection anyway.
   */
  properties[PROP_DISCONNECT_TIMEOUT] =
    g_param_spec_uint ("disconnect-timeout", NULL, NULL, 0, G_MAXINT, 2000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekXmlStream::stream-start:
   * @self: the stream
   * @header: the peer's stream element, with its attributes and no
   *   children
   *
   * The peer opened its stream.
   */
  signals[SIGNAL_STREAM_START] =
    g_signal_new ("stream-start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SleekXmlStreamClass, stream_start), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_NODE);
  /**
   * SleekXmlStream::stream-end:
   * @self: the stream
   *
   * The peer closed its stream with `</stream:stream>`. The stream answers
   * in kind and closes the connection;
   * [signal@Sleek.XmlStream::disconnected] follows.
   */
  signals[SIGNAL_STREAM_END] =
    g_signal_new ("stream-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SleekXmlStreamClass, stream_end), NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * SleekXmlStream::stanza:
   * @self: the stream
   * @stanza: the stanza, after the incoming filters and the handlers
   *
   * Every incoming stanza, after the handlers have had theirs.
   */
  signals[SIGNAL_STANZA] =
    g_signal_new ("stanza", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SleekXmlStreamClass, stanza), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_STANZA);
  /**
   * SleekXmlStream::disconnected:
   * @self: the stream
   * @error: (nullable): why the stream ended, or %NULL when it was closed
   *   cleanly by either side
   *
   * The connection is closed. A %SLEEK_STREAM_ERROR says which stream error
   * the peer sent or the stream detected; an I/O error what failed below.
   */
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SleekXmlStreamClass, disconnected), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * SleekXmlStream::event:
   * @self: the stream
   * @name: the event's name, also the signal detail
   * @data: (nullable): what [method@Sleek.XmlStream.event] was given
   *
   * A custom event raised with [method@Sleek.XmlStream.event]; connect to
   * `event::NAME` for one of them.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_OBJECT);
  /**
   * SleekXmlStream::send-failed:
   * @self: the stream
   * @stanza: the stanza that was not written
   * @error: why
   *
   * A stanza given to [method@Sleek.XmlStream.send] could not be written:
   * the stream was not open, closed before it was written, or too much
   * output was waiting.
   */
  signals[SIGNAL_SEND_FAILED] =
    g_signal_new ("send-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SLEEK_TYPE_STANZA, G_TYPE_ERROR);
}

static void
sleek_xml_stream_init (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  priv->context = g_main_context_ref_thread_default ();
  priv->default_ns = g_strdup (SLEEK_NS_CLIENT);
  priv->max_stanza_size = SLEEK_XML_READER_DEFAULT_MAX_STANZA_SIZE;
  priv->max_depth = SLEEK_XML_READER_DEFAULT_MAX_DEPTH;
  priv->max_attributes = SLEEK_XML_READER_DEFAULT_MAX_ATTRIBUTES;
  priv->max_pending_bytes = 16 * 1024 * 1024;
  priv->disconnect_timeout = 2000;
  priv->reader = sleek_xml_reader_new (&reader_callbacks, self);
  priv->out = g_string_sized_new (4096);
  priv->out_ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  priv->writing_ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  priv->read_cancellable = g_cancellable_new ();
  priv->write_cancellable = g_cancellable_new ();
  priv->handlers = g_ptr_array_new ();
  priv->filters = g_ptr_array_new_with_free_func ((GDestroyNotify) filter_free);
  priv->scheduled = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) scheduled_free);
  priv->next_handler_id = 1;
  priv->next_filter_id = 1;
  g_mutex_init (&priv->lock);
  g_queue_init (&priv->send_queue);
  g_queue_init (&priv->event_queue);
  g_queue_init (&priv->unwritten);
}

/* Public API */

/**
 * sleek_xml_stream_new:
 *
 * Creates a stream that is not attached to any connection yet. It belongs
 * to the thread-default main context.
 *
 * Returns: (transfer full): a new stream
 */
SleekXmlStream *
sleek_xml_stream_new (void)
{
  return g_object_new (SLEEK_TYPE_XML_STREAM, NULL);
}

/**
 * sleek_xml_stream_attach:
 * @self: a stream
 * @io: the connection to run over
 *
 * Starts reading from @io. The stream must not be attached already; after
 * [signal@Sleek.XmlStream::disconnected] it may be attached again, to a
 * new connection. Nothing is sent until [method@Sleek.XmlStream.open].
 */
void
sleek_xml_stream_attach (SleekXmlStream *self, GIOStream *io)
{
  SleekXmlStreamPrivate *priv;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (G_IS_IO_STREAM (io));
  priv = PRIV (self);
  g_return_if_fail (priv->state == STATE_CLOSED);

  priv->generation++;
  priv->io = g_object_ref (io);
  priv->state = STATE_OPEN;
  priv->header_sent = priv->footer_sent = priv->peer_closed = FALSE;
  priv->input_done = FALSE;
  priv->input_held = FALSE;
  priv->reading = priv->write_pending = priv->read_after_write = FALSE;
  priv->out_total = priv->written_total = 0;
  g_string_truncate (priv->out, 0);
  g_array_set_size (priv->out_ends, 0);
  priv->transport = SLEEK_IS_TRANSPORT (io) ? SLEEK_TRANSPORT (io) : NULL;
  g_clear_error (&priv->close_error);
  g_clear_object (&priv->read_cancellable);
  g_clear_object (&priv->write_cancellable);
  priv->read_cancellable = g_cancellable_new ();
  priv->write_cancellable = g_cancellable_new ();
  g_clear_pointer (&priv->stream_id, g_free);
  sleek_xml_reader_reset (priv->reader);
  apply_limits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IO_STREAM]);
  start_read (self);
}

/**
 * sleek_xml_stream_get_io_stream:
 * @self: a stream
 *
 * Gets the connection the stream runs over.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL when the
 *   stream is not attached
 */
GIOStream *
sleek_xml_stream_get_io_stream (SleekXmlStream *self)
{
  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), NULL);
  return PRIV (self)->io;
}

/**
 * sleek_xml_stream_is_connected:
 * @self: a stream
 *
 * Checks whether the stream is attached and open.
 *
 * Returns: whether the stream is attached and not closing
 */
gboolean
sleek_xml_stream_is_connected (SleekXmlStream *self)
{
  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), FALSE);
  return PRIV (self)->state == STATE_OPEN;
}

/**
 * sleek_xml_stream_open:
 * @self: a stream
 * @header: (nullable): an element whose attributes (such as `to`,
 *   `from`, `id`, `version`, `xml:lang`) go on the stream header, or %NULL
 *   for `version='1.0'` alone
 *
 * Sends the XML declaration and our stream header, declaring
 * [property@Sleek.XmlStream:default-namespace] and the `stream` prefix.
 */
void
sleek_xml_stream_open (SleekXmlStream *self, SleekNode *header)
{
  SleekXmlStreamPrivate *priv;
  g_autoptr(GString) xml = g_string_new ("<?xml version='1.0'?><stream:stream xmlns='");
  g_auto(GStrv) names = NULL;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  priv = PRIV (self);
  g_return_if_fail (priv->state == STATE_OPEN);

  if (priv->transport != NULL)
    {
      g_string_truncate (xml, 0);
      sleek_transport_write_open (priv->transport, header, xml);
      if (xml->len > 0)
        queue_raw (self, xml->str);
      priv->header_sent = TRUE;
      priv->footer_sent = FALSE;
      flush_output (self);
      return;
    }
  sleek_xml_append_escaped (xml, priv->default_ns, TRUE);
  g_string_append (xml, "' xmlns:stream='" SLEEK_NS_STREAMS "'");
  if (header == NULL)
    g_string_append (xml, " version='1.0'");
  else
    {
      names = sleek_node_dup_attribute_names (header);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (names[i][0] == '{')
            continue;  /* namespaced attributes have no place on the header */
          g_string_append_printf (xml, " %s='", names[i]);
          sleek_xml_append_escaped (xml, sleek_node_get_attribute (header, names[i]), TRUE);
          g_string_append_c (xml, '\'');
        }
    }
  g_string_append_c (xml, '>');
  queue_raw (self, xml->str);
  priv->header_sent = TRUE;
  priv->footer_sent = FALSE;
  flush_output (self);
}

/**
 * sleek_xml_stream_restart:
 * @self: a stream
 * @io: (nullable): the connection to continue over, such as a TLS
 *   connection wrapping the current one, or %NULL to keep the current one
 *
 * Restarts the stream as STARTTLS and SASL require: the parser forgets the
 * old stream and expects a new header, and the next
 * [method@Sleek.XmlStream.open] sends a new header of ours. Called from a
 * handler, the rest of the bytes already received are discarded, as RFC
 * 6120 requires.
 */
void
sleek_xml_stream_restart (SleekXmlStream *self, GIOStream *io)
{
  SleekXmlStreamPrivate *priv;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (io == NULL || G_IS_IO_STREAM (io));
  priv = PRIV (self);
  g_return_if_fail (priv->state == STATE_OPEN);

  restart_output (self, io);
  priv->input_held = FALSE;
  if (priv->in_feed)
    {
      priv->restart_pending = TRUE;
      sleek_xml_reader_stop (priv->reader);
      return;
    }
  /* Outside the read callback with a read in flight: cancel it; the
   * input restarts when it returns (a stream accepts one read at a time),
   * and whatever it read is discarded. */
  if (priv->reading)
    {
      priv->restart_pending = TRUE;
      g_cancellable_cancel (priv->read_cancellable);
      return;
    }
  restart_input (self);
  start_read (self);
}

void
sleek_xml_stream_hold_input (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  priv->input_held = TRUE;
  if (priv->in_feed)
    sleek_xml_reader_stop (priv->reader);
}

/**
 * sleek_xml_stream_get_stream_id:
 * @self: a stream
 *
 * Gets the id the peer gave its stream.
 *
 * Returns: (nullable): the `id` of the peer's stream header, or %NULL
 */
const char *
sleek_xml_stream_get_stream_id (SleekXmlStream *self)
{
  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), NULL);
  return PRIV (self)->stream_id;
}

/**
 * sleek_xml_stream_get_default_namespace:
 * @self: a stream
 *
 * Gets [property@Sleek.XmlStream:default-namespace].
 *
 * Returns: the stream's default namespace
 */
const char *
sleek_xml_stream_get_default_namespace (SleekXmlStream *self)
{
  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), NULL);
  return PRIV (self)->default_ns;
}

/**
 * sleek_xml_stream_set_default_namespace:
 * @self: a stream
 * @ns: the default namespace, such as `jabber:component:accept`
 *
 * Sets [property@Sleek.XmlStream:default-namespace]; takes effect with the
 * next stream header.
 */
void
sleek_xml_stream_set_default_namespace (SleekXmlStream *self, const char *ns)
{
  SleekXmlStreamPrivate *priv;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (ns != NULL && *ns != '\0');
  priv = PRIV (self);

  if (g_strcmp0 (priv->default_ns, ns) == 0)
    return;
  g_free (priv->default_ns);
  priv->default_ns = g_strdup (ns);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_NAMESPACE]);
}

/**
 * sleek_xml_stream_send:
 * @self: a stream
 * @stanza: the stanza to send
 *
 * Queues @stanza: it goes through the outgoing filters and is written in
 * order after everything sent before it. Safe to call from any thread;
 * from another thread, the stream takes a reference and serialises the
 * stanza later in its own context, so do not change it after sending.
 * A stanza that cannot be written raises
 * [signal@Sleek.XmlStream::send-failed].
 */
void
sleek_xml_stream_send (SleekXmlStream *self, SleekStanza *stanza)
{
  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (SLEEK_IS_STANZA (stanza));

  if (!queue_send (self, stanza, NULL))
    send_stanza_now (self, stanza, TRUE);
}

void
sleek_xml_stream_send_unfiltered (SleekXmlStream *self, SleekStanza *stanza)
{
  send_stanza_now (self, stanza, FALSE);
}

gboolean
sleek_xml_stream_can_send (SleekXmlStream *self)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  return priv->state == STATE_OPEN && !priv->footer_sent;
}

void
sleek_xml_stream_set_stanza_hooks (SleekXmlStream *self, const SleekStanzaHooks *hooks, gpointer user_data)
{
  SleekXmlStreamPrivate *priv = PRIV (self);

  if (hooks != NULL)
    priv->stanza_hooks = *hooks;
  else
    memset (&priv->stanza_hooks, 0, sizeof priv->stanza_hooks);
  priv->stanza_hooks_data = hooks != NULL ? user_data : NULL;
}

/**
 * sleek_xml_stream_send_raw:
 * @self: a stream
 * @xml: text to write as it is, such as a whitespace keepalive
 *
 * Queues @xml without parsing or filtering it. Safe to call from any
 * thread. The caller is responsible for it being well-formed.
 */
void
sleek_xml_stream_send_raw (SleekXmlStream *self, const char *xml)
{
  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (xml != NULL);

  if (!queue_send (self, NULL, xml))
    send_raw_now (self, xml);
}

/**
 * sleek_xml_stream_add_handler:
 * @self: a stream
 * @matcher: which incoming stanzas to deliver
 * @flags: %SLEEK_HANDLER_ONCE, %SLEEK_HANDLER_THREADED
 * @func: (scope notified) (closure user_data) (destroy destroy): called
 *   for each match
 * @user_data: (nullable): data for @func
 * @destroy: (nullable): frees @user_data when the handler is removed
 *
 * Adds a stream handler. Handlers run in the order they were added, each
 * with its own copy of the stanza. A threaded handler runs in a worker
 * thread; its @destroy still runs in the stream's context.
 *
 * Returns: an id for [method@Sleek.XmlStream.remove_handler]
 */
guint
sleek_xml_stream_add_handler (SleekXmlStream *self, SleekMatcher *matcher, SleekHandlerFlags flags,
                              SleekHandlerFunc func, gpointer user_data, GDestroyNotify destroy)
{
  SleekXmlStreamPrivate *priv;
  Handler *handler;

  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), 0);
  g_return_val_if_fail (SLEEK_IS_MATCHER (matcher), 0);
  g_return_val_if_fail (func != NULL, 0);
  priv = PRIV (self);

  handler = g_new0 (Handler, 1);
  g_atomic_ref_count_init (&handler->ref_count);
  handler->id = priv->next_handler_id++;
  handler->matcher = g_object_ref (matcher);
  handler->flags = flags;
  handler->func = func;
  handler->user_data = user_data;
  handler->destroy = destroy;
  g_ptr_array_add (priv->handlers, handler);
  return handler->id;
}

/**
 * sleek_xml_stream_remove_handler:
 * @self: a stream
 * @id: what [method@Sleek.XmlStream.add_handler] returned
 *
 * Removes a handler; safe from inside any handler, its own included. Its
 * destroy notify runs once no call to it is in progress.
 */
void
sleek_xml_stream_remove_handler (SleekXmlStream *self, guint id)
{
  SleekXmlStreamPrivate *priv;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  priv = PRIV (self);

  for (guint i = 0; i < priv->handlers->len; i++)
    if (((Handler *) g_ptr_array_index (priv->handlers, i))->id == id)
      {
        remove_handler_at (self, i);
        return;
      }
}

/**
 * sleek_xml_stream_event:
 * @self: a stream
 * @name: the event's name
 * @data: (nullable): what to pass with it
 * @direct: %TRUE to emit now, %FALSE to queue it
 *
 * Raises a custom event as the detailed signal `event::NAME`. A queued
 * event is emitted in order from the stream's context; queueing is safe
 * from any thread, emitting directly only from the stream's context.
 */
void
sleek_xml_stream_event (SleekXmlStream *self, const char *name, GObject *data, gboolean direct)
{
  SleekXmlStreamPrivate *priv;
  QueuedEvent *event;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (data == NULL || G_IS_OBJECT (data));
  priv = PRIV (self);

  if (direct)
    {
      g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_try_string (name), name, data);
      return;
    }
  event = g_new (QueuedEvent, 1);
  event->name = g_strdup (name);
  event->data = data != NULL ? g_object_ref (data) : NULL;
  g_mutex_lock (&priv->lock);
  g_queue_push_tail (&priv->event_queue, event);
  if (priv->event_source == NULL)
    {
      priv->event_source = g_idle_source_new ();
      g_source_set_priority (priv->event_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (priv->event_source, deliver_events, g_object_ref (self), g_object_unref);
      g_source_set_static_name (priv->event_source, "[sleek] events");
      g_source_attach (priv->event_source, priv->context);
    }
  g_mutex_unlock (&priv->lock);
}

/**
 * sleek_xml_stream_schedule:
 * @self: a stream
 * @name: a name for the task; scheduling another task under the same name
 *   replaces it
 * @seconds: the delay, and the interval of a repeating task
 * @repeat: whether to run again every @seconds
 * @func: (scope notified) (closure user_data) (destroy destroy): the task;
 *   a repeating task that returns %G_SOURCE_REMOVE stops
 * @user_data: (nullable): data for @func
 * @destroy: (nullable): frees @user_data when the task is removed
 *
 * Runs @func from the stream's context after @seconds. Tasks are removed
 * by [method@Sleek.XmlStream.unschedule], after a one-shot task has run,
 * and when the stream is disposed.
 */
void
sleek_xml_stream_schedule (SleekXmlStream *self, const char *name, double seconds, gboolean repeat,
                           GSourceFunc func, gpointer user_data, GDestroyNotify destroy)
{
  SleekXmlStreamPrivate *priv;
  Scheduled *entry;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (seconds >= 0);
  priv = PRIV (self);

  entry = g_new0 (Scheduled, 1);
  entry->stream = self;
  entry->serial = ++priv->next_serial;
  entry->name = g_strdup (name);
  entry->repeat = repeat;
  entry->func = func;
  entry->user_data = user_data;
  entry->destroy = destroy;
  entry->source = g_timeout_source_new ((guint) (seconds * 1000.0 + 0.5));
  g_source_set_callback (entry->source, scheduled_fire, entry, NULL);
  g_source_set_static_name (entry->source, "[sleek] scheduled task");
  g_hash_table_replace (priv->scheduled, entry->name, entry);
  g_source_attach (entry->source, priv->context);
}

/**
 * sleek_xml_stream_unschedule:
 * @self: a stream
 * @name: a task's name
 *
 * Removes the task called @name, if there is one.
 */
void
sleek_xml_stream_unschedule (SleekXmlStream *self, const char *name)
{
  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (name != NULL);

  g_hash_table_remove (PRIV (self)->scheduled, name);
}

/**
 * sleek_xml_stream_is_scheduled:
 * @self: a stream
 * @name: a task's name
 *
 * Checks whether a named task is waiting to run.
 *
 * Returns: whether a task called @name is waiting to run
 */
gboolean
sleek_xml_stream_is_scheduled (SleekXmlStream *self, const char *name)
{
  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (PRIV (self)->scheduled, name);
}

/**
 * sleek_xml_stream_add_filter:
 * @self: a stream
 * @direction: which stanzas to see
 * @func: (scope notified) (closure user_data) (destroy destroy): the filter
 * @user_data: (nullable): data for @func
 * @destroy: (nullable): frees @user_data when the filter is removed
 *
 * Adds a filter; filters of one direction run in the order they were
 * added, in the stream's context.
 *
 * Returns: an id for [method@Sleek.XmlStream.remove_filter]
 */
guint
sleek_xml_stream_add_filter (SleekXmlStream *self, SleekFilterDirection direction, SleekFilterFunc func,
                             gpointer user_data, GDestroyNotify destroy)
{
  SleekXmlStreamPrivate *priv;
  Filter *filter;

  g_return_val_if_fail (SLEEK_IS_XML_STREAM (self), 0);
  g_return_val_if_fail (func != NULL, 0);
  priv = PRIV (self);

  filter = g_new0 (Filter, 1);
  filter->id = priv->next_filter_id++;
  filter->direction = direction;
  filter->func = func;
  filter->user_data = user_data;
  filter->destroy = destroy;
  g_ptr_array_add (priv->filters, filter);
  return filter->id;
}

/**
 * sleek_xml_stream_remove_filter:
 * @self: a stream
 * @id: what [method@Sleek.XmlStream.add_filter] returned
 *
 * Removes a filter. Not to be called from inside a filter.
 */
void
sleek_xml_stream_remove_filter (SleekXmlStream *self, guint id)
{
  SleekXmlStreamPrivate *priv;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  priv = PRIV (self);

  for (guint i = 0; i < priv->filters->len; i++)
    if (((Filter *) g_ptr_array_index (priv->filters, i))->id == id)
      {
        g_ptr_array_remove_index (priv->filters, i);
        return;
      }
}

/**
 * sleek_xml_stream_close_with_error:
 * @self: a stream
 * @condition: the stream error condition to send
 * @text: (nullable): a human-readable description, sent in `<text/>`
 *
 * Ends the stream with a stream error: sends our header first if we had
 * not, then `<stream:error/>` and `</stream:stream>`, and closes the
 * connection. [signal@Sleek.XmlStream::disconnected] carries the error.
 */
void
sleek_xml_stream_close_with_error (SleekXmlStream *self, SleekStreamError condition, const char *text)
{
  SleekXmlStreamPrivate *priv;
  g_autoptr(GString) xml = g_string_new (NULL);

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  priv = PRIV (self);
  if (priv->state == STATE_CLOSED)
    return;

  if (!priv->header_sent && priv->state == STATE_OPEN)
    sleek_xml_stream_open (self, NULL);
  if (!priv->footer_sent)
    {
      /* Over a framed transport the error is an element of its own,
       * which declares the prefix, and the transport ends the stream. */
      g_string_append (xml, priv->transport != NULL ? "<stream:error xmlns:stream='" SLEEK_NS_STREAMS "'>"
                                                      : "<stream:error>");
      g_string_append_printf (xml, "<%s xmlns='" SLEEK_NS_STREAM_ERRORS "'/>",
                              sleek_stream_error_to_condition (condition));
      if (text != NULL)
        {
          g_string_append (xml, "<text xmlns='" SLEEK_NS_STREAM_ERRORS "'>");
          sleek_xml_append_escaped (xml, text, FALSE);
          g_string_append (xml, "</text>");
        }
      g_string_append (xml, "</stream:error>");
      queue_raw (self, xml->str);
      queue_footer (self);
    }
  if (priv->close_error == NULL)
    priv->close_error = g_error_new_literal (SLEEK_STREAM_ERROR, condition,
                                             text != NULL ? text : sleek_stream_error_to_condition (condition));
  priv->input_done = TRUE;
  if (priv->in_feed)
    sleek_xml_reader_stop (priv->reader);
  start_closing (self);
}

/**
 * sleek_xml_stream_abort:
 * @self: a stream
 *
 * Closes the connection at once, without ending the stream; what is
 * queued is not written. [signal@Sleek.XmlStream::disconnected] follows
 * with %G_IO_ERROR_CANCELLED.
 */
void
sleek_xml_stream_abort (SleekXmlStream *self)
{
  g_return_if_fail (SLEEK_IS_XML_STREAM (self));

  sleek_xml_stream_abort_with_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                                _("The connection was aborted")));
}

void
sleek_xml_stream_abort_with_error (SleekXmlStream *self, GError *error)
{
  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (error != NULL);

  finish_disconnect (self, error);
}

/**
 * sleek_xml_stream_disconnect_async:
 * @self: a stream
 * @cancellable: (nullable): cancels the wait for the peer: the connection
 *   is then closed at once and the operation fails with
 *   %G_IO_ERROR_CANCELLED
 * @callback: (scope async) (closure user_data): called when the
 *   connection is closed
 * @user_data: data for @callback
 *
 * Ends the stream politely: writes everything queued, sends
 * `</stream:stream>`, waits for the peer's (at most
 * [property@Sleek.XmlStream:disconnect-timeout]) and closes the
 * connection. [signal@Sleek.XmlStream::disconnected] is emitted before
 * @callback runs.
 */
void
sleek_xml_stream_disconnect_async (SleekXmlStream *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  SleekXmlStreamPrivate *priv;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_XML_STREAM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  priv = PRIV (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_xml_stream_disconnect_async);
  if (priv->state == STATE_CLOSED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (priv->disconnect_tasks == NULL)
    priv->disconnect_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->disconnect_tasks, g_object_ref (task));
  if (cancellable != NULL && priv->disconnect_cancellable == NULL)
    {
      priv->disconnect_cancellable = g_object_ref (cancellable);
      priv->disconnect_cancelled_id =
        g_cancellable_connect (cancellable, G_CALLBACK (on_disconnect_cancelled),
                               g_object_ref (self), g_object_unref);
    }

  if (priv->state == STATE_OPEN)
    {
      /* Stanzas sent before this call, still waiting in the cross-thread
       * queue (sent from another thread, or from this one while nobody
       * iterated the context), go out before the end of the stream. */
      flush_send_queue (self);
      if (priv->header_sent && !priv->footer_sent)
        {
          queue_footer (self);
        }
      if (!priv->header_sent)
        priv->peer_closed = TRUE;  /* no stream to wait for */
      start_closing (self);
    }
}

/**
 * sleek_xml_stream_disconnect_finish:
 * @self: a stream
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.XmlStream.disconnect_async].
 *
 * Returns: %TRUE once the connection is closed
 */
gboolean
sleek_xml_stream_disconnect_finish (SleekXmlStream *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
