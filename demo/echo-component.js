// echo-component.js: the XEP-0114 echo component of echo-component.c, in
// JavaScript through gjs
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Connects to a server as an external component, answers disco#info with
// the identity component/generic "Echo component", and sends every chat
// message back from the address it was sent to (any name of its domain).
// SIGINT or SIGTERM closes the stream; a lost connection ends it with
// status 1. Under the private Prosody of the tests every option defaults
// to its SLEEK_TEST_* variable.
//
//   gjs echo-component.js --jid echo.example.com --secret s3cret \
//       --host 127.0.0.1 --port 5347

imports.gi.versions.GLib = '2.0';
imports.gi.versions.Sleek = '1.0';
const {GLib, Sleek} = imports.gi;
const System = imports.system;

const say = text => print(`${GLib.DateTime.new_now_local().format('%H:%M:%S')} echo-component.js: ${text}`);

// --name value pairs, each defaulting to a SLEEK_TEST_* variable.
function parseArgs(argv) {
    const env = name => GLib.getenv(name) || null;
    const options = {
        jid: env('SLEEK_TEST_COMPONENT_JID'),
        secret: env('SLEEK_TEST_COMPONENT_SECRET'),
        host: env('SLEEK_TEST_PROSODY_ADDRESS'),
        port: env('SLEEK_TEST_COMPONENT_PORT') || '0',
    };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        if (!(name in options) || i + 1 >= argv.length)
            throw new Error(`usage: echo-component.js [--${Object.keys(options).join(' X] [--')} X]`);
        options[name] = argv[i + 1];
    }
    if (!options.jid || !options.secret || !options.host || !(Number(options.port) > 0))
        throw new Error('give --jid, --secret, --host and --port');
    return options;
}

let options;
try {
    options = parseArgs(ARGV);
} catch (e) {
    printerr(`echo-component.js: ${e.message}`);
    System.exit(2);
}

const component = Sleek.ComponentXmpp.new(options.jid, options.secret, options.host, Number(options.port));
// Service discovery: who we are and what we do.
component.register_plugin('xep_0030');
component.get_plugin('xep_0030').add_identity(
    Sleek.DiscoIdentity.new('component', 'generic', 'Echo component', null), null);

const loop = new GLib.MainLoop(null, false);
let status = 0;

component.connect('message::chat', (xmpp, msg) => {
    const body = msg.get_body();
    if (body === null)
        return;
    const reply = msg.reply(body);
    reply.set_from(msg.get_to());            // answer as the name it was sent to
    xmpp.send(reply);
    say(`echoed to ${msg.get_string('from')}: ${body}`);
});

component.connect('disconnected', (_xmpp, error) => {
    if (error) {
        say(`disconnected: ${error.message}`);
        status = 1;
    } else {
        say('disconnected');
    }
    loop.quit();
});

function stop() {
    say('stopping');
    component.disconnect_async(null, null);
    return GLib.SOURCE_CONTINUE;
}
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 2 /* SIGINT */, stop);
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15 /* SIGTERM */, stop);

say(`connecting as ${options.jid} to ${options.host}:${options.port}`);
component.connect_async(null, (xmpp, result) => {
    try {
        xmpp.connect_finish(result);
    } catch (e) {
        say(`could not connect: ${e.message}`);
        status = 1;
        loop.quit();
        return;
    }
    say(`online as ${xmpp.get_bound_jid().to_string()}`);
});
loop.run();
System.exit(status);
