/* tests/test-share.c — fluid sharing: closed-form cases, caps, weights, completion times,
 * and the max-min invariants on random multi-resource systems. */
#include "sim/core/share.h"

#include <math.h>

static void done_count(SimShare *s, SimConsumer *c, void *owner)
{
    (*(int *)owner)++;
}

static void test_equal_split_and_completion(void)
{
    SimEngine *eng = sim_engine_new();
    SimShare *s = sim_share_new(eng);
    SimResource *cpu = sim_share_resource_new(s, "cpu", 100.0);
    int done = 0;
    SimConsumer *a = sim_share_consumer_new(s, 1, 0, done_count, &done);
    SimConsumer *b = sim_share_consumer_new(s, 1, 0, done_count, &done);
    sim_share_consumer_attach(s, a, cpu);
    sim_share_consumer_attach(s, b, cpu);
    sim_share_consumer_start(s, a, 100.0);   /* alone: 1 s; shared: 2 s */
    sim_share_consumer_start(s, b, 300.0);
    sim_share_flush(s);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(a), 50.0, 1e-9);
    sim_engine_run(eng);
    /* a ends at 2 s; b then has 200 left at rate 100: ends at 4 s. */
    g_assert_cmpint(done, ==, 2);
    g_assert_cmpint(sim_engine_now_ns(eng), ==, 4 * SIM_NS_PER_S);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_consumed(s, b), 300.0, 1e-6);
    sim_share_free(s);
    sim_engine_free(eng);
}

static void test_caps_and_weights(void)
{
    SimEngine *eng = sim_engine_new();
    SimShare *s = sim_share_new(eng);
    SimResource *cpu = sim_share_resource_new(s, "cpu", 90.0);
    SimConsumer *capped = sim_share_consumer_new(s, 1, 10.0, NULL, NULL);
    SimConsumer *w1 = sim_share_consumer_new(s, 1, 0, NULL, NULL);
    SimConsumer *w3 = sim_share_consumer_new(s, 3, 0, NULL, NULL);
    SimConsumer *all[] = { capped, w1, w3 };
    for (int i = 0; i < 3; i++) {
        sim_share_consumer_attach(s, all[i], cpu);
        sim_share_consumer_start(s, all[i], INFINITY);
    }
    sim_share_flush(s);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(capped), 10.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(w1), 20.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(w3), 60.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_share_resource_used(cpu), 90.0, 1e-9);
    sim_share_consumer_stop(s, w3);
    sim_share_flush(s);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(w1), 80.0, 1e-9);
    sim_share_free(s);
    sim_engine_free(eng);
}

static void test_efficiency_stretches_completion(void)
{
    SimEngine *eng = sim_engine_new();
    SimShare *s = sim_share_new(eng);
    SimResource *cpu = sim_share_resource_new(s, "cpu", 100.0);
    int done = 0;
    SimConsumer *a = sim_share_consumer_new(s, 1, 0, done_count, &done);
    sim_share_consumer_attach(s, a, cpu);
    sim_share_consumer_set_efficiency(s, a, 0.8);
    sim_share_consumer_start(s, a, 100.0);
    sim_engine_run(eng);
    g_assert_cmpint(sim_engine_now_ns(eng), ==, 1250 * SIM_NS_PER_MS);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_consumed(s, a), 125.0, 1e-6);
    sim_share_free(s);
    sim_engine_free(eng);
}

