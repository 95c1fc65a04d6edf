/* sleek-sasl-mechanism.c: the SASL mechanism base class, registry and choice
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

/**
 * SleekSaslMechanism:
 *
 * One run of a SASL mechanism (RFC 4422) on the client side, as XMPP uses
 * it to authenticate a stream (RFC 6120 section 6). The mechanism computes
 * the messages; it knows nothing of XML: the stream feature that drives it
 * base64-encodes each response into `<auth/>` or `<response/>` (an empty
 * response is sent as `=`), decodes each `<challenge/>` for
 * [method@Sleek.SaslMechanism.step_async] and hands the data of
 * `<success/>` to [method@Sleek.SaslMechanism.verify_success].
 *
 * The library provides, strongest first:
 *
 * - `SCRAM-SHA-512-PLUS`, `SCRAM-SHA-256-PLUS`, `SCRAM-SHA-1-PLUS`: SCRAM
 *   bound to the TLS channel ([class@Sleek.SaslScram])
 * - `SCRAM-SHA-512`, `SCRAM-SHA-256`, `SCRAM-SHA-1` (RFC 5802, RFC 7677)
 * - `PLAIN` ([class@Sleek.SaslPlain]), only over an encrypted stream unless
 *   [property@Sleek.SaslMechanism:allow-plaintext] is set
 * - `EXTERNAL` ([class@Sleek.SaslExternal]), with a TLS client certificate
 * - `ANONYMOUS` ([class@Sleek.SaslAnonymous])
 *
 * [ctor@Sleek.SaslMechanism.new_for_offer] picks the strongest one the
 * server offers and the client can use; [ctor@Sleek.SaslMechanism.new]
 * creates one by name.
 *
 * A run goes: [method@Sleek.SaslMechanism.start_async] for the initial
 * response, [method@Sleek.SaslMechanism.step_async] for each challenge,
 * then [method@Sleek.SaslMechanism.verify_success] when the server reports
 * success. Only one operation may be pending at a time, and a mechanism
 * object serves a single run: any error ends it. Failures are
 * [error@Sleek.SaslError]s, or %G_IO_ERROR_CANCELLED.
 *
 * Subclasses set the class data `name`, `priority` and `flags` of
 * [struct@Sleek.SaslMechanismClass] and implement its `start` and `step`
 * functions, or the async pairs.
 */

typedef enum {
  STATE_NEW,
  STATE_STARTED,
  STATE_SUCCEEDED,
  STATE_FAILED,
} RunState;

typedef struct {
  char *username;
  char *password;
  char *authzid;
  GTlsConnection *tls_connection;
  gboolean allow_plaintext;
  gboolean server_offers_plus;
  SleekSaslChannelBinding channel_binding_type;
  GBytes *channel_binding_data;

  RunState state;
  gboolean pending;
} SleekSaslMechanismPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SleekSaslMechanism, sleek_sasl_mechanism, G_TYPE_OBJECT)

#define PRIV(self) ((SleekSaslMechanismPrivate *) sleek_sasl_mechanism_get_instance_private (SLEEK_SASL_MECHANISM (self)))

enum {
  PROP_0,
  PROP_NAME,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_AUTHZID,
  PROP_TLS_CONNECTION,
  PROP_ALLOW_PLAINTEXT,
  PROP_SERVER_OFFERS_PLUS,
  PROP_CHANNEL_BINDING_TYPE,
  PROP_CHANNEL_BINDING_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Secrets */

void
sleek_sasl_wipe (gpointer data, gsize len)
{
  volatile guint8 *p = data;

  if (data == NULL)
    return;
  while (len-- > 0)
    *p++ = 0;
}

void
sleek_sasl_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  sleek_sasl_wipe (secret, strlen (secret));
  g_free (secret);
}

typedef struct {
  gpointer data;
  gsize len;
} SecretBlock;

static void
secret_block_free (gpointer user_data)
{
  SecretBlock *block = user_data;

  sleek_sasl_wipe (block->data, block->len);
  g_free (block->data);
  g_free (block);
}

GBytes *
sleek_sasl_secret_bytes_take (gpointer data, gsize len)
{
  SecretBlock *block = g_new (SecretBlock, 1);

  block->data = data;
  block->len = len;
  return g_bytes_new_with_free_func (data, len, secret_block_free, block);
}

GBytes *
sleek_sasl_secret_bytes_new (gconstpointer data, gsize len)
{
  return sleek_sasl_secret_bytes_take (g_memdup2 (data, len), len);
}

/* Channel binding */

const char *
sleek_sasl_channel_binding_name (SleekSaslChannelBinding type)
{
  switch (type)
    {
    case SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE:
      return "tls-unique";
    case SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT:
      return "tls-server-end-point";
    case SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER:
      return "tls-exporter";
    case SLEEK_SASL_CHANNEL_BINDING_AUTO:
    case SLEEK_SASL_CHANNEL_BINDING_NONE:
    default:
      return NULL;
    }
}

static GTlsChannelBindingType
to_gio_binding (SleekSaslChannelBinding type)
{
  switch (type)
    {
    case SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE:
      return G_TLS_CHANNEL_BINDING_TLS_UNIQUE;
    case SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT:
      return G_TLS_CHANNEL_BINDING_TLS_SERVER_END_POINT;
    case SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER:
    case SLEEK_SASL_CHANNEL_BINDING_AUTO:
    case SLEEK_SASL_CHANNEL_BINDING_NONE:
    default:
      return G_TLS_CHANNEL_BINDING_TLS_EXPORTER;
    }
}

/* RFC 9266 defines tls-exporter for TLS 1.3, where tls-unique does not
 * exist; on older versions tls-unique is what servers implement (Prosody
 * 0.12 only offers -PLUS there, with tls-unique). */
static SleekSaslChannelBinding
automatic_binding (GTlsConnection *tls)
{
  if (tls == NULL)
    return SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER;

  switch (g_tls_connection_get_protocol_version (tls))
    {
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER;
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0:
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2:
      return SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE;
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT;
    }
}

