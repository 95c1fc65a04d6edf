/* sleek-test-stream.h: a scripted in-memory peer for testing streams
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-node.h>
#include <sleek/sleek-xml-stream.h>

G_BEGIN_DECLS

#define SLEEK_TYPE_TEST_STREAM (sleek_test_stream_get_type ())

SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekTestStream, sleek_test_stream, SLEEK, TEST_STREAM, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekTestStream *sleek_test_stream_new             (void);
SLEEK_AVAILABLE_IN_ALL
GIOStream       *sleek_test_stream_get_io_stream   (SleekTestStream  *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_test_stream_attach          (SleekTestStream  *self,
                                                    SleekXmlStream   *stream);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_test_stream_start           (SleekTestStream  *self,
                                                    SleekXmlStream   *stream,
                                                    const char       *peer_header,
                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
void             sleek_test_stream_recv            (SleekTestStream  *self,
                                                    const char       *xml);
SLEEK_AVAILABLE_IN_ALL
void             sleek_test_stream_recv_bytes      (SleekTestStream  *self,
                                                    GBytes           *bytes);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_test_stream_expect_send     (SleekTestStream  *self,
                                                    const char       *xml,
                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
SleekNode       *sleek_test_stream_next_send       (SleekTestStream  *self,
                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_test_stream_expect_silence  (SleekTestStream  *self,
                                                    guint             milliseconds,
                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_test_stream_wait_closed     (SleekTestStream  *self,
                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
void             sleek_test_stream_close           (SleekTestStream  *self);
SLEEK_AVAILABLE_IN_ALL
gboolean         sleek_test_stream_iterate_until   (SleekTestStream  *self,
                                                    gboolean         *flag,
                                                    GError          **error);
SLEEK_AVAILABLE_IN_ALL
guint            sleek_test_stream_get_timeout     (SleekTestStream  *self);
SLEEK_AVAILABLE_IN_ALL
void             sleek_test_stream_set_timeout     (SleekTestStream  *self,
                                                    guint             milliseconds);

G_END_DECLS
