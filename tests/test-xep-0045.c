/* test-xep-0045.c: SleekMuc, XEP-0045 Multi-User Chat
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define ROOM "garden@chat.example.com"
#define MUC_NS "http://jabber.org/protocol/muc"
#define USER_NS "http://jabber.org/protocol/muc#user"
#define ADMIN_NS "http://jabber.org/protocol/muc#admin"
#define OWNER_NS "http://jabber.org/protocol/muc#owner"

typedef struct {
  PluginFixture base;
  SleekMuc *muc;
  gboolean done;
  GObject *result_object;
  gboolean result;
  GPtrArray *jids;
  GError *error;
  GString *events;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0045", &error));
  g_assert_no_error (error);
  f->muc = SLEEK_MUC (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0045"));
  f->events = g_string_new (NULL);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->result = FALSE;
  g_clear_object (&f->result_object);
  g_clear_pointer (&f->jids, g_ptr_array_unref);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  reset (f);
  pt_teardown (&f->base, data);
  g_string_free (f->events, TRUE);
}

static void
on_joined (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->result_object = G_OBJECT (sleek_muc_join_finish (SLEEK_MUC (source), result, &f->error));
  f->done = TRUE;
}

static void
on_bool (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;
  GTask *task = G_TASK (result);

  reset (f);
  f->result = g_task_propagate_boolean (task, &f->error);
  f->done = TRUE;
}

static void
on_config (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->result_object = G_OBJECT (sleek_muc_room_get_config_finish (SLEEK_MUC_ROOM (source), result, &f->error));
  f->done = TRUE;
}

static void
on_affiliations (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->jids = sleek_muc_room_get_affiliations_finish (SLEEK_MUC_ROOM (source), result, &f->error);
  f->done = TRUE;
}

/* Waits for the callback, and gets ready for the next one. */
static void
wait_done (Fixture *f)
{
  pt_wait_for (&f->base, &f->done);
  f->done = FALSE;
}

/* Event log */

static void
on_occupant_joined (SleekMucRoom *room, SleekMucOccupant *occupant, Fixture *f)
{
  g_string_append_printf (f->events, "joined:%s;", sleek_muc_occupant_get_nick (occupant));
}

static void
on_occupant_left (SleekMucRoom *room, SleekMucOccupant *occupant, guint status, const char *reason, Fixture *f)
{
  g_string_append_printf (f->events, "left:%s:%u:%s;", sleek_muc_occupant_get_nick (occupant), status,
                          reason != NULL ? reason : "");
}

static void
on_occupant_renamed (SleekMucRoom *room, SleekMucOccupant *occupant, const char *old_nick, Fixture *f)
{
  g_string_append_printf (f->events, "renamed:%s>%s;", old_nick, sleek_muc_occupant_get_nick (occupant));
}

static void
on_message (SleekMucRoom *room, const char *nick, SleekMessage *message, Fixture *f)
{
  g_string_append_printf (f->events, "message:%s:%s;", nick != NULL ? nick : "", sleek_message_get_body (message));
}

static void
on_private_message (SleekMucRoom *room, const char *nick, SleekMessage *message, Fixture *f)
{
  g_string_append_printf (f->events, "private:%s:%s;", nick, sleek_message_get_body (message));
}

static void
on_subject_changed (SleekMucRoom *room, const char *nick, Fixture *f)
{
  g_string_append_printf (f->events, "subject:%s:%s;", nick != NULL ? nick : "", sleek_muc_room_get_subject (room));
}

static void
on_kicked (SleekMucRoom *room, guint status, const char *actor, const char *reason, Fixture *f)
{
  g_string_append_printf (f->events, "kicked:%u:%s:%s;", status, actor != NULL ? actor : "",
                          reason != NULL ? reason : "");
}

static void
on_destroyed (SleekMucRoom *room, SleekJid *alternate, const char *reason, Fixture *f)
{
  g_string_append_printf (f->events, "destroyed:%s:%s;", alternate != NULL ? sleek_jid_to_string (alternate) : "",
                          reason != NULL ? reason : "");
}

