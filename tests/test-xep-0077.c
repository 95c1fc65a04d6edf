/* test-xep-0077.c: SleekInBandRegistration, XEP-0077 In-Band Registration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define REG_NS "jabber:iq:register"
#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s%u' version='1.0'>"
#define FEATURES_REGISTER "<stream:features><register xmlns='http://jabber.org/features/iq-register'/>" \
  "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>" \
  "</stream:features>"
#define FEATURES_PLAIN "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
#define FEATURES_BIND "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"

#define LEGACY_FORM "<query xmlns='" REG_NS "'><instructions>Choose a username and password</instructions>" \
  "<username/><password/><email/></query>"
#define DATA_FORM "<x xmlns='jabber:x:data' type='form'><title>Creating a new account</title>" \
  "<field var='FORM_TYPE' type='hidden'><value>" REG_NS "</value></field>" \
  "<field var='username' type='text-single' label='Username'><required/></field>" \
  "<field var='password' type='text-private' label='Password'><required/></field></x>"
#define BOTH_FORM "<query xmlns='" REG_NS "'><instructions>Choose a username and password</instructions>" \
  "<username/><password/>" DATA_FORM "</query>"

/* ------------------------------------------------------------------ */
/* The stanza                                                         */
/* ------------------------------------------------------------------ */

static SleekIq *
parse_iq (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza;

  /* The plugin type registers the query as a plugin of iq. */
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_IN_BAND_REGISTRATION));
  stanza = sleek_stanza_parse (xml, &error);
  g_assert_no_error (error);
  g_assert_true (SLEEK_IS_IQ (stanza));
  return SLEEK_IQ (stanza);
}

static void
test_query_parse (void)
{
  g_autoptr(SleekIq) iq = parse_iq ("<iq xmlns='jabber:client' type='result' id='r1'>" BOTH_FORM "</iq>");
  SleekRegisterQuery *query = sleek_stanza_get_register_query (SLEEK_STANZA (iq));
  g_auto(GStrv) names = NULL;
  SleekDataForm *form;

  g_assert_nonnull (query);
  g_assert_true (SLEEK_IS_REGISTER_QUERY (sleek_stanza_get_plugin (SLEEK_STANZA (iq), "register", FALSE)));
  g_assert_cmpstr (sleek_register_query_get_instructions (query), ==, "Choose a username and password");
  g_assert_false (sleek_register_query_get_registered (query));
  g_assert_false (sleek_register_query_get_remove (query));
  names = sleek_register_query_get_field_names (query);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "username");
  g_assert_cmpstr (names[1], ==, "password");
  g_assert_true (sleek_register_query_has_field (query, "username"));
  g_assert_false (sleek_register_query_has_field (query, "email"));
  g_assert_false (sleek_register_query_has_field (query, "instructions"));
  g_assert_cmpstr (sleek_register_query_get_field (query, "username"), ==, "");
  g_assert_null (sleek_register_query_get_field (query, "email"));

  form = sleek_register_query_get_form (query);
  g_assert_nonnull (form);
  g_assert_cmpstr (sleek_data_form_get_form_namespace (form), ==, REG_NS);
  g_assert_nonnull (sleek_data_form_get_field (form, "password"));

  /* An iq with another payload has no query. */
  {
    g_autoptr(SleekIq) other = parse_iq ("<iq xmlns='jabber:client' type='get' id='p'>"
                                         "<ping xmlns='urn:xmpp:ping'/></iq>");

    g_assert_null (sleek_stanza_get_register_query (SLEEK_STANZA (other)));
  }
}

static void
test_query_registered (void)
{
  g_autoptr(SleekIq) iq = parse_iq ("<iq xmlns='jabber:client' type='result' id='r2'>"
                                    "<query xmlns='" REG_NS "'><registered/>"
                                    "<username>juliet</username><password/><email>j@example.org</email>"
                                    "</query></iq>");
  SleekRegisterQuery *query = sleek_stanza_get_register_query (SLEEK_STANZA (iq));
  g_auto(GStrv) names = sleek_register_query_get_field_names (query);

  g_assert_true (sleek_register_query_get_registered (query));
  g_assert_null (sleek_register_query_get_form (query));
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (sleek_register_query_get_field (query, "username"), ==, "juliet");
  g_assert_cmpstr (sleek_register_query_get_field (query, "email"), ==, "j@example.org");
}

