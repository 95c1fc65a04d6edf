/* test-roster.c: SleekRoster, SleekRosterItem, SleekRosterResource
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "sleek-roster-private.h"

#include <string.h>

typedef struct {
  SleekRoster *roster;
  GPtrArray *log;    /* "changed POS REMOVED ADDED" and notifications */
} Fixture;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  g_ptr_array_add (f->log, g_strdup_printf ("changed %u %u %u", position, removed, added));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->roster = sleek_roster_new ();
  f->log = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->roster, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->roster);
  g_ptr_array_unref (f->log);
}

static void
assert_log (Fixture *f, ...)
{
  va_list ap;
  const char *want;
  guint i = 0;

  va_start (ap, f);
  while ((want = va_arg (ap, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, f->log->len);
      g_assert_cmpstr (g_ptr_array_index (f->log, i), ==, want);
      i++;
    }
  va_end (ap);
  g_assert_cmpuint (f->log->len, ==, i);
  g_ptr_array_set_size (f->log, 0);
}

/* The same, in any order: notifications queued while frozen come out in
 * an order GObject does not promise. */
static void
assert_log_unordered (Fixture *f, ...)
{
  va_list ap;
  const char *want;

  va_start (ap, f);
  while ((want = va_arg (ap, const char *)) != NULL)
    {
      guint index;

      g_assert_true (g_ptr_array_find_with_equal_func (f->log, want, g_str_equal, &index));
      g_ptr_array_remove_index (f->log, index);
    }
  va_end (ap);
  g_assert_cmpuint (f->log->len, ==, 0);
}

static SleekNode *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekNode *node = sleek_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
replace (Fixture *f, const char *items)
{
  g_autofree char *xml = g_strdup_printf ("<query xmlns='jabber:iq:roster'>%s</query>", items);
  g_autoptr(SleekNode) query = parse (xml);

  sleek_roster_replace (f->roster, query);
}

static SleekRosterItem *
push (Fixture *f, const char *item)
{
  g_autofree char *xml = g_strdup_printf ("<query xmlns='jabber:iq:roster'>%s</query>", item);
  g_autoptr(SleekNode) query = parse (xml);

  return sleek_roster_apply_push (f->roster, sleek_node_get_first_child (query));
}

static SleekJid *
jid (const char *text)
{
  g_autoptr(GError) error = NULL;
  SleekJid *j = sleek_jid_new (text, &error);

  g_assert_no_error (error);
  return j;
}

static SleekRosterItem *
item_at (Fixture *f, guint position)
{
  SleekRosterItem *item = g_list_model_get_item (G_LIST_MODEL (f->roster), position);

  g_assert_nonnull (item);
  g_object_unref (item);  /* the roster keeps it */
  return item;
}

static void
assert_order (Fixture *f, ...)
{
  va_list ap;
  const char *want;
  guint i = 0;

  va_start (ap, f);
  while ((want = va_arg (ap, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, g_list_model_get_n_items (G_LIST_MODEL (f->roster)));
      g_assert_cmpstr (sleek_jid_to_string (sleek_roster_item_get_jid (item_at (f, i))), ==, want);
      i++;
    }
  va_end (ap);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->roster)), ==, i);
}

static SleekPresence *
presence (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_true (SLEEK_IS_PRESENCE (stanza));
  return SLEEK_PRESENCE (stanza);
}

static SleekRosterPresenceChange
handle (Fixture *f, const char *xml)
{
  g_autoptr(SleekPresence) p = presence (xml);

  return sleek_roster_handle_presence (f->roster, p);
}

/* The model */

static void
test_empty (Fixture *f, gconstpointer data)
{
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->roster)) == SLEEK_TYPE_ROSTER_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->roster)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->roster), 0));
  g_assert_null (sleek_roster_get_version (f->roster));
}

