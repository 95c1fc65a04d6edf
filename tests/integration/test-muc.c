/* test-muc.c: XEP-0045 Multi-User Chat against Prosody's MUC component
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test creates rooms of its own, with names no other test uses, on
 * the component the harness configures (SLEEK_TEST_MUC_HOST).
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"
#include "relay.h"

#include <string.h>

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  SleekMuc *juliet_muc;
  SleekMuc *romeo_muc;
  SleekJid *room_jid;
  GString *juliet_events;
  GString *romeo_events;
} Fixture;

static SleekMuc *
enable_muc (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0045", &error));
  g_assert_no_error (error);
  return SLEEK_MUC (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0045"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *resource = client_util_resource ();

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  f->juliet_muc = enable_muc (f->juliet);
  f->romeo_muc = enable_muc (f->romeo);
  name = g_strdup_printf ("sleek-%s@%s", resource, prosody_env_require ("SLEEK_TEST_MUC_HOST"));
  f->room_jid = sleek_jid_new (name, &error);
  g_assert_no_error (error);
  f->juliet_events = g_string_new (NULL);
  f->romeo_events = g_string_new (NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  g_clear_pointer (&f->room_jid, sleek_jid_unref);
  g_string_free (f->juliet_events, TRUE);
  g_string_free (f->romeo_events, TRUE);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static SleekMucRoom *
join (SleekMuc *muc, SleekJid *room_jid, const char *nick, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_muc_join_async (muc, room_jid, nick, NULL, 0, -1, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_muc_join_finish (muc, result, error);
}

#define WAIT_ROOM(room, async_call, finish)                                            \
  G_STMT_START {                                                                      \
    g_autoptr(GAsyncResult) _result = NULL;                                           \
    g_autoptr(GError) _error = NULL;                                                  \
    async_call;                                                                       \
    client_util_wait_result (&_result, CLIENT_UTIL_TIMEOUT);                          \
    g_assert_true (finish (room, _result, &_error));                                  \
    g_assert_no_error (_error);                                                       \
  } G_STMT_END

static void
on_message (SleekMucRoom *room, const char *nick, SleekMessage *message, GString *events)
{
  g_string_append_printf (events, "message:%s:%s;", nick != NULL ? nick : "", sleek_message_get_body (message));
}

static void
on_subject (SleekMucRoom *room, const char *nick, GString *events)
{
  g_string_append_printf (events, "subject:%s:%s;", nick != NULL ? nick : "", sleek_muc_room_get_subject (room));
}

static void
on_left (SleekMucRoom *room, SleekMucOccupant *occupant, guint status, const char *reason, GString *events)
{
  g_string_append_printf (events, "left:%s:%u:%s;", sleek_muc_occupant_get_nick (occupant), status,
                          reason != NULL ? reason : "");
}

static void
on_kicked (SleekMucRoom *room, guint status, const char *actor, const char *reason, GString *events)
{
  g_string_append_printf (events, "kicked:%u:%s;", status, reason != NULL ? reason : "");
}

static void
on_destroyed (SleekMucRoom *room, SleekJid *alternate, const char *reason, GString *events)
{
  g_string_append_printf (events, "destroyed:%s;", reason != NULL ? reason : "");
}

static void
watch (SleekMucRoom *room, GString *events)
{
  g_signal_connect (room, "message", G_CALLBACK (on_message), events);
  g_signal_connect (room, "subject-changed", G_CALLBACK (on_subject), events);
  g_signal_connect (room, "occupant-left", G_CALLBACK (on_left), events);
  g_signal_connect (room, "kicked", G_CALLBACK (on_kicked), events);
  g_signal_connect (room, "destroyed", G_CALLBACK (on_destroyed), events);
}

/* Juliet creates the room and configures it through its form: open to
 * everyone, not persistent, real JIDs for moderators only. */
