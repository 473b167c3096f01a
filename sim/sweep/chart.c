/* sim/sweep/chart.c — a sweep's charts: each metric against each swept parameter.
 *
 * For metric m and parameter P the points are grouped by the values of the *other*
 * parameters (groups in order of first appearance); each group is one series.  A numeric
 * parameter (every value a number with one common unit) gives a line chart of the mean
 * against P's value with the 95 % confidence interval as error bars; a categorical one
 * (strategy or policy names) gives grouped bars of the means, one category per value in
 * file order.  Charts read only the aggregated table (no model code), are drawn after every
 * run is done, on -j threads (one chart per job; the files do not depend on which thread
 * drew them), and go to DIR/charts/METRIC-vs-PARAM.EXT.
 * Metrics charted: sweep.charts, or by default every metric whose mean differs between
 * points (constant ones, such as the host count, say nothing).
 * Labels: metric and parameter names are spelt out ("downtime_mean_s" reads "Downtime
 * (mean)" on an axis in s; "profiles.workloads.writer.dirty_rate" reads "dirty rate
 * (pages/s)"); series are named "strategy = pre-copy"; the title says n and the interval.
 * The value axis of a line chart is logarithmic when sweep.log_y is on, or when it is auto
 * and the positive means span more than SWEEP_LOG_DECADES decades.  A point with an
 * infeasible replication is drawn hollow, and no chart marks a best point.
 */
#include "sim/sweep/sweep.h"

#include <math.h>
#include <string.h>

#include "plots/plot.h"
#include "sim/sweep/config.h"

#define SWEEP_LOG_DECADES 2.0

/* Unit suffixes of metric names: the part the axis shows as a unit, not as words. */
static const struct { const char *suffix, *words; } metric_suffixes[] = {
    { "_bytes_per_s", "" }, { "_ns", "" }, { "_s", "" }, { "_bytes", "" }, { "_frac", "" },
    { "_kwh", " (kWh)" }, { "_w", " (W)" }, { "_j", " (J)" },
};

static PlotUnit metric_unit(const char *metric)
{
    if (g_str_has_suffix(metric, "_bytes_per_s"))
        return PLOT_UNIT_BYTES_PER_S;
    if (g_str_has_suffix(metric, "_s") || g_str_has_suffix(metric, "_ns"))
        return PLOT_UNIT_SECONDS;
    if (g_str_has_suffix(metric, "_bytes"))
        return PLOT_UNIT_BYTES;
    if (g_str_has_suffix(metric, "_frac"))
        return PLOT_UNIT_FRAC;
    return PLOT_UNIT_NONE;
}

/* Metrics in SI base units: a name ending in _ns holds nanoseconds; charts want seconds. */
static double metric_scale(const char *metric)
{
    return g_str_has_suffix(metric, "_ns") ? 1e-9 : 1.0;
}

static gboolean metric_varies(const SimSweep *sw, const SimSweepTable *t, guint m)
{
    double first = NAN;
    for (guint p = 0; p < sw->points->len; p++) {
        double mean = sim_sweep_table_get(t, p, m)->mean;
        if (!isfinite(mean))
            continue;
        if (isfinite(first) && mean != first)
            return TRUE;
        first = mean;
    }
    return FALSE;
}

/* The last segment of a path: "dirty_rate" for "profiles.workloads.writer.dirty_rate". */
/* "dirty_rate" -> "dirty rate". */
static char *words(const char *name)
{
    char *w = g_strdup(name);
    g_strdelimit(w, "_", ' ');
    return w;
}

/* A parameter in words: its last key with the one above it, which says what it belongs to
 * ("scheduler.consolidation.low" -> "consolidation low", "hosts.node.count" -> "node
 * count", "migration.strategy" -> "migration strategy"), unless that is a list index
 * ("hosts.0.cores" -> "cores"). */
static char *param_words(const char *path)
{
    g_auto(GStrv) keys = g_strsplit(path, ".", -1);
    guint n = g_strv_length(keys);
    const char *parent = n >= 2 ? keys[n - 2] : NULL;
    gboolean index = parent && *parent && strspn(parent, "0123456789") == strlen(parent);
    g_autofree char *name = parent && !index ? g_strdup_printf("%s %s", parent, keys[n - 1])
                                             : g_strdup(n ? keys[n - 1] : path);
    return words(name);
}

/* "downtime_mean_s" -> "Downtime (mean)"; "mig_rounds_mean" -> "Migration rounds (mean)";
 * "energy_kwh" -> "Energy (kWh)". */
