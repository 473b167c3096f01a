/* plots/catalog.c — the charts of one finished run, built from its CSV files; see catalog.h for
 * the list of charts and the columns each needs.  Each chart is one builder in plot_run_types[]
 * with the columns it reads, named through sim/out/columns.h (the writers' own constants);
 * a builder returns FALSE when its columns are absent (the chart is left out) and records a
 * malformed number in PlotRunData.error.  Entities are taken in file order; groups and
 * strategies in order of first appearance, so the output is deterministic. */
#include "plots/catalog.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "plots/lesson.h"
#include "sim/out/columns.h"
#include "sim/core/progress.h"

typedef struct {
    PlotCsv *ts, *vms, *migs, *devs, *devlat, *rounds, *hosts, *io;
    const PlotRunColumn *reads;  /* the columns the chart being built declared */
    GError  *error;            /* first malformed column */
} PlotRunData;

typedef gboolean (*PlotRunBuildFn)(PlotRunData *d, PlotRunChart *rc);

/* ---- reading ---------------------------------------------------------------------- */

/* Builders name every column as (file, column) of sim/out/columns.h; reading one the chart
 * did not declare in plot_run_types[] is a bug (the contract test would not see it). */
static PlotCsv *run_csv(const PlotRunData *d, const char *file, const char *col)
{
    gboolean declared = FALSE;
    for (const PlotRunColumn *r = d->reads; r && r->file && !declared; r++)
        declared = strcmp(r->file, file) == 0 && g_pattern_match_simple(r->column, col);
    if (!declared)
        g_error("plots/catalog.c: a chart reads %s column '%s' it does not declare", file, col);
    PlotCsv *const files[] = { d->ts, d->vms, d->migs, d->devs, d->devlat, d->rounds, d->hosts,
                               d->io };
    const char *const names[] = { SIM_CSV_TIMESERIES, SIM_CSV_VMS, SIM_CSV_MIGRATIONS,
                                  SIM_CSV_DEVICES, SIM_CSV_DEVICE_LATENCY, SIM_CSV_ROUNDS,
                                  SIM_CSV_HOSTS, SIM_CSV_IO };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(names[i], file) == 0)
            return files[i];
    g_error("plots/catalog.c: no chart reads %s", file);
}

static gboolean run_has(const PlotRunData *d, const char *file, const char *col)
{
    PlotCsv *csv = run_csv(d, file, col);
    return csv && plot_csv_col_index(csv, col) >= 0;
}

/* The column as doubles, or NULL if absent (or unparsable: d->error is then set). */
static const double *run_doubles(PlotRunData *d, const char *file, const char *col)
{
    if (!run_has(d, file, col) || d->error)
        return NULL;
    return plot_csv_doubles(run_csv(d, file, col), col, &d->error);
}

static const char *const *run_strings(PlotRunData *d, const char *file, const char *col)
{
    return run_has(d, file, col) ? plot_csv_strings(run_csv(d, file, col), col, NULL) : NULL;
}

static const PlotRunColumn *run_type_reads(size_t i);
static size_t run_n_types(void);

/* The columns of file that some chart declares it reads (a NULL-terminated array of
 * patterns the caller frees with g_free; the strings are static). */
static const char **run_file_columns(const char *file)
{
    GPtrArray *cols = g_ptr_array_new();
    for (size_t i = 0; i < run_n_types(); i++)
        for (const PlotRunColumn *r = run_type_reads(i); r->file; r++)
            if (strcmp(r->file, file) == 0)
                g_ptr_array_add(cols, (gpointer)r->column);
    g_ptr_array_add(cols, NULL);
    return (const char **)g_ptr_array_free(cols, FALSE);
}

/* A file of the run, with only the columns the charts read (at 10^5 VMs, vms.csv whole is
 * about 50 columns of strings; the charts read 15). */
static gboolean run_load(const char *outdir, const char *name, PlotCsv **out, GError **error)
{
    g_autofree char *path = g_build_filename(outdir, name, NULL);
    *out = NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return TRUE;
    g_autofree const char **keep = run_file_columns(name);
    *out = plot_csv_load_columns(path, keep, error);
    return *out != NULL;
}

static void run_data_clear(PlotRunData *d)
{
    plot_csv_free(d->ts);
    plot_csv_free(d->vms);
    plot_csv_free(d->migs);
    plot_csv_free(d->devs);
    plot_csv_free(d->devlat);
    plot_csv_free(d->rounds);
    plot_csv_free(d->hosts);
    plot_csv_free(d->io);
    g_clear_error(&d->error);
}

static gboolean run_is_output_dir(const char *outdir)
{
    static const char *const marks[] = { "manifest.json", "summary.json", SIM_CSV_TIMESERIES,
                                         SIM_CSV_VMS, SIM_CSV_HOSTS };
    for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
        g_autofree char *p = g_build_filename(outdir, marks[i], NULL);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            return TRUE;
    }
    return FALSE;
}

static void run_drop_if_empty(PlotCsv **csv)
{
    if (*csv && plot_csv_n_rows(*csv) == 0)
        g_clear_pointer(csv, plot_csv_free);
}

static gboolean run_data_load(PlotRunData *d, const char *outdir, GError **error)
{
    if (!run_is_output_dir(outdir)) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_IO, "%s: error: not a vdcsim output directory "
                    "(expected manifest.json, summary.json or the CSV files of a run)", outdir);
        return FALSE;
    }
    if (!(run_load(outdir, SIM_CSV_TIMESERIES, &d->ts, error)
          && run_load(outdir, SIM_CSV_VMS, &d->vms, error)
          && run_load(outdir, SIM_CSV_MIGRATIONS, &d->migs, error)
          && run_load(outdir, SIM_CSV_DEVICES, &d->devs, error)
          && run_load(outdir, SIM_CSV_DEVICE_LATENCY, &d->devlat, error)
          && run_load(outdir, SIM_CSV_ROUNDS, &d->rounds, error)
          && run_load(outdir, SIM_CSV_HOSTS, &d->hosts, error)
          && run_load(outdir, SIM_CSV_IO, &d->io, error)))
        return FALSE;
    /* A run without migrations or devices writes those files with a header only: no
     * chart is better than an empty one. */
    run_drop_if_empty(&d->migs);
    run_drop_if_empty(&d->devs);
    run_drop_if_empty(&d->devlat);
    run_drop_if_empty(&d->rounds);
    run_drop_if_empty(&d->io);
    return TRUE;
}

/* Index of each row's label among the distinct labels, in order of first appearance.
 * labels may be NULL (every row in one group named fallback). */
static guint *run_group(const char *const *labels, size_t n, const char *fallback,
                        GPtrArray *names)
{
    guint *idx = g_new0(guint, MAX(n, 1));
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < n; i++) {
        const char *l = labels && *labels[i] ? labels[i] : fallback;
        gpointer at;
        if (!g_hash_table_lookup_extended(seen, l, NULL, &at)) {
            at = GUINT_TO_POINTER(names->len);
            g_hash_table_insert(seen, (gpointer)l, at);
            g_ptr_array_add(names, (gpointer)l);
        }
        idx[i] = GPOINTER_TO_UINT(at);
    }
    return idx;
}

/* Mean of v per group (NaN ignored; a group with no value gets NaN). */
static double *run_group_mean(const double *v, const guint *idx, size_t n, size_t n_groups)
{
    double *sum = g_new0(double, MAX(n_groups, 1));
    g_autofree double *cnt = g_new0(double, MAX(n_groups, 1));
    for (size_t i = 0; i < n; i++) {
        if (isfinite(v[i])) {
            sum[idx[i]] += v[i];
            cnt[idx[i]] += 1;
        }
    }
    for (size_t g = 0; g < n_groups; g++)
        sum[g] = cnt[g] > 0 ? sum[g] / cnt[g] : NAN;
    return sum;
}

static PlotChart *run_begin(PlotRunChart *rc, PlotKind kind, const char *title, char *caption)
{
    rc->title = g_strdup(title);
    rc->caption = caption;
    rc->chart = plot_chart_new(kind, title);
    return rc->chart;
}

/* A caption sentence when v's positive values span over two decades: the library's axes
 * are linear, so the small ones will hardly show. */
static const char *run_scale_note(const double *v, size_t n)
{
    double lo = INFINITY, hi = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(v[i]) && v[i] > 0) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
        }
    }
    return hi > 100.0 * lo ? " The values span more than two orders of magnitude on a linear "
                             "axis, so the smallest hardly show; the tables list them all." : "";
}

static int run_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the finite values of v (sorts a copy); NaN if none. */
static double run_median(const double *v, size_t n)
{
    g_autofree double *w = g_new0(double, MAX(n, 1));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            w[m++] = v[i];
    qsort(w, m, sizeof *w, run_cmp_double);
    return m == 0 ? NAN : m % 2 ? w[m / 2] : 0.5 * (w[m / 2 - 1] + w[m / 2]);
}

/* ---- time series ------------------------------------------------------------------ */

typedef struct {
    const char *col, *legend;
    gboolean    y2;
} PlotRunLine;

typedef struct {
    const char        *title, *caption;
    const char        *y_label, *y2_label;
    PlotUnit           y_unit, y2_unit;
    const PlotRunLine *lines;
    size_t             n_lines;
} PlotRunTimeSpec;

/* A step chart of the spec's timeseries.csv columns that exist; FALSE if none does.  When
 * no left-axis column exists, the right-axis ones move to the left axis. */
static gboolean run_time_chart(PlotRunData *d, PlotRunChart *rc, const PlotRunTimeSpec *sp)
{
    const double *t = run_doubles(d, SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S);
    gboolean any = FALSE, left = FALSE;
    for (size_t i = 0; t && i < sp->n_lines; i++) {
        any |= run_has(d, SIM_CSV_TIMESERIES, sp->lines[i].col);
        left |= run_has(d, SIM_CSV_TIMESERIES, sp->lines[i].col) && !sp->lines[i].y2;
    }
    if (!any)
        return FALSE;
    PlotChart *c = run_begin(rc, PLOT_KIND_STEP, sp->title, g_strdup(sp->caption));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, left ? sp->y_label : sp->y2_label,
                        left ? sp->y_unit : sp->y2_unit);
    if (left && sp->y_unit == PLOT_UNIT_FRAC)
        plot_chart_set_axis_range(c, PLOT_AXIS_Y, 0.0, 1.0);
    plot_chart_set_axis(c, PLOT_AXIS_Y2, sp->y2_label, sp->y2_unit);
    size_t n = plot_csv_n_rows(d->ts);
    for (size_t i = 0; i < sp->n_lines; i++) {
        const double *y = run_doubles(d, SIM_CSV_TIMESERIES, sp->lines[i].col);
        if (!y)
            continue;
        size_t s = plot_chart_add_series(c, sp->lines[i].legend, t, y, n);
        if (left && sp->lines[i].y2)
            plot_chart_series_use_y2(c, s);
    }
    return TRUE;
}

