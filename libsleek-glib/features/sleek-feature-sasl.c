/* sleek-feature-sasl.c: SASL authentication (RFC 6120 section 6)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"
#include "sasl/sleek-sasl-private.h"

#include <string.h>

#define SLEEK_TYPE_FEATURE_SASL (sleek_feature_sasl_get_type ())
G_DECLARE_FINAL_TYPE (SleekFeatureSasl, sleek_feature_sasl, SLEEK, FEATURE_SASL, SleekStreamFeature)

struct _SleekFeatureSasl {
  SleekStreamFeature parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekFeatureSasl, sleek_feature_sasl, SLEEK_TYPE_STREAM_FEATURE)

typedef struct {
  SleekClientXmpp *client;
  SleekSaslMechanism *mechanism;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->client);
  g_clear_object (&run->mechanism);
  g_free (run);
}

static const char * const sasl_replies[] = { "challenge", "success", "failure", NULL };

/* The error of a <failure/>: RFC 6120's, or XEP-0388's whose <text/> is
 * in the SASL2 namespace and may carry more than the condition. */
GError *
sleek_sasl_error_from_failure (SleekNode *failure)
{
  const char *condition = NULL;
  const char *text = NULL;
  SleekSaslError code = SLEEK_SASL_ERROR_NOT_AUTHORIZED;

  for (guint i = 0; i < sleek_node_get_n_children (failure); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (failure, i);

      if (g_strcmp0 (sleek_node_get_name (child), "text") == 0 &&
          (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_SASL) == 0 ||
           g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_SASL2) == 0))
        text = sleek_node_get_text (child);
      else if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_SASL) != 0)
        continue;
      else if (condition == NULL)
        condition = sleek_node_get_name (child);
    }
  if (condition != NULL)
    code = sleek_sasl_error_from_condition (condition);

  if (text != NULL)
    return g_error_new (SLEEK_SASL_ERROR, code, _("Authentication failed (%s): %s"),
                        condition != NULL ? condition : "failure", text);
  return g_error_new (SLEEK_SASL_ERROR, code, _("Authentication failed (%s)"),
                      condition != NULL ? condition : "failure");
}

/* The text of a <challenge/> or <success/>: base64 with white space
 * around it, "=" or nothing for no data. The base64 must be whole (RFC
 * 6120 section 6.4.2 refers to RFC 4648 section 4): groups of four
 * characters, '=' only as the one or two last ones. GLib's decoder would
 * take anything else without a word and return bytes nobody sent. */
GBytes *
sleek_sasl_decode_payload (const char *text, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize text_len;
  gsize len = 0;
  guchar *data;

  if (*trimmed == '\0' || strcmp (trimmed, "=") == 0)
    return g_bytes_new (NULL, 0);
  text_len = strlen (trimmed);
  for (gsize i = 0; i < text_len; i++)
    {
      char c = trimmed[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      /* '=' as the last character, or as one of the last two. */
      if (c == '=' && (i == text_len - 1 || (i == text_len - 2 && trimmed[i + 1] == '=')))
        continue;
      text_len = 0;
      break;
    }
  if (text_len == 0 || text_len % 4 != 0)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INCORRECT_ENCODING,
                           _("The server sent SASL data that is not base64"));
      return NULL;
    }
  data = g_base64_decode (trimmed, &len);
  return g_bytes_new_take (data, len);
}

char *
sleek_sasl_encode_payload (GBytes *bytes)
{
  gsize len = 0;
  const guchar *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (len == 0)
    return g_strdup ("=");
  return g_base64_encode (data, len);
}

static void reply_received (GObject *source, GAsyncResult *result, gpointer user_data);

static void
send_and_wait (GTask *task, const char *raw)
{
  Run *run = g_task_get_task_data (task);

  sleek_client_xmpp_exchange_async (run->client, raw, SLEEK_NS_SASL, sasl_replies, FALSE,
                                    g_task_get_cancellable (task), reply_received, task);
}

static void
step_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr(GBytes) response = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *raw = NULL;
  GError *error = NULL;

  response = sleek_sasl_mechanism_step_finish (SLEEK_SASL_MECHANISM (source), result, &error);
  if (error != NULL)
    {
      /* Tell the server we give up, then fail with our reason. */
      Run *run = g_task_get_task_data (task);

      sleek_xml_stream_send_raw (SLEEK_XML_STREAM (run->client), "<abort xmlns='" SLEEK_NS_SASL "'/>");
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  encoded = sleek_sasl_encode_payload (response);
  raw = g_strdup_printf ("<response xmlns='" SLEEK_NS_SASL "'>%s</response>", encoded);
  send_and_wait (task, raw);
}

