/* echo-component.c: an XEP-0114 component that answers disco#info and
 * echoes chat messages sent to any address of its domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include <glib-unix.h>
#include <stdlib.h>

typedef struct {
  GMainLoop *loop;
  SleekComponentXmpp *component;
  int status;
} App;

static void
say (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format, ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("%s echo-component: %s\n", time, text);
}

static void
on_chat (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  const char *body = sleek_message_get_body (message);
  g_autoptr(SleekMessage) reply = NULL;

  if (body == NULL)
    return;
  reply = sleek_message_reply (message, body);
  /* Answer from the address it was sent to: any name of our domain. */
  sleek_stanza_set_from (SLEEK_STANZA (reply), sleek_stanza_get_to (SLEEK_STANZA (message)));
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (reply));
  say ("echoed to %s: %s", sleek_stanza_get_string (SLEEK_STANZA (message), "from"), body);
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, App *app)
{
  if (error != NULL)
    {
      say ("disconnected: %s", error->message);
      app->status = 1;
    }
  else
    say ("disconnected");
  g_main_loop_quit (app->loop);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!sleek_component_xmpp_connect_finish (SLEEK_COMPONENT_XMPP (source), result, &error))
    {
      say ("could not connect: %s", error->message);
      app->status = 1;
      g_main_loop_quit (app->loop);
      return;
    }
  say ("online as %s", sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (source))));
}

static gboolean
on_signal (gpointer user_data)
{
  App *app = user_data;

  say ("stopping");
  sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (app->component), NULL, NULL, NULL);
  return G_SOURCE_CONTINUE;
}

static const char *
env_or (const char *value, const char *variable)
{
  return value != NULL ? value : g_getenv (variable);
}

int
main (int argc, char *argv[])
{
  g_autofree char *jid = NULL, *secret = NULL, *host = NULL;
  int port = 0;
  GOptionEntry entries[] = {
    { "jid", 'j', 0, G_OPTION_ARG_STRING, &jid, "The component's domain (default $SLEEK_TEST_COMPONENT_JID)", "JID" },
    { "secret", 's', 0, G_OPTION_ARG_STRING, &secret, "The shared secret (default $SLEEK_TEST_COMPONENT_SECRET)", "SECRET" },
    { "host", 'H', 0, G_OPTION_ARG_STRING, &host, "The server (default $SLEEK_TEST_PROSODY_ADDRESS)", "HOST" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "The component port (default $SLEEK_TEST_COMPONENT_PORT)", "PORT" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- an echo component");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SleekComponentXmpp) component = NULL;
  SleekDisco *disco;
  App app = { loop, NULL, 0 };
  const char *the_jid, *the_secret, *the_host;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  the_jid = env_or (jid, "SLEEK_TEST_COMPONENT_JID");
  the_secret = env_or (secret, "SLEEK_TEST_COMPONENT_SECRET");
  the_host = env_or (host, "SLEEK_TEST_PROSODY_ADDRESS");
  if (port == 0 && g_getenv ("SLEEK_TEST_COMPONENT_PORT") != NULL)
    port = atoi (g_getenv ("SLEEK_TEST_COMPONENT_PORT"));
  if (the_jid == NULL || the_secret == NULL || the_host == NULL || port <= 0)
    {
      g_printerr ("echo-component: give --jid, --secret, --host and --port\n");
      return 2;
    }

  component = sleek_component_xmpp_new (the_jid, the_secret, the_host, (guint16) port);
  app.component = component;
  /* Service discovery: who we are and what we do. */
  if (!sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (component), "xep_0030", &error))
    {
      g_printerr ("echo-component: %s\n", error->message);
      return 1;
    }
  disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (component), "xep_0030"));
  {
    g_autoptr(SleekDiscoIdentity) identity = sleek_disco_identity_new ("component", "generic", "Echo component", NULL);
    sleek_disco_add_identity (disco, identity, NULL);
  }
  g_signal_connect (component, "message::chat", G_CALLBACK (on_chat), NULL);
  g_signal_connect (component, "disconnected", G_CALLBACK (on_disconnected), &app);
  g_unix_signal_add (SIGINT, on_signal, &app);
  g_unix_signal_add (SIGTERM, on_signal, &app);

  say ("connecting as %s to %s:%d", the_jid, the_host, port);
  sleek_component_xmpp_connect_async (component, NULL, connected, &app);
  g_main_loop_run (loop);
  return app.status;
}
