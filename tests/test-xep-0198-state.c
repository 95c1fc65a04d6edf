/* test-xep-0198-state.c: the saved state of the xep_0198 plugin (Stream
 * Management), loaded into a new client that resumes the session, against
 * a scripted server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "login-script.h"

#include <string.h>

#define R "<r xmlns='urn:xmpp:sm:3'/>"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  SleekStreamManagement *sm;
  GAsyncResult *result;
  guint sessions;
  guint resumed;
  GPtrArray *failed;            /* bodies */
  gboolean disconnected;
} Fixture;

static void
on_session_start (SleekBaseXmpp *xmpp, Fixture *f)
{
  f->sessions++;
}

static void
on_resumed (SleekStreamManagement *sm, Fixture *f)
{
  f->resumed++;
}

static void
on_stanza_failed (SleekStreamManagement *sm, SleekStanza *stanza, const GError *error, Fixture *f)
{
  g_ptr_array_add (f->failed, g_strdup (sleek_node_get_child_text (sleek_stanza_get_node (stanza), "body",
                                                                   SLEEK_NS_CLIENT)));
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
}

/* A client for @jid with the plugin, replacing the fixture's. */
static void
new_client (Fixture *f, const char *jid)
{
  g_autoptr(GError) error = NULL;

  if (f->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->sm, f);
      g_signal_handlers_disconnect_by_data (f->client, f);
      sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
      g_clear_object (&f->client);
    }
  f->sessions = 0;
  f->resumed = 0;
  f->client = sleek_client_xmpp_new (jid, "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_signal_connect (f->client, "session-start", G_CALLBACK (on_session_start), f);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198", &error));
  g_assert_no_error (error);
  f->sm = SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0198"));
  g_object_set (f->sm, "ack-interval", 0, "ack-delay", 600000, NULL);
  g_signal_connect (f->sm, "resumed", G_CALLBACK (on_resumed), f);
  g_signal_connect (f->sm, "stanza-failed", G_CALLBACK (on_stanza_failed), f);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->failed = g_ptr_array_new_with_free_func (g_free);
  new_client (f, "juliet@example.com/balcony");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->sm, f);
  g_signal_handlers_disconnect_by_data (f->client, f);
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_ptr_array_unref (f->failed);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
expect_silence (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_silence (f->peer, 100, &error);
  g_assert_no_error (error);
}

static void
expect_message (Fixture *f, const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = sleek_test_stream_next_send (f->peer, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (node), ==, "message");
  g_assert_cmpstr (sleek_node_get_child_text (node, "body", SLEEK_NS_CLIENT), ==, body);
}

static void
send_message (Fixture *f, const char *body)
{
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->client), "romeo@example.net", body, "chat");
}

static void
recv (Fixture *f, const char *xml)
{
  sleek_test_stream_recv (f->peer, xml);
}

static void
session_to_save (Fixture *f, const char *location)
{
  g_autofree char *enabled = g_strdup_printf ("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'%s%s%s/>",
                                              location != NULL ? " location='" : "",
                                              location != NULL ? location : "", location != NULL ? "'" : "");
  g_autoptr(GError) error = NULL;

  login_authenticate (f->client, f->peer, LOGIN_FEATURES_BIND_SM, &f->result);
  login_answer_bind (f->peer, "juliet@example.com/balcony");
  login_expect (f->peer, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
  recv (f, enabled);
  login_finish (f->client, &f->result);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("m%u", i);

      send_message (f, body);
      expect_message (f, body);
    }
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='1'/>");
  recv (f, "<message from='romeo@example.net/orchard'><body>in1</body></message>");
  recv (f, "<message from='romeo@example.net/orchard'><body>in2</body></message>");
  expect_silence (f);
  f->disconnected = FALSE;
  sleek_test_stream_close (f->peer);
  g_assert_true (sleek_test_stream_iterate_until (f->peer, &f->disconnected, &error));
  g_assert_no_error (error);
  send_message (f, "m4");
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->peer);
  f->peer = sleek_test_stream_new ();
}

