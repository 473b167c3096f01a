/* sim/calibrate/boot.c — boot and provisioning times.
 *
 * Two layouts:
 *   `systemd-analyze` (run in the guest once it is up): "Startup finished in 1.2s (kernel) +
 *   5.5s (userspace) = 7.5s"; the total after '=' is the boot.  Time spans are systemd's
 *   ("1min 2.345s", "850ms", "7.512s": units us, ms, s, min, h, d), one boot per such line.
 *   A CSV with a header naming `start_s` and `ready_s` (seconds, e.g. `date +%s.%N` taken when
 *   the start request was sent and when the guest answered); one boot per row = ready - start.
 */
#include "sim/calibrate/measure.h"

#include <math.h>
#include <string.h>

static double span_unit_s(const char *u, size_t n)
{
    static const struct { const char *name; double s; } units[] = {
        { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1 }, { "min", 60 }, { "h", 3600 }, { "d", 86400 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
        if (strlen(units[i].name) == n && strncmp(u, units[i].name, n) == 0)
            return units[i].s;
    return 0;
}

/* A systemd time span at p ("1min 2.345s"); the end in *end.  FALSE if p holds none. */
static gboolean span_s(const char *p, double *out, const char **end)
{
    double total = 0;
    int parts = 0;
    for (;;) {
        while (*p == ' ')
            p++;
        char *e = NULL;
        double v = g_ascii_strtod(p, &e);
        if (e == p || !g_ascii_isalpha(*e) || !isfinite(v) || v < 0)
            break;
        size_t n = 0;
        while (g_ascii_isalpha(e[n]))
            n++;
        double unit = span_unit_s(e, n);
        if (unit == 0)
            break;
        total += v * unit;
        parts++;
        p = e + n;
    }
    *out = total;
    *end = p;
    return parts > 0;
}

static void boot_add(CalSet *set, const CalInput *in, int line, double s)
{
    CalBoot b = { .input = in, .line = line, .boot_s = s };
    g_array_append_val(set->boots, b);
}

static gboolean boot_systemd(CalSet *set, const CalInput *in, char **lines, GError **error)
{
    for (int i = 0; lines[i]; i++) {
        if (!strstr(lines[i], "Startup finished in"))
            continue;
        const char *eq = strrchr(lines[i], '='), *end = NULL;
        double s = 0;
        if (!eq || !span_s(eq + 1, &s, &end) || s <= 0)
            return cal_fail(error, in->path, i + 1, eq ? (int)(eq - lines[i]) + 2 : 1,
                            "no total after '=' (expected 'Startup finished in ... = 7.512s', "
                            "a positive time with us, ms, s, min or h)");
        boot_add(set, in, i + 1, s);
    }
    return TRUE;
}

static int csv_column(char **head, const char *name)
{
    for (int i = 0; head[i]; i++)
        if (strcmp(g_strstrip(head[i]), name) == 0)
            return i;
    return -1;
}

static gboolean csv_number(const CalInput *in, int line, char **f, int k, double *out,
                           GError **error)
{
    int col = 1;
    for (int i = 0; i < k; i++)
        col += (int)strlen(f[i]) + 1;
    char *end = NULL;
    const char *t = f[k];
    *out = g_ascii_strtod(t, &end);
    if (!*t || !end || *end || !isfinite(*out))
        return cal_fail(error, in->path, line, col, "'%s' is not a time in seconds (expected "
                        "a number such as 1767225600.250)", t);
    return TRUE;
}

static gboolean boot_csv(CalSet *set, const CalInput *in, char **lines, GError **error)
{
    g_auto(GStrv) head = g_strsplit(lines[0], ",", -1);
    int cs = csv_column(head, "start_s"), cr = csv_column(head, "ready_s");
    if (cs < 0 || cr < 0)
        return cal_fail(error, in->path, 1, 1, "header '%s' lacks %s (expected columns start_s "
                        "and ready_s, in seconds)", lines[0], cs < 0 ? "start_s" : "ready_s");
    for (int i = 1; lines[i]; i++) {
        if (!*g_strstrip(lines[i]))
            continue;
        g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
        double s = 0, r = 0;
        if ((int)g_strv_length(f) <= MAX(cs, cr))
            return cal_fail(error, in->path, i + 1, 1, "%u fields (expected %u, as the "
                            "header)", g_strv_length(f), g_strv_length(head));
        if (!csv_number(in, i + 1, f, cs, &s, error) || !csv_number(in, i + 1, f, cr, &r, error))
            return FALSE;
        if (r <= s)
            return cal_fail(error, in->path, i + 1, 1, "ready_s %.6g is not after start_s %.6g "
                            "(expected the guest ready after its start request)", r, s);
        boot_add(set, in, i + 1, r - s);
    }
    return TRUE;
}

gboolean cal_read_boot(CalSet *set, const CalInput *in, const char *text, GError **error)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++)
        g_strchomp(lines[i]);
    guint before = set->boots->len;
    gboolean ok = strstr(text, "Startup finished in") ? boot_systemd(set, in, lines, error)
                                                        : boot_csv(set, in, lines, error);
    if (ok && set->boots->len == before)
        return cal_fail(error, in->path, 1, 1, "no boot in this file (expected a 'Startup "
                        "finished in' line or CSV rows)");
    return ok;
}
