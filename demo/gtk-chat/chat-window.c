/* chat-window.c: the window of the GTK chat demo
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two pages: the account (JID, password, server, whether to trust a
 * self-signed certificate) and, once logging in, the contacts beside the
 * conversation with the one picked.
 *
 * What the library does for it:
 * - SleekClientXmpp logs in and says how far it got in its state property
 *   (connecting, authenticating once encrypted, online, reconnecting,
 *   disconnected), with the error that ended the last connection;
 * - its SleekRoster is a GListModel of SleekRosterItem, each with a live
 *   list of the contact's available resources: the list view shows it
 *   as it is, presence included, with no copy to keep in sync;
 * - the xep_0184 plugin asks for a receipt in every message sent and says
 *   when one comes back: the bubble goes from "Sent" to "Delivered".
 *
 * The state the user sees is also in style classes (the connection's on
 * the account title, "available" on a contact's dot, "mine"/"theirs" and
 * "delivered" on bubbles), which is what the self-test reads.
 */
#include "config.h"

#include "chat-window.h"

#include <glib/gi18n.h>
#include <sleek/sleek.h>

typedef struct _Conversation Conversation;

struct _ChatWindow
{
  AdwApplicationWindow parent_instance;

  /* From the template */
  AdwToastOverlay *toasts;
  GtkStack *pages;
  AdwEntryRow *jid_row;
  AdwEntryRow *password_row;
  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  GtkSwitch *trust_switch;
  GtkLabel *account_error;
  AdwLeaflet *leaflet;
  AdwWindowTitle *account_title;
  AdwWindowTitle *peer_title;
  GtkListView *roster_view;
  GtkStack *conversations;

  SleekClientXmpp *client;
  GCancellable *cancellable;      /* everything asked of the client */
  GHashTable *by_peer;            /* bare JID -> Conversation */
};

G_DEFINE_FINAL_TYPE (ChatWindow, chat_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const connection_states[] = {
  "connecting", "authenticating", "online", "reconnecting", "disconnected", NULL
};

static void
show_connection_state (ChatWindow *self, const char *state, const char *text)
{
  GtkWidget *title = GTK_WIDGET (self->account_title);

  for (guint i = 0; connection_states[i] != NULL; i++)
    gtk_widget_remove_css_class (title, connection_states[i]);
  gtk_widget_add_css_class (title, state);
  adw_window_title_set_subtitle (self->account_title, text);
  gtk_widget_set_tooltip_text (title, text);
}

static void
toast (ChatWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
set_toggle_class (GtkWidget *widget, const char *css_class, gboolean on)
{
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/* Conversations: a list of bubbles above an entry, one per contact */

struct _Conversation
{
  ChatWindow *window;
  SleekJid *peer;               /* bare */
  GtkWidget *page;
  GtkListBox *messages;
  GtkWidget *entry;
  GHashTable *awaiting_receipt; /* message id -> bubble */
};

static void
conversation_free (Conversation *conversation)
{
  g_hash_table_unref (conversation->awaiting_receipt);
  sleek_jid_unref (conversation->peer);
  g_free (conversation);
}

/* Keeps the newest message in view as the list grows. */
static void
stick_to_bottom (GtkAdjustment *adjustment)
{
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static void
set_bubble_state (GtkWidget *bubble, const char *state, const char *text)
{
  GtkLabel *meta = g_object_get_data (G_OBJECT (bubble), "meta");
  const char *time = g_object_get_data (G_OBJECT (bubble), "time");
  g_autofree char *line = g_strdup_printf ("%s · %s", time, text);

  gtk_label_set_text (meta, line);
  gtk_widget_add_css_class (bubble, state);
}

/* Adds a bubble: ours on the right, theirs on the left; @when defaults to
 * now. */
static GtkWidget *
add_bubble (Conversation *conversation, gboolean mine, const char *text, GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (when != NULL ? when : now);
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *body = gtk_label_new (text);
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_widget_add_css_class (bubble, "bubble");
  gtk_widget_add_css_class (bubble, mine ? "mine" : "theirs");
  gtk_widget_set_halign (bubble, mine ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 50);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_widget_add_css_class (body, "body");
  gtk_label_set_xalign (GTK_LABEL (meta), mine ? 1 : 0);
  gtk_widget_add_css_class (meta, "meta");
  gtk_box_append (GTK_BOX (bubble), body);
  gtk_box_append (GTK_BOX (bubble), meta);

  g_object_set_data (G_OBJECT (bubble), "meta", meta);
  /* TRANSLATORS: the time of a message, in g_date_time_format() terms */
  g_object_set_data_full (G_OBJECT (bubble), "time", g_date_time_format (local, _("%H:%M")), g_free);
  gtk_label_set_text (GTK_LABEL (meta), g_object_get_data (G_OBJECT (bubble), "time"));

  gtk_list_box_append (conversation->messages, bubble);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (bubble)), FALSE);
  return bubble;
}

static void
send_entry_text (Conversation *conversation)
{
  ChatWindow *self = conversation->window;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (conversation->entry))));
  g_autoptr(SleekMessage) message = NULL;
  GtkWidget *bubble;
  const char *id;

  if (*text == '\0' || self->client == NULL)
    return;
  message = sleek_base_xmpp_make_message (SLEEK_BASE_XMPP (self->client), sleek_jid_to_string (conversation->peer),
                                          text, NULL, "chat");
  bubble = add_bubble (conversation, TRUE, text, NULL);
  set_bubble_state (bubble, "sent", _("Sent"));
  gtk_editable_set_text (GTK_EDITABLE (conversation->entry), "");
  sleek_xml_stream_send (SLEEK_XML_STREAM (self->client), SLEEK_STANZA (message));
  /* xep_0184 gave it an id and asked for a receipt naming it. */
  id = sleek_stanza_get_id (SLEEK_STANZA (message));
  if (id != NULL)
    g_hash_table_replace (conversation->awaiting_receipt, g_strdup (id), g_object_ref (bubble));
}

