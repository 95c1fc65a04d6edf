/* test-base-xmpp.c: SleekBaseXmpp over SleekTestStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

#include <string.h>

#define OWN_JID "juliet@example.com/balcony"
#define ROMEO "romeo@example.net/orchard"
#define NS_VERSION "jabber:iq:version"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

/* A minimal concrete subclass, as a client or component would be. */

G_DECLARE_FINAL_TYPE (TestXmpp, test_xmpp, TEST, XMPP, SleekBaseXmpp)

struct _TestXmpp
{
  SleekBaseXmpp parent_instance;
  GPtrArray *bound;   /* JIDs given to session_bind, as strings */
};

G_DEFINE_FINAL_TYPE (TestXmpp, test_xmpp, SLEEK_TYPE_BASE_XMPP)

static void
test_xmpp_session_bind (SleekBaseXmpp *xmpp, SleekJid *jid)
{
  g_ptr_array_add (TEST_XMPP (xmpp)->bound, g_strdup (sleek_jid_to_string (jid)));
}

static void
test_xmpp_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_XMPP (object)->bound);
  G_OBJECT_CLASS (test_xmpp_parent_class)->finalize (object);
}

static void
test_xmpp_class_init (TestXmppClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_xmpp_finalize;
  SLEEK_BASE_XMPP_CLASS (klass)->session_bind = test_xmpp_session_bind;
}

static void
test_xmpp_init (TestXmpp *self)
{
  self->bound = g_ptr_array_new_with_free_func (g_free);
}

/* Fixture */

typedef struct {
  gboolean done;
  GObject *object;      /* what the finish function returned */
  gboolean ok;
  GError *error;
} AsyncResult;

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekXmlStream *stream;
  SleekBaseXmpp *xmpp;
  GPtrArray *log;
  AsyncResult result;
  AsyncResult result2;
  gboolean disconnected;
} Fixture;

static SleekJid *
jid (const char *text)
{
  g_autoptr(GError) error = NULL;
  SleekJid *j = sleek_jid_new (text, &error);

  g_assert_no_error (error);
  return j;
}

static void
log_event (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
log_event (Fixture *f, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (f->log, g_strdup_vprintf (format, ap));
  va_end (ap);
}

static void
on_disconnected (SleekXmlStream *stream, const GError *error, Fixture *f)
{
  f->disconnected = TRUE;
  log_event (f, "disconnected");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) requested = jid ("juliet@example.com");
  g_autoptr(SleekJid) bound = jid (OWN_JID);

  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->log = g_ptr_array_new_with_free_func (g_free);
  f->peer = sleek_test_stream_new ();
  f->xmpp = g_object_new (test_xmpp_get_type (), "jid", requested, NULL);
  f->stream = SLEEK_XML_STREAM (f->xmpp);
  g_signal_connect (f->stream, "disconnected", G_CALLBACK (on_disconnected), f);
  sleek_test_stream_start (f->peer, f->stream, NULL, &error);
  g_assert_no_error (error);
  sleek_base_xmpp_set_bound_jid (f->xmpp, bound);
}

static void
async_result_clear (AsyncResult *r)
{
  g_clear_object (&r->object);
  g_clear_error (&r->error);
  r->done = r->ok = FALSE;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (f->stream);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->xmpp);
  g_clear_object (&f->peer);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  async_result_clear (&f->result);
  async_result_clear (&f->result2);
  g_ptr_array_unref (f->log);
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
}

static void
recv (Fixture *f, const char *xml)
{
  sleek_test_stream_recv (f->peer, xml);
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

/* Parses @xml as a stanza of a jabber:client stream. */
static SleekNode *
parse_stanza_node (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapped = g_strconcat ("<stream:stream xmlns='jabber:client' "
                                          "xmlns:stream='http://etherx.jabber.org/streams'>",
                                          xml, "</stream:stream>", NULL);
  g_autoptr(SleekNode) stream = sleek_node_parse (wrapped, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sleek_node_get_first_child (stream));
  return sleek_node_ref (sleek_node_get_first_child (stream));
}

static void
assert_node_xml (SleekNode *node, const char *xml)
{
  g_autoptr(SleekNode) expected = parse_stanza_node (xml);

  if (!sleek_node_equal (expected, node))
    {
      g_autofree char *got = sleek_node_to_string_in_namespace (node, "jabber:client");

      g_error ("Expected %s, got %s", xml, got);
    }
}

static void
assert_stanza_xml (gpointer stanza, const char *xml)
{
  assert_node_xml (sleek_stanza_get_node (SLEEK_STANZA (stanza)), xml);
}

/* @format with each %s replaced by @id. */
static char *
with_id (const char *format, const char *id)
{
  GString *text = g_string_new (format);

  g_string_replace (text, "%s", id, 0);
  return g_string_free (text, FALSE);
}

/* Takes the next stanza sent, whose id the library made up, and compares
 * it with @format, where %s stands for that id. Returns the id. */
static char *
expect_send_any_id (Fixture *f, const char *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = sleek_test_stream_next_send (f->peer, &error);
  g_autofree char *expected = NULL;
  const char *id;

  g_assert_no_error (error);
  id = sleek_node_get_attribute (sent, "id");
  g_assert_nonnull (id);
  g_assert_cmpstr (id, !=, "");
  expected = with_id (format, id);
  assert_node_xml (sent, expected);
  return g_strdup (id);
}

static void
wait_for (Fixture *f, gboolean *flag)
{
  g_autoptr(GError) error = NULL;

  sleek_test_stream_iterate_until (f->peer, flag, &error);
  g_assert_no_error (error);
}

static void
assert_log (Fixture *f, ...)
{
  va_list ap;
  const char *want;
  guint i = 0;

  va_start (ap, f);
  while ((want = va_arg (ap, const char *)) != NULL)
    {
      if (i >= f->log->len)
        g_error ("Expected “%s” at %u, the log ends there", want, i);
      g_assert_cmpstr (g_ptr_array_index (f->log, i), ==, want);
      i++;
    }
  va_end (ap);
  if (f->log->len != i)
    g_error ("Unexpected “%s” at %u in the log", (const char *) g_ptr_array_index (f->log, i), i);
  g_ptr_array_set_size (f->log, 0);
}

static void
iq_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncResult *r = user_data;
  SleekIq *iq = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), res, &r->error);

  r->object = iq != NULL ? G_OBJECT (iq) : NULL;
  r->ok = iq != NULL;
  r->done = TRUE;
}

static void
roster_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncResult *r = user_data;
  SleekRoster *roster = sleek_base_xmpp_fetch_roster_finish (SLEEK_BASE_XMPP (source), res, &r->error);

  r->object = roster != NULL ? G_OBJECT (roster) : NULL;
  r->ok = roster != NULL;
  r->done = TRUE;
}

static void
update_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->ok = sleek_base_xmpp_update_roster_item_finish (SLEEK_BASE_XMPP (source), res, &r->error);
  r->done = TRUE;
}

static void
remove_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->ok = sleek_base_xmpp_remove_roster_item_finish (SLEEK_BASE_XMPP (source), res, &r->error);
  r->done = TRUE;
}

/* Sends a version request to @to (NULL for the account) with id @id. */
static void
send_version_request (Fixture *f, const char *to, const char *id, guint timeout, GCancellable *cancellable,
                      AsyncResult *r)
{
  g_autoptr(SleekNode) query = sleek_node_new ("query", NS_VERSION);
  g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (f->xmpp, "get", to, query);

  if (id != NULL)
    sleek_stanza_set_id (SLEEK_STANZA (iq), id);
  sleek_base_xmpp_send_iq_async (f->xmpp, iq, timeout, cancellable, iq_done, r);
}

/* ------------------------------------------------------------------ */
/* Making and sending stanzas                                         */
/* ------------------------------------------------------------------ */

static void
test_make_message (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) full = sleek_base_xmpp_make_message (f->xmpp, ROMEO, "Hi", "Greetings", "chat");
  g_autoptr(SleekMessage) bare = sleek_base_xmpp_make_message (f->xmpp, NULL, NULL, NULL, NULL);

  assert_stanza_xml (full, "<message to='romeo@example.net/orchard' type='chat'>"
                           "<body>Hi</body><subject>Greetings</subject></message>");
  g_assert_cmpint (sleek_message_get_message_type (full), ==, SLEEK_MESSAGE_TYPE_CHAT);
  assert_stanza_xml (bare, "<message/>");
}

static void
test_send_message (Fixture *f, gconstpointer data)
{
  sleek_base_xmpp_send_message (f->xmpp, ROMEO, "Wherefore art thou?", "chat");
  expect_send (f, "<message to='romeo@example.net/orchard' type='chat'><body>Wherefore art thou?</body></message>");
  sleek_base_xmpp_send_message (f->xmpp, "romeo@example.net", "plain", NULL);
  expect_send (f, "<message to='romeo@example.net'><body>plain</body></message>");
}

