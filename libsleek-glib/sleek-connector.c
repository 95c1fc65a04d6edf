/* sleek-connector.c: where to connect for an XMPP domain, and connecting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * RFC 6120 section 3.2 and XEP-0368: the SRV records for direct TLS and
 * for STARTTLS are merged into one list ordered by priority (a direct-TLS
 * target first on a tie, as it saves a round trip) and weight; a domain
 * without records is tried on port 5222; a single record whose target is
 * "." says the service is not offered there.
 */
#include "config.h"

#include "sleek-connector.h"

#include <string.h>
#ifdef G_OS_UNIX
#include <netinet/in.h>
#include <netinet/tcp.h>
#endif

void
sleek_connect_target_free (SleekConnectTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->host);
  g_free (target);
}

static SleekConnectTarget *
target_new (const char *host, guint16 port, gboolean direct_tls, guint16 priority, guint16 weight)
{
  SleekConnectTarget *target = g_new0 (SleekConnectTarget, 1);

  target->host = g_strdup (host);
  target->port = port;
  target->direct_tls = direct_tls;
  target->priority = priority;
  target->weight = weight;
  return target;
}

static gint
compare_priority (gconstpointer a, gconstpointer b)
{
  const SleekConnectTarget *ta = *(SleekConnectTarget * const *) a;
  const SleekConnectTarget *tb = *(SleekConnectTarget * const *) b;

  if (ta->priority != tb->priority)
    return ta->priority < tb->priority ? -1 : 1;
  /* Direct TLS first among equals. */
  if (ta->direct_tls != tb->direct_tls)
    return ta->direct_tls ? -1 : 1;
  return 0;
}

static gint32
default_random (gint32 n, gpointer user_data)
{
  return g_random_int_range (0, n);
}

void
sleek_connect_targets_sort (GPtrArray *targets, SleekRandomFunc rand_func, gpointer user_data)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  guint i = 0;

  if (rand_func == NULL)
    rand_func = default_random;
  g_ptr_array_sort (targets, compare_priority);

  /* Within each run of one priority (and kind), draw by weight: a target
   * of weight w is picked with probability w / total, zero weights having
   * a small chance, as RFC 2782 describes. */
  while (i < targets->len)
    {
      guint end = i;
      g_autoptr(GPtrArray) run = g_ptr_array_new ();

      while (end < targets->len && compare_priority (&g_ptr_array_index (targets, i),
                                                     &g_ptr_array_index (targets, end)) == 0)
        g_ptr_array_add (run, g_ptr_array_index (targets, end++));

      while (run->len > 0)
        {
          gint32 total = 0;
          gint32 draw;
          guint pick = 0;

          for (guint k = 0; k < run->len; k++)
            total += ((SleekConnectTarget *) g_ptr_array_index (run, k))->weight + 1;
          draw = rand_func (total, user_data);
          for (pick = 0; pick < run->len; pick++)
            {
              draw -= ((SleekConnectTarget *) g_ptr_array_index (run, pick))->weight + 1;
              if (draw < 0)
                break;
            }
          if (pick >= run->len)
            pick = run->len - 1;
          g_ptr_array_add (sorted, g_ptr_array_index (run, pick));
          g_ptr_array_remove_index (run, pick);
        }
      i = end;
    }

  for (i = 0; i < sorted->len; i++)
    targets->pdata[i] = sorted->pdata[i];
}

/* Resolving */

typedef struct {
  char *domain;
  guint pending;
  gboolean allow_starttls;
  GPtrArray *targets;
  gboolean any_records;
  gboolean refused;            /* a "." target: the service is not here */
  GError *error;               /* a lookup failure other than "no records" */
} ResolveData;

static void
resolve_data_free (ResolveData *data)
{
  g_free (data->domain);
  g_ptr_array_unref (data->targets);
  g_clear_error (&data->error);
  g_free (data);
}

static void
resolve_complete (GTask *task)
{
  ResolveData *data = g_task_get_task_data (task);

  if (data->targets->len > 0)
    {
      sleek_connect_targets_sort (data->targets, NULL, NULL);
      g_task_return_pointer (task, g_ptr_array_ref (data->targets), (GDestroyNotify) g_ptr_array_unref);
    }
  else if (data->refused)
    g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS,
                             _("%s does not offer XMPP service (its SRV record targets “.”)"), data->domain);
  else if (data->error != NULL && !data->any_records &&
           !g_error_matches (data->error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS,
                             _("Could not look up the XMPP service of %s: %s"), data->domain,
                             data->error->message);
  else if (data->allow_starttls)
    {
      /* No SRV records: the domain itself, on the standard port. */
      g_ptr_array_add (data->targets, target_new (data->domain, 5222, FALSE, 0, 0));
      g_task_return_pointer (task, g_ptr_array_ref (data->targets), (GDestroyNotify) g_ptr_array_unref);
    }
  else
    g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS,
                             _("%s publishes no direct TLS XMPP service"), data->domain);
}

