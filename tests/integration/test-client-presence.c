/* test-client-presence.c: tracking the resources of a contact through Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The account watched is bot, which no other client test logs in as:
 * got-offline fires when the *last* resource of a JID leaves, so a session
 * of the same account left by a test running beside this one would keep
 * the JID online. romeo watches it through a subscription this test sets
 * up and removes.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *romeo;
  SleekClientXmpp *bot1;
  SleekClientXmpp *bot2;
} Fixture;

static void
abort_client (SleekClientXmpp *client)
{
  if (client != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (client));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  abort_client (f->romeo);
  abort_client (f->bot1);
  abort_client (f->bot2);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->romeo);
  g_clear_object (&f->bot1);
  g_clear_object (&f->bot2);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static SleekJid *
account_jid (const char *user)
{
  g_autofree char *upper = g_ascii_strup (user, -1);
  g_autofree char *key = g_strdup_printf ("SLEEK_TEST_JID_%s", upper);
  g_autoptr(GError) error = NULL;
  SleekJid *jid = sleek_jid_new (prosody_env_require (key), &error);

  g_assert_no_error (error);
  return jid;
}

static SleekJid *
bound (SleekClientXmpp *client)
{
  return sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client));
}

/* Removes @jid from @client's roster; a missing item is fine. */
static void
remove_contact (SleekClientXmpp *client, SleekJid *jid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_base_xmpp_remove_roster_item_async (SLEEK_BASE_XMPP (client), jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  if (!sleek_base_xmpp_remove_roster_item_finish (SLEEK_BASE_XMPP (client), result, &error))
    g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

typedef struct {
  SleekJid *who;
  guint online;
  guint offline;
  guint changed;
  SleekPresence *last_change;
} Watch;

static gboolean
is_watched (Watch *w, SleekPresence *presence)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  return from != NULL && sleek_jid_equal_bare (from, w->who);
}

static void
on_got_online (SleekBaseXmpp *xmpp, SleekPresence *presence, Watch *w)
{
  if (is_watched (w, presence))
    w->online++;
}

static void
on_got_offline (SleekBaseXmpp *xmpp, SleekPresence *presence, Watch *w)
{
  if (is_watched (w, presence))
    w->offline++;
}

static void
on_changed_status (SleekBaseXmpp *xmpp, SleekPresence *presence, Watch *w)
{
  if (!is_watched (w, presence))
    return;
  w->changed++;
  g_set_object (&w->last_change, presence);
}

static void
approve_romeo (SleekBaseXmpp *xmpp, SleekPresence *presence, SleekJid *romeo)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (from != NULL && sleek_jid_equal_bare (from, romeo))
    sleek_base_xmpp_approve_subscription (xmpp, from);
}

static SleekRosterSubscription
subscription_of (SleekClientXmpp *client, SleekJid *jid)
{
  SleekRosterItem *item = sleek_roster_lookup (sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (client)), jid);

  return item != NULL ? sleek_roster_item_get_subscription (item) : SLEEK_ROSTER_SUBSCRIPTION_REMOVE;
}

static guint
n_resources (SleekClientXmpp *client, SleekJid *jid)
{
  GListModel *resources = sleek_base_xmpp_get_resources (SLEEK_BASE_XMPP (client), jid);

  return resources != NULL ? g_list_model_get_n_items (resources) : 0;
}

/* The resource entry @client keeps for the full JID @full, or NULL. */
static SleekRosterResource *
find_resource (SleekClientXmpp *client, SleekJid *full)
{
  GListModel *resources = sleek_base_xmpp_get_resources (SLEEK_BASE_XMPP (client), full);

  for (guint i = 0; resources != NULL && i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(SleekRosterResource) resource = g_list_model_get_item (resources, i);

      if (sleek_jid_equal (sleek_roster_resource_get_jid (resource), full))
        return resource;   /* the list still holds a reference */
    }
  return NULL;
}

