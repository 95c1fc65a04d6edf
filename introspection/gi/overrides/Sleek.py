# Sleek.py: PyGObject overrides that let Python read like SleekXMPP
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Installed into PyGObject's overrides directory; PyGObject loads it when a
# program imports Sleek from gi.repository. Everything here is a thin
# mapping onto the library's public API:
#
#   msg['body'], msg['body'] = 'x', del msg['body'], 'body' in msg
#       Stanza.get_keys, get_string, set_string, delete
#   msg['from'], msg['to']
#       Stanza.get_from, get_to (a Jid, or None when the attribute is absent)
#   iq['disco_info'], msg['delay']['stamp']
#       Stanza.get_plugin_attribs, get_plugin (created when missing, as
#       SleekXMPP does)
#   iq['disco_info']['features']
#       a method get_<key> of the stanza's own class (here
#       DiscoInfoStanza.get_features)
#   for child in stanza
#       Stanza.new_for_node on each child element
#   str(stanza)
#       Stanza.to_string
#   Sleek.Jid('a@b/c'), str(jid), jid == 'a@b/c', hash(jid), jid.bare,
#   jid.user, jid.domain, jid.resource
#       Jid.new, to_string, equal, hash, get_bare, get_local, get_domain,
#       get_resource

from gi.repository import GLib

from ..module import get_introspection_module
from ..overrides import override

Sleek = get_introspection_module('Sleek')

__all__ = []


class Jid(Sleek.Jid):
    """An XMPP address; Sleek.Jid('user@domain/resource') parses one and
    raises GLib.Error when it is not valid."""

    def __new__(cls, jid):
        return Sleek.Jid.new(jid)

    def __init__(self, *args, **kwargs):
        pass

    def __str__(self):
        return self.to_string()

    def __repr__(self):
        return 'Sleek.Jid({!r})'.format(self.to_string())

    def __eq__(self, other):
        if isinstance(other, str):
            try:
                other = Sleek.Jid.new(other)
            except GLib.Error:
                return False
        if isinstance(other, Sleek.Jid):
            return self.equal(other)
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return self.hash()

    @property
    def bare(self):
        """The bare JID, user@domain, as a string."""
        return self.get_bare()

    @property
    def user(self):
        """The localpart, '' when there is none."""
        return self.get_local() or ''

    @property
    def domain(self):
        """The domainpart."""
        return self.get_domain()

    @property
    def resource(self):
        """The resourcepart, '' when there is none."""
        return self.get_resource() or ''

    @property
    def full(self):
        """The whole JID as a string."""
        return self.to_string()


Jid = override(Jid)
__all__.append('Jid')


class Stanza(Sleek.Stanza):
    """A stanza indexed by its keys and plugin names, as in SleekXMPP."""

    _ADDRESSES = {'to': (Sleek.Stanza.get_to, Sleek.Stanza.set_to),
                  'from': (Sleek.Stanza.get_from, Sleek.Stanza.set_from)}

    def _class_method(self, prefix, key):
        # A get_<key>/set_<key> method of the stanza's own class, such as
        # DiscoInfoStanza.get_features; never one of Stanza's own
        # (get_node, set_id...), which are not keys.
        name = prefix + key
        if not key.isidentifier() or hasattr(Sleek.Stanza, name):
            return None
        return getattr(self, name, None)

    def __getitem__(self, key):
        if key in self._ADDRESSES and key in self.get_keys():
            return self._ADDRESSES[key][0](self)
        if key in self.get_keys():
            value = self.get_string(key)
            return '' if value is None else value
        if key in self.get_plugin_attribs():
            return self.get_plugin(key, True)
        getter = self._class_method('get_', key)
        if getter is not None:
            value = getter()
            return list(value) if isinstance(value, (list, tuple)) else value
        raise KeyError(key)

    def __setitem__(self, key, value):
        if value is None:
            del self[key]
            return
        if key in self._ADDRESSES and isinstance(value, Sleek.Jid):
            self._ADDRESSES[key][1](self, value)
        elif key in self.get_keys():
            self.set_string(key, str(value))
        elif key in self.get_plugin_attribs() and isinstance(value, dict):
            plugin = self.get_plugin(key, True)
            for name, item in value.items():
                plugin[name] = item
        elif self._class_method('set_', key) is not None:
            self._class_method('set_', key)(value)
        else:
            raise KeyError(key)

    def __delitem__(self, key):
        if key not in self.get_keys() and key not in self.get_plugin_attribs():
            raise KeyError(key)
        self.delete(key)

    def __contains__(self, key):
        if key in self.get_keys():
            return self.get_string(key) is not None
        if key in self.get_plugin_attribs():
            return self.get_plugin(key, False) is not None
        return False

    def __iter__(self):
        for child in self.get_node().get_children():
            yield Sleek.Stanza.new_for_node(child)

    def __str__(self):
        return self.to_string()

    def keys(self):
        """The keys of the stanza's class, as Stanza.get_keys."""
        return list(self.get_keys())

    def plugins(self):
        """The plugin names registered on the stanza's class."""
        return list(self.get_plugin_attribs())


Stanza = override(Stanza)
__all__.append('Stanza')
