/* sleek-xep-0198-state.c: the state of a stream management session,
 * saved as bytes and loaded into another client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bytes are a serialised GVariant of type (suv): a magic string, the
 * format version and the state, whose type the version fixes. Version 1:
 * (sssuuasas), the session id, the location ("" for none), the full JID
 * bound, the count of stanzas received, the count of ours the server
 * acknowledged, the stanzas sent after those and the stanzas waiting for
 * the resumption (each one's XML).
 */
#include "config.h"

#include "sleek-xep-0198-stream-management-private.h"

#include <string.h>

#define STATE_MAGIC "sleek-glib/xep-0198"
#define STATE_VERSION 1
#define STATE_TYPE "(suv)"
#define STATE_V1_TYPE "(sssuuasas)"

void
sleek_sm_session_clear (SleekSmSession *session)
{
  g_clear_pointer (&session->id, g_free);
  g_clear_pointer (&session->location, g_free);
  g_clear_pointer (&session->jid, sleek_jid_unref);
  g_clear_pointer (&session->unacked, g_ptr_array_unref);
  g_clear_pointer (&session->held, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SleekSmSession, sleek_sm_session_clear)

static GVariant *
stanzas_to_variant (GPtrArray *stanzas)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_STRING_ARRAY);
  for (guint i = 0; i < stanzas->len; i++)
    {
      g_autofree char *xml = sleek_node_to_string (sleek_stanza_get_node (g_ptr_array_index (stanzas, i)));

      g_variant_builder_add (&builder, "s", xml);
    }
  return g_variant_builder_end (&builder);
}

/**
 * sleek_stream_management_save_state:
 * @self: a [class@Sleek.StreamManagement]
 * @error: return location for an error: %G_IO_ERROR_NOT_FOUND when there
 *   is no resumable session
 *
 * Saves the resumable session as bytes another client, in this process
 * or another one, gives to [method@Sleek.StreamManagement.load_state] to
 * resume it: the session id and location, the JID bound, both stanza
 * counts, the stanzas the server did not acknowledge and those waiting
 * for the resumption.
 *
 * Save the state once the connection is lost, or when the application is
 * about to be suspended or to exit without closing the stream (a closed
 * stream ends the session); after that, this client must not resume the
 * session too: drop it with [method@Sleek.XmlStream.abort]. The bytes
 * hold the stanzas in clear text; keep them as private as the messages.
 *
 * The format is versioned: a later version of the library reads it, or
 * refuses it with a clear error.
 *
 * Returns: (transfer full): the state, or %NULL with @error set
 */
GBytes *
sleek_stream_management_save_state (SleekStreamManagement *self, GError **error)
{
  g_auto(SleekSmSession) session = { 0 };
  g_autoptr(GVariant) state = NULL;

  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sleek_stream_management_peek_session (self, &session))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is no resumable stream management session to save"));
      return NULL;
    }
  state = g_variant_new (STATE_TYPE, STATE_MAGIC, (guint32) STATE_VERSION,
                         g_variant_new ("(sssuu@as@as)", session.id, session.location != NULL ? session.location : "",
                                        sleek_jid_to_string (session.jid), session.handled, session.acked,
                                        stanzas_to_variant (session.unacked), stanzas_to_variant (session.held)));
  return g_variant_get_data_as_bytes (g_variant_ref_sink (state));
}

static gboolean
invalid (GError **error, const char *reason)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Invalid stream management state: %s"), reason);
  return FALSE;
}

/* Parses the XML of a stanza saved in state. */
static SleekStanza *
stanza_from_state (const char *xml, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SleekStanza) stanza = sleek_stanza_parse (xml, &local_error);
  SleekNode *node;
  const char *name;

  if (stanza == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Invalid stream management state: %s"),
                   local_error->message);
      return NULL;
    }
  node = sleek_stanza_get_node (stanza);
  name = sleek_node_get_name (node);
  if (g_strcmp0 (sleek_node_get_namespace (node), SLEEK_NS_CLIENT) != 0 ||
      (strcmp (name, "message") != 0 && strcmp (name, "presence") != 0 && strcmp (name, "iq") != 0))
    {
      invalid (error, _("a saved stanza is not a message, presence or IQ"));
      return NULL;
    }
  return g_steal_pointer (&stanza);
}

