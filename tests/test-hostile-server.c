/* test-hostile-server.c: a real client against a scripted, hostile server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A server thread listens on 127.0.0.1 (plain TCP, or TLS with a
 * certificate made here with GnuTLS) and plays one script per case with
 * blocking I/O: XML that RFC 6120 forbids, stanzas past the limits, a
 * stalled or trickling peer, spoofed answers, missing or tampered
 * security. A real SleekClientXmpp connects to it with connect_async. Each
 * case must end in a clear error or be ignored as the RFCs say, within a
 * bounded time, and the process's resident set may not grow by 64 MiB or
 * more.
 *
 * Whitespace: between stanzas it is a legal keepalive (RFC 6120 section
 * 4.6.1), so in a session the client ignores any amount of it, at no
 * memory cost; the application's keepalive or XEP-0199 pings decide
 * whether the server is alive. Before the session,
 * SleekClientXmpp:connect-timeout bounds a login that never progresses,
 * whitespace or a header trickled a byte a second alike.
 *
 * Under valgrind the hundred thousand stanzas case is skipped (it runs
 * natively and under AddressSanitizer), and the resident set, mostly
 * valgrind's own there, is reported but not checked; under
 * AddressSanitizer the live heap's growth is checked instead of it.
 */
#include <sleek/sleek.h>

#include "tls-test-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() FALSE
#endif

/* AddressSanitizer keeps up to 256 MiB of freed memory in quarantine, in
 * the resident set: there the live heap, from its allocator, is what is
 * checked. (GCC ships no header for this sanitizer interface.) */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifdef UNDER_ASAN
size_t __sanitizer_get_current_allocated_bytes (void);
#endif

#define RSS_LIMIT_KB (64 * 1024)

#define SERVER_HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='h%u' version='1.0'>"
#define STREAM_OPEN "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " \
  "from='example.com' id='h1' version='1.0'>"
#define FEATURES_PLAIN "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
#define FEATURES_BIND "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
#define FEATURES_SCRAM "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>SCRAM-SHA-1</mechanism><mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>"
#define NS_STREAMS "urn:ietf:params:xml:ns:xmpp-streams"

typedef struct _Hostile Hostile;
typedef void (*Script) (Hostile *h);

/* The server. The thread owns everything but the fields the test reads
 * after joining it. */
struct _Hostile {
  GSocketListener *listener;
  guint16 port;
  GThread *thread;
  GCancellable *cancellable;
  GTlsCertificate *certificate;   /* direct TLS when set */
  Script script;
  GIOStream *conn;
  GString *in;                    /* what the client sent, not yet consumed */
  guint headers;

  /* For the test, after the join. */
  GString *transcript;            /* everything the client sent */
  char *client_first;             /* SASL: the client's first message, decoded */
  char *note;                     /* why the script stopped early, if it did */
  gint finished;                  /* atomic: the thread is about to return */
  GMainContext *ctx;              /* the test's, woken up when it is */
};

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *client;
  Hostile *server;
  GAsyncResult *result;
  gboolean disconnected;
  GError *disconnect_error;
  guint messages;
  guint roster_updates;
  gint64 rss_before;
  gboolean peak_reset;
  gint64 heap_before;             /* under ASan: live heap bytes */
} Fixture;

/* ------------------------------------------------------------------ */
/* Memory and time                                                    */
/* ------------------------------------------------------------------ */

/* @field of /proc/self/status, in kB: VmRSS (now) or VmHWM (the peak). */
static gint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? g_ascii_strtoll (line + strlen (field), NULL, 10) : -1;
}

/* Starts a case's measure: the peak is reset to the current RSS where
 * the kernel allows it (clear_refs 5), so VmHWM afterwards is this
 * case's own peak. */
static gint64
rss_start (gboolean *peak_reset)
{
  FILE *clear_refs = fopen ("/proc/self/clear_refs", "w");

  *peak_reset = clear_refs != NULL && fputs ("5", clear_refs) >= 0;
  if (clear_refs != NULL && fclose (clear_refs) != 0)
    *peak_reset = FALSE;
  return status_kb ("VmRSS:");
}

static gboolean
timed_out (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Iterates the test's context until @done holds, at most @seconds;
 * whether it holds. */
static gboolean
iterate_until (Fixture *f, guint seconds, Condition done, gconstpointer data)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (timer, timed_out, &expired, NULL);
  g_source_attach (timer, f->ctx);
  while (!done (f, data) && !expired)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  return done (f, data);
}

static gboolean
flag_set (Fixture *f, gconstpointer flag)
{
  return *(const gboolean *) flag;
}

static gboolean
pointer_set (Fixture *f, gconstpointer pointer)
{
  return *(gconstpointer const *) pointer != NULL;
}

/* Until *@flag is set, at most @seconds. */
static gboolean
wait_for (Fixture *f, const gboolean *flag, guint seconds)
{
  return iterate_until (f, seconds, flag_set, flag);
}

/* ------------------------------------------------------------------ */
/* The server's side                                                  */
/* ------------------------------------------------------------------ */

static void
stop (Hostile *h, const char *why)
{
  if (h->note == NULL)
    h->note = g_strdup (why);
}