static GBytes *
binding_data_from_tls (GTlsConnection *tls, SleekSaslChannelBinding type, GError **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_tls_connection_get_channel_binding_data (tls, to_gio_binding (type), array, &local_error))
    {
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE,
                   _("The TLS connection gives no “%s” channel binding data: %s"),
                   sleek_sasl_channel_binding_name (type), local_error->message);
      return NULL;
    }
  if (array->len == 0)
    {
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE,
                   _("The TLS connection gives empty “%s” channel binding data"),
                   sleek_sasl_channel_binding_name (type));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}

gboolean
sleek_sasl_channel_binding_pick (GTlsConnection          *tls,
                                 const char * const      *advertised,
                                 SleekSaslChannelBinding *type)
{
  SleekSaslChannelBinding preferred[3];

  if (tls == NULL || advertised == NULL)
    return FALSE;
  if (g_tls_connection_get_protocol_version (tls) == G_TLS_PROTOCOL_VERSION_TLS_1_3)
    {
      /* tls-unique does not exist on TLS 1.3 (RFC 9266). */
      preferred[0] = SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER;
      preferred[1] = SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT;
      preferred[2] = SLEEK_SASL_CHANNEL_BINDING_NONE;
    }
  else
    {
      preferred[0] = SLEEK_SASL_CHANNEL_BINDING_TLS_UNIQUE;
      preferred[1] = SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT;
      preferred[2] = SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER;
    }
  for (guint i = 0; i < G_N_ELEMENTS (preferred); i++)
    {
      g_autoptr(GBytes) data = NULL;

      if (preferred[i] == SLEEK_SASL_CHANNEL_BINDING_NONE ||
          !g_strv_contains (advertised, sleek_sasl_channel_binding_name (preferred[i])))
        continue;
      data = binding_data_from_tls (tls, preferred[i], NULL);
      if (data != NULL)
        {
          *type = preferred[i];
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sleek_sasl_channel_binding_resolve (GTlsConnection           *tls,
                                    SleekSaslChannelBinding   requested,
                                    GBytes                   *override,
                                    SleekSaslChannelBinding  *used,
                                    GBytes                  **data,
                                    GError                  **error)
{
  SleekSaslChannelBinding type = requested;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  if (requested == SLEEK_SASL_CHANNEL_BINDING_NONE)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE,
                           _("Channel binding is turned off"));
      return FALSE;
    }
  if (requested == SLEEK_SASL_CHANNEL_BINDING_AUTO)
    type = automatic_binding (tls);

  if (override != NULL && g_bytes_get_size (override) > 0)
    {
      *used = type;
      *data = g_bytes_ref (override);
      return TRUE;
    }
  if (tls == NULL)
    {
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_CHANNEL_BINDING_UNAVAILABLE,
                           _("The stream is not encrypted, so there is no channel to bind to"));
      return FALSE;
    }

  bytes = binding_data_from_tls (tls, type, &local_error);
  if (bytes == NULL && requested == SLEEK_SASL_CHANNEL_BINDING_AUTO &&
      type != SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT)
    {
      /* Keep the first error, which names the type the version called for. */
      bytes = binding_data_from_tls (tls, SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT, NULL);
      if (bytes != NULL)
        type = SLEEK_SASL_CHANNEL_BINDING_TLS_SERVER_END_POINT;
    }
  if (bytes == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *used = type;
  *data = bytes;
  return TRUE;
}

gboolean
sleek_sasl_mechanism_get_binding (SleekSaslMechanism  *self,
                                  const char         **type_name,
                                  GBytes             **data,
                                  GError             **error)
{
  SleekSaslMechanismPrivate *priv = PRIV (self);
  SleekSaslChannelBinding used;

  if (!sleek_sasl_channel_binding_resolve (priv->tls_connection, priv->channel_binding_type,
                                           priv->channel_binding_data, &used, data, error))
    return FALSE;
  *type_name = sleek_sasl_channel_binding_name (used);
  return TRUE;
}

/* Registry */

static GType *
builtin_types (guint *n_types)
{
  static GType types[16];
  static gsize n = 0;

  if (g_once_init_enter (&n))
    {
      gsize count = 0;

      for (guint i = 0; i < sleek_sasl_scram_n_variants (); i++)
        types[count++] = sleek_sasl_scram_variant_get_type (i);
      types[count++] = SLEEK_TYPE_SASL_PLAIN;
      types[count++] = SLEEK_TYPE_SASL_EXTERNAL;
      types[count++] = SLEEK_TYPE_SASL_ANONYMOUS;
      g_assert (count <= G_N_ELEMENTS (types));
      g_once_init_leave (&n, count);
    }
  *n_types = n;
  return types;
}

typedef struct {
  const char *name;
  int priority;
  SleekSaslMechanismFlags flags;
  GType type;
} MechanismInfo;

static MechanismInfo
builtin_info (GType type)
{
  SleekSaslMechanismClass *klass = g_type_class_ref (type);
  MechanismInfo info = { klass->name, klass->priority, klass->flags, type };

  /* The classes of static types live as long as the process, and so does
   * the class data. */
  g_type_class_unref (klass);
  return info;
}

static gboolean
usable (const MechanismInfo *info, SleekSaslChoiceFlags flags)
{
  if ((info->flags & SLEEK_SASL_MECHANISM_NEEDS_CHANNEL_BINDING) &&
      !(flags & SLEEK_SASL_CHOICE_CAN_BIND))
    return FALSE;
  if ((info->flags & SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION) &&
      !(flags & (SLEEK_SASL_CHOICE_ENCRYPTED | SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT)))
    return FALSE;
  if ((info->flags & SLEEK_SASL_MECHANISM_NEEDS_PASSWORD) &&
      !(flags & SLEEK_SASL_CHOICE_HAVE_PASSWORD))
    return FALSE;
  if ((info->flags & SLEEK_SASL_MECHANISM_NEEDS_CLIENT_CERTIFICATE) &&
      !(flags & SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE))
    return FALSE;
  /* Never log in anonymously when the application gave an identity. */
  if ((info->flags & SLEEK_SASL_MECHANISM_ANONYMOUS) &&
      (flags & (SLEEK_SASL_CHOICE_HAVE_PASSWORD | SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE)))
    return FALSE;
  return TRUE;
}

static gboolean
offered_contains (const char * const *offered, const char *name)
{
  for (guint i = 0; offered[i] != NULL; i++)
    if (strcmp (offered[i], name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * sleek_sasl_mechanism_choose:
 * @offered: (array zero-terminated=1): the mechanism names the server
 *   offers, as listed in its `<mechanisms/>`
 * @flags: what the client can do
 *
 * Picks the strongest mechanism that the server offers and the client can
 * use. From strongest to weakest: `SCRAM-SHA-512-PLUS`,
 * `SCRAM-SHA-256-PLUS`, `SCRAM-SHA-1-PLUS` (with
 * %SLEEK_SASL_CHOICE_CAN_BIND), `SCRAM-SHA-512`, `SCRAM-SHA-256`,
 * `SCRAM-SHA-1` (these six with %SLEEK_SASL_CHOICE_HAVE_PASSWORD),
 * `PLAIN` (with a password, and %SLEEK_SASL_CHOICE_ENCRYPTED or
 * %SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT), `EXTERNAL` (with
 * %SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE) and `ANONYMOUS` (only
 * without a password or a client certificate). Names are compared exactly,
 * as RFC 4422 registers them in upper case.
 *
 * Returns: (nullable): the chosen mechanism name, or %NULL when none fits
 */
const char *
sleek_sasl_mechanism_choose (const char * const *offered, SleekSaslChoiceFlags flags)
{
  const MechanismInfo *best = NULL;
  MechanismInfo candidate;
  GType *types;
  guint n_types;

  g_return_val_if_fail (offered != NULL, NULL);

  types = builtin_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      MechanismInfo info = builtin_info (types[i]);

      if (!usable (&info, flags) || !offered_contains (offered, info.name))
        continue;
      if (best == NULL || info.priority > best->priority)
        {
          candidate = info;
          best = &candidate;
        }
    }
  return best != NULL ? best->name : NULL;
}

static gboolean
offers_plus (const char * const *offered)
{
  for (guint i = 0; offered[i] != NULL; i++)
    if (g_str_has_suffix (offered[i], "-PLUS"))
      return TRUE;
  return FALSE;
}

/**
 * sleek_sasl_mechanism_new_for_offer:
 * @offered: (array zero-terminated=1): the mechanism names the server
 *   offers, as listed in its `<mechanisms/>`
 * @tls_connection: (nullable): the stream's TLS connection, or %NULL when
 *   the stream is not encrypted
 * @flags: what the client can do beyond what @tls_connection tells
 * @error: return location for a #GError
 *
 * Creates the strongest mechanism the server offers and the client can use,
 * as [func@Sleek.SaslMechanism.choose] picks it. With a TLS connection,
 * %SLEEK_SASL_CHOICE_ENCRYPTED is added to @flags, and so are
 * %SLEEK_SASL_CHOICE_CAN_BIND when the connection gives channel binding
 * data of the type chosen by %SLEEK_SASL_CHANNEL_BINDING_AUTO and
 * %SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE when it has a client
 * certificate.
 *
 * The mechanism comes with [property@Sleek.SaslMechanism:tls-connection],
 * [property@Sleek.SaslMechanism:allow-plaintext] and
 * [property@Sleek.SaslMechanism:server-offers-plus] set; the caller still
 * sets the credentials.
 *
 * Returns: (transfer full): a new mechanism, or %NULL with
 *   %SLEEK_SASL_ERROR_NO_MECHANISM when none fits
 */
SleekSaslMechanism *
sleek_sasl_mechanism_new_for_offer (const char * const    *offered,
                                    GTlsConnection        *tls_connection,
                                    SleekSaslChoiceFlags   flags,
                                    GError               **error)
{
  SleekSaslMechanism *self;
  const char *name;

  g_return_val_if_fail (offered != NULL, NULL);
  g_return_val_if_fail (tls_connection == NULL || G_IS_TLS_CONNECTION (tls_connection), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (tls_connection != NULL)
    {
      SleekSaslChannelBinding used;
      g_autoptr(GBytes) data = NULL;

      flags |= SLEEK_SASL_CHOICE_ENCRYPTED;
      if (sleek_sasl_channel_binding_resolve (tls_connection, SLEEK_SASL_CHANNEL_BINDING_AUTO,
                                              NULL, &used, &data, NULL))
        flags |= SLEEK_SASL_CHOICE_CAN_BIND;
      if (g_tls_connection_get_certificate (tls_connection) != NULL)
        flags |= SLEEK_SASL_CHOICE_HAVE_CLIENT_CERTIFICATE;
    }

  name = sleek_sasl_mechanism_choose (offered, flags);
  if (name == NULL)
    {
      g_autofree char *list = g_strjoinv (" ", (char **) offered);

      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_NO_MECHANISM,
                   _("The server offers no authentication mechanism this client can use (offered: %s)"),
                   *list != '\0' ? list : _("none"));
      return NULL;
    }

  self = sleek_sasl_mechanism_new (name, NULL);
  g_assert (self != NULL);
  sleek_sasl_mechanism_set_tls_connection (self, tls_connection);
  sleek_sasl_mechanism_set_allow_plaintext (self, (flags & SLEEK_SASL_CHOICE_ALLOW_PLAINTEXT) != 0);
  sleek_sasl_mechanism_set_server_offers_plus (self, offers_plus (offered));
  return self;
}

/**
 * sleek_sasl_mechanism_new:
 * @name: a mechanism name, such as `"SCRAM-SHA-256"`
 * @error: return location for a #GError
 *
 * Creates a mechanism by name. Names are compared exactly (RFC 4422
 * registers them in upper case).
 *
 * Returns: (transfer full): a new mechanism, or %NULL with
 *   %SLEEK_SASL_ERROR_INVALID_MECHANISM when the library does not
 *   implement @name
 */
SleekSaslMechanism *
sleek_sasl_mechanism_new (const char *name, GError **error)
{
  GType *types;
  guint n_types;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  types = builtin_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      MechanismInfo info = builtin_info (types[i]);

      if (strcmp (info.name, name) == 0)
        return g_object_new (info.type, NULL);
    }
  g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_MECHANISM,
               _("Unknown SASL mechanism “%s”"), name);
  return NULL;
}

static int
compare_priority (gconstpointer a, gconstpointer b)
{
  const MechanismInfo *x = a;
  const MechanismInfo *y = b;

  return (y->priority > x->priority) - (y->priority < x->priority);
}

/**
 * sleek_sasl_mechanism_list_names:
 *
 * Lists the mechanisms the library implements.
 *
 * Returns: (transfer full): the mechanism names, strongest first
 */
char **
sleek_sasl_mechanism_list_names (void)
{
  GType *types;
  guint n_types;
  g_autoptr(GArray) infos = g_array_new (FALSE, FALSE, sizeof (MechanismInfo));
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  types = builtin_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      MechanismInfo info = builtin_info (types[i]);

      g_array_append_val (infos, info);
    }
  g_array_sort (infos, compare_priority);
  for (guint i = 0; i < infos->len; i++)
    g_strv_builder_add (builder, g_array_index (infos, MechanismInfo, i).name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/* Error conditions */

/* Indexed by SleekSaslError; NULL for the codes the client detects. */
static const char * const sasl_conditions[] = {
  "aborted",
  "account-disabled",
  "credentials-expired",
  "encryption-required",
  "incorrect-encoding",
  "invalid-authzid",
  "invalid-mechanism",
  "malformed-request",
  "mechanism-too-weak",
  "not-authorized",
  "temporary-auth-failure",
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
};
G_STATIC_ASSERT (G_N_ELEMENTS (sasl_conditions) == SLEEK_SASL_ERROR_UNSUPPORTED_TASK + 1);

/**
 * sleek_sasl_error_from_condition:
 * @condition: (nullable): the element name of the condition in a SASL
 *   `<failure/>`, such as `"not-authorized"`
 *
 * Looks up the code of an RFC 6120 section 6.5 SASL failure condition.
 *
 * Returns: the code for @condition, or %SLEEK_SASL_ERROR_NOT_AUTHORIZED
 *   (the generic failure) when it is unknown or %NULL
 */
SleekSaslError
sleek_sasl_error_from_condition (const char *condition)
{
  if (condition == NULL)
    return SLEEK_SASL_ERROR_NOT_AUTHORIZED;
  for (guint i = 0; i < G_N_ELEMENTS (sasl_conditions); i++)
    if (sasl_conditions[i] != NULL && strcmp (sasl_conditions[i], condition) == 0)
      return (SleekSaslError) i;
  return SLEEK_SASL_ERROR_NOT_AUTHORIZED;
}

/**
 * sleek_sasl_error_to_condition:
 * @code: a SASL error code
 *
 * Gives the element name of the RFC 6120 section 6.5 condition for @code.
 *
 * Returns: (nullable): the condition, such as `"not-authorized"`, or %NULL
 *   for a code that stands for a failure the client detects itself
 */
const char *
sleek_sasl_error_to_condition (SleekSaslError code)
{
  if ((guint) code >= G_N_ELEMENTS (sasl_conditions))
    return NULL;
  return sasl_conditions[code];
}

/* Default implementations */

/**
 * SleekSaslMechanismClass::start:
 * @self: a mechanism
 * @error: return location for a #GError
 *
 * Computes the initial response; called by the default `start_async`.
 *
 * Returns: (transfer full) (nullable): the initial response, or %NULL
 *   without an error when the mechanism has none
 */

/**
 * SleekSaslMechanismClass::step:
 * @self: a mechanism
 * @challenge: the decoded challenge
 * @error: return location for a #GError
 *
 * Answers a challenge; called by the default `step_async`.
 *
 * Returns: (transfer full) (nullable): the response, or %NULL for an
 *   empty one
 */

static void
sleek_sasl_mechanism_real_start_async (SleekSaslMechanism  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  SleekSaslMechanismClass *klass = SLEEK_SASL_MECHANISM_GET_CLASS (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  GBytes *response;

  g_task_set_source_tag (task, sleek_sasl_mechanism_real_start_async);
  if (klass->start == NULL)
    {
      g_task_return_new_error (task, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                               _("The %s mechanism cannot start"), klass->name);
      return;
    }
  response = klass->start (self, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) g_bytes_unref);
}

static GBytes *
sleek_sasl_mechanism_real_finish (SleekSaslMechanism  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GBytes *
sleek_sasl_mechanism_real_step (SleekSaslMechanism  *self,
                                GBytes              *challenge,
                                GError             **error)
{
  g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
               _("The server sent a challenge, which the %s mechanism does not expect"),
               SLEEK_SASL_MECHANISM_GET_CLASS (self)->name);
  return NULL;
}

static void
sleek_sasl_mechanism_real_step_async (SleekSaslMechanism  *self,
                                      GBytes              *challenge,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  SleekSaslMechanismClass *klass = SLEEK_SASL_MECHANISM_GET_CLASS (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  GBytes *response;

  g_task_set_source_tag (task, sleek_sasl_mechanism_real_step_async);
  response = klass->step (self, challenge, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) g_bytes_unref);
}

static gboolean
sleek_sasl_mechanism_real_verify_success (SleekSaslMechanism  *self,
                                          GBytes              *additional_data,
                                          GError             **error)
{
  if (additional_data != NULL && g_bytes_get_size (additional_data) > 0)
    {
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                   _("The server sent data with its success, which the %s mechanism does not expect"),
                   SLEEK_SASL_MECHANISM_GET_CLASS (self)->name);
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
sleek_sasl_mechanism_finalize (GObject *object)
{
  SleekSaslMechanismPrivate *priv = PRIV (object);

  g_free (priv->username);
  sleek_sasl_secret_free (priv->password);
  g_free (priv->authzid);
  g_clear_object (&priv->tls_connection);
  g_clear_pointer (&priv->channel_binding_data, g_bytes_unref);
  G_OBJECT_CLASS (sleek_sasl_mechanism_parent_class)->finalize (object);
}

static void
sleek_sasl_mechanism_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SleekSaslMechanism *self = SLEEK_SASL_MECHANISM (object);
  SleekSaslMechanismPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, sleek_sasl_mechanism_get_name (self));
      break;
    case PROP_USERNAME:
      g_value_set_string (value, priv->username);
      break;
    case PROP_PASSWORD:
      g_value_set_string (value, priv->password);
      break;
    case PROP_AUTHZID:
      g_value_set_string (value, priv->authzid);
      break;
    case PROP_TLS_CONNECTION:
      g_value_set_object (value, priv->tls_connection);
      break;
    case PROP_ALLOW_PLAINTEXT:
      g_value_set_boolean (value, priv->allow_plaintext);
      break;
    case PROP_SERVER_OFFERS_PLUS:
      g_value_set_boolean (value, priv->server_offers_plus);
      break;
    case PROP_CHANNEL_BINDING_TYPE:
      g_value_set_enum (value, priv->channel_binding_type);
      break;
    case PROP_CHANNEL_BINDING_DATA:
      g_value_set_boxed (value, priv->channel_binding_data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_sasl_mechanism_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SleekSaslMechanism *self = SLEEK_SASL_MECHANISM (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      sleek_sasl_mechanism_set_username (self, g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      sleek_sasl_mechanism_set_password (self, g_value_get_string (value));
      break;
    case PROP_AUTHZID:
      sleek_sasl_mechanism_set_authzid (self, g_value_get_string (value));
      break;
    case PROP_TLS_CONNECTION:
      sleek_sasl_mechanism_set_tls_connection (self, g_value_get_object (value));
      break;
    case PROP_ALLOW_PLAINTEXT:
      sleek_sasl_mechanism_set_allow_plaintext (self, g_value_get_boolean (value));
      break;
    case PROP_SERVER_OFFERS_PLUS:
      sleek_sasl_mechanism_set_server_offers_plus (self, g_value_get_boolean (value));
      break;
    case PROP_CHANNEL_BINDING_TYPE:
      sleek_sasl_mechanism_set_channel_binding_type (self, g_value_get_enum (value));
      break;
    case PROP_CHANNEL_BINDING_DATA:
      sleek_sasl_mechanism_set_channel_binding_data (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_sasl_mechanism_class_init (SleekSaslMechanismClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sleek_sasl_mechanism_finalize;
  object_class->get_property = sleek_sasl_mechanism_get_property;
  object_class->set_property = sleek_sasl_mechanism_set_property;

  klass->start_async = sleek_sasl_mechanism_real_start_async;
  klass->start_finish = sleek_sasl_mechanism_real_finish;
  klass->step_async = sleek_sasl_mechanism_real_step_async;
  klass->step_finish = sleek_sasl_mechanism_real_finish;
  klass->verify_success = sleek_sasl_mechanism_real_verify_success;
  klass->step = sleek_sasl_mechanism_real_step;

  /**
   * SleekSaslMechanism:name: (getter get_name)
   *
   * The registered name of the mechanism, such as `"SCRAM-SHA-1-PLUS"`.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:username: (getter get_username) (setter set_username)
   *
   * The authentication identity: for XMPP, the localpart of the account's
   * JID. Prepared with SASLprep before it is sent.
   */
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:password: (getter get_password) (setter set_password)
   *
   * The password. SCRAM mechanisms can do without it when they are given
   * stored keys (see [method@Sleek.SaslScram.set_keys]).
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:authzid: (getter get_authzid) (setter set_authzid)
   *
   * The authorization identity, when the client wants to act as another
   * entity than the one it authenticates as; usually %NULL.
   */
  properties[PROP_AUTHZID] =
    g_param_spec_string ("authzid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:tls-connection: (getter get_tls_connection) (setter set_tls_connection)
   *
   * The stream's TLS connection, or %NULL when the stream is not
   * encrypted. It tells whether the stream is encrypted, gives the channel
   * binding data of the `-PLUS` mechanisms and holds the client
   * certificate of EXTERNAL.
   */
  properties[PROP_TLS_CONNECTION] =
    g_param_spec_object ("tls-connection", NULL, NULL, G_TYPE_TLS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:allow-plaintext: (getter get_allow_plaintext) (setter set_allow_plaintext)
   *
   * Whether a mechanism that reveals the password (PLAIN) may run over an
   * unencrypted stream. Only for tests against a server on the loopback
   * interface; never set it otherwise.
   */
  properties[PROP_ALLOW_PLAINTEXT] =
    g_param_spec_boolean ("allow-plaintext", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:server-offers-plus: (getter get_server_offers_plus) (setter set_server_offers_plus)
   *
   * Whether the server offers any `-PLUS` mechanism. A SCRAM mechanism
   * without channel binding tells the server in its GS2 header that the
   * client could have bound to the channel (flag `y`) only when this is
   * %FALSE and channel binding data is at hand; otherwise it sends `n`, so
   * that a server which supports channel binding does not take the login
   * for a downgrade attack.
   */
  properties[PROP_SERVER_OFFERS_PLUS] =
    g_param_spec_boolean ("server-offers-plus", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:channel-binding-type: (getter get_channel_binding_type) (setter set_channel_binding_type)
   *
   * Which channel binding to use. The default,
   * %SLEEK_SASL_CHANNEL_BINDING_AUTO, picks it from the TLS protocol
   * version: `tls-exporter` on TLS 1.3, `tls-unique` on TLS 1.2, and
   * `tls-server-end-point` when that gives nothing or the version is
   * unknown. A stream feature that learns the server's types (XEP-0440)
   * may set one of them here.
   */
  properties[PROP_CHANNEL_BINDING_TYPE] =
    g_param_spec_enum ("channel-binding-type", NULL, NULL, SLEEK_TYPE_SASL_CHANNEL_BINDING,
                       SLEEK_SASL_CHANNEL_BINDING_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SleekSaslMechanism:channel-binding-data: (getter get_channel_binding_data) (setter set_channel_binding_data)
   *
   * Channel binding data to use instead of what
   * [property@Sleek.SaslMechanism:tls-connection] would give, for the type
   * of [property@Sleek.SaslMechanism:channel-binding-type] (with
   * %SLEEK_SASL_CHANNEL_BINDING_AUTO: the type the TLS version calls for,
   * or `tls-exporter` without a TLS connection). For tests, and for
   * transports whose TLS layer is not a #GTlsConnection. %NULL (the
   * default) or empty bytes: read the data from the TLS connection.
   */
  properties[PROP_CHANNEL_BINDING_DATA] =
    g_param_spec_boxed ("channel-binding-data", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_sasl_mechanism_init (SleekSaslMechanism *self)
{
  PRIV (self)->channel_binding_type = SLEEK_SASL_CHANNEL_BINDING_AUTO;
}

/* Accessors */

/**
 * sleek_sasl_mechanism_get_name: (get-property name)
 * @self: a mechanism
 *
 * Gets the registered name of the mechanism.
 *
 * Returns: the mechanism name, such as `"SCRAM-SHA-1-PLUS"`
 */
const char *
sleek_sasl_mechanism_get_name (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  return SLEEK_SASL_MECHANISM_GET_CLASS (self)->name;
}

/**
 * sleek_sasl_mechanism_get_priority:
 * @self: a mechanism
 *
 * Gets how strong the mechanism is, compared with the others.
 *
 * Returns: the priority of the mechanism's class; higher is stronger
 */
int
sleek_sasl_mechanism_get_priority (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), 0);
  return SLEEK_SASL_MECHANISM_GET_CLASS (self)->priority;
}

/**
 * sleek_sasl_mechanism_get_flags:
 * @self: a mechanism
 *
 * Gets what the mechanism needs and guarantees.
 *
 * Returns: the flags of the mechanism's class
 */
SleekSaslMechanismFlags
sleek_sasl_mechanism_get_flags (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), SLEEK_SASL_MECHANISM_NONE);
  return SLEEK_SASL_MECHANISM_GET_CLASS (self)->flags;
}

static gboolean
replace_string (char **field, const char *value, gboolean secret)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  if (secret)
    sleek_sasl_secret_free (*field);
  else
    g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * sleek_sasl_mechanism_get_username: (get-property username)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:username].
 *
 * Returns: (nullable): the authentication identity
 */
const char *
sleek_sasl_mechanism_get_username (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  return PRIV (self)->username;
}

/**
 * sleek_sasl_mechanism_set_username: (set-property username)
 * @self: a mechanism
 * @username: (nullable): the authentication identity
 *
 * Sets [property@Sleek.SaslMechanism:username].
 */
void
sleek_sasl_mechanism_set_username (SleekSaslMechanism *self, const char *username)
{
  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  if (replace_string (&PRIV (self)->username, username, FALSE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/**
 * sleek_sasl_mechanism_get_password: (get-property password)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:password].
 *
 * Returns: (nullable): the password
 */
const char *
sleek_sasl_mechanism_get_password (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  return PRIV (self)->password;
}

/**
 * sleek_sasl_mechanism_set_password: (set-property password)
 * @self: a mechanism
 * @password: (nullable): the password
 *
 * Sets [property@Sleek.SaslMechanism:password]. The mechanism overwrites
 * its copies of the password before freeing them.
 */
void
sleek_sasl_mechanism_set_password (SleekSaslMechanism *self, const char *password)
{
  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  if (replace_string (&PRIV (self)->password, password, TRUE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

/**
 * sleek_sasl_mechanism_get_authzid: (get-property authzid)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:authzid].
 *
 * Returns: (nullable): the authorization identity
 */
const char *
sleek_sasl_mechanism_get_authzid (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  return PRIV (self)->authzid;
}

/**
 * sleek_sasl_mechanism_set_authzid: (set-property authzid)
 * @self: a mechanism
 * @authzid: (nullable): the authorization identity, or %NULL for none
 *
 * Sets [property@Sleek.SaslMechanism:authzid]. An empty string counts as
 * %NULL.
 */
void
sleek_sasl_mechanism_set_authzid (SleekSaslMechanism *self, const char *authzid)
{
  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  if (authzid != NULL && *authzid == '\0')
    authzid = NULL;
  if (replace_string (&PRIV (self)->authzid, authzid, FALSE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHZID]);
}

/**
 * sleek_sasl_mechanism_get_tls_connection: (get-property tls-connection)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:tls-connection].
 *
 * Returns: (transfer none) (nullable): the stream's TLS connection
 */
GTlsConnection *
sleek_sasl_mechanism_get_tls_connection (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  return PRIV (self)->tls_connection;
}

/**
 * sleek_sasl_mechanism_set_tls_connection: (set-property tls-connection)
 * @self: a mechanism
 * @tls_connection: (nullable): the stream's TLS connection, or %NULL when
 *   the stream is not encrypted
 *
 * Sets [property@Sleek.SaslMechanism:tls-connection].
 */
void
sleek_sasl_mechanism_set_tls_connection (SleekSaslMechanism *self, GTlsConnection *tls_connection)
{
  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  g_return_if_fail (tls_connection == NULL || G_IS_TLS_CONNECTION (tls_connection));
  if (g_set_object (&PRIV (self)->tls_connection, tls_connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CONNECTION]);
}

/**
 * sleek_sasl_mechanism_get_allow_plaintext: (get-property allow-plaintext)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:allow-plaintext].
 *
 * Returns: whether the password may be revealed on an unencrypted stream
 */
gboolean
sleek_sasl_mechanism_get_allow_plaintext (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), FALSE);
  return PRIV (self)->allow_plaintext;
}

/**
 * sleek_sasl_mechanism_set_allow_plaintext: (set-property allow-plaintext)
 * @self: a mechanism
 * @allow_plaintext: whether the password may be revealed on an unencrypted
 *   stream
 *
 * Sets [property@Sleek.SaslMechanism:allow-plaintext]: for loopback tests
 * only.
 */
void
sleek_sasl_mechanism_set_allow_plaintext (SleekSaslMechanism *self, gboolean allow_plaintext)
{
  SleekSaslMechanismPrivate *priv;

  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  priv = PRIV (self);
  allow_plaintext = !!allow_plaintext;
  if (priv->allow_plaintext == allow_plaintext)
    return;
  priv->allow_plaintext = allow_plaintext;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_PLAINTEXT]);
}

/**
 * sleek_sasl_mechanism_get_server_offers_plus: (get-property server-offers-plus)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:server-offers-plus].
 *
 * Returns: whether the server offers a `-PLUS` mechanism
 */
gboolean
sleek_sasl_mechanism_get_server_offers_plus (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), FALSE);
  return PRIV (self)->server_offers_plus;
}

/**
 * sleek_sasl_mechanism_set_server_offers_plus: (set-property server-offers-plus)
 * @self: a mechanism
 * @server_offers_plus: whether the server offers a `-PLUS` mechanism
 *
 * Sets [property@Sleek.SaslMechanism:server-offers-plus].
 */
void
sleek_sasl_mechanism_set_server_offers_plus (SleekSaslMechanism *self, gboolean server_offers_plus)
{
  SleekSaslMechanismPrivate *priv;

  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  priv = PRIV (self);
  server_offers_plus = !!server_offers_plus;
  if (priv->server_offers_plus == server_offers_plus)
    return;
  priv->server_offers_plus = server_offers_plus;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_OFFERS_PLUS]);
}

/**
 * sleek_sasl_mechanism_get_channel_binding_type: (get-property channel-binding-type)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:channel-binding-type].
 *
 * Returns: the channel binding type to use
 */
SleekSaslChannelBinding
sleek_sasl_mechanism_get_channel_binding_type (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), SLEEK_SASL_CHANNEL_BINDING_AUTO);
  return PRIV (self)->channel_binding_type;
}

/**
 * sleek_sasl_mechanism_set_channel_binding_type: (set-property channel-binding-type)
 * @self: a mechanism
 * @type: the channel binding type to use
 *
 * Sets [property@Sleek.SaslMechanism:channel-binding-type].
 */
void
sleek_sasl_mechanism_set_channel_binding_type (SleekSaslMechanism *self, SleekSaslChannelBinding type)
{
  SleekSaslMechanismPrivate *priv;

  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  g_return_if_fail (type <= SLEEK_SASL_CHANNEL_BINDING_TLS_EXPORTER);
  priv = PRIV (self);
  if (priv->channel_binding_type == type)
    return;
  priv->channel_binding_type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_BINDING_TYPE]);
}

/**
 * sleek_sasl_mechanism_get_channel_binding_data: (get-property channel-binding-data)
 * @self: a mechanism
 *
 * Gets [property@Sleek.SaslMechanism:channel-binding-data]: only data set
 * with [method@Sleek.SaslMechanism.set_channel_binding_data], never what
 * the TLS connection gives.
 *
 * Returns: (transfer none) (nullable): the channel binding data set
 */
GBytes *
sleek_sasl_mechanism_get_channel_binding_data (SleekSaslMechanism *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  return PRIV (self)->channel_binding_data;
}

/**
 * sleek_sasl_mechanism_set_channel_binding_data: (set-property channel-binding-data)
 * @self: a mechanism
 * @data: (nullable): channel binding data, or %NULL to read it from the TLS
 *   connection
 *
 * Sets [property@Sleek.SaslMechanism:channel-binding-data].
 */
void
sleek_sasl_mechanism_set_channel_binding_data (SleekSaslMechanism *self, GBytes *data)
{
  SleekSaslMechanismPrivate *priv;

  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  priv = PRIV (self);
  if (priv->channel_binding_data == data ||
      (priv->channel_binding_data != NULL && data != NULL && g_bytes_equal (priv->channel_binding_data, data)))
    return;
  g_clear_pointer (&priv->channel_binding_data, g_bytes_unref);
  priv->channel_binding_data = data != NULL ? g_bytes_ref (data) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_BINDING_DATA]);
}

