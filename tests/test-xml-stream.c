/* test-xml-stream.c: SleekXmlStream over SleekTestStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include "sleek-xml-stream-private.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekXmlStream *stream;
  GPtrArray *log;           /* strings describing what happened, in order */
  GError *disconnect_error;
  gboolean disconnected;
  guint n_disconnected;
  GPtrArray *send_failed;   /* SleekStanza */
} Fixture;

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
  f->n_disconnected++;
  g_clear_error (&f->disconnect_error);
  if (error != NULL)
    f->disconnect_error = g_error_copy (error);
}

static void
on_send_failed (SleekXmlStream *stream, SleekStanza *stanza, const GError *error, Fixture *f)
{
  g_ptr_array_add (f->send_failed, g_object_ref (stanza));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->peer = sleek_test_stream_new ();
  f->stream = sleek_xml_stream_new ();
  f->log = g_ptr_array_new_with_free_func (g_free);
  f->send_failed = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->stream, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->stream, "send-failed", G_CALLBACK (on_send_failed), f);
  sleek_test_stream_start (f->peer, f->stream, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (f->stream);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->stream);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_ptr_array_unref (f->log);
  g_ptr_array_unref (f->send_failed);
  g_clear_error (&f->disconnect_error);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
expect_send (Fixture *f, const char *xml)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_send (f->peer, xml, &error);
  g_assert_no_error (error);
}

static void
expect_silence (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_expect_silence (f->peer, 50, &error);
  g_assert_no_error (error);
}

static void
wait_disconnected (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_iterate_until (f->peer, &f->disconnected, &error);
  g_assert_no_error (error);
}

static void
log_handler (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (stream), "fixture");

  g_ptr_array_add (f->log, g_strdup_printf ("%s:%s", (const char *) user_data,
                                            sleek_node_get_name (sleek_stanza_get_node (stanza))));
}

static guint
add_logging_handler (Fixture *f, SleekMatcher *matcher, SleekHandlerFlags flags, const char *tag)
{
  g_autoptr(SleekMatcher) owned = matcher;

  g_object_set_data (G_OBJECT (f->stream), "fixture", f);
  return sleek_xml_stream_add_handler (f->stream, owned, flags, log_handler, (gpointer) tag, NULL);
}

static void
assert_log (Fixture *f, const char * const *expected)
{
  guint n = g_strv_length ((GStrv) expected);

  for (guint i = 0; i < MIN (n, f->log->len); i++)
    g_assert_cmpstr (g_ptr_array_index (f->log, i), ==, expected[i]);
  g_assert_cmpuint (f->log->len, ==, n);
}

/* Stream start, header, stanzas */

static void
test_header (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (f->stream), ==, "sleek-test");
  g_assert_true (sleek_xml_stream_is_connected (f->stream));
  g_assert_true (sleek_xml_stream_get_io_stream (f->stream) == sleek_test_stream_get_io_stream (f->peer));
}

static void
on_stream_start (SleekXmlStream *stream, SleekNode *header, gpointer user_data)
{
  *(SleekNode **) user_data = sleek_node_ref (header);
}

static void
test_header_with_attributes (void)
{
  GMainContext *ctx = g_main_context_new ();
  g_autoptr(SleekTestStream) peer = NULL;
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(SleekNode) header = sleek_node_new ("stream", SLEEK_NS_STREAMS);
  g_autoptr(SleekNode) received = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (ctx);
  peer = sleek_test_stream_new ();
  stream = sleek_xml_stream_new ();
  g_signal_connect (stream, "stream-start", G_CALLBACK (on_stream_start), &received);
  sleek_test_stream_attach (peer, stream);
  sleek_node_set_attribute (header, "to", "example.com");
  sleek_node_set_attribute (header, "version", "1.0");
  sleek_node_set_attribute (header, "xml:lang", "en");
  sleek_xml_stream_open (stream, header);
  sleek_test_stream_expect_send (peer, "<stream:stream to='example.com' version='1.0' xml:lang='en'>", &error);
  g_assert_no_error (error);
  sleek_test_stream_recv (peer, "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                                "id='abc' from='example.com' version='1.0'>");
  g_assert_nonnull (received);
  g_assert_cmpstr (sleek_node_get_attribute (received, "id"), ==, "abc");
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (stream), ==, "abc");
  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_clear_object (&stream);
  g_clear_object (&peer);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
}

static void
on_stanza_signal (SleekXmlStream *stream, SleekStanza *stanza, Fixture *f)
{
  g_ptr_array_add (f->log, g_strdup_printf ("signal:%s", sleek_node_get_name (sleek_stanza_get_node (stanza))));
}

static void
test_stanza_classes (Fixture *f, gconstpointer data)
{
  GPtrArray *types = g_ptr_array_new ();

  g_object_set_data_full (G_OBJECT (f->stream), "types", types, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (f->stream, "stanza", G_CALLBACK (on_stanza_signal), f);
  sleek_test_stream_recv (f->peer, "<message><body>hi</body></message><presence/><iq type='get' id='1'/><unknown xmlns='urn:x'/>");
  {
    const char * const expected[] = { "signal:message", "signal:presence", "signal:iq", "signal:unknown", NULL };
    assert_log (f, expected);
  }
}

static void
record_type (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_ptr_array_add (user_data, (gpointer) G_OBJECT_TYPE_NAME (stanza));
}

static void
test_registered_types (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  sleek_xml_stream_add_handler (f->stream, any, SLEEK_HANDLER_NONE, record_type, types, NULL);
  sleek_test_stream_recv (f->peer, "<message/><presence/><iq type='get' id='1'/><thing xmlns='urn:x'/>");
  g_assert_cmpuint (types->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (types, 0), ==, "SleekMessage");
  g_assert_cmpstr (g_ptr_array_index (types, 1), ==, "SleekPresence");
  g_assert_cmpstr (g_ptr_array_index (types, 2), ==, "SleekIq");
  g_assert_cmpstr (g_ptr_array_index (types, 3), ==, "SleekStanza");
}

/* Handlers */

static void
test_handler_order (Fixture *f, gconstpointer data)
{
  add_logging_handler (f, sleek_matcher_new_any (), 0, "a");
  add_logging_handler (f, sleek_matcher_new_stanza_path ("message"), 0, "b");
  add_logging_handler (f, sleek_matcher_new_any (), 0, "c");
  g_signal_connect (f->stream, "stanza", G_CALLBACK (on_stanza_signal), f);
  sleek_test_stream_recv (f->peer, "<message/><presence/>");
  {
    const char * const expected[] = { "a:message", "b:message", "c:message", "signal:message",
                                      "a:presence", "c:presence", "signal:presence", NULL };
    assert_log (f, expected);
  }
}

static void
test_handler_once (Fixture *f, gconstpointer data)
{
  add_logging_handler (f, sleek_matcher_new_any (), SLEEK_HANDLER_ONCE, "once");
  add_logging_handler (f, sleek_matcher_new_any (), 0, "always");
  sleek_test_stream_recv (f->peer, "<message/><presence/>");
  {
    const char * const expected[] = { "once:message", "always:message", "always:presence", NULL };
    assert_log (f, expected);
  }
}

static void
test_handler_remove (Fixture *f, gconstpointer data)
{
  guint id = add_logging_handler (f, sleek_matcher_new_any (), 0, "x");

  sleek_test_stream_recv (f->peer, "<message/>");
  sleek_xml_stream_remove_handler (f->stream, id);
  sleek_xml_stream_remove_handler (f->stream, id);  /* harmless twice */
  sleek_test_stream_recv (f->peer, "<presence/>");
  g_assert_cmpuint (f->log->len, ==, 1);
}

typedef struct {
  Fixture *f;
  guint id;
  guint calls;
  guint destroyed;
} SelfRemoving;

static void
remove_self (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SelfRemoving *s = user_data;

  s->calls++;
  sleek_xml_stream_remove_handler (stream, s->id);
  /* Still safe to use our data: destroy runs after we return. */
  g_assert_cmpuint (s->destroyed, ==, 0);
}

static void
count_destroy (gpointer user_data)
{
  ((SelfRemoving *) user_data)->destroyed++;
}

static void
test_handler_removes_itself (Fixture *f, gconstpointer data)
{
  SelfRemoving s = { f, 0, 0, 0 };
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  s.id = sleek_xml_stream_add_handler (f->stream, any, 0, remove_self, &s, count_destroy);
  sleek_test_stream_recv (f->peer, "<message/><message/>");
  g_assert_cmpuint (s.calls, ==, 1);
  g_assert_cmpuint (s.destroyed, ==, 1);
}

typedef struct {
  guint first_id;
  guint second_id;
  guint second_calls;
} RemoveOther;

static void
remove_other (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  RemoveOther *r = user_data;

  sleek_xml_stream_remove_handler (stream, r->second_id);
}

static void
other_called (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  ((RemoveOther *) user_data)->second_calls++;
}

static void
test_handler_removes_other (Fixture *f, gconstpointer data)
{
  RemoveOther r = { 0, 0, 0 };
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  r.first_id = sleek_xml_stream_add_handler (f->stream, any, 0, remove_other, &r, NULL);
  r.second_id = sleek_xml_stream_add_handler (f->stream, any, 0, other_called, &r, NULL);
  sleek_test_stream_recv (f->peer, "<message/><message/>");
  /* Removed by the first handler before its turn: never called, as a
   * signal handler disconnected during an emission is not. */
  g_assert_cmpuint (r.second_calls, ==, 0);
}

static void
test_handler_destroy_on_dispose (Fixture *f, gconstpointer data)
{
  SelfRemoving s = { f, 0, 0, 0 };
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  sleek_xml_stream_add_handler (f->stream, any, 0, remove_self, &s, count_destroy);
  sleek_xml_stream_abort (f->stream);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->stream);
  g_assert_cmpuint (s.destroyed, ==, 1);
  f->stream = sleek_xml_stream_new ();
}

