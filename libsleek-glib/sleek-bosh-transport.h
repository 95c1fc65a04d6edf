/* sleek-bosh-transport.h: XMPP over BOSH (XEP-0124, XEP-0206), private
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sleek-transport.h"
#include "sleek-bosh-private.h"

G_BEGIN_DECLS

#define SLEEK_TYPE_BOSH_TRANSPORT (sleek_bosh_transport_get_type ())
G_DECLARE_FINAL_TYPE (SleekBoshTransport, sleek_bosh_transport, SLEEK, BOSH_TRANSPORT, SleekTransport)

/* A SleekXmlStream attached to it runs over @session, which must not have
 * started: the stream's first header creates the session, the next ones
 * restart the stream (XEP-0206 section 7), and its end terminates it. */
SleekTransport   *sleek_bosh_transport_new         (SleekBoshSession   *session);

G_END_DECLS
