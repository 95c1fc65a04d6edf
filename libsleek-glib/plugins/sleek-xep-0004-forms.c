/* sleek-xep-0004-forms.c: XEP-0004 Data Forms
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0030-disco.h"

#include <string.h>

/**
 * sleek_data_form_error_quark:
 *
 * The error domain for data forms that fail validation; C code uses the
 * `SLEEK_DATA_FORM_ERROR` macro instead.
 *
 * Returns: the quark of the [error@Sleek.DataFormError] domain
 */
G_DEFINE_QUARK (sleek-data-form-error-quark, sleek_data_form_error)

G_DEFINE_ENUM_TYPE (SleekDataFormError, sleek_data_form_error,
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED, "missing-required"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_ERROR_INVALID_VALUE, "invalid-value"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "too-many-values"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_ERROR_INVALID_FIELD, "invalid-field"))

G_DEFINE_ENUM_TYPE (SleekDataFormType, sleek_data_form_type,
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_TYPE_FORM, "form"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_TYPE_SUBMIT, "submit"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_TYPE_CANCEL, "cancel"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_TYPE_RESULT, "result"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_TYPE_UNKNOWN, "unknown"))

G_DEFINE_ENUM_TYPE (SleekDataFormFieldType, sleek_data_form_field_type,
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, "text-single"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_BOOLEAN, "boolean"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_FIXED, "fixed"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_HIDDEN, "hidden"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_JID_MULTI, "jid-multi"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_JID_SINGLE, "jid-single"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_LIST_MULTI, "list-multi"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_LIST_SINGLE, "list-single"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_TEXT_MULTI, "text-multi"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_TEXT_PRIVATE, "text-private"),
                    G_DEFINE_ENUM_VALUE (SLEEK_DATA_FORM_FIELD_UNKNOWN, "unknown"))

/* The wire names, in the order of the enumerations. */
static const char * const form_types[] = { "form", "submit", "cancel", "result" };
static const char * const field_types[] = {
  "text-single", "boolean", "fixed", "hidden", "jid-multi", "jid-single",
  "list-multi", "list-single", "text-multi", "text-private",
};

static int
lookup_name (const char * const *names, gsize n_names, const char *name)
{
  for (gsize i = 0; name != NULL && i < n_names; i++)
    if (strcmp (names[i], name) == 0)
      return (int) i;
  return -1;
}

static void register_stanzas (GType form_type);

/* ------------------------------------------------------------------ */
/* Options                                                            */
/* ------------------------------------------------------------------ */

/**
 * SleekDataFormOption:
 *
 * One choice of a `list-single` or `list-multi` field: the value sent when
 * it is chosen and the label shown for it.
 */
struct _SleekDataFormOption
{
  GObject parent_instance;

  char *value;
  char *label;
};

G_DEFINE_FINAL_TYPE (SleekDataFormOption, sleek_data_form_option, G_TYPE_OBJECT)

static void
sleek_data_form_option_finalize (GObject *object)
{
  SleekDataFormOption *self = SLEEK_DATA_FORM_OPTION (object);

  g_free (self->value);
  g_free (self->label);
  G_OBJECT_CLASS (sleek_data_form_option_parent_class)->finalize (object);
}

static void
sleek_data_form_option_class_init (SleekDataFormOptionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_data_form_option_finalize;
}

static void
sleek_data_form_option_init (SleekDataFormOption *self)
{
}

/**
 * sleek_data_form_option_new:
 * @value: the value sent when the option is chosen
 * @label: (nullable): the label shown for it, or %NULL for none
 *
 * Makes an option for [method@Sleek.DataFormField.add_option].
 *
 * Returns: (transfer full): a new option
 */
SleekDataFormOption *
sleek_data_form_option_new (const char *value, const char *label)
{
  SleekDataFormOption *self;

  g_return_val_if_fail (value != NULL, NULL);

  self = g_object_new (SLEEK_TYPE_DATA_FORM_OPTION, NULL);
  self->value = g_strdup (value);
  self->label = g_strdup (label);
  return self;
}

/**
 * sleek_data_form_option_get_value:
 * @self: a [class@Sleek.DataFormOption]
 *
 * Gets the value sent when the option is chosen.
 *
 * Returns: the value
 */
const char *
sleek_data_form_option_get_value (SleekDataFormOption *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_OPTION (self), NULL);
  return self->value;
}

/**
 * sleek_data_form_option_get_label:
 * @self: a [class@Sleek.DataFormOption]
 *
 * Gets the label shown for the option.
 *
 * Returns: (nullable): the label, or %NULL when there is none
 */
const char *
sleek_data_form_option_get_label (SleekDataFormOption *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_OPTION (self), NULL);
  return self->label;
}

/* ------------------------------------------------------------------ */
/* Fields                                                             */
/* ------------------------------------------------------------------ */

/**
 * SleekDataFormField:
 *
 * One `<field/>` of a data form, edited in place: a field reached through
 * its [class@Sleek.DataForm] changes the form's XML.
 *
 * Its keys are the attributes `var`, `type` and `label`, the child text
 * `desc` and the flag `required`; its values are its `<value/>` children
 * (a `text-multi` field carries one per line) and its options the
 * `<option/>` children of list fields.
 */
struct _SleekDataFormField
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDataFormField, sleek_data_form_field, SLEEK_TYPE_STANZA)

static void
sleek_data_form_field_class_init (SleekDataFormFieldClass *klass)
{
}

static void
sleek_data_form_field_init (SleekDataFormField *self)
{
}

static SleekNode *
field_node (SleekDataFormField *self)
{
  return sleek_stanza_get_node (SLEEK_STANZA (self));
}

/**
 * sleek_data_form_field_new:
 * @var: (nullable): the field's variable name, or %NULL for a field that
 *   has none (a `fixed` field)
 * @type: its type
 *
 * Makes a field not yet in any form, for [method@Sleek.DataForm.add_field]
 * and [method@Sleek.DataForm.add_item]. The `type` attribute is written
 * even for `text-single`.
 *
 * Returns: (transfer full): a new field
 */
