/* sim/out/output.h — a finished run's files and its terminal summary.
 *
 * out/NAME/ receives summary.json (headline metrics), hosts.csv, vms.csv, timeseries.csv,
 * resolved.yaml and manifest.json.  Every file is written to a temporary name and renamed
 * (g_file_set_contents), so an interrupted run never leaves a truncated result.  Everything
 * but manifest.json (wall time, command line) is a function of scenario and seed only.
 * Writers read the model's recorders, never decide anything.
 */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H

#include <stdio.h>

#include "sim/dc/datacenter.h"

typedef struct {
    const char *command_line;     /* as typed, for the manifest */
    const char *scenario_sha256;  /* of the scenario file's bytes */
    double      wall_s;           /* wall time of the run */
} SimRunInfo;

/* Writes every output file into m->scn->out_dir (created if needed). */
gboolean sim_output_write(SimModel *m, const SimRunInfo *info, GError **error);
/* Writes `contents` to dir/name through a temporary file and a rename. */
gboolean sim_output_write_file(const char *dir, const char *name, const char *contents,
                               GError **error);
/* The short aligned summary table for the terminal. */
void     sim_output_print_summary(SimModel *m, FILE *out);

/* The headline metrics (name, value) in a fixed order: what summary.json's "headline"
 * holds, what the terminal table and sweeps aggregate. */
typedef struct {
    const char *name;
    const char *unit;
    double      value;
} SimHeadline;
GArray  *sim_output_headline(SimModel *m);      /* SimHeadline; g_array_free it */

char    *sim_output_sha256_file(const char *path);    /* hex, or NULL if unreadable */

#endif
