# fortune_plugin.py: the plugin of fortune-plugin.c, written in Python, for
# doc/writing-a-plugin.md
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The "py_fortune" plugin answers <iq type='get'><fortune
# xmlns='urn:example:fortune'/></iq> with its "text" property, advertises
# urn:example:fortune through service discovery (xep_0030, its
# dependency), and asks others for theirs with ask_async()/ask_finish().
# Importing the module registers it; tests/gi/test-fortune-plugin.py runs it.

import gi
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, GObject, Gio, Sleek

NS_FORTUNE = 'urn:example:fortune'


class FortuneQuery(Sleek.Stanza):
    """<fortune xmlns='urn:example:fortune'><text>...</text></fortune>"""
    __gtype_name__ = 'PyDemoFortuneQuery'


Sleek.Stanza.type_set_element(FortuneQuery.__gtype__, 'fortune', NS_FORTUNE, 'fortune')
Sleek.Stanza.type_add_key(FortuneQuery.__gtype__, 'text', Sleek.StanzaKeyKind.CHILD_TEXT)
Sleek.Stanza.register_type(FortuneQuery.__gtype__)
Sleek.Stanza.register_plugin(Sleek.Iq.__gtype__, FortuneQuery.__gtype__)


class Fortune(Sleek.Plugin):
    """Tells a fortune to whoever asks, and asks others for theirs."""
    __gtype_name__ = 'PyDemoFortune'

    text = GObject.Property(type=str, default='You will write a plugin.')

    def do_plugin_init(self, xmpp):
        matcher = Sleek.Matcher.new_xml_mask(
            "<iq type='get'><fortune xmlns='%s'/></iq>" % NS_FORTUNE)
        # Removed by the base class when the plugin ends.
        self.add_handler(matcher, Sleek.HandlerFlags.NONE, self.on_request)
        xmpp.get_plugin('xep_0030').add_feature(NS_FORTUNE, None)

    def do_plugin_end(self):
        self.get_xmpp().get_plugin('xep_0030').remove_feature(NS_FORTUNE, None)

    def on_request(self, stream, request):
        reply = request.reply(True)
        reply['fortune']['text'] = self.props.text
        stream.send(reply)

    def ask_async(self, to, cancellable, callback):
        """Asks TO for a fortune; CALLBACK(plugin, result) gets the answer
        from ask_finish(result)."""
        task = Gio.Task.new(self, cancellable, callback)
        xmpp = self.get_xmpp()
        if xmpp is None:
            task.return_error(GLib.Error.new_literal(
                Sleek.plugin_error_quark(), 'The plugin is not enabled', Sleek.PluginError.FAILED))
            return
        iq = Sleek.Iq.new('get')
        iq['to'] = to
        iq['fortune']          # adds the empty <fortune/>
        xmpp.send_iq_async(iq, 0, cancellable, self._answered, task)

    def _answered(self, xmpp, result, task):
        try:
            answer = xmpp.send_iq_finish(result)
        except GLib.Error as e:
            # SleekStanzaError, G_IO_ERROR_TIMED_OUT, _CLOSED or _CANCELLED
            task.return_error(e)
            return
        if 'fortune' not in answer or 'text' not in answer['fortune']:
            task.return_error(GLib.Error.new_literal(
                Gio.io_error_quark(), 'The answer holds no fortune', Gio.IOErrorEnum.INVALID_DATA))
            return
        task.return_value(answer['fortune']['text'])

    def ask_finish(self, result):
        """The fortune, or a GLib.Error."""
        return result.propagate_value().value


Sleek.Plugin.register_type(Fortune.__gtype__, 'py_fortune', 'Fortunes on request', ['xep_0030'])
