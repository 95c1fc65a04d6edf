/* sleek-xep-0050-adhoc.h: XEP-0050 Ad-Hoc Commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_COMMANDS:
 *
 * The namespace of XEP-0050 ad-hoc commands, which is also the service
 * discovery node that lists an entity's commands.
 */
#define SLEEK_NS_COMMANDS "http://jabber.org/protocol/commands"

/**
 * SLEEK_AD_HOC_ERROR:
 *
 * Error domain for the conditions XEP-0050 adds to stanza errors. Errors
 * in this domain are from the [error@Sleek.AdHocError] enumeration.
 */
#define SLEEK_AD_HOC_ERROR (sleek_ad_hoc_error_quark ())

/**
 * SleekAdHocError:
 * @SLEEK_AD_HOC_ERROR_MALFORMED_ACTION: `malformed-action` (with
 *   `bad-request`): the action is not one XEP-0050 knows
 * @SLEEK_AD_HOC_ERROR_BAD_ACTION: `bad-action` (with `bad-request`): the
 *   action is not allowed at this stage of the session
 * @SLEEK_AD_HOC_ERROR_BAD_LOCALE: `bad-locale` (with `bad-request`): the
 *   requested language is not supported
 * @SLEEK_AD_HOC_ERROR_BAD_PAYLOAD: `bad-payload` (with `bad-request`): the
 *   submitted form is invalid
 * @SLEEK_AD_HOC_ERROR_BAD_SESSIONID: `bad-sessionid` (with `bad-request`):
 *   no such session
 * @SLEEK_AD_HOC_ERROR_SESSION_EXPIRED: `session-expired` (with
 *   `not-allowed`): the session timed out
 *
 * The command-specific error conditions of XEP-0050. Each comes with the
 * general stanza condition named beside it.
 */
typedef enum {
  SLEEK_AD_HOC_ERROR_MALFORMED_ACTION,
  SLEEK_AD_HOC_ERROR_BAD_ACTION,
  SLEEK_AD_HOC_ERROR_BAD_LOCALE,
  SLEEK_AD_HOC_ERROR_BAD_PAYLOAD,
  SLEEK_AD_HOC_ERROR_BAD_SESSIONID,
  SLEEK_AD_HOC_ERROR_SESSION_EXPIRED,
} SleekAdHocError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_ad_hoc_error_quark (void);

#define SLEEK_TYPE_AD_HOC_ERROR (sleek_ad_hoc_error_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_ad_hoc_error_get_type (void) G_GNUC_CONST;

/**
 * SleekAdHocAction:
 * @SLEEK_AD_HOC_ACTION_NONE: no `action` attribute, which means `execute`
 * @SLEEK_AD_HOC_ACTION_EXECUTE: `execute`: start the command, or take the
 *   stage's default action
 * @SLEEK_AD_HOC_ACTION_CANCEL: `cancel`: end the session
 * @SLEEK_AD_HOC_ACTION_PREV: `prev`: go back a stage
 * @SLEEK_AD_HOC_ACTION_NEXT: `next`: submit this stage, go on to the next
 * @SLEEK_AD_HOC_ACTION_COMPLETE: `complete`: submit this stage and finish
 * @SLEEK_AD_HOC_ACTION_UNKNOWN: another value
 *
 * The `action` attribute of a command request.
 */
typedef enum {
  SLEEK_AD_HOC_ACTION_NONE,
  SLEEK_AD_HOC_ACTION_EXECUTE,
  SLEEK_AD_HOC_ACTION_CANCEL,
  SLEEK_AD_HOC_ACTION_PREV,
  SLEEK_AD_HOC_ACTION_NEXT,
  SLEEK_AD_HOC_ACTION_COMPLETE,
  SLEEK_AD_HOC_ACTION_UNKNOWN,
} SleekAdHocAction;

#define SLEEK_TYPE_AD_HOC_ACTION (sleek_ad_hoc_action_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_ad_hoc_action_get_type (void) G_GNUC_CONST;

