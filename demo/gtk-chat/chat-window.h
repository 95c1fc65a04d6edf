/* chat-window.h: the window of the GTK chat demo
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CHAT_TYPE_WINDOW (chat_window_get_type ())

G_DECLARE_FINAL_TYPE (ChatWindow, chat_window, CHAT, WINDOW, AdwApplicationWindow)

ChatWindow *chat_window_new (GtkApplication *application);

G_END_DECLS
