/* sim/cli/session.h — one run of one scenario, from file to output directory.
 *
 * Loads the scenario (applying --set overrides, then --seed, -o and --charts), builds the
 * model, runs it with an optional progress line on stderr, writes the outputs and prints
 * the summary table.  Used by `vdcsim run` and, one call per run, by sweeps; it keeps no
 * global state, so runs may go on in parallel threads.
 */
#ifndef SIM_RUN_H
#define SIM_RUN_H

#include <stdio.h>

#include "sim/scenario/scenario.h"

typedef struct {
    const char *const *sets;          /* --set PATH=VALUE, NULL-terminated, may be NULL */
    const char        *out_dir;       /* -o, may be NULL */
    gboolean           has_seed;
    uint64_t           seed;          /* --seed */
    char             **charts;        /* --charts, NULL-terminated (owned by caller) or NULL */
    gboolean           quiet;         /* -q: no summary table */
    gboolean           progress;      /* a progress line on stderr */
    const char        *command_line;  /* for the manifest */
} SimRunOptions;

/* Returns the exit status: 0 done, 1 simulation error, 2 bad input (with *error set). */
int      sim_run_file(const char *path, const SimRunOptions *o, FILE *summary_out,
                      GError **error);
/* Applies -o, --seed and --charts to a loaded scenario. */
void     sim_run_apply_options(Scenario *s, const SimRunOptions *o);
/* "png,svg" -> {"png", "svg", NULL}; "none" -> {NULL}.  column is where the list starts on
 * the command line, for the error's position. */
gboolean sim_run_parse_charts(const char *list, int column, char ***out, GError **error);
void     sim_run_print_list(FILE *out);

#endif
