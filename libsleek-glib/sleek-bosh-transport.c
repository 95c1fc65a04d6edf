/* sleek-bosh-transport.c: XMPP over BOSH (XEP-0124, XEP-0206), private
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * SleekXmlStream writes its headers and elements to a SleekTransport; here
 * they become the requests of a SleekBoshSession. There is no stream
 * header on the wire: the first one creates the session and the next ones
 * are restarts; the elements go in the body of the next request; the end
 * of the stream is a terminate request. What the connection manager sends
 * is handed to the stream's parser as an ordinary stream: a header made
 * from the session's attributes when the session is created or restarted,
 * then each element.
 */
#include "config.h"

#include "sleek-bosh-transport.h"

#include <string.h>

struct _SleekBoshTransport {
  SleekTransport parent_instance;

  SleekBoshSession *session;
  gboolean started;
  gboolean ended;
};

G_DEFINE_FINAL_TYPE (SleekBoshTransport, sleek_bosh_transport, SLEEK_TYPE_TRANSPORT)

static void
on_stream_start (SleekBoshSession *session, SleekNode *body, gpointer user_data)
{
  SleekBoshTransport *self = user_data;
  g_autoptr(SleekNode) open = sleek_node_new ("open", NULL);
  const char *value;

  /* The stream header the parser expects, from the session's attributes:
   * the server's domain, and its authid as the stream id (XEP-0206). */
  if (body != NULL)
    {
      if ((value = sleek_node_get_attribute (body, "from")) != NULL)
        sleek_node_set_attribute (open, "from", value);
      if ((value = sleek_node_get_attribute (body, "authid")) != NULL ||
          (value = sleek_node_get_attribute (body, "sid")) != NULL)
        sleek_node_set_attribute (open, "id", value);
      value = sleek_node_get_attribute_ns (body, "version", SLEEK_NS_XBOSH);
      sleek_node_set_attribute (open, "version", value != NULL ? value : "1.0");
    }
  sleek_transport_push_stream_header (SLEEK_TRANSPORT (self), open);
}

static void
on_element (SleekBoshSession *session, SleekNode *element, gpointer user_data)
{
  SleekBoshTransport *self = user_data;
  /* Written fully namespaced, as the parser reads it inside a stream
   * whose default namespace it declares itself. */
  g_autofree char *xml = sleek_node_to_string (element);

  sleek_transport_push_element (SLEEK_TRANSPORT (self), xml, strlen (xml));
}

static void
on_ended (SleekBoshSession *session, const GError *error, gpointer user_data)
{
  SleekBoshTransport *self = user_data;

  self->ended = TRUE;
  if (error != NULL)
    {
      sleek_transport_push_error (SLEEK_TRANSPORT (self), g_error_copy (error));
      return;
    }
  /* Terminated: the stream ends as a TCP one would. */
  sleek_transport_push_stream_end (SLEEK_TRANSPORT (self));
  sleek_transport_push_eof (SLEEK_TRANSPORT (self));
}

static void
sleek_bosh_transport_write_open (SleekTransport *transport, SleekNode *header, GString *out)
{
  SleekBoshTransport *self = SLEEK_BOSH_TRANSPORT (transport);

  if (self->ended)
    return;
  if (!self->started)
    {
      const char *lang = header != NULL ? sleek_node_get_attribute (header, "xml:lang") : NULL;

      if (lang != NULL)
        sleek_bosh_session_set_lang (self->session, lang);
      self->started = TRUE;
      sleek_bosh_session_start (self->session);
    }
  else
    sleek_bosh_session_restart (self->session);
}

static void
sleek_bosh_transport_write_close (SleekTransport *transport, GString *out)
{
  SleekBoshTransport *self = SLEEK_BOSH_TRANSPORT (transport);

  if (!self->ended)
    sleek_bosh_session_terminate (self->session, NULL);
}

static gboolean
sleek_bosh_transport_send_frame (SleekTransport *transport, const char *data, gsize len, GError **error)
{
  SleekBoshTransport *self = SLEEK_BOSH_TRANSPORT (transport);
  g_autofree char *copy = NULL;
  gsize i;

  /* Whitespace (a keepalive) is no element: the held request keeps the
   * session alive. */
  for (i = 0; i < len && g_ascii_isspace (data[i]); i++)
    ;
  if (i == len)
    return TRUE;
  if (self->ended)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The BOSH session has ended"));
      return FALSE;
    }
  copy = g_strndup (data, len);
  sleek_bosh_session_send (self->session, copy);
  return TRUE;
}

static void
sleek_bosh_transport_shutdown (SleekTransport *transport)
{
  SleekBoshTransport *self = SLEEK_BOSH_TRANSPORT (transport);

  /* Closed without the stream's end: drop the session. */
  self->ended = TRUE;
  sleek_bosh_session_abort (self->session);
}

static void
sleek_bosh_transport_dispose (GObject *object)
{
  SleekBoshTransport *self = SLEEK_BOSH_TRANSPORT (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      sleek_bosh_session_abort (self->session);
      g_clear_object (&self->session);
    }
  G_OBJECT_CLASS (sleek_bosh_transport_parent_class)->dispose (object);
}

static void
sleek_bosh_transport_class_init (SleekBoshTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekTransportClass *transport_class = SLEEK_TRANSPORT_CLASS (klass);

  object_class->dispose = sleek_bosh_transport_dispose;
  transport_class->write_open = sleek_bosh_transport_write_open;
  transport_class->write_close = sleek_bosh_transport_write_close;
  transport_class->send_frame = sleek_bosh_transport_send_frame;
  transport_class->shutdown = sleek_bosh_transport_shutdown;
}

static void
sleek_bosh_transport_init (SleekBoshTransport *self)
{
}

SleekTransport *
sleek_bosh_transport_new (SleekBoshSession *session)
{
  SleekBoshTransport *self;

  g_return_val_if_fail (SLEEK_IS_BOSH_SESSION (session), NULL);

  self = g_object_new (SLEEK_TYPE_BOSH_TRANSPORT, NULL);
  self->session = g_object_ref (session);
  g_signal_connect (session, "stream-start", G_CALLBACK (on_stream_start), self);
  g_signal_connect (session, "element", G_CALLBACK (on_element), self);
  g_signal_connect (session, "ended", G_CALLBACK (on_ended), self);
  return SLEEK_TRANSPORT (self);
}
