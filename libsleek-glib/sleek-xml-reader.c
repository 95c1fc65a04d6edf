/* sleek-xml-reader.c: restricted, bounded SAX2 push parser for XMPP streams
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libxml2's push parser is driven with our own SAX2 callbacks only: no
 * tree, no DTD loading, no entity substitution. Whatever RFC 6120 section
 * 11.1 forbids (DOCTYPE, entity declarations and references other than
 * the predefined ones, processing instructions, comments) is caught in the
 * callback libxml2 makes for it and stops the parser with
 * <restricted-xml/>.
 *
 * Memory is bounded three ways: a stanza may not grow past
 * max_stanza_size bytes (counted on the input, so text libxml2 is still
 * buffering counts too), elements may not nest deeper than max_depth, and
 * an element may not carry more than max_attributes attributes and
 * namespace declarations. libxml2 interns every element and attribute
 * name in a per-parser dictionary that only grows; when it passes a
 * threshold, the reader swaps in a fresh parser context at the next
 * stanza boundary, replaying the stream header silently, so a peer that
 * sends endless distinct names cannot grow it without bound.
 */
#include "config.h"

#include "sleek-xml-reader.h"
#include "sleek-node-private.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/dict.h>
#include <string.h>

#define FEED_PIECE_SIZE 16384

#define DEFAULT_RECYCLE_THRESHOLD 4096

#define NS_CACHE_SIZE 8

/* The namespaces most stanzas and their payloads are in: a node in one of
 * them points at the string here instead of a copy in its stanza. A fixed
 * set; no namespace from the wire is ever added. */
static const char *const common_namespaces[] = {
  SLEEK_NS_CLIENT,
  SLEEK_NS_SERVER,
  SLEEK_NS_COMPONENT,
  SLEEK_NS_STANZA_ERRORS,
  "jabber:iq:roster",
  "jabber:x:data",
  "urn:xmpp:delay",
  "urn:xmpp:receipts",
  "urn:xmpp:sid:0",
  "urn:xmpp:hints",
  "urn:xmpp:chat-markers:0",
  "urn:xmpp:carbons:2",
  "urn:xmpp:forward:0",
  "urn:xmpp:ping",
  "http://jabber.org/protocol/chatstates",
  "http://jabber.org/protocol/caps",
  "http://jabber.org/protocol/disco#info",
  "http://jabber.org/protocol/disco#items",
  "http://jabber.org/protocol/muc#user",
  "vcard-temp:x:update",
};

/* libxml2 reports an element's namespace as a string of its parser
 * dictionary, the same pointer each time: the last few seen, and which
 * common namespace each is (NULL: none). Cleared with the dictionary. */
typedef struct {
  const xmlChar *uri;
  const char *ns;
} NsCacheEntry;

struct _SleekXmlReader {
  SleekXmlReaderCallbacks callbacks;
  gpointer user_data;
  xmlSAXHandler sax;
  xmlParserCtxtPtr ctxt;

  /* 0 when the root element is the result (sleek_node_parse), 1 when the
   * root is a stream header and its children are stanzas. */
  guint stanza_level;
  SleekNode *document;

  /* The open elements of the current stanza, [0] owned: a plain array,
   * pushed and popped for every element without a call. */
  SleekNode **stack;
  guint stack_len;
  guint stack_size;
  guint depth;                /* open elements, the root included */

  GError *error;
  gboolean stopped;
  gboolean replaying;         /* feeding the synthetic header after a recycle */

  gsize max_stanza_size;
  guint max_depth;
  guint max_attributes;

  /* Offsets in bytes since the start of the stream. */
  guint64 fed_total;          /* everything given to feed() */
  guint64 ctxt_base;          /* where the current context's byte 0 is */
  guint64 stanza_start;       /* where the open stanza began */
  guint64 boundary;           /* last point between stanzas */
  /* The bytes from pending_base to the start of the piece being parsed:
   * what a recycle may have to parse again. The piece itself is still in
   * the caller's buffer, so only what follows the last stanza boundary is
   * copied, once the piece is parsed. */
  GByteArray *pending;
  guint64 pending_base;
  const char *piece;          /* the piece being parsed, or NULL */
  gsize piece_len;
  guint64 piece_start;

