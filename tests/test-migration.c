/* tests/test-migration.c — live migration against closed forms.
 *
 * Star network, latency 0 unless said, 1 Gbit/s = 1.25e8 bytes/s, 4 KiB pages.  Each test
 * states its closed form and tolerance. */
#include "sim/migration/strategy.h"
#include "sim/migration/pull.h"
#include "sim/dc/datacenter.h"
#include "sim/scenario/scenario.h"

#include <math.h>

#define GBIT_BYTES_PER_S (1e9 / 8)
#define PAGE_BYTES       UINT64_C(4096)
#define GIB              (UINT64_C(1) << 30)
#define MIB              (UINT64_C(1) << 20)

/* ---- a test VM behind MigVmOps ----------------------------------------------------------- */

typedef struct {
    uint64_t  memory_bytes, wws_pages;
    double    dirty_pages_per_s, access_pages_per_s, cpu_share_frac;
    gboolean  passthrough;
    uint64_t  dest_free_bytes;       /* 0: unlimited */
    int       pauses, resumes;
    uint32_t  host;
    double    speed_frac;
    double    cycles;
} TVm;

static void tvm_pause(void *vm) { ((TVm *)vm)->pauses++; }
static void tvm_resume(void *vm, uint32_t dst)
{
    TVm *v = vm;
    v->resumes++;
    v->host = dst;
}
static void tvm_set_speed(void *vm, double s) { ((TVm *)vm)->speed_frac = s; }
static uint64_t tvm_memory(void *vm) { return ((TVm *)vm)->memory_bytes; }
static uint64_t tvm_page(void *vm) { return PAGE_BYTES; }
static double tvm_dirty(void *vm) { return ((TVm *)vm)->dirty_pages_per_s; }
static uint64_t tvm_wws(void *vm) { return ((TVm *)vm)->wws_pages; }
static double tvm_access(void *vm) { return ((TVm *)vm)->access_pages_per_s; }
static double tvm_cpu(void *vm) { return ((TVm *)vm)->cpu_share_frac; }

static gboolean tvm_migratable(void *vm, char **reason)
{
    if (!((TVm *)vm)->passthrough)
        return TRUE;
    *reason = g_strdup("it has a passthrough device (nic0)");
    return FALSE;
}

static gboolean tvm_reserve(void *vm, uint32_t dst, uint64_t bytes, char **reason)
{
    TVm *v = vm;
    if (v->dest_free_bytes == 0 || bytes <= v->dest_free_bytes)
        return TRUE;
    *reason = g_strdup_printf("host %u has %" G_GUINT64_FORMAT " bytes free, needs %"
                              G_GUINT64_FORMAT, dst, v->dest_free_bytes, bytes);
    return FALSE;
}

static void tvm_cpu_cost(void *vm, uint32_t src, double cycles) { ((TVm *)vm)->cycles += cycles; }

static const MigVmOps tvm_ops = {
    .pause = tvm_pause, .resume = tvm_resume, .set_speed = tvm_set_speed,
    .memory_bytes = tvm_memory, .page_bytes = tvm_page, .dirty_pages_per_s = tvm_dirty,
    .wws_pages = tvm_wws, .access_pages_per_s = tvm_access, .cpu_share_frac = tvm_cpu,
    .migratable = tvm_migratable, .reserve_dest = tvm_reserve, .source_cpu = tvm_cpu_cost,
};

static TVm tvm(uint64_t memory_bytes)
{
    return (TVm){ .memory_bytes = memory_bytes, .wws_pages = memory_bytes / PAGE_BYTES,
                  .cpu_share_frac = 1.0, .speed_frac = 1.0 };
}

/* ---- fixture: engine, share, star net of 3 hosts ---------------------------------------- */

typedef struct {
    SimEngine *eng;
    SimShare  *share;
    SimNet    *net;
    SimRng    *rng;
    int        done;
} Fix;

static void fix_init(Fix *f, SimTimeNs latency_ns)
{
    SimNetConfig cfg;
    sim_net_config_init(&cfg);
    cfg.link_bytes_per_s = GBIT_BYTES_PER_S;
    cfg.latency_ns = latency_ns;
    f->eng = sim_engine_new();
    f->share = sim_share_new(f->eng);
    f->net = sim_net_new(f->eng, f->share, &cfg);
    for (int i = 0; i < 3; i++)
        sim_net_add_host(f->net);
    f->rng = sim_rng_new(42, "vm:test/migration");
    f->done = 0;
}

