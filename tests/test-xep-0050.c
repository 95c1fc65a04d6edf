/* test-xep-0050.c: SleekAdHocCommands, XEP-0050 Ad-Hoc Commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define CMD_NS "http://jabber.org/protocol/commands"
#define XDATA_NS "jabber:x:data"
#define SERVER "example.com"
#define OTHER "juliet@example.com/chamber"

typedef struct {
  PluginFixture base;
  SleekAdHocCommands *commands;
  gboolean done;
  SleekAdHocSession *session;
  GPtrArray *items;
  gboolean ok;
  GError *error;
  /* What our command saw */
  GPtrArray *seen;   /* SleekAdHocRequest */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0050", &error));
  g_assert_no_error (error);
  f->commands = SLEEK_AD_HOC_COMMANDS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0050"));
  f->seen = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->ok = FALSE;
  g_clear_pointer (&f->items, g_ptr_array_unref);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
  g_clear_object (&f->session);
  g_clear_pointer (&f->seen, g_ptr_array_unref);
}

/* ------------------------------------------------------------------ */
/* The stanza                                                         */
/* ------------------------------------------------------------------ */

static void
test_stanza (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) iq = sleek_stanza_parse (
    "<iq xmlns='jabber:client' type='result' id='c1'>"
    "<command xmlns='" CMD_NS "' node='config' sessionid='s1' status='executing'>"
    "<actions execute='complete'><prev/><complete/></actions>"
    "<note type='warn'>Careful</note><note>Plain</note>"
    "<x xmlns='" XDATA_NS "' type='form'><title>Setup</title></x></command></iq>", &error);
  SleekAdHocCommand *command;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(SleekAdHocCommand) built = NULL;
  g_autoptr(SleekDataForm) form = NULL;
  g_autofree char *xml = NULL;

  g_assert_no_error (error);
  command = sleek_stanza_get_ad_hoc_command (iq);
  g_assert_nonnull (command);
  g_assert_cmpstr (sleek_ad_hoc_command_get_command_node (command), ==, "config");
  g_assert_cmpstr (sleek_ad_hoc_command_get_sessionid (command), ==, "s1");
  g_assert_cmpint (sleek_ad_hoc_command_get_status (command), ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_cmpint (sleek_ad_hoc_command_get_action (command), ==, SLEEK_AD_HOC_ACTION_NONE);
  g_assert_cmpint (sleek_ad_hoc_command_get_actions (command), ==,
                   SLEEK_AD_HOC_ACTIONS_PREV | SLEEK_AD_HOC_ACTIONS_COMPLETE);
  g_assert_cmpint (sleek_ad_hoc_command_get_default_action (command), ==, SLEEK_AD_HOC_ACTION_COMPLETE);
  g_assert_true (sleek_ad_hoc_command_allows (command, SLEEK_AD_HOC_ACTION_PREV));
  g_assert_false (sleek_ad_hoc_command_allows (command, SLEEK_AD_HOC_ACTION_NEXT));
  g_assert_true (sleek_ad_hoc_command_allows (command, SLEEK_AD_HOC_ACTION_CANCEL));
  notes = sleek_ad_hoc_command_get_notes (command);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpint (sleek_ad_hoc_note_get_note_type (notes->pdata[0]), ==, SLEEK_AD_HOC_NOTE_WARN);
  g_assert_cmpstr (sleek_ad_hoc_note_get_text (notes->pdata[0]), ==, "Careful");
  g_assert_cmpint (sleek_ad_hoc_note_get_note_type (notes->pdata[1]), ==, SLEEK_AD_HOC_NOTE_INFO);
  g_assert_nonnull (sleek_ad_hoc_command_get_form (command));
  g_assert_cmpstr (sleek_data_form_get_title (sleek_ad_hoc_command_get_form (command)), ==, "Setup");

  /* No <actions/>: only complete; an unknown status or action. */
  built = sleek_ad_hoc_command_new ("n");
  g_assert_cmpint (sleek_ad_hoc_command_get_actions (built), ==, SLEEK_AD_HOC_ACTIONS_COMPLETE);
  g_assert_cmpint (sleek_ad_hoc_command_get_default_action (built), ==, SLEEK_AD_HOC_ACTION_COMPLETE);
  sleek_stanza_set_string (SLEEK_STANZA (built), "status", "sleeping");
  g_assert_cmpint (sleek_ad_hoc_command_get_status (built), ==, SLEEK_AD_HOC_STATUS_UNKNOWN);
  sleek_stanza_set_string (SLEEK_STANZA (built), "action", "jump");
  g_assert_cmpint (sleek_ad_hoc_command_get_action (built), ==, SLEEK_AD_HOC_ACTION_UNKNOWN);

  /* Building */
  sleek_ad_hoc_command_set_action (built, SLEEK_AD_HOC_ACTION_NONE);
  sleek_ad_hoc_command_set_status (built, SLEEK_AD_HOC_STATUS_EXECUTING);
  sleek_ad_hoc_command_set_sessionid (built, "abc");
  sleek_ad_hoc_command_set_actions (built, SLEEK_AD_HOC_ACTIONS_NEXT | SLEEK_AD_HOC_ACTIONS_PREV,
                                    SLEEK_AD_HOC_ACTION_NEXT);
  sleek_ad_hoc_command_add_note (built, SLEEK_AD_HOC_NOTE_ERROR, "Oops");
  form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
  sleek_data_form_add_new_field (form, "a", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, NULL);
  sleek_ad_hoc_command_set_form (built, form);
  sleek_ad_hoc_command_set_form (built, form);
  xml = sleek_stanza_to_string (SLEEK_STANZA (built));
  g_assert_cmpstr (xml, ==, "<command xmlns='" CMD_NS "' node='n' status='executing' sessionid='abc'>"
                            "<actions execute='next'><prev/><next/></actions>"
                            "<note type='error'>Oops</note>"
                            "<x xmlns='" XDATA_NS "' type='form'><field var='a' type='text-single'/></x></command>");
  g_assert_cmpint (sleek_ad_hoc_command_get_default_action (built), ==, SLEEK_AD_HOC_ACTION_NEXT);
  sleek_ad_hoc_command_set_actions (built, SLEEK_AD_HOC_ACTIONS_NONE, SLEEK_AD_HOC_ACTION_NONE);
  sleek_ad_hoc_command_set_form (built, NULL);
  g_assert_null (sleek_ad_hoc_command_get_form (built));
  g_clear_pointer (&xml, g_free);
  xml = sleek_stanza_to_string (SLEEK_STANZA (built));
  g_assert_cmpstr (xml, ==, "<command xmlns='" CMD_NS "' node='n' status='executing' sessionid='abc'>"
                            "<note type='error'>Oops</note></command>");
}

