/* sleek-xep-0393-styling.c: XEP-0393 Message Styling
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0393-styling.h"

#include <string.h>

G_DEFINE_ENUM_TYPE (SleekTextStyle, sleek_text_style,
                    G_DEFINE_ENUM_VALUE (SLEEK_TEXT_STYLE_STRONG, "strong"),
                    G_DEFINE_ENUM_VALUE (SLEEK_TEXT_STYLE_EMPHASIS, "emphasis"),
                    G_DEFINE_ENUM_VALUE (SLEEK_TEXT_STYLE_STRIKE, "strike"),
                    G_DEFINE_ENUM_VALUE (SLEEK_TEXT_STYLE_PRE_INLINE, "pre-inline"),
                    G_DEFINE_ENUM_VALUE (SLEEK_TEXT_STYLE_PRE_BLOCK, "pre-block"),
                    G_DEFINE_ENUM_VALUE (SLEEK_TEXT_STYLE_QUOTE, "quote"))

/**
 * SleekStylingSpan:
 *
 * A styled part of a text, as [func@Sleek.styling_parse] finds it: its
 * [enum@Sleek.TextStyle] and where it starts and ends.
 *
 * The offsets are given twice: in characters (Unicode code points, as
 * `GtkTextBuffer` and XEP-0426 count them) by
 * [method@Sleek.StylingSpan.get_start] and
 * [method@Sleek.StylingSpan.get_end], and in bytes of the UTF-8 text (as
 * Pango and C strings count them) by
 * [method@Sleek.StylingSpan.get_byte_start] and
 * [method@Sleek.StylingSpan.get_byte_end]. The end is the first
 * character after the span.
 *
 * A span includes its styling directives, which the XEP recommends
 * showing in the span's style: the first and last characters of an
 * inline span, the opening and closing lines of a preformatted block, the
 * `>` of each line of a quotation.
 */
struct _SleekStylingSpan
{
  SleekTextStyle style;
  gsize byte_start;
  gsize byte_end;
  glong start;
  glong end;
};

G_DEFINE_BOXED_TYPE (SleekStylingSpan, sleek_styling_span, sleek_styling_span_copy, sleek_styling_span_free)

/**
 * sleek_styling_span_copy:
 * @span: a [struct@Sleek.StylingSpan]
 *
 * Copies @span.
 *
 * Returns: (transfer full): a copy of @span
 */
SleekStylingSpan *
sleek_styling_span_copy (const SleekStylingSpan *span)
{
  g_return_val_if_fail (span != NULL, NULL);

  return g_memdup2 (span, sizeof *span);
}

/**
 * sleek_styling_span_free:
 * @span: (transfer full): a [struct@Sleek.StylingSpan]
 *
 * Frees @span.
 */
void
sleek_styling_span_free (SleekStylingSpan *span)
{
  g_free (span);
}

/**
 * sleek_styling_span_get_style:
 * @span: a [struct@Sleek.StylingSpan]
 *
 * The style of @span.
 *
 * Returns: the style
 */
SleekTextStyle
sleek_styling_span_get_style (const SleekStylingSpan *span)
{
  g_return_val_if_fail (span != NULL, SLEEK_TEXT_STYLE_STRONG);

  return span->style;
}

/**
 * sleek_styling_span_get_start:
 * @span: a [struct@Sleek.StylingSpan]
 *
 * Where @span starts, in characters (Unicode code points) from the
 * beginning of the text.
 *
 * Returns: the character offset of its first character
 */
glong
sleek_styling_span_get_start (const SleekStylingSpan *span)
{
  g_return_val_if_fail (span != NULL, 0);

  return span->start;
}

/**
 * sleek_styling_span_get_end:
 * @span: a [struct@Sleek.StylingSpan]
 *
 * Where @span ends, in characters (Unicode code points) from the
 * beginning of the text.
 *
 * Returns: the character offset just after its last character
 */
glong
sleek_styling_span_get_end (const SleekStylingSpan *span)
{
  g_return_val_if_fail (span != NULL, 0);

  return span->end;
}

/**
 * sleek_styling_span_get_byte_start:
 * @span: a [struct@Sleek.StylingSpan]
 *
 * Where @span starts, in bytes of the UTF-8 text.
 *
 * Returns: the byte offset of its first character
 */
gsize
sleek_styling_span_get_byte_start (const SleekStylingSpan *span)
{
  g_return_val_if_fail (span != NULL, 0);

  return span->byte_start;
}

