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
 * by rename) carrying the run's content key: the SHA-256 of the model version and of the
 * run's resolved scenario written without its output directory, so a folder copied or
 * moved anywhere resumes with nothing redone.  Finished runs of another model version are
 * refused before anything runs (or redone, or kept: SimSweepVersions).  A run about to be
 * (re)done starts from an emptied directory; a finished one loses the temporary files a
 * killed writer left.  --shard I/N keeps the runs i with i mod N = I - 1 (split again over
 * MPI ranks); a shard aggregates only once every run is done.  SIGINT or SIGTERM
 * (sim/core/interrupt.h) sets a flag: no new run starts, running ones stop at their next
 * event and write nothing (their files are complete or absent), and the sweep exits with
 * 130 or 143 without aggregating.  A second signal kills the process the default way; a
 * run it cuts short has no manifest.json and is redone next time.
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
#include "sim/out/provenance.h"

#define SWEEP_PROGRESS_US 500000
#define SWEEP_KEY_OUT_DIR "(the run directory)"

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

/* SHA-256 of the run's resolved scenario with its output directory left out, so the
 * content (and the key) is the same wherever the sweep's folder lives. */
char *sim_sweep_content_sha256(const Scenario *run_scn)
{
    Scenario *s = (Scenario *)run_scn;        /* out_dir is swapped and put back */
    char *out_dir = s->out_dir;
    s->out_dir = g_strdup(SWEEP_KEY_OUT_DIR);
    g_autofree char *yaml = scn_write_resolved(s);
    g_free(s->out_dir);
    s->out_dir = out_dir;
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, yaml, -1);
}

char *sim_sweep_run_key(const char *content_sha256, const char *model_version)
{
    g_autofree char *text = g_strdup_printf("vdcsim-run/1\n%s\n%s\n", model_version,
                                            content_sha256);
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
}

/* A temporary file a killed writer left: NAME.XXXXXX (g_file_set_contents) of a result
 * file, or NAME.tmp (charts). */
static gboolean is_stray_temp(const char *name)
{
    size_t n = strlen(name);
    if (g_str_has_suffix(name, ".tmp"))
        return TRUE;
    if (n < 8 || name[n - 7] != '.')
        return FALSE;
    for (size_t i = n - 6; i < n; i++)
        if (!g_ascii_isalnum(name[i]) && name[i] != '_')
            return FALSE;
    g_autofree char *base = g_strndup(name, n - 7);
    return g_str_has_suffix(base, ".csv") || g_str_has_suffix(base, ".json") ||
           g_str_has_suffix(base, ".yaml") || g_str_has_suffix(base, ".html");
}

guint sim_sweep_clean_dir(const char *dir, gboolean everything)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return 0;
    guint removed = 0;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if ((everything || is_stray_temp(name)) && g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
            g_unlink(path) == 0)
            removed++;
    }
    g_dir_close(d);
    return removed;
}

SimSweepRunState sim_sweep_run_state(const char *run_dir, const Scenario *run_scn,
                                     gboolean keep_other_versions)
{
    g_autofree char *summary = g_build_filename(run_dir, "summary.json", NULL);
    g_autofree char *manifest = g_build_filename(run_dir, "manifest.json", NULL);
    g_autofree char *text = NULL;
    if (!g_file_test(summary, G_FILE_TEST_IS_REGULAR) ||
        !g_file_get_contents(manifest, &text, NULL, NULL))
        return SIM_SWEEP_RUN_TODO;
    g_autofree char *content = sim_sweep_content_sha256(run_scn);
    g_autofree char *want = sim_sweep_run_key(content, sim_provenance_model_version());
    g_autofree char *key = json_field(text, "run_key");
    g_autofree char *sha = json_field(text, "scenario_sha256");
    g_autofree char *version = json_field(text, "model_version");
    gboolean same_version = version && strcmp(version, sim_provenance_model_version()) == 0;
    if (same_version && key && strcmp(key, want) == 0)
        return SIM_SWEEP_RUN_DONE;
    if (!sha || strcmp(sha, content) != 0 || same_version)
        return SIM_SWEEP_RUN_TODO;
    return keep_other_versions ? SIM_SWEEP_RUN_DONE : SIM_SWEEP_RUN_OTHER_VERSION;
}

gboolean sim_sweep_run_is_done(const char *run_dir, const Scenario *run_scn)
{
    return sim_sweep_run_state(run_dir, run_scn, FALSE) == SIM_SWEEP_RUN_DONE;
}

/* ---- one run ---------------------------------------------------------------------------- */

