/* test-iq.c: SleekIq
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "stanza-test-util.h"

#define NS_ROSTER "jabber:iq:roster"
#define NS_VERSION "jabber:iq:version"

static void
test_iq_new (void)
{
  g_autoptr(SleekIq) get = sleek_iq_new ("get");
  g_autoptr(SleekIq) untyped = sleek_iq_new (NULL);

  assert_stanza_xml (get, "<iq xmlns='jabber:client' type='get'/>");
  assert_stanza_xml (untyped, "<iq xmlns='jabber:client'/>");
  g_assert_null (sleek_iq_get_payload (get));
  g_assert_null (sleek_iq_get_query_namespace (get));
}

static void
test_iq_types (void)
{
  struct {
    const char *attribute;
    SleekIqType type;
  } cases[] = {
    { "get", SLEEK_IQ_TYPE_GET },
    { "set", SLEEK_IQ_TYPE_SET },
    { "result", SLEEK_IQ_TYPE_RESULT },
    { "error", SLEEK_IQ_TYPE_ERROR },
    { "bogus", SLEEK_IQ_TYPE_ERROR },
    { NULL, SLEEK_IQ_TYPE_ERROR },
  };
  g_autoptr(SleekIq) iq = sleek_iq_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sleek_stanza_set_stanza_type (SLEEK_STANZA (iq), cases[i].attribute);
      g_assert_cmpint (sleek_iq_get_iq_type (iq), ==, cases[i].type);
    }

  sleek_iq_set_iq_type (iq, SLEEK_IQ_TYPE_SET);
  assert_stanza_xml (iq, "<iq xmlns='jabber:client' type='set'/>");
  sleek_iq_set_iq_type (iq, SLEEK_IQ_TYPE_RESULT);
  g_assert_cmpstr (sleek_stanza_get_stanza_type (SLEEK_STANZA (iq)), ==, "result");
}

static void
test_iq_payload_get (void)
{
  g_autoptr(SleekStanza) iq =
    parse_stanza ("<iq xmlns='jabber:client' type='result' id='r1'>"
                  "<query xmlns='jabber:iq:roster' ver='v1'><item jid='a@b'/></query></iq>");
  SleekNode *payload = sleek_iq_get_payload (SLEEK_IQ (iq));
  g_autofree char *ns = NULL;
  SleekNode *prop = NULL;

  g_assert_nonnull (payload);
  g_assert_cmpstr (sleek_node_get_name (payload), ==, "query");
  g_assert_cmpstr (sleek_iq_get_query_namespace (SLEEK_IQ (iq)), ==, NS_ROSTER);
  g_object_get (iq, "query-namespace", &ns, "payload", &prop, NULL);
  g_assert_cmpstr (ns, ==, NS_ROSTER);
  g_assert_true (sleek_node_equal (prop, payload));
  sleek_node_unref (prop);

  /* The payload is part of the iq. */
  sleek_node_set_attribute (payload, "ver", "v2");
  assert_stanza_xml (iq,
                     "<iq xmlns='jabber:client' type='result' id='r1'>"
                     "<query xmlns='jabber:iq:roster' ver='v2'><item jid='a@b'/></query></iq>");
}

static void
test_iq_payload_set (void)
{
  g_autoptr(SleekIq) iq = sleek_iq_new ("get");
  g_autoptr(SleekNode) roster = sleek_node_new ("query", NS_ROSTER);
  g_autoptr(SleekNode) version = sleek_node_new ("query", NS_VERSION);
  NotifyLog log;

  notify_log_init (&log, iq);

  sleek_iq_set_payload (iq, roster);
  assert_stanza_xml (iq, "<iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:roster'/></iq>");
  g_assert_true (sleek_iq_get_payload (iq) == roster);
  g_assert_cmpuint (notify_log_count (&log, "payload"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "query-namespace"), ==, 1);

  /* Same payload again: nothing changes. */
  sleek_iq_set_payload (iq, roster);
  g_assert_cmpuint (notify_log_count (&log, "payload"), ==, 1);
  assert_stanza_xml (iq, "<iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:roster'/></iq>");

  /* Replaced, not added. */
  g_object_set (iq, "payload", version, NULL);
  assert_stanza_xml (iq, "<iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:version'/></iq>");
  g_assert_cmpstr (sleek_iq_get_query_namespace (iq), ==, NS_VERSION);
  g_assert_cmpuint (notify_log_count (&log, "payload"), ==, 2);
  g_assert_cmpuint (notify_log_count (&log, "query-namespace"), ==, 2);

  sleek_iq_set_payload (iq, NULL);
  assert_stanza_xml (iq, "<iq xmlns='jabber:client' type='get'/>");
  g_assert_null (sleek_iq_get_query_namespace (iq));
  g_assert_cmpuint (notify_log_count (&log, "payload"), ==, 3);
  g_assert_cmpuint (notify_log_count (&log, "query-namespace"), ==, 3);

  sleek_iq_set_payload (iq, NULL);
  g_assert_cmpuint (notify_log_count (&log, "payload"), ==, 3);
  notify_log_clear (&log, iq);
}

