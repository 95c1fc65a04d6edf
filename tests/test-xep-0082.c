/* test-xep-0082.c: XEP-0082 Date and Time Profiles
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "plugin-test-util.h"

static void
check_parse (const char *text, int y, int mo, int d, int h, int mi, int s, int us, GTimeSpan offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = sleek_datetime_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dt);
  g_assert_cmpint (g_date_time_get_year (dt), ==, y);
  g_assert_cmpint (g_date_time_get_month (dt), ==, mo);
  g_assert_cmpint (g_date_time_get_day_of_month (dt), ==, d);
  g_assert_cmpint (g_date_time_get_hour (dt), ==, h);
  g_assert_cmpint (g_date_time_get_minute (dt), ==, mi);
  g_assert_cmpint (g_date_time_get_second (dt), ==, s);
  g_assert_cmpint (g_date_time_get_microsecond (dt), ==, us);
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, offset);
}

/* The examples of XEP-0082 §3.2 (DateTime) */
static void
test_parse_examples (void)
{
  check_parse ("1969-07-21T02:56:15Z", 1969, 7, 21, 2, 56, 15, 0, 0);
  check_parse ("1969-07-20T21:56:15-05:00", 1969, 7, 20, 21, 56, 15, 0, -5 * G_TIME_SPAN_HOUR);
  check_parse ("2002-09-10T23:08:25.120Z", 2002, 9, 10, 23, 8, 25, 120000, 0);
  check_parse ("2006-12-19T17:58:35+05:30", 2006, 12, 19, 17, 58, 35, 0,
               5 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);
  check_parse ("2000-01-01T00:00:00.5+00:00", 2000, 1, 1, 0, 0, 0, 500000, 0);
  /* More digits than microseconds: truncated */
  check_parse ("2000-01-01T00:00:00.1234567Z", 2000, 1, 1, 0, 0, 0, 123456, 0);
  check_parse ("0001-01-01T00:00:00Z", 1, 1, 1, 0, 0, 0, 0, 0);
  check_parse ("9999-12-31T23:59:59Z", 9999, 12, 31, 23, 59, 59, 0, 0);
}

static void
test_parse_same_moment (void)
{
  g_autoptr(GDateTime) a = sleek_datetime_parse ("1969-07-21T02:56:15Z", NULL);
  g_autoptr(GDateTime) b = sleek_datetime_parse ("1969-07-20T21:56:15-05:00", NULL);

  g_assert_true (g_date_time_equal (a, b));
}

static void
test_leap_days (void)
{
  check_parse ("2000-02-29T12:00:00Z", 2000, 2, 29, 12, 0, 0, 0, 0);
  check_parse ("2024-02-29T12:00:00Z", 2024, 2, 29, 12, 0, 0, 0, 0);
  g_assert_null (sleek_datetime_parse ("1900-02-29T12:00:00Z", NULL));
  g_assert_null (sleek_datetime_parse ("2023-02-29T12:00:00Z", NULL));
}

