/* test-xep-0115.c: SleekEntityCaps, XEP-0115 Entity Capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <string.h>

#define CAPS "http://jabber.org/protocol/caps"
#define INFO "http://jabber.org/protocol/disco#info"
#define ITEMS "http://jabber.org/protocol/disco#items"
#define MUC "http://jabber.org/protocol/muc"
#define XDATA "jabber:x:data"
#define EXODUS "http://code.google.com/p/exodus"
#define NURSE "nurse@example.com/chamber"

/* XEP-0115 example 5.2 */
#define SIMPLE_VER "QgayPKawpkPSDYmwT/WM94uAlu0="
#define SIMPLE_S "client/pc//Exodus 0.9.1<" CAPS "<" INFO "<" ITEMS "<" MUC "<"
/* The answer, in another order than the sorted one. */
#define SIMPLE_QUERY_BODY \
  "<feature var='" MUC "'/><identity category='client' name='Exodus 0.9.1' type='pc'/>" \
  "<feature var='" INFO "'/><feature var='" CAPS "'/><feature var='" ITEMS "'/>"
/* XEP-0115 example 5.3 */
#define COMPLEX_VER "q07IKJEyjvHSyhy//CH0CxmKi8w="

typedef struct {
  PluginFixture base;
  SleekDisco *disco;
  SleekEntityCaps *caps;
  gboolean done;
  SleekDiscoInfo *info;
  GError *error;
  guint changed;
  char *changed_jid;
} Fixture;

static void
on_changed (SleekEntityCaps *caps, SleekJid *jid, SleekDiscoInfo *info, Fixture *f)
{
  g_assert_true (SLEEK_IS_DISCO_INFO (info));
  f->changed++;
  g_free (f->changed_jid);
  f->changed_jid = g_strdup (sleek_jid_to_string (jid));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0115", &error));
  g_assert_no_error (error);
  f->disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  f->caps = SLEEK_ENTITY_CAPS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0115"));
  g_signal_connect (f->caps, "capabilities-changed", G_CALLBACK (on_changed), f);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  g_clear_object (&f->info);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
  g_free (f->changed_jid);
}

static void
on_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->info = sleek_entity_caps_get_info_finish (SLEEK_ENTITY_CAPS (source), result, &f->error);
  f->done = TRUE;
}

static char *
hash_of (GChecksumType type, const char *s)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (type);
  guint8 digest[64];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) s, strlen (s));
  g_checksum_get_digest (checksum, digest, &length);
  return g_base64_encode (digest, length);
}

static SleekDataForm *
parse_form (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  return g_object_new (SLEEK_TYPE_DATA_FORM, "node", node, NULL);
}

/* The information of example 5.2, on a local node of ours. */
static SleekDiscoInfo *
simple_info (Fixture *f)
{
  g_autoptr(SleekDiscoIdentity) exodus = sleek_disco_identity_new ("client", "pc", "Exodus 0.9.1", NULL);

  sleek_disco_add_feature (f->disco, MUC, "simple");
  sleek_disco_add_feature (f->disco, INFO, "simple");
  sleek_disco_add_identity (f->disco, exodus, "simple");
  sleek_disco_add_feature (f->disco, ITEMS, "simple");
  sleek_disco_add_feature (f->disco, CAPS, "simple");
  return sleek_disco_get_local_info (f->disco, "simple");
}

