/* sim/scenario/trace.c — parsers for Bitbrains GWA-T-12, Azure vm_cpu_readings and plain CSV CPU
 * traces, and the step/linear value rule.  Formats, sources and error rules: sim/scenario/trace.h. */
#include "sim/scenario/trace.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/yaml/doc.h"
#include "sim/yaml/limits.h"

struct SimTrace {
    GArray        *t_ns;        /* SimTimeNs, strictly increasing */
    GArray        *value_frac;  /* double in [0, 1] */
    SimTraceInterp interp;
};

#define BB_FIELDS 11
static const char *const bb_header[BB_FIELDS] = {
    "Timestamp [ms]", "CPU cores", "CPU capacity provisioned [MHZ]", "CPU usage [MHZ]",
    "CPU usage [%]", "Memory capacity provisioned [KB]", "Memory usage [KB]",
    "Disk read throughput [KB/s]", "Disk write throughput [KB/s]",
    "Network received throughput [KB/s]", "Network transmitted throughput [KB/s]",
};
enum { BB_TIME = 0, BB_CAP_MHZ = 2, BB_USE_MHZ = 3, BB_USE_PCT = 4 };
#define AZ_FIELDS 5
enum { AZ_TIME = 0, AZ_VM = 1, AZ_MIN = 2, AZ_MAX = 3, AZ_AVG = 4 };

static const char *const format_names[SIM_TRACE_FORMAT_COUNT] = { "bitbrains", "azure", "plain" };

/* ---- line source: a FILE or a string ---- */

typedef struct {
    FILE       *f;
    const char *p;          /* string source: next unread char, NULL at end */
    char       *buf;
    size_t      cap;
} LineSrc;

/* Next line without its end-of-line, in a buffer owned by src; NULL at the end. */
static char *line_next(LineSrc *src)
{
    if (src->f) {
        ssize_t n = getline(&src->buf, &src->cap, src->f);
        if (n < 0)
            return NULL;
    } else {
        if (!src->p || !*src->p)
            return NULL;
        const char *nl = strchr(src->p, '\n');
        size_t n = nl ? (size_t)(nl - src->p) : strlen(src->p);
        g_free(src->buf);
        src->buf = g_strndup(src->p, n);
        src->p = nl ? nl + 1 : NULL;
    }
    g_strchomp(src->buf);   /* drops "\r\n" and trailing blanks */
    return src->buf;
}

/* ---- parser state ---- */

typedef struct {
    const char            *path;
    const SimTraceOptions *opt;
    SimTrace              *tr;
    unsigned               line;
    gboolean               header_done;
    gboolean               percent;       /* plain: value column is a percent */
    gboolean               rebase;        /* bitbrains: times relative to the first row */
    double                 base_s;
    int                    col;           /* azure: which CPU column */
    char                  *vm;            /* azure: the VM kept (selected or first seen) */
    gboolean               vm_found;
} Parser;

static gboolean G_GNUC_PRINTF(4, 5)
trace_fail(GError **error, const Parser *ps, ScnErrorCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *line = g_strdup_printf("%s:%u: error: %s", ps->path, ps->line, msg);
    g_autofree char *one = scn_text_one_line(line);       /* echoed fields stay on one line */
    g_set_error_literal(error, SCN_ERROR, code, one);
    return FALSE;
}

static gboolean parse_number(const Parser *ps, const char *field, const char *what, double *out,
                             GError **error)
{
    char *end = NULL;
    errno = 0;
    double v = g_ascii_strtod(field, &end);
    if (!*field || end == field || *end || errno == ERANGE || !isfinite(v))
        return trace_fail(error, ps, SCN_ERROR_TYPE, "%s '%s' is not a number", what, field);
    *out = v;
    return TRUE;
}

static char **split_fields(char *line, const char *sep, guint *n_out)
{
    char **f = g_strsplit(line, sep, -1);
    guint n = g_strv_length(f);
    for (guint i = 0; i < n; i++)
        g_strstrip(f[i]);
    *n_out = n;
    return f;
}

static gboolean check_count(const Parser *ps, guint n, guint want, GError **error)
{
    if (n == want)
        return TRUE;
    return trace_fail(error, ps, SCN_ERROR_TYPE, "%u fields, expected %u (%s format)", n, want,
                      format_names[ps->opt->format]);
}

