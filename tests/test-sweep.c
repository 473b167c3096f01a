/* tests/test-sweep.c — sweeps: the t-interval against hand-computed values, the spec
 * (ranges, cartesian order, listed points, errors positioned at the sweep block), seeds that
 * depend on point values only, byte-identical sweep.csv for -j 1, -j 2 and 2 MPI ranks,
 * restarts that redo nothing, Ctrl-C that leaves only complete runs, and the reproducibility
 * record.  The end-to-end tests run the real binary ($VDCSIM or build/vdcsim). */
#include "sim/sweep/sweep.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/testutil.h"

/* A sweep small enough to run in a fraction of a second: 3 x 2 points x 3 replications. */
static const char small_yaml[] =
    "name: small-sweep\n"
    "seed: 11\n"
    "duration: 5 min\n"
    "output: { sample_interval: 10 s, charts: [none] }\n"
    "profiles:\n"
    "  workloads:\n"
    "    short: { base: compute-intensive, work: 300 Gcycles }\n"
    "    long: { base: compute-intensive, work: 600 Gcycles }\n"
    "scheduler: { overcommit: { cpu: 1.0 } }\n"
    "hosts:\n"
    "  - { name: h, count: 1, cores: 8, freq: 2.5 GHz, memory: 64 GiB }\n"
    "vms:\n"
    "  - { name: job, count: 8, vcpus: 2, memory: 2 GiB, workload: short }\n"
    "sweep:\n"
    "  parameters:\n"
    "    scheduler.overcommit.cpu: { from: 1.0, to: 2.0, step: 0.5 }\n"
    "    vms.job.workload: [short, long]\n"
    "  replications: 3\n";

