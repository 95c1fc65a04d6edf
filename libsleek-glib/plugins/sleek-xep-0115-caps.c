/* sleek-xep-0115-caps.c: XEP-0115 Entity Capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0030-disco-private.h"
#include "sleek-xep-0115-caps.h"

#include <string.h>

/**
 * sleek_entity_caps_error_quark:
 *
 * The error domain of XEP-0115 Entity Capabilities; C code uses the
 * `SLEEK_ENTITY_CAPS_ERROR` macro instead.
 *
 * Returns: the quark of the [error@Sleek.EntityCapsError] domain
 */
G_DEFINE_QUARK (sleek-entity-caps-error-quark, sleek_entity_caps_error)

G_DEFINE_ENUM_TYPE (SleekEntityCapsError, sleek_entity_caps_error,
                    G_DEFINE_ENUM_VALUE (SLEEK_ENTITY_CAPS_ERROR_UNSUPPORTED_HASH, "unsupported-hash"),
                    G_DEFINE_ENUM_VALUE (SLEEK_ENTITY_CAPS_ERROR_MALFORMED, "malformed"),
                    G_DEFINE_ENUM_VALUE (SLEEK_ENTITY_CAPS_ERROR_MISMATCH, "mismatch"))

/* ------------------------------------------------------------------ */
/* The stanza plugin                                                  */
/* ------------------------------------------------------------------ */

/**
 * SleekCaps:
 *
 * The `<c xmlns='http://jabber.org/protocol/caps' hash='…' node='…'
 * ver='…'/>` child of a presence, reached as its `caps` plugin once the
 * `xep_0115` plugin type is registered (or with
 * [method@Sleek.Stanza.get_caps]). Its keys are `hash`, `node`, `ver`
 * and the legacy `ext`.
 */
struct _SleekCaps
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekCaps, sleek_caps, SLEEK_TYPE_STANZA)

static void
sleek_caps_class_init (SleekCapsClass *klass)
{
}

static void
sleek_caps_init (SleekCaps *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_CAPS, "c", SLEEK_NS_CAPS, "caps");
  sleek_stanza_type_add_key (SLEEK_TYPE_CAPS, "hash", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_CAPS, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_CAPS, "ver", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_CAPS, "ext", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_plugin (SLEEK_TYPE_PRESENCE, SLEEK_TYPE_CAPS);
}

/**
 * sleek_caps_get_hash:
 * @self: a [class@Sleek.Caps]
 *
 * Reads the `hash` attribute: the name of the hash function that made
 * the verification string, such as `sha-1`. Legacy capabilities have
 * none.
 *
 * Returns: (nullable): the hash function's name, or %NULL
 */
const char *
sleek_caps_get_hash (SleekCaps *self)
{
  g_return_val_if_fail (SLEEK_IS_CAPS (self), NULL);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "hash");
}

/**
 * sleek_caps_get_node:
 * @self: a [class@Sleek.Caps]
 *
 * Reads the `node` attribute: the address of the sender's software.
 *
 * Returns: (nullable): the node, or %NULL
 */
const char *
sleek_caps_get_node (SleekCaps *self)
{
  g_return_val_if_fail (SLEEK_IS_CAPS (self), NULL);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "node");
}

/**
 * sleek_caps_get_ver:
 * @self: a [class@Sleek.Caps]
 *
 * Reads the `ver` attribute: the verification string, a hash of the
 * sender's service discovery information.
 *
 * Returns: (nullable): the verification string, or %NULL
 */
const char *
sleek_caps_get_ver (SleekCaps *self)
{
  g_return_val_if_fail (SLEEK_IS_CAPS (self), NULL);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "ver");
}

/**
 * sleek_stanza_get_caps:
 * @stanza: a [class@Sleek.Stanza], normally a presence
 *
 * Finds the XEP-0115 capabilities a presence advertises.
 *
 * Returns: (transfer none) (nullable): the `<c/>` child, or %NULL
 */
SleekCaps *
sleek_stanza_get_caps (SleekStanza *stanza)
{
  SleekStanza *caps;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_ENTITY_CAPS));
  caps = sleek_stanza_get_plugin (stanza, "caps", FALSE);
  return caps != NULL && SLEEK_IS_CAPS (caps) ? SLEEK_CAPS (caps) : NULL;
}

/* ------------------------------------------------------------------ */
/* The verification string (XEP-0115 section 5)                       */
/* ------------------------------------------------------------------ */

/* The names of the IANA Hash Function Textual Names registry that
 * GChecksum computes; md5 is left out, as XEP-0115 advises. */
static gboolean
lookup_hash (const char *hash, GChecksumType *type)
{
  static const struct { const char *name; GChecksumType type; } hashes[] = {
    { "sha-1", G_CHECKSUM_SHA1 },
    { "sha-256", G_CHECKSUM_SHA256 },
    { "sha-384", G_CHECKSUM_SHA384 },
    { "sha-512", G_CHECKSUM_SHA512 },
  };

  for (gsize i = 0; hash != NULL && i < G_N_ELEMENTS (hashes); i++)
    if (g_str_equal (hash, hashes[i].name))
      {
        if (type != NULL)
          *type = hashes[i].type;
        return TRUE;
      }
  return FALSE;
}