/* Reads until the unconsumed input holds @marker (and @then after it);
 * FALSE on EOF, error or cancellation. */
static gboolean
read_until (Hostile *h, const char *marker, const char *then)
{
  GInputStream *in = g_io_stream_get_input_stream (h->conn);

  for (;;)
    {
      const char *found = strstr (h->in->str, marker);
      char chunk[16384];
      gssize n;

      if (found != NULL && (then == NULL || strstr (found + strlen (marker), then) != NULL))
        return TRUE;
      n = g_input_stream_read (in, chunk, sizeof chunk - 1, h->cancellable, NULL);
      if (n <= 0)
        {
          stop (h, marker);
          return FALSE;
        }
      g_string_append_len (h->in, chunk, n);
      g_string_append_len (h->transcript, chunk, n);
    }
}

/* Drops the input up to the end of @marker's element, as far as @end. */
static void
consume (Hostile *h, const char *end)
{
  const char *at = strstr (h->in->str, end);

  g_assert_nonnull (at);
  g_string_erase (h->in, 0, at + strlen (end) - h->in->str);
}

static gboolean
send_len (Hostile *h, const char *data, gsize len)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (h->conn), data, len, NULL, h->cancellable, NULL);
}

static gboolean
send_text (Hostile *h, const char *text)
{
  return send_len (h, text, strlen (text));
}

/* Reads until the client has closed or aborted (or 20 s have passed). */
static void
drain (Hostile *h)
{
  GInputStream *in = g_io_stream_get_input_stream (h->conn);
  char chunk[4096];
  gssize n;

  while ((n = g_input_stream_read (in, chunk, sizeof chunk, h->cancellable, NULL)) > 0)
    g_string_append_len (h->transcript, chunk, n);
}

/* The value of the attribute @name in the first element of the input
 * that starts with @element. */
static char *
attribute_of (Hostile *h, const char *element, const char *name)
{
  const char *start = strstr (h->in->str, element);
  const char *end = start != NULL ? strchr (start, '>') : NULL;
  g_autofree char *pattern = g_strdup_printf (" %s='", name);
  const char *value;
  const char *close;

  if (end == NULL)
    return NULL;
  value = g_strstr_len (start, end - start, pattern);
  if (value == NULL)
    return NULL;
  value += strlen (pattern);
  close = strchr (value, '\'');
  return close != NULL ? g_strndup (value, close - value) : NULL;
}

/* Waits for the client's stream header and answers with ours and
 * @features (not sent when NULL). */
static gboolean
open_stream (Hostile *h, const char *features)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER, ++h->headers);

  if (!read_until (h, "<stream:stream", ">"))
    return FALSE;
  consume (h, ">");
  return send_text (h, header) && (features == NULL || send_text (h, features));
}

/* PLAIN in the clear, then binding: the session starts. */
static gboolean
login (Hostile *h)
{
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  if (!open_stream (h, FEATURES_PLAIN) || !read_until (h, "<auth", "</auth>"))
    return FALSE;
  consume (h, "</auth>");
  if (!send_text (h, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>") || !open_stream (h, FEATURES_BIND) ||
      !read_until (h, "<iq", "</iq>"))
    return FALSE;
  id = attribute_of (h, "<iq", "id");
  consume (h, "</iq>");
  reply = g_strdup_printf ("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<jid>juliet@example.com/balcony</jid></bind></iq>", id);
  return send_text (h, reply);
}

static gpointer
server_thread (gpointer user_data)
{
  Hostile *h = user_data;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = g_socket_listener_accept (h->listener, NULL, h->cancellable, &error);
  if (conn == NULL)
    {
      stop (h, error->message);
      g_atomic_int_set (&h->finished, 1);
      return NULL;
    }
  /* No blocking call here waits longer. */
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 20);
  if (h->certificate != NULL)
    {
      g_autoptr(GIOStream) tls = g_tls_server_connection_new (G_IO_STREAM (conn), h->certificate, &error);

      if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), h->cancellable, &error))
        {
          stop (h, error->message);
          g_atomic_int_set (&h->finished, 1);
          return NULL;
        }
      h->conn = g_steal_pointer (&tls);
    }
  else
    h->conn = G_IO_STREAM (g_object_ref (conn));
  h->script (h);
  g_io_stream_close (h->conn, NULL, NULL);
  g_clear_object (&h->conn);
  g_atomic_int_set (&h->finished, 1);
  g_main_context_wakeup (h->ctx);
  return NULL;
}

