/* test-xep-0084.c: SleekUserAvatar, XEP-0084 User Avatar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#define PS "http://jabber.org/protocol/pubsub"
#define PS_EVENT PS "#event"
#define DATA "urn:xmpp:avatar:data"
#define META "urn:xmpp:avatar:metadata"

typedef struct {
  PluginFixture base;
  SleekUserAvatar *avatar;
  gboolean done;
  GAsyncResult *result;
  GPtrArray *changes;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekJid) bound = pt_jid (OWN_JID);

  pt_setup (&f->base, data);
  sleek_base_xmpp_set_bound_jid (f->base.xmpp, bound);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0084", &error));
  g_assert_no_error (error);
  f->avatar = SLEEK_USER_AVATAR (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0084"));
  f->changes = g_ptr_array_new_with_free_func (g_free);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->result);
  g_ptr_array_unref (f->changes);
  pt_teardown (&f->base, data);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->result);
  f->result = g_object_ref (result);
  f->done = TRUE;
}

static GBytes *
make_png (int width, int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize length = 0;

  gdk_pixbuf_fill (pixbuf, 0xcc3366ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static void
answer (Fixture *f, const char *id)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s'/>", id);

  pt_recv (&f->base, xml);
}

/* Publishes a @width × @height PNG and checks what is sent: an image of
 * @want_width × @want_height whose SHA-1 is the item id. */
static void
check_publish (Fixture *f, int width, int height, int want_width, int want_height)
{
  g_autoptr(GBytes) image = make_png (width, height);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekNode) sent = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autofree char *hash = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *meta_id = NULL;
  g_autofree char *format = NULL;
  g_autofree char *id = NULL;
  SleekNode *item, *data;
  GdkPixbuf *pixbuf;
  guchar *decoded;
  gsize length;

  sleek_user_avatar_publish_async (f->avatar, image, NULL, on_done, f);
  sent = sleek_test_stream_next_send (f->base.peer, &error);
  g_assert_no_error (error);
  item = sleek_node_find (sent, "{" PS "}pubsub/publish/item");
  g_assert_nonnull (item);
  g_assert_cmpstr (sleek_node_get_attribute (sleek_node_find (sent, "{" PS "}pubsub/publish"), "node"), ==, DATA);
  data = sleek_node_get_child (item, "data", DATA);
  g_assert_nonnull (data);
  decoded = g_base64_decode (sleek_node_get_text (data), &length);
  png = g_bytes_new_take (decoded, length);
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, png);
  g_assert_cmpstr (sleek_node_get_attribute (item, "id"), ==, hash);
  g_assert_true (gdk_pixbuf_loader_write (loader, decoded, length, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, want_width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, want_height);
  format = gdk_pixbuf_format_get_name (gdk_pixbuf_loader_get_format (loader));
  g_assert_cmpstr (format, ==, "png");
  answer (f, sleek_node_get_attribute (sent, "id"));

  expected = g_strdup_printf ("<iq type='set' id='%%s'><pubsub xmlns='" PS "'><publish node='" META "'>"
                              "<item id='%s'><metadata xmlns='" META "'><info bytes='%" G_GSIZE_FORMAT "'"
                              " height='%d' id='%s' type='image/png' width='%d'/></metadata></item></publish>"
                              "</pubsub></iq>", hash, length, want_height, hash, want_width);
  meta_id = pt_expect_send_any_id (&f->base, expected);
  answer (f, meta_id);
  pt_wait_for (&f->base, &f->done);
  f->done = FALSE;
  id = sleek_user_avatar_publish_finish (f->avatar, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, hash);
  cached = sleek_user_avatar_lookup (f->avatar, id);
  g_assert_nonnull (cached);
  g_assert_true (g_bytes_equal (cached, png));
}

static void
test_publish (Fixture *f, gconstpointer data)
{
  check_publish (f, 400, 200, 192, 96);
  check_publish (f, 100, 300, 64, 192);
  check_publish (f, 300, 600, 96, 192);
  /* Small enough already. */
  check_publish (f, 50, 40, 50, 40);
}

static void
test_publish_bad_image (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("not an image at all", 19);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  sleek_user_avatar_publish_async (f->avatar, junk, NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  id = sleek_user_avatar_publish_finish (f->avatar, f->result, &error);
  g_assert_nonnull (error);
  g_assert_null (id);
  pt_expect_silence (&f->base);
}

static void
test_fetch (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GBytes) image = make_png (8, 8);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, image);
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  g_autofree char *sent = g_strdup_printf ("<iq type='get' id='%%s' to='romeo@example.net'><pubsub xmlns='" PS "'>"
                                           "<items node='" DATA "'><item id='%s'/></items></pubsub></iq>", hash);
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  sleek_user_avatar_fetch_async (f->avatar, romeo, hash, NULL, on_done, f);
  id = pt_expect_send_any_id (&f->base, sent);
  reply = g_strdup_printf ("<iq type='result' id='%s' from='romeo@example.net'><pubsub xmlns='" PS "'>"
                           "<items node='" DATA "'><item id='%s'><data xmlns='" DATA "'>%s</data></item></items>"
                           "</pubsub></iq>", id, hash, base64);
  pt_recv (&f->base, reply);
  pt_wait_for (&f->base, &f->done);
  f->done = FALSE;
  got = sleek_user_avatar_fetch_finish (f->avatar, f->result, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, image));
  g_clear_pointer (&got, g_bytes_unref);

  /* From the cache now. */
  sleek_user_avatar_fetch_async (f->avatar, romeo, hash, NULL, on_done, f);
  pt_wait_for (&f->base, &f->done);
  f->done = FALSE;
  got = sleek_user_avatar_fetch_finish (f->avatar, f->result, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, image));
  pt_expect_silence (&f->base);
}