/**
 * sleek_styling_span_get_byte_end:
 * @span: a [struct@Sleek.StylingSpan]
 *
 * Where @span ends, in bytes of the UTF-8 text.
 *
 * Returns: the byte offset just after its last character
 */
gsize
sleek_styling_span_get_byte_end (const SleekStylingSpan *span)
{
  g_return_val_if_fail (span != NULL, 0);

  return span->byte_end;
}

/* The parser. Lines and spans are byte ranges of the text; the styling
 * directives are ASCII, so looking for them byte by byte is safe in
 * UTF-8. */

typedef struct {
  gsize start;
  gsize end;   /* before the line's '\n' */
} Line;

typedef struct {
  const char *text;
  GPtrArray *spans;
} Parser;

static void
add_span (Parser *p, SleekTextStyle style, gsize start, gsize end)
{
  SleekStylingSpan *span = g_new0 (SleekStylingSpan, 1);

  span->style = style;
  span->byte_start = start;
  span->byte_end = end;
  g_ptr_array_add (p->spans, span);
}

/* Whether the character ending just before @at is white space: Unicode
 * White_Space or category Z. */
static gboolean
space_before (Parser *p, gsize at)
{
  return g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (p->text + at)));
}

static gboolean
space_at (Parser *p, gsize at)
{
  return g_unichar_isspace (g_utf8_get_char (p->text + at));
}

/* The directives, indexed by SleekTextStyle. */
static const char directives[] = "*_~`";

static gboolean
directive_style (char c, SleekTextStyle *style)
{
  const char *found = c != '\0' ? strchr (directives, c) : NULL;

  if (found == NULL)
    return FALSE;
  *style = (SleekTextStyle) (found - directives);
  return TRUE;
}

/* The closing directives a line can hold: for each style, the sorted byte
 * offsets of its directive where it does not follow white space. Looking
 * them up keeps a line full of unclosed directives from costing the
 * square of its length. */
typedef struct {
  GArray *at[sizeof directives - 1];
} Closers;

static void
closers_init (Closers *closers, Parser *p, gsize start, gsize end)
{
  for (guint d = 0; d < G_N_ELEMENTS (closers->at); d++)
    closers->at[d] = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize j = start + 1; j < end; j++)
    {
      SleekTextStyle style;

      if (directive_style (p->text[j], &style) && !space_before (p, j))
        g_array_append_val (closers->at[style], j);
    }
}

static void
closers_clear (Closers *closers)
{
  for (guint d = 0; d < G_N_ELEMENTS (closers->at); d++)
    g_array_unref (closers->at[d]);
}

/* The first closing directive of @style at or after @from and before
 * @end, or 0. */
static gsize
closers_find (Closers *closers, SleekTextStyle style, gsize from, gsize end)
{
  GArray *at = closers->at[style];
  guint low = 0, high = at->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (at, gsize, middle) < from)
        low = middle + 1;
      else
        high = middle;
    }
  return low < at->len && g_array_index (at, gsize, low) < end ? g_array_index (at, gsize, low) : 0;
}

/* Finds the spans in the bytes [@start, @end) of one line: the whole
 * line, or the inside of a span, where the first character follows the
 * beginning of the line or an opening directive. */
static void
parse_spans (Parser *p, Closers *closers, gsize start, gsize end)
{
  gsize i = start;

  while (i < end)
    {
      char c = p->text[i];
      SleekTextStyle style;
      gsize close = 0;

      /* An opening directive: at the start, or after white space; not
       * followed by white space, by the same directive (so that "**" and
       * "****" open nothing) or by the end. Its span closes at the first
       * closing directive after some text, not after white space: spans
       * are matched lazily. */
      if (directive_style (c, &style) && (i == start || space_before (p, i)) && i + 1 < end &&
          p->text[i + 1] != c && !space_at (p, i + 1))
        close = closers_find (closers, style, i + 2, end);
      if (close == 0)
        {
          i++;
          continue;
        }
      add_span (p, style, i, close + 1);
      if (style != SLEEK_TEXT_STYLE_PRE_INLINE)
        parse_spans (p, closers, i + 1, close);
      i = close + 1;
    }
}

static gboolean
line_starts_with (Parser *p, const Line *line, const char *prefix)
{
  gsize length = strlen (prefix);

  return line->end - line->start >= length && memcmp (p->text + line->start, prefix, length) == 0;
}

