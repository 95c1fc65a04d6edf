/* sleek-feature-sasl2.c: the Extensible SASL Profile (XEP-0388) with Bind2
 * (XEP-0386), FAST tokens (XEP-0484) and inline stream management
 * (XEP-0198)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One <authenticate/> carries the SASL initial response, the user agent,
 * the resource binding (with carbons, client state and stream management
 * enabled along), a session to resume, and a FAST token request; the
 * server's <success/> answers all of them, and the stream goes on without
 * a restart: the server sends its features for the logged-in stream next.
 * The mechanisms are those of RFC 6120 SASL (sleek-feature-sasl.c), and the
 * HT ones of FAST when a token is stored. Of the tasks a server may ask for
 * after the mechanism (<continue/>), the SCRAM upgrades of XEP-0480 are
 * implemented (sasl2_tasks[]).
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"
#include "sleek-base-xmpp-private.h"
#include "sasl/sleek-sasl-private.h"
#include "plugins/sleek-inline-private.h"

#include <string.h>

#define SLEEK_TYPE_FEATURE_SASL2 (sleek_feature_sasl2_get_type ())
G_DECLARE_FINAL_TYPE (SleekFeatureSasl2, sleek_feature_sasl2, SLEEK, FEATURE_SASL2, SleekStreamFeature)

struct _SleekFeatureSasl2 {
  SleekStreamFeature parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekFeatureSasl2, sleek_feature_sasl2, SLEEK_TYPE_STREAM_FEATURE)

#define NS_UPGRADE "urn:xmpp:sasl:upgrade:0"
#define NS_SCRAM_UPGRADE "urn:xmpp:scram-upgrade:0"

typedef struct _Sasl2Task Sasl2Task;

typedef struct {
  SleekClientXmpp *client;
  SleekNode *offer;               /* <authentication/> */
  SleekSaslMechanism *mechanism;
  gboolean with_token;            /* logging in with the FAST token */
  char *token_request;            /* the HT mechanism asked a token for */
  gboolean bind2;                 /* what went inline */
  gboolean resume;
  gboolean sm_enable;
  gboolean carbons;
  gboolean csi;
  gboolean verified;              /* the mechanism checked the server */
  const Sasl2Task *task;          /* the task under way, and its name */
  char *task_name;
} Run;

/* The tasks a server may ask for in <continue/> (XEP-0388 section 2.6.3),
 * by name or name prefix. @usable says whether the client can perform the
 * task @name now (the client also asks for such upgrade tasks, XEP-0480);
 * @data_async answers one <task-data/> of the server with the content of
 * the client's, which @data_finish returns. */
struct _Sasl2Task {
  const char *prefix;
  gboolean  (*usable)      (Run                 *run,
                            const char          *name);
  void      (*data_async)  (Run                 *run,
                            const char          *name,
                            SleekNode           *data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  char *    (*data_finish) (GAsyncResult        *result,
                            GError             **error);
};

/* XEP-0480 SCRAM upgrade: the server sends the salt and iteration count
 * for the SCRAM mechanism in the task's name, the client its
 * SaltedPassword. */
static gboolean
scram_upgrade_usable (Run *run, const char *name)
{
  const char *target = name + strlen ("UPGR-");

  /* Only with the password; never to what this login already uses. */
  return sleek_client_xmpp_get_password (run->client) != NULL && !run->with_token &&
         !g_str_has_suffix (name, "-PLUS") &&
         !g_str_has_prefix (sleek_sasl_mechanism_get_name (run->mechanism), target);
}

static void
scram_upgrade_derived (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) salted = sleek_sasl_scram_salted_password_finish (result, &error);
  g_autofree char *encoded = NULL;

