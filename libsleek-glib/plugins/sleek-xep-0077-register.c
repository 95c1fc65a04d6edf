/* sleek-xep-0077-register.c: XEP-0077 In-Band Registration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-client-xmpp-private.h"
#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0077-register.h"

/* The fields of the jabber:iq:register schema that carry data. */
static const char * const legacy_fields[] = {
  "username", "nick", "password", "name", "first", "last", "email", "address", "city", "state", "zip",
  "phone", "url", "date", "misc", "text", "key", NULL
};

/* ------------------------------------------------------------------ */
/* SleekRegisterQuery                                                 */
/* ------------------------------------------------------------------ */

/**
 * SleekRegisterQuery:
 *
 * The `<query xmlns='jabber:iq:register'/>` payload of a XEP-0077 iq,
 * reached as the `register` plugin of a [class@Sleek.Iq] (or with
 * [method@Sleek.Stanza.get_register_query]).
 *
 * A server's answer to a registration request lists the fields it wants,
 * as empty legacy elements (`<username/>`, `<password/>`, `<email/>`…,
 * read with [method@Sleek.RegisterQuery.get_field_names]) and often as a
 * `jabber:x:data` form too ([method@Sleek.RegisterQuery.get_form]); an
 * account that exists already is marked
 * ([method@Sleek.RegisterQuery.get_registered]). Fill the fields in with
 * [method@Sleek.RegisterQuery.set_field], or the form's fields with
 * [method@Sleek.DataForm.set_field_value], and build what to send with
 * [method@Sleek.RegisterQuery.make_submit].
 *
 * Its keys are the legacy fields and `instructions` (the text of the
 * child of that name) and the flags `registered` and `remove`.
 */
struct _SleekRegisterQuery
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekRegisterQuery, sleek_register_query, SLEEK_TYPE_STANZA)

static void
sleek_register_query_class_init (SleekRegisterQueryClass *klass)
{
}

static void
sleek_register_query_init (SleekRegisterQuery *self)
{
}

static gpointer
register_stanzas_once (gpointer data)
{
  /* The data form stanzas first: the query carries one. */
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_DATA_FORMS));

  sleek_stanza_type_set_element (SLEEK_TYPE_REGISTER_QUERY, "query", SLEEK_NS_REGISTER, "register");
  sleek_stanza_type_add_key (SLEEK_TYPE_REGISTER_QUERY, "instructions", SLEEK_STANZA_KEY_CHILD_TEXT);
  for (gsize i = 0; legacy_fields[i] != NULL; i++)
    sleek_stanza_type_add_key (SLEEK_TYPE_REGISTER_QUERY, legacy_fields[i], SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (SLEEK_TYPE_REGISTER_QUERY, "registered", SLEEK_STANZA_KEY_CHILD_FLAG);
  sleek_stanza_type_add_key (SLEEK_TYPE_REGISTER_QUERY, "remove", SLEEK_STANZA_KEY_CHILD_FLAG);
  sleek_stanza_register_type (SLEEK_TYPE_REGISTER_QUERY);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_REGISTER_QUERY);
  sleek_stanza_register_plugin (SLEEK_TYPE_REGISTER_QUERY, SLEEK_TYPE_DATA_FORM);
  return NULL;
}

static void
register_stanzas (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, register_stanzas_once, NULL);
}

static gboolean
is_legacy_field (const char *name)
{
  return name != NULL && g_strv_contains (legacy_fields, name);
}

static SleekNode *
query_node (SleekRegisterQuery *self)
{
  return sleek_stanza_get_node (SLEEK_STANZA (self));
}

/**
 * sleek_register_query_new:
 *
 * Makes an empty `<query xmlns='jabber:iq:register'/>`, such as the one
 * of a request for the registration form.
 *
 * Returns: (transfer full): a new query
 */
SleekRegisterQuery *
sleek_register_query_new (void)
{
  g_autoptr(SleekNode) node = NULL;

  register_stanzas ();
  node = sleek_node_new ("query", SLEEK_NS_REGISTER);
  return g_object_new (SLEEK_TYPE_REGISTER_QUERY, "node", node, NULL);
}

/**
 * sleek_register_query_get_instructions:
 * @self: a [class@Sleek.RegisterQuery]
 *
 * Gets the server's instructions for the user, such as `Choose a
 * username and password`.
 *
 * Returns: (nullable): the instructions, or %NULL when there are none
 */
const char *
sleek_register_query_get_instructions (SleekRegisterQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), NULL);
  return sleek_node_get_child_text (query_node (self), "instructions", SLEEK_NS_REGISTER);
}

/**
 * sleek_register_query_get_registered:
 * @self: a [class@Sleek.RegisterQuery]
 *
 * Tells whether the query carries `<registered/>`: the server's way of
 * saying that the account exists, with the fields holding its current
 * registration.
 *
 * Returns: %TRUE when the account is registered
 */
gboolean
sleek_register_query_get_registered (SleekRegisterQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), FALSE);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "registered") != NULL;
}

/**
 * sleek_register_query_get_remove:
 * @self: a [class@Sleek.RegisterQuery]
 *
 * Tells whether the query carries `<remove/>`, the request to cancel the
 * registration.
 *
 * Returns: %TRUE when the query asks for the account's removal
 */
gboolean
sleek_register_query_get_remove (SleekRegisterQuery *self)
{
  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), FALSE);
  return sleek_stanza_get_string (SLEEK_STANZA (self), "remove") != NULL;
}

/**
 * sleek_register_query_set_remove:
 * @self: a [class@Sleek.RegisterQuery]
 * @remove: whether to ask for the account's removal
 *
 * Adds or removes the `<remove/>` child.
 */
void
sleek_register_query_set_remove (SleekRegisterQuery *self, gboolean remove)
{
  g_return_if_fail (SLEEK_IS_REGISTER_QUERY (self));
  sleek_stanza_set_string (SLEEK_STANZA (self), "remove", remove ? "true" : NULL);
}