static gboolean build_utilization(PlotRunData *d, PlotRunChart *rc)
{
    static const PlotRunLine lines[] = {
        { SIM_COL_TS_DC_UTIL_FRAC, "datacenter CPU utilization", FALSE },
        { SIM_COL_TS_VMS_RUNNING, "VMs running", TRUE },
        { SIM_COL_TS_HOSTS_BUSY, "hosts busy", TRUE },
    };
    static const PlotRunTimeSpec sp = {
        "How busy is the datacenter, and how many VMs run?",
        "Share of all host cores in use (left axis) with the number of VMs running and of "
        "hosts with work (right axis), as sampled in timeseries.csv.",
        "CPU utilization", "Count", PLOT_UNIT_FRAC, PLOT_UNIT_NONE, lines, G_N_ELEMENTS(lines),
    };
    return run_time_chart(d, rc, &sp);
}

static gboolean build_power(PlotRunData *d, PlotRunChart *rc)
{
    static const PlotRunLine power[] = {
        { SIM_COL_TS_POWER_W, "power drawn", FALSE },
        { SIM_COL_TS_HOSTS_ON, "hosts powered on", TRUE },
    };
    static const PlotRunLine energy[] = {
        { SIM_COL_TS_ENERGY_J, "energy used", FALSE },
        { SIM_COL_TS_HOSTS_ON, "hosts powered on", TRUE },
    };
    static const PlotRunTimeSpec sp_power = {
        "How much power do the hosts draw, and how many are on?", "Electrical power of all hosts (left axis) and the number "
        "of hosts powered on (right axis), from timeseries.csv.",
        "Power (W)", "Hosts on", PLOT_UNIT_NONE, PLOT_UNIT_NONE, power, G_N_ELEMENTS(power),
    };
    static const PlotRunTimeSpec sp_energy = {
        "How much energy have the hosts used, and how many are on?", "Energy used by all hosts since the start (left axis) and "
        "the number of hosts powered on (right axis), from timeseries.csv.",
        "Energy (J)", "Hosts on", PLOT_UNIT_NONE, PLOT_UNIT_NONE, energy, G_N_ELEMENTS(energy),
    };
    return run_time_chart(d, rc, run_has(d, SIM_CSV_TIMESERIES, SIM_COL_TS_POWER_W) ? &sp_power : &sp_energy);
}

/* Bars in the host power-states chart: one per sample up to this many, else the mean of
 * equal runs of samples. */
#define RUN_POWER_STATES_MAX_BARS 150

/* The display unit of a run's clock: hours beyond 3 h, minutes beyond 3 min, else seconds. */
static double run_time_unit(double span_s, const char **name)
{
    if (span_s > 3 * 3600.0) {
        *name = "h";
        return 3600.0;
    }
    if (span_s > 3 * 60.0) {
        *name = "min";
        return 60.0;
    }
    *name = "s";
    return 1.0;
}

/* Hosts per power state at each sample, stacked: busy (running VMs), idle (on without VMs),
 * booting, off.  Only in a run whose hosts change power state. */
static gboolean build_power_states(PlotRunData *d, PlotRunChart *rc)
{
    const double *t = run_doubles(d, SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S);
    const double *on = run_doubles(d, SIM_CSV_TIMESERIES, SIM_COL_TS_HOSTS_ON);
    const double *busy = run_doubles(d, SIM_CSV_TIMESERIES, SIM_COL_TS_HOSTS_BUSY);
    const double *boot = run_doubles(d, SIM_CSV_TIMESERIES, SIM_COL_TS_HOSTS_BOOTING);
    size_t n = d->ts ? plot_csv_n_rows(d->ts) : 0;
    if (!t || !on || !busy || n == 0)
        return FALSE;
    gboolean changes = FALSE;
    double hosts = 0;
    for (size_t i = 0; i < n; i++) {
        changes |= on[i] != on[0] || (boot && boot[i] > 0);
        hosts = fmax(hosts, on[i]);
    }
    if (!changes)
        return FALSE;
    /* every host appears in hosts.csv; without it, the most ever on */
    const char *const *names = run_strings(d, SIM_CSV_HOSTS, SIM_COL_HOST_NAME);
    if (names && d->hosts)
        hosts = fmax(hosts, (double)plot_csv_n_rows(d->hosts));
    size_t n_bars = MIN(n, RUN_POWER_STATES_MAX_BARS);
    const char *unit;
    double scale = run_time_unit(t[n - 1] - t[0], &unit);
    double span = (t[n - 1] - t[0]) / scale, step = 1.0;
    static const double steps[] = { 1, 2, 3, 5, 6, 10, 12, 15, 20, 30, 60, 120, 300, 600 };
    for (size_t i = 0; i < G_N_ELEMENTS(steps) && span / step > 12; i++)
        step = steps[i];
    double next_label = ceil(t[0] / scale / step - 1e-9) * step;
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
    g_autofree double *v = g_new0(double, 4 * n_bars);    /* busy, idle, booting, off */
    for (size_t k = 0; k < n_bars; k++) {
        size_t from = k * n / n_bars, to = (k + 1) * n / n_bars;
        for (size_t i = from; i < to; i++) {
            double b = boot && isfinite(boot[i]) ? boot[i] : 0.0;
            v[k] += busy[i];
            v[n_bars + k] += fmax(on[i] - busy[i] - b, 0.0);   /* hosts_on counts booting */
            v[2 * n_bars + k] += b;
            v[3 * n_bars + k] += fmax(hosts - on[i], 0.0);
        }
        for (size_t s = 0; s < 4; s++)
            v[s * n_bars + k] /= (double)(to - from);
        /* labels only at whole steps of the display unit, so the axis reads as time */
        double at = t[from] / scale;
        gboolean label = at >= next_label - 1e-9;
        while (next_label <= at + 1e-9)
            next_label += step;
        g_ptr_array_add(labels, label ? g_strdup_printf("%.4g", at) : g_strdup(""));
    }
    g_autofree char *caption = g_strdup_printf(
        "Hosts in each power state at each sample of timeseries.csv: busy (running "
        "VMs), idle (powered on without VMs, or shutting down), booting, and off; the bars of "
        "a sample add up to the %.0f hosts.%s Booting shorter than the sample interval can "
        "fall between samples.",
        hosts,
        n_bars < n ? " Each bar is the mean of a run of consecutive samples." : "");
    PlotChart *c = run_begin(rc, PLOT_KIND_STACKED_BAR, "How many hosts are busy, idle, booting or off?",
                             g_steal_pointer(&caption));
    g_autofree char *x_title = g_strdup_printf("Time (%s)", unit);
    plot_chart_set_axis(c, PLOT_AXIS_X, x_title, PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Hosts", PLOT_UNIT_NONE);
    plot_chart_set_axis_range(c, PLOT_AXIS_Y, 0.0, fmax(hosts, 1.0));
    plot_chart_set_categories(c, (const char *const *)labels->pdata, n_bars);
    static const char *const states[] = { "busy (running VMs)", "idle (on, no VMs)", "booting",
                                          "off" };
    /* blue, bluish green, vermillion, yellow: no two states share a hue (plots/canvas.c) */
    static const size_t colour[] = { 0, 2, 1, 7 };
    for (size_t s = 0; s < 4; s++)
        plot_chart_set_bar_style(c, plot_chart_add_bars(c, states[s], v + s * n_bars, n_bars),
                                 colour[s]);
    return TRUE;
}

static gboolean build_elasticity(PlotRunData *d, PlotRunChart *rc)
{
    static const PlotRunLine lines[] = {
        { SIM_COL_TS_DEMAND_REQ_PER_S, "demand", FALSE },
        { SIM_COL_TS_CAPACITY_REQ_PER_S, "provisioned capacity", FALSE },
        { SIM_COL_TS_INSTANCES, "instances", TRUE },
    };
    static const PlotRunTimeSpec sp = {
        "Does provisioned capacity keep up with demand?", "The service's offered load and the load its "
        "running instances can serve (left axis), with the instance count (right axis), from "
        "timeseries.csv; demand above capacity is an SLA violation.",
        "Load (requests/s)", "Instances", PLOT_UNIT_NONE, PLOT_UNIT_NONE, lines,
        G_N_ELEMENTS(lines),
    };
    static const PlotRunTimeSpec sp_all = {
        "Does provisioned capacity keep up with demand, all services together?", "The offered load of all "
        "services together and the load their running instances can serve (left axis), with "
        "the instance count (right axis), from timeseries.csv. Demand above capacity here "
        "need not be a violation: one service's spare capacity does not serve another; the "
        "sla-violation and elasticity-services charts show each service apart.",
        "Load (requests/s)", "Instances", PLOT_UNIT_NONE, PLOT_UNIT_NONE, lines,
        G_N_ELEMENTS(lines),
    };
    if (!run_has(d, SIM_CSV_TIMESERIES, SIM_COL_TS_DEMAND_REQ_PER_S)
        || !run_has(d, SIM_CSV_TIMESERIES, SIM_COL_TS_CAPACITY_REQ_PER_S))
        return FALSE;
    size_t services = 0;       /* per-service columns (sim/out/columns.h): named, not read */
    for (size_t c = 0; c < plot_csv_n_cols(d->ts); c++)
        services += g_str_has_prefix(plot_csv_col_name(d->ts, c),
                                     SIM_COL_TS_CAPACITY_REQ_PER_S ":");
    return run_time_chart(d, rc, services > 1 ? &sp_all : &sp);
}

/* Traces with memory, disk or network series: what they ask of the datacenter over time. */
static gboolean build_trace_resources(PlotRunData *d, PlotRunChart *rc)
{
    static const PlotRunLine lines[] = {
        { SIM_COL_TS_TRACE_MEMORY_BYTES, "memory in use", FALSE },
        { SIM_COL_TS_TRACE_DISK_BYTES_PER_S, "disk read + write", TRUE },
        { SIM_COL_TS_TRACE_NET_BYTES_PER_S, "network in + out", TRUE },
    };
    static const PlotRunTimeSpec sp = {
        "How much memory and I/O do the trace VMs use?",
        "Memory in use summed over the trace-driven VMs "
        "running (left axis; compare with the hosts' memory in hosts.csv) and the disk and "
        "network throughput their traces ask for (right axis), from timeseries.csv.",
        "Memory in use", "Throughput asked", PLOT_UNIT_BYTES, PLOT_UNIT_BYTES_PER_S, lines,
        G_N_ELEMENTS(lines),
    };
    if (!run_has(d, SIM_CSV_TIMESERIES, SIM_COL_TS_TRACE_MEMORY_BYTES))
        return FALSE;
    return run_time_chart(d, rc, &sp);
}

/* Averages n samples into n_cols equal bins (NaN ignored). */
static void run_bin(const double *v, size_t n, double *out, size_t n_cols)
{
    for (size_t k = 0; k < n_cols; k++) {
        size_t from = k * n / n_cols, to = (k + 1) * n / n_cols;
        double sum = 0.0, cnt = 0.0;
        for (size_t i = from; i < to; i++) {
            if (isfinite(v[i])) {
                sum += v[i];
                cnt += 1;
            }
        }
        out[k] = cnt > 0 ? sum / cnt : NAN;
    }
}

static gboolean build_host_heatmap(PlotRunData *d, PlotRunChart *rc)
{
    static const char prefix[] = SIM_COL_TS_HOST_UTIL_PREFIX;
    const double *t = run_doubles(d, SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S);
    g_autoptr(GPtrArray) hosts = g_ptr_array_new();
    for (size_t c = 0; t && c < plot_csv_n_cols(d->ts); c++)
        if (g_str_has_prefix(plot_csv_col_name(d->ts, c), prefix))
            g_ptr_array_add(hosts, (gpointer)plot_csv_col_name(d->ts, c));
    if (hosts->len == 0)
        return FALSE;
    size_t n = plot_csv_n_rows(d->ts), n_cols = MIN(n, PLOT_RUN_MAX_CELLS_X);
    PlotChart *c = run_begin(rc, PLOT_KIND_HEATMAP, "How busy is each host's CPU over time?",
        g_strdup_printf("Each row is one host, each cell the share of its cores in use "
                        "(util_frac:HOST in timeseries.csv)%s.", n > n_cols
                        ? ", averaged over equal stretches of time" : ""));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Host", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_COLOR, "Utilization", PLOT_UNIT_FRAC);
    g_autofree double *cells = g_new0(double, MAX(hosts->len * n_cols, 1));
    g_autofree const char **names = g_new0(const char *, hosts->len);
    for (guint h = 0; h < hosts->len; h++) {
        const double *u = run_doubles(d, SIM_CSV_TIMESERIES, hosts->pdata[h]);
        if (!u)
            return TRUE;
        run_bin(u, n, cells + h * n_cols, n_cols);
        names[h] = (const char *)hosts->pdata[h] + strlen(prefix);
    }
    double dt = n > 1 ? (t[n - 1] - t[0]) / (double)(n - 1) : 1.0;
    double x_lo = n ? t[0] : 0.0, x_hi = n ? t[n - 1] + (dt > 0 ? dt : 1.0) : 1.0;
    plot_chart_set_heatmap(c, names, hosts->len, n_cols, cells, x_lo, x_hi);
    return TRUE;
}

/* Above this many hosts the per-host heatmap (at most 64 rows) gives way to, or is joined
 * by, the distribution of hosts: readable at 10^3..10^5 hosts. */
#define RUN_HOST_DIST_MIN 16

/* The per-host utilization statistics of hosts.csv as CDFs over hosts: how many hosts run
 * how hot, at their median, their p95 over time and their peak. */
static gboolean build_host_distribution(PlotRunData *d, PlotRunChart *rc)
{
    const char *const cols[] = { SIM_COL_HOST_UTIL_P50_FRAC, SIM_COL_HOST_UTIL_P95_FRAC,
                                 SIM_COL_HOST_UTIL_MAX_FRAC };
    const char *const names[] = { "median over time", "p95 over time", "peak" };
    const double *v[G_N_ELEMENTS(cols)];
    for (size_t k = 0; k < G_N_ELEMENTS(cols); k++)
        if (!(v[k] = run_doubles(d, SIM_CSV_HOSTS, cols[k])))
            return FALSE;
    size_t n = plot_csv_n_rows(d->hosts);
    gboolean heatmap = FALSE;                   /* timeseries.csv has per-host columns */
    for (size_t k = 0; d->ts && k < plot_csv_n_cols(d->ts); k++)
        heatmap |= g_str_has_prefix(plot_csv_col_name(d->ts, k), SIM_COL_TS_HOST_UTIL_PREFIX);
    if (n < 2 || (n <= RUN_HOST_DIST_MIN && heatmap))
        return FALSE;
    PlotChart *c = run_begin(rc, PLOT_KIND_CDF, "How hot do the hosts run?",
        g_strdup_printf("Empirical CDF over the %zu hosts of each host's CPU utilization over "
                        "time: its median, its 95th percentile and its peak (util_p50_frac, "
                        "util_p95_frac, util_max_frac in hosts.csv). A point (x, y) reads: y of "
                        "the hosts stay at or below x.", n));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Host CPU utilization", PLOT_UNIT_FRAC);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Hosts at or below x", PLOT_UNIT_FRAC);
    for (size_t k = 0; k < G_N_ELEMENTS(cols); k++)
        plot_chart_add_samples(c, names[k], v[k], n);
    return TRUE;
}

