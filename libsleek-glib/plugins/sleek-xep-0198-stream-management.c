/* sleek-xep-0198-stream-management.c: XEP-0198 Stream Management
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"
#include "sleek-plugin-private.h"
#include "sleek-xml-stream-private.h"
#include "sleek-xep-0198-stream-management.h"
#include "sleek-inline-private.h"
#include "sleek-xep-0198-stream-management-private.h"

#include <string.h>

/**
 * SleekStreamManagement:
 *
 * The `xep_0198` plugin: XEP-0198 Stream Management, for
 * [class@Sleek.ClientXmpp] sessions (on other streams it does nothing).
 *
 * When the server offers stream management, the plugin enables it right
 * after resource binding, asking for resumption unless
 * [property@Sleek.StreamManagement:resume] is off, and emits
 * [signal@Sleek.StreamManagement::enabled]. From then on it counts the
 * stanzas it receives (messages, presences and IQs, not the nonzas of
 * stream management) and answers the server's `<r/>` with that count; it
 * keeps a copy of each stanza it sends until the server acknowledges it,
 * asks for acknowledgements with `<r/>` after every
 * [property@Sleek.StreamManagement:ack-interval] stanzas or
 * [property@Sleek.StreamManagement:ack-delay] milliseconds after a
 * stanza, and emits [signal@Sleek.StreamManagement::acked] for each
 * stanza the server acknowledges, in the order they were sent. Both
 * counts wrap around at 2^32. An acknowledgement of more stanzas than
 * were sent, or of fewer than before, is a broken session: the plugin
 * ends the stream with `<undefined-condition/>`, and
 * [signal@Sleek.XmlStream::disconnected] carries that
 * %SLEEK_STREAM_ERROR with an explanation.
 *
 * ## Resumption
 *
 * When the connection is lost (not closed on purpose) while the session
 * is resumable, the next login of the client, by
 * [property@Sleek.ClientXmpp:auto-reconnect] or by the application,
 * resumes it after authentication instead of binding a resource: the
 * server tells how many of our stanzas it handled, the plugin drops those
 * and sends the others again, in order and once, followed by the stanzas
 * the application sent while the connection was down (they wait in the
 * plugin rather than fail). IQ requests are the exception: those waiting
 * for an answer fail when the connection is lost, as without stream
 * management, and the plugin does not send them again. The session goes on where it was:
 * [property@Sleek.BaseXmpp:session-started] becomes %TRUE again, but
 * [signal@Sleek.BaseXmpp::session-start] is not emitted; the plugin emits
 * [signal@Sleek.StreamManagement::resumed] instead. (Requests waiting for
 * an answer still failed when the connection was lost, and
 * [signal@Sleek.BaseXmpp::session-end] was emitted then.)
 *
 * When the server refuses to resume (or no longer offers stream
 * management), the login goes on with a fresh session: binding, stream
 * management enabled again, and as the session starts, before
 * [signal@Sleek.BaseXmpp::session-start], the plugin emits
 * [signal@Sleek.StreamManagement::stanza-failed] for every stanza the
 * server did not acknowledge, then
 * [signal@Sleek.StreamManagement::resume-failed] if the server refused.
 * (Were they reported earlier, a stanza sent again from the handler would
 * go out before the new session is bound.) If that login fails, they are
 * reported when its connection ends. A stream closed on purpose, or a session that was not
 * resumable, also reports its unacknowledged stanzas through
 * [signal@Sleek.StreamManagement::stanza-failed]: no stanza vanishes
 * without a word.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0198", &error);
 * sm = SLEEK_STREAM_MANAGEMENT (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0198"));
 * g_object_set (client, "auto-reconnect", TRUE, NULL);
 *
 * // Delivery state for the user interface.
 * g_signal_connect (sm, "acked", G_CALLBACK (on_delivered_to_server), ui);
 * g_signal_connect (sm, "stanza-failed", G_CALLBACK (on_not_delivered), ui);
 * g_signal_connect (sm, "resumed", G_CALLBACK (on_back_online), ui);
 * ```
 */

#define ACK_TIMER "sleek-xep-0198-ack"
#define DEFAULT_ACK_INTERVAL 5
#define DEFAULT_ACK_DELAY 1000
#define MAX_ACK_DELAY 600000

struct _SleekStreamManagement
{
  SleekPlugin parent_instance;

  gboolean resume;             /* ask for resumption */
  guint max;                   /* preferred resumption time, 0: the server's */
  guint ack_interval;
  guint ack_delay;             /* milliseconds */

  SleekStreamFeature *resume_feature;
  SleekStreamFeature *enable_feature;

  gboolean enabled;            /* on the current connection */
  gboolean covering;           /* stanzas written on this connection are ours */
  gboolean resumed_pending;    /* "resumed" once the session runs again */
  char *id;                    /* of a resumable session */
  char *location;              /* where the server wants it resumed, or NULL */
  SleekJid *restored_jid;      /* bound in a session loaded from saved state */
  guint32 handled;             /* stanzas received */
  guint32 acked;               /* our stanzas the server acknowledged */
  GQueue unacked;              /* copies of the stanzas sent after those */
  GQueue held;                 /* sent while waiting to resume */
  guint since_request;         /* stanzas sent since our last <r/> */
  gboolean resuming;           /* <resume/> sent, no answer yet */

