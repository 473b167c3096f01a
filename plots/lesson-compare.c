/* plots/lesson-compare.c — the charts of a run with compare: (see lesson.h): one line per
 * run on shared axes from each run's timeseries.csv, and each VM's p99 I/O latency per run
 * from each run's io.csv; runs are compare.csv's columns after metric and unit. */
#include "plots/lesson-priv.h"

#include <math.h>
#include <string.h>

#include "sim/out/columns.h"

/* ---- compare: one line per run on shared axes ------------------------------------- */

static PlotRunChart *compare_chart(Lesson *l, const char *stem, const char *col,
                                   const char *title, const char *y, PlotUnit unit)
{
    size_t nc = plot_csv_n_cols(l->cmp);
    PlotRunChart *rc = lesson_chart_new(stem, PLOT_KIND_STEP, title, g_strdup_printf(
        "The same quantity (%s of timeseries.csv) for the scenario as written (base) and each "
        "variant of compare:, on one pair of axes.", col));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(rc->chart, PLOT_AXIS_Y, y, unit);
    if (unit == PLOT_UNIT_FRAC)
        plot_chart_set_axis_range(rc->chart, PLOT_AXIS_Y, 0.0, 1.0);
    gboolean any = FALSE;
    for (size_t c = 2; c < nc && !l->error; c++) {
        const char *run = plot_csv_col_name(l->cmp, c);
        g_autofree char *dir = c == 2 ? g_strdup(l->outdir)
                                      : g_build_filename(l->outdir, SIM_DIR_VARIANTS, run, NULL);
        PlotCsv *ts = lesson_load(l, dir, SIM_CSV_TIMESERIES);
        const double *t = lesson_nums(l, ts, SIM_COL_TS_TIME_S), *v = lesson_nums(l, ts, col);
        if (t && v) {
            plot_chart_add_series(rc->chart, run, t, v, plot_csv_n_rows(ts));
            any = TRUE;
        }
        plot_csv_free(ts);
    }
    if (any)
        return rc;
    plot_chart_free(rc->chart);
    g_free(rc->title);
    g_free(rc->caption);
    g_free(rc);
    return NULL;
}

/* io.csv's p99 latency per (VM, device) of the base run, each run's value beside it. */
typedef struct {
    GPtrArray *labels;        /* "VM on DEVICE", owned */
    GPtrArray *keys;          /* "VM\tDEVICE", owned */
    double    *p99;           /* [run * keys + k], NAN: the VM did not use it in that run */
    size_t     n_runs;
} IoGrid;

static void io_grid_clear(IoGrid *g)
{
    g_ptr_array_unref(g->labels);
    g_ptr_array_unref(g->keys);
    g_free(g->p99);
}

/* Fills run r of the grid from dir/io.csv; the base run (r = 0) sets the rows. */
static void io_grid_run(Lesson *l, IoGrid *g, const char *dir, size_t r)
{
    PlotCsv *io = lesson_load(l, dir, SIM_CSV_IO);
    const char *const *vm = lesson_strs(io, SIM_COL_IO_VM);
    const char *const *dev = lesson_strs(io, SIM_COL_IO_DEVICE);
    const double *p99 = lesson_nums(l, io, SIM_COL_IO_LATENCY_P99_S);
    for (size_t i = 0; vm && dev && p99 && i < plot_csv_n_rows(io); i++) {
        g_autofree char *key = g_strdup_printf("%s\t%s", vm[i], dev[i]);
        guint k = 0;
        while (k < g->keys->len && strcmp(g->keys->pdata[k], key) != 0)
            k++;
        if (k == g->keys->len && r == 0 && isfinite(p99[i]) && k < LESSON_MAX_CATEGORIES) {
            g_ptr_array_add(g->keys, g_steal_pointer(&key));
            g_ptr_array_add(g->labels, g_strdup_printf("%s on %s", vm[i], dev[i]));
        }
        if (k < g->keys->len)
            g->p99[r * LESSON_MAX_CATEGORIES + k] = p99[i];
    }
    plot_csv_free(io);
}

static char *fmt_latency(double s)
{
    return s >= 1 ? g_strdup_printf("%.3g s", s) : s >= 1e-3 ? g_strdup_printf("%.3g ms", 1e3 * s)
                  : g_strdup_printf("%.3g µs", 1e6 * s);
}

/* Each (VM, device) that every run has: its p99 in base, and in each variant. */
static char *io_finding(const IoGrid *g, const char *const *runs)
{
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < g->keys->len; k++) {
        gboolean all = TRUE;
        for (size_t r = 1; r < g->n_runs; r++)
            all &= isfinite(g->p99[r * LESSON_MAX_CATEGORIES + k]);
        if (!all)
            continue;
        g_autofree char *b = fmt_latency(g->p99[k]);
        g_string_append_printf(s, "%s%s %s in %s", s->len ? "; " : "",
                               (const char *)g->labels->pdata[k], b, runs[0]);
        for (size_t r = 1; r < g->n_runs; r++) {
            double v = g->p99[r * LESSON_MAX_CATEGORIES + k], x = g->p99[k] / v;
            g_autofree char *t = fmt_latency(v);
            if (fabs(x - 1) < 0.005)
                g_string_append_printf(s, ", the same in %s", runs[r]);
            else
                g_string_append_printf(s, " against %s in %s (%.2gx)", t, runs[r], x);
        }
    }
    if (!s->len)
        return g_string_free(s, TRUE);
    g_string_prepend(s, "99th-percentile I/O latency: ");
    g_string_append_c(s, '.');
    return g_string_free(s, FALSE);
}

