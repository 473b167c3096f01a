/* plots/catalog.h — the charts of one finished run, chosen by what its output directory holds.
 *
 * plot_run_charts() reads only the files a run leaves (timeseries.csv, vms.csv,
 * migrations.csv, rounds.csv, devices.csv, device_latency.csv), never model code, so a run can be
 * re-plotted long after it ended (`vdcsim plot OUTDIR`).  Each chart appears only when the
 * columns it needs exist; a chart whose columns exist but whose file has no rows is drawn in
 * the "no data" state.  Charts come in the fixed order of the list below, so the report and
 * the charts/ directory are the same for the same files.
 *
 * Chart (file stem)    kind          file: columns it uses
 * utilization          step, 2 axes  timeseries.csv: time_s and any of dc_util_frac (left,
 *                                    %), vms_running, hosts_busy (right, counts)
 * host-utilization     heatmap       timeseries.csv: time_s and util_frac:HOST (one row per
 *                                    host; more than PLOT_RUN_MAX_CELLS_X samples are
 *                                    averaged into that many columns)
 * power                step, 2 axes  timeseries.csv: time_s and any of power_w, else
 *                                    energy_j (left), hosts_on (right)
 * host-power-states    stacked bars  timeseries.csv: time_s, hosts_on, hosts_busy,
 *                                    hosts_booting; hosts.csv: name (the host count): hosts
 *                                    busy, idle, booting and off per sample (up to 150 bars,
 *                                    else means of runs of samples); only when hosts_on
 *                                    changes or hosts_booting is ever above 0
 * elasticity           step, 2 axes  timeseries.csv: time_s, demand_req_per_s and
 *                                    capacity_req_per_s (left); instances (right) if present;
 *                                    titled "all services together" when the file has
 *                                    per-service columns of two or more services
 * overhead             stacked bars  vms.csv: name, ovh_<mech>_frac (bt, vm_exit, hypercall,
 *                                    trap, pt_maint, page_walk, tlb_flush, io, host_path,
 *                                    container, or any other <mech>); mechanisms that are
 *                                    zero for every VM are left out, and the chart is left
 *                                    out if all are; over PLOT_RUN_MAX_CATEGORIES VMs it
 *                                    shows the mean per `group`
 * slowdown             bars or CDF   vms.csv: name, slowdown (NaN/empty rows are skipped);
 *                                    bars per VM up to PLOT_RUN_MAX_CATEGORIES VMs, else
 *                                    one CDF per `group` (up to PLOT_RUN_MAX_SERIES groups)
 * migration-timeline   gantt         migrations.csv: vm, start_s, end_s; optional strategy
 *                                    (one colour each), src, dst (row names), downtime_s
 *                                    (hatched; from downtime_start_s if present, else
 *                                    from rounds.csv's stop row (migration, phase,
 *                                    start_s), else at the start for post-copy and at the
 *                                    end otherwise),
 *                                    refused (1/true rows are skipped); up to
 *                                    PLOT_RUN_MAX_ROWS migrations, taken evenly in file
 *                                    order across the run when there are more
 * migration-activity   step, 2 axes  the same columns: migrations in progress (left) and
 *                                    finished so far (right) at every start and end; only
 *                                    with more than PLOT_RUN_MAX_ROWS finished migrations
 * migration-times      grouped bars  migrations.csv: total_s, downtime_s; per migration
 *                                    (vm) for one strategy and up to PLOT_RUN_MAX_CATEGORIES
 *                                    migrations, else the mean per strategy; a log axis
 *                                    when the values span over two decades
 * migration-rounds     lines         rounds.csv: migration, round, dirty_left_pages, vm, phase
 *                                    (live rows): the dirty set after each pre-copy round,
 *                                    one line per migration (first PLOT_RUN_MAX_SERIES);
 *                                    then migration-rounds-N-VM, grouped bars of pages_sent
 *                                    and dirty_left_pages per round, for the first
 *                                    PLOT_RUN_MAX_ROUND_CHARTS migrations with live rounds
 * device-utilization   grouped bars  devices.csv: device, util_frac; host prefixes the name
 * device-latency       grouped bars  devices.csv: device and any of latency_mean_s,
 *                                    latency_p50_s, latency_p99_s
 * device-latency-cdf   CDF           device_latency.csv: device, latency_s (one series per
 *                                    device, first PLOT_RUN_MAX_SERIES devices)
 * disk-capacity        grouped bars  devices.csv: capacity_bytes, used_peak_bytes,
 *                                    image_bytes, images of the disks with a capacity
 *                                    (none: no chart)
 * io-driver-domain     grouped bars  io.csv: vm, ops_per_s x bytes_per_op against
 *                                    throughput_bytes_per_s, in runs with a driver domain
 *                                    (hosts.csv driver_domain_served_frac) or a dom0 outage
 *                                    (io.csv driver_domain_down_s > 0)
 *
 * Units follow the column suffixes: _s seconds, _frac 0..1, _bytes, _w watts, _j joules.
 * File and column names are the writers' own constants (sim/out/columns.h); energy_j,
 * downtime_start_s and devices.csv's latency_p50_s/_p99_s are read when a hand-made file has
 * them, though no vdcsim writer produces them.
 */
#ifndef PLOT_RUN_H
#define PLOT_RUN_H

#include <glib.h>

#include "plots/plot.h"
#include "plots/runchart.h"

#define PLOT_RUN_MAX_CATEGORIES 40     /* bars per chart before aggregating */
#define PLOT_RUN_MAX_ROWS       40     /* gantt rows */
#define PLOT_RUN_MAX_SERIES     8      /* CDF series (the palette's distinct colours) */
#define PLOT_RUN_MAX_CELLS_X    300    /* heatmap columns */
#define PLOT_RUN_MAX_ROUND_CHARTS 6    /* per-migration round charts */


/* The charts outdir's files allow, in the order above: an array of PlotRunChart* that
 * frees them (g_ptr_array_unref).  An empty array when no file applies; NULL with *error
 * (PLOT_ERROR_PARSE with path:line:col, PLOT_ERROR_IO) on a malformed or unreadable file,
 * or when outdir holds none of a run's files (PLOT_ERROR_IO). */
GPtrArray *plot_run_charts(const char *outdir, GError **error);

/* Every chart stem plot_run_charts() may produce, NULL-terminated. */
const char *const *plot_run_chart_names(void);
/* Frees one PlotRunChart (the free function of plot_run_charts()'s array). */
void       plot_run_chart_free(gpointer p);


/* Every column chart `name` (a stem of plot_run_chart_names()) may read, ending with
 * { NULL, NULL }; NULL for an unknown name.  Reading any other is a bug that aborts. */
const PlotRunColumn *plot_run_chart_columns(const char *name);

/* Writes outdir/charts/STEM.FORMAT for every chart and every format in formats ("png",
 * "svg", "pdf"; NULL-terminated; NULL or empty writes nothing and reads nothing).  Removes
 * stale outdir/charts/STEM.{png,svg,pdf} of known stems first, so a re-render never mixes
 * runs.  FALSE with *error on an unknown format (PLOT_ERROR_FORMAT), a bad input file, or
 * a write failure. */
gboolean   plot_run_render(const char *outdir, const char *const *formats, GError **error);
/* The same for charts already built by plot_run_charts(outdir) (a run draws its charts and
 * its report from one reading of its files). */
gboolean   plot_run_render_charts(const char *outdir, const GPtrArray *charts,
                                  const char *const *formats, GError **error);

#endif