  if (salted == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  encoded = g_base64_encode (g_bytes_get_data (salted, NULL), g_bytes_get_size (salted));
  g_task_return_pointer (task, g_strdup_printf ("<hash xmlns='" NS_SCRAM_UPGRADE "'>%s</hash>", encoded), g_free);
  sleek_sasl_wipe (encoded, strlen (encoded));
}

static void
scram_upgrade_data_async (Run *run, const char *name, SleekNode *data, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SleekNode *salt_node = sleek_node_get_child (data, "salt", NS_SCRAM_UPGRADE);
  const char *iterations_text = salt_node != NULL ? sleek_node_get_attribute (salt_node, "iterations") : NULL;
  g_autoptr(GBytes) salt = NULL;
  guint64 iterations = 0;
  GError *error = NULL;

  g_task_set_source_tag (task, scram_upgrade_data_async);
  if (salt_node == NULL || iterations_text == NULL ||
      !g_ascii_string_to_unsigned (iterations_text, 10, 1, G_MAXUINT, &iterations, NULL))
    {
      g_task_return_new_error (task, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                               _("The server sent no valid salt and iteration count for %s"), name);
      g_object_unref (task);
      return;
    }
  if ((salt = sleek_sasl_decode_payload (sleek_node_get_text (salt_node), &error)) == NULL ||
      g_bytes_get_size (salt) == 0)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                               _("The server sent no valid salt and iteration count for %s"), name);
      g_object_unref (task);
      return;
    }
  sleek_sasl_scram_salted_password_async (name + strlen ("UPGR-"), sleek_client_xmpp_get_password (run->client),
                                          salt, (guint) iterations, cancellable, scram_upgrade_derived, task);
}

static char *
scram_upgrade_data_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const Sasl2Task sasl2_tasks[] = {
  { "UPGR-SCRAM-", scram_upgrade_usable, scram_upgrade_data_async, scram_upgrade_data_finish },
};

static const Sasl2Task *
find_task (Run *run, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sasl2_tasks); i++)
    if (name != NULL && g_str_has_prefix (name, sasl2_tasks[i].prefix) && sasl2_tasks[i].usable (run, name))
      return &sasl2_tasks[i];
  return NULL;
}

static void
run_free (Run *run)
{
  g_clear_object (&run->client);
  g_clear_pointer (&run->offer, sleek_node_unref);
  g_clear_object (&run->mechanism);
  g_free (run->token_request);
  g_free (run->task_name);
  g_free (run);
}

static const char * const sasl2_replies[] = { "challenge", "success", "failure", "continue", "task-data", NULL };

/* The <inline/> child @name in @ns of the server's offer. */
static SleekNode *
offered_inline (Run *run, const char *name, const char *ns)
{
  SleekNode *inline_node = sleek_node_get_child (run->offer, "inline", SLEEK_NS_SASL2);

  return inline_node != NULL ? sleek_node_get_child (inline_node, name, ns) : NULL;
}

