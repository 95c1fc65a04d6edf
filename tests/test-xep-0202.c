/* test-xep-0202.c: SleekEntityTime, XEP-0202 Entity Time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define TIME_NS "urn:xmpp:time"

typedef struct {
  PluginFixture base;
  SleekEntityTime *time;
  gboolean done;
  GDateTime *answer;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0202", &error));
  g_assert_no_error (error);
  f->time = SLEEK_ENTITY_TIME (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0202"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  g_clear_pointer (&f->answer, g_date_time_unref);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
}

static void
on_time (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->answer = sleek_entity_time_get_time_finish (SLEEK_ENTITY_TIME (source), result, &f->error);
  f->done = TRUE;
}

static gboolean
local_has_time (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, TIME_NS);
}

static void
test_dependencies (Fixture *f, gconstpointer data)
{
  g_assert_true (local_has_time (f));
  g_assert_true (SLEEK_IS_DATE_TIME_PROFILES (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0082")));
  g_assert_null (sleek_entity_time_get_fixed_time (f->time));
}

/* The example of XEP-0202 §4 */
static void
test_answer_fixed (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) fixed = sleek_datetime_parse ("2006-12-19T11:58:35-06:00", NULL);
  g_autoptr(GDateTime) got = NULL;

  sleek_entity_time_set_fixed_time (f->time, fixed);
  g_object_get (f->time, "fixed-time", &got, NULL);
  g_assert_true (g_date_time_equal (got, fixed));
  pt_recv (&f->base, "<iq type='get' id='time_1' from='" ROMEO "' to='" OWN_JID "'><time xmlns='" TIME_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='time_1' to='" ROMEO "' from='" OWN_JID "'>"
                            "<time xmlns='" TIME_NS "'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time></iq>");

  g_clear_pointer (&fixed, g_date_time_unref);
  fixed = sleek_datetime_parse ("2020-01-01T00:00:00.250+05:30", NULL);
  g_object_set (f->time, "fixed-time", fixed, NULL);
  pt_recv (&f->base, "<iq type='get' id='time_2' from='" ROMEO "'><time xmlns='" TIME_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='time_2' to='" ROMEO "'>"
                            "<time xmlns='" TIME_NS "'><tzo>+05:30</tzo><utc>2019-12-31T18:30:00.250Z</utc></time></iq>");
}

/* Without a fixed time: the local time now. */
static void
test_answer_now (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GDateTime) local = g_date_time_new_now_local ();
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *tzo = sleek_datetime_format_offset (local);
  SleekNode *time;

  pt_recv (&f->base, "<iq type='get' id='now' from='" ROMEO "'><time xmlns='" TIME_NS "'/></iq>");
  sent = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();
  g_assert_cmpstr (sleek_node_get_attribute (sent, "type"), ==, "result");
  time = sleek_node_get_child (sent, "time", TIME_NS);
  g_assert_nonnull (time);
  g_assert_cmpstr (sleek_node_get_child_text (time, "tzo", TIME_NS), ==, tzo);
  utc = sleek_datetime_parse (sleek_node_get_child_text (time, "utc", TIME_NS), &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_compare (utc, before), >=, 0);
  g_assert_cmpint (g_date_time_compare (utc, after), <=, 0);
  g_assert_true (g_str_has_suffix (sleek_node_get_child_text (time, "utc", TIME_NS), "Z"));
}

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_notify (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) a = sleek_datetime_parse ("2006-12-19T11:58:35-06:00", NULL);
  g_autoptr(GDateTime) b = sleek_datetime_parse ("2006-12-19T11:58:35-06:00", NULL);
  g_autoptr(GDateTime) c = sleek_datetime_parse ("2006-12-19T17:58:35Z", NULL);
  guint count = 0;

  g_signal_connect (f->time, "notify::fixed-time", G_CALLBACK (on_notify), &count);
  sleek_entity_time_set_fixed_time (f->time, a);
  sleek_entity_time_set_fixed_time (f->time, b);
  g_assert_cmpuint (count, ==, 1);
  /* The same moment in another offset answers differently. */
  sleek_entity_time_set_fixed_time (f->time, c);
  g_assert_cmpuint (count, ==, 2);
  sleek_entity_time_set_fixed_time (f->time, NULL);
  g_assert_cmpuint (count, ==, 3);
  g_assert_null (sleek_entity_time_get_fixed_time (f->time));
}