/**
 * sleek_register_query_get_field_names:
 * @self: a [class@Sleek.RegisterQuery]
 *
 * Lists the legacy fields the query holds, in document order: the
 * elements of XEP-0077's schema that carry data (`username`, `nick`,
 * `password`, `name`, `first`, `last`, `email`, `address`, `city`,
 * `state`, `zip`, `phone`, `url`, `date`, `misc`, `text`, `key`), empty
 * or not. In a server's answer to a registration request they are the
 * fields it asks for.
 *
 * Returns: (transfer full): the names, perhaps none
 */
GStrv
sleek_register_query_get_field_names (SleekRegisterQuery *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GPtrArray) children = NULL;

  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), NULL);

  builder = g_strv_builder_new ();
  children = sleek_node_get_children (query_node (self));
  for (guint i = 0; i < children->len; i++)
    {
      SleekNode *child = children->pdata[i];
      const char *name = sleek_node_get_name (child);

      if (g_strcmp0 (sleek_node_get_namespace (child), SLEEK_NS_REGISTER) == 0 && is_legacy_field (name))
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

/**
 * sleek_register_query_has_field:
 * @self: a [class@Sleek.RegisterQuery]
 * @name: a legacy field's name, such as `email`
 *
 * Tells whether the query holds the legacy field @name, empty or not.
 *
 * Returns: %TRUE when the field is there
 */
gboolean
sleek_register_query_has_field (SleekRegisterQuery *self, const char *name)
{
  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return is_legacy_field (name) && sleek_node_get_child (query_node (self), name, SLEEK_NS_REGISTER) != NULL;
}

/**
 * sleek_register_query_get_field:
 * @self: a [class@Sleek.RegisterQuery]
 * @name: a legacy field's name, such as `username`
 *
 * Gets the value of a legacy field.
 *
 * Returns: (nullable): the value, `""` for an empty field, or %NULL when
 *   the field is not there
 */
const char *
sleek_register_query_get_field (SleekRegisterQuery *self, const char *name)
{
  SleekNode *child;
  const char *text;

  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!is_legacy_field (name))
    return NULL;
  child = sleek_node_get_child (query_node (self), name, SLEEK_NS_REGISTER);
  if (child == NULL)
    return NULL;
  text = sleek_node_get_text (child);
  return text != NULL ? text : "";
}

/**
 * sleek_register_query_set_field:
 * @self: a [class@Sleek.RegisterQuery]
 * @name: a legacy field's name, such as `email`
 * @value: (nullable): its value, `""` for an empty field, or %NULL to
 *   remove the field
 *
 * Sets a legacy field. Names outside XEP-0077's schema are refused.
 */
void
sleek_register_query_set_field (SleekRegisterQuery *self, const char *name, const char *value)
{
  g_return_if_fail (SLEEK_IS_REGISTER_QUERY (self));
  g_return_if_fail (is_legacy_field (name));

  sleek_stanza_set_string (SLEEK_STANZA (self), name, value);
}

/**
 * sleek_register_query_get_form:
 * @self: a [class@Sleek.RegisterQuery]
 *
 * Finds the `jabber:x:data` form the query carries, as its `form`
 * plugin. A server that sends one wants it filled rather than the legacy
 * fields (XEP-0077, Extensibility).
 *
 * Returns: (transfer none) (nullable): the form, or %NULL when there is
 *   none
 */
SleekDataForm *
sleek_register_query_get_form (SleekRegisterQuery *self)
{
  SleekStanza *form;

  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), NULL);

  form = sleek_stanza_get_plugin (SLEEK_STANZA (self), "form", FALSE);
  return form != NULL && SLEEK_IS_DATA_FORM (form) ? SLEEK_DATA_FORM (form) : NULL;
}

/**
 * sleek_register_query_set_form:
 * @self: a [class@Sleek.RegisterQuery]
 * @form: (nullable): a form, or %NULL to remove the query's form
 *
 * Replaces the query's form with a copy of @form. Removing the form of a
 * server's answer makes [method@Sleek.RegisterQuery.make_submit] send the
 * legacy fields instead.
 */
void
sleek_register_query_set_form (SleekRegisterQuery *self, SleekDataForm *form)
{
  g_return_if_fail (SLEEK_IS_REGISTER_QUERY (self));
  g_return_if_fail (form == NULL || SLEEK_IS_DATA_FORM (form));

  sleek_stanza_delete (SLEEK_STANZA (self), "form");
  if (form != NULL)
    {
      g_autoptr(SleekNode) copy = sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (form)));

      sleek_node_add_child (query_node (self), copy);
    }
}

/**
 * sleek_register_query_fill_credentials:
 * @self: a [class@Sleek.RegisterQuery]
 * @username: (nullable): the account's name, the local part of its JID
 * @password: (nullable): its password
 *
 * Writes @username and @password wherever the query asks for them: into
 * the legacy `username` and `password` fields and into the form's
 * `username` and `password` fields, when they are there. A %NULL
 * argument leaves its fields alone. Fields the query does not hold are
 * not added.
 */
void
sleek_register_query_fill_credentials (SleekRegisterQuery *self, const char *username, const char *password)
{
  const char *names[] = { "username", "password" };
  const char *values[] = { username, password };
  SleekDataForm *form;

  g_return_if_fail (SLEEK_IS_REGISTER_QUERY (self));

  form = sleek_register_query_get_form (self);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (values[i] == NULL)
        continue;
      if (sleek_register_query_has_field (self, names[i]))
        sleek_register_query_set_field (self, names[i], values[i]);
      if (form != NULL && sleek_data_form_get_field (form, names[i]) != NULL)
        sleek_data_form_set_field_value (form, names[i], values[i]);
    }
}

