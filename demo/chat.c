/* chat.c: a terminal chat with one contact, such as the echo bot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Logs in, asks to see the contact's presence, waits until the contact is
 * online and then chats with it:
 *
 *   chat --to bot@example.com                 type lines; Ctrl-D or /quit ends
 *   chat --script "Hello" "How are you?"      send these, wait for each echo
 *   printf 'Hello\nHow are you?\n' | chat     the same, from stdin
 *
 * On a terminal it is interactive: a prompt, your lines go to the contact
 * and what it says is printed as it arrives. Given lines (or when stdin is
 * not a terminal) it is a check for an echo bot: it sends one line at a
 * time, waits until the same text comes back from the contact, prints the
 * conversation and exits with status 0 only when every line came back.
 *
 * Under the private Prosody of the tests (tests/integration/prosody-harness)
 * every option has a default from its SLEEK_TEST_* variables: the account
 * juliet@localhost talking to bot@localhost through 127.0.0.1, trusting
 * the server's self-signed certificate.
 */
#include <sleek/sleek.h>

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  SleekClientXmpp *client;
  GMainLoop *loop;
  GCancellable *cancellable;   /* the login and the reads from stdin */
  SleekJid *peer;              /* whom to talk to, as given */
  SleekJid *peer_online;       /* its full JID, while it is available */
  const char *me_name;
  const char *peer_name;
  int width;                   /* of the names column */
  guint timeout;               /* seconds for each wait */
  guint timer;                 /* the running wait, or 0 */
  gboolean waiting_for_peer;
  gboolean stopping;
  int status;

  /* Scripted mode */
  gboolean scripted;
  char **lines;
  guint n_lines;
  guint next;                  /* the line whose echo is awaited */
  gboolean awaiting_echo;      /* whether lines[next] has been sent */
  gint64 sent_at;

  /* Interactive mode */
  GDataInputStream *input;
  gboolean prompt_shown;
} Chat;

static void finish (Chat *chat, int status);

/* $NAME, or NULL when it is unset or empty. */
static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* Text from the network, made safe for a terminal: control characters
 * (escape sequences could rewrite the screen) become U+FFFD, and a
 * newline starts an indented line. */
static char *
printable (const char *text, int indent)
{
  GString *out = g_string_new (NULL);
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append_printf (out, "\n%*s", indent, "");
      else if (c == '\t')
        g_string_append_c (out, ' ');
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
show_prompt (Chat *chat)
{
  printf ("%*s> ", chat->width, chat->me_name);
  fflush (stdout);
  chat->prompt_shown = TRUE;
}

/* Prints a line of the conversation, or a notice when @who is NULL, above
 * the prompt if one is on the screen. */
static void
print_line (Chat *chat, const char *who, const char *text)
{
  g_autofree char *safe = printable (text, chat->width + 2);

  if (chat->prompt_shown)
    printf ("\r\033[K");
  if (who != NULL)
    printf ("%*s: %s\n", chat->width, who, safe);
  else
    printf ("%*s %s\n", chat->width, "*", safe);
  if (chat->prompt_shown)
    show_prompt (chat);
  fflush (stdout);
}

static void notice (Chat *chat, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
notice (Chat *chat, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  print_line (chat, NULL, text);
}

static const char *
name_of (SleekJid *jid)
{
  return sleek_jid_get_local (jid) != NULL ? sleek_jid_get_local (jid) : sleek_jid_get_domain (jid);
}

static gboolean
is_peer (Chat *chat, SleekJid *jid)
{
  if (jid == NULL)
    return FALSE;
  if (sleek_jid_get_resource (chat->peer) != NULL)
    return sleek_jid_equal (jid, chat->peer);
  return sleek_jid_equal_bare (jid, chat->peer);
}

static void
stop_timer (Chat *chat)
{
  if (chat->timer != 0)
    g_source_remove (chat->timer);
  chat->timer = 0;
}

static void
start_timer (Chat *chat, GSourceFunc expired)
{
  stop_timer (chat);
  chat->timer = g_timeout_add_seconds (chat->timeout, expired, chat);
}

/* The address for what we send: the resource we saw online, else the
 * contact as given (the server keeps a chat message to an offline bare
 * JID until the contact comes online). */
static const char *
peer_address (Chat *chat)
{
  return sleek_jid_to_string (chat->peer_online != NULL ? chat->peer_online : chat->peer);
}

/* Scripted mode */

static gboolean
echo_expired (gpointer user_data)
{
  Chat *chat = user_data;

  chat->timer = 0;
  notice (chat, "no echo of line %u within %u s", chat->next + 1, chat->timeout);
  finish (chat, 1);
  return G_SOURCE_REMOVE;
}

static void
send_next (Chat *chat)
{
  const char *line;

  if (chat->next == chat->n_lines)
    {
      notice (chat, "%u of %u lines came back", chat->n_lines, chat->n_lines);
      finish (chat, 0);
      return;
    }
  line = chat->lines[chat->next];
  sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (chat->client), peer_address (chat), line, "chat");
  print_line (chat, chat->me_name, line);
  chat->sent_at = g_get_monotonic_time ();
  chat->awaiting_echo = TRUE;
  start_timer (chat, echo_expired);
}

static void
check_echo (Chat *chat, const char *body)
{
  g_autofree char *shown = NULL;

  if (!chat->awaiting_echo)
    {
      /* Something the contact said before we did. */
      print_line (chat, chat->peer_name, body);
      return;
    }
  chat->awaiting_echo = FALSE;
  shown = g_strdup_printf ("%s  (%.1f ms)", body, (g_get_monotonic_time () - chat->sent_at) / 1000.0);
  print_line (chat, chat->peer_name, shown);
  if (strcmp (body, chat->lines[chat->next]) != 0)
    {
      notice (chat, "that is not line %u", chat->next + 1);
      finish (chat, 1);
      return;
    }
  chat->next++;
  send_next (chat);
}

/* Interactive mode */

static void read_next_line (Chat *chat);

static void
got_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  chat->prompt_shown = FALSE;
  if (error != NULL)
    {
      /* Not UTF-8: say so and go on reading. */
      notice (chat, "%s", error->message);
      read_next_line (chat);
      return;
    }
  if (line == NULL || strcmp (line, "/quit") == 0)
    {
      if (line == NULL)
        printf ("\n");
      finish (chat, 0);
      return;
    }
  g_strstrip (line);
  if (*line != '\0')
    sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (chat->client), peer_address (chat), line, "chat");
  read_next_line (chat);
}