static void
test_query_build (void)
{
  g_autoptr(SleekRegisterQuery) query = sleek_register_query_new ();
  g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_autofree char *xml = NULL;

  sleek_register_query_set_field (query, "username", "bill");
  sleek_register_query_set_field (query, "email", "");
  sleek_register_query_set_remove (query, TRUE);
  g_assert_true (sleek_register_query_get_remove (query));
  xml = sleek_stanza_to_string (SLEEK_STANZA (query));
  g_assert_cmpstr (xml, ==, "<query xmlns='" REG_NS "'><username>bill</username><email/><remove/></query>");

  sleek_register_query_set_remove (query, FALSE);
  sleek_register_query_set_field (query, "email", NULL);
  sleek_data_form_set_field_value (form, "username", "bill");
  sleek_register_query_set_form (query, form);
  /* The query holds a copy. */
  sleek_data_form_set_field_value (form, "username", "other");
  g_assert_cmpstr (sleek_data_form_get_field_value (sleek_register_query_get_form (query), "username"), ==, "bill");
  g_free (xml);
  xml = sleek_stanza_to_string (SLEEK_STANZA (query));
  g_assert_nonnull (strstr (xml, "<username>bill</username><x xmlns='jabber:x:data' type='submit'>"));
  g_assert_null (strstr (xml, "<remove"));

  sleek_register_query_set_form (query, NULL);
  g_assert_null (sleek_register_query_get_form (query));
}

static void
test_query_submit_form (void)
{
  g_autoptr(SleekIq) iq = parse_iq ("<iq xmlns='jabber:client' type='result' id='r3'>" BOTH_FORM "</iq>");
  SleekRegisterQuery *query = sleek_stanza_get_register_query (SLEEK_STANZA (iq));
  g_autoptr(SleekRegisterQuery) submit = NULL;
  g_autoptr(GError) error = NULL;
  SleekDataForm *sent;
  g_auto(GStrv) names = NULL;

  /* A required field without a value: the form does not validate. */
  sleek_register_query_fill_credentials (query, "bill", NULL);
  submit = sleek_register_query_make_submit (query, &error);
  g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED);
  g_assert_null (submit);
  g_clear_error (&error);

  sleek_register_query_fill_credentials (query, NULL, "Calliope");
  g_assert_cmpstr (sleek_register_query_get_field (query, "username"), ==, "bill");
  g_assert_cmpstr (sleek_register_query_get_field (query, "password"), ==, "Calliope");
  submit = sleek_register_query_make_submit (query, &error);
  g_assert_no_error (error);
  /* Only the form goes back. */
  names = sleek_register_query_get_field_names (submit);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_assert_null (sleek_register_query_get_instructions (submit));
  sent = sleek_register_query_get_form (submit);
  g_assert_nonnull (sent);
  g_assert_cmpint (sleek_data_form_get_form_type (sent), ==, SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (sleek_data_form_get_form_namespace (sent), ==, REG_NS);
  g_assert_cmpstr (sleek_data_form_get_field_value (sent, "username"), ==, "bill");
  g_assert_cmpstr (sleek_data_form_get_field_value (sent, "password"), ==, "Calliope");
}

