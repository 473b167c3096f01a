/* sim/trace/formats.c — one row reader per public format; see formats.h.
 *
 * Each reader splits a line into fields (remembering each field's column for messages),
 * converts only the fields the series needs, and appends one sample to its VM's series.
 * Numbers take a fast path for plain decimals and fall back to g_ascii_strtod otherwise.
 */
#include "sim/trace/formats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/trace/reader.h"
#include "sim/yaml/doc.h"
#include "sim/yaml/limits.h"

const char *const trace_format_names[] = { "azure", "bitbrains", "google", "alibaba", "plain",
                                           NULL };

#define MAX_FIELDS 24
#define MAX_TIME_S 9223372036.0       /* INT64_MAX ns, in s */
#define GIB_BYTES  (UINT64_C(1) << 30)

typedef struct { char *s; guint col; } Field;

typedef struct {
    SimTimeNs created_ns, deleted_ns;
    int       vcpus;
    uint64_t  memory_bytes;
    gboolean  used;
} VmMeta;

typedef struct {
    const TraceLoadOptions *opt;
    TraceSet   *set;
    const char *path;
    guint       line;
    size_t      len;            /* of the current line */
    guint       guess;          /* azure: the series the next row most likely belongs to */
    Field       f[MAX_FIELDS];
    guint       nf;
    int         col;            /* the value's field (azure, google) or column choice */
    GHashTable *vmtable;        /* azure: vmid -> VmMeta * */
    guint       series;         /* bitbrains, plain: this file's series */
    gboolean    header_done, percent;
    guint       alibaba_fields; /* 9: machine_usage, 11: container_usage */
    uint64_t    capped;         /* values above full scale, capped at 1 */
    gint64      t0_us, shown_us;
    guint       file, files;
    uint64_t    bytes_before;   /* of the files already read */
    uint64_t    rows;           /* non-empty lines of every file, against --max-trace-rows */
    TraceReader *rd;
} Loader;

/* ---- helpers -------------------------------------------------------------------------- */

static gboolean G_GNUC_PRINTF(4, 5)
fail_at(Loader *L, guint col, GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *text = g_strdup_printf("%s:%u:%u: error: %s", L->path,
                                            MAX(L->line, 1u), MAX(col, 1u), msg);
    g_autofree char *one = scn_text_one_line(text);     /* echoed fields stay on one line */
    g_set_error_literal(error, SCN_ERROR, SCN_ERROR_TYPE, one);
    return FALSE;
}

/* Splits the current line (L->len bytes) at sep, trimming blanks around each field. */
static void split(Loader *L, char *line, char sep)
{
    L->nf = 0;
    char *p = line, *eol = line + L->len;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *end = p < eol ? memchr(p, sep, (size_t)(eol - p)) : NULL;
        char *stop = end ? end : MAX(p, eol);
        char *q = stop;
        while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        *q = '\0';
        if (L->nf < MAX_FIELDS)
            L->f[L->nf] = (Field){ p, (guint)(p - line) + 1 };
        L->nf++;
        if (!end)
            return;
        p = end + 1;
    }
}

static gboolean count_is(Loader *L, guint want, const char *what, GError **error)
{
    if (L->nf == want)
        return TRUE;
    return fail_at(L, 1, error, "%u fields, expected %u (%s)", L->nf, want, what);
}

/* Plain decimals ("-12.5") quickly; anything else through g_ascii_strtod. */
static gboolean parse_double(const char *s, double *out)
{
    const char *p = s;
    gboolean neg = *p == '-';
    p += neg;
    uint64_t mant = 0;
    int digits = 0, frac = 0;
    for (; *p >= '0' && *p <= '9' && digits < 18; p++, digits++)
        mant = mant * 10 + (uint64_t)(*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && digits < 18; p++, digits++, frac++)
            mant = mant * 10 + (uint64_t)(*p - '0');
    if (!*p && digits > 0) {
        static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                      1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18 };
        *out = (neg ? -1.0 : 1.0) * (double)mant / p10[frac];
        return TRUE;
    }
    char *end = NULL;
    double v = g_ascii_strtod(s, &end);
    if (!*s || end == s || *end || !isfinite(v))
        return FALSE;
    *out = v;
    return TRUE;
}

