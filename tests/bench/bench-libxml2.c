/* bench-libxml2.c: the baseline: the benchmark stream through a bare
 * libxml2 SAX2 push parser that only counts the stanzas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct
{
  xmlParserCtxtPtr ctxt;
  int depth;
  guint stanzas;        /* elements closed at depth 1: the messages */
  guint64 text_bytes;
  gboolean failed;
  const char *chunk;
  int chunk_len;
  int fd;               /* socket mode: where to read from */
} Baseline;

static void
on_start_element (void           *user_data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  Baseline *baseline = user_data;

  baseline->depth++;
}

static void
on_end_element (void          *user_data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Baseline *baseline = user_data;

  if (--baseline->depth == 1)
    baseline->stanzas++;
}

static void
on_characters (void *user_data, const xmlChar *text, int len)
{
  Baseline *baseline = user_data;

  baseline->text_bytes += len;
}

static void
on_error (void *user_data, xmlErrorPtr error)
{
  Baseline *baseline = user_data;

  if (error->level < XML_ERR_ERROR)
    return;
  if (!baseline->failed)
    g_printerr ("libxml2: line %d: %s", error->line, error->message);
  baseline->failed = TRUE;
}

static void
baseline_init (Baseline *baseline)
{
  /* Only what counting needs; the options are SleekXmlStream's. */
  xmlSAXHandler sax = { 0 };

  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start_element;
  sax.endElementNs = on_end_element;
  sax.characters = on_characters;
  sax.serror = on_error;

  baseline->ctxt = xmlCreatePushParserCtxt (&sax, baseline, NULL, 0, NULL);
  xmlCtxtUseOptions (baseline->ctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA);
}

static void
parse_chunk (gpointer data)
{
  Baseline *baseline = data;

  if (xmlParseChunk (baseline->ctxt, baseline->chunk, baseline->chunk_len, 0) != 0)
    baseline->failed = TRUE;
}

/* In memory: the stream rendered chunk by chunk; only the parsing is
 * timed. */
static guint64
run_inline (Baseline *baseline, const BenchOptions *options, BenchMeasure *measure,
            guint64 *message_bytes)
{
  BenchStream *stream = bench_stream_new (options->n_messages);
  char *chunk = g_malloc (BENCH_CHUNK_SIZE);
  guint64 bytes;
  gsize len;

  if (options->pin)
    bench_pin_current_thread (0);
  while (!baseline->failed && (len = bench_stream_read (stream, chunk, BENCH_CHUNK_SIZE)) > 0)
    {
      baseline->chunk = chunk;
      baseline->chunk_len = len;
      bench_measure_resume (measure);
      bench_measured_call (parse_chunk, baseline);
      bench_measure_pause (measure);
    }
  bytes = bench_stream_get_bytes (stream);
  *message_bytes = bench_stream_get_message_bytes (stream);
  bench_stream_free (stream);
  g_free (chunk);
  return bytes;
}

static void
read_and_parse (gpointer data)
{
  Baseline *baseline = data;
  char *chunk = g_malloc (BENCH_CHUNK_SIZE);

  baseline->chunk = chunk;
  while (!baseline->failed)
    {
      gssize n = read (baseline->fd, chunk, BENCH_CHUNK_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_printerr ("read: %s\n", g_strerror (errno));
          baseline->failed = TRUE;
        }
      if (n <= 0)
        break;
      baseline->chunk_len = n;
      parse_chunk (baseline);
    }
  g_free (chunk);
}

/* Over a socket, read as the stream reads: the transport costs the same as
 * for the clients. */
static guint64
run_socket (Baseline *baseline, const BenchOptions *options, BenchMeasure *measure,
            guint64 *message_bytes)
{
  g_autoptr(GError) error = NULL;
  BenchFeeder *feeder = bench_feeder_new (options, &error);
  guint64 bytes;

  if (feeder == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (EXIT_FAILURE);
    }
  baseline->fd = bench_feeder_get_client_fd (feeder);
  if (options->pin)
    bench_pin_current_thread (0);

  bench_measure_resume (measure);
  bench_feeder_start (feeder);
  bench_measured_call (read_and_parse, baseline);
  bench_measure_pause (measure);

  bytes = bench_feeder_join (feeder, message_bytes);
  bench_feeder_free (feeder);
  return bytes;
}

int
main (int argc, char **argv)
{
  gboolean in_memory = FALSE;
  const GOptionEntry entries[] = {
    { "in-memory", 0, 0, G_OPTION_ARG_NONE, &in_memory,
      "Parse the stream from memory rather than from a socket, and time only the parser", NULL },
    { NULL }
  };
  BenchOptions options;
  BenchMeasure measure = { 0 };
  Baseline baseline = { 0 };
  guint64 bytes, message_bytes = 0;
  guint messages;

  if (!bench_options_parse (&options, "Parse the benchmark stream with a bare libxml2 SAX2 parser.",
                            entries, &argc, &argv))
    return EXIT_FAILURE;

  xmlInitParser ();
  baseline_init (&baseline);
  if (in_memory)
    bytes = run_inline (&baseline, &options, &measure, &message_bytes);
  else
    bytes = run_socket (&baseline, &options, &measure, &message_bytes);
  if (!baseline.failed && xmlParseChunk (baseline.ctxt, NULL, 0, 1) != 0)
    baseline.failed = TRUE;

  /* The stanzas closed at depth 1 are the messages and the END message. */
  messages = baseline.stanzas > 0 ? baseline.stanzas - 1 : 0;
  bench_report (in_memory ? "libxml2-sax2" : "libxml2-sax2-socket", &options, messages,
                bytes, message_bytes, &measure);

  xmlFreeParserCtxt (baseline.ctxt);
  xmlCleanupParser ();

  if (baseline.failed || baseline.depth != 0 || messages != options.n_messages)
    {
      g_printerr ("FAILED: %u of %u messages, depth %d at the end%s\n", messages,
                  options.n_messages, baseline.depth, baseline.failed ? ", parse error" : "");
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
