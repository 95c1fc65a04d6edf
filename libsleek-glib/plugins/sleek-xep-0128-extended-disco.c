/* sleek-xep-0128-extended-disco.c: XEP-0128 Service Discovery Extensions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0128-extended-disco.h"

/**
 * SleekExtendedDisco:
 *
 * The `xep_0128` plugin: XEP-0128 Service Discovery Extensions.
 *
 * It adds `result` data forms ([class@Sleek.DataForm]), each named by its
 * `FORM_TYPE`, to our disco#info answers, through
 * [method@Sleek.Disco.add_extension]; the forms go when the plugin ends.
 * The forms other entities publish are read from their
 * [class@Sleek.DiscoInfo] with [method@Sleek.DiscoInfo.get_forms] and
 * [method@Sleek.DiscoInfo.get_form]:
 *
 * ```c
 * g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_RESULT);
 * SleekExtendedDisco *extended;
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0128", &error);
 * extended = SLEEK_EXTENDED_DISCO (sleek_base_xmpp_get_plugin (xmpp, "xep_0128"));
 * sleek_data_form_set_form_namespace (form, "urn:example:bot-info");
 * sleek_data_form_set_field_value (form, "owner", "juliet@example.com");
 * if (!sleek_extended_disco_add_form (extended, form, NULL, &error))
 *   g_warning ("%s", error->message);
 *
 * // later, in the callback of sleek_disco_get_info_async ()
 * info = sleek_disco_get_info_finish (disco, result, &error);
 * serverinfo = sleek_disco_info_get_form (info, "http://jabber.org/network/serverinfo");
 * ```
 *
 * It depends on `xep_0030` and `xep_0004`.
 */
struct _SleekExtendedDisco
{
  SleekPlugin parent_instance;
  GHashTable *nodes;   /* node ("" for none) -> GPtrArray of SleekDataForm, our copies */
};

G_DEFINE_FINAL_TYPE (SleekExtendedDisco, sleek_extended_disco, SLEEK_TYPE_PLUGIN)

static const char *
node_key (const char *node)
{
  return node != NULL ? node : "";
}

static const char *
node_arg (const char *key)
{
  return *key != '\0' ? key : NULL;
}

/* Takes every form of ours out of the disco plugin. */
static void
withdraw_all (SleekExtendedDisco *self)
{
  SleekDisco *disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
  GHashTableIter iter;
  gpointer key, value;

  if (disco == NULL)
    return;
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *forms = value;

      for (guint i = 0; i < forms->len; i++)
        sleek_disco_remove_extension (disco, sleek_data_form_get_form_namespace (forms->pdata[i]), node_arg (key));
    }
}

static void
sleek_extended_disco_plugin_end (SleekPlugin *plugin)
{
  SleekExtendedDisco *self = SLEEK_EXTENDED_DISCO (plugin);

  withdraw_all (self);
  g_hash_table_remove_all (self->nodes);
}

static void
sleek_extended_disco_finalize (GObject *object)
{
  SleekExtendedDisco *self = SLEEK_EXTENDED_DISCO (object);

  g_hash_table_unref (self->nodes);
  G_OBJECT_CLASS (sleek_extended_disco_parent_class)->finalize (object);
}

static void
sleek_extended_disco_class_init (SleekExtendedDiscoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_extended_disco_finalize;
  plugin_class->plugin_end = sleek_extended_disco_plugin_end;
}

static void
sleek_extended_disco_init (SleekExtendedDisco *self)
{
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

/* Checks that @form can be extended information, and that we can publish
 * it. */
static gboolean
check_form (SleekExtendedDisco *self, SleekDataForm *form, GError **error)
{
  if (sleek_plugin_get_disco (SLEEK_PLUGIN (self)) == NULL)
    {
      g_set_error (error, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                   _("The plugin “%s” is not enabled"), sleek_plugin_get_name (SLEEK_PLUGIN (self)));
      return FALSE;
    }
  if (sleek_data_form_get_form_type (form) != SLEEK_DATA_FORM_TYPE_RESULT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Extended service discovery information must be a data form of type “result”"));
      return FALSE;
    }
  if (sleek_data_form_get_form_namespace (form) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Extended service discovery information must have a FORM_TYPE field"));
      return FALSE;
    }
  return TRUE;
}

/* Adds a copy of @form, already checked, to our record and to disco. */
static void
publish (SleekExtendedDisco *self, SleekDataForm *form, const char *node)
{
  const char *form_namespace = sleek_data_form_get_form_namespace (form);
  GPtrArray *forms = g_hash_table_lookup (self->nodes, node_key (node));

  if (forms == NULL)
    {
      forms = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->nodes, g_strdup (node_key (node)), forms);
    }
  for (guint i = 0; i < forms->len; i++)
    if (g_strcmp0 (sleek_data_form_get_form_namespace (forms->pdata[i]), form_namespace) == 0)
      {
        g_ptr_array_remove_index (forms, i);
        break;
      }
  g_ptr_array_add (forms, sleek_stanza_copy (SLEEK_STANZA (form)));
  sleek_disco_add_extension (sleek_plugin_get_disco (SLEEK_PLUGIN (self)), form, node);
}

