/* tests/test-scheduler.c — vCPU scheduling in time slices, consolidation, failures.  (The
 * fluid vCPU modes are the datacenter's: tests/test-dc.c.) */
#include <glib.h>
#include <math.h>

#include "sim/core/engine.h"
#include "sim/core/rng.h"
#include "sim/scheduler/consolidate.h"
#include "sim/scheduler/error.h"
#include "sim/scheduler/failure.h"
#include "sim/scheduler/quantum.h"

#define GHZ 1e9
#define GIB ((uint64_t)1 << 30)

/* ---- quantum ---------------------------------------------------------------------- */

static void test_quantum_three_on_one(void)
{
    SimEngine *eng = sim_engine_new();
    SchedQuantumParams p = { .quantum_ns = 30 * SIM_NS_PER_MS };
    SchedQuantumHost *q = sched_quantum_host_new(eng, 1, &p);
    SchedQuantumVcpu *v[3];
    for (int i = 0; i < 3; i++)
        v[i] = sched_quantum_vcpu_add(q, 0, 256, 0);
    SimTimeNs total = 30 * SIM_NS_PER_S;
    sim_engine_run_until(eng, total);
    for (int i = 0; i < 3; i++) {
        double share = (double)sched_quantum_vcpu_cpu_ns(v[i]) / (double)total;
        g_assert_cmpfloat_with_epsilon(share, 1.0 / 3, 0.002);    /* within one slice */
        SimStats st = sim_tally_stats(sched_quantum_vcpu_delays(v[i]));
        g_test_message("vcpu %d: share %.5f, delay mean %.5f s p50 %.3f s max %.3f s n %zu",
                       i, share, st.mean, st.p50, st.max, st.n);
        g_assert_cmpfloat_with_epsilon(st.mean, 0.060, 0.001);    /* waits for 2 × 30 ms */
        g_assert_cmpfloat_with_epsilon(st.p50, 0.060, 1e-9);
        g_assert_cmpint(sched_quantum_vcpu_wait_ns(v[i]) + sched_quantum_vcpu_cpu_ns(v[i]), ==,
                        total);
    }
    sched_quantum_host_free(q);
    sim_engine_free(eng);
}

static void test_quantum_weights_and_cap(void)
{
    SimEngine *eng = sim_engine_new();
    SchedQuantumParams p = { .quantum_ns = 30 * SIM_NS_PER_MS };
    SchedQuantumHost *q = sched_quantum_host_new(eng, 2, &p);
    SchedQuantumVcpu *a = sched_quantum_vcpu_add(q, 0, 512, 0);
    SchedQuantumVcpu *b = sched_quantum_vcpu_add(q, 0, 256, 0);
    SchedQuantumVcpu *c = sched_quantum_vcpu_add(q, 1, 256, 0.25);  /* alone on core 1 */
    SimTimeNs total = 60 * SIM_NS_PER_S;
    sim_engine_run_until(eng, total);
    double fa = (double)sched_quantum_vcpu_cpu_ns(a) / (double)total;
    double fb = (double)sched_quantum_vcpu_cpu_ns(b) / (double)total;
    double fc = (double)sched_quantum_vcpu_cpu_ns(c) / (double)total;
    g_test_message("weights 512:256 -> %.4f %.4f; cap 0.25 -> %.4f", fa, fb, fc);
    g_assert_cmpfloat_with_epsilon(fa, 2.0 / 3, 0.01);
    g_assert_cmpfloat_with_epsilon(fb, 1.0 / 3, 0.01);
    g_assert_cmpfloat_with_epsilon(fc, 0.25, 0.01);
    sched_quantum_host_free(q);
    sim_engine_free(eng);
}