static void
modify_body (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  sleek_stanza_set_string (stanza, "body", "changed by the first handler");
}

static void
read_body (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  *(char **) user_data = g_strdup (sleek_stanza_get_string (stanza, "body"));
}

static void
test_handler_gets_own_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();
  g_autofree char *seen = NULL;

  sleek_xml_stream_add_handler (f->stream, any, 0, modify_body, NULL, NULL);
  sleek_xml_stream_add_handler (f->stream, any, 0, read_body, &seen, NULL);
  sleek_test_stream_recv (f->peer, "<message><body>original</body></message>");
  g_assert_cmpstr (seen, ==, "original");
}

static void
test_handler_matchers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekMatcher *mask = sleek_matcher_new_xml_mask ("<message type='chat'><body/></message>", &error);

  g_assert_no_error (error);
  add_logging_handler (f, sleek_matcher_new_id ("42"), 0, "id");
  add_logging_handler (f, sleek_matcher_new_stanza_path ("iq@type=get"), 0, "path");
  add_logging_handler (f, mask, 0, "mask");
  add_logging_handler (f, sleek_matcher_new_xpath ("{jabber:client}message/{urn:xmpp:receipts}request"), 0, "xpath");
  sleek_test_stream_recv (f->peer,
                          "<iq type='get' id='42'/>"
                          "<iq type='set' id='43'/>"
                          "<message type='chat'><body>x</body></message>"
                          "<message type='normal'><body>x</body><request xmlns='urn:xmpp:receipts'/></message>");
  {
    const char * const expected[] = { "id:iq", "path:iq", "mask:message", "xpath:message", NULL };
    assert_log (f, expected);
  }
}

typedef struct {
  GMutex lock;
  GThread *main_thread;
  GThread *handler_thread;
  guint destroyed_in_main;
  gboolean destroyed;
} Threaded;

static void
threaded_echo (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Threaded *t = user_data;
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);

  g_mutex_lock (&t->lock);
  t->handler_thread = g_thread_self ();
  g_mutex_unlock (&t->lock);
  sleek_xml_stream_send (stream, reply);
}

static void
threaded_destroy (gpointer user_data)
{
  Threaded *t = user_data;

  if (g_thread_self () == t->main_thread)
    t->destroyed_in_main++;
  t->destroyed = TRUE;
}

static void
test_handler_threaded (Fixture *f, gconstpointer data)
{
  Threaded t = { 0 };
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_stanza_path ("iq");
  g_autoptr(GError) error = NULL;
  guint id;

  g_mutex_init (&t.lock);
  t.main_thread = g_thread_self ();
  id = sleek_xml_stream_add_handler (f->stream, matcher, SLEEK_HANDLER_THREADED, threaded_echo, &t, threaded_destroy);
  sleek_test_stream_recv (f->peer, "<iq type='get' id='t1' from='a@example.com/r' to='b@example.com/r'/>");
  expect_send (f, "<iq type='result' id='t1' to='a@example.com/r' from='b@example.com/r'/>");
  g_mutex_lock (&t.lock);
  g_assert_true (t.handler_thread != NULL);
  g_assert_true (t.handler_thread != t.main_thread);
  g_mutex_unlock (&t.lock);
  sleek_xml_stream_remove_handler (f->stream, id);
  sleek_test_stream_iterate_until (f->peer, &t.destroyed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t.destroyed_in_main, ==, 1);
  g_mutex_clear (&t.lock);
}

static void
test_handler_threaded_many (Fixture *f, gconstpointer data)
{
  Threaded t = { 0 };
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_stanza_path ("iq");
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_mutex_init (&t.lock);
  t.main_thread = g_thread_self ();
  sleek_xml_stream_add_handler (f->stream, matcher, SLEEK_HANDLER_THREADED, threaded_echo, &t, NULL);
  for (int i = 0; i < 50; i++)
    g_string_append_printf (xml, "<iq type='get' id='m%d' from='a@example.com/r'/>", i);
  sleek_test_stream_recv (f->peer, xml->str);
  for (int i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekNode) node = sleek_test_stream_next_send (f->peer, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sleek_node_get_attribute (node, "type"), ==, "result");
      g_hash_table_add (seen, g_strdup (sleek_node_get_attribute (node, "id")));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 50);
  g_mutex_clear (&t.lock);
}

/* Sending */

static void
test_send_serialises_in_namespace (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) message = sleek_stanza_parse ("<message xmlns='jabber:client' to='juliet@example.com'>"
                                                       "<body>Wherefore &amp; why</body>"
                                                       "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/></message>",
                                                       &error);

  g_assert_no_error (error);
  sleek_xml_stream_send (f->stream, message);
  expect_send (f, "<message to='juliet@example.com'><body>Wherefore &amp; why</body>"
                  "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/></message>");
}

static void
test_send_order (Fixture *f, gconstpointer data)
{
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
      g_autofree char *id = g_strdup_printf ("%d", i);

      sleek_stanza_set_string (s, "id", id);
      sleek_xml_stream_send (f->stream, s);
      if (i % 10 == 0)
        sleek_xml_stream_send_raw (f->stream, " ");
    }
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *xml = g_strdup_printf ("<message id='%d'/>", i);
      expect_send (f, xml);
    }
}

static gpointer
send_from_thread (gpointer data)
{
  SleekXmlStream *stream = data;

  for (int i = 0; i < 200; i++)
    {
      g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
      g_autofree char *id = g_strdup_printf ("%p-%d", (void *) g_thread_self (), i);

      sleek_stanza_set_string (s, "id", id);
      sleek_xml_stream_send (stream, s);
    }
  return NULL;
}

