/* sim/core/metrics.h — what models record: counters, time-weighted gauges, tallies, time series.
 *
 * A gauge is a level held between changes; its mean is time-weighted (area += value ×
 * held_ns), which is what memory in use or utilization needs (the per-sample mean differs).
 * A tally keeps one sample per entity (a VM's slowdown, a migration's downtime) and gives
 * n, mean, standard deviation, min, max and quantiles through GSL.  A series is a table of
 * samples over time, one row per sample instant, for timeseries.csv and the charts.
 * Models record; output writers read.  Times are SimTimeNs.
 */
#ifndef SIM_METRICS_H
#define SIM_METRICS_H

#include <glib.h>

#include "sim/core/engine.h"

typedef struct {
    double    value;
    double    area;          /* ∫ value dt, in value × ns, since start_ns */
    SimTimeNs last_ns;       /* when value was last set (or area last settled) */
    SimTimeNs start_ns;      /* integration start (0, or the end of warm-up) */
    double    max;
} SimGauge;

void   sim_gauge_init(SimGauge *g, SimTimeNs now_ns, double value);
void   sim_gauge_set(SimGauge *g, SimTimeNs now_ns, double value);
void   sim_gauge_add(SimGauge *g, SimTimeNs now_ns, double delta);
/* Forgets the history: the mean restarts at now_ns (end of warm-up). */
void   sim_gauge_restart(SimGauge *g, SimTimeNs now_ns);
double sim_gauge_area(const SimGauge *g, SimTimeNs now_ns);        /* value × ns */
double sim_gauge_mean(const SimGauge *g, SimTimeNs now_ns);        /* value at start if no time */

/* A level in [0, 1] held between changes (a host's utilization), kept as its time-weighted
 * distribution: SIM_LEVEL_BINS equal bins, each with the time spent in it and the area
 * (level × time) there.  A quantile over time is the mean level of the bin where the
 * cumulative time reaches it: exact for a level that stays put, within a bin's width
 * otherwise.  Levels outside [0, 1] count in the first or last bin.
 * Only the bins the level has visited are stored (ascending; a host's utilization visits a
 * few of the 100), so a datacenter of 10^5 hosts keeps kilobytes, not 160 MB, of them; a
 * bin never visited holds zero time, so the sums are the same doubles a dense array gives. */
#define SIM_LEVEL_BINS 100
typedef struct {
    double    time_ns;
    double    area;          /* level × ns */
    guint     bin;
} SimLevelBin;

typedef struct {
    SimLevelBin *bins;       /* n visited bins in ascending order, owned */
    guint16   n, cap;
    guint16   cur;           /* index in bins of the current value's bin */
    double    value;
    SimTimeNs last_ns;
} SimLevelHist;

void   sim_level_hist_init(SimLevelHist *h, SimTimeNs now_ns, double value);
void   sim_level_hist_clear(SimLevelHist *h);
void   sim_level_hist_set(SimLevelHist *h, SimTimeNs now_ns, double value);
void   sim_level_hist_restart(SimLevelHist *h, SimTimeNs now_ns);      /* forgets the past */
/* The q-quantile (0 < q <= 1) of the level over time up to now_ns; the level now if no
 * time has passed. */
double sim_level_hist_quantile(const SimLevelHist *h, SimTimeNs now_ns, double q);

typedef struct {
    GArray  *samples;        /* double */
    gboolean sorted;
} SimTally;

typedef struct {
    size_t n;
    double mean, sd, min, max, p50, p90, p99;
} SimStats;

void     sim_tally_init(SimTally *t);
void     sim_tally_clear(SimTally *t);
void     sim_tally_add(SimTally *t, double x);
SimStats sim_tally_stats(SimTally *t);          /* all zero when empty */

typedef struct {
    GPtrArray *columns;      /* char *, owned; the first is "time_s" */
    GArray    *values;       /* double, row-major, columns->len per row */
} SimSeries;

void    sim_series_init(SimSeries *ts);
void    sim_series_clear(SimSeries *ts);
guint   sim_series_add_column(SimSeries *ts, const char *name);    /* before the first row */
double *sim_series_new_row(SimSeries *ts, SimTimeNs t_ns);         /* zeroed; [0] is time */
guint   sim_series_rows(const SimSeries *ts);

#endif
