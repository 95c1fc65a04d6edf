/* test-adhoc.c: XEP-0050 Ad-Hoc Commands against Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The server offers `uptime` to everybody (mod_uptime) and the admin
 * commands of mod_admin_adhoc to the harness's `admin` account; between
 * two clients, romeo offers a command of his own that juliet runs.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#define ONLINE_USERS "http://jabber.org/protocol/admin#get-online-users-list"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *client;
  SleekClientXmpp *romeo;
  SleekAdHocCommands *commands;
  SleekJid *server;
} Fixture;

static SleekAdHocCommands *
enable_commands (SleekClientXmpp *client)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0050", &error));
  g_assert_no_error (error);
  return SLEEK_AD_HOC_COMMANDS (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0050"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->client = client_util_new_logged_in (data != NULL ? data : "juliet");
  f->commands = enable_commands (f->client);
  f->server = sleek_jid_new (prosody_env_require ("SLEEK_TEST_PROSODY_HOST"), NULL);
  g_assert_nonnull (f->server);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  if (f->romeo != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->client);
  g_clear_object (&f->romeo);
  g_clear_pointer (&f->server, sleek_jid_unref);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static GPtrArray *
get_commands (SleekAdHocCommands *commands, SleekJid *jid, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_ad_hoc_commands_get_commands_async (commands, jid, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_ad_hoc_commands_get_commands_finish (commands, result, error);
}

static SleekAdHocSession *
start (SleekAdHocCommands *commands, SleekJid *jid, const char *node, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_ad_hoc_commands_start_async (commands, jid, node, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_ad_hoc_commands_start_finish (commands, result, error);
}

static gboolean
complete (SleekAdHocSession *session, SleekDataForm *form, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_ad_hoc_session_complete_async (session, form, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_ad_hoc_session_complete_finish (session, result, error);
}

static gboolean
cancel (SleekAdHocSession *session, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sleek_ad_hoc_session_cancel_async (session, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  return sleek_ad_hoc_session_cancel_finish (session, result, error);
}

static SleekDiscoItem *
find_item (GPtrArray *items, const char *node)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (sleek_disco_item_get_node (items->pdata[i]), node) == 0)
      return items->pdata[i];
  return NULL;
}

/* A plain user sees uptime but not the admin commands. */
static void
test_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = get_commands (f->commands, NULL, &error);
  SleekDiscoItem *uptime;

  g_assert_no_error (error);
  uptime = find_item (items, "uptime");
  g_assert_nonnull (uptime);
  g_assert_cmpstr (sleek_disco_item_get_name (uptime), ==, "Get uptime");
  g_assert_true (sleek_jid_equal (sleek_disco_item_get_jid (uptime), f->server));
  g_assert_null (find_item (items, ONLINE_USERS));
}

static void
test_list_admin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = get_commands (f->commands, f->server, &error);

  g_assert_no_error (error);
  g_assert_nonnull (find_item (items, "uptime"));
  g_assert_nonnull (find_item (items, ONLINE_USERS));
}