static void
test_make_presence (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekPresence) full = sleek_base_xmpp_make_presence (f->xmpp, "away", "Out", 5, ROMEO, NULL);
  g_autoptr(SleekPresence) available = sleek_base_xmpp_make_presence (f->xmpp, NULL, NULL, 0, NULL, "available");
  g_autoptr(SleekPresence) negative = sleek_base_xmpp_make_presence (f->xmpp, NULL, NULL, -1, NULL, NULL);
  g_autoptr(SleekPresence) gone = sleek_base_xmpp_make_presence (f->xmpp, NULL, "Bye", 0, NULL, "unavailable");

  assert_stanza_xml (full, "<presence to='romeo@example.net/orchard'>"
                           "<show>away</show><status>Out</status><priority>5</priority></presence>");
  assert_stanza_xml (available, "<presence/>");
  assert_stanza_xml (negative, "<presence><priority>-1</priority></presence>");
  assert_stanza_xml (gone, "<presence type='unavailable'><status>Bye</status></presence>");
  g_assert_cmpint (sleek_presence_get_presence_type (gone), ==, SLEEK_PRESENCE_TYPE_UNAVAILABLE);
}

static void
on_notify_log (GObject *object, GParamSpec *pspec, Fixture *f)
{
  log_event (f, "notify %s", pspec->name);
}

static void
test_send_presence_priority (Fixture *f, gconstpointer data)
{
  int priority = -5;

  g_assert_cmpint (sleek_base_xmpp_get_priority (f->xmpp), ==, 0);
  g_signal_connect (f->xmpp, "notify::priority", G_CALLBACK (on_notify_log), f);

  sleek_base_xmpp_send_presence (f->xmpp, "chat", "Ready", 10, NULL, NULL);
  expect_send (f, "<presence><show>chat</show><status>Ready</status><priority>10</priority></presence>");
  g_assert_cmpint (sleek_base_xmpp_get_priority (f->xmpp), ==, 10);
  g_object_get (f->xmpp, "priority", &priority, NULL);
  g_assert_cmpint (priority, ==, 10);
  assert_log (f, "notify priority", NULL);

  /* Directed presence and other types do not change our priority. */
  sleek_base_xmpp_send_presence (f->xmpp, NULL, NULL, 3, ROMEO, NULL);
  expect_send (f, "<presence to='romeo@example.net/orchard'><priority>3</priority></presence>");
  sleek_base_xmpp_send_presence (f->xmpp, NULL, NULL, 0, NULL, "unavailable");
  expect_send (f, "<presence type='unavailable'/>");
  g_assert_cmpint (sleek_base_xmpp_get_priority (f->xmpp), ==, 10);

  /* Nor any broadcast, however it is sent. */
  {
    g_autoptr(SleekPresence) own = sleek_presence_new ();

    sleek_presence_set_priority (own, -1);
    sleek_xml_stream_send (f->stream, SLEEK_STANZA (own));
    expect_send (f, "<presence><priority>-1</priority></presence>");
    g_assert_cmpint (sleek_base_xmpp_get_priority (f->xmpp), ==, -1);
  }
  assert_log (f, "notify priority", NULL);
}

static void
test_make_iq (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekNode) query = sleek_node_new ("query", NS_VERSION);
  g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (f->xmpp, "get", "example.com", query);
  g_autoptr(SleekIq) empty = sleek_base_xmpp_make_iq (f->xmpp, "result", NULL, NULL);
  g_autofree char *expected = NULL;
  const char *id = sleek_stanza_get_id (SLEEK_STANZA (iq));

  g_assert_nonnull (id);
  expected = g_strdup_printf ("<iq type='get' to='example.com' id='%s'><query xmlns='jabber:iq:version'/></iq>", id);
  assert_stanza_xml (iq, expected);
  g_assert_true (sleek_iq_get_payload (iq) == query);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("<iq type='result' id='%s'/>", sleek_stanza_get_id (SLEEK_STANZA (empty)));
  assert_stanza_xml (empty, expected);
}

static void
test_ids_unique (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *id = sleek_base_xmpp_new_id (f->xmpp);

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (f->xmpp, "get", NULL, NULL);

      g_assert_false (g_hash_table_contains (seen, sleek_stanza_get_id (SLEEK_STANZA (iq))));
      g_hash_table_add (seen, g_strdup (sleek_stanza_get_id (SLEEK_STANZA (iq))));
    }
}

/* ------------------------------------------------------------------ */
/* Messages and presence to signals                                   */
/* ------------------------------------------------------------------ */

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (xmpp), "fixture");

  log_event (f, "%s:%s", (const char *) user_data, sleek_message_get_body (message));
}

static void
connect_message_log (Fixture *f)
{
  g_object_set_data (G_OBJECT (f->xmpp), "fixture", f);
  g_signal_connect (f->xmpp, "message", G_CALLBACK (on_message), "any");
  g_signal_connect (f->xmpp, "message::chat", G_CALLBACK (on_message), "chat");
  g_signal_connect (f->xmpp, "message::groupchat", G_CALLBACK (on_message), "groupchat");
  g_signal_connect (f->xmpp, "message::normal", G_CALLBACK (on_message), "normal");
  g_signal_connect (f->xmpp, "message::headline", G_CALLBACK (on_message), "headline");
  g_signal_connect (f->xmpp, "message::error", G_CALLBACK (on_message), "error");
}

static void
test_message_chat (Fixture *f, gconstpointer data)
{
  connect_message_log (f);
  recv (f, "<message type='chat' from='romeo@example.net/orchard'><body>1</body></message>");
  assert_log (f, "any:1", "chat:1", NULL);
}

static void
on_stanza_log (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;

  log_event (f, "stanza:%s", sleek_stanza_get_id (stanza));
}

static void
on_message_connect_stanza (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
{
  Fixture *f = user_data;

  log_event (f, "message:%s", sleek_stanza_get_id (SLEEK_STANZA (message)));
  if (f->log->len == 1)
    g_signal_connect (xmpp, "stanza", G_CALLBACK (on_stanza_log), f);
}

/* The class handler of "stanza" emits "message"; without a "stanza"
 * handler it is called directly. One connected while the stanzas of a read
 * are dispatched sees the next stanza, before the class handler. */
static void
test_message_stanza_signal (Fixture *f, gconstpointer data)
{
  g_signal_connect (f->xmpp, "message", G_CALLBACK (on_message_connect_stanza), f);
  recv (f, "<message id='a'><body>1</body></message><message id='b'><body>2</body></message>");
  assert_log (f, "message:a", "stanza:b", "message:b", NULL);
}

static void
test_message_groupchat (Fixture *f, gconstpointer data)
{
  connect_message_log (f);
  recv (f, "<message type='groupchat' from='room@muc.example.com/nick'><body>2</body></message>");
  assert_log (f, "any:2", "groupchat:2", NULL);
}

static void
test_message_error (Fixture *f, gconstpointer data)
{
  connect_message_log (f);
  recv (f, "<message type='error' from='romeo@example.net'><body>3</body>"
           "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></message>");
  assert_log (f, "any:3", "error:3", NULL);
}

static void
test_message_headline (Fixture *f, gconstpointer data)
{
  connect_message_log (f);
  recv (f, "<message type='headline' from='news.example.com'><body>4</body></message>");
  assert_log (f, "any:4", "headline:4", NULL);
}

static void
test_message_normal (Fixture *f, gconstpointer data)
{
  connect_message_log (f);
  /* No type, "normal" and an unknown type are all normal messages. */
  recv (f, "<message from='romeo@example.net'><body>5</body></message>");
  recv (f, "<message type='normal' from='romeo@example.net'><body>6</body></message>");
  recv (f, "<message type='bogus' from='romeo@example.net'><body>7</body></message>");
  assert_log (f, "any:5", "normal:5", "any:6", "normal:6", "any:7", "normal:7", NULL);
}

static void
log_stanza_handler (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Fixture *f = user_data;

  log_event (f, "handler:%s", sleek_node_get_name (sleek_stanza_get_node (stanza)));
}

static void
test_message_after_handlers (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xpath ("{jabber:client}message");

  connect_message_log (f);
  sleek_xml_stream_add_handler (f->stream, matcher, SLEEK_HANDLER_NONE, log_stanza_handler, f, NULL);
  recv (f, "<message type='chat' from='romeo@example.net'><body>8</body></message>");
  assert_log (f, "handler:message", "any:8", "chat:8", NULL);
  /* A handled message is not an unhandled request: nothing is sent. */
  expect_silence (f);
}

static void
on_presence (SleekBaseXmpp *xmpp, SleekPresence *presence, gpointer user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (xmpp), "fixture");

  log_event (f, "%s:%s", (const char *) user_data, sleek_stanza_get_string (SLEEK_STANZA (presence), "from"));
}

