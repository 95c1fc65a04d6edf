/* sleek-xep-0199-ping.h: XEP-0199 XMPP Ping
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
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_PING:
 *
 * The namespace of XEP-0199 pings.
 */
#define SLEEK_NS_PING "urn:xmpp:ping"

#define SLEEK_TYPE_PING (sleek_ping_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekPing, sleek_ping, SLEEK, PING, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean sleek_ping_get_keepalive (SleekPing *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ping_set_keepalive (SleekPing *self,
                                   gboolean   keepalive);
SLEEK_AVAILABLE_IN_ALL
guint    sleek_ping_get_interval  (SleekPing *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ping_set_interval  (SleekPing *self,
                                   guint      seconds);
SLEEK_AVAILABLE_IN_ALL
guint    sleek_ping_get_timeout   (SleekPing *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_ping_set_timeout   (SleekPing *self,
                                   guint      seconds);

SLEEK_AVAILABLE_IN_ALL
void   sleek_ping_ping_async  (SleekPing           *self,
                               SleekJid            *jid,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gint64 sleek_ping_ping_finish (SleekPing           *self,
                               GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
