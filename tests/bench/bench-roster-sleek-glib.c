/* bench-roster-sleek-glib.c: SleekClientXmpp logged in to bench-server
 * fetching a roster of 10,000 items into SleekRoster: time and memory
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
  SleekClientXmpp *xmpp;
  GMainLoop *loop;
  gboolean connected;
  SleekRoster *roster;
  GError *error;
} Client;

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *client = user_data;

  client->connected = sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result,
                                                       &client->error);
  g_main_loop_quit (client->loop);
}

static void
on_roster (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *client = user_data;

  client->roster = sleek_client_xmpp_get_roster_finish (SLEEK_CLIENT_XMPP (source), result,
                                                        &client->error);
  g_main_loop_quit (client->loop);
}

/* The measured part: the request, the result read and turned into the
 * model. */
static void
fetch_roster (gpointer data)
{
  Client *client = data;

  sleek_client_xmpp_get_roster_async (client->xmpp, NULL, on_roster, client);
  g_main_loop_run (client->loop);
}

/* Every item is there; the sample ones are what the server wrote. */
static guint
check_roster (SleekRoster *roster, guint n_items)
{
  guint wrong = 0;

  if (g_list_model_get_n_items (G_LIST_MODEL (roster)) != n_items)
    {
      g_printerr ("the roster has %u items, not %u\n",
                  g_list_model_get_n_items (G_LIST_MODEL (roster)), n_items);
      return 1;
    }
  for (guint i = 0; i < n_items; i += BENCH_SAMPLE_EVERY)
    {
      g_autofree char *jid_string = bench_roster_item_dup_jid (i);
      g_autoptr(SleekJid) jid = sleek_jid_new (jid_string, NULL);
      SleekRosterItem *item = jid != NULL ? sleek_roster_lookup (roster, jid) : NULL;
      g_autofree char *want_name = i % 4 != 3 ? g_strdup_printf ("Contact & friend %u", i) : NULL;
      gboolean want_groups = i % 5 != 4 || i % 7 == 0;

      if (item == NULL || g_strcmp0 (sleek_roster_item_get_name (item), want_name) != 0 ||
          want_groups != (sleek_roster_item_get_groups (item) != NULL &&
                           sleek_roster_item_get_groups (item)[0] != NULL))
        {
          if (wrong++ == 0)
            g_printerr ("roster item %u (%s) is not what the server sent\n", i, jid_string);
        }
    }
  return wrong;
}

static guint64
status_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, key)) != NULL)
    return g_ascii_strtoull (line + strlen (key), NULL, 10);
  return 0;
}

int
main (int argc, char **argv)
{
  Client client = { 0 };
  int items = 10000;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Roster items (default 10000)", "N" },
    { NULL }
  };
  BenchOptions options;
  BenchMeasure measure = { 0 };
  g_autoptr(GError) error = NULL;
  BenchServer *server;
  guint server_items = 0;
  guint64 server_bytes = 0, rss_before = 0, rss_after = 0;
  guint wrong = 0;
  gboolean ok;

  if (!bench_options_parse (&options, "Log in to bench-server with SleekClientXmpp and fetch a "
                            "large roster.", entries, &argc, &argv))
    return EXIT_FAILURE;
  if (items < 0)
    {
      g_printerr ("--items must not be negative\n");
      return EXIT_FAILURE;
    }
  options.n_messages = items;
  options.server_mode = "roster";
  if (options.pin)
    bench_pin_current_thread (0);
  server = bench_server_spawn (&options, argv[0], &error);
  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  client.loop = g_main_loop_new (NULL, FALSE);
  client.xmpp = sleek_client_xmpp_new (BENCH_JID "/" BENCH_RESOURCE, BENCH_PASSWORD);
  /* 10,000 items are about 1 MB in one stanza, more than the default
   * limit of 1 MiB: an application expecting such rosters raises it. */
  g_object_set (client.xmpp,
                "server-host", "127.0.0.1",
                "server-port", (guint) bench_server_get_port (server),
                "tls-mode", SLEEK_TLS_MODE_NONE,
                "allow-plaintext", TRUE,
                "keepalive-interval", 0,
                "max-stanza-size", 16 * 1024 * 1024,
                NULL);
  sleek_client_xmpp_connect_async (client.xmpp, NULL, on_connected, &client);
  g_main_loop_run (client.loop);
  if (client.connected)
    {
      rss_before = status_kib ("\nVmRSS:");
      bench_measure_resume (&measure);
      bench_measured_call (fetch_roster, &client);
      bench_measure_pause (&measure);
      rss_after = status_kib ("\nVmRSS:");
    }
  if (client.roster != NULL)
    wrong = check_roster (client.roster, items);

  sleek_xml_stream_abort (SLEEK_XML_STREAM (client.xmpp));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (!bench_server_finish (server, &server_items, &server_bytes, &error) && client.error == NULL)
    client.error = g_steal_pointer (&error);

  g_print ("sleek-glib: a roster of %d items (%" G_GUINT64_FORMAT " bytes) in %.2f ms, %.2f ms CPU; "
           "RSS %.1f MiB before, %.1f MiB after (%.0f bytes per item), peak %.1f MiB\n",
           items, server_bytes, measure.wall_ns / 1e6, measure.thread_cpu_ns / 1e6, rss_before / 1024.0,
           rss_after / 1024.0, items > 0 ? (rss_after - MIN (rss_before, rss_after)) * 1024.0 / items : 0.0,
           status_kib ("\nVmHWM:") / 1024.0);
  g_print ("RESULT client=sleek-glib mode=roster items=%d bytes=%" G_GUINT64_FORMAT
           " wall_ns=%" G_GINT64_FORMAT " thread_cpu_ns=%" G_GINT64_FORMAT
           " rss_before_kib=%" G_GUINT64_FORMAT " rss_after_kib=%" G_GUINT64_FORMAT
           " peak_rss_kib=%" G_GUINT64_FORMAT "\n",
           items, server_bytes, measure.wall_ns, measure.thread_cpu_ns, rss_before, rss_after,
           status_kib ("\nVmHWM:"));

  ok = client.connected && client.roster != NULL && client.error == NULL && wrong == 0 &&
       server_items == (guint) items;
  if (!ok)
    g_printerr ("FAILED%s%s\n", client.error != NULL ? ": " : "",
                client.error != NULL ? client.error->message : "");
  g_clear_object (&client.roster);
  g_clear_error (&client.error);
  g_object_unref (client.xmpp);
  g_main_loop_unref (client.loop);
  bench_server_free (server);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
