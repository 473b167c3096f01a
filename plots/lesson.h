/* plots/lesson.h — the teaching charts of a run: the chart that answers the scenario's
 * question and the sentence that says the answer with the run's numbers.
 *
 * Like catalog.c these read only the files a run leaves (through sim/out/columns.h):
 *   speed-vs-native        stacked bars  vms.csv: name, group, hypervisor, paging,
 *                                        speed_vs_native, ovh_*_frac: each VM's time split
 *                                        into useful work (its percent of native) and each
 *                                        mechanism, 0..100 % so small and large both show;
 *                                        when some VM runs below 99.5 % of native
 *   migration-dirty-total  grouped bars  migrations.csv: vm, strategy, total_s, downtime_s,
 *   migration-dirty-downtime             refused; vms.csv: name, workload: one group per
 *                                        workload (its dirty rate), one bar per strategy (a
 *                                        log axis when values span over two decades);
 *                                        with two or more of each
 *   page-walk              gantt         vms.csv: paging, walk_guest_levels,
 *                                        walk_host_levels, walk_refs: the 2-D walk as a grid
 *                                        of guest and host levels per paging setup, with
 *                                        what large pages and 1-D walks cut; with nested VMs
 *   sla-violation          lines         timeseries.csv: time_s, sla_violation_s:SERVICE: the
 *                                        SLA-violation seconds so far, one line per service
 *   elasticity-services    lines         timeseries.csv: time_s, demand_req_per_s:SERVICE,
 *                                        capacity_req_per_s:SERVICE: demand (one line when
 *                                        every service has the same) and ready capacity per
 *                                        service; both with two or more services
 *   time-to-ready          CDF           elasticity.csv: service, submitted_s, ready_s
 *   compare-utilization,   lines         compare.csv and each run's timeseries.csv (time_s,
 *   compare-power                        dc_util_frac, power_w): one line per run, shared axes
 *   compare-latency        grouped bars  compare.csv and each run's io.csv (vm, device,
 *                                        latency_p99_s): one group per VM on a device, one
 *                                        bar per run (log axis past two decades)
 * Each chart gets a finding: one sentence from its numbers, for the report's answer.
 */
#ifndef PLOT_LESSON_H
#define PLOT_LESSON_H

#include "plots/runchart.h"

#define PLOT_LESSON_N_CHARTS 10

/* Appends outdir's teaching charts to out (an array of plot_run_charts()), in the order
 * above.  FALSE with *error on a malformed file. */
gboolean   plot_lesson_add_charts(const char *outdir, GPtrArray *out, GError **error);
/* The stems above, NULL-terminated; and the columns each reads (NULL if unknown). */
const char *const *plot_lesson_chart_names(void);
const PlotRunColumn *plot_lesson_chart_columns(const char *name);
/* The chart of charts that answers the question: the one named `wanted` (may be NULL),
 * else the first teaching chart in the order speed-vs-native, migration-dirty-total,
 * sla-violation, time-to-ready, page-walk, compare-utilization, else the first.
 * NULL when charts is empty. */
PlotRunChart *plot_lesson_answer(GPtrArray *charts, const char *wanted);

#endif
