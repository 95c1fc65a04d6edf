/* sleek-xep-0382-spoilers.h: XEP-0382 Spoiler messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_SPOILER:
 *
 * The namespace of XEP-0382 Spoiler messages, `urn:xmpp:spoiler:0`.
 */
#define SLEEK_NS_SPOILER "urn:xmpp:spoiler:0"

SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_message_get_spoiler      (SleekMessage *message);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_message_get_spoiler_hint (SleekMessage *message,
                                            const char   *lang);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_add_spoiler      (SleekMessage *message,
                                            const char   *hint,
                                            const char   *lang);
SLEEK_AVAILABLE_IN_ALL
void        sleek_message_remove_spoiler   (SleekMessage *message);

#define SLEEK_TYPE_SPOILERS (sleek_spoilers_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekSpoilers, sleek_spoilers, SLEEK, SPOILERS, SleekPlugin)

G_END_DECLS
