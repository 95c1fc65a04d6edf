/* sleek-matcher.h: which stanzas a stream handler receives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <glib-object.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-stanza.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_MATCHER (sleek_matcher_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekMatcher, sleek_matcher, SLEEK, MATCHER, GObject)

/**
 * SleekMatcherClass:
 * @parent_class: the parent class
 * @match: decides whether a stanza matches; subclasses override it to
 *   match by any rule of their own
 *
 * The class of [class@Sleek.Matcher].
 */
struct _SleekMatcherClass
{
  GObjectClass parent_class;

  gboolean (*match) (SleekMatcher *self,
                     SleekStanza  *stanza);

  /*< private >*/
  gpointer padding[8];
};

SLEEK_AVAILABLE_IN_ALL
SleekMatcher *sleek_matcher_new_any         (void);
SLEEK_AVAILABLE_IN_ALL
SleekMatcher *sleek_matcher_new_id          (const char    *id);
SLEEK_AVAILABLE_IN_ALL
SleekMatcher *sleek_matcher_new_id_sender   (const char    *id,
                                             SleekJid      *from);
SLEEK_AVAILABLE_IN_ALL
SleekMatcher *sleek_matcher_new_stanza_path (const char    *path);
SLEEK_AVAILABLE_IN_ALL
SleekMatcher *sleek_matcher_new_xml_mask    (const char    *mask,
                                             GError       **error);
SLEEK_AVAILABLE_IN_ALL
SleekMatcher *sleek_matcher_new_xpath       (const char    *path);
SLEEK_AVAILABLE_IN_ALL
gboolean      sleek_matcher_match           (SleekMatcher  *self,
                                             SleekStanza   *stanza);

G_END_DECLS
