// test-errors.js: the error domains as gjs sees them through GI
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.GLib = '2.0';
imports.gi.versions.Sleek = '1.0';
const GLib = imports.gi.GLib;
const Sleek = imports.gi.Sleek;
const Tap = imports.tap;

Tap.test('StreamError enum values', () => {
    Tap.assertEqual(Sleek.StreamError.BAD_FORMAT, 0);
    Tap.assertEqual(Sleek.StreamError.RESTRICTED_XML, 17);
    Tap.assertEqual(Sleek.StreamError.UNSUPPORTED_VERSION, 24);
});

Tap.test('stream_error_to_condition', () => {
    Tap.assertEqual(Sleek.stream_error_to_condition(Sleek.StreamError.RESTRICTED_XML), 'restricted-xml');
    Tap.assertEqual(Sleek.StreamError.to_condition(Sleek.StreamError.SEE_OTHER_HOST), 'see-other-host');
});

Tap.test('stream conditions round trip', () => {
    for (let code = Sleek.StreamError.BAD_FORMAT; code <= Sleek.StreamError.UNSUPPORTED_VERSION; code++) {
        const condition = Sleek.stream_error_to_condition(code);
        Tap.assertEqual(Sleek.stream_error_from_condition(condition), code, condition);
    }
    Tap.assertEqual(Sleek.stream_error_from_condition('no-such-condition'),
        Sleek.StreamError.UNDEFINED_CONDITION);
    Tap.assertEqual(Sleek.stream_error_from_condition(null), Sleek.StreamError.UNDEFINED_CONDITION);
});

Tap.test('stanza conditions round trip', () => {
    for (let code = Sleek.StanzaError.BAD_REQUEST; code <= Sleek.StanzaError.UNEXPECTED_REQUEST; code++) {
        const condition = Sleek.stanza_error_to_condition(code);
        Tap.assertEqual(Sleek.stanza_error_from_condition(condition), code, condition);
        Tap.assert(['cancel', 'modify', 'auth', 'wait'].includes(Sleek.stanza_error_default_type(code)),
            `type of ${condition}`);
    }
    Tap.assertEqual(Sleek.stanza_error_default_type(Sleek.StanzaError.NOT_AUTHORIZED), 'auth');
});

Tap.test('GLib.Error in the stanza error domain', () => {
    const quark = Sleek.stanza_error_quark();
    Tap.assertEqual(GLib.quark_to_string(quark), 'sleek-stanza-error-quark');

    const error = new GLib.Error(quark, Sleek.StanzaError.ITEM_NOT_FOUND, 'no such item');
    Tap.assertEqual(error.domain, quark);
    Tap.assertEqual(error.code, Sleek.StanzaError.ITEM_NOT_FOUND);
    Tap.assert(error.matches(Sleek.StanzaError, Sleek.StanzaError.ITEM_NOT_FOUND), 'matches the enum');
    Tap.assert(error instanceof Sleek.StanzaError, 'instanceof the error enum');
    Tap.assert(!error.matches(Sleek.StreamError, Sleek.StanzaError.ITEM_NOT_FOUND), 'other domain');

    // gjs makes error-domain enums constructible.
    const built = new Sleek.StanzaError({code: Sleek.StanzaError.FORBIDDEN, message: 'go away'});
    Tap.assertEqual(built.domain, quark);
    Tap.assertEqual(built.message, 'go away');
});

Tap.test('error domain quark names', () => {
    const names = {
        'sleek-jid-error-quark': Sleek.jid_error_quark(),
        'sleek-stream-error-quark': Sleek.stream_error_quark(),
        'sleek-stanza-error-quark': Sleek.stanza_error_quark(),
        'sleek-sasl-error-quark': Sleek.sasl_error_quark(),
        'sleek-connect-error-quark': Sleek.connect_error_quark(),
        'sleek-plugin-error-quark': Sleek.plugin_error_quark(),
    };
    for (const [name, quark] of Object.entries(names))
        Tap.assertEqual(GLib.quark_to_string(quark), name);
    Tap.assertEqual(new Set(Object.values(names)).size, 6, 'distinct quarks');
});

Tap.run();
