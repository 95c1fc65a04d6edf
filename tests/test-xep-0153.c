/* test-xep-0153.c: SleekVCardUpdate and SleekVCardAvatars, XEP-0153 vCard-Based Avatars
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#define VCARD_NS "vcard-temp"
#define UPDATE_NS "vcard-temp:x:update"
#define ROMEO_BARE "romeo@example.net"
/* "\x89PNG" in base64, and its SHA-1. */
#define PNG_B64 "iVBORw=="
#define PNG_SHA1 "4effda12c2611e2e4feb6f0d342feb685ccd825b"

typedef struct {
  PluginFixture base;
  SleekVCardAvatars *avatars;
  gboolean done;
  gboolean set;
  GBytes *avatar;
  char *mime_type;
  GError *error;
  guint changed;
  char *changed_jid;
  char *changed_hash;
} Fixture;

static void
on_avatar_changed (SleekVCardAvatars *avatars, SleekJid *jid, const char *hash, gpointer user_data)
{
  Fixture *f = user_data;

  f->changed++;
  g_free (f->changed_jid);
  f->changed_jid = g_strdup (sleek_jid_to_string (jid));
  g_free (f->changed_hash);
  f->changed_hash = g_strdup (hash);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0153", &error));
  g_assert_no_error (error);
  f->avatars = SLEEK_VCARD_AVATARS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0153"));
  g_assert_nonnull (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0054"));
  g_signal_connect (f->avatars, "avatar-changed", G_CALLBACK (on_avatar_changed), f);
}

static void
reset (Fixture *f)
{
  f->done = FALSE;
  f->set = FALSE;
  g_clear_pointer (&f->avatar, g_bytes_unref);
  g_clear_pointer (&f->mime_type, g_free);
  g_clear_error (&f->error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
  reset (f);
  g_clear_pointer (&f->changed_jid, g_free);
  g_clear_pointer (&f->changed_hash, g_free);
}

static void
on_set (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->set = sleek_vcard_avatars_set_avatar_finish (SLEEK_VCARD_AVATARS (source), result, &f->error);
  f->done = TRUE;
}

static void
on_get (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  reset (f);
  f->avatar = sleek_vcard_avatars_get_avatar_finish (SLEEK_VCARD_AVATARS (source), result, &f->mime_type, &f->error);
  f->done = TRUE;
}

static void
recv_with_id (Fixture *f, const char *id, const char *format)
{
  g_autoptr(GString) xml = g_string_new (format);

  g_string_replace (xml, "%s", id, 0);
  pt_recv (&f->base, xml->str);
}

/* Starts the session and answers the fetch of our own vCard. */
static void
start_session (Fixture *f, const char *vcard_answer)
{
  g_autofree char *id = NULL;

  sleek_base_xmpp_start_session (f->base.xmpp);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  if (vcard_answer != NULL)
    recv_with_id (f, id, vcard_answer);
}

static void
test_stanza (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) presence = NULL;
  SleekVCardUpdate *update;

  presence = sleek_stanza_parse ("<presence xmlns='jabber:client'><x xmlns='" UPDATE_NS "'>"
                                 "<photo>" PNG_SHA1 "</photo></x></presence>", &error);
  g_assert_no_error (error);
  update = sleek_presence_get_vcard_update (SLEEK_PRESENCE (presence));
  g_assert_nonnull (update);
  g_assert_cmpstr (sleek_vcard_update_get_photo (update), ==, PNG_SHA1);
  sleek_vcard_update_set_photo (update, "");
  g_assert_cmpstr (sleek_vcard_update_get_photo (update), ==, "");
  sleek_vcard_update_set_photo (update, NULL);
  g_assert_null (sleek_vcard_update_get_photo (update));
  g_clear_object (&presence);

  presence = sleek_stanza_parse ("<presence xmlns='jabber:client'/>", &error);
  g_assert_no_error (error);
  g_assert_null (sleek_presence_get_vcard_update (SLEEK_PRESENCE (presence)));
}

/* Before the hash is known, presences say so with an empty <x/>; once our
 * vCard arrived, the last one goes again with the hash. */
static void
test_own_hash (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;

  g_assert_null (sleek_vcard_avatars_get_hash (f->avatars));
  sleek_base_xmpp_start_session (f->base.xmpp);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  sleek_base_xmpp_send_presence (f->base.xmpp, "away", NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence><show>away</show><x xmlns='" UPDATE_NS "'/></presence>");

  recv_with_id (f, id, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'><FN>J</FN>"
                       "<PHOTO><TYPE>image/png</TYPE><BINVAL>" PNG_B64 "</BINVAL></PHOTO></vCard></iq>");
  pt_expect_send (&f->base, "<presence><show>away</show><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x>"
                            "</presence>");
  g_assert_cmpstr (sleek_vcard_avatars_get_hash (f->avatars), ==, PNG_SHA1);

  /* Directed presence carries it too; unavailable and subscriptions do not. */
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, ROMEO, NULL);
  pt_expect_send (&f->base, "<presence to='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x>"
                            "</presence>");
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, ROMEO_BARE, "subscribe");
  pt_expect_send (&f->base, "<presence to='" ROMEO_BARE "' type='subscribe'/>");
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, "unavailable");
  pt_expect_send (&f->base, "<presence type='unavailable'/>");
  pt_expect_silence (&f->base);
}

