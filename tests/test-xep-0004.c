/* test-xep-0004.c: XEP-0004 Data Forms
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

#include <string.h>

#define XDATA "jabber:x:data"

typedef struct {
  PluginFixture base;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  pt_setup (&f->base, data);
  g_assert_true (sleek_base_xmpp_register_plugin (f->base.xmpp, "xep_0004", &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  pt_teardown (&f->base, data);
}

static SleekStanza *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SleekStanza *stanza = sleek_stanza_parse (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stanza);
  return stanza;
}

static SleekDataForm *
parse_form (const char *xml)
{
  SleekStanza *stanza = parse (xml);

  g_assert_true (SLEEK_IS_DATA_FORM (stanza));
  return SLEEK_DATA_FORM (stanza);
}

/* A configuration form in the shape of XEP-0004 Example 2, with every
 * field type. */
static const char config_form[] =
  "<x xmlns='" XDATA "' type='form'>"
  "<title>Bot Configuration</title>"
  "<instructions>Fill out this form to configure your new bot!</instructions>"
  "<instructions>Second line.</instructions>"
  "<field type='hidden' var='FORM_TYPE'><value>jabber:bot</value></field>"
  "<field type='fixed'><value>Section 1: Bot Info</value></field>"
  "<field type='text-single' label='The name of your bot' var='botname'/>"
  "<field type='text-multi' label='Helpful description of your bot' var='description'/>"
  "<field type='boolean' label='Public bot?' var='public'><required/></field>"
  "<field type='text-private' label='Password for special access' var='password'/>"
  "<field type='list-multi' label='What features will the bot support?' var='features'>"
  "<option label='Contests'><value>contests</value></option>"
  "<option label='News'><value>news</value></option>"
  "<option label='Polls'><value>polls</value></option>"
  "<option label='Reminders'><value>reminders</value></option>"
  "<option label='Search'><value>search</value></option>"
  "<value>news</value><value>search</value></field>"
  "<field type='list-single' label='Maximum number of subscribers' var='maxsubs'>"
  "<value>20</value>"
  "<option label='10'><value>10</value></option>"
  "<option label='20'><value>20</value></option>"
  "<option label='30'><value>30</value></option></field>"
  "<field type='jid-multi' label='People to invite' var='invitelist'>"
  "<desc>Tell all your friends about your new bot!</desc></field>"
  "<field type='jid-single' label='Owner' var='owner'/>"
  "<field label='Untyped' var='untyped'><value>plain</value></field>"
  "</x>";

static void
check_values (SleekDataFormField *field, const char * const *expected)
{
  g_auto(GStrv) values = sleek_data_form_field_get_values (field);

  g_assert_cmpstrv (values, expected);
}

