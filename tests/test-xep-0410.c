/* test-xep-0410.c: SleekMucSelfPing, XEP-0410 MUC Self-Ping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define ROOM "garden@chat.example.com"
#define MUC_NS "http://jabber.org/protocol/muc"
#define USER_NS "http://jabber.org/protocol/muc#user"
#define PING "urn:xmpp:ping"
#define SELF_PING "<iq type='get' id='%s' to='" ROOM "/juliet'><ping xmlns='" PING "'/></iq>"

typedef struct {
  PluginFixture base;
  SleekMuc *muc;
  SleekMucSelfPing *self_ping;
  SleekMucRoom *room;
  GAsyncResult *result;
  GString *events;
} Fixture;

static void
on_not_joined (SleekMucSelfPing *self_ping, SleekMucRoom *room, Fixture *f)
{
  g_assert_false (sleek_muc_room_get_joined (room));
  g_string_append_printf (f->events, "not-joined:%s;", sleek_jid_to_string (sleek_muc_room_get_jid (room)));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0410", &error));
  g_assert_no_error (error);
  f->self_ping = SLEEK_MUC_SELF_PING (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0410"));
  f->muc = SLEEK_MUC (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0045"));
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0199"));
  f->events = g_string_new (NULL);
  g_signal_connect (f->self_ping, "not-joined", G_CALLBACK (on_not_joined), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_object (&f->result);
  g_clear_object (&f->room);
  g_string_free (f->events, TRUE);
}

static void
join (Fixture *f)
{
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);
  g_autoptr(GError) error = NULL;

  sleek_muc_join_async (f->muc, room_jid, "juliet", NULL, -1, -1, NULL, NULL, pt_store_result, &f->result);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'/></presence>");
  pt_recv (&f->base, "<presence from='" ROOM "/juliet' to='" OWN_JID "'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='participant'/><status code='110'/></x></presence>");
  pt_wait_result (&f->base, &f->result);
  f->room = sleek_muc_join_finish (f->muc, f->result, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_muc_room_get_joined (f->room));
  g_clear_object (&f->result);
}

static SleekMucSelfPingResult
check (Fixture *f, const char *answer_format, GError **error)
{
  g_autoptr(SleekJid) occupant = pt_jid (ROOM "/juliet");
  g_autofree char *id = NULL;

  g_clear_object (&f->result);
  sleek_muc_self_ping_check_async (f->self_ping, occupant, 200, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
  if (answer_format != NULL)
    {
      g_autoptr(GString) answer = g_string_new (answer_format);

      g_string_replace (answer, "%s", id, 0);
      pt_recv (&f->base, answer->str);
    }
  pt_wait_result (&f->base, &f->result);
  return sleek_muc_self_ping_check_finish (f->self_ping, f->result, error);
}

#define ERROR_ANSWER(condition) "<iq type='error' id='%s' from='" ROOM "/juliet'><error type='cancel'>" \
  "<" condition " xmlns='" NS_STANZAS "'/></error></iq>"

static void
test_verdicts (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *answer;
    SleekMucSelfPingResult verdict;
  } cases[] = {
    { "<iq type='result' id='%s' from='" ROOM "/juliet'/>", SLEEK_MUC_SELF_PING_JOINED },
    { ERROR_ANSWER ("service-unavailable"), SLEEK_MUC_SELF_PING_JOINED },
    { ERROR_ANSWER ("feature-not-implemented"), SLEEK_MUC_SELF_PING_JOINED },
    { ERROR_ANSWER ("item-not-found"), SLEEK_MUC_SELF_PING_JOINED },
    { ERROR_ANSWER ("remote-server-not-found"), SLEEK_MUC_SELF_PING_UNKNOWN },
    { ERROR_ANSWER ("remote-server-timeout"), SLEEK_MUC_SELF_PING_UNKNOWN },
    { ERROR_ANSWER ("not-acceptable"), SLEEK_MUC_SELF_PING_NOT_JOINED },
    { ERROR_ANSWER ("not-allowed"), SLEEK_MUC_SELF_PING_NOT_JOINED },
    { ERROR_ANSWER ("forbidden"), SLEEK_MUC_SELF_PING_NOT_JOINED },
    /* The service itself: the room is gone. */
    { "<iq type='error' id='%s' from='chat.example.com'><error type='cancel'>"
      "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", SLEEK_MUC_SELF_PING_NOT_JOINED },
    /* Or through the occupant, naming itself as the error's author. */
    { "<iq type='error' id='%s' from='" ROOM "/juliet'><error type='cancel' by='chat.example.com'>"
      "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", SLEEK_MUC_SELF_PING_NOT_JOINED },
    { "<iq type='error' id='%s' from='" ROOM "/juliet'><error type='cancel' by='" ROOM "'>"
      "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", SLEEK_MUC_SELF_PING_JOINED },
    /* Anybody else is not listened to: no answer. */
    { "<iq type='error' id='%s' from='example.org'><error type='cancel'>"
      "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", SLEEK_MUC_SELF_PING_UNKNOWN },
    { "<iq type='result' id='%s' from='chat.example.com'/>", SLEEK_MUC_SELF_PING_UNKNOWN },
    /* No answer: nothing decided. */
    { NULL, SLEEK_MUC_SELF_PING_UNKNOWN },
  };

  join (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_cmpint (check (f, cases[i].answer, &error), ==, cases[i].verdict);
      g_assert_no_error (error);
    }
  /* Asking changes nothing. */
  g_assert_true (sleek_muc_room_get_joined (f->room));
  g_assert_cmpstr (f->events->str, ==, "");
}

