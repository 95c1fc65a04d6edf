/* test-node.c: SleekNode building, querying, serialising and parsing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

static SleekNode *
parse_ok (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekNode *node = sleek_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_xml (SleekNode *node, const char *expected)
{
  g_autofree char *xml = sleek_node_to_string (node);

  g_assert_cmpstr (xml, ==, expected);
}

static void
test_new (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("message", "jabber:client");

  g_assert_cmpstr (sleek_node_get_name (node), ==, "message");
  g_assert_cmpstr (sleek_node_get_namespace (node), ==, "jabber:client");
  g_assert_null (sleek_node_get_text (node));
  g_assert_cmpuint (sleek_node_get_n_children (node), ==, 0);
  g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 0);
  g_assert_true (sleek_node_is (node, "message", "jabber:client"));
  g_assert_true (sleek_node_is (node, "message", NULL));
  g_assert_false (sleek_node_is (node, "message", "jabber:server"));
  g_assert_false (sleek_node_is (node, "iq", NULL));
  assert_xml (node, "<message xmlns='jabber:client'/>");
}

static void
test_no_namespace (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("a", NULL);
  g_autoptr(SleekNode) empty = sleek_node_new ("b", "");

  g_assert_null (sleek_node_get_namespace (node));
  g_assert_null (sleek_node_get_namespace (empty));
  assert_xml (node, "<a/>");
  sleek_node_add_child_new (node, "c", "urn:c");
  sleek_node_add_child_new (sleek_node_get_child (node, "c", NULL), "d", "");
  /* A child in no namespace inside a default namespace undeclares it. */
  g_assert_null (sleek_node_get_namespace (sleek_node_find (node, "{urn:c}c/{}d")));
}

static void
test_attributes (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("message", "jabber:client");
  g_auto(GStrv) names = NULL;

  sleek_node_set_attribute (node, "to", "juliet@example.com");
  sleek_node_set_attribute (node, "id", "1");
  g_assert_cmpstr (sleek_node_get_attribute (node, "to"), ==, "juliet@example.com");
  g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 2);
  sleek_node_set_attribute (node, "to", "romeo@example.net");
  g_assert_cmpstr (sleek_node_get_attribute (node, "to"), ==, "romeo@example.net");
  g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 2);
  sleek_node_set_attribute (node, "to", NULL);
  g_assert_null (sleek_node_get_attribute (node, "to"));
  g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 1);
  sleek_node_set_attribute (node, "missing", NULL);
  g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 1);
  sleek_node_set_attribute_ns (node, "x", "urn:attr", "1");
  sleek_node_set_lang (node, "en");
  names = sleek_node_dup_attribute_names (node);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "id");
  g_assert_cmpstr (names[1], ==, "{urn:attr}x");
  g_assert_cmpstr (names[2], ==, "xml:lang");
  g_assert_null (sleek_node_get_attribute (node, "x"));
  g_assert_cmpstr (sleek_node_get_attribute_ns (node, "x", "urn:attr"), ==, "1");
}

/* Every way an attribute changes, on a node built by hand and on a
 * parsed one, whose attributes start out in one block. */
static void
test_attribute_changes (void)
{
  g_autoptr(SleekNode) built = sleek_node_new ("a", NULL);
  g_autoptr(SleekNode) parsed = parse_ok ("<a xmlns:p='urn:p' one='1' p:two='2' xml:lang='en' three=''/>");
  SleekNode *nodes[] = { built, parsed };

  sleek_node_set_attribute (built, "one", "1");
  sleek_node_set_attribute_ns (built, "two", "urn:p", "2");
  sleek_node_set_lang (built, "en");
  sleek_node_set_attribute (built, "three", "");
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      SleekNode *node = nodes[i];

      assert_xml (node, "<a one='1' xmlns:ns0='urn:p' ns0:two='2' xml:lang='en' three=''/>");
      /* The same value again, then new values, longer and shorter. */
      sleek_node_set_attribute (node, "one", "1");
      sleek_node_set_attribute_ns (node, "two", "urn:p", "a longer value");
      sleek_node_set_attribute (node, "xml:lang", "de");
      sleek_node_set_attribute (node, "three", "3");
      assert_xml (node, "<a one='1' xmlns:ns0='urn:p' ns0:two='a longer value' xml:lang='de' three='3'/>");
      g_assert_cmpstr (sleek_node_get_attribute_ns (node, "two", "urn:p"), ==, "a longer value");
      g_assert_cmpstr (sleek_node_get_lang (node), ==, "de");
      sleek_node_set_attribute_ns (node, "two", "urn:p", "");
      g_assert_cmpstr (sleek_node_get_attribute_ns (node, "two", "urn:p"), ==, "");
      /* Removed from the middle, the end and the start. */
      sleek_node_set_attribute_ns (node, "two", "urn:p", NULL);
      sleek_node_set_attribute (node, "three", NULL);
      sleek_node_set_attribute (node, "one", NULL);
      assert_xml (node, "<a xml:lang='de'/>");
      g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 1);
      /* Added again after removals, past the first allocation. */
      for (int n = 0; n < 9; n++)
        {
          g_autofree char *name = g_strdup_printf ("n%d", n);

          sleek_node_set_attribute (node, name, name);
        }
      g_assert_cmpuint (sleek_node_get_n_attributes (node), ==, 10);
      g_assert_cmpstr (sleek_node_get_attribute (node, "n8"), ==, "n8");
      g_assert_cmpstr (sleek_node_get_lang (node), ==, "de");
    }
  g_assert_true (sleek_node_equal (built, parsed));
}

