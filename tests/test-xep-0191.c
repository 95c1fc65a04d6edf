/* test-xep-0191.c: SleekBlocking, XEP-0191 Blocking Command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define BLOCKING "urn:xmpp:blocking"
#define ERRORS "urn:xmpp:blocking:errors"

typedef struct {
  PluginFixture base;
  SleekBlocking *blocking;
  GAsyncResult *result;
  GString *events;
} Fixture;

static void
on_blocked (SleekBlocking *blocking, SleekJid *jid, Fixture *f)
{
  g_string_append_printf (f->events, "+%s;", sleek_jid_to_string (jid));
}

static void
on_unblocked (SleekBlocking *blocking, SleekJid *jid, Fixture *f)
{
  g_string_append_printf (f->events, "-%s;", sleek_jid_to_string (jid));
}

static void
on_blocked_error (SleekBlocking *blocking, SleekStanza *stanza, Fixture *f)
{
  g_string_append_printf (f->events, "error:%s;", sleek_stanza_get_string (stanza, "from"));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0191", &error));
  g_assert_no_error (error);
  f->blocking = SLEEK_BLOCKING (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0191"));
  f->events = g_string_new (NULL);
  g_signal_connect (f->blocking, "blocked", G_CALLBACK (on_blocked), f);
  g_signal_connect (f->blocking, "unblocked", G_CALLBACK (on_unblocked), f);
  g_signal_connect (f->blocking, "blocked-error", G_CALLBACK (on_blocked_error), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  g_clear_object (&f->result);
  g_string_free (f->events, TRUE);
}

/* The block list as "a;b;". */
static char *
model_text (Fixture *f)
{
  GListModel *model = sleek_blocking_get_blocklist (f->blocking);
  GString *text = g_string_new (NULL);

  g_assert_true (g_list_model_get_item_type (model) == SLEEK_TYPE_BLOCK_ITEM);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SleekBlockItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s;", sleek_jid_to_string (sleek_block_item_get_jid (item)));
    }
  return g_string_free (text, FALSE);
}

#define assert_model(f, expected)                 \
  G_STMT_START {                                  \
    g_autofree char *_text = model_text (f);      \
    g_assert_cmpstr (_text, ==, expected);        \
  } G_STMT_END

static void
assert_events (Fixture *f, const char *expected)
{
  g_assert_cmpstr (f->events->str, ==, expected);
  g_string_truncate (f->events, 0);
}

static GPtrArray *
jids (const char *first, ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    g_ptr_array_add (array, pt_jid (text));
  va_end (args);
  return array;
}

static void
answer (Fixture *f, const char *id, const char *inner)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s'>%s</iq>", id, inner);

  pt_recv (&f->base, xml);
}

