#!/usr/bin/python3
# check-roster-dump.py: runs a roster-dump demo against the private
# Prosody; a TAP test of the demo
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   prosody-harness run --tap -- check-roster-dump.py ROSTER-DUMP [ARG...]
#
# ROSTER-DUMP [ARG...] is the command that runs the demo (an interpreter
# and roster-dump.py or roster-dump.js). Juliet adds a contact of her own
# (a JID no other test uses, with a name and two groups) through
# Sleek.ClientXmpp (GI); the demo, logged in as another resource of hers,
# must print it with its name, subscription and groups and exit 0. A wrong
# password must end it with status 1 and a message. The contact is removed
# whatever happens, and every wait has a deadline.

import os
import subprocess
import sys
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

DUMP = sys.argv[1:]


@unittest.skipIf(GI_MISSING, 'no Sleek typelib: {}'.format(GI_MISSING))
@unittest.skipUnless(prosody_env.available(), 'no Prosody: run through prosody-harness run --')
@unittest.skipUnless(DUMP, 'give the command that runs the roster dump as the arguments')
class RosterDumpTests(JulietClient, unittest.TestCase):

    def setUp(self):
        self.ctx = GLib.MainContext.new()
        self.ctx.push_thread_default()
        self.client = None
        self.contact = None
        try:
            self.client = self.login('check-roster-dump')
        except BaseException:
            self.tearDown()
            raise

    def tearDown(self):
        if self.client is not None:
            if self.contact is not None:
                self.call(lambda cb: self.client.remove_roster_item_async(self.contact, None, cb),
                          self.client.remove_roster_item_finish)
            self.client.abort()
            self.client = None
        while self.ctx.iteration(False):
            pass
        self.ctx.pop_thread_default()

    def dump(self, password=None):
        """Runs the demo as juliet; gives (status, stdout, stderr)."""
        proc = subprocess.run(
            DUMP + ['--jid', '{}/roster-dump-{}'.format(prosody_env.require('SLEEK_TEST_JID_JULIET'),
                                                        os.getpid()),
                    '--password', password or prosody_env.require('SLEEK_TEST_PASSWORD_JULIET'),
                    '--host', prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS'),
                    '--port', str(prosody_env.port('SLEEK_TEST_C2S_PORT')),
                    '--ca-file', prosody_env.require('SLEEK_TEST_CA_FILE')],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT,
            universal_newlines=True, encoding='utf-8')
        return proc.returncode, proc.stdout, proc.stderr

    def test_contact_listed(self):
        contact = 'dump-{}-{}@{}'.format(os.getpid(), abs(hash(tuple(DUMP))) % 10000,
                                         prosody_env.require('SLEEK_TEST_PROSODY_HOST'))
        self.contact = Sleek.Jid.new(contact)
        self.assertTrue(self.call(
            lambda cb: self.client.update_roster_item_async(self.contact, 'Nurse Ängela',
                                                            ['Friends', 'Family'], None, cb),
            self.client.update_roster_item_finish))

        status, out, err = self.dump()
        self.assertEqual(status, 0, err)
        lines = [line.split('\t') for line in out.splitlines() if line.startswith(contact + '\t')]
        self.assertEqual(len(lines), 1, out)
        jid, name, subscription, groups = lines[0]
        self.assertEqual(name, 'Nurse Ängela')
        self.assertEqual(subscription, 'none')
        self.assertEqual(sorted(groups.split(', ')), ['Family', 'Friends'])
        # Every line has the four fields, sorted by JID.
        rows = [line.split('\t') for line in out.splitlines()]
        self.assertTrue(all(len(row) == 4 for row in rows), out)
        self.assertEqual([row[0] for row in rows], sorted(row[0] for row in rows))

    def test_wrong_password(self):
        status, out, err = self.dump(password='not-the-password')
        self.assertEqual(status, 1, out + err)
        self.assertIn('could not log in', err)
        self.assertEqual(out, '')


if __name__ == '__main__':
    taptest.main()