static void fix_clear(Fix *f)
{
    sim_rng_free(f->rng);
    sim_net_free(f->net);
    sim_share_free(f->share);
    sim_engine_free(f->eng);
}

static void count_done(MigJob *job, const MigResult *r, void *user)
{
    g_assert_true(r->finished);
    ((Fix *)user)->done++;
}

static MigJob *job_start(Fix *f, const char *strategy, const MigParams *p, TVm *vm,
                         uint32_t src, uint32_t dst)
{
    const MigStrategyOps *ops = mig_strategy_lookup(strategy);
    g_assert_nonnull(ops);
    MigJobSpec spec = {
        .strategy = ops, .params = p, .vm_ops = &tvm_ops, .vm = vm, .vm_name = "vm",
        .trigger = "test", .src_host = src, .dst_host = dst, .rng = f->rng,
        .done = count_done, .done_user = f,
    };
    MigJob *job = mig_job_new(f->net, &spec);
    GError *err = NULL;
    g_assert_true(mig_job_start(job, &err));
    g_assert_no_error(err);
    return job;
}

/* Runs one migration to the end and returns a copy of its result (strings dropped). */
static MigResult run_one(const char *strategy, const MigParams *p, TVm *vm, SimTimeNs lat_ns)
{
    Fix f;
    fix_init(&f, lat_ns);
    MigJob *job = job_start(&f, strategy, p, vm, 0, 1);
    sim_engine_run(f.eng);
    g_assert_cmpint(f.done, ==, 1);
    MigResult r = *mig_job_result(job);
    r.vm = r.strategy = r.trigger = NULL;
    r.reason = g_intern_string(r.reason);
    mig_job_free(job);
    fix_clear(&f);
    g_assert_cmpint(vm->pauses, ==, 1);
    g_assert_cmpint(vm->resumes, ==, 1);
    g_assert_cmpuint(vm->host, ==, 1);
    return r;
}

static void assert_rel(double got, double want, double tol)
{
    if (fabs(got - want) > tol * fabs(want))
        g_error("got %.9g, want %.9g (relative tolerance %g)", got, want, tol);
}

static double s_of(SimTimeNs t) { return sim_s_from_ns(t); }

/* ---- tests -------------------------------------------------------------------------------- */

/* Dirty rate 0: every strategy sends the memory exactly once, plus the state:
 * 4 GiB over 1 Gbit/s = 34.359738368 s, + 2 MiB state = 0.016777216 s.  Tolerance 1e-6
 * (integer-ns rounding of each flow's completion). */
static void test_zero_dirty_sends_memory_once(void)
{
    MigParams p;
    mig_params_init(&p);
    uint64_t mem = 4 * GIB;
    double want_s = (double)(mem + p.state_bytes) / GBIT_BYTES_PER_S;
    g_assert_cmpfloat(fabs(mem / GBIT_BYTES_PER_S - 34.359738368), <, 1e-9);
    for (guint i = 0; mig_strategy_nth(i); i++) {
        TVm vm = tvm(mem);
        MigResult r = run_one(mig_strategy_nth(i)->name, &p, &vm, 0);
        g_test_message("%s: total %.6f s, downtime %.6f s", mig_strategy_nth(i)->name,
                       s_of(r.total_ns), s_of(r.downtime_ns));
        g_assert_cmpuint(r.pages_sent, ==, mem / PAGE_BYTES);
        g_assert_cmpuint(r.bytes_sent, ==, mem + p.state_bytes);
        assert_rel(s_of(r.total_ns), want_s, 1e-6);
        g_assert_cmpuint(r.faults, ==, 0);
    }
}

/* Stop-and-copy: downtime = total = (N p + S) / B + 2 hops × latency. */
static void test_stopcopy_downtime_is_total(void)
{
    MigParams p;
    mig_params_init(&p);
    TVm vm = tvm(GIB);
    vm.dirty_pages_per_s = 5000;
    MigResult r = run_one("stop-and-copy", &p, &vm, 50 * SIM_NS_PER_US);
    g_assert_cmpint(r.downtime_ns, ==, r.total_ns);
    assert_rel(s_of(r.total_ns), (GIB + p.state_bytes) / GBIT_BYTES_PER_S + 100e-6, 1e-8);
    g_assert_cmpuint(r.rounds, ==, 0);
    g_assert_cmpfloat(r.degradation_frac, ==, 0.0);
}

