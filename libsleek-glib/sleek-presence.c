/* sleek-presence.c: <presence/> stanzas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-stanza-private.h"

#include <string.h>

#include <sleek/sleek-error-stanza.h>
#include <sleek/sleek-ns.h>
#include <sleek/sleek-presence.h>

/**
 * SleekPresence:
 *
 * A `<presence/>` stanza (RFC 6121 sections 3 and 4): availability
 * broadcast to contacts, and subscription requests and answers.
 *
 * Besides the keys of every [class@Sleek.Stanza], a presence has `show`
 * (`away`, `chat`, `dnd` or `xa`), `status` (free text) and `priority` (an
 * integer from -128 to 127), the text of the child elements of those
 * names, also available as properties. The `"error"` plugin is a
 * [class@Sleek.ErrorStanza].
 */

struct _SleekPresence
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekPresence, sleek_presence, SLEEK_TYPE_STANZA)

enum {
  PROP_0,
  PROP_SHOW,
  PROP_STATUS,
  PROP_PRIORITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Index: SleekPresenceType; "available" has no attribute. */
static const char * const presence_types[] = {
  [SLEEK_PRESENCE_TYPE_AVAILABLE] = NULL,
  [SLEEK_PRESENCE_TYPE_UNAVAILABLE] = "unavailable",
  [SLEEK_PRESENCE_TYPE_SUBSCRIBE] = "subscribe",
  [SLEEK_PRESENCE_TYPE_SUBSCRIBED] = "subscribed",
  [SLEEK_PRESENCE_TYPE_UNSUBSCRIBE] = "unsubscribe",
  [SLEEK_PRESENCE_TYPE_UNSUBSCRIBED] = "unsubscribed",
  [SLEEK_PRESENCE_TYPE_PROBE] = "probe",
  [SLEEK_PRESENCE_TYPE_ERROR] = "error",
};

static void
sleek_presence_prepare_reply (SleekStanza *stanza,
                              SleekStanza *reply,
                              gboolean     clear)
{
  SleekPresenceType type = sleek_presence_get_presence_type (SLEEK_PRESENCE (stanza));

  SLEEK_STANZA_CLASS (sleek_presence_parent_class)->prepare_reply (stanza, reply, clear);

  /* A subscription request is answered by its approval. */
  if (type == SLEEK_PRESENCE_TYPE_SUBSCRIBE)
    sleek_presence_set_presence_type (SLEEK_PRESENCE (reply), SLEEK_PRESENCE_TYPE_SUBSCRIBED);
  else if (type == SLEEK_PRESENCE_TYPE_UNSUBSCRIBE)
    sleek_presence_set_presence_type (SLEEK_PRESENCE (reply), SLEEK_PRESENCE_TYPE_UNSUBSCRIBED);
}

static void
sleek_presence_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SleekPresence *self = SLEEK_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      g_value_set_string (value, sleek_presence_get_show (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, sleek_presence_get_status (self));
      break;
    case PROP_PRIORITY:
      g_value_set_int (value, sleek_presence_get_priority (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_presence_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SleekPresence *self = SLEEK_PRESENCE (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      sleek_presence_set_show (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      sleek_presence_set_status (self, g_value_get_string (value));
      break;
    case PROP_PRIORITY:
      sleek_presence_set_priority (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_presence_class_init (SleekPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekStanzaClass *stanza_class = SLEEK_STANZA_CLASS (klass);

  object_class->get_property = sleek_presence_get_property;
  object_class->set_property = sleek_presence_set_property;

  stanza_class->prepare_reply = sleek_presence_prepare_reply;

  /**
   * SleekPresence:show: (getter get_show) (setter set_show)
   *
   * The text of the `<show/>` element: `away`, `chat`, `dnd` or `xa`, or
   * %NULL for plain availability.
   */
  properties[PROP_SHOW] =
    g_param_spec_string ("show", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekPresence:status: (getter get_status) (setter set_status)
   *
   * The text of the `<status/>` element.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekPresence:priority: (getter get_priority) (setter set_priority)
   *
   * The `<priority/>` element as a number; 0 when it is absent or not a
   * number from -128 to 127.
   */
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL, -128, 127, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_presence_init (SleekPresence *self)
{
}

/* Called once from sleek_stanza_ensure_builtins(). */
void
sleek_presence_register_builtin (void)
{
  GType type = SLEEK_TYPE_PRESENCE;

  sleek_stanza_type_set_element (type, "presence", SLEEK_NS_CLIENT, "presence");
  sleek_stanza_type_add_key (type, "show", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (type, "status", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (type, "priority", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_register_type (type);
  sleek_stanza_register_plugin (type, SLEEK_TYPE_ERROR_STANZA);
}

/**
 * sleek_presence_new:
 *
 * Creates an empty `<presence xmlns='jabber:client'/>`, which announces
 * plain availability.
 *
 * Returns: (transfer full): a new presence
 */
SleekPresence *
sleek_presence_new (void)
{
  return g_object_new (SLEEK_TYPE_PRESENCE, NULL);
}

/**
 * sleek_presence_get_presence_type:
 * @self: a [class@Sleek.Presence]
 *
 * Gets the type of the presence. The `type` key and the
 * [property@Sleek.Stanza:type] property give the attribute as it is.
 *
 * Returns: the type; %SLEEK_PRESENCE_TYPE_AVAILABLE when the attribute is
 *   absent, %SLEEK_PRESENCE_TYPE_ERROR when it is unknown
 */
SleekPresenceType
sleek_presence_get_presence_type (SleekPresence *self)
{
  const char *type;

  g_return_val_if_fail (SLEEK_IS_PRESENCE (self), SLEEK_PRESENCE_TYPE_AVAILABLE);

  type = sleek_stanza_get_string (SLEEK_STANZA (self), "type");
  if (type == NULL)
    return SLEEK_PRESENCE_TYPE_AVAILABLE;
  for (guint i = 1; i < G_N_ELEMENTS (presence_types); i++)
    if (strcmp (type, presence_types[i]) == 0)
      return (SleekPresenceType) i;
  return SLEEK_PRESENCE_TYPE_ERROR;
}

/**
 * sleek_presence_set_presence_type:
 * @self: a [class@Sleek.Presence]
 * @type: the new type
 *
 * Sets the `type` attribute, or removes it for
 * %SLEEK_PRESENCE_TYPE_AVAILABLE.
 */
void
sleek_presence_set_presence_type (SleekPresence     *self,
                                  SleekPresenceType  type)
{
  g_return_if_fail (SLEEK_IS_PRESENCE (self));
  g_return_if_fail ((guint) type < G_N_ELEMENTS (presence_types));

  sleek_stanza_set_string (SLEEK_STANZA (self), "type", presence_types[type]);
}

/**
 * sleek_presence_get_show: (get-property show)
 * @self: a [class@Sleek.Presence]
 *
 * Gets the availability sub-state.
 *
 * Returns: (nullable): the text of `<show/>`, or %NULL when there is none
 */
const char *
sleek_presence_get_show (SleekPresence *self)
{
  g_return_val_if_fail (SLEEK_IS_PRESENCE (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "show");
}

/**
 * sleek_presence_set_show: (set-property show)
 * @self: a [class@Sleek.Presence]
 * @show: (nullable): `away`, `chat`, `dnd` or `xa`, or %NULL to remove
 *   `<show/>`
 *
 * Sets the availability sub-state.
 */
void
sleek_presence_set_show (SleekPresence *self,
                         const char    *show)
{
  g_return_if_fail (SLEEK_IS_PRESENCE (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "show", show);
}

/**
 * sleek_presence_get_status: (get-property status)
 * @self: a [class@Sleek.Presence]
 *
 * Gets the status message.
 *
 * Returns: (nullable): the text of `<status/>`, or %NULL when there is
 *   none
 */
const char *
sleek_presence_get_status (SleekPresence *self)
{
  g_return_val_if_fail (SLEEK_IS_PRESENCE (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "status");
}

/**
 * sleek_presence_set_status: (set-property status)
 * @self: a [class@Sleek.Presence]
 * @status: (nullable): the new status message, or %NULL to remove
 *   `<status/>`
 *
 * Sets the status message.
 */
void
sleek_presence_set_status (SleekPresence *self,
                           const char    *status)
{
  g_return_if_fail (SLEEK_IS_PRESENCE (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "status", status);
}

/**
 * sleek_presence_get_priority: (get-property priority)
 * @self: a [class@Sleek.Presence]
 *
 * Gets the priority of the sender's resource.
 *
 * Returns: the priority; 0 when `<priority/>` is absent or not a number
 *   from -128 to 127
 */
int
sleek_presence_get_priority (SleekPresence *self)
{
  const char *text;
  gint64 priority;

  g_return_val_if_fail (SLEEK_IS_PRESENCE (self), 0);

  text = sleek_stanza_get_string (SLEEK_STANZA (self), "priority");
  if (text == NULL)
    return 0;
  while (g_ascii_isspace (*text))
    text++;
  {
    g_autofree char *trimmed = g_strchomp (g_strdup (text));

    if (!g_ascii_string_to_signed (trimmed, 10, -128, 127, &priority, NULL))
      return 0;
  }
  return (int) priority;
}

/**
 * sleek_presence_set_priority: (set-property priority)
 * @self: a [class@Sleek.Presence]
 * @priority: the new priority, from -128 to 127
 *
 * Sets the `<priority/>` element.
 */
void
sleek_presence_set_priority (SleekPresence *self,
                             int            priority)
{
  char text[16];

  g_return_if_fail (SLEEK_IS_PRESENCE (self));
  g_return_if_fail (priority >= -128 && priority <= 127);

  g_snprintf (text, sizeof text, "%d", priority);
  sleek_stanza_set_string (SLEEK_STANZA (self), "priority", text);
}
