/* sim/sweep/sweep.h — parameter sweeps with replications: spec, runs, statistics, charts.
 *
 * A sweep is the scenario's top-level `sweep:` block.  Its parameters are --set paths
 * (sim/yaml/doc.h syntax) with a list of values each; the sweep runs either their full
 * cartesian product (the last parameter varies fastest) or an explicit list of points,
 * each `replications` times.  Every point is applied to a fresh copy of the document with
 * scn_doc_set(), so a point is exactly `vdcsim run --set P1=V1 --set P2=V2 ...` with
 * --seed set to the replication's seed.
 *
 * Seeds: replication r of point p runs with
 *     sim_rng_stream_seed(point's scenario seed, "sweep:" + label(p) + "/rep:" + r)
 * where label(p) is "P1=V1,P2=V2" sorted by path.  The seed therefore depends on the
 * point's *values*, never on its index, the order of the parameters, the execution order,
 * the thread count or the MPI rank count; adding a value to a parameter list leaves every
 * other run's seed alone.
 *
 * Runs go to DIR/runs/PPP-RRR/ (the files of `vdcsim run`, without charts).  A run is done
 * when its manifest.json (written last) records the run's content key (exec.c), which
 * leaves out the output directory: a restarted, moved or merged sweep skips such runs.
 * The aggregate (results.c, stats.c) reads only the runs' summary.json and migrations.csv,
 * so the result is a function of the files, and the same for 1 thread, N threads, K MPI
 * ranks or N shards, byte for byte.
 *
 * Statistics per point and headline metric: n (finite samples), mean, sample standard
 * deviation, and the 95 % Student t confidence interval mean ± t(0.975, n−1)·sd/√n.
 *
 * Ownership: a SimSweep owns everything it points to; sim_sweep_free() frees it.
 */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/scenario/scenario.h"

typedef struct {
    char      *path;              /* "scheduler.overcommit.cpu" */
    char      *where;             /* "file:line:col" of its key in the sweep block */
    GPtrArray *values;            /* char *, distinct, in file order */
    gboolean   numeric;           /* every value is a number with the same (maybe empty) unit */
    char      *unit;              /* that unit ("" if none), when numeric */
} SimSweepParam;

typedef struct {
    guint      index;
    char     **values;            /* one per parameter, in parameter order */
    char     **where;             /* "file:line:col" of each value, for errors */
    char      *label;             /* "P1=V1,P2=V2", sorted by path */
    uint64_t   seed;              /* the point's scenario seed (after its assignments) */
} SimSweepPoint;

typedef struct {
    char      *path;              /* the scenario file */
    char      *text;              /* its bytes: every run starts from a fresh parse of these */
    char      *sha256;            /* of text */
    char      *name;              /* scenario name */
    char      *out_dir;           /* the base scenario's output.dir */
    char     **chart_formats;     /* the base scenario's output.charts */
    GPtrArray *params;            /* SimSweepParam * */
    GPtrArray *points;            /* SimSweepPoint * */
    guint      replications;
    GPtrArray *chart_metrics;     /* char *: sweep.charts, or NULL for every varying metric */
    char      *question;          /* sweep.question, or NULL */
    int        log_y;             /* ScnSweepLog (sim/sweep/config.h) */
    Scenario  *base;              /* the scenario without any sweep assignment */
} SimSweep;

/* ---- spec (sweep.c) ---------------------------------------------------------------- */

/* Reads the scenario and its sweep block and validates every point by loading it once.
 * Errors (SCN_ERROR): "file:line:col: error: ..." at the offending key or value; a bad
 * parameter path or value names the parameter.  A scenario without `sweep:` is an error. */
SimSweep  *sim_sweep_load(const char *path, GError **error);
void       sim_sweep_free(SimSweep *sw);                       /* NULL is a no-op */
/* `vdcsim check`: TRUE if the file has no sweep block, or one whose every point loads
 * (n_points, n_runs set); FALSE with the positioned error of sim_sweep_load() otherwise. */
gboolean   sim_sweep_check(const char *path, guint *n_points, guint *n_runs, GError **error);
guint      sim_sweep_n_runs(const SimSweep *sw);               /* points × replications */
/* The seed of replication `rep` of the point labelled `label` (see above). */
uint64_t   sim_sweep_seed(uint64_t point_seed, const char *label, guint rep);
uint64_t   sim_sweep_run_seed(const SimSweep *sw, guint run);
/* The scenario of run `run` (point run / replications): fresh document, the point's
 * assignments, the run's seed, output in run_dir, charts off.  NULL with *error. */
Scenario  *sim_sweep_run_scenario(const SimSweep *sw, guint run, const char *run_dir,
                                  GError **error);
/* "DIR/runs/PPP-RRR": zero-padded to the width of the largest index (at least 3). */
char      *sim_sweep_run_dir(const SimSweep *sw, const char *dir, guint run);

/* ---- execution (sweep_exec.c) -------------------------------------------------------- */