static void
test_fetch_mismatch (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekJid) romeo = pt_jid (ROMEO);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *hash = "0123456789abcdef0123456789abcdef01234567";
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  sleek_user_avatar_fetch_async (f->avatar, romeo, hash, NULL, on_done, f);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='romeo@example.net'><pubsub xmlns='" PS "'>"
                                        "<items node='" DATA "'><item id='0123456789abcdef0123456789abcdef01234567'/>"
                                        "</items></pubsub></iq>");
  reply = g_strdup_printf ("<iq type='result' id='%s' from='romeo@example.net'><pubsub xmlns='" PS "'>"
                           "<items node='" DATA "'><item id='%s'><data xmlns='" DATA "'>aGVsbG8=</data></item>"
                           "</items></pubsub></iq>", id, hash);
  pt_recv (&f->base, reply);
  pt_wait_for (&f->base, &f->done);
  f->done = FALSE;
  got = sleek_user_avatar_fetch_finish (f->avatar, f->result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (got);
  g_assert_null (sleek_user_avatar_lookup (f->avatar, hash));
  g_clear_error (&error);

  /* No such item. */
  sleek_user_avatar_fetch_async (f->avatar, romeo, hash, NULL, on_done, f);
  g_free (id);
  id = pt_expect_send_any_id (&f->base, "<iq type='get' id='%s' to='romeo@example.net'><pubsub xmlns='" PS "'>"
                                        "<items node='" DATA "'><item id='0123456789abcdef0123456789abcdef01234567'/>"
                                        "</items></pubsub></iq>");
  g_free (reply);
  reply = g_strdup_printf ("<iq type='result' id='%s' from='romeo@example.net'><pubsub xmlns='" PS "'>"
                           "<items node='" DATA "'/></pubsub></iq>", id);
  pt_recv (&f->base, reply);
  pt_wait_for (&f->base, &f->done);
  got = sleek_user_avatar_fetch_finish (f->avatar, f->result, &error);
  g_assert_error (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND);
}

static void
on_changed (SleekUserAvatar *avatar, SleekJid *jid, SleekUserAvatarInfo *info, gpointer user_data)
{
  Fixture *f = user_data;

  if (info == NULL)
    g_ptr_array_add (f->changes, g_strdup_printf ("%s none", sleek_jid_to_string (jid)));
  else
    g_ptr_array_add (f->changes, g_strdup_printf ("%s %s %s %u %ux%u", sleek_jid_to_string (jid),
                                                  sleek_user_avatar_info_get_id (info),
                                                  sleek_user_avatar_info_get_mime_type (info),
                                                  sleek_user_avatar_info_get_bytes (info),
                                                  sleek_user_avatar_info_get_width (info),
                                                  sleek_user_avatar_info_get_height (info)));
}

static void
test_metadata (Fixture *f, gconstpointer data)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  g_assert_true (sleek_disco_info_has_feature (info, META "+notify"));
  g_signal_connect (f->avatar, "avatar-changed", G_CALLBACK (on_changed), f);
  pt_recv (&f->base, "<message from='romeo@example.net'><event xmlns='" PS_EVENT "'><items node='" META "'>"
                     "<item id='AB'><metadata xmlns='" META "'>"
                     "<info id='cd' type='image/jpeg' bytes='10'/><info type='image/png' bytes='5'/>"
                     "<info id='AB' type='image/png' bytes='12345' width='64' height='64'/>"
                     "</metadata></item></items></event></message>");
  pt_recv (&f->base, "<message from='romeo@example.net'><event xmlns='" PS_EVENT "'><items node='" META "'>"
                     "<item id='x'><metadata xmlns='" META "'/></item></items></event></message>");
  pt_recv (&f->base, "<message from='romeo@example.net'><event xmlns='" PS_EVENT "'><items node='" META "'>"
                     "<item id='y'><metadata xmlns='" META "'><info id='ef' bytes='-3' width='x'/></metadata>"
                     "</item></items></event></message>");
  while (g_main_context_iteration (f->base.ctx, FALSE))
    ;
  g_assert_cmpuint (f->changes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->changes, 0), ==, "romeo@example.net ab image/png 12345 64x64");
  g_assert_cmpstr (g_ptr_array_index (f->changes, 1), ==, "romeo@example.net none");
  g_assert_cmpstr (g_ptr_array_index (f->changes, 2), ==, "romeo@example.net ef (null) 0 0x0");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0084/publish", test_publish);
  ADD ("/xep-0084/publish-bad-image", test_publish_bad_image);
  ADD ("/xep-0084/fetch", test_fetch);
  ADD ("/xep-0084/fetch-mismatch", test_fetch_mismatch);
  ADD ("/xep-0084/metadata", test_metadata);

  return g_test_run ();
}
