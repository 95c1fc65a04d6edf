#!/usr/bin/python3
# check-gtk-chat.py: the GTK chat demo chats with the echo bot under Xvfb;
# a TAP test
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   prosody-harness run --tap -- check-gtk-chat.py --app SLEEK_CHAT --bot ECHO_BOT --screenshot PNG
#
# Starts ECHO_BOT as bot@localhost/check-gtk-chat, has benvolio ask juliet
# to see her presence (through GI), then runs SLEEK_CHAT --self-test PNG
# in a virtual X server (xvfb-run): the app logs in as juliet, adds the
# bot, waits until its row shows it available, sends a line and waits
# until it comes back delivered, accepts benvolio's contact request in
# the dialog that shows it (see self-test.c), and saves its window as PNG.
# Five TAP cases: the bot logs in; the app's self-test passes and the
# screenshot is a PNG; benvolio's roster says juliet accepted; with a wrong
# password the account page says why the app could not log in
# (screenshot beside the first, with -login-error before .png); the bot
# exits 0 on SIGTERM. Skipped without xvfb-run.

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time

APP_TIMEOUT = 90
GI_TIMEOUT = 20
LOGIN_TIMEOUT = 30
STOP_TIMEOUT = 15

# The bot runner and TAP helpers of the echo bot's check.
_spec = importlib.util.spec_from_file_location(
    'check_echo_bot', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'check-echo-bot.py'))
check_echo_bot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_echo_bot)
Bot, comment, result = check_echo_bot.Bot, check_echo_bot.comment, check_echo_bot.result


def app_environment():
    env = dict(os.environ)
    env.update({
        'GDK_BACKEND': 'x11',
        # No GL in Xvfb: the cairo renderer draws the window, screenshot included.
        'GSK_RENDERER': 'cairo',
        'GTK_A11Y': 'none',
        'NO_AT_BRIDGE': '1',
        # No session bus: the app is not unique and needs none.
        'DBUS_SESSION_BUS_ADDRESS': 'disabled:',
        'GSETTINGS_BACKEND': 'memory',
        'LC_ALL': 'C.UTF-8',
    })
    return env


class Benvolio:
    """benvolio's sessions through GI, blocking on the default main context."""

    def __init__(self):
        import gi
        gi.require_version('Sleek', '1.0')
        from gi.repository import Gio, GLib, Sleek
        self.Gio, self.GLib, self.Sleek = Gio, GLib, Sleek
        self.juliet = Sleek.Jid.new(os.environ['SLEEK_TEST_JID_JULIET'])

    def call(self, start, finish):
        results = []
        start(lambda source, result, *args: results.append(result))
        ctx = self.GLib.MainContext.default()
        deadline = time.monotonic() + GI_TIMEOUT
        while not results and time.monotonic() < deadline:
            ctx.iteration(False) or time.sleep(0.01)
        if not results:
            raise TimeoutError('no answer within {} s'.format(GI_TIMEOUT))
        return finish(results[0])

    def session(self, work):
        """Logs in, returns what work(client) returns, and logs out."""
        client = self.Sleek.ClientXmpp.new(os.environ['SLEEK_TEST_JID_BENVOLIO'] + '/check-gtk-chat',
                                           os.environ['SLEEK_TEST_PASSWORD_BENVOLIO'])
        client.props.server_host = os.environ['SLEEK_TEST_PROSODY_ADDRESS']
        client.props.server_port = int(os.environ['SLEEK_TEST_C2S_PORT'])
        client.props.keepalive_interval = 0
        database = self.Gio.TlsFileDatabase.new(os.environ['SLEEK_TEST_CA_FILE'])
        client.props.tls_database = database
        self.call(lambda cb: client.connect_async(None, cb), client.connect_finish)
        try:
            return work(client)
        finally:
            self.call(lambda cb: client.disconnect_async(None, cb), client.disconnect_finish)

    def ask_juliet(self):
        """Asks anew to see juliet's presence: she has to answer."""
        def ask(client):
            client.unsubscribe(self.juliet)
            client.subscribe(self.juliet)
        self.session(ask)

    def juliet_accepted(self):
        def subscription(client):
            roster = self.call(lambda cb: client.fetch_roster_async(None, cb), client.fetch_roster_finish)
            item = roster.lookup(self.juliet)
            return item.get_subscription() if item is not None else None
        found = self.session(subscription)
        return (found in (self.Sleek.RosterSubscription.TO, self.Sleek.RosterSubscription.BOTH),
                getattr(found, 'value_nick', 'no roster item'))