static void
test_send_from_threads (Fixture *f, gconstpointer data)
{
  GThread *a = g_thread_new ("sender-a", send_from_thread, f->stream);
  GThread *b = g_thread_new ("sender-b", send_from_thread, f->stream);
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_thread_join (a);
  g_thread_join (b);
  for (int i = 0; i < 400; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SleekNode) node = sleek_test_stream_next_send (f->peer, &error);
      const char *id;
      const char *dash;
      g_autofree char *thread = NULL;
      int n;

      g_assert_no_error (error);
      id = sleek_node_get_attribute (node, "id");
      dash = strrchr (id, '-');
      thread = g_strndup (id, dash - id);
      n = atoi (dash + 1);
      /* Each thread's stanzas arrive in the order it sent them. */
      g_assert_cmpint (n, ==, GPOINTER_TO_INT (g_hash_table_lookup (last, thread)));
      g_hash_table_insert (last, g_steal_pointer (&thread), GINT_TO_POINTER (n + 1));
    }
  expect_silence (f);
}

static void
test_send_raw (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_send_raw (f->stream, "<presence/>");
  expect_send (f, "<presence/>");
}

static void
test_send_when_closed_fails (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);

  sleek_xml_stream_abort (f->stream);
  wait_disconnected (f);
  sleek_xml_stream_send (f->stream, s);
  g_assert_cmpuint (f->send_failed->len, ==, 1);
  g_assert_true (g_ptr_array_index (f->send_failed, 0) == s);
}

static void
test_send_max_pending (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) body = g_string_new (NULL);
  guint sent = 0;

  g_object_set (f->stream, "max-pending-bytes", 64 * 1024, NULL);
  for (int i = 0; i < 1000; i++)
    g_string_append (body, "0123456789");
  /* Nobody reads the other end while we queue 10 MB: the queue fills up
   * and the stanzas over the limit are reported, not dropped silently. */
  for (int i = 0; i < 1000; i++)
    {
      g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);

      sleek_stanza_set_string (s, "body", body->str);
      sleek_xml_stream_send (f->stream, s);
      sent++;
    }
  g_assert_cmpuint (f->send_failed->len, >, 900);
  g_assert_cmpuint (f->send_failed->len, <, sent);
}

/* What the library logs at debug level while the test below runs. */
static GPtrArray *debug_sends;

static GLogWriterOutput
capture_sends (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; debug_sends != NULL && i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0 && g_str_has_prefix (fields[i].value, "SEND: "))
      {
        g_ptr_array_add (debug_sends, g_strdup ((const char *) fields[i].value + strlen ("SEND: ")));
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
send_id (Fixture *f, const char *id)
{
  g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
  g_autofree char *xml = g_strdup_printf ("<message id='%s'/>", id);

  sleek_stanza_set_id (s, id);
  sleek_xml_stream_send (f->stream, s);
  expect_send (f, xml);
}

/* The debug log of what is sent is off while debug logging is, and
 * follows it being switched on and off again. */
static void
test_send_debug_log (Fixture *f, gconstpointer data)
{
  gboolean was_enabled = g_log_get_debug_enabled ();

  if (g_getenv ("G_MESSAGES_DEBUG") != NULL)
    {
      g_test_skip ("G_MESSAGES_DEBUG is set");
      return;
    }
  g_log_set_writer_func (capture_sends, NULL, NULL);
  debug_sends = g_ptr_array_new_with_free_func (g_free);

  g_log_set_debug_enabled (FALSE);
  send_id (f, "quiet");
  g_log_set_debug_enabled (TRUE);
  send_id (f, "loud");
  sleek_xml_stream_send_raw (f->stream, "<presence/>");
  expect_send (f, "<presence/>");
  g_log_set_debug_enabled (FALSE);
  send_id (f, "quiet-again");
  g_log_set_debug_enabled (was_enabled);

  g_assert_cmpuint (debug_sends->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (debug_sends, 0), ==, "<message id='loud'/>");
  g_assert_cmpstr (g_ptr_array_index (debug_sends, 1), ==, "<presence/>");
  g_clear_pointer (&debug_sends, g_ptr_array_unref);
}

/* A stanza larger than the buffers kept for reuse, between small ones,
 * while nobody reads: all arrive whole and in order. */
static void
test_send_large_between_small (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (int i = 0; i < 20000; i++)
    g_string_append (body, "0123456789");
  for (int round = 0; round < 3; round++)
    {
      g_autoptr(SleekStanza) large = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
      g_autofree char *large_xml = g_strdup_printf ("<message><body>%s</body></message>", body->str);

      for (int i = 0; i < 50; i++)
        {
          g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
          g_autofree char *id = g_strdup_printf ("%d-%d", round, i);

          sleek_stanza_set_id (s, id);
          sleek_xml_stream_send (f->stream, s);
        }
      sleek_stanza_set_string (large, "body", body->str);
      sleek_xml_stream_send (f->stream, large);
      for (int i = 0; i < 50; i++)
        {
          g_autofree char *xml = g_strdup_printf ("<message id='%d-%d'/>", round, i);

          expect_send (f, xml);
        }
      expect_send (f, large_xml);
    }
  g_assert_cmpuint (f->send_failed->len, ==, 0);
}

/* Filters */

static SleekStanza *
tag_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  sleek_stanza_set_string (stanza, "id", user_data);
  return g_object_ref (stanza);
}

static SleekStanza *
drop_presence (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  if (strcmp (sleek_node_get_name (sleek_stanza_get_node (stanza)), "presence") == 0)
    return NULL;
  return g_object_ref (stanza);
}

static SleekStanza *
replace_with_iq (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *iq = sleek_stanza_parse ("<iq xmlns='jabber:client' type='get' id='replaced'/>", &error);

  g_assert_no_error (error);
  return iq;
}

static void
test_filter_outgoing (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) message = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
  g_autoptr(SleekStanza) presence = sleek_stanza_new ("presence", SLEEK_NS_CLIENT);
  guint id;

  id = sleek_xml_stream_add_filter (f->stream, SLEEK_FILTER_OUTGOING, tag_outgoing, (gpointer) "tagged", NULL);
  sleek_xml_stream_add_filter (f->stream, SLEEK_FILTER_OUTGOING, drop_presence, NULL, NULL);
  sleek_xml_stream_send (f->stream, presence);
  sleek_xml_stream_send (f->stream, message);
  expect_send (f, "<message id='tagged'/>");
  sleek_xml_stream_remove_filter (f->stream, id);
  {
    g_autoptr(SleekStanza) again = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
    sleek_xml_stream_send (f->stream, again);
  }
  expect_send (f, "<message/>");
}

static void
test_filter_incoming (Fixture *f, gconstpointer data)
{
  add_logging_handler (f, sleek_matcher_new_any (), 0, "h");
  sleek_xml_stream_add_filter (f->stream, SLEEK_FILTER_INCOMING, drop_presence, NULL, NULL);
  sleek_xml_stream_add_filter (f->stream, SLEEK_FILTER_INCOMING, replace_with_iq, NULL, NULL);
  sleek_test_stream_recv (f->peer, "<presence/><message/>");
  {
    const char * const expected[] = { "h:iq", NULL };
    assert_log (f, expected);
  }
}

/* Events */

static void
on_event (SleekXmlStream *stream, const char *name, GObject *data, Fixture *f)
{
  g_ptr_array_add (f->log, g_strdup_printf ("%s:%s", name, data != NULL ? G_OBJECT_TYPE_NAME (data) : "null"));
}

static void
test_event_direct_and_queued (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) s = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->stream, "event::custom", G_CALLBACK (on_event), f);
  sleek_xml_stream_event (f->stream, "custom", NULL, FALSE);
  sleek_xml_stream_event (f->stream, "custom", G_OBJECT (s), TRUE);
  sleek_xml_stream_event (f->stream, "other", NULL, TRUE);
  {
    const char * const expected[] = { "custom:SleekMessage", NULL };
    assert_log (f, expected);
  }
  /* The queued one comes later, from the main context. */
  while (f->log->len < 2)
    g_main_context_iteration (f->ctx, TRUE);
  g_assert_cmpstr (g_ptr_array_index (f->log, 1), ==, "custom:null");
  (void) done;
  (void) error;
}

