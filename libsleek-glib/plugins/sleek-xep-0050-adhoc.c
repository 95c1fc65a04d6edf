/* sleek-xep-0050-adhoc.c: XEP-0050 Ad-Hoc Commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0050-adhoc.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_SESSION_TIMEOUT 600
/* How many expired session ids we remember, to answer session-expired. */
#define MAX_EXPIRED 64
/* How many sessions of our commands one JID may have open at once. */
#define MAX_SESSIONS_PER_PEER 16

/**
 * sleek_ad_hoc_error_quark:
 *
 * The error domain for the conditions XEP-0050 adds to stanza errors; C
 * code uses the `SLEEK_AD_HOC_ERROR` macro instead.
 *
 * Returns: the quark of the [error@Sleek.AdHocError] domain
 */
G_DEFINE_QUARK (sleek-ad-hoc-error-quark, sleek_ad_hoc_error)

G_DEFINE_ENUM_TYPE (SleekAdHocError, sleek_ad_hoc_error,
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ERROR_MALFORMED_ACTION, "malformed-action"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ERROR_BAD_ACTION, "bad-action"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ERROR_BAD_LOCALE, "bad-locale"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ERROR_BAD_PAYLOAD, "bad-payload"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ERROR_BAD_SESSIONID, "bad-sessionid"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ERROR_SESSION_EXPIRED, "session-expired"))

G_DEFINE_ENUM_TYPE (SleekAdHocAction, sleek_ad_hoc_action,
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_EXECUTE, "execute"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_CANCEL, "cancel"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_PREV, "prev"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_NEXT, "next"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_COMPLETE, "complete"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTION_UNKNOWN, "unknown"))

G_DEFINE_FLAGS_TYPE (SleekAdHocActions, sleek_ad_hoc_actions,
                     G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTIONS_NONE, "none"),
                     G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTIONS_PREV, "prev"),
                     G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTIONS_NEXT, "next"),
                     G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_ACTIONS_COMPLETE, "complete"))

G_DEFINE_ENUM_TYPE (SleekAdHocStatus, sleek_ad_hoc_status,
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_STATUS_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_STATUS_EXECUTING, "executing"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_STATUS_COMPLETED, "completed"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_STATUS_CANCELED, "canceled"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_STATUS_UNKNOWN, "unknown"))

G_DEFINE_ENUM_TYPE (SleekAdHocNoteType, sleek_ad_hoc_note_type,
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_NOTE_INFO, "info"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_NOTE_WARN, "warn"),
                    G_DEFINE_ENUM_VALUE (SLEEK_AD_HOC_NOTE_ERROR, "error"))

/* The wire names, in the order of the enumerations; index 0 of actions
 * and statuses is "no attribute". */
static const char * const action_names[] = { NULL, "execute", "cancel", "prev", "next", "complete" };
static const char * const status_names[] = { NULL, "executing", "completed", "canceled" };
static const char * const note_names[] = { "info", "warn", "error" };
static const char * const error_names[] = {
  "malformed-action", "bad-action", "bad-locale", "bad-payload", "bad-sessionid", "session-expired",
};

/* The (wire name, flag) of the children of <actions/>. */
static const struct {
  const char *name;
  SleekAdHocActions flag;
  SleekAdHocAction action;
} action_flags[] = {
  { "prev", SLEEK_AD_HOC_ACTIONS_PREV, SLEEK_AD_HOC_ACTION_PREV },
  { "next", SLEEK_AD_HOC_ACTIONS_NEXT, SLEEK_AD_HOC_ACTION_NEXT },
  { "complete", SLEEK_AD_HOC_ACTIONS_COMPLETE, SLEEK_AD_HOC_ACTION_COMPLETE },
};

static int
lookup_name (const char * const *names, gsize n_names, const char *name)
{
  for (gsize i = 0; name != NULL && i < n_names; i++)
    if (names[i] != NULL && strcmp (names[i], name) == 0)
      return (int) i;
  return -1;
}

static SleekAdHocActions
action_to_flag (SleekAdHocAction action)
{
  for (gsize i = 0; i < G_N_ELEMENTS (action_flags); i++)
    if (action_flags[i].action == action)
      return action_flags[i].flag;
  return SLEEK_AD_HOC_ACTIONS_NONE;
}

/* ------------------------------------------------------------------ */
/* Notes                                                              */
/* ------------------------------------------------------------------ */

/**
 * SleekAdHocNote:
 *
 * A `<note/>` of a command answer: a message for the user, of type
 * `info`, `warn` or `error`.
 */
struct _SleekAdHocNote
{
  GObject parent_instance;
  SleekAdHocNoteType type;
  char *text;
};

G_DEFINE_FINAL_TYPE (SleekAdHocNote, sleek_ad_hoc_note, G_TYPE_OBJECT)

static void
sleek_ad_hoc_note_finalize (GObject *object)
{
  g_free (SLEEK_AD_HOC_NOTE (object)->text);
  G_OBJECT_CLASS (sleek_ad_hoc_note_parent_class)->finalize (object);
}

static void
sleek_ad_hoc_note_class_init (SleekAdHocNoteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_ad_hoc_note_finalize;
}

static void
sleek_ad_hoc_note_init (SleekAdHocNote *self)
{
}

/**
 * sleek_ad_hoc_note_new:
 * @type: the note's type
 * @text: its text
 *
 * Makes a note.
 *
 * Returns: (transfer full): a new note
 */
SleekAdHocNote *
sleek_ad_hoc_note_new (SleekAdHocNoteType type, const char *text)
{
  SleekAdHocNote *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (SLEEK_TYPE_AD_HOC_NOTE, NULL);
  self->type = type;
  self->text = g_strdup (text);
  return self;
}

/**
 * sleek_ad_hoc_note_get_note_type:
 * @self: a [class@Sleek.AdHocNote]
 *
 * Gets the note's type.
 *
 * Returns: the type
 */
SleekAdHocNoteType
sleek_ad_hoc_note_get_note_type (SleekAdHocNote *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_NOTE (self), SLEEK_AD_HOC_NOTE_INFO);
  return self->type;
}

/**
 * sleek_ad_hoc_note_get_text:
 * @self: a [class@Sleek.AdHocNote]
 *
 * Gets the note's text.
 *
 * Returns: the text
 */
const char *
sleek_ad_hoc_note_get_text (SleekAdHocNote *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_NOTE (self), NULL);
  return self->text;
}

/* ------------------------------------------------------------------ */
/* The <command/> element                                             */
/* ------------------------------------------------------------------ */

/**
 * SleekAdHocCommand:
 *
 * The `<command xmlns='http://jabber.org/protocol/commands'/>` element of
 * a command request or answer, the `command` plugin of [class@Sleek.Iq]
 * (see [method@Sleek.Stanza.get_ad_hoc_command]).
 *
 * Its keys are the attributes `node`, `sessionid`, `action` and `status`;
 * it also carries the allowed `<actions/>`, `<note/>`s and the payload
 * data form (its `form` plugin).
 */
struct _SleekAdHocCommand
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekAdHocCommand, sleek_ad_hoc_command, SLEEK_TYPE_STANZA)

static void
sleek_ad_hoc_command_class_init (SleekAdHocCommandClass *klass)
{
}

static void
sleek_ad_hoc_command_init (SleekAdHocCommand *self)
{
}

static gpointer
register_stanzas_once (gpointer data)
{
  /* The form plugin's types are set up by the xep_0004 plugin's class. */
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_DATA_FORMS));
  sleek_stanza_type_set_element (SLEEK_TYPE_AD_HOC_COMMAND, "command", SLEEK_NS_COMMANDS, "command");
  sleek_stanza_type_add_key (SLEEK_TYPE_AD_HOC_COMMAND, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_AD_HOC_COMMAND, "sessionid", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_AD_HOC_COMMAND, "action", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_AD_HOC_COMMAND, "status", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_type (SLEEK_TYPE_AD_HOC_COMMAND);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_AD_HOC_COMMAND);
  sleek_stanza_register_plugin (SLEEK_TYPE_AD_HOC_COMMAND, SLEEK_TYPE_DATA_FORM);
  return NULL;
}

static void
register_stanzas (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_stanzas_once, NULL);
}

static SleekNode *
command_node (SleekAdHocCommand *self)
{
  return sleek_stanza_get_node (SLEEK_STANZA (self));
}

/**
 * sleek_ad_hoc_command_new:
 * @node: (nullable): the command's node
 *
 * Makes a `<command/>` element, for a request or for the answer of a
 * [callback@Sleek.AdHocCommandFunc].
 *
 * Returns: (transfer full): a new command element
 */
SleekAdHocCommand *
sleek_ad_hoc_command_new (const char *node)
{
  g_autoptr(SleekNode) element = NULL;
  SleekAdHocCommand *self;

  register_stanzas ();
  element = sleek_node_new ("command", SLEEK_NS_COMMANDS);
  self = g_object_new (SLEEK_TYPE_AD_HOC_COMMAND, "node", element, NULL);
  if (node != NULL)
    sleek_ad_hoc_command_set_command_node (self, node);
  return self;
}

/* Wraps a copy of @element. */
static SleekAdHocCommand *
command_copy_of (SleekNode *element)
{
  g_autoptr(SleekNode) copy = sleek_node_copy (element);

  register_stanzas ();
  return g_object_new (SLEEK_TYPE_AD_HOC_COMMAND, "node", copy, NULL);
}

/**
 * sleek_ad_hoc_command_get_command_node:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Gets the `node` attribute: which command this is.
 *
 * Returns: (nullable): the node
 */
const char *
sleek_ad_hoc_command_get_command_node (SleekAdHocCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), NULL);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "node");
}

/**
 * sleek_ad_hoc_command_set_command_node:
 * @self: a [class@Sleek.AdHocCommand]
 * @node: (nullable): the node, or %NULL to remove it
 *
 * Sets the `node` attribute.
 */
void
sleek_ad_hoc_command_set_command_node (SleekAdHocCommand *self, const char *node)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  sleek_stanza_set_string (SLEEK_STANZA (self), "node", node);
}

/**
 * sleek_ad_hoc_command_get_sessionid:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Gets the `sessionid` attribute.
 *
 * Returns: (nullable): the session id
 */