/* Whether Bind2's offer lists @var among the features it enables inline. */
static gboolean
bind2_offers (SleekNode *bind, const char *var)
{
  SleekNode *list = sleek_node_get_child (bind, "inline", SLEEK_NS_BIND2);

  for (guint i = 0; list != NULL && i < sleek_node_get_n_children (list); i++)
    {
      SleekNode *feature = sleek_node_get_nth_child (list, i);

      if (sleek_node_is (feature, "feature", SLEEK_NS_BIND2) &&
          g_strcmp0 (sleek_node_get_attribute (feature, "var"), var) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The mechanisms of an offer's <fast/>, or NULL. A token is as good as
 * the password, and anyone who reads it on the stream can replay it: FAST
 * only over an encrypted stream (XEP-0484 section 6), unless plaintext is
 * allowed for loopback tests. */
static GStrv
fast_mechanisms (Run *run)
{
  SleekNode *fast = offered_inline (run, "fast", SLEEK_NS_FAST);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (fast == NULL || (sleek_client_xmpp_get_tls_connection (run->client) == NULL &&
                       !sleek_client_xmpp_get_allow_plaintext (run->client)))
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < sleek_node_get_n_children (fast); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (fast, i);

      if (sleek_node_is (child, "mechanism", SLEEK_NS_FAST) && sleek_node_get_text (child) != NULL)
        {
          g_autofree char *name = g_strstrip (g_strdup (sleek_node_get_text (child)));

          g_strv_builder_add (builder, name);
        }
    }
  return g_strv_builder_end (builder);
}

static void
fail (GTask *task, GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void reply_received (GObject *source, GAsyncResult *result, gpointer user_data);

static void
send_and_wait (GTask *task, const char *raw)
{
  Run *run = g_task_get_task_data (task);

  sleek_client_xmpp_exchange_async (run->client, raw, SLEEK_NS_SASL2, sasl2_replies, FALSE,
                                    g_task_get_cancellable (task), reply_received, task);
}

/* What goes inline with Bind2, and <resume/>: appended to @request. */
static void
add_inline (Run *run, GString *request)
{
  SleekBaseXmpp *xmpp = SLEEK_BASE_XMPP (run->client);
  SleekPlugin *sm = sleek_base_xmpp_get_plugin (xmpp, "xep_0198");
  SleekPlugin *carbons = sleek_base_xmpp_get_plugin (xmpp, "xep_0280");
  SleekPlugin *csi = sleek_base_xmpp_get_plugin (xmpp, "xep_0352");
  SleekNode *bind = offered_inline (run, "bind", SLEEK_NS_BIND2);
  g_autofree char *tag = NULL;

  /* XEP-0198 offers <sm/> inline; XEP-0480's example says <resume/>. */
  if (sm != NULL && (offered_inline (run, "sm", SLEEK_NS_SM) != NULL ||
                     offered_inline (run, "resume", SLEEK_NS_SM) != NULL))
    {
      g_autofree char *resume = sleek_stream_management_inline_resume (SLEEK_STREAM_MANAGEMENT (sm));

      if (resume != NULL)
        {
          g_string_append (request, resume);
          run->resume = TRUE;
        }
    }
  if (bind == NULL)
    return;

  run->bind2 = TRUE;
  g_object_get (run->client, "bind2-tag", &tag, NULL);
  g_string_append (request, "<bind xmlns='" SLEEK_NS_BIND2 "'>");
  if (tag != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (tag, -1);

      g_string_append_printf (request, "<tag>%s</tag>", escaped);
    }
  if (carbons != NULL && bind2_offers (bind, SLEEK_NS_CARBONS))
    {
      g_string_append (request, "<enable xmlns='" SLEEK_NS_CARBONS "'/>");
      run->carbons = TRUE;
    }
  if (csi != NULL && bind2_offers (bind, SLEEK_NS_CSI))
    {
      g_string_append (request, sleek_client_state_indication_inline_state (SLEEK_CLIENT_STATE_INDICATION (csi)));
      run->csi = TRUE;
    }
  if (sm != NULL && bind2_offers (bind, SLEEK_NS_SM))
    {
      g_autofree char *enable = sleek_stream_management_inline_enable (SLEEK_STREAM_MANAGEMENT (sm));

      if (enable != NULL)
        {
          g_string_append (request, enable);
          run->sm_enable = TRUE;
        }
    }
  g_string_append (request, "</bind>");
}

/* XEP-0480: the upgrades the server offers and the client can do. */
static void
add_upgrades (Run *run, GString *request)
{
  for (guint i = 0; i < sleek_node_get_n_children (run->offer); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (run->offer, i);
      g_autofree char *name = NULL;
      g_autofree char *escaped = NULL;

      if (!sleek_node_is (child, "upgrade", NS_UPGRADE) || sleek_node_get_text (child) == NULL)
        continue;
      name = g_strstrip (g_strdup (sleek_node_get_text (child)));
      if (find_task (run, name) == NULL)
        continue;
      escaped = g_markup_escape_text (name, -1);
      g_string_append_printf (request, "<upgrade xmlns='" NS_UPGRADE "'>%s</upgrade>", escaped);
    }
}

static void
start_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) initial = NULL;
  g_autoptr(GString) request = NULL;
  g_autofree char *software = NULL;
  g_autofree char *device = NULL;
  gboolean invalidate = FALSE;
  GError *error = NULL;

  initial = sleek_sasl_mechanism_start_finish (SLEEK_SASL_MECHANISM (source), result, &error);
  if (error != NULL)
    {
      fail (task, error);
      return;
    }
  g_object_get (run->client, "user-agent-software", &software, "user-agent-device", &device,
                "fast-invalidate", &invalidate, NULL);

  request = g_string_new (NULL);
  g_string_append_printf (request, "<authenticate xmlns='" SLEEK_NS_SASL2 "' mechanism='%s'>",
                          sleek_sasl_mechanism_get_name (run->mechanism));
  if (initial != NULL)
    {
      g_autofree char *encoded = sleek_sasl_encode_payload (initial);

      g_string_append_printf (request, "<initial-response>%s</initial-response>", encoded);
    }
  {
    g_autofree char *id = g_markup_escape_text (sleek_client_xmpp_get_user_agent_id (run->client), -1);

    g_string_append_printf (request, "<user-agent id='%s'>", id);
  }
  if (software != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (software, -1);

      g_string_append_printf (request, "<software>%s</software>", escaped);
    }
  if (device != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (device, -1);

      g_string_append_printf (request, "<device>%s</device>", escaped);
    }
  g_string_append (request, "</user-agent>");
  add_inline (run, request);
  add_upgrades (run, request);

  if (run->with_token)
    g_string_append_printf (request, "<fast xmlns='" SLEEK_NS_FAST "' count='%u'%s/>",
                            sleek_client_xmpp_next_fast_count (run->client),
                            invalidate ? " invalidate='true'" : "");
  else if (!invalidate)
    {
      g_auto(GStrv) offered = fast_mechanisms (run);

      run->token_request = sleek_sasl_ht_choose ((const char * const *) offered,
                                                 sleek_client_xmpp_get_tls_connection (run->client));
      if (run->token_request != NULL)
        g_string_append_printf (request, "<request-token xmlns='" SLEEK_NS_FAST "' mechanism='%s'/>",
                                run->token_request);
    }
  g_string_append (request, "</authenticate>");
  send_and_wait (task, request->str);
}

static void
begin (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (run->client));
  const char *token = sleek_client_xmpp_get_fast_token (run->client);
  const char *token_mechanism = sleek_client_xmpp_get_fast_mechanism (run->client);
  GDateTime *expiry = sleek_client_xmpp_get_fast_token_expiry (run->client);
  g_auto(GStrv) fast = fast_mechanisms (run);
  GError *error = NULL;

  g_clear_object (&run->mechanism);
  g_clear_pointer (&run->token_request, g_free);
  run->bind2 = run->resume = run->sm_enable = run->carbons = run->csi = run->verified = FALSE;
  run->task = NULL;
  g_clear_pointer (&run->task_name, g_free);

  if (token != NULL && expiry != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (g_date_time_compare (expiry, now) <= 0)
        {
          g_debug ("The FAST token expired: logging in with the password");
          sleek_client_xmpp_fast_token_received (run->client, NULL, NULL, NULL);
          token = NULL;
        }
    }
  run->with_token = FALSE;
  if (token != NULL && fast != NULL && g_strv_contains ((const char * const *) fast, token_mechanism))
    {
      run->mechanism = sleek_sasl_ht_new (token_mechanism, jid != NULL ? sleek_jid_get_local (jid) : NULL, token,
                                          sleek_client_xmpp_get_tls_connection (run->client));
      run->with_token = run->mechanism != NULL;
    }
  if (run->mechanism == NULL)
    run->mechanism = sleek_feature_sasl_new_mechanism (run->client, run->offer, SLEEK_NS_SASL2, &error);
  if (run->mechanism == NULL)
    {
      fail (task, error);
      return;
    }
  sleek_sasl_mechanism_start_async (run->mechanism, g_task_get_cancellable (task), start_done, task);
}

