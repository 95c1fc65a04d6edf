/* sleek-connector.h: where to connect for an XMPP domain, and connecting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* One place to try: a host and port, and whether TLS starts at once
 * (XEP-0368) or through STARTTLS. */
typedef struct {
  char *host;
  guint16 port;
  gboolean direct_tls;
  guint16 priority;
  guint16 weight;
} SleekConnectTarget;

void       sleek_connect_target_free (SleekConnectTarget *target);

/* Orders SRV records as RFC 2782 says: by priority, and within one
 * priority by a weighted random draw. @records is an array of
 * SleekConnectTarget; @rand_func returns an integer in [0, n) (for tests;
 * NULL uses g_random_int_range). Sorted in place. */
typedef gint32 (*SleekRandomFunc) (gint32 n, gpointer user_data);
void       sleek_connect_targets_sort (GPtrArray       *targets,
                                       SleekRandomFunc  rand_func,
                                       gpointer         user_data);

/* Looks up _xmpps-client._tcp and _xmpp-client._tcp for @domain and
 * returns the targets to try in order (element-type SleekConnectTarget),
 * falling back to @domain:5222 with STARTTLS when neither exists. With
 * @allow_direct_tls FALSE the _xmpps-client records are not asked for;
 * with @allow_starttls FALSE the _xmpp-client ones are not. */
void       sleek_connect_resolve_async  (GResolver           *resolver,
                                         const char          *domain,
                                         gboolean             allow_starttls,
                                         gboolean             allow_direct_tls,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *sleek_connect_resolve_finish (GAsyncResult        *result,
                                         GError             **error);

/* Tries each target in turn with @client (IPv6 and IPv4 through
 * GSocketClient's own happy eyeballs) and returns the first connection;
 * *index_out says which target it was. When none connects, the error is
 * SLEEK_CONNECT_ERROR_DNS if no target's host name resolved, else
 * G_IO_ERROR_CONNECTION_REFUSED listing each target's failure. */
void       sleek_connect_targets_async  (GSocketClient       *client,
                                         GPtrArray           *targets,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GSocketConnection *sleek_connect_targets_finish (GAsyncResult  *result,
                                                 guint         *index_out,
                                                 GError       **error);

G_END_DECLS
