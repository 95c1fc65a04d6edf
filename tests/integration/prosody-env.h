/* prosody-env.h: what the integration tests know about their Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean    prosody_env_available (void);
const char *prosody_env           (const char *key);
const char *prosody_env_require   (const char *key);
guint16     prosody_env_port      (const char *key);
void        prosody_env_reload    (void);

/* Which server runs: "prosody" or "ejabberd" (SLEEK_TEST_SERVER), and
 * what it calls itself in its software version ("Prosody", "ejabberd"). A
 * test that checks one server's own behaviour (its name, its ad-hoc
 * commands) asks and skips on the other. */
const char *prosody_env_server      (void);
gboolean    prosody_env_is_ejabberd (void);
const char *prosody_env_server_name (void);

const char *prosody_env_lease_component   (void);
void        prosody_env_release_component (const char *jid);

G_END_DECLS