/* ------------------------------------------------------------------ */
/* Running others' commands                                           */
/* ------------------------------------------------------------------ */

static void
on_commands (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->items = sleek_ad_hoc_commands_get_commands_finish (SLEEK_AD_HOC_COMMANDS (source), result, &f->error);
  f->done = TRUE;
}

static void
on_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  g_clear_object (&f->session);
  f->session = sleek_ad_hoc_commands_start_finish (SLEEK_AD_HOC_COMMANDS (source), result, &f->error);
  f->ok = f->session != NULL;
  f->done = TRUE;
}

#define STEP_CALLBACK(what) \
  static void \
  on_##what (GObject *source, GAsyncResult *result, gpointer user_data) \
  { \
    Fixture *f = user_data; \
    reset (f); \
    f->ok = sleek_ad_hoc_session_##what##_finish (SLEEK_AD_HOC_SESSION (source), result, &f->error); \
    f->done = TRUE; \
  }

STEP_CALLBACK (next)
STEP_CALLBACK (prev)
STEP_CALLBACK (complete)
STEP_CALLBACK (cancel)
STEP_CALLBACK (execute)

static void
test_list (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_ad_hoc_commands_get_commands_async (f->commands, NULL, NULL, on_commands, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" SERVER "'>"
                                        "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'/></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='" SERVER "'>"
                            "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'>"
                            "<item jid='" SERVER "' node='uptime' name='Get uptime'/>"
                            "<item jid='" SERVER "' node='ping' name='Ping'/></query></iq>", id);
  pt_recv (&f->base, answer);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->items->len, ==, 2);
  g_assert_cmpstr (sleek_disco_item_get_node (f->items->pdata[0]), ==, "uptime");
  g_assert_cmpstr (sleek_disco_item_get_name (f->items->pdata[0]), ==, "Get uptime");
  g_assert_cmpstr (sleek_disco_item_get_node (f->items->pdata[1]), ==, "ping");
}

/* Sends the answer to the request the session just sent, which must be
 * @request with %s for the iq id. */
static void
exchange (Fixture *f, const char *request, const char *answer_format)
{
  g_autofree char *id = pt_expect_send_any_id (&f->base, request);
  g_autoptr(GString) answer = g_string_new (answer_format);

  f->done = FALSE;
  g_string_replace (answer, "%s", id, 0);
  pt_recv (&f->base, answer->str);
  pt_wait_for (&f->base, &f->done);
}

