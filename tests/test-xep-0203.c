/* test-xep-0203.c: XEP-0203 Delayed Delivery
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <string.h>

#define DELAY_NS "urn:xmpp:delay"

typedef struct {
  PluginFixture base;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  pt_setup (&f->base, data);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0203", &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
}

static SleekStanza *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stanza);
  return stanza;
}

static void
check_stamp (SleekDelay *delay, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) stamp = sleek_delay_get_stamp (delay, &error);
  g_autoptr(GDateTime) want = sleek_datetime_parse (expected, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (stamp);
  g_assert_true (g_date_time_equal (stamp, want));
}

static void
check_from (SleekDelay *delay, const char *expected)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (delay));

  g_assert_nonnull (from);
  g_assert_cmpstr (sleek_jid_to_string (from), ==, expected);
}

/* XEP-0203 Example 1: a message delayed by offline storage */
static void
test_offline_message (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) stanza = parse ("<message xmlns='jabber:client' from='romeo@montague.net/orchard' "
                                         "to='juliet@capulet.com' type='chat'>"
                                         "<body>O blessed, blessed night! I am afeard.</body>"
                                         "<delay xmlns='" DELAY_NS "' from='capulet.com' "
                                         "stamp='2002-09-10T23:08:25Z'>Offline Storage</delay></message>");
  SleekStanza *plugin;
  SleekDelay *delay;

  g_assert_true (SLEEK_IS_MESSAGE (stanza));
  plugin = sleek_stanza_get_plugin (stanza, "delay", FALSE);
  g_assert_true (SLEEK_IS_DELAY (plugin));
  delay = sleek_stanza_get_delay (stanza);
  g_assert_true (delay == SLEEK_DELAY (plugin));
  check_stamp (delay, "2002-09-10T23:08:25Z");
  check_from (delay, "capulet.com");
  g_assert_cmpstr (sleek_delay_get_text (delay), ==, "Offline Storage");
  g_assert_cmpstr (sleek_stanza_get_string (plugin, "stamp"), ==, "2002-09-10T23:08:25Z");
}

/* XEP-0203 Example 2: a presence kept by the server */
static void
test_presence (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) stanza = parse ("<presence xmlns='jabber:client' from='juliet@capulet.com/balcony' "
                                         "to='romeo@montague.net'><status>anon!</status><show>xa</show>"
                                         "<priority>1</priority><delay xmlns='" DELAY_NS "' "
                                         "from='juliet@capulet.com/balcony' stamp='2002-09-10T23:41:07Z'/>"
                                         "</presence>");
  SleekDelay *delay;

  g_assert_true (SLEEK_IS_PRESENCE (stanza));
  delay = sleek_stanza_get_delay (stanza);
  g_assert_nonnull (delay);
  check_stamp (delay, "2002-09-10T23:41:07Z");
  check_from (delay, "juliet@capulet.com/balcony");
  g_assert_null (sleek_delay_get_text (delay));
}

/* XEP-0203 Example 3: groupchat history from a room */
static void
test_groupchat_history (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) stanza = parse ("<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/firstwitch' "
                                         "id='162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2' "
                                         "to='hecate@shakespeare.lit/broom' type='groupchat'>"
                                         "<body>Thrice the brinded cat hath mew'd.</body>"
                                         "<delay xmlns='" DELAY_NS "' from='coven@chat.shakespeare.lit' "
                                         "stamp='2002-09-10T23:05:37Z'/></message>");
  SleekDelay *delay = sleek_stanza_get_delay (stanza);

  g_assert_nonnull (delay);
  check_stamp (delay, "2002-09-10T23:05:37Z");
  check_from (delay, "coven@chat.shakespeare.lit");
  g_assert_cmpstr (sleek_message_get_body (SLEEK_MESSAGE (stanza)), ==, "Thrice the brinded cat hath mew'd.");
}

