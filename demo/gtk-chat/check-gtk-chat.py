#!/usr/bin/python3
# check-gtk-chat.py: the GTK chat demo chats with the echo bot under Xvfb;
# a TAP test
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   prosody-harness run --tap -- check-gtk-chat.py --app SLEEK_CHAT --bot ECHO_BOT --screenshot PNG
#
# Starts ECHO_BOT as bot@localhost/check-gtk-chat, then SLEEK_CHAT
# --self-test PNG in a virtual X server (xvfb-run): the app logs in as
# juliet, adds the bot, waits until its row shows it available, sends a
# line and waits until it comes back delivered (see self-test.c), then
# saves its window as PNG. Three TAP cases: the bot logs in, the app's
# self-test passes and the screenshot is a PNG, the bot exits 0 on
# SIGTERM. Skipped without xvfb-run.

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys

APP_TIMEOUT = 90
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
    if os.path.exists(args.screenshot):
        os.unlink(args.screenshot)

    print('1..3', flush=True)
    failures = 0
    bot = Bot([args.bot, '--jid', bot_jid])
    try:
        online = bot.wait_online(LOGIN_TIMEOUT)
        result(1, online, 'the bot logs in as ' + bot_jid)
        failures += not online

        passed = False
        if online:
            try:
                app = subprocess.run([xvfb_run, '-a', '-s', '-screen 0 1280x800x24', args.app,
                                      '--self-test', args.screenshot, '--contact', 'bot@' + host],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     universal_newlines=True, encoding='utf-8', errors='replace',
                                     env=app_environment(), timeout=APP_TIMEOUT)
                comment(app.stdout)
                status = app.returncode
            except subprocess.TimeoutExpired as e:
                comment(e.stdout or '')
                status = 'none: killed after {} s'.format(APP_TIMEOUT)
            with open(args.screenshot, 'rb') if os.path.exists(args.screenshot) else open(os.devnull, 'rb') as f:
                is_png = f.read(8) == b'\x89PNG\r\n\x1a\n'
            passed = status == 0 and is_png
            comment('screenshot: {}{}'.format(args.screenshot, '' if is_png else ' (missing or not a PNG)'))
            result(2, passed, 'the app shows the bot online and the echo of a line (exit status {})'.format(status))
        else:
            result(2, False, 'the app shows the bot online and the echo of a line (the bot is not online)')
        failures += not passed

        status = bot.stop(STOP_TIMEOUT)
        result(3, status == 0, 'the bot exits 0 on SIGTERM (exit status {})'.format(status))
        failures += status != 0
        comment('--- the bot said ---\n' + bot.log())
    finally:
        bot.kill()
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
