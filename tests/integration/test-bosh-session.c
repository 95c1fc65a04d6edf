/* test-bosh-session.c: the BOSH session against the private Prosody's mod_bosh
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The session alone, below SleekXmlStream: the test speaks XMPP itself
 * (SASL PLAIN over https, restart, bind) through it, then runs a 1,000
 * message exchange between two BOSH sessions. Built against the library's
 * private API (the session is internal).
 */
#include <sleek/sleek.h>

#include "sleek-bosh-private.h"
#include "prosody-env.h"

#include <string.h>

#define N_MESSAGES 1000
/* Under valgrind (SLEEK_TEST_WRAPPER) or AddressSanitizer, fewer: with the
 * full unwinder on every allocation (tests/meson.build), ASan makes the
 * 100 rounds of 10 messages CPU-bound, about 2 minutes on an idle
 * machine (2.6 s without it). */
#define N_MESSAGES_WRAPPED 200

typedef struct {
  SleekBoshSession *bosh;
  GPtrArray *elements;    /* SleekNode */
  guint n_stream_start;
  gboolean ended;
  GError *end_error;
  char *full_jid;
} Peer;

typedef struct {
  GMainContext *ctx;
  GTlsDatabase *database;
  char *url;
  Peer juliet;
  Peer romeo;
} Fixture;

static void
on_stream_start (SleekBoshSession *bosh, SleekNode *body, Peer *peer)
{
  peer->n_stream_start++;
}

static void
on_element (SleekBoshSession *bosh, SleekNode *element, Peer *peer)
{
  g_ptr_array_add (peer->elements, sleek_node_ref (element));
}

static void
on_ended (SleekBoshSession *bosh, const GError *error, Peer *peer)
{
  peer->ended = TRUE;
  if (error != NULL && peer->end_error == NULL)
    peer->end_error = g_error_copy (error);
}

static void
peer_init (Fixture *f, Peer *peer, const char *to)
{
  peer->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  peer->bosh = sleek_bosh_session_new (f->url, to, NULL);
  sleek_bosh_session_set_tls_database (peer->bosh, f->database);
  sleek_bosh_session_set_wait (peer->bosh, 10);
  g_signal_connect (peer->bosh, "stream-start", G_CALLBACK (on_stream_start), peer);
  g_signal_connect (peer->bosh, "element", G_CALLBACK (on_element), peer);
  g_signal_connect (peer->bosh, "ended", G_CALLBACK (on_ended), peer);
}

static void
peer_clear (Peer *peer)
{
  if (peer->bosh == NULL)
    return;
  g_signal_handlers_disconnect_by_data (peer->bosh, peer);
  sleek_bosh_session_abort (peer->bosh);
  g_clear_object (&peer->bosh);
  g_ptr_array_unref (peer->elements);
  g_clear_error (&peer->end_error);
  g_free (peer->full_jid);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!prosody_env_available ())
    return;
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->database = g_tls_file_database_new (prosody_env_require ("SLEEK_TEST_CA_FILE"), &error);
  g_assert_no_error (error);
  /* The certificate names 127.0.0.1 (prosody-harness). */
  f->url = g_strdup_printf ("https://127.0.0.1:%u/http-bind", prosody_env_port ("SLEEK_TEST_HTTPS_PORT"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->ctx == NULL)
    return;
  peer_clear (&f->juliet);
  peer_clear (&f->romeo);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->database);
  g_free (f->url);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_FOR(f, cond, seconds)                                         \
  G_STMT_START {                                                           \
    gboolean expired_ = FALSE;                                             \
    GSource *timer_ = g_timeout_source_new_seconds (seconds);              \
    g_source_set_callback (timer_, set_flag, &expired_, NULL);             \
    g_source_attach (timer_, (f)->ctx);                                    \
    while (!(cond) && !expired_)                                           \
      g_main_context_iteration ((f)->ctx, TRUE);                           \
    g_source_destroy (timer_);                                             \
    g_source_unref (timer_);                                               \
    g_assert_true (cond);                                                  \
  } G_STMT_END