SleekDataFormField *
sleek_data_form_field_new (const char *var, SleekDataFormFieldType type)
{
  g_autoptr(SleekNode) node = NULL;
  SleekDataFormField *self;

  g_type_ensure (SLEEK_TYPE_DATA_FORM);
  node = sleek_node_new ("field", SLEEK_NS_DATA_FORMS);
  self = g_object_new (SLEEK_TYPE_DATA_FORM_FIELD, "node", node, NULL);
  sleek_data_form_field_set_var (self, var);
  sleek_data_form_field_set_field_type (self, type);
  return self;
}

/**
 * sleek_data_form_field_get_var:
 * @self: a [class@Sleek.DataFormField]
 *
 * Gets the field's variable name, its `var` attribute.
 *
 * Returns: (nullable): the name, or %NULL when there is none
 */
const char *
sleek_data_form_field_get_var (SleekDataFormField *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), NULL);
  return sleek_node_get_attribute (field_node (self), "var");
}

/**
 * sleek_data_form_field_set_var:
 * @self: a [class@Sleek.DataFormField]
 * @var: (nullable): the variable name, or %NULL to remove it
 *
 * Sets the field's variable name.
 */
void
sleek_data_form_field_set_var (SleekDataFormField *self, const char *var)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  sleek_node_set_attribute (field_node (self), "var", var);
}

/**
 * sleek_data_form_field_get_field_type:
 * @self: a [class@Sleek.DataFormField]
 *
 * Gets the field's type. As XEP-0004 says, a field without a `type`
 * attribute is a `text-single` field; see
 * [method@Sleek.DataFormField.has_field_type] to tell the two apart.
 *
 * Returns: the type, %SLEEK_DATA_FORM_FIELD_UNKNOWN when the attribute
 *   holds a value this library does not know
 */
SleekDataFormFieldType
sleek_data_form_field_get_field_type (SleekDataFormField *self)
{
  const char *type;
  int index;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), SLEEK_DATA_FORM_FIELD_UNKNOWN);

  type = sleek_node_get_attribute (field_node (self), "type");
  if (type == NULL)
    return SLEEK_DATA_FORM_FIELD_TEXT_SINGLE;
  index = lookup_name (field_types, G_N_ELEMENTS (field_types), type);
  return index < 0 ? SLEEK_DATA_FORM_FIELD_UNKNOWN : (SleekDataFormFieldType) index;
}

/**
 * sleek_data_form_field_set_field_type:
 * @self: a [class@Sleek.DataFormField]
 * @type: the type; %SLEEK_DATA_FORM_FIELD_UNKNOWN removes the attribute
 *
 * Sets the field's `type` attribute.
 */
void
sleek_data_form_field_set_field_type (SleekDataFormField *self, SleekDataFormFieldType type)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  g_return_if_fail (type <= SLEEK_DATA_FORM_FIELD_UNKNOWN);

  sleek_node_set_attribute (field_node (self), "type",
                            type < G_N_ELEMENTS (field_types) ? field_types[type] : NULL);
}

/**
 * sleek_data_form_field_has_field_type:
 * @self: a [class@Sleek.DataFormField]
 *
 * Tells whether the field carries a `type` attribute. Fields of submitted
 * forms often do not, and then their type is only known from the form
 * they answer.
 *
 * Returns: %TRUE when the attribute is there
 */
gboolean
sleek_data_form_field_has_field_type (SleekDataFormField *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), FALSE);
  return sleek_node_get_attribute (field_node (self), "type") != NULL;
}

/**
 * sleek_data_form_field_get_label:
 * @self: a [class@Sleek.DataFormField]
 *
 * Gets the human-readable name of the field.
 *
 * Returns: (nullable): the label, or %NULL when there is none
 */
const char *
sleek_data_form_field_get_label (SleekDataFormField *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), NULL);
  return sleek_node_get_attribute (field_node (self), "label");
}

/**
 * sleek_data_form_field_set_label:
 * @self: a [class@Sleek.DataFormField]
 * @label: (nullable): the label, or %NULL to remove it
 *
 * Sets the human-readable name of the field.
 */
void
sleek_data_form_field_set_label (SleekDataFormField *self, const char *label)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  sleek_node_set_attribute (field_node (self), "label", label);
}

/**
 * sleek_data_form_field_get_desc:
 * @self: a [class@Sleek.DataFormField]
 *
 * Gets the natural-language description of the field, its `<desc/>`.
 *
 * Returns: (nullable): the description, or %NULL when there is none
 */
const char *
sleek_data_form_field_get_desc (SleekDataFormField *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), NULL);
  return sleek_node_get_child_text (field_node (self), "desc", SLEEK_NS_DATA_FORMS);
}

/**
 * sleek_data_form_field_set_desc:
 * @self: a [class@Sleek.DataFormField]
 * @desc: (nullable): the description, or %NULL to remove it
 *
 * Sets the natural-language description of the field.
 */
void
sleek_data_form_field_set_desc (SleekDataFormField *self, const char *desc)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  sleek_node_set_child_text (field_node (self), "desc", SLEEK_NS_DATA_FORMS, desc);
}

/**
 * sleek_data_form_field_get_required:
 * @self: a [class@Sleek.DataFormField]
 *
 * Tells whether the field must be filled, that is whether it carries a
 * `<required/>` child.
 *
 * Returns: %TRUE when the field is required
 */
gboolean
sleek_data_form_field_get_required (SleekDataFormField *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), FALSE);
  return sleek_node_get_child (field_node (self), "required", SLEEK_NS_DATA_FORMS) != NULL;
}

/**
 * sleek_data_form_field_set_required:
 * @self: a [class@Sleek.DataFormField]
 * @required: whether the field must be filled
 *
 * Adds or removes the `<required/>` child.
 */
void
sleek_data_form_field_set_required (SleekDataFormField *self, gboolean required)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));

  node = field_node (self);
  if (!required)
    sleek_node_remove_children (node, "required", SLEEK_NS_DATA_FORMS);
  else if (sleek_node_get_child (node, "required", SLEEK_NS_DATA_FORMS) == NULL)
    sleek_node_add_child_new (node, "required", SLEEK_NS_DATA_FORMS);
}

/* The children of @node called @name in jabber:x:data, in order. */
static GPtrArray *
children_named (SleekNode *node, const char *name)
{
  g_autoptr(GPtrArray) children = sleek_node_get_children (node);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < children->len; i++)
    if (sleek_node_is (children->pdata[i], name, SLEEK_NS_DATA_FORMS))
      g_ptr_array_add (found, children->pdata[i]);
  return found;
}