/* Random systems: R resources, C consumers over 1-3 resources each, random weights/caps. */
static void check_invariants(SimShare *s, GPtrArray *res, GPtrArray *cons, GArray *links)
{
    for (guint i = 0; i < res->len; i++) {
        SimResource *r = g_ptr_array_index(res, i);
        g_assert_cmpfloat(sim_share_resource_used(r), <=,
                          sim_share_resource_capacity(r) * (1 + 1e-9) + 1e-9);
    }
    /* Max-min: each consumer is at its cap or crosses a saturated resource on which its
     * rate/weight is the largest (so raising it needs lowering one with no larger share). */
    for (guint i = 0; i < cons->len; i++) {
        SimConsumer *c = g_ptr_array_index(cons, i);
        double *cap = g_ptr_array_index((GPtrArray *)links, i);   /* [cap, weight, r0, r1, r2] */
        double rate = sim_share_consumer_rate(c), w = cap[1];
        g_assert_cmpfloat(rate, <=, cap[0] * (1 + 1e-9));
        if (rate >= cap[0] * (1 - 1e-9))
            continue;
        gboolean bottleneck = FALSE;
        for (int k = 2; k < 5 && cap[k] >= 0; k++) {
            SimResource *r = g_ptr_array_index(res, (guint)cap[k]);
            if (sim_share_resource_used(r) < sim_share_resource_capacity(r) * (1 - 1e-9))
                continue;
            gboolean largest = TRUE;
            for (guint j = 0; j < cons->len; j++) {
                double *o = g_ptr_array_index((GPtrArray *)links, j);
                gboolean crosses = FALSE;
                for (int m = 2; m < 5 && o[m] >= 0; m++)
                    crosses |= o[m] == cap[k];
                double other = sim_share_consumer_rate(g_ptr_array_index(cons, j)) / o[1];
                if (crosses && other > rate / w * (1 + 1e-9))
                    largest = FALSE;
            }
            bottleneck |= largest;
        }
        g_assert_true(bottleneck);
    }
}

static void test_random_invariants(void)
{
    GRand *rand = g_rand_new_with_seed(7);
    for (int trial = 0; trial < 200; trial++) {
        SimEngine *eng = sim_engine_new();
        SimShare *s = sim_share_new(eng);
        GPtrArray *res = g_ptr_array_new(), *cons = g_ptr_array_new();
        GPtrArray *links = g_ptr_array_new_with_free_func(g_free);
        int nr = g_rand_int_range(rand, 1, 6), nc = g_rand_int_range(rand, 1, 12);
        for (int i = 0; i < nr; i++)
            g_ptr_array_add(res, sim_share_resource_new(s, "r", g_rand_double_range(rand, 1, 100)));
        for (int i = 0; i < nc; i++) {
            double *l = g_new(double, 5);
            l[0] = g_rand_boolean(rand) ? g_rand_double_range(rand, 0.5, 50) : INFINITY;
            l[1] = g_rand_double_range(rand, 0.1, 5);
            int k = g_rand_int_range(rand, 1, 4);
            SimConsumer *c = sim_share_consumer_new(s, l[1], l[0], NULL, NULL);
            for (int m = 0; m < 3; m++) {
                l[2 + m] = -1;
                if (m >= k)
                    continue;
                int r = g_rand_int_range(rand, 0, nr);
                gboolean dup = FALSE;
                for (int q = 0; q < m; q++)
                    dup |= l[2 + q] == r;
                if (dup)
                    continue;
                l[2 + m] = r;
                sim_share_consumer_attach(s, c, g_ptr_array_index(res, r));
            }
            /* compact: drop -1 gaps */
            for (int m = 2, w = 2; m < 5; m++)
                if (l[m] >= 0) { l[w] = l[m]; if (w != m) l[m] = -1; w++; }
            sim_share_consumer_start(s, c, INFINITY);
            g_ptr_array_add(cons, c);
            g_ptr_array_add(links, l);
        }
        sim_share_flush(s);
        check_invariants(s, res, cons, (GArray *)links);
        g_ptr_array_free(res, TRUE);
        g_ptr_array_free(cons, TRUE);
        g_ptr_array_free(links, TRUE);
        sim_share_free(s);
        sim_engine_free(eng);
    }
    g_rand_free(rand);
}

/* A component of one resource (a host's CPU and its VMs) is filled by a sorted pass
 * (fill_one_resource); the same consumers also attached to a resource of infinite capacity
 * take the general progressive fill, whose arithmetic on the first resource is the same.
 * The rates must be equal bit for bit: ties, caps within the 1e-12 tolerance, uncapped
 * consumers, saturated and unsaturated hosts, and more consumers than insertion sorts. */
