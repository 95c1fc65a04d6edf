/* bench-xmpp-loudmouth.c: Loudmouth logged in to bench-server over TCP,
 * reading its flood of messages or sending it messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <loudmouth/loudmouth.h>
#include <stdlib.h>
#include <string.h>

/* Outbound: messages built and sent per turn of the main loop. */
#define SEND_BATCH 64

typedef struct
{
  const BenchOptions *options;
  LmConnection *conn;
  GMainLoop *loop;
  BenchTally tally;
  guint sent;
  gboolean disconnected;
} Client;

static LmHandlerResult
on_message (LmMessageHandler *handler, LmConnection *conn, LmMessage *message, gpointer user_data)
{
  Client *client = user_data;
  LmMessageNode *node = lm_message_get_node (message);
  const char *from = lm_message_node_get_attribute (node, "from");
  const char *id = lm_message_node_get_attribute (node, "id");
  LmMessageNode *body_node = lm_message_node_get_child (node, "body");
  const char *body = body_node != NULL ? lm_message_node_get_value (body_node) : NULL;

  if (bench_tally_message (&client->tally, from, id, body))
    g_main_loop_quit (client->loop);
  return LM_HANDLER_RESULT_REMOVE_MESSAGE;
}

static void
on_disconnect (LmConnection *conn, LmDisconnectReason reason, gpointer user_data)
{
  Client *client = user_data;

  client->disconnected = TRUE;
  if (!client->tally.done)
    {
      g_printerr ("loudmouth: disconnected (reason %d)\n", reason);
      g_main_loop_quit (client->loop);
    }
}

static void
send_one (Client *client, guint index)
{
  g_autofree char *id = bench_message_dup_id (index);
  g_autofree char *body = bench_message_dup_body (index);
  g_autofree char *origin_id = bench_message_dup_origin_id (index);
  LmMessage *message = lm_message_new_with_sub_type (BENCH_PEER_JID, LM_MESSAGE_TYPE_MESSAGE,
                                                     LM_MESSAGE_SUB_TYPE_CHAT);
  LmMessageNode *node = lm_message_get_node (message);
  LmMessageNode *child;
  g_autoptr(GError) error = NULL;

  lm_message_node_set_attribute (node, "id", id);
  lm_message_node_add_child (node, "body", body);
  child = lm_message_node_add_child (node, "request", NULL);
  lm_message_node_set_attribute (child, "xmlns", "urn:xmpp:receipts");
  child = lm_message_node_add_child (node, "origin-id", NULL);
  lm_message_node_set_attributes (child, "xmlns", "urn:xmpp:sid:0", "id", origin_id, NULL);
  if (!lm_connection_send (client->conn, message, &error))
    {
      if (client->tally.mismatches++ == 0)
        g_printerr ("loudmouth: %s\n", error->message);
    }
  lm_message_unref (message);
}

static gboolean
send_batch (gpointer user_data)
{
  Client *client = user_data;
  guint end = MIN (client->sent + SEND_BATCH, client->options->n_messages);

  while (client->sent < end)
    send_one (client, client->sent++);
  return client->sent < client->options->n_messages ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
run_session (gpointer data)
{
  Client *client = data;
  LmMessage *presence = lm_message_new (NULL, LM_MESSAGE_TYPE_PRESENCE);

  lm_connection_send (client->conn, presence, NULL);
  lm_message_unref (presence);
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
  LmMessageHandler *handler;
  gboolean logged_in;
  gboolean ok;

  if (!bench_options_parse (&options, "Log in to bench-server with Loudmouth and read or send "
                            "the benchmark messages.", NULL, &argc, &argv))
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
  client.conn = lm_connection_new ("127.0.0.1");
  lm_connection_set_port (client.conn, bench_server_get_port (server));
  lm_connection_set_jid (client.conn, BENCH_JID);
  lm_connection_set_keep_alive_rate (client.conn, 0);
  handler = lm_message_handler_new (on_message, &client, NULL);
  lm_connection_register_message_handler (client.conn, handler, LM_MESSAGE_TYPE_MESSAGE,
                                          LM_HANDLER_PRIORITY_NORMAL);
  lm_message_handler_unref (handler);
  lm_connection_set_disconnect_function (client.conn, on_disconnect, &client, NULL);

  /* No SSL set: plain TCP, and SASL PLAIN. */
  logged_in = lm_connection_open_and_block (client.conn, &error) &&
              lm_connection_authenticate_and_block (client.conn, "romeo", BENCH_PASSWORD,
                                                    BENCH_RESOURCE, &error);
  if (logged_in)
    {
      bench_measure_resume (&measure);
      bench_measured_call (run_session, &client);
      bench_measure_pause (&measure);
    }
  else
    g_printerr ("loudmouth: %s\n", error != NULL ? error->message : "cannot log in");
  if (!client.disconnected)
    lm_connection_close (client.conn, NULL);
  lm_connection_unref (client.conn);
  g_clear_error (&error);

  ok = bench_conclude ("loudmouth", &options, server, logged_in && client.tally.done,
                       options.outbound ? client.sent : client.tally.count, client.tally.mismatches,
                       NULL, &measure);
  if (options.verbose)
    g_printerr ("checksum %" G_GUINT64_FORMAT "\n", client.tally.checksum);
  g_main_loop_unref (client.loop);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