/* Waits for the next element of @peer and takes it off the list. */
static SleekNode *
next_element (Fixture *f, Peer *peer)
{
  WAIT_FOR (f, peer->elements->len > 0 || peer->ended, 20);
  g_assert_no_error (peer->end_error);
  g_assert_false (peer->ended);
  return g_ptr_array_steal_index (peer->elements, 0);
}

/* Logs in as @name over BOSH: SASL PLAIN (the https protects it), the
 * stream restart, resource binding. */
static void
login (Fixture *f, Peer *peer, const char *name)
{
  g_autofree char *jid_key = g_strdup_printf ("SLEEK_TEST_JID_%s", name);
  g_autofree char *password_key = g_strdup_printf ("SLEEK_TEST_PASSWORD_%s", name);
  const char *jid = prosody_env_require (jid_key);
  const char *password = prosody_env_require (password_key);
  g_autofree char *local = g_strndup (jid, strchr (jid, '@') - jid);
  g_autofree char *plain = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(SleekNode) features = NULL;
  g_autoptr(SleekNode) success = NULL;
  g_autoptr(SleekNode) bound = NULL;
  SleekNode *bind;
  gsize local_len = strlen (local), password_len = strlen (password);

  peer_init (f, peer, prosody_env_require ("SLEEK_TEST_PROSODY_HOST"));
  sleek_bosh_session_start (peer->bosh);
  features = next_element (f, peer);
  g_assert_cmpuint (peer->n_stream_start, ==, 1);
  g_assert_cmpstr (sleek_node_get_name (features), ==, "features");
  g_assert_nonnull (sleek_node_get_child (features, "mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl"));

  plain = g_malloc0 (local_len + password_len + 2);
  memcpy (plain + 1, local, local_len);
  memcpy (plain + 2 + local_len, password, password_len);
  encoded = g_base64_encode ((const guchar *) plain, local_len + password_len + 2);
  auth = g_strdup_printf ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>", encoded);
  sleek_bosh_session_send (peer->bosh, auth);
  success = next_element (f, peer);
  g_assert_cmpstr (sleek_node_get_name (success), ==, "success");

  sleek_bosh_session_restart (peer->bosh);
  g_clear_pointer (&features, sleek_node_unref);
  features = next_element (f, peer);
  g_assert_cmpuint (peer->n_stream_start, ==, 2);
  g_assert_nonnull (sleek_node_get_child (features, "bind", "urn:ietf:params:xml:ns:xmpp-bind"));

  sleek_bosh_session_send (peer->bosh, "<iq xmlns='jabber:client' type='set' id='bind-1'>"
                                       "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bosh</resource></bind></iq>");
  bound = next_element (f, peer);
  g_assert_cmpstr (sleek_node_get_attribute (bound, "type"), ==, "result");
  bind = sleek_node_get_child (bound, "bind", "urn:ietf:params:xml:ns:xmpp-bind");
  g_assert_nonnull (bind);
  peer->full_jid = g_strdup (sleek_node_get_text (sleek_node_get_child (bind, "jid", "urn:ietf:params:xml:ns:xmpp-bind")));
  g_assert_true (g_str_has_prefix (peer->full_jid, jid));
}

static void
test_login_and_terminate (Fixture *f, gconstpointer data)
{
  g_autofree char *message = NULL;
  g_autoptr(SleekNode) echo = NULL;

  if (f->ctx == NULL)
    {
      g_test_skip ("no Prosody");
      return;
    }
  login (f, &f->juliet, "JULIET");

  /* A message to ourselves comes back through a held request. */
  message = g_strdup_printf ("<message xmlns='jabber:client' to='%s' type='chat' id='m1'><body>over BOSH</body></message>",
                             f->juliet.full_jid);
  sleek_bosh_session_send (f->juliet.bosh, message);
  echo = next_element (f, &f->juliet);
  g_assert_cmpstr (sleek_node_get_name (echo), ==, "message");
  g_assert_cmpstr (sleek_node_get_attribute (echo, "id"), ==, "m1");
  g_assert_cmpstr (sleek_node_get_child_text (echo, "body", "jabber:client"), ==, "over BOSH");

  sleek_bosh_session_terminate (f->juliet.bosh, "<presence xmlns='jabber:client' type='unavailable'/>");
  WAIT_FOR (f, f->juliet.ended, 20);
  g_assert_no_error (f->juliet.end_error);
}

