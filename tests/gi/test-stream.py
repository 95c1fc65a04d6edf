#!/usr/bin/python3
# test-stream.py: a Sleek.XmlStream driven from Python through Sleek.TestStream
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Everything runs on the global default main context: the test stream
# iterates it while it waits, and taptest.spin() iterates it for the rest.

import gc
import threading
import unittest
import weakref

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import Gio, GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

PING = "<iq type='get' id='{}' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>"


class Token:
    """Something to hand to the library as user data and watch die."""


class StreamTestCase(unittest.TestCase):
    """A started stream and its scripted peer; records 'disconnected'."""

    stream_class = Sleek.XmlStream

    def setUp(self):
        self.peer = Sleek.TestStream.new()
        self.stream = self.stream_class()
        self.disconnects = []
        self.send_failures = []
        self.stream.connect('disconnected', lambda s, error: self.disconnects.append(error))
        self.stream.connect('send-failed',
                            lambda s, stanza, error: self.send_failures.append((stanza, error)))
        self.assertTrue(self.peer.start(self.stream, None))

    def tearDown(self):
        if self.stream.is_connected():
            self.stream.abort()
        taptest.spin(lambda: self.disconnects, timeout=5)
        self.peer.close()
        # Let the queued sources of this case run before the next one.
        context = GLib.MainContext.default()
        while context.iteration(False):
            pass

    def spin(self, until, timeout=5.0):
        taptest.spin(until, timeout=timeout)


class StartTests(StreamTestCase):
    def test_started(self):
        self.assertTrue(self.stream.is_connected())
        self.assertEqual(self.stream.props.stream_id, 'sleek-test')
        self.assertEqual(self.stream.get_stream_id(), 'sleek-test')
        self.assertEqual(self.stream.props.default_namespace, 'jabber:client')
        self.assertIsInstance(self.stream.props.io_stream, Gio.IOStream)
        self.assertIs(self.stream.get_io_stream(), self.peer.get_io_stream())

    def test_expect_send_mismatch_raises(self):
        self.peer.props.timeout = 500
        msg = Sleek.Message.new()
        msg.props.body = 'actual'
        self.stream.send(msg)
        with self.assertRaises(GLib.Error) as caught:
            self.peer.expect_send("<message><body>expected</body></message>")
        self.assertTrue(caught.exception.matches(Gio.io_error_quark(), Gio.IOErrorEnum.FAILED))
        self.assertIn('actual', caught.exception.message)
        # Nothing more comes: waiting again times out.
        with self.assertRaises(GLib.Error) as caught:
            self.peer.next_send()
        self.assertTrue(caught.exception.matches(Gio.io_error_quark(), Gio.IOErrorEnum.TIMED_OUT))
        self.assertTrue(self.peer.expect_silence(50))


