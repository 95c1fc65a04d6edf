/* test-message-extensions.c: message-level XEPs between two accounts on
 * Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Juliet and Romeo, each with the plugins for XEP-0308 corrections,
 * XEP-0424 retractions, XEP-0444 reactions, XEP-0461 replies, XEP-0382
 * spoilers, XEP-0393 styling and XEP-0172 nicknames, exchange messages
 * through the server, which passes them on untouched. Every body carries
 * a token of the run, and every message named is named by a fresh id,
 * so that tests sharing the server cannot mix.
 */
#include <sleek/sleek.h>

#include "client-util.h"
#include "prosody-env.h"

#include <string.h>

static const char * const plugins[] = {
  "xep_0359", "xep_0308", "xep_0424", "xep_0444", "xep_0461", "xep_0382", "xep_0393", "xep_0172",
};

typedef struct {
  GMainContext *ctx;
  SleekClientXmpp *juliet;
  SleekClientXmpp *romeo;
  char *token;
  GPtrArray *romeo_got;     /* messages to Romeo whose body has the token */
  GPtrArray *juliet_got;    /* the same for Juliet */
  SleekMessage *signalled;  /* the last message a plugin signal reported */
  char *signalled_id;       /* and the id it named */
  char **reactions;
} Fixture;

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, GPtrArray *got)
{
  Fixture *f = g_object_get_data (G_OBJECT (xmpp), "fixture");
  const char *body = sleek_message_get_body (message);

  if (body != NULL && strstr (body, f->token) != NULL)
    g_ptr_array_add (got, g_object_ref (message));
}

/* For the signals that report (message, id): keeps the first that names
 * an id the test waits for. */
static void
on_signal (SleekPlugin *plugin, SleekMessage *message, const char *id, Fixture *f)
{
  if (f->signalled != NULL || f->signalled_id == NULL || g_strcmp0 (id, f->signalled_id) != 0)
    return;
  f->signalled = g_object_ref (message);
}

static void
on_reactions (SleekMessageReactions *plugin, SleekMessage *message, const char *id, char **reactions, Fixture *f)
{
  if (f->reactions == NULL && g_strcmp0 (id, f->signalled_id) == 0)
    f->reactions = g_strdupv (reactions);
}

static SleekClientXmpp *
log_in (Fixture *f, const char *user, GPtrArray *got)
{
  SleekClientXmpp *client = client_util_new_logged_in (user);

  g_object_set_data (G_OBJECT (client), "fixture", f);
  for (guint i = 0; i < G_N_ELEMENTS (plugins); i++)
    client_util_enable (client, plugins[i]);
  g_signal_connect (client, "message", G_CALLBACK (on_message), got);
  return client;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = g_main_context_new ();
  g_main_context_push_thread_default (f->ctx);
  f->token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  f->romeo_got = g_ptr_array_new_with_free_func (g_object_unref);
  f->juliet_got = g_ptr_array_new_with_free_func (g_object_unref);
  f->juliet = log_in (f, "juliet", f->juliet_got);
  f->romeo = log_in (f, "romeo", f->romeo_got);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->juliet));
  sleek_xml_stream_abort (SLEEK_XML_STREAM (f->romeo));
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_clear_object (&f->juliet);
  g_clear_object (&f->romeo);
  g_clear_object (&f->signalled);
  g_ptr_array_unref (f->romeo_got);
  g_ptr_array_unref (f->juliet_got);
  while (g_main_context_iteration (f->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f->ctx);
  g_main_context_unref (f->ctx);
  g_free (f->token);
  g_free (f->signalled_id);
  g_strfreev (f->reactions);
}

static SleekJid *
bound (SleekClientXmpp *client)
{
  return sleek_base_xmpp_get_bound_jid (SLEEK_BASE_XMPP (client));
}

static gpointer
plugin (SleekClientXmpp *client, const char *name)
{
  return sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), name);
}

/* Juliet sends Romeo a chat message with @text and the token; returns it
 * once Romeo has it. */
static SleekMessage *
juliet_says (Fixture *f, const char *text)
{
  g_autofree char *body = g_strdup_printf ("%s %s", text, f->token);
  SleekMessage *message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet),
                                                        sleek_jid_to_string (bound (f->romeo)), body, NULL, "chat");
  guint before = f->romeo_got->len;
  g_autofree char *id = g_uuid_string_random ();

  sleek_stanza_set_id (SLEEK_STANZA (message), id);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  WAIT_UNTIL (f->romeo_got->len > before, CLIENT_UTIL_TIMEOUT);
  return message;
}