static char *write_scenario(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Runs `vdcsim sweep path -o out EXTRA...` and expects status. */
static TuRun sweep_run(const char *path, const char *out, const char *jobs, int status)
{
    TuRun r = tu_run("sweep", path, "-o", out, "-j", jobs, NULL);
    if (r.status != status)
        g_error("vdcsim sweep %s -j %s: status %d (expected %d)\nstdout: %s\nstderr: %s", path,
                jobs, r.status, status, r.out, r.err);
    return r;
}

static char *read_in(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char *text = tu_read(path);
    g_assert_nonnull(text);
    return text;
}

/* ---- statistics ---------------------------------------------------------------------- */

/* {1,2,3,4,5}: mean 3, sd sqrt(2.5) = 1.58114, t(0.975, 4) = 2.7764 (any t table, e.g.
 * Law 2015 Table T.1), half-width 2.7764 x 1.58114 / sqrt(5) = 1.9632. */
static void test_stats_t_interval(void)
{
    const double x[] = { 1, 2, 3, 4, 5 };
    SimSweepStats st = sim_sweep_stats(x, 5);
    g_assert_cmpuint(st.n, ==, 5);
    g_assert_cmpfloat_with_epsilon(st.mean, 3.0, 1e-12);
    g_assert_cmpfloat_with_epsilon(st.sd, 1.5811388, 1e-6);
    g_assert_cmpfloat_with_epsilon(st.ci_lo, 3 - 1.9632, 1e-4);
    g_assert_cmpfloat_with_epsilon(st.ci_hi, 3 + 1.9632, 1e-4);
    /* two samples: t(0.975, 1) = 12.706 (table), sd = sqrt(2)/... of {10, 12}: 1.41421 */
    const double y[] = { 10, 12 };
    st = sim_sweep_stats(y, 2);
    g_assert_cmpfloat_with_epsilon(st.ci_hi - st.mean, 12.706 * 1.41421356 / sqrt(2), 2e-3);
}

static void test_stats_degenerate(void)
{
    const double x[] = { NAN, 4, INFINITY, 4, 4 };     /* non-finite samples do not count */
    SimSweepStats st = sim_sweep_stats(x, 5);
    g_assert_cmpuint(st.n, ==, 3);
    g_assert_cmpfloat(st.mean, ==, 4.0);
    g_assert_cmpfloat(st.sd, ==, 0.0);
    g_assert_cmpfloat(st.ci_lo, ==, 4.0);
    g_assert_cmpfloat(st.ci_hi, ==, 4.0);
    const double one[] = { 7 };
    st = sim_sweep_stats(one, 1);
    g_assert_cmpuint(st.n, ==, 1);
    g_assert_cmpfloat(st.mean, ==, 7.0);
    g_assert_true(isnan(st.sd) && isnan(st.ci_lo) && isnan(st.ci_hi));
    st = sim_sweep_stats(x, 1);
    g_assert_cmpuint(st.n, ==, 0);
    g_assert_true(isnan(st.mean));
}

/* ---- spec ------------------------------------------------------------------------------ */

static SimSweep *load_text(const char *dir, const char *text, GError **error)
{
    g_autofree char *path = write_scenario(dir, "s.yaml", text);
    return sim_sweep_load(path, error);
}

static void test_spec_product(void)
{
    g_autofree char *dir = tu_tmpdir();
    GError *error = NULL;
    SimSweep *sw = load_text(dir, small_yaml, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sw->params->len, ==, 2);
    const SimSweepParam *cpu = g_ptr_array_index(sw->params, 0);
    g_assert_cmpuint(cpu->values->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(cpu->values, 2), ==, "2");
    g_assert_true(cpu->numeric);
    g_assert_false(((SimSweepParam *)g_ptr_array_index(sw->params, 1))->numeric);
    g_assert_cmpuint(sw->points->len, ==, 6);
    g_assert_cmpuint(sim_sweep_n_runs(sw), ==, 18);
    const SimSweepPoint *p1 = g_ptr_array_index(sw->points, 1);     /* last varies fastest */
    g_assert_cmpstr(p1->label, ==, "scheduler.overcommit.cpu=1,vms.job.workload=long");
    g_assert_cmpuint(p1->seed, ==, 11);
    g_autofree char *rd = sim_sweep_run_dir(sw, "o", 17);
    g_assert_cmpstr(rd, ==, "o/runs/005-002");
    Scenario *s = sim_sweep_run_scenario(sw, 17, "o/runs/005-002", &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(s->overcommit_cpu, ==, 2.0);
    g_assert_cmpstr(((ScnVm *)g_ptr_array_index(s->vms, 0))->workload, ==, "long");
    g_assert_cmpuint(s->seed, ==, sim_sweep_seed(11, "scheduler.overcommit.cpu=2,"
                                                 "vms.job.workload=long", 2));
    scn_scenario_free(s);
    sim_sweep_free(sw);
    tu_rmtree(dir);
}

/* 1.0 .. 1.3 step 0.1 ends at "1.3" (not 1.3000000000000003, nor one short). */
static void test_spec_range_rounding(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *text = g_strdup(small_yaml);
    char *at = strstr(text, "{ from: 1.0, to: 2.0, step: 0.5 }");
    memcpy(at, "{ from: 1.0, to: 1.3, step: 0.1 }", strlen("{ from: 1.0, to: 2.0, step: 0.5 }"));
    GError *error = NULL;
    SimSweep *sw = load_text(dir, text, &error);
    g_assert_no_error(error);
    const SimSweepParam *cpu = g_ptr_array_index(sw->params, 0);
    g_assert_cmpuint(cpu->values->len, ==, 4);
    g_assert_cmpstr(g_ptr_array_index(cpu->values, 3), ==, "1.3");
    sim_sweep_free(sw);
    tu_rmtree(dir);
}

/* Seeds follow the point's values: listing the points in another order, with the
 * parameters in another order too, gives every (point, replication) the seed the
 * cartesian product gives it. */
static void test_seeds_follow_values(void)
{
    g_autofree char *dir = tu_tmpdir();
    GError *error = NULL;
    SimSweep *product = load_text(dir, small_yaml, &error);
    g_assert_no_error(error);
    g_autofree char *listed = g_strdup(small_yaml);
    char *cut = strstr(listed, "  parameters:");
    GString *t = g_string_new_len(listed, cut - listed);
    g_string_append(t, "  points:\n");
    for (guint p = product->points->len; p-- > 0;) {
        const SimSweepPoint *pt = g_ptr_array_index(product->points, p);
        g_string_append_printf(t, "    - { vms.job.workload: %s, scheduler.overcommit.cpu: %s }\n",
                               pt->values[1], pt->values[0]);
    }
    g_string_append(t, "  replications: 3\n");
    SimSweep *rev = load_text(dir, t->str, &error);
    g_string_free(t, TRUE);
    g_assert_no_error(error);
    g_assert_cmpuint(rev->points->len, ==, 6);
    for (guint p = 0; p < 6; p++) {
        const SimSweepPoint *a = g_ptr_array_index(product->points, p);
        const SimSweepPoint *b = g_ptr_array_index(rev->points, 5 - p);
        g_assert_cmpstr(a->values[0], ==, b->values[1]);       /* params in first-seen order */
        for (guint r = 0; r < 3; r++)
            g_assert_cmpuint(sim_sweep_run_seed(product, p * 3 + r), ==,
                             sim_sweep_run_seed(rev, (5 - p) * 3 + r));
    }
    /* distinct runs get distinct seeds */
    g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    g_autofree gint64 *seeds = g_new(gint64, sim_sweep_n_runs(product));
    for (guint i = 0; i < sim_sweep_n_runs(product); i++) {
        seeds[i] = (gint64)sim_sweep_run_seed(product, i);
        g_assert_false(g_hash_table_contains(seen, &seeds[i]));
        g_hash_table_add(seen, &seeds[i]);
    }
    sim_sweep_free(product);
    sim_sweep_free(rev);
    tu_rmtree(dir);
}

/* Errors point into the sweep block and name the parameter. */
static void check_error(const char *from, const char *to, const char *want)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *text = g_strdup(small_yaml);
    GString *t = g_string_new(text);
    g_string_replace(t, from, to, 1);
    g_autofree char *path = write_scenario(dir, "bad.yaml", t->str);
    g_string_free(t, TRUE);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    TuRun r = tu_run("sweep", path, "-o", out, "-q", NULL);
    g_autofree char *expected = g_strdup_printf("%s:%s", path, want);
    if (r.status != 2 || !strstr(r.err, expected))
        g_error("expected status 2 and '%s', got %d: %s", expected, r.status, r.err);
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));      /* nothing ran */
    tu_run_clear(&r);
    tu_rmtree(dir);
}

