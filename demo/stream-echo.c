/* stream-echo.c: a message echo on a SleekXmlStream, played against the
 * scripted peer of SleekTestStream (no server needed)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

static void
echo (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);

  sleek_stanza_set_string (reply, "body", sleek_stanza_get_string (stanza, "body"));
  sleek_xml_stream_send (stream, reply);
}

int
main (void)
{
  g_autoptr(SleekTestStream) server = sleek_test_stream_new ();
  g_autoptr(SleekXmlStream) stream = sleek_xml_stream_new ();
  g_autoptr(SleekMatcher) chat = sleek_matcher_new_stanza_path ("message@type=chat/body");
  g_autoptr(SleekNode) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  sleek_xml_stream_add_handler (stream, chat, SLEEK_HANDLER_NONE, echo, NULL, NULL);
  if (!sleek_test_stream_start (server, stream, NULL, &error))
    goto fail;

  sleek_test_stream_recv (server, "<message type='chat' from='juliet@example.com/balcony' "
                                  "to='romeo@example.net/orchard' id='m1'>"
                                  "<body>Wherefore art thou, Romeo?</body></message>");
  if ((sent = sleek_test_stream_next_send (server, &error)) == NULL)
    goto fail;
  xml = sleek_node_to_string (sent);
  g_print ("%s\n", xml);
  /* The echo goes back to Juliet with her words. */
  return g_strcmp0 (sleek_node_get_attribute (sent, "to"), "juliet@example.com/balcony") == 0 &&
         g_strcmp0 (sleek_node_get_child_text (sent, "body", NULL), "Wherefore art thou, Romeo?") == 0 ? 0 : 1;

fail:
  g_printerr ("stream-echo: %s\n", error->message);
  return 1;
}
