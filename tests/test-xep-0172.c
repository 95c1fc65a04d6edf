/* test-xep-0172.c: SleekUserNickname, XEP-0172 User Nickname
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define NICK "http://jabber.org/protocol/nick"
#define PS "http://jabber.org/protocol/pubsub"
#define PS_EVENT PS "#event"

typedef struct {
  PluginFixture base;
  SleekUserNickname *nick;
  guint notified;
  gboolean done;
  GAsyncResult *result;
  GPtrArray *changes;
} Fixture;

static void
on_notify (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->notified++;
}

static void
on_nick_changed (SleekUserNickname *nick, SleekJid *jid, const char *text, Fixture *f)
{
  g_ptr_array_add (f->changes, g_strdup_printf ("%s %s", sleek_jid_to_string (jid), text != NULL ? text : "(none)"));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  f->nick = SLEEK_USER_NICKNAME (pt_enable (&f->base, "xep_0172"));
  f->changes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->nick, "notify::nick", G_CALLBACK (on_notify), f);
  g_signal_connect (f->nick, "nick-changed", G_CALLBACK (on_nick_changed), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->result);
  g_ptr_array_unref (f->changes);
  pt_teardown (&f->base, data);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->result);
  f->result = g_object_ref (result);
  f->done = TRUE;
}

static void
drain (Fixture *f)
{
  while (g_main_context_iteration (f->base.ctx, FALSE))
    ;
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
  g_autoptr(SleekNode) sent = NULL;
  g_autoptr(GError) error = NULL;

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
  sent = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  /* (with the entity capabilities xep_0163 brings) */
  g_assert_cmpstr (sleek_node_get_child_text (sent, "show", NULL), ==, "away");
  g_assert_null (sleek_node_get_child (sent, "nick", NICK));
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

/* Publishes @nick and checks that @payload goes out; the server answers
 * @reply (with the request's id for %s); returns what finish says. */
static gboolean
publish (Fixture *f, const char *nick, const char *payload, const char *reply, GError **error)
{
  g_autofree char *sent = g_strdup_printf ("<iq type='set' id='%%s'><pubsub xmlns='" PS "'><publish node='" NICK "'>"
                                           "<item>%s</item></publish></pubsub></iq>", payload);

  sleek_user_nickname_publish_async (f->nick, nick, NULL, on_done, f);
  pt_answer_any_id (&f->base, sent, reply);
  pt_wait_for (&f->base, &f->done);
  f->done = FALSE;
  return sleek_user_nickname_publish_finish (f->nick, f->result, error);
}