static void test_errors(void)
{
    /* line 16 is the first parameter's key, line 17 the second's */
    check_error("scheduler.overcommit.cpu: {", "scheduler.overcomit.cpu: {",
                "16:5: error: sweep parameter 'scheduler.overcomit.cpu' = '1': unknown key "
                "'overcomit'");
    check_error("[short, long]", "[short, lnog]",
                "17:31: error: sweep parameter 'vms.job.workload' = 'lnog': unknown workload");
    check_error("[short, long]", "[short, short]",
                "17:31: error: value 'short' of sweep parameter 'vms.job.workload' is listed "
                "twice");
    check_error("step: 0.5", "step: -1", "16:59: error: sweep range of "
                "'scheduler.overcommit.cpu' must have step > 0");
    check_error("  replications: 3\n", "  replications: 3\n  points: []\n",
                "19:11: error: sweep has both 'parameters' and 'points'");
    check_error("sweep:\n", "sweeps:\n", "14:1: error: unknown key 'sweeps'");
    check_error("  replications: 3\n", "  replications: 3\n  charts: [makespan]\n",
                "19:12: error: unknown headline metric 'makespan'");
}

/* `vdcsim check` validates the sweep block too: a misspelt parameter path is one
 * positioned error and exit 2; a good file reports its points and runs. */
static void test_check(void)
{
    g_autofree char *dir = tu_tmpdir();
    GString *text = g_string_new(small_yaml);
    g_string_replace(text, "vms.job.workload:", "vms.job.wrkload:", 1);
    g_autofree char *bad = write_scenario(dir, "bad.yaml", text->str);
    g_autofree char *good = write_scenario(dir, "good.yaml", small_yaml);
    TuRun r = tu_run("check", bad, NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_autofree char *want = g_strdup_printf("%s:17:5: error: sweep parameter 'vms.job.wrkload' "
                                            "= 'short': unknown key 'wrkload'", bad);
    g_assert_true(g_str_has_prefix(r.err, want));
    g_assert_cmpuint(strchr(r.err, '\n') - r.err + 1, ==, strlen(r.err));   /* one line */
    tu_run_clear(&r);
    r = tu_run("check", good, NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "; sweep: 6 points, 18 runs)"));
    tu_run_clear(&r);
    g_string_free(text, TRUE);
    tu_rmtree(dir);
}