char *sim_sweep_metric_label(const char *metric)
{
    if (strcmp(metric, "migration_bytes") == 0)   /* "Migration (GiB)" would say too little */
        return g_strdup("Migration traffic");
    g_autofree char *base = g_strdup(g_str_has_prefix(metric, "mig_") ? metric + 4 : metric);
    const char *tail = "";
    for (size_t i = 0; i < G_N_ELEMENTS(metric_suffixes); i++)
        if (g_str_has_suffix(base, metric_suffixes[i].suffix)) {
            base[strlen(base) - strlen(metric_suffixes[i].suffix)] = '\0';
            tail = metric_suffixes[i].words;
            break;
        }
    gboolean mean = g_str_has_suffix(base, "_mean") && strlen(base) > 5;
    if (mean)
        base[strlen(base) - 5] = '\0';
    g_autofree char *w = words(base);
    gboolean mig = g_str_has_prefix(metric, "mig_");
    if (!mig)
        w[0] = g_ascii_toupper(w[0]);
    return g_strdup_printf("%s%s%s%s", mig ? "Migration " : "", w, mean ? " (mean)" : "", tail);
}

/* "dirty rate (pages/s)", "strategy". */
char *sim_sweep_param_label(const SimSweepParam *p)
{
    g_autofree char *w = param_words(p->path);
    return *p->unit ? g_strdup_printf("%s (%s)", w, p->unit) : g_strdup(w);
}

/* The series name of point p, leaving out parameter skip: "strategy = pre-copy",
 * "cpu = 2, workload = long", or "" for a sweep of one parameter. */
static char *group_label(const SimSweep *sw, const SimSweepPoint *pt, guint skip)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < sw->params->len; i++) {
        if (i == skip)
            continue;
        const SimSweepParam *q = g_ptr_array_index(sw->params, i);
        const char *dot = strrchr(q->path, '.');      /* the legend is narrow: last key */
        g_autofree char *w = words(dot ? dot + 1 : q->path);
        g_string_append_printf(s, "%s%s = %s", s->len ? ", " : "", w, pt->values[i]);
    }
    return g_string_free(s, FALSE);
}

/* groups: GPtrArray of GArray (point indices); labels: their names. */
static void group_points(const SimSweep *sw, guint param, GPtrArray *groups, GPtrArray *labels)
{
    for (guint p = 0; p < sw->points->len; p++) {
        char *label = group_label(sw, g_ptr_array_index(sw->points, p), param);
        guint g = 0;
        while (g < labels->len && strcmp(g_ptr_array_index(labels, g), label) != 0)
            g++;
        if (g == labels->len) {
            g_ptr_array_add(labels, label);
            g_ptr_array_add(groups, g_array_new(FALSE, FALSE, sizeof(guint)));
        } else {
            g_free(label);
        }
        g_array_append_val(g_ptr_array_index(groups, g), p);
    }
}

static double param_number(const SimSweepPoint *pt, guint param)
{
    return g_ascii_strtod(pt->values[param], NULL);
}

