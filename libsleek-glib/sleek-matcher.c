/* sleek-matcher.c: which stanzas a stream handler receives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"

#include <string.h>

/**
 * SleekMatcher:
 *
 * Decides which incoming stanzas a handler added with
 * [method@Sleek.XmlStream.add_handler] receives, with SleekXMPP's matcher
 * vocabulary:
 *
 * - [ctor@Sleek.Matcher.new_any]: every stanza
 * - [ctor@Sleek.Matcher.new_id]: the stanza with a given `id`, such as the
 *   reply to an IQ
 * - [ctor@Sleek.Matcher.new_id_sender]: the same, and it must come from a
 *   given JID, so a reply cannot be spoofed by another entity
 * - [ctor@Sleek.Matcher.new_stanza_path]: SleekXMPP's stanza paths, such as
 *   `iq@type=get/disco_info` (see [method@Sleek.Stanza.match])
 * - [ctor@Sleek.Matcher.new_xml_mask]: stanzas that contain the XML of a
 *   mask
 * - [ctor@Sleek.Matcher.new_xpath]: an element path such as
 *   `{jabber:client}message/{urn:xmpp:receipts}request`
 *
 * Subclass it and override `match` for any other rule. A matcher is
 * immutable once created and may be shared by several handlers.
 */

typedef enum {
  MATCH_NONE,    /* a subclass decides */
  MATCH_ANY,
  MATCH_ID,
  MATCH_ID_SENDER,
  MATCH_STANZA_PATH,
  MATCH_XML_MASK,
  MATCH_XPATH,
} MatchKind;

typedef struct {
  MatchKind kind;
  gboolean simple_path; /* a stanza path that is one bare name */
  char *text;        /* id, stanza path or element path */
  SleekJid *from;
  SleekNode *mask;
} SleekMatcherPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SleekMatcher, sleek_matcher, G_TYPE_OBJECT)

static gboolean
str_equal0 (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* A mask element without a namespace matches its name in any namespace;
 * attributes and non-empty text must be equal; every child of the mask
 * must match some child of the element. */
static gboolean
mask_matches (SleekNode *mask, SleekNode *node)
{
  g_auto(GStrv) names = NULL;
  const char *mask_ns = sleek_node_get_namespace (mask);
  const char *text;

  if (!sleek_node_is (node, sleek_node_get_name (mask), mask_ns))
    return FALSE;

  names = sleek_node_dup_attribute_names (mask);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];
      const char *want, *have;

      if (name[0] == '{')
        {
          const char *close = strchr (name, '}');
          g_autofree char *ns = g_strndup (name + 1, close - name - 1);

          want = sleek_node_get_attribute_ns (mask, close + 1, ns);
          have = sleek_node_get_attribute_ns (node, close + 1, ns);
        }
      else
        {
          want = sleek_node_get_attribute (mask, name);
          have = sleek_node_get_attribute (node, name);
        }
      if (!str_equal0 (want, have))
        return FALSE;
    }

  text = sleek_node_get_text (mask);
  if (text != NULL)
    {
      g_autofree char *want = g_strstrip (g_strdup (text));

      if (*want != '\0')
        {
          const char *node_text = sleek_node_get_text (node);
          g_autofree char *have = g_strstrip (g_strdup (node_text != NULL ? node_text : ""));

          if (strcmp (want, have) != 0)
            return FALSE;
        }
    }

  for (guint i = 0; i < sleek_node_get_n_children (mask); i++)
    {
      SleekNode *want = sleek_node_get_nth_child (mask, i);
      gboolean found = FALSE;

      for (guint j = 0; j < sleek_node_get_n_children (node) && !found; j++)
        found = mask_matches (want, sleek_node_get_nth_child (node, j));
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* "{ns}name/rest": the first step names the stanza itself (any namespace
 * when it has none), the rest is a path below it. */
static gboolean
xpath_matches (const char *path, SleekNode *node)
{
  const char *name = path;
  const char *ns_end = NULL;
  const char *slash;
  gsize name_len;

  if (*path == '{')
    {
      ns_end = strchr (path, '}');
      if (ns_end == NULL)
        return FALSE;
      name = ns_end + 1;
    }
  slash = strchr (name, '/');
  name_len = slash != NULL ? (gsize) (slash - name) : strlen (name);
  if (strlen (sleek_node_get_name (node)) != name_len ||
      strncmp (sleek_node_get_name (node), name, name_len) != 0)
    return FALSE;
  if (ns_end != NULL)
    {
      gsize ns_len = ns_end - path - 1;
      const char *ns = sleek_node_get_namespace (node);

      if (ns == NULL ? ns_len != 0 : (strlen (ns) != ns_len || strncmp (ns, path + 1, ns_len) != 0))
        return FALSE;
    }
  if (slash == NULL)
    return TRUE;
  return sleek_node_find (node, slash + 1) != NULL;
}

static gboolean
sleek_matcher_real_match (SleekMatcher *self, SleekStanza *stanza)
{
  SleekMatcherPrivate *priv = sleek_matcher_get_instance_private (self);
  SleekNode *node = sleek_stanza_get_node (stanza);

  switch (priv->kind)
    {
    case MATCH_ANY:
      return TRUE;
    case MATCH_ID:
      return str_equal0 (sleek_node_get_attribute (node, "id"), priv->text);
    case MATCH_ID_SENDER:
      {
        SleekJid *from;

        if (!str_equal0 (sleek_node_get_attribute (node, "id"), priv->text))
          return FALSE;
        from = sleek_stanza_get_from (stanza);
        if (priv->from == NULL)
          return sleek_node_get_attribute (node, "from") == NULL;
        return from != NULL && sleek_jid_equal (from, priv->from);
      }
    case MATCH_STANZA_PATH:
      /* The common "message" or "iq": the element's name, without
       * parsing the path on every stanza. */
      if (priv->simple_path && strcmp (sleek_node_get_name (node), priv->text) == 0)
        return TRUE;
      return sleek_stanza_match (stanza, priv->text);
    case MATCH_XML_MASK:
      return mask_matches (priv->mask, node);
    case MATCH_XPATH:
      return xpath_matches (priv->text, node);
    case MATCH_NONE:
    default:
      return FALSE;
    }
}

static void
sleek_matcher_finalize (GObject *object)
{
  SleekMatcherPrivate *priv = sleek_matcher_get_instance_private (SLEEK_MATCHER (object));

  g_free (priv->text);
  g_clear_pointer (&priv->from, sleek_jid_unref);
  g_clear_pointer (&priv->mask, sleek_node_unref);
  G_OBJECT_CLASS (sleek_matcher_parent_class)->finalize (object);
}

static void
sleek_matcher_class_init (SleekMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_matcher_finalize;
  klass->match = sleek_matcher_real_match;
}

static void
sleek_matcher_init (SleekMatcher *self)
{
}

static SleekMatcher *
matcher_new (MatchKind kind, const char *text)
{
  SleekMatcher *self = g_object_new (SLEEK_TYPE_MATCHER, NULL);
  SleekMatcherPrivate *priv = sleek_matcher_get_instance_private (self);

  priv->kind = kind;
  priv->text = g_strdup (text);
  return self;
}

/**
 * sleek_matcher_new_any:
 *
 * Creates a matcher that accepts everything.
 *
 * Returns: (transfer full): a matcher that accepts every stanza
 */
SleekMatcher *
sleek_matcher_new_any (void)
{
  return matcher_new (MATCH_ANY, NULL);
}

/**
 * sleek_matcher_new_id:
 * @id: the stanza id to match
 *
 * Creates a matcher for one stanza id.
 *
 * Returns: (transfer full): a matcher for stanzas whose `id` is @id
 */
SleekMatcher *
sleek_matcher_new_id (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);
  return matcher_new (MATCH_ID, id);
}