/* The run */

/* Whether another operation may begin; reports why not. */
static gboolean
check_can_continue (SleekSaslMechanism *self, GError **error)
{
  SleekSaslMechanismPrivate *priv = PRIV (self);

  if (priv->pending)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("Another SASL operation is pending"));
      return FALSE;
    }
  switch (priv->state)
    {
    case STATE_STARTED:
      return TRUE;
    case STATE_NEW:
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The SASL exchange has not started"));
      return FALSE;
    case STATE_SUCCEEDED:
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The SASL exchange has already succeeded"));
      return FALSE;
    case STATE_FAILED:
    default:
      g_set_error_literal (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                           _("The SASL exchange has already failed"));
      return FALSE;
    }
}

/**
 * sleek_sasl_mechanism_start_async:
 * @self: a mechanism
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called with the initial
 *   response
 * @user_data: (nullable): data for @callback
 *
 * Starts the exchange: computes the initial response to send in `<auth/>`.
 * Get it with [method@Sleek.SaslMechanism.start_finish] in @callback,
 * which runs in the thread-default main context of the caller.
 *
 * A mechanism that needs encryption (PLAIN) fails here with
 * %SLEEK_SASL_ERROR_ENCRYPTION_REQUIRED when there is no
 * [property@Sleek.SaslMechanism:tls-connection] and
 * [property@Sleek.SaslMechanism:allow-plaintext] is not set.
 */