static Hostile *
hostile_start (GMainContext *ctx, Script script, gboolean tls)
{
  Hostile *h = g_new0 (Hostile, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  h->listener = g_socket_listener_new ();
  g_socket_listener_add_address (h->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  h->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  h->cancellable = g_cancellable_new ();
  h->in = g_string_new (NULL);
  h->transcript = g_string_new (NULL);
  h->script = script;
  h->ctx = g_main_context_ref (ctx);
  if (tls)
    h->certificate = tls_test_make_certificate ("example.com");
  h->thread = g_thread_new ("hostile-server", server_thread, h);
  return h;
}

/* Stops the server (if still running) and waits for its thread. */
static void
hostile_join (Hostile *h)
{
  if (h->thread == NULL)
    return;
  g_cancellable_cancel (h->cancellable);
  g_socket_listener_close (h->listener);
  g_thread_join (h->thread);
  h->thread = NULL;
}

static void
hostile_free (Hostile *h)
{
  hostile_join (h);
  g_object_unref (h->listener);
  g_object_unref (h->cancellable);
  g_clear_object (&h->certificate);
  g_main_context_unref (h->ctx);
  g_string_free (h->in, TRUE);
  g_string_free (h->transcript, TRUE);
  g_free (h->client_first);
  g_free (h->note);
  g_free (h);
}

/* ------------------------------------------------------------------ */
/* The client's side                                                  */
/* ------------------------------------------------------------------ */

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
  g_clear_error (&f->disconnect_error);
  if (error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, Fixture *f)
{
  f->messages++;
}

static void
on_roster_update (SleekBaseXmpp *xmpp, SleekRosterItem *item, Fixture *f)
{
  f->roster_updates++;
}

static gboolean
accept_any_certificate (SleekClientXmpp *client, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                        gpointer user_data)
{
  /* The test's own self-signed certificate: nothing else is offered. */
  return TRUE;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->client = sleek_client_xmpp_new ("juliet@example.com/balcony", "secret");
  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_NONE, "allow-plaintext", TRUE, "keepalive-interval", 0,
                "server-host", "127.0.0.1", "connect-timeout", 15, NULL);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->client, "message", G_CALLBACK (on_message), f);
  g_signal_connect (f->client, "roster-update", G_CALLBACK (on_roster_update), f);
  g_signal_connect (f->client, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  f->rss_before = rss_start (&f->peak_reset);
#ifdef UNDER_ASAN
  f->heap_before = (gint64) __sanitizer_get_current_allocated_bytes ();
#endif
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->client != NULL)
    sleek_xml_stream_abort (SLEEK_XML_STREAM (f->client));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  if (f->server != NULL)
    hostile_free (f->server);
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  g_clear_error (&f->disconnect_error);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

/* Starts @script on a fresh server and connects the client to it. */
static void
start (Fixture *f, Script script, gboolean tls)
{
  f->server = hostile_start (f->ctx, script, tls);
  g_object_set (f->client, "server-port", (guint) f->server->port, NULL);
  if (tls)
    g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_DIRECT, NULL);
  sleek_client_xmpp_connect_async (f->client, NULL, store_result, f);
}

/* Waits for the login to end, at most @seconds; its result. */
static gboolean
login_result (Fixture *f, guint seconds, GError **error)
{
  iterate_until (f, seconds, pointer_set, &f->result);
  g_assert_nonnull (f->result);
  return sleek_client_xmpp_connect_finish (f->client, f->result, error);
}

static void
logged_in (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (login_result (f, 15, &error));
  g_assert_no_error (error);
}

/* The session ends, within @seconds, with a stream error: returns its
 * code. */
static int
session_stream_error (Fixture *f, guint seconds)
{
  g_assert_true (wait_for (f, &f->disconnected, seconds));
  g_assert_nonnull (f->disconnect_error);
  g_test_message ("disconnected: %s", f->disconnect_error->message);
  g_assert_true (f->disconnect_error->domain == SLEEK_STREAM_ERROR);
  return f->disconnect_error->code;
}

/* Lets the script run to its end (the client closes its side, which
 * ends the server's last read) for at most 10 s, then stops it. */
static gboolean
server_finished (Fixture *f, gconstpointer data)
{
  return g_atomic_int_get (&f->server->finished);
}

static void
server_done (Fixture *f)
{
  iterate_until (f, 10, server_finished, NULL);
  hostile_join (f->server);
}

/* The client told the server what was wrong before it went. */
static void
assert_told (Fixture *f, const char *condition)
{
  g_autofree char *element = g_strdup_printf ("<%s xmlns='" NS_STREAMS "'/>", condition);

  server_done (f);
  g_assert_nonnull (strstr (f->server->transcript->str, "<stream:error>"));
  g_assert_nonnull (strstr (f->server->transcript->str, element));
}

static void
check_rss (Fixture *f)
{
  gint64 after = status_kb ("VmRSS:");
  gint64 peak = status_kb ("VmHWM:");

  g_test_message ("VmRSS %" G_GINT64_FORMAT " kB before, %" G_GINT64_FORMAT " kB after (%+" G_GINT64_FORMAT " kB); "
                  "peak %" G_GINT64_FORMAT " kB%s", f->rss_before, after, after - f->rss_before, peak,
                  f->peak_reset ? " (this case's)" : " (the process's: clear_refs refused)");
  g_assert_cmpint (f->rss_before, >, 0);
  /* Under valgrind the resident set is mostly valgrind's own (shadow
   * memory, translated code): memcheck's leak check stands in for it. */
  if (UNDER_VALGRIND ())
    return;
#ifdef UNDER_ASAN
  {
    gint64 heap_after = (gint64) __sanitizer_get_current_allocated_bytes ();

    g_test_message ("live heap %+" G_GINT64_FORMAT " kB", (heap_after - f->heap_before) / 1024);
    g_assert_cmpint ((heap_after - f->heap_before) / 1024, <, RSS_LIMIT_KB);
    return;
  }
#endif
  g_assert_cmpint (after - f->rss_before, <, RSS_LIMIT_KB);
  if (f->peak_reset)
    g_assert_cmpint (peak - f->rss_before, <, RSS_LIMIT_KB);
}

