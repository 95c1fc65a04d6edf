/* test-xep-0066.c: SleekOutOfBandData, XEP-0066 Out of Band Data
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define X_OOB "jabber:x:oob"
#define IQ_OOB "jabber:iq:oob"
#define URL "http://www.shakespeare.lit/sonnets.txt"

typedef struct {
  PluginFixture base;
  SleekOutOfBandData *oob;
  gboolean done;
  gboolean ok;
  GError *error;
  /* What the transfer-requested handler does. */
  gboolean take;
  gboolean answer_now;
  gboolean success;
  SleekStanzaError condition;
  SleekOobRequest *request;
  guint requests;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0066", &error));
  g_assert_no_error (error);
  f->oob = SLEEK_OUT_OF_BAND_DATA (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0066"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->ok = FALSE;
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->request);
  reset (f);
  pt_teardown (&f->base, data);
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->ok = sleek_out_of_band_data_send_oob_finish (SLEEK_OUT_OF_BAND_DATA (source), result, &f->error);
  f->done = TRUE;
}

static gboolean
on_transfer_requested (SleekOutOfBandData *oob, SleekOobRequest *request, Fixture *f)
{
  f->requests++;
  g_clear_object (&f->request);
  f->request = g_object_ref (request);
  if (f->take && f->answer_now)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sleek_out_of_band_data_answer (oob, request, f->success, f->condition, &error));
      g_assert_no_error (error);
    }
  return f->take;
}

static gboolean
local_has (Fixture *f, const char *feature)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, feature);
}

static void
test_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sleek_plugin_get_name (SLEEK_PLUGIN (f->oob)), ==, "xep_0066");
  g_assert_true (local_has (f, IQ_OOB));
  g_assert_true (local_has (f, X_OOB));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0066", &error));
  g_assert_no_error (error);
  g_assert_false (local_has (f, IQ_OOB));
  g_assert_false (local_has (f, X_OOB));
}

static void
test_stanza_message (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) message = NULL;
  g_autoptr(SleekMessage) made = sleek_message_new ();
  g_autoptr(SleekStanza) presence = NULL;
  g_autoptr(SleekStanza) iq = NULL;
  g_autoptr(SleekNode) want = NULL;
  SleekOobData *oob;

  message = sleek_stanza_parse ("<message xmlns='jabber:client' from='" ROMEO "'><body>Yet I should kill thee</body>"
                                "<x xmlns='" X_OOB "'><url>" URL "</url><desc>A sonnet</desc></x></message>", &error);
  g_assert_no_error (error);
  oob = sleek_stanza_get_oob_data (message, FALSE);
  g_assert_nonnull (oob);
  g_assert_cmpstr (sleek_oob_data_get_url (oob), ==, URL);
  g_assert_cmpstr (sleek_oob_data_get_desc (oob), ==, "A sonnet");
  g_assert_true (SLEEK_IS_OOB_DATA (sleek_stanza_get_plugin (message, "oob", FALSE)));

  /* Without <desc/>, and an empty <url/>. */
  presence = sleek_stanza_parse ("<presence xmlns='jabber:client'><x xmlns='" X_OOB "'><url/></x></presence>", &error);
  g_assert_no_error (error);
  oob = sleek_stanza_get_oob_data (presence, FALSE);
  g_assert_nonnull (oob);
  g_assert_null (sleek_oob_data_get_url (oob));
  g_assert_null (sleek_oob_data_get_desc (oob));

  /* Not on iqs; not there when absent. */
  iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='get'><x xmlns='" X_OOB "'/></iq>", &error);
  g_assert_no_error (error);
  g_assert_null (sleek_stanza_get_oob_data (iq, TRUE));
  g_assert_null (sleek_stanza_get_oob_data (SLEEK_STANZA (made), FALSE));

  oob = sleek_stanza_get_oob_data (SLEEK_STANZA (made), TRUE);
  sleek_oob_data_set_url (oob, URL);
  sleek_oob_data_set_desc (oob, "A sonnet");
  sleek_oob_data_set_desc (oob, NULL);
  want = sleek_node_parse ("<message xmlns='jabber:client'><x xmlns='" X_OOB "'><url>" URL "</url></x></message>",
                           -1, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_node_equal (want, sleek_stanza_get_node (SLEEK_STANZA (made))));
}