static void
test_build (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekJid) from = pt_jid ("capulet.com");
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GDateTime) when = g_date_time_new (tz, 2002, 9, 10, 18, 8, 25);
  g_autoptr(SleekStanza) parsed = NULL;
  g_autofree char *xml = NULL;
  SleekDelay *delay;

  sleek_message_set_body (message, "hi");
  delay = SLEEK_DELAY (sleek_stanza_get_plugin (SLEEK_STANZA (message), "delay", TRUE));
  sleek_stanza_set_from (SLEEK_STANZA (delay), from);
  sleek_delay_set_stamp (delay, when);
  sleek_delay_set_text (delay, "Offline Storage");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (delay), "stamp"), ==, "2002-09-10T23:08:25Z");

  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_nonnull (strstr (xml, DELAY_NS));
  g_assert_nonnull (strstr (xml, "stamp="));
  parsed = parse (xml);
  delay = sleek_stanza_get_delay (parsed);
  g_assert_nonnull (delay);
  check_stamp (delay, "2002-09-10T23:08:25Z");
  check_from (delay, "capulet.com");
  g_assert_cmpstr (sleek_delay_get_text (delay), ==, "Offline Storage");

  sleek_delay_set_stamp (delay, NULL);
  sleek_delay_set_text (delay, NULL);
  g_assert_null (sleek_stanza_get_string (SLEEK_STANZA (delay), "stamp"));
  g_assert_null (sleek_delay_get_stamp (delay, NULL));
  g_assert_null (sleek_delay_get_text (delay));
}

static void
test_malformed_stamp (Fixture *f, gconstpointer data)
{
  static const char * const bad[] = { "yesterday", "2002-09-10T23:08:25", "20020910T23:08:25", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<message xmlns='jabber:client'><delay xmlns='" DELAY_NS "' "
                                              "stamp='%s'/></message>", bad[i]);
      g_autoptr(SleekStanza) stanza = parse (xml);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) stamp = NULL;
      SleekDelay *delay = sleek_stanza_get_delay (stanza);

      g_assert_nonnull (delay);
      stamp = sleek_delay_get_stamp (delay, &error);
      g_assert_null (stamp);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_absent (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) message = parse ("<message xmlns='jabber:client'><body>now</body></message>");
  g_autoptr(SleekStanza) presence = parse ("<presence xmlns='jabber:client'/>");
  /* A delay in another namespace is not XEP-0203's. */
  g_autoptr(SleekStanza) other = parse ("<message xmlns='jabber:client'><delay xmlns='jabber:x:delay' "
                                        "stamp='20020910T23:08:25'/></message>");
  g_autoptr(SleekStanza) no_stamp = parse ("<message xmlns='jabber:client'><delay xmlns='" DELAY_NS "'/></message>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) stamp = NULL;

  g_assert_null (sleek_stanza_get_delay (message));
  g_assert_null (sleek_stanza_get_plugin (message, "delay", FALSE));
  g_assert_null (sleek_stanza_get_delay (presence));
  g_assert_null (sleek_stanza_get_delay (other));
  g_assert_nonnull (sleek_stanza_get_delay (no_stamp));
  stamp = sleek_delay_get_stamp (sleek_stanza_get_delay (no_stamp), &error);
  g_assert_no_error (error);
  g_assert_null (stamp);
  g_assert_null (sleek_stanza_get_from (SLEEK_STANZA (sleek_stanza_get_delay (no_stamp))));
}

static void
test_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SleekPlugin *plugin = sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0203");

  g_assert_true (SLEEK_IS_DELAYED_DELIVERY (plugin));
  g_assert_cmpstr (sleek_plugin_get_name (plugin), ==, "xep_0203");
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0082"));
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0203", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0203"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0203/offline-message", test_offline_message);
  ADD ("/xep-0203/presence", test_presence);
  ADD ("/xep-0203/groupchat-history", test_groupchat_history);
  ADD ("/xep-0203/build", test_build);
  ADD ("/xep-0203/malformed-stamp", test_malformed_stamp);
  ADD ("/xep-0203/absent", test_absent);
  ADD ("/xep-0203/plugin", test_plugin);

  return g_test_run ();
}