/* What to do with finished runs that a different model version (another binary) made. */
typedef enum {
    SIM_SWEEP_VERSIONS_REFUSE,    /* default: exit 2 before running anything */
    SIM_SWEEP_VERSIONS_REDO,      /* rerun them with this binary */
    SIM_SWEEP_VERSIONS_KEEP,      /* count them as done (the manifest lists every version) */
} SimSweepVersions;

typedef struct {
    const char *out_dir;          /* -o; NULL: the scenario's output.dir */
    int         threads;          /* -j; <= 0: g_get_num_processors() (1 per rank under MPI) */
    gboolean    quiet;            /* -q: no progress, no summary line */
    gboolean    progress;         /* a progress line on stderr */
    int         shard, shards;    /* --shard i/N: shard = i - 1; runs i with i % N == shard */
    int         rank, ranks;      /* within the shard: runs with (i / N) % ranks == rank */
    SimSweepVersions other_versions;
    const char *version;          /* VDC_VERSION and VDC_GIT_REV, for sweep-manifest.json */
    const char *git_revision;
    const char *command_line;     /* for each run's manifest.json */
} SimSweepOptions;

typedef struct {
    guint done;                   /* runs run now */
    guint skipped;                /* runs already done by an earlier invocation */
    guint failed;
    gboolean interrupted;         /* SIGINT: no new runs were started */
} SimSweepTally;

/* Runs this rank's share of the runs on a thread pool; skips runs already done.
 * Returns FALSE with *error if a run failed (the others still run). */
gboolean   sim_sweep_execute(const SimSweep *sw, const char *dir, const SimSweepOptions *o,
                             SimSweepTally *tally, GError **error);
/* A run's identity.  content: SHA-256 of the run's resolved scenario written with a fixed
 * placeholder for its output directory (so the same wherever the folder lives); key:
 * SHA-256 of ("vdcsim-run/1", model version, content).  Both are hex; g_free them. */
char      *sim_sweep_content_sha256(const Scenario *run_scn);
char      *sim_sweep_run_key(const char *content_sha256, const char *model_version);

typedef enum {
    SIM_SWEEP_RUN_TODO,           /* no finished run of this content there */
    SIM_SWEEP_RUN_DONE,           /* summary.json and a manifest with this run's key */
    SIM_SWEEP_RUN_OTHER_VERSION,  /* this content, finished by another model version */
} SimSweepRunState;

/* What run_dir holds for the run of run_scn; keep_other_versions: another version's
 * finished run of the same content counts as DONE. */
SimSweepRunState sim_sweep_run_state(const char *run_dir, const Scenario *run_scn,
                                     gboolean keep_other_versions);
/* TRUE if run_dir holds a finished run of exactly this scenario and model version. */
gboolean   sim_sweep_run_is_done(const char *run_dir, const Scenario *run_scn);
/* Removes the regular files of dir that a killed writer left (NAME.csv.XXXXXX, x.tmp), or
 * every regular file if everything; returns how many. */
guint      sim_sweep_clean_dir(const char *dir, gboolean everything);
/* FALSE with *error (SCN_ERROR, positioned at the first such manifest) if a finished run
 * under dir/runs came from another model version. */
gboolean   sim_sweep_check_versions(const SimSweep *sw, const char *dir, GError **error);
/* Whether run belongs to this process's shard and rank. */
gboolean   sim_sweep_run_is_mine(const SimSweepOptions *o, guint run);
/* Installs the SIGINT/SIGTERM handlers (sim_interrupt_catch): no new runs start and
 * running ones stop at their next event without writing. */
void       sim_sweep_catch_sigint(void);

/* The whole `vdcsim sweep` command: load, run (threads and, with VDC_MPI, ranks),
 * aggregate, write.  Returns the exit status (0, 1, 2, or 130/143 after SIGINT/SIGTERM). */
int        sim_sweep_main(const char *path, const SimSweepOptions *o);

/* ---- statistics and outputs (sweep_stats.c) ------------------------------------------- */

typedef struct {
    guint  n;                     /* finite samples */
    double mean, sd, ci_lo, ci_hi;  /* NaN when undefined (n = 0; sd and CI need n >= 2) */
} SimSweepStats;

/* Mean, sample sd and the two-sided 95 % Student t interval of the finite values. */
SimSweepStats sim_sweep_stats(const double *values, size_t n);

/* Reads the flat "headline" object of a summary.json: names (char *) and values (double,
 * NaN for null), in file order.  FALSE with *error if unreadable or malformed. */
gboolean   sim_sweep_read_headline(const char *summary_path, GPtrArray *names, GArray *values,
                                   GError **error);

/* A column of the per-run table (sim/sweep/results.c says which columns there are). */
typedef struct {
    char    *name;
    gboolean numeric;             /* every non-empty cell is a number */
} SimSweepColumn;

