/* bench-xmpp-libstrophe.c: libstrophe logged in to bench-server over TCP,
 * reading its flood of messages or sending it messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <stdlib.h>
#include <string.h>
#include <strophe.h>

/* Outbound: messages built per turn of the event loop, and how many may
 * wait in libstrophe's send queue before the next turn builds more. */
#define SEND_BATCH 64
#define SEND_QUEUE_MAX (4 * SEND_BATCH)

typedef struct
{
  const BenchOptions *options;
  xmpp_ctx_t *ctx;
  xmpp_conn_t *conn;
  BenchTally tally;
  guint sent;
  gboolean connected;
  gboolean disconnected;
} Client;

static int
on_message (xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *user_data)
{
  Client *client = user_data;
  const char *from = xmpp_stanza_get_from (stanza);
  const char *id = xmpp_stanza_get_id (stanza);
  char *body = xmpp_message_get_body (stanza);

  bench_tally_message (&client->tally, from, id, body);
  if (body != NULL)
    xmpp_free (client->ctx, body);
  return 1;
}

static void
on_connection (xmpp_conn_t         *conn,
               xmpp_conn_event_t    status,
               int                  error,
               xmpp_stream_error_t *stream_error,
               void                *user_data)
{
  Client *client = user_data;

  if (status == XMPP_CONN_CONNECT)
    client->connected = TRUE;
  else if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL)
    {
      if (!client->tally.done)
        g_printerr ("libstrophe: disconnected (error %d)\n", error);
      client->disconnected = TRUE;
    }
}

static void
send_one (Client *client, guint index)
{
  g_autofree char *id = bench_message_dup_id (index);
  g_autofree char *body = bench_message_dup_body (index);
  g_autofree char *origin_id = bench_message_dup_origin_id (index);
  xmpp_stanza_t *message = xmpp_message_new (client->ctx, "chat", BENCH_PEER_JID, id);
  xmpp_stanza_t *request = xmpp_stanza_new (client->ctx);
  xmpp_stanza_t *origin = xmpp_stanza_new (client->ctx);

  xmpp_message_set_body (message, body);
  xmpp_stanza_set_name (request, "request");
  xmpp_stanza_set_ns (request, "urn:xmpp:receipts");
  xmpp_stanza_add_child_ex (message, request, 0);
  xmpp_stanza_set_name (origin, "origin-id");
  xmpp_stanza_set_ns (origin, "urn:xmpp:sid:0");
  xmpp_stanza_set_attribute (origin, "id", origin_id);
  xmpp_stanza_add_child_ex (message, origin, 0);
  xmpp_send (client->conn, message);
  xmpp_stanza_release (message);
}

static void
run_session (gpointer data)
{
  Client *client = data;
  xmpp_stanza_t *presence = xmpp_presence_new (client->ctx);

  xmpp_send (client->conn, presence);
  xmpp_stanza_release (presence);
  while (!client->tally.done && !client->disconnected)
    {
      gboolean sending = client->options->outbound && client->sent < client->options->n_messages;

      if (sending && xmpp_conn_send_queue_len (client->conn) < SEND_QUEUE_MAX)
        {
          guint end = MIN (client->sent + SEND_BATCH, client->options->n_messages);

          while (client->sent < end)
            send_one (client, client->sent++);
        }
      /* libstrophe writes its queue at the start of a turn: wait only when
       * nothing is left to write. */
      xmpp_run_once (client->ctx, sending || xmpp_conn_send_queue_len (client->conn) > 0 ? 0 : 100);
    }
}

int
main (int argc, char **argv)
{
  Client client = { 0 };
  BenchOptions options;
  BenchMeasure measure = { 0 };
  g_autoptr(GError) error = NULL;
  BenchServer *server;
  gint64 deadline;
  gboolean ok;

  if (!bench_options_parse (&options, "Log in to bench-server with libstrophe and read or send "
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

  xmpp_initialize ();
  client.options = &options;
  client.ctx = xmpp_ctx_new (NULL, NULL);
  client.conn = xmpp_conn_new (client.ctx);
  /* Plain TCP on the loopback, PLAIN login. */
  xmpp_conn_set_flags (client.conn, XMPP_CONN_FLAG_DISABLE_TLS);
  xmpp_conn_set_jid (client.conn, BENCH_JID "/" BENCH_RESOURCE);
  xmpp_conn_set_pass (client.conn, BENCH_PASSWORD);
  xmpp_handler_add (client.conn, on_message, NULL, "message", NULL, &client);

  if (xmpp_connect_client (client.conn, "127.0.0.1", bench_server_get_port (server), on_connection,
                           &client) == XMPP_EOK)
    {
      deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      while (!client.connected && !client.disconnected && g_get_monotonic_time () < deadline)
        xmpp_run_once (client.ctx, 100);
    }
  if (client.connected)
    {
      bench_measure_resume (&measure);
      bench_measured_call (run_session, &client);
      bench_measure_pause (&measure);
    }
  if (client.connected && !client.disconnected)
    {
      xmpp_disconnect (client.conn);
      deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      while (!client.disconnected && g_get_monotonic_time () < deadline)
        xmpp_run_once (client.ctx, 100);
    }
  xmpp_conn_release (client.conn);
  xmpp_ctx_free (client.ctx);
  xmpp_shutdown ();

  ok = bench_conclude ("libstrophe", &options, server, client.connected && client.tally.done,
                       options.outbound ? client.sent : client.tally.count, client.tally.mismatches,
                       NULL, &measure);
  if (options.verbose)
    g_printerr ("checksum %" G_GUINT64_FORMAT "\n", client.tally.checksum);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
