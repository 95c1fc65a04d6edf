/* bench-login.h: what the login benchmarks share: options, timing and
 * the result line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A login program logs in to a real server (the private Prosody that
 * run-bench --login starts through tests/integration/prosody-harness) over
 * STARTTLS with SCRAM, and measures either the time from connecting to the
 * start of the session, --logins times one after another, or the memory
 * of --sessions sessions held open at once.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *host;          /* --host: where the server listens */
  int port;            /* --port: its c2s port (STARTTLS) */
  char *jid;           /* --jid: the bare JID of the account */
  char *password;      /* --password */
  char *ca_file;       /* --ca-file: the server's certificate, to trust */
  int logins;          /* --logins: how many logins to time */
  int sessions;        /* --sessions: how many sessions to hold at once */
  int in_flight;       /* --in-flight: logins under way at a time */
  gboolean verbose;
} LoginOptions;

gboolean login_options_parse (LoginOptions *options,
                              const char   *summary,
                              int          *argc,
                              char       ***argv);

/* The resource of session @index: unique per process and session. */
char    *login_resource      (guint index);

gint64   login_clock_ns      (gboolean thread_cpu);

/* VmRSS of the process, in KiB. */
guint64  login_rss_kib       (void);

/* Prints the median of --logins timings. */
void     login_report_times  (const char *client,
                              GArray     *wall_ns,
                              GArray     *cpu_ns);

/* Prints what --sessions sessions cost in memory. */
void     login_report_sessions (const char *client,
                                guint       sessions,
                                guint64     rss_before_kib,
                                guint64     rss_after_kib);

G_END_DECLS
