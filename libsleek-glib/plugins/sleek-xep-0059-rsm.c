/* sleek-xep-0059-rsm.c: XEP-0059 Result Set Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0059-rsm.h"

#include <errno.h>
#include <stdlib.h>

/* ------------------------------------------------------------------ */
/* The stanza plugin                                                  */
/* ------------------------------------------------------------------ */

/**
 * SleekResultSet:
 *
 * The `<set xmlns='http://jabber.org/protocol/rsm'/>` that a XEP-0059
 * request or answer carries inside its payload, reached as the `rsm`
 * plugin of a disco#items query ([class@Sleek.DiscoItemsStanza]), or in
 * any IQ payload with [func@Sleek.ResultSet.find] and
 * [method@Sleek.Iq.get_result_set].
 *
 * A request says how many items it wants (`max`) and where the page
 * starts: after an item (`after`), before one (`before`; an empty
 * `<before/>` asks for the last page) or at an offset (`index`). An
 * answer says which items the page holds (`first`, with the offset of
 * that item as its `index` attribute, and `last`) and how many there are
 * in all (`count`).
 *
 * The numbers read as -1 when they are absent (or not numbers), so that 0
 * stays a value of its own.
 */
struct _SleekResultSet
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekResultSet, sleek_result_set, SLEEK_TYPE_STANZA)

static void
sleek_result_set_class_init (SleekResultSetClass *klass)
{
}

static void
sleek_result_set_init (SleekResultSet *self)
{
}

static void
register_stanza_plugins (void)
{
  static const char * const keys[] = { "max", "after", "before", "index", "first", "last", "count" };

  /* SleekDiscoItemsStanza's element comes with the xep_0030 type. */
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_DISCO));

  sleek_stanza_type_set_element (SLEEK_TYPE_RESULT_SET, "set", SLEEK_NS_RSM, "rsm");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    sleek_stanza_type_add_key (SLEEK_TYPE_RESULT_SET, keys[i], SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_register_type (SLEEK_TYPE_RESULT_SET);
  sleek_stanza_register_plugin (SLEEK_TYPE_DISCO_ITEMS_STANZA, SLEEK_TYPE_RESULT_SET);
}

static void
ensure_registered (void)
{
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_RESULT_SET_MANAGEMENT));
}

/* Wraps @node, a <set/> in the RSM namespace. */
static SleekResultSet *
wrap_set (SleekNode *node)
{
  g_autoptr(SleekStanza) stanza = NULL;

  ensure_registered ();
  stanza = sleek_stanza_new_for_node (node);
  g_assert (SLEEK_IS_RESULT_SET (stanza));
  return SLEEK_RESULT_SET (g_steal_pointer (&stanza));
}

/**
 * sleek_result_set_new:
 *
 * Makes an empty `<set/>`, to be added to a payload by hand; most
 * callers want [func@Sleek.ResultSet.find] instead, which makes it in
 * place.
 *
 * Returns: (transfer full): a new result set
 */
SleekResultSet *
sleek_result_set_new (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("set", SLEEK_NS_RSM);

  return wrap_set (node);
}

/**
 * sleek_result_set_find:
 * @payload: the payload element of a request or an answer, such as a
 *   disco#items `<query/>` or a XEP-0313 `<fin/>`
 * @create: whether to add an empty `<set/>` to @payload when it has none
 *
 * Finds the `<set/>` among the children of @payload. The result set
 * shares @payload's XML: what is set on it changes @payload.
 *
 * Returns: (transfer full) (nullable): the result set, or %NULL when
 *   @payload has none and @create is %FALSE
 */
SleekResultSet *
sleek_result_set_find (SleekNode *payload, gboolean create)
{
  SleekNode *set;

  g_return_val_if_fail (payload != NULL, NULL);

  set = sleek_node_get_child (payload, "set", SLEEK_NS_RSM);
  if (set == NULL && !create)
    return NULL;
  if (set == NULL)
    set = sleek_node_add_child_new (payload, "set", SLEEK_NS_RSM);
  return wrap_set (set);
}

