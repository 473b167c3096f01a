/* sim/core/fmt.h — how numbers and names are written to CSV and JSON, in one place.
 *
 * Numbers: 10 significant digits in the C locale, whatever the user's locale (whole numbers
 * from 10^10 to 9·10^15, such as byte counts, in full, so that rows add up to their totals);
 * NaN and the infinities are an empty CSV field or JSON null.  CSV names are quoted (quotes doubled,
 * RFC 4180) only when a bare field would not read back the same (plots/csv.h): when they
 * hold a comma, a quote, a CR or LF, start with '#', or start or end with a blank.  JSON
 * strings escape quotes, backslashes and control characters.
 */
#ifndef SIM_FMT_H
#define SIM_FMT_H

#include <glib.h>
#include <stdint.h>

void sim_fmt_num(GString *s, double x, gboolean json);
/* v in decimal, as "%" G_GUINT64_FORMAT would write it, without printf (hot row writers). */
void sim_fmt_u64(GString *s, uint64_t v);
void sim_fmt_csv_string(GString *s, const char *text);
/* n names through sim_fmt_csv_string(), separated by commas (NULL is written empty). */
void sim_fmt_csv_strings(GString *s, const char *const *texts, size_t n);
void sim_fmt_json_string(GString *s, const char *text);

#endif
