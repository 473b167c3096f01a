/* tests/test-migration-research.c — live migration as researchers use it: the one-file
 * strategy of docs/extending.md (pre-copy with XBZRLE, registered here), the stop-rule presets
 * against cases derived by hand from Xen's and QEMU's published rules, replications of the
 * per-page dirty model against the closed form, compression winning and losing, and a row
 * (with status and energy) for every migration.  Every case runs a scenario in-process. */
#include <math.h>
#include <string.h>

#include "sim/dc/datacenter.h"
#include "sim/migration/codec.h"
#include "sim/migration/rules.h"
#include "sim/migration/strategy.h"
#include "sim/scenario/scenario.h"

/* ---- the worked example of docs/extending.md: pre-copy with XBZRLE ---------------------- */

enum { XPC_ROUND = 1, XPC_FINAL = 2 };

typedef struct {
    MigRounds rounds;
} XpcState;

static void xpc_start(MigJob *job, void *state)
{
    XpcState *st = state;
    MigCodecParams codec = mig_job_params(job)->codec;
    codec.xbzrle = TRUE;                          /* whatever the scenario says */
    mig_job_set_codec(job, &codec);
    mig_rounds_start(job, &st->rounds, XPC_ROUND);
}

static void xpc_on_sent(MigJob *job, void *state, uint32_t tag, const MigSent *sent)
{
    XpcState *st = state;
    if (tag == XPC_FINAL) {
        mig_job_resume(job);
        mig_job_finish(job);
        return;
    }
    uint64_t next = 0;
    const char *rule = mig_rounds_done(job, &st->rounds, sent, &next);
    if (!rule) {
        mig_rounds_next(job, &st->rounds, next);
        return;
    }
    mig_job_set_reason(job, rule);
    mig_rounds_stop(job, &st->rounds, next, XPC_FINAL);
}

static const MigStrategyOps xpc_ops = {
    .name = "pre-copy-xbzrle",
    .description = "pre-copy whose re-sent pages go as XBZRLE deltas",
    .state_bytes = sizeof(XpcState),
    .start = xpc_start,
    .on_sent = xpc_on_sent,
};

/* ---- running a scenario ---------------------------------------------------------------- */

typedef struct {
    SimDc    *dc;
    Scenario *scn;
    GArray   *rows;         /* SimDcMigrationRow */
} Run;

/* A 1 GiB VM writing rate_pages_per_s into a wws working set, migrated at 1 s over 1 Gbit/s
 * without latency or state (pre-copy by default), with `extra` in the migration block. */
static Run run_vm(const char *wws, double rate_pages_per_s, const char *extra, int seed,
                  const char *duration)
{
    g_autofree char *yaml = g_strdup_printf(
        "name: research\nseed: %d\nduration: %s\n"
        "network: { link_bandwidth: 1 Gbit/s, latency: 0 s }\n"
        "migration: { state_size: 0 B%s%s }\n"
        "profiles: { workloads: { w: { base: idle, demand: 30%%, wws: %s, "
        "dirty_rate: %.0f pages/s } } }\n"
        "hosts: [ { name: h, count: 2, cores: 8, freq: 2.5 GHz, memory: 16 GiB } ]\n"
        "vms: [ { name: v, vcpus: 2, memory: 1 GiB, workload: w, host: h-1 } ]\n"
        "events: [ { at: 1 s, migrate: { vm: v, to: h-2 } } ]\n",
        seed, duration, *extra ? ", " : "", extra, wws, rate_pages_per_s);
    GError *error = NULL;
    Run r = { .scn = scn_load_string(yaml, "research.yaml", NULL, &error) };
    g_assert_no_error(error);
    r.dc = sim_dc_new(r.scn);
    sim_dc_run(r.dc);
    r.rows = sim_dc_migration_rows(r.dc);
    return r;
}

static const SimDcMigrationRow *row0(const Run *r)
{
    g_assert_cmpuint(r->rows->len, ==, 1);
    return &g_array_index(r->rows, SimDcMigrationRow, 0);
}

static void run_clear(Run *r)
{
    g_array_unref(r->rows);
    sim_dc_free(r->dc);
    scn_scenario_free(r->scn);
}

#define PAGE_BYTES   4096.0
#define LINK_BPS     1.25e8              /* 1 Gbit/s in bytes/s */
#define VM_PAGES     262144.0            /* 1 GiB */

/* Distinct pages of W dirtied in t s at r (the exponential model, rounded like the job). */
static double dirtied(double w, double r, double t)
{
    return round(w * -expm1(-r * t / w));
}

/* ---- presets against hand-derived cases -------------------------------------------------- */

/* Xen (xc_domain_save): 100 Mbit/s from round 1, raised only when the guest dirties faster;
 * stop once a round sent fewer than 50 pages; the last copy unlimited.  64 MiB hot set
 * (16,384 pages) at 2,000 pages/s never dirties faster than 100 Mbit/s, so every live round
 * runs at 1.25e7 B/s: V(1) = N, V(i+1) = dirty(V(i) p / 1.25e7). */