/* Pre-copy, linear dirty model over all memory, D = ρ B / p with ρ = 0.3:
 * V_i = N ρ^(i−1); the VM stops after round n, the first n with V_(n+1) p + S <= B × 0.3 s;
 * total = Σ_(i<=n) V_i p / B + (V_(n+1) p + S) / B; downtime = (V_(n+1) p + S) / B.
 * Tolerance 0.1 % (pages are whole, rounds end on whole ns). */
static void test_precopy_geometric_series(void)
{
    MigParams p;
    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    const double rho = 0.3, page = PAGE_BYTES, B = GBIT_BYTES_PER_S;
    TVm vm = tvm(GIB);
    double N = (double)vm.wws_pages;
    vm.dirty_pages_per_s = rho * B / page;
    uint32_t n = 1;
    double total_s = N * page / B;
    while (N * pow(rho, n) * page + p.state_bytes > B * 0.3) {
        total_s += N * pow(rho, n) * page / B;
        n++;
    }
    double down_s = (N * pow(rho, n) * page + p.state_bytes) / B;
    total_s += down_s;
    MigResult r = run_one("pre-copy", &p, &vm, 0);
    g_test_message("rounds %u (closed form %u), total %.6f s (%.6f), downtime %.6f s (%.6f)",
                   r.rounds, n, s_of(r.total_ns), total_s, s_of(r.downtime_ns), down_s);
    g_assert_cmpuint(r.rounds, ==, n);
    g_assert_cmpstr(r.reason, ==, "downtime");
    assert_rel(s_of(r.total_ns), total_s, 1e-3);
    assert_rel(s_of(r.downtime_ns), down_s, 1e-3);
    g_assert_cmpfloat(s_of(r.downtime_ns), <=, 0.3);
}

/* D >= B: every round resends all memory (V_i = N), so only the caps stop it.  With
 * max_sent_factor off: 30 rounds (Xen), total = 31 N p / B + S / B, downtime =
 * (N p + S) / B.  With Xen's 3 × memory: stops once live rounds sent > 3 N, i.e. after 4. */
static void test_precopy_max_rounds_when_not_converging(void)
{
    MigParams p;
    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    p.max_sent_factor = 0;
    TVm vm = tvm(256 * MIB);
    vm.dirty_pages_per_s = 1.2 * GBIT_BYTES_PER_S / PAGE_BYTES;
    double mem_s = 256.0 * MIB / GBIT_BYTES_PER_S, state_s = p.state_bytes / GBIT_BYTES_PER_S;
    MigResult r = run_one("pre-copy", &p, &vm, 0);
    g_assert_cmpuint(r.rounds, ==, 30);
    g_assert_cmpstr(r.reason, ==, "max_rounds");
    assert_rel(s_of(r.total_ns), 31 * mem_s + state_s, 1e-6);
    assert_rel(s_of(r.downtime_ns), mem_s + state_s, 1e-6);
    g_assert_cmpuint(r.pages_sent, ==, 31 * vm.wws_pages);

    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    vm.pauses = vm.resumes = 0;
    r = run_one("pre-copy", &p, &vm, 0);
    g_assert_cmpuint(r.rounds, ==, 4);
    g_assert_cmpstr(r.reason, ==, "max_sent");
}

/* Exponential model, write rate far above the link: each round's dirty set tends to the
 * writable working set W, so the downtime cannot fall below the floor W p / B (Clark et
 * al.'s writable working set).  Fixed point V = W (1 − e^(−r V p / (B W))). */
