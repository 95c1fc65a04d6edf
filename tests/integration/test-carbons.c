/* test-carbons.c: XEP-0280 Message Carbons against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet has two sessions: the balcony talks with Romeo, the chamber
 * enables carbons and sees copies of what the balcony sends and receives,
 * through Prosody's mod_carbons. Every body carries a token of the run;
 * other tests' messages are passed over.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *balcony;
  SleekClientXmpp *chamber;
  SleekClientXmpp *romeo;
  SleekCarbons *carbons;    /* the chamber's */
  char *token;
  GPtrArray *received;      /* carbon-received messages of this run */
  GPtrArray *sent;          /* carbon-sent messages of this run */
  GPtrArray *direct;        /* bodies the chamber got itself */
  GPtrArray *romeo_got;     /* bodies Romeo got */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  f->received = g_ptr_array_new_with_free_func (g_object_unref);
  f->sent = g_ptr_array_new_with_free_func (g_object_unref);
  f->direct = g_ptr_array_new_with_free_func (g_free);
  f->romeo_got = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  SleekClientXmpp **clients[] = { &f->balcony, &f->chamber, &f->romeo };

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    if (*clients[i] != NULL)
      sleek_xml_stream_abort (SLEEK_XML_STREAM (*clients[i]));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    g_clear_object (clients[i]);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
  g_ptr_array_unref (f->received);
  g_ptr_array_unref (f->sent);
  g_ptr_array_unref (f->direct);
  g_ptr_array_unref (f->romeo_got);
}

static gboolean
ours (Fixture *f, SleekMessage *message)
{
  const char *body = sleek_message_get_body (message);

  return body != NULL && g_str_has_suffix (body, f->token);
}

static void
on_carbon_received (SleekCarbons *carbons, SleekMessage *message, Fixture *f)
{
  if (ours (f, message))
    g_ptr_array_add (f->received, g_object_ref (message));
}

static void
on_carbon_sent (SleekCarbons *carbons, SleekMessage *message, Fixture *f)
{
  if (ours (f, message))
    g_ptr_array_add (f->sent, g_object_ref (message));
}

static void
on_chamber_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  if (ours (f, message))
    g_ptr_array_add (f->direct, g_strdup (sleek_message_get_body (message)));
}

static void
on_romeo_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  if (ours (f, message))
    g_ptr_array_add (f->romeo_got, g_strdup (sleek_message_get_body (message)));
}

static const char *
full_jid (SleekClientXmpp *client)
{
  return sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client)));
}

static char *
body (Fixture *f, const char *what)
{
  return g_strdup_printf ("%s %s", what, f->token);
}

static void
set_carbons (Fixture *f, gboolean on)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (on)
    sleek_carbons_enable_async (f->carbons, NULL, client_util_store_result, &result);
  else
    sleek_carbons_disable_async (f->carbons, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  ok = on ? sleek_carbons_enable_finish (f->carbons, result, &error)
          : sleek_carbons_disable_finish (f->carbons, result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (sleek_carbons_get_enabled (f->carbons) == on);
}

/* Romeo writes to the chamber itself: once that arrived, every copy the
 * server made before it has arrived too. */
static void
barrier (Fixture *f, const char *what)
{
  g_autofree char *text = body (f, what);
  guint before = f->direct->len;

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->romeo), full_jid (f->chamber), text, "chat");
  WAIT_UNTIL (f->direct->len > before, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (g_ptr_array_index (f->direct, f->direct->len - 1), ==, text);
}

static void
log_in (Fixture *f)
{
  f->balcony = client_util_new_logged_in ("juliet");
  f->chamber = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  f->carbons = client_util_enable (f->chamber, "xep_0280");
  /* Copies go to available resources: ejabberd copies to none that has
   * not sent its presence. */
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->balcony), NULL, NULL, 0, NULL, NULL);
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->chamber), NULL, NULL, 0, NULL, NULL);
  g_signal_connect (f->carbons, "carbon-received", G_CALLBACK (on_carbon_received), f);
  g_signal_connect (f->carbons, "carbon-sent", G_CALLBACK (on_carbon_sent), f);
  g_signal_connect (f->chamber, "message", G_CALLBACK (on_chamber_message), f);
  g_signal_connect (f->romeo, "message", G_CALLBACK (on_romeo_message), f);
}

static void
test_received_and_sent (Fixture *f, gconstpointer data)
{
  g_autofree char *to_balcony = NULL;
  g_autofree char *from_balcony = NULL;
  SleekMessage *copy;

  log_in (f);
  set_carbons (f, TRUE);
  to_balcony = body (f, "to the balcony");
  from_balcony = body (f, "from the balcony");

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->romeo), full_jid (f->balcony), to_balcony, "chat");
  WAIT_UNTIL (f->received->len == 1, CLIENT_UTIL_TIMEOUT);
  copy = f->received->pdata[0];
  g_assert_cmpstr (sleek_message_get_body (copy), ==, to_balcony);
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_from (SLEEK_STANZA (copy))), ==, full_jid (f->romeo));
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (SLEEK_STANZA (copy))), ==, full_jid (f->balcony));

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->balcony), full_jid (f->romeo), from_balcony, "chat");
  WAIT_UNTIL (f->sent->len == 1, CLIENT_UTIL_TIMEOUT);
  copy = f->sent->pdata[0];
  g_assert_cmpstr (sleek_message_get_body (copy), ==, from_balcony);
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (SLEEK_STANZA (copy))), ==, full_jid (f->romeo));
  g_assert_cmpuint (f->received->len, ==, 1);
}

/* A private message is not copied; after disabling nothing is. */
static void
test_private_and_disabled (Fixture *f, gconstpointer data)
{
  g_autofree char *secret = NULL;
  g_autofree char *later = NULL;
  g_autoptr(SleekMessage) message = NULL;

  log_in (f);
  set_carbons (f, TRUE);
  secret = body (f, "private");
  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->balcony), full_jid (f->romeo), secret, NULL, "chat");
  sleek_message_set_carbons_private (message, TRUE);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->balcony), SLEEK_STANZA (message));
  /* Romeo got it: any copy of it was made before his barrier is sent. */
  WAIT_UNTIL (g_ptr_array_find_with_equal_func (f->romeo_got, secret, g_str_equal, NULL), CLIENT_UTIL_TIMEOUT);
  barrier (f, "after private");
  g_assert_cmpuint (f->sent->len, ==, 0);

  set_carbons (f, FALSE);
  later = body (f, "after disable");
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->romeo), full_jid (f->balcony), later, "chat");
  barrier (f, "after disabled");
  g_assert_cmpuint (f->received->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/carbons/received-and-sent", test_received_and_sent);
  ADD ("/carbons/private-and-disabled", test_private_and_disabled);

  return g_test_run ();
}
