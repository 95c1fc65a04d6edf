/* self-test.c: the GTK chat demo checks itself against an echo bot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Run with --self-test PNG (see main.c), the demo logs in with what its
 * account page says and then does what a user would, reading only what
 * the window shows:
 *
 *   1. waits until the account title says it is online;
 *   2. adds the contact (win.add-contact, what the Add dialog does);
 *   3. waits until the contact's row shows it available, and opens the
 *      conversation by activating that row;
 *   4. types a line into the message entry and presses Enter;
 *   5. waits until the line comes back in a bubble of the contact's, and
 *      until our own bubble says the message was delivered (XEP-0184);
 *   6. given a requester, waits for the contact request dialog naming it
 *      (at any time since the login) and answers Accept.
 *
 * Then it saves the window as a PNG and quits with status 0; if a step
 * is not reached within a minute (or logging in fails), it says which,
 * saves the PNG all the same and quits with status 1.
 */
#include "config.h"

#include "self-test.h"

#include <glib/gi18n.h>
#include <sleek/sleek.h>
#include <stdio.h>
#include <string.h>

#define DEADLINE_SECONDS 60
#define LINE "Hello from the GTK demo! ✓"

typedef enum {
  STEP_ONLINE,
  STEP_CONTACT_AVAILABLE,
  STEP_ECHO,
  STEP_REQUEST,
  STEP_DONE,
} Step;

static const char * const step_names[] = {
  [STEP_ONLINE] = "the account title says online",
  [STEP_CONTACT_AVAILABLE] = "the contact's row shows it available",
  [STEP_ECHO] = "the line comes back, and our bubble says delivered",
  [STEP_REQUEST] = "the requester's contact request is shown and accepted",
  [STEP_DONE] = "done",
};

typedef struct {
  ChatWindow *window;
  SleekJid *contact;
  char *requester;     /* bare JID, or NULL */
  gboolean accepted;
  char *screenshot;
  Step step;
  gint64 deadline;
  guint ticks;
} SelfTest;

static int status = 1;

int
chat_self_test_status (void)
{
  return status;
}

/* The first widget under @root (itself included) that has every style
 * class of @classes and, if @tooltip is not NULL, that tooltip. */
static GtkWidget *
find_widget (GtkWidget *root, const char * const *classes, const char *tooltip)
{
  gboolean match = TRUE;

  for (guint i = 0; classes[i] != NULL && match; i++)
    match = gtk_widget_has_css_class (root, classes[i]);
  if (match && tooltip != NULL)
    match = g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0;
  if (match)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, classes, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a mapped bubble with all of @classes shows @text. */
static gboolean
bubble_shown (GtkWidget *root, const char * const *classes, const char *text)
{
  if (gtk_widget_get_mapped (root) && find_widget (root, classes, NULL) == root)
    {
      const char * const body_class[] = { "body", NULL };
      GtkWidget *body = find_widget (root, body_class, NULL);

      if (body != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (body)), text) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (bubble_shown (child, classes, text))
      return TRUE;
  return FALSE;
}

static gboolean
save_screenshot (GtkWidget *window, const char *path, GError **error)
{
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
      return FALSE;
    }
  return TRUE;
}

/* Ends the test: passed when @why_not is NULL. */
static void
finish (SelfTest *test, const char *why_not)
{
  g_autoptr(GError) error = NULL;
  gboolean passed = why_not == NULL;

  if (passed)
    printf ("self-test: passed\n");
  else
    printf ("self-test: FAILED: %s, before %s\n", why_not, step_names[test->step]);
  if (save_screenshot (GTK_WIDGET (test->window), test->screenshot, &error))
    printf ("self-test: screenshot %s\n", test->screenshot);
  else
    {
      printf ("self-test: no screenshot: %s\n", error->message);
      passed = FALSE;
    }
  fflush (stdout);
  status = passed ? 0 : 1;
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (test->window))));
}

/* The position of @jid in the roster the list view shows. */
static gboolean
find_contact (GtkListView *view, SleekJid *jid, guint *position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SleekRosterItem) item = g_list_model_get_item (model, i);

      if (sleek_jid_equal_bare (sleek_roster_item_get_jid (item), jid))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
contact_available (SelfTest *test)
{
  GtkWidget *window = GTK_WIDGET (test->window);
  const char * const contact_class[] = { "contact", NULL };
  const char * const available_class[] = { "presence-dot", "available", NULL };
  GtkWidget *view = find_widget_of_type (window, GTK_TYPE_LIST_VIEW);
  GtkWidget *row = find_widget (window, contact_class, sleek_jid_get_bare (test->contact));
  guint position;

  if (row == NULL || find_widget (row, available_class, NULL) == NULL ||
      !find_contact (GTK_LIST_VIEW (view), test->contact, &position))
    return FALSE;
  printf ("self-test: %s is shown available\n", sleek_jid_get_bare (test->contact));
  /* What a click on the row does. */
  gtk_widget_activate_action (view, "list.activate-item", "u", position);
  return TRUE;
}

