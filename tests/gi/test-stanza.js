// test-stanza.js: JIDs, stanzas, errors and stanza plugins from gjs
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.GLib = '2.0';
imports.gi.versions.GObject = '2.0';
imports.gi.versions.Gio = '2.0';
imports.gi.versions.Sleek = '1.0';
const {Gio, GLib, GObject, Sleek} = imports.gi;
const Tap = imports.tap;

const IQ_XML = "<iq xmlns='jabber:client' type='get' id='roster-1' " +
    "from='romeo@example.net/orchard' to='juliet@example.com'>" +
    "<query xmlns='jabber:iq:roster' ver='ver7'/></iq>";

function sameXml(a, b) {
    return Sleek.Node.parse(a, -1).equal(Sleek.Node.parse(b, -1));
}

// A stanza plugin written in JavaScript: XEP-0184 <received/>, reached
// from a message as the plugin attribute 'receipt'.
const Receipt = GObject.registerClass({
    GTypeName: 'TestJsReceipt',
}, class Receipt extends Sleek.Stanza {});

Sleek.Stanza.type_set_element(Receipt.$gtype, 'received', 'urn:xmpp:receipts', 'receipt');
Sleek.Stanza.type_add_key(Receipt.$gtype, 'id', Sleek.StanzaKeyKind.ATTRIBUTE);
Sleek.Stanza.register_plugin(Sleek.Message.$gtype, Receipt.$gtype);

// A top-level stanza class whose custom key is implemented in JavaScript.
const Shout = GObject.registerClass({
    GTypeName: 'TestJsShout',
}, class Shout extends Sleek.Stanza {
    vfunc_get_key(key) {
        if (key === 'loud') {
            const text = this.get_node().get_child_text('word', null);
            return text === null ? null : text.toUpperCase();
        }
        return super.vfunc_get_key(key);
    }

    vfunc_set_key(key, value) {
        if (key === 'loud')
            this.get_node().set_child_text('word', null, value.toLowerCase());
        else
            super.vfunc_set_key(key, value);
    }
});

Sleek.Stanza.type_set_element(Shout.$gtype, 'shout', 'urn:example:shout', null);
Sleek.Stanza.type_add_key(Shout.$gtype, 'loud', Sleek.StanzaKeyKind.CUSTOM);
Sleek.Stanza.register_type(Shout.$gtype);

Tap.test('build a message and serialise it', () => {
    const msg = Sleek.Message.new();
    Tap.assert(msg instanceof Sleek.Stanza, 'a Message is a Stanza');
    msg.to = Sleek.Jid.new('juliet@example.com/balcony');
    msg.body = 'Wherefore art thou?';
    msg.set_string('type', 'chat');
    msg.set_string('id', 'm-1');
    msg.set_string('subject', 'Balcony');
    Tap.assertEqual(msg.to_string(),
        "<message xmlns='jabber:client' to='juliet@example.com/balcony' type='chat' id='m-1'>" +
        '<body>Wherefore art thou?</body><subject>Balcony</subject></message>');
    Tap.assertEqual(msg.get_message_type(), Sleek.MessageType.CHAT);
    Tap.assertEqual(msg.get_string('body'), 'Wherefore art thou?');
    Tap.assertEqual(msg.subject, 'Balcony');
    Tap.assertEqual(msg.to.to_string(), 'juliet@example.com/balcony');
});

Tap.test('keys notify their properties and can be deleted', () => {
    const msg = Sleek.Message.new();
    const notified = [];
    msg.connect('notify::body', obj => notified.push(obj.body));
    msg.set_string('body', 'one');
    msg.body = 'two';
    msg.delete('body');
    Tap.assertEqual(JSON.stringify(notified), JSON.stringify(['one', 'two', null]));
    Tap.assertEqual(msg.get_string('body'), null);
    Tap.assert(sameXml(msg.to_string(), "<message xmlns='jabber:client'/>"), msg.to_string());
});

Tap.test('parse an iq: keys, the from JID, the payload', () => {
    const iq = Sleek.Stanza.parse(IQ_XML);
    Tap.assert(iq instanceof Sleek.Iq, 'parse gives the registered class');
    Tap.assertEqual(iq.get_string('type'), 'get');
    Tap.assertEqual(iq.get_string('id'), 'roster-1');
    Tap.assertEqual(iq.get_iq_type(), Sleek.IqType.GET);

    const from = iq.from;
    Tap.assert(from instanceof Sleek.Jid, 'the from property is a Jid');
    Tap.assertEqual(from.get_bare(), 'romeo@example.net');
    Tap.assertEqual(from.get_resource(), 'orchard');
    Tap.assertEqual(from.get_local(), 'romeo');
    Tap.assert(iq.to.is_bare(), 'to is bare');

    const payload = iq.payload;
    Tap.assert(payload instanceof Sleek.Node, 'the payload is a Node');
    Tap.assertEqual(payload.get_name(), 'query');
    Tap.assertEqual(payload.get_namespace(), 'jabber:iq:roster');
    Tap.assertEqual(payload.get_attribute('ver'), 'ver7');
    Tap.assertEqual(iq.get_query_namespace(), 'jabber:iq:roster');
    const children = iq.get_node().get_children();
    Tap.assertEqual(children.length, 1);
    Tap.assertEqual(children[0].get_name(), 'query');
});

