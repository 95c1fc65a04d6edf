/* test-vala.vala: the generated sleek-glib-1.0.vapi, used from Vala
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Builds a message, parses JIDs (a bad one throws), and drives a
 * Sleek.XmlStream through a Sleek.TestStream with a stanza-path handler
 * that answers pings. Prints TAP; exits 1 when a case fails.
 */

int failures = 0;
int number = 0;

void report (bool ok, string name, string? diagnostic = null)
{
  number++;
  print ("%sok %d - %s\n", ok ? "" : "not ", number, name);
  if (!ok) {
    failures++;
    if (diagnostic != null)
      print ("# %s\n", diagnostic);
  }
}

void test_message ()
{
  var msg = new Sleek.Message ();
  msg.set_body ("Hello from Vala");
  msg.set_string ("type", "chat");
  string xml = "";
  Sleek.Stanza? again = null;
  try {
    msg.set_to (new Sleek.Jid ("juliet@example.com"));
    xml = msg.to_string ();
    again = Sleek.Stanza.parse (xml);
  } catch (Error e) {
    report (false, "message", e.message);
    return;
  }
  var back = again as Sleek.Message;
  report (back != null && back.get_body () == "Hello from Vala" &&
          back.get_string ("type") == "chat" &&
          back.get_to ().to_string () == "juliet@example.com",
          "message", xml);
}

void test_jid ()
{
  try {
    var jid = new Sleek.Jid ("Romeo@Example.net/orchard");
    report (jid.get_local () == "romeo" && jid.get_domain () == "example.net" &&
            jid.get_resource () == "orchard" && jid.get_bare () == "romeo@example.net",
            "jid parts", jid.to_string ());
  } catch (Error e) {
    report (false, "jid parts", e.message);
  }

  try {
    new Sleek.Jid ("romeo@");
    report (false, "invalid jid throws", "no error");
  } catch (Error e) {
    report (e.domain == Sleek.JidError.quark (), "invalid jid throws", e.message);
  }
}

void test_stream_handler ()
{
  var peer = new Sleek.TestStream ();
  var stream = new Sleek.XmlStream ();
  var pings = 0;

  try {
    peer.start (stream, null);
  } catch (Error e) {
    report (false, "test stream handler", e.message);
    return;
  }
  stream.add_handler (new Sleek.Matcher.stanza_path ("iq@type=get/{urn:xmpp:ping}ping"),
                      Sleek.HandlerFlags.NONE,
                      (s, stanza) => {
                        pings++;
                        s.send (stanza.reply (true));
                      });
  peer.recv ("<iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>");
  try {
    var answered = peer.expect_send ("<iq type='result' id='p1' to='example.com'/>");
    report (answered && pings == 1, "test stream handler", "pings: %d".printf (pings));
  } catch (Error e) {
    report (false, "test stream handler", e.message);
  }
  stream.abort ();
  peer.close ();
}

int main (string[] args)
{
  print ("1..4\n");
  test_message ();
  test_jid ();
  test_stream_handler ();
  return failures == 0 ? 0 : 1;
}
