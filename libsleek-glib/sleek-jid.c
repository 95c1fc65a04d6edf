/* sleek-jid.c: XMPP addresses (RFC 7622)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"

#include <stdarg.h>
#include <string.h>

/**
 * SleekJid:
 *
 * An XMPP address, or "Jabber ID", as defined by RFC 7622:
 * `localpart@domainpart/resourcepart`, where only the domainpart is
 * required.
 *
 * A `SleekJid` is immutable and atomically reference counted, so it can be
 * shared freely, also between threads. It can only be created from input
 * that passed validation, and it keeps every part in normalised form:
 *
 * - The localpart is prepared as the PRECIS UsernameCaseMapped profile
 *   (RFC 7613) asks: fullwidth and halfwidth characters are mapped to
 *   their ordinary forms, case is folded with Unicode default case folding
 *   (so `Σ`, `σ` and `ς` are one letter, and `ß` becomes `ss`), and the
 *   result is put in NFC. Characters that the PRECIS IdentifierClass
 *   disallows (spaces, controls, symbols, punctuation outside ASCII,
 *   compatibility characters, unassigned code points and so on) are
 *   rejected, as are the characters `"&'/:<>@` that RFC 7622 forbids.
 * - The domainpart loses one trailing dot. IPv4 addresses and bracketed
 *   IPv6 addresses (`[::1]`) are accepted, the latter written in canonical
 *   form. Domain names are mapped like the localpart, A-labels
 *   (`xn--…`) are converted to Unicode, and every label must be non-empty,
 *   at most 63 bytes long in its ASCII form, must not start or end with a
 *   hyphen, and may hold only letters, digits, combining marks, `-` and `_`.
 * - The resourcepart is prepared as the PRECIS OpaqueString profile asks:
 *   non-ASCII spaces become U+0020, the result is put in NFC, and control
 *   characters and other code points the FreeformClass disallows are
 *   rejected. Its case, and everything else, is kept as given.
 *
 * Every part is between 1 and 1023 bytes long once normalised.
 *
 * Two JIDs are equal ([method@Sleek.Jid.equal]) when their normalised full
 * forms are equal, and [method@Sleek.Jid.hash] agrees with that, so JIDs can
 * be keys of a [struct@GLib.HashTable].
 *
 * A few parts of the specifications are only approximated, because GLib's
 * Unicode API cannot express them: the bidi rule of RFC 5893 is not
 * checked, the contextual rules for joiners and a few punctuation marks
 * are replaced by plain rejection, the resourcepart accepts code points
 * that GLib's Unicode tables do not assign yet as well as the joiners,
 * variation selectors and tag characters that emoji sequences are made of,
 * and `_` is accepted in domain labels because deployed services use it.
 */

#define PART_MAX_BYTES 1023
#define LABEL_MAX_BYTES 63
#define DISPLAY_MAX_CHARS 64

struct _SleekJid
{
  gatomicrefcount ref_count;
  guint hash;
  char *local;     /* nullable */
  char *domain;
  char *resource;  /* nullable */
  char *bare;
  char *full;      /* the same pointer as bare when there is no resource */
};

G_DEFINE_BOXED_TYPE (SleekJid, sleek_jid, sleek_jid_ref, sleek_jid_unref)

/* What is being parsed, for error messages: either the whole input or the
 * separate parts. The display string is built on the first error only. */
typedef struct
{
  const char *input;
  const char *local;
  const char *domain;
  const char *resource;
  char *display;
} JidSource;

static void
jid_source_clear (JidSource *src)
{
  g_clear_pointer (&src->display, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JidSource, jid_source_clear)

/* Input made safe to show in a message: valid UTF-8, no invisible or
 * control characters, and not too long. */
static const char *
jid_source_display (JidSource *src)
{
  g_autoptr(GString) raw = NULL;
  g_autofree char *valid = NULL;
  GString *shown;
  const char *p;
  guint n = 0;

  if (src->display != NULL)
    return src->display;

  /* DISPLAY_MAX_CHARS characters take at most four bytes each */
  if (src->input != NULL)
    raw = g_string_new_len (src->input, strnlen (src->input, 4 * DISPLAY_MAX_CHARS + 1));
  else
    {
      raw = g_string_new (NULL);
      if (src->local != NULL)
        g_string_append_printf (raw, "%s@", src->local);
      if (src->domain != NULL)
        g_string_append (raw, src->domain);
      if (src->resource != NULL)
        g_string_append_printf (raw, "/%s", src->resource);
      g_string_truncate (raw, MIN (raw->len, 4 * DISPLAY_MAX_CHARS + 1));
    }

  valid = g_utf8_make_valid (raw->str, raw->len);
  shown = g_string_new (NULL);
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (n == DISPLAY_MAX_CHARS)
        {
          g_string_append (shown, "…");
          break;
        }
      if (!g_unichar_isprint (c) ||
          type == G_UNICODE_LINE_SEPARATOR ||
          type == G_UNICODE_PARAGRAPH_SEPARATOR)
        c = 0xFFFD;
      g_string_append_unichar (shown, c);
    }

  src->display = g_string_free (shown, FALSE);
  return src->display;
}

