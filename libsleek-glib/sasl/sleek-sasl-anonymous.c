/* sleek-sasl-anonymous.c: the ANONYMOUS mechanism (RFC 4505)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-sasl-private.h"

#include <string.h>

/**
 * SleekSaslAnonymous:
 *
 * The ANONYMOUS mechanism (RFC 4505): the server logs the client in as a
 * temporary user of its own choosing. The only message is an optional
 * trace, such as a contact address, that the server may log
 * ([property@Sleek.SaslAnonymous:trace]); without one the initial
 * response is empty. [func@Sleek.SaslMechanism.choose] only picks it when
 * the client has neither a password nor a client certificate.
 */
struct _SleekSaslAnonymous
{
  SleekSaslMechanism parent_instance;

  char *trace;
};

G_DEFINE_FINAL_TYPE (SleekSaslAnonymous, sleek_sasl_anonymous, SLEEK_TYPE_SASL_MECHANISM)

enum {
  PROP_0,
  PROP_TRACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* RFC 4505: a trace is at most 255 characters of UTF-8. */
#define MAX_TRACE_CHARS 255

static GBytes *
sleek_sasl_anonymous_start (SleekSaslMechanism *mechanism, GError **error)
{
  SleekSaslAnonymous *self = SLEEK_SASL_ANONYMOUS (mechanism);

  if (self->trace == NULL)
    return g_bytes_new (NULL, 0);
  if (!g_utf8_validate (self->trace, -1, NULL) ||
      g_utf8_strlen (self->trace, -1) > MAX_TRACE_CHARS)
    {
      g_set_error (error, SLEEK_SASL_ERROR, SLEEK_SASL_ERROR_INVALID_CREDENTIALS,
                   _("The ANONYMOUS trace must be UTF-8 text of at most %d characters"),
                   MAX_TRACE_CHARS);
      return NULL;
    }
  return g_bytes_new (self->trace, strlen (self->trace));
}

static void
sleek_sasl_anonymous_finalize (GObject *object)
{
  g_free (SLEEK_SASL_ANONYMOUS (object)->trace);
  G_OBJECT_CLASS (sleek_sasl_anonymous_parent_class)->finalize (object);
}

static void
sleek_sasl_anonymous_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_string (value, SLEEK_SASL_ANONYMOUS (object)->trace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_sasl_anonymous_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TRACE:
      sleek_sasl_anonymous_set_trace (SLEEK_SASL_ANONYMOUS (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_sasl_anonymous_class_init (SleekSaslAnonymousClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekSaslMechanismClass *mechanism_class = SLEEK_SASL_MECHANISM_CLASS (klass);

  object_class->finalize = sleek_sasl_anonymous_finalize;
  object_class->get_property = sleek_sasl_anonymous_get_property;
  object_class->set_property = sleek_sasl_anonymous_set_property;

  mechanism_class->name = "ANONYMOUS";
  mechanism_class->priority = 10;
  mechanism_class->flags = SLEEK_SASL_MECHANISM_ANONYMOUS;
  mechanism_class->start = sleek_sasl_anonymous_start;

  /**
   * SleekSaslAnonymous:trace: (getter get_trace) (setter set_trace)
   *
   * The trace information sent to the server (RFC 4505), such as an email
   * address, or %NULL (the default) to send none. At most 255 characters.
   */
  properties[PROP_TRACE] =
    g_param_spec_string ("trace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sleek_sasl_anonymous_init (SleekSaslAnonymous *self)
{
}

/**
 * sleek_sasl_anonymous_get_trace: (get-property trace)
 * @self: an ANONYMOUS mechanism
 *
 * Gets [property@Sleek.SaslAnonymous:trace].
 *
 * Returns: (nullable): the trace information
 */
const char *
sleek_sasl_anonymous_get_trace (SleekSaslAnonymous *self)
{
  g_return_val_if_fail (SLEEK_IS_SASL_ANONYMOUS (self), NULL);
  return self->trace;
}

/**
 * sleek_sasl_anonymous_set_trace: (set-property trace)
 * @self: an ANONYMOUS mechanism
 * @trace: (nullable): the trace information, or %NULL for none
 *
 * Sets [property@Sleek.SaslAnonymous:trace]. An empty string counts as
 * %NULL.
 */
void
sleek_sasl_anonymous_set_trace (SleekSaslAnonymous *self, const char *trace)
{
  g_return_if_fail (SLEEK_IS_SASL_ANONYMOUS (self));
  if (trace != NULL && *trace == '\0')
    trace = NULL;
  if (g_strcmp0 (self->trace, trace) == 0)
    return;
  g_free (self->trace);
  self->trace = g_strdup (trace);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}
