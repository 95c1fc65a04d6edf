/* sleek-xep-0313-mam.c: XEP-0313 Message Archive Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0059-rsm.h"
#include "sleek-xep-0082-datetime.h"
#include "sleek-xep-0203-delay.h"
#include "sleek-xep-0297-forward.h"
#include "sleek-xep-0313-mam.h"

G_DEFINE_ENUM_TYPE (SleekMessageArchiveDefault, sleek_message_archive_default,
                    G_DEFINE_ENUM_VALUE (SLEEK_MESSAGE_ARCHIVE_DEFAULT_ALWAYS, "always"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MESSAGE_ARCHIVE_DEFAULT_NEVER, "never"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MESSAGE_ARCHIVE_DEFAULT_ROSTER, "roster"))

static const char * const default_names[] = { "always", "never", "roster" };

/* ------------------------------------------------------------------ */
/* SleekArchivedMessage                                               */
/* ------------------------------------------------------------------ */

/**
 * SleekArchivedMessage:
 *
 * One message of an archive, as a XEP-0313 `<result/>` brought it: the
 * archive's id for it, the query it answers, the archive it comes from,
 * when it was archived and the message itself, inside its XEP-0297
 * [class@Sleek.Forwarded] wrapper.
 *
 * The [class@Sleek.MessageArchive] plugin makes them; each is handed to
 * [signal@Sleek.MessageArchive::archived-message] as it arrives and is
 * collected in its [class@Sleek.MessageArchivePage].
 */
struct _SleekArchivedMessage
{
  GObject parent_instance;

  char *id;
  char *query_id;
  SleekJid *archive;
  GDateTime *timestamp;
  SleekForwarded *forwarded;
  SleekMessage *message;
};

G_DEFINE_FINAL_TYPE (SleekArchivedMessage, sleek_archived_message, G_TYPE_OBJECT)

static void
sleek_archived_message_finalize (GObject *object)
{
  SleekArchivedMessage *self = SLEEK_ARCHIVED_MESSAGE (object);

  g_free (self->id);
  g_free (self->query_id);
  g_clear_pointer (&self->archive, sleek_jid_unref);
  g_clear_pointer (&self->timestamp, g_date_time_unref);
  g_clear_object (&self->forwarded);
  g_clear_object (&self->message);

  G_OBJECT_CLASS (sleek_archived_message_parent_class)->finalize (object);
}

static void
sleek_archived_message_class_init (SleekArchivedMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_archived_message_finalize;
}

static void
sleek_archived_message_init (SleekArchivedMessage *self)
{
}

/**
 * sleek_archived_message_get_id:
 * @self: a [class@Sleek.ArchivedMessage]
 *
 * Gets the id the archive gave the message (the `id` of its
 * `<result/>`), which later queries may start from
 * ([method@Sleek.MessageArchiveQuery.set_after_id]) or page from
 * ([method@Sleek.MessageArchiveQuery.set_after]).
 *
 * Returns: the archive's id for the message
 */
const char *
sleek_archived_message_get_id (SleekArchivedMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_ARCHIVED_MESSAGE (self), NULL);

  return self->id;
}

/**
 * sleek_archived_message_get_query_id:
 * @self: a [class@Sleek.ArchivedMessage]
 *
 * Gets the `queryid` of the query the message answers, which the plugin
 * chose when it sent the query.
 *
 * Returns: the query's id
 */
const char *
sleek_archived_message_get_query_id (SleekArchivedMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_ARCHIVED_MESSAGE (self), NULL);

  return self->query_id;
}

/**
 * sleek_archived_message_get_archive:
 * @self: a [class@Sleek.ArchivedMessage]
 *
 * Gets the archive the message comes from: our own bare JID, or the
 * bare JID of the room whose archive was asked.
 *
 * Returns: (transfer none): the archive's JID
 */
SleekJid *
sleek_archived_message_get_archive (SleekArchivedMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_ARCHIVED_MESSAGE (self), NULL);

  return self->archive;
}

/**
 * sleek_archived_message_get_timestamp:
 * @self: a [class@Sleek.ArchivedMessage]
 *
 * Gets when the archive stored the message, from the XEP-0203 `<delay/>`
 * of its `<forwarded/>`.
 *
 * Returns: (transfer none) (nullable): the moment, or %NULL when the
 *   result carried none (or one that could not be read)
 */
GDateTime *
sleek_archived_message_get_timestamp (SleekArchivedMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_ARCHIVED_MESSAGE (self), NULL);

  return self->timestamp;
}

/**
 * sleek_archived_message_get_forwarded:
 * @self: a [class@Sleek.ArchivedMessage]
 *
 * Gets the XEP-0297 `<forwarded/>` of the result, which holds the
 * message and its `<delay/>`.
 *
 * Returns: (transfer none): the forwarded stanza
 */
SleekForwarded *
sleek_archived_message_get_forwarded (SleekArchivedMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_ARCHIVED_MESSAGE (self), NULL);

  return self->forwarded;
}

/**
 * sleek_archived_message_get_message:
 * @self: a [class@Sleek.ArchivedMessage]
 *
 * Gets the archived message, as it was sent or received, with its
 * original `from` and `to`.
 *
 * Returns: (transfer none): the message
 */
SleekMessage *
sleek_archived_message_get_message (SleekArchivedMessage *self)
{
  g_return_val_if_fail (SLEEK_IS_ARCHIVED_MESSAGE (self), NULL);

  return self->message;
}

/* ------------------------------------------------------------------ */
/* SleekMessageArchiveQuery                                           */
/* ------------------------------------------------------------------ */

/**
 * SleekMessageArchiveQuery:
 *
 * What to ask an archive for: which archive ([method@Sleek.MessageArchiveQuery.set_archive],
 * ours by default), the XEP-0313 filters (a correspondent, a time range,
 * the messages before or after an id, or a list of ids) and the XEP-0059
 * page (how many messages at most, and after or before which id).
 *
 * Hand it to [method@Sleek.MessageArchive.fetch_page_async] for one page;
 * [method@Sleek.MessageArchiveQuery.advance] then moves its page past the
 * one that came, until the archive said the last page was complete. To
 * page backwards from the newest messages, start with an empty `before`
 * (`""`).
 *
 * ```c
 * g_autoptr(SleekMessageArchiveQuery) query = sleek_message_archive_query_new ();
 *
 * sleek_message_archive_query_set_with (query, romeo);
 * sleek_message_archive_query_set_start (query, yesterday);
 * sleek_message_archive_query_set_max (query, 50);
 * sleek_message_archive_fetch_page_async (archive, query, NULL, on_page, data);
 * ```
 */