  NsCacheEntry ns_cache[NS_CACHE_SIZE];
  guint ns_cache_next;

  /* The stream header as declared, to replay after a recycle. */
  GString *header_replay;
  guint recycle_threshold;
  gboolean recycle_wanted;
  guint64 recycle_at;
  guint n_recycles;
};

static void reader_set_error (SleekXmlReader *reader, SleekStreamError code, const char *message);

static inline void
stack_push (SleekXmlReader *reader, SleekNode *node)
{
  if (G_UNLIKELY (reader->stack_len == reader->stack_size))
    {
      reader->stack_size = MAX (16, reader->stack_size * 2);
      reader->stack = g_renew (SleekNode *, reader->stack, reader->stack_size);
    }
  reader->stack[reader->stack_len++] = node;
}

static guint64
position (SleekXmlReader *reader)
{
  return reader->ctxt_base + (guint64) xmlByteConsumed (reader->ctxt);
}

static void
reader_set_error (SleekXmlReader *reader, SleekStreamError code, const char *message)
{
  if (reader->error == NULL)
    reader->error = g_error_new_literal (SLEEK_STREAM_ERROR, code, message);
  if (reader->ctxt != NULL)
    xmlStopParser (reader->ctxt);
}

static void
restricted (SleekXmlReader *reader, const char *what)
{
  g_autofree char *message = g_strdup_printf (_("Restricted XML: the peer sent %s"), what);

  reader_set_error (reader, SLEEK_STREAM_ERROR_RESTRICTED_XML, message);
}

static void
policy_violation (SleekXmlReader *reader, const char *message)
{
  reader_set_error (reader, SLEEK_STREAM_ERROR_POLICY_VIOLATION, message);
}

/* More has been fed since the open stanza began than it may hold: has it
 * really grown past the limit? */
G_GNUC_NO_INLINE static gboolean
stanza_position_too_large (SleekXmlReader *reader)
{
  if (position (reader) - reader->stanza_start <= reader->max_stanza_size)
    return FALSE;
  policy_violation (reader, _("A stanza is larger than the limit"));
  return TRUE;
}

/* Inside a stanza: has it grown past the limit? Asked for every SAX
 * event, so the usual answer takes no call. */
static inline gboolean
stanza_too_large (SleekXmlReader *reader)
{
  if (reader->depth <= reader->stanza_level)
    return FALSE;
  /* Everything fed so far fits: no need to ask libxml2 where it is. */
  if (G_LIKELY (reader->fed_total - reader->stanza_start <= reader->max_stanza_size))
    return FALSE;
  return stanza_position_too_large (reader);
}

/* Copies an attribute value to @out, undoing the "&#38;" libxml2 writes
 * for an "&" when it is not substituting entities; returns the end. */
static char *
copy_attribute_value (char *out, const xmlChar *start, const xmlChar *end)
{
  gsize len = end - start;

  if (memchr (start, '&', len) == NULL)
    {
      memcpy (out, start, len);
      out += len;
    }
  else
    {
      const char *in = (const char *) start;
      const char *stop = (const char *) end;

      while (in < stop)
        {
          if (*in == '&' && stop - in >= 5 && memcmp (in, "&#38;", 5) == 0)
            {
              *out++ = '&';
              in += 5;
            }
          else
            *out++ = *in++;
        }
    }
  *out = '\0';
  return out + 1;
}

/* A namespace name as libxml2 reports it (with "&#38;" for each "&", as
 * in attribute values), unescaped into a new string; NULL when it holds
 * no "&" and can be used as it is. */
static char *
namespace_dup_unescaped (const xmlChar *uri)
{
  gsize len;
  char *copy;

  if (uri == NULL || strchr ((const char *) uri, '&') == NULL)
    return NULL;
  len = strlen ((const char *) uri);
  copy = g_malloc (len + 1);
  copy_attribute_value (copy, uri, uri + len);
  return copy;
}

