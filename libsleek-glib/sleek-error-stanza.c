/* sleek-error-stanza.c: the <error/> child of a stanza of type error
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-stanza-private.h"

#include <string.h>

#include <sleek/sleek-error-stanza.h>
#include <sleek/sleek-ns.h>

/**
 * SleekErrorStanza:
 *
 * The `<error/>` child of a stanza of type `error` (RFC 6120 section 8.3),
 * reached as the `"error"` plugin of a [class@Sleek.Message],
 * [class@Sleek.Presence] or [class@Sleek.Iq]:
 *
 * ```c
 * SleekStanza *error = sleek_stanza_get_plugin (stanza, "error", FALSE);
 * if (error != NULL)
 *   g_print ("%s\n", sleek_stanza_get_string (error, "condition"));
 * ```
 *
 * Its keys are `condition` (the name of the condition element in the
 * `urn:ietf:params:xml:ns:xmpp-stanzas` namespace), `type` (`cancel`,
 * `continue`, `modify`, `auth` or `wait`), `text` (the `<text/>` element in
 * that namespace) and `code` (the legacy numeric attribute).
 *
 * [method@Sleek.Stanza.get_error] and [method@Sleek.Stanza.set_error] read
 * and write the same element as a #GError.
 */

struct _SleekErrorStanza
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekErrorStanza, sleek_error_stanza, SLEEK_TYPE_STANZA)

enum {
  PROP_0,
  PROP_CONDITION,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The condition element: the first child in the stanza errors namespace
 * that is not <text/>. */
static SleekNode *
condition_node (SleekNode *node)
{
  guint n = sleek_node_get_n_children (node);

  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_STANZA_ERRORS) == 0 &&
          strcmp (sleek_node_get_name (child), "text") != 0)
        return child;
    }
  return NULL;
}

static void
remove_conditions (SleekNode *node)
{
  SleekNode *child;

  while ((child = condition_node (node)) != NULL)
    sleek_node_remove_child (node, child);
}

static char *
sleek_error_stanza_get_key (SleekStanza *stanza,
                            const char  *key)
{
  SleekNode *node = sleek_stanza_get_node (stanza);

  if (strcmp (key, "condition") == 0)
    {
      SleekNode *condition = condition_node (node);

      return condition != NULL ? g_strdup (sleek_node_get_name (condition)) : NULL;
    }
  if (strcmp (key, "text") == 0)
    {
      SleekNode *text = sleek_node_get_child (node, "text", SLEEK_NS_STANZA_ERRORS);

      if (text == NULL)
        return NULL;
      return g_strdup (sleek_node_get_text (text) != NULL ? sleek_node_get_text (text) : "");
    }
  return SLEEK_STANZA_CLASS (sleek_error_stanza_parent_class)->get_key (stanza, key);
}

static void
sleek_error_stanza_set_key (SleekStanza *stanza,
                            const char  *key,
                            const char  *value)
{
  SleekNode *node = sleek_stanza_get_node (stanza);

  if (strcmp (key, "condition") == 0)
    {
      SleekNode *condition = condition_node (node);

      if (condition != NULL && strcmp (sleek_node_get_name (condition), value) == 0)
        return;
      remove_conditions (node);
      if (*value == '\0')
        return;
      /* RFC 6120 section 8.3.2: the condition comes before <text/>. */
      condition = sleek_node_new (value, SLEEK_NS_STANZA_ERRORS);
      sleek_node_insert_child (node, 0, condition);
      sleek_node_unref (condition);
      return;
    }
  if (strcmp (key, "text") == 0)
    {
      SleekNode *text = sleek_node_get_child (node, "text", SLEEK_NS_STANZA_ERRORS);

      if (text == NULL)
        text = sleek_node_add_child_new (node, "text", SLEEK_NS_STANZA_ERRORS);
      sleek_node_set_text (text, value);
      return;
    }
  SLEEK_STANZA_CLASS (sleek_error_stanza_parent_class)->set_key (stanza, key, value);
}

static void
sleek_error_stanza_delete_key (SleekStanza *stanza,
                               const char  *key)
{
  SleekNode *node = sleek_stanza_get_node (stanza);

  if (strcmp (key, "condition") == 0)
    {
      remove_conditions (node);
      return;
    }
  if (strcmp (key, "text") == 0)
    {
      sleek_node_remove_children (node, "text", SLEEK_NS_STANZA_ERRORS);
      return;
    }
  SLEEK_STANZA_CLASS (sleek_error_stanza_parent_class)->delete_key (stanza, key);
}

