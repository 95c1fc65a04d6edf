/* sleek-bosh-private.h: the client side of a BOSH session (XEP-0124, XEP-0206)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-private.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SLEEK_NS_BOSH  "http://jabber.org/protocol/httpbind"
#define SLEEK_NS_XBOSH "urn:xmpp:xbosh"

#define SLEEK_TYPE_BOSH_SESSION (sleek_bosh_session_get_type ())
G_DECLARE_FINAL_TYPE (SleekBoshSession, sleek_bosh_session, SLEEK, BOSH_SESSION, GObject)

/* A session with the connection manager at @url for the XMPP domain @to.
 * It keeps requests open at the connection manager (up to the number it
 * allows) so that it can push to us, sends what is queued with
 * sleek_bosh_session_send() in the next request, hands over the responses
 * in the order of their request ids, and resends a request whose HTTP
 * exchange failed (a few times) under the same id.
 *
 * Signals:
 *   "stream-start" (SleekNode *body): the session was created (the
 *     elements that came with it follow), or sleek_bosh_session_restart()
 *     asked for a new stream (every element handed over after it belongs
 *     to the new one); @body holds the connection manager's attributes
 *     from the creation of the session.
 *   "element" (SleekNode *element): one element the server sent, in order.
 *   "ended" (GError *error): the session is over; @error is NULL after
 *     sleek_bosh_session_terminate(), else why (a terminal binding
 *     condition in SLEEK_STREAM_ERROR, an HTTP status, a network error).
 *   "accept-certificate" (GTlsCertificate *, GTlsCertificateFlags) ->
 *     gboolean: as GTlsConnection's, for an https:// URL. */
SleekBoshSession *sleek_bosh_session_new        (const char        *url,
                                                 const char        *to,
                                                 SoupSession       *session);

/* Creates the session: the first request. "stream-start" follows. */
void              sleek_bosh_session_start      (SleekBoshSession  *self);
/* Queues @xml (complete elements, each with its namespace declared) for
 * the next request. */
void              sleek_bosh_session_send       (SleekBoshSession  *self,
                                                 const char        *xml);
/* Asks for a new stream (after SASL), XEP-0206 section 7. */
void              sleek_bosh_session_restart    (SleekBoshSession  *self);
/* Pauses the session for @seconds (at most the connection manager's
 * maxpause): no request until sleek_bosh_session_resume(). FALSE with
 * @error when the connection manager does not allow it. */
gboolean          sleek_bosh_session_pause      (SleekBoshSession  *self,
                                                 guint              seconds,
                                                 GError           **error);
void              sleek_bosh_session_resume     (SleekBoshSession  *self);
/* Ends the session, sending @xml (may be NULL) with the last request;
 * "ended" follows with no error. */
void              sleek_bosh_session_terminate  (SleekBoshSession  *self,
                                                 const char        *xml);
/* Drops the session at once, without telling the connection manager. */
void              sleek_bosh_session_abort      (SleekBoshSession  *self);

void              sleek_bosh_session_set_wait   (SleekBoshSession  *self,
                                                 guint              seconds);
void              sleek_bosh_session_set_lang   (SleekBoshSession  *self,
                                                 const char        *lang);
void              sleek_bosh_session_set_tls_database (SleekBoshSession *self,
                                                       GTlsDatabase     *database);
const char       *sleek_bosh_session_get_sid    (SleekBoshSession  *self);
/* How many requests the connection manager lets us keep open (its
 * `requests`), known once the session is created. */
guint             sleek_bosh_session_get_requests (SleekBoshSession *self);
/* Requests now waiting at the connection manager (for tests). */
guint             sleek_bosh_session_get_n_in_flight (SleekBoshSession *self);

G_END_DECLS