static void
test_ver_simple (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDiscoInfo) info = simple_info (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *ver = sleek_entity_caps_compute_ver (info, "sha-1", &error);
  g_autofree char *sha256 = NULL;
  g_autofree char *sha512 = NULL;
  g_autofree char *want256 = hash_of (G_CHECKSUM_SHA256, SIMPLE_S);
  g_autofree char *want512 = hash_of (G_CHECKSUM_SHA512, SIMPLE_S);

  g_assert_no_error (error);
  g_assert_cmpstr (ver, ==, SIMPLE_VER);

  sha256 = sleek_entity_caps_compute_ver (info, "sha-256", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, want256);
  sha512 = sleek_entity_caps_compute_ver (info, "sha-512", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha512, ==, want512);

  g_assert_null (sleek_entity_caps_compute_ver (info, "md5", &error));
  g_assert_error (error, SLEEK_ENTITY_CAPS_ERROR, SLEEK_ENTITY_CAPS_ERROR_UNSUPPORTED_HASH);
  g_assert_true (sleek_entity_caps_hash_is_supported ("sha-1"));
  g_assert_false (sleek_entity_caps_hash_is_supported ("SHA1"));
}

static void
test_ver_complex (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDiscoIdentity) en = sleek_disco_identity_new ("client", "pc", "Psi 0.11", "en");
  g_autoptr(SleekDiscoIdentity) el = sleek_disco_identity_new ("client", "pc", "Ψ 0.11", "el");
  g_autoptr(SleekDataForm) form = NULL;
  g_autoptr(SleekDataForm) loose = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ver = NULL;

  /* Fields and values out of order. */
  form = parse_form ("<x xmlns='" XDATA "' type='result'>"
                     "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
                     "<field var='os_version'><value>10.5.1</value></field>"
                     "<field var='ip_version' type='text-multi'><value>ipv6</value><value>ipv4</value></field>"
                     "<field var='software_version'><value>0.11</value></field>"
                     "<field var='os'><value>Mac</value></field>"
                     "<field var='software'><value>Psi</value></field>"
                     "</x>");
  sleek_disco_add_identity (f->disco, el, "complex");
  sleek_disco_add_feature (f->disco, MUC, "complex");
  sleek_disco_add_feature (f->disco, ITEMS, "complex");
  sleek_disco_add_identity (f->disco, en, "complex");
  sleek_disco_add_feature (f->disco, CAPS, "complex");
  sleek_disco_add_feature (f->disco, INFO, "complex");
  sleek_disco_add_extension (f->disco, form, "complex");

  info = sleek_disco_get_local_info (f->disco, "complex");
  ver = sleek_entity_caps_compute_ver (info, "sha-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ver, ==, COMPLEX_VER);

  /* A form whose FORM_TYPE is not hidden takes no part. */
  loose = parse_form ("<x xmlns='" XDATA "' type='result'>"
                      "<field var='FORM_TYPE'><value>urn:example:loose</value></field>"
                      "<field var='a'><value>b</value></field></x>");
  sleek_disco_add_extension (f->disco, loose, "complex");
  g_clear_object (&info);
  g_clear_pointer (&ver, g_free);
  info = sleek_disco_get_local_info (f->disco, "complex");
  g_assert_cmpuint (sleek_disco_info_get_forms (info)->len, ==, 2);
  ver = sleek_entity_caps_compute_ver (info, "sha-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ver, ==, COMPLEX_VER);
}

static void
recv_caps (Fixture *f, const char *from, const char *hash, const char *ver)
{
  g_autofree char *xml = g_strdup_printf ("<presence from='%s' to='" OWN_JID "'>"
                                          "<c xmlns='" CAPS "' hash='%s' node='" EXODUS "' ver='%s'/></presence>",
                                          from, hash, ver);

  pt_recv (&f->base, xml);
}

/* Takes the disco#info query for node#ver to @to; returns its id. */
static char *
expect_query (Fixture *f, const char *to, const char *ver)
{
  g_autofree char *format = g_strdup_printf ("<iq type='get' id='%%s' to='%s'>"
                                             "<query xmlns='" INFO "' node='" EXODUS "#%s'/></iq>", to, ver);

  return pt_expect_send_any_id (&f->base, format);
}

static void
answer (Fixture *f, const char *id, const char *from, const char *ver, const char *body)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s' from='%s' to='" OWN_JID "'>"
                                          "<query xmlns='" INFO "' node='" EXODUS "#%s'>%s</query></iq>",
                                          id, from, ver, body);

  pt_recv (&f->base, xml);
}