static void
sleek_error_stanza_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SleekErrorStanza *self = SLEEK_ERROR_STANZA (object);

  switch (prop_id)
    {
    case PROP_CONDITION:
      g_value_set_string (value, sleek_error_stanza_get_condition (self));
      break;
    case PROP_TEXT:
      g_value_set_string (value, sleek_error_stanza_get_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_error_stanza_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SleekErrorStanza *self = SLEEK_ERROR_STANZA (object);

  switch (prop_id)
    {
    case PROP_CONDITION:
      sleek_error_stanza_set_condition (self, g_value_get_string (value));
      break;
    case PROP_TEXT:
      sleek_error_stanza_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_error_stanza_class_init (SleekErrorStanzaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekStanzaClass *stanza_class = SLEEK_STANZA_CLASS (klass);

  object_class->get_property = sleek_error_stanza_get_property;
  object_class->set_property = sleek_error_stanza_set_property;

  stanza_class->get_key = sleek_error_stanza_get_key;
  stanza_class->set_key = sleek_error_stanza_set_key;
  stanza_class->delete_key = sleek_error_stanza_delete_key;

  /**
   * SleekErrorStanza:condition: (getter get_condition) (setter set_condition)
   *
   * The name of the condition element, such as `"item-not-found"`.
   */
  properties[PROP_CONDITION] =
    g_param_spec_string ("condition", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekErrorStanza:text: (getter get_text) (setter set_text)
   *
   * The human-readable text of the error.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_error_stanza_init (SleekErrorStanza *self)
{
}

/* Called once from sleek_stanza_ensure_builtins(). */
void
sleek_error_stanza_register_builtin (void)
{
  GType type = SLEEK_TYPE_ERROR_STANZA;

  sleek_stanza_type_set_element (type, "error", SLEEK_NS_CLIENT, "error");
  sleek_stanza_type_add_key (type, "condition", SLEEK_STANZA_KEY_CUSTOM);
  sleek_stanza_type_add_key (type, "type", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (type, "text", SLEEK_STANZA_KEY_CUSTOM);
  sleek_stanza_type_add_key (type, "code", SLEEK_STANZA_KEY_ATTRIBUTE);
}

/**
 * sleek_error_stanza_get_condition: (get-property condition)
 * @self: a [class@Sleek.ErrorStanza]
 *
 * Gets the error condition.
 *
 * Returns: (nullable): the name of the condition element, such as
 *   `"item-not-found"`, or %NULL when there is none
 */
const char *
sleek_error_stanza_get_condition (SleekErrorStanza *self)
{
  g_return_val_if_fail (SLEEK_IS_ERROR_STANZA (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "condition");
}

/**
 * sleek_error_stanza_set_condition: (set-property condition)
 * @self: a [class@Sleek.ErrorStanza]
 * @condition: (nullable): the condition name, such as `"item-not-found"`,
 *   or %NULL to remove the condition
 *
 * Replaces the condition element.
 */
void
sleek_error_stanza_set_condition (SleekErrorStanza *self,
                                  const char       *condition)
{
  g_return_if_fail (SLEEK_IS_ERROR_STANZA (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "condition", condition);
}

/**
 * sleek_error_stanza_get_text: (get-property text)
 * @self: a [class@Sleek.ErrorStanza]
 *
 * Gets the text of the error.
 *
 * Returns: (nullable): the text, or %NULL when there is no `<text/>`
 */
const char *
sleek_error_stanza_get_text (SleekErrorStanza *self)
{
  g_return_val_if_fail (SLEEK_IS_ERROR_STANZA (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "text");
}

/**
 * sleek_error_stanza_set_text: (set-property text)
 * @self: a [class@Sleek.ErrorStanza]
 * @text: (nullable): the text, or %NULL to remove the `<text/>`
 *
 * Sets the text of the error.
 */
void
sleek_error_stanza_set_text (SleekErrorStanza *self,
                             const char       *text)
{
  g_return_if_fail (SLEEK_IS_ERROR_STANZA (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "text", text);
}