/* The common namespace @uri (a string of the parser's dictionary) is, or
 * NULL. */
static const char *
common_namespace (SleekXmlReader *reader, const xmlChar *uri)
{
  NsCacheEntry *entry;
  const char *ns = NULL;

  for (guint i = 0; i < NS_CACHE_SIZE; i++)
    if (reader->ns_cache[i].uri == uri)
      {
        ns = reader->ns_cache[i].ns;
        /* The pointer says which; the text is checked all the same. */
        return ns != NULL && strcmp (ns, (const char *) uri) == 0 ? ns : NULL;
      }
  for (guint i = 0; i < G_N_ELEMENTS (common_namespaces); i++)
    if (strcmp (common_namespaces[i], (const char *) uri) == 0)
      {
        ns = common_namespaces[i];
        break;
      }
  entry = &reader->ns_cache[reader->ns_cache_next++ % NS_CACHE_SIZE];
  entry->uri = uri;
  entry->ns = ns;
  return ns;
}

/* The element, its names and its attributes with their strings, in the
 * stanza's arena (or, for the stream header, on the heap). */
static SleekNode *
node_from_sax (SleekXmlReader *reader, SleekNodeArena *arena, SleekNode *parent, const xmlChar *localname,
               const xmlChar *uri, int nb_attributes, const xmlChar **attributes)
{
  SleekNode *node;
  gsize name_lengths[16];
  gsize ns_lengths[16];
  gboolean measured = nb_attributes <= (int) G_N_ELEMENTS (name_lengths);
  SleekNodeAttr *attrs;
  gsize bytes = 0;
  char *out;
  const char *common = arena != NULL && uri != NULL ? common_namespace (reader, uri) : NULL;
  g_autofree char *unescaped_uri = NULL;

  if (common == NULL)
    {
      unescaped_uri = namespace_dup_unescaped (uri);
      if (unescaped_uri != NULL)
        uri = (const xmlChar *) unescaped_uri;
    }

  if (common != NULL)
    node = sleek_node_new_shared_ns (arena, (const char *) localname, strlen ((const char *) localname),
                                     common);
  /* Most children are in their parent's namespace: share its string. */
  else if (parent != NULL && uri != NULL && parent->ns != NULL && strcmp ((const char *) uri, parent->ns) == 0)
    node = sleek_node_new_shared_ns (arena, (const char *) localname, strlen ((const char *) localname),
                                     parent->ns);
  else
    node = sleek_node_new_len (arena, (const char *) localname, strlen ((const char *) localname),
                               (const char *) uri, uri != NULL ? strlen ((const char *) uri) : 0);
  if (nb_attributes <= 0)
    return node;

  for (int i = 0; i < nb_attributes; i++)
    {
      const xmlChar **attr = attributes + i * 5;
      gsize name_len = strlen ((const char *) attr[0]);
      gsize ns_len = (attr[2] != NULL && *attr[2] != '\0') ? strlen ((const char *) attr[2]) : 0;

      if (measured)
        {
          name_lengths[i] = name_len;
          ns_lengths[i] = ns_len;
        }
      bytes += name_len + 1 + (attr[4] - attr[3]) + 1 + (ns_len > 0 ? ns_len + 1 : 0);
    }
  attrs = sleek_node_set_packed_attributes (node, nb_attributes, bytes, &out);
  for (int i = 0; i < nb_attributes; i++)
    {
      const xmlChar **attr = attributes + i * 5;
      gsize name_len = measured ? name_lengths[i] : strlen ((const char *) attr[0]);
      gsize ns_len = measured ? ns_lengths[i]
                              : (attr[2] != NULL && *attr[2] != '\0') ? strlen ((const char *) attr[2]) : 0;

      attrs[i].name = out;
      memcpy (out, attr[0], name_len + 1);
      out += name_len + 1;
      attrs[i].value = out;
      out = copy_attribute_value (out, attr[3], attr[4]);
      attrs[i].ns = NULL;
      if (ns_len > 0)
        {
          /* No longer than in the input: fits in what was counted. */
          attrs[i].ns = out;
          out = copy_attribute_value (out, attr[2], attr[2] + ns_len);
        }
    }
  return node;
}