  /* A session given up during a login: reported once the new session
   * has started (or the login failed), not while binding. */
  GQueue lost;
  GError *lost_reason;
  GError *resume_error;        /* for "resume-failed" */
};

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_RESUMABLE,
  PROP_ID,
  PROP_HANDLED,
  PROP_SENT,
  PROP_UNACKED,
  PROP_RESUME,
  PROP_MAX,
  PROP_ACK_INTERVAL,
  PROP_ACK_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ENABLED,
  SIGNAL_RESUMED,
  SIGNAL_RESUME_FAILED,
  SIGNAL_ACKED,
  SIGNAL_STANZA_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekStreamManagement, sleek_stream_management, SLEEK_TYPE_PLUGIN)

static SleekXmlStream *
stream_of (SleekStreamManagement *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  return xmpp != NULL ? SLEEK_XML_STREAM (xmpp) : NULL;
}

/* Only stanzas count, not the nonzas of negotiations and of stream
 * management itself. */
static gboolean
is_stanza (SleekStanza *stanza)
{
  SleekNode *node = sleek_stanza_get_node (stanza);
  const char *name = sleek_node_get_name (node);

  if (g_strcmp0 (sleek_node_get_namespace (node), SLEEK_NS_CLIENT) != 0)
    return FALSE;
  return strcmp (name, "message") == 0 || strcmp (name, "presence") == 0 || strcmp (name, "iq") == 0;
}

static void
set_enabled (SleekStreamManagement *self, gboolean enabled)
{
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

static void
set_id (SleekStreamManagement *self, const char *id)
{
  gboolean was_resumable = self->id != NULL;

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (was_resumable != (id != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMABLE]);
}

/* Gives the stream management session up: what the server did not
 * acknowledge waits to be reported with @reason. */
static void
abandon_session (SleekStreamManagement *self, const GError *reason)
{
  SleekStanza *stanza;

  set_enabled (self, FALSE);
  set_id (self, NULL);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->restored_jid, sleek_jid_unref);
  self->resumed_pending = FALSE;
  self->resuming = FALSE;
  self->handled = 0;
  self->acked = 0;
  self->since_request = 0;
  while ((stanza = g_queue_pop_head (&self->unacked)) != NULL)
    g_queue_push_tail (&self->lost, stanza);
  while ((stanza = g_queue_pop_head (&self->held)) != NULL)
    g_queue_push_tail (&self->lost, stanza);
  if (self->lost_reason == NULL)
    self->lost_reason = g_error_copy (reason);
}

/* Reports every stanza given up, in the order it was sent, then the
 * refused resumption if that was why. */
static void
report_lost (SleekStreamManagement *self)
{
  GQueue lost = self->lost;
  g_autoptr(GError) reason = g_steal_pointer (&self->lost_reason);
  g_autoptr(GError) resume_error = g_steal_pointer (&self->resume_error);
  SleekStanza *stanza;

  /* Handlers may send again: the queue is already empty. */
  g_queue_init (&self->lost);
  while ((stanza = g_queue_pop_head (&lost)) != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_STANZA_FAILED], 0, stanza, reason);
      g_object_unref (stanza);
    }
  if (resume_error != NULL)
    g_signal_emit (self, signals[SIGNAL_RESUME_FAILED], 0, resume_error);
}

/* Ends the stream management session: every stanza not acknowledged is
 * reported with @reason at once. */
static void
end_session (SleekStreamManagement *self, const GError *reason)
{
  abandon_session (self, reason);
  report_lost (self);
}

/* Acknowledgements */

static gboolean
parse_h (const char *text, guint32 *h, GError **error)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    {
      g_set_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION,
                   _("The server sent an invalid stanza count: %s"), text != NULL ? text : _("(none)"));
      return FALSE;
    }
  *h = (guint32) value;
  return TRUE;
}

/* The server has handled @h of our stanzas: drops them from the queue.
 * With wrap-around, anything more than what is unacknowledged (going
 * backwards included) cannot be right. */
static gboolean
acknowledge (SleekStreamManagement *self, guint32 h, GError **error)
{
  guint32 count = h - self->acked;

  if (count > self->unacked.length)
    {
      g_set_error (error, SLEEK_STREAM_ERROR, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION,
                   _("The server acknowledged stanza %u, but the last stanza sent was %u and the last "
                     "acknowledged %u"), h, (guint32) (self->acked + self->unacked.length), self->acked);
      return FALSE;
    }
  for (guint32 i = 0; i < count; i++)
    {
      g_autoptr(SleekStanza) stanza = g_queue_pop_head (&self->unacked);

      self->acked++;
      g_signal_emit (self, signals[SIGNAL_ACKED], 0, stanza);
    }
  return TRUE;
}

/* The session cannot be trusted any more: its stanzas are reported and
 * the stream ends with <undefined-condition/> (XEP-0198 section 4). */
static void
session_broken (SleekStreamManagement *self, const GError *error)
{
  SleekXmlStream *stream = stream_of (self);

  g_debug ("Stream management failed: %s", error->message);
  abandon_session (self, error);
  if (stream != NULL && sleek_xml_stream_is_connected (stream))
    sleek_xml_stream_close_with_error (stream, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION, error->message);
  /* After the stream error: nothing sent again can go before it. */
  report_lost (self);
}