static gboolean field_num(Loader *L, guint i, const char *what, double *out, GError **error)
{
    if (parse_double(L->f[i].s, out))
        return TRUE;
    return fail_at(L, L->f[i].col, error, "%s '%s' is not a number (expected a decimal)", what,
                   L->f[i].s);
}

/* A time field in units of `unit_s` seconds, as ns in trace time. */
static gboolean field_time(Loader *L, guint i, double unit_s, SimTimeNs *out, GError **error)
{
    const char *p = L->f[i].s;
    int64_t whole = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9' && digits < 10; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (!*p && digits > 0 && unit_s == 1 && whole <= (int64_t)MAX_TIME_S) {
        *out = whole * SIM_NS_PER_S;      /* whole seconds (Azure, Alibaba): exact */
        return TRUE;
    }
    double t;
    if (!field_num(L, i, "time", &t, error))
        return FALSE;
    double s = t * unit_s;
    if (!(s >= 0) || s > MAX_TIME_S)
        return fail_at(L, L->f[i].col, error, "time '%s' is outside the int64 nanosecond range "
                       "(expected 0 .. %.0f s)", L->f[i].s, MAX_TIME_S);
    *out = (SimTimeNs)llround(s * 1e9);
    return TRUE;
}

/* A value field as a fraction of full_scale; above it: capped when `cap`, else an error. */
static gboolean field_value(Loader *L, guint i, const char *what, double full_scale,
                            gboolean cap, double *out, GError **error)
{
    double v;
    if (!field_num(L, i, what, &v, error))
        return FALSE;
    if (v < 0 || (v > full_scale && !cap))
        return fail_at(L, L->f[i].col, error, "%s '%s' is out of range (expected 0 .. %g)",
                       what, L->f[i].s, full_scale);
    L->capped += v > full_scale;
    *out = MIN(v, full_scale) / full_scale;
    return TRUE;
}

/* A throughput or size field: a number >= 0. */
static gboolean field_amount(Loader *L, guint i, const char *what, double *out, GError **error)
{
    if (!field_num(L, i, what, out, error))
        return FALSE;
    if (*out < 0)
        return fail_at(L, L->f[i].col, error, "%s '%s' is negative (expected >= 0)", what,
                       L->f[i].s);
    return TRUE;
}

static gboolean push(Loader *L, guint series, guint time_field, SimTimeNs t, double frac,
                     GError **error)
{
    TraceSeries *se = trace_set_series(L->set, series);
    if (trace_series_push(se, t, frac))
        return TRUE;
    return fail_at(L, L->f[time_field].col, error, "time '%s' is not after the previous sample "
                   "of VM '%s' (expected increasing times per VM)", L->f[time_field].s, se->id);
}

/* ---- azure ---------------------------------------------------------------------------- */

/* ">24" cores and ">64" GB are read as 30 and 70, as the dataset's own analysis notebook does. */
static gboolean bucket(Loader *L, guint i, const char *what, double over, double *out,
                       GError **error)
{
    if (L->f[i].s[0] == '>') {
        *out = over;
        return TRUE;
    }
    return field_num(L, i, what, out, error) &&
           (*out > 0 || fail_at(L, L->f[i].col, error, "%s '%s' is not positive", what,
                                L->f[i].s));
}

