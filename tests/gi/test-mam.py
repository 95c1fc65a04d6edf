#!/usr/bin/python3
# test-mam.py: XEP-0313 Message Archive Management from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

OWN = 'juliet@example.com/balcony'
MAM = 'urn:xmpp:mam:2'
RSM = 'http://jabber.org/protocol/rsm'
FORWARD = 'urn:xmpp:forward:0'


class Xmpp(Sleek.BaseXmpp):
    pass


class MamTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.assertTrue(self.xmpp.register_plugin('xep_0313'))
        self.mam = self.xmpp.get_plugin('xep_0313')

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

    def test_page(self):
        signalled = []
        self.mam.connect('archived-message', lambda mam, message: signalled.append(message.get_id()))
        query = Sleek.MessageArchiveQuery.new()
        query.set_with(Sleek.Jid.new('romeo@example.net'))
        query.set_ids(['a-1', 'a-2'])
        query.set_max(2)
        results = []
        self.mam.fetch_page_async(query, None, lambda mam, res: results.append(mam.fetch_page_finish(res)))
        sent = self.peer.next_send()
        request = sent.get_child('query', MAM)
        self.assertEqual(request.find('{jabber:x:data}x/{jabber:x:data}field').get_attribute('var'), 'FORM_TYPE')
        self.assertEqual(request.get_child('set', RSM).get_child_text('max', RSM), '2')
        query_id = request.get_attribute('queryid')
        for archive_id, body in (('a-1', 'one'), ('a-2', 'two')):
            self.peer.recv("<message from='juliet@example.com'><result xmlns='%s' queryid='%s' id='%s'>"
                           "<forwarded xmlns='%s'><message xmlns='jabber:client' from='romeo@example.net/o'>"
                           "<body>%s</body></message></forwarded></result></message>"
                           % (MAM, query_id, archive_id, FORWARD, body))
        # Somebody else's.
        self.peer.recv("<message from='romeo@example.net'><result xmlns='%s' queryid='%s' id='x'>"
                       "<forwarded xmlns='%s'><message xmlns='jabber:client'><body>forged</body></message>"
                       "</forwarded></result></message>" % (MAM, query_id, FORWARD))
        self.peer.recv("<iq type='result' id='%s'><fin xmlns='%s'><set xmlns='%s'><first>a-1</first>"
                       "<last>a-2</last><count>3</count></set></fin></iq>" % (sent.get_attribute('id'), MAM, RSM))
        page = self.wait(results)
        self.assertEqual(signalled, ['a-1', 'a-2'])
        self.assertEqual([m.get_message().get_body() for m in page.get_messages()], ['one', 'two'])
        self.assertFalse(page.get_complete())
        self.assertEqual(page.get_result_set().get_count(), 3)
        self.assertTrue(query.advance(page))
        self.assertEqual(query.get_after(), 'a-2')

    def test_prefs_error(self):
        results = []

        def done(mam, res):
            try:
                mam.get_prefs_finish(res)
            except GLib.Error as e:
                results.append(e)
        self.mam.get_prefs_async(None, done)
        sent = self.peer.next_send()
        self.peer.recv("<iq type='error' id='%s'><error type='cancel'><service-unavailable "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" % sent.get_attribute('id'))
        error = self.wait(results)
        self.assertTrue(error.matches(Sleek.stanza_error_quark(), Sleek.StanzaError.SERVICE_UNAVAILABLE))


if __name__ == '__main__':
    taptest.main()