const char *
sleek_ad_hoc_command_get_sessionid (SleekAdHocCommand *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), NULL);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "sessionid");
}

/**
 * sleek_ad_hoc_command_set_sessionid:
 * @self: a [class@Sleek.AdHocCommand]
 * @sessionid: (nullable): the session id, or %NULL to remove it
 *
 * Sets the `sessionid` attribute.
 */
void
sleek_ad_hoc_command_set_sessionid (SleekAdHocCommand *self, const char *sessionid)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  sleek_stanza_set_string (SLEEK_STANZA (self), "sessionid", sessionid);
}

/**
 * sleek_ad_hoc_command_get_action:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Gets the `action` attribute of a request.
 *
 * Returns: the action; %SLEEK_AD_HOC_ACTION_NONE without the attribute
 */
SleekAdHocAction
sleek_ad_hoc_command_get_action (SleekAdHocCommand *self)
{
  const char *text;
  int i;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), SLEEK_AD_HOC_ACTION_UNKNOWN);

  text = sleek_stanza_get_string (SLEEK_STANZA (self), "action");
  if (text == NULL)
    return SLEEK_AD_HOC_ACTION_NONE;
  i = lookup_name (action_names, G_N_ELEMENTS (action_names), text);
  return i < 0 ? SLEEK_AD_HOC_ACTION_UNKNOWN : (SleekAdHocAction) i;
}

/**
 * sleek_ad_hoc_command_set_action:
 * @self: a [class@Sleek.AdHocCommand]
 * @action: the action; %SLEEK_AD_HOC_ACTION_NONE removes the attribute
 *
 * Sets the `action` attribute.
 */
void
sleek_ad_hoc_command_set_action (SleekAdHocCommand *self, SleekAdHocAction action)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  g_return_if_fail (action < SLEEK_AD_HOC_ACTION_UNKNOWN);

  sleek_stanza_set_string (SLEEK_STANZA (self), "action", action_names[action]);
}

/**
 * sleek_ad_hoc_command_get_status:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Gets the `status` attribute of an answer.
 *
 * Returns: the status; %SLEEK_AD_HOC_STATUS_NONE without the attribute
 */
SleekAdHocStatus
sleek_ad_hoc_command_get_status (SleekAdHocCommand *self)
{
  const char *text;
  int i;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), SLEEK_AD_HOC_STATUS_UNKNOWN);

  text = sleek_stanza_get_string (SLEEK_STANZA (self), "status");
  if (text == NULL)
    return SLEEK_AD_HOC_STATUS_NONE;
  i = lookup_name (status_names, G_N_ELEMENTS (status_names), text);
  return i < 0 ? SLEEK_AD_HOC_STATUS_UNKNOWN : (SleekAdHocStatus) i;
}

/**
 * sleek_ad_hoc_command_set_status:
 * @self: a [class@Sleek.AdHocCommand]
 * @status: the status; %SLEEK_AD_HOC_STATUS_NONE removes the attribute
 *
 * Sets the `status` attribute.
 */
void
sleek_ad_hoc_command_set_status (SleekAdHocCommand *self, SleekAdHocStatus status)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  g_return_if_fail (status < SLEEK_AD_HOC_STATUS_UNKNOWN);

  sleek_stanza_set_string (SLEEK_STANZA (self), "status", status_names[status]);
}

static SleekNode *
actions_node (SleekAdHocCommand *self)
{
  return sleek_node_get_child (command_node (self), "actions", SLEEK_NS_COMMANDS);
}

/**
 * sleek_ad_hoc_command_get_actions:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Gets the actions the `<actions/>` element of an answer allows. Without
 * that element XEP-0050 allows only `complete`, which is what this then
 * returns.
 *
 * Returns: the allowed actions
 */
SleekAdHocActions
sleek_ad_hoc_command_get_actions (SleekAdHocCommand *self)
{
  SleekAdHocActions actions = SLEEK_AD_HOC_ACTIONS_NONE;
  SleekNode *element;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), SLEEK_AD_HOC_ACTIONS_NONE);

  element = actions_node (self);
  if (element == NULL)
    return SLEEK_AD_HOC_ACTIONS_COMPLETE;
  for (gsize i = 0; i < G_N_ELEMENTS (action_flags); i++)
    if (sleek_node_get_child (element, action_flags[i].name, SLEEK_NS_COMMANDS) != NULL)
      actions |= action_flags[i].flag;
  return actions;
}

/**
 * sleek_ad_hoc_command_get_default_action:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Gets the action `execute` stands for at this stage: the `execute`
 * attribute of `<actions/>` when it names an allowed action, otherwise
 * `next` when allowed, otherwise `complete`.
 *
 * Returns: %SLEEK_AD_HOC_ACTION_NEXT, %SLEEK_AD_HOC_ACTION_COMPLETE or
 *   %SLEEK_AD_HOC_ACTION_PREV
 */
SleekAdHocAction
sleek_ad_hoc_command_get_default_action (SleekAdHocCommand *self)
{
  SleekAdHocActions actions;
  SleekNode *element;
  int i;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), SLEEK_AD_HOC_ACTION_COMPLETE);

  actions = sleek_ad_hoc_command_get_actions (self);
  element = actions_node (self);
  i = element != NULL ? lookup_name (action_names, G_N_ELEMENTS (action_names),
                                     sleek_node_get_attribute (element, "execute")) : -1;
  if (i >= 0 && (actions & action_to_flag ((SleekAdHocAction) i)) != 0)
    return (SleekAdHocAction) i;
  if (actions & SLEEK_AD_HOC_ACTIONS_NEXT)
    return SLEEK_AD_HOC_ACTION_NEXT;
  return SLEEK_AD_HOC_ACTION_COMPLETE;
}

/**
 * sleek_ad_hoc_command_set_actions:
 * @self: a [class@Sleek.AdHocCommand]
 * @actions: the actions to allow; %SLEEK_AD_HOC_ACTIONS_NONE removes the
 *   `<actions/>` element, which allows only `complete`
 * @default_action: what `execute` stands for: one of @actions, or
 *   %SLEEK_AD_HOC_ACTION_NONE to leave the `execute` attribute out
 *
 * Writes the `<actions/>` element of an answer.
 */
void
sleek_ad_hoc_command_set_actions (SleekAdHocCommand *self, SleekAdHocActions actions, SleekAdHocAction default_action)
{
  SleekNode *element;

  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  g_return_if_fail (default_action == SLEEK_AD_HOC_ACTION_NONE || (actions & action_to_flag (default_action)) != 0);

  while ((element = actions_node (self)) != NULL)
    sleek_node_remove_child (command_node (self), element);
  if (actions == SLEEK_AD_HOC_ACTIONS_NONE)
    return;
  element = sleek_node_new ("actions", SLEEK_NS_COMMANDS);
  if (default_action != SLEEK_AD_HOC_ACTION_NONE)
    sleek_node_set_attribute (element, "execute", action_names[default_action]);
  for (gsize i = 0; i < G_N_ELEMENTS (action_flags); i++)
    if (actions & action_flags[i].flag)
      sleek_node_add_child_new (element, action_flags[i].name, SLEEK_NS_COMMANDS);
  /* <actions/> comes first, as in the XEP's examples. */
  sleek_node_insert_child (command_node (self), 0, element);
  sleek_node_unref (element);
}

/**
 * sleek_ad_hoc_command_allows:
 * @self: an answer's [class@Sleek.AdHocCommand]
 * @action: an action
 *
 * Tells whether the next request may take @action: `cancel` and
 * `execute` always may, the others when [method@Sleek.AdHocCommand.get_actions]
 * lists them.
 *
 * Returns: whether @action is allowed
 */
gboolean
sleek_ad_hoc_command_allows (SleekAdHocCommand *self, SleekAdHocAction action)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), FALSE);

  if (action == SLEEK_AD_HOC_ACTION_CANCEL || action == SLEEK_AD_HOC_ACTION_EXECUTE ||
      action == SLEEK_AD_HOC_ACTION_NONE)
    return TRUE;
  return (sleek_ad_hoc_command_get_actions (self) & action_to_flag (action)) != 0;
}

/**
 * sleek_ad_hoc_command_get_notes:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Reads the `<note/>` children; a note of unknown type counts as `info`.
 *
 * Returns: (transfer container) (element-type Sleek.AdHocNote): the notes
 */
GPtrArray *
sleek_ad_hoc_command_get_notes (SleekAdHocCommand *self)
{
  GPtrArray *notes;
  guint n;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), NULL);

  notes = g_ptr_array_new_with_free_func (g_object_unref);
  n = sleek_node_get_n_children (command_node (self));
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (command_node (self), i);
      const char *text;
      int type;

      if (!sleek_node_is (child, "note", SLEEK_NS_COMMANDS))
        continue;
      type = lookup_name (note_names, G_N_ELEMENTS (note_names), sleek_node_get_attribute (child, "type"));
      text = sleek_node_get_text (child);
      g_ptr_array_add (notes, sleek_ad_hoc_note_new (type < 0 ? SLEEK_AD_HOC_NOTE_INFO : (SleekAdHocNoteType) type,
                                                     text != NULL ? text : ""));
    }
  return notes;
}

/**
 * sleek_ad_hoc_command_add_note:
 * @self: a [class@Sleek.AdHocCommand]
 * @type: the note's type
 * @text: its text
 *
 * Adds a `<note/>`.
 */
void
sleek_ad_hoc_command_add_note (SleekAdHocCommand *self, SleekAdHocNoteType type, const char *text)
{
  SleekNode *note;

  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  g_return_if_fail (type <= SLEEK_AD_HOC_NOTE_ERROR);
  g_return_if_fail (text != NULL);

  note = sleek_node_add_child_new (command_node (self), "note", SLEEK_NS_COMMANDS);
  sleek_node_set_attribute (note, "type", note_names[type]);
  sleek_node_set_text (note, text);
}

/**
 * sleek_ad_hoc_command_get_form:
 * @self: a [class@Sleek.AdHocCommand]
 *
 * Finds the data form the element carries, as its `form` plugin.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL
 */
SleekDataForm *
sleek_ad_hoc_command_get_form (SleekAdHocCommand *self)
{
  SleekStanza *form;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMAND (self), NULL);

  register_stanzas ();
  form = sleek_stanza_get_plugin (SLEEK_STANZA (self), "form", FALSE);
  return form != NULL && SLEEK_IS_DATA_FORM (form) ? SLEEK_DATA_FORM (form) : NULL;
}