/* Values are checked as UTF-8 whether they start with ASCII or not. */
static void
test_attribute_utf8 (void)
{
  static const char *valid[] = { "", "ascii", "caf\xc3\xa9", "\xc3\xa9t\xc3\xa9", "a\xf0\x9f\x8e\x89" };
  static const char *invalid[] = { "\xff", "abc\xff", "abc\xc3", "abc\xc3(", "\xc3\xa9\xff" };
  g_autoptr(SleekNode) node = sleek_node_new ("a", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      sleek_node_set_attribute (node, "v", valid[i]);
      g_assert_cmpstr (sleek_node_get_attribute (node, "v"), ==, valid[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      sleek_node_set_attribute (node, "v", "kept");
      g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*utf8_validate*");
      sleek_node_set_attribute (node, "v", invalid[i]);
      g_test_assert_expected_messages ();
      g_assert_cmpstr (sleek_node_get_attribute (node, "v"), ==, "kept");
    }
}

static void
test_lang (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<body xml:lang='de'>Hallo</body>");

  g_assert_cmpstr (sleek_node_get_lang (node), ==, "de");
  g_assert_cmpstr (sleek_node_get_attribute (node, "xml:lang"), ==, "de");
  g_assert_cmpstr (sleek_node_get_attribute_ns (node, "lang", "http://www.w3.org/XML/1998/namespace"), ==, "de");
  sleek_node_set_attribute (node, "xml:lang", "fr");
  g_assert_cmpstr (sleek_node_get_lang (node), ==, "fr");
  assert_xml (node, "<body xml:lang='fr'>Hallo</body>");
  sleek_node_set_lang (node, NULL);
  g_assert_null (sleek_node_get_lang (node));
}

static void
test_text_and_tail (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<p xmlns='urn:x'>one<b>two</b>three<i/>four</p>");
  SleekNode *b = sleek_node_get_child (node, "b", NULL);
  SleekNode *i = sleek_node_get_child (node, "i", NULL);

  g_assert_cmpstr (sleek_node_get_text (node), ==, "one");
  g_assert_cmpstr (sleek_node_get_text (b), ==, "two");
  g_assert_cmpstr (sleek_node_get_tail (b), ==, "three");
  g_assert_null (sleek_node_get_text (i));
  g_assert_cmpstr (sleek_node_get_tail (i), ==, "four");
  assert_xml (node, "<p xmlns='urn:x'>one<b>two</b>three<i/>four</p>");
  sleek_node_set_tail (b, NULL);
  sleek_node_append_text (node, " and five", -1);
  assert_xml (node, "<p xmlns='urn:x'>one<b>two</b><i/>four and five</p>");
  sleek_node_set_text (node, "");
  g_assert_null (sleek_node_get_text (node));
}

static void
test_children (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("query", "jabber:iq:roster");
  g_autoptr(SleekNode) item = sleek_node_new ("item", "jabber:iq:roster");
  g_autoptr(GPtrArray) children = NULL;
  SleekNode *first;

  first = sleek_node_add_child_new (node, "item", NULL);
  g_assert_cmpstr (sleek_node_get_namespace (first), ==, "jabber:iq:roster");
  sleek_node_set_attribute (first, "jid", "a@example.com");
  sleek_node_add_child (node, item);
  sleek_node_set_attribute (item, "jid", "c@example.com");
  {
    g_autoptr(SleekNode) middle = sleek_node_new ("item", "jabber:iq:roster");

    sleek_node_set_attribute (middle, "jid", "b@example.com");
    sleek_node_insert_child (node, 1, middle);
  }
  g_assert_cmpuint (sleek_node_get_n_children (node), ==, 3);
  g_assert_true (sleek_node_get_first_child (node) == first);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_nth_child (node, 1), "jid"), ==, "b@example.com");
  g_assert_true (sleek_node_get_nth_child (node, 2) == item);
  g_assert_null (sleek_node_get_nth_child (node, 3));
  children = sleek_node_get_children (node);
  g_assert_cmpuint (children->len, ==, 3);
  g_assert_true (g_ptr_array_index (children, 2) == item);

  g_assert_true (sleek_node_remove_child (node, item));
  g_assert_false (sleek_node_remove_child (node, item));
  g_assert_cmpuint (sleek_node_get_n_children (node), ==, 2);
  sleek_node_insert_child (node, 99, item);
  g_assert_true (sleek_node_get_nth_child (node, 2) == item);
  g_assert_cmpuint (sleek_node_remove_children (node, "item", "jabber:iq:roster"), ==, 3);
  g_assert_cmpuint (sleek_node_get_n_children (node), ==, 0);
}