static Conversation *
ensure_conversation (ChatWindow *self, SleekJid *jid)
{
  const char *bare = sleek_jid_get_bare (jid);
  Conversation *conversation = g_hash_table_lookup (self->by_peer, bare);
  GtkWidget *scroller, *bar, *send;

  if (conversation != NULL)
    return conversation;

  conversation = g_new0 (Conversation, 1);
  conversation->window = self;
  conversation->peer = sleek_jid_to_bare (jid);
  conversation->awaiting_receipt = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  conversation->messages = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (conversation->messages, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (conversation->messages), "conversation");
  gtk_widget_set_valign (GTK_WIDGET (conversation->messages), GTK_ALIGN_END);
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (conversation->messages));
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), "changed",
                    G_CALLBACK (stick_to_bottom), NULL);

  conversation->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (conversation->entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (conversation->entry), _("Message"));
  gtk_widget_add_css_class (conversation->entry, "message-entry");
  g_signal_connect_swapped (conversation->entry, "activate", G_CALLBACK (send_entry_text), conversation);
  send = gtk_button_new_from_icon_name ("mail-send-symbolic");
  gtk_widget_set_tooltip_text (send, _("Send"));
  gtk_widget_add_css_class (send, "suggested-action");
  g_signal_connect_swapped (send, "clicked", G_CALLBACK (send_entry_text), conversation);
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 12);
  gtk_box_append (GTK_BOX (bar), conversation->entry);
  gtk_box_append (GTK_BOX (bar), send);

  conversation->page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (conversation->page), scroller);
  gtk_box_append (GTK_BOX (conversation->page), bar);
  gtk_stack_add_named (self->conversations, conversation->page, bare);

  g_hash_table_insert (self->by_peer, g_strdup (bare), conversation);
  return conversation;
}