/**
 * sleek_ad_hoc_command_set_form:
 * @self: a [class@Sleek.AdHocCommand]
 * @form: (nullable): the form, which is copied, or %NULL to remove it
 *
 * Replaces the data form the element carries.
 */
void
sleek_ad_hoc_command_set_form (SleekAdHocCommand *self, SleekDataForm *form)
{
  SleekNode *old;

  g_return_if_fail (SLEEK_IS_AD_HOC_COMMAND (self));
  g_return_if_fail (form == NULL || SLEEK_IS_DATA_FORM (form));

  while ((old = sleek_node_get_child (command_node (self), "x", SLEEK_NS_DATA_FORMS)) != NULL)
    sleek_node_remove_child (command_node (self), old);
  if (form != NULL)
    {
      g_autoptr(SleekNode) copy = sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (form)));

      sleek_node_add_child (command_node (self), copy);
    }
}

/**
 * sleek_stanza_get_ad_hoc_command:
 * @stanza: a [class@Sleek.Iq]
 *
 * Finds the `<command/>` element @stanza carries, as its `command` plugin.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL
 */
SleekAdHocCommand *
sleek_stanza_get_ad_hoc_command (SleekStanza *stanza)
{
  SleekStanza *command;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  register_stanzas ();
  command = sleek_stanza_get_plugin (stanza, "command", FALSE);
  return command != NULL && SLEEK_IS_AD_HOC_COMMAND (command) ? SLEEK_AD_HOC_COMMAND (command) : NULL;
}

/* ------------------------------------------------------------------ */
/* The plugin's state                                                 */
/* ------------------------------------------------------------------ */

typedef struct {
  char *node;
  char *name;
  SleekAdHocCommandFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
  SleekAdHocAccessFunc access;
  gpointer access_data;
  GDestroyNotify access_destroy;
} Command;

typedef struct {
  SleekAdHocCommands *owner;   /* unowned: the plugin frees its sessions */
  char *id;
  char *node;
  SleekJid *peer;
  GPtrArray *stages;           /* the answers sent, SleekAdHocCommand */
  GHashTable *values;          /* char * -> GVariant */
  GSource *timeout;
} Session;

/* A command request of ours waiting for its answer. */
typedef struct {
  SleekJid *peer;
  int condition;               /* a SleekAdHocError, or -1 */
} Outgoing;

/**
 * SleekAdHocCommands:
 *
 * The `xep_0050` plugin: XEP-0050 Ad-Hoc Commands.
 *
 * To run another entity's commands, list them with
 * [method@Sleek.AdHocCommands.get_commands_async] and start one with
 * [method@Sleek.AdHocCommands.start_async]; the [class@Sleek.AdHocSession]
 * it gives goes on with `next`, `prev`, `complete` and `cancel`:
 *
 * ```c
 * static void
 * on_completed (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   SleekAdHocSession *session = SLEEK_AD_HOC_SESSION (source);
 *   g_autoptr(GError) error = NULL;
 *
 *   if (!sleek_ad_hoc_session_complete_finish (session, result, &error))
 *     g_warning ("%s", error->message);
 * }
 *
 * static void
 * on_started (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SleekAdHocSession) session =
 *     sleek_ad_hoc_commands_start_finish (SLEEK_AD_HOC_COMMANDS (source), result, &error);
 *   g_autoptr(SleekDataForm) answer = NULL;
 *
 *   if (session == NULL || sleek_ad_hoc_session_get_status (session) != SLEEK_AD_HOC_STATUS_EXECUTING)
 *     return;
 *   answer = sleek_data_form_make_submit (sleek_ad_hoc_session_get_form (session));
 *   sleek_data_form_set_field_value (answer, "max_items", "25");
 *   sleek_ad_hoc_session_complete_async (session, answer, NULL, on_completed, NULL);
 * }
 *
 * commands = SLEEK_AD_HOC_COMMANDS (sleek_base_xmpp_get_plugin (xmpp, "xep_0050"));
 * sleek_ad_hoc_commands_start_async (commands, server,
 *                                    "http://jabber.org/protocol/admin#get-online-users-list",
 *                                    NULL, on_started, NULL);
 * ```
 *
 * To offer commands, add them with
 * [method@Sleek.AdHocCommands.add_command]: the plugin lists them on the
 * service discovery node `http://jabber.org/protocol/commands`, keeps the
 * sessions (their ids, stages and values, and expires them after
 * [property@Sleek.AdHocCommands:session-timeout] idle seconds), answers
 * `prev` and `cancel`, and calls the command's function for each stage.
 * Only our own account may run a command unless
 * [method@Sleek.AdHocCommands.set_access] says otherwise. A two-stage
 * command:
 *
 * ```c
 * static SleekAdHocCommand *
 * greet (SleekAdHocRequest *request, gpointer user_data)
 * {
 *   g_autoptr(SleekAdHocCommand) answer = sleek_ad_hoc_command_new (NULL);
 *   g_autoptr(SleekDataForm) form = NULL;
 *   g_autofree char *text = NULL;
 *   SleekDataForm *submitted;
 *
 *   if (sleek_ad_hoc_request_get_action (request) == SLEEK_AD_HOC_ACTION_CANCEL)
 *     return NULL;   // nothing to clean up
 *   if (sleek_ad_hoc_request_get_stage (request) == 0)
 *     {
 *       form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
 *       sleek_data_form_add_new_field (form, "name", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, "Your name");
 *       sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_EXECUTING);
 *       sleek_ad_hoc_command_set_actions (answer, SLEEK_AD_HOC_ACTIONS_COMPLETE, SLEEK_AD_HOC_ACTION_COMPLETE);
 *       sleek_ad_hoc_command_set_form (answer, form);
 *       return g_steal_pointer (&answer);
 *     }
 *   submitted = sleek_ad_hoc_request_get_form (request);
 *   if (submitted == NULL || sleek_data_form_get_field_value (submitted, "name") == NULL)
 *     {
 *       g_autoptr(GError) error = g_error_new_literal (SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_PAYLOAD,
 *                                                      "A name, please");
 *       sleek_ad_hoc_request_set_error (request, error);
 *       return NULL;
 *     }
 *   text = g_strdup_printf ("Hello, %s", sleek_data_form_get_field_value (submitted, "name"));
 *   sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_COMPLETED);
 *   sleek_ad_hoc_command_add_note (answer, SLEEK_AD_HOC_NOTE_INFO, text);
 *   return g_steal_pointer (&answer);
 * }
 *
 * sleek_ad_hoc_commands_add_command (commands, "greet", "Greet me", greet, NULL, NULL);
 * ```
 *
 * On a component, "our own account" is the component's JID: set an
 * access check to let users in.
 *
 * It depends on `xep_0030` and `xep_0004`. Disabling it withdraws every
 * command and ends every session.
 */
struct _SleekAdHocCommands
{
  SleekPlugin parent_instance;
  GHashTable *commands;        /* node -> Command */
  GHashTable *sessions;        /* id -> Session */
  GHashTable *expired;         /* id set */
  GQueue *expired_order;       /* the same ids, oldest first */
  GHashTable *outgoing;        /* iq id -> Outgoing */
  SleekJid *item_jid;          /* the JID our disco items name */
  guint session_timeout;
};

G_DEFINE_FINAL_TYPE (SleekAdHocCommands, sleek_ad_hoc_commands, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_SESSION_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
command_free (gpointer data)
{
  Command *command = data;

  if (command->destroy != NULL)
    command->destroy (command->user_data);
  if (command->access_destroy != NULL)
    command->access_destroy (command->access_data);
  g_free (command->node);
  g_free (command->name);
  g_free (command);
}

static void
session_free (gpointer data)
{
  Session *session = data;

  if (session->timeout != NULL)
    {
      g_source_destroy (session->timeout);
      g_source_unref (session->timeout);
    }
  g_free (session->id);
  g_free (session->node);
  g_clear_pointer (&session->peer, sleek_jid_unref);
  g_ptr_array_unref (session->stages);
  g_hash_table_unref (session->values);
  g_free (session);
}

static void
outgoing_free (gpointer data)
{
  Outgoing *outgoing = data;

  g_clear_pointer (&outgoing->peer, sleek_jid_unref);
  g_free (outgoing);
}

/* The JID we are, for disco items and the default access check. */
static SleekJid *
own_jid (SleekAdHocCommands *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekJid *jid;

  if (xmpp == NULL)
    return NULL;
  jid = sleek_base_xmpp_get_bound_jid (xmpp);
  return jid != NULL ? jid : sleek_base_xmpp_get_jid (xmpp);
}

static void
advertise_command (SleekAdHocCommands *self, Command *command)
{
  SleekDisco *disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  g_autoptr(SleekDiscoIdentity) identity = NULL;

  if (disco == NULL)
    return;
  if (self->item_jid != NULL)
    {
      g_autoptr(SleekDiscoItem) item = sleek_disco_item_new (self->item_jid, command->node, command->name);

      sleek_disco_add_item (disco, item, SLEEK_NS_COMMANDS);
    }
  identity = sleek_disco_identity_new ("automation", "command-node", command->name, NULL);
  sleek_disco_add_identity (disco, identity, command->node);
  sleek_disco_add_feature (disco, SLEEK_NS_COMMANDS, command->node);
  sleek_disco_add_feature (disco, SLEEK_NS_DATA_FORMS, command->node);
}

static void
withdraw_command (SleekAdHocCommands *self, Command *command)
{
  SleekDisco *disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));

  if (disco == NULL)
    return;
  if (self->item_jid != NULL)
    sleek_disco_remove_item (disco, self->item_jid, command->node, SLEEK_NS_COMMANDS);
  sleek_disco_remove_identity (disco, "automation", "command-node", command->name, NULL, command->node);
  sleek_disco_remove_feature (disco, SLEEK_NS_COMMANDS, command->node);
  sleek_disco_remove_feature (disco, SLEEK_NS_DATA_FORMS, command->node);
}