class HandlerTests(StreamTestCase):
    def test_stanza_path_handler_replies(self):
        calls = []

        def on_ping(stream, iq, data):
            calls.append((stream, type(iq), data))
            stream.send(iq.reply(True))

        matcher = Sleek.Matcher.new_stanza_path('iq@type=get/{urn:xmpp:ping}ping')
        handler_id = self.stream.add_handler(matcher, Sleek.HandlerFlags.NONE, on_ping, 'my data')
        self.assertGreater(handler_id, 0)
        self.peer.recv("<iq type='set' id='s1'><ping xmlns='urn:xmpp:ping'/></iq>")
        self.peer.recv("<message id='m1'/>")
        self.assertEqual(calls, [])
        self.peer.recv(PING.format('p1'))
        self.assertTrue(self.peer.expect_send("<iq type='result' id='p1' to='example.com'/>"))
        self.assertEqual(calls, [(self.stream, Sleek.Iq, 'my data')])

    def test_python_matcher_subclass(self):
        class EvenIds(Sleek.Matcher):
            def __init__(self):
                super().__init__()
                self.asked = 0

            def do_match(self, stanza):
                self.asked += 1
                ident = stanza.get_string('id') or ''
                return ident.isdigit() and int(ident) % 2 == 0

        matcher = EvenIds()
        self.assertTrue(matcher.match(Sleek.Stanza.parse("<message xmlns='jabber:client' id='4'/>")))
        self.assertFalse(matcher.match(Sleek.Stanza.parse("<message xmlns='jabber:client' id='5'/>")))
        seen = []
        self.stream.add_handler(matcher, Sleek.HandlerFlags.NONE,
                                lambda stream, stanza: seen.append(stanza.get_string('id')))
        for ident in ('1', '2', 'x', '10'):
            self.peer.recv("<message id='{}'/>".format(ident))
        self.assertEqual(seen, ['2', '10'])
        self.assertEqual(matcher.asked, 2 + 4)

    def test_remove_handler_inside_its_callback(self):
        calls = []
        token = Token()
        token_ref = weakref.ref(token)
        ids = []

        def once_by_hand(stream, stanza, data):
            calls.append(stanza.get_string('id'))
            stream.remove_handler(ids[0])

        ids.append(self.stream.add_handler(Sleek.Matcher.new_any(), Sleek.HandlerFlags.NONE,
                                           once_by_hand, token))
        others = []
        self.stream.add_handler(Sleek.Matcher.new_any(), Sleek.HandlerFlags.NONE,
                                lambda stream, stanza: others.append(stanza.get_string('id')))
        del token
        self.peer.recv("<message id='a'/>")
        self.peer.recv("<message id='b'/>")
        self.assertEqual(calls, ['a'])
        self.assertEqual(others, ['a', 'b'])
        # Removing the handler released the user data (its destroy notify ran).
        gc.collect()
        self.assertIsNone(token_ref())

    def test_once_flag(self):
        calls = []
        self.stream.add_handler(Sleek.Matcher.new_id('x'), Sleek.HandlerFlags.ONCE,
                                lambda stream, stanza: calls.append(stanza.get_string('type')))
        self.peer.recv("<message id='x' type='chat'/>")
        self.peer.recv("<message id='x' type='normal'/>")
        self.assertEqual(calls, ['chat'])

    def test_each_handler_gets_its_own_copy(self):
        bodies = []

        def vandal(stream, msg):
            msg.props.body = 'changed'

        self.stream.add_handler(Sleek.Matcher.new_any(), 0, vandal)
        self.stream.add_handler(Sleek.Matcher.new_any(), 0,
                                lambda stream, msg: bodies.append(msg.props.body))
        self.stream.connect('stanza', lambda stream, msg: bodies.append(msg.props.body))
        self.peer.recv("<message><body>original</body></message>")
        self.assertEqual(bodies, ['original', 'original'])

    def test_threaded_handler(self):
        threads = []

        def in_worker(stream, iq):
            threads.append(threading.get_ident())
            stream.send(iq.reply(True))

        self.stream.add_handler(Sleek.Matcher.new_stanza_path('iq/{urn:xmpp:ping}ping'),
                                Sleek.HandlerFlags.THREADED, in_worker)
        self.peer.recv(PING.format('t1'))
        self.assertTrue(self.peer.expect_send("<iq type='result' id='t1' to='example.com'/>"))
        self.assertEqual(len(threads), 1)
        self.assertNotEqual(threads[0], threading.get_ident())


class EventTests(StreamTestCase):
    def test_custom_event_is_queued(self):
        received = []
        self.stream.connect('event::custom', lambda stream, name, data: received.append((name, data)))
        others = []
        self.stream.connect('event::other', lambda stream, name, data: others.append(name))
        everything = []
        self.stream.connect('event', lambda stream, name, data: everything.append(name))

        payload = Gio.SimpleAction.new('payload', None)
        self.stream.event('custom', payload, False)
        self.assertEqual(received, [], 'a queued event waits for the main context')
        self.spin(lambda: received)
        self.assertEqual(len(received), 1)
        name, data = received[0]
        self.assertEqual(name, 'custom')
        self.assertIs(data, payload)
        self.assertEqual(others, [])
        self.assertEqual(everything, ['custom'])

    def test_stanza_as_event_data(self):
        received = []
        self.stream.connect('event::got-stanza', lambda stream, name, data: received.append(data))
        msg = Sleek.Message.new()
        msg.props.body = 'payload'
        self.stream.event('got-stanza', msg, True)
        self.stream.event('got-stanza', None, True)
        self.assertEqual(len(received), 2)
        self.assertIsInstance(received[0], Sleek.Message)
        self.assertEqual(received[0].props.body, 'payload')
        self.assertIsNone(received[1])

    def test_queued_and_direct_order(self):
        order = []
        self.stream.connect('event', lambda stream, name, data: order.append(name))
        self.stream.event('queued-1', None, False)
        self.stream.event('direct-1', None, True)
        self.stream.event('queued-2', None, False)
        self.stream.event('direct-2', None, True)
        self.assertEqual(order, ['direct-1', 'direct-2'])
        self.spin(lambda: len(order) == 4)
        self.assertEqual(order, ['direct-1', 'direct-2', 'queued-1', 'queued-2'])

    def test_event_from_thread_arrives_in_main_thread(self):
        arrivals = []
        self.stream.connect('event::from-thread',
                            lambda stream, name, data: arrivals.append(threading.get_ident()))
        worker = threading.Thread(target=lambda: self.stream.event('from-thread', None, False))
        worker.start()
        worker.join()
        self.spin(lambda: arrivals)
        self.assertEqual(arrivals, [threading.get_ident()])


