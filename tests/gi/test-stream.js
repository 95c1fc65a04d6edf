// test-stream.js: a Sleek.XmlStream driven from gjs through Sleek.TestStream
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Everything runs on the global default main context: the test stream
// iterates it while it waits, spinUntil() and async cases for the rest.

imports.gi.versions.GLib = '2.0';
imports.gi.versions.GObject = '2.0';
imports.gi.versions.Gio = '2.0';
imports.gi.versions.Sleek = '1.0';
const {Gio, GLib, GObject, Sleek} = imports.gi;
const Tap = imports.tap;

Gio._promisify(Sleek.XmlStream.prototype, 'disconnect_async', 'disconnect_finish');

const PING = id => `<iq type='get' id='${id}' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>`;

// Iterates the default main context until cond() is true; throws after
// timeoutMs so that a missed event fails the case instead of hanging.
function spinUntil(cond, timeoutMs = 5000) {
    const context = GLib.MainContext.default();
    let timedOut = false;
    const id = GLib.timeout_add(GLib.PRIORITY_DEFAULT, timeoutMs, () => {
        timedOut = true;
        return GLib.SOURCE_REMOVE;
    });
    try {
        while (!cond()) {
            if (timedOut)
                throw new Error(`condition not reached within ${timeoutMs} ms`);
            context.iteration(true);
        }
    } finally {
        if (!timedOut)
            GLib.source_remove(id);
    }
}

// Runs body(fixture) with a started stream, then tears it down whatever
// happened. The fixture records "disconnected" and "send-failed".
function withStream(body, StreamClass = Sleek.XmlStream) {
    return () => {
        const f = {
            peer: Sleek.TestStream.new(),
            stream: new StreamClass(),
            disconnects: [],
            sendFailures: [],
        };
        f.stream.connect('disconnected', (s, error) => f.disconnects.push(error));
        f.stream.connect('send-failed', (s, stanza, error) => f.sendFailures.push([stanza, error]));
        Tap.assert(f.peer.start(f.stream, null), 'the stream starts');

        const teardown = () => {
            if (f.stream.is_connected())
                f.stream.abort();
            spinUntil(() => f.disconnects.length > 0);
            f.peer.close();
            const context = GLib.MainContext.default();
            while (context.iteration(false))
                ;
        };
        let result;
        try {
            result = body(f);
        } catch (e) {
            teardown();
            throw e;
        }
        if (result && typeof result.then === 'function')
            return result.finally(teardown);
        teardown();
        return result;
    };
}

Tap.test('start: the peer header arrives', withStream(f => {
    Tap.assert(f.stream.is_connected());
    Tap.assertEqual(f.stream.stream_id, 'sleek-test');
    Tap.assertEqual(f.stream.default_namespace, 'jabber:client');
    Tap.assert(f.stream.io_stream instanceof Gio.IOStream, 'io-stream property');
}));

Tap.test('expect_send throws on a mismatch', withStream(f => {
    f.peer.timeout = 500;
    const msg = Sleek.Message.new();
    msg.body = 'actual';
    f.stream.send(msg);
    Tap.assertThrows(() => f.peer.expect_send('<message><body>expected</body></message>'), e => {
        Tap.assert(e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.FAILED), String(e));
        Tap.assert(e.message.includes('actual'), e.message);
    });
    Tap.assertThrows(() => f.peer.next_send(), e => {
        Tap.assert(e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.TIMED_OUT), String(e));
    });
}));

Tap.test('a stanza-path handler answers an iq', withStream(f => {
    const calls = [];
    const matcher = Sleek.Matcher.new_stanza_path('iq@type=get/{urn:xmpp:ping}ping');
    const id = f.stream.add_handler(matcher, Sleek.HandlerFlags.NONE, (stream, iq) => {
        calls.push(iq.get_string('id'));
        Tap.assert(stream === f.stream, 'the handler gets the stream');
        stream.send(iq.reply(true));
    });
    Tap.assert(id > 0, 'a handler id');
    f.peer.recv("<iq type='set' id='s1'><ping xmlns='urn:xmpp:ping'/></iq>");
    Tap.assertEqual(calls.length, 0, 'a set does not match');
    f.peer.recv(PING('p1'));
    Tap.assert(f.peer.expect_send("<iq type='result' id='p1' to='example.com'/>"));
    Tap.assertEqual(calls.join(), 'p1');
}));

