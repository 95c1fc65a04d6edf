/* test-matcher.c: SleekMatcher kinds and subclassing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

static SleekStanza *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  return stanza;
}

static gboolean
matches (SleekMatcher *matcher, const char *xml)
{
  g_autoptr(SleekStanza) stanza = parse (xml);

  return sleek_matcher_match (matcher, stanza);
}

static void
test_any (void)
{
  g_autoptr(SleekMatcher) m = sleek_matcher_new_any ();

  g_assert_true (matches (m, "<message xmlns='jabber:client'/>"));
  g_assert_true (matches (m, "<foo xmlns='urn:x'/>"));
}

static void
test_id (void)
{
  g_autoptr(SleekMatcher) m = sleek_matcher_new_id ("abc");

  g_assert_true (matches (m, "<iq xmlns='jabber:client' type='result' id='abc'/>"));
  g_assert_true (matches (m, "<message xmlns='jabber:client' id='abc'/>"));
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result' id='abcd'/>"));
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result'/>"));
}

static void
test_id_sender (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) juliet = sleek_jid_new ("Juliet@Example.com/balcony", &error);
  g_autoptr(SleekMatcher) m = NULL;
  g_autoptr(SleekMatcher) server = sleek_matcher_new_id_sender ("1", NULL);

  g_assert_no_error (error);
  m = sleek_matcher_new_id_sender ("1", juliet);
  g_assert_true (matches (m, "<iq xmlns='jabber:client' type='result' id='1' from='juliet@example.com/balcony'/>"));
  /* Normalised comparison. */
  g_assert_true (matches (m, "<iq xmlns='jabber:client' type='result' id='1' from='JULIET@example.COM/balcony'/>"));
  /* Spoofed: same id from someone else, or from the bare JID. */
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result' id='1' from='romeo@example.com/orchard'/>"));
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result' id='1' from='juliet@example.com'/>"));
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result' id='1'/>"));
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result' id='2' from='juliet@example.com/balcony'/>"));
  g_assert_false (matches (m, "<iq xmlns='jabber:client' type='result' id='1' from='not a jid@@'/>"));
  /* NULL sender: only a stanza without from (the server itself). */
  g_assert_true (matches (server, "<iq xmlns='jabber:client' type='result' id='1'/>"));
  g_assert_false (matches (server, "<iq xmlns='jabber:client' type='result' id='1' from='evil.example'/>"));
}

static void
test_stanza_path (void)
{
  g_autoptr(SleekMatcher) get = sleek_matcher_new_stanza_path ("iq@type=get");
  g_autoptr(SleekMatcher) body = sleek_matcher_new_stanza_path ("message/body");
  g_autoptr(SleekMatcher) error = sleek_matcher_new_stanza_path ("message/error");

  g_assert_true (matches (get, "<iq xmlns='jabber:client' type='get' id='1'/>"));
  g_assert_false (matches (get, "<iq xmlns='jabber:client' type='set' id='1'/>"));
  g_assert_false (matches (get, "<message xmlns='jabber:client' type='get'/>"));
  g_assert_true (matches (body, "<message xmlns='jabber:client'><body>hi</body></message>"));
  g_assert_false (matches (body, "<message xmlns='jabber:client'/>"));
  g_assert_true (matches (error, "<message xmlns='jabber:client' type='error'><error type='cancel'>"
                                 "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"));
  g_assert_false (matches (error, "<message xmlns='jabber:client'><body>x</body></message>"));
}

static void
test_xml_mask (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMatcher) chat = sleek_matcher_new_xml_mask ("<message type='chat'><body/></message>", &error);
  g_autoptr(SleekMatcher) exact_text = NULL;
  g_autoptr(SleekMatcher) ns = NULL;

  g_assert_no_error (error);
  g_assert_true (matches (chat, "<message xmlns='jabber:client' type='chat' to='a@b'><body>anything</body><x xmlns='urn:x'/></message>"));
  g_assert_false (matches (chat, "<message xmlns='jabber:client' type='normal'><body>anything</body></message>"));
  g_assert_false (matches (chat, "<message xmlns='jabber:client' type='chat'><subject>no body</subject></message>"));
  g_assert_false (matches (chat, "<presence xmlns='jabber:client' type='chat'><body/></presence>"));

  exact_text = sleek_matcher_new_xml_mask ("<message><body>ping</body></message>", &error);
  g_assert_no_error (error);
  g_assert_true (matches (exact_text, "<message xmlns='jabber:client'><body> ping </body></message>"));
  g_assert_false (matches (exact_text, "<message xmlns='jabber:client'><body>pong</body></message>"));

  ns = sleek_matcher_new_xml_mask ("<iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:version'/></iq>", &error);
  g_assert_no_error (error);
  g_assert_true (matches (ns, "<iq xmlns='jabber:client' type='get' id='1'><query xmlns='jabber:iq:version'/></iq>"));
  g_assert_false (matches (ns, "<iq xmlns='jabber:client' type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>"));
  g_assert_false (matches (ns, "<iq xmlns='jabber:server' type='get' id='1'><query xmlns='jabber:iq:version'/></iq>"));
}

