/* sleek-xep-0045-muc-private.h: what the other built-in plugins use of
 * the MUC plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* The room no longer has us, although no presence said so (a XEP-0410
 * self-ping found out): with @rejoin the room joins again under the same
 * nickname and password, the plugin keeping it; otherwise the plugin
 * forgets it. Either way it is no longer joined. */
void sleek_muc_room_lost (SleekMucRoom *room,
                          gboolean      rejoin);

G_END_DECLS
