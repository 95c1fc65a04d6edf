/* test-disco.c: XEP-0030 Service Discovery and XEP-0128 extensions against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#define SERVERINFO "http://jabber.org/network/serverinfo"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  SleekDisco *disco;
} Fixture;

static SleekDisco *
enable_disco (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0030", &error));
  g_assert_no_error (error);
  return SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0030"));
}

/* xep_0128 on top of the xep_0030 the fixture enabled. */
static SleekExtendedDisco *
enable_extended_disco (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0128", &error));
  g_assert_no_error (error);
  return SLEEK_EXTENDED_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0128"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->disco = enable_disco (f->juliet);
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

static SleekDiscoInfo *
get_info (SleekDisco *disco, const char *to, GError **error)
{
  g_autoptr(SleekJid) jid = sleek_jid_new (to, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (jid);
  sleek_disco_get_info_async (disco, jid, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_disco_get_info_finish (disco, result, error);
}

/* The server's own features: the modules the test config enables. */
static void
test_server_info (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = get_info (f->disco, prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), &error);

  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_identity (info, "server", "im"));
  g_assert_true (sleek_disco_info_has_feature (info, "http://jabber.org/protocol/disco#info"));
  g_assert_true (sleek_disco_info_has_feature (info, "urn:xmpp:ping"));
  g_assert_true (sleek_disco_info_has_feature (info, "jabber:iq:version"));
}

/* The server's items: the MUC component. */
static void
test_server_items (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) host = sleek_jid_new (prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), NULL);
  const char *muc = prosody_env_require ("SLEEK_TEST_MUC_HOST");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gboolean found = FALSE;

  sleek_disco_get_items_async (f->disco, host, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  items = sleek_disco_get_items_finish (f->disco, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (sleek_jid_to_string (sleek_disco_item_get_jid (g_ptr_array_index (items, i))), muc) == 0)
      found = TRUE;
  g_assert_true (found);
}

/* Romeo asks Juliet's client, through the server: our own answer. */
static void
test_client_answers (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDiscoIdentity) identity = sleek_disco_identity_new ("client", "bot", "Juliet", NULL);
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekDiscoInfo) node_info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SleekDisco *romeo_disco;

  sleek_disco_add_identity (f->disco, identity, NULL);
  sleek_disco_add_feature (f->disco, "urn:sleek:test:disco", NULL);

  f->romeo = client_util_new_logged_in ("romeo");
  romeo_disco = enable_disco (f->romeo);
  info = get_info (romeo_disco, sleek_jid_to_string (juliet), &error);
  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_feature (info, "urn:sleek:test:disco"));
  g_assert_true (sleek_disco_info_has_identity (info, "client", "bot"));

  /* An unknown node is item-not-found. */
  sleek_disco_get_info_async (romeo_disco, juliet, "nowhere", NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  node_info = sleek_disco_get_info_finish (romeo_disco, result, &error);
  g_assert_null (node_info);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

/* The XEP-0157 contact addresses of the test config (contact_info). */
static void
test_server_contact_info (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = get_info (f->disco, prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), &error);
  g_auto(GStrv) admins = NULL;
  g_auto(GStrv) abuse = NULL;
  SleekDataForm *form;

  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_identity (info, "server", "im"));
  form = sleek_disco_info_get_form (info, SERVERINFO);
  g_assert_nonnull (form);
  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_RESULT);
  g_assert_true (sleek_data_form_validate (form, NULL));
  admins = sleek_data_form_field_get_values (sleek_data_form_get_field (form, "admin-addresses"));
  g_assert_cmpstrv (admins, ((const char * const []) { "mailto:admin@localhost", "xmpp:admin@localhost", NULL }));
  abuse = sleek_data_form_field_get_values (sleek_data_form_get_field (form, "abuse-addresses"));
  g_assert_cmpstrv (abuse, ((const char * const []) { "mailto:abuse@localhost", NULL }));
}

/* Romeo asks Juliet's client, through the server: our own forms, until
 * the plugin is removed. */
static void
test_client_forms (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  SleekExtendedDisco *extended = enable_extended_disco (f->juliet);
  g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_RESULT);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekDiscoInfo) after = NULL;
  SleekDataForm *found;
  SleekDisco *romeo_disco;

  sleek_data_form_set_form_namespace (form, "urn:sleek:test:extended");
  sleek_data_form_set_field_value (form, "colour", "green");
  g_assert_true (sleek_extended_disco_add_form (extended, form, NULL, &error));
  g_assert_no_error (error);

  f->romeo = client_util_new_logged_in ("romeo");
  romeo_disco = enable_disco (f->romeo);
  sleek_disco_set_use_cache (romeo_disco, FALSE);
  info = get_info (romeo_disco, sleek_jid_to_string (juliet), &error);
  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_feature (info, "jabber:x:data"));
  found = sleek_disco_info_get_form (info, "urn:sleek:test:extended");
  g_assert_nonnull (found);
  g_assert_cmpstr (sleek_data_form_get_field_value (found, "colour"), ==, "green");

  g_assert_true (sleek_base_xmpp_remove_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0128", &error));
  g_assert_no_error (error);
  after = get_info (romeo_disco, sleek_jid_to_string (juliet), &error);
  g_assert_no_error (error);
  g_assert_null (sleek_disco_info_get_form (after, "urn:sleek:test:extended"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/disco/server-info", test_server_info);
  ADD ("/disco/server-items", test_server_items);
  ADD ("/disco/client-answers", test_client_answers);
  ADD ("/disco/server-contact-info", test_server_contact_info);
  ADD ("/disco/client-forms", test_client_forms);

  return g_test_run ();
}
