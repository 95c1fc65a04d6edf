/* bench-harness.h: what every benchmark client shares: options, the feeder
 * thread, measurement and the result line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint n_messages;   /* --messages */
  gboolean pin;       /* --pin: consumer on CPU 0, feeder on CPU 1 */
  gboolean verbose;   /* --verbose */
  gboolean outbound;  /* --outbound: the client sends, the server counts */
  char *server;       /* --server: the bench-server program */
  const char *server_mode; /* bench-server's --mode when not inbound/outbound */
} BenchOptions;

/* The account the XMPP clients log in to on bench-server. */
#define BENCH_JID "romeo@montague.lit"
#define BENCH_RESOURCE "orchard"
#define BENCH_PASSWORD "bench"


gboolean bench_options_parse (BenchOptions        *options,
                              const char          *summary,
                              const GOptionEntry  *extra,
                              int                 *argc,
                              char              ***argv);

void     bench_pin_current_thread (int cpu);

/**
 * BenchFeeder:
 *
 * A thread playing the server: it writes the stream of bench-messages.h
 * into one end of a socket pair, in pieces of %BENCH_CHUNK_SIZE, and shuts
 * its end for writing when done. The client reads the other end.
 */
typedef struct _BenchFeeder BenchFeeder;

BenchFeeder *bench_feeder_new        (const BenchOptions  *options,
                                      GError             **error);
int          bench_feeder_get_client_fd (BenchFeeder      *self);
int          bench_feeder_steal_client_fd (BenchFeeder    *self);
void         bench_feeder_start      (BenchFeeder         *self);
guint64      bench_feeder_join       (BenchFeeder         *self,
                                      guint64             *message_bytes);
void         bench_feeder_free       (BenchFeeder         *self);

/**
 * BenchServer:
 *
 * bench-server running in a child process (pinned to CPU 1 with --pin),
 * listening on 127.0.0.1 for one client.
 */
typedef struct _BenchServer BenchServer;

BenchServer *bench_server_spawn      (const BenchOptions  *options,
                                      const char          *argv0,
                                      GError             **error);
guint16      bench_server_get_port   (BenchServer         *self);
gboolean     bench_server_finish     (BenchServer         *self,
                                      guint               *messages,
                                      guint64             *bytes,
                                      GError             **error);
void         bench_server_free       (BenchServer         *self);

/**
 * BenchMeasure:
 *
 * Wall and CPU time of the measured part of a run, in one or several
 * segments.
 */
typedef struct
{
  gint64 wall_ns;
  gint64 thread_cpu_ns;    /* the consuming thread */
  gint64 process_cpu_ns;   /* every thread, the feeder's included */
  /* < private > */
  gint64 start_wall;
  gint64 start_thread_cpu;
  gint64 start_process_cpu;
} BenchMeasure;

void bench_measure_resume (BenchMeasure *measure);
void bench_measure_pause  (BenchMeasure *measure);

typedef void (*BenchFunc) (gpointer data);

/* Runs @func: the one place callgrind collects (--toggle-collect). */
void bench_measured_call (BenchFunc func,
                          gpointer  data);

void bench_report (const char         *client,
                   const BenchOptions *options,
                   guint               messages,
                   guint64             bytes,
                   guint64             message_bytes,
                   const BenchMeasure *measure);

/**
 * BenchTally:
 *
 * What an inbound handler has read: messages counted, wrong ones, and the
 * END message.
 */
typedef struct
{
  guint count;
  guint mismatches;
  gboolean done;       /* END arrived */
  guint64 checksum;    /* uses what the handler read */
} BenchTally;

gboolean bench_tally_message (BenchTally         *tally,
                              const char         *from,
                              const char         *id,
                              const char         *body);

gboolean bench_conclude      (const char         *client,
                              const BenchOptions *options,
                              BenchServer        *server,
                              gboolean            session_ok,
                              guint               handled,
                              guint               mismatches,
                              const GError       *error,
                              const BenchMeasure *measure);

G_END_DECLS
