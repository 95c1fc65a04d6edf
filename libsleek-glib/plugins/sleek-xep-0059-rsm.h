/* sleek-xep-0059-rsm.h: XEP-0059 Result Set Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-node.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_RSM:
 *
 * The namespace of XEP-0059 Result Set Management,
 * `http://jabber.org/protocol/rsm`.
 */
#define SLEEK_NS_RSM "http://jabber.org/protocol/rsm"

#define SLEEK_TYPE_RESULT_SET (sleek_result_set_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekResultSet, sleek_result_set, SLEEK, RESULT_SET, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekResultSet *sleek_result_set_new             (void);
SLEEK_AVAILABLE_IN_ALL
SleekResultSet *sleek_result_set_find            (SleekNode      *payload,
                                                  gboolean        create);
SLEEK_AVAILABLE_IN_ALL
SleekResultSet *sleek_iq_get_result_set          (SleekIq        *iq,
                                                  gboolean        create);

SLEEK_AVAILABLE_IN_ALL
gint            sleek_result_set_get_max         (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_max         (SleekResultSet *self,
                                                  gint            max);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_result_set_get_after       (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_after       (SleekResultSet *self,
                                                  const char     *after);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_result_set_get_before      (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_before      (SleekResultSet *self,
                                                  const char     *before);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_result_set_wants_last_page (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
gint            sleek_result_set_get_index       (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_index       (SleekResultSet *self,
                                                  gint            index);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_result_set_get_first       (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_first       (SleekResultSet *self,
                                                  const char     *first);
SLEEK_AVAILABLE_IN_ALL
gint            sleek_result_set_get_first_index (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_first_index (SleekResultSet *self,
                                                  gint            index);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_result_set_get_last        (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_last        (SleekResultSet *self,
                                                  const char     *last);
SLEEK_AVAILABLE_IN_ALL
gint            sleek_result_set_get_count       (SleekResultSet *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_result_set_set_count       (SleekResultSet *self,
                                                  gint            count);

#define SLEEK_TYPE_RESULT_SET_ITERATOR (sleek_result_set_iterator_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekResultSetIterator, sleek_result_set_iterator, SLEEK, RESULT_SET_ITERATOR, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekResultSetIterator *sleek_result_set_iterator_new         (SleekBaseXmpp           *xmpp,
                                                               SleekIq                 *query,
                                                               guint                    page_size,
                                                               gboolean                 backwards);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_result_set_iterator_next_async  (SleekResultSetIterator  *self,
                                                               GCancellable            *cancellable,
                                                               GAsyncReadyCallback      callback,
                                                               gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
SleekIq                *sleek_result_set_iterator_next_finish (SleekResultSetIterator  *self,
                                                               GAsyncResult            *result,
                                                               GError                 **error);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_result_set_iterator_is_done     (SleekResultSetIterator  *self);

#define SLEEK_TYPE_RESULT_SET_MANAGEMENT (sleek_result_set_management_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekResultSetManagement, sleek_result_set_management, SLEEK, RESULT_SET_MANAGEMENT,
                      SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
SleekResultSetIterator *sleek_result_set_management_iterate (SleekResultSetManagement *self,
                                                             SleekIq                  *query,
                                                             guint                    page_size,
                                                             gboolean                 backwards);

G_END_DECLS