#define FORM1 "<x xmlns='" XDATA_NS "' type='form'><field var='name' type='text-single'/></x>"
#define FORM2 "<x xmlns='" XDATA_NS "' type='form'><field var='age' type='text-single'/></x>"

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_multi_stage (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *sessionid = NULL;
  SleekAdHocStatus status;
  SleekAdHocActions actions;
  guint status_notes = 0, actions_notes = 0;
  g_autoptr(SleekDataForm) filled = NULL;
  g_autoptr(GPtrArray) notes = NULL;

  sleek_ad_hoc_commands_start_async (f->commands, romeo, "survey", NULL, on_started, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' action='execute'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S1' status='executing'>"
            "<actions execute='next'><next/></actions>" FORM1 "</command></iq>");
  g_assert_no_error (f->error);
  g_assert_true (SLEEK_IS_AD_HOC_SESSION (f->session));
  g_assert_cmpstr (sleek_ad_hoc_session_get_sessionid (f->session), ==, "S1");
  g_assert_cmpstr (sleek_ad_hoc_session_get_node (f->session), ==, "survey");
  g_assert_true (sleek_jid_equal (sleek_ad_hoc_session_get_jid (f->session), romeo));
  g_assert_cmpint (sleek_ad_hoc_session_get_status (f->session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_cmpint (sleek_ad_hoc_session_get_actions (f->session), ==, SLEEK_AD_HOC_ACTIONS_NEXT);
  g_assert_cmpint (sleek_ad_hoc_session_get_default_action (f->session), ==, SLEEK_AD_HOC_ACTION_NEXT);
  g_assert_nonnull (sleek_ad_hoc_session_get_form (f->session));
  g_assert_nonnull (sleek_data_form_get_field (sleek_ad_hoc_session_get_form (f->session), "name"));

  g_object_get (f->session, "status", &status, "actions", &actions, "sessionid", &sessionid, NULL);
  g_assert_cmpint (status, ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_cmpint (actions, ==, SLEEK_AD_HOC_ACTIONS_NEXT);
  g_assert_cmpstr (sessionid, ==, "S1");
  g_signal_connect (f->session, "notify::status", G_CALLBACK (count_notify), &status_notes);
  g_signal_connect (f->session, "notify::actions", G_CALLBACK (count_notify), &actions_notes);

  filled = sleek_data_form_make_submit (sleek_ad_hoc_session_get_form (f->session));
  sleek_data_form_set_field_value (filled, "name", "Juliet");
  sleek_ad_hoc_session_next_async (f->session, filled, NULL, on_next, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S1' action='next'>"
               "<x xmlns='" XDATA_NS "' type='submit'><field var='name'><value>Juliet</value></field></x></command></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S1' status='executing'>"
            "<actions execute='complete'><prev/><complete/></actions>" FORM2 "</command></iq>");
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_cmpint (sleek_ad_hoc_session_get_actions (f->session), ==,
                   SLEEK_AD_HOC_ACTIONS_PREV | SLEEK_AD_HOC_ACTIONS_COMPLETE);
  g_assert_nonnull (sleek_data_form_get_field (sleek_ad_hoc_session_get_form (f->session), "age"));

  sleek_ad_hoc_session_prev_async (f->session, NULL, on_prev, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S1' action='prev'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S1' status='executing'>"
            "<actions execute='next'><next/></actions>" FORM1 "</command></iq>");
  g_assert_true (f->ok);
  g_assert_nonnull (sleek_data_form_get_field (sleek_ad_hoc_session_get_form (f->session), "name"));

  sleek_ad_hoc_session_execute_async (f->session, filled, NULL, on_execute, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S1' action='execute'>"
               "<x xmlns='" XDATA_NS "' type='submit'><field var='name'><value>Juliet</value></field></x></command></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S1' status='executing'>"
            "<actions execute='complete'><prev/><complete/></actions>" FORM2 "</command></iq>");
  g_assert_true (f->ok);

  sleek_ad_hoc_session_complete_async (f->session, NULL, NULL, on_complete, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S1' action='complete'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S1' status='completed'>"
            "<note type='info'>Thanks</note></command></iq>");
  g_assert_true (f->ok);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (f->session), ==, SLEEK_AD_HOC_STATUS_COMPLETED);
  g_assert_null (sleek_ad_hoc_session_get_form (f->session));
  /* Executing until the end; the actions changed at every stage. */
  g_assert_cmpuint (status_notes, ==, 1);
  g_assert_cmpuint (actions_notes, ==, 4);
  g_assert_cmpint (sleek_ad_hoc_session_get_actions (f->session), ==, SLEEK_AD_HOC_ACTIONS_NONE);
  notes = sleek_ad_hoc_session_get_notes (f->session);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (sleek_ad_hoc_note_get_text (notes->pdata[0]), ==, "Thanks");
  g_assert_cmpstr (sleek_ad_hoc_command_get_sessionid (sleek_ad_hoc_session_get_last_answer (f->session)), ==, "S1");

  /* The session is over: nothing more is sent. */
  f->done = FALSE;
  sleek_ad_hoc_session_next_async (f->session, NULL, NULL, on_next, f);
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  pt_expect_silence (&f->base);
}

static void
test_client_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  sleek_ad_hoc_commands_start_async (f->commands, romeo, "survey", NULL, on_started, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' action='execute'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S2' status='executing'>" FORM1 "</command></iq>");
  g_assert_true (f->ok);

  /* One request at a time. */
  sleek_ad_hoc_session_cancel_async (f->session, NULL, on_cancel, f);
  {
    gboolean second_done = FALSE;
    Fixture other = { 0 };

    other.base = f->base;
    sleek_ad_hoc_session_next_async (f->session, NULL, NULL, on_next, &other);
    sleek_test_stream_iterate_until (f->base.peer, &other.done, NULL);
    g_assert_error (other.error, G_IO_ERROR, G_IO_ERROR_PENDING);
    g_clear_error (&other.error);
    second_done = other.done;
    g_assert_true (second_done);
  }
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S2' action='cancel'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S2' status='canceled'/></iq>");
  g_assert_no_error (f->error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (f->session), ==, SLEEK_AD_HOC_STATUS_CANCELED);
}

static void
test_client_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  /* A plain stanza error */
  sleek_ad_hoc_commands_start_async (f->commands, romeo, "secret", NULL, on_started, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='secret' action='execute'/></iq>",
            "<iq type='error' id='%s' from='" ROMEO "'><error type='auth'><forbidden xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_assert_null (f->session);

  /* An answer without a command */
  sleek_ad_hoc_commands_start_async (f->commands, romeo, "odd", NULL, on_started, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='odd' action='execute'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'/>");
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  sleek_ad_hoc_commands_start_async (f->commands, romeo, "survey", NULL, on_started, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' action='execute'/></iq>",
            "<iq type='result' id='%s' from='" ROMEO "'>"
            "<command xmlns='" CMD_NS "' node='survey' sessionid='S3' status='executing'>"
            "<actions><next/></actions>" FORM1 "</command></iq>");
  g_assert_true (f->ok);

  /* The XEP-0050 conditions */
  sleek_ad_hoc_session_next_async (f->session, NULL, NULL, on_next, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S3' action='next'/></iq>",
            "<iq type='error' id='%s' from='" ROMEO "'><error type='modify'><bad-request xmlns='" NS_STANZAS "'/>"
            "<bad-sessionid xmlns='" CMD_NS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_SESSIONID);
  g_assert_false (f->ok);
  /* The session still holds the answer before. */
  g_assert_cmpint (sleek_ad_hoc_session_get_status (f->session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);

  sleek_ad_hoc_session_complete_async (f->session, NULL, NULL, on_complete, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S3' action='complete'/></iq>",
            "<iq type='error' id='%s' from='" ROMEO "'><error type='modify'><bad-request xmlns='" NS_STANZAS "'/>"
            "<bad-action xmlns='" CMD_NS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_ACTION);

  sleek_ad_hoc_session_next_async (f->session, NULL, NULL, on_next, f);
  exchange (f, "<iq type='set' id='%s' to='" ROMEO "'><command xmlns='" CMD_NS "' node='survey' sessionid='S3' action='next'/></iq>",
            "<iq type='error' id='%s' from='" ROMEO "'><error type='cancel'><not-allowed xmlns='" NS_STANZAS "'/>"
            "<session-expired xmlns='" CMD_NS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_SESSION_EXPIRED);

  /* A specific condition from somebody else is not taken. */
  sleek_ad_hoc_session_next_async (f->session, NULL, NULL, on_next, f);
  {
    g_autofree char *id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s' to='" ROMEO "'>"
                                                           "<command xmlns='" CMD_NS "' node='survey' sessionid='S3' action='next'/></iq>");
    f->done = FALSE;
    g_autofree char *spoof = g_strdup_printf ("<iq type='error' id='%s' from='mallory@example.org/x'><error type='modify'>"
                                              "<bad-request xmlns='" NS_STANZAS "'/><bad-payload xmlns='" CMD_NS "'/></error></iq>", id);
    g_autofree char *real = g_strdup_printf ("<iq type='error' id='%s' from='" ROMEO "'><error type='cancel'>"
                                             "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", id);

    pt_recv (&f->base, spoof);
    pt_recv (&f->base, real);
    pt_wait_for (&f->base, &f->done);
    g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  }
}

/* ------------------------------------------------------------------ */
/* Offering our own commands                                          */
/* ------------------------------------------------------------------ */

/* Two stages: a form asking for a name, then a greeting; stage 1 also
 * allows prev when the user data says so. */
static SleekAdHocCommand *
greet (SleekAdHocRequest *request, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(SleekAdHocCommand) answer = sleek_ad_hoc_command_new (NULL);
  g_autoptr(SleekDataForm) form = NULL;
  g_autofree char *text = NULL;
  SleekDataForm *submitted;
  GVariant *count;

  g_ptr_array_add (f->seen, g_object_ref (request));
  switch (sleek_ad_hoc_request_get_action (request))
    {
    case SLEEK_AD_HOC_ACTION_CANCEL:
      return NULL;
    case SLEEK_AD_HOC_ACTION_EXECUTE:
      form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
      sleek_data_form_add_new_field (form, "name", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, "Name");
      sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_EXECUTING);
      sleek_ad_hoc_command_set_actions (answer, SLEEK_AD_HOC_ACTIONS_NEXT | SLEEK_AD_HOC_ACTIONS_COMPLETE,
                                        SLEEK_AD_HOC_ACTION_NEXT);
      sleek_ad_hoc_command_set_form (answer, form);
      sleek_ad_hoc_request_set_value (request, "count", g_variant_new_int32 (1));
      return g_steal_pointer (&answer);
    case SLEEK_AD_HOC_ACTION_NEXT:
      submitted = sleek_ad_hoc_request_get_form (request);
      if (submitted == NULL || sleek_data_form_get_field_value (submitted, "name") == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_PAYLOAD, "Name?");

          sleek_ad_hoc_request_set_error (request, error);
          return NULL;
        }
      count = sleek_ad_hoc_request_get_value (request, "count");
      g_assert_nonnull (count);
      sleek_ad_hoc_request_set_value (request, "count", g_variant_new_int32 (g_variant_get_int32 (count) + 1));
      form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
      sleek_data_form_add_new_field (form, "mood", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, "Mood");
      sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_EXECUTING);
      sleek_ad_hoc_command_set_actions (answer, SLEEK_AD_HOC_ACTIONS_PREV | SLEEK_AD_HOC_ACTIONS_COMPLETE,
                                        SLEEK_AD_HOC_ACTION_COMPLETE);
      sleek_ad_hoc_command_set_form (answer, form);
      return g_steal_pointer (&answer);
    case SLEEK_AD_HOC_ACTION_COMPLETE:
      submitted = sleek_ad_hoc_request_get_form (request);
      count = sleek_ad_hoc_request_get_value (request, "count");
      text = g_strdup_printf ("Hello %s (%d)", submitted != NULL && sleek_data_form_get_field_value (submitted, "name") != NULL
                                               ? sleek_data_form_get_field_value (submitted, "name") : "you",
                              count != NULL ? g_variant_get_int32 (count) : 0);
      sleek_ad_hoc_command_add_note (answer, SLEEK_AD_HOC_NOTE_INFO, text);
      return g_steal_pointer (&answer);
    default:
      g_assert_not_reached ();
    }
}

