/* sleek-xep-0313-mam.h: XEP-0313 Message Archive Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0059-rsm.h>
#include <plugins/sleek-xep-0297-forward.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_MAM:
 *
 * The namespace of XEP-0313 Message Archive Management,
 * `urn:xmpp:mam:2`.
 */
#define SLEEK_NS_MAM "urn:xmpp:mam:2"

/**
 * SleekMessageArchiveDefault:
 * @SLEEK_MESSAGE_ARCHIVE_DEFAULT_ALWAYS: `always`: archive every message
 *   not from or to a JID of the `never` list
 * @SLEEK_MESSAGE_ARCHIVE_DEFAULT_NEVER: `never`: archive only the messages
 *   from or to a JID of the `always` list
 * @SLEEK_MESSAGE_ARCHIVE_DEFAULT_ROSTER: `roster`: archive the messages
 *   from or to contacts of the roster, and those of the `always` list
 *
 * What the server archives of the messages from and to JIDs on neither
 * of the lists of [class@Sleek.MessageArchivePrefs].
 */
typedef enum {
  SLEEK_MESSAGE_ARCHIVE_DEFAULT_ALWAYS,
  SLEEK_MESSAGE_ARCHIVE_DEFAULT_NEVER,
  SLEEK_MESSAGE_ARCHIVE_DEFAULT_ROSTER,
} SleekMessageArchiveDefault;

SLEEK_AVAILABLE_IN_ALL
GType sleek_message_archive_default_get_type (void) G_GNUC_CONST;
#define SLEEK_TYPE_MESSAGE_ARCHIVE_DEFAULT (sleek_message_archive_default_get_type ())

/* One archived message */

#define SLEEK_TYPE_ARCHIVED_MESSAGE (sleek_archived_message_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekArchivedMessage, sleek_archived_message, SLEEK, ARCHIVED_MESSAGE, GObject)

SLEEK_AVAILABLE_IN_ALL
const char     *sleek_archived_message_get_id        (SleekArchivedMessage *self);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_archived_message_get_query_id  (SleekArchivedMessage *self);
SLEEK_AVAILABLE_IN_ALL
SleekJid       *sleek_archived_message_get_archive   (SleekArchivedMessage *self);
SLEEK_AVAILABLE_IN_ALL
GDateTime      *sleek_archived_message_get_timestamp (SleekArchivedMessage *self);
SLEEK_AVAILABLE_IN_ALL
SleekForwarded *sleek_archived_message_get_forwarded (SleekArchivedMessage *self);
SLEEK_AVAILABLE_IN_ALL
SleekMessage   *sleek_archived_message_get_message   (SleekArchivedMessage *self);

/* A query */

#define SLEEK_TYPE_MESSAGE_ARCHIVE_QUERY (sleek_message_archive_query_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageArchiveQuery, sleek_message_archive_query, SLEEK, MESSAGE_ARCHIVE_QUERY,
                      GObject)