static GPtrArray *
stanzas_from_state (GVariant *array, GError **error)
{
  g_autoptr(GPtrArray) stanzas = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  const char *xml;

  g_variant_iter_init (&iter, array);
  while (g_variant_iter_next (&iter, "&s", &xml))
    {
      SleekStanza *stanza = stanza_from_state (xml, error);

      if (stanza == NULL)
        return NULL;
      g_ptr_array_add (stanzas, stanza);
    }
  return g_steal_pointer (&stanzas);
}

/* Reads version 1 of the state into @session. */
static gboolean
parse_state (GBytes *bytes, SleekSmSession *session, GError **error)
{
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) inner = NULL;
  g_autoptr(GVariant) unacked = NULL;
  g_autoptr(GVariant) held = NULL;
  const char *magic, *id, *location, *jid;
  guint32 version;

  if (g_bytes_get_size (bytes) == 0)
    return invalid (error, _("it is empty"));
  state = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (STATE_TYPE), bytes, FALSE));
  /* Bytes from anywhere: only the normal form is trusted to hold what
   * its type says. */
  if (!g_variant_is_normal_form (state))
    return invalid (error, _("the data is corrupt"));
  g_variant_get (state, "(&suv)", &magic, &version, &inner);
  if (strcmp (magic, STATE_MAGIC) != 0)
    return invalid (error, _("this is not the state of a stream management session"));
  if (version != STATE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The stream management state is in format version %u; this library reads version %u"),
                   version, STATE_VERSION);
      return FALSE;
    }
  if (!g_variant_is_of_type (inner, G_VARIANT_TYPE (STATE_V1_TYPE)))
    return invalid (error, _("the data is corrupt"));
  g_variant_get (inner, "(&s&s&suu@as@as)", &id, &location, &jid, &session->handled, &session->acked,
                 &unacked, &held);
  if (*id == '\0')
    return invalid (error, _("the session id is empty"));
  session->jid = sleek_jid_new (jid, NULL);
  if (session->jid == NULL || sleek_jid_get_resource (session->jid) == NULL)
    return invalid (error, _("the bound JID is not a full JID"));
  session->id = g_strdup (id);
  session->location = *location != '\0' ? g_strdup (location) : NULL;
  if ((session->unacked = stanzas_from_state (unacked, error)) == NULL ||
      (session->held = stanzas_from_state (held, error)) == NULL)
    return FALSE;
  return TRUE;
}

/**
 * sleek_stream_management_load_state:
 * @self: a [class@Sleek.StreamManagement] enabled on a
 *   [class@Sleek.ClientXmpp] that has not connected yet
 * @state: bytes from [method@Sleek.StreamManagement.save_state]
 * @error: return location for an error: %G_IO_ERROR_INVALID_DATA when
 *   @state is not valid saved state, %G_IO_ERROR_NOT_SUPPORTED when it is
 *   in a format version this library does not read,
 *   %G_IO_ERROR_INVALID_ARGUMENT when it belongs to another account,
 *   %G_IO_ERROR_BUSY when the client has connected or has a session of
 *   its own, %SLEEK_PLUGIN_ERROR_FAILED when the plugin is not enabled on
 *   a client
 *
 * Loads a session saved by [method@Sleek.StreamManagement.save_state],
 * by this process or another one: the next connection of the client
 * resumes it, with the JID it had, instead of binding a new resource.
 * Once resumed, the stanzas the server had not acknowledged go out again
 * (IQ requests excepted, whose answers the saving client can no longer
 * take), then those that were waiting, and
 * [signal@Sleek.StreamManagement::resumed] is emitted; if the server
 * refuses, a new session starts and each of those stanzas is reported
 * through [signal@Sleek.StreamManagement::stanza-failed], as for a
 * session of this client's own.
 *
 * Nothing changes when loading fails.
 *
 * Returns: whether the state was loaded
 */
gboolean
sleek_stream_management_load_state (SleekStreamManagement *self, GBytes *state, GError **error)
{
  g_auto(SleekSmSession) session = { 0 };
  SleekBaseXmpp *xmpp;
  SleekJid *account;

  g_return_val_if_fail (SLEEK_IS_STREAM_MANAGEMENT (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_state (state, &session, error))
    return FALSE;
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  account = xmpp != NULL ? sleek_base_xmpp_get_jid (xmpp) : NULL;
  if (account != NULL && g_strcmp0 (sleek_jid_get_bare (account), sleek_jid_get_bare (session.jid)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The stream management state is that of %s, not of %s"),
                   sleek_jid_get_bare (session.jid), sleek_jid_get_bare (account));
      return FALSE;
    }
  return sleek_stream_management_adopt_session (self, &session, error);
}
