/* test-xep-0357.c: SleekPush, XEP-0357 Push Notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <string.h>

#define PUSH "urn:xmpp:push:0"
#define SERVICE "push.example.net"

typedef struct {
  PluginFixture base;
  SleekPush *push;
  GAsyncResult *result;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  f->push = SLEEK_PUSH (pt_enable (&f->base, "xep_0357"));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_object (&f->result);
}

static gboolean
enable_finish (Fixture *f, GError **error)
{
  pt_wait_result (&f->base, &f->result);
  return sleek_push_enable_finish (f->push, f->result, error);
}

static gboolean
disable_finish (Fixture *f, GError **error)
{
  pt_wait_result (&f->base, &f->result);
  return sleek_push_disable_finish (f->push, f->result, error);
}

static void
test_enable (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;

  sleek_push_enable_async (f->push, service, "device-1", NULL, NULL, pt_store_result, &f->result);
  pt_answer_any_id (&f->base, "<iq type='set' id='%s'><enable xmlns='" PUSH "' jid='" SERVICE "' node='device-1'/></iq>",
                    "<iq type='result' id='%s'/>");
  g_assert_true (enable_finish (f, &error));
  g_assert_no_error (error);
}

static void
test_enable_with_options (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(SleekDataForm) options = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
  g_autoptr(GError) error = NULL;

  sleek_data_form_add_new_field (options, "secret", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, NULL);
  sleek_data_form_set_field_value (options, "secret", "eruio234vzxc2kla-91");
  sleek_push_enable_async (f->push, service, "device-1", options, NULL, pt_store_result, &f->result);
  /* A submit form, with the publish options' FORM_TYPE added. */
  pt_answer_any_id (&f->base,
                    "<iq type='set' id='%s'><enable xmlns='" PUSH "' jid='" SERVICE "' node='device-1'>"
                    "<x xmlns='jabber:x:data' type='submit'>"
                    "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                    "<field var='secret'><value>eruio234vzxc2kla-91</value></field>"
                    "</x></enable></iq>",
                    "<iq type='result' id='%s'/>");
  g_assert_true (enable_finish (f, &error));
  g_assert_no_error (error);
  /* The caller's form is left alone. */
  g_assert_cmpint (sleek_data_form_get_form_type (options), ==, SLEEK_DATA_FORM_TYPE_FORM);
  g_assert_null (sleek_data_form_get_form_namespace (options));
}

static void
test_enable_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;

  sleek_push_enable_async (f->push, service, "device-1", NULL, NULL, pt_store_result, &f->result);
  pt_answer_any_id (&f->base, "<iq type='set' id='%s'><enable xmlns='" PUSH "' jid='" SERVICE "' node='device-1'/></iq>",
                    "<iq type='error' id='%s'><error type='cancel'>"
                    "<feature-not-implemented xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_false (enable_finish (f, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED);
}

