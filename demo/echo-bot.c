/* echo-bot.c: an XMPP echo bot, SleekXMPP's echo_client.py in C
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Logs in, says it is available, sends every chat message back to whoever
 * sent it (acknowledging it first when asked to, with XEP-0184 delivery
 * receipts), approves every subscription request, and runs until SIGINT or
 * SIGTERM, when it closes its stream politely. When the connection is
 * lost it exits with status 1, for whatever supervises it to start it
 * again.
 *
 *   echo-bot --jid bot@example.com/echo --password secret
 *
 * Under the private Prosody of the tests (tests/integration/prosody-harness)
 * every option has a default from its SLEEK_TEST_* variables: the account
 * bot@localhost, 127.0.0.1 and the c2s port, and its self-signed
 * certificate as the one certificate to trust.
 */
#include <sleek/sleek.h>

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  SleekClientXmpp *client;
  GMainLoop *loop;
  GCancellable *connecting;
  gboolean stopping;
  guint echoed;
  int status;
} EchoBot;

static void say (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One timestamped line on stdout, written at once (stdout may be a file). */
static void
say (const char *format, ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%s echo-bot: %s\n", stamp, text);
  fflush (stdout);
}

static void
on_session_start (SleekBaseXmpp *xmpp, EchoBot *bot)
{
  say ("online as %s", sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (xmpp)));
  /* The initial presence: without it the server sends us no messages
   * addressed to the bare JID, and contacts see us offline. */
  sleek_base_xmpp_send_presence (xmpp, NULL, "Send me a message and I will send it back", 0, NULL, NULL);
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, EchoBot *bot)
{
  const char *body = sleek_message_get_body (message);
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (message));
  SleekJid *me = sleek_base_xmpp_get_bound_jid (xmpp);
  g_autoptr(SleekMessage) reply = NULL;

  /* Chat states and receipts come without a body; and two bots of one
   * account must not echo each other forever. */
  if (body == NULL || *body == '\0' || from == NULL)
    return;
  if (me != NULL && sleek_jid_equal_bare (from, me))
    return;

  reply = sleek_message_reply (message, body);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (reply));
  bot->echoed++;
  say ("echoed to %s: %s", sleek_jid_to_string (from), body);
}

static void
on_subscribe (SleekBaseXmpp *xmpp, SleekPresence *presence, EchoBot *bot)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (from == NULL)
    return;
  sleek_base_xmpp_approve_subscription (xmpp, from);
  say ("%s asked to see my presence: approved", sleek_jid_get_bare (from));
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, EchoBot *bot)
{
  if (bot->stopping)
    return;
  if (error != NULL)
    say ("connection lost: %s", error->message);
  else
    say ("the server closed the session");
  bot->status = 1;
  g_main_loop_quit (bot->loop);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  EchoBot *bot = user_data;
  g_autoptr(GError) error = NULL;

  if (sleek_client_xmpp_connect_finish (bot->client, result, &error))
    return;   /* session-start has been emitted */
  if (!bot->stopping)
    {
      say ("could not log in: %s", error->message);
      bot->status = 1;
    }
  g_main_loop_quit (bot->loop);
}

static void
disconnected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  EchoBot *bot = user_data;
  g_autoptr(GError) error = NULL;

  if (!sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, &error))
    say ("the stream did not close cleanly: %s", error->message);
  else
    say ("disconnected");
  g_main_loop_quit (bot->loop);
}

static gboolean
on_unix_signal (gpointer user_data)
{
  EchoBot *bot = user_data;

  if (bot->stopping)
    {
      /* A second signal: do not wait for the server any longer. */
      g_main_loop_quit (bot->loop);
      return G_SOURCE_CONTINUE;
    }
  bot->stopping = TRUE;
  if (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (bot->client)))
    {
      say ("stopping after %u echo%s: closing the stream", bot->echoed, bot->echoed == 1 ? "" : "es");
      sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (bot->client), NULL, disconnected, bot);
    }
  else
    {
      say ("stopping");
      g_cancellable_cancel (bot->connecting);
      g_main_loop_quit (bot->loop);
    }
  return G_SOURCE_CONTINUE;
}

/* $NAME, or NULL when it is unset or empty. */
static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

