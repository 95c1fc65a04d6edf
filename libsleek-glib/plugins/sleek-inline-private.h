/* sleek-inline-private.h: what SASL2 (XEP-0388) and Bind2 (XEP-0386) do
 * inline for the plugins of stream management, carbons and client state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-client-xmpp-private.h"
#include "sleek-xep-0198-stream-management.h"
#include "sleek-xep-0280-carbons.h"
#include "sleek-xep-0352-client-state.h"

G_BEGIN_DECLS

/* XEP-0198: the <resume/> for the session to resume (NULL: none), and the
 * <enable/> to ask for (NULL: enabled already). */
char       *sleek_stream_management_inline_resume  (SleekStreamManagement      *self);
char       *sleek_stream_management_inline_enable  (SleekStreamManagement      *self);
/* The server's <resumed/> or <failed/> to the inline <resume/>; FALSE
 * with @error when the resumed session is broken. */
gboolean    sleek_stream_management_inline_resumed (SleekStreamManagement      *self,
                                                    SleekClientXmpp            *client,
                                                    SleekNode                  *answer,
                                                    GError                    **error);
/* The server's <enabled/> or <failed/> in Bind2's <bound/>. */
void        sleek_stream_management_inline_enabled (SleekStreamManagement      *self,
                                                    SleekNode                  *answer);

/* XEP-0280: carbons were enabled with Bind2. */
void        sleek_carbons_inline_enabled           (SleekCarbons               *self);

/* XEP-0352: the state element to bind with (the server offers CSI). */
const char *sleek_client_state_indication_inline_state (SleekClientStateIndication *self);

G_END_DECLS