static GStrv
child_texts (SleekNode *node, const char *name)
{
  g_autoptr(GPtrArray) children = children_named (node, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < children->len; i++)
    {
      const char *text = sleek_node_get_text (children->pdata[i]);

      g_strv_builder_add (builder, text != NULL ? text : "");
    }
  return g_strv_builder_end (builder);
}

/**
 * sleek_data_form_field_get_values:
 * @self: a [class@Sleek.DataFormField]
 *
 * Lists the field's values, its `<value/>` children in order. A
 * `text-multi` field carries one value per line; an empty `<value/>`
 * gives an empty string.
 *
 * Returns: (transfer full): the values, possibly none
 */
GStrv
sleek_data_form_field_get_values (SleekDataFormField *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), NULL);
  return child_texts (field_node (self), "value");
}

/**
 * sleek_data_form_field_set_values:
 * @self: a [class@Sleek.DataFormField]
 * @values: (nullable) (array zero-terminated=1): the values, or %NULL to
 *   remove them all
 *
 * Replaces the field's values.
 */
void
sleek_data_form_field_set_values (SleekDataFormField *self, const char * const *values)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));

  sleek_node_remove_children (field_node (self), "value", SLEEK_NS_DATA_FORMS);
  for (gsize i = 0; values != NULL && values[i] != NULL; i++)
    sleek_data_form_field_add_value (self, values[i]);
}

/**
 * sleek_data_form_field_add_value:
 * @self: a [class@Sleek.DataFormField]
 * @value: the value to append
 *
 * Appends a `<value/>`.
 */
void
sleek_data_form_field_add_value (SleekDataFormField *self, const char *value)
{
  SleekNode *child;

  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  g_return_if_fail (value != NULL);

  child = sleek_node_add_child_new (field_node (self), "value", SLEEK_NS_DATA_FORMS);
  sleek_node_set_text (child, value);
}

/**
 * sleek_data_form_field_get_value:
 * @self: a [class@Sleek.DataFormField]
 *
 * Gets the field's first value, the whole value of single-valued types.
 *
 * Returns: (nullable): the first value, or %NULL when there is none
 */
const char *
sleek_data_form_field_get_value (SleekDataFormField *self)
{
  SleekNode *child;
  const char *text;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), NULL);

  child = sleek_node_get_child (field_node (self), "value", SLEEK_NS_DATA_FORMS);
  if (child == NULL)
    return NULL;
  text = sleek_node_get_text (child);
  return text != NULL ? text : "";
}

/**
 * sleek_data_form_field_set_value:
 * @self: a [class@Sleek.DataFormField]
 * @value: (nullable): the value, or %NULL to remove the values
 *
 * Replaces the field's values with @value alone.
 */
void
sleek_data_form_field_set_value (SleekDataFormField *self, const char *value)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));

  sleek_data_form_field_set_values (self, value != NULL ? (const char * const []) { value, NULL } : NULL);
}

static gboolean
parse_boolean (const char *text, gboolean *value)
{
  if (g_strcmp0 (text, "1") == 0 || g_strcmp0 (text, "true") == 0)
    *value = TRUE;
  else if (g_strcmp0 (text, "0") == 0 || g_strcmp0 (text, "false") == 0)
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

/**
 * sleek_data_form_field_get_boolean:
 * @self: a [class@Sleek.DataFormField]
 *
 * Reads the value of a `boolean` field: `1` and `true` are %TRUE.
 *
 * Returns: %TRUE when the value is `1` or `true`; %FALSE when it is
 *   anything else or missing
 */
gboolean
sleek_data_form_field_get_boolean (SleekDataFormField *self)
{
  gboolean value = FALSE;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), FALSE);

  return parse_boolean (sleek_data_form_field_get_value (self), &value) && value;
}

/**
 * sleek_data_form_field_set_boolean:
 * @self: a [class@Sleek.DataFormField]
 * @value: the value
 *
 * Sets the value of a `boolean` field, written `1` or `0`.
 */
void
sleek_data_form_field_set_boolean (SleekDataFormField *self, gboolean value)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  sleek_data_form_field_set_value (self, value ? "1" : "0");
}

/**
 * sleek_data_form_field_get_options:
 * @self: a [class@Sleek.DataFormField]
 *
 * Lists the options of a list field. An `<option/>` without a `<value/>`
 * is skipped.
 *
 * Returns: (transfer container) (element-type SleekDataFormOption): the
 *   options in order; the array holds a reference on each, dropped when it
 *   is freed
 */
GPtrArray *
sleek_data_form_field_get_options (SleekDataFormField *self)
{
  g_autoptr(GPtrArray) children = NULL;
  GPtrArray *options;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM_FIELD (self), NULL);

  children = children_named (field_node (self), "option");
  options = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < children->len; i++)
    {
      SleekNode *option = children->pdata[i];
      const char *value = sleek_node_get_child_text (option, "value", SLEEK_NS_DATA_FORMS);

      if (value != NULL)
        g_ptr_array_add (options, sleek_data_form_option_new (value, sleek_node_get_attribute (option, "label")));
    }
  return options;
}

/**
 * sleek_data_form_field_add_option:
 * @self: a [class@Sleek.DataFormField]
 * @option: the option to append
 *
 * Appends an `<option/>` to a list field.
 */
void
sleek_data_form_field_add_option (SleekDataFormField *self, SleekDataFormOption *option)
{
  SleekNode *child;

  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  g_return_if_fail (SLEEK_IS_DATA_FORM_OPTION (option));

  child = sleek_node_add_child_new (field_node (self), "option", SLEEK_NS_DATA_FORMS);
  sleek_node_set_attribute (child, "label", option->label);
  sleek_node_set_child_text (child, "value", SLEEK_NS_DATA_FORMS, option->value);
}

/**
 * sleek_data_form_field_clear_options:
 * @self: a [class@Sleek.DataFormField]
 *
 * Removes every option of the field.
 */
void
sleek_data_form_field_clear_options (SleekDataFormField *self)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (self));
  sleek_node_remove_children (field_node (self), "option", SLEEK_NS_DATA_FORMS);
}