static void
wait_changed (Fixture *f, guint count)
{
  while (f->changed < count)
    g_main_context_iteration (f->base.ctx, TRUE);
}

static void
test_verify (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  SleekDiscoInfo *info;

  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  id = expect_query (f, ROMEO, SIMPLE_VER);
  g_assert_null (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  answer (f, id, ROMEO, SIMPLE_VER, SIMPLE_QUERY_BODY);
  wait_changed (f, 1);
  g_assert_cmpstr (f->changed_jid, ==, ROMEO);

  info = sleek_entity_caps_get_info_for_jid (f->caps, romeo);
  g_assert_nonnull (info);
  g_assert_true (sleek_disco_info_has_feature (info, MUC));
  g_assert_true (sleek_disco_info_has_identity (info, "client", "pc"));
  g_assert_true (sleek_entity_caps_lookup (f->caps, "sha-1", SIMPLE_VER) == info);

  /* The same capabilities again: nothing to ask, nothing new. */
  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  pt_expect_silence (&f->base);
  g_assert_cmpuint (f->changed, ==, 1);

  /* Another entity with them: known at once. */
  recv_caps (f, NURSE, "sha-1", SIMPLE_VER);
  pt_expect_silence (&f->base);
  g_assert_cmpuint (f->changed, ==, 2);
  g_assert_cmpstr (f->changed_jid, ==, NURSE);

  /* Going offline forgets the entity, not the capabilities. */
  pt_recv (&f->base, "<presence type='unavailable' from='" ROMEO "'/>");
  pt_expect_silence (&f->base);
  g_assert_null (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  g_assert_nonnull (sleek_entity_caps_lookup (f->caps, "sha-1", SIMPLE_VER));
}

static void
test_mismatch (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) nurse = pt_jid (NURSE);
  g_autofree char *id = NULL;

  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  id = expect_query (f, ROMEO, SIMPLE_VER);
  sleek_entity_caps_get_info_async (f->caps, romeo, NULL, on_info, f);
  /* Without the MUC feature: not what the string says. */
  answer (f, id, ROMEO, SIMPLE_VER,
          "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
          "<feature var='" INFO "'/><feature var='" CAPS "'/><feature var='" ITEMS "'/>");
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_ENTITY_CAPS_ERROR, SLEEK_ENTITY_CAPS_ERROR_MISMATCH);
  g_assert_null (f->info);
  g_assert_cmpuint (f->changed, ==, 0);
  g_assert_null (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  g_assert_null (sleek_entity_caps_lookup (f->caps, "sha-1", SIMPLE_VER));

  /* The cache was not poisoned: the next one advertising it is asked. */
  g_free (id);
  recv_caps (f, NURSE, "sha-1", SIMPLE_VER);
  id = expect_query (f, NURSE, SIMPLE_VER);
  answer (f, id, NURSE, SIMPLE_VER, SIMPLE_QUERY_BODY);
  wait_changed (f, 1);
  g_assert_cmpstr (f->changed_jid, ==, NURSE);
  g_assert_nonnull (sleek_entity_caps_get_info_for_jid (f->caps, nurse));
}

/* Advertises @ver, answers @body and returns the error of the lookup. */
static void
expect_rejected (Fixture *f, const char *ver, const char *body, int code)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;

  recv_caps (f, ROMEO, "sha-1", ver);
  id = expect_query (f, ROMEO, ver);
  sleek_entity_caps_get_info_async (f->caps, romeo, NULL, on_info, f);
  answer (f, id, ROMEO, ver, body);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_ENTITY_CAPS_ERROR, code);
  g_assert_null (sleek_entity_caps_lookup (f->caps, "sha-1", ver));
  g_assert_null (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  g_assert_cmpuint (f->changed, ==, 0);
  pt_recv (&f->base, "<presence type='unavailable' from='" ROMEO "'/>");
}