/**
 * sleek_entity_caps_hash_is_supported:
 * @hash: a hash function's name from the IANA registry, such as `sha-1`
 *
 * Tells whether [func@Sleek.EntityCaps.compute_ver] can use @hash:
 * `sha-1`, `sha-256`, `sha-384` and `sha-512` are supported.
 *
 * Returns: %TRUE if it is supported
 */
gboolean
sleek_entity_caps_hash_is_supported (const char *hash)
{
  return lookup_hash (hash, NULL);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* i;octet ordering: category, then type, then xml:lang, then name. */
static int
compare_identities (gconstpointer a, gconstpointer b)
{
  SleekDiscoIdentity *x = *(SleekDiscoIdentity * const *) a;
  SleekDiscoIdentity *y = *(SleekDiscoIdentity * const *) b;
  int cmp;

  if ((cmp = strcmp (sleek_disco_identity_get_category (x), sleek_disco_identity_get_category (y))) != 0)
    return cmp;
  if ((cmp = strcmp (sleek_disco_identity_get_id_type (x), sleek_disco_identity_get_id_type (y))) != 0)
    return cmp;
  if ((cmp = strcmp (or_empty (sleek_disco_identity_get_lang (x)), or_empty (sleek_disco_identity_get_lang (y)))) != 0)
    return cmp;
  return strcmp (or_empty (sleek_disco_identity_get_name (x)), or_empty (sleek_disco_identity_get_name (y)));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct {
  char *form_type;
  SleekDataForm *form;
} ExtForm;

static void
ext_form_clear (gpointer data)
{
  g_free (((ExtForm *) data)->form_type);
}

static int
compare_ext_forms (gconstpointer a, gconstpointer b)
{
  return strcmp (((const ExtForm *) a)->form_type, ((const ExtForm *) b)->form_type);
}

static int
compare_fields (gconstpointer a, gconstpointer b)
{
  SleekDataFormField *x = *(SleekDataFormField * const *) a;
  SleekDataFormField *y = *(SleekDataFormField * const *) b;

  return strcmp (sleek_data_form_field_get_var (x), sleek_data_form_field_get_var (y));
}

static gboolean malformed (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
malformed (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SLEEK_ENTITY_CAPS_ERROR, SLEEK_ENTITY_CAPS_ERROR_MALFORMED, message);
  return FALSE;
}

/* The FORM_TYPE of an extension form, or NULL (error unset) when the form
 * takes no part in the string: it has no FORM_TYPE, or one that is not
 * hidden, which XEP-0115 says to ignore. */
static char *
extension_form_type (SleekDataForm *form, GError **error)
{
  SleekDataFormField *field = sleek_data_form_get_field (form, "FORM_TYPE");
  g_auto(GStrv) values = NULL;

  if (field == NULL || sleek_data_form_field_get_field_type (field) != SLEEK_DATA_FORM_FIELD_HIDDEN)
    return NULL;
  values = sleek_data_form_field_get_values (field);
  if (values[0] == NULL)
    return NULL;
  for (gsize i = 1; values[i] != NULL; i++)
    if (!g_str_equal (values[i], values[0]))
      {
        malformed (error, _("An extension form has several FORM_TYPE values, “%s” among them"), values[i]);
        return NULL;
      }
  return g_strdup (values[0]);
}

static gboolean
append_forms (GString *s, SleekDiscoInfo *info, GError **error)
{
  GPtrArray *forms = sleek_disco_info_get_forms (info);
  g_autoptr(GArray) ext = g_array_new (FALSE, TRUE, sizeof (ExtForm));

  g_array_set_clear_func (ext, ext_form_clear);
  for (guint i = 0; i < forms->len; i++)
    {
      g_autoptr(GError) local = NULL;
      ExtForm ef = { extension_form_type (forms->pdata[i], &local), forms->pdata[i] };

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (ef.form_type != NULL)
        g_array_append_val (ext, ef);
    }
  g_array_sort (ext, compare_ext_forms);

  for (guint i = 0; i < ext->len; i++)
    {
      ExtForm *ef = &g_array_index (ext, ExtForm, i);
      g_autoptr(GPtrArray) all = sleek_data_form_get_fields (ef->form);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();

      if (i > 0 && g_str_equal (ef->form_type, g_array_index (ext, ExtForm, i - 1).form_type))
        return malformed (error, _("Two extension forms have the FORM_TYPE “%s”"), ef->form_type);
      g_string_append_printf (s, "%s<", ef->form_type);
      for (guint j = 0; j < all->len; j++)
        {
          const char *var = sleek_data_form_field_get_var (all->pdata[j]);

          if (var != NULL && !g_str_equal (var, "FORM_TYPE"))
            g_ptr_array_add (fields, all->pdata[j]);
        }
      g_ptr_array_sort (fields, compare_fields);
      for (guint j = 0; j < fields->len; j++)
        {
          g_auto(GStrv) values = sleek_data_form_field_get_values (fields->pdata[j]);

          g_string_append_printf (s, "%s<", sleek_data_form_field_get_var (fields->pdata[j]));
          qsort (values, g_strv_length (values), sizeof (char *), compare_strings);
          for (gsize k = 0; values[k] != NULL; k++)
            g_string_append_printf (s, "%s<", values[k]);
        }
    }
  return TRUE;
}

/**
 * sleek_entity_caps_compute_ver:
 * @info: service discovery information
 * @hash: the hash function's name from the IANA registry, such as `sha-1`
 *   (see [func@Sleek.EntityCaps.hash_is_supported])
 * @error: return location for a [error@Sleek.EntityCapsError]
 *
 * Computes the XEP-0115 verification string of @info: its identities
 * (sorted by category, type, language and name), its features (sorted)
 * and its XEP-0128 extension forms (sorted by `FORM_TYPE`, their fields
 * by variable name and each field's values) are written out, each
 * followed by `<`, and the string hashed with @hash and encoded in
 * base64. Forms without a hidden `FORM_TYPE` take no part.
 *
 * Returns: (transfer full) (nullable): the verification string, or
 *   %NULL if @hash is not supported or @info is ill-formed (an identity
 *   or a `FORM_TYPE` appearing twice)
 */
char *
sleek_entity_caps_compute_ver (SleekDiscoInfo *info, const char *hash, GError **error)
{
  GChecksumType type;
  g_autoptr(GString) s = g_string_new (NULL);
  GPtrArray *all;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GPtrArray) features = g_ptr_array_new ();
  g_autoptr(GChecksum) checksum = NULL;
  const char * const *vars;
  guint8 digest[64];
  gsize length = sizeof digest;

  g_return_val_if_fail (SLEEK_IS_DISCO_INFO (info), NULL);
  g_return_val_if_fail (hash != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lookup_hash (hash, &type))
    {
      g_set_error (error, SLEEK_ENTITY_CAPS_ERROR, SLEEK_ENTITY_CAPS_ERROR_UNSUPPORTED_HASH,
                   _("The hash function “%s” is not supported"), hash);
      return NULL;
    }

  /* Borrowed pointers: a copy would take the free function too. */
  all = sleek_disco_info_get_identities (info);
  identities = g_ptr_array_sized_new (all->len);
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (identities, all->pdata[i]);
  g_ptr_array_sort (identities, compare_identities);
  for (guint i = 0; i < identities->len; i++)
    {
      SleekDiscoIdentity *id = identities->pdata[i];

      if (i > 0 && compare_identities (&identities->pdata[i - 1], &identities->pdata[i]) == 0)
        {
          malformed (error, _("The identity “%s” appears twice"), sleek_disco_identity_get_category (id));
          return NULL;
        }
      g_string_append_printf (s, "%s/%s/%s/%s<", sleek_disco_identity_get_category (id),
                              sleek_disco_identity_get_id_type (id), or_empty (sleek_disco_identity_get_lang (id)),
                              or_empty (sleek_disco_identity_get_name (id)));
    }

  vars = sleek_disco_info_get_features (info);
  for (gsize i = 0; vars != NULL && vars[i] != NULL; i++)
    g_ptr_array_add (features, (gpointer) vars[i]);
  g_ptr_array_sort (features, compare_strings);
  for (guint i = 0; i < features->len; i++)
    {
      if (i > 0 && g_str_equal (features->pdata[i - 1], features->pdata[i]))
        {
          malformed (error, _("The feature “%s” appears twice"), (const char *) features->pdata[i]);
          return NULL;
        }
      g_string_append_printf (s, "%s<", (const char *) features->pdata[i]);
    }

  if (!append_forms (s, info, error))
    return NULL;

  checksum = g_checksum_new (type);
  g_checksum_update (checksum, (const guchar *) s->str, s->len);
  g_checksum_get_digest (checksum, digest, &length);
  return g_base64_encode (digest, length);
}

/* ------------------------------------------------------------------ */
/* SleekEntityCaps                                                    */
/* ------------------------------------------------------------------ */

/**
 * SleekEntityCaps:
 *
 * The `xep_0115` plugin: XEP-0115 Entity Capabilities.
 *
 * It puts a `<c/>` element carrying our verification string (computed by
 * [func@Sleek.EntityCaps.compute_ver] from what [class@Sleek.Disco]
 * answers about us) into every available presence we send, and answers
 * disco#info queries to `node#ver` as queries about us. When our
 * identities, features or extension forms change, it computes the string
 * again and, if we had sent an available broadcast presence during the
 * session, sends that presence again once (however many changes came in
 * the same main loop iteration).
 *
 * When a presence advertises capabilities it has not seen, it asks the
 * sender's disco#info at `node#ver` (once, however many presences
 * advertise the same string), checks the answer hashes to the string
 * and is well formed, and only then remembers it for every entity
 * advertising that string, emitting
 * [signal@Sleek.EntityCaps::capabilities-changed]. Legacy capabilities
 * (without `hash`) are not verified, so they give no information.
 *
 * The [property@Sleek.EntityCaps:node] advertised defaults to
 * %SLEEK_ENTITY_CAPS_DEFAULT_NODE; set it to your application's address.
 *
 * ```c
 * static void
 * on_caps (SleekEntityCaps *caps, SleekJid *jid, SleekDiscoInfo *info, gpointer user_data)
 * {
 *   if (sleek_disco_info_has_feature (info, "urn:xmpp:jingle:1"))
 *     g_print ("%s can take calls\n", sleek_jid_to_string (jid));
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0115", &error);
 * caps = SLEEK_ENTITY_CAPS (sleek_base_xmpp_get_plugin (xmpp, "xep_0115"));
 * sleek_entity_caps_set_node (caps, "https://example.org/my-client");
 * g_signal_connect (caps, "capabilities-changed", G_CALLBACK (on_caps), NULL);
 * ```
 */

typedef struct {
  char *hash;
  char *node;
  char *ver;
  char *key;    /* "hash\nver", NULL when it cannot be verified */
} Advertised;

typedef struct {
  char *hash;
  char *ver;
  SleekJid *jid;   /* asked */
  char *node;      /* node#ver asked */
  GPtrArray *waiters;   /* Waiter */
} Fetch;

typedef struct {
  GTask *task;
  Fetch *fetch;
  gulong cancel_id;
} Waiter;

struct _SleekEntityCaps
{
  SleekPlugin parent_instance;
  char *node;
  char *hash;
  char *ver;               /* ours */
  char *alias;             /* node#ver given to SleekDisco */
  char *sent;              /* "hash\nnode\nver" of our last broadcast */
  gboolean dirty;          /* our information changed since ver was made */
  GSource *idle;           /* gathers changes of our information */
  SleekPresence *last_presence;  /* our last available broadcast, without <c/> */
  SleekDisco *disco;
  gulong changed_id;
  gulong session_end_id;
  guint filter_id;
  GCancellable *cancellable;
  GHashTable *cache;       /* "hash\nver" -> SleekDiscoInfo, verified */
  GHashTable *jids;        /* full JID -> Advertised */
  GHashTable *pending;     /* "hash\nver" -> Fetch */
};

G_DEFINE_FINAL_TYPE (SleekEntityCaps, sleek_entity_caps, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_NODE,
  PROP_HASH,
  PROP_VER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CAPABILITIES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
cache_key (const char *hash, const char *ver)
{
  return g_strdup_printf ("%s\n%s", hash, ver);
}

static void
advertised_free (gpointer data)
{
  Advertised *a = data;

  g_free (a->hash);
  g_free (a->node);
  g_free (a->ver);
  g_free (a->key);
  g_free (a);
}

static void
waiter_free (Waiter *w)
{
  if (w->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (w->task), w->cancel_id);
  g_object_unref (w->task);
  g_free (w);
}

/* Gives @info, or else @error, to those waiting for @fetch. */
static void
finish_waiters (Fetch *fetch, SleekDiscoInfo *info, const GError *error)
{
  while (fetch->waiters->len > 0)
    {
      Waiter *w = g_ptr_array_steal_index (fetch->waiters, 0);

      if (info != NULL)
        g_task_return_pointer (w->task, g_object_ref (info), g_object_unref);
      else
        g_task_return_error (w->task, g_error_copy (error));
      waiter_free (w);
    }
}

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  /* Waiters still there when a fetch goes unanswered fail. */
  if (fetch->waiters->len > 0)
    {
      g_autoptr(GError) error = g_error_new_literal (SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                                                     _("The entity capabilities plugin was removed"));

      finish_waiters (fetch, NULL, error);
    }
  g_ptr_array_unref (fetch->waiters);
  g_free (fetch->hash);
  g_free (fetch->ver);
  sleek_jid_unref (fetch->jid);
  g_free (fetch->node);
  g_free (fetch);
}

/* Our own capabilities */

static void
update_own (SleekEntityCaps *self)
{
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ver = NULL;
  g_autofree char *alias = NULL;

  if (self->disco == NULL)
    return;
  self->dirty = FALSE;
  info = sleek_disco_get_local_info (self->disco, NULL);
  ver = sleek_entity_caps_compute_ver (info, self->hash, &error);
  if (ver == NULL)
    {
      g_warning ("Cannot compute our entity capabilities: %s", error->message);
      return;
    }
  /* What we answer is trusted: no need to ask ourselves. */
  g_hash_table_replace (self->cache, cache_key (self->hash, ver), g_object_ref (info));
  alias = g_strdup_printf ("%s#%s", self->node, ver);
  if (g_strcmp0 (alias, self->alias) != 0)
    {
      if (self->alias != NULL)
        sleek_disco_remove_root_alias (self->disco, self->alias);
      sleek_disco_add_root_alias (self->disco, alias);
      g_free (self->alias);
      self->alias = g_steal_pointer (&alias);
    }
  if (g_strcmp0 (ver, self->ver) != 0)
    {
      g_free (self->ver);
      self->ver = g_steal_pointer (&ver);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VER]);
    }
}

