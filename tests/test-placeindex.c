/* tests/test-placeindex.c — the best-fit, worst-fit and balanced index (sim/scheduler/placeindex.h)
 * against the scan it replaces (sched_place): the same host for every request, over random
 * datacenters that fill and drain as the choices are applied. */
#include <glib.h>
#include <string.h>

#include "sim/scheduler/consolidate.h"
#include "sim/scheduler/placeindex.h"

#define GIB ((uint64_t)1 << 30)

typedef struct {
    GRand          *rng;
    SchedOvercommit oc;
    SchedHostView  *h;
    guint           n;
    guint           reject_mod;   /* `admit` turns away hosts with index % reject_mod == 1 */
} World;

static gboolean admit(guint host, void *user)
{
    const World *w = user;
    return w->reject_mod == 0 || host % w->reject_mod != 1;
}

/* Heterogeneous hosts in a few shapes (so ties are common), some off, some odd sizes. */
static void world_new(World *w, guint32 seed)
{
    static const int cores[] = { 4, 8, 16, 32, 6 };
    static const uint64_t mem[] = { 16 * GIB, 32 * GIB, 64 * GIB, 128 * GIB, 3 * GIB + 12345 };
    static const double ocs_cpu[] = { 1, 1.5, 2, 4, 1.3 };
    static const double ocs_mem[] = { 1, 1.2, 1.5, 0.9 };
    w->rng = g_rand_new_with_seed(seed);
    w->n = (guint)g_rand_int_range(w->rng, 1, 300);
    w->oc = (SchedOvercommit){ ocs_cpu[g_rand_int_range(w->rng, 0, 5)],
                               ocs_mem[g_rand_int_range(w->rng, 0, 4)] };
    w->reject_mod = g_rand_boolean(w->rng) ? (guint)g_rand_int_range(w->rng, 2, 9) : 0;
    w->h = g_new0(SchedHostView, w->n);
    guint shapes = (guint)g_rand_int_range(w->rng, 1, 6);
    gboolean fresh = g_rand_boolean(w->rng);   /* all empty: ties everywhere */
    for (guint i = 0; i < w->n; i++) {
        guint s = (guint)g_rand_int_range(w->rng, 0, (gint32)shapes);
        SchedHostView *v = &w->h[i];
        *v = (SchedHostView){ .index = (int)i, .cores = cores[s], .memory_bytes = mem[s],
                              .powered_on = g_rand_double(w->rng) < 0.85 };
        if (!fresh) {
            int lim = (int)(v->cores * w->oc.cpu);
            v->vcpus_used = g_rand_int_range(w->rng, 0, lim + 1);
            v->memory_used_bytes = (uint64_t)g_rand_int_range(w->rng, 0, 9) * v->memory_bytes / 8;
            if (g_rand_boolean(w->rng))
                v->util_frac = g_rand_int_range(w->rng, 0, 5) / 4.0;
            else
                v->util_frac = g_rand_double(w->rng);
        }
    }
}

/* What the datacenter's scan sees: every host but `exclude`, turned-away hosts as off. */
static int scan(const World *w, const SchedPlacementOps *ops, const SchedRequest *r, int exclude)
{
    g_autofree SchedHostView *v = g_new(SchedHostView, w->n);
    guint k = 0;
    for (guint i = 0; i < w->n; i++) {
        if ((int)i == exclude)
            continue;
        v[k] = w->h[i];
        if (!admit(i, (void *)w))
            v[k].powered_on = FALSE;
        k++;
    }
    return sched_place(ops, v, k, r, &w->oc).host_index;
}

