/* sleek-version.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <sleek/sleek.h>

/**
 * sleek_get_major_version:
 *
 * Gives the major version of the library in use, which may differ from
 * `SLEEK_MAJOR_VERSION`, the version of the headers the code was
 * compiled against. Bindings, which cannot see macros, use this.
 *
 * Returns: the major version of the library loaded at run time
 */
guint
sleek_get_major_version (void)
{
  return SLEEK_MAJOR_VERSION;
}

/**
 * sleek_get_minor_version:
 *
 * Gives the minor version of the library in use, which may differ from
 * `SLEEK_MINOR_VERSION`, the version of the headers the code was
 * compiled against. Bindings, which cannot see macros, use this.
 *
 * Returns: the minor version of the library loaded at run time
 */
guint
sleek_get_minor_version (void)
{
  return SLEEK_MINOR_VERSION;
}

/**
 * sleek_get_micro_version:
 *
 * Gives the micro version of the library in use, which may differ from
 * `SLEEK_MICRO_VERSION`, the version of the headers the code was
 * compiled against. Bindings, which cannot see macros, use this.
 *
 * Returns: the micro version of the library loaded at run time
 */
guint
sleek_get_micro_version (void)
{
  return SLEEK_MICRO_VERSION;
}
