/* sleek-private.c: library-internal helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-private.h"

#include <libintl.h>

static void
bind_domain (void)
{
  static gsize bound = 0;

  if (g_once_init_enter (&bound))
    {
      bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }
}

const char *
sleek_gettext (const char *msgid)
{
  bind_domain ();
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

const char *
sleek_ngettext (const char *msgid, const char *msgid_plural, gulong n)
{
  bind_domain ();
  return g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n);
}
