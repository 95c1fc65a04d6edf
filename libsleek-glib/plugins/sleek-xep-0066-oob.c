/* sleek-xep-0066-oob.c: XEP-0066 Out of Band Data
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0066-oob.h"

/* ------------------------------------------------------------------ */
/* The stanza plugins                                                 */
/* ------------------------------------------------------------------ */

/**
 * SleekOobData:
 *
 * The `<x xmlns='jabber:x:oob'/>` child of a message or a presence,
 * reached as its `oob` plugin once the `xep_0066` plugin type is
 * registered (or with [method@Sleek.Stanza.get_oob_data]). It points to a
 * file or a page elsewhere: its `url` and an optional description,
 * `desc`.
 */
struct _SleekOobData
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekOobData, sleek_oob_data, SLEEK_TYPE_STANZA)

static void
sleek_oob_data_class_init (SleekOobDataClass *klass)
{
}

static void
sleek_oob_data_init (SleekOobData *self)
{
}

/**
 * SleekOobQuery:
 *
 * The `<query xmlns='jabber:iq:oob'/>` of a XEP-0066 transfer request,
 * reached as the `oob_transfer` plugin of an [class@Sleek.Iq]: the `url`
 * the receiver is asked to fetch, an optional description (`desc`) and an
 * optional session id (the `sid` attribute).
 */
struct _SleekOobQuery
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekOobQuery, sleek_oob_query, SLEEK_TYPE_STANZA)

static void
sleek_oob_query_class_init (SleekOobQueryClass *klass)
{
}

