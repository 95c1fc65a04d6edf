/* bench-messages.h: the deterministic inbound stream every benchmark client
 * reads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many bytes a client reads at a time (SleekXmlStream's read buffer). */
#define BENCH_CHUNK_SIZE 32768

/* Every BENCH_SAMPLE_EVERY-th message (and the first) is checked in full. */
#define BENCH_SAMPLE_EVERY 997

/* Where the outbound clients send their messages. */
#define BENCH_PEER_JID "juliet@capulet.lit/balcony"

/* The body of the message after the last counted one. */
#define BENCH_END_BODY "END"

/* Longest rendered message, with room to spare. */
#define BENCH_MESSAGE_MAX 1024

/**
 * BenchStream:
 *
 * Produces, in pieces of any size, the stream a server would send: a stream
 * header, n chat messages, one more whose body is "END", and the stream
 * footer. Nothing is held beyond the message being copied out, so a client
 * reading it does not carry the whole input in its RSS.
 */
typedef struct _BenchStream BenchStream;

BenchStream *bench_stream_new           (guint        n_messages);
void         bench_stream_free          (BenchStream *self);
gsize        bench_stream_read          (BenchStream *self,
                                         char        *buffer,
                                         gsize        size);
guint64      bench_stream_get_bytes     (BenchStream *self);
guint64      bench_stream_get_message_bytes (BenchStream *self);

/* What message number @index carries, for the clients' checks. */
const char  *bench_message_from         (guint        index);
char        *bench_message_dup_id       (guint        index);
char        *bench_message_dup_body     (guint        index);
char        *bench_message_dup_origin_id (guint       index);
gsize        bench_message_render       (guint        index,
                                         gboolean     end,
                                         char        *buffer);

gboolean     bench_message_is_sample    (guint        index);

/* Roster item number @index, as a server writes it in a roster result. */
void         bench_roster_item          (GString     *out,
                                         guint        index);
char        *bench_roster_item_dup_jid  (guint        index);

G_END_DECLS