struct _SleekMessageArchiveQuery
{
  GObject parent_instance;

  SleekJid *archive;
  SleekJid *with;
  GDateTime *start;
  GDateTime *end;
  char *before_id;
  char *after_id;
  GStrv ids;
  gint max;
  char *after;
  char *before;
};

G_DEFINE_FINAL_TYPE (SleekMessageArchiveQuery, sleek_message_archive_query, G_TYPE_OBJECT)

static void
sleek_message_archive_query_finalize (GObject *object)
{
  SleekMessageArchiveQuery *self = SLEEK_MESSAGE_ARCHIVE_QUERY (object);

  g_clear_pointer (&self->archive, sleek_jid_unref);
  g_clear_pointer (&self->with, sleek_jid_unref);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_free (self->before_id);
  g_free (self->after_id);
  g_strfreev (self->ids);
  g_free (self->after);
  g_free (self->before);

  G_OBJECT_CLASS (sleek_message_archive_query_parent_class)->finalize (object);
}

static void
sleek_message_archive_query_class_init (SleekMessageArchiveQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_message_archive_query_finalize;
}

static void
sleek_message_archive_query_init (SleekMessageArchiveQuery *self)
{
  self->max = -1;
}

/**
 * sleek_message_archive_query_new:
 *
 * Makes a query for the whole of our own archive, in pages of the size
 * the server chooses.
 *
 * Returns: (transfer full): a new query
 */
SleekMessageArchiveQuery *
sleek_message_archive_query_new (void)
{
  return g_object_new (SLEEK_TYPE_MESSAGE_ARCHIVE_QUERY, NULL);
}

static void
replace_jid (SleekJid **field, SleekJid *jid)
{
  if (jid != NULL)
    sleek_jid_ref (jid);
  g_clear_pointer (field, sleek_jid_unref);
  *field = jid;
}

static void
replace_time (GDateTime **field, GDateTime *time)
{
  if (time != NULL)
    g_date_time_ref (time);
  g_clear_pointer (field, g_date_time_unref);
  *field = time;
}

/**
 * sleek_message_archive_query_copy:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Copies the query, page and all.
 *
 * Returns: (transfer full): a new query asking for the same
 */
SleekMessageArchiveQuery *
sleek_message_archive_query_copy (SleekMessageArchiveQuery *self)
{
  SleekMessageArchiveQuery *copy;

  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  copy = sleek_message_archive_query_new ();
  replace_jid (&copy->archive, self->archive);
  replace_jid (&copy->with, self->with);
  replace_time (&copy->start, self->start);
  replace_time (&copy->end, self->end);
  copy->before_id = g_strdup (self->before_id);
  copy->after_id = g_strdup (self->after_id);
  copy->ids = g_strdupv (self->ids);
  copy->max = self->max;
  copy->after = g_strdup (self->after);
  copy->before = g_strdup (self->before);
  return copy;
}

/**
 * sleek_message_archive_query_get_archive:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the archive to ask.
 *
 * Returns: (transfer none) (nullable): the archive's bare JID, or %NULL
 *   for our own archive
 */
SleekJid *
sleek_message_archive_query_get_archive (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->archive;
}

/**
 * sleek_message_archive_query_set_archive:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @archive: (nullable): the JID of the archive, such as a XEP-0045
 *   room's, or %NULL for our own archive. Only its bare part counts.
 *
 * Sets the archive to ask: the query goes to that JID, and only results
 * from that JID count.
 */
void
sleek_message_archive_query_set_archive (SleekMessageArchiveQuery *self, SleekJid *archive)
{
  g_autoptr(SleekJid) bare = NULL;

  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  if (archive != NULL)
    bare = sleek_jid_to_bare (archive);
  replace_jid (&self->archive, bare);
}

/**
 * sleek_message_archive_query_get_with:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the correspondent the query is limited to.
 *
 * Returns: (transfer none) (nullable): the JID, or %NULL for all
 */
SleekJid *
sleek_message_archive_query_get_with (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->with;
}

/**
 * sleek_message_archive_query_set_with:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @with: (nullable): a JID, or %NULL for all
 *
 * Limits the query to the messages exchanged with @with (the `with`
 * field): a bare JID matches all its resources, a full JID only that
 * one.
 */
void
sleek_message_archive_query_set_with (SleekMessageArchiveQuery *self, SleekJid *with)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  replace_jid (&self->with, with);
}

/**
 * sleek_message_archive_query_get_start:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the earliest moment asked for.
 *
 * Returns: (transfer none) (nullable): the moment, or %NULL for no limit
 */
GDateTime *
sleek_message_archive_query_get_start (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->start;
}

/**
 * sleek_message_archive_query_set_start:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @start: (nullable): a moment, or %NULL for no limit
 *
 * Limits the query to the messages archived at or after @start (the
 * `start` field).
 */
void
sleek_message_archive_query_set_start (SleekMessageArchiveQuery *self, GDateTime *start)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  replace_time (&self->start, start);
}

/**
 * sleek_message_archive_query_get_end:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the latest moment asked for.
 *
 * Returns: (transfer none) (nullable): the moment, or %NULL for no limit
 */
GDateTime *
sleek_message_archive_query_get_end (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->end;
}

/**
 * sleek_message_archive_query_set_end:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @end: (nullable): a moment, or %NULL for no limit
 *
 * Limits the query to the messages archived at or before @end (the `end`
 * field).
 */
void
sleek_message_archive_query_set_end (SleekMessageArchiveQuery *self, GDateTime *end)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  replace_time (&self->end, end);
}

/**
 * sleek_message_archive_query_get_before_id:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the id the messages asked for come before.
 *
 * Returns: (nullable): the archive id, or %NULL for no limit
 */
const char *
sleek_message_archive_query_get_before_id (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->before_id;
}

/**
 * sleek_message_archive_query_set_before_id:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @before_id: (nullable): an archive id, or %NULL for no limit
 *
 * Limits the query to the messages archived before the one with the id
 * @before_id (the `before-id` field of `urn:xmpp:mam:2#extended`). Unlike
 * the page's `before` ([method@Sleek.MessageArchiveQuery.set_before]) it
 * limits the whole result set, and so its `count`.
 */