/**
 * sleek_extended_disco_add_form:
 * @self: a [class@Sleek.ExtendedDisco]
 * @form: a `result` data form with a `FORM_TYPE` field
 * @node: (nullable): the node whose answers carry it, or %NULL for the
 *   entity itself
 * @error: return location for a #GError
 *
 * Publishes a copy of @form in our disco#info answers, replacing a form
 * with the same `FORM_TYPE` on @node.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_ARGUMENT when
 *   @form is not of type `result` or has no `FORM_TYPE`, or with
 *   %SLEEK_PLUGIN_ERROR_FAILED when the plugin is not enabled
 */
gboolean
sleek_extended_disco_add_form (SleekExtendedDisco *self, SleekDataForm *form, const char *node, GError **error)
{
  g_return_val_if_fail (SLEEK_IS_EXTENDED_DISCO (self), FALSE);
  g_return_val_if_fail (SLEEK_IS_DATA_FORM (form), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_form (self, form, error))
    return FALSE;
  publish (self, form, node);
  return TRUE;
}

/**
 * sleek_extended_disco_set_forms:
 * @self: a [class@Sleek.ExtendedDisco]
 * @forms: (element-type Sleek.DataForm): `result` data forms, each with a
 *   `FORM_TYPE` field
 * @node: (nullable): the node whose answers carry them, or %NULL for the
 *   entity itself
 * @error: return location for a #GError
 *
 * Replaces the forms this plugin published on @node with copies of
 * @forms; an empty array removes them all. Nothing changes when one of
 * @forms is refused.
 *
 * Returns: %TRUE on success; %FALSE with an error as
 *   [method@Sleek.ExtendedDisco.add_form]
 */
gboolean
sleek_extended_disco_set_forms (SleekExtendedDisco *self, GPtrArray *forms, const char *node, GError **error)
{
  GPtrArray *old;

  g_return_val_if_fail (SLEEK_IS_EXTENDED_DISCO (self), FALSE);
  g_return_val_if_fail (forms != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < forms->len; i++)
    {
      g_return_val_if_fail (SLEEK_IS_DATA_FORM (forms->pdata[i]), FALSE);
      if (!check_form (self, forms->pdata[i], error))
        return FALSE;
    }

  old = g_hash_table_lookup (self->nodes, node_key (node));
  while (old != NULL && old->len > 0)
    sleek_extended_disco_remove_form (self, sleek_data_form_get_form_namespace (old->pdata[0]), node);
  for (guint i = 0; i < forms->len; i++)
    publish (self, forms->pdata[i], node);
  return TRUE;
}

/**
 * sleek_extended_disco_remove_form:
 * @self: a [class@Sleek.ExtendedDisco]
 * @form_namespace: the `FORM_TYPE` of the form
 * @node: (nullable): the node it was published on, or %NULL for the
 *   entity itself
 *
 * Takes a form this plugin published out of our disco#info answers.
 *
 * Returns: %TRUE when there was such a form
 */
gboolean
sleek_extended_disco_remove_form (SleekExtendedDisco *self, const char *form_namespace, const char *node)
{
  GPtrArray *forms;
  SleekDisco *disco;

  g_return_val_if_fail (SLEEK_IS_EXTENDED_DISCO (self), FALSE);
  g_return_val_if_fail (form_namespace != NULL, FALSE);

  forms = g_hash_table_lookup (self->nodes, node_key (node));
  for (guint i = 0; forms != NULL && i < forms->len; i++)
    if (g_strcmp0 (sleek_data_form_get_form_namespace (forms->pdata[i]), form_namespace) == 0)
      {
        /* @form_namespace may belong to the form removed last. */
        disco = sleek_plugin_get_disco (SLEEK_PLUGIN (self));
        if (disco != NULL)
          sleek_disco_remove_extension (disco, form_namespace, node);
        g_ptr_array_remove_index (forms, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * sleek_extended_disco_get_forms:
 * @self: a [class@Sleek.ExtendedDisco]
 * @node: (nullable): a node, or %NULL for the entity itself
 *
 * Lists the forms this plugin publishes on @node.
 *
 * Returns: (transfer container) (element-type Sleek.DataForm): the forms,
 *   owned by the plugin; do not change them, publish new ones instead
 */
GPtrArray *
sleek_extended_disco_get_forms (SleekExtendedDisco *self, const char *node)
{
  GPtrArray *forms;
  GPtrArray *list;

  g_return_val_if_fail (SLEEK_IS_EXTENDED_DISCO (self), NULL);

  forms = g_hash_table_lookup (self->nodes, node_key (node));
  list = g_ptr_array_new ();
  for (guint i = 0; forms != NULL && i < forms->len; i++)
    g_ptr_array_add (list, forms->pdata[i]);
  return list;
}