static void
sleek_oob_query_init (SleekOobQuery *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_OOB_DATA, "x", SLEEK_NS_OOB, "oob");
  sleek_stanza_type_add_key (SLEEK_TYPE_OOB_DATA, "url", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (SLEEK_TYPE_OOB_DATA, "desc", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, SLEEK_TYPE_OOB_DATA);
  sleek_stanza_register_plugin (SLEEK_TYPE_PRESENCE, SLEEK_TYPE_OOB_DATA);

  sleek_stanza_type_set_element (SLEEK_TYPE_OOB_QUERY, "query", SLEEK_NS_OOB_IQ, "oob_transfer");
  sleek_stanza_type_add_key (SLEEK_TYPE_OOB_QUERY, "url", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (SLEEK_TYPE_OOB_QUERY, "desc", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (SLEEK_TYPE_OOB_QUERY, "sid", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_OOB_QUERY);
}

/* Empty text reads as none. */
static const char *
get_text_key (SleekStanza *stanza, const char *key)
{
  const char *value = sleek_stanza_get_string (stanza, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * sleek_oob_data_get_url:
 * @self: a [class@Sleek.OobData]
 *
 * Reads `<url/>`, the address the data can be fetched from.
 *
 * Returns: (nullable): the URL, or %NULL when there is none
 */
const char *
sleek_oob_data_get_url (SleekOobData *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_DATA (self), NULL);

  return get_text_key (SLEEK_STANZA (self), "url");
}

/**
 * sleek_oob_data_set_url:
 * @self: a [class@Sleek.OobData]
 * @url: (nullable): the address of the data, or %NULL to remove `<url/>`
 *
 * Sets `<url/>`.
 */
void
sleek_oob_data_set_url (SleekOobData *self, const char *url)
{
  g_return_if_fail (SLEEK_IS_OOB_DATA (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "url", url);
}

/**
 * sleek_oob_data_get_desc:
 * @self: a [class@Sleek.OobData]
 *
 * Reads `<desc/>`, a description of the data.
 *
 * Returns: (nullable): the description, or %NULL when there is none
 */
const char *
sleek_oob_data_get_desc (SleekOobData *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_DATA (self), NULL);

  return get_text_key (SLEEK_STANZA (self), "desc");
}

/**
 * sleek_oob_data_set_desc:
 * @self: a [class@Sleek.OobData]
 * @desc: (nullable): a description, or %NULL to remove `<desc/>`
 *
 * Sets `<desc/>`.
 */
void
sleek_oob_data_set_desc (SleekOobData *self, const char *desc)
{
  g_return_if_fail (SLEEK_IS_OOB_DATA (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "desc", desc);
}

/**
 * sleek_stanza_get_oob_data:
 * @stanza: a [class@Sleek.Message] or [class@Sleek.Presence]
 * @create: whether to add an empty `<x/>` when there is none
 *
 * Finds the XEP-0066 `<x xmlns='jabber:x:oob'/>` of @stanza, as its `oob`
 * plugin. The `xep_0066` plugin type registers that plugin; this makes
 * sure it is.
 *
 * Returns: (transfer none) (nullable): the data, or %NULL when @stanza
 *   carries none and @create is %FALSE, or is neither a message nor a
 *   presence
 */
SleekOobData *
sleek_stanza_get_oob_data (SleekStanza *stanza, gboolean create)
{
  SleekStanza *oob;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_OUT_OF_BAND_DATA));
  oob = sleek_stanza_get_plugin (stanza, "oob", create);
  return oob != NULL && SLEEK_IS_OOB_DATA (oob) ? SLEEK_OOB_DATA (oob) : NULL;
}

/**
 * sleek_oob_query_get_url:
 * @self: a [class@Sleek.OobQuery]
 *
 * Reads `<url/>`, the address the receiver is asked to fetch.
 *
 * Returns: (nullable): the URL, or %NULL when there is none
 */
const char *
sleek_oob_query_get_url (SleekOobQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_QUERY (self), NULL);

  return get_text_key (SLEEK_STANZA (self), "url");
}

/**
 * sleek_oob_query_set_url:
 * @self: a [class@Sleek.OobQuery]
 * @url: (nullable): the address, or %NULL to remove `<url/>`
 *
 * Sets `<url/>`.
 */
void
sleek_oob_query_set_url (SleekOobQuery *self, const char *url)
{
  g_return_if_fail (SLEEK_IS_OOB_QUERY (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "url", url);
}

/**
 * sleek_oob_query_get_desc:
 * @self: a [class@Sleek.OobQuery]
 *
 * Reads `<desc/>`, a description of the file.
 *
 * Returns: (nullable): the description, or %NULL when there is none
 */
const char *
sleek_oob_query_get_desc (SleekOobQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_QUERY (self), NULL);

  return get_text_key (SLEEK_STANZA (self), "desc");
}

/**
 * sleek_oob_query_set_desc:
 * @self: a [class@Sleek.OobQuery]
 * @desc: (nullable): a description, or %NULL to remove `<desc/>`
 *
 * Sets `<desc/>`.
 */
void
sleek_oob_query_set_desc (SleekOobQuery *self, const char *desc)
{
  g_return_if_fail (SLEEK_IS_OOB_QUERY (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "desc", desc);
}

/**
 * sleek_oob_query_get_sid:
 * @self: a [class@Sleek.OobQuery]
 *
 * Reads the `sid` attribute, which ties the request to a session the two
 * sides negotiated before.
 *
 * Returns: (nullable): the session id, or %NULL when there is none
 */
const char *
sleek_oob_query_get_sid (SleekOobQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_QUERY (self), NULL);

  return sleek_stanza_get_string (SLEEK_STANZA (self), "sid");
}

/**
 * sleek_oob_query_set_sid:
 * @self: a [class@Sleek.OobQuery]
 * @sid: (nullable): a session id, or %NULL to remove the attribute
 *
 * Sets the `sid` attribute.
 */
void
sleek_oob_query_set_sid (SleekOobQuery *self, const char *sid)
{
  g_return_if_fail (SLEEK_IS_OOB_QUERY (self));

  sleek_stanza_set_string (SLEEK_STANZA (self), "sid", sid);
}

/* ------------------------------------------------------------------ */
/* A request received                                                 */
/* ------------------------------------------------------------------ */

/**
 * SleekOobRequest:
 *
 * A XEP-0066 transfer request another entity sent us, handed to
 * [signal@Sleek.OutOfBandData::transfer-requested]; answer it once with
 * [method@Sleek.OutOfBandData.answer].
 */
struct _SleekOobRequest
{
  GObject parent_instance;

  SleekIq *iq;
  SleekOobQuery *query;
  gboolean answered;
};

G_DEFINE_FINAL_TYPE (SleekOobRequest, sleek_oob_request, G_TYPE_OBJECT)

static void
sleek_oob_request_finalize (GObject *object)
{
  SleekOobRequest *self = SLEEK_OOB_REQUEST (object);

  g_clear_object (&self->query);
  g_clear_object (&self->iq);

  G_OBJECT_CLASS (sleek_oob_request_parent_class)->finalize (object);
}

static void
sleek_oob_request_class_init (SleekOobRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_oob_request_finalize;
}

static void
sleek_oob_request_init (SleekOobRequest *self)
{
}

/**
 * sleek_oob_request_get_from:
 * @self: a [class@Sleek.OobRequest]
 *
 * Tells who sent the request.
 *
 * Returns: (transfer none) (nullable): the sender, or %NULL when the
 *   request came without a `from` (from our own server)
 */
SleekJid *
sleek_oob_request_get_from (SleekOobRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_REQUEST (self), NULL);

  return sleek_stanza_get_from (SLEEK_STANZA (self->iq));
}