/**
 * sleek_iq_get_result_set:
 * @iq: a [class@Sleek.Iq]
 * @create: whether to add an empty `<set/>` to the payload when it has
 *   none
 *
 * Finds the `<set/>` in the payload of @iq (its first child element), as
 * [func@Sleek.ResultSet.find] does.
 *
 * Returns: (transfer full) (nullable): the result set, or %NULL when @iq
 *   has no payload, or a payload without a set and @create is %FALSE
 */
SleekResultSet *
sleek_iq_get_result_set (SleekIq *iq, gboolean create)
{
  SleekNode *payload;

  g_return_val_if_fail (SLEEK_IS_IQ (iq), NULL);

  payload = sleek_iq_get_payload (iq);
  if (payload == NULL)
    return NULL;
  return sleek_result_set_find (payload, create);
}

/* A number that is absent, negative or not a number reads as -1. */
static gint
parse_number (const char *text)
{
  gint64 value;
  char *end;

  if (text == NULL)
    return -1;
  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_isdigit (*text))
    return -1;
  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  while (g_ascii_isspace (*end))
    end++;
  if (errno != 0 || *end != '\0' || value > G_MAXINT)
    return -1;
  return (gint) value;
}

static void
set_number (SleekResultSet *self, const char *key, gint value)
{
  g_autofree char *text = NULL;

  if (value >= 0)
    text = g_strdup_printf ("%d", value);
  sleek_stanza_set_string (SLEEK_STANZA (self), key, text);
}

/**
 * sleek_result_set_get_max:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<max/>`: how many items a request wants at most.
 *
 * Returns: the number, or -1 when there is none
 */
gint
sleek_result_set_get_max (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), -1);

  return parse_number (sleek_stanza_get_string (SLEEK_STANZA (self), "max"));
}

/**
 * sleek_result_set_set_max:
 * @self: a [class@Sleek.ResultSet]
 * @max: how many items to ask for, or -1 to remove `<max/>`
 *
 * Sets `<max/>`. A maximum of 0 asks only for the `count`.
 */
void
sleek_result_set_set_max (SleekResultSet *self, gint max)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  set_number (self, "max", max);
}

/**
 * sleek_result_set_get_after:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<after/>`: the id of the item the requested page follows.
 *
 * Returns: (nullable): the id, or %NULL when there is none
 */
const char *
sleek_result_set_get_after (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "after");
}

/**
 * sleek_result_set_set_after:
 * @self: a [class@Sleek.ResultSet]
 * @after: (nullable): the id of the last item already received, or %NULL
 *   to remove `<after/>`
 *
 * Sets `<after/>`, asking for the page that follows an item.
 */
void
sleek_result_set_set_after (SleekResultSet *self, const char *after)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "after", after);
}

/**
 * sleek_result_set_get_before:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<before/>`: the id of the item the requested page comes before.
 * An empty `<before/>` reads as the empty string: it asks for the last
 * page (see [method@Sleek.ResultSet.wants_last_page]).
 *
 * Returns: (nullable): the id, `""` for an empty `<before/>`, or %NULL
 *   when there is none
 */
const char *
sleek_result_set_get_before (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "before");
}

/**
 * sleek_result_set_set_before:
 * @self: a [class@Sleek.ResultSet]
 * @before: (nullable): the id of the first item already received, `""`
 *   for an empty `<before/>` that asks for the last page, or %NULL to
 *   remove `<before/>`
 *
 * Sets `<before/>`, asking for the page that comes before an item.
 */
void
sleek_result_set_set_before (SleekResultSet *self, const char *before)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "before", before);
}

/**
 * sleek_result_set_wants_last_page:
 * @self: a [class@Sleek.ResultSet]
 *
 * Tells whether the set holds an empty `<before/>`, which asks for the
 * last page of the result set.
 *
 * Returns: %TRUE for an empty `<before/>`
 */
