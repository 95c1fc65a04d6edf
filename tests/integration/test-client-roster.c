/* test-client-roster.c: roster changes and subscriptions through Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The server is shared with tests that run at the same time, some of them
 * logged in as the same accounts: every check looks at the contacts this
 * test made (JIDs with our pid in them) or at the juliet/romeo items that
 * only this test touches, and each test leaves the rosters as it found
 * them so that a rerun against the same server works.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <unistd.h>

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->juliet != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static SleekJid *
jid_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  SleekJid *jid = sleek_jid_new (text, &error);

  g_assert_no_error (error);
  return jid;
}

static SleekJid *
account_jid (const char *user)
{
  g_autofree char *upper = g_ascii_strup (user, -1);
  g_autofree char *key = g_strdup_printf ("SLEEK_TEST_JID_%s", upper);

  return jid_new (prosody_env_require (key));
}

static SleekRoster *
roster_of (SleekClientXmpp *client)
{
  return sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (client));
}

static SleekRosterItem *
lookup (SleekClientXmpp *client, SleekJid *jid)
{
  return sleek_roster_lookup (roster_of (client), jid);
}

/* Whether the roster, read as a GListModel, holds an item for @jid. */
static gboolean
model_contains (SleekClientXmpp *client, SleekJid *jid)
{
  GListModel *model = G_LIST_MODEL (roster_of (client));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SleekRosterItem) item = g_list_model_get_item (model, i);

      if (sleek_jid_equal_bare (sleek_roster_item_get_jid (item), jid))
        return TRUE;
    }
  return FALSE;
}

static SleekRosterSubscription
subscription_of (SleekClientXmpp *client, SleekJid *jid)
{
  SleekRosterItem *item = lookup (client, jid);

  return item != NULL ? sleek_roster_item_get_subscription (item) : SLEEK_ROSTER_SUBSCRIPTION_REMOVE;
}

/* The roster pushes one session saw, for one contact. */
typedef struct {
  SleekJid *contact;
  GPtrArray *pushes;    /* SleekRosterItem snapshots: subscription, name */
  guint fetches;
} PushLog;

typedef struct {
  SleekRosterSubscription subscription;
  char *name;
  GStrv groups;
} PushRecord;

static void
push_record_free (PushRecord *record)
{
  g_free (record->name);
  g_strfreev (record->groups);
  g_free (record);
}

static void
on_roster_update (SleekBaseXmpp *xmpp, SleekRosterItem *item, PushLog *log)
{
  PushRecord *record;

  if (item == NULL)
    {
      log->fetches++;
      return;
    }
  if (!sleek_jid_equal_bare (sleek_roster_item_get_jid (item), log->contact))
    return;
  record = g_new0 (PushRecord, 1);
  record->subscription = sleek_roster_item_get_subscription (item);
  record->name = g_strdup (sleek_roster_item_get_name (item));
  record->groups = g_strdupv ((GStrv) sleek_roster_item_get_groups (item));
  g_ptr_array_add (log->pushes, record);
}

static void
push_log_init (PushLog *log, SleekJid *contact)
{
  log->contact = sleek_jid_ref (contact);
  log->pushes = g_ptr_array_new_with_free_func ((GDestroyNotify) push_record_free);
  log->fetches = 0;
}

static void
push_log_clear (PushLog *log)
{
  g_clear_pointer (&log->contact, sleek_jid_unref);
  g_clear_pointer (&log->pushes, g_ptr_array_unref);
}

static PushRecord *
last_push (PushLog *log)
{
  g_assert_cmpuint (log->pushes->len, >, 0);
  return g_ptr_array_index (log->pushes, log->pushes->len - 1);
}

