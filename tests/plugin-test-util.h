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
void pt_wait_for (PluginFixture *f, gboolean *flag);
/* The GAsyncReadyCallback that stores a reference to the result in the
 * GAsyncResult * that user_data points to (cleared first). */
void pt_store_result (GObject *source, GAsyncResult *result, gpointer user_data);
/* Iterates the fixture's context until *@result is set. */
void pt_wait_result (PluginFixture *f, GAsyncResult **result);
