/* test-xep-0297.c: XEP-0297 Stanza Forwarding
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <string.h>

#define FORWARD_NS "urn:xmpp:forward:0"
#define DELAY_NS "urn:xmpp:delay"

typedef struct {
  PluginFixture base;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  pt_setup (&f->base, data);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0297", &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
}

static SleekStanza *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stanza);
  return stanza;
}

static SleekForwarded *
get_forwarded (SleekStanza *stanza)
{
  SleekStanza *plugin = sleek_stanza_get_plugin (stanza, "forwarded", FALSE);

  g_assert_nonnull (plugin);
  g_assert_true (SLEEK_IS_FORWARDED (plugin));
  return SLEEK_FORWARDED (plugin);
}

/* XEP-0297 Example 2: Romeo forwards Juliet a message he received */
#define EXAMPLE_2 \
  "<message xmlns='jabber:client' to='mercutio@verona.lit' from='romeo@montague.lit/home' id='28gs'>" \
    "<body>A most courteous exposition!</body>" \
    "<forwarded xmlns='" FORWARD_NS "'>" \
      "<delay xmlns='" DELAY_NS "' stamp='2010-07-10T23:08:25Z'/>" \
      "<message xmlns='jabber:client' to='romeo@montague.lit/orchard' from='juliet@capulet.lit/balcony' " \
        "type='chat' id='0202197'>" \
        "<body>Yet I should kill thee with much cherishing.</body>" \
        "<mood xmlns='http://jabber.org/protocol/mood'><amorous/></mood>" \
      "</message>" \
    "</forwarded>" \
  "</message>"

static void
test_parse_example (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) stanza = parse (EXAMPLE_2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) stamp = NULL;
  g_autoptr(GDateTime) want = sleek_datetime_parse ("2010-07-10T23:08:25Z", NULL);
  g_autoptr(SleekStanza) inner = NULL;
  SleekForwarded *forwarded;
  SleekDelay *delay;

  g_assert_true (SLEEK_IS_MESSAGE (stanza));
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (stanza)), ==, "A most courteous exposition!");
  forwarded = get_forwarded (stanza);

  delay = sleek_forwarded_get_delay (forwarded);
  g_assert_nonnull (delay);
  stamp = sleek_delay_get_stamp (delay, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (stamp, want));

  inner = sleek_forwarded_get_stanza (forwarded);
  g_assert_nonnull (inner);
  g_assert_true (SLEEK_IS_MESSAGE (inner));
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (inner)), ==,
                   "Yet I should kill thee with much cherishing.");
  g_assert_cmpstr (sleek_stanza_get_id (inner), ==, "0202197");
  g_assert_cmpstr (sleek_stanza_get_stanza_type (inner), ==, "chat");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_from (inner)), ==, "juliet@capulet.lit/balcony");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (inner)), ==, "romeo@montague.lit/orchard");
  g_assert_nonnull (sleek_node_get_child (sleek_stanza_get_node (inner), "mood", "http://jabber.org/protocol/mood"));

  /* The inner stanza edits the element in place. */
  sleek_message_set_body (SLEEK_MESSAGE (inner), "changed");
  g_clear_object (&inner);
  inner = sleek_forwarded_get_stanza (forwarded);
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (inner)), ==, "changed");
}

static void
test_inner_kinds (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *inner;
    GType (*get_type) (void);
  } cases[] = {
    { "<presence xmlns='jabber:client' from='juliet@capulet.lit/balcony'/>", sleek_presence_get_type },
    { "<iq xmlns='jabber:client' type='get' id='q1'><query xmlns='jabber:iq:version'/></iq>", sleek_iq_get_type },
    /* Another content namespace is still a stanza. */
    { "<message xmlns='jabber:server'><body>s2s</body></message>", sleek_message_get_type },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<message xmlns='jabber:client'><forwarded xmlns='" FORWARD_NS "'>"
                                              "%s</forwarded></message>", cases[i].inner);
      g_autoptr(SleekStanza) stanza = parse (xml);
      g_autoptr(SleekStanza) inner = sleek_forwarded_get_stanza (get_forwarded (stanza));

      g_assert_nonnull (inner);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (inner, cases[i].get_type ()));
      g_assert_null (sleek_forwarded_get_delay (get_forwarded (stanza)));
    }
}