static void
test_event_order (Fixture *f, gconstpointer data)
{
  g_signal_connect (f->stream, "event", G_CALLBACK (on_event), f);
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("e%d", i);
      sleek_xml_stream_event (f->stream, name, NULL, FALSE);
    }
  while (f->log->len < 5)
    g_main_context_iteration (f->ctx, TRUE);
  {
    const char * const expected[] = { "e0:null", "e1:null", "e2:null", "e3:null", "e4:null", NULL };
    assert_log (f, expected);
  }
}

static gpointer
queue_event_from_thread (gpointer data)
{
  sleek_xml_stream_event (data, "from-thread", NULL, FALSE);
  return NULL;
}

static void
test_event_from_thread (Fixture *f, gconstpointer data)
{
  g_signal_connect (f->stream, "event::from-thread", G_CALLBACK (on_event), f);
  g_thread_join (g_thread_new ("event", queue_event_from_thread, f->stream));
  while (f->log->len < 1)
    g_main_context_iteration (f->ctx, TRUE);
  g_assert_cmpstr (g_ptr_array_index (f->log, 0), ==, "from-thread:null");
}

/* Scheduler */

typedef struct {
  guint runs;
  guint stop_after;
  guint destroyed;
} Task;

static gboolean
task_run (gpointer user_data)
{
  Task *t = user_data;

  t->runs++;
  return t->stop_after == 0 || t->runs < t->stop_after;
}

static void
task_destroy (gpointer user_data)
{
  ((Task *) user_data)->destroyed++;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (Fixture *f, guint ms)
{
  gboolean done = FALSE;
  GSource *timer = g_timeout_source_new (ms);

  g_source_set_callback (timer, set_flag, &done, NULL);
  g_source_attach (timer, f->ctx);
  while (!done)
    g_main_context_iteration (f->ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
}

static void
test_schedule_once (Fixture *f, gconstpointer data)
{
  Task t = { 0, 0, 0 };

  sleek_xml_stream_schedule (f->stream, "once", 0.01, FALSE, task_run, &t, task_destroy);
  g_assert_true (sleek_xml_stream_is_scheduled (f->stream, "once"));
  run_for (f, 80);
  g_assert_cmpuint (t.runs, ==, 1);
  g_assert_cmpuint (t.destroyed, ==, 1);
  g_assert_false (sleek_xml_stream_is_scheduled (f->stream, "once"));
}

static void
test_schedule_repeat (Fixture *f, gconstpointer data)
{
  Task t = { 0, 3, 0 };

  sleek_xml_stream_schedule (f->stream, "repeat", 0.01, TRUE, task_run, &t, task_destroy);
  run_for (f, 200);
  g_assert_cmpuint (t.runs, ==, 3);
  g_assert_cmpuint (t.destroyed, ==, 1);
}

static void
test_unschedule (Fixture *f, gconstpointer data)
{
  Task t = { 0, 0, 0 };

  sleek_xml_stream_schedule (f->stream, "never", 0.05, FALSE, task_run, &t, task_destroy);
  sleek_xml_stream_unschedule (f->stream, "never");
  sleek_xml_stream_unschedule (f->stream, "unknown");
  g_assert_cmpuint (t.destroyed, ==, 1);
  run_for (f, 100);
  g_assert_cmpuint (t.runs, ==, 0);
}

static void
test_schedule_replace (Fixture *f, gconstpointer data)
{
  Task first = { 0, 0, 0 };
  Task second = { 0, 0, 0 };

  sleek_xml_stream_schedule (f->stream, "task", 0.01, FALSE, task_run, &first, task_destroy);
  sleek_xml_stream_schedule (f->stream, "task", 0.01, FALSE, task_run, &second, task_destroy);
  g_assert_cmpuint (first.destroyed, ==, 1);
  run_for (f, 80);
  g_assert_cmpuint (first.runs, ==, 0);
  g_assert_cmpuint (second.runs, ==, 1);
}

static gboolean
unschedule_self (gpointer user_data)
{
  Fixture *f = user_data;

  sleek_xml_stream_unschedule (f->stream, "self");
  g_ptr_array_add (f->log, g_strdup ("ran"));
  return G_SOURCE_CONTINUE;
}

static void
test_schedule_unschedules_itself (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_schedule (f->stream, "self", 0.01, TRUE, unschedule_self, f, NULL);
  run_for (f, 100);
  g_assert_cmpuint (f->log->len, ==, 1);
}

static void
test_schedule_removed_on_dispose (Fixture *f, gconstpointer data)
{
  Task t = { 0, 0, 0 };

  sleek_xml_stream_schedule (f->stream, "a", 10, FALSE, task_run, &t, task_destroy);
  sleek_xml_stream_schedule (f->stream, "b", 10, TRUE, task_run, &t, task_destroy);
  sleek_xml_stream_abort (f->stream);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->stream);
  g_assert_cmpuint (t.destroyed, ==, 2);
  g_assert_cmpuint (t.runs, ==, 0);
  f->stream = sleek_xml_stream_new ();
}

/* Restart */

static void
restart_on_stanza (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  sleek_xml_stream_restart (stream, NULL);
}

static void
test_restart_in_handler (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->stream, "stanza", G_CALLBACK (restart_on_stanza), NULL);
  /* The first stanza restarts the stream; the rest of those bytes belong
   * to the old stream and are discarded. */
  sleek_test_stream_recv (f->peer, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message id='discarded'/>");
  g_signal_handlers_disconnect_by_func (f->stream, G_CALLBACK (restart_on_stanza), NULL);
  add_logging_handler (f, sleek_matcher_new_any (), 0, "new");
  sleek_xml_stream_open (f->stream, NULL);
  expect_send (f, "<stream:stream version='1.0'>");
  sleek_test_stream_recv (f->peer, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                                   "xmlns:stream='http://etherx.jabber.org/streams' id='second'><message id='kept'/>");
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (f->stream), ==, "second");
  {
    const char * const expected[] = { "new:message", NULL };
    assert_log (f, expected);
  }
  g_assert_false (f->disconnected);
  (void) error;
}

static void
test_restart_outside_handler (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_restart (f->stream, NULL);
  sleek_xml_stream_open (f->stream, NULL);
  expect_send (f, "<stream:stream version='1.0'>");
  sleek_test_stream_recv (f->peer, "<stream:stream xmlns='jabber:client' "
                                   "xmlns:stream='http://etherx.jabber.org/streams' id='third'>");
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (f->stream), ==, "third");
  g_assert_false (f->disconnected);
}

static void
test_restart_new_io (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekTestStream) second = sleek_test_stream_new ();

  sleek_xml_stream_restart (f->stream, sleek_test_stream_get_io_stream (second));
  g_assert_true (sleek_xml_stream_get_io_stream (f->stream) == sleek_test_stream_get_io_stream (second));
  sleek_xml_stream_open (f->stream, NULL);
  {
    g_autoptr(GError) error = NULL;
    sleek_test_stream_expect_send (second, "<stream:stream version='1.0'>", &error);
    g_assert_no_error (error);
  }
  sleek_test_stream_recv (second, "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='new-io'>");
  g_assert_cmpstr (sleek_xml_stream_get_stream_id (f->stream), ==, "new-io");
}

/* Disconnecting */

