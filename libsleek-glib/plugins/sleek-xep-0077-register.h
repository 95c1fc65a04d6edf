/* sleek-xep-0077-register.h: XEP-0077 In-Band Registration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0004-forms.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_REGISTER:
 *
 * The namespace of XEP-0077 registration queries, `jabber:iq:register`.
 */
#define SLEEK_NS_REGISTER "jabber:iq:register"

/**
 * SLEEK_NS_REGISTER_FEATURE:
 *
 * The namespace of the `<register/>` stream feature by which a server
 * offers in-band registration before authentication,
 * `http://jabber.org/features/iq-register`.
 */
#define SLEEK_NS_REGISTER_FEATURE "http://jabber.org/features/iq-register"

/* The stanza */

#define SLEEK_TYPE_REGISTER_QUERY (sleek_register_query_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekRegisterQuery, sleek_register_query, SLEEK, REGISTER_QUERY, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekRegisterQuery *sleek_register_query_new              (void);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_register_query_get_instructions (SleekRegisterQuery *self);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_register_query_get_registered   (SleekRegisterQuery *self);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_register_query_get_remove       (SleekRegisterQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_register_query_set_remove       (SleekRegisterQuery *self,
                                                           gboolean            remove);
SLEEK_AVAILABLE_IN_ALL
GStrv               sleek_register_query_get_field_names  (SleekRegisterQuery *self);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_register_query_has_field        (SleekRegisterQuery *self,
                                                           const char         *name);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_register_query_get_field        (SleekRegisterQuery *self,
                                                           const char         *name);
SLEEK_AVAILABLE_IN_ALL
void                sleek_register_query_set_field        (SleekRegisterQuery *self,
                                                           const char         *name,
                                                           const char         *value);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm      *sleek_register_query_get_form         (SleekRegisterQuery *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_register_query_set_form         (SleekRegisterQuery *self,
                                                           SleekDataForm      *form);
SLEEK_AVAILABLE_IN_ALL
void                sleek_register_query_fill_credentials (SleekRegisterQuery *self,
                                                           const char         *username,
                                                           const char         *password);
SLEEK_AVAILABLE_IN_ALL
SleekRegisterQuery *sleek_register_query_make_submit      (SleekRegisterQuery *self,
                                                           GError            **error);

SLEEK_AVAILABLE_IN_ALL
SleekRegisterQuery *sleek_stanza_get_register_query       (SleekStanza        *stanza);

/* The plugin */

#define SLEEK_TYPE_IN_BAND_REGISTRATION (sleek_in_band_registration_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekInBandRegistration, sleek_in_band_registration, SLEEK, IN_BAND_REGISTRATION, SleekPlugin)

SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_in_band_registration_get_feature_offered   (SleekInBandRegistration *self);

SLEEK_AVAILABLE_IN_ALL
void                sleek_in_band_registration_register_account_async  (SleekInBandRegistration *self,
                                                                        GIOStream               *io,
                                                                        gboolean                 log_in,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
void                sleek_in_band_registration_submit_registration     (SleekInBandRegistration *self,
                                                                        SleekRegisterQuery      *form);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_in_band_registration_register_account_finish (SleekInBandRegistration *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);

SLEEK_AVAILABLE_IN_ALL
void                sleek_in_band_registration_get_registration_async  (SleekInBandRegistration *self,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
SleekRegisterQuery *sleek_in_band_registration_get_registration_finish (SleekInBandRegistration *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);

SLEEK_AVAILABLE_IN_ALL
void                sleek_in_band_registration_change_password_async   (SleekInBandRegistration *self,
                                                                        const char              *password,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_in_band_registration_change_password_finish  (SleekInBandRegistration *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);

SLEEK_AVAILABLE_IN_ALL
void                sleek_in_band_registration_cancel_registration_async  (SleekInBandRegistration *self,
                                                                           GCancellable            *cancellable,
                                                                           GAsyncReadyCallback      callback,
                                                                           gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_in_band_registration_cancel_registration_finish (SleekInBandRegistration *self,
                                                                           GAsyncResult            *result,
                                                                           GError                 **error);

G_END_DECLS
