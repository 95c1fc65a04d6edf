/* test-connector.c: SRV ordering, resolution with a fake GResolver, and
 * trying targets in turn
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "sleek-connector.h"
#include "fake-resolver.h"

#include <string.h>

typedef struct {
  GMainContext *ctx;
  TestFakeResolver *resolver;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->resolver = g_object_new (TEST_TYPE_FAKE_RESOLVER, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->resolver);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GPtrArray *
resolve (Fixture *f, const char *domain, gboolean starttls, gboolean direct, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_connect_resolve_async (G_RESOLVER (f->resolver), domain, starttls, direct, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  return sleek_connect_resolve_finish (result, error);
}

static SleekConnectTarget *
target_at (GPtrArray *targets, guint i)
{
  return g_ptr_array_index (targets, i);
}

static void
test_resolve_no_records (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = resolve (f, "example.com", TRUE, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (target_at (targets, 0)->host, ==, "example.com");
  g_assert_cmpuint (target_at (targets, 0)->port, ==, 5222);
  g_assert_false (target_at (targets, 0)->direct_tls);
  g_assert_cmpuint (f->resolver->queries->len, ==, 2);
}

static void
test_resolve_merges_both_services (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  fake_add (f->resolver, "_xmpp-client._tcp.example.com", "c2s.example.com", 5222, 10, 0);
  fake_add (f->resolver, "_xmpp-client._tcp.example.com", "backup.example.com", 5223, 20, 0);
  fake_add (f->resolver, "_xmpps-client._tcp.example.com", "tls.example.com", 443, 10, 0);
  fake_add (f->resolver, "_xmpps-client._tcp.example.com", "first.example.com", 5270, 5, 0);
  targets = resolve (f, "example.com", TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 4);
  g_assert_cmpstr (target_at (targets, 0)->host, ==, "first.example.com");
  g_assert_true (target_at (targets, 0)->direct_tls);
  /* Priority 10: direct TLS before STARTTLS. */
  g_assert_cmpstr (target_at (targets, 1)->host, ==, "tls.example.com");
  g_assert_true (target_at (targets, 1)->direct_tls);
  g_assert_cmpstr (target_at (targets, 2)->host, ==, "c2s.example.com");
  g_assert_false (target_at (targets, 2)->direct_tls);
  g_assert_cmpstr (target_at (targets, 3)->host, ==, "backup.example.com");
  g_assert_cmpuint (target_at (targets, 3)->port, ==, 5223);
}

static void
test_resolve_only_starttls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  fake_add (f->resolver, "_xmpps-client._tcp.example.com", "tls.example.com", 443, 10, 0);
  targets = resolve (f, "example.com", TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->resolver->queries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->resolver->queries, 0), ==, "_xmpp-client._tcp.example.com");
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpuint (target_at (targets, 0)->port, ==, 5222);
}

static void
test_resolve_only_direct_tls_without_records (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = resolve (f, "example.com", FALSE, TRUE, &error);

  g_assert_null (targets);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS);
}

static void
test_resolve_dot_target (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  fake_add (f->resolver, "_xmpp-client._tcp.example.com", ".", 0, 0, 0);
  targets = resolve (f, "example.com", TRUE, TRUE, &error);
  g_assert_null (targets);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS);
}

static void
test_resolve_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  g_hash_table_insert (f->resolver->failures, g_strdup ("_xmpp-client._tcp.example.com"),
                       GINT_TO_POINTER (G_RESOLVER_ERROR_TEMPORARY_FAILURE));
  g_hash_table_insert (f->resolver->failures, g_strdup ("_xmpps-client._tcp.example.com"),
                       GINT_TO_POINTER (G_RESOLVER_ERROR_TEMPORARY_FAILURE));
  targets = resolve (f, "example.com", TRUE, TRUE, &error);
  g_assert_null (targets);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS);
  g_assert_nonnull (strstr (error->message, "example.com"));
}

static void
test_resolve_partial_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  /* One lookup fails, the other has records: use them. */
  g_hash_table_insert (f->resolver->failures, g_strdup ("_xmpps-client._tcp.example.com"),
                       GINT_TO_POINTER (G_RESOLVER_ERROR_TEMPORARY_FAILURE));
  fake_add (f->resolver, "_xmpp-client._tcp.example.com", "c2s.example.com", 5222, 0, 0);
  targets = resolve (f, "example.com", TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (target_at (targets, 0)->host, ==, "c2s.example.com");
}