static void
disconnect_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_disconnect_polite (Fixture *f, gconstpointer data)
{
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) last = sleek_stanza_new ("presence", SLEEK_NS_CLIENT);

  sleek_stanza_set_string (last, "type", "unavailable");
  sleek_xml_stream_send (f->stream, last);
  sleek_xml_stream_disconnect_async (f->stream, NULL, disconnect_done, &done);
  expect_send (f, "<presence type='unavailable'/>");
  expect_send (f, "</stream:stream>");
  g_assert_false (done);
  sleek_test_stream_recv (f->peer, "</stream:stream>");
  sleek_test_stream_iterate_until (f->peer, &done, &error);
  g_assert_no_error (error);
  g_assert_true (f->disconnected);
  g_assert_no_error (f->disconnect_error);
  g_assert_false (sleek_xml_stream_is_connected (f->stream));
  sleek_test_stream_wait_closed (f->peer, &error);
  g_assert_no_error (error);
}

static gpointer
send_unavailable_from_thread (gpointer data)
{
  g_autoptr(SleekStanza) last = sleek_stanza_new ("presence", SLEEK_NS_CLIENT);

  sleek_stanza_set_string (last, "type", "unavailable");
  sleek_xml_stream_send (data, last);
  return NULL;
}

/* A stanza another thread sent before disconnect_async() waits in the
 * cross-thread queue; it must still go out before </stream:stream>. */
static void
test_disconnect_after_thread_send (Fixture *f, gconstpointer data)
{
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;

  g_thread_join (g_thread_new ("sender", send_unavailable_from_thread, f->stream));
  sleek_xml_stream_disconnect_async (f->stream, NULL, disconnect_done, &done);
  expect_send (f, "<presence type='unavailable'/>");
  expect_send (f, "</stream:stream>");
  sleek_test_stream_recv (f->peer, "</stream:stream>");
  sleek_test_stream_iterate_until (f->peer, &done, &error);
  g_assert_no_error (error);
  g_assert_no_error (f->disconnect_error);
  g_assert_cmpuint (f->send_failed->len, ==, 0);
}

static void
test_disconnect_timeout (Fixture *f, gconstpointer data)
{
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_object_set (f->stream, "disconnect-timeout", 100, NULL);
  sleek_xml_stream_disconnect_async (f->stream, NULL, disconnect_done, &done);
  expect_send (f, "</stream:stream>");
  /* The peer never answers. */
  sleek_test_stream_iterate_until (f->peer, &done, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 90 * 1000);
  g_assert_true (f->disconnected);
  g_assert_no_error (f->disconnect_error);
}

static void
disconnect_cancelled_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

static void
test_disconnect_cancelled (Fixture *f, gconstpointer data)
{
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_object_set (f->stream, "disconnect-timeout", 60000, NULL);
  sleek_xml_stream_disconnect_async (f->stream, cancellable, disconnect_cancelled_done, &done);
  expect_send (f, "</stream:stream>");
  g_cancellable_cancel (cancellable);
  sleek_test_stream_iterate_until (f->peer, &done, &error);
  g_assert_no_error (error);
  /* Cancelled, and the connection is closed all the same. */
  g_assert_true (f->disconnected);
  g_assert_false (sleek_xml_stream_is_connected (f->stream));
}

static void
test_disconnect_twice (Fixture *f, gconstpointer data)
{
  gboolean first = FALSE, second = FALSE, third = FALSE;
  g_autoptr(GError) error = NULL;

  sleek_xml_stream_disconnect_async (f->stream, NULL, disconnect_done, &first);
  sleek_xml_stream_disconnect_async (f->stream, NULL, disconnect_done, &second);
  sleek_test_stream_recv (f->peer, "</stream:stream>");
  sleek_test_stream_iterate_until (f->peer, &second, &error);
  g_assert_no_error (error);
  g_assert_true (first);
  g_assert_cmpuint (f->n_disconnected, ==, 1);
  sleek_xml_stream_disconnect_async (f->stream, NULL, disconnect_done, &third);
  sleek_test_stream_iterate_until (f->peer, &third, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_disconnected, ==, 1);
}

static void
count_stream_end (SleekXmlStream *stream, guint *ends)
{
  (*ends)++;
}

static void
test_peer_ends_stream (Fixture *f, gconstpointer data)
{
  guint ends = 0;

  g_signal_connect (f->stream, "stream-end", G_CALLBACK (count_stream_end), &ends);
  sleek_test_stream_recv (f->peer, "</stream:stream>");
  g_assert_cmpuint (ends, ==, 1);
  expect_send (f, "</stream:stream>");
  wait_disconnected (f);
  g_assert_no_error (f->disconnect_error);
  g_assert_cmpuint (f->n_disconnected, ==, 1);
}

static void
test_peer_closes_abruptly (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) queued = sleek_stanza_new ("message", SLEEK_NS_CLIENT);

  sleek_test_stream_close (f->peer);
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_cmpuint (f->n_disconnected, ==, 1);
  sleek_xml_stream_send (f->stream, queued);
  g_assert_cmpuint (f->send_failed->len, ==, 1);
}

static void
test_peer_stream_error (Fixture *f, gconstpointer data)
{
  sleek_test_stream_recv (f->peer, "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                                   "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text>"
                                   "</stream:error></stream:stream>");
  expect_send (f, "</stream:stream>");
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_CONFLICT);
  g_assert_nonnull (strstr (f->disconnect_error->message, "Replaced by new connection"));
}

static void
test_peer_stream_error_unknown_condition (Fixture *f, gconstpointer data)
{
  sleek_test_stream_recv (f->peer, "<stream:error><made-up xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION);
}

static void
test_reattach (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekTestStream) second = NULL;
  g_autoptr(GError) error = NULL;

  sleek_test_stream_close (f->peer);
  wait_disconnected (f);
  second = sleek_test_stream_new ();
  sleek_test_stream_start (second, f->stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_xml_stream_is_connected (f->stream));
  add_logging_handler (f, sleek_matcher_new_any (), 0, "again");
  sleek_test_stream_recv (second, "<message/>");
  g_assert_cmpuint (f->log->len, ==, 1);
}

/* Hostile input: each ends the stream with the right error and a clear
 * disconnected signal. */

typedef struct {
  const char *name;
  const char *xml;
  SleekStreamError code;
} Hostile;

static const Hostile hostile[] = {
  { "doctype-in-stream", "<!DOCTYPE foo>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "entity-reference", "<message><body>&ent;</body></message>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "entity-in-attribute", "<message to='&ent;'/>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "processing-instruction", "<?evil?>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "processing-instruction-in-stanza", "<message><?evil?></message>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "comment", "<!-- c -->", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "comment-in-stanza", "<message><!-- c --></message>", SLEEK_STREAM_ERROR_RESTRICTED_XML },
  { "invalid-utf8", "<message><body>\xff</body></message>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "mismatched", "<message></iq>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
  { "unbound-prefix", "<x:message/>", SLEEK_STREAM_ERROR_NOT_WELL_FORMED },
};

static void
test_hostile (Fixture *f, gconstpointer data)
{
  const Hostile *h = data;
  g_autofree char *expected = g_strdup_printf ("<stream:error><%s xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
                                               sleek_stream_error_to_condition (h->code));
  g_autoptr(SleekNode) error_node = NULL;
  g_autoptr(GError) error = NULL;

  add_logging_handler (f, sleek_matcher_new_any (), 0, "h");
  sleek_test_stream_recv (f->peer, h->xml);
  error_node = sleek_test_stream_next_send (f->peer, &error);
  g_assert_no_error (error);
  g_assert_true (sleek_node_is (error_node, "error", SLEEK_NS_STREAMS));
  g_assert_nonnull (sleek_node_get_child (error_node, sleek_stream_error_to_condition (h->code), SLEEK_NS_STREAM_ERRORS));
  expect_send (f, "</stream:stream>");
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, (gint) h->code);
  g_assert_cmpuint (f->log->len, ==, 0);
  sleek_test_stream_wait_closed (f->peer, &error);
  g_assert_no_error (error);
  (void) expected;
}

static void
test_hostile_doctype_before_header (void)
{
  GMainContext *ctx = g_main_context_new ();
  g_autoptr(SleekTestStream) peer = NULL;
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = NULL;

  g_main_context_push_thread_default (ctx);
  peer = sleek_test_stream_new ();
  stream = sleek_xml_stream_new ();
  sleek_test_stream_attach (peer, stream);
  /* The peer speaks first, with a DOCTYPE; we have sent no header yet, so
   * one is sent before the error, as RFC 6120 section 4.9.1.1 says. */
  sleek_test_stream_recv (peer, "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><stream:stream "
                                "xmlns:stream='http://etherx.jabber.org/streams'>");
  sleek_test_stream_expect_send (peer, "<stream:stream version='1.0'>", &error);
  g_assert_no_error (error);
  node = sleek_test_stream_next_send (peer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (node, "restricted-xml", SLEEK_NS_STREAM_ERRORS));
  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_clear_object (&stream);
  g_clear_object (&peer);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
}

static void
test_wrong_stream_namespace (void)
{
  GMainContext *ctx = g_main_context_new ();
  g_autoptr(SleekTestStream) peer = NULL;
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) node = NULL;

  g_main_context_push_thread_default (ctx);
  peer = sleek_test_stream_new ();
  stream = sleek_xml_stream_new ();
  sleek_test_stream_start (peer, stream, "<stream:stream xmlns:stream='urn:wrong' xmlns='jabber:client'>", &error);
  g_assert_no_error (error);
  node = sleek_test_stream_next_send (peer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_child (node, "invalid-namespace", SLEEK_NS_STREAM_ERRORS));
  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_clear_object (&stream);
  g_clear_object (&peer);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
}