static gboolean
update_item (SleekClientXmpp *client, SleekJid *jid, const char *name, const char * const *groups, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_base_xmpp_update_roster_item_async (SLEEK_BASE_XMPP (client), jid, name, groups, NULL,
                                            client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_base_xmpp_update_roster_item_finish (SLEEK_BASE_XMPP (client), result, error);
}

static gboolean
remove_item (SleekClientXmpp *client, SleekJid *jid, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_base_xmpp_remove_roster_item_async (SLEEK_BASE_XMPP (client), jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_base_xmpp_remove_roster_item_finish (SLEEK_BASE_XMPP (client), result, error);
}

/* Removes @jid from the roster if it is there (a leftover of an earlier
 * run that failed half-way), and waits for the push. */
static void
ensure_absent (SleekClientXmpp *client, SleekJid *jid)
{
  g_autoptr(GError) error = NULL;

  if (lookup (client, jid) == NULL)
    return;
  g_assert_true (remove_item (client, jid, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (lookup (client, jid) == NULL, CLIENT_UTIL_TIMEOUT);
}

/* 1. Roster management: add, rename and regroup, remove. */

static void
test_roster_add_update_remove (Fixture *f, gconstpointer data)
{
  g_autofree char *contact_text = g_strdup_printf ("contact-%d@%s", (int) getpid (),
                                                   prosody_env_require ("SLEEK_TEST_PROSODY_HOST"));
  g_autoptr(SleekJid) contact = jid_new (contact_text);
  g_autoptr(GError) error = NULL;
  const char * const friends[] = { "Friends", NULL };
  const char * const renamed_groups[] = { "Family", "Verona", NULL };
  g_autoptr(SleekClientXmpp) other = NULL;
  PushLog log, other_log;
  SleekRosterItem *item;

  f->juliet = client_util_new_logged_in ("juliet");
  push_log_init (&log, contact);
  push_log_init (&other_log, contact);
  g_signal_connect (f->juliet, "roster-update", G_CALLBACK (on_roster_update), &log);
  client_util_fetch_roster (f->juliet);
  g_assert_cmpuint (log.fetches, ==, 1);
  ensure_absent (f->juliet, contact);
  g_ptr_array_set_size (log.pushes, 0);

  /* A second session of the account that fetched the roster gets the
   * same pushes. */
  other = client_util_new_logged_in ("juliet");
  g_signal_connect (other, "roster-update", G_CALLBACK (on_roster_update), &other_log);
  client_util_fetch_roster (other);

  /* Add. */
  g_assert_true (update_item (f->juliet, contact, "Contact", friends, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (log.pushes->len >= 1, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (last_push (&log)->subscription, ==, SLEEK_ROSTER_SUBSCRIPTION_NONE);
  g_assert_cmpstr (last_push (&log)->name, ==, "Contact");
  item = lookup (f->juliet, contact);
  g_assert_nonnull (item);
  g_assert_cmpstr (sleek_roster_item_get_name (item), ==, "Contact");
  g_assert_true (sleek_roster_item_in_group (item, "Friends"));
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_NONE);
  g_assert_false (sleek_roster_item_get_ask (item));
  g_assert_true (model_contains (f->juliet, contact));
  WAIT_UNTIL (lookup (other, contact) != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (other_log.pushes->len, >=, 1);

  /* Rename and regroup. */
  g_assert_true (update_item (f->juliet, contact, "Renamed", renamed_groups, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (log.pushes->len >= 2, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (last_push (&log)->name, ==, "Renamed");
  item = lookup (f->juliet, contact);
  g_assert_nonnull (item);
  g_assert_cmpstr (sleek_roster_item_get_name (item), ==, "Renamed");
  g_assert_true (sleek_roster_item_in_group (item, "Family"));
  g_assert_true (sleek_roster_item_in_group (item, "Verona"));
  g_assert_false (sleek_roster_item_in_group (item, "Friends"));
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_roster_item_get_groups (item)), ==, 2);
  WAIT_UNTIL (g_strcmp0 (sleek_roster_item_get_name (lookup (other, contact)), "Renamed") == 0,
              CLIENT_UTIL_TIMEOUT);

  /* Remove: the push says subscription='remove' and the item leaves the
   * list model. */
  g_assert_true (remove_item (f->juliet, contact, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (log.pushes->len >= 3, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (last_push (&log)->subscription, ==, SLEEK_ROSTER_SUBSCRIPTION_REMOVE);
  g_assert_null (lookup (f->juliet, contact));
  g_assert_false (model_contains (f->juliet, contact));
  WAIT_UNTIL (lookup (other, contact) == NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_false (model_contains (other, contact));
  g_assert_cmpuint (log.pushes->len, ==, 3);

  /* Removing it again: the server has no such item (RFC 6121 2.5.3);
   * ejabberd 23.01 answers with a result all the same. */
  if (prosody_env_is_ejabberd ())
    {
      g_assert_true (remove_item (f->juliet, contact, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (remove_item (f->juliet, contact, &error));
      g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
    }

  sleek_xml_stream_abort (SLEEK_XML_STREAM (other));
  push_log_clear (&log);
  push_log_clear (&other_log);
}

/* 2. The subscription handshake, both ways. */

typedef struct {
  SleekClientXmpp *client;
  SleekJid *from;          /* approve requests from this bare JID only */
  guint requests;
} Approver;

static void
on_subscribe (SleekBaseXmpp *xmpp, SleekPresence *presence, Approver *approver)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (from == NULL || !sleek_jid_equal_bare (from, approver->from))
    return;
  approver->requests++;
  sleek_base_xmpp_approve_subscription (xmpp, from);
}

typedef struct {
  SleekJid *who;
  guint online;
  guint offline;
} OnlineLog;

static void
on_got_online (SleekBaseXmpp *xmpp, SleekPresence *presence, OnlineLog *log)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (from != NULL && sleek_jid_equal_bare (from, log->who))
    log->online++;
}

static void
on_got_offline (SleekBaseXmpp *xmpp, SleekPresence *presence, OnlineLog *log)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (from != NULL && sleek_jid_equal_bare (from, log->who))
    log->offline++;
}

static SleekJid *
bound (SleekClientXmpp *client)
{
  return sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client));
}

/* Whether @client has @full among the available resources it tracks. */
static gboolean
has_resource (SleekClientXmpp *client, SleekJid *full)
{
  GListModel *resources = sleek_base_xmpp_get_resources (SLEEK_BASE_XMPP (client), full);

  for (guint i = 0; resources != NULL && i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(SleekRosterResource) resource = g_list_model_get_item (resources, i);

      if (sleek_jid_equal (sleek_roster_resource_get_jid (resource), full))
        return TRUE;
    }
  return FALSE;
}

static void
test_subscription_handshake (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) juliet_jid = account_jid ("juliet");
  g_autoptr(SleekJid) romeo_jid = account_jid ("romeo");
  g_autoptr(GError) error = NULL;
  Approver romeo_approves = { NULL, juliet_jid, 0 };
  Approver juliet_approves = { NULL, romeo_jid, 0 };
  OnlineLog juliet_sees = { romeo_jid, 0, 0 };
  OnlineLog romeo_sees = { juliet_jid, 0, 0 };
  SleekRosterItem *item;

  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  client_util_fetch_roster (f->juliet);
  client_util_fetch_roster (f->romeo);
  /* Start from no relation at all, whatever an earlier run left. */
  ensure_absent (f->juliet, romeo_jid);
  ensure_absent (f->romeo, juliet_jid);

  romeo_approves.client = f->romeo;
  juliet_approves.client = f->juliet;
  g_signal_connect (f->romeo, "presence::subscribe", G_CALLBACK (on_subscribe), &romeo_approves);
  g_signal_connect (f->juliet, "presence::subscribe", G_CALLBACK (on_subscribe), &juliet_approves);
  g_signal_connect (f->juliet, "got-online", G_CALLBACK (on_got_online), &juliet_sees);
  g_signal_connect (f->romeo, "got-online", G_CALLBACK (on_got_online), &romeo_sees);
  g_signal_connect (f->juliet, "got-offline", G_CALLBACK (on_got_offline), &juliet_sees);

  /* Subscription requests reach available resources: both say they are
   * here first. */
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->juliet), NULL, "on the balcony", 0, NULL, NULL);
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->romeo), NULL, "below", 0, NULL, NULL);

  /* Juliet asks; the server adds romeo to her roster with ask set. */
  sleek_base_xmpp_subscribe (SLEEK_BASE_XMPP (f->juliet), romeo_jid);
  WAIT_UNTIL (romeo_approves.requests >= 1, CLIENT_UTIL_TIMEOUT);

  /* Romeo approved: juliet has "to", romeo has "from", and romeo's
   * presence reaches juliet. */
  WAIT_UNTIL (subscription_of (f->juliet, romeo_jid) == SLEEK_ROSTER_SUBSCRIPTION_TO, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (subscription_of (f->romeo, juliet_jid) == SLEEK_ROSTER_SUBSCRIPTION_FROM, CLIENT_UTIL_TIMEOUT);
  item = lookup (f->juliet, romeo_jid);
  g_assert_false (sleek_roster_item_get_ask (item));
  WAIT_UNTIL (juliet_sees.online >= 1, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_roster_item_get_available (lookup (f->juliet, romeo_jid)));
  g_assert_cmpuint (juliet_approves.requests, ==, 0);
  g_assert_cmpuint (romeo_sees.online, ==, 0);

  /* And back: both end with "both", and juliet's presence reaches romeo. */
  sleek_base_xmpp_subscribe (SLEEK_BASE_XMPP (f->romeo), juliet_jid);
  WAIT_UNTIL (juliet_approves.requests >= 1, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (subscription_of (f->juliet, romeo_jid) == SLEEK_ROSTER_SUBSCRIPTION_BOTH, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (subscription_of (f->romeo, juliet_jid) == SLEEK_ROSTER_SUBSCRIPTION_BOTH, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (romeo_sees.online >= 1, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (juliet_sees.offline, ==, 0);
  g_assert_true (has_resource (f->juliet, bound (f->romeo)));

  /* Romeo's unavailable presence reaches juliet too. (Not got-offline:
   * other tests may have romeo sessions of their own online, which
   * juliet now sees as well.) */
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->romeo), NULL, NULL, 0, NULL, "unavailable");
  WAIT_UNTIL (!has_resource (f->juliet, bound (f->romeo)), CLIENT_UTIL_TIMEOUT);

  /* Clean up: each removes the other, which also cancels the
   * subscriptions. */
  g_assert_true (remove_item (f->juliet, romeo_jid, &error));
  g_assert_no_error (error);
  g_assert_true (remove_item (f->romeo, juliet_jid, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (lookup (f->juliet, romeo_jid) == NULL, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (lookup (f->romeo, juliet_jid) == NULL, CLIENT_UTIL_TIMEOUT);

  /* The logs live on this stack: the teardown's disconnection must not
   * reach them. */
  g_signal_handlers_disconnect_by_data (f->romeo, &romeo_approves);
  g_signal_handlers_disconnect_by_data (f->juliet, &juliet_approves);
  g_signal_handlers_disconnect_by_data (f->juliet, &juliet_sees);
  g_signal_handlers_disconnect_by_data (f->romeo, &romeo_sees);
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
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client-roster/add-update-remove", test_roster_add_update_remove);
  ADD ("/client-roster/subscription-handshake", test_subscription_handshake);
#undef ADD
  return g_test_run ();
}