/* Moves our disco items to @jid. */
static void
set_item_jid (SleekAdHocCommands *self, SleekJid *jid)
{
  SleekDisco *disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  GHashTableIter iter;
  Command *command;

  if (self->item_jid != NULL && jid != NULL && sleek_jid_equal (self->item_jid, jid))
    return;
  g_hash_table_iter_init (&iter, self->commands);
  while (disco != NULL && self->item_jid != NULL && g_hash_table_iter_next (&iter, NULL, (gpointer *) &command))
    sleek_disco_remove_item (disco, self->item_jid, command->node, SLEEK_NS_COMMANDS);
  g_clear_pointer (&self->item_jid, sleek_jid_unref);
  self->item_jid = jid != NULL ? sleek_jid_ref (jid) : NULL;
  g_hash_table_iter_init (&iter, self->commands);
  while (disco != NULL && self->item_jid != NULL && g_hash_table_iter_next (&iter, NULL, (gpointer *) &command))
    {
      g_autoptr(SleekDiscoItem) item = sleek_disco_item_new (self->item_jid, command->node, command->name);

      sleek_disco_add_item (disco, item, SLEEK_NS_COMMANDS);
    }
}

/* ------------------------------------------------------------------ */
/* Requests to our commands                                           */
/* ------------------------------------------------------------------ */

/**
 * SleekAdHocRequest:
 *
 * A request to one of our commands, as a [callback@Sleek.AdHocCommandFunc]
 * gets it: who asks, the action, the submitted form, which stage the
 * session is at, and values the command keeps for the session.
 */
struct _SleekAdHocRequest
{
  GObject parent_instance;
  SleekJid *from;
  char *node;
  char *sessionid;
  SleekAdHocAction action;
  guint stage;
  SleekDataForm *form;
  GHashTable *values;
  GError *error;
};

G_DEFINE_FINAL_TYPE (SleekAdHocRequest, sleek_ad_hoc_request, G_TYPE_OBJECT)

static void
sleek_ad_hoc_request_finalize (GObject *object)
{
  SleekAdHocRequest *self = SLEEK_AD_HOC_REQUEST (object);

  g_clear_pointer (&self->from, sleek_jid_unref);
  g_free (self->node);
  g_free (self->sessionid);
  g_clear_object (&self->form);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sleek_ad_hoc_request_parent_class)->finalize (object);
}

static void
sleek_ad_hoc_request_class_init (SleekAdHocRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_ad_hoc_request_finalize;
}

static void
sleek_ad_hoc_request_init (SleekAdHocRequest *self)
{
}

/**
 * sleek_ad_hoc_request_get_from:
 * @self: a [class@Sleek.AdHocRequest]
 *
 * Gets who sent the request.
 *
 * Returns: (transfer none): the requester's JID
 */
SleekJid *
sleek_ad_hoc_request_get_from (SleekAdHocRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), NULL);
  return self->from;
}

/**
 * sleek_ad_hoc_request_get_node:
 * @self: a [class@Sleek.AdHocRequest]
 *
 * Gets the node of the command asked for.
 *
 * Returns: the node
 */
const char *
sleek_ad_hoc_request_get_node (SleekAdHocRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), NULL);
  return self->node;
}

/**
 * sleek_ad_hoc_request_get_sessionid:
 * @self: a [class@Sleek.AdHocRequest]
 *
 * Gets the id of the session, which the plugin made for the first stage.
 *
 * Returns: the session id
 */
const char *
sleek_ad_hoc_request_get_sessionid (SleekAdHocRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), NULL);
  return self->sessionid;
}

/**
 * sleek_ad_hoc_request_get_action:
 * @self: a [class@Sleek.AdHocRequest]
 *
 * Gets the action: %SLEEK_AD_HOC_ACTION_EXECUTE for the first stage,
 * then %SLEEK_AD_HOC_ACTION_NEXT, %SLEEK_AD_HOC_ACTION_COMPLETE (an
 * `execute` request stands for the stage's default action) or
 * %SLEEK_AD_HOC_ACTION_CANCEL.
 *
 * Returns: the action
 */
SleekAdHocAction
sleek_ad_hoc_request_get_action (SleekAdHocRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), SLEEK_AD_HOC_ACTION_UNKNOWN);
  return self->action;
}

/**
 * sleek_ad_hoc_request_get_stage:
 * @self: a [class@Sleek.AdHocRequest]
 *
 * Gets how many `executing` answers the session has standing: 0 for the
 * first stage, 1 after one form was sent, and so on; `prev` lowers it.
 *
 * Returns: the stage
 */
guint
sleek_ad_hoc_request_get_stage (SleekAdHocRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), 0);
  return self->stage;
}

/**
 * sleek_ad_hoc_request_get_form:
 * @self: a [class@Sleek.AdHocRequest]
 *
 * Gets the form the request carries: the submitted form of a stage.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL
 */
SleekDataForm *
sleek_ad_hoc_request_get_form (SleekAdHocRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), NULL);
  return self->form;
}

/**
 * sleek_ad_hoc_request_get_value:
 * @self: a [class@Sleek.AdHocRequest]
 * @key: a name
 *
 * Gets a value a former stage of the session stored with
 * [method@Sleek.AdHocRequest.set_value].
 *
 * Returns: (transfer none) (nullable): the value, or %NULL
 */
GVariant *
sleek_ad_hoc_request_get_value (SleekAdHocRequest *self, const char *key)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_REQUEST (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->values, key);
}

/**
 * sleek_ad_hoc_request_set_value:
 * @self: a [class@Sleek.AdHocRequest]
 * @key: a name
 * @value: (nullable): the value (a floating reference is sunk), or %NULL
 *   to remove it
 *
 * Stores a value for the later stages of the session; it goes with the
 * session.
 */
void
sleek_ad_hoc_request_set_value (SleekAdHocRequest *self, const char *key, GVariant *value)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_REQUEST (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    g_hash_table_remove (self->values, key);
  else
    g_hash_table_replace (self->values, g_strdup (key), g_variant_ref_sink (value));
}

/**
 * sleek_ad_hoc_request_set_error:
 * @self: a [class@Sleek.AdHocRequest]
 * @error: why the request fails: a [error@Sleek.AdHocError] (such as
 *   %SLEEK_AD_HOC_ERROR_BAD_PAYLOAD), a [error@Sleek.StanzaError], or any
 *   other error, which is answered as `undefined-condition`
 *
 * Makes the request fail; the command's function then returns %NULL. The
 * session stays at its stage, so that the requester may try again.
 */
void
sleek_ad_hoc_request_set_error (SleekAdHocRequest *self, const GError *error)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_REQUEST (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
}

/* The general stanza condition XEP-0050 pairs with each of its own. */
static SleekStanzaError
general_condition (SleekAdHocError code)
{
  return code == SLEEK_AD_HOC_ERROR_SESSION_EXPIRED ? SLEEK_STANZA_ERROR_NOT_ALLOWED : SLEEK_STANZA_ERROR_BAD_REQUEST;
}

static void
send_error (SleekXmlStream *stream, SleekStanza *request, const GError *error)
{
  g_autoptr(GError) general = NULL;
  g_autoptr(SleekStanza) reply = NULL;

  if (error->domain != SLEEK_AD_HOC_ERROR)
    {
      reply = sleek_stanza_make_error_reply (request, error);
      sleek_xml_stream_send (stream, reply);
      return;
    }
  general = g_error_new_literal (SLEEK_STANZA_ERROR, general_condition (error->code), error->message);
  reply = sleek_stanza_make_error_reply (request, general);
  if (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (error_names))
    {
      SleekNode *node = sleek_stanza_get_node (reply);
      SleekNode *element = sleek_node_get_child (node, "error", sleek_node_get_namespace (node));

      if (element != NULL)
        sleek_node_add_child_new (element, error_names[error->code], SLEEK_NS_COMMANDS);
    }
  sleek_xml_stream_send (stream, reply);
}

static void
send_new_error (SleekXmlStream *stream, SleekStanza *request, GQuark domain, int code, const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (domain, code, message);

  send_error (stream, request, error);
}

static void
send_answer (SleekXmlStream *stream, SleekStanza *request, SleekAdHocCommand *answer)
{
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (request, TRUE);
  g_autoptr(SleekNode) payload = sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (answer)));

  sleek_iq_set_payload (SLEEK_IQ (reply), payload);
  sleek_xml_stream_send (stream, reply);
}

static void
remember_expired (SleekAdHocCommands *self, const char *id)
{
  char *copy = g_strdup (id);

  g_hash_table_add (self->expired, copy);
  g_queue_push_tail (self->expired_order, copy);
  while (g_queue_get_length (self->expired_order) > MAX_EXPIRED)
    g_hash_table_remove (self->expired, g_queue_pop_head (self->expired_order));
}

static gboolean
on_session_expired (gpointer user_data)
{
  Session *session = user_data;
  SleekAdHocCommands *self = session->owner;

  g_debug ("Ad-hoc session %s of %s expired", session->id, session->node);
  remember_expired (self, session->id);
  g_hash_table_remove (self->sessions, session->id);
  return G_SOURCE_REMOVE;
}

static void
session_touch (Session *session)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (session->timeout != NULL)
    {
      g_source_destroy (session->timeout);
      g_source_unref (session->timeout);
    }
  session->timeout = g_timeout_source_new_seconds (session->owner->session_timeout);
  g_source_set_callback (session->timeout, on_session_expired, session, NULL);
  g_source_set_static_name (session->timeout, "[sleek] ad-hoc session expiry");
  g_source_attach (session->timeout, context);
}

static gboolean
may_run (SleekAdHocCommands *self, Command *command, SleekJid *from)
{
  SleekJid *own;

  if (command->access != NULL)
    return command->access (from, command->node, command->access_data);
  own = own_jid (self);
  return own != NULL && sleek_jid_equal_bare (own, from);
}

static SleekAdHocRequest *
request_new (SleekJid *from, Session *session, SleekAdHocAction action, SleekDataForm *form)
{
  SleekAdHocRequest *request = g_object_new (SLEEK_TYPE_AD_HOC_REQUEST, NULL);

  request->from = sleek_jid_ref (from);
  request->node = g_strdup (session->node);
  request->sessionid = g_strdup (session->id);
  request->action = action;
  request->stage = session->stages->len;
  request->form = form != NULL ? g_object_ref (form) : NULL;
  request->values = g_hash_table_ref (session->values);
  return request;
}