static gboolean
request_now (gpointer user_data)
{
  sleek_stream_management_request_ack (SLEEK_STREAM_MANAGEMENT (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_ack (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekStreamManagement *self = user_data;
  SleekNode *node = sleek_stanza_get_node (stanza);
  g_autoptr(GError) error = NULL;
  guint32 h;

  if (!self->enabled)
    return;
  if (strcmp (sleek_node_get_name (node), "r") == 0)
    {
      g_autofree char *answer = g_strdup_printf ("<a xmlns='" SLEEK_NS_SM "' h='%u'/>", self->handled);

      if (sleek_xml_stream_can_send (stream))
        sleek_xml_stream_send_raw (stream, answer);
      return;
    }
  if (!parse_h (sleek_node_get_attribute (node, "h"), &h, &error) || !acknowledge (self, h, &error))
    session_broken (self, error);
}

/* Counting */

static void
count_incoming (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekStreamManagement *self = user_data;

  if (self->enabled && is_stanza (stanza))
    self->handled++;
}

static gboolean
hold_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekStreamManagement *self = user_data;

  if (self->id == NULL || !is_stanza (stanza) || (self->enabled && sleek_xml_stream_can_send (stream)))
    return FALSE;
  /* Logged in again, the features after authentication came and we are
   * not resuming: the server did not offer to, and this is binding a new
   * session. Before those features the resumption was not tried yet. */
  if (!self->enabled && !self->resuming && sleek_xml_stream_can_send (stream) &&
      sleek_client_xmpp_is_negotiated (SLEEK_CLIENT_XMPP (stream), "mechanisms") &&
      sleek_client_xmpp_has_features (SLEEK_CLIENT_XMPP (stream)))
    {
      g_autoptr(GError) reason = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND,
                                                      _("The server did not offer to resume the session"));

      abandon_session (self, reason);
      return FALSE;
    }
  /* Waiting to resume, or the connection just failed ("disconnected"
   * comes once it is closed): the stanza goes out after the resumption. */
  g_debug ("Holding a stanza until the session is resumed (%u held)", self->held.length + 1);
  g_queue_push_tail (&self->held, sleek_stanza_copy (stanza));
  return TRUE;
}

static void
written_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekStreamManagement *self = user_data;

  if (!self->enabled || !is_stanza (stanza))
    return;
  g_queue_push_tail (&self->unacked, sleek_stanza_copy (stanza));
  self->since_request++;
  if (self->ack_interval > 0 && self->since_request >= self->ack_interval)
    sleek_stream_management_request_ack (self);
  else if (!sleek_xml_stream_is_scheduled (stream, ACK_TIMER))
    sleek_xml_stream_schedule (stream, ACK_TIMER, self->ack_delay / 1000.0, FALSE, request_now,
                               g_object_ref (self), g_object_unref);
}

static gboolean
covers_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekStreamManagement *self = user_data;

  return self->covering && is_stanza (stanza);
}

static const SleekStanzaHooks stanza_hooks = {
  count_incoming,
  hold_outgoing,
  written_outgoing,
  covers_outgoing,
};

/* The connection */

static void
on_disconnected (SleekXmlStream *stream, const GError *error, gpointer user_data)
{
  SleekStreamManagement *self = user_data;
  g_autoptr(GError) reason = NULL;
  gboolean lost = error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  sleek_xml_stream_unschedule (stream, ACK_TIMER);
  self->covering = FALSE;
  self->since_request = 0;
  self->resumed_pending = FALSE;
  self->resuming = FALSE;
  set_enabled (self, FALSE);
  /* Given up during a login that failed. */
  report_lost (self);
  if (self->id != NULL && lost)
    return;  /* to resume on the next connection */
  if (self->id == NULL && self->unacked.length == 0 && self->held.length == 0)
    {
      self->handled = 0;
      self->acked = 0;
      return;
    }
  if (error != NULL)
    reason = g_error_copy (error);
  else
    reason = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                  _("The stream closed before the server acknowledged the stanza"));
  end_session (self, reason);
}

static void
on_session_started (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  SleekStreamManagement *self = user_data;

  if (!sleek_base_xmpp_get_session_started (SLEEK_BASE_XMPP (object)))
    return;
  /* A new session: what the old one did not deliver is reported first. */
  report_lost (self);
  if (self->resumed_pending)
    {
      self->resumed_pending = FALSE;
      g_signal_emit (self, signals[SIGNAL_RESUMED], 0);
    }
}

/* The features: one resumes before binding, the other enables after. */

#define SLEEK_TYPE_SM_FEATURE (sleek_sm_feature_get_type ())
G_DECLARE_FINAL_TYPE (SleekSmFeature, sleek_sm_feature, SLEEK, SM_FEATURE, SleekStreamFeature)

struct _SleekSmFeature {
  SleekStreamFeature parent_instance;
  SleekStreamManagement *sm;   /* NULL once the plugin ended */
  gboolean resume;
};

G_DEFINE_FINAL_TYPE (SleekSmFeature, sleek_sm_feature, SLEEK_TYPE_STREAM_FEATURE)

static const char * const sm_answers_resume[] = { "resumed", "failed", NULL };
static const char * const sm_answers_enable[] = { "enabled", "failed", NULL };
static const char * const resumed_skip[] = { "bind", "session", "sm", NULL };

/* The error a <failed/> carries, or undefined-condition. */
static GError *
failed_error (SleekNode *failed, gboolean resuming)
{
  SleekStanzaError code = SLEEK_STANZA_ERROR_UNDEFINED_CONDITION;

  for (guint i = 0; i < sleek_node_get_n_children (failed); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (failed, i);

      if (g_strcmp0 (sleek_node_get_namespace (child), "urn:ietf:params:xml:ns:xmpp-stanzas") == 0)
        {
          code = sleek_stanza_error_from_condition (sleek_node_get_name (child));
          break;
        }
    }
  if (resuming)
    return g_error_new (SLEEK_STANZA_ERROR, code, _("The server refused to resume the session: %s"),
                        sleek_stanza_error_to_condition (code));
  return g_error_new (SLEEK_STANZA_ERROR, code, _("The server refused to enable stream management: %s"),
                      sleek_stanza_error_to_condition (code));
}

