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

/* Completes once everything queued has been written and no write is in
 * flight (at once if that is already so): a TLS handshake over the
 * stream's connection must not race a write of the stream's. */
void     sleek_xml_stream_wait_output_async  (SleekXmlStream      *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean sleek_xml_stream_wait_output_finish (SleekXmlStream      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
