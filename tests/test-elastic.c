/* tests/test-elastic.c — demand curves against closed forms, the provisioning pipeline (parts,
 * cache, rejection, boot storms sharing the image store), and the autoscaler: exact scale-out
 * delays, exact SLA-violation seconds and over-provisioning of hand-worked cases, the max
 * bound, containers vs VMs under a fast diurnal load, predictive vs reactive on a ramp. */
#include "sim/elastic/autoscaler.h"

#include <math.h>

#include "sim/hypervisor/profile.h"
#include "sim/elastic/demand.h"
#include "sim/elastic/provision.h"
#include "sim/yaml/doc.h"
#include "sim/core/share.h"

#define S(x)   ((SimTimeNs)((x) * (double)SIM_NS_PER_S))
#define MIB    (UINT64_C(1) << 20)
#define GIB    (UINT64_C(1) << 30)

/* ---- a minimal model: round-robin placement over `hosts`, optional rejection ---- */

typedef struct {
    guint    hosts, next, placed, released, done;
    gboolean reject;
} Model;

static gboolean model_place(void *user, const SchedProvTemplate *tpl, uint32_t *host)
{
    Model *m = user;
    if (m->reject)
        return FALSE;
    *host = m->next++ % MAX(m->hosts, 1u);
    m->placed++;
    return TRUE;
}

static void model_release(void *user, uint32_t host)
{
    ((Model *)user)->released++;
}

static void model_done(void *user, SchedProvRequest *req)
{
    ((Model *)user)->done++;
}

static SchedDemand *demand_new(const SchedDemandConfig *c, SimRng *rng)
{
    GError *error = NULL;
    SchedDemand *d = sched_demand_new(c, rng, &error);
    g_assert_no_error(error);
    return d;
}

/* Brute-force measure of {D > level} on [t0, t1) by midpoint sampling every dt. */
static double sampled_above_ns(SchedDemand *d, SimTimeNs t0, SimTimeNs t1, SimTimeNs dt,
                               double level)
{
    double above = 0;
    for (SimTimeNs t = t0; t < t1; t += dt)
        if (sched_demand_at(d, t + dt / 2) > level)
            above += (double)MIN(dt, t1 - t);
    return above;
}

/* ---- demand ---- */

static void test_demand_step_ramp(void)
{
    SchedDemandConfig c = { .shape = SCHED_DEMAND_STEP, .at_ns = S(5), .from_per_s = 10,
                            .to_per_s = 30 };
    SchedDemand *d = demand_new(&c, NULL);
    g_assert_cmpfloat(sched_demand_at(d, S(5) - 1), ==, 10);
    g_assert_cmpfloat(sched_demand_at(d, S(5)), ==, 30);
    g_assert_cmpint(sched_demand_next_change_ns(d, 0), ==, S(5));
    g_assert_cmpint(sched_demand_next_change_ns(d, S(5)), ==, SIM_TIME_NEVER);
    g_assert_cmpfloat(sched_demand_time_above_ns(d, 0, S(10), 20), ==, (double)S(5));
    g_assert_cmpfloat(sched_demand_integral(d, 0, S(10)), ==, 10 * 5 + 30 * 5);
    sched_demand_free(d);

    c = (SchedDemandConfig){ .shape = SCHED_DEMAND_RAMP, .at_ns = 0, .end_ns = S(100),
                             .from_per_s = 0, .to_per_s = 200 };
    d = demand_new(&c, NULL);
    g_assert_cmpfloat(sched_demand_at(d, S(25)), ==, 50);
    g_assert_true(sched_demand_is_continuous(d));
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, 0, S(100), 100), S(50), 1);
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, S(10), S(200), 100), S(150), 1);
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, S(60), S(70), 100), S(10), 1);
    g_assert_cmpfloat_with_epsilon(sched_demand_integral(d, 0, S(100)), 10000, 1e-6);
    sched_demand_free(d);
}