/* An IQ request, which failed for its sender when the connection was
 * lost. */
static gboolean
is_request (SleekStanza *stanza)
{
  const char *type = sleek_stanza_get_stanza_type (stanza);

  return SLEEK_IS_IQ (stanza) && (g_strcmp0 (type, "get") == 0 || g_strcmp0 (type, "set") == 0);
}

static void
resend_after_resume (SleekStreamManagement *self)
{
  SleekXmlStream *stream = stream_of (self);
  GQueue pending = self->unacked;
  SleekStanza *stanza;

  g_queue_init (&self->unacked);
  /* Requests lost with the connection already failed for their sender
   * (as without stream management), who may have asked again: they do
   * not go out a second time. Those sent while the connection was down
   * are still waited for. */
  for (GList *l = pending.head, *next; l != NULL; l = next)
    {
      next = l->next;
      if (is_request (l->data))
        {
          g_object_unref (l->data);
          g_queue_delete_link (&pending, l);
        }
    }
  while ((stanza = g_queue_pop_head (&self->held)) != NULL)
    g_queue_push_tail (&pending, stanza);
  /* Counted again as they are written, from the server's count on. */
  while ((stanza = g_queue_pop_head (&pending)) != NULL)
    {
      sleek_xml_stream_send_unfiltered (stream, stanza);
      g_object_unref (stanza);
    }
  if (self->unacked.length > 0)
    sleek_stream_management_request_ack (self);
}

/* Takes the server's <resumed/> or <failed/>: FALSE with @error when the
 * session broke (a count that makes no sense). */