/* ---- VMs -------------------------------------------------------------------------- */

static const char *run_mech_label(const char *mech)
{
    static const char *const labels[][2] = {
        { "bt", "binary translation" }, { "vm_exit", "VM exits" },
        { "hypercall", "hypercalls" }, { "trap", "traps (trap-and-emulate)" },
        { "pt_maint", "shadow page-table upkeep" }, { "page_walk", "extra page-walk refs" },
        { "tlb_flush", "TLB flushes" }, { "io", "I/O path" },
        { "host_path", "Type 2 host-OS path" }, { "container", "container runtime" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
        if (strcmp(labels[i][0], mech) == 0)
            return labels[i][1];
    return mech;
}

static gboolean run_any_nonzero(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] != 0.0)
            return TRUE;
    return FALSE;
}

/* The ovh_<mech>_frac columns of vms.csv with a non-zero value. */
static GPtrArray *run_overhead_cols(PlotRunData *d)
{
    GPtrArray *cols = g_ptr_array_new();
    if (!run_has(d, SIM_CSV_VMS, SIM_COL_VM_NAME))
        return cols;
    size_t n = plot_csv_n_rows(d->vms);
    for (size_t c = 0; c < plot_csv_n_cols(d->vms); c++) {
        const char *col = plot_csv_col_name(d->vms, c);
        if (!g_str_has_prefix(col, SIM_COL_VM_OVH_PREFIX)
            || !g_str_has_suffix(col, SIM_COL_VM_OVH_SUFFIX)
            || strlen(col) <= strlen(SIM_COL_VM_OVH_PREFIX SIM_COL_VM_OVH_SUFFIX))
            continue;
        const double *v = run_doubles(d, SIM_CSV_VMS, col);
        if (v && run_any_nonzero(v, n))
            g_ptr_array_add(cols, (gpointer)col);
    }
    return cols;
}

/* Which overhead columns get their own series: all when they fit the palette, else the
 * PLOT_RUN_MAX_SERIES - 1 largest in total (the rest become "other mechanisms"). */
static gboolean *run_overhead_keep(PlotRunData *d, const GPtrArray *cols)
{
    size_t n = plot_csv_n_rows(d->vms);
    gboolean *keep = g_new0(gboolean, MAX(cols->len, 1));
    g_autofree double *total = g_new0(double, MAX(cols->len, 1));
    for (guint k = 0; k < cols->len; k++) {
        const double *v = run_doubles(d, SIM_CSV_VMS, cols->pdata[k]);
        for (size_t i = 0; v && i < n; i++)
            total[k] += isfinite(v[i]) ? fabs(v[i]) : 0.0;
    }
    for (guint k = 0; k < cols->len; k++) {
        guint larger = 0;          /* ties: the earlier column wins */
        for (guint j = 0; j < cols->len; j++)
            larger += total[j] > total[k] || (total[j] == total[k] && j < k);
        keep[k] = cols->len <= PLOT_RUN_MAX_SERIES || larger < PLOT_RUN_MAX_SERIES - 1;
    }
    return keep;
}

static gboolean build_overhead(PlotRunData *d, PlotRunChart *rc)
{
    g_autoptr(GPtrArray) cols = run_overhead_cols(d);
    if (cols->len == 0)
        return FALSE;
    size_t n = plot_csv_n_rows(d->vms);
    gboolean per_vm = n <= PLOT_RUN_MAX_CATEGORIES;
    g_autoptr(GPtrArray) cats = g_ptr_array_new();
    g_autofree guint *idx = run_group(per_vm ? run_strings(d, SIM_CSV_VMS, SIM_COL_VM_NAME)
                                             : run_strings(d, SIM_CSV_VMS, SIM_COL_VM_GROUP),
                                      n, "all VMs", cats);
    PlotChart *c = run_begin(rc, PLOT_KIND_STACKED_BAR, per_vm
        ? "Where does each VM lose time to virtualization?" : "Where does each VM group lose time to virtualization?",
        g_strdup_printf("Share of each VM's time lost to each virtualization mechanism "
                        "(ovh_*_frac in vms.csv)%s; mechanisms that cost nothing are left "
                        "out, and beyond seven the smallest are summed as other mechanisms.", per_vm ? "" : ", averaged over the VMs of each group"));
    plot_chart_set_axis(c, PLOT_AXIS_X, per_vm ? "VM" : "VM group", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Time lost to overhead", PLOT_UNIT_FRAC);
    plot_chart_set_categories(c, (const char *const *)cats->pdata, cats->len);
    g_autofree gboolean *keep = run_overhead_keep(d, cols);
    g_autofree double *other = g_new0(double, MAX(n, 1));
    gboolean any_other = FALSE;
    for (guint k = 0; k < cols->len; k++) {
        const char *col = cols->pdata[k];
        const double *v = run_doubles(d, SIM_CSV_VMS, col);
        if (!keep[k]) {
            for (size_t i = 0; i < n; i++)
                other[i] += isfinite(v[i]) ? v[i] : 0.0;
            any_other = TRUE;
            continue;
        }
        size_t pre = strlen(SIM_COL_VM_OVH_PREFIX), suf = strlen(SIM_COL_VM_OVH_SUFFIX);
        g_autofree char *mech = g_strndup(col + pre, strlen(col) - pre - suf);
        g_autofree double *m = run_group_mean(v, idx, n, cats->len);
        plot_chart_add_bars(c, run_mech_label(mech), m, cats->len);
    }
    g_autofree double *m = run_group_mean(other, idx, n, cats->len);
    if (any_other)
        plot_chart_add_bars(c, "other mechanisms", m, cats->len);
    return TRUE;
}

static void run_slowdown_cdf(PlotRunData *d, PlotChart *c, const double *sd, size_t n)
{
    g_autoptr(GPtrArray) groups = g_ptr_array_new();
    g_autofree guint *idx = run_group(run_strings(d, SIM_CSV_VMS, SIM_COL_VM_GROUP), n, "all VMs",
                                      groups);
    gboolean by_group = groups->len > 1 && groups->len <= PLOT_RUN_MAX_SERIES;
    size_t n_series = by_group ? groups->len : 1;
    g_autofree double *buf = g_new0(double, MAX(n, 1));
    for (size_t g = 0; g < n_series; g++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!by_group || idx[i] == g)
                buf[m++] = sd[i];
        plot_chart_add_samples(c, by_group ? groups->pdata[g] : "all VMs", buf, m);
    }
}