/* Sets @error and returns %NULL, so that callers can "return jid_fail (...)". */
G_GNUC_PRINTF (3, 4)
static gpointer
jid_fail (GError        **error,
          SleekJidError   code,
          const char     *format,
          ...)
{
  va_list args;

  if (error == NULL)
    return NULL;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SLEEK_JID_ERROR, code, format, args));
  va_end (args);
  return NULL;
}

/* A character for a message: itself when it is visible, else U+XXXX. */
static const char *
char_display (gunichar c,
              char     buf[16])
{
  if (g_unichar_isgraph (c))
    buf[g_unichar_to_utf8 (c, buf)] = '\0';
  else
    g_snprintf (buf, 16, "U+%04X", c);
  return buf;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Code point classes                                                  */

static gboolean
is_noncharacter (gunichar c)
{
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* Hangul_Syllable_Type L, V or T: the conjoining jamo. */
static gboolean
is_old_hangul_jamo (gunichar c)
{
  return (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0xA960 && c <= 0xA97F) ||
         (c >= 0xD7B0 && c <= 0xD7FF);
}

static gboolean
is_variation_selector (gunichar c)
{
  return (c >= 0x180B && c <= 0x180D) || c == 0x180F ||
         (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0100 && c <= 0xE01EF);
}

/* Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt). */
static gboolean
is_default_ignorable (gunichar c)
{
  static const struct { gunichar first, last; } ranges[] = {
    { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C },
    { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180F },
    { 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x206F },
    { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF },
    { 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFF8 }, { 0x1BCA0, 0x1BCA3 },
    { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (c >= ranges[i].first && c <= ranges[i].last)
      return TRUE;
  return FALSE;
}

/* HasCompat of RFC 8264: the compatibility decomposition differs from the
 * canonical one. (The strings checked are in NFC already, so this matches
 * the toNFKC (cp) != cp definition.) */
static gboolean
has_compat (gunichar c)
{
  gunichar canonical[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gunichar compat[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_canonical, n_compat;

  n_canonical = g_unichar_fully_decompose (c, FALSE, canonical, G_N_ELEMENTS (canonical));
  n_compat = g_unichar_fully_decompose (c, TRUE, compat, G_N_ELEMENTS (compat));
  return n_canonical != n_compat ||
         memcmp (canonical, compat, n_canonical * sizeof (gunichar)) != 0;
}

/* PRECIS IdentifierClass (RFC 8264 section 9), without the contextual
 * rules: those code points are rejected, except the Arabic-Indic digits. */
static gboolean
is_identifier_char (gunichar c)
{
  if (c >= 0x21 && c <= 0x7E)
    return TRUE;
  if (c < 0x80)
    return FALSE;

  /* RFC 5892 exceptions */
  switch (c)
    {
    case 0x00DF: case 0x03C2: case 0x06FD: case 0x06FE: case 0x0F0B: case 0x3007:
      return TRUE;
    case 0x0640: case 0x07FA: case 0x302E: case 0x302F: case 0x3031: case 0x3032:
    case 0x3033: case 0x3034: case 0x3035: case 0x303B:
      return FALSE;
    default:
      break;
    }

  if (is_noncharacter (c) || is_default_ignorable (c) || is_old_hangul_jamo (c))
    return FALSE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
      break;
    default:
      /* titlecase letters, other numbers, enclosing marks, spaces,
       * symbols, punctuation, controls, format characters, private use,
       * surrogates and unassigned code points */
      return FALSE;
    }

  return !has_compat (c);
}

static gboolean
is_local_char (gunichar c)
{
  /* RFC 7622 section 3.3.1 */
  if (c < 0x80 && strchr ("\"&'/:<>@", (int) c) != NULL)
    return FALSE;
  return is_identifier_char (c);
}

static gboolean
is_domain_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '-' || c == '_';
  return is_identifier_char (c);
}

/* PRECIS FreeformClass (RFC 8264 section 9), somewhat relaxed: see the
 * SleekJid documentation. */
static gboolean
is_resource_char (gunichar c)
{
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
    return FALSE;
  if (is_noncharacter (c) || is_old_hangul_jamo (c))
    return FALSE;
  /* zero width (non-)joiner, variation selectors and tags build emoji */
  if (c == 0x200C || c == 0x200D || is_variation_selector (c) ||
      (c >= 0xE0020 && c <= 0xE007F))
    return TRUE;
  if (is_default_ignorable (c))
    return FALSE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return FALSE;
    default:
      return TRUE;
    }
}

/* ------------------------------------------------------------------ */
/* Mappings                                                            */

static void
append_mapped (GString  *out,
               gunichar  c,
               gboolean  map_full_stops)
{
  /* RFC 5895 section 2: ideographic full stops separate labels */
  if (map_full_stops && c == 0x3002)
    g_string_append_c (out, '.');
  else
    g_string_append_unichar (out, c);
}

/* The PRECIS width mapping rule: fullwidth and halfwidth code points (all
 * of them are U+3000 or in the Halfwidth and Fullwidth Forms block) become
 * their <wide> or <narrow> decomposition. */
static char *
map_width (const char *s,
           gboolean    map_full_stops)
{
  GString *out = g_string_sized_new (strlen (s));

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x3000 || (c >= 0xFF01 && c <= 0xFFEE))
        {
          gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
          gsize n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));

          for (gsize i = 0; i < n; i++)
            append_mapped (out, decomposed[i], map_full_stops);
        }
      else
        append_mapped (out, c, map_full_stops);
    }

  return g_string_free (out, FALSE);
}

