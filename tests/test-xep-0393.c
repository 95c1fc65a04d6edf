/* test-xep-0393.c: XEP-0393 Message Styling, the parser and the plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Most cases are the XEP's own examples.
 */
#include "plugin-test-util.h"

#define STYLING "urn:xmpp:styling:0"

typedef struct {
  PluginFixture base;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  pt_setup (&f->base, data);
  pt_enable (&f->base, "xep_0393");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
}

/* "style start-end" for each span, in characters, joined by ", ". Checks
 * that the byte offsets agree with the character offsets. */
static char *
describe (GPtrArray *spans, const char *text)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SLEEK_TYPE_TEXT_STYLE);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      SleekStylingSpan *span = spans->pdata[i];
      glong start = sleek_styling_span_get_start (span);
      glong end = sleek_styling_span_get_end (span);

      g_assert_cmpint (g_utf8_pointer_to_offset (text, text + sleek_styling_span_get_byte_start (span)), ==, start);
      g_assert_cmpint (g_utf8_pointer_to_offset (text, text + sleek_styling_span_get_byte_end (span)), ==, end);
      g_string_append_printf (out, "%s%s %ld-%ld", i > 0 ? ", " : "",
                              g_enum_get_value (klass, sleek_styling_span_get_style (span))->value_nick, start, end);
    }
  return g_string_free (out, FALSE);
}

static void
check (const char *text, const char *expected)
{
  g_autoptr(GPtrArray) spans = sleek_styling_parse (text);
  g_autofree char *got = describe (spans, text);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("«%s»: expected [%s], got [%s]", text, expected, got);
}

static void
test_spans (void)
{
  /* §5.2: styled as indicated. */
  check ("*strong*", "strong 0-8");
  check ("plain *strong* plain", "strong 6-14");
  check ("*strong* plain *strong*", "strong 0-8, strong 15-23");
  check ("*strong*plain*", "strong 0-8");
  check ("* plain *strong*", "strong 8-16");
  /* Nothing styled. */
  check ("not strong*", "");
  check ("*not strong", "");
  check ("*not \n strong*", "");
  check ("*not *strong", "");
  check ("**", "");
  check ("****", "");
  /* The examples of each span. */
  check ("Two spans, both *alike in dignity*", "strong 16-34");
  check ("The full title is _Twelfth Night, or What You Will_ but\n_most_ people shorten it.",
         "emphasis 18-51, emphasis 56-62");
  check ("The full title is \"Twelfth Night, or What You Will\" but\n*most* people shorten it.", "strong 56-62");
  check ("Everyone ~dis~likes cake.", "strike 9-14");
  check ("Wow, I can write in `monospace`!", "pre-inline 20-31");
  check ("This is `monospace`", "pre-inline 8-19");
  check ("This is `*monospace*`", "pre-inline 8-21");
  check ("This is *`monospace and bold`*", "strong 8-30, pre-inline 9-29");
  /* The glossary's spans inside spans. */
  check ("_emphasized span containing *strong span*_", "emphasis 0-42, strong 28-41");
  check ("(span one )*span two*", "");
  check ("span one *span two*", "strong 9-19");
}

static void
test_span_rules (void)
{
  /* Spans are matched lazily, and stay inside their parent. */
  check ("*a _b* c_", "strong 0-6");
  check ("*a *b* c*", "strong 0-6");
  check ("_a *b_ c*", "emphasis 0-6");
  /* The closing directive does not follow white space. */
  check ("*a * b*", "strong 0-7");
  check ("*a *", "");
  /* The opening one follows white space, the start of the line or the
   * start of another span; it is not followed by white space. */
  check ("a*b*", "");
  check ("a *b*", "strong 2-5");
  check ("a\t*b*", "strong 2-5");
  check ("~*_`x`_*~", "strike 0-9, strong 1-8, emphasis 2-7, pre-inline 3-6");
  check ("* a*", "");
  /* Unicode white space (U+00A0 no-break space, U+2003 em space). */
  check ("a\xc2\xa0*b*", "strong 2-5");
  check ("a\xe2\x80\x83_b_", "emphasis 2-5");
  check ("*b\xe2\x80\x83*", "");
  /* Nothing inside a preformatted span. */
  check ("`*a* _b_`", "pre-inline 0-9");
  /* Each line on its own. */
  check ("*a*\n_b_\n~c", "strong 0-3, emphasis 4-7");
  check ("", "");
  check ("\n\n", "");
  check ("*", "");
  check ("`", "");
}

static void
test_blocks (void)
{
  /* §5.3 plain blocks: spans do not escape them. */
  check ("There are three blocks in this body marked by parens,\n"
         "but there is no *formatting\n"
         "as spans* may not escape blocks.", "");
  /* Preformatted blocks. */
  check ("```ignored\n(println \"Hello, world!\")\n```\n\nThis should show up as monospace, preformatted text ⤴",
         "pre-block 0-40");
  check ("> ```\n> (println \"Hello, world!\")\n\n"
         "The entire blockquote is a preformatted text block, but this line\nis plaintext!",
         "quote 0-33, pre-block 2-33");
  check ("```\n*not strong*\n> not a quote\n```\n*strong*", "pre-block 0-34, strong 35-43");
  check ("```\nto the end\n*still pre*", "pre-block 0-26");
  check ("```", "pre-block 0-3");
  /* Only a line holding exactly ``` closes it. */
  check ("```\na\n``` \nb\n```", "pre-block 0-16");
  check ("x ```\n*y*", "strong 6-9");
  /* Quotations. */
  check ("> That that is, is.\n\nSaid the old hermit of Prague.", "quote 0-19");
  check (">> That that is, is.\n> Said the old hermit of Prague.\n\nWho?", "quote 0-53, quote 1-20");
  check ("> > a\n> b", "quote 0-9, quote 2-5");
  check (">*a*", "quote 0-4, strong 1-4");
  check ("> *a*\n>  *b*\nc *d*", "quote 0-12, strong 2-5, strong 9-12, strong 15-18");
  check (">", "quote 0-1");
  check ("a\n> b\nc\n> d", "quote 2-5, quote 8-11");
}