static gboolean
skip_under_valgrind (void)
{
  if (!UNDER_VALGRIND ())
    return FALSE;
  g_test_skip ("a hundred thousand stanzas take half a minute under valgrind; "
               "the case runs natively and under AddressSanitizer");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Forbidden XML (RFC 6120 section 11.1)                              */
/* ------------------------------------------------------------------ */

static void
script_billion_laughs (Hostile *h)
{
  GString *doc = g_string_new ("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY l0 'lol'>");

  for (guint i = 1; i < 10; i++)
    {
      g_string_append_printf (doc, "<!ENTITY l%u '", i);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (doc, "&l%u;", i - 1);
      g_string_append (doc, "'>");
    }
  g_string_append (doc, "]>" STREAM_OPEN FEATURES_PLAIN "<message><body>&l9;</body></message>");
  if (read_until (h, "<stream:stream", ">"))
    send_text (h, doc->str);
  g_string_free (doc, TRUE);
  drain (h);
}

/* The login fails with <restricted-xml/>, which the client also sends. */
static void
expect_restricted_login (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (login_result (f, 15, &error));
  g_test_message ("login failed: %s", error->message);
  g_assert_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_RESTRICTED_XML);
  assert_told (f, "restricted-xml");
  check_rss (f);
}

static void
test_billion_laughs (Fixture *f, gconstpointer data)
{
  start (f, script_billion_laughs, GPOINTER_TO_INT (data));
  expect_restricted_login (f);
}