static gboolean vmtable_row(Loader *L, char *line, GError **error)
{
    split(L, line, ',');
    if (!count_is(L, 11, "Azure vmtable: vmid, subscription, deployment, created, deleted, "
                  "max, avg, p95 CPU, category, core bucket, memory bucket", error))
        return FALSE;
    VmMeta m = { 0 };
    double cores, gb;
    if (!field_time(L, 3, 1, &m.created_ns, error) || !field_time(L, 4, 1, &m.deleted_ns, error) ||
        !bucket(L, 9, "core count bucket", 30, &cores, error) ||
        !bucket(L, 10, "memory bucket", 70, &gb, error))
        return FALSE;
    if (m.deleted_ns < m.created_ns)
        return fail_at(L, L->f[4].col, error, "deleted '%s' is before created '%s' (expected "
                       "deleted >= created)", L->f[4].s, L->f[3].s);
    m.vcpus = (int)ceil(cores);
    m.memory_bytes = (uint64_t)llround(gb * (double)GIB_BYTES);
    if (g_hash_table_contains(L->vmtable, L->f[0].s))
        return fail_at(L, 1, error, "vmid '%s' is listed twice (expected one row per VM)",
                       L->f[0].s);
    g_hash_table_insert(L->vmtable, g_strdup(L->f[0].s), g_memdup2(&m, sizeof m));
    return TRUE;
}

static gboolean azure_new_series(Loader *L, guint idx, GError **error)
{
    TraceSeries *se = trace_set_series(L->set, idx);
    if (!L->vmtable)
        return TRUE;
    VmMeta *m = g_hash_table_lookup(L->vmtable, se->id);
    if (!m)
        return fail_at(L, L->f[1].col, error, "vmid '%s' is not in vmtable (expected every "
                       "VM of the readings to be listed there)", se->id);
    m->used = TRUE;
    se->created_ns = m->created_ns;
    se->deleted_ns = m->deleted_ns;
    se->vcpus = m->vcpus;
    se->memory_bytes = m->memory_bytes;
    return TRUE;
}

/* The next row's VM is most likely the guess: its id and the slot of its next sample (its
 * record was asked for a row earlier), and the record of the one after, are fetched while
 * this row is stored and the next one parsed: a VM's record, id and samples sit apart. */
static void azure_prefetch(const Loader *L)
{
    guint n = trace_set_len(L->set);
    const TraceSeries *se = trace_set_get(L->set, L->guess);
    __builtin_prefetch(se->id);
    if (se->value_q && se->n < se->cap)
        __builtin_prefetch(&se->value_q[se->n], 1);
    __builtin_prefetch(trace_set_get(L->set, L->guess + 1 < n ? L->guess + 1 : 0));
}

static gboolean azure_row(Loader *L, char *line, GError **error)
{
    split(L, line, ',');
    if (!count_is(L, 5, "Azure vm_cpu_readings: timestamp, vmid, min, max, avg CPU", error))
        return FALSE;
    SimTimeNs t;
    double v;
    if (!field_time(L, 0, 1, &t, error) ||
        !field_value(L, (guint)L->col, "CPU percent", 100, FALSE, &v, error))
        return FALSE;
    if (!*L->f[1].s)
        return fail_at(L, L->f[1].col, error, "empty vmid (expected an encrypted VM id)");
    /* Rows of one timestamp list the VMs in the same order every time: try the VM after the
     * previous row's before hashing. */
    guint n = trace_set_len(L->set), idx = L->guess;
    if (idx >= n || strcmp(trace_set_get(L->set, idx)->id, L->f[1].s) != 0) {
        idx = trace_set_intern(L->set, L->f[1].s, L->line);
        if (idx == n && !azure_new_series(L, idx, error))
            return FALSE;
    }
    L->guess = idx + 1 < trace_set_len(L->set) ? idx + 1 : 0;
    azure_prefetch(L);
    return push(L, idx, 0, t, v, error);
}

/* ---- bitbrains ------------------------------------------------------------------------ */