#define FORM(type, extra) \
  "<x xmlns='" XDATA "' type='result'><field var='FORM_TYPE' type='hidden'><value>" type "</value></field>" extra "</x>"

static void
test_malformed (Fixture *f, gconstpointer data)
{
  g_autofree char *twice = hash_of (G_CHECKSUM_SHA1, "client/pc//Exodus 0.9.1<client/pc//Exodus 0.9.1<" CAPS "<" INFO "<"
                                    ITEMS "<" MUC "<");
  g_autofree char *forms = hash_of (G_CHECKSUM_SHA1, SIMPLE_S "urn:example:a<x<1<urn:example:a<x<1<");
  g_autofree char *types = hash_of (G_CHECKSUM_SHA1, SIMPLE_S "urn:example:a<x<1<");

  /* A feature twice: the string matches once they are merged, but the
   * answer is ill-formed. */
  expect_rejected (f, SIMPLE_VER, SIMPLE_QUERY_BODY "<feature var='" MUC "'/>", SLEEK_ENTITY_CAPS_ERROR_MALFORMED);
  /* An identity twice, advertised as hashed with it twice. */
  expect_rejected (f, twice, SIMPLE_QUERY_BODY "<identity category='client' name='Exodus 0.9.1' type='pc'/>",
                   SLEEK_ENTITY_CAPS_ERROR_MALFORMED);
  /* Two forms of the same FORM_TYPE. */
  expect_rejected (f, forms, SIMPLE_QUERY_BODY FORM ("urn:example:a", "<field var='x'><value>1</value></field>")
                   FORM ("urn:example:a", "<field var='x'><value>1</value></field>"),
                   SLEEK_ENTITY_CAPS_ERROR_MALFORMED);
  /* A FORM_TYPE with two different values. */
  expect_rejected (f, types, SIMPLE_QUERY_BODY
                   "<x xmlns='" XDATA "' type='result'><field var='FORM_TYPE' type='hidden'>"
                   "<value>urn:example:a</value><value>urn:example:b</value></field>"
                   "<field var='x'><value>1</value></field></x>",
                   SLEEK_ENTITY_CAPS_ERROR_MALFORMED);
  /* No disco#info payload at all. */
  expect_rejected (f, SIMPLE_VER, "", SLEEK_ENTITY_CAPS_ERROR_MISMATCH);
}