static void test_one_resource_fill_is_exact(void)
{
    GRand *rand = g_rand_new_with_seed(11);
    for (int trial = 0; trial < 400; trial++) {
        SimEngine *eng = sim_engine_new();
        SimShare *fast = sim_share_new(eng), *slow = sim_share_new(eng);
        double capacity = g_rand_double_range(rand, 1, 100);
        SimResource *rf = sim_share_resource_new(fast, "h", capacity);
        SimResource *rs = sim_share_resource_new(slow, "h", capacity);
        SimResource *pad = sim_share_resource_new(slow, "pad", INFINITY);
        int n = trial % 5 == 0 ? g_rand_int_range(rand, 33, 80) : g_rand_int_range(rand, 2, 12);
        SimConsumer *cf[80], *cs[80];
        double shared_cap = g_rand_double_range(rand, 0.5, 20);
        for (int i = 0; i < n; i++) {
            double w = g_rand_boolean(rand) ? 1 : g_rand_double_range(rand, 0.5, 4);
            int kind = g_rand_int_range(rand, 0, 4);
            double cap = kind == 0 ? 0 : kind == 1 ? shared_cap
                         : kind == 2 ? shared_cap * (1 + 1e-13 * g_rand_int_range(rand, 1, 20))
                                     : g_rand_double_range(rand, 0.1, 30);
            cf[i] = sim_share_consumer_new(fast, w, cap, NULL, NULL);
            cs[i] = sim_share_consumer_new(slow, w, cap, NULL, NULL);
            sim_share_consumer_attach(fast, cf[i], rf);
            sim_share_consumer_attach(slow, cs[i], rs);
            sim_share_consumer_attach(slow, cs[i], pad);
            sim_share_consumer_start(fast, cf[i], INFINITY);
            sim_share_consumer_start(slow, cs[i], INFINITY);
        }
        sim_share_flush(fast);
        sim_share_flush(slow);
        for (int i = 0; i < n; i++)
            if (sim_share_consumer_rate(cf[i]) != sim_share_consumer_rate(cs[i]))
                g_error("trial %d consumer %d: %.17g != %.17g", trial, i,
                        sim_share_consumer_rate(cf[i]), sim_share_consumer_rate(cs[i]));
        g_assert_cmpfloat(sim_share_resource_used(rf), ==, sim_share_resource_used(rs));
        sim_share_free(fast);
        sim_share_free(slow);
        sim_engine_free(eng);
    }
    g_rand_free(rand);
}

/* Solving is per component: a change on one host does not re-solve another. */
static void test_components_are_independent(void)
{
    SimEngine *eng = sim_engine_new();
    SimShare *s = sim_share_new(eng);
    SimResource *h1 = sim_share_resource_new(s, "h1", 10), *h2 = sim_share_resource_new(s, "h2", 10);
    SimConsumer *a = sim_share_consumer_new(s, 1, 0, NULL, NULL);
    SimConsumer *b = sim_share_consumer_new(s, 1, 0, NULL, NULL);
    sim_share_consumer_attach(s, a, h1);
    sim_share_consumer_attach(s, b, h2);
    sim_share_consumer_start(s, a, INFINITY);
    sim_share_consumer_start(s, b, INFINITY);
    sim_share_flush(s);
    uint64_t before = sim_share_solves(s);
    sim_share_consumer_set_cap(s, a, 4);
    sim_share_flush(s);
    g_assert_cmpuint(sim_share_solves(s) - before, ==, 1);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(a), 4, 1e-12);
    g_assert_cmpfloat_with_epsilon(sim_share_consumer_rate(b), 10, 1e-12);
    sim_share_free(s);
    sim_engine_free(eng);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim/share/equal-split-and-completion", test_equal_split_and_completion);
    g_test_add_func("/sim/share/caps-and-weights", test_caps_and_weights);
    g_test_add_func("/sim/share/efficiency-stretches-completion",
                    test_efficiency_stretches_completion);
    g_test_add_func("/sim/share/random-max-min-invariants/seed=7", test_random_invariants);
    g_test_add_func("/sim/share/components-are-independent", test_components_are_independent);
    g_test_add_func("/sim/share/one-resource-fill-is-exact", test_one_resource_fill_is_exact);
    return g_test_run();
}
