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

G_END_DECLS