/* One bar per VM that ran, coloured by its group (one stacked series per group, NaN in the
 * other groups' series), or one series when there is one group or too many. */
static void run_slowdown_bars(PlotRunData *d, PlotChart *c, const double *sd,
                              const char *const *names, size_t n)
{
    const char *const *group = run_strings(d, SIM_CSV_VMS, SIM_COL_VM_GROUP);
    g_autoptr(GPtrArray) cats = g_ptr_array_new();
    g_autofree const char **cat_group = g_new0(const char *, MAX(n, 1));
    g_autofree double *v = g_new0(double, MAX(n, 1));
    for (size_t i = 0; i < n; i++) {
        if (isfinite(sd[i])) {
            v[cats->len] = sd[i];
            cat_group[cats->len] = group ? group[i] : "";
            g_ptr_array_add(cats, (gpointer)names[i]);
        }
    }
    size_t m = cats->len;
    g_autoptr(GPtrArray) groups = g_ptr_array_new();
    g_autofree guint *idx = run_group(cat_group, m, "slowdown", groups);
    plot_chart_set_categories(c, (const char *const *)cats->pdata, m);
    if (groups->len <= 1 || groups->len > PLOT_RUN_MAX_SERIES) {
        plot_chart_add_bars(c, "slowdown", v, m);
        return;
    }
    g_autofree double *only = g_new0(double, MAX(m, 1));
    for (guint g = 0; g < groups->len; g++) {
        for (size_t k = 0; k < m; k++)
            only[k] = idx[k] == g ? v[k] : NAN;
        plot_chart_add_bars(c, groups->pdata[g], only, m);
    }
}

/* The answer when a scenario's question is contention: the mean slowdown of each host's
 * VMs ("pinned 1.01x, fair-3to1 3.06x"), for two to PLOT_RUN_MAX_SERIES hosts; else NULL. */
static char *run_slowdown_finding(PlotRunData *d, const double *sd, size_t n)
{
    const char *const *host = run_strings(d, SIM_CSV_VMS, SIM_COL_VM_HOST);
    g_autoptr(GPtrArray) hosts = g_ptr_array_new();
    g_autofree guint *idx = host ? run_group(host, n, "", hosts) : NULL;
    if (!idx || hosts->len < 2 || hosts->len > PLOT_RUN_MAX_SERIES)
        return NULL;
    g_autofree double *sum = g_new0(double, hosts->len), *cnt = g_new0(double, hosts->len);
    for (size_t i = 0; i < n; i++)
        if (isfinite(sd[i]) && *host[i])
            sum[idx[i]] += sd[i], cnt[idx[i]] += 1;
    GString *s = g_string_new("Mean slowdown of the VMs of each host (time against time "
                              "alone; 1 = no contention): ");
    for (guint h = 0, k = 0; h < hosts->len; h++)
        if (cnt[h] > 0)
            g_string_append_printf(s, "%s%s %.3gx", k++ ? ", " : "",
                                   (const char *)hosts->pdata[h], sum[h] / cnt[h]);
    g_string_append_c(s, '.');
    return g_string_free(s, FALSE);
}

