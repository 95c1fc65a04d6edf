/* bench-harness.c: what every benchmark client shares: options, the feeder
 * thread, measurement and the result line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Options */

gboolean
bench_options_parse (BenchOptions        *options,
                     const char          *summary,
                     const GOptionEntry  *extra,
                     int                 *argc,
                     char              ***argv)
{
  int n_messages = 100000;
  const GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT, &n_messages,
      "How many chat messages the stream carries (default 100000)", "N" },
    { "pin", 0, 0, G_OPTION_ARG_NONE, &options->pin,
      "Run the client on CPU 0 and the feeder on CPU 1", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options->verbose,
      "Say what is going on", NULL },
    { "outbound", 0, 0, G_OPTION_ARG_NONE, &options->outbound,
      "XMPP clients: send the messages to bench-server instead of reading its flood", NULL },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &options->server,
      "XMPP clients: the bench-server program (default: next to this one)", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  options->pin = options->verbose = options->outbound = FALSE;
  options->server = NULL;
  options->server_mode = NULL;
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (n_messages < 0)
    {
      g_printerr ("--messages must not be negative\n");
      return FALSE;
    }
  options->n_messages = n_messages;
  return TRUE;
}

/* Keeps the calling thread on @cpu, when there is such a CPU. */
void
bench_pin_current_thread (int cpu)
{
  cpu_set_t set;

  if (cpu < 0 || cpu >= CPU_SETSIZE)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  if (sched_setaffinity (0, sizeof set, &set) != 0)
    g_printerr ("cannot pin to CPU %d: %s\n", cpu, g_strerror (errno));
}

/* The feeder */

struct _BenchFeeder
{
  guint n_messages;
  gboolean pin;
  int feeder_fd;
  int client_fd;
  GThread *thread;
  guint64 bytes;
  guint64 message_bytes;
};

BenchFeeder *
bench_feeder_new (const BenchOptions *options, GError **error)
{
  BenchFeeder *self;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "socketpair: %s", g_strerror (saved_errno));
      return NULL;
    }
  self = g_new0 (BenchFeeder, 1);
  self->n_messages = options->n_messages;
  self->pin = options->pin;
  self->feeder_fd = fds[0];
  self->client_fd = fds[1];
  return self;
}

/* The client's end; the feeder keeps it and closes it when freed. */
int
bench_feeder_get_client_fd (BenchFeeder *self)
{
  return self->client_fd;
}

/* The client's end, for a client that closes it itself. */
int
bench_feeder_steal_client_fd (BenchFeeder *self)
{
  int fd = self->client_fd;

  self->client_fd = -1;
  return fd;
}

static gboolean
send_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      /* MSG_NOSIGNAL: a client that gave up makes this fail with EPIPE
       * rather than kill the process. */
      gssize n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gpointer
feeder_thread (gpointer data)
{
  BenchFeeder *self = data;
  BenchStream *stream = bench_stream_new (self->n_messages);
  char *chunk = g_malloc (BENCH_CHUNK_SIZE);
  gsize n;

  if (self->pin)
    bench_pin_current_thread (1);
  while ((n = bench_stream_read (stream, chunk, BENCH_CHUNK_SIZE)) > 0)
    {
      if (!send_all (self->feeder_fd, chunk, n))
        {
          g_printerr ("feeder: %s\n", g_strerror (errno));
          break;
        }
    }
  shutdown (self->feeder_fd, SHUT_WR);

  self->bytes = bench_stream_get_bytes (stream);
  self->message_bytes = bench_stream_get_message_bytes (stream);
  g_free (chunk);
  bench_stream_free (stream);
  return NULL;
}

void
bench_feeder_start (BenchFeeder *self)
{
  g_return_if_fail (self->thread == NULL);
  self->thread = g_thread_new ("bench-feeder", feeder_thread, self);
}

/**
 * bench_feeder_join:
 * @self: a feeder
 * @message_bytes: (out) (optional): the bytes of the counted messages
 *
 * Waits until the feeder has written everything (or failed).
 *
 * Returns: the bytes it wrote
 */
guint64
bench_feeder_join (BenchFeeder *self, guint64 *message_bytes)
{
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
  if (message_bytes != NULL)
    *message_bytes = self->message_bytes;
  return self->bytes;
}

void
bench_feeder_free (BenchFeeder *self)
{
  if (self == NULL)
    return;
  /* Closing the client's end first makes a feeder stuck in send() fail. */
  if (self->client_fd >= 0)
    close (self->client_fd);
  bench_feeder_join (self, NULL);
  close (self->feeder_fd);
  g_free (self);
}

/* The XMPP server */

struct _BenchServer
{
  GPid pid;
  int out_fd;          /* its standard output */
  GString *output;
  guint16 port;
};