/**
 * sleek_register_query_make_submit:
 * @self: a [class@Sleek.RegisterQuery] the application has filled in,
 *   usually a server's answer
 * @error: return location for a #GError
 *
 * Builds the query to send back. When @self carries a form, the result
 * carries that form's submission ([method@Sleek.DataForm.make_submit])
 * and nothing else, once [method@Sleek.DataForm.validate] has accepted
 * it; otherwise the result holds the legacy fields that have a value.
 *
 * Returns: (transfer full) (nullable): the query to submit, or %NULL with
 *   @error set: a [error@Sleek.DataFormError] from the validation, or
 *   %G_IO_ERROR_INVALID_DATA when there is neither a form nor a filled
 *   field
 */
SleekRegisterQuery *
sleek_register_query_make_submit (SleekRegisterQuery *self, GError **error)
{
  g_autoptr(SleekRegisterQuery) submit = NULL;
  g_auto(GStrv) names = NULL;
  SleekDataForm *form;
  gboolean any = FALSE;

  g_return_val_if_fail (SLEEK_IS_REGISTER_QUERY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  submit = sleek_register_query_new ();
  form = sleek_register_query_get_form (self);
  if (form != NULL)
    {
      g_autoptr(SleekDataForm) filled = NULL;

      if (!sleek_data_form_validate (form, error))
        return NULL;
      filled = sleek_data_form_make_submit (form);
      sleek_register_query_set_form (submit, filled);
      return g_steal_pointer (&submit);
    }

  names = sleek_register_query_get_field_names (self);
  for (gsize i = 0; names[i] != NULL; i++)
    {
      const char *value = sleek_register_query_get_field (self, names[i]);

      if (value != NULL && *value != '\0')
        {
          sleek_register_query_set_field (submit, names[i], value);
          any = TRUE;
        }
    }
  if (!any)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The registration holds neither a form nor a filled field"));
      return NULL;
    }
  return g_steal_pointer (&submit);
}

/**
 * sleek_stanza_get_register_query:
 * @stanza: a [class@Sleek.Iq]
 *
 * Finds the `<query xmlns='jabber:iq:register'/>` of @stanza, as its
 * `register` plugin. The `xep_0077` plugin type registers that plugin;
 * this makes sure it is.
 *
 * Returns: (transfer none) (nullable): the query, or %NULL when @stanza
 *   carries none
 */
SleekRegisterQuery *
sleek_stanza_get_register_query (SleekStanza *stanza)
{
  SleekStanza *query;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  register_stanzas ();
  if (sleek_node_get_child (sleek_stanza_get_node (stanza), "query", SLEEK_NS_REGISTER) == NULL)
    return NULL;
  query = sleek_stanza_get_plugin (stanza, "register", FALSE);
  return query != NULL && SLEEK_IS_REGISTER_QUERY (query) ? SLEEK_REGISTER_QUERY (query) : NULL;
}

/* A copy of the query of @iq that outlives it, or NULL. */
static SleekRegisterQuery *
copy_query (SleekIq *iq)
{
  SleekRegisterQuery *query = sleek_stanza_get_register_query (SLEEK_STANZA (iq));
  g_autoptr(SleekNode) copy = NULL;

  if (query == NULL)
    return NULL;
  copy = sleek_node_copy (query_node (query));
  return g_object_new (SLEEK_TYPE_REGISTER_QUERY, "node", copy, NULL);
}

/* ------------------------------------------------------------------ */
/* The stream feature                                                 */
/* ------------------------------------------------------------------ */

#define SLEEK_TYPE_FEATURE_REGISTER (sleek_feature_register_get_type ())
G_DECLARE_FINAL_TYPE (SleekFeatureRegister, sleek_feature_register, SLEEK, FEATURE_REGISTER, SleekStreamFeature)

/* Two of them: "register" negotiates the registration when the server
 * offers it; "register-guard", offered with SASL and after "register",
 * stops a client that asked for a registration the server did not offer
 * from logging in. */
struct _SleekFeatureRegister
{
  SleekStreamFeature parent_instance;
  GWeakRef plugin;
  gboolean guard;
};

G_DEFINE_FINAL_TYPE (SleekFeatureRegister, sleek_feature_register, SLEEK_TYPE_STREAM_FEATURE)

static gboolean registration_wanted (SleekInBandRegistration *self);
static void register_negotiate (SleekInBandRegistration *self, SleekClientXmpp *client, GTask *task);

static void
sleek_feature_register_negotiate_async (SleekStreamFeature *feature, SleekClientXmpp *client, SleekNode *offer,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  SleekFeatureRegister *self = SLEEK_FEATURE_REGISTER (feature);
  g_autoptr(SleekInBandRegistration) plugin = g_weak_ref_get (&self->plugin);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sleek_feature_register_negotiate_async);
  /* Offered, but nobody asked for an account: go on to SASL. */
  if (plugin == NULL || !registration_wanted (plugin))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->guard)
    {
      g_task_return_new_error (task, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE,
                               _("The server does not offer in-band registration"));
      return;
    }
  register_negotiate (plugin, client, g_steal_pointer (&task));
}

static gboolean
sleek_feature_register_negotiate_finish (SleekStreamFeature *feature, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, feature), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sleek_feature_register_finalize (GObject *object)
{
  g_weak_ref_clear (&SLEEK_FEATURE_REGISTER (object)->plugin);
  G_OBJECT_CLASS (sleek_feature_register_parent_class)->finalize (object);
}

static void
sleek_feature_register_class_init (SleekFeatureRegisterClass *klass)
{
  SleekStreamFeatureClass *feature_class = SLEEK_STREAM_FEATURE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sleek_feature_register_finalize;
  feature_class->negotiate_async = sleek_feature_register_negotiate_async;
  feature_class->negotiate_finish = sleek_feature_register_negotiate_finish;
}

static void
sleek_feature_register_init (SleekFeatureRegister *self)
{
  g_weak_ref_init (&self->plugin, NULL);
}

