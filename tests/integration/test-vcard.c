/* test-vcard.c: XEP-0054 vcard-temp and XEP-0153 vCard-Based Avatars
 * against Prosody's mod_vcard
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Only these tests publish juliet's vCard, one after the other: the tests
 * share the server.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

static const guint8 png_header[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
} Fixture;

static SleekVCardTemp *
enable_vcard (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0054", &error));
  g_assert_no_error (error);
  return SLEEK_VCARD_TEMP (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0054"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static SleekVCard *
get_vcard (SleekVCardTemp *vcards, SleekJid *jid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SleekVCard *vcard;

  sleek_vcard_temp_get_vcard_async (vcards, jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  vcard = sleek_vcard_temp_get_vcard_finish (vcards, result, &error);
  g_assert_no_error (error);
  g_assert_true (SLEEK_IS_VCARD (vcard));
  return vcard;
}

static void
publish (SleekVCardTemp *vcards, SleekVCard *vcard)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_vcard_temp_publish_vcard_async (vcards, vcard, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_vcard_temp_publish_vcard_finish (vcards, result, &error));
  g_assert_no_error (error);
}

static void
assert_juliet (SleekVCard *vcard, const char *nickname)
{
  g_autoptr(GPtrArray) emails = sleek_vcard_get_emails (vcard);
  g_autoptr(GPtrArray) tels = sleek_vcard_get_telephones (vcard);
  g_autoptr(GPtrArray) adrs = sleek_vcard_get_addresses (vcard);
  g_auto(GStrv) units = sleek_vcard_dup_org_units (vcard);
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  gconstpointer data;
  gsize len = 0;

  g_assert_cmpstr (sleek_vcard_get_full_name (vcard), ==, "Juliet Capulet");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_FAMILY), ==, "Capulet");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_GIVEN), ==, "Juliet");
  g_assert_cmpstr (sleek_vcard_get_nickname (vcard), ==, nickname);
  g_assert_cmpstr (sleek_vcard_get_birthday (vcard), ==, "1583-07-31");
  g_assert_cmpstr (sleek_vcard_get_description (vcard), ==, "Wherefore art thou?");
  g_assert_cmpstr (sleek_vcard_get_field (vcard, "TZ"), ==, "+01:00");
  g_assert_cmpstr (sleek_vcard_get_org_name (vcard), ==, "Capulet House");
  g_assert_cmpstrv (units, ((const char *[]) { "Balcony", NULL }));
  g_assert_cmpuint (emails->len, ==, 2);
  g_assert_cmpstr (sleek_vcard_item_get_field (emails->pdata[0], "USERID"), ==, "juliet@example.com");
  g_assert_true (sleek_vcard_item_has_type (emails->pdata[0], "PREF"));
  g_assert_cmpstr (sleek_vcard_item_get_field (emails->pdata[1], "USERID"), ==, "jc@capulet.example");
  g_assert_true (sleek_vcard_item_has_type (emails->pdata[1], "WORK"));
  g_assert_cmpuint (tels->len, ==, 1);
  g_assert_cmpstr (sleek_vcard_item_get_field (tels->pdata[0], "NUMBER"), ==, "+39 045 1234");
  g_assert_true (sleek_vcard_item_has_type (tels->pdata[0], "CELL"));
  g_assert_cmpuint (adrs->len, ==, 1);
  g_assert_cmpstr (sleek_vcard_item_get_field (adrs->pdata[0], "LOCALITY"), ==, "Verona");
  photo = sleek_vcard_get_photo (vcard, &mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, "image/png");
  data = g_bytes_get_data (photo, &len);
  g_assert_cmpmem (data, len, png_header, sizeof png_header);
}

/* Juliet publishes a vCard, reads it back; romeo reads it too. */
static void
test_publish_and_fetch (Fixture *f, gconstpointer data)
{
  SleekVCardTemp *juliet_vcards = enable_vcard (f->juliet);
  SleekVCardTemp *romeo_vcards;
  g_autoptr(SleekVCard) vcard = sleek_vcard_new ();
  g_autoptr(SleekVCard) own = NULL;
  g_autoptr(SleekVCard) seen = NULL;
  g_autoptr(SleekVCardItem) email = NULL;
  g_autoptr(SleekVCardItem) work = NULL;
  g_autoptr(SleekVCardItem) tel = NULL;
  g_autoptr(SleekVCardItem) adr = NULL;
  g_autoptr(GBytes) photo = g_bytes_new_static (png_header, sizeof png_header);
  g_autofree char *nickname = client_util_resource ();
  g_autoptr(SleekJid) juliet = NULL;

  sleek_vcard_set_full_name (vcard, "Juliet Capulet");
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_FAMILY, "Capulet");
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_GIVEN, "Juliet");
  /* Another run of this test may have left another nickname. */
  sleek_vcard_set_nickname (vcard, nickname);
  sleek_vcard_set_birthday (vcard, "1583-07-31");
  sleek_vcard_set_description (vcard, "Wherefore art thou?");
  sleek_vcard_set_field (vcard, "TZ", "+01:00");
  sleek_vcard_set_org (vcard, "Capulet House", (const char *[]) { "Balcony", NULL });
  email = sleek_vcard_add_email (vcard, "juliet@example.com", (const char *[]) { "INTERNET", "PREF", NULL });
  work = sleek_vcard_add_email (vcard, "jc@capulet.example", (const char *[]) { "INTERNET", "WORK", NULL });
  tel = sleek_vcard_add_telephone (vcard, "+39 045 1234", (const char *[]) { "CELL", NULL });
  adr = sleek_vcard_add_address (vcard, (const char *[]) { "HOME", NULL });
  sleek_vcard_item_set_field (adr, "LOCALITY", "Verona");
  sleek_vcard_item_set_field (adr, "CTRY", "Italy");
  sleek_vcard_set_photo (vcard, photo, "image/png");
  publish (juliet_vcards, vcard);

  own = get_vcard (juliet_vcards, NULL);
  assert_juliet (own, nickname);

  f->romeo = client_util_new_logged_in ("romeo");
  romeo_vcards = enable_vcard (f->romeo);
  juliet = sleek_jid_new (sleek_jid_get_bare (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet))), NULL);
  seen = get_vcard (romeo_vcards, juliet);
  assert_juliet (seen, nickname);
  {
    g_autoptr(SleekVCard) cached = sleek_vcard_temp_get_cached (romeo_vcards, juliet);

    g_assert_nonnull (cached);
    assert_juliet (cached, nickname);
  }
}