static void
test_features (Fixture *f, gconstpointer data)
{
  static const char * const features[] = {
    "urn:xmpp:message-correct:0", "urn:xmpp:message-retract:1", "urn:xmpp:reactions:0", "urn:xmpp:reply:0",
    "urn:xmpp:spoiler:0", "urn:xmpp:styling:0",
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  SleekDisco *disco = plugin (f->juliet, "xep_0030");

  sleek_disco_get_info_async (disco, bound (f->romeo), NULL, NULL, client_util_store_result, &result);
  client_util_wait_result (&result, CLIENT_UTIL_TIMEOUT);
  info = sleek_disco_get_info_finish (disco, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    g_assert_true (sleek_disco_info_has_feature (info, features[i]));
}

static void
test_correction (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) original = juliet_says (f, "helo");
  g_autofree char *fixed = g_strdup_printf ("hello, Roméo %s", f->token);
  g_autoptr(SleekMessage) correction = NULL;
  g_autoptr(GError) error = NULL;

  f->signalled_id = g_strdup (sleek_stanza_get_id (SLEEK_STANZA (original)));
  g_signal_connect (plugin (f->romeo, "xep_0308"), "correction", G_CALLBACK (on_signal), f);
  correction = sleek_message_correction_send (plugin (f->juliet, "xep_0308"), bound (f->romeo), SLEEK_MESSAGE_TYPE_CHAT,
                                              f->signalled_id, fixed, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f->signalled != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpstr (sleek_message_get_body (f->signalled), ==, fixed);
  g_assert_cmpstr (sleek_message_get_replace_id (f->signalled), ==, f->signalled_id);
  g_assert_true (sleek_jid_equal (sleek_stanza_get_from (SLEEK_STANZA (f->signalled)), bound (f->juliet)));
}

static void
test_retraction (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) original = juliet_says (f, "wrong person");
  g_autoptr(SleekMessage) retraction = NULL;
  g_autoptr(GError) error = NULL;
  SleekMessage *got = f->romeo_got->pdata[f->romeo_got->len - 1];

  /* By the origin id, which both sides see. */
  g_assert_nonnull (sleek_message_get_origin_id (original));
  g_assert_cmpstr (sleek_message_get_origin_id (got), ==, sleek_message_get_origin_id (original));
  f->signalled_id = g_strdup (sleek_message_get_origin_id (original));
  g_signal_connect (plugin (f->romeo, "xep_0424"), "retraction", G_CALLBACK (on_signal), f);
  retraction = sleek_message_retraction_send (plugin (f->juliet, "xep_0424"), bound (f->romeo), SLEEK_MESSAGE_TYPE_CHAT,
                                              f->signalled_id, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f->signalled != NULL, CLIENT_UTIL_TIMEOUT);
  /* The fallback body and its markers made it through. */
  g_assert_cmpstr (sleek_message_get_body (f->signalled), ==, sleek_message_get_body (retraction));
  g_assert_nonnull (sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (f->signalled)), "fallback",
                                          "urn:xmpp:fallback:0"));
  g_assert_nonnull (sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (f->signalled)), "store",
                                          "urn:xmpp:hints"));
}

static void
test_reactions (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) original = juliet_says (f, "shall we?");
  const char *mine[] = { "👍", "🌹", NULL };
  g_autoptr(SleekMessage) sent = NULL;
  g_autoptr(SleekMessage) cleared = NULL;
  g_autoptr(GError) error = NULL;
  SleekMessageReactions *romeo_reactions = plugin (f->romeo, "xep_0444");

  f->signalled_id = g_strdup (sleek_stanza_get_id (SLEEK_STANZA (original)));
  g_signal_connect (plugin (f->juliet, "xep_0444"), "reactions", G_CALLBACK (on_reactions), f);
  sent = sleek_message_reactions_send (romeo_reactions, bound (f->juliet), SLEEK_MESSAGE_TYPE_CHAT, f->signalled_id,
                                       mine, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f->reactions != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (g_strv_length (f->reactions), ==, 2);
  g_assert_cmpstr (f->reactions[0], ==, "👍");
  g_assert_cmpstr (f->reactions[1], ==, "🌹");

  /* Taking them back: an empty set. */
  g_clear_pointer (&f->reactions, g_strfreev);
  cleared = sleek_message_reactions_send (romeo_reactions, bound (f->juliet), SLEEK_MESSAGE_TYPE_CHAT, f->signalled_id,
                                          NULL, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f->reactions != NULL, CLIENT_UTIL_TIMEOUT);
  g_assert_cmpuint (g_strv_length (f->reactions), ==, 0);
}

