/* test-xep-0382.c: SleekSpoilers, XEP-0382 Spoiler messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define SPOILER "urn:xmpp:spoiler:0"

typedef struct {
  PluginFixture base;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  pt_setup (&f->base, data);
  pt_enable (&f->base, "xep_0382");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  g_assert_true (SLEEK_IS_SPOILERS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0382")));
  pt_check_advertised (&f->base, "xep_0382", SPOILER);
}

static void
test_parse (Fixture *f, gconstpointer data)
{
  /* The XEP's examples: one hint, then one per language. */
  g_autoptr(SleekMessage) one =
    pt_message ("<message xmlns='jabber:client'><body>And at the end of the story, both of them die!</body>"
                "<spoiler xmlns='" SPOILER "'>Love story end</spoiler></message>");
  g_autoptr(SleekMessage) many =
    pt_message ("<message xmlns='jabber:client'><body>Stern der Liebe</body>"
                "<spoiler xmlns='" SPOILER "' xml:lang='en'>Love story end</spoiler>"
                "<spoiler xmlns='" SPOILER "' xml:lang='DE'>Ende der Liebesgeschichte</spoiler></message>");
  g_autoptr(SleekMessage) bare =
    pt_message ("<message xmlns='jabber:client'><body>x</body><spoiler xmlns='" SPOILER "'/></message>");
  g_autoptr(SleekMessage) plain =
    pt_message ("<message xmlns='jabber:client'><body>x</body><spoiler xmlns='urn:other'>no</spoiler></message>");

  g_assert_true (sleek_message_get_spoiler (one));
  g_assert_cmpstr (sleek_message_get_spoiler_hint (one, NULL), ==, "Love story end");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (one, "fr"), ==, "Love story end");

  g_assert_true (sleek_message_get_spoiler (many));
  g_assert_cmpstr (sleek_message_get_spoiler_hint (many, "de"), ==, "Ende der Liebesgeschichte");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (many, "en"), ==, "Love story end");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (many, "fr"), ==, "Love story end");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (many, NULL), ==, "Love story end");

  g_assert_true (sleek_message_get_spoiler (bare));
  g_assert_null (sleek_message_get_spoiler_hint (bare, NULL));
  g_assert_false (sleek_message_get_spoiler (plain));
  g_assert_null (sleek_message_get_spoiler_hint (plain, NULL));
}

static void
test_write (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;

  g_assert_false (sleek_message_get_spoiler (message));
  sleek_message_add_spoiler (message, NULL, NULL);
  g_assert_true (sleek_message_get_spoiler (message));
  /* A hint replaces the empty spoiler; one per language, replaced in it. */
  sleek_message_add_spoiler (message, "Old", "en");
  sleek_message_add_spoiler (message, "Love story end", "EN");
  sleek_message_add_spoiler (message, "Ende", "de");
  sleek_message_add_spoiler (message, "Fin", NULL);
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'>"
                            "<spoiler xmlns='" SPOILER "' xml:lang='EN'>Love story end</spoiler>"
                            "<spoiler xmlns='" SPOILER "' xml:lang='de'>Ende</spoiler>"
                            "<spoiler xmlns='" SPOILER "'>Fin</spoiler></message>");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (message, NULL), ==, "Fin");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (message, "en"), ==, "Love story end");
  sleek_message_add_spoiler (message, "Fin 2", NULL);
  g_assert_cmpstr (sleek_message_get_spoiler_hint (message, NULL), ==, "Fin 2");

  sleek_message_remove_spoiler (message);
  g_assert_false (sleek_message_get_spoiler (message));
  again = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_cmpstr (again, ==, "<message xmlns='jabber:client'/>");
}

static void
test_sent (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "Both die.", NULL, "chat");

  sleek_message_add_spoiler (message, "The end", "en");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>Both die.</body>"
                            "<spoiler xmlns='" SPOILER "' xml:lang='en'>The end</spoiler></message>");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0382/advertised", test_advertised);
  ADD ("/xep-0382/parse", test_parse);
  ADD ("/xep-0382/write", test_write);
  ADD ("/xep-0382/sent", test_sent);

  return g_test_run ();
}