static gboolean build_slowdown(PlotRunData *d, PlotRunChart *rc)
{
    const double *sd = run_doubles(d, SIM_CSV_VMS, SIM_COL_VM_SLOWDOWN);
    const char *const *names = run_strings(d, SIM_CSV_VMS, SIM_COL_VM_NAME);
    if (!sd || !names)
        return FALSE;
    size_t n = plot_csv_n_rows(d->vms), finite = 0;
    for (size_t i = 0; i < n; i++)
        finite += isfinite(sd[i]);
    rc->finding = run_slowdown_finding(d, sd, n);
    const char *what = "Slowdown: time taken against time alone on the host (a VM with "
                       "work), or cycles demanded against cycles received (a VM with a demand "
                       "level); 1 means no contention (slowdown in vms.csv)";
    if (finite > PLOT_RUN_MAX_CATEGORIES) {
        PlotChart *c = run_begin(rc, PLOT_KIND_CDF, "How much slower than alone do the VMs run?",
                                 g_strdup_printf("%s.", what));
        plot_chart_set_axis(c, PLOT_AXIS_X, "Slowdown (×)", PLOT_UNIT_NONE);
        run_slowdown_cdf(d, c, sd, n);
        return TRUE;
    }
    PlotChart *c = run_begin(rc, PLOT_KIND_STACKED_BAR, "How much slower than alone does each VM run?",
        g_strdup_printf("%s%s.", what, finite < n ? "; VMs that never ran are left out" : ""));
    plot_chart_set_axis(c, PLOT_AXIS_X, "VM", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Slowdown (×)", PLOT_UNIT_NONE);
    run_slowdown_bars(d, c, sd, names, n);
    return TRUE;
}

/* ---- migrations ------------------------------------------------------------------- */

static gboolean run_refused(const char *const *refused, size_t i)
{
    if (!refused)
        return FALSE;
    const char *r = refused[i];
    return strcmp(r, "1") == 0 || g_ascii_strcasecmp(r, "true") == 0
        || g_ascii_strcasecmp(r, "yes") == 0;
}

typedef struct {
    const double *start, *end, *down, *down_at;
    double       *stop_at;          /* from rounds.csv's stop rows, by migration; or NULL */
    const char *const *vm;
    const char *const *strategy;
    const char *const *src;
    const char *const *dst;
    const char *const *refused;
} PlotRunMigCols;

static gboolean run_mig_cols(PlotRunData *d, PlotRunMigCols *m)
{
    memset(m, 0, sizeof *m);
    const char *f = SIM_CSV_MIGRATIONS;
    m->vm = run_strings(d, f, SIM_COL_MIG_VM);
    m->start = run_doubles(d, f, SIM_COL_MIG_START_S);
    m->end = run_doubles(d, f, SIM_COL_MIG_END_S);
    m->down = run_doubles(d, f, SIM_COL_MIG_DOWNTIME_S);
    m->down_at = run_doubles(d, f, SIM_COL_MIG_DOWNTIME_START_S);
    m->strategy = run_strings(d, f, SIM_COL_MIG_STRATEGY);
    m->src = run_strings(d, f, SIM_COL_MIG_SRC);
    m->dst = run_strings(d, f, SIM_COL_MIG_DST);
    m->refused = run_strings(d, f, SIM_COL_MIG_REFUSED);
    return m->vm && m->start && m->end;
}

/* When each migration paused its VM, from rounds.csv's `stop` rows (NAN where none). */
static double *run_stop_starts(PlotRunData *d, size_t n_migs)
{
    if (!d->rounds)
        return NULL;
    const double *mig = run_doubles(d, SIM_CSV_ROUNDS, SIM_COL_RND_MIGRATION);
    const double *start = run_doubles(d, SIM_CSV_ROUNDS, SIM_COL_RND_START_S);
    const char *const *phase = run_strings(d, SIM_CSV_ROUNDS, SIM_COL_RND_PHASE);
    if (!mig || !start || !phase)
        return NULL;
    double *at = g_new(double, MAX(n_migs, 1));
    for (size_t i = 0; i < n_migs; i++)
        at[i] = NAN;
    for (size_t i = 0; i < plot_csv_n_rows(d->rounds); i++)
        if (strcmp(phase[i], "stop") == 0 && mig[i] >= 1 && mig[i] <= (double)n_migs)
            at[(size_t)mig[i] - 1] = start[i];
    return at;
}

/* Where the downtime of migration i falls: given, or when rounds.csv says the VM stopped,
 * or (older runs) at the start for post-copy (the VM resumes on the destination at once),
 * else at the end (pre-copy's final stop-and-copy). */
static double run_downtime_start(const PlotRunMigCols *m, size_t i)
{
    if (m->down_at && isfinite(m->down_at[i]))
        return m->down_at[i];
    if (m->stop_at && isfinite(m->stop_at[i]))
        return m->stop_at[i];
    if (m->strategy && strcmp(m->strategy[i], "post-copy") == 0)
        return m->start[i];
    return m->end[i] - m->down[i];
}

static void run_mig_interval(PlotChart *c, const PlotRunMigCols *m, size_t i, size_t kind,
                             size_t down_kind)
{
    g_autofree char *row = m->src && m->dst && *m->src[i] && *m->dst[i]
        ? g_strdup_printf("%s %s\u2192%s", m->vm[i], m->src[i], m->dst[i])
        : g_strdup(m->vm[i]);
    size_t r = plot_chart_add_row(c, row);
    plot_chart_add_interval(c, r, kind, m->start[i], m->end[i]);
    if (m->down && isfinite(m->down[i]) && m->down[i] > 0) {
        double at = CLAMP(run_downtime_start(m, i), m->start[i], m->end[i]);
        plot_chart_add_interval(c, r, down_kind, at, MIN(at + m->down[i], m->end[i]));
    }
}

static gboolean build_migration_timeline(PlotRunData *d, PlotRunChart *rc)
{
    PlotRunMigCols m;
    if (!run_mig_cols(d, &m))
        return FALSE;
    size_t n = plot_csv_n_rows(d->migs), shown = 0, refused = 0, skipped = 0;
    g_autofree double *stop_at = m.stop_at = run_stop_starts(d, n);
    g_autoptr(GPtrArray) kinds = g_ptr_array_new();
    g_autofree guint *kind_of = run_group(m.strategy, n, "migration", kinds);
    PlotChart *c = run_begin(rc, PLOT_KIND_GANTT, "When did each migration run, and for how long?", NULL);
    plot_chart_set_axis(c, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    for (guint k = 0; k < kinds->len; k++)
        plot_chart_add_interval_kind(c, kinds->pdata[k], FALSE);
    size_t down_kind = plot_chart_add_interval_kind(c, "downtime (VM paused)", TRUE);
    for (size_t i = 0; i < n; i++) {
        if (run_refused(m.refused, i))
            refused++;
        else if (!(isfinite(m.start[i]) && isfinite(m.end[i]) && m.start[i] <= m.end[i]))
            skipped++;
        else
            shown++;
    }
    /* over PLOT_RUN_MAX_ROWS: every k-th finished migration, so the rows span the run */
    for (size_t i = 0, k = 0, drawn = 0; i < n && drawn < PLOT_RUN_MAX_ROWS; i++) {
        if (run_refused(m.refused, i) || !(isfinite(m.start[i]) && isfinite(m.end[i])
                                           && m.start[i] <= m.end[i]))
            continue;
        if (k++ * PLOT_RUN_MAX_ROWS >= drawn * shown) {
            run_mig_interval(c, &m, i, kind_of[i], down_kind);
            drawn++;
        }
    }
    GString *cap = g_string_new("One row per live migration from start to end (migrations.csv),"
                                " coloured by strategy; the hatched part is the downtime.");
    if (shown > PLOT_RUN_MAX_ROWS)
        g_string_append_printf(cap, " %d of the %zu migrations, taken evenly in file order "
                               "across the whole run (about one in %.3g); the "
                               "migration-activity chart counts them all.",
                               PLOT_RUN_MAX_ROWS, shown, (double)shown / PLOT_RUN_MAX_ROWS);
    if (refused)
        g_string_append_printf(cap, " %zu refused migration%s not shown.", refused,
                               refused == 1 ? " is" : "s are");
    if (skipped)
        g_string_append_printf(cap, " %zu unfinished migration%s not shown.", skipped,
                               skipped == 1 ? " is" : "s are");
    rc->caption = g_string_free(cap, FALSE);
    return TRUE;
}

static int run_cmp_event(const void *a, const void *b)
{
    const double *x = a, *y = b;            /* { time, +1 start / -1 end } */
    return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

/* Migrations in progress and finished so far over the whole run: exact step functions from
 * every start and end, for runs with more migrations than the timeline has rows. */
static gboolean build_migration_activity(PlotRunData *d, PlotRunChart *rc)
{
    PlotRunMigCols m;
    if (!run_mig_cols(d, &m))
        return FALSE;
    size_t n = plot_csv_n_rows(d->migs), k = 0;
    g_autofree double *ev = g_new0(double, 4 * MAX(n, 1));
    for (size_t i = 0; i < n; i++) {
        if (run_refused(m.refused, i) || !(isfinite(m.start[i]) && isfinite(m.end[i])
                                           && m.start[i] <= m.end[i]))
            continue;
        ev[2 * k] = m.start[i], ev[2 * k + 1] = 1, k++;
        ev[2 * k] = m.end[i], ev[2 * k + 1] = -1, k++;
    }
    if (k / 2 <= PLOT_RUN_MAX_ROWS)
        return FALSE;
    qsort(ev, k, 2 * sizeof(double), run_cmp_event);        /* ends first at a tie */
    g_autofree double *t = g_new0(double, k), *now = g_new0(double, k), *done = g_new0(double, k);
    double busy = 0, finished = 0, peak = 0;
    for (size_t i = 0; i < k; i++) {
        busy += ev[2 * i + 1];
        finished += ev[2 * i + 1] < 0;
        t[i] = ev[2 * i], now[i] = busy, done[i] = finished;
        peak = fmax(peak, busy);
    }
    PlotChart *c = run_begin(rc, PLOT_KIND_STEP, "When did the migrations happen, and how many "
                             "at once?", g_strdup_printf(
        "Every finished migration of migrations.csv (%zu): the number in progress at each "
        "moment (left axis, at most %.0f at once) and the number finished so far (right "
        "axis); a step on the right axis is a burst of migrations.", k / 2, peak));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Migrations in progress", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y2, "Migrations finished so far", PLOT_UNIT_NONE);
    plot_chart_add_series(c, "in progress", t, now, k);
    plot_chart_series_use_y2(c, plot_chart_add_series(c, "finished so far", t, done, k));
    return TRUE;
}

static gboolean build_migration_times(PlotRunData *d, PlotRunChart *rc)
{
    const double *total = run_doubles(d, SIM_CSV_MIGRATIONS, SIM_COL_MIG_TOTAL_S);
    const double *down = run_doubles(d, SIM_CSV_MIGRATIONS, SIM_COL_MIG_DOWNTIME_S);
    const char *const *refused = run_strings(d, SIM_CSV_MIGRATIONS, SIM_COL_MIG_REFUSED);
    if (!total || !down)
        return FALSE;
    size_t n = plot_csv_n_rows(d->migs), m = 0;
    g_autofree double *t = g_new0(double, MAX(n, 1)), *dt = g_new0(double, MAX(n, 1));
    g_autofree const char **vm = g_new0(const char *, MAX(n, 1));
    g_autofree const char **st = g_new0(const char *, MAX(n, 1));
    const char *const *vms = run_strings(d, SIM_CSV_MIGRATIONS, SIM_COL_MIG_VM);
    const char *const *strategy = run_strings(d, SIM_CSV_MIGRATIONS, SIM_COL_MIG_STRATEGY);
    for (size_t i = 0; i < n; i++) {
        if (run_refused(refused, i))
            continue;
        t[m] = total[i], dt[m] = down[i];
        vm[m] = vms ? vms[i] : "";
        st[m++] = strategy ? strategy[i] : "";
    }
    g_autoptr(GPtrArray) strategies = g_ptr_array_new();
    g_autofree guint *sidx = run_group(st, m, "migration", strategies);
    gboolean per_mig = strategies->len <= 1 && m <= PLOT_RUN_MAX_CATEGORIES && vms;
    g_autoptr(GPtrArray) cats = g_ptr_array_new();     /* one pair per migration */
    for (size_t i = 0; per_mig && i < m; i++)
        g_ptr_array_add(cats, (gpointer)vm[i]);
    GPtrArray *use = per_mig ? cats : strategies;
    g_autofree double *both = g_new0(double, 2 * MAX(m, 1));
    memcpy(both, t, m * sizeof(double));
    memcpy(both + m, dt, m * sizeof(double));
    PlotChart *c = run_begin(rc, PLOT_KIND_GROUPED_BAR, per_mig
        ? "How long did each migration take, and how long was its VM stopped?" : "How long does each strategy take on average, and how long is the VM stopped?",
        g_strdup_printf("Total time from start to switch-over and the time the VM was paused "
                        "(total_s, downtime_s in migrations.csv)%s.%s", per_mig ? ""
                        : ", mean over the finished migrations of each strategy",
                        *run_scale_note(both, 2 * m) ? " Durations span more than two "
                        "orders of magnitude, so the axis is logarithmic." : ""));
    plot_chart_set_axis_log(c, PLOT_AXIS_Y, *run_scale_note(both, 2 * m) != '\0');
    plot_chart_set_axis(c, PLOT_AXIS_X, per_mig ? "Migrated VM" : "Strategy", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Duration", PLOT_UNIT_SECONDS);
    plot_chart_set_categories(c, (const char *const *)use->pdata, use->len);
    g_autofree double *mt = per_mig ? g_memdup2(t, MAX(m, 1) * sizeof(double))
                                    : run_group_mean(t, sidx, m, use->len);
    g_autofree double *md = per_mig ? g_memdup2(dt, MAX(m, 1) * sizeof(double))
                                    : run_group_mean(dt, sidx, m, use->len);
    plot_chart_add_bars(c, "total time", mt, use->len);
    plot_chart_add_bars(c, "downtime", md, use->len);
    return TRUE;
}

/* ---- pre-copy rounds (rounds.csv) -------------------------------------------------- */

typedef struct {
    const double *migration, *round, *sent, *left;
    const char *const *vm;
    const char *const *phase;
    size_t n;
} PlotRunRoundCols;

static gboolean run_round_cols(PlotRunData *d, PlotRunRoundCols *r)
{
    const char *f = SIM_CSV_ROUNDS;
    if (!d->rounds)
        return FALSE;
    r->migration = run_doubles(d, f, SIM_COL_RND_MIGRATION);
    r->round = run_doubles(d, f, SIM_COL_RND_ROUND);
    r->sent = run_doubles(d, f, SIM_COL_RND_PAGES_SENT);
    r->left = run_doubles(d, f, SIM_COL_RND_DIRTY_LEFT_PAGES);
    r->vm = run_strings(d, f, SIM_COL_RND_VM);
    r->phase = run_strings(d, f, SIM_COL_RND_PHASE);
    r->n = plot_csv_n_rows(d->rounds);
    return r->migration && r->round && r->sent && r->left && r->vm && r->phase;
}

/* The live rounds of migration number mig: their rows in *rows_out (g_free it). */
static size_t run_live_rounds(const PlotRunRoundCols *r, double mig, size_t **rows_out)
{
    size_t *rows = g_new0(size_t, MAX(r->n, 1)), k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->migration[i] == mig && strcmp(r->phase[i], "live") == 0)
            rows[k++] = i;
    *rows_out = rows;
    return k;
}

/* The migrations with live rounds, in file order, at most max of them. */
static size_t run_round_migrations(const PlotRunRoundCols *r, double *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n && k < max; i++)
        if (strcmp(r->phase[i], "live") == 0 && (k == 0 || out[k - 1] != r->migration[i]))
            out[k++] = r->migration[i];
    return k;
}

static const char *run_round_vm(const PlotRunRoundCols *r, double mig)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->migration[i] == mig)
            return r->vm[i];
    return "";
}

/* The dirty set left after each live round, one line per migration (first
 * PLOT_RUN_MAX_SERIES): converging pre-copy falls, non-converging stays flat. */
