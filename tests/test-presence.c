/* test-presence.c: SleekPresence
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "stanza-test-util.h"

static void
test_presence_new (void)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();

  g_assert_true (SLEEK_IS_PRESENCE (presence));
  assert_stanza_xml (presence, "<presence xmlns='jabber:client'/>");
  g_assert_cmpint (sleek_presence_get_presence_type (presence), ==, SLEEK_PRESENCE_TYPE_AVAILABLE);
  g_assert_null (sleek_presence_get_show (presence));
  g_assert_null (sleek_presence_get_status (presence));
  g_assert_cmpint (sleek_presence_get_priority (presence), ==, 0);
}

static void
test_presence_show_status (void)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();

  sleek_presence_set_show (presence, "dnd");
  sleek_presence_set_status (presence, "Busy fighting the Borg");
  assert_stanza_xml (presence,
                     "<presence xmlns='jabber:client'><show>dnd</show>"
                     "<status>Busy fighting the Borg</status></presence>");
  g_assert_cmpstr (sleek_presence_get_show (presence), ==, "dnd");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (presence), "status"), ==, "Busy fighting the Borg");

  sleek_presence_set_show (presence, NULL);
  g_assert_null (sleek_presence_get_show (presence));
  sleek_stanza_delete (SLEEK_STANZA (presence), "status");
  assert_stanza_xml (presence, "<presence xmlns='jabber:client'/>");
}

static void
test_presence_priority_parse (void)
{
  struct {
    const char *text;
    int priority;
  } cases[] = {
    { "5", 5 },
    { "-1", -1 },
    { "127", 127 },
    { "-128", -128 },
    { " 7 ", 7 },
    { "128", 0 },
    { "-129", 0 },
    { "high", 0 },
    { "", 0 },
    { "3.5", 0 },
  };
  g_autoptr(SleekPresence) presence = sleek_presence_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sleek_stanza_set_string (SLEEK_STANZA (presence), "priority", cases[i].text);
      g_assert_cmpint (sleek_presence_get_priority (presence), ==, cases[i].priority);
    }
  sleek_stanza_delete (SLEEK_STANZA (presence), "priority");
  g_assert_cmpint (sleek_presence_get_priority (presence), ==, 0);
}

static void
test_presence_priority_set (void)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();
  int priority = 99;
  NotifyLog log;

  notify_log_init (&log, presence);
  sleek_presence_set_priority (presence, -5);
  assert_stanza_xml (presence, "<presence xmlns='jabber:client'><priority>-5</priority></presence>");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (presence), "priority"), ==, "-5");

  g_object_set (presence, "priority", -5, NULL);
  g_assert_cmpuint (notify_log_count (&log, "priority"), ==, 1);
  g_object_set (presence, "priority", 0, NULL);
  g_assert_cmpuint (notify_log_count (&log, "priority"), ==, 2);
  g_object_get (presence, "priority", &priority, NULL);
  g_assert_cmpint (priority, ==, 0);
  /* 0 is written out, not dropped. */
  assert_stanza_xml (presence, "<presence xmlns='jabber:client'><priority>0</priority></presence>");
  notify_log_clear (&log, presence);
}

static void
test_presence_types (void)
{
  struct {
    const char *attribute;
    SleekPresenceType type;
  } cases[] = {
    { NULL, SLEEK_PRESENCE_TYPE_AVAILABLE },
    { "unavailable", SLEEK_PRESENCE_TYPE_UNAVAILABLE },
    { "subscribe", SLEEK_PRESENCE_TYPE_SUBSCRIBE },
    { "subscribed", SLEEK_PRESENCE_TYPE_SUBSCRIBED },
    { "unsubscribe", SLEEK_PRESENCE_TYPE_UNSUBSCRIBE },
    { "unsubscribed", SLEEK_PRESENCE_TYPE_UNSUBSCRIBED },
    { "probe", SLEEK_PRESENCE_TYPE_PROBE },
    { "error", SLEEK_PRESENCE_TYPE_ERROR },
    { "bogus", SLEEK_PRESENCE_TYPE_ERROR },
  };
  g_autoptr(SleekPresence) presence = sleek_presence_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sleek_stanza_set_string (SLEEK_STANZA (presence), "type", cases[i].attribute);
      g_assert_cmpint (sleek_presence_get_presence_type (presence), ==, cases[i].type);
    }
}

