/* fuzz-stanza.c: stanza parsing, the accessors of what was parsed, and
 * serialising it again
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is one element, as sleek_stanza_parse() takes it. Every
 * built-in stanza plugin is registered first, so messages, presences and
 * IQs get their classes and payloads (delay, forwarded, forms, RSM, OOB,
 * vCard, avatars, disco). The serialised stanza must parse back to an
 * equal element, and so must its copy.
 */
#include "fuzz-common.h"

#include "sleek-private.h"
#include "sleek-plugin-private.h"

#define MAX_PLUGIN_DEPTH 4

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_common_init ();
  sleek_plugins_ensure_builtin ();
  return 0;
}

static void
check_round_trip (SleekStanza *stanza)
{
  g_autofree char *xml = sleek_stanza_to_string (stanza);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) again = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_true (sleek_node_equal (sleek_stanza_get_node (stanza), sleek_stanza_get_node (again)));
  g_assert_true (G_OBJECT_TYPE (again) == G_OBJECT_TYPE (stanza));
}

static void
use_typed (SleekStanza *stanza)
{
  g_autoptr(GError) error = NULL;

  if (SLEEK_IS_MESSAGE (stanza))
    {
      SleekMessage *message = SLEEK_MESSAGE (stanza);

      (void) sleek_message_get_message_type (message);
      (void) sleek_message_get_body (message);
      (void) sleek_message_get_subject (message);
      (void) sleek_message_get_thread (message);
    }
  else if (SLEEK_IS_PRESENCE (stanza))
    {
      SleekPresence *presence = SLEEK_PRESENCE (stanza);

      (void) sleek_presence_get_presence_type (presence);
      (void) sleek_presence_get_show (presence);
      (void) sleek_presence_get_status (presence);
      (void) sleek_presence_get_priority (presence);
    }
  else if (SLEEK_IS_IQ (stanza))
    {
      SleekIq *iq = SLEEK_IQ (stanza);

      (void) sleek_iq_get_iq_type (iq);
      (void) sleek_iq_get_payload (iq);
      (void) sleek_iq_get_query_namespace (iq);
    }
  else if (SLEEK_IS_DELAY (stanza))
    {
      g_autoptr(GDateTime) stamp = sleek_delay_get_stamp (SLEEK_DELAY (stanza), &error);

      /* NULL alone when there is no stamp, with an error when it is bad. */
      if (error != NULL)
        g_assert_null (stamp);
      if (stamp == NULL && error == NULL)
        g_assert_null (sleek_stanza_get_string (stanza, "stamp"));
    }
  else if (SLEEK_IS_FORWARDED (stanza))
    {
      g_autoptr(SleekStanza) inner = sleek_forwarded_get_stanza (SLEEK_FORWARDED (stanza));

      (void) sleek_forwarded_get_delay (SLEEK_FORWARDED (stanza));
      if (inner != NULL)
        check_round_trip (inner);
    }
  else if (SLEEK_IS_RESULT_SET (stanza))
    {
      SleekResultSet *set = SLEEK_RESULT_SET (stanza);

      (void) sleek_result_set_get_max (set);
      (void) sleek_result_set_get_after (set);
      (void) sleek_result_set_get_before (set);
      (void) sleek_result_set_get_index (set);
      (void) sleek_result_set_get_first (set);
      (void) sleek_result_set_get_first_index (set);
      (void) sleek_result_set_get_last (set);
      (void) sleek_result_set_get_count (set);
    }
  else if (SLEEK_IS_OOB_DATA (stanza))
    {
      (void) sleek_oob_data_get_url (SLEEK_OOB_DATA (stanza));
      (void) sleek_oob_data_get_desc (SLEEK_OOB_DATA (stanza));
    }
  else if (SLEEK_IS_VCARD_UPDATE (stanza))
    {
      (void) sleek_vcard_update_get_photo (SLEEK_VCARD_UPDATE (stanza));
    }
}

/* The common accessors, then each plugin that is present, recursively. */
static void
walk (SleekStanza *stanza, guint depth)
{
  g_auto(GStrv) attribs = NULL;
  g_autoptr(GError) stanza_error = NULL;

  (void) sleek_stanza_get_to (stanza);
  (void) sleek_stanza_get_from (stanza);
  (void) sleek_stanza_get_id (stanza);
  (void) sleek_stanza_get_stanza_type (stanza);
  stanza_error = sleek_stanza_get_error (stanza);
  if (stanza_error != NULL)
    g_assert_true (g_utf8_validate (stanza_error->message, -1, NULL));
  use_typed (stanza);

  if (depth >= MAX_PLUGIN_DEPTH)
    return;
  attribs = sleek_stanza_get_plugin_attribs (stanza);
  for (guint i = 0; attribs != NULL && attribs[i] != NULL; i++)
    {
      SleekStanza *plugin = sleek_stanza_get_plugin (stanza, attribs[i], FALSE);

      if (plugin != NULL)
        walk (plugin, depth + 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) stanza = sleek_stanza_parse (xml, &error);
  g_autoptr(SleekStanza) copy = NULL;
  g_autoptr(SleekStanza) reply = NULL;
  g_autoptr(SleekStanza) error_reply = NULL;
  g_autoptr(GError) condition = NULL;

  if (stanza == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  walk (stanza, 0);
  (void) sleek_stanza_match (stanza, "message/body");
  (void) sleek_stanza_match (stanza, "iq@type=error/error@condition=item-not-found");
  (void) sleek_stanza_match (stanza, "presence/delay");
  check_round_trip (stanza);

  copy = sleek_stanza_copy (stanza);
  g_assert_true (sleek_node_equal (sleek_stanza_get_node (stanza), sleek_stanza_get_node (copy)));
  check_round_trip (copy);

  reply = sleek_stanza_reply (stanza, TRUE);
  walk (reply, 0);
  check_round_trip (reply);

  condition = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_BAD_REQUEST, "fuzz");
  error_reply = sleek_stanza_make_error_reply (stanza, condition);
  walk (error_reply, 0);
  check_round_trip (error_reply);
  return 0;
}
