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

/* The index of bin in h->bins, inserting it (zero time) where it belongs if unvisited. */
static guint16 level_hist_slot(SimLevelHist *h, guint bin)
{
    guint lo = 0, hi = h->n;
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        if (h->bins[mid].bin < bin)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < h->n && h->bins[lo].bin == bin)
        return (guint16)lo;
    if (h->n == h->cap) {
        h->cap = h->cap ? MIN(2 * h->cap, SIM_LEVEL_BINS) : 4;
        h->bins = g_renew(SimLevelBin, h->bins, h->cap);
    }
    memmove(h->bins + lo + 1, h->bins + lo, (h->n - lo) * sizeof *h->bins);
    h->bins[lo] = (SimLevelBin){ 0, 0, bin };
    h->n++;
    return (guint16)lo;
}

void sim_level_hist_init(SimLevelHist *h, SimTimeNs now_ns, double value)
{
    *h = (SimLevelHist){ .value = value, .last_ns = now_ns };
    h->cur = level_hist_slot(h, level_bin(value));
}

void sim_level_hist_clear(SimLevelHist *h)
{
    g_clear_pointer(&h->bins, g_free);
    h->n = h->cap = h->cur = 0;
}

void sim_level_hist_set(SimLevelHist *h, SimTimeNs now_ns, double value)
{
    double dt = (double)(now_ns - h->last_ns);
    SimLevelBin *b = &h->bins[h->cur];
    b->time_ns += dt;
    b->area += h->value * dt;
    h->value = value;
    h->last_ns = now_ns;
    guint bin = level_bin(value);
    if (h->bins[h->cur].bin != bin)
        h->cur = level_hist_slot(h, bin);
}

void sim_level_hist_restart(SimLevelHist *h, SimTimeNs now_ns)
{
    for (guint i = 0; i < h->n; i++)
        h->bins[i].time_ns = h->bins[i].area = 0;
    h->last_ns = now_ns;
}

/* Bin i's time (or area) with the current level's holding up to now_ns added. */
static double level_hist_time(const SimLevelHist *h, guint i, double held_ns)
{
    return h->bins[i].time_ns + (i == h->cur ? held_ns : 0);
}

static double level_hist_area(const SimLevelHist *h, guint i, double held_ns)
{
    return h->bins[i].area + (i == h->cur ? h->value * held_ns : 0);
}

double sim_level_hist_quantile(const SimLevelHist *h, SimTimeNs now_ns, double q)
{
    double held_ns = (double)(now_ns - h->last_ns), total = 0;
    for (guint i = 0; i < h->n; i++)
        total += level_hist_time(h, i, held_ns);
    if (total <= 0)
        return h->value;
    double need = q * total * (1 - 1e-12), seen = 0;
    for (guint i = 0; i < h->n; i++) {
        double t = level_hist_time(h, i, held_ns);
        seen += t;
        if (seen >= need && t > 0)
            return level_hist_area(h, i, held_ns) / t;
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