static void
remember_header (SleekXmlReader *reader, const xmlChar *localname, const xmlChar *prefix,
                 int nb_namespaces, const xmlChar **namespaces)
{
  GString *replay = g_string_new ("<");

  if (prefix != NULL)
    g_string_append_printf (replay, "%s:", (const char *) prefix);
  g_string_append (replay, (const char *) localname);
  for (int i = 0; i < nb_namespaces; i++)
    {
      const xmlChar *ns_prefix = namespaces[2 * i];
      const xmlChar *ns_uri = namespaces[2 * i + 1];
      g_autofree char *unescaped_uri = namespace_dup_unescaped (ns_uri);

      g_string_append (replay, " xmlns");
      if (ns_prefix != NULL)
        g_string_append_printf (replay, ":%s", (const char *) ns_prefix);
      g_string_append (replay, "='");
      sleek_xml_append_escaped (replay, unescaped_uri != NULL ? unescaped_uri
                                        : ns_uri != NULL ? (const char *) ns_uri : "", TRUE);
      g_string_append_c (replay, '\'');
    }
  g_string_append_c (replay, '>');
  if (reader->header_replay != NULL)
    g_string_free (reader->header_replay, TRUE);
  reader->header_replay = replay;
}

static void
on_start_element (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                  int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                  int nb_defaulted, const xmlChar **attributes)
{
  SleekXmlReader *reader = ctx;
  SleekNode *node;

  if (reader->error != NULL)
    return;
  if (reader->depth + 1 > reader->max_depth)
    {
      policy_violation (reader, _("Elements are nested too deeply"));
      return;
    }
  if ((guint) nb_attributes + (guint) nb_namespaces > reader->max_attributes)
    {
      policy_violation (reader, _("An element has too many attributes"));
      return;
    }

  if (reader->replaying)
    {
      reader->depth++;
      return;
    }

  if (reader->stanza_level == 1 && reader->depth == 0)
    {
      g_autoptr(SleekNode) header = node_from_sax (reader, NULL, NULL, localname, uri, nb_attributes, attributes);

      remember_header (reader, localname, prefix, nb_namespaces, namespaces);
      reader->depth = 1;
      reader->boundary = position (reader);
      if (reader->callbacks.stream_start != NULL)
        reader->callbacks.stream_start (reader->user_data, header);
      return;
    }

  if (stanza_too_large (reader))
    return;
  if (reader->depth == reader->stanza_level)
    {
      /* A new stanza, in an arena of its own; the reader holds the
       * arena's first reference through the root. */
      node = node_from_sax (reader, sleek_node_arena_new (), NULL, localname, uri, nb_attributes, attributes);
      reader->stanza_start = position (reader);
      stack_push (reader, node);
    }
  else
    {
      SleekNode *parent = reader->stack[reader->stack_len - 1];

      node = node_from_sax (reader, parent->arena, parent, localname, uri, nb_attributes, attributes);
      sleek_node_take_child (parent, node);
      stack_push (reader, node);
    }
  reader->depth++;
}

static void
on_end_element (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  SleekXmlReader *reader = ctx;
  g_autoptr(SleekNode) stanza = NULL;

  if (reader->error != NULL || reader->depth == 0)
    return;
  if (stanza_too_large (reader))
    return;
  reader->depth--;

  if (reader->depth < reader->stanza_level)
    {
      /* The stream header closed. */
      if (reader->callbacks.stream_end != NULL)
        reader->callbacks.stream_end (reader->user_data);
      return;
    }

  if (reader->depth > reader->stanza_level)
    {
      reader->stack_len--;
      return;
    }

  stanza = reader->stack[0];
  reader->stack_len = 0;
  reader->boundary = position (reader);

  if (reader->stanza_level == 0)
    {
      reader->document = g_steal_pointer (&stanza);
      return;
    }

  if (reader->callbacks.stanza != NULL)
    reader->callbacks.stanza (reader->user_data, stanza);

  if (!reader->stopped && reader->error == NULL &&
      (guint) xmlDictSize (reader->ctxt->dict) > reader->recycle_threshold)
    {
      reader->recycle_wanted = TRUE;
      reader->recycle_at = reader->boundary;
      xmlStopParser (reader->ctxt);
    }
}