static void
script_external_entity (Hostile *h)
{
  if (read_until (h, "<stream:stream", ">"))
    send_text (h, "<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                  STREAM_OPEN FEATURES_PLAIN "<message><body>&xxe;</body></message>");
  drain (h);
}

static void
test_external_entity (Fixture *f, gconstpointer data)
{
  start (f, script_external_entity, FALSE);
  expect_restricted_login (f);
}

/* In a session: a stanza carrying a processing instruction. */
static void
script_processing_instruction (Hostile *h)
{
  if (login (h))
    send_text (h, "<message from='romeo@example.com/orchard'><?php system('rm -rf /'); ?><body>hi</body></message>");
  drain (h);
}

static void
test_processing_instruction (Fixture *f, gconstpointer data)
{
  start (f, script_processing_instruction, FALSE);
  logged_in (f);
  g_assert_cmpint (session_stream_error (f, 10), ==, SLEEK_STREAM_ERROR_RESTRICTED_XML);
  g_assert_cmpuint (f->messages, ==, 0);
  assert_told (f, "restricted-xml");
  check_rss (f);
}

/* In a session: a comment between two stanzas. */
static void
script_comment (Hostile *h)
{
  if (login (h))
    send_text (h, "<message from='romeo@example.com/orchard'><body>one</body></message>"
                  "<!-- a comment -->"
                  "<message from='romeo@example.com/orchard'><body>two</body></message>");
  drain (h);
}

static void
test_comment (Fixture *f, gconstpointer data)
{
  start (f, script_comment, FALSE);
  logged_in (f);
  g_assert_cmpint (session_stream_error (f, 10), ==, SLEEK_STREAM_ERROR_RESTRICTED_XML);
  /* The stanza before the comment was fine; nothing after it counts. */
  g_assert_cmpuint (f->messages, ==, 1);
  assert_told (f, "restricted-xml");
  check_rss (f);
}

/* ------------------------------------------------------------------ */
/* Size, depth and breadth                                            */
/* ------------------------------------------------------------------ */

/* A 10 MB stanza, written until the client stops reading. */
static void
script_huge_stanza (Hostile *h)
{
  g_autofree char *filler = g_malloc (65536);

  memset (filler, 'a', 65536);
  if (login (h) && send_text (h, "<message from='romeo@example.com/orchard'><body>"))
    {
      for (guint i = 0; i < 160; i++)
        if (!send_len (h, filler, 65536))
          break;
      send_text (h, "</body></message>");
    }
  drain (h);
}

static void
test_huge_stanza (Fixture *f, gconstpointer data)
{
  start (f, script_huge_stanza, FALSE);
  logged_in (f);
  g_assert_cmpint (session_stream_error (f, 20), ==, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
  g_assert_cmpuint (f->messages, ==, 0);
  assert_told (f, "policy-violation");
  check_rss (f);
}

/* <a><a><a>... 100,000 deep. */
static void
script_deep (Hostile *h)
{
  GString *open = g_string_new ("<message from='romeo@example.com/orchard'>");

  for (guint i = 0; i < 100000; i++)
    g_string_append (open, "<a>");
  if (login (h))
    send_len (h, open->str, open->len);
  g_string_free (open, TRUE);
  drain (h);
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  start (f, script_deep, FALSE);
  logged_in (f);
  g_assert_cmpint (session_stream_error (f, 20), ==, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
  assert_told (f, "policy-violation");
  check_rss (f);
}

/* 100,000 stanzas, each with an element name and a namespace of its own:
 * all legal, all delivered, and the parser's name dictionary may not grow
 * with them. */
#define N_DISTINCT 100000

static void
script_distinct_names (Hostile *h)
{
  GString *batch = g_string_new (NULL);
  gboolean ok = login (h);

  for (guint i = 0; ok && i < N_DISTINCT; i++)
    {
      g_string_append_printf (batch, "<message from='romeo@example.com/orchard'><x%u xmlns='urn:hostile:%u' a%u='%u'/>"
                              "</message>", i, i, i, i);
      if (batch->len > 65536 || i == N_DISTINCT - 1)
        {
          ok = send_len (h, batch->str, batch->len);
          g_string_truncate (batch, 0);
        }
    }
  if (ok)
    send_text (h, "</stream:stream>");
  g_string_free (batch, TRUE);
  drain (h);
}

static void
test_distinct_names (Fixture *f, gconstpointer data)
{
  if (skip_under_valgrind ())
    return;
  start (f, script_distinct_names, FALSE);
  logged_in (f);
  g_assert_true (wait_for (f, &f->disconnected, 60));
  /* The server closed its stream cleanly after the last one. */
  g_assert_no_error (f->disconnect_error);
  g_assert_cmpuint (f->messages, ==, N_DISTINCT);
  check_rss (f);
}

/* ------------------------------------------------------------------ */
/* Bytes that are not XML                                             */
/* ------------------------------------------------------------------ */

static void
script_invalid_utf8 (Hostile *h)
{
  if (login (h))
    send_text (h, "<message from='romeo@example.com/orchard'><body>caf\xc3 \xff\xfe \xed\xa0\x80</body></message>");
  drain (h);
}

static void
test_invalid_utf8 (Fixture *f, gconstpointer data)
{
  int code;

  start (f, script_invalid_utf8, FALSE);
  logged_in (f);
  code = session_stream_error (f, 10);
  g_assert_true (code == SLEEK_STREAM_ERROR_NOT_WELL_FORMED || code == SLEEK_STREAM_ERROR_BAD_FORMAT);
  g_assert_cmpuint (f->messages, ==, 0);
  server_done (f);
  g_assert_nonnull (strstr (f->server->transcript->str, "<stream:error>"));
  check_rss (f);
}

/* A stream error opened inside a stanza: the stanza never completes. */
static void
script_error_in_stanza (Hostile *h)
{
  if (login (h))
    send_text (h, "<message from='romeo@example.com/orchard'><body>half a mess"
                  "<stream:error><system-shutdown xmlns='" NS_STREAMS "'/></stream:error></stream:stream>");
  drain (h);
}

static void
test_error_in_stanza (Fixture *f, gconstpointer data)
{
  int code;

  start (f, script_error_in_stanza, FALSE);
  logged_in (f);
  code = session_stream_error (f, 10);
  /* Nested in a message, it is no stream error of the server's: the
   * unbalanced </stream:stream> makes the stream ill-formed. */
  g_assert_cmpint (code, ==, SLEEK_STREAM_ERROR_NOT_WELL_FORMED);
  g_assert_cmpuint (f->messages, ==, 0);
  check_rss (f);
}

/* ------------------------------------------------------------------ */
/* Stalling                                                           */
/* ------------------------------------------------------------------ */

/* The stream header, one byte a second, for as long as the client
 * listens. */
static void
script_dribble (Hostile *h)
{
  g_autofree char *header = g_strdup_printf (SERVER_HEADER FEATURES_PLAIN, 1u);

  if (!read_until (h, "<stream:stream", ">"))
    return;
  for (const char *p = header; *p != '\0'; p++)
    {
      if (!send_len (h, p, 1))
        return;
      for (guint i = 0; i < 20; i++)
        {
          if (g_cancellable_is_cancelled (h->cancellable))
            return;
          g_usleep (G_USEC_PER_SEC / 20);
        }
    }
  drain (h);
}

static void
test_dribble (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double elapsed;

  g_object_set (f->client, "connect-timeout", 2, NULL);
  start (f, script_dribble, FALSE);
  g_assert_false (login_result (f, 10, &error));
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("login failed after %.2f s: %s", elapsed, error->message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (elapsed, >=, 1.9);
  g_assert_cmpfloat (elapsed, <, 5.0);
  check_rss (f);
}

/* The connection is accepted, and the server says nothing at all. */
static void
script_mute (Hostile *h)
{
  drain (h);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* The application gives up on a mute server: with nothing under way that
 * takes the cancellable (the client waits for the stream header), the
 * login still ends at once. */
static void
test_mute_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GSource *later = g_timeout_source_new (300);
  gint64 started = g_get_monotonic_time ();
  double elapsed;

  f->server = hostile_start (f->ctx, script_mute, FALSE);
  g_object_set (f->client, "server-port", (guint) f->server->port, NULL);
  sleek_client_xmpp_connect_async (f->client, cancellable, store_result, f);
  g_source_set_callback (later, cancel_now, cancellable, NULL);
  g_source_attach (later, f->ctx);
  g_source_unref (later);
  g_assert_false (login_result (f, 10, &error));
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("login ended after %.2f s: %s", elapsed, error->message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (elapsed, <, 3.0);
  g_assert_false (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (f->client)));
  check_rss (f);
}

/* A stream header, then nothing but whitespace, as fast as it goes. */
static void
script_whitespace_login (Hostile *h)
{
  g_autofree char *spaces = g_malloc (65536);

  memset (spaces, ' ', 65536);
  if (open_stream (h, NULL))
    while (send_len (h, spaces, 65536))
      ;
  drain (h);
}

static void
test_whitespace_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double elapsed;

  g_object_set (f->client, "connect-timeout", 2, NULL);
  start (f, script_whitespace_login, FALSE);
  g_assert_false (login_result (f, 10, &error));
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("login failed after %.2f s: %s", elapsed, error->message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (elapsed, <, 5.0);
  check_rss (f);
}

/* In a session: a second of whitespace flood (RFC 6120 keepalives, all
 * legal), then a message, which must still arrive. */
static void
script_whitespace_session (Hostile *h)
{
  g_autofree char *spaces = g_malloc (65536);
  gint64 until;
  gboolean ok;

  memset (spaces, '\n', 65536);
  ok = login (h);
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (ok && g_get_monotonic_time () < until)
    ok = send_len (h, spaces, 65536);
  if (ok)
    send_text (h, "<message from='romeo@example.com/orchard'><body>still here</body></message>");
  drain (h);
}

static gboolean
message_or_end (Fixture *f, gconstpointer data)
{
  return f->messages > 0 || f->disconnected;
}

static void
test_whitespace_session (Fixture *f, gconstpointer data)
{
  start (f, script_whitespace_session, FALSE);
  logged_in (f);
  iterate_until (f, 30, message_or_end, NULL);
  g_assert_cmpuint (f->messages, ==, 1);
  g_assert_false (f->disconnected);
  check_rss (f);
}

/* ------------------------------------------------------------------ */
/* Answers from the wrong party, and no answer at all                 */
/* ------------------------------------------------------------------ */

static void
script_silent (Hostile *h)
{
  if (login (h))
    read_until (h, "<iq", "</iq>");
  drain (h);
}

static void
store_iq (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Sends a version request to romeo's full JID and waits for its end. */
static SleekIq *
version_request (Fixture *f, guint timeout_ms, GError **error)
{
  g_autoptr(SleekNode) query = sleek_node_new ("query", "jabber:iq:version");
  g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (f->client), "get", "romeo@example.com/orchard",
                                                   query);
  g_autoptr(GAsyncResult) result = NULL;

  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (f->client), iq, timeout_ms, NULL, store_iq, &result);
  iterate_until (f, 10, pointer_set, &result);
  g_assert_nonnull (result);
  return sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (f->client), result, error);
}

static void
test_iq_unanswered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = NULL;
  gint64 started;
  double elapsed;

  start (f, script_silent, FALSE);
  logged_in (f);
  started = g_get_monotonic_time ();
  answer = version_request (f, 300, &error);
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (elapsed, >=, 0.25);
  g_assert_cmpfloat (elapsed, <, 3.0);
  g_assert_false (f->disconnected);
  check_rss (f);
}

/* Answers from a stranger, from the server, from romeo's other resource,
 * then the real one. */
static void
script_spoofed_answers (Hostile *h)
{
  g_autofree char *id = NULL;
  g_autofree char *replies = NULL;

  if (!login (h) || !read_until (h, "<iq", "</iq>"))
    {
      drain (h);
      return;
    }
  id = attribute_of (h, "<iq", "id");
  consume (h, "</iq>");
#define VERSION_RESULT(from, name) \
  "<iq type='result' " from " id='%1$s'><query xmlns='jabber:iq:version'><name>" name "</name></query></iq>"
  replies = g_strdup_printf (VERSION_RESULT ("from='mallory@evil.example/x'", "stranger")
                             VERSION_RESULT ("", "no from")
                             VERSION_RESULT ("from='example.com'", "server")
                             VERSION_RESULT ("from='romeo@example.com/balcony'", "other resource")
                             VERSION_RESULT ("from='romeo@example.com/orchard'", "real"), id);
#undef VERSION_RESULT
  send_text (h, replies);
  drain (h);
}

static void
test_iq_spoofed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = NULL;
  SleekNode *query;

  start (f, script_spoofed_answers, FALSE);
  logged_in (f);
  answer = version_request (f, 5000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  query = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query", "jabber:iq:version");
  g_assert_nonnull (query);
  g_assert_cmpstr (sleek_node_get_child_text (query, "name", "jabber:iq:version"), ==, "real");
  g_assert_false (f->disconnected);
  check_rss (f);
}

/* A roster push from a stranger (RFC 6121 section 2.1.6: ignored), then
 * one from the server (accepted). */
static void
script_roster_push (Hostile *h)
{
  if (login (h))
    send_text (h, "<iq type='set' id='push1' from='mallory@evil.example/x'><query xmlns='jabber:iq:roster'>"
                  "<item jid='evil@evil.example' subscription='both'/></query></iq>"
                  "<iq type='set' id='push2' from='juliet@example.com/elsewhere'><query xmlns='jabber:iq:roster'>"
                  "<item jid='sneaky@evil.example' subscription='both'/></query></iq>"
                  "<iq type='set' id='push3'><query xmlns='jabber:iq:roster'>"
                  "<item jid='nurse@example.com' subscription='both'/></query></iq>");
  drain (h);
}

static gboolean
roster_updated (Fixture *f, gconstpointer data)
{
  return f->roster_updates > 0;
}

static void
test_roster_push_stranger (Fixture *f, gconstpointer data)
{
  SleekRoster *roster = sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (f->client));
  g_autoptr(SleekJid) evil = sleek_jid_new ("evil@evil.example", NULL);
  g_autoptr(SleekJid) sneaky = sleek_jid_new ("sneaky@evil.example", NULL);
  g_autoptr(SleekJid) nurse = sleek_jid_new ("nurse@example.com", NULL);

  start (f, script_roster_push, FALSE);
  logged_in (f);
  iterate_until (f, 10, roster_updated, NULL);
  /* The server's push arrived last; the strangers' ones came first and
   * changed nothing. */
  g_assert_cmpuint (f->roster_updates, ==, 1);
  g_assert_nonnull (sleek_roster_lookup (roster, nurse));
  g_assert_null (sleek_roster_lookup (roster, evil));
  g_assert_null (sleek_roster_lookup (roster, sneaky));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roster)), ==, 1);
  g_assert_false (f->disconnected);
  check_rss (f);
}