static void
read_next_line (Chat *chat)
{
  show_prompt (chat);
  g_data_input_stream_read_line_async (chat->input, G_PRIORITY_DEFAULT, chat->cancellable, got_line, chat);
}

/* Both modes */

static void
peer_ready (Chat *chat)
{
  chat->waiting_for_peer = FALSE;
  stop_timer (chat);
  if (chat->scripted)
    {
      send_next (chat);
      return;
    }
  notice (chat, "type a line and press Enter to send it; Ctrl-D or /quit leaves");
  read_next_line (chat);
}

static gboolean
peer_expired (gpointer user_data)
{
  Chat *chat = user_data;

  chat->timer = 0;
  notice (chat, "%s did not come online within %u s", sleek_jid_to_string (chat->peer), chat->timeout);
  if (chat->scripted)
    {
      finish (chat, 1);
      return G_SOURCE_REMOVE;
    }
  notice (chat, "what you send waits for it on the server");
  peer_ready (chat);
  return G_SOURCE_REMOVE;
}

static void
on_session_start (SleekBaseXmpp *xmpp, Chat *chat)
{
  notice (chat, "logged in as %s", sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (xmpp)));
  sleek_base_xmpp_send_presence (xmpp, NULL, NULL, 0, NULL, NULL);
  /* To see when the contact is online, we need its presence: ask for it.
   * An echo bot approves; if we already may, the server just says yes
   * again, and sends us the contact's presence after our own. */
  sleek_base_xmpp_subscribe (xmpp, chat->peer);
  notice (chat, "waiting for %s to come online", sleek_jid_to_string (chat->peer));
  chat->waiting_for_peer = TRUE;
  start_timer (chat, peer_expired);
}

static void
on_available (SleekBaseXmpp *xmpp, SleekPresence *presence, Chat *chat)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (!is_peer (chat, from) || chat->peer_online != NULL)
    return;
  chat->peer_online = sleek_jid_ref (from);
  notice (chat, "%s is online", sleek_jid_to_string (from));
  if (chat->waiting_for_peer)
    peer_ready (chat);
}

static void
on_unavailable (SleekBaseXmpp *xmpp, SleekPresence *presence, Chat *chat)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (chat->peer_online == NULL || from == NULL || !sleek_jid_equal_bare (from, chat->peer_online))
    return;
  /* An unavailable presence from the bare JID takes every resource. */
  if (sleek_jid_get_resource (from) != NULL && !sleek_jid_equal (from, chat->peer_online))
    return;
  notice (chat, "%s went offline", sleek_jid_to_string (chat->peer_online));
  g_clear_pointer (&chat->peer_online, sleek_jid_unref);
}

