#!/usr/bin/python3
# test-harness.py: the private Prosody as the tests see it
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks what prosody-harness promises every test, through prosody_env.py
# (the Python side of prosody-env.h): the accounts, the ports, the
# certificate, the component pool. Standard library only. Run through
# prosody-harness run -- (meson does).

import os
import socket
import ssl
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'gi'))

import prosody_env  # noqa: E402
import taptest  # noqa: E402

TIMEOUT = 10


def pid_alive(pid):
    try:
        with open('/proc/{}/stat'.format(pid)) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(')') + 2:].split(' ', 1)[0] not in ('Z', 'X')


def recv_until(sock, marker):
    data = b''
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@unittest.skipUnless(prosody_env.available(), 'no Prosody: run through prosody-harness run --')
class Harness(unittest.TestCase):

    def test_accounts(self):
        host = prosody_env.require('SLEEK_TEST_PROSODY_HOST')
        accounts = prosody_env.accounts()
        names = [name for name, _, _ in accounts]
        # The three the demos and most tests use come first; tests that
        # need an account of their own add more after them.
        self.assertEqual(names[:3], ['juliet', 'romeo', 'bot'])
        self.assertIn('nurse', names)
        self.assertIn('admin', names)
        self.assertEqual(len(names), len(set(names)))
        for name, jid, password in accounts:
            self.assertEqual(jid, '{}@{}'.format(name, host))
            self.assertTrue(password)
        directory = prosody_env.require('SLEEK_TEST_PROSODY_DIR')
        if prosody_env.server() == 'ejabberd':
            # The node registered them in its Mnesia database before it
            # said it was ready.
            self.assertTrue(os.path.isfile(os.path.join(directory, 'accounts-ready')))
            self.assertTrue(os.path.isfile(os.path.join(directory, 'data', 'passwd.DAT')))
            return
        # prosodyctl stored them where the server reads them.
        data = os.path.join(directory, 'data', host, 'accounts')
        for name, _, _ in accounts:
            self.assertTrue(os.path.isfile(os.path.join(data, name + '.dat')), name)

    def test_server_runs(self):
        pid = int(prosody_env.require('SLEEK_TEST_PROSODY_PID'))
        self.assertTrue(pid_alive(pid))
        with open('/proc/{}/cmdline'.format(pid), 'rb') as f:
            config = prosody_env.require('SLEEK_TEST_PROSODY_CONFIG').encode()
            self.assertTrue(any(config in arg for arg in f.read().split(b'\0')))

    def test_ports(self):
        address = prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS')
        self.assertEqual(address, '127.0.0.1')
        keys = ('SLEEK_TEST_C2S_PORT', 'SLEEK_TEST_DIRECT_TLS_PORT', 'SLEEK_TEST_COMPONENT_PORT',
                'SLEEK_TEST_HTTP_PORT', 'SLEEK_TEST_HTTPS_PORT')
        ports = [prosody_env.port(k) for k in keys]
        self.assertEqual(len(set(ports)), len(keys))
        for port in ports:
            socket.create_connection((address, port), timeout=TIMEOUT).close()

    def test_c2s_stream(self):
        host = prosody_env.require('SLEEK_TEST_PROSODY_HOST')
        with socket.create_connection((prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS'),
                                       prosody_env.port('SLEEK_TEST_C2S_PORT')), timeout=TIMEOUT) as s:
            s.sendall("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                      "xmlns:stream='http://etherx.jabber.org/streams' to='{}' version='1.0'>"
                      .format(host).encode())
            data = recv_until(s, b'</stream:features>')
            self.assertIn(b'urn:ietf:params:xml:ns:xmpp-tls', data)
            self.assertIn(b'<required/>', data)
            s.sendall(b'</stream:stream>')

    def test_direct_tls_with_ca_file(self):
        """OpenSSL trusts the server through SLEEK_TEST_CA_FILE alone, by
        name and by address."""
        ca_file = prosody_env.require('SLEEK_TEST_CA_FILE')
        host = prosody_env.require('SLEEK_TEST_PROSODY_HOST')
        address = prosody_env.require('SLEEK_TEST_PROSODY_ADDRESS')
        for server_hostname in (host, address):
            context = ssl.create_default_context(cafile=ca_file)
            context.set_alpn_protocols(['xmpp-client'])
            with socket.create_connection((address, prosody_env.port('SLEEK_TEST_DIRECT_TLS_PORT')),
                                          timeout=TIMEOUT) as raw:
                with context.wrap_socket(raw, server_hostname=server_hostname) as s:
                    cert = s.getpeercert()
                    self.assertIn(('DNS', host), cert['subjectAltName'])
                    self.assertIn(('IP Address', address), cert['subjectAltName'])
                    s.sendall("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                              "xmlns:stream='http://etherx.jabber.org/streams' to='{}' version='1.0'>"
                              .format(host).encode())
                    data = recv_until(s, b'</stream:features>')
                    self.assertIn(b'<mechanism>SCRAM-SHA-1</mechanism>', data)
                    s.sendall(b'</stream:stream>')

    def test_certificate(self):
        """Names localhost and 127.0.0.1, and stays valid for the run."""
        openssl = os.environ.get('OPENSSL', 'openssl')
        ca_file = prosody_env.require('SLEEK_TEST_CA_FILE')
        for check, expected in ((['-checkhost', 'localhost'], 'does match'),
                                (['-checkip', '127.0.0.1'], 'does match'),
                                (['-checkend', '86400'], 'will not expire')):
            out = subprocess.run([openssl, 'x509', '-in', ca_file, '-noout'] + check,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
            self.assertEqual(out.returncode, 0, out.stdout)
            self.assertIn(expected, out.stdout)

    def test_component_leases(self):
        pool = prosody_env.require('SLEEK_TEST_COMPONENT_JIDS').split(',')
        self.assertEqual(pool[0], prosody_env.require('SLEEK_TEST_COMPONENT_JID'))
        self.assertGreaterEqual(len(pool), 2)
        with prosody_env.lease_component() as first:
            with prosody_env.lease_component() as second:
                self.assertIn(first, pool)
                self.assertIn(second, pool)
                self.assertNotEqual(first, second)
        # Released: can be had again.
        lease = prosody_env.lease_component()
        self.assertIn(lease.jid, pool)
        lease.release()


if __name__ == '__main__':
    taptest.main()