static void
test_parse_invalid (void)
{
  static const char * const bad[] = {
    "",
    "garbage",
    "1969-07-21",                      /* a Date, not a DateTime */
    "1969-07-21T02:56:15",             /* no TZD */
    "1969-07-21 02:56:15Z",            /* space, not T */
    "1969-07-21t02:56:15Z",
    "1969-07-21T02:56:15z",
    "69-07-21T02:56:15Z",
    "1969-7-21T02:56:15Z",
    "1969-07-21T2:56:15Z",
    "1969-07-21T02:56Z",
    "1969-07-21T02:56:15.Z",           /* empty fraction */
    "1969-07-21T02:56:15,5Z",
    "1969-13-21T02:56:15Z",
    "1969-00-21T02:56:15Z",
    "1969-07-00T02:56:15Z",
    "1969-04-31T02:56:15Z",
    "0000-01-01T00:00:00Z",
    "1969-07-21T24:00:00Z",
    "1969-07-21T02:60:15Z",
    "1969-07-21T02:56:60Z",            /* no leap seconds in GDateTime */
    "1969-07-21T02:56:15+5:00",
    "1969-07-21T02:56:15+0500",
    "1969-07-21T02:56:15+05",
    "1969-07-21T02:56:15+24:00",
    "1969-07-21T02:56:15-05:60",
    "1969-07-21T02:56:15+05:00x",
    "1969-07-21T02:56:15Z ",
    " 1969-07-21T02:56:15Z",
    "1969-07-21T02:56:15ZZ",
    "+1969-07-21T02:56:15Z",
    "1969-07-21T02:56:15.12a4Z",
    "１９６９-07-21T02:56:15Z",           /* non-ASCII digits */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = sleek_datetime_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (dt);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
check_format (const char *in, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = sleek_datetime_parse (in, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = sleek_datetime_format (dt);
  g_assert_cmpstr (text, ==, out);
}

static void
test_format (void)
{
  check_format ("1969-07-21T02:56:15Z", "1969-07-21T02:56:15Z");
  check_format ("1969-07-20T21:56:15-05:00", "1969-07-21T02:56:15Z");
  check_format ("2002-09-10T23:08:25.120Z", "2002-09-10T23:08:25.120Z");
  check_format ("2002-09-10T23:08:25.000Z", "2002-09-10T23:08:25Z");
  check_format ("2002-09-10T23:08:25.000001Z", "2002-09-10T23:08:25.000001Z");
  check_format ("2000-01-01T01:00:00+05:30", "1999-12-31T19:30:00Z");
}

static void
test_round_trip (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = sleek_datetime_format (now);
  g_autoptr(GDateTime) back = sleek_datetime_parse (text, NULL);

  g_assert_nonnull (back);
  g_assert_true (g_date_time_equal (now, back));
  g_assert_cmpint (g_date_time_get_utc_offset (back), ==, 0);
}

static void
test_date (void)
{
  g_autoptr(GDateTime) d = sleek_datetime_parse_date ("1776-07-04", NULL);
  g_autoptr(GDateTime) leap = sleek_datetime_parse_date ("2000-02-29", NULL);
  g_autoptr(GDateTime) dt = sleek_datetime_parse ("1969-07-20T21:56:15-05:00", NULL);
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  static const char * const bad[] = { "", "1776-07-04T00:00:00Z", "1776-7-4", "1776-02-30", "2100-02-29",
                                      "1776-07-04Z", "17760704", "1776-07-04 " };

  g_assert_nonnull (d);
  g_assert_nonnull (leap);
  g_assert_cmpint (g_date_time_get_year (d), ==, 1776);
  g_assert_cmpint (g_date_time_get_month (d), ==, 7);
  g_assert_cmpint (g_date_time_get_day_of_month (d), ==, 4);
  g_assert_cmpint (g_date_time_get_hour (d), ==, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (d), ==, 0);
  text = sleek_datetime_format_date (d);
  g_assert_cmpstr (text, ==, "1776-07-04");
  /* The day in the moment's own zone */
  text2 = sleek_datetime_format_date (dt);
  g_assert_cmpstr (text2, ==, "1969-07-20");

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) none = sleek_datetime_parse_date (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (none);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_time (void)
{
  g_autoptr(GDateTime) t = sleek_datetime_parse_time ("16:00:00", NULL);
  g_autoptr(GDateTime) tz = sleek_datetime_parse_time ("16:00:00.25-06:00", NULL);
  g_autoptr(GDateTime) z = sleek_datetime_parse_time ("23:59:59Z", NULL);
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  static const char * const bad[] = { "", "16:00", "16:00:00+06", "24:00:00", "16:60:00", "16:00:00.", "16:00:00 ",
                                      "2000-01-01T16:00:00Z", "16:00:00ZZ", "4:00:00" };

  g_assert_nonnull (t);
  g_assert_nonnull (tz);
  g_assert_nonnull (z);
  g_assert_cmpint (g_date_time_get_hour (t), ==, 16);
  g_assert_cmpint (g_date_time_get_utc_offset (t), ==, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (tz), ==, -6 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_microsecond (tz), ==, 250000);
  text = sleek_datetime_format_time (tz);
  g_assert_cmpstr (text, ==, "22:00:00.250Z");
  text2 = sleek_datetime_format_time (t);
  g_assert_cmpstr (text2, ==, "16:00:00Z");

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) none = sleek_datetime_parse_time (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (none);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
check_offset (GTimeSpan offset, const char *expected)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset ((gint32) (offset / G_TIME_SPAN_SECOND));
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2020, 6, 1, 12, 0, 0);
  g_autofree char *text = sleek_datetime_format_offset (dt);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_offset (void)
{
  check_offset (0, "+00:00");
  check_offset (-6 * G_TIME_SPAN_HOUR, "-06:00");
  check_offset (5 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE, "+05:30");
  check_offset (-(3 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE), "-03:30");
  check_offset (14 * G_TIME_SPAN_HOUR, "+14:00");
}

static void
test_plugin (void)
{
  PluginFixture f = { 0 };
  g_autoptr(GError) error = NULL;
  SleekPlugin *plugin;

  pt_setup (&f, NULL);
  g_assert_true (sleek_base_xmpp_register_plugin (f.xmpp, "xep_0082", &error));
  g_assert_no_error (error);
  plugin = sleek_base_xmpp_get_plugin (f.xmpp, "xep_0082");
  g_assert_true (SLEEK_IS_DATE_TIME_PROFILES (plugin));
  g_assert_cmpstr (sleek_plugin_get_name (plugin), ==, "xep_0082");
  g_assert_true (sleek_base_xmpp_remove_plugin (f.xmpp, "xep_0082", &error));
  g_assert_no_error (error);
  g_assert_null (sleek_base_xmpp_get_plugin (f.xmpp, "xep_0082"));
  pt_teardown (&f, NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xep-0082/parse-examples", test_parse_examples);
  g_test_add_func ("/xep-0082/parse-same-moment", test_parse_same_moment);
  g_test_add_func ("/xep-0082/leap-days", test_leap_days);
  g_test_add_func ("/xep-0082/parse-invalid", test_parse_invalid);
  g_test_add_func ("/xep-0082/format", test_format);
  g_test_add_func ("/xep-0082/round-trip", test_round_trip);
  g_test_add_func ("/xep-0082/date", test_date);
  g_test_add_func ("/xep-0082/time", test_time);
  g_test_add_func ("/xep-0082/offset", test_offset);
  g_test_add_func ("/xep-0082/plugin", test_plugin);

  return g_test_run ();
}