static void
test_own_no_avatar (Fixture *f, gconstpointer data)
{
  start_session (f, "<iq type='error' id='%s'><error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/>"
                    "</error></iq>");
  while (sleek_vcard_avatars_get_hash (f->avatars) == NULL)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_cmpstr (sleek_vcard_avatars_get_hash (f->avatars), ==, "");
  /* No presence was sent yet: nothing to send again. */
  pt_expect_silence (&f->base);
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence><x xmlns='" UPDATE_NS "'><photo/></x></presence>");
}

static void
test_set_avatar (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG", 4);
  g_autofree char *id = NULL;

  start_session (f, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence><x xmlns='" UPDATE_NS "'><photo/></x></presence>");

  /* The other fields stay. */
  sleek_vcard_avatars_set_avatar_async (f->avatars, png, "image/png", NULL, on_set, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  recv_with_id (f, id, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'><FN>Juliet</FN>"
                       "<PHOTO><EXTVAL>https://example.com/old.png</EXTVAL></PHOTO></vCard></iq>");
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><vCard xmlns='" VCARD_NS "'><FN>Juliet</FN>"
                                        "<PHOTO><TYPE>image/png</TYPE><BINVAL>" PNG_B64 "</BINVAL></PHOTO>"
                                        "</vCard></iq>");
  recv_with_id (f, id, "<iq type='result' id='%s'/>");
  pt_expect_send (&f->base, "<presence><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x></presence>");
  pt_wait_for (&f->base, &f->done);
  g_assert_no_error (f->error);
  g_assert_true (f->set);
  g_assert_cmpstr (sleek_vcard_avatars_get_hash (f->avatars), ==, PNG_SHA1);

  /* NULL removes it. */
  sleek_vcard_avatars_set_avatar_async (f->avatars, NULL, NULL, NULL, on_set, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  recv_with_id (f, id, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'><FN>Juliet</FN>"
                       "<PHOTO><TYPE>image/png</TYPE><BINVAL>" PNG_B64 "</BINVAL></PHOTO></vCard></iq>");
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><vCard xmlns='" VCARD_NS "'><FN>Juliet</FN>"
                                        "</vCard></iq>");
  recv_with_id (f, id, "<iq type='result' id='%s'/>");
  pt_expect_send (&f->base, "<presence><x xmlns='" UPDATE_NS "'><photo/></x></presence>");
  pt_wait_for (&f->base, &f->done);
  g_assert_true (f->set);
  g_assert_cmpstr (sleek_vcard_avatars_get_hash (f->avatars), ==, "");

  /* A refused publication changes nothing. */
  sleek_vcard_avatars_set_avatar_async (f->avatars, png, "image/png", NULL, on_set, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  recv_with_id (f, id, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'/></iq>");
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='set' id='%s'><vCard xmlns='" VCARD_NS "'>"
                                        "<PHOTO><TYPE>image/png</TYPE><BINVAL>" PNG_B64 "</BINVAL></PHOTO>"
                                        "</vCard></iq>");
  recv_with_id (f, id, "<iq type='error' id='%s'><error type='wait'><resource-constraint xmlns='" NS_STANZAS "'/>"
                       "</error></iq>");
  pt_wait_for (&f->base, &f->done);
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_RESOURCE_CONSTRAINT);
  g_assert_false (f->set);
  g_assert_cmpstr (sleek_vcard_avatars_get_hash (f->avatars), ==, "");
  pt_expect_silence (&f->base);
}

static void
test_their_hash (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x></presence>");
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpstr (f->changed_jid, ==, ROMEO_BARE);
  g_assert_cmpstr (f->changed_hash, ==, PNG_SHA1);
  g_assert_cmpstr (sleek_vcard_avatars_get_known_hash (f->avatars, romeo), ==, PNG_SHA1);

  /* The same hash, from another resource too: nothing new. */
  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x></presence>");
  pt_recv (&f->base, "<presence from='" ROMEO_BARE "/garden'><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x>"
                     "</presence>");
  g_assert_cmpuint (f->changed, ==, 1);
  /* Not ready, no update at all, unavailable: nothing either. */
  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'/></presence>");
  pt_recv (&f->base, "<presence from='" ROMEO "'/>");
  pt_recv (&f->base, "<presence from='" ROMEO "' type='unavailable'><x xmlns='" UPDATE_NS "'><photo/></x></presence>");
  g_assert_cmpuint (f->changed, ==, 1);
  /* Our own presence, reflected: ignored; another resource of ours: seen. */
  pt_recv (&f->base, "<presence from='" OWN_JID "'><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo></x></presence>");
  g_assert_cmpuint (f->changed, ==, 1);
  pt_recv (&f->base, "<presence from='juliet@example.com/tomb'><x xmlns='" UPDATE_NS "'><photo>" PNG_SHA1 "</photo>"
                     "</x></presence>");
  g_assert_cmpuint (f->changed, ==, 2);
  g_assert_cmpstr (f->changed_jid, ==, "juliet@example.com");
  /* Avatar removed. */
  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo/></x></presence>");
  g_assert_cmpuint (f->changed, ==, 3);
  g_assert_cmpstr (f->changed_hash, ==, "");
  g_assert_cmpstr (sleek_vcard_avatars_get_known_hash (f->avatars, romeo), ==, "");
}

static void
get_avatar (Fixture *f, const char *answer)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autofree char *id = NULL;

  reset (f);
  sleek_vcard_avatars_get_avatar_async (f->avatars, romeo, NULL, on_get, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'/></iq>");
  recv_with_id (f, id, answer);
  pt_wait_for (&f->base, &f->done);
}

static void
test_get_avatar (Fixture *f, gconstpointer data)
{
  const char *photo = "<iq type='result' id='%s' from='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'>"
                      "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBO\nRw==</BINVAL></PHOTO></vCard></iq>";
  gsize len = 0;
  gconstpointer bytes;

  /* Nothing advertised: nothing to check against. */
  get_avatar (f, photo);
  g_assert_no_error (f->error);
  bytes = g_bytes_get_data (f->avatar, &len);
  g_assert_cmpmem (bytes, len, "\x89PNG", 4);
  g_assert_cmpstr (f->mime_type, ==, "image/png");

  /* Advertised, matching (whatever the case of the hex digits). */
  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo>4EFFDA12C2611E2E4FEB6F0D342FEB685CCD825B"
                     "</photo></x></presence>");
  get_avatar (f, photo);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->avatar);

  /* Advertised, not matching. */
  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo>"
                     "0000000000000000000000000000000000000000</photo></x></presence>");
  get_avatar (f, photo);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (f->avatar);
  g_assert_null (f->mime_type);

  /* No photo; a broken one; an error. */
  get_avatar (f, "<iq type='result' id='%s' from='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'><FN>R</FN></vCard></iq>");
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  get_avatar (f, "<iq type='result' id='%s' from='" ROMEO_BARE "'><vCard xmlns='" VCARD_NS "'><PHOTO>"
                 "<BINVAL>not base64!</BINVAL></PHOTO></vCard></iq>");
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  get_avatar (f, "<iq type='error' id='%s' from='" ROMEO_BARE "'><error type='cancel'>"
                 "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
  g_assert_error (f->error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE);
}

