/* sleek-error.c: error domains and RFC 6120 condition names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <sleek/sleek.h>

#include <string.h>

/**
 * sleek_jid_error_quark:
 *
 * The error domain for invalid JIDs; C code uses the `SLEEK_JID_ERROR`
 * macro instead.
 *
 * Returns: the quark of the [error@Sleek.JidError] domain
 */
G_DEFINE_QUARK (sleek-jid-error-quark, sleek_jid_error)

/**
 * sleek_stream_error_quark:
 *
 * The error domain for XMPP stream errors; C code uses the `SLEEK_STREAM_ERROR`
 * macro instead.
 *
 * Returns: the quark of the [error@Sleek.StreamError] domain
 */
G_DEFINE_QUARK (sleek-stream-error-quark, sleek_stream_error)

/**
 * sleek_stanza_error_quark:
 *
 * The error domain for XMPP stanza errors; C code uses the `SLEEK_STANZA_ERROR`
 * macro instead.
 *
 * Returns: the quark of the [error@Sleek.StanzaError] domain
 */
G_DEFINE_QUARK (sleek-stanza-error-quark, sleek_stanza_error)

/**
 * sleek_sasl_error_quark:
 *
 * The error domain for SASL authentication failures; C code uses the `SLEEK_SASL_ERROR`
 * macro instead.
 *
 * Returns: the quark of the [error@Sleek.SaslError] domain
 */
G_DEFINE_QUARK (sleek-sasl-error-quark, sleek_sasl_error)

/**
 * sleek_connect_error_quark:
 *
 * The error domain for session setup failures; C code uses the `SLEEK_CONNECT_ERROR`
 * macro instead.
 *
 * Returns: the quark of the [error@Sleek.ConnectError] domain
 */
G_DEFINE_QUARK (sleek-connect-error-quark, sleek_connect_error)

/**
 * sleek_plugin_error_quark:
 *
 * The error domain for plugin registry failures; C code uses the `SLEEK_PLUGIN_ERROR`
 * macro instead.
 *
 * Returns: the quark of the [error@Sleek.PluginError] domain
 */
G_DEFINE_QUARK (sleek-plugin-error-quark, sleek_plugin_error)

/* Indexed by SleekStreamError. */
static const char * const stream_conditions[] = {
  "bad-format",
  "bad-namespace-prefix",
  "conflict",
  "connection-timeout",
  "host-gone",
  "host-unknown",
  "improper-addressing",
  "internal-server-error",
  "invalid-from",
  "invalid-namespace",
  "invalid-xml",
  "not-authorized",
  "not-well-formed",
  "policy-violation",
  "remote-connection-failed",
  "reset",
  "resource-constraint",
  "restricted-xml",
  "see-other-host",
  "system-shutdown",
  "undefined-condition",
  "unsupported-encoding",
  "unsupported-feature",
  "unsupported-stanza-type",
  "unsupported-version",
};
G_STATIC_ASSERT (G_N_ELEMENTS (stream_conditions) == SLEEK_STREAM_ERROR_UNSUPPORTED_VERSION + 1);

/* Indexed by SleekStanzaError: the condition and the error type RFC 6120
 * section 8.3.3 uses for it. */