void
sleek_sasl_mechanism_start_async (SleekSaslMechanism  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SleekSaslMechanismPrivate *priv;
  SleekSaslMechanismClass *klass;

  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  priv = PRIV (self);
  klass = SLEEK_SASL_MECHANISM_GET_CLASS (self);

  if (priv->pending || priv->state != STATE_NEW)
    {
      if (priv->pending)
        g_task_report_new_error (self, callback, user_data, sleek_sasl_mechanism_start_async,
                                 G_IO_ERROR, G_IO_ERROR_PENDING, _("Another SASL operation is pending"));
      else
        g_task_report_new_error (self, callback, user_data, sleek_sasl_mechanism_start_async,
                                 SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_PROTOCOL,
                                 _("The SASL exchange has already started"));
      return;
    }
  if ((klass->flags & SLEEK_SASL_MECHANISM_NEEDS_ENCRYPTION) &&
      priv->tls_connection == NULL && !priv->allow_plaintext)
    {
      priv->state = STATE_FAILED;
      g_task_report_new_error (self, callback, user_data, sleek_sasl_mechanism_start_async,
                               SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_ENCRYPTION_REQUIRED,
                               _("The %s mechanism would reveal the password on an unencrypted stream"),
                               klass->name);
      return;
    }

  priv->state = STATE_STARTED;
  priv->pending = TRUE;
  klass->start_async (self, cancellable, callback, user_data);
}

