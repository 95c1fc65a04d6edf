/* sleek-xep-0198-stream-management.h: XEP-0198 Stream Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_SM:
 *
 * The namespace of XEP-0198 stream management.
 */
#define SLEEK_NS_SM "urn:xmpp:sm:3"

#define SLEEK_TYPE_STREAM_MANAGEMENT (sleek_stream_management_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekStreamManagement, sleek_stream_management, SLEEK, STREAM_MANAGEMENT, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stream_management_get_enabled      (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stream_management_get_resumable    (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stream_management_get_id           (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_stream_management_get_handled      (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_stream_management_get_sent         (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_stream_management_get_unacked      (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
GPtrArray  *sleek_stream_management_dup_unacked_stanzas (SleekStreamManagement *self);

SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stream_management_get_resume       (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stream_management_set_resume       (SleekStreamManagement *self,
                                                      gboolean               resume);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_stream_management_get_max          (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stream_management_set_max          (SleekStreamManagement *self,
                                                      guint                  seconds);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_stream_management_get_ack_interval (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stream_management_set_ack_interval (SleekStreamManagement *self,
                                                      guint                  stanzas);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_stream_management_get_ack_delay    (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stream_management_set_ack_delay    (SleekStreamManagement *self,
                                                      guint                  milliseconds);

SLEEK_AVAILABLE_IN_ALL
void        sleek_stream_management_request_ack      (SleekStreamManagement *self);

/* Saved state: resuming the session in another client or process */
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stream_management_get_location     (SleekStreamManagement *self);
SLEEK_AVAILABLE_IN_ALL
GBytes     *sleek_stream_management_save_state       (SleekStreamManagement *self,
                                                      GError               **error);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stream_management_load_state       (SleekStreamManagement *self,
                                                      GBytes                *state,
                                                      GError               **error);

G_END_DECLS