static void
step_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) response = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *raw = NULL;
  GError *error = NULL;

  response = sleek_sasl_mechanism_step_finish (SLEEK_SASL_MECHANISM (source), result, &error);
  if (error != NULL)
    {
      sleek_xml_stream_send_raw (SLEEK_XML_STREAM (run->client), "<abort xmlns='" SLEEK_NS_SASL2 "'/>");
      fail (task, error);
      return;
    }
  encoded = sleek_sasl_encode_payload (response);
  raw = g_strdup_printf ("<response xmlns='" SLEEK_NS_SASL2 "'>%s</response>", encoded);
  send_and_wait (task, raw);
}

/* The mechanism's check of the server's additional data, where the reply
 * carries some. */
static gboolean
verify (Run *run, SleekNode *reply, GError **error)
{
  SleekNode *additional = sleek_node_get_child (reply, "additional-data", SLEEK_NS_SASL2);
  g_autoptr(GBytes) data = NULL;

  /* After a task, the data is the task's. */
  if (run->verified)
    return TRUE;
  run->verified = TRUE;
  if (additional != NULL && (data = sleek_sasl_decode_payload (sleek_node_get_text (additional), error)) == NULL)
    return FALSE;
  return sleek_sasl_mechanism_verify_success (run->mechanism,
                                              data != NULL && g_bytes_get_size (data) > 0 ? data : NULL, error);
}