/* Runs a stage of @session; the session may go. */
static void
run_stage (SleekAdHocCommands *self, SleekXmlStream *stream, SleekStanza *stanza, Command *command,
           Session *session, SleekJid *from, SleekAdHocAction action, SleekDataForm *form, gboolean is_new)
{
  g_autoptr(SleekAdHocRequest) request = request_new (from, session, action, form);
  g_autoptr(SleekAdHocCommand) answer = NULL;
  /* The function may withdraw its command, and so end the session. */
  g_autofree char *id = g_strdup (session->id);

  answer = command->func (request, command->user_data);
  if (g_hash_table_lookup (self->sessions, id) != session)
    {
      send_new_error (stream, stanza, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND,
                      _("The command was withdrawn"));
      return;
    }
  if (answer == NULL)
    {
      if (request->error != NULL)
        send_error (stream, stanza, request->error);
      else
        send_new_error (stream, stanza, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_INTERNAL_SERVER_ERROR,
                        _("The command gave no answer"));
      if (is_new)
        g_hash_table_remove (self->sessions, id);
      return;
    }

  sleek_ad_hoc_command_set_command_node (answer, session->node);
  sleek_ad_hoc_command_set_sessionid (answer, id);
  sleek_ad_hoc_command_set_action (answer, SLEEK_AD_HOC_ACTION_NONE);
  if (sleek_ad_hoc_command_get_status (answer) == SLEEK_AD_HOC_STATUS_NONE ||
      sleek_ad_hoc_command_get_status (answer) == SLEEK_AD_HOC_STATUS_UNKNOWN)
    sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_COMPLETED);
  send_answer (stream, stanza, answer);
  if (sleek_ad_hoc_command_get_status (answer) == SLEEK_AD_HOC_STATUS_EXECUTING)
    g_ptr_array_add (session->stages, g_steal_pointer (&answer));
  else
    g_hash_table_remove (self->sessions, id);
}

static guint
count_sessions_of (SleekAdHocCommands *self, SleekJid *peer)
{
  GHashTableIter iter;
  Session *session;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    if (sleek_jid_equal (session->peer, peer))
      n++;
  return n;
}

static void
on_command_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (user_data);
  SleekAdHocCommand *request = sleek_stanza_get_ad_hoc_command (stanza);
  g_autoptr(SleekJid) from = NULL;
  const char *node, *sessionid;
  SleekAdHocAction action;
  SleekAdHocCommand *last;
  Command *command;
  Session *session;

  if (request == NULL || !SLEEK_IS_IQ (stanza))
    return;
  from = sleek_stanza_get_from (stanza);
  if (from != NULL)
    sleek_jid_ref (from);
  else if (own_jid (self) != NULL)
    from = sleek_jid_to_bare (own_jid (self));
  node = sleek_ad_hoc_command_get_command_node (request);
  command = node != NULL ? g_hash_table_lookup (self->commands, node) : NULL;
  if (command == NULL)
    {
      send_new_error (stream, stanza, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND,
                      _("No such command"));
      return;
    }
  if (from == NULL || !may_run (self, command, from))
    {
      send_new_error (stream, stanza, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN,
                      _("You may not run this command"));
      return;
    }
  action = sleek_ad_hoc_command_get_action (request);
  if (action == SLEEK_AD_HOC_ACTION_UNKNOWN)
    {
      send_new_error (stream, stanza, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_MALFORMED_ACTION,
                      _("Unknown action"));
      return;
    }

  sessionid = sleek_ad_hoc_command_get_sessionid (request);
  if (sessionid == NULL || *sessionid == '\0')
    {
      if (action != SLEEK_AD_HOC_ACTION_NONE && action != SLEEK_AD_HOC_ACTION_EXECUTE)
        {
          send_new_error (stream, stanza, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_ACTION,
                          _("Only execute starts a session"));
          return;
        }
      if (count_sessions_of (self, from) >= MAX_SESSIONS_PER_PEER)
        {
          send_new_error (stream, stanza, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_RESOURCE_CONSTRAINT,
                          _("Too many sessions are open"));
          return;
        }
      session = g_new0 (Session, 1);
      session->owner = self;
      do
        {
          g_free (session->id);
          session->id = g_uuid_string_random ();
        }
      while (g_hash_table_contains (self->sessions, session->id));
      session->node = g_strdup (node);
      session->peer = sleek_jid_ref (from);
      session->stages = g_ptr_array_new_with_free_func (g_object_unref);
      session->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
      g_hash_table_insert (self->sessions, session->id, session);
      session_touch (session);
      run_stage (self, stream, stanza, command, session, from, SLEEK_AD_HOC_ACTION_EXECUTE,
                 sleek_ad_hoc_command_get_form (request), TRUE);
      return;
    }

  session = g_hash_table_lookup (self->sessions, sessionid);
  if (session == NULL && g_hash_table_contains (self->expired, sessionid))
    {
      send_new_error (stream, stanza, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_SESSION_EXPIRED,
                      _("The session has expired"));
      return;
    }
  /* Somebody else's session is as good as none. */
  if (session == NULL || !sleek_jid_equal (session->peer, from) || strcmp (session->node, node) != 0)
    {
      send_new_error (stream, stanza, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_SESSIONID,
                      _("No such session"));
      return;
    }
  session_touch (session);
  last = g_ptr_array_index (session->stages, session->stages->len - 1);
  if (action == SLEEK_AD_HOC_ACTION_NONE || action == SLEEK_AD_HOC_ACTION_EXECUTE)
    action = sleek_ad_hoc_command_get_default_action (last);

  switch (action)
    {
    case SLEEK_AD_HOC_ACTION_CANCEL:
      {
        g_autoptr(SleekAdHocRequest) cancel = request_new (from, session, action, NULL);
        g_autoptr(SleekAdHocCommand) answer = sleek_ad_hoc_command_new (node);
        g_autoptr(SleekAdHocCommand) ignored = NULL;

        sleek_ad_hoc_command_set_sessionid (answer, session->id);
        sleek_ad_hoc_command_set_status (answer, SLEEK_AD_HOC_STATUS_CANCELED);
        /* The function may end the session itself, by withdrawing the
         * command: only the id is used after it. */
        ignored = command->func (cancel, command->user_data);
        send_answer (stream, stanza, answer);
        g_hash_table_remove (self->sessions, sessionid);
        return;
      }
    case SLEEK_AD_HOC_ACTION_PREV:
      if (session->stages->len < 2 || !sleek_ad_hoc_command_allows (last, action))
        break;
      g_ptr_array_remove_index (session->stages, session->stages->len - 1);
      send_answer (stream, stanza, g_ptr_array_index (session->stages, session->stages->len - 1));
      return;
    case SLEEK_AD_HOC_ACTION_NEXT:
    case SLEEK_AD_HOC_ACTION_COMPLETE:
      if (!sleek_ad_hoc_command_allows (last, action))
        break;
      run_stage (self, stream, stanza, command, session, from, action, sleek_ad_hoc_command_get_form (request), FALSE);
      return;
    default:
      break;
    }
  send_new_error (stream, stanza, SLEEK_AD_HOC_ERROR, SLEEK_AD_HOC_ERROR_BAD_ACTION,
                  _("This action is not allowed at this stage"));
}

/* ------------------------------------------------------------------ */
/* Sessions with other entities' commands                             */
/* ------------------------------------------------------------------ */

/**
 * SleekAdHocSession:
 *
 * A session with a command of another entity, started with
 * [method@Sleek.AdHocCommands.start_async]. It holds what the last answer
 * said: the status, the form, the notes, the allowed actions and the
 * session id, and goes on with [method@Sleek.AdHocSession.next_async],
 * [method@Sleek.AdHocSession.prev_async],
 * [method@Sleek.AdHocSession.complete_async],
 * [method@Sleek.AdHocSession.execute_async] and
 * [method@Sleek.AdHocSession.cancel_async], one at a time.
 */
struct _SleekAdHocSession
{
  GObject parent_instance;
  SleekAdHocCommands *plugin;
  SleekJid *jid;
  char *node;
  char *sessionid;
  SleekAdHocCommand *answer;
  gboolean pending;
};

G_DEFINE_FINAL_TYPE (SleekAdHocSession, sleek_ad_hoc_session, G_TYPE_OBJECT)

static void
sleek_ad_hoc_session_finalize (GObject *object)
{
  SleekAdHocSession *self = SLEEK_AD_HOC_SESSION (object);

  g_clear_object (&self->plugin);
  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->node);
  g_free (self->sessionid);
  g_clear_object (&self->answer);
  G_OBJECT_CLASS (sleek_ad_hoc_session_parent_class)->finalize (object);
}

enum {
  SESSION_PROP_0,
  SESSION_PROP_JID,
  SESSION_PROP_NODE,
  SESSION_PROP_SESSIONID,
  SESSION_PROP_STATUS,
  SESSION_PROP_FORM,
  SESSION_PROP_ACTIONS,
  SESSION_PROP_LAST_ANSWER,
  SESSION_N_PROPS
};

static GParamSpec *session_properties[SESSION_N_PROPS];