static void
test_query_submit_legacy (void)
{
  g_autoptr(SleekIq) iq = parse_iq ("<iq xmlns='jabber:client' type='result' id='r4'>" LEGACY_FORM "</iq>");
  SleekRegisterQuery *query = sleek_stanza_get_register_query (SLEEK_STANZA (iq));
  g_autoptr(SleekRegisterQuery) submit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  /* Nothing filled in: nothing to send. */
  submit = sleek_register_query_make_submit (query, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (submit);
  g_clear_error (&error);

  sleek_register_query_fill_credentials (query, "bill", "Calliope");
  submit = sleek_register_query_make_submit (query, &error);
  g_assert_no_error (error);
  /* The empty email stays out; the instructions too. */
  xml = sleek_stanza_to_string (SLEEK_STANZA (submit));
  g_assert_cmpstr (xml, ==, "<query xmlns='" REG_NS "'><username>bill</username>"
                            "<password>Calliope</password></query>");
}

/* ------------------------------------------------------------------ */
/* Registering an account, before authentication                      */
/* ------------------------------------------------------------------ */

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekClientXmpp *client;
  SleekInBandRegistration *ibr;
  guint stream_count;
  guint forms;
  gboolean done;
  gboolean ok;
  GError *error;
  const char *set_email;
  const char *set_username;
  gboolean drop_form;
  gboolean defer;
  SleekRegisterQuery *held;
} ClientFixture;

static void
client_setup (ClientFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0, NULL);
  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (f->client), "xep_0077", &error));
  g_assert_no_error (error);
  f->ibr = SLEEK_IN_BAND_REGISTRATION (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (f->client), "xep_0077"));
}

static void
client_teardown (ClientFixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->client);
  g_clear_object (&f->peer);
  g_clear_object (&f->held);
  g_clear_error (&f->error);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
expect (ClientFixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (f->peer, xml, &error);
  g_assert_no_error (error);
}

static void
server_stream (ClientFixture *f, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, ++f->stream_count);

  expect (f, "<stream:stream to='example.com' version='1.0'>");
  sleek_test_stream_recv (f->peer, header);
  sleek_test_stream_recv (f->peer, features);
}

/* Takes the next iq the client sends: its type, and its register query
 * as a string (without the iq); returns its id. */
static char *
next_iq (ClientFixture *f, const char *type, char **query_xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = sleek_test_stream_next_send (f->peer, &error);
  SleekNode *query;

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (iq), ==, "iq");
  g_assert_cmpstr (sleek_node_get_attribute (iq, "type"), ==, type);
  /* Before authentication nothing is addressed. */
  g_assert_null (sleek_node_get_attribute (iq, "to"));
  query = sleek_node_get_child (iq, "query", REG_NS);
  g_assert_nonnull (query);
  if (query_xml != NULL)
    *query_xml = sleek_node_to_string (query);
  return g_strdup (sleek_node_get_attribute (iq, "id"));
}

static void
reply (ClientFixture *f, const char *id, const char *payload)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s'>%s</iq>", id, payload);

  sleek_test_stream_recv (f->peer, xml);
}

static void
reply_error (ClientFixture *f, const char *id, const char *type, const char *condition)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='error' id='%s'><error type='%s'><%s xmlns='" NS_STANZAS "'/>"
                                          "</error></iq>", id, type, condition);

  sleek_test_stream_recv (f->peer, xml);
}

static void
plain_auth (ClientFixture *f, const char *user, const char *password)
{
  g_autofree char *raw = g_strdup_printf ("%c%s%c%s", 0, user, 0, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) raw, strlen (user) + strlen (password) + 2);
  g_autofree char *auth = g_strdup_printf ("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>",
                                           encoded);

  expect (f, auth);
  sleek_test_stream_recv (f->peer, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
}

static void
bind (ClientFixture *f, const char *jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = NULL;
  g_autofree char *answer = NULL;

  server_stream (f, FEATURES_BIND);
  iq = sleek_test_stream_next_send (f->peer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (iq, "bind", "urn:ietf:params:xml:ns:xmpp-bind"));
  answer = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                            "<jid>%s</jid></bind></iq>", sleek_node_get_attribute (iq, "id"), jid);
  sleek_test_stream_recv (f->peer, answer);
}