static void
test_replace_fields (Fixture *f, gconstpointer data)
{
  SleekRosterItem *item;
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");
  g_auto(GStrv) groups = NULL;
  SleekRosterSubscription subscription;
  guint n_items = 0;

  replace (f, "<item jid='romeo@example.net' name='Romeo' subscription='both'>"
              "<group>Friends</group><group>Lovers</group></item>"
              "<item jid='mercutio@example.com' subscription='from' ask='subscribe'/>"
              "<item jid='benvolio@example.net' subscription='none' approved='true'/>");
  assert_log (f, "changed 0 0 3", NULL);
  assert_order (f, "romeo@example.net", "mercutio@example.com", "benvolio@example.net", NULL);

  item = sleek_roster_lookup (f->roster, romeo);
  g_assert_true (item == item_at (f, 0));
  g_assert_cmpstr (sleek_roster_item_get_name (item), ==, "Romeo");
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_BOTH);
  g_assert_false (sleek_roster_item_get_ask (item));
  g_assert_false (sleek_roster_item_get_approved (item));
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_roster_item_get_groups (item)), ==, 2);
  g_assert_cmpstr (sleek_roster_item_get_groups (item)[0], ==, "Friends");
  g_assert_cmpstr (sleek_roster_item_get_groups (item)[1], ==, "Lovers");
  g_assert_true (sleek_roster_item_in_group (item, "Lovers"));
  g_assert_false (sleek_roster_item_in_group (item, "Enemies"));
  g_object_get (item, "groups", &groups, "subscription", &subscription, NULL);
  g_assert_cmpstr (groups[1], ==, "Lovers");
  g_assert_cmpint (subscription, ==, SLEEK_ROSTER_SUBSCRIPTION_BOTH);

  item = item_at (f, 1);
  g_assert_null (sleek_roster_item_get_name (item));
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_FROM);
  g_assert_true (sleek_roster_item_get_ask (item));
  g_assert_nonnull (sleek_roster_item_get_groups (item));
  g_assert_null (sleek_roster_item_get_groups (item)[0]);

  item = item_at (f, 2);
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_NONE);
  g_assert_true (sleek_roster_item_get_approved (item));
  g_object_get (f->roster, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 3);
}

static void
test_replace_skips_bad_items (Fixture *f, gconstpointer data)
{
  replace (f, "<item name='no jid'/>"
              "<item jid='@@invalid'/>"
              "<item jid='romeo@example.net' name='first'/>"
              "<item jid='Romeo@Example.net' name='duplicate'/>"
              "<item jid='tybalt@example.com' subscription='remove'/>"
              "<other xmlns='urn:example' jid='nurse@example.com'/>"
              "<item jid='juliet@example.com' subscription='bogus'><group></group><group>A</group><group>A</group></item>");
  assert_order (f, "romeo@example.net", "juliet@example.com", NULL);
  g_assert_cmpstr (sleek_roster_item_get_name (item_at (f, 0)), ==, "first");
  g_assert_cmpint (sleek_roster_item_get_subscription (item_at (f, 1)), ==, SLEEK_ROSTER_SUBSCRIPTION_NONE);
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_roster_item_get_groups (item_at (f, 1))), ==, 1);
}

static void
on_notify (GObject *object, GParamSpec *pspec, Fixture *f)
{
  g_ptr_array_add (f->log, g_strdup_printf ("notify %s", pspec->name));
}

static void
test_replace_again (Fixture *f, gconstpointer data)
{
  SleekRosterItem *romeo;

  replace (f, "<item jid='a@example.com'/><item jid='romeo@example.net' name='Romeo'/>"
              "<item jid='b@example.com'/><item jid='c@example.com'/>");
  assert_log (f, "changed 0 0 4", NULL);
  romeo = item_at (f, 1);
  g_object_ref (romeo);
  g_signal_connect (romeo, "notify", G_CALLBACK (on_notify), f);

  /* b goes, romeo changes in place, d and e are new. */
  replace (f, "<item jid='d@example.com'/><item jid='c@example.com'/>"
              "<item jid='romeo@example.net' name='Romeo Montague'/>"
              "<item jid='a@example.com'/><item jid='e@example.com'/>");
  assert_log (f, "changed 2 1 0", "notify name", "changed 3 0 2", NULL);
  assert_order (f, "a@example.com", "romeo@example.net", "c@example.com", "d@example.com", "e@example.com", NULL);
  g_assert_true (item_at (f, 1) == romeo);

  /* An empty roster removes everything, from the end. */
  replace (f, "");
  assert_log (f, "changed 4 1 0", "changed 3 1 0", "changed 2 1 0", "changed 1 1 0", "changed 0 1 0", NULL);
  g_assert_cmpint (sleek_roster_item_get_subscription (romeo), ==, SLEEK_ROSTER_SUBSCRIPTION_NONE);
  g_signal_handlers_disconnect_by_data (romeo, f);
  g_object_unref (romeo);
}

