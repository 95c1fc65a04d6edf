/* fuzz-xml-stream.c: the stream parser fed in chunks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: two control bytes, then the bytes of a stream as a server sends
 * them. The first byte seeds the chunk sizes (1 to 64 bytes, so tags,
 * entities and UTF-8 sequences get split at every place); the second
 * picks tighter limits and a tiny name-dictionary threshold (bit 0) so
 * that the limit errors and the parser recycling get their share, and
 * whether the reader is reset and fed the whole input again (bit 1), as
 * after STARTTLS or SASL.
 *
 * Every stanza the reader hands over must serialise to XML that the
 * reader's document parser reads back to an equal element.
 */
#include "fuzz-common.h"

#include "sleek-xml-reader.h"

typedef struct {
  SleekXmlReader *reader;
  guint starts;
  guint stanzas;
  guint ends;
} Run;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static void
check_round_trip (SleekNode *node)
{
  g_autofree char *xml = sleek_node_to_string (node);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) again = sleek_xml_reader_parse_document (xml, strlen (xml), &error);

  g_assert_no_error (error);
  g_assert_true (sleek_node_equal (node, again));
}

static void
on_stream_start (gpointer user_data, SleekNode *header)
{
  Run *run = user_data;

  run->starts++;
  g_assert_cmpuint (sleek_node_get_n_children (header), ==, 0);
  (void) sleek_node_get_attribute (header, "id");
  (void) sleek_node_get_lang (header);
}

static void
on_stanza (gpointer user_data, SleekNode *stanza)
{
  Run *run = user_data;

  g_assert_cmpuint (run->starts, ==, 1);
  run->stanzas++;
  check_round_trip (stanza);
}

static void
on_stream_end (gpointer user_data)
{
  Run *run = user_data;

  g_assert_cmpuint (run->starts, ==, 1);
  run->ends++;
}

static const SleekXmlReaderCallbacks callbacks = {
  on_stream_start, on_stanza, on_stream_end,
};

/* Feeds @data in chunks whose sizes come from @seed; FALSE once the
 * reader reports an error. */
static gboolean
feed_in_chunks (Run *run, const uint8_t *data, size_t size, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  size_t offset = 0;

  while (offset < size)
    {
      size_t chunk = (size_t) g_rand_int_range (rand, 1, 65);
      g_autoptr(GError) error = NULL;

      chunk = MIN (chunk, size - offset);
      if (!sleek_xml_reader_feed (run->reader, (const char *) data + offset, chunk, &error))
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SLEEK_STREAM_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          return FALSE;
        }
      g_assert_no_error (error);
      offset += chunk;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Run run = { NULL, 0, 0, 0 };
  guint32 seed;
  guint8 flags;

  if (size < 2)
    return 0;
  seed = data[0];
  flags = data[1];
  data += 2;
  size -= 2;

  run.reader = sleek_xml_reader_new (&callbacks, &run);
  if (flags & 1)
    {
      sleek_xml_reader_set_limits (run.reader, 512, 8, 4);
      sleek_xml_reader_set_recycle_threshold (run.reader, 8);
    }
  feed_in_chunks (&run, data, size, seed);
  g_assert_cmpuint (run.ends, <=, 1);

  if (flags & 2)
    {
      guint stanzas = run.stanzas;
      gboolean first_ok;

      /* A fresh stream over the same reader: the same events again. */
      sleek_xml_reader_reset (run.reader);
      run.starts = run.stanzas = run.ends = 0;
      first_ok = feed_in_chunks (&run, data, size, seed + 1);
      (void) first_ok;
      /* Chunking must not change what the stream holds. */
      g_assert_cmpuint (run.stanzas, ==, stanzas);
    }
  sleek_xml_reader_free (run.reader);
  return 0;
}