/* The next stanza sent: an answer to @id, of @type (any when NULL), to
 * @to; returns its <command/> or <error/>. */
static SleekNode *
next_answer (Fixture *f, const char *id, const char *type, const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = sleek_test_stream_next_send (f->base.peer, &error);
  SleekNode *child;

  g_assert_no_error (error);
  g_assert_cmpstr (sleek_node_get_name (sent), ==, "iq");
  g_assert_cmpstr (sleek_node_get_attribute (sent, "id"), ==, id);
  if (type != NULL)
    g_assert_cmpstr (sleek_node_get_attribute (sent, "type"), ==, type);
  g_assert_cmpstr (sleek_node_get_attribute (sent, "to"), ==, to);
  type = sleek_node_get_attribute (sent, "type");
  child = sleek_node_get_child (sent, g_str_equal (type, "error") ? "error" : "command", NULL);
  g_assert_nonnull (child);
  return sleek_node_ref (child);
}

static void
assert_error (Fixture *f, const char *id, const char *to, const char *condition, const char *specific)
{
  g_autoptr(SleekNode) error = next_answer (f, id, "error", to);

  g_assert_nonnull (sleek_node_get_child (error, condition, NS_STANZAS));
  if (specific != NULL)
    g_assert_nonnull (sleek_node_get_child (error, specific, CMD_NS));
  for (guint i = 0; specific == NULL && i < sleek_node_get_n_children (error); i++)
    g_assert_cmpstr (sleek_node_get_namespace (sleek_node_get_nth_child (error, i)), !=, CMD_NS);
}