/* <token/> (XEP-0484): a new token for the next logins. */
static gboolean
take_token (Run *run, SleekNode *token, GError **error)
{
  const char *secret = sleek_node_get_attribute (token, "token");
  const char *expiry_text = sleek_node_get_attribute (token, "expiry");
  g_autoptr(GDateTime) expiry = NULL;

  if (secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The server sent a FAST token without the token"));
      return FALSE;
    }
  if (expiry_text != NULL && (expiry = g_date_time_new_from_iso8601 (expiry_text, NULL)) == NULL)
    {
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                   _("The server sent a FAST token with an invalid expiry: %s"), expiry_text);
      return FALSE;
    }
  /* A token asked for is for that mechanism; one the server rotated on its
   * own is for the mechanism in use. */
  sleek_client_xmpp_fast_token_received (run->client, secret,
                                         run->token_request != NULL ? run->token_request
                                                                    : sleek_sasl_mechanism_get_name (run->mechanism),
                                         expiry);
  return TRUE;
}

static gboolean
take_success (Run *run, SleekNode *success, GError **error)
{
  SleekBaseXmpp *xmpp = SLEEK_BASE_XMPP (run->client);
  const char *authzid = sleek_node_get_child_text (success, "authorization-identifier", SLEEK_NS_SASL2);
  SleekNode *bound = sleek_node_get_child (success, "bound", SLEEK_NS_BIND2);
  SleekNode *resumed = sleek_node_get_child (success, "resumed", SLEEK_NS_SM);
  SleekNode *resume_failed = sleek_node_get_child (success, "failed", SLEEK_NS_SM);
  SleekNode *token = sleek_node_get_child (success, "token", SLEEK_NS_FAST);
  SleekPlugin *sm = sleek_base_xmpp_get_plugin (xmpp, "xep_0198");
  g_autoptr(GPtrArray) skip = g_ptr_array_new ();
  g_autoptr(SleekJid) jid = NULL;
  gboolean invalidate = FALSE;

  if (!verify (run, success, error))
    return FALSE;
  /* XEP-0386's examples spell it <authorization-identity/>. */
  if (authzid == NULL)
    authzid = sleek_node_get_child_text (success, "authorization-identity", SLEEK_NS_SASL2);
  if (authzid != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if ((jid = sleek_jid_new (authzid, &local_error)) == NULL)
        {
          g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                       _("The server authorized an invalid JID: %s"), local_error->message);
          return FALSE;
        }
    }
  g_object_get (run->client, "fast-invalidate", &invalidate, NULL);
  if (token != NULL && !take_token (run, token, error))
    return FALSE;
  if (run->with_token && invalidate)
    sleek_client_xmpp_fast_token_received (run->client, NULL, NULL, NULL);

  g_ptr_array_add (skip, "mechanisms");
  if (run->resume && sm != NULL)
    {
      g_autoptr(SleekNode) ignored = NULL;
      SleekNode *answer = resumed != NULL ? resumed : resume_failed;

      /* A server that says nothing of the <resume/> did not resume. */
      if (answer == NULL)
        answer = ignored = sleek_node_new ("failed", SLEEK_NS_SM);
      if (!sleek_stream_management_inline_resumed (SLEEK_STREAM_MANAGEMENT (sm), run->client, answer, error))
        return FALSE;
    }
  if (resumed != NULL)
    g_ptr_array_add (skip, "sm-resume");
  else if (run->bind2 && bound != NULL)
    {
      SleekNode *enabled = sleek_node_get_child (bound, "enabled", SLEEK_NS_SM);
      SleekNode *failed = sleek_node_get_child (bound, "failed", SLEEK_NS_SM);

      if (jid == NULL || sleek_jid_get_resource (jid) == NULL)
        {
          g_set_error_literal (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED,
                               _("The server bound a resource but did not say which"));
          return FALSE;
        }
      sleek_base_xmpp_set_bound_jid (xmpp, jid);
      g_ptr_array_add (skip, "bind");
      g_ptr_array_add (skip, "session");
      g_ptr_array_add (skip, "sm-resume");
      if (run->carbons)
        sleek_carbons_inline_enabled (SLEEK_CARBONS (sleek_base_xmpp_get_plugin (xmpp, "xep_0280")));
      if (run->csi)
        g_ptr_array_add (skip, "csi");
      /* Without an answer, <enable/> goes out the RFC 6120 way next. */
      if (run->sm_enable && sm != NULL && (enabled != NULL || failed != NULL))
        {
          sleek_stream_management_inline_enabled (SLEEK_STREAM_MANAGEMENT (sm), enabled != NULL ? enabled : failed);
          g_ptr_array_add (skip, "sm");
        }
    }
  else if (run->bind2)
    /* XEP-0386: no <bound/> means no binding; the client binds as RFC
     * 6120 says if the server offers it. */
    g_debug ("The server did not bind with Bind2: binding the RFC 6120 way");
  g_ptr_array_add (skip, NULL);

  sleek_client_xmpp_set_sasl_mechanism (run->client, run->mechanism);
  sleek_client_xmpp_authenticated_inline (run->client, (const char * const *) skip->pdata);
  return TRUE;
}

