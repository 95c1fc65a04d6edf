#!/usr/bin/python3
# test-stanza.py: JIDs, stanzas, errors and stanza plugins from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('GObject', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import Gio, GLib, GObject, Sleek  # noqa: E402

import taptest  # noqa: E402

IQ_XML = ("<iq xmlns='jabber:client' type='get' id='roster-1' "
          "from='Romeo@Example.net/orchard' to='juliet@example.com'>"
          "<query xmlns='jabber:iq:roster' ver='ver7'/></iq>")


def same_xml(a, b):
    """Compares two serialised elements as XML (attribute order aside)."""
    return Sleek.Node.parse(a, -1).equal(Sleek.Node.parse(b, -1))


# A stanza plugin written in Python: XEP-0184 <received/>, reached from a
# message as the plugin attribute 'receipt'.
class Receipt(Sleek.Stanza):
    __gtype_name__ = 'TestPyReceipt'


Sleek.Stanza.type_set_element(Receipt.__gtype__, 'received', 'urn:xmpp:receipts', 'receipt')
Sleek.Stanza.type_add_key(Receipt.__gtype__, 'id', Sleek.StanzaKeyKind.ATTRIBUTE)
Sleek.Stanza.register_plugin(Sleek.Message.__gtype__, Receipt.__gtype__)


# A top-level stanza class with a custom key implemented in Python.
class Shout(Sleek.Stanza):
    __gtype_name__ = 'TestPyShout'

    def do_get_key(self, key):
        if key == 'loud':
            text = self.get_node().get_child_text('word', None)
            return text.upper() if text is not None else None
        return Sleek.Stanza.do_get_key(self, key)

    def do_set_key(self, key, value):
        if key == 'loud':
            self.get_node().set_child_text('word', None, value.lower())
            return
        Sleek.Stanza.do_set_key(self, key, value)

    def do_delete_key(self, key):
        if key == 'loud':
            self.get_node().remove_children('word', None)
            return
        Sleek.Stanza.do_delete_key(self, key)


Sleek.Stanza.type_set_element(Shout.__gtype__, 'shout', 'urn:example:shout', None)
Sleek.Stanza.type_add_key(Shout.__gtype__, 'loud', Sleek.StanzaKeyKind.CUSTOM)
Sleek.Stanza.type_add_key(Shout.__gtype__, 'level', Sleek.StanzaKeyKind.ATTRIBUTE)
Sleek.Stanza.register_type(Shout.__gtype__)


class MessageTests(unittest.TestCase):
    def test_build_and_serialise(self):
        msg = Sleek.Message.new()
        self.assertIsInstance(msg, Sleek.Stanza)
        msg.props.to = Sleek.Jid.new('juliet@example.com/balcony')
        msg.props.body = 'Wherefore art thou?'
        msg.set_string('type', 'chat')
        msg.set_string('id', 'm-1')
        msg.set_string('subject', 'Balcony')
        self.assertEqual(
            msg.to_string(),
            "<message xmlns='jabber:client' to='juliet@example.com/balcony' type='chat' id='m-1'>"
            "<body>Wherefore art thou?</body><subject>Balcony</subject></message>")
        self.assertEqual(msg.get_message_type(), Sleek.MessageType.CHAT)
        self.assertEqual(msg.get_body(), 'Wherefore art thou?')
        self.assertEqual(msg.get_string('body'), 'Wherefore art thou?')
        self.assertEqual(msg.props.subject, 'Balcony')
        self.assertEqual(msg.get_property('to').to_string(), 'juliet@example.com/balcony')

    def test_keys_notify_and_delete(self):
        msg = Sleek.Message.new()
        notified = []
        msg.connect('notify::body', lambda obj, pspec: notified.append(obj.props.body))
        msg.set_string('body', 'one')
        msg.props.body = 'two'
        self.assertEqual(notified, ['one', 'two'])
        msg.delete('body')
        self.assertIsNone(msg.get_string('body'))
        self.assertIsNone(msg.props.body)
        self.assertEqual(notified, ['one', 'two', None])
        self.assertTrue(same_xml(msg.to_string(), "<message xmlns='jabber:client'/>"))
        # An unknown key reads as None and writing it changes nothing.
        self.assertIsNone(msg.get_string('no-such-key'))
        msg.set_string('no-such-key', 'x')
        self.assertTrue(same_xml(msg.to_string(), "<message xmlns='jabber:client'/>"))

    def test_message_reply(self):
        msg = Sleek.Stanza.parse("<message xmlns='jabber:client' from='romeo@example.net/orchard' "
                                 "to='juliet@example.com/balcony' id='r1' type='chat'>"
                                 "<body>hi</body><thread>t-7</thread></message>")
        self.assertIsInstance(msg, Sleek.Message)
        reply = msg.reply('and hello to you')
        self.assertIsInstance(reply, Sleek.Message)
        self.assertTrue(same_xml(reply.to_string(),
                                 "<message xmlns='jabber:client' to='romeo@example.net/orchard' "
                                 "from='juliet@example.com/balcony' id='r1' type='chat'>"
                                 "<thread>t-7</thread><body>and hello to you</body></message>"),
                        reply.to_string())
        # The original is untouched.
        self.assertEqual(msg.props.body, 'hi')


