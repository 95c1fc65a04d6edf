#!/usr/bin/python3
# roster-dump.py: logs in, prints the roster, logs out
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fetches the roster of an account and prints one line per contact, sorted
# by JID: the JID, then its name, subscription and groups, tab-separated
# ('-' for no name or no group). Exits 0 once the stream is closed, 1 when
# the login or the fetch fails. Under the private Prosody of the tests
# every option defaults to its SLEEK_TEST_* variable (the account
# juliet@localhost).
#
#   python3 roster-dump.py --jid juliet@example.com --password secret

import argparse
import os
import sys

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Gio, Sleek  # noqa: E402


def describe(item):
    """One contact as a line: jid, name, subscription, groups."""
    return '\t'.join([
        item.get_jid().bare,
        item.get_name() or '-',
        item.get_subscription().value_nick,
        ', '.join(item.get_groups() or []) or '-',
    ])


class RosterDump:
    def __init__(self, client):
        self.client = client
        self.loop = GLib.MainLoop()
        self.status = 0

    def fail(self, text):
        print('roster-dump.py:', text, file=sys.stderr, flush=True)
        self.status = 1

    def connected(self, client, result):
        try:
            client.connect_finish(result)
        except GLib.Error as e:
            self.fail(f'could not log in: {e.message}')
            self.loop.quit()
            return
        client.get_roster_async(None, self.fetched)

    def fetched(self, client, result):
        try:
            roster = client.get_roster_finish(result)
        except GLib.Error as e:
            self.fail(f'could not fetch the roster: {e.message}')
        else:
            items = [roster.get_item(i) for i in range(roster.get_n_items())]
            for item in sorted(items, key=lambda item: item.get_jid().bare):
                print(describe(item), flush=True)
        client.disconnect_async(None, self.closed)

    def closed(self, client, result):
        try:
            client.disconnect_finish(result)
        except GLib.Error as e:
            self.fail(f'the stream did not close cleanly: {e.message}')
        self.loop.quit()

    def run(self):
        self.client.connect_async(None, self.connected)
        self.loop.run()
        return self.status


def main():
    env = os.environ.get
    juliet = env('SLEEK_TEST_JID_JULIET')
    parser = argparse.ArgumentParser(description="Prints an XMPP account's roster.")
    parser.add_argument('--jid', default=juliet and juliet + '/roster-dump-py',
                        help='the account (default: $SLEEK_TEST_JID_JULIET/roster-dump-py)')
    parser.add_argument('--password', default=env('SLEEK_TEST_PASSWORD_JULIET'),
                        help='its password (default: $SLEEK_TEST_PASSWORD_JULIET)')
    parser.add_argument('--host', default=env('SLEEK_TEST_PROSODY_ADDRESS'),
                        help="connect to HOST instead of looking up the JID's domain")
    parser.add_argument('--port', type=int, default=int(env('SLEEK_TEST_C2S_PORT', '0')),
                        help='the port on HOST')
    parser.add_argument('--ca-file', default=env('SLEEK_TEST_CA_FILE'),
                        help="trust the certificates in this PEM file instead of the system's")
    args = parser.parse_args()
    if not args.jid or not args.password:
        parser.error('give --jid and --password')

    client = Sleek.ClientXmpp.new(args.jid, args.password)
    if args.host:
        client.set_server_host(args.host)
    client.set_server_port(args.port)
    if args.ca_file:
        client.set_tls_database(Gio.TlsFileDatabase.new(args.ca_file))
    return RosterDump(client).run()


if __name__ == '__main__':
    sys.exit(main())