static void
test_resolve_ip_literal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = resolve (f, "127.0.0.1", TRUE, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (f->resolver->queries->len, ==, 0);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (target_at (targets, 0)->host, ==, "127.0.0.1");
}

/* Weighted order */

static gint32
fixed_random (gint32 n, gpointer user_data)
{
  gint32 value = *(gint32 *) user_data;

  return MIN (value, n - 1);
}

static void
test_sort_weights (void)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);
  gint32 draw = 0;
  guint heavy_first = 0;

  /* With a draw of 0 the first target of the run is picked, with a large
   * draw the last. */
  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 0)->host = g_strdup ("light");
  target_at (targets, 0)->weight = 1;
  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 1)->host = g_strdup ("heavy");
  target_at (targets, 1)->weight = 98;
  sleek_connect_targets_sort (targets, fixed_random, &draw);
  g_assert_cmpstr (target_at (targets, 0)->host, ==, "light");
  draw = 1000;
  sleek_connect_targets_sort (targets, fixed_random, &draw);
  g_assert_cmpstr (target_at (targets, 0)->host, ==, "heavy");

  /* With real randomness the heavy one comes first about 98% of the time. */
  for (int i = 0; i < 1000; i++)
    {
      sleek_connect_targets_sort (targets, NULL, NULL);
      if (g_str_equal (target_at (targets, 0)->host, "heavy"))
        heavy_first++;
    }
  g_assert_cmpuint (heavy_first, >, 900);
}

static void
test_sort_priority_dominates_weight (void)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);

  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 0)->host = g_strdup ("p20");
  target_at (targets, 0)->priority = 20;
  target_at (targets, 0)->weight = 65535;
  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 1)->host = g_strdup ("p10");
  target_at (targets, 1)->priority = 10;
  for (int i = 0; i < 50; i++)
    {
      sleek_connect_targets_sort (targets, NULL, NULL);
      g_assert_cmpstr (target_at (targets, 0)->host, ==, "p10");
    }
}

/* Connecting in turn */

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  /* Bound but never listening: connections are refused. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_connect_in_turn (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  guint index = 99;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 0)->host = g_strdup ("127.0.0.1");
  target_at (targets, 0)->port = closed_port ();
  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 1)->host = g_strdup ("127.0.0.1");
  target_at (targets, 1)->port = port;

  sleek_connect_targets_async (client, targets, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  connection = sleek_connect_targets_finish (result, &index, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);
  g_assert_cmpuint (index, ==, 1);
  g_socket_service_stop (service);
}

static void
test_connect_all_fail (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 2; i++)
    {
      g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
      target_at (targets, i)->host = g_strdup ("127.0.0.1");
      target_at (targets, i)->port = closed_port ();
    }
  sleek_connect_targets_async (client, targets, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  connection = sleek_connect_targets_finish (result, NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  /* The message names every target tried. */
  {
    g_autofree char *second = g_strdup_printf ("127.0.0.1:%u", target_at (targets, 1)->port);
    g_assert_nonnull (strstr (error->message, second));
  }
}

static void
test_connect_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (targets, g_new0 (SleekConnectTarget, 1));
  target_at (targets, 0)->host = g_strdup ("127.0.0.1");
  target_at (targets, 0)->port = closed_port ();
  g_cancellable_cancel (cancellable);
  sleek_connect_targets_async (client, targets, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (f->ctx, TRUE);
  connection = sleek_connect_targets_finish (result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/connector/resolve/no-records", test_resolve_no_records);
  ADD ("/connector/resolve/merges-both", test_resolve_merges_both_services);
  ADD ("/connector/resolve/only-starttls", test_resolve_only_starttls);
  ADD ("/connector/resolve/only-direct-tls", test_resolve_only_direct_tls_without_records);
  ADD ("/connector/resolve/dot-target", test_resolve_dot_target);
  ADD ("/connector/resolve/failure", test_resolve_failure);
  ADD ("/connector/resolve/partial-failure", test_resolve_partial_failure);
  ADD ("/connector/resolve/ip-literal", test_resolve_ip_literal);
  ADD ("/connector/connect/in-turn", test_connect_in_turn);
  ADD ("/connector/connect/all-fail", test_connect_all_fail);
  ADD ("/connector/connect/cancelled", test_connect_cancelled);
#undef ADD
  g_test_add_func ("/connector/sort/weights", test_sort_weights);
  g_test_add_func ("/connector/sort/priority", test_sort_priority_dominates_weight);
  return g_test_run ();
}
