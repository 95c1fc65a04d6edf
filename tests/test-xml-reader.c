/* test-xml-reader.c: the stream parser: events, chunking, restricted XML,
 * limits and bounded memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "sleek-xml-reader.h"

#include <string.h>

#define HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
               "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s1' version='1.0'>"

typedef struct {
  SleekXmlReader *reader;
  SleekNode *header;
  GPtrArray *stanzas;
  guint ends;
  gboolean stop_after_first;
} Fixture;

static void
on_stream_start (gpointer data, SleekNode *header)
{
  Fixture *f = data;

  g_clear_pointer (&f->header, sleek_node_unref);
  f->header = sleek_node_ref (header);
}

static void
on_stanza (gpointer data, SleekNode *stanza)
{
  Fixture *f = data;

  g_ptr_array_add (f->stanzas, sleek_node_ref (stanza));
  if (f->stop_after_first)
    sleek_xml_reader_stop (f->reader);
}

static void
on_stream_end (gpointer data)
{
  Fixture *f = data;

  f->ends++;
}

static const SleekXmlReaderCallbacks callbacks = {
  on_stream_start, on_stanza, on_stream_end,
};

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->reader = sleek_xml_reader_new (&callbacks, f);
  f->stanzas = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_reader_free (f->reader);
  g_clear_pointer (&f->header, sleek_node_unref);
  g_ptr_array_unref (f->stanzas);
}

static gboolean
feed (Fixture *f, const char *xml, GError **error)
{
  return sleek_xml_reader_feed (f->reader, xml, strlen (xml), error);
}

static void
feed_ok (Fixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (feed (f, xml, &error));
  g_assert_no_error (error);
}

static void
feed_fails (Fixture *f, const char *xml, SleekStreamError code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (feed (f, xml, &error));
  g_assert_error (error, SLEEK_STREAM_ERROR, (gint) code);
}

static void
test_events (Fixture *f, gconstpointer data)
{
  SleekNode *message;

  feed_ok (f, HEADER);
  g_assert_nonnull (f->header);
  g_assert_cmpstr (sleek_node_get_name (f->header), ==, "stream");
  g_assert_cmpstr (sleek_node_get_namespace (f->header), ==, "http://etherx.jabber.org/streams");
  g_assert_cmpstr (sleek_node_get_attribute (f->header, "id"), ==, "s1");
  g_assert_cmpstr (sleek_node_get_attribute (f->header, "version"), ==, "1.0");
  g_assert_cmpuint (f->stanzas->len, ==, 0);

  feed_ok (f, "<message to='a@b' type='chat'><body>hi</body></message>  \n<presence/>");
  g_assert_cmpuint (f->stanzas->len, ==, 2);
  message = g_ptr_array_index (f->stanzas, 0);
  g_assert_cmpstr (sleek_node_get_name (message), ==, "message");
  g_assert_cmpstr (sleek_node_get_namespace (message), ==, "jabber:client");
  g_assert_cmpstr (sleek_node_get_child_text (message, "body", "jabber:client"), ==, "hi");
  g_assert_cmpuint (f->ends, ==, 0);
  feed_ok (f, "</stream:stream>");
  g_assert_cmpuint (f->ends, ==, 1);
}

static void
test_byte_by_byte (Fixture *f, gconstpointer data)
{
  const char *xml = HEADER "<message><body>Привет, 你好 &amp; 🎉</body></message><iq type='get' id='1'/>";
  g_autoptr(GError) error = NULL;

  for (const char *p = xml; *p != '\0'; p++)
    g_assert_true (sleek_xml_reader_feed (f->reader, p, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->stanzas->len, ==, 2);
  g_assert_cmpstr (sleek_node_get_child_text (g_ptr_array_index (f->stanzas, 0), "body", NULL), ==,
                   "Привет, 你好 & 🎉");
}

static void
test_stanza_only_when_complete (Fixture *f, gconstpointer data)
{
  feed_ok (f, HEADER "<message><body>partial");
  g_assert_cmpuint (f->stanzas->len, ==, 0);
  feed_ok (f, "</body></message>");
  g_assert_cmpuint (f->stanzas->len, ==, 1);
}

static void
test_stop (Fixture *f, gconstpointer data)
{
  f->stop_after_first = TRUE;
  feed_ok (f, HEADER "<a/><b/><c/>");
  g_assert_cmpuint (f->stanzas->len, ==, 1);
}

static void
test_reset (Fixture *f, gconstpointer data)
{
  feed_ok (f, HEADER "<a/>");
  sleek_xml_reader_reset (f->reader);
  feed_ok (f, "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s2'><b/>");
  g_assert_cmpstr (sleek_node_get_attribute (f->header, "id"), ==, "s2");
  g_assert_cmpuint (f->stanzas->len, ==, 2);
  g_assert_cmpstr (sleek_node_get_name (g_ptr_array_index (f->stanzas, 1)), ==, "b");
}

static void
test_reset_after_error (Fixture *f, gconstpointer data)
{
  feed_fails (f, HEADER "<a><!-- no --></a>", SLEEK_STREAM_ERROR_RESTRICTED_XML);
  /* Dead until reset. */
  feed_fails (f, "<b/>", SLEEK_STREAM_ERROR_RESTRICTED_XML);
  sleek_xml_reader_reset (f->reader);
  feed_ok (f, HEADER "<b/>");
  g_assert_cmpuint (f->stanzas->len, ==, 1);
}