static void test_xen_preset_by_hand(void)
{
    double w = 16384, r = 2000, v = VM_PAGES, total = 0;
    int rounds = 0;
    for (;;) {
        double t = v * PAGE_BYTES / 1.25e7;
        total += t;
        rounds++;
        double next = dirtied(w, r, t);
        if (v < 50) {
            v = next;
            break;
        }
        v = next;
    }
    double down = v * PAGE_BYTES / LINK_BPS;
    Run run = run_vm("64 MiB", r, "stop_rules: xen", 1, "200 s");
    const SimDcMigrationRow *m = row0(&run);
    g_test_message("xen: %d rounds by hand, %u simulated; total %.6f / %.6f s; downtime "
                   "%.6f / %.6f s", rounds, m->rounds, total + down, m->total_s, down,
                   m->downtime_s);
    g_assert_cmpstr(m->status, ==, "done");
    g_assert_cmpstr(m->reason, ==, "few_pages");
    g_assert_cmpuint(m->rounds, ==, (guint)rounds);
    g_assert_cmpfloat(fabs(m->total_s - (total + down)), <, 1e-6 * (total + down));
    g_assert_cmpfloat(fabs(m->downtime_s - down), <, 1e-6);
    g_assert_cmpfloat(m->downtime_s, <, 0.005);
    run_clear(&run);
}

/* QEMU: switch over when the rest fits downtime-limit at the bandwidth of the last round;
 * no round limit.  With max_rounds 2 (ignored by the preset) and 10,000 pages/s into 256 MiB:
 * V(i+1) = dirty(V(i) p / B), stop at the first i with V(i+1) p <= B × 0.3 s. */
static void test_qemu_preset_by_hand(void)
{
    double w = 65536, r = 10000, v = VM_PAGES, total = 0;
    int rounds = 0;
    for (;;) {
        double t = v * PAGE_BYTES / LINK_BPS;
        total += t;
        rounds++;
        v = dirtied(w, r, t);
        if (v * PAGE_BYTES <= LINK_BPS * 0.3)
            break;
    }
    double down = v * PAGE_BYTES / LINK_BPS;
    Run run = run_vm("256 MiB", r, "stop_rules: qemu, max_rounds: 2", 1, "200 s");
    const SimDcMigrationRow *m = row0(&run);
    g_test_message("qemu: %d rounds by hand, %u simulated; total %.6f / %.6f s", rounds,
                   m->rounds, total + down, m->total_s);
    g_assert_cmpstr(m->reason, ==, "downtime");
    g_assert_cmpuint(m->rounds, ==, (guint)rounds);
    g_assert_cmpuint(m->rounds, >, 2);
    g_assert_cmpfloat(fabs(m->total_s - (total + down)), <, 1e-6 * (total + down));
    g_assert_cmpfloat(m->downtime_s, <=, 0.3);
    run_clear(&run);
}

/* ---- replications of the per-page model ---------------------------------------------------- */

/* 20 seeds of `dirty_model: pages` (64 KiB write runs): total times vary, and the closed
 * form (exponential, one run) lies within the replications' 95 % confidence interval. */
static void test_sampled_mean_within_ci(void)
{
    Run c = run_vm("256 MiB", 10000, "", 1, "120 s");
    double closed = row0(&c)->total_s;
    run_clear(&c);
    enum { N = 20 };
    double x[N], sum = 0, ss = 0;
    for (int k = 0; k < N; k++) {
        Run s = run_vm("256 MiB", 10000, "dirty_model: pages", k + 1, "120 s");
        x[k] = row0(&s)->total_s;
        sum += x[k];
        run_clear(&s);
    }
    double mean = sum / N;
    for (int k = 0; k < N; k++)
        ss += (x[k] - mean) * (x[k] - mean);
    double sd = sqrt(ss / (N - 1)), half = 2.093 * sd / sqrt(N);   /* t(0.975, 19) */
    g_test_message("closed %.6f s; sampled mean %.6f s, sd %.6f s, 95 %% CI ± %.6f s", closed,
                   mean, sd, half);
    g_assert_cmpfloat(sd, >, 1e-3 * mean);
    g_assert_cmpfloat(fabs(mean - closed), <=, half);
}

/* ---- compression ---------------------------------------------------------------------------- */

/* Halving every page wins on a 1 Gbit/s link when the encoders keep up (8 threads at
 * 2.5 GHz at 100 kcycles a page: 8 × 25,000 pages/s × 2 KiB = 410 MB/s > 125 MB/s), and
 * loses when one slow encoder (10 Mcycles a page: 250 pages/s) bounds the send rate. */
