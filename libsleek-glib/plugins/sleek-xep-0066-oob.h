/* sleek-xep-0066-oob.h: XEP-0066 Out of Band Data
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-error.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_OOB:
 *
 * The namespace of the XEP-0066 `<x/>` that messages and presences carry,
 * `jabber:x:oob`.
 */
#define SLEEK_NS_OOB "jabber:x:oob"

/**
 * SLEEK_NS_OOB_IQ:
 *
 * The namespace of the XEP-0066 transfer requests, `jabber:iq:oob`.
 */
#define SLEEK_NS_OOB_IQ "jabber:iq:oob"

#define SLEEK_TYPE_OOB_DATA (sleek_oob_data_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekOobData, sleek_oob_data, SLEEK, OOB_DATA, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_data_get_url      (SleekOobData *self);
SLEEK_AVAILABLE_IN_ALL
void          sleek_oob_data_set_url      (SleekOobData *self,
                                           const char   *url);
SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_data_get_desc     (SleekOobData *self);
SLEEK_AVAILABLE_IN_ALL
void          sleek_oob_data_set_desc     (SleekOobData *self,
                                           const char   *desc);
SLEEK_AVAILABLE_IN_ALL
SleekOobData *sleek_stanza_get_oob_data   (SleekStanza  *stanza,
                                           gboolean      create);

#define SLEEK_TYPE_OOB_QUERY (sleek_oob_query_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekOobQuery, sleek_oob_query, SLEEK, OOB_QUERY, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_query_get_url     (SleekOobQuery *self);
SLEEK_AVAILABLE_IN_ALL
void          sleek_oob_query_set_url     (SleekOobQuery *self,
                                           const char    *url);
SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_query_get_desc    (SleekOobQuery *self);
SLEEK_AVAILABLE_IN_ALL
void          sleek_oob_query_set_desc    (SleekOobQuery *self,
                                           const char    *desc);
SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_query_get_sid     (SleekOobQuery *self);
SLEEK_AVAILABLE_IN_ALL
void          sleek_oob_query_set_sid     (SleekOobQuery *self,
                                           const char    *sid);

#define SLEEK_TYPE_OOB_REQUEST (sleek_oob_request_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekOobRequest, sleek_oob_request, SLEEK, OOB_REQUEST, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekJid     *sleek_oob_request_get_from     (SleekOobRequest *self);
SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_request_get_url      (SleekOobRequest *self);
SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_request_get_desc     (SleekOobRequest *self);
SLEEK_AVAILABLE_IN_ALL
const char   *sleek_oob_request_get_sid      (SleekOobRequest *self);
SLEEK_AVAILABLE_IN_ALL
gboolean      sleek_oob_request_is_answered  (SleekOobRequest *self);

#define SLEEK_TYPE_OUT_OF_BAND_DATA (sleek_out_of_band_data_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekOutOfBandData, sleek_out_of_band_data, SLEEK, OUT_OF_BAND_DATA, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
void      sleek_out_of_band_data_send_oob_async  (SleekOutOfBandData   *self,
                                                  SleekJid             *jid,
                                                  const char           *url,
                                                  const char           *desc,
                                                  guint                 timeout_ms,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_out_of_band_data_send_oob_finish (SleekOutOfBandData   *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
SLEEK_AVAILABLE_IN_ALL
gboolean  sleek_out_of_band_data_answer          (SleekOutOfBandData   *self,
                                                  SleekOobRequest      *request,
                                                  gboolean              success,
                                                  SleekStanzaError      condition,
                                                  GError              **error);

G_END_DECLS