/* Reads the server's output until @until appears in it or it ends. */
static gboolean
read_server_output (BenchServer *self, const char *until)
{
  char buffer[512];

  while (until == NULL || strstr (self->output->str, until) == NULL)
    {
      gssize n = read (self->out_fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return until == NULL;
      g_string_append_len (self->output, buffer, n);
    }
  return TRUE;
}

/**
 * bench_server_spawn:
 * @options: the client's options: --messages, --outbound, --pin, --server
 * @argv0: the client's argv[0], to find bench-server next to it
 * @error: where to put an error
 *
 * Starts bench-server and waits until it listens.
 *
 * Returns: the server, or %NULL
 */
BenchServer *
bench_server_spawn (const BenchOptions *options, const char *argv0, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (argv0);
  g_autofree char *program = options->server != NULL ? g_strdup (options->server)
                                                      : g_build_filename (dir, "bench-server", NULL);
  g_autofree char *messages = g_strdup_printf ("%u", options->n_messages);
  const char *mode = options->server_mode != NULL ? options->server_mode
                                                 : options->outbound ? "outbound" : "inbound";
  const char *argv[] = { program, "--mode", mode,
                         "--messages", messages, options->pin ? "--pin-cpu=1" : NULL, NULL };
  BenchServer *self = g_new0 (BenchServer, 1);
  const char *line;

  self->out_fd = -1;
  self->output = g_string_new (NULL);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &self->pid, NULL, &self->out_fd, NULL, error))
    {
      bench_server_free (self);
      return NULL;
    }
  if (!read_server_output (self, "\n") || (line = strstr (self->output->str, "PORT ")) == NULL)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s did not start listening", program);
      bench_server_free (self);
      return NULL;
    }
  self->port = g_ascii_strtoull (line + strlen ("PORT "), NULL, 10);
  return self;
}

guint16
bench_server_get_port (BenchServer *self)
{
  return self->port;
}

/**
 * bench_server_finish:
 * @self: a server
 * @messages: (out): the messages it flooded or counted
 * @bytes: (out): the bytes it sent (inbound) or received (outbound)
 * @error: where to put an error
 *
 * Waits for the server to end (the client has closed its connection) and
 * reads its result.
 *
 * Returns: whether it ended well, by its own account
 */
gboolean
bench_server_finish (BenchServer *self, guint *messages, guint64 *bytes, GError **error)
{
  const char *result;
  const char *field;
  int status = 0;

  read_server_output (self, NULL);
  if (self->pid > 0)
    {
      waitpid (self->pid, &status, 0);
      g_spawn_close_pid (self->pid);
      self->pid = 0;
    }
  result = strstr (self->output->str, "RESULT server ");
  field = result != NULL ? strstr (result, " messages=") : NULL;
  *messages = field != NULL ? g_ascii_strtoull (field + strlen (" messages="), NULL, 10) : 0;
  field = result != NULL ? strstr (result, strstr (result, "mode=outbound") ? " bytes_in=" : " bytes_out=")
                         : NULL;
  *bytes = field != NULL ? g_ascii_strtoull (strchr (field, '=') + 1, NULL, 10) : 0;
  if (result == NULL || !g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "bench-server failed: %s",
                   result != NULL ? result : "no result");
      return FALSE;
    }
  return TRUE;
}

void
bench_server_free (BenchServer *self)
{
  if (self == NULL)
    return;
  if (self->pid > 0)
    {
      kill (self->pid, SIGTERM);
      waitpid (self->pid, NULL, 0);
      g_spawn_close_pid (self->pid);
    }
  if (self->out_fd >= 0)
    close (self->out_fd);
  g_string_free (self->output, TRUE);
  g_free (self);
}

/* Measurement */

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
bench_measure_resume (BenchMeasure *measure)
{
  measure->start_process_cpu = clock_ns (CLOCK_PROCESS_CPUTIME_ID);
  measure->start_thread_cpu = clock_ns (CLOCK_THREAD_CPUTIME_ID);
  measure->start_wall = clock_ns (CLOCK_MONOTONIC);
}

void
bench_measure_pause (BenchMeasure *measure)
{
  gint64 wall = clock_ns (CLOCK_MONOTONIC);
  gint64 thread_cpu = clock_ns (CLOCK_THREAD_CPUTIME_ID);
  gint64 process_cpu = clock_ns (CLOCK_PROCESS_CPUTIME_ID);

  measure->wall_ns += wall - measure->start_wall;
  measure->thread_cpu_ns += thread_cpu - measure->start_thread_cpu;
  measure->process_cpu_ns += process_cpu - measure->start_process_cpu;
}

/* Kept out of line under a fixed name: the callgrind mode of run-bench
 * counts only what runs inside it. */