/* Unicode case folding keeps the Cherokee capitals and folds the small
 * letters to them, but g_utf8_casefold() lower-cases the capitals, so that
 * folding twice changes the string again. Fold the small letters back up. */
static void
fold_cherokee (char *s)
{
  for (char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* both forms take three bytes of UTF-8: rewrite in place */
      if (c >= 0xAB70 && c <= 0xABBF)
        g_unichar_to_utf8 (c - 0xAB70 + 0x13A0, p);
      else if (c >= 0x13F8 && c <= 0x13FD)
        g_unichar_to_utf8 (c - 0x13F8 + 0x13F0, p);
    }
}

/* Width mapping, case folding and NFC, shared by localparts and domain
 * names. */
static char *
fold_identifier (const char *s,
                 gboolean    map_full_stops)
{
  g_autofree char *mapped = NULL;
  g_autofree char *folded = NULL;

  if (is_ascii (s))
    return g_ascii_strdown (s, -1);

  mapped = map_width (s, map_full_stops);
  folded = g_utf8_casefold (mapped, -1);
  fold_cherokee (folded);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}

/* ------------------------------------------------------------------ */
/* The three parts                                                     */

static char *
prepare_local (JidSource   *src,
               const char  *raw,
               GError     **error)
{
  g_autofree char *local = NULL;

  if (*raw == '\0')
    return jid_fail (error, SLEEK_JID_ERROR_LOCAL_EMPTY,
                     _("The localpart of “%s” is empty"),
                     jid_source_display (src));

  local = fold_identifier (raw, FALSE);
  if (strlen (local) > PART_MAX_BYTES)
    return jid_fail (error, SLEEK_JID_ERROR_LOCAL_TOO_LONG,
                     _("The localpart of “%s” is longer than 1023 bytes"),
                     jid_source_display (src));

  for (const char *p = local; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[16];

      if (!is_local_char (c))
        return jid_fail (error, SLEEK_JID_ERROR_LOCAL_FORBIDDEN,
                         _("The localpart of “%s” contains the forbidden character “%s”"),
                         jid_source_display (src), char_display (c, buf));
    }

  return g_steal_pointer (&local);
}

/* Digits and exactly three dots: meant as an IPv4 address. */
static gboolean
looks_like_ipv4 (const char *s)
{
  guint dots = 0;

  for (; *s != '\0'; s++)
    {
      if (*s == '.')
        dots++;
      else if (!g_ascii_isdigit (*s))
        return FALSE;
    }
  return dots == 3;
}

