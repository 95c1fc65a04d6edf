/* test-stanza-ids.c: XEP-0359 Unique and Stable Stanza IDs against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Prosody's mod_mam archives the chat messages an account receives and
 * stamps each with a <stanza-id/> by the account's bare JID, appended
 * after any such element the sender put there. Juliet writes to Romeo
 * through the xep_0359 plugin: her message gets an origin id, and Romeo
 * reads both ids. Every body carries a token of the run.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#define SID "urn:xmpp:sid:0"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  char *token;
  SleekMessage *found;
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
  g_clear_object (&f->found);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  const char *body = sleek_message_get_body (message);

  if (f->found == NULL && body != NULL && g_str_has_suffix (body, f->token))
    f->found = g_object_ref (message);
}

/* Our server says it stamps stanza ids: the XEP's condition for trusting
 * them. */
static void
test_advertised (Fixture *f, gconstpointer data)
{
  SleekDisco *disco;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekJid) own = NULL;

  f->romeo = client_util_new_logged_in ("romeo");
  client_util_enable (f->romeo, "xep_0359");
  disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->romeo), "xep_0030"));
  own = sleek_jid_to_bare (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo)));
  sleek_disco_get_info_async (disco, own, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  info = sleek_disco_get_info_finish (disco, result, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_disco_info_has_feature (info, SID));
}

static void
test_origin_and_stanza_id (Fixture *f, gconstpointer data)
{
  g_autofree char *body = g_strdup_printf ("ids %s", f->token);
  g_autoptr(SleekMessage) message = NULL;
  g_autoptr(SleekJid) romeo_bare = NULL;
  SleekStanzaIds *juliet_ids, *romeo_ids;
  SleekStanza *forged;
  const char *origin, *archive_id;

  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  juliet_ids = client_util_enable (f->juliet, "xep_0359");
  romeo_ids = client_util_enable (f->romeo, "xep_0359");
  romeo_bare = sleek_jid_to_bare (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo)));
  g_assert_true (sleek_stanza_ids_get_add_origin_id (juliet_ids));
  g_signal_connect (f->romeo, "message", G_CALLBACK (on_message), f);

  /* Juliet tries to pass off an archive id of her own as Romeo's server's.
   * Prosody 0.12 leaves it in a message to a full JID, but appends its own
   * after it: that one is what the plugin reads. */
  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet),
                                          sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo))),
                                          body, NULL, "chat");
  forged = sleek_stanza_get_plugin (SLEEK_STANZA (message), "stanza_id", TRUE);
  sleek_stanza_id_set_id (SLEEK_STANZA_ID (forged), f->token);
  sleek_stanza_id_set_by (SLEEK_STANZA_ID (forged), romeo_bare);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  origin = sleek_message_get_origin_id (message);
  g_assert_true (g_uuid_string_is_valid (origin));

  WAIT_UNTIL (f->found != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (sleek_message_get_origin_id (f->found), ==, origin);
  archive_id = sleek_stanza_ids_get_stanza_id (romeo_ids, f->found, NULL);
  g_assert_nonnull (archive_id);
  g_assert_cmpstr (archive_id, !=, f->token);
  g_assert_cmpstr (sleek_message_get_stanza_id (f->found, romeo_bare), ==, archive_id);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/stanza-ids/advertised", test_advertised);
  ADD ("/stanza-ids/origin-and-stanza-id", test_origin_and_stanza_id);

  return g_test_run ();
}