static const char *const bb_header[] = {
    "Timestamp [ms]", "CPU cores", "CPU capacity provisioned [MHZ]", "CPU usage [MHZ]",
    "CPU usage [%]", "Memory capacity provisioned [KB]", "Memory usage [KB]",
    "Disk read throughput [KB/s]", "Disk write throughput [KB/s]",
    "Network received throughput [KB/s]", "Network transmitted throughput [KB/s]",
};

static gboolean bb_header_row(Loader *L, GError **error)
{
    if (!count_is(L, 11, "GWA-T-12 Bitbrains header", error))
        return FALSE;
    for (guint i = 0; i < 11; i++)
        if (strcmp(L->f[i].s, bb_header[i]) != 0)
            return fail_at(L, L->f[i].col, error, "header field %u is '%s', expected '%s' "
                           "(GWA-T-12 Bitbrains)", i + 1, L->f[i].s, bb_header[i]);
    return TRUE;
}

static gboolean bb_row(Loader *L, char *line, GError **error)
{
    split(L, line, ';');
    if (!L->header_done) {
        L->header_done = TRUE;
        return bb_header_row(L, error);
    }
    if (!count_is(L, 11, "GWA-T-12 Bitbrains", error))
        return FALSE;
    SimTimeNs t;
    double cores, cap, use, mem_kb, v;
    if (!field_time(L, 0, 1, &t, error) || !field_num(L, 1, bb_header[1], &cores, error) ||
        !field_num(L, 5, bb_header[5], &mem_kb, error))
        return FALSE;
    if (L->col == 0 && !field_value(L, 4, "CPU usage [%]", 100, FALSE, &v, error))
        return FALSE;
    if (L->col == 1) {
        if (!field_num(L, 2, bb_header[2], &cap, error) || !field_num(L, 3, bb_header[3], &use, error))
            return FALSE;
        if (cap <= 0 || use < 0 || use > cap)
            return fail_at(L, L->f[3].col, error, "CPU usage '%s' MHz is not within 0 .. the "
                           "capacity provisioned '%s' MHz", L->f[3].s, L->f[2].s);
        v = use / cap;
    }
    double io[5];                     /* memory used, disk read, write, net in, out */
    for (guint k = 0; k < 5; k++)
        if (!field_amount(L, 6 + k, bb_header[6 + k], &io[k], error))
            return FALSE;
    TraceSeries *se = trace_set_series(L->set, L->series);
    se->vcpus = MAX(se->vcpus, (int)ceil(cores));
    se->memory_bytes = MAX(se->memory_bytes, (uint64_t)llround(mem_kb * 1024));
    if (!push(L, L->series, 0, t, v, error))
        return FALSE;
    trace_series_set_channel(se, TRACE_CH_MEMORY, mem_kb > 0 ? MIN(1.0, io[0] / mem_kb) : 0);
    trace_series_set_channel(se, TRACE_CH_DISK, (io[1] + io[2]) * 1024);
    trace_series_set_channel(se, TRACE_CH_NET, (io[3] + io[4]) * 1024);
    return TRUE;
}

/* ---- google --------------------------------------------------------------------------- */

static gboolean google_row(Loader *L, char *line, GError **error)
{
    split(L, line, ',');
    if (L->nf != 19 && L->nf != 20)
        return fail_at(L, 1, error, "%u fields, expected 19 or 20 (Google 2011 task_usage)",
                       L->nf);
    SimTimeNs t;
    double v;
    if (!field_time(L, 0, 1e-6, &t, error) ||
        !field_value(L, (guint)L->col, "CPU rate", 1, TRUE, &v, error))
        return FALSE;
    double mem = 0, assigned = 0;      /* empty fields: the previous share holds */
    if ((*L->f[6].s && !field_amount(L, 6, "canonical memory usage", &mem, error)) ||
        (*L->f[7].s && !field_amount(L, 7, "assigned memory usage", &assigned, error)))
        return FALSE;
    char id[128];
    g_snprintf(id, sizeof id, "%s-%s", L->f[2].s, L->f[3].s);
    guint idx = trace_set_intern(L->set, id, L->line);
    TraceSeries *se = trace_set_series(L->set, idx);
    if (!push(L, idx, 0, t, v, error))
        return FALSE;
    /* both normalized to the largest machine: their ratio is the share of its memory in use;
     * without an assignment the previous sample's share holds (all of it at first) */
    double frac = assigned > 0 ? MIN(1.0, mem / assigned)
                               : trace_series_channel_prev(se, TRACE_CH_MEMORY, 1.0);
    trace_series_set_channel(se, TRACE_CH_MEMORY, frac);
    return TRUE;
}

