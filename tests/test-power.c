/* tests/test-power.c — power models, host power states, exact energy integration. */
#include <glib.h>
#include <math.h>

#include "sim/core/engine.h"
#include "sim/scheduler/power.h"

static void test_linear_and_table(void)
{
    SchedPowerModel lin = sched_power_linear(100, 250, 0, 0);
    g_assert_cmpfloat(sched_power_watts(&lin, 0), ==, 100);
    g_assert_cmpfloat(sched_power_watts(&lin, 0.5), ==, 175);
    g_assert_cmpfloat(sched_power_watts(&lin, 1), ==, 250);
    g_assert_cmpfloat(sched_power_watts(&lin, 1.7), ==, 250);          /* clamped */
    SchedPowerModel g4;
    g_assert_true(sched_power_builtin("hp-proliant-g4", &g4));
    g_assert_no_error(NULL);
    g_assert_true(sched_power_model_check(&g4, NULL));
    /* Beloglazov & Buyya 2012, Table 1: 86 W idle, 102 W at 50 %, 117 W at 100 %. */
    g_assert_cmpfloat_with_epsilon(sched_power_watts(&g4, 0), 86, 1e-12);
    g_assert_cmpfloat_with_epsilon(sched_power_watts(&g4, 0.5), 102, 1e-12);
    g_assert_cmpfloat_with_epsilon(sched_power_watts(&g4, 1), 117, 1e-12);
    /* 25 %: halfway between 92.6 (20 %) and 96 (30 %). */
    g_assert_cmpfloat_with_epsilon(sched_power_watts(&g4, 0.25), 94.3, 1e-9);
    SchedPowerModel g5;
    g_assert_true(sched_power_builtin("hp-proliant-g5", &g5));
    g_assert_cmpfloat_with_epsilon(sched_power_watts(&g5, 1), 135, 1e-12);
    g_assert_false(sched_power_builtin("nope", &g5));
    g_assert_cmpstr(sched_power_builtin_nth(0), ==, "hp-proliant-g4");
    g_assert_null(sched_power_builtin_nth(2));
}

static void test_model_check(void)
{
    GError *err = NULL;
    SchedPowerModel bad = sched_power_linear(300, 200, 0, 0);
    g_assert_false(sched_power_model_check(&bad, &err));
    g_assert_nonnull(g_strstr_len(err->message, -1, "expected 0 <= idle <= peak"));
    g_clear_error(&err);
    SchedPowerModel t = sched_power_linear(0, 0, 0, 0);
    t.n_points = 2;
    t.point_util_frac[0] = 0.5;
    t.point_util_frac[1] = 0.2;
    g_assert_false(sched_power_model_check(&t, &err));
    g_assert_nonnull(g_strstr_len(err->message, -1, "ascending"));
    g_clear_error(&err);
}

typedef struct { SchedHostPower *hp; double util; } Setter;

static void set_util(SimEngine *eng, void *target, const void *payload)
{
    Setter *s = target;
    sched_host_power_set_util(s->hp, s->util);
}

static const SimEventType set_type = { .name = "test.set", .handle = set_util };

/* Energy at constant load over T = P × T exactly, read at any sampling interval, and the
 * model re-setting the same load on every sample changes nothing. */
static double energy_sampled(SimTimeNs interval_ns, SimTimeNs total_ns, double *sum_of_deltas)
{
    SimEngine *eng = sim_engine_new();
    SchedPowerModel pm = sched_power_linear(100, 250, 0, 0);
    SchedHostPower *hp = sched_host_power_new(eng, &pm, SCHED_POWER_ON, NULL, NULL);
    Setter s = { hp, 0.4 };
    SimEventTypeId t = sim_engine_register(eng, &set_type);
    sched_host_power_set_util(hp, 0.4);
    double last = 0;
    *sum_of_deltas = 0;
    for (SimTimeNs at = interval_ns; at <= total_ns; at += interval_ns) {
        sim_engine_schedule_at(eng, at, t, &s, NULL);
        sim_engine_run_until(eng, at);
        double e = sched_host_power_energy_j(hp);
        *sum_of_deltas += e - last;
        last = e;
    }
    sim_engine_run_until(eng, total_ns);
    double e = sched_host_power_energy_j(hp);
    *sum_of_deltas += e - last;
    sched_host_power_free(hp);
    sim_engine_free(eng);
    return e;
}