/* Appends (time_s, value_frac) after the common checks. */
static gboolean push_sample(Parser *ps, double time_s, double value, double full_scale,
                            GError **error)
{
    if (time_s < 0)
        return trace_fail(error, ps, SCN_ERROR_RANGE, "negative time '%g' s", time_s);
    if (value < 0)
        return trace_fail(error, ps, SCN_ERROR_RANGE, "negative CPU value '%g'", value);
    if (value > full_scale)
        return trace_fail(error, ps, SCN_ERROR_RANGE, "%s '%g' above %g",
                          full_scale == 100 ? "percent" : "fraction", value, full_scale);
    if (ps->rebase && ps->tr->t_ns->len == 0)
        ps->base_s = time_s;
    SimTimeNs t = (SimTimeNs)llround((time_s - ps->base_s) * (double)SIM_NS_PER_S);
    GArray *ts = ps->tr->t_ns;
    if (ts->len > 0 && t <= g_array_index(ts, SimTimeNs, ts->len - 1))
        return trace_fail(error, ps, SCN_ERROR_RANGE,
                          "time '%g' s is not after the previous row's (times must increase)",
                          time_s);
    double frac = value / full_scale;
    g_array_append_val(ts, t);
    g_array_append_val(ps->tr->value_frac, frac);
    return TRUE;
}

/* ---- formats ---- */

static gboolean bb_header_row(Parser *ps, char **f, guint n, GError **error)
{
    if (!check_count(ps, n, BB_FIELDS, error))
        return FALSE;
    for (guint i = 0; i < BB_FIELDS; i++)
        if (strcmp(f[i], bb_header[i]) != 0)
            return trace_fail(error, ps, SCN_ERROR_TYPE,
                              "header field %u is '%s', expected '%s' (GWA-T-12 Bitbrains)",
                              i + 1, f[i], bb_header[i]);
    return TRUE;
}

static gboolean bb_row(Parser *ps, char *line, GError **error)
{
    guint n;
    g_auto(GStrv) f = split_fields(line, ";", &n);
    if (!ps->header_done) {
        ps->header_done = TRUE;
        return bb_header_row(ps, f, n, error);
    }
    if (!check_count(ps, n, BB_FIELDS, error))
        return FALSE;
    double v[BB_FIELDS];
    for (guint i = 0; i < BB_FIELDS; i++)
        if (!parse_number(ps, f[i], bb_header[i], &v[i], error))
            return FALSE;
    gboolean mhz = ps->opt->column && strcmp(ps->opt->column, "cpu_mhz") == 0;
    if (!mhz)
        return push_sample(ps, v[BB_TIME], v[BB_USE_PCT], 100, error);
    if (v[BB_CAP_MHZ] <= 0)
        return trace_fail(error, ps, SCN_ERROR_RANGE, "CPU capacity provisioned '%g' MHz is "
                          "not positive (needed by column cpu_mhz)", v[BB_CAP_MHZ]);
    if (v[BB_USE_MHZ] < 0)
        return trace_fail(error, ps, SCN_ERROR_RANGE, "negative CPU usage '%g' MHz",
                          v[BB_USE_MHZ]);
    return push_sample(ps, v[BB_TIME], v[BB_USE_MHZ] / v[BB_CAP_MHZ], 1, error);
}

static gboolean az_row(Parser *ps, char *line, GError **error)
{
    guint n;
    g_auto(GStrv) f = split_fields(line, ",", &n);
    if (!check_count(ps, n, AZ_FIELDS, error))
        return FALSE;
    double v[AZ_FIELDS];
    static const char *const what[AZ_FIELDS] = { "timestamp", "vm id", "min cpu", "max cpu",
                                                 "avg cpu" };
    for (guint i = 0; i < AZ_FIELDS; i++)
        if (i != AZ_VM && !parse_number(ps, f[i], what[i], &v[i], error))
            return FALSE;
    if (!*f[AZ_VM])
        return trace_fail(error, ps, SCN_ERROR_TYPE, "empty vm id");
    for (guint i = AZ_MIN; i <= AZ_AVG; i++)
        if (v[i] > 100 || v[i] < 0)
            return trace_fail(error, ps, SCN_ERROR_RANGE, "%s '%g' is not a percent (0..100)",
                              what[i], v[i]);
    if (!ps->vm && !ps->opt->vm)
        ps->vm = g_strdup(f[AZ_VM]);
    if (!ps->opt->vm && strcmp(f[AZ_VM], ps->vm) != 0)
        return trace_fail(error, ps, SCN_ERROR_CONFLICT, "file holds more than one VM ('%s' and "
                          "'%s'); select one with vm:", ps->vm, f[AZ_VM]);
    if (ps->opt->vm && strcmp(f[AZ_VM], ps->opt->vm) != 0)
        return TRUE;   /* another VM's row: checked above, not kept */
    ps->vm_found = TRUE;
    return push_sample(ps, v[AZ_TIME], v[ps->col], 100, error);
}