void
sleek_message_archive_query_set_before_id (SleekMessageArchiveQuery *self, const char *before_id)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  g_free (self->before_id);
  self->before_id = g_strdup (before_id);
}

/**
 * sleek_message_archive_query_get_after_id:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the id the messages asked for come after.
 *
 * Returns: (nullable): the archive id, or %NULL for no limit
 */
const char *
sleek_message_archive_query_get_after_id (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->after_id;
}

/**
 * sleek_message_archive_query_set_after_id:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @after_id: (nullable): an archive id, or %NULL for no limit
 *
 * Limits the query to the messages archived after the one with the id
 * @after_id (the `after-id` field of `urn:xmpp:mam:2#extended`), such as
 * the last one seen before going offline.
 */
void
sleek_message_archive_query_set_after_id (SleekMessageArchiveQuery *self, const char *after_id)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  g_free (self->after_id);
  self->after_id = g_strdup (after_id);
}

/**
 * sleek_message_archive_query_get_ids:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the archive ids the query is limited to.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the ids,
 *   or %NULL for no such limit
 */
const char * const *
sleek_message_archive_query_get_ids (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return (const char * const *) self->ids;
}

/**
 * sleek_message_archive_query_set_ids:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @ids: (nullable) (array zero-terminated=1): archive ids, or %NULL for
 *   no such limit
 *
 * Limits the query to the messages with these archive ids (the `ids`
 * field of `urn:xmpp:mam:2#extended`), to fetch messages one already
 * knows the ids of.
 */
void
sleek_message_archive_query_set_ids (SleekMessageArchiveQuery *self, const char * const *ids)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  g_strfreev (self->ids);
  self->ids = ids != NULL && ids[0] != NULL ? g_strdupv ((GStrv) ids) : NULL;
}

/**
 * sleek_message_archive_query_get_max:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets how many messages a page holds at most.
 *
 * Returns: the number, or -1 to let the server choose
 */
gint
sleek_message_archive_query_get_max (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), -1);

  return self->max;
}

/**
 * sleek_message_archive_query_set_max:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @max: how many messages a page may hold, or -1 to let the server
 *   choose; 0 asks only for the `count`
 *
 * Sets the XEP-0059 `<max/>` of each page. Servers have a limit of their
 * own (Prosody's is 50 by default) and send smaller pages when @max is
 * above it.
 */
void
sleek_message_archive_query_set_max (SleekMessageArchiveQuery *self, gint max)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  self->max = MAX (max, -1);
}

/**
 * sleek_message_archive_query_get_after:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the id the page asked for follows.
 *
 * Returns: (nullable): the id, or %NULL
 */
const char *
sleek_message_archive_query_get_after (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->after;
}

/**
 * sleek_message_archive_query_set_after:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @after: (nullable): the id of the last message of the page before, or
 *   %NULL for the first page
 *
 * Sets the XEP-0059 `<after/>`: the page asked for starts after this
 * message. [method@Sleek.MessageArchiveQuery.advance] sets it while
 * paging forwards.
 */
void
sleek_message_archive_query_set_after (SleekMessageArchiveQuery *self, const char *after)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  g_free (self->after);
  self->after = g_strdup (after);
}

/**
 * sleek_message_archive_query_get_before:
 * @self: a [class@Sleek.MessageArchiveQuery]
 *
 * Gets the id the page asked for comes before.
 *
 * Returns: (nullable): the id, `""` for the last page, or %NULL
 */
const char *
sleek_message_archive_query_get_before (SleekMessageArchiveQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), NULL);

  return self->before;
}

/**
 * sleek_message_archive_query_set_before:
 * @self: a [class@Sleek.MessageArchiveQuery]
 * @before: (nullable): the id of the first message of the page after,
 *   `""` for the newest page, or %NULL to page forwards
 *
 * Sets the XEP-0059 `<before/>`: the page asked for ends before this
 * message. A query with a `before` pages backwards, from the newest
 * messages to the oldest: [method@Sleek.MessageArchiveQuery.advance] then
 * moves it to the first message of each page.
 */
void
sleek_message_archive_query_set_before (SleekMessageArchiveQuery *self, const char *before)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self));

  g_free (self->before);
  self->before = g_strdup (before);
}

static void
add_field (SleekDataForm *form, const char *var, const char *value)
{
  if (value != NULL)
    sleek_data_form_set_field_value (form, var, value);
}

/* The <query/> that asks for what @self says, with the query id @query_id. */
static SleekNode *
build_query (SleekMessageArchiveQuery *self, const char *query_id)
{
  g_autoptr(SleekNode) node = sleek_node_new ("query", SLEEK_NS_MAM);
  g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_autofree char *start = self->start != NULL ? sleek_datetime_format (self->start) : NULL;
  g_autofree char *end = self->end != NULL ? sleek_datetime_format (self->end) : NULL;
  g_autoptr(GPtrArray) fields = NULL;

  sleek_node_set_attribute (node, "queryid", query_id);
  sleek_data_form_set_form_namespace (form, SLEEK_NS_MAM);
  add_field (form, "with", self->with != NULL ? sleek_jid_to_string (self->with) : NULL);
  add_field (form, "start", start);
  add_field (form, "end", end);
  add_field (form, "before-id", self->before_id);
  add_field (form, "after-id", self->after_id);
  if (self->ids != NULL)
    {
      sleek_data_form_set_field_value (form, "ids", NULL);
      sleek_data_form_field_set_values (sleek_data_form_get_field (form, "ids"), (const char * const *) self->ids);
    }
  /* A form of FORM_TYPE alone says nothing. */
  fields = sleek_data_form_get_fields (form);
  if (fields->len > 1)
    sleek_node_add_child (node, sleek_stanza_get_node (SLEEK_STANZA (form)));

  if (self->max >= 0 || self->after != NULL || self->before != NULL)
    {
      g_autoptr(SleekResultSet) set = sleek_result_set_find (node, TRUE);

      sleek_result_set_set_max (set, self->max);
      sleek_result_set_set_after (set, self->after);
      sleek_result_set_set_before (set, self->before);
    }
  return g_steal_pointer (&node);
}

/* ------------------------------------------------------------------ */
/* SleekMessageArchivePage                                            */
/* ------------------------------------------------------------------ */

