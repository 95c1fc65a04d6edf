/* sleek-xep-0382-spoilers.c: XEP-0382 Spoiler messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0382-spoilers.h"

static SleekNode *
message_node (SleekMessage *message)
{
  return sleek_stanza_get_node (SLEEK_STANZA (message));
}

/**
 * sleek_message_get_spoiler:
 * @message: a [class@Sleek.Message]
 *
 * Whether @message is a spoiler: its body should stay hidden until the
 * reader asks to see it.
 *
 * Returns: %TRUE when it carries a `<spoiler xmlns='urn:xmpp:spoiler:0'/>`
 */
gboolean
sleek_message_get_spoiler (SleekMessage *message)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), FALSE);

  return sleek_node_get_child (message_node (message), "spoiler", SLEEK_NS_SPOILER) != NULL;
}

/* The text of @spoiler when it is not empty, else NULL. */
static const char *
hint_text (SleekNode *spoiler)
{
  const char *text = sleek_node_get_text (spoiler);

  return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * sleek_message_get_spoiler_hint:
 * @message: a [class@Sleek.Message]
 * @lang: (nullable): the language wanted, such as `de`, or %NULL
 *
 * Reads what the spoiler of @message is about, for the reader to decide
 * whether to look. A message may carry one hint for each language: this
 * is the one in @lang (the `xml:lang` of the `<spoiler/>`, compared
 * without case) when there is one, else the one without a language, else
 * the first.
 *
 * Returns: (nullable): the hint, or %NULL when @message is no spoiler or
 *   its spoilers are empty
 */
const char *
sleek_message_get_spoiler_hint (SleekMessage *message, const char *lang)
{
  SleekNode *node;
  const char *unmarked = NULL, *first = NULL;
  guint n;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (message), NULL);

  node = message_node (message);
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *spoiler = sleek_node_get_nth_child (node, i);
      const char *text = hint_text (spoiler);
      const char *its_lang;

      if (!sleek_node_is (spoiler, "spoiler", SLEEK_NS_SPOILER) || text == NULL)
        continue;
      its_lang = sleek_node_get_lang (spoiler);
      if (lang != NULL && its_lang != NULL && g_ascii_strcasecmp (its_lang, lang) == 0)
        return text;
      if (its_lang == NULL && unmarked == NULL)
        unmarked = text;
      if (first == NULL)
        first = text;
    }
  return unmarked != NULL ? unmarked : first;
}

/**
 * sleek_message_add_spoiler:
 * @message: a [class@Sleek.Message]
 * @hint: (nullable): what the spoiler is about, or %NULL for none
 * @lang: (nullable): the language of @hint, or %NULL
 *
 * Makes @message a spoiler, with the hint @hint in @lang. It replaces the
 * hint @message had in @lang (or without a language), and an empty
 * `<spoiler/>`; call it again for each language.
 */
void
sleek_message_add_spoiler (SleekMessage *message, const char *hint, const char *lang)
{
  SleekNode *node, *spoiler;
  g_autoptr(GPtrArray) stale = NULL;
  guint n;

  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  node = message_node (message);
  stale = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_node_unref);
  n = sleek_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);
      const char *its_lang;

      if (!sleek_node_is (child, "spoiler", SLEEK_NS_SPOILER))
        continue;
      its_lang = sleek_node_get_lang (child);
      if (hint_text (child) == NULL ||
          (lang == NULL ? its_lang == NULL : its_lang != NULL && g_ascii_strcasecmp (its_lang, lang) == 0))
        g_ptr_array_add (stale, sleek_node_ref (child));
    }
  for (guint i = 0; i < stale->len; i++)
    sleek_node_remove_child (node, stale->pdata[i]);

  spoiler = sleek_node_add_child_new (node, "spoiler", SLEEK_NS_SPOILER);
  if (hint != NULL && *hint != '\0')
    sleek_node_set_text (spoiler, hint);
  if (lang != NULL)
    sleek_node_set_lang (spoiler, lang);
}

/**
 * sleek_message_remove_spoiler:
 * @message: a [class@Sleek.Message]
 *
 * Makes @message an ordinary message again, removing every `<spoiler/>`.
 */
void
sleek_message_remove_spoiler (SleekMessage *message)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (message));

  sleek_node_remove_children (message_node (message), "spoiler", SLEEK_NS_SPOILER);
}

/**
 * SleekSpoilers:
 *
 * The `xep_0382` plugin: XEP-0382 Spoiler messages.
 *
 * It advertises `urn:xmpp:spoiler:0` through `xep_0030`, so that others
 * know we hide the body of a spoiler. The spoiler itself is read and
 * written on messages with [method@Sleek.Message.get_spoiler],
 * [method@Sleek.Message.get_spoiler_hint] and
 * [method@Sleek.Message.add_spoiler], with or without the plugin.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0382", &error);
 *
 * message = sleek_base_xmpp_make_message (xmpp, "romeo@example.net", "Both of them die.", NULL, "chat");
 * sleek_message_add_spoiler (message, "The end of the play", "en");
 * sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
 *
 * // On the other side:
 * if (sleek_message_get_spoiler (got))
 *   show_hidden (sleek_message_get_spoiler_hint (got, "en"));
 * ```
 */
struct _SleekSpoilers
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekSpoilers, sleek_spoilers, SLEEK_TYPE_PLUGIN)

static void
sleek_spoilers_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_advertise (plugin, SLEEK_NS_SPOILER);
}

static void
sleek_spoilers_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_SPOILER);
}

static void
sleek_spoilers_class_init (SleekSpoilersClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_spoilers_plugin_init;
  plugin_class->plugin_end = sleek_spoilers_plugin_end;
}

static void
sleek_spoilers_init (SleekSpoilers *self)
{
}