static void test_demand_diurnal(void)
{
    SchedDemandConfig c = { .shape = SCHED_DEMAND_DIURNAL, .mean_per_s = 100,
                            .amplitude_per_s = 100, .period_ns = S(3600), .phase_ns = S(300) };
    SchedDemand *d = demand_new(&c, NULL);
    /* sin > 1/2 on a third of each period */
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, 0, S(3600), 150), S(1200), 1e3);
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, S(77), S(77 + 3 * 3600), 150),
                                   S(3600), 1e3);
    /* sin > −1/2 on two thirds */
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, 0, S(7200), 50), S(4800), 1e3);
    g_assert_cmpfloat(sched_demand_time_above_ns(d, 0, S(100), 200), ==, 0);
    g_assert_cmpfloat(sched_demand_time_above_ns(d, 0, S(100), -1), ==, (double)S(100));
    /* arbitrary windows against brute-force sampling (10 ms): within 20 ms */
    const SimTimeNs win[][2] = { { S(123), S(5000) }, { S(1000), S(1500) }, { S(2900), S(4100) } };
    const double lv[] = { 20, 99, 170 };
    for (guint i = 0; i < G_N_ELEMENTS(win); i++) {
        double exact = sched_demand_time_above_ns(d, win[i][0], win[i][1], lv[i]);
        double brute = sampled_above_ns(d, win[i][0], win[i][1], 10 * SIM_NS_PER_MS, lv[i]);
        g_assert_cmpfloat_with_epsilon(exact, brute, 2e7);
    }
    g_assert_cmpfloat_with_epsilon(sched_demand_integral(d, S(10), S(10 + 3600)), 100 * 3600,
                                   1e-6);
    g_assert_cmpint(sched_demand_next_change_ns(d, S(10)), ==, S(37.5));  /* period / 96 */
    sched_demand_free(d);

    c.amplitude_per_s = 150;
    GError *error = NULL;
    g_assert_null(sched_demand_new(&c, NULL, &error));
    g_assert_error(error, SCN_ERROR, SCN_ERROR_RANGE);
    g_clear_error(&error);
}

static void test_demand_poisson(void)
{
    SimRng *r1 = sim_rng_new(7, "elastic:web/bursts"), *r2 = sim_rng_new(7, "elastic:web/bursts");
    SchedDemandConfig c = { .shape = SCHED_DEMAND_POISSON, .level_per_s = 100,
                            .burst_rate_per_s = 0.01, .burst_level_per_s = 50,
                            .burst_ns = S(60) };
    SchedDemand *a = demand_new(&c, r1), *b = demand_new(&c, r2);
    /* same stream, same curve; walking the breakpoints visits levels base + k·burst */
    guint changes = 0;
    for (SimTimeNs t = 0; t < S(20000); t = sched_demand_next_change_ns(a, t), changes++) {
        double v = sched_demand_at(a, t);
        g_assert_cmpfloat(v, ==, sched_demand_at(b, t));
        double k = (v - 100) / 50;
        g_assert_cmpfloat(k, ==, floor(k));
        g_assert_cmpfloat(k, >=, 0);
    }
    g_assert_cmpuint(changes, >, 100);
    /* the mean number of active bursts is rate × duration = 0.6 (10^6 s: ~10^4 bursts) */
    double mean = sched_demand_integral(a, 0, S(1e6)) / 1e6;
    g_assert_cmpfloat_with_epsilon(mean, 100 + 50 * 0.6, 50 * 0.6 * 0.05);
    /* exact time above vs sampling at 1 s over a stretch: equal (breakpoints are on the ns
     * grid, sampling misses at most 1 s per breakpoint) */
    double exact = sched_demand_time_above_ns(a, 0, S(5000), 120);
    double brute = sampled_above_ns(a, 0, S(5000), SIM_NS_PER_S, 120);
    g_assert_cmpfloat_with_epsilon(exact, brute, 2.0 * S(1) * 50);
    sched_demand_free(a);
    sched_demand_free(b);
    sim_rng_free(r1);
    sim_rng_free(r2);
}

