/* sim/sweep/exec.c — running a sweep: thread pool, MPI ranks, restarts, Ctrl-C; see sweep.h.
 *
 * Work split: run i (point i / R, replication i % R) belongs to MPI rank i mod K; a rank
 * runs its share on a GThreadPool of -j threads.  Each run is a complete, independent
 * `vdcsim run` of its own Scenario (fresh parse, own model, own engine, own RNG streams):
 * the simulator keeps no global mutable state, GSL's error handler is installed once by
 * main() before any thread starts, libyaml parsers and emitters are per call, and runs
 * draw no charts (cairo and pango are used by the main thread only, after the pool is
 * gone).  Gathering under MPI goes through the shared filesystem: after an
 * MPI_Allreduce of the ranks' exit statuses (which is also the barrier), rank 0 reads every
 * run's summary.json, so a rank needs no message other than its status.
 *
 * A run is done when its directory holds summary.json and a manifest.json (written last,
 * by rename) whose scenario_sha256 is the SHA-256 of the run's resolved scenario (the
 * point's assignments applied, its seed and output directory set) and whose seed is the
 * run's seed; a restarted sweep skips it.  SIGINT or SIGTERM (sim/core/interrupt.h) sets a
 * flag: no new run starts, running ones stop at their next event and write nothing (their
 * files are complete or absent), and the sweep exits with 130 or 143 without aggregating.
 * A second signal kills the process the default way; a run it cuts short has no
 * manifest.json and is redone next time.
 */
#include "sim/sweep/sweep.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#ifdef VDC_MPI
#include <mpi.h>
#endif

#include "sim/core/interrupt.h"
#include "sim/dc/datacenter.h"
#include "sim/out/output.h"

#define SWEEP_PROGRESS_US 500000

#define sweep_stop (sim_interrupt_pending())     /* SIGINT or SIGTERM: sim/core/interrupt.h */

void sim_sweep_catch_sigint(void)
{
    sim_interrupt_catch();              /* SIGINT and SIGTERM; a second one kills */
}

/* ---- is a run done? ------------------------------------------------------------------- */

/* The raw JSON token after "key": in text (string without quotes), or NULL. */
static char *json_field(const char *text, const char *key)
{
    g_autofree char *quoted = g_strdup_printf("\"%s\"", key);
    const char *p = strstr(text, quoted);
    if (!p)
        return NULL;
    p += strlen(quoted);
    while (*p == ' ' || *p == ':')
        p++;
    if (*p == '"') {
        const char *end = strchr(p + 1, '"');
        return end ? g_strndup(p + 1, (size_t)(end - p - 1)) : NULL;
    }
    size_t n = strcspn(p, ",\n}");
    return g_strstrip(g_strndup(p, n));
}

static char *resolved_sha256(const Scenario *s)
{
    g_autofree char *yaml = scn_write_resolved(s);
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, yaml, -1);
}

gboolean sim_sweep_run_is_done(const char *run_dir, const Scenario *run_scn)
{
    g_autofree char *summary = g_build_filename(run_dir, "summary.json", NULL);
    g_autofree char *manifest = g_build_filename(run_dir, "manifest.json", NULL);
    g_autofree char *text = NULL;
    if (!g_file_test(summary, G_FILE_TEST_IS_REGULAR) ||
        !g_file_get_contents(manifest, &text, NULL, NULL))
        return FALSE;
    g_autofree char *sha = json_field(text, "scenario_sha256");
    g_autofree char *seed = json_field(text, "seed");
    g_autofree char *want_sha = resolved_sha256(run_scn);
    g_autofree char *want_seed = g_strdup_printf("%" G_GUINT64_FORMAT, run_scn->seed);
    return sha && seed && strcmp(sha, want_sha) == 0 && strcmp(seed, want_seed) == 0;
}

/* ---- one run ---------------------------------------------------------------------------- */

typedef enum { RUN_DONE, RUN_SKIPPED, RUN_FAILED, RUN_ABANDONED } RunResult;