/* ------------------------------------------------------------------ */
/* Security downgrades                                                */
/* ------------------------------------------------------------------ */

static void
script_no_starttls (Hostile *h)
{
  open_stream (h, FEATURES_PLAIN);
  drain (h);
}

static void
test_starttls_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "tls-mode", SLEEK_TLS_MODE_STARTTLS, "allow-plaintext", FALSE, NULL);
  start (f, script_no_starttls, FALSE);
  g_assert_false (login_result (f, 10, &error));
  g_test_message ("login failed: %s", error->message);
  g_assert_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED);
  server_done (f);
  /* Not a byte of authentication went out in the clear. */
  g_assert_null (strstr (f->server->transcript->str, "<auth"));
  g_assert_null (strstr (f->server->transcript->str, "mechanism"));
  check_rss (f);
}

/* Reads <auth/> and keeps the client's first message. */
static gboolean
read_auth (Hostile *h)
{
  const char *start;
  const char *end;
  g_autofree char *encoded = NULL;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;

  if (!read_until (h, "<auth", "</auth>"))
    return FALSE;
  start = strchr (strstr (h->in->str, "<auth"), '>') + 1;
  end = strstr (start, "</auth>");
  encoded = g_strndup (start, end - start);
  decoded = g_base64_decode (encoded, &len);
  h->client_first = g_strndup ((const char *) decoded, len);
  consume (h, "</auth>");
  return TRUE;
}

