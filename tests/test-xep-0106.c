/* test-xep-0106.c: XEP-0106 JID Escaping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

/* The examples table of XEP-0106 (§5 and Appendix): the node as the
 * user sees it and the escaped localpart. */
static const struct {
  const char *unescaped;
  const char *escaped;
} examples[] = {
  { "space cadet", "space\\20cadet" },
  { "call me \"ishmael\"", "call\\20me\\20\\22ishmael\\22" },
  { "at&t guy", "at\\26t\\20guy" },
  { "d'artagnan", "d\\27artagnan" },
  { "/.fanboy", "\\2f.fanboy" },
  { "::foo::", "\\3a\\3afoo\\3a\\3a" },
  { "<foo>", "\\3cfoo\\3e" },
  { "user@host", "user\\40host" },
  { "c:\\net", "c\\3a\\net" },
  { "c:\\\\net", "c\\3a\\\\net" },
  { "c:\\cool stuff", "c\\3a\\cool\\20stuff" },
  { "c:\\5commas", "c\\3a\\5c5commas" },
};

static void
test_escape_examples (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = sleek_jid_escape_node (examples[i].unescaped, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (escaped, ==, examples[i].escaped);
    }
}

static void
test_unescape_examples (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autofree char *unescaped = sleek_jid_unescape_node (examples[i].escaped);

      g_assert_cmpstr (unescaped, ==, examples[i].unescaped);
    }
}

static void
test_every_character (void)
{
  static const char * const table[][2] = {
    { " ", "\\20" }, { "\"", "\\22" }, { "&", "\\26" }, { "'", "\\27" }, { "/", "\\2f" },
    { ":", "\\3a" }, { "<", "\\3c" }, { ">", "\\3e" }, { "@", "\\40" }, { "\\5c", "\\5c5c" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *in = g_strconcat ("a", table[i][0], "b", NULL);
      g_autofree char *want = g_strconcat ("a", table[i][1], "b", NULL);
      g_autofree char *escaped = sleek_jid_escape_node (in, NULL);
      g_autofree char *back = sleek_jid_unescape_node (escaped);

      g_assert_cmpstr (escaped, ==, want);
      g_assert_cmpstr (back, ==, in);
    }
}

static void
test_untouched (void)
{
  static const char * const same[] = {
    "", "juliet", "ju.liet_42", "\\", "a\\", "a\\b", "a\\2", "a\\41", "a\\5C", "a\\2F", "a\\zz", "\\\\",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *escaped = sleek_jid_escape_node (same[i], NULL);
      g_autofree char *unescaped = sleek_jid_unescape_node (same[i]);

      g_assert_cmpstr (escaped, ==, same[i]);
      g_assert_cmpstr (unescaped, ==, same[i]);
    }
}

static void
test_edge_spaces (void)
{
  static const char * const bad[] = { " ", " juliet", "juliet ", "  space  " };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = sleek_jid_escape_node (bad[i], &error);

      g_assert_null (escaped);
      g_assert_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_LOCAL_FORBIDDEN);
    }
}

static void
test_round_trip (void)
{
  static const char * const nodes[] = {
    "\\20", "\\5c", "a\\40b", "x@y/z", "\"quoted\"", "\\3a\\", "é l'été", "a  b",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_autofree char *escaped = sleek_jid_escape_node (nodes[i], NULL);
      g_autofree char *back = NULL;

      g_assert_nonnull (escaped);
      back = sleek_jid_unescape_node (escaped);
      g_assert_cmpstr (back, ==, nodes[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autofree char *escaped = sleek_jid_escape_node (examples[i].unescaped, NULL);
      g_autofree char *back = sleek_jid_unescape_node (escaped);

      g_assert_cmpstr (back, ==, examples[i].unescaped);
    }
}

/* Escaped nodes are valid localparts: the JIDs of the XEP's table parse. */
static void
test_valid_localparts (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = sleek_jid_escape_node (examples[i].unescaped, NULL);
      g_autofree char *text = g_strconcat (escaped, "@example.com", NULL);
      g_autoptr(SleekJid) jid = sleek_jid_new (text, &error);

      g_assert_no_error (error);
      g_assert_nonnull (jid);
      g_assert_cmpstr (sleek_jid_get_local (jid), ==, escaped);
      g_assert_cmpstr (sleek_jid_get_domain (jid), ==, "example.com");
      g_assert_null (sleek_jid_get_resource (jid));
    }
}

static void
test_plugin (void)
{
  PluginFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  SleekPlugin *plugin;

  pt_setup (&f, NULL);
  g_assert_true (sleek_base_xmpp_register_plugin (f.xmpp, "xep_0106", &error));
  g_assert_no_error (error);
  plugin = sleek_base_xmpp_get_plugin (f.xmpp, "xep_0106");
  g_assert_true (SLEEK_IS_JID_ESCAPING (plugin));
  g_assert_cmpstr (sleek_plugin_get_name (plugin), ==, "xep_0106");
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f.xmpp, "xep_0030"));

  pt_recv (&f, "<iq type='get' id='d1' from='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
  pt_expect_send (&f, "<iq type='result' id='d1' to='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='pc'/>"
                      "<feature var='http://jabber.org/protocol/disco#info'/>"
                      "<feature var='http://jabber.org/protocol/disco#items'/>"
                      "<feature var='jid\\20escaping'/></query></iq>");

  g_assert_true (sleek_base_xmpp_remove_plugin (f.xmpp, "xep_0106", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_base_xmpp_get_plugin (f.xmpp, "xep_0106"));
  pt_recv (&f, "<iq type='get' id='d2' from='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
  pt_expect_send (&f, "<iq type='result' id='d2' to='" ROMEO "'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='pc'/>"
                      "<feature var='http://jabber.org/protocol/disco#info'/>"
                      "<feature var='http://jabber.org/protocol/disco#items'/></query></iq>");
  pt_teardown (&f, NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0106/escape-examples", test_escape_examples);
  g_test_add_func ("/xep-0106/unescape-examples", test_unescape_examples);
  g_test_add_func ("/xep-0106/every-character", test_every_character);
  g_test_add_func ("/xep-0106/untouched", test_untouched);
  g_test_add_func ("/xep-0106/edge-spaces", test_edge_spaces);
  g_test_add_func ("/xep-0106/round-trip", test_round_trip);
  g_test_add_func ("/xep-0106/valid-localparts", test_valid_localparts);
  g_test_add_func ("/xep-0106/plugin", test_plugin);

  return g_test_run ();
}
