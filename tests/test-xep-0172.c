/* test-xep-0172.c: SleekUserNickname, XEP-0172 User Nickname
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define NICK "http://jabber.org/protocol/nick"

typedef struct {
  PluginFixture base;
  SleekUserNickname *nick;
  guint notified;
} Fixture;

static void
on_notify (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->notified++;
}

static void
setup (Fixture *f, gconstpointer data)
{
  pt_setup (&f->base, data);
  f->nick = SLEEK_USER_NICKNAME (pt_enable (&f->base, "xep_0172"));
  g_signal_connect (f->nick, "notify::nick", G_CALLBACK (on_notify), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
}

static void
test_accessors (Fixture *f, gconstpointer data)
{
  /* The XEP's examples: a subscription request and a message. */
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) subscribe =
    sleek_stanza_parse ("<presence xmlns='jabber:client' from='narrator@moby-dick.lit' to='starbuck@moby-dick.lit' "
                        "type='subscribe'><nick xmlns='" NICK "'>Ishmael</nick></presence>", &error);
  g_autoptr(SleekMessage) message =
    pt_message ("<message xmlns='jabber:client' from='narrator@moby-dick.lit/pda' type='chat'>"
                "<body>Call me Ishmael.</body><nick xmlns='" NICK "'>Ishmael</nick></message>");
  g_autoptr(SleekMessage) empty = pt_message ("<message xmlns='jabber:client'><nick xmlns='" NICK "'/></message>");
  g_autoptr(SleekMessage) other = pt_message ("<message xmlns='jabber:client'><nick xmlns='urn:x'>No</nick></message>");
  g_autoptr(SleekMessage) built = sleek_message_new ();
  g_autofree char *xml = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_stanza_get_nick (subscribe), ==, "Ishmael");
  g_assert_cmpstr (sleek_stanza_get_nick (SLEEK_STANZA (message)), ==, "Ishmael");
  g_assert_null (sleek_stanza_get_nick (SLEEK_STANZA (empty)));
  g_assert_null (sleek_stanza_get_nick (SLEEK_STANZA (other)));

  sleek_stanza_set_nick (SLEEK_STANZA (built), "Old");
  sleek_stanza_set_nick (SLEEK_STANZA (built), "Zoë");
  xml = sleek_stanza_to_string (SLEEK_STANZA (built));
  g_assert_cmpstr (xml, ==, "<message xmlns='jabber:client'><nick xmlns='" NICK "'>Zoë</nick></message>");
  sleek_stanza_set_nick (SLEEK_STANZA (built), NULL);
  g_assert_null (sleek_stanza_get_nick (SLEEK_STANZA (built)));
}

static void
test_property (Fixture *f, gconstpointer data)
{
  g_autofree char *read = NULL;

  g_assert_null (sleek_user_nickname_get_nick (f->nick));
  sleek_user_nickname_set_nick (f->nick, "Juliet");
  sleek_user_nickname_set_nick (f->nick, "Juliet");
  g_assert_cmpuint (f->notified, ==, 1);
  g_object_get (f->nick, "nick", &read, NULL);
  g_assert_cmpstr (read, ==, "Juliet");
  g_object_set (f->nick, "nick", "", NULL);
  g_assert_null (sleek_user_nickname_get_nick (f->nick));
  g_assert_cmpuint (f->notified, ==, 2);
}

static void
test_subscription (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekPresence) own = sleek_base_xmpp_make_presence (f->base.xmpp, NULL, NULL, 0, ROMEO, "subscribe");

  /* Without a nickname, nothing is added. */
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, "romeo@example.net", "subscribe");
  pt_expect_send (&f->base, "<presence to='romeo@example.net' type='subscribe'/>");

  sleek_user_nickname_set_nick (f->nick, "Juliet");
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, "romeo@example.net", "subscribe");
  pt_expect_send (&f->base, "<presence to='romeo@example.net' type='subscribe'>"
                            "<nick xmlns='" NICK "'>Juliet</nick></presence>");
  /* A request with its own nickname keeps it. */
  sleek_stanza_set_nick (SLEEK_STANZA (own), "Jules");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (own));
  pt_expect_send (&f->base, "<presence to='" ROMEO "' type='subscribe'><nick xmlns='" NICK "'>Jules</nick></presence>");
  /* Never in other presences, nor in messages. */
  sleek_base_xmpp_send_presence (f->base.xmpp, "away", NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence><show>away</show></presence>");
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, "romeo@example.net", "subscribed");
  pt_expect_send (&f->base, "<presence to='romeo@example.net' type='subscribed'/>");
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, "hi", "chat");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>hi</body></message>");
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  sleek_user_nickname_set_nick (f->nick, "Juliet");
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0172", &error));
  g_assert_no_error (error);
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, "romeo@example.net", "subscribe");
  pt_expect_send (&f->base, "<presence to='romeo@example.net' type='subscribe'/>");
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0172/accessors", test_accessors);
  ADD ("/xep-0172/property", test_property);
  ADD ("/xep-0172/subscription", test_subscription);
  ADD ("/xep-0172/removed", test_removed);

  return g_test_run ();
}