class FilterTests(StreamTestCase):
    def test_incoming_filter_drops_presence(self):
        filtered = []

        def no_presence(stream, stanza):
            filtered.append(stanza.get_node().get_name())
            if isinstance(stanza, Sleek.Presence):
                return None
            return stanza

        filter_id = self.stream.add_filter(Sleek.FilterDirection.INCOMING, no_presence)
        handled = []
        self.stream.add_handler(Sleek.Matcher.new_any(), 0,
                                lambda stream, stanza: handled.append(stanza.get_node().get_name()))
        signalled = []
        self.stream.connect('stanza', lambda stream, stanza: signalled.append(stanza.get_node().get_name()))

        self.peer.recv("<presence from='romeo@example.net/orchard'/>")
        self.peer.recv("<message><body>hi</body></message>")
        self.assertEqual(filtered, ['presence', 'message'])
        self.assertEqual(handled, ['message'])
        self.assertEqual(signalled, ['message'])

        self.stream.remove_filter(filter_id)
        self.peer.recv("<presence/>")
        self.assertEqual(handled, ['message', 'presence'])

    def test_outgoing_filter_replaces_stanza(self):
        def tag(stream, stanza):
            if isinstance(stanza, Sleek.Message):
                copy = stanza.copy()
                copy.set_string('id', 'tagged')
                return copy
            return stanza

        self.stream.add_filter(Sleek.FilterDirection.OUTGOING, tag)
        msg = Sleek.Message.new()
        msg.props.body = 'out'
        self.stream.send(msg)
        self.assertTrue(self.peer.expect_send("<message id='tagged'><body>out</body></message>"))
        self.assertIsNone(msg.props.id, 'the caller\'s stanza is unchanged')
        self.stream.send(Sleek.Presence.new())
        self.assertTrue(self.peer.expect_send("<presence/>"))


class SchedulerTests(StreamTestCase):
    def test_one_shot(self):
        runs = []

        def task(data):
            runs.append(data)
            return GLib.SOURCE_CONTINUE  # ignored for a one-shot task

        self.stream.schedule('once', 0.01, False, task, 'payload')
        self.assertTrue(self.stream.is_scheduled('once'))
        self.spin(lambda: runs)
        self.assertEqual(runs, ['payload'])
        self.assertFalse(self.stream.is_scheduled('once'))
        self.assertTrue(self.peer.expect_silence(60))
        self.assertEqual(runs, ['payload'])

    def test_repeating_until_removed(self):
        runs = []

        def tick():
            runs.append(1)
            return len(runs) < 3

        self.stream.schedule('tick', 0.005, True, tick)
        self.spin(lambda: len(runs) == 3)
        self.assertFalse(self.stream.is_scheduled('tick'))
        self.assertTrue(self.peer.expect_silence(40))
        self.assertEqual(len(runs), 3)

    def test_unschedule(self):
        runs = []
        self.stream.schedule('never', 0.02, False, lambda: runs.append(1))
        self.stream.unschedule('never')
        self.assertFalse(self.stream.is_scheduled('never'))
        self.assertTrue(self.peer.expect_silence(60))
        self.assertEqual(runs, [])


