/* test-blocking.c: XEP-0191 Blocking Command against Prosody (mod_blocklist)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The account that blocks is a new one, registered for the test: the
 * block list belongs to the account, and the shared accounts must keep
 * receiving the other tests' messages.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *first;    /* the fresh account, two sessions */
  SleekClientXmpp *second;
  SleekClientXmpp *romeo;
  GPtrArray *bodies;         /* received by the first session */
  guint blocked_errors;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->bodies = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  SleekClientXmpp *clients[] = { f->first, f->second, f->romeo };

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    if (clients[i] != NULL)
      sleek_xml_stream_abort (SLEEK_XML_STREAM (clients[i]));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->first);
  g_clear_object (&f->second);
  g_clear_object (&f->romeo);
  g_ptr_array_unref (f->bodies);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  const char *body = sleek_stanza_get_string (SLEEK_STANZA (message), "body");

  if (body != NULL && *body != '\0')
    g_ptr_array_add (f->bodies, g_strdup (body));
}

static void
on_blocked_error (SleekBlocking *blocking, SleekStanza *stanza, Fixture *f)
{
  g_assert_true (sleek_blocking_is_blocked_error (stanza));
  f->blocked_errors++;
}

static void
fetch (SleekBlocking *blocking)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sleek_blocking_fetch_async (blocking, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_blocking_fetch_finish (blocking, result, &error));
  g_assert_no_error (error);
}

static gboolean
has_body (Fixture *f, const char *body)
{
  return g_ptr_array_find_with_equal_func (f->bodies, body, g_str_equal, NULL);
}

/* Sends @body from Romeo to the first session, then waits for the server
 * to answer a ping from Romeo: by then it has routed the message. */
static void
romeo_says (Fixture *f, const char *body)
{
  SleekJid *to = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->first));

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->romeo), sleek_jid_to_string (to), body, "chat");
  client_util_ping_server (f->romeo);
}

static void
test_block_unblock (Fixture *f, gconstpointer data)
{
  g_autofree char *account = NULL;
  g_autofree char *password = NULL;
  SleekBlocking *first;
  SleekBlocking *second;
  SleekJid *romeo_jid;
  g_autoptr(SleekJid) romeo_bare = NULL;
  g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekBlockItem) item = NULL;

  f->first = client_util_new_fresh_account (&account, &password);
  first = client_util_enable (f->first, "xep_0191");
  g_signal_connect (f->first, "message", G_CALLBACK (on_message), f);
  g_signal_connect (first, "blocked-error", G_CALLBACK (on_blocked_error), f);
  f->second = client_util_new_for_account (account, password);
  second = client_util_enable (f->second, "xep_0191");
  g_assert_true (client_util_login (f->second, &error));
  g_assert_no_error (error);
  f->romeo = client_util_new_logged_in ("romeo");
  romeo_jid = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  romeo_bare = sleek_jid_to_bare (romeo_jid);

  /* A new account blocks nobody; the second session fetches too, so that
   * the server pushes it the changes. */
  fetch (first);
  fetch (second);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_blocking_get_blocklist (first)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_blocking_get_blocklist (second)), ==, 0);

  romeo_says (f, "before");
  WAIT_UNTIL (has_body (f, "before"), CLIENT_UTIL_TIMEOUT);

  g_ptr_array_add (jids, sleek_jid_ref (romeo_bare));
  sleek_blocking_block_async (first, jids, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_blocking_block_finish (first, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_blocking_get_blocklist (first)), ==, 1);
  item = g_list_model_get_item (sleek_blocking_get_blocklist (first), 0);
  g_assert_true (sleek_jid_equal (sleek_block_item_get_jid (item), romeo_bare));
  g_assert_true (sleek_blocking_is_blocked (first, romeo_bare));
  /* The other session learns it from the server's push. */
  WAIT_UNTIL (sleek_blocking_is_blocked (second, romeo_bare), CLIENT_UTIL_TIMEOUT);

  /* What Romeo sends is dropped; what we send him comes back. */
  romeo_says (f, "while blocked");
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->first), sleek_jid_to_string (romeo_jid), "hello?", "chat");
  /* The server may say so (XEP-0191 section 3.5, a SHOULD): Prosody does,
   * ejabberd 23.01 drops the message silently. */
  if (!prosody_env_is_ejabberd ())
    WAIT_UNTIL (f->blocked_errors == 1, CLIENT_UTIL_TIMEOUT);

  /* Everybody unblocked, from the second session this time. */
  sleek_blocking_unblock_async (second, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_blocking_unblock_finish (second, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_blocking_get_blocklist (second)), ==, 0);
  WAIT_UNTIL (g_list_model_get_n_items (sleek_blocking_get_blocklist (first)) == 0, CLIENT_UTIL_TIMEOUT);

  romeo_says (f, "after");
  WAIT_UNTIL (has_body (f, "after"), CLIENT_UTIL_TIMEOUT);
  g_assert_false (has_body (f, "while blocked"));
  g_assert_cmpuint (f->bodies->len, ==, 2);

  client_util_remove_account (f->first);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/blocking/block-unblock", Fixture, NULL, fixture_setup, test_block_unblock, fixture_teardown);

  return g_test_run ();
}
