/* sleek-saslprep.c: SASLprep (RFC 4013), the stringprep (RFC 3454) profile for SASL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The steps of RFC 3454 section 2 with the tables of RFC 4013:
 *   1. map: non-ASCII spaces (C.1.2) to U+0020, "commonly mapped to
 *      nothing" (B.1) to nothing;
 *   2. normalise to NFKC;
 *   3. prohibit C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9,
 *      and for stored strings unassigned code points (A.1);
 *   4. check bidirectional text (section 6) with D.1 and D.2.
 *
 * Approximations, all on characters that user names and passwords hardly
 * ever hold:
 *   - NFKC and "unassigned" follow GLib's Unicode version instead of
 *     Unicode 3.2: a code point assigned after 3.2 is accepted in a stored
 *     string, and the few characters whose decomposition changed since
 *     then normalise the new way;
 *   - D.2 (LCat, left-to-right characters) is taken to be the letters,
 *     letter numbers and spacing marks that are not in D.1, as GLib
 *     classifies them, rather than RFC 3454's list;
 *   - U+200B ZERO WIDTH SPACE is in both C.1.2 and B.1; it is mapped to a
 *     space, as the order of RFC 4013 section 2.1 reads.
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

typedef struct {
  gunichar first;
  gunichar last;
} Range;

/* B.1 */
static const Range mapped_to_nothing[] = {
  { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x1806, 0x1806 },
  { 0x180B, 0x180D }, { 0x200B, 0x200D }, { 0x2060, 0x2060 },
  { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF },
};

/* C.1.2 */
static const Range non_ascii_space[] = {
  { 0x00A0, 0x00A0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200B },
  { 0x202F, 0x202F }, { 0x205F, 0x205F }, { 0x3000, 0x3000 },
};

/* C.2.1, C.2.2, C.3, C.4 (but the last two code points of each plane,
 * checked apart), C.5, C.6, C.7, C.8 and C.9; C.1.2 is mapped away before
 * this check. */
static const Range prohibited[] = {
  /* C.2.1 ASCII control characters */
  { 0x0000, 0x001F }, { 0x007F, 0x007F },
  /* C.2.2 non-ASCII control characters */
  { 0x0080, 0x009F }, { 0x06DD, 0x06DD }, { 0x070F, 0x070F },
  { 0x180E, 0x180E }, { 0x200C, 0x200D }, { 0x2028, 0x2029 },
  { 0x2060, 0x2063 }, { 0x206A, 0x206F }, { 0xFEFF, 0xFEFF },
  { 0xFFF9, 0xFFFC }, { 0x1D173, 0x1D17A },
  /* C.3 private use */
  { 0xE000, 0xF8FF }, { 0xF0000, 0xFFFFD }, { 0x100000, 0x10FFFD },
  /* C.4 non-character code points */
  { 0xFDD0, 0xFDEF },
  /* C.5 surrogate codes */
  { 0xD800, 0xDFFF },
  /* C.6 inappropriate for plain text */
  { 0xFFF9, 0xFFFD },
  /* C.7 inappropriate for canonical representation */
  { 0x2FF0, 0x2FFB },
  /* C.8 change display properties or are deprecated */
  { 0x0340, 0x0341 }, { 0x200E, 0x200F }, { 0x202A, 0x202E },
  /* C.9 tagging characters */
  { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F },
};

/* D.1 characters with bidirectional property "R" or "AL" */
static const Range rand_al_cat[] = {
  { 0x05BE, 0x05BE }, { 0x05C0, 0x05C0 }, { 0x05C3, 0x05C3 },
  { 0x05D0, 0x05EA }, { 0x05F0, 0x05F4 }, { 0x061B, 0x061B },
  { 0x061F, 0x061F }, { 0x0621, 0x063A }, { 0x0640, 0x064A },
  { 0x066D, 0x066F }, { 0x0671, 0x06D5 }, { 0x06DD, 0x06DD },
  { 0x06E5, 0x06E6 }, { 0x06FA, 0x06FE }, { 0x0700, 0x070D },
  { 0x0710, 0x0710 }, { 0x0712, 0x072C }, { 0x0780, 0x07A5 },
  { 0x07B1, 0x07B1 }, { 0x200F, 0x200F }, { 0xFB1D, 0xFB1D },
  { 0xFB1F, 0xFB28 }, { 0xFB2A, 0xFB36 }, { 0xFB38, 0xFB3C },
  { 0xFB3E, 0xFB3E }, { 0xFB40, 0xFB41 }, { 0xFB43, 0xFB44 },
  { 0xFB46, 0xFBB1 }, { 0xFBD3, 0xFD3D }, { 0xFD50, 0xFD8F },
  { 0xFD92, 0xFDC7 }, { 0xFDF0, 0xFDFC }, { 0xFE70, 0xFE74 },
  { 0xFE76, 0xFEFC },
};

static gboolean
in_ranges (const Range *ranges, gsize n, gunichar c)
{
  for (gsize i = 0; i < n; i++)
    if (c >= ranges[i].first && c <= ranges[i].last)
      return TRUE;
  return FALSE;
}

#define IN(table, c) in_ranges ((table), G_N_ELEMENTS (table), (c))

static gboolean
is_prohibited (gunichar c)
{
  /* C.4: U+nFFFE and U+nFFFF of every plane */
  if ((c & 0xFFFE) == 0xFFFE)
    return TRUE;
  return IN (non_ascii_space, c) || IN (prohibited, c);
}

static gboolean
is_rand_al_cat (gunichar c)
{
  return IN (rand_al_cat, c);
}

static gboolean
is_l_cat (gunichar c)
{
  if (is_rand_al_cat (c))
    return FALSE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

char *
sleek_saslprep (const char *input, SleekSaslprepMode mode, GError **error)
{
  GString *mapped;
  g_autoptr(SleekSecret) mapped_text = NULL;
  g_autoptr(SleekSecret) normalized = NULL;
  gboolean has_rand_al = FALSE;
  gboolean has_l = FALSE;
  gunichar first = 0;
  gunichar last = 0;

  g_return_val_if_fail (input != NULL, NULL);

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                           _("it is not valid UTF-8"));
      return NULL;
    }

  mapped = g_string_sized_new (strlen (input));
  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (IN (non_ascii_space, c))
        g_string_append_c (mapped, ' ');
      else if (!IN (mapped_to_nothing, c))
        g_string_append_unichar (mapped, c);
    }
  mapped_text = g_string_free (mapped, FALSE);

  normalized = g_utf8_normalize (mapped_text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                           _("it cannot be normalised"));
      return NULL;
    }

  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_prohibited (c))
        {
          g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                               _("it holds a character that SASLprep prohibits"));
          return NULL;
        }
      if (mode == SLEEK_SASLPREP_STORED && g_unichar_type (c) == G_UNICODE_UNASSIGNED)
        {
          g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                               _("it holds a code point that Unicode does not assign"));
          return NULL;
        }
      if (p == normalized)
        first = c;
      last = c;
      has_rand_al |= is_rand_al_cat (c);
      has_l |= is_l_cat (c);
    }

  if (has_rand_al && has_l)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                           _("it mixes right-to-left and left-to-right characters"));
      return NULL;
    }
  if (has_rand_al && (!is_rand_al_cat (first) || !is_rand_al_cat (last)))
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                           _("right-to-left text must start and end with a right-to-left character"));
      return NULL;
    }
  return g_steal_pointer (&normalized);
}