class CloseTests(StreamTestCase):
    def test_restricted_xml_ends_stream(self):
        self.peer.recv("<message/><!-- a comment -->")
        error_node = self.peer.next_send()
        self.assertEqual(error_node.get_name(), 'error')
        self.assertEqual(error_node.get_namespace(), 'http://etherx.jabber.org/streams')
        self.assertIsNotNone(error_node.get_child('restricted-xml', 'urn:ietf:params:xml:ns:xmpp-streams'))
        self.assertTrue(self.peer.expect_send('</stream:stream>'))
        self.assertTrue(self.peer.wait_closed())
        self.spin(lambda: self.disconnects)
        error = self.disconnects[0]
        self.assertIsInstance(error, GLib.Error)
        self.assertEqual(error.domain, 'sleek-stream-error-quark')
        self.assertEqual(error.code, Sleek.StreamError.RESTRICTED_XML)
        self.assertTrue(error.matches(Sleek.stream_error_quark(), Sleek.StreamError.RESTRICTED_XML))
        self.assertFalse(self.stream.is_connected())

    def test_peer_stream_error(self):
        self.peer.recv("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                       "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced</text></stream:error>")
        self.assertTrue(self.peer.expect_send('</stream:stream>'))
        self.spin(lambda: self.disconnects)
        self.assertEqual(self.disconnects[0].code, Sleek.StreamError.CONFLICT)
        self.assertIn('Replaced', self.disconnects[0].message)

    def test_polite_disconnect(self):
        results = []
        ends = []
        self.stream.connect('stream-end', lambda stream: ends.append(True))

        def done(stream, result, data):
            results.append((stream.disconnect_finish(result), data, list(self.disconnects)))

        self.stream.disconnect_async(None, done, 'cb data')
        self.assertTrue(self.peer.expect_send('</stream:stream>'))
        self.assertEqual(results, [])
        self.peer.recv('</stream:stream>')
        self.spin(lambda: results)
        finished, data, disconnects_then = results[0]
        self.assertIs(finished, True)
        self.assertEqual(data, 'cb data')
        self.assertEqual(disconnects_then, [None], '"disconnected" comes first, without an error')
        self.assertEqual(ends, [True])
        self.assertFalse(self.stream.is_connected())
        self.assertTrue(self.peer.wait_closed())

    def test_send_then_disconnect_keeps_order(self):
        # Sent from outside any main-context iteration, then disconnected
        # at once: the stanza must still go out before the stream ends.
        msg = Sleek.Message.new()
        msg.props.body = 'last words'
        self.stream.send(msg)
        self.stream.disconnect_async(None, None)
        self.assertTrue(self.peer.expect_send("<message><body>last words</body></message>"))
        self.assertTrue(self.peer.expect_send('</stream:stream>'))
        self.peer.recv('</stream:stream>')
        self.spin(lambda: self.disconnects)
        self.assertEqual(self.send_failures, [])

    def test_send_after_close_fails(self):
        self.stream.abort()
        self.spin(lambda: self.disconnects)
        self.assertTrue(self.disconnects[0].matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED))
        msg = Sleek.Message.new()
        self.stream.send(msg)
        self.spin(lambda: self.send_failures)
        stanza, error = self.send_failures[0]
        self.assertIs(stanza, msg)
        self.assertTrue(error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_CONNECTED))


class ThreadTests(StreamTestCase):
    def test_send_from_python_thread(self):
        def worker(n):
            msg = Sleek.Message.new()
            msg.set_string('id', 'thread-{}'.format(n))
            msg.props.body = 'from a thread'
            self.stream.send(msg)

        threads = [threading.Thread(target=worker, args=(0,))]
        threads[0].start()
        threads[0].join()
        self.assertTrue(self.peer.expect_send("<message id='thread-0'><body>from a thread</body></message>"))

        # Several threads at once: every stanza arrives exactly once.
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ids = sorted(self.peer.next_send().get_attribute('id') for _ in range(5))
        self.assertEqual(ids, ['thread-{}'.format(n) for n in range(1, 6)])
        self.assertTrue(self.peer.expect_silence(30))


class RecordingStream(Sleek.XmlStream):
    """A Python subclass overriding the class handlers."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def do_stream_start(self, header):
        self.calls.append(('stream-start', header.get_attribute('from')))

    def do_stanza(self, stanza):
        self.calls.append(('stanza', stanza.get_node().get_name()))

    def do_disconnected(self, error):
        self.calls.append(('disconnected', error))


class SubclassTests(StreamTestCase):
    stream_class = RecordingStream

    def test_class_handlers(self):
        self.peer.recv("<presence/>")
        self.stream.disconnect_async(None, None)
        self.assertTrue(self.peer.expect_send('</stream:stream>'))
        self.peer.recv('</stream:stream>')
        self.spin(lambda: self.disconnects)
        self.assertEqual(self.stream.calls, [
            ('stream-start', 'example.com'),
            ('stanza', 'presence'),
            ('disconnected', None),
        ])


if __name__ == '__main__':
    taptest.main()
