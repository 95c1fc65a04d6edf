#!/usr/bin/python3
# test-client.py: Sleek.ClientXmpp against the private Prosody, from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# What an application written in Python does through GI: log in over
# STARTTLS trusting the test CA (Gio.TlsFileDatabase), exchange a message
# with a second session, fetch the roster, get an IQ error as a
# GLib.Error. Each test runs on a main context of its own, and every wait
# has a deadline (taptest.spin). The server is shared with the other
# tests: each login has a resource of its own.

import os
import sys
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'gi'))

import prosody_env  # noqa: E402
import taptest  # noqa: E402

try:
    import gi
    gi.require_version('GLib', '2.0')
    gi.require_version('Gio', '2.0')
    gi.require_version('Sleek', '1.0')
    from gi.repository import GLib, Gio, Sleek  # noqa: E402
except (ImportError, ValueError) as e:  # no PyGObject, or a build without introspection
    GI_MISSING = str(e)
else:
    GI_MISSING = None

TIMEOUT = 20.0
_counter = [0]


def resource():
    _counter[0] += 1
    return 'py-{}-{}'.format(os.getpid(), _counter[0])


@unittest.skipIf(GI_MISSING, 'no Sleek typelib: {}'.format(GI_MISSING))
@unittest.skipUnless(prosody_env.available(), 'no Prosody: run through prosody-harness run --')
class ClientTests(unittest.TestCase):

    def setUp(self):
        self.ctx = GLib.MainContext.new()
        self.ctx.push_thread_default()
        self.clients = []

    def tearDown(self):
        for client in self.clients:
            client.abort()
        while self.ctx.iteration(False):
            pass
        self.clients = []
        while self.ctx.iteration(False):
            pass
        self.ctx.pop_thread_default()

    def spin(self, until, timeout=TIMEOUT):
        taptest.spin(until, timeout, self.ctx)

    def make_client(self, user):
        client = Sleek.ClientXmpp.new('{}/{}'.format(prosody_env.require('SLEEK_TEST_JID_' + user.upper()),
                                                     resource()),
                                      prosody_env.require('SLEEK_TEST_PASSWORD_' + user.upper()))
        client.props.server_host = prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS')
        client.props.server_port = prosody_env.port('SLEEK_TEST_C2S_PORT')
        client.props.keepalive_interval = 0
        client.props.tls_database = Gio.TlsFileDatabase.new(prosody_env.require('SLEEK_TEST_CA_FILE'))
        self.clients.append(client)
        return client

    def call(self, start, finish):
        """Runs an _async/_finish pair and returns what finish returns (or
        raises its GLib.Error)."""
        results = []
        start(lambda source, result: results.append(result))
        self.spin(lambda: results)
        return finish(results[0])

    def login(self, user):
        client = self.make_client(user)
        sessions = []
        client.connect('session-start', lambda c: sessions.append(True))
        ok = self.call(lambda cb: client.connect_async(None, cb), client.connect_finish)
        self.assertTrue(ok)
        self.assertEqual(sessions, [True])
        return client

    def test_login_starttls(self):
        client = self.login('juliet')
        self.assertTrue(client.props.session_started)
        self.assertTrue(client.props.bound_jid.to_string().startswith(prosody_env.require('SLEEK_TEST_JID_JULIET')))
        self.assertIsInstance(client.props.tls_connection, Gio.TlsConnection)
        self.assertTrue(client.props.sasl_mechanism.startswith('SCRAM-SHA-1'))

    def test_wrong_password(self):
        client = self.make_client('juliet')
        client.props.password = 'not the password'
        with self.assertRaises(GLib.Error) as caught:
            self.call(lambda cb: client.connect_async(None, cb), client.connect_finish)
        self.assertEqual(caught.exception.domain, GLib.quark_to_string(Sleek.sasl_error_quark()))
        self.assertEqual(caught.exception.code, int(Sleek.SaslError.NOT_AUTHORIZED))

    def test_message(self):
        juliet = self.login('juliet')
        romeo = self.login('romeo')
        received = []
        romeo.connect('message::chat',
                      lambda xmpp, message: received.append((message.get_from().to_string(), message.get_body())))
        juliet.send_message(romeo.props.bound_jid.to_string(), 'But soft, what light', 'chat')
        self.spin(lambda: received)
        self.assertEqual(received, [(juliet.props.bound_jid.to_string(), 'But soft, what light')])

    def test_roster(self):
        juliet = self.login('juliet')
        updates = []
        juliet.connect('roster-update', lambda xmpp, item: updates.append(item))
        roster = self.call(lambda cb: juliet.get_roster_async(None, cb), juliet.get_roster_finish)
        self.assertIsInstance(roster, Sleek.Roster)
        self.assertIs(roster, juliet.get_roster())
        self.assertEqual(updates, [None])
        # A GListModel of roster items, whatever the other tests put there.
        for i in range(roster.get_n_items()):
            self.assertIsInstance(roster.get_item(i), Sleek.RosterItem)

    def test_iq_error(self):
        juliet = self.login('juliet')
        query = Sleek.Node.new('query', 'http://jabber.org/protocol/disco#info')
        to = 'nobody-{}@{}/x'.format(os.getpid(), prosody_env.require('SLEEK_TEST_PROSODY_HOST'))
        iq = juliet.make_iq('get', to, query)
        with self.assertRaises(GLib.Error) as caught:
            self.call(lambda cb: juliet.send_iq_async(iq, 0, None, cb), juliet.send_iq_finish)
        self.assertEqual(caught.exception.domain, GLib.quark_to_string(Sleek.stanza_error_quark()))
        self.assertEqual(caught.exception.code, int(Sleek.StanzaError.SERVICE_UNAVAILABLE))

    def test_iq_result(self):
        juliet = self.login('juliet')
        query = Sleek.Node.new('query', 'jabber:iq:version')
        iq = juliet.make_iq('get', prosody_env.require('SLEEK_TEST_PROSODY_HOST'), query)
        reply = self.call(lambda cb: juliet.send_iq_async(iq, 0, None, cb), juliet.send_iq_finish)
        self.assertEqual(reply.get_iq_type(), Sleek.IqType.RESULT)
        version = reply.get_node().get_child('query', 'jabber:iq:version')
        self.assertEqual(version.get_child_text('name', 'jabber:iq:version'), prosody_env.server_name())

    def test_plugins_ping_and_version(self):
        # The plugins from Python: ping the server, then ask romeo's client
        # its version while juliet answers as a Python application would.
        juliet = self.login('juliet')
        romeo = self.login('romeo')
        self.assertTrue(juliet.register_plugin('xep_0092'))
        juliet.get_plugin('xep_0092').props.software_name = 'Balcony'
        self.assertTrue(romeo.register_plugin('xep_0199'))
        self.assertTrue(romeo.register_plugin('xep_0092'))
        ping = romeo.get_plugin('xep_0199')
        self.assertIsInstance(ping, Sleek.Ping)
        rtt = self.call(lambda cb: ping.ping_async(None, 0, None, cb), ping.ping_finish)
        self.assertGreater(rtt, 0)
        version = romeo.get_plugin('xep_0092')
        info = self.call(lambda cb: version.get_version_async(juliet.props.bound_jid, None, cb),
                         version.get_version_finish)
        self.assertEqual(info.get_name(), 'Balcony')
        self.assertTrue(info.get_version())
        self.assertIsNone(info.get_os())
        # A ping to a resource that is not online comes back as a GLib.Error.
        gone = Sleek.Jid.new('{}/gone-{}'.format(prosody_env.require('SLEEK_TEST_JID_JULIET'), os.getpid()))
        with self.assertRaises(GLib.Error) as caught:
            self.call(lambda cb: ping.ping_async(gone, 0, None, cb), ping.ping_finish)
        self.assertEqual(caught.exception.domain, GLib.quark_to_string(Sleek.stanza_error_quark()))


if __name__ == '__main__':
    taptest.main()
