/* test-xep-0054.c: SleekVCard and SleekVCardTemp, XEP-0054 vcard-temp
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define VCARD_NS "vcard-temp"
#define ROMEO_BARE "romeo@example.net"

typedef struct {
  PluginFixture base;
  SleekVCardTemp *vcards;
  gboolean done;
  SleekVCard *vcard;
  gboolean published;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0054", &error));
  g_assert_no_error (error);
  f->vcards = SLEEK_VCARD_TEMP (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0054"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->published = FALSE;
  g_clear_object (&f->vcard);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
}

static void
on_vcard (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->vcard = sleek_vcard_temp_get_vcard_finish (SLEEK_VCARD_TEMP (source), result, &f->error);
  f->done = TRUE;
}

static void
on_published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->published = sleek_vcard_temp_publish_vcard_finish (SLEEK_VCARD_TEMP (source), result, &f->error);
  f->done = TRUE;
}

static SleekVCard *
parse_vcard (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  return g_object_new (SLEEK_TYPE_VCARD, "node", node, NULL);
}

static void
assert_xml (SleekVCard *vcard, const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) want = sleek_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  if (!sleek_node_equal (want, sleek_stanza_get_node (SLEEK_STANZA (vcard))))
    {
      g_autofree char *got = sleek_stanza_to_string (SLEEK_STANZA (vcard));

      g_error ("Expected %s, got %s", xml, got);
    }
}

static void
test_build (void)
{
  g_autoptr(SleekVCard) vcard = sleek_vcard_new ();
  g_autoptr(SleekVCardItem) email = NULL;
  g_autoptr(SleekVCardItem) tel = NULL;
  g_autoptr(SleekVCardItem) adr = NULL;
  g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG", 4);

  g_assert_true (sleek_vcard_is_empty (vcard));
  sleek_vcard_set_full_name (vcard, "Juliet Capulet");
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_FAMILY, "Capulet");
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_GIVEN, "Juliet");
  sleek_vcard_set_nickname (vcard, "Jule");
  sleek_vcard_set_org (vcard, "Capulet House", (const char *[]) { "Balcony", "East", NULL });
  email = sleek_vcard_add_email (vcard, "juliet@example.com", (const char *[]) { "INTERNET", "PREF", NULL });
  tel = sleek_vcard_add_telephone (vcard, "+39 045 000", (const char *[]) { "HOME", "VOICE", NULL });
  adr = sleek_vcard_add_address (vcard, (const char *[]) { "HOME", NULL });
  sleek_vcard_item_set_field (adr, "LOCALITY", "Verona");
  sleek_vcard_set_photo (vcard, photo, "image/png");
  g_assert_false (sleek_vcard_is_empty (vcard));

  assert_xml (vcard, "<vCard xmlns='vcard-temp'><FN>Juliet Capulet</FN>"
                     "<N><FAMILY>Capulet</FAMILY><GIVEN>Juliet</GIVEN></N><NICKNAME>Jule</NICKNAME>"
                     "<ORG><ORGNAME>Capulet House</ORGNAME><ORGUNIT>Balcony</ORGUNIT><ORGUNIT>East</ORGUNIT></ORG>"
                     "<EMAIL><INTERNET/><PREF/><USERID>juliet@example.com</USERID></EMAIL>"
                     "<TEL><HOME/><VOICE/><NUMBER>+39 045 000</NUMBER></TEL>"
                     "<ADR><HOME/><LOCALITY>Verona</LOCALITY></ADR>"
                     "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw==</BINVAL></PHOTO></vCard>");

  /* Removing the last part of N removes N; NULL fields go. */
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_FAMILY, NULL);
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_GIVEN, NULL);
  sleek_vcard_set_name_part (vcard, SLEEK_VCARD_NAME_SUFFIX, NULL);
  sleek_vcard_set_nickname (vcard, NULL);
  sleek_vcard_set_org (vcard, NULL, NULL);
  sleek_vcard_item_set_type (email, "PREF", FALSE);
  sleek_vcard_remove_items (vcard, "TEL");
  sleek_vcard_remove_items (vcard, "ADR");
  sleek_vcard_set_photo_url (vcard, "https://example.com/j.png");
  sleek_vcard_set_field (vcard, "TZ", "+01:00");
  assert_xml (vcard, "<vCard xmlns='vcard-temp'><FN>Juliet Capulet</FN>"
                     "<EMAIL><INTERNET/><USERID>juliet@example.com</USERID></EMAIL>"
                     "<PHOTO><EXTVAL>https://example.com/j.png</EXTVAL></PHOTO><TZ>+01:00</TZ></vCard>");
  sleek_vcard_set_photo (vcard, NULL, NULL);
  g_assert_null (sleek_vcard_get_photo_url (vcard));
}

