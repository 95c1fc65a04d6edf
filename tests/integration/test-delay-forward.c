/* test-delay-forward.c: XEP-0203 Delayed Delivery and XEP-0297 Stanza
 * Forwarding against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prosody stamps the messages it kept for an offline account with a
 * <delay/> (mod_offline), and hands archived messages back wrapped in
 * <forwarded/> with their own <delay/> (mod_mam). Both are read here
 * through the stanza plugins of xep_0203 and xep_0297.
 *
 * The account `nurse` belongs to this test alone: nobody else logs in as
 * her, so she is offline whenever this test says so. Every body carries a
 * token of the run, and only those count.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#define MAM "urn:xmpp:mam:2"
#define FORWARD "urn:xmpp:forward:0"
#define DATA "jabber:x:data"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *sender;
  SleekClientXmpp *receiver;
  char *token;
  GDateTime *start;
  SleekStanza *found;     /* the message (or forwarded stanza) we waited for */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  /* The server keeps whole seconds. */
  f->start = g_date_time_add_seconds (now, -2);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->sender != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->sender));
  if (f->receiver != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->receiver));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->sender);
  g_clear_object (&f->receiver);
  g_clear_object (&f->found);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
  g_date_time_unref (f->start);
}

/* A ping to our server and its answer: everything we sent before it has
 * been handled by the server when this returns. */
static void
round_trip (SleekClientXmpp *client)
{
  SleekPing *ping;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ping = client_util_enable (client, "xep_0199");
  sleek_ping_ping_async (ping, NULL, 0, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (sleek_ping_ping_finish (ping, result, &error), >=, 0);
  g_assert_no_error (error);
}

/* The stamp lies between the start of the test and now. */
static void
assert_recent (Fixture *f, SleekDelay *delay)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) stamp = sleek_delay_get_stamp (delay, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) latest = g_date_time_add_seconds (now, 2);

  g_assert_no_error (error);
  g_assert_nonnull (stamp);
  g_assert_cmpint (g_date_time_compare (stamp, f->start), >=, 0);
  g_assert_cmpint (g_date_time_compare (stamp, latest), <=, 0);
}

static gboolean
has_token (Fixture *f, const char *body)
{
  return body != NULL && g_str_has_suffix (body, f->token);
}

static void
on_offline_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  if (f->found == NULL && has_token (f, sleek_message_get_body (message)))
    f->found = g_object_ref (SLEEK_STANZA (message));
}

/* Romeo writes to the nurse while she is away; when she comes online the
 * server hands her the message with its own <delay/>. */
static void
test_offline_delay (Fixture *f, gconstpointer data)
{
  const char *nurse = prosody_env_require ("SLEEK_TEST_JID_NURSE");
  g_autofree char *body = g_strdup_printf ("kept for you %s", f->token);
  SleekDelay *delay;
  SleekJid *from;

  f->sender = client_util_new_logged_in ("romeo");
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->sender), nurse, body, "chat");
  round_trip (f->sender);

  f->receiver = client_util_new_logged_in ("nurse");
  client_util_enable (f->receiver, "xep_0203");
  g_signal_connect (f->receiver, "message", G_CALLBACK (on_offline_message), f);
  /* Offline messages come after the initial presence. */
  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (f->receiver), NULL, NULL, 0, NULL, NULL);
  WAIT_UNTIL (f->found != NULL, CLIENT_UTIL_TIMEOUT);

  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (f->found)), ==, body);
  delay = sleek_stanza_get_delay (f->found);
  g_assert_nonnull (delay);
  assert_recent (f, delay);
  /* Stamped by the server itself. */
  from = sleek_stanza_get_from (SLEEK_STANZA (delay));
  g_assert_nonnull (from);
  g_assert_cmpstr (sleek_jid_to_string (from), ==,
                   sleek_jid_get_domain (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->receiver))));
}

/* The archive's results come as messages holding <result><forwarded/>. */
static void
on_archived (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  SleekNode *result = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), "result", MAM);
  SleekNode *forwarded_node;
  g_autoptr(SleekStanza) forwarded = NULL;
  g_autoptr(SleekStanza) inner = NULL;

  if (f->found != NULL || result == NULL || g_strcmp0 (sleek_node_get_attribute (result, "queryid"), f->token) != 0)
    return;
  forwarded_node = sleek_node_get_child (result, "forwarded", FORWARD);
  g_assert_nonnull (forwarded_node);
  forwarded = sleek_stanza_new_for_node (forwarded_node);
  g_assert_true (SLEEK_IS_FORWARDED (forwarded));
  inner = sleek_forwarded_get_stanza (SLEEK_FORWARDED (forwarded));
  if (inner != NULL && SLEEK_IS_MESSAGE (inner) && has_token (f, sleek_message_get_body (SLEEK_MESSAGE (inner))))
    f->found = g_object_ref (forwarded);
}

static void
add_field (SleekNode *form, const char *var, const char *type, const char *value)
{
  SleekNode *field = sleek_node_add_child_new (form, "field", DATA);

  sleek_node_set_attribute (field, "var", var);
  if (type != NULL)
    sleek_node_set_attribute (field, "type", type);
  sleek_node_set_child_text (field, "value", DATA, value);
}

/* Juliet writes to the (offline) nurse, then reads her own archive: the
 * message comes back forwarded, with the time the server archived it. */
static void
test_archived_forward (Fixture *f, gconstpointer data)
{
  const char *nurse = prosody_env_require ("SLEEK_TEST_JID_NURSE");
  g_autofree char *body = g_strdup_printf ("archived %s", f->token);
  g_autofree char *start = sleek_datetime_format (f->start);
  g_autoptr(SleekIq) iq = sleek_iq_new ("set");
  g_autoptr(SleekNode) query = sleek_node_new ("query", MAM);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = NULL;
  SleekForwarded *forwarded;
  g_autoptr(SleekStanza) inner = NULL;
  SleekDelay *delay;
  SleekNode *form;

  f->sender = client_util_new_logged_in ("juliet");
  client_util_enable (f->sender, "xep_0297");
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->sender), nurse, body, "chat");
  round_trip (f->sender);

  sleek_node_set_attribute (query, "queryid", f->token);
  form = sleek_node_add_child_new (query, "x", DATA);
  sleek_node_set_attribute (form, "type", "submit");
  add_field (form, "FORM_TYPE", "hidden", MAM);
  add_field (form, "with", NULL, nurse);
  add_field (form, "start", NULL, start);
  sleek_iq_set_payload (iq, query);
  g_signal_connect (f->sender, "message", G_CALLBACK (on_archived), f);
  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (f->sender), iq, 0, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (f->sender), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  /* The results come before the answer. */
  g_assert_nonnull (f->found);

  forwarded = SLEEK_FORWARDED (f->found);
  inner = sleek_forwarded_get_stanza (forwarded);
  g_assert_true (SLEEK_IS_MESSAGE (inner));
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (inner)), ==, body);
  g_assert_cmpstr (sleek_jid_get_bare (sleek_stanza_get_to (inner)), ==, nurse);
  delay = sleek_forwarded_get_delay (forwarded);
  g_assert_nonnull (delay);
  assert_recent (f, delay);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/delay/offline-message", test_offline_delay);
  ADD ("/forward/archived-message", test_archived_forward);

  return g_test_run ();
}