static SleekMucRoom *
create_room (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekMucRoom) room = join (f->juliet_muc, f->room_jid, "juliet", &error);
  g_autoptr(SleekDataForm) form = NULL;
  SleekDataFormField *members_only;

  g_assert_no_error (error);
  g_assert_true (sleek_muc_room_has_status (room, 110));
  g_assert_true (sleek_muc_room_has_status (room, 201));
  g_assert_cmpint (sleek_muc_occupant_get_affiliation (sleek_muc_room_get_self (room)), ==,
                   SLEEK_MUC_AFFILIATION_OWNER);

  sleek_muc_room_get_config_async (room, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  form = sleek_muc_room_get_config_finish (room, result, &error);
  g_assert_no_error (error);
  members_only = sleek_data_form_get_field (form, "muc#roomconfig_membersonly");
  g_assert_nonnull (members_only);
  sleek_data_form_field_set_boolean (members_only, FALSE);
  g_assert_nonnull (sleek_data_form_get_field (form, "muc#roomconfig_roomname"));
  sleek_data_form_set_field_value (form, "muc#roomconfig_roomname", "The Garden");
  WAIT_ROOM (room, sleek_muc_room_set_config_async (room, form, NULL, client_util_store_result, &_result),
             sleek_muc_room_set_config_finish);
  watch (room, f->juliet_events);
  return g_steal_pointer (&room);
}