static gboolean
take_resume_answer (SleekStreamManagement *self, SleekClientXmpp *client, SleekNode *answer, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  guint32 h = 0;

  self->resuming = FALSE;
  if (strcmp (sleek_node_get_name (answer), "resumed") == 0)
    {
      if (!parse_h (sleek_node_get_attribute (answer, "h"), &h, &local_error) ||
          !acknowledge (self, h, &local_error))
        {
          session_broken (self, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* A session loaded from saved state: this client never bound it. */
      if (self->restored_jid != NULL)
        {
          g_autoptr(SleekJid) jid = g_steal_pointer (&self->restored_jid);

          sleek_base_xmpp_set_bound_jid (SLEEK_BASE_XMPP (client), jid);
        }
      sleek_client_xmpp_resume_session (client, resumed_skip);
      set_enabled (self, TRUE);
      self->covering = TRUE;
      self->resumed_pending = TRUE;
      resend_after_resume (self);
      return TRUE;
    }

  /* <failed/>, perhaps saying what the server did handle. */
  if (sleek_node_get_attribute (answer, "h") != NULL &&
      (!parse_h (sleek_node_get_attribute (answer, "h"), &h, &local_error) ||
       !acknowledge (self, h, &local_error)))
    {
      g_debug ("Ignoring the count in <failed/>: %s", local_error->message);
      g_clear_error (&local_error);
    }
  /* Reported once the fresh session has started. */
  local_error = failed_error (answer, TRUE);
  abandon_session (self, local_error);
  g_clear_error (&self->resume_error);
  self->resume_error = g_steal_pointer (&local_error);
  return TRUE;
}

static void
resume_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekSmFeature *feature = g_task_get_source_object (task);
  SleekStreamManagement *self = feature->sm;
  g_autoptr(SleekNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = sleek_client_xmpp_exchange_finish (SLEEK_CLIENT_XMPP (source), result, &error);
  if (self != NULL)
    self->resuming = FALSE;
  if (answer == NULL || (self != NULL && !take_resume_answer (self, SLEEK_CLIENT_XMPP (source), answer, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Takes the server's <enabled/> or <failed/>. */
static void
take_enable_answer (SleekStreamManagement *self, SleekNode *answer)
{
  const char *resume;

  if (strcmp (sleek_node_get_name (answer), "failed") == 0)
    {
      g_autoptr(GError) error = failed_error (answer, FALSE);

      g_debug ("%s", error->message);
      return;
    }
  resume = sleek_node_get_attribute (answer, "resume");
  self->handled = 0;
  self->acked = 0;
  self->since_request = 0;
  self->covering = TRUE;
  set_id (self, (g_strcmp0 (resume, "true") == 0 || g_strcmp0 (resume, "1") == 0)
                  ? sleek_node_get_attribute (answer, "id") : NULL);
  g_free (self->location);
  self->location = self->id != NULL ? g_strdup (sleek_node_get_attribute (answer, "location")) : NULL;
  set_enabled (self, TRUE);
  g_signal_emit (self, signals[SIGNAL_ENABLED], 0);
}

static void
enable_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekSmFeature *feature = g_task_get_source_object (task);
  SleekStreamManagement *self = feature->sm;
  g_autoptr(SleekNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = sleek_client_xmpp_exchange_finish (SLEEK_CLIENT_XMPP (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self != NULL)
    take_enable_answer (self, answer);
  g_task_return_boolean (task, TRUE);
}

static char *
resume_request (SleekStreamManagement *sm)
{
  sm->resuming = TRUE;
  return g_markup_printf_escaped ("<resume xmlns='" SLEEK_NS_SM "' h='%u' previd='%s'/>", sm->handled, sm->id);
}

static char *
enable_request (SleekStreamManagement *sm)
{
  if (sm->resume && sm->max > 0)
    return g_strdup_printf ("<enable xmlns='" SLEEK_NS_SM "' resume='true' max='%u'/>", sm->max);
  if (sm->resume)
    return g_strdup ("<enable xmlns='" SLEEK_NS_SM "' resume='true'/>");
  return g_strdup ("<enable xmlns='" SLEEK_NS_SM "'/>");
}

static void
sleek_sm_feature_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  SleekSmFeature *self = SLEEK_SM_FEATURE (feature);
  SleekStreamManagement *sm = self->sm;
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  g_autofree char *request = NULL;

  g_task_set_source_tag (task, sleek_sm_feature_negotiate_async);
  /* Nothing to resume, or not yet authenticated (XEP-0198 section 3). */
  if (sm == NULL || (self->resume && (sm->id == NULL || !sleek_client_xmpp_is_negotiated (client, "mechanisms"))) ||
      (!self->resume && sm->enabled))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (self->resume)
    {
      request = resume_request (sm);
      sleek_client_xmpp_exchange_async (client, request, SLEEK_NS_SM, sm_answers_resume, FALSE, cancellable,
                                        resume_answered, task);
      return;
    }
  request = enable_request (sm);
  sleek_client_xmpp_exchange_async (client, request, SLEEK_NS_SM, sm_answers_enable, FALSE, cancellable,
                                    enable_answered, task);
}

static gboolean
sleek_sm_feature_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_sm_feature_class_init (SleekSmFeatureClass *klass)
{
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = sleek_sm_feature_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = sleek_sm_feature_negotiate_finish;
}

static void
sleek_sm_feature_init (SleekSmFeature *self)
{
}

static SleekStreamFeature *
sm_feature_new (SleekStreamManagement *sm, gboolean resume)
{
  /* Resumption replaces binding (order 10000); enabling follows it and
   * the legacy session (10001). */
  SleekSmFeature *self = g_object_new (SLEEK_TYPE_SM_FEATURE, "name", resume ? "sm-resume" : "sm",
                                       "element-name", "sm", "element-namespace", SLEEK_NS_SM,
                                       "order", resume ? 9000 : 10002, "restart", FALSE, NULL);

  self->sm = sm;
  self->resume = resume;
  return SLEEK_STREAM_FEATURE (self);
}

/* SleekPlugin */

static void
sleek_stream_management_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekStreamManagement *self = SLEEK_STREAM_MANAGEMENT (plugin);
  SleekXmlStream *stream = SLEEK_XML_STREAM (xmpp);
  g_autoptr(SleekMatcher) matcher = NULL;

  if (!SLEEK_IS_CLIENT_XMPP (xmpp))
    return;
  self->resume_feature = sm_feature_new (self, TRUE);
  self->enable_feature = sm_feature_new (self, FALSE);
  sleek_client_xmpp_register_feature (SLEEK_CLIENT_XMPP (xmpp), self->resume_feature);
  sleek_client_xmpp_register_feature (SLEEK_CLIENT_XMPP (xmpp), self->enable_feature);
  matcher = sleek_name_matcher_new (SLEEK_NS_SM, (const char * const []) { "r", "a", NULL });
  sleek_plugin_add_handler (plugin, matcher, 0, on_ack, self, NULL);
  sleek_xml_stream_set_stanza_hooks (stream, &stanza_hooks, self);
  g_signal_connect_object (xmpp, "disconnected", G_CALLBACK (on_disconnected), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (xmpp, "notify::session-started", G_CALLBACK (on_session_started), self,
                           G_CONNECT_DEFAULT);
}

static void
drop_feature (SleekClientXmpp *client, SleekStreamFeature **feature)
{
  if (*feature == NULL)
    return;
  SLEEK_SM_FEATURE (*feature)->sm = NULL;
  sleek_client_xmpp_unregister_feature (client, sleek_stream_feature_get_name (*feature));
  g_clear_object (feature);
}

static void
sleek_stream_management_plugin_end (SleekPlugin *plugin)
{
  SleekStreamManagement *self = SLEEK_STREAM_MANAGEMENT (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);
  g_autoptr(GError) reason = NULL;

  if (!SLEEK_IS_CLIENT_XMPP (xmpp))
    return;
  g_signal_handlers_disconnect_by_data (xmpp, self);
  sleek_xml_stream_unschedule (SLEEK_XML_STREAM (xmpp), ACK_TIMER);
  sleek_xml_stream_set_stanza_hooks (SLEEK_XML_STREAM (xmpp), NULL, NULL);
  drop_feature (SLEEK_CLIENT_XMPP (xmpp), &self->resume_feature);
  drop_feature (SLEEK_CLIENT_XMPP (xmpp), &self->enable_feature);
  self->covering = FALSE;
  reason = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                _("Stream management was turned off before the server acknowledged the stanza"));
  end_session (self, reason);
}

/* For the unit tests of wrap-around: the counts of a session just
 * enabled start at @handled and @acked instead of 0. */
void
sleek_stream_management_set_counts (SleekStreamManagement *self, guint32 handled, guint32 acked)
{
  g_return_if_fail (self->unacked.length == 0);
  self->handled = handled;
  self->acked = acked;
}

/* Saved state (sleek-xep-0198-state.c) */

static void
copy_queue (GQueue *queue, GPtrArray *into)
{
  for (GList *l = queue->head; l != NULL; l = l->next)
    g_ptr_array_add (into, sleek_stanza_copy (l->data));
}

gboolean
sleek_stream_management_peek_session (SleekStreamManagement *self, SleekSmSession *session)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  SleekJid *jid = xmpp != NULL ? sleek_base_xmpp_get_bound_jid (xmpp) : NULL;

  if (self->id == NULL)
    return FALSE;
  if (jid == NULL)
    jid = self->restored_jid;
  if (jid == NULL)
    return FALSE;
  session->id = g_strdup (self->id);
  session->location = g_strdup (self->location);
  session->jid = sleek_jid_ref (jid);
  session->handled = self->handled;
  session->acked = self->acked;
  session->unacked = g_ptr_array_new_with_free_func (g_object_unref);
  session->held = g_ptr_array_new_with_free_func (g_object_unref);
  copy_queue (&self->unacked, session->unacked);
  copy_queue (&self->held, session->held);
  return TRUE;
}

gboolean
sleek_stream_management_adopt_session (SleekStreamManagement *self, SleekSmSession *session, GError **error)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (xmpp == NULL || self->resume_feature == NULL)
    {
      g_set_error_literal (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                           _("Stream management is not enabled on a client"));
      return FALSE;
    }
  if (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (xmpp)) || self->enabled || self->id != NULL ||
      self->unacked.length > 0 || self->held.length > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The client has a stream management session already; load saved state "
                             "into a client that has not connected"));
      return FALSE;
    }
  set_id (self, session->id);
  self->location = g_strdup (session->location);
  self->restored_jid = sleek_jid_ref (session->jid);
  self->handled = session->handled;
  self->acked = session->acked;
  for (guint i = 0; i < session->unacked->len; i++)
    g_queue_push_tail (&self->unacked, g_object_ref (g_ptr_array_index (session->unacked, i)));
  for (guint i = 0; i < session->held->len; i++)
    g_queue_push_tail (&self->held, g_object_ref (g_ptr_array_index (session->held, i)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNACKED]);
  return TRUE;
}