int
main (int argc, char *argv[])
{
  g_autofree char *jid = NULL;
  g_autofree char *password = NULL;
  g_autofree char *host = NULL;
  g_autofree char *ca_file = NULL;
  int port = 0;
  GOptionEntry entries[] = {
    { "jid", 'j', 0, G_OPTION_ARG_STRING, &jid, "The bot's account (default: $SLEEK_TEST_JID_BOT/echo-bot)", "JID" },
    { "password", 'p', 0, G_OPTION_ARG_STRING, &password, "Its password (default: $SLEEK_TEST_PASSWORD_BOT)", "PASSWORD" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Connect to HOST instead of looking up the JID's domain "
      "(default: $SLEEK_TEST_PROSODY_ADDRESS)", "HOST" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port on HOST (default: $SLEEK_TEST_C2S_PORT, or 5222)", "PORT" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust the certificates in FILE (PEM) instead of the "
      "system's (default: $SLEEK_TEST_CA_FILE)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- an XMPP echo bot");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(SleekClientXmpp) client = NULL;
  g_autoptr(GCancellable) connecting = NULL;
  g_autoptr(SleekJid) parsed = NULL;
  EchoBot bot = { 0 };
  guint sigint_id, sigterm_id;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("echo-bot: %s\n", error->message);
      return 2;
    }
  if (jid == NULL && env ("SLEEK_TEST_JID_BOT") != NULL)
    jid = g_strconcat (env ("SLEEK_TEST_JID_BOT"), "/echo-bot", NULL);
  if (password == NULL)
    password = g_strdup (env ("SLEEK_TEST_PASSWORD_BOT"));
  if (host == NULL)
    host = g_strdup (env ("SLEEK_TEST_PROSODY_ADDRESS"));
  if (port == 0 && env ("SLEEK_TEST_C2S_PORT") != NULL)
    port = atoi (env ("SLEEK_TEST_C2S_PORT"));
  if (ca_file == NULL)
    ca_file = g_strdup (env ("SLEEK_TEST_CA_FILE"));
  if (jid == NULL || password == NULL)
    {
      g_printerr ("echo-bot: give --jid and --password (see --help)\n");
      return 2;
    }
  parsed = sleek_jid_new (jid, &error);
  if (parsed == NULL)
    {
      g_printerr ("echo-bot: %s: %s\n", jid, error->message);
      return 2;
    }
  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("echo-bot: %d is not a port\n", port);
      return 2;
    }

  client = sleek_client_xmpp_new (jid, password);
  if (host != NULL)
    sleek_client_xmpp_set_server_host (client, host);
  sleek_client_xmpp_set_server_port (client, (guint16) port);
  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) trusted = g_tls_file_database_new (ca_file, &error);

      if (trusted == NULL)
        {
          g_printerr ("echo-bot: %s: %s\n", ca_file, error->message);
          return 2;
        }
      sleek_client_xmpp_set_tls_database (client, trusted);
    }
  /* Receipts for the messages that ask for one (the GTK chat shows them). */
  if (!sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0184", &error))
    {
      g_printerr ("echo-bot: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  connecting = g_cancellable_new ();
  bot.client = client;
  bot.loop = loop;
  bot.connecting = connecting;

  g_signal_connect (client, "session-start", G_CALLBACK (on_session_start), &bot);
  g_signal_connect (client, "message::chat", G_CALLBACK (on_message), &bot);
  g_signal_connect (client, "message::normal", G_CALLBACK (on_message), &bot);
  g_signal_connect (client, "presence::subscribe", G_CALLBACK (on_subscribe), &bot);
  g_signal_connect (client, "disconnected", G_CALLBACK (on_disconnected), &bot);
  sigint_id = g_unix_signal_add (SIGINT, on_unix_signal, &bot);
  sigterm_id = g_unix_signal_add (SIGTERM, on_unix_signal, &bot);

  say ("logging in as %s%s%s", jid, host != NULL ? " at " : "", host != NULL ? host : "");
  sleek_client_xmpp_connect_async (client, connecting, connected, &bot);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (client, &bot);
  if (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (client)))
    sleek_xml_stream_abort (SLEEK_XML_STREAM (client));
  return bot.status;
}
