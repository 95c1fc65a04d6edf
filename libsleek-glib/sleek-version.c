/* sleek-version.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <sleek/sleek.h>

/**
 * sleek_get_major_version:
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
 * Returns: the micro version of the library loaded at run time
 */
guint
sleek_get_micro_version (void)
{
  return SLEEK_MICRO_VERSION;
}