static void
on_registered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClientFixture *f = user_data;

  g_clear_error (&f->error);
  f->ok = sleek_in_band_registration_register_account_finish (SLEEK_IN_BAND_REGISTRATION (source), result,
                                                              &f->error);
  f->done = TRUE;
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClientFixture *f = user_data;

  g_clear_error (&f->error);
  f->ok = sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result, &f->error);
  f->done = TRUE;
}

static gboolean
on_register_form (SleekInBandRegistration *ibr, SleekRegisterQuery *form, ClientFixture *f)
{
  SleekDataForm *data_form = sleek_register_query_get_form (form);

  f->forms++;
  if (f->drop_form)
    sleek_register_query_set_form (form, NULL);
  else if (data_form != NULL && f->set_username != NULL)
    sleek_data_form_set_field_value (data_form, "username", f->set_username);
  if (f->set_email != NULL)
    sleek_register_query_set_field (form, "email", f->set_email);
  if (f->defer)
    {
      f->held = g_object_ref (form);
      return TRUE;
    }
  return FALSE;
}

static void
wait_done (ClientFixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_iterate_until (f->peer, &f->done, &error);
  g_assert_no_error (error);
}

static void
start_registration (ClientFixture *f, gboolean log_in)
{
  g_signal_connect (f->ibr, "register-form", G_CALLBACK (on_register_form), f);
  sleek_in_band_registration_register_account_async (f->ibr, sleek_test_stream_get_io_stream (f->peer), log_in, NULL,
                                                     on_registered, f);
}

/* Starts a registration against a server that offers it and answers the
 * request for the form with @answer. */
static void
answer_form_request (ClientFixture *f, gboolean log_in, const char *answer)
{
  g_autofree char *id = NULL;

  start_registration (f, log_in);
  server_stream (f, FEATURES_REGISTER);
  id = next_iq (f, "get", NULL);
  reply (f, id, answer);
}

static void
test_register_legacy (ClientFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *sent = NULL;

  f->set_email = "juliet@example.org";
  start_registration (f, TRUE);
  server_stream (f, FEATURES_REGISTER);
  id = next_iq (f, "get", &sent);
  g_assert_cmpstr (sent, ==, "<query xmlns='" REG_NS "'/>");
  reply (f, id, LEGACY_FORM);
  g_free (id);
  g_free (sent);
  id = next_iq (f, "set", &sent);
  g_assert_cmpuint (f->forms, ==, 1);
  g_assert_cmpstr (sent, ==, "<query xmlns='" REG_NS "'><username>juliet</username><password>secret</password>"
                             "<email>juliet@example.org</email></query>");
  reply (f, id, "");
  /* Then the login with the new account. */
  plain_auth (f, "juliet", "secret");
  bind (f, "juliet@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_true (sleek_in_band_registration_get_feature_offered (f->ibr));
  g_assert_true (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

static void
test_register_form (ClientFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *sent = NULL;
  g_autoptr(SleekNode) query = NULL;
  g_autoptr(SleekStanza) stanza = NULL;
  SleekDataForm *form;

  /* The handler picks another username: the client logs in as that. */
  f->set_username = "romeo";
  answer_form_request (f, TRUE, BOTH_FORM);
  id = next_iq (f, "set", &sent);
  query = sleek_node_parse (sent, -1, NULL);
  g_assert_nonnull (query);
  /* The form only, submitted. */
  g_assert_null (sleek_node_get_child (query, "username", REG_NS));
  g_assert_null (sleek_node_get_child (query, "instructions", REG_NS));
  stanza = g_object_new (SLEEK_TYPE_REGISTER_QUERY, "node", query, NULL);
  form = sleek_register_query_get_form (SLEEK_REGISTER_QUERY (stanza));
  g_assert_nonnull (form);
  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (sleek_data_form_get_form_namespace (form), ==, REG_NS);
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "username"), ==, "romeo");
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "password"), ==, "secret");
  reply (f, id, "");
  plain_auth (f, "romeo", "secret");
  bind (f, "romeo@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_cmpstr (sleek_jid_get_local (sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (f->client))), ==, "romeo");
}