static void
test_reply (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) original = juliet_says (f, "Wherefore art thou, Roméo?");
  SleekMessage *got = f->romeo_got->pdata[f->romeo_got->len - 1];
  g_autofree char *text = g_strdup_printf ("Here — under the balcony 🌙 %s", f->token);
  g_autoptr(SleekMessage) reply = NULL;
  g_autoptr(SleekJid) author = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *quoted = NULL;

  f->signalled_id = g_strdup (sleek_stanza_get_id (SLEEK_STANZA (got)));
  g_signal_connect (plugin (f->juliet, "xep_0461"), "reply", G_CALLBACK (on_signal), f);
  reply = sleek_message_replies_send (plugin (f->romeo, "xep_0461"), bound (f->juliet), SLEEK_MESSAGE_TYPE_CHAT,
                                      f->signalled_id, sleek_stanza_get_from (SLEEK_STANZA (got)),
                                      sleek_message_get_body (got), text, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f->signalled != NULL, CLIENT_UTIL_TIMEOUT);
  /* An old client shows the quote; we show the reply alone. */
  quoted = g_strdup_printf ("> %s\n%s", sleek_message_get_body (original), text);
  g_assert_cmpstr (sleek_message_get_body (f->signalled), ==, quoted);
  stripped = sleek_message_get_reply_body (f->signalled);
  g_assert_cmpstr (stripped, ==, text);
  author = sleek_message_get_reply_to (f->signalled);
  g_assert_true (sleek_jid_equal (author, bound (f->juliet)));
}

static void
test_spoiler_styling_nick (Fixture *f, gconstpointer data)
{
  g_autofree char *body = g_strdup_printf ("*Both* of them _die_ %s", f->token);
  g_autoptr(SleekMessage) message =
    sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet), sleek_jid_to_string (bound (f->romeo)), body, NULL,
                                  "chat");
  g_autoptr(SleekMessage) plain = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) none = NULL;
  SleekMessage *got;

  sleek_message_add_spoiler (message, "La fin", "fr");
  sleek_message_add_spoiler (message, "The end", "en");
  sleek_stanza_set_nick (SLEEK_STANZA (message), "Juliette");
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (message));
  WAIT_UNTIL (f->romeo_got->len == 1, CLIENT_UTIL_TIMEOUT);
  got = f->romeo_got->pdata[0];
  g_assert_true (sleek_message_get_spoiler (got));
  g_assert_cmpstr (sleek_message_get_spoiler_hint (got, "en"), ==, "The end");
  g_assert_cmpstr (sleek_message_get_spoiler_hint (got, "fr"), ==, "La fin");
  g_assert_cmpstr (sleek_stanza_get_nick (SLEEK_STANZA (got)), ==, "Juliette");
  spans = sleek_message_get_styling (got);
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpint (sleek_styling_span_get_style (spans->pdata[0]), ==, SLEEK_TEXT_STYLE_STRONG);
  g_assert_cmpint (sleek_styling_span_get_style (spans->pdata[1]), ==, SLEEK_TEXT_STYLE_EMPHASIS);

  /* The same text, asked to be shown unstyled. */
  plain = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (f->juliet), sleek_jid_to_string (bound (f->romeo)), body,
                                        NULL, "chat");
  sleek_message_set_unstyled (plain, TRUE);
  sleek_xml_stream_send (SLEEK_XML_STREAM (f->juliet), SLEEK_STANZA (plain));
  WAIT_UNTIL (f->romeo_got->len == 2, CLIENT_UTIL_TIMEOUT);
  got = f->romeo_got->pdata[1];
  g_assert_true (sleek_message_get_unstyled (got));
  none = sleek_message_get_styling (got);
  g_assert_cmpuint (none->len, ==, 0);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/message-extensions/features", test_features);
  ADD ("/message-extensions/correction", test_correction);
  ADD ("/message-extensions/retraction", test_retraction);
  ADD ("/message-extensions/reactions", test_reactions);
  ADD ("/message-extensions/reply", test_reply);
  ADD ("/message-extensions/spoiler-styling-nick", test_spoiler_styling_nick);

  return g_test_run ();
}
