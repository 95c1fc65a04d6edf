/* bench-server.c: a small XMPP server for the client benchmarks: one
 * client, plain TCP on 127.0.0.1, PLAIN login, then a flood of messages
 * (inbound) or a count of the client's messages (outbound)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * It prints "PORT <n>" on standard output as soon as it listens on an
 * ephemeral port, serves the first client that connects, and prints a
 * "RESULT key=value ..." line when that client is gone. Negotiation, in
 * the order a client drives it: stream features offering SASL PLAIN,
 * <success/>, a restarted stream with the bind and (optional) session
 * features, the bind result, the session result if asked. Then:
 *
 * - inbound: once the client's initial presence arrives, the N messages of
 *   bench-messages.c and the END message, written as fast as the client
 *   reads them;
 * - outbound: every top-level <message/> is checked (to, id, type, body,
 *   receipt request, origin-id; id and body in full for the sample
 *   messages) and counted; after the N-th, the END message;
 * - roster: a roster get is answered with N items (bench_roster_item()).
 *
 * The input is parsed with libxml2's SAX2 push parser, a fresh one for
 * each stream, so a client's malformed XML fails the run.
 */
#include "bench-harness.h"
#include "bench-messages.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
#define NS_BIND "urn:ietf:params:xml:ns:xmpp-bind"
#define NS_SESSION "urn:ietf:params:xml:ns:xmpp-session"
#define NS_STREAM "http://etherx.jabber.org/streams"
#define NS_RECEIPTS "urn:xmpp:receipts"
#define NS_SID "urn:xmpp:sid:0"

/* The JID every client is bound to (the account is in bench-harness.h). */
#define BENCH_FULL_JID BENCH_JID "/" BENCH_RESOURCE

/* Keep at most this much rendered output waiting for the client. */
#define OUT_HIGH_WATER (64 * 1024)

/* No client for this long: give up, so a broken run cannot hang. */
#define IDLE_TIMEOUT_MS 60000

typedef enum { MODE_INBOUND, MODE_OUTBOUND, MODE_ROSTER } Mode;

typedef struct
{
  Mode mode;
  guint n_messages;
  gboolean verbose;

  int fd;
  xmlParserCtxtPtr parser;
  gboolean restart;          /* a new stream begins after this chunk */
  gboolean authenticated;
  guint stream_count;
  int depth;

  /* The top-level element being read. */
  char *element;             /* its local name */
  char *element_id;
  char *element_type;
  gboolean element_has_to;
  char *child;               /* its first child's local name and namespace */
  char *child_ns;
  /* outbound checks of a <message/> */
  gboolean has_body, has_request, has_origin_id, in_body;
  GString *body;

  GString *out;              /* waiting to be written */
  gsize out_offset;

  gboolean flooding;
  guint next_message;        /* the next one to render; n_messages is END */
  gboolean end_sent;
  gboolean roster_sent;
  guint seen;                /* outbound: good messages counted */
  guint bad;                 /* outbound: messages missing something */
  gboolean client_closed;    /* </stream:stream> or EOF */
  gboolean failed;
  gboolean write_failed;     /* the client closed before reading all */
  guint64 bytes_in;
  guint64 bytes_out;
} Server;