static gboolean
send_line (SelfTest *test)
{
  const char * const entry_class[] = { "message-entry", NULL };
  GtkWidget *entry = find_widget (GTK_WIDGET (test->window), entry_class, NULL);

  if (entry == NULL || !gtk_widget_get_mapped (entry))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (entry), LINE);
  g_signal_emit_by_name (entry, "activate");
  printf ("self-test: sent \"%s\"\n", LINE);
  return TRUE;
}

/* Whether the account page shows why logging in failed; if so, the test
 * fails at once. */
static gboolean
login_failed (SelfTest *test)
{
  const char * const error_class[] = { "error", NULL };
  GtkWidget *error = find_widget (GTK_WIDGET (test->window), error_class, NULL);

  if (error == NULL || !GTK_IS_LABEL (error) || !gtk_widget_get_mapped (error))
    return FALSE;
  printf ("self-test: the account page says: %s\n", gtk_label_get_text (GTK_LABEL (error)));
  finish (test, "logging in failed");
  return TRUE;
}

/* Answers Accept in the contact request dialog of the requester, if one
 * is open: what a click on its button does. */
static void
accept_request (SelfTest *test)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && !test->accepted; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      AdwMessageDialog *dialog;

      if (!ADW_IS_MESSAGE_DIALOG (window) || !gtk_widget_get_mapped (GTK_WIDGET (window)))
        continue;
      dialog = ADW_MESSAGE_DIALOG (window);
      if (!adw_message_dialog_has_response (dialog, "accept") ||
          strstr (adw_message_dialog_get_body (dialog), test->requester) == NULL)
        continue;
      printf ("self-test: \"%s\": accept\n", adw_message_dialog_get_body (dialog));
      adw_message_dialog_response (dialog, "accept");
      gtk_window_close (window);
      test->accepted = TRUE;
    }
}

static gboolean
tick (gpointer user_data)
{
  SelfTest *test = user_data;
  GtkWidget *window = GTK_WIDGET (test->window);
  const char * const online_class[] = { "online", NULL };
  const char * const theirs[] = { "bubble", "theirs", NULL };
  const char * const delivered[] = { "bubble", "mine", "delivered", NULL };

  /* Every other tick, so that what changed gets drawn first. */
  if (test->ticks++ % 2 == 0)
    return G_SOURCE_CONTINUE;
  if (test->requester != NULL && !test->accepted)
    accept_request (test);
  switch (test->step)
    {
    case STEP_ONLINE:
      if (login_failed (test))
        return G_SOURCE_REMOVE;
      if (find_widget (window, online_class, NULL) == NULL)
        break;
      printf ("self-test: online; adding %s\n", sleek_jid_get_bare (test->contact));
      gtk_widget_activate_action (window, "win.add-contact", "(ss)", sleek_jid_get_bare (test->contact), "");
      test->step = STEP_CONTACT_AVAILABLE;
      break;
    case STEP_CONTACT_AVAILABLE:
      if (contact_available (test) && send_line (test))
        test->step = STEP_ECHO;
      break;
    case STEP_ECHO:
      if (!bubble_shown (window, theirs, LINE) || !bubble_shown (window, delivered, LINE))
        break;
      printf ("self-test: the line came back, and was delivered\n");
      test->step = STEP_REQUEST;
      break;
    case STEP_REQUEST:
      if (test->requester == NULL || test->accepted)
        test->step = STEP_DONE;
      break;
    case STEP_DONE:
      finish (test, NULL);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () > test->deadline)
    {
      finish (test, "time is up (" G_STRINGIFY (DEADLINE_SECONDS) " s)");
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
self_test_free (gpointer data)
{
  SelfTest *test = data;

  sleek_jid_unref (test->contact);
  g_free (test->requester);
  g_free (test->screenshot);
  g_free (test);
}

/**
 * chat_self_test_start:
 * @window: the demo's window, logging in
 * @contact: the echo bot's JID
 * @requester: (nullable): whose contact request to accept
 * @screenshot: where to save the window as a PNG
 *
 * Starts the checks; at the end the application quits, with
 * chat_self_test_status() as the exit status.
 */
void
chat_self_test_start (ChatWindow *window, const char *contact, const char *requester, const char *screenshot)
{
  g_autoptr(GError) error = NULL;
  SelfTest *test = g_new0 (SelfTest, 1);

  test->window = window;
  test->contact = sleek_jid_new (contact, &error);
  if (test->contact == NULL)
    g_error ("self-test: %s: %s", contact, error->message);
  test->requester = g_strdup (requester);
  test->screenshot = g_strdup (screenshot);
  test->deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  g_timeout_add_full (G_PRIORITY_DEFAULT, 250, tick, test, self_test_free);
}