static void run_world(const SchedPlacementOps *ops, guint32 seed, guint *placed, guint *none)
{
    World w;
    world_new(&w, seed);
    SchedPlaceIndex *ix = sched_place_index_new(w.n, ops, &w.oc);
    g_assert_nonnull(ix);
    for (guint i = 0; i < w.n; i++)
        sched_place_index_set(ix, i, &w.h[i]);
    for (guint step = 0; step < 400; step++) {
        SchedRequest r = { .vcpus = g_rand_int_range(w.rng, 1, 9),
                           .memory_bytes = (uint64_t)g_rand_int_range(w.rng, 1, 17) * GIB / 2 };
        int exclude = g_rand_double(w.rng) < 0.2 ? g_rand_int_range(w.rng, 0, (gint32)w.n) : -1;
        int want = scan(&w, ops, &r, exclude);
        int got = sched_place_index_choose(ix, &r, exclude, w.reject_mod ? admit : NULL, &w);
        if (got != want)
            g_error("%s seed %u step %u: index %d, scan %d", ops->name, seed, step, got, want);
        guint u = (guint)g_rand_int_range(w.rng, 0, (gint32)w.n);
        if (want >= 0) {                    /* apply it, as the datacenter would */
            (*placed)++;
            u = (guint)want;
            w.h[u].vcpus_used += r.vcpus;
            w.h[u].memory_used_bytes += r.memory_bytes;
            w.h[u].util_frac = MIN(1.0, w.h[u].util_frac + 0.125);
        } else {                            /* nothing fits: a host drains or powers */
            (*none)++;
            w.h[u].vcpus_used = 0;
            w.h[u].memory_used_bytes = 0;
            w.h[u].util_frac = 0;
        }
        if (g_rand_double(w.rng) < 0.05)
            w.h[u].powered_on = !w.h[u].powered_on;
        sched_place_index_set(ix, u, &w.h[u]);
    }
    sched_place_index_free(ix);
    g_free(w.h);
    g_rand_free(w.rng);
}

static void test_differential(gconstpointer data)
{
    const SchedPlacementOps *ops = sched_placement_lookup(data);
    guint placed = 0, none = 0;
    for (guint32 seed = 1; seed <= 150; seed++)
        run_world(ops, seed, &placed, &none);
    g_assert_cmpuint(placed, >, 10000);     /* both outcomes are exercised */
    g_assert_cmpuint(none, >, 1000);
}

/* Forty alike empty hosts: every one ties, the index returns the first and visits few. */
static void test_ties(void)
{
    const char *names[] = { "best-fit", "worst-fit", "balanced" };
    SchedOvercommit oc = { 1, 1 };
    for (guint p = 0; p < G_N_ELEMENTS(names); p++) {
        SchedPlaceIndex *ix = sched_place_index_new(40, sched_placement_lookup(names[p]), &oc);
        for (guint i = 0; i < 40; i++)
            sched_place_index_set(ix, i, &(SchedHostView){ .index = (int)i, .cores = 8,
                                                         .memory_bytes = 32 * GIB,
                                                         .powered_on = i >= 3 });
        SchedRequest r = { .vcpus = 2, .memory_bytes = GIB };
        g_assert_cmpint(sched_place_index_choose(ix, &r, -1, NULL, NULL), ==, 3);
        g_assert_cmpint(sched_place_index_choose(ix, &r, 3, NULL, NULL), ==, 4);
        r.vcpus = 9;
        g_assert_cmpint(sched_place_index_choose(ix, &r, -1, NULL, NULL), ==, -1);
        sched_place_index_free(ix);
    }
    g_assert_null(sched_place_index_new(4, &sched_first_fit_ops, &oc));
}

static void plans_equal(const SchedPlan *a, const SchedPlan *b, const char *what, guint32 seed)
{
    gboolean same = a->unplaced == b->unplaced && a->moves->len == b->moves->len &&
                    a->power_on->len == b->power_on->len && a->power_off->len == b->power_off->len;
    for (guint i = 0; same && i < a->moves->len; i++)
        same = memcmp(&g_array_index(a->moves, SchedMove, i),
                      &g_array_index(b->moves, SchedMove, i), sizeof(SchedMove)) == 0;
    for (guint i = 0; same && i < a->power_on->len; i++)
        same = g_array_index(a->power_on, int, i) == g_array_index(b->power_on, int, i);
    for (guint i = 0; same && i < a->power_off->len; i++)
        same = g_array_index(a->power_off, int, i) == g_array_index(b->power_off, int, i);
    if (!same)
        g_error("consolidation with %s, seed %u: the index's plan differs from the scan's",
                what, seed);
}

/* Consolidation chooses destinations through the index too: its plans equal those of the
 * scan (a copy of the policy, which has no index), over random loads and groups. */