Tap.test('a JavaScript matcher subclass', withStream(f => {
    const EvenIds = GObject.registerClass(class EvenIds extends Sleek.Matcher {
        vfunc_match(stanza) {
            const id = stanza.get_string('id') ?? '';
            return /^\d+$/.test(id) && Number(id) % 2 === 0;
        }
    });
    const matcher = new EvenIds();
    Tap.assert(matcher.match(Sleek.Stanza.parse("<message xmlns='jabber:client' id='4'/>")), 'direct match');
    const seen = [];
    f.stream.add_handler(matcher, Sleek.HandlerFlags.NONE, (s, stanza) => seen.push(stanza.get_string('id')));
    for (const id of ['1', '2', 'x', '10'])
        f.peer.recv(`<message id='${id}'/>`);
    Tap.assertEqual(seen.join(), '2,10');
}));

Tap.test('remove_handler from inside its own callback', withStream(f => {
    const calls = [];
    const others = [];
    const id = f.stream.add_handler(Sleek.Matcher.new_any(), Sleek.HandlerFlags.NONE, (stream, stanza) => {
        calls.push(stanza.get_string('id'));
        stream.remove_handler(id);
    });
    f.stream.add_handler(Sleek.Matcher.new_any(), Sleek.HandlerFlags.NONE,
        (stream, stanza) => others.push(stanza.get_string('id')));
    f.peer.recv("<message id='a'/>");
    f.peer.recv("<message id='b'/>");
    Tap.assertEqual(calls.join(), 'a');
    Tap.assertEqual(others.join(), 'a,b');
}));

Tap.test('a custom event arrives through event::custom', withStream(async f => {
    const payload = new Gio.SimpleAction({name: 'payload'});
    const received = [];
    const others = [];
    f.stream.connect('event::other', (s, name) => others.push(name));
    const arrived = new Promise(resolve => {
        f.stream.connect('event::custom', (s, name, data) => {
            received.push(name);
            resolve([name, data]);
        });
    });
    f.stream.event('custom', payload, false);
    Tap.assertEqual(received.length, 0, 'a queued event waits for the main context');
    const [name, data] = await arrived;
    Tap.assertEqual(name, 'custom');
    Tap.assert(data === payload, 'the same object comes back');
    Tap.assertEqual(received.length, 1, 'emitted once');
    Tap.assertEqual(others.length, 0, 'other details are not emitted');
}));

Tap.test('queued and direct events keep their order', withStream(f => {
    const order = [];
    f.stream.connect('event', (s, name, data) => order.push(data === null ? name : `${name}+data`));
    f.stream.event('queued-1', null, false);
    f.stream.event('direct-1', null, true);
    f.stream.event('queued-2', Sleek.Message.new(), false);
    f.stream.event('direct-2', null, true);
    Tap.assertEqual(order.join(), 'direct-1,direct-2');
    spinUntil(() => order.length === 4);
    Tap.assertEqual(order.join(), 'direct-1,direct-2,queued-1,queued-2+data');
}));

Tap.test('an incoming filter drops presences', withStream(f => {
    const filterId = f.stream.add_filter(Sleek.FilterDirection.INCOMING,
        (s, stanza) => stanza instanceof Sleek.Presence ? null : stanza);
    const handled = [];
    f.stream.add_handler(Sleek.Matcher.new_any(), 0,
        (s, stanza) => handled.push(stanza.get_node().get_name()));
    const signalled = [];
    f.stream.connect('stanza', (s, stanza) => signalled.push(stanza.get_node().get_name()));
    f.peer.recv('<presence/>');
    f.peer.recv('<message><body>hi</body></message>');
    Tap.assertEqual(handled.join(), 'message');
    Tap.assertEqual(signalled.join(), 'message');
    f.stream.remove_filter(filterId);
    f.peer.recv('<presence/>');
    Tap.assertEqual(handled.join(), 'message,presence');
}));

Tap.test('an outgoing filter replaces the stanza', withStream(f => {
    f.stream.add_filter(Sleek.FilterDirection.OUTGOING, (s, stanza) => {
        const copy = stanza.copy();
        copy.set_string('id', 'tagged');
        return copy;
    });
    const msg = Sleek.Message.new();
    msg.body = 'out';
    f.stream.send(msg);
    Tap.assert(f.peer.expect_send("<message id='tagged'><body>out</body></message>"));
    Tap.assertEqual(msg.id, null, "the caller's stanza is unchanged");
}));