static void
test_read (void)
{
  g_autoptr(SleekVCard) vcard = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(GPtrArray) tels = NULL;
  g_autoptr(GPtrArray) adrs = NULL;
  g_auto(GStrv) types = NULL;
  g_auto(GStrv) units = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  gsize len = 0;
  const guchar *data;

  vcard = parse_vcard ("<vCard xmlns='vcard-temp'><FN>Romeo Montague</FN>"
                       "<N><FAMILY>Montague</FAMILY><GIVEN>Romeo</GIVEN><MIDDLE/><PREFIX>Sir</PREFIX>"
                       "<SUFFIX>Jr.</SUFFIX></N>"
                       "<NICKNAME>Ro</NICKNAME><BDAY>1996-07-29</BDAY><URL>https://example.net/</URL>"
                       "<DESC>In love</DESC><TITLE>Heir</TITLE><ROLE>Lover</ROLE>"
                       "<JABBERID>romeo@example.net</JABBERID><MAILER>Psi</MAILER>"
                       "<ORG><ORGNAME>Montague</ORGNAME><ORGUNIT>Verona</ORGUNIT></ORG>"
                       "<EMAIL><HOME/><INTERNET/><USERID>romeo@example.net</USERID></EMAIL>"
                       "<EMAIL><WORK/><USERID>heir@montague.example</USERID></EMAIL>"
                       "<TEL><CELL/><PREF/><NUMBER>+39 1</NUMBER></TEL>"
                       "<ADR><WORK/><STREET>Via Mazzini</STREET><CTRY>Italy</CTRY></ADR>"
                       "<PHOTO><TYPE>image/png</TYPE><BINVAL>\n  iVBO\r\n  Rw0K\n  Gg==\n</BINVAL></PHOTO></vCard>");
  g_assert_cmpstr (sleek_vcard_get_full_name (vcard), ==, "Romeo Montague");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_FAMILY), ==, "Montague");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_GIVEN), ==, "Romeo");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_MIDDLE), ==, "");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_PREFIX), ==, "Sir");
  g_assert_cmpstr (sleek_vcard_get_name_part (vcard, SLEEK_VCARD_NAME_SUFFIX), ==, "Jr.");
  g_assert_cmpstr (sleek_vcard_get_nickname (vcard), ==, "Ro");
  g_assert_cmpstr (sleek_vcard_get_birthday (vcard), ==, "1996-07-29");
  g_assert_cmpstr (sleek_vcard_get_url (vcard), ==, "https://example.net/");
  g_assert_cmpstr (sleek_vcard_get_description (vcard), ==, "In love");
  g_assert_cmpstr (sleek_vcard_get_title (vcard), ==, "Heir");
  g_assert_cmpstr (sleek_vcard_get_role (vcard), ==, "Lover");
  g_assert_cmpstr (sleek_vcard_get_jabber_id (vcard), ==, "romeo@example.net");
  g_assert_cmpstr (sleek_vcard_get_field (vcard, "MAILER"), ==, "Psi");
  g_assert_null (sleek_vcard_get_field (vcard, "TZ"));
  g_assert_cmpstr (sleek_vcard_get_org_name (vcard), ==, "Montague");
  units = sleek_vcard_dup_org_units (vcard);
  g_assert_cmpstrv (units, ((const char *[]) { "Verona", NULL }));

  emails = sleek_vcard_get_emails (vcard);
  g_assert_cmpuint (emails->len, ==, 2);
  g_assert_cmpstr (sleek_vcard_item_get_field (emails->pdata[0], "USERID"), ==, "romeo@example.net");
  g_assert_true (sleek_vcard_item_has_type (emails->pdata[0], "HOME"));
  g_assert_false (sleek_vcard_item_has_type (emails->pdata[0], "WORK"));
  types = sleek_vcard_item_dup_types (emails->pdata[0]);
  g_assert_cmpstrv (types, ((const char *[]) { "HOME", "INTERNET", NULL }));
  g_assert_cmpstr (sleek_vcard_item_get_field (emails->pdata[1], "USERID"), ==, "heir@montague.example");
  g_assert_true (sleek_vcard_item_has_type (emails->pdata[1], "WORK"));
  tels = sleek_vcard_get_telephones (vcard);
  g_assert_cmpuint (tels->len, ==, 1);
  g_assert_cmpstr (sleek_vcard_item_get_field (tels->pdata[0], "NUMBER"), ==, "+39 1");
  g_assert_true (sleek_vcard_item_has_type (tels->pdata[0], "CELL"));
  adrs = sleek_vcard_get_addresses (vcard);
  g_assert_cmpuint (adrs->len, ==, 1);
  g_assert_cmpstr (sleek_vcard_item_get_field (adrs->pdata[0], "STREET"), ==, "Via Mazzini");
  g_assert_cmpstr (sleek_vcard_item_get_field (adrs->pdata[0], "CTRY"), ==, "Italy");
  g_assert_null (sleek_vcard_item_get_field (adrs->pdata[0], "PCODE"));

  /* Line breaks in BINVAL do not matter. */
  photo = sleek_vcard_get_photo (vcard, &mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, "image/png");
  data = g_bytes_get_data (photo, &len);
  g_assert_cmpmem (data, len, "\x89PNG\r\n\x1a", 7);
  g_assert_null (sleek_vcard_get_photo_url (vcard));
}