class ParseTests(unittest.TestCase):
    def test_parse_iq(self):
        iq = Sleek.Stanza.parse(IQ_XML)
        self.assertIsInstance(iq, Sleek.Iq)
        self.assertEqual(iq.get_string('type'), 'get')
        self.assertEqual(iq.get_string('id'), 'roster-1')
        self.assertEqual(iq.get_iq_type(), Sleek.IqType.GET)
        self.assertEqual(iq.props.id, 'roster-1')

        sender = iq.get_property('from')
        self.assertIsInstance(sender, Sleek.Jid)
        self.assertEqual(sender.get_bare(), 'romeo@example.net')
        self.assertEqual(sender.get_resource(), 'orchard')
        self.assertEqual(sender.get_local(), 'romeo')
        self.assertEqual(sender.get_domain(), 'example.net')
        self.assertTrue(sender.equal(iq.get_from()))
        self.assertTrue(iq.get_to().is_bare())

        payload = iq.props.payload
        self.assertIsInstance(payload, Sleek.Node)
        self.assertEqual(payload.get_name(), 'query')
        self.assertEqual(payload.get_namespace(), 'jabber:iq:roster')
        self.assertEqual(payload.get_attribute('ver'), 'ver7')
        self.assertEqual(iq.get_query_namespace(), 'jabber:iq:roster')
        self.assertEqual(iq.get_node().find('{jabber:iq:roster}query').get_attribute('ver'), 'ver7')

    def test_iq_reply(self):
        iq = Sleek.Stanza.parse(IQ_XML)
        reply = iq.reply(True)
        self.assertIsInstance(reply, Sleek.Iq)
        self.assertEqual(reply.get_iq_type(), Sleek.IqType.RESULT)
        # Keys are the wire strings; the property is the normalised JID.
        self.assertEqual(reply.get_string('to'), 'Romeo@Example.net/orchard')
        self.assertEqual(reply.get_property('to').to_string(), 'romeo@example.net/orchard')
        self.assertEqual(reply.get_string('from'), 'juliet@example.com')
        self.assertEqual(reply.get_string('id'), 'roster-1')
        self.assertIsNone(reply.get_payload())
        kept = iq.reply(False)
        self.assertEqual(kept.get_query_namespace(), 'jabber:iq:roster')

    def test_parse_plain_and_bad_xml(self):
        plain = Sleek.Stanza.parse("<thing xmlns='urn:example:unknown' a='1'><x/></thing>")
        self.assertEqual(type(plain), Sleek.Stanza)
        self.assertEqual(plain.get_node().get_attribute('a'), '1')

        with self.assertRaises(GLib.Error) as caught:
            Sleek.Stanza.parse("<message xmlns='jabber:client'><body>")
        self.assertTrue(caught.exception.matches(Sleek.stream_error_quark(),
                                                 Sleek.StreamError.NOT_WELL_FORMED))
        with self.assertRaises(GLib.Error) as caught:
            Sleek.Stanza.parse("<message xmlns='jabber:client'><!-- no --></message>")
        self.assertTrue(caught.exception.matches(Sleek.stream_error_quark(),
                                                 Sleek.StreamError.RESTRICTED_XML))


