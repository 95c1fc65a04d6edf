/* sleek-feature-bind.c: resource binding (RFC 6120 section 7) and the
 * legacy session request (RFC 3921)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"

#define SLEEK_TYPE_FEATURE_BIND (sleek_feature_bind_get_type ())
G_DECLARE_FINAL_TYPE (SleekFeatureBind, sleek_feature_bind, SLEEK, FEATURE_BIND, SleekStreamFeature)

struct _SleekFeatureBind {
  SleekStreamFeature parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekFeatureBind, sleek_feature_bind, SLEEK_TYPE_STREAM_FEATURE)

static void
bind_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekBaseXmpp *client = SLEEK_BASE_XMPP (source);
  g_autoptr(SleekIq) reply = NULL;
  g_autoptr(SleekJid) jid = NULL;
  g_autoptr(GError) error = NULL;
  SleekNode *payload;
  const char *text;

  reply = sleek_base_xmpp_send_iq_finish (client, result, &error);
  if (reply == NULL)
    {
      g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED,
                               _("Resource binding failed: %s"), error->message);
      return;
    }
  payload = sleek_iq_get_payload (reply);
  text = payload != NULL ? sleek_node_get_child_text (payload, "jid", SLEEK_NS_BIND) : NULL;
  if (text == NULL)
    {
      g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED,
                               _("The server bound a resource but did not say which"));
      return;
    }
  jid = sleek_jid_new (text, &error);
  if (jid == NULL)
    {
      g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_BIND_FAILED,
                               _("The server bound an invalid JID: %s"), error->message);
      return;
    }
  sleek_base_xmpp_set_bound_jid (client, jid);
  g_task_return_boolean (task, TRUE);
}

static void
sleek_feature_bind_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (client));
  g_autoptr(SleekNode) bind = sleek_node_new ("bind", SLEEK_NS_BIND);
  g_autoptr(SleekIq) iq = NULL;

  g_task_set_source_tag (task, sleek_feature_bind_negotiate_async);
  if (jid != NULL && sleek_jid_get_resource (jid) != NULL)
    sleek_node_set_child_text (bind, "resource", SLEEK_NS_BIND, sleek_jid_get_resource (jid));
  iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (client), "set", NULL, bind);
  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (client), iq, 0, cancellable, bind_result, task);
}

static gboolean
negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_feature_bind_class_init (SleekFeatureBindClass *klass)
{
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = sleek_feature_bind_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = negotiate_finish;
}

static void
sleek_feature_bind_init (SleekFeatureBind *self)
{
}

SleekStreamFeature *
sleek_feature_bind_new (void)
{
  return g_object_new (SLEEK_TYPE_FEATURE_BIND, "name", "bind", "element-name", "bind",
                       "element-namespace", SLEEK_NS_BIND, "order", 10000, "restart", FALSE, NULL);
}

/* The legacy session: only when the server does not mark it optional. */

#define SLEEK_TYPE_FEATURE_SESSION (sleek_feature_session_get_type ())
G_DECLARE_FINAL_TYPE (SleekFeatureSession, sleek_feature_session, SLEEK, FEATURE_SESSION, SleekStreamFeature)

struct _SleekFeatureSession {
  SleekStreamFeature parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekFeatureSession, sleek_feature_session, SLEEK_TYPE_STREAM_FEATURE)

static void
session_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SleekIq) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  if (reply == NULL)
    g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_SESSION_FAILED,
                             _("The session request failed: %s"), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

static void
sleek_feature_session_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  g_autoptr(SleekNode) session = NULL;
  g_autoptr(SleekIq) iq = NULL;

  g_task_set_source_tag (task, sleek_feature_session_negotiate_async);
  if (sleek_node_get_child (offer, "optional", SLEEK_NS_SESSION) != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  session = sleek_node_new ("session", SLEEK_NS_SESSION);
  iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (client), "set", NULL, session);
  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (client), iq, 0, cancellable, session_result, task);
}

static void
sleek_feature_session_class_init (SleekFeatureSessionClass *klass)
{
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_async = sleek_feature_session_negotiate_async;
  SLEEK_STREAM_FEATURE_CLASS (klass)->negotiate_finish = negotiate_finish;
}

static void
sleek_feature_session_init (SleekFeatureSession *self)
{
}

SleekStreamFeature *
sleek_feature_session_new (void)
{
  return g_object_new (SLEEK_TYPE_FEATURE_SESSION, "name", "session", "element-name", "session",
                       "element-namespace", SLEEK_NS_SESSION, "order", 10001, "restart", FALSE, NULL);
}
