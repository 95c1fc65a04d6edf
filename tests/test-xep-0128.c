/* test-xep-0128.c: XEP-0128 Service Discovery Extensions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <string.h>

#define INFO "http://jabber.org/protocol/disco#info"
#define ITEMS "http://jabber.org/protocol/disco#items"
#define XDATA "jabber:x:data"
#define SERVERINFO "http://jabber.org/network/serverinfo"

typedef struct {
  PluginFixture base;
  SleekDisco *disco;
  SleekExtendedDisco *extended;
  gboolean done;
  SleekDiscoInfo *info;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0128", &error));
  g_assert_no_error (error);
  f->disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  f->extended = SLEEK_EXTENDED_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0128"));
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
on_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->info = sleek_disco_get_info_finish (SLEEK_DISCO (source), result, &f->error);
  f->done = TRUE;
}

static SleekDataForm *
make_form (const char *form_namespace, const char *var, const char *value)
{
  SleekDataForm *form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_RESULT);

  sleek_data_form_set_form_namespace (form, form_namespace);
  sleek_data_form_set_field_value (form, var, value);
  return form;
}

static void
test_dependencies (Fixture *f, gconstpointer data)
{
  g_assert_true (SLEEK_IS_DISCO (f->disco));
  g_assert_true (SLEEK_IS_DATA_FORMS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0004")));
  g_assert_true (SLEEK_IS_EXTENDED_DISCO (f->extended));
}

static void
test_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = make_form ("urn:example:bot", "owner", "juliet@example.com");
  g_autoptr(SleekDataForm) other = make_form ("urn:example:other", "colour", "red");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) published = NULL;

  g_assert_true (sleek_extended_disco_add_form (f->extended, form, NULL, &error));
  g_assert_no_error (error);
  /* A copy is published: later changes to @form do not show. */
  sleek_data_form_set_field_value (form, "owner", "changed@example.com");
  g_assert_true (sleek_extended_disco_add_form (f->extended, other, "node1", &error));
  g_assert_no_error (error);

  pt_recv (&f->base, "<iq type='get' id='i1' from='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='i1' to='" ROMEO "'><query xmlns='" INFO "'>"
                            "<feature var='" INFO "'/><feature var='" ITEMS "'/><feature var='" XDATA "'/>"
                            "<x xmlns='" XDATA "' type='result'>"
                            "<field var='FORM_TYPE' type='hidden'><value>urn:example:bot</value></field>"
                            "<field var='owner'><value>juliet@example.com</value></field></x></query></iq>");
  pt_recv (&f->base, "<iq type='get' id='i2' from='" ROMEO "'><query xmlns='" INFO "' node='node1'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='i2' to='" ROMEO "'><query xmlns='" INFO "' node='node1'>"
                            "<x xmlns='" XDATA "' type='result'>"
                            "<field var='FORM_TYPE' type='hidden'><value>urn:example:other</value></field>"
                            "<field var='colour'><value>red</value></field></x></query></iq>");

  /* The same FORM_TYPE again replaces the form. */
  g_assert_true (sleek_extended_disco_add_form (f->extended, form, NULL, &error));
  published = sleek_extended_disco_get_forms (f->extended, NULL);
  g_assert_cmpuint (published->len, ==, 1);
  g_assert_cmpstr (sleek_data_form_get_field_value (published->pdata[0], "owner"), ==, "changed@example.com");
  pt_recv (&f->base, "<iq type='get' id='i3' from='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='i3' to='" ROMEO "'><query xmlns='" INFO "'>"
                            "<feature var='" INFO "'/><feature var='" ITEMS "'/><feature var='" XDATA "'/>"
                            "<x xmlns='" XDATA "' type='result'>"
                            "<field var='FORM_TYPE' type='hidden'><value>urn:example:bot</value></field>"
                            "<field var='owner'><value>changed@example.com</value></field></x></query></iq>");

  g_assert_true (sleek_extended_disco_remove_form (f->extended, "urn:example:bot", NULL));
  g_assert_false (sleek_extended_disco_remove_form (f->extended, "urn:example:bot", NULL));
  pt_recv (&f->base, "<iq type='get' id='i4' from='" ROMEO "'><query xmlns='" INFO "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='i4' to='" ROMEO "'><query xmlns='" INFO "'>"
                            "<feature var='" INFO "'/><feature var='" ITEMS "'/><feature var='" XDATA "'/>"
                            "</query></iq>");
}