static void
test_iq_payload_skips_error (void)
{
  g_autoptr(SleekStanza) iq =
    parse_stanza ("<iq xmlns='jabber:client' type='error' id='e'>"
                  "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                  "<query xmlns='jabber:iq:version'/></iq>");
  g_autoptr(SleekNode) ping = sleek_node_new ("ping", "urn:xmpp:ping");
  SleekNode *payload = sleek_iq_get_payload (SLEEK_IQ (iq));

  g_assert_nonnull (payload);
  g_assert_cmpstr (sleek_node_get_namespace (payload), ==, NS_VERSION);

  /* Setting the payload keeps the error. */
  sleek_iq_set_payload (SLEEK_IQ (iq), ping);
  assert_stanza_xml (iq,
                     "<iq xmlns='jabber:client' type='error' id='e'><ping xmlns='urn:xmpp:ping'/>"
                     "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");

  /* An iq holding only an error has no payload. */
  sleek_iq_set_payload (SLEEK_IQ (iq), NULL);
  g_assert_null (sleek_iq_get_payload (SLEEK_IQ (iq)));
}

static void
test_iq_reply (void)
{
  g_autoptr(SleekStanza) iq =
    parse_stanza ("<iq xmlns='jabber:client' type='get' id='v1' from='romeo@example.net/orchard' to='example.net'>"
                  "<query xmlns='jabber:iq:version'/></iq>");
  g_autoptr(SleekStanza) cleared = sleek_stanza_reply (iq, TRUE);
  g_autoptr(SleekStanza) kept = sleek_stanza_reply (iq, FALSE);

  g_assert_true (SLEEK_IS_IQ (cleared));
  assert_stanza_xml (cleared,
                     "<iq xmlns='jabber:client' type='result' id='v1' to='romeo@example.net/orchard' from='example.net'/>");
  assert_stanza_xml (kept,
                     "<iq xmlns='jabber:client' type='result' id='v1' to='romeo@example.net/orchard' from='example.net'>"
                     "<query xmlns='jabber:iq:version'/></iq>");
  g_assert_cmpint (sleek_iq_get_iq_type (SLEEK_IQ (iq)), ==, SLEEK_IQ_TYPE_GET);
}

static void
test_iq_reply_component (void)
{
  g_autoptr(SleekStanza) iq =
    parse_stanza ("<iq xmlns='jabber:component:accept' type='set' id='s1' from='a@b/c' to='svc.example.com'>"
                  "<command xmlns='http://jabber.org/protocol/commands'/></iq>");
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (iq, TRUE);

  assert_stanza_xml (reply, "<iq xmlns='jabber:component:accept' type='result' id='s1' to='a@b/c' from='svc.example.com'/>");
}

static void
test_iq_error_reply (void)
{
  g_autoptr(SleekIq) iq = sleek_iq_new ("set");
  g_autoptr(SleekNode) payload = sleek_node_new ("query", NS_ROSTER);
  g_autoptr(GError) in = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED, "Read only");
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(GError) out = NULL;
  SleekStanza *error;

  sleek_stanza_set_id (SLEEK_STANZA (iq), "x1");
  sleek_stanza_set_string (SLEEK_STANZA (iq), "from", "a@example.com/r");
  sleek_iq_set_payload (iq, payload);

  reply = sleek_stanza_make_error_reply (SLEEK_STANZA (iq), in);
  g_assert_cmpint (sleek_iq_get_iq_type (SLEEK_IQ (reply)), ==, SLEEK_IQ_TYPE_ERROR);
  g_assert_true (sleek_node_equal (sleek_iq_get_payload (SLEEK_IQ (reply)), payload));
  g_assert_cmpstr (sleek_stanza_get_id (reply), ==, "x1");
  out = sleek_stanza_get_error (reply);
  g_assert_error (out, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (out->message, ==, "Read only");

  error = sleek_stanza_get_plugin (reply, "error", FALSE);
  g_assert_cmpstr (sleek_stanza_get_string (error, "type"), ==, "cancel");
  g_assert_true (sleek_stanza_match (reply, "iq@type=error@id=x1/error@condition=not-allowed"));
}

static void
test_iq_copy (void)
{
  g_autoptr(SleekIq) iq = sleek_iq_new ("get");
  g_autoptr(SleekNode) payload = sleek_node_new ("ping", "urn:xmpp:ping");
  g_autoptr(SleekStanza) copy = NULL;

  sleek_iq_set_payload (iq, payload);
  copy = sleek_stanza_copy (SLEEK_STANZA (iq));
  g_assert_true (SLEEK_IS_IQ (copy));
  g_assert_true (sleek_iq_get_payload (SLEEK_IQ (copy)) != payload);
  sleek_node_set_attribute (sleek_iq_get_payload (SLEEK_IQ (copy)), "x", "1");
  g_assert_null (sleek_node_get_attribute (payload, "x"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/iq/new", test_iq_new);
  g_test_add_func ("/iq/types", test_iq_types);
  g_test_add_func ("/iq/payload/get", test_iq_payload_get);
  g_test_add_func ("/iq/payload/set", test_iq_payload_set);
  g_test_add_func ("/iq/payload/skips-error", test_iq_payload_skips_error);
  g_test_add_func ("/iq/reply", test_iq_reply);
  g_test_add_func ("/iq/reply/component", test_iq_reply_component);
  g_test_add_func ("/iq/error-reply", test_iq_error_reply);
  g_test_add_func ("/iq/copy", test_iq_copy);

  return g_test_run ();
}
