// echo-bot.js: the echo bot of echo-bot.c, in JavaScript through gjs
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Logs in, says it is available, sends every chat message back, approves
// subscription requests, and on SIGINT or SIGTERM closes its stream
// politely; a lost connection ends it with status 1. Under the private Prosody of the tests every option defaults
// to its SLEEK_TEST_* variable (the account bot@localhost).
//
//   gjs echo-bot.js --jid bot@example.com/echo --password secret

imports.gi.versions.GLib = '2.0';
imports.gi.versions.Gio = '2.0';
imports.gi.versions.Sleek = '1.0';
const {GLib, Gio, Sleek} = imports.gi;
const System = imports.system;

const say = text => print(`${GLib.DateTime.new_now_local().format('%H:%M:%S')} echo-bot.js: ${text}`);

// --name value pairs, each defaulting to a SLEEK_TEST_* variable.
function parseArgs(argv) {
    const env = name => GLib.getenv(name) || null;
    const options = {
        jid: env('SLEEK_TEST_JID_BOT') && `${env('SLEEK_TEST_JID_BOT')}/echo-bot-js`,
        password: env('SLEEK_TEST_PASSWORD_BOT'),
        host: env('SLEEK_TEST_PROSODY_ADDRESS'),
        port: env('SLEEK_TEST_C2S_PORT') || '0',
        'ca-file': env('SLEEK_TEST_CA_FILE'),
    };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        if (!(name in options) || i + 1 >= argv.length)
            throw new Error(`usage: echo-bot.js [--${Object.keys(options).join(' X] [--')} X]`);
        options[name] = argv[i + 1];
    }
    if (!options.jid || !options.password)
        throw new Error('give --jid and --password');
    return options;
}

let options;
try {
    options = parseArgs(ARGV);
} catch (e) {
    printerr(`echo-bot.js: ${e.message}`);
    System.exit(2);
}
const client = Sleek.ClientXmpp.new(options.jid, options.password);
if (options.host)
    client.server_host = options.host;
client.server_port = Number(options.port);
if (options['ca-file'])
    client.tls_database = Gio.TlsFileDatabase.new(options['ca-file']);

const loop = new GLib.MainLoop(null, false);
const connecting = new Gio.Cancellable();
let stopping = false;
let status = 0;

client.connect('session-start', () => {
    say(`online as ${client.bound_jid.to_string()}`);
    client.send_presence(null, 'Send me a message and I will send it back', 0, null, null);
});

const echo = (_client, msg) => {
    const from = msg.get_from();
    const body = msg.get_body();
    if (!body || !from || from.equal_bare(client.bound_jid))
        return;
    client.send(msg.reply(body));             // as SleekXMPP's msg.reply(body).send()
    say(`echoed to ${from.to_string()}: ${body}`);
};
client.connect('message::chat', echo);
client.connect('message::normal', echo);

client.connect('presence::subscribe', (_client, presence) => {
    client.approve_subscription(presence.get_from());
    say(`${presence.get_from().get_bare()} asked to see my presence: approved`);
});

client.connect('disconnected', (_client, error) => {
    if (stopping)
        return;
    say(error ? `connection lost: ${error.message}` : 'the server closed the session');
    status = 1;
    loop.quit();
});

function stop() {
    if (stopping) {                           // a second signal: do not wait
        loop.quit();
        return GLib.SOURCE_CONTINUE;
    }
    stopping = true;
    if (client.is_connected()) {
        say('stopping: closing the stream');
        client.disconnect_async(null, (_client, result) => {
            try {
                client.disconnect_finish(result);
                say('disconnected');
            } catch (e) {
                say(`the stream did not close cleanly: ${e.message}`);
            }
            loop.quit();
        });
    } else {
        say('stopping');
        connecting.cancel();
        loop.quit();
    }
    return GLib.SOURCE_CONTINUE;
}
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 2 /* SIGINT */, stop);
GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15 /* SIGTERM */, stop);

say(`logging in as ${options.jid}`);
client.connect_async(connecting, (_client, result) => {
    try {
        client.connect_finish(result);
    } catch (e) {
        if (!stopping) {
            say(`could not log in: ${e.message}`);
            status = 1;
        }
        loop.quit();
    }
});
loop.run();
System.exit(status);
