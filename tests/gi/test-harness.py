#!/usr/bin/python3
# test-harness.py: checks the two TAP harnesses report failures as failures
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys
import tempfile
import unittest

from gi.repository import GLib

import taptest

HERE = os.path.dirname(os.path.abspath(__file__))

PY_SCRIPT = '''
import unittest
import taptest

class T(unittest.TestCase):
    def test_a_pass(self):
        pass
    def test_b_fail(self):
        self.assertEqual(1, 2)
    def test_c_error(self):
        raise RuntimeError('boom')
    def test_d_subtest(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertNotEqual(i, 1)
    @unittest.skip('not here')
    def test_e_skip(self):
        pass
    def test_f_print(self):
        print('ok 99 - printed by a test, must not reach stdout')

taptest.main()
'''

JS_SCRIPT = '''
const Tap = imports.tap;
Tap.test('passes', () => {});
Tap.test('fails', () => Tap.assertEqual('a', 'b'));
Tap.test('rejects', async () => { throw new Error('async boom'); });
Tap.run();
'''


def run_script(argv, text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'case' + suffix)
        with open(path, 'w') as f:
            f.write(text)
        env = dict(os.environ)
        env['PYTHONPATH'] = HERE + os.pathsep + env.get('PYTHONPATH', '')
        env['GJS_PATH'] = HERE + os.pathsep + env.get('GJS_PATH', '')
        proc = subprocess.run(argv + [path], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    tap = [line for line in proc.stdout.splitlines() if not line.startswith('#')]
    return proc.returncode, tap


class HarnessTests(unittest.TestCase):
    def test_python_harness(self):
        rc, tap = run_script([sys.executable], PY_SCRIPT, '.py')
        self.assertEqual(rc, 1)
        self.assertEqual(tap, [
            '1..6',
            'ok 1 - T.test_a_pass',
            'not ok 2 - T.test_b_fail',
            'not ok 3 - T.test_c_error',
            'not ok 4 - T.test_d_subtest',
            'ok 5 - T.test_e_skip # SKIP not here',
            'ok 6 - T.test_f_print',
        ])

    def test_gjs_harness(self):
        gjs = os.environ.get('GJS')
        if not gjs:
            self.skipTest('GJS is not set')
        rc, tap = run_script([gjs], JS_SCRIPT, '.js')
        self.assertEqual(rc, 1)
        self.assertEqual(tap, ['1..3', 'ok 1 - passes', 'not ok 2 - fails', 'not ok 3 - rejects'])

    def test_spin(self):
        fired = []
        GLib.timeout_add(10, lambda: fired.append(1) or GLib.SOURCE_REMOVE)
        taptest.spin(lambda: fired, timeout=5)
        self.assertEqual(fired, [1])
        with self.assertRaises(AssertionError):
            taptest.spin(lambda: False, timeout=0.05)


if __name__ == '__main__':
    taptest.main()