static char *
own_caps_key (SleekEntityCaps *self)
{
  return g_strdup_printf ("%s\n%s\n%s", self->hash, self->node, self->ver);
}

static gboolean
on_idle_update (gpointer user_data)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (user_data);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autofree char *now = NULL;

  g_clear_pointer (&self->idle, g_source_unref);
  if (self->dirty)
    update_own (self);
  now = own_caps_key (self);
  if (xmpp != NULL && self->last_presence != NULL && self->ver != NULL &&
      sleek_base_xmpp_get_session_started (xmpp) && g_strcmp0 (now, self->sent) != 0)
    {
      g_autoptr(SleekStanza) again = sleek_stanza_copy (SLEEK_STANZA (self->last_presence));

      sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), again);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_update (SleekEntityCaps *self)
{
  self->dirty = TRUE;
  if (self->idle != NULL)
    return;
  self->idle = g_idle_source_new ();
  g_source_set_name (self->idle, "[sleek] entity capabilities update");
  g_source_set_callback (self->idle, on_idle_update, self, NULL);
  g_source_attach (self->idle, g_main_context_get_thread_default ());
}

static void
on_local_info_changed (SleekEntityCaps *self, const char *node)
{
  if (node == NULL)
    schedule_update (self);
}

static SleekStanza *
on_outgoing (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (user_data);
  SleekPresenceType type;
  SleekStanza *copy;
  SleekNode *c;
  gboolean broadcast;

  if (!SLEEK_IS_PRESENCE (stanza))
    return g_object_ref (stanza);
  type = sleek_presence_get_presence_type (SLEEK_PRESENCE (stanza));
  broadcast = sleek_stanza_get_to (stanza) == NULL;
  if (type == SLEEK_PRESENCE_TYPE_UNAVAILABLE && broadcast)
    {
      g_clear_object (&self->last_presence);
      g_clear_pointer (&self->sent, g_free);
    }
  if (type != SLEEK_PRESENCE_TYPE_AVAILABLE)
    return g_object_ref (stanza);

  if (self->dirty)
    update_own (self);
  if (self->ver == NULL)
    return g_object_ref (stanza);

  copy = sleek_stanza_copy (stanza);
  sleek_node_remove_children (sleek_stanza_get_node (copy), "c", SLEEK_NS_CAPS);
  if (broadcast)
    {
      g_clear_object (&self->last_presence);
      self->last_presence = SLEEK_PRESENCE (sleek_stanza_copy (copy));
      g_free (self->sent);
      self->sent = own_caps_key (self);
    }
  c = sleek_node_add_child_new (sleek_stanza_get_node (copy), "c", SLEEK_NS_CAPS);
  sleek_node_set_attribute (c, "hash", self->hash);
  sleek_node_set_attribute (c, "node", self->node);
  sleek_node_set_attribute (c, "ver", self->ver);
  return copy;
}