static void test_demand_trace(void)
{
    TraceSeries se = { .id = "t", .created_ns = SIM_TIME_NEVER, .deleted_ns = SIM_TIME_NEVER };
    g_assert_true(trace_series_push(&se, 0, 0));
    g_assert_true(trace_series_push(&se, S(100), 1));
    g_assert_true(trace_series_push(&se, S(200), 0));
    TraceView tr = { &se, TRACE_LINEAR, 0, FALSE };
    SchedDemandConfig c = { .shape = SCHED_DEMAND_TRACE, .trace = &tr, .scale_per_s = 400 };
    SchedDemand *d = demand_new(&c, NULL);
    g_assert_cmpfloat_with_epsilon(sched_demand_at(d, S(50)), 200, 1e-9);
    /* triangle 0 → 400 → 0: above 300 for 25 s on each side of the peak */
    g_assert_cmpfloat_with_epsilon(sched_demand_time_above_ns(d, 0, S(300), 300), S(50), 1);
    g_assert_cmpfloat_with_epsilon(sched_demand_integral(d, 0, S(200)), 40000, 1e-6);
    sched_demand_free(d);
    g_free(se.value_q);
    g_free(se.t_ns);
}

/* ---- provisioning ---- */

typedef struct {
    SimEngine *eng;
    SimShare  *share;
    SchedProv *prov;
    Model      m;
} ProvRig;

static void prov_rig(ProvRig *r, SimTimeNs approval_ns, double store_bytes_per_s)
{
    r->eng = sim_engine_new();
    r->share = sim_share_new(r->eng);
    r->m = (Model){ .hosts = 4 };
    SchedProvConfig cfg;
    sched_prov_config_init(&cfg);
    cfg.approval_delay_ns = approval_ns;
    cfg.store_bytes_per_s = store_bytes_per_s;
    SchedProvHooks hooks = { .place = model_place, .done = model_done };
    r->prov = sched_prov_new(r->eng, r->share, &cfg, &hooks, &r->m);
}

static void prov_rig_free(ProvRig *r)
{
    sched_prov_free(r->prov);
    sim_share_free(r->share);
    sim_engine_free(r->eng);
}

static void test_prov_parts_and_cache(void)
{
    ProvRig r;
    prov_rig(&r, S(3), 1e8);
    SchedProvTemplate tpl = { .name = "img", .kind = SCHED_UNIT_VM, .image_bytes = 100000000,
                              .boot_ns = S(10) };
    r.m.hosts = 1;
    SchedProvRequest *a = sched_prov_submit(r.prov, &tpl, NULL);
    sim_engine_run(r.eng);
    g_assert_cmpint(a->state, ==, SCHED_PROV_READY);
    g_assert_cmpint(a->placed_ns, ==, S(3));
    g_assert_cmpint(a->transferred_ns, ==, S(4));           /* 10^8 B at 10^8 B/s */
    g_assert_cmpint(a->ready_ns, ==, S(14));
    g_assert_cmpint(sched_prov_nominal_ns(r.prov, &tpl), ==, S(14));
    /* second request to the same host: image cached, no transfer */
    SchedProvRequest *b = sched_prov_submit(r.prov, &tpl, NULL);
    sim_engine_run(r.eng);
    g_assert_true(b->cached);
    g_assert_cmpint(b->ready_ns - b->submit_ns, ==, S(13));
    SimStats tot = sim_tally_stats(sched_prov_time_to_ready(r.prov));
    SimStats xfer = sim_tally_stats(sched_prov_transfer_time(r.prov));
    SimStats boot = sim_tally_stats(sched_prov_boot_time(r.prov));
    SimStats appr = sim_tally_stats(sched_prov_approval_time(r.prov));
    g_assert_cmpuint(tot.n, ==, 2);
    g_assert_cmpfloat(tot.mean, ==, (double)S(13.5));
    g_assert_cmpfloat(xfer.max, ==, (double)S(1));
    g_assert_cmpfloat(xfer.min, ==, 0);
    g_assert_cmpfloat(boot.mean, ==, (double)S(10));
    g_assert_cmpfloat(appr.mean, ==, (double)S(3));
    g_assert_cmpuint(r.m.done, ==, 2);

    r.m.reject = TRUE;
    SchedProvRequest *c = sched_prov_submit(r.prov, &tpl, NULL);
    sim_engine_run(r.eng);
    g_assert_cmpint(c->state, ==, SCHED_PROV_REJECTED);
    g_assert_cmpuint(sched_prov_rejected(r.prov), ==, 1);
    g_assert_cmpuint(sched_prov_in_flight(r.prov), ==, 0);
    g_assert_cmpuint(r.m.done, ==, 3);
    prov_rig_free(&r);
}