static void
test_get_child (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<message xmlns='jabber:client'><body>hi</body>"
                                        "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/>"
                                        "<body xmlns='urn:other'>no</body></message>");

  g_assert_cmpstr (sleek_node_get_child_text (node, "body", "jabber:client"), ==, "hi");
  g_assert_cmpstr (sleek_node_get_child_text (node, "body", "urn:other"), ==, "no");
  g_assert_cmpstr (sleek_node_get_child_text (node, "body", NULL), ==, "hi");
  g_assert_cmpstr (sleek_node_get_child_text (node, "delay", NULL), ==, "");
  g_assert_null (sleek_node_get_child_text (node, "subject", NULL));
  g_assert_nonnull (sleek_node_get_child (node, "delay", "urn:xmpp:delay"));
  g_assert_null (sleek_node_get_child (node, "delay", "jabber:client"));
}

static void
test_set_child_text (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("message", "jabber:client");

  sleek_node_set_child_text (node, "body", NULL, "hello");
  assert_xml (node, "<message xmlns='jabber:client'><body>hello</body></message>");
  sleek_node_set_child_text (node, "body", NULL, "again");
  assert_xml (node, "<message xmlns='jabber:client'><body>again</body></message>");
  sleek_node_set_child_text (node, "nick", "http://jabber.org/protocol/nick", "Romeo");
  assert_xml (node, "<message xmlns='jabber:client'><body>again</body>"
                    "<nick xmlns='http://jabber.org/protocol/nick'>Romeo</nick></message>");
  sleek_node_set_child_text (node, "body", NULL, NULL);
  assert_xml (node, "<message xmlns='jabber:client'><nick xmlns='http://jabber.org/protocol/nick'>Romeo</nick></message>");
}

static void
test_find (void)
{
  g_autoptr(SleekNode) node = parse_ok (
    "<iq xmlns='jabber:client' type='result'>"
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<identity category='client' type='pc'/>"
    "<feature var='a'/><feature var='b'/>"
    "<x xmlns='jabber:x:data'><field var='FORM_TYPE'><value>v</value></field></x>"
    "</query></iq>");
  g_autoptr(GPtrArray) features = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) any = NULL;
  SleekNode *found;

  found = sleek_node_find (node, "{http://jabber.org/protocol/disco#info}query/identity");
  g_assert_nonnull (found);
  g_assert_cmpstr (sleek_node_get_attribute (found, "category"), ==, "client");
  features = sleek_node_find_all (node, "{http://jabber.org/protocol/disco#info}query/feature");
  g_assert_cmpuint (features->len, ==, 2);
  g_assert_cmpstr (sleek_node_get_attribute (g_ptr_array_index (features, 1), "var"), ==, "b");
  found = sleek_node_find (node, "{http://jabber.org/protocol/disco#info}query/{jabber:x:data}x/field/value");
  g_assert_nonnull (found);
  g_assert_cmpstr (sleek_node_get_text (found), ==, "v");
  /* The first step inherits the namespace of the node: query is not in jabber:client. */
  g_assert_null (sleek_node_find (node, "query"));
  g_assert_nonnull (sleek_node_find (node, "{*}query"));
  any = sleek_node_find_all (node, "{http://jabber.org/protocol/disco#info}query/*");
  g_assert_cmpuint (any->len, ==, 3);
  none = sleek_node_find_all (node, "{urn:nothing}query");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (sleek_node_find (node, "{unterminated"));
  g_assert_null (sleek_node_find (node, "a//b"));
  g_assert_null (sleek_node_find (node, ""));
}

static void
test_escaping (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("body", "jabber:client");
  g_autoptr(SleekNode) parsed = NULL;
  g_autofree char *xml = NULL;

  sleek_node_set_text (node, "a < b && c > d \"q\" 'a'");
  sleek_node_set_attribute (node, "x", "<'\"&>\t\n");
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, "<body xmlns='jabber:client' x='&lt;&apos;&quot;&amp;&gt;&#9;&#10;'>"
                            "a &lt; b &amp;&amp; c &gt; d \"q\" 'a'</body>");
  parsed = parse_ok (xml);
  g_assert_cmpstr (sleek_node_get_text (parsed), ==, "a < b && c > d \"q\" 'a'");
  g_assert_cmpstr (sleek_node_get_attribute (parsed, "x"), ==, "<'\"&>\t\n");
  g_assert_true (sleek_node_equal (node, parsed));
}

