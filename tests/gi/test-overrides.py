#!/usr/bin/python3
# test-overrides.py: the Sleek.py overrides, Python that reads like SleekXMPP
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

DISCO_INFO = 'http://jabber.org/protocol/disco#info'
DISCO_ITEMS = 'http://jabber.org/protocol/disco#items'

MESSAGE_XML = ("<message xmlns='jabber:client' type='chat' id='m1' "
               "from='romeo@example.net/orchard' to='juliet@example.com/balcony'>"
               "<body>Art thou not Romeo?</body>"
               "<delay xmlns='urn:xmpp:delay' from='example.com' stamp='2002-09-10T23:08:25Z'/>"
               "</message>")

ITEMS_XML = ("<iq xmlns='jabber:client' type='result' id='i1' from='example.com'>"
             "<query xmlns='http://jabber.org/protocol/disco#items'>"
             "<item jid='conference.example.com' name='Chatrooms'/>"
             "<item jid='example.com' node='music' name='Music'/>"
             "</query></iq>")

INFO_XML = ("<iq xmlns='jabber:client' type='result' id='d1' from='example.com'>"
            "<query xmlns='http://jabber.org/protocol/disco#info'>"
            "<identity category='server' type='im'/>"
            "<feature var='urn:xmpp:ping'/><feature var='jabber:iq:version'/>"
            "</query></iq>")

PRESENCE_XML = ("<presence xmlns='jabber:client' from='romeo@example.net/orchard'>"
                "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
                "node='https://example.net/client' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>"
                "</presence>")


class Xmpp(Sleek.BaseXmpp):
    pass


def setUpModule():
    # The stanza plugins of disco, caps and delay are registered with
    # their plugin classes; registering the plugins once does it.
    xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
    for name in ('xep_0030', 'xep_0115', 'xep_0203'):
        assert xmpp.register_plugin(name)


class OverridesLoaded(unittest.TestCase):
    def test_overrides_come_from_this_tree(self):
        import gi.overrides.Sleek as overrides
        expected = os.environ.get('SLEEK_OVERRIDES_FILE')
        if expected:
            self.assertEqual(os.path.realpath(overrides.__file__), os.path.realpath(expected))
        self.assertIs(Sleek.Jid, overrides.Jid)
        self.assertIs(Sleek.Stanza, overrides.Stanza)

    def test_subclasses_inherit_the_stanza_overrides(self):
        self.assertTrue(issubclass(Sleek.Message, Sleek.Stanza))
        self.assertTrue(hasattr(Sleek.Message.new(), '__getitem__'))


class JidTests(unittest.TestCase):
    def test_construct(self):
        jid = Sleek.Jid('romeo@example.net/orchard')
        self.assertIsInstance(jid, Sleek.Jid)
        self.assertEqual(jid.to_string(), 'romeo@example.net/orchard')

    def test_construct_invalid_raises(self):
        for bad in ('', '@example.net', 'romeo@', 'romeo@exa mple.net'):
            with self.subTest(bad=bad):
                with self.assertRaises(GLib.Error) as caught:
                    Sleek.Jid(bad)
                self.assertEqual(caught.exception.domain, GLib.quark_to_string(Sleek.jid_error_quark()))

    def test_str_and_repr(self):
        jid = Sleek.Jid('romeo@example.net/orchard')
        self.assertEqual(str(jid), 'romeo@example.net/orchard')
        self.assertEqual(repr(jid), "Sleek.Jid('romeo@example.net/orchard')")

    def test_parts(self):
        jid = Sleek.Jid('romeo@example.net/orchard')
        self.assertEqual(jid.bare, 'romeo@example.net')
        self.assertEqual(jid.user, 'romeo')
        self.assertEqual(jid.domain, 'example.net')
        self.assertEqual(jid.resource, 'orchard')
        self.assertEqual(jid.full, 'romeo@example.net/orchard')

    def test_parts_absent(self):
        jid = Sleek.Jid('example.net')
        self.assertEqual(jid.user, '')
        self.assertEqual(jid.resource, '')
        self.assertEqual(jid.bare, 'example.net')

    def test_equal_to_string(self):
        jid = Sleek.Jid('romeo@example.net/orchard')
        self.assertTrue(jid == 'romeo@example.net/orchard')
        self.assertTrue(jid == 'Romeo@Example.NET/orchard')   # normalised
        self.assertFalse(jid == 'romeo@example.net/Orchard')  # resources are not
        self.assertTrue(jid != 'romeo@example.net')
        self.assertFalse(jid == 'not a jid@')
        self.assertFalse(jid == 42)

    def test_equal_to_jid(self):
        self.assertEqual(Sleek.Jid('romeo@example.net'), Sleek.Jid.new('ROMEO@example.net'))
        self.assertNotEqual(Sleek.Jid('romeo@example.net'), Sleek.Jid('juliet@example.net'))

    def test_hash(self):
        a, b = Sleek.Jid('romeo@example.net/x'), Sleek.Jid('Romeo@example.net/x')
        self.assertEqual(hash(a), hash(b))
        self.assertEqual(len({a, b, Sleek.Jid('romeo@example.net/y')}), 2)
        self.assertIn(Sleek.Jid('romeo@example.net/x'), {a: 1})


