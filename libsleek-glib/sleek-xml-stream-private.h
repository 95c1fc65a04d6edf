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

G_END_DECLS