static void
on_characters (void *ctx, const xmlChar *ch, int len)
{
  SleekXmlReader *reader = ctx;
  SleekNode *node;

  if (reader->error != NULL || reader->replaying)
    return;
  if (reader->depth <= reader->stanza_level)
    {
      /* Between stanzas: whitespace keepalives and the like. */
      if (reader->stanza_level == 1 && reader->depth == 1)
        reader->boundary = position (reader);
      return;
    }

  if (stanza_too_large (reader))
    return;
  node = reader->stack[reader->stack_len - 1];
  sleek_node_append_parsed_text (node, (const char *) ch, len);
}

static void
on_internal_subset (void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
  restricted (ctx, _("a DOCTYPE"));
}

static void
on_entity_decl (void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                const xmlChar *system_id, xmlChar *content)
{
  restricted (ctx, _("an entity declaration"));
}

static xmlEntityPtr
on_get_entity (void *ctx, const xmlChar *name)
{
  restricted (ctx, _("an entity reference"));
  return NULL;
}

static void
on_reference (void *ctx, const xmlChar *name)
{
  restricted (ctx, _("an entity reference"));
}

static void
on_processing_instruction (void *ctx, const xmlChar *target, const xmlChar *data)
{
  restricted (ctx, _("a processing instruction"));
}

static void
on_comment (void *ctx, const xmlChar *value)
{
  restricted (ctx, _("a comment"));
}

static void
on_structured_error (void *ctx, xmlErrorPtr err)
{
  SleekXmlReader *reader = ctx;
  g_autofree char *message = NULL;

  if (err == NULL || err->level < XML_ERR_ERROR || reader->error != NULL)
    return;
  if (err->code == XML_ERR_USER_STOP)
    return;
  message = g_strdup_printf (_("The peer sent XML that is not well-formed: %s"),
                             err->message != NULL ? g_strchomp (err->message) : "?");
  reader_set_error (reader, SLEEK_STREAM_ERROR_NOT_WELL_FORMED, message);
}

static void
reader_new_context (SleekXmlReader *reader)
{
  if (reader->ctxt != NULL)
    xmlFreeParserCtxt (reader->ctxt);
  /* A new dictionary: the pointers remembered may be reused. */
  memset (reader->ns_cache, 0, sizeof reader->ns_cache);
  reader->ctxt = xmlCreatePushParserCtxt (&reader->sax, reader, NULL, 0, NULL);
  xmlCtxtUseOptions (reader->ctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA);
  reader->ctxt->replaceEntities = 0;
  reader->ctxt->loadsubset = 0;
  reader->ctxt->validate = 0;
}

static void
reader_init_sax (SleekXmlReader *reader)
{
  xmlSAXHandler *sax = &reader->sax;

  memset (sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->startElementNs = on_start_element;
  sax->endElementNs = on_end_element;
  sax->characters = on_characters;
  sax->ignorableWhitespace = on_characters;
  sax->cdataBlock = on_characters;
  sax->internalSubset = on_internal_subset;
  sax->externalSubset = on_internal_subset;
  sax->entityDecl = on_entity_decl;
  sax->getEntity = on_get_entity;
  sax->getParameterEntity = on_get_entity;
  sax->reference = on_reference;
  sax->processingInstruction = on_processing_instruction;
  sax->comment = on_comment;
  sax->serror = on_structured_error;
}

static void
libxml_init_once (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      xmlInitParser ();
      g_once_init_leave (&done, 1);
    }
}

