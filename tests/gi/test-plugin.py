#!/usr/bin/python3
# test-plugin.py: a plugin written in Python, on top of xep_0030
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, GObject, Sleek

import taptest

OWN = 'juliet@example.com/balcony'
ROMEO = 'romeo@example.net/orchard'
NS_ECHO = 'urn:test:py-echo'
INFO = 'http://jabber.org/protocol/disco#info'
ITEMS = 'http://jabber.org/protocol/disco#items'
STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'


class Xmpp(Sleek.BaseXmpp):
    __gtype_name__ = 'PyPluginTestXmpp'


class Echo(Sleek.Plugin):
    """Adds a disco feature and answers IQs of its own namespace."""
    __gtype_name__ = 'PyEchoPlugin'

    greeting = GObject.Property(type=str, default='hello')

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.events = []

    def do_plugin_init(self, xmpp):
        disco = xmpp.get_plugin('xep_0030')
        disco.add_feature(NS_ECHO, None)
        matcher = Sleek.Matcher.new_xml_mask(
            "<iq type='get'><query xmlns='%s'/></iq>" % NS_ECHO)
        self.add_handler(matcher, Sleek.HandlerFlags.NONE, self.on_echo)
        self.events.append('init')

    def do_plugin_end(self):
        self.get_xmpp().get_plugin('xep_0030').remove_feature(NS_ECHO, None)
        self.events.append('end')

    def do_session_bind(self, jid):
        self.events.append('bind ' + jid.to_string())

    def on_echo(self, stream, stanza):
        reply = stanza.reply(True)
        query = Sleek.Node.new('query', NS_ECHO)
        query.set_text(self.props.greeting)
        reply.set_payload(query)
        stream.send(reply)


Sleek.Plugin.register_type(Echo.__gtype__, 'py_echo', 'Echoes from Python', ['xep_0030'])


class PluginTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))

    def tearDown(self):
        self.xmpp.abort()
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def expect_send(self, xml):
        self.assertTrue(self.peer.expect_send(xml))

    def test_registry(self):
        names = Sleek.Plugin.list_names()
        self.assertIn('xep_0030', names)
        self.assertIn('py_echo', names)
        self.assertEqual(Sleek.Plugin.lookup_type('py_echo'), Echo.__gtype__)
        self.assertEqual(Sleek.Plugin.lookup_type('xep_0030'), Sleek.Disco.__gtype__)

    def test_register_disco(self):
        self.assertTrue(self.xmpp.register_plugin('xep_0030'))
        disco = self.xmpp.get_plugin('xep_0030')
        self.assertIsInstance(disco, Sleek.Disco)
        self.assertEqual(disco.get_name(), 'xep_0030')
        self.assertTrue(disco.props.use_cache)

    def test_every_builtin(self):
        # Every built-in plugin (a Sleek type) enables from Python, then is
        # removed again, dependents first.
        builtins = [n for n in Sleek.Plugin.list_names()
                    if GObject.type_name(Sleek.Plugin.lookup_type(n)).startswith('Sleek')]
        self.assertTrue({'xep_0030', 'xep_0092', 'xep_0199'} <= set(builtins), builtins)
        for name in builtins:
            self.assertTrue(self.xmpp.register_plugin(name), name)
            plugin = self.xmpp.get_plugin(name)
            self.assertEqual(plugin.get_name(), name)
            self.assertEqual(plugin.__gtype__, Sleek.Plugin.lookup_type(name))
        enabled = [p.get_name() for p in self.xmpp.list_plugins()]
        self.assertEqual(set(enabled), set(builtins))
        for name in reversed(enabled):
            self.assertTrue(self.xmpp.remove_plugin(name), name)
        self.assertEqual(self.xmpp.list_plugins(), [])

    def test_errors(self):
        with self.assertRaises(GLib.Error) as cm:
            self.xmpp.register_plugin('xep_9999')
        self.assertTrue(cm.exception.matches(Sleek.plugin_error_quark(), Sleek.PluginError.UNKNOWN))

    def test_python_plugin(self):
        self.assertTrue(self.xmpp.register_plugin('py_echo'))
        echo = self.xmpp.get_plugin('py_echo')
        self.assertIsInstance(echo, Echo)
        self.assertEqual([p.get_name() for p in self.xmpp.list_plugins()], ['xep_0030', 'py_echo'])
        self.assertEqual(echo.events, ['init', 'bind ' + OWN])
        self.assertEqual(echo.get_dependencies(), ['xep_0030'])
        echo.props.greeting = 'bonjour'

        self.peer.recv("<iq type='get' id='e1' from='%s'><query xmlns='%s'/></iq>" % (ROMEO, NS_ECHO))
        self.expect_send("<iq type='result' id='e1' to='%s'><query xmlns='%s'>bonjour</query></iq>"
                         % (ROMEO, NS_ECHO))
        self.peer.recv("<iq type='get' id='d1' from='%s'><query xmlns='%s'/></iq>" % (ROMEO, INFO))
        self.expect_send("<iq type='result' id='d1' to='%s'><query xmlns='%s'>"
                         "<identity category='client' type='pc'/><feature var='%s'/><feature var='%s'/><feature var='%s'/></query></iq>"
                         % (ROMEO, INFO, INFO, ITEMS, NS_ECHO))

        self.assertTrue(self.xmpp.remove_plugin('py_echo'))
        self.assertEqual(echo.events, ['init', 'bind ' + OWN, 'end'])
        self.assertIsNone(echo.get_xmpp())
        self.peer.recv("<iq type='get' id='e2' from='%s'><query xmlns='%s'/></iq>" % (ROMEO, NS_ECHO))
        self.expect_send("<iq type='error' id='e2' to='%s'><error type='cancel'>"
                         "<service-unavailable xmlns='%s'/></error></iq>" % (ROMEO, STANZAS))
        info = self.xmpp.get_plugin('xep_0030').get_local_info(None)
        self.assertNotIn(NS_ECHO, info.get_features())

    def test_get_info(self):
        self.xmpp.register_plugin('xep_0030')
        disco = self.xmpp.get_plugin('xep_0030')
        results = []
        disco.get_info_async(Sleek.Jid.new(ROMEO), None, None,
                             lambda d, res: results.append(d.get_info_finish(res)))
        sent = self.peer.next_send()
        self.peer.recv("<iq type='result' id='%s' from='%s'><query xmlns='%s'>"
                       "<identity category='client' type='pc'/><feature var='urn:xmpp:ping'/>"
                       "</query></iq>" % (sent.get_attribute('id'), ROMEO, INFO))
        ctx = GLib.MainContext.default()
        while not results:
            ctx.iteration(True)
        info = results[0]
        self.assertTrue(info.has_feature('urn:xmpp:ping'))
        self.assertEqual(info.get_features(), ['urn:xmpp:ping'])
        self.assertEqual([(i.get_category(), i.get_id_type()) for i in info.get_identities()],
                         [('client', 'pc')])


if __name__ == '__main__':
    taptest.main()
