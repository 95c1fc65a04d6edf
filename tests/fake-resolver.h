/* fake-resolver.h: a GResolver that answers from tables, for tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * SRV queries are answered from @records (rrname -> GList of GSrvTarget)
 * or fail as @failures says (rrname -> G_RESOLVER_ERROR code); any other
 * name has no records (G_RESOLVER_ERROR_NOT_FOUND). Host names resolve
 * from @hosts (name -> address literal) and are otherwise not found, so a
 * test that installs it as the default resolver never reaches the real
 * DNS. Every query is logged in @queries.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TEST_TYPE_FAKE_RESOLVER (test_fake_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestFakeResolver, test_fake_resolver, TEST, FAKE_RESOLVER, GResolver)

struct _TestFakeResolver {
  GResolver parent_instance;
  GHashTable *records;   /* rrname -> GList of GSrvTarget */
  GHashTable *failures;  /* rrname -> GError code in G_RESOLVER_ERROR */
  GHashTable *hosts;     /* host name -> IP address literal */
  GPtrArray *queries;    /* every rrname and host name asked for */
};

TestFakeResolver *test_fake_resolver_new (void);

/* Adds an SRV record to the answer for @rrname. */
void fake_add (TestFakeResolver *self, const char *rrname, const char *host, guint16 port,
               guint16 priority, guint16 weight);

G_END_DECLS