/* Checks the values of @field against its type, @form_type telling
 * whether an untyped field is text-single (forms and results) or of a
 * type only the original form knows (submissions). */
static gboolean
field_validate (SleekDataFormField *field, SleekDataFormType form_type, GError **error)
{
  g_auto(GStrv) values = sleek_data_form_field_get_values (field);
  const char *var = sleek_data_form_field_get_var (field);
  const char *name = var != NULL ? var : "";
  SleekDataFormFieldType type = sleek_data_form_field_get_field_type (field);
  guint n_values = g_strv_length (values);
  gboolean filled = FALSE;

  if (type == SLEEK_DATA_FORM_FIELD_UNKNOWN)
    {
      g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_FIELD,
                   _("The field “%s” has the unknown type “%s”"), name,
                   sleek_node_get_attribute (field_node (field), "type"));
      return FALSE;
    }
  if (var == NULL && type != SLEEK_DATA_FORM_FIELD_FIXED)
    {
      g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_FIELD,
                   _("A field of type “%s” has no variable name"), field_types[type]);
      return FALSE;
    }

  for (guint i = 0; i < n_values; i++)
    filled = filled || *values[i] != '\0';
  if (sleek_data_form_field_get_required (field) && !filled)
    {
      g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED,
                   _("The required field “%s” has no value"), name);
      return FALSE;
    }

  /* FORM_TYPE names one namespace (XEP-0068), whatever type the field
   * claims or omits: make_submit() marks it hidden. */
  if (g_strcmp0 (var, "FORM_TYPE") == 0 && n_values > 1)
    {
      g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES,
                   _("The field “%s” has %u values instead of one"), name, n_values);
      return FALSE;
    }

  /* A submitted field without a type attribute takes the type of the
   * field it answers, which this form does not tell. */
  if (form_type == SLEEK_DATA_FORM_TYPE_SUBMIT && !sleek_data_form_field_has_field_type (field))
    return TRUE;

  switch (type)
    {
    case SLEEK_DATA_FORM_FIELD_BOOLEAN:
    case SLEEK_DATA_FORM_FIELD_HIDDEN:
    case SLEEK_DATA_FORM_FIELD_JID_SINGLE:
    case SLEEK_DATA_FORM_FIELD_LIST_SINGLE:
    case SLEEK_DATA_FORM_FIELD_TEXT_PRIVATE:
    case SLEEK_DATA_FORM_FIELD_TEXT_SINGLE:
      if (n_values > 1)
        {
          g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES,
                       _("The field “%s” of type “%s” has %u values instead of one"), name, field_types[type],
                       n_values);
          return FALSE;
        }
      break;
    case SLEEK_DATA_FORM_FIELD_FIXED:
    case SLEEK_DATA_FORM_FIELD_JID_MULTI:
    case SLEEK_DATA_FORM_FIELD_LIST_MULTI:
    case SLEEK_DATA_FORM_FIELD_TEXT_MULTI:
    case SLEEK_DATA_FORM_FIELD_UNKNOWN:
    default:
      break;
    }

  for (guint i = 0; i < n_values; i++)
    {
      gboolean flag;

      if (type == SLEEK_DATA_FORM_FIELD_BOOLEAN && !parse_boolean (values[i], &flag))
        {
          g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_VALUE,
                       _("The value “%s” of the boolean field “%s” is not 0, 1, true or false"), values[i], name);
          return FALSE;
        }
      if ((type == SLEEK_DATA_FORM_FIELD_JID_SINGLE || type == SLEEK_DATA_FORM_FIELD_JID_MULTI) && *values[i] != '\0')
        {
          g_autoptr(GError) jid_error = NULL;
          g_autoptr(SleekJid) jid = sleek_jid_new (values[i], &jid_error);

          if (jid == NULL)
            {
              g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_VALUE,
                           _("The value “%s” of the field “%s” is not a valid JID: %s"), values[i], name,
                           jid_error->message);
              return FALSE;
            }
        }
    }

  /* A list field of a form may only be answered with its options; the
   * options are not repeated in submissions and results, so there is
   * nothing to check against. list-single and list-multi give no way to
   * allow other values (XEP-0004 section 3.3). */
  if ((type == SLEEK_DATA_FORM_FIELD_LIST_SINGLE || type == SLEEK_DATA_FORM_FIELD_LIST_MULTI) &&
      form_type == SLEEK_DATA_FORM_TYPE_FORM)
    {
      g_autoptr(GPtrArray) options = sleek_data_form_field_get_options (field);

      for (guint i = 0; i < n_values; i++)
        {
          gboolean found = FALSE;

          if (*values[i] == '\0')
            continue;
          for (guint j = 0; j < options->len && !found; j++)
            found = g_strcmp0 (sleek_data_form_option_get_value (options->pdata[j]), values[i]) == 0;
          if (!found)
            {
              g_set_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_VALUE,
                           _("The value “%s” of the field “%s” is not one of its options"), values[i], name);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Forms                                                              */
/* ------------------------------------------------------------------ */

/**
 * SleekDataForm:
 *
 * An XEP-0004 data form, `<x xmlns='jabber:x:data' type='…'/>`, edited in
 * place. [func@Sleek.Stanza.parse] gives one for such an element, and a
 * message carries one as its `form` plugin ([method@Sleek.Stanza.get_form])
 * once the `xep_0004` plugin type is registered.
 *
 * A form has a type ([enum@Sleek.DataFormType]), an optional title,
 * instruction lines and [class@Sleek.DataFormField]s in order; a `result`
 * form may also list the fields of a table in its `<reported/>` element
 * and the rows in `<item/>` elements. The hidden `FORM_TYPE` field names
 * the form's namespace ([method@Sleek.DataForm.get_form_namespace]). Its
 * stanza keys are `type` and `title`.
 *
 * ```c
 * g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
 * SleekDataFormField *field;
 *
 * sleek_data_form_set_title (form, "Bot configuration");
 * sleek_data_form_set_form_namespace (form, "urn:example:bot");
 * field = sleek_data_form_add_new_field (form, "public", SLEEK_DATA_FORM_FIELD_BOOLEAN, "Public bot?");
 * sleek_data_form_field_set_required (field, TRUE);
 * ```
 *
 * and, on the side that fills it:
 *
 * ```c
 * g_autoptr(SleekDataForm) answer = NULL;
 *
 * sleek_data_form_field_set_boolean (sleek_data_form_get_field (form, "public"), TRUE);
 * if (!sleek_data_form_validate (form, &error))
 *   return;
 * answer = sleek_data_form_make_submit (form);
 * ```
 */
struct _SleekDataForm
{
  SleekStanza parent_instance;

  /* The field wrappers handed out, by their element. Each holds its
   * element, so the keys stay valid. */
  GHashTable *wrappers;
};

/* Registering the type registers its element and the `form` plugin, so
 * that any code naming SLEEK_TYPE_DATA_FORM (sleek_stanza_register_plugin
 * on another stanza class, for one) finds forms parsed. */
G_DEFINE_FINAL_TYPE_WITH_CODE (SleekDataForm, sleek_data_form, SLEEK_TYPE_STANZA,
                               register_stanzas (g_define_type_id))

static void
sleek_data_form_finalize (GObject *object)
{
  SleekDataForm *self = SLEEK_DATA_FORM (object);

  g_hash_table_unref (self->wrappers);
  G_OBJECT_CLASS (sleek_data_form_parent_class)->finalize (object);
}

static void
sleek_data_form_class_init (SleekDataFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sleek_data_form_finalize;
}

static void
sleek_data_form_init (SleekDataForm *self)
{
  self->wrappers = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

/* Called once, while @form_type is being registered: it must not use
 * SLEEK_TYPE_DATA_FORM. */
static void
register_stanzas (GType form_type)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_DATA_FORM_FIELD, "field", SLEEK_NS_DATA_FORMS, NULL);
  sleek_stanza_type_add_key (SLEEK_TYPE_DATA_FORM_FIELD, "var", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_DATA_FORM_FIELD, "type", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_DATA_FORM_FIELD, "label", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (SLEEK_TYPE_DATA_FORM_FIELD, "desc", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (SLEEK_TYPE_DATA_FORM_FIELD, "required", SLEEK_STANZA_KEY_CHILD_FLAG);
  sleek_stanza_register_type (SLEEK_TYPE_DATA_FORM_FIELD);
  sleek_stanza_type_set_element (form_type, "x", SLEEK_NS_DATA_FORMS, "form");
  sleek_stanza_type_add_key (form_type, "type", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (form_type, "title", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_register_type (form_type);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, form_type);
}

static SleekNode *
form_node (SleekDataForm *self)
{
  return sleek_stanza_get_node (SLEEK_STANZA (self));
}

static SleekDataFormField *
wrap_field (SleekDataForm *self, SleekNode *node)
{
  SleekDataFormField *field = g_hash_table_lookup (self->wrappers, node);

  if (field == NULL)
    {
      field = g_object_new (SLEEK_TYPE_DATA_FORM_FIELD, "node", node, NULL);
      g_hash_table_insert (self->wrappers, node, field);
    }
  return field;
}

/* Wraps the <field/> children of @node. */
static GPtrArray *
wrap_fields (SleekDataForm *self, SleekNode *node)
{
  g_autoptr(GPtrArray) children = children_named (node, "field");
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; i < children->len; i++)
    g_ptr_array_add (fields, wrap_field (self, children->pdata[i]));
  return fields;
}

/* The position of the first child of the form's element that is none of
 * @names, so that title, instructions, fields, reported and items keep
 * the order of the XEP's schema. */
static guint
position_after (SleekDataForm *self, const char * const *names)
{
  g_autoptr(GPtrArray) children = sleek_node_get_children (form_node (self));
  guint last = 0;

  for (guint i = 0; i < children->len; i++)
    for (gsize j = 0; names[j] != NULL; j++)
      if (sleek_node_is (children->pdata[i], names[j], SLEEK_NS_DATA_FORMS))
        last = i + 1;
  return last;
}

/**
 * sleek_data_form_new:
 * @type: the form's type
 *
 * Makes an empty data form.
 *
 * Returns: (transfer full): a new form
 */
SleekDataForm *
sleek_data_form_new (SleekDataFormType type)
{
  g_autoptr(SleekNode) node = NULL;
  SleekDataForm *self;

  node = sleek_node_new ("x", SLEEK_NS_DATA_FORMS);
  self = g_object_new (SLEEK_TYPE_DATA_FORM, "node", node, NULL);
  sleek_data_form_set_form_type (self, type);
  return self;
}

/**
 * sleek_data_form_get_form_type:
 * @self: a [class@Sleek.DataForm]
 *
 * Gets the form's `type` attribute.
 *
 * Returns: the type, %SLEEK_DATA_FORM_TYPE_UNKNOWN when it is missing or
 *   not one of the four of XEP-0004
 */
SleekDataFormType
sleek_data_form_get_form_type (SleekDataForm *self)
{
  int index;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), SLEEK_DATA_FORM_TYPE_UNKNOWN);

  index = lookup_name (form_types, G_N_ELEMENTS (form_types), sleek_node_get_attribute (form_node (self), "type"));
  return index < 0 ? SLEEK_DATA_FORM_TYPE_UNKNOWN : (SleekDataFormType) index;
}

/**
 * sleek_data_form_set_form_type:
 * @self: a [class@Sleek.DataForm]
 * @type: the type; %SLEEK_DATA_FORM_TYPE_UNKNOWN removes the attribute
 *
 * Sets the form's `type` attribute.
 */
void
sleek_data_form_set_form_type (SleekDataForm *self, SleekDataFormType type)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM (self));
  g_return_if_fail (type <= SLEEK_DATA_FORM_TYPE_UNKNOWN);

  sleek_node_set_attribute (form_node (self), "type", type < G_N_ELEMENTS (form_types) ? form_types[type] : NULL);
}

