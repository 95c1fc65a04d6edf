/* main.c: a GTK 4 and libadwaita chat on sleek-glib
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   sleek-chat                   fill in the account page and log in
 *   sleek-chat --autologin       log in with what it is filled in with
 *   sleek-chat --self-test PNG   log in, chat with the echo bot, check
 *                                what the window shows, save it as PNG
 *                                (--requester JID: and accept the contact
 *                                request of JID)
 *
 * Under the private Prosody of the tests (tests/integration/prosody-harness,
 * demo/run-demo) the account page is filled in from the SLEEK_TEST_*
 * variables: juliet, with the server's self-signed certificate trusted.
 */
#include "config.h"

#include "chat-window.h"
#include "self-test.h"

#include <glib/gi18n.h>
#include <locale.h>

#define APPLICATION_ID "io.github.sleek_glib.Chat"

static gboolean autologin;
static char *self_test;
static char *contact;
static char *requester;

static const GOptionEntry options[] = {
  { "autologin", 0, 0, G_OPTION_ARG_NONE, &autologin, N_("Log in at once"), NULL },
  { "self-test", 0, 0, G_OPTION_ARG_FILENAME, &self_test,
    N_("Log in, chat with an echo bot, check what the window shows and save it as PNG"), N_("PNG") },
  { "contact", 0, 0, G_OPTION_ARG_STRING, &contact,
    N_("The echo bot of --self-test (default: $SLEEK_TEST_JID_BOT)"), N_("JID") },
  { "requester", 0, 0, G_OPTION_ARG_STRING, &requester,
    N_("With --self-test, also accept the contact request of JID"), N_("JID") },
  G_OPTION_ENTRY_NULL
};

static void
on_activate (GtkApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  window = GTK_WINDOW (chat_window_new (application));
  gtk_window_present (window);
  if (autologin || self_test != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.log-in", NULL);
  if (self_test != NULL)
    {
      const char *bot = contact != NULL ? contact : g_getenv ("SLEEK_TEST_JID_BOT");

      if (bot == NULL)
        {
          g_printerr ("sleek-chat: --self-test needs --contact or $SLEEK_TEST_JID_BOT\n");
          g_application_quit (G_APPLICATION (application));
          return;
        }
      chat_self_test_start (CHAT_WINDOW (window), bot, requester, self_test);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Not unique: each instance is a session of the account its
   * environment names. */
  application = adw_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option_entries (G_APPLICATION (application), options);
  g_application_set_option_context_summary (G_APPLICATION (application), _("A chat on sleek-glib"));
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  status = g_application_run (G_APPLICATION (application), argc, argv);
  if (status == 0 && self_test != NULL)
    status = chat_self_test_status ();
  g_free (self_test);
  g_free (contact);
  g_free (requester);
  return status;
}