/* The shipped sweeps load and validate every point. */
static void test_shipped(void)
{
    static const struct { const char *path; guint points, reps; } cases[] = {
        { "scenarios/research/migration-sweep.yaml", 16, 20 },
        { "scenarios/planning/overcommit-sweep.yaml", 28, 3 },
        { "scenarios/planning/consolidation-sweep.yaml", 21, 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *error = NULL;
        SimSweep *sw = sim_sweep_load(cases[i].path, &error);
        g_assert_no_error(error);
        g_assert_cmpuint(sw->points->len, ==, cases[i].points);
        g_assert_cmpuint(sw->replications, ==, cases[i].reps);
        sim_sweep_free(sw);
    }
}

/* ---- end to end ------------------------------------------------------------------------ */

typedef struct {
    char *dir, *scenario;
} Fixture;

static void fixture_set_up(Fixture *f, gconstpointer data)
{
    f->dir = tu_tmpdir();
    f->scenario = write_scenario(f->dir, "small.yaml", data ? data : small_yaml);
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
    tu_rmtree(f->dir);
    g_free(f->dir);
    g_free(f->scenario);
}

static int cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every run's manifest seed, in run order, as "seed seed ...". */
static char *run_seeds(const char *out)
{
    g_autofree char *runs = g_build_filename(out, "runs", NULL);
    GDir *d = g_dir_open(runs, 0, NULL);
    g_assert_nonnull(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(d));)
        g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_names);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *leaf = g_build_filename("runs", g_ptr_array_index(names, i),
                                                 "manifest.json", NULL);
        g_autofree char *text = read_in(out, leaf);
        const char *p = strstr(text, "\"seed\": ");
        g_assert_nonnull(p);
        g_string_append_printf(s, "%s %.*s", (char *)g_ptr_array_index(names, i),
                               (int)strcspn(p + 8, ",\n"), p + 8);
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

/* -j 1 and -j 2 give the same sweep.csv, byte for byte, and the same seed in every run. */
static void test_threads_identical(Fixture *f, gconstpointer data)
{
    g_autofree char *o1 = g_build_filename(f->dir, "j1", NULL);
    g_autofree char *o2 = g_build_filename(f->dir, "j2", NULL);
    TuRun r1 = sweep_run(f->scenario, o1, "1", 0);
    TuRun r2 = sweep_run(f->scenario, o2, "2", 0);
    g_autofree char *c1 = read_in(o1, "sweep.csv"), *c2 = read_in(o2, "sweep.csv");
    g_assert_cmpstr(c1, ==, c2);
    g_autofree char *s1 = run_seeds(o1), *s2 = run_seeds(o2);
    g_assert_cmpstr(s1, ==, s2);
    g_autofree char *l1 = read_in(o1, "sweep_long.csv"), *l2 = read_in(o2, "sweep_long.csv");
    g_autofree char *u1 = read_in(o1, "sweep_summary.csv");
    g_autofree char *u2 = read_in(o2, "sweep_summary.csv");
    g_assert_cmpstr(l1, ==, l2);
    g_assert_cmpstr(u1, ==, u2);
    /* sweep.csv: one row per run; 8 jobs of 2 vCPUs on 8 cores: 4 admitted at 1.0, so the
     * run is infeasible (vms_rejected > 0); all 8 at 2.0 */
    g_assert_true(g_str_has_prefix(c1, "run,point,replication,seed,run_dir,"
                                       "scheduler.overcommit.cpu,vms.job.workload,feasible,"
                                       "feasible_reason,sim_time_s,"));
    g_auto(GStrv) runs = g_strsplit(c1, "\n", -1);
    g_assert_cmpuint(g_strv_length(runs), ==, 1 + 18 + 1);
    g_assert_true(g_str_has_prefix(runs[1], "0,0,0,"));
    g_assert_nonnull(strstr(runs[1], ",runs/000-000,1,short,false,4 VMs rejected,300,"));
    g_assert_nonnull(strstr(runs[18], ",runs/005-002,2,long,true,,300,"));
    /* sweep_summary.csv: one row per point with n, mean, sd and the interval per metric */
    g_assert_true(g_str_has_prefix(u1, "point,scheduler.overcommit.cpu,vms.job.workload,runs,"
                                       "feasible_runs,feasible,feasible_reason,sim_time_s_n,"
                                       "sim_time_s_mean,sim_time_s_sd,sim_time_s_ci_lo,"
                                       "sim_time_s_ci_hi,"));
    g_assert_nonnull(strstr(u1, "\n0,1,short,3,0,false,4 VMs rejected,3,300,0,300,300,"));
    g_assert_nonnull(strstr(u1, "\n4,2,short,3,3,true,,3,300,0,300,300,"));
    g_auto(GStrv) points = g_strsplit(u1, "\n", -1);
    g_assert_cmpuint(g_strv_length(points), ==, 1 + 6 + 1);
    /* sweep_long.csv: the layout sweep.csv had before 0.2, one row per point and metric */
    g_assert_true(g_str_has_prefix(l1, "point,scheduler.overcommit.cpu,vms.job.workload,"
                                       "metric,n,mean,sd,ci_lo,ci_hi\n"));
    g_auto(GStrv) lines = g_strsplit(l1, "\n", -1);
    guint rows = g_strv_length(lines) - 2, metrics = rows / 6;
    g_assert_cmpuint(rows % 6, ==, 0);
    g_assert_true(g_str_has_prefix(lines[1], "0,1,short,sim_time_s,3,300,0,300,300"));
    g_assert_true(g_str_has_prefix(lines[1 + 5 * metrics], "5,2,long,"));
    g_assert_nonnull(strstr(l1, "\n0,1,short,vms_placed,3,4,0,4,4\n"));
    g_assert_nonnull(strstr(l1, "\n4,2,short,vms_placed,3,8,0,8,8\n"));
    tu_run_clear(&r1);
    tu_run_clear(&r2);
}

