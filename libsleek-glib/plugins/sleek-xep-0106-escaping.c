/* sleek-xep-0106-escaping.c: XEP-0106 JID Escaping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0106-escaping.h"

#include <string.h>

/* The characters XEP-0106 escapes, in the order of its table; each one
 * becomes a backslash and its two lowercase hex digits. */
static const char escaped_chars[] = " \"&'/:<>@\\";

static gboolean
is_escaped_char (char c)
{
  return c != '\0' && strchr (escaped_chars, c) != NULL;
}

/* If @p starts with `\` and two hex digits naming one of the escaped
 * characters (`\20`, `\5c`...), returns that character, else 0. */
static char
read_escape (const char *p)
{
  int hi;
  int lo;
  char c;

  if (p[0] != '\\' || (hi = g_ascii_xdigit_value (p[1])) < 0 || (lo = g_ascii_xdigit_value (p[2])) < 0)
    return 0;
  /* The XEP writes the digits in lowercase only. */
  if (g_ascii_isupper (p[1]) || g_ascii_isupper (p[2]))
    return 0;
  c = (char) (hi * 16 + lo);
  return is_escaped_char (c) ? c : 0;
}

/**
 * sleek_jid_escape_node:
 * @node: a node name as the user sees it, such as `d'artagnan` or
 *   `space cadet`
 * @error: return location for a %SLEEK_JID_ERROR_LOCAL_FORBIDDEN error
 *
 * Escapes @node by the rules of XEP-0106 JID Escaping so that it can be
 * used as the localpart of a JID: each of space, `"`, `&`, `'`, `/`, `:`,
 * `<`, `>` and `@` becomes `\` and its two lowercase hex digits (`\20`,
 * `\22`, `\26`, `\27`, `\2f`, `\3a`, `\3c`, `\3e`, `\40`). A backslash is
 * escaped as `\5c` only where it starts one of those sequences or `\5c`
 * itself; elsewhere it is kept as it is, as the XEP requires.
 *
 * The XEP forbids a node that begins or ends with a space: such a node
 * cannot be escaped, and this returns %NULL with @error set.
 *
 * Returns: (transfer full) (nullable): the escaped node, or %NULL with
 *   @error set
 */
char *
sleek_jid_escape_node (const char *node, GError **error)
{
  GString *out;
  gsize len;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (node);
  if (len > 0 && (node[0] == ' ' || node[len - 1] == ' '))
    {
      g_set_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_LOCAL_FORBIDDEN,
                   _("“%s” begins or ends with a space, which XEP-0106 cannot escape"), node);
      return NULL;
    }

  out = g_string_sized_new (len);
  for (const char *p = node; *p != '\0'; p++)
    {
      if (*p == '\\' ? read_escape (p) != 0 : is_escaped_char (*p))
        g_string_append_printf (out, "\\%02x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * sleek_jid_unescape_node:
 * @node: the localpart of a JID, escaped by XEP-0106
 *
 * Undoes [func@Sleek.Jid.escape_node]: each of the XEP-0106 escape
 * sequences `\20`, `\22`, `\26`, `\27`, `\2f`, `\3a`, `\3c`, `\3e`, `\40`
 * and `\5c` becomes the character it stands for. Any other backslash is
 * kept as it is, so that `c\3a\net` becomes `c:\net`.
 *
 * Returns: (transfer full): the node as the user sees it
 */
char *
sleek_jid_unescape_node (const char *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_sized_new (strlen (node));
  for (const char *p = node; *p != '\0'; p++)
    {
      char c = read_escape (p);

      if (c != 0)
        {
          g_string_append_c (out, c);
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * SleekJidEscaping:
 *
 * The `xep_0106` plugin: XEP-0106 JID Escaping.
 *
 * Enabling it advertises the `jid\20escaping` feature
 * ([const@Sleek.FEATURE_JID_ESCAPING]) through the `xep_0030` plugin it
 * depends on. The escaping itself is done by plain functions, usable
 * without any plugin: [func@Sleek.Jid.escape_node] and
 * [func@Sleek.Jid.unescape_node].
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * // "d'artagnan@gascogne" as the local part of a JID
 * g_autofree char *node = sleek_jid_escape_node ("d'artagnan@gascogne", &error);   // d\27artagnan\40gascogne
 * g_autofree char *shown = sleek_jid_unescape_node (node);                          // back to the original
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0106", &error);   // advertises jid\20escaping
 * ```
 */
struct _SleekJidEscaping
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekJidEscaping, sleek_jid_escaping, SLEEK_TYPE_PLUGIN)

static void
sleek_jid_escaping_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_advertise (plugin, SLEEK_FEATURE_JID_ESCAPING);
}

static void
sleek_jid_escaping_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_FEATURE_JID_ESCAPING);
}

static void
sleek_jid_escaping_class_init (SleekJidEscapingClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_jid_escaping_plugin_init;
  plugin_class->plugin_end = sleek_jid_escaping_plugin_end;
}

static void
sleek_jid_escaping_init (SleekJidEscaping *self)
{
}