static SleekXmlReader *
reader_new (const SleekXmlReaderCallbacks *callbacks, gpointer user_data, guint stanza_level)
{
  SleekXmlReader *reader = g_new0 (SleekXmlReader, 1);

  libxml_init_once ();
  if (callbacks != NULL)
    reader->callbacks = *callbacks;
  reader->user_data = user_data;
  reader->stanza_level = stanza_level;
  reader->pending = g_byte_array_new ();
  reader->max_stanza_size = SLEEK_XML_READER_DEFAULT_MAX_STANZA_SIZE;
  reader->max_depth = SLEEK_XML_READER_DEFAULT_MAX_DEPTH;
  reader->max_attributes = SLEEK_XML_READER_DEFAULT_MAX_ATTRIBUTES;
  reader->recycle_threshold = DEFAULT_RECYCLE_THRESHOLD;
  reader_init_sax (reader);
  reader_new_context (reader);
  return reader;
}

SleekXmlReader *
sleek_xml_reader_new (const SleekXmlReaderCallbacks *callbacks, gpointer user_data)
{
  return reader_new (callbacks, user_data, 1);
}

static void
reader_clear_state (SleekXmlReader *reader)
{
  if (reader->stack_len > 0)
    sleek_node_unref (reader->stack[0]);
  reader->stack_len = 0;
  g_clear_pointer (&reader->document, sleek_node_unref);
  g_clear_error (&reader->error);
  if (reader->header_replay != NULL)
    {
      g_string_free (reader->header_replay, TRUE);
      reader->header_replay = NULL;
    }
  g_byte_array_set_size (reader->pending, 0);
  reader->depth = 0;
  reader->stopped = FALSE;
  reader->replaying = FALSE;
  reader->recycle_wanted = FALSE;
  reader->fed_total = reader->ctxt_base = reader->stanza_start = 0;
  reader->boundary = reader->pending_base = 0;
  reader->piece = NULL;
}

void
sleek_xml_reader_free (SleekXmlReader *reader)
{
  if (reader == NULL)
    return;
  reader_clear_state (reader);
  if (reader->ctxt != NULL)
    xmlFreeParserCtxt (reader->ctxt);
  g_free (reader->stack);
  g_byte_array_unref (reader->pending);
  g_free (reader);
}

void
sleek_xml_reader_reset (SleekXmlReader *reader)
{
  reader_clear_state (reader);
  reader_new_context (reader);
}

void
sleek_xml_reader_stop (SleekXmlReader *reader)
{
  reader->stopped = TRUE;
  xmlStopParser (reader->ctxt);
}

void
sleek_xml_reader_set_limits (SleekXmlReader *reader, gsize max_stanza_size, guint max_depth,
                             guint max_attributes)
{
  reader->max_stanza_size = max_stanza_size;
  reader->max_depth = max_depth;
  reader->max_attributes = max_attributes;
}

guint
sleek_xml_reader_get_n_recycles (SleekXmlReader *reader)
{
  return reader->n_recycles;
}

void
sleek_xml_reader_set_recycle_threshold (SleekXmlReader *reader, guint entries)
{
  reader->recycle_threshold = entries;
}

/* Replaces the parser context by a fresh one positioned at recycle_at: the
 * stream header is replayed without callbacks, then the bytes received
 * after the boundary are parsed again. */