/* Ends an operation started by a vfunc: an error ends the run. */
static GBytes *
finish_operation (SleekSaslMechanism  *self,
                  GAsyncResult        *result,
                  gpointer             report_tag,
                  GBytes *           (*finish) (SleekSaslMechanism *, GAsyncResult *, GError **),
                  GError             **error)
{
  SleekSaslMechanismPrivate *priv = PRIV (self);
  GError *local_error = NULL;
  GBytes *response;

  /* Refused before it began: no state changes. */
  if (g_async_result_is_tagged (result, report_tag))
    return g_task_propagate_pointer (G_TASK (result), error);

  priv->pending = FALSE;
  response = finish (self, result, &local_error);
  if (local_error != NULL)
    {
      g_clear_pointer (&response, g_bytes_unref);
      priv->state = STATE_FAILED;
      g_propagate_error (error, local_error);
      return NULL;
    }
  return response;
}

/**
 * sleek_sasl_mechanism_start_finish:
 * @self: a mechanism
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.SaslMechanism.start_async].
 *
 * The library's mechanisms always give an initial response. An empty one
 * (ANONYMOUS without a trace, EXTERNAL without an authzid) is sent as `=`
 * in `<auth/>`. A mechanism without an initial response returns %NULL
 * without setting @error.
 *
 * Returns: (transfer full) (nullable): the initial response, or %NULL
 */
