/* test-chat-markers.c: XEP-0333 chat markers against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet's message to Romeo goes out markable; Romeo marks it displayed
 * and Juliet's plugin reports the marker with the message's id. Every
 * body carries a token of the run.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  char *token;
  SleekMessage *got;       /* Romeo's copy */
  char *marked;            /* the id Juliet got a displayed marker for */
  SleekChatMarker marker;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
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
  g_free (f->marked);
}

static void
on_romeo_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  const char *body = sleek_message_get_body (message);

  if (f->got == NULL && body != NULL && g_str_has_suffix (body, f->token))
    f->got = g_object_ref (message);
}

static void
on_marker (SleekChatMarkers *markers, SleekJid *jid, SleekChatMarker marker, const char *id, Fixture *f)
{
  if (f->marked == NULL && sleek_jid_equal (jid, sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo))))
    {
      f->marked = g_strdup (id);
      f->marker = marker;
    }
}

static void
test_displayed (Fixture *f, gconstpointer data)
{
  g_autofree char *body = g_strdup_printf ("mark me %s", f->token);
  g_autoptr(SleekMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SleekChatMarkers *juliet_markers, *romeo_markers;

  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  juliet_markers = client_util_enable (f->juliet, "xep_0333");
  romeo_markers = client_util_enable (f->romeo, "xep_0333");
  g_signal_connect (juliet_markers, "chat-marker", G_CALLBACK (on_marker), f);
  g_signal_connect (f->romeo, "message", G_CALLBACK (on_romeo_message), f);

  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet),
                                          sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo))),
                                          body, NULL, "chat");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  WAIT_UNTIL (f->got != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_message_get_markable (f->got));

  g_assert_true (sleek_chat_markers_send_marker (romeo_markers, f->got, SLEEK_CHAT_MARKER_DISPLAYED, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (f->marked != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpint (f->marker, ==, SLEEK_CHAT_MARKER_DISPLAYED);
  g_assert_cmpstr (f->marked, ==, sleek_stanza_get_id (SLEEK_STANZA (message)));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/chat-markers/displayed", Fixture, NULL, fixture_setup, test_displayed, fixture_teardown);

  return g_test_run ();
}