static void
test_ignored_form (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;

  /* XEP-0115 section 5.4: a form whose FORM_TYPE is not hidden is left
   * out, and the rest verified. */
  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  id = expect_query (f, ROMEO, SIMPLE_VER);
  answer (f, id, ROMEO, SIMPLE_VER, SIMPLE_QUERY_BODY
          "<x xmlns='" XDATA "' type='result'><field var='FORM_TYPE'><value>urn:example:a</value></field></x>");
  wait_changed (f, 1);
  g_assert_nonnull (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
}

static void
test_concurrent (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) nurse = pt_jid (NURSE);
  g_autofree char *id = NULL;

  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  recv_caps (f, NURSE, "sha-1", SIMPLE_VER);
  sleek_entity_caps_get_info_async (f->caps, nurse, NULL, on_info, f);
  id = expect_query (f, ROMEO, SIMPLE_VER);
  /* One query for both. */
  pt_expect_silence (&f->base);
  answer (f, id, ROMEO, SIMPLE_VER, SIMPLE_QUERY_BODY);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (sleek_disco_info_has_feature (f->info, MUC));
  wait_changed (f, 2);
  g_assert_nonnull (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  g_assert_true (sleek_entity_caps_get_info_for_jid (f->caps, nurse) == sleek_entity_caps_get_info_for_jid (f->caps, romeo));

  /* Now from the cache. */
  sleek_entity_caps_get_info_async (f->caps, romeo, NULL, on_info, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->info == sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  pt_expect_silence (&f->base);
}

static void
test_legacy_and_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  /* Legacy capabilities are not verified. */
  pt_recv (&f->base, "<presence from='" ROMEO "'><c xmlns='" CAPS "' node='" EXODUS "' ver='0.9.1' ext='avatar'/></presence>");
  pt_expect_silence (&f->base);
  g_assert_null (sleek_entity_caps_get_info_for_jid (f->caps, romeo));
  /* Nor those of a hash we do not know. */
  recv_caps (f, ROMEO, "md5", "xxxx");
  pt_expect_silence (&f->base);
  g_assert_null (sleek_entity_caps_get_info_for_jid (f->caps, romeo));

  /* Then the lookup asks the entity itself. */
  sleek_entity_caps_get_info_async (f->caps, romeo, NULL, on_info, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  xml = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'><query xmlns='" INFO "'>"
                         "<feature var='urn:example'/></query></iq>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (sleek_disco_info_has_feature (f->info, "urn:example"));
  g_assert_cmpuint (f->changed, ==, 0);
}

static void
test_cancel_wait (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;

  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  id = expect_query (f, ROMEO, SIMPLE_VER);
  sleek_entity_caps_get_info_async (f->caps, romeo, cancellable, on_info, f);
  g_cancellable_cancel (cancellable);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The verification goes on for the others. */
  answer (f, id, ROMEO, SIMPLE_VER, SIMPLE_QUERY_BODY);
  wait_changed (f, 1);
}

/* What we advertise: the features of a client with xep_0115 enabled,
 * xep_0004 and xep_0030 coming with it. */
static const char *
own_s (void)
{
  return CAPS "<" INFO "<" ITEMS "<" XDATA "<";
}

static void
expect_own_presence (Fixture *f, const char *attrs, const char *body, const char *ver)
{
  g_autofree char *xml = g_strdup_printf ("<presence%s>%s<c xmlns='" CAPS "' hash='sha-1' "
                                          "node='" SLEEK_ENTITY_CAPS_DEFAULT_NODE "' ver='%s'/></presence>",
                                          attrs, body, ver);

  pt_expect_send (&f->base, xml);
}

static void
test_own_presence (Fixture *f, gconstpointer data)
{
  g_autofree char *ver = hash_of (G_CHECKSUM_SHA1, own_s ());
  g_autoptr(SleekDiscoInfo) local = sleek_disco_get_local_info (f->disco, NULL);

  g_assert_true (sleek_disco_info_has_feature (local, CAPS));
  g_assert_cmpstr (sleek_entity_caps_get_ver (f->caps), ==, ver);
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  expect_own_presence (f, "", "", ver);
  /* Directed presence too; not other types. */
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, ROMEO, NULL);
  expect_own_presence (f, " to='" ROMEO "'", "", ver);
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, "romeo@example.net", "subscribe");
  pt_expect_send (&f->base, "<presence to='romeo@example.net' type='subscribe'/>");
}

static void
test_other_hash (Fixture *f, gconstpointer data)
{
  g_autofree char *ver = hash_of (G_CHECKSUM_SHA256, own_s ());
  g_autofree char *xml = NULL;

  sleek_entity_caps_set_hash (f->caps, "sha-256");
  sleek_entity_caps_set_node (f->caps, "https://example.org/app");
  g_assert_cmpstr (sleek_entity_caps_get_ver (f->caps), ==, ver);
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  xml = g_strdup_printf ("<presence><c xmlns='" CAPS "' hash='sha-256' node='https://example.org/app' ver='%s'/></presence>", ver);
  pt_expect_send (&f->base, xml);
}

