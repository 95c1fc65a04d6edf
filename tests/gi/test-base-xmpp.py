#!/usr/bin/python3
# test-base-xmpp.py: Sleek.BaseXmpp, Sleek.Roster and presence from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Gio, GObject, Sleek

import taptest

OWN = 'juliet@example.com/balcony'
ROMEO = 'romeo@example.net/orchard'


class Xmpp(Sleek.BaseXmpp):
    """The smallest concrete BaseXmpp, as a binding writes one."""
    __gtype_name__ = 'PyTestXmpp'

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bound = []

    def do_session_bind(self, jid):
        self.bound.append(jid.to_string())


class BaseXmppTests(unittest.TestCase):
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

    def next_id(self):
        node = self.peer.next_send()
        return node, node.get_attribute('id')

    def test_abstract_and_bound(self):
        self.assertTrue(GObject.type_is_a(Xmpp, Sleek.BaseXmpp))
        self.assertTrue(Sleek.BaseXmpp.__gtype__.is_abstract())
        self.assertEqual(self.xmpp.bound, [OWN])
        self.assertEqual(self.xmpp.props.bound_jid.to_string(), OWN)
        self.assertEqual(self.xmpp.props.jid.to_string(), 'juliet@example.com')

    def test_message_detail(self):
        seen = []
        self.xmpp.connect('message::chat', lambda x, m: seen.append(('chat', m.get_body())))
        self.xmpp.connect('message::groupchat', lambda x, m: seen.append(('groupchat', m.get_body())))
        self.peer.recv("<message type='chat' from='%s'><body>hi</body></message>" % ROMEO)
        self.assertEqual(seen, [('chat', 'hi')])

    def test_send_message(self):
        self.xmpp.send_message(ROMEO, 'Wherefore', 'chat')
        self.expect_send("<message to='%s' type='chat'><body>Wherefore</body></message>" % ROMEO)

    def test_iq_result_and_error(self):
        results = []

        def done(xmpp, res):
            try:
                results.append(xmpp.send_iq_finish(res))
            except GLib.Error as e:
                results.append(e)

        query = Sleek.Node.new('query', 'jabber:iq:version')
        iq = self.xmpp.make_iq('get', ROMEO, query)
        self.xmpp.send_iq_async(iq, 0, None, done)
        node, ident = self.next_id()
        self.peer.recv("<iq type='result' id='%s' from='%s'/>" % (ident, ROMEO))
        taptest.spin(lambda: results)
        self.assertIsInstance(results[0], Sleek.Iq)
        self.assertEqual(results[0].get_iq_type(), Sleek.IqType.RESULT)

        iq = self.xmpp.make_iq('get', ROMEO, None)
        self.xmpp.send_iq_async(iq, 0, None, done)
        node, ident = self.next_id()
        self.peer.recv("<iq type='error' id='%s' from='%s'><error type='cancel'>"
                       "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
                       % (ident, ROMEO))
        taptest.spin(lambda: len(results) == 2)
        self.assertTrue(results[1].matches(Sleek.stanza_error_quark(), Sleek.StanzaError.ITEM_NOT_FOUND))

    def test_iq_timeout(self):
        results = []

        def done(xmpp, res):
            try:
                xmpp.send_iq_finish(res)
            except GLib.Error as e:
                results.append(e)

        self.xmpp.send_iq_async(self.xmpp.make_iq('get', ROMEO, None), 30, None, done)
        taptest.spin(lambda: results)
        self.assertTrue(results[0].matches(Gio.io_error_quark(), Gio.IOErrorEnum.TIMED_OUT))

    def test_roster(self):
        fetched = []
        updates = []
        changes = []
        roster = self.xmpp.get_roster()
        roster.connect('items-changed', lambda m, p, r, a: changes.append((p, r, a)))
        self.xmpp.connect('roster-update', lambda x, item: updates.append(item))
        self.xmpp.fetch_roster_async(None, lambda x, res: fetched.append(x.fetch_roster_finish(res)))
        node, ident = self.next_id()
        self.peer.recv("<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>"
                       "<item jid='romeo@example.net' name='Romeo' subscription='both'>"
                       "<group>Friends</group><group>Lovers</group></item>"
                       "<item jid='nurse@example.com' ask='subscribe'/></query></iq>" % ident)
        taptest.spin(lambda: fetched)
        self.assertIs(fetched[0], roster)
        self.assertEqual(changes, [(0, 0, 2)])
        self.assertEqual(updates, [None])
        self.assertEqual(roster.get_n_items(), 2)
        items = list(roster)
        self.assertEqual(items[0].props.name, 'Romeo')
        self.assertEqual(items[0].get_groups(), ['Friends', 'Lovers'])
        self.assertEqual(items[0].props.subscription, Sleek.RosterSubscription.BOTH)
        self.assertTrue(items[1].props.ask)
        self.assertIs(roster.lookup(Sleek.Jid.new('romeo@example.net/x')), items[0])

        done = []
        self.xmpp.update_roster_item_async(Sleek.Jid.new('tybalt@example.com'), 'Tybalt', ['Enemies'], None,
                                           lambda x, res: done.append(x.update_roster_item_finish(res)))
        node, ident = self.next_id()
        item = node.get_first_child().get_first_child()
        self.assertEqual(item.get_attribute('jid'), 'tybalt@example.com')
        self.assertEqual(item.get_child_text('group', 'jabber:iq:roster'), 'Enemies')
        self.peer.recv("<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>"
                       "<item jid='tybalt@example.com' name='Tybalt'><group>Enemies</group></item></query></iq>")
        self.expect_send("<iq type='result' id='push1'/>")
        self.peer.recv("<iq type='result' id='%s'/>" % ident)
        taptest.spin(lambda: done)
        self.assertEqual(done, [True])
        self.assertEqual(changes[-1], (2, 0, 1))
        self.assertEqual(updates[-1].props.jid.to_string(), 'tybalt@example.com')

    def test_presence_tracking(self):
        events = []
        for name in ('got-online', 'changed-status', 'got-offline'):
            self.xmpp.connect(name, lambda x, p, name=name: events.append(name))
        self.peer.recv("<presence from='%s'><show>away</show><priority>4</priority></presence>" % ROMEO)
        self.assertEqual(events, ['got-online', 'changed-status'])
        resources = self.xmpp.get_resources(Sleek.Jid.new('romeo@example.net'))
        self.assertEqual(resources.get_n_items(), 1)
        resource = resources.get_item(0)
        self.assertEqual((resource.props.resource, resource.props.show, resource.props.priority),
                         ('orchard', 'away', 4))
        self.peer.recv("<presence type='unavailable' from='%s'/>" % ROMEO)
        self.assertEqual(events[2:], ['changed-status', 'got-offline'])
        self.assertIsNone(self.xmpp.get_resources(Sleek.Jid.new('romeo@example.net')))

    def test_subscription_and_priority(self):
        self.xmpp.subscribe(Sleek.Jid.new(ROMEO))
        self.expect_send("<presence to='romeo@example.net' type='subscribe'/>")
        self.xmpp.send_presence(None, 'here', 7, None, None)
        self.expect_send("<presence><status>here</status><priority>7</priority></presence>")
        self.assertEqual(self.xmpp.props.priority, 7)