/* With the MPI binary ($VDCSIM_MPI or build-mpi/vdcsim) and mpirun present, 2 ranks give
 * the -j 1 sweep.csv. */
static void test_mpi_identical(Fixture *f, gconstpointer data)
{
    const char *mpi_bin = g_getenv("VDCSIM_MPI") ? g_getenv("VDCSIM_MPI") : "build-mpi/vdcsim";
    g_autofree char *mpirun = g_find_program_in_path("mpirun");
    if (!g_file_test(mpi_bin, G_FILE_TEST_IS_EXECUTABLE) || !mpirun) {
        g_test_skip(!mpirun ? "mpirun is not installed (apt-get install openmpi-bin)"
                            : "no MPI binary at $VDCSIM_MPI or build-mpi/vdcsim (make MPI=1)");
        return;
    }
    g_autofree char *o1 = g_build_filename(f->dir, "j1", NULL);
    g_autofree char *om = g_build_filename(f->dir, "mpi", NULL);
    TuRun r1 = sweep_run(f->scenario, o1, "1", 0);
    const char *argv[] = { mpirun, "--oversubscribe", "--allow-run-as-root", "-n", "2",
                           mpi_bin, "sweep", f->scenario, "-o", om, "-j", "1", NULL };
    g_autofree char *out = NULL, *err = NULL;
    int wait = 0;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &wait, NULL));
    if (!WIFEXITED(wait) || WEXITSTATUS(wait) != 0)
        g_error("mpirun failed (%d): %s\n%s", wait, out, err);
    g_autofree char *c1 = read_in(o1, "sweep.csv"), *cm = read_in(om, "sweep.csv");
    if (strcmp(c1, cm) != 0)
        g_error("sweep.csv differs between %s -j 1 and 2 ranks of %s (is %s stale? rebuild "
                "it with make MPI=1)\n--- -j 1:\n%s\n--- mpi:\n%s", tu_vdcsim(), mpi_bin,
                mpi_bin, c1, cm);
    g_autofree char *s1 = run_seeds(o1), *sm = run_seeds(om);
    g_assert_cmpstr(s1, ==, sm);
    /* each rank ran its 9 of the 18 runs */
    g_assert_cmpuint(strstr(out, "9 run now") ? 1 : 0, ==, 1);
    tu_run_clear(&r1);
}

static gint64 mtime_us(const char *path)
{
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    return (gint64)st.st_mtim.tv_sec * 1000000 + st.st_mtim.tv_nsec / 1000;
}

