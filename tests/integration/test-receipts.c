/* test-receipts.c: XEP-0184 Message Delivery Receipts against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet and Romeo both enable xep_0184: Juliet's chat message asks for a
 * receipt, Romeo's plugin answers it, and Juliet's signal names the
 * message. Every body carries a token of the run.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  char *token;
  GPtrArray *acks;          /* ids Juliet got receipts for, from Romeo */
  SleekMessage *got;        /* Romeo's copy of the message */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  f->acks = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->juliet != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  g_clear_object (&f->got);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
  g_ptr_array_unref (f->acks);
}

static void
on_receipt (SleekDeliveryReceipts *receipts, SleekJid *jid, const char *id, Fixture *f)
{
  if (g_strcmp0 (sleek_jid_to_string (jid),
                 sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo)))) == 0)
    g_ptr_array_add (f->acks, g_strdup (id));
}

static void
on_romeo_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  const char *body = sleek_message_get_body (message);

  if (f->got == NULL && body != NULL && g_str_has_suffix (body, f->token))
    f->got = g_object_ref (message);
}

static void
test_receipt (Fixture *f, gconstpointer data)
{
  g_autofree char *body = g_strdup_printf ("receipt please %s", f->token);
  g_autoptr(SleekMessage) message = NULL;
  SleekDeliveryReceipts *receipts;
  const char *id;

  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  receipts = client_util_enable (f->juliet, "xep_0184");
  client_util_enable (f->romeo, "xep_0184");
  g_signal_connect (receipts, "receipt-received", G_CALLBACK (on_receipt), f);
  g_signal_connect (f->romeo, "message", G_CALLBACK (on_romeo_message), f);

  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet),
                                          sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo))),
                                          body, NULL, "chat");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  id = sleek_stanza_get_id (SLEEK_STANZA (message));
  g_assert_nonnull (id);

  WAIT_UNTIL (f->acks->len > 0, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (f->acks->pdata[0], ==, id);
  /* Romeo saw the request and the id. */
  WAIT_UNTIL (f->got != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_message_get_receipt_request (f->got));
  g_assert_cmpstr (sleek_stanza_get_id (SLEEK_STANZA (f->got)), ==, id);
}

/* With auto-ack off, Romeo answers himself. */
static void
test_explicit_receipt (Fixture *f, gconstpointer data)
{
  g_autofree char *body = g_strdup_printf ("answer yourself %s", f->token);
  g_autoptr(SleekMessage) message = NULL;
  SleekDeliveryReceipts *juliet_receipts, *romeo_receipts;
  g_autoptr(GError) error = NULL;

  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  juliet_receipts = client_util_enable (f->juliet, "xep_0184");
  romeo_receipts = client_util_enable (f->romeo, "xep_0184");
  sleek_delivery_receipts_set_auto_ack (romeo_receipts, FALSE);
  g_signal_connect (juliet_receipts, "receipt-received", G_CALLBACK (on_receipt), f);
  g_signal_connect (f->romeo, "message", G_CALLBACK (on_romeo_message), f);

  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet),
                                          sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo))),
                                          body, NULL, "chat");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  WAIT_UNTIL (f->got != NULL, CLIENT_UTIL_TIMEOUT);
  client_util_spin (0.3);
  g_assert_cmpuint (f->acks->len, ==, 0);

  g_assert_true (sleek_delivery_receipts_send_receipt (romeo_receipts, f->got, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (f->acks->len > 0, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (f->acks->pdata[0], ==, sleek_stanza_get_id (SLEEK_STANZA (message)));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/receipts/auto", test_receipt);
  ADD ("/receipts/explicit", test_explicit_receipt);

  return g_test_run ();
}