/**
 * SleekAdHocActions:
 * @SLEEK_AD_HOC_ACTIONS_NONE: no action but `complete` by default
 * @SLEEK_AD_HOC_ACTIONS_PREV: `prev` is allowed
 * @SLEEK_AD_HOC_ACTIONS_NEXT: `next` is allowed
 * @SLEEK_AD_HOC_ACTIONS_COMPLETE: `complete` is allowed
 *
 * The actions an `<actions/>` element allows; `cancel` is always allowed.
 */
typedef enum /*< flags >*/ {
  SLEEK_AD_HOC_ACTIONS_NONE     = 0,
  SLEEK_AD_HOC_ACTIONS_PREV     = 1 << 0,
  SLEEK_AD_HOC_ACTIONS_NEXT     = 1 << 1,
  SLEEK_AD_HOC_ACTIONS_COMPLETE = 1 << 2,
} SleekAdHocActions;

#define SLEEK_TYPE_AD_HOC_ACTIONS (sleek_ad_hoc_actions_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_ad_hoc_actions_get_type (void) G_GNUC_CONST;

/**
 * SleekAdHocStatus:
 * @SLEEK_AD_HOC_STATUS_NONE: no `status` attribute
 * @SLEEK_AD_HOC_STATUS_EXECUTING: `executing`: the session waits for the
 *   next request
 * @SLEEK_AD_HOC_STATUS_COMPLETED: `completed`: the command finished
 * @SLEEK_AD_HOC_STATUS_CANCELED: `canceled`: the session was cancelled
 * @SLEEK_AD_HOC_STATUS_UNKNOWN: another value
 *
 * The `status` attribute of a command answer.
 */
typedef enum {
  SLEEK_AD_HOC_STATUS_NONE,
  SLEEK_AD_HOC_STATUS_EXECUTING,
  SLEEK_AD_HOC_STATUS_COMPLETED,
  SLEEK_AD_HOC_STATUS_CANCELED,
  SLEEK_AD_HOC_STATUS_UNKNOWN,
} SleekAdHocStatus;

#define SLEEK_TYPE_AD_HOC_STATUS (sleek_ad_hoc_status_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_ad_hoc_status_get_type (void) G_GNUC_CONST;

/**
 * SleekAdHocNoteType:
 * @SLEEK_AD_HOC_NOTE_INFO: `info`, the default
 * @SLEEK_AD_HOC_NOTE_WARN: `warn`
 * @SLEEK_AD_HOC_NOTE_ERROR: `error`
 *
 * The `type` attribute of a `<note/>`.
 */
typedef enum {
  SLEEK_AD_HOC_NOTE_INFO,
  SLEEK_AD_HOC_NOTE_WARN,
  SLEEK_AD_HOC_NOTE_ERROR,
} SleekAdHocNoteType;

#define SLEEK_TYPE_AD_HOC_NOTE_TYPE (sleek_ad_hoc_note_type_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_ad_hoc_note_type_get_type (void) G_GNUC_CONST;

/* Notes */

#define SLEEK_TYPE_AD_HOC_NOTE (sleek_ad_hoc_note_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekAdHocNote, sleek_ad_hoc_note, SLEEK, AD_HOC_NOTE, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekAdHocNote     *sleek_ad_hoc_note_new       (SleekAdHocNoteType  type,
                                                 const char         *text);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocNoteType  sleek_ad_hoc_note_get_note_type (SleekAdHocNote *self);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_ad_hoc_note_get_text  (SleekAdHocNote     *self);

/* The <command/> element */