/**
 * sleek_matcher_new_id_sender:
 * @id: the stanza id to match
 * @from: (nullable): the JID the stanza must come from, or %NULL for a
 *   stanza without a `from` (one from the server itself)
 *
 * Matches the stanza with `id` @id from @from (compared as full JIDs after
 * normalisation), and nothing else with that id: a reply to an IQ that
 * another entity spoofs is not delivered.
 *
 * Returns: (transfer full): the matcher
 */
SleekMatcher *
sleek_matcher_new_id_sender (const char *id, SleekJid *from)
{
  SleekMatcher *self;
  SleekMatcherPrivate *priv;

  g_return_val_if_fail (id != NULL, NULL);

  self = matcher_new (MATCH_ID_SENDER, id);
  priv = sleek_matcher_get_instance_private (self);
  priv->from = from != NULL ? sleek_jid_ref (from) : NULL;
  return self;
}

/**
 * sleek_matcher_new_stanza_path:
 * @path: a SleekXMPP stanza path, such as `message/body` or
 *   `iq@type=get/disco_info`
 *
 * Matches with [method@Sleek.Stanza.match].
 *
 * Returns: (transfer full): the matcher
 */
SleekMatcher *
sleek_matcher_new_stanza_path (const char *path)
{
  SleekMatcher *self;
  SleekMatcherPrivate *priv;

  g_return_val_if_fail (path != NULL, NULL);

  self = matcher_new (MATCH_STANZA_PATH, path);
  priv = sleek_matcher_get_instance_private (self);
  priv->simple_path = *path != '\0' && strpbrk (path, "/@{}='\"") == NULL;
  return self;
}

/**
 * sleek_matcher_new_xml_mask:
 * @mask: XML that a stanza must contain, such as
 *   `<message type='chat'><body/></message>`
 * @error: return location for a #GError
 *
 * Matches stanzas that contain the mask: the same root element, every
 * attribute of the mask with the same value, the mask's text if it has
 * any, and for each child of the mask some matching child. An element of
 * the mask without `xmlns` matches its name in any namespace.
 *
 * Returns: (transfer full): the matcher, or %NULL if @mask is not
 *   well-formed
 */
SleekMatcher *
sleek_matcher_new_xml_mask (const char *mask, GError **error)
{
  g_autoptr(SleekNode) node = NULL;
  SleekMatcher *self;
  SleekMatcherPrivate *priv;

  g_return_val_if_fail (mask != NULL, NULL);

  node = sleek_node_parse (mask, -1, error);
  if (node == NULL)
    return NULL;
  self = matcher_new (MATCH_XML_MASK, NULL);
  priv = sleek_matcher_get_instance_private (self);
  priv->mask = g_steal_pointer (&node);
  return self;
}

/**
 * sleek_matcher_new_xpath:
 * @path: an element path, such as
 *   `{jabber:client}message/{urn:xmpp:receipts}request`
 *
 * The first step names the stanza element itself (in any namespace when
 * it has no `{namespace}`); the rest must be found below it, with the
 * rules of [method@Sleek.Node.find].
 *
 * Returns: (transfer full): the matcher
 */
SleekMatcher *
sleek_matcher_new_xpath (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return matcher_new (MATCH_XPATH, path);
}

/**
 * sleek_matcher_match:
 * @self: a matcher
 * @stanza: an incoming stanza
 *
 * Asks the matcher whether @stanza matches.
 *
 * Returns: whether @stanza matches
 */
gboolean
sleek_matcher_match (SleekMatcher *self, SleekStanza *stanza)
{
  g_return_val_if_fail (SLEEK_IS_MATCHER (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), FALSE);

  return SLEEK_MATCHER_GET_CLASS (self)->match (self, stanza);
}