static void
test_push_add_update_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekRosterItem) added = NULL;
  g_autoptr(SleekRosterItem) updated = NULL;
  g_autoptr(SleekRosterItem) removed = NULL;
  g_autoptr(SleekJid) nurse = jid ("nurse@example.com");

  replace (f, "<item jid='romeo@example.net'/><item jid='mercutio@example.com'/>");
  assert_log (f, "changed 0 0 2", NULL);

  added = push (f, "<item jid='nurse@example.com' name='Nurse'><group>Servants</group></item>");
  g_assert_nonnull (added);
  assert_log (f, "changed 2 0 1", NULL);
  g_assert_true (sleek_roster_lookup (f->roster, nurse) == added);

  g_signal_connect (added, "notify", G_CALLBACK (on_notify), f);
  updated = push (f, "<item jid='nurse@example.com' name='Nurse' subscription='to'><group>Servants</group></item>");
  g_assert_true (updated == added);
  assert_log (f, "notify subscription", NULL);

  /* Nothing changes, nothing is said. */
  g_clear_object (&updated);
  updated = push (f, "<item jid='nurse@example.com' name='Nurse' subscription='to'><group>Servants</group></item>");
  assert_log (f, NULL);

  removed = push (f, "<item jid='nurse@example.com' subscription='remove'/>");
  g_assert_true (removed == added);
  g_assert_cmpint (sleek_roster_item_get_subscription (removed), ==, SLEEK_ROSTER_SUBSCRIPTION_REMOVE);
  g_assert_cmpstr (g_ptr_array_index (f->log, 0), ==, "changed 2 1 0");
  g_ptr_array_remove_index (f->log, 0);
  assert_log_unordered (f, "notify name", "notify subscription", "notify groups", NULL);
  g_assert_null (sleek_roster_lookup (f->roster, nurse));
  g_signal_handlers_disconnect_by_data (added, f);

  /* Removing from the middle. */
  g_clear_object (&removed);
  removed = push (f, "<item jid='romeo@example.net' subscription='remove'/>");
  assert_log (f, "changed 0 1 0", NULL);
  assert_order (f, "mercutio@example.com", NULL);
}

static void
test_push_remove_unknown (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekRosterItem) item = push (f, "<item jid='stranger@example.org' subscription='remove'/>");

  g_assert_nonnull (item);
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_REMOVE);
  g_assert_cmpstr (sleek_jid_to_string (sleek_roster_item_get_jid (item)), ==, "stranger@example.org");
  g_assert_nonnull (sleek_roster_item_get_resources (item));
  assert_log (f, NULL);
}

static void
test_push_invalid (Fixture *f, gconstpointer data)
{
  g_assert_null (push (f, "<item name='x'/>"));
  g_assert_null (push (f, "<item jid='a@b@c'/>"));
  g_assert_null (push (f, "<group>x</group>"));
  assert_log (f, NULL);
}

static void
test_version (Fixture *f, gconstpointer data)
{
  g_autofree char *version = NULL;

  g_signal_connect (f->roster, "notify::version", G_CALLBACK (on_notify), f);
  sleek_roster_set_version (f->roster, "v1");
  sleek_roster_set_version (f->roster, "v1");
  g_assert_cmpstr (sleek_roster_get_version (f->roster), ==, "v1");
  g_object_get (f->roster, "version", &version, NULL);
  g_assert_cmpstr (version, ==, "v1");
  sleek_roster_set_version (f->roster, NULL);
  g_assert_null (sleek_roster_get_version (f->roster));
  assert_log (f, "notify version", "notify version", NULL);
}

static void
test_lookup_bare (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) full = jid ("ROMEO@example.net/orchard");

  replace (f, "<item jid='romeo@example.net'/>");
  g_assert_true (sleek_roster_lookup (f->roster, full) == item_at (f, 0));
}

/* Presence */