static void test_precopy_wws_floor(void)
{
    MigParams p;
    mig_params_init(&p);
    p.max_sent_factor = 0;
    TVm vm = tvm(GIB);
    vm.wws_pages = 32768;                               /* 128 MiB */
    vm.dirty_pages_per_s = 200000;
    const double B = GBIT_BYTES_PER_S, W = 32768;
    double V = W;
    for (int i = 0; i < 200; i++)
        V = W * -expm1(-vm.dirty_pages_per_s * V * PAGE_BYTES / B / W);
    MigResult r = run_one("pre-copy", &p, &vm, 0);
    g_assert_cmpstr(r.reason, ==, "max_rounds");
    double floor_s = (V * PAGE_BYTES + p.state_bytes) / B;
    g_test_message("downtime %.6f s, fixed point %.6f s, W p / B = %.6f s",
                   s_of(r.downtime_ns), floor_s, W * PAGE_BYTES / B);
    assert_rel(s_of(r.downtime_ns), floor_s, 1e-3);
    g_assert_cmpfloat(s_of(r.downtime_ns), >, 0.3);
}

/* min_shrink: with ρ = 0.95 rounds shrink by only 5 %; min_shrink 10 % acts from round 1
 * (round 1 sent N pages, V(2) = 0.95 N > 0.9 N), so the VM stops after one round. */
static void test_precopy_min_shrink(void)
{
    MigParams p;
    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    p.min_shrink_frac = 0.10;
    TVm vm = tvm(256 * MIB);
    vm.dirty_pages_per_s = 0.95 * GBIT_BYTES_PER_S / PAGE_BYTES;
    MigResult r = run_one("pre-copy", &p, &vm, 0);
    g_assert_cmpuint(r.rounds, ==, 1);
    g_assert_cmpstr(r.reason, ==, "min_shrink");
}

/* Auto-converge, D = 1.5 B / p (linear, all memory), QEMU's rule: a round is hot when the
 * guest dirtied more than half the bytes sent; every second hot round throttles 20 %, then
 * +10 %.  Effective ρ = 1.5 (1 − t): hot while ρ > 0.5, i.e. until t = 0.7 (ρ = 0.45); so
 * the deepest throttle is 70 %, the VM then converges on the downtime rule. */
static void test_precopy_auto_converge(void)
{
    MigParams p;
    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    p.max_sent_factor = 0;
    p.auto_converge = TRUE;
    TVm vm = tvm(256 * MIB);
    vm.dirty_pages_per_s = 1.5 * GBIT_BYTES_PER_S / PAGE_BYTES;
    MigResult r = run_one("pre-copy", &p, &vm, 0);
    g_test_message("rounds %u, throttle %.2f, degradation %.3f, downtime %.3f s", r.rounds,
                   r.max_throttle_frac, r.degradation_frac, s_of(r.downtime_ns));
    g_assert_cmpstr(r.reason, ==, "downtime");
    g_assert_cmpfloat_with_epsilon(r.max_throttle_frac, 0.70, 1e-9);
    g_assert_cmpfloat(r.degradation_frac, >, 0.2);
    g_assert_cmpfloat(r.degradation_frac, <, 0.7);
    g_assert_cmpfloat(s_of(r.downtime_ns), <=, 0.3);
    g_assert_cmpfloat(vm.speed_frac, ==, 1.0);     /* unthrottled on the destination */
}

/* The guest's dirty rate is scaled by the CPU share it gets: half the CPU at 2 D behaves
 * like the full CPU at D. */
static void test_precopy_cpu_share_scales_dirty_rate(void)
{
    MigParams p;
    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    TVm a = tvm(256 * MIB), b = tvm(256 * MIB);
    a.dirty_pages_per_s = 0.4 * GBIT_BYTES_PER_S / PAGE_BYTES;
    b.dirty_pages_per_s = 2 * a.dirty_pages_per_s;
    b.cpu_share_frac = 0.5;
    MigResult ra = run_one("pre-copy", &p, &a, 0), rb = run_one("pre-copy", &p, &b, 0);
    g_assert_cmpint(ra.total_ns, ==, rb.total_ns);
    g_assert_cmpuint(ra.pages_sent, ==, rb.pages_sent);
}

/* Post-copy fault model, closed form.  The VM touches W = N pages uniformly at a pages/s;
 * pages arrive (push + faults) at B / p, so m(t) = W (1 − t/T), T = N p / B.  A fault stalls
 * s = 2 L + p / (B/2) (request latency; the page shares the link with the push); the fault
 * rate in wall time is λ / (1 + λ s) with λ = a m / W, hence
 *   F = ∫_0^T a u / (1 + a u s) dt = (T / s) (1 − ln(1 + a s) / (a s)),   u = 1 − t/T.
 * The model integrates this rate (pull.h), so only RK4 and rounding remain: 0.1 %. */