static void
test_register_form_dropped (ClientFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *sent = NULL;

  /* Without its form, the answer is submitted as legacy fields. */
  f->drop_form = TRUE;
  answer_form_request (f, TRUE, BOTH_FORM);
  id = next_iq (f, "set", &sent);
  g_assert_cmpstr (sent, ==, "<query xmlns='" REG_NS "'><username>juliet</username><password>secret</password>"
                             "</query>");
  reply (f, id, "");
  plain_auth (f, "juliet", "secret");
  bind (f, "juliet@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);
}

static void
fail_registration (ClientFixture *f, const char *type, const char *condition, int code)
{
  g_autofree char *id = NULL;

  answer_form_request (f, TRUE, LEGACY_FORM);
  id = next_iq (f, "set", NULL);
  reply_error (f, id, type, condition);
  wait_done (f);
  g_assert_false (f->ok);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, code);
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

static void
test_register_conflict (ClientFixture *f, gconstpointer data)
{
  fail_registration (f, "cancel", "conflict", SLEEK_STANZA_ERROR_CONFLICT);
}

static void
test_register_not_acceptable (ClientFixture *f, gconstpointer data)
{
  fail_registration (f, "modify", "not-acceptable", SLEEK_STANZA_ERROR_NOT_ACCEPTABLE);
}

static void
test_register_form_refused (ClientFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  /* Registration closed: the request for the form fails. */
  start_registration (f, TRUE);
  server_stream (f, FEATURES_REGISTER);
  id = next_iq (f, "get", NULL);
  reply_error (f, id, "cancel", "not-allowed");
  wait_done (f);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
}

static void
test_register_invalid_form (ClientFixture *f, gconstpointer data)
{
  /* A required field the application left empty: the form fails
   * validation here, not at the server. */
  g_object_set (f->client, "password", "", NULL);
  answer_form_request (f, TRUE, BOTH_FORM);
  wait_done (f);
  g_assert_error (f->error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED);
}

static void
test_register_bad_username (ClientFixture *f, gconstpointer data)
{
  /* A username that would be another address: nothing is sent. */
  f->set_username = "romeo@example.net";
  answer_form_request (f, TRUE, BOTH_FORM);
  wait_done (f);
  g_assert_error (f->error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_LOCAL_FORBIDDEN);
  g_assert_cmpstr (sleek_jid_get_local (sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (f->client))), ==, "juliet");
}