static char *
request (const char *id, const char *from, const char *node, const char *sessionid, const char *action,
         const char *payload)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "<iq type='set' id='%s' from='%s' to='" OWN_JID "'><command xmlns='" CMD_NS "' node='%s'",
                          id, from, node);
  if (sessionid != NULL)
    g_string_append_printf (s, " sessionid='%s'", sessionid);
  if (action != NULL)
    g_string_append_printf (s, " action='%s'", action);
  g_string_append_printf (s, ">%s</command></iq>", payload != NULL ? payload : "");
  return g_string_free (s, FALSE);
}

static void
send_request (Fixture *f, const char *id, const char *from, const char *node, const char *sessionid,
              const char *action, const char *payload)
{
  g_autofree char *xml = request (id, from, node, sessionid, action, payload);

  pt_recv (&f->base, xml);
}

#define NAME_FORM "<x xmlns='" XDATA_NS "' type='submit'><field var='name'><value>Romeo</value></field></x>"

static char *
start_greet (Fixture *f, const char *from)
{
  g_autoptr(SleekNode) answer = NULL;

  send_request (f, "g1", from, "greet", NULL, "execute", NULL);
  answer = next_answer (f, "g1", "result", from);
  g_assert_cmpstr (sleek_node_get_attribute (answer, "node"), ==, "greet");
  g_assert_cmpstr (sleek_node_get_attribute (answer, "status"), ==, "executing");
  g_assert_nonnull (sleek_node_get_attribute (answer, "sessionid"));
  g_assert_nonnull (sleek_node_get_child (answer, "x", XDATA_NS));
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_get_child (answer, "actions", CMD_NS), "execute"), ==, "next");
  return g_strdup (sleek_node_get_attribute (answer, "sessionid"));
}