static void
on_subscription (SleekBaseXmpp *xmpp, SleekPresence *presence, Chat *chat)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));

  if (from == NULL || !sleek_jid_equal_bare (from, chat->peer))
    return;
  if (sleek_presence_get_presence_type (presence) == SLEEK_PRESENCE_TYPE_SUBSCRIBE)
    {
      /* The contact wants our presence too: fair enough. */
      sleek_base_xmpp_approve_subscription (xmpp, from);
      notice (chat, "%s asked to see our presence: approved", sleek_jid_get_bare (from));
    }
  else
    notice (chat, "%s lets us see its presence", sleek_jid_get_bare (from));
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Chat *chat)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (message));
  const char *body = sleek_message_get_body (message);

  if (body == NULL || from == NULL)
    return;
  if (!is_peer (chat, from))
    {
      print_line (chat, sleek_jid_to_string (from), body);
      return;
    }
  if (chat->scripted)
    check_echo (chat, body);
  else
    print_line (chat, chat->peer_name, body);
}

static void
on_message_error (SleekBaseXmpp *xmpp, SleekMessage *message, Chat *chat)
{
  g_autoptr(GError) error = sleek_stanza_get_error (SLEEK_STANZA (message));
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (message));

  notice (chat, "error from %s: %s", from != NULL ? sleek_jid_to_string (from) : "the server",
          error != NULL ? error->message : "(no reason given)");
  if (chat->scripted)
    finish (chat, 1);
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Chat *chat)
{
  if (chat->stopping)
    return;
  notice (chat, "disconnected%s%s", error != NULL ? ": " : "", error != NULL ? error->message : "");
  chat->stopping = TRUE;
  chat->status = 1;
  g_cancellable_cancel (chat->cancellable);
  g_main_loop_quit (chat->loop);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Chat *chat = user_data;
  g_autoptr(GError) error = NULL;

  if (sleek_client_xmpp_connect_finish (chat->client, result, &error))
    return;   /* session-start has been emitted */
  if (!chat->stopping)
    {
      notice (chat, "could not log in: %s", error->message);
      chat->status = 1;
    }
  g_main_loop_quit (chat->loop);
}

static void
disconnected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Chat *chat = user_data;

  sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, NULL);
  g_main_loop_quit (chat->loop);
}

/* Ends the chat with @status: closes the stream politely, then quits. */
static void
finish (Chat *chat, int status)
{
  if (chat->stopping)
    return;
  chat->stopping = TRUE;
  chat->status = status;
  stop_timer (chat);
  if (chat->scripted && chat->next < chat->n_lines)
    notice (chat, "%u of %u lines came back", chat->next, chat->n_lines);
  g_cancellable_cancel (chat->cancellable);
  if (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (chat->client)))
    sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (chat->client), NULL, disconnected, chat);
  else
    g_main_loop_quit (chat->loop);
}

static gboolean
on_unix_signal (gpointer user_data)
{
  Chat *chat = user_data;

  if (chat->stopping)
    {
      g_main_loop_quit (chat->loop);
      return G_SOURCE_CONTINUE;
    }
  if (chat->prompt_shown)
    {
      printf ("\n");
      chat->prompt_shown = FALSE;
    }
  /* Interrupting a conversation is how it ends; interrupting a check
   * fails it. */
  finish (chat, chat->scripted ? 1 : 0);
  return G_SOURCE_CONTINUE;
}

/* Every non-empty line of stdin, for scripted mode. */
static char **
read_stdin_lines (GError **error)
{
  g_autoptr(GInputStream) raw = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (raw);
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, error);

      if (line == NULL)
        {
          if (error != NULL && *error != NULL)
            return NULL;
          break;
        }
      g_strstrip (line);
      if (*line != '\0')
        g_strv_builder_add (lines, line);
    }
  return g_strv_builder_end (lines);
}

