/* sleek-feature-starttls.c: STARTTLS (RFC 6120 section 5)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"

#define SLEEK_TYPE_FEATURE_STARTTLS (sleek_feature_starttls_get_type ())
G_DECLARE_FINAL_TYPE (SleekFeatureStarttls, sleek_feature_starttls, SLEEK, FEATURE_STARTTLS, SleekStreamFeature)

struct _SleekFeatureStarttls {
  SleekStreamFeature parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekFeatureStarttls, sleek_feature_starttls, SLEEK_TYPE_STREAM_FEATURE)

static void
handshake_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekClientXmpp *client = SLEEK_CLIENT_XMPP (source);
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  tls = sleek_client_xmpp_tls_handshake_finish (client, result, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sleek_client_xmpp_set_tls_connection (client, G_TLS_CONNECTION (tls));
  sleek_client_xmpp_restart_stream (client, tls);
  g_task_return_boolean (task, TRUE);
}

static void
output_drained (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekClientXmpp *client = SLEEK_CLIENT_XMPP (source);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!sleek_xml_stream_drain_output_finish (SLEEK_XML_STREAM (client), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Nothing reads or writes the connection now: the TLS handshake has it. */
  sleek_client_xmpp_tls_handshake_async (client, sleek_xml_stream_get_io_stream (SLEEK_XML_STREAM (client)),
                                         FALSE, cancellable, handshake_done, g_steal_pointer (&task));
}

static void
reply_received (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SleekClientXmpp *client = SLEEK_CLIENT_XMPP (source);
  g_autoptr(SleekNode) reply = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  reply = sleek_client_xmpp_exchange_finish (client, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!sleek_node_is (reply, "proceed", SLEEK_NS_TLS))
    {
      g_task_return_new_error (task, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_TLS_REQUIRED,
                               _("The server refused to start TLS"));
      return;
    }
  /* The stream holds its input; the handshake also needs the output,
   * which may still be finishing the write of <starttls/>. */
  cancellable = g_task_get_cancellable (task);
  sleek_xml_stream_drain_output_async (SLEEK_XML_STREAM (client), cancellable, output_drained,
                                       g_steal_pointer (&task));
}

static void
sleek_feature_starttls_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (feature, cancellable, callback, user_data);
  static const char * const replies[] = { "proceed", "failure", NULL };

  g_task_set_source_tag (task, sleek_feature_starttls_negotiate_async);
  sleek_client_xmpp_exchange_async (client, "<starttls xmlns='" SLEEK_NS_TLS "'/>", SLEEK_NS_TLS, replies, TRUE,
                                    cancellable, reply_received, task);
}

static gboolean
sleek_feature_starttls_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_feature_starttls_class_init (SleekFeatureStarttlsClass *klass)
{
  SleekStreamFeatureClass *feature_class = SLEEK_STREAM_FEATURE_CLASS (klass);

  feature_class->negotiate_async = sleek_feature_starttls_negotiate_async;
  feature_class->negotiate_finish = sleek_feature_starttls_negotiate_finish;
}

static void
sleek_feature_starttls_init (SleekFeatureStarttls *self)
{
}

SleekStreamFeature *
sleek_feature_starttls_new (void)
{
  return g_object_new (SLEEK_TYPE_FEATURE_STARTTLS, "name", "starttls", "element-name", "starttls",
                       "element-namespace", SLEEK_NS_TLS, "order", 0, "restart", TRUE, NULL);
}