#define SLEEK_TYPE_AD_HOC_COMMAND (sleek_ad_hoc_command_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekAdHocCommand, sleek_ad_hoc_command, SLEEK, AD_HOC_COMMAND, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekAdHocCommand *sleek_ad_hoc_command_new                (const char        *node);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_ad_hoc_command_get_command_node   (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_set_command_node   (SleekAdHocCommand *self,
                                                            const char        *node);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_ad_hoc_command_get_sessionid      (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_set_sessionid      (SleekAdHocCommand *self,
                                                            const char        *sessionid);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocAction   sleek_ad_hoc_command_get_action         (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_set_action         (SleekAdHocCommand *self,
                                                            SleekAdHocAction   action);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocStatus   sleek_ad_hoc_command_get_status         (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_set_status         (SleekAdHocCommand *self,
                                                            SleekAdHocStatus   status);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocActions  sleek_ad_hoc_command_get_actions        (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocAction   sleek_ad_hoc_command_get_default_action (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_set_actions        (SleekAdHocCommand *self,
                                                            SleekAdHocActions  actions,
                                                            SleekAdHocAction   default_action);
SLEEK_AVAILABLE_IN_ALL
gboolean           sleek_ad_hoc_command_allows             (SleekAdHocCommand *self,
                                                            SleekAdHocAction   action);
SLEEK_AVAILABLE_IN_ALL
GPtrArray         *sleek_ad_hoc_command_get_notes          (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_add_note           (SleekAdHocCommand *self,
                                                            SleekAdHocNoteType type,
                                                            const char        *text);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm     *sleek_ad_hoc_command_get_form           (SleekAdHocCommand *self);
SLEEK_AVAILABLE_IN_ALL
void               sleek_ad_hoc_command_set_form           (SleekAdHocCommand *self,
                                                            SleekDataForm     *form);

SLEEK_AVAILABLE_IN_ALL
SleekAdHocCommand *sleek_stanza_get_ad_hoc_command         (SleekStanza       *stanza);

/* A session with another entity's command */

#define SLEEK_TYPE_AD_HOC_SESSION (sleek_ad_hoc_session_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekAdHocSession, sleek_ad_hoc_session, SLEEK, AD_HOC_SESSION, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekJid          *sleek_ad_hoc_session_get_jid            (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_ad_hoc_session_get_node           (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
const char        *sleek_ad_hoc_session_get_sessionid      (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocStatus   sleek_ad_hoc_session_get_status         (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm     *sleek_ad_hoc_session_get_form           (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
GPtrArray         *sleek_ad_hoc_session_get_notes          (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocActions  sleek_ad_hoc_session_get_actions        (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocAction   sleek_ad_hoc_session_get_default_action (SleekAdHocSession *self);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocCommand *sleek_ad_hoc_session_get_last_answer    (SleekAdHocSession *self);

SLEEK_AVAILABLE_IN_ALL
void     sleek_ad_hoc_session_execute_async  (SleekAdHocSession   *self,
                                              SleekDataForm       *form,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_ad_hoc_session_execute_finish (SleekAdHocSession   *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ad_hoc_session_next_async     (SleekAdHocSession   *self,
                                              SleekDataForm       *form,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_ad_hoc_session_next_finish    (SleekAdHocSession   *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ad_hoc_session_prev_async     (SleekAdHocSession   *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_ad_hoc_session_prev_finish    (SleekAdHocSession   *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ad_hoc_session_complete_async (SleekAdHocSession   *self,
                                              SleekDataForm       *form,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_ad_hoc_session_complete_finish (SleekAdHocSession  *self,
                                               GAsyncResult       *result,
                                               GError            **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ad_hoc_session_cancel_async   (SleekAdHocSession   *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_ad_hoc_session_cancel_finish  (SleekAdHocSession   *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* A request to one of our commands */

#define SLEEK_TYPE_AD_HOC_REQUEST (sleek_ad_hoc_request_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekAdHocRequest, sleek_ad_hoc_request, SLEEK, AD_HOC_REQUEST, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekJid         *sleek_ad_hoc_request_get_from      (SleekAdHocRequest *self);
SLEEK_AVAILABLE_IN_ALL
const char       *sleek_ad_hoc_request_get_node      (SleekAdHocRequest *self);
SLEEK_AVAILABLE_IN_ALL
const char       *sleek_ad_hoc_request_get_sessionid (SleekAdHocRequest *self);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocAction  sleek_ad_hoc_request_get_action    (SleekAdHocRequest *self);
SLEEK_AVAILABLE_IN_ALL
guint             sleek_ad_hoc_request_get_stage     (SleekAdHocRequest *self);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm    *sleek_ad_hoc_request_get_form      (SleekAdHocRequest *self);
SLEEK_AVAILABLE_IN_ALL
GVariant         *sleek_ad_hoc_request_get_value     (SleekAdHocRequest *self,
                                                      const char        *key);
SLEEK_AVAILABLE_IN_ALL
void              sleek_ad_hoc_request_set_value     (SleekAdHocRequest *self,
                                                      const char        *key,
                                                      GVariant          *value);
SLEEK_AVAILABLE_IN_ALL
void              sleek_ad_hoc_request_set_error     (SleekAdHocRequest *self,
                                                      const GError      *error);

/* The plugin */

#define SLEEK_TYPE_AD_HOC_COMMANDS (sleek_ad_hoc_commands_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekAdHocCommands, sleek_ad_hoc_commands, SLEEK, AD_HOC_COMMANDS, SleekPlugin)

/**
 * SleekAdHocCommandFunc:
 * @request: the request: its action, submitted form and session state
 * @user_data: the data given to [method@Sleek.AdHocCommands.add_command]
 *
 * Runs one stage of one of our commands. It is called with the actions
 * `execute` (the first stage: no form; a later one: the form submitted
 * with the stage's default action), `next`, `complete` and `cancel`; the
 * plugin answers `prev` itself with the previous stage's answer.
 *
 * It returns the answer: a [class@Sleek.AdHocCommand] (its node and
 * session id are filled in) carrying the status (`executing` with a form
 * and allowed actions for another stage; `completed`, the default, to
 * finish), notes and form. To refuse, it calls
 * [method@Sleek.AdHocRequest.set_error] and returns %NULL. The answer to
 * `cancel` is ignored: the session ends as `canceled`.
 *
 * Returns: (transfer full) (nullable): the answer, or %NULL with an error
 *   set on @request
 */
typedef SleekAdHocCommand *(*SleekAdHocCommandFunc) (SleekAdHocRequest *request,
                                                     gpointer           user_data);

/**
 * SleekAdHocAccessFunc:
 * @from: who asks
 * @node: the command's node
 * @user_data: the data given to [method@Sleek.AdHocCommands.set_access]
 *
 * Decides whether @from may run the command at @node.
 *
 * Returns: %TRUE to let @from run it
 */
typedef gboolean (*SleekAdHocAccessFunc) (SleekJid   *from,
                                          const char *node,
                                          gpointer    user_data);

/* Our commands */
SLEEK_AVAILABLE_IN_ALL
void       sleek_ad_hoc_commands_add_command    (SleekAdHocCommands    *self,
                                                 const char            *node,
                                                 const char            *name,
                                                 SleekAdHocCommandFunc  func,
                                                 gpointer               user_data,
                                                 GDestroyNotify         destroy);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_ad_hoc_commands_remove_command (SleekAdHocCommands    *self,
                                                 const char            *node);
SLEEK_AVAILABLE_IN_ALL
gboolean   sleek_ad_hoc_commands_set_access     (SleekAdHocCommands    *self,
                                                 const char            *node,
                                                 SleekAdHocAccessFunc   func,
                                                 gpointer               user_data,
                                                 GDestroyNotify         destroy);
SLEEK_AVAILABLE_IN_ALL
GStrv      sleek_ad_hoc_commands_list_commands  (SleekAdHocCommands    *self);
SLEEK_AVAILABLE_IN_ALL
guint      sleek_ad_hoc_commands_get_session_timeout (SleekAdHocCommands *self);
SLEEK_AVAILABLE_IN_ALL
void       sleek_ad_hoc_commands_set_session_timeout (SleekAdHocCommands *self,
                                                      guint               seconds);
SLEEK_AVAILABLE_IN_ALL
guint      sleek_ad_hoc_commands_get_n_sessions (SleekAdHocCommands    *self);

/* Other entities' commands */
SLEEK_AVAILABLE_IN_ALL
void       sleek_ad_hoc_commands_get_commands_async  (SleekAdHocCommands   *self,
                                                      SleekJid             *jid,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
GPtrArray *sleek_ad_hoc_commands_get_commands_finish (SleekAdHocCommands   *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
SLEEK_AVAILABLE_IN_ALL
void       sleek_ad_hoc_commands_start_async  (SleekAdHocCommands   *self,
                                               SleekJid             *jid,
                                               const char           *node,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekAdHocSession *sleek_ad_hoc_commands_start_finish (SleekAdHocCommands *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