/* A restarted sweep redoes nothing; a run without its manifest is redone alone. */
static void test_restart(Fixture *f, gconstpointer data)
{
    g_autofree char *o = g_build_filename(f->dir, "out", NULL);
    TuRun r = sweep_run(f->scenario, o, "2", 0);
    g_assert_nonnull(strstr(r.out, "18 run now, 0 already done"));
    tu_run_clear(&r);
    g_autofree char *m0 = g_build_filename(o, "runs", "000-000", "manifest.json", NULL);
    g_autofree char *m5 = g_build_filename(o, "runs", "005-002", "manifest.json", NULL);
    gint64 t0 = mtime_us(m0);
    g_autofree char *csv = read_in(o, "sweep.csv");
    g_usleep(20000);
    r = sweep_run(f->scenario, o, "2", 0);
    g_assert_nonnull(strstr(r.out, "0 run now, 18 already done"));
    g_assert_cmpint(mtime_us(m0), ==, t0);
    tu_run_clear(&r);
    g_assert_cmpint(g_unlink(m5), ==, 0);
    r = sweep_run(f->scenario, o, "2", 0);
    g_assert_nonnull(strstr(r.out, "1 run now, 17 already done"));
    g_assert_cmpint(mtime_us(m0), ==, t0);
    g_assert_true(g_file_test(m5, G_FILE_TEST_IS_REGULAR));
    g_autofree char *csv2 = read_in(o, "sweep.csv");
    g_assert_cmpstr(csv, ==, csv2);
    tu_run_clear(&r);
}

/* A finished sweep copied elsewhere resumes there with no run redone (the run key leaves
 * out the output directory); a killed writer's temporary files are removed. */
static void test_moved(Fixture *f, gconstpointer data)
{
    g_autofree char *o = g_build_filename(f->dir, "out", NULL);
    g_autofree char *moved = g_build_filename(f->dir, "elsewhere", "moved", NULL);
    TuRun r = sweep_run(f->scenario, o, "2", 0);
    tu_run_clear(&r);
    g_autofree char *parent = g_path_get_dirname(moved);
    g_assert_cmpint(g_mkdir_with_parents(parent, 0755), ==, 0);
    g_assert_cmpint(g_rename(o, moved), ==, 0);
    g_autofree char *stray = g_build_filename(moved, "runs", "003-001", "vms.csv.Ab3xYz", NULL);
    g_autofree char *stray2 = g_build_filename(moved, "sweep.csv.QQ12ab", NULL);
    g_assert_true(g_file_set_contents(stray, "half a file", -1, NULL));
    g_assert_true(g_file_set_contents(stray2, "half a file", -1, NULL));
    r = tu_run("sweep", f->scenario, "-o", moved, "-j2", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "0 run now, 18 already done"));
    g_assert_false(g_file_test(stray, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(stray2, G_FILE_TEST_EXISTS));
    g_autofree char *man = read_in(moved, "runs/003-001/manifest.json");
    g_assert_nonnull(strstr(man, "\"run_key\": \""));
    g_assert_nonnull(strstr(man, "\"model_version\": \""));
    tu_run_clear(&r);
}

/* --shard 1/2 and 2/2 into one folder give the single-process sweep.csv; the first shard
 * alone writes no sweep.csv.  A malformed --shard is a command-line error. */
static void test_shards(Fixture *f, gconstpointer data)
{
    g_autofree char *o1 = g_build_filename(f->dir, "one", NULL);
    g_autofree char *os = g_build_filename(f->dir, "sharded", NULL);
    TuRun r = sweep_run(f->scenario, o1, "2", 0);
    tu_run_clear(&r);
    r = tu_run("sweep", f->scenario, "-o", os, "--shard", "1/2", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "9 run now"));
    g_autofree char *csv = g_build_filename(os, "sweep.csv", NULL);
    g_assert_false(g_file_test(csv, G_FILE_TEST_EXISTS));
    tu_run_clear(&r);
    r = tu_run("sweep", f->scenario, "-o", os, "--shard=2/2", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_autofree char *c1 = read_in(o1, "sweep.csv"), *cs = read_in(os, "sweep.csv");
    g_assert_cmpstr(c1, ==, cs);
    tu_run_clear(&r);
    r = tu_run("sweep", f->scenario, "-o", os, "--shard", "3/2", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "error: bad --shard '3/2' (expected I/N"));
    tu_run_clear(&r);
}

