/* test-private-storage.c: XEP-0049 Private XML Storage against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekPrivateStorage *storage;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->storage = client_util_enable (f->juliet, "xep_0049");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store (SleekPrivateStorage *storage, SleekNode *element)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_private_storage_store_async (storage, element, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_private_storage_store_finish (storage, result, &error));
  g_assert_no_error (error);
}

static SleekNode *
retrieve (SleekPrivateStorage *storage, const char *name, const char *ns)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SleekNode *node;

  sleek_private_storage_retrieve_async (storage, name, ns, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  node = sleek_private_storage_retrieve_finish (storage, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Stored, replaced, read back on another login; a namespace nothing was
 * stored in comes back empty. */
static void
test_store_retrieve (Fixture *f, gconstpointer data)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *ns = g_strdup_printf ("urn:example:sleek-test:%s", uuid);
  g_autoptr(SleekNode) prefs = sleek_node_new ("prefs", ns);
  g_autoptr(SleekNode) got = NULL;
  g_autoptr(SleekNode) empty = NULL;
  g_autoptr(SleekClientXmpp) other = NULL;
  SleekPrivateStorage *other_storage;

  sleek_node_set_child_text (prefs, "theme", NULL, "dark");
  store (f->storage, prefs);
  got = retrieve (f->storage, "prefs", ns);
  g_assert_cmpstr (sleek_node_get_child_text (got, "theme", ns), ==, "dark");
  g_clear_pointer (&got, sleek_node_unref);

  sleek_node_set_child_text (prefs, "theme", NULL, "light");
  store (f->storage, prefs);
  other = client_util_new_logged_in ("juliet");
  other_storage = client_util_enable (other, "xep_0049");
  got = retrieve (other_storage, "prefs", ns);
  g_assert_cmpstr (sleek_node_get_child_text (got, "theme", ns), ==, "light");

  empty = retrieve (f->storage, "nothing", "urn:example:sleek-test:nothing-stored");
  g_assert_cmpstr (sleek_node_get_name (empty), ==, "nothing");
  g_assert_cmpuint (sleek_node_get_n_children (empty), ==, 0);
  client_util_disconnect (other);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/private-storage/store-retrieve", Fixture, NULL, fixture_setup, test_store_retrieve,
              fixture_teardown);

  return g_test_run ();
}
