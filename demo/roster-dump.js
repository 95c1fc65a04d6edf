// roster-dump.js: logs in, prints the roster, logs out (gjs)
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Fetches the roster of an account and prints one line per contact, sorted
// by JID: the JID, then its name, subscription and groups, tab-separated
// ('-' for no name or no group). Exits 0 once the stream is closed, 1 when
// the login or the fetch fails. Under the private Prosody of the tests
// every option defaults to its SLEEK_TEST_* variable (the account
// juliet@localhost).
//
//   gjs roster-dump.js --jid juliet@example.com --password secret

imports.gi.versions.GLib = '2.0';
imports.gi.versions.Gio = '2.0';
imports.gi.versions.Sleek = '1.0';
const {GLib, Gio, Sleek} = imports.gi;
const System = imports.system;

// --name value pairs, each defaulting to a SLEEK_TEST_* variable.
function parseArgs(argv) {
    const env = name => GLib.getenv(name) || null;
    const options = {
        jid: env('SLEEK_TEST_JID_JULIET') && `${env('SLEEK_TEST_JID_JULIET')}/roster-dump-js`,
        password: env('SLEEK_TEST_PASSWORD_JULIET'),
        host: env('SLEEK_TEST_PROSODY_ADDRESS'),
        port: env('SLEEK_TEST_C2S_PORT') || '0',
        'ca-file': env('SLEEK_TEST_CA_FILE'),
    };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        if (!(name in options) || i + 1 >= argv.length)
            throw new Error(`usage: roster-dump.js [--${Object.keys(options).join(' X] [--')} X]`);
        options[name] = argv[i + 1];
    }
    if (!options.jid || !options.password)
        throw new Error('give --jid and --password');
    return options;
}

// The subscription as it is written in the protocol: none, to, from, both.
const subscriptionName = value =>
    Object.keys(Sleek.RosterSubscription).find(key => Sleek.RosterSubscription[key] === value).toLowerCase();

// One contact as a line: jid, name, subscription, groups.
const describe = item => [
    item.get_jid().get_bare(),
    item.get_name() || '-',
    subscriptionName(item.get_subscription()),
    (item.get_groups() || []).join(', ') || '-',
].join('\t');

let options;
try {
    options = parseArgs(ARGV);
} catch (e) {
    printerr(`roster-dump.js: ${e.message}`);
    System.exit(2);
}
const client = Sleek.ClientXmpp.new(options.jid, options.password);
if (options.host)
    client.server_host = options.host;
client.server_port = Number(options.port);
if (options['ca-file'])
    client.tls_database = Gio.TlsFileDatabase.new(options['ca-file']);

const loop = new GLib.MainLoop(null, false);
let status = 0;

function fail(text) {
    printerr(`roster-dump.js: ${text}`);
    status = 1;
}

function closed(_client, result) {
    try {
        client.disconnect_finish(result);
    } catch (e) {
        fail(`the stream did not close cleanly: ${e.message}`);
    }
    loop.quit();
}

function fetched(_client, result) {
    try {
        const roster = client.get_roster_finish(result);
        const items = [];
        for (let i = 0; i < roster.get_n_items(); i++)
            items.push(roster.get_item(i));
        const bare = item => item.get_jid().get_bare();
        items.sort((a, b) => (bare(a) < bare(b) ? -1 : bare(a) > bare(b) ? 1 : 0));
        for (const item of items)
            print(describe(item));
    } catch (e) {
        fail(`could not fetch the roster: ${e.message}`);
    }
    client.disconnect_async(null, closed);
}

client.connect_async(null, (_client, result) => {
    try {
        client.connect_finish(result);
    } catch (e) {
        fail(`could not log in: ${e.message}`);
        loop.quit();
        return;
    }
    client.get_roster_async(null, fetched);
});
loop.run();
System.exit(status);
