/* test-xep-0280.c: SleekCarbons, XEP-0280 Message Carbons
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define CARBONS "urn:xmpp:carbons:2"
#define FORWARD "urn:xmpp:forward:0"
#define HINTS "urn:xmpp:hints"

typedef struct {
  PluginFixture base;
  SleekCarbons *carbons;
  gboolean done;
  gboolean ok;
  GError *error;
  guint notified;
  GPtrArray *received;   /* SleekMessage */
  GPtrArray *sent;       /* SleekMessage */
} Fixture;

static void
on_carbon_received (SleekCarbons *carbons, SleekMessage *message, Fixture *f)
{
  g_ptr_array_add (f->received, g_object_ref (message));
}

static void
on_carbon_sent (SleekCarbons *carbons, SleekMessage *message, Fixture *f)
{
  g_ptr_array_add (f->sent, g_object_ref (message));
}

static void
on_notify (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->notified++;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0280", &error));
  g_assert_no_error (error);
  f->carbons = SLEEK_CARBONS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0280"));
  f->received = g_ptr_array_new_with_free_func (g_object_unref);
  f->sent = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->carbons, "carbon-received", G_CALLBACK (on_carbon_received), f);
  g_signal_connect (f->carbons, "carbon-sent", G_CALLBACK (on_carbon_sent), f);
  g_signal_connect (f->carbons, "notify::enabled", G_CALLBACK (on_notify), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_error (&f->error);
  g_ptr_array_unref (f->received);
  g_ptr_array_unref (f->sent);
}

static void
on_enabled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_error (&f->error);
  f->ok = sleek_carbons_enable_finish (SLEEK_CARBONS (source), result, &f->error);
  f->done = TRUE;
}

static void
on_disabled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_error (&f->error);
  f->ok = sleek_carbons_disable_finish (SLEEK_CARBONS (source), result, &f->error);
  f->done = TRUE;
}

static void
answer (Fixture *f, const char *format, const char *id)
{
  g_autoptr(GString) xml = g_string_new (format);

  g_string_replace (xml, "%s", id, 0);
  pt_recv (&f->base, xml->str);
}

static void
test_dependencies (Fixture *f, gconstpointer data)
{
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0297"));
  g_assert_false (sleek_carbons_get_enabled (f->carbons));
}

static void
test_enable_disable (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  gboolean enabled = FALSE;

  sleek_carbons_enable_async (f->carbons, NULL, on_enabled, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><enable xmlns='" CARBONS "'/></iq>");
  g_assert_false (sleek_carbons_get_enabled (f->carbons));
  answer (f, "<iq type='result' id='%s' to='" OWN_JID "'/>", id);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_true (sleek_carbons_get_enabled (f->carbons));
  g_object_get (f->carbons, "enabled", &enabled, NULL);
  g_assert_true (enabled);
  g_assert_cmpuint (f->notified, ==, 1);

  f->done = FALSE;
  sleek_carbons_disable_async (f->carbons, NULL, on_disabled, f);
  id2 = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><disable xmlns='" CARBONS "'/></iq>");
  answer (f, "<iq type='result' id='%s' to='" OWN_JID "'/>", id2);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_false (sleek_carbons_get_enabled (f->carbons));
  g_assert_cmpuint (f->notified, ==, 2);
}

static void
test_enable_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  sleek_carbons_enable_async (f->carbons, NULL, on_enabled, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><enable xmlns='" CARBONS "'/></iq>");
  answer (f, "<iq type='error' id='%s' to='" OWN_JID "'><error type='cancel'>"
             "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  g_assert_false (f->ok);
  g_assert_false (sleek_carbons_get_enabled (f->carbons));
  g_assert_cmpuint (f->notified, ==, 0);
}

static void
test_enable_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;

  sleek_carbons_enable_async (f->carbons, cancellable, on_enabled, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><enable xmlns='" CARBONS "'/></iq>");
  g_cancellable_cancel (cancellable);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (sleek_carbons_get_enabled (f->carbons));
}

#define RECEIVED_CARBON(from)                                                                    \
  "<message from='" from "' to='" OWN_JID "' type='chat'>"                                       \
  "<received xmlns='" CARBONS "'><forwarded xmlns='" FORWARD "'>"                                \
  "<message xmlns='jabber:client' from='" ROMEO "' to='juliet@example.com/chamber' type='chat'>" \
  "<body>Wherefore art thou?</body></message></forwarded></received></message>"

#define SENT_CARBON(from)                                                                        \
  "<message from='" from "' to='" OWN_JID "' type='chat'>"                                       \
  "<sent xmlns='" CARBONS "'><forwarded xmlns='" FORWARD "'>"                                    \
  "<message xmlns='jabber:client' to='" ROMEO "' from='juliet@example.com/chamber' type='chat'>" \
  "<body>Here I am</body></message></forwarded></sent></message>"

static void
test_received (Fixture *f, gconstpointer data)
{
  SleekMessage *message;

  pt_recv (&f->base, RECEIVED_CARBON ("juliet@example.com"));
  g_assert_cmpuint (f->received->len, ==, 1);
  g_assert_cmpuint (f->sent->len, ==, 0);
  message = f->received->pdata[0];
  g_assert_cmpstr (sleek_message_get_body (message), ==, "Wherefore art thou?");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (message))), ==, ROMEO);
  g_assert_cmpint (sleek_message_get_message_type (message), ==, SLEEK_MESSAGE_TYPE_CHAT);
}

