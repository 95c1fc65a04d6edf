#!/usr/bin/python3
# test-caps.py: XEP-0115 Entity Capabilities from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

OWN = 'juliet@example.com/balcony'
ROMEO = 'romeo@example.net/orchard'
CAPS = 'http://jabber.org/protocol/caps'
INFO = 'http://jabber.org/protocol/disco#info'
ITEMS = 'http://jabber.org/protocol/disco#items'
MUC = 'http://jabber.org/protocol/muc'
EXODUS = 'http://code.google.com/p/exodus'
# XEP-0115 example 5.2
SIMPLE_VER = 'QgayPKawpkPSDYmwT/WM94uAlu0='


class Xmpp(Sleek.BaseXmpp):
    pass


class CapsTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.assertTrue(self.xmpp.register_plugin('xep_0115'))
        self.caps = self.xmpp.get_plugin('xep_0115')
        self.disco = self.xmpp.get_plugin('xep_0030')

    def tearDown(self):
        self.xmpp.abort()
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def test_compute_ver(self):
        self.disco.add_identity(Sleek.DiscoIdentity.new('client', 'pc', 'Exodus 0.9.1', None), 'x')
        for var in (MUC, ITEMS, CAPS, INFO):
            self.disco.add_feature(var, 'x')
        info = self.disco.get_local_info('x')
        self.assertEqual(Sleek.EntityCaps.compute_ver(info, 'sha-1'), SIMPLE_VER)
        with self.assertRaises(GLib.Error) as caught:
            Sleek.EntityCaps.compute_ver(info, 'md5')
        self.assertTrue(caught.exception.matches(Sleek.entity_caps_error_quark(),
                                                 Sleek.EntityCapsError.UNSUPPORTED_HASH))

    def test_properties(self):
        self.assertEqual(self.caps.props.hash, 'sha-1')
        self.assertEqual(self.caps.props.node, 'https://gitlab.gnome.org/sleek-glib')
        self.caps.props.node = 'https://example.org/py'
        self.assertEqual(self.caps.get_node(), 'https://example.org/py')
        self.assertEqual(len(self.caps.get_ver()), 28)

    def test_verify(self):
        seen = []
        self.caps.connect('capabilities-changed', lambda caps, jid, info: seen.append((jid.to_string(), info)))
        self.peer.recv("<presence from='%s'><c xmlns='%s' hash='sha-1' node='%s' ver='%s'/></presence>"
                       % (ROMEO, CAPS, EXODUS, SIMPLE_VER))
        sent = self.peer.next_send()
        self.assertEqual(sent.get_child('query', INFO).get_attribute('node'), EXODUS + '#' + SIMPLE_VER)
        self.peer.recv("<iq type='result' id='%s' from='%s'><query xmlns='%s' node='%s#%s'>"
                       "<identity category='client' type='pc' name='Exodus 0.9.1'/>"
                       "<feature var='%s'/><feature var='%s'/><feature var='%s'/><feature var='%s'/>"
                       "</query></iq>" % (sent.get_attribute('id'), ROMEO, INFO, EXODUS, SIMPLE_VER,
                                          CAPS, INFO, ITEMS, MUC))
        ctx = GLib.MainContext.default()
        while not seen:
            ctx.iteration(True)
        self.assertEqual(seen[0][0], ROMEO)
        info = self.caps.get_info_for_jid(Sleek.Jid.new(ROMEO))
        self.assertTrue(info.has_feature(MUC))


if __name__ == '__main__':
    taptest.main()