static void test_postcopy_faults_closed_form(void)
{
    MigParams p;
    mig_params_init(&p);
    TVm vm = tvm(GIB);
    vm.access_pages_per_s = 5000;
    const double B = GBIT_BYTES_PER_S, L = 100e-6, a = vm.access_pages_per_s;
    double T = (double)GIB / B, s = 2 * L + 2.0 * PAGE_BYTES / B;
    double F = T / s * (1 - log1p(a * s) / (a * s));
    MigResult r = run_one("post-copy", &p, &vm, 50 * SIM_NS_PER_US);
    g_test_message("faults %" G_GUINT64_FORMAT " (closed form %.0f), stall %.3f s (%.3f), "
                   "degradation %.4f, total %.3f s", r.faults, F, s_of(r.stall_ns), F * s,
                   r.degradation_frac, s_of(r.total_ns));
    assert_rel((double)r.faults, F, 0.001);
    assert_rel(s_of(r.stall_ns), F * s, 0.001);
    g_assert_cmpuint(r.pages_sent, ==, GIB / PAGE_BYTES);
    g_assert_cmpuint(r.bytes_sent, ==, GIB + p.state_bytes);
    g_assert_cmpint(r.downtime_ns, ==, (SimTimeNs)ceil(p.state_bytes / B * 1e9) + 100000);
    assert_rel(r.degradation_frac, s_of(r.stall_ns) / s_of(r.total_ns - r.downtime_ns), 1e-9);
    assert_rel(s_of(r.total_ns), T, 0.02);
}

/* Post-copy with a working set smaller than memory (W = N / 4): no closed form; the
 * reference is an independent Euler integration (20 us steps) of pull.h's equations,
 * dm/dt = -f - (R - f) m / M, f = a x / (1 + a s x), s = 2 L + 2 p / B: 61,026.6 faults and
 * 16.2048 s of stall for 4 GiB, 1 Gbit/s, a = 10^4/s, L = 100 us (the teaching scenario
 * migration-strategies). */
static void test_postcopy_small_working_set(void)
{
    MigParams p;
    mig_params_init(&p);
    TVm vm = tvm(4 * GIB);
    vm.wws_pages = GIB / PAGE_BYTES;
    vm.access_pages_per_s = 1e4;
    MigResult r = run_one("post-copy", &p, &vm, 50 * SIM_NS_PER_US);
    g_test_message("faults %" G_GUINT64_FORMAT ", stall %.4f s", r.faults, s_of(r.stall_ns));
    assert_rel((double)r.faults, 61026.6, 0.001);
    assert_rel(s_of(r.stall_ns), 16.2048, 0.001);
    g_assert_cmpuint(r.pages_sent, ==, 4 * GIB / PAGE_BYTES);
}

/* Post-copy with pre-paging: still each page exactly once.  Touches are uniform over the
 * working set, so pre-paged neighbours are working-set pages in the same proportion as
 * pushed ones and the faults do not change (pull.h); only locality of access would. */
static void test_postcopy_prepaging(void)
{
    MigParams p;
    mig_params_init(&p);
    TVm vm = tvm(256 * MIB);
    vm.access_pages_per_s = 20000;
    MigResult plain = run_one("post-copy", &p, &vm, 50 * SIM_NS_PER_US);
    p.prepage_pages = 16;
    vm.pauses = vm.resumes = 0;
    MigResult pre = run_one("post-copy", &p, &vm, 50 * SIM_NS_PER_US);
    g_test_message("faults: %" G_GUINT64_FORMAT " plain, %" G_GUINT64_FORMAT " pre-paging",
                   plain.faults, pre.faults);
    g_assert_cmpuint(pre.pages_sent, ==, 256 * MIB / PAGE_BYTES);
    g_assert_cmpuint(pre.bytes_sent, ==, 256 * MIB + p.state_bytes);
    g_assert_cmpuint(pre.faults, ==, plain.faults);
    g_assert_cmpuint(pre.faults, >, 0);
    g_assert_cmpint(pre.downtime_ns, ==, plain.downtime_ns);
}

/* Hybrid, linear model: round 1 takes T1 = N p / B and leaves D T1 dirty pages, which
 * post-copy pulls once each: pages sent = N + D T1; downtime = S / B; one round. */