static void
reply_received (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(SleekNode) reply = NULL;
  g_autoptr(GBytes) data = NULL;
  GError *error = NULL;

  reply = sleek_client_xmpp_exchange_finish (run->client, result, &error);
  if (reply == NULL)
    goto fail;

  if (sleek_node_is (reply, "failure", SLEEK_NS_SASL))
    {
      error = sleek_sasl_error_from_failure (reply);
      goto fail;
    }
  if ((data = sleek_sasl_decode_payload (sleek_node_get_text (reply), &error)) == NULL)
    goto fail;

  if (sleek_node_is (reply, "challenge", SLEEK_NS_SASL))
    {
      sleek_sasl_mechanism_step_async (run->mechanism, data, g_task_get_cancellable (task), step_done, task);
      return;
    }

  /* <success/>: the server must also prove itself, where the mechanism
   * can tell (SCRAM's server signature). */
  if (!sleek_sasl_mechanism_verify_success (run->mechanism, g_bytes_get_size (data) > 0 ? data : NULL, &error))
    goto fail;
  sleek_client_xmpp_set_sasl_mechanism (run->client, run->mechanism);
  sleek_client_xmpp_restart_stream (run->client, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return;

fail:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
start_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) initial = NULL;
  g_autofree char *raw = NULL;
  GError *error = NULL;

  initial = sleek_sasl_mechanism_start_finish (SLEEK_SASL_MECHANISM (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (initial != NULL)
    {
      g_autofree char *encoded = sleek_sasl_encode_payload (initial);

      raw = g_strdup_printf ("<auth xmlns='" SLEEK_NS_SASL "' mechanism='%s'>%s</auth>",
                             sleek_sasl_mechanism_get_name (run->mechanism), encoded);
    }
  else
    raw = g_strdup_printf ("<auth xmlns='" SLEEK_NS_SASL "' mechanism='%s'/>",
                           sleek_sasl_mechanism_get_name (run->mechanism));
  send_and_wait (task, raw);
}

#define NS_SASL_CB "urn:xmpp:sasl-cb:0"

/* XEP-0440: the channel binding types the server names beside its
 * mechanisms, or NULL when it names none. */
static GStrv
advertised_bindings (SleekClientXmpp *client)
{
  SleekNode *features = sleek_client_xmpp_get_offered_features (client);
  SleekNode *list = features != NULL ? sleek_node_get_child (features, "sasl-channel-binding", NS_SASL_CB) : NULL;
  g_autoptr(GStrvBuilder) types = NULL;

  if (list == NULL)
    return NULL;
  types = g_strv_builder_new ();
  for (guint i = 0; i < sleek_node_get_n_children (list); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (list, i);
      const char *type = sleek_node_get_attribute (child, "type");

      if (sleek_node_is (child, "channel-binding", NS_SASL_CB) && type != NULL)
        g_strv_builder_add (types, type);
    }
  return g_strv_builder_end (types);
}

/* The mechanism to log in with, of those @offer lists as <mechanism/>
 * children in @ns: RFC 6120's <mechanisms/> or XEP-0388's
 * <authentication/>. Set up with the client's credentials and channel
 * binding (XEP-0440). */
SleekSaslMechanism *
sleek_feature_sasl_new_mechanism (SleekClientXmpp *client, SleekNode *offer, const char *ns, GError **error)
{
  g_autoptr(GPtrArray) offered = g_ptr_array_new_with_free_func (g_free);
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (client));
  const char *password = sleek_client_xmpp_get_password (client);
  SleekSaslChoiceFlags flags = SLEEK_SASL_CHOICE_NONE;
  GBytes *client_key = NULL, *server_key = NULL, *salt = NULL;
  guint iterations = 0;
  gboolean have_keys;
  const char *scram_family = NULL;
  SleekSaslMechanism *mechanism;
  GTlsConnection *tls = sleek_client_xmpp_get_tls_connection (client);
  g_auto(GStrv) bindings = advertised_bindings (client);
  SleekSaslChannelBinding binding = SLEEK_SASL_CHANNEL_BINDING_AUTO;
  gboolean server_plus = FALSE;
  gboolean can_bind = TRUE;

  have_keys = sleek_client_xmpp_get_scram_keys (client, &client_key, &server_key, &salt, &iterations);
  if (have_keys)
    {
      /* Keys fit one hash: its length tells which. */
      gsize size = g_bytes_get_size (client_key);

      scram_family = size == 20 ? "SCRAM-SHA-1" : size == 32 ? "SCRAM-SHA-256" : size == 64 ? "SCRAM-SHA-512" : NULL;
    }
  for (guint i = 0; i < sleek_node_get_n_children (offer); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (offer, i);
      const char *name = sleek_node_get_text (child);
      g_autofree char *trimmed = NULL;

      if (!sleek_node_is (child, "mechanism", ns) || name == NULL)
        continue;
      trimmed = g_strstrip (g_strdup (name));
      if (g_str_has_suffix (trimmed, "-PLUS"))
        server_plus = TRUE;
      /* With stored keys and no password, only their own SCRAM will do. */
      if (have_keys && password == NULL && scram_family != NULL &&
          g_strcmp0 (trimmed, scram_family) != 0 && !(g_str_has_prefix (trimmed, scram_family) &&
                                                       g_str_equal (trimmed + strlen (scram_family), "-PLUS")))
        continue;
      g_ptr_array_add (offered, g_steal_pointer (&trimmed));
    }

  /* Told which bindings the server implements (XEP-0440), the client binds
   * with one of them. With none it can produce, a -PLUS mechanism would
   * fail: the client takes an unbound one and says "n", as it cannot bind
   * with this server (not "y", which the server would take for a
   * downgrade). Untold, it goes by the TLS version (RFC 9266). */
  if (bindings != NULL && tls != NULL)
    {
      can_bind = sleek_sasl_channel_binding_pick (tls, (const char * const *) bindings, &binding);
      if (!can_bind)
        {
          for (guint i = offered->len; i > 0; i--)
            if (g_str_has_suffix (g_ptr_array_index (offered, i - 1), "-PLUS"))
              g_ptr_array_remove_index (offered, i - 1);
        }
    }
  g_ptr_array_add (offered, NULL);

  if (password != NULL || have_keys)
    flags |= SLEEK_SASL_CHOICE_HAVE_PASSWORD;
  if (sleek_client_xmpp_get_allow_plaintext (client))
    flags |= SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT;
  /* A wss:// transport encrypts the stream without a TLS connection of
   * ours: the password is safe, but there is nothing to bind to. */
  if (tls == NULL && sleek_client_xmpp_get_transport_secure (client))
    flags |= SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT;
  mechanism = sleek_sasl_mechanism_new_for_offer ((const char * const *) offered->pdata, tls, flags, error);
  if (mechanism == NULL)
    return NULL;
  if (tls == NULL && sleek_client_xmpp_get_transport_secure (client))
    sleek_sasl_mechanism_set_server_offers_plus (mechanism, FALSE);   /* GS2 "n": we cannot bind */
  else if (!can_bind)
    sleek_sasl_mechanism_set_server_offers_plus (mechanism, server_plus);
  else if (binding != SLEEK_SASL_CHANNEL_BINDING_AUTO)
    sleek_sasl_mechanism_set_channel_binding_type (mechanism, binding);
  if (jid != NULL && sleek_jid_get_local (jid) != NULL)
    sleek_sasl_mechanism_set_username (mechanism, sleek_jid_get_local (jid));
  if (password != NULL)
    sleek_sasl_mechanism_set_password (mechanism, password);
  if (have_keys && SLEEK_IS_SASL_SCRAM (mechanism))
    sleek_sasl_scram_set_keys (SLEEK_SASL_SCRAM (mechanism), client_key, server_key, salt, iterations);
  return mechanism;
}

static void
sleek_feature_sasl_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, sleek_feature_sasl_negotiate_async);
  run->client = g_object_ref (client);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run->mechanism = sleek_feature_sasl_new_mechanism (client, offer, SLEEK_NS_SASL, &error);
  if (run->mechanism == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  sleek_sasl_mechanism_start_async (run->mechanism, cancellable, start_done, task);
}

static gboolean
sleek_feature_sasl_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_feature_sasl_class_init (SleekFeatureSaslClass *klass)
{
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = sleek_feature_sasl_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = sleek_feature_sasl_negotiate_finish;
}

static void
sleek_feature_sasl_init (SleekFeatureSasl *self)
{
}

SleekStreamFeature *
sleek_feature_sasl_new (void)
{
  return g_object_new (SLEEK_TYPE_FEATURE_SASL, "name", "mechanisms", "element-name", "mechanisms",
                       "element-namespace", SLEEK_NS_SASL, "order", 100, "restart", TRUE, NULL);
}