static void
show_conversation (ChatWindow *self, SleekRosterItem *item)
{
  Conversation *conversation = ensure_conversation (self, sleek_roster_item_get_jid (item));
  const char *name = sleek_roster_item_get_name (item);

  adw_window_title_set_title (self->peer_title, name != NULL ? name : sleek_jid_get_bare (conversation->peer));
  adw_window_title_set_subtitle (self->peer_title, sleek_jid_get_bare (conversation->peer));
  gtk_stack_set_visible_child (self->conversations, conversation->page);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_grab_focus (conversation->entry);
}

/* The conversation @message belongs to, or NULL when it has no sender. */
static Conversation *
conversation_of (ChatWindow *self, SleekMessage *message, gboolean create)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (message));

  if (from == NULL)
    return NULL;
  if (create)
    return ensure_conversation (self, from);
  return g_hash_table_lookup (self->by_peer, sleek_jid_get_bare (from));
}

/* Contacts: the roster, one row per item */

typedef struct {
  GtkWidget *dot;
  GtkWidget *name;
  GtkWidget *status;
  SleekRosterItem *item;
  SleekRosterResource *shown;   /* whose presence the row shows */
} ContactRow;

static void
contact_row_unwatch (ContactRow *row)
{
  if (row->shown != NULL)
    g_signal_handlers_disconnect_by_data (row->shown, row);
  g_clear_object (&row->shown);
  if (row->item != NULL)
    {
      g_signal_handlers_disconnect_by_data (row->item, row);
      g_signal_handlers_disconnect_by_data (sleek_roster_item_get_resources (row->item), row);
    }
  g_clear_object (&row->item);
}

static void
contact_row_free (ContactRow *row)
{
  contact_row_unwatch (row);
  g_free (row);
}

/* The resource with the highest priority, or NULL when none is online. */
static SleekRosterResource *
best_resource (GListModel *resources)
{
  SleekRosterResource *best = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(SleekRosterResource) resource = g_list_model_get_item (resources, i);

      if (best == NULL || sleek_roster_resource_get_priority (resource) > sleek_roster_resource_get_priority (best))
        g_set_object (&best, resource);
    }
  return best;
}

/* "available", "away", "busy" or "offline" */
static const char *
presence_class (SleekRosterResource *resource)
{
  const char *show;

  if (resource == NULL)
    return "offline";
  show = sleek_roster_resource_get_show (resource);
  if (show == NULL || g_str_equal (show, "chat"))
    return "available";
  if (g_str_equal (show, "dnd"))
    return "busy";
  return "away";
}

static void
contact_row_update (ContactRow *row)
{
  g_autoptr(SleekRosterResource) best = best_resource (sleek_roster_item_get_resources (row->item));
  const char *bare = sleek_jid_get_bare (sleek_roster_item_get_jid (row->item));
  const char *name = sleek_roster_item_get_name (row->item);
  const char *presence = presence_class (best);
  const char *status = best != NULL ? sleek_roster_resource_get_status (best) : NULL;
  static const char * const classes[] = { "available", "away", "busy", "offline" };

  /* Follow the changes of the shown resource's presence. */
  if (best != row->shown)
    {
      if (row->shown != NULL)
        g_signal_handlers_disconnect_by_data (row->shown, row);
      g_set_object (&row->shown, best);
      if (best != NULL)
        g_signal_connect_swapped (best, "notify", G_CALLBACK (contact_row_update), row);
    }

  gtk_label_set_text (GTK_LABEL (row->name), name != NULL && *name != '\0' ? name : bare);
  gtk_widget_set_tooltip_text (gtk_widget_get_parent (row->dot), bare);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    set_toggle_class (row->dot, classes[i], g_str_equal (classes[i], presence));

  if (status == NULL || *status == '\0')
    {
      if (g_str_equal (presence, "available"))
        status = _("Available");
      else if (g_str_equal (presence, "away"))
        status = _("Away");
      else if (g_str_equal (presence, "busy"))
        status = _("Busy");
      else if (sleek_roster_item_get_ask (row->item))
        status = _("Waiting for approval");
      else
        status = _("Offline");
    }
  gtk_label_set_text (GTK_LABEL (row->status), status);
}