static void add_line(PlotChart *c, const SimSweep *sw, const SimSweepTable *t, guint m,
                     guint param, GArray *idx, const char *name)
{
    guint n = idx->len;
    g_autofree double *x = g_new(double, n), *y = g_new(double, n);
    g_autofree double *lo = g_new(double, n), *hi = g_new(double, n);
    g_autofree guint *order = g_memdup2(idx->data, n * sizeof(guint));
    for (guint i = 1; i < n; i++)            /* insertion sort by x: stable, n is small */
        for (guint j = i; j > 0 && param_number(g_ptr_array_index(sw->points, order[j - 1]),
                                                param) >
                                   param_number(g_ptr_array_index(sw->points, order[j]), param);
             j--) {
            guint tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    double k = metric_scale(g_ptr_array_index(t->metrics, m));
    g_autofree gboolean *hollow = g_new(gboolean, n);
    for (guint i = 0; i < n; i++) {
        const SimSweepStats *st = sim_sweep_table_get(t, order[i], m);
        x[i] = param_number(g_ptr_array_index(sw->points, order[i]), param);
        y[i] = k * st->mean;
        lo[i] = isfinite(st->ci_lo) ? k * st->ci_lo : y[i];
        hi[i] = isfinite(st->ci_hi) ? k * st->ci_hi : y[i];
        hollow[i] = !sim_sweep_point_feasible(sw, t, order[i]);
    }
    size_t s = plot_chart_add_series(c, name, x, y, n);
    plot_chart_set_errors(c, s, lo, hi);
    plot_chart_set_hollow(c, s, hollow);
}

static void add_bars(PlotChart *c, const SimSweep *sw, const SimSweepTable *t, guint m,
                     guint param, GArray *idx, const char *name)
{
    const SimSweepParam *q = g_ptr_array_index(sw->params, param);
    g_autofree double *v = g_new(double, q->values->len);
    g_autofree gboolean *hollow = g_new0(gboolean, q->values->len);
    double k = metric_scale(g_ptr_array_index(t->metrics, m));
    for (guint c_i = 0; c_i < q->values->len; c_i++) {
        v[c_i] = NAN;
        for (guint i = 0; i < idx->len; i++) {
            guint p = g_array_index(idx, guint, i);
            const SimSweepPoint *pt = g_ptr_array_index(sw->points, p);
            if (strcmp(pt->values[param], g_ptr_array_index(q->values, c_i)) != 0)
                continue;
            v[c_i] = k * sim_sweep_table_get(t, p, m)->mean;
            hollow[c_i] = !sim_sweep_point_feasible(sw, t, p);
        }
    }
    size_t s = plot_chart_add_bars(c, name, v, q->values->len);
    plot_chart_set_hollow(c, s, hollow);
}

/* Whether the value axis of metric m is logarithmic (see the header comment). */
static gboolean use_log(const SimSweep *sw, const SimSweepTable *t, guint m)
{
    if (sw->log_y != SCN_SWEEP_LOG_AUTO)
        return sw->log_y == SCN_SWEEP_LOG_ON;
    double lo = INFINITY, hi = 0;
    for (guint p = 0; p < sw->points->len; p++) {
        double mean = sim_sweep_table_get(t, p, m)->mean;
        if (isfinite(mean) && mean > 0) {
            lo = fmin(lo, mean);
            hi = fmax(hi, mean);
        }
    }
    return hi > 0 && log10(hi / lo) > SWEEP_LOG_DECADES;
}

static gboolean any_infeasible(const SimSweep *sw, const SimSweepTable *t)
{
    for (guint p = 0; p < sw->points->len; p++)
        if (!sim_sweep_point_feasible(sw, t, p))
            return TRUE;
    return FALSE;
}

/* "What does writer dirty rate do to downtime (mean)?" over "Mean of n = 10, 95 % CI" (the
 * parameter is the subject: no verb to agree with a plural metric). */
static char *chart_title(const SimSweep *sw, const SimSweepTable *t, guint m,
                         const SimSweepParam *q)
{
    g_autofree char *metric = sim_sweep_metric_label(g_ptr_array_index(t->metrics, m));
    g_autofree char *param = param_words(q->path);
    g_autofree char *runs = sw->replications == 1
        ? g_strdup("One run per point")
        : g_strdup_printf("Mean of n = %u%s", sw->replications,
                          q->numeric ? ", 95 % CI" : "");
    if (metric[0] && g_ascii_islower(metric[1]))       /* "Energy" -> "energy", "VMs" stays */
        metric[0] = g_ascii_tolower(metric[0]);
    return g_strdup_printf("What does %s do to %s?\n%s%s", param, metric, runs,
                           any_infeasible(sw, t) ? "; hollow = infeasible" : "");
}

static PlotChart *build_chart(const SimSweep *sw, const SimSweepTable *t, guint m, guint param)
{
    const SimSweepParam *q = g_ptr_array_index(sw->params, param);
    const char *metric = g_ptr_array_index(t->metrics, m);
    g_autofree char *title = chart_title(sw, t, m, q);
    PlotChart *c = plot_chart_new(q->numeric ? PLOT_KIND_LINE : PLOT_KIND_GROUPED_BAR, title);
    g_autofree char *xlabel = sim_sweep_param_label(q);
    g_autofree char *ylabel = sim_sweep_metric_label(metric);
    plot_chart_set_axis(c, PLOT_AXIS_X, xlabel, PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, ylabel, metric_unit(metric));
    if (q->numeric && use_log(sw, t, m))
        plot_chart_set_axis_log(c, PLOT_AXIS_Y, TRUE);
    if (!q->numeric)
        plot_chart_set_categories(c, (const char *const *)q->values->pdata, q->values->len);
    g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
    group_points(sw, param, groups, labels);
    for (guint g = 0; g < groups->len; g++) {
        const char *label = g_ptr_array_index(labels, g);
        const char *name = *label ? label : ylabel;
        if (q->numeric)
            add_line(c, sw, t, m, param, g_ptr_array_index(groups, g), name);
        else
            add_bars(c, sw, t, m, param, g_ptr_array_index(groups, g), name);
    }
    return c;
}

gboolean sim_sweep_chart_wanted(const SimSweep *sw, const SimSweepTable *t, guint m)
{
    if (!sw->chart_metrics)
        return metric_varies(sw, t, m);
    return g_ptr_array_find_with_equal_func(sw->chart_metrics, g_ptr_array_index(t->metrics, m),
                                            g_str_equal, NULL);
}

/* One chart to draw: metric m against parameter i, in every format.  Workers draw jobs in
 * any order; each job's files, count and error are its own, so the result is the same
 * as drawing them in order. */
typedef struct {
    const SimSweep      *sw;
    const SimSweepTable *t;
    const char          *charts;
    guint                m, i;
    guint                written;
    GError              *error;
} ChartJob;

static void chart_job_draw(ChartJob *j)
{
    PlotChart *c = build_chart(j->sw, j->t, j->m, j->i);
    const SimSweepParam *q = g_ptr_array_index(j->sw->params, j->i);
    for (char **f = j->sw->chart_formats; *f; f++) {
        g_autofree char *leaf = g_strdup_printf("%s-vs-%s.%s", (char *)
                                                g_ptr_array_index(j->t->metrics, j->m),
                                                q->path, *f);
        g_autofree char *path = g_build_filename(j->charts, leaf, NULL);
        if (!plot_chart_write(c, path, 0, 0, &j->error))
            break;
        j->written++;
    }
    plot_chart_free(c);
}

typedef struct {
    GArray *jobs;            /* ChartJob */
    gint    next;            /* the next job to take (atomic) */
} ChartQueue;

/* A drawing thread: takes jobs until none is left, then frees its fonts. */
static gpointer chart_worker(gpointer data)
{
    ChartQueue *q = data;
    for (guint k; (k = (guint)g_atomic_int_add(&q->next, 1)) < q->jobs->len;)
        chart_job_draw(&g_array_index(q->jobs, ChartJob, k));
    plot_thread_done();
    return NULL;
}

/* Draws the jobs on `threads` threads (cairo surfaces and pango layouts are per chart, and
 * pangocairo's font map is per thread), or on this one; then the first error in job order
 * wins, as when drawing in order. */
static guint chart_jobs_run(GArray *jobs, int threads, GError **error)
{
    guint n = MIN((guint)MAX(threads, 1), jobs->len);
    if (n > 1) {
        ChartQueue q = { jobs, 0 };
        GThread **t = g_new(GThread *, n);
        for (guint i = 0; i < n; i++)
            t[i] = g_thread_new("sweep-chart", chart_worker, &q);
        for (guint i = 0; i < n; i++)
            g_thread_join(t[i]);
        g_free(t);
    } else {
        for (guint k = 0; k < jobs->len; k++) {
            ChartJob *j = &g_array_index(jobs, ChartJob, k);
            chart_job_draw(j);
            if (j->error)
                break;
        }
    }
    guint written = 0;
    for (guint k = 0; k < jobs->len; k++) {
        ChartJob *j = &g_array_index(jobs, ChartJob, k);
        written += j->written;
        if (j->error && error && !*error)
            g_propagate_error(error, g_steal_pointer(&j->error));
        g_clear_error(&j->error);
    }
    return written;
}

guint sim_sweep_charts(const SimSweep *sw, const SimSweepTable *t, const char *dir,
                       int threads, GError **error)
{
    g_autofree char *charts = g_build_filename(dir, "charts", NULL);
    if (g_mkdir_with_parents(charts, 0755) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "cannot create chart directory '%s'", charts);
        return 0;
    }
    g_autoptr(GArray) jobs = g_array_new(FALSE, TRUE, sizeof(ChartJob));
    for (guint m = 0; m < t->metrics->len; m++) {
        if (!sim_sweep_chart_wanted(sw, t, m))
            continue;
        for (guint i = 0; i < sw->params->len; i++) {
            ChartJob j = { sw, t, charts, m, i, 0, NULL };
            g_array_append_val(jobs, j);
        }
    }
    return chart_jobs_run(jobs, threads, error);
}