static const char * const presence_types[] = {
  "available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error",
};

static void
connect_presence_log (Fixture *f)
{
  g_object_set_data (G_OBJECT (f->xmpp), "fixture", f);
  g_signal_connect (f->xmpp, "presence", G_CALLBACK (on_presence), "any");
  for (guint i = 0; i < G_N_ELEMENTS (presence_types); i++)
    {
      g_autofree char *signal = g_strconcat ("presence::", presence_types[i], NULL);

      g_signal_connect (f->xmpp, signal, G_CALLBACK (on_presence), (gpointer) presence_types[i]);
    }
}

static void
test_presence_subscribe (Fixture *f, gconstpointer data)
{
  connect_presence_log (f);
  recv (f, "<presence type='subscribe' from='romeo@example.net'/>");
  assert_log (f, "any:romeo@example.net", "subscribe:romeo@example.net", NULL);
}

static void
test_presence_details (Fixture *f, gconstpointer data)
{
  connect_presence_log (f);
  for (guint i = 0; i < G_N_ELEMENTS (presence_types); i++)
    {
      g_autofree char *xml = NULL;
      g_autofree char *any = NULL;
      g_autofree char *detailed = NULL;
      g_autofree char *from = g_strdup_printf ("c%u@example.net/r", i);

      if (i == 0)
        xml = g_strdup_printf ("<presence from='%s'/>", from);
      else
        xml = g_strdup_printf ("<presence type='%s' from='%s'/>", presence_types[i], from);
      recv (f, xml);
      any = g_strdup_printf ("any:%s", from);
      detailed = g_strdup_printf ("%s:%s", presence_types[i], from);
      assert_log (f, any, detailed, NULL);
    }
}

static void
test_presence_unknown_type (Fixture *f, gconstpointer data)
{
  connect_presence_log (f);
  recv (f, "<presence type='chat' from='romeo@example.net/orchard'/>");
  assert_log (f, "any:romeo@example.net/orchard", NULL);
}

/* ------------------------------------------------------------------ */
/* Requests                                                           */
/* ------------------------------------------------------------------ */

static void
test_iq_result (Fixture *f, gconstpointer data)
{
  SleekIq *answer;

  send_version_request (f, ROMEO, "v1", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='v1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  g_assert_false (f->result.done);
  recv (f, "<iq type='result' id='v1' from='romeo@example.net/orchard' to='" OWN_JID "'>"
           "<query xmlns='jabber:iq:version'><name>sleek</name></query></iq>");
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
  answer = SLEEK_IQ (f->result.object);
  g_assert_cmpint (sleek_iq_get_iq_type (answer), ==, SLEEK_IQ_TYPE_RESULT);
  g_assert_cmpstr (sleek_node_get_child_text (sleek_iq_get_payload (answer), "name", NS_VERSION), ==, "sleek");
  /* An answer is never answered. */
  expect_silence (f);
}

static void
test_iq_error (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "e1", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='e1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  recv (f, "<iq type='error' id='e1' from='romeo@example.net/orchard'>"
           "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
  g_assert_null (f->result.object);
  expect_silence (f);
}

static void
test_iq_error_text (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "e2", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='e2' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  recv (f, "<iq type='error' id='e2' from='romeo@example.net/orchard'>"
           "<error type='auth'><forbidden xmlns='" NS_STANZAS "'/>"
           "<text xmlns='" NS_STANZAS "'>Go away</text></error></iq>");
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN);
  g_assert_cmpstr (f->result.error->message, ==, "Go away");
}

static void
test_iq_timeout (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "t1", 50, NULL, &f->result);
  expect_send (f, "<iq type='get' id='t1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  /* A late answer finds nobody waiting, and is not answered. */
  recv (f, "<iq type='result' id='t1' from='romeo@example.net/orchard'/>");
  expect_silence (f);
}