static void
setup_contact (GtkSignalListItemFactory *factory, GtkListItem *list_item, ChatWindow *self)
{
  ContactRow *row = g_new0 (ContactRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  row->dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (row->dot, "presence-dot");
  gtk_widget_set_valign (row->dot, GTK_ALIGN_CENTER);
  row->name = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->name, "heading");
  row->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->status), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->status), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->status, "caption");
  gtk_widget_add_css_class (row->status, "dim-label");
  gtk_box_append (GTK_BOX (labels), row->name);
  gtk_box_append (GTK_BOX (labels), row->status);
  gtk_box_append (GTK_BOX (box), row->dot);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_add_css_class (box, "contact");

  g_object_set_data_full (G_OBJECT (list_item), "contact-row", row, (GDestroyNotify) contact_row_free);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_contact (GtkSignalListItemFactory *factory, GtkListItem *list_item, ChatWindow *self)
{
  ContactRow *row = g_object_get_data (G_OBJECT (list_item), "contact-row");

  row->item = g_object_ref (gtk_list_item_get_item (list_item));
  g_signal_connect_swapped (row->item, "notify", G_CALLBACK (contact_row_update), row);
  g_signal_connect_swapped (sleek_roster_item_get_resources (row->item), "items-changed",
                            G_CALLBACK (contact_row_update), row);
  contact_row_update (row);
}

static void
unbind_contact (GtkSignalListItemFactory *factory, GtkListItem *list_item, ChatWindow *self)
{
  contact_row_unwatch (g_object_get_data (G_OBJECT (list_item), "contact-row"));
}

static void
on_contact_activated (ChatWindow *self, guint position)
{
  g_autoptr(SleekRosterItem) item = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (self->roster_view)),
                                                           position);

  if (item != NULL)
    show_conversation (self, item);
}

/* Adding contacts, and answering those who want to add us */

static void
roster_item_added (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sleek_base_xmpp_update_roster_item_finish (SLEEK_BASE_XMPP (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not add the contact: %s"), error->message);

      toast (CHAT_WINDOW (user_data), text);
    }
}

/* Puts @jid on the roster and asks to see its presence; the roster push
 * brings the row, the contact's answer its presence. */
static void
add_contact (ChatWindow *self, const char *address, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) jid = sleek_jid_new (address, &error);
  g_autoptr(SleekJid) bare = NULL;

  if (jid == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s is not an address: %s"), address, error->message);

      toast (self, text);
      return;
    }
  if (self->client == NULL)
    return;
  bare = sleek_jid_to_bare (jid);
  sleek_base_xmpp_update_roster_item_async (SLEEK_BASE_XMPP (self->client), bare,
                                            name != NULL && *name != '\0' ? name : NULL, NULL,
                                            self->cancellable, roster_item_added, self);
  sleek_base_xmpp_subscribe (SLEEK_BASE_XMPP (self->client), bare);
}

static void
add_contact_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  const char *address, *name;

  g_variant_get (parameter, "(&s&s)", &address, &name);
  add_contact (CHAT_WINDOW (widget), address, name);
}