static void
test_feature_update (Fixture *f, gconstpointer data)
{
  g_autofree char *before = hash_of (G_CHECKSUM_SHA1, own_s ());
  g_autofree char *after = hash_of (G_CHECKSUM_SHA1, CAPS "<" INFO "<" ITEMS "<" XDATA "<urn:example:a<urn:example:b<");

  /* No presence sent yet: nothing to send again. */
  sleek_disco_add_feature (f->disco, "urn:example:z", NULL);
  pt_expect_silence (&f->base);
  g_assert_true (sleek_disco_remove_feature (f->disco, "urn:example:z", NULL));
  pt_expect_silence (&f->base);

  sleek_base_xmpp_start_session (f->base.xmpp);
  sleek_base_xmpp_send_presence (f->base.xmpp, "away", NULL, 0, NULL, NULL);
  expect_own_presence (f, "", "<show>away</show>", before);
  pt_expect_silence (&f->base);

  /* Three changes, one presence. */
  sleek_disco_add_feature (f->disco, "urn:example:b", NULL);
  sleek_disco_add_feature (f->disco, "urn:example:a", NULL);
  sleek_disco_add_feature (f->disco, "urn:example:c", NULL);
  g_assert_true (sleek_disco_remove_feature (f->disco, "urn:example:c", NULL));
  expect_own_presence (f, "", "<show>away</show>", after);
  pt_expect_silence (&f->base);
  g_assert_cmpstr (sleek_entity_caps_get_ver (f->caps), ==, after);

  /* Other nodes do not change what we advertise. */
  sleek_disco_add_feature (f->disco, "urn:example:d", "some-node");
  pt_expect_silence (&f->base);

  /* After going unavailable, changes are not broadcast. */
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, "unavailable");
  pt_expect_send (&f->base, "<presence type='unavailable'/>");
  sleek_disco_add_feature (f->disco, "urn:example:e", NULL);
  pt_expect_silence (&f->base);
}

static void
expect_not_found (Fixture *f, const char *id, const char *ver)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='error' id='%s' to='" ROMEO "' from='" OWN_JID "'>"
                                          "<query xmlns='" INFO "' node='" SLEEK_ENTITY_CAPS_DEFAULT_NODE "#%s'/>"
                                          "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>",
                                          id, ver);

  pt_expect_send (&f->base, xml);
}

static void
test_answer_node (Fixture *f, gconstpointer data)
{
  g_autofree char *ver = hash_of (G_CHECKSUM_SHA1, own_s ());
  g_autofree char *xml = g_strdup_printf ("<iq type='get' id='q1' from='" ROMEO "' to='" OWN_JID "'>"
                                          "<query xmlns='" INFO "' node='" SLEEK_ENTITY_CAPS_DEFAULT_NODE "#%s'/></iq>",
                                          ver);
  g_autofree char *reply = g_strdup_printf ("<iq type='result' id='q1' to='" ROMEO "' from='" OWN_JID "'>"
                                            "<query xmlns='" INFO "' node='" SLEEK_ENTITY_CAPS_DEFAULT_NODE "#%s'>"
                                            "<feature var='" INFO "'/><feature var='" ITEMS "'/>"
                                            "<feature var='" XDATA "'/><feature var='" CAPS "'/>"
                                            "</query></iq>", ver);

  pt_recv (&f->base, xml);
  pt_expect_send (&f->base, reply);

  /* Once our information changes, the old string is unknown. */
  sleek_disco_add_feature (f->disco, "urn:example:a", NULL);
  g_assert_cmpstr (sleek_entity_caps_get_ver (f->caps), !=, ver);
  g_free (xml);
  xml = g_strdup_printf ("<iq type='get' id='q2' from='" ROMEO "' to='" OWN_JID "'>"
                         "<query xmlns='" INFO "' node='" SLEEK_ENTITY_CAPS_DEFAULT_NODE "#%s'/></iq>", ver);
  pt_recv (&f->base, xml);
  expect_not_found (f, "q2", ver);
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) local = NULL;
  g_autofree char *ver = g_strdup (sleek_entity_caps_get_ver (f->caps));
  g_autofree char *xml = NULL;

  sleek_base_xmpp_start_session (f->base.xmpp);
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  expect_own_presence (f, "", "", ver);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0115", &error));
  g_assert_no_error (error);
  local = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_false (sleek_disco_info_has_feature (local, CAPS));
  pt_expect_silence (&f->base);

  /* Presences go out bare, others' capabilities are not asked. */
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence/>");
  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  pt_expect_silence (&f->base);
  g_assert_cmpuint (f->changed, ==, 0);
  sleek_disco_add_feature (f->disco, "urn:example:a", NULL);
  pt_expect_silence (&f->base);

  /* node#ver is not answered any more. */
  xml = g_strdup_printf ("<iq type='get' id='q1' from='" ROMEO "' to='" OWN_JID "'>"
                         "<query xmlns='" INFO "' node='" SLEEK_ENTITY_CAPS_DEFAULT_NODE "#%s'/></iq>", ver);
  pt_recv (&f->base, xml);
  expect_not_found (f, "q1", ver);
}