G_GNUC_NO_INLINE void
bench_measured_call (BenchFunc func, gpointer data)
{
  func (data);
}

/* VmHWM: the most resident memory the process has had. */
static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  struct rusage usage;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nVmHWM:")) != NULL)
    return g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10);
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* One line for people and one line of key=value for run-bench. */
void
bench_report (const char         *client,
              const BenchOptions *options,
              guint               messages,
              guint64             bytes,
              guint64             message_bytes,
              const BenchMeasure *measure)
{
  double seconds = measure->wall_ns / 1e9;
  guint64 rss = peak_rss_kib ();

  g_print ("%s: %u messages %s(%" G_GUINT64_FORMAT
           " bytes in all) in %.3f s: %.0f messages/s, %.2f us CPU/message, peak RSS %.1f MiB\n",
           client, messages, options->outbound ? "sent " : "", bytes,
           seconds, seconds > 0 ? messages / seconds : 0.0,
           messages > 0 ? measure->thread_cpu_ns / 1e3 / messages : 0.0, rss / 1024.0);
  g_print ("RESULT client=%s mode=%s messages=%u bytes=%" G_GUINT64_FORMAT
           " message_bytes=%" G_GUINT64_FORMAT " wall_ns=%" G_GINT64_FORMAT
           " thread_cpu_ns=%" G_GINT64_FORMAT " process_cpu_ns=%" G_GINT64_FORMAT
           " peak_rss_kib=%" G_GUINT64_FORMAT " pinned=%d\n",
           client, options->outbound ? "outbound" : "inbound", messages, bytes, message_bytes,
           measure->wall_ns, measure->thread_cpu_ns,
           measure->process_cpu_ns, rss, options->pin);
}

/* Checks */

/**
 * bench_tally_message:
 * @tally: the handler's tally
 * @from: (nullable): the sender the handler read
 * @id: (nullable): the id
 * @body: (nullable): the body
 *
 * Counts one message read by an inbound handler, comparing every sample
 * message in full with what the generator wrote.
 *
 * Returns: %TRUE when it was the END message
 */
gboolean
bench_tally_message (BenchTally *tally, const char *from, const char *id, const char *body)
{
  guint index = tally->count;

  if (body != NULL && strcmp (body, BENCH_END_BODY) == 0)
    {
      tally->done = TRUE;
      return TRUE;
    }
  if (from == NULL || id == NULL || body == NULL || bench_message_is_sample (index))
    {
      g_autofree char *want_id = bench_message_dup_id (index);
      g_autofree char *want_body = bench_message_dup_body (index);
      const char *want_from = bench_message_from (index);

      if (g_strcmp0 (from, want_from) != 0 || g_strcmp0 (id, want_id) != 0 ||
          g_strcmp0 (body, want_body) != 0)
        {
          if (tally->mismatches == 0)
            g_printerr ("message %u: got from '%s' id '%s' body '%s', want '%s' '%s' '%s'\n",
                        index, from, id, body, want_from, want_id, want_body);
          tally->mismatches++;
        }
    }
  else
    tally->checksum += strlen (from) + strlen (id) + strlen (body);
  tally->count++;
  return FALSE;
}

/**
 * bench_conclude:
 * @client: the row's name
 * @options: the options
 * @server: the server, which this frees
 * @session_ok: whether the client logged in and saw END
 * @handled: messages the client read (inbound) or sent (outbound)
 * @mismatches: messages that were not what they should be
 * @error: (nullable): what went wrong on the client's side
 * @measure: the measured part
 *
 * Collects the server's count, prints the result lines and says whether
 * the run was right: all N messages handled on both sides.
 *
 * Returns: %TRUE when it was
 */
gboolean
bench_conclude (const char         *client,
                const BenchOptions *options,
                BenchServer        *server,
                gboolean            session_ok,
                guint               handled,
                guint               mismatches,
                const GError       *error,
                const BenchMeasure *measure)
{
  g_autoptr(GError) server_error = NULL;
  guint server_messages = 0;
  guint64 server_bytes = 0;
  gboolean ok;

  if (!bench_server_finish (server, &server_messages, &server_bytes, &server_error))
    g_printerr ("%s\n", server_error->message);
  bench_server_free (server);
  bench_report (client, options, handled, server_bytes, 0, measure);
  ok = session_ok && error == NULL && server_error == NULL && mismatches == 0 &&
       handled == options->n_messages && server_messages == options->n_messages;
  if (!ok)
    g_printerr ("FAILED: %u of %u messages, the server counted %u, %u wrong%s%s\n",
                handled, options->n_messages, server_messages, mismatches,
                error != NULL ? ": " : "", error != NULL ? error->message : "");
  return ok;
}