static void test_prov_from_profile(void)
{
    SchedProvTemplate vm, ctr, fc;
    sched_prov_template_from_profile(&vm, hv_profile_lookup("kvm"));
    sched_prov_template_from_profile(&ctr, hv_profile_lookup("docker"));
    sched_prov_template_from_profile(&fc, hv_profile_lookup("firecracker"));
    g_assert_cmpint(vm.kind, ==, SCHED_UNIT_VM);
    g_assert_cmpint(ctr.kind, ==, SCHED_UNIT_CONTAINER);
    g_assert_cmpint(fc.boot_ns, ==, 125 * SIM_NS_PER_MS);     /* Agache et al. 2020 */
    g_assert_cmpint(vm.boot_ns, >, 10 * ctr.boot_ns);
    g_assert_cmpuint(vm.image_bytes, >, 10 * ctr.image_bytes);
}

/* N simultaneous requests share the store: each transfer takes N·S/B, so time-to-ready
 * is boot + N·S/B, linear in N. */
static void test_boot_storm(void)
{
    const double bw = 1.25e8;                                  /* 1 Gbit/s */
    SchedProvTemplate tpl = { .name = "vm", .image_bytes = 2 * GIB, .boot_ns = S(30) };
    double ttr[9];
    for (guint n = 1; n <= 8; n++) {
        ProvRig r;
        prov_rig(&r, 0, bw);
        r.m.hosts = 64;                                        /* distinct hosts: no cache */
        for (guint i = 0; i < n; i++)
            sched_prov_submit(r.prov, &tpl, NULL);
        sim_engine_run(r.eng);
        SimStats st = sim_tally_stats(sched_prov_time_to_ready(r.prov));
        g_assert_cmpuint(st.n, ==, n);
        g_assert_cmpfloat(st.max - st.min, <=, 1);            /* all finish together */
        ttr[n] = st.mean;
        double expect = (double)S(30) + n * (double)(2 * GIB) / bw * 1e9;
        g_assert_cmpfloat_with_epsilon(ttr[n], expect, 2);
        prov_rig_free(&r);
    }
    g_test_message("boot storm, 2 GiB over 1 Gbit/s + 30 s boot: N=1 %.3f s, N=8 %.3f s",
                   ttr[1] / 1e9, ttr[8] / 1e9);
    for (guint n = 2; n <= 8; n++)     /* constant increment per extra request */
        g_assert_cmpfloat_with_epsilon(ttr[n] - ttr[n - 1], ttr[2] - ttr[1], 4);
}

/* ---- autoscaler ---- */

typedef struct {
    SimEngine    *eng;
    SimShare     *share;
    SchedDemand  *demand;
    SchedElastic *e;
    SimRng       *rng;
    Model         m;
} Run;

static void run_setup(Run *r, const SchedDemandConfig *dc, const SchedElasticConfig *ec,
                      const SchedProvConfig *pc, const SchedProvTemplate *tpl)
{
    r->eng = sim_engine_new();
    r->share = sim_share_new(r->eng);
    r->rng = sim_rng_new(42, "elastic:test/bursts");
    r->demand = demand_new(dc, r->rng);
    r->m = (Model){ .hosts = 1000 };
    SchedElasticHooks hooks = { .place = model_place, .release = model_release };
    GError *error = NULL;
    r->e = sched_elastic_new(r->eng, r->share, ec, pc, tpl, r->demand, &hooks, &r->m, &error);
    g_assert_no_error(error);
    sched_elastic_start(r->e);
}

static void run_to(Run *r, SimTimeNs t)
{
    sim_engine_run_until(r->eng, t);
    sched_elastic_settle(r->e);
}

static void run_free(Run *r)
{
    sched_elastic_free(r->e);
    sched_demand_free(r->demand);
    sim_share_free(r->share);
    sim_rng_free(r->rng);
    sim_engine_free(r->eng);
}

/* Step 35 → 140 req/s at 12 s; capacity 50 per instance; reactive, target 0.7 (band
 * 0.6..0.8), step 1, interval 5 s, cooldown 30 s; provisioning = 2 s approval + 1 s image +
 * 10 s boot = 13 s.  Hand-worked: scale-outs at 15 (next evaluation), 45 (15 + cooldown)
 * and 75; ready at 28, 58, 88.  Demand exceeds ready capacity on [12, 58): 46 s.  Over-
 * provisioning: 4 ready vs 3 needed on [88, 120): 32 instance-seconds. */