class ErrorTests(unittest.TestCase):
    def test_error_reply_round_trip(self):
        iq = Sleek.Stanza.parse(IQ_XML)
        error = GLib.Error.new_literal(Sleek.stanza_error_quark(), 'no roster here',
                                       Sleek.StanzaError.ITEM_NOT_FOUND)
        reply = iq.make_error_reply(error)
        self.assertIsInstance(reply, Sleek.Iq)
        self.assertEqual(reply.get_iq_type(), Sleek.IqType.ERROR)
        self.assertEqual(reply.get_to().to_string(), 'romeo@example.net/orchard')
        self.assertTrue(reply.match('iq@type=error/error@condition=item-not-found'))

        # Through the wire format and back.
        back = Sleek.Stanza.parse(reply.to_string()).get_error()
        self.assertIsInstance(back, GLib.Error)
        self.assertEqual(back.domain, 'sleek-stanza-error-quark')
        self.assertEqual(back.code, Sleek.StanzaError.ITEM_NOT_FOUND)
        self.assertEqual(back.message, 'no roster here')
        self.assertTrue(back.matches(Sleek.stanza_error_quark(), Sleek.StanzaError.ITEM_NOT_FOUND))

        plugin = reply.get_plugin('error', False)
        self.assertIsInstance(plugin, Sleek.ErrorStanza)
        self.assertEqual(plugin.get_condition(), 'item-not-found')
        self.assertEqual(plugin.get_string('type'), 'cancel')

        self.assertIsNone(iq.get_error(), 'a get has no error')

    def test_every_condition_survives_the_wire(self):
        for code in Sleek.StanzaError.__enum_values__.values():
            with self.subTest(condition=code.value_nick):
                msg = Sleek.Message.new()
                msg.set_error(GLib.Error.new_literal(Sleek.stanza_error_quark(), '', code))
                back = Sleek.Stanza.parse(msg.to_string()).get_error()
                self.assertEqual(back.code, code)
                self.assertEqual(msg.get_string('type'), 'error')
                self.assertEqual(msg.get_plugin('error', False).get_string('type'),
                                 Sleek.stanza_error_default_type(code))

    def test_foreign_domain_is_undefined_condition(self):
        msg = Sleek.Message.new()
        msg.set_error(GLib.Error.new_literal(Gio.io_error_quark(), 'disk full', Gio.IOErrorEnum.NO_SPACE))
        back = msg.get_error()
        self.assertEqual(back.domain, 'sleek-stanza-error-quark')
        self.assertEqual(back.code, Sleek.StanzaError.UNDEFINED_CONDITION)
        self.assertEqual(back.message, 'disk full')


class PluginTests(unittest.TestCase):
    def test_python_plugin(self):
        msg = Sleek.Message.new()
        self.assertIn('receipt', msg.get_plugin_attribs())
        self.assertIsNone(msg.get_plugin('receipt', False))
        receipt = msg.get_plugin('receipt', True)
        self.assertIsInstance(receipt, Receipt)
        receipt.set_string('id', 'abc')
        self.assertIs(msg.get_plugin('receipt', False), receipt)
        self.assertEqual(msg.to_string(),
                         "<message xmlns='jabber:client'>"
                         "<received xmlns='urn:xmpp:receipts' id='abc'/></message>")

        parsed = Sleek.Stanza.parse(msg.to_string())
        again = parsed.get_plugin('receipt', False)
        self.assertIsInstance(again, Receipt)
        self.assertEqual(again.get_string('id'), 'abc')
        parsed.delete('receipt')
        self.assertIsNone(parsed.get_plugin('receipt', False))
        self.assertEqual(parsed.to_string(), "<message xmlns='jabber:client'/>")

    def test_match_through_plugin(self):
        msg = Sleek.Message.new()
        msg.get_plugin('receipt', True).set_string('id', 'abc')
        self.assertTrue(msg.match('message/receipt'))
        self.assertTrue(msg.match('message/receipt@id=abc'))
        self.assertFalse(msg.match('message/receipt@id=other'))
        self.assertTrue(msg.match('{jabber:client}message/{urn:xmpp:receipts}received'))
        self.assertFalse(Sleek.Message.new().match('message/receipt'))
        matcher = Sleek.Matcher.new_stanza_path('message/receipt@id=abc')
        self.assertTrue(matcher.match(msg))
        self.assertFalse(matcher.match(Sleek.Message.new()))

    def test_python_custom_keys(self):
        shout = Sleek.Stanza.parse("<shout xmlns='urn:example:shout' level='3'><word>hey</word></shout>")
        self.assertIsInstance(shout, Shout)
        self.assertEqual(shout.get_string('loud'), 'HEY')
        self.assertEqual(shout.get_string('level'), '3')
        shout.set_string('loud', 'QUIET')
        self.assertEqual(shout.get_node().get_child_text('word', None), 'quiet')
        self.assertEqual(shout.get_string('loud'), 'QUIET')
        shout.delete('loud')
        self.assertIsNone(shout.get_string('loud'))
        self.assertTrue(shout.match('shout@level=3'))
        self.assertEqual(shout.to_string(), "<shout xmlns='urn:example:shout' level='3'/>")
        # 'lang' is a custom key of the base class: the overrides chain up.
        shout.set_string('lang', 'en')
        self.assertEqual(shout.get_string('lang'), 'en')
        self.assertEqual(shout.get_node().get_lang(), 'en')
        shout.delete('lang')
        self.assertIsNone(shout.get_node().get_lang())
        # Built without a node, a Python stanza class gets its own element.
        fresh = Shout()
        self.assertEqual(fresh.to_string(), "<shout xmlns='urn:example:shout'/>")
        self.assertEqual(Sleek.Stanza.lookup_type('shout', 'urn:example:shout'), Shout.__gtype__)


