/* test-translation.c: the library's messages come out in the user's language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * With LANGUAGE=de, a connection that fails gives its GError message in
 * German, from po/de.po as this build compiled it (SLEEK_TEST_LOCALEDIR,
 * the build's po directory, stands in for the installed locale tree).
 */
#include <sleek/sleek.h>


#include <gio/gio.h>
#include <libintl.h>
#include <locale.h>

typedef struct {
  GMainContext *ctx;
  GAsyncResult *result;
} Fixture;

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

/* A port on 127.0.0.1 that nothing listens on: bound, then closed. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static char *
connection_error (void)
{
  Fixture f = { 0 };
  g_autoptr(SleekClientXmpp) client = NULL;
  g_autoptr(GError) error = NULL;

  f.ctx = g_main_context_new ();
  g_main_context_push_thread_default (f.ctx);
  client = sleek_client_xmpp_new ("juliet@localhost/balcony", "secret");
  g_object_set (client, "server-host", "127.0.0.1", "server-port", (guint) closed_port (), NULL);
  sleek_client_xmpp_connect_async (client, NULL, store_result, &f);
  while (f.result == NULL)
    g_main_context_iteration (f.ctx, TRUE);
  g_assert_false (sleek_client_xmpp_connect_finish (client, f.result, &error));
  g_assert_nonnull (error);
  g_clear_object (&f.result);
  g_clear_object (&client);
  while (g_main_context_iteration (f.ctx, FALSE))
    ;
  g_main_context_pop_thread_default (f.ctx);
  g_main_context_unref (f.ctx);
  return g_strdup (error->message);
}

static void
test_connection_error_german (void)
{
  const char *localedir = g_getenv ("SLEEK_TEST_LOCALEDIR");
  g_autofree char *english = NULL;
  g_autofree char *german = NULL;
  g_autofree char *mo = NULL;

  g_assert_nonnull (localedir);
  mo = g_build_filename (localedir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));

  /* Untranslated first; that also makes the library bind its domain to
   * the installed tree, which the build's tree then replaces. */
  g_setenv ("LANGUAGE", "en", TRUE);
  english = connection_error ();
  g_test_message ("en: %s", english);
  g_assert_true (g_str_has_prefix (english, "Could not connect to any server"));

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  g_setenv ("LANGUAGE", "de", TRUE);
  german = connection_error ();
  g_test_message ("de: %s", german);
  g_assert_true (g_str_has_prefix (german, "Keine Verbindung zu einem Server möglich"));
}

int
main (int argc, char *argv[])
{
  /* C.UTF-8 is not "C": gettext honours LANGUAGE with it. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/translation/connection-error/de", test_connection_error_german);
  return g_test_run ();
}
