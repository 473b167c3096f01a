/* plots/lesson-elastic.c — the elasticity teaching charts (see lesson.h): the SLA
 * violation and the demand against ready capacity of each service, from timeseries.csv's
 * per-service columns, and the time-to-ready distribution from elasticity.csv. */
#include "plots/lesson-priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/out/columns.h"

/* ---- time to ready ---------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n == 0 ? NAN : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static PlotRunChart *build_ready(Lesson *l)
{
    const char *const *svc = lesson_strs(l->ela, SIM_COL_ELA_SERVICE);
    const double *sub = lesson_nums(l, l->ela, SIM_COL_ELA_SUBMITTED_S);
    const double *ready = lesson_nums(l, l->ela, SIM_COL_ELA_READY_S);
    if (!svc || !sub || !ready)
        return NULL;
    size_t n = plot_csv_n_rows(l->ela);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    for (size_t i = 0; i < n; i++)
        lesson_intern(names, svc[i]);
    PlotRunChart *rc = lesson_chart_new("time-to-ready", PLOT_KIND_CDF,
        "How long from a scale-out request to a ready instance, per service?",
        g_strdup("The distribution of ready_s - submitted_s of every provisioning request in "
                 "elasticity.csv, one line per service: approval, image transfer and boot. "
                 "A line further left scales out faster."));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "Time to ready", PLOT_UNIT_SECONDS);
    g_autofree double *buf = g_new0(double, MAX(n, 1));
    GString *f = g_string_new("Median time to ready: ");
    for (guint k = 0; k < names->len && k < LESSON_MAX_SERIES; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(svc[i], names->pdata[k]) == 0 && isfinite(ready[i]) && isfinite(sub[i]))
                buf[m++] = ready[i] - sub[i];
        plot_chart_add_samples(rc->chart, names->pdata[k], buf, m);
        g_string_append_printf(f, "%s%s %.3g s over %zu requests", k ? ", " : "",
                               (const char *)names->pdata[k], median_of(buf, m), m);
    }
    g_string_append_c(f, '.');
    rc->finding = g_string_free(f, FALSE);
    return rc;
}

/* ---- elasticity per service ------------------------------------------------------ */

/* The services of timeseries.csv's per-service columns (PREFIX:<service>), in file order. */
static GPtrArray *ts_services(Lesson *l, const char *prefix)
{
    GPtrArray *svc = g_ptr_array_new_with_free_func(g_free);
    size_t n = strlen(prefix);
    for (size_t c = 0; l->ts && c < plot_csv_n_cols(l->ts); c++) {
        const char *cn = plot_csv_col_name(l->ts, c);
        if (strncmp(cn, prefix, n) == 0 && cn[n] == ':' && cn[n + 1])
            g_ptr_array_add(svc, g_strdup(cn + n + 1));
    }
    return svc;
}

static const double *ts_col(Lesson *l, const char *prefix, const char *svc)
{
    g_autofree char *col = g_strdup_printf("%s:%s", prefix, svc);
    return lesson_nums(l, l->ts, col);
}

/* TRUE when every service sees the same demand at every sample (one line says it all). */
static gboolean same_demand(Lesson *l, const GPtrArray *svc)
{
    const double *d0 = ts_col(l, SIM_COL_TS_DEMAND_REQ_PER_S, svc->pdata[0]);
    for (guint k = 1; d0 && k < svc->len; k++) {
        const double *d = ts_col(l, SIM_COL_TS_DEMAND_REQ_PER_S, svc->pdata[k]);
        for (size_t i = 0; d && i < plot_csv_n_rows(l->ts); i++)
            if (d[i] != d0[i])
                return FALSE;
    }
    return d0 != NULL;
}