/**
 * sleek_data_form_get_form_namespace:
 * @self: a [class@Sleek.DataForm]
 *
 * Gets the value of the hidden `FORM_TYPE` field, the namespace that
 * gives the form's fields their meaning (XEP-0068), such as
 * `http://jabber.org/network/serverinfo`.
 *
 * Returns: (nullable): the namespace, or %NULL when there is no
 *   `FORM_TYPE` field
 */
const char *
sleek_data_form_get_form_namespace (SleekDataForm *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);
  return sleek_data_form_get_field_value (self, "FORM_TYPE");
}

/**
 * sleek_data_form_set_form_namespace:
 * @self: a [class@Sleek.DataForm]
 * @form_namespace: (nullable): the namespace, or %NULL to remove the
 *   `FORM_TYPE` field
 *
 * Sets the hidden `FORM_TYPE` field, adding it as the first field when it
 * is missing.
 */
void
sleek_data_form_set_form_namespace (SleekDataForm *self, const char *form_namespace)
{
  SleekDataFormField *field;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));

  if (form_namespace == NULL)
    {
      sleek_data_form_remove_field (self, "FORM_TYPE");
      return;
    }
  field = sleek_data_form_get_field (self, "FORM_TYPE");
  if (field == NULL)
    {
      g_autoptr(SleekDataFormField) created = sleek_data_form_field_new ("FORM_TYPE", SLEEK_DATA_FORM_FIELD_HIDDEN);
      SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (created));

      sleek_node_insert_child (form_node (self), position_after (self, (const char * const []) { "title", "instructions", NULL }),
                               node);
      field = wrap_field (self, node);
    }
  sleek_data_form_field_set_value (field, form_namespace);
}

