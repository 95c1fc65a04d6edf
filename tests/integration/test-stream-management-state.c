/* test-stream-management-state.c: a XEP-0198 session saved by one client
 * and resumed by another process, against the server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet reaches the server through a TCP relay of ours (relay.h) and
 * sends numbered messages to romeo. The relay first stops passing the
 * server's bytes (so that acknowledgements are lost while messages still
 * arrive), then cuts the connection without closing the stream; juliet
 * sends more while it is down, saves the session with
 * sleek_stream_management_save_state() to a file and is dropped. This
 * same program, run again as a child process with --resume-from FILE,
 * loads the file into a new client, which resumes the session: the
 * messages the server had handled do not go again, those it never got do,
 * and romeo gets every message exactly once, in order.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"
#include "relay.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIRST_ACKED 10      /* sent and acknowledged */
#define THEN_UNACKED 5      /* sent, handled, acknowledgement lost */
#define THEN_HELD 5         /* sent while the connection is down */
#define TOTAL (FIRST_ACKED + THEN_UNACKED + THEN_HELD)

typedef struct {
  GMainContext *ctx;
  Relay *relay;
  char *token;                  /* in every body of this run */
  GArray *received;             /* the sequence numbers romeo got, in order */
} Fixture;

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  const char *body = sleek_message_get_body (message);
  gsize len = strlen (f->token);
  guint seq;

  if (body == NULL || strncmp (body, f->token, len) != 0 || body[len] != ':')
    return;
  seq = (guint) strtoul (body + len + 1, NULL, 10);
  g_array_append_val (f->received, seq);
}

static void
send_numbered (SleekClientXmpp *client, const char *token, const char *to, guint first, guint count)
{
  for (guint i = first; i < first + count; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s:%u", token, i);

      sleek_base_xmpp_send_message (SLEEK_BASE_XMPP (client), to, body, "chat");
    }
}

static void
on_resumed (SleekStreamManagement *sm, gboolean *resumed)
{
  *resumed = TRUE;
}

/* The child: loads the state in @path into a new client for juliet,
 * resumes, and waits until the server has acknowledged everything. */
static int
resume_from (const char *path)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  g_autoptr(SleekClientXmpp) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) state = NULL;
  SleekStreamManagement *sm;
  gboolean resumed = FALSE;
  gsize length;

  g_main_context_push_thread_default (ctx);
  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("Cannot read the saved state: %s", error->message);
  state = g_bytes_new_take (g_steal_pointer (&contents), length);
  client = client_util_new ("juliet");
  g_object_set (client, "auto-reconnect", FALSE, NULL);
  sm = client_util_enable (client, "xep_0198");
  if (!sleek_stream_management_load_state (sm, state, &error))
    g_error ("Cannot load the saved state: %s", error->message);
  g_signal_connect (sm, "resumed", G_CALLBACK (on_resumed), &resumed);
  if (!client_util_login (client, &error))
    g_error ("Cannot log in: %s", error->message);
  if (!resumed)
    g_error ("The session was not resumed");
  sleek_stream_management_request_ack (sm);
  WAIT_UNTIL (sleek_stream_management_get_unacked (sm) == 0, CLIENT_UTIL_TIMEOUT);
  g_print ("resumed as %s, %u stanzas sent in the session\n",
           sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client))),
           sleek_stream_management_get_sent (sm));
  client_util_disconnect (client);
  g_main_context_pop_thread_default (ctx);
  return 0;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *resource = client_util_resource ();

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->relay = relay_new (prosody_env_port ("SLEEK_TEST_C2S_PORT"));
  f->token = g_strdup_printf ("%s-%08x", resource, g_random_int ());
  f->received = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  relay_free (f->relay);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_free (f->token);
  g_array_unref (f->received);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

/* Juliet's part: the session, cut, saved to a file whose name comes
 * back. */
static char *
save_juliet (Fixture *f, const char *romeo_jid)
{
  g_autoptr(SleekClientXmpp) juliet = client_util_new ("juliet");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) state = NULL;
  SleekStreamManagement *sm;
  char *path = NULL;
  int fd;

  g_object_set (juliet, "auto-reconnect", FALSE, "server-host", "127.0.0.1",
                "server-port", (guint) relay_get_port (f->relay), NULL);
  sm = client_util_enable (juliet, "xep_0198");
  /* Acknowledgements only when asked for. */
  g_object_set (sm, "ack-interval", 0, "ack-delay", 600000, NULL);
  g_assert_true (client_util_login (juliet, &error));
  g_assert_no_error (error);
  g_assert_true (sleek_stream_management_get_resumable (sm));

  send_numbered (juliet, f->token, romeo_jid, 0, FIRST_ACKED);
  sleek_stream_management_request_ack (sm);
  WAIT_UNTIL (sleek_stream_management_get_unacked (sm) == 0, CLIENT_UTIL_TIMEOUT);

  /* The server gets these, but its acknowledgements never come. */
  relay_freeze (f->relay);
  send_numbered (juliet, f->token, romeo_jid, FIRST_ACKED, THEN_UNACKED);
  sleek_stream_management_request_ack (sm);
  WAIT_UNTIL (f->received->len == FIRST_ACKED + THEN_UNACKED, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (sleek_stream_management_get_unacked (sm), ==, THEN_UNACKED);

  /* Cut without a closing tag: the server keeps the session. */
  relay_cut (f->relay);
  WAIT_UNTIL (!sleek_xml_stream_is_connected (SLEEK_XML_STREAM (juliet)), CLIENT_UTIL_TIMEOUT);
  g_assert_true (sleek_stream_management_get_resumable (sm));
  send_numbered (juliet, f->token, romeo_jid, FIRST_ACKED + THEN_UNACKED, THEN_HELD);
  g_assert_cmpuint (sleek_stream_management_get_unacked (sm), ==, THEN_UNACKED + THEN_HELD);

  state = sleek_stream_management_save_state (sm, &error);
  g_assert_no_error (error);
  fd = g_file_open_tmp ("sleek-sm-state-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (state, NULL), (gssize) g_bytes_get_size (state),
                                      &error));
  g_assert_no_error (error);
  /* This client does not resume the session too. */
  sleek_xml_stream_abort (SLEEK_XML_STREAM (juliet));
  return path;
}

static void
test_resume_in_child (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekClientXmpp) romeo = client_util_new_logged_in ("romeo");
  g_autofree char *romeo_jid = g_strdup (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (romeo))));
  g_autofree char *path = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  g_signal_connect (romeo, "message::chat", G_CALLBACK (on_message), f);
  path = save_juliet (f, romeo_jid);
  g_assert_nonnull (self_exe);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--resume-from", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT * 2);
  g_assert_true (g_subprocess_communicate_utf8_finish (child, result, &output, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("child: %s", output);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_assert_nonnull (strstr (output, "resumed as "));

  /* Everything exactly once, in order. */
  WAIT_UNTIL (f->received->len >= TOTAL, CLIENT_UTIL_TIMEOUT);
  client_util_ping_server (romeo);
  g_assert_cmpuint (f->received->len, ==, TOTAL);
  for (guint i = 0; i < TOTAL; i++)
    g_assert_cmpuint (g_array_index (f->received, guint, i), ==, i);
  client_util_disconnect (romeo);
  g_unlink (path);
}

int
main (int argc, char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--resume-from") == 0)
    return resume_from (argv[2]);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/stream-management/state/resume-in-child", Fixture, NULL, fixture_setup, test_resume_in_child,
              fixture_teardown);
  return g_test_run ();
}
