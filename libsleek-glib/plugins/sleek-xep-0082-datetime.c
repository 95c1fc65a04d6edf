/* sleek-xep-0082-datetime.c: XEP-0082 XMPP Date and Time Profiles
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xep-0082-datetime-private.h"

/* A strict reader over the profiles' grammar: fixed-width digit fields,
 * literal separators, nothing before or after. */

typedef struct {
  const char *p;
} Reader;

static gboolean
read_digits (Reader *r, guint count, int *value)
{
  int v = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (r->p[i]))
        return FALSE;
      v = v * 10 + (r->p[i] - '0');
    }
  r->p += count;
  *value = v;
  return TRUE;
}

static gboolean
read_char (Reader *r, char c)
{
  if (*r->p != c)
    return FALSE;
  r->p++;
  return TRUE;
}

static gboolean
read_date (Reader *r, int *year, int *month, int *day)
{
  return read_digits (r, 4, year) && read_char (r, '-') && read_digits (r, 2, month) && read_char (r, '-') &&
         read_digits (r, 2, day) && *year >= 1 && g_date_valid_dmy (*day, *month, *year);
}

/* hh:mm:ss[.s+]; the fraction is kept to the microsecond. */
static gboolean
read_time (Reader *r, int *hour, int *minute, double *seconds)
{
  int sec;
  int micro = 0;

  if (!(read_digits (r, 2, hour) && read_char (r, ':') && read_digits (r, 2, minute) && read_char (r, ':') &&
        read_digits (r, 2, &sec)))
    return FALSE;
  if (*hour > 23 || *minute > 59 || sec > 59)
    return FALSE;
  if (read_char (r, '.'))
    {
      guint n = 0;

      while (g_ascii_isdigit (*r->p))
        {
          if (n < 6)
            micro = micro * 10 + (*r->p - '0');
          n++;
          r->p++;
        }
      if (n == 0)
        return FALSE;
      for (; n < 6; n++)
        micro *= 10;
    }
  *seconds = sec + micro / 1e6;
  return TRUE;
}

/* Z or ±hh:mm */
static GTimeZone *
read_tzd (Reader *r)
{
  int sign;
  int hours;
  int minutes;

  if (read_char (r, 'Z'))
    return g_time_zone_new_utc ();
  if (read_char (r, '+'))
    sign = 1;
  else if (read_char (r, '-'))
    sign = -1;
  else
    return NULL;
  if (!(read_digits (r, 2, &hours) && read_char (r, ':') && read_digits (r, 2, &minutes)))
    return NULL;
  if (hours > 23 || minutes > 59)
    return NULL;
  return g_time_zone_new_offset (sign * (hours * 3600 + minutes * 60));
}

GTimeZone *
sleek_datetime_parse_tzd (const char *text)
{
  Reader r = { text };
  GTimeZone *tz;

  g_return_val_if_fail (text != NULL, NULL);

  tz = read_tzd (&r);
  if (tz != NULL && *r.p != '\0')
    g_clear_pointer (&tz, g_time_zone_unref);
  return tz;
}

/**
 * sleek_datetime_parse:
 * @text: a date and time in the XEP-0082 DateTime profile, such as
 *   `1969-07-21T02:56:15Z` or `1969-07-20T21:56:15.123-05:00`
 * @error: return location for a %G_IO_ERROR_INVALID_DATA error
 *
 * Parses a XEP-0082 DateTime: `CCYY-MM-DDThh:mm:ss[.sss]TZD`, where the
 * time zone designator `TZD` is `Z` or `±hh:mm`. Anything else, such as a
 * missing time zone, an impossible date or trailing text, is refused.
 * Fractions of a second are kept to the microsecond.
 *
 * Returns: (transfer full): the moment, in the offset @text gives, or
 *   %NULL with @error set
 */
GDateTime *
sleek_datetime_parse (const char *text, GError **error)
{
  Reader r = { text };
  int year, month, day, hour, minute;
  double seconds;
  g_autoptr(GTimeZone) tz = NULL;
  GDateTime *dt;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_date (&r, &year, &month, &day) || !read_char (&r, 'T') ||
      !read_time (&r, &hour, &minute, &seconds) || (tz = read_tzd (&r)) == NULL || *r.p != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a XEP-0082 date and time (CCYY-MM-DDThh:mm:ss[.sss]TZD)"), text);
      return NULL;
    }
  dt = g_date_time_new (tz, year, month, day, hour, minute, seconds);
  if (dt == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("“%s” is out of the range of dates supported"), text);
  return dt;
}

static void
append_fraction (GString *out, GDateTime *datetime)
{
  int micro = g_date_time_get_microsecond (datetime);

  if (micro == 0)
    return;
  if (micro % 1000 == 0)
    g_string_append_printf (out, ".%03d", micro / 1000);
  else
    g_string_append_printf (out, ".%06d", micro);
}

/**
 * sleek_datetime_format:
 * @datetime: a moment
 *
 * Formats @datetime in the XEP-0082 DateTime profile, always in UTC:
 * `CCYY-MM-DDThh:mm:ssZ`, with milliseconds (or microseconds, when those
 * are needed) only when the fraction is not zero.
 *
 * Returns: (transfer full): the text
 */
