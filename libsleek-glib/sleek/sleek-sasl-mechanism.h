/* sleek-sasl-mechanism.h: SASL mechanisms for the client (RFC 4422, RFC 6120 section 6)
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

G_BEGIN_DECLS

/**
 * SleekSaslMechanismFlags:
 * @SLEEK_SASL_MECHANISM_NONE: no requirement
 * @SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION: the mechanism reveals the
 *   password to anyone who reads the stream (PLAIN), so it only runs over
 *   an encrypted stream unless [property@Sleek.SaslMechanism:allow-plaintext]
 *   is set
 * @SLEEK_SASL_MECHANISM_NEEDS_CHANNEL_BINDING: a `-PLUS` mechanism: it binds
 *   the authentication to the TLS channel and fails without channel binding
 *   data
 * @SLEEK_SASL_MECHANISM_NEEDS_PASSWORD: the mechanism authenticates with a
 *   username and a password (or, for SCRAM, keys derived from it)
 * @SLEEK_SASL_MECHANISM_NEEDS_CLIENT_CERTIFICATE: the mechanism relies on
 *   the client certificate of the TLS connection (EXTERNAL)
 * @SLEEK_SASL_MECHANISM_ANONYMOUS: the mechanism logs in without any
 *   credential, as a temporary anonymous user
 * @SLEEK_SASL_MECHANISM_MUTUAL: the server proves that it knows the
 *   credentials too, and the mechanism checks that proof (SCRAM)
 *
 * What a mechanism needs in order to run, and what it guarantees; class
 * data of each [class@Sleek.SaslMechanism] subclass.
 */
typedef enum /*< flags >*/ {
  SLEEK_SASL_MECHANISM_NONE                     = 0,
  SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION         = 1 << 0,
  SLEEK_SASL_MECHANISM_NEEDS_CHANNEL_BINDING    = 1 << 1,
  SLEEK_SASL_MECHANISM_NEEDS_PASSWORD           = 1 << 2,
  SLEEK_SASL_MECHANISM_NEEDS_CLIENT_CERTIFICATE = 1 << 3,
  SLEEK_SASL_MECHANISM_ANONYMOUS                = 1 << 4,
  SLEEK_SASL_MECHANISM_MUTUAL                   = 1 << 5,
} SleekSaslMechanismFlags;

/**
 * SleekSaslChoiceFlags:
 * @SLEEK_SASL_CHOICE_NONE: nothing is available
 * @SLEEK_SASL_CHOICE_ENCRYPTED: the stream is encrypted (TLS)
 * @SLEEK_SASL_CHOICE_CAN_BIND: channel binding data can be had from the TLS
 *   connection, so the `-PLUS` mechanisms are usable
 * @SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT: the application allows mechanisms that
 *   reveal the password over an unencrypted stream (for loopback tests
 *   only)
 * @SLEEK_SASL_CHOICE_HAVE_PASSWORD: a username and a password are set
 * @SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE: the TLS connection presents a
 *   client certificate
 *
 * What the client has to offer when a mechanism is chosen with
 * [func@Sleek.SaslMechanism.choose] or
 * [ctor@Sleek.SaslMechanism.new_for_offer].
 */
typedef enum /*< flags >*/ {
  SLEEK_SASL_CHOICE_NONE                    = 0,
  SLEEK_SASL_CHOICE_ENCRYPTED               = 1 << 0,
  SLEEK_SASL_CHOICE_CAN_BIND                = 1 << 1,
  SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT         = 1 << 2,
  SLEEK_SASL_CHOICE_HAVE_PASSWORD           = 1 << 3,
  SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE = 1 << 4,
} SleekSaslChoiceFlags;

/**
 * SleekSaslChannelBinding:
 * @SLEEK_SASL_CHANNEL_BINDING_AUTO: pick the type from the TLS protocol
 *   version: `tls-exporter` (RFC 9266) on TLS 1.3, `tls-unique` (RFC 5929)
 *   on TLS 1.2 and older, `tls-server-end-point` (RFC 5929) when the
 *   version is unknown or the preferred type gives no data
 * @SLEEK_SASL_CHANNEL_BINDING_NONE: never bind to the channel
 * @SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE: `tls-unique` (RFC 5929)
 * @SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT: `tls-server-end-point`
 *   (RFC 5929)
 * @SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER: `tls-exporter` (RFC 9266)
 *
 * Which channel binding a SCRAM mechanism uses.
 */
