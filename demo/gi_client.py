# gi_client.py: juliet's session through GI, for the demo checks
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A mixin for the unittest cases of check-echo-component.py and
# check-roster-dump.py: they set self.ctx to a main context of their own
# (thread-default while the case runs) and get spin(), call() for async
# pairs, and login() as juliet on the private Prosody. Sleek is imported
# when first used, so that a script can still report a missing typelib.

import os

import prosody_env
import taptest

TIMEOUT = 20.0


class JulietClient:
    def spin(self, until):
        taptest.spin(until, TIMEOUT, self.ctx)

    def call(self, start, finish):
        """Runs an _async call (start gets the callback) and its _finish."""
        results = []
        start(lambda source, result, *args: results.append(result))
        self.spin(lambda: results)
        return finish(results[0])

    def login(self, resource):
        """juliet@ with RESOURCE-PID, logged in over TLS with the CA of the server."""
        from gi.repository import Gio, Sleek

        client = Sleek.ClientXmpp.new('{}/{}-{}'.format(
            prosody_env.require('SLEEK_TEST_JID_JULIET'), resource, os.getpid()),
            prosody_env.require('SLEEK_TEST_PASSWORD_JULIET'))
        client.props.server_host = prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS')
        client.props.server_port = prosody_env.port('SLEEK_TEST_C2S_PORT')
        client.props.keepalive_interval = 0
        # Held here too: PyGObject warns when the only reference is the client's.
        self.database = Gio.TlsFileDatabase.new(prosody_env.require('SLEEK_TEST_CA_FILE'))
        client.props.tls_database = self.database
        self.assertTrue(self.call(lambda cb: client.connect_async(None, cb), client.connect_finish))
        return client