static void
test_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekVCardAvatars) avatars = g_object_ref (f->avatars);
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);

  start_session (f, "<iq type='result' id='%s'><vCard xmlns='" VCARD_NS "'><PHOTO><BINVAL>" PNG_B64 "</BINVAL>"
                    "</PHOTO></vCard></iq>");
  while (sleek_vcard_avatars_get_hash (f->avatars) == NULL)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0153", &error));
  g_assert_no_error (error);

  /* Our presence goes out untouched, theirs is not watched. */
  sleek_base_xmpp_send_presence (f->base.xmpp, NULL, NULL, 0, NULL, NULL);
  pt_expect_send (&f->base, "<presence/>");
  pt_recv (&f->base, "<presence from='" ROMEO "'><x xmlns='" UPDATE_NS "'><photo/></x></presence>");
  g_assert_cmpuint (f->changed, ==, 0);

  /* xep_0054 stays, but this plugin is no longer enabled. */
  sleek_vcard_avatars_get_avatar_async (avatars, romeo, NULL, on_get, f);
  while (!f->done)
    g_main_context_iteration (f->base.ctx, TRUE);
  g_assert_error (f->error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED);
  pt_expect_silence (&f->base);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0153/stanza", test_stanza);
  ADD ("/xep-0153/own-hash", test_own_hash);
  ADD ("/xep-0153/own-no-avatar", test_own_no_avatar);
  ADD ("/xep-0153/set-avatar", test_set_avatar);
  ADD ("/xep-0153/their-hash", test_their_hash);
  ADD ("/xep-0153/get-avatar", test_get_avatar);
  ADD ("/xep-0153/removed", test_removed);

  return g_test_run ();
}