SLEEK_AVAILABLE_IN_ALL
SleekMessageArchiveQuery *sleek_message_archive_query_new           (void);
SLEEK_AVAILABLE_IN_ALL
SleekMessageArchiveQuery *sleek_message_archive_query_copy          (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
SleekJid                 *sleek_message_archive_query_get_archive   (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_archive   (SleekMessageArchiveQuery *self,
                                                                     SleekJid                 *archive);
SLEEK_AVAILABLE_IN_ALL
SleekJid                 *sleek_message_archive_query_get_with      (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_with      (SleekMessageArchiveQuery *self,
                                                                     SleekJid                 *with);
SLEEK_AVAILABLE_IN_ALL
GDateTime                *sleek_message_archive_query_get_start     (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_start     (SleekMessageArchiveQuery *self,
                                                                     GDateTime                *start);
SLEEK_AVAILABLE_IN_ALL
GDateTime                *sleek_message_archive_query_get_end       (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_end       (SleekMessageArchiveQuery *self,
                                                                     GDateTime                *end);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_message_archive_query_get_before_id (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_before_id (SleekMessageArchiveQuery *self,
                                                                     const char               *before_id);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_message_archive_query_get_after_id  (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_after_id  (SleekMessageArchiveQuery *self,
                                                                     const char               *after_id);
SLEEK_AVAILABLE_IN_ALL
const char * const       *sleek_message_archive_query_get_ids       (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_ids       (SleekMessageArchiveQuery *self,
                                                                     const char * const       *ids);
SLEEK_AVAILABLE_IN_ALL
gint                      sleek_message_archive_query_get_max       (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_max       (SleekMessageArchiveQuery *self,
                                                                     gint                      max);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_message_archive_query_get_after     (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_after     (SleekMessageArchiveQuery *self,
                                                                     const char               *after);
SLEEK_AVAILABLE_IN_ALL
const char               *sleek_message_archive_query_get_before    (SleekMessageArchiveQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_query_set_before    (SleekMessageArchiveQuery *self,
                                                                     const char               *before);

/* A page of results */

#define SLEEK_TYPE_MESSAGE_ARCHIVE_PAGE (sleek_message_archive_page_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageArchivePage, sleek_message_archive_page, SLEEK, MESSAGE_ARCHIVE_PAGE, GObject)

SLEEK_AVAILABLE_IN_ALL
GPtrArray      *sleek_message_archive_page_get_messages   (SleekMessageArchivePage *self);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_message_archive_page_get_complete   (SleekMessageArchivePage *self);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_message_archive_page_get_stable     (SleekMessageArchivePage *self);
SLEEK_AVAILABLE_IN_ALL
SleekResultSet *sleek_message_archive_page_get_result_set (SleekMessageArchivePage *self);

SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_message_archive_query_advance       (SleekMessageArchiveQuery *self,
                                                           SleekMessageArchivePage  *page);

/* Preferences */

#define SLEEK_TYPE_MESSAGE_ARCHIVE_PREFS (sleek_message_archive_prefs_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageArchivePrefs, sleek_message_archive_prefs, SLEEK, MESSAGE_ARCHIVE_PREFS, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekMessageArchivePrefs   *sleek_message_archive_prefs_new         (SleekMessageArchiveDefault  default_behaviour);
SLEEK_AVAILABLE_IN_ALL
SleekMessageArchiveDefault  sleek_message_archive_prefs_get_default (SleekMessageArchivePrefs   *self);
SLEEK_AVAILABLE_IN_ALL
void                        sleek_message_archive_prefs_set_default (SleekMessageArchivePrefs   *self,
                                                                     SleekMessageArchiveDefault  default_behaviour);
SLEEK_AVAILABLE_IN_ALL
GPtrArray                  *sleek_message_archive_prefs_get_always  (SleekMessageArchivePrefs   *self);
SLEEK_AVAILABLE_IN_ALL
void                        sleek_message_archive_prefs_add_always  (SleekMessageArchivePrefs   *self,
                                                                     SleekJid                   *jid);
SLEEK_AVAILABLE_IN_ALL
GPtrArray                  *sleek_message_archive_prefs_get_never   (SleekMessageArchivePrefs   *self);
SLEEK_AVAILABLE_IN_ALL
void                        sleek_message_archive_prefs_add_never   (SleekMessageArchivePrefs   *self,
                                                                     SleekJid                   *jid);

/* The plugin */

#define SLEEK_TYPE_MESSAGE_ARCHIVE (sleek_message_archive_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekMessageArchive, sleek_message_archive, SLEEK, MESSAGE_ARCHIVE, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_fetch_page_async  (SleekMessageArchive       *self,
                                                                   SleekMessageArchiveQuery  *query,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
SLEEK_AVAILABLE_IN_ALL
SleekMessageArchivePage  *sleek_message_archive_fetch_page_finish (SleekMessageArchive       *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_get_prefs_async   (SleekMessageArchive       *self,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
SLEEK_AVAILABLE_IN_ALL
SleekMessageArchivePrefs *sleek_message_archive_get_prefs_finish  (SleekMessageArchive       *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_set_prefs_async   (SleekMessageArchive       *self,
                                                                   SleekMessageArchivePrefs  *prefs,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
SLEEK_AVAILABLE_IN_ALL
SleekMessageArchivePrefs *sleek_message_archive_set_prefs_finish  (SleekMessageArchive       *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);
SLEEK_AVAILABLE_IN_ALL
void                      sleek_message_archive_supports_async    (SleekMessageArchive       *self,
                                                                   SleekJid                  *archive,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean                  sleek_message_archive_supports_finish   (SleekMessageArchive       *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);

G_END_DECLS
