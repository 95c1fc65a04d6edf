/* sleek-xep-0357-push.h: XEP-0357 Push Notifications
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
 * SLEEK_NS_PUSH:
 *
 * The namespace of XEP-0357 push notifications, `urn:xmpp:push:0`.
 */
#define SLEEK_NS_PUSH "urn:xmpp:push:0"

/* <enable/> */

#define SLEEK_TYPE_PUSH_ENABLE_COMMAND (sleek_push_enable_command_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPushEnableCommand, sleek_push_enable_command, SLEEK, PUSH_ENABLE_COMMAND, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekJid        *sleek_push_enable_command_get_jid      (SleekPushEnableCommand *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_push_enable_command_set_jid      (SleekPushEnableCommand *self,
                                                 SleekJid        *jid);
SLEEK_AVAILABLE_IN_ALL
const char      *sleek_push_enable_command_get_node     (SleekPushEnableCommand *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_push_enable_command_set_node     (SleekPushEnableCommand *self,
                                                 const char      *node);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm   *sleek_push_enable_command_get_options  (SleekPushEnableCommand *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_push_enable_command_set_options  (SleekPushEnableCommand *self,
                                                 SleekDataForm   *options);
SLEEK_AVAILABLE_IN_ALL
SleekPushEnableCommand *sleek_stanza_get_push_enable   (SleekStanza     *stanza,
                                                 gboolean         create);

/* <disable/> */

#define SLEEK_TYPE_PUSH_DISABLE_COMMAND (sleek_push_disable_command_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPushDisableCommand, sleek_push_disable_command, SLEEK, PUSH_DISABLE_COMMAND, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekJid         *sleek_push_disable_command_get_jid    (SleekPushDisableCommand *self);
SLEEK_AVAILABLE_IN_ALL
void              sleek_push_disable_command_set_jid    (SleekPushDisableCommand *self,
                                                 SleekJid         *jid);
SLEEK_AVAILABLE_IN_ALL
const char       *sleek_push_disable_command_get_node   (SleekPushDisableCommand *self);
SLEEK_AVAILABLE_IN_ALL
void              sleek_push_disable_command_set_node   (SleekPushDisableCommand *self,
                                                 const char       *node);
SLEEK_AVAILABLE_IN_ALL
SleekPushDisableCommand *sleek_stanza_get_push_disable (SleekStanza      *stanza,
                                                 gboolean          create);

/* The plugin */

#define SLEEK_TYPE_PUSH (sleek_push_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPush, sleek_push, SLEEK, PUSH, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void     sleek_push_enable_async   (SleekPush            *self,
                                    SleekJid             *jid,
                                    const char           *node,
                                    SleekDataForm        *options,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_push_enable_finish  (SleekPush            *self,
                                    GAsyncResult         *result,
                                    GError              **error);
SLEEK_AVAILABLE_IN_ALL
void     sleek_push_disable_async  (SleekPush            *self,
                                    SleekJid             *jid,
                                    const char           *node,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_push_disable_finish (SleekPush            *self,
                                    GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