/**
 * SleekMessageArchivePage:
 *
 * One page of an archive: the [class@Sleek.ArchivedMessage]s that
 * answered a query, oldest first, and what the archive's closing
 * `<fin/>` said about them: whether the page is the last one
 * ([method@Sleek.MessageArchivePage.get_complete]), and its XEP-0059
 * [class@Sleek.ResultSet] with the ids of its first and last message and
 * the number of messages in the whole result set.
 */
struct _SleekMessageArchivePage
{
  GObject parent_instance;

  GPtrArray *messages;
  gboolean complete;
  gboolean stable;
  SleekResultSet *set;
};

G_DEFINE_FINAL_TYPE (SleekMessageArchivePage, sleek_message_archive_page, G_TYPE_OBJECT)

static void
sleek_message_archive_page_finalize (GObject *object)
{
  SleekMessageArchivePage *self = SLEEK_MESSAGE_ARCHIVE_PAGE (object);

  g_ptr_array_unref (self->messages);
  g_clear_object (&self->set);

  G_OBJECT_CLASS (sleek_message_archive_page_parent_class)->finalize (object);
}

static void
sleek_message_archive_page_class_init (SleekMessageArchivePageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_message_archive_page_finalize;
}

static void
sleek_message_archive_page_init (SleekMessageArchivePage *self)
{
}

/**
 * sleek_message_archive_page_get_messages:
 * @self: a [class@Sleek.MessageArchivePage]
 *
 * Lists the messages of the page, in the order the archive sent them
 * (oldest first, going forwards or backwards alike).
 *
 * Returns: (transfer none) (element-type Sleek.ArchivedMessage): the
 *   messages
 */
GPtrArray *
sleek_message_archive_page_get_messages (SleekMessageArchivePage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PAGE (self), NULL);

  return self->messages;
}

/**
 * sleek_message_archive_page_get_complete:
 * @self: a [class@Sleek.MessageArchivePage]
 *
 * Tells whether the archive said the page is the last one in the
 * direction of the query (`<fin complete='true'/>`): the newest messages
 * going forwards, the oldest going backwards.
 *
 * Returns: %TRUE when there is nothing more to fetch
 */
gboolean
sleek_message_archive_page_get_complete (SleekMessageArchivePage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PAGE (self), FALSE);

  return self->complete;
}

/**
 * sleek_message_archive_page_get_stable:
 * @self: a [class@Sleek.MessageArchivePage]
 *
 * Tells whether the archive vouches for the ids and the order of the
 * page: it says `<fin stable='false'/>` when they may change, for a while
 * after messages were archived, and then a client should not keep the
 * ids.
 *
 * Returns: %FALSE when the archive said the page is not stable
 */
gboolean
sleek_message_archive_page_get_stable (SleekMessageArchivePage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PAGE (self), TRUE);

  return self->stable;
}

/**
 * sleek_message_archive_page_get_result_set:
 * @self: a [class@Sleek.MessageArchivePage]
 *
 * Gets the XEP-0059 set of the archive's `<fin/>`:
 * [method@Sleek.ResultSet.get_first] and
 * [method@Sleek.ResultSet.get_last] are the archive ids of the first and
 * last message of the page, [method@Sleek.ResultSet.get_count] the number
 * of messages the whole query matches.
 *
 * Returns: (transfer none) (nullable): the set, or %NULL when the
 *   `<fin/>` held none
 */
SleekResultSet *
sleek_message_archive_page_get_result_set (SleekMessageArchivePage *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PAGE (self), NULL);

  return self->set;
}

/**
 * sleek_message_archive_query_advance:
 * @self: the [class@Sleek.MessageArchiveQuery] @page answered
 * @page: the page that came last
 *
 * Moves @self to the page after @page: going forwards, its `after`
 * becomes the id of the page's last message; going backwards (when
 * `before` is set), its `before` becomes the id of the page's first
 * message. Fetch the next page with @self again.
 *
 * ```c
 * static void
 * on_page (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   SleekMessageArchive *archive = SLEEK_MESSAGE_ARCHIVE (source);
 *   Browser *browser = user_data;
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SleekMessageArchivePage) page = NULL;
 *
 *   page = sleek_message_archive_fetch_page_finish (archive, result, &error);
 *   if (page == NULL)
 *     return show_error (browser, error);
 *   show_messages (browser, sleek_message_archive_page_get_messages (page));
 *   if (sleek_message_archive_query_advance (browser->query, page))
 *     sleek_message_archive_fetch_page_async (archive, browser->query, NULL, on_page, browser);
 * }
 * ```
 *
 * Returns: %TRUE when there is a next page to fetch; %FALSE, leaving
 *   @self as it was, when @page was complete, empty or without the id
 *   to go on from, or when it would ask for the same page again
 */
