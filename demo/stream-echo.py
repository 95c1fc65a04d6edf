#!/usr/bin/python3
# stream-echo.py: a message echo on a Sleek.XmlStream, played against the
# scripted peer of Sleek.TestStream (no server needed).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import Sleek


def echo(stream, message):
    # Sleek.Message.reply(body), as SleekXMPP's msg.reply(body)
    stream.send(message.reply(message.get_string('body')))


server = Sleek.TestStream.new()
stream = Sleek.XmlStream.new()
stream.add_handler(Sleek.Matcher.new_stanza_path('message@type=chat/body'),
                   Sleek.HandlerFlags.NONE, echo)
server.start(stream, None)
server.recv("<message type='chat' from='juliet@example.com/balcony' "
            "to='romeo@example.net/orchard' id='m1'>"
            "<body>Wherefore art thou, Romeo?</body></message>")
sent = server.next_send()
print(sent.to_string())
# The echo goes back to Juliet with her words.
assert sent.get_attribute('to') == 'juliet@example.com/balcony'
assert sent.get_child_text('body', None) == 'Wherefore art thou, Romeo?'