static gboolean
line_is (Parser *p, const Line *line, const char *text)
{
  return line->end - line->start == strlen (text) && line_starts_with (p, line, text);
}

/* How deep quotations nest: a '>' deeper than that is text, so that a
 * body of '>' cannot exhaust the stack. */
#define MAX_QUOTE_DEPTH 64

/* Finds the blocks in @lines, inside @depth quotations, and the spans in
 * them. */
static void
parse_blocks (Parser *p, const Line *lines, guint n_lines, guint depth)
{
  guint k = 0;

  while (k < n_lines)
    {
      const Line *line = &lines[k];

      if (line_starts_with (p, line, "```"))
        {
          /* Up to a line holding only ``` or the end of the parent. */
          guint last = k + 1;

          while (last < n_lines && !line_is (p, &lines[last], "```"))
            last++;
          if (last == n_lines)
            last--;
          add_span (p, SLEEK_TEXT_STYLE_PRE_BLOCK, line->start, lines[last].end);
          k = last + 1;
        }
      else if (depth < MAX_QUOTE_DEPTH && line_starts_with (p, line, ">"))
        {
          /* Every following line starting with '>', each without it and
           * the first white space after it, makes the quoted blocks. */
          g_autofree Line *inner = NULL;
          guint last = k;

          while (last < n_lines && line_starts_with (p, &lines[last], ">"))
            last++;
          inner = g_new (Line, last - k);
          for (guint m = k; m < last; m++)
            {
              Line *child = &inner[m - k];

              child->start = lines[m].start + 1;
              child->end = lines[m].end;
              if (child->start < child->end && space_at (p, child->start))
                child->start = g_utf8_next_char (p->text + child->start) - p->text;
            }
          add_span (p, SLEEK_TEXT_STYLE_QUOTE, line->start, lines[last - 1].end);
          parse_blocks (p, inner, last - k, depth + 1);
          k = last;
        }
      else
        {
          Closers closers;

          closers_init (&closers, p, line->start, line->end);
          parse_spans (p, &closers, line->start, line->end);
          closers_clear (&closers);
          k++;
        }
    }
}

/* Spans in the order they start, an outer span before those inside. */
static int
compare_spans (gconstpointer a, gconstpointer b)
{
  const SleekStylingSpan *x = *(SleekStylingSpan * const *) a;
  const SleekStylingSpan *y = *(SleekStylingSpan * const *) b;

  if (x->byte_start != y->byte_start)
    return x->byte_start < y->byte_start ? -1 : 1;
  return (x->byte_end < y->byte_end) - (x->byte_end > y->byte_end);
}

typedef struct {
  gsize byte;
  glong *chars;
} Offset;

static int
compare_offsets (gconstpointer a, gconstpointer b)
{
  const Offset *x = a, *y = b;

  return (x->byte > y->byte) - (x->byte < y->byte);
}

/* Fills in the character offsets of every span in one walk of the text. */
static void
count_characters (Parser *p)
{
  g_autoptr(GArray) offsets = g_array_sized_new (FALSE, FALSE, sizeof (Offset), p->spans->len * 2);
  const char *at = p->text;
  glong chars = 0;

  for (guint i = 0; i < p->spans->len; i++)
    {
      SleekStylingSpan *span = p->spans->pdata[i];
      Offset start = { span->byte_start, &span->start };
      Offset end = { span->byte_end, &span->end };

      g_array_append_val (offsets, start);
      g_array_append_val (offsets, end);
    }
  g_array_sort (offsets, compare_offsets);
  for (guint i = 0; i < offsets->len; i++)
    {
      Offset *offset = &g_array_index (offsets, Offset, i);

      while ((gsize) (at - p->text) < offset->byte)
        {
          at = g_utf8_next_char (at);
          chars++;
        }
      *offset->chars = chars;
    }
}

/**
 * sleek_styling_parse:
 * @text: a message body, valid UTF-8
 *
 * Finds the styled parts of @text, following XEP-0393 Message Styling.
 *
 * The text is first cut into blocks: a preformatted block (from a line
 * starting with ```` ``` ```` to a line holding only ```` ``` ````, or to
 * the end of the parent block), a quotation (lines starting with `>`:
 * the blocks inside, found the same way once each line has lost its `>`
 * and the first white space after it, may be quotations again, up to 64
 * deep), or else one line. Inside each line outside preformatted blocks, a span is text
 * between two of the same directive among `*`, `_`, `~` and `` ` ``: the
 * opening one at the start of the line, after white space or at the
 * start of another span, followed by neither white space nor the same
 * directive; the closing one the first after some text that does not
 * follow white space. Spans never cross lines, and hold other spans,
 * except the preformatted ones. Text in no span is plain.
 *
 * Returns: (transfer full) (element-type SleekStylingSpan): the spans, in
 *   the order they start, a span before those inside it
 */
