/* self-test.h: the GTK chat demo checks itself against an echo bot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "chat-window.h"

G_BEGIN_DECLS

void chat_self_test_start  (ChatWindow *window,
                            const char *contact,
                            const char *requester,
                            const char *screenshot);
int  chat_self_test_status (void);

G_END_DECLS