static void
test_iq_timeout_default (Fixture *f, gconstpointer data)
{
  guint timeout = 0;

  g_assert_cmpuint (sleek_base_xmpp_get_iq_timeout (f->xmpp), ==, 30000);
  g_object_set (f->xmpp, "iq-timeout", 40, NULL);
  g_object_get (f->xmpp, "iq-timeout", &timeout, NULL);
  g_assert_cmpuint (timeout, ==, 40);
  send_version_request (f, ROMEO, "t2", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='t2' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static void
test_iq_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  send_version_request (f, ROMEO, "c1", 0, cancellable, &f->result);
  expect_send (f, "<iq type='get' id='c1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  g_cancellable_cancel (cancellable);
  g_assert_false (f->result.done);
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  recv (f, "<iq type='result' id='c1' from='romeo@example.net/orchard'/>");
  expect_silence (f);
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (10000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_iq_cancel_other_thread (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GThread *thread;

  send_version_request (f, ROMEO, "c2", 0, cancellable, &f->result);
  expect_send (f, "<iq type='get' id='c2' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  thread = g_thread_new ("canceller", cancel_thread, cancellable);
  wait_for (f, &f->result.done);
  g_thread_join (thread);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_iq_cancelled_before (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  send_version_request (f, ROMEO, "c3", 0, cancellable, &f->result);
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  expect_silence (f);
}

static void
test_iq_disconnect (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "d1", 0, NULL, &f->result);
  send_version_request (f, NULL, "d2", 0, NULL, &f->result2);
  expect_send (f, "<iq type='get' id='d1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  expect_send (f, "<iq type='get' id='d2'><query xmlns='jabber:iq:version'/></iq>");
  sleek_test_stream_close (f->peer);
  wait_for (f, &f->result.done);
  wait_for (f, &f->result2.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_error (f->result2.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_iq_peer_ends_stream (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "d3", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='d3' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  recv (f, "</stream:stream>");
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_iq_not_connected (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (f->stream);
  wait_for (f, &f->disconnected);
  send_version_request (f, ROMEO, "n1", 0, NULL, &f->result);
  wait_for (f, &f->result.done);
  g_assert_nonnull (f->result.error);
  g_assert_true (f->result.error->domain == G_IO_ERROR);
}

static void
test_iq_spoofed (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "s1", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='s1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  /* Another entity, Romeo's bare JID, another of his resources, the
   * server and no sender at all: none of them is who we asked. */
  recv (f, "<iq type='result' id='s1' from='tybalt@example.com/sword'/>");
  recv (f, "<iq type='result' id='s1' from='romeo@example.net'/>");
  recv (f, "<iq type='result' id='s1' from='romeo@example.net/street'/>");
  recv (f, "<iq type='result' id='s1' from='example.net'/>");
  recv (f, "<iq type='error' id='s1'><error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_false (f->result.done);
  expect_silence (f);
  g_assert_false (f->result.done);
  recv (f, "<iq type='result' id='s1' from='romeo@example.net/orchard'/>");
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
}

static void
test_iq_normalised_sender (Fixture *f, gconstpointer data)
{
  send_version_request (f, "Romeo@EXAMPLE.net/orchard", "s2", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='s2' to='Romeo@EXAMPLE.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  recv (f, "<iq type='result' id='s2' from='romeo@example.net/orchard'/>");
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
}

static void
test_iq_answer_get_is_not_answer (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "s3", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='s3' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  /* Same id, same sender, but a request: answered as one. */
  recv (f, "<iq type='get' id='s3' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  expect_send (f, "<iq type='error' id='s3' to='romeo@example.net/orchard'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_false (f->result.done);
  recv (f, "<iq type='result' id='s3' from='romeo@example.net/orchard'/>");
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
}

static void
server_answer_case (Fixture *f, const char *to, const char *answer_from)
{
  g_autofree char *expected = NULL;
  g_autofree char *answer = NULL;

  send_version_request (f, to, "a1", 0, NULL, &f->result);
  if (to != NULL)
    expected = g_strdup_printf ("<iq type='get' id='a1' to='%s'><query xmlns='jabber:iq:version'/></iq>", to);
  else
    expected = g_strdup ("<iq type='get' id='a1'><query xmlns='jabber:iq:version'/></iq>");
  expect_send (f, expected);
  /* Spoofs first: another account and another server. */
  recv (f, "<iq type='result' id='a1' from='romeo@example.net'/>");
  recv (f, "<iq type='result' id='a1' from='example.net'/>");
  recv (f, "<iq type='result' id='a1' from='juliet@example.com/other'/>");
  g_assert_false (f->result.done);
  if (answer_from != NULL)
    answer = g_strdup_printf ("<iq type='result' id='a1' from='%s'/>", answer_from);
  else
    answer = g_strdup ("<iq type='result' id='a1'/>");
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
}

static void
test_iq_server_no_from (Fixture *f, gconstpointer data)
{
  server_answer_case (f, NULL, NULL);
}

static void
test_iq_server_bare_jid (Fixture *f, gconstpointer data)
{
  server_answer_case (f, NULL, "juliet@example.com");
}

static void
test_iq_server_domain (Fixture *f, gconstpointer data)
{
  server_answer_case (f, NULL, "example.com");
}

static void
test_iq_own_bare_no_from (Fixture *f, gconstpointer data)
{
  server_answer_case (f, "juliet@example.com", NULL);
}

static void
test_iq_without_id (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) iq = sleek_iq_new ("get");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_stanza_set_string (SLEEK_STANZA (iq), "to", ROMEO);
  sleek_base_xmpp_send_iq_async (f->xmpp, iq, 0, NULL, iq_done, &f->result);
  g_assert_nonnull (sleek_stanza_get_id (SLEEK_STANZA (iq)));
  id = expect_send_any_id (f, "<iq type='get' id='%s' to='romeo@example.net/orchard'/>");
  g_assert_cmpstr (id, ==, sleek_stanza_get_id (SLEEK_STANZA (iq)));
  answer = g_strdup_printf ("<iq type='result' id='%s' from='romeo@example.net/orchard'/>", id);
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
}

static void
test_iq_not_a_request (Fixture *f, gconstpointer data)
{
  const char *types[] = { "result", "error", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (f->xmpp, types[i], ROMEO, NULL);

      sleek_base_xmpp_send_iq_async (f->xmpp, iq, 0, NULL, iq_done, &f->result);
      wait_for (f, &f->result.done);
      g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      async_result_clear (&f->result);
    }
  expect_silence (f);
}

static void
test_iq_invalid_to (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekIq) iq = sleek_base_xmpp_make_iq (f->xmpp, "get", "a@b@c", NULL);

  sleek_base_xmpp_send_iq_async (f->xmpp, iq, 0, NULL, iq_done, &f->result);
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  expect_silence (f);
}

static void
test_iq_out_of_order (Fixture *f, gconstpointer data)
{
  send_version_request (f, ROMEO, "o1", 0, NULL, &f->result);
  send_version_request (f, ROMEO, "o2", 0, NULL, &f->result2);
  expect_send (f, "<iq type='get' id='o1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  expect_send (f, "<iq type='get' id='o2' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  recv (f, "<iq type='result' id='o2' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'><name>two</name></query></iq>");
  wait_for (f, &f->result2.done);
  g_assert_false (f->result.done);
  recv (f, "<iq type='error' id='o1' from='romeo@example.net/orchard'>"
           "<error type='cancel'><feature-not-implemented xmlns='" NS_STANZAS "'/></error></iq>");
  wait_for (f, &f->result.done);
  g_assert_error (f->result.error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED);
  g_assert_no_error (f->result2.error);
  g_assert_cmpstr (sleek_node_get_child_text (sleek_iq_get_payload (SLEEK_IQ (f->result2.object)), "name", NS_VERSION),
                   ==, "two");
}

static void
test_iq_send_from_handler_of_answer (Fixture *f, gconstpointer data)
{
  /* The answer handler must cope with a stream handler on the same
   * stanza that also runs. */
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_id ("h1");

  sleek_xml_stream_add_handler (f->stream, matcher, SLEEK_HANDLER_NONE, log_stanza_handler, f, NULL);
  send_version_request (f, ROMEO, "h1", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='h1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  recv (f, "<iq type='result' id='h1' from='romeo@example.net/orchard'/>");
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
  assert_log (f, "handler:iq", NULL);
}

/* ------------------------------------------------------------------ */
/* Unhandled requests                                                 */
/* ------------------------------------------------------------------ */

static void
test_unhandled_get (Fixture *f, gconstpointer data)
{
  recv (f, "<iq type='get' id='u1' from='romeo@example.net/orchard' to='" OWN_JID "'>"
           "<query xmlns='jabber:iq:version'/></iq>");
  expect_send (f, "<iq type='error' id='u1' to='romeo@example.net/orchard' from='" OWN_JID "'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  expect_silence (f);
}

static void
test_unhandled_set (Fixture *f, gconstpointer data)
{
  recv (f, "<iq type='set' id='u2' from='romeo@example.net/orchard'><command xmlns='urn:example'/></iq>");
  expect_send (f, "<iq type='error' id='u2' to='romeo@example.net/orchard'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  expect_silence (f);
}

static void
test_unhandled_answers_ignored (Fixture *f, gconstpointer data)
{
  recv (f, "<iq type='result' id='u3' from='romeo@example.net/orchard'/>");
  recv (f, "<iq type='error' id='u4' from='romeo@example.net/orchard'>"
           "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/></error></iq>");
  recv (f, "<iq id='u5' from='romeo@example.net/orchard'/>");
  recv (f, "<iq type='bogus' id='u6' from='romeo@example.net/orchard'/>");
  expect_silence (f);
}

static void
answer_version (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);

  sleek_xml_stream_send (stream, reply);
}

static void
test_handled_request (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xpath ("{jabber:client}iq/{jabber:iq:version}query");

  sleek_xml_stream_add_handler (f->stream, matcher, SLEEK_HANDLER_NONE, answer_version, NULL, NULL);
  recv (f, "<iq type='get' id='h2' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  expect_send (f, "<iq type='result' id='h2' to='romeo@example.net/orchard'/>");
  expect_silence (f);
  /* Something else still gets the base's answer. */
  recv (f, "<iq type='get' id='h3' from='romeo@example.net/orchard'><time xmlns='urn:xmpp:time'/></iq>");
  expect_send (f, "<iq type='error' id='h3' to='romeo@example.net/orchard'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
}

static void
test_roster_get_from_contact (Fixture *f, gconstpointer data)
{
  recv (f, "<iq type='get' id='rg' from='romeo@example.net/orchard'><query xmlns='jabber:iq:roster'/></iq>");
  expect_send (f, "<iq type='error' id='rg' to='romeo@example.net/orchard'>"
                  "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  expect_silence (f);
}

/* ------------------------------------------------------------------ */
/* Roster                                                             */
/* ------------------------------------------------------------------ */

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  log_event (f, "items-changed %u %u %u", position, removed, added);
}

static void
on_roster_update (SleekBaseXmpp *xmpp, SleekRosterItem *item, Fixture *f)
{
  if (item == NULL)
    log_event (f, "roster-update");
  else
    log_event (f, "roster-update %s %d", sleek_jid_to_string (sleek_roster_item_get_jid (item)),
          sleek_roster_item_get_subscription (item));
}

static void
connect_roster_log (Fixture *f)
{
  g_signal_connect (sleek_base_xmpp_get_roster (f->xmpp), "items-changed", G_CALLBACK (on_items_changed), f);
  g_signal_connect (f->xmpp, "roster-update", G_CALLBACK (on_roster_update), f);
}

#define ROSTER_ITEMS \
  "<item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>" \
  "<item jid='mercutio@example.com' name='Mercutio' subscription='from'/>" \
  "<item jid='benvolio@example.net' subscription='none' ask='subscribe'><group>Friends</group><group>Kin</group></item>"

static SleekRosterItem *
roster_item (Fixture *f, guint position)
{
  SleekRosterItem *item = g_list_model_get_item (G_LIST_MODEL (sleek_base_xmpp_get_roster (f->xmpp)), position);

  g_assert_nonnull (item);
  g_object_unref (item);
  return item;
}

static guint
roster_size (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sleek_base_xmpp_get_roster (f->xmpp)));
}

static void
fetch_roster (Fixture *f, const char *request_format, const char *answer_format)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  async_result_clear (&f->result);
  sleek_base_xmpp_fetch_roster_async (f->xmpp, NULL, roster_done, &f->result);
  id = expect_send_any_id (f, request_format);
  answer = with_id (answer_format, id);
  recv (f, answer);
  wait_for (f, &f->result.done);
}

static void
test_roster_fetch (Fixture *f, gconstpointer data)
{
  SleekRoster *roster = sleek_base_xmpp_get_roster (f->xmpp);
  SleekRosterItem *item;

  connect_roster_log (f);
  g_assert_cmpuint (roster_size (f), ==, 0);
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster'/></iq>",
                "<iq type='result' id='%s' to='" OWN_JID "'><query xmlns='jabber:iq:roster'>" ROSTER_ITEMS "</query></iq>");
  g_assert_no_error (f->result.error);
  g_assert_true (f->result.object == G_OBJECT (roster));
  assert_log (f, "items-changed 0 0 3", "roster-update", NULL);
  g_assert_cmpuint (roster_size (f), ==, 3);

  item = roster_item (f, 0);
  g_assert_cmpstr (sleek_jid_to_string (sleek_roster_item_get_jid (item)), ==, "romeo@example.net");
  g_assert_cmpstr (sleek_roster_item_get_name (item), ==, "Romeo");
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_BOTH);
  g_assert_cmpstr (sleek_roster_item_get_groups (item)[0], ==, "Friends");
  g_assert_false (sleek_roster_item_get_ask (item));

  item = roster_item (f, 1);
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_FROM);
  g_assert_null (sleek_roster_item_get_groups (item)[0]);

  item = roster_item (f, 2);
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_NONE);
  g_assert_true (sleek_roster_item_get_ask (item));
  g_assert_cmpuint (g_strv_length ((GStrv) sleek_roster_item_get_groups (item)), ==, 2);
  g_assert_cmpstr (sleek_roster_item_get_groups (item)[1], ==, "Kin");
  g_assert_null (sleek_roster_get_version (roster));
}

static void
test_roster_fetch_versioned (Fixture *f, gconstpointer data)
{
  SleekRoster *roster = sleek_base_xmpp_get_roster (f->xmpp);
  gboolean versioning = FALSE;

  connect_roster_log (f);
  g_object_set (f->xmpp, "roster-versioning", TRUE, NULL);
  g_object_get (f->xmpp, "roster-versioning", &versioning, NULL);
  g_assert_true (versioning);
  g_assert_true (sleek_base_xmpp_get_roster_versioning (f->xmpp));

  /* No roster at hand: ver=''. */
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster' ver=''/></iq>",
                "<iq type='result' id='%s'><query xmlns='jabber:iq:roster' ver='ver7'>" ROSTER_ITEMS "</query></iq>");
  g_assert_no_error (f->result.error);
  g_assert_cmpstr (sleek_roster_get_version (roster), ==, "ver7");
  assert_log (f, "items-changed 0 0 3", "roster-update", NULL);

  /* Unchanged since ver7: an empty result keeps everything. */
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster' ver='ver7'/></iq>",
                "<iq type='result' id='%s'/>");
  g_assert_no_error (f->result.error);
  g_assert_cmpuint (roster_size (f), ==, 3);
  g_assert_cmpstr (sleek_roster_get_version (roster), ==, "ver7");
  assert_log (f, "roster-update", NULL);

  /* Then the changes come as pushes. */
  recv (f, "<iq type='set' id='p1'><query xmlns='jabber:iq:roster' ver='ver8'>"
           "<item jid='nurse@example.com' subscription='none'/></query></iq>");
  expect_send (f, "<iq type='result' id='p1'/>");
  g_assert_cmpstr (sleek_roster_get_version (roster), ==, "ver8");
  assert_log (f, "items-changed 3 0 1", "roster-update nurse@example.com 0", NULL);
}

static void
test_roster_refetch (Fixture *f, gconstpointer data)
{
  SleekRosterItem *romeo;

  connect_roster_log (f);
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster'/></iq>",
                "<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>" ROSTER_ITEMS "</query></iq>");
  assert_log (f, "items-changed 0 0 3", "roster-update", NULL);
  romeo = roster_item (f, 0);
  g_signal_connect (romeo, "notify", G_CALLBACK (on_notify_log), f);

  /* Mercutio is gone, Romeo renamed, Tybalt new. */
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster'/></iq>",
                "<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>"
                "<item jid='tybalt@example.com'/>"
                "<item jid='benvolio@example.net'/>"
                "<item jid='romeo@example.net' name='Romeo Montague' subscription='both'><group>Friends</group></item>"
                "</query></iq>");
  assert_log (f, "items-changed 1 1 0", "notify name", "items-changed 2 0 1", "roster-update", NULL);
  g_assert_true (roster_item (f, 0) == romeo);
  g_assert_cmpstr (sleek_jid_to_string (sleek_roster_item_get_jid (roster_item (f, 1))), ==, "benvolio@example.net");
  g_assert_false (sleek_roster_item_get_ask (roster_item (f, 1)));
  g_assert_cmpstr (sleek_jid_to_string (sleek_roster_item_get_jid (roster_item (f, 2))), ==, "tybalt@example.com");
  g_signal_handlers_disconnect_by_data (romeo, f);
}

static void
test_roster_fetch_error (Fixture *f, gconstpointer data)
{
  connect_roster_log (f);
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster'/></iq>",
                "<iq type='error' id='%s'><error type='wait'><internal-server-error xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_error (f->result.error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_INTERNAL_SERVER_ERROR);
  g_assert_null (f->result.object);
  assert_log (f, NULL);
}

static void
load_roster (Fixture *f)
{
  fetch_roster (f, "<iq type='get' id='%s'><query xmlns='jabber:iq:roster'/></iq>",
                "<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>" ROSTER_ITEMS "</query></iq>");
  g_assert_no_error (f->result.error);
  async_result_clear (&f->result);
  connect_roster_log (f);
}

static void
test_roster_push_server (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) nurse = jid ("nurse@example.com");
  SleekRosterItem *item;

  load_roster (f);
  recv (f, "<iq type='set' id='push1' to='" OWN_JID "'><query xmlns='jabber:iq:roster'>"
           "<item jid='nurse@example.com' name='Nurse' subscription='to'><group>Servants</group></item>"
           "</query></iq>");
  expect_send (f, "<iq type='result' id='push1' from='" OWN_JID "'/>");
  assert_log (f, "items-changed 3 0 1", "roster-update nurse@example.com 1", NULL);
  item = sleek_roster_lookup (sleek_base_xmpp_get_roster (f->xmpp), nurse);
  g_assert_nonnull (item);
  g_assert_true (item == roster_item (f, 3));
  g_assert_cmpstr (sleek_roster_item_get_name (item), ==, "Nurse");
  g_assert_cmpint (sleek_roster_item_get_subscription (item), ==, SLEEK_ROSTER_SUBSCRIPTION_TO);
  expect_silence (f);
}

static void
test_roster_push_own_bare (Fixture *f, gconstpointer data)
{
  load_roster (f);
  recv (f, "<iq type='set' id='push2' from='juliet@example.com'><query xmlns='jabber:iq:roster'>"
           "<item jid='nurse@example.com'/></query></iq>");
  expect_send (f, "<iq type='result' id='push2' to='juliet@example.com'/>");
  assert_log (f, "items-changed 3 0 1", "roster-update nurse@example.com 0", NULL);
}

static void
test_roster_push_domain (Fixture *f, gconstpointer data)
{
  load_roster (f);
  recv (f, "<iq type='set' id='push3' from='EXAMPLE.com'><query xmlns='jabber:iq:roster'>"
           "<item jid='nurse@example.com'/></query></iq>");
  expect_send (f, "<iq type='result' id='push3' to='EXAMPLE.com'/>");
  assert_log (f, "items-changed 3 0 1", "roster-update nurse@example.com 0", NULL);
}

static void
stranger_push_case (Fixture *f, const char *from)
{
  g_autofree char *push = NULL;
  g_autofree char *error = NULL;

  load_roster (f);
  push = g_strdup_printf ("<iq type='set' id='evil' from='%s'><query xmlns='jabber:iq:roster'>"
                          "<item jid='romeo@example.net' subscription='remove'/></query></iq>", from);
  error = g_strdup_printf ("<iq type='error' id='evil' to='%s'>"
                           "<error type='cancel'><service-unavailable xmlns='" NS_STANZAS "'/></error></iq>", from);
  recv (f, push);
  expect_send (f, error);
  expect_silence (f);
  assert_log (f, NULL);
  g_assert_cmpuint (roster_size (f), ==, 3);
}

static void
test_roster_push_stranger (Fixture *f, gconstpointer data)
{
  stranger_push_case (f, "tybalt@example.com/sword");
}

static void
test_roster_push_other_server (Fixture *f, gconstpointer data)
{
  stranger_push_case (f, "example.net");
}

static void
test_roster_push_own_full (Fixture *f, gconstpointer data)
{
  /* RFC 6121 section 2.1.6: from the bare JID, not a resource. */
  stranger_push_case (f, "juliet@example.com/other");
}

static void
test_roster_push_update (Fixture *f, gconstpointer data)
{
  SleekRosterItem *mercutio;

  load_roster (f);
  mercutio = roster_item (f, 1);
  g_signal_connect (mercutio, "notify", G_CALLBACK (on_notify_log), f);
  recv (f, "<iq type='set' id='push4'><query xmlns='jabber:iq:roster'>"
           "<item jid='mercutio@example.com' name='Mercutio' subscription='both'/></query></iq>");
  expect_send (f, "<iq type='result' id='push4'/>");
  assert_log (f, "notify subscription", "roster-update mercutio@example.com 3", NULL);
  g_assert_true (roster_item (f, 1) == mercutio);
  g_signal_handlers_disconnect_by_data (mercutio, f);
}

static void
test_roster_push_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) mercutio = jid ("mercutio@example.com");

  load_roster (f);
  recv (f, "<iq type='set' id='push5'><query xmlns='jabber:iq:roster'>"
           "<item jid='mercutio@example.com' subscription='remove'/></query></iq>");
  expect_send (f, "<iq type='result' id='push5'/>");
  assert_log (f, "items-changed 1 1 0", "roster-update mercutio@example.com 4", NULL);
  g_assert_cmpuint (roster_size (f), ==, 2);
  g_assert_null (sleek_roster_lookup (sleek_base_xmpp_get_roster (f->xmpp), mercutio));
  g_assert_cmpstr (sleek_jid_to_string (sleek_roster_item_get_jid (roster_item (f, 1))), ==, "benvolio@example.net");
}

static void
test_roster_push_bad (Fixture *f, gconstpointer data)
{
  load_roster (f);
  recv (f, "<iq type='set' id='push6'><query xmlns='jabber:iq:roster'>"
           "<item jid='a@example.com'/><item jid='b@example.com'/></query></iq>");
  expect_send (f, "<iq type='error' id='push6'><error type='modify'><bad-request xmlns='" NS_STANZAS "'/></error></iq>");
  recv (f, "<iq type='set' id='push7'><query xmlns='jabber:iq:roster'/></iq>");
  expect_send (f, "<iq type='error' id='push7'><error type='modify'><bad-request xmlns='" NS_STANZAS "'/></error></iq>");
  recv (f, "<iq type='set' id='push8'><query xmlns='jabber:iq:roster'><item jid='x@y@z'/></query></iq>");
  expect_send (f, "<iq type='error' id='push8'><error type='modify'><bad-request xmlns='" NS_STANZAS "'/></error></iq>");
  expect_silence (f);
  assert_log (f, NULL);
  g_assert_cmpuint (roster_size (f), ==, 3);
}

static void
test_roster_update_item (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) nurse = jid ("nurse@example.com/kitchen");
  const char * const groups[] = { "Servants", "Capulets", NULL };
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_base_xmpp_update_roster_item_async (f->xmpp, nurse, "Nurse", groups, NULL, update_done, &f->result);
  id = expect_send_any_id (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>"
                              "<item jid='nurse@example.com' name='Nurse'><group>Servants</group><group>Capulets</group></item>"
                              "</query></iq>");
  g_assert_false (f->result.done);
  answer = g_strdup_printf ("<iq type='result' id='%s'/>", id);
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
  g_assert_true (f->result.ok);
}

static void
test_roster_update_item_minimal (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) nurse = jid ("nurse@example.com");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_base_xmpp_update_roster_item_async (f->xmpp, nurse, NULL, NULL, NULL, update_done, &f->result);
  id = expect_send_any_id (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>"
                              "<item jid='nurse@example.com'/></query></iq>");
  answer = g_strdup_printf ("<iq type='result' id='%s' from='juliet@example.com'/>", id);
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_true (f->result.ok);
}

