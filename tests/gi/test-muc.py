#!/usr/bin/python3
# test-muc.py: XEP-0045 Multi-User Chat from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import Gio, GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

OWN = 'juliet@example.com/balcony'
ROOM = 'garden@chat.example.com'
USER = 'http://jabber.org/protocol/muc#user'
STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'


class Xmpp(Sleek.BaseXmpp):
    pass


class MucTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.assertTrue(self.xmpp.register_plugin('xep_0045'))
        self.muc = self.xmpp.get_plugin('xep_0045')
        self.ctx = GLib.MainContext.default()

    def tearDown(self):
        self.xmpp.abort()
        while self.ctx.iteration(False):
            pass

    def join(self, nick):
        results = []
        self.muc.join_async(Sleek.Jid.new(ROOM), nick, None, 0, -1, None, None,
                            lambda muc, res: results.append(res))
        sent = self.peer.next_send()
        self.assertEqual(sent.get_attribute('to'), ROOM + '/' + nick)
        return results

    def wait(self, results):
        while not results:
            self.ctx.iteration(True)
        return results[0]

    def test_join_and_occupants(self):
        results = self.join('juliet')
        room = self.muc.get_room(Sleek.Jid.new(ROOM))
        joined = []
        left = []
        messages = []
        room.connect('occupant-joined', lambda r, o: joined.append(o.props.nick))
        room.connect('occupant-left', lambda r, o, code, reason: left.append((o.props.nick, code, reason)))
        room.connect('message', lambda r, nick, msg: messages.append((nick, msg.get_body())))
        self.peer.recv("<presence from='%s/romeo'><x xmlns='%s'>"
                       "<item affiliation='member' role='participant'/></x></presence>" % (ROOM, USER))
        self.peer.recv("<presence from='%s/juliet'><x xmlns='%s'>"
                       "<item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/>"
                       "</x></presence>" % (ROOM, USER))
        got = self.muc.join_finish(self.wait(results))
        self.assertIs(got, room)
        self.assertTrue(room.props.joined)
        self.assertTrue(room.has_status(201))
        occupants = room.get_occupants()
        self.assertIsInstance(occupants, Gio.ListModel)
        self.assertEqual([o.props.nick for o in occupants], ['romeo', 'juliet'])
        self.assertEqual(joined, ['romeo', 'juliet'])
        romeo = room.get_occupant('romeo')
        self.assertEqual(romeo.props.role, Sleek.MucRole.PARTICIPANT)
        self.assertEqual(romeo.props.affiliation, Sleek.MucAffiliation.MEMBER)

        self.peer.recv("<message from='%s/romeo' type='groupchat'><body>Hi</body></message>" % ROOM)
        self.peer.recv("<presence from='%s/romeo' type='unavailable'><x xmlns='%s'>"
                       "<item role='none'><reason>Noisy</reason></item><status code='307'/></x></presence>"
                       % (ROOM, USER))
        self.peer.expect_silence(50)
        self.assertEqual(messages, [('romeo', 'Hi')])
        self.assertEqual(left, [('romeo', 307, 'Noisy')])
        self.assertEqual(occupants.get_n_items(), 1)

    def test_join_refused(self):
        results = self.join('juliet')
        self.peer.recv("<presence from='%s/juliet' type='error'><error type='cancel'>"
                       "<conflict xmlns='%s'/></error></presence>" % (ROOM, STANZAS))
        with self.assertRaises(GLib.Error) as caught:
            self.muc.join_finish(self.wait(results))
        self.assertTrue(caught.exception.matches(Sleek.stanza_error_quark(), Sleek.StanzaError.CONFLICT))
        self.assertIsNone(self.muc.get_room(Sleek.Jid.new(ROOM)))


if __name__ == '__main__':
    taptest.main()