static RunResult run_one(const SimSweep *sw, const char *dir, guint run, const char *cmdline,
                         GError **error)
{
    if (sweep_stop)
        return RUN_ABANDONED;
    g_autofree char *run_dir = sim_sweep_run_dir(sw, dir, run);
    Scenario *s = sim_sweep_run_scenario(sw, run, run_dir, error);
    if (!s)
        return RUN_FAILED;
    if (sim_sweep_run_is_done(run_dir, s)) {
        scn_scenario_free(s);
        return RUN_SKIPPED;
    }
    g_autofree char *sha = resolved_sha256(s);
    gint64 t0 = g_get_monotonic_time();
    SimDc *m = sim_dc_new(s);
    sim_dc_run(m);
    if (sweep_stop) {                   /* stopped at an event boundary: write nothing */
        sim_dc_free(m);
        scn_scenario_free(s);
        return RUN_ABANDONED;
    }
    SimRunInfo info = { cmdline, sha, (double)(g_get_monotonic_time() - t0) / 1e6 };
    gboolean ok = sim_output_write(m, &info, error);
    sim_dc_free(m);
    scn_scenario_free(s);
    if (!ok)
        g_prefix_error(error, "%s: ", run_dir);
    return ok ? RUN_DONE : RUN_FAILED;
}

/* ---- the pool ------------------------------------------------------------------------------ */

typedef struct {
    const SimSweep *sw;
    const char     *dir;
    const char     *cmdline;
    GMutex          lock;
    GCond           changed;
    guint           running, finished, executed;
    SimSweepTally  *tally;
    GError         *first_error;
} Pool;

static void pool_work(gpointer data, gpointer user)
{
    Pool *p = user;
    guint run = GPOINTER_TO_UINT(data) - 1;
    g_mutex_lock(&p->lock);
    p->running++;
    g_mutex_unlock(&p->lock);
    GError *error = NULL;
    RunResult r = run_one(p->sw, p->dir, run, p->cmdline, &error);
    g_mutex_lock(&p->lock);
    p->running--;
    p->finished++;
    p->executed += r == RUN_DONE;
    p->tally->done += r == RUN_DONE;
    p->tally->skipped += r == RUN_SKIPPED;
    p->tally->failed += r == RUN_FAILED;
    if (error && !p->first_error)
        p->first_error = g_error_copy(error);
    g_cond_signal(&p->changed);
    g_mutex_unlock(&p->lock);
    if (error) {
        g_printerr("%s\n", error->message);
        g_error_free(error);
    }
}

/* "\r  sweep: 12/40 runs, 2 running, 3 already done, ETA 31 s" (caller holds the lock). */
static void show_progress(Pool *p, guint total, gint64 t0_us)
{
    double wall_s = (double)(g_get_monotonic_time() - t0_us) / 1e6;
    guint left = total - p->finished;
    double eta = p->executed ? wall_s / p->executed * left : NAN;
    g_autofree char *eta_text = isfinite(eta) ? g_strdup_printf("%.0f s", eta) : g_strdup("-");
    fprintf(stderr, "\r  sweep: %u/%u runs, %u running, %u already done, ETA %s   ",
            p->finished, total, p->running, p->tally->skipped, eta_text);
}

/* Waits for the queued runs; on SIGINT stops early (running runs still finish). */
static void pool_wait(Pool *p, guint total, const SimSweepOptions *o)
{
    gint64 t0 = g_get_monotonic_time();
    g_mutex_lock(&p->lock);
    while (p->finished < total && !sweep_stop) {
        g_cond_wait_until(&p->changed, &p->lock, g_get_monotonic_time() + SWEEP_PROGRESS_US);
        if (o->progress)
            show_progress(p, total, t0);
    }
    g_mutex_unlock(&p->lock);
    if (o->progress)
        fprintf(stderr, "\r%*s\r", 78, "");
}

static int default_threads(const SimSweepOptions *o)
{
    if (o->threads > 0)
        return o->threads;
    return o->ranks > 1 ? 1 : (int)g_get_num_processors();
}

gboolean sim_sweep_execute(const SimSweep *sw, const char *dir, const SimSweepOptions *o,
                           SimSweepTally *tally, GError **error)
{
    Pool p = { .sw = sw, .dir = dir, .tally = tally };
    g_mutex_init(&p.lock);
    g_cond_init(&p.changed);
    p.cmdline = o->command_line ? o->command_line : "vdcsim sweep";
    GThreadPool *pool = g_thread_pool_new(pool_work, &p, default_threads(o), FALSE, error);
    g_assert(pool);                     /* non-exclusive pools cannot fail to start */
    guint total = 0;
    for (guint run = 0; run < sim_sweep_n_runs(sw); run++)
        if ((int)(run % (guint)MAX(o->ranks, 1)) == o->rank) {
            g_thread_pool_push(pool, GUINT_TO_POINTER(run + 1), NULL);
            total++;
        }
    pool_wait(&p, total, o);
    g_thread_pool_free(pool, sweep_stop != 0, TRUE);  /* on SIGINT: drop the queued runs */
    tally->interrupted = sweep_stop != 0;
    gboolean ok = p.first_error == NULL;
    if (p.first_error)
        g_propagate_error(error, p.first_error);
    g_mutex_clear(&p.lock);
    g_cond_clear(&p.changed);
    return ok;
}

