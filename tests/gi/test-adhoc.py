#!/usr/bin/python3
# test-adhoc.py: XEP-0050 ad-hoc commands offered and run from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek

import taptest

OWN = 'juliet@example.com/balcony'
OTHER = 'juliet@example.com/chamber'
ROMEO = 'romeo@example.net/orchard'
CMD = 'http://jabber.org/protocol/commands'
XDATA = 'jabber:x:data'


class Xmpp(Sleek.BaseXmpp):
    __gtype_name__ = 'PyAdHocTestXmpp'


class AdHocTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.xmpp.register_plugin('xep_0050')
        self.commands = self.xmpp.get_plugin('xep_0050')

    def tearDown(self):
        self.xmpp.abort()
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def command_answer(self, ident):
        node = self.peer.next_send()
        self.assertEqual(node.get_attribute('id'), ident)
        self.assertEqual(node.get_attribute('type'), 'result')
        return node.get_child('command', CMD)

    def test_two_stage_command(self):
        seen = []

        def greet(request):
            seen.append((request.get_action(), request.get_stage()))
            answer = Sleek.AdHocCommand.new(None)
            if request.get_action() == Sleek.AdHocAction.EXECUTE:
                form = Sleek.DataForm.new(Sleek.DataFormType.FORM)
                form.add_new_field('name', Sleek.DataFormFieldType.TEXT_SINGLE, 'Name')
                answer.set_status(Sleek.AdHocStatus.EXECUTING)
                answer.set_actions(Sleek.AdHocActions.COMPLETE, Sleek.AdHocAction.COMPLETE)
                answer.set_form(form)
                request.set_value('started', GLib.Variant('b', True))
                return answer
            form = request.get_form()
            if form is None:
                request.set_error(GLib.Error.new_literal(Sleek.ad_hoc_error_quark(), 'Name?',
                                                         Sleek.AdHocError.BAD_PAYLOAD))
                return None
            self.assertTrue(request.get_value('started').unpack())
            answer.add_note(Sleek.AdHocNoteType.INFO, 'Hello ' + form.get_field_value('name'))
            return answer

        self.commands.add_command('greet', 'Greet', greet)
        self.commands.set_access('greet', lambda jid, node: jid.get_local() == 'romeo')

        self.peer.recv("<iq type='set' id='1' from='%s'><command xmlns='%s' node='greet' action='execute'/></iq>"
                       % (ROMEO, CMD))
        command = self.command_answer('1')
        self.assertEqual(command.get_attribute('status'), 'executing')
        sid = command.get_attribute('sessionid')
        self.assertTrue(sid)

        self.peer.recv("<iq type='set' id='2' from='%s'><command xmlns='%s' node='greet' sessionid='%s' "
                       "action='complete'/></iq>" % (ROMEO, CMD, sid))
        error = self.peer.next_send()
        self.assertEqual(error.get_attribute('type'), 'error')
        self.assertIsNotNone(error.find('{jabber:client}error/{%s}bad-payload' % CMD))

        self.peer.recv("<iq type='set' id='3' from='%s'><command xmlns='%s' node='greet' sessionid='%s' "
                       "action='complete'><x xmlns='%s' type='submit'><field var='name'><value>Romeo</value>"
                       "</field></x></command></iq>" % (ROMEO, CMD, sid, XDATA))
        command = self.command_answer('3')
        self.assertEqual(command.get_attribute('status'), 'completed')
        self.assertEqual(command.get_child_text('note', CMD), 'Hello Romeo')
        self.assertEqual(seen, [(Sleek.AdHocAction.EXECUTE, 0), (Sleek.AdHocAction.COMPLETE, 1),
                                (Sleek.AdHocAction.COMPLETE, 1)])

        self.peer.recv("<iq type='set' id='4' from='%s'><command xmlns='%s' node='greet' action='execute'/></iq>"
                       % (OTHER, CMD))
        error = self.peer.next_send()
        self.assertIsNotNone(error.find('{jabber:client}error/{urn:ietf:params:xml:ns:xmpp-stanzas}forbidden'))

    def test_run_command(self):
        results = []

        def started(commands, res):
            try:
                results.append(commands.start_finish(res))
            except GLib.Error as e:
                results.append(e)

        self.commands.start_async(Sleek.Jid.new(ROMEO), 'uptime', None, started)
        node = self.peer.next_send()
        self.peer.recv("<iq type='result' id='%s' from='%s'><command xmlns='%s' node='uptime' sessionid='u1' "
                       "status='completed'><note type='info'>Up for a while</note></command></iq>"
                       % (node.get_attribute('id'), ROMEO, CMD))
        taptest.spin(lambda: results)
        session = results[0]
        self.assertIsInstance(session, Sleek.AdHocSession)
        self.assertEqual(session.get_status(), Sleek.AdHocStatus.COMPLETED)
        self.assertEqual(session.get_sessionid(), 'u1')
        self.assertEqual(session.props.status, Sleek.AdHocStatus.COMPLETED)
        self.assertEqual(session.props.actions, Sleek.AdHocActions.NONE)
        self.assertEqual([n.get_text() for n in session.get_notes()], ['Up for a while'])


if __name__ == '__main__':
    taptest.main()