static void
test_unknown_host (Fixture *f, gconstpointer data)
{
  if (f->ctx == NULL)
    {
      g_test_skip ("no Prosody");
      return;
    }
  peer_init (f, &f->juliet, "no-such-host.example");
  sleek_bosh_session_start (f->juliet.bosh);
  WAIT_FOR (f, f->juliet.ended, 20);
  /* Prosody 0.12 says improper-addressing, the XEP's example host-unknown,
   * ejabberd 23.01 internal-server-error. */
  g_assert_nonnull (f->juliet.end_error);
  g_assert_true (f->juliet.end_error->domain == SLEEK_STREAM_ERROR);
  if (prosody_env_is_ejabberd ())
    g_assert_cmpint (f->juliet.end_error->code, ==, SLEEK_STREAM_ERROR_INTERNAL_SERVER_ERROR);
  else
    g_assert_true (f->juliet.end_error->code == SLEEK_STREAM_ERROR_HOST_UNKNOWN ||
                   f->juliet.end_error->code == SLEEK_STREAM_ERROR_IMPROPER_ADDRESSING);
}

/* 1,000 messages (200 under valgrind) from one BOSH session to another: each arrives once, in
 * order. Sent a few at a time, as a chat would, so that they spread over
 * many requests. */
static void
test_thousand_messages (Fixture *f, gconstpointer data)
{
  guint sent = 0, received = 0, out_of_order = 0;
#if defined(__SANITIZE_ADDRESS__)
  guint n_messages = N_MESSAGES_WRAPPED;
#else
  const char *wrapper = g_getenv ("SLEEK_TEST_WRAPPER");
  guint n_messages = wrapper != NULL && *wrapper != '\0' ? N_MESSAGES_WRAPPED : N_MESSAGES;
#endif

  if (f->ctx == NULL)
    {
      g_test_skip ("no Prosody");
      return;
    }
  login (f, &f->juliet, "JULIET");
  login (f, &f->romeo, "ROMEO");

  while (received < n_messages)
    {
      for (guint i = 0; i < 10 && sent < n_messages; i++, sent++)
        {
          g_autofree char *message =
            g_strdup_printf ("<message xmlns='jabber:client' to='%s' type='chat' id='n%u'><body>%u</body></message>",
                             f->romeo.full_jid, sent, sent);

          sleek_bosh_session_send (f->juliet.bosh, message);
        }
      WAIT_FOR (f, f->romeo.elements->len > 0 || f->romeo.ended || f->juliet.ended, 30);
      g_assert_no_error (f->romeo.end_error);
      g_assert_no_error (f->juliet.end_error);
      while (f->romeo.elements->len > 0)
        {
          g_autoptr(SleekNode) element = g_ptr_array_steal_index (f->romeo.elements, 0);
          const char *body;
          guint64 n;

          if (g_strcmp0 (sleek_node_get_name (element), "message") != 0)
            continue;
          body = sleek_node_get_child_text (element, "body", "jabber:client");
          g_assert_nonnull (body);
          g_assert_true (g_ascii_string_to_unsigned (body, 10, 0, n_messages - 1, &n, NULL));
          if (n != received)
            out_of_order++;
          received++;
        }
    }
  g_test_message ("%u messages over BOSH, %u out of order", received, out_of_order);
  g_assert_cmpuint (out_of_order, ==, 0);
  g_assert_cmpuint (received, ==, n_messages);
  /* And nothing more comes. */
  g_assert_cmpuint (f->romeo.elements->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/bosh-session/login-and-terminate", Fixture, NULL, fixture_setup, test_login_and_terminate,
              fixture_teardown);
  g_test_add ("/bosh-session/unknown-host", Fixture, NULL, fixture_setup, test_unknown_host, fixture_teardown);
  g_test_add ("/bosh-session/thousand-messages", Fixture, NULL, fixture_setup, test_thousand_messages,
              fixture_teardown);
  return g_test_run ();
}
