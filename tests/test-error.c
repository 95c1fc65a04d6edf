/* test-error.c: condition names of the error domains
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <sleek/sleek.h>

static void
test_stream_conditions_round_trip (void)
{
  GEnumClass *klass = g_type_class_ref (SLEEK_TYPE_STREAM_ERROR);

  for (guint i = 0; i < klass->n_values; i++)
    {
      SleekStreamError code = klass->values[i].value;
      const char *condition = sleek_stream_error_to_condition (code);

      g_assert_nonnull (condition);
      g_assert_cmpint (sleek_stream_error_from_condition (condition), ==, code);
    }
  g_assert_cmpstr (sleek_stream_error_to_condition (SLEEK_STREAM_ERROR_RESTRICTED_XML), ==, "restricted-xml");
  g_assert_cmpint (sleek_stream_error_from_condition ("no-such-thing"), ==, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION);
  g_assert_cmpint (sleek_stream_error_from_condition (NULL), ==, SLEEK_STREAM_ERROR_UNDEFINED_CONDITION);
  g_type_class_unref (klass);
}

static void
test_stanza_conditions_round_trip (void)
{
  GEnumClass *klass = g_type_class_ref (SLEEK_TYPE_STANZA_ERROR);

  for (guint i = 0; i < klass->n_values; i++)
    {
      SleekStanzaError code = klass->values[i].value;
      const char *condition = sleek_stanza_error_to_condition (code);
      const char *type = sleek_stanza_error_default_type (code);

      g_assert_nonnull (condition);
      g_assert_cmpint (sleek_stanza_error_from_condition (condition), ==, code);
      g_assert_true (g_str_equal (type, "cancel") || g_str_equal (type, "modify") ||
                     g_str_equal (type, "auth") || g_str_equal (type, "wait"));
    }
  g_assert_cmpstr (sleek_stanza_error_to_condition (SLEEK_STANZA_ERROR_ITEM_NOT_FOUND), ==, "item-not-found");
  g_assert_cmpstr (sleek_stanza_error_default_type (SLEEK_STANZA_ERROR_NOT_AUTHORIZED), ==, "auth");
  g_assert_cmpstr (sleek_stanza_error_default_type (SLEEK_STANZA_ERROR_BAD_REQUEST), ==, "modify");
  g_assert_cmpint (sleek_stanza_error_from_condition ("bogus"), ==, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION);
  g_type_class_unref (klass);
}

static void
test_domains_distinct (void)
{
  GQuark quarks[] = {
    SLEEK_JID_ERROR, SLEEK_STREAM_ERROR, SLEEK_STANZA_ERROR,
    SLEEK_SASL_ERROR, SLEEK_CONNECT_ERROR, SLEEK_PLUGIN_ERROR,
  };

  for (guint i = 0; i < G_N_ELEMENTS (quarks); i++)
    {
      g_assert_cmpuint (quarks[i], !=, 0);
      for (guint j = i + 1; j < G_N_ELEMENTS (quarks); j++)
        g_assert_cmpuint (quarks[i], !=, quarks[j]);
    }
  g_assert_cmpstr (g_quark_to_string (SLEEK_STREAM_ERROR), ==, "sleek-stream-error-quark");
}

static void
test_version (void)
{
  g_assert_cmpuint (sleek_get_major_version (), ==, SLEEK_MAJOR_VERSION);
  g_assert_cmpuint (sleek_get_minor_version (), ==, SLEEK_MINOR_VERSION);
  g_assert_cmpuint (sleek_get_micro_version (), ==, SLEEK_MICRO_VERSION);
  g_assert_true (SLEEK_CHECK_VERSION (1, 0, 0));
  g_assert_false (SLEEK_CHECK_VERSION (99, 0, 0));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/error/stream-conditions", test_stream_conditions_round_trip);
  g_test_add_func ("/error/stanza-conditions", test_stanza_conditions_round_trip);
  g_test_add_func ("/error/domains", test_domains_distinct);
  g_test_add_func ("/version/runtime", test_version);
  return g_test_run ();
}