static void
watch (Fixture *f, SleekMucRoom *room)
{
  g_signal_connect (room, "occupant-joined", G_CALLBACK (on_occupant_joined), f);
  g_signal_connect (room, "occupant-left", G_CALLBACK (on_occupant_left), f);
  g_signal_connect (room, "occupant-renamed", G_CALLBACK (on_occupant_renamed), f);
  g_signal_connect (room, "message", G_CALLBACK (on_message), f);
  g_signal_connect (room, "private-message", G_CALLBACK (on_private_message), f);
  g_signal_connect (room, "subject-changed", G_CALLBACK (on_subject_changed), f);
  g_signal_connect (room, "kicked", G_CALLBACK (on_kicked), f);
  g_signal_connect (room, "destroyed", G_CALLBACK (on_destroyed), f);
}

static const char *
events (Fixture *f)
{
  return f->events->str;
}

/* Joins as "juliet", with romeo already there, and returns the room. */
static SleekMucRoom *
join (Fixture *f, const char *self_codes)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autofree char *self = NULL;
  SleekMucRoom *room;

  sleek_muc_join_async (f->muc, room_jid, "juliet", NULL, -1, -1, NULL, NULL, on_joined, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'/></presence>");
  room = sleek_muc_get_room (f->muc, room_jid);
  g_assert_nonnull (room);
  g_assert_false (sleek_muc_room_get_joined (room));
  watch (f, room);
  pt_recv (&f->base, "<presence from='" ROOM "/romeo' to='" OWN_JID "'><x xmlns='" USER_NS "'>"
                     "<item affiliation='member' role='participant' jid='romeo@example.net/orchard'/></x></presence>");
  self = g_strdup_printf ("<presence from='" ROOM "/juliet' to='" OWN_JID "'><x xmlns='" USER_NS "'>"
                          "<item affiliation='owner' role='moderator'/><status code='110'/>%s</x></presence>",
                          self_codes);
  pt_recv (&f->base, self);
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result_object == G_OBJECT (room));
  g_assert_true (sleek_muc_room_get_joined (room));
  g_assert_cmpstr (sleek_muc_room_get_nick (room), ==, "juliet");
  g_string_truncate (f->events, 0);
  return room;
}

static void
test_join (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "<status code='100'/>");
  GListModel *occupants = sleek_muc_room_get_occupants (room);
  g_autoptr(SleekMucOccupant) first = g_list_model_get_item (occupants, 0);
  SleekMucOccupant *self = sleek_muc_room_get_self (room);
  g_autoptr(GPtrArray) rooms = sleek_muc_list_rooms (f->muc);

  g_assert_cmpuint (g_list_model_get_n_items (occupants), ==, 2);
  g_assert_cmpstr (sleek_muc_occupant_get_nick (first), ==, "romeo");
  g_assert_cmpint (sleek_muc_occupant_get_role (first), ==, SLEEK_MUC_ROLE_PARTICIPANT);
  g_assert_cmpint (sleek_muc_occupant_get_affiliation (first), ==, SLEEK_MUC_AFFILIATION_MEMBER);
  g_assert_cmpstr (sleek_jid_to_string (sleek_muc_occupant_get_jid (first)), ==, "romeo@example.net/orchard");
  g_assert_true (sleek_muc_room_get_occupant (room, "romeo") == first);
  g_assert_nonnull (self);
  g_assert_cmpstr (sleek_muc_occupant_get_nick (self), ==, "juliet");
  g_assert_cmpint (sleek_muc_occupant_get_role (self), ==, SLEEK_MUC_ROLE_MODERATOR);
  g_assert_cmpint (sleek_muc_occupant_get_affiliation (self), ==, SLEEK_MUC_AFFILIATION_OWNER);
  g_assert_null (sleek_muc_occupant_get_jid (self));
  g_assert_true (sleek_muc_room_has_status (room, 110));
  g_assert_true (sleek_muc_room_has_status (room, 100));
  g_assert_false (sleek_muc_room_has_status (room, 201));
  g_assert_cmpuint (rooms->len, ==, 1);
  g_assert_true (g_ptr_array_index (rooms, 0) == room);
}

static void
test_join_history_password (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);

  sleek_muc_join_async (f->muc, room_jid, "juliet", "secret", 20, 600, since, NULL, on_joined, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'><password>secret</password>"
                            "<history maxstanzas='20' seconds='600' since='2026-01-02T03:04:05Z'/></x></presence>");
  /* The room changes our nickname (210): the self-presence says 110. */
  pt_recv (&f->base, "<presence from='" ROOM "/Juliet'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='participant'/><status code='110'/><status code='210'/></x>"
                     "</presence>");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_cmpstr (sleek_muc_room_get_nick (SLEEK_MUC_ROOM (f->result_object)), ==, "Juliet");
  g_assert_true (sleek_muc_room_has_status (SLEEK_MUC_ROOM (f->result_object), 210));

  /* A second join of the same room is refused at once. */
  sleek_muc_join_async (f->muc, room_jid, "nurse", NULL, -1, -1, NULL, NULL, on_joined, f);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  pt_expect_silence (&f->base);
}

