/* sleek-xml-stream-private.h: what the client layers need of the stream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* Stops reading after the bytes being handled now, until the next
 * sleek_xml_stream_restart(): STARTTLS needs the connection to itself for
 * the TLS handshake. */
void sleek_xml_stream_hold_input (SleekXmlStream *self);

/* Completes once no write is in flight on the connection (everything
 * queued has been written), or fails with G_IO_ERROR_CLOSED when the
 * stream closes first. STARTTLS waits for it before the handshake, which
 * needs the connection's output stream to itself. */
void     sleek_xml_stream_drain_output_async  (SleekXmlStream      *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean sleek_xml_stream_drain_output_finish (SleekXmlStream      *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Closes the connection at once, like sleek_xml_stream_abort(), but with
 * @error (transfer full) as the reason "disconnected" carries: a
 * SleekClientXmpp with auto-reconnect then treats the connection as lost
 * rather than ended by the application. */
void     sleek_xml_stream_abort_with_error    (SleekXmlStream      *self,
                                               GError              *error);

/* Stream management (XEP-0198) watches the stanzas going in and out.
 * @received sees every element received, before the incoming filters
 * (which may drop it). Once a stanza to send has passed the outgoing
 * filters, @hold may take it: it is then neither written nor reported by
 * "send-failed" (a session waiting to be resumed keeps it to send later).
 * Each stanza written into the output after that goes to @written, in
 * order. At a disconnection, a stanza still unwritten raises
 * "send-failed" unless @covers says the hook will send it again or report
 * it itself. Any of the functions may be NULL; one set of hooks per
 * stream, NULL @hooks to remove them. */
typedef struct {
  void     (*received) (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data);
  gboolean (*hold)     (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data);
  void     (*written)  (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data);
  gboolean (*covers)   (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data);
} SleekStanzaHooks;

void     sleek_xml_stream_set_stanza_hooks    (SleekXmlStream         *self,
                                               const SleekStanzaHooks *hooks,
                                               gpointer                user_data);

/* Whether what is sent now can still be written: the stream is open and
 * we have not ended it (a peer's request that arrives while we close
 * gets no answer). */
gboolean sleek_xml_stream_can_send            (SleekXmlStream       *self);

/* Sends @stanza, from the stream's own context, without running the
 * outgoing filters again: for stanzas that went through them once, such
 * as those stream management resends. The send hooks still see it. */
void     sleek_xml_stream_send_unfiltered     (SleekXmlStream       *self,
                                               SleekStanza          *stanza);

G_END_DECLS
