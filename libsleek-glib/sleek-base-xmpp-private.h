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
/* Whether @stanza comes from our own account: no from, our bare JID or
 * our server; as the roster pushes, for the other pushes of the server. */
gboolean sleek_base_xmpp_is_from_account (SleekBaseXmpp *self,
                                          SleekStanza   *stanza);
/* Answers the request @request with the error @code. */
void     sleek_base_xmpp_send_error_reply (SleekBaseXmpp    *self,
                                           SleekStanza      *request,
                                           SleekStanzaError  code);

G_END_DECLS