/* <continue/>: the server wants tasks done (XEP-0388 section 2.6.3). The
 * first one the client can do is chosen; FALSE with @error when there is
 * none. */
static gboolean
take_continue (Run *run, SleekNode *reply, GError **error)
{
  SleekNode *tasks = sleek_node_get_child (reply, "tasks", SLEEK_NS_SASL2);
  g_autoptr(GString) names = g_string_new (NULL);

  if (!verify (run, reply, error))
    return FALSE;
  g_clear_pointer (&run->task_name, g_free);
  run->task = NULL;
  for (guint i = 0; tasks != NULL && i < sleek_node_get_n_children (tasks); i++)
    {
      SleekNode *task = sleek_node_get_nth_child (tasks, i);
      g_autofree char *name = NULL;

      if (!sleek_node_is (task, "task", SLEEK_NS_SASL2) || sleek_node_get_text (task) == NULL)
        continue;
      name = g_strstrip (g_strdup (sleek_node_get_text (task)));
      if ((run->task = find_task (run, name)) != NULL)
        {
          run->task_name = g_steal_pointer (&name);
          return TRUE;
        }
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", name);
    }
  if (names->len == 0)
    g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                         _("The server asked to continue the login but named no task"));
  else
    g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_UNSUPPORTED_TASK,
                 _("The server asks for login tasks this client does not support: %s"), names->str);
  return FALSE;
}

static void
task_data_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autofree char *content = NULL;
  g_autofree char *raw = NULL;
  GError *error = NULL;

  content = run->task->data_finish (result, &error);
  if (content == NULL)
    {
      sleek_xml_stream_send_raw (SLEEK_XML_STREAM (run->client), "<abort xmlns='" SLEEK_NS_SASL2 "'/>");
      fail (task, error);
      return;
    }
  raw = g_strdup_printf ("<task-data xmlns='" SLEEK_NS_SASL2 "'>%s</task-data>", content);
  sleek_sasl_wipe (content, strlen (content));
  send_and_wait (task, raw);
  sleek_sasl_wipe (raw, strlen (raw));
}