/**
 * sleek_oob_request_get_url:
 * @self: a [class@Sleek.OobRequest]
 *
 * Gives the address we are asked to fetch.
 *
 * Returns: the URL
 */
const char *
sleek_oob_request_get_url (SleekOobRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_REQUEST (self), NULL);

  return sleek_oob_query_get_url (self->query);
}

/**
 * sleek_oob_request_get_desc:
 * @self: a [class@Sleek.OobRequest]
 *
 * Gives the description of the file.
 *
 * Returns: (nullable): the description, or %NULL when there is none
 */
const char *
sleek_oob_request_get_desc (SleekOobRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_REQUEST (self), NULL);

  return sleek_oob_query_get_desc (self->query);
}

/**
 * sleek_oob_request_get_sid:
 * @self: a [class@Sleek.OobRequest]
 *
 * Gives the session id of the request.
 *
 * Returns: (nullable): the session id, or %NULL when there is none
 */
const char *
sleek_oob_request_get_sid (SleekOobRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_REQUEST (self), NULL);

  return sleek_oob_query_get_sid (self->query);
}

/**
 * sleek_oob_request_is_answered:
 * @self: a [class@Sleek.OobRequest]
 *
 * Tells whether the request has been answered.
 *
 * Returns: %TRUE once [method@Sleek.OutOfBandData.answer] answered it
 */
gboolean
sleek_oob_request_is_answered (SleekOobRequest *self)
{
  g_return_val_if_fail (SLEEK_IS_OOB_REQUEST (self), TRUE);

  return self->answered;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekOutOfBandData:
 *
 * The `xep_0066` plugin: XEP-0066 Out of Band Data.
 *
 * Its type registers the `oob` stanza plugin ([class@Sleek.OobData]) on
 * messages and presences, which point to data elsewhere, and the
 * `oob_transfer` one ([class@Sleek.OobQuery]) on iqs. Once enabled, it
 * advertises `jabber:iq:oob` and `jabber:x:oob` through the `xep_0030`
 * plugin it depends on, asks other entities to fetch a file with
 * [method@Sleek.OutOfBandData.send_oob_async], and hands the requests it
 * receives to [signal@Sleek.OutOfBandData::transfer-requested]:
 *
 * ```c
 * static gboolean
 * on_transfer_requested (SleekOutOfBandData *oob, SleekOobRequest *request, gpointer data)
 * {
 *   gboolean fetched = fetch (sleek_oob_request_get_url (request));
 *
 *   sleek_out_of_band_data_answer (oob, request, fetched, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND, NULL);
 *   return TRUE;
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0066", &error);
 * oob = SLEEK_OUT_OF_BAND_DATA (sleek_base_xmpp_get_plugin (xmpp, "xep_0066"));
 * g_signal_connect (oob, "transfer-requested", G_CALLBACK (on_transfer_requested), NULL);
 * ```
 *
 * A request no handler takes is refused with `<not-acceptable/>`.
 */
struct _SleekOutOfBandData
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekOutOfBandData, sleek_out_of_band_data, SLEEK_TYPE_PLUGIN)