static gboolean
fetch (Fixture *f, const char *list, GError **error)
{
  g_autofree char *id = NULL;

  g_clear_object (&f->result);
  sleek_blocking_fetch_async (f->blocking, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><blocklist xmlns='" BLOCKING "'/></iq>");
  answer (f, id, list);
  pt_wait_result (&f->base, &f->result);
  return sleek_blocking_fetch_finish (f->blocking, f->result, error);
}

static void
test_fetch (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  assert_model (f, "");
  g_assert_true (fetch (f, "<blocklist xmlns='" BLOCKING "'><item jid='romeo@example.net'/>"
                           "<item jid='example.org'/></blocklist>", &error));
  g_assert_no_error (error);
  assert_model (f, "romeo@example.net;example.org;");
  assert_events (f, "+romeo@example.net;+example.org;");
  {
    g_autoptr(SleekJid) romeo = pt_jid ("romeo@example.net");
    g_autoptr(SleekJid) full = pt_jid (ROMEO);

    g_assert_true (sleek_blocking_is_blocked (f->blocking, romeo));
    g_assert_false (sleek_blocking_is_blocked (f->blocking, full));
  }

  /* Fetched again: the server's list wins. */
  g_assert_true (fetch (f, "<blocklist xmlns='" BLOCKING "'><item jid='example.org'/>"
                           "<item jid='nurse@example.com'/></blocklist>", &error));
  g_assert_no_error (error);
  assert_model (f, "example.org;nurse@example.com;");
  assert_events (f, "-romeo@example.net;+nurse@example.com;");

  g_assert_true (fetch (f, "<blocklist xmlns='" BLOCKING "'/>", &error));
  g_assert_no_error (error);
  assert_model (f, "");
  assert_events (f, "-example.org;-nurse@example.com;");
}

static void
test_fetch_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fetch (f, "<blocklist xmlns='" BLOCKING "'><item jid='example.org'/></blocklist>", &error));
  assert_events (f, "+example.org;");
  g_assert_false (fetch (f, "", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (fetch (f, "<blocklist xmlns='" BLOCKING "'><item jid='a@b@c'/></blocklist>", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (fetch (f, "<blocklist xmlns='" BLOCKING "'><item/></blocklist>", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  /* A bad answer leaves the list alone. */
  assert_model (f, "example.org;");
  assert_events (f, "");
}

static void
test_block_unblock (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) two = jids ("romeo@example.net", "example.org", NULL);
  g_autoptr(GPtrArray) one = jids ("example.org", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_blocking_block_async (f->blocking, two, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><block xmlns='" BLOCKING "'>"
                                        "<item jid='romeo@example.net'/><item jid='example.org'/></block></iq>");
  /* Nothing changes before the server agreed. */
  assert_model (f, "");
  answer (f, id, "");
  pt_wait_result (&f->base, &f->result);
  g_assert_true (sleek_blocking_block_finish (f->blocking, f->result, &error));
  g_assert_no_error (error);
  assert_model (f, "romeo@example.net;example.org;");
  assert_events (f, "+romeo@example.net;+example.org;");

  g_clear_object (&f->result);
  g_free (id);
  sleek_blocking_unblock_async (f->blocking, one, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><unblock xmlns='" BLOCKING "'>"
                                        "<item jid='example.org'/></unblock></iq>");
  answer (f, id, "");
  pt_wait_result (&f->base, &f->result);
  g_assert_true (sleek_blocking_unblock_finish (f->blocking, f->result, &error));
  g_assert_no_error (error);
  assert_model (f, "romeo@example.net;");
  assert_events (f, "-example.org;");

  /* NULL: everybody. */
  g_clear_object (&f->result);
  g_free (id);
  sleek_blocking_unblock_async (f->blocking, NULL, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><unblock xmlns='" BLOCKING "'/></iq>");
  answer (f, id, "");
  pt_wait_result (&f->base, &f->result);
  g_assert_true (sleek_blocking_unblock_finish (f->blocking, f->result, &error));
  g_assert_no_error (error);
  assert_model (f, "");
  assert_events (f, "-romeo@example.net;");
}

static void
test_block_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) one = jids ("romeo@example.net", NULL);
  g_autoptr(GPtrArray) none = jids (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  sleek_blocking_block_async (f->blocking, one, NULL, pt_store_result, &f->result);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><block xmlns='" BLOCKING "'>"
                                        "<item jid='romeo@example.net'/></block></iq>");
  reply = g_strdup_printf ("<iq type='error' id='%s'><error type='cancel'>"
                           "<not-allowed xmlns='" NS_STANZAS "'/></error></iq>", id);
  pt_recv (&f->base, reply);
  pt_wait_result (&f->base, &f->result);
  g_assert_false (sleek_blocking_block_finish (f->blocking, f->result, &error));
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_NOT_ALLOWED);
  assert_model (f, "");
  assert_events (f, "");

  /* Blocking nobody is a mistake, not "unblock all". */
  g_clear_error (&error);
  g_clear_object (&f->result);
  sleek_blocking_block_async (f->blocking, none, NULL, pt_store_result, &f->result);
  pt_wait_result (&f->base, &f->result);
  g_assert_false (sleek_blocking_block_finish (f->blocking, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  pt_expect_silence (&f->base);
}

static void
test_pushes (Fixture *f, gconstpointer data)
{
  pt_recv (&f->base, "<iq type='set' id='b1'><block xmlns='" BLOCKING "'><item jid='romeo@example.net'/>"
                     "<item jid='example.org'/></block></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='b1'/>");
  assert_model (f, "romeo@example.net;example.org;");
  assert_events (f, "+romeo@example.net;+example.org;");

  /* Again: nothing new. */
  pt_recv (&f->base, "<iq type='set' id='b2' from='juliet@example.com'><block xmlns='" BLOCKING "'>"
                     "<item jid='example.org'/></block></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='b2' to='juliet@example.com'/>");
  assert_events (f, "");

  pt_recv (&f->base, "<iq type='set' id='u1' from='juliet@example.com'><unblock xmlns='" BLOCKING "'>"
                     "<item jid='example.org'/></unblock></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='u1' to='juliet@example.com'/>");
  assert_model (f, "romeo@example.net;");
  assert_events (f, "-example.org;");

  pt_recv (&f->base, "<iq type='set' id='b3' from='example.com'><block xmlns='" BLOCKING "'>"
                     "<item jid='nurse@example.com'/></block></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='b3' to='example.com'/>");
  assert_events (f, "+nurse@example.com;");

  pt_recv (&f->base, "<iq type='set' id='u2'><unblock xmlns='" BLOCKING "'/></iq>");
  pt_expect_send (&f->base, "<iq type='result' id='u2'/>");
  assert_model (f, "");
  assert_events (f, "-romeo@example.net;-nurse@example.com;");
}

/* Only our account or its server may change the list. */
static void
test_push_spoofed (Fixture *f, gconstpointer data)
{
  static const char * const senders[] = { ROMEO, "romeo@example.net", "example.net", OWN_JID, NULL };

  for (guint i = 0; senders[i] != NULL; i++)
    {
      g_autofree char *push = g_strdup_printf ("<iq type='set' id='s%u' from='%s'><block xmlns='" BLOCKING "'>"
                                               "<item jid='nurse@example.com'/></block></iq>", i, senders[i]);
      g_autofree char *refusal = g_strdup_printf ("<iq type='error' id='s%u' to='%s'><error type='cancel'>"
                                                  "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>",
                                                  i, senders[i]);

      pt_recv (&f->base, push);
      pt_expect_send (&f->base, refusal);
    }
  assert_model (f, "");
  assert_events (f, "");
}

static void
test_push_malformed (Fixture *f, gconstpointer data)
{
  static const char * const pushes[] = {
    "<block xmlns='" BLOCKING "'/>",
    "<block xmlns='" BLOCKING "'><item jid='example.org'/><item jid='@@'/></block>",
    "<unblock xmlns='" BLOCKING "'><item/></unblock>",
    NULL
  };

  for (guint i = 0; pushes[i] != NULL; i++)
    {
      g_autofree char *push = g_strdup_printf ("<iq type='set' id='m%u'>%s</iq>", i, pushes[i]);
      g_autofree char *refusal = g_strdup_printf ("<iq type='error' id='m%u'><error type='modify'>"
                                                  "<bad-request xmlns='" NS_STANZAS "'/></error></iq>", i);

      pt_recv (&f->base, push);
      pt_expect_send (&f->base, refusal);
    }
  assert_model (f, "");
  assert_events (f, "");
}

static void
test_blocked_error (Fixture *f, gconstpointer data)
{
  const char *blocked = "<message type='error' from='romeo@example.net' id='e1'><body>hi</body>"
                        "<error type='cancel'><not-acceptable xmlns='" NS_STANZAS "'/>"
                        "<blocked xmlns='" ERRORS "'/></error></message>";
  const char *other = "<message type='error' from='nurse@example.com' id='e2'>"
                      "<error type='cancel'><not-acceptable xmlns='" NS_STANZAS "'/></error></message>";
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) stanza = sleek_stanza_parse (blocked, &error);
  g_autoptr(SleekStanza) plain = sleek_stanza_parse (other, &error);

  g_assert_no_error (error);
  g_assert_true (sleek_blocking_is_blocked_error (stanza));
  g_assert_false (sleek_blocking_is_blocked_error (plain));
  sleek_stanza_set_stanza_type (stanza, "chat");
  g_assert_false (sleek_blocking_is_blocked_error (stanza));

  pt_recv (&f->base, other);
  pt_recv (&f->base, blocked);
  pt_recv (&f->base, "<presence type='error' from='example.org'><error type='cancel'>"
                     "<not-acceptable xmlns='" NS_STANZAS "'/><blocked xmlns='" ERRORS "'/></error></presence>");
  pt_expect_silence (&f->base);
  assert_events (f, "error:romeo@example.net;error:example.org;");
}

static void
test_disabled (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekBlocking) blocking = g_object_ref (f->blocking);
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0191", &error));
  g_assert_no_error (error);
  sleek_blocking_fetch_async (blocking, NULL, pt_store_result, &f->result);
  pt_wait_result (&f->base, &f->result);
  g_assert_false (sleek_blocking_fetch_finish (blocking, f->result, &error));
  g_assert_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  /* Pushes are no longer ours to answer. */
  pt_recv (&f->base, "<iq type='set' id='b1'><block xmlns='" BLOCKING "'><item jid='example.org'/></block></iq>");
  pt_expect_send (&f->base, "<iq type='error' id='b1'><error type='cancel'>"
                            "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_cmpuint (g_list_model_get_n_items (sleek_blocking_get_blocklist (blocking)), ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0191/fetch", test_fetch);
  ADD ("/xep-0191/fetch-malformed", test_fetch_malformed);
  ADD ("/xep-0191/block-unblock", test_block_unblock);
  ADD ("/xep-0191/block-refused", test_block_refused);
  ADD ("/xep-0191/pushes", test_pushes);
  ADD ("/xep-0191/push-spoofed", test_push_spoofed);
  ADD ("/xep-0191/push-malformed", test_push_malformed);
  ADD ("/xep-0191/blocked-error", test_blocked_error);
  ADD ("/xep-0191/disabled", test_disabled);

  return g_test_run ();
}
