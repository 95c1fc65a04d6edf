/* prosody-env.c: what the integration tests know about their Prosody
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * prosody-harness writes DIR/env (KEY=VALUE, one a line) and runs each
 * test with SLEEK_TEST_PROSODY_DIR=DIR in its environment. A value comes
 * from that file when it has the key, else from the environment, so a
 * test also runs against a server described by SLEEK_TEST_* variables
 * alone. The harness rewrites the file when the server restarts (a new
 * SLEEK_TEST_PROSODY_PID): call prosody_env_reload() after that.
 *
 * A component takes one connection at a time, so tests that run side by
 * side against one server lease one from the pool the harness configured
 * (prosody_env_lease_component()): a lock on DIR/leases/JID.lock, which
 * the harness's Python helper takes the same way.
 *
 * Not thread-safe; the tests call it from their main thread.
 */
#include "prosody-env.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

static GHashTable *values;    /* key -> value, from DIR/env */
static GPtrArray *old_values; /* tables replaced by a reload, kept alive so
                               * strings returned before stay valid */

static GHashTable *
load (void)
{
  const char *dir = g_getenv ("SLEEK_TEST_PROSODY_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (dir == NULL || *dir == '\0')
    return table;

  path = g_build_filename (dir, "env", NULL);
  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("SLEEK_TEST_PROSODY_DIR is set, but its env file cannot be read: %s", error->message);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *eq;

      while (g_ascii_isspace (*line))
        line++;
      if (*line == '\0' || *line == '#')
        continue;
      eq = strchr (line, '=');
      if (eq == NULL)
        continue;
      g_hash_table_replace (table, g_strstrip (g_strndup (line, eq - line)), g_strdup (eq + 1));
    }
  return table;
}

/* Whether a server was set up for this test: SLEEK_TEST_PROSODY_DIR, or a
 * c2s port in the environment. */
gboolean
prosody_env_available (void)
{
  return prosody_env ("SLEEK_TEST_PROSODY_DIR") != NULL || prosody_env ("SLEEK_TEST_C2S_PORT") != NULL;
}

/* The value of @key, or NULL. Valid until prosody_env_reload(); in
 * practice for the whole test, as replaced values are kept. */
const char *
prosody_env (const char *key)
{
  const char *value;

  g_return_val_if_fail (key != NULL, NULL);

  if (values == NULL)
    values = load ();
  value = g_hash_table_lookup (values, key);
  if (value == NULL)
    value = g_getenv (key);
  if (value != NULL && *value == '\0')
    return NULL;
  return value;
}

/* The value of @key; the test fails without it. */
const char *
prosody_env_require (const char *key)
{
  const char *value = prosody_env (key);

  if (value == NULL)
    g_error ("%s is not set: run the test through tests/integration/prosody-harness run --", key);
  return value;
}

/* The port in @key; the test fails without a valid one. */
guint16
prosody_env_port (const char *key)
{
  const char *value = prosody_env_require (key);
  guint64 port = 0;
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT16, &port, &error))
    g_error ("%s=%s is not a port: %s", key, value, error->message);
  return (guint16) port;
}

/* Reads DIR/env again, as after the harness restarted the server. */
void
prosody_env_reload (void)
{
  if (values == NULL)
    return;
  if (old_values == NULL)
    old_values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_ptr_array_add (old_values, g_steal_pointer (&values));
}

typedef struct {
  char *jid;
  int fd;
} Lease;

static GPtrArray *leases;   /* Lease */

#define LEASE_TIMEOUT_US (60 * G_USEC_PER_SEC)

/* A component JID from the server's pool that no other test holds, for
 * this test alone until prosody_env_release_component() or its exit.
 * Waits (a minute at most) while all of them are taken. Without a server
 * directory there is nothing to lock: the one in SLEEK_TEST_COMPONENT_JID.
 * The string is valid until the lease is released. */
const char *
prosody_env_lease_component (void)
{
  const char *dir = prosody_env ("SLEEK_TEST_PROSODY_DIR");
  const char *pool = prosody_env ("SLEEK_TEST_COMPONENT_JIDS");
  g_autofree char *lease_dir = NULL;
  g_auto(GStrv) jids = NULL;
  gint64 deadline;

  if (dir == NULL || pool == NULL)
    return prosody_env_require ("SLEEK_TEST_COMPONENT_JID");

  lease_dir = g_build_filename (dir, "leases", NULL);
  if (g_mkdir_with_parents (lease_dir, 0755) != 0)
    g_error ("Cannot make %s: %s", lease_dir, g_strerror (errno));
  jids = g_strsplit (pool, ",", -1);
  deadline = g_get_monotonic_time () + LEASE_TIMEOUT_US;
  for (;;)
    {
      for (guint i = 0; jids[i] != NULL; i++)
        {
          g_autofree char *name = g_strconcat (jids[i], ".lock", NULL);
          g_autofree char *path = g_build_filename (lease_dir, name, NULL);
          int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
          Lease *lease;

          if (fd < 0)
            g_error ("Cannot open %s: %s", path, g_strerror (errno));
          if (flock (fd, LOCK_EX | LOCK_NB) != 0)
            {
              if (errno != EWOULDBLOCK)
                g_error ("Cannot lock %s: %s", path, g_strerror (errno));
              close (fd);
              continue;
            }
          lease = g_new (Lease, 1);
          lease->jid = g_strdup (jids[i]);
          lease->fd = fd;
          if (leases == NULL)
            leases = g_ptr_array_new ();
          g_ptr_array_add (leases, lease);
          return lease->jid;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("Every component of the pool (%s) stayed taken for a minute", pool);
      g_usleep (20 * 1000);
    }
}

/* Gives back a component from prosody_env_lease_component(). */
void
prosody_env_release_component (const char *jid)
{
  for (guint i = 0; leases != NULL && i < leases->len; i++)
    {
      Lease *lease = g_ptr_array_index (leases, i);

      if (lease->jid != jid && g_strcmp0 (lease->jid, jid) != 0)
        continue;
      close (lease->fd);   /* drops the lock */
      g_free (lease->jid);
      g_free (lease);
      g_ptr_array_remove_index (leases, i);
      return;
    }
}

const char *
prosody_env_server (void)
{
  const char *kind = prosody_env ("SLEEK_TEST_SERVER");

  return kind != NULL && *kind != '\0' ? kind : "prosody";
}

gboolean
prosody_env_is_ejabberd (void)
{
  return g_str_equal (prosody_env_server (), "ejabberd");
}

const char *
prosody_env_server_name (void)
{
  return prosody_env_is_ejabberd () ? "ejabberd" : "Prosody";
}
