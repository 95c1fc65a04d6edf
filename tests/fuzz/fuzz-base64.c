/* fuzz-base64.c: the library's base64 decoding of network data
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is base64 text as a server sends it, given to both decoders
 * the library has: the one for the text of SASL <challenge/> and
 * <success/> elements, and the one for a vCard's PHOTO/BINVAL (line
 * breaks allowed). Either decoder may refuse the text; what it accepts
 * must have the length its text implies, and must survive encoding and
 * decoding again unchanged.
 */
#include "fuzz-common.h"

#include "sleek-private.h"
#include "sleek-plugin-private.h"
#include "sasl/sleek-sasl-private.h"

#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_common_init ();
  sleek_plugins_ensure_builtin ();
  return 0;
}

/* How many bytes base64 text of @len characters, @padding of them '=',
 * encodes. */
static gsize
decoded_length (gsize len, gsize padding)
{
  return len / 4 * 3 - padding;
}

static void
fuzz_sasl (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sleek_sasl_decode_payload (text, &error);
  g_autofree char *trimmed = NULL;
  g_autofree char *encoded = NULL;
  g_autoptr(GBytes) again = NULL;
  gsize padding = 0;

  if (bytes == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || strcmp (trimmed, "=") == 0)
    {
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
      return;
    }
  for (const char *p = trimmed; *p != '\0'; p++)
    padding += *p == '=';
  g_assert_cmpuint (strlen (trimmed) % 4, ==, 0);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, decoded_length (strlen (trimmed), padding));

  encoded = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  again = sleek_sasl_decode_payload (encoded, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, again));
}

static void
fuzz_vcard (const char *text)
{
  g_autoptr(SleekVCard) vcard = sleek_vcard_new ();
  SleekNode *photo = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (vcard)), "PHOTO", "vcard-temp");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *mime_type_again = NULL;
  gsize len = 0;
  gsize padding = 0;

  sleek_node_set_child_text (photo, "TYPE", "vcard-temp", "image/png");
  sleek_node_set_child_text (photo, "BINVAL", "vcard-temp", text);
  bytes = sleek_vcard_get_photo (vcard, &mime_type, &error);
  if (bytes == NULL)
    {
      g_assert_nonnull (error);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (mime_type, ==, "image/png");

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      {
        len++;
        padding += *p == '=';
      }
  g_assert_cmpuint (len % 4, ==, 0);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, decoded_length (len, padding));

  sleek_vcard_set_photo (vcard, bytes, mime_type);
  again = sleek_vcard_get_photo (vcard, &mime_type_again, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (g_bytes_equal (bytes, again));
  g_assert_cmpstr (mime_type_again, ==, mime_type);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_strndup (data, size);

  /* Element text from the XML parser is always UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  fuzz_sasl (text);
  fuzz_vcard (text);
  return 0;
}