typedef struct {
  const char *name;
  const char *xml;
  SleekStreamError code;
} Hostile;

static const Hostile hostile[] = {
  { "doctype", "<?xml version='1.0'?><!DOCTYPE stream><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
    SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "billion-laughs",
    "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
    "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
    "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'><a>&lol3;</a>",
    SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "external-entity",
    "<?xml version='1.0'?><!DOCTYPE s [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
    "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'><a>&xxe;</a>",
    SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "external-dtd",
    "<?xml version='1.0'?><!DOCTYPE s SYSTEM 'http://example.com/evil.dtd'>"
    "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
    SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "undeclared-entity", HEADER "<message><body>&nbsp;</body></message>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "entity-in-attribute", HEADER "<message to='&x;'/>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "processing-instruction", HEADER "<?evil data?>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "processing-instruction-in-stanza", HEADER "<message><?evil data?></message>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "comment", HEADER "<!-- hello -->", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "comment-in-stanza", HEADER "<message><body>a<!-- hello -->b</body></message>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "comment-before-header", "<!-- hi --><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
    SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "invalid-utf8", HEADER "<message><body>\xc3\x28</body></message>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "invalid-utf8-overlong", HEADER "<message><body>\xc0\xaf</body></message>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "invalid-utf8-surrogate", HEADER "<message><body>\xed\xa0\x80</body></message>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "invalid-utf8-in-name", HEADER "<mess\xff\xfe age/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "mismatched-tags", HEADER "<message></presence>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "unbound-prefix", HEADER "<foo:message/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "duplicate-attribute", HEADER "<message to='a' to='b'/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "bad-char-ref", HEADER "<message><body>&#1;</body></message>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "garbage", "HTTP/1.1 200 OK\r\n\r\n", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "lt-in-attribute", HEADER "<message to='<'/><presence/><presence/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
};

static void
test_hostile (Fixture *f, gconstpointer data)
{
  const Hostile *h = data;

  feed_fails (f, h->xml, h->code);
  g_assert_cmpuint (f->stanzas->len, ==, 0);
}

static void
test_hostile_chunked (Fixture *f, gconstpointer data)
{
  const Hostile *h = data;
  g_autoptr(GError) error = NULL;
  gsize len = strlen (h->xml);
  gboolean ok = TRUE;

  /* The same input in 3-byte chunks fails the same way. */
  for (gsize i = 0; i < len && ok; i += 3)
    ok = sleek_xml_reader_feed (f->reader, h->xml + i, MIN (3, len - i), &error);
  g_assert_false (ok);
  g_assert_error (error, SLEEK_STREAM_ERROR, (gint) h->code);
}

static void
test_limit_depth (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (HEADER);

  sleek_xml_reader_set_limits (f->reader, 1024 * 1024, 10, 64);
  for (int i = 0; i < 9; i++)
    g_string_append (xml, "<a>");
  for (int i = 0; i < 9; i++)
    g_string_append (xml, "</a>");
  feed_ok (f, xml->str);
  g_assert_cmpuint (f->stanzas->len, ==, 1);
  feed_fails (f, "<a><a><a><a><a><a><a><a><a><a>", SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_limit_depth_100000 (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (HEADER);

  for (int i = 0; i < 100000; i++)
    g_string_append (xml, "<a>");
  feed_fails (f, xml->str, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_limit_attributes (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (HEADER "<message");

  sleek_xml_reader_set_limits (f->reader, 1024 * 1024, 64, 8);
  for (int i = 0; i < 8; i++)
    g_string_append_printf (xml, " a%d='x'", i);
  g_string_append (xml, "/>");
  feed_ok (f, xml->str);
  g_assert_cmpuint (f->stanzas->len, ==, 1);
  feed_fails (f, "<message a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9'/>",
              SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_limit_namespace_declarations (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (HEADER "<message");

  for (int i = 0; i < 1000; i++)
    g_string_append_printf (xml, " xmlns:p%d='urn:%d'", i, i);
  g_string_append (xml, "/>");
  feed_fails (f, xml->str, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_limit_stanza_size (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) ok = g_string_new ("<message><body>");
  g_autoptr(GString) big = g_string_new ("<message><body>");
  g_autoptr(GError) error = NULL;
  gboolean fed = TRUE;

  sleek_xml_reader_set_limits (f->reader, 4096, 64, 64);
  feed_ok (f, HEADER);
  g_string_append_len (ok, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 50);
  g_string_append (ok, "</body></message>");
  feed_ok (f, ok->str);
  g_assert_cmpuint (f->stanzas->len, ==, 1);

  /* Text with no '<' is buffered inside libxml2; it still counts. */
  feed_ok (f, big->str);
  for (int i = 0; i < 2000 && fed; i++)
    fed = feed (f, "yyyyyyyyyy", &error);
  g_assert_false (fed);
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
  g_assert_cmpuint (f->stanzas->len, ==, 1);
  (void) big;
}

static void
test_limit_10mb_stanza (Fixture *f, gconstpointer data)
{
  gsize size = 10 * 1024 * 1024;
  char *xml = g_malloc (size + 64);
  g_autoptr(GError) error = NULL;
  gsize len;

  len = g_snprintf (xml, 64, "<message><body>");
  memset (xml + len, 'z', size);
  len += size;
  feed_ok (f, HEADER);
  g_assert_false (sleek_xml_reader_feed (f->reader, xml, len, &error));
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
  g_free (xml);
}

static void
test_limit_huge_start_tag (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (HEADER "<message to='");
  g_autoptr(GError) error = NULL;

  sleek_xml_reader_set_limits (f->reader, 8192, 64, 64);
  for (int i = 0; i < 2000; i++)
    g_string_append (xml, "aaaaaaaaaa");
  g_assert_false (sleek_xml_reader_feed (f->reader, xml->str, xml->len, &error));
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_whitespace_keepalives (Fixture *f, gconstpointer data)
{
  feed_ok (f, HEADER);
  sleek_xml_reader_set_limits (f->reader, 4096, 64, 64);
  /* Far more whitespace than a stanza may hold, between stanzas: fine. */
  for (int i = 0; i < 1000; i++)
    feed_ok (f, "          \n");
  feed_ok (f, "<presence/>");
  g_assert_cmpuint (f->stanzas->len, ==, 1);
}

static void
test_recycle_distinct_names (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  SleekNode *last;

  sleek_xml_reader_set_recycle_threshold (f->reader, 200);
  feed_ok (f, HEADER);
  /* Thousands of distinct element and attribute names and namespaces, fed
   * in odd-sized chunks so recycles happen in the middle of a chunk. */
  for (int i = 0; i < 3000; i++)
    g_string_append_printf (xml, "<message id='%d'><x%d xmlns='urn:ns:%d' a%d='v'>t%d</x%d></message>",
                            i, i, i, i, i, i);
  for (gsize off = 0; off < xml->len; off += 777)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sleek_xml_reader_feed (f->reader, xml->str + off, MIN (777, xml->len - off), &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (f->stanzas->len, ==, 3000);
  g_assert_cmpuint (sleek_xml_reader_get_n_recycles (f->reader), >, 10);
  for (guint i = 0; i < f->stanzas->len; i += 499)
    {
      SleekNode *stanza = g_ptr_array_index (f->stanzas, i);
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *name = g_strdup_printf ("x%u", i);
      g_autofree char *ns = g_strdup_printf ("urn:ns:%u", i);

      g_assert_cmpstr (sleek_node_get_attribute (stanza, "id"), ==, id);
      g_assert_cmpstr (sleek_node_get_namespace (stanza), ==, "jabber:client");
      g_assert_nonnull (sleek_node_get_child (stanza, name, ns));
    }
  last = g_ptr_array_index (f->stanzas, 2999);
  g_assert_cmpstr (sleek_node_get_attribute (last, "id"), ==, "2999");
  /* The header's prefix still resolves after recycling. */
  feed_ok (f, "</stream:stream>");
  g_assert_cmpuint (f->ends, ==, 1);
}

/* Recycling with the input in tiny pieces: the stanza boundary a recycle
 * starts from is often in an earlier piece than the one being parsed, so
 * what follows it is replayed from the reader's own copy. */
static void
test_recycle_small_pieces (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  gsize off = 0;

  sleek_xml_reader_set_recycle_threshold (f->reader, 40);
  feed_ok (f, HEADER);
  for (int i = 0; i < 400; i++)
    g_string_append_printf (xml, "<message id='%d'><b%d xmlns='urn:n:%d'>t%d</b%d></message>  ", i, i, i, i, i);
  for (guint step = 0; off < xml->len; step++)
    {
      gsize len = MIN (1 + step % 17, xml->len - off);
      g_autoptr(GError) error = NULL;

      g_assert_true (sleek_xml_reader_feed (f->reader, xml->str + off, len, &error));
      g_assert_no_error (error);
      off += len;
    }
  g_assert_cmpuint (f->stanzas->len, ==, 400);
  g_assert_cmpuint (sleek_xml_reader_get_n_recycles (f->reader), >, 10);
  for (guint i = 0; i < f->stanzas->len; i++)
    {
      SleekNode *stanza = g_ptr_array_index (f->stanzas, i);
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *name = g_strdup_printf ("b%u", i);
      g_autofree char *ns = g_strdup_printf ("urn:n:%u", i);
      g_autofree char *text = g_strdup_printf ("t%u", i);
      SleekNode *child;

      g_assert_cmpstr (sleek_node_get_attribute (stanza, "id"), ==, id);
      child = sleek_node_get_child (stanza, name, ns);
      g_assert_nonnull (child);
      g_assert_cmpstr (sleek_node_get_text (child), ==, text);
    }
}

/* Common payload namespaces and others next to them, before and after the
 * parser's dictionary is replaced: each node keeps its own namespace. */
static void
test_common_namespaces (Fixture *f, gconstpointer data)
{
  static const char *const namespaces[] = {
    "urn:xmpp:receipts", "urn:xmpp:receipts2", "urn:xmpp:delay", "urn:xmpp:dela",
    "jabber:client", "urn:other", "urn:xmpp:sid:0", "http://jabber.org/protocol/chatstates",
    "urn:xmpp:ping", "urn:xmpp:hints",
  };

  sleek_xml_reader_set_recycle_threshold (f->reader, 30);
  feed_ok (f, HEADER);
  for (int i = 0; i < 200; i++)
    {
      const char *ns = namespaces[i % G_N_ELEMENTS (namespaces)];
      g_autofree char *xml = g_strdup_printf ("<message><n%d xmlns='%s'><c/></n%d><body>x</body></message>",
                                              i, ns, i);

      feed_ok (f, xml);
    }
  g_assert_cmpuint (f->stanzas->len, ==, 200);
  g_assert_cmpuint (sleek_xml_reader_get_n_recycles (f->reader), >, 0);
  for (guint i = 0; i < f->stanzas->len; i++)
    {
      SleekNode *stanza = g_ptr_array_index (f->stanzas, i);
      const char *ns = namespaces[i % G_N_ELEMENTS (namespaces)];
      g_autofree char *name = g_strdup_printf ("n%u", i);
      SleekNode *child = sleek_node_get_child (stanza, name, ns);

      g_assert_cmpstr (sleek_node_get_namespace (stanza), ==, "jabber:client");
      g_assert_nonnull (child);
      g_assert_cmpstr (sleek_node_get_namespace (child), ==, ns);
      g_assert_nonnull (sleek_node_get_child (child, "c", ns));
      g_assert_nonnull (sleek_node_get_child (stanza, "body", "jabber:client"));
    }
}

static void
test_recycle_then_error (Fixture *f, gconstpointer data)
{
  sleek_xml_reader_set_recycle_threshold (f->reader, 50);
  feed_ok (f, HEADER);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *xml = g_strdup_printf ("<m%d/>", i);
      feed_ok (f, xml);
    }
  g_assert_cmpuint (sleek_xml_reader_get_n_recycles (f->reader), >, 0);
  feed_fails (f, "<a><!-- --></a>", SLEEK_STREAM_ERROR_RESTRICTED_XML);
}

/* An "&" in a namespace name, however it is escaped, is an "&" in the
 * node, also in the stream's default namespace after recycling (libxml2
 * reports it as "&#38;"; found by tests/fuzz/fuzz-xml-stream.c). */
static void
test_namespace_with_ampersand (Fixture *f, gconstpointer data)
{
  SleekNode *stanza;
  SleekNode *child;
  g_autofree char *xml = NULL;

  sleek_xml_reader_set_recycle_threshold (f->reader, 20);
  feed_ok (f, "<stream:stream xmlns='urn:a&amp;b' xmlns:stream='http://etherx.jabber.org/streams'>");
  feed_ok (f, "<message><x xmlns='urn:c&#38;d' xmlns:p='urn:e&amp;f' p:attr='&amp;'/></message>");
  g_assert_cmpuint (f->stanzas->len, ==, 1);
  stanza = g_ptr_array_index (f->stanzas, 0);
  g_assert_cmpstr (sleek_node_get_namespace (stanza), ==, "urn:a&b");
  child = sleek_node_get_child (stanza, "x", "urn:c&d");
  g_assert_nonnull (child);
  g_assert_cmpstr (sleek_node_get_attribute_ns (child, "attr", "urn:e&f"), ==, "&");
  xml = sleek_node_to_string (stanza);
  g_assert_cmpstr (xml, ==, "<message xmlns='urn:a&amp;b'><x xmlns='urn:c&amp;d' xmlns:ns0='urn:e&amp;f' "
                            "ns0:attr='&amp;'/></message>");

  /* Enough distinct names to replace the parser context. */
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *name = g_strdup_printf ("<m%d/>", i);

      feed_ok (f, name);
    }
  g_assert_cmpuint (sleek_xml_reader_get_n_recycles (f->reader), >, 0);
  feed_ok (f, "<presence/>");
  stanza = g_ptr_array_index (f->stanzas, f->stanzas->len - 1);
  g_assert_cmpstr (sleek_node_get_name (stanza), ==, "presence");
  g_assert_cmpstr (sleek_node_get_namespace (stanza), ==, "urn:a&b");
}

static void
test_stream_closes_with_open_stanza (Fixture *f, gconstpointer data)
{
  feed_fails (f, HEADER "<message></stream:stream>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED);
}

static void
test_text_at_stream_level_ignored (Fixture *f, gconstpointer data)
{
  feed_ok (f, HEADER "junk<presence/>more");
  g_assert_cmpuint (f->stanzas->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/xml-reader/events", test_events);
  ADD ("/xml-reader/byte-by-byte", test_byte_by_byte);
  ADD ("/xml-reader/complete-only", test_stanza_only_when_complete);
  ADD ("/xml-reader/stop", test_stop);
  ADD ("/xml-reader/reset", test_reset);
  ADD ("/xml-reader/reset-after-error", test_reset_after_error);
  ADD ("/xml-reader/limit/depth", test_limit_depth);
  ADD ("/xml-reader/limit/depth-100000", test_limit_depth_100000);
  ADD ("/xml-reader/limit/attributes", test_limit_attributes);
  ADD ("/xml-reader/limit/namespace-declarations", test_limit_namespace_declarations);
  ADD ("/xml-reader/limit/stanza-size", test_limit_stanza_size);
  ADD ("/xml-reader/limit/10mb-stanza", test_limit_10mb_stanza);
  ADD ("/xml-reader/limit/huge-start-tag", test_limit_huge_start_tag);
  ADD ("/xml-reader/whitespace-keepalives", test_whitespace_keepalives);
  ADD ("/xml-reader/recycle/distinct-names", test_recycle_distinct_names);
  ADD ("/xml-reader/recycle/small-pieces", test_recycle_small_pieces);
  ADD ("/xml-reader/common-namespaces", test_common_namespaces);
  ADD ("/xml-reader/recycle/then-error", test_recycle_then_error);
  ADD ("/xml-reader/namespace-with-ampersand", test_namespace_with_ampersand);
  ADD ("/xml-reader/close-with-open-stanza", test_stream_closes_with_open_stanza);
  ADD ("/xml-reader/text-at-stream-level", test_text_at_stream_level_ignored);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *path = g_strdup_printf ("/xml-reader/hostile/%s", hostile[i].name);
      g_autofree char *chunked = g_strdup_printf ("/xml-reader/hostile-chunked/%s", hostile[i].name);

      g_test_add (path, Fixture, &hostile[i], fixture_setup, test_hostile, fixture_teardown);
      g_test_add (chunked, Fixture, &hostile[i], fixture_setup, test_hostile_chunked, fixture_teardown);
    }
  return g_test_run ();
}