static void
send_sasl (Hostile *h, const char *element, const char *message)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) message, strlen (message));
  g_autofree char *xml = g_strdup_printf ("<%s xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</%s>", element, encoded,
                                          element);

  send_text (h, xml);
}

/* SCRAM up to a success whose server signature is made up: this server
 * does not know the password. */
static void
script_scram_forged (Hostile *h)
{
  const char *nonce;
  const char *nonce_end;
  g_autofree char *server_first = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *verifier = NULL;
  guchar junk[32];

  if (!open_stream (h, FEATURES_SCRAM) || !read_auth (h))
    {
      drain (h);
      return;
    }
  nonce = strstr (h->client_first, ",r=");
  g_assert_nonnull (nonce);
  nonce += 3;
  nonce_end = strchr (nonce, ',');
  server_first = g_strdup_printf ("r=%.*sHOSTILE,s=c2FsdHNhbHRzYWx0,i=4096",
                                  (int) (nonce_end != NULL ? nonce_end - nonce : (gssize) strlen (nonce)), nonce);
  send_sasl (h, "challenge", server_first);
  if (!read_until (h, "<response", "</response>"))
    {
      drain (h);
      return;
    }
  consume (h, "</response>");
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guchar) g_random_int ();
  forged = g_base64_encode (junk, sizeof junk);
  verifier = g_strdup_printf ("v=%s", forged);
  send_sasl (h, "success", verifier);
  drain (h);
}

static void
test_scram_forged_signature (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  start (f, script_scram_forged, FALSE);
  g_assert_false (login_result (f, 15, &error));
  g_test_message ("login failed: %s", error->message);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_SERVER_SIGNATURE);
  g_assert_false (sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (f->client)));
  server_done (f);
  /* Nothing after the success: no binding with an impostor. */
  g_assert_null (strstr (f->server->transcript->str, "urn:ietf:params:xml:ns:xmpp-bind"));
  check_rss (f);
}