GBytes *
sleek_sasl_mechanism_start_finish (SleekSaslMechanism  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return finish_operation (self, result, sleek_sasl_mechanism_start_async,
                           SLEEK_SASL_MECHANISM_GET_CLASS (self)->start_finish, error);
}

/**
 * sleek_sasl_mechanism_step_async:
 * @self: a mechanism
 * @challenge: the decoded content of the server's `<challenge/>` (empty
 *   bytes for an empty challenge)
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called with the response
 * @user_data: (nullable): data for @callback
 *
 * Answers a challenge. SCRAM derives its keys here, with PBKDF2 in a worker
 * thread; @callback runs in the thread-default main context of the
 * caller. Get the response with [method@Sleek.SaslMechanism.step_finish].
 */
void
sleek_sasl_mechanism_step_async (SleekSaslMechanism  *self,
                                 GBytes              *challenge,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (SLEEK_IS_SASL_MECHANISM (self));
  g_return_if_fail (challenge != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_can_continue (self, &error))
    {
      g_task_report_error (self, callback, user_data, sleek_sasl_mechanism_step_async, error);
      return;
    }
  PRIV (self)->pending = TRUE;
  SLEEK_SASL_MECHANISM_GET_CLASS (self)->step_async (self, challenge, cancellable, callback, user_data);
}