/* Finished runs of another model version: refused (exit 2, positioned at the manifest),
 * rerun with --other-versions redo, kept with keep. */
static void test_other_versions(Fixture *f, gconstpointer data)
{
    g_autofree char *o = g_build_filename(f->dir, "out", NULL);
    TuRun r = sweep_run(f->scenario, o, "2", 0);
    tu_run_clear(&r);
    g_autofree char *path = g_build_filename(o, "runs", "002-000", "manifest.json", NULL);
    g_autofree char *text = tu_read(path);
    GString *edited = g_string_new(text);
    g_assert_cmpuint(g_string_replace(edited, "\"model_version\": \"", "\"model_version\": "
                                      "\"0.0.1+src.old-", 1), ==, 1);
    g_assert_true(g_file_set_contents(path, edited->str, -1, NULL));
    g_string_free(edited, TRUE);
    r = tu_run("sweep", f->scenario, "-o", o, "-q", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "runs/002-000/manifest.json:1:1: error: 1 finished run of "
                                   "this sweep came from model version '0.0.1+src.old-"));
    tu_run_clear(&r);
    r = tu_run("sweep", f->scenario, "-o", o, "--other-versions", "keep", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "0 run now, 18 already done"));
    tu_run_clear(&r);
    r = tu_run("sweep", f->scenario, "-o", o, "--other-versions", "redo", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "1 run now, 17 already done"));
    tu_run_clear(&r);
}

/* sweep-manifest.json, resolved.yaml, scenario.yaml and the charts are there. */
static void test_record(Fixture *f, gconstpointer data)
{
    GString *text = g_string_new(small_yaml);
    g_string_replace(text, "charts: [none]", "charts: [png]", 1);
    g_autofree char *scenario = write_scenario(f->dir, "charted.yaml", text->str);
    g_autofree char *o = g_build_filename(f->dir, "out", NULL);
    TuRun r = sweep_run(scenario, o, "2", 0);
    g_autofree char *man = read_in(o, "sweep-manifest.json");
    g_autofree char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text->str, -1);
    g_assert_nonnull(strstr(man, sha));
    g_assert_nonnull(strstr(man, "\"git_revision\": \""));
    g_assert_nonnull(strstr(man, "{ \"point\": 5, \"values\": { \"scheduler.overcommit.cpu\": "
                                 "\"2\", \"vms.job.workload\": \"long\" }"));
    g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT,
                                            sim_sweep_seed(11, "scheduler.overcommit.cpu=2,"
                                                           "vms.job.workload=long", 2));
    g_assert_nonnull(strstr(man, seed));
    g_autofree char *run_man = read_in(o, "runs/005-002/manifest.json");
    g_assert_nonnull(strstr(run_man, seed));
    g_autofree char *copy = read_in(o, "scenario.yaml");
    g_assert_cmpstr(copy, ==, text->str);
    g_string_free(text, TRUE);
    g_autofree char *resolved = read_in(o, "resolved.yaml");
    g_assert_nonnull(strstr(resolved, "seed: 11"));
    g_autofree char *line = g_build_filename(o, "charts",
                                             "vms_placed-vs-scheduler.overcommit.cpu.png", NULL);
    g_autofree char *bars = g_build_filename(o, "charts",
                                             "makespan_s-vs-vms.job.workload.png", NULL);
    g_assert_true(g_file_test(line, G_FILE_TEST_IS_REGULAR));
    g_assert_true(g_file_test(bars, G_FILE_TEST_IS_REGULAR));
    g_autofree char *flat = g_build_filename(o, "charts", "hosts-vs-vms.job.workload.png", NULL);
    g_assert_false(g_file_test(flat, G_FILE_TEST_EXISTS));    /* constant: not charted */
    tu_run_clear(&r);
}

