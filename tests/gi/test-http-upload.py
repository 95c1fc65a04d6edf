#!/usr/bin/python3
# test-http-upload.py: XEP-0363 HTTP File Upload from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Soup', '3.0')
gi.require_version('Sleek', '1.0')
from gi.repository import Gio, GLib, Soup, Sleek  # noqa: E402

import taptest  # noqa: E402

OWN = 'juliet@example.com/balcony'
SERVICE = 'upload.example.com'
UPLOAD = 'urn:xmpp:http:upload:0'


class Xmpp(Sleek.BaseXmpp):
    pass


class HttpUploadTests(unittest.TestCase):
    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.xmpp = Xmpp(jid=Sleek.Jid.new('juliet@example.com'))
        self.assertTrue(self.peer.start(self.xmpp, None))
        self.xmpp.set_bound_jid(Sleek.Jid.new(OWN))
        self.assertTrue(self.xmpp.register_plugin('xep_0363'))
        self.upload = self.xmpp.get_plugin('xep_0363')
        self.upload.props.service = Sleek.Jid.new(SERVICE)
        self.ctx = GLib.MainContext.default()
        self.received = []
        self.server = Soup.Server()
        self.server.add_handler(None, self.on_request)
        self.assertTrue(self.server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY))
        self.base = self.server.get_uris()[0].to_string().rstrip('/')

    def tearDown(self):
        self.server.disconnect()
        self.xmpp.abort()
        while self.ctx.iteration(False):
            pass

    def on_request(self, server, msg, path, query):
        self.received.append((msg.get_method(), path, msg.get_request_headers().get_one('Authorization'),
                              msg.get_request_body().flatten().get_data()))
        msg.set_status(Soup.Status.CREATED, None)

    def wait(self, results):
        while not results:
            self.ctx.iteration(True)
        return results[0]

    def request_slot(self, size, answer):
        results = []
        self.upload.request_slot_async('photo.jpg', size, 'image/jpeg', None,
                                       lambda u, res: results.append(res))
        sent = self.peer.next_send()
        self.assertEqual(sent.get_attribute('to'), SERVICE)
        request = sent.get_child('request', UPLOAD)
        self.assertEqual(request.get_attribute('filename'), 'photo.jpg')
        self.assertEqual(request.get_attribute('size'), str(size))
        self.assertEqual(request.get_attribute('content-type'), 'image/jpeg')
        self.peer.recv("<iq type='%s' id='%s' from='%s'>%s</iq>" % (
            'error' if '<error' in answer else 'result', sent.get_attribute('id'), SERVICE, answer))
        return self.upload.request_slot_finish(self.wait(results))

    def test_slot_and_put(self):
        data = bytes(range(256)) * 400
        slot = self.request_slot(len(data), (
            "<slot xmlns='%s'><put url='%s/put/photo.jpg'>"
            "<header name='Authorization'>Bearer t0ken</header><header name='Origin'>x</header></put>"
            "<get url='%s/get/photo.jpg'/></slot>") % (UPLOAD, self.base, self.base))
        self.assertEqual(slot.props.get_url, self.base + '/get/photo.jpg')
        self.assertEqual(slot.get_put_headers().get_one('Authorization'), 'Bearer t0ken')
        self.assertIsNone(slot.get_put_headers().get_one('Origin'))

        progress = []
        self.upload.connect('progress', lambda u, s, sent, total: progress.append((sent, total)))
        results = []
        stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data))
        self.upload.put_async(slot, stream, None, lambda u, res: results.append(res))
        self.assertTrue(self.upload.put_finish(self.wait(results)))
        self.assertEqual(self.received, [('PUT', '/put/photo.jpg', 'Bearer t0ken', data)])
        self.assertTrue(progress)
        self.assertEqual(progress[-1], (len(data), len(data)))
        self.assertEqual(slot.props.sent, len(data))

    def test_errors(self):
        with self.assertRaises(GLib.Error) as caught:
            self.request_slot(5000, (
                "<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                "<file-too-large xmlns='%s'><max-file-size>4000</max-file-size></file-too-large></error>")
                % UPLOAD)
        self.assertTrue(caught.exception.matches(Sleek.http_upload_error_quark(),
                                                 Sleek.HttpUploadError.FILE_TOO_LARGE))
        self.assertEqual(self.upload.props.max_file_size, 4000)

        # Now refused without asking.
        results = []
        self.upload.upload_bytes_async('big.bin', GLib.Bytes.new(b'x' * 4001), None, None,
                                       lambda u, res: results.append(res))
        with self.assertRaises(GLib.Error) as caught:
            self.upload.upload_bytes_finish(self.wait(results))
        self.assertTrue(caught.exception.matches(Sleek.http_upload_error_quark(),
                                                 Sleek.HttpUploadError.FILE_TOO_LARGE))
        self.assertEqual(self.received, [])


if __name__ == '__main__':
    taptest.main()