GPtrArray *
sleek_styling_parse (const char *text)
{
  Parser p;
  g_autoptr(GArray) lines = NULL;
  const char *at;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  p.text = text;
  p.spans = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_styling_span_free);
  lines = g_array_new (FALSE, FALSE, sizeof (Line));
  at = text;
  for (;;)
    {
      const char *newline = strchr (at, '\n');
      Line line = { at - text, newline != NULL ? (gsize) (newline - text) : strlen (text) };

      g_array_append_val (lines, line);
      if (newline == NULL)
        break;
      at = newline + 1;
    }
  parse_blocks (&p, &g_array_index (lines, Line, 0), lines->len, 0);
  g_ptr_array_sort (p.spans, compare_spans);
  count_characters (&p);
  return p.spans;
}

/**
 * sleek_message_get_unstyled:
 * @message: a [class@Sleek.Message]
 *
 * Whether the sender of @message asks for its body to be shown as it is,
 * without styling.
 *
 * Returns: %TRUE when it carries `<unstyled xmlns='urn:xmpp:styling:0'/>`
 */
gboolean
sleek_message_get_unstyled (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);

  return sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), "unstyled", SLEEK_NS_STYLING) != NULL;
}

/**
 * sleek_message_set_unstyled:
 * @message: a [class@Sleek.Message]
 * @unstyled: whether the body must be shown without styling
 *
 * Adds or removes the `<unstyled/>` hint of @message.
 */
void
sleek_message_set_unstyled (SleekMessage *message, gboolean unstyled)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  if (!unstyled)
    sleek_node_remove_children (node, "unstyled", SLEEK_NS_STYLING);
  else if (!sleek_message_get_unstyled (message))
    sleek_node_add_child_new (node, "unstyled", SLEEK_NS_STYLING);
}

/**
 * sleek_message_get_styling:
 * @message: a [class@Sleek.Message]
 *
 * Finds the styled parts of the body of @message with
 * [func@Sleek.styling_parse], unless it carries the `<unstyled/>` hint.
 *
 * Returns: (transfer full) (element-type SleekStylingSpan): the spans;
 *   none when @message has no body or asks for no styling
 */
GPtrArray *
sleek_message_get_styling (SleekMessage *message)
{
  const char *body;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  body = sleek_message_get_body (message);
  if (body == NULL || sleek_message_get_unstyled (message))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_styling_span_free);
  return sleek_styling_parse (body);
}

/**
 * SleekMessageStyling:
 *
 * The `xep_0393` plugin: XEP-0393 Message Styling.
 *
 * It advertises `urn:xmpp:styling:0` through `xep_0030`, so that others
 * know we show styled bodies. Finding the styled parts of a body is
 * [method@Sleek.Message.get_styling] (or [func@Sleek.styling_parse] for
 * any text), which works with or without the plugin.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0393", &error);
 *
 * g_autoptr(GPtrArray) spans = sleek_message_get_styling (message);
 * for (guint i = 0; i < spans->len; i++)
 *   {
 *     SleekStylingSpan *span = spans->pdata[i];
 *
 *     if (sleek_styling_span_get_style (span) == SLEEK_TEXT_STYLE_STRONG)
 *       pango_attr_list_insert (attrs, bold_from_to (sleek_styling_span_get_byte_start (span),
 *                                                    sleek_styling_span_get_byte_end (span)));
 *   }
 * ```
 */
struct _SleekMessageStyling
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekMessageStyling, sleek_message_styling, SLEEK_TYPE_PLUGIN)

static void
sleek_message_styling_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_advertise (plugin, SLEEK_NS_STYLING);
}

static void
sleek_message_styling_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_STYLING);
}

static void
sleek_message_styling_class_init (SleekMessageStylingClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_message_styling_plugin_init;
  plugin_class->plugin_end = sleek_message_styling_plugin_end;
}

static void
sleek_message_styling_init (SleekMessageStyling *self)
{
}
