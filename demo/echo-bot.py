#!/usr/bin/python3
# echo-bot.py: the echo bot of echo-bot.c, in Python through PyGObject
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Logs in, says it is available, sends every chat message back, approves
# subscription requests, and on SIGINT or SIGTERM closes its stream
# politely; a lost connection ends it with status 1. Under the private Prosody of the tests every option defaults
# to its SLEEK_TEST_* variable (the account bot@localhost). Stanzas and
# JIDs read as in SleekXMPP (msg['body'], msg['from'].bare) through the
# Sleek overrides that come with the library.
#
#   python3 echo-bot.py --jid bot@example.com/echo --password secret

import argparse
import os
import signal
import sys
import time

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Gio, Sleek


def say(text):
    print(time.strftime('%H:%M:%S'), 'echo-bot.py:', text, flush=True)


class EchoBot:
    def __init__(self, jid, password):
        self.client = Sleek.ClientXmpp.new(jid, password)
        self.client.connect('session-start', self.session_start)
        self.client.connect('message::chat', self.message)
        self.client.connect('message::normal', self.message)
        self.client.connect('presence::subscribe', self.subscribe)
        self.client.connect('disconnected', self.disconnected)
        self.loop = GLib.MainLoop()
        self.connecting = Gio.Cancellable()
        self.stopping = False
        self.status = 0

    def session_start(self, client):
        say(f'online as {client.props.bound_jid}')
        client.send_presence(None, 'Send me a message and I will send it back', 0, None, None)

    def message(self, client, msg):
        sender, body = msg['from'], msg['body']
        if not body or sender is None or sender.bare == client.props.bound_jid.bare:
            return
        client.send(msg.reply(body))          # as SleekXMPP's msg.reply(body).send()
        say(f'echoed to {sender}: {body}')

    def subscribe(self, client, presence):
        sender = presence['from']
        client.approve_subscription(sender)
        say(f'{sender.bare} asked to see my presence: approved')

    def disconnected(self, client, error):
        if self.stopping:
            return
        say(f'connection lost: {error.message}' if error else 'the server closed the session')
        self.status = 1
        self.loop.quit()

    def connected(self, client, result):
        try:
            client.connect_finish(result)
        except GLib.Error as e:
            if not self.stopping:
                say(f'could not log in: {e.message}')
                self.status = 1
            self.loop.quit()

    def stop(self):
        if self.stopping:                     # a second signal: do not wait
            self.loop.quit()
            return GLib.SOURCE_CONTINUE
        self.stopping = True
        if self.client.is_connected():
            say('stopping: closing the stream')
            self.client.disconnect_async(None, self.closed)
        else:
            say('stopping')
            self.connecting.cancel()
            self.loop.quit()
        return GLib.SOURCE_CONTINUE

    def closed(self, client, result):
        try:
            client.disconnect_finish(result)
            say('disconnected')
        except GLib.Error as e:
            say(f'the stream did not close cleanly: {e.message}')
        self.loop.quit()

    def run(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, self.stop)
        say(f'logging in as {self.client.props.jid}')
        self.client.connect_async(self.connecting, self.connected)
        self.loop.run()
        return self.status


def main():
    env = os.environ.get
    bot_jid = env('SLEEK_TEST_JID_BOT')
    parser = argparse.ArgumentParser(description='An XMPP echo bot.')
    parser.add_argument('--jid', default=bot_jid and bot_jid + '/echo-bot-py',
                        help="the bot's account (default: $SLEEK_TEST_JID_BOT/echo-bot-py)")
    parser.add_argument('--password', default=env('SLEEK_TEST_PASSWORD_BOT'),
                        help='its password (default: $SLEEK_TEST_PASSWORD_BOT)')
    parser.add_argument('--host', default=env('SLEEK_TEST_PROSODY_ADDRESS'),
                        help="connect to HOST instead of looking up the JID's domain")
    parser.add_argument('--port', type=int, default=int(env('SLEEK_TEST_C2S_PORT', '0')),
                        help='the port on HOST')
    parser.add_argument('--ca-file', default=env('SLEEK_TEST_CA_FILE'),
                        help="trust the certificates in this PEM file instead of the system's")
    args = parser.parse_args()
    if not args.jid or not args.password:
        parser.error('give --jid and --password')

    bot = EchoBot(args.jid, args.password)
    if args.host:
        bot.client.set_server_host(args.host)
    bot.client.set_server_port(args.port)
    if args.ca_file:
        bot.client.set_tls_database(Gio.TlsFileDatabase.new(args.ca_file))
    return bot.run()


if __name__ == '__main__':
    sys.exit(main())