/* A carriage return survives a round trip, in text and in attributes; a
 * raw one would come back as a line feed (found by
 * tests/fuzz/fuzz-stanza.c). */
static void
test_carriage_return (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("body", "jabber:client");
  g_autoptr(SleekNode) parsed = NULL;
  g_autofree char *xml = NULL;

  sleek_node_set_text (node, "line\r\nnext\r");
  sleek_node_set_attribute (node, "x", "a\rb");
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, "<body xmlns='jabber:client' x='a&#13;b'>line&#13;\nnext&#13;</body>");
  parsed = parse_ok (xml);
  g_assert_cmpstr (sleek_node_get_text (parsed), ==, "line\r\nnext\r");
  g_assert_cmpstr (sleek_node_get_attribute (parsed, "x"), ==, "a\rb");
  g_assert_true (sleek_node_equal (node, parsed));
}

static void
test_invalid_chars_dropped (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("body", NULL);
  g_autoptr(SleekNode) parsed = NULL;
  g_autofree char *xml = NULL;

  sleek_node_set_text (node, "a\001b\x1f" "c\xef\xbf\xbe" "d");
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, "<body>abcd</body>");
  parsed = parse_ok (xml);
  g_assert_cmpstr (sleek_node_get_text (parsed), ==, "abcd");
}

/* Serialises @text as the text and as an attribute of an element. */
static char *
escaped_text (const char *text)
{
  g_autoptr(SleekNode) node = sleek_node_new ("b", NULL);

  sleek_node_set_text (node, text);
  return sleek_node_to_string (node);
}

static char *
escaped_attribute (const char *value)
{
  g_autoptr(SleekNode) node = sleek_node_new ("b", NULL);

  sleek_node_set_attribute (node, "v", value);
  return sleek_node_to_string (node);
}

static void
test_escaping_runs (void)
{
  static const struct {
    const char *in;
    const char *text;       /* between <b> and </b> */
    const char *attribute;  /* between v=' and ' */
  } cases[] = {
    { "&x", "&amp;x", "&amp;x" },
    { "x<", "x&lt;", "x&lt;" },
    { "<>&", "&lt;&gt;&amp;", "&lt;&gt;&amp;" },
    { "a<<b>>c", "a&lt;&lt;b&gt;&gt;c", "a&lt;&lt;b&gt;&gt;c" },
    { "'\"", "'\"", "&apos;&quot;" },
    { "\"a'", "\"a'", "&quot;a&apos;" },
    /* A carriage return is a reference in text too: a parser would read
     * a raw one back as a line feed. */
    { "\t\r\n", "\t&#13;\n", "&#9;&#13;&#10;" },
    { "a\r\nb", "a&#13;\nb", "a&#13;&#10;b" },
    { "\001a", "a", "a" },
    { "a\x1f", "a", "a" },
    { "\001\002<\003", "&lt;", "&lt;" },
    /* U+FFFE and U+FFFF are left out, other characters starting with
     * 0xEF stay: U+FF01, U+FFFD, U+F8FF. */
    { "\xef\xbf\xbe", "", "" },
    { "\xef\xbf\xbfx\xef\xbf\xbe", "x", "x" },
    { "\xef\xbc\x81\xef\xbf\xbd\xef\xa3\xbf", "\xef\xbc\x81\xef\xbf\xbd\xef\xa3\xbf",
      "\xef\xbc\x81\xef\xbf\xbd\xef\xa3\xbf" },
    { "&\xef\xbf\xbe&", "&amp;&amp;", "&amp;&amp;" },
    { "\xef\xbf\xbd<", "\xef\xbf\xbd&lt;", "\xef\xbf\xbd&lt;" },
    { "\xd0\x9f\xf0\x9f\x8e\x89>", "\xd0\x9f\xf0\x9f\x8e\x89&gt;", "\xd0\x9f\xf0\x9f\x8e\x89&gt;" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = escaped_text (cases[i].in);
      g_autofree char *attribute = escaped_attribute (cases[i].in);
      g_autofree char *want_text = g_strdup_printf ("<b>%s</b>", cases[i].text);
      g_autofree char *want_attribute = g_strdup_printf ("<b v='%s'/>", cases[i].attribute);

      g_assert_cmpstr (text, ==, want_text);
      g_assert_cmpstr (attribute, ==, want_attribute);
    }
}

/* A text far longer than the output's first allocation, with runs of
 * every length between the characters to escape, against an escaper
 * that goes one character at a time. */
static void
test_escaping_long (void)
{
  static const char *pieces[] = { "<", "&", ">", "\"", "'", "\n", "\xc3\xa9", "\xe4\xbd\xa0" };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new ("<b>");
  g_autoptr(SleekNode) node = sleek_node_new ("b", NULL);
  g_autoptr(SleekNode) tail_owner = sleek_node_new ("a", NULL);
  g_autoptr(SleekNode) parsed = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *with_tail = NULL;
  g_autofree char *want_tail = NULL;

  for (guint i = 0; i < 3000; i++)
    {
      const char *piece = pieces[i % G_N_ELEMENTS (pieces)];

      for (guint j = 0; j < i % 13; j++)
        g_string_append_c (text, 'a' + j);
      g_string_append (text, piece);
    }
  for (const char *p = text->str; *p != '\0'; p++)
    {
      if (*p == '<')
        g_string_append (want, "&lt;");
      else if (*p == '>')
        g_string_append (want, "&gt;");
      else if (*p == '&')
        g_string_append (want, "&amp;");
      else
        g_string_append_c (want, *p);
    }
  g_string_append (want, "</b>");

  sleek_node_set_text (node, text->str);
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, want->str);
  parsed = parse_ok (xml);
  g_assert_cmpstr (sleek_node_get_text (parsed), ==, text->str);

  /* The same through a tail. */
  sleek_node_add_child_new (tail_owner, "c", NULL);
  sleek_node_set_tail (sleek_node_get_first_child (tail_owner), text->str);
  with_tail = sleek_node_to_string (tail_owner);
  want_tail = g_strdup_printf ("<a><c/>%.*s</a>", (int) (want->len - strlen ("<b></b>")), want->str + 3);
  g_assert_cmpstr (with_tail, ==, want_tail);
}