/* Saves the session and loads it into a new client for the bare JID. */
static GBytes *
move_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) state = sleek_stream_management_save_state (f->sm, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  new_client (f, "juliet@example.com");
  g_assert_true (sleek_stream_management_load_state (f->sm, state, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&state);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) state = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unacked = NULL;

  session_to_save (f, "[::1]:5222");
  state = move_session (f);
  g_assert_true (sleek_stream_management_get_resumable (f->sm));
  g_assert_false (sleek_stream_management_get_enabled (f->sm));
  g_assert_cmpstr (sleek_stream_management_get_id (f->sm), ==, "sm-1");
  g_assert_cmpstr (sleek_stream_management_get_location (f->sm), ==, "[::1]:5222");
  g_assert_cmpuint (sleek_stream_management_get_handled (f->sm), ==, 2);
  g_assert_cmpuint (sleek_stream_management_get_sent (f->sm), ==, 3);
  /* m2 and m3 sent, m4 waiting. */
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 3);
  unacked = sleek_stream_management_dup_unacked_stanzas (f->sm);
  g_assert_cmpuint (unacked->len, ==, 3);
  g_assert_true (SLEEK_IS_MESSAGE (g_ptr_array_index (unacked, 0)));
  g_assert_cmpstr (sleek_message_get_body (g_ptr_array_index (unacked, 1)), ==, "m3");
  g_assert_cmpstr (sleek_message_get_body (g_ptr_array_index (unacked, 2)), ==, "m4");
  /* Saved again, byte for byte the same. */
  again = sleek_stream_management_save_state (f->sm, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (state, again));
  /* Loaded once only. */
  g_assert_false (sleek_stream_management_load_state (f->sm, state, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
}

/* The new client resumes: m3 goes again, then m4, each once, and the
 * session has the JID bound before. */
static void
test_resume_imported (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) state = NULL;

  session_to_save (f, NULL);
  state = move_session (f);
  g_assert_null (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client)));

  login_authenticate (f->client, f->peer, LOGIN_FEATURES_BIND_SM, &f->result);
  login_expect (f->peer, "<resume xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");
  recv (f, "<resumed xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");
  expect_message (f, "m3");
  expect_message (f, "m4");
  login_expect (f->peer, R);
  login_finish (f->client, &f->result);
  expect_silence (f);
  g_assert_cmpuint (f->resumed, ==, 1);
  g_assert_cmpuint (f->sessions, ==, 0);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "juliet@example.com/balcony");
  g_assert_true (sleek_stream_management_get_enabled (f->sm));
  /* The counts go on. */
  recv (f, "<message from='romeo@example.net/orchard'><body>in3</body></message>");
  recv (f, R);
  login_expect (f->peer, "<a xmlns='urn:xmpp:sm:3' h='3'/>");
  recv (f, "<a xmlns='urn:xmpp:sm:3' h='4'/>");
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 0);
  g_assert_cmpuint (f->failed->len, ==, 0);
}

/* Refused: a new session, and every stanza of the imported one is
 * reported. */
static void
test_resume_imported_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) state = NULL;

  session_to_save (f, NULL);
  state = move_session (f);
  login_authenticate (f->client, f->peer, LOGIN_FEATURES_BIND_SM, &f->result);
  login_expect (f->peer, "<resume xmlns='urn:xmpp:sm:3' h='2' previd='sm-1'/>");
  recv (f, "<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
  login_answer_bind (f->peer, "juliet@example.com/new");
  login_expect (f->peer, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
  recv (f, "<enabled xmlns='urn:xmpp:sm:3' id='sm-2' resume='true'/>");
  login_finish (f->client, &f->result);
  g_assert_cmpuint (f->failed->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->failed, 0), ==, "m2");
  g_assert_cmpstr (g_ptr_array_index (f->failed, 2), ==, "m4");
  g_assert_cmpuint (f->sessions, ==, 1);
  g_assert_cmpuint (f->resumed, ==, 0);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client))), ==,
                   "juliet@example.com/new");
}

static GBytes *
state_bytes (GVariant *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);

  return g_variant_get_data_as_bytes (owned);
}

static GBytes *
v1_state (const char *id, const char *jid, const char *stanza)
{
  const char *stanzas[] = { stanza, NULL };

  return state_bytes (g_variant_new ("(suv)", "sleek-glib/xep-0198", 1,
                                     g_variant_new ("(sssuu^as^as)", id, "", jid, 0, 0,
                                                    stanza != NULL ? stanzas : stanzas + 1, stanzas + 1)));
}