static PlotRunChart *build_compare_latency(Lesson *l)
{
    size_t nc = plot_csv_n_cols(l->cmp);
    IoGrid g = { g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free),
                 NULL, nc > 2 ? nc - 2 : 0 };
    g.p99 = g_new(double, MAX(g.n_runs, 1) * LESSON_MAX_CATEGORIES);
    for (size_t i = 0; i < MAX(g.n_runs, 1) * LESSON_MAX_CATEGORIES; i++)
        g.p99[i] = NAN;
    g_autofree const char **runs = g_new0(const char *, MAX(g.n_runs, 1));
    for (size_t r = 0; r < g.n_runs && !l->error; r++) {
        runs[r] = plot_csv_col_name(l->cmp, r + 2);
        g_autofree char *dir = r == 0 ? g_strdup(l->outdir)
                                      : g_build_filename(l->outdir, SIM_DIR_VARIANTS, runs[r],
                                                         NULL);
        io_grid_run(l, &g, dir, r);
    }
    PlotRunChart *rc = NULL;
    if (g.keys->len > 0 && g.n_runs >= 2 && !l->error) {
        rc = lesson_chart_new("compare-latency", PLOT_KIND_GROUPED_BAR,
            "How long does each VM's I/O take on each device, run by run?",
            g_strdup("The 99th-percentile latency (latency_p99_s of io.csv) of every VM on "
                     "every device it uses, one bar per run: the scenario as written (base) "
                     "and each variant of compare:. A bar that grows from the variant to base "
                     "is latency the neighbours added; a missing bar, a VM that did no I/O in "
                     "that run."));
        plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "VM on device", PLOT_UNIT_NONE);
        plot_chart_set_axis(rc->chart, PLOT_AXIS_Y, "p99 latency", PLOT_UNIT_SECONDS);
        plot_chart_set_categories(rc->chart, (const char *const *)g.labels->pdata, g.labels->len);
        double lo = INFINITY, hi = 0;
        for (size_t r = 0; r < g.n_runs; r++) {
            const double *v = g.p99 + r * LESSON_MAX_CATEGORIES;
            for (guint k = 0; k < g.keys->len; k++)
                if (v[k] > 0)
                    lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
            plot_chart_add_bars(rc->chart, runs[r], v, g.keys->len);
        }
        plot_chart_set_axis_log(rc->chart, PLOT_AXIS_Y, hi > 100 * lo);
        rc->finding = io_finding(&g, runs);
    }
    io_grid_clear(&g);
    return rc;
}

static char *compare_finding(Lesson *l)
{
    const char *const *metric = lesson_strs(l->cmp, SIM_COL_CMP_METRIC);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; metric && i < plot_csv_n_rows(l->cmp); i++) {
        if (strcmp(metric[i], "dc_util_mean_frac") != 0 && strcmp(metric[i], "energy_kwh") != 0)
            continue;
        g_string_append_printf(s, "%s%s: ", s->len ? "; " : "", strcmp(metric[i], "energy_kwh")
                               ? "mean datacenter utilization" : "energy");
        for (size_t c = 2; c < plot_csv_n_cols(l->cmp); c++) {
            const double *v = lesson_nums(l, l->cmp, plot_csv_col_name(l->cmp, c));
            if (!v)
                continue;
            gboolean pct = strcmp(metric[i], "energy_kwh") != 0;
            g_string_append_printf(s, "%s%s %.3g%s", c > 2 ? ", " : "",
                                   plot_csv_col_name(l->cmp, c), pct ? 100 * v[i] : v[i],
                                   pct ? " %" : " kWh");
        }
    }
    if (!s->len)
        return g_string_free(s, TRUE);
    g_string_append_c(s, '.');
    s->str[0] = g_ascii_toupper(s->str[0]);
    return g_string_free(s, FALSE);
}

void lesson_add_compare(Lesson *l, GPtrArray *out)
{
    if (!l->cmp)
        return;
    PlotRunChart *u = compare_chart(l, "compare-utilization", SIM_COL_TS_DC_UTIL_FRAC,
                                    "How busy is the datacenter in each run (same axes)?",
                                    "CPU utilization", PLOT_UNIT_FRAC);
    if (u) {
        u->finding = compare_finding(l);
        g_ptr_array_add(out, u);
    }
    if (!l->error)
        lesson_add_if(out, build_compare_latency(l));
    PlotRunChart *p = compare_chart(l, "compare-power", SIM_COL_TS_POWER_W,
                                    "How much power does each run draw (same axes)?", "Power (W)",
                                    PLOT_UNIT_NONE);
    if (p) {
        p->finding = compare_finding(l);
        g_ptr_array_add(out, p);
    }
}