static void
on_add_contact_response (AdwMessageDialog *dialog, const char *response, ChatWindow *self)
{
  GtkEditable *address = g_object_get_data (G_OBJECT (dialog), "address");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");

  if (g_str_equal (response, "add"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.add-contact", "(ss)",
                                gtk_editable_get_text (address), gtk_editable_get_text (name));
}

static void
check_address (GtkEditable *address, AdwMessageDialog *dialog)
{
  g_autoptr(SleekJid) jid = sleek_jid_new (gtk_editable_get_text (address), NULL);

  adw_message_dialog_set_response_enabled (dialog, "add", jid != NULL);
}

static void
on_add_contact (ChatWindow *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), _("Add a Contact"),
                            _("They will be asked to let you see when they are online.")));
  GtkWidget *fields = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *address = gtk_entry_new ();
  GtkWidget *name = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (address), _("Address, such as romeo@example.net"));
  gtk_entry_set_input_purpose (GTK_ENTRY (address), GTK_INPUT_PURPOSE_EMAIL);
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("Name (optional)"));
  gtk_box_append (GTK_BOX (fields), address);
  gtk_box_append (GTK_BOX (fields), name);
  adw_message_dialog_set_extra_child (dialog, fields);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  g_object_set_data (G_OBJECT (dialog), "address", address);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_signal_connect (address, "changed", G_CALLBACK (check_address), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_add_contact_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_subscription_response (AdwMessageDialog *dialog, const char *response, ChatWindow *self)
{
  SleekJid *jid = g_object_get_data (G_OBJECT (dialog), "jid");
  SleekRosterItem *item;

  if (self->client == NULL || g_str_equal (response, "close"))
    return;
  if (!g_str_equal (response, "accept"))
    {
      sleek_base_xmpp_deny_subscription (SLEEK_BASE_XMPP (self->client), jid);
      return;
    }
  sleek_base_xmpp_approve_subscription (SLEEK_BASE_XMPP (self->client), jid);
  /* And see theirs, unless we already do or asked. */
  item = sleek_roster_lookup (sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (self->client)), jid);
  if (item == NULL || (!sleek_roster_item_get_ask (item) &&
                       sleek_roster_item_get_subscription (item) != SLEEK_ROSTER_SUBSCRIPTION_TO &&
                       sleek_roster_item_get_subscription (item) != SLEEK_ROSTER_SUBSCRIPTION_BOTH))
    add_contact (self, sleek_jid_get_bare (jid), NULL);
}