static void test_quantum_switch_cost(void)
{
    /* Two vCPUs, 30 ms slices, 5 µs switch + 20 µs TLB refill (untagged): every slice
     * starts with a 25 µs switch, so useful time = 30 / 30.025 of the core. */
    SimEngine *eng = sim_engine_new();
    SchedQuantumParams p = { .quantum_ns = 30 * SIM_NS_PER_MS, .switch_ns = 5 * SIM_NS_PER_US,
                             .tlb_refill_ns = 20 * SIM_NS_PER_US };
    SchedQuantumHost *q = sched_quantum_host_new(eng, 1, &p);
    SchedQuantumVcpu *a = sched_quantum_vcpu_add(q, 0, 256, 0);
    SchedQuantumVcpu *b = sched_quantum_vcpu_add(q, 0, 256, 0);
    SimTimeNs total = 6005 * SIM_NS_PER_MS;   /* 200 slices of 30.025 ms, the first free */
    sim_engine_run_until(eng, total);
    guint64 sw = sched_quantum_switches(q, 0);
    g_assert_cmpuint(sw, >=, 199);
    g_assert_cmpint(sched_quantum_overhead_ns(q, 0), ==, (SimTimeNs)sw * 25 * SIM_NS_PER_US);
    SimTimeNs busy = sched_quantum_vcpu_cpu_ns(a) + sched_quantum_vcpu_cpu_ns(b);
    g_assert_cmpint(busy + sched_quantum_overhead_ns(q, 0), ==, total);
    /* Tagged TLB: only the context switch is paid. */
    sched_quantum_host_free(q);
    p.tlb_tagged = TRUE;
    q = sched_quantum_host_new(eng, 1, &p);
    sched_quantum_vcpu_add(q, 0, 256, 0);
    sched_quantum_vcpu_add(q, 0, 256, 0);
    sim_engine_run_until(eng, total + SIM_NS_PER_S);
    g_assert_cmpint(sched_quantum_overhead_ns(q, 0), ==,
                    (SimTimeNs)sched_quantum_switches(q, 0) * 5 * SIM_NS_PER_US);
    sched_quantum_host_free(q);
    sim_engine_free(eng);
}

static void test_quantum_block_wake(void)
{
    SimEngine *eng = sim_engine_new();
    SchedQuantumParams p = { 0 };
    SchedQuantumHost *q = sched_quantum_host_new(eng, 1, &p);
    SchedQuantumVcpu *a = sched_quantum_vcpu_add(q, 0, 256, 0);
    SchedQuantumVcpu *b = sched_quantum_vcpu_add(q, 0, 256, 0);
    sim_engine_run_until(eng, 10 * SIM_NS_PER_MS);
    sched_quantum_vcpu_set_runnable(a, FALSE);       /* blocks 10 ms into its slice */
    sim_engine_run_until(eng, SIM_NS_PER_S);
    g_assert_cmpint(sched_quantum_vcpu_cpu_ns(a), ==, 10 * SIM_NS_PER_MS);
    g_assert_cmpint(sched_quantum_vcpu_cpu_ns(b), ==, 990 * SIM_NS_PER_MS);
    g_assert_cmpint(sched_quantum_vcpu_wait_ns(b), ==, 10 * SIM_NS_PER_MS);
    sched_quantum_host_free(q);
    sim_engine_free(eng);
}

/* ---- consolidation ---------------------------------------------------------------- */

/* Four 4-core hosts at 1 GHz (4 Gcycles/s), 16 GiB; low 0.2, high 0.8, best-fit.
 *   h0: util 0.95 — VMs v0 (2.0 G), v1 (1.0 G), v2 (0.8 G)
 *   h1: util 0.50 — v3 (2.0 G)
 *   h2: util 0.10 — v4 (0.4 G)
 *   h3: off
 * Overload: excess on h0 = 0.15 × 4 G = 0.6 G; the smallest VM covering it is v2 (0.8 G),
 * which best-fit sends to h1 (room after: (4−2−1)/4 + (16−4−2)/16 = 0.875 vs h2 1.375);
 * h1 → 0.70.  Underload: h2 (0.10) is emptied: v4 (0.4 G) fits on h0 (0.75 → 0.85 > 0.8:
 * no), h1 (0.70 → 0.80: yes) → h2 powered off.  h3 stays off. */