static void
check_join_error (Fixture *f, const char *condition, const char *type, int code)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autofree char *answer = g_strdup_printf ("<presence from='" ROOM "/juliet' type='error'>"
                                             "<x xmlns='" MUC_NS "'/><error type='%s'><%s xmlns='" NS_STANZAS "'/>"
                                             "</error></presence>", type, condition);

  reset (f);
  sleek_muc_join_async (f->muc, room_jid, "juliet", NULL, -1, -1, NULL, NULL, on_joined, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'/></presence>");
  pt_recv (&f->base, answer);
  wait_done (f);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, code);
  g_assert_null (f->result_object);
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));
}

static void
test_join_errors (Fixture *f, gconstpointer data)
{
  check_join_error (f, "conflict", "cancel", SLEEK_STANZA_ERROR_CONFLICT);
  check_join_error (f, "not-authorized", "auth", SLEEK_STANZA_ERROR_NOT_AUTHORIZED);
  check_join_error (f, "forbidden", "auth", SLEEK_STANZA_ERROR_FORBIDDEN);
  check_join_error (f, "registration-required", "auth", SLEEK_STANZA_ERROR_REGISTRATION_REQUIRED);
  check_join_error (f, "service-unavailable", "wait", SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  check_join_error (f, "item-not-found", "cancel", SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

/* Garbage from the room does not disturb the join, nor crash. */
static void
test_join_bad_input (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);

  sleek_muc_join_async (f->muc, room_jid, "juliet", NULL, -1, -1, NULL, NULL, on_joined, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'/></presence>");
  pt_recv (&f->base, "<presence from='" ROOM "'/>");
  pt_recv (&f->base, "<presence from='" ROOM "/nurse'><x xmlns='" USER_NS "'><item role='king' affiliation='x'/>"
                     "<status code='abc'/><status/></x></presence>");
  pt_recv (&f->base, "<presence from='" ROOM "/ghost' type='unavailable'/>");
  pt_recv (&f->base, "<message from='" ROOM "' type='groupchat'/>");
  pt_recv (&f->base, "<message from='" ROOM "'><x xmlns='" USER_NS "'><invite/></x></message>");
  pt_recv (&f->base, "<message from='romeo@example.net'><x xmlns='jabber:x:conference'/></message>");
  pt_recv (&f->base, "<presence from='" ROOM "/juliet'><x xmlns='" USER_NS "'><status code='110'/></x></presence>");
  wait_done (f);
  g_assert_no_error (f->error);
  {
    SleekMucOccupant *nurse = sleek_muc_room_get_occupant (SLEEK_MUC_ROOM (f->result_object), "nurse");

    g_assert_nonnull (nurse);
    g_assert_cmpint (sleek_muc_occupant_get_role (nurse), ==, SLEEK_MUC_ROLE_NONE);
    g_assert_cmpint (sleek_muc_occupant_get_affiliation (nurse), ==, SLEEK_MUC_AFFILIATION_NONE);
  }
}

static void
test_join_cancelled_by_disconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);

  sleek_muc_join_async (f->muc, room_jid, "juliet", NULL, -1, -1, NULL, NULL, on_joined, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'/></presence>");
  g_signal_emit_by_name (f->base.xmpp, "session-end");
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SleekMucRoom *room;

  /* A join the room does not answer: we go back out. */
  sleek_muc_join_async (f->muc, room_jid, "juliet", NULL, -1, -1, NULL, cancellable, on_joined, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'/></presence>");
  g_cancellable_cancel (cancellable);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet' type='unavailable'/>");
  /* The answer that comes anyway is nobody's. */
  pt_recv (&f->base, "<presence from='" ROOM "/juliet'><x xmlns='" USER_NS "'><status code='110'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));

  /* A nickname change and a subject the room does not answer. */
  room = join (f, "");
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  sleek_muc_room_change_nick_async (room, "capulet", cancellable, on_bool, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/capulet'/>");
  g_cancellable_cancel (cancellable);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (sleek_muc_room_get_nick (room), ==, "juliet");

  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  sleek_muc_room_set_subject_async (room, "Love", cancellable, on_bool, f);
  g_free (pt_expect_send_any_id (&f->base, "<message to='" ROOM "' type='groupchat' id='%s'>"
                                           "<subject>Love</subject></message>"));
  g_cancellable_cancel (cancellable);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* A leave given up on: the room's answer still takes us out, quietly. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_object_ref (room);
  sleek_muc_room_leave_async (room, NULL, cancellable, on_bool, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet' type='unavailable'/>");
  g_cancellable_cancel (cancellable);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<status code='110'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_false (sleek_muc_room_get_joined (room));
  g_assert_cmpstr (events (f), ==, "");
  g_object_unref (room);
}

static void
test_occupants (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "");
  GListModel *occupants = sleek_muc_room_get_occupants (room);
  SleekMucOccupant *nurse;

  pt_recv (&f->base, "<presence from='" ROOM "/nurse'><show>away</show><status>busy</status>"
                     "<x xmlns='" USER_NS "'><item affiliation='none' role='visitor'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "joined:nurse;");
  g_assert_cmpuint (g_list_model_get_n_items (occupants), ==, 3);
  nurse = sleek_muc_room_get_occupant (room, "nurse");
  g_assert_cmpstr (sleek_muc_occupant_get_show (nurse), ==, "away");
  g_assert_cmpstr (sleek_muc_occupant_get_status (nurse), ==, "busy");
  g_assert_cmpint (sleek_muc_occupant_get_role (nurse), ==, SLEEK_MUC_ROLE_VISITOR);

  /* Voice granted: the same occupant changes. */
  pt_recv (&f->base, "<presence from='" ROOM "/nurse'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='participant'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_true (sleek_muc_room_get_occupant (room, "nurse") == nurse);
  g_assert_cmpint (sleek_muc_occupant_get_role (nurse), ==, SLEEK_MUC_ROLE_PARTICIPANT);
  g_assert_null (sleek_muc_occupant_get_show (nurse));

  /* Nick change: 303, then the new nick's presence. */
  g_string_truncate (f->events, 0);
  pt_recv (&f->base, "<presence from='" ROOM "/nurse' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='participant' nick='angelica'/><status code='303'/></x>"
                     "</presence>");
  pt_recv (&f->base, "<presence from='" ROOM "/angelica'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='participant'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "renamed:nurse>angelica;");
  g_assert_null (sleek_muc_room_get_occupant (room, "nurse"));
  g_assert_true (sleek_muc_room_get_occupant (room, "angelica") == nurse);
  g_assert_cmpuint (g_list_model_get_n_items (occupants), ==, 3);

  /* Leaving, kicked, banned. */
  g_string_truncate (f->events, 0);
  pt_recv (&f->base, "<presence from='" ROOM "/angelica' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='none'/></x></presence>");
  pt_recv (&f->base, "<presence from='" ROOM "/romeo' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='member' role='none'><reason>noisy</reason></item><status code='307'/></x>"
                     "</presence>");
  pt_recv (&f->base, "<presence from='" ROOM "/tybalt'><x xmlns='" USER_NS "'><item role='participant'/></x>"
                     "</presence>");
  pt_recv (&f->base, "<presence from='" ROOM "/tybalt' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='outcast' role='none'/><status code='301'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "left:angelica:0:;left:romeo:307:noisy;joined:tybalt;left:tybalt:301:;");
  g_assert_cmpuint (g_list_model_get_n_items (occupants), ==, 1);
}

static void
test_messages (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "");

  sleek_muc_room_send_message (room, "Hello");
  pt_expect_send (&f->base, "<message to='" ROOM "' type='groupchat'><body>Hello</body></message>");
  sleek_muc_room_send_private_message (room, "romeo", "Psst");
  pt_expect_send (&f->base, "<message to='" ROOM "/romeo' type='chat'><body>Psst</body>"
                            "<x xmlns='" USER_NS "'/></message>");

  pt_recv (&f->base, "<message from='" ROOM "/juliet' type='groupchat'><body>Hello</body></message>");
  pt_recv (&f->base, "<message from='" ROOM "/romeo' type='chat'><body>Psst back</body>"
                     "<x xmlns='" USER_NS "'/></message>");
  pt_recv (&f->base, "<message from='" ROOM "' type='groupchat'><body>Room notice</body></message>");
  pt_recv (&f->base, "<message from='" ROOM "/romeo' type='groupchat'><subject>Balconies</subject></message>");
  /* Another room's messages are not ours. */
  pt_recv (&f->base, "<message from='other@chat.example.com/romeo' type='groupchat'><body>x</body></message>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "message:juliet:Hello;private:romeo:Psst back;message::Room notice;"
                                   "subject:romeo:Balconies;");
  g_assert_cmpstr (sleek_muc_room_get_subject (room), ==, "Balconies");
}

static void
test_subject (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_muc_room_set_subject_async (room, "Love", NULL, on_bool, f);
  id = pt_expect_send_any_id (&f->base, "<message to='" ROOM "' type='groupchat' id='%s'><subject>Love</subject>"
                                        "</message>");
  answer = g_strdup_printf ("<message from='" ROOM "/juliet' type='groupchat' id='%s'><subject>Love</subject>"
                            "</message>", id);
  pt_recv (&f->base, answer);
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
  g_assert_cmpstr (sleek_muc_room_get_subject (room), ==, "Love");
  g_assert_cmpstr (events (f), ==, "subject:juliet:Love;");

  /* Refused. */
  sleek_muc_room_set_subject_async (room, "Hate", NULL, on_bool, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<message to='" ROOM "' type='groupchat' id='%s'><subject>Hate</subject>"
                                        "</message>");
  g_free (answer);
  answer = g_strdup_printf ("<message from='" ROOM "' type='error' id='%s'><subject>Hate</subject>"
                            "<error type='auth'><forbidden xmlns='" NS_STANZAS "'/></error></message>", id);
  pt_recv (&f->base, answer);
  wait_done (f);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_assert_cmpstr (sleek_muc_room_get_subject (room), ==, "Love");
}

static void
test_change_nick (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "");
  SleekMucOccupant *self = sleek_muc_room_get_self (room);

  sleek_muc_room_change_nick_async (room, "romeo", NULL, on_bool, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/romeo'/>");
  pt_recv (&f->base, "<presence from='" ROOM "/romeo' type='error'><error type='cancel'>"
                     "<conflict xmlns='" NS_STANZAS "'/></error></presence>");
  wait_done (f);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_CONFLICT);
  g_assert_cmpstr (sleek_muc_room_get_nick (room), ==, "juliet");
  g_assert_true (sleek_muc_room_get_joined (room));

  sleek_muc_room_change_nick_async (room, "capulet", NULL, on_bool, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/capulet'/>");
  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='owner' role='moderator' nick='capulet'/><status code='303'/>"
                     "<status code='110'/></x></presence>");
  wait_done (f);
  g_assert_no_error (f->error);
  pt_recv (&f->base, "<presence from='" ROOM "/capulet'><x xmlns='" USER_NS "'>"
                     "<item affiliation='owner' role='moderator'/><status code='110'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (sleek_muc_room_get_nick (room), ==, "capulet");
  g_assert_true (sleek_muc_room_get_self (room) == self);
  g_assert_cmpstr (sleek_muc_occupant_get_nick (self), ==, "capulet");
  g_assert_cmpstr (events (f), ==, "renamed:juliet>capulet;");
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (room)), ==, 2);
}

static void
test_leave (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));

  sleek_muc_room_leave_async (room, "Good night", NULL, on_bool, f);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet' type='unavailable'><status>Good night</status>"
                            "</presence>");
  g_assert_true (sleek_muc_get_room (f->muc, room_jid) == room);
  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='owner' role='none'/><status code='110'/></x></presence>");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_false (sleek_muc_room_get_joined (room));
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (room)), ==, 0);
  g_assert_cmpstr (events (f), ==, "");

  /* Out of the room, requests fail at once. */
  sleek_muc_room_kick_async (room, "romeo", NULL, NULL, on_bool, f);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

static void
test_kicked (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));

  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='none'><actor nick='romeo'/><reason>Be gone</reason></item>"
                     "<status code='307'/><status code='110'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "kicked:307:romeo:Be gone;");
  g_assert_false (sleek_muc_room_get_joined (room));
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));
  g_assert_true (sleek_muc_room_has_status (room, 307));
}

