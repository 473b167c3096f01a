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
    int                out_column;    /* where -o's value starts on the command line; 0: 1 */
    gboolean           has_seed;
    uint64_t           seed;          /* --seed */
    char             **charts;        /* --charts, NULL-terminated (owned by caller) or NULL */
    gboolean           quiet;         /* -q: no summary table */
    gboolean           progress;      /* a progress line on stderr */
    const char        *command_line;  /* for the manifest */
} SimRunOptions;

/* Returns the exit status: 0 done, 1 simulation error, 2 bad input (with *error set), or
 * 128 + the signal (130 SIGINT, 143 SIGTERM; *error holds a one-line note) when
 * sim_interrupt_catch() is on and a signal stopped the run: nothing of the cut-short run is
 * written, and files finished before the signal stay whole.  The output directory is created
 * and tested for writing, and the run's memory estimate checked against the limits
 * (sim/yaml/limits.h), before the simulation starts. */
int      sim_run_file(const char *path, const SimRunOptions *o, FILE *summary_out,
                      GError **error);
/* Applies -o, --seed and --charts to a loaded scenario. */
void     sim_run_apply_options(Scenario *s, const SimRunOptions *o);
/* Creates dir if needed and checks a file can be created in it; where ("file:line:col" or
 * "command line:1:COL") names the flag or key in the one-line error. */
gboolean sim_run_prepare_out_dir(const char *dir, const char *where, GError **error);
/* The estimated peak memory of running s, in bytes (per-object costs in session.c). */
uint64_t sim_run_memory_bytes(const Scenario *s);
/* FALSE (bad input) when s's memory estimate exceeds --max-memory or the machine's memory,
 * unless --force. */
gboolean sim_run_check_memory(const Scenario *s, GError **error);
/* "png,svg" -> {"png", "svg", NULL}; "none" -> {NULL}.  column is where the list starts on
 * the command line, for the error's position. */
gboolean sim_run_parse_charts(const char *list, int column, char ***out, GError **error);
void     sim_run_print_list(FILE *out);

#endif