static void
test_unicode_round_trip (void)
{
  const char *text = "Grüße, Привет, 你好, 🎉 &amp; more";
  g_autoptr(SleekNode) node = sleek_node_new ("body", "jabber:client");
  g_autoptr(SleekNode) parsed = NULL;
  g_autofree char *xml = NULL;

  sleek_node_set_text (node, text);
  xml = sleek_node_to_string (node);
  parsed = parse_ok (xml);
  g_assert_cmpstr (sleek_node_get_text (parsed), ==, text);
}

static void
test_namespace_scoping (void)
{
  g_autoptr(SleekNode) message = sleek_node_new ("message", "jabber:client");
  g_autofree char *in_stream = NULL;
  g_autofree char *alone = NULL;
  SleekNode *delay;

  sleek_node_set_child_text (message, "body", NULL, "hi");
  delay = sleek_node_add_child_new (message, "delay", "urn:xmpp:delay");
  sleek_node_add_child_new (delay, "x", NULL);
  in_stream = sleek_node_to_string_in_namespace (message, "jabber:client");
  g_assert_cmpstr (in_stream, ==, "<message><body>hi</body><delay xmlns='urn:xmpp:delay'><x/></delay></message>");
  alone = sleek_node_to_string (message);
  g_assert_cmpstr (alone, ==, "<message xmlns='jabber:client'><body>hi</body><delay xmlns='urn:xmpp:delay'><x/></delay></message>");
}

static void
test_namespace_undeclare (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("a", "urn:a");
  g_autoptr(SleekNode) parsed = NULL;
  g_autofree char *xml = NULL;

  sleek_node_add_child_new (node, "b", "");
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, "<a xmlns='urn:a'><b xmlns=''/></a>");
  parsed = parse_ok (xml);
  g_assert_null (sleek_node_get_namespace (sleek_node_get_first_child (parsed)));
}

static void
test_attribute_namespaces (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<a xmlns='urn:a' xmlns:p='urn:p' xmlns:q='urn:q' p:one='1' q:two='2' p:three='3'/>");
  g_autoptr(SleekNode) again = NULL;
  g_autofree char *xml = NULL;

  g_assert_cmpstr (sleek_node_get_attribute_ns (node, "one", "urn:p"), ==, "1");
  g_assert_cmpstr (sleek_node_get_attribute_ns (node, "two", "urn:q"), ==, "2");
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, "<a xmlns='urn:a' xmlns:ns0='urn:p' ns0:one='1' xmlns:ns1='urn:q' ns1:two='2' ns0:three='3'/>");
  again = parse_ok (xml);
  g_assert_true (sleek_node_equal (node, again));
}

static void
test_prefixed_elements (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<s:x xmlns:s='urn:s'><s:y/><z xmlns='urn:z'/></s:x>");

  g_assert_cmpstr (sleek_node_get_name (node), ==, "x");
  g_assert_cmpstr (sleek_node_get_namespace (node), ==, "urn:s");
  g_assert_cmpstr (sleek_node_get_namespace (sleek_node_get_nth_child (node, 0)), ==, "urn:s");
  assert_xml (node, "<x xmlns='urn:s'><y/><z xmlns='urn:z'/></x>");
}