static void
test_check_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bare = pt_jid (ROOM);
  g_autoptr(SleekJid) occupant = pt_jid (ROOM "/juliet");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  sleek_muc_self_ping_check_async (f->self_ping, bare, 0, NULL, pt_store_result, &f->result);
  pt_wait_result (&f->base, &f->result);
  g_assert_cmpint (sleek_muc_self_ping_check_finish (f->self_ping, f->result, &error), ==,
                   SLEEK_MUC_SELF_PING_UNKNOWN);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);

  g_clear_error (&error);
  g_clear_object (&f->result);
  sleek_muc_self_ping_check_async (f->self_ping, occupant, 0, cancellable, pt_store_result, &f->result);
  g_free (pt_expect_send_any_id (&f->base, SELF_PING));
  g_cancellable_cancel (cancellable);
  pt_wait_result (&f->base, &f->result);
  g_assert_cmpint (sleek_muc_self_ping_check_finish (f->self_ping, f->result, &error), ==,
                   SLEEK_MUC_SELF_PING_UNKNOWN);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The periodic check: answered, unanswered, then refused. */
static void
test_periodic (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);

  sleek_muc_self_ping_set_interval (f->self_ping, 1);
  sleek_muc_self_ping_set_timeout (f->self_ping, 1);
  join (f);
  /* No session, no checks. */
  for (guint i = 0; i < 30; i++)
    pt_expect_silence (&f->base);

  sleek_base_xmpp_start_session (f->base.xmpp);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROOM "/juliet'/>", id);
  pt_recv (&f->base, answer);
  /* Unanswered: nothing decided, and the next check pings again. */
  g_free (id);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
  g_assert_true (sleek_muc_room_get_joined (f->room));
  g_assert_cmpstr (f->events->str, ==, "");

  g_free (answer);
  answer = g_strdup_printf (ERROR_ANSWER ("not-acceptable"), id);
  pt_recv (&f->base, answer);
  pt_expect_silence (&f->base);
  g_assert_cmpstr (f->events->str, ==, "not-joined:" ROOM ";");
  g_assert_false (sleek_muc_room_get_joined (f->room));
  /* Without auto-rejoin the plugin forgets the room, and stops pinging. */
  g_assert_null (sleek_muc_get_room (f->muc, room_jid));
  for (guint i = 0; i < 30; i++)
    pt_expect_silence (&f->base);
}

static void
test_auto_rejoin (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(SleekJid) room_jid = pt_jid (ROOM);

  g_object_set (f->self_ping, "interval", 1, "auto-rejoin", TRUE, NULL);
  g_assert_true (sleek_muc_self_ping_get_auto_rejoin (f->self_ping));
  join (f);
  sleek_base_xmpp_start_session (f->base.xmpp);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
  answer = g_strdup_printf (ERROR_ANSWER ("not-acceptable"), id);
  pt_recv (&f->base, answer);
  pt_expect_send (&f->base, "<presence to='" ROOM "/juliet'><x xmlns='" MUC_NS "'>"
                            "<history maxstanzas='0'/></x></presence>");
  g_assert_cmpstr (f->events->str, ==, "not-joined:" ROOM ";");
  g_assert_false (sleek_muc_room_get_joined (f->room));
  g_assert_true (sleek_muc_get_room (f->muc, room_jid) == f->room);
  pt_recv (&f->base, "<presence from='" ROOM "/juliet' to='" OWN_JID "'><x xmlns='" USER_NS "'>"
                     "<item affiliation='none' role='participant'/><status code='110'/></x></presence>");
  g_assert_true (sleek_muc_room_get_joined (f->room));
  /* Checked again from then on. */
  g_free (id);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
}

/* A room we left while its ping was out is not judged. */
static void
test_left_meanwhile (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  g_object_set (f->self_ping, "interval", 1, NULL);
  join (f);
  sleek_base_xmpp_start_session (f->base.xmpp);
  id = pt_expect_send_any_id (&f->base, SELF_PING);
  pt_recv (&f->base, "<presence type='unavailable' from='" ROOM "/juliet' to='" OWN_JID "'>"
                     "<x xmlns='" USER_NS "'><item affiliation='none' role='none'/><status code='110'/>"
                     "<status code='307'/></x></presence>");
  g_assert_false (sleek_muc_room_get_joined (f->room));
  answer = g_strdup_printf (ERROR_ANSWER ("not-acceptable"), id);
  pt_recv (&f->base, answer);
  pt_expect_silence (&f->base);
  g_assert_cmpstr (f->events->str, ==, "");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0410/verdicts", test_verdicts);
  ADD ("/xep-0410/check-errors", test_check_errors);
  ADD ("/xep-0410/periodic", test_periodic);
  ADD ("/xep-0410/auto-rejoin", test_auto_rejoin);
  ADD ("/xep-0410/left-meanwhile", test_left_meanwhile);

  return g_test_run ();
}