enum {
  SIGNAL_TRANSFER_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
send_error_reply (SleekXmlStream *stream, SleekStanza *iq, SleekStanzaError condition)
{
  g_autoptr(GError) error = g_error_new_literal (SLEEK_STANZA_ERROR, condition,
                                                 sleek_stanza_error_to_condition (condition));
  g_autoptr(SleekStanza) reply = sleek_stanza_make_error_reply (iq, error);

  sleek_xml_stream_send (stream, reply);
}

static void
on_transfer_request (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekOutOfBandData *self = user_data;
  g_autoptr(SleekOobRequest) request = NULL;
  SleekStanza *query;
  gboolean handled = FALSE;

  if (!SLEEK_IS_IQ (stanza))
    return;
  query = sleek_stanza_get_plugin (stanza, "oob_transfer", FALSE);
  if (query == NULL || !SLEEK_IS_OOB_QUERY (query) || sleek_oob_query_get_url (SLEEK_OOB_QUERY (query)) == NULL)
    {
      send_error_reply (stream, stanza, SLEEK_STANZA_ERROR_BAD_REQUEST);
      return;
    }

  request = g_object_new (SLEEK_TYPE_OOB_REQUEST, NULL);
  request->iq = SLEEK_IQ (g_object_ref (stanza));
  request->query = SLEEK_OOB_QUERY (g_object_ref (query));
  g_signal_emit (self, signals[SIGNAL_TRANSFER_REQUESTED], 0, request, &handled);
  if (!handled && !request->answered)
    {
      request->answered = TRUE;
      send_error_reply (stream, stanza, SLEEK_STANZA_ERROR_NOT_ACCEPTABLE);
    }
}

static void
sleek_out_of_band_data_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  g_autoptr(SleekMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;

  matcher = sleek_matcher_new_xml_mask ("<iq type='set'><query xmlns='" SLEEK_NS_OOB_IQ "'/></iq>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, matcher, SLEEK_HANDLER_NONE, on_transfer_request, plugin, NULL);
  sleek_plugin_advertise (plugin, SLEEK_NS_OOB_IQ);
  sleek_plugin_advertise (plugin, SLEEK_NS_OOB);
}

static void
sleek_out_of_band_data_plugin_end (SleekPlugin *plugin)
{
  /* The handler goes with the plugin. */
  sleek_plugin_withdraw (plugin, SLEEK_NS_OOB_IQ);
  sleek_plugin_withdraw (plugin, SLEEK_NS_OOB);
}

static void
sleek_out_of_band_data_class_init (SleekOutOfBandDataClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_out_of_band_data_plugin_init;
  plugin_class->plugin_end = sleek_out_of_band_data_plugin_end;

  /**
   * SleekOutOfBandData::transfer-requested:
   * @self: the plugin
   * @request: the request: who sent it, the URL, the description
   *
   * Another entity asks us to fetch a file. A handler that takes the
   * request returns %TRUE and answers it, now or later, with
   * [method@Sleek.OutOfBandData.answer]; one that returns %FALSE leaves it
   * to the next handler. A request nobody takes is refused with
   * `<not-acceptable/>`.
   *
   * Returns: %TRUE when the handler takes the request
   */
  signals[SIGNAL_TRANSFER_REQUESTED] =
    g_signal_new ("transfer-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1, SLEEK_TYPE_OOB_REQUEST);

  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_out_of_band_data_init (SleekOutOfBandData *self)
{
}

/**
 * sleek_out_of_band_data_answer:
 * @self: the enabled [class@Sleek.OutOfBandData] that received @request
 * @request: the request to answer
 * @success: %TRUE when the file was fetched
 * @condition: when @success is %FALSE, why not: per XEP-0066,
 *   %SLEEK_STANZA_ERROR_NOT_ACCEPTABLE when the transfer is refused,
 *   %SLEEK_STANZA_ERROR_ITEM_NOT_FOUND when the file could not be
 *   fetched; ignored on success
 * @error: return location for an error
 *
 * Answers a request received through
 * [signal@Sleek.OutOfBandData::transfer-requested]: an empty result on
 * success, an error reply otherwise.
 *
 * Returns: %TRUE when the answer was sent, %FALSE with @error set when
 *   the request was answered already (%G_IO_ERROR_INVALID_ARGUMENT) or
 *   the plugin is no longer enabled (%SLEEK_PLUGIN_ERROR_FAILED)
 */
gboolean
sleek_out_of_band_data_answer (SleekOutOfBandData *self, SleekOobRequest *request, gboolean success,
                               SleekStanzaError condition, GError **error)
{
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekStanza) reply = NULL;

  g_return_val_if_fail (SLEEK_IS_OUT_OF_BAND_DATA (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_OOB_REQUEST (request), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (request->answered)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The transfer request has been answered already"));
      return FALSE;
    }
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  if (xmpp == NULL)
    {
      g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED, _("The plugin “%s” is not enabled"),
                   sleek_plugin_get_name (SLEEK_PLUGIN (self)));
      return FALSE;
    }

  request->answered = TRUE;
  if (!success)
    {
      send_error_reply (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (request->iq), condition);
      return TRUE;
    }
  reply = sleek_stanza_reply (SLEEK_STANZA (request->iq), TRUE);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), reply);
  return TRUE;
}

static void
on_oob_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sleek_out_of_band_data_send_oob_async:
 * @self: an enabled [class@Sleek.OutOfBandData]
 * @jid: the entity to ask, usually a full JID
 * @url: the address of the file it should fetch
 * @desc: (nullable): a description of the file
 * @timeout_ms: how long to wait for the answer, in milliseconds; 0 for
 *   [property@Sleek.BaseXmpp:iq-timeout]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks @jid to fetch the file at @url, with a `jabber:iq:oob` request.
 * The answer comes once the receiver has fetched it or given up, which
 * may take long: give a @timeout_ms to match.
 */
void
sleek_out_of_band_data_send_oob_async (SleekOutOfBandData *self, SleekJid *jid, const char *url, const char *desc,
                                       guint timeout_ms, GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekIq) iq = NULL;
  g_autoptr(SleekNode) payload = NULL;
  g_autoptr(SleekStanza) query = NULL;
  SleekBaseXmpp *xmpp;