typedef enum {
  SLEEK_SASL_CHANNEL_BINDING_AUTO,
  SLEEK_SASL_CHANNEL_BINDING_NONE,
  SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE,
  SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT,
  SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER,
} SleekSaslChannelBinding;

#define SLEEK_TYPE_SASL_MECHANISM (sleek_sasl_mechanism_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekSaslMechanism, sleek_sasl_mechanism, SLEEK, SASL_MECHANISM, GObject)

/**
 * SleekSaslMechanismClass:
 * @parent_class: the parent class
 * @name: class data: the registered mechanism name, such as `"PLAIN"`
 * @priority: class data: how strong the mechanism is; of the offered
 *   mechanisms the usable one with the highest priority is chosen
 * @flags: class data: what the mechanism needs and guarantees
 * @start_async: computes the initial response; the default implementation
 *   calls @start
 * @start_finish: finishes @start_async; the default implementation returns
 *   the pointer of the #GTask
 * @step_async: answers a challenge; the default implementation calls @step
 * @step_finish: finishes @step_async; the default implementation returns
 *   the pointer of the #GTask
 * @verify_success: checks the additional data of the server's `<success/>`;
 *   the default implementation accepts `<success/>` without data only
 * @start: computes the initial response synchronously, for mechanisms that
 *   do not override @start_async
 * @step: answers a challenge synchronously, for mechanisms that do not
 *   override @step_async; the default implementation fails, since most
 *   mechanisms expect no challenge
 *
 * The class of [class@Sleek.SaslMechanism]. A subclass sets @name,
 * @priority and @flags in its class_init function, and implements either
 * @start (and @step if the server sends challenges) or the async pairs.
 */
struct _SleekSaslMechanismClass
{
  GObjectClass parent_class;

  const char              *name;
  int                      priority;
  SleekSaslMechanismFlags  flags;

