/* fuzz-forms.c: data forms (XEP-0004): parse, read, validate, make the
 * submit form, serialise
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is an <x xmlns='jabber:x:data'/> element, or a message that
 * carries one. Every accessor is read; the submit form made from a form
 * that validates must validate too, and every form must serialise to XML
 * that parses back to an equal element with the same fields.
 */
#include "fuzz-common.h"

#include "sleek-private.h"
#include "sleek-plugin-private.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_common_init ();
  sleek_plugins_ensure_builtin ();
  return 0;
}

static void
read_field (SleekDataFormField *field)
{
  g_auto(GStrv) values = sleek_data_form_field_get_values (field);
  g_autoptr(GPtrArray) options = sleek_data_form_field_get_options (field);
  const char *value = sleek_data_form_field_get_value (field);

  (void) sleek_data_form_field_get_var (field);
  (void) sleek_data_form_field_get_field_type (field);
  (void) sleek_data_form_field_has_field_type (field);
  (void) sleek_data_form_field_get_label (field);
  (void) sleek_data_form_field_get_desc (field);
  (void) sleek_data_form_field_get_required (field);
  (void) sleek_data_form_field_get_boolean (field);
  g_assert_nonnull (values);
  /* The single value is the first of the values. */
  g_assert_cmpstr (value, ==, values[0]);
  for (guint i = 0; i < options->len; i++)
    {
      SleekDataFormOption *option = options->pdata[i];

      (void) sleek_data_form_option_get_value (option);
      (void) sleek_data_form_option_get_label (option);
    }
}

static void
read_fields (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    read_field (fields->pdata[i]);
}

static void
read_form (SleekDataForm *form)
{
  g_auto(GStrv) instructions = sleek_data_form_get_instructions (form);
  g_autoptr(GPtrArray) fields = sleek_data_form_get_fields (form);
  g_autoptr(GPtrArray) reported = sleek_data_form_get_reported (form);
  guint n_items = sleek_data_form_get_n_items (form);

  (void) sleek_data_form_get_form_type (form);
  (void) sleek_data_form_get_form_namespace (form);
  (void) sleek_data_form_get_title (form);
  g_assert_nonnull (instructions);
  read_fields (fields);
  read_fields (reported);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GPtrArray) item = sleek_data_form_get_item (form, i);

      read_fields (item);
    }
  for (guint i = 0; i < fields->len; i++)
    {
      const char *var = sleek_data_form_field_get_var (fields->pdata[i]);

      if (var != NULL)
        g_assert_nonnull (sleek_data_form_get_field (form, var));
    }
}

/* Serialised and parsed again: the same element, the same fields. */
static void
check_round_trip (SleekDataForm *form)
{
  g_autofree char *xml = sleek_stanza_to_string (SLEEK_STANZA (form));
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) again = sleek_stanza_parse (xml, &error);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) fields_again = NULL;

  g_assert_no_error (error);
  g_assert_true (SLEEK_IS_DATA_FORM (again));
  g_assert_true (sleek_node_equal (sleek_stanza_get_node (SLEEK_STANZA (form)), sleek_stanza_get_node (again)));
  fields = sleek_data_form_get_fields (form);
  fields_again = sleek_data_form_get_fields (SLEEK_DATA_FORM (again));
  g_assert_cmpuint (fields->len, ==, fields_again->len);
  for (guint i = 0; i < fields->len; i++)
    {
      g_auto(GStrv) values = sleek_data_form_field_get_values (fields->pdata[i]);
      g_auto(GStrv) values_again = sleek_data_form_field_get_values (fields_again->pdata[i]);

      g_assert_cmpstr (sleek_data_form_field_get_var (fields->pdata[i]), ==,
                       sleek_data_form_field_get_var (fields_again->pdata[i]));
      g_assert_true (g_strv_equal ((const char * const *) values, (const char * const *) values_again));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) stanza = sleek_stanza_parse (xml, &error);
  g_autoptr(SleekDataForm) submit = NULL;
  SleekDataForm *form;
  gboolean valid;

  if (stanza == NULL)
    return 0;
  if (SLEEK_IS_DATA_FORM (stanza))
    form = SLEEK_DATA_FORM (stanza);
  else if ((form = sleek_stanza_get_form (stanza)) == NULL)
    return 0;

  read_form (form);
  valid = sleek_data_form_validate (form, &error);
  g_assert_true (valid == (error == NULL));
  if (error != NULL)
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  check_round_trip (form);

  submit = sleek_data_form_make_submit (form);
  g_assert_cmpint (sleek_data_form_get_form_type (submit), ==, SLEEK_DATA_FORM_TYPE_SUBMIT);
  read_form (submit);
  if (valid)
    {
      sleek_data_form_validate (submit, &error);
      g_assert_no_error (error);
    }
  g_clear_error (&error);
  check_round_trip (submit);
  return 0;
}