static void test_consolidation_hand_worked(void)
{
    SchedHostView h[4];
    for (int i = 0; i < 4; i++)
        h[i] = (SchedHostView){ .index = 100 + i, .cores = 4, .memory_bytes = 16 * GIB,
                                .capacity_cycles_per_s = 4 * GHZ, .powered_on = TRUE };
    h[3].powered_on = FALSE;
    SchedVmLoad v[5] = {
        { .vm_index = 0, .host = 0, .vcpus = 2, .memory_bytes = 4 * GIB, .load_cycles_per_s = 2.0 * GHZ, .movable = TRUE },
        { .vm_index = 1, .host = 0, .vcpus = 1, .memory_bytes = 2 * GIB, .load_cycles_per_s = 1.0 * GHZ, .movable = TRUE },
        { .vm_index = 2, .host = 0, .vcpus = 1, .memory_bytes = 2 * GIB, .load_cycles_per_s = 0.8 * GHZ, .movable = TRUE },
        { .vm_index = 3, .host = 1, .vcpus = 2, .memory_bytes = 4 * GIB, .load_cycles_per_s = 2.0 * GHZ, .movable = TRUE },
        { .vm_index = 4, .host = 2, .vcpus = 1, .memory_bytes = 1 * GIB, .load_cycles_per_s = 0.4 * GHZ, .movable = TRUE },
    };
    for (int i = 0; i < 5; i++) {
        h[v[i].host].vcpus_used += v[i].vcpus;
        h[v[i].host].memory_used_bytes += v[i].memory_bytes;
        h[v[i].host].util_frac += v[i].load_cycles_per_s / (4 * GHZ);
    }
    SchedConsolidateParams p = { .low_frac = 0.2, .high_frac = 0.8,
                                 .placement = sched_placement_lookup("best-fit"),
                                 .overcommit = { 1.0, 1.0 }, .min_hosts_on = 1 };
    SchedPlan plan;
    sched_plan_init(&plan);
    sched_consolidate(h, 4, v, 5, &p, &plan);
    g_assert_cmpuint(plan.moves->len, ==, 2);
    SchedMove m0 = g_array_index(plan.moves, SchedMove, 0);
    SchedMove m1 = g_array_index(plan.moves, SchedMove, 1);
    g_assert_cmpint(m0.vm_index, ==, 2);
    g_assert_cmpint(m0.from_host, ==, 100);
    g_assert_cmpint(m0.to_host, ==, 101);
    g_assert_cmpint(m1.vm_index, ==, 4);
    g_assert_cmpint(m1.from_host, ==, 102);
    g_assert_cmpint(m1.to_host, ==, 101);
    g_assert_cmpuint(plan.power_off->len, ==, 1);
    g_assert_cmpint(g_array_index(plan.power_off, int, 0), ==, 102);
    g_assert_cmpuint(plan.power_on->len, ==, 0);
    g_assert_cmpuint(plan.unplaced, ==, 0);

    /* Capacity respected: with h1 already at 4 vCPUs nothing fits there; v2 cannot go to
     * h2 either (0.10 + 0.2 = 0.30 is fine, but give h2 no memory room), so h3 is powered on. */
    h[1].vcpus_used = 4;
    h[2].memory_used_bytes = 16 * GIB;
    sched_consolidate(h, 4, v, 5, &p, &plan);
    m0 = g_array_index(plan.moves, SchedMove, 0);
    g_assert_cmpint(m0.vm_index, ==, 2);
    g_assert_cmpint(m0.to_host, ==, 103);
    g_assert_cmpuint(plan.power_on->len, ==, 1);
    g_assert_cmpint(g_array_index(plan.power_on, int, 0), ==, 103);
    /* h2 cannot be emptied into a full h1; h0 is at 0.75 + 0.1 = 0.85 > high; h3 (powered
     * on in this plan, 0.2 + 0.1) takes it; so h2 is powered off. */
    g_assert_cmpuint(plan.power_off->len, ==, 1);
    g_assert_cmpint(g_array_index(plan.moves, SchedMove, 1).to_host, ==, 103);
    sched_plan_clear(&plan);
}

static void test_consolidation_all_or_nothing(void)
{
    /* Two hosts at 0.15 each: emptying the first moves its VM to the second (0.30); the
     * second has then received and stays.  An unmovable VM pins its host. */
    SchedHostView h[2];
    for (int i = 0; i < 2; i++)
        h[i] = (SchedHostView){ .index = i, .cores = 4, .vcpus_used = 1, .memory_bytes = 8 * GIB,
                                .memory_used_bytes = GIB, .util_frac = 0.15,
                                .capacity_cycles_per_s = 4 * GHZ, .powered_on = TRUE };
    SchedVmLoad v[2] = {
        { .vm_index = 7, .host = 0, .vcpus = 1, .memory_bytes = GIB, .load_cycles_per_s = 0.6 * GHZ, .movable = TRUE },
        { .vm_index = 8, .host = 1, .vcpus = 1, .memory_bytes = GIB, .load_cycles_per_s = 0.6 * GHZ, .movable = TRUE },
    };
    SchedConsolidateParams p = { .low_frac = 0.2, .high_frac = 0.8, .overcommit = { 1, 1 } };
    SchedPlan plan;
    sched_plan_init(&plan);
    sched_consolidate(h, 2, v, 2, &p, &plan);
    g_assert_cmpuint(plan.moves->len, ==, 1);
    g_assert_cmpint(g_array_index(plan.moves, SchedMove, 0).vm_index, ==, 7);
    g_assert_cmpint(g_array_index(plan.power_off, int, 0), ==, 0);
    v[0].movable = FALSE;
    sched_consolidate(h, 2, v, 2, &p, &plan);
    g_assert_cmpuint(plan.moves->len, ==, 1);
    g_assert_cmpint(g_array_index(plan.moves, SchedMove, 0).vm_index, ==, 8);
    g_assert_cmpint(g_array_index(plan.power_off, int, 0), ==, 1);
    /* Anti-affinity: both VMs in group "db": none can join the other. */
    v[0].movable = TRUE;
    v[0].anti_affinity = v[1].anti_affinity = "db";
    const char *const db[] = { "db", NULL };
    h[0].groups = h[1].groups = db;
    sched_consolidate(h, 2, v, 2, &p, &plan);
    g_assert_cmpuint(plan.moves->len, ==, 0);
    g_assert_cmpuint(plan.power_off->len, ==, 0);
    sched_plan_clear(&plan);
}

