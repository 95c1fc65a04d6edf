/* sleek-xml-stream.h: a bidirectional XMPP XML stream over any GIOStream
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
#include <sleek/sleek-matcher.h>
#include <sleek/sleek-error.h>

G_BEGIN_DECLS

/**
 * SleekHandlerFlags:
 * @SLEEK_HANDLER_NONE: no flags
 * @SLEEK_HANDLER_ONCE: remove the handler after its first match
 * @SLEEK_HANDLER_THREADED: run the callback in a worker thread through
 *   #GTask; it may send with [method@Sleek.XmlStream.send], but must not
 *   touch the stream otherwise. Not for languages that run on one thread
 *   only: gjs refuses to call a JavaScript function from a worker thread
 *
 * How a stream handler runs.
 */
typedef enum /*< flags >*/ {
  SLEEK_HANDLER_NONE     = 0,
  SLEEK_HANDLER_ONCE     = 1 << 0,
  SLEEK_HANDLER_THREADED = 1 << 1,
} SleekHandlerFlags;

/**
 * SleekFilterDirection:
 * @SLEEK_FILTER_INCOMING: stanzas received, before any handler sees them
 * @SLEEK_FILTER_OUTGOING: stanzas sent, before they are serialised
 *
 * Which stanzas a filter sees.
 */
typedef enum {
  SLEEK_FILTER_INCOMING,
  SLEEK_FILTER_OUTGOING,
} SleekFilterDirection;

#define SLEEK_TYPE_XML_STREAM (sleek_xml_stream_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekXmlStream, sleek_xml_stream, SLEEK, XML_STREAM, GObject)

/**
 * SleekHandlerFunc:
 * @stream: the stream
 * @stanza: (transfer none): the matching stanza; the handler's own copy,
 *   which it may change
 * @user_data: the data given to [method@Sleek.XmlStream.add_handler]
 *
 * Receives a stanza that matched a handler's matcher.
 */
typedef void (*SleekHandlerFunc) (SleekXmlStream *stream,
                                  SleekStanza    *stanza,
                                  gpointer        user_data);

/**
 * SleekFilterFunc:
 * @stream: the stream
 * @stanza: (transfer none): the stanza on its way in or out
 * @user_data: the data given to [method@Sleek.XmlStream.add_filter]
 *
 * Sees each stanza in one direction and may change it, replace it or drop
 * it.
 *
 * Returns: (transfer full) (nullable): the stanza to carry on with
 *   (@stanza itself with a new reference, or another one), or %NULL to
 *   drop it
 */
typedef SleekStanza *(*SleekFilterFunc) (SleekXmlStream *stream,
                                         SleekStanza    *stanza,
                                         gpointer        user_data);

/**
 * SleekXmlStreamClass:
 * @parent_class: the parent class
 * @stream_start: class handler of [signal@Sleek.XmlStream::stream-start]
 * @stream_end: class handler of [signal@Sleek.XmlStream::stream-end]
 * @stanza: class handler of [signal@Sleek.XmlStream::stanza]
 * @disconnected: class handler of [signal@Sleek.XmlStream::disconnected]
 * @unhandled: called for an incoming stanza that no handler matched,
 *   before [signal@Sleek.XmlStream::stanza]; a subclass answers an
 *   unhandled request here (as an IQ get or set must be answered)
 *
 * The class of [class@Sleek.XmlStream].
 */
struct _SleekXmlStreamClass
{
  GObjectClass parent_class;

  void (*stream_start) (SleekXmlStream *self,
                        SleekNode      *header);
  void (*stream_end)   (SleekXmlStream *self);
  void (*stanza)       (SleekXmlStream *self,
                        SleekStanza    *stanza);
  void (*disconnected) (SleekXmlStream *self,
                        const GError   *error);
  void (*unhandled)    (SleekXmlStream *self,
                        SleekStanza    *stanza);

  /*< private >*/
  gpointer padding[11];
};

SLEEK_AVAILABLE_IN_ALL
SleekXmlStream *sleek_xml_stream_new            (void);

SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_attach         (SleekXmlStream       *self,
                                                 GIOStream            *io);
SLEEK_AVAILABLE_IN_ALL
GIOStream      *sleek_xml_stream_get_io_stream  (SleekXmlStream       *self);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_xml_stream_is_connected   (SleekXmlStream       *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_open           (SleekXmlStream       *self,
                                                 SleekNode            *header);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_restart        (SleekXmlStream       *self,
                                                 GIOStream            *io);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_xml_stream_get_stream_id  (SleekXmlStream       *self);
SLEEK_AVAILABLE_IN_ALL
const char     *sleek_xml_stream_get_default_namespace (SleekXmlStream *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_set_default_namespace (SleekXmlStream *self,
                                                        const char     *ns);

SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_send           (SleekXmlStream       *self,
                                                 SleekStanza          *stanza);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_send_raw       (SleekXmlStream       *self,
                                                 const char           *xml);

SLEEK_AVAILABLE_IN_ALL
guint           sleek_xml_stream_add_handler    (SleekXmlStream       *self,
                                                 SleekMatcher         *matcher,
                                                 SleekHandlerFlags     flags,
                                                 SleekHandlerFunc      func,
                                                 gpointer              user_data,
                                                 GDestroyNotify        destroy);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_remove_handler (SleekXmlStream       *self,
                                                 guint                 id);

SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_event          (SleekXmlStream       *self,
                                                 const char           *name,
                                                 GObject              *data,
                                                 gboolean              direct);

SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_schedule       (SleekXmlStream       *self,
                                                 const char           *name,
                                                 double                seconds,
                                                 gboolean              repeat,
                                                 GSourceFunc           func,
                                                 gpointer              user_data,
                                                 GDestroyNotify        destroy);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_unschedule     (SleekXmlStream       *self,
                                                 const char           *name);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_xml_stream_is_scheduled   (SleekXmlStream       *self,
                                                 const char           *name);

SLEEK_AVAILABLE_IN_ALL
guint           sleek_xml_stream_add_filter     (SleekXmlStream       *self,
                                                 SleekFilterDirection  direction,
                                                 SleekFilterFunc       func,
                                                 gpointer              user_data,
                                                 GDestroyNotify        destroy);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_remove_filter  (SleekXmlStream       *self,
                                                 guint                 id);

SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_close_with_error (SleekXmlStream     *self,
                                                   SleekStreamError    condition,
                                                   const char         *text);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_abort          (SleekXmlStream       *self);
SLEEK_AVAILABLE_IN_ALL
void            sleek_xml_stream_disconnect_async  (SleekXmlStream      *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean        sleek_xml_stream_disconnect_finish (SleekXmlStream      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