/* A single stage: completed at once, with the answer in a note. */
static void
test_uptime (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocSession) session = start (f->commands, f->server, "uptime", &error);
  g_autoptr(GPtrArray) notes = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_COMPLETED);
  g_assert_nonnull (sleek_ad_hoc_session_get_sessionid (session));
  notes = sleek_ad_hoc_session_get_notes (session);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpint (sleek_ad_hoc_note_get_note_type (notes->pdata[0]), ==, SLEEK_AD_HOC_NOTE_INFO);
  g_assert_true (g_str_has_prefix (sleek_ad_hoc_note_get_text (notes->pdata[0]), "This server has been running for"));

  /* Nothing more to do */
  g_assert_false (cancel (session, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* A user may not run an admin command. */
static void
test_admin_forbidden (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocSession) session = start (f->commands, f->server, ONLINE_USERS, &error);

  g_assert_null (session);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
}

/* execute -> a form; complete with it filled -> a result form listing
 * who is online, the admin among them. */
static void
test_online_users (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocSession) session = start (f->commands, f->server, ONLINE_USERS, &error);
  g_autoptr(SleekDataForm) answer = NULL;
  g_auto(GStrv) users = NULL;
  const char *own;
  SleekDataForm *form;
  SleekDataFormField *field;
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_true (sleek_ad_hoc_session_get_actions (session) & SLEEK_AD_HOC_ACTIONS_COMPLETE);
  form = sleek_ad_hoc_session_get_form (session);
  g_assert_nonnull (form);
  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_FORM);
  field = sleek_data_form_get_field (form, "max_items");
  g_assert_nonnull (field);
  g_assert_cmpint (sleek_data_form_field_get_field_type (field), ==, SLEEK_DATA_FORM_FIELD_LIST_SINGLE);

  answer = sleek_data_form_make_submit (form);
  sleek_data_form_set_field_value (answer, "max_items", "all");
  g_assert_true (complete (session, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_COMPLETED);
  form = sleek_ad_hoc_session_get_form (session);
  g_assert_nonnull (form);
  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_RESULT);
  field = sleek_data_form_get_field (form, "onlineuserjids");
  g_assert_nonnull (field);
  users = sleek_data_form_field_get_values (field);
  own = sleek_jid_get_bare (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client)));
  for (guint i = 0; users != NULL && users[i] != NULL; i++)
    found |= g_str_equal (users[i], own);
  g_assert_true (found);
}

/* Cancelled midway, the session is over. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocSession) session = start (f->commands, f->server, ONLINE_USERS, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_true (cancel (session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_CANCELED);
  g_assert_false (complete (session, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static const char * const flowers[] = { "rose", "lily" };

/* Romeo's command: asks for a flower, then thanks for it. */
static SleekAdHocCommand *
flower (SleekAdHocRequest *request, gpointer user_data)
{
  g_autoptr(SleekAdHocCommand) answer = sleek_ad_hoc_command_new (NULL);
  g_autoptr(SleekDataForm) form = NULL;
  g_autofree char *text = NULL;
  SleekDataForm *submitted;
  SleekDataFormField *field;

  switch (sleek_ad_hoc_request_get_action (request))
    {
    case SLEEK_AD_HOC_ACTION_EXECUTE:
      form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
      sleek_data_form_set_title (form, "A flower");
      field = sleek_data_form_add_new_field (form, "flower", SLEEK_DATA_FORM_FIELD_LIST_SINGLE, "Which one?");
      for (guint i = 0; i < G_N_ELEMENTS (flowers); i++)
        {
          g_autoptr(SleekDataFormOption) option = sleek_data_form_option_new (flowers[i], NULL);

          sleek_data_form_field_add_option (field, option);
        }
      sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_EXECUTING);
      sleek_ad_hoc_command_set_actions (answer, SLEEK_AD_HOC_ACTIONS_COMPLETE, SLEEK_AD_HOC_ACTION_COMPLETE);
      sleek_ad_hoc_command_set_form (answer, form);
      return g_steal_pointer (&answer);
    case SLEEK_AD_HOC_ACTION_COMPLETE:
      submitted = sleek_ad_hoc_request_get_form (request);
      if (submitted == NULL || sleek_data_form_get_field_value (submitted, "flower") == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_PAYLOAD, "No flower");

          sleek_ad_hoc_request_set_error (request, error);
          return NULL;
        }
      text = g_strdup_printf ("Thank you for the %s, %s", sleek_data_form_get_field_value (submitted, "flower"),
                              sleek_jid_get_local (sleek_ad_hoc_request_get_from (request)));
      sleek_ad_hoc_command_add_note (answer, SLEEK_AD_HOC_NOTE_INFO, text);
      return g_steal_pointer (&answer);
    default:
      return NULL;
    }
}

static gboolean
allow_juliet (SleekJid *from, const char *node, gpointer user_data)
{
  return g_strcmp0 (sleek_jid_get_local (from), "juliet") == 0;
}

