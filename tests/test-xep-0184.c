/* test-xep-0184.c: SleekDeliveryReceipts, XEP-0184 Message Delivery Receipts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define RECEIPTS "urn:xmpp:receipts"

typedef struct {
  PluginFixture base;
  SleekDeliveryReceipts *receipts;
  GPtrArray *acks;   /* "jid id" strings */
} Fixture;

static void
on_receipt (SleekDeliveryReceipts *receipts, SleekJid *jid, const char *id, Fixture *f)
{
  g_ptr_array_add (f->acks, g_strdup_printf ("%s %s", sleek_jid_to_string (jid), id));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0184", &error));
  g_assert_no_error (error);
  f->receipts = SLEEK_DELIVERY_RECEIPTS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0184"));
  f->acks = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->receipts, "receipt-received", G_CALLBACK (on_receipt), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_ptr_array_unref (f->acks);
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  g_assert_true (sleek_disco_info_has_feature (info, RECEIPTS));
  g_assert_true (sleek_delivery_receipts_get_auto_request (f->receipts));
  g_assert_true (sleek_delivery_receipts_get_auto_ack (f->receipts));
}

static void
test_request_added (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "hi", NULL, "chat");
  g_autoptr(SleekMessage) with_id = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "again", NULL, "chat");
  g_autofree char *id = NULL;

  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (message));
  id = pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'><body>hi</body>"
                                        "<request xmlns='" RECEIPTS "'/></message>");
  /* A new id, kept in the message sent. */
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (message)), ==, id);
  g_assert_true (sleek_message_get_receipt_request (message));

  sleek_stanza_set_id (SLEEK_STANZA (with_id), "m2");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (with_id));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat' id='m2'><body>again</body>"
                            "<request xmlns='" RECEIPTS "'/></message>");
}

static void
test_request_not_added (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) chat = sleek_base_xmpp_make_message (f->base.xmpp, ROMEO, "off", NULL, "chat");

  /* Not without a body, not in group chat or normal messages. */
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, NULL, "chat");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'/>");
  sleek_base_xmpp_send_message (f->base.xmpp, "room@muc.example.com", "all", "groupchat");
  pt_expect_send (&f->base, "<message to='room@muc.example.com' type='groupchat'><body>all</body></message>");
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, "note", "normal");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='normal'><body>note</body></message>");

  /* Turned off. */
  g_object_set (f->receipts, "auto-request", FALSE, NULL);
  g_assert_false (sleek_delivery_receipts_get_auto_request (f->receipts));
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->base.xmpp), SLEEK_STANZA (chat));
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>off</body></message>");
  g_assert_false (sleek_message_get_receipt_request (chat));
}

static void
test_auto_ack (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "' type='chat' id='r1'><body>hi</body>"
                     "<request xmlns='" RECEIPTS "'/></message>");
  g_free (pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'>"
                                   "<received xmlns='" RECEIPTS "' id='r1'/></message>"));
  /* A normal message: a receipt without a type. */
  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "' id='r2'><body>hi</body>"
                     "<request xmlns='" RECEIPTS "'/></message>");
  g_free (pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' id='%s'><received xmlns='" RECEIPTS "' id='r2'/></message>"));
  g_assert_cmpuint (f->acks->len, ==, 0);
}

static void
test_no_ack (Fixture *f, gconstpointer data)
{
  /* Group chat, error, no id, ourselves, no request. */
  pt_recv (&f->base, "<message from='room@muc.example.com/romeo' type='groupchat' id='g1'><body>x</body>"
                     "<request xmlns='" RECEIPTS "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error' id='e1'><request xmlns='" RECEIPTS "'/>"
                     "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat'><body>x</body><request xmlns='" RECEIPTS "'/></message>");
  pt_recv (&f->base, "<message from='juliet@example.com/chamber' type='chat' id='s1'><body>x</body>"
                     "<request xmlns='" RECEIPTS "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat' id='n1'><body>x</body></message>");
  pt_expect_silence (&f->base);

  /* Turned off. */
  sleek_delivery_receipts_set_auto_ack (f->receipts, FALSE);
  g_assert_false (sleek_delivery_receipts_get_auto_ack (f->receipts));
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat' id='o1'><body>x</body>"
                     "<request xmlns='" RECEIPTS "'/></message>");
  pt_expect_silence (&f->base);
}

static void
test_send_receipt (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) request =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "' type='chat' id='q1'>"
                   "<request xmlns='" RECEIPTS "'/></message>");
  g_autoptr(SleekMessage) plain =
    pt_message ("<message xmlns='jabber:client' from='" ROMEO "' type='chat' id='q2'/>");
  g_autoptr(SleekMessage) group =
    pt_message ("<message xmlns='jabber:client' from='room@muc.example.com/x' type='groupchat' id='q3'>"
                   "<request xmlns='" RECEIPTS "'/></message>");
  g_autoptr(GError) error = NULL;

  sleek_delivery_receipts_set_auto_ack (f->receipts, FALSE);
  g_assert_true (sleek_delivery_receipts_send_receipt (f->receipts, request, &error));
  g_assert_no_error (error);
  g_free (pt_expect_send_any_id (&f->base, "<message to='" ROMEO "' type='chat' id='%s'>"
                                   "<received xmlns='" RECEIPTS "' id='q1'/></message>"));
  g_assert_false (sleek_delivery_receipts_send_receipt (f->receipts, plain, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sleek_delivery_receipts_send_receipt (f->receipts, group, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_receipt_received (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "' id='x1'><received xmlns='" RECEIPTS "' id='m1'/></message>");
  /* Before XEP-0184 1.1 the receipt carried the id itself. */
  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "' id='m2'><received xmlns='" RECEIPTS "'/></message>");
  /* Nothing to name, or an error: no receipt. */
  pt_recv (&f->base, "<message from='" ROMEO "' to='" OWN_JID "'><received xmlns='" RECEIPTS "'/></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='error' id='m3'><received xmlns='" RECEIPTS "' id='m3'/></message>");
  g_assert_cmpuint (f->acks->len, ==, 2);
  g_assert_cmpstr (f->acks->pdata[0], ==, ROMEO " m1");
  g_assert_cmpstr (f->acks->pdata[1], ==, ROMEO " m2");
  /* A receipt is not acknowledged. */
  pt_expect_silence (&f->base);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0184", &error));
  g_assert_no_error (error);
  sleek_base_xmpp_send_message (f->base.xmpp, ROMEO, "plain", "chat");
  pt_expect_send (&f->base, "<message to='" ROMEO "' type='chat'><body>plain</body></message>");
  pt_recv (&f->base, "<message from='" ROMEO "' type='chat' id='r1'><body>hi</body>"
                     "<request xmlns='" RECEIPTS "'/></message>");
  pt_expect_silence (&f->base);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0184/advertised", test_advertised);
  ADD ("/xep-0184/request/added", test_request_added);
  ADD ("/xep-0184/request/not-added", test_request_not_added);
  ADD ("/xep-0184/ack/auto", test_auto_ack);
  ADD ("/xep-0184/ack/not-sent", test_no_ack);
  ADD ("/xep-0184/ack/explicit", test_send_receipt);
  ADD ("/xep-0184/receipt-received", test_receipt_received);
  ADD ("/xep-0184/removed", test_removed);

  return g_test_run ();
}