static void
test_publish (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (publish (f, "Ishmael", "<nick xmlns='" NICK "'>Ishmael</nick>",
                          "<iq type='result' id='%s'/>", &error));
  g_assert_no_error (error);
  /* Publishing does not change what subscription requests carry. */
  g_assert_null (sleek_user_nickname_get_nick (f->nick));
  /* Clearing it is an empty <nick/>. */
  g_assert_true (publish (f, NULL, "<nick xmlns='" NICK "'/>", "<iq type='result' id='%s'/>", &error));
  g_assert_no_error (error);
  g_assert_true (publish (f, "", "<nick xmlns='" NICK "'/>", "<iq type='result' id='%s'/>", &error));
  g_assert_no_error (error);
  /* The server's refusal. */
  g_assert_false (publish (f, "Ishmael", "<nick xmlns='" NICK "'>Ishmael</nick>",
                           "<iq type='error' id='%s'><error type='cancel'>"
                           "<feature-not-implemented xmlns='" NS_STANZAS "'/></error></iq>", &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED);
}

static void
test_publish_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  sleek_user_nickname_publish_async (f->nick, "Ishmael", cancellable, on_done, f);
  g_cancellable_cancel (cancellable);
  pt_wait_for (&f->base, &f->done);
  g_assert_false (sleek_user_nickname_publish_finish (f->nick, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_publish_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekUserNickname) nick = g_object_ref (f->nick);

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0172", &error));
  g_assert_no_error (error);
  sleek_user_nickname_publish_async (nick, "Ishmael", NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_false (sleek_user_nickname_publish_finish (nick, f->result, &error));
  g_assert_nonnull (error);
  pt_expect_silence (&f->base);
}

static gboolean
has_notify (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, NICK "+notify");
}

static void
test_interested (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean read = FALSE;

  g_assert_true (sleek_user_nickname_get_interested (f->nick));
  g_assert_true (has_notify (f));
  sleek_user_nickname_set_interested (f->nick, FALSE);
  g_assert_false (has_notify (f));
  g_object_get (f->nick, "interested", &read, NULL);
  g_assert_false (read);
  g_object_set (f->nick, "interested", TRUE, NULL);
  g_assert_true (has_notify (f));

  /* Withdrawn with the plugin, advertised again with a new one. */
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0172", &error));
  g_assert_no_error (error);
  g_assert_false (has_notify (f));
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0172", &error));
  g_assert_no_error (error);
  f->nick = SLEEK_USER_NICKNAME (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0172"));
  g_assert_true (has_notify (f));
}

static void
roster_push (Fixture *f, const char *jid, const char *subscription)
{
  g_autofree char *push = g_strdup_printf ("<iq type='set' id='push'><query xmlns='jabber:iq:roster'>"
                                           "<item jid='%s' subscription='%s'/></query></iq>", jid, subscription);

  pt_recv (&f->base, push);
  pt_expect_send (&f->base, "<iq type='result' id='push'/>");
}

static void
event (Fixture *f, const char *from, const char *node, const char *item)
{
  g_autofree char *xml = g_strdup_printf ("<message from='%s'><event xmlns='" PS_EVENT "'><items node='%s'>%s</items>"
                                          "</event></message>", from, node, item);

  pt_recv (&f->base, xml);
}

static void
test_notification (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekJid) own = pt_jid (OWN_JID);
  g_autoptr(SleekJid) stranger = pt_jid ("tybalt@example.org");

  roster_push (f, "romeo@example.net", "both");
  event (f, "romeo@example.net", NICK, "<item id='current'><nick xmlns='" NICK "'>Romeo Montague</nick></item>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, "romeo@example.net Romeo Montague");
  g_assert_cmpstr (sleek_user_nickname_lookup (f->nick, romeo), ==, "Romeo Montague");

  /* The same again (as at each login) is no change. */
  event (f, "romeo@example.net", NICK, "<item id='current'><nick xmlns='" NICK "'>Romeo Montague</nick></item>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 1);

  /* Our own, from our account. */
  event (f, "juliet@example.com", NICK, "<item><nick xmlns='" NICK "'>Jules</nick></item>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 1), ==, "juliet@example.com Jules");
  g_assert_cmpstr (sleek_user_nickname_lookup (f->nick, own), ==, "Jules");

  /* Retracted: forgotten. */
  pt_recv (&f->base, "<message from='juliet@example.com'><event xmlns='" PS_EVENT "'><items node='" NICK "'>"
                     "<retract id='current'/></items></event></message>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 2), ==, "juliet@example.com (none)");
  g_assert_null (sleek_user_nickname_lookup (f->nick, own));

  /* Ignored: a stranger, a contact whose presence we do not see, a
   * service that is not an account's, another node, another payload. */
  roster_push (f, "mercutio@example.net", "from");
  event (f, "tybalt@example.org", NICK, "<item><nick xmlns='" NICK "'>Prince of Cats</nick></item>");
  event (f, "mercutio@example.net", NICK, "<item><nick xmlns='" NICK "'>Queen Mab</nick></item>");
  event (f, "pubsub.example.net", NICK, "<item><nick xmlns='" NICK "'>Service</nick></item>");
  event (f, "romeo@example.net", "http://jabber.org/protocol/tune",
         "<item><nick xmlns='" NICK "'>Wrong node</nick></item>");
  event (f, "romeo@example.net", NICK, "<item><name xmlns='urn:x'>Wrong payload</name></item>");
  event (f, "romeo@example.net", NICK, "<item/>");
  pt_recv (&f->base, "<message from='tybalt@example.org'><event xmlns='" PS_EVENT "'><items node='" NICK "'>"
                     "<retract id='current'/></items></event></message>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 3);
  g_assert_null (sleek_user_nickname_lookup (f->nick, stranger));
  g_assert_cmpstr (sleek_user_nickname_lookup (f->nick, romeo), ==, "Romeo Montague");
  pt_expect_silence (&f->base);
}

static void
test_notification_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid ("romeo@example.net");

  roster_push (f, "romeo@example.net", "to");
  /* Nothing known yet: clearing is no change. */
  event (f, "romeo@example.net", NICK, "<item><nick xmlns='" NICK "'/></item>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 0);
  event (f, "romeo@example.net", NICK, "<item><nick xmlns='" NICK "'>Romeo</nick></item>");
  event (f, "romeo@example.net", NICK, "<item><nick xmlns='" NICK "'/></item>");
  drain (f);
  g_assert_cmpuint (f->changes->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, "romeo@example.net Romeo");
  g_assert_cmpstr (g_ptr_array_index (f->changes, 1), ==, "romeo@example.net (none)");
  g_assert_null (sleek_user_nickname_lookup (f->nick, romeo));
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
  ADD ("/xep-0172/publish", test_publish);
  ADD ("/xep-0172/publish-cancelled", test_publish_cancelled);
  ADD ("/xep-0172/publish-disabled", test_publish_disabled);
  ADD ("/xep-0172/interested", test_interested);
  ADD ("/xep-0172/notification", test_notification);
  ADD ("/xep-0172/notification-empty", test_notification_empty);

  return g_test_run ();
}