/* Others' capabilities */

static void
announce (SleekEntityCaps *self, const char *key, SleekDiscoInfo *info)
{
  g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
  GHashTableIter iter;
  gpointer jid, value;

  /* Gathered first: a handler may change the map. */
  g_hash_table_iter_init (&iter, self->jids);
  while (g_hash_table_iter_next (&iter, &jid, &value))
    if (g_strcmp0 (((Advertised *) value)->key, key) == 0)
      {
        SleekJid *parsed = sleek_jid_new (jid, NULL);

        if (parsed != NULL)
          g_ptr_array_add (jids, parsed);
      }
  for (guint i = 0; i < jids->len; i++)
    g_signal_emit (self, signals[SIGNAL_CAPABILITIES_CHANGED], 0, jids->pdata[i], info);
}

static SleekDiscoInfo *
verify_answer (Fetch *fetch, SleekNode *query, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SleekDiscoInfo) info = NULL;
  g_autofree char *ver = NULL;

  if (query == NULL)
    {
      g_set_error (error, SLEEK_ENTITY_CAPS_ERROR, SLEEK_ENTITY_CAPS_ERROR_MALFORMED,
                   _("The answer from %s carries no service discovery information"),
                   sleek_jid_to_string (fetch->jid));
      return NULL;
    }
  /* SleekDiscoInfo keeps a feature once: look for repeats here. */
  for (guint i = 0; i < sleek_node_get_n_children (query); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (query, i);
      const char *var = sleek_node_get_attribute (child, "var");

      if (!sleek_node_is (child, "feature", SLEEK_NS_DISCO_INFO) || var == NULL)
        continue;
      if (!g_hash_table_add (seen, (gpointer) var))
        {
          malformed (error, _("The feature “%s” appears twice"), var);
          return NULL;
        }
    }

  info = sleek_disco_info_new_from_query (fetch->jid, fetch->node, query);
  ver = sleek_entity_caps_compute_ver (info, fetch->hash, error);
  if (ver == NULL)
    return NULL;
  if (!g_str_equal (ver, fetch->ver))
    {
      g_set_error (error, SLEEK_ENTITY_CAPS_ERROR, SLEEK_ENTITY_CAPS_ERROR_MISMATCH,
                   _("The information of %s hashes to “%s”, not to the advertised “%s”"),
                   sleek_jid_to_string (fetch->jid), ver, fetch->ver);
      return NULL;
    }
  return g_steal_pointer (&info);
}