static void
test_roster_update_item_error (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) nurse = jid ("nurse@example.com");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_base_xmpp_update_roster_item_async (f->xmpp, nurse, "Nurse", NULL, NULL, update_done, &f->result);
  id = expect_send_any_id (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>"
                              "<item jid='nurse@example.com' name='Nurse'/></query></iq>");
  answer = g_strdup_printf ("<iq type='error' id='%s'><error type='modify'>"
                            "<not-acceptable xmlns='" NS_STANZAS "'/></error></iq>", id);
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_false (f->result.ok);
  g_assert_error (f->result.error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ACCEPTABLE);
}

static void
test_roster_remove_item (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid (ROMEO);
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  load_roster (f);
  sleek_base_xmpp_remove_roster_item_async (f->xmpp, romeo, NULL, remove_done, &f->result);
  id = expect_send_any_id (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>"
                              "<item jid='romeo@example.net' subscription='remove'/></query></iq>");
  /* The server pushes, then answers. */
  recv (f, "<iq type='set' id='push9'><query xmlns='jabber:iq:roster'>"
           "<item jid='romeo@example.net' subscription='remove'/></query></iq>");
  expect_send (f, "<iq type='result' id='push9'/>");
  answer = g_strdup_printf ("<iq type='result' id='%s'/>", id);
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_no_error (f->result.error);
  g_assert_true (f->result.ok);
  assert_log (f, "items-changed 0 1 0", "roster-update romeo@example.net 4", NULL);
}