static void
test_removal_pending (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  recv_caps (f, ROMEO, "sha-1", SIMPLE_VER);
  id = expect_query (f, ROMEO, SIMPLE_VER);
  sleek_entity_caps_get_info_async (f->caps, romeo, NULL, on_info, f);
  g_object_ref (f->caps);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0115", &error));
  g_assert_no_error (error);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  answer (f, id, ROMEO, SIMPLE_VER, SIMPLE_QUERY_BODY);
  pt_expect_silence (&f->base);
  g_assert_null (sleek_entity_caps_lookup (f->caps, "sha-1", SIMPLE_VER));
  g_assert_cmpuint (f->changed, ==, 0);
  g_object_unref (f->caps);
}

static void
test_stanza_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) presence = NULL;
  g_autoptr(SleekStanza) bare = NULL;
  SleekCaps *caps;

  presence = sleek_stanza_parse ("<presence xmlns='jabber:client'><c xmlns='" CAPS "' hash='sha-1' node='" EXODUS "' "
                                 "ver='" SIMPLE_VER "'/></presence>", &error);
  g_assert_no_error (error);
  caps = sleek_stanza_get_caps (presence);
  g_assert_nonnull (caps);
  g_assert_cmpstr (sleek_caps_get_hash (caps), ==, "sha-1");
  g_assert_cmpstr (sleek_caps_get_node (caps), ==, EXODUS);
  g_assert_cmpstr (sleek_caps_get_ver (caps), ==, SIMPLE_VER);
  g_assert_true (SLEEK_STANZA (caps) == sleek_stanza_get_plugin (presence, "caps", FALSE));

  bare = sleek_stanza_parse ("<presence xmlns='jabber:client'/>", &error);
  g_assert_no_error (error);
  g_assert_null (sleek_stanza_get_caps (bare));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0115/ver/simple", test_ver_simple);
  ADD ("/xep-0115/ver/complex", test_ver_complex);
  ADD ("/xep-0115/stanza", test_stanza_plugin);
  ADD ("/xep-0115/verify/success", test_verify);
  ADD ("/xep-0115/verify/mismatch", test_mismatch);
  ADD ("/xep-0115/verify/malformed", test_malformed);
  ADD ("/xep-0115/verify/ignored-form", test_ignored_form);
  ADD ("/xep-0115/verify/concurrent", test_concurrent);
  ADD ("/xep-0115/verify/legacy-and-plain", test_legacy_and_plain);
  ADD ("/xep-0115/verify/cancel", test_cancel_wait);
  ADD ("/xep-0115/own/presence", test_own_presence);
  ADD ("/xep-0115/own/other-hash", test_other_hash);
  ADD ("/xep-0115/own/feature-update", test_feature_update);
  ADD ("/xep-0115/own/answer-node", test_answer_node);
  ADD ("/xep-0115/removal", test_removal);
  ADD ("/xep-0115/removal-pending", test_removal_pending);

  return g_test_run ();
}