/* ---- failures --------------------------------------------------------------------- */

static void failure_mean(SchedFailureDist dist, double shape, const char *stream)
{
    SchedFailureModel fm = { .dist = dist, .mtbf_ns = 1000 * 3600 * SIM_NS_PER_S,
                             .mttr_ns = 4 * 3600 * SIM_NS_PER_S, .weibull_shape = shape };
    g_assert_true(sched_failure_model_check(&fm, NULL));
    SimRng *rng = sim_rng_new(42, stream);
    const int n = 20000;
    double up = 0, down = 0;
    SimTimeNs t = 0;
    for (int i = 0; i < n; i++) {
        SimTimeNs fail_at, back_at;
        sched_failure_next(&fm, rng, t, &fail_at, &back_at);
        g_assert_cmpint(fail_at, >, t);
        g_assert_cmpint(back_at, >=, fail_at);
        up += (double)(fail_at - t);
        down += (double)(back_at - fail_at);
        t = (i % 2) * SIM_NS_PER_S;          /* start times vary; sums stay in range */
    }
    /* Sample mean within 4 standard errors: sd/mean is 1 for the exponential and
     * sqrt(Γ(1+2/k)/Γ(1+1/k)² − 1) ≈ 1.46 for k = 0.7. */
    g_test_message("%s: mean up / MTBF = %.4f, mean repair / MTTR = %.4f (n = %d)", stream,
                   up / n / (double)fm.mtbf_ns, down / n / (double)fm.mttr_ns, n);
    double cv = dist == SCHED_FAILURE_WEIBULL ? 1.46 : 1.0;
    double tol = 4 * cv / sqrt(n);
    g_assert_cmpfloat_with_epsilon(up / n / (double)fm.mtbf_ns, 1.0, tol);
    g_assert_cmpfloat_with_epsilon(down / n / (double)fm.mttr_ns, 1.0, 4 / sqrt(n));
    g_assert_cmpfloat_with_epsilon(sched_failure_availability_frac(&fm), 1000.0 / 1004, 1e-12);
    sim_rng_free(rng);
}

static void test_failure_exponential(void)
{
    failure_mean(SCHED_FAILURE_EXPONENTIAL, 0, "host:h-1/failure");
}

static void test_failure_weibull(void)
{
    failure_mean(SCHED_FAILURE_WEIBULL, 0.7, "host:h-2/failure");
}

static void test_failure_check(void)
{
    GError *err = NULL;
    SchedFailureModel fm = { .dist = SCHED_FAILURE_WEIBULL, .mtbf_ns = 1, .weibull_shape = 0 };
    g_assert_false(sched_failure_model_check(&fm, &err));
    g_assert_error(err, SCHED_ERROR, SCHED_ERROR_FAILURE);
    g_clear_error(&err);
    fm.mtbf_ns = 0;
    g_assert_false(sched_failure_model_check(&fm, &err));
    g_clear_error(&err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/quantum/three-on-one-core", test_quantum_three_on_one);
    g_test_add_func("/sched/quantum/weights-and-cap", test_quantum_weights_and_cap);
    g_test_add_func("/sched/quantum/switch-cost", test_quantum_switch_cost);
    g_test_add_func("/sched/quantum/block-wake", test_quantum_block_wake);
    g_test_add_func("/sched/consolidate/hand-worked", test_consolidation_hand_worked);
    g_test_add_func("/sched/consolidate/all-or-nothing", test_consolidation_all_or_nothing);
    g_test_add_func("/sched/failure/exponential-mean-seed42", test_failure_exponential);
    g_test_add_func("/sched/failure/weibull-mean-seed42", test_failure_weibull);
    g_test_add_func("/sched/failure/check", test_failure_check);
    return g_test_run();
}