static void
test_client_to_client (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(SleekAdHocSession) session = NULL;
  g_autoptr(SleekDataForm) answer = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  SleekAdHocCommands *offered;
  SleekDiscoItem *item;
  SleekJid *romeo;

  f->romeo = client_util_new_logged_in ("romeo");
  offered = enable_commands (f->romeo);
  sleek_ad_hoc_commands_add_command (offered, "flower", "Send a flower", flower, NULL, NULL);
  g_assert_true (sleek_ad_hoc_commands_set_access (offered, "flower", allow_juliet, NULL, NULL));
  romeo = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo));

  items = get_commands (f->commands, romeo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = items->pdata[0];
  g_assert_cmpstr (sleek_disco_item_get_node (item), ==, "flower");
  g_assert_cmpstr (sleek_disco_item_get_name (item), ==, "Send a flower");
  g_assert_true (sleek_jid_equal (sleek_disco_item_get_jid (item), romeo));

  session = start (f->commands, sleek_disco_item_get_jid (item), "flower", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);
  g_assert_cmpstr (sleek_data_form_get_title (sleek_ad_hoc_session_get_form (session)), ==, "A flower");
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (offered), ==, 1);

  /* An empty answer is refused with bad-payload; the session stays. */
  g_assert_false (complete (session, NULL, &error));
  g_assert_error (error, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_PAYLOAD);
  g_clear_error (&error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_EXECUTING);

  answer = sleek_data_form_make_submit (sleek_ad_hoc_session_get_form (session));
  sleek_data_form_set_field_value (answer, "flower", "rose");
  g_assert_true (complete (session, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sleek_ad_hoc_session_get_status (session), ==, SLEEK_AD_HOC_STATUS_COMPLETED);
  notes = sleek_ad_hoc_session_get_notes (session);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (sleek_ad_hoc_note_get_text (notes->pdata[0]), ==, "Thank you for the rose, juliet");
  g_assert_cmpuint (sleek_ad_hoc_commands_get_n_sessions (offered), ==, 0);
}

/* The bot is not let in. */
static void
test_client_forbidden (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocSession) session = NULL;
  SleekAdHocCommands *offered;

  f->romeo = client_util_new_logged_in ("romeo");
  offered = enable_commands (f->romeo);
  sleek_ad_hoc_commands_add_command (offered, "flower", "Send a flower", flower, NULL, NULL);
  g_assert_true (sleek_ad_hoc_commands_set_access (offered, "flower", allow_juliet, NULL, NULL));
  session = start (f->commands, sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->romeo)), "flower", &error);
  g_assert_null (session);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
}

#define ADD(path, user, fn) g_test_add (path, Fixture, user, fixture_setup, fn, fixture_teardown)
#define SKIP(path) g_test_add_data_func (path, "Prosody's own commands", skip_test)

static void
skip_test (gconstpointer reason)
{
  g_test_skip (reason);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The server's commands are Prosody's own (mod_uptime, mod_admin_adhoc):
   * ejabberd has others, under other names. */
  if (prosody_env_is_ejabberd ())
    {
      SKIP ("/adhoc/server/list");
      SKIP ("/adhoc/server/list-admin");
      SKIP ("/adhoc/server/uptime");
      SKIP ("/adhoc/server/admin-forbidden");
      SKIP ("/adhoc/server/online-users");
      SKIP ("/adhoc/server/cancel");
    }
  else
    {
      ADD ("/adhoc/server/list", "juliet", test_list);
      ADD ("/adhoc/server/list-admin", "admin", test_list_admin);
      ADD ("/adhoc/server/uptime", "juliet", test_uptime);
      ADD ("/adhoc/server/admin-forbidden", "juliet", test_admin_forbidden);
      ADD ("/adhoc/server/online-users", "admin", test_online_users);
      ADD ("/adhoc/server/cancel", "admin", test_cancel);
    }
  ADD ("/adhoc/client/two-stage", "juliet", test_client_to_client);
  ADD ("/adhoc/client/forbidden", "bot", test_client_forbidden);

  return g_test_run ();
}