static void
on_subscribe (SleekBaseXmpp *xmpp, SleekPresence *presence, ChatWindow *self)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (from == NULL)
    return;
  body = g_strdup_printf (_("%s would like to see when you are online."), sleek_jid_get_bare (from));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Contact Request"), body));
  adw_message_dialog_add_responses (dialog, "deny", _("_Deny"), "accept", _("_Accept"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "deny", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "accept", ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "jid", sleek_jid_to_bare (from), (GDestroyNotify) sleek_jid_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_subscription_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_subscription_answer (SleekBaseXmpp *xmpp, SleekPresence *presence, ChatWindow *self)
{
  SleekJid *from = sleek_stanza_get_from (SLEEK_STANZA (presence));
  g_autofree char *text = NULL;

  if (from == NULL)
    return;
  if (sleek_presence_get_presence_type (presence) == SLEEK_PRESENCE_TYPE_SUBSCRIBED)
    text = g_strdup_printf (_("%s accepted your contact request"), sleek_jid_get_bare (from));
  else
    text = g_strdup_printf (_("%s does not share their presence with you"), sleek_jid_get_bare (from));
  toast (self, text);
}

/* Messages and receipts */

static void
on_message (SleekBaseXmpp *xmpp, SleekMessage *message, ChatWindow *self)
{
  const char *body = sleek_message_get_body (message);
  SleekDelay *delay = sleek_stanza_get_delay (SLEEK_STANZA (message));
  g_autoptr(GDateTime) sent_at = delay != NULL ? sleek_delay_get_stamp (delay, NULL) : NULL;
  Conversation *conversation;

  if (body == NULL || *body == '\0' || (conversation = conversation_of (self, message, TRUE)) == NULL)
    return;
  add_bubble (conversation, FALSE, body, sent_at);
  if (gtk_stack_get_visible_child (self->conversations) != conversation->page)
    {
      g_autofree char *text = g_strdup_printf (_("New message from %s"), sleek_jid_get_bare (conversation->peer));

      toast (self, text);
    }
}

static void
on_message_error (SleekBaseXmpp *xmpp, SleekMessage *message, ChatWindow *self)
{
  Conversation *conversation = conversation_of (self, message, FALSE);
  const char *id = sleek_stanza_get_id (SLEEK_STANZA (message));
  g_autoptr(GError) error = sleek_stanza_get_error (SLEEK_STANZA (message));
  GtkWidget *bubble;

  if (conversation == NULL || id == NULL ||
      (bubble = g_hash_table_lookup (conversation->awaiting_receipt, id)) == NULL)
    return;
  set_bubble_state (bubble, "failed", error != NULL ? error->message : _("Not delivered"));
  g_hash_table_remove (conversation->awaiting_receipt, id);
}

static void
on_receipt (SleekDeliveryReceipts *receipts, SleekJid *from, const char *id, ChatWindow *self)
{
  Conversation *conversation = g_hash_table_lookup (self->by_peer, sleek_jid_get_bare (from));
  GtkWidget *bubble;

  if (conversation == NULL || (bubble = g_hash_table_lookup (conversation->awaiting_receipt, id)) == NULL)
    return;
  set_bubble_state (bubble, "delivered", _("Delivered"));
  g_hash_table_remove (conversation->awaiting_receipt, id);
}

/* The connection */

/* The client's state, and why the last connection ended. */
static void
on_state (SleekClientXmpp *client, GParamSpec *pspec, ChatWindow *self)
{
  const GError *error = sleek_client_xmpp_get_last_error (client);
  g_autofree char *text = NULL;

  switch (sleek_client_xmpp_get_state (client))
    {
    case SLEEK_CLIENT_STATE_CONNECTING:
      show_connection_state (self, "connecting", _("Connecting…"));
      break;
    case SLEEK_CLIENT_STATE_AUTHENTICATING:
      show_connection_state (self, "authenticating", sleek_client_xmpp_get_tls_connection (client) != NULL
                                                     ? _("Encrypted with TLS, logging in…") : _("Logging in…"));
      break;
    case SLEEK_CLIENT_STATE_ONLINE:
      show_connection_state (self, "online", _("Online"));
      break;
    case SLEEK_CLIENT_STATE_RECONNECTING:
      if (error != NULL)
        text = g_strdup_printf (_("Reconnecting after an error: %s"), error->message);
      show_connection_state (self, "reconnecting", text != NULL ? text : _("Reconnecting…"));
      break;
    case SLEEK_CLIENT_STATE_WAITING_FOR_NETWORK:
      show_connection_state (self, "reconnecting", _("Waiting for the network…"));
      break;
    case SLEEK_CLIENT_STATE_DISCONNECTED:
    default:
      if (error != NULL)
        text = g_strdup_printf (_("Disconnected: %s"), error->message);
      show_connection_state (self, "disconnected", text != NULL ? text : _("Disconnected"));
      break;
    }
}

static gboolean
on_accept_certificate (SleekClientXmpp *client, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                       ChatWindow *self)
{
  /* Self-signed: signed by no authority we know, and nothing else wrong. */
  return gtk_switch_get_active (self->trust_switch) && errors == G_TLS_CERTIFICATE_UNKNOWN_CA;
}

static void
roster_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SleekRoster) roster = NULL;
  g_autoptr(GError) error = NULL;

  roster = sleek_base_xmpp_fetch_roster_finish (SLEEK_BASE_XMPP (source), result, &error);
  if (roster == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not get the contacts: %s"), error->message);

      toast (CHAT_WINDOW (user_data), text);
    }
}

static void
on_session_start (SleekBaseXmpp *xmpp, ChatWindow *self)
{
  /* The contacts first, so that their presence finds them. */
  sleek_base_xmpp_fetch_roster_async (xmpp, self->cancellable, roster_fetched, self);
  sleek_base_xmpp_send_presence (xmpp, NULL, NULL, 0, NULL, NULL);
}

