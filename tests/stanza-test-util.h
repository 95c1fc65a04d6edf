/* stanza-test-util.h: helpers shared by the stanza unit tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sleek/sleek.h>

/* Compares the stanza's element with @expected by sleek_node_equal(), and
 * shows both serialisations when they differ. */
#define assert_stanza_xml(stanza, expected) \
  assert_node_xml (sleek_stanza_get_node (SLEEK_STANZA (stanza)), (expected))

#define assert_node_xml(node, expected) \
  G_STMT_START { \
    g_autoptr(GError) axml_error = NULL; \
    g_autoptr(SleekNode) axml_want = sleek_node_parse ((expected), -1, &axml_error); \
    g_assert_no_error (axml_error); \
    if (!sleek_node_equal ((node), axml_want)) \
      { \
        g_autofree char *axml_got = sleek_node_to_string ((node)); \
        g_autofree char *axml_exp = sleek_node_to_string (axml_want); \
        g_assert_cmpstr (axml_got, ==, axml_exp); \
        g_assert_not_reached (); \
      } \
  } G_STMT_END

static inline SleekStanza *
parse_stanza (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stanza);
  return stanza;
}

/* Counts "notify" emissions per property name. */
typedef struct {
  GHashTable *counts;
} NotifyLog;

static inline void
notify_log_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    data)
{
  NotifyLog *log = data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static inline void
notify_log_init (NotifyLog *log,
                 gpointer   object)
{
  log->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (notify_log_cb), log);
}

static inline guint
notify_log_count (NotifyLog  *log,
                  const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static inline void
notify_log_reset (NotifyLog *log)
{
  g_hash_table_remove_all (log->counts);
}

static inline void
notify_log_clear (NotifyLog *log,
                  gpointer   object)
{
  g_signal_handlers_disconnect_by_data (object, log);
  g_clear_pointer (&log->counts, g_hash_table_unref);
}
