#!/usr/bin/python3
# test-mobile.py: push notifications (XEP-0357), saved stream management
# state and the network monitor of SleekClientXmpp from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Gio, Sleek  # noqa: E402

import taptest  # noqa: E402

OWN = 'juliet@example.com/balcony'
PUSH = 'urn:xmpp:push:0'


class Xmpp(Sleek.BaseXmpp):
    pass


class PushTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.assertTrue(self.xmpp.register_plugin('xep_0357'))
        self.push = self.xmpp.get_plugin('xep_0357')

    def tearDown(self):
        self.xmpp.abort()
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def wait(self, results):
        ctx = GLib.MainContext.default()
        while not results:
            ctx.iteration(True)
        return results[0]

    def test_enable_with_options(self):
        options = Sleek.DataForm.new(Sleek.DataFormType.SUBMIT)
        options.set_field_value('secret', 'py-secret')
        results = []

        def done(push, res):
            try:
                results.append(push.enable_finish(res))
            except GLib.Error as error:
                results.append(error)

        self.push.enable_async(Sleek.Jid.new('push.example.net'), 'py-node', options, None, done)
        sent = self.peer.next_send()
        enable = sent.get_child('enable', PUSH)
        self.assertIsNotNone(enable)
        self.assertEqual(enable.get_attribute('jid'), 'push.example.net')
        self.assertEqual(enable.get_attribute('node'), 'py-node')
        self.assertIn('py-secret', enable.to_string())
        self.peer.recv("<iq type='result' id='%s'/>" % sent.get_attribute('id'))
        self.assertIs(self.wait(results), True)

    def test_disable_refused(self):
        results = []

        def done(push, res):
            try:
                results.append(push.disable_finish(res))
            except GLib.Error as error:
                results.append(error)

        self.push.disable_async(Sleek.Jid.new('push.example.net'), None, None, done)
        sent = self.peer.next_send()
        self.assertIsNotNone(sent.get_child('disable', PUSH))
        self.peer.recv("<iq type='error' id='%s'><error type='cancel'><item-not-found "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" % sent.get_attribute('id'))
        error = self.wait(results)
        self.assertIsInstance(error, GLib.Error)
        self.assertTrue(error.matches(Sleek.stanza_error_quark(), Sleek.StanzaError.ITEM_NOT_FOUND))

    def test_stanza_accessors(self):
        iq = Sleek.Stanza.parse("<iq xmlns='jabber:client' type='set' id='e1'>"
                                "<enable xmlns='urn:xmpp:push:0' jid='push.example.net' node='n1'/></iq>")
        enable = iq.get_push_enable(False)
        self.assertEqual(enable.get_jid().to_string(), 'push.example.net')
        self.assertEqual(enable.get_node(), 'n1')
        self.assertIsNone(enable.get_options())
        self.assertIsNone(iq.get_push_disable(False))


class SavedStateTests(unittest.TestCase):
    def test_load_refuses_garbage(self):
        client = Sleek.ClientXmpp.new('juliet@example.com', 'secret')
        self.assertTrue(client.register_plugin('xep_0198'))
        sm = client.get_plugin('xep_0198')
        with self.assertRaises(GLib.Error) as caught:
            sm.load_state(GLib.Bytes.new(b'not a saved session'))
        self.assertTrue(caught.exception.matches(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_DATA))
        with self.assertRaises(GLib.Error) as caught:
            sm.save_state()
        self.assertTrue(caught.exception.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND))
        self.assertFalse(sm.props.resumable)


class NetworkMonitorTests(unittest.TestCase):
    def test_property(self):
        client = Sleek.ClientXmpp.new('juliet@example.com', 'secret')
        self.assertEqual(client.props.network_monitor, Gio.NetworkMonitor.get_default())
        self.assertEqual(client.get_network_monitor(), Gio.NetworkMonitor.get_default())
        self.assertEqual(int(Sleek.ClientState.WAITING_FOR_NETWORK), 5)
        self.assertEqual(client.props.state, Sleek.ClientState.DISCONNECTED)


if __name__ == '__main__':
    taptest.main()