def run_app(xvfb_run, app, screenshot, contact, env, extra=()):
    """Runs the app's self-test: its exit status (or why it has none), its
    output, and whether it saved a PNG."""
    if os.path.exists(screenshot):
        os.unlink(screenshot)
    try:
        run = subprocess.run([xvfb_run, '-a', '-s', '-screen 0 1280x800x24', app,
                              '--self-test', screenshot, '--contact', contact] + list(extra),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, encoding='utf-8', errors='replace',
                             env=env, timeout=APP_TIMEOUT)
        output, status = run.stdout, run.returncode
    except subprocess.TimeoutExpired as e:
        output, status = e.stdout or '', 'none: killed after {} s'.format(APP_TIMEOUT)
    comment(output)
    is_png = False
    if os.path.exists(screenshot):
        with open(screenshot, 'rb') as f:
            is_png = f.read(8) == b'\x89PNG\r\n\x1a\n'
    comment('screenshot: {}{}'.format(screenshot, '' if is_png else ' (missing or not a PNG)'))
    return status, output, is_png


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--app', required=True)
    parser.add_argument('--bot', required=True)
    parser.add_argument('--screenshot', required=True)
    args = parser.parse_args()

    if not os.environ.get('SLEEK_TEST_C2S_PORT'):
        print('1..0 # SKIP no private Prosody (run through prosody-harness)')
        return 0
    xvfb_run = shutil.which('xvfb-run')
    if xvfb_run is None:
        print('1..0 # SKIP no xvfb-run (Debian package xvfb)')
        return 0

    host = os.environ['SLEEK_TEST_PROSODY_HOST']
    bot_jid = 'bot@{}/check-gtk-chat'.format(host)
    contact = 'bot@' + host
    base, ext = os.path.splitext(args.screenshot)

    try:
        benvolio = Benvolio()
    except (ImportError, ValueError) as e:
        benvolio, no_gi = None, str(e)

    print('1..5', flush=True)
    failures = 0
    bot = Bot([args.bot, '--jid', bot_jid])
    try:
        online = bot.wait_online(LOGIN_TIMEOUT)
        result(1, online, 'the bot logs in as ' + bot_jid)
        failures += not online

        passed = False
        extra = []
        if benvolio is not None:
            benvolio.ask_juliet()
            extra = ['--requester', os.environ['SLEEK_TEST_JID_BENVOLIO']]
        if online:
            status, _, is_png = run_app(xvfb_run, args.app, args.screenshot, contact, app_environment(), extra)
            passed = status == 0 and is_png
            result(2, passed, 'the app shows the bot online and the echo of a line, and accepts a contact '
                              'request (exit status {})'.format(status))
        else:
            result(2, False, 'the app shows the bot online and the echo of a line (the bot is not online)')
        failures += not passed

        if benvolio is None:
            print('ok 3 # SKIP no Sleek typelib for benvolio: {}'.format(no_gi), flush=True)
        else:
            accepted, subscription = benvolio.juliet_accepted() if passed else (False, 'not asked')
            result(3, accepted, "benvolio's roster says juliet accepted (subscription {})".format(subscription))
            failures += not accepted

        env = app_environment()
        env['SLEEK_TEST_PASSWORD_JULIET'] = 'not ' + env.get('SLEEK_TEST_PASSWORD_JULIET', '')
        status, output, is_png = run_app(xvfb_run, args.app, base + '-login-error' + ext, contact, env)
        said = status == 1 and is_png and 'the account page says: ' in output
        result(4, said, 'with a wrong password the account page says why (exit status {})'.format(status))
        failures += not said

        status = bot.stop(STOP_TIMEOUT)
        result(5, status == 0, 'the bot exits 0 on SIGTERM (exit status {})'.format(status))
        failures += status != 0
        comment('--- the bot said ---\n' + bot.log())
    finally:
        bot.kill()
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