static void
fail (Server *server, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
fail (Server *server, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  if (!server->failed)
    {
      g_autofree char *message = g_strdup_vprintf (format, args);

      g_printerr ("bench-server: %s\n", message);
    }
  va_end (args);
  server->failed = TRUE;
}

static void
queue (Server *server, const char *xml)
{
  g_string_append (server->out, xml);
}

static void
open_stream (Server *server)
{
  g_string_append_printf (server->out,
                          "<?xml version='1.0'?>"
                          "<stream:stream xmlns='jabber:client' xmlns:stream='" NS_STREAM "'"
                          " from='montague.lit' id='bench-%u' version='1.0' xml:lang='en'>",
                          ++server->stream_count);
  if (!server->authenticated)
    queue (server, "<stream:features><mechanisms xmlns='" NS_SASL "'>"
                   "<mechanism>PLAIN</mechanism></mechanisms></stream:features>");
  else
    queue (server, "<stream:features><bind xmlns='" NS_BIND "'/>"
                   "<session xmlns='" NS_SESSION "'><optional/></session></stream:features>");
}

static const char *
find_attribute (const xmlChar **attributes, int n, const char *name, gsize *len)
{
  /* SAX2 gives five pointers per attribute: localname, prefix, URI, value
   * and the end of the value. */
  for (int i = 0; i < n; i++)
    {
      const xmlChar **a = attributes + i * 5;

      if (a[1] == NULL && strcmp ((const char *) a[0], name) == 0)
        {
          *len = a[4] - a[3];
          return (const char *) a[3];
        }
    }
  return NULL;
}

static char *
dup_attribute (const xmlChar **attributes, int n, const char *name)
{
  gsize len;
  const char *value = find_attribute (attributes, n, name, &len);

  return value != NULL ? g_strndup (value, len) : NULL;
}

static void
on_start_element (void           *user_data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  Server *server = user_data;
  const char *name = (const char *) localname;
  const char *ns = (const char *) uri;
  int depth = server->depth++;

  if (depth == 0)
    {
      if (strcmp (name, "stream") != 0 || g_strcmp0 (ns, NS_STREAM) != 0)
        fail (server, "the client opened <%s/>, not a stream", name);
      else
        open_stream (server);
    }
  else if (depth == 1)
    {
      gsize len;

      server->element = g_strdup (name);
      server->element_id = dup_attribute (attributes, nb_attributes, "id");
      server->element_type = dup_attribute (attributes, nb_attributes, "type");
      server->element_has_to = find_attribute (attributes, nb_attributes, "to", &len) != NULL;
      server->has_body = server->has_request = server->has_origin_id = FALSE;
      g_string_truncate (server->body, 0);
    }
  else if (depth == 2)
    {
      if (server->child == NULL)
        {
          server->child = g_strdup (name);
          server->child_ns = g_strdup (ns);
        }
      if (strcmp (name, "body") == 0)
        server->has_body = server->in_body = TRUE;
      else if (strcmp (name, "request") == 0 && g_strcmp0 (ns, NS_RECEIPTS) == 0)
        server->has_request = TRUE;
      else if (strcmp (name, "origin-id") == 0 && g_strcmp0 (ns, NS_SID) == 0)
        {
          gsize len;

          server->has_origin_id = find_attribute (attributes, nb_attributes, "id", &len) != NULL &&
                                  len > 0;
        }
    }
}

static void
on_characters (void *user_data, const xmlChar *text, int len)
{
  Server *server = user_data;

  if (server->in_body)
    g_string_append_len (server->body, (const char *) text, len);
  /* <auth/>'s text, the credentials, is read into the body too. */
  else if (server->depth == 2 && g_strcmp0 (server->element, "auth") == 0)
    g_string_append_len (server->body, (const char *) text, len);
}

static void
start_flood (Server *server)
{
  if (server->mode == MODE_INBOUND && !server->flooding)
    server->flooding = TRUE;
}

static void
queue_end_message (Server *server)
{
  char buffer[BENCH_MESSAGE_MAX];
  gsize len = bench_message_render (server->n_messages, TRUE, buffer);

  g_string_append_len (server->out, buffer, len);
  server->end_sent = TRUE;
}

static gboolean
check_plain (Server *server)
{
  gsize len = 0;
  g_autofree guchar *decoded = NULL;
  const char *authcid, *password;

  if (server->body->len == 0)
    return FALSE;
  decoded = g_base64_decode (server->body->str, &len);
  /* [authzid] NUL authcid NUL password */
  authcid = memchr (decoded, '\0', len);
  if (authcid == NULL)
    return FALSE;
  authcid++;
  password = memchr (authcid, '\0', len - (authcid - (const char *) decoded));
  if (password == NULL)
    return FALSE;
  password++;
  /* The localpart, or the bare JID as some clients write it. */
  return (strcmp (authcid, "romeo") == 0 || strcmp (authcid, BENCH_JID) == 0) &&
         (gsize) (password - (const char *) decoded) + strlen (BENCH_PASSWORD) == len &&
         memcmp (password, BENCH_PASSWORD, strlen (BENCH_PASSWORD)) == 0;
}

static void
check_message (Server *server)
{
  guint index = server->seen;
  gboolean good = server->element_has_to && server->element_id != NULL &&
                  g_strcmp0 (server->element_type, "chat") == 0 && server->has_body &&
                  server->has_request && server->has_origin_id;

  if (good && bench_message_is_sample (index))
    {
      g_autofree char *want_id = bench_message_dup_id (index);
      g_autofree char *want_body = bench_message_dup_body (index);

      good = strcmp (server->element_id, want_id) == 0 && strcmp (server->body->str, want_body) == 0;
    }
  if (!good)
    {
      if (server->bad == 0)
        g_printerr ("bench-server: message %u is not what was asked for (id '%s', body '%s')\n",
                    index, server->element_id ? server->element_id : "", server->body->str);
      server->bad++;
      return;
    }
  if (++server->seen == server->n_messages)
    queue_end_message (server);
}

/* A whole top-level element has arrived. */
static void
handle_element (Server *server)
{
  const char *name = server->element;

  if (strcmp (name, "auth") == 0)
    {
      if (check_plain (server))
        {
          queue (server, "<success xmlns='" NS_SASL "'/>");
          server->authenticated = TRUE;
          server->restart = TRUE;
        }
      else
        {
          queue (server, "<failure xmlns='" NS_SASL "'><not-authorized/></failure>");
          fail (server, "the client's PLAIN credentials are not " BENCH_JID "/" BENCH_PASSWORD);
        }
    }
  else if (strcmp (name, "iq") == 0)
    {
      const char *id = server->element_id != NULL ? server->element_id : "";
      gboolean is_set = g_strcmp0 (server->element_type, "set") == 0;

      if (server->mode == MODE_ROSTER && g_strcmp0 (server->element_type, "get") == 0 &&
          g_strcmp0 (server->child, "query") == 0 && g_strcmp0 (server->child_ns, "jabber:iq:roster") == 0)
        {
          g_string_append_printf (server->out, "<iq type='result' id='%s' to='" BENCH_FULL_JID "'>"
                                  "<query xmlns='jabber:iq:roster'>", id);
          for (guint i = 0; i < server->n_messages; i++)
            bench_roster_item (server->out, i);
          queue (server, "</query></iq>");
          server->roster_sent = TRUE;
        }
      else if (is_set && g_strcmp0 (server->child, "bind") == 0 && g_strcmp0 (server->child_ns, NS_BIND) == 0)
        g_string_append_printf (server->out,
                                "<iq type='result' id='%s'><bind xmlns='" NS_BIND "'>"
                                "<jid>" BENCH_FULL_JID "</jid></bind></iq>", id);
      else if (is_set && g_strcmp0 (server->child, "session") == 0)
        g_string_append_printf (server->out, "<iq type='result' id='%s'/>", id);
      else if (is_set || g_strcmp0 (server->element_type, "get") == 0)
        g_string_append_printf (server->out,
                                "<iq type='error' id='%s'><error type='cancel'>"
                                "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                                "</error></iq>", id);
      if (server->verbose)
        g_printerr ("bench-server: iq %s <%s/>\n", server->element_type, server->child);
    }
  else if (strcmp (name, "presence") == 0)
    {
      /* The initial presence: available and to nobody in particular. */
      if (server->element_type == NULL && !server->element_has_to)
        {
          start_flood (server);
          /* With nothing to count, END goes out at once. */
          if (server->mode == MODE_OUTBOUND && server->n_messages == 0 && !server->end_sent)
            queue_end_message (server);
        }
    }
  else if (strcmp (name, "message") == 0)
    {
      if (server->mode == MODE_OUTBOUND && !server->end_sent)
        check_message (server);
      else
        fail (server, "a message from the client was not expected");
    }
}

static void
on_end_element (void          *user_data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Server *server = user_data;
  int depth = --server->depth;

  if (depth == 2 && strcmp ((const char *) localname, "body") == 0)
    server->in_body = FALSE;
  else if (depth == 1)
    {
      handle_element (server);
      g_clear_pointer (&server->element, g_free);
      g_clear_pointer (&server->element_id, g_free);
      g_clear_pointer (&server->element_type, g_free);
      g_clear_pointer (&server->child, g_free);
      g_clear_pointer (&server->child_ns, g_free);
    }
  else if (depth == 0)
    {
      /* </stream:stream>: answer in kind. */
      queue (server, "</stream:stream>");
      server->client_closed = TRUE;
    }
}

static void
on_error (void *user_data, xmlErrorPtr error)
{
  Server *server = user_data;

  if (error->level >= XML_ERR_ERROR)
    fail (server, "the client's XML: line %d: %s", error->line, g_strchomp (error->message));
}

static void
new_parser (Server *server)
{
  xmlSAXHandler sax = { 0 };

  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start_element;
  sax.endElementNs = on_end_element;
  sax.characters = on_characters;
  sax.serror = on_error;

  if (server->parser != NULL)
    xmlFreeParserCtxt (server->parser);
  server->parser = xmlCreatePushParserCtxt (&sax, server, NULL, 0, NULL);
  xmlCtxtUseOptions (server->parser, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  server->depth = 0;
  server->restart = FALSE;
}

static void
read_input (Server *server)
{
  char buffer[BENCH_CHUNK_SIZE];
  gssize n = read (server->fd, buffer, sizeof buffer);

  if (n < 0)
    {
      if (errno != EAGAIN && errno != EINTR)
        fail (server, "read: %s", g_strerror (errno));
      return;
    }
  if (n == 0)
    {
      server->client_closed = TRUE;
      return;
    }
  server->bytes_in += n;
  xmlParseChunk (server->parser, buffer, n, 0);
  /* A client sends nothing after <auth/> until it has our <success/>, so
   * the new stream starts with the next read. */
  if (server->restart)
    new_parser (server);
}

/* Tops up the output with the next messages of the flood. */
static void
render_flood (Server *server)
{
  char buffer[BENCH_MESSAGE_MAX];

  while (server->flooding && server->out->len - server->out_offset < OUT_HIGH_WATER)
    {
      gboolean end = server->next_message == server->n_messages;
      gsize len = bench_message_render (server->next_message, end, buffer);

      g_string_append_len (server->out, buffer, len);
      server->next_message++;
      if (end)
        {
          server->flooding = FALSE;
          server->end_sent = TRUE;
        }
    }
}

static void
write_output (Server *server)
{
  while (server->out_offset < server->out->len)
    {
      gssize n = send (server->fd, server->out->str + server->out_offset,
                       server->out->len - server->out_offset, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno != EAGAIN)
            {
              /* The client went away; what it read is all it will read. */
              server->client_closed = TRUE;
              server->write_failed = TRUE;
              g_string_truncate (server->out, 0);
              server->out_offset = 0;
            }
          return;
        }
      server->out_offset += n;
      server->bytes_out += n;
    }
  g_string_truncate (server->out, 0);
  server->out_offset = 0;
}

static int
listen_loopback (guint16 *port)
{
  struct sockaddr_in address = { 0 };
  socklen_t len = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind (fd, (struct sockaddr *) &address, sizeof address) != 0 || listen (fd, 1) != 0 ||
      getsockname (fd, (struct sockaddr *) &address, &len) != 0)
    {
      close (fd);
      return -1;
    }
  *port = ntohs (address.sin_port);
  return fd;
}

static int
accept_client (int listener)
{
  struct pollfd pfd = { .fd = listener, .events = POLLIN };
  int fd, one = 1;

  if (poll (&pfd, 1, IDLE_TIMEOUT_MS) != 1)
    return -1;
  fd = accept4 (listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd >= 0)
    setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static void
serve (Server *server)
{
  new_parser (server);
  while (!server->failed && !server->client_closed)
    {
      struct pollfd pfd = { .fd = server->fd, .events = POLLIN };
      int ready;

      render_flood (server);
      if (server->out->len > server->out_offset)
        pfd.events |= POLLOUT;
      ready = poll (&pfd, 1, IDLE_TIMEOUT_MS);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        {
          fail (server, "the client went quiet");
          break;
        }
      if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
        read_input (server);
      if (pfd.revents & POLLOUT)
        write_output (server);
    }
  /* Whatever is left (our </stream:stream>) goes out before closing. */
  if (server->out->len > server->out_offset)
    {
      int flags = fcntl (server->fd, F_GETFL);

      fcntl (server->fd, F_SETFL, flags & ~O_NONBLOCK);
      write_output (server);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *mode = NULL;
  int n_messages = 100000;
  int pin_cpu = -1;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
      "inbound (flood the client), outbound (count its messages) or roster (answer its "
      "roster get)", "MODE" },
    { "messages", 'n', 0, G_OPTION_ARG_INT, &n_messages,
      "How many chat messages, or roster items (default 100000)", "N" },
    { "pin-cpu", 0, 0, G_OPTION_ARG_INT, &pin_cpu, "Run on this CPU", "CPU" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Say what is going on", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Server server = { 0 };
  guint16 port = 0;
  int listener;
  gboolean ok;

  g_option_context_set_summary (context, "A one-client XMPP server for the client benchmarks.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (g_strcmp0 (mode, "inbound") == 0)
    server.mode = MODE_INBOUND;
  else if (g_strcmp0 (mode, "outbound") == 0)
    server.mode = MODE_OUTBOUND;
  else if (g_strcmp0 (mode, "roster") == 0)
    server.mode = MODE_ROSTER;
  else
    {
      g_printerr ("--mode must be inbound, outbound or roster\n");
      return EXIT_FAILURE;
    }
  if (n_messages < 0)
    {
      g_printerr ("--messages must not be negative\n");
      return EXIT_FAILURE;
    }
  server.n_messages = n_messages;
  server.verbose = verbose;
  if (pin_cpu >= 0)
    bench_pin_current_thread (pin_cpu);

  listener = listen_loopback (&port);
  if (listener < 0)
    {
      g_printerr ("bench-server: cannot listen on 127.0.0.1: %s\n", g_strerror (errno));
      return EXIT_FAILURE;
    }
  printf ("PORT %u\n", port);
  fflush (stdout);

  server.fd = accept_client (listener);
  close (listener);
  if (server.fd < 0)
    {
      g_printerr ("bench-server: no client connected\n");
      return EXIT_FAILURE;
    }
  server.out = g_string_sized_new (OUT_HIGH_WATER + BENCH_MESSAGE_MAX);
  server.body = g_string_new (NULL);
  serve (&server);

  if (server.mode == MODE_INBOUND)
    ok = server.end_sent && !server.write_failed;
  else if (server.mode == MODE_ROSTER)
    ok = server.roster_sent && !server.write_failed;
  else
    ok = server.end_sent && server.bad == 0 && server.seen == server.n_messages;
  ok = ok && !server.failed;
  printf ("RESULT server mode=%s messages=%u bad=%u bytes_in=%" G_GUINT64_FORMAT
          " bytes_out=%" G_GUINT64_FORMAT " ok=%d\n",
          mode,
          server.mode == MODE_INBOUND ? MIN (server.next_message, server.n_messages) :
          server.mode == MODE_ROSTER ? (server.roster_sent ? server.n_messages : 0) : server.seen,
          server.bad, server.bytes_in, server.bytes_out, ok);
  fflush (stdout);

  close (server.fd);
  xmlFreeParserCtxt (server.parser);
  g_string_free (server.out, TRUE);
  g_string_free (server.body, TRUE);
  g_free (server.element);
  g_free (server.element_id);
  g_free (server.element_type);
  g_free (server.child);
  g_free (server.child_ns);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