static void test_step_scale_out_exact(void)
{
    SchedDemandConfig dc = { .shape = SCHED_DEMAND_STEP, .at_ns = S(12), .from_per_s = 35,
                             .to_per_s = 140 };
    SchedElasticConfig ec;
    sched_elastic_config_init(&ec);
    ec.capacity_per_s = 50;
    ec.min_instances = 1;
    ec.max_instances = 10;
    ec.interval_ns = S(5);
    ec.cooldown_ns = S(30);
    SchedProvConfig pc;
    sched_prov_config_init(&pc);
    pc.approval_delay_ns = S(2);
    pc.store_bytes_per_s = 1e8;
    SchedProvTemplate tpl = { .name = "vm", .image_bytes = 100000000, .boot_ns = S(10) };
    Run r;
    run_setup(&r, &dc, &ec, &pc, &tpl);
    run_to(&r, S(120));
    SchedProv *p = sched_elastic_prov(r.e);
    g_assert_cmpuint(sched_prov_requests(p), ==, 3);
    const SimTimeNs submit[] = { S(15), S(45), S(75) }, ready[] = { S(28), S(58), S(88) };
    for (guint i = 0; i < 3; i++) {
        g_assert_cmpint(sched_prov_request(p, i)->submit_ns, ==, submit[i]);
        g_assert_cmpint(sched_prov_request(p, i)->ready_ns, ==, ready[i]);
    }
    g_assert_cmpuint(sched_elastic_ready(r.e), ==, 4);
    g_assert_cmpuint(sched_elastic_scale_outs(r.e), ==, 3);
    g_assert_cmpuint(sched_elastic_scale_ins(r.e), ==, 0);
    g_assert_cmpfloat(sched_elastic_sla_violation_s(r.e), ==, 46.0);
    g_assert_cmpfloat_with_epsilon(sched_elastic_overprov_instance_h(r.e), 32.0 / 3600, 1e-15);
    /* ∫ R dt = 1·28 + 2·30 + 3·30 + 4·32 = 306 instance-seconds */
    g_assert_cmpfloat_with_epsilon(sched_elastic_instance_h(r.e), 306.0 / 3600, 1e-15);
    run_free(&r);
}

/* Fixed fleets (min = max) against continuous demand: closed-form integrals. */
static void test_sla_fixed_fleet_closed_forms(void)
{
    SchedElasticConfig ec;
    sched_elastic_config_init(&ec);
    ec.capacity_per_s = 50;
    ec.min_instances = ec.max_instances = 2;
    SchedProvConfig pc;
    sched_prov_config_init(&pc);
    SchedProvTemplate tpl = { .name = "c", .kind = SCHED_UNIT_CONTAINER, .boot_ns = S(1) };
    /* ramp 0 → 200 over 100 s, 100 req/s of capacity: violated for t > 50 s; needed
     * ceil(D/50) is 1 on (0, 25] and 2 on (25, 50]: over-provisioned 25 instance-s */
    SchedDemandConfig ramp = { .shape = SCHED_DEMAND_RAMP, .end_ns = S(100), .to_per_s = 200 };
    Run r;
    run_setup(&r, &ramp, &ec, &pc, &tpl);
    run_to(&r, S(100));
    g_assert_cmpfloat_with_epsilon(sched_elastic_sla_violation_s(r.e), 50, 1e-9);
    g_assert_cmpfloat_with_epsilon(sched_elastic_overprov_instance_h(r.e) * 3600, 25, 1e-9);
    run_free(&r);
    /* diurnal mean 100, amplitude 100, 3 × 50 req/s: violated while sin > 1/2, a third of
     * every period (3 periods: 3600 s); hand-worked over-provisioning:
     * Σ_{k<3} |{D <= 50k}| = |{sin <= −1}| + |{sin <= −1/2}| + |{sin <= 0}|
     *                      = 0 + T/3 + T/2 per period = 5/6 · 3600 s per 3 periods */
    ec.min_instances = ec.max_instances = 3;
    SchedDemandConfig di = { .shape = SCHED_DEMAND_DIURNAL, .mean_per_s = 100,
                             .amplitude_per_s = 100, .period_ns = S(1200) };
    run_setup(&r, &di, &ec, &pc, &tpl);
    run_to(&r, S(3600));
    g_assert_cmpfloat_with_epsilon(sched_elastic_sla_violation_s(r.e), 1200, 1e-6);
    g_assert_cmpfloat_with_epsilon(sched_elastic_overprov_instance_h(r.e) * 3600, 3000, 1e-6);
    run_free(&r);
}

