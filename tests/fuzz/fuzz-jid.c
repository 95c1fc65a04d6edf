/* fuzz-jid.c: JID parsing (RFC 7622) and the round trip through to_string
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is one JID. When it parses, its normalised form must parse
 * again to an equal JID (normalisation is idempotent), the parts must
 * build the same JID, and the bare JID must agree with the full one.
 */
#include "fuzz-common.h"

#include "sleek-private.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_common_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) jid = sleek_jid_new (text, &error);
  g_autoptr(SleekJid) again = NULL;
  g_autoptr(SleekJid) from_parts = NULL;
  g_autoptr(SleekJid) bare = NULL;
  g_autoptr(SleekJid) bare_again = NULL;
  g_autoptr(SleekJid) with_resource = NULL;
  const char *full;

  if (jid == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  full = sleek_jid_to_string (jid);
  g_assert_true (g_utf8_validate (full, -1, NULL));
  g_assert_nonnull (sleek_jid_get_domain (jid));

  again = sleek_jid_new (full, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (jid, again));
  g_assert_cmpstr (sleek_jid_to_string (again), ==, full);
  g_assert_cmpuint (sleek_jid_hash (jid), ==, sleek_jid_hash (again));

  from_parts = sleek_jid_new_from_parts (sleek_jid_get_local (jid), sleek_jid_get_domain (jid),
                                         sleek_jid_get_resource (jid), &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (jid, from_parts));

  bare = sleek_jid_to_bare (jid);
  g_assert_true (sleek_jid_is_bare (bare));
  g_assert_true (sleek_jid_equal_bare (jid, bare));
  g_assert_cmpstr (sleek_jid_to_string (bare), ==, sleek_jid_get_bare (jid));
  bare_again = sleek_jid_new (sleek_jid_get_bare (jid), &error);
  g_assert_no_error (error);
  g_assert_true (sleek_jid_equal (bare, bare_again));
  g_assert_cmpint (sleek_jid_is_bare (jid), ==, sleek_jid_get_resource (jid) == NULL);

  if (sleek_jid_get_resource (jid) != NULL)
    {
      with_resource = sleek_jid_with_resource (bare, sleek_jid_get_resource (jid), &error);
      g_assert_no_error (error);
      g_assert_true (sleek_jid_equal (jid, with_resource));
    }
  return 0;
}
