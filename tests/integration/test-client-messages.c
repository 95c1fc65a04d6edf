/* test-client-messages.c: many messages between two accounts through Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <stdlib.h>
#include <string.h>

#define N_MESSAGES 1000

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

typedef struct {
  const char *from;      /* the sender's full JID */
  guint received;        /* in sequence */
  guint out_of_order;
  guint foreign;         /* from anybody else */
  char *first_problem;
} Receiver;

/* Each body is "seq N" and N must be the next one. */
static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Receiver *r)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (message));
  const char *body = sleek_message_get_body (message);
  guint64 seq = G_MAXUINT64;

  if (from == NULL || g_strcmp0 (sleek_jid_to_string (from), r->from) != 0)
    {
      r->foreign++;
      return;
    }
  if (body == NULL || !g_str_has_prefix (body, "seq ") ||
      !g_ascii_string_to_unsigned (body + 4, 10, 0, N_MESSAGES, &seq, NULL) || seq != r->received)
    {
      if (r->first_problem == NULL)
        r->first_problem = g_strdup_printf ("expected seq %u, got '%s'", r->received, body);
      r->out_of_order++;
      return;
    }
  r->received++;
}

static void
on_send_failed (SleekXmlStream *stream, SleekStanza *stanza, const GError *error, guint *failures)
{
  (*failures)++;
}

static void
test_thousand_messages (Fixture *f, gconstpointer data)
{
  const char *romeo_jid = sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo)));
  Receiver r = { sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet))), 0, 0, 0, NULL };
  guint failures = 0;
  gint64 start;

  g_signal_connect (f->romeo, "message::chat", G_CALLBACK (on_message), &r);
  g_signal_connect (f->juliet, "send-failed", G_CALLBACK (on_send_failed), &failures);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *body = g_strdup_printf ("seq %u", i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet), romeo_jid, body, "chat");
    }
  WAIT_UNTIL (r.received + r.out_of_order >= N_MESSAGES || failures > 0, 60);
  g_test_message ("%u messages juliet -> Prosody -> romeo in %.0f ms", r.received,
                  (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpuint (failures, ==, 0);
  if (r.first_problem != NULL)
    g_test_message ("first problem: %s", r.first_problem);
  g_assert_cmpuint (r.out_of_order, ==, 0);
  g_assert_cmpuint (r.received, ==, N_MESSAGES);

  /* Nothing more trickles in: none was duplicated. */
  client_util_spin (0.2);
  g_assert_cmpuint (r.received + r.out_of_order, ==, N_MESSAGES);
  g_free (r.first_problem);
}

/* Both ways at once: each side sends and receives N. */
static void
test_both_ways (Fixture *f, gconstpointer data)
{
  const char *juliet_jid = sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet)));
  const char *romeo_jid = sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo)));
  Receiver at_romeo = { juliet_jid, 0, 0, 0, NULL };
  Receiver at_juliet = { romeo_jid, 0, 0, 0, NULL };

  g_signal_connect (f->romeo, "message::chat", G_CALLBACK (on_message), &at_romeo);
  g_signal_connect (f->juliet, "message::chat", G_CALLBACK (on_message), &at_juliet);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *body = g_strdup_printf ("seq %u", i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->juliet), romeo_jid, body, "chat");
      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->romeo), juliet_jid, body, "chat");
    }
  WAIT_UNTIL (at_romeo.received + at_romeo.out_of_order >= N_MESSAGES &&
              at_juliet.received + at_juliet.out_of_order >= N_MESSAGES, 60);
  g_assert_cmpuint (at_romeo.out_of_order, ==, 0);
  g_assert_cmpuint (at_juliet.out_of_order, ==, 0);
  g_assert_cmpuint (at_romeo.received, ==, N_MESSAGES);
  g_assert_cmpuint (at_juliet.received, ==, N_MESSAGES);
  g_free (at_romeo.first_problem);
  g_free (at_juliet.first_problem);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!prosody_env_available ())
    {
      g_test_skip ("no private Prosody");
      return 0;
    }
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/client-messages/thousand-in-order", test_thousand_messages);
  ADD ("/client-messages/both-ways", test_both_ways);
#undef ADD
  return g_test_run ();
}