static void
test_bad_photo (void)
{
  const char *bad[] = { "iVBO*w==", "iVB", "iV=BOw==", "iVBOw===" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<vCard xmlns='vcard-temp'><PHOTO><BINVAL>%s</BINVAL></PHOTO></vCard>",
                                              bad[i]);
      g_autoptr(SleekVCard) vcard = parse_vcard (xml);
      g_autoptr(GError) error = NULL;
      g_autofree char *mime = NULL;
      g_autoptr(GBytes) photo = sleek_vcard_get_photo (vcard, &mime, &error);

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_null (photo);
      g_assert_null (mime);
    }

  /* No BINVAL: no photo, no error. */
  {
    g_autoptr(SleekVCard) vcard = parse_vcard ("<vCard xmlns='vcard-temp'><PHOTO><EXTVAL>x</EXTVAL></PHOTO></vCard>");
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) photo = sleek_vcard_get_photo (vcard, NULL, &error);

    g_assert_no_error (error);
    g_assert_null (photo);
    g_assert_cmpstr (sleek_vcard_get_photo_url (vcard), ==, "x");
  }
}

static void
test_iq_plugin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = NULL;
  SleekStanza *vcard;

  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_VCARD_TEMP));
  iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='result' id='1'><vCard xmlns='vcard-temp'>"
                           "<FN>Nurse</FN></vCard></iq>", &error);
  g_assert_no_error (error);
  vcard = sleek_stanza_get_plugin (iq, "vcard_temp", FALSE);
  g_assert_true (SLEEK_IS_VCARD (vcard));
  g_assert_cmpstr (sleek_vcard_get_full_name (SLEEK_VCARD (vcard)), ==, "Nurse");
}

static gboolean
local_has_vcard (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, VCARD_NS);
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (local_has_vcard (f));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0054", &error));
  g_assert_no_error (error);
  g_assert_false (local_has_vcard (f));
}

static void
answer (Fixture *f, const char *id, const char *format)
{
  g_autoptr(GString) xml = g_string_new (format);

  g_string_replace (xml, "%s", id, 0);
  pt_recv (&f->base, xml->str);
  pt_wait_for (&f->base, &f->done);
}

