/* bench-messages.c: the deterministic inbound stream every benchmark client
 * reads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-messages.h"

#include <string.h>

/* What a server sends first. The clients never answer it, so no features
 * follow. */
static const char stream_header[] =
  "<?xml version='1.0'?>"
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
  " from='example.com' id='bench' version='1.0' xml:lang='en'>";

static const char stream_footer[] = "</stream:stream>";

/* A few contacts talking to romeo (juliet most), with the resources real
 * clients pick. */
static const char * const senders[] = {
  "juliet@capulet.lit/balcony",
  "nurse@capulet.lit/Conversations.x7Kq",
  "benvolio@montague.lit/gajim.4F2A",
  "mercutio@verona.lit/laptop",
  "juliet@capulet.lit/balcony",
  "tybalt@capulet.lit/dino.b3c9",
};

/* Bodies as the user typed them: mostly short, with markup characters that
 * must be escaped on the wire and text from outside ASCII. */
static const char * const bodies[] = {
  "ok",
  "Wherefore art thou, Romeo?",
  "a < b && c > d",
  "Привет! Как дела?",
  "你好，明天见",
  "🎉🎉 party at 8",
  "\"quoted\" & 'single'",
  "see you at the orchard — 10 pm",
  "lol 😂",
  "Grüße aus Köln",
  "<3",
  "ça va ? oui, très bien",
  "brb",
  "τί ἐστιν; ∑ ≠ ∞",
  "AT&T <support@att.example>",
  "line one\nline two",
};

struct _BenchStream
{
  guint n_messages;
  guint next;            /* the message to render next; n_messages is END */
  enum { PHASE_HEADER, PHASE_MESSAGES, PHASE_FOOTER, PHASE_DONE } phase;
  char pending[BENCH_MESSAGE_MAX];
  gsize pending_len;
  gsize pending_offset;
  guint64 bytes;
  guint64 message_bytes;
};

BenchStream *
bench_stream_new (guint n_messages)
{
  BenchStream *self = g_new0 (BenchStream, 1);

  self->n_messages = n_messages;
  self->phase = PHASE_HEADER;
  return self;
}

void
bench_stream_free (BenchStream *self)
{
  g_free (self);
}

/* Renders the next piece of the stream into self->pending; FALSE at the
 * end. */
static gboolean
render_next (BenchStream *self)
{
  switch (self->phase)
    {
    case PHASE_HEADER:
      memcpy (self->pending, stream_header, sizeof stream_header - 1);
      self->pending_len = sizeof stream_header - 1;
      self->phase = PHASE_MESSAGES;
      break;
    case PHASE_MESSAGES:
      self->pending_len = bench_message_render (self->next, self->next == self->n_messages,
                                                self->pending);
      if (self->next < self->n_messages)
        self->message_bytes += self->pending_len;
      if (self->next++ == self->n_messages)
        self->phase = PHASE_FOOTER;
      break;
    case PHASE_FOOTER:
      memcpy (self->pending, stream_footer, sizeof stream_footer - 1);
      self->pending_len = sizeof stream_footer - 1;
      self->phase = PHASE_DONE;
      break;
    case PHASE_DONE:
    default:
      return FALSE;
    }
  self->pending_offset = 0;
  return TRUE;
}

/**
 * bench_stream_read:
 * @self: a stream
 * @buffer: where to copy
 * @size: room in @buffer
 *
 * Copies the next bytes of the stream. Messages are split wherever @size
 * ends, as TCP would split them.
 *
 * Returns: how many bytes were copied; 0 once the stream is over
 */
gsize
bench_stream_read (BenchStream *self, char *buffer, gsize size)
{
  gsize filled = 0;

  while (filled < size)
    {
      gsize n;

      if (self->pending_offset == self->pending_len && !render_next (self))
        break;
      n = MIN (size - filled, self->pending_len - self->pending_offset);
      memcpy (buffer + filled, self->pending + self->pending_offset, n);
      self->pending_offset += n;
      filled += n;
    }
  self->bytes += filled;
  return filled;
}

/* All bytes produced so far. */
guint64
bench_stream_get_bytes (BenchStream *self)
{
  return self->bytes;
}

/* The bytes of the counted messages rendered so far (not the header, the
 * END message or the footer). */
guint64
bench_stream_get_message_bytes (BenchStream *self)
{
  return self->message_bytes;
}

const char *
bench_message_from (guint index)
{
  return senders[index % G_N_ELEMENTS (senders)];
}

char *
bench_message_dup_id (guint index)
{
  return g_strdup_printf ("m-%06u", index);
}

/* The body as a handler must read it: unescaped, with the message number. */
char *
bench_message_dup_body (guint index)
{
  return g_strdup_printf ("%s #%u", bodies[index % G_N_ELEMENTS (bodies)], index);
}

gboolean
bench_message_is_sample (guint index)
{
  return index % BENCH_SAMPLE_EVERY == 0;
}

/* Rendering: plain copies and hand-formatted numbers, so the producer
 * stays far faster than any client reading it. */

static inline char *
put (char *p, const char *s, gsize len)
{
  memcpy (p, s, len);
  return p + len;
}

#define PUT_LITERAL(p, s) put ((p), "" s, sizeof (s) - 1)

static char *
put_string (char *p, const char *s)
{
  return put (p, s, strlen (s));
}

