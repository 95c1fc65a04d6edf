/* sleek-xep-0012-last.h: XEP-0012 Last Activity
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
 * SLEEK_NS_LAST:
 *
 * The namespace of XEP-0012 last activity queries.
 */
#define SLEEK_NS_LAST "jabber:iq:last"

#define SLEEK_TYPE_LAST_ACTIVITY (sleek_last_activity_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekLastActivity, sleek_last_activity, SLEEK, LAST_ACTIVITY, SleekPlugin)

/* What we answer */
SLEEK_AVAILABLE_IN_ALL
void        sleek_last_activity_set_idle   (SleekLastActivity *self,
                                            guint64            seconds,
                                            const char        *status);
SLEEK_AVAILABLE_IN_ALL
guint64     sleek_last_activity_get_idle   (SleekLastActivity *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_last_activity_get_status (SleekLastActivity *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_last_activity_set_status (SleekLastActivity *self,
                                            const char        *status);

/* What we ask */
SLEEK_AVAILABLE_IN_ALL
void        sleek_last_activity_get_last_activity_async  (SleekLastActivity   *self,
                                                          SleekJid            *jid,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gint64      sleek_last_activity_get_last_activity_finish (SleekLastActivity   *self,
                                                          GAsyncResult        *result,
                                                          char               **status,
                                                          GError             **error);

G_END_DECLS
