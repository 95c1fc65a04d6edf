/* test-xep-0012.c: SleekLastActivity, XEP-0012 Last Activity
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define LAST_NS "jabber:iq:last"

typedef struct {
  PluginFixture base;
  SleekLastActivity *last;
  gboolean done;
  gint64 seconds;
  char *status;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0012", &error));
  g_assert_no_error (error);
  f->last = SLEEK_LAST_ACTIVITY (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0012"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->seconds = 0;
  g_clear_pointer (&f->status, g_free);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
}

static void
on_last (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->seconds = sleek_last_activity_get_last_activity_finish (SLEEK_LAST_ACTIVITY (source), result, &f->status,
                                                             &f->error);
  f->done = TRUE;
}

static gboolean
local_has_last (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, LAST_NS);
}

/* Receives a query and returns the seconds of our answer; the status
 * text goes to @status. */
static guint64
answer_seconds (Fixture *f, const char *id, char **status)
{
  g_autofree char *query = g_strdup_printf ("<iq type='get' id='%s' from='" ROMEO "'><query xmlns='" LAST_NS "'/></iq>",
                                            id);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = NULL;
  SleekNode *answer;
  guint64 seconds = 0;

  pt_recv (&f->base, query);
  sent = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_attribute (sent, "type"), ==, "result");
  g_assert_cmpstr (sleek_node_get_attribute (sent, "id"), ==, id);
  g_assert_cmpstr (sleek_node_get_attribute (sent, "to"), ==, ROMEO);
  answer = sleek_node_get_child (sent, "query", LAST_NS);
  g_assert_nonnull (answer);
  g_assert_true (g_ascii_string_to_unsigned (sleek_node_get_attribute (answer, "seconds"), 10, 0, G_MAXUINT64,
                                             &seconds, NULL));
  *status = g_strdup (sleek_node_get_text (answer));
  return seconds;
}

static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_autofree char *status = NULL;
  g_autofree char *prop = NULL;

  g_assert_true (local_has_last (f));
  g_assert_null (sleek_last_activity_get_status (f->last));
  g_object_get (f->last, "status", &prop, NULL);
  g_assert_null (prop);
  /* Just enabled: about no time since */
  g_assert_cmpuint (sleek_last_activity_get_idle (f->last), <=, 2);
  g_assert_cmpuint (answer_seconds (f, "l1", &status), <=, 2);
  g_assert_true (status == NULL || *status == '\0');
}

static void
test_answer_idle (Fixture *f, gconstpointer data)
{
  g_autofree char *status = NULL;
  g_autofree char *status2 = NULL;
  guint64 seconds;

  sleek_last_activity_set_idle (f->last, 903, "Heading Home");
  g_assert_cmpstr (sleek_last_activity_get_status (f->last), ==, "Heading Home");
  g_assert_cmpuint (sleek_last_activity_get_idle (f->last), >=, 903);
  seconds = answer_seconds (f, "last1", &status);
  g_assert_cmpuint (seconds, >=, 903);
  g_assert_cmpuint (seconds, <=, 910);
  g_assert_cmpstr (status, ==, "Heading Home");

  /* Active now, no status */
  sleek_last_activity_set_idle (f->last, 0, NULL);
  g_assert_null (sleek_last_activity_get_status (f->last));
  seconds = answer_seconds (f, "last2", &status2);
  g_assert_cmpuint (seconds, <=, 5);
  g_assert_true (status2 == NULL || *status2 == '\0');
}

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_status (Fixture *f, gconstpointer data)
{
  guint count = 0;
  g_autofree char *status = NULL;

  sleek_last_activity_set_idle (f->last, 60, NULL);
  g_signal_connect (f->last, "notify::status", G_CALLBACK (on_notify), &count);
  g_object_set (f->last, "status", "Out to lunch", NULL);
  sleek_last_activity_set_status (f->last, "Out to lunch");
  g_assert_cmpuint (count, ==, 1);
  /* The status alone leaves the idle time as it was */
  g_assert_cmpuint (answer_seconds (f, "s1", &status), >=, 60);
  g_assert_cmpstr (status, ==, "Out to lunch");
  sleek_last_activity_set_status (f->last, NULL);
  g_assert_cmpuint (count, ==, 2);
}