/**
 * sleek_sasl_mechanism_step_finish:
 * @self: a mechanism
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Sleek.SaslMechanism.step_async]. An error ends the
 * exchange: the stream feature then sends `<abort/>`.
 *
 * Returns: (transfer full): the response to send in `<response/>`, possibly
 *   empty, or %NULL on error
 */
GBytes *
sleek_sasl_mechanism_step_finish (SleekSaslMechanism  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  GBytes *response;
  GError *local_error = NULL;

  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  response = finish_operation (self, result, sleek_sasl_mechanism_step_async,
                               SLEEK_SASL_MECHANISM_GET_CLASS (self)->step_finish, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  /* A challenge always gets a response, if only an empty one. */
  return response != NULL ? response : g_bytes_new (NULL, 0);
}

/**
 * sleek_sasl_mechanism_verify_success:
 * @self: a mechanism
 * @additional_data: (nullable): the decoded content of the server's
 *   `<success/>`, or %NULL when it is empty
 * @error: return location for a #GError
 *
 * Checks the server's `<success/>`. For SCRAM it carries the server
 * signature (`v=`), which must match: a wrong one fails with
 * %SLEEK_SASL_ERROR_SERVER_SIGNATURE, and so does a success without one
 * unless the signature came in a challenge before. Until this returns
 * %TRUE the stream must not be trusted as authenticated.
 *
 * Returns: whether the authentication succeeded
 */
gboolean
sleek_sasl_mechanism_verify_success (SleekSaslMechanism  *self,
                                     GBytes              *additional_data,
                                     GError             **error)
{
  SleekSaslMechanismPrivate *priv;
  gboolean ok;

  g_return_val_if_fail (SLEEK_IS_SASL_MECHANISM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  priv = PRIV (self);

  if (!check_can_continue (self, error))
    return FALSE;
  ok = SLEEK_SASL_MECHANISM_GET_CLASS (self)->verify_success (self, additional_data, error);
  priv->state = ok ? STATE_SUCCEEDED : STATE_FAILED;
  return ok;
}