static void
test_register_deferred (ClientFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *sent = NULL;

  /* The handler keeps the form, the user fills it in later. */
  f->defer = TRUE;
  answer_form_request (f, TRUE, LEGACY_FORM);
  g_assert_nonnull (f->held);
  {
    g_autoptr(GError) error = NULL;

    sleek_test_stream_expect_silence (f->peer, 50, &error);
    g_assert_no_error (error);
  }
  g_assert_false (f->done);
  sleek_register_query_set_field (f->held, "email", "later@example.org");
  sleek_in_band_registration_submit_registration (f->ibr, f->held);
  id = next_iq (f, "set", &sent);
  g_assert_cmpstr (sent, ==, "<query xmlns='" REG_NS "'><username>juliet</username><password>secret</password>"
                             "<email>later@example.org</email></query>");
  reply (f, id, "");
  plain_auth (f, "juliet", "secret");
  bind (f, "juliet@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
}

static void
test_register_given_up (ClientFixture *f, gconstpointer data)
{
  f->defer = TRUE;
  answer_form_request (f, TRUE, BOTH_FORM);
  g_assert_nonnull (f->held);
  sleek_in_band_registration_submit_registration (f->ibr, NULL);
  wait_done (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (f->ok);
}

static void
test_register_dropped_while_filling (ClientFixture *f, gconstpointer data)
{
  /* The server goes away while the user types. */
  f->defer = TRUE;
  answer_form_request (f, TRUE, BOTH_FORM);
  g_assert_nonnull (f->held);
  sleek_test_stream_close (f->peer);
  wait_done (f);
  g_assert_nonnull (f->error);
  g_assert_false (f->ok);
}

static void
test_register_no_login (ClientFixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  answer_form_request (f, FALSE, LEGACY_FORM);
  id = next_iq (f, "set", NULL);
  reply (f, id, "");
  /* No SASL: the client ends the stream. */
  expect (f, "</stream:stream>");
  sleek_test_stream_recv (f->peer, "</stream:stream>");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
}

static void
test_register_not_offered (ClientFixture *f, gconstpointer data)
{
  start_registration (f, TRUE);
  server_stream (f, FEATURES_PLAIN);
  wait_done (f);
  g_assert_false (f->ok);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  g_assert_false (sleek_in_band_registration_get_feature_offered (f->ibr));
}

static void
test_register_pending (ClientFixture *f, gconstpointer data)
{
  ClientFixture second = { 0 };

  start_registration (f, TRUE);
  sleek_in_band_registration_register_account_async (f->ibr, NULL, TRUE, NULL, on_registered, &second);
  while (!second.done)
    g_main_context_iteration (f->ctx, TRUE);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&second.error);
}

static void
test_feature_seen (ClientFixture *f, gconstpointer data)
{
  /* Offered, but no registration asked for: straight to SASL, and the
   * offer shows before authentication. */
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          on_connected, f);
  g_assert_false (sleek_in_band_registration_get_feature_offered (f->ibr));
  server_stream (f, FEATURES_REGISTER);
  g_assert_true (sleek_in_band_registration_get_feature_offered (f->ibr));
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
  plain_auth (f, "juliet", "secret");
  bind (f, "juliet@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);
  /* The features after authentication leave it alone. */
  g_assert_true (sleek_in_band_registration_get_feature_offered (f->ibr));
  g_assert_cmpuint (f->forms, ==, 0);
}

static void
test_feature_removed (ClientFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Without the plugin the offer is ignored, even for a registration
   * asked for before. */
  g_assert_true (sleek_base_xmpp_remove_plugin (SLEEK_BASE_XMPP (f->client), "xep_0077", &error));
  g_assert_no_error (error);
  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          on_connected, f);
  server_stream (f, FEATURES_REGISTER);
  plain_auth (f, "juliet", "secret");
  bind (f, "juliet@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);
  g_assert_true (sleek_client_xmpp_unregister_feature (f->client, "starttls"));
  g_assert_false (sleek_client_xmpp_unregister_feature (f->client, "register"));
  g_assert_false (sleek_client_xmpp_unregister_feature (f->client, "register-guard"));
}

static void
test_not_client (void)
{
  PluginFixture base = { 0 };
  ClientFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  SleekInBandRegistration *ibr;

  pt_setup (&base, NULL);
  g_assert_true (sleek_base_xmpp_register_plugin (base.xmpp, "xep_0077", &error));
  ibr = SLEEK_IN_BAND_REGISTRATION (sleek_base_xmpp_get_plugin (base.xmpp, "xep_0077"));
  sleek_in_band_registration_register_account_async (ibr, NULL, TRUE, NULL, on_registered, &f);
  pt_wait_for (&base, &f.done);
  g_assert_error (f.error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  g_clear_error (&f.error);
  pt_teardown (&base, NULL);
}

/* ------------------------------------------------------------------ */
/* Once logged in                                                     */
/* ------------------------------------------------------------------ */

typedef struct {
  PluginFixture base;
  SleekInBandRegistration *ibr;
  gboolean done;
  gboolean ok;
  SleekRegisterQuery *query;
  GError *error;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0077", &error));
  g_assert_no_error (error);
  f->ibr = SLEEK_IN_BAND_REGISTRATION (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0077"));
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->ok = FALSE;
  g_clear_object (&f->query);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
}

static void
on_registration (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->query = sleek_in_band_registration_get_registration_finish (SLEEK_IN_BAND_REGISTRATION (source), result,
                                                                 &f->error);
  f->done = TRUE;
}

/* The end of a password change or of a removal. */
static void
on_finished (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SleekInBandRegistration *ibr = SLEEK_IN_BAND_REGISTRATION (source);
  Fixture *f = user_data;

  reset (f);
  if (g_async_result_is_tagged (result, sleek_in_band_registration_change_password_async))
    f->ok = sleek_in_band_registration_change_password_finish (ibr, result, &f->error);
  else
    f->ok = sleek_in_band_registration_cancel_registration_finish (ibr, result, &f->error);
  f->done = TRUE;
}

/* Asks for the account's removal; returns the id of the request sent. */
static char *
start_cancel (Fixture *f)
{
  reset (f);
  sleek_in_band_registration_cancel_registration_async (f->ibr, NULL, on_finished, f);
  return pt_expect_send_any_id (&f->base, "<iq type='set' id='%s' to='example.com'><query xmlns='" REG_NS "'>"
                                          "<remove/></query></iq>");
}

/* Changes the password to n3w; returns the id of the request sent. */
static char *
start_change (Fixture *f)
{
  reset (f);
  sleek_in_band_registration_change_password_async (f->ibr, "n3w", NULL, on_finished, f);
  return pt_expect_send_any_id (&f->base, "<iq type='set' id='%s' to='example.com'><query xmlns='" REG_NS "'>"
                                          "<username>juliet</username><password>n3w</password></query></iq>");
}

/* The server answers request @id with a result, or the error @condition. */
static void
server_answers (Fixture *f, const char *id, const char *condition)
{
  g_autofree char *answer = NULL;

  if (condition == NULL)
    answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'/>", id);
  else
    answer = g_strdup_printf ("<iq type='error' id='%s' from='example.com'><error type='cancel'>"
                              "<%s xmlns='" NS_STANZAS "'/></error></iq>", id, condition);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
}

static void
test_advertised (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_disco_info_has_feature (info, REG_NS));
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0004"));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0077", &error));
  g_clear_object (&info);
  info = sleek_disco_get_local_info (disco, NULL);
  g_assert_false (sleek_disco_info_has_feature (info, REG_NS));
}

