/* client-util.h: logging SleekClientXmpp sessions in to the private Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Helpers shared by the client integration tests. Everything runs on the
 * thread-default main context of the caller (each test pushes its own),
 * and every wait has a deadline: a missed reply fails the test instead of
 * hanging the run.
 */
#pragma once

#include <sleek/sleek.h>

G_BEGIN_DECLS

/* How long the helpers wait for the server, in seconds. */
#define CLIENT_UTIL_TIMEOUT 20

/* A resource no other test uses: tests share one server. */
char            *client_util_resource        (void);

/* A client for the account @user (juliet, romeo, bot, nurse, admin,
 * benvolio) with a resource of its own, set up for the harness's server:
 * its address and c2s port, the test CA as the only trusted certificate,
 * no keepalive. */
SleekClientXmpp *client_util_new             (const char       *user);

/* A client for @bare_jid (an account of the server) with @password and a
 * resource of its own, set up as client_util_new() sets one up. */
SleekClientXmpp *client_util_new_for_account (const char *bare_jid,
                                              const char *password);

/* Registers a new account no other test uses (XEP-0077) and returns its
 * client, logged in; the bare JID and password come back in @bare_jid
 * and @password when they are not NULL. */
SleekClientXmpp *client_util_new_fresh_account (char **bare_jid,
                                                char **password);
/* Removes @client's account (logged in); the server then closes the
 * stream. */
void             client_util_remove_account  (SleekClientXmpp  *client);

/* Trusts the harness's self-signed certificate, and nothing else. */
void             client_util_trust_test_ca   (SleekClientXmpp  *client);

/* Enables the plugin @name on @client (the test fails if that does) and
 * returns it. */
gpointer         client_util_enable          (SleekClientXmpp  *client,
                                              const char       *name);

/* Connects and waits (at most CLIENT_UTIL_TIMEOUT) for the session. */
gboolean         client_util_login           (SleekClientXmpp  *client,
                                              GError          **error);
/* client_util_new() + client_util_login(); the test fails if the login
 * does. */
SleekClientXmpp *client_util_new_logged_in   (const char       *user);

/* Fetches the roster (so that the server sends roster pushes) and waits. */
void             client_util_fetch_roster    (SleekClientXmpp  *client);

/* Pings the server (enabling xep_0199 on @client when it is not) and
 * waits for the answer: by then the server has handled everything
 * @client sent before. */
void             client_util_ping_server     (SleekClientXmpp  *client);

/* Ends the stream politely and waits until the connection is closed. */
void             client_util_disconnect      (SleekClientXmpp  *client);

/* Runs `prosody-harness COMMAND` (kill, start-again...) on our server,
 * checks it worked and reads the server's values again. Only for the
 * tests of the private list in meson.build, which have a server of their
 * own. */
void             client_util_harness         (const char       *command);

/* Iterates the thread-default context until *@result is set, at most
 * @seconds; the test fails on the deadline. */
void             client_util_wait_result     (GAsyncResult    **result,
                                              double            seconds);

/* The GAsyncReadyCallback that stores a reference to the result in the
 * GAsyncResult * that user_data points to. */
void             client_util_store_result    (GObject          *source,
                                              GAsyncResult     *result,
                                              gpointer          user_data);

/* Iterates the thread-default context for @seconds. */
void             client_util_spin            (double            seconds);

typedef struct _ClientUtilDeadline ClientUtilDeadline;
ClientUtilDeadline *client_util_deadline_new     (double               seconds);
gboolean            client_util_deadline_expired (ClientUtilDeadline  *deadline);
void                client_util_deadline_free    (ClientUtilDeadline  *deadline);

/* Iterates the thread-default context until @cond holds, at most
 * @seconds; on the deadline the test fails, naming the condition. */
#define WAIT_UNTIL(cond, seconds)                                                       \
  G_STMT_START {                                                                        \
    ClientUtilDeadline *_deadline = client_util_deadline_new (seconds);                 \
    GMainContext *_ctx = g_main_context_ref_thread_default ();                          \
    while (!(cond) && !client_util_deadline_expired (_deadline))                        \
      g_main_context_iteration (_ctx, TRUE);                                            \
    client_util_deadline_free (_deadline);                                              \
    g_main_context_unref (_ctx);                                                        \
    if (!(cond))                                                                        \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,                 \
                           "timed out after " #seconds " s waiting for: " #cond);       \
  } G_STMT_END

G_END_DECLS