static void
test_send_accepted (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  sleek_out_of_band_data_send_oob_async (f->oob, romeo, URL, "A sonnet", 0, NULL, on_sent, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s' to='" ROMEO "'><query xmlns='" IQ_OOB "'>"
                                        "<url>" URL "</url><desc>A sonnet</desc></query></iq>");
  xml = g_strdup_printf ("<iq type='result' id='%s' from='" ROMEO "'/>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
}

static void
test_send_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *xml = NULL;

  sleek_out_of_band_data_send_oob_async (f->oob, romeo, URL, NULL, 0, NULL, on_sent, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s' to='" ROMEO "'><query xmlns='" IQ_OOB "'>"
                                        "<url>" URL "</url></query></iq>");
  xml = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><query xmlns='" IQ_OOB "'><url>" URL "</url></query>"
                         "<error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ACCEPTABLE);
  g_assert_false (f->ok);

  sleek_out_of_band_data_send_oob_async (f->oob, romeo, URL, NULL, 0, NULL, on_sent, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s' to='" ROMEO "'><query xmlns='" IQ_OOB "'>"
                                        "<url>" URL "</url></query></iq>");
  g_free (xml);
  xml = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'>"
                         "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
test_send_not_enabled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(SleekOutOfBandData) oob = g_object_ref (f->oob);
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0066", &error));
  g_assert_no_error (error);
  sleek_out_of_band_data_send_oob_async (oob, romeo, URL, NULL, 0, NULL, on_sent, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  pt_expect_silence (&f->base);
}

#define REQUEST(id) "<iq type='set' id='" id "' from='" ROMEO "' to='" OWN_JID "'><query xmlns='" IQ_OOB "' sid='s1'>" \
                    "<url>" URL "</url><desc>A sonnet</desc></query></iq>"

static void
test_receive_unhandled (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, REQUEST ("o1"));
  pt_expect_send (&f->base, "<iq type='error' id='o1' to='" ROMEO "' from='" OWN_JID "'><query xmlns='" IQ_OOB "' sid='s1'>"
                            "<url>" URL "</url><desc>A sonnet</desc></query>"
                            "<error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/></error></iq>");

  /* A handler that declines is the same as none. */
  g_signal_connect (f->oob, "transfer-requested", G_CALLBACK (on_transfer_requested), f);
  pt_recv (&f->base, REQUEST ("o2"));
  pt_expect_send (&f->base, "<iq type='error' id='o2' to='" ROMEO "' from='" OWN_JID "'><query xmlns='" IQ_OOB "' sid='s1'>"
                            "<url>" URL "</url><desc>A sonnet</desc></query>"
                            "<error type='modify'><not-acceptable xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_true (sleek_oob_request_is_answered (f->request));
}

static void
test_receive_accept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->oob, "transfer-requested", G_CALLBACK (on_transfer_requested), f);
  f->take = TRUE;
  f->answer_now = TRUE;
  f->success = TRUE;
  pt_recv (&f->base, REQUEST ("o1"));
  pt_expect_send (&f->base, "<iq type='result' id='o1' to='" ROMEO "' from='" OWN_JID "'/>");
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_cmpstr (sleek_jid_to_string (sleek_oob_request_get_from (f->request)), ==, ROMEO);
  g_assert_cmpstr (sleek_oob_request_get_url (f->request), ==, URL);
  g_assert_cmpstr (sleek_oob_request_get_desc (f->request), ==, "A sonnet");
  g_assert_cmpstr (sleek_oob_request_get_sid (f->request), ==, "s1");
  g_assert_true (sleek_oob_request_is_answered (f->request));

  /* Once only. */
  g_assert_false (sleek_out_of_band_data_answer (f->oob, f->request, FALSE, SLEEK_STANZA_ERROR_NOT_ACCEPTABLE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_receive_later (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->oob, "transfer-requested", G_CALLBACK (on_transfer_requested), f);
  f->take = TRUE;
  f->answer_now = FALSE;
  pt_recv (&f->base, REQUEST ("o1"));
  /* Taken: no answer until the application gives one. */
  pt_expect_silence (&f->base);
  g_assert_nonnull (f->request);
  g_assert_false (sleek_oob_request_is_answered (f->request));
  g_assert_true (sleek_out_of_band_data_answer (f->oob, f->request, FALSE, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND, &error));
  g_assert_no_error (error);
  pt_expect_send (&f->base, "<iq type='error' id='o1' to='" ROMEO "' from='" OWN_JID "'><query xmlns='" IQ_OOB "' sid='s1'>"
                            "<url>" URL "</url><desc>A sonnet</desc></query>"
                            "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
}

static void
test_receive_malformed (Fixture *f, gconstpointer data)
{
  g_signal_connect (f->oob, "transfer-requested", G_CALLBACK (on_transfer_requested), f);
  f->take = TRUE;
  f->answer_now = TRUE;
  f->success = TRUE;
  pt_recv (&f->base, "<iq type='set' id='o1' from='" ROMEO "'><query xmlns='" IQ_OOB "'><desc>no url</desc></query></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='o1' to='" ROMEO "'><query xmlns='" IQ_OOB "'><desc>no url</desc></query>"
                            "<error type='modify'><bad-request xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_cmpuint (f->requests, ==, 0);
  /* A get is no transfer request. */
  pt_recv (&f->base, "<iq type='get' id='o2' from='" ROMEO "'><query xmlns='" IQ_OOB "'><url>" URL "</url></query></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='o2' to='" ROMEO "'><error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_cmpuint (f->requests, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0066/plugin", test_plugin);
  ADD ("/xep-0066/stanza/x", test_stanza_message);
  ADD ("/xep-0066/send/accepted", test_send_accepted);
  ADD ("/xep-0066/send/refused", test_send_refused);
  ADD ("/xep-0066/send/not-enabled", test_send_not_enabled);
  ADD ("/xep-0066/receive/unhandled", test_receive_unhandled);
  ADD ("/xep-0066/receive/accept", test_receive_accept);
  ADD ("/xep-0066/receive/later", test_receive_later);
  ADD ("/xep-0066/receive/malformed", test_receive_malformed);

  return g_test_run ();
}
