// test-version.js: version functions and constants through GI
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.Sleek = '1.0';
const GLib = imports.gi.GLib;
const Sleek = imports.gi.Sleek;
const Tap = imports.tap;

Tap.test('runtime version matches the project version', () => {
    const expected = GLib.getenv('SLEEK_EXPECTED_VERSION');
    Tap.assert(expected !== null, 'the meson test environment sets SLEEK_EXPECTED_VERSION');
    const runtime = `${Sleek.get_major_version()}.${Sleek.get_minor_version()}.${Sleek.get_micro_version()}`;
    Tap.assertEqual(runtime, expected);
});

Tap.test('version constants match the runtime', () => {
    Tap.assertEqual(Sleek.MAJOR_VERSION, Sleek.get_major_version());
    Tap.assertEqual(Sleek.MINOR_VERSION, Sleek.get_minor_version());
    Tap.assertEqual(Sleek.MICRO_VERSION, Sleek.get_micro_version());
});

Tap.test('namespace constants', () => {
    Tap.assertEqual(Sleek.NS_CLIENT, 'jabber:client');
    Tap.assertEqual(Sleek.NS_STREAMS, 'http://etherx.jabber.org/streams');
});

Tap.run();
