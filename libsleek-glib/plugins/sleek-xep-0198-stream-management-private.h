/* sleek-xep-0198-stream-management-private.h: what the saved state of
 * stream management (sleek-xep-0198-state.c) reaches in the plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"
#include "sleek-xep-0198-stream-management.h"

G_BEGIN_DECLS

/* A resumable session, apart from any connection. */
typedef struct {
  char *id;
  char *location;      /* nullable */
  SleekJid *jid;       /* the full JID bound */
  guint32 handled;     /* stanzas received */
  guint32 acked;       /* our stanzas the server acknowledged */
  GPtrArray *unacked;  /* SleekStanza sent after those */
  GPtrArray *held;     /* SleekStanza waiting for the resumption */
} SleekSmSession;

void     sleek_sm_session_clear (SleekSmSession *session);

/* Copies @self's resumable session into @session; FALSE when there is
 * none. */
gboolean sleek_stream_management_peek_session  (SleekStreamManagement *self,
                                                SleekSmSession        *session);
/* Makes @session (its contents are referenced, not stolen) the session
 * the next connection of @self's client resumes. */
gboolean sleek_stream_management_adopt_session (SleekStreamManagement *self,
                                                SleekSmSession        *session,
                                                GError               **error);

G_END_DECLS