static char *
prepare_ip_literal (JidSource   *src,
                    const char  *domain,
                    GError     **error)
{
  gsize len = strlen (domain);
  g_autofree char *inner = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GInetAddress) address = NULL;

  if (len < 3 || domain[len - 1] != ']')
    goto invalid;

  inner = g_strndup (domain + 1, len - 2);
  for (const char *p = inner; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
      goto invalid;

  address = g_inet_address_new_from_string (inner);
  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    goto invalid;

  canonical = g_inet_address_to_string (address);
  return g_strdup_printf ("[%s]", canonical);

invalid:
  return jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                   _("The domainpart of “%s” is not a valid IPv6 address literal"),
                   jid_source_display (src));
}

/* An A-label ("xn--…", in lower case) to its U-label, or %NULL unless the
 * label is the exact encoding of a non-ASCII, nameprep-stable U-label. */
static char *
decode_a_label (const char *label)
{
  g_autofree char *unicode = g_hostname_to_unicode (label);
  g_autofree char *ascii = NULL;

  if (unicode == NULL || *unicode == '\0' || is_ascii (unicode) ||
      !g_utf8_validate (unicode, -1, NULL))
    return NULL;

  /* This catches bad punycode, NULs, dots and anything nameprep changes. */
  ascii = g_hostname_to_ascii (unicode);
  if (ascii == NULL || g_ascii_strcasecmp (ascii, label) != 0)
    return NULL;

  return fold_identifier (unicode, FALSE);
}

static gboolean
append_label (JidSource   *src,
              GString     *out,
              const char  *label,
              GError     **error)
{
  g_autofree char *decoded = NULL;
  const char *unicode = label;
  gsize ascii_len;
  char buf[16];

  if (*label == '\0')
    {
      jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                _("The domainpart of “%s” contains an empty label"),
                jid_source_display (src));
      return FALSE;
    }

  if (g_str_has_prefix (label, "xn--"))
    {
      decoded = decode_a_label (label);
      if (decoded == NULL)
        {
          jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                    _("The domainpart of “%s” contains an invalid internationalized label"),
                    jid_source_display (src));
          return FALSE;
        }
      unicode = decoded;
    }

  for (const char *p = unicode; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_domain_char (c))
        {
          jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                    _("The domainpart of “%s” contains the forbidden character “%s”"),
                    jid_source_display (src), char_display (c, buf));
          return FALSE;
        }
    }

  if (unicode[0] == '-' || g_str_has_suffix (unicode, "-"))
    {
      jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                _("The domainpart of “%s” contains a label that starts or ends with a hyphen"),
                jid_source_display (src));
      return FALSE;
    }

  if (decoded != NULL || is_ascii (unicode))
    ascii_len = strlen (label);
  else
    {
      g_autofree char *ascii = g_hostname_to_ascii (unicode);

      /* GLib also refuses A-labels longer than 63 bytes here */
      if (ascii == NULL)
        {
          jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                    _("The domainpart of “%s” contains a label that cannot be encoded as an A-label of at most 63 bytes"),
                    jid_source_display (src));
          return FALSE;
        }
      ascii_len = strlen (ascii);
    }
  if (ascii_len > LABEL_MAX_BYTES)
    {
      jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                _("The domainpart of “%s” contains a label longer than 63 bytes"),
                jid_source_display (src));
      return FALSE;
    }

  if (out->len > 0)
    g_string_append_c (out, '.');
  g_string_append (out, unicode);
  return TRUE;
}

static char *
prepare_domain (JidSource   *src,
                const char  *raw,
                GError     **error)
{
  g_autofree char *domain = NULL;
  g_autoptr(GString) out = NULL;
  const char *label;
  gsize len;

  if (*raw == '\0')
    goto empty;

  domain = fold_identifier (raw, TRUE);
  len = strlen (domain);
  if (domain[len - 1] == '.')
    domain[--len] = '\0';
  if (len == 0)
    goto empty;
  /* Decoding A-labels shrinks a name by less than this; don't spend time
   * on labels of a name that is far too long anyway. */
  if (len > 4 * PART_MAX_BYTES)
    goto too_long;

  if (domain[0] == '[')
    return prepare_ip_literal (src, domain, error);

  if (looks_like_ipv4 (domain))
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (domain);

      if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
        return jid_fail (error, SLEEK_JID_ERROR_DOMAIN_INVALID,
                         _("The domainpart of “%s” is not a valid IPv4 address"),
                         jid_source_display (src));
      return g_steal_pointer (&domain);
    }

  out = g_string_sized_new (len);
  label = domain;
  for (;;)
    {
      char *dot = strchr (label, '.');

      if (dot != NULL)
        *dot = '\0';
      if (!append_label (src, out, label, error))
        return NULL;
      if (dot == NULL)
        break;
      label = dot + 1;
    }

  if (out->len > PART_MAX_BYTES)
    goto too_long;
  return g_string_free (g_steal_pointer (&out), FALSE);

