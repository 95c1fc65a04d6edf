#!/usr/bin/python3
# echo-component.py: the XEP-0114 echo component of echo-component.c, in
# Python through PyGObject and the Sleek overrides
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Connects to a server as an external component, answers disco#info with
# the identity component/generic "Echo component", and sends every chat
# message back from the address it was sent to (any name of its domain).
# SIGINT or SIGTERM closes the stream; a lost connection ends it with
# status 1. Under the private Prosody of the tests every option defaults
# to its SLEEK_TEST_* variable.
#
#   python3 echo-component.py --jid echo.example.com --secret s3cret \
#       --host 127.0.0.1 --port 5347

import argparse
import os
import signal
import sys
import time

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek  # noqa: E402


def say(text):
    print(time.strftime('%H:%M:%S'), 'echo-component.py:', text, flush=True)


class EchoComponent:
    def __init__(self, jid, secret, host, port):
        self.xmpp = Sleek.ComponentXmpp.new(jid, secret, host, port)
        self.xmpp.register_plugin('xep_0030')
        disco = self.xmpp.get_plugin('xep_0030')
        disco.add_identity(Sleek.DiscoIdentity.new('component', 'generic', 'Echo component', None), None)
        self.xmpp.connect('message::chat', self.message)
        self.xmpp.connect('disconnected', self.disconnected)
        self.loop = GLib.MainLoop()
        self.status = 0

    def message(self, xmpp, msg):
        if 'body' not in msg:
            return
        reply = msg.reply(msg['body'])
        reply['from'] = msg['to']             # answer as the name it was sent to
        xmpp.send(reply)
        say(f"echoed to {msg['from']}: {msg['body']}")

    def disconnected(self, xmpp, error):
        if error is not None:
            say(f'disconnected: {error.message}')
            self.status = 1
        else:
            say('disconnected')
        self.loop.quit()

    def connected(self, xmpp, result):
        try:
            xmpp.connect_finish(result)
        except GLib.Error as e:
            say(f'could not connect: {e.message}')
            self.status = 1
            self.loop.quit()
            return
        say(f'online as {xmpp.get_bound_jid()}')

    def stop(self):
        say('stopping')
        self.xmpp.disconnect_async(None, None)
        return GLib.SOURCE_CONTINUE

    def run(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, self.stop)
        self.xmpp.connect_async(None, self.connected)
        self.loop.run()
        return self.status


def main():
    env = os.environ.get
    parser = argparse.ArgumentParser(description='An XMPP echo component (XEP-0114).')
    parser.add_argument('--jid', default=env('SLEEK_TEST_COMPONENT_JID'),
                        help="the component's domain (default: $SLEEK_TEST_COMPONENT_JID)")
    parser.add_argument('--secret', default=env('SLEEK_TEST_COMPONENT_SECRET'),
                        help='the shared secret (default: $SLEEK_TEST_COMPONENT_SECRET)')
    parser.add_argument('--host', default=env('SLEEK_TEST_PROSODY_ADDRESS'),
                        help="the server's address (default: $SLEEK_TEST_PROSODY_ADDRESS)")
    parser.add_argument('--port', type=int, default=int(env('SLEEK_TEST_COMPONENT_PORT', '0')),
                        help="the server's component port (default: $SLEEK_TEST_COMPONENT_PORT)")
    args = parser.parse_args()
    if not args.jid or not args.secret or not args.host or not args.port:
        parser.error('give --jid, --secret, --host and --port')

    component = EchoComponent(args.jid, args.secret, args.host, args.port)
    say(f'connecting as {args.jid} to {args.host}:{args.port}')
    return component.run()


if __name__ == '__main__':
    sys.exit(main())