static void
test_parse_types (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = parse_form (config_form);
  g_autoptr(GPtrArray) fields = sleek_data_form_get_fields (form);
  g_autoptr(GPtrArray) options = NULL;
  g_auto(GStrv) instructions = sleek_data_form_get_instructions (form);
  g_autoptr(GError) error = NULL;
  static const SleekDataFormFieldType types[] = {
    SLEEK_DATA_FORM_FIELD_HIDDEN, SLEEK_DATA_FORM_FIELD_FIXED, SLEEK_DATA_FORM_FIELD_TEXT_SINGLE,
    SLEEK_DATA_FORM_FIELD_TEXT_MULTI, SLEEK_DATA_FORM_FIELD_BOOLEAN, SLEEK_DATA_FORM_FIELD_TEXT_PRIVATE,
    SLEEK_DATA_FORM_FIELD_LIST_MULTI, SLEEK_DATA_FORM_FIELD_LIST_SINGLE, SLEEK_DATA_FORM_FIELD_JID_MULTI,
    SLEEK_DATA_FORM_FIELD_JID_SINGLE, SLEEK_DATA_FORM_FIELD_TEXT_SINGLE,
  };
  SleekDataFormField *field;

  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_FORM);
  g_assert_cmpstr (sleek_data_form_get_title (form), ==, "Bot Configuration");
  g_assert_cmpstrv (instructions, ((const char * const []) {
    "Fill out this form to configure your new bot!", "Second line.", NULL }));
  g_assert_cmpstr (sleek_data_form_get_form_namespace (form), ==, "jabber:bot");

  g_assert_cmpuint (fields->len, ==, G_N_ELEMENTS (types));
  for (guint i = 0; i < fields->len; i++)
    g_assert_cmpint (sleek_data_form_field_get_field_type (fields->pdata[i]), ==, types[i]);
  g_assert_null (sleek_data_form_field_get_var (fields->pdata[1]));
  g_assert_cmpstr (sleek_data_form_field_get_value (fields->pdata[1]), ==, "Section 1: Bot Info");

  /* The same objects come back. */
  field = sleek_data_form_get_field (form, "botname");
  g_assert_true (field == fields->pdata[2]);
  g_assert_cmpstr (sleek_data_form_field_get_label (field), ==, "The name of your bot");
  g_assert_null (sleek_data_form_field_get_value (field));
  g_assert_false (sleek_data_form_field_get_required (field));

  field = sleek_data_form_get_field (form, "public");
  g_assert_true (sleek_data_form_field_get_required (field));
  /* The same through the stanza keys. */
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (field), "required"), ==, "true");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (field), "type"), ==, "boolean");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (field), "label"), ==, "Public bot?");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (form), "title"), ==, "Bot Configuration");
  g_assert_cmpstr (sleek_stanza_get_string (SLEEK_STANZA (form), "type"), ==, "form");
  g_assert_false (sleek_data_form_field_get_boolean (field));

  field = sleek_data_form_get_field (form, "features");
  check_values (field, (const char * const []) { "news", "search", NULL });
  options = sleek_data_form_field_get_options (field);
  g_assert_cmpuint (options->len, ==, 5);
  g_assert_cmpstr (sleek_data_form_option_get_value (options->pdata[0]), ==, "contests");
  g_assert_cmpstr (sleek_data_form_option_get_label (options->pdata[4]), ==, "Search");

  field = sleek_data_form_get_field (form, "maxsubs");
  g_assert_cmpstr (sleek_data_form_field_get_value (field), ==, "20");

  field = sleek_data_form_get_field (form, "invitelist");
  g_assert_cmpstr (sleek_data_form_field_get_desc (field), ==, "Tell all your friends about your new bot!");
  check_values (field, (const char * const []) { NULL });

  field = sleek_data_form_get_field (form, "untyped");
  g_assert_false (sleek_data_form_field_has_field_type (field));
  g_assert_cmpint (sleek_data_form_field_get_field_type (field), ==, SLEEK_DATA_FORM_FIELD_TEXT_SINGLE);
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "untyped"), ==, "plain");

  g_assert_null (sleek_data_form_get_field (form, "nothing"));
  g_assert_null (sleek_data_form_get_field_value (form, "nothing"));

  /* The required boolean is not filled yet. */
  g_assert_false (sleek_data_form_validate (form, &error));
  g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED);
  g_assert_nonnull (strstr (error->message, "public"));
}

static void
test_parse_odd (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = parse_form ("<x xmlns='" XDATA "' type='bogus'>"
                                              "<field var='a' type='color'><value>red</value></field>"
                                              "<field var='b' type='list-single'><option label='no value'/>"
                                              "<option><value>x</value></option><value/></field></x>");
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GError) error = NULL;
  SleekDataFormField *b = sleek_data_form_get_field (form, "b");

  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_UNKNOWN);
  g_assert_cmpint (sleek_data_form_field_get_field_type (sleek_data_form_get_field (form, "a")), ==,
                   SLEEK_DATA_FORM_FIELD_UNKNOWN);
  options = sleek_data_form_field_get_options (b);
  g_assert_cmpuint (options->len, ==, 1);
  g_assert_null (sleek_data_form_option_get_label (options->pdata[0]));
  g_assert_cmpstr (sleek_data_form_field_get_value (b), ==, "");
  g_assert_null (sleek_data_form_get_title (form));
  g_assert_null (sleek_data_form_get_form_namespace (form));

  g_assert_false (sleek_data_form_validate (form, &error));
  g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "color"));
}