static void
assert_refused (Fixture *f, GBytes *state, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sleek_stream_management_load_state (f->sm, state, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (error->message);
  g_assert_false (sleek_stream_management_get_resumable (f->sm));
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 0);
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  static const guint8 garbage[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x7f };
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) random = g_bytes_new_static (garbage, sizeof garbage);
  g_autoptr(GBytes) magic = state_bytes (g_variant_new ("(suv)", "something else", 1, g_variant_new_string ("x")));
  g_autoptr(GBytes) future = state_bytes (g_variant_new ("(suv)", "sleek-glib/xep-0198", 2, g_variant_new_string ("x")));
  g_autoptr(GBytes) wrong_type = state_bytes (g_variant_new ("(suv)", "sleek-glib/xep-0198", 1, g_variant_new_string ("x")));
  g_autoptr(GBytes) no_id = v1_state ("", "juliet@example.com/balcony", NULL);
  g_autoptr(GBytes) bare = v1_state ("sm-1", "juliet@example.com", NULL);
  g_autoptr(GBytes) bad_jid = v1_state ("sm-1", "@@/", NULL);
  g_autoptr(GBytes) bad_xml = v1_state ("sm-1", "juliet@example.com/balcony", "<message><body>");
  g_autoptr(GBytes) not_stanza = v1_state ("sm-1", "juliet@example.com/balcony", "<r xmlns='urn:xmpp:sm:3'/>");
  g_autoptr(GBytes) foreign = v1_state ("sm-1", "romeo@example.net/orchard", NULL);
  g_autoptr(GBytes) good = v1_state ("sm-1", "juliet@example.com/balcony",
                                     "<message xmlns='jabber:client' to='romeo@example.net'><body>hi</body></message>");
  g_autoptr(GError) error = NULL;

  assert_refused (f, empty, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, random, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, magic, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, future, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  assert_refused (f, wrong_type, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, no_id, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, bare, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, bad_jid, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, bad_xml, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, not_stanza, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_refused (f, foreign, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  /* Nothing to save before a session. */
  g_assert_null (sleek_stream_management_save_state (f->sm, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sleek_stream_management_load_state (f->sm, good, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 1);
}

/* Every single-byte corruption and every truncation of a real state is
 * either refused with an error or read as some other valid state: never
 * a crash. */
static void
test_corrupt (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) state = NULL;
  const guint8 *bytes;
  gsize size;
  guint refused = 0;

  session_to_save (f, "example.com:5222");
  state = sleek_stream_management_save_state (f->sm, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (state, &size);
  for (gsize i = 0; i < size * 2; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (bytes, size);
      g_autoptr(GBytes) bad = NULL;
      gboolean loaded;

      if (i < size)
        {
          copy[i] ^= 0x5a;
          bad = g_bytes_new (copy, size);
        }
      else
        bad = g_bytes_new (copy, i - size);
      new_client (f, "juliet@example.com");
      loaded = sleek_stream_management_load_state (f->sm, bad, &error);
      g_assert_true (loaded == (error == NULL));
      if (!loaded)
        {
          g_assert_true (error->domain == G_IO_ERROR);
          refused++;
        }
      g_clear_error (&error);
    }
  /* Every truncation at least is refused. */
  g_assert_cmpuint (refused, >=, size);
}

static void
test_busy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) state = NULL;

  session_to_save (f, NULL);
  state = sleek_stream_management_save_state (f->sm, &error);
  g_assert_no_error (error);
  /* This client has the session itself. */
  g_assert_false (sleek_stream_management_load_state (f->sm, state, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpuint (sleek_stream_management_get_unacked (f->sm), ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/xep-0198/state/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("round-trip", test_round_trip);
  ADD ("resume-imported", test_resume_imported);
  ADD ("resume-imported-refused", test_resume_imported_refused);
  ADD ("invalid", test_invalid);
  ADD ("corrupt", test_corrupt);
  ADD ("busy", test_busy);
#undef ADD
  return g_test_run ();
}