static void
test_sent (Fixture *f, gconstpointer data)
{
  SleekMessage *message;

  pt_recv (&f->base, SENT_CARBON ("juliet@example.com"));
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpuint (f->received->len, ==, 0);
  message = f->sent->pdata[0];
  g_assert_cmpstr (sleek_message_get_body (message), ==, "Here I am");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (SLEEK_STANZA (message))), ==, ROMEO);
}

/* No `from` is our own account, as RFC 6120 says. */
static void
test_without_from (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message to='" OWN_JID "'><received xmlns='" CARBONS "'><forwarded xmlns='" FORWARD "'>"
                     "<message xmlns='jabber:client' from='" ROMEO "' type='chat'><body>x</body></message>"
                     "</forwarded></received></message>");
  g_assert_cmpuint (f->received->len, ==, 1);
}

/* The classic forgery: a contact sends us a "carbon" of a message we
 * never got, or one of ours we never sent. Only our bare JID may. */
static void
test_forged (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, RECEIVED_CARBON ("romeo@example.net"));
  pt_recv (&f->base, RECEIVED_CARBON (ROMEO));
  pt_recv (&f->base, SENT_CARBON ("romeo@example.net"));
  pt_recv (&f->base, SENT_CARBON ("example.com"));
  /* One of our own resources is not our account either. */
  pt_recv (&f->base, SENT_CARBON ("juliet@example.com/chamber"));
  pt_recv (&f->base, RECEIVED_CARBON ("juliet@example.org"));
  g_assert_cmpuint (f->received->len, ==, 0);
  g_assert_cmpuint (f->sent->len, ==, 0);
  /* Nothing is sent back either. */
  pt_expect_silence (&f->base);
}

static void
test_malformed (Fixture *f, gconstpointer data)
{
  /* No forwarded, an empty one, an iq inside, a foreign namespace. */
  pt_recv (&f->base, "<message from='juliet@example.com'><received xmlns='" CARBONS "'/></message>");
  pt_recv (&f->base, "<message from='juliet@example.com'><sent xmlns='" CARBONS "'>"
                     "<forwarded xmlns='" FORWARD "'/></sent></message>");
  pt_recv (&f->base, "<message from='juliet@example.com'><received xmlns='" CARBONS "'>"
                     "<forwarded xmlns='" FORWARD "'><iq xmlns='jabber:client' type='get' id='x'/></forwarded>"
                     "</received></message>");
  pt_recv (&f->base, "<message from='juliet@example.com'><received xmlns='urn:xmpp:carbons:1'>"
                     "<forwarded xmlns='" FORWARD "'><message xmlns='jabber:client'><body>old</body></message>"
                     "</forwarded></received></message>");
  /* A plain message is no carbon. */
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>hi</body></message>");
  g_assert_cmpuint (f->received->len, ==, 0);
  g_assert_cmpuint (f->sent->len, ==, 0);
}

static void
test_private (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "secret", NULL, "chat");

  g_assert_false (sleek_message_get_carbons_private (message));
  sleek_message_set_carbons_private (message, TRUE);
  sleek_message_set_carbons_private (message, TRUE);
  g_assert_true (sleek_message_get_carbons_private (message));
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>secret</body>"
                            "<private xmlns='" CARBONS "'/><no-copy xmlns='" HINTS "'/></message>");
  sleek_message_set_carbons_private (message, FALSE);
  g_assert_false (sleek_message_get_carbons_private (message));
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>secret</body></message>");
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0280", &error));
  g_assert_no_error (error);
  pt_recv (&f->base, RECEIVED_CARBON ("juliet@example.com"));
  g_assert_cmpuint (f->received->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0280/dependencies", test_dependencies);
  ADD ("/xep-0280/enable-disable", test_enable_disable);
  ADD ("/xep-0280/enable-refused", test_enable_refused);
  ADD ("/xep-0280/enable-cancelled", test_enable_cancelled);
  ADD ("/xep-0280/received", test_received);
  ADD ("/xep-0280/sent", test_sent);
  ADD ("/xep-0280/without-from", test_without_from);
  ADD ("/xep-0280/forged", test_forged);
  ADD ("/xep-0280/malformed", test_malformed);
  ADD ("/xep-0280/private", test_private);
  ADD ("/xep-0280/removed", test_removed);

  return g_test_run ();
}