int
main (int argc, char *argv[])
{
  g_autofree char *jid = NULL;
  g_autofree char *password = NULL;
  g_autofree char *to = NULL;
  g_autofree char *host = NULL;
  g_autofree char *ca_file = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean script = FALSE;
  int port = 0;
  int timeout = 20;
  GOptionEntry entries[] = {
    { "jid", 'j', 0, G_OPTION_ARG_STRING, &jid, "Your account (default: $SLEEK_TEST_JID_JULIET/chat)", "JID" },
    { "password", 'p', 0, G_OPTION_ARG_STRING, &password, "Its password (default: $SLEEK_TEST_PASSWORD_JULIET)",
      "PASSWORD" },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, "Whom to talk to; a bare JID means any of its resources "
      "(default: $SLEEK_TEST_JID_BOT)", "JID" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Connect to HOST instead of looking up the JID's domain "
      "(default: $SLEEK_TEST_PROSODY_ADDRESS)", "HOST" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port on HOST (default: $SLEEK_TEST_C2S_PORT, or 5222)", "PORT" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust the certificates in FILE (PEM) instead of the "
      "system's (default: $SLEEK_TEST_CA_FILE)", "FILE" },
    { "script", 's', 0, G_OPTION_ARG_NONE, &script, "Send the LINEs (or the lines of stdin), wait for each "
      "echo, and succeed only if every one came back", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds to wait for the contact, and for each echo "
      "(default: 20)", "SECONDS" },
    /* As given: checked for UTF-8 below, whatever the locale says. */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &lines, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("[LINE…] - chat with an XMPP contact");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(SleekClientXmpp) client = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(SleekJid) me = NULL;
  g_autoptr(SleekJid) peer = NULL;
  g_autoptr(GInputStream) stdin_stream = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  Chat chat = { 0 };
  guint sigint_id, sigterm_id;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("chat: %s\n", error->message);
      return 2;
    }
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    if (!g_utf8_validate (lines[i], -1, NULL))
      {
        g_printerr ("chat: line %u is not UTF-8\n", i + 1);
        return 2;
      }
  if (jid == NULL && env ("SLEEK_TEST_JID_JULIET") != NULL)
    jid = g_strconcat (env ("SLEEK_TEST_JID_JULIET"), "/chat", NULL);
  if (password == NULL)
    password = g_strdup (env ("SLEEK_TEST_PASSWORD_JULIET"));
  if (to == NULL)
    to = g_strdup (env ("SLEEK_TEST_JID_BOT"));
  if (host == NULL)
    host = g_strdup (env ("SLEEK_TEST_PROSODY_ADDRESS"));
  if (port == 0 && env ("SLEEK_TEST_C2S_PORT") != NULL)
    port = atoi (env ("SLEEK_TEST_C2S_PORT"));
  if (ca_file == NULL)
    ca_file = g_strdup (env ("SLEEK_TEST_CA_FILE"));
  if (jid == NULL || password == NULL || to == NULL)
    {
      g_printerr ("chat: give --jid, --password and --to (see --help)\n");
      return 2;
    }
  me = sleek_jid_new (jid, &error);
  if (me == NULL)
    {
      g_printerr ("chat: %s: %s\n", jid, error->message);
      return 2;
    }
  peer = sleek_jid_new (to, &error);
  if (peer == NULL)
    {
      g_printerr ("chat: %s: %s\n", to, error->message);
      return 2;
    }
  if (port < 0 || port > G_MAXUINT16 || timeout <= 0)
    {
      g_printerr ("chat: bad --port or --timeout\n");
      return 2;
    }

  /* Lines to send make a check; so does a stdin that is not a person. */
  chat.scripted = script || lines != NULL || !isatty (STDIN_FILENO);
  if (chat.scripted && lines == NULL)
    {
      lines = read_stdin_lines (&error);
      if (lines == NULL)
        {
          g_printerr ("chat: reading stdin: %s\n", error->message);
          return 2;
        }
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
          g_printerr ("chat: %s: %s\n", ca_file, error->message);
          return 2;
        }
      sleek_client_xmpp_set_tls_database (client, trusted);
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  chat.client = client;
  chat.loop = loop;
  chat.cancellable = cancellable;
  chat.peer = peer;
  chat.me_name = name_of (me);
  chat.peer_name = name_of (peer);
  chat.width = MAX (strlen (chat.me_name), strlen (chat.peer_name));
  chat.timeout = (guint) timeout;
  chat.lines = lines;
  chat.n_lines = lines != NULL ? g_strv_length (lines) : 0;
  if (!chat.scripted)
    {
      stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      input = g_data_input_stream_new (stdin_stream);
      chat.input = input;
    }

  g_signal_connect (client, "session-start", G_CALLBACK (on_session_start), &chat);
  g_signal_connect (client, "presence::available", G_CALLBACK (on_available), &chat);
  g_signal_connect (client, "presence::unavailable", G_CALLBACK (on_unavailable), &chat);
  g_signal_connect (client, "presence::subscribe", G_CALLBACK (on_subscription), &chat);
  g_signal_connect (client, "presence::subscribed", G_CALLBACK (on_subscription), &chat);
  g_signal_connect (client, "message::chat", G_CALLBACK (on_message), &chat);
  g_signal_connect (client, "message::normal", G_CALLBACK (on_message), &chat);
  g_signal_connect (client, "message::error", G_CALLBACK (on_message_error), &chat);
  g_signal_connect (client, "disconnected", G_CALLBACK (on_disconnected), &chat);
  sigint_id = g_unix_signal_add (SIGINT, on_unix_signal, &chat);
  sigterm_id = g_unix_signal_add (SIGTERM, on_unix_signal, &chat);

  notice (&chat, "logging in as %s%s%s", jid, host != NULL ? " at " : "", host != NULL ? host : "");
  sleek_client_xmpp_connect_async (client, cancellable, connected, &chat);
  g_main_loop_run (loop);

  stop_timer (&chat);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (client, &chat);
  if (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (client)))
    sleek_xml_stream_abort (SLEEK_XML_STREAM (client));
  g_clear_pointer (&chat.peer_online, sleek_jid_unref);
  return chat.status;
}
