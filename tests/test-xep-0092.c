/* test-xep-0092.c: SleekSoftwareVersion, XEP-0092 Software Version
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define VERSION_NS "jabber:iq:version"

typedef struct {
  PluginFixture base;
  SleekSoftwareVersion *version;
  gboolean done;
  SleekSoftwareVersionInfo *info;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0092", &error));
  g_assert_no_error (error);
  f->version = SLEEK_SOFTWARE_VERSION (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0092"));
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
}

static void
on_version (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->info = sleek_software_version_get_version_finish (SLEEK_SOFTWARE_VERSION (source), result, &f->error);
  f->done = TRUE;
}

static gboolean
local_has_version (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, VERSION_NS);
}

static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_autofree char *lib = g_strdup_printf ("%u.%u.%u", sleek_get_major_version (), sleek_get_minor_version (),
                                          sleek_get_micro_version ());
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *os = NULL;

  g_assert_true (local_has_version (f));
  g_assert_cmpstr (sleek_software_version_get_software_name (f->version), ==, "sleek-glib");
  g_assert_cmpstr (sleek_software_version_get_local_version (f->version), ==, lib);
  g_assert_null (sleek_software_version_get_os (f->version));
  g_object_get (f->version, "software-name", &name, "version", &version, "os", &os, NULL);
  g_assert_cmpstr (name, ==, "sleek-glib");
  g_assert_cmpstr (version, ==, lib);
  g_assert_null (os);
}

static void
test_answer (Fixture *f, gconstpointer data)
{
  g_autofree char *expected = g_strdup_printf ("<iq type='result' id='v1' to='" ROMEO "' from='" OWN_JID "'>"
                                               "<query xmlns='" VERSION_NS "'><name>sleek-glib</name>"
                                               "<version>%u.%u.%u</version></query></iq>",
                                               sleek_get_major_version (), sleek_get_minor_version (),
                                               sleek_get_micro_version ());

  pt_recv (&f->base, "<iq type='get' id='v1' from='" ROMEO "' to='" OWN_JID "'><query xmlns='" VERSION_NS "'/></iq>");
  pt_expect_send (&f->base, expected);

  g_object_set (f->version, "software-name", "my-bot", "version", "2.1", "os", "Debian", NULL);
  pt_recv (&f->base, "<iq type='get' id='v2' from='" ROMEO "'><query xmlns='" VERSION_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='v2' to='" ROMEO "'><query xmlns='" VERSION_NS "'>"
                            "<name>my-bot</name><version>2.1</version><os>Debian</os></query></iq>");

  /* NULL leaves the OS out, and restores the other defaults. */
  sleek_software_version_set_os (f->version, NULL);
  sleek_software_version_set_local_version (f->version, "3");
  sleek_software_version_set_software_name (f->version, NULL);
  g_assert_cmpstr (sleek_software_version_get_software_name (f->version), ==, "sleek-glib");
  pt_recv (&f->base, "<iq type='get' id='v3' from='" ROMEO "'><query xmlns='" VERSION_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='v3' to='" ROMEO "'><query xmlns='" VERSION_NS "'>"
                            "<name>sleek-glib</name><version>3</version></query></iq>");
}

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_notify (Fixture *f, gconstpointer data)
{
  guint count = 0;

  g_signal_connect (f->version, "notify::os", G_CALLBACK (on_notify), &count);
  sleek_software_version_set_os (f->version, "Linux");
  sleek_software_version_set_os (f->version, "Linux");
  g_assert_cmpuint (count, ==, 1);
  sleek_software_version_set_os (f->version, NULL);
  g_assert_cmpuint (count, ==, 2);
}

static void
test_get_version (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_software_version_get_version_async (f->version, romeo, NULL, on_version, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" VERSION_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'><query xmlns='" VERSION_NS "'>"
                            "<name>Psi</name><version>1.5</version><os>Windows</os></query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (SLEEK_IS_SOFTWARE_VERSION_INFO (f->info));
  g_assert_cmpstr (sleek_software_version_info_get_name (f->info), ==, "Psi");
  g_assert_cmpstr (sleek_software_version_info_get_version (f->info), ==, "1.5");
  g_assert_cmpstr (sleek_software_version_info_get_os (f->info), ==, "Windows");
}

static void
test_get_server_version (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_software_version_get_version_async (f->version, NULL, NULL, on_version, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" VERSION_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'><query xmlns='" VERSION_NS "'>"
                            "<name>Prosody</name><version>0.12.3</version></query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpstr (sleek_software_version_info_get_name (f->info), ==, "Prosody");
  g_assert_cmpstr (sleek_software_version_info_get_version (f->info), ==, "0.12.3");
  g_assert_null (sleek_software_version_info_get_os (f->info));
}

static void
test_get_version_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_software_version_get_version_async (f->version, romeo, NULL, on_version, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" VERSION_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><error type='cancel'>"
                            "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  g_assert_null (f->info);

  /* A result without a query is no answer. */
  reset (f);
  sleek_software_version_get_version_async (f->version, romeo, NULL, on_version, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" VERSION_NS "'/></iq>");
  g_free (answer);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'/>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (f->info);
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekSoftwareVersion) version = g_object_ref (f->version);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0092", &error));
  g_assert_no_error (error);
  g_assert_false (local_has_version (f));
  pt_recv (&f->base, "<iq type='get' id='r1' from='" ROMEO "'><query xmlns='" VERSION_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='r1' to='" ROMEO "'>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");

  sleek_software_version_get_version_async (version, NULL, NULL, on_version, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

static void
test_info_new (void)
{
  g_autoptr(SleekSoftwareVersionInfo) info = sleek_software_version_info_new ("a", NULL, "c");

  g_assert_cmpstr (sleek_software_version_info_get_name (info), ==, "a");
  g_assert_null (sleek_software_version_info_get_version (info));
  g_assert_cmpstr (sleek_software_version_info_get_os (info), ==, "c");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0092/defaults", test_defaults);
  ADD ("/xep-0092/answer", test_answer);
  ADD ("/xep-0092/notify", test_notify);
  ADD ("/xep-0092/get-version", test_get_version);
  ADD ("/xep-0092/get-server-version", test_get_server_version);
  ADD ("/xep-0092/get-version-errors", test_get_version_errors);
  ADD ("/xep-0092/removal", test_removal);
  g_test_add_func ("/xep-0092/info-new", test_info_new);

  return g_test_run ();
}