empty:
  return jid_fail (error, SLEEK_JID_ERROR_DOMAIN_EMPTY,
                   _("The domainpart of “%s” is empty"),
                   jid_source_display (src));

too_long:
  return jid_fail (error, SLEEK_JID_ERROR_DOMAIN_TOO_LONG,
                   _("The domainpart of “%s” is longer than 1023 bytes"),
                   jid_source_display (src));
}

static char *
prepare_resource (JidSource   *src,
                  const char  *raw,
                  GError     **error)
{
  g_autofree char *resource = NULL;

  if (*raw == '\0')
    return jid_fail (error, SLEEK_JID_ERROR_RESOURCE_EMPTY,
                     _("The resourcepart of “%s” is empty"),
                     jid_source_display (src));

  if (is_ascii (raw))
    resource = g_strdup (raw);
  else
    {
      g_autoptr(GString) spaced = g_string_sized_new (strlen (raw));

      /* OpaqueString additional mapping: non-ASCII spaces to U+0020 */
      for (const char *p = raw; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
            c = ' ';
          g_string_append_unichar (spaced, c);
        }
      resource = g_utf8_normalize (spaced->str, spaced->len, G_NORMALIZE_NFC);
    }

  if (strlen (resource) > PART_MAX_BYTES)
    return jid_fail (error, SLEEK_JID_ERROR_RESOURCE_TOO_LONG,
                     _("The resourcepart of “%s” is longer than 1023 bytes"),
                     jid_source_display (src));

  for (const char *p = resource; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[16];

      if (!is_resource_char (c))
        return jid_fail (error, SLEEK_JID_ERROR_RESOURCE_FORBIDDEN,
                         _("The resourcepart of “%s” contains the forbidden character “%s”"),
                         jid_source_display (src), char_display (c, buf));
    }

  return g_steal_pointer (&resource);
}

/* ------------------------------------------------------------------ */
/* Construction                                                        */

/* Takes the normalised parts. */
static SleekJid *
jid_new_take (char *local,
              char *domain,
              char *resource)
{
  SleekJid *jid = g_new0 (SleekJid, 1);

  g_atomic_ref_count_init (&jid->ref_count);
  jid->local = local;
  jid->domain = domain;
  jid->resource = resource;
  if (local != NULL)
    jid->bare = g_strconcat (local, "@", domain, NULL);
  else
    jid->bare = g_strdup (domain);
  if (resource != NULL)
    jid->full = g_strconcat (jid->bare, "/", resource, NULL);
  else
    jid->full = jid->bare;
  jid->hash = g_str_hash (jid->full);
  return jid;
}

static SleekJid *
jid_new_checked (JidSource   *src,
                 const char  *local_raw,
                 const char  *domain_raw,
                 const char  *resource_raw,
                 GError     **error)
{
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *resource = NULL;

  if (local_raw != NULL && (local = prepare_local (src, local_raw, error)) == NULL)
    return NULL;
  if ((domain = prepare_domain (src, domain_raw, error)) == NULL)
    return NULL;
  if (resource_raw != NULL && (resource = prepare_resource (src, resource_raw, error)) == NULL)
    return NULL;

  return jid_new_take (g_steal_pointer (&local),
                       g_steal_pointer (&domain),
                       g_steal_pointer (&resource));
}

