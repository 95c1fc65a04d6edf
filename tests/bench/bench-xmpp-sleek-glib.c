/* bench-xmpp-sleek-glib.c: SleekClientXmpp logged in to bench-server over
 * TCP, reading its flood of messages or sending it messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <sleek/sleek.h>
#include <stdlib.h>
#include <string.h>

/* Outbound: messages built and sent per turn of the main loop. */
#define SEND_BATCH 64

typedef struct
{
  const BenchOptions *options;
  SleekClientXmpp *xmpp;
  GMainLoop *loop;
  BenchTally tally;     /* inbound: what the handler read, and END */
  guint sent;           /* outbound */
  gboolean connected;
  GError *error;
} Client;

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  Client *client = user_data;
  SleekStanza *stanza = SLEEK_STANZA (message);
  SleekJid *jid = sleek_stanza_get_from (stanza);
  const char *from = jid != NULL ? sleek_jid_to_string (jid) : NULL;
  const char *id = sleek_stanza_get_id (stanza);
  const char *body = sleek_message_get_body (message);

  if (bench_tally_message (&client->tally, from, id, body))
    g_main_loop_quit (client->loop);
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, gpointer user_data)
{
  Client *client = user_data;

  if (client->tally.done)
    return;
  if (error != NULL)
    client->error = g_error_copy (error);
  else
    g_set_error_literal (&client->error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                         "the stream ended before the END message");
  g_main_loop_quit (client->loop);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *client = user_data;

  client->connected = sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result,
                                                       &client->error);
  g_main_loop_quit (client->loop);
}

static void
on_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, &error))
    g_printerr ("closing the stream: %s\n", error->message);
  g_main_loop_quit (client->loop);
}

/* One message as an application builds it: to, type, body, an id, a
 * receipt request and an origin-id. */
static void
send_one (Client *client, guint index)
{
  g_autofree char *id = bench_message_dup_id (index);
  g_autofree char *body = bench_message_dup_body (index);
  g_autofree char *origin_id = bench_message_dup_origin_id (index);
  g_autoptr(SleekMessage) message = NULL;
  SleekNode *node;

  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (client->xmpp), BENCH_PEER_JID, body,
                                          NULL, "chat");
  sleek_stanza_set_id (SLEEK_STANZA (message), id);
  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  sleek_node_add_child_new (node, "request", "urn:xmpp:receipts");
  sleek_node_set_attribute (sleek_node_add_child_new (node, "origin-id", "urn:xmpp:sid:0"),
                            "id", origin_id);
  sleek_xml_stream_send (SLEEK_XML_STREAM (client->xmpp), SLEEK_STANZA (message));
}

/* Sends a batch, then lets the main loop write it out. */
static gboolean
send_batch (gpointer user_data)
{
  Client *client = user_data;
  guint end = MIN (client->sent + SEND_BATCH, client->options->n_messages);

  while (client->sent < end)
    send_one (client, client->sent++);
  return client->sent < client->options->n_messages ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* The measured part: initial presence, then the flood or the sending,
 * until END. */
static void
run_session (gpointer data)
{
  Client *client = data;

  sleek_base_xmpp_send_presence (SLEEK_BASE_XMPP (client->xmpp), NULL, NULL, 0, NULL, NULL);
  if (client->options->outbound && client->options->n_messages > 0)
    g_idle_add (send_batch, client);
  g_main_loop_run (client->loop);
}

int
main (int argc, char **argv)
{
  Client client = { 0 };
  BenchOptions options;
  BenchMeasure measure = { 0 };
  g_autoptr(GError) error = NULL;
  BenchServer *server;
  gboolean ok;

  if (!bench_options_parse (&options, "Log in to bench-server with SleekClientXmpp and read or "
                            "send the benchmark messages.", NULL, &argc, &argv))
    return EXIT_FAILURE;
  if (options.pin)
    bench_pin_current_thread (0);
  server = bench_server_spawn (&options, argv[0], &error);
  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  client.options = &options;
  client.loop = g_main_loop_new (NULL, FALSE);
  client.xmpp = sleek_client_xmpp_new (BENCH_JID "/" BENCH_RESOURCE, BENCH_PASSWORD);
  g_object_set (client.xmpp,
                "server-host", "127.0.0.1",
                "server-port", (guint) bench_server_get_port (server),
                "tls-mode", SLEEK_TLS_MODE_NONE,
                "allow-plaintext", TRUE,
                "keepalive-interval", 0,
                NULL);
  g_signal_connect (client.xmpp, "message", G_CALLBACK (on_message), &client);
  g_signal_connect (client.xmpp, "disconnected", G_CALLBACK (on_disconnected), &client);

  sleek_client_xmpp_connect_async (client.xmpp, NULL, on_connected, &client);
  g_main_loop_run (client.loop);
  if (client.connected)
    {
      bench_measure_resume (&measure);
      bench_measured_call (run_session, &client);
      bench_measure_pause (&measure);
    }

  if (client.tally.done)
    {
      /* Closes the stream properly, so the server sees the end. */
      sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (client.xmpp), NULL, on_closed, &client);
      g_main_loop_run (client.loop);
    }
  sleek_xml_stream_abort (SLEEK_XML_STREAM (client.xmpp));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ok = bench_conclude ("sleek-glib", &options, server, client.connected && client.tally.done,
                       options.outbound ? client.sent : client.tally.count, client.tally.mismatches,
                       client.error, &measure);
  if (options.verbose)
    g_printerr ("checksum %" G_GUINT64_FORMAT "\n", client.tally.checksum);

  g_clear_error (&client.error);
  g_object_unref (client.xmpp);
  g_main_loop_unref (client.loop);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