static void
test_build (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_FORM);
  g_autoptr(SleekDataFormField) owner = sleek_data_form_field_new ("owner", SLEEK_DATA_FORM_FIELD_JID_SINGLE);
  g_autoptr(SleekDataFormOption) one = sleek_data_form_option_new ("1", "One");
  g_autoptr(SleekDataFormOption) two = sleek_data_form_option_new ("2", NULL);
  g_autoptr(SleekStanza) parsed = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) options = NULL;
  g_auto(GStrv) instructions = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  SleekDataFormField *field;

  /* Added in an odd order, written in the schema's. */
  field = sleek_data_form_add_new_field (form, "lines", SLEEK_DATA_FORM_FIELD_TEXT_MULTI, "Lines");
  sleek_data_form_field_set_values (field, (const char * const []) { "first", "", "third", NULL });
  sleek_data_form_field_set_desc (field, "Some lines");
  sleek_data_form_add_instructions (form, "Line one");
  sleek_data_form_set_title (form, "Title");
  sleek_data_form_add_instructions (form, "Line two");
  sleek_data_form_set_form_namespace (form, "urn:example:test");
  field = sleek_data_form_add_new_field (form, "pick", SLEEK_DATA_FORM_FIELD_LIST_SINGLE, NULL);
  sleek_data_form_field_add_option (field, one);
  sleek_data_form_field_add_option (field, two);
  sleek_data_form_field_set_value (field, "2");
  sleek_data_form_field_set_required (field, TRUE);
  sleek_data_form_field_set_required (field, TRUE);
  sleek_data_form_add_field (form, owner);
  /* Edits through the added field show in the form. */
  sleek_data_form_field_set_value (owner, "romeo@example.net");
  field = sleek_data_form_add_new_field (form, "flag", SLEEK_DATA_FORM_FIELD_BOOLEAN, NULL);
  sleek_data_form_field_set_boolean (field, TRUE);
  g_assert_true (sleek_data_form_field_get_boolean (field));
  g_assert_true (sleek_data_form_get_field (form, "owner") == owner);

  xml = sleek_stanza_to_string (SLEEK_STANZA (form));
  g_assert_cmpstr (xml, ==,
                   "<x xmlns='jabber:x:data' type='form'><title>Title</title>"
                   "<instructions>Line one</instructions><instructions>Line two</instructions>"
                   "<field var='FORM_TYPE' type='hidden'><value>urn:example:test</value></field>"
                   "<field var='lines' type='text-multi' label='Lines'><value>first</value><value/>"
                   "<value>third</value><desc>Some lines</desc></field>"
                   "<field var='pick' type='list-single'><option label='One'><value>1</value></option>"
                   "<option><value>2</value></option><value>2</value><required/></field>"
                   "<field var='owner' type='jid-single'><value>romeo@example.net</value></field>"
                   "<field var='flag' type='boolean'><value>1</value></field></x>");
  g_assert_true (sleek_data_form_validate (form, NULL));

  /* Round trip: the parsed copy reads the same and writes the same. */
  parsed = parse (xml);
  g_assert_true (SLEEK_IS_DATA_FORM (parsed));
  again = sleek_stanza_to_string (parsed);
  g_assert_cmpstr (again, ==, xml);
  g_assert_cmpstr (sleek_data_form_get_title (SLEEK_DATA_FORM (parsed)), ==, "Title");
  instructions = sleek_data_form_get_instructions (SLEEK_DATA_FORM (parsed));
  g_assert_cmpstrv (instructions, ((const char * const []) { "Line one", "Line two", NULL }));
  fields = sleek_data_form_get_fields (SLEEK_DATA_FORM (parsed));
  g_assert_cmpuint (fields->len, ==, 5);
  check_values (fields->pdata[1], (const char * const []) { "first", "", "third", NULL });
  g_assert_cmpstr (sleek_data_form_field_get_desc (fields->pdata[1]), ==, "Some lines");
  g_assert_true (sleek_data_form_field_get_required (fields->pdata[2]));
  options = sleek_data_form_field_get_options (fields->pdata[2]);
  g_assert_cmpuint (options->len, ==, 2);
  g_assert_cmpstr (sleek_data_form_option_get_label (options->pdata[0]), ==, "One");
  g_assert_null (sleek_data_form_option_get_label (options->pdata[1]));
  g_assert_true (sleek_data_form_field_get_boolean (fields->pdata[4]));

  /* Removing things. */
  sleek_data_form_field_set_required (fields->pdata[2], FALSE);
  g_assert_false (sleek_data_form_field_get_required (fields->pdata[2]));
  sleek_data_form_field_clear_options (fields->pdata[2]);
  g_clear_pointer (&options, g_ptr_array_unref);
  options = sleek_data_form_field_get_options (fields->pdata[2]);
  g_assert_cmpuint (options->len, ==, 0);
  sleek_data_form_field_set_desc (fields->pdata[1], NULL);
  g_assert_null (sleek_data_form_field_get_desc (fields->pdata[1]));
  g_assert_true (sleek_data_form_remove_field (SLEEK_DATA_FORM (parsed), "owner"));
  g_assert_false (sleek_data_form_remove_field (SLEEK_DATA_FORM (parsed), "owner"));
  g_assert_null (sleek_data_form_get_field (SLEEK_DATA_FORM (parsed), "owner"));
  sleek_data_form_set_title (SLEEK_DATA_FORM (parsed), NULL);
  sleek_data_form_set_instructions (SLEEK_DATA_FORM (parsed), NULL);
  sleek_data_form_set_form_namespace (SLEEK_DATA_FORM (parsed), NULL);
  g_clear_pointer (&again, g_free);
  again = sleek_stanza_to_string (parsed);
  g_assert_null (strstr (again, "title"));
  g_assert_null (strstr (again, "instructions"));
  g_assert_null (strstr (again, "FORM_TYPE"));
  g_assert_null (strstr (again, "owner"));
  g_assert_nonnull (strstr (again, "var='pick'"));

  sleek_data_form_set_form_type (SLEEK_DATA_FORM (parsed), SLEEK_DATA_FORM_TYPE_CANCEL);
  g_assert_cmpint (sleek_data_form_get_form_type (SLEEK_DATA_FORM (parsed)), ==, SLEEK_DATA_FORM_TYPE_CANCEL);
}

