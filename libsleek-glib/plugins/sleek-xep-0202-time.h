/* sleek-xep-0202-time.h: XEP-0202 Entity Time
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
 * SLEEK_NS_TIME:
 *
 * The namespace of XEP-0202 entity time queries.
 */
#define SLEEK_NS_TIME "urn:xmpp:time"

#define SLEEK_TYPE_ENTITY_TIME (sleek_entity_time_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekEntityTime, sleek_entity_time, SLEEK, ENTITY_TIME, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
GDateTime *sleek_entity_time_get_fixed_time  (SleekEntityTime     *self);
SLEEK_AVAILABLE_IN_ALL
void       sleek_entity_time_set_fixed_time  (SleekEntityTime     *self,
                                              GDateTime           *time);

SLEEK_AVAILABLE_IN_ALL
void       sleek_entity_time_get_time_async  (SleekEntityTime     *self,
                                              SleekJid            *jid,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
GDateTime *sleek_entity_time_get_time_finish (SleekEntityTime     *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
