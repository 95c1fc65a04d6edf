// test-plugin.js: a plugin written in gjs, on top of xep_0030
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.GLib = '2.0';
imports.gi.versions.GObject = '2.0';
imports.gi.versions.Sleek = '1.0';
const {GLib, GObject, Sleek} = imports.gi;
const Tap = imports.tap;

const OWN = 'juliet@example.com/balcony';
const ROMEO = 'romeo@example.net/orchard';
const NS_ECHO = 'urn:test:js-echo';
const INFO = 'http://jabber.org/protocol/disco#info';
const ITEMS = 'http://jabber.org/protocol/disco#items';
const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

const Xmpp = GObject.registerClass({GTypeName: 'JsPluginTestXmpp'}, class Xmpp extends Sleek.BaseXmpp {});

// Adds a disco feature and answers IQs of its own namespace.
const Echo = GObject.registerClass({
    GTypeName: 'JsEchoPlugin',
    Properties: {
        'greeting': GObject.ParamSpec.string('greeting', null, null, GObject.ParamFlags.READWRITE, 'hello'),
    },
}, class Echo extends Sleek.Plugin {
    _init(params) {
        super._init(params);
        this.events = [];
        if (this.greeting === null)
            this.greeting = 'hello';
    }

    vfunc_plugin_init(xmpp) {
        xmpp.get_plugin('xep_0030').add_feature(NS_ECHO, null);
        const matcher = Sleek.Matcher.new_xml_mask(`<iq type='get'><query xmlns='${NS_ECHO}'/></iq>`);
        this.add_handler(matcher, Sleek.HandlerFlags.NONE, (stream, stanza) => {
            const reply = stanza.reply(true);
            const query = Sleek.Node.new('query', NS_ECHO);
            query.set_text(this.greeting);
            reply.set_payload(query);
            stream.send(reply);
        });
        this.events.push('init');
    }

    vfunc_plugin_end() {
        this.get_xmpp().get_plugin('xep_0030').remove_feature(NS_ECHO, null);
        this.events.push('end');
    }

    vfunc_session_bind(jid) {
        this.events.push(`bind ${jid.to_string()}`);
    }
});

Sleek.Plugin.register_type(Echo.$gtype, 'js_echo', 'Echoes from gjs', ['xep_0030']);

function withXmpp(body) {
    return () => {
        const peer = Sleek.TestStream.new();
        const xmpp = new Xmpp({jid: Sleek.Jid.new('juliet@example.com')});
        Tap.assert(peer.start(xmpp, null), 'the stream starts');
        xmpp.set_bound_jid(Sleek.Jid.new(OWN));
        try {
            body(peer, xmpp);
        } finally {
            xmpp.abort();
            const context = GLib.MainContext.default();
            while (context.iteration(false))
                ;
        }
    };
}

Tap.test('the registry lists xep_0030 and the gjs plugin', () => {
    const names = Sleek.Plugin.list_names();
    Tap.assert(names.includes('xep_0030'), 'xep_0030 is built in');
    Tap.assert(names.includes('js_echo'), 'js_echo is registered');
    Tap.assertEqual(Sleek.Plugin.lookup_type('xep_0030'), Sleek.Disco.$gtype);
});

Tap.test('every built-in plugin enables and is removed from gjs', withXmpp((peer, xmpp) => {
    const builtins = Sleek.Plugin.list_names().filter(
        n => GObject.type_name(Sleek.Plugin.lookup_type(n)).startsWith('Sleek'));
    for (const name of ['xep_0030', 'xep_0092', 'xep_0199'])
        Tap.assert(builtins.includes(name), `${name} is built in`);
    for (const name of builtins) {
        Tap.assert(xmpp.register_plugin(name), `${name} enables`);
        Tap.assertEqual(xmpp.get_plugin(name).get_name(), name);
    }
    const enabled = xmpp.list_plugins().map(p => p.get_name());
    Tap.assertEqual(enabled.length, builtins.length);
    for (const name of enabled.reverse())
        Tap.assert(xmpp.remove_plugin(name), `${name} is removed`);
    Tap.assertEqual(xmpp.list_plugins().length, 0);
}));

Tap.test('an unknown plugin is an error', withXmpp((peer, xmpp) => {
    Tap.assertThrows(() => xmpp.register_plugin('xep_9999'),
        e => e.matches(Sleek.plugin_error_quark(), Sleek.PluginError.UNKNOWN));
}));

Tap.test('a gjs plugin adds a disco feature and answers an IQ', withXmpp((peer, xmpp) => {
    Tap.assert(xmpp.register_plugin('js_echo'));
    const echo = xmpp.get_plugin('js_echo');
    Tap.assert(echo instanceof Echo, 'get_plugin gives the gjs object');
    Tap.assertEqual(xmpp.list_plugins().map(p => p.get_name()).join(' '), 'xep_0030 js_echo');
    Tap.assertEqual(echo.events.join(','), `init,bind ${OWN}`);
    echo.greeting = 'bonjour';

    peer.recv(`<iq type='get' id='e1' from='${ROMEO}'><query xmlns='${NS_ECHO}'/></iq>`);
    Tap.assert(peer.expect_send(`<iq type='result' id='e1' to='${ROMEO}'><query xmlns='${NS_ECHO}'>bonjour</query></iq>`));
    peer.recv(`<iq type='get' id='d1' from='${ROMEO}'><query xmlns='${INFO}'/></iq>`);
    Tap.assert(peer.expect_send(`<iq type='result' id='d1' to='${ROMEO}'><query xmlns='${INFO}'>` +
        `<identity category='client' type='pc'/><feature var='${INFO}'/><feature var='${ITEMS}'/><feature var='${NS_ECHO}'/></query></iq>`));

    Tap.assert(xmpp.remove_plugin('js_echo'));
    Tap.assertEqual(echo.events.join(','), `init,bind ${OWN},end`);
    peer.recv(`<iq type='get' id='e2' from='${ROMEO}'><query xmlns='${NS_ECHO}'/></iq>`);
    Tap.assert(peer.expect_send(`<iq type='error' id='e2' to='${ROMEO}'><error type='cancel'>` +
        `<service-unavailable xmlns='${STANZAS}'/></error></iq>`));
    const info = xmpp.get_plugin('xep_0030').get_local_info(null);
    Tap.assert(!info.has_feature(NS_ECHO), 'the feature is gone');
}));

Tap.run();