static void
test_roster_remove_item_error (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) stranger = jid ("stranger@example.org");
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;

  sleek_base_xmpp_remove_roster_item_async (f->xmpp, stranger, NULL, remove_done, &f->result);
  id = expect_send_any_id (f, "<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>"
                              "<item jid='stranger@example.org' subscription='remove'/></query></iq>");
  answer = g_strdup_printf ("<iq type='error' id='%s'><error type='cancel'>"
                            "<item-not-found xmlns='" NS_STANZAS "'/></error></iq>", id);
  recv (f, answer);
  wait_for (f, &f->result.done);
  g_assert_false (f->result.ok);
  g_assert_error (f->result.error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
test_roster_kept_across_disconnect (Fixture *f, gconstpointer data)
{
  load_roster (f);
  sleek_test_stream_close (f->peer);
  wait_for (f, &f->disconnected);
  g_assert_cmpuint (roster_size (f), ==, 3);
}

/* ------------------------------------------------------------------ */
/* Subscriptions                                                      */
/* ------------------------------------------------------------------ */

static void
test_subscription_helpers (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid (ROMEO);

  sleek_base_xmpp_subscribe (f->xmpp, romeo);
  expect_send (f, "<presence to='romeo@example.net' type='subscribe'/>");
  sleek_base_xmpp_unsubscribe (f->xmpp, romeo);
  expect_send (f, "<presence to='romeo@example.net' type='unsubscribe'/>");
  sleek_base_xmpp_approve_subscription (f->xmpp, romeo);
  expect_send (f, "<presence to='romeo@example.net' type='subscribed'/>");
  sleek_base_xmpp_deny_subscription (f->xmpp, romeo);
  expect_send (f, "<presence to='romeo@example.net' type='unsubscribed'/>");
  sleek_base_xmpp_preapprove (f->xmpp, romeo);
  expect_send (f, "<presence to='romeo@example.net' type='subscribed'/>");
  /* None of them is our availability. */
  g_assert_cmpint (sleek_base_xmpp_get_priority (f->xmpp), ==, 0);
}

static void
on_subscribe_approve (SleekBaseXmpp *xmpp, SleekPresence *presence, gpointer user_data)
{
  sleek_base_xmpp_approve_subscription (xmpp, sleek_stanza_get_from (SLEEK_STANZA (presence)));
}

static void
test_subscription_answer (Fixture *f, gconstpointer data)
{
  g_signal_connect (f->xmpp, "presence::subscribe", G_CALLBACK (on_subscribe_approve), NULL);
  recv (f, "<presence type='subscribe' from='romeo@example.net'/>");
  expect_send (f, "<presence to='romeo@example.net' type='subscribed'/>");
  recv (f, "<presence type='subscribed' from='romeo@example.net'/>");
  expect_silence (f);
}

/* ------------------------------------------------------------------ */
/* Presence tracking                                                  */
/* ------------------------------------------------------------------ */

static void
on_tracking (SleekBaseXmpp *xmpp, SleekPresence *presence, gpointer user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (xmpp), "fixture");

  log_event (f, "%s %s", (const char *) user_data, sleek_stanza_get_string (SLEEK_STANZA (presence), "from"));
}

static void
connect_tracking_log (Fixture *f)
{
  g_object_set_data (G_OBJECT (f->xmpp), "fixture", f);
  g_signal_connect (f->xmpp, "got-online", G_CALLBACK (on_tracking), "online");
  g_signal_connect (f->xmpp, "got-offline", G_CALLBACK (on_tracking), "offline");
  g_signal_connect (f->xmpp, "changed-status", G_CALLBACK (on_tracking), "status");
}

