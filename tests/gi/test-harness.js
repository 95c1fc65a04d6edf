// test-harness.js: checks tap.js itself (async cases, assertions)
//
// SPDX-License-Identifier: LGPL-2.1-or-later

const GLib = imports.gi.GLib;
const Tap = imports.tap;

Tap.test('an async case is awaited on the main loop', async () => {
    const value = await new Promise(resolve => {
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, () => {
            resolve(42);
            return GLib.SOURCE_REMOVE;
        });
    });
    Tap.assertEqual(value, 42);
});

Tap.test('assertThrows returns the exception', () => {
    const e = Tap.assertThrows(() => {
        throw new TypeError('boom');
    });
    Tap.assert(e instanceof TypeError);
    Tap.assertThrows(() => Tap.assertEqual(1, 2));
    Tap.assertThrows(() => Tap.assertThrows(() => {}));
});

Tap.run();