static gboolean build_migration_rounds(PlotRunData *d, PlotRunChart *rc)
{
    PlotRunRoundCols r;
    double migs[PLOT_RUN_MAX_SERIES];
    if (!run_round_cols(d, &r))
        return FALSE;
    size_t m = run_round_migrations(&r, migs, PLOT_RUN_MAX_SERIES);
    if (m == 0)
        return FALSE;
    PlotChart *c = run_begin(rc, PLOT_KIND_LINE, "Does pre-copy converge? The dirty set after each round",
        g_strdup("Pages dirtied during each live round, which the next round (or the final "
                 "stop-and-copy) must send (dirty_left_pages in rounds.csv), one line per "
                 "migration: a converging migration falls, a non-converging one stays flat."));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Round", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Dirty pages", PLOT_UNIT_NONE);
    for (size_t j = 0; j < m; j++) {
        g_autofree size_t *rows = NULL;
        size_t k = run_live_rounds(&r, migs[j], &rows);
        g_autofree double *x = g_new0(double, MAX(k, 1)), *y = g_new0(double, MAX(k, 1));
        for (size_t i = 0; i < k; i++)
            x[i] = r.round[rows[i]], y[i] = r.left[rows[i]];
        g_autofree char *name = g_strdup_printf("%.0f %s", migs[j], run_round_vm(&r, migs[j]));
        plot_chart_add_series(c, name, x, y, k);
    }
    return TRUE;
}

static PlotRunChart *build_migration_rounds_of(PlotRunData *d, const PlotRunRoundCols *r,
                                               double mig)
{
    g_autofree size_t *rows = NULL;
    size_t live = run_live_rounds(r, mig, &rows);
    size_t k = MIN(live, (size_t)PLOT_RUN_MAX_CATEGORIES);
    const char *vm = run_round_vm(r, mig);
    PlotRunChart *rc = g_new0(PlotRunChart, 1);
    rc->owned_name = g_strdup_printf("migration-rounds-%.0f-%s", mig, vm);
    g_strcanon(rc->owned_name, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_.", '-');
    rc->name = rc->owned_name;
    g_autofree char *title = g_strdup_printf("How did pre-copy of %s converge, round by round (migration %.0f)?", vm, mig);
    PlotChart *c = run_begin(rc, PLOT_KIND_GROUPED_BAR, title,
        g_strdup_printf("Per live round: the pages it sent and the dirty set it left "
                        "(pages_sent, dirty_left_pages in rounds.csv)%s.",
                        k == (size_t)PLOT_RUN_MAX_CATEGORIES ? "; the first rounds" : ""));
    g_autofree double *sent = g_new0(double, MAX(k, 1)), *left = g_new0(double, MAX(k, 1));
    g_autoptr(GPtrArray) cats = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < k; i++) {
        sent[i] = r->sent[rows[i]], left[i] = r->left[rows[i]];
        g_ptr_array_add(cats, g_strdup_printf("%.0f", r->round[rows[i]]));
    }
    plot_chart_set_axis(c, PLOT_AXIS_X, "Round", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Pages", PLOT_UNIT_NONE);
    plot_chart_set_categories(c, (const char *const *)cats->pdata, cats->len);
    plot_chart_add_bars(c, "pages sent", sent, k);
    plot_chart_add_bars(c, "dirty set left", left, k);
    return rc;
}

/* One chart per migration with live rounds, the first PLOT_RUN_MAX_ROUND_CHARTS. */
static void add_migration_rounds(PlotRunData *d, GPtrArray *out)
{
    PlotRunRoundCols r;
    double migs[PLOT_RUN_MAX_ROUND_CHARTS];
    if (!run_round_cols(d, &r))
        return;
    size_t m = run_round_migrations(&r, migs, PLOT_RUN_MAX_ROUND_CHARTS);
    for (size_t j = 0; j < m; j++)
        g_ptr_array_add(out, build_migration_rounds_of(d, &r, migs[j]));
}

/* ---- devices ---------------------------------------------------------------------- */

/* "host/device" names for devices.csv rows (the device name alone when it already starts
 * with its host's). */
static GPtrArray *run_device_names(PlotRunData *d)
{
    const char *const *dev = run_strings(d, SIM_CSV_DEVICES, SIM_COL_DEV_DEVICE);
    const char *const *host = run_strings(d, SIM_CSV_DEVICES, SIM_COL_DEV_HOST);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    size_t n = MIN(plot_csv_n_rows(d->devs), PLOT_RUN_MAX_CATEGORIES);
    for (size_t i = 0; i < n; i++) {
        gboolean plain = !host || !*host[i] || g_str_has_prefix(dev[i], host[i]);
        g_ptr_array_add(names, plain ? g_strdup(dev[i])
                                     : g_strdup_printf("%s/%s", host[i], dev[i]));
    }
    return names;
}

static char *run_device_note(PlotRunData *d, const char *text)
{
    size_t n = plot_csv_n_rows(d->devs);
    if (n <= PLOT_RUN_MAX_CATEGORIES)
        return g_strdup_printf("%s.", text);
    return g_strdup_printf("%s; the first %d of %zu devices.", text, PLOT_RUN_MAX_CATEGORIES, n);
}

static gboolean build_device_util(PlotRunData *d, PlotRunChart *rc)
{
    const double *u = run_doubles(d, SIM_CSV_DEVICES, SIM_COL_DEV_UTIL_FRAC);
    if (!u || !run_has(d, SIM_CSV_DEVICES, SIM_COL_DEV_DEVICE))
        return FALSE;
    g_autoptr(GPtrArray) names = run_device_names(d);
    PlotChart *c = run_begin(rc, PLOT_KIND_GROUPED_BAR, "How busy is each I/O device?",
        run_device_note(d, "Share of the run each device was busy (util_frac in devices.csv)"));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Device", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Utilization", PLOT_UNIT_FRAC);
    plot_chart_set_axis_range(c, PLOT_AXIS_Y, 0.0, 1.0);
    plot_chart_set_categories(c, (const char *const *)names->pdata, names->len);
    plot_chart_add_bars(c, "utilization", u, names->len);
    return TRUE;
}

static gboolean build_device_latency(PlotRunData *d, PlotRunChart *rc)
{
    static const char *const cols[][2] = {
        { SIM_COL_DEV_LATENCY_MEAN_S, "mean" }, { SIM_COL_DEV_LATENCY_P50_S, "median" },
        { SIM_COL_DEV_LATENCY_P99_S, "99th percentile" },
    };
    gboolean any = FALSE;
    for (size_t k = 0; k < G_N_ELEMENTS(cols); k++)
        any |= run_has(d, SIM_CSV_DEVICES, cols[k][0]);
    if (!any || !run_has(d, SIM_CSV_DEVICES, SIM_COL_DEV_DEVICE))
        return FALSE;
    g_autoptr(GPtrArray) names = run_device_names(d);
    size_t n = names->len;
    g_autofree double *all = g_new0(double, 3 * MAX(n, 1));
    for (size_t k = 0; k < G_N_ELEMENTS(cols); k++) {
        const double *v = run_doubles(d, SIM_CSV_DEVICES, cols[k][0]);
        for (size_t i = 0; i < n; i++)
            all[k * n + i] = v ? v[i] : NAN;
    }
    g_autofree char *text = run_device_note(d, "Mean, median and 99th-percentile latency of an "
                                               "I/O request, queueing included (latency_*_s in "
                                               "devices.csv)");
    PlotChart *c = run_begin(rc, PLOT_KIND_GROUPED_BAR, "How long does an I/O request take on each device?",
                             g_strconcat(text, run_scale_note(all, 3 * n), NULL));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Device", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Latency", PLOT_UNIT_SECONDS);
    plot_chart_set_categories(c, (const char *const *)names->pdata, names->len);
    for (size_t k = 0; k < G_N_ELEMENTS(cols); k++) {
        const double *v = run_doubles(d, SIM_CSV_DEVICES, cols[k][0]);
        if (v)
            plot_chart_add_bars(c, cols[k][1], v, names->len);
    }
    return TRUE;
}

/* Disks with a capacity: what they can hold, the most their VM images (or partitions)
 * took, and the images' own sizes at the end (below what they took on a partitioned disk:
 * the rest of each slice is spent but empty); none: no chart. */