gboolean
sleek_result_set_wants_last_page (SleekResultSet *self)
{
  const char *before;

  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), FALSE);

  before = sleek_result_set_get_before (self);
  return before != NULL && *before == '\0';
}

/**
 * sleek_result_set_get_index:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<index/>`: the offset of the first item a request wants, for
 * paging out of order.
 *
 * Returns: the offset, or -1 when there is none
 */
gint
sleek_result_set_get_index (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), -1);

  return parse_number (sleek_stanza_get_string (SLEEK_STANZA (self), "index"));
}

/**
 * sleek_result_set_set_index:
 * @self: a [class@Sleek.ResultSet]
 * @index: the offset of the first wanted item, or -1 to remove
 *   `<index/>`
 *
 * Sets `<index/>`.
 */
void
sleek_result_set_set_index (SleekResultSet *self, gint index)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  set_number (self, "index", index);
}

/**
 * sleek_result_set_get_first:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<first/>`: the id of the first item of the page an answer
 * holds.
 *
 * Returns: (nullable): the id, or %NULL when there is none
 */
const char *
sleek_result_set_get_first (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "first");
}

/**
 * sleek_result_set_set_first:
 * @self: a [class@Sleek.ResultSet]
 * @first: (nullable): the id of the first item of the page, or %NULL to
 *   remove `<first/>` (and its index)
 *
 * Sets `<first/>`, keeping its `index` attribute.
 */
void
sleek_result_set_set_first (SleekResultSet *self, const char *first)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "first", first);
}

/**
 * sleek_result_set_get_first_index:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads the `index` attribute of `<first/>`: the offset of the page's
 * first item in the whole result set.
 *
 * Returns: the offset, or -1 when there is none
 */
gint
sleek_result_set_get_first_index (SleekResultSet *self)
{
  SleekNode *first;

  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), -1);

  first = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (self)), "first", SLEEK_NS_RSM);
  if (first == NULL)
    return -1;
  return parse_number (sleek_node_get_attribute (first, "index"));
}

/**
 * sleek_result_set_set_first_index:
 * @self: a [class@Sleek.ResultSet]
 * @index: the offset of the page's first item, or -1 to remove the
 *   attribute
 *
 * Sets the `index` attribute of `<first/>`, adding an empty `<first/>`
 * when there is none yet (set its id with
 * [method@Sleek.ResultSet.set_first]).
 */
void
sleek_result_set_set_first_index (SleekResultSet *self, gint index)
{
  SleekNode *node;
  SleekNode *first;
  g_autofree char *text = NULL;

  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  node = sleek_stanza_get_node (SLEEK_STANZA (self));
  first = sleek_node_get_child (node, "first", SLEEK_NS_RSM);
  if (first == NULL && index < 0)
    return;
  if (first == NULL)
    first = sleek_node_add_child_new (node, "first", SLEEK_NS_RSM);
  if (index >= 0)
    text = g_strdup_printf ("%d", index);
  sleek_node_set_attribute (first, "index", text);
}

/**
 * sleek_result_set_get_last:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<last/>`: the id of the last item of the page an answer holds.
 *
 * Returns: (nullable): the id, or %NULL when there is none
 */
const char *
sleek_result_set_get_last (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "last");
}

/**
 * sleek_result_set_set_last:
 * @self: a [class@Sleek.ResultSet]
 * @last: (nullable): the id of the last item of the page, or %NULL to
 *   remove `<last/>`
 *
 * Sets `<last/>`.
 */
void
sleek_result_set_set_last (SleekResultSet *self, const char *last)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "last", last);
}

/**
 * sleek_result_set_get_count:
 * @self: a [class@Sleek.ResultSet]
 *
 * Reads `<count/>`: how many items the whole result set holds (it may be
 * an estimate).
 *
 * Returns: the number, or -1 when there is none
 */
gint
sleek_result_set_get_count (SleekResultSet *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET (self), -1);

  return parse_number (sleek_stanza_get_string (SLEEK_STANZA (self), "count"));
}

