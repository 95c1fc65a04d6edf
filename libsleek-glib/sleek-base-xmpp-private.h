/* sleek-base-xmpp-private.h: what the client layers need of SleekBaseXmpp
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

G_BEGIN_DECLS

/* A session resumed with stream management (XEP-0198) goes on: marks it
 * started again, without emitting "session-start" (the application's
 * state from the first start still holds); the stream management plugin
 * emits its own "resumed". */
void sleek_base_xmpp_resume_session (SleekBaseXmpp *self);

G_END_DECLS