static void
sleek_ad_hoc_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekAdHocSession *self = SLEEK_AD_HOC_SESSION (object);

  switch (prop_id)
    {
    case SESSION_PROP_JID:
      g_value_set_boxed (value, self->jid);
      break;
    case SESSION_PROP_NODE:
      g_value_set_string (value, self->node);
      break;
    case SESSION_PROP_SESSIONID:
      g_value_set_string (value, self->sessionid);
      break;
    case SESSION_PROP_STATUS:
      g_value_set_enum (value, sleek_ad_hoc_session_get_status (self));
      break;
    case SESSION_PROP_FORM:
      g_value_set_object (value, sleek_ad_hoc_session_get_form (self));
      break;
    case SESSION_PROP_ACTIONS:
      g_value_set_flags (value, sleek_ad_hoc_session_get_actions (self));
      break;
    case SESSION_PROP_LAST_ANSWER:
      g_value_set_object (value, self->answer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_ad_hoc_session_class_init (SleekAdHocSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_ad_hoc_session_finalize;
  object_class->get_property = sleek_ad_hoc_session_get_property;

  /**
   * SleekAdHocSession:jid: (getter get_jid)
   *
   * The entity whose command this is.
   */
  session_properties[SESSION_PROP_JID] =
    g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SleekAdHocSession:node: (getter get_node)
   *
   * The command's node.
   */
  session_properties[SESSION_PROP_NODE] =
    g_param_spec_string ("node", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SleekAdHocSession:sessionid: (getter get_sessionid)
   *
   * The session id the entity gave, or %NULL.
   */
  session_properties[SESSION_PROP_SESSIONID] =
    g_param_spec_string ("sessionid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekAdHocSession:status: (getter get_status)
   *
   * The status of the last answer.
   */
  session_properties[SESSION_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SLEEK_TYPE_AD_HOC_STATUS, SLEEK_AD_HOC_STATUS_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekAdHocSession:form: (getter get_form)
   *
   * The form of the last answer, or %NULL; notified with every answer.
   */
  session_properties[SESSION_PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, SLEEK_TYPE_DATA_FORM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekAdHocSession:actions: (getter get_actions)
   *
   * The actions the last answer allows.
   */
  session_properties[SESSION_PROP_ACTIONS] =
    g_param_spec_flags ("actions", NULL, NULL, SLEEK_TYPE_AD_HOC_ACTIONS, SLEEK_AD_HOC_ACTIONS_NONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekAdHocSession:last-answer: (getter get_last_answer)
   *
   * The `<command/>` of the last answer; notified with every answer.
   */
  session_properties[SESSION_PROP_LAST_ANSWER] =
    g_param_spec_object ("last-answer", NULL, NULL, SLEEK_TYPE_AD_HOC_COMMAND,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SESSION_N_PROPS, session_properties);
}

static void
sleek_ad_hoc_session_init (SleekAdHocSession *self)
{
}

/* What the session may do after @answer. */
static SleekAdHocActions
answer_actions (SleekAdHocCommand *answer)
{
  SleekAdHocStatus status = sleek_ad_hoc_command_get_status (answer);

  if (status == SLEEK_AD_HOC_STATUS_COMPLETED || status == SLEEK_AD_HOC_STATUS_CANCELED)
    return SLEEK_AD_HOC_ACTIONS_NONE;
  return sleek_ad_hoc_command_get_actions (answer);
}

/**
 * sleek_ad_hoc_session_get_jid: (get-property jid)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the entity whose command this is.
 *
 * Returns: (transfer none): its JID
 */
SleekJid *
sleek_ad_hoc_session_get_jid (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), NULL);
  return self->jid;
}

/**
 * sleek_ad_hoc_session_get_node: (get-property node)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the command's node.
 *
 * Returns: the node
 */
const char *
sleek_ad_hoc_session_get_node (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), NULL);
  return self->node;
}

/**
 * sleek_ad_hoc_session_get_sessionid: (get-property sessionid)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the session id the entity gave.
 *
 * Returns: (nullable): the session id, or %NULL if it gave none
 */
const char *
sleek_ad_hoc_session_get_sessionid (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), NULL);
  return self->sessionid;
}

/**
 * sleek_ad_hoc_session_get_last_answer: (get-property last-answer)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the `<command/>` element of the last answer.
 *
 * Returns: (transfer none): the last answer
 */
SleekAdHocCommand *
sleek_ad_hoc_session_get_last_answer (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), NULL);
  return self->answer;
}

/**
 * sleek_ad_hoc_session_get_status: (get-property status)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the status of the last answer.
 *
 * Returns: the status
 */
SleekAdHocStatus
sleek_ad_hoc_session_get_status (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), SLEEK_AD_HOC_STATUS_UNKNOWN);
  return sleek_ad_hoc_command_get_status (self->answer);
}

/**
 * sleek_ad_hoc_session_get_form: (get-property form)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the form of the last answer: one to fill while the session is
 * `executing`, often a `result` form once it is `completed`.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL
 */
SleekDataForm *
sleek_ad_hoc_session_get_form (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), NULL);
  return sleek_ad_hoc_command_get_form (self->answer);
}

/**
 * sleek_ad_hoc_session_get_notes:
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the notes of the last answer.
 *
 * Returns: (transfer container) (element-type Sleek.AdHocNote): the notes
 */
GPtrArray *
sleek_ad_hoc_session_get_notes (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), NULL);
  return sleek_ad_hoc_command_get_notes (self->answer);
}

/**
 * sleek_ad_hoc_session_get_actions: (get-property actions)
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets the actions the last answer allows, as
 * [method@Sleek.AdHocCommand.get_actions]; none once the session is
 * `completed` or `canceled`.
 *
 * Returns: the allowed actions
 */
SleekAdHocActions
sleek_ad_hoc_session_get_actions (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), SLEEK_AD_HOC_ACTIONS_NONE);
  return answer_actions (self->answer);
}

/**
 * sleek_ad_hoc_session_get_default_action:
 * @self: a [class@Sleek.AdHocSession]
 *
 * Gets what `execute` stands for at this stage, as
 * [method@Sleek.AdHocCommand.get_default_action].
 *
 * Returns: the default action
 */
SleekAdHocAction
sleek_ad_hoc_session_get_default_action (SleekAdHocSession *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_SESSION (self), SLEEK_AD_HOC_ACTION_COMPLETE);
  return sleek_ad_hoc_command_get_default_action (self->answer);
}

/* Sending a request and reading its answer */

static void
on_error_answer (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (user_data);
  const char *id = sleek_stanza_get_id (stanza);
  Outgoing *outgoing = id != NULL ? g_hash_table_lookup (self->outgoing, id) : NULL;
  SleekJid *from;
  SleekNode *node, *error;
  guint n;

  if (outgoing == NULL)
    return;
  from = sleek_stanza_get_from (stanza);
  if (outgoing->peer != NULL && (from == NULL || !sleek_jid_equal (from, outgoing->peer)))
    return;
  node = sleek_stanza_get_node (stanza);
  error = sleek_node_get_child (node, "error", sleek_node_get_namespace (node));
  n = error != NULL ? sleek_node_get_n_children (error) : 0;
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (error, i);

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_COMMANDS) == 0)
        {
          outgoing->condition = lookup_name (error_names, G_N_ELEMENTS (error_names), sleek_node_get_name (child));
          if (outgoing->condition >= 0)
            break;
        }
    }
}

typedef struct {
  SleekAdHocCommands *plugin;
  char *id;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_hash_table_remove (call->plugin->outgoing, call->id);
  g_object_unref (call->plugin);
  g_free (call->id);
  g_free (call);
}

static void
on_command_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  Outgoing *outgoing = g_hash_table_lookup (call->plugin->outgoing, call->id);
  SleekAdHocCommand *command;

  if (answer == NULL)
    {
      if (outgoing != NULL && outgoing->condition >= 0 && g_error_matches (error, SLEEK_STANZA_ERROR, general_condition (outgoing->condition)))
        {
          g_autoptr(GError) specific = g_error_new_literal (SLEEK_AD_HOC_ERROR, outgoing->condition, error->message);

          g_task_return_error (task, g_steal_pointer (&specific));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  command = sleek_stanza_get_ad_hoc_command (SLEEK_STANZA (answer));
  if (command == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The answer holds no command"));
      return;
    }
  g_task_return_pointer (task, command_copy_of (sleek_stanza_get_node (SLEEK_STANZA (command))), g_object_unref);
}

/* Sends @command to @jid; @task (transfer full) gets the answer's
 * <command/> as a new SleekAdHocCommand. */
static void
send_command (SleekAdHocCommands *self, SleekJid *jid, SleekAdHocCommand *command, GTask *task)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekIq) iq = NULL;
  Outgoing *outgoing;
  Call *call;

  if (xmpp == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The xep_0050 plugin is not enabled"));
      g_object_unref (task);
      return;
    }
  payload = sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (command)));
  iq = sleek_base_xmpp_make_iq (xmpp, "set", sleek_jid_to_string (jid), payload);
  outgoing = g_new0 (Outgoing, 1);
  outgoing->peer = sleek_jid_ref (jid);
  outgoing->condition = -1;
  g_hash_table_replace (self->outgoing, g_strdup (sleek_stanza_get_id (SLEEK_STANZA (iq))), outgoing);
  call = g_new0 (Call, 1);
  call->plugin = g_object_ref (self);
  call->id = g_strdup (sleek_stanza_get_id (SLEEK_STANZA (iq)));
  g_task_set_task_data (task, call, call_free);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), on_command_answer, task);
}

static void
session_update (SleekAdHocSession *self, SleekAdHocCommand *answer)
{
  const char *sessionid = sleek_ad_hoc_command_get_sessionid (answer);
  SleekAdHocStatus status = self->answer != NULL ? sleek_ad_hoc_command_get_status (self->answer) : SLEEK_AD_HOC_STATUS_NONE;
  SleekAdHocActions actions = self->answer != NULL ? answer_actions (self->answer) : SLEEK_AD_HOC_ACTIONS_NONE;

  g_object_freeze_notify (G_OBJECT (self));
  g_set_object (&self->answer, answer);
  if (sessionid != NULL && g_strcmp0 (sessionid, self->sessionid) != 0)
    {
      g_free (self->sessionid);
      self->sessionid = g_strdup (sessionid);
      g_object_notify_by_pspec (G_OBJECT (self), session_properties[SESSION_PROP_SESSIONID]);
    }
  if (sleek_ad_hoc_command_get_status (answer) != status)
    g_object_notify_by_pspec (G_OBJECT (self), session_properties[SESSION_PROP_STATUS]);
  if (answer_actions (answer) != actions)
    g_object_notify_by_pspec (G_OBJECT (self), session_properties[SESSION_PROP_ACTIONS]);
  g_object_notify_by_pspec (G_OBJECT (self), session_properties[SESSION_PROP_FORM]);
  g_object_notify_by_pspec (G_OBJECT (self), session_properties[SESSION_PROP_LAST_ANSWER]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_step_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekAdHocSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocCommand) answer = g_task_propagate_pointer (G_TASK (result), &error);

  self->pending = FALSE;
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  session_update (self, answer);
  g_task_return_boolean (task, TRUE);
}