typedef struct {
  SleekEntityCaps *self;   /* a reference */
  char *key;
} FetchRef;

static void
fetch_ref_free (FetchRef *ref)
{
  g_object_unref (ref->self);
  g_free (ref->key);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchRef, fetch_ref_free)

static void
on_fetch_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FetchRef) ref = user_data;
  SleekEntityCaps *self = ref->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(SleekDiscoInfo) info = NULL;
  gpointer stolen_key = NULL;
  gpointer value = NULL;
  Fetch *fetch;

  /* Gone when the plugin ended meanwhile. */
  if (!g_hash_table_steal_extended (self->pending, ref->key, &stolen_key, &value))
    return;
  g_free (stolen_key);
  fetch = value;

  if (answer != NULL)
    info = verify_answer (fetch, sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "query",
                                                       SLEEK_NS_DISCO_INFO), &error);
  if (info == NULL)
    {
      g_debug ("Entity capabilities %s of %s not accepted: %s", fetch->ver, sleek_jid_to_string (fetch->jid),
               error->message);
      finish_waiters (fetch, NULL, error);
      fetch_free (fetch);
      return;
    }

  g_hash_table_replace (self->cache, g_strdup (ref->key), g_object_ref (info));
  finish_waiters (fetch, info, NULL);
  fetch_free (fetch);
  announce (self, ref->key, info);
}