static void
check_invalid (const char *fields_xml, int code, const char *name)
{
  g_autofree char *xml = g_strdup_printf ("<x xmlns='" XDATA "' type='form'>%s</x>", fields_xml);
  g_autoptr(SleekDataForm) form = parse_form (xml);
  g_autoptr(GError) error = NULL;

  g_assert_false (sleek_data_form_validate (form, &error));
  g_assert_error (error, SLEEK_DATA_FORM_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
}

static void
check_valid (const char *type, const char *fields_xml)
{
  g_autofree char *xml = g_strdup_printf ("<x xmlns='" XDATA "' type='%s'>%s</x>", type, fields_xml);
  g_autoptr(SleekDataForm) form = parse_form (xml);
  g_autoptr(GError) error = NULL;

  g_assert_true (sleek_data_form_validate (form, &error));
  g_assert_no_error (error);
}

static void
test_validate (Fixture *f, gconstpointer data)
{
  /* Required fields. */
  check_invalid ("<field var='need' type='text-single'><required/></field>", SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED,
                 "need");
  check_invalid ("<field var='need2' type='text-multi'><required/><value/><value/></field>",
                 SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED, "need2");
  check_valid ("form", "<field var='need' type='text-multi'><required/><value/><value>x</value></field>");

  /* Booleans. */
  check_invalid ("<field var='yes' type='boolean'><value>yes</value></field>", SLEEK_DATA_FORM_ERROR_INVALID_VALUE,
                 "yes");
  check_invalid ("<field var='b2' type='boolean'><value>1</value><value>0</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "b2");
  check_valid ("form", "<field var='a' type='boolean'><value>true</value></field>"
                       "<field var='b' type='boolean'><value>false</value></field>"
                       "<field var='c' type='boolean'><value>0</value></field>"
                       "<field var='d' type='boolean'/>");

  /* JIDs. */
  check_invalid ("<field var='who' type='jid-single'><value>@example.com</value></field>",
                 SLEEK_DATA_FORM_ERROR_INVALID_VALUE, "who");
  check_invalid ("<field var='whom' type='jid-multi'><value>a@example.com</value><value>b@</value></field>",
                 SLEEK_DATA_FORM_ERROR_INVALID_VALUE, "whom");
  check_invalid ("<field var='one' type='jid-single'><value>a@example.com</value><value>b@example.com</value>"
                 "</field>", SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "one");
  check_valid ("form", "<field var='m' type='jid-multi'><value>a@example.com</value><value>example.org/r</value>"
                       "</field>");

  /* Lists. */
  check_invalid ("<field var='color' type='list-single'><option><value>red</value></option><value>blue</value>"
                 "</field>", SLEEK_DATA_FORM_ERROR_INVALID_VALUE, "color");
  check_invalid ("<field var='colors' type='list-multi'><option><value>red</value></option><value>red</value>"
                 "<value>green</value></field>", SLEEK_DATA_FORM_ERROR_INVALID_VALUE, "colors");
  check_invalid ("<field var='l1' type='list-single'><option><value>a</value></option>"
                 "<option><value>b</value></option><value>a</value><value>b</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "l1");
  /* Results and submissions carry no options to check against. */
  check_valid ("result", "<field var='color' type='list-single'><value>blue</value></field>");

  /* Other single-valued types. */
  check_invalid ("<field var='t' type='text-single'><value>a</value><value>b</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "t");
  check_invalid ("<field var='untyped'><value>a</value><value>b</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "untyped");
  check_invalid ("<field var='p' type='text-private'><value>a</value><value>b</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "p");
  check_invalid ("<field var='h' type='hidden'><value>a</value><value>b</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "h");
  check_valid ("form", "<field type='fixed'><value>a</value><value>b</value></field>");

  /* Names. */
  check_invalid ("<field type='text-single'><value>a</value></field>", SLEEK_DATA_FORM_ERROR_INVALID_FIELD,
                 "text-single");

  /* FORM_TYPE has one value whatever its type, also untyped in a
   * submission: else a form that validates would make a submit form
   * that does not (found by tests/fuzz/fuzz-forms.c). */
  check_invalid ("<field var='FORM_TYPE' type='text-multi'><value>urn:a</value><value>urn:b</value></field>",
                 SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES, "FORM_TYPE");
  {
    g_autoptr(SleekDataForm) form = parse_form ("<x xmlns='" XDATA "' type='submit'><field var='FORM_TYPE'>"
                                                "<value>urn:a</value><value>urn:b</value></field></x>");
    g_autoptr(SleekDataForm) submit = sleek_data_form_make_submit (form);
    g_autoptr(GError) error = NULL;

    g_assert_false (sleek_data_form_validate (form, &error));
    g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES);
    g_clear_error (&error);
    g_assert_false (sleek_data_form_validate (submit, &error));
    g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES);
  }
  check_valid ("submit", "<field var='FORM_TYPE'><value>urn:a</value></field>");

  /* A submission's untyped fields are only checked for their names. */
  check_valid ("submit", "<field var='lines'><value>a</value><value>b</value></field>");
  check_valid ("submit", "<field var='who' type='jid-single'><value>a@example.com</value></field>");
  {
    g_autoptr(SleekDataForm) form = parse_form ("<x xmlns='" XDATA "' type='submit'>"
                                                "<field var='who' type='jid-single'><value>@x</value></field></x>");
    g_autoptr(GError) error = NULL;

    g_assert_false (sleek_data_form_validate (form, &error));
    g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_INVALID_VALUE);
  }
}

static void
test_make_submit (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = parse_form (config_form);
  g_autoptr(SleekDataForm) submit = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *xml = NULL;

  sleek_data_form_field_set_value (sleek_data_form_get_field (form, "botname"), "The Jabber Google Bot");
  sleek_data_form_field_set_values (sleek_data_form_get_field (form, "description"),
                                    (const char * const []) { "This bot enables", "you to search", NULL });
  sleek_data_form_field_set_boolean (sleek_data_form_get_field (form, "public"), FALSE);
  sleek_data_form_set_field_value (form, "owner", "juliet@example.com");
  g_assert_true (sleek_data_form_validate (form, NULL));

  submit = sleek_data_form_make_submit (form);
  g_assert_cmpint (sleek_data_form_get_form_type (submit), ==, SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_assert_null (sleek_data_form_get_title (submit));
  g_assert_cmpstr (sleek_data_form_get_form_namespace (submit), ==, "jabber:bot");
  fields = sleek_data_form_get_fields (submit);
  /* Every field of the form but the fixed one. */
  g_assert_cmpuint (fields->len, ==, 10);
  for (guint i = 1; i < fields->len; i++)
    {
      SleekNode *node = sleek_stanza_get_node (fields->pdata[i]);

      g_assert_false (sleek_data_form_field_has_field_type (fields->pdata[i]));
      g_assert_null (sleek_data_form_field_get_label (fields->pdata[i]));
      g_assert_null (sleek_node_get_child (node, "option", XDATA));
      g_assert_null (sleek_node_get_child (node, "desc", XDATA));
      g_assert_null (sleek_node_get_child (node, "required", XDATA));
    }
  check_values (sleek_data_form_get_field (submit, "description"),
                (const char * const []) { "This bot enables", "you to search", NULL });
  check_values (sleek_data_form_get_field (submit, "features"), (const char * const []) { "news", "search", NULL });
  g_assert_cmpstr (sleek_data_form_get_field_value (submit, "public"), ==, "0");
  g_assert_cmpstr (sleek_data_form_get_field_value (submit, "maxsubs"), ==, "20");
  g_assert_cmpstr (sleek_data_form_get_field_value (submit, "owner"), ==, "juliet@example.com");
  g_assert_null (sleek_data_form_get_field_value (submit, "password"));
  g_assert_true (sleek_data_form_validate (submit, NULL));

  xml = sleek_stanza_to_string (SLEEK_STANZA (submit));
  g_assert_true (g_str_has_prefix (xml, "<x xmlns='jabber:x:data' type='submit'>"
                                        "<field var='FORM_TYPE' type='hidden'><value>jabber:bot</value></field>"
                                        "<field var='botname'><value>The Jabber Google Bot</value></field>"));

  /* set_field_value adds a missing field. */
  sleek_data_form_set_field_value (submit, "extra", "x");
  g_assert_cmpstr (sleek_data_form_get_field_value (submit, "extra"), ==, "x");
  g_assert_false (sleek_data_form_field_has_field_type (sleek_data_form_get_field (submit, "extra")));
}

/* Search results in the shape of XEP-0004 Example 8. */
static void
test_reported_items (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekDataForm) form = parse_form ("<x xmlns='" XDATA "' type='result'>"
                                              "<title>Bot Search Results</title>"
                                              "<reported><field var='name' label='Name'/>"
                                              "<field var='url' label='URL' type='text-single'/></reported>"
                                              "<item><field var='name'><value>Comune di Verona</value></field>"
                                              "<field var='url'><value>http://example.org/a</value></field></item>"
                                              "<item><field var='name'><value>Bot B</value></field>"
                                              "<field var='url'><value>http://example.org/b</value></field></item>"
                                              "</x>");
  g_autoptr(GPtrArray) reported = sleek_data_form_get_reported (form);
  g_autoptr(GPtrArray) row = sleek_data_form_get_item (form, 1);
  g_autoptr(GPtrArray) fields = sleek_data_form_get_fields (form);
  g_autoptr(SleekDataForm) built = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_RESULT);
  g_autoptr(SleekDataFormField) column = sleek_data_form_field_new ("jid", SLEEK_DATA_FORM_FIELD_JID_SINGLE);
  g_autoptr(SleekDataFormField) cell = sleek_data_form_field_new ("jid", SLEEK_DATA_FORM_FIELD_UNKNOWN);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GPtrArray) built_reported = NULL;
  g_autoptr(GPtrArray) built_row = NULL;
  g_autofree char *xml = NULL;

  g_assert_cmpuint (fields->len, ==, 0);
  g_assert_cmpuint (reported->len, ==, 2);
  g_assert_cmpstr (sleek_data_form_field_get_label (reported->pdata[1]), ==, "URL");
  g_assert_cmpuint (sleek_data_form_get_n_items (form), ==, 2);
  g_assert_cmpuint (row->len, ==, 2);
  g_assert_cmpstr (sleek_data_form_field_get_var (row->pdata[0]), ==, "name");
  g_assert_cmpstr (sleek_data_form_field_get_value (row->pdata[0]), ==, "Bot B");
  g_assert_cmpstr (sleek_data_form_field_get_value (row->pdata[1]), ==, "http://example.org/b");
  g_assert_null (sleek_data_form_get_item (form, 2));
  /* Item fields are not form fields. */
  g_assert_null (sleek_data_form_get_field (form, "name"));

  sleek_data_form_add_new_field (built, "count", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, NULL);
  sleek_data_form_add_reported (built, column);
  sleek_data_form_field_set_value (cell, "a@example.com");
  g_ptr_array_add (cells, cell);
  sleek_data_form_add_item (built, cells);
  sleek_data_form_field_set_value (cell, "b@example.com");
  sleek_data_form_add_item (built, cells);
  /* A field added later still goes before the table. */
  sleek_data_form_add_new_field (built, "later", SLEEK_DATA_FORM_FIELD_TEXT_SINGLE, NULL);
  xml = sleek_stanza_to_string (SLEEK_STANZA (built));
  g_assert_cmpstr (xml, ==,
                   "<x xmlns='jabber:x:data' type='result'><field var='count' type='text-single'/>"
                   "<field var='later' type='text-single'/>"
                   "<reported><field var='jid' type='jid-single'/></reported>"
                   "<item><field var='jid'><value>a@example.com</value></field></item>"
                   "<item><field var='jid'><value>b@example.com</value></field></item></x>");
  built_reported = sleek_data_form_get_reported (built);
  g_assert_cmpuint (built_reported->len, ==, 1);
  g_assert_true (built_reported->pdata[0] == column);
  built_row = sleek_data_form_get_item (built, 0);
  g_assert_cmpstr (sleek_data_form_field_get_value (built_row->pdata[0]), ==, "a@example.com");
}

static void
test_message_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) stanza = parse ("<message xmlns='jabber:client' from='romeo@example.net/orchard' "
                                         "to='juliet@example.com/balcony' type='normal'>"
                                         "<body>Please fill this</body>"
                                         "<x xmlns='" XDATA "' type='form'><title>Poll</title>"
                                         "<field var='answer' type='boolean'><value>1</value></field></x>"
                                         "</message>");
  g_autoptr(SleekStanza) plain = parse ("<message xmlns='jabber:client'><body>no form</body></message>");
  g_autoptr(SleekMessage) built = sleek_message_new ();
  g_autoptr(SleekStanza) reparsed = NULL;
  g_autofree char *xml = NULL;
  SleekStanza *plugin;
  SleekDataForm *form;

  g_assert_true (SLEEK_IS_MESSAGE (stanza));
  plugin = sleek_stanza_get_plugin (stanza, "form", FALSE);
  g_assert_true (SLEEK_IS_DATA_FORM (plugin));
  form = sleek_stanza_get_form (stanza);
  g_assert_true (form == SLEEK_DATA_FORM (plugin));
  g_assert_cmpstr (sleek_data_form_get_title (form), ==, "Poll");
  g_assert_true (sleek_data_form_field_get_boolean (sleek_data_form_get_field (form, "answer")));
  g_assert_null (sleek_stanza_get_form (plain));

  /* Building: the plugin's element is added to the message. */
  form = SLEEK_DATA_FORM (sleek_stanza_get_plugin (SLEEK_STANZA (built), "form", TRUE));
  sleek_data_form_set_form_type (form, SLEEK_DATA_FORM_TYPE_SUBMIT);
  sleek_data_form_set_field_value (form, "answer", "0");
  xml = sleek_stanza_to_string (SLEEK_STANZA (built));
  reparsed = parse (xml);
  form = sleek_stanza_get_form (reparsed);
  g_assert_nonnull (form);
  g_assert_cmpint (sleek_data_form_get_form_type (form), ==, SLEEK_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (sleek_data_form_get_field_value (form, "answer"), ==, "0");
}

/* A form inside another payload, as XEP-0077 and XEP-0050 carry them. */
static void
test_wrap_node (Fixture *f, gconstpointer data)
{
  g_autoptr(SleekStanza) iq = parse ("<iq xmlns='jabber:client' type='result' id='r1'>"
                                     "<query xmlns='jabber:iq:register'><instructions>Use the form</instructions>"
                                     "<x xmlns='" XDATA "' type='form'><field var='username' type='text-single'>"
                                     "<required/></field></x></query></iq>");
  SleekNode *query = sleek_node_get_child (sleek_stanza_get_node (iq), "query", "jabber:iq:register");
  g_autoptr(SleekStanza) wrapped = sleek_stanza_new_for_node (sleek_node_get_child (query, "x", XDATA));
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (SLEEK_IS_DATA_FORM (wrapped));
  g_assert_false (sleek_data_form_validate (SLEEK_DATA_FORM (wrapped), &error));
  g_assert_error (error, SLEEK_DATA_FORM_ERROR, SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED);
  /* Edited in place. */
  sleek_data_form_set_field_value (SLEEK_DATA_FORM (wrapped), "username", "juliet");
  xml = sleek_stanza_to_string (iq);
  g_assert_nonnull (strstr (xml, "<value>juliet</value>"));
}

static gboolean
local_has_feature (Fixture *f)
{
  SleekDisco *disco = SLEEK_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030"));
  g_autoptr(SleekDiscoInfo) info = sleek_disco_get_local_info (disco, NULL);

  return sleek_disco_info_has_feature (info, XDATA);
}

static void
test_plugin (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (SLEEK_IS_DATA_FORMS (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0004")));
  g_assert_true (SLEEK_IS_DISCO (sleek_base_xmpp_get_plugin (f->base.xmpp, "xep_0030")));
  g_assert_true (local_has_feature (f));

  g_assert_true (sleek_base_xmpp_remove_plugin (f->base.xmpp, "xep_0004", &error));
  g_assert_no_error (error);
  g_assert_false (local_has_feature (f));
}

static void
test_enum_types (Fixture *f, gconstpointer data)
{
  g_autoptr(GEnumClass) types = g_type_class_ref (SLEEK_TYPE_DATA_FORM_FIELD_TYPE);
  g_autoptr(GEnumClass) forms = g_type_class_ref (SLEEK_TYPE_DATA_FORM_TYPE);
  g_autoptr(GEnumClass) errors = g_type_class_ref (SLEEK_TYPE_DATA_FORM_ERROR);

  g_assert_cmpstr (g_enum_get_value (types, SLEEK_DATA_FORM_FIELD_JID_MULTI)->value_nick, ==, "jid-multi");
  g_assert_cmpstr (g_enum_get_value (forms, SLEEK_DATA_FORM_TYPE_RESULT)->value_nick, ==, "result");
  g_assert_nonnull (g_enum_get_value (errors, SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/xep-0004/parse-types", test_parse_types);
  ADD ("/xep-0004/parse-odd", test_parse_odd);
  ADD ("/xep-0004/build", test_build);
  ADD ("/xep-0004/validate", test_validate);
  ADD ("/xep-0004/make-submit", test_make_submit);
  ADD ("/xep-0004/reported-items", test_reported_items);
  ADD ("/xep-0004/message-plugin", test_message_plugin);
  ADD ("/xep-0004/wrap-node", test_wrap_node);
  ADD ("/xep-0004/plugin", test_plugin);
  ADD ("/xep-0004/enum-types", test_enum_types);

  return g_test_run ();
}
