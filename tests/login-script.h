/* login-script.h: the server's side of a client login over
 * SleekTestStream, for unit tests of SleekClientXmpp and its stream
 * features
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The script is PLAIN in the clear (the client needs tls-mode NONE and
 * allow-plaintext) for juliet@example.com with the password "secret".
 */
#pragma once

#include <sleek/sleek.h>

#define LOGIN_FEATURES_BIND "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
#define LOGIN_FEATURES_BIND_SM "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>" \
  "<sm xmlns='urn:xmpp:sm:3'/></stream:features>"

/* The next thing @peer gets from the client is @xml. */
void login_expect        (SleekTestStream  *peer,
                          const char       *xml);
/* Starts a login of @client over @peer (its result stored in *@result)
 * and plays the server up to the features after authentication, which
 * are @features. */
void login_authenticate  (SleekClientXmpp  *client,
                          SleekTestStream  *peer,
                          const char       *features,
                          GAsyncResult    **result);
/* Answers the client's bind request with @jid. */
void login_answer_bind   (SleekTestStream  *peer,
                          const char       *jid);
/* Iterates the thread-default context until *@result is set (at most
 * 10 s); the login must have succeeded. */
void login_finish        (SleekClientXmpp  *client,
                          GAsyncResult    **result);
