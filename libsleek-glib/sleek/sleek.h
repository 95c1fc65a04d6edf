/* sleek.h: the single public include of sleek-glib
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define SLEEK_INSIDE

#include <gio/gio.h>

#include <sleek/sleek-version.h>
#include <sleek/sleek-enums.h>
#include <sleek/sleek-error.h>
#include <sleek/sleek-ns.h>
#include <sleek/sleek-jid.h>
#include <sleek/sleek-node.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-error-stanza.h>
#include <sleek/sleek-message.h>
#include <sleek/sleek-presence.h>
#include <sleek/sleek-iq.h>
#include <sleek/sleek-matcher.h>
#include <sleek/sleek-xml-stream.h>
#include <sleek/sleek-test-stream.h>
#include <sleek/sleek-roster.h>
#include <sleek/sleek-base-xmpp.h>
#include <sleek/sleek-stream-feature.h>
#include <sleek/sleek-alt-connections.h>
#include <sleek/sleek-client-xmpp.h>
#include <sleek/sleek-component-xmpp.h>
#include <sleek/sleek-sasl-mechanism.h>
#include <sleek/sleek-plugin.h>
#include <plugins/sleek-xep-0004-forms.h>
#include <plugins/sleek-xep-0012-last.h>
#include <plugins/sleek-xep-0030-disco.h>
#include <plugins/sleek-xep-0045-muc.h>
#include <plugins/sleek-xep-0049-private-storage.h>
#include <plugins/sleek-xep-0050-adhoc.h>
#include <plugins/sleek-xep-0054-vcard-temp.h>
#include <plugins/sleek-xep-0059-rsm.h>
#include <plugins/sleek-xep-0060-pubsub.h>
#include <plugins/sleek-xep-0066-oob.h>
#include <plugins/sleek-xep-0077-register.h>
#include <plugins/sleek-xep-0082-datetime.h>
#include <plugins/sleek-xep-0084-avatar.h>
#include <plugins/sleek-xep-0085-chat-states.h>
#include <plugins/sleek-xep-0092-version.h>
#include <plugins/sleek-xep-0106-escaping.h>
#include <plugins/sleek-xep-0153-vcard-avatars.h>
#include <plugins/sleek-xep-0172-nick.h>
#include <plugins/sleek-xep-0163-pep.h>
#include <plugins/sleek-xep-0184-receipts.h>
#include <plugins/sleek-xep-0115-caps.h>
#include <plugins/sleek-xep-0128-extended-disco.h>
#include <plugins/sleek-xep-0191-blocking.h>
#include <plugins/sleek-xep-0198-stream-management.h>
#include <plugins/sleek-xep-0199-ping.h>
#include <plugins/sleek-xep-0202-time.h>
#include <plugins/sleek-xep-0203-delay.h>
#include <plugins/sleek-xep-0223-pep-storage.h>
#include <plugins/sleek-xep-0280-carbons.h>
#include <plugins/sleek-xep-0297-forward.h>
#include <plugins/sleek-xep-0313-mam.h>
#include <plugins/sleek-xep-0333-chat-markers.h>
#include <plugins/sleek-xep-0352-client-state.h>
#include <plugins/sleek-xep-0357-push.h>
#include <plugins/sleek-xep-0359-stanza-ids.h>
#include <plugins/sleek-xep-0363-http-upload.h>
#include <plugins/sleek-xep-0308-correction.h>
#include <plugins/sleek-xep-0382-spoilers.h>
#include <plugins/sleek-xep-0393-styling.h>
#include <plugins/sleek-xep-0424-retraction.h>
#include <plugins/sleek-xep-0444-reactions.h>
#include <plugins/sleek-xep-0461-replies.h>
#include <plugins/sleek-xep-0402-bookmarks.h>
#include <plugins/sleek-xep-0410-muc-self-ping.h>

#undef SLEEK_INSIDE
