/* test-oob.c: XEP-0066 Out of Band Data between two clients through Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#define URL "https://example.org/sonnets/18.txt"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  SleekOutOfBandData *juliet_oob;
  SleekOutOfBandData *romeo_oob;
  /* What Romeo's handler does. */
  gboolean success;
  guint requests;
  char *from;
  char *url;
  char *desc;
} Fixture;

static SleekOutOfBandData *
enable_oob (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0066", &error));
  g_assert_no_error (error);
  return SLEEK_OUT_OF_BAND_DATA (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0066"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->juliet = client_util_new_logged_in ("juliet");
  f->romeo = client_util_new_logged_in ("romeo");
  f->juliet_oob = enable_oob (f->juliet);
  f->romeo_oob = enable_oob (f->romeo);
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
  g_free (f->from);
  g_free (f->url);
  g_free (f->desc);
}

static gboolean
on_transfer_requested (SleekOutOfBandData *oob, SleekOobRequest *request, Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->requests++;
  g_free (f->from);
  f->from = g_strdup (sleek_jid_to_string (sleek_oob_request_get_from (request)));
  g_free (f->url);
  f->url = g_strdup (sleek_oob_request_get_url (request));
  g_free (f->desc);
  f->desc = g_strdup (sleek_oob_request_get_desc (request));
  g_assert_true (sleek_out_of_band_data_answer (oob, request, f->success, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND, &error));
  g_assert_no_error (error);
  return TRUE;
}

/* Juliet asks Romeo's client to fetch URL. */
static gboolean
send_oob (Fixture *f, GError **error)
{
  SleekJid *romeo = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  g_autoptr(GAsyncResult) result = NULL;

  sleek_out_of_band_data_send_oob_async (f->juliet_oob, romeo, URL, "Sonnet 18", 0, NULL,
                                         client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_out_of_band_data_send_oob_finish (f->juliet_oob, result, error);
}

static void
test_accepted (Fixture *f, gconstpointer data)
{
  SleekJid *juliet = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->juliet));
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->romeo_oob, "transfer-requested", G_CALLBACK (on_transfer_requested), f);
  f->success = TRUE;
  g_assert_true (send_oob (f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_cmpstr (f->from, ==, sleek_jid_to_string (juliet));
  g_assert_cmpstr (f->url, ==, URL);
  g_assert_cmpstr (f->desc, ==, "Sonnet 18");
}

static void
test_not_found (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->romeo_oob, "transfer-requested", G_CALLBACK (on_transfer_requested), f);
  f->success = FALSE;
  g_assert_false (send_oob (f, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_cmpuint (f->requests, ==, 1);
}

/* Nobody on Romeo's side takes it: the plugin refuses. */
static void
test_rejected (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (send_oob (f, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ACCEPTABLE);
}

typedef struct {
  const char *body;
  char *url;
  char *desc;
  gboolean got;
} Received;

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Received *r)
{
  SleekOobData *oob;

  if (g_strcmp0 (sleek_message_get_body (message), r->body) != 0)
    return;
  oob = sleek_stanza_get_oob_data (SLEEK_STANZA (message), FALSE);
  if (oob != NULL)
    {
      r->url = g_strdup (sleek_oob_data_get_url (oob));
      r->desc = g_strdup (sleek_oob_data_get_desc (oob));
    }
  r->got = TRUE;
}

static void
test_message (Fixture *f, gconstpointer data)
{
  SleekJid *romeo = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));
  g_autofree char *body = g_strdup_printf ("oob %08x", g_random_int ());
  g_autoptr(SleekMessage) message = NULL;
  Received r = { body, NULL, NULL, FALSE };
  SleekOobData *oob;

  g_signal_connect (f->romeo, "message::chat", G_CALLBACK (on_message), &r);
  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet), sleek_jid_to_string (romeo), body, NULL,
                                          "chat");
  oob = sleek_stanza_get_oob_data (SLEEK_STANZA (message), TRUE);
  sleek_oob_data_set_url (oob, URL);
  sleek_oob_data_set_desc (oob, "Sonnet 18");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  WAIT_UNTIL (r.got, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (r.url, ==, URL);
  g_assert_cmpstr (r.desc, ==, "Sonnet 18");
  g_free (r.url);
  g_free (r.desc);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/oob/iq/accepted", test_accepted);
  ADD ("/oob/iq/not-found", test_not_found);
  ADD ("/oob/iq/rejected", test_rejected);
  ADD ("/oob/message", test_message);

  return g_test_run ();
}
