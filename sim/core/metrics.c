/* sim/core/metrics.c — gauges, tallies (GSL statistics), series; see metrics.h. */
#include "sim/core/metrics.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/out/columns.h"

void sim_gauge_init(SimGauge *g, SimTimeNs now_ns, double value)
{
    *g = (SimGauge){ .value = value, .last_ns = now_ns, .start_ns = now_ns, .max = value };
}

void sim_gauge_set(SimGauge *g, SimTimeNs now_ns, double value)
{
    g->area += g->value * (double)(now_ns - g->last_ns);
    g->last_ns = now_ns;
    g->value = value;
    g->max = MAX(g->max, value);
}

static guint level_bin(double value)
{
    double b = floor(value * SIM_LEVEL_BINS);
    return (guint)CLAMP(b, 0, SIM_LEVEL_BINS - 1);
}

void sim_level_hist_init(SimLevelHist *h, SimTimeNs now_ns, double value)
{
    h->time_ns = g_new0(double, SIM_LEVEL_BINS);
    h->area = g_new0(double, SIM_LEVEL_BINS);
    h->value = value;
    h->last_ns = now_ns;
}

void sim_level_hist_clear(SimLevelHist *h)
{
    g_clear_pointer(&h->time_ns, g_free);
    g_clear_pointer(&h->area, g_free);
}

void sim_level_hist_set(SimLevelHist *h, SimTimeNs now_ns, double value)
{
    double dt = (double)(now_ns - h->last_ns);
    guint b = level_bin(h->value);
    h->time_ns[b] += dt;
    h->area[b] += h->value * dt;
    h->value = value;
    h->last_ns = now_ns;
}

void sim_level_hist_restart(SimLevelHist *h, SimTimeNs now_ns)
{
    memset(h->time_ns, 0, SIM_LEVEL_BINS * sizeof(double));
    memset(h->area, 0, SIM_LEVEL_BINS * sizeof(double));
    h->last_ns = now_ns;
}

double sim_level_hist_quantile(const SimLevelHist *h, SimTimeNs now_ns, double q)
{
    double t[SIM_LEVEL_BINS], a[SIM_LEVEL_BINS], total = 0;
    memcpy(t, h->time_ns, sizeof t);
    memcpy(a, h->area, sizeof a);
    guint now_bin = level_bin(h->value);
    t[now_bin] += (double)(now_ns - h->last_ns);          /* the level held until now */
    a[now_bin] += h->value * (double)(now_ns - h->last_ns);
    for (guint b = 0; b < SIM_LEVEL_BINS; b++)
        total += t[b];
    if (total <= 0)
        return h->value;
    double need = q * total * (1 - 1e-12), seen = 0;
    for (guint b = 0; b < SIM_LEVEL_BINS; b++) {
        seen += t[b];
        if (seen >= need && t[b] > 0)
            return a[b] / t[b];
    }
    return h->value;
}

void sim_gauge_add(SimGauge *g, SimTimeNs now_ns, double delta)
{
    sim_gauge_set(g, now_ns, g->value + delta);
}

void sim_gauge_restart(SimGauge *g, SimTimeNs now_ns)
{
    g->area = 0;
    g->last_ns = g->start_ns = now_ns;
    g->max = g->value;
}

double sim_gauge_area(const SimGauge *g, SimTimeNs now_ns)
{
    return g->area + g->value * (double)(now_ns - g->last_ns);
}

double sim_gauge_mean(const SimGauge *g, SimTimeNs now_ns)
{
    if (now_ns <= g->start_ns)
        return g->value;
    return sim_gauge_area(g, now_ns) / (double)(now_ns - g->start_ns);
}

void sim_tally_init(SimTally *t)
{
    t->samples = g_array_new(FALSE, FALSE, sizeof(double));
    t->sorted = TRUE;
}

void sim_tally_clear(SimTally *t)
{
    if (t->samples)
        g_array_free(t->samples, TRUE);
    t->samples = NULL;
}

void sim_tally_add(SimTally *t, double x)
{
    g_array_append_val(t->samples, x);
    t->sorted = FALSE;
}

SimStats sim_tally_stats(SimTally *t)
{
    SimStats st = { 0 };
    size_t n = t->samples->len;
    if (n == 0)
        return st;
    double *x = (double *)t->samples->data;
    if (!t->sorted) {
        gsl_sort(x, 1, n);
        t->sorted = TRUE;
    }
    st.n = n;
    st.mean = gsl_stats_mean(x, 1, n);
    st.sd = n > 1 ? gsl_stats_sd_m(x, 1, n, st.mean) : 0;
    st.min = x[0];
    st.max = x[n - 1];
    st.p50 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
    st.p90 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.90);
    st.p99 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.99);
    return st;
}

void sim_series_init(SimSeries *ts)
{
    ts->columns = g_ptr_array_new_with_free_func(g_free);
    ts->values = g_array_new(FALSE, TRUE, sizeof(double));
    g_ptr_array_add(ts->columns, g_strdup(SIM_COL_TS_TIME_S));
}

void sim_series_clear(SimSeries *ts)
{
    if (ts->columns)
        g_ptr_array_free(ts->columns, TRUE);
    if (ts->values)
        g_array_free(ts->values, TRUE);
    ts->columns = NULL;
    ts->values = NULL;
}

guint sim_series_add_column(SimSeries *ts, const char *name)
{
    g_assert(ts->values->len == 0);
    g_ptr_array_add(ts->columns, g_strdup(name));
    return ts->columns->len - 1;
}

double *sim_series_new_row(SimSeries *ts, SimTimeNs t_ns)
{
    guint ncol = ts->columns->len, at = ts->values->len;
    g_array_set_size(ts->values, at + ncol);
    double *row = &g_array_index(ts->values, double, at);
    row[0] = sim_s_from_ns(t_ns);
    return row;
}

guint sim_series_rows(const SimSeries *ts)
{
    return ts->values->len / ts->columns->len;
}