/**
 * sleek_result_set_set_count:
 * @self: a [class@Sleek.ResultSet]
 * @count: how many items the result set holds, or -1 to remove
 *   `<count/>`
 *
 * Sets `<count/>`.
 */
void
sleek_result_set_set_count (SleekResultSet *self, gint count)
{
  g_return_if_fail (SLEEK_IS_RESULT_SET (self));

  set_number (self, "count", count);
}

/* ------------------------------------------------------------------ */
/* Paging                                                             */
/* ------------------------------------------------------------------ */

/**
 * SleekResultSetIterator:
 *
 * Pages through a result set: each call to
 * [method@Sleek.ResultSetIterator.next_async] sends a copy of a request
 * asking for the next page, and finishes with the answer.
 *
 * Going forwards, each request asks for the items after the `last` of the
 * page before; going backwards, it starts with an empty `<before/>` (the
 * last page) and then asks for the items before the `first` of the page
 * before. The iterator is done when an answer carries no result set (the
 * responder gave everything at once), when a page is empty (no `first`
 * nor `last`; that answer is not handed out), when a page has no `last`
 * (going forwards) or no `first` (going backwards), when the `count` and
 * the `first` index show the page reaches the end of the set, or when a
 * request fails (unless it was cancelled: the same page can then be asked
 * for again).
 *
 * ```c
 * static void
 * on_page (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   SleekResultSetIterator *pages = SLEEK_RESULT_SET_ITERATOR (source);
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SleekIq) page = sleek_result_set_iterator_next_finish (pages, result, &error);
 *
 *   if (page == NULL)
 *     return;  // done, or failed when error is set
 *   show_items (page);
 *   sleek_result_set_iterator_next_async (pages, NULL, on_page, user_data);
 * }
 * ```
 */
struct _SleekResultSetIterator
{
  GObject parent_instance;

  SleekBaseXmpp *xmpp;
  SleekIq *query;
  guint page_size;
  gboolean backwards;