static void
test_server_stages (Fixture *f, gconstpointer data)
{
  g_autofree char *sid = NULL;
  g_autoptr(SleekNode) answer = NULL;
  g_autoptr(SleekNode) back = NULL;
  SleekAdHocRequest *seen;
  SleekNode *note;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  sid = start_greet (f, OTHER);
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 1);
  seen = f->seen->pdata[0];
  g_assert_cmpint (sleek_ad_hoc_request_get_action (seen), ==, SLEEK_AD_HOC_ACTION_EXECUTE);
  g_assert_cmpuint (sleek_ad_hoc_request_get_stage (seen), ==, 0);
  g_assert_cmpstr (sleek_ad_hoc_request_get_sessionid (seen), ==, sid);
  g_assert_cmpstr (sleek_ad_hoc_request_get_node (seen), ==, "greet");
  g_assert_cmpstr (sleek_jid_to_string (sleek_ad_hoc_request_get_from (seen)), ==, OTHER);
  g_assert_null (sleek_ad_hoc_request_get_form (seen));

  /* A missing name is a bad payload; the session stays. */
  send_request (f, "g2", OTHER, "greet", sid, "next", NULL);
  assert_error (f, "g2", OTHER, "bad-request", "bad-payload");

  /* execute stands for next here */
  send_request (f, "g3", OTHER, "greet", sid, "execute", NAME_FORM);
  answer = next_answer (f, "g3", "result", OTHER);
  g_assert_cmpstr (sleek_node_get_attribute (answer, "status"), ==, "executing");
  g_assert_cmpstr (sleek_node_get_attribute (answer, "sessionid"), ==, sid);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_find (answer, "{" XDATA_NS "}x/field"), "var"), ==, "mood");
  seen = f->seen->pdata[f->seen->len - 1];
  g_assert_cmpint (sleek_ad_hoc_request_get_action (seen), ==, SLEEK_AD_HOC_ACTION_NEXT);
  g_assert_cmpuint (sleek_ad_hoc_request_get_stage (seen), ==, 1);
  g_assert_cmpstr (sleek_data_form_get_field_value (sleek_ad_hoc_request_get_form (seen), "name"), ==, "Romeo");

  /* prev: the plugin answers with the first stage again */
  send_request (f, "g4", OTHER, "greet", sid, "prev", NULL);
  back = next_answer (f, "g4", "result", OTHER);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_find (back, "{" XDATA_NS "}x/field"), "var"), ==, "name");
  g_assert_cmpuint (f->seen->len, ==, 3);
  /* the first stage allows no prev */
  send_request (f, "g5", OTHER, "greet", sid, "prev", NULL);
  assert_error (f, "g5", OTHER, "bad-request", "bad-action");

  send_request (f, "g6", OTHER, "greet", sid, "next", NAME_FORM);
  g_clear_pointer (&answer, sleek_node_unref);
  answer = next_answer (f, "g6", "result", OTHER);
  g_assert_cmpstr (sleek_node_get_attribute (answer, "status"), ==, "executing");
  /* the second stage allows no next */
  send_request (f, "g7", OTHER, "greet", sid, "next", NAME_FORM);
  assert_error (f, "g7", OTHER, "bad-request", "bad-action");

  send_request (f, "g8", OTHER, "greet", sid, "complete", NAME_FORM);
  g_clear_pointer (&answer, sleek_node_unref);
  answer = next_answer (f, "g8", "result", OTHER);
  g_assert_cmpstr (sleek_node_get_attribute (answer, "status"), ==, "completed");
  g_assert_cmpstr (sleek_node_get_attribute (answer, "sessionid"), ==, sid);
  note = sleek_node_get_child (answer, "note", CMD_NS);
  g_assert_nonnull (note);
  /* the value went up once per next */
  g_assert_cmpstr (sleek_node_get_text (note), ==, "Hello Romeo (3)");
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 0);

  /* The session is gone. */
  send_request (f, "g9", OTHER, "greet", sid, "next", NAME_FORM);
  assert_error (f, "g9", OTHER, "bad-request", "bad-sessionid");
}

static void
test_server_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *sid = NULL;
  g_autoptr(SleekNode) answer = NULL;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  sid = start_greet (f, OTHER);
  send_request (f, "c1", OTHER, "greet", sid, "cancel", NULL);
  answer = next_answer (f, "c1", "result", OTHER);
  g_assert_cmpstr (sleek_node_get_attribute (answer, "status"), ==, "canceled");
  g_assert_cmpstr (sleek_node_get_attribute (answer, "sessionid"), ==, sid);
  g_assert_cmpint (sleek_ad_hoc_request_get_action (f->seen->pdata[f->seen->len - 1]), ==, SLEEK_AD_HOC_ACTION_CANCEL);
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 0);
}

static void
test_server_bad_requests (Fixture *f, gconstpointer data)
{
  g_autofree char *sid = NULL;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);

  send_request (f, "b1", OTHER, "nothing", NULL, "execute", NULL);
  assert_error (f, "b1", OTHER, "item-not-found", NULL);
  send_request (f, "b2", OTHER, "greet", NULL, "jump", NULL);
  assert_error (f, "b2", OTHER, "bad-request", "malformed-action");
  send_request (f, "b3", OTHER, "greet", NULL, "next", NULL);
  assert_error (f, "b3", OTHER, "bad-request", "bad-action");
  send_request (f, "b4", OTHER, "greet", "no-such-session", "next", NULL);
  assert_error (f, "b4", OTHER, "bad-request", "bad-sessionid");

  /* Somebody else's session, even of our own account */
  sid = start_greet (f, OTHER);
  send_request (f, "b5", "juliet@example.com/garden", "greet", sid, "next", NAME_FORM);
  assert_error (f, "b5", "juliet@example.com/garden", "bad-request", "bad-sessionid");
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 1);

  /* Removing the command ends its sessions. */
  g_assert_true (sleek_ad_hoc_commands_remove_command (f->commands, "greet"));
  g_assert_false (sleek_ad_hoc_commands_remove_command (f->commands, "greet"));
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 0);
  send_request (f, "b6", OTHER, "greet", sid, "next", NAME_FORM);
  assert_error (f, "b6", OTHER, "item-not-found", NULL);
}

static void
test_server_expiry (Fixture *f, gconstpointer data)
{
  g_autofree char *sid = NULL;
  gboolean expired = FALSE;
  gint64 end;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  sleek_ad_hoc_commands_set_session_timeout (f->commands, 1);
  g_assert_cmpuint (sleek_ad_hoc_commands_get_session_timeout (f->commands), ==, 1);
  sid = start_greet (f, OTHER);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sleek_ad_hoc_commands_get_n_sessions (f->commands) > 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (f->base.ctx, TRUE);
  expired = sleek_ad_hoc_commands_get_n_sessions (f->commands) == 0;
  g_assert_true (expired);
  send_request (f, "e1", OTHER, "greet", sid, "next", NAME_FORM);
  assert_error (f, "e1", OTHER, "not-allowed", "session-expired");
}