/* ------------------------------------------------------------------ */
/* SleekInBandRegistration                                            */
/* ------------------------------------------------------------------ */

/**
 * SleekInBandRegistration:
 *
 * The `xep_0077` plugin: XEP-0077 In-Band Registration, the creation of
 * an account through the XMPP connection itself, and, once logged in,
 * the change of its password and its removal.
 *
 * A new account is registered before authentication: on a
 * [class@Sleek.ClientXmpp], [method@Sleek.InBandRegistration.register_account_async]
 * connects, negotiates TLS, and where the client would authenticate it
 * asks the server for its registration form instead. It fills in the
 * username (the local part of the client's JID) and the password (the
 * client's), then emits [signal@Sleek.InBandRegistration::register-form]
 * so that the application can fill in whatever else the server asks for,
 * and submits the form, or the legacy fields when the server sent no
 * form (or the handler removed it). A handler that needs the user's
 * answers first returns %TRUE and hands the form back later with
 * [method@Sleek.InBandRegistration.submit_registration]. Then the plugin
 * logs in with the new account, or disconnects.
 *
 * ```c
 * static gboolean
 * on_register_form (SleekInBandRegistration *ibr, SleekRegisterQuery *form, gpointer user_data)
 * {
 *   SleekDataForm *data_form = sleek_register_query_get_form (form);
 *
 *   if (data_form != NULL && sleek_data_form_get_field (data_form, "email") != NULL)
 *     sleek_data_form_set_field_value (data_form, "email", "juliet@example.com");
 *   else if (sleek_register_query_has_field (form, "email"))
 *     sleek_register_query_set_field (form, "email", "juliet@example.com");
 *   return FALSE;  // filled in: submit it now
 * }
 *
 * static void
 * on_registered (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *
 *   if (!sleek_in_band_registration_register_account_finish (SLEEK_IN_BAND_REGISTRATION (source),
 *                                                           result, &error))
 *     g_printerr ("No account: %s\n", error->message);  // conflict: the name is taken
 * }
 *
 * client = sleek_client_xmpp_new ("juliet@example.com", "s3cret");
 * sleek_base_xmpp_register_plugin (SLEEK_BASE_XMPP (client), "xep_0077", &error);
 * ibr = SLEEK_IN_BAND_REGISTRATION (sleek_base_xmpp_get_plugin (SLEEK_BASE_XMPP (client), "xep_0077"));
 * g_signal_connect (ibr, "register-form", G_CALLBACK (on_register_form), NULL);
 * // TRUE: log in with the new account once it exists
 * sleek_in_band_registration_register_account_async (ibr, NULL, TRUE, NULL, on_registered, NULL);
 * ```
 *
 * Once logged in, the account's password changes with
 * [method@Sleek.InBandRegistration.change_password_async] (which also
 * updates the client's [property@Sleek.ClientXmpp:password] for the next
 * login), and the account goes with
 * [method@Sleek.InBandRegistration.cancel_registration_async]:
 *
 * ```c
 * sleek_in_band_registration_change_password_async (ibr, "n3w-s3cret", NULL, on_changed, NULL);
 *
 * // The server removes the account and closes the stream.
 * sleek_in_band_registration_cancel_registration_async (ibr, NULL, on_cancelled, NULL);
 * ```
 *
 * [method@Sleek.InBandRegistration.get_registration_async] reads the
 * current registration. The server's `<register/>` stream feature shows
 * in [property@Sleek.InBandRegistration:feature-offered]. The plugin
 * depends on `xep_0030` and `xep_0004`.
 */
struct _SleekInBandRegistration
{
  SleekPlugin parent_instance;

  SleekStreamFeature *feature;
  SleekStreamFeature *guard;
  gboolean feature_offered;

  /* The account registration under way */
  GTask *register_task;
  gboolean log_in;
  gboolean registered;
  GTask *form_task;             /* waiting for submit_registration() */
};

G_DEFINE_FINAL_TYPE (SleekInBandRegistration, sleek_in_band_registration, SLEEK_TYPE_PLUGIN)

enum {
  PROP_0,
  PROP_FEATURE_OFFERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REGISTER_FORM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SleekClientXmpp *
get_client (SleekInBandRegistration *self)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  return xmpp != NULL && SLEEK_IS_CLIENT_XMPP (xmpp) ? SLEEK_CLIENT_XMPP (xmpp) : NULL;
}

static void
on_stream_features (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekInBandRegistration *self = SLEEK_IN_BAND_REGISTRATION (user_data);
  SleekNode *features = sleek_stanza_get_node (stanza);
  gboolean offered;

  /* Only the features offered before authentication say anything. */
  if (sleek_node_get_child (features, "mechanisms", SLEEK_NS_SASL) == NULL)
    return;
  offered = sleek_node_get_child (features, "register", SLEEK_NS_REGISTER_FEATURE) != NULL;
  if (offered != self->feature_offered)
    {
      self->feature_offered = offered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURE_OFFERED]);
    }

}

