// tap.js: a tiny test registry for gjs scripts that prints TAP
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Usage (the meson test environment puts this folder on GJS_PATH):
//
//     const Tap = imports.tap;
//     Tap.test('what it checks', () => { Tap.assertEqual(1 + 1, 2); });
//     Tap.test('an async case', async () => { ... await ...; });
//     Tap.run();
//
// run() prints the "1..N" plan, then "ok N - name" or "not ok N - name"
// followed by the error and its stack as "# " comments, and exits with 1
// when any case failed. A case that returns a promise (an async function)
// is awaited while the default GLib main context runs, and fails after
// TIMEOUT_MS milliseconds.

/* exported test, run, assert, assertEqual, assertThrows, TIMEOUT_MS */

const GLib = imports.gi.GLib;
const System = imports.system;

var TIMEOUT_MS = 5000;

const _cases = [];

function test(name, func) {
    _cases.push({name, func});
}

function _describe(value) {
    if (typeof value === 'string')
        return JSON.stringify(value);
    return String(value);
}

function assert(condition, message) {
    if (!condition)
        throw new Error(`assertion failed${message ? `: ${message}` : ''}`);
}

function assertEqual(actual, expected, message) {
    if (actual !== expected) {
        throw new Error(`${message ? `${message}: ` : ''}expected ${_describe(expected)}, got ${
            _describe(actual)}`);
    }
}

// Calls func, which must throw; check (optional) gets the exception and
// may assert on it.
function assertThrows(func, check) {
    let caught = null;
    try {
        func();
    } catch (e) {
        caught = e;
    }
    if (caught === null)
        throw new Error('expected an exception, none was thrown');
    if (check)
        check(caught);
    return caught;
}

// Runs the main loop until the promise settles or the timeout fires.
function _await(promise) {
    const loop = new GLib.MainLoop(null, false);
    let settled = false;
    let failure = null;

    promise.then(() => {
        settled = true;
        loop.quit();
    }, e => {
        settled = true;
        failure = e ?? new Error('promise rejected');
        loop.quit();
    });
    let timeoutId = GLib.timeout_add(GLib.PRIORITY_DEFAULT, TIMEOUT_MS, () => {
        timeoutId = 0;
        if (!settled)
            failure = new Error(`timed out after ${TIMEOUT_MS} ms`);
        settled = true;
        loop.quit();
        return GLib.SOURCE_REMOVE;
    });
    // The promise callbacks run from the job queue, which gjs drains as
    // the loop iterates.
    if (!settled)
        loop.run();
    if (timeoutId !== 0)
        GLib.source_remove(timeoutId);
    if (failure !== null)
        throw failure;
}

function _printDiagnostics(error) {
    const text = `${error}\n${error?.stack ?? ''}`;
    for (const line of text.trimEnd().split('\n'))
        print(`# ${line}`);
}

function run() {
    print(`1..${_cases.length}`);
    let failed = 0;
    _cases.forEach(({name, func}, i) => {
        try {
            const result = func();
            if (result && typeof result.then === 'function')
                _await(result);
            print(`ok ${i + 1} - ${name}`);
        } catch (e) {
            failed++;
            print(`not ok ${i + 1} - ${name}`);
            _printDiagnostics(e);
        }
    });
    if (_cases.length === 0) {
        print('# no test cases registered');
        failed++;
    }
    System.exit(failed > 0 ? 1 : 0);
}