static void
test_limit_stanza_size (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) big = g_string_new ("<message><body>");

  g_object_set (f->stream, "max-stanza-size", 4096, NULL);
  add_logging_handler (f, sleek_matcher_new_any (), 0, "h");
  sleek_test_stream_recv (f->peer, "<message><body>small</body></message>");
  for (int i = 0; i < 1000; i++)
    g_string_append (big, "0123456789");
  g_string_append (big, "</body></message>");
  sleek_test_stream_recv (f->peer, big->str);
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
  g_assert_cmpuint (f->log->len, ==, 1);
}

static void
test_limit_depth (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  g_object_set (f->stream, "max-depth", 8, NULL);
  for (int i = 0; i < 10; i++)
    g_string_append (deep, "<a>");
  sleek_test_stream_recv (f->peer, deep->str);
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_limit_attributes (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) many = g_string_new ("<message");

  g_object_set (f->stream, "max-attributes", 16, NULL);
  for (int i = 0; i < 17; i++)
    g_string_append_printf (many, " a%d='x'", i);
  g_string_append (many, "/>");
  sleek_test_stream_recv (f->peer, many->str);
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_close_with_error (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_close_with_error (f->stream, SLEEK_STREAM_ERROR_POLICY_VIOLATION, "too chatty");
  expect_send (f, "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
                  "<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                  "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>too chatty</text></stream:error>");
  expect_send (f, "</stream:stream>");
  sleek_test_stream_recv (f->peer, "</stream:stream>");
  wait_disconnected (f);
  g_assert_error (f->disconnect_error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_POLICY_VIOLATION);
}

static void
test_whitespace_between_stanzas (Fixture *f, gconstpointer data)
{
  add_logging_handler (f, sleek_matcher_new_any (), 0, "h");
  for (int i = 0; i < 100; i++)
    sleek_test_stream_recv (f->peer, " \n\t ");
  sleek_test_stream_recv (f->peer, "<message/>");
  g_assert_cmpuint (f->log->len, ==, 1);
  g_assert_false (f->disconnected);
}

static void
test_byte_at_a_time (Fixture *f, gconstpointer data)
{
  const char *xml = "<message><body>Привет 你好 🎉 &amp;</body></message>";
  g_autofree char *body = NULL;
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  sleek_xml_stream_add_handler (f->stream, any, 0, read_body, &body, NULL);
  for (const char *p = xml; *p != '\0'; p++)
    {
      char one[2] = { *p, '\0' };
      sleek_test_stream_recv (f->peer, one);
    }
  g_assert_cmpstr (body, ==, "Привет 你好 🎉 &");
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  guint size = 0, depth = 0, attrs = 0, pending = 0, timeout = 0;
  g_autofree char *ns = NULL;

  g_object_get (f->stream, "max-stanza-size", &size, "max-depth", &depth, "max-attributes", &attrs,
                "max-pending-bytes", &pending, "disconnect-timeout", &timeout,
                "default-namespace", &ns, NULL);
  g_assert_cmpuint (size, ==, 1024 * 1024);
  g_assert_cmpuint (depth, >, 8);
  g_assert_cmpuint (attrs, >, 8);
  g_assert_cmpuint (pending, >, 0);
  g_assert_cmpuint (timeout, >, 0);
  g_assert_cmpstr (ns, ==, "jabber:client");
  sleek_xml_stream_set_default_namespace (f->stream, SLEEK_NS_COMPONENT);
  g_assert_cmpstr (sleek_xml_stream_get_default_namespace (f->stream), ==, SLEEK_NS_COMPONENT);
}

static void
test_component_namespace_writes_no_xmlns (void)
{
  GMainContext *ctx = g_main_context_new ();
  g_autoptr(SleekTestStream) peer = NULL;
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(SleekStanza) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = NULL;

  g_main_context_push_thread_default (ctx);
  peer = sleek_test_stream_new ();
  stream = sleek_xml_stream_new ();
  sleek_xml_stream_set_default_namespace (stream, SLEEK_NS_COMPONENT);
  sleek_test_stream_attach (peer, stream);
  sleek_xml_stream_open (stream, NULL);
  sent = sleek_test_stream_next_send (peer, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sent, sleek_node_unref);
  message = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
  sleek_stanza_set_string (message, "body", "hi");
  sleek_xml_stream_send (stream, message);
  sent = sleek_test_stream_next_send (peer, &error);
  g_assert_no_error (error);
  /* A jabber:client stanza is written without xmlns, so it takes the
   * stream's namespace on the wire. */
  g_assert_cmpstr (sleek_node_get_namespace (sent), ==, "jabber:component:accept");
  g_assert_cmpstr (sleek_node_get_child_text (sent, "body", NULL), ==, "hi");
  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_clear_object (&stream);
  g_clear_object (&peer);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
}

/* Reusing stanza objects must never show: what a handler keeps stays as
 * it was. */

static void
keep_stanza (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_ptr_array_add (user_data, g_object_ref (stanza));
}

static void
test_kept_stanzas_unchanged (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  sleek_xml_stream_add_handler (f->stream, any, 0, keep_stanza, kept, NULL);
  sleek_test_stream_recv (f->peer, "<message><body>one</body></message><message><body>two</body></message>"
                                   "<message><body>three</body></message>");
  g_assert_cmpuint (kept->len, ==, 3);
  g_assert_true (g_ptr_array_index (kept, 0) != g_ptr_array_index (kept, 1));
  g_assert_cmpstr (sleek_stanza_get_string (g_ptr_array_index (kept, 0), "body"), ==, "one");
  g_assert_cmpstr (sleek_stanza_get_string (g_ptr_array_index (kept, 1), "body"), ==, "two");
  g_assert_cmpstr (sleek_stanza_get_string (g_ptr_array_index (kept, 2), "body"), ==, "three");
}

static void
note_stanza (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  GPtrArray *seen = user_data;

  /* Not a reference: only the pointer, to compare. */
  g_ptr_array_add (seen, stanza);
  if (seen->len == 1)
    g_object_set_data (G_OBJECT (stanza), "marked", GINT_TO_POINTER (1));
}

static void
test_stanza_with_data_not_reused (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(SleekMatcher) any = sleek_matcher_new_any ();

  sleek_xml_stream_add_handler (f->stream, any, 0, note_stanza, seen, NULL);
  sleek_test_stream_recv (f->peer, "<message><body>one</body></message>");
  sleek_test_stream_recv (f->peer, "<message><body>two</body></message>");
  sleek_test_stream_recv (f->peer, "<message><body>three</body></message>");
  g_assert_cmpuint (seen->len, ==, 3);
  /* The first carried data, so it was not reused; the second was free to
   * be reused for the third. */
  g_assert_true (g_ptr_array_index (seen, 1) != g_ptr_array_index (seen, 0));
  g_assert_true (g_ptr_array_index (seen, 2) == g_ptr_array_index (seen, 1));
}

/* A subclass sees the stanzas no handler took. */

#define TEST_TYPE_COUNTING_STREAM (test_counting_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingStream, test_counting_stream, TEST, COUNTING_STREAM, SleekXmlStream)

struct _TestCountingStream {
  SleekXmlStream parent_instance;
  GPtrArray *unhandled;
};

G_DEFINE_FINAL_TYPE (TestCountingStream, test_counting_stream, SLEEK_TYPE_XML_STREAM)

static void
test_counting_stream_unhandled (SleekXmlStream *stream, SleekStanza *stanza)
{
  g_ptr_array_add (TEST_COUNTING_STREAM (stream)->unhandled,
                   g_strdup (sleek_node_get_name (sleek_stanza_get_node (stanza))));
}

static void
test_counting_stream_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_COUNTING_STREAM (object)->unhandled);
  G_OBJECT_CLASS (test_counting_stream_parent_class)->finalize (object);
}