static gboolean plain_row(Parser *ps, char *line, GError **error)
{
    guint n;
    g_auto(GStrv) f = split_fields(line, ",", &n);
    if (!check_count(ps, n, 2, error))
        return FALSE;
    if (!ps->header_done) {
        ps->header_done = TRUE;
        ps->percent = strcmp(f[1], "percent") == 0;
        if (strcmp(f[0], "time") != 0 || (!ps->percent && strcmp(f[1], "value") != 0))
            return trace_fail(error, ps, SCN_ERROR_TYPE, "header '%s,%s' is neither "
                              "'time,value' (fraction 0..1) nor 'time,percent'", f[0], f[1]);
        return TRUE;
    }
    double t, v;
    if (!parse_number(ps, f[0], "time", &t, error) || !parse_number(ps, f[1], "value", &v, error))
        return FALSE;
    return push_sample(ps, t, v, ps->percent ? 100 : 1, error);
}

static gboolean parser_setup(Parser *ps, GError **error)
{
    const char *c = ps->opt->column;
    switch (ps->opt->format) {
    case SIM_TRACE_BITBRAINS:
        ps->rebase = TRUE;
        if (c && strcmp(c, "cpu_pct") != 0 && strcmp(c, "cpu_mhz") != 0)
            return trace_fail(error, ps, SCN_ERROR_UNKNOWN, "unknown bitbrains column '%s' "
                              "(expected cpu_pct or cpu_mhz)", c);
        return TRUE;
    case SIM_TRACE_AZURE:
        ps->col = !c || strcmp(c, "avg") == 0 ? AZ_AVG
                : strcmp(c, "max") == 0 ? AZ_MAX : strcmp(c, "min") == 0 ? AZ_MIN : -1;
        if (ps->col < 0)
            return trace_fail(error, ps, SCN_ERROR_UNKNOWN, "unknown azure column '%s' "
                              "(expected avg, max or min)", c);
        return TRUE;
    case SIM_TRACE_PLAIN:
        if (c)
            return trace_fail(error, ps, SCN_ERROR_UNKNOWN, "column '%s' given, but the plain "
                              "format has one value column", c);
        return TRUE;
    default:
        g_assert_not_reached();
    }
}

static gboolean parser_finish(Parser *ps, GError **error)
{
    if (ps->opt->format == SIM_TRACE_AZURE && ps->opt->vm && !ps->vm_found)
        return trace_fail(error, ps, SCN_ERROR_UNKNOWN, "unknown VM id '%s': no row of the "
                          "file has it", ps->opt->vm);
    if (ps->tr->t_ns->len == 0)
        return trace_fail(error, ps, SCN_ERROR_MISSING, "no samples in the file");
    return TRUE;
}

static SimTrace *trace_parse(LineSrc *src, const char *path, const SimTraceOptions *opt,
                             GError **error)
{
    g_return_val_if_fail(opt && opt->format < SIM_TRACE_FORMAT_COUNT, NULL);
    SimTrace *tr = g_new0(SimTrace, 1);
    tr->t_ns = g_array_new(FALSE, FALSE, sizeof(SimTimeNs));
    tr->value_frac = g_array_new(FALSE, FALSE, sizeof(double));
    tr->interp = opt->interp;
    Parser ps = { .path = path, .opt = opt, .tr = tr, .line = 1 };
    gboolean ok = parser_setup(&ps, error);
    ps.line = 0;
    for (char *line; ok && (line = line_next(src)); ) {
        ps.line++;
        if (!*g_strstrip(line))
            continue;
        ok = opt->format == SIM_TRACE_BITBRAINS ? bb_row(&ps, line, error)
           : opt->format == SIM_TRACE_AZURE     ? az_row(&ps, line, error)
           : plain_row(&ps, line, error);
        if (ok && tr->t_ns->len > scn_limits()->trace_rows)   /* limits.h */
            ok = trace_fail(error, &ps, SCN_ERROR_RANGE, "more than %" G_GUINT64_FORMAT " rows "
                            "(limit %" G_GUINT64_FORMAT "; raise with --max-trace-rows)",
                            scn_limits()->trace_rows, scn_limits()->trace_rows);
    }
    if (ok) {
        ps.line = MAX(ps.line, 1u);   /* end-of-file problems point at the last line */
        ok = parser_finish(&ps, error);
    }
    g_free(ps.vm);
    g_free(src->buf);
    if (!ok) {
        sim_trace_free(tr);
        return NULL;
    }
    return tr;
}

