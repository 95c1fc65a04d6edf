/* sleek-xep-0410-muc-self-ping.h: XEP-0410 MUC Self-Ping
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
 * SleekMucSelfPingResult:
 * @SLEEK_MUC_SELF_PING_JOINED: the room still has us: it answered, or
 *   passed the ping on to our client
 * @SLEEK_MUC_SELF_PING_NOT_JOINED: the room no longer has us
 * @SLEEK_MUC_SELF_PING_UNKNOWN: no answer in time, or the room's server
 *   could not be reached: try again later
 *
 * What a self-ping says about our presence in a room.
 */
typedef enum {
  SLEEK_MUC_SELF_PING_JOINED,
  SLEEK_MUC_SELF_PING_NOT_JOINED,
  SLEEK_MUC_SELF_PING_UNKNOWN,
} SleekMucSelfPingResult;

SLEEK_AVAILABLE_IN_ALL
GType sleek_muc_self_ping_result_get_type (void) G_GNUC_CONST;
#define SLEEK_TYPE_MUC_SELF_PING_RESULT (sleek_muc_self_ping_result_get_type ())

#define SLEEK_TYPE_MUC_SELF_PING (sleek_muc_self_ping_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMucSelfPing, sleek_muc_self_ping, SLEEK, MUC_SELF_PING, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
guint    sleek_muc_self_ping_get_interval    (SleekMucSelfPing *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_self_ping_set_interval    (SleekMucSelfPing *self,
                                              guint             seconds);
SLEEK_AVAILABLE_IN_ALL
guint    sleek_muc_self_ping_get_timeout     (SleekMucSelfPing *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_self_ping_set_timeout     (SleekMucSelfPing *self,
                                              guint             seconds);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_muc_self_ping_get_auto_rejoin (SleekMucSelfPing *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_muc_self_ping_set_auto_rejoin (SleekMucSelfPing *self,
                                              gboolean          auto_rejoin);

SLEEK_AVAILABLE_IN_ALL
void                   sleek_muc_self_ping_check_async  (SleekMucSelfPing     *self,
                                                         SleekJid             *occupant,
                                                         guint                 timeout_ms,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
SleekMucSelfPingResult sleek_muc_self_ping_check_finish (SleekMucSelfPing     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