static void
test_counting_stream_class_init (TestCountingStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counting_stream_finalize;
  SLEEK_XML_STREAM_CLASS (klass)->unhandled = test_counting_stream_unhandled;
}

static void
test_counting_stream_init (TestCountingStream *self)
{
  self->unhandled = g_ptr_array_new_with_free_func (g_free);
}

static void
test_unhandled_vfunc (void)
{
  GMainContext *ctx = g_main_context_new ();
  g_autoptr(SleekTestStream) peer = NULL;
  g_autoptr(TestCountingStream) stream = NULL;
  g_autoptr(SleekMatcher) iq = sleek_matcher_new_stanza_path ("iq");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) handled = g_ptr_array_new ();

  g_main_context_push_thread_default (ctx);
  peer = sleek_test_stream_new ();
  stream = g_object_new (TEST_TYPE_COUNTING_STREAM, NULL);
  sleek_test_stream_start (peer, SLEEK_XML_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  sleek_xml_stream_add_handler (SLEEK_XML_STREAM (stream), iq, 0, record_type, handled, NULL);
  sleek_test_stream_recv (peer, "<iq type='get' id='1'/><message/><presence/><iq type='set' id='2'/>");
  g_assert_cmpuint (handled->len, ==, 2);
  g_assert_cmpuint (stream->unhandled->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (stream->unhandled, 0), ==, "message");
  g_assert_cmpstr (g_ptr_array_index (stream->unhandled, 1), ==, "presence");
  sleek_xml_stream_abort (SLEEK_XML_STREAM (stream));
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_clear_object (&stream);
  g_clear_object (&peer);
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
}

/* Draining the output (what STARTTLS waits for before its handshake) */

/* An output stream whose asynchronous writes complete only when the test
 * says so: a write still in flight, as when the peer's answer to
 * <starttls/> is read before the write of <starttls/> has called back. */
#define TEST_TYPE_HELD_OUTPUT (test_held_output_get_type ())
G_DECLARE_FINAL_TYPE (TestHeldOutput, test_held_output, TEST, HELD_OUTPUT, GOutputStream)

struct _TestHeldOutput {
  GOutputStream parent_instance;
  GTask *pending;
  gsize pending_count;
  GString *written;
};

G_DEFINE_FINAL_TYPE (TestHeldOutput, test_held_output, G_TYPE_OUTPUT_STREAM)

static gssize
held_write (GOutputStream *stream, const void *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  g_string_append_len (TEST_HELD_OUTPUT (stream)->written, buffer, count);
  return count;
}

static void
held_write_async (GOutputStream *stream, const void *buffer, gsize count, int io_priority,
                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  TestHeldOutput *self = TEST_HELD_OUTPUT (stream);

  g_assert_null (self->pending);
  g_string_append_len (self->written, buffer, count);
  self->pending = g_task_new (stream, cancellable, callback, user_data);
  self->pending_count = count;
}