static void
test_banned (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));

  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='outcast' role='none'/><status code='301'/><status code='110'/></x>"
                     "</presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "kicked:301::;");
}

static void
test_destroyed (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));

  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='none'/><destroy jid='orchard@chat.example.com'>"
                     "<reason>Moving</reason></destroy><status code='110'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "destroyed:orchard@chat.example.com:Moving;");
  g_assert_false (sleek_muc_room_get_joined (room));
}

static char *
expect_iq (Fixture *f, const char *type, const char *payload)
{
  g_autofree char *format = g_strdup_printf ("<iq type='%s' id='%%s' to='" ROOM "'>%s</iq>", type, payload);

  return pt_expect_send_any_id (&f->base, format);
}

static void
answer_iq (Fixture *f, const char *id, const char *payload)
{
  g_autofree char *answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROOM "'>%s</iq>", id,
                                             payload != NULL ? payload : "");

  pt_recv (&f->base, answer);
}

static void
test_moderation (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "");
  g_autoptr(SleekJid) romeo = pt_jid ("romeo@example.net/orchard");
  g_autofree char *id = NULL;
  g_autofree char *error = NULL;

  sleek_muc_room_kick_async (room, "romeo", "Too loud", NULL, on_bool, f);
  id = expect_iq (f, "set", "<query xmlns='" ADMIN_NS "'><item nick='romeo' role='none'><reason>Too loud</reason>"
                            "</item></query>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);

  sleek_muc_room_ban_async (room, romeo, NULL, NULL, on_bool, f);
  g_free (id);
  id = expect_iq (f, "set", "<query xmlns='" ADMIN_NS "'><item jid='romeo@example.net' affiliation='outcast'/>"
                            "</query>");
  error = g_strdup_printf ("<iq type='error' id='%s' from='" ROOM "'><error type='cancel'>"
                           "<not-allowed xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, error);
  wait_done (f);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);

  sleek_muc_room_set_role_async (room, "romeo", SLEEK_MUC_ROLE_MODERATOR, NULL, NULL, on_bool, f);
  g_free (id);
  id = expect_iq (f, "set", "<query xmlns='" ADMIN_NS "'><item nick='romeo' role='moderator'/></query>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_true (f->result);

  sleek_muc_room_set_affiliation_async (room, romeo, SLEEK_MUC_AFFILIATION_MEMBER, "Welcome", NULL, on_bool, f);
  g_free (id);
  id = expect_iq (f, "set", "<query xmlns='" ADMIN_NS "'><item jid='romeo@example.net' affiliation='member'>"
                            "<reason>Welcome</reason></item></query>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_true (f->result);

  sleek_muc_room_get_affiliations_async (room, SLEEK_MUC_AFFILIATION_MEMBER, NULL, on_affiliations, f);
  g_free (id);
  id = expect_iq (f, "get", "<query xmlns='" ADMIN_NS "'><item affiliation='member'/></query>");
  answer_iq (f, id, "<query xmlns='" ADMIN_NS "'><item affiliation='member' jid='romeo@example.net' nick='romeo'/>"
                    "<item affiliation='member' jid='nurse@example.com'/><item affiliation='member'/>"
                    "<item jid='@@bad'/></query>");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->jids->len, ==, 2);
  g_assert_cmpstr (sleek_jid_to_string (g_ptr_array_index (f->jids, 0)), ==, "romeo@example.net");
  g_assert_cmpstr (sleek_jid_to_string (g_ptr_array_index (f->jids, 1)), ==, "nurse@example.com");

  /* An answer without the list is an error. */
  sleek_muc_room_get_affiliations_async (room, SLEEK_MUC_AFFILIATION_OUTCAST, NULL, on_affiliations, f);
  g_free (id);
  id = expect_iq (f, "get", "<query xmlns='" ADMIN_NS "'><item affiliation='outcast'/></query>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_create_instant (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "<status code='201'/>");
  g_autofree char *id = NULL;

  g_assert_true (sleek_muc_room_has_status (room, 201));
  sleek_muc_room_set_config_async (room, NULL, NULL, on_bool, f);
  id = expect_iq (f, "set", "<query xmlns='" OWNER_NS "'><x xmlns='jabber:x:data' type='submit'/></query>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->result);
}

static void
test_config (Fixture *f, gconstpointer data)
{
  SleekMucRoom *room = join (f, "<status code='201'/>");
  g_autofree char *id = NULL;
  SleekDataForm *form;

  sleek_muc_room_get_config_async (room, NULL, on_config, f);
  id = expect_iq (f, "get", "<query xmlns='" OWNER_NS "'/>");
  answer_iq (f, id, "<query xmlns='" OWNER_NS "'><x xmlns='jabber:x:data' type='form'><title>Configuration</title>"
                    "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value>"
                    "</field><field var='muc#roomconfig_roomname' type='text-single'><value/></field>"
                    "<field var='muc#roomconfig_membersonly' type='boolean'><value>1</value></field></x></query>");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (SLEEK_IS_DATA_FORM (f->result_object));
  form = SLEEK_DATA_FORM (g_object_ref (f->result_object));
  g_assert_cmpstr (sleek_data_form_get_title (form), ==, "Configuration");
  sleek_data_form_set_field_value (form, "muc#roomconfig_roomname", "The Garden");
  sleek_data_form_field_set_boolean (sleek_data_form_get_field (form, "muc#roomconfig_membersonly"), FALSE);

  sleek_muc_room_set_config_async (room, form, NULL, on_bool, f);
  g_object_unref (form);
  g_free (id);
  id = expect_iq (f, "set", "<query xmlns='" OWNER_NS "'><x xmlns='jabber:x:data' type='submit'>"
                            "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                            "<field var='muc#roomconfig_roomname'><value>The Garden</value></field>"
                            "<field var='muc#roomconfig_membersonly'><value>0</value></field></x></query>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_no_error (f->error);

  /* No form in the answer. */
  sleek_muc_room_get_config_async (room, NULL, on_config, f);
  g_free (id);
  id = expect_iq (f, "get", "<query xmlns='" OWNER_NS "'/>");
  answer_iq (f, id, "<query xmlns='" OWNER_NS "'/>");
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_destroy (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));
  g_autoptr(SleekJid) alternate = pt_jid ("orchard@chat.example.com");
  g_autofree char *id = NULL;

  sleek_muc_room_destroy_async (room, "Moving", alternate, NULL, on_bool, f);
  id = expect_iq (f, "set", "<query xmlns='" OWNER_NS "'><destroy jid='orchard@chat.example.com'>"
                            "<reason>Moving</reason></destroy></query>");
  pt_recv (&f->base, "<presence from='" ROOM "/juliet' type='unavailable'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='none'/><destroy jid='orchard@chat.example.com'>"
                     "<reason>Moving</reason></destroy><status code='110'/></x></presence>");
  answer_iq (f, id, NULL);
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_cmpstr (events (f), ==, "destroyed:orchard@chat.example.com:Moving;");
}

static void
on_invitation (SleekMuc *muc, SleekJid *room, SleekJid *inviter, const char *reason, const char *password,
               gboolean direct, Fixture *f)
{
  g_string_append_printf (f->events, "invite:%s:%s:%s:%s:%d;", sleek_jid_to_string (room),
                          inviter != NULL ? sleek_jid_to_string (inviter) : "", reason != NULL ? reason : "",
                          password != NULL ? password : "", direct);
}

static void
on_declined (SleekMuc *muc, SleekJid *room, SleekJid *invitee, const char *reason, Fixture *f)
{
  g_string_append_printf (f->events, "declined:%s:%s:%s;", sleek_jid_to_string (room),
                          invitee != NULL ? sleek_jid_to_string (invitee) : "", reason != NULL ? reason : "");
}

static void
test_invitations (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid ("romeo@example.net");
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  SleekMucRoom *room;

  g_signal_connect (f->muc, "invitation-received", G_CALLBACK (on_invitation), f);
  g_signal_connect (f->muc, "invitation-declined", G_CALLBACK (on_declined), f);

  sleek_muc_invite (f->muc, romeo, room_jid, "pw", "Come");
  pt_expect_send (&f->base, "<message to='romeo@example.net'><x xmlns='jabber:x:conference' jid='" ROOM "' "
                            "password='pw' reason='Come'/></message>");
  sleek_muc_decline (f->muc, room_jid, romeo, "Busy");
  pt_expect_send (&f->base, "<message to='" ROOM "'><x xmlns='" USER_NS "'><decline to='romeo@example.net'>"
                            "<reason>Busy</reason></decline></x></message>");

  pt_recv (&f->base, "<message from='romeo@example.net/orchard' to='" OWN_JID "'>"
                     "<x xmlns='jabber:x:conference' jid='" ROOM "' reason='Hi'/></message>");
  pt_recv (&f->base, "<message from='" ROOM "' to='" OWN_JID "'><x xmlns='" USER_NS "'>"
                     "<invite from='romeo@example.net/orchard'><reason>Join us</reason></invite>"
                     "<password>pw</password></x><x xmlns='jabber:x:conference' jid='" ROOM "'/></message>");
  pt_recv (&f->base, "<message from='" ROOM "' to='" OWN_JID "'><x xmlns='" USER_NS "'>"
                     "<decline from='nurse@example.com'><reason>No</reason></decline></x></message>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "invite:" ROOM ":romeo@example.net/orchard:Hi::1;"
                                   "invite:" ROOM ":romeo@example.net/orchard:Join us:pw:0;"
                                   "declined:" ROOM ":nurse@example.com:No;");

  g_string_truncate (f->events, 0);
  room = join (f, "");
  sleek_muc_room_invite (room, romeo, "Please");
  pt_expect_send (&f->base, "<message to='" ROOM "'><x xmlns='" USER_NS "'><invite to='romeo@example.net'>"
                            "<reason>Please</reason></invite></x></message>");
}

static void
test_rejoin (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));
  g_autofree char *sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = NULL;
  SleekNode *history;

  pt_recv (&f->base, "<message from='" ROOM "/romeo' type='groupchat'><body>Hi</body></message>");
  pt_expect_silence (&f->base);
  g_signal_emit_by_name (f->base.xmpp, "session-end");
  g_assert_false (sleek_muc_room_get_joined (room));
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (room)), ==, 0);
  g_assert_true (sleek_muc_get_room (f->muc, room_jid) == room);

  g_signal_emit_by_name (f->base.xmpp, "session-start");
  node = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_node_is (node, "presence", NULL));
  g_assert_cmpstr (sleek_node_get_attribute (node, "to"), ==, ROOM "/juliet");
  history = sleek_node_find (node, "{" MUC_NS "}x/history");
  g_assert_nonnull (history);
  g_assert_nonnull (sleek_node_get_attribute (history, "since"));
  g_assert_null (sleek_node_get_attribute (history, "maxstanzas"));

  pt_recv (&f->base, "<presence from='" ROOM "/juliet'><x xmlns='" USER_NS "'>"
                     "<item affiliation='owner' role='moderator'/><status code='110'/></x></presence>");
  pt_expect_silence (&f->base);
  g_assert_true (sleek_muc_room_get_joined (room));
  g_assert_cmpuint (g_list_model_get_n_items (sleek_muc_room_get_occupants (room)), ==, 1);
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMucRoom) room = g_object_ref (join (f, ""));
  g_autoptr(SleekMuc) muc = g_object_ref (f->muc);
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0045", &error));
  g_assert_no_error (error);
  g_assert_false (sleek_muc_room_get_joined (room));
  g_assert_null (sleek_muc_get_room (muc, room_jid));
  pt_recv (&f->base, "<message from='" ROOM "/romeo' type='groupchat'><body>Hi</body></message>");
  pt_expect_silence (&f->base);
  g_assert_cmpstr (events (f), ==, "");

  sleek_muc_join_async (muc, room_jid, "juliet", NULL, -1, -1, NULL, NULL, on_joined, f);
  wait_done (f);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  sleek_muc_room_leave_async (room, NULL, NULL, on_bool, f);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0045/join", test_join);
  ADD ("/xep-0045/join-history-password", test_join_history_password);
  ADD ("/xep-0045/join-errors", test_join_errors);
  ADD ("/xep-0045/join-bad-input", test_join_bad_input);
  ADD ("/xep-0045/join-cancelled-by-disconnect", test_join_cancelled_by_disconnect);
  ADD ("/xep-0045/cancel", test_cancel);
  ADD ("/xep-0045/occupants", test_occupants);
  ADD ("/xep-0045/messages", test_messages);
  ADD ("/xep-0045/subject", test_subject);
  ADD ("/xep-0045/change-nick", test_change_nick);
  ADD ("/xep-0045/leave", test_leave);
  ADD ("/xep-0045/kicked", test_kicked);
  ADD ("/xep-0045/banned", test_banned);
  ADD ("/xep-0045/destroyed", test_destroyed);
  ADD ("/xep-0045/moderation", test_moderation);
  ADD ("/xep-0045/create-instant", test_create_instant);
  ADD ("/xep-0045/config", test_config);
  ADD ("/xep-0045/destroy", test_destroy);
  ADD ("/xep-0045/invitations", test_invitations);
  ADD ("/xep-0045/rejoin", test_rejoin);
  ADD ("/xep-0045/removal", test_removal);

  return g_test_run ();
}
