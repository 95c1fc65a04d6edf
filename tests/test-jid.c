/* test-jid.c: SleekJid parsing, normalisation and comparison (RFC 7622)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include <string.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static SleekJid *
parse_ok (const char *input)
{
  g_autoptr(GError) error = NULL;
  SleekJid *jid = sleek_jid_new (input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jid);
  return jid;
}

static void
assert_parts (SleekJid   *jid,
              const char *local,
              const char *domain,
              const char *resource)
{
  g_autofree char *bare = NULL;
  g_autofree char *full = NULL;

  g_assert_cmpstr (sleek_jid_get_local (jid), ==, local);
  g_assert_cmpstr (sleek_jid_get_domain (jid), ==, domain);
  g_assert_cmpstr (sleek_jid_get_resource (jid), ==, resource);

  bare = local != NULL ? g_strconcat (local, "@", domain, NULL) : g_strdup (domain);
  full = resource != NULL ? g_strconcat (bare, "/", resource, NULL) : g_strdup (bare);
  g_assert_cmpstr (sleek_jid_get_bare (jid), ==, bare);
  g_assert_cmpstr (sleek_jid_to_string (jid), ==, full);
  g_assert_true (sleek_jid_is_bare (jid) == (resource == NULL));
}

/* Normalisation is idempotent: the string form parses to the same JID, and
 * so do the parts. */
static void
assert_round_trip (SleekJid *jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) again = NULL;
  g_autoptr(SleekJid) from_parts = NULL;

  again = sleek_jid_new (sleek_jid_to_string (jid), &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (jid, again));
  g_assert_cmpstr (sleek_jid_to_string (again), ==, sleek_jid_to_string (jid));
  g_assert_cmpuint (sleek_jid_hash (again), ==, sleek_jid_hash (jid));

  from_parts = sleek_jid_new_from_parts (sleek_jid_get_local (jid),
                                         sleek_jid_get_domain (jid),
                                         sleek_jid_get_resource (jid),
                                         &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (jid, from_parts));
}

static void
assert_parse_error (const char    *input,
                    SleekJidError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) jid = NULL;
  g_autoptr(SleekJid) jid_no_error = NULL;

  jid = sleek_jid_new (input, &error);
  g_assert_error (error, SLEEK_JID_ERROR, (gint) code);
  g_assert_null (jid);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");
  /* input is never echoed raw: no control characters in the message */
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);

  /* and quietly without a GError */
  jid_no_error = sleek_jid_new (input, NULL);
  g_assert_null (jid_no_error);
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* RFC 7622 section 3.5, numbered as in the RFC                        */

typedef struct
{
  guint number;
  const char *input;
  const char *local;
  const char *domain;
  const char *resource;
} ValidCase;

static const ValidCase rfc_valid[] = {
  { 1, "juliet@example.com", "juliet", "example.com", NULL },
  { 2, "juliet@example.com/foo", "juliet", "example.com", "foo" },
  { 3, "juliet@example.com/foo bar", "juliet", "example.com", "foo bar" },
  { 4, "juliet@example.com/foo@bar", "juliet", "example.com", "foo@bar" },
  { 5, "foo\\20bar@example.com", "foo\\20bar", "example.com", NULL },
  { 6, "fussball@example.com", "fussball", "example.com", NULL },
  /* default case folding (RFC 7613) turns ß into ss */
  { 7, "fußball@example.com", "fussball", "example.com", NULL },
  { 8, "π@example.com", "π", "example.com", NULL },
  /* U+03A3, U+03C3 and U+03C2 all fold to U+03C3 */
  { 9, "Σ@example.com/foo", "σ", "example.com", "foo" },
  { 10, "σ@example.com/foo", "σ", "example.com", "foo" },
  { 11, "ς@example.com/foo", "σ", "example.com", "foo" },
  { 12, "king@example.com/♚", "king", "example.com", "♚" },
  { 13, "example.com", NULL, "example.com", NULL },
  { 14, "example.com/foobar", NULL, "example.com", "foobar" },
  { 15, "a.example.com/b@example.net", NULL, "a.example.com", "b@example.net" },
};

/* Example 18 ("juliet@example.com/ foo", leading space in the resourcepart)
 * was listed as invalid, but erratum 4560 removed it: OpaqueString allows
 * that space. */
static const ValidCase rfc_erratum_4560 =
  { 18, "juliet@example.com/ foo", "juliet", "example.com", " foo" };

typedef struct
{
  const char *name;
  const char *input;
  SleekJidError code;
} InvalidCase;