static void
test_presence_resources (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");
  SleekRosterItem *item;
  GListModel *resources;
  g_autoptr(SleekRosterResource) res = NULL;
  g_autoptr(SleekPresence) last = NULL;
  int priority = 0;

  replace (f, "<item jid='romeo@example.net' subscription='both'/>");
  assert_log (f, "changed 0 0 1", NULL);
  item = item_at (f, 0);
  resources = sleek_roster_item_get_resources (item);
  g_assert_true (resources == sleek_roster_lookup_resources (f->roster, romeo));
  g_assert_false (sleek_roster_item_get_available (item));
  g_signal_connect (item, "notify::available", G_CALLBACK (on_notify), f);

  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/orchard'>"
                              "<show>away</show><status>Under the balcony</status><priority>5</priority></presence>"),
                   ==, SLEEK_ROSTER_PRESENCE_ONLINE | SLEEK_ROSTER_PRESENCE_STATUS);
  assert_log (f, "notify available", NULL);
  g_assert_true (sleek_roster_item_get_available (item));
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 1);
  res = g_list_model_get_item (resources, 0);
  g_assert_cmpstr (sleek_roster_resource_get_resource (res), ==, "orchard");
  g_assert_cmpstr (sleek_jid_to_string (sleek_roster_resource_get_jid (res)), ==, "romeo@example.net/orchard");
  g_assert_cmpstr (sleek_roster_resource_get_show (res), ==, "away");
  g_assert_cmpstr (sleek_roster_resource_get_status (res), ==, "Under the balcony");
  g_assert_cmpint (sleek_roster_resource_get_priority (res), ==, 5);
  g_object_get (res, "priority", &priority, "presence", &last, NULL);
  g_assert_cmpint (priority, ==, 5);
  g_assert_true (last == sleek_roster_resource_get_presence (res));

  /* A second resource: no longer a first. */
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/street'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_STATUS);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 2);

  /* The same again: nothing. */
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/street'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);

  g_signal_connect (res, "notify", G_CALLBACK (on_notify), f);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/orchard'>"
                              "<show>away</show><status>Under the balcony</status><priority>-1</priority></presence>"),
                   ==, SLEEK_ROSTER_PRESENCE_STATUS);
  assert_log_unordered (f, "notify priority", "notify presence", NULL);
  g_assert_cmpint (sleek_roster_resource_get_priority (res), ==, -1);

  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' type='unavailable' from='romeo@example.net/orchard'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_STATUS);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 1);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' type='unavailable' from='romeo@example.net/nowhere'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' type='unavailable' from='romeo@example.net/street'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_STATUS | SLEEK_ROSTER_PRESENCE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 0);
  g_assert_false (sleek_roster_item_get_available (item));
  assert_log (f, "notify available", NULL);
  /* A roster contact keeps its list while offline. */
  g_assert_true (sleek_roster_lookup_resources (f->roster, romeo) == resources);
  g_signal_handlers_disconnect_by_data (res, f);
  g_signal_handlers_disconnect_by_data (item, f);
}

static void
test_presence_bare_unavailable (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");

  handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/a'/>");
  handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/b'/>");
  g_assert_cmpuint (g_list_model_get_n_items (sleek_roster_lookup_resources (f->roster, romeo)), ==, 2);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' type='unavailable' from='romeo@example.net'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_STATUS | SLEEK_ROSTER_PRESENCE_OFFLINE);
  /* Not on the roster: forgotten. */
  g_assert_null (sleek_roster_lookup_resources (f->roster, romeo));
}

static void
test_presence_stranger (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) stranger = jid ("stranger@example.org");
  GListModel *resources;
  SleekRosterItem *item;

  g_assert_null (sleek_roster_lookup_resources (f->roster, stranger));
  handle (f, "<presence xmlns='jabber:client' from='stranger@example.org/x'/>");
  resources = sleek_roster_lookup_resources (f->roster, stranger);
  g_assert_nonnull (resources);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 1);

  /* Added to the roster while online: the item shares the list. */
  item = push (f, "<item jid='stranger@example.org'/>");
  g_assert_true (sleek_roster_item_get_resources (item) == resources);
  g_assert_true (sleek_roster_item_get_available (item));
  g_object_unref (item);
}

static void
test_presence_ignored (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client'/>"), ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='a@b/c' type='subscribe'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='a@b/c' type='error'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='a@b/c' type='probe'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);
  g_assert_cmpint (handle (f, "<presence xmlns='jabber:client' from='a@b/c' type='unavailable'/>"),
                   ==, SLEEK_ROSTER_PRESENCE_UNCHANGED);
}