static void
test_offsets (void)
{
  /* "Zoë" has 3 characters and 4 bytes, "⤴" 1 and 3, "🎉" 1 and 4. */
  const char *text = "Zoë *gras* ⤴ _é_\n> 🎉 ~x~";
  g_autoptr(GPtrArray) spans = sleek_styling_parse (text);
  g_autofree char *got = describe (spans, text);
  SleekStylingSpan *strong, *quote;
  g_autoptr(SleekStylingSpan) copy = NULL;

  g_assert_cmpstr (got, ==, "strong 4-10, emphasis 13-16, quote 17-24, strike 21-24");
  strong = spans->pdata[0];
  g_assert_cmpuint (sleek_styling_span_get_byte_start (strong), ==, 5);
  g_assert_cmpuint (sleek_styling_span_get_byte_end (strong), ==, 11);
  quote = spans->pdata[2];
  g_assert_cmpuint (sleek_styling_span_get_byte_start (quote), ==, 21);
  g_assert_cmpuint (sleek_styling_span_get_byte_end (quote), ==, strlen (text));
  g_assert_cmpint (sleek_styling_span_get_end (quote), ==, g_utf8_strlen (text, -1));

  copy = sleek_styling_span_copy (strong);
  g_assert_cmpint (sleek_styling_span_get_style (copy), ==, SLEEK_TEXT_STYLE_STRONG);
  g_assert_cmpint (sleek_styling_span_get_start (copy), ==, 4);
  g_assert_cmpuint (sleek_styling_span_get_byte_end (copy), ==, 11);
}

static void
test_hostile (void)
{
  /* Long runs of directives and deep quotations stay linear enough and
   * never read outside the text. */
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) spans = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append (text, i % 2 ? "*_~`" : ">");
  for (guint i = 0; i < 500; i++)
    g_string_append (text, "\n> ```");
  spans = sleek_styling_parse (text->str);
  g_assert_nonnull (spans);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* Quotations nest 64 deep, and then '>' is text. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, '>');
  g_string_append (text, "*a*\n>> b");
  spans = sleek_styling_parse (text->str);
  g_assert_cmpuint (spans->len, ==, 64);
  g_assert_cmpint (sleek_styling_span_get_start (spans->pdata[63]), ==, 63);
  g_clear_pointer (&spans, g_ptr_array_unref);

  /* A long line of directives nobody closes. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, " *_~`a");
  spans = sleek_styling_parse (text->str);
  g_assert_cmpuint (spans->len, ==, 0);
  check (">>>>>>>>>>*", "quote 0-11, quote 1-11, quote 2-11, quote 3-11, quote 4-11, quote 5-11, quote 6-11, "
                        "quote 7-11, quote 8-11, quote 9-11");
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  g_assert_true (SLEEK_IS_MESSAGE_STYLING (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0393")));
  pt_check_advertised (&f->base, "xep_0393", STYLING);
}

static void
test_message (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) styled =
    pt_message ("<message xmlns='jabber:client'><body>Wow, I can write in `monospace`!</body></message>");
  g_autoptr(SleekMessage) unstyled =
    pt_message ("<message xmlns='jabber:client'><body>&gt; _ &gt;</body><unstyled xmlns='" STYLING "'/></message>");
  g_autoptr(SleekMessage) empty = sleek_message_new ();
  g_autoptr(SleekMessage) sent = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "*not bold*", NULL, "chat");
  g_autoptr(GPtrArray) spans = sleek_message_get_styling (styled);
  g_autoptr(GPtrArray) none = sleek_message_get_styling (unstyled);
  g_autoptr(GPtrArray) no_body = sleek_message_get_styling (empty);

  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpint (sleek_styling_span_get_style (spans->pdata[0]), ==, SLEEK_TEXT_STYLE_PRE_INLINE);
  g_assert_false (sleek_message_get_unstyled (styled));
  g_assert_true (sleek_message_get_unstyled (unstyled));
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (no_body->len, ==, 0);

  sleek_message_set_unstyled (sent, TRUE);
  sleek_message_set_unstyled (sent, TRUE);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (sent));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>*not bold*</body>"
                            "<unstyled xmlns='" STYLING "'/></message>");
  sleek_message_set_unstyled (unstyled, FALSE);
  g_assert_false (sleek_message_get_unstyled (unstyled));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0393/spans", test_spans);
  g_test_add_func ("/xep-0393/span-rules", test_span_rules);
  g_test_add_func ("/xep-0393/blocks", test_blocks);
  g_test_add_func ("/xep-0393/offsets", test_offsets);
  g_test_add_func ("/xep-0393/hostile", test_hostile);
  ADD ("/xep-0393/advertised", test_advertised);
  ADD ("/xep-0393/message", test_message);

  return g_test_run ();
}