static gboolean
allow_romeo (SleekJid *from, const char *node, gpointer user_data)
{
  g_assert_cmpstr (node, ==, "greet");
  (*(guint *) user_data)++;
  return g_strcmp0 (sleek_jid_get_local (from), "romeo") == 0;
}

static void
test_server_access (Fixture *f, gconstpointer data)
{
  g_autofree char *sid = NULL;
  guint asked = 0;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  /* By default only our own account */
  send_request (f, "a1", ROMEO, "greet", NULL, "execute", NULL);
  assert_error (f, "a1", ROMEO, "forbidden", NULL);
  g_assert_cmpuint (f->seen->len, ==, 0);

  g_assert_false (sleek_ad_hoc_commands_set_access (f->commands, "nothing", allow_romeo, &asked, NULL));
  g_assert_true (sleek_ad_hoc_commands_set_access (f->commands, "greet", allow_romeo, &asked, NULL));
  sid = start_greet (f, ROMEO);
  g_assert_cmpuint (asked, ==, 1);
  send_request (f, "a2", OTHER, "greet", NULL, "execute", NULL);
  assert_error (f, "a2", OTHER, "forbidden", NULL);

  /* Back to the default */
  g_assert_true (sleek_ad_hoc_commands_set_access (f->commands, "greet", NULL, NULL, NULL));
  send_request (f, "a3", ROMEO, "greet", sid, "next", NAME_FORM);
  assert_error (f, "a3", ROMEO, "forbidden", NULL);
}

static gboolean
local_has (SleekDisco *disco, const char *node, const char *feature)
{
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, node);

  return info != NULL && sleek_disco_info_has_feature (info, feature);
}

static void
test_server_disco (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) nodes = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(SleekJid) moved = NULL;

  g_assert_true (local_has (disco, NULL, CMD_NS));
  g_assert_true (local_has (disco, NULL, XDATA_NS));
  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  sleek_ad_hoc_commands_add_command (f->commands, "bye", "Say bye", greet, f, NULL);
  nodes = sleek_ad_hoc_commands_list_commands (f->commands);
  g_assert_cmpuint (g_strv_length (nodes), ==, 2);
  g_assert_cmpstr (nodes[0], ==, "bye");
  g_assert_cmpstr (nodes[1], ==, "greet");

  pt_recv (&f->base, "<iq type='get' id='d1' from='" ROMEO "'>"
                     "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='d1' to='" ROMEO "'>"
                            "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'>"
                            "<item jid='" OWN_JID "' node='greet' name='Greet'/>"
                            "<item jid='" OWN_JID "' node='bye' name='Say bye'/></query></iq>");
  pt_recv (&f->base, "<iq type='get' id='d2' from='" ROMEO "'>"
                     "<query xmlns='http://jabber.org/protocol/disco#info' node='greet'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='d2' to='" ROMEO "'>"
                            "<query xmlns='http://jabber.org/protocol/disco#info' node='greet'>"
                            "<identity category='automation' type='command-node' name='Greet'/>"
                            "<feature var='" CMD_NS "'/><feature var='" XDATA_NS "'/></query></iq>");
  info = sleek_disco_get_local_info (disco, CMD_NS);
  g_assert_true (sleek_disco_info_has_identity (info, "automation", "command-list"));

  /* A new JID moves the items. */
  moved = pt_jid ("juliet@example.com/tomb");
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, moved);
  pt_recv (&f->base, "<iq type='get' id='d3' from='" ROMEO "'>"
                     "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'/></iq>");
  {
    g_autoptr(SleekNode) sent = sleek_test_stream_next_send (f->base.peer, &error);
    g_autoptr(GPtrArray) items = NULL;

    g_assert_no_error (error);
    items = sleek_node_find_all (sent, "{http://jabber.org/protocol/disco#items}query/{http://jabber.org/protocol/disco#items}item");
    g_assert_cmpuint (items->len, ==, 2);
    for (guint i = 0; i < items->len; i++)
      g_assert_cmpstr (sleek_node_get_attribute (items->pdata[i], "jid"), ==, "juliet@example.com/tomb");
  }

  g_assert_true (sleek_ad_hoc_commands_remove_command (f->commands, "bye"));
  pt_recv (&f->base, "<iq type='get' id='d4' from='" ROMEO "'>"
                     "<query xmlns='http://jabber.org/protocol/disco#info' node='bye'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='d4' to='" ROMEO "'>"
                            "<query xmlns='http://jabber.org/protocol/disco#info' node='bye'/></iq>");

  /* Disabling the plugin takes everything away. */
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0050", &error));
  g_assert_no_error (error);
  g_assert_false (local_has (disco, NULL, CMD_NS));
  g_assert_false (local_has (disco, "greet", CMD_NS));
  pt_recv (&f->base, "<iq type='get' id='d5' from='" ROMEO "'>"
                     "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='d5' to='" ROMEO "'>"
                            "<query xmlns='http://jabber.org/protocol/disco#items' node='" CMD_NS "'/></iq>");
  send_request (f, "d6", OTHER, "greet", NULL, "execute", NULL);
  pt_expect_send (&f->base, "<iq type='error' id='d6' from='" OWN_JID "' to='" OTHER "'>"
                            "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
}