static void
test_clear_presence (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) offline = NULL;
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");
  g_autoptr(SleekJid) stranger = jid ("stranger@example.org");
  gboolean saw_romeo = FALSE, saw_stranger = FALSE;

  replace (f, "<item jid='romeo@example.net'/><item jid='juliet@example.com'/>");
  handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/a'/>");
  handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/b'/>");
  handle (f, "<presence xmlns='jabber:client' from='stranger@example.org/x'/>");

  offline = sleek_roster_clear_presence (f->roster);
  g_assert_cmpuint (offline->len, ==, 2);
  for (guint i = 0; i < offline->len; i++)
    {
      SleekPresence *p = g_ptr_array_index (offline, i);
      const char *from = sleek_stanza_get_string (SLEEK_STANZA (p), "from");

      g_assert_cmpint (sleek_presence_get_presence_type (p), ==, SLEEK_PRESENCE_TYPE_UNAVAILABLE);
      if (g_strcmp0 (from, "romeo@example.net/b") == 0)
        saw_romeo = TRUE;
      else if (g_strcmp0 (from, "stranger@example.org/x") == 0)
        saw_stranger = TRUE;
    }
  g_assert_true (saw_romeo && saw_stranger);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_roster_lookup_resources (f->roster, romeo)), ==, 0);
  g_assert_null (sleek_roster_lookup_resources (f->roster, stranger));
  g_assert_false (sleek_roster_item_get_available (item_at (f, 0)));

  g_clear_pointer (&offline, g_ptr_array_unref);
  offline = sleek_roster_clear_presence (f->roster);
  g_assert_cmpuint (offline->len, ==, 0);
}

static void
test_remove_keeps_presence_of_online (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");
  g_autoptr(SleekRosterItem) removed = NULL;
  GListModel *resources;

  replace (f, "<item jid='romeo@example.net'/>");
  handle (f, "<presence xmlns='jabber:client' from='romeo@example.net/a'/>");
  resources = sleek_roster_lookup_resources (f->roster, romeo);
  removed = push (f, "<item jid='romeo@example.net' subscription='remove'/>");
  /* Still online, still tracked; forgotten once offline. */
  g_assert_true (sleek_roster_lookup_resources (f->roster, romeo) == resources);
  handle (f, "<presence xmlns='jabber:client' type='unavailable' from='romeo@example.net/a'/>");
  g_assert_null (sleek_roster_lookup_resources (f->roster, romeo));
  /* The removed item keeps its (now empty) list. */
  g_assert_cmpuint (g_list_model_get_n_items (sleek_roster_item_get_resources (removed)), ==, 0);
}

static void
test_subscription_wire (void)
{
  g_assert_cmpstr (sleek_roster_subscription_to_wire (SLEEK_ROSTER_SUBSCRIPTION_NONE), ==, "none");
  g_assert_cmpstr (sleek_roster_subscription_to_wire (SLEEK_ROSTER_SUBSCRIPTION_TO), ==, "to");
  g_assert_cmpstr (sleek_roster_subscription_to_wire (SLEEK_ROSTER_SUBSCRIPTION_FROM), ==, "from");
  g_assert_cmpstr (sleek_roster_subscription_to_wire (SLEEK_ROSTER_SUBSCRIPTION_BOTH), ==, "both");
  g_assert_cmpstr (sleek_roster_subscription_to_wire (SLEEK_ROSTER_SUBSCRIPTION_REMOVE), ==, "remove");
  g_assert_true (g_type_is_a (SLEEK_TYPE_ROSTER_SUBSCRIPTION, G_TYPE_ENUM));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/roster/empty", test_empty);
  ADD ("/roster/replace/fields", test_replace_fields);
  ADD ("/roster/replace/bad-items", test_replace_skips_bad_items);
  ADD ("/roster/replace/again", test_replace_again);
  ADD ("/roster/push/add-update-remove", test_push_add_update_remove);
  ADD ("/roster/push/remove-unknown", test_push_remove_unknown);
  ADD ("/roster/push/invalid", test_push_invalid);
  ADD ("/roster/version", test_version);
  ADD ("/roster/lookup-bare", test_lookup_bare);
  ADD ("/roster/presence/resources", test_presence_resources);
  ADD ("/roster/presence/bare-unavailable", test_presence_bare_unavailable);
  ADD ("/roster/presence/stranger", test_presence_stranger);
  ADD ("/roster/presence/ignored", test_presence_ignored);
  ADD ("/roster/presence/clear", test_clear_presence);
  ADD ("/roster/presence/removed-item", test_remove_keeps_presence_of_online);
  g_test_add_func ("/roster/subscription-wire", test_subscription_wire);

  return g_test_run ();
}