static void
sleek_in_band_registration_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekInBandRegistration *self = SLEEK_IN_BAND_REGISTRATION (plugin);
  g_autoptr(SleekMatcher) features = sleek_matcher_new_xpath ("{" SLEEK_NS_STREAMS "}features");

  sleek_plugin_add_handler (plugin, features, SLEEK_HANDLER_NONE, on_stream_features, self, NULL);
  sleek_plugin_advertise (plugin, SLEEK_NS_REGISTER);
  if (SLEEK_IS_CLIENT_XMPP (xmpp))
    {
      /* Before SASL (order 100), after STARTTLS (0). */
      self->feature = g_object_new (SLEEK_TYPE_FEATURE_REGISTER,
                                    "name", "register",
                                    "element-name", "register",
                                    "element-namespace", SLEEK_NS_REGISTER_FEATURE,
                                    "order", 50,
                                    "restart", FALSE,
                                    NULL);
      g_weak_ref_set (&SLEEK_FEATURE_REGISTER (self->feature)->plugin, self);
      sleek_client_xmpp_register_feature (SLEEK_CLIENT_XMPP (xmpp), self->feature);
      self->guard = g_object_new (SLEEK_TYPE_FEATURE_REGISTER,
                                  "name", "register-guard",
                                  "element-name", "mechanisms",
                                  "element-namespace", SLEEK_NS_SASL,
                                  "order", 60,
                                  "restart", FALSE,
                                  NULL);
      SLEEK_FEATURE_REGISTER (self->guard)->guard = TRUE;
      g_weak_ref_set (&SLEEK_FEATURE_REGISTER (self->guard)->plugin, self);
      sleek_client_xmpp_register_feature (SLEEK_CLIENT_XMPP (xmpp), self->guard);
    }
}

static void
forget_feature (SleekStreamFeature **feature, SleekClientXmpp *client)
{
  if (*feature == NULL)
    return;
  g_weak_ref_set (&SLEEK_FEATURE_REGISTER (*feature)->plugin, NULL);
  if (client != NULL)
    sleek_client_xmpp_unregister_feature (client, sleek_stream_feature_get_name (*feature));
  g_clear_object (feature);
}

static void
sleek_in_band_registration_plugin_end (SleekPlugin *plugin)
{
  SleekInBandRegistration *self = SLEEK_IN_BAND_REGISTRATION (plugin);
  SleekClientXmpp *client = get_client (self);

  sleek_plugin_withdraw (plugin, SLEEK_NS_REGISTER);
  forget_feature (&self->feature, client);
  forget_feature (&self->guard, client);
}

static void
sleek_in_band_registration_dispose (GObject *object)
{
  SleekInBandRegistration *self = SLEEK_IN_BAND_REGISTRATION (object);

  forget_feature (&self->feature, NULL);
  forget_feature (&self->guard, NULL);
  G_OBJECT_CLASS (sleek_in_band_registration_parent_class)->dispose (object);
}

static void
sleek_in_band_registration_finalize (GObject *object)
{
  SleekInBandRegistration *self = SLEEK_IN_BAND_REGISTRATION (object);

  g_clear_object (&self->register_task);
  g_clear_object (&self->form_task);
  G_OBJECT_CLASS (sleek_in_band_registration_parent_class)->finalize (object);
}

