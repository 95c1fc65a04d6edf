/* sleek-xep-0461-replies.c: XEP-0461 Message Replies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0461-replies.h"

/**
 * sleek_message_get_reply_id:
 * @message: a [class@Sleek.Message]
 *
 * Reads the `<reply xmlns='urn:xmpp:reply:0'/>` of @message: the id of
 * the message it answers.
 *
 * Returns: (nullable): the id, or %NULL when @message is not a reply
 */
const char *
sleek_message_get_reply_id (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  return sleek_plugin_get_child_attribute (message, "reply", SLEEK_NS_REPLY, "id");
}

/**
 * sleek_message_get_reply_to:
 * @message: a [class@Sleek.Message]
 *
 * Reads who wrote the message @message answers: the `to` of its
 * `<reply/>`, which the XEP makes optional.
 *
 * Returns: (transfer full) (nullable): the author (a full JID, or an
 *   occupant JID in a room), or %NULL when @message is not a reply, names
 *   no author or names one that is not a valid JID
 */
SleekJid *
sleek_message_get_reply_to (SleekMessage *message)
{
  const char *to;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  if (sleek_message_get_reply_id (message) == NULL)
    return NULL;
  to = sleek_plugin_get_child_attribute (message, "reply", SLEEK_NS_REPLY, "to");
  return to != NULL ? sleek_jid_new (to, NULL) : NULL;
}

/**
 * sleek_message_set_reply:
 * @message: a [class@Sleek.Message]
 * @id: (nullable): the id of the message answered, or %NULL to remove the
 *   `<reply/>`
 * @to: (nullable): who wrote it
 *
 * Makes @message a reply to the message @id by @to, replacing any
 * `<reply/>` it had. It does not touch the body: a quote of the message
 * answered, with its `<fallback/>`, is what
 * [method@Sleek.MessageReplies.send] adds.
 */
void
sleek_message_set_reply (SleekMessage *message, const char *id, SleekJid *to)
{
  SleekNode *reply;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  reply = sleek_plugin_set_child_id (message, "reply", SLEEK_NS_REPLY, id);
  if (reply != NULL && to != NULL)
    sleek_node_set_attribute (reply, "to", sleek_jid_to_string (to));
}

/* A range of code points, as XEP-0426 counts them. */
typedef struct {
  glong start;
  glong end;
} Range;

static int
compare_ranges (gconstpointer a, gconstpointer b)
{
  const Range *x = a, *y = b;

  return (x->start > y->start) - (x->start < y->start);
}

/* Reads an offset attribute: FALSE unless it is a number from 0 to @max. */
static gboolean
read_offset (SleekNode *node, const char *name, glong max, glong *offset)
{
  const char *text = sleek_node_get_attribute (node, name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &value, NULL))
    return FALSE;
  *offset = (glong) value;
  return TRUE;
}

/**
 * sleek_message_get_reply_body:
 * @message: a [class@Sleek.Message]
 *
 * The body of @message without its fallback for replies: the parts that
 * a `<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'/>`
 * marks (usually the quote of the message answered), for a client that
 * shows the message answered by itself.
 *
 * The `start` and `end` of each marked part count Unicode code points
 * (characters, not bytes) from the beginning of the body, as XEP-0426
 * asks; a `<body/>` without them marks the whole body. Parts whose
 * offsets are missing, not numbers, beyond the body or the wrong way
 * round are ignored.
 *
 * Returns: (transfer full) (nullable): the body left, or %NULL when
 *   @message has no body
 */
char *
sleek_message_get_reply_body (SleekMessage *message)
{
  SleekNode *node;
  const char *body;
  g_autoptr(GArray) ranges = NULL;
  GString *kept;
  glong length, at = 0;
  guint n;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  body = sleek_message_get_body (message);
  if (body == NULL)
    return NULL;
  length = g_utf8_strlen (body, -1);
  ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  node = sleek_stanza_get_node (SLEEK_STANZA (message));
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *fallback = sleek_node_get_nth_child (node, i);
      guint m;

      if (!sleek_node_is (fallback, "fallback", SLEEK_NS_FALLBACK) ||
          g_strcmp0 (sleek_node_get_attribute (fallback, "for"), SLEEK_NS_REPLY) != 0)
        continue;
      m = sleek_node_get_n_children (fallback);
      for (guint j = 0; j < m; j++)
        {
          SleekNode *part = sleek_node_get_nth_child (fallback, j);
          Range range = { 0, length };

          if (!sleek_node_is (part, "body", SLEEK_NS_FALLBACK))
            continue;
          if (sleek_node_get_attribute (part, "start") != NULL || sleek_node_get_attribute (part, "end") != NULL)
            {
              if (!read_offset (part, "start", length, &range.start) || !read_offset (part, "end", length, &range.end) ||
                  range.start > range.end)
                continue;
            }
          g_array_append_val (ranges, range);
        }
    }

  g_array_sort (ranges, compare_ranges);
  kept = g_string_new (NULL);
  for (guint i = 0; i <= ranges->len; i++)
    {
      glong until = i < ranges->len ? g_array_index (ranges, Range, i).start : length;

      if (until > at)
        {
          const char *from = g_utf8_offset_to_pointer (body, at);

          g_string_append_len (kept, from, g_utf8_offset_to_pointer (from, until - at) - from);
        }
      if (i < ranges->len)
        at = MAX (at, g_array_index (ranges, Range, i).end);
    }
  return g_string_free (kept, FALSE);
}