static void
session_step (SleekAdHocSession *self, SleekAdHocAction action, SleekDataForm *form, GCancellable *cancellable,
              GAsyncReadyCallback callback, gpointer user_data, gpointer source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SleekAdHocCommand) request = NULL;
  SleekAdHocStatus status;
  GTask *inner;

  g_task_set_source_tag (task, source_tag);
  if (self->pending)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The session is already waiting for an answer"));
      return;
    }
  status = sleek_ad_hoc_command_get_status (self->answer);
  if (status == SLEEK_AD_HOC_STATUS_COMPLETED || status == SLEEK_AD_HOC_STATUS_CANCELED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The command session is over"));
      return;
    }
  request = sleek_ad_hoc_command_new (self->node);
  if (self->sessionid != NULL)
    sleek_ad_hoc_command_set_sessionid (request, self->sessionid);
  sleek_ad_hoc_command_set_action (request, action);
  if (form != NULL)
    sleek_ad_hoc_command_set_form (request, form);
  self->pending = TRUE;
  inner = g_task_new (self->plugin, cancellable, on_step_answer, g_steal_pointer (&task));
  send_command (self->plugin, self->jid, request, inner);
}

static gboolean
session_step_finish (SleekAdHocSession *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_ad_hoc_session_execute_async:
 * @self: a [class@Sleek.AdHocSession]
 * @form: (nullable): the filled form, such as one from
 *   [method@Sleek.DataForm.make_submit]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Sends `execute`, the stage's default action, with @form.
 */
void
sleek_ad_hoc_session_execute_async (SleekAdHocSession *self, SleekDataForm *form, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_SESSION (self));
  g_return_if_fail (form == NULL || SLEEK_IS_DATA_FORM (form));

  session_step (self, SLEEK_AD_HOC_ACTION_EXECUTE, form, cancellable, callback, user_data,
                sleek_ad_hoc_session_execute_async);
}

/**
 * sleek_ad_hoc_session_execute_finish:
 * @self: a [class@Sleek.AdHocSession]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.AdHocSession.execute_async], with the errors of
 * [method@Sleek.AdHocSession.next_finish].
 *
 * Returns: %TRUE when the session holds the new answer
 */
gboolean
sleek_ad_hoc_session_execute_finish (SleekAdHocSession *self, GAsyncResult *result, GError **error)
{
  return session_step_finish (self, result, sleek_ad_hoc_session_execute_async, error);
}

/**
 * sleek_ad_hoc_session_next_async:
 * @self: a [class@Sleek.AdHocSession]
 * @form: (nullable): the filled form of this stage
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Sends `next` with @form: goes on to the next stage.
 */
void
sleek_ad_hoc_session_next_async (SleekAdHocSession *self, SleekDataForm *form, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_SESSION (self));
  g_return_if_fail (form == NULL || SLEEK_IS_DATA_FORM (form));

  session_step (self, SLEEK_AD_HOC_ACTION_NEXT, form, cancellable, callback, user_data,
                sleek_ad_hoc_session_next_async);
}

/**
 * sleek_ad_hoc_session_next_finish:
 * @self: a [class@Sleek.AdHocSession]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.AdHocError] when
 *   the entity named a XEP-0050 condition (such as
 *   %SLEEK_AD_HOC_ERROR_BAD_ACTION or %SLEEK_AD_HOC_ERROR_SESSION_EXPIRED),
 *   otherwise the [error@Sleek.StanzaError] it answered (such as
 *   %SLEEK_STANZA_ERROR_FORBIDDEN), %G_IO_ERROR_INVALID_DATA for an answer
 *   without `<command/>`, %G_IO_ERROR_PENDING while another request of
 *   the session waits, %G_IO_ERROR_CLOSED once the session is over, or
 *   why no answer came
 *
 * Finishes [method@Sleek.AdHocSession.next_async]. The session's status,
 * form, notes and actions are then those of the answer; after an error
 * they are those of the answer before.
 *
 * Returns: %TRUE when the session holds the new answer
 */
gboolean
sleek_ad_hoc_session_next_finish (SleekAdHocSession *self, GAsyncResult *result, GError **error)
{
  return session_step_finish (self, result, sleek_ad_hoc_session_next_async, error);
}

/**
 * sleek_ad_hoc_session_prev_async:
 * @self: a [class@Sleek.AdHocSession]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Sends `prev`: goes back to the previous stage.
 */
void
sleek_ad_hoc_session_prev_async (SleekAdHocSession *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_SESSION (self));

  session_step (self, SLEEK_AD_HOC_ACTION_PREV, NULL, cancellable, callback, user_data,
                sleek_ad_hoc_session_prev_async);
}

/**
 * sleek_ad_hoc_session_prev_finish:
 * @self: a [class@Sleek.AdHocSession]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.AdHocSession.prev_async], with the errors of
 * [method@Sleek.AdHocSession.next_finish].
 *
 * Returns: %TRUE when the session holds the new answer
 */
gboolean
sleek_ad_hoc_session_prev_finish (SleekAdHocSession *self, GAsyncResult *result, GError **error)
{
  return session_step_finish (self, result, sleek_ad_hoc_session_prev_async, error);
}

/**
 * sleek_ad_hoc_session_complete_async:
 * @self: a [class@Sleek.AdHocSession]
 * @form: (nullable): the filled form of this stage
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Sends `complete` with @form: finishes the command.
 */
void
sleek_ad_hoc_session_complete_async (SleekAdHocSession *self, SleekDataForm *form, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_SESSION (self));
  g_return_if_fail (form == NULL || SLEEK_IS_DATA_FORM (form));

  session_step (self, SLEEK_AD_HOC_ACTION_COMPLETE, form, cancellable, callback, user_data,
                sleek_ad_hoc_session_complete_async);
}

/**
 * sleek_ad_hoc_session_complete_finish:
 * @self: a [class@Sleek.AdHocSession]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.AdHocSession.complete_async], with the errors of
 * [method@Sleek.AdHocSession.next_finish].
 *
 * Returns: %TRUE when the session holds the new answer
 */
gboolean
sleek_ad_hoc_session_complete_finish (SleekAdHocSession *self, GAsyncResult *result, GError **error)
{
  return session_step_finish (self, result, sleek_ad_hoc_session_complete_async, error);
}

/**
 * sleek_ad_hoc_session_cancel_async:
 * @self: a [class@Sleek.AdHocSession]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Sends `cancel`: ends the session.
 */
void
sleek_ad_hoc_session_cancel_async (SleekAdHocSession *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_SESSION (self));

  session_step (self, SLEEK_AD_HOC_ACTION_CANCEL, NULL, cancellable, callback, user_data,
                sleek_ad_hoc_session_cancel_async);
}

/**
 * sleek_ad_hoc_session_cancel_finish:
 * @self: a [class@Sleek.AdHocSession]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.AdHocSession.cancel_async], with the errors of
 * [method@Sleek.AdHocSession.next_finish].
 *
 * Returns: %TRUE when the session holds the answer, normally `canceled`
 */
gboolean
sleek_ad_hoc_session_cancel_finish (SleekAdHocSession *self, GAsyncResult *result, GError **error)
{
  return session_step_finish (self, result, sleek_ad_hoc_session_cancel_async, error);
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

static void
sleek_ad_hoc_commands_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (plugin);
  SleekDisco *disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  g_autoptr(SleekMatcher) requests = NULL;
  g_autoptr(SleekMatcher) errors = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  Command *command;

  /* Before any request's own answer handler, so that the condition is
   * known when the request finishes. */
  errors = sleek_matcher_new_xml_mask ("<iq type='error'/>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, errors, SLEEK_HANDLER_NONE, on_error_answer, self, NULL);
  requests = sleek_matcher_new_xml_mask ("<iq type='set'><command xmlns='" SLEEK_NS_COMMANDS "'/></iq>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, requests, SLEEK_HANDLER_NONE, on_command_request, self, NULL);

  sleek_plugin_advertise (plugin, SLEEK_NS_COMMANDS);
  if (disco != NULL)
    {
      g_autoptr(SleekDiscoIdentity) list = sleek_disco_identity_new ("automation", "command-list", NULL, NULL);

      sleek_disco_add_identity (disco, list, SLEEK_NS_COMMANDS);
    }
  self->item_jid = own_jid (self) != NULL ? sleek_jid_ref (own_jid (self)) : NULL;
  g_hash_table_iter_init (&iter, self->commands);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &command))
    advertise_command (self, command);
}

static void
sleek_ad_hoc_commands_plugin_end (SleekPlugin *plugin)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (plugin);
  SleekDisco *disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  GHashTableIter iter;
  Command *command;

  /* The handlers go with the plugin. */
  g_hash_table_iter_init (&iter, self->commands);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &command))
    withdraw_command (self, command);
  if (disco != NULL)
    sleek_disco_remove_identity (disco, "automation", "command-list", NULL, NULL, SLEEK_NS_COMMANDS);
  sleek_plugin_withdraw (plugin, SLEEK_NS_COMMANDS);
  g_hash_table_remove_all (self->sessions);
  g_hash_table_remove_all (self->commands);
  g_clear_pointer (&self->item_jid, sleek_jid_unref);
}

static void
sleek_ad_hoc_commands_session_bind (SleekPlugin *plugin, SleekJid *jid)
{
  set_item_jid (SLEEK_AD_HOC_COMMANDS (plugin), jid);
}

static void
sleek_ad_hoc_commands_finalize (GObject *object)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (object);

  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->commands);
  g_hash_table_unref (self->expired);
  g_queue_free (self->expired_order);
  g_hash_table_unref (self->outgoing);
  g_clear_pointer (&self->item_jid, sleek_jid_unref);
  G_OBJECT_CLASS (sleek_ad_hoc_commands_parent_class)->finalize (object);
}