char *
sleek_datetime_format (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;
  GString *out;

  g_return_val_if_fail (datetime != NULL, NULL);

  utc = g_date_time_to_utc (datetime);
  out = g_string_new (NULL);
  g_string_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d", g_date_time_get_year (utc), g_date_time_get_month (utc),
                   g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                   g_date_time_get_second (utc));
  append_fraction (out, utc);
  g_string_append_c (out, 'Z');
  return g_string_free (out, FALSE);
}

/**
 * sleek_datetime_parse_date:
 * @text: a date in the XEP-0082 Date profile, such as `1776-07-04`
 * @error: return location for a %G_IO_ERROR_INVALID_DATA error
 *
 * Parses a XEP-0082 Date, `CCYY-MM-DD`, refusing impossible dates.
 *
 * Returns: (transfer full): midnight UTC of that day, or %NULL with
 *   @error set
 */
GDateTime *
sleek_datetime_parse_date (const char *text, GError **error)
{
  Reader r = { text };
  int year, month, day;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_date (&r, &year, &month, &day) || *r.p != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a XEP-0082 date (CCYY-MM-DD)"), text);
      return NULL;
    }
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

/**
 * sleek_datetime_format_date:
 * @datetime: a moment
 *
 * Formats the day of @datetime, in its own time zone, in the XEP-0082
 * Date profile: `CCYY-MM-DD`.
 *
 * Returns: (transfer full): the text
 */
char *
sleek_datetime_format_date (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (datetime), g_date_time_get_month (datetime),
                          g_date_time_get_day_of_month (datetime));
}

/**
 * sleek_datetime_parse_time:
 * @text: a time in the XEP-0082 Time profile, such as `16:00:00` or
 *   `16:00:00.5-06:00`
 * @error: return location for a %G_IO_ERROR_INVALID_DATA error
 *
 * Parses a XEP-0082 Time: `hh:mm:ss[.sss][TZD]`. A time without a time
 * zone designator is taken as UTC.
 *
 * Returns: (transfer full): that time on 1 January 2000, in the offset
 *   @text gives, or %NULL with @error set
 */
GDateTime *
sleek_datetime_parse_time (const char *text, GError **error)
{
  Reader r = { text };
  int hour, minute;
  double seconds;
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_time (&r, &hour, &minute, &seconds) ||
      (*r.p != '\0' && ((tz = read_tzd (&r)) == NULL || *r.p != '\0')))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a XEP-0082 time (hh:mm:ss[.sss][TZD])"), text);
      return NULL;
    }
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  return g_date_time_new (tz, 2000, 1, 1, hour, minute, seconds);
}

/**
 * sleek_datetime_format_time:
 * @datetime: a moment
 *
 * Formats the time of day of @datetime in the XEP-0082 Time profile,
 * always in UTC: `hh:mm:ssZ`, with a fraction only when it is not zero.
 *
 * Returns: (transfer full): the text
 */
char *
sleek_datetime_format_time (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;
  GString *out;

  g_return_val_if_fail (datetime != NULL, NULL);

  utc = g_date_time_to_utc (datetime);
  out = g_string_new (NULL);
  g_string_printf (out, "%02d:%02d:%02d", g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                   g_date_time_get_second (utc));
  append_fraction (out, utc);
  g_string_append_c (out, 'Z');
  return g_string_free (out, FALSE);
}

/**
 * sleek_datetime_format_offset:
 * @datetime: a moment
 *
 * Formats the UTC offset of @datetime as a XEP-0082 time zone
 * designator in its numeric form, `±hh:mm` (`+00:00` for UTC), as
 * XEP-0202 puts in `<tzo/>`. Seconds of the offset are dropped.
 *
 * Returns: (transfer full): the text
 */
char *
sleek_datetime_format_offset (GDateTime *datetime)
{
  GTimeSpan offset;
  gint64 minutes;

  g_return_val_if_fail (datetime != NULL, NULL);

  offset = g_date_time_get_utc_offset (datetime);
  minutes = (offset < 0 ? -offset : offset) / G_TIME_SPAN_MINUTE;
  return g_strdup_printf ("%c%02d:%02d", offset < 0 ? '-' : '+', (int) (minutes / 60), (int) (minutes % 60));
}

/**
 * SleekDateTimeProfiles:
 *
 * The `xep_0082` plugin: XEP-0082 XMPP Date and Time Profiles.
 *
 * As in SleekXMPP, the profiles are a plugin other plugins depend on;
 * enabling it does nothing more. The work is done by plain functions,
 * usable without any plugin: [func@Sleek.datetime_parse] and
 * [func@Sleek.datetime_format] for the DateTime profile,
 * [func@Sleek.datetime_parse_date], [func@Sleek.datetime_format_date],
 * [func@Sleek.datetime_parse_time] and [func@Sleek.datetime_format_time]
 * for the Date and Time profiles.
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(GDateTime) stamp = sleek_datetime_parse ("1969-07-21T02:56:15.123Z", &error);
 * g_autofree char *text = NULL;
 *
 * if (stamp == NULL)
 *   return;   // error says why the text is not an XEP-0082 DateTime
 * text = sleek_datetime_format (stamp);   // "1969-07-21T02:56:15.123Z"
 * ```
 */
struct _SleekDateTimeProfiles
{
  SleekPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekDateTimeProfiles, sleek_date_time_profiles, SLEEK_TYPE_PLUGIN)

static void
sleek_date_time_profiles_class_init (SleekDateTimeProfilesClass *klass)
{
}

static void
sleek_date_time_profiles_init (SleekDateTimeProfiles *self)
{
}