static void
ask (Fixture *f, SleekJid *jid, const char *to, const char *payload)
{
  g_autofree char *format = g_strdup_printf ("<iq type='get' id='%%s' to='%s'><time xmlns='" TIME_NS "'/></iq>", to);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  reset (f);
  sleek_entity_time_get_time_async (f->time, jid, NULL, on_time, f);
  id = pt_expect_send_any_id (&f->base, format);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='%s'>%s</iq>", id, to, payload);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
}

static void
test_get_time (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GDateTime) expected = sleek_datetime_parse ("2006-12-19T17:58:35Z", NULL);

  ask (f, romeo, ROMEO, "<time xmlns='" TIME_NS "'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>");
  g_assert_no_error (f->error);
  g_assert_nonnull (f->answer);
  g_assert_true (g_date_time_equal (f->answer, expected));
  g_assert_cmpint (g_date_time_get_utc_offset (f->answer), ==, -6 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_hour (f->answer), ==, 11);

  /* 'Z' as the offset, a fraction, and our server when no JID */
  ask (f, NULL, "example.com", "<time xmlns='" TIME_NS "'><tzo>Z</tzo><utc>2006-12-19T17:58:35.5Z</utc></time>");
  g_assert_no_error (f->error);
  g_assert_cmpint (g_date_time_get_utc_offset (f->answer), ==, 0);
  g_assert_cmpint (g_date_time_get_microsecond (f->answer), ==, 500000);
}

static void
test_get_time_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  static const char * const malformed[] = {
    "",
    "<time xmlns='" TIME_NS "'/>",
    "<time xmlns='" TIME_NS "'><tzo>-06:00</tzo></time>",
    "<time xmlns='" TIME_NS "'><utc>2006-12-19T17:58:35Z</utc></time>",
    "<time xmlns='" TIME_NS "'><tzo>-6:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>",
    "<time xmlns='" TIME_NS "'><tzo>CET</tzo><utc>2006-12-19T17:58:35Z</utc></time>",
    "<time xmlns='" TIME_NS "'><tzo>-06:00</tzo><utc>2006-12-19 17:58:35</utc></time>",
    "<time xmlns='" TIME_NS "'><tzo>-06:00</tzo><utc>yesterday</utc></time>",
    "<time xmlns='urn:xmpp:other'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      ask (f, romeo, ROMEO, malformed[i]);
      g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_null (f->answer);
    }

  /* A stanza error */
  {
    g_autofree char *id = NULL;
    g_autofree char *answer = NULL;

    reset (f);
    sleek_entity_time_get_time_async (f->time, romeo, NULL, on_time, f);
    id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO "'><time xmlns='" TIME_NS "'/></iq>");
    answer = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><error type='cancel'>"
                              "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>", id);
    pt_recv (&f->base, answer);
    pt_wait_for (&f->base, &f->done);
    g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  }
}

static void
test_removal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekEntityTime) time = g_object_ref (f->time);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0202", &error));
  g_assert_no_error (error);
  g_assert_false (local_has_time (f));
  pt_recv (&f->base, "<iq type='get' id='r1' from='" ROMEO "'><time xmlns='" TIME_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='r1' to='" ROMEO "'>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");

  sleek_entity_time_get_time_async (time, NULL, NULL, on_time, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0202/dependencies", test_dependencies);
  ADD ("/xep-0202/answer-fixed", test_answer_fixed);
  ADD ("/xep-0202/answer-now", test_answer_now);
  ADD ("/xep-0202/notify", test_notify);
  ADD ("/xep-0202/get-time", test_get_time);
  ADD ("/xep-0202/get-time-errors", test_get_time_errors);
  ADD ("/xep-0202/removal", test_removal);

  return g_test_run ();
}
