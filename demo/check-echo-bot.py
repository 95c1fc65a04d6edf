#!/usr/bin/python3
# check-echo-bot.py: runs an echo bot against the private Prosody and
# chats with it; a TAP test of the demos
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   prosody-harness run --tap -- check-echo-bot.py --chat CHAT --name NAME -- BOT [ARGS...]
#
# Starts BOT as bot@localhost/check-NAME, runs CHAT as
# juliet@localhost/check-NAME with a few lines in --script mode, and stops
# the bot with SIGTERM. Four TAP cases: the bot logs in, every line comes
# back, the bot closes its stream and exits 0 on SIGTERM, and it printed no
# warning or critical (from GLib, PyGObject or gjs). Every wait has a
# deadline, and the bot is killed whatever happens. Each run uses
# resources of its own, so the checks can share one server.

import argparse
import os
import signal
import subprocess
import sys
import threading
import time

LINES = [
    'Hello, bot!',
    'Wherefore art thou, Romeo?',
    'Ünïcödé, <tags> & "quotes" make the round trip ✓',
]
LOGIN_TIMEOUT = 30
CHAT_TIMEOUT = 60
STOP_TIMEOUT = 15


class Stopped(Exception):
    pass


def on_signal(signum, frame):
    raise Stopped('got signal {}'.format(signum))


def comment(text):
    for line in text.rstrip('\n').splitlines():
        print('#', line)
    sys.stdout.flush()


def result(number, ok, description):
    print('{} {} - {}'.format('ok' if ok else 'not ok', number, description), flush=True)


class Bot:
    """The bot as a child process; its output is collected by a thread."""

    def __init__(self, command):
        self.lines = []
        self.online = threading.Event()
        self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, universal_newlines=True,
                                     encoding='utf-8', errors='replace')
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            if 'online as ' in line:
                self.online.set()

    def wait_online(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.online.wait(0.1):
                return True
            if self.proc.poll() is not None:
                return self.online.is_set()
        return False

    def stop(self, timeout):
        """SIGTERM, and the exit status, or None when it had to be killed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            self.kill()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(5)

    def log(self):
        return ''.join(self.lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--chat', required=True, help='the chat program')
    parser.add_argument('--name', required=True, help='names the resources of this run')
    parser.add_argument('bot', nargs=argparse.REMAINDER, help='-- BOT [ARGS...]')
    args = parser.parse_args()
    bot_command = args.bot[1:] if args.bot[:1] == ['--'] else args.bot
    if not bot_command:
        parser.error('give the bot command after --')

    if not os.environ.get('SLEEK_TEST_C2S_PORT'):
        print('1..0 # SKIP no private Prosody (run through prosody-harness)')
        return 0

    host = os.environ['SLEEK_TEST_PROSODY_HOST']
    bot_jid = 'bot@{}/check-{}'.format(host, args.name)
    juliet_jid = 'juliet@{}/check-{}'.format(host, args.name)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)

    print('1..4', flush=True)
    failures = 0
    bot = None
    try:
        bot = Bot(bot_command + ['--jid', bot_jid])
        online = bot.wait_online(LOGIN_TIMEOUT)
        result(1, online, 'the bot logs in as ' + bot_jid)
        failures += not online

        if online:
            chat = subprocess.run([args.chat, '--jid', juliet_jid, '--to', bot_jid, '--timeout', '20',
                                   '--script'] + LINES,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  universal_newlines=True, encoding='utf-8', errors='replace',
                                  timeout=CHAT_TIMEOUT)
            comment(chat.stdout)
            echoed = chat.returncode == 0
            result(2, echoed, 'every line comes back (chat exit status {})'.format(chat.returncode))
        else:
            echoed = False
            result(2, False, 'every line comes back (the bot is not online)')
        failures += not echoed

        status = bot.stop(STOP_TIMEOUT)
        stopped = status == 0 and 'disconnected' in bot.log()
        result(3, stopped, 'the bot disconnects and exits 0 on SIGTERM (exit status {})'.format(
            'none: killed after {} s'.format(STOP_TIMEOUT) if status is None else status))
        failures += not stopped

        noisy = [line for line in bot.log().splitlines()
                 if any(word in line for word in ('WARNING', 'CRITICAL', 'Warning', 'Gjs-', 'Traceback'))]
        result(4, not noisy, 'the bot printed no warning')
        failures += bool(noisy)
        comment('--- the bot said ---\n' + bot.log())
    except subprocess.TimeoutExpired:
        print('Bail out! the chat did not end within {} s'.format(CHAT_TIMEOUT), flush=True)
        failures += 1
    except Stopped as e:
        print('Bail out! {}'.format(e), flush=True)
        failures += 1
    finally:
        if bot is not None:
            bot.kill()
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