static void test_compression_wins_and_loses(void)
{
    Run plain = run_vm("64 MiB", 2000, "", 1, "300 s");
    Run fast = run_vm("64 MiB", 2000, "compress_ratio: 50%, compress_cpu: 100 kcycles", 1,
                      "300 s");
    Run slow = run_vm("64 MiB", 2000, "compress_ratio: 50%, compress_cpu: 10 Mcycles, "
                      "compress_threads: 1", 1, "300 s");
    double p = row0(&plain)->total_s, f = row0(&fast)->total_s;
    g_test_message("plain %.3f s, fast compressor %.3f s, slow %s", p, f, row0(&slow)->status);
    g_assert_cmpfloat(f, <, 0.6 * p);
    g_assert_cmpuint(row0(&fast)->saved_bytes, >, 0);
    g_assert_cmpfloat(row0(&fast)->codec_cycles, >, 0);
    /* 262,144 pages at 250 pages/s take over 1,000 s: still running at 300 s */
    g_assert_cmpstr(row0(&slow)->status, ==, "running");
    run_clear(&plain);
    run_clear(&fast);
    run_clear(&slow);
    MigCodecParams c = { .xbzrle = TRUE, .xbzrle_cache_bytes = 64 << 20,
                         .xbzrle_ratio_frac = 0.25, .xbzrle_cycles_per_page = 4096,
                         .compress_ratio_frac = 1.0, .compress_threads = 1 };
    MigWire w = mig_codec_encode(&c, 20000, 20000, 4096, 2.5e9);   /* cache: 16,384 pages */
    g_assert_cmpuint(w.wire_bytes, ==, 16384 * 1024 + 3616 * 4096);
    g_assert_cmpfloat(w.cycles, ==, 16384 * 4096.0);
}

/* The worked example: registered, it is a strategy like the built-ins (the registry lists
 * it, scenarios name it); with a hot set smaller than the XBZRLE cache it sends fewer bytes
 * than pre-copy and finishes sooner. */
static void test_extension_precopy_xbzrle(void)
{
    g_assert_true(mig_strategy_lookup("pre-copy-xbzrle") == &xpc_ops);
    gboolean listed = FALSE;
    for (guint i = 0; mig_strategy_nth(i); i++)
        listed |= mig_strategy_nth(i) == &xpc_ops;
    g_assert_true(listed);
    Run pre = run_vm("32 MiB", 40000, "", 1, "120 s");
    Run x = run_vm("32 MiB", 40000, "strategy: pre-copy-xbzrle", 1, "120 s");
    const SimDcMigrationRow *a = row0(&pre), *b = row0(&x);
    g_test_message("pre-copy %" G_GUINT64_FORMAT " B in %.3f s; with XBZRLE %" G_GUINT64_FORMAT
                   " B in %.3f s", a->bytes_sent, a->total_s, b->bytes_sent, b->total_s);
    g_assert_cmpstr(b->strategy, ==, "pre-copy-xbzrle");
    g_assert_cmpuint(b->bytes_sent, <, a->bytes_sent);
    g_assert_cmpfloat(b->total_s, <, a->total_s);
    g_assert_cmpuint(b->saved_bytes, >, 0);
    run_clear(&pre);
    run_clear(&x);
}

/* ---- a row for every migration ------------------------------------------------------------ */

/* Cut at 5 s, a 1 GiB pre-copy (8.6 s at 1 Gbit/s) is still running: its row says so and
 * carries the bytes on the wire so far (5 s − 1 s at 1.25e8 B/s) and their energy (Liu et al.:
 * 0.512 J/MB + 20.165 J); its rounds.csv row is there too. */
static void test_unfinished_migration_has_row(void)
{
    Run r = run_vm("64 MiB", 2000, "", 1, "5 s");
    const SimDcMigrationRow *m = row0(&r);
    g_assert_cmpstr(m->status, ==, "running");
    g_assert_false(m->finished);
    g_assert_true(isnan(m->total_s));
    g_assert_cmpfloat(fabs((double)m->bytes_sent - 4 * LINK_BPS), <, 1e3);
    g_assert_cmpfloat(fabs(m->energy_j - (0.512 * 4 * LINK_BPS / 1e6 + 20.165)), <, 1e-3);
    g_autoptr(GArray) rounds = sim_dc_round_rows(r.dc);
    g_assert_cmpuint(rounds->len, ==, 0);       /* round 1 has not ended */
    run_clear(&r);
    Run d = run_vm("64 MiB", 2000, "", 1, "60 s");
    g_autoptr(GArray) rr = sim_dc_round_rows(d.dc);
    g_assert_cmpstr(row0(&d)->status, ==, "done");
    g_assert_cmpuint(rr->len, ==, row0(&d)->rounds + 1);        /* live rounds + the stop */
    g_assert_cmpstr(g_array_index(rr, SimDcRoundRow, rr->len - 1).phase, ==, "stop");
    run_clear(&d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_true(mig_strategy_register(&xpc_ops));
    g_test_add_func("/mig/extend/precopy-xbzrle", test_extension_precopy_xbzrle);
    g_test_add_func("/mig/rules/xen-by-hand", test_xen_preset_by_hand);
    g_test_add_func("/mig/rules/qemu-by-hand", test_qemu_preset_by_hand);
    g_test_add_func("/mig/dirty/sampled-mean-within-ci", test_sampled_mean_within_ci);
    g_test_add_func("/mig/codec/wins-and-loses", test_compression_wins_and_loses);
    g_test_add_func("/mig/rows/unfinished", test_unfinished_migration_has_row);
    return g_test_run();
}
