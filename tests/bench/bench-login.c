/* bench-login.c: what the login benchmarks share: options, timing and
 * the result line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-login.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

gboolean
login_options_parse (LoginOptions *options, const char *summary, int *argc, char ***argv)
{
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &options->host, "Where the server listens", "ADDRESS" },
    { "port", 0, 0, G_OPTION_ARG_INT, &options->port, "Its c2s port (STARTTLS)", "PORT" },
    { "jid", 0, 0, G_OPTION_ARG_STRING, &options->jid, "The account's bare JID", "JID" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &options->password, "Its password", "PASSWORD" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      "The server's certificate (PEM), to trust", "FILE" },
    { "logins", 0, 0, G_OPTION_ARG_INT, &options->logins,
      "Time this many logins, one after another (default 20)", "N" },
    { "sessions", 0, 0, G_OPTION_ARG_INT, &options->sessions,
      "Instead, hold this many sessions open at once and measure the memory", "N" },
    { "in-flight", 0, 0, G_OPTION_ARG_INT, &options->in_flight,
      "With --sessions: logins under way at a time (default 16)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options->verbose, "Say what is going on", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  memset (options, 0, sizeof *options);
  options->host = g_strdup ("127.0.0.1");
  options->logins = 20;
  options->in_flight = 16;
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (options->port <= 0 || options->port > 65535 || options->jid == NULL ||
      options->password == NULL || options->ca_file == NULL)
    {
      g_printerr ("--port, --jid, --password and --ca-file are needed\n");
      return FALSE;
    }
  if (options->logins < 1 || options->sessions < 0 || options->in_flight < 1)
    {
      g_printerr ("--logins and --in-flight must be at least 1, --sessions not negative\n");
      return FALSE;
    }
  return TRUE;
}

char *
login_resource (guint index)
{
  return g_strdup_printf ("bench-%d-%u", (int) getpid (), index);
}

gint64
login_clock_ns (gboolean thread_cpu)
{
  struct timespec ts;

  clock_gettime (thread_cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

guint64
login_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nVmRSS:")) != NULL)
    return g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
  return 0;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  if (values->len % 2 == 1)
    return g_array_index (values, gint64, values->len / 2);
  return (g_array_index (values, gint64, values->len / 2 - 1) +
          g_array_index (values, gint64, values->len / 2)) / 2;
}

void
login_report_times (const char *client, GArray *wall_ns, GArray *cpu_ns)
{
  gint64 wall = median (wall_ns);
  gint64 cpu = median (cpu_ns);

  g_print ("%s: %u logins, median %.2f ms from connecting to session start, %.2f ms CPU\n",
           client, wall_ns->len, wall / 1e6, cpu / 1e6);
  g_print ("RESULT client=%s mode=login logins=%u login_ns=%" G_GINT64_FORMAT
           " login_cpu_ns=%" G_GINT64_FORMAT "\n", client, wall_ns->len, wall, cpu);
}

void
login_report_sessions (const char *client, guint sessions, guint64 rss_before_kib,
                       guint64 rss_after_kib)
{
  double per = sessions > 0 ? (double) (rss_after_kib - MIN (rss_before_kib, rss_after_kib)) / sessions
                            : 0.0;

  g_print ("%s: %u sessions open, RSS %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT
           " KiB after: %.1f KiB per session\n",
           client, sessions, rss_before_kib, rss_after_kib, per);
  g_print ("RESULT client=%s mode=sessions sessions=%u rss_before_kib=%" G_GUINT64_FORMAT
           " rss_after_kib=%" G_GUINT64_FORMAT " per_session_bytes=%.0f\n",
           client, sessions, rss_before_kib, rss_after_kib, per * 1024);
}