static void
test_build (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) outer = sleek_message_new ();
  g_autoptr(SleekMessage) original = NULL;
  g_autoptr(SleekStanza) expected = parse (EXAMPLE_2);
  g_autoptr(SleekStanza) reparsed = NULL;
  g_autoptr(SleekStanza) inner = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2010, 7, 10, 23, 8, 25);
  g_autoptr(SleekJid) to = pt_jid ("mercutio@verona.lit");
  g_autoptr(SleekJid) from = pt_jid ("romeo@montague.lit/home");
  g_autofree char *xml = NULL;
  g_autofree char *expected_xml = NULL;
  SleekForwarded *forwarded;

  original = SLEEK_MESSAGE (parse ("<message xmlns='jabber:client' to='romeo@montague.lit/orchard' "
                                   "from='juliet@capulet.lit/balcony' type='chat' id='0202197'>"
                                   "<body>Yet I should kill thee with much cherishing.</body>"
                                   "<mood xmlns='http://jabber.org/protocol/mood'><amorous/></mood></message>"));

  sleek_stanza_set_to (SLEEK_STANZA (outer), to);
  sleek_stanza_set_from (SLEEK_STANZA (outer), from);
  sleek_stanza_set_id (SLEEK_STANZA (outer), "28gs");
  sleek_message_set_body (outer, "A most courteous exposition!");
  forwarded = SLEEK_FORWARDED (sleek_stanza_get_plugin (SLEEK_STANZA (outer), "forwarded", TRUE));
  g_assert_true (SLEEK_IS_FORWARDED (forwarded));
  sleek_forwarded_set_delay (forwarded, when);
  sleek_forwarded_set_stanza (forwarded, SLEEK_STANZA (original));

  g_assert_true (sleek_node_equal (sleek_stanza_get_node (SLEEK_STANZA (outer)), sleek_stanza_get_node (expected)));

  /* It went in as a copy. */
  sleek_message_set_body (original, "not forwarded");
  inner = sleek_forwarded_get_stanza (forwarded);
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (inner)), ==,
                   "Yet I should kill thee with much cherishing.");

  xml = sleek_stanza_to_string (SLEEK_STANZA (outer));
  expected_xml = sleek_stanza_to_string (expected);
  g_assert_cmpstr (xml, ==, expected_xml);
  reparsed = parse (xml);
  g_assert_true (sleek_node_equal (sleek_stanza_get_node (reparsed), sleek_stanza_get_node (expected)));

  /* Removing the delay and the stanza. */
  sleek_forwarded_set_delay (forwarded, NULL);
  g_assert_null (sleek_forwarded_get_delay (forwarded));
  sleek_forwarded_set_stanza (forwarded, NULL);
  g_assert_null (sleek_forwarded_get_stanza (forwarded));
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (forwarded))), ==, 0);
}

static void
test_replace_and_namespace (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) outer = sleek_message_new ();
  g_autoptr(SleekStanza) first = parse ("<presence xmlns='jabber:client' type='unavailable'/>");
  g_autoptr(SleekStanza) second = parse ("<message xmlns='jabber:server' from='a@b.example'>"
                                         "<body>hi</body><x xmlns='urn:example:x'><y/></x></message>");
  g_autoptr(SleekStanza) inner = NULL;
  SleekForwarded *forwarded;
  SleekNode *node;

  forwarded = SLEEK_FORWARDED (sleek_stanza_get_plugin (SLEEK_STANZA (outer), "forwarded", TRUE));
  sleek_forwarded_set_stanza (forwarded, first);
  sleek_forwarded_set_stanza (forwarded, second);
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (forwarded))), ==, 1);

  inner = sleek_forwarded_get_stanza (forwarded);
  g_assert_true (SLEEK_IS_MESSAGE (inner));
  node = sleek_stanza_get_node (inner);
  g_assert_cmpstr (sleek_node_get_namespace (node), ==, "jabber:client");
  g_assert_cmpstr (sleek_node_get_namespace (sleek_node_get_child (node, "body", "jabber:client")), ==,
                   "jabber:client");
  g_assert_nonnull (sleek_node_get_child (sleek_node_get_child (node, "x", "urn:example:x"), "y", "urn:example:x"));
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (inner)), ==, "hi");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_from (inner)), ==, "a@b.example");
}

