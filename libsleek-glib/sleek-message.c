/* sleek-message.c: <message/> stanzas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-stanza-private.h"

#include <string.h>

#include <sleek/sleek-error-stanza.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-ns.h>

/**
 * SleekMessage:
 *
 * A `<message/>` stanza (RFC 6121 section 5): a push of information, such
 * as a chat line, that expects no answer.
 *
 * Besides the keys of every [class@Sleek.Stanza], a message has `body`,
 * `subject` and `thread` (the text of the child elements of those names),
 * also available as properties. The `"error"` plugin is a
 * [class@Sleek.ErrorStanza].
 */

struct _SleekMessage
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekMessage, sleek_message, SLEEK_TYPE_STANZA)

enum {
  PROP_0,
  PROP_BODY,
  PROP_SUBJECT,
  PROP_THREAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const message_types[] = {
  [SLEEK_MESSAGE_TYPE_NORMAL] = "normal",
  [SLEEK_MESSAGE_TYPE_CHAT] = "chat",
  [SLEEK_MESSAGE_TYPE_GROUPCHAT] = "groupchat",
  [SLEEK_MESSAGE_TYPE_HEADLINE] = "headline",
  [SLEEK_MESSAGE_TYPE_ERROR] = "error",
};

static void
sleek_message_prepare_reply (SleekStanza *stanza,
                             SleekStanza *reply,
                             gboolean     clear)
{
  SleekMessage *self = SLEEK_MESSAGE (stanza);
  SleekNode *thread;

  SLEEK_STANZA_CLASS (sleek_message_parent_class)->prepare_reply (stanza, reply, clear);

  /* Answer a room, not the occupant who spoke in it. */
  if (sleek_message_get_message_type (self) == SLEEK_MESSAGE_TYPE_GROUPCHAT)
    {
      SleekJid *from = sleek_stanza_get_from (stanza);

      if (from != NULL)
        sleek_stanza_set_string (reply, "to", sleek_jid_get_bare (from));
    }

  /* A reply stays in its conversation. */
  thread = sleek_node_get_child (sleek_stanza_get_node (stanza), "thread",
                                 sleek_node_get_namespace (sleek_stanza_get_node (stanza)));
  if (clear && thread != NULL)
    {
      SleekNode *reply_node = sleek_stanza_get_node (reply);
      SleekNode *copy = sleek_node_add_child_new (reply_node, "thread", sleek_node_get_namespace (reply_node));
      const char *parent = sleek_node_get_attribute (thread, "parent");

      sleek_node_set_text (copy, sleek_node_get_text (thread));
      if (parent != NULL)
        sleek_node_set_attribute (copy, "parent", parent);
    }
}

static void
sleek_message_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SleekMessage *self = SLEEK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_BODY:
      g_value_set_string (value, sleek_message_get_body (self));
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, sleek_message_get_subject (self));
      break;
    case PROP_THREAD:
      g_value_set_string (value, sleek_message_get_thread (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_message_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SleekMessage *self = SLEEK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_BODY:
      sleek_message_set_body (self, g_value_get_string (value));
      break;
    case PROP_SUBJECT:
      sleek_message_set_subject (self, g_value_get_string (value));
      break;
    case PROP_THREAD:
      sleek_message_set_thread (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_message_class_init (SleekMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekStanzaClass *stanza_class = SLEEK_STANZA_CLASS (klass);

  object_class->get_property = sleek_message_get_property;
  object_class->set_property = sleek_message_set_property;

  stanza_class->prepare_reply = sleek_message_prepare_reply;

  /**
   * SleekMessage:body: (getter get_body) (setter set_body)
   *
   * The text of the `<body/>` element.
   */
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekMessage:subject: (getter get_subject) (setter set_subject)
   *
   * The text of the `<subject/>` element.
   */
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekMessage:thread: (getter get_thread) (setter set_thread)
   *
   * The text of the `<thread/>` element: the conversation the message
   * belongs to.
   */
  properties[PROP_THREAD] =
    g_param_spec_string ("thread", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_message_init (SleekMessage *self)
{
}

/* Called once from sleek_stanza_ensure_builtins(). */
void
sleek_message_register_builtin (void)
{
  GType type = SLEEK_TYPE_MESSAGE;

  sleek_stanza_type_set_element (type, "message", SLEEK_NS_CLIENT, "message");
  sleek_stanza_type_add_key (type, "body", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (type, "subject", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (type, "thread", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_register_type (type);
  sleek_stanza_register_plugin (type, SLEEK_TYPE_ERROR_STANZA);
}

/**
 * sleek_message_new:
 *
 * Creates an empty `<message xmlns='jabber:client'/>`.
 *
 * Returns: (transfer full): a new message
 */
SleekMessage *
sleek_message_new (void)
{
  return g_object_new (SLEEK_TYPE_MESSAGE, NULL);
}

/**
 * sleek_message_reply:
 * @self: a [class@Sleek.Message]
 * @body: (nullable): the body of the reply
 *
 * Builds an answer to @self, as SleekXMPP's `Message.reply(body)`: a
 * [method@Sleek.Stanza.reply] without the children of @self (but with its
 * `<thread/>`), holding @body.
 *
 * Returns: (transfer full): a new message
 */
SleekMessage *
sleek_message_reply (SleekMessage *self,
                     const char   *body)
{
  SleekMessage *reply;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (self), NULL);

  reply = SLEEK_MESSAGE (sleek_stanza_reply (SLEEK_STANZA (self), TRUE));
  if (body != NULL)
    sleek_message_set_body (reply, body);
  return reply;
}

/**
 * sleek_message_get_message_type:
 * @self: a [class@Sleek.Message]
 *
 * Gets the type of the message. The `type` key and the
 * [property@Sleek.Stanza:type] property give the attribute as it is.
 *
 * Returns: the type; %SLEEK_MESSAGE_TYPE_NORMAL when the attribute is
 *   absent or unknown
 */
SleekMessageType
sleek_message_get_message_type (SleekMessage *self)
{
  const char *type;

  g_return_val_if_fail (SLEEK_IS_MESSAGE (self), SLEEK_MESSAGE_TYPE_NORMAL);

  type = sleek_stanza_get_string (SLEEK_STANZA (self), "type");
  if (type == NULL)
    return SLEEK_MESSAGE_TYPE_NORMAL;
  for (guint i = 0; i < G_N_ELEMENTS (message_types); i++)
    if (strcmp (type, message_types[i]) == 0)
      return (SleekMessageType) i;
  return SLEEK_MESSAGE_TYPE_NORMAL;
}

/**
 * sleek_message_set_message_type:
 * @self: a [class@Sleek.Message]
 * @type: the new type
 *
 * Sets the `type` attribute.
 */
void
sleek_message_set_message_type (SleekMessage     *self,
                                SleekMessageType  type)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (self));
  g_return_if_fail ((guint) type < G_N_ELEMENTS (message_types));

  sleek_stanza_set_string (SLEEK_STANZA (self), "type", message_types[type]);
}

/**
 * sleek_message_get_body: (get-property body)
 * @self: a [class@Sleek.Message]
 *
 * Gets the body of the message.
 *
 * Returns: (nullable): the text of `<body/>`, or %NULL when there is none
 */
const char *
sleek_message_get_body (SleekMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "body");
}

/**
 * sleek_message_set_body: (set-property body)
 * @self: a [class@Sleek.Message]
 * @body: (nullable): the new body, or %NULL to remove `<body/>`
 *
 * Sets the body of the message.
 */
void
sleek_message_set_body (SleekMessage *self,
                        const char   *body)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "body", body);
}

/**
 * sleek_message_get_subject: (get-property subject)
 * @self: a [class@Sleek.Message]
 *
 * Gets the subject of the message.
 *
 * Returns: (nullable): the text of `<subject/>`, or %NULL when there is
 *   none
 */
const char *
sleek_message_get_subject (SleekMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "subject");
}

/**
 * sleek_message_set_subject: (set-property subject)
 * @self: a [class@Sleek.Message]
 * @subject: (nullable): the new subject, or %NULL to remove `<subject/>`
 *
 * Sets the subject of the message.
 */
void
sleek_message_set_subject (SleekMessage *self,
                           const char   *subject)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "subject", subject);
}

/**
 * sleek_message_get_thread: (get-property thread)
 * @self: a [class@Sleek.Message]
 *
 * Gets the conversation thread of the message.
 *
 * Returns: (nullable): the text of `<thread/>`, or %NULL when there is
 *   none
 */
const char *
sleek_message_get_thread (SleekMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "thread");
}

/**
 * sleek_message_set_thread: (set-property thread)
 * @self: a [class@Sleek.Message]
 * @thread: (nullable): the new thread id, or %NULL to remove `<thread/>`
 *
 * Sets the conversation thread of the message.
 */
void
sleek_message_set_thread (SleekMessage *self,
                          const char   *thread)
{
  g_return_if_fail (SLEEK_IS_MESSAGE (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "thread", thread);
}
