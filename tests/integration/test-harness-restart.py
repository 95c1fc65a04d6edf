#!/usr/bin/python3
# test-harness-restart.py: kill the private Prosody and bring it back
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# What a test that loses its server mid-session relies on: after
# `prosody-harness kill` the ports refuse connections, and after
# `prosody-harness start-again` (or `restart`) the server is back on the
# same ports with the same accounts and certificate, under a new pid that
# DIR/env records. It stops the server, so meson gives it a server of its
# own (private_integration_tests).

import os
import socket
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'gi'))

import prosody_env  # noqa: E402
import taptest  # noqa: E402

PORT_KEYS = ('SLEEK_TEST_C2S_PORT', 'SLEEK_TEST_DIRECT_TLS_PORT', 'SLEEK_TEST_COMPONENT_PORT',
             'SLEEK_TEST_HTTP_PORT', 'SLEEK_TEST_HTTPS_PORT')


def harness(*args):
    r = subprocess.run([sys.executable, prosody_env.require('SLEEK_TEST_PROSODY_HARNESS')] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=60)
    return r.returncode, r.stdout


def accepts(port):
    try:
        socket.create_connection((prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS'), port), timeout=5).close()
        return True
    except OSError:
        return False


def snapshot():
    return {k: prosody_env.get(k) for k in PORT_KEYS + ('SLEEK_TEST_PROSODY_PID', 'SLEEK_TEST_CA_FILE')}


@unittest.skipUnless(prosody_env.available(), 'no Prosody: run through prosody-harness run --')
class Restart(unittest.TestCase):

    def test_kill_and_start_again(self):
        before = snapshot()
        rc, out = harness('kill')
        self.assertEqual(rc, 0, out)
        self.assertEqual(prosody_env.get('SLEEK_TEST_PROSODY_PID'), '0')
        for k in PORT_KEYS:
            self.assertFalse(accepts(int(before[k])), k)
        rc, out = harness('status')
        self.assertEqual(rc, 1, out)

        with open(prosody_env.require('SLEEK_TEST_CA_FILE'), 'rb') as f:
            cert = f.read()
        rc, out = harness('start-again')
        self.assertEqual(rc, 0, out)
        after = snapshot()
        for k in PORT_KEYS + ('SLEEK_TEST_CA_FILE',):
            self.assertEqual(after[k], before[k], k)
            if k in PORT_KEYS:
                self.assertTrue(accepts(int(after[k])), k)
        self.assertNotEqual(after['SLEEK_TEST_PROSODY_PID'], before['SLEEK_TEST_PROSODY_PID'])
        with open(prosody_env.require('SLEEK_TEST_CA_FILE'), 'rb') as f:
            self.assertEqual(f.read(), cert)
        rc, out = harness('status')
        self.assertEqual(rc, 0, out)

    def test_restart(self):
        before = snapshot()
        rc, out = harness('restart')
        self.assertEqual(rc, 0, out)
        after = snapshot()
        self.assertNotEqual(after['SLEEK_TEST_PROSODY_PID'], before['SLEEK_TEST_PROSODY_PID'])
        for k in PORT_KEYS:
            self.assertEqual(after[k], before[k], k)
            self.assertTrue(accepts(int(after[k])), k)

    def test_start_again_while_running_fails(self):
        rc, out = harness('start-again')
        self.assertEqual(rc, 1, out)
        self.assertIn('already runs', out)
        rc, out = harness('status')
        self.assertEqual(rc, 0, out)


if __name__ == '__main__':
    taptest.main()