static gboolean build_disk_capacity(PlotRunData *d, PlotRunChart *rc)
{
    const double *cap = run_doubles(d, SIM_CSV_DEVICES, SIM_COL_DEV_CAPACITY_BYTES);
    const double *peak = run_doubles(d, SIM_CSV_DEVICES, SIM_COL_DEV_USED_PEAK_BYTES);
    const double *data = run_doubles(d, SIM_CSV_DEVICES, SIM_COL_DEV_IMAGE_BYTES);
    const double *images = run_doubles(d, SIM_CSV_DEVICES, SIM_COL_DEV_IMAGES);
    if (!cap || !peak || !data || !images || !run_has(d, SIM_CSV_DEVICES, SIM_COL_DEV_DEVICE))
        return FALSE;
    g_autoptr(GPtrArray) all = run_device_names(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autofree double *v = g_new0(double, 3 * MAX(all->len, 1));
    size_t n = 0;
    for (guint i = 0; i < all->len; i++)
        n += cap[i] > 0;
    if (!n)
        return FALSE;
    for (guint i = 0, k = 0; i < all->len; i++)
        if (cap[i] > 0) {
            g_ptr_array_add(names, g_strdup_printf("%s (%.0f images)", (char *)all->pdata[i],
                                                   images[i]));
            v[k] = cap[i], v[n + k] = peak[i], v[2 * n + k] = data[i];
            k++;
        }
    PlotChart *c = run_begin(rc, PLOT_KIND_GROUPED_BAR, "Which disks filled up, and with what?",
        run_device_note(d, "Each disk with a capacity: what it can hold, the most its VM "
                           "images took (a partitioned disk gives each VM a whole slice) and "
                           "the images' own sizes at the end (capacity_bytes, used_peak_bytes, "
                           "image_bytes, images in devices.csv); a VM with no room on any "
                           "host is rejected (vms.csv)"));
    plot_chart_set_axis(c, PLOT_AXIS_X, "Disk (VM images it holds at the end)", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Storage", PLOT_UNIT_BYTES);
    plot_chart_set_categories(c, (const char *const *)names->pdata, n);
    plot_chart_add_bars(c, "capacity", v, n);
    plot_chart_add_bars(c, "taken (most)", v + n, n);
    plot_chart_add_bars(c, "image data (end)", v + 2 * n, n);
    GString *f = g_string_new(NULL);
    for (size_t k = 0; k < n && k < 4; k++)
        g_string_append_printf(f, "%s%s: %.0f %% taken at most, %.0f %% holds image data",
                               k ? "; " : "", (char *)names->pdata[k],
                               100 * v[n + k] / v[k], 100 * v[2 * n + k] / v[k]);
    rc->finding = g_string_free(f, FALSE);
    return TRUE;
}

/* Runs with a driver domain (hosts.csv has driver_domain_served_frac) or a dom0 outage
 * (io.csv driver_domain_down_s > 0): each stream's offered and achieved throughput. */
static gboolean build_io_driver_domain(PlotRunData *d, PlotRunChart *rc)
{
    const double *served = run_doubles(d, SIM_CSV_HOSTS, SIM_COL_HOST_DD_SERVED_FRAC);
    const double *down = run_doubles(d, SIM_CSV_IO, SIM_COL_IO_DRIVER_DOWN_S);
    const double *ops = run_doubles(d, SIM_CSV_IO, SIM_COL_IO_OPS_PER_S);
    const double *bytes = run_doubles(d, SIM_CSV_IO, SIM_COL_IO_BYTES_PER_OP);
    const double *got = run_doubles(d, SIM_CSV_IO, SIM_COL_IO_THROUGHPUT_BYTES_PER_S);
    const char *const *vm = run_strings(d, SIM_CSV_IO, SIM_COL_IO_VM);
    if (!ops || !bytes || !got || !vm)
        return FALSE;
    gboolean any = FALSE;
    size_t n = MIN(plot_csv_n_rows(d->io), PLOT_RUN_MAX_CATEGORIES);
    for (size_t i = 0; served && i < plot_csv_n_rows(d->hosts); i++)
        any |= isfinite(served[i]);
    for (size_t i = 0; down && i < n; i++)
        any |= down[i] > 0;
    if (!any)
        return FALSE;
    g_autofree double *v = g_new0(double, 2 * n);
    size_t worst = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = ops[i] * bytes[i];
        v[n + i] = got[i];
        if (v[i] > 0 && v[worst] > 0 && got[i] / v[i] < got[worst] / v[worst])
            worst = i;
    }
    PlotChart *c = run_begin(rc, PLOT_KIND_GROUPED_BAR,
        "Did the driver domain hold back each guest's I/O?",
        g_strdup("Per I/O stream: the throughput its VM offers and what it got, averaged over "
                 "the time it ran (ops_per_s x bytes_per_op, throughput_bytes_per_s in io.csv). "
                 "A saturated or crashed driver domain (dom0) slows every stream through it; a "
                 "passthrough stream bypasses it (hosts.csv driver_domain_served_frac, io.csv "
                 "driver_domain_down_s)."));
    plot_chart_set_axis(c, PLOT_AXIS_X, "I/O stream (VM)", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Throughput", PLOT_UNIT_BYTES_PER_S);
    plot_chart_set_categories(c, vm, n);
    plot_chart_add_bars(c, "offered", v, n);
    plot_chart_add_bars(c, "achieved", v + n, n);
    rc->finding = g_strdup_printf("%s got %.0f %% of the I/O it offered, the least of the %zu "
                                  "streams", vm[worst], v[worst] > 0 ? 100 * got[worst] / v[worst]
                                  : 100.0, n);
    return TRUE;
}

static gboolean build_device_cdf(PlotRunData *d, PlotRunChart *rc)
{
    const double *lat = run_doubles(d, SIM_CSV_DEVICE_LATENCY, SIM_COL_LAT_LATENCY_S);
    const char *const *dev = run_strings(d, SIM_CSV_DEVICE_LATENCY, SIM_COL_LAT_DEVICE);
    if (!lat || !dev)
        return FALSE;
    size_t n = plot_csv_n_rows(d->devlat);
    g_autoptr(GPtrArray) devices = g_ptr_array_new();
    g_autofree guint *idx = run_group(dev, n, "device", devices);
    size_t shown = MIN(devices->len, PLOT_RUN_MAX_SERIES);
    PlotChart *c = run_begin(rc, PLOT_KIND_CDF, "How long do I/O requests take? Latency distribution", NULL);
    plot_chart_set_axis(c, PLOT_AXIS_X, "Latency", PLOT_UNIT_SECONDS);
    g_autofree double *buf = g_new0(double, MAX(n, 1));
    g_autofree double *medians = g_new0(double, MAX(shown, 1));
    for (size_t g = 0; g < shown; g++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (idx[i] == g)
                buf[m++] = lat[i];
        plot_chart_add_samples(c, devices->pdata[g], buf, m);
        medians[g] = run_median(buf, m);
    }
    g_autofree char *which = devices->len > shown
        ? g_strdup_printf("; the first %zu of %u devices", shown, devices->len) : g_strdup("");
    rc->caption = g_strdup_printf("Empirical CDF of request latency per device "
                                  "(device_latency.csv)%s.%s", which,
                                  run_scale_note(medians, shown));
    return TRUE;
}

/* One chart per device: the latency CDF of each VM using it, so tenants of one device can
 * be compared (a noisy neighbour shows as a shifted curve) on a scale of its own. */
static PlotRunChart *build_device_vm_cdf(PlotRunData *d, const char *device)
{
    const double *lat = run_doubles(d, SIM_CSV_DEVICE_LATENCY, SIM_COL_LAT_LATENCY_S);
    const char *const *dev = run_strings(d, SIM_CSV_DEVICE_LATENCY, SIM_COL_LAT_DEVICE);
    const char *const *vm = run_strings(d, SIM_CSV_DEVICE_LATENCY, SIM_COL_LAT_VM);
    size_t n = plot_csv_n_rows(d->devlat);
    if (!lat || !dev || !vm)
        return NULL;
    g_autofree const char **vms_of = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        vms_of[i] = strcmp(dev[i], device) == 0 ? vm[i] : "";
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autofree guint *idx = run_group(vms_of, n, "", names);
    PlotRunChart *rc = g_new0(PlotRunChart, 1);
    rc->owned_name = g_strdup_printf("device-latency-cdf-%s", device);
    g_strcanon(rc->owned_name, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_.", '-');  /* a file stem */
    rc->name = rc->owned_name;
    g_autofree char *title = g_strdup_printf("How long do requests to %s take, per VM?", device);
    PlotChart *c = run_begin(rc, PLOT_KIND_CDF, title, NULL);
    plot_chart_set_axis(c, PLOT_AXIS_X, "Latency", PLOT_UNIT_SECONDS);
    g_autofree double *buf = g_new0(double, MAX(n, 1));
    guint series = 0;
    for (guint g = 0; g < names->len && series < PLOT_RUN_MAX_SERIES; g++) {
        if (!*(const char *)names->pdata[g])
            continue;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (idx[i] == g)
                buf[m++] = lat[i];
        plot_chart_add_samples(c, names->pdata[g], buf, m);
        series++;
    }
    rc->caption = g_strdup_printf("Empirical CDF of request latency of each VM on device %s "
                                  "(device_latency.csv).", device);
    return rc;
}

static void add_device_vm_cdfs(PlotRunData *d, GPtrArray *out)
{
    if (!d->devlat)
        return;
    const char *const *dev = run_strings(d, SIM_CSV_DEVICE_LATENCY, SIM_COL_LAT_DEVICE);
    size_t n = plot_csv_n_rows(d->devlat);
    g_autoptr(GPtrArray) devices = g_ptr_array_new();
    g_autofree guint *idx = run_group(dev, n, "device", devices);
    for (guint g = 0; g < devices->len && g < PLOT_RUN_MAX_SERIES; g++) {
        PlotRunChart *rc = build_device_vm_cdf(d, devices->pdata[g]);
        if (rc)
            g_ptr_array_add(out, rc);
    }
}

/* ---- the list --------------------------------------------------------------------- */

/* The columns each chart reads: run_csv() refuses any other, tests/test-columns.c checks
 * them against the writers' contract (sim/out/columns.h). */
#define TS(col)  { SIM_CSV_TIMESERIES, col }
#define VM(col)  { SIM_CSV_VMS, col }
#define MIG(col) { SIM_CSV_MIGRATIONS, col }
#define DEV(col) { SIM_CSV_DEVICES, col }
#define LAT(col) { SIM_CSV_DEVICE_LATENCY, col }
#define RND(col) { SIM_CSV_ROUNDS, col }
#define HOST(col) { SIM_CSV_HOSTS, col }
#define END      { NULL, NULL }
static const PlotRunColumn reads_utilization[] = {
    TS(SIM_COL_TS_TIME_S), TS(SIM_COL_TS_DC_UTIL_FRAC), TS(SIM_COL_TS_VMS_RUNNING),
    TS(SIM_COL_TS_HOSTS_BUSY), END };
static const PlotRunColumn reads_host_util[] = {
    TS(SIM_COL_TS_TIME_S), TS(SIM_COL_TS_HOST_UTIL_PREFIX "*"), END };
static const PlotRunColumn reads_host_dist[] = {
    HOST(SIM_COL_HOST_UTIL_P50_FRAC), HOST(SIM_COL_HOST_UTIL_P95_FRAC),
    HOST(SIM_COL_HOST_UTIL_MAX_FRAC), TS(SIM_COL_TS_HOST_UTIL_PREFIX "*"), END };
static const PlotRunColumn reads_power[] = {
    TS(SIM_COL_TS_TIME_S), TS(SIM_COL_TS_POWER_W), TS(SIM_COL_TS_ENERGY_J),
    TS(SIM_COL_TS_HOSTS_ON), END };
static const PlotRunColumn reads_power_states[] = {
    TS(SIM_COL_TS_TIME_S), TS(SIM_COL_TS_HOSTS_ON), TS(SIM_COL_TS_HOSTS_BUSY),
    TS(SIM_COL_TS_HOSTS_BOOTING), HOST(SIM_COL_HOST_NAME), END };
static const PlotRunColumn reads_elasticity[] = {
    TS(SIM_COL_TS_TIME_S), TS(SIM_COL_TS_DEMAND_REQ_PER_S), TS(SIM_COL_TS_CAPACITY_REQ_PER_S),
    TS(SIM_COL_TS_INSTANCES), END };
static const PlotRunColumn reads_trace_resources[] = {
    TS(SIM_COL_TS_TIME_S), TS(SIM_COL_TS_TRACE_MEMORY_BYTES),
    TS(SIM_COL_TS_TRACE_DISK_BYTES_PER_S), TS(SIM_COL_TS_TRACE_NET_BYTES_PER_S), END };
static const PlotRunColumn reads_overhead[] = {
    VM(SIM_COL_VM_NAME), VM(SIM_COL_VM_GROUP), VM(SIM_COL_VM_OVH_PREFIX "*" SIM_COL_VM_OVH_SUFFIX),
    END };
static const PlotRunColumn reads_slowdown[] = {
    VM(SIM_COL_VM_NAME), VM(SIM_COL_VM_GROUP), VM(SIM_COL_VM_SLOWDOWN), VM(SIM_COL_VM_HOST),
    END };
static const PlotRunColumn reads_mig_timeline[] = {
    MIG(SIM_COL_MIG_VM), MIG(SIM_COL_MIG_START_S), MIG(SIM_COL_MIG_END_S),
    MIG(SIM_COL_MIG_DOWNTIME_S), MIG(SIM_COL_MIG_DOWNTIME_START_S), MIG(SIM_COL_MIG_STRATEGY),
    MIG(SIM_COL_MIG_SRC), MIG(SIM_COL_MIG_DST), MIG(SIM_COL_MIG_REFUSED),
    RND(SIM_COL_RND_MIGRATION), RND(SIM_COL_RND_PHASE), RND(SIM_COL_RND_START_S), END };
static const PlotRunColumn reads_mig_times[] = {
    MIG(SIM_COL_MIG_VM), MIG(SIM_COL_MIG_STRATEGY), MIG(SIM_COL_MIG_TOTAL_S),
    MIG(SIM_COL_MIG_DOWNTIME_S), MIG(SIM_COL_MIG_REFUSED), END };
static const PlotRunColumn reads_mig_rounds[] = {    /* and the per-migration charts */
    RND(SIM_COL_RND_MIGRATION), RND(SIM_COL_RND_ROUND), RND(SIM_COL_RND_PAGES_SENT),
    RND(SIM_COL_RND_DIRTY_LEFT_PAGES), RND(SIM_COL_RND_VM), RND(SIM_COL_RND_PHASE), END };
static const PlotRunColumn reads_dev_util[] = {
    DEV(SIM_COL_DEV_DEVICE), DEV(SIM_COL_DEV_HOST), DEV(SIM_COL_DEV_UTIL_FRAC), END };
static const PlotRunColumn reads_dev_latency[] = {
    DEV(SIM_COL_DEV_DEVICE), DEV(SIM_COL_DEV_HOST), DEV(SIM_COL_DEV_LATENCY_MEAN_S),
    DEV(SIM_COL_DEV_LATENCY_P50_S), DEV(SIM_COL_DEV_LATENCY_P99_S), END };
static const PlotRunColumn reads_disk_capacity[] = {
    DEV(SIM_COL_DEV_DEVICE), DEV(SIM_COL_DEV_HOST), DEV(SIM_COL_DEV_CAPACITY_BYTES),
    DEV(SIM_COL_DEV_USED_PEAK_BYTES), DEV(SIM_COL_DEV_IMAGE_BYTES), DEV(SIM_COL_DEV_IMAGES),
    END };
static const PlotRunColumn reads_io_dd[] = {
    HOST(SIM_COL_HOST_DD_SERVED_FRAC), { SIM_CSV_IO, SIM_COL_IO_DRIVER_DOWN_S },
    { SIM_CSV_IO, SIM_COL_IO_OPS_PER_S }, { SIM_CSV_IO, SIM_COL_IO_BYTES_PER_OP },
    { SIM_CSV_IO, SIM_COL_IO_THROUGHPUT_BYTES_PER_S }, { SIM_CSV_IO, SIM_COL_IO_VM }, END };
static const PlotRunColumn reads_dev_cdf[] = {      /* and the per-device, per-VM CDFs */
    LAT(SIM_COL_LAT_DEVICE), LAT(SIM_COL_LAT_VM), LAT(SIM_COL_LAT_LATENCY_S), END };
#undef TS
#undef VM
#undef MIG
#undef DEV
#undef LAT
#undef RND
#undef HOST
#undef END

static const struct {
    const char          *name;
    PlotRunBuildFn       build;
    const PlotRunColumn *reads;
} plot_run_types[] = {
    { "utilization", build_utilization, reads_utilization },
    { "host-utilization", build_host_heatmap, reads_host_util },
    { "host-distribution", build_host_distribution, reads_host_dist },
    { "power", build_power, reads_power },
    { "host-power-states", build_power_states, reads_power_states },
    { "elasticity", build_elasticity, reads_elasticity },
    { "trace-resources", build_trace_resources, reads_trace_resources },
    { "overhead", build_overhead, reads_overhead },
    { "slowdown", build_slowdown, reads_slowdown },
    { "migration-timeline", build_migration_timeline, reads_mig_timeline },
    { "migration-activity", build_migration_activity, reads_mig_timeline },
    { "migration-times", build_migration_times, reads_mig_times },
    { "migration-rounds", build_migration_rounds, reads_mig_rounds },
    { "device-utilization", build_device_util, reads_dev_util },
    { "device-latency", build_device_latency, reads_dev_latency },
    { "device-latency-cdf", build_device_cdf, reads_dev_cdf },
    { "disk-capacity", build_disk_capacity, reads_disk_capacity },
    { "io-driver-domain", build_io_driver_domain, reads_io_dd },
};

static const PlotRunColumn *run_type_reads(size_t i)
{
    return plot_run_types[i].reads;
}

static size_t run_n_types(void)
{
    return G_N_ELEMENTS(plot_run_types);
}

const PlotRunColumn *plot_run_chart_columns(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(plot_run_types); i++)
        if (strcmp(plot_run_types[i].name, name) == 0)
            return plot_run_types[i].reads;
    return plot_lesson_chart_columns(name);
}

const char *const *plot_run_chart_names(void)
{
    static const char *names[G_N_ELEMENTS(plot_run_types) + PLOT_LESSON_N_CHARTS + 1];
    for (size_t i = 0; i < G_N_ELEMENTS(plot_run_types); i++)
        names[i] = plot_run_types[i].name;
    for (size_t i = 0; i < PLOT_LESSON_N_CHARTS; i++)     /* the teaching charts (lesson.h) */
        names[G_N_ELEMENTS(plot_run_types) + i] = plot_lesson_chart_names()[i];
    return names;
}

void plot_run_chart_free(gpointer p)
{
    PlotRunChart *rc = p;
    g_free(rc->finding);
    g_free(rc->owned_name);
    g_free(rc->title);
    g_free(rc->caption);
    plot_chart_free(rc->chart);
    g_free(rc);
}

GPtrArray *plot_run_charts(const char *outdir, GError **error)
{
    g_return_val_if_fail(outdir != NULL, NULL);
    PlotRunData d = { 0 };
    if (!run_data_load(&d, outdir, error)) {
        run_data_clear(&d);
        return NULL;
    }
    GPtrArray *out = g_ptr_array_new_with_free_func(plot_run_chart_free);
    for (size_t i = 0; i < G_N_ELEMENTS(plot_run_types) && !d.error; i++) {
        PlotRunChart *rc = g_new0(PlotRunChart, 1);
        rc->name = plot_run_types[i].name;
        d.reads = plot_run_types[i].reads;
        if (plot_run_types[i].build(&d, rc) && !d.error)
            g_ptr_array_add(out, rc);
        else
            plot_run_chart_free(rc);
    }
    d.reads = reads_mig_rounds;
    if (!d.error)
        add_migration_rounds(&d, out);
    d.reads = reads_dev_cdf;
    if (!d.error)
        add_device_vm_cdfs(&d, out);
    /* The catalog's tables go before the lesson charts read theirs: one copy of vms.csv in
     * memory at a time (at 8x10^4 VMs each copy is about 170 MiB of cells). */
    GError *err = g_steal_pointer(&d.error);
    run_data_clear(&d);
    if (!err)
        plot_lesson_add_charts(outdir, out, &err);
    if (err) {
        g_propagate_error(error, err);
        g_clear_pointer(&out, g_ptr_array_unref);
    }
    return out;
}

/* ---- rendering -------------------------------------------------------------------- */

static const char *const plot_run_formats[] = { "png", "svg", "pdf", NULL };

static gboolean run_check_formats(const char *const *formats, GError **error)
{
    for (const char *const *f = formats; *f; f++) {
        if (!g_strv_contains(plot_run_formats, *f)) {
            g_set_error(error, PLOT_ERROR, PLOT_ERROR_FORMAT,
                        "error: unknown chart format '%s' (expected png, svg or pdf)", *f);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean run_prepare_dir(const char *dir, GError **error)
{
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        int err = errno;
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_IO, "%s: error: cannot create directory: %s",
                    dir, g_strerror(err));
        return FALSE;
    }
    for (const char *const *n = plot_run_chart_names(); *n; n++) {
        for (const char *const *f = plot_run_formats; *f; f++) {
            g_autofree char *file = g_strdup_printf("%s.%s", *n, *f);
            g_autofree char *path = g_build_filename(dir, file, NULL);
            g_remove(path);
        }
    }
    return TRUE;
}

gboolean plot_run_render_charts(const char *outdir, const GPtrArray *charts,
                                const char *const *formats, GError **error)
{
    g_return_val_if_fail(outdir != NULL && charts != NULL, FALSE);
    if (!formats || !formats[0])
        return TRUE;
    g_autofree char *dir = g_build_filename(outdir, "charts", NULL);
    if (!run_check_formats(formats, error) || !run_prepare_dir(dir, error))
        return FALSE;
    for (guint i = 0; i < charts->len; i++) {
        const PlotRunChart *rc = charts->pdata[i];
        sim_progress_step(i, charts->len, rc->name);
        for (const char *const *f = formats; *f; f++) {
            g_autofree char *file = g_strdup_printf("%s.%s", rc->name, *f);
            g_autofree char *path = g_build_filename(dir, file, NULL);
            if (!plot_chart_write(rc->chart, path, 0, 0, error))
                return FALSE;
        }
    }
    return TRUE;
}

gboolean plot_run_render(const char *outdir, const char *const *formats, GError **error)
{
    g_return_val_if_fail(outdir != NULL, FALSE);
    if (!formats || !formats[0])
        return TRUE;
    if (!run_check_formats(formats, error))
        return FALSE;
    g_autoptr(GPtrArray) charts = plot_run_charts(outdir, error);
    return charts && plot_run_render_charts(outdir, charts, formats, error);
}