Tap.test('reply swaps the addresses', () => {
    const iq = Sleek.Stanza.parse(IQ_XML);
    const reply = iq.reply(true);
    Tap.assert(reply instanceof Sleek.Iq);
    Tap.assertEqual(reply.get_iq_type(), Sleek.IqType.RESULT);
    Tap.assertEqual(reply.get_string('to'), 'romeo@example.net/orchard');
    Tap.assertEqual(reply.get_string('from'), 'juliet@example.com');
    Tap.assertEqual(reply.get_string('id'), 'roster-1');
    Tap.assertEqual(reply.get_payload(), null);
    Tap.assertEqual(iq.reply(false).get_query_namespace(), 'jabber:iq:roster');
});

Tap.test('bad XML raises stream errors', () => {
    Tap.assertThrows(() => Sleek.Stanza.parse("<message xmlns='jabber:client'><body>"), e => {
        Tap.assert(e.matches(Sleek.StreamError, Sleek.StreamError.NOT_WELL_FORMED), String(e));
    });
    Tap.assertThrows(() => Sleek.Stanza.parse("<message xmlns='jabber:client'><!-- x --></message>"), e => {
        Tap.assert(e instanceof Sleek.StreamError, 'instanceof the error enum');
        Tap.assertEqual(e.code, Sleek.StreamError.RESTRICTED_XML);
    });
});

Tap.test('error reply round trip', () => {
    const iq = Sleek.Stanza.parse(IQ_XML);
    const error = new GLib.Error(Sleek.stanza_error_quark(), Sleek.StanzaError.ITEM_NOT_FOUND,
        'no roster here');
    const reply = iq.make_error_reply(error);
    Tap.assertEqual(reply.get_iq_type(), Sleek.IqType.ERROR);
    Tap.assert(reply.match('iq@type=error/error@condition=item-not-found'), reply.to_string());

    const back = Sleek.Stanza.parse(reply.to_string()).get_error();
    Tap.assert(back instanceof GLib.Error, 'get_error gives a GLib.Error');
    Tap.assertEqual(back.domain, Sleek.stanza_error_quark());
    Tap.assertEqual(back.code, Sleek.StanzaError.ITEM_NOT_FOUND);
    Tap.assertEqual(back.message, 'no roster here');
    Tap.assert(back.matches(Sleek.StanzaError, Sleek.StanzaError.ITEM_NOT_FOUND));

    const plugin = reply.get_plugin('error', false);
    Tap.assert(plugin instanceof Sleek.ErrorStanza);
    Tap.assertEqual(plugin.get_condition(), 'item-not-found');
    Tap.assertEqual(iq.get_error(), null);

    // gjs's own error-domain constructor, and a foreign domain.
    const msg = Sleek.Message.new();
    msg.set_error(new Sleek.StanzaError({code: Sleek.StanzaError.FORBIDDEN, message: 'go away'}));
    Tap.assertEqual(msg.get_error().code, Sleek.StanzaError.FORBIDDEN);
    msg.set_error(new Gio.IOErrorEnum({code: Gio.IOErrorEnum.NO_SPACE, message: 'disk full'}));
    Tap.assertEqual(msg.get_error().code, Sleek.StanzaError.UNDEFINED_CONDITION);
    Tap.assertEqual(msg.get_error().message, 'disk full');
});

Tap.test('a JavaScript stanza plugin', () => {
    const msg = Sleek.Message.new();
    Tap.assert(msg.get_plugin_attribs().includes('receipt'), 'registered on Message');
    Tap.assertEqual(msg.get_plugin('receipt', false), null);
    const receipt = msg.get_plugin('receipt', true);
    Tap.assert(receipt instanceof Receipt, 'the plugin is the JS class');
    receipt.set_string('id', 'abc');
    Tap.assert(msg.get_plugin('receipt', false) === receipt, 'the same object each time');
    Tap.assertEqual(msg.to_string(),
        "<message xmlns='jabber:client'><received xmlns='urn:xmpp:receipts' id='abc'/></message>");

    const parsed = Sleek.Stanza.parse(msg.to_string());
    const again = parsed.get_plugin('receipt', false);
    Tap.assert(again instanceof Receipt, 'parsing finds the JS class');
    Tap.assertEqual(again.get_string('id'), 'abc');
});

