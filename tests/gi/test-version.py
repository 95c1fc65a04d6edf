#!/usr/bin/python3
# test-version.py: version functions and constants through GI
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import unittest

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import Sleek  # noqa: E402

import taptest  # noqa: E402


class VersionTests(unittest.TestCase):
    def test_runtime_matches_project(self):
        expected = os.environ.get('SLEEK_EXPECTED_VERSION')
        self.assertIsNotNone(expected, 'the meson test environment sets SLEEK_EXPECTED_VERSION')
        runtime = '{}.{}.{}'.format(Sleek.get_major_version(),
                                    Sleek.get_minor_version(),
                                    Sleek.get_micro_version())
        self.assertEqual(runtime, expected)

    def test_constants_match_runtime(self):
        self.assertEqual(Sleek.MAJOR_VERSION, Sleek.get_major_version())
        self.assertEqual(Sleek.MINOR_VERSION, Sleek.get_minor_version())
        self.assertEqual(Sleek.MICRO_VERSION, Sleek.get_micro_version())


class NamespaceConstantTests(unittest.TestCase):
    def test_namespace_constants(self):
        self.assertEqual(Sleek.NS_CLIENT, 'jabber:client')
        self.assertEqual(Sleek.NS_STREAMS, 'http://etherx.jabber.org/streams')


if __name__ == '__main__':
    taptest.main()