static void
sleek_in_band_registration_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekInBandRegistration *self = SLEEK_IN_BAND_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_FEATURE_OFFERED:
      g_value_set_boolean (value, self->feature_offered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_in_band_registration_class_init (SleekInBandRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_in_band_registration_dispose;
  object_class->finalize = sleek_in_band_registration_finalize;
  object_class->get_property = sleek_in_band_registration_get_property;
  plugin_class->plugin_init = sleek_in_band_registration_plugin_init;
  plugin_class->plugin_end = sleek_in_band_registration_plugin_end;

  /**
   * SleekInBandRegistration:feature-offered: (getter get_feature_offered)
   *
   * Whether the server offered the `<register
   * xmlns='http://jabber.org/features/iq-register'/>` stream feature
   * among the features it offered before authentication on the last
   * connection. Servers offer it only where they accept registrations,
   * often only over TLS.
   */
  properties[PROP_FEATURE_OFFERED] =
    g_param_spec_boolean ("feature-offered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SleekInBandRegistration::register-form:
   * @self: the plugin
   * @form: the server's answer to the registration request, with the
   *   username and password already filled in; the handler fills in the
   *   rest
   *
   * Emitted during [method@Sleek.InBandRegistration.register_account_async],
   * before the registration is submitted. The handler fills in @form: the
   * fields of its data form ([method@Sleek.RegisterQuery.get_form]) when
   * it has one, else its legacy fields. A handler that removes the data
   * form with [method@Sleek.RegisterQuery.set_form] makes the plugin
   * submit the legacy fields instead. Changing the username or the
   * password changes what the client logs in with afterwards.
   *
   * A handler that cannot fill @form in at once (it asks the user, say)
   * keeps a reference to it and returns %TRUE; the registration then
   * waits until [method@Sleek.InBandRegistration.submit_registration]
   * hands @form back, or %NULL to give up.
   *
   * Returns: %TRUE when the application submits @form later, %FALSE to
   *   submit it as it is when the handler returns
   */
  signals[SIGNAL_REGISTER_FORM] =
    g_signal_new ("register-form", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, SLEEK_TYPE_REGISTER_QUERY);

  /* The class is made once, when the registry registers the plugin. */
  register_stanzas ();
}

static void
sleek_in_band_registration_init (SleekInBandRegistration *self)
{
}

/**
 * sleek_in_band_registration_get_feature_offered: (get-property feature-offered)
 * @self: a [class@Sleek.InBandRegistration]
 *
 * Gets [property@Sleek.InBandRegistration:feature-offered].
 *
 * Returns: whether the server offered in-band registration
 */
gboolean
sleek_in_band_registration_get_feature_offered (SleekInBandRegistration *self)
{
  g_return_val_if_fail (SLEEK_IS_IN_BAND_REGISTRATION (self), FALSE);
  return self->feature_offered;
}

/* The finish of the operations that give a boolean. */
static gboolean
finish_boolean (SleekInBandRegistration *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The answer to an iq sent with @task as the callback's data, or NULL
 * once @task has the error. */
static SleekIq *
take_answer (GObject *source, GAsyncResult *result, GTask *task)
{
  GError *error = NULL;
  SleekIq *answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  return answer;
}

/* Registering an account */

/* A registration was asked for and is not done yet. */
static gboolean
registration_wanted (SleekInBandRegistration *self)
{
  return self->register_task != NULL && !self->registered;
}

typedef struct {
  SleekClientXmpp *client;
  SleekJid *jid;                /* of the account registered, when renamed */
  char *password;
} Negotiation;

static void
negotiation_free (Negotiation *n)
{
  g_clear_object (&n->client);
  g_clear_pointer (&n->jid, sleek_jid_unref);
  g_free (n->password);
  g_free (n);
}

/* The client's JID with @username as its local part: NULL when that is
 * the JID already, NULL with @error set when @username cannot be one. */
static SleekJid *
renamed_jid (SleekJid *jid, const char *username, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(SleekJid) renamed = NULL;

  if (jid == NULL || username == NULL || g_strcmp0 (sleek_jid_get_local (jid), username) == 0)
    return NULL;
  text = sleek_jid_get_resource (jid) != NULL
    ? g_strdup_printf ("%s@%s/%s", username, sleek_jid_get_domain (jid), sleek_jid_get_resource (jid))
    : g_strdup_printf ("%s@%s", username, sleek_jid_get_domain (jid));
  renamed = sleek_jid_new (text, NULL);
  /* A username with '@' or '/' in it would give another address. */
  if (renamed == NULL || g_strcmp0 (sleek_jid_get_domain (renamed), sleek_jid_get_domain (jid)) != 0 ||
      g_strcmp0 (sleek_jid_get_resource (renamed), sleek_jid_get_resource (jid)) != 0)
    {
      g_set_error (error, SLEEK_JID_ERROR, SLEEK_JID_ERROR_LOCAL_FORBIDDEN,
                   _("“%s” cannot be the name of an account"), username);
      return NULL;
    }
  return g_steal_pointer (&renamed);
}

/* What @submit registers under @field, the form's value first. */
static char *
submitted_value (SleekRegisterQuery *submit, const char *field)
{
  SleekDataForm *form = sleek_register_query_get_form (submit);
  const char *value = NULL;

  if (form != NULL)
    value = sleek_data_form_get_field_value (form, field);
  if (value == NULL)
    value = sleek_register_query_get_field (submit, field);
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/* The plugin of the feature negotiating with @task, if it is still there. */
static SleekInBandRegistration *
plugin_of (GTask *task)
{
  return g_weak_ref_get (&SLEEK_FEATURE_REGISTER (g_task_get_source_object (task))->plugin);
}

static void
after_registered_disconnect (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  sleek_xml_stream_disconnect_finish (SLEEK_XML_STREAM (source), result, NULL);
  /* Ends the connection attempt; register_account_finish knows better. */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The account is registered; the client does not log in"));
}

static void
on_registration_set (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Negotiation *n = g_task_get_task_data (task);
  g_autoptr(SleekInBandRegistration) self = plugin_of (task);
  g_autoptr(SleekIq) answer = NULL;

  answer = take_answer (source, result, task);
  if (answer == NULL)
    return;

  /* Log in as what was registered. */
  if (n->password != NULL)
    sleek_client_xmpp_set_password (n->client, n->password);
  if (n->jid != NULL)
    sleek_base_xmpp_set_jid (SLEEK_BASE_XMPP (n->client), n->jid);

  if (self != NULL)
    self->registered = TRUE;
  if (self == NULL || self->log_in)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  sleek_xml_stream_disconnect_async (SLEEK_XML_STREAM (n->client), NULL, after_registered_disconnect,
                                     g_steal_pointer (&task));
}

static void submit_registration (GTask *task, SleekRegisterQuery *form);

static void
on_registration_form (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Negotiation *n = g_task_get_task_data (task);
  g_autoptr(SleekInBandRegistration) self = plugin_of (task);
  g_autoptr(SleekIq) answer = NULL;
  g_autoptr(SleekRegisterQuery) form = NULL;
  SleekJid *jid;
  gboolean later = FALSE;

  answer = take_answer (source, result, task);
  if (answer == NULL)
    return;
  if (self == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The plugin “%s” is not enabled"), "xep_0077");
      return;
    }
  form = copy_query (answer);
  if (form == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The server's answer holds no registration form"));
      return;
    }

  jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (n->client));
  sleek_register_query_fill_credentials (form, jid != NULL ? sleek_jid_get_local (jid) : NULL,
                                         sleek_client_xmpp_get_password (n->client));
  g_signal_emit (self, signals[SIGNAL_REGISTER_FORM], 0, form, &later);
  if (later)
    {
      /* The application answers with submit_registration(). */
      g_clear_object (&self->form_task);
      self->form_task = g_steal_pointer (&task);
      return;
    }
  submit_registration (g_steal_pointer (&task), form);
}

/* Submits @form, filled in, for the negotiation @task (transfer full). */
static void
submit_registration (GTask *task, SleekRegisterQuery *form)
{
  g_autoptr(GTask) owned = task;
  Negotiation *n = g_task_get_task_data (task);
  SleekJid *jid = sleek_base_xmpp_get_jid (SLEEK_BASE_XMPP (n->client));
  g_autoptr(SleekRegisterQuery) submit = NULL;
  g_autoptr(SleekIq) iq = NULL;
  g_autofree char *username = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  submit = sleek_register_query_make_submit (form, &error);
  if (submit == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  username = submitted_value (submit, "username");
  n->jid = renamed_jid (jid, username, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  n->password = submitted_value (submit, "password");

  iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (n->client), "set", NULL,
                                sleek_stanza_get_node (SLEEK_STANZA (submit)));
  cancellable = g_task_get_cancellable (task);
  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (n->client), iq, 0, cancellable, on_registration_set,
                                 g_steal_pointer (&owned));
}

static void
register_negotiate (SleekInBandRegistration *self, SleekClientXmpp *client, GTask *task)
{
  g_autoptr(GTask) owned = task;
  g_autoptr(SleekRegisterQuery) query = NULL;
  g_autoptr(SleekIq) iq = NULL;
  Negotiation *n;

  n = g_new0 (Negotiation, 1);
  n->client = g_object_ref (client);
  g_task_set_task_data (task, n, (GDestroyNotify) negotiation_free);

  /* Before authentication, everything goes to the server: no `to`. */
  query = sleek_register_query_new ();
  iq = sleek_base_xmpp_make_iq (SLEEK_BASE_XMPP (client), "get", NULL, sleek_stanza_get_node (SLEEK_STANZA (query)));
  sleek_base_xmpp_send_iq_async (SLEEK_BASE_XMPP (client), iq, 0, g_task_get_cancellable (task),
                                 on_registration_form, g_steal_pointer (&owned));
}

static void
on_register_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SleekInBandRegistration) self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->register_task);
  g_autoptr(GTask) form_task = g_steal_pointer (&self->form_task);
  GError *error = NULL;

  /* The connection ended while the application was filling the form. */
  if (form_task != NULL)
    g_task_return_new_error (form_task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The connection is closed"));

  if (sleek_client_xmpp_connect_finish (SLEEK_CLIENT_XMPP (source), result, &error))
    {
      if (self->registered)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE,
                                 _("The server does not offer in-band registration"));
      return;
    }
  if (self->registered && !self->log_in)
    {
      g_error_free (error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_return_error (task, error);
}

/**
 * sleek_in_band_registration_register_account_async:
 * @self: a [class@Sleek.InBandRegistration] enabled on a
 *   [class@Sleek.ClientXmpp] that is not connected
 * @io: (nullable): a connection to the server to use, as
 *   [method@Sleek.ClientXmpp.connect_stream_async] does, or %NULL to
 *   connect as [method@Sleek.ClientXmpp.connect_async] does
 * @log_in: whether to log in with the new account once it is registered,
 *   rather than disconnect
 * @cancellable: (nullable): stops the attempt
 * @callback: (scope async) (closure user_data): called when done
 * @user_data: data for @callback
 *
 * Registers a new account: connects the client as
 * [method@Sleek.ClientXmpp.connect_async] does, and once TLS is up asks
 * the server for its registration form instead of authenticating. The
 * form is filled with the local part of the client's JID and its
 * password, then [signal@Sleek.InBandRegistration::register-form] lets
 * the application fill in the rest, and the form (or, without one, the
 * legacy fields) is submitted. With @log_in, the client then logs in with
 * the registered username and password and the operation completes when
 * the session has started; without, it disconnects and completes.
 */
void
sleek_in_band_registration_register_account_async (SleekInBandRegistration *self, GIOStream *io, gboolean log_in,
                                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                                    gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SleekClientXmpp *client;

  g_return_if_fail (SLEEK_IS_IN_BAND_REGISTRATION (self));
  g_return_if_fail (io == NULL || G_IS_IO_STREAM (io));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_in_band_registration_register_account_async);

  client = get_client (self);
  if (client == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("Registering an account needs the plugin enabled on a client"));
      return;
    }
  if (self->register_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("An account registration is already under way"));
      return;
    }

  self->register_task = g_steal_pointer (&task);
  self->log_in = log_in;
  self->registered = FALSE;
  if (io != NULL)
    sleek_client_xmpp_connect_stream_async (client, io, cancellable, on_register_connected, g_object_ref (self));
  else
    sleek_client_xmpp_connect_async (client, cancellable, on_register_connected, g_object_ref (self));
}