static void test_hybrid_sends_dirty_pages_twice(void)
{
    MigParams p;
    mig_params_init(&p);
    p.dirty_model = MEM_DIRTY_LINEAR;
    TVm vm = tvm(256 * MIB);
    vm.dirty_pages_per_s = 10000;
    vm.access_pages_per_s = 2000;
    double T1 = 256.0 * MIB / GBIT_BYTES_PER_S;
    MigResult r = run_one("hybrid", &p, &vm, 0);
    uint64_t dirty = (uint64_t)llround(vm.dirty_pages_per_s * T1);
    g_assert_cmpuint(r.rounds, ==, 1);
    g_assert_cmpuint(r.pages_sent, ==, vm.wws_pages + dirty);
    assert_rel(s_of(r.downtime_ns), p.state_bytes / GBIT_BYTES_PER_S, 1e-6);
    g_assert_cmpuint(r.faults, >, 0);
}

/* Two stop-and-copy migrations out of one host share its uplink: each runs at B/2 and
 * both end at 2 (N p + S) / B; a third host pair is unaffected. */
static void test_concurrent_migrations_share_link(void)
{
    Fix f;
    fix_init(&f, 0);
    MigParams p;
    mig_params_init(&p);
    TVm a = tvm(GIB), b = tvm(GIB);
    MigJob *ja = job_start(&f, "stop-and-copy", &p, &a, 0, 1);
    MigJob *jb = job_start(&f, "pre-copy", &p, &b, 0, 2);
    sim_engine_run(f.eng);
    double want_s = 2 * (GIB + p.state_bytes) / GBIT_BYTES_PER_S;
    assert_rel(s_of(mig_job_result(ja)->total_ns), want_s, 1e-6);
    assert_rel(s_of(mig_job_result(jb)->total_ns), want_s, 1e-6);
    g_assert_cmpint(f.done, ==, 2);
    mig_job_free(ja);
    mig_job_free(jb);
    fix_clear(&f);
}

/* Two post-copy migrations out of one host share its uplink through one flow each: both
 * end at 2 (N p + S) / B (no latency on this fixture), like two stop-and-copies. */
static void test_concurrent_postcopy_share_link(void)
{
    Fix f;
    fix_init(&f, 0);
    MigParams p;
    mig_params_init(&p);
    TVm a = tvm(GIB), b = tvm(GIB);
    a.access_pages_per_s = b.access_pages_per_s = 5000;
    MigJob *ja = job_start(&f, "post-copy", &p, &a, 0, 1);
    MigJob *jb = job_start(&f, "post-copy", &p, &b, 0, 2);
    sim_engine_run(f.eng);
    double want_s = 2 * (GIB + p.state_bytes) / GBIT_BYTES_PER_S;
    assert_rel(s_of(mig_job_result(ja)->total_ns), want_s, 1e-6);
    assert_rel(s_of(mig_job_result(jb)->total_ns), want_s, 1e-6);
    g_assert_cmpuint(mig_job_result(ja)->faults, ==, mig_job_result(jb)->faults);
    g_assert_cmpint(f.done, ==, 2);
    mig_job_free(ja);
    mig_job_free(jb);
    fix_clear(&f);
}

/* A migration's bandwidth cap binds below the link: time doubles at half the link; the
 * source pays send_cycles_per_byte × bytes. */
static void test_bandwidth_cap_and_cpu_cost(void)
{
    MigParams p;
    mig_params_init(&p);
    p.bandwidth_bytes_per_s = GBIT_BYTES_PER_S / 2;
    p.send_cycles_per_byte = 2.0;
    TVm vm = tvm(GIB);
    MigResult r = run_one("stop-and-copy", &p, &vm, 0);
    assert_rel(s_of(r.total_ns), 2 * (GIB + p.state_bytes) / GBIT_BYTES_PER_S, 1e-8);
    g_assert_cmpfloat(vm.cycles, ==, 2.0 * (GIB + p.state_bytes));
}