  g_return_if_fail (SLEEK_IS_OUT_OF_BAND_DATA (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_out_of_band_data_send_oob_async);
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  if (xmpp == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED, _("The plugin “%s” is not enabled"),
                               sleek_plugin_get_name (SLEEK_PLUGIN (self)));
      return;
    }

  iq = sleek_iq_new ("set");
  sleek_stanza_set_to (SLEEK_STANZA (iq), jid);
  payload = sleek_node_new ("query", SLEEK_NS_OOB_IQ);
  sleek_iq_set_payload (iq, payload);
  query = g_object_ref (sleek_stanza_get_plugin (SLEEK_STANZA (iq), "oob_transfer", FALSE));
  g_assert (SLEEK_IS_OOB_QUERY (query));
  sleek_oob_query_set_url (SLEEK_OOB_QUERY (query), url);
  if (desc != NULL)
    sleek_oob_query_set_desc (SLEEK_OOB_QUERY (query), desc);
  sleek_base_xmpp_send_iq_async (xmpp, iq, timeout_ms, cancellable, on_oob_answer, g_steal_pointer (&task));
}

/**
 * sleek_out_of_band_data_send_oob_finish:
 * @self: a [class@Sleek.OutOfBandData]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   entity answered (%SLEEK_STANZA_ERROR_NOT_ACCEPTABLE when it refused
 *   the transfer, %SLEEK_STANZA_ERROR_ITEM_NOT_FOUND when it could not
 *   fetch the file), %G_IO_ERROR_TIMED_OUT when no answer came in time, or
 *   another reason the answer did not come
 *
 * Finishes [method@Sleek.OutOfBandData.send_oob_async].
 *
 * Returns: %TRUE when the entity fetched the file
 */
gboolean
sleek_out_of_band_data_send_oob_finish (SleekOutOfBandData *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_out_of_band_data_send_oob_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