static void
test_two_resources (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo_jid = account_jid ("romeo");
  g_autoptr(SleekJid) bot_jid = account_jid ("bot");
  Watch w = { bot_jid, 0, 0, 0, NULL };
  SleekRosterResource *resource;

  /* romeo, watching; bot's first resource, which approves him. */
  f->romeo = client_util_new_logged_in ("romeo");
  client_util_fetch_roster (f->romeo);
  remove_contact (f->romeo, bot_jid);
  g_signal_connect (f->romeo, "got-online", G_CALLBACK (on_got_online), &w);
  g_signal_connect (f->romeo, "got-offline", G_CALLBACK (on_got_offline), &w);
  g_signal_connect (f->romeo, "changed-status", G_CALLBACK (on_changed_status), &w);
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->romeo), NULL, NULL, 0, NULL, NULL);

  f->bot1 = client_util_new_logged_in ("bot");
  remove_contact (f->bot1, romeo_jid);
  g_signal_connect (f->bot1, "presence::subscribe", G_CALLBACK (approve_romeo), romeo_jid);
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->bot1), NULL, "first", 0, NULL, NULL);

  sleek_base_xmpp_subscribe (SLEEK_BASE_XMPP (f->romeo), bot_jid);
  WAIT_UNTIL (subscription_of (f->romeo, bot_jid) == SLEEK_ROSTER_SUBSCRIPTION_TO, CLIENT_UTIL_TIMEOUT);

  /* bot's first resource: got-online once. */
  WAIT_UNTIL (w.online == 1, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (n_resources (f->romeo, bot_jid) == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (find_resource (f->romeo, bound (f->bot1)));

  /* The second resource: no second got-online, but a status change, and
   * two resources. */
  f->bot2 = client_util_new_logged_in ("bot");
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->bot2), "chat", "second", 5, NULL, NULL);
  WAIT_UNTIL (n_resources (f->romeo, bot_jid) == 2, CLIENT_UTIL_TIMEOUT);
  resource = find_resource (f->romeo, bound (f->bot2));
  g_assert_nonnull (resource);
  g_assert_cmpstr (sleek_roster_resource_get_show (resource), ==, "chat");
  g_assert_cmpstr (sleek_roster_resource_get_status (resource), ==, "second");
  g_assert_cmpint (sleek_roster_resource_get_priority (resource), ==, 5);
  g_assert_cmpuint (w.online, ==, 1);
  g_assert_nonnull (w.last_change);
  g_assert_true (sleek_jid_equal (sleek_stanza_get_from (SLEEK_STANZA (w.last_change)), bound (f->bot2)));

  /* A show change of the first resource is a changed-status for it. */
  {
    guint before = w.changed;

    sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->bot1), "away", "brb", 0, NULL, NULL);
    WAIT_UNTIL (w.changed > before, CLIENT_UTIL_TIMEOUT);
    g_assert_true (sleek_jid_equal (sleek_stanza_get_from (SLEEK_STANZA (w.last_change)), bound (f->bot1)));
    g_assert_cmpstr (sleek_presence_get_show (w.last_change), ==, "away");
    resource = find_resource (f->romeo, bound (f->bot1));
    g_assert_nonnull (resource);
    g_assert_cmpstr (sleek_roster_resource_get_show (resource), ==, "away");
    g_assert_cmpstr (sleek_roster_resource_get_status (resource), ==, "brb");
  }

  /* The first resource leaves: bot is still online. */
  client_util_disconnect (f->bot1);
  WAIT_UNTIL (n_resources (f->romeo, bot_jid) == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_null (find_resource (f->romeo, bound (f->bot1)));
  g_assert_nonnull (find_resource (f->romeo, bound (f->bot2)));
  client_util_spin (0.2);
  g_assert_cmpuint (w.offline, ==, 0);
  g_assert_true (sleek_roster_item_get_available (sleek_roster_lookup (
    sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (f->romeo)), bot_jid)));

  /* The last one leaves: got-offline, once. */
  client_util_disconnect (f->bot2);
  WAIT_UNTIL (w.offline == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (n_resources (f->romeo, bot_jid), ==, 0);
  g_assert_false (sleek_roster_item_get_available (sleek_roster_lookup (
    sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (f->romeo)), bot_jid)));
  client_util_spin (0.2);
  g_assert_cmpuint (w.offline, ==, 1);
  g_assert_cmpuint (w.online, ==, 1);

  /* Clean up both rosters. */
  remove_contact (f->romeo, bot_jid);
  g_clear_object (&f->bot1);
  f->bot1 = client_util_new_logged_in ("bot");
  remove_contact (f->bot1, romeo_jid);
  /* The watch lives on this stack: the teardown's disconnection must not
   * reach it. */
  g_signal_handlers_disconnect_by_data (f->romeo, &w);
  g_clear_object (&w.last_change);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
  g_test_add ("/client-presence/two-resources", Fixture, NULL, fixture_setup, test_two_resources, fixture_teardown);
  return g_test_run ();
}