static void test_consolidation(gconstpointer data)
{
    const SchedPlacementOps *ops = sched_placement_lookup(data);
    SchedPlacementOps scan_only = *ops;
    static const char *const groups[] = { "a", "b", NULL };
    guint moves = 0;
    for (guint32 seed = 1; seed <= 150; seed++) {
        World w;
        world_new(&w, seed);
        for (guint i = 0; i < w.n; i++) {
            w.h[i].vcpus_used = 0;
            w.h[i].memory_used_bytes = 0;
            w.h[i].util_frac = 0;
            w.h[i].capacity_cycles_per_s = w.h[i].cores * 2.5e9;
        }
        guint n_vms = (guint)g_rand_int_range(w.rng, 0, 4 * (gint32)w.n);
        g_autofree SchedVmLoad *vms = g_new0(SchedVmLoad, MAX(n_vms, 1));
        guint k = 0;
        for (guint v = 0; v < n_vms; v++) {
            guint hi = (guint)g_rand_int_range(w.rng, 0, (gint32)w.n);
            SchedHostView *h = &w.h[hi];
            int vcpus = g_rand_int_range(w.rng, 1, 5);
            if (!h->powered_on || h->vcpus_used + vcpus > h->cores * w.oc.cpu)
                continue;
            double load = vcpus * 2.5e9 * g_rand_int_range(w.rng, 0, 11) / 10.0;
            vms[k] = (SchedVmLoad){ .vm_index = (int)k, .host = hi, .vcpus = vcpus,
                                    .memory_bytes = (uint64_t)g_rand_int_range(w.rng, 1, 5) * GIB,
                                    .load_cycles_per_s = load,
                                    .anti_affinity = groups[g_rand_int_range(w.rng, 0, 6) % 3],
                                    .movable = g_rand_double(w.rng) < 0.95 };
            h->vcpus_used += vcpus;
            h->memory_used_bytes += vms[k].memory_bytes;
            h->util_frac += load / h->capacity_cycles_per_s;
            k++;
        }
        g_autofree const char ***hg = g_new0(const char **, w.n);
        for (guint v = 0; v < k; v++)           /* each host's groups, as the datacenter says */
            if (vms[v].anti_affinity) {
                guint hi = vms[v].host, len = 0;
                while (hg[hi] && hg[hi][len])
                    len++;
                hg[hi] = g_renew(const char *, hg[hi], len + 2);
                hg[hi][len] = vms[v].anti_affinity;
                hg[hi][len + 1] = NULL;
                w.h[hi].groups = hg[hi];
            }
        SchedConsolidateParams p = { .low_frac = g_rand_double_range(w.rng, 0.1, 0.4),
                                     .high_frac = g_rand_double_range(w.rng, 0.5, 0.9),
                                     .placement = ops, .overcommit = w.oc,
                                     .min_hosts_on = (guint)g_rand_int_range(w.rng, 1, 4) };
        SchedPlan a, b;
        sched_plan_init(&a);
        sched_plan_init(&b);
        sched_consolidate(w.h, w.n, vms, k, &p, &a);
        p.placement = &scan_only;
        sched_consolidate(w.h, w.n, vms, k, &p, &b);
        plans_equal(&a, &b, ops->name, seed);
        moves += a.moves->len;
        sched_plan_clear(&a);
        sched_plan_clear(&b);
        for (guint i = 0; i < w.n; i++)
            g_free(hg[i]);
        g_free(w.h);
        g_rand_free(w.rng);
    }
    g_assert_cmpuint(moves, >, 1000);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_data_func("/sched/placeindex/best-fit", "best-fit", test_differential);
    g_test_add_data_func("/sched/placeindex/worst-fit", "worst-fit", test_differential);
    g_test_add_data_func("/sched/placeindex/balanced", "balanced", test_differential);
    g_test_add_func("/sched/placeindex/ties", test_ties);
    g_test_add_data_func("/sched/placeindex/consolidation/best-fit", "best-fit",
                         test_consolidation);
    g_test_add_data_func("/sched/placeindex/consolidation/worst-fit", "worst-fit",
                         test_consolidation);
    g_test_add_data_func("/sched/placeindex/consolidation/balanced", "balanced",
                         test_consolidation);
    return g_test_run();
}