/* ---- public ---- */

void sim_trace_options_init(SimTraceOptions *opt, SimTraceFormat format)
{
    *opt = (SimTraceOptions){ .format = format, .interp = SIM_TRACE_STEP };
}

const char *sim_trace_format_name(SimTraceFormat f)
{
    g_return_val_if_fail(f < SIM_TRACE_FORMAT_COUNT, "?");
    return format_names[f];
}

gboolean sim_trace_format_from_name(const char *name, SimTraceFormat *out)
{
    for (int i = 0; i < SIM_TRACE_FORMAT_COUNT; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (SimTraceFormat)i;
            return TRUE;
        }
    return FALSE;
}

SimTrace *sim_trace_load_file(const char *path, const SimTraceOptions *opt, GError **error)
{
    if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_autofree char *shown = scn_text_one_line(path);   /* /dev/zero would never end */
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s:1: error: cannot read trace: not a "
                    "regular file (expected a trace file)", shown);
        return NULL;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s:1: error: cannot read trace: %s", path,
                    g_strerror(errno));
        return NULL;
    }
    LineSrc src = { .f = f };
    SimTrace *tr = trace_parse(&src, path, opt, error);
    fclose(f);
    return tr;
}

SimTrace *sim_trace_load_string(const char *text, const char *display_path,
                                const SimTraceOptions *opt, GError **error)
{
    LineSrc src = { .p = text };
    return trace_parse(&src, display_path, opt, error);
}

void sim_trace_free(SimTrace *tr)
{
    if (!tr)
        return;
    g_array_free(tr->t_ns, TRUE);
    g_array_free(tr->value_frac, TRUE);
    g_free(tr);
}

size_t sim_trace_len(const SimTrace *tr) { return tr->t_ns->len; }
SimTraceInterp sim_trace_interp(const SimTrace *tr) { return tr->interp; }

SimTimeNs sim_trace_time_ns(const SimTrace *tr, size_t i)
{
    g_assert(i < tr->t_ns->len);
    return g_array_index(tr->t_ns, SimTimeNs, i);
}

double sim_trace_value_frac(const SimTrace *tr, size_t i)
{
    g_assert(i < tr->value_frac->len);
    return g_array_index(tr->value_frac, double, i);
}

long sim_trace_index_at(const SimTrace *tr, SimTimeNs t_ns)
{
    long lo = 0, hi = (long)tr->t_ns->len;     /* answer in [lo - 1, hi - 1] */
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (g_array_index(tr->t_ns, SimTimeNs, mid) <= t_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

double sim_trace_at(const SimTrace *tr, SimTimeNs t_ns)
{
    long i = sim_trace_index_at(tr, t_ns);
    size_t n = tr->t_ns->len;
    if (i < 0)
        return sim_trace_value_frac(tr, 0);
    if (tr->interp == SIM_TRACE_STEP || (size_t)i + 1 >= n)
        return sim_trace_value_frac(tr, (size_t)i);
    SimTimeNs t0 = sim_trace_time_ns(tr, (size_t)i), t1 = sim_trace_time_ns(tr, (size_t)i + 1);
    double v0 = sim_trace_value_frac(tr, (size_t)i), v1 = sim_trace_value_frac(tr, (size_t)i + 1);
    return v0 + (v1 - v0) * (double)(t_ns - t0) / (double)(t1 - t0);
}

SimTimeNs sim_trace_next_change_ns(const SimTrace *tr, SimTimeNs t_ns)
{
    long i = sim_trace_index_at(tr, t_ns);
    if ((size_t)(i + 1) >= tr->t_ns->len)
        return SIM_TIME_NEVER;
    return sim_trace_time_ns(tr, (size_t)(i + 1));
}
