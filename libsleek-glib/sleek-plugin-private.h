/* sleek-plugin-private.h: what the stream and the built-in plugins share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* Called by SleekBaseXmpp. */
void sleek_plugins_session_bind (SleekBaseXmpp *xmpp,
                                 SleekJid      *jid);
void sleek_plugins_end_all      (SleekBaseXmpp *xmpp);

/* plugins/sleek-plugins.c: registers the built-in plugins once. */
void sleek_plugins_ensure_builtin (void);

/* Adds to the registry without registering the built-ins first. */
void sleek_plugin_register_builtin (GType               type,
                                    const char         *name,
                                    const char         *description,
                                    const char * const *dependencies);

/* Returns SLEEK_PLUGIN_ERROR_FAILED to @task and %TRUE when @self is not
 * enabled on a stream; %FALSE, leaving @task alone, when it is. */
gboolean sleek_plugin_task_return_if_disabled (SleekPlugin *self,
                                               GTask       *task);

/* For the built-in plugins' queries: sends an IQ get carrying an empty
 * <@element xmlns='@ns'/> to @jid (our server when NULL), the answer going
 * to @answered with @task (transfer full) as its user data; returns an
 * error to @task instead when @self is not enabled. */
void sleek_plugin_send_query (SleekPlugin         *self,
                              GTask               *task,
                              SleekJid            *jid,
                              const char          *element,
                              const char          *ns,
                              guint                timeout_ms,
                              GAsyncReadyCallback  answered);

/* Sends an IQ of @type carrying @payload to @to (our own account when
 * NULL), the answer going to @answered with @task (transfer full) as its
 * user data; returns an error to @task instead when @self is not
 * enabled. */
void sleek_plugin_send_request (SleekPlugin         *self,
                                GTask               *task,
                                const char          *type,
                                const char          *to,
                                SleekNode           *payload,
                                guint                timeout_ms,
                                GAsyncReadyCallback  answered);

/* plugins/sleek-plugins.c, for the built-in plugins that send a data
 * form: a copy of @form's element, a submit form (as
 * sleek_data_form_make_submit() makes it unless it is one) whose
 * FORM_TYPE is @form_type unless it names one. */
SleekNode *sleek_plugin_form_to_submit  (SleekDataForm *form,
                                         const char    *form_type);
/* plugins/sleek-plugins.c: the answer to a request sent with @task
 * (transfer full) as its user data; @task returns TRUE when it is a
 * result, the error otherwise. */
void       sleek_plugin_return_answered (GObject       *source,
                                         GAsyncResult  *result,
                                         gpointer       user_data);

/* plugins/sleek-plugins.c: the xep_0030 plugin of @self's stream, or NULL
 * when @self is not enabled or xep_0030 is not. */
SleekDisco *sleek_plugin_get_disco (SleekPlugin *self);

/* plugins/sleek-plugins.c, for the built-in plugins that answer and
 * advertise a namespace. The disco feature calls do nothing when xep_0030
 * is not enabled on the plugin's stream. */
void sleek_plugin_advertise  (SleekPlugin      *self,
                              const char       *feature);
void sleek_plugin_withdraw   (SleekPlugin      *self,
                              const char       *feature);
/* Answers IQ gets carrying <@element xmlns='@ns'/> with @func (its user
 * data the plugin; the handler goes when the plugin ends) and advertises
 * @ns. */
void sleek_plugin_answer_get (SleekPlugin      *self,
                              const char       *element,
                              const char       *ns,
                              SleekHandlerFunc  func);

/* Hands every incoming message to @func (its user data the plugin; the
 * handler goes when the plugin ends). */
void sleek_plugin_handle_messages (SleekPlugin      *self,
                                   SleekHandlerFunc  func);
/* Gives @stanza a new random UUID as its id when it has none, for the
 * plugins whose answers name a message by its id. */
void sleek_plugin_ensure_id      (SleekStanza      *stanza);

/* For the message plugins. The XEP-0428 namespace. */
#define SLEEK_NS_FALLBACK "urn:xmpp:fallback:0"

/* @stanza as a message worth reporting: NULL when it is not a message, is
 * an error or has no sender. */
SleekMessage *sleek_plugin_incoming_message (SleekStanza *stanza);
/* The non-empty @attribute of the first <@name xmlns='@ns'/> child of
 * @message, or NULL. */
const char   *sleek_plugin_get_child_attribute (SleekMessage *message,
                                                const char   *name,
                                                const char   *ns,
                                                const char   *attribute);
/* Replaces every <@name xmlns='@ns'/> child of @message with one whose
 * id is @id; only removes them when @id is NULL. Returns the new child. */
SleekNode    *sleek_plugin_set_child_id (SleekMessage *message,
                                         const char   *name,
                                         const char   *ns,
                                         const char   *id);
/* A message of @type to @to with a new id, to send on @self's stream;
 * NULL with an error when @self is not enabled or @id (the
 * id of the message it names, when not NULL) is empty. */
SleekMessage *sleek_plugin_new_message  (SleekPlugin      *self,
                                         SleekJid         *to,
                                         SleekMessageType  type,
                                         const char       *id,
                                         GError          **error);
/* Adds <fallback xmlns='urn:xmpp:fallback:0' for='@for_ns'/> to @message
 * and returns it. */
SleekNode    *sleek_plugin_add_fallback (SleekMessage *message,
                                         const char   *for_ns);
/* Sends @message on @self's stream and returns it. */
SleekMessage *sleek_plugin_send_message (SleekPlugin  *self,
                                         SleekMessage *message);
/* For the plugins whose messages name another message by the id of a
 * <@name xmlns='@ns'/>: a signal @signal_name (a message and that id) on
 * @type, and emitting it for every such incoming message worth
 * reporting (until the plugin ends). */
guint         sleek_plugin_new_reference_signal (GType       type,
                                                 const char *signal_name);
void          sleek_plugin_report_references    (SleekPlugin *self,
                                                 const char  *name,
                                                 const char  *ns,
                                                 guint        signal_id);
/* Adds <store xmlns='urn:xmpp:hints'/> to @message. */
void          sleek_plugin_add_store_hint (SleekMessage *message);

/* plugins/sleek-xep-0198-stream-management.c, for the unit tests of
 * wrap-around: the counts of a session with nothing unacknowledged go on
 * from @handled and @acked. */
void sleek_stream_management_set_counts (SleekStreamManagement *self,
                                         guint32                handled,
                                         guint32                acked);

G_END_DECLS
