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

/* The answer of type error that failed @result, a result of
 * sleek_base_xmpp_send_iq_async() given to its callback, for the plugins
 * that read conditions of their own beside the stanza error; NULL when
 * the request failed otherwise (or succeeded). Owned by @result. */
SleekIq *sleek_base_xmpp_get_error_answer (GAsyncResult *result);

G_END_DECLS