/* A job freed in the middle of a migration cancels its transfers (checked under ASan). */
static void test_free_mid_migration(void)
{
    for (guint i = 0; mig_strategy_nth(i); i++) {
        Fix f;
        fix_init(&f, 50 * SIM_NS_PER_US);
        MigParams p;
        mig_params_init(&p);
        p.prepage_pages = 4;
        TVm vm = tvm(256 * MIB);
        vm.dirty_pages_per_s = 1000;
        vm.access_pages_per_s = 5000;
        MigJob *job = job_start(&f, mig_strategy_nth(i)->name, &p, &vm, 0, 1);
        sim_engine_run_until(f.eng, 700 * SIM_NS_PER_MS);
        g_assert_false(mig_job_result(job)->finished);
        mig_job_free(job);
        sim_engine_run(f.eng);
        g_assert_cmpint(f.done, ==, 0);
        fix_clear(&f);
    }
}

static void expect_refusal(TVm *vm, uint32_t dst, MigErrorCode code, const char *needle)
{
    Fix f;
    fix_init(&f, 0);
    MigParams p;
    mig_params_init(&p);
    MigJobSpec spec = {
        .strategy = &mig_precopy_ops, .params = &p, .vm_ops = &tvm_ops, .vm = vm,
        .vm_name = "db-1", .src_host = 0, .dst_host = dst, .done = count_done, .done_user = &f,
    };
    MigJob *job = mig_job_new(f.net, &spec);
    GError *err = NULL;
    g_assert_false(mig_job_start(job, &err));
    g_assert_error(err, MIG_ERROR, (gint)code);
    g_assert_nonnull(strstr(err->message, needle));
    g_assert_nonnull(strstr(err->message, "'db-1'"));
    const MigResult *r = mig_job_result(job);
    g_assert_true(r->refused);
    g_assert_nonnull(strstr(r->reason, needle));
    sim_engine_run(f.eng);
    g_assert_cmpint(f.done, ==, 0);
    g_assert_cmpint(vm->pauses, ==, 0);
    g_error_free(err);
    mig_job_free(job);
    fix_clear(&f);
}

static void test_refusals(void)
{
    TVm vm = tvm(GIB);
    vm.passthrough = TRUE;
    expect_refusal(&vm, 1, MIG_ERROR_NOT_MIGRATABLE, "passthrough device");
    vm = tvm(GIB);
    vm.dest_free_bytes = GIB / 2;
    expect_refusal(&vm, 1, MIG_ERROR_NO_MEMORY, "bytes free");
    vm = tvm(GIB);
    expect_refusal(&vm, 0, MIG_ERROR_SAME_HOST, "same host");
}

/* The registry, iterated (never a pinned list): every entry is found by its name, has a
 * description, and the names list for messages has them all in order. */
static void test_strategy_table(void)
{
    g_autofree char *names = mig_strategy_names();
    guint i = 0;
    for (; mig_strategy_nth(i); i++) {
        g_assert_true(mig_strategy_lookup(mig_strategy_nth(i)->name) == mig_strategy_nth(i));
        g_assert_nonnull(mig_strategy_nth(i)->description);
        g_assert_nonnull(strstr(names, mig_strategy_nth(i)->name));
    }
    g_assert_cmpuint(i, >=, 4);
    g_assert_true(mig_strategy_lookup("pre-copy") == &mig_precopy_ops);
    g_assert_null(mig_strategy_lookup("precopy"));
    g_assert_false(mig_strategy_register(&mig_precopy_ops));        /* name taken */
}

static void test_dirty_models(void)
{
    g_assert_cmpfloat(mem_dirty_linear_pages(1000, 100, 3), ==, 300);
    g_assert_cmpfloat(mem_dirty_linear_pages(1000, 100, 30), ==, 1000);
    double e = mem_dirty_expected_pages(1000, 100, 3);
    g_assert_cmpfloat_with_epsilon(e, 1000 * (1 - exp(-0.3)), 1e-9);
    g_assert_cmpfloat(mem_dirty_expected_pages(1000, 1e9, 3), <=, 1000);
    g_assert_cmpfloat(mem_dirty_expected_pages(1000, 0, 3), ==, 0);
}

/* ---- the per-page dirty model in a run --------------------------------------------------- */

/* One pre-copy of a 1 GiB VM writing 15,000 pages/s into a 256 MiB working set over 1 Gbit/s,
 * under `dirty_model` and `seed`: its pages sent. */