static void check_bounds(SchedElastic *e, guint min, guint max)
{
    SimSeries *ts = sched_elastic_series(e);
    guint cols = ts->columns->len;
    for (guint i = 0; i < sim_series_rows(ts); i++) {
        const double *row = &g_array_index(ts->values, double, i * cols);
        g_assert_cmpfloat(row[5], <=, max);          /* provisioned */
        g_assert_cmpfloat(row[5], >=, min);
        g_assert_cmpfloat(row[4], <=, row[5]);       /* ready <= provisioned */
    }
}

static void test_never_above_max(void)
{
    SchedDemandConfig dc = { .shape = SCHED_DEMAND_POISSON, .level_per_s = 100,
                             .burst_rate_per_s = 1.0 / 600, .burst_level_per_s = 400,
                             .burst_ns = S(120) };
    SchedProvConfig pc;
    sched_prov_config_init(&pc);
    SchedProvTemplate tpl;
    sched_prov_template_from_profile(&tpl, hv_profile_lookup("docker"));
    for (int pol = 0; pol < SCHED_SCALE_COUNT; pol++) {
        SchedElasticConfig ec;
        sched_elastic_config_init(&ec);
        ec.policy = (SchedScalePolicy)pol;
        ec.capacity_per_s = 50;
        ec.min_instances = 2;
        ec.max_instances = 6;
        ec.step_out = 0;
        ec.cooldown_ns = S(20);
        Run r;
        run_setup(&r, &dc, &ec, &pc, &tpl);
        run_to(&r, S(4 * 3600));
        check_bounds(r.e, 2, 6);
        g_assert_cmpuint(sched_elastic_scale_outs(r.e), >=, 5);
        g_assert_cmpuint(sched_elastic_scale_ins(r.e), >=, 5);
        g_assert_cmpfloat(sched_elastic_sla_violation_s(r.e), >, 0);  /* bursts exceed 300 */
        g_assert_cmpuint(r.m.placed - r.m.released, ==, sched_elastic_ready(r.e));
        run_free(&r);
    }
}

/* Fast diurnal load (period 20 min, 200..1800 req/s), reactive to-target scaling with
 * 100 req/s instances.  Containers (0.5 s boot, 50 MiB image) against VMs (30 s, 2 GiB) over
 * a 1 Gbit/s image store. */
static double diurnal_sla(SchedUnitKind kind, double *overprov_h)
{
    SchedDemandConfig dc = { .shape = SCHED_DEMAND_DIURNAL, .mean_per_s = 1000,
                             .amplitude_per_s = 800, .period_ns = S(1200) };
    SchedElasticConfig ec;
    sched_elastic_config_init(&ec);
    ec.capacity_per_s = 100;
    ec.min_instances = 2;
    ec.max_instances = 40;
    ec.step_out = 0;
    ec.step_in = 1;
    ec.interval_ns = S(10);
    ec.cooldown_ns = S(30);
    SchedProvConfig pc;
    sched_prov_config_init(&pc);                               /* 1 Gbit/s, no approval */
    SchedProvTemplate tpl = kind == SCHED_UNIT_CONTAINER
        ? (SchedProvTemplate){ .name = "ctr", .kind = kind, .image_bytes = 50 * MIB,
                               .boot_ns = 500 * SIM_NS_PER_MS }
        : (SchedProvTemplate){ .name = "vm", .kind = kind, .image_bytes = 2 * GIB,
                               .boot_ns = S(30) };
    Run r;
    run_setup(&r, &dc, &ec, &pc, &tpl);
    run_to(&r, S(2 * 3600));
    double sla = sched_elastic_sla_violation_s(r.e);
    *overprov_h = sched_elastic_overprov_instance_h(r.e);
    check_bounds(r.e, 2, 40);
    run_free(&r);
    return sla;
}

