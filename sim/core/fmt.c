/* sim/core/fmt.c — CSV and JSON values; see fmt.h. */
#include "sim/core/fmt.h"

#include <math.h>
#include <string.h>

void sim_fmt_num(GString *s, double x, gboolean json)
{
    if (!isfinite(x)) {
        g_string_append(s, json ? "null" : "");
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    /* whole numbers beyond 10 digits (byte counts) keep every digit: sums must add up */
    if (x == floor(x) && fabs(x) >= 1e10 && fabs(x) < 9e15)
        g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.0f", x));
    else
        g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.10g", x));
}

/* What a bare field would lose: a comma, quote or line break inside, blanks at either end
 * (readers trim them), a leading '#' (a comment line when it starts a row). */
static gboolean csv_needs_quotes(const char *text)
{
    size_t n = strlen(text);
    return strpbrk(text, ",\"\n\r") || text[0] == '#'
        || (n > 0 && (g_ascii_isspace(text[0]) || g_ascii_isspace(text[n - 1])));
}

void sim_fmt_csv_string(GString *s, const char *text)
{
    if (!csv_needs_quotes(text)) {
        g_string_append(s, text);
        return;
    }
    g_string_append_c(s, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            g_string_append_c(s, '"');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

void sim_fmt_csv_strings(GString *s, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            g_string_append_c(s, ',');
        sim_fmt_csv_string(s, texts[i] ? texts[i] : "");
    }
}

void sim_fmt_json_string(GString *s, const char *text)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(s, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf(s, "\\u%04x", *p);
        else
            g_string_append_c(s, (char)*p);
    }
    g_string_append_c(s, '"');
}