static void
test_copy (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<message xmlns='jabber:client' to='a@b'><body>hi</body>tail<x xmlns='urn:x' a='1'/></message>");
  g_autoptr(SleekNode) copy = sleek_node_copy (node);

  g_assert_true (sleek_node_equal (node, copy));
  g_assert_true (sleek_node_get_first_child (node) != sleek_node_get_first_child (copy));
  sleek_node_set_child_text (copy, "body", NULL, "changed");
  sleek_node_set_attribute (copy, "to", "c@d");
  g_assert_cmpstr (sleek_node_get_child_text (node, "body", NULL), ==, "hi");
  g_assert_cmpstr (sleek_node_get_attribute (node, "to"), ==, "a@b");
  g_assert_false (sleek_node_equal (node, copy));
}

static void
test_shared_child (void)
{
  g_autoptr(SleekNode) a = sleek_node_new ("a", NULL);
  g_autoptr(SleekNode) b = sleek_node_new ("b", NULL);
  SleekNode *shared = sleek_node_add_child_new (a, "shared", NULL);

  sleek_node_add_child (b, shared);
  sleek_node_set_text (shared, "seen twice");
  g_assert_cmpstr (sleek_node_get_child_text (b, "shared", NULL), ==, "seen twice");
  sleek_node_remove_child (a, shared);
  g_assert_cmpstr (sleek_node_get_child_text (b, "shared", NULL), ==, "seen twice");
}

static void
test_equal (void)
{
  g_autoptr(SleekNode) a = parse_ok ("<m xmlns='jabber:client' a='1' b='2'>\n  <body> hi </body>\n</m>");
  g_autoptr(SleekNode) b = parse_ok ("<m b='2' a='1' xmlns='jabber:client'><body>hi</body></m>");
  g_autoptr(SleekNode) c = parse_ok ("<m b='2' a='1' xmlns='jabber:client'><body>ho</body></m>");
  g_autoptr(SleekNode) d = parse_ok ("<m b='2' a='1' xmlns='jabber:server'><body>hi</body></m>");
  g_autoptr(SleekNode) e = parse_ok ("<m b='2' a='3' xmlns='jabber:client'><body>hi</body></m>");
  g_autoptr(SleekNode) f = parse_ok ("<m b='2' a='1' xmlns='jabber:client'><body>hi</body><x/></m>");
  g_autoptr(SleekNode) g = parse_ok ("<m b='2' xmlns='jabber:client'><body>hi</body></m>");

  g_assert_true (sleek_node_equal (a, b));
  g_assert_true (sleek_node_equal (b, a));
  g_assert_false (sleek_node_equal (a, c));
  g_assert_false (sleek_node_equal (a, d));
  g_assert_false (sleek_node_equal (a, e));
  g_assert_false (sleek_node_equal (a, f));
  g_assert_false (sleek_node_equal (a, g));
}

static void
test_parse_entities_and_cdata (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<b a='&amp;&lt;&gt;&apos;&quot;&#65;&#x42;'>&amp;&lt;&gt;&apos;&quot;&#x263A;<![CDATA[<raw&>]]></b>");

  g_assert_cmpstr (sleek_node_get_attribute (node, "a"), ==, "&<>'\"AB");
  g_assert_cmpstr (sleek_node_get_text (node), ==, "&<>'\"\xe2\x98\xba<raw&>");
}

static void
test_parse_xml_declaration (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<?xml version='1.0' encoding='UTF-8'?><a/>");

  g_assert_cmpstr (sleek_node_get_name (node), ==, "a");
}

static void
test_parse_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_node_parse ("<a/><b/>", 4, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (node), ==, "a");
}

typedef struct {
  const char *xml;
  SleekStreamError code;
} BadInput;

