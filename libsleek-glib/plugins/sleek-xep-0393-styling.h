/* sleek-xep-0393-styling.h: XEP-0393 Message Styling
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_STYLING:
 *
 * The namespace of XEP-0393 Message Styling, `urn:xmpp:styling:0`.
 */
#define SLEEK_NS_STYLING "urn:xmpp:styling:0"

/**
 * SleekTextStyle:
 * @SLEEK_TEXT_STYLE_STRONG: `*strong*`, shown bold
 * @SLEEK_TEXT_STYLE_EMPHASIS: `_emphasis_`, shown in italics
 * @SLEEK_TEXT_STYLE_STRIKE: `~strike through~`, shown with a line through it
 * @SLEEK_TEXT_STYLE_PRE_INLINE: `` `preformatted` `` inside a line, shown in
 *   a monospace font, with no styling inside
 * @SLEEK_TEXT_STYLE_PRE_BLOCK: a preformatted block: the lines from one
 *   starting with ```` ``` ```` to one holding only ```` ``` ````, shown
 *   in a monospace font, with no styling inside
 * @SLEEK_TEXT_STYLE_QUOTE: a quotation: lines starting with `>`
 *
 * The style of a [struct@Sleek.StylingSpan].
 */
typedef enum {
  SLEEK_TEXT_STYLE_STRONG,
  SLEEK_TEXT_STYLE_EMPHASIS,
  SLEEK_TEXT_STYLE_STRIKE,
  SLEEK_TEXT_STYLE_PRE_INLINE,
  SLEEK_TEXT_STYLE_PRE_BLOCK,
  SLEEK_TEXT_STYLE_QUOTE,
} SleekTextStyle;

#define SLEEK_TYPE_TEXT_STYLE (sleek_text_style_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_text_style_get_type (void) G_GNUC_CONST;

typedef struct _SleekStylingSpan SleekStylingSpan;

#define SLEEK_TYPE_STYLING_SPAN (sleek_styling_span_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType             sleek_styling_span_get_type       (void) G_GNUC_CONST;
SLEEK_AVAILABLE_IN_ALL
SleekStylingSpan *sleek_styling_span_copy           (const SleekStylingSpan *span);
SLEEK_AVAILABLE_IN_ALL
void              sleek_styling_span_free           (SleekStylingSpan       *span);
SLEEK_AVAILABLE_IN_ALL
SleekTextStyle    sleek_styling_span_get_style      (const SleekStylingSpan *span);
SLEEK_AVAILABLE_IN_ALL
glong             sleek_styling_span_get_start      (const SleekStylingSpan *span);
SLEEK_AVAILABLE_IN_ALL
glong             sleek_styling_span_get_end        (const SleekStylingSpan *span);
SLEEK_AVAILABLE_IN_ALL
gsize             sleek_styling_span_get_byte_start (const SleekStylingSpan *span);
SLEEK_AVAILABLE_IN_ALL
gsize             sleek_styling_span_get_byte_end   (const SleekStylingSpan *span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SleekStylingSpan, sleek_styling_span_free)

SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_styling_parse          (const char   *text);

SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_message_get_unstyled   (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
void       sleek_message_set_unstyled   (SleekMessage *message,
                                         gboolean      unstyled);
SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_message_get_styling    (SleekMessage *message);

#define SLEEK_TYPE_MESSAGE_STYLING (sleek_message_styling_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageStyling, sleek_message_styling, SLEEK, MESSAGE_STYLING, SleekPlugin)

G_END_DECLS