static SleekAdHocCommand *
answer_nothing (SleekAdHocRequest *request, gpointer user_data)
{
  (*(guint *) user_data)++;
  return NULL;
}

static void
count_destroy (gpointer user_data)
{
  (*(guint *) user_data) += 100;
}

static void
test_no_answer (Fixture *f, gconstpointer data)
{
  guint calls = 0;

  /* A command that returns nothing and sets no error fails the request,
   * and leaves no session behind. */
  sleek_ad_hoc_commands_add_command (f->commands, "broken", "Broken", answer_nothing, &calls, count_destroy);
  send_request (f, "n1", OTHER, "broken", NULL, NULL, NULL);
  assert_error (f, "n1", OTHER, "internal-server-error", NULL);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 0);
  /* Replacing the command frees its data. */
  sleek_ad_hoc_commands_add_command (f->commands, "broken", "Broken", greet, f, NULL);
  g_assert_cmpuint (calls, ==, 101);
}

static SleekAdHocCommand *
withdraw_self (SleekAdHocRequest *request, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(SleekAdHocCommand) answer = sleek_ad_hoc_command_new (NULL);

  /* Only on the second stage: the first opens the session. */
  if (sleek_ad_hoc_request_get_stage (request) == 0)
    {
      sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_EXECUTING);
      return g_steal_pointer (&answer);
    }
  g_assert_true (sleek_ad_hoc_commands_remove_command (f->commands, sleek_ad_hoc_request_get_node (request)));
  return g_steal_pointer (&answer);
}

static void
test_withdrawn_while_running (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) answer = NULL;
  const char *sid;

  sleek_ad_hoc_commands_add_command (f->commands, "once", "Once", withdraw_self, f, NULL);
  send_request (f, "w1", OTHER, "once", NULL, NULL, NULL);
  answer = next_answer (f, "w1", "result", OTHER);
  sid = sleek_node_get_attribute (answer, "sessionid");
  /* No <actions/>: execute stands for complete. */
  send_request (f, "w2", OTHER, "once", sid, "execute", NULL);
  assert_error (f, "w2", OTHER, "item-not-found", NULL);
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 0);
}

static void
test_session_limit (Fixture *f, gconstpointer data)
{
  guint opened = 0;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  /* Each JID gets a bounded number of open sessions. */
  for (;;)
    {
      g_autofree char *id = g_strdup_printf ("l%u", opened);
      g_autoptr(SleekNode) answer = NULL;

      send_request (f, id, OTHER, "greet", NULL, "execute", NULL);
      answer = next_answer (f, id, NULL, OTHER);
      if (g_str_equal (sleek_node_get_name (answer), "error"))
        {
          g_assert_nonnull (sleek_node_get_child (answer, "resource-constraint", NS_STANZAS));
          break;
        }
      opened++;
      g_assert_cmpuint (opened, <=, 100);
    }
  g_assert_cmpuint (opened, ==, 16);
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 16);
  /* Somebody else still gets one. */
  g_free (start_greet (f, "juliet@example.com/garden"));
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (f->commands), ==, 17);
}

static void
test_own_commands_roundtrip (Fixture *f, gconstpointer data)
{
  /* Our session API against our own command, over the same stream: the
   * request comes back to us as if routed by the server. */
  g_autoptr(SleekJid) self_jid = pt_jid (OWN_JID);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(SleekNode) answer = NULL;

  sleek_ad_hoc_commands_add_command (f->commands, "greet", "Greet", greet, f, NULL);
  sleek_ad_hoc_commands_start_async (f->commands, self_jid, "greet", NULL, on_started, f);
  sent = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  sleek_node_set_attribute (sent, "from", OWN_JID);
  xml = sleek_node_to_string_in_namespace (sent, "jabber:client");
  pt_recv (&f->base, xml);
  answer = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  sleek_node_set_attribute (answer, "from", OWN_JID);
  g_free (xml);
  xml = sleek_node_to_string_in_namespace (answer, "jabber:client");
  pt_recv (&f->base, xml);
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (f->session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_nonnull (sleek_data_form_get_field (sleek_ad_hoc_session_get_form (f->session), "name"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0050/stanza", test_stanza);
  ADD ("/xep-0050/client/list", test_list);
  ADD ("/xep-0050/client/multi-stage", test_multi_stage);
  ADD ("/xep-0050/client/cancel", test_client_cancel);
  ADD ("/xep-0050/client/errors", test_client_errors);
  ADD ("/xep-0050/server/stages", test_server_stages);
  ADD ("/xep-0050/server/cancel", test_server_cancel);
  ADD ("/xep-0050/server/bad-requests", test_server_bad_requests);
  ADD ("/xep-0050/server/expiry", test_server_expiry);
  ADD ("/xep-0050/server/access", test_server_access);
  ADD ("/xep-0050/server/disco", test_server_disco);
  ADD ("/xep-0050/server/cancel-without-answer", test_no_answer);
  ADD ("/xep-0050/server/withdrawn-while-running", test_withdrawn_while_running);
  ADD ("/xep-0050/server/session-limit", test_session_limit);
  ADD ("/xep-0050/roundtrip", test_own_commands_roundtrip);

  return g_test_run ();
}
