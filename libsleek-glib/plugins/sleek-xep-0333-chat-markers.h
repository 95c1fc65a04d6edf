/* sleek-xep-0333-chat-markers.h: XEP-0333 Displayed Markers
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
#include <sleek/sleek-message.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_CHAT_MARKERS:
 *
 * The namespace of XEP-0333 chat markers, `urn:xmpp:chat-markers:0`.
 */
#define SLEEK_NS_CHAT_MARKERS "urn:xmpp:chat-markers:0"

/**
 * SleekChatMarker:
 * @SLEEK_CHAT_MARKER_NONE: no marker
 * @SLEEK_CHAT_MARKER_RECEIVED: `<received/>`: the message reached the
 *   recipient's client
 * @SLEEK_CHAT_MARKER_DISPLAYED: `<displayed/>`: the recipient saw the
 *   message, and every message before it
 * @SLEEK_CHAT_MARKER_ACKNOWLEDGED: `<acknowledged/>`: the recipient acted
 *   on the message
 *
 * A XEP-0333 chat marker.
 */
typedef enum {
  SLEEK_CHAT_MARKER_NONE,
  SLEEK_CHAT_MARKER_RECEIVED,
  SLEEK_CHAT_MARKER_DISPLAYED,
  SLEEK_CHAT_MARKER_ACKNOWLEDGED,
} SleekChatMarker;

#define SLEEK_TYPE_CHAT_MARKER (sleek_chat_marker_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_chat_marker_get_type (void) G_GNUC_CONST;

SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_message_get_markable   (SleekMessage    *message);
SLEEK_AVAILABLE_IN_ALL
void            sleek_message_set_markable   (SleekMessage    *message,
                                              gboolean         markable);
SLEEK_AVAILABLE_IN_ALL
SleekChatMarker sleek_message_get_chat_marker (SleekMessage   *message,
                                               const char    **id);
SLEEK_AVAILABLE_IN_ALL
void            sleek_message_set_chat_marker (SleekMessage   *message,
                                               SleekChatMarker marker,
                                               const char     *id);

#define SLEEK_TYPE_CHAT_MARKERS (sleek_chat_markers_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekChatMarkers, sleek_chat_markers, SLEEK, CHAT_MARKERS, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean sleek_chat_markers_get_auto_markable (SleekChatMarkers *self);
SLEEK_AVAILABLE_IN_ALL
void     sleek_chat_markers_set_auto_markable (SleekChatMarkers *self,
                                               gboolean          auto_markable);
SLEEK_AVAILABLE_IN_ALL
gboolean sleek_chat_markers_send_marker       (SleekChatMarkers *self,
                                               SleekMessage     *message,
                                               SleekChatMarker   marker,
                                               GError          **error);

G_END_DECLS
