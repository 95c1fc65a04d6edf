/* sleek-alt-connections.c: connection methods found with XEP-0156
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-alt-connections-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

/**
 * SleekAltConnections:
 *
 * The alternative connection methods a domain announces in its
 * `/.well-known/host-meta` (XEP-0156): XMPP over WebSocket endpoints
 * (RFC 7395) and BOSH endpoints (XEP-0206), in the document's order.
 * [method@Sleek.ClientXmpp.discover_connections_async] returns one.
 *
 * A host-meta fetched over `https://` yields only `wss://` and
 * `https://` endpoints: an unencrypted one listed there is dropped, as
 * the XEP's security considerations ask.
 *
 * ```c
 * static void
 * discovered (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SleekAltConnections) found =
 *     sleek_client_xmpp_discover_connections_finish (SLEEK_CLIENT_XMPP (source), result, &error);
 *
 *   if (found != NULL && sleek_alt_connections_get_websocket_urls (found)[0] != NULL)
 *     g_print ("WebSocket: %s\n", sleek_alt_connections_get_websocket_urls (found)[0]);
 * }
 * ```
 */

struct _SleekAltConnections {
  GObject parent_instance;

  GPtrArray *websocket;   /* NULL-terminated */
  GPtrArray *bosh;
  char *source;
};

G_DEFINE_FINAL_TYPE (SleekAltConnections, sleek_alt_connections, G_TYPE_OBJECT)

static void
sleek_alt_connections_finalize (GObject *object)
{
  SleekAltConnections *self = SLEEK_ALT_CONNECTIONS (object);

  g_ptr_array_unref (self->websocket);
  g_ptr_array_unref (self->bosh);
  g_free (self->source);
  G_OBJECT_CLASS (sleek_alt_connections_parent_class)->finalize (object);
}

static void
sleek_alt_connections_class_init (SleekAltConnectionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_alt_connections_finalize;
}

static void
sleek_alt_connections_init (SleekAltConnections *self)
{
  self->websocket = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->bosh = g_ptr_array_new_null_terminated (2, g_free, TRUE);
}

/**
 * sleek_alt_connections_get_websocket_urls:
 * @self: what discovery found
 *
 * Gets the XMPP over WebSocket endpoints, best first.
 *
 * Returns: (transfer none) (array zero-terminated=1): the `wss://` (or,
 *   from an `http://` host-meta, `ws://`) URLs; empty when there are none
 */
const char * const *
sleek_alt_connections_get_websocket_urls (SleekAltConnections *self)
{
  g_return_val_if_fail (SLEEK_IS_ALT_CONNECTIONS (self), NULL);
  return (const char * const *) self->websocket->pdata;
}

/**
 * sleek_alt_connections_get_bosh_urls:
 * @self: what discovery found
 *
 * Gets the BOSH (XEP-0206) endpoints, best first.
 *
 * Returns: (transfer none) (array zero-terminated=1): the URLs; empty
 *   when there are none
 */
const char * const *
sleek_alt_connections_get_bosh_urls (SleekAltConnections *self)
{
  g_return_val_if_fail (SLEEK_IS_ALT_CONNECTIONS (self), NULL);
  return (const char * const *) self->bosh->pdata;
}

/**
 * sleek_alt_connections_get_source_url:
 * @self: what discovery found
 *
 * Gets the URL of the host-meta document the endpoints come from.
 *
 * Returns: (transfer none): the URL
 */
const char *
sleek_alt_connections_get_source_url (SleekAltConnections *self)
{
  g_return_val_if_fail (SLEEK_IS_ALT_CONNECTIONS (self), NULL);
  return self->source;
}

static gboolean
has_scheme (const char *url, const char *scheme)
{
  gsize n = strlen (scheme);

  return g_ascii_strncasecmp (url, scheme, n) == 0 && url[n] == ':';
}

static void
add_link (SleekAltConnections *self, gboolean secure_source, const char *rel, const char *href)
{
  if (rel == NULL || href == NULL)
    return;
  if (g_str_equal (rel, SLEEK_ALT_REL_WEBSOCKET))
    {
      if (has_scheme (href, "wss") || (!secure_source && has_scheme (href, "ws")))
        g_ptr_array_add (self->websocket, g_strdup (href));
      else
        g_debug ("XEP-0156: ignoring the WebSocket endpoint %s", href);
    }
  else if (g_str_equal (rel, SLEEK_ALT_REL_BOSH))
    {
      if (has_scheme (href, "https") || (!secure_source && has_scheme (href, "http")))
        g_ptr_array_add (self->bosh, g_strdup (href));
      else
        g_debug ("XEP-0156: ignoring the BOSH endpoint %s", href);
    }
}

static gboolean
parse_xrd (SleekAltConnections *self, gboolean secure_source, const char *data, gsize len, GError **error)
{
  g_autoptr(SleekNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  root = sleek_node_parse (data, len, &local_error);
  if (root == NULL)
    {
      g_set_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                   _("The host-meta document %s is not well-formed XML: %s"), self->source, local_error->message);
      return FALSE;
    }
  if (!sleek_node_is (root, "XRD", SLEEK_XRD_NS))
    {
      g_set_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                   _("The host-meta document %s is not an XRD document"), self->source);
      return FALSE;
    }
  for (guint i = 0; i < sleek_node_get_n_children (root); i++)
    {
      SleekNode *link = sleek_node_get_nth_child (root, i);

      if (sleek_node_is (link, "Link", SLEEK_XRD_NS))
        add_link (self, secure_source, sleek_node_get_attribute (link, "rel"),
                  sleek_node_get_attribute (link, "href"));
    }
  return TRUE;
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_json (SleekAltConnections *self, gboolean secure_source, const char *data, gsize len, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonNode *links;

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                   _("The host-meta document %s is not valid JSON: %s"), self->source, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  links = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
            ? json_object_get_member (json_node_get_object (root), "links") : NULL;
  if (links == NULL || !JSON_NODE_HOLDS_ARRAY (links))
    {
      g_set_error (error, SLEEK_CONNECT_ERROR, SLEEK_CONNECT_ERROR_DISCOVERY,
                   _("The host-meta document %s has no \"links\" array"), self->source);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (links)); i++)
    {
      JsonNode *link = json_array_get_element (json_node_get_array (links), i);

      if (JSON_NODE_HOLDS_OBJECT (link))
        add_link (self, secure_source, member_string (json_node_get_object (link), "rel"),
                  member_string (json_node_get_object (link), "href"));
    }
  return TRUE;
}

SleekAltConnections *
sleek_alt_connections_parse (const char *source, const char *data, gsize len, gboolean is_json, GError **error)
{
  g_autoptr(SleekAltConnections) self = g_object_new (SLEEK_TYPE_ALT_CONNECTIONS, NULL);
  gboolean secure_source = !has_scheme (source, "http");

  self->source = g_strdup (source);
  if (is_json ? !parse_json (self, secure_source, data, len, error)
              : !parse_xrd (self, secure_source, data, len, error))
    return NULL;
  return g_steal_pointer (&self);
}
