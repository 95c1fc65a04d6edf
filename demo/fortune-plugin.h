/* fortune-plugin.h: a plugin written outside the library, for
 * doc/writing-a-plugin.md
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sleek/sleek.h>

G_BEGIN_DECLS

#define DEMO_NS_FORTUNE "urn:example:fortune"

/* The <fortune xmlns='urn:example:fortune'/> element, reachable from an
 * iq as its "fortune" plugin, with one key: "text", the text of its
 * <text/> child. */
#define DEMO_TYPE_FORTUNE_QUERY (demo_fortune_query_get_type ())
G_DECLARE_FINAL_TYPE (DemoFortuneQuery, demo_fortune_query, DEMO, FORTUNE_QUERY, SleekStanza)

/* The plugin, registered as "demo_fortune". */
#define DEMO_TYPE_FORTUNE (demo_fortune_get_type ())
G_DECLARE_FINAL_TYPE (DemoFortune, demo_fortune, DEMO, FORTUNE, SleekPlugin)

void        demo_fortune_register   (void);

const char *demo_fortune_get_text   (DemoFortune          *self);
void        demo_fortune_set_text   (DemoFortune          *self,
                                     const char           *text);

void        demo_fortune_ask_async  (DemoFortune          *self,
                                     SleekJid             *to,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char       *demo_fortune_ask_finish (DemoFortune          *self,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
