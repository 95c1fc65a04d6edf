/* plugin-test-util.h: a stream with plugins over SleekTestStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sleek/sleek.h>

#define OWN_JID "juliet@example.com/balcony"
#define ROMEO "romeo@example.net/orchard"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

typedef struct {
  GMainContext *ctx;
  SleekTestStream *peer;
  SleekBaseXmpp *xmpp;
} PluginFixture;

SleekJid *pt_jid (const char *text);
/* Parses a <message xmlns='jabber:client'/>; the test fails if it is not one. */
SleekMessage *pt_message (const char *xml);
void pt_setup (PluginFixture *f, gconstpointer data);
void pt_teardown (PluginFixture *f, gconstpointer data);
void pt_recv (PluginFixture *f, const char *xml);
void pt_expect_send (PluginFixture *f, const char *xml);
void pt_expect_silence (PluginFixture *f);
char *pt_expect_send_any_id (PluginFixture *f, const char *format);
/* pt_expect_send_any_id (f, sent), then receives @reply with that id in
 * place of each %s. */
void pt_answer_any_id (PluginFixture *f, const char *sent, const char *reply);
void pt_wait_for (PluginFixture *f, gboolean *flag);
/* Enables the plugin @name on @f (the test fails if that does) and
 * returns it. */
gpointer pt_enable (PluginFixture *f, const char *name);
/* Checks that the plugin @name, enabled on @f, advertises @feature
 * through xep_0030, and stops when it is removed. */
void pt_check_advertised (PluginFixture *f, const char *name, const char *feature);
/* The GAsyncReadyCallback that stores a reference to the result in the
 * GAsyncResult * that user_data points to (cleared first). */
void pt_store_result (GObject *source, GAsyncResult *result, gpointer user_data);
/* Iterates the fixture's context until *@result is set. */
void pt_wait_result (PluginFixture *f, GAsyncResult **result);
