/* test-client-state.c: XEP-0352 Client State Indication against Prosody
 * (mod_csi_simple)
 *
 * The inactive session belongs to a new account, registered for the test:
 * whatever another test sent it would flush what the server holds back.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *owner;      /* registered the account */
  SleekClientXmpp *client;     /* the session that goes inactive */
  SleekClientXmpp *romeo;
  GPtrArray *bodies;
  gboolean disconnected;
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
  SleekClientXmpp *clients[] = { f->owner, f->client, f->romeo };

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    if (clients[i] != NULL)
      sleek_xml_stream_abort (SLEEK_XML_STREAM (clients[i]));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->owner);
  g_clear_object (&f->client);
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
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
}

static gboolean
has_body (Fixture *f, const char *body)
{
  return g_ptr_array_find_with_equal_func (f->bodies, body, g_str_equal, NULL);
}

/* Romeo sends a message of @type, then waits for the server to answer his
 * ping: by then it has routed the message. */
static void
romeo_says (Fixture *f, const char *body, const char *type)
{
  SleekJid *to = sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (f->client));

  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (f->romeo), sleek_jid_to_string (to), body, type);
  client_util_ping_server (f->romeo);
}

/* The server offers the feature; while we are inactive it holds back a
 * headline, which comes once we are active again; a chat message comes
 * at once. */
static void
test_inactive (Fixture *f, gconstpointer data)
{
  g_autofree char *account = NULL;
  g_autofree char *password = NULL;
  SleekClientStateIndication *csi;
  g_autoptr(GError) error = NULL;

  f->owner = client_util_new_fresh_account (&account, &password);
  f->client = client_util_new_for_account (account, password);
  csi = client_util_enable (f->client, "xep_0352");
  g_signal_connect (f->client, "message", G_CALLBACK (on_message), f);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_assert_false (sleek_client_state_indication_get_available (csi));
  g_assert_true (client_util_login (f->client, &error));
  g_assert_no_error (error);
  g_assert_true (sleek_client_state_indication_get_available (csi));
  f->romeo = client_util_new_logged_in ("romeo");

  /* Active: a headline comes at once. */
  romeo_says (f, "headline while active", "headline");
  WAIT_UNTIL (has_body (f, "headline while active"), CLIENT_UTIL_TIMEOUT);

  g_assert_true (sleek_client_state_indication_set_inactive (csi, &error));
  g_assert_no_error (error);
  g_assert_false (sleek_client_state_indication_get_active (csi));
  /* Our own ping answered: the server read <inactive/> before it. The
   * answer itself goes out at once, and the server holds back again right
   * after (csi_resume_inactive_delay = 0 in the configuration). */
  client_util_ping_server (f->client);
  client_util_spin (0.5);
  romeo_says (f, "headline while inactive", "headline");
  client_util_spin (1.0);
  /* What the server holds back is its own policy: Prosody's csi_simple
   * holds headlines; ejabberd 23.01's mod_client_state only chat states,
   * presences and PEP, so the headline comes at once there. */
  if (!prosody_env_is_ejabberd ())
    g_assert_false (has_body (f, "headline while inactive"));

  g_assert_true (sleek_client_state_indication_set_active (csi, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (has_body (f, "headline while inactive"), CLIENT_UTIL_TIMEOUT);

  /* A chat message is never held back. */
  g_assert_true (sleek_client_state_indication_set_inactive (csi, &error));
  client_util_ping_server (f->client);
  romeo_says (f, "chat while inactive", "chat");
  WAIT_UNTIL (has_body (f, "chat while inactive"), CLIENT_UTIL_TIMEOUT);

  /* The nonzas never upset the server. */
  client_util_ping_server (f->client);
  g_assert_false (f->disconnected);
  client_util_remove_account (f->owner);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client-state/inactive", Fixture, NULL, fixture_setup, test_inactive, fixture_teardown);

  return g_test_run ();
}