static void
test_xml_mask_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMatcher) m = sleek_matcher_new_xml_mask ("<message><body></message>", &error);

  g_assert_null (m);
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_NOT_WELL_FORMED);
}

static void
test_xpath (void)
{
  g_autoptr(SleekMatcher) receipt = sleek_matcher_new_xpath ("{jabber:client}message/{urn:xmpp:receipts}request");
  g_autoptr(SleekMatcher) any_ns = sleek_matcher_new_xpath ("message");
  g_autoptr(SleekMatcher) deep = sleek_matcher_new_xpath ("{jabber:client}iq/{http://jabber.org/protocol/disco#info}query/feature");
  g_autoptr(SleekMatcher) broken = sleek_matcher_new_xpath ("{jabber:client");

  g_assert_true (matches (receipt, "<message xmlns='jabber:client'><request xmlns='urn:xmpp:receipts'/></message>"));
  g_assert_false (matches (receipt, "<message xmlns='jabber:client'><received xmlns='urn:xmpp:receipts'/></message>"));
  g_assert_false (matches (receipt, "<message xmlns='jabber:server'><request xmlns='urn:xmpp:receipts'/></message>"));
  g_assert_true (matches (any_ns, "<message xmlns='jabber:server'/>"));
  g_assert_false (matches (any_ns, "<presence xmlns='jabber:client'/>"));
  g_assert_true (matches (deep, "<iq xmlns='jabber:client' type='result'><query xmlns='http://jabber.org/protocol/disco#info'>"
                                "<identity category='x' type='y'/><feature var='a'/></query></iq>"));
  g_assert_false (matches (deep, "<iq xmlns='jabber:client' type='result'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
  g_assert_false (matches (broken, "<message xmlns='jabber:client'/>"));
}

/* A matcher subclass with its own rule. */

#define TEST_TYPE_BODY_LENGTH (test_body_length_get_type ())
G_DECLARE_FINAL_TYPE (TestBodyLength, test_body_length, TEST, BODY_LENGTH, SleekMatcher)

struct _TestBodyLength {
  SleekMatcher parent_instance;
  guint min;
};

G_DEFINE_FINAL_TYPE (TestBodyLength, test_body_length, SLEEK_TYPE_MATCHER)

static gboolean
test_body_length_match (SleekMatcher *matcher, SleekStanza *stanza)
{
  const char *body = sleek_stanza_get_string (stanza, "body");

  return body != NULL && strlen (body) >= TEST_BODY_LENGTH (matcher)->min;
}

static void
test_body_length_class_init (TestBodyLengthClass *klass)
{
  SLEEK_MATCHER_CLASS (klass)->match = test_body_length_match;
}

static void
test_body_length_init (TestBodyLength *self)
{
  self->min = 5;
}

static void
test_subclass (void)
{
  g_autoptr(SleekMatcher) m = g_object_new (TEST_TYPE_BODY_LENGTH, NULL);

  g_assert_true (matches (m, "<message xmlns='jabber:client'><body>hello</body></message>"));
  g_assert_false (matches (m, "<message xmlns='jabber:client'><body>hi</body></message>"));
  g_assert_false (matches (m, "<presence xmlns='jabber:client'/>"));
}

static void
test_plain_matcher_matches_nothing (void)
{
  g_autoptr(SleekMatcher) m = g_object_new (SLEEK_TYPE_MATCHER, NULL);

  g_assert_false (matches (m, "<message xmlns='jabber:client'/>"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/matcher/any", test_any);
  g_test_add_func ("/matcher/id", test_id);
  g_test_add_func ("/matcher/id-sender", test_id_sender);
  g_test_add_func ("/matcher/stanza-path", test_stanza_path);
  g_test_add_func ("/matcher/xml-mask", test_xml_mask);
  g_test_add_func ("/matcher/xml-mask-invalid", test_xml_mask_invalid);
  g_test_add_func ("/matcher/xpath", test_xpath);
  g_test_add_func ("/matcher/subclass", test_subclass);
  g_test_add_func ("/matcher/plain", test_plain_matcher_matches_nothing);
  return g_test_run ();
}