/**
 * sleek_stream_management_get_location:
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets where the server prefers the session to be resumed (the
 * `location` of its `<enabled/>`, a host and port), if it said.
 *
 * Returns: (nullable): the location, or %NULL
 */
const char *
sleek_stream_management_get_location (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), NULL);
  return self->location;
}

/* GObject */

static void
sleek_stream_management_finalize (GObject *object)
{
  SleekStreamManagement *self = SLEEK_STREAM_MANAGEMENT (object);

  g_clear_object (&self->resume_feature);
  g_clear_object (&self->enable_feature);
  g_queue_clear_full (&self->unacked, g_object_unref);
  g_queue_clear_full (&self->held, g_object_unref);
  g_queue_clear_full (&self->lost, g_object_unref);
  g_clear_error (&self->lost_reason);
  g_clear_error (&self->resume_error);
  g_free (self->id);
  g_free (self->location);
  g_clear_pointer (&self->restored_jid, sleek_jid_unref);
  G_OBJECT_CLASS (sleek_stream_management_parent_class)->finalize (object);
}

static void
sleek_stream_management_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekStreamManagement *self = SLEEK_STREAM_MANAGEMENT (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_RESUMABLE:
      g_value_set_boolean (value, self->id != NULL);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_HANDLED:
      g_value_set_uint (value, self->handled);
      break;
    case PROP_SENT:
      g_value_set_uint (value, sleek_stream_management_get_sent (self));
      break;
    case PROP_UNACKED:
      g_value_set_uint (value, self->unacked.length);
      break;
    case PROP_RESUME:
      g_value_set_boolean (value, self->resume);
      break;
    case PROP_MAX:
      g_value_set_uint (value, self->max);
      break;
    case PROP_ACK_INTERVAL:
      g_value_set_uint (value, self->ack_interval);
      break;
    case PROP_ACK_DELAY:
      g_value_set_uint (value, self->ack_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stream_management_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekStreamManagement *self = SLEEK_STREAM_MANAGEMENT (object);

  switch (prop_id)
    {
    case PROP_RESUME:
      sleek_stream_management_set_resume (self, g_value_get_boolean (value));
      break;
    case PROP_MAX:
      sleek_stream_management_set_max (self, g_value_get_uint (value));
      break;
    case PROP_ACK_INTERVAL:
      sleek_stream_management_set_ack_interval (self, g_value_get_uint (value));
      break;
    case PROP_ACK_DELAY:
      sleek_stream_management_set_ack_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_stream_management_class_init (SleekStreamManagementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);
  const GParamFlags counter = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags setting = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sleek_stream_management_finalize;
  object_class->get_property = sleek_stream_management_get_property;
  object_class->set_property = sleek_stream_management_set_property;
  plugin_class->plugin_init = sleek_stream_management_plugin_init;
  plugin_class->plugin_end = sleek_stream_management_plugin_end;

  /**
   * SleekStreamManagement:enabled: (getter get_enabled)
   *
   * Whether stream management runs on the current connection: from
   * [signal@Sleek.StreamManagement::enabled] or
   * [signal@Sleek.StreamManagement::resumed] until the connection ends.
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamManagement:resumable: (getter get_resumable)
   *
   * Whether there is a session the server agreed to resume, running or
   * waiting for the next connection.
   */
  properties[PROP_RESUMABLE] =
    g_param_spec_boolean ("resumable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamManagement:id: (getter get_id)
   *
   * The server's identifier of the resumable session, or %NULL.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekStreamManagement:handled: (getter get_handled)
   *
   * How many stanzas were received since stream management was enabled,
   * modulo 2^32. Not notified.
   */
  properties[PROP_HANDLED] = g_param_spec_uint ("handled", NULL, NULL, 0, G_MAXUINT32, 0, counter);
  /**
   * SleekStreamManagement:sent: (getter get_sent)
   *
   * How many stanzas were sent since stream management was enabled,
   * modulo 2^32. Not notified.
   */
  properties[PROP_SENT] = g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT32, 0, counter);
  /**
   * SleekStreamManagement:unacked: (getter get_unacked)
   *
   * How many stanzas sent wait for the server's acknowledgement (or were
   * sent while the connection was down). Not notified.
   */
  properties[PROP_UNACKED] = g_param_spec_uint ("unacked", NULL, NULL, 0, G_MAXUINT, 0, counter);
  /**
   * SleekStreamManagement:resume: (getter get_resume) (setter set_resume)
   *
   * Whether to ask the server to let a lost session be resumed; %TRUE
   * unless set. Applies when stream management is next enabled.
   */
  properties[PROP_RESUME] = g_param_spec_boolean ("resume", NULL, NULL, TRUE, setting);
  /**
   * SleekStreamManagement:max: (getter get_max) (setter set_max)
   *
   * The longest time, in seconds, the server should keep a lost session
   * for resumption; 0 (the default) leaves it to the server.
   */
  properties[PROP_MAX] = g_param_spec_uint ("max", NULL, NULL, 0, G_MAXUINT32, 0, setting);
  /**
   * SleekStreamManagement:ack-interval: (getter get_ack_interval) (setter set_ack_interval)
   *
   * Ask the server for an acknowledgement after this many stanzas; 5
   * unless set, 0 to ask only after
   * [property@Sleek.StreamManagement:ack-delay].
   */
  properties[PROP_ACK_INTERVAL] =
    g_param_spec_uint ("ack-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_ACK_INTERVAL, setting);
  /**
   * SleekStreamManagement:ack-delay: (getter get_ack_delay) (setter set_ack_delay)
   *
   * Milliseconds after a stanza is sent before asking for an
   * acknowledgement, when [property@Sleek.StreamManagement:ack-interval]
   * has not asked already; 1000 unless set.
   */
  properties[PROP_ACK_DELAY] =
    g_param_spec_uint ("ack-delay", NULL, NULL, 0, MAX_ACK_DELAY, DEFAULT_ACK_DELAY, setting);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekStreamManagement::enabled:
   * @self: the plugin
   *
   * The server enabled stream management on a new session.
   */
  signals[SIGNAL_ENABLED] =
    g_signal_new ("enabled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SleekStreamManagement::resumed:
   * @self: the plugin
   *
   * The session lost with the last connection runs again on this one,
   * in place of [signal@Sleek.BaseXmpp::session-start]; the stanzas the
   * server had not acknowledged have been sent again.
   */
  signals[SIGNAL_RESUMED] =
    g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SleekStreamManagement::resume-failed:
   * @self: the plugin
   * @error: why, usually %SLEEK_STANZA_ERROR_ITEM_NOT_FOUND in
   *   %SLEEK_STANZA_ERROR
   *
   * The server refused to resume the lost session. Emitted as the fresh
   * session that replaces it starts, just before
   * [signal@Sleek.BaseXmpp::session-start], after
   * [signal@Sleek.StreamManagement::stanza-failed] for every stanza the
   * server had not acknowledged.
   */
  signals[SIGNAL_RESUME_FAILED] =
    g_signal_new ("resume-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * SleekStreamManagement::acked:
   * @self: the plugin
   * @stanza: a copy of the stanza
   *
   * The server acknowledged that it handled @stanza.
   */
  signals[SIGNAL_ACKED] =
    g_signal_new ("acked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_STANZA);
  /**
   * SleekStreamManagement::stanza-failed:
   * @self: the plugin
   * @stanza: a copy of the stanza
   * @error: why
   *
   * @stanza may not have reached the server, and the plugin will not
   * send it again: the server refused to resume the session, the stream
   * was closed, or stream management broke. The application may send it
   * again.
   */
  signals[SIGNAL_STANZA_FAILED] =
    g_signal_new ("stanza-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SLEEK_TYPE_STANZA, G_TYPE_ERROR);
}

static void
sleek_stream_management_init (SleekStreamManagement *self)
{
  self->resume = TRUE;
  self->ack_interval = DEFAULT_ACK_INTERVAL;
  self->ack_delay = DEFAULT_ACK_DELAY;
}

/* Public API */

/**
 * sleek_stream_management_get_enabled: (get-property enabled)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Checks whether stream management runs on the current connection.
 *
 * Returns: whether it is enabled
 */
gboolean
sleek_stream_management_get_enabled (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), FALSE);
  return self->enabled;
}

/**
 * sleek_stream_management_get_resumable: (get-property resumable)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Checks whether the session can be resumed after a lost connection.
 *
 * Returns: whether it is resumable
 */
gboolean
sleek_stream_management_get_resumable (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), FALSE);
  return self->id != NULL;
}

/**
 * sleek_stream_management_get_id: (get-property id)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets the server's identifier of the resumable session.
 *
 * Returns: (nullable): the identifier
 */
const char *
sleek_stream_management_get_id (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), NULL);
  return self->id;
}

/**
 * sleek_stream_management_get_handled: (get-property handled)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets the count of stanzas received, modulo 2^32.
 *
 * Returns: the count
 */
guint
sleek_stream_management_get_handled (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), 0);
  return self->handled;
}

