#!/usr/bin/python3
# check-echo-component.py: runs demo/echo-component against the private
# Prosody and talks to it as a client; a TAP test of the demo
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   prosody-harness run --tap -- check-echo-component.py ECHO-COMPONENT [ARG...]
#
# ECHO-COMPONENT [ARG...] is the command that runs the demo: the C program,
# or an interpreter and echo-component.py or echo-component.js.
#
# Each case leases a component domain of the server's pool, starts the
# demo on it, and logs juliet in through Sleek.ClientXmpp (GI). The cases:
# the disco#info of the domain names the component, a chat line sent to
# any name of the domain comes back from that name, and SIGTERM ends the
# component with its stream closed and exit status 0. The component is
# killed whatever happens, and every wait has a deadline.

import os
import signal
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'integration'))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'gi'))

import prosody_env  # noqa: E402
import taptest  # noqa: E402
from gi_client import TIMEOUT, JulietClient  # noqa: E402

try:
    import gi
    gi.require_version('GLib', '2.0')
    gi.require_version('Gio', '2.0')
    gi.require_version('Sleek', '1.0')
    from gi.repository import GLib, Sleek  # noqa: E402
except (ImportError, ValueError) as e:
    GI_MISSING = str(e)
else:
    GI_MISSING = None

COMPONENT = sys.argv[1:]
DISCO_INFO = 'http://jabber.org/protocol/disco#info'


class Component:
    """The demo as a child process; a thread collects its output."""

    def __init__(self, jid):
        self.lines = []
        self.changed = threading.Condition()
        self.proc = subprocess.Popen(
            COMPONENT + ['--jid', jid,
             '--secret', prosody_env.require('SLEEK_TEST_COMPONENT_SECRET'),
             '--host', prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS'),
             '--port', str(prosody_env.port('SLEEK_TEST_COMPONENT_PORT'))],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True, encoding='utf-8')
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append(line.rstrip('\n'))
                self.changed.notify_all()

    def wait_for(self, text, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        with self.changed:
            while not any(text in line for line in self.lines):
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    raise AssertionError('the component never printed {!r}; it printed:\n{}'.format(
                        text, '\n'.join(self.lines)))
                self.changed.wait(min(left, 0.1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(5)
        self.proc.stdout.close()


@unittest.skipIf(GI_MISSING, 'no Sleek typelib: {}'.format(GI_MISSING))
@unittest.skipUnless(prosody_env.available(), 'no Prosody: run through prosody-harness run --')
@unittest.skipUnless(COMPONENT, 'give the command that runs the echo component as the arguments')
class EchoComponentTests(JulietClient, unittest.TestCase):

    def setUp(self):
        self.lease = prosody_env.lease_component()
        self.domain = self.lease.jid
        self.component = Component(self.domain)
        self.ctx = GLib.MainContext.new()
        self.ctx.push_thread_default()
        self.client = None
        try:
            self.component.wait_for('online as ' + self.domain)
            self.client = self.login('echo-component')
        except BaseException:
            self.tearDown()
            raise

    def tearDown(self):
        if self.client is not None:
            self.client.abort()
            self.client = None
        while self.ctx.iteration(False):
            pass
        self.ctx.pop_thread_default()
        self.component.stop()
        self.lease.release()

    def test_disco_info(self):
        self.assertTrue(self.client.register_plugin('xep_0030'))
        disco = self.client.get_plugin('xep_0030')
        info = self.call(lambda cb: disco.get_info_async(Sleek.Jid.new(self.domain), None, None, cb),
                         disco.get_info_finish)
        self.assertTrue(info.has_identity('component', 'generic'))
        names = [identity.get_name() for identity in info.get_identities()]
        self.assertEqual(names, ['Echo component'])
        self.assertTrue(info.has_feature(DISCO_INFO))

    def test_echo(self):
        received = []
        self.client.connect('message::chat',
                            lambda xmpp, message: received.append((message.get_from().to_string(),
                                                                   message.get_body())))
        lines = ['Hello, component!', 'Ünïcödé, <tags> & "quotes" ✓']
        for i, line in enumerate(lines):
            self.client.send_message('echo{}@{}'.format(i, self.domain), line, 'chat')
        self.spin(lambda: len(received) == len(lines))
        self.assertEqual(received, [('echo{}@{}'.format(i, self.domain), line) for i, line in enumerate(lines)])
        self.component.wait_for('echoed to ')

    def test_sigterm(self):
        self.component.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.component.proc.wait(TIMEOUT), 0)
        self.component.wait_for('disconnected')
        self.assertFalse([line for line in self.component.lines
                          if 'WARNING' in line or 'CRITICAL' in line], self.component.lines)


if __name__ == '__main__':
    taptest.main()