static PlotRunChart *build_services(Lesson *l)
{
    g_autoptr(GPtrArray) svc = ts_services(l, SIM_COL_TS_CAPACITY_REQ_PER_S);
    const double *t = lesson_nums(l, l->ts, SIM_COL_TS_TIME_S);
    if (!t || svc->len < 2)
        return NULL;
    gboolean one = same_demand(l, svc);
    size_t all = plot_csv_n_rows(l->ts), n = MIN(all, LESSON_SERVICE_SAMPLES);
    g_autofree char *part = n < all
        ? g_strdup_printf(" The first %zu of %zu samples (to t = %.4g s), so each rise of "
                          "the demand stays readable; the whole run is in timeseries.csv and "
                          "the SLA-violation chart.", n, all, t[n - 1])
        : g_strdup("");
    PlotRunChart *rc = lesson_chart_new("elasticity-services", PLOT_KIND_STEP,
        "Does each service's ready capacity keep up with its demand?",
        g_strdup_printf("Per service: the offered load and the load its ready instances can "
                        "serve (demand_req_per_s:SERVICE, capacity_req_per_s:SERVICE in "
                        "timeseries.csv; instances still booting do not count). Where a "
                        "service's capacity line is below %s, it violates its SLA.%s",
                        one ? "the demand line (the same for every service)" : "its demand",
                        part));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(rc->chart, PLOT_AXIS_Y, "Load (requests/s)", PLOT_UNIT_NONE);
    for (guint k = 0; k < svc->len && k < LESSON_MAX_SERIES / 2; k++) {
        const char *name = svc->pdata[k];
        const double *d = ts_col(l, SIM_COL_TS_DEMAND_REQ_PER_S, name);
        const double *c = ts_col(l, SIM_COL_TS_CAPACITY_REQ_PER_S, name);
        g_autofree char *dl = one ? g_strdup("demand (every service)")
                                  : g_strdup_printf("%s demand", name);
        g_autofree char *cl = g_strdup_printf("%s ready capacity", name);
        if (d && (k == 0 || !one))
            plot_chart_add_series(rc->chart, dl, t, d, n);
        if (c)
            plot_chart_add_series(rc->chart, cl, t, c, n);
    }
    return rc;
}

static PlotRunChart *build_sla(Lesson *l)
{
    g_autoptr(GPtrArray) svc = ts_services(l, SIM_COL_TS_SLA_VIOLATION_S);
    const double *t = lesson_nums(l, l->ts, SIM_COL_TS_TIME_S);
    if (!t || svc->len < 2)
        return NULL;
    PlotRunChart *rc = lesson_chart_new("sla-violation", PLOT_KIND_STEP,
        "How long did each service miss its SLA? Time in violation, accumulated",
        g_strdup("Per service, the seconds so far in which demand exceeded the capacity of "
                 "its ready instances (sla_violation_s:SERVICE in timeseries.csv; the last "
                 "value is the headline's). A line that climbs at every rise of the demand "
                 "belongs to a service that scales out too slowly."));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(rc->chart, PLOT_AXIS_Y, "SLA violated so far", PLOT_UNIT_SECONDS);
    size_t n = plot_csv_n_rows(l->ts);
    double span = n ? t[n - 1] - t[0] : 0;
    GString *f = g_string_new(NULL);
    if (span >= 7200)
        g_string_append_printf(f, "In %.3g h, ", span / 3600);
    else
        g_string_append_printf(f, "In %.3g %s, ", span >= 180 ? span / 60 : span,
                               span >= 180 ? "min" : "s");
    size_t lead = f->len;
    double lo = INFINITY, hi = 0;
    const char *lo_name = NULL, *hi_name = NULL;
    for (guint k = 0; k < svc->len && k < LESSON_MAX_SERIES; k++) {
        const double *v = ts_col(l, SIM_COL_TS_SLA_VIOLATION_S, svc->pdata[k]);
        if (!v || n == 0)
            continue;
        double end = v[n - 1];
        g_autofree char *name = g_strdup_printf("%s (%.3g s)", (const char *)svc->pdata[k],
                                                end);
        plot_chart_add_series(rc->chart, name, t, v, n);
        g_string_append_printf(f, "%s%s missed its SLA for %.3g s", f->len > lead ? "; " : "",
                               (const char *)svc->pdata[k], end);
        if (end < lo)
            lo = end, lo_name = svc->pdata[k];
        if (end > hi)
            hi = end, hi_name = svc->pdata[k];
    }
    if (lo_name && hi > 0 && lo > 0 && hi > 1.5 * lo)
        g_string_append_printf(f, ": %s about %.0f times longer than %s", hi_name, hi / lo,
                               lo_name);
    g_string_append_c(f, '.');
    rc->finding = g_string_free(f, FALSE);
    return rc;
}

void lesson_add_elastic(Lesson *l, GPtrArray *out)
{
    if (!l->error)
        lesson_add_if(out, build_sla(l));
    if (!l->error)
        lesson_add_if(out, build_services(l));
    if (!l->error)
        lesson_add_if(out, build_ready(l));
}