static void
test_get_registration (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  reset (f);
  sleek_in_band_registration_get_registration_async (f->ibr, NULL, on_registration, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" REG_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'><query xmlns='" REG_NS "'><registered/>"
                            "<username>juliet</username><password/></query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (sleek_register_query_get_registered (f->query));
  g_assert_cmpstr (sleek_register_query_get_field (f->query, "username"), ==, "juliet");

  /* A result without a query is no answer. */
  reset (f);
  sleek_in_band_registration_get_registration_async (f->ibr, NULL, on_registration, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='example.com'><query xmlns='" REG_NS "'/></iq>");
  g_free (answer);
  answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'/>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (f->query);
}

static void
test_change_password (Fixture *f, gconstpointer data)
{
  g_autofree char *id = start_change (f);
  g_autofree char *refused = NULL;

  server_answers (f, id, NULL);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);

  refused = start_change (f);
  server_answers (f, refused, "not-authorized");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_AUTHORIZED);
  g_assert_false (f->ok);

  /* An empty password is refused before anything is sent. */
  reset (f);
  sleek_in_band_registration_change_password_async (f->ibr, "", NULL, on_finished, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_change_password_not_logged_in (Fixture *f, gconstpointer data)
{
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, NULL);
  reset (f);
  sleek_in_band_registration_change_password_async (f->ibr, "n3w", NULL, on_finished, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  pt_expect_silence (&f->base);
}

static void
test_client_password_updated (ClientFixture *f, gconstpointer data)
{
  Fixture changed = { 0 };
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) iq = NULL;

  sleek_client_xmpp_connect_stream_async (f->client, sleek_test_stream_get_io_stream (f->peer), NULL,
                                          on_connected, f);
  server_stream (f, FEATURES_PLAIN);
  plain_auth (f, "juliet", "secret");
  bind (f, "juliet@example.com/balcony");
  wait_done (f);
  g_assert_no_error (f->error);

  sleek_in_band_registration_change_password_async (f->ibr, "n3w", NULL, on_finished, &changed);
  iq = sleek_test_stream_next_send (f->peer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_attribute (iq, "to"), ==, "example.com");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='example.com'/>", sleek_node_get_attribute (iq, "id"));
  sleek_test_stream_recv (f->peer, answer);
  sleek_test_stream_iterate_until (f->peer, &changed.done, &error);
  g_assert_no_error (changed.error);
  g_assert_cmpstr (sleek_client_xmpp_get_password (f->client), ==, "n3w");
}

static void
test_cancel_registration (Fixture *f, gconstpointer data)
{
  g_autofree char *id = start_cancel (f);
  g_autofree char *refused = NULL;

  server_answers (f, id, NULL);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);

  refused = start_cancel (f);
  server_answers (f, refused, "not-allowed");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
  g_assert_false (f->ok);
}