gboolean
sleek_message_archive_query_advance (SleekMessageArchiveQuery *self, SleekMessageArchivePage *page)
{
  const char *cursor;
  char **field;

  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PAGE (page), FALSE);

  if (page->complete || page->set == NULL || page->messages->len == 0)
    return FALSE;
  if (self->before != NULL)
    {
      cursor = sleek_result_set_get_first (page->set);
      field = &self->before;
    }
  else
    {
      cursor = sleek_result_set_get_last (page->set);
      field = &self->after;
    }
  if (cursor == NULL || *cursor == '\0' || g_strcmp0 (cursor, *field) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (cursor);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* SleekMessageArchivePrefs                                           */
/* ------------------------------------------------------------------ */

/**
 * SleekMessageArchivePrefs:
 *
 * What the server archives for us (XEP-0313 preferences): the messages
 * from and to the JIDs of the `always` list, never those from and to the
 * JIDs of the `never` list, and for all others what the default says
 * ([enum@Sleek.MessageArchiveDefault]).
 *
 * ```c
 * g_autoptr(SleekMessageArchivePrefs) prefs =
 *   sleek_message_archive_prefs_new (SLEEK_MESSAGE_ARCHIVE_DEFAULT_ROSTER);
 *
 * sleek_message_archive_prefs_add_never (prefs, nurse);
 * sleek_message_archive_set_prefs_async (archive, prefs, NULL, on_prefs_set, data);
 * ```
 */
struct _SleekMessageArchivePrefs
{
  GObject parent_instance;

  SleekMessageArchiveDefault default_behaviour;
  GPtrArray *always;
  GPtrArray *never;
};

G_DEFINE_FINAL_TYPE (SleekMessageArchivePrefs, sleek_message_archive_prefs, G_TYPE_OBJECT)

static void
sleek_message_archive_prefs_finalize (GObject *object)
{
  SleekMessageArchivePrefs *self = SLEEK_MESSAGE_ARCHIVE_PREFS (object);

  g_ptr_array_unref (self->always);
  g_ptr_array_unref (self->never);

  G_OBJECT_CLASS (sleek_message_archive_prefs_parent_class)->finalize (object);
}

static void
sleek_message_archive_prefs_class_init (SleekMessageArchivePrefsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_message_archive_prefs_finalize;
}

static void
sleek_message_archive_prefs_init (SleekMessageArchivePrefs *self)
{
  self->always = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
  self->never = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
}

/**
 * sleek_message_archive_prefs_new:
 * @default_behaviour: what to archive of the messages from and to JIDs on
 *   neither list
 *
 * Makes preferences with empty `always` and `never` lists.
 *
 * Returns: (transfer full): new preferences
 */
SleekMessageArchivePrefs *
sleek_message_archive_prefs_new (SleekMessageArchiveDefault default_behaviour)
{
  SleekMessageArchivePrefs *self = g_object_new (SLEEK_TYPE_MESSAGE_ARCHIVE_PREFS, NULL);

  sleek_message_archive_prefs_set_default (self, default_behaviour);
  return self;
}

/**
 * sleek_message_archive_prefs_get_default:
 * @self: a [class@Sleek.MessageArchivePrefs]
 *
 * Gets what the server archives of the messages from and to JIDs on
 * neither list.
 *
 * Returns: the default
 */
SleekMessageArchiveDefault
sleek_message_archive_prefs_get_default (SleekMessageArchivePrefs *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (self), SLEEK_MESSAGE_ARCHIVE_DEFAULT_ALWAYS);

  return self->default_behaviour;
}

/**
 * sleek_message_archive_prefs_set_default:
 * @self: a [class@Sleek.MessageArchivePrefs]
 * @default_behaviour: the new default
 *
 * Sets what the server archives of the messages from and to JIDs on
 * neither list.
 */
void
sleek_message_archive_prefs_set_default (SleekMessageArchivePrefs *self,
                                         SleekMessageArchiveDefault default_behaviour)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (self));
  g_return_if_fail (default_behaviour <= SLEEK_MESSAGE_ARCHIVE_DEFAULT_ROSTER);

  self->default_behaviour = default_behaviour;
}

/**
 * sleek_message_archive_prefs_get_always:
 * @self: a [class@Sleek.MessageArchivePrefs]
 *
 * Lists the JIDs whose messages are always archived.
 *
 * Returns: (transfer none) (element-type Sleek.Jid): the JIDs
 */
GPtrArray *
sleek_message_archive_prefs_get_always (SleekMessageArchivePrefs *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (self), NULL);

  return self->always;
}

/**
 * sleek_message_archive_prefs_add_always:
 * @self: a [class@Sleek.MessageArchivePrefs]
 * @jid: a JID
 *
 * Adds @jid to the JIDs whose messages are always archived.
 */
void
sleek_message_archive_prefs_add_always (SleekMessageArchivePrefs *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (self));
  g_return_if_fail (jid != NULL);

  g_ptr_array_add (self->always, sleek_jid_ref (jid));
}

/**
 * sleek_message_archive_prefs_get_never:
 * @self: a [class@Sleek.MessageArchivePrefs]
 *
 * Lists the JIDs whose messages are never archived.
 *
 * Returns: (transfer none) (element-type Sleek.Jid): the JIDs
 */
GPtrArray *
sleek_message_archive_prefs_get_never (SleekMessageArchivePrefs *self)
{
  g_return_val_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (self), NULL);

  return self->never;
}

/**
 * sleek_message_archive_prefs_add_never:
 * @self: a [class@Sleek.MessageArchivePrefs]
 * @jid: a JID
 *
 * Adds @jid to the JIDs whose messages are never archived.
 */
void
sleek_message_archive_prefs_add_never (SleekMessageArchivePrefs *self, SleekJid *jid)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (self));
  g_return_if_fail (jid != NULL);

  g_ptr_array_add (self->never, sleek_jid_ref (jid));
}

static void
build_jid_list (SleekNode *prefs, const char *name, GPtrArray *jids)
{
  SleekNode *list = sleek_node_add_child_new (prefs, name, SLEEK_NS_MAM);

  for (guint i = 0; i < jids->len; i++)
    {
      SleekNode *item = sleek_node_add_child_new (list, "jid", SLEEK_NS_MAM);

      sleek_node_set_text (item, sleek_jid_to_string (g_ptr_array_index (jids, i)));
    }
}

static SleekNode *
build_prefs (SleekMessageArchivePrefs *self)
{
  SleekNode *node = sleek_node_new ("prefs", SLEEK_NS_MAM);

  sleek_node_set_attribute (node, "default", default_names[self->default_behaviour]);
  build_jid_list (node, "always", self->always);
  build_jid_list (node, "never", self->never);
  return node;
}

/* Reads the JIDs of the <@name/> list of @node into @jids, leaving out
 * those that are not JIDs. */
static void
parse_jid_list (SleekNode *node, const char *name, GPtrArray *jids)
{
  SleekNode *list = sleek_node_get_child (node, name, SLEEK_NS_MAM);
  guint n;

  if (list == NULL)
    return;
  n = sleek_node_get_n_children (list);
  for (guint i = 0; i < n; i++)
    {
      SleekNode *child = sleek_node_get_nth_child (list, i);
      g_autoptr(GError) error = NULL;
      SleekJid *jid;

      if (!sleek_node_is (child, "jid", SLEEK_NS_MAM))
        continue;
      jid = sleek_jid_new (sleek_node_get_text (child) != NULL ? sleek_node_get_text (child) : "", &error);
      if (jid == NULL)
        {
          g_debug ("Left out a preference for an invalid JID: %s", error->message);
          continue;
        }
      g_ptr_array_add (jids, jid);
    }
}