/* Heavier runs (about 20 ms each), so that SIGINT arrives mid-sweep. */
static const char heavy_yaml[] =
    "name: heavy\n"
    "seed: 3\n"
    "duration: 1 h\n"
    "output: { sample_interval: 1 s }\n"
    "profiles: { workloads: { job: { base: compute-intensive, work: 900 Gcycles } } }\n"
    "scheduler: { overcommit: { cpu: 4.0 } }\n"
    "hosts:\n"
    "  - { name: h, count: 8, cores: 16, freq: 2.5 GHz, memory: 256 GiB }\n"
    "vms:\n"
    "  - { name: j, count: 200, vcpus: 2, memory: 2 GiB, workload: job, start: 1 s }\n"
    "sweep:\n"
    "  parameters: { vms.j.count: { from: 200, to: 299, step: 1 } }\n"
    "  replications: 2\n";

/* Ctrl-C: exit 130, no sweep.csv, every run with a manifest is complete, some were not run. */
static void test_sigint(Fixture *f, gconstpointer data)
{
    g_autofree char *o = g_build_filename(f->dir, "out", NULL);
    const char *argv[] = { tu_vdcsim(), "sweep", f->scenario, "-o", o, "-j", "1", "-q", NULL };
    GPid pid;
    g_assert_true(g_spawn_async(NULL, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                NULL, &pid, NULL));
    /* SIGINT once the sweep is under way (its runs folder exists, so its handler is in
     * place): a fixed delay raced the start-up of a sanitizer build on a loaded machine */
    g_autofree char *runs = g_build_filename(o, "runs", NULL);
    for (int i = 0; i < 3000 && !g_file_test(runs, G_FILE_TEST_IS_DIR); i++)
        g_usleep(10000);
    g_usleep(200000);
    kill(pid, SIGINT);
    int wait = 0;
    g_assert_cmpint(waitpid(pid, &wait, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_assert_true(WIFEXITED(wait));
    g_assert_cmpint(WEXITSTATUS(wait), ==, 130);
    g_autofree char *csv = g_build_filename(o, "sweep.csv", NULL);
    g_assert_false(g_file_test(csv, G_FILE_TEST_EXISTS));
    guint complete = 0;
    for (guint run = 0; run < 200; run++) {
        g_autofree char *leaf = g_strdup_printf("runs/%03u-%03u", run / 2, run % 2);
        g_autofree char *man = g_build_filename(o, leaf, "manifest.json", NULL);
        if (!g_file_test(man, G_FILE_TEST_EXISTS))
            continue;
        complete++;
        static const char *const files[] = { "summary.json", "resolved.yaml", "vms.csv",
                                             "hosts.csv", "timeseries.csv" };
        for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
            g_autofree char *p = g_build_filename(o, leaf, files[i], NULL);
            g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
        }
    }
    g_test_message("%u of 200 runs complete at SIGINT", complete);
    g_assert_cmpuint(complete, <, 200);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sweep/stats/t-interval", test_stats_t_interval);
    g_test_add_func("/sweep/stats/degenerate", test_stats_degenerate);
    g_test_add_func("/sweep/spec/product", test_spec_product);
    g_test_add_func("/sweep/spec/range-rounding", test_spec_range_rounding);
    g_test_add_func("/sweep/spec/seeds-follow-values", test_seeds_follow_values);
    g_test_add_func("/sweep/spec/errors", test_errors);
    g_test_add_func("/sweep/spec/shipped", test_shipped);
    g_test_add_func("/sweep/spec/check", test_check);
    g_test_add("/sweep/run/threads-identical", Fixture, NULL, fixture_set_up,
               test_threads_identical, fixture_tear_down);
    g_test_add("/sweep/run/mpi-identical", Fixture, NULL, fixture_set_up, test_mpi_identical,
               fixture_tear_down);
    g_test_add("/sweep/run/restart", Fixture, NULL, fixture_set_up, test_restart,
               fixture_tear_down);
    g_test_add("/sweep/run/moved", Fixture, NULL, fixture_set_up, test_moved,
               fixture_tear_down);
    g_test_add("/sweep/run/shards", Fixture, NULL, fixture_set_up, test_shards,
               fixture_tear_down);
    g_test_add("/sweep/run/other-versions", Fixture, NULL, fixture_set_up, test_other_versions,
               fixture_tear_down);
    g_test_add("/sweep/run/record", Fixture, NULL, fixture_set_up, test_record,
               fixture_tear_down);
    g_test_add("/sweep/run/sigint", Fixture, heavy_yaml, fixture_set_up, test_sigint,
               fixture_tear_down);
    return g_test_run();
}
