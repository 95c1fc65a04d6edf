/* sleek-base-xmpp.h: what every XMPP stream does above XML (SleekXMPP's BaseXMPP)
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
#include <sleek/sleek-node.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-presence.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-roster.h>
#include <sleek/sleek-xml-stream.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_BASE_XMPP (sleek_base_xmpp_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekBaseXmpp, sleek_base_xmpp, SLEEK, BASE_XMPP, SleekXmlStream)

/**
 * SleekBaseXmppClass:
 * @parent_class: the parent class
 * @session_bind: called by [method@Sleek.BaseXmpp.set_bound_jid] with the
 *   JID the server bound, before [signal@Sleek.BaseXmpp::session-start]
 *
 * The class of [class@Sleek.BaseXmpp]. A subclass that overrides the
 * `stanza` or `unhandled` functions of [class@Sleek.XmlStream] must chain
 * up: the base class routes stanzas to its signals and answers unhandled
 * requests there.
 */
struct _SleekBaseXmppClass
{
  SleekXmlStreamClass parent_class;

  void (*session_bind) (SleekBaseXmpp *self,
                        SleekJid      *jid);

  /*< private >*/
  gpointer padding[8];
};

/* Identity and session */
SLEEK_AVAILABLE_IN_ALL
SleekJid      *sleek_base_xmpp_get_jid              (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_set_jid              (SleekBaseXmpp *self,
                                                     SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
SleekJid      *sleek_base_xmpp_get_bound_jid        (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_set_bound_jid        (SleekBaseXmpp *self,
                                                     SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_start_session        (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_base_xmpp_get_session_started  (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
guint          sleek_base_xmpp_get_iq_timeout       (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_set_iq_timeout       (SleekBaseXmpp *self,
                                                     guint          milliseconds);
SLEEK_AVAILABLE_IN_ALL
int            sleek_base_xmpp_get_priority         (SleekBaseXmpp *self);

/* Making and sending stanzas */
SLEEK_AVAILABLE_IN_ALL
SleekMessage  *sleek_base_xmpp_make_message        (SleekBaseXmpp *self,
                                                     const char    *to,
                                                     const char    *body,
                                                     const char    *subject,
                                                     const char    *type);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_send_message        (SleekBaseXmpp *self,
                                                     const char    *to,
                                                     const char    *body,
                                                     const char    *type);
SLEEK_AVAILABLE_IN_ALL
SleekPresence *sleek_base_xmpp_make_presence       (SleekBaseXmpp *self,
                                                     const char    *show,
                                                     const char    *status,
                                                     int            priority,
                                                     const char    *to,
                                                     const char    *type);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_send_presence       (SleekBaseXmpp *self,
                                                     const char    *show,
                                                     const char    *status,
                                                     int            priority,
                                                     const char    *to,
                                                     const char    *type);
SLEEK_AVAILABLE_IN_ALL
SleekIq       *sleek_base_xmpp_make_iq             (SleekBaseXmpp *self,
                                                     const char    *type,
                                                     const char    *to,
                                                     SleekNode     *payload);
SLEEK_AVAILABLE_IN_ALL
char          *sleek_base_xmpp_new_id              (SleekBaseXmpp *self);

/* IQ requests */
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_send_iq_async       (SleekBaseXmpp       *self,
                                                     SleekIq             *iq,
                                                     guint                timeout_ms,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekIq       *sleek_base_xmpp_send_iq_finish      (SleekBaseXmpp       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Roster */
SLEEK_AVAILABLE_IN_ALL
SleekRoster   *sleek_base_xmpp_get_roster          (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_base_xmpp_get_roster_versioning (SleekBaseXmpp *self);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_set_roster_versioning (SleekBaseXmpp *self,
                                                      gboolean       versioning);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_fetch_roster_async  (SleekBaseXmpp       *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
SleekRoster   *sleek_base_xmpp_fetch_roster_finish (SleekBaseXmpp       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_update_roster_item_async  (SleekBaseXmpp       *self,
                                                           SleekJid            *jid,
                                                           const char          *name,
                                                           const char * const  *groups,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_base_xmpp_update_roster_item_finish (SleekBaseXmpp       *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_remove_roster_item_async  (SleekBaseXmpp       *self,
                                                           SleekJid            *jid,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean       sleek_base_xmpp_remove_roster_item_finish (SleekBaseXmpp       *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Subscriptions */
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_subscribe             (SleekBaseXmpp *self,
                                                      SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_unsubscribe           (SleekBaseXmpp *self,
                                                      SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_approve_subscription  (SleekBaseXmpp *self,
                                                      SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_deny_subscription     (SleekBaseXmpp *self,
                                                      SleekJid      *jid);
SLEEK_AVAILABLE_IN_ALL
void           sleek_base_xmpp_preapprove            (SleekBaseXmpp *self,
                                                      SleekJid      *jid);

/* Presence */
SLEEK_AVAILABLE_IN_ALL
GListModel    *sleek_base_xmpp_get_resources       (SleekBaseXmpp *self,
                                                     SleekJid      *jid);

G_END_DECLS
