/* relay.h: a TCP relay on 127.0.0.1 in front of the server, for the
 * integration tests that break connections
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Clients connect to the relay's port; each connection is passed on to
 * the target port on 127.0.0.1. The relay runs on the thread-default main
 * context of its creator. The test can make the open connections drop
 * the server's bytes while they stay open (a NAT mapping that silently
 * went away), or close them at once both ways (a cut cable).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _Relay Relay;

Relay   *relay_new          (guint16  target_port);
void     relay_free         (Relay   *relay);
/* The port clients connect to. */
guint16  relay_get_port     (Relay   *relay);
/* How many connections the relay has accepted. */
guint    relay_get_accepted (Relay   *relay);
/* The connections open now stop passing the server's bytes on; later
 * ones work as usual. */
void     relay_freeze       (Relay   *relay);
/* Closes the connections open now, both ways; later ones work as usual. */
void     relay_cut          (Relay   *relay);

G_END_DECLS
