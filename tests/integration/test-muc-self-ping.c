/* test-muc-self-ping.c: XEP-0410 MUC Self-Ping against Prosody's MUC
 * component (SLEEK_TEST_MUC_HOST)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Romeo owns the room, Juliet is in it. To make the room lose Juliet
 * without her client knowing, a filter on her stream drops the presence
 * that tells her she was kicked.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  SleekMucSelfPing *self_ping;
  SleekMucRoom *juliet_room;
  SleekMucRoom *romeo_room;
  SleekJid *occupant;          /* Juliet's */
  guint dropped;               /* presences the filter dropped */
  guint not_joined;
} Fixture;

static SleekMucRoom *
join (SleekClientXmpp *client, SleekJid *room_jid, const char *nick)
{
  SleekMuc *muc = SLEEK_MUC (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0045"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SleekMucRoom *room;

  sleek_muc_join_async (muc, room_jid, nick, NULL, 0, -1, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  room = sleek_muc_join_finish (muc, result, &error);
  g_assert_no_error (error);
  return room;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *resource = client_util_resource ();
  g_autofree char *name = g_strdup_printf ("selfping-%s@%s", resource, prosody_env_require ("SLEEK_TEST_MUC_HOST"));
  g_autoptr(SleekJid) room_jid = sleek_jid_new (name, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->romeo = client_util_new_logged_in ("romeo");
  client_util_enable (f->romeo, "xep_0045");
  f->juliet = client_util_new_logged_in ("juliet");
  f->self_ping = client_util_enable (f->juliet, "xep_0410");

  /* An instant room, open to all. */
  f->romeo_room = join (f->romeo, room_jid, "romeo");
  sleek_muc_room_set_config_async (f->romeo_room, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_room_set_config_finish (f->romeo_room, result, &error));
  g_assert_no_error (error);
  f->juliet_room = join (f->juliet, room_jid, "juliet");
  f->occupant = sleek_jid_with_resource (room_jid, "juliet", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet_room);
  g_clear_object (&f->romeo_room);
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  g_clear_pointer (&f->occupant, sleek_jid_unref);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static SleekMucSelfPingResult
check (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SleekMucSelfPingResult verdict;

  sleek_muc_self_ping_check_async (f->self_ping, f->occupant, 0, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  verdict = sleek_muc_self_ping_check_finish (f->self_ping, result, &error);
  g_assert_no_error (error);
  return verdict;
}

/* Drops the unavailable presences of Juliet's own occupant. */
static SleekStanza *
drop_own_unavailable (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;

  if (SLEEK_IS_PRESENCE (stanza) && g_strcmp0 (sleek_stanza_get_stanza_type (stanza), "unavailable") == 0 &&
      sleek_stanza_get_from (stanza) != NULL && sleek_jid_equal (sleek_stanza_get_from (stanza), f->occupant))
    {
      f->dropped++;
      return NULL;
    }
  return g_object_ref (stanza);
}

static void
on_not_joined (SleekMucSelfPing *self_ping, SleekMucRoom *room, Fixture *f)
{
  g_assert_true (room == f->juliet_room);
  f->not_joined++;
}

/* Romeo kicks Juliet, who does not hear of it. */
static void
kick_unheard (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (f->juliet), SLEEK_FILTER_INCOMING, drop_own_unavailable, f, NULL);
  sleek_muc_room_kick_async (f->romeo_room, "juliet", "Unheard", NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_room_kick_finish (f->romeo_room, result, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (f->dropped == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_room_get_joined (f->juliet_room));
}

static void
test_joined (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (check (f), ==, SLEEK_MUC_SELF_PING_JOINED);
  g_assert_true (sleek_muc_room_get_joined (f->juliet_room));
}

/* Asked once: the room says we are out, and the room's state is left to
 * the caller. */
static void
test_kicked_check (Fixture *f, gconstpointer data)
{
  kick_unheard (f);
  g_assert_cmpint (check (f), ==, SLEEK_MUC_SELF_PING_NOT_JOINED);
  g_assert_true (sleek_muc_room_get_joined (f->juliet_room));
}

/* The periodic check finds out; without auto-rejoin the room is gone. */
static void
test_kicked_periodic (Fixture *f, gconstpointer data)
{
  SleekMuc *muc = SLEEK_MUC (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->juliet), "xep_0045"));

  g_signal_connect (f->self_ping, "not-joined", G_CALLBACK (on_not_joined), f);
  kick_unheard (f);
  sleek_muc_self_ping_set_interval (f->self_ping, 1);
  WAIT_UNTIL (f->not_joined == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_false (sleek_muc_room_get_joined (f->juliet_room));
  g_assert_null (sleek_muc_get_room (muc, sleek_muc_room_get_jid (f->juliet_room)));
}

/* With auto-rejoin, Juliet is back in the room. */
static void
test_kicked_rejoin (Fixture *f, gconstpointer data)
{
  g_signal_connect (f->self_ping, "not-joined", G_CALLBACK (on_not_joined), f);
  g_object_set (f->self_ping, "auto-rejoin", TRUE, NULL);
  kick_unheard (f);
  sleek_muc_self_ping_set_interval (f->self_ping, 1);
  WAIT_UNTIL (f->not_joined == 1, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (sleek_muc_room_get_joined (f->juliet_room), CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (sleek_muc_room_get_occupant (f->romeo_room, "juliet") != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (check (f), ==, SLEEK_MUC_SELF_PING_JOINED);
}

/* Romeo destroys the room; Juliet does not hear of it. The service
 * answers for the room that is no more. */
static void
test_destroyed (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (prosody_env_is_ejabberd ())
    {
      /* It answers a ping to an occupant of a room that is gone with
       * <item-not-found/> from the occupant's JID, which XEP-0410 reads as
       * "joined, and the nickname just changed". */
      g_test_skip ("ejabberd 23.01 answers for a destroyed room as for a nickname change");
      return;
    }
  g_signal_connect (f->self_ping, "not-joined", G_CALLBACK (on_not_joined), f);
  sleek_xml_stream_add_filter (SLEEK_XML_STREAM (f->juliet), SLEEK_FILTER_INCOMING, drop_own_unavailable, f, NULL);
  sleek_muc_room_destroy_async (f->romeo_room, "Closing", NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_room_destroy_finish (f->romeo_room, result, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (f->dropped == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_room_get_joined (f->juliet_room));

  g_assert_cmpint (check (f), ==, SLEEK_MUC_SELF_PING_NOT_JOINED);
  sleek_muc_self_ping_set_interval (f->self_ping, 1);
  WAIT_UNTIL (f->not_joined == 1, CLIENT_UTIL_TIMEOUT);
  g_assert_false (sleek_muc_room_get_joined (f->juliet_room));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/muc-self-ping/joined", test_joined);
  ADD ("/muc-self-ping/kicked-check", test_kicked_check);
  ADD ("/muc-self-ping/kicked-periodic", test_kicked_periodic);
  ADD ("/muc-self-ping/kicked-rejoin", test_kicked_rejoin);
  ADD ("/muc-self-ping/destroyed", test_destroyed);

  return g_test_run ();
}