/* ---- alibaba -------------------------------------------------------------------------- */

static gboolean alibaba_row(Loader *L, char *line, GError **error)
{
    split(L, line, ',');
    if (!L->alibaba_fields) {
        if (L->nf != 9 && L->nf != 11)
            return fail_at(L, 1, error, "%u fields, expected 11 (container_usage) or 9 "
                           "(machine_usage) (Alibaba cluster-trace-v2018)", L->nf);
        L->alibaba_fields = L->nf;
    }
    gboolean container = L->alibaba_fields == 11;
    if (!count_is(L, L->alibaba_fields, container ? "Alibaba container_usage"
                                                  : "Alibaba machine_usage", error))
        return FALSE;
    guint tf = container ? 2 : 1;
    SimTimeNs t;
    double v;
    double mem = NAN;                  /* an empty mem_util_percent: the previous one holds */
    if (!field_time(L, tf, 1, &t, error) ||
        !field_value(L, tf + 1, "cpu_util_percent", 100, TRUE, &v, error) ||
        (*L->f[tf + 2].s && !field_value(L, tf + 2, "mem_util_percent", 100, TRUE, &mem, error)))
        return FALSE;
    guint idx = trace_set_intern(L->set, L->f[0].s, L->line);
    if (!push(L, idx, tf, t, v, error))
        return FALSE;
    TraceSeries *se = trace_set_series(L->set, idx);
    trace_series_set_channel(se, TRACE_CH_MEMORY,
                             isnan(mem) ? trace_series_channel_prev(se, TRACE_CH_MEMORY, 1.0) : mem);
    return TRUE;
}

/* ---- plain ---------------------------------------------------------------------------- */

static gboolean plain_row(Loader *L, char *line, GError **error)
{
    split(L, line, ',');
    if (!count_is(L, 2, "plain: time,value", error))
        return FALSE;
    if (!L->header_done) {
        L->header_done = TRUE;
        L->percent = strcmp(L->f[1].s, "percent") == 0;
        if (strcmp(L->f[0].s, "time") != 0 || (!L->percent && strcmp(L->f[1].s, "value") != 0))
            return fail_at(L, 1, error, "header '%s,%s' is neither 'time,value' (fraction "
                           "0..1) nor 'time,percent'", L->f[0].s, L->f[1].s);
        return TRUE;
    }
    SimTimeNs t;
    double v;
    return field_time(L, 0, 1, &t, error) &&
           field_value(L, 1, "value", L->percent ? 100 : 1, FALSE, &v, error) &&
           push(L, L->series, 0, t, v, error);
}

/* ---- files ---------------------------------------------------------------------------- */

typedef gboolean (*RowFn)(Loader *L, char *line, GError **error);

static void show_progress(Loader *L, gboolean last)
{
    gint64 now = g_get_monotonic_time();
    if (!L->opt->progress || now - L->t0_us < 2 * G_USEC_PER_SEC ||
        (!last && now - L->shown_us < 2 * G_USEC_PER_SEC))
        return;
    L->shown_us = now;
    uint64_t bytes = L->bytes_before + (L->rd ? trace_reader_bytes(L->rd) : 0);
    fprintf(stderr, "vdcsim: %s traces: file %u of %u, %.0f MiB read, %u VMs, %.1f M samples, "
            "%.0f s\n", last ? "loaded" : "loading", L->file, L->files, bytes / 1048576.0,
            trace_set_len(L->set), trace_set_samples(L->set) / 1e6,
            (now - L->t0_us) / 1e6);
}

