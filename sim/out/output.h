/* sim/out/output.h — a finished run's files and its terminal summary.
 *
 * out/NAME/ receives summary.json (headline metrics), hosts.csv, vms.csv, timeseries.csv,
 * migrations.csv, devices.csv, io.csv (device_latency.csv in requests mode, elasticity.csv
 * with elastic services), resolved.yaml and manifest.json.  Every file is written to a
 * temporary name and renamed, so an interrupted run never leaves a truncated result; the
 * tables are streamed, one file at a time, so no file's text is ever in memory whole.  Everything but manifest.json (wall time, command line) is a function
 * of scenario and seed only.  manifest.json also pins the build (sim/out/provenance.h).
 * Writers format the datacenter's result rows and series (sim/dc/datacenter.h): they
 * decide nothing and never see a host or a VM.
 */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H

#include <stdio.h>

#include "sim/dc/datacenter.h"

typedef struct {
    const char *command_line;     /* as typed, for the manifest */
    const char *scenario_sha256;  /* of the scenario file's bytes */
    double      wall_s;           /* wall time of the run */
    const char *run_key;          /* a sweep run's content key (sim/sweep), or NULL */
} SimRunInfo;

/* Writes every output file into the scenario's out_dir (created if needed). */
gboolean sim_output_write(SimDc *dc, const SimRunInfo *info, GError **error);
/* Writes `contents` to dir/name through a temporary file and a rename. */
gboolean sim_output_write_file(const char *dir, const char *name, const char *contents,
                               GError **error);
/* compare.csv in dir: the headline metrics of runs[0] (the scenario as written, `base`)
 * and of each variant runs[1..n-1] named names[1..n-1] (names[0] is ignored), side by side. */
gboolean sim_output_write_compare(const char *dir, SimDc *const *runs, const char *const *names,
                                  guint n, GError **error);
/* The short aligned summary table for the terminal. */
void     sim_output_print_summary(SimDc *dc, FILE *out);

char    *sim_output_sha256_file(const char *path);    /* hex, or NULL if unreadable */

#endif