/**
 * sleek_in_band_registration_submit_registration:
 * @self: a [class@Sleek.InBandRegistration] whose
 *   [signal@Sleek.InBandRegistration::register-form] handler returned
 *   %TRUE
 * @form: (nullable): the form the signal carried, filled in, or %NULL to
 *   give the registration up
 *
 * Goes on with the registration the handler of
 * [signal@Sleek.InBandRegistration::register-form] held back: submits
 * @form, or, with %NULL, ends the attempt, which then fails with
 * %G_IO_ERROR_CANCELLED.
 */
void
sleek_in_band_registration_submit_registration (SleekInBandRegistration *self, SleekRegisterQuery *form)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_IN_BAND_REGISTRATION (self));
  g_return_if_fail (form == NULL || SLEEK_IS_REGISTER_QUERY (form));
  g_return_if_fail (self->form_task != NULL);

  task = g_steal_pointer (&self->form_task);
  if (form == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The application gave the registration up"));
      return;
    }
  submit_registration (g_steal_pointer (&task), form);
}

/**
 * sleek_in_band_registration_register_account_finish:
 * @self: a [class@Sleek.InBandRegistration]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] from
 *   the server (%SLEEK_STANZA_ERROR_CONFLICT when the username is taken,
 *   %SLEEK_STANZA_ERROR_NOT_ACCEPTABLE when fields are missing,
 *   %SLEEK_STANZA_ERROR_NOT_ALLOWED when registration is closed,
 *   %SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE when the server offers no
 *   in-band registration), a [error@Sleek.DataFormError] when the filled
 *   form does not validate, or why the connection or the login failed
 *
 * Finishes [method@Sleek.InBandRegistration.register_account_async].
 *
 * Returns: %TRUE when the account was registered (and, if asked, the
 *   session started)
 */
gboolean
sleek_in_band_registration_register_account_finish (SleekInBandRegistration *self, GAsyncResult *result,
                                                    GError **error)
{
  return finish_boolean (self, result, sleek_in_band_registration_register_account_async, error);
}

/* Once logged in */

static void
on_registration (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SleekIq) answer = NULL;
  SleekRegisterQuery *query;

  answer = take_answer (source, result, task);
  if (answer == NULL)
    return;
  query = copy_query (answer);
  if (query == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The server's answer holds no registration"));
      return;
    }
  g_task_return_pointer (task, query, g_object_unref);
}

/**
 * sleek_in_band_registration_get_registration_async:
 * @self: an enabled [class@Sleek.InBandRegistration], logged in
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks the server for the account's current registration: whether it is
 * registered, and the fields it holds.
 */
