/* fuzz-common.h: what every fuzz target shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each fuzz-*.c defines LLVMFuzzerTestOneInput(). Built with clang and
 * -fsanitize=fuzzer (meson -Dfuzzing=true), libFuzzer drives it; in the
 * normal build, replay-main.c calls it once for every file of the seed
 * corpus. A target must accept any bytes: on bad input the library
 * reports an error and the target moves on. Only a broken invariant of
 * the library (the target checks some with g_assert) or a sanitizer
 * report is a finding.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

/* Criticals and warnings are bugs here, as in the unit tests. */
static inline void
fuzz_common_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The input as a string: everything up to the first NUL. */
static inline char *
fuzz_strndup (const uint8_t *data, size_t size)
{
  return g_strndup ((const char *) data, size);
}
