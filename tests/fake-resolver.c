/* fake-resolver.c: a GResolver that answers from tables, for tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fake-resolver.h"

G_DEFINE_FINAL_TYPE (TestFakeResolver, test_fake_resolver, G_TYPE_RESOLVER)

static void
free_targets (gpointer list)
{
  g_list_free_full (list, (GDestroyNotify) g_srv_target_free);
}

static GList *
copy_targets (GList *list)
{
  return g_list_copy_deep (list, (GCopyFunc) (void (*)(void)) g_srv_target_copy, NULL);
}

static void
fake_lookup_service_async (GResolver *resolver, const char *rrname, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  TestFakeResolver *self = TEST_FAKE_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  gpointer code;

  g_ptr_array_add (self->queries, g_strdup (rrname));
  if (g_hash_table_lookup_extended (self->failures, rrname, NULL, &code))
    g_task_return_new_error (task, G_RESOLVER_ERROR, GPOINTER_TO_INT (code), "fake failure for %s", rrname);
  else if (g_hash_table_contains (self->records, rrname))
    g_task_return_pointer (task, copy_targets (g_hash_table_lookup (self->records, rrname)), free_targets);
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no records for %s", rrname);
}

static GList *
fake_lookup_service_finish (GResolver *resolver, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
free_addresses (gpointer list)
{
  g_resolver_free_addresses (list);
}

static GList *
lookup_host (TestFakeResolver *self, const char *hostname, GError **error)
{
  const char *literal;

  g_ptr_array_add (self->queries, g_strdup (hostname));
  literal = g_hash_table_lookup (self->hosts, hostname);
  if (literal == NULL)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "fake: no address for %s", hostname);
      return NULL;
    }
  return g_list_append (NULL, g_inet_address_new_from_string (literal));
}

static void
fake_lookup_by_name_with_flags_async (GResolver *resolver, const char *hostname, GResolverNameLookupFlags flags,
                                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = lookup_host (TEST_FAKE_RESOLVER (resolver), hostname, &error);

  if (addresses == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, free_addresses);
}

static void
fake_lookup_by_name_async (GResolver *resolver, const char *hostname, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  fake_lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                                        callback, user_data);
}

static GList *
fake_lookup_by_name_finish (GResolver *resolver, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
fake_lookup_by_name (GResolver *resolver, const char *hostname, GCancellable *cancellable, GError **error)
{
  return lookup_host (TEST_FAKE_RESOLVER (resolver), hostname, error);
}

static GList *
fake_lookup_by_name_with_flags (GResolver *resolver, const char *hostname, GResolverNameLookupFlags flags,
                                GCancellable *cancellable, GError **error)
{
  return lookup_host (TEST_FAKE_RESOLVER (resolver), hostname, error);
}

static void
test_fake_resolver_finalize (GObject *object)
{
  TestFakeResolver *self = TEST_FAKE_RESOLVER (object);

  g_hash_table_unref (self->records);
  g_hash_table_unref (self->failures);
  g_hash_table_unref (self->hosts);
  g_ptr_array_unref (self->queries);
  G_OBJECT_CLASS (test_fake_resolver_parent_class)->finalize (object);
}

static void
test_fake_resolver_class_init (TestFakeResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_fake_resolver_finalize;
  resolver_class->lookup_service_async = fake_lookup_service_async;
  resolver_class->lookup_service_finish = fake_lookup_service_finish;
  resolver_class->lookup_by_name = fake_lookup_by_name;
  resolver_class->lookup_by_name_async = fake_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = fake_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = fake_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = fake_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = fake_lookup_by_name_finish;
}

static void
test_fake_resolver_init (TestFakeResolver *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_targets);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->queries = g_ptr_array_new_with_free_func (g_free);
}

TestFakeResolver *
test_fake_resolver_new (void)
{
  return g_object_new (TEST_TYPE_FAKE_RESOLVER, NULL);
}

void
fake_add (TestFakeResolver *self, const char *rrname, const char *host, guint16 port, guint16 priority,
          guint16 weight)
{
  GList *list = g_hash_table_lookup (self->records, rrname);

  list = g_list_append (copy_targets (list), g_srv_target_new (host, port, priority, weight));
  g_hash_table_insert (self->records, g_strdup (rrname), list);
}