static void test_energy_constant_load_exact(void)
{
    SimTimeNs total = 3600 * SIM_NS_PER_S;
    double exact = 160.0 * 3600;                     /* P(0.4) = 100 + 150 × 0.4 = 160 W */
    const SimTimeNs intervals[] = { total, 7 * SIM_NS_PER_S, SIM_NS_PER_S, 250 * SIM_NS_PER_MS };
    for (guint i = 0; i < G_N_ELEMENTS(intervals); i++) {
        double sum;
        double e = energy_sampled(intervals[i], total, &sum);
        g_assert_cmpfloat(e, ==, exact);
        g_assert_cmpfloat_with_epsilon(sum, exact, exact * 1e-12);
    }
}

static void test_energy_piecewise(void)
{
    /* on, util 0 for 10 s (100 W) → util 1 for 5 s (250 W) → shut down (20 s at
     * transition 180 W) → off 0 W for 10 s → boot 30 s at 180 W → on idle 5 s.
     * Energy = 1000 + 1250 + 3600 + 0 + 5400 + 500 = 11750 J. */
    SimEngine *eng = sim_engine_new();
    SchedPowerModel pm = sched_power_linear(100, 250, 30 * SIM_NS_PER_S, 20 * SIM_NS_PER_S);
    pm.transition_w = 180;
    SchedHostPower *hp = sched_host_power_new(eng, &pm, SCHED_POWER_ON, NULL, NULL);
    sim_engine_run_until(eng, 10 * SIM_NS_PER_S);
    sched_host_power_set_util(hp, 1.0);
    sim_engine_run_until(eng, 15 * SIM_NS_PER_S);
    g_assert_true(sched_host_power_off(hp));
    g_assert_false(sched_host_power_off(hp));
    g_assert_cmpint(sched_host_power_state(hp), ==, SCHED_POWER_SHUTTING_DOWN);
    sim_engine_run_until(eng, 35 * SIM_NS_PER_S);
    g_assert_cmpint(sched_host_power_state(hp), ==, SCHED_POWER_OFF);
    sched_host_power_set_util(hp, 0.0);              /* load leaves while off: no effect */
    sim_engine_run_until(eng, 45 * SIM_NS_PER_S);
    g_assert_true(sched_host_power_on(hp));
    sim_engine_run_until(eng, 75 * SIM_NS_PER_S);
    g_assert_cmpint(sched_host_power_state(hp), ==, SCHED_POWER_ON);
    sim_engine_run_until(eng, 80 * SIM_NS_PER_S);
    g_assert_cmpfloat_with_epsilon(sched_host_power_energy_j(hp), 11750, 1e-9);
    g_assert_cmpint(sched_host_power_time_in_ns(hp, SCHED_POWER_ON), ==, 20 * SIM_NS_PER_S);
    g_assert_cmpint(sched_host_power_time_in_ns(hp, SCHED_POWER_BOOTING), ==, 30 * SIM_NS_PER_S);
    g_assert_cmpint(sched_host_power_time_in_ns(hp, SCHED_POWER_OFF), ==, 10 * SIM_NS_PER_S);
    sched_host_power_fail(hp);
    g_assert_cmpint(sched_host_power_state(hp), ==, SCHED_POWER_OFF);
    g_assert_cmpfloat(sched_host_power_watts(hp), ==, 0);
    sched_host_power_free(hp);
    sim_engine_free(eng);
}

static void count_change(SchedHostPower *hp, SchedPowerState s, void *user)
{
    g_string_append_printf(user, "%s ", sched_power_state_name(s));
}

static void test_fail_cancels_boot(void)
{
    SimEngine *eng = sim_engine_new();
    SchedPowerModel pm = sched_power_linear(100, 200, 60 * SIM_NS_PER_S, 0);
    g_autoptr(GString) log = g_string_new(NULL);
    SchedHostPower *hp = sched_host_power_new(eng, &pm, SCHED_POWER_OFF, count_change, log);
    sched_host_power_on(hp);
    sim_engine_run_until(eng, 10 * SIM_NS_PER_S);
    sched_host_power_fail(hp);
    sim_engine_run(eng);
    g_assert_cmpstr(log->str, ==, "booting off ");
    g_assert_cmpfloat_with_epsilon(sched_host_power_energy_j(hp), 2000, 1e-9);  /* 10 s × peak */
    sched_host_power_free(hp);
    sim_engine_free(eng);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/power/linear-and-table", test_linear_and_table);
    g_test_add_func("/sched/power/model-check", test_model_check);
    g_test_add_func("/sched/power/energy-constant-load-exact", test_energy_constant_load_exact);
    g_test_add_func("/sched/power/energy-piecewise", test_energy_piecewise);
    g_test_add_func("/sched/power/fail-cancels-boot", test_fail_cancels_boot);
    return g_test_run();
}
