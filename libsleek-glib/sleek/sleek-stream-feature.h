/* sleek-stream-feature.h: one negotiable stream feature (STARTTLS, SASL, bind...)
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

G_BEGIN_DECLS

typedef struct _SleekClientXmpp SleekClientXmpp;

#define SLEEK_TYPE_STREAM_FEATURE (sleek_stream_feature_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekStreamFeature, sleek_stream_feature, SLEEK, STREAM_FEATURE, GObject)

/**
 * SleekStreamFeatureClass:
 * @parent_class: the parent class
 * @negotiate_async: negotiates the feature the server offered with the
 *   element @offer (a child of `<stream:features/>`)
 * @negotiate_finish: finishes @negotiate_async
 *
 * The class of [class@Sleek.StreamFeature].
 */
struct _SleekStreamFeatureClass
{
  GObjectClass parent_class;

  void     (*negotiate_async)  (SleekStreamFeature   *self,
                                SleekClientXmpp      *client,
                                SleekNode            *offer,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  gboolean (*negotiate_finish) (SleekStreamFeature   *self,
                                GAsyncResult         *result,
                                GError              **error);

  /*< private >*/
  gpointer padding[8];
};

SLEEK_AVAILABLE_IN_ALL
const char *sleek_stream_feature_get_name              (SleekStreamFeature  *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stream_feature_get_element_name      (SleekStreamFeature  *self);
SLEEK_AVAILABLE_IN_ALL
const char *sleek_stream_feature_get_element_namespace (SleekStreamFeature  *self);
SLEEK_AVAILABLE_IN_ALL
int         sleek_stream_feature_get_order             (SleekStreamFeature  *self);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stream_feature_get_restart           (SleekStreamFeature  *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_stream_feature_negotiate_async       (SleekStreamFeature  *self,
                                                        SleekClientXmpp     *client,
                                                        SleekNode           *offer,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean    sleek_stream_feature_negotiate_finish      (SleekStreamFeature  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