Tap.test('a one-shot scheduled task runs once', withStream(f => {
    let runs = 0;
    f.stream.schedule('once', 0.01, false, () => {
        runs++;
        return GLib.SOURCE_CONTINUE;  // ignored for a one-shot task
    });
    Tap.assert(f.stream.is_scheduled('once'));
    spinUntil(() => runs > 0);
    Tap.assert(!f.stream.is_scheduled('once'), 'gone after running');
    Tap.assert(f.peer.expect_silence(60));
    Tap.assertEqual(runs, 1);

    let ticks = 0;
    f.stream.schedule('tick', 0.005, true, () => ++ticks < 3);
    spinUntil(() => ticks === 3);
    Tap.assert(f.peer.expect_silence(40));
    Tap.assertEqual(ticks, 3, 'a repeating task stops when it returns false');
}));

Tap.test('restricted XML ends the stream with restricted-xml', withStream(f => {
    f.peer.recv('<!-- a comment -->');
    const streamError = f.peer.next_send();
    Tap.assertEqual(streamError.get_name(), 'error');
    Tap.assert(streamError.get_child('restricted-xml', 'urn:ietf:params:xml:ns:xmpp-streams') !== null);
    Tap.assert(f.peer.expect_send('</stream:stream>'));
    Tap.assert(f.peer.wait_closed());
    spinUntil(() => f.disconnects.length > 0);
    const error = f.disconnects[0];
    Tap.assert(error instanceof GLib.Error, 'disconnected carries a GLib.Error');
    Tap.assertEqual(GLib.quark_to_string(error.domain), 'sleek-stream-error-quark');
    Tap.assertEqual(error.code, Sleek.StreamError.RESTRICTED_XML);
    Tap.assert(error.matches(Sleek.StreamError, Sleek.StreamError.RESTRICTED_XML));
}));

Tap.test('disconnect_async closes politely (promise)', withStream(async f => {
    const done = f.stream.disconnect_async(null);
    Tap.assert(f.peer.expect_send('</stream:stream>'));
    f.peer.recv('</stream:stream>');
    const finished = await done;
    Tap.assertEqual(finished, true);
    Tap.assertEqual(f.disconnects.length, 1);
    Tap.assertEqual(f.disconnects[0], null, 'a clean close has no error');
    Tap.assert(!f.stream.is_connected());
}));

Tap.test('a stanza sent just before disconnect_async still goes out', withStream(f => {
    const msg = Sleek.Message.new();
    msg.body = 'last words';
    f.stream.send(msg);
    f.stream.disconnect_async(null, null);
    Tap.assert(f.peer.expect_send('<message><body>last words</body></message>'));
    Tap.assert(f.peer.expect_send('</stream:stream>'));
    f.peer.recv('</stream:stream>');
    spinUntil(() => f.disconnects.length > 0);
    Tap.assertEqual(f.sendFailures.length, 0);
}));

Tap.test('send after the stream closed reports send-failed', withStream(f => {
    f.stream.abort();
    spinUntil(() => f.disconnects.length > 0);
    Tap.assert(f.disconnects[0].matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED));
    const msg = Sleek.Message.new();
    f.stream.send(msg);
    spinUntil(() => f.sendFailures.length > 0);
    const [stanza, error] = f.sendFailures[0];
    Tap.assert(stanza === msg, 'the stanza that failed');
    Tap.assert(error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_CONNECTED), String(error));
}));

const RecordingStream = GObject.registerClass(class RecordingStream extends Sleek.XmlStream {
    _init(params) {
        super._init(params);
        this.calls = [];
    }

    vfunc_stream_start(header) {
        this.calls.push(`stream-start ${header.get_attribute('from')}`);
    }

    vfunc_stanza(stanza) {
        this.calls.push(`stanza ${stanza.get_node().get_name()}`);
    }

    vfunc_disconnected(error) {
        this.calls.push(`disconnected ${error === null ? 'cleanly' : error.message}`);
    }
});

Tap.test('a JavaScript stream subclass overrides the class handlers', withStream(f => {
    f.peer.recv('<presence/>');
    f.stream.disconnect_async(null, null);
    Tap.assert(f.peer.expect_send('</stream:stream>'));
    f.peer.recv('</stream:stream>');
    spinUntil(() => f.disconnects.length > 0);
    Tap.assertEqual(f.stream.calls.join('; '),
        'stream-start example.com; stanza presence; disconnected cleanly');
}, RecordingStream));

Tap.run();