/* The parser behind sleek_jid_new(). */
static SleekJid *
jid_parse (const char  *jid,
           GError     **error)
{
  g_auto(JidSource) src = { jid, NULL, NULL, NULL, NULL };
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  const char *slash;
  const char *at;
  gsize head_len;

  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*jid == '\0')
    return jid_fail (error, SLEEK_JID_ERROR_EMPTY, _("The JID is empty"));
  if (!g_utf8_validate (jid, -1, NULL))
    return jid_fail (error, SLEEK_JID_ERROR_INVALID_UTF8,
                     _("The JID “%s” is not valid UTF-8"),
                     jid_source_display (&src));

  slash = strchr (jid, '/');
  head_len = slash != NULL ? (gsize) (slash - jid) : strlen (jid);
  at = memchr (jid, '@', head_len);
  if (at != NULL)
    {
      local = g_strndup (jid, at - jid);
      domain = g_strndup (at + 1, head_len - (at - jid) - 1);
    }
  else
    domain = g_strndup (jid, head_len);

  return jid_new_checked (&src, local, domain, slash != NULL ? slash + 1 : NULL, error);
}

/* Parsing a JID is costly (UTF-8 checks, normalisation, case folding) and
 * a stream sees the same few addresses again and again, so each thread
 * keeps the last JIDs it parsed in a small direct-mapped table. JIDs are
 * immutable, so a hit shares the parsed one. The table is bounded (slots
 * and string length), so a peer sending endless distinct addresses only
 * ever evicts. */
#define JID_CACHE_SLOTS 128   /* two-way: pairs of slots */
#define JID_CACHE_MAX_LEN 256

typedef struct {
  char *raw;
  SleekJid *jid;
  guint32 used;   /* when it was last hit, to evict the older of a pair */
} JidCacheSlot;

typedef struct {
  guint32 clock;
  JidCacheSlot slots[JID_CACHE_SLOTS];
} JidCache;

static void
jid_cache_free (gpointer data)
{
  JidCache *cache = data;

  for (guint i = 0; i < JID_CACHE_SLOTS; i++)
    {
      g_free (cache->slots[i].raw);
      if (cache->slots[i].jid != NULL)
        sleek_jid_unref (cache->slots[i].jid);
    }
  g_free (cache);
}

static GPrivate jid_cache_key = G_PRIVATE_INIT (jid_cache_free);

/**
 * sleek_jid_new:
 * @jid: a JID such as `juliet@example.com/balcony`
 * @error: return location for a [error@Sleek.JidError]
 *
 * Parses and normalises @jid as RFC 7622 section 3.1 describes: the
 * resourcepart is everything after the first `/` (so it may itself hold
 * `/` and `@`), the localpart is everything before the first `@` that
 * comes before that `/`, and the rest is the domainpart.
 *
 * Parsed JIDs are shared: a thread keeps the last few it parsed, and
 * parsing the same string again returns another reference to the same
 * immutable JID.
 *
 * Returns: (transfer full): a new JID, or %NULL with @error set when @jid
 *   is not a valid JID
 */
/* Which set of the per-thread cache a JID string goes to: from its length
 * and its first and last eight bytes (most JIDs that share a beginning,
 * one domain or one room, differ at the end), not from every byte. Equal
 * sets are told apart by comparing the strings, so this only spreads. */
static guint32
jid_cache_hash (const char *jid, gsize len)
{
  guint64 head = 0;
  guint64 tail = 0;
  guint64 mixed;

  if (len >= sizeof head)
    {
      memcpy (&head, jid, sizeof head);
      memcpy (&tail, jid + len - sizeof tail, sizeof tail);
    }
  else
    memcpy (&head, jid, len);
  mixed = (head ^ (tail * 0x9E3779B97F4A7C15u) ^ len) * 0xD6E8FEB86659FD93u;
  /* The top bits are the best mixed: six of them, the cache's 64 sets. */
  G_STATIC_ASSERT (JID_CACHE_SLOTS / 2 == 1 << 6);
  return (guint32) (mixed >> (64 - 6));
}

SleekJid *
sleek_jid_new (const char  *jid,
               GError     **error)
{
  JidCache *cache;
  JidCacheSlot *pair;
  JidCacheSlot *slot;
  gsize len;
  guint32 hash;
  SleekJid *parsed;

  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (jid);
  if (len == 0 || len > JID_CACHE_MAX_LEN)
    return jid_parse (jid, error);

  cache = g_private_get (&jid_cache_key);
  if (cache == NULL)
    {
      cache = g_new0 (JidCache, 1);
      g_private_set (&jid_cache_key, cache);
    }
  hash = jid_cache_hash (jid, len);
  pair = &cache->slots[hash * 2];
  for (guint i = 0; i < 2; i++)
    if (pair[i].raw != NULL && strcmp (pair[i].raw, jid) == 0)
      {
        pair[i].used = ++cache->clock;
        return sleek_jid_ref (pair[i].jid);
      }

  parsed = jid_parse (jid, error);
  if (parsed != NULL)
    {
      slot = pair[0].used <= pair[1].used ? &pair[0] : &pair[1];
      slot->used = ++cache->clock;
      g_free (slot->raw);
      if (slot->jid != NULL)
        sleek_jid_unref (slot->jid);
      slot->raw = g_strndup (jid, len);
      slot->jid = sleek_jid_ref (parsed);
    }
  return parsed;
}