/**
 * sleek_stream_management_get_sent: (get-property sent)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets the count of stanzas sent, modulo 2^32.
 *
 * Returns: the count
 */
guint
sleek_stream_management_get_sent (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), 0);
  return (guint32) (self->acked + self->unacked.length);
}

/**
 * sleek_stream_management_get_unacked: (get-property unacked)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets the number of stanzas waiting for the server's acknowledgement,
 * those sent while the connection was down included.
 *
 * Returns: the number
 */
guint
sleek_stream_management_get_unacked (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), 0);
  return self->unacked.length + self->held.length;
}

/**
 * sleek_stream_management_dup_unacked_stanzas:
 * @self: a [class@Sleek.StreamManagement]
 *
 * Lists the stanzas waiting for the server's acknowledgement, in the
 * order they were sent.
 *
 * Returns: (transfer full) (element-type SleekStanza): copies of the
 *   stanzas
 */
GPtrArray *
sleek_stream_management_dup_unacked_stanzas (SleekStreamManagement *self)
{
  GPtrArray *stanzas;

  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), NULL);

  stanzas = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = self->unacked.head; l != NULL; l = l->next)
    g_ptr_array_add (stanzas, sleek_stanza_copy (l->data));
  for (GList *l = self->held.head; l != NULL; l = l->next)
    g_ptr_array_add (stanzas, sleek_stanza_copy (l->data));
  return stanzas;
}