/* Over TLS, where the client could bind to the channel, the server's
 * offer lacks the -PLUS mechanisms (a man in the middle stripped them).
 * The client says "y": it supports binding and thinks the server does
 * not (RFC 5802 section 6). The real server, which does support it, then
 * refuses the login as a downgrade. */
static void
script_plus_stripped (Hostile *h)
{
  if (open_stream (h, FEATURES_SCRAM) && read_auth (h))
    send_text (h, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
                  "<text>Channel binding downgrade detected</text></failure>");
  drain (h);
}

static void
test_plus_stripped (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  start (f, script_plus_stripped, TRUE);
  g_assert_false (login_result (f, 15, &error));
  g_test_message ("login failed: %s", error->message);
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  g_assert_nonnull (strstr (error->message, "downgrade"));
  server_done (f);
  g_assert_nonnull (f->server->client_first);
  g_test_message ("client-first: %s", f->server->client_first);
  g_assert_true (g_str_has_prefix (f->server->client_first, "y,,"));
  check_rss (f);
}

/* XEP-0440: the server names the channel bindings it implements beside
 * its mechanisms. The client binds with one of them; with none it can
 * produce it takes an unbound mechanism and says "n" (it cannot bind with
 * this server), where "y" would read as a downgrade. Each script records
 * the client's first message and refuses it. */
#define FEATURES_PLUS_BINDINGS(types) "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" \
  "<mechanism>SCRAM-SHA-1</mechanism><mechanism>SCRAM-SHA-1-PLUS</mechanism></mechanisms>" \
  "<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>" types "</sasl-channel-binding></stream:features>"

static void
refuse_auth (Hostile *h, const char *features)
{
  if (open_stream (h, features) && read_auth (h))
    send_text (h, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
  drain (h);
}

static void
script_binding_end_point (Hostile *h)
{
  refuse_auth (h, FEATURES_PLUS_BINDINGS ("<channel-binding type='tls-server-end-point'/>"));
}

static void
script_binding_unknown (Hostile *h)
{
  refuse_auth (h, FEATURES_PLUS_BINDINGS ("<channel-binding type='tls-made-up'/>"));
}

static char *
client_first_for (Fixture *f, Script script)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->client, "allow-plaintext", FALSE, NULL);
  start (f, script, TRUE);
  g_assert_false (login_result (f, 15, &error));
  g_assert_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NOT_AUTHORIZED);
  server_done (f);
  g_assert_nonnull (f->server->client_first);
  g_test_message ("client-first: %s", f->server->client_first);
  return g_strdup (f->server->client_first);
}

static void
test_binding_advertised (Fixture *f, gconstpointer data)
{
  g_autofree char *first = client_first_for (f, script_binding_end_point);

  g_assert_true (g_str_has_prefix (first, "p=tls-server-end-point,,"));
  g_assert_nonnull (strstr (f->server->transcript->str, "mechanism='SCRAM-SHA-1-PLUS'"));
  check_rss (f);
}

static void
test_binding_none_usable (Fixture *f, gconstpointer data)
{
  g_autofree char *first = client_first_for (f, script_binding_unknown);

  g_assert_true (g_str_has_prefix (first, "n,,"));
  g_assert_nonnull (strstr (f->server->transcript->str, "mechanism='SCRAM-SHA-1'"));
  check_rss (f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/hostile/xml/billion-laughs", test_billion_laughs);
  g_test_add ("/hostile/xml/billion-laughs-tls", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_billion_laughs,
              fixture_teardown);
  ADD ("/hostile/xml/external-entity", test_external_entity);
  ADD ("/hostile/xml/processing-instruction", test_processing_instruction);
  ADD ("/hostile/xml/comment", test_comment);
  ADD ("/hostile/xml/invalid-utf8", test_invalid_utf8);
  ADD ("/hostile/xml/stream-error-in-stanza", test_error_in_stanza);
  ADD ("/hostile/size/10mb-stanza", test_huge_stanza);
  ADD ("/hostile/size/100000-deep", test_deep_nesting);
  ADD ("/hostile/size/100000-names", test_distinct_names);
  ADD ("/hostile/stall/dribbled-header", test_dribble);
  ADD ("/hostile/stall/mute-cancelled", test_mute_cancelled);
  ADD ("/hostile/stall/whitespace-login", test_whitespace_login);
  ADD ("/hostile/stall/whitespace-session", test_whitespace_session);
  ADD ("/hostile/iq/unanswered", test_iq_unanswered);
  ADD ("/hostile/iq/spoofed-answers", test_iq_spoofed);
  ADD ("/hostile/roster/push-from-stranger", test_roster_push_stranger);
  ADD ("/hostile/security/starttls-missing", test_starttls_missing);
  ADD ("/hostile/security/scram-forged-signature", test_scram_forged_signature);
  ADD ("/hostile/security/plus-stripped", test_plus_stripped);
  ADD ("/hostile/security/binding-advertised", test_binding_advertised);
  ADD ("/hostile/security/binding-none-usable", test_binding_none_usable);
#undef ADD
  return g_test_run ();
}