/* Asks @jid for node#ver, unless somebody was asked already. */
static Fetch *
start_fetch (SleekEntityCaps *self, SleekJid *jid, Advertised *adv)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  Fetch *fetch = g_hash_table_lookup (self->pending, adv->key);
  g_autoptr(SleekNode) query = NULL;
  g_autoptr(SleekIq) iq = NULL;
  FetchRef *ref;

  if (fetch != NULL)
    return fetch;

  fetch = g_new0 (Fetch, 1);
  fetch->hash = g_strdup (adv->hash);
  fetch->ver = g_strdup (adv->ver);
  fetch->jid = sleek_jid_ref (jid);
  fetch->node = g_strdup_printf ("%s#%s", adv->node, adv->ver);
  fetch->waiters = g_ptr_array_new ();
  g_hash_table_insert (self->pending, g_strdup (adv->key), fetch);

  query = sleek_node_new ("query", SLEEK_NS_DISCO_INFO);
  sleek_node_set_attribute (query, "node", fetch->node);
  iq = sleek_base_xmpp_make_iq (xmpp, "get", sleek_jid_to_string (jid), query);
  ref = g_new0 (FetchRef, 1);
  ref->self = g_object_ref (self);
  ref->key = g_strdup (adv->key);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, self->cancellable, on_fetch_answer, ref);
  return fetch;
}

static void
on_presence (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (user_data);
  SleekJid *from = sleek_stanza_get_from (stanza);
  SleekCaps *caps;
  Advertised *adv;
  Advertised *before;
  SleekDiscoInfo *info;
  const char *hash, *node, *ver;

  if (from == NULL || !SLEEK_IS_PRESENCE (stanza))
    return;
  switch (sleek_presence_get_presence_type (SLEEK_PRESENCE (stanza)))
    {
    case SLEEK_PRESENCE_TYPE_AVAILABLE:
      break;
    case SLEEK_PRESENCE_TYPE_UNAVAILABLE:
      g_hash_table_remove (self->jids, sleek_jid_to_string (from));
      return;
    default:
      return;
    }

  caps = sleek_stanza_get_caps (stanza);
  hash = caps != NULL ? sleek_caps_get_hash (caps) : NULL;
  node = caps != NULL ? sleek_caps_get_node (caps) : NULL;
  ver = caps != NULL ? sleek_caps_get_ver (caps) : NULL;
  if (node == NULL || ver == NULL || *ver == '\0')
    {
      /* No capabilities, or not enough to ask about them. */
      g_hash_table_remove (self->jids, sleek_jid_to_string (from));
      return;
    }

  adv = g_new0 (Advertised, 1);
  adv->hash = g_strdup (hash);
  adv->node = g_strdup (node);
  adv->ver = g_strdup (ver);
  /* Legacy capabilities (no hash) and unknown hashes cannot be verified. */
  if (lookup_hash (hash, NULL))
    adv->key = cache_key (hash, ver);
  before = g_hash_table_lookup (self->jids, sleek_jid_to_string (from));
  if (before != NULL && g_strcmp0 (before->key, adv->key) == 0 && g_strcmp0 (before->node, adv->node) == 0)
    {
      advertised_free (adv);
      return;
    }
  g_hash_table_replace (self->jids, g_strdup (sleek_jid_to_string (from)), adv);
  if (adv->key == NULL)
    return;

  info = g_hash_table_lookup (self->cache, adv->key);
  if (info != NULL)
    g_signal_emit (self, signals[SIGNAL_CAPABILITIES_CHANGED], 0, from, info);
  else
    start_fetch (self, from, adv);
}

static void
on_session_end (SleekEntityCaps *self)
{
  /* Presences are over; the verified cache stays. */
  g_hash_table_remove_all (self->jids);
  g_clear_object (&self->last_presence);
  g_clear_pointer (&self->sent, g_free);
}

static void
sleek_entity_caps_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (plugin);
  SleekPlugin *disco = sleek_base_xmpp_get_plugin (xmpp, "xep_0030");
  g_autoptr(SleekMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SLEEK_IS_DISCO (disco));

  self->cancellable = g_cancellable_new ();
  self->disco = SLEEK_DISCO (g_object_ref (disco));
  self->changed_id = g_signal_connect_swapped (disco, "local-info-changed", G_CALLBACK (on_local_info_changed), self);
  self->session_end_id = g_signal_connect_swapped (xmpp, "session-end", G_CALLBACK (on_session_end), self);
  self->filter_id = sleek_xml_stream_add_filter (SLEEK_XML_STREAM (xmpp), SLEEK_FILTER_OUTGOING, on_outgoing, self, NULL);

  matcher = sleek_matcher_new_xml_mask ("<presence/>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, matcher, SLEEK_HANDLER_NONE, on_presence, self, NULL);

  sleek_plugin_advertise (plugin, SLEEK_NS_CAPS);
  update_own (self);
}

static void
sleek_entity_caps_plugin_end (SleekPlugin *plugin)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  g_clear_signal_handler (&self->changed_id, self->disco);
  g_clear_signal_handler (&self->session_end_id, xmpp);
  if (self->filter_id != 0)
    sleek_xml_stream_remove_filter (SLEEK_XML_STREAM (xmpp), self->filter_id);
  self->filter_id = 0;
  if (self->idle != NULL)
    g_source_destroy (self->idle);
  g_clear_pointer (&self->idle, g_source_unref);

  sleek_plugin_withdraw (plugin, SLEEK_NS_CAPS);
  if (self->alias != NULL)
    sleek_disco_remove_root_alias (self->disco, self->alias);
  g_clear_pointer (&self->alias, g_free);
  g_clear_object (&self->disco);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->jids);
  g_hash_table_remove_all (self->cache);
  g_clear_object (&self->last_presence);
  g_clear_pointer (&self->sent, g_free);
  g_clear_pointer (&self->ver, g_free);
  self->dirty = FALSE;
}