static void
sleek_ad_hoc_commands_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (object);

  switch (prop_id)
    {
    case PROP_SESSION_TIMEOUT:
      g_value_set_uint (value, self->session_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_ad_hoc_commands_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekAdHocCommands *self = SLEEK_AD_HOC_COMMANDS (object);

  switch (prop_id)
    {
    case PROP_SESSION_TIMEOUT:
      sleek_ad_hoc_commands_set_session_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_ad_hoc_commands_class_init (SleekAdHocCommandsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_ad_hoc_commands_finalize;
  object_class->get_property = sleek_ad_hoc_commands_get_property;
  object_class->set_property = sleek_ad_hoc_commands_set_property;
  plugin_class->plugin_init = sleek_ad_hoc_commands_plugin_init;
  plugin_class->plugin_end = sleek_ad_hoc_commands_plugin_end;
  plugin_class->session_bind = sleek_ad_hoc_commands_session_bind;

  /**
   * SleekAdHocCommands:session-timeout: (getter get_session_timeout) (setter set_session_timeout)
   *
   * How many seconds a session of one of our commands may stay idle
   * before it expires; later requests to it get
   * %SLEEK_AD_HOC_ERROR_SESSION_EXPIRED. Applies from each session's
   * next request.
   */
  properties[PROP_SESSION_TIMEOUT] =
    g_param_spec_uint ("session-timeout", NULL, NULL, 1, G_MAXUINT / 1000, DEFAULT_SESSION_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  register_stanzas ();
}

static void
sleek_ad_hoc_commands_init (SleekAdHocCommands *self)
{
  self->commands = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, command_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, session_free);
  self->expired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->expired_order = g_queue_new ();
  self->outgoing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, outgoing_free);
  self->session_timeout = DEFAULT_SESSION_TIMEOUT;
}

/**
 * sleek_ad_hoc_commands_get_session_timeout: (get-property session-timeout)
 * @self: a [class@Sleek.AdHocCommands]
 *
 * Gets how long our commands' sessions may stay idle.
 *
 * Returns: the timeout in seconds
 */
guint
sleek_ad_hoc_commands_get_session_timeout (SleekAdHocCommands *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self), 0);
  return self->session_timeout;
}

/**
 * sleek_ad_hoc_commands_set_session_timeout: (set-property session-timeout)
 * @self: a [class@Sleek.AdHocCommands]
 * @seconds: the timeout in seconds, at least 1
 *
 * Sets how long our commands' sessions may stay idle.
 */
void
sleek_ad_hoc_commands_set_session_timeout (SleekAdHocCommands *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self));
  g_return_if_fail (seconds >= 1 && seconds <= G_MAXUINT / 1000);

  if (self->session_timeout == seconds)
    return;
  self->session_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TIMEOUT]);
}

/**
 * sleek_ad_hoc_commands_get_n_sessions:
 * @self: a [class@Sleek.AdHocCommands]
 *
 * Counts the sessions of our commands still going on.
 *
 * Returns: the number of sessions
 */
guint
sleek_ad_hoc_commands_get_n_sessions (SleekAdHocCommands *self)
{
  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self), 0);
  return g_hash_table_size (self->sessions);
}

/**
 * sleek_ad_hoc_commands_add_command:
 * @self: a [class@Sleek.AdHocCommands]
 * @node: the command's node, unique among ours
 * @name: its human-readable name
 * @func: (scope notified) (closure user_data) (destroy destroy): runs the
 *   command's stages
 * @user_data: (nullable): data for @func
 * @destroy: (nullable): frees @user_data when the command goes
 *
 * Offers a command: lists it on the node `http://jabber.org/protocol/commands`
 * (an item of our JID, @node and @name; the node itself answers the
 * identity `automation/command-node` and the features
 * `http://jabber.org/protocol/commands` and `jabber:x:data`) and runs it
 * for those [method@Sleek.AdHocCommands.set_access] lets in, by default
 * only our own account. A command already at @node is replaced.
 */
void
sleek_ad_hoc_commands_add_command (SleekAdHocCommands *self, const char *node, const char *name,
                                   SleekAdHocCommandFunc func, gpointer user_data, GDestroyNotify destroy)
{
  Command *command;

  g_return_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self));
  g_return_if_fail (node != NULL && *node != '\0');
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);

  sleek_ad_hoc_commands_remove_command (self, node);
  command = g_new0 (Command, 1);
  command->node = g_strdup (node);
  command->name = g_strdup (name);
  command->func = func;
  command->user_data = user_data;
  command->destroy = destroy;
  g_hash_table_insert (self->commands, command->node, command);
  advertise_command (self, command);
}

/* Ends the sessions of the command at @node. */
static void
end_sessions (SleekAdHocCommands *self, const char *node)
{
  GHashTableIter iter;
  Session *session;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    if (strcmp (session->node, node) == 0)
      g_hash_table_iter_remove (&iter);
}

/**
 * sleek_ad_hoc_commands_remove_command:
 * @self: a [class@Sleek.AdHocCommands]
 * @node: the command's node
 *
 * Withdraws a command added with [method@Sleek.AdHocCommands.add_command]
 * and ends its sessions.
 *
 * Returns: %TRUE if there was one at @node
 */
gboolean
sleek_ad_hoc_commands_remove_command (SleekAdHocCommands *self, const char *node)
{
  Command *command;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  command = g_hash_table_lookup (self->commands, node);
  if (command == NULL)
    return FALSE;
  withdraw_command (self, command);
  end_sessions (self, node);
  g_hash_table_remove (self->commands, node);
  return TRUE;
}

/**
 * sleek_ad_hoc_commands_set_access:
 * @self: a [class@Sleek.AdHocCommands]
 * @node: the node of one of our commands
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   decides who may run it, or %NULL for only our own account (the bare
 *   JID we are)
 * @user_data: (nullable): data for @func
 * @destroy: (nullable): frees @user_data when the check is replaced or
 *   the command goes
 *
 * Sets who may run a command; the others get `forbidden`.
 *
 * Returns: %TRUE if there is a command at @node (otherwise @user_data is
 *   freed at once)
 */
gboolean
sleek_ad_hoc_commands_set_access (SleekAdHocCommands *self, const char *node, SleekAdHocAccessFunc func,
                                  gpointer user_data, GDestroyNotify destroy)
{
  Command *command;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  command = g_hash_table_lookup (self->commands, node);
  if (command == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }
  if (command->access_destroy != NULL)
    command->access_destroy (command->access_data);
  command->access = func;
  command->access_data = user_data;
  command->access_destroy = destroy;
  return TRUE;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * sleek_ad_hoc_commands_list_commands:
 * @self: a [class@Sleek.AdHocCommands]
 *
 * Lists the nodes of the commands we offer.
 *
 * Returns: (transfer full): the nodes, sorted
 */
GStrv
sleek_ad_hoc_commands_list_commands (SleekAdHocCommands *self)
{
  g_autofree const char **keys = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  g_return_val_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->commands, &n);
  qsort (keys, n, sizeof *keys, compare_strings);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  return g_strv_builder_end (builder);
}

/* Other entities' commands */

static void
on_items (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *items = sleek_disco_get_items_finish (SLEEK_DISCO (source), result, &error);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * sleek_ad_hoc_commands_get_commands_async:
 * @self: an enabled [class@Sleek.AdHocCommands]
 * @jid: (nullable): the entity to ask, or %NULL for our server
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the list
 * @user_data: data for @callback
 *
 * Lists an entity's commands: the items of its service discovery node
 * `http://jabber.org/protocol/commands`.
 */
void
sleek_ad_hoc_commands_get_commands_async (SleekAdHocCommands *self, SleekJid *jid, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekJid) server = NULL;
  SleekDisco *disco;

  g_return_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_ad_hoc_commands_get_commands_async);
  disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  if (disco == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The xep_0050 plugin is not enabled"));
      return;
    }
  if (jid == NULL && own_jid (self) != NULL)
    server = sleek_jid_new (sleek_jid_get_domain (own_jid (self)), NULL);
  if (jid == NULL && server == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The stream has no JID yet"));
      return;
    }
  sleek_disco_get_items_async (disco, jid != NULL ? jid : server, SLEEK_NS_COMMANDS, cancellable, on_items,
                               g_steal_pointer (&task));
}

/**
 * sleek_ad_hoc_commands_get_commands_finish:
 * @self: a [class@Sleek.AdHocCommands]
 * @result: the result
 * @error: return location for an error: the [error@Sleek.StanzaError] the
 *   entity answered, or why no answer came
 *
 * Finishes [method@Sleek.AdHocCommands.get_commands_async].
 *
 * Returns: (transfer container) (element-type Sleek.DiscoItem): the
 *   commands: each item's node is the command's node, its name the
 *   command's name
 */
GPtrArray *
sleek_ad_hoc_commands_get_commands_finish (SleekAdHocCommands *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_ad_hoc_commands_get_commands_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekAdHocSession *session = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekAdHocCommand) answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  session_update (session, answer);
  g_task_return_pointer (task, g_object_ref (session), g_object_unref);
}

/**
 * sleek_ad_hoc_commands_start_async:
 * @self: an enabled [class@Sleek.AdHocCommands]
 * @jid: the entity offering the command
 * @node: the command's node
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the session
 * @user_data: data for @callback
 *
 * Runs a command: sends `execute` and makes a session of the first
 * answer.
 */
void
sleek_ad_hoc_commands_start_async (SleekAdHocCommands *self, SleekJid *jid, const char *node,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekAdHocCommand) request = NULL;
  SleekAdHocSession *session;

  g_return_if_fail (SLEEK_IS_AD_HOC_COMMANDS (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (node != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_ad_hoc_commands_start_async);
  session = g_object_new (SLEEK_TYPE_AD_HOC_SESSION, NULL);
  session->plugin = g_object_ref (self);
  session->jid = sleek_jid_ref (jid);
  session->node = g_strdup (node);
  g_task_set_task_data (task, session, g_object_unref);

  request = sleek_ad_hoc_command_new (node);
  sleek_ad_hoc_command_set_action (request, SLEEK_AD_HOC_ACTION_EXECUTE);
  send_command (self, jid, request, g_task_new (self, cancellable, on_started, g_steal_pointer (&task)));
}

/**
 * sleek_ad_hoc_commands_start_finish:
 * @self: a [class@Sleek.AdHocCommands]
 * @result: the result
 * @error: return location for an error, as for
 *   [method@Sleek.AdHocSession.next_finish]
 *
 * Finishes [method@Sleek.AdHocCommands.start_async].
 *
 * Returns: (transfer full): the session, holding the first answer: a
 *   single-stage command is already `completed`
 */
SleekAdHocSession *
sleek_ad_hoc_commands_start_finish (SleekAdHocCommands *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_ad_hoc_commands_start_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
