#!/usr/bin/python3
# test-errors.py: the error domains as Python sees them through GI
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

DOMAINS = {
    'sleek-jid-error-quark': (Sleek.jid_error_quark, Sleek.JidError),
    'sleek-stream-error-quark': (Sleek.stream_error_quark, Sleek.StreamError),
    'sleek-stanza-error-quark': (Sleek.stanza_error_quark, Sleek.StanzaError),
    'sleek-sasl-error-quark': (Sleek.sasl_error_quark, Sleek.SaslError),
    'sleek-connect-error-quark': (Sleek.connect_error_quark, Sleek.ConnectError),
    'sleek-plugin-error-quark': (Sleek.plugin_error_quark, Sleek.PluginError),
}


class StreamErrorTests(unittest.TestCase):
    def test_enum_values(self):
        self.assertEqual(int(Sleek.StreamError.BAD_FORMAT), 0)
        self.assertEqual(int(Sleek.StreamError.RESTRICTED_XML), 17)
        self.assertEqual(int(Sleek.StreamError.UNSUPPORTED_VERSION), 24)
        # RFC 6120 section 4.9.3 defines 25 conditions.
        self.assertEqual(len(Sleek.StreamError.__enum_values__), 25)
        self.assertEqual(Sleek.StreamError.RESTRICTED_XML.value_nick, 'restricted-xml')

    def test_to_condition(self):
        self.assertEqual(Sleek.stream_error_to_condition(Sleek.StreamError.RESTRICTED_XML),
                         'restricted-xml')
        self.assertEqual(Sleek.StreamError.to_condition(Sleek.StreamError.SEE_OTHER_HOST),
                         'see-other-host')

    def test_round_trip(self):
        for value in Sleek.StreamError.__enum_values__.values():
            with self.subTest(code=value.value_nick):
                condition = Sleek.stream_error_to_condition(value)
                self.assertEqual(Sleek.stream_error_from_condition(condition), value)

    def test_unknown_condition(self):
        self.assertEqual(Sleek.stream_error_from_condition('no-such-condition'),
                         Sleek.StreamError.UNDEFINED_CONDITION)
        self.assertEqual(Sleek.stream_error_from_condition(None),
                         Sleek.StreamError.UNDEFINED_CONDITION)


class StanzaErrorTests(unittest.TestCase):
    def test_round_trip(self):
        for value in Sleek.StanzaError.__enum_values__.values():
            with self.subTest(code=value.value_nick):
                condition = Sleek.stanza_error_to_condition(value)
                self.assertEqual(Sleek.stanza_error_from_condition(condition), value)
                self.assertIn(Sleek.stanza_error_default_type(value),
                              ('cancel', 'modify', 'auth', 'wait'))

    def test_default_types(self):
        self.assertEqual(Sleek.stanza_error_default_type(Sleek.StanzaError.NOT_AUTHORIZED), 'auth')
        self.assertEqual(Sleek.stanza_error_default_type(Sleek.StanzaError.BAD_REQUEST), 'modify')
        self.assertEqual(Sleek.stanza_error_default_type(Sleek.StanzaError.RESOURCE_CONSTRAINT), 'wait')
        self.assertEqual(Sleek.stanza_error_default_type(Sleek.StanzaError.ITEM_NOT_FOUND), 'cancel')

    def test_glib_error_domain(self):
        quark = Sleek.stanza_error_quark()
        self.assertEqual(GLib.quark_to_string(quark), 'sleek-stanza-error-quark')
        error = GLib.Error.new_literal(quark, 'no such item', Sleek.StanzaError.ITEM_NOT_FOUND)
        self.assertEqual(error.domain, 'sleek-stanza-error-quark')
        self.assertEqual(error.code, Sleek.StanzaError.ITEM_NOT_FOUND)
        self.assertTrue(error.matches(quark, Sleek.StanzaError.ITEM_NOT_FOUND))
        self.assertFalse(error.matches(Sleek.stream_error_quark(), Sleek.StanzaError.ITEM_NOT_FOUND))


class DomainTests(unittest.TestCase):
    def test_quark_names(self):
        for name, (quark_func, enum) in DOMAINS.items():
            with self.subTest(domain=name):
                self.assertEqual(GLib.quark_to_string(quark_func()), name)
                # The scanner ties each enum to its domain, so bindings
                # also reach the quark through the enum.
                self.assertEqual(enum.quark(), quark_func())

    def test_quarks_distinct(self):
        quarks = [quark_func() for quark_func, _ in DOMAINS.values()]
        self.assertEqual(len(set(quarks)), len(quarks))


if __name__ == '__main__':
    taptest.main()