static void
ask (Fixture *f, SleekJid *jid, const char *to, const char *payload)
{
  g_autofree char *format = g_strdup_printf ("<iq type='get' id='%%s' to='%s'><query xmlns='" LAST_NS "'/></iq>", to);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  reset (f);
  sleek_last_activity_get_last_activity_async (f->last, jid, NULL, on_last, f);
  id = pt_expect_send_any_id (&f->base, format);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='%s'>%s</iq>", id, to, payload);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
}

/* The examples of XEP-0012 */
static void
test_get_last_activity (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) bare = pt_jid ("romeo@example.net");

  ask (f, romeo, ROMEO, "<query xmlns='" LAST_NS "' seconds='123'/>");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->seconds, ==, 123);
  g_assert_null (f->status);

  ask (f, bare, "romeo@example.net", "<query xmlns='" LAST_NS "' seconds='903'>Heading Home</query>");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->seconds, ==, 903);
  g_assert_cmpstr (f->status, ==, "Heading Home");

  /* Our server when no JID: its uptime */
  ask (f, NULL, "example.com", "<query xmlns='" LAST_NS "' seconds='123456'/>");
  g_assert_no_error (f->error);
  g_assert_cmpint (f->seconds, ==, 123456);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The status out parameter is optional. */
static void
test_no_status_out (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_last_activity_get_last_activity_async (f->last, romeo, NULL, store_result, &result);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" LAST_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'>"
                            "<query xmlns='" LAST_NS "' seconds='7'>away</query></iq>", id);
  pt_recv (&f->base, answer);
  while (result == NULL)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_cmpint (sleek_last_activity_get_last_activity_finish (f->last, result, NULL, &error), ==, 7);
  g_assert_no_error (error);
}

static void
test_get_last_activity_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  static const char * const malformed[] = {
    "",
    "<query xmlns='" LAST_NS "'/>",
    "<query xmlns='" LAST_NS "' seconds=''/>",
    "<query xmlns='" LAST_NS "' seconds='-5'/>",
    "<query xmlns='" LAST_NS "' seconds='12s'/>",
    "<query xmlns='" LAST_NS "' seconds='1.5'/>",
    "<query xmlns='" LAST_NS "' seconds='99999999999999999999999'/>",
    "<query xmlns='jabber:iq:other' seconds='5'/>",
  };
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      ask (f, romeo, ROMEO, malformed[i]);
      g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpint (f->seconds, ==, -1);
      g_assert_null (f->status);
    }

  reset (f);
  sleek_last_activity_get_last_activity_async (f->last, romeo, NULL, on_last, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><query xmlns='" LAST_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><error type='auth'>"
                            "<forbidden xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_assert_cmpint (f->seconds, ==, -1);
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekLastActivity) last = g_object_ref (f->last);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0012", &error));
  g_assert_no_error (error);
  g_assert_false (local_has_last (f));
  pt_recv (&f->base, "<iq type='get' id='r1' from='" ROMEO "'><query xmlns='" LAST_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='r1' to='" ROMEO "'>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");

  sleek_last_activity_get_last_activity_async (last, NULL, NULL, on_last, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0012/defaults", test_defaults);
  ADD ("/xep-0012/answer-idle", test_answer_idle);
  ADD ("/xep-0012/status", test_status);
  ADD ("/xep-0012/get-last-activity", test_get_last_activity);
  ADD ("/xep-0012/no-status-out", test_no_status_out);
  ADD ("/xep-0012/get-last-activity-errors", test_get_last_activity_errors);
  ADD ("/xep-0012/removal", test_removal);

  return g_test_run ();
}