class JidTests(unittest.TestCase):
    def test_parse_and_normalise(self):
        jid = Sleek.Jid.new('Juliet@Example.COM/Balcony')
        self.assertEqual(jid.to_string(), 'juliet@example.com/Balcony')
        self.assertEqual(jid.get_bare(), 'juliet@example.com')
        self.assertEqual(jid.get_resource(), 'Balcony')
        self.assertFalse(jid.is_bare())
        bare = jid.to_bare()
        self.assertTrue(bare.is_bare())
        self.assertIsNone(bare.get_resource())
        self.assertTrue(jid.equal_bare(bare))
        self.assertFalse(jid.equal(bare))
        self.assertEqual(jid.hash(), Sleek.Jid.new('juliet@example.com/Balcony').hash())
        server = Sleek.Jid.new('example.com')
        self.assertIsNone(server.get_local())
        parts = Sleek.Jid.new_from_parts(None, 'example.com', 'r')
        self.assertEqual(parts.to_string(), 'example.com/r')

    def test_parse_errors(self):
        cases = {
            '': Sleek.JidError.EMPTY,
            '@example.com': Sleek.JidError.LOCAL_EMPTY,
            'juliet@example.com/': Sleek.JidError.RESOURCE_EMPTY,
            'juliet@': Sleek.JidError.DOMAIN_EMPTY,
            'ro"meo@example.com': Sleek.JidError.LOCAL_FORBIDDEN,
            'x' * 1024 + '@example.com': Sleek.JidError.LOCAL_TOO_LONG,
        }
        for text, code in cases.items():
            with self.subTest(jid=text[:20], code=code.value_nick):
                with self.assertRaises(GLib.Error) as caught:
                    Sleek.Jid.new(text)
                error = caught.exception
                self.assertEqual(error.domain, 'sleek-jid-error-quark')
                self.assertEqual(error.code, code)
                self.assertTrue(error.matches(Sleek.jid_error_quark(), code))
                self.assertTrue(error.message)
        with self.assertRaises(GLib.Error) as caught:
            Sleek.Jid.new('juliet@example.com').with_resource('')
        self.assertEqual(caught.exception.code, Sleek.JidError.RESOURCE_EMPTY)

    def test_jid_property_set_and_clear(self):
        # The "to" property takes a Jid, and None removes the attribute.
        msg = Sleek.Message.new()
        msg.props.to = Sleek.Jid.new('a@b.example')
        self.assertEqual(msg.get_string('to'), 'a@b.example')
        msg.props.to = None
        self.assertIsNone(msg.get_string('to'))
        self.assertIsNone(msg.props.to)
        self.assertEqual(GObject.type_name(Sleek.Jid.__gtype__), 'SleekJid')


if __name__ == '__main__':
    taptest.main()
