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
  guint count;          /* messages before END */
  guint mismatches;
  gboolean done;
  guint64 checksum;     /* uses what the handler read */
  GError *error;
  gboolean from_string; /* read from as a string, not as a SleekJid */
} Client;

static void
check_sample (Client *client, guint index, const char *from, const char *id, const char *body)
{
  g_autofree char *want_id = bench_message_dup_id (index);
  g_autofree char *want_body = bench_message_dup_body (index);
  const char *want_from = bench_message_from (index);

  if (g_strcmp0 (from, want_from) != 0 || g_strcmp0 (id, want_id) != 0 ||
      g_strcmp0 (body, want_body) != 0)
    {
      if (client->mismatches == 0)
        g_printerr ("message %u: got from '%s' id '%s' body '%s', want '%s' '%s' '%s'\n",
                    index, from, id, body, want_from, want_id, want_body);
      client->mismatches++;
    }
}

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

  if (body != NULL && strcmp (body, BENCH_END_BODY) == 0)
    {
      client->done = TRUE;
      g_main_loop_quit (client->loop);
      return;
    }
  if (from == NULL || id == NULL || body == NULL || bench_message_is_sample (client->count))
    check_sample (client, client->count, from, id, body);
  else
    client->checksum += strlen (from) + strlen (id) + strlen (body);
  client->count++;
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, gpointer user_data)
{
  Client *client = user_data;

  if (client->done)
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
  if (!client.done)
    sleek_xml_stream_abort (stream);
  bytes = bench_feeder_join (feeder, &message_bytes);
  bench_report (client.from_string ? "sleek-glib-from-string" : "sleek-glib", &options,
                client.count, bytes, message_bytes, &measure);

  ok = client.done && client.error == NULL && client.mismatches == 0 &&
       client.count == options.n_messages;
  if (!ok)
    g_printerr ("FAILED: %u of %u messages, %u wrong%s%s\n", client.count, options.n_messages,
                client.mismatches, client.error != NULL ? ": " : "",
                client.error != NULL ? client.error->message : "");
  if (options.verbose)
    g_printerr ("checksum %" G_GUINT64_FORMAT "\n", client.checksum);

  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_error (&client.error);
  g_main_loop_unref (client.loop);
  bench_feeder_free (feeder);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