static void
set_uint (SleekStreamManagement *self, guint *field, guint value, guint prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * sleek_stream_management_get_resume: (get-property resume)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets whether the plugin asks for resumption.
 *
 * Returns: whether it does
 */
gboolean
sleek_stream_management_get_resume (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), FALSE);
  return self->resume;
}

/**
 * sleek_stream_management_set_resume: (set-property resume)
 * @self: a [class@Sleek.StreamManagement]
 * @resume: whether to ask for resumption
 *
 * Sets [property@Sleek.StreamManagement:resume].
 */
void
sleek_stream_management_set_resume (SleekStreamManagement *self, gboolean resume)
{
  g_return_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self));

  resume = !!resume;
  if (self->resume == resume)
    return;
  self->resume = resume;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUME]);
}

/**
 * sleek_stream_management_get_max: (get-property max)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets the preferred time the server keeps a lost session.
 *
 * Returns: seconds, 0 for the server's choice
 */
guint
sleek_stream_management_get_max (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), 0);
  return self->max;
}

/**
 * sleek_stream_management_set_max: (set-property max)
 * @self: a [class@Sleek.StreamManagement]
 * @seconds: the preferred time, 0 for the server's choice
 *
 * Sets [property@Sleek.StreamManagement:max].
 */
void
sleek_stream_management_set_max (SleekStreamManagement *self, guint seconds)
{
  g_return_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self));

  set_uint (self, &self->max, seconds, PROP_MAX);
}

/**
 * sleek_stream_management_get_ack_interval: (get-property ack-interval)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets after how many stanzas the plugin asks for an acknowledgement.
 *
 * Returns: the number of stanzas, 0 for none
 */
guint
sleek_stream_management_get_ack_interval (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), 0);
  return self->ack_interval;
}

/**
 * sleek_stream_management_set_ack_interval: (set-property ack-interval)
 * @self: a [class@Sleek.StreamManagement]
 * @stanzas: the number of stanzas, 0 to rely on the delay alone
 *
 * Sets [property@Sleek.StreamManagement:ack-interval].
 */
void
sleek_stream_management_set_ack_interval (SleekStreamManagement *self, guint stanzas)
{
  g_return_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self));

  set_uint (self, &self->ack_interval, stanzas, PROP_ACK_INTERVAL);
}

/**
 * sleek_stream_management_get_ack_delay: (get-property ack-delay)
 * @self: a [class@Sleek.StreamManagement]
 *
 * Gets how long after a stanza the plugin asks for an acknowledgement.
 *
 * Returns: milliseconds
 */
guint
sleek_stream_management_get_ack_delay (SleekStreamManagement *self)
{
  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), 0);
  return self->ack_delay;
}

/**
 * sleek_stream_management_set_ack_delay: (set-property ack-delay)
 * @self: a [class@Sleek.StreamManagement]
 * @milliseconds: the delay
 *
 * Sets [property@Sleek.StreamManagement:ack-delay]; applies from the
 * next stanza sent.
 */
void
sleek_stream_management_set_ack_delay (SleekStreamManagement *self, guint milliseconds)
{
  g_return_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self));
  g_return_if_fail (milliseconds <= MAX_ACK_DELAY);

  set_uint (self, &self->ack_delay, milliseconds, PROP_ACK_DELAY);
}

/**
 * sleek_stream_management_request_ack:
 * @self: a [class@Sleek.StreamManagement]
 *
 * Asks the server at once which stanzas it handled, with `<r/>`; its
 * answer raises [signal@Sleek.StreamManagement::acked]. Does nothing
 * unless stream management runs on the current connection.
 */
void
sleek_stream_management_request_ack (SleekStreamManagement *self)
{
  SleekXmlStream *stream;

  g_return_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self));

  stream = stream_of (self);
  if (!self->enabled || stream == NULL || !sleek_xml_stream_can_send (stream))
    return;
  self->since_request = 0;
  sleek_xml_stream_unschedule (stream, ACK_TIMER);
  sleek_xml_stream_send_raw (stream, "<r xmlns='" SLEEK_NS_SM "'/>");
}

/* Inline in SASL2 (XEP-0198 with XEP-0388 and XEP-0386) */

char *
sleek_stream_management_inline_resume (SleekStreamManagement *self)
{
  return self->id != NULL ? resume_request (self) : NULL;
}

char *
sleek_stream_management_inline_enable (SleekStreamManagement *self)
{
  return self->enabled ? NULL : enable_request (self);
}

gboolean
sleek_stream_management_inline_resumed (SleekStreamManagement *self, SleekClientXmpp *client, SleekNode *answer,
                                        GError **error)
{
  return take_resume_answer (self, client, answer, error);
}

void
sleek_stream_management_inline_enabled (SleekStreamManagement *self, SleekNode *answer)
{
  take_enable_answer (self, answer);
}