static const InvalidCase rfc_invalid[] = {
  { "16", "\"juliet\"@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "17", "foo bar@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "19", "@example.com/", SLEEK_JID_ERROR_LOCAL_EMPTY },
  /* U+2163 ROMAN NUMERAL FOUR: a compatibility character */
  { "20", "henry\u2163@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  /* U+265A BLACK CHESS KING: a symbol */
  { "21", "♚@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "22", "juliet@", SLEEK_JID_ERROR_DOMAIN_EMPTY },
  { "23", "/foobar", SLEEK_JID_ERROR_DOMAIN_EMPTY },
};

static void
test_valid (gconstpointer data)
{
  const ValidCase *c = data;
  g_autoptr(SleekJid) jid = parse_ok (c->input);

  assert_parts (jid, c->local, c->domain, c->resource);
  assert_round_trip (jid);
}

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;

  assert_parse_error (c->input, c->code);
}

/* ------------------------------------------------------------------ */
/* More valid input: normalisation of each part                        */

typedef struct
{
  const char *name;
  const char *input;
  const char *local;
  const char *domain;
  const char *resource;
} NamedValidCase;

static const NamedValidCase valid_cases[] = {
  /* case: folded in localpart and domainpart, kept in resourcepart */
  { "case-folding", "JuLiEt@ExAmPlE.CoM/BaLcOnY", "juliet", "example.com", "BaLcOnY" },
  { "case-folding-non-ascii", "ÉLODIE@ÉCOLE.EXAMPLE/Élan", "élodie", "école.example", "Élan" },
  /* U+212A KELVIN SIGN folds to an ASCII k */
  { "case-folding-kelvin", "\u212Aing@example.com", "king", "example.com", NULL },
  /* width mapping in localpart and domainpart only */
  { "width-mapping", "ＪＵＬＩＥＴ@ｅｘａｍｐｌｅ．ｃｏｍ/ｒｅｓ", "juliet", "example.com", "ｒｅｓ" },
  { "halfwidth-katakana", "ｶﾀｶﾅ@example.com", "カタカナ", "example.com", NULL },
  /* NFC: decomposed input gives precomposed parts */
  { "nfc-local", "e\u0301@example.com", "é", "example.com", NULL },
  { "nfc-domain", "juliet@cafe\u0301.example", "juliet", "café.example", NULL },
  { "nfc-resource", "juliet@example.com/Re\u0301s", "juliet", "example.com", "Rés" },
  /* IDNA: A-labels become U-labels */
  { "idna", "juliet@xn--mnchen-3ya.de", "juliet", "münchen.de", NULL },
  { "idna-upper-case", "juliet@XN--MNCHEN-3YA.DE", "juliet", "münchen.de", NULL },
  { "idna-unicode", "juliet@MÜNCHEN.de", "juliet", "münchen.de", NULL },
  { "idna-ideographic-full-stop", "juliet@example\u3002com", "juliet", "example.com", NULL },
  /* one trailing dot is dropped */
  { "trailing-dot", "juliet@example.com./balcony", "juliet", "example.com", "balcony" },
  { "trailing-dot-domain-only", "example.com.", NULL, "example.com", NULL },
  /* IP literals */
  { "ipv4", "juliet@192.0.2.1/balcony", "juliet", "192.0.2.1", "balcony" },
  { "ipv4-trailing-dot", "192.0.2.1.", NULL, "192.0.2.1", NULL },
  { "ipv4-fullwidth", "juliet@１９２．０．２．１", "juliet", "192.0.2.1", NULL },
  { "ipv6", "juliet@[2001:db8::1]/balcony", "juliet", "[2001:db8::1]", "balcony" },
  { "ipv6-canonical", "juliet@[2001:DB8:0:0::1]", "juliet", "[2001:db8::1]", NULL },
  { "ipv6-loopback", "[::1]", NULL, "[::1]", NULL },
  { "ipv6-v4-mapped", "[::FFFF:192.0.2.1]", NULL, "[::ffff:192.0.2.1]", NULL },
  /* domain names that are not strictly LDH */
  { "domain-underscore", "juliet@my_host.example", "juliet", "my_host.example", NULL },
  { "domain-numeric-label", "juliet@123.example", "juliet", "123.example", NULL },
  { "domain-single-label", "juliet@localhost", "juliet", "localhost", NULL },
  /* resourcepart: OpaqueString */
  { "resource-slashes", "juliet@example.com/a/b/c", "juliet", "example.com", "a/b/c" },
  { "resource-nbsp", "juliet@example.com/foo\u00A0bar", "juliet", "example.com", "foo bar" },
  { "resource-ideographic-space", "juliet@example.com/foo\u3000bar", "juliet", "example.com", "foo bar" },
  { "resource-trailing-space", "juliet@example.com/foo ", "juliet", "example.com", "foo " },
  { "resource-emoji-zwj", "juliet@example.com/👩\u200D💻", "juliet", "example.com", "👩\u200D💻" },
  { "resource-emoji-vs16", "juliet@example.com/\u2764\uFE0F", "juliet", "example.com", "\u2764\uFE0F" },
  { "resource-compat", "juliet@example.com/ﬁ\u2163", "juliet", "example.com", "ﬁ\u2163" },
  { "resource-xml-specials", "juliet@example.com/<&'\">", "juliet", "example.com", "<&'\">" },
  /* localpart: allowed ASCII and scripts */
  { "local-ascii-punctuation", "a.b_c-d+e!#$%*=?^`{|}~@example.com", "a.b_c-d+e!#$%*=?^`{|}~", "example.com", NULL },
  { "local-cjk", "二ノ宮@example.com", "二ノ宮", "example.com", NULL },
  { "local-cyrillic", "МЕДВЕДЬ@example.com", "медведь", "example.com", NULL },
  { "local-combining-mark", "q\u0307@example.com", "q\u0307", "example.com", NULL },
  { "local-hangul-syllable", "\u1100\u1161@example.com", "\uAC00", "example.com", NULL },
  /* Cherokee folds to the capitals (GLib's own casefold gets this wrong) */
  { "local-cherokee-capital", "\u13CB@example.com", "\u13CB", "example.com", NULL },
  { "local-cherokee-small", "\uAB9B\u13F9@example.com", "\u13CB\u13F1", "example.com", NULL },
  { "domain-cherokee", "juliet@\uAB9B.example", "juliet", "\u13CB.example", NULL },
};

static void
test_named_valid (gconstpointer data)
{
  const NamedValidCase *c = data;
  g_autoptr(SleekJid) jid = parse_ok (c->input);

  assert_parts (jid, c->local, c->domain, c->resource);
  assert_round_trip (jid);
}

/* ------------------------------------------------------------------ */
/* More invalid input: one or more per error code                      */

static const InvalidCase invalid_cases[] = {
  { "empty", "", SLEEK_JID_ERROR_EMPTY },

  { "utf8-bad-byte", "\xff", SLEEK_JID_ERROR_INVALID_UTF8 },
  { "utf8-truncated", "juliet@example.com/\xc3", SLEEK_JID_ERROR_INVALID_UTF8 },
  { "utf8-overlong-slash", "juliet\xc0\xaf" "foo@example.com", SLEEK_JID_ERROR_INVALID_UTF8 },
  { "utf8-surrogate", "\xed\xa0\x80@example.com", SLEEK_JID_ERROR_INVALID_UTF8 },
  { "utf8-beyond-unicode", "juliet@example.com/\xf4\x90\x80\x80", SLEEK_JID_ERROR_INVALID_UTF8 },

  { "local-empty", "@example.com", SLEEK_JID_ERROR_LOCAL_EMPTY },
  { "local-empty-everything", "@", SLEEK_JID_ERROR_LOCAL_EMPTY },

  { "local-ampersand", "a&b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-apostrophe", "a'b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-colon", "a:b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-less-than", "a<b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-greater-than", "a>b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-tab", "a\tb@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-control", "jul\x01iet@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-delete", "a\x7f@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-nbsp", "a\u00A0b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-ideographic-space", "a\u3000b@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-zero-width-space", "a\u200Bb@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-zero-width-joiner", "a\u200Db@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-private-use", "\uE000@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-unassigned", "\u0378@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-noncharacter", "a\uFDD0@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-compat-letter", "\u00AAb@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-compat-number", "\u2460@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-titlecase", "\u01C5@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-punctuation", "\u00A1hola@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-old-hangul-jamo", "\u1100@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
  { "local-emoji", "💩@example.com", SLEEK_JID_ERROR_LOCAL_FORBIDDEN },

  { "domain-empty-after-at", "juliet@/balcony", SLEEK_JID_ERROR_DOMAIN_EMPTY },
  { "domain-only-dot", "juliet@.", SLEEK_JID_ERROR_DOMAIN_EMPTY },
  { "domain-only-slash", "/", SLEEK_JID_ERROR_DOMAIN_EMPTY },

  { "domain-second-at", "a@b@example.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-double-at", "user@@host", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-space", "juliet@exa mple.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-port", "juliet@example.com:5222", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-less-than", "juliet@exa<mple.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-control", "juliet@exa\x01mple.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-nul-escape", "juliet@exa\\00mple.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-symbol", "juliet@ex♚ample.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-empty-label", "juliet@example..com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-leading-dot", "juliet@.example.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-two-trailing-dots", "juliet@example.com..", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-leading-hyphen", "juliet@-example.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-trailing-hyphen", "juliet@example-.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-label-64", "juliet@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-bad-punycode", "juliet@xn--zz.de", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ascii-punycode", "juliet@xn--abc-.de", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-empty-punycode", "juliet@xn--.de", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-control-in-punycode", "juliet@xn--a\x01" "b.de", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-emoji", "juliet@💩.la", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-emoji-punycode", "juliet@xn--ls8h.la", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv4-out-of-range", "juliet@256.0.2.1", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv4-leading-zero", "juliet@192.0.2.01", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv4-empty-octet", "juliet@192..2.1", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-unclosed", "juliet@[::1", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-unopened", "juliet@::1]", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-bare", "juliet@::1", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-empty", "juliet@[]", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-zone", "juliet@[fe80::1%eth0]", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-holding-ipv4", "juliet@[192.0.2.1]", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-bad-digit", "juliet@[::g]", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-too-many-groups", "juliet@[1:2:3:4:5:6:7:8:9]", SLEEK_JID_ERROR_DOMAIN_INVALID },
  { "domain-ipv6-trailing-garbage", "juliet@[::1]x", SLEEK_JID_ERROR_DOMAIN_INVALID },

  { "resource-empty", "juliet@example.com/", SLEEK_JID_ERROR_RESOURCE_EMPTY },
  { "resource-empty-domain-only", "example.com/", SLEEK_JID_ERROR_RESOURCE_EMPTY },

  { "resource-bell", "juliet@example.com/a\x07" "b", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-tab", "juliet@example.com/a\tb", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-newline", "juliet@example.com/a\nb", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-delete", "juliet@example.com/a\x7f", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-c1-control", "juliet@example.com/a\xc2\x85", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-line-separator", "juliet@example.com/a\u2028b", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-noncharacter", "juliet@example.com/\xef\xbf\xbe", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-private-use", "juliet@example.com/\uE000", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-bidi-override", "juliet@example.com/abc\u202Edef", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-byte-order-mark", "juliet@example.com/\uFEFFabc", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  { "resource-soft-hyphen", "juliet@example.com/a\u00ADb", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
};

/* ------------------------------------------------------------------ */
/* Length limits: 1023 bytes per part after normalisation              */

static void
test_length_local (gconstpointer data)
{
  g_autofree char *local_1023 = repeat ("a", 1023);
  g_autofree char *local_1024 = repeat ("a", 1024);
  g_autofree char *ok = g_strconcat (local_1023, "@example.com", NULL);
  g_autofree char *too_long = g_strconcat (local_1024, "@example.com", NULL);
  g_autoptr(SleekJid) jid = parse_ok (ok);

  g_assert_cmpuint (strlen (sleek_jid_get_local (jid)), ==, 1023);
  assert_parse_error (too_long, SLEEK_JID_ERROR_LOCAL_TOO_LONG);
}

static void
test_length_local_bytes (gconstpointer data)
{
  /* 511 two-byte characters and one byte: 512 characters, 1023 bytes */
  g_autofree char *e_511 = repeat ("é", 511);
  g_autofree char *e_512 = repeat ("é", 512);
  g_autofree char *ok = g_strconcat (e_511, "a@example.com", NULL);
  g_autofree char *too_long = g_strconcat (e_512, "@example.com", NULL);
  g_autoptr(SleekJid) jid = parse_ok (ok);

  g_assert_cmpuint (strlen (sleek_jid_get_local (jid)), ==, 1023);
  assert_parse_error (too_long, SLEEK_JID_ERROR_LOCAL_TOO_LONG);
}

static void
test_length_after_normalisation (gconstpointer data)
{
  /* 1023 fullwidth letters are 3069 bytes, but 1023 once width-mapped */
  g_autofree char *wide = repeat ("Ａ", 1023);
  g_autofree char *narrow = repeat ("a", 1023);
  g_autofree char *input = g_strconcat (wide, "@example.com", NULL);
  /* 500 decomposed é are 1500 bytes, 1000 in NFC */
  g_autofree char *decomposed = repeat ("e\u0301", 500);
  g_autofree char *input2 = g_strconcat ("juliet@example.com/", decomposed, NULL);
  g_autoptr(SleekJid) jid = parse_ok (input);
  g_autoptr(SleekJid) jid2 = parse_ok (input2);

  g_assert_cmpstr (sleek_jid_get_local (jid), ==, narrow);
  g_assert_cmpuint (strlen (sleek_jid_get_resource (jid2)), ==, 1000);
}

static void
test_length_domain (gconstpointer data)
{
  g_autofree char *label_63 = repeat ("a", 63);
  g_autofree char *label_62 = repeat ("b", 62);
  g_auto(GStrv) labels_16 = g_new0 (char *, 17);
  g_auto(GStrv) labels_17 = g_new0 (char *, 18);
  g_autofree char *domain_1023 = NULL;
  g_autofree char *domain_1024 = NULL;
  g_autofree char *domain_1023_dot = NULL;
  g_autofree char *with_local = NULL;
  g_autoptr(SleekJid) jid = NULL;
  g_autoptr(SleekJid) jid_dot = NULL;
  g_autoptr(SleekJid) jid_local = NULL;

  /* 16 labels of 63 and 15 dots: 1023 bytes */
  for (guint i = 0; i < 16; i++)
    labels_16[i] = g_strdup (label_63);
  domain_1023 = g_strjoinv (".", labels_16);
  g_assert_cmpuint (strlen (domain_1023), ==, 1023);

  /* 15 labels of 63, one of 62, one of 1 and 16 dots: 1024 bytes */
  for (guint i = 0; i < 15; i++)
    labels_17[i] = g_strdup (label_63);
  labels_17[15] = g_strdup (label_62);
  labels_17[16] = g_strdup ("c");
  domain_1024 = g_strjoinv (".", labels_17);
  g_assert_cmpuint (strlen (domain_1024), ==, 1024);

  jid = parse_ok (domain_1023);
  g_assert_cmpuint (strlen (sleek_jid_get_domain (jid)), ==, 1023);
  assert_parse_error (domain_1024, SLEEK_JID_ERROR_DOMAIN_TOO_LONG);

  /* the trailing dot does not count */
  domain_1023_dot = g_strconcat (domain_1023, ".", NULL);
  jid_dot = parse_ok (domain_1023_dot);
  g_assert_true (sleek_jid_equal (jid, jid_dot));

  with_local = g_strconcat ("juliet@", domain_1023, "/balcony", NULL);
  jid_local = parse_ok (with_local);
  g_assert_cmpstr (sleek_jid_get_domain (jid_local), ==, domain_1023);
}

static void
test_length_domain_huge (gconstpointer data)
{
  g_autofree char *huge = repeat ("a.", 100000);
  g_autofree char *input = g_strconcat ("juliet@", huge, "com", NULL);

  assert_parse_error (input, SLEEK_JID_ERROR_DOMAIN_TOO_LONG);
}

static void
test_length_domain_label (gconstpointer data)
{
  g_autofree char *label_63 = repeat ("a", 63);
  g_autofree char *label_64 = repeat ("a", 64);
  g_autofree char *ok = g_strconcat ("juliet@", label_63, ".example", NULL);
  g_autofree char *too_long = g_strconcat ("juliet@", label_64, ".example", NULL);
  GString *cjk = g_string_new (NULL);
  g_autofree char *cjk_ok = NULL;
  g_autofree char *cjk_too_long = NULL;
  g_autofree char *cjk_ascii = NULL;
  g_autoptr(SleekJid) jid = parse_ok (ok);
  g_autoptr(SleekJid) jid_cjk = NULL;

  assert_parse_error (too_long, SLEEK_JID_ERROR_DOMAIN_INVALID);

  /* The limit is on the A-label: 19 scattered CJK ideographs take 57 bytes
   * of UTF-8 and 61 of punycode; 20 of them need more than 63. */
  for (guint i = 0; i < 19; i++)
    g_string_append_unichar (cjk, 0x9F00 - 300 * i);
  cjk_ascii = g_hostname_to_ascii (cjk->str);
  g_assert_nonnull (cjk_ascii);
  g_assert_cmpuint (strlen (cjk_ascii), <=, 63);
  cjk_ok = g_strconcat ("juliet@", cjk->str, ".example", NULL);
  jid_cjk = parse_ok (cjk_ok);

  g_string_append_unichar (cjk, 0x9F00 - 300 * 19);
  g_assert_cmpuint (cjk->len, <=, 63);
  cjk_too_long = g_strconcat ("juliet@", cjk->str, ".example", NULL);
  assert_parse_error (cjk_too_long, SLEEK_JID_ERROR_DOMAIN_INVALID);
  g_string_free (cjk, TRUE);
}

static void
test_length_resource (gconstpointer data)
{
  g_autofree char *res_1023 = repeat ("r", 1023);
  g_autofree char *res_1024 = repeat ("r", 1024);
  g_autofree char *ok = g_strconcat ("juliet@example.com/", res_1023, NULL);
  g_autofree char *too_long = g_strconcat ("juliet@example.com/", res_1024, NULL);
  g_autoptr(SleekJid) jid = parse_ok (ok);

  g_assert_cmpstr (sleek_jid_get_resource (jid), ==, res_1023);
  assert_parse_error (too_long, SLEEK_JID_ERROR_RESOURCE_TOO_LONG);
}

/* Every SleekJidError code can be produced, by a string or by parts. */
static void
test_error_codes (gconstpointer data)
{
  g_autofree char *long_part = repeat ("x", 1024);
  g_autofree char *long_domain = repeat ("x.", 600);
  GEnumClass *klass = g_type_class_ref (SLEEK_TYPE_JID_ERROR);

  for (guint i = 0; i < klass->n_values; i++)
    {
      SleekJidError code = klass->values[i].value;
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekJid) jid = NULL;

      switch (code)
        {
        case SLEEK_JID_ERROR_EMPTY:
          jid = sleek_jid_new ("", &error);
          break;
        case SLEEK_JID_ERROR_INVALID_UTF8:
          jid = sleek_jid_new_from_parts (NULL, "example.com", "\xfe", &error);
          break;
        case SLEEK_JID_ERROR_LOCAL_EMPTY:
          jid = sleek_jid_new_from_parts ("", "example.com", NULL, &error);
          break;
        case SLEEK_JID_ERROR_LOCAL_TOO_LONG:
          jid = sleek_jid_new_from_parts (long_part, "example.com", NULL, &error);
          break;
        case SLEEK_JID_ERROR_LOCAL_FORBIDDEN:
          jid = sleek_jid_new_from_parts ("a@b", "example.com", NULL, &error);
          break;
        case SLEEK_JID_ERROR_DOMAIN_EMPTY:
          jid = sleek_jid_new_from_parts ("juliet", "", NULL, &error);
          break;
        case SLEEK_JID_ERROR_DOMAIN_TOO_LONG:
          jid = sleek_jid_new_from_parts ("juliet", long_domain, NULL, &error);
          break;
        case SLEEK_JID_ERROR_DOMAIN_INVALID:
          jid = sleek_jid_new_from_parts ("juliet", "example.com/balcony", NULL, &error);
          break;
        case SLEEK_JID_ERROR_RESOURCE_EMPTY:
          jid = sleek_jid_new_from_parts ("juliet", "example.com", "", &error);
          break;
        case SLEEK_JID_ERROR_RESOURCE_TOO_LONG:
          jid = sleek_jid_new_from_parts ("juliet", "example.com", long_part, &error);
          break;
        case SLEEK_JID_ERROR_RESOURCE_FORBIDDEN:
          jid = sleek_jid_new_from_parts ("juliet", "example.com", "\r\n", &error);
          break;
        default:
          g_assert_not_reached ();
        }

      g_test_message ("%s: %s", klass->values[i].value_nick,
                      error != NULL ? error->message : "(no error)");
      g_assert_error (error, SLEEK_JID_ERROR, (gint) code);
      g_assert_null (jid);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  g_type_class_unref (klass);
}

/* ------------------------------------------------------------------ */
/* Normalisation and equality                                          */

static void
test_case_folding (gconstpointer data)
{
  g_autoptr(SleekJid) upper = parse_ok ("JULIET@EXAMPLE.COM/Balcony");
  g_autoptr(SleekJid) lower = parse_ok ("juliet@example.com/Balcony");
  g_autoptr(SleekJid) other_resource = parse_ok ("juliet@example.com/balcony");

  g_assert_true (sleek_jid_equal (upper, lower));
  g_assert_cmpuint (sleek_jid_hash (upper), ==, sleek_jid_hash (lower));
  g_assert_false (sleek_jid_equal (lower, other_resource));
  g_assert_true (sleek_jid_equal_bare (lower, other_resource));
}

static void
test_rfc_equivalences (gconstpointer data)
{
  g_autoptr(SleekJid) fussball = parse_ok ("fussball@example.com");
  g_autoptr(SleekJid) sharp_s = parse_ok ("fußball@example.com");
  g_autoptr(SleekJid) capital_sigma = parse_ok ("Σ@example.com/foo");
  g_autoptr(SleekJid) sigma = parse_ok ("σ@example.com/foo");
  g_autoptr(SleekJid) final_sigma = parse_ok ("ς@example.com/foo");
  g_autoptr(SleekJid) pi = parse_ok ("π@example.com/foo");

  g_assert_true (sleek_jid_equal (fussball, sharp_s));
  g_assert_true (sleek_jid_equal (capital_sigma, sigma));
  g_assert_true (sleek_jid_equal (sigma, final_sigma));
  g_assert_false (sleek_jid_equal (sigma, pi));
}

static void
test_nfc (gconstpointer data)
{
  g_autoptr(SleekJid) composed = parse_ok ("\u00E9lodie@caf\u00E9.example/R\u00E9s");
  g_autoptr(SleekJid) decomposed = parse_ok ("e\u0301lodie@cafe\u0301.example/Re\u0301s");
  g_autoptr(SleekJid) resource_only = parse_ok ("\u00E9lodie@caf\u00E9.example/Re\u0301s");

  g_assert_true (sleek_jid_equal (composed, decomposed));
  g_assert_true (sleek_jid_equal (composed, resource_only));
  g_assert_cmpstr (sleek_jid_to_string (decomposed), ==, "\u00E9lodie@caf\u00E9.example/R\u00E9s");
}

static void
test_idna (gconstpointer data)
{
  g_autoptr(SleekJid) ace = parse_ok ("juliet@xn--mnchen-3ya.de/balcony");
  g_autoptr(SleekJid) unicode = parse_ok ("juliet@münchen.de/balcony");
  g_autoptr(SleekJid) mixed = parse_ok ("juliet@MÜNCHEN.xn--mnchen-3ya.DE");

  g_assert_cmpstr (sleek_jid_get_domain (ace), ==, "münchen.de");
  g_assert_true (sleek_jid_equal (ace, unicode));
  g_assert_cmpstr (sleek_jid_get_domain (mixed), ==, "münchen.münchen.de");
}

static void
test_trailing_dot (gconstpointer data)
{
  g_autoptr(SleekJid) plain = parse_ok ("juliet@example.com/balcony");
  g_autoptr(SleekJid) dotted = parse_ok ("juliet@example.com./balcony");
  g_autoptr(SleekJid) parts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_jid_equal (plain, dotted));
  g_assert_cmpstr (sleek_jid_to_string (dotted), ==, "juliet@example.com/balcony");

  parts = sleek_jid_new_from_parts ("juliet", "example.com.", "balcony", &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (plain, parts));

  assert_parse_error ("juliet@example.com../balcony", SLEEK_JID_ERROR_DOMAIN_INVALID);
  assert_parse_error (".", SLEEK_JID_ERROR_DOMAIN_EMPTY);
}

static void
test_ip_literals (gconstpointer data)
{
  g_autoptr(SleekJid) v4 = parse_ok ("juliet@127.0.0.1/balcony");
  g_autoptr(SleekJid) v6 = parse_ok ("juliet@[::1]/balcony");
  g_autoptr(SleekJid) v6_long = parse_ok ("juliet@[0:0:0:0:0:0:0:1]/balcony");
  g_autoptr(SleekJid) v6_parts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sleek_jid_get_domain (v4), ==, "127.0.0.1");
  g_assert_cmpstr (sleek_jid_get_bare (v6), ==, "juliet@[::1]");
  g_assert_true (sleek_jid_equal (v6, v6_long));

  v6_parts = sleek_jid_new_from_parts ("juliet", "[::1]", "balcony", &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (v6, v6_parts));

  /* an IPv6 address must be bracketed, and an IPv4 one must not be */
  assert_parse_error ("juliet@::1/balcony", SLEEK_JID_ERROR_DOMAIN_INVALID);
  assert_parse_error ("juliet@[127.0.0.1]/balcony", SLEEK_JID_ERROR_DOMAIN_INVALID);
  assert_parse_error ("juliet@[::1/balcony]", SLEEK_JID_ERROR_DOMAIN_INVALID);
}

static void
test_invalid_utf8 (gconstpointer data)
{
  static const char *inputs[] = {
    "\x80",
    "juliet\xe2\x82@example.com",
    "juliet@exam\xffple.com",
    "juliet@example.com/\xc3\x28",
    "\xf8\x88\x80\x80\x80@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekJid) jid = sleek_jid_new (inputs[i], &error);

      g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_INVALID_UTF8);
      g_assert_null (jid);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  for (guint part = 0; part < 3; part++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekJid) jid = NULL;

      jid = sleek_jid_new_from_parts (part == 0 ? "jul\xffiet" : "juliet",
                                      part == 1 ? "exa\xffmple.com" : "example.com",
                                      part == 2 ? "bal\xff" : "balcony",
                                      &error);
      g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_INVALID_UTF8);
      g_assert_null (jid);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* ------------------------------------------------------------------ */
/* Bare and full                                                       */

static void
test_bare_full (gconstpointer data)
{
  g_autoptr(SleekJid) full = parse_ok ("juliet@example.com/balcony");
  g_autoptr(SleekJid) bare = parse_ok ("juliet@example.com");
  g_autoptr(SleekJid) domain_full = parse_ok ("example.com/balcony");

  g_assert_cmpstr (sleek_jid_get_bare (full), ==, "juliet@example.com");
  g_assert_cmpstr (sleek_jid_to_string (full), ==, "juliet@example.com/balcony");
  g_assert_false (sleek_jid_is_bare (full));

  g_assert_cmpstr (sleek_jid_get_bare (bare), ==, "juliet@example.com");
  g_assert_cmpstr (sleek_jid_to_string (bare), ==, "juliet@example.com");
  g_assert_true (sleek_jid_is_bare (bare));

  g_assert_cmpstr (sleek_jid_get_bare (domain_full), ==, "example.com");
  g_assert_null (sleek_jid_get_local (domain_full));
  g_assert_cmpstr (sleek_jid_to_string (domain_full), ==, "example.com/balcony");
}

static void
test_to_bare (gconstpointer data)
{
  g_autoptr(SleekJid) full = parse_ok ("Juliet@Example.com/balcony");
  g_autoptr(SleekJid) bare = sleek_jid_to_bare (full);
  g_autoptr(SleekJid) bare_again = sleek_jid_to_bare (bare);
  g_autoptr(SleekJid) domain = parse_ok ("example.com/balcony");
  g_autoptr(SleekJid) domain_bare = sleek_jid_to_bare (domain);

  g_assert_true (bare != full);
  g_assert_true (sleek_jid_is_bare (bare));
  assert_parts (bare, "juliet", "example.com", NULL);
  g_assert_true (sleek_jid_equal_bare (bare, full));
  g_assert_false (sleek_jid_equal (bare, full));

  /* already bare: the same object */
  g_assert_true (bare_again == bare);

  assert_parts (domain_bare, NULL, "example.com", NULL);
}

static void
test_with_resource (gconstpointer data)
{
  g_autoptr(SleekJid) full = parse_ok ("juliet@example.com/balcony");
  g_autoptr(SleekJid) other = NULL;
  g_autoptr(SleekJid) same = NULL;
  g_autoptr(SleekJid) bare = NULL;
  g_autoptr(SleekJid) invalid = NULL;
  g_autoptr(SleekJid) normalised = NULL;
  g_autoptr(GError) error = NULL;

  other = sleek_jid_with_resource (full, "orchard/tree@night", &error);
  g_assert_no_error (error);
  assert_parts (other, "juliet", "example.com", "orchard/tree@night");
  g_assert_true (sleek_jid_equal_bare (full, other));

  same = sleek_jid_with_resource (full, "balcony", &error);
  g_assert_no_error (error);
  g_assert_true (same == full);

  bare = sleek_jid_with_resource (full, NULL, &error);
  g_assert_no_error (error);
  assert_parts (bare, "juliet", "example.com", NULL);

  normalised = sleek_jid_with_resource (bare, "Re\u0301s\u00A01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_jid_get_resource (normalised), ==, "R\u00E9s 1");

  invalid = sleek_jid_with_resource (full, "", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_RESOURCE_EMPTY);
  g_assert_null (invalid);
  g_clear_error (&error);

  invalid = sleek_jid_with_resource (full, "a\x01", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_RESOURCE_FORBIDDEN);
  g_assert_null (invalid);
  g_clear_error (&error);

  invalid = sleek_jid_with_resource (full, "\xff", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_INVALID_UTF8);
  g_assert_null (invalid);
}

static void
test_from_parts (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) jid = NULL;
  g_autoptr(SleekJid) domain_only = NULL;
  g_autoptr(SleekJid) parsed = parse_ok ("juliet@example.com/balcony");

  jid = sleek_jid_new_from_parts ("Juliet", "EXAMPLE.com", "balcony", &error);
  g_assert_no_error (error);
  assert_parts (jid, "juliet", "example.com", "balcony");
  g_assert_true (sleek_jid_equal (jid, parsed));

  domain_only = sleek_jid_new_from_parts (NULL, "xn--mnchen-3ya.de", NULL, &error);
  g_assert_no_error (error);
  assert_parts (domain_only, NULL, "münchen.de", NULL);
}

static void
test_from_parts_errors (gconstpointer data)
{
  static const struct {
    const char *local;
    const char *domain;
    const char *resource;
    SleekJidError code;
  } cases[] = {
    { "", "example.com", NULL, SLEEK_JID_ERROR_LOCAL_EMPTY },
    { "a@b", "example.com", NULL, SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
    { "a/b", "example.com", NULL, SLEEK_JID_ERROR_LOCAL_FORBIDDEN },
    { NULL, "", NULL, SLEEK_JID_ERROR_DOMAIN_EMPTY },
    { NULL, "example.com/balcony", NULL, SLEEK_JID_ERROR_DOMAIN_INVALID },
    { NULL, "juliet@example.com", NULL, SLEEK_JID_ERROR_DOMAIN_INVALID },
    { NULL, "example.com", "", SLEEK_JID_ERROR_RESOURCE_EMPTY },
    { "juliet", "example.com", "\x1b[0m", SLEEK_JID_ERROR_RESOURCE_FORBIDDEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekJid) jid = NULL;

      jid = sleek_jid_new_from_parts (cases[i].local, cases[i].domain, cases[i].resource, &error);
      g_assert_error (error, SLEEK_JID_ERROR, (gint) cases[i].code);
      g_assert_null (jid);
    }
}

static void
test_equal_null (gconstpointer data)
{
  g_autoptr(SleekJid) jid = parse_ok ("juliet@example.com");

  g_assert_true (sleek_jid_equal (NULL, NULL));
  g_assert_false (sleek_jid_equal (jid, NULL));
  g_assert_false (sleek_jid_equal (NULL, jid));
  g_assert_true (sleek_jid_equal (jid, jid));
  g_assert_true (sleek_jid_equal_bare (NULL, NULL));
  g_assert_false (sleek_jid_equal_bare (jid, NULL));
  g_assert_false (sleek_jid_equal_bare (NULL, jid));
  g_assert_cmpuint (sleek_jid_hash (NULL), ==, 0);
}

static void
test_equal_parts_differ (gconstpointer data)
{
  /* the same characters split differently are different addresses */
  g_autoptr(SleekJid) a = parse_ok ("a@b.example/c");
  g_autoptr(SleekJid) b = parse_ok ("a@b.example");
  g_autoptr(SleekJid) c = parse_ok ("b.example/c");
  g_autoptr(SleekJid) d = parse_ok ("b.example/a@b.example/c");

  g_assert_false (sleek_jid_equal (a, b));
  g_assert_false (sleek_jid_equal (a, c));
  g_assert_false (sleek_jid_equal_bare (a, c));
  g_assert_false (sleek_jid_equal (c, d));
  g_assert_true (sleek_jid_equal_bare (c, d));
}

static void
test_hash_table (gconstpointer data)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(SleekJid) romeo = parse_ok ("romeo@montague.example/orchard");
  g_autoptr(SleekJid) juliet = parse_ok ("juliet@capulet.example/balcony");
  g_autoptr(SleekJid) juliet_bare = sleek_jid_to_bare (juliet);
  g_autoptr(SleekJid) probe = NULL;

  table = g_hash_table_new_full ((GHashFunc) sleek_jid_hash, (GEqualFunc) sleek_jid_equal,
                                 (GDestroyNotify) sleek_jid_unref, g_free);
  g_hash_table_insert (table, sleek_jid_ref (romeo), g_strdup ("Romeo"));
  g_hash_table_insert (table, sleek_jid_ref (juliet), g_strdup ("Juliet"));
  g_hash_table_insert (table, sleek_jid_ref (juliet_bare), g_strdup ("Juliet's account"));
  g_assert_cmpuint (g_hash_table_size (table), ==, 3);

  probe = parse_ok ("JULIET@Capulet.Example./balcony");
  g_assert_cmpstr (g_hash_table_lookup (table, probe), ==, "Juliet");
  g_clear_pointer (&probe, sleek_jid_unref);

  probe = parse_ok ("juliet@capulet.example");
  g_assert_cmpstr (g_hash_table_lookup (table, probe), ==, "Juliet's account");
  g_clear_pointer (&probe, sleek_jid_unref);

  probe = parse_ok ("juliet@capulet.example/Balcony");
  g_assert_null (g_hash_table_lookup (table, probe));

  /* replacing with an equal key keeps one entry */
  g_hash_table_insert (table, parse_ok ("Romeo@Montague.example/orchard"), g_strdup ("Romeo again"));
  g_assert_cmpuint (g_hash_table_size (table), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (table, romeo), ==, "Romeo again");
}

/* ------------------------------------------------------------------ */
/* Memory management and GType                                         */

static void
test_ref_unref (gconstpointer data)
{
  SleekJid *jid = parse_ok ("juliet@example.com/balcony");
  SleekJid *ref = sleek_jid_ref (jid);

  g_assert_true (ref == jid);
  sleek_jid_unref (jid);
  /* still alive through the second reference */
  g_assert_cmpstr (sleek_jid_to_string (ref), ==, "juliet@example.com/balcony");
  sleek_jid_unref (ref);
}

static gpointer
ref_unref_thread (gpointer data)
{
  SleekJid *jid = data;

  for (guint i = 0; i < 100000; i++)
    {
      SleekJid *ref = sleek_jid_ref (jid);

      g_assert_true (ref == jid);
      sleek_jid_unref (ref);
    }
  return NULL;
}

static void
test_ref_threads (gconstpointer data)
{
  g_autoptr(SleekJid) jid = parse_ok ("juliet@example.com/balcony");
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("jid-ref", ref_unref_thread, jid);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpstr (sleek_jid_to_string (jid), ==, "juliet@example.com/balcony");
}

static void
test_boxed (gconstpointer data)
{
  g_autoptr(SleekJid) jid = parse_ok ("juliet@example.com/balcony");
  g_auto(GValue) value = G_VALUE_INIT;
  SleekJid *copy;
  SleekJid *dup;

  g_assert_true (G_TYPE_IS_BOXED (SLEEK_TYPE_JID));
  g_assert_cmpstr (g_type_name (SLEEK_TYPE_JID), ==, "SleekJid");

  g_value_init (&value, SLEEK_TYPE_JID);
  g_value_set_boxed (&value, jid);
  g_assert_true (g_value_get_boxed (&value) == jid);

  dup = g_value_dup_boxed (&value);
  g_assert_true (dup == jid);
  sleek_jid_unref (dup);

  copy = g_boxed_copy (SLEEK_TYPE_JID, jid);
  g_assert_true (copy == jid);
  g_boxed_free (SLEEK_TYPE_JID, copy);

  g_value_unset (&value);
  /* our reference is still good */
  g_assert_cmpstr (sleek_jid_get_bare (jid), ==, "juliet@example.com");

  g_value_init (&value, SLEEK_TYPE_JID);
  g_value_take_boxed (&value, sleek_jid_to_bare (jid));
  g_assert_cmpstr (sleek_jid_to_string (g_value_get_boxed (&value)), ==, "juliet@example.com");
}

static void
test_autoptr (gconstpointer data)
{
  SleekJid *outlives;

  {
    g_autoptr(SleekJid) jid = parse_ok ("juliet@example.com/balcony");

    outlives = sleek_jid_ref (jid);
  }
  g_assert_cmpstr (sleek_jid_get_resource (outlives), ==, "balcony");
  sleek_jid_unref (outlives);

  {
    g_autoptr(SleekJid) nothing = NULL;
    g_autoptr(SleekJid) failed = sleek_jid_new ("@", NULL);

    g_assert_null (nothing);
    g_assert_null (failed);
  }
}

/* ------------------------------------------------------------------ */
/* Errors and robustness                                               */

static void
test_error_messages (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) jid = NULL;
  g_autofree char *long_local = repeat ("x", 2000);
  g_autofree char *long_input = g_strconcat (long_local, "@example.com", NULL);

  jid = sleek_jid_new ("jul:iet@example.com", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_LOCAL_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "localpart"));
  g_assert_nonnull (strstr (error->message, "jul:iet@example.com"));
  g_assert_nonnull (strstr (error->message, "“:”"));
  g_clear_error (&error);

  /* invisible characters are shown by code point, never raw */
  jid = sleek_jid_new ("juliet@example.com/a\x07", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_RESOURCE_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "resourcepart"));
  g_assert_nonnull (strstr (error->message, "U+0007"));
  g_assert_null (strchr (error->message, '\x07'));
  g_clear_error (&error);

  jid = sleek_jid_new ("juliet@exa mple.com", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_DOMAIN_INVALID);
  g_assert_nonnull (strstr (error->message, "domainpart"));
  g_assert_nonnull (strstr (error->message, "U+0020"));
  g_clear_error (&error);

  /* long input is cut short in the message */
  jid = sleek_jid_new (long_input, &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_LOCAL_TOO_LONG);
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_assert_nonnull (strstr (error->message, "…"));
  g_clear_error (&error);

  /* the message for parts shows them joined */
  jid = sleek_jid_new_from_parts ("juliet", "example.com", "", &error);
  g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_RESOURCE_EMPTY);
  g_assert_nonnull (strstr (error->message, "juliet@example.com/"));
}