static void
reader_recycle (SleekXmlReader *reader)
{
  gsize header_len = reader->header_replay->len;
  guint64 at = reader->recycle_at;

  reader->recycle_wanted = FALSE;
  reader->n_recycles++;
  reader_new_context (reader);
  reader->ctxt_base = reader->recycle_at - header_len;
  reader->replaying = TRUE;
  reader->depth = 0;
  xmlParseChunk (reader->ctxt, reader->header_replay->str, (int) header_len, 0);
  reader->replaying = FALSE;
  if (reader->error != NULL)
    return;
  g_assert (reader->depth == 1);
  g_assert (at >= reader->pending_base && reader->piece != NULL);
  if (at < reader->piece_start)
    {
      /* The boundary is in an earlier piece: what followed it there first. */
      gsize skip = (gsize) (at - reader->pending_base);

      g_assert (reader->pending_base + reader->pending->len == reader->piece_start);
      xmlParseChunk (reader->ctxt, (const char *) reader->pending->data + skip,
                     (int) (reader->pending->len - skip), 0);
      at = reader->piece_start;
      if (reader->recycle_wanted || reader->error != NULL || reader->stopped)
        return;
    }
  if (at - reader->piece_start < reader->piece_len)
    xmlParseChunk (reader->ctxt, reader->piece + (at - reader->piece_start),
                   (int) (reader->piece_len - (at - reader->piece_start)), 0);
}

/* After a piece is parsed: keep what follows the last stanza boundary. */
static void
keep_pending (SleekXmlReader *reader)
{
  guint64 keep_from = MAX (reader->boundary, reader->pending_base);
  guint64 piece_end = reader->piece_start + reader->piece_len;

  if (keep_from >= reader->piece_start)
    {
      gsize skip = (gsize) (MIN (keep_from, piece_end) - reader->piece_start);

      g_byte_array_set_size (reader->pending, 0);
      g_byte_array_append (reader->pending, (const guint8 *) reader->piece + skip,
                           (guint) (reader->piece_len - skip));
      reader->pending_base = reader->piece_start + skip;
    }
  else
    {
      gsize drop = (gsize) (keep_from - reader->pending_base);

      if (drop > 0)
        g_byte_array_remove_range (reader->pending, 0, (guint) drop);
      reader->pending_base = keep_from;
      g_byte_array_append (reader->pending, (const guint8 *) reader->piece, (guint) reader->piece_len);
    }
  reader->piece = NULL;
}

static void
check_size (SleekXmlReader *reader)
{
  guint64 buffered = reader->fed_total - position (reader);
  guint64 in_stanza = 0;

  if (reader->depth > reader->stanza_level)
    in_stanza = reader->fed_total - reader->stanza_start;
  if (buffered > reader->max_stanza_size || in_stanza > reader->max_stanza_size)
    policy_violation (reader, _("A stanza is larger than the limit"));
}

gboolean
sleek_xml_reader_feed (SleekXmlReader *reader, const char *data, gsize len, GError **error)
{
  reader->stopped = FALSE;
  while (len > 0 && reader->error == NULL && !reader->stopped)
    {
      gsize piece = MIN (len, FEED_PIECE_SIZE);

      reader->piece = data;
      reader->piece_len = piece;
      reader->piece_start = reader->fed_total;
      reader->fed_total += piece;
      xmlParseChunk (reader->ctxt, data, (int) piece, 0);
      while (reader->recycle_wanted && reader->error == NULL && !reader->stopped)
        reader_recycle (reader);

      if (reader->error == NULL && !reader->stopped)
        check_size (reader);

      /* Keep only what was received since the last stanza boundary. */
      if (reader->stanza_level == 1 && reader->piece != NULL)
        keep_pending (reader);
      reader->piece = NULL;
      data += piece;
      len -= piece;
    }

  if (reader->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (reader->error);
      return FALSE;
    }
  return TRUE;
}

SleekNode *
sleek_xml_reader_parse_document (const char *xml, gsize len, GError **error)
{
  SleekXmlReader *reader = reader_new (NULL, NULL, 0);
  SleekNode *result = NULL;

  if (sleek_xml_reader_feed (reader, xml, len, error))
    {
      xmlParseChunk (reader->ctxt, NULL, 0, 1);
      if (reader->error != NULL)
        g_propagate_error (error, g_steal_pointer (&reader->error));
      else if (reader->document == NULL)
        g_set_error_literal (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_NOT_WELL_FORMED,
                             _("The XML holds no complete element"));
      else
        result = g_steal_pointer (&reader->document);
    }
  sleek_xml_reader_free (reader);
  return result;
}