static gssize
held_write_finish (GOutputStream *stream, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
held_release (TestHeldOutput *self)
{
  GTask *task = g_steal_pointer (&self->pending);

  g_assert_nonnull (task);
  g_task_return_int (task, self->pending_count);
  g_object_unref (task);
}

static void
test_held_output_finalize (GObject *object)
{
  TestHeldOutput *self = TEST_HELD_OUTPUT (object);

  if (self->pending != NULL)
    {
      g_task_return_new_error (self->pending, G_IO_ERROR, G_IO_ERROR_CLOSED, "closed");
      g_clear_object (&self->pending);
    }
  g_string_free (self->written, TRUE);
  G_OBJECT_CLASS (test_held_output_parent_class)->finalize (object);
}

static void
test_held_output_class_init (TestHeldOutputClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_held_output_finalize;
  stream_class->write_fn = held_write;
  stream_class->write_async = held_write_async;
  stream_class->write_finish = held_write_finish;
}

static void
test_held_output_init (TestHeldOutput *self)
{
  self->written = g_string_new (NULL);
}

static void
store_async_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Iterates @ctx until *@result is set, at most 5 s. */
static void
wait_result (GMainContext *ctx, GAsyncResult **result)
{
  gboolean expired = FALSE;
  GSource *timer = g_timeout_source_new_seconds (5);

  g_source_set_callback (timer, set_flag, &expired, NULL);
  g_source_attach (timer, ctx);
  while (*result == NULL && !expired)
    g_main_context_iteration (ctx, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_nonnull (*result);
}

static void
test_drain_output (void)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(TestHeldOutput) output = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) io = NULL;
  g_autoptr(GAsyncResult) drained = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_main_context_push_thread_default (ctx);
  /* Reads wait on one end of a socket pair whose other end stays quiet. */
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  connection = g_socket_connection_factory_create_connection (socket);
  output = g_object_new (TEST_TYPE_HELD_OUTPUT, NULL);
  io = g_simple_io_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)), G_OUTPUT_STREAM (output));
  stream = sleek_xml_stream_new ();
  sleek_xml_stream_attach (stream, io);

  /* Nothing written yet: drained at once. */
  sleek_xml_stream_drain_output_async (stream, NULL, store_async_result, &drained);
  wait_result (ctx, &drained);
  g_assert_true (sleek_xml_stream_drain_output_finish (stream, drained, &error));
  g_assert_no_error (error);
  g_clear_object (&drained);

  /* The header is being written: the drain waits for it... */
  sleek_xml_stream_open (stream, NULL);
  g_assert_nonnull (output->pending);
  sleek_xml_stream_drain_output_async (stream, NULL, store_async_result, &drained);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_assert_null (drained);
  /* ...and for what was queued behind it. */
  sleek_xml_stream_send_raw (stream, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  held_release (output);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_assert_null (drained);
  g_assert_nonnull (output->pending);
  held_release (output);
  wait_result (ctx, &drained);
  g_assert_true (sleek_xml_stream_drain_output_finish (stream, drained, &error));
  g_assert_no_error (error);
  g_assert_null (output->pending);
  g_assert_nonnull (strstr (output->written->str, "<starttls"));
  g_clear_object (&drained);

  /* A stream that closes first fails the wait. */
  sleek_xml_stream_send_raw (stream, "<presence/>");
  sleek_xml_stream_drain_output_async (stream, NULL, store_async_result, &drained);
  sleek_xml_stream_abort (stream);
  wait_result (ctx, &drained);
  g_assert_false (sleek_xml_stream_drain_output_finish (stream, drained, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  /* Let the write still held call back, or it keeps the stream alive. */
  if (output->pending != NULL)
    held_release (output);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  close (fds[1]);
  g_main_context_pop_thread_default (ctx);
}

/* STARTTLS by hand: <proceed/> can arrive while <starttls/> is still
 * being written, and the TLS connection put on top of the TCP one writes
 * to it as soon as it is read (the handshake). The first read on the new
 * connection waits for the old write to finish. */
static void
test_restart_waits_for_write (void)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  g_autoptr(SleekXmlStream) stream = NULL;
  g_autoptr(TestHeldOutput) output = NULL;
  g_autoptr(GSocket) socket = NULL, socket2 = NULL;
  g_autoptr(GSocketConnection) connection = NULL, connection2 = NULL;
  g_autoptr(GIOStream) io = NULL, layered = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *layered_input;
  int fds[2], fds2[2];

  g_main_context_push_thread_default (ctx);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds2), ==, 0);
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  socket2 = g_socket_new_from_fd (fds2[0], &error);
  g_assert_no_error (error);
  connection = g_socket_connection_factory_create_connection (socket);
  connection2 = g_socket_connection_factory_create_connection (socket2);
  output = g_object_new (TEST_TYPE_HELD_OUTPUT, NULL);
  io = g_simple_io_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)), G_OUTPUT_STREAM (output));
  /* Stands for the TLS connection: its own input, the same output. */
  layered_input = g_io_stream_get_input_stream (G_IO_STREAM (connection2));
  layered = g_simple_io_stream_new (layered_input, G_OUTPUT_STREAM (output));
  stream = sleek_xml_stream_new ();
  sleek_xml_stream_attach (stream, io);

  sleek_xml_stream_open (stream, NULL);
  g_assert_nonnull (output->pending);
  sleek_xml_stream_restart (stream, layered);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_assert_false (g_input_stream_has_pending (layered_input));

  /* The old write done, the new connection is read. */
  held_release (output);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_assert_true (g_input_stream_has_pending (layered_input));

  sleek_xml_stream_abort (stream);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  close (fds[1]);
  close (fds2[1]);
  g_main_context_pop_thread_default (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/xml-stream/header", test_header);
  g_test_add_func ("/xml-stream/header-attributes", test_header_with_attributes);
  ADD ("/xml-stream/stanza-signal", test_stanza_classes);
  ADD ("/xml-stream/registered-types", test_registered_types);
  ADD ("/xml-stream/handler/order", test_handler_order);
  ADD ("/xml-stream/handler/once", test_handler_once);
  ADD ("/xml-stream/handler/remove", test_handler_remove);
  ADD ("/xml-stream/handler/removes-itself", test_handler_removes_itself);
  ADD ("/xml-stream/handler/removes-other", test_handler_removes_other);
  ADD ("/xml-stream/handler/destroy-on-dispose", test_handler_destroy_on_dispose);
  ADD ("/xml-stream/handler/own-copy", test_handler_gets_own_copy);
  ADD ("/xml-stream/handler/matchers", test_handler_matchers);
  ADD ("/xml-stream/handler/threaded", test_handler_threaded);
  ADD ("/xml-stream/handler/threaded-many", test_handler_threaded_many);
  ADD ("/xml-stream/send/namespace", test_send_serialises_in_namespace);
  ADD ("/xml-stream/send/order", test_send_order);
  ADD ("/xml-stream/send/from-threads", test_send_from_threads);
  ADD ("/xml-stream/send/raw", test_send_raw);
  ADD ("/xml-stream/send/when-closed", test_send_when_closed_fails);
  ADD ("/xml-stream/send/max-pending", test_send_max_pending);
  ADD ("/xml-stream/send/debug-log", test_send_debug_log);
  ADD ("/xml-stream/send/large-between-small", test_send_large_between_small);
  ADD ("/xml-stream/filter/outgoing", test_filter_outgoing);
  ADD ("/xml-stream/filter/incoming", test_filter_incoming);
  ADD ("/xml-stream/event/direct-and-queued", test_event_direct_and_queued);
  ADD ("/xml-stream/event/order", test_event_order);
  ADD ("/xml-stream/event/from-thread", test_event_from_thread);
  ADD ("/xml-stream/schedule/once", test_schedule_once);
  ADD ("/xml-stream/schedule/repeat", test_schedule_repeat);
  ADD ("/xml-stream/schedule/unschedule", test_unschedule);
  ADD ("/xml-stream/schedule/replace", test_schedule_replace);
  ADD ("/xml-stream/schedule/unschedules-itself", test_schedule_unschedules_itself);
  ADD ("/xml-stream/schedule/removed-on-dispose", test_schedule_removed_on_dispose);
  ADD ("/xml-stream/restart/in-handler", test_restart_in_handler);
  ADD ("/xml-stream/restart/outside-handler", test_restart_outside_handler);
  ADD ("/xml-stream/restart/new-io", test_restart_new_io);
  g_test_add_func ("/xml-stream/restart/waits-for-write", test_restart_waits_for_write);
  ADD ("/xml-stream/disconnect/polite", test_disconnect_polite);
  ADD ("/xml-stream/disconnect/after-thread-send", test_disconnect_after_thread_send);
  ADD ("/xml-stream/disconnect/timeout", test_disconnect_timeout);
  ADD ("/xml-stream/disconnect/cancelled", test_disconnect_cancelled);
  ADD ("/xml-stream/disconnect/twice", test_disconnect_twice);
  ADD ("/xml-stream/disconnect/peer-ends-stream", test_peer_ends_stream);
  ADD ("/xml-stream/disconnect/peer-closes-abruptly", test_peer_closes_abruptly);
  ADD ("/xml-stream/disconnect/peer-stream-error", test_peer_stream_error);
  ADD ("/xml-stream/disconnect/peer-stream-error-unknown", test_peer_stream_error_unknown_condition);
  ADD ("/xml-stream/disconnect/reattach", test_reattach);
  ADD ("/xml-stream/limit/stanza-size", test_limit_stanza_size);
  ADD ("/xml-stream/limit/depth", test_limit_depth);
  ADD ("/xml-stream/limit/attributes", test_limit_attributes);
  ADD ("/xml-stream/close-with-error", test_close_with_error);
  ADD ("/xml-stream/whitespace", test_whitespace_between_stanzas);
  ADD ("/xml-stream/byte-at-a-time", test_byte_at_a_time);
  ADD ("/xml-stream/properties", test_properties);
  g_test_add_func ("/xml-stream/hostile/doctype-before-header", test_hostile_doctype_before_header);
  g_test_add_func ("/xml-stream/wrong-stream-namespace", test_wrong_stream_namespace);
  g_test_add_func ("/xml-stream/component-namespace", test_component_namespace_writes_no_xmlns);
  g_test_add_func ("/xml-stream/unhandled-vfunc", test_unhandled_vfunc);
  g_test_add_func ("/xml-stream/drain-output", test_drain_output);
  g_test_add ("/xml-stream/reuse/kept-unchanged", Fixture, NULL, fixture_setup, test_kept_stanzas_unchanged, fixture_teardown);
  g_test_add ("/xml-stream/reuse/data-not-reused", Fixture, NULL, fixture_setup, test_stanza_with_data_not_reused, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *path = g_strdup_printf ("/xml-stream/hostile/%s", hostile[i].name);
      g_test_add (path, Fixture, &hostile[i], fixture_setup, test_hostile, fixture_teardown);
    }
#undef ADD
  return g_test_run ();
}