static void
test_null_input (gconstpointer data)
{
  g_autoptr(SleekJid) jid = parse_ok ("juliet@example.com");

  g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*jid != NULL*");
  g_assert_null (sleek_jid_new (NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*domain != NULL*");
  g_assert_null (sleek_jid_new_from_parts ("juliet", NULL, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*jid != NULL*");
  g_assert_null (sleek_jid_to_string (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*jid != NULL*");
  g_assert_null (sleek_jid_with_resource (NULL, "balcony", NULL));
  g_test_assert_expected_messages ();

  g_assert_nonnull (jid);
}

/* Random strings from an alphabet full of edge cases: parsing must never
 * crash, errors must be well formed, and whatever parses must be stable
 * under re-parsing. Deterministic, so that failures can be reproduced. */
static void
test_random_input (gconstpointer data)
{
  static const char *alphabet[] = {
    "a", "Z", "0", "-", "_", ".", ".", "@", "@", "/", "/", " ", "\t", "\x01",
    "\"", "&", "'", ":", "<", ">", "[", "]", "%", "\\",
    "xn--", "xn--mnchen-3ya", "xn--ls8h", "::1", "127.0.0.1", "[::1]",
    "é", "e\u0301", "\u0301", "ß", "Σ", "ς", "İ", "ǅ", "ﬁ", "Ａ", "ｶ", "ﾞ",
    "\u3000", "\u3002", "\u00A0", "\u200B", "\u200D", "\uFE0F", "\u2163",
    "\u212A", "\u1100", "\u1161", "\uE000", "\uFDD0", "\u0378", "♚", "💩",
    "二", "π", "\u13CB", "\uAB9B", "\u202E", "\u2028", "\u00AD", "\xff", "\xc3",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7622);
  guint parsed = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekJid) jid = NULL;
      guint len = g_rand_int_range (rand, 0, 12);

      for (guint j = 0; j < len; j++)
        g_string_append (input, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
      /* bias towards the JID shape */
      if (g_rand_boolean (rand))
        g_string_prepend (input, "a@");
      if (g_rand_boolean (rand))
        g_string_append (input, ".example/r");

      jid = sleek_jid_new (input->str, &error);
      if (jid == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SLEEK_JID_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          continue;
        }

      g_assert_no_error (error);
      parsed++;
      assert_round_trip (jid);
      g_assert_true (g_utf8_validate (sleek_jid_to_string (jid), -1, NULL));
    }

  g_test_message ("%u of 20000 random strings parsed", parsed);
  g_assert_cmpuint (parsed, >, 100);
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */

/* GLib 2.74 deliberately leaks the directories that
 * G_TEST_OPTION_ISOLATE_DIRS sets up for each test case: g_set_user_dirs()
 * cannot free the previous values, because callers may still hold them.
 * GLib's own valgrind suppression for that does not match Debian's build,
 * where the helper it names is inlined. So every test case runs through
 * run_test_case(), which keeps pointers to the current values; valgrind
 * then counts them as reachable, and a definite leak is a leak in
 * sleek-glib. */
static GPtrArray *kept_test_dirs;

static void
keep_test_dirs (void)
{
  if (kept_test_dirs == NULL)
    kept_test_dirs = g_ptr_array_new ();
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_home_dir ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_user_cache_dir ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_user_config_dir ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_user_data_dir ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_user_state_dir ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_user_runtime_dir ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_system_config_dirs ());
  g_ptr_array_add (kept_test_dirs, (gpointer) g_get_system_data_dirs ());
}

typedef struct
{
  GTestDataFunc func;
  gconstpointer data;
} TestCase;

static void
run_test_case (gconstpointer user_data)
{
  const TestCase *test_case = user_data;

  keep_test_dirs ();
  test_case->func (test_case->data);
}

static void
add_test (const char    *path,
          GTestDataFunc  func,
          gconstpointer  data)
{
  TestCase *test_case = g_new (TestCase, 1);

  test_case->func = func;
  test_case->data = data;
  g_test_add_data_func_full (path, test_case, run_test_case, g_free);
}

static void
add_rfc_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rfc_valid); i++)
    {
      g_autofree char *path = g_strdup_printf ("/jid/rfc7622/valid/%u", rfc_valid[i].number);

      add_test (path, test_valid, &rfc_valid[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rfc_invalid); i++)
    {
      g_autofree char *path = g_strdup_printf ("/jid/rfc7622/invalid/%s", rfc_invalid[i].name);

      add_test (path, test_invalid, &rfc_invalid[i]);
    }
  add_test ("/jid/rfc7622/erratum-4560/18", test_valid, &rfc_erratum_4560);
}

static void
add_table_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/jid/valid/%s", valid_cases[i].name);

      add_test (path, test_named_valid, &valid_cases[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/jid/invalid/%s", invalid_cases[i].name);

      add_test (path, test_invalid, &invalid_cases[i]);
    }
}

static void
test_cache_shares (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) a = sleek_jid_new ("Juliet@Example.com/balcony", &error);
  g_autoptr(SleekJid) b = sleek_jid_new ("Juliet@Example.com/balcony", &error);
  g_autoptr(SleekJid) c = sleek_jid_new ("juliet@example.com/balcony", &error);

  g_assert_no_error (error);
  /* The same string gives the same immutable JID; another spelling of the
   * same address is parsed on its own but equal. */
  g_assert_true (a == b);
  g_assert_true (sleek_jid_equal (a, c));
  g_assert_cmpstr (sleek_jid_to_string (a), ==, "juliet@example.com/balcony");
}

static void
test_cache_many_distinct (gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Far more addresses than the cache holds: every one parses right. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *raw = g_strdup_printf ("User%u@Host%u.example/R%u", i, i % 7, i);
      g_autofree char *expected = g_strdup_printf ("user%u@host%u.example/R%u", i, i % 7, i);
      g_autoptr(SleekJid) jid = sleek_jid_new (raw, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sleek_jid_to_string (jid), ==, expected);
    }
}

static void
test_cache_long_and_invalid (gconstpointer data)
{
  g_autoptr(GString) long_raw = g_string_new ("romeo@example.net/");
  g_autoptr(SleekJid) first = NULL;
  g_autoptr(SleekJid) second = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 500; i++)
    g_string_append_c (long_raw, 'r');
  first = sleek_jid_new (long_raw->str, &error);
  g_assert_no_error (error);
  second = sleek_jid_new (long_raw->str, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (first, second));
  /* An invalid JID is never cached as valid. */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(SleekJid) bad = sleek_jid_new ("juliet@", &error);

      g_assert_null (bad);
      g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_DOMAIN_EMPTY);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_rfc_tests ();
  add_table_tests ();

  add_test ("/jid/length/local", test_length_local, NULL);
  add_test ("/jid/length/local-bytes", test_length_local_bytes, NULL);
  add_test ("/jid/length/after-normalisation", test_length_after_normalisation, NULL);
  add_test ("/jid/length/domain", test_length_domain, NULL);
  add_test ("/jid/length/domain-huge", test_length_domain_huge, NULL);
  add_test ("/jid/length/domain-label", test_length_domain_label, NULL);
  add_test ("/jid/length/resource", test_length_resource, NULL);
  add_test ("/jid/error/codes", test_error_codes, NULL);
  add_test ("/jid/error/messages", test_error_messages, NULL);
  add_test ("/jid/error/null-input", test_null_input, NULL);
  add_test ("/jid/error/invalid-utf8", test_invalid_utf8, NULL);
  add_test ("/jid/normalise/case-folding", test_case_folding, NULL);
  add_test ("/jid/normalise/rfc-equivalences", test_rfc_equivalences, NULL);
  add_test ("/jid/normalise/nfc", test_nfc, NULL);
  add_test ("/jid/normalise/idna", test_idna, NULL);
  add_test ("/jid/normalise/trailing-dot", test_trailing_dot, NULL);
  add_test ("/jid/normalise/ip-literals", test_ip_literals, NULL);
  add_test ("/jid/parts/bare-full", test_bare_full, NULL);
  add_test ("/jid/parts/to-bare", test_to_bare, NULL);
  add_test ("/jid/parts/with-resource", test_with_resource, NULL);
  add_test ("/jid/parts/from-parts", test_from_parts, NULL);
  add_test ("/jid/parts/from-parts-errors", test_from_parts_errors, NULL);
  add_test ("/jid/compare/equal-null", test_equal_null, NULL);
  add_test ("/jid/compare/parts-differ", test_equal_parts_differ, NULL);
  add_test ("/jid/compare/hash-table", test_hash_table, NULL);
  add_test ("/jid/memory/ref-unref", test_ref_unref, NULL);
  add_test ("/jid/memory/ref-threads", test_ref_threads, NULL);
  add_test ("/jid/memory/boxed", test_boxed, NULL);
  add_test ("/jid/memory/autoptr", test_autoptr, NULL);
  add_test ("/jid/robustness/random", test_random_input, NULL);
  add_test ("/jid/cache/shares", test_cache_shares, NULL);
  add_test ("/jid/cache/many-distinct", test_cache_many_distinct, NULL);
  add_test ("/jid/cache/long-and-invalid", test_cache_long_and_invalid, NULL);

  return g_test_run ();
}
