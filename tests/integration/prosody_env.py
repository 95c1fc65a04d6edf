# prosody_env.py: what the integration tests know about their Prosody
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Python side of prosody-env.[ch]. prosody-harness writes DIR/env, one
# KEY=VALUE a line, and exports SLEEK_TEST_PROSODY_DIR=DIR to the tests it
# runs. A value comes from that file when there is one (it is rewritten
# when the server restarts, so it is always current), else from the
# environment.
#
#   import prosody_env
#   if not prosody_env.available(): skip
#   port = prosody_env.port('SLEEK_TEST_C2S_PORT')
#   for name, jid, password in prosody_env.accounts(): ...
#   with prosody_env.lease_component() as jid: ...   # a component of our own

import errno
import fcntl
import os
import time

DIR_VAR = 'SLEEK_TEST_PROSODY_DIR'


def read_env_file(path):
    """The KEY=VALUE lines of path as a dict; blank lines and # comments
    are skipped. Raises OSError when the file cannot be read."""
    values = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            key, sep, value = line.partition('=')
            if sep:
                values[key.strip()] = value
    return values


def _file_values():
    directory = os.environ.get(DIR_VAR)
    if not directory:
        return {}
    return read_env_file(os.path.join(directory, 'env'))


def available():
    """Whether a server was set up for this test (SLEEK_TEST_PROSODY_DIR or
    the ports in the environment)."""
    return bool(os.environ.get(DIR_VAR) or os.environ.get('SLEEK_TEST_C2S_PORT'))


def get(key, default=None):
    """The value of key, read afresh each time."""
    values = _file_values()
    if key in values:
        return values[key]
    return os.environ.get(key, default)


def require(key):
    value = get(key)
    if value is None or value == '':
        raise KeyError('{} is not set: run the test through prosody-harness run --'.format(key))
    return value


def port(key):
    return int(require(key))


def server():
    """Which server runs: 'prosody' or 'ejabberd' (SLEEK_TEST_SERVER)."""
    return get('SLEEK_TEST_SERVER') or 'prosody'


def server_name():
    """What the server calls itself in its software version."""
    return 'ejabberd' if server() == 'ejabberd' else 'Prosody'


def accounts():
    """[(name, jid, password)] for every account the harness created."""
    names = [n for n in require('SLEEK_TEST_ACCOUNTS').split(',') if n]
    return [(n, require('SLEEK_TEST_JID_' + n.upper()), require('SLEEK_TEST_PASSWORD_' + n.upper()))
            for n in names]


class ComponentLease:
    """A component JID from the server's pool that no other test holds
    (a lock on DIR/leases/JID.lock, as prosody-env.c takes it), until
    release() or the end of the with block. Without a server directory,
    SLEEK_TEST_COMPONENT_JID, unlocked."""

    def __init__(self, timeout=60.0):
        self.jid = None
        self._fd = None
        directory = get(DIR_VAR)
        pool = get('SLEEK_TEST_COMPONENT_JIDS')
        if not directory or not pool:
            self.jid = require('SLEEK_TEST_COMPONENT_JID')
            return
        lease_dir = os.path.join(directory, 'leases')
        os.makedirs(lease_dir, exist_ok=True)
        deadline = time.monotonic() + timeout
        while True:
            for jid in pool.split(','):
                fd = os.open(os.path.join(lease_dir, jid + '.lock'), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as e:
                    os.close(fd)
                    if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                        raise
                    continue
                self.jid, self._fd = jid, fd
                return
            if time.monotonic() > deadline:
                raise TimeoutError('every component of the pool ({}) stayed taken'.format(pool))
            time.sleep(0.02)

    def release(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self.jid

    def __exit__(self, *exc):
        self.release()
        return False


def lease_component(timeout=60.0):
    return ComponentLease(timeout)