/**
 * sleek_jid_new_from_parts:
 * @local: (nullable): the localpart, or %NULL for none
 * @domain: the domainpart
 * @resource: (nullable): the resourcepart, or %NULL for none
 * @error: return location for a [error@Sleek.JidError]
 *
 * Builds a JID from its parts, each validated and normalised exactly as
 * [ctor@Sleek.Jid.new] does. Unlike in a string, `@` is then an error in
 * @local, and `/` and `@` are errors in @domain, while @resource may hold
 * anything a resourcepart may. An empty string is not the same as %NULL:
 * it is rejected as an empty part.
 *
 * Returns: (transfer full): a new JID, or %NULL with @error set when a
 *   part is invalid
 */
SleekJid *
sleek_jid_new_from_parts (const char  *local,
                          const char  *domain,
                          const char  *resource,
                          GError     **error)
{
  g_auto(JidSource) src = { NULL, local, domain, resource, NULL };

  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((local != NULL && !g_utf8_validate (local, -1, NULL)) ||
      !g_utf8_validate (domain, -1, NULL) ||
      (resource != NULL && !g_utf8_validate (resource, -1, NULL)))
    return jid_fail (error, SLEEK_JID_ERROR_INVALID_UTF8,
                     _("The JID “%s” is not valid UTF-8"),
                     jid_source_display (&src));

  return jid_new_checked (&src, local, domain, resource, error);
}

/**
 * sleek_jid_ref:
 * @jid: a JID
 *
 * Takes a reference on @jid. This is thread-safe.
 *
 * Returns: (transfer full): @jid
 */
SleekJid *
sleek_jid_ref (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  g_atomic_ref_count_inc (&jid->ref_count);
  return jid;
}

/**
 * sleek_jid_unref:
 * @jid: (transfer full): a JID
 *
 * Drops a reference on @jid, and frees it when that was the last one.
 * This is thread-safe.
 */
void
sleek_jid_unref (SleekJid *jid)
{
  g_return_if_fail (jid != NULL);

  if (!g_atomic_ref_count_dec (&jid->ref_count))
    return;

  if (jid->full != jid->bare)
    g_free (jid->full);
  g_free (jid->bare);
  g_free (jid->local);
  g_free (jid->domain);
  g_free (jid->resource);
  g_free (jid);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

/**
 * sleek_jid_get_local:
 * @jid: a JID
 *
 * Gets the normalised localpart.
 *
 * Returns: (transfer none) (nullable): the normalised localpart, or %NULL
 *   when @jid has none
 */
const char *
sleek_jid_get_local (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  return jid->local;
}

/**
 * sleek_jid_get_domain:
 * @jid: a JID
 *
 * Gets the normalised domainpart.
 *
 * Returns: (transfer none): the normalised domainpart, in Unicode, without
 *   a trailing dot
 */
const char *
sleek_jid_get_domain (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  return jid->domain;
}

/**
 * sleek_jid_get_resource:
 * @jid: a JID
 *
 * Gets the resourcepart.
 *
 * Returns: (transfer none) (nullable): the normalised resourcepart, or
 *   %NULL when @jid is bare
 */
const char *
sleek_jid_get_resource (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  return jid->resource;
}

/**
 * sleek_jid_get_bare:
 * @jid: a JID
 *
 * The bare form of @jid: `local@domain`, or `domain` when there is no
 * localpart.
 *
 * Returns: (transfer none): the normalised bare JID, owned by @jid
 */
const char *
sleek_jid_get_bare (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  return jid->bare;
}

/**
 * sleek_jid_to_string:
 * @jid: a JID
 *
 * The full form of @jid, with the resourcepart when there is one. Parsing
 * it again gives a JID equal to @jid.
 *
 * Returns: (transfer none): the normalised full JID, owned by @jid
 */
const char *
sleek_jid_to_string (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  return jid->full;
}

/**
 * sleek_jid_is_bare:
 * @jid: a JID
 *
 * Checks whether the JID has no resourcepart.
 *
 * Returns: %TRUE when @jid has no resourcepart
 */
gboolean
sleek_jid_is_bare (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, FALSE);

  return jid->resource == NULL;
}