static void
test_chat_and_kick (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) juliet_room = create_room (f);
  g_autoptr(SleekMucRoom) romeo_room = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) owners = NULL;
  SleekJid *romeo_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  SleekJid *juliet_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  SleekMucOccupant *romeo;

  romeo_room = join (f->romeo_muc, f->room_jid, "romeo", &error);
  g_assert_no_error (error);
  g_assert_false (sleek_muc_room_has_status (romeo_room, 201));
  watch (romeo_room, f->romeo_events);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (romeo_room)), ==, 2);
  g_assert_cmpint (sleek_muc_occupant_get_role (sleek_muc_room_get_occupant (romeo_room, "juliet")), ==,
                   SLEEK_MUC_ROLE_MODERATOR);

  /* Juliet, a moderator, sees Romeo's real JID. */
  WAIT_UNTIL (sleek_muc_room_get_occupant (juliet_room, "romeo") != NULL, CLIENT_UTIL_TIMEOUT);
  romeo = sleek_muc_room_get_occupant (juliet_room, "romeo");
  g_assert_nonnull (sleek_muc_occupant_get_jid (romeo));
  g_assert_true (sleek_jid_equal (sleek_muc_occupant_get_jid (romeo), romeo_jid));
  g_assert_cmpint (sleek_muc_occupant_get_role (romeo), ==, SLEEK_MUC_ROLE_PARTICIPANT);

  /* Messages both ways, each reflected to its sender. */
  sleek_muc_room_send_message (juliet_room, "Wherefore art thou?");
  WAIT_UNTIL (strstr (f->romeo_events->str, "message:juliet:Wherefore art thou?;") != NULL, CLIENT_UTIL_TIMEOUT);
  sleek_muc_room_send_message (romeo_room, "Here");
  WAIT_UNTIL (strstr (f->juliet_events->str, "message:romeo:Here;") != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (strstr (f->juliet_events->str, "message:juliet:Wherefore art thou?;"));

  /* The subject. */
  WAIT_ROOM (juliet_room, sleek_muc_room_set_subject_async (juliet_room, "Balconies", NULL,
                                                            client_util_store_result, &_result),
             sleek_muc_room_set_subject_finish);
  g_assert_cmpstr (sleek_muc_room_get_subject (juliet_room), ==, "Balconies");
  WAIT_UNTIL (g_strcmp0 (sleek_muc_room_get_subject (romeo_room), "Balconies") == 0, CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (strstr (f->romeo_events->str, "subject:juliet:Balconies;"));

  /* Romeo may not kick. */
  sleek_muc_room_kick_async (romeo_room, "juliet", NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_false (sleek_muc_room_kick_finish (romeo_room, result, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Juliet owns the room. */
  sleek_muc_room_get_affiliations_async (juliet_room, SLEEK_MUC_AFFILIATION_OWNER, NULL, client_util_store_result,
                                         &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  owners = sleek_muc_room_get_affiliations_finish (juliet_room, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (owners->len, ==, 1);
  g_assert_true (sleek_jid_equal_bare (g_ptr_array_index (owners, 0), juliet_jid));

  /* Juliet kicks Romeo. */
  WAIT_ROOM (juliet_room, sleek_muc_room_kick_async (juliet_room, "romeo", "Go home", NULL,
                                                     client_util_store_result, &_result),
             sleek_muc_room_kick_finish);
  WAIT_UNTIL (!sleek_muc_room_get_joined (romeo_room), CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (strstr (f->romeo_events->str, "kicked:307:Go home;"));
  g_assert_null (sleek_muc_get_room (f->romeo_muc, f->room_jid));
  WAIT_UNTIL (sleek_muc_room_get_occupant (juliet_room, "romeo") == NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (strstr (f->juliet_events->str, "left:romeo:307:Go home;"));

  /* Banned, he cannot come back. */
  {
    g_autoptr(SleekJid) bare = sleek_jid_to_bare (romeo_jid);
    WAIT_ROOM (juliet_room, sleek_muc_room_ban_async (juliet_room, bare, NULL, NULL, client_util_store_result,
                                                      &_result),
               sleek_muc_room_ban_finish);
  }
  g_clear_object (&romeo_room);
  romeo_room = join (f->romeo_muc, f->room_jid, "romeo", &error);
  g_assert_null (romeo_room);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_clear_error (&error);

  WAIT_ROOM (juliet_room, sleek_muc_room_leave_async (juliet_room, NULL, NULL, client_util_store_result, &_result),
             sleek_muc_room_leave_finish);
  g_assert_false (sleek_muc_room_get_joined (juliet_room));
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (juliet_room)), ==, 0);
}

static void
test_nick_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) juliet_room = create_room (f);
  g_autoptr(SleekMucRoom) romeo_room = join (f->romeo_muc, f->room_jid, "juliet", &error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_null (romeo_room);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_CONFLICT);
  g_assert_null (sleek_muc_get_room (f->romeo_muc, f->room_jid));
  g_clear_error (&error);

  /* Under his own name he gets in; then he tries to take hers. */
  romeo_room = join (f->romeo_muc, f->room_jid, "romeo", &error);
  g_assert_no_error (error);
  sleek_muc_room_change_nick_async (romeo_room, "juliet", NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_false (sleek_muc_room_change_nick_finish (romeo_room, result, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_CONFLICT);
  g_assert_cmpstr (sleek_muc_room_get_nick (romeo_room), ==, "romeo");

  /* A free nickname works, and Juliet sees the change. */
  WAIT_ROOM (romeo_room, sleek_muc_room_change_nick_async (romeo_room, "montague", NULL, client_util_store_result,
                                                           &_result),
             sleek_muc_room_change_nick_finish);
  g_assert_cmpstr (sleek_muc_room_get_nick (romeo_room), ==, "montague");
  WAIT_UNTIL (sleek_muc_room_get_occupant (juliet_room, "montague") != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_null (sleek_muc_room_get_occupant (juliet_room, "romeo"));
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (juliet_room)), ==, 2);
}

static void
test_destroy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) juliet_room = create_room (f);
  g_autoptr(SleekMucRoom) romeo_room = join (f->romeo_muc, f->room_jid, "romeo", &error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  watch (romeo_room, f->romeo_events);
  WAIT_ROOM (juliet_room, sleek_muc_room_destroy_async (juliet_room, "The play is over", NULL, NULL,
                                                        client_util_store_result, &_result),
             sleek_muc_room_destroy_finish);
  WAIT_UNTIL (!sleek_muc_room_get_joined (romeo_room), CLIENT_UTIL_TIMEOUT);
  g_assert_nonnull (strstr (f->romeo_events->str, "destroyed:The play is over;"));
  WAIT_UNTIL (!sleek_muc_room_get_joined (juliet_room), CLIENT_UTIL_TIMEOUT);
  g_assert_null (sleek_muc_get_room (f->juliet_muc, f->room_jid));

  /* Gone: asking for its form fails. */
  sleek_muc_room_get_config_async (juliet_room, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_null (sleek_muc_room_get_config_finish (juliet_room, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

/* An instant room: the empty submit form unlocks it with the defaults. */
static void
test_instant_room (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) juliet_room = join (f->juliet_muc, f->room_jid, "juliet", &error);
  g_autoptr(SleekMucRoom) romeo_room = NULL;

  g_assert_no_error (error);
  g_assert_true (sleek_muc_room_has_status (juliet_room, 201));
  WAIT_ROOM (juliet_room, sleek_muc_room_set_config_async (juliet_room, NULL, NULL, client_util_store_result,
                                                           &_result),
             sleek_muc_room_set_config_finish);
  romeo_room = join (f->romeo_muc, f->room_jid, "romeo", &error);
  g_assert_no_error (error);
  g_assert_true (sleek_muc_room_get_joined (romeo_room));
}

static void
on_invitation (SleekMuc *muc, SleekJid *room, SleekJid *inviter, const char *reason, const char *password,
               gboolean direct, GString *events)
{
  g_string_append_printf (events, "invite:%s:%s:%s:%d;", sleek_jid_to_string (room),
                          inviter != NULL ? sleek_jid_to_string (inviter) : "", reason != NULL ? reason : "", direct);
}

static void
on_declined (SleekMuc *muc, SleekJid *room, SleekJid *invitee, const char *reason, GString *events)
{
  g_string_append_printf (events, "declined:%s:%s:%s;", sleek_jid_to_string (room),
                          invitee != NULL ? sleek_jid_to_string (invitee) : "", reason != NULL ? reason : "");
}

static void
on_private (SleekMucRoom *room, const char *nick, SleekMessage *message, GString *events)
{
  g_string_append_printf (events, "private:%s:%s;", nick, sleek_message_get_body (message));
}

/* Invitations both ways, private messages and the history a newcomer
 * gets. */
static void
test_invitations_and_private (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) juliet_room = create_room (f);
  g_autoptr(SleekMucRoom) romeo_room = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SleekJid *juliet_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  SleekJid *romeo_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  /* The room names the inviter by her real JID or, as Prosody does, by
   * her occupant JID. */
  g_autofree char *mediated = g_strdup_printf ("invite:%s:%s:Through the room:0;", sleek_jid_get_bare (f->room_jid),
                                               sleek_jid_to_string (juliet_jid));
  g_autofree char *mediated_occupant = g_strdup_printf ("invite:%s:%s/juliet:Through the room:0;",
                                                        sleek_jid_get_bare (f->room_jid),
                                                        sleek_jid_get_bare (f->room_jid));
  g_autofree char *direct = g_strdup_printf ("invite:%s:%s:Straight:1;", sleek_jid_get_bare (f->room_jid),
                                             sleek_jid_to_string (juliet_jid));
  g_autofree char *declined = g_strdup_printf ("declined:%s:%s:Later;", sleek_jid_get_bare (f->room_jid),
                                               sleek_jid_to_string (romeo_jid));

  g_signal_connect (f->romeo_muc, "invitation-received", G_CALLBACK (on_invitation), f->romeo_events);
  g_signal_connect (f->juliet_muc, "invitation-declined", G_CALLBACK (on_declined), f->juliet_events);

  sleek_muc_room_send_message (juliet_room, "Before you came");
  WAIT_UNTIL (strstr (f->juliet_events->str, "message:juliet:Before you came;") != NULL, CLIENT_UTIL_TIMEOUT);

  sleek_muc_room_invite (juliet_room, romeo_jid, "Through the room");
  WAIT_UNTIL (strstr (f->romeo_events->str, mediated) != NULL || strstr (f->romeo_events->str, mediated_occupant) != NULL,
              CLIENT_UTIL_TIMEOUT);
  /* To her full JID: she sent no initial presence, so her bare JID does
   * not reach her client. */
  sleek_muc_decline (f->romeo_muc, f->room_jid, juliet_jid, "Later");
  WAIT_UNTIL (strstr (f->juliet_events->str, declined) != NULL, CLIENT_UTIL_TIMEOUT);

  sleek_muc_invite (f->juliet_muc, romeo_jid, f->room_jid, NULL, "Straight");
  WAIT_UNTIL (strstr (f->romeo_events->str, direct) != NULL, CLIENT_UTIL_TIMEOUT);

  /* Romeo comes in, asking for the last message: the history has it. */
  sleek_muc_join_async (f->romeo_muc, f->room_jid, "romeo", NULL, 1, -1, NULL, NULL, client_util_store_result,
                        &result);
  romeo_room = sleek_muc_get_room (f->romeo_muc, f->room_jid);
  g_assert_nonnull (romeo_room);
  g_object_ref (romeo_room);
  watch (romeo_room, f->romeo_events);
  g_signal_connect (romeo_room, "private-message", G_CALLBACK (on_private), f->romeo_events);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_join_finish (f->romeo_muc, result, &error) == romeo_room);
  g_object_unref (romeo_room);
  g_assert_no_error (error);
  WAIT_UNTIL (strstr (f->romeo_events->str, "message:juliet:Before you came;") != NULL, CLIENT_UTIL_TIMEOUT);

  g_signal_connect (juliet_room, "private-message", G_CALLBACK (on_private), f->juliet_events);
  sleek_muc_room_send_private_message (juliet_room, "romeo", "Only for you");
  WAIT_UNTIL (strstr (f->romeo_events->str, "private:juliet:Only for you;") != NULL, CLIENT_UTIL_TIMEOUT);
  sleek_muc_room_send_private_message (romeo_room, "juliet", "And you");
  WAIT_UNTIL (strstr (f->juliet_events->str, "private:romeo:And you;") != NULL, CLIENT_UTIL_TIMEOUT);
  /* Private means private: nothing of it reached the room. */
  g_assert_null (strstr (f->juliet_events->str, "message:juliet:Only for you;"));
}

static void
count_sessions (SleekBaseXmpp *xmpp, guint *sessions)
{
  (*sessions)++;
}

/* Romeo, through a relay that cuts his connection, comes back into the
 * room by himself once his client has a new session. */
static void
test_rejoin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) juliet_room = create_room (f);
  g_autoptr(SleekMucRoom) romeo_room = NULL;
  Relay *relay = relay_new (prosody_env_port ("SLEEK_TEST_C2S_PORT"));
  g_autoptr(SleekClientXmpp) client = client_util_new ("romeo");
  SleekMuc *muc;
  guint sessions = 0;

  g_object_set (client, "server-host", "127.0.0.1", "server-port", (guint) relay_get_port (relay),
                "auto-reconnect", TRUE, NULL);
  g_signal_connect (client, "session-start", G_CALLBACK (count_sessions), &sessions);
  muc = enable_muc (client);
  g_assert_true (client_util_login (client, &error));
  g_assert_no_error (error);
  romeo_room = join (muc, f->room_jid, "romeo", &error);
  g_assert_no_error (error);
  watch (romeo_room, f->romeo_events);
  WAIT_UNTIL (sleek_muc_room_get_occupant (juliet_room, "romeo") != NULL, CLIENT_UTIL_TIMEOUT);

  relay_cut (relay);
  WAIT_UNTIL (!sleek_muc_room_get_joined (romeo_room), CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_muc_get_room (muc, f->room_jid) == romeo_room);
  WAIT_UNTIL (sessions == 2, CLIENT_UTIL_TIMEOUT);
  WAIT_UNTIL (sleek_muc_room_get_joined (romeo_room), CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (sleek_muc_room_get_nick (romeo_room), ==, "romeo");
  g_assert_nonnull (sleek_muc_room_get_occupant (romeo_room, "juliet"));

  sleek_muc_room_send_message (juliet_room, "Welcome back");
  WAIT_UNTIL (strstr (f->romeo_events->str, "message:juliet:Welcome back;") != NULL, CLIENT_UTIL_TIMEOUT);

  g_object_set (client, "auto-reconnect", FALSE, NULL);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&romeo_room);
  g_clear_object (&client);
  relay_free (relay);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/muc/chat-and-kick", test_chat_and_kick);
  ADD ("/muc/nick-conflict", test_nick_conflict);
  ADD ("/muc/destroy", test_destroy);
  ADD ("/muc/instant-room", test_instant_room);
  ADD ("/muc/invitations-and-private", test_invitations_and_private);
  ADD ("/muc/rejoin", test_rejoin);

  return g_test_run ();
}