static void
test_tracking_two_resources (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");
  SleekRosterItem *item;
  GListModel *resources;
  g_autoptr(SleekRosterResource) orchard = NULL;
  g_autoptr(SleekRosterResource) street = NULL;

  load_roster (f);
  connect_tracking_log (f);
  item = sleek_roster_lookup (sleek_base_xmpp_get_roster (f->xmpp), romeo);
  resources = sleek_roster_item_get_resources (item);
  g_assert_true (resources == sleek_base_xmpp_get_resources (f->xmpp, romeo));
  g_assert_false (sleek_roster_item_get_available (item));

  recv (f, "<presence from='romeo@example.net/orchard'><show>away</show><priority>5</priority></presence>");
  assert_log (f, "online romeo@example.net/orchard", "status romeo@example.net/orchard", NULL);
  g_assert_true (sleek_roster_item_get_available (item));

  recv (f, "<presence from='romeo@example.net/street'><status>Walking</status><priority>-3</priority></presence>");
  assert_log (f, "status romeo@example.net/street", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 2);
  orchard = g_list_model_get_item (resources, 0);
  street = g_list_model_get_item (resources, 1);
  g_assert_cmpstr (sleek_roster_resource_get_resource (orchard), ==, "orchard");
  g_assert_cmpstr (sleek_roster_resource_get_show (orchard), ==, "away");
  g_assert_cmpint (sleek_roster_resource_get_priority (orchard), ==, 5);
  g_assert_cmpstr (sleek_roster_resource_get_status (street), ==, "Walking");
  g_assert_null (sleek_roster_resource_get_show (street));
  g_assert_cmpint (sleek_roster_resource_get_priority (street), ==, -3);

  /* A new priority is a change; the same presence again is none. */
  recv (f, "<presence from='romeo@example.net/orchard'><show>away</show><priority>1</priority></presence>");
  recv (f, "<presence from='romeo@example.net/orchard'><show>away</show><priority>1</priority></presence>");
  assert_log (f, "status romeo@example.net/orchard", NULL);
  g_assert_cmpint (sleek_roster_resource_get_priority (orchard), ==, 1);

  recv (f, "<presence from='romeo@example.net/orchard'><show>dnd</show><priority>1</priority></presence>");
  assert_log (f, "status romeo@example.net/orchard", NULL);
  g_assert_cmpstr (sleek_roster_resource_get_show (orchard), ==, "dnd");

  recv (f, "<presence type='unavailable' from='romeo@example.net/orchard'/>");
  assert_log (f, "status romeo@example.net/orchard", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 1);
  g_assert_true (sleek_roster_item_get_available (item));

  recv (f, "<presence type='unavailable' from='romeo@example.net/street'/>");
  assert_log (f, "status romeo@example.net/street", "offline romeo@example.net/street", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 0);
  g_assert_false (sleek_roster_item_get_available (item));

  /* Once offline, an unavailable changes nothing. */
  recv (f, "<presence type='unavailable' from='romeo@example.net/street'/>");
  assert_log (f, NULL);
}

static void
test_tracking_bare_unavailable (Fixture *f, gconstpointer data)
{
  connect_tracking_log (f);
  recv (f, "<presence from='romeo@example.net/a'/>");
  recv (f, "<presence from='romeo@example.net/b'/>");
  assert_log (f, "online romeo@example.net/a", "status romeo@example.net/a", "status romeo@example.net/b", NULL);
  recv (f, "<presence type='unavailable' from='romeo@example.net'/>");
  assert_log (f, "status romeo@example.net", "offline romeo@example.net", NULL);
}

static void
test_tracking_stranger (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) stranger = jid ("stranger@example.org");
  GListModel *resources;

  connect_tracking_log (f);
  g_assert_null (sleek_base_xmpp_get_resources (f->xmpp, stranger));
  recv (f, "<presence from='stranger@example.org/x'><status>hello</status></presence>");
  assert_log (f, "online stranger@example.org/x", "status stranger@example.org/x", NULL);
  resources = sleek_base_xmpp_get_resources (f->xmpp, stranger);
  g_assert_nonnull (resources);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 1);
  recv (f, "<presence type='unavailable' from='stranger@example.org/x'/>");
  assert_log (f, "status stranger@example.org/x", "offline stranger@example.org/x", NULL);
  g_assert_null (sleek_base_xmpp_get_resources (f->xmpp, stranger));
}

static void
test_tracking_own_resources (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) own = jid ("juliet@example.com");

  connect_tracking_log (f);
  recv (f, "<presence from='juliet@example.com/chamber'><priority>2</priority></presence>");
  assert_log (f, "online juliet@example.com/chamber", "status juliet@example.com/chamber", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sleek_base_xmpp_get_resources (f->xmpp, own)), ==, 1);
}

static void
check_resources_in_handler (SleekBaseXmpp *xmpp, SleekPresence *presence, gpointer user_data)
{
  GListModel *resources = sleek_base_xmpp_get_resources (xmpp, sleek_stanza_get_from (SLEEK_STANZA (presence)));

  g_assert_nonnull (resources);
  *(guint *) user_data = g_list_model_get_n_items (resources);
}

static void
test_tracking_before_presence_signal (Fixture *f, gconstpointer data)
{
  guint seen = 0;

  g_signal_connect (f->xmpp, "presence::available", G_CALLBACK (check_resources_in_handler), &seen);
  recv (f, "<presence from='romeo@example.net/orchard'/>");
  g_assert_cmpuint (seen, ==, 1);
}

static void
test_tracking_ignores_others (Fixture *f, gconstpointer data)
{
  connect_tracking_log (f);
  recv (f, "<presence type='subscribe' from='romeo@example.net'/>");
  recv (f, "<presence type='probe' from='romeo@example.net/x'/>");
  recv (f, "<presence type='error' from='romeo@example.net/x'/>");
  recv (f, "<presence/>");
  recv (f, "<presence from='not@a@jid'/>");
  assert_log (f, NULL);
}

static void
test_tracking_disconnect (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");
  g_autoptr(SleekJid) stranger = jid ("stranger@example.org");
  gboolean saw_romeo = FALSE, saw_stranger = FALSE;

  load_roster (f);
  connect_tracking_log (f);
  recv (f, "<presence from='romeo@example.net/orchard'/>");
  recv (f, "<presence from='romeo@example.net/street'/>");
  recv (f, "<presence from='stranger@example.org/x'/>");
  g_ptr_array_set_size (f->log, 0);

  sleek_test_stream_close (f->peer);
  wait_for (f, &f->disconnected);
  /* One got-offline for each JID, before the stream reports the end;
   * the order between JIDs is not defined. */
  g_assert_cmpuint (f->log->len, ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      const char *line = g_ptr_array_index (f->log, i);

      if (strcmp (line, "offline romeo@example.net/street") == 0)
        saw_romeo = TRUE;
      else if (strcmp (line, "offline stranger@example.org/x") == 0)
        saw_stranger = TRUE;
    }
  g_assert_true (saw_romeo && saw_stranger);
  g_assert_cmpstr (g_ptr_array_index (f->log, 2), ==, "disconnected");
  g_assert_cmpuint (g_list_model_get_n_items (sleek_base_xmpp_get_resources (f->xmpp, romeo)), ==, 0);
  g_assert_null (sleek_base_xmpp_get_resources (f->xmpp, stranger));
}

/* ------------------------------------------------------------------ */
/* Session                                                            */
/* ------------------------------------------------------------------ */

static void
on_session (SleekBaseXmpp *xmpp, gpointer user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (xmpp), "fixture");

  log_event (f, "%s", (const char *) user_data);
}

static void
connect_session_log (Fixture *f)
{
  g_object_set_data (G_OBJECT (f->xmpp), "fixture", f);
  g_signal_connect (f->xmpp, "session-start", G_CALLBACK (on_session), "session-start");
  g_signal_connect (f->xmpp, "session-end", G_CALLBACK (on_session), "session-end");
}

static void
test_jid_properties (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) requested = NULL;
  g_autoptr(SleekJid) bound = NULL;
  g_autoptr(SleekJid) other = jid ("nurse@example.com");
  TestXmpp *test = TEST_XMPP (f->xmpp);

  g_object_get (f->xmpp, "jid", &requested, "bound-jid", &bound, NULL);
  g_assert_cmpstr (sleek_jid_to_string (requested), ==, "juliet@example.com");
  g_assert_cmpstr (sleek_jid_to_string (bound), ==, OWN_JID);
  g_assert_true (sleek_base_xmpp_get_jid (f->xmpp) != NULL);
  g_assert_cmpstr (sleek_jid_to_string (sleek_base_xmpp_get_bound_jid (f->xmpp)), ==, OWN_JID);
  /* The session_bind class function saw the binding. */
  g_assert_cmpuint (test->bound->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (test->bound, 0), ==, OWN_JID);

  g_signal_connect (f->xmpp, "notify", G_CALLBACK (on_notify_log), f);
  sleek_base_xmpp_set_jid (f->xmpp, other);
  sleek_base_xmpp_set_jid (f->xmpp, other);
  sleek_base_xmpp_set_bound_jid (f->xmpp, NULL);
  g_assert_null (sleek_base_xmpp_get_bound_jid (f->xmpp));
  assert_log (f, "notify jid", "notify bound-jid", NULL);
  g_assert_cmpuint (test->bound->len, ==, 1);
}

static void
test_session (Fixture *f, gconstpointer data)
{
  gboolean started = TRUE;

  connect_session_log (f);
  g_assert_false (sleek_base_xmpp_get_session_started (f->xmpp));
  sleek_base_xmpp_start_session (f->xmpp);
  assert_log (f, "session-start", NULL);
  g_object_get (f->xmpp, "session-started", &started, NULL);
  g_assert_true (started);
  /* Starting a session sends nothing by itself. */
  expect_silence (f);

  sleek_test_stream_close (f->peer);
  wait_for (f, &f->disconnected);
  assert_log (f, "session-end", "disconnected", NULL);
  g_assert_false (sleek_base_xmpp_get_session_started (f->xmpp));
}

static void
test_no_session_no_end (Fixture *f, gconstpointer data)
{
  connect_session_log (f);
  sleek_test_stream_close (f->peer);
  wait_for (f, &f->disconnected);
  assert_log (f, "disconnected", NULL);
}

