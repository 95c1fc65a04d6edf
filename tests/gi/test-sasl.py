#!/usr/bin/python3
# test-sasl.py: the SASL mechanisms as Python sees them through GI
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('GObject', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, GObject, Sleek  # noqa: E402

import taptest  # noqa: E402

# RFC 5802 section 5.
NONCE = 'fyko+d2lbbFgONRv9qkxdawL'
SERVER_FIRST = b'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'
CLIENT_FINAL = b'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts='
SERVER_FINAL = b'v=rmF9pqV8S7suAoZWja4dJRkFsKQ='


def run(begin, finish, *args):
    """Runs an _async/_finish pair on a private main context."""
    context = GLib.MainContext.new()
    context.push_thread_default()
    try:
        box = []
        begin(*args, None, lambda source, result: box.append(result))
        deadline = GLib.get_monotonic_time() + 30 * 1000000
        while not box:
            if GLib.get_monotonic_time() > deadline:
                raise AssertionError('the operation did not complete')
            context.iteration(True)
        return finish(box[0])
    finally:
        context.pop_thread_default()


class SaslTests(unittest.TestCase):
    def scram(self):
        m = Sleek.SaslMechanism.new('SCRAM-SHA-1')
        self.assertIsInstance(m, Sleek.SaslScram)
        m.props.username = 'user'
        m.props.password = 'pencil'
        m.props.client_nonce = NONCE
        return m

    def test_rfc5802(self):
        m = self.scram()
        first = run(m.start_async, m.start_finish)
        self.assertEqual(first.get_data(), b'n,,n=user,r=' + NONCE.encode())
        final = run(m.step_async, m.step_finish, GLib.Bytes.new(SERVER_FIRST))
        self.assertEqual(final.get_data(), CLIENT_FINAL)
        self.assertTrue(m.verify_success(GLib.Bytes.new(SERVER_FINAL)))
        self.assertEqual(m.props.iterations, 4096)
        self.assertEqual(len(m.get_client_key().get_data()), 20)

    def test_wrong_signature(self):
        m = self.scram()
        run(m.start_async, m.start_finish)
        run(m.step_async, m.step_finish, GLib.Bytes.new(SERVER_FIRST))
        with self.assertRaises(GLib.Error) as cm:
            m.verify_success(GLib.Bytes.new(b'v=AAAAAAAAAAAAAAAAAAAAAAAAAAA='))
        self.assertTrue(cm.exception.matches(Sleek.sasl_error_quark(), Sleek.SaslError.SERVER_SIGNATURE))

    def test_plain_needs_encryption(self):
        m = Sleek.SaslMechanism.new('PLAIN')
        m.props.username = 'juliet'
        m.props.password = 'secret'
        with self.assertRaises(GLib.Error) as cm:
            run(m.start_async, m.start_finish)
        self.assertTrue(cm.exception.matches(Sleek.sasl_error_quark(), Sleek.SaslError.ENCRYPTION_REQUIRED))

    def test_choose(self):
        offered = ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-1-PLUS']
        flags = Sleek.SaslChoiceFlags.ENCRYPTED | Sleek.SaslChoiceFlags.HAVE_PASSWORD
        self.assertEqual(Sleek.SaslMechanism.choose(offered, flags), 'SCRAM-SHA-1')
        self.assertEqual(Sleek.SaslMechanism.choose(offered, flags | Sleek.SaslChoiceFlags.CAN_BIND),
                         'SCRAM-SHA-1-PLUS')
        m = Sleek.SaslMechanism.new_for_offer(offered, None, flags)
        self.assertEqual(m.props.name, 'SCRAM-SHA-1')
        self.assertTrue(m.props.server_offers_plus)
        with self.assertRaises(GLib.Error) as cm:
            Sleek.SaslMechanism.new('DIGEST-MD5')
        self.assertTrue(cm.exception.matches(Sleek.sasl_error_quark(), Sleek.SaslError.INVALID_MECHANISM))
        self.assertEqual(Sleek.SaslMechanism.list_names()[0], 'SCRAM-SHA-512-PLUS')

    def test_error_conditions(self):
        self.assertEqual(Sleek.SaslError.from_condition('not-authorized'), Sleek.SaslError.NOT_AUTHORIZED)
        self.assertEqual(Sleek.sasl_error_to_condition(Sleek.SaslError.ACCOUNT_DISABLED), 'account-disabled')
        self.assertIsNone(Sleek.sasl_error_to_condition(Sleek.SaslError.NO_CREDENTIALS))

    def test_anonymous_empty_response(self):
        m = Sleek.SaslMechanism.new('ANONYMOUS')
        response = run(m.start_async, m.start_finish)
        self.assertEqual(response.get_size(), 0)

    def test_login_settings(self):
        """What an application stores between starts: the user agent id
        and the FAST token, through properties and the signal."""
        client = Sleek.ClientXmpp.new('juliet@example.com', None)
        agent = client.get_user_agent_id()
        self.assertTrue(GLib.uuid_string_is_valid(agent))
        self.assertEqual(client.props.user_agent_id, agent)
        client.props.user_agent_id = 'kept-id'
        self.assertEqual(client.get_user_agent_id(), 'kept-id')
        self.assertTrue(client.props.sasl2)
        self.assertEqual(client.props.bind2_tag, 'sleek-glib')
        self.assertIsNone(client.props.fast_token)
        expiry = GLib.DateTime.new_from_iso8601('2036-02-04T12:00:00Z', None)
        client.set_fast_token('s3cret', 'HT-SHA-256-NONE', expiry)
        self.assertEqual(client.props.fast_token, 's3cret')
        self.assertEqual(client.get_fast_mechanism(), 'HT-SHA-256-NONE')
        self.assertEqual(client.props.fast_token_expiry.to_unix(), expiry.to_unix())
        self.assertEqual(Sleek.SaslError.UNSUPPORTED_TASK.value_nick, 'unsupported-task')
        self.assertTrue(GObject.signal_lookup('fast-token-changed', Sleek.ClientXmpp))
        client.set_fast_token(None, None, None)
        self.assertIsNone(client.get_fast_token())
        self.assertIsNone(client.get_fast_token_expiry())


if __name__ == '__main__':
    taptest.main()