static void
srv_done (GObject *source, GAsyncResult *result, gpointer user_data, gboolean direct_tls)
{
  g_autoptr(GTask) task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_service_finish (G_RESOLVER (source), result, &error);

  if (records == NULL)
    {
      if (data->error == NULL)
        data->error = g_steal_pointer (&error);
    }
  for (GList *l = records; l != NULL; l = l->next)
    {
      GSrvTarget *srv = l->data;
      const char *host = g_srv_target_get_hostname (srv);

      data->any_records = TRUE;
      if (strcmp (host, ".") == 0 || *host == '\0')
        {
          data->refused = TRUE;
          continue;
        }
      g_ptr_array_add (data->targets, target_new (host, g_srv_target_get_port (srv), direct_tls,
                                                  g_srv_target_get_priority (srv),
                                                  g_srv_target_get_weight (srv)));
    }
  g_resolver_free_targets (records);

  if (--data->pending == 0)
    resolve_complete (task);
}

static void
xmpps_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  srv_done (source, result, user_data, TRUE);
}

static void
xmpp_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  srv_done (source, result, user_data, FALSE);
}

void
sleek_connect_resolve_async (GResolver *resolver, const char *domain, gboolean allow_starttls,
                             gboolean allow_direct_tls, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GResolver) default_resolver = NULL;
  ResolveData *data = g_new0 (ResolveData, 1);

  g_task_set_source_tag (task, sleek_connect_resolve_async);
  data->domain = g_strdup (domain);
  data->allow_starttls = allow_starttls;
  data->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_connect_target_free);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);

  if (resolver == NULL)
    resolver = default_resolver = g_resolver_get_default ();

  /* An IP literal has no SRV records. */
  if (g_hostname_is_ip_address (domain) || (!allow_starttls && !allow_direct_tls))
    {
      resolve_complete (task);
      return;
    }
  if (allow_direct_tls)
    {
      data->pending++;
      g_resolver_lookup_service_async (resolver, "xmpps-client", "tcp", domain, cancellable,
                                       xmpps_done, g_object_ref (task));
    }
  if (allow_starttls)
    {
      data->pending++;
      g_resolver_lookup_service_async (resolver, "xmpp-client", "tcp", domain, cancellable,
                                       xmpp_done, g_object_ref (task));
    }
}

GPtrArray *
sleek_connect_resolve_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Connecting */

typedef struct {
  GSocketClient *client;
  GPtrArray *targets;
  guint next;
  GString *failures;
  guint unresolved;    /* targets whose host name had no address */
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_object_unref (data->client);
  g_ptr_array_unref (data->targets);
  g_string_free (data->failures, TRUE);
  g_free (data);
}

static void try_next_target (GTask *task);

static void
target_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection != NULL)
    {
#ifdef G_OS_UNIX
      /* XMPP is a conversation of small writes, each waiting for the
       * peer's answer: with Nagle's algorithm a write that follows one not
       * yet acknowledged (our stream header right after the TLS handshake's
       * last flight) waits for the peer's delayed ACK, about 40 ms each
       * time. Failing to turn it off only costs that time. */
      g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
#endif
      g_object_set_data (G_OBJECT (connection), "sleek-target-index", GUINT_TO_POINTER (data->next));
      g_task_return_pointer (task, connection, g_object_unref);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    SleekConnectTarget *target = g_ptr_array_index (data->targets, data->next);

    g_string_append_printf (data->failures, "%s%s:%u (%s)", data->failures->len > 0 ? ", " : "",
                            target->host, target->port, error->message);
    if (error->domain == G_RESOLVER_ERROR)
      data->unresolved++;
  }
  data->next++;
  try_next_target (g_steal_pointer (&task));
}

static void
try_next_target (GTask *task)
{
  ConnectData *data = g_task_get_task_data (task);
  SleekConnectTarget *target;

  if (data->next >= data->targets->len && data->unresolved == data->targets->len)
    {
      /* Not one host name resolved: that is a DNS failure
       * (SLEEK_CONNECT_ERROR_DNS, "no address could be found for the
       * server"), not a server that refused us. */
      g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DNS,
                               _("Could not find the address of any server: %s"), data->failures->str);
      g_object_unref (task);
      return;
    }
  if (data->next >= data->targets->len)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                               _("Could not connect to any server: %s"), data->failures->str);
      g_object_unref (task);
      return;
    }
  target = g_ptr_array_index (data->targets, data->next);
  g_socket_client_connect_to_host_async (data->client, target->host, target->port,
                                         g_task_get_cancellable (task), target_connected, task);
}

void
sleek_connect_targets_async (GSocketClient *client, GPtrArray *targets, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  ConnectData *data = g_new0 (ConnectData, 1);

  g_task_set_source_tag (task, sleek_connect_targets_async);
  data->client = g_object_ref (client);
  data->targets = g_ptr_array_ref (targets);
  data->failures = g_string_new (NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);
  try_next_target (task);
}

GSocketConnection *
sleek_connect_targets_finish (GAsyncResult *result, guint *index_out, GError **error)
{
  GSocketConnection *connection;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  connection = g_task_propagate_pointer (G_TASK (result), error);
  if (connection != NULL && index_out != NULL)
    *index_out = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (connection), "sleek-target-index"));
  return connection;
}