class KeyTests(unittest.TestCase):
    def setUp(self):
        self.msg = Sleek.Stanza.parse(MESSAGE_XML)

    def test_get_keys(self):
        self.assertEqual(self.msg['body'], 'Art thou not Romeo?')
        self.assertEqual(self.msg['type'], 'chat')
        self.assertEqual(self.msg['id'], 'm1')

    def test_absent_key_is_empty(self):
        self.assertEqual(self.msg['subject'], '')
        self.assertEqual(Sleek.Message.new()['body'], '')

    def test_unknown_key_raises(self):
        with self.assertRaises(KeyError):
            self.msg['no_such_key']
        with self.assertRaises(KeyError):
            self.msg['node']          # Stanza.get_node is not a key
        with self.assertRaises(KeyError):
            self.msg['no_such_key'] = 'x'
        with self.assertRaises(KeyError):
            del self.msg['no_such_key']

    def test_set_key(self):
        msg = Sleek.Message.new()
        msg['body'] = 'x'
        msg['type'] = 'chat'
        self.assertEqual(msg.get_body(), 'x')
        self.assertEqual(msg['type'], 'chat')
        self.assertIn('<body>x</body>', str(msg))

    def test_set_none_deletes(self):
        self.msg['body'] = None
        self.assertNotIn('body', self.msg)
        self.assertNotIn('<body', str(self.msg))

    def test_contains(self):
        self.assertIn('body', self.msg)
        self.assertIn('delay', self.msg)
        self.assertNotIn('subject', self.msg)
        self.assertNotIn('no_such_key', self.msg)
        self.assertNotIn('delay', Sleek.Message.new())

    def test_contains_does_not_create_plugins(self):
        msg = Sleek.Message.new()
        self.assertNotIn('delay', msg)
        self.assertNotIn('<delay', str(msg))

    def test_delete(self):
        del self.msg['body']
        self.assertNotIn('body', self.msg)
        self.assertEqual(self.msg['body'], '')
        del self.msg['delay']
        self.assertNotIn('delay', self.msg)
        self.assertNotIn('urn:xmpp:delay', str(self.msg))

    def test_keys_and_plugins_listed(self):
        self.assertIn('body', self.msg.keys())
        self.assertIn('to', self.msg.keys())
        self.assertIn('delay', self.msg.plugins())
        self.assertEqual(self.msg.keys(), sorted(self.msg.keys()))


class AddressTests(unittest.TestCase):
    def test_from_and_to_are_jids(self):
        msg = Sleek.Stanza.parse(MESSAGE_XML)
        self.assertIsInstance(msg['from'], Sleek.Jid)
        self.assertEqual(msg['from'].bare, 'romeo@example.net')
        self.assertEqual(msg['to'], 'juliet@example.com/balcony')
        self.assertEqual(msg['to'].resource, 'balcony')

    def test_absent_address_is_none(self):
        self.assertIsNone(Sleek.Message.new()['from'])

    def test_set_address_from_string_and_jid(self):
        msg = Sleek.Message.new()
        msg['to'] = 'juliet@example.com'
        msg['from'] = Sleek.Jid('romeo@example.net/orchard')
        self.assertEqual(msg.get_to().to_string(), 'juliet@example.com')
        self.assertEqual(str(msg['from']), 'romeo@example.net/orchard')

    def test_iq_id(self):
        iq = Sleek.Stanza.parse(INFO_XML)
        self.assertEqual(iq['id'], 'd1')
        iq['id'] = 'd2'
        self.assertEqual(iq.get_id(), 'd2')