/**
 * sleek_data_form_get_title:
 * @self: a [class@Sleek.DataForm]
 *
 * Gets the form's title.
 *
 * Returns: (nullable): the title, or %NULL when there is none
 */
const char *
sleek_data_form_get_title (SleekDataForm *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);
  return sleek_node_get_child_text (form_node (self), "title", SLEEK_NS_DATA_FORMS);
}

/**
 * sleek_data_form_set_title:
 * @self: a [class@Sleek.DataForm]
 * @title: (nullable): the title, or %NULL to remove it
 *
 * Sets the form's title.
 */
void
sleek_data_form_set_title (SleekDataForm *self, const char *title)
{
  SleekNode *child;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));

  child = sleek_node_get_child (form_node (self), "title", SLEEK_NS_DATA_FORMS);
  if (title == NULL)
    {
      sleek_node_remove_children (form_node (self), "title", SLEEK_NS_DATA_FORMS);
    }
  else if (child != NULL)
    {
      sleek_node_set_text (child, title);
    }
  else
    {
      g_autoptr(SleekNode) created = sleek_node_new ("title", SLEEK_NS_DATA_FORMS);

      sleek_node_set_text (created, title);
      sleek_node_insert_child (form_node (self), 0, created);
    }
}

/**
 * sleek_data_form_get_instructions:
 * @self: a [class@Sleek.DataForm]
 *
 * Lists the form's instructions, one line per `<instructions/>` element.
 *
 * Returns: (transfer full): the lines, possibly none
 */
GStrv
sleek_data_form_get_instructions (SleekDataForm *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);
  return child_texts (form_node (self), "instructions");
}

/**
 * sleek_data_form_set_instructions:
 * @self: a [class@Sleek.DataForm]
 * @lines: (nullable) (array zero-terminated=1): the lines, or %NULL to
 *   remove them all
 *
 * Replaces the form's instructions.
 */
void
sleek_data_form_set_instructions (SleekDataForm *self, const char * const *lines)
{
  g_return_if_fail (SLEEK_IS_DATA_FORM (self));

  sleek_node_remove_children (form_node (self), "instructions", SLEEK_NS_DATA_FORMS);
  for (gsize i = 0; lines != NULL && lines[i] != NULL; i++)
    sleek_data_form_add_instructions (self, lines[i]);
}

/**
 * sleek_data_form_add_instructions:
 * @self: a [class@Sleek.DataForm]
 * @line: one line of instructions
 *
 * Appends a line of instructions, after the title and the lines already
 * there.
 */
void
sleek_data_form_add_instructions (SleekDataForm *self, const char *line)
{
  g_autoptr(SleekNode) child = NULL;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));
  g_return_if_fail (line != NULL);

  child = sleek_node_new ("instructions", SLEEK_NS_DATA_FORMS);
  sleek_node_set_text (child, line);
  sleek_node_insert_child (form_node (self), position_after (self, (const char * const []) { "title", "instructions", NULL }),
                           child);
}

/**
 * sleek_data_form_get_fields:
 * @self: a [class@Sleek.DataForm]
 *
 * Lists the form's fields in order (not those of `<reported/>` and
 * `<item/>`). The fields edit the form in place and stay the same
 * objects while they are in the form.
 *
 * Returns: (transfer container) (element-type SleekDataFormField): the
 *   fields
 */
GPtrArray *
sleek_data_form_get_fields (SleekDataForm *self)
{
  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);
  return wrap_fields (self, form_node (self));
}

/**
 * sleek_data_form_get_field:
 * @self: a [class@Sleek.DataForm]
 * @var: a variable name
 *
 * Finds the form's first field called @var.
 *
 * Returns: (transfer none) (nullable): the field, or %NULL when there is
 *   none
 */
SleekDataFormField *
sleek_data_form_get_field (SleekDataForm *self, const char *var)
{
  g_autoptr(GPtrArray) children = NULL;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);
  g_return_val_if_fail (var != NULL, NULL);

  children = children_named (form_node (self), "field");
  for (guint i = 0; i < children->len; i++)
    if (g_strcmp0 (sleek_node_get_attribute (children->pdata[i], "var"), var) == 0)
      return wrap_field (self, children->pdata[i]);
  return NULL;
}

/**
 * sleek_data_form_add_field:
 * @self: a [class@Sleek.DataForm]
 * @field: a field made with [ctor@Sleek.DataFormField.new], in no form
 *
 * Appends @field after the form's other fields. The field's element
 * itself goes into the form, so later changes made through @field show
 * in the form.
 */
void
sleek_data_form_add_field (SleekDataForm *self, SleekDataFormField *field)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (field));

  node = sleek_stanza_get_node (SLEEK_STANZA (field));
  sleek_node_insert_child (form_node (self),
                           position_after (self, (const char * const []) { "title", "instructions", "field", NULL }),
                           node);
  if (!g_hash_table_contains (self->wrappers, node))
    g_hash_table_insert (self->wrappers, node, g_object_ref (field));
}