/* Every run's results (one row per run, in run order) and their statistics per point. */
typedef struct {
    GPtrArray *columns;           /* SimSweepColumn *: feasible, feasible_reason, headline
                                   * members, mig_... in first-seen order */
    GPtrArray *cells;             /* per run: GPtrArray of char * (NULL = empty) */
    GPtrArray *metrics;           /* char *: the numeric columns but `feasible` */
    GArray    *metric_columns;    /* guint: each metric's column */
    GArray    *stats;             /* SimSweepStats, points × metrics, row-major */
    GArray    *feasible_runs;     /* guint per point: its feasible replications */
} SimSweepTable;

/* Reads every run's summary.json and migrations.csv under dir into t's columns and cells
 * (results.c), on `threads` threads; the table is the same for any number.  FALSE with
 * *error (the first failing run's) if a run's files are missing or malformed. */
gboolean       sim_sweep_read_runs(const SimSweep *sw, const char *dir, SimSweepTable *t,
                                   int threads, GError **error);
const char    *sim_sweep_table_cell(const SimSweepTable *t, guint run, guint column);
double         sim_sweep_table_value(const SimSweepTable *t, guint run, guint column);
gboolean       sim_sweep_table_feasible(const SimSweepTable *t, guint run);
/* Whether every replication of point was feasible. */
gboolean       sim_sweep_point_feasible(const SimSweep *sw, const SimSweepTable *t,
                                        guint point);

/* Reads every run's files under dir (on `threads` threads) and aggregates.  NULL with
 * *error. */
SimSweepTable *sim_sweep_aggregate(const SimSweep *sw, const char *dir, int threads,
                                   GError **error);
void           sim_sweep_table_free(SimSweepTable *t);
const SimSweepStats *sim_sweep_table_get(const SimSweepTable *t, guint point, guint metric);
/* sweep.csv: one row per run: run, point, replication, seed, run_dir, the parameters (a
 * numeric parameter with a unit as a bare number plus a PATH.unit column), then every
 * column of the table. */
char          *sim_sweep_csv(const SimSweep *sw, const SimSweepTable *t);
/* sweep_summary.csv: one row per point: point, the parameters, runs, feasible_runs,
 * feasible, feasible_reason, then per metric M: M_n, M_mean, M_sd, M_ci_lo, M_ci_hi; per
 * text column C: C (its distinct values over the replications). */
char          *sim_sweep_summary_csv(const SimSweep *sw, const SimSweepTable *t);
/* sweep_long.csv (sweep.csv before 0.2): point, the parameters (as written), metric, n,
 * mean, sd, ci_lo, ci_hi; one row per point and metric. */
char          *sim_sweep_long_csv(const SimSweep *sw, const SimSweepTable *t);
/* sweep-manifest.json: version, git revision, scenario and its SHA-256, points, seeds. */
char          *sim_sweep_manifest(const SimSweep *sw, const char *version,
                                  const char *git_revision);
/* Writes sweep.csv, sweep_summary.csv, sweep_long.csv, sweep-manifest.json, resolved.yaml
 * (base point) and scenario.yaml. */
gboolean       sim_sweep_write_outputs(const SimSweep *sw, const SimSweepTable *t,
                                       const char *dir, const char *version,
                                       const char *git_revision, GError **error);

/* ---- charts (sweep_chart.c) ------------------------------------------------------------ */

/* Whether metric m is charted: listed in sweep.charts, or (by default) it varies. */
gboolean       sim_sweep_chart_wanted(const SimSweep *sw, const SimSweepTable *t, guint m);
/* "downtime_mean_s" -> "Downtime (mean)" (the unit goes to the axis); newly allocated. */
char          *sim_sweep_metric_label(const char *metric);
/* "profiles.workloads.writer.dirty_rate" with unit pages/s -> "dirty rate (pages/s)". */
char          *sim_sweep_param_label(const SimSweepParam *p);

/* Each charted metric against each parameter into dir/charts/: numeric parameter → lines
 * with 95 % CI error bars (one line per combination of the other parameters); categorical
 * → grouped bars of the means, drawn on `threads` threads (1: this one).  Returns the
 * number of charts written; on an error, the first in chart order. */
guint          sim_sweep_charts(const SimSweep *sw, const SimSweepTable *t, const char *dir,
                                int threads, GError **error);

/* ---- the report (report.c) ---------------------------------------------------------------- */

/* DIR/report.html: the question, the parameter grid, a chart per charted metric and
 * parameter (the charts/ files, PNG preferred), the table of points with infeasible ones
 * marked, links to the CSV files.  Reads nothing but sw and t. */
gboolean       sim_sweep_report_write(const SimSweep *sw, const SimSweepTable *t,
                                      const char *dir, GError **error);
/* `vdcsim plot DIR` on a sweep folder: reloads DIR/scenario.yaml, re-aggregates the runs
 * and rewrites sweep.csv and friends, the charts (formats: NULL for the scenario's) and
 * report.html.  Returns the exit status (0, or 2 with the message printed). */
int            sim_sweep_replot(const char *dir, char **formats);
/* TRUE if dir looks like a sweep's folder (it has sweep-manifest.json). */
gboolean       sim_sweep_is_dir(const char *dir);

#endif