class ClientStateTests(unittest.TestCase):
    """Sleek.ClientXmpp:state and :last-error, read from Python."""

    def test_failed_login(self):
        client = Sleek.ClientXmpp.new('juliet@example.com/balcony', 'secret')
        client.props.tls_mode = Sleek.TlsMode.NONE
        client.props.keepalive_interval = 0
        self.assertEqual(client.props.state, Sleek.ClientState.DISCONNECTED)
        self.assertIsNone(client.props.last_error)
        states = []
        client.connect('notify::state', lambda c, pspec: states.append(c.get_state()))
        peer = Sleek.TestStream.new()
        done = []
        client.connect_stream_async(peer.get_io_stream(), None, lambda c, res: done.append(res))
        self.assertTrue(peer.expect_send("<stream:stream to='example.com' version='1.0'>"))
        peer.recv("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                  "xmlns:stream='http://etherx.jabber.org/streams' id='x' version='1.0'>"
                  "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                  "</stream:error></stream:stream>")
        ctx = GLib.MainContext.default()
        deadline = GLib.get_monotonic_time() + 5 * 1000000
        while not done and GLib.get_monotonic_time() < deadline:
            ctx.iteration(True)
        self.assertTrue(done)
        with self.assertRaises(GLib.Error):
            client.connect_finish(done[0])
        self.assertEqual(states, [Sleek.ClientState.CONNECTING, Sleek.ClientState.AUTHENTICATING,
                                  Sleek.ClientState.DISCONNECTED])
        for error in (client.props.last_error, client.get_last_error()):
            self.assertTrue(error.matches(Sleek.stream_error_quark(), Sleek.StreamError.HOST_UNKNOWN))
        client.abort()
        while ctx.iteration(False):
            pass


if __name__ == '__main__':
    taptest.main()