static void
on_session_end_check (SleekBaseXmpp *xmpp, gpointer user_data)
{
  Fixture *f = user_data;

  /* By session-end, the request has failed and presence is gone. */
  g_assert_true (f->result.done);
  g_assert_error (f->result.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  log_event (f, "session-end");
}

static void
test_session_end_order (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = jid ("romeo@example.net");

  sleek_base_xmpp_start_session (f->xmpp);
  g_signal_connect (f->xmpp, "session-end", G_CALLBACK (on_session_end_check), f);
  recv (f, "<presence from='romeo@example.net/orchard'/>");
  send_version_request (f, ROMEO, "x1", 0, NULL, &f->result);
  expect_send (f, "<iq type='get' id='x1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>");
  sleek_xml_stream_abort (f->stream);
  wait_for (f, &f->disconnected);
  /* The task may complete in an idle after the abort. */
  wait_for (f, &f->result.done);
  assert_log (f, "session-end", "disconnected", NULL);
  g_assert_null (sleek_base_xmpp_get_resources (f->xmpp, romeo));
}

static void
test_session_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekTestStream) second = NULL;

  connect_session_log (f);
  sleek_base_xmpp_start_session (f->xmpp);
  sleek_test_stream_close (f->peer);
  wait_for (f, &f->disconnected);
  assert_log (f, "session-start", "session-end", "disconnected", NULL);

  /* A new connection, a new session. */
  second = sleek_test_stream_new ();
  f->disconnected = FALSE;
  sleek_test_stream_start (second, f->stream, NULL, &error);
  g_assert_no_error (error);
  sleek_base_xmpp_start_session (f->xmpp);
  assert_log (f, "session-start", NULL);
  sleek_test_stream_close (second);
  wait_for (f, &f->disconnected);
  assert_log (f, "session-end", "disconnected", NULL);
}

static void
test_abstract (void)
{
  g_assert_true (G_TYPE_IS_ABSTRACT (SLEEK_TYPE_BASE_XMPP));
  g_assert_true (g_type_is_a (SLEEK_TYPE_BASE_XMPP, SLEEK_TYPE_XML_STREAM));
  g_assert_true (G_TYPE_IS_FINAL (SLEEK_TYPE_ROSTER));
  g_assert_true (g_type_is_a (SLEEK_TYPE_ROSTER, G_TYPE_LIST_MODEL));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/base-xmpp/abstract", test_abstract);

  ADD ("/base-xmpp/make/message", test_make_message);
  ADD ("/base-xmpp/make/send-message", test_send_message);
  ADD ("/base-xmpp/make/presence", test_make_presence);
  ADD ("/base-xmpp/make/send-presence-priority", test_send_presence_priority);
  ADD ("/base-xmpp/make/iq", test_make_iq);
  ADD ("/base-xmpp/make/ids-unique", test_ids_unique);

  ADD ("/base-xmpp/message/chat", test_message_chat);
  ADD ("/base-xmpp/message/stanza-signal", test_message_stanza_signal);
  ADD ("/base-xmpp/message/groupchat", test_message_groupchat);
  ADD ("/base-xmpp/message/error", test_message_error);
  ADD ("/base-xmpp/message/headline", test_message_headline);
  ADD ("/base-xmpp/message/normal", test_message_normal);
  ADD ("/base-xmpp/message/after-handlers", test_message_after_handlers);
  ADD ("/base-xmpp/presence/subscribe", test_presence_subscribe);
  ADD ("/base-xmpp/presence/details", test_presence_details);
  ADD ("/base-xmpp/presence/unknown-type", test_presence_unknown_type);

  ADD ("/base-xmpp/iq/result", test_iq_result);
  ADD ("/base-xmpp/iq/error", test_iq_error);
  ADD ("/base-xmpp/iq/error-text", test_iq_error_text);
  ADD ("/base-xmpp/iq/timeout", test_iq_timeout);
  ADD ("/base-xmpp/iq/timeout-default", test_iq_timeout_default);
  ADD ("/base-xmpp/iq/cancel", test_iq_cancel);
  ADD ("/base-xmpp/iq/cancel-other-thread", test_iq_cancel_other_thread);
  ADD ("/base-xmpp/iq/cancelled-before", test_iq_cancelled_before);
  ADD ("/base-xmpp/iq/disconnect", test_iq_disconnect);
  ADD ("/base-xmpp/iq/peer-ends-stream", test_iq_peer_ends_stream);
  ADD ("/base-xmpp/iq/not-connected", test_iq_not_connected);
  ADD ("/base-xmpp/iq/spoofed", test_iq_spoofed);
  ADD ("/base-xmpp/iq/normalised-sender", test_iq_normalised_sender);
  ADD ("/base-xmpp/iq/request-is-not-answer", test_iq_answer_get_is_not_answer);
  ADD ("/base-xmpp/iq/server-no-from", test_iq_server_no_from);
  ADD ("/base-xmpp/iq/server-bare-jid", test_iq_server_bare_jid);
  ADD ("/base-xmpp/iq/server-domain", test_iq_server_domain);
  ADD ("/base-xmpp/iq/own-bare-no-from", test_iq_own_bare_no_from);
  ADD ("/base-xmpp/iq/without-id", test_iq_without_id);
  ADD ("/base-xmpp/iq/not-a-request", test_iq_not_a_request);
  ADD ("/base-xmpp/iq/invalid-to", test_iq_invalid_to);
  ADD ("/base-xmpp/iq/out-of-order", test_iq_out_of_order);
  ADD ("/base-xmpp/iq/with-stream-handler", test_iq_send_from_handler_of_answer);

  ADD ("/base-xmpp/unhandled/get", test_unhandled_get);
  ADD ("/base-xmpp/unhandled/set", test_unhandled_set);
  ADD ("/base-xmpp/unhandled/answers-ignored", test_unhandled_answers_ignored);
  ADD ("/base-xmpp/unhandled/handled", test_handled_request);
  ADD ("/base-xmpp/unhandled/roster-get", test_roster_get_from_contact);

  ADD ("/base-xmpp/roster/fetch", test_roster_fetch);
  ADD ("/base-xmpp/roster/fetch-versioned", test_roster_fetch_versioned);
  ADD ("/base-xmpp/roster/refetch", test_roster_refetch);
  ADD ("/base-xmpp/roster/fetch-error", test_roster_fetch_error);
  ADD ("/base-xmpp/roster/push-server", test_roster_push_server);
  ADD ("/base-xmpp/roster/push-own-bare", test_roster_push_own_bare);
  ADD ("/base-xmpp/roster/push-domain", test_roster_push_domain);
  ADD ("/base-xmpp/roster/push-stranger", test_roster_push_stranger);
  ADD ("/base-xmpp/roster/push-other-server", test_roster_push_other_server);
  ADD ("/base-xmpp/roster/push-own-full", test_roster_push_own_full);
  ADD ("/base-xmpp/roster/push-update", test_roster_push_update);
  ADD ("/base-xmpp/roster/push-remove", test_roster_push_remove);
  ADD ("/base-xmpp/roster/push-bad", test_roster_push_bad);
  ADD ("/base-xmpp/roster/update-item", test_roster_update_item);
  ADD ("/base-xmpp/roster/update-item-minimal", test_roster_update_item_minimal);
  ADD ("/base-xmpp/roster/update-item-error", test_roster_update_item_error);
  ADD ("/base-xmpp/roster/remove-item", test_roster_remove_item);
  ADD ("/base-xmpp/roster/remove-item-error", test_roster_remove_item_error);
  ADD ("/base-xmpp/roster/kept-across-disconnect", test_roster_kept_across_disconnect);

  ADD ("/base-xmpp/subscription/helpers", test_subscription_helpers);
  ADD ("/base-xmpp/subscription/answer", test_subscription_answer);

  ADD ("/base-xmpp/tracking/two-resources", test_tracking_two_resources);
  ADD ("/base-xmpp/tracking/bare-unavailable", test_tracking_bare_unavailable);
  ADD ("/base-xmpp/tracking/stranger", test_tracking_stranger);
  ADD ("/base-xmpp/tracking/own-resources", test_tracking_own_resources);
  ADD ("/base-xmpp/tracking/before-presence-signal", test_tracking_before_presence_signal);
  ADD ("/base-xmpp/tracking/ignores-others", test_tracking_ignores_others);
  ADD ("/base-xmpp/tracking/disconnect", test_tracking_disconnect);

  ADD ("/base-xmpp/session/jid-properties", test_jid_properties);
  ADD ("/base-xmpp/session/start-end", test_session);
  ADD ("/base-xmpp/session/no-session-no-end", test_no_session_no_end);
  ADD ("/base-xmpp/session/end-order", test_session_end_order);
  ADD ("/base-xmpp/session/restart", test_session_restart);

  return g_test_run ();
}