static SleekMessageArchivePrefs *
parse_prefs (SleekNode *node, GError **error)
{
  g_autoptr(SleekMessageArchivePrefs) prefs = NULL;
  const char *name;
  guint i;

  if (node == NULL || !sleek_node_is (node, "prefs", SLEEK_NS_MAM))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The answer holds no archiving preferences"));
      return NULL;
    }
  name = sleek_node_get_attribute (node, "default");
  for (i = 0; i < G_N_ELEMENTS (default_names); i++)
    if (g_strcmp0 (name, default_names[i]) == 0)
      break;
  if (i == G_N_ELEMENTS (default_names))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The archiving preferences have an unknown default “%s”"), name != NULL ? name : "");
      return NULL;
    }
  prefs = sleek_message_archive_prefs_new ((SleekMessageArchiveDefault) i);
  parse_jid_list (node, "always", prefs->always);
  parse_jid_list (node, "never", prefs->never);
  return g_steal_pointer (&prefs);
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekMessageArchive:
 *
 * The `xep_0313` plugin: XEP-0313 Message Archive Management, the
 * archive our server keeps of our messages (and a XEP-0045 room keeps of
 * its own).
 *
 * [method@Sleek.MessageArchive.fetch_page_async] sends a
 * [class@Sleek.MessageArchiveQuery] and finishes with a
 * [class@Sleek.MessageArchivePage] once the archive said it was done;
 * [method@Sleek.MessageArchiveQuery.advance] moves the query on to the
 * next page. Each message of the page arrives on its own before that, in
 * a `<result/>` carrying the query's id: the plugin hands it to
 * [signal@Sleek.MessageArchive::archived-message] at once and keeps it
 * for the page.
 *
 * Results count only when they carry the id of a query under way and
 * come from the archive that query went to: from our own bare JID (or
 * without a `from`) for our archive, from the room's bare JID for a
 * room's; and no more of them than the query's `max`. Anybody may send us a message that looks like a result, to
 * slip words into a conversation; such messages are ignored, with a
 * debug message.
 *
 * [method@Sleek.MessageArchive.get_prefs_async] and
 * [method@Sleek.MessageArchive.set_prefs_async] read and change what the
 * server archives ([class@Sleek.MessageArchivePrefs]);
 * [method@Sleek.MessageArchive.supports_async] asks whether an archive
 * is there. The plugin depends on `xep_0030`, `xep_0004` (the query
 * form), `xep_0059` (the pages), `xep_0082`, `xep_0203` and `xep_0297`
 * (the results).
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0313", &error);
 * archive = SLEEK_MESSAGE_ARCHIVE (sleek_base_xmpp_get_plugin (xmpp, "xep_0313"));
 * query = sleek_message_archive_query_new ();
 * sleek_message_archive_query_set_with (query, romeo);
 * sleek_message_archive_query_set_before (query, "");  // the newest first
 * sleek_message_archive_query_set_max (query, 20);
 * sleek_message_archive_fetch_page_async (archive, query, NULL, on_page, data);
 * ```
 */
struct _SleekMessageArchive
{
  SleekPlugin parent_instance;

  /* Query id -> Pending, borrowed from the fetch tasks. */
  GHashTable *pending;
};

enum {
  SIGNAL_ARCHIVED_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMessageArchive, sleek_message_archive, SLEEK_TYPE_PLUGIN)

/* A query under way. */
typedef struct {
  char *query_id;
  SleekJid *archive;      /* the room's bare JID, or NULL for ours */
  GPtrArray *messages;    /* SleekArchivedMessage */
  gint max;               /* the most results the page may hold, or -1 */
  gboolean registered;
} Pending;

static void
pending_free (Pending *pending)
{
  g_free (pending->query_id);
  g_clear_pointer (&pending->archive, sleek_jid_unref);
  g_ptr_array_unref (pending->messages);
  g_free (pending);
}

static void
pending_unregister (SleekMessageArchive *self, Pending *pending)
{
  if (pending->registered)
    g_hash_table_remove (self->pending, pending->query_id);
  pending->registered = FALSE;
}

/* Whether @stanza comes from the archive @pending asked. */
static gboolean
from_archive (SleekBaseXmpp *xmpp, Pending *pending, SleekStanza *stanza)
{
  SleekJid *from = NULL;
  SleekJid *own;

  if (sleek_stanza_get_string (stanza, "from") != NULL)
    {
      from = sleek_stanza_get_from (stanza);
      if (from == NULL || !sleek_jid_is_bare (from))
        return FALSE;
    }
  if (pending->archive != NULL)
    return from != NULL && sleek_jid_equal (from, pending->archive);
  own = sleek_base_xmpp_get_bound_jid (xmpp);
  if (own == NULL)
    own = sleek_base_xmpp_get_jid (xmpp);
  return own != NULL && (from == NULL || sleek_jid_equal_bare (from, own));
}

static SleekArchivedMessage *
parse_result (SleekBaseXmpp *xmpp, Pending *pending, SleekNode *result)
{
  const char *id = sleek_node_get_attribute (result, "id");
  SleekNode *forwarded_node = sleek_node_get_child (result, "forwarded", SLEEK_NS_FORWARD);
  g_autoptr(SleekNode) copy = NULL;
  g_autoptr(SleekStanza) forwarded = NULL;
  g_autoptr(SleekStanza) inner = NULL;
  g_autoptr(SleekArchivedMessage) message = NULL;
  SleekDelay *delay;

  if (id == NULL || *id == '\0')
    {
      g_debug ("Ignored an archive result without an id");
      return NULL;
    }
  if (forwarded_node != NULL)
    {
      /* The message keeps only what it needs of the result. */
      copy = sleek_node_copy (forwarded_node);
      forwarded = sleek_stanza_new_for_node (copy);
    }
  if (forwarded != NULL && SLEEK_IS_FORWARDED (forwarded))
    inner = sleek_forwarded_get_stanza (SLEEK_FORWARDED (forwarded));
  if (inner == NULL || !SLEEK_IS_MESSAGE (inner))
    {
      g_debug ("Ignored the archive result %s, which holds no forwarded message", id);
      return NULL;
    }

  message = g_object_new (SLEEK_TYPE_ARCHIVED_MESSAGE, NULL);
  message->id = g_strdup (id);
  message->query_id = g_strdup (pending->query_id);
  if (pending->archive != NULL)
    message->archive = sleek_jid_ref (pending->archive);
  else
    {
      SleekJid *own = sleek_base_xmpp_get_bound_jid (xmpp);

      if (own == NULL)
        own = sleek_base_xmpp_get_jid (xmpp);
      message->archive = sleek_jid_to_bare (own);
    }
  delay = sleek_forwarded_get_delay (SLEEK_FORWARDED (forwarded));
  if (delay != NULL)
    {
      g_autoptr(GError) error = NULL;

      message->timestamp = sleek_delay_get_stamp (delay, &error);
      if (message->timestamp == NULL)
        g_debug ("The archive result %s has no valid time: %s", id,
                 error != NULL ? error->message : "no stamp");
    }
  message->forwarded = SLEEK_FORWARDED (g_steal_pointer (&forwarded));
  message->message = SLEEK_MESSAGE (g_steal_pointer (&inner));
  return g_steal_pointer (&message);
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekMessageArchive *self = SLEEK_MESSAGE_ARCHIVE (user_data);
  SleekNode *result = sleek_node_get_child (sleek_stanza_get_node (stanza), "result", SLEEK_NS_MAM);
  g_autoptr(SleekArchivedMessage) message = NULL;
  const char *query_id;
  Pending *pending;

  if (result == NULL || !SLEEK_IS_MESSAGE (stanza))
    return;
  query_id = sleek_node_get_attribute (result, "queryid");
  pending = query_id != NULL ? g_hash_table_lookup (self->pending, query_id) : NULL;
  if (pending == NULL)
    {
      g_debug ("Ignored an archive result for no query of ours");
      return;
    }
  if (!from_archive (SLEEK_BASE_XMPP (stream), pending, stanza))
    {
      g_debug ("Ignored an archive result from %s, which is not the archive asked",
               sleek_stanza_get_string (stanza, "from"));
      return;
    }
  if (pending->max >= 0 && pending->messages->len >= (guint) pending->max)
    {
      g_debug ("Ignored an archive result beyond the %d asked for", pending->max);
      return;
    }
  message = parse_result (SLEEK_BASE_XMPP (stream), pending, result);
  if (message == NULL)
    return;
  g_ptr_array_add (pending->messages, g_object_ref (message));
  g_signal_emit (self, signals[SIGNAL_ARCHIVED_MESSAGE], 0, message);
}

static SleekMessageArchivePage *
parse_fin (SleekIq *answer, GPtrArray *messages, GError **error)
{
  SleekNode *fin = sleek_iq_get_payload (answer);
  g_autoptr(SleekNode) copy = NULL;
  g_autoptr(SleekMessageArchivePage) page = NULL;
  const char *complete;
  const char *stable;

  if (fin == NULL || !sleek_node_is (fin, "fin", SLEEK_NS_MAM))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The archive’s answer does not end the query"));
      return NULL;
    }
  page = g_object_new (SLEEK_TYPE_MESSAGE_ARCHIVE_PAGE, NULL);
  page->messages = g_ptr_array_ref (messages);
  complete = sleek_node_get_attribute (fin, "complete");
  page->complete = g_strcmp0 (complete, "true") == 0 || g_strcmp0 (complete, "1") == 0;
  stable = sleek_node_get_attribute (fin, "stable");
  page->stable = g_strcmp0 (stable, "false") != 0 && g_strcmp0 (stable, "0") != 0;
  copy = sleek_node_copy (fin);
  page->set = sleek_result_set_find (copy, FALSE);
  return g_steal_pointer (&page);
}

static void
on_fetch_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekMessageArchive *self = g_task_get_source_object (task);
  Pending *pending = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekMessageArchivePage *page;

  /* Results that come after the end are not part of the page. */
  pending_unregister (self, pending);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  page = parse_fin (answer, pending->messages, &error);
  if (page == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, page, g_object_unref);
}

/**
 * sleek_message_archive_fetch_page_async:
 * @self: an enabled [class@Sleek.MessageArchive]
 * @query: what to ask for; the plugin reads it now and keeps nothing of
 *   it
 * @cancellable: (nullable): stops the wait; results that come after are
 *   ignored
 * @callback: (scope async) (closure user_data): called with the page
 * @user_data: data for @callback
 *
 * Asks the archive of @query for one page of messages, under a query id
 * of its own. Each message is handed to
 * [signal@Sleek.MessageArchive::archived-message] as it arrives; the
 * page, with all of them, comes once the archive ended the query. Queries
 * may run side by side.
 */
void
sleek_message_archive_fetch_page_async (SleekMessageArchive *self, SleekMessageArchiveQuery *query,
                                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekIq) iq = NULL;
  SleekBaseXmpp *xmpp;
  Pending *pending;

  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE (self));
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_QUERY (query));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_message_archive_fetch_page_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  pending = g_new0 (Pending, 1);
  pending->query_id = g_uuid_string_random ();
  if (query->archive != NULL)
    pending->archive = sleek_jid_ref (query->archive);
  pending->messages = g_ptr_array_new_with_free_func (g_object_unref);
  pending->max = query->max;
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_free);
  g_hash_table_insert (self->pending, pending->query_id, pending);
  pending->registered = TRUE;

  payload = build_query (query, pending->query_id);
  iq = sleek_base_xmpp_make_iq (xmpp, "set", query->archive != NULL ? sleek_jid_to_string (query->archive) : NULL,
                                payload);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, cancellable, on_fetch_answer, g_steal_pointer (&task));
}

/**
 * sleek_message_archive_fetch_page_finish:
 * @self: a [class@Sleek.MessageArchive]
 * @result: the result
 * @error: return location for a [error@Sleek.StanzaError] the archive
 *   answered (`item-not-found` for an id it does not know,
 *   `service-unavailable` when there is no archive), %G_IO_ERROR_INVALID_DATA
 *   when the answer holds no `<fin/>`, or why no answer came
 *
 * Finishes [method@Sleek.MessageArchive.fetch_page_async].
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
SleekMessageArchivePage *
sleek_message_archive_fetch_page_finish (SleekMessageArchive *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_message_archive_fetch_page_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_prefs_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekMessageArchivePrefs *sent = g_task_get_task_data (task);
  SleekMessageArchivePrefs *prefs;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A server that took the new preferences without repeating them. */
  if (sent != NULL && sleek_iq_get_payload (answer) == NULL)
    {
      g_task_return_pointer (task, g_object_ref (sent), g_object_unref);
      return;
    }
  prefs = parse_prefs (sleek_iq_get_payload (answer), &error);
  if (prefs == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, prefs, g_object_unref);
}

static void
send_prefs (SleekMessageArchive *self, SleekMessageArchivePrefs *prefs, gpointer source_tag,
            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekIq) iq = NULL;
  SleekBaseXmpp *xmpp;

  g_task_set_source_tag (task, source_tag);
  if (prefs != NULL)
    g_task_set_task_data (task, g_object_ref (prefs), g_object_unref);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  payload = prefs != NULL ? build_prefs (prefs) : sleek_node_new ("prefs", SLEEK_NS_MAM);
  iq = sleek_base_xmpp_make_iq (xmpp, prefs != NULL ? "set" : "get", NULL, payload);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, cancellable, on_prefs_answer, g_steal_pointer (&task));
}

/**
 * sleek_message_archive_get_prefs_async:
 * @self: an enabled [class@Sleek.MessageArchive]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks our server what it archives for us.
 */
void
sleek_message_archive_get_prefs_async (SleekMessageArchive *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  send_prefs (self, NULL, sleek_message_archive_get_prefs_async, cancellable, callback, user_data);
}

/**
 * sleek_message_archive_get_prefs_finish:
 * @self: a [class@Sleek.MessageArchive]
 * @result: the result
 * @error: return location for a [error@Sleek.StanzaError] the server
 *   answered, %G_IO_ERROR_INVALID_DATA when the answer holds no
 *   preferences or an unknown default, or why no answer came
 *
 * Finishes [method@Sleek.MessageArchive.get_prefs_async]. JIDs in the
 * answer that are not valid are left out.
 *
 * Returns: (transfer full): the preferences, or %NULL with @error set
 */
SleekMessageArchivePrefs *
sleek_message_archive_get_prefs_finish (SleekMessageArchive *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_message_archive_get_prefs_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sleek_message_archive_set_prefs_async:
 * @self: an enabled [class@Sleek.MessageArchive]
 * @prefs: the new preferences
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Tells our server what to archive for us from now on.
 */
void
sleek_message_archive_set_prefs_async (SleekMessageArchive *self, SleekMessageArchivePrefs *prefs,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE (self));
  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE_PREFS (prefs));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  send_prefs (self, prefs, sleek_message_archive_set_prefs_async, cancellable, callback, user_data);
}

/**
 * sleek_message_archive_set_prefs_finish:
 * @self: a [class@Sleek.MessageArchive]
 * @result: the result
 * @error: return location for a [error@Sleek.StanzaError] the server
 *   answered, %G_IO_ERROR_INVALID_DATA when the answer holds something
 *   else than preferences, or why no answer came
 *
 * Finishes [method@Sleek.MessageArchive.set_prefs_async].
 *
 * Returns: (transfer full): the preferences the server now applies, as
 *   its answer gave them (the ones sent when the answer is empty), or
 *   %NULL with @error set
 */
SleekMessageArchivePrefs *
sleek_message_archive_set_prefs_finish (SleekMessageArchive *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_message_archive_set_prefs_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_supports_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_info_finish (SLEEK_DISCO (source), result, &error);

  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, sleek_disco_info_has_feature (info, SLEEK_NS_MAM));
}

/**
 * sleek_message_archive_supports_async:
 * @self: an enabled [class@Sleek.MessageArchive]
 * @archive: (nullable): the JID of the archive, such as a room's, or
 *   %NULL for our own account's
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks @archive (our own bare JID when %NULL) through XEP-0030 whether it
 * keeps a `urn:xmpp:mam:2` archive.
 */
void
sleek_message_archive_supports_async (SleekMessageArchive *self, SleekJid *archive, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekJid) jid = NULL;
  SleekBaseXmpp *xmpp;
  SleekDisco *disco;

  g_return_if_fail (SLEEK_IS_MESSAGE_ARCHIVE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_message_archive_supports_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  if (disco == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The plugin “%s” is not enabled"), "xep_0030");
      return;
    }
  if (archive != NULL)
    jid = sleek_jid_to_bare (archive);
  else if (sleek_base_xmpp_get_bound_jid (xmpp) != NULL)
    jid = sleek_jid_to_bare (sleek_base_xmpp_get_bound_jid (xmpp));
  else
    jid = sleek_jid_to_bare (sleek_base_xmpp_get_jid (xmpp));
  sleek_disco_get_info_async (disco, jid, NULL, cancellable, on_supports_answer, g_steal_pointer (&task));
}

/**
 * sleek_message_archive_supports_finish:
 * @self: a [class@Sleek.MessageArchive]
 * @result: the result
 * @error: return location for a [error@Sleek.StanzaError] the entity
 *   answered, or why no answer came
 *
 * Finishes [method@Sleek.MessageArchive.supports_async].
 *
 * Returns: %TRUE when the entity advertises `urn:xmpp:mam:2`; %FALSE when
 *   it does not, or with @error set
 */
gboolean
sleek_message_archive_supports_finish (SleekMessageArchive *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_message_archive_supports_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SleekPlugin */

static void
sleek_message_archive_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_handle_messages (plugin, on_message);
}

static void
forget_pending (gpointer key, gpointer value, gpointer user_data)
{
  ((Pending *) value)->registered = FALSE;
}

static void
sleek_message_archive_plugin_end (SleekPlugin *plugin)
{
  SleekMessageArchive *self = SLEEK_MESSAGE_ARCHIVE (plugin);

  /* The queries under way end with the stream's answers to them. */
  g_hash_table_foreach (self->pending, forget_pending, NULL);
  g_hash_table_remove_all (self->pending);
}

/* GObject */

static void
sleek_message_archive_finalize (GObject *object)
{
  SleekMessageArchive *self = SLEEK_MESSAGE_ARCHIVE (object);

  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (sleek_message_archive_parent_class)->finalize (object);
}

static void
sleek_message_archive_class_init (SleekMessageArchiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_message_archive_finalize;
  plugin_class->plugin_init = sleek_message_archive_plugin_init;
  plugin_class->plugin_end = sleek_message_archive_plugin_end;

  /**
   * SleekMessageArchive::archived-message:
   * @self: the plugin
   * @message: the archived message
   *
   * A result of one of our queries arrived from the archive asked, before
   * the page it belongs to is complete.
   */
  signals[SIGNAL_ARCHIVED_MESSAGE] =
    g_signal_new ("archived-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLEEK_TYPE_ARCHIVED_MESSAGE);
}

static void
sleek_message_archive_init (SleekMessageArchive *self)
{
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
}