static void
test_presence_set_type (void)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();

  sleek_presence_set_presence_type (presence, SLEEK_PRESENCE_TYPE_PROBE);
  assert_stanza_xml (presence, "<presence xmlns='jabber:client' type='probe'/>");
  sleek_presence_set_presence_type (presence, SLEEK_PRESENCE_TYPE_UNSUBSCRIBED);
  g_assert_cmpstr (sleek_stanza_get_stanza_type (SLEEK_STANZA (presence)), ==, "unsubscribed");
  /* Available is the absence of the attribute. */
  sleek_presence_set_presence_type (presence, SLEEK_PRESENCE_TYPE_AVAILABLE);
  assert_stanza_xml (presence, "<presence xmlns='jabber:client'/>");
}

static void
test_presence_reply_subscription (void)
{
  struct {
    const char *request;
    const char *answer;
  } cases[] = {
    { "subscribe", "subscribed" },
    { "unsubscribe", "unsubscribed" },
    { "probe", "probe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<presence xmlns='jabber:client' type='%s' id='s%u' "
                                              "from='romeo@example.net' to='juliet@example.com'/>",
                                              cases[i].request, i);
      g_autofree char *expected = g_strdup_printf ("<presence xmlns='jabber:client' type='%s' id='s%u' "
                                                   "to='romeo@example.net' from='juliet@example.com'/>",
                                                   cases[i].answer, i);
      g_autoptr(SleekStanza) presence = parse_stanza (xml);
      g_autoptr(SleekStanza) reply = sleek_stanza_reply (presence, TRUE);

      g_assert_true (SLEEK_IS_PRESENCE (reply));
      assert_stanza_xml (reply, expected);
    }
}

static void
test_presence_reply_keep (void)
{
  g_autoptr(SleekStanza) presence =
    parse_stanza ("<presence xmlns='jabber:client' from='a@b/c'><show>xa</show><priority>3</priority></presence>");
  g_autoptr(SleekStanza) kept = sleek_stanza_reply (presence, FALSE);
  g_autoptr(SleekStanza) cleared = sleek_stanza_reply (presence, TRUE);

  assert_stanza_xml (kept, "<presence xmlns='jabber:client' to='a@b/c'><show>xa</show><priority>3</priority></presence>");
  assert_stanza_xml (cleared, "<presence xmlns='jabber:client' to='a@b/c'/>");
  g_assert_cmpint (sleek_presence_get_priority (SLEEK_PRESENCE (kept)), ==, 3);
}

static void
test_presence_parse (void)
{
  g_autoptr(SleekStanza) presence =
    parse_stanza ("<presence xmlns='jabber:server' from='a@b/c' xml:lang='en'>"
                  "<show>chat</show><status>Free</status><priority>10</priority>"
                  "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>");
  g_autofree char *show = NULL;

  g_assert_true (SLEEK_IS_PRESENCE (presence));
  g_object_get (presence, "show", &show, NULL);
  g_assert_cmpstr (show, ==, "chat");
  g_assert_cmpstr (sleek_presence_get_status (SLEEK_PRESENCE (presence)), ==, "Free");
  g_assert_cmpint (sleek_presence_get_priority (SLEEK_PRESENCE (presence)), ==, 10);
  g_assert_cmpstr (sleek_stanza_get_string (presence, "lang"), ==, "en");
  g_assert_true (sleek_stanza_match (presence, "presence@show=chat/{http://jabber.org/protocol/caps}c@hash=sha-1"));
}

static void
test_presence_error (void)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();
  g_autoptr(GError) in = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND, "");
  g_autoptr(GError) out = NULL;

  sleek_stanza_set_error (SLEEK_STANZA (presence), in);
  g_assert_cmpint (sleek_presence_get_presence_type (presence), ==, SLEEK_PRESENCE_TYPE_ERROR);
  out = sleek_stanza_get_error (SLEEK_STANZA (presence));
  g_assert_error (out, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND);
  assert_stanza_xml (presence,
                     "<presence xmlns='jabber:client' type='error'><error type='cancel'>"
                     "<remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/presence/new", test_presence_new);
  g_test_add_func ("/presence/show-status", test_presence_show_status);
  g_test_add_func ("/presence/priority/parse", test_presence_priority_parse);
  g_test_add_func ("/presence/priority/set", test_presence_priority_set);
  g_test_add_func ("/presence/types", test_presence_types);
  g_test_add_func ("/presence/set-type", test_presence_set_type);
  g_test_add_func ("/presence/reply/subscription", test_presence_reply_subscription);
  g_test_add_func ("/presence/reply/keep", test_presence_reply_keep);
  g_test_add_func ("/presence/parse", test_presence_parse);
  g_test_add_func ("/presence/error", test_presence_error);

  return g_test_run ();
}