static const BadInput bad_inputs[] = {
  { "", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a></b>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a/><b/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "text", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a b='1' b='2'/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<p:a/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a>\xff\xfe</a>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a>\xc3\x28</a>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<a>&#0;</a>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "<!DOCTYPE a><a/>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<a>&unknown;</a>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<a b='&unknown;'/>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<a><!-- c --></a>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<!-- c --><a/>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<a><?pi data?></a>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "<?xml-stylesheet href='x'?><a/>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
};

static void
test_parse_bad (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_node_parse (bad->xml, -1, &error);

  g_assert_null (node);
  g_assert_error (error, SLEEK_STREAM_ERROR, (gint) bad->code);
}

static void
test_parse_deep (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = NULL;

  for (int i = 0; i < 1000; i++)
    g_string_append (xml, "<a>");
  node = sleek_node_parse (xml->str, xml->len, &error);
  g_assert_null (node);
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_boxed (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("a", NULL);
  GValue value = G_VALUE_INIT;
  SleekNode *copy;

  g_value_init (&value, SLEEK_TYPE_NODE);
  g_value_set_boxed (&value, node);
  copy = g_value_dup_boxed (&value);
  g_assert_true (copy == node);
  sleek_node_unref (copy);
  g_value_unset (&value);
}

/* Parsed nodes live in one arena per element tree; every way of changing
 * or sharing them must keep working after the rest of the tree is gone. */

static void
test_parsed_edit_everything (void)
{
  g_autoptr(SleekNode) node = parse_ok ("<m xmlns='jabber:client' a='1' b='x&amp;y'>text<c d='e'>inner</c>tail</m>");
  SleekNode *c = sleek_node_get_child (node, "c", NULL);

  sleek_node_set_attribute (node, "a", "2");
  sleek_node_set_attribute (node, "z", "new");
  sleek_node_set_attribute (node, "b", NULL);
  sleek_node_set_text (node, "new text");
  sleek_node_append_text (c, " more", -1);
  sleek_node_set_tail (c, "new tail");
  sleek_node_set_attribute_ns (c, "q", "urn:q", "v");
  for (int i = 0; i < 10; i++)
    sleek_node_add_child_new (node, "extra", NULL);
  assert_xml (node, "<m xmlns='jabber:client' a='2' z='new'>new text<c d='e' xmlns:ns0='urn:q' ns0:q='v'>inner more</c>new tail"
                    "<extra/><extra/><extra/><extra/><extra/><extra/><extra/><extra/><extra/><extra/></m>");
}

static void
test_parsed_child_outlives_tree (void)
{
  SleekNode *tree = parse_ok ("<m xmlns='jabber:client'><body>kept</body><x/></m>");
  g_autoptr(SleekNode) body = sleek_node_ref (sleek_node_get_child (tree, "body", NULL));
  g_autoptr(SleekNode) other = sleek_node_new ("other", NULL);

  sleek_node_add_child (other, body);
  sleek_node_unref (tree);
  g_assert_cmpstr (sleek_node_get_text (body), ==, "kept");
  assert_xml (other, "<other><body xmlns='jabber:client'>kept</body></other>");
}

static void
test_parsed_remove_and_readd (void)
{
  g_autoptr(SleekNode) tree = parse_ok ("<m><a/><b/><c/></m>");
  g_autoptr(SleekNode) b = sleek_node_ref (sleek_node_get_nth_child (tree, 1));

  g_assert_true (sleek_node_remove_child (tree, b));
  sleek_node_insert_child (tree, 0, b);
  assert_xml (tree, "<m><b/><a/><c/></m>");
  g_assert_cmpuint (sleek_node_remove_children (tree, NULL, NULL), ==, 3);
  assert_xml (tree, "<m/>");
  assert_xml (b, "<b/>");
}

static void
test_parsed_tree_holds_heap_children (void)
{
  g_autoptr(SleekNode) tree = parse_ok ("<m><a/></m>");
  g_autoptr(SleekNode) heap = sleek_node_new ("heap", "urn:h");
  SleekNode *a = sleek_node_get_child (tree, "a", NULL);

  sleek_node_add_child (a, heap);
  sleek_node_set_text (heap, "still here");
  g_clear_pointer (&heap, sleek_node_unref);
  assert_xml (tree, "<m><a><heap xmlns='urn:h'>still here</heap></a></m>");
}

static void
test_parsed_trees_linked (void)
{
  SleekNode *first = parse_ok ("<first><x>1</x></first>");
  g_autoptr(SleekNode) second = parse_ok ("<second/>");

  /* A node of one parsed tree under a node of another. */
  sleek_node_add_child (second, sleek_node_get_child (first, "x", NULL));
  sleek_node_unref (first);
  assert_xml (second, "<second><x>1</x></second>");
}

static void
test_parsed_copy_independent (void)
{
  g_autoptr(SleekNode) copy = NULL;

  {
    g_autoptr(SleekNode) tree = parse_ok ("<m a='1'>t<c>u</c>v</m>");
    copy = sleek_node_copy (tree);
  }
  assert_xml (copy, "<m a='1'>t<c>u</c>v</m>");
  sleek_node_set_attribute (copy, "a", "2");
  assert_xml (copy, "<m a='2'>t<c>u</c>v</m>");
}

static void
test_parsed_big_tree (void)
{
  g_autoptr(GString) xml = g_string_new ("<root>");
  g_autoptr(SleekNode) tree = NULL;
  g_autoptr(GPtrArray) items = NULL;

  /* Larger than the first arena block, with text split by entities. */
  for (int i = 0; i < 500; i++)
    g_string_append_printf (xml, "<item n='%d' v='a&amp;b'>x &amp; y &lt; %d</item>", i, i);
  g_string_append (xml, "</root>");
  tree = parse_ok (xml->str);
  items = sleek_node_get_children (tree);
  g_assert_cmpuint (items->len, ==, 500);
  g_assert_cmpstr (sleek_node_get_text (g_ptr_array_index (items, 499)), ==, "x & y < 499");
  g_assert_cmpstr (sleek_node_get_attribute (g_ptr_array_index (items, 7), "v"), ==, "a&b");
}

/* An element in the XML namespace keeps its reserved prefix: that
 * namespace may not be the default one (found by fuzz-stanza). */
static void
test_xml_namespace_element (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_node_parse ("<a xmlns='urn:x'><xml:b n='1'><c/></xml:b><d/></a>", -1, &error);
  g_autoptr(SleekNode) again = NULL;
  g_autoptr(SleekNode) made = sleek_node_new ("e", SLEEK_NS_XML);
  g_autofree char *xml = NULL;
  g_autofree char *made_xml = NULL;
  SleekNode *b;

  g_assert_no_error (error);
  b = sleek_node_get_nth_child (node, 0);
  g_assert_cmpstr (sleek_node_get_namespace (b), ==, SLEEK_NS_XML);
  g_assert_cmpstr (sleek_node_get_namespace (sleek_node_get_nth_child (b, 0)), ==, "urn:x");
  xml = sleek_node_to_string (node);
  g_assert_cmpstr (xml, ==, "<a xmlns='urn:x'><xml:b n='1'><c/></xml:b><d/></a>");
  again = sleek_node_parse (xml, -1, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_node_equal (node, again));

  sleek_node_add_child_new (made, "f", "urn:y");
  made_xml = sleek_node_to_string (made);
  g_assert_cmpstr (made_xml, ==, "<xml:e><f xmlns='urn:y'/></xml:e>");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/node/new", test_new);
  g_test_add_func ("/node/no-namespace", test_no_namespace);
  g_test_add_func ("/node/attributes", test_attributes);
  g_test_add_func ("/node/attribute-changes", test_attribute_changes);
  g_test_add_func ("/node/attribute-utf8", test_attribute_utf8);
  g_test_add_func ("/node/lang", test_lang);
  g_test_add_func ("/node/text-and-tail", test_text_and_tail);
  g_test_add_func ("/node/children", test_children);
  g_test_add_func ("/node/get-child", test_get_child);
  g_test_add_func ("/node/set-child-text", test_set_child_text);
  g_test_add_func ("/node/find", test_find);
  g_test_add_func ("/node/escaping", test_escaping);
  g_test_add_func ("/node/carriage-return", test_carriage_return);
  g_test_add_func ("/node/invalid-chars-dropped", test_invalid_chars_dropped);
  g_test_add_func ("/node/escaping-runs", test_escaping_runs);
  g_test_add_func ("/node/escaping-long", test_escaping_long);
  g_test_add_func ("/node/unicode", test_unicode_round_trip);
  g_test_add_func ("/node/xml-namespace-element", test_xml_namespace_element);
  g_test_add_func ("/node/namespace-scoping", test_namespace_scoping);
  g_test_add_func ("/node/namespace-undeclare", test_namespace_undeclare);
  g_test_add_func ("/node/attribute-namespaces", test_attribute_namespaces);
  g_test_add_func ("/node/prefixed-elements", test_prefixed_elements);
  g_test_add_func ("/node/copy", test_copy);
  g_test_add_func ("/node/shared-child", test_shared_child);
  g_test_add_func ("/node/equal", test_equal);
  g_test_add_func ("/node/parse/entities-cdata", test_parse_entities_and_cdata);
  g_test_add_func ("/node/parse/xml-declaration", test_parse_xml_declaration);
  g_test_add_func ("/node/parse/length", test_parse_length);
  g_test_add_func ("/node/parse/deep", test_parse_deep);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/node/parse/bad/%u", i);
      g_test_add_data_func (path, &bad_inputs[i], test_parse_bad);
    }
  g_test_add_func ("/node/boxed", test_boxed);
  g_test_add_func ("/node/parsed/edit-everything", test_parsed_edit_everything);
  g_test_add_func ("/node/parsed/child-outlives-tree", test_parsed_child_outlives_tree);
  g_test_add_func ("/node/parsed/remove-and-readd", test_parsed_remove_and_readd);
  g_test_add_func ("/node/parsed/holds-heap-children", test_parsed_tree_holds_heap_children);
  g_test_add_func ("/node/parsed/trees-linked", test_parsed_trees_linked);
  g_test_add_func ("/node/parsed/copy-independent", test_parsed_copy_independent);
  g_test_add_func ("/node/parsed/big-tree", test_parsed_big_tree);
  return g_test_run ();
}