/* An account that never published a vCard: an empty one, not an error. */
static void
test_empty (Fixture *f, gconstpointer data)
{
  SleekVCardTemp *vcards = enable_vcard (f->juliet);
  g_autoptr(SleekJid) nobody = NULL;
  g_autoptr(SleekVCard) vcard = NULL;
  g_autofree char *address = g_strdup_printf ("nobody-%u@%s", g_random_int (),
                                           sleek_jid_get_domain (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet))));

  nobody = sleek_jid_new (address, NULL);
  vcard = get_vcard (vcards, nobody);
  g_assert_true (sleek_vcard_is_empty (vcard));
}

typedef struct {
  guint count;
  char *jid;
  char *hash;
} Changed;

static void
on_avatar_changed (SleekVCardAvatars *avatars, SleekJid *jid, const char *hash, gpointer user_data)
{
  Changed *changed = user_data;

  changed->count++;
  g_free (changed->jid);
  changed->jid = g_strdup (sleek_jid_to_string (jid));
  g_free (changed->hash);
  changed->hash = g_strdup (hash);
}

static SleekVCardAvatars *
enable_avatars (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0153", &error));
  g_assert_no_error (error);
  return SLEEK_VCARD_AVATARS (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0153"));
}

/* Juliet sets an avatar; her directed presence tells romeo its hash, and
 * romeo fetches the image. */
static void
test_avatar (Fixture *f, gconstpointer data)
{
  SleekVCardAvatars *juliet_avatars = enable_avatars (f->juliet);
  SleekVCardAvatars *romeo_avatars;
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  SleekJid *romeo;
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, png);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) avatar = NULL;
  g_autofree char *mime = NULL;
  Changed changed = { 0, NULL, NULL };
  gconstpointer bytes;
  gsize len = 0;

  f->romeo = client_util_new_logged_in ("romeo");
  romeo_avatars = enable_avatars (f->romeo);
  romeo = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  g_signal_connect (romeo_avatars, "avatar-changed", G_CALLBACK (on_avatar_changed), &changed);

  sleek_vcard_avatars_set_avatar_async (juliet_avatars, png, "image/png", NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_vcard_avatars_set_avatar_finish (juliet_avatars, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_vcard_avatars_get_hash (juliet_avatars), ==, hash);

  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->juliet), NULL, NULL, 0, sleek_jid_to_string (romeo), NULL);
  WAIT_UNTIL (g_strcmp0 (changed.hash, hash) == 0, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (changed.jid, ==, sleek_jid_get_bare (juliet));
  g_assert_cmpstr (sleek_vcard_avatars_get_known_hash (romeo_avatars, juliet), ==, hash);

  sleek_vcard_avatars_get_avatar_async (romeo_avatars, juliet, NULL, client_util_store_result, &fetched);
  client_util_wait_result (&fetched, CLIENT_UTIL_TIMEOUT);
  avatar = sleek_vcard_avatars_get_avatar_finish (romeo_avatars, fetched, &mime, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (avatar, &len);
  g_assert_cmpmem (bytes, len, png_header, sizeof png_header);
  g_assert_cmpstr (mime, ==, "image/png");

  g_signal_handlers_disconnect_by_data (romeo_avatars, &changed);
  g_free (changed.jid);
  g_free (changed.hash);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/vcard/publish-and-fetch", test_publish_and_fetch);
  ADD ("/vcard/empty", test_empty);
  ADD ("/vcard/avatar", test_avatar);

  return g_test_run ();
}