typedef enum { RUN_DONE, RUN_SKIPPED, RUN_FAILED, RUN_ABANDONED } RunResult;

static RunResult run_one(const SimSweep *sw, const char *dir, guint run, const char *cmdline,
                         gboolean keep_other_versions, GError **error)
{
    if (sweep_stop)
        return RUN_ABANDONED;
    g_autofree char *run_dir = sim_sweep_run_dir(sw, dir, run);
    Scenario *s = sim_sweep_run_scenario(sw, run, run_dir, error);
    if (!s)
        return RUN_FAILED;
    if (sim_sweep_run_state(run_dir, s, keep_other_versions) == SIM_SWEEP_RUN_DONE) {
        sim_sweep_clean_dir(run_dir, FALSE);
        scn_scenario_free(s);
        return RUN_SKIPPED;
    }
    sim_sweep_clean_dir(run_dir, TRUE);       /* unfinished: whatever is there is stale */
    g_autofree char *sha = sim_sweep_content_sha256(s);
    g_autofree char *key = sim_sweep_run_key(sha, sim_provenance_model_version());
    gint64 t0 = g_get_monotonic_time();
    SimDc *m = sim_dc_new(s);
    sim_dc_run(m);
    if (sweep_stop) {                   /* stopped at an event boundary: write nothing */
        sim_dc_free(m);
        scn_scenario_free(s);
        return RUN_ABANDONED;
    }
    SimRunInfo info = { cmdline, sha, (double)(g_get_monotonic_time() - t0) / 1e6, key };
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
    gboolean        keep_other_versions;
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
    RunResult r = run_one(p->sw, p->dir, run, p->cmdline, p->keep_other_versions, &error);
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

/* "\r  sweep: 12/40 runs (30 %), 2 running, 3 already done, ETA 31 s" (caller holds the
 * lock). */
static void show_progress(Pool *p, guint total, gint64 t0_us)
{
    double wall_s = (double)(g_get_monotonic_time() - t0_us) / 1e6;
    guint left = total - p->finished;
    double eta = p->executed ? wall_s / p->executed * left : NAN;
    g_autofree char *eta_text = isfinite(eta) ? g_strdup_printf("%.0f s", eta) : g_strdup("-");
    fprintf(stderr, "\r  sweep: %u/%u runs (%.0f %%), %u running, %u already done, ETA %s   ",
            p->finished, total, total ? 100.0 * p->finished / total : 100.0, p->running,
            p->tally->skipped, eta_text);
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
    Pool p = { .sw = sw, .dir = dir, .tally = tally,
               .keep_other_versions = o->other_versions == SIM_SWEEP_VERSIONS_KEEP };
    g_mutex_init(&p.lock);
    g_cond_init(&p.changed);
    p.cmdline = o->command_line ? o->command_line : "vdcsim sweep";
    GThreadPool *pool = g_thread_pool_new(pool_work, &p, default_threads(o), FALSE, error);
    g_assert(pool);                     /* non-exclusive pools cannot fail to start */
    guint total = 0;
    for (guint run = 0; run < sim_sweep_n_runs(sw); run++)
        if (sim_sweep_run_is_mine(o, run)) {
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

gboolean sim_sweep_run_is_mine(const SimSweepOptions *o, guint run)
{
    guint shards = (guint)MAX(o->shards, 1), ranks = (guint)MAX(o->ranks, 1);
    return run % shards == (guint)o->shard && (run / shards) % ranks == (guint)o->rank;
}

/* ---- other model versions ------------------------------------------------------------ */

/* The model version a finished run's manifest records ("unknown" before it did); NULL if
 * run_dir holds no finished run. */
static char *finished_version(const char *run_dir)
{
    g_autofree char *manifest = g_build_filename(run_dir, "manifest.json", NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(manifest, &text, NULL, NULL))
        return NULL;
    char *v = json_field(text, "model_version");
    return v ? v : g_strdup("unknown");
}

gboolean sim_sweep_check_versions(const SimSweep *sw, const char *dir, GError **error)
{
    const char *mine = sim_provenance_model_version();
    guint other = 0;
    g_autofree char *first_dir = NULL, *first_version = NULL;
    for (guint run = 0; run < sim_sweep_n_runs(sw); run++) {
        g_autofree char *run_dir = sim_sweep_run_dir(sw, dir, run);
        g_autofree char *v = finished_version(run_dir);
        if (!v || strcmp(v, mine) == 0)
            continue;
        if (other++ == 0) {
            first_dir = g_steal_pointer(&run_dir);
            first_version = g_steal_pointer(&v);
        }
    }
    if (other == 0)
        return TRUE;
    g_set_error(error, SCN_ERROR, SCN_ERROR_CONFLICT, "%s/manifest.json:1:1: error: %u finished "
                "run%s of this sweep came from model version '%s', this binary is '%s' "
                "(expected one version per sweep: --other-versions redo reruns them, "
                "--other-versions keep mixes them in)", first_dir, other, other == 1 ? "" : "s",
                first_version, mine);
    return FALSE;
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
    g_autofree char *charts_dir = g_build_filename(dir, "charts", NULL);
    sim_sweep_clean_dir(dir, FALSE);          /* what a killed sweep left */
    sim_sweep_clean_dir(charts_dir, FALSE);
    SimSweepTable *t = sim_sweep_aggregate(sw, dir, default_threads(o), &error);
    gboolean ok = t && sim_sweep_write_outputs(sw, t, dir, o->version, o->git_revision, &error);
    guint charts = 0;
    if (ok && sw->chart_formats && sw->chart_formats[0])
        ok = (charts = sim_sweep_charts(sw, t, dir, default_threads(o), &error),
              error == NULL);
    ok = ok && sim_sweep_report_write(sw, t, dir, &error);
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

/* " (shard 1/4, rank 0 of 2)", or "" for a whole sweep in one process. */
static char *share_label(const SimSweepOptions *o)
{
    GString *s = g_string_new(NULL);
    if (o->shards > 1)
        g_string_append_printf(s, "shard %d/%d", o->shard + 1, o->shards);
    if (o->ranks > 1)
        g_string_append_printf(s, "%srank %d of %d", s->len ? ", " : "", o->rank, o->ranks);
    if (s->len) {
        g_string_prepend(s, " (");
        g_string_append_c(s, ')');
    }
    return g_string_free(s, FALSE);
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
    g_autofree char *rank = share_label(o);
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

/* A shard aggregates only when every run of the sweep is done (the last one to finish,
 * or a plain `vdcsim sweep` afterwards: the merge). */
static gboolean sweep_complete(const SimSweep *sw, const char *dir, const SimSweepOptions *o)
{
    guint missing = 0;
    gboolean keep = o->other_versions == SIM_SWEEP_VERSIONS_KEEP;
    for (guint run = 0; run < sim_sweep_n_runs(sw); run++) {
        g_autofree char *run_dir = sim_sweep_run_dir(sw, dir, run);
        GError *error = NULL;
        Scenario *s = sim_sweep_run_scenario(sw, run, run_dir, &error);
        missing += !s || sim_sweep_run_state(run_dir, s, keep) != SIM_SWEEP_RUN_DONE;
        scn_scenario_free(s);
        g_clear_error(&error);
    }
    if (missing && !o->quiet)
        printf("%u of %u runs are not done yet: sweep.csv is written once they are (run "
               "`vdcsim sweep` without --shard on the folder to merge and finish)\n", missing,
               sim_sweep_n_runs(sw));
    return missing == 0;
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
    const char *dir = sw && o->out_dir ? o->out_dir : sw ? sw->out_dir : NULL;
    if (status == 0 && o->other_versions == SIM_SWEEP_VERSIONS_REFUSE &&
        !sim_sweep_check_versions(sw, dir, &error)) {
        if (o->rank == 0)
            g_printerr("%s\n", error->message);
        g_clear_error(&error);
        status = 2;
    }
    status = status_all(status);
    if (status == 0)
        status = status_all(run_share(sw, dir, o));
    if (status == 0 && o->rank == 0 && (o->shards <= 1 || sweep_complete(sw, dir, o)))
        status = aggregate(sw, dir, o);
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

gboolean sim_sweep_is_dir(const char *dir)
{
    g_autofree char *manifest = g_build_filename(dir, "sweep-manifest.json", NULL);
    return g_file_test(manifest, G_FILE_TEST_IS_REGULAR);
}

int sim_sweep_replot(const char *dir, char **formats)
{
    g_autofree char *path = g_build_filename(dir, "scenario.yaml", NULL);
    GError *error = NULL;
    SimSweep *sw = sim_sweep_load(path, &error);
    if (!sw) {
        g_printerr("%s\n", error->message);
        g_error_free(error);
        return 2;
    }
    if (formats) {
        g_strfreev(sw->chart_formats);
        sw->chart_formats = g_strdupv(formats);
    }
    SimSweepOptions o = { .quiet = FALSE };
    int status = aggregate(sw, dir, &o);
    sim_sweep_free(sw);
    return status == 0 ? 0 : 2;
}