static void
test_disable (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GError) error = NULL;

  sleek_push_disable_async (f->push, service, "device-1", NULL, pt_store_result, &f->result);
  pt_answer_any_id (&f->base, "<iq type='set' id='%s'><disable xmlns='" PUSH "' jid='" SERVICE "' node='device-1'/></iq>",
                    "<iq type='result' id='%s'/>");
  g_assert_true (disable_finish (f, &error));
  g_assert_no_error (error);

  /* Without a node: every node of the service. */
  sleek_push_disable_async (f->push, service, NULL, NULL, pt_store_result, &f->result);
  pt_answer_any_id (&f->base, "<iq type='set' id='%s'><disable xmlns='" PUSH "' jid='" SERVICE "'/></iq>",
                    "<iq type='error' id='%s'><error type='cancel'>"
                    "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_false (disable_finish (f, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_push_enable_async (f->push, service, "device-1", NULL, cancellable, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><enable xmlns='" PUSH "' jid='" SERVICE "' node='device-1'/></iq>");
  g_cancellable_cancel (cancellable);
  g_assert_false (enable_finish (f, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_disabled_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) service = pt_jid (SERVICE);
  g_autoptr(SleekPush) push = g_object_ref (f->push);
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0357", &error));
  g_assert_no_error (error);
  f->push = push;
  sleek_push_disable_async (push, service, NULL, NULL, pt_store_result, &f->result);
  g_assert_false (disable_finish (f, &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  pt_expect_silence (&f->base);
}

static void
test_stanza_accessors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = NULL;
  g_autoptr(SleekStanza) plain = NULL;
  g_autoptr(SleekJid) jid = NULL;
  g_autoptr(SleekJid) other = pt_jid ("push.example.org");
  g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  SleekPushEnableCommand *enable;
  SleekPushDisableCommand *disable;
  SleekDataForm *options;
  g_autofree char *xml = NULL;

  iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='set' id='e1'>"
                           "<enable xmlns='" PUSH "' jid='" SERVICE "' node='yxs32uqsflafdk3iuqo'>"
                           "<x xmlns='jabber:x:data' type='submit'>"
                           "<field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                           "<field var='secret'><value>s3cr3t</value></field></x>"
                           "</enable></iq>", &error);
  g_assert_no_error (error);
  g_assert_null (sleek_stanza_get_push_disable (iq, FALSE));
  enable = sleek_stanza_get_push_enable (iq, FALSE);
  g_assert_nonnull (enable);
  jid = sleek_push_enable_command_get_jid (enable);
  g_assert_cmpstr (sleek_jid_to_string (jid), ==, SERVICE);
  g_assert_cmpstr (sleek_push_enable_command_get_node (enable), ==, "yxs32uqsflafdk3iuqo");
  options = sleek_push_enable_command_get_options (enable);
  g_assert_nonnull (options);
  g_assert_cmpstr (sleek_data_form_get_field_value (options, "secret"), ==, "s3cr3t");

  /* Replacing the options, the JID and the node. */
  sleek_data_form_set_form_namespace (form, "urn:example:options");
  sleek_data_form_set_field_value (form, "token", "t");
  sleek_push_enable_command_set_options (enable, form);
  sleek_push_enable_command_set_jid (enable, other);
  sleek_push_enable_command_set_node (enable, NULL);
  xml = sleek_stanza_to_string (iq);
  g_assert_nonnull (strstr (xml, "push.example.org"));
  g_assert_null (strstr (xml, "node="));
  g_assert_null (strstr (xml, "s3cr3t"));
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (enable))), ==, 1);
  options = sleek_push_enable_command_get_options (enable);
  g_assert_cmpstr (sleek_data_form_get_form_namespace (options), ==, "urn:example:options");
  g_assert_cmpstr (sleek_data_form_get_field_value (options, "token"), ==, "t");
  sleek_push_enable_command_set_options (enable, NULL);
  g_assert_null (sleek_push_enable_command_get_options (enable));

  /* An invalid JID reads as none. */
  g_clear_object (&iq);
  g_clear_pointer (&jid, sleek_jid_unref);
  iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='set' id='d1'>"
                           "<disable xmlns='" PUSH "' jid='@bad@' node=''/></iq>", &error);
  g_assert_no_error (error);
  disable = sleek_stanza_get_push_disable (iq, FALSE);
  g_assert_nonnull (disable);
  g_assert_null (sleek_push_disable_command_get_jid (disable));
  g_assert_null (sleek_push_disable_command_get_node (disable));
  sleek_push_disable_command_set_jid (disable, other);
  sleek_push_disable_command_set_node (disable, "n");
  jid = sleek_push_disable_command_get_jid (disable);
  g_assert_true (sleek_jid_equal (jid, other));
  g_assert_cmpstr (sleek_push_disable_command_get_node (disable), ==, "n");

  /* Made on demand; nothing on a message. */
  g_clear_object (&iq);
  iq = SLEEK_STANZA (sleek_iq_new ("set"));
  g_assert_null (sleek_stanza_get_push_enable (iq, FALSE));
  g_assert_nonnull (sleek_stanza_get_push_enable (iq, TRUE));
  g_assert_nonnull (sleek_node_get_child (sleek_stanza_get_node (iq), "enable", PUSH));
  plain = SLEEK_STANZA (pt_message ("<message xmlns='jabber:client'><body>hi</body></message>"));
  g_assert_null (sleek_stanza_get_push_enable (plain, TRUE));
  g_assert_null (sleek_stanza_get_push_disable (plain, TRUE));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/xep-0357/enable", test_enable);
  ADD ("/xep-0357/enable-with-options", test_enable_with_options);
  ADD ("/xep-0357/enable-refused", test_enable_refused);
  ADD ("/xep-0357/disable", test_disable);
  ADD ("/xep-0357/cancelled", test_cancelled);
  ADD ("/xep-0357/disabled-plugin", test_disabled_plugin);
#undef ADD
  g_test_add_func ("/xep-0357/stanza-accessors", test_stanza_accessors);
  return g_test_run ();
}
