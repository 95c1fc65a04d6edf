#!/usr/bin/python3
# test-web-transports.py: the transport properties and XEP-0156 discovery
# from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Soup', '3.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Soup, Sleek  # noqa: E402

import taptest  # noqa: E402

XRD = ("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>"
       "<Link rel='urn:xmpp:alt-connections:websocket' href='ws://127.0.0.1:1/xmpp-websocket'/>"
       "<Link rel='urn:xmpp:alt-connections:xbosh' href='http://127.0.0.1:1/http-bind'/></XRD>")


class WebTransportTests(unittest.TestCase):
    def setUp(self):
        self.ctx = GLib.MainContext.default()
        self.server = Soup.Server()
        self.server.add_handler('/.well-known', self.on_request)
        self.assertTrue(self.server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY))
        self.base = self.server.get_uris()[0].to_string()
        self.client = Sleek.ClientXmpp.new('juliet@example.com/web', 'secret')
        self.document = None

    def tearDown(self):
        self.server.disconnect()
        while self.ctx.iteration(False):
            pass

    def on_request(self, server, msg, path, query):
        if self.document is None or path != '/.well-known/host-meta':
            msg.set_status(Soup.Status.NOT_FOUND, None)
            return
        msg.set_status(Soup.Status.OK, None)
        msg.set_response('application/xrd+xml', Soup.MemoryUse.COPY, self.document.encode())

    def discover(self):
        results = []
        self.client.props.discovery_base_url = self.base
        self.client.discover_connections_async(None, lambda c, r: results.append(r))
        while not results:
            self.ctx.iteration(True)
        return self.client.discover_connections_finish(results[0])

    def test_properties(self):
        self.assertEqual(self.client.props.transport, Sleek.TransportKind.AUTO)
        self.assertIsNone(self.client.props.websocket_url)
        self.client.props.transport = Sleek.TransportKind.WEBSOCKET
        self.client.props.websocket_url = 'wss://example.com/xmpp-websocket'
        self.assertEqual(self.client.get_transport(), Sleek.TransportKind.WEBSOCKET)
        self.assertEqual(self.client.get_websocket_url(), 'wss://example.com/xmpp-websocket')

    def test_bosh_properties(self):
        self.assertIsNone(self.client.props.bosh_url)
        self.client.props.transport = Sleek.TransportKind.BOSH
        self.client.props.bosh_url = 'https://example.com/http-bind'
        self.assertEqual(self.client.get_transport(), Sleek.TransportKind.BOSH)
        self.assertEqual(self.client.get_bosh_url(), 'https://example.com/http-bind')

    def test_discover(self):
        self.document = XRD
        found = self.discover()
        self.assertEqual(found.get_websocket_urls(), ['ws://127.0.0.1:1/xmpp-websocket'])
        self.assertEqual(found.get_bosh_urls(), ['http://127.0.0.1:1/http-bind'])
        self.assertTrue(found.get_source_url().endswith('/.well-known/host-meta'))

    def test_discover_nothing(self):
        with self.assertRaises(GLib.Error) as raised:
            self.discover()
        self.assertTrue(raised.exception.matches(Sleek.connect_error_quark(), Sleek.ConnectError.DISCOVERY))


if __name__ == '__main__':
    taptest.main()