static gboolean read_file(Loader *L, const char *path, RowFn row, GError **error)
{
    L->rd = trace_reader_open(path, error);
    if (!L->rd)
        return FALSE;
    L->path = path;
    L->line = 0;
    L->header_done = FALSE;
    gboolean ok = TRUE;
    size_t len;
    char *line;
    while (ok && (line = trace_reader_line(L->rd, &len, error))) {
        L->line = trace_reader_lineno(L->rd);
        if ((L->line & 0xffff) == 0)
            show_progress(L, FALSE);
        if (len > 0 && ++L->rows > scn_limits()->trace_rows)
            ok = fail_at(L, 1, error, "more than %" G_GUINT64_FORMAT " rows (limit %"
                         G_GUINT64_FORMAT "; raise with --max-trace-rows)",
                         scn_limits()->trace_rows, scn_limits()->trace_rows);
        else if (len > 0) {
            L->len = len;
            ok = row(L, line, error);
        }
    }
    ok = ok && !(error && *error);
    L->bytes_before += trace_reader_bytes(L->rd);
    trace_reader_free(L->rd);
    L->rd = NULL;
    return ok;
}

/* "dir/123.csv.gz" -> "123" */
static char *file_id(const char *path)
{
    char *base = g_path_get_basename(path);
    char *dot = strchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return base;
}

static gboolean read_files(Loader *L, GPtrArray *paths, GError **error)
{
    static const RowFn rows[TRACE_FORMAT_COUNT] = { azure_row, bb_row, google_row, alibaba_row,
                                                    plain_row };
    L->files = paths->len;
    for (guint i = 0; i < paths->len; i++) {
        const char *p = g_ptr_array_index(paths, i);
        L->file = i + 1;
        if (L->opt->format == TRACE_BITBRAINS || L->opt->format == TRACE_PLAIN) {
            g_autofree char *id = file_id(p);
            if (trace_set_find(L->set, id) >= 0)
                id = g_strdup(p);
            L->series = trace_set_intern(L->set, id, 1);
        }
        if (!read_file(L, p, rows[L->opt->format], error))
            return FALSE;
    }
    return TRUE;
}

/* ---- the set -------------------------------------------------------------------------- */

static const char *const columns[TRACE_FORMAT_COUNT][4] = {
    [TRACE_AZURE] = { "avg", "max", "min", NULL },
    [TRACE_BITBRAINS] = { "cpu_pct", "cpu_mhz", NULL },
    [TRACE_GOOGLE] = { "cpu", "max", NULL },
    [TRACE_ALIBABA] = { "cpu", NULL },
    [TRACE_PLAIN] = { "value", NULL },
};

const char *const *trace_format_columns(TraceFormat f)
{
    g_return_val_if_fail(f < TRACE_FORMAT_COUNT, NULL);
    return columns[f];
}

static int column_field(const TraceLoadOptions *opt)
{
    int k = 0;
    for (const char *const *c = columns[opt->format]; opt->column && *c; c++, k++)
        if (strcmp(*c, opt->column) == 0)
            break;
    switch (opt->format) {
    case TRACE_AZURE:  return (int[]){ 4, 3, 2 }[k];
    case TRACE_GOOGLE: return (int[]){ 5, 13 }[k];
    default:           return k;
    }
}