class PluginTests(unittest.TestCase):
    def test_delay_stamp(self):
        msg = Sleek.Stanza.parse(MESSAGE_XML)
        self.assertIsInstance(msg['delay'], Sleek.Delay)
        self.assertEqual(msg['delay']['stamp'], '2002-09-10T23:08:25Z')
        self.assertEqual(msg['delay']['from'], 'example.com')

    def test_caps_ver(self):
        pres = Sleek.Stanza.parse(PRESENCE_XML)
        self.assertEqual(pres['caps']['ver'], 'QgayPKawpkPSDYmwT/WM94uAlu0=')
        self.assertEqual(pres['caps']['hash'], 'sha-1')

    def test_missing_plugin_is_created(self):
        iq = Sleek.Iq.new()
        query = iq['disco_info']
        self.assertIsInstance(query, Sleek.DiscoInfoStanza)
        query['node'] = 'music'
        self.assertIn("node='music'", str(iq).replace('"', "'"))
        self.assertIn(DISCO_INFO, str(iq))

    def test_plugin_set_from_dict(self):
        msg = Sleek.Message.new()
        msg['delay'] = {'stamp': '2020-01-01T00:00:00Z', 'from': 'example.org'}
        again = Sleek.Stanza.parse(str(msg))
        self.assertEqual(again['delay']['stamp'], '2020-01-01T00:00:00Z')
        self.assertEqual(again['delay']['from'], 'example.org')

    def test_disco_info_features(self):
        iq = Sleek.Stanza.parse(INFO_XML)
        self.assertEqual(iq['disco_info']['features'], ['urn:xmpp:ping', 'jabber:iq:version'])
        self.assertEqual(Sleek.Iq.new()['disco_info']['features'], [])

    def test_disco_info_add_feature(self):
        iq = Sleek.Iq.new()
        iq['disco_info'].add_feature('urn:xmpp:time')
        iq['disco_info'].add_feature('urn:xmpp:time')
        again = Sleek.Stanza.parse(str(iq))
        self.assertEqual(again['disco_info']['features'], ['urn:xmpp:time'])


class IterationTests(unittest.TestCase):
    def test_iterate_disco_items(self):
        iq = Sleek.Stanza.parse(ITEMS_XML)
        items = list(iq['disco_items'])
        self.assertEqual(len(items), 2)
        self.assertTrue(all(isinstance(i, Sleek.DiscoItemStanza) for i in items))
        self.assertEqual([i['jid'] for i in items], ['conference.example.com', 'example.com'])
        self.assertEqual([i['name'] for i in items], ['Chatrooms', 'Music'])
        self.assertEqual(items[1]['node'], 'music')
        self.assertNotIn('node', items[0])

    def test_iteration_edits_in_place(self):
        iq = Sleek.Stanza.parse(ITEMS_XML)
        for item in iq['disco_items']:
            item['name'] = item['name'].upper()
        self.assertEqual([i['name'] for i in iq['disco_items']], ['CHATROOMS', 'MUSIC'])

    def test_iterate_children_of_a_message(self):
        msg = Sleek.Stanza.parse(MESSAGE_XML)
        children = list(msg)
        self.assertEqual(len(children), 2)
        self.assertIsInstance(children[1], Sleek.Delay)
        self.assertEqual(children[0].get_node().get_name(), 'body')

    def test_empty_stanza_iterates_nothing(self):
        self.assertEqual(list(Sleek.Iq.new()), [])

    def test_empty_stanza_is_true(self):
        self.assertTrue(Sleek.Iq.new())


class StrTests(unittest.TestCase):
    def test_str_is_xml(self):
        msg = Sleek.Stanza.parse(MESSAGE_XML)
        self.assertEqual(str(msg), msg.to_string())
        again = Sleek.Stanza.parse(str(msg))
        self.assertTrue(again.get_node().equal(msg.get_node()))

    def test_plugin_str(self):
        iq = Sleek.Stanza.parse(INFO_XML)
        self.assertTrue(str(iq['disco_info']).startswith('<query'))

    def test_reply_reads_like_sleekxmpp(self):
        msg = Sleek.Stanza.parse(MESSAGE_XML)
        reply = msg.reply('Thou art')
        self.assertEqual(reply['to'], msg['from'])
        self.assertEqual(reply['body'], 'Thou art')
        self.assertEqual(reply['type'], 'chat')


if __name__ == '__main__':
    taptest.main()