static void test_containers_beat_vms(void)
{
    double op_ctr, op_vm;
    double ctr = diurnal_sla(SCHED_UNIT_CONTAINER, &op_ctr);
    double vm = diurnal_sla(SCHED_UNIT_VM, &op_vm);
    g_test_message("fast diurnal, 2 h: SLA violation containers %.2f s, VMs %.2f s (x%.1f); "
                   "over-provisioned %.3f vs %.3f instance-h", ctr, vm, vm / ctr, op_ctr, op_vm);
    g_assert_cmpfloat(vm, >, 0);
    g_assert_cmpfloat(ctr, <, 0.25 * vm);
}

/* A ramp 50 → 1050 req/s over 20 min with VMs (~47 s to ready): predictive scaling
 * (trend over 2 min, lead = provisioning time) violates the SLA less than reactive. */
static double ramp_sla(SchedScalePolicy pol)
{
    SchedDemandConfig dc = { .shape = SCHED_DEMAND_RAMP, .at_ns = S(60), .end_ns = S(1260),
                             .from_per_s = 50, .to_per_s = 1050 };
    SchedElasticConfig ec;
    sched_elastic_config_init(&ec);
    ec.policy = pol;
    ec.capacity_per_s = 100;
    ec.min_instances = 1;
    ec.max_instances = 30;
    ec.step_out = 0;
    ec.interval_ns = S(10);
    ec.cooldown_ns = S(30);
    ec.window_ns = S(120);
    SchedProvConfig pc;
    sched_prov_config_init(&pc);
    SchedProvTemplate tpl = { .name = "vm", .image_bytes = 2 * GIB, .boot_ns = S(30) };
    Run r;
    run_setup(&r, &dc, &ec, &pc, &tpl);
    run_to(&r, S(1500));
    double sla = sched_elastic_sla_violation_s(r.e);
    run_free(&r);
    return sla;
}

static void test_predictive_beats_reactive_on_ramp(void)
{
    double rea = ramp_sla(SCHED_SCALE_REACTIVE), pre = ramp_sla(SCHED_SCALE_PREDICTIVE);
    g_test_message("ramp with VMs: SLA violation reactive %.2f s, predictive %.2f s", rea, pre);
    g_assert_cmpfloat(pre, <, rea);
}

static void test_config_errors(void)
{
    SchedElasticConfig ec;
    sched_elastic_config_init(&ec);
    GError *error = NULL;
    g_assert_true(sched_elastic_config_check(&ec, &error));
    ec.min_instances = 5;
    ec.max_instances = 4;
    g_assert_false(sched_elastic_config_check(&ec, &error));
    g_assert_error(error, SCN_ERROR, SCN_ERROR_RANGE);
    g_clear_error(&error);
    sched_elastic_config_init(&ec);
    ec.target_frac = 1.5;
    g_assert_false(sched_elastic_config_check(&ec, &error));
    g_clear_error(&error);
    SchedScalePolicy p;
    g_assert_true(sched_scale_policy_from_name("predictive", &p) && p == SCHED_SCALE_PREDICTIVE);
    g_assert_false(sched_scale_policy_from_name("magic", &p));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/demand/step-ramp", test_demand_step_ramp);
    g_test_add_func("/sched/demand/diurnal", test_demand_diurnal);
    g_test_add_func("/sched/demand/poisson/seed-7", test_demand_poisson);
    g_test_add_func("/sched/demand/trace", test_demand_trace);
    g_test_add_func("/sched/prov/parts-and-cache", test_prov_parts_and_cache);
    g_test_add_func("/sched/prov/from-profile", test_prov_from_profile);
    g_test_add_func("/sched/prov/boot-storm", test_boot_storm);
    g_test_add_func("/sched/elastic/step-scale-out-exact", test_step_scale_out_exact);
    g_test_add_func("/sched/elastic/sla-closed-forms", test_sla_fixed_fleet_closed_forms);
    g_test_add_func("/sched/elastic/never-above-max/seed-42", test_never_above_max);
    g_test_add_func("/sched/elastic/containers-beat-vms", test_containers_beat_vms);
    g_test_add_func("/sched/elastic/predictive-vs-reactive", test_predictive_beats_reactive_on_ramp);
    g_test_add_func("/sched/elastic/config-errors", test_config_errors);
    return g_test_run();
}
