/* bench-sleek-glib.c: the benchmark stream through SleekXmlStream, over a
 * socket, with a handler that reads each message through the public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <sleek/sleek.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  GMainLoop *loop;
  BenchTally tally;
  GError *error;
  gboolean from_string; /* read from as a string, not as a SleekJid */
} Client;

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Client *client = user_data;
  const char *from;
  const char *id;
  const char *body;

  /* What an application reads first: who sent it, parsed as a JID. */
  if (client->from_string)
    from = sleek_stanza_get_string (stanza, "from");
  else
    {
      SleekJid *jid = sleek_stanza_get_from (stanza);

      from = jid != NULL ? sleek_jid_to_string (jid) : NULL;
    }
  id = sleek_stanza_get_string (stanza, "id");
  body = sleek_stanza_get_string (stanza, "body");

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
run_loop (gpointer data)
{
  Client *client = data;

  g_main_loop_run (client->loop);
}

int
main (int argc, char **argv)
{
  Client client = { 0 };
  const GOptionEntry entries[] = {
    { "from-string", 0, 0, G_OPTION_ARG_NONE, &client.from_string,
      "Read the sender as the string attribute, without parsing it as a JID", NULL },
    { NULL }
  };
  BenchOptions options;
  BenchMeasure measure = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(SleekMatcher) matcher = NULL;
  BenchFeeder *feeder;
  guint64 bytes, message_bytes;
  gboolean ok;

  if (!bench_options_parse (&options, "Read the benchmark stream with SleekXmlStream.",
                            entries, &argc, &argv))
    return EXIT_FAILURE;
  if (options.pin)
    bench_pin_current_thread (0);

  feeder = bench_feeder_new (&options, &error);
  if (feeder == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  socket = g_socket_new_from_fd (bench_feeder_steal_client_fd (feeder), &error);
  if (socket == NULL)
    {
      g_printerr ("%s\n", error->message);
      bench_feeder_free (feeder);
      return EXIT_FAILURE;
    }
  connection = g_socket_connection_factory_create_connection (socket);

  client.loop = g_main_loop_new (NULL, FALSE);
  stream = sleek_xml_stream_new ();
  matcher = sleek_matcher_new_stanza_path ("message");
  sleek_xml_stream_add_handler (stream, matcher, SLEEK_HANDLER_NONE, on_message, &client, NULL);
  g_signal_connect (stream, "disconnected", G_CALLBACK (on_disconnected), &client);
  sleek_xml_stream_attach (stream, G_IO_STREAM (connection));
  sleek_xml_stream_open (stream, NULL);

  bench_measure_resume (&measure);
  bench_feeder_start (feeder);
  bench_measured_call (run_loop, &client);
  bench_measure_pause (&measure);

  /* After END only the footer is left, which fits in the socket; before
   * it, closing our end is what stops a feeder blocked in send(). */
  if (!client.tally.done)
    sleek_xml_stream_abort (stream);
  bytes = bench_feeder_join (feeder, &message_bytes);
  bench_report (client.from_string ? "sleek-glib-from-string" : "sleek-glib", &options,
                client.tally.count, bytes, message_bytes, &measure);

  ok = client.tally.done && client.error == NULL && client.tally.mismatches == 0 &&
       client.tally.count == options.n_messages;
  if (!ok)
    g_printerr ("FAILED: %u of %u messages, %u wrong%s%s\n", client.tally.count, options.n_messages,
                client.tally.mismatches, client.error != NULL ? ": " : "",
                client.error != NULL ? client.error->message : "");
  if (options.verbose)
    g_printerr ("checksum %" G_GUINT64_FORMAT "\n", client.tally.checksum);

  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_error (&client.error);
  g_main_loop_unref (client.loop);
  bench_feeder_free (feeder);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