/**
 * sleek_data_form_add_new_field:
 * @self: a [class@Sleek.DataForm]
 * @var: (nullable): the field's variable name, %NULL for a `fixed` field
 * @type: its type
 * @label: (nullable): its label, or %NULL for none
 *
 * Makes a field and appends it, as [method@Sleek.DataForm.add_field].
 *
 * Returns: (transfer none): the new field, owned by the form
 */
SleekDataFormField *
sleek_data_form_add_new_field (SleekDataForm *self, const char *var, SleekDataFormFieldType type, const char *label)
{
  g_autoptr(SleekDataFormField) field = NULL;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);

  field = sleek_data_form_field_new (var, type);
  sleek_data_form_field_set_label (field, label);
  sleek_data_form_add_field (self, field);
  return field;
}

/**
 * sleek_data_form_remove_field:
 * @self: a [class@Sleek.DataForm]
 * @var: a variable name
 *
 * Removes every field of the form called @var.
 *
 * Returns: %TRUE when a field was removed
 */
gboolean
sleek_data_form_remove_field (SleekDataForm *self, const char *var)
{
  g_autoptr(GPtrArray) children = NULL;
  gboolean removed = FALSE;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), FALSE);
  g_return_val_if_fail (var != NULL, FALSE);

  children = children_named (form_node (self), "field");
  for (guint i = 0; i < children->len; i++)
    if (g_strcmp0 (sleek_node_get_attribute (children->pdata[i], "var"), var) == 0)
      {
        g_hash_table_remove (self->wrappers, children->pdata[i]);
        sleek_node_remove_child (form_node (self), children->pdata[i]);
        removed = TRUE;
      }
  return removed;
}

/**
 * sleek_data_form_get_field_value:
 * @self: a [class@Sleek.DataForm]
 * @var: a variable name
 *
 * Reads the first value of the field called @var.
 *
 * Returns: (nullable): the value, or %NULL when there is no such field or
 *   it has no value
 */
const char *
sleek_data_form_get_field_value (SleekDataForm *self, const char *var)
{
  SleekDataFormField *field;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);
  g_return_val_if_fail (var != NULL, NULL);

  field = sleek_data_form_get_field (self, var);
  return field != NULL ? sleek_data_form_field_get_value (field) : NULL;
}

/**
 * sleek_data_form_set_field_value:
 * @self: a [class@Sleek.DataForm]
 * @var: a variable name
 * @value: (nullable): the value, or %NULL to remove the field's values
 *
 * Sets the value of the field called @var, appending a field without a
 * `type` attribute when there is none.
 */
void
sleek_data_form_set_field_value (SleekDataForm *self, const char *var, const char *value)
{
  SleekDataFormField *field;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));
  g_return_if_fail (var != NULL);

  field = sleek_data_form_get_field (self, var);
  if (field == NULL)
    {
      field = sleek_data_form_add_new_field (self, var, SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, NULL);
      sleek_data_form_field_set_field_type (field, SLEEK_DATA_FORM_FIELD_UNKNOWN);
    }
  sleek_data_form_field_set_value (field, value);
}

/**
 * sleek_data_form_get_reported:
 * @self: a [class@Sleek.DataForm]
 *
 * Lists the fields of the `<reported/>` element of a `result` form: the
 * columns of the table its items fill.
 *
 * Returns: (transfer container) (element-type SleekDataFormField): the
 *   fields, possibly none
 */
GPtrArray *
sleek_data_form_get_reported (SleekDataForm *self)
{
  SleekNode *reported;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);

  reported = sleek_node_get_child (form_node (self), "reported", SLEEK_NS_DATA_FORMS);
  return reported != NULL ? wrap_fields (self, reported) : g_ptr_array_new ();
}

/**
 * sleek_data_form_add_reported:
 * @self: a [class@Sleek.DataForm]
 * @field: a field made with [ctor@Sleek.DataFormField.new], in no form
 *
 * Appends a column to the `<reported/>` element, adding the element when
 * it is missing. As with [method@Sleek.DataForm.add_field], the field's
 * element itself goes into the form.
 */
void
sleek_data_form_add_reported (SleekDataForm *self, SleekDataFormField *field)
{
  SleekNode *reported;
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));
  g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (field));

  reported = sleek_node_get_child (form_node (self), "reported", SLEEK_NS_DATA_FORMS);
  if (reported == NULL)
    {
      g_autoptr(SleekNode) created = sleek_node_new ("reported", SLEEK_NS_DATA_FORMS);

      sleek_node_insert_child (form_node (self),
                               position_after (self, (const char * const []) { "title", "instructions", "field", NULL }),
                               created);
      reported = created;
    }
  node = sleek_stanza_get_node (SLEEK_STANZA (field));
  sleek_node_add_child (reported, node);
  if (!g_hash_table_contains (self->wrappers, node))
    g_hash_table_insert (self->wrappers, node, g_object_ref (field));
}

/**
 * sleek_data_form_get_n_items:
 * @self: a [class@Sleek.DataForm]
 *
 * Counts the `<item/>` elements of a `result` form, the rows of its
 * table.
 *
 * Returns: the number of items
 */
guint
sleek_data_form_get_n_items (SleekDataForm *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), 0);

  items = children_named (form_node (self), "item");
  return items->len;
}

/**
 * sleek_data_form_get_item:
 * @self: a [class@Sleek.DataForm]
 * @n: the index of the item, from 0
 *
 * Lists the fields of one item of a `result` form: the values of one row,
 * each field named by the `var` of its column.
 *
 * Returns: (transfer container) (element-type SleekDataFormField)
 *   (nullable): the fields, or %NULL when @n is past the last item
 */
GPtrArray *
sleek_data_form_get_item (SleekDataForm *self, guint n)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);

  items = children_named (form_node (self), "item");
  return n < items->len ? wrap_fields (self, items->pdata[n]) : NULL;
}

/**
 * sleek_data_form_add_item:
 * @self: a [class@Sleek.DataForm]
 * @fields: (element-type SleekDataFormField): the fields of the row,
 *   made with [ctor@Sleek.DataFormField.new]
 *
 * Appends an `<item/>` holding copies of @fields.
 */