static void
on_send_failed (SleekXmlStream *stream, SleekStanza *stanza, const GError *error, ChatWindow *self)
{
  if (SLEEK_IS_MESSAGE (stanza))
    {
      g_autofree char *text = g_strdup_printf (_("Not sent: %s"), error->message);

      toast (self, text);
    }
}

static void
closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, NULL);
  g_object_unref (source);
}

/* Drops the client: closes its stream politely (it lives until that is
 * done) or at once. */
static void
forget_client (ChatWindow *self, gboolean politely)
{
  SleekPlugin *receipts;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client == NULL)
    return;
  receipts = sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (self->client), "xep_0184");
  if (receipts != NULL)
    g_signal_handlers_disconnect_by_data (receipts, self);
  g_signal_handlers_disconnect_by_data (self->client, self);
  if (sleek_xml_stream_is_connected (SLEEK_XML_STREAM (self->client)))
    {
      if (politely)
        {
          g_object_set (self->client, "auto-reconnect", FALSE, NULL);
          sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (self->client), NULL, closed,
                                             g_object_ref (self->client));
        }
      else
        sleek_xml_stream_abort (SLEEK_XML_STREAM (self->client));
    }
  g_clear_object (&self->client);
  gtk_list_view_set_model (self->roster_view, NULL);
}

static void
show_account_error (ChatWindow *self, const char *text)
{
  gtk_label_set_text (self->account_error, text);
  gtk_widget_set_visible (GTK_WIDGET (self->account_error), TRUE);
  gtk_stack_set_visible_child_name (self->pages, "account");
}

static void
connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ChatWindow *self;

  if (sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CHAT_WINDOW (user_data);
  text = g_strdup_printf (_("Could not log in: %s"), error->message);
  forget_client (self, FALSE);
  show_account_error (self, text);
}

static void
log_in (ChatWindow *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->jid_row));
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  g_autoptr(SleekJid) jid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkNoSelection) roster = NULL;
  SleekPlugin *receipts;
  guint64 port = 0;

  if (self->client != NULL)
    return;
  jid = sleek_jid_new (address, &error);
  if (jid == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s is not an address: %s"), address, error->message);

      show_account_error (self, text);
      return;
    }
  if (*port_text != '\0' && (!g_ascii_string_to_unsigned (port_text, 10, 1, G_MAXUINT16, &port, NULL)))
    {
      show_account_error (self, _("The port is a number from 1 to 65535."));
      return;
    }
  /* Without a resource, the server picks one. */
  self->client = sleek_client_xmpp_new (sleek_jid_to_string (jid),
                                        gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  self->cancellable = g_cancellable_new ();
  if (*host != '\0')
    sleek_client_xmpp_set_server_host (self->client, host);
  sleek_client_xmpp_set_server_port (self->client, (guint16) port);
  g_object_set (self->client, "auto-reconnect", TRUE, NULL);
  if (!sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (self->client), "xep_0184", &error))
    g_warning ("xep_0184: %s", error->message);
  receipts = sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (self->client), "xep_0184");
  if (receipts != NULL)
    g_signal_connect (receipts, "receipt-received", G_CALLBACK (on_receipt), self);

  g_signal_connect (self->client, "notify::state", G_CALLBACK (on_state), self);
  g_signal_connect (self->client, "accept-certificate", G_CALLBACK (on_accept_certificate), self);
  g_signal_connect (self->client, "session-start", G_CALLBACK (on_session_start), self);
  g_signal_connect (self->client, "send-failed", G_CALLBACK (on_send_failed), self);
  g_signal_connect (self->client, "message::chat", G_CALLBACK (on_message), self);
  g_signal_connect (self->client, "message::normal", G_CALLBACK (on_message), self);
  g_signal_connect (self->client, "message::error", G_CALLBACK (on_message_error), self);
  g_signal_connect (self->client, "presence::subscribe", G_CALLBACK (on_subscribe), self);
  g_signal_connect (self->client, "presence::subscribed", G_CALLBACK (on_subscription_answer), self);
  g_signal_connect (self->client, "presence::unsubscribed", G_CALLBACK (on_subscription_answer), self);

  /* The roster is the list's model as it is: a GListModel of items. */
  roster = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (sleek_base_xmpp_get_roster (SLEEK_BASE_XMPP (self->client)))));
  gtk_list_view_set_model (self->roster_view, GTK_SELECTION_MODEL (roster));

  gtk_widget_set_visible (GTK_WIDGET (self->account_error), FALSE);
  adw_window_title_set_title (self->account_title, sleek_jid_get_bare (jid));
  gtk_stack_set_visible_child_name (self->pages, "chat");
  sleek_client_xmpp_connect_async (self->client, self->cancellable, connected, self);
}