static char *
put_decimal (char *p, guint value, guint min_width)
{
  char digits[16];
  guint n = 0;

  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0);
  while (n < min_width)
    digits[n++] = '0';
  while (n > 0)
    *p++ = digits[--n];
  return p;
}

static char *
put_hex (char *p, guint64 value, guint width)
{
  static const char hex[] = "0123456789abcdef";

  for (guint i = width; i > 0; i--)
    *p++ = hex[(value >> (4 * (i - 1))) & 0xf];
  return p;
}

/* Text content escaped the way servers write it: &, < and > only. */
static char *
put_escaped_text (char *p, const char *s)
{
  for (; *s != '\0'; s++)
    {
      switch (*s)
        {
        case '&':
          p = PUT_LITERAL (p, "&amp;");
          break;
        case '<':
          p = PUT_LITERAL (p, "&lt;");
          break;
        case '>':
          p = PUT_LITERAL (p, "&gt;");
          break;
        default:
          *p++ = *s;
        }
    }
  return p;
}

/* SplitMix64: a well-mixed 64-bit value from the message number. */
static guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

/* A version 4 UUID, as clients use for origin-id. */
static char *
put_uuid (char *p, guint index)
{
  guint64 hi = mix64 (index);
  guint64 lo = mix64 (hi ^ index);

  p = put_hex (p, hi >> 32, 8);
  *p++ = '-';
  p = put_hex (p, (hi >> 16) & 0xffff, 4);
  *p++ = '-';
  p = put_hex (p, 0x4000 | (hi & 0x0fff), 4);
  *p++ = '-';
  p = put_hex (p, 0x8000 | ((lo >> 48) & 0x3fff), 4);
  *p++ = '-';
  p = put_hex (p, lo & G_GUINT64_CONSTANT (0xffffffffffff), 12);
  return p;
}

/* The origin-id of message number @index, for the outbound clients. */
char *
bench_message_dup_origin_id (guint index)
{
  char uuid[37];

  *put_uuid (uuid, index) = '\0';
  return g_strdup (uuid);
}

/**
 * bench_message_render:
 * @index: the message number
 * @end: render the END message instead
 * @buffer: at least %BENCH_MESSAGE_MAX bytes
 *
 * Writes message number @index as the server sends it: an offline chat
 * message with a delay stamp, a receipt request and an origin-id.
 *
 * Returns: its length in bytes (not NUL-terminated)
 */
gsize
bench_message_render (guint index, gboolean end, char *buffer)
{
  guint seconds = (12 * 3600 + index) % 86400;
  char *p = buffer;

  p = PUT_LITERAL (p, "<message from='");
  p = put_string (p, bench_message_from (index));
  p = PUT_LITERAL (p, "' to='romeo@montague.lit/orchard' id='m-");
  p = put_decimal (p, index, 6);
  p = PUT_LITERAL (p, "' type='chat'><body>");
  if (end)
    p = PUT_LITERAL (p, BENCH_END_BODY);
  else
    {
      p = put_escaped_text (p, bodies[index % G_N_ELEMENTS (bodies)]);
      p = PUT_LITERAL (p, " #");
      p = put_decimal (p, index, 1);
    }
  p = PUT_LITERAL (p, "</body><origin-id xmlns='urn:xmpp:sid:0' id='");
  p = put_uuid (p, index);
  p = PUT_LITERAL (p, "'/><request xmlns='urn:xmpp:receipts'/>"
                   "<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2024-05-01T");
  p = put_decimal (p, seconds / 3600, 2);
  *p++ = ':';
  p = put_decimal (p, seconds / 60 % 60, 2);
  *p++ = ':';
  p = put_decimal (p, seconds % 60, 2);
  p = PUT_LITERAL (p, "Z'/></message>");

  g_assert ((gsize) (p - buffer) < BENCH_MESSAGE_MAX);
  return p - buffer;
}

/* Rosters: contacts on a few servers, most with a name, most in one or two
 * groups, mostly with mutual subscriptions; about 100 bytes an item. */

static const char * const roster_domains[] = {
  "capulet.lit", "montague.lit", "jabber.example.org", "chat.example.net",
};

static const char * const roster_groups[] = {
  "Friends", "Family", "Work", "Verona", "Книжный клуб",
};

static const char * const roster_subscriptions[] = {
  "both", "both", "both", "to", "from", "none",
};

char *
bench_roster_item_dup_jid (guint index)
{
  return g_strdup_printf ("contact%05u@%s", index,
                          roster_domains[index % G_N_ELEMENTS (roster_domains)]);
}

void
bench_roster_item (GString *out, guint index)
{
  g_autofree char *jid = bench_roster_item_dup_jid (index);

  g_string_append_printf (out, "<item jid='%s' subscription='%s'", jid,
                          roster_subscriptions[index % G_N_ELEMENTS (roster_subscriptions)]);
  if (index % 4 != 3)
    g_string_append_printf (out, " name='Contact &amp; friend %u'", index);
  g_string_append_c (out, '>');
  if (index % 5 != 4)
    g_string_append_printf (out, "<group>%s</group>", roster_groups[index % G_N_ELEMENTS (roster_groups)]);
  if (index % 7 == 0)
    g_string_append (out, "<group>Favourites</group>");
  g_string_append (out, "</item>");
}