Tap.test('match through a JavaScript plugin', () => {
    const msg = Sleek.Message.new();
    msg.get_plugin('receipt', true).set_string('id', 'abc');
    Tap.assert(msg.match('message/receipt@id=abc'), 'by plugin attribute and key');
    Tap.assert(!msg.match('message/receipt@id=other'), 'another id');
    Tap.assert(msg.match('{jabber:client}message/{urn:xmpp:receipts}received'), 'by element');
    Tap.assert(!Sleek.Message.new().match('message/receipt'), 'no receipt');
    Tap.assert(Sleek.Matcher.new_stanza_path('message/receipt').match(msg), 'through a matcher');
});

Tap.test('custom keys implemented in JavaScript', () => {
    const shout = Sleek.Stanza.parse("<shout xmlns='urn:example:shout'><word>hey</word></shout>");
    Tap.assert(shout instanceof Shout, 'parse gives the JS class');
    Tap.assertEqual(shout.get_string('loud'), 'HEY');
    shout.set_string('loud', 'QUIET');
    Tap.assertEqual(shout.get_node().get_child_text('word', null), 'quiet');
    // 'lang' is the base class's custom key: the overrides chain up.
    shout.set_string('lang', 'en');
    Tap.assertEqual(shout.get_string('lang'), 'en');
    Tap.assertEqual(new Shout().to_string(), "<shout xmlns='urn:example:shout'/>");
});

Tap.test('a stanza lists its keys', () => {
    const keys = Sleek.Message.new().get_keys();
    Tap.assert(keys.includes('body'), 'body is a key of a message');
    Tap.assert(!keys.includes('error'), 'plugins are not keys');
    Tap.assertEqual(JSON.stringify(keys), JSON.stringify([...keys].sort()));
});

Tap.test('disco#info features and disco#items items', () => {
    // The disco stanza plugins are registered with the plugin's class.
    const Xmpp = GObject.registerClass({GTypeName: 'JsStanzaTestXmpp'}, class extends Sleek.BaseXmpp {});
    Tap.assert(new Xmpp({jid: Sleek.Jid.new('juliet@example.com')}).register_plugin('xep_0030'));
    const info = Sleek.Stanza.parse("<iq xmlns='jabber:client' type='result' id='d1'>" +
        "<query xmlns='http://jabber.org/protocol/disco#info'>" +
        "<feature var='urn:xmpp:ping'/><feature var='jabber:iq:version'/></query></iq>");
    const query = info.get_plugin('disco_info', false);
    Tap.assertEqual(JSON.stringify(query.get_features()), '["urn:xmpp:ping","jabber:iq:version"]');
    query.add_feature('urn:xmpp:time');
    Tap.assertEqual(query.get_features().length, 3);

    const items = Sleek.Stanza.parse("<iq xmlns='jabber:client' type='result' id='i1'>" +
        "<query xmlns='http://jabber.org/protocol/disco#items'>" +
        "<item jid='example.com' node='music' name='Music'/></query></iq>");
    const node = items.get_plugin('disco_items', false).get_node().get_first_child();
    const item = Sleek.Stanza.new_for_node(node);
    Tap.assert(item instanceof Sleek.DiscoItemStanza, 'an <item/> is a DiscoItemStanza');
    Tap.assertEqual(item.get_string('jid'), 'example.com');
    Tap.assertEqual(item.get_string('name'), 'Music');
});

Tap.test('JID parsing and its errors', () => {
    const jid = Sleek.Jid.new('Juliet@Example.COM/Balcony');
    Tap.assertEqual(jid.to_string(), 'juliet@example.com/Balcony');
    Tap.assertEqual(jid.get_bare(), 'juliet@example.com');
    Tap.assert(jid.equal_bare(jid.to_bare()));
    Tap.assertEqual(Sleek.Jid.new('example.com').get_local(), null);

    const cases = [
        ['', Sleek.JidError.EMPTY],
        ['@example.com', Sleek.JidError.LOCAL_EMPTY],
        ['juliet@example.com/', Sleek.JidError.RESOURCE_EMPTY],
        ['juliet@', Sleek.JidError.DOMAIN_EMPTY],
        [`${'x'.repeat(1024)}@example.com`, Sleek.JidError.LOCAL_TOO_LONG],
    ];
    for (const [text, code] of cases) {
        Tap.assertThrows(() => Sleek.Jid.new(text), e => {
            Tap.assert(e instanceof Sleek.JidError, `${text.slice(0, 20)}: instanceof JidError`);
            Tap.assertEqual(e.domain, Sleek.jid_error_quark());
            Tap.assertEqual(e.code, code, text.slice(0, 20));
        });
    }
});

Tap.run();
