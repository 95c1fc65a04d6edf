/* sleek-transport.h: framed transports under SleekXmlStream (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* A SleekTransport is the GIOStream a SleekXmlStream runs over when the
 * wire does not carry one long XML document but complete elements in
 * frames: RFC 7395 (WebSocket) now, XEP-0124/0206 (BOSH) later.
 *
 * Input: the subclass pushes what arrives, turned into the bytes of an
 * ordinary stream: sleek_transport_push_stream_header() when the peer
 * opens a stream (WebSocket <open/>, a BOSH session creation or restart
 * response), sleek_transport_push_element() for each element received,
 * sleek_transport_push_stream_end() when the peer closes it, and
 * push_eof()/push_error() when the transport ends. The stream reads them
 * with its usual parser through g_io_stream_get_input_stream(), one pushed
 * piece per read, so a restart after SASL discards nothing that follows.
 *
 * Output: SleekXmlStream recognises a SleekTransport when it is attached
 * (or restarted onto one) and then, instead of writing one byte stream,
 * - asks write_open() for the opening of each stream (WebSocket appends
 *   <open/>; BOSH may append nothing and send xmpp:restart instead),
 * - serialises each stanza fully namespaced (xmlns on every stanza),
 * - asks write_close() for the end of the stream (<close/>),
 * - hands the queued elements to send_frame(), one call per element, from
 *   sleek_transport_send_frames_async(). send_frame() must not block:
 *   it queues (WebSocket sends a text message; BOSH collects the elements
 *   for its next request).
 * The TCP path does not change: a plain GIOStream is written as before.
 *
 * g_io_stream_close_async() calls shutdown() in the owning context. */

#define SLEEK_TYPE_TRANSPORT (sleek_transport_get_type ())
G_DECLARE_DERIVABLE_TYPE (SleekTransport, sleek_transport, SLEEK, TRANSPORT, GIOStream)

struct _SleekTransportClass {
  GIOStreamClass parent_class;

  void     (*write_open)  (SleekTransport *self, SleekNode *header, GString *out);
  void     (*write_close) (SleekTransport *self, GString *out);
  gboolean (*send_frame)  (SleekTransport *self, const char *data, gsize len, GError **error);
  void     (*shutdown)    (SleekTransport *self);
};

/* For subclasses: what the stream's parser reads next. */
void     sleek_transport_push_stream_header (SleekTransport *self,
                                             SleekNode      *open);
void     sleek_transport_push_element       (SleekTransport *self,
                                             const char     *data,
                                             gsize           len);
void     sleek_transport_push_stream_end    (SleekTransport *self);
void     sleek_transport_push_eof           (SleekTransport *self);
void     sleek_transport_push_error         (SleekTransport *self,
                                             GError         *error);

/* For SleekXmlStream. */
void     sleek_transport_write_open         (SleekTransport *self,
                                             SleekNode      *header,
                                             GString        *out);
void     sleek_transport_write_close        (SleekTransport *self,
                                             GString        *out);
/* Sends the elements of @data, the i-th ending at @ends[i] (offsets into
 * @data, increasing); @data must stay valid until the callback. */
void     sleek_transport_send_frames_async  (SleekTransport      *self,
                                             const char          *data,
                                             const gsize         *ends,
                                             guint                n_ends,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Returns the number of bytes sent (the last end), or -1. */
gssize   sleek_transport_send_frames_finish (SleekTransport      *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