/* vmtable beside the first shard, or the one named. */
static char *vmtable_path(const TraceLoadOptions *opt, GPtrArray *paths)
{
    if (opt->vmtable)
        return g_strdup(opt->vmtable);
    g_autofree char *dir = g_path_get_dirname(g_ptr_array_index(paths, 0));
    for (const char *const *n = (const char *const[]){ "vmtable.csv.gz", "vmtable.csv", NULL };
         *n; n++) {
        char *p = g_build_filename(dir, *n, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            return p;
        g_free(p);
    }
    return NULL;
}

/* The vmtable is not a readings shard: a glob or directory may have caught it. */
static void drop_vmtable(GPtrArray *paths)
{
    for (guint i = paths->len; i-- > 0;) {
        g_autofree char *base = g_path_get_basename(g_ptr_array_index(paths, i));
        if (g_str_has_prefix(base, "vmtable"))
            g_ptr_array_remove_index(paths, i);
    }
}

static gboolean load_vmtable(Loader *L, GPtrArray *paths, GError **error)
{
    drop_vmtable(paths);
    g_autofree char *vt = vmtable_path(L->opt, paths);
    if (!vt)
        return TRUE;
    L->vmtable = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return read_file(L, vt, vmtable_row, error);
}

static void warn_unused_vmtable(Loader *L)
{
    guint unused = 0;
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, L->vmtable);
    while (g_hash_table_iter_next(&it, NULL, &v))    /* a count: order does not matter */
        unused += !((VmMeta *)v)->used;
    if (unused)
        fprintf(stderr, "vdcsim: warning: %u VMs of vmtable have no readings in these shards\n",
                unused);
}

/* Bitbrains times are Unix seconds, Alibaba's start late in the trace's 8 days: rebased so
 * the set's first sample is t = 0. */
static void rebase(TraceSet *s)
{
    SimTimeNs t0 = SIM_TIME_NEVER;
    for (guint i = 0; i < trace_set_len(s); i++)
        t0 = MIN(t0, trace_set_get(s, i)->t0_ns);
    for (guint i = 0; i < trace_set_len(s); i++) {
        TraceSeries *se = trace_set_series(s, i);
        se->t0_ns -= t0;
        se->last_ns -= t0;
        for (uint32_t k = 0; se->t_ns && k < se->n; k++)
            se->t_ns[k] -= t0;
    }
}

static gboolean finish(Loader *L, const char *spec, GError **error)
{
    for (guint i = 0; i < trace_set_len(L->set); i++)
        if (trace_set_get(L->set, i)->n == 0) {
            L->path = spec, L->line = 1;
            return fail_at(L, 1, error, "no samples for VM '%s' (expected at least one row)",
                           trace_set_get(L->set, i)->id);
        }
    if (trace_set_len(L->set) == 0) {
        L->path = spec, L->line = 1;
        return fail_at(L, 1, error, "no samples in the trace (expected rows in the %s format)",
                       trace_format_names[L->opt->format]);
    }
    trace_set_finish(L->set);
    if (L->opt->format == TRACE_BITBRAINS || L->opt->format == TRACE_ALIBABA)
        rebase(L->set);
    if (L->vmtable)
        warn_unused_vmtable(L);
    if (L->capped)
        fprintf(stderr, "vdcsim: warning: %s: %" G_GUINT64_FORMAT " samples above full scale "
                "were capped at 100 %%\n", spec, L->capped);
    show_progress(L, TRUE);
    return TRUE;
}

TraceSet *trace_load(const char *spec, const TraceLoadOptions *opt, GError **error)
{
    g_autoptr(GPtrArray) paths = trace_paths_expand(spec, error);
    if (!paths)
        return NULL;
    Loader L = { .opt = opt, .set = trace_set_new(), .col = column_field(opt),
                 .t0_us = g_get_monotonic_time() };
    gboolean ok = (opt->format != TRACE_AZURE || load_vmtable(&L, paths, error)) &&
                  read_files(&L, paths, error) && finish(&L, spec, error);
    if (L.vmtable)
        g_hash_table_destroy(L.vmtable);
    if (!ok) {
        trace_set_free(L.set);
        return NULL;
    }
    return L.set;
}
