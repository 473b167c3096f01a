/* sim/core/fmt.c — CSV and JSON values; see fmt.h. */
#include "sim/core/fmt.h"

#include <math.h>
#include <string.h>

void sim_fmt_u64(GString *s, uint64_t v)
{
    char buf[20], *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    g_string_append_len(s, p, buf + sizeof buf - p);
}

/* "%.10g" of x in fixed notation (10^-4 <= |x| < 10^10) without printf, when the rounding
 * to 10 digits is certain: y = x * 10^k carries at most 1.2e-6 of error below 10^10, so a
 * fraction farther than 1e-5 from one half rounds as the exact value does.  FALSE: let
 * printf do it (a near tie, or rounding that changes the digit count). */
static gboolean fmt_g10_fixed(GString *s, double x)
{
    static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                    1e11, 1e12, 1e13 };
    double a = fabs(x);
    if (!(a >= 1e-4 && a < 1e10))
        return FALSE;
    int e = (int)floor(log10(a));               /* may be one off near a power of ten */
    int k = 9 - e;
    if (k < 0 || k >= (int)G_N_ELEMENTS(pow10))
        return FALSE;
    double y = a * pow10[k], r = floor(y + 0.5), frac = y - floor(y);
    if (fabs(frac - 0.5) < 1e-5 || r < 1e9 || r >= 1e10)
        return FALSE;
    char digits[10];
    uint64_t v = (uint64_t)r;
    for (int i = 9; i >= 0; i--, v /= 10)
        digits[i] = (char)('0' + v % 10);
    int n = 10;
    while (n > 1 && digits[n - 1] == '0')       /* %g drops trailing zeros */
        n--;
    char buf[32], *p = buf;
    if (x < 0)
        *p++ = '-';
    if (e >= 0) {
        for (int i = 0; i <= e; i++)
            *p++ = digits[i];                   /* e <= 9: every integer digit is here */
        if (n > e + 1) {
            *p++ = '.';
            for (int i = e + 1; i < n; i++)
                *p++ = digits[i];
        }
    } else {
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -e - 1; i++)
            *p++ = '0';
        for (int i = 0; i < n; i++)
            *p++ = digits[i];
    }
    g_string_append_len(s, buf, p - buf);
    return TRUE;
}

void sim_fmt_num(GString *s, double x, gboolean json)
{
    /* whole numbers below 10^10 print as "%.10g" would, digit for digit, without printf */
    if (x > -1e10 && x < 1e10 && x == (double)(int64_t)x && (x != 0 || !signbit(x))) {
        if (x < 0)
            g_string_append_c(s, '-');
        sim_fmt_u64(s, (uint64_t)fabs(x));
        return;
    }
    if (!isfinite(x)) {
        g_string_append(s, json ? "null" : "");
        return;
    }
    if (fmt_g10_fixed(s, x))
        return;
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