static void
test_absent_stanza (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) empty = parse ("<message xmlns='jabber:client'><forwarded xmlns='" FORWARD_NS "'/></message>");
  g_autoptr(SleekStanza) delay_only = parse ("<message xmlns='jabber:client'><forwarded xmlns='" FORWARD_NS "'>"
                                             "<delay xmlns='" DELAY_NS "' stamp='2010-07-10T23:08:25Z'/>"
                                             "</forwarded></message>");
  g_autoptr(SleekStanza) plain = parse ("<message xmlns='jabber:client'><body>x</body></message>");
  /* A forwarded element in another namespace is not XEP-0297's. */
  g_autoptr(SleekStanza) other = parse ("<message xmlns='jabber:client'><forwarded xmlns='urn:example:fwd'>"
                                        "<message xmlns='jabber:client'/></forwarded></message>");

  g_assert_null (sleek_forwarded_get_stanza (get_forwarded (empty)));
  g_assert_null (sleek_forwarded_get_delay (get_forwarded (empty)));
  g_assert_null (sleek_forwarded_get_stanza (get_forwarded (delay_only)));
  g_assert_nonnull (sleek_forwarded_get_delay (get_forwarded (delay_only)));
  g_assert_null (sleek_stanza_get_plugin (plain, "forwarded", FALSE));
  g_assert_null (sleek_stanza_get_plugin (other, "forwarded", FALSE));
}

static void
test_not_a_stanza (Fixture *f, gconstpointer data)
{
  static const char * const inners[] = {
    "<body xmlns='jabber:client'>not a stanza</body>",
    "<message xmlns='urn:example:not-client'><body>x</body></message>",
    "<foo xmlns='urn:example:foo'/>",
    "<delay xmlns='" DELAY_NS "' stamp='2010-07-10T23:08:25Z'/>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inners); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<message xmlns='jabber:client'><forwarded xmlns='" FORWARD_NS "'>"
                                              "%s</forwarded></message>", inners[i]);
      g_autoptr(SleekStanza) stanza = parse (xml);
      SleekForwarded *forwarded = get_forwarded (stanza);

      g_assert_null (sleek_forwarded_get_stanza (forwarded));
      /* Setting a stanza leaves what is not a stanza alone. */
      sleek_forwarded_set_stanza (forwarded, NULL);
      g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (forwarded))), ==, 1);
    }
}

static void
test_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekPlugin *plugin = sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0297");

  g_assert_true (SLEEK_IS_FORWARDING (plugin));
  g_assert_cmpstr (sleek_plugin_get_name (plugin), ==, "xep_0297");
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0203"));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0297", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0297"));
}

/* Outside a message (inside a carbon or an archive result, say), the
 * element still parses into its own types. */
static void
test_standalone (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) stanza = parse ("<forwarded xmlns='" FORWARD_NS "'>"
                                         "<delay xmlns='" DELAY_NS "' stamp='2010-07-10T23:08:25Z'/>"
                                         "<message xmlns='jabber:client' to='a@b'><body>hi</body></message>"
                                         "</forwarded>");
  g_autoptr(SleekStanza) delay = NULL;
  SleekStanza *inner;

  g_assert_true (SLEEK_IS_FORWARDED (stanza));
  inner = sleek_forwarded_get_stanza (SLEEK_FORWARDED (stanza));
  g_assert_true (SLEEK_IS_MESSAGE (inner));
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (inner)), ==, "hi");
  g_assert_nonnull (sleek_forwarded_get_delay (SLEEK_FORWARDED (stanza)));
  delay = parse ("<delay xmlns='" DELAY_NS "' stamp='2010-07-10T23:08:25Z'/>");
  g_assert_true (SLEEK_IS_DELAY (delay));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0297/parse-example", test_parse_example);
  ADD ("/xep-0297/inner-kinds", test_inner_kinds);
  ADD ("/xep-0297/build", test_build);
  ADD ("/xep-0297/replace-and-namespace", test_replace_and_namespace);
  ADD ("/xep-0297/absent-stanza", test_absent_stanza);
  ADD ("/xep-0297/not-a-stanza", test_not_a_stanza);
  ADD ("/xep-0297/standalone", test_standalone);
  ADD ("/xep-0297/plugin", test_plugin);

  return g_test_run ();
}
