/* sim/core/units.c — unit tables and the quantity parser; see units.h. */
#include "sim/core/units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *suffix;
    double      factor;      /* multiply the number by this to get the SI base */
} ScnUnit;

static const ScnUnit duration_units[] = {
    { "ns", 1 }, { "us", 1e3 }, { "µs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
    { "sec", 1e9 }, { "min", 60e9 }, { "h", 3600e9 }, { "d", 86400e9 }, { NULL, 0 },
};
static const ScnUnit size_units[] = {
    { "B", 1 }, { "KB", 1e3 }, { "kB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 },
    { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
    { "TiB", 1099511627776.0 }, { NULL, 0 },
};
static const ScnUnit rate_units[] = {
    { "bit/s", 1 / 8.0 }, { "kbit/s", 1e3 / 8 }, { "Kbit/s", 1e3 / 8 }, { "Mbit/s", 1e6 / 8 },
    { "Gbit/s", 1e9 / 8 }, { "Tbit/s", 1e12 / 8 }, { "bps", 1 / 8.0 }, { "kbps", 1e3 / 8 },
    { "Kbps", 1e3 / 8 }, { "Mbps", 1e6 / 8 }, { "Gbps", 1e9 / 8 }, { "Tbps", 1e12 / 8 },
    { "B/s", 1 }, { "KB/s", 1e3 }, { "kB/s", 1e3 }, { "MB/s", 1e6 }, { "GB/s", 1e9 },
    { "KiB/s", 1024.0 }, { "MiB/s", 1048576.0 }, { "GiB/s", 1073741824.0 }, { NULL, 0 },
};
static const ScnUnit freq_units[] = {
    { "Hz", 1 }, { "kHz", 1e3 }, { "KHz", 1e3 }, { "MHz", 1e6 }, { "GHz", 1e9 }, { NULL, 0 },
};
static const ScnUnit power_units[] = {
    { "mW", 1e-3 }, { "W", 1 }, { "kW", 1e3 }, { NULL, 0 },
};
static const ScnUnit cycle_units[] = {
    { "cycles", 1 }, { "cycle", 1 }, { "kcycles", 1e3 }, { "Kcycles", 1e3 },
    { "Mcycles", 1e6 }, { "Gcycles", 1e9 }, { "Tcycles", 1e12 }, { NULL, 0 },
};
static const ScnUnit event_rate_units[] = {     /* matched on the part after the word */
    { "/s", 1 }, { "/ms", 1e3 }, { "/min", 1 / 60.0 }, { "/h", 1 / 3600.0 }, { NULL, 0 },
};
static const ScnUnit frac_units[] = { { "%", 0.01 }, { NULL, 0 } };
static const ScnUnit ratio_units[] = { { "x", 1 }, { NULL, 0 } };

typedef struct {
    const char    *name;
    const char    *expected;
    const ScnUnit *units;
    gboolean       bare_ok;   /* a bare number is the natural form */
} ScnUnitKindInfo;

static const ScnUnitKindInfo kinds[SCN_UNIT_COUNT] = {
    [SCN_UNIT_DURATION]   = { "duration", "ns, us, ms, s, min, h or d", duration_units, FALSE },
    [SCN_UNIT_SIZE]       = { "size", "B, KB, MB, GB, TB, KiB, MiB, GiB or TiB", size_units, FALSE },
    [SCN_UNIT_DATA_RATE]  = { "data rate", "bit/s, Mbit/s, Gbit/s, Gbps, B/s, MB/s, MiB/s or GiB/s",
                              rate_units, FALSE },
    [SCN_UNIT_FREQ]       = { "frequency", "Hz, kHz, MHz or GHz", freq_units, FALSE },
    [SCN_UNIT_POWER]      = { "power", "mW, W or kW", power_units, FALSE },
    [SCN_UNIT_CYCLES]     = { "work", "cycles, Mcycles, Gcycles or Tcycles", cycle_units, FALSE },
    [SCN_UNIT_EVENT_RATE] = { "rate", "/s, /min or /h, e.g. '2000/s' or '500 pages/s'",
                              event_rate_units, FALSE },
    [SCN_UNIT_FRAC]       = { "fraction", "a number in 0..1 or a percentage, e.g. '70%'",
                              frac_units, TRUE },
    [SCN_UNIT_RATIO]      = { "ratio", "a number, e.g. '2.0' or '2x'", ratio_units, TRUE },
};

const char *scn_unit_kind_name(ScnUnitKind kind) { return kinds[kind].name; }
const char *scn_unit_expected(ScnUnitKind kind) { return kinds[kind].expected; }
gboolean    scn_unit_bare_ok(ScnUnitKind kind) { return kinds[kind].bare_ok; }

char *scn_unit_pattern(ScnUnitKind kind)
{
    GString *p = g_string_new("^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*(");
    if (kind == SCN_UNIT_EVENT_RATE)
        g_string_append(p, "[A-Za-z_-]*");
    for (const ScnUnit *u = kinds[kind].units; u->suffix; u++) {
        g_string_append(p, u == kinds[kind].units ? "(" : "|");
        for (const char *c = u->suffix; *c; c++) {
            if (strchr(".%/", *c))
                g_string_append_c(p, '\\');
            g_string_append_c(p, *c);
        }
    }
    g_string_append(p, kinds[kind].bare_ok ? "))?\\s*$" : "))\\s*$");
    return g_string_free(p, FALSE);
}

/* Event rates read "<n> [word]/s": the word (pages, req, ops, ...) is documentation only. */
static const char *event_rate_suffix(const char *unit)
{
    const char *slash = strchr(unit, '/');
    if (!slash)
        return NULL;
    for (const char *p = unit; p < slash; p++)
        if (!g_ascii_isalpha(*p) && *p != '_' && *p != '-')
            return NULL;
    return slash;
}

static const ScnUnit *find_unit(ScnUnitKind kind, const char *unit)
{
    if (kind == SCN_UNIT_EVENT_RATE && !(unit = event_rate_suffix(unit)))
        return NULL;
    for (const ScnUnit *u = kinds[kind].units; u->suffix; u++)
        if (strcmp(u->suffix, unit) == 0)
            return u;
    return NULL;
}

gboolean scn_unit_parse(const char *text, ScnUnitKind kind, double *out, char **why)
{
    const ScnUnitKindInfo *k = &kinds[kind];
    char *end = NULL;
    const char *p = text;
    while (g_ascii_isspace(*p))
        p++;
    double number = g_ascii_strtod(p, &end);
    if (end == p || !isfinite(number)) {
        *why = g_strdup_printf("%s '%s' is not a number with a unit (expected %s)",
                               k->name, text, k->expected);
        return FALSE;
    }
    while (g_ascii_isspace(*end))
        end++;
    g_autofree char *unit = g_strchomp(g_strdup(end));
    if (*unit == '\0') {
        if (!k->bare_ok && number != 0) {
            *why = g_strdup_printf("%s '%s' needs a unit (%s)", k->name, text, k->expected);
            return FALSE;
        }
        *out = number;
        return TRUE;
    }
    const ScnUnit *u = find_unit(kind, unit);
    if (!u) {
        *why = g_strdup_printf("unknown %s unit '%s' in '%s' (expected %s)", k->name, unit,
                               text, k->expected);
        return FALSE;
    }
    *out = u->factor < 1 ? number / (1 / u->factor) : number * u->factor;   /* 70% == 0.7 */
    return TRUE;
}

char *scn_unit_format_exact(double value, ScnUnitKind kind)
{
    static const char *const base[SCN_UNIT_COUNT] = {
        [SCN_UNIT_DURATION] = "ns", [SCN_UNIT_SIZE] = "B", [SCN_UNIT_DATA_RATE] = "B/s",
        [SCN_UNIT_FREQ] = "Hz", [SCN_UNIT_POWER] = "W", [SCN_UNIT_CYCLES] = "cycles",
        [SCN_UNIT_EVENT_RATE] = "/s", [SCN_UNIT_FRAC] = "", [SCN_UNIT_RATIO] = "",
    };
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    for (int digits = 15; digits <= 17; digits++) {      /* shortest exact round trip */
        char fmt[8];
        g_snprintf(fmt, sizeof fmt, "%%.%dg", digits);
        g_ascii_formatd(num, sizeof num, fmt, value);
        if (g_ascii_strtod(num, NULL) == value)
            break;
    }
    if (*base[kind] == '\0')
        return g_strdup(num);
    return g_strdup_printf(kind == SCN_UNIT_EVENT_RATE ? "%s%s" : "%s %s", num, base[kind]);
}