static void
log_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  log_in (CHAT_WINDOW (widget));
}

static void
on_log_in (ChatWindow *self)
{
  log_in (self);
}

static void
on_log_out (ChatWindow *self)
{
  GHashTableIter iter;
  Conversation *conversation;

  forget_client (self, TRUE);
  g_hash_table_iter_init (&iter, self->by_peer);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conversation))
    gtk_stack_remove (self->conversations, conversation->page);
  g_hash_table_remove_all (self->by_peer);
  adw_window_title_set_title (self->peer_title, NULL);
  adw_window_title_set_subtitle (self->peer_title, NULL);
  gtk_stack_set_visible_child_name (self->pages, "account");
}

static void
on_back (ChatWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Defaults for the private Prosody of the tests (tests/integration). */
static void
fill_in_test_account (ChatWindow *self)
{
  const char *jid = g_getenv ("SLEEK_TEST_JID_JULIET");
  const char *password = g_getenv ("SLEEK_TEST_PASSWORD_JULIET");
  const char *host = g_getenv ("SLEEK_TEST_PROSODY_ADDRESS");
  const char *port = g_getenv ("SLEEK_TEST_C2S_PORT");

  if (jid != NULL)
    {
      g_autofree char *full = g_strconcat (jid, "/gtk-chat", NULL);

      gtk_editable_set_text (GTK_EDITABLE (self->jid_row), full);
    }
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  if (host != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  if (port != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  /* Its certificate is self-signed. */
  gtk_switch_set_active (self->trust_switch, g_getenv ("SLEEK_TEST_CA_FILE") != NULL);
}

static void
chat_window_dispose (GObject *object)
{
  ChatWindow *self = CHAT_WINDOW (object);

  forget_client (self, FALSE);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHAT_TYPE_WINDOW);
  g_clear_pointer (&self->by_peer, g_hash_table_unref);
  G_OBJECT_CLASS (chat_window_parent_class)->dispose (object);
}

static void
chat_window_class_init (ChatWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chat_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sleek_glib/Chat/chat-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, jid_row);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, trust_switch);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, account_error);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, account_title);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, peer_title);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, roster_view);
  gtk_widget_class_bind_template_child (widget_class, ChatWindow, conversations);
  gtk_widget_class_bind_template_callback (widget_class, on_log_in);
  gtk_widget_class_bind_template_callback (widget_class, on_log_out);
  gtk_widget_class_bind_template_callback (widget_class, on_add_contact);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back);

  /* win.log-in logs in with what the account page says; win.add-contact
   * ("(ss)": address, name or "") adds a contact and asks for its
   * presence. */
  gtk_widget_class_install_action (widget_class, "win.log-in", NULL, log_in_action);
  gtk_widget_class_install_action (widget_class, "win.add-contact", "(ss)", add_contact_action);
}

static void
chat_window_init (ChatWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->by_peer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) conversation_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_contact), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_contact), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_contact), self);
  gtk_list_view_set_factory (self->roster_view, factory);
  g_object_unref (factory);
  fill_in_test_account (self);
}

ChatWindow *
chat_window_new (GtkApplication *application)
{
  return g_object_new (CHAT_TYPE_WINDOW, "application", application, NULL);
}
