/* test-xep-0049.c: SleekPrivateStorage, XEP-0049 Private XML Storage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define PRIV "jabber:iq:private"
#define PREFS "urn:example:prefs"

typedef struct {
  PluginFixture base;
  SleekPrivateStorage *storage;
  GAsyncResult *result;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0049", &error));
  g_assert_no_error (error);
  f->storage = SLEEK_PRIVATE_STORAGE (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0049"));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_object (&f->result);
}

static void
answer (Fixture *f, const char *id, const char *inner)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s'>%s</iq>", id, inner);

  pt_recv (&f->base, xml);
}

static void
test_store (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) prefs = sleek_node_new ("prefs", PREFS);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_node_set_child_text (prefs, "theme", NULL, "dark");
  sleek_private_storage_store_async (f->storage, prefs, NULL, pt_store_result, &f->result);
  /* The request holds a copy: later changes do not go out. */
  sleek_node_set_child_text (prefs, "theme", NULL, "light");
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><query xmlns='" PRIV "'>"
                                        "<prefs xmlns='" PREFS "'><theme>dark</theme></prefs></query></iq>");
  answer (f, id, "");
  pt_wait_result (&f->base, &f->result);
  g_assert_true (sleek_private_storage_store_finish (f->storage, f->result, &error));
  g_assert_no_error (error);
}

static void
test_store_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) prefs = sleek_node_new ("prefs", PREFS);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  sleek_private_storage_store_async (f->storage, prefs, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><query xmlns='" PRIV "'>"
                                        "<prefs xmlns='" PREFS "'/></query></iq>");
  reply = g_strdup_printf ("<iq type='error' id='%s'><error type='cancel'>"
                           "<not-allowed xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, reply);
  pt_wait_result (&f->base, &f->result);
  g_assert_false (sleek_private_storage_store_finish (f->storage, f->result, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
}

static void
test_reserved_namespaces (Fixture *f, gconstpointer data)
{
  static const char * const reserved[] = { "jabber:client", "jabber:server", PRIV, NULL };

  for (guint i = 0; reserved[i] != NULL; i++)
    {
      g_autoptr(SleekNode) node = sleek_node_new ("x", reserved[i]);
      g_autoptr(GError) error = NULL;

      sleek_private_storage_store_async (f->storage, node, NULL, pt_store_result, &f->result);
      pt_wait_result (&f->base, &f->result);
      g_assert_false (sleek_private_storage_store_finish (f->storage, f->result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_clear_object (&f->result);

      sleek_private_storage_retrieve_async (f->storage, "x", reserved[i], NULL, pt_store_result, &f->result);
      pt_wait_result (&f->base, &f->result);
      g_assert_null (sleek_private_storage_retrieve_finish (f->storage, f->result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_object (&f->result);
    }
  sleek_private_storage_retrieve_async (f->storage, "x", "", NULL, pt_store_result, &f->result);
  pt_wait_result (&f->base, &f->result);
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (sleek_private_storage_retrieve_finish (f->storage, f->result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  pt_expect_silence (&f->base);
}

static void
test_retrieve (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_private_storage_retrieve_async (f->storage, "prefs", PREFS, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><query xmlns='" PRIV "'>"
                                        "<prefs xmlns='" PREFS "'/></query></iq>");
  answer (f, id, "<query xmlns='" PRIV "'><prefs xmlns='" PREFS "'><theme>dark</theme></prefs></query>");
  pt_wait_result (&f->base, &f->result);
  got = sleek_private_storage_retrieve_finish (f->storage, f->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_assert_cmpstr (sleek_node_get_name (got), ==, "prefs");
  g_assert_cmpstr (sleek_node_get_namespace (got), ==, PREFS);
  g_assert_cmpstr (sleek_node_get_child_text (got, "theme", PREFS), ==, "dark");
}

static void
test_retrieve_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_private_storage_retrieve_async (f->storage, "prefs", PREFS, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><query xmlns='" PRIV "'>"
                                        "<prefs xmlns='" PREFS "'/></query></iq>");
  answer (f, id, "<query xmlns='" PRIV "'><prefs xmlns='" PREFS "'/></query>");
  pt_wait_result (&f->base, &f->result);
  got = sleek_private_storage_retrieve_finish (f->storage, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sleek_node_get_n_children (got), ==, 0);
}

/* An answer without the element asked for, or another one: an error. */
static void
test_retrieve_bad_answer (Fixture *f, gconstpointer data)
{
  static const char * const answers[] = {
    "",
    "<query xmlns='" PRIV "'/>",
    "<query xmlns='" PRIV "'><prefs xmlns='urn:example:other'/></query>",
    "<query xmlns='urn:example:other'><prefs xmlns='" PREFS "'/></query>",
    NULL
  };

  for (guint i = 0; answers[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      g_clear_object (&f->result);
      sleek_private_storage_retrieve_async (f->storage, "prefs", PREFS, NULL, pt_store_result, &f->result);
      id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><query xmlns='" PRIV "'>"
                                            "<prefs xmlns='" PREFS "'/></query></iq>");
      answer (f, id, answers[i]);
      pt_wait_result (&f->base, &f->result);
      g_assert_null (sleek_private_storage_retrieve_finish (f->storage, f->result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekPrivateStorage) storage = g_object_ref (f->storage);
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0049", &error));
  g_assert_no_error (error);
  sleek_private_storage_retrieve_async (storage, "prefs", PREFS, NULL, pt_store_result, &f->result);
  pt_wait_result (&f->base, &f->result);
  g_assert_null (sleek_private_storage_retrieve_finish (storage, f->result, &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0049/store", test_store);
  ADD ("/xep-0049/store-refused", test_store_refused);
  ADD ("/xep-0049/reserved-namespaces", test_reserved_namespaces);
  ADD ("/xep-0049/retrieve", test_retrieve);
  ADD ("/xep-0049/retrieve-empty", test_retrieve_empty);
  ADD ("/xep-0049/retrieve-bad-answer", test_retrieve_bad_answer);
  ADD ("/xep-0049/disabled", test_disabled);

  return g_test_run ();
}