  char *cursor;
  gboolean started;
  gboolean pending;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (SleekResultSetIterator, sleek_result_set_iterator, G_TYPE_OBJECT)

static void
sleek_result_set_iterator_finalize (GObject *object)
{
  SleekResultSetIterator *self = SLEEK_RESULT_SET_ITERATOR (object);

  g_clear_object (&self->xmpp);
  g_clear_object (&self->query);
  g_clear_pointer (&self->cursor, g_free);

  G_OBJECT_CLASS (sleek_result_set_iterator_parent_class)->finalize (object);
}

static void
sleek_result_set_iterator_class_init (SleekResultSetIteratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_result_set_iterator_finalize;
}

static void
sleek_result_set_iterator_init (SleekResultSetIterator *self)
{
}

/**
 * sleek_result_set_iterator_new:
 * @xmpp: the stream to send the requests on
 * @query: the request, an iq of type `get` or `set` with a payload; the
 *   `<set/>` goes into its payload (a `<set/>` already there gives its
 *   `after` or `before` to the first request). The iterator keeps a copy.
 * @page_size: how many items each request asks for (`max`)
 * @backwards: %FALSE to page forwards from the start, %TRUE to page
 *   backwards from the end
 *
 * Makes an iterator over the pages of the result set @query asks for.
 * Nothing is sent before [method@Sleek.ResultSetIterator.next_async].
 *
 * Returns: (transfer full): a new iterator
 */
SleekResultSetIterator *
sleek_result_set_iterator_new (SleekBaseXmpp *xmpp, SleekIq *query, guint page_size, gboolean backwards)
{
  SleekResultSetIterator *self;
  SleekIqType type;

  g_return_val_if_fail (SLEEK_IS_BASE_XMPP (xmpp), NULL);
  g_return_val_if_fail (SLEEK_IS_IQ (query), NULL);
  type = sleek_iq_get_iq_type (query);
  g_return_val_if_fail (type == SLEEK_IQ_TYPE_GET || type == SLEEK_IQ_TYPE_SET, NULL);
  g_return_val_if_fail (sleek_iq_get_payload (query) != NULL, NULL);
  g_return_val_if_fail (page_size <= G_MAXINT, NULL);

  self = g_object_new (SLEEK_TYPE_RESULT_SET_ITERATOR, NULL);
  self->xmpp = g_object_ref (xmpp);
  self->query = SLEEK_IQ (sleek_stanza_copy (SLEEK_STANZA (query)));
  self->page_size = page_size;
  self->backwards = backwards;
  return self;
}

/**
 * sleek_result_set_iterator_is_done:
 * @self: a [class@Sleek.ResultSetIterator]
 *
 * Tells whether the iterator has reached the end of the result set (or
 * stopped on an error): [method@Sleek.ResultSetIterator.next_async] then
 * finishes with %NULL at once.
 *
 * Returns: %TRUE when there are no more pages to ask for
 */
gboolean
sleek_result_set_iterator_is_done (SleekResultSetIterator *self)
{
  g_return_val_if_fail (SLEEK_IS_RESULT_SET_ITERATOR (self), TRUE);

  return self->done;
}

/* Whether the page @set describes is the last one, besides a missing
 * cursor: the count says nothing lies beyond it. */
static gboolean
reaches_end (SleekResultSetIterator *self, SleekResultSet *set)
{
  gint count = sleek_result_set_get_count (set);
  gint first_index = sleek_result_set_get_first_index (set);

  if (count < 0 || first_index < 0)
    return FALSE;
  if (self->backwards)
    return first_index == 0;
  return (gint64) first_index + self->page_size >= count;
}

static void
on_page (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekResultSetIterator *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(SleekResultSet) set = NULL;
  const char *cursor;

  self->pending = FALSE;
  if (answer == NULL)
    {
      /* A cancelled page may be asked for again; any other failure ends
       * the iteration. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->done = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set = sleek_iq_get_result_set (answer, FALSE);
  if (set == NULL)
    {
      /* No paging: the answer is the whole result. */
      self->done = TRUE;
      g_task_return_pointer (task, g_steal_pointer (&answer), g_object_unref);
      return;
    }
  if (sleek_result_set_get_first (set) == NULL && sleek_result_set_get_last (set) == NULL)
    {
      self->done = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  cursor = self->backwards ? sleek_result_set_get_first (set) : sleek_result_set_get_last (set);
  /* A responder that hands out the same page again would keep us going
   * for ever. */
  if (cursor == NULL || *cursor == '\0' || g_strcmp0 (cursor, self->cursor) == 0 || reaches_end (self, set))
    self->done = TRUE;
  g_free (self->cursor);
  self->cursor = g_strdup (cursor);
  g_task_return_pointer (task, g_steal_pointer (&answer), g_object_unref);
}

/**
 * sleek_result_set_iterator_next_async:
 * @self: a [class@Sleek.ResultSetIterator]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the page
 * @user_data: data for @callback
 *
 * Asks for the next page. One page is asked for at a time: a call while
 * another is pending fails with %G_IO_ERROR_PENDING. Call it from the
 * stream's main context.
 */
void
sleek_result_set_iterator_next_async (SleekResultSetIterator *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekIq) request = NULL;
  g_autoptr(SleekResultSet) set = NULL;

  g_return_if_fail (SLEEK_IS_RESULT_SET_ITERATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (self->pending)
    {
      g_task_report_new_error (self, callback, user_data, sleek_result_set_iterator_next_async, G_IO_ERROR,
                               G_IO_ERROR_PENDING, _("Another page is being fetched"));
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_result_set_iterator_next_async);
  if (self->done || self->xmpp == NULL)
    {
      self->done = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  request = SLEEK_IQ (sleek_stanza_copy (SLEEK_STANZA (self->query)));
  sleek_stanza_set_id (SLEEK_STANZA (request), NULL);
  set = sleek_iq_get_result_set (request, TRUE);
  sleek_result_set_set_max (set, (gint) self->page_size);
  if (self->backwards)
    {
      if (self->started || sleek_result_set_get_before (set) == NULL)
        sleek_result_set_set_before (set, self->cursor != NULL ? self->cursor : "");
      sleek_result_set_set_after (set, NULL);
    }
  else
    {
      if (self->started)
        sleek_result_set_set_after (set, self->cursor);
      sleek_result_set_set_before (set, NULL);
    }
  self->started = TRUE;
  self->pending = TRUE;
  sleek_base_xmpp_send_iq_async (self->xmpp, request, 0, cancellable, on_page, g_steal_pointer (&task));
}

/**
 * sleek_result_set_iterator_next_finish:
 * @self: a [class@Sleek.ResultSetIterator]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   responder answered, %G_IO_ERROR_TIMED_OUT when no answer came in
 *   time, %G_IO_ERROR_PENDING, or another reason the answer did not come
 *
 * Finishes [method@Sleek.ResultSetIterator.next_async].
 *
 * Returns: (transfer full) (nullable): the answer holding the next page,
 *   or %NULL with @error set on failure, or %NULL without an error when
 *   there are no more pages
 */
SleekIq *
sleek_result_set_iterator_next_finish (SleekResultSetIterator *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_result_set_iterator_next_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekResultSetManagement:
 *
 * The `xep_0059` plugin: XEP-0059 Result Set Management.
 *
 * It advertises `http://jabber.org/protocol/rsm` through the `xep_0030`
 * plugin it depends on, and its type registers the `rsm` stanza plugin
 * ([class@Sleek.ResultSet]) on disco#items queries. Any other payload
 * reaches its `<set/>` with [func@Sleek.ResultSet.find].
 *
 * [method@Sleek.ResultSetManagement.iterate] pages through a result set,
 * here a XEP-0313 archive three messages at a time:
 *
 * ```c
 * g_autoptr(SleekIq) query = sleek_iq_new ("set");
 * g_autoptr(SleekNode) mam = sleek_node_new ("query", "urn:xmpp:mam:2");
 * SleekResultSetManagement *rsm;
 * g_autoptr(SleekResultSetIterator) pages = NULL;
 *
 * sleek_iq_set_payload (query, mam);
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0059", &error);
 * rsm = SLEEK_RESULT_SET_MANAGEMENT (sleek_base_xmpp_get_plugin (xmpp, "xep_0059"));
 * pages = sleek_result_set_management_iterate (rsm, query, 3, FALSE);
 * sleek_result_set_iterator_next_async (pages, NULL, on_page, data);
 * ```
 */
struct _SleekResultSetManagement
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekResultSetManagement, sleek_result_set_management, SLEEK_TYPE_PLUGIN)

static void
sleek_result_set_management_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_advertise (plugin, SLEEK_NS_RSM);
}

static void
sleek_result_set_management_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_RSM);
}

static void
sleek_result_set_management_class_init (SleekResultSetManagementClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_result_set_management_plugin_init;
  plugin_class->plugin_end = sleek_result_set_management_plugin_end;

  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_result_set_management_init (SleekResultSetManagement *self)
{
}

/**
 * sleek_result_set_management_iterate:
 * @self: an enabled [class@Sleek.ResultSetManagement]
 * @query: the request, an iq of type `get` or `set` with a payload, into
 *   which each page's `<set/>` goes
 * @page_size: how many items to ask for in each page
 * @backwards: %TRUE to page backwards from the end
 *
 * Makes an iterator over the pages of @query's result set, on the
 * plugin's stream: see [ctor@Sleek.ResultSetIterator.new].
 *
 * Returns: (transfer full): a new iterator
 */
SleekResultSetIterator *
sleek_result_set_management_iterate (SleekResultSetManagement *self, SleekIq *query, guint page_size,
                                     gboolean backwards)
{
  SleekBaseXmpp *xmpp;

  g_return_val_if_fail (SLEEK_IS_RESULT_SET_MANAGEMENT (self), NULL);
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_return_val_if_fail (xmpp != NULL, NULL);

  return sleek_result_set_iterator_new (xmpp, query, page_size, backwards);
}