static void
sleek_entity_caps_finalize (GObject *object)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (object);

  g_free (self->node);
  g_free (self->hash);
  g_free (self->ver);
  g_free (self->alias);
  g_free (self->sent);
  g_clear_object (&self->last_presence);
  g_clear_object (&self->disco);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->jids);
  g_hash_table_unref (self->cache);
  G_OBJECT_CLASS (sleek_entity_caps_parent_class)->finalize (object);
}

static void
sleek_entity_caps_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;
    case PROP_HASH:
      g_value_set_string (value, self->hash);
      break;
    case PROP_VER:
      g_value_set_string (value, self->ver);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_entity_caps_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SleekEntityCaps *self = SLEEK_ENTITY_CAPS (object);

  switch (prop_id)
    {
    case PROP_NODE:
      sleek_entity_caps_set_node (self, g_value_get_string (value));
      break;
    case PROP_HASH:
      sleek_entity_caps_set_hash (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_entity_caps_class_init (SleekEntityCapsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_entity_caps_finalize;
  object_class->get_property = sleek_entity_caps_get_property;
  object_class->set_property = sleek_entity_caps_set_property;
  plugin_class->plugin_init = sleek_entity_caps_plugin_init;
  plugin_class->plugin_end = sleek_entity_caps_plugin_end;

  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();

  /**
   * SleekEntityCaps:node: (getter get_node) (setter set_node)
   *
   * The `node` of the capabilities we advertise: the address of the
   * application, %SLEEK_ENTITY_CAPS_DEFAULT_NODE unless set.
   */
  properties[PROP_NODE] =
    g_param_spec_string ("node", NULL, NULL, SLEEK_ENTITY_CAPS_DEFAULT_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekEntityCaps:hash: (getter get_hash) (setter set_hash)
   *
   * The hash function of the verification string we advertise, `sha-1`
   * unless set (see [func@Sleek.EntityCaps.hash_is_supported]).
   */
  properties[PROP_HASH] =
    g_param_spec_string ("hash", NULL, NULL, "sha-1",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SleekEntityCaps:ver: (getter get_ver)
   *
   * Our verification string, as the next presence will carry it; %NULL
   * while the plugin is not enabled.
   */
  properties[PROP_VER] =
    g_param_spec_string ("ver", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekEntityCaps::capabilities-changed:
   * @self: the plugin
   * @jid: the full JID that advertised the capabilities
   * @info: its verified service discovery information
   *
   * The capabilities an entity advertised in its presence are known, for
   * the first time or anew: they were in the cache, or asked and
   * verified.
   */
  signals[SIGNAL_CAPABILITIES_CHANGED] =
    g_signal_new ("capabilities-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SLEEK_TYPE_JID, SLEEK_TYPE_DISCO_INFO);
}

static void
sleek_entity_caps_init (SleekEntityCaps *self)
{
  self->node = g_strdup (SLEEK_ENTITY_CAPS_DEFAULT_NODE);
  self->hash = g_strdup ("sha-1");
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->jids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, advertised_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fetch_free);
}

/**
 * sleek_entity_caps_get_node: (get-property node)
 * @self: a [class@Sleek.EntityCaps]
 *
 * Gets the node we advertise.
 *
 * Returns: the node
 */
const char *
sleek_entity_caps_get_node (SleekEntityCaps *self)
{
  g_return_val_if_fail (SLEEK_IS_ENTITY_CAPS (self), NULL);
  return self->node;
}

/**
 * sleek_entity_caps_set_node: (set-property node)
 * @self: a [class@Sleek.EntityCaps]
 * @node: (nullable): the application's address, or %NULL for
 *   %SLEEK_ENTITY_CAPS_DEFAULT_NODE
 *
 * Sets the node we advertise; a presence already sent is sent again.
 */
void
sleek_entity_caps_set_node (SleekEntityCaps *self, const char *node)
{
  g_return_if_fail (SLEEK_IS_ENTITY_CAPS (self));

  if (node == NULL)
    node = SLEEK_ENTITY_CAPS_DEFAULT_NODE;
  if (g_str_equal (node, self->node))
    return;
  g_free (self->node);
  self->node = g_strdup (node);
  if (self->disco != NULL)
    schedule_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
}

/**
 * sleek_entity_caps_get_hash: (get-property hash)
 * @self: a [class@Sleek.EntityCaps]
 *
 * Gets the hash function of our verification string.
 *
 * Returns: the hash function's name
 */
const char *
sleek_entity_caps_get_hash (SleekEntityCaps *self)
{
  g_return_val_if_fail (SLEEK_IS_ENTITY_CAPS (self), NULL);
  return self->hash;
}

/**
 * sleek_entity_caps_set_hash: (set-property hash)
 * @self: a [class@Sleek.EntityCaps]
 * @hash: (nullable): a supported hash function's name (see
 *   [func@Sleek.EntityCaps.hash_is_supported]), or %NULL for `sha-1`
 *
 * Sets the hash function of our verification string; a presence already
 * sent is sent again.
 */
void
sleek_entity_caps_set_hash (SleekEntityCaps *self, const char *hash)
{
  g_return_if_fail (SLEEK_IS_ENTITY_CAPS (self));

  if (hash == NULL)
    hash = "sha-1";
  g_return_if_fail (lookup_hash (hash, NULL));
  if (g_str_equal (hash, self->hash))
    return;
  g_free (self->hash);
  self->hash = g_strdup (hash);
  if (self->disco != NULL)
    schedule_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HASH]);
}

/**
 * sleek_entity_caps_get_ver: (get-property ver)
 * @self: a [class@Sleek.EntityCaps]
 *
 * Gets our verification string, computed again first if our information
 * changed.
 *
 * Returns: (nullable): the verification string, or %NULL while the
 *   plugin is not enabled
 */
const char *
sleek_entity_caps_get_ver (SleekEntityCaps *self)
{
  g_return_val_if_fail (SLEEK_IS_ENTITY_CAPS (self), NULL);

  if (self->dirty)
    update_own (self);
  return self->ver;
}

/**
 * sleek_entity_caps_lookup:
 * @self: a [class@Sleek.EntityCaps]
 * @hash: a hash function's name
 * @ver: a verification string made with it
 *
 * Looks up verified capabilities by their verification string.
 *
 * Returns: (transfer none) (nullable): the information, or %NULL when it
 *   is not (yet) known
 */
SleekDiscoInfo *
sleek_entity_caps_lookup (SleekEntityCaps *self, const char *hash, const char *ver)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SLEEK_IS_ENTITY_CAPS (self), NULL);
  g_return_val_if_fail (hash != NULL, NULL);
  g_return_val_if_fail (ver != NULL, NULL);

  key = cache_key (hash, ver);
  return g_hash_table_lookup (self->cache, key);
}

/**
 * sleek_entity_caps_get_info_for_jid:
 * @self: a [class@Sleek.EntityCaps]
 * @jid: a full JID
 *
 * Gets what the capabilities @jid advertised in its last presence say it
 * supports, if they were verified.
 *
 * Returns: (transfer none) (nullable): the information, or %NULL when
 *   @jid advertised no verifiable capabilities or they are not verified
 *   yet
 */
SleekDiscoInfo *
sleek_entity_caps_get_info_for_jid (SleekEntityCaps *self, SleekJid *jid)
{
  Advertised *adv;

  g_return_val_if_fail (SLEEK_IS_ENTITY_CAPS (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  adv = g_hash_table_lookup (self->jids, sleek_jid_to_string (jid));
  return adv != NULL && adv->key != NULL ? g_hash_table_lookup (self->cache, adv->key) : NULL;
}

static void
on_waiter_cancelled (GCancellable *cancellable, gpointer user_data)
{
  Waiter *w = user_data;

  /* Cannot disconnect from inside the handler. */
  w->cancel_id = 0;
  g_ptr_array_remove (w->fetch->waiters, w);
  g_task_return_error_if_cancelled (w->task);
  waiter_free (w);
}

static void
on_plain_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SleekDiscoInfo *info = sleek_disco_get_info_finish (SLEEK_DISCO (source), result, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, g_object_unref);
}

/**
 * sleek_entity_caps_get_info_async:
 * @self: an enabled [class@Sleek.EntityCaps]
 * @jid: a full JID
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async): called with the information
 * @user_data: data for @callback
 *
 * Finds what @jid supports: from the cache when its capabilities are
 * verified, by waiting for (or starting) their verification when they
 * are not, and, when @jid advertised no verifiable capabilities, by a
 * plain disco#info query ([method@Sleek.Disco.get_info_async]).
 */
void
sleek_entity_caps_get_info_async (SleekEntityCaps *self, SleekJid *jid, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Advertised *adv;
  SleekDiscoInfo *info;
  Waiter *w;

  g_return_if_fail (SLEEK_IS_ENTITY_CAPS (self));
  g_return_if_fail (jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_entity_caps_get_info_async);
  if (self->disco == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The entity capabilities plugin is not enabled"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  adv = g_hash_table_lookup (self->jids, sleek_jid_to_string (jid));
  if (adv == NULL || adv->key == NULL)
    {
      sleek_disco_get_info_async (self->disco, jid, NULL, cancellable, on_plain_info, g_steal_pointer (&task));
      return;
    }
  info = g_hash_table_lookup (self->cache, adv->key);
  if (info != NULL)
    {
      g_task_return_pointer (task, g_object_ref (info), g_object_unref);
      return;
    }

  w = g_new0 (Waiter, 1);
  w->task = g_steal_pointer (&task);
  w->fetch = start_fetch (self, jid, adv);
  g_ptr_array_add (w->fetch->waiters, w);
  if (cancellable != NULL)
    w->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_waiter_cancelled), w, NULL);
}

/**
 * sleek_entity_caps_get_info_finish:
 * @self: a [class@Sleek.EntityCaps]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.EntityCapsError]
 *   when the advertised capabilities did not verify, a
 *   [error@Sleek.StanzaError] the entity answered, or why no answer came
 *
 * Finishes [method@Sleek.EntityCaps.get_info_async].
 *
 * Returns: (transfer full): the information
 */
SleekDiscoInfo *
sleek_entity_caps_get_info_finish (SleekEntityCaps *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_entity_caps_get_info_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