void
sleek_in_band_registration_get_registration_async (SleekInBandRegistration *self, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_IN_BAND_REGISTRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_in_band_registration_get_registration_async);
  sleek_plugin_send_query (SLEEK_PLUGIN (self), g_steal_pointer (&task), NULL, "query", SLEEK_NS_REGISTER, 0,
                           on_registration);
}

/**
 * sleek_in_band_registration_get_registration_finish:
 * @self: a [class@Sleek.InBandRegistration]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, %G_IO_ERROR_INVALID_DATA for an answer without a
 *   query, or why no answer came
 *
 * Finishes [method@Sleek.InBandRegistration.get_registration_async].
 *
 * Returns: (transfer full): the registration
 */
SleekRegisterQuery *
sleek_in_band_registration_get_registration_finish (SleekInBandRegistration *self, GAsyncResult *result,
                                                    GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_in_band_registration_get_registration_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sends @query in an iq set to our server, the answer going to @answered
 * with @task; fails @task when the plugin is not enabled or logged in. */
static void
send_set (SleekInBandRegistration *self, GTask *task, SleekRegisterQuery *query, GAsyncReadyCallback answered)
{
  g_autoptr(GTask) owned = task;
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekIq) iq = NULL;
  SleekJid *own;

  if (xmpp == NULL)
    {
      g_task_return_new_error (task, SLEEK_PLUGIN_ERROR, SLEEK_PLUGIN_ERROR_FAILED,
                               _("The plugin “%s” is not enabled"), sleek_plugin_get_name (SLEEK_PLUGIN (self)));
      return;
    }
  own = sleek_base_xmpp_get_bound_jid (xmpp);
  if (own == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The account is not logged in"));
      return;
    }
  iq = sleek_base_xmpp_make_iq (xmpp, "set", sleek_jid_get_domain (own), sleek_stanza_get_node (SLEEK_STANZA (query)));
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), answered, g_steal_pointer (&owned));
}

static void
on_password_changed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SleekIq) answer = NULL;

  answer = take_answer (source, result, task);
  if (answer == NULL)
    return;
  if (SLEEK_IS_CLIENT_XMPP (source))
    sleek_client_xmpp_set_password (SLEEK_CLIENT_XMPP (source), g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

/**
 * sleek_in_band_registration_change_password_async:
 * @self: an enabled [class@Sleek.InBandRegistration], logged in
 * @password: the new password
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called when done
 * @user_data: data for @callback
 *
 * Changes the account's password. Once the server has accepted it, the
 * client's [property@Sleek.ClientXmpp:password] is the new one, for the
 * next login.
 */
void
sleek_in_band_registration_change_password_async (SleekInBandRegistration *self, const char *password,
                                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                                  gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekRegisterQuery) query = NULL;
  SleekBaseXmpp *xmpp;
  SleekJid *own;

  g_return_if_fail (SLEEK_IS_IN_BAND_REGISTRATION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_in_band_registration_change_password_async);
  g_task_set_task_data (task, g_strdup (password), g_free);
  if (*password == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The new password is empty"));
      return;
    }

  query = sleek_register_query_new ();
  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  own = xmpp != NULL ? sleek_base_xmpp_get_bound_jid (xmpp) : NULL;
  if (own != NULL)
    sleek_register_query_set_field (query, "username", sleek_jid_get_local (own));
  sleek_register_query_set_field (query, "password", password);
  send_set (self, g_steal_pointer (&task), query, on_password_changed);
}

/**
 * sleek_in_band_registration_change_password_finish:
 * @self: a [class@Sleek.InBandRegistration]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered (%SLEEK_STANZA_ERROR_NOT_AUTHORIZED or
 *   %SLEEK_STANZA_ERROR_NOT_ALLOWED when it refuses), or why no answer
 *   came
 *
 * Finishes [method@Sleek.InBandRegistration.change_password_async].
 *
 * Returns: %TRUE when the password changed
 */
gboolean
sleek_in_band_registration_change_password_finish (SleekInBandRegistration *self, GAsyncResult *result,
                                                   GError **error)
{
  return finish_boolean (self, result, sleek_in_band_registration_change_password_async, error);
}

static void
on_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SleekIq) answer = NULL;
  GError *error = NULL;

  answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  if (answer != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* The server may close the stream of the account it has just removed
   * before its answer arrives. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) || error->domain == SLEEK_STREAM_ERROR)
    {
      g_error_free (error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_return_error (task, error);
}

/**
 * sleek_in_band_registration_cancel_registration_async:
 * @self: an enabled [class@Sleek.InBandRegistration], logged in
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called when done
 * @user_data: data for @callback
 *
 * Removes the account from the server. The server then closes the
 * stream; when it does so instead of answering, the removal counts as
 * done.
 */
void
sleek_in_band_registration_cancel_registration_async (SleekInBandRegistration *self, GCancellable *cancellable,
                                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekRegisterQuery) query = NULL;

  g_return_if_fail (SLEEK_IS_IN_BAND_REGISTRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_in_band_registration_cancel_registration_async);
  query = sleek_register_query_new ();
  sleek_register_query_set_remove (query, TRUE);
  send_set (self, g_steal_pointer (&task), query, on_removed);
}

/**
 * sleek_in_band_registration_cancel_registration_finish:
 * @self: a [class@Sleek.InBandRegistration]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered (%SLEEK_STANZA_ERROR_NOT_ALLOWED, for example), or
 *   why no answer came
 *
 * Finishes [method@Sleek.InBandRegistration.cancel_registration_async].
 *
 * Returns: %TRUE when the account was removed
 */
gboolean
sleek_in_band_registration_cancel_registration_finish (SleekInBandRegistration *self, GAsyncResult *result,
                                                       GError **error)
{
  return finish_boolean (self, result, sleek_in_band_registration_cancel_registration_async, error);
}