/**
 * sleek_jid_to_bare:
 * @jid: a JID
 *
 * The bare JID of @jid, without the resourcepart.
 *
 * Returns: (transfer full): a new reference to @jid itself when it is bare
 *   already, or else a new bare JID
 */
SleekJid *
sleek_jid_to_bare (SleekJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  if (jid->resource == NULL)
    return sleek_jid_ref (jid);
  return jid_new_take (g_strdup (jid->local), g_strdup (jid->domain), NULL);
}

/**
 * sleek_jid_with_resource:
 * @jid: a JID
 * @resource: (nullable): the new resourcepart, or %NULL for none
 * @error: return location for a [error@Sleek.JidError]
 *
 * A JID with the localpart and domainpart of @jid and @resource as its
 * resourcepart, which is validated and normalised as
 * [ctor@Sleek.Jid.new] does. With a %NULL @resource this is
 * [method@Sleek.Jid.to_bare].
 *
 * Returns: (transfer full): a JID (@jid itself when nothing changes), or
 *   %NULL with @error set when @resource is invalid
 */
SleekJid *
sleek_jid_with_resource (SleekJid    *jid,
                         const char  *resource,
                         GError     **error)
{
  g_auto(JidSource) src = { NULL, NULL, NULL, resource, NULL };
  g_autofree char *prepared = NULL;

  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (resource == NULL)
    return sleek_jid_to_bare (jid);

  src.local = jid->local;
  src.domain = jid->domain;
  if (!g_utf8_validate (resource, -1, NULL))
    return jid_fail (error, SLEEK_JID_ERROR_INVALID_UTF8,
                     _("The JID “%s” is not valid UTF-8"),
                     jid_source_display (&src));

  prepared = prepare_resource (&src, resource, error);
  if (prepared == NULL)
    return NULL;
  if (g_strcmp0 (prepared, jid->resource) == 0)
    return sleek_jid_ref (jid);

  return jid_new_take (g_strdup (jid->local), g_strdup (jid->domain),
                       g_steal_pointer (&prepared));
}

/* ------------------------------------------------------------------ */
/* Comparison                                                          */

/**
 * sleek_jid_equal:
 * @a: (nullable): a JID
 * @b: (nullable): another JID
 *
 * Compares the normalised full forms of two JIDs, so that
 * `Juliet@Example.COM/balcony` equals `juliet@example.com/balcony` but not
 * `juliet@example.com/Balcony`. Two %NULL JIDs are equal; %NULL and a JID
 * are not. This is a [callback@GLib.EqualFunc] for
 * [method@Sleek.Jid.hash].
 *
 * Returns: %TRUE when @a and @b are the same address
 */
gboolean
sleek_jid_equal (SleekJid *a,
                 SleekJid *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->hash == b->hash && strcmp (a->full, b->full) == 0;
}

/**
 * sleek_jid_equal_bare:
 * @a: (nullable): a JID
 * @b: (nullable): another JID
 *
 * Compares the normalised bare forms of two JIDs, ignoring their
 * resourceparts. Two %NULL JIDs are equal; %NULL and a JID are not.
 *
 * Returns: %TRUE when @a and @b belong to the same bare address
 */
gboolean
sleek_jid_equal_bare (SleekJid *a,
                      SleekJid *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return strcmp (a->bare, b->bare) == 0;
}

/**
 * sleek_jid_hash:
 * @jid: (nullable): a JID
 *
 * A hash of the normalised full form of @jid, consistent with
 * [method@Sleek.Jid.equal]; 0 for %NULL. Together they let JIDs be keys of
 * a [struct@GLib.HashTable]:
 *
 * ```c
 * table = g_hash_table_new_full ((GHashFunc) sleek_jid_hash,
 *                                (GEqualFunc) sleek_jid_equal,
 *                                (GDestroyNotify) sleek_jid_unref, NULL);
 * ```
 *
 * Returns: the hash value
 */
guint
sleek_jid_hash (SleekJid *jid)
{
  if (jid == NULL)
    return 0;
  return jid->hash;
}
