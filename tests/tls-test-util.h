/* tls-test-util.h: a self-signed certificate for the unit tests' servers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A fresh self-signed ECDSA certificate, with its key, for the DNS name
 * @name (common name and subjectAltName), valid from an hour ago for a
 * day. No client trusts it unless told to. */
GTlsCertificate *tls_test_make_certificate (const char *name);

G_END_DECLS
