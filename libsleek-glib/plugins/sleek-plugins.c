/* sleek-plugins.c: the built-in plugins, registered on first use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0012-last.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0045-muc.h"
#include "sleek-xep-0049-private-storage.h"
#include "sleek-xep-0050-adhoc.h"
#include "sleek-xep-0054-vcard-temp.h"
#include "sleek-xep-0059-rsm.h"
#include "sleek-xep-0060-pubsub.h"
#include "sleek-xep-0066-oob.h"
#include "sleek-xep-0077-register.h"
#include "sleek-xep-0082-datetime.h"
#include "sleek-xep-0084-avatar.h"
#include "sleek-xep-0085-chat-states.h"
#include "sleek-xep-0092-version.h"
#include "sleek-xep-0106-escaping.h"
#include "sleek-xep-0153-vcard-avatars.h"
#include "sleek-xep-0172-nick.h"
#include "sleek-xep-0163-pep.h"
#include "sleek-xep-0184-receipts.h"
#include "sleek-xep-0115-caps.h"
#include "sleek-xep-0128-extended-disco.h"
#include "sleek-xep-0191-blocking.h"
#include "sleek-xep-0198-stream-management.h"
#include "sleek-xep-0199-ping.h"
#include "sleek-xep-0202-time.h"
#include "sleek-xep-0203-delay.h"
#include "sleek-xep-0223-pep-storage.h"
#include "sleek-xep-0280-carbons.h"
#include "sleek-xep-0297-forward.h"
#include "sleek-xep-0313-mam.h"
#include "sleek-xep-0333-chat-markers.h"
#include "sleek-xep-0352-client-state.h"
#include "sleek-xep-0357-push.h"
#include "sleek-xep-0359-stanza-ids.h"
#include "sleek-xep-0363-http-upload.h"
#include "sleek-xep-0308-correction.h"
#include "sleek-xep-0382-spoilers.h"
#include "sleek-xep-0393-styling.h"
#include "sleek-xep-0424-retraction.h"
#include "sleek-xep-0444-reactions.h"
#include "sleek-xep-0461-replies.h"
#include "sleek-xep-0402-bookmarks.h"
#include "sleek-xep-0410-muc-self-ping.h"

SleekNode *
sleek_plugin_form_to_submit (SleekDataForm *form, const char *form_type)
{
  g_autoptr(SleekDataForm) submit = NULL;

  if (sleek_data_form_get_form_type (form) == SLEEK_DATA_FORM_TYPE_SUBMIT)
    submit = SLEEK_DATA_FORM (sleek_stanza_copy (SLEEK_STANZA (form)));
  else
    submit = sleek_data_form_make_submit (form);
  if (sleek_data_form_get_form_namespace (submit) == NULL)
    sleek_data_form_set_form_namespace (submit, form_type);
  return sleek_node_ref (sleek_stanza_get_node (SLEEK_STANZA (submit)));
}

void
sleek_plugin_return_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

SleekDisco *
sleek_plugin_get_disco (SleekPlugin *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (self);
  SleekPlugin *disco = xmpp != NULL ? sleek_base_xmpp_get_plugin (xmpp, "xep_0030") : NULL;

  return disco != NULL && SLEEK_IS_DISCO (disco) ? SLEEK_DISCO (disco) : NULL;
}

void
sleek_plugin_advertise (SleekPlugin *self, const char *feature)
{
  SleekDisco *disco = sleek_plugin_get_disco (self);

  if (disco != NULL)
    sleek_disco_add_feature (disco, feature, NULL);
}

void
sleek_plugin_withdraw (SleekPlugin *self, const char *feature)
{
  SleekDisco *disco = sleek_plugin_get_disco (self);

  if (disco != NULL)
    sleek_disco_remove_feature (disco, feature, NULL);
}

void
sleek_plugin_handle_messages (SleekPlugin *self, SleekHandlerFunc func)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xml_mask ("<message/>", &error);

  g_assert_no_error (error);
  sleek_plugin_add_handler (self, matcher, SLEEK_HANDLER_NONE, func, self, NULL);
}

void
sleek_plugin_ensure_id (SleekStanza *stanza)
{
  g_autofree char *id = NULL;

  if (sleek_stanza_get_id (stanza) != NULL)
    return;
  id = g_uuid_string_random ();
  sleek_stanza_set_id (stanza, id);
}

SleekMessage *
sleek_plugin_incoming_message (SleekStanza *stanza)
{
  SleekMessage *message;

  if (!SLEEK_IS_MESSAGE (stanza))
    return NULL;
  message = SLEEK_MESSAGE (stanza);
  if (sleek_message_get_message_type (message) == SLEEK_MESSAGE_TYPE_ERROR ||
      sleek_stanza_get_from (stanza) == NULL)
    return NULL;
  return message;
}

const char *
sleek_plugin_get_child_attribute (SleekMessage *message, const char *name, const char *ns, const char *attribute)
{
  SleekNode *child = sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), name, ns);
  const char *value = child != NULL ? sleek_node_get_attribute (child, attribute) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

SleekNode *
sleek_plugin_set_child_id (SleekMessage *message, const char *name, const char *ns, const char *id)
{
  SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (message));
  SleekNode *child;

  sleek_node_remove_children (node, name, ns);
  if (id == NULL)
    return NULL;
  child = sleek_node_add_child_new (node, name, ns);
  sleek_node_set_attribute (child, "id", id);
  return child;
}

SleekMessage *
sleek_plugin_new_message (SleekPlugin *self, SleekJid *to, SleekMessageType type, const char *id, GError **error)
{
  SleekMessage *message;

  if (sleek_plugin_get_xmpp (self) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The plugin is not enabled on a stream"));
      return NULL;
    }
  if (id != NULL && *id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The id of the message named is empty"));
      return NULL;
    }
  message = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (message), to);
  sleek_message_set_message_type (message, type);
  sleek_plugin_ensure_id (SLEEK_STANZA (message));
  return message;
}

SleekNode *
sleek_plugin_add_fallback (SleekMessage *message, const char *for_ns)
{
  SleekNode *fallback = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (message)), "fallback",
                                                  SLEEK_NS_FALLBACK);

  sleek_node_set_attribute (fallback, "for", for_ns);
  return fallback;
}

SleekMessage *
sleek_plugin_send_message (SleekPlugin *self, SleekMessage *message)
{
  sleek_xml_stream_send (SLEEK_XML_STREAM (sleek_plugin_get_xmpp (self)), SLEEK_STANZA (message));
  return message;
}

guint
sleek_plugin_new_reference_signal (GType type, const char *signal_name)
{
  return g_signal_new (signal_name, type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                       G_TYPE_NONE, 2, SLEEK_TYPE_MESSAGE, G_TYPE_STRING);
}

typedef struct {
  SleekPlugin *plugin;
  const char *name;
  const char *ns;
  guint signal_id;
} Reference;

static void
on_reference (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  Reference *reference = user_data;
  SleekMessage *message = sleek_plugin_incoming_message (stanza);
  const char *id;

  if (message == NULL)
    return;
  id = sleek_plugin_get_child_attribute (message, reference->name, reference->ns, "id");
  if (id != NULL)
    g_signal_emit (reference->plugin, reference->signal_id, 0, message, id);
}

void
sleek_plugin_report_references (SleekPlugin *self, const char *name, const char *ns, guint signal_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekMatcher) matcher = sleek_matcher_new_xml_mask ("<message/>", &error);
  Reference *reference = g_new (Reference, 1);

  g_assert_no_error (error);
  *reference = (Reference) { self, name, ns, signal_id };
  sleek_plugin_add_handler (self, matcher, SLEEK_HANDLER_NONE, on_reference, reference, g_free);
}

void
sleek_plugin_add_store_hint (SleekMessage *message)
{
  sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (message)), "store", SLEEK_NS_HINTS);
}

void
sleek_plugin_answer_get (SleekPlugin *self, const char *element, const char *ns, SleekHandlerFunc func)
{
  g_autofree char *mask = g_strdup_printf ("<iq type='get'><%s xmlns='%s'/></iq>", element, ns);
  g_autoptr(SleekMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;

  matcher = sleek_matcher_new_xml_mask (mask, &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (self, matcher, SLEEK_HANDLER_NONE, func, self, NULL);
  sleek_plugin_advertise (self, ns);
}

static gpointer
register_builtin (gpointer data)
{
  sleek_plugin_register_builtin (SLEEK_TYPE_DISCO, "xep_0030", "XEP-0030: Service Discovery", NULL);
  sleek_plugin_register_builtin (SLEEK_TYPE_DATA_FORMS, "xep_0004", "XEP-0004: Data Forms",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MUC, "xep_0045", "XEP-0045: Multi-User Chat",
                                 (const char * const []) { "xep_0030", "xep_0004", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_AD_HOC_COMMANDS, "xep_0050", "XEP-0050: Ad-Hoc Commands",
                                 (const char * const []) { "xep_0030", "xep_0004", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_LAST_ACTIVITY, "xep_0012", "XEP-0012: Last Activity",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_VCARD_TEMP, "xep_0054", "XEP-0054: vcard-temp",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_RESULT_SET_MANAGEMENT, "xep_0059", "XEP-0059: Result Set Management",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_OUT_OF_BAND_DATA, "xep_0066", "XEP-0066: Out of Band Data",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_IN_BAND_REGISTRATION, "xep_0077", "XEP-0077: In-Band Registration",
                                 (const char * const []) { "xep_0030", "xep_0004", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_DATE_TIME_PROFILES, "xep_0082", "XEP-0082: XMPP Date and Time Profiles",
                                 NULL);
  sleek_plugin_register_builtin (SLEEK_TYPE_CHAT_STATES, "xep_0085", "XEP-0085: Chat State Notifications",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_SOFTWARE_VERSION, "xep_0092", "XEP-0092: Software Version",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_JID_ESCAPING, "xep_0106", "XEP-0106: JID Escaping",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_VCARD_AVATARS, "xep_0153", "XEP-0153: vCard-Based Avatars",
                                 (const char * const []) { "xep_0054", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_DELIVERY_RECEIPTS, "xep_0184", "XEP-0184: Message Delivery Receipts",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_ENTITY_CAPS, "xep_0115", "XEP-0115: Entity Capabilities",
                                 (const char * const []) { "xep_0030", "xep_0004", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_EXTENDED_DISCO, "xep_0128", "XEP-0128: Service Discovery Extensions",
                                 (const char * const []) { "xep_0030", "xep_0004", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_STREAM_MANAGEMENT, "xep_0198", "XEP-0198: Stream Management", NULL);
  sleek_plugin_register_builtin (SLEEK_TYPE_PING, "xep_0199", "XEP-0199: XMPP Ping",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_ENTITY_TIME, "xep_0202", "XEP-0202: Entity Time",
                                 (const char * const []) { "xep_0030", "xep_0082", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_DELAYED_DELIVERY, "xep_0203", "XEP-0203: Delayed Delivery",
                                 (const char * const []) { "xep_0082", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_FORWARDING, "xep_0297", "XEP-0297: Stanza Forwarding",
                                 (const char * const []) { "xep_0203", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_CARBONS, "xep_0280", "XEP-0280: Message Carbons",
                                 (const char * const []) { "xep_0030", "xep_0297", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MESSAGE_ARCHIVE, "xep_0313", "XEP-0313: Message Archive Management",
                                 (const char * const []) { "xep_0030", "xep_0004", "xep_0059", "xep_0082",
                                                           "xep_0297", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_CHAT_MARKERS, "xep_0333", "XEP-0333: Displayed Markers",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_PUBSUB, "xep_0060", "XEP-0060: Publish-Subscribe",
                                 (const char * const []) { "xep_0030", "xep_0004", "xep_0059", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_PEP, "xep_0163", "XEP-0163: Personal Eventing Protocol",
                                 (const char * const []) { "xep_0030", "xep_0060", "xep_0115", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_PEP_STORAGE, "xep_0223", "XEP-0223: Persistent Storage of Private Data via PubSub",
                                 (const char * const []) { "xep_0004", "xep_0060", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_BOOKMARKS, "xep_0402", "XEP-0402: PEP Native Bookmarks",
                                 (const char * const []) { "xep_0030", "xep_0060", "xep_0163", "xep_0223", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_USER_AVATAR, "xep_0084", "XEP-0084: User Avatar",
                                 (const char * const []) { "xep_0060", "xep_0163", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_STANZA_IDS, "xep_0359", "XEP-0359: Unique and Stable Stanza IDs",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_HTTP_UPLOAD, "xep_0363", "XEP-0363: HTTP File Upload",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MESSAGE_CORRECTION, "xep_0308", "XEP-0308: Last Message Correction",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MESSAGE_RETRACTION, "xep_0424", "XEP-0424: Message Retraction",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MESSAGE_REACTIONS, "xep_0444", "XEP-0444: Message Reactions",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MESSAGE_REPLIES, "xep_0461", "XEP-0461: Message Replies",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_SPOILERS, "xep_0382", "XEP-0382: Spoiler messages",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MESSAGE_STYLING, "xep_0393", "XEP-0393: Message Styling",
                                 (const char * const []) { "xep_0030", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_USER_NICKNAME, "xep_0172", "XEP-0172: User Nickname",
                                 (const char * const []) { "xep_0163", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_PRIVATE_STORAGE, "xep_0049", "XEP-0049: Private XML Storage",
                                 NULL);
  sleek_plugin_register_builtin (SLEEK_TYPE_BLOCKING, "xep_0191", "XEP-0191: Blocking Command",
                                 NULL);
  sleek_plugin_register_builtin (SLEEK_TYPE_CLIENT_STATE_INDICATION, "xep_0352", "XEP-0352: Client State Indication",
                                 NULL);
  sleek_plugin_register_builtin (SLEEK_TYPE_PUSH, "xep_0357", "XEP-0357: Push Notifications",
                                 (const char * const []) { "xep_0004", NULL });
  sleek_plugin_register_builtin (SLEEK_TYPE_MUC_SELF_PING, "xep_0410", "XEP-0410: MUC Self-Ping",
                                 (const char * const []) { "xep_0045", "xep_0199", NULL });
  return NULL;
}

void
sleek_plugins_ensure_builtin (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_builtin, NULL);
}