static void
test_get_own (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr(SleekVCard) cached = NULL;

  g_assert_null (sleek_vcard_temp_get_cached (f->vcards, NULL));
  sleek_vcard_temp_get_vcard_async (f->vcards, NULL, NULL, on_vcard, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  answer (f, id, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'><FN>Juliet</FN></vCard></iq>");
  g_assert_no_error (f->error);
  g_assert_cmpstr (sleek_vcard_get_full_name (f->vcard), ==, "Juliet");

  /* Kept under our bare JID, as a copy. */
  sleek_vcard_set_full_name (f->vcard, "changed");
  cached = sleek_vcard_temp_get_cached (f->vcards, NULL);
  g_assert_nonnull (cached);
  g_assert_cmpstr (sleek_vcard_get_full_name (cached), ==, "Juliet");
  g_clear_object (&cached);
  {
    g_autoptr(SleekJid) other_resource = pt_jid ("juliet@example.com/tomb");

    cached = sleek_vcard_temp_get_cached (f->vcards, other_resource);
    g_assert_nonnull (cached);
  }
}

static void
test_get_contact (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO_BARE);
  g_autoptr(SleekVCard) cached = NULL;
  g_autofree char *id = NULL;

  sleek_vcard_temp_get_vcard_async (f->vcards, romeo, NULL, on_vcard, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'/></iq>");
  answer (f, id, "<iq type='result' id='%s' from='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'>"
                 "<NICKNAME>Ro</NICKNAME></vCard></iq>");
  g_assert_no_error (f->error);
  g_assert_cmpstr (sleek_vcard_get_nickname (f->vcard), ==, "Ro");
  cached = sleek_vcard_temp_get_cached (f->vcards, romeo);
  g_assert_cmpstr (sleek_vcard_get_nickname (cached), ==, "Ro");
  g_assert_null (sleek_vcard_temp_get_cached (f->vcards, NULL));
}

/* No vCard stored: all three answers servers give mean an empty one. */
static void
test_get_empty (Fixture *f, gconstpointer data)
{
  const char *answers[] = {
    "<iq type='result' id='%s' from='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'/></iq>",
    "<iq type='result' id='%s' from='" ROMEO_BARE "'/>",
    "<iq type='error' id='%s' from='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'/><error type='cancel'>"
    "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>",
  };
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO_BARE);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autofree char *id = NULL;

      reset (f);
      sleek_vcard_temp_get_vcard_async (f->vcards, romeo, NULL, on_vcard, f);
      id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'/></iq>");
      answer (f, id, answers[i]);
      g_assert_no_error (f->error);
      g_assert_true (SLEEK_IS_VCARD (f->vcard));
      g_assert_true (sleek_vcard_is_empty (f->vcard));
    }
}

static void
test_get_error (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO_BARE);
  g_autofree char *id = NULL;

  sleek_vcard_temp_get_vcard_async (f->vcards, romeo, NULL, on_vcard, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'/></iq>");
  answer (f, id, "<iq type='error' id='%s' from='" ROMEO_BARE "'><error type='auth'>"
                 "<forbidden xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_assert_null (f->vcard);
  g_assert_null (sleek_vcard_temp_get_cached (f->vcards, romeo));
}

static void
test_publish (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekVCard) vcard = sleek_vcard_new ();
  g_autofree char *id = NULL;

  /* Fetch our own first, so that there is something to drop. */
  sleek_vcard_temp_get_vcard_async (f->vcards, NULL, NULL, on_vcard, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  answer (f, id, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'><FN>Old</FN></vCard></iq>");
  g_clear_pointer (&id, g_free);

  sleek_vcard_set_full_name (vcard, "Juliet Capulet");
  sleek_vcard_temp_publish_vcard_async (f->vcards, vcard, NULL, on_published, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><vCard xmlns='" VCARD_NS "'>"
                                        "<FN>Juliet Capulet</FN></vCard></iq>");
  answer (f, id, "<iq type='result' id='%s'/>");
  g_assert_no_error (f->error);
  g_assert_true (f->published);
  g_assert_null (sleek_vcard_temp_get_cached (f->vcards, NULL));

  /* A refusal. */
  g_clear_pointer (&id, g_free);
  reset (f);
  sleek_vcard_temp_publish_vcard_async (f->vcards, vcard, NULL, on_published, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><vCard xmlns='" VCARD_NS "'>"
                                        "<FN>Juliet Capulet</FN></vCard></iq>");
  answer (f, id, "<iq type='error' id='%s'><error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ACCEPTABLE);
  g_assert_false (f->published);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekVCardTemp) vcards = g_object_ref (f->vcards);
  g_autoptr(SleekVCard) vcard = sleek_vcard_new ();

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0054", &error));
  g_assert_no_error (error);
  sleek_vcard_temp_get_vcard_async (vcards, NULL, NULL, on_vcard, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  reset (f);
  sleek_vcard_temp_publish_vcard_async (vcards, vcard, NULL, on_published, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  pt_expect_silence (&f->base);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0054/build", test_build);
  g_test_add_func ("/xep-0054/read", test_read);
  g_test_add_func ("/xep-0054/bad-photo", test_bad_photo);
  g_test_add_func ("/xep-0054/iq-plugin", test_iq_plugin);
  ADD ("/xep-0054/advertised", test_advertised);
  ADD ("/xep-0054/get-own", test_get_own);
  ADD ("/xep-0054/get-contact", test_get_contact);
  ADD ("/xep-0054/get-empty", test_get_empty);
  ADD ("/xep-0054/get-error", test_get_error);
  ADD ("/xep-0054/publish", test_publish);
  ADD ("/xep-0054/removed", test_removed);

  return g_test_run ();
}