/* ---- the command ----------------------------------------------------------------------------- */

static gboolean make_dir(const char *dir, GError **error)
{
    if (g_mkdir_with_parents(dir, 0755) == 0)
        return TRUE;
    int err = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                "cannot create output directory '%s': %s", dir, g_strerror(err));
    return FALSE;
}

/* Rank 0, after every rank is done: sweep.csv, the manifest, the charts. */
static int aggregate(const SimSweep *sw, const char *dir, const SimSweepOptions *o)
{
    GError *error = NULL;
    SimSweepTable *t = sim_sweep_aggregate(sw, dir, &error);
    gboolean ok = t && sim_sweep_write_outputs(sw, t, dir, o->version, o->git_revision, &error);
    guint charts = 0;
    if (ok && sw->chart_formats && sw->chart_formats[0])
        ok = (charts = sim_sweep_charts(sw, t, dir, &error), error == NULL);
    sim_sweep_table_free(t);
    if (!ok) {
        int status = error->domain == SCN_ERROR ? 2 : 1;
        g_printerr("%s\n", error->message);
        g_error_free(error);
        return status;
    }
    if (!o->quiet && charts)
        printf("results in %s/sweep.csv (%u charts in %s/charts/)\n", dir, charts, dir);
    else if (!o->quiet)
        printf("results in %s/sweep.csv\n", dir);
    return 0;
}

/* This rank's part: runs, then its exit status (0, 1 or 130). */
static int run_share(const SimSweep *sw, const char *dir, const SimSweepOptions *o)
{
    SimSweepTally tally = { 0 };
    GError *error = NULL;
    gint64 t0 = g_get_monotonic_time();
    gboolean ok = make_dir(dir, &error) && sim_sweep_execute(sw, dir, o, &tally, &error);
    double wall_s = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (!ok && tally.failed == 0)
        g_printerr("%s\n", error->message);
    g_clear_error(&error);
    g_autofree char *rank = o->ranks > 1 ? g_strdup_printf(" (rank %d of %d)", o->rank, o->ranks)
                                         : g_strdup("");
    if (!o->quiet)
        printf("sweep %s%s: %u points x %u replications = %u runs; %s%u run now, "
               "%u already done, %u failed in %.2f s\n",
               sw->name, rank, sw->points->len,
               sw->replications, sim_sweep_n_runs(sw), tally.interrupted ? "interrupted, " : "",
               tally.done, tally.skipped, tally.failed, wall_s);
    if (tally.interrupted) {
        int sig = sim_interrupt_pending();
        g_printerr("vdcsim: interrupted by %s; %u runs finished and kept, the others are "
                   "redone when the sweep is run again\n", sim_interrupt_name(sig),
                   tally.done + tally.skipped);
        return 128 + sig;
    }
    return ok ? 0 : 1;
}

/* The highest status over all ranks (each rank's own without MPI); also a barrier. */
static int status_all(int status)
{
#ifdef VDC_MPI
    int mine = status;
    MPI_Allreduce(&mine, &status, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
#endif
    return status;
}

static int sweep_main(const char *path, const SimSweepOptions *o)
{
    GError *error = NULL;
    SimSweep *sw = sim_sweep_load(path, &error);
    if (!sw) {
        if (o->rank == 0)
            g_printerr("%s\n", error->message);
        g_error_free(error);
    }
    int status = status_all(sw ? 0 : 2);   /* every rank stops if one cannot load it */
    if (status == 0) {
        const char *dir = o->out_dir ? o->out_dir : sw->out_dir;
        status = status_all(run_share(sw, dir, o));
        if (status == 0 && o->rank == 0)
            status = aggregate(sw, dir, o);
    }
    sim_sweep_free(sw);
    return status;
}

int sim_sweep_main(const char *path, const SimSweepOptions *o)
{
    SimSweepOptions opt = *o;
    opt.rank = 0;
    opt.ranks = 1;
#ifdef VDC_MPI
    int provided = 0;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &opt.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &opt.ranks);
    if (opt.rank != 0)
        opt.progress = FALSE;
#endif
    sim_interrupt_reset();
    sim_sweep_catch_sigint();
    int status = sweep_main(path, &opt);
#ifdef VDC_MPI
    MPI_Finalize();
#endif
    return status;
}