void
sleek_data_form_add_item (SleekDataForm *self, GPtrArray *fields)
{
  g_autoptr(SleekNode) item = NULL;

  g_return_if_fail (SLEEK_IS_DATA_FORM (self));
  g_return_if_fail (fields != NULL);

  item = sleek_node_new ("item", SLEEK_NS_DATA_FORMS);
  for (guint i = 0; i < fields->len; i++)
    {
      g_autoptr(SleekNode) copy = NULL;

      g_return_if_fail (SLEEK_IS_DATA_FORM_FIELD (fields->pdata[i]));
      copy = sleek_node_copy (sleek_stanza_get_node (fields->pdata[i]));
      sleek_node_add_child (item, copy);
    }
  sleek_node_add_child (form_node (self), item);
}

/**
 * sleek_data_form_validate:
 * @self: a [class@Sleek.DataForm]
 * @error: return location for a [error@Sleek.DataFormError]
 *
 * Checks the form's fields, before a filled form is submitted or when a
 * form arrives:
 *
 * - a required field has at least one non-empty value;
 * - `boolean`, `hidden`, `jid-single`, `list-single`, `text-private` and
 *   `text-single` fields have at most one value;
 * - the `FORM_TYPE` field has at most one value, whatever its type;
 * - a `boolean` value is `0`, `1`, `true` or `false`;
 * - `jid-single` and `jid-multi` values are valid JIDs;
 * - in a form of type `form`, the values of `list-single` and
 *   `list-multi` fields are among their options (XEP-0004 gives them no
 *   way to accept others);
 * - every field but a `fixed` one has a variable name, and every type is
 *   known.
 *
 * The fields of a `submit` form that carry no `type` attribute are only
 * checked for their name, their type being that of the form they answer.
 * The error message names the first field that fails.
 *
 * Returns: %TRUE when every field passes
 */
gboolean
sleek_data_form_validate (SleekDataForm *self, GError **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  SleekDataFormType type;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  type = sleek_data_form_get_form_type (self);
  fields = sleek_data_form_get_fields (self);
  for (guint i = 0; i < fields->len; i++)
    if (!field_validate (fields->pdata[i], type, error))
      return FALSE;
  return TRUE;
}

/**
 * sleek_data_form_make_submit:
 * @self: a filled [class@Sleek.DataForm]
 *
 * Makes the `submit` form that answers @self: one field per named field
 * of @self but the `fixed` ones, each carrying only its `var` and values.
 * The `FORM_TYPE` field is kept, so the answer names the same namespace.
 * Validate @self first with [method@Sleek.DataForm.validate].
 *
 * Returns: (transfer full): a new `submit` form
 */
SleekDataForm *
sleek_data_form_make_submit (SleekDataForm *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  SleekDataForm *submit;

  g_return_val_if_fail (SLEEK_IS_DATA_FORM (self), NULL);

  submit = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  fields = sleek_data_form_get_fields (self);
  for (guint i = 0; i < fields->len; i++)
    {
      SleekDataFormField *field = fields->pdata[i];
      const char *var = sleek_data_form_field_get_var (field);
      g_auto(GStrv) values = NULL;
      g_autoptr(SleekDataFormField) answer = NULL;

      if (var == NULL || sleek_data_form_field_get_field_type (field) == SLEEK_DATA_FORM_FIELD_FIXED)
        continue;
      values = sleek_data_form_field_get_values (field);
      answer = sleek_data_form_field_new (var, SLEEK_DATA_FORM_FIELD_UNKNOWN);
      /* FORM_TYPE stays marked hidden, as XEP-0068 asks. */
      if (g_str_equal (var, "FORM_TYPE"))
        sleek_data_form_field_set_field_type (answer, SLEEK_DATA_FORM_FIELD_HIDDEN);
      sleek_data_form_field_set_values (answer, (const char * const *) values);
      sleek_data_form_add_field (submit, answer);
    }
  return submit;
}

/**
 * sleek_stanza_get_form:
 * @stanza: a [class@Sleek.Message]
 *
 * Finds the data form @stanza carries, as its `form` plugin. The
 * `xep_0004` plugin type registers that plugin; this makes sure it is.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL when @stanza
 *   carries none
 */
SleekDataForm *
sleek_stanza_get_form (SleekStanza *stanza)
{
  SleekStanza *form;

  g_return_val_if_fail (SLEEK_IS_STANZA (stanza), NULL);

  g_type_ensure (SLEEK_TYPE_DATA_FORM);
  form = sleek_stanza_get_plugin (stanza, "form", FALSE);
  return form != NULL && SLEEK_IS_DATA_FORM (form) ? SLEEK_DATA_FORM (form) : NULL;
}

/* ------------------------------------------------------------------ */
/* The plugin                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekDataForms:
 *
 * The `xep_0004` plugin: XEP-0004 Data Forms.
 *
 * It advertises `jabber:x:data` through service discovery, and its type
 * registers [class@Sleek.DataForm] for `<x xmlns='jabber:x:data'/>` and
 * as the `form` plugin of [class@Sleek.Message]. Other plugins (XEP-0128,
 * XEP-0050, XEP-0077) build their forms with it:
 *
 * ```c
 * static void
 * on_message (SleekBaseXmpp *xmpp, SleekMessage *message, gpointer user_data)
 * {
 *   SleekDataForm *form = sleek_stanza_get_form (SLEEK_STANZA (message));
 *   g_autoptr(GError) error = NULL;
 *
 *   if (form == NULL || !sleek_data_form_validate (form, &error))
 *     return;
 *   g_print ("%s\n", sleek_data_form_get_title (form));
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0004", &error);
 * ```
 *
 * It depends on `xep_0030`.
 */
struct _SleekDataForms
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDataForms, sleek_data_forms, SLEEK_TYPE_PLUGIN)

static void
sleek_data_forms_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_advertise (plugin, SLEEK_NS_DATA_FORMS);
}

static void
sleek_data_forms_plugin_end (SleekPlugin *plugin)
{
  sleek_plugin_withdraw (plugin, SLEEK_NS_DATA_FORMS);
}

static void
sleek_data_forms_class_init (SleekDataFormsClass *klass)
{
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  plugin_class->plugin_init = sleek_data_forms_plugin_init;
  plugin_class->plugin_end = sleek_data_forms_plugin_end;

  /* The class is made once, when the registry registers the plugin. */
  g_type_ensure (SLEEK_TYPE_DATA_FORM);
}

static void
sleek_data_forms_init (SleekDataForms *self)
{
}
