#!/usr/bin/python3
# test-fortune-plugin.py: the Python plugin of doc/writing-a-plugin.md
# (demo/fortune_plugin.py) over a test stream
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys
import unittest

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Gio, Sleek

import taptest

sys.path.insert(0, os.path.join(os.environ.get('G_TEST_SRCDIR', os.path.dirname(__file__)), '..', '..', 'demo'))
import fortune_plugin  # noqa: E402  (registers py_fortune)

OWN = 'juliet@example.com/balcony'
ROMEO = 'romeo@example.net/orchard'
NS = fortune_plugin.NS_FORTUNE
INFO = 'http://jabber.org/protocol/disco#info'
ITEMS = 'http://jabber.org/protocol/disco#items'
STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'


class Xmpp(Sleek.BaseXmpp):
    __gtype_name__ = 'PyFortuneTestXmpp'


class FortunePluginTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.assertTrue(self.xmpp.register_plugin('py_fortune'))
        self.fortune = self.xmpp.get_plugin('py_fortune')

    def tearDown(self):
        self.xmpp.abort()
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def expect_send(self, xml):
        self.assertTrue(self.peer.expect_send(xml))

    def test_enable(self):
        self.assertIsInstance(self.fortune, fortune_plugin.Fortune)
        self.assertEqual([p.get_name() for p in self.xmpp.list_plugins()], ['xep_0030', 'py_fortune'])
        self.assertEqual(self.fortune.get_description(), 'Fortunes on request')
        self.peer.recv("<iq type='get' id='d1' from='%s'><query xmlns='%s'/></iq>" % (ROMEO, INFO))
        self.expect_send("<iq type='result' id='d1' to='%s'><query xmlns='%s'>"
                         "<identity category='client' type='pc'/><feature var='%s'/><feature var='%s'/>"
                         "<feature var='%s'/></query></iq>" % (ROMEO, INFO, INFO, ITEMS, NS))

    def test_answer(self):
        self.peer.recv("<iq type='get' id='f1' from='%s'><fortune xmlns='%s'/></iq>" % (ROMEO, NS))
        self.expect_send("<iq type='result' id='f1' to='%s'><fortune xmlns='%s'>"
                         "<text>You will write a plugin.</text></fortune></iq>" % (ROMEO, NS))
        self.fortune.props.text = 'Beware of <tags> & ampersands'
        self.peer.recv("<iq type='get' id='f2' from='%s'><fortune xmlns='%s'/></iq>" % (ROMEO, NS))
        self.expect_send("<iq type='result' id='f2' to='%s'><fortune xmlns='%s'>"
                         "<text>Beware of &lt;tags&gt; &amp; ampersands</text></fortune></iq>" % (ROMEO, NS))

    def ask(self, answer):
        """Asks romeo; ANSWER (with %(id)s) answers. Returns the fortune or the GLib.Error."""
        results = []

        def done(plugin, result):
            try:
                results.append(plugin.ask_finish(result))
            except GLib.Error as e:
                results.append(e)

        self.fortune.ask_async(Sleek.Jid.new(ROMEO), None, done)
        sent = self.peer.next_send()
        self.assertEqual(sent.get_attribute('type'), 'get')
        self.assertEqual(sent.get_attribute('to'), ROMEO)
        self.assertIsNotNone(sent.get_child('fortune', NS))
        self.peer.recv(answer % {'id': sent.get_attribute('id')})
        ctx = GLib.MainContext.default()
        deadline = GLib.get_monotonic_time() + 10 * 1000000
        while not results and GLib.get_monotonic_time() < deadline:
            ctx.iteration(False)
        self.assertTrue(results, 'no answer in 10 s')
        return results[0]

    def test_ask(self):
        self.assertEqual(self.ask("<iq type='result' id='%%(id)s' from='%s'><fortune xmlns='%s'>"
                                  "<text>Wherefore art thou?</text></fortune></iq>" % (ROMEO, NS)),
                         'Wherefore art thou?')

    def test_ask_bad_answers(self):
        error = self.ask("<iq type='result' id='%%(id)s' from='%s'/>" % ROMEO)
        self.assertIsInstance(error, GLib.Error)
        self.assertTrue(error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_DATA))
        error = self.ask("<iq type='result' id='%%(id)s' from='%s'><fortune xmlns='%s'/></iq>" % (ROMEO, NS))
        self.assertIsInstance(error, GLib.Error)
        self.assertTrue(error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_DATA))
        error = self.ask("<iq type='error' id='%%(id)s' from='%s'><error type='cancel'>"
                         "<feature-not-implemented xmlns='%s'/></error></iq>" % (ROMEO, STANZAS))
        self.assertIsInstance(error, GLib.Error)
        self.assertTrue(error.matches(Sleek.stanza_error_quark(), Sleek.StanzaError.FEATURE_NOT_IMPLEMENTED))

    def test_remove(self):
        self.assertTrue(self.xmpp.remove_plugin('py_fortune'))
        self.assertIsNone(self.fortune.get_xmpp())
        self.peer.recv("<iq type='get' id='f3' from='%s'><fortune xmlns='%s'/></iq>" % (ROMEO, NS))
        self.expect_send("<iq type='error' id='f3' to='%s'><error type='cancel'>"
                         "<service-unavailable xmlns='%s'/></error></iq>" % (ROMEO, STANZAS))
        info = self.xmpp.get_plugin('xep_0030').get_local_info(None)
        self.assertNotIn(NS, info.get_features())


if __name__ == '__main__':
    taptest.main()