static double run_precopy_pages(const char *model, int seed)
{
    g_autofree char *yaml = g_strdup_printf(
        "name: dirty\nseed: %d\nduration: 2 min\n"
        "network: { link_bandwidth: 1 Gbit/s, latency: 0 us }\n"
        "migration: { strategy: pre-copy, dirty_model: %s }\n"
        "profiles: { workloads: { w: { base: idle, wws: 256 MiB, dirty_rate: 15000 pages/s } } }\n"
        "hosts: [ { name: a, cores: 4, memory: 8 GiB }, { name: b, cores: 4, memory: 8 GiB } ]\n"
        "vms: [ { name: v, vcpus: 1, memory: 1 GiB, workload: w, host: a } ]\n"
        "events: [ { at: 1 s, migrate: { vm: v, to: b } } ]\n", seed, model);
    GError *error = NULL;
    Scenario *s = scn_load_string(yaml, "dirty.yaml", NULL, &error);
    g_assert_no_error(error);
    SimDc *dc = sim_dc_new(s);
    sim_dc_run(dc);
    g_autoptr(GArray) rows = sim_dc_migration_rows(dc);
    g_assert_cmpuint(rows->len, ==, 1);
    const SimDcMigrationRow *r = &g_array_index(rows, SimDcMigrationRow, 0);
    g_assert_true(r->finished);
    double pages = (double)r->pages_sent;
    sim_dc_free(dc);
    scn_scenario_free(s);
    return pages;
}

/* `dirty_model: pages` is seeded: the same seed repeats, other seeds differ, and the mean over
 * seeds is the exponential closed form's result (its mean-field limit) within 1 %. */
static void test_dirty_pages_in_a_run(void)
{
    double closed = run_precopy_pages("exponential", 1);
    g_assert_cmpfloat(run_precopy_pages("exponential", 2), ==, closed);
    g_assert_cmpfloat(run_precopy_pages("pages", 3), ==, run_precopy_pages("pages", 3));
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    const int seeds = 8;
    for (int k = 1; k <= seeds; k++) {
        double p = run_precopy_pages("pages", k);
        sum += p;
        lo = MIN(lo, p);
        hi = MAX(hi, p);
    }
    if (g_test_verbose())
        g_test_message("closed %.0f pages; sampled mean %.0f, range %.0f .. %.0f", closed,
                       sum / seeds, lo, hi);
    g_assert_cmpfloat(hi, >, lo);
    g_assert_cmpfloat(fabs(sum / seeds - closed) / closed, <, 0.01);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mig/dirty/models", test_dirty_models);
    g_test_add_func("/mig/dirty/pages-in-a-run", test_dirty_pages_in_a_run);
    g_test_add_func("/mig/strategy/table", test_strategy_table);
    g_test_add_func("/mig/all/zero-dirty-sends-memory-once", test_zero_dirty_sends_memory_once);
    g_test_add_func("/mig/stopcopy/downtime-is-total", test_stopcopy_downtime_is_total);
    g_test_add_func("/mig/precopy/geometric-series", test_precopy_geometric_series);
    g_test_add_func("/mig/precopy/max-rounds", test_precopy_max_rounds_when_not_converging);
    g_test_add_func("/mig/precopy/wws-floor", test_precopy_wws_floor);
    g_test_add_func("/mig/precopy/min-shrink", test_precopy_min_shrink);
    g_test_add_func("/mig/precopy/auto-converge", test_precopy_auto_converge);
    g_test_add_func("/mig/precopy/cpu-share", test_precopy_cpu_share_scales_dirty_rate);
    g_test_add_func("/mig/postcopy/faults-closed-form", test_postcopy_faults_closed_form);
    g_test_add_func("/mig/postcopy/small-working-set", test_postcopy_small_working_set);
    g_test_add_func("/mig/postcopy/prepaging", test_postcopy_prepaging);
    g_test_add_func("/mig/postcopy/concurrent-share-link", test_concurrent_postcopy_share_link);
    g_test_add_func("/mig/hybrid/dirty-pages-twice", test_hybrid_sends_dirty_pages_twice);
    g_test_add_func("/mig/job/concurrent-share-link", test_concurrent_migrations_share_link);
    g_test_add_func("/mig/job/bandwidth-cap-cpu-cost", test_bandwidth_cap_and_cpu_cost);
    g_test_add_func("/mig/job/refusals", test_refusals);
    g_test_add_func("/mig/job/free-mid-migration", test_free_mid_migration);
    return g_test_run();
}