static void
reply_received (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(SleekNode) reply = NULL;
  GError *error = NULL;

  reply = sleek_client_xmpp_exchange_finish (run->client, result, &error);
  if (reply == NULL)
    {
      fail (task, error);
      return;
    }

  if (sleek_node_is (reply, "challenge", SLEEK_NS_SASL2))
    {
      g_autoptr(GBytes) data = sleek_sasl_decode_payload (sleek_node_get_text (reply), &error);

      if (data == NULL)
        {
          sleek_xml_stream_send_raw (SLEEK_XML_STREAM (run->client), "<abort xmlns='" SLEEK_NS_SASL2 "'/>");
          fail (task, error);
          return;
        }
      sleek_sasl_mechanism_step_async (run->mechanism, data, g_task_get_cancellable (task), step_done, task);
      return;
    }

  if (sleek_node_is (reply, "failure", SLEEK_NS_SASL2))
    {
      error = sleek_sasl_error_from_failure (reply);
      if (run->with_token)
        {
          /* The token is wrong or expired: it is gone, and the password
           * (if any) may still log in, on the same stream. */
          g_debug ("The server refused the FAST token: %s", error->message);
          sleek_client_xmpp_fast_token_received (run->client, NULL, NULL, NULL);
          if (sleek_client_xmpp_get_password (run->client) != NULL)
            {
              g_clear_error (&error);
              begin (task);
              return;
            }
        }
      fail (task, error);
      return;
    }

  if (sleek_node_is (reply, "continue", SLEEK_NS_SASL2))
    {
      g_autofree char *escaped = NULL;
      g_autofree char *next = NULL;

      if (!take_continue (run, reply, &error))
        {
          sleek_xml_stream_send_raw (SLEEK_XML_STREAM (run->client), "<abort xmlns='" SLEEK_NS_SASL2 "'/>");
          fail (task, error);
          return;
        }
      escaped = g_markup_escape_text (run->task_name, -1);
      next = g_strdup_printf ("<next xmlns='" SLEEK_NS_SASL2 "' task='%s'/>", escaped);
      send_and_wait (task, next);
      return;
    }

  if (sleek_node_is (reply, "task-data", SLEEK_NS_SASL2))
    {
      if (run->task == NULL)
        {
          sleek_xml_stream_send_raw (SLEEK_XML_STREAM (run->client), "<abort xmlns='" SLEEK_NS_SASL2 "'/>");
          fail (task, g_error_new_literal (SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                                           _("The server sent task data outside of a task")));
          return;
        }
      run->task->data_async (run, run->task_name, reply, g_task_get_cancellable (task), task_data_done, task);
      return;
    }

  if (!take_success (run, reply, &error))
    {
      fail (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
sleek_feature_sasl2_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  gboolean enabled = TRUE;
  Run *run;

  g_task_set_source_tag (task, sleek_feature_sasl2_negotiate_async);
  g_object_get (client, "sasl2", &enabled, NULL);
  if (!enabled)
    {
      /* RFC 6120 SASL follows. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  run = g_new0 (Run, 1);
  run->client = g_object_ref (client);
  run->offer = sleek_node_ref (offer);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  begin (task);
}

static gboolean
sleek_feature_sasl2_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_feature_sasl2_class_init (SleekFeatureSasl2Class *klass)
{
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = sleek_feature_sasl2_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = sleek_feature_sasl2_negotiate_finish;
}

static void
sleek_feature_sasl2_init (SleekFeatureSasl2 *self)
{
}

SleekStreamFeature *
sleek_feature_sasl2_new (void)
{
  /* Before RFC 6120 SASL (100), which it replaces when it succeeds. */
  return g_object_new (SLEEK_TYPE_FEATURE_SASL2, "name", "sasl2", "element-name", "authentication",
                       "element-namespace", SLEEK_NS_SASL2, "order", 90, "restart", FALSE, NULL);
}
