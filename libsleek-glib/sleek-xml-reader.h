/* sleek-xml-reader.h: restricted, bounded SAX2 push parser for XMPP streams
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

typedef struct _SleekXmlReader SleekXmlReader;

typedef struct {
  /* The root element opened: @header has its attributes, no children. */
  void (*stream_start) (gpointer user_data, SleekNode *header);
  /* A depth-1 element is complete; the callee takes its own reference. */
  void (*stanza)       (gpointer user_data, SleekNode *stanza);
  /* The root element closed. */
  void (*stream_end)   (gpointer user_data);
} SleekXmlReaderCallbacks;

#define SLEEK_XML_READER_DEFAULT_MAX_STANZA_SIZE (1024 * 1024)
#define SLEEK_XML_READER_DEFAULT_MAX_DEPTH       64
#define SLEEK_XML_READER_DEFAULT_MAX_ATTRIBUTES  128

SleekXmlReader *sleek_xml_reader_new (const SleekXmlReaderCallbacks *callbacks,
                                      gpointer                       user_data);
void            sleek_xml_reader_free (SleekXmlReader *reader);
/* Forgets everything, ready for a new stream (STARTTLS/SASL restart). */
void            sleek_xml_reader_reset (SleekXmlReader *reader);
/* Feeds bytes; on FALSE @error is in SLEEK_STREAM_ERROR and the reader is
 * dead until reset. Callbacks run from inside. A callback may call
 * sleek_xml_reader_stop() to make feed() return TRUE at once and ignore
 * the rest of the bytes. */
gboolean        sleek_xml_reader_feed (SleekXmlReader *reader,
                                       const char     *data,
                                       gsize           len,
                                       GError        **error);
void            sleek_xml_reader_stop (SleekXmlReader *reader);

void            sleek_xml_reader_set_limits (SleekXmlReader *reader,
                                             gsize           max_stanza_size,
                                             guint           max_depth,
                                             guint           max_attributes);
/* How many times the parser context was replaced to bound the memory of
 * libxml2's name dictionary (for tests). */
guint           sleek_xml_reader_get_n_recycles (SleekXmlReader *reader);
/* Dictionary size that triggers a recycle (for tests; default 4096). */
void            sleek_xml_reader_set_recycle_threshold (SleekXmlReader *reader,
                                                        guint           entries);

/* Parses one complete element (sleek_node_parse). */
SleekNode      *sleek_xml_reader_parse_document (const char *xml,
                                                 gsize       len,
                                                 GError    **error);

G_END_DECLS
