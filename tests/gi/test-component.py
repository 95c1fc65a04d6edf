#!/usr/bin/python3
# test-component.py: Sleek.ComponentXmpp from Python, against a scripted server
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import hashlib
import unittest

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek

import taptest

HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
          "xmlns:stream='http://etherx.jabber.org/streams' from='echo.example.com' id='ab12'>")


class ComponentTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.component = Sleek.ComponentXmpp.new('echo.example.com', 'secret', '127.0.0.1', 5347)
        self.results = []
        self.component.connect_stream_async(self.peer.get_io_stream(), None,
                                            lambda c, r: self.results.append(r))
        self.peer.expect_send("<stream:stream to='echo.example.com'>")
        self.peer.recv(HEADER)
        digest = hashlib.sha1(b'ab12secret').hexdigest()
        self.peer.expect_send("<handshake xmlns='jabber:component:accept'>%s</handshake>" % digest)

    def tearDown(self):
        self.component.abort()
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def finish(self):
        ctx = GLib.MainContext.default()
        deadline = GLib.get_monotonic_time() + 10 * 1000000
        while not self.results and GLib.get_monotonic_time() < deadline:
            ctx.iteration(True)
        self.assertTrue(self.results)
        return self.component.connect_finish(self.results[0])

    def test_handshake_accepted(self):
        self.peer.recv('<handshake/>')
        self.assertTrue(self.finish())
        self.assertEqual(self.component.get_bound_jid().to_string(), 'echo.example.com')

    def test_wrong_secret(self):
        self.peer.recv("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                       "</stream:error></stream:stream>")
        with self.assertRaises(GLib.Error) as raised:
            self.finish()
        self.assertTrue(raised.exception.matches(Sleek.connect_error_quark(),
                                                 Sleek.ConnectError.HANDSHAKE_FAILED))

    def test_echo(self):
        self.peer.recv('<handshake/>')
        self.assertTrue(self.finish())

        def echo(component, message):
            reply = message.reply(message.get_body())
            reply.set_from(message.get_to())
            component.send(reply)

        self.component.connect('message::chat', echo)
        self.peer.recv("<message type='chat' from='juliet@example.com/b' to='bot@echo.example.com' "
                       "id='m1'><body>ping</body></message>")
        sent = self.peer.next_send()
        self.assertEqual(sent.get_attribute('from'), 'bot@echo.example.com')
        self.assertEqual(sent.get_attribute('to'), 'juliet@example.com/b')
        self.assertEqual(sent.get_child_text('body', None), 'ping')


if __name__ == '__main__':
    taptest.main()