  void     (*start_async)    (SleekSaslMechanism   *self,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  GBytes * (*start_finish)   (SleekSaslMechanism   *self,
                              GAsyncResult         *result,
                              GError              **error);
  void     (*step_async)     (SleekSaslMechanism   *self,
                              GBytes               *challenge,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  GBytes * (*step_finish)    (SleekSaslMechanism   *self,
                              GAsyncResult         *result,
                              GError              **error);
  gboolean (*verify_success) (SleekSaslMechanism   *self,
                              GBytes               *additional_data,
                              GError              **error);
  GBytes * (*start)          (SleekSaslMechanism   *self,
                              GError              **error);
  GBytes * (*step)           (SleekSaslMechanism   *self,
                              GBytes               *challenge,
                              GError              **error);

  /*< private >*/
  gpointer padding[12];
};

SLEEK_AVAILABLE_IN_ALL
SleekSaslMechanism     *sleek_sasl_mechanism_new                      (const char              *name,
                                                                       GError                 **error);
SLEEK_AVAILABLE_IN_ALL
SleekSaslMechanism     *sleek_sasl_mechanism_new_for_offer            (const char * const      *offered,
                                                                       GTlsConnection          *tls_connection,
                                                                       SleekSaslChoiceFlags     flags,
                                                                       GError                 **error);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_sasl_mechanism_choose                   (const char * const      *offered,
                                                                       SleekSaslChoiceFlags     flags);
SLEEK_AVAILABLE_IN_ALL
char                  **sleek_sasl_mechanism_list_names               (void);

SLEEK_AVAILABLE_IN_ALL
const char             *sleek_sasl_mechanism_get_name                 (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
int                     sleek_sasl_mechanism_get_priority             (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
SleekSaslMechanismFlags sleek_sasl_mechanism_get_flags                (SleekSaslMechanism      *self);

SLEEK_AVAILABLE_IN_ALL
const char             *sleek_sasl_mechanism_get_username             (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_username             (SleekSaslMechanism      *self,
                                                                       const char              *username);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_sasl_mechanism_get_password             (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_password             (SleekSaslMechanism      *self,
                                                                       const char              *password);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_sasl_mechanism_get_authzid              (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_authzid              (SleekSaslMechanism      *self,
                                                                       const char              *authzid);
SLEEK_AVAILABLE_IN_ALL
GTlsConnection         *sleek_sasl_mechanism_get_tls_connection       (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_tls_connection       (SleekSaslMechanism      *self,
                                                                       GTlsConnection          *tls_connection);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_sasl_mechanism_get_allow_plaintext      (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_allow_plaintext      (SleekSaslMechanism      *self,
                                                                       gboolean                 allow_plaintext);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_sasl_mechanism_get_server_offers_plus   (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_server_offers_plus   (SleekSaslMechanism      *self,
                                                                       gboolean                 server_offers_plus);
SLEEK_AVAILABLE_IN_ALL
SleekSaslChannelBinding sleek_sasl_mechanism_get_channel_binding_type (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_channel_binding_type (SleekSaslMechanism      *self,
                                                                       SleekSaslChannelBinding  type);
SLEEK_AVAILABLE_IN_ALL
GBytes                 *sleek_sasl_mechanism_get_channel_binding_data (SleekSaslMechanism      *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_set_channel_binding_data (SleekSaslMechanism      *self,
                                                                       GBytes                  *data);

SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_start_async              (SleekSaslMechanism      *self,
                                                                       GCancellable            *cancellable,
                                                                       GAsyncReadyCallback      callback,
                                                                       gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
GBytes                 *sleek_sasl_mechanism_start_finish             (SleekSaslMechanism      *self,
                                                                       GAsyncResult            *result,
                                                                       GError                 **error);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_sasl_mechanism_step_async               (SleekSaslMechanism      *self,
                                                                       GBytes                  *challenge,
                                                                       GCancellable            *cancellable,
                                                                       GAsyncReadyCallback      callback,
                                                                       gpointer                 user_data);
SLEEK_AVAILABLE_IN_ALL
GBytes                 *sleek_sasl_mechanism_step_finish              (SleekSaslMechanism      *self,
                                                                       GAsyncResult            *result,
                                                                       GError                 **error);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_sasl_mechanism_verify_success           (SleekSaslMechanism      *self,
                                                                       GBytes                  *additional_data,
                                                                       GError                 **error);

SLEEK_AVAILABLE_IN_ALL
SleekSaslError          sleek_sasl_error_from_condition               (const char              *condition);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_sasl_error_to_condition                 (SleekSaslError           code);

/* SCRAM-SHA-1, SCRAM-SHA-256, SCRAM-SHA-512 and their -PLUS forms */

#define SLEEK_TYPE_SASL_SCRAM (sleek_sasl_scram_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SleekSaslScram, sleek_sasl_scram, SLEEK, SASL_SCRAM, SleekSaslMechanism)

/**
 * SleekSaslScramClass:
 * @parent_class: the parent class
 *
 * The class of [class@Sleek.SaslScram]. Each SCRAM mechanism is a
 * subclass of its own that the library registers; applications do not
 * derive from it.
 */
struct _SleekSaslScramClass
{
  SleekSaslMechanismClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

SLEEK_AVAILABLE_IN_ALL
const char *sleek_sasl_scram_get_client_nonce (SleekSaslScram *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_sasl_scram_set_client_nonce (SleekSaslScram *self,
                                               const char     *nonce);
SLEEK_AVAILABLE_IN_ALL
GBytes     *sleek_sasl_scram_get_client_key   (SleekSaslScram *self);
SLEEK_AVAILABLE_IN_ALL
GBytes     *sleek_sasl_scram_get_server_key   (SleekSaslScram *self);
SLEEK_AVAILABLE_IN_ALL
GBytes     *sleek_sasl_scram_get_salt         (SleekSaslScram *self);
SLEEK_AVAILABLE_IN_ALL
guint       sleek_sasl_scram_get_iterations   (SleekSaslScram *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_sasl_scram_set_keys         (SleekSaslScram *self,
                                               GBytes         *client_key,
                                               GBytes         *server_key,
                                               GBytes         *salt,
                                               guint           iterations);

/* PLAIN (RFC 4616) */

#define SLEEK_TYPE_SASL_PLAIN (sleek_sasl_plain_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekSaslPlain, sleek_sasl_plain, SLEEK, SASL_PLAIN, SleekSaslMechanism)

/* ANONYMOUS (RFC 4505) */

#define SLEEK_TYPE_SASL_ANONYMOUS (sleek_sasl_anonymous_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekSaslAnonymous, sleek_sasl_anonymous, SLEEK, SASL_ANONYMOUS, SleekSaslMechanism)

SLEEK_AVAILABLE_IN_ALL
const char *sleek_sasl_anonymous_get_trace (SleekSaslAnonymous *self);
SLEEK_AVAILABLE_IN_ALL
void        sleek_sasl_anonymous_set_trace (SleekSaslAnonymous *self,
                                            const char         *trace);

/* EXTERNAL (RFC 4422 appendix A, XEP-0178) */

#define SLEEK_TYPE_SASL_EXTERNAL (sleek_sasl_external_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekSaslExternal, sleek_sasl_external, SLEEK, SASL_EXTERNAL, SleekSaslMechanism)

G_END_DECLS