static void
test_local_info (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) a = make_form ("urn:example:a", "x", "1");
  g_autoptr(SleekDataForm) b = make_form ("urn:example:b", "y", "2");
  g_autoptr(SleekDataForm) c = make_form ("urn:example:c", "z", "3");
  g_autoptr(GPtrArray) forms = g_ptr_array_new ();
  g_autoptr(GPtrArray) published = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekDiscoInfo) after = NULL;
  g_autoptr(GError) error = NULL;
  SleekDataForm *found;

  g_ptr_array_add (forms, a);
  g_ptr_array_add (forms, b);
  g_assert_true (sleek_extended_disco_set_forms (f->extended, forms, NULL, &error));
  g_assert_no_error (error);
  info = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_cmpuint (sleek_disco_info_get_forms (info)->len, ==, 2);
  found = sleek_disco_info_get_form (info, "urn:example:b");
  g_assert_nonnull (found);
  g_assert_true (found != b);
  g_assert_cmpstr (sleek_data_form_get_field_value (found, "y"), ==, "2");
  g_assert_null (sleek_disco_info_get_form (info, "urn:example:c"));
  g_assert_true (sleek_disco_info_has_feature (info, XDATA));

  /* set_forms replaces what the plugin published on the node. */
  g_ptr_array_set_size (forms, 0);
  g_ptr_array_add (forms, c);
  g_assert_true (sleek_extended_disco_set_forms (f->extended, forms, NULL, &error));
  after = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_cmpuint (sleek_disco_info_get_forms (after)->len, ==, 1);
  g_assert_nonnull (sleek_disco_info_get_form (after, "urn:example:c"));
  published = sleek_extended_disco_get_forms (f->extended, NULL);
  g_assert_cmpuint (published->len, ==, 1);
  g_clear_pointer (&published, g_ptr_array_unref);
  published = sleek_extended_disco_get_forms (f->extended, "elsewhere");
  g_assert_cmpuint (published->len, ==, 0);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) no_type = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_RESULT);
  g_autoptr(SleekDataForm) not_result = make_form ("urn:example:a", "x", "1");
  g_autoptr(SleekDataForm) good = make_form ("urn:example:good", "x", "1");
  g_autoptr(GPtrArray) forms = g_ptr_array_new ();
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  sleek_data_form_set_field_value (no_type, "x", "1");
  g_assert_false (sleek_extended_disco_add_form (f->extended, no_type, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "FORM_TYPE"));
  g_clear_error (&error);
  sleek_data_form_set_form_type (not_result, SLEEK_DATA_FORM_TYPE_FORM);
  g_assert_false (sleek_extended_disco_add_form (f->extended, not_result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* One bad form: nothing changes. */
  g_assert_true (sleek_extended_disco_add_form (f->extended, good, NULL, &error));
  g_ptr_array_add (forms, not_result);
  g_assert_false (sleek_extended_disco_set_forms (f->extended, forms, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  info = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_cmpuint (sleek_disco_info_get_forms (info)->len, ==, 1);
  g_assert_nonnull (sleek_disco_info_get_form (info, "urn:example:good"));
}

static void
test_remove_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = make_form ("urn:example:bot", "owner", "juliet@example.com");
  g_autoptr(SleekDataForm) node_form = make_form ("urn:example:node", "a", "b");
  g_autoptr(SleekDataForm) own = make_form ("urn:example:own", "a", "b");
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekDiscoInfo) node_info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_extended_disco_add_form (f->extended, form, NULL, &error));
  g_assert_true (sleek_extended_disco_add_form (f->extended, node_form, "n", &error));
  /* A form added straight to disco is not the plugin's. */
  sleek_disco_add_extension (f->disco, own, NULL);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0128", &error));
  g_assert_no_error (error);
  info = sleek_disco_get_local_info (f->disco, NULL);
  g_assert_cmpuint (sleek_disco_info_get_forms (info)->len, ==, 1);
  g_assert_nonnull (sleek_disco_info_get_form (info, "urn:example:own"));
  node_info = sleek_disco_get_local_info (f->disco, "n");
  g_assert_true (node_info == NULL || sleek_disco_info_get_forms (node_info)->len == 0);
  g_assert_true (sleek_disco_remove_extension (f->disco, "urn:example:own", NULL));
  g_assert_false (sleek_disco_remove_extension (f->disco, "urn:example:own", NULL));
}

/* A server's answer in the shape of XEP-0157 Example 1, with another
 * form and a payload that is not a form beside it. */
static void
test_remote (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) server = pt_jid ("shakespeare.lit");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  g_auto(GStrv) admins = NULL;
  GPtrArray *forms;
  SleekDataForm *serverinfo;

  sleek_disco_get_info_async (f->disco, server, NULL, NULL, on_info, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='shakespeare.lit'><query xmlns='" INFO "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='shakespeare.lit'><query xmlns='" INFO "'>"
                            "<identity category='server' type='im'/><feature var='" INFO "'/>"
                            "<x xmlns='" XDATA "' type='result'>"
                            "<field var='FORM_TYPE' type='hidden'><value>" SERVERINFO "</value></field>"
                            "<field var='abuse-addresses'><value>mailto:abuse@shakespeare.lit</value>"
                            "<value>xmpp:abuse@shakespeare.lit</value></field>"
                            "<field var='admin-addresses'><value>mailto:admin@shakespeare.lit</value></field>"
                            "</x>"
                            "<x xmlns='urn:example:not-a-form'/>"
                            "<x xmlns='" XDATA "' type='result'>"
                            "<field var='FORM_TYPE' type='hidden'><value>urn:example:more</value></field></x>"
                            "</query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);

  g_assert_true (sleek_disco_info_has_identity (f->info, "server", "im"));
  forms = sleek_disco_info_get_forms (f->info);
  g_assert_cmpuint (forms->len, ==, 2);
  serverinfo = sleek_disco_info_get_form (f->info, SERVERINFO);
  g_assert_true (serverinfo == forms->pdata[0]);
  g_assert_cmpint (sleek_data_form_get_form_type (serverinfo), ==, SLEEK_DATA_FORM_TYPE_RESULT);
  admins = sleek_data_form_field_get_values (sleek_data_form_get_field (serverinfo, "abuse-addresses"));
  g_assert_cmpstrv (admins, ((const char * const []) { "mailto:abuse@shakespeare.lit",
                                                       "xmpp:abuse@shakespeare.lit", NULL }));
  g_assert_cmpstr (sleek_data_form_get_form_namespace (forms->pdata[1]), ==, "urn:example:more");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0128/dependencies", test_dependencies);
  ADD ("/xep-0128/answer", test_answer);
  ADD ("/xep-0128/local-info", test_local_info);
  ADD ("/xep-0128/refused", test_refused);
  ADD ("/xep-0128/remove-plugin", test_remove_plugin);
  ADD ("/xep-0128/remote", test_remote);

  return g_test_run ();
}
