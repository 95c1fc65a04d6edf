/* sleek-ns.h: XML namespaces used by the library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

/**
 * SLEEK_NS_CLIENT:
 *
 * The namespace of client-to-server stanzas, `jabber:client`.
 */
#define SLEEK_NS_CLIENT "jabber:client"
/**
 * SLEEK_NS_SERVER:
 *
 * The namespace of server-to-server stanzas, `jabber:server`.
 */
#define SLEEK_NS_SERVER "jabber:server"
/**
 * SLEEK_NS_COMPONENT:
 *
 * The namespace of XEP-0114 component streams, `jabber:component:accept`.
 */
#define SLEEK_NS_COMPONENT "jabber:component:accept"
/**
 * SLEEK_NS_STREAMS:
 *
 * The namespace of the stream element, `http://etherx.jabber.org/streams`.
 */
#define SLEEK_NS_STREAMS "http://etherx.jabber.org/streams"
/**
 * SLEEK_NS_STREAM_ERRORS:
 *
 * The namespace of stream error conditions.
 */
#define SLEEK_NS_STREAM_ERRORS "urn:ietf:params:xml:ns:xmpp-streams"
/**
 * SLEEK_NS_STANZA_ERRORS:
 *
 * The namespace of stanza error conditions.
 */
#define SLEEK_NS_STANZA_ERRORS "urn:ietf:params:xml:ns:xmpp-stanzas"
/**
 * SLEEK_NS_TLS:
 *
 * The STARTTLS namespace.
 */
#define SLEEK_NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"
/**
 * SLEEK_NS_SASL:
 *
 * The SASL namespace.
 */
#define SLEEK_NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
/**
 * SLEEK_NS_BIND:
 *
 * The resource binding namespace.
 */
#define SLEEK_NS_BIND "urn:ietf:params:xml:ns:xmpp-bind"
/**
 * SLEEK_NS_SESSION:
 *
 * The legacy session establishment namespace.
 */
#define SLEEK_NS_SESSION "urn:ietf:params:xml:ns:xmpp-session"
/**
 * SLEEK_NS_XML:
 *
 * The namespace bound to the `xml` prefix, used by `xml:lang`.
 */
#define SLEEK_NS_XML "http://www.w3.org/XML/1998/namespace"