static const struct {
  const char *condition;
  const char *type;
} stanza_conditions[] = {
  { "bad-request", "modify" },
  { "conflict", "cancel" },
  { "feature-not-implemented", "cancel" },
  { "forbidden", "auth" },
  { "gone", "cancel" },
  { "internal-server-error", "cancel" },
  { "item-not-found", "cancel" },
  { "jid-malformed", "modify" },
  { "not-acceptable", "modify" },
  { "not-allowed", "cancel" },
  { "not-authorized", "auth" },
  { "policy-violation", "modify" },
  { "recipient-unavailable", "wait" },
  { "redirect", "modify" },
  { "registration-required", "auth" },
  { "remote-server-not-found", "cancel" },
  { "remote-server-timeout", "wait" },
  { "resource-constraint", "wait" },
  { "service-unavailable", "cancel" },
  { "subscription-required", "auth" },
  { "undefined-condition", "cancel" },
  { "unexpected-request", "modify" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (stanza_conditions) == SLEEK_STANZA_ERROR_UNEXPECTED_REQUEST + 1);

/**
 * sleek_stream_error_to_condition:
 * @code: a stream error code
 *
 * Gives the element name that stands for @code inside `<stream:error/>`.
 * A value outside the enumeration gives `"undefined-condition"`.
 *
 * Returns: the RFC 6120 element name of the condition, such as
 *   `"restricted-xml"`
 */
const char *
sleek_stream_error_to_condition (SleekStreamError code)
{
  if ((guint) code >= G_N_ELEMENTS (stream_conditions))
    code = SLEEK_STREAM_ERROR_UNDEFINED_CONDITION;
  return stream_conditions[code];
}

/**
 * sleek_stream_error_from_condition:
 * @condition: (nullable): an RFC 6120 stream error element name
 *
 * Looks up the code of a stream error condition element, as found inside
 * `<stream:error/>`.
 *
 * Returns: the code for @condition, or
 *   %SLEEK_STREAM_ERROR_UNDEFINED_CONDITION when it is unknown or %NULL
 */
SleekStreamError
sleek_stream_error_from_condition (const char *condition)
{
  if (condition == NULL)
    return SLEEK_STREAM_ERROR_UNDEFINED_CONDITION;
  for (guint i = 0; i < G_N_ELEMENTS (stream_conditions); i++)
    if (strcmp (stream_conditions[i], condition) == 0)
      return (SleekStreamError) i;
  return SLEEK_STREAM_ERROR_UNDEFINED_CONDITION;
}

/**
 * sleek_stanza_error_to_condition:
 * @code: a stanza error code
 *
 * Gives the element name that stands for @code inside a stanza's
 * `<error/>`. A value outside the enumeration gives
 * `"undefined-condition"`.
 *
 * Returns: the RFC 6120 element name of the condition, such as
 *   `"item-not-found"`
 */
const char *
sleek_stanza_error_to_condition (SleekStanzaError code)
{
  if ((guint) code >= G_N_ELEMENTS (stanza_conditions))
    code = SLEEK_STANZA_ERROR_UNDEFINED_CONDITION;
  return stanza_conditions[code].condition;
}

/**
 * sleek_stanza_error_from_condition:
 * @condition: (nullable): an RFC 6120 stanza error element name
 *
 * Looks up the code of a stanza error condition element, as found inside
 * a stanza's `<error/>`.
 *
 * Returns: the code for @condition, or
 *   %SLEEK_STANZA_ERROR_UNDEFINED_CONDITION when it is unknown or %NULL
 */
SleekStanzaError
sleek_stanza_error_from_condition (const char *condition)
{
  if (condition == NULL)
    return SLEEK_STANZA_ERROR_UNDEFINED_CONDITION;
  for (guint i = 0; i < G_N_ELEMENTS (stanza_conditions); i++)
    if (strcmp (stanza_conditions[i].condition, condition) == 0)
      return (SleekStanzaError) i;
  return SLEEK_STANZA_ERROR_UNDEFINED_CONDITION;
}

/**
 * sleek_stanza_error_default_type:
 * @code: a stanza error code
 *
 * The error type (`cancel`, `modify`, `auth` or `wait`) that RFC 6120
 * section 8.3.3 gives for @code; used when an error reply is built from a
 * #GError, which carries no type.
 *
 * Returns: the error type for @code
 */
const char *
sleek_stanza_error_default_type (SleekStanzaError code)
{
  if ((guint) code >= G_N_ELEMENTS (stanza_conditions))
    code = SLEEK_STANZA_ERROR_UNDEFINED_CONDITION;
  return stanza_conditions[code].type;
}