/**
 * SleekMessageReplies:
 *
 * The `xep_0461` plugin: XEP-0461 Message Replies.
 *
 * It advertises `urn:xmpp:reply:0` through `xep_0030`, sends replies
 * with [method@Sleek.MessageReplies.send] and emits
 * [signal@Sleek.MessageReplies::reply] for every reply that arrives,
 * error messages aside.
 *
 * A reply names the message it answers by its id in a chat, by the
 * stanza id the room gave it in a room, and may name its author. For the
 * clients that do not know replies, the body can start with a quote of
 * the message answered, marked as a XEP-0428 fallback:
 * [method@Sleek.Message.get_reply_body] gives the body without it. Its
 * offsets count Unicode code points, not bytes.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0461", &error);
 * replies = SLEEK_MESSAGE_REPLIES (sleek_base_xmpp_get_plugin (xmpp, "xep_0461"));
 *
 * // Body: "> We should bake a cake\nGreat idea!"
 * reply = sleek_message_replies_send (replies, anna, SLEEK_MESSAGE_TYPE_CHAT,
 *                                     sleek_stanza_get_id (SLEEK_STANZA (hers)), anna,
 *                                     sleek_message_get_body (hers), "Great idea!", &error);
 * ```
 */
struct _SleekMessageReplies
{
  SleekPlugin parent_instance;
};

enum {
  SIGNAL_REPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMessageReplies, sleek_message_replies, SLEEK_TYPE_PLUGIN)

/**
 * sleek_message_replies_send:
 * @self: an enabled [class@Sleek.MessageReplies]
 * @to: who to send the reply to, or the room
 * @type: the type of the reply, usually that of the message answered
 * @id: the id of the message answered, or in a room its stanza id
 * @author: (nullable): who wrote the message answered: its full JID, or
 *   its occupant JID in a room
 * @quoted: (nullable): the text of the message answered, to quote at the
 *   start of the body for the clients that do not know replies
 * @body: the text of the reply
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Sends @body as a reply to the message @id. With @quoted, the body
 * starts with each of its lines behind "> " and the quote is marked as
 * the fallback for replies.
 *
 * Returns: (transfer full) (nullable): the reply sent, or %NULL with
 *   @error set when the plugin is not enabled or @id is empty
 */
SleekMessage *
sleek_message_replies_send (SleekMessageReplies *self, SleekJid *to, SleekMessageType type, const char *id,
                            SleekJid *author, const char *quoted, const char *body, GError **error)
{
  SleekMessage *message;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (SLEEK_IS_MESSAGE_REPLIES (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  message = sleek_plugin_new_message (SLEEK_PLUGIN (self), to, type, id, error);
  if (message == NULL)
    return NULL;
  text = g_string_new (NULL);
  if (quoted != NULL && *quoted != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (quoted, "\n", -1);
      SleekNode *part;
      g_autofree char *end = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (text, "> %s\n", lines[i]);
      part = sleek_node_add_child_new (sleek_plugin_add_fallback (message, SLEEK_NS_REPLY), "body", SLEEK_NS_FALLBACK);
      end = g_strdup_printf ("%ld", g_utf8_strlen (text->str, -1));
      sleek_node_set_attribute (part, "start", "0");
      sleek_node_set_attribute (part, "end", end);
    }
  g_string_append (text, body);
  sleek_message_set_body (message, text->str);
  sleek_message_set_reply (message, id, author);
  return sleek_plugin_send_message (SLEEK_PLUGIN (self), message);
}

/* SleekPlugin */

static void
sleek_message_replies_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_report_references (plugin, "reply", SLEEK_NS_REPLY, signals[SIGNAL_REPLY]);
  sleek_plugin_advertise (plugin, SLEEK_NS_REPLY);
}

static void
sleek_message_replies_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_REPLY);
}

static void
sleek_message_replies_class_init (SleekMessageRepliesClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_message_replies_plugin_init;
  plugin_class->plugin_end = sleek_message_replies_plugin_end;

  /**
   * SleekMessageReplies::reply:
   * @self: the plugin
   * @message: the reply; [method@Sleek.Message.get_reply_body] gives its
   *   text without the quote
   * @id: the id of the message it answers
   *
   * A reply arrived.
   */
  signals[SIGNAL_REPLY] =
    sleek_plugin_new_reference_signal (G_TYPE_FROM_CLASS (klass), "reply");
}

static void
sleek_message_replies_init (SleekMessageReplies *self)
{
}