static void
test_cancel_registration_dropped (Fixture *f, gconstpointer data)
{
  /* The server removes the account and ends the stream without an
   * answer: that is success. */
  g_autofree char *id = start_cancel (f);

  pt_recv (&f->base, "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                     "</stream:error></stream:stream>");
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
}

static void
test_cancel_registration_timeout (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  /* No answer at all, the stream still up: an error. */
  sleek_base_xmpp_set_iq_timeout (f->base.xmpp, 50);
  id = start_cancel (f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (f->ok);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0077/query/parse", test_query_parse);
  g_test_add_func ("/xep-0077/query/registered", test_query_registered);
  g_test_add_func ("/xep-0077/query/build", test_query_build);
  g_test_add_func ("/xep-0077/query/submit-form", test_query_submit_form);
  g_test_add_func ("/xep-0077/query/submit-legacy", test_query_submit_legacy);
  g_test_add_func ("/xep-0077/register/not-client", test_not_client);

#define ADD_CLIENT(path, func) \
  g_test_add (path, ClientFixture, NULL, client_setup, func, client_teardown)
  ADD_CLIENT ("/xep-0077/register/legacy", test_register_legacy);
  ADD_CLIENT ("/xep-0077/register/form", test_register_form);
  ADD_CLIENT ("/xep-0077/register/form-dropped", test_register_form_dropped);
  ADD_CLIENT ("/xep-0077/register/conflict", test_register_conflict);
  ADD_CLIENT ("/xep-0077/register/not-acceptable", test_register_not_acceptable);
  ADD_CLIENT ("/xep-0077/register/form-refused", test_register_form_refused);
  ADD_CLIENT ("/xep-0077/register/invalid-form", test_register_invalid_form);
  ADD_CLIENT ("/xep-0077/register/bad-username", test_register_bad_username);
  ADD_CLIENT ("/xep-0077/register/deferred", test_register_deferred);
  ADD_CLIENT ("/xep-0077/register/given-up", test_register_given_up);
  ADD_CLIENT ("/xep-0077/register/dropped-while-filling", test_register_dropped_while_filling);
  ADD_CLIENT ("/xep-0077/register/no-login", test_register_no_login);
  ADD_CLIENT ("/xep-0077/register/not-offered", test_register_not_offered);
  ADD_CLIENT ("/xep-0077/register/pending", test_register_pending);
  ADD_CLIENT ("/xep-0077/feature/seen", test_feature_seen);
  ADD_CLIENT ("/xep-0077/feature/removed", test_feature_removed);
  ADD_CLIENT ("/xep-0077/password/client-updated", test_client_password_updated);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/xep-0077/advertised", test_advertised);
  ADD ("/xep-0077/registration/get", test_get_registration);
  ADD ("/xep-0077/password/change", test_change_password);
  ADD ("/xep-0077/password/not-logged-in", test_change_password_not_logged_in);
  ADD ("/xep-0077/cancel/answered", test_cancel_registration);
  ADD ("/xep-0077/cancel/dropped", test_cancel_registration_dropped);
  ADD ("/xep-0077/cancel/timeout", test_cancel_registration_timeout);

  return g_test_run ();
}
