/* tests/test-placement.c — placement policies on hand-worked examples, and rejections. */
#include <glib.h>

#include "sim/scheduler/placement.h"

#define GIB ((uint64_t)1 << 30)

static const SchedOvercommit oc1 = { .cpu = 1.0, .memory = 1.0 };

/* Three 8-core, 32 GiB hosts:
 *   h0: 6 vCPUs, 8 GiB used, util 0.70   room after a 2-vCPU 8 GiB VM: 0/8 + 16/32 = 0.50
 *   h1: 2 vCPUs, 24 GiB used, util 0.10  room after: 4/8 + 0/32 = 0.50 → tie with h0
 *   h2: 1 vCPU, 4 GiB used, util 0.30    room after: 5/8 + 20/32 = 1.25
 * h3 is 8 cores 32 GiB, empty, util 0.05, but sits last. */
static void hosts_example(SchedHostView *h)
{
    h[0] = (SchedHostView){ .index = 10, .cores = 8, .vcpus_used = 6, .memory_bytes = 32 * GIB,
                            .memory_used_bytes = 8 * GIB, .util_frac = 0.70, .powered_on = TRUE };
    h[1] = (SchedHostView){ .index = 11, .cores = 8, .vcpus_used = 2, .memory_bytes = 32 * GIB,
                            .memory_used_bytes = 24 * GIB, .util_frac = 0.10, .powered_on = TRUE };
    h[2] = (SchedHostView){ .index = 12, .cores = 8, .vcpus_used = 1, .memory_bytes = 32 * GIB,
                            .memory_used_bytes = 4 * GIB, .util_frac = 0.30, .powered_on = TRUE };
    h[3] = (SchedHostView){ .index = 13, .cores = 8, .vcpus_used = 0, .memory_bytes = 32 * GIB,
                            .memory_used_bytes = 0, .util_frac = 0.05, .powered_on = TRUE };
}

static int place_with(const char *policy, const SchedHostView *h, guint n, const SchedRequest *r)
{
    const SchedPlacementOps *ops = sched_placement_lookup(policy);
    g_assert_nonnull(ops);
    return sched_place(ops, h, n, r, &oc1).host_index;
}

static void test_policies_hand_worked(void)
{
    SchedHostView h[4];
    hosts_example(h);
    SchedRequest r = { .vcpus = 2, .memory_bytes = 8 * GIB };
    g_assert_cmpint(place_with("first-fit", h, 4, &r), ==, 10);
    g_assert_cmpint(place_with("best-fit", h, 4, &r), ==, 10);    /* tie 0.50 → lowest */
    g_assert_cmpint(place_with("worst-fit", h, 4, &r), ==, 13);   /* 6/8 + 24/32 = 1.5 */
    g_assert_cmpint(place_with("balanced", h, 4, &r), ==, 13);    /* util 0.05 */
    /* A 3-vCPU VM no longer fits h0 (6 + 3 > 8): best-fit then takes h1 (3/8 + 0 = 0.375). */
    r.vcpus = 3;
    g_assert_cmpint(place_with("first-fit", h, 4, &r), ==, 11);
    g_assert_cmpint(place_with("best-fit", h, 4, &r), ==, 11);
    /* Balanced ties by position: equal utilizations pick the first. */
    h[3].util_frac = h[1].util_frac;
    g_assert_cmpint(place_with("balanced", h, 4, &r), ==, 11);
}

static void test_overcommit(void)
{
    SchedHostView h[4];
    hosts_example(h);
    SchedRequest r = { .vcpus = 10, .memory_bytes = GIB };
    const SchedPlacementOps *ff = sched_placement_lookup("first-fit");
    SchedPlaceResult res = sched_place(ff, h, 4, &r, &oc1);
    g_assert_cmpint(res.host_index, ==, -1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_CPU);
    SchedOvercommit oc2 = { .cpu = 2.0, .memory = 1.0 };       /* 16 vCPUs per host */
    res = sched_place(ff, h, 4, &r, &oc2);
    g_assert_cmpint(res.host_index, ==, 10);                    /* 6 + 10 = 16 */
    g_assert_cmpuint(res.position, ==, 0);
}

static void test_reject_reasons(void)
{
    SchedHostView h[4];
    hosts_example(h);
    const SchedPlacementOps *bf = sched_placement_lookup("best-fit");
    SchedRequest r = { .vcpus = 1, .memory_bytes = 33 * GIB };
    SchedPlaceResult res = sched_place(bf, h, 4, &r, &oc1);
    g_assert_cmpint(res.host_index, ==, -1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_MEMORY);
    g_assert_nonnull(g_strstr_len(res.reason, -1, "memory"));
    g_assert_cmpuint(res.hosts_short[SCHED_SHORT_MEMORY], ==, 4);

    r = (SchedRequest){ .vcpus = 9, .memory_bytes = GIB };
    res = sched_place(bf, h, 4, &r, &oc1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_CPU);
    g_assert_nonnull(g_strstr_len(res.reason, -1, "CPU"));

    const char *const gpu[] = { "gpu", NULL };
    const char *const two_gpus[] = { "gpu", "gpu", NULL };
    h[2].devices_free = gpu;
    r = (SchedRequest){ .vcpus = 1, .memory_bytes = GIB, .devices = two_gpus };
    res = sched_place(bf, h, 4, &r, &oc1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_DEVICE);
    r.devices = gpu;
    g_assert_cmpint(sched_place(bf, h, 4, &r, &oc1).host_index, ==, 12);

    const char *const db[] = { "db", NULL };
    for (int i = 0; i < 4; i++)
        h[i].groups = db;
    r = (SchedRequest){ .vcpus = 1, .memory_bytes = GIB, .anti_affinity = "db" };
    res = sched_place(bf, h, 4, &r, &oc1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_ANTI_AFFINITY);
    g_assert_cmpstr(sched_short_name(res.shortage), ==, "anti_affinity");
    h[3].groups = NULL;
    g_assert_cmpint(sched_place(bf, h, 4, &r, &oc1).host_index, ==, 13);

    for (int i = 0; i < 4; i++)
        h[i].powered_on = FALSE;
    res = sched_place(bf, h, 4, &r, &oc1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_POWER);
    g_assert_cmpstr(res.reason, ==, "all hosts are off");
    /* Hosts that are off do not hide the real shortage of the ones that are on. */
    h[1].powered_on = TRUE;
    h[1].groups = db;
    res = sched_place(bf, h, 4, &r, &oc1);
    g_assert_cmpint(res.shortage, ==, SCHED_SHORT_ANTI_AFFINITY);
}

static void test_table(void)
{
    g_autofree char *names = sched_placement_names();
    g_assert_cmpstr(names, ==, "first-fit, best-fit, worst-fit or balanced");
    guint n = 0;
    while (sched_placement_nth(n)) {
        g_assert_true(sched_placement_lookup(sched_placement_nth(n)->name) == sched_placement_nth(n));
        g_assert_nonnull(sched_placement_nth(n)->description);
        n++;
    }
    g_assert_cmpuint(n, ==, 4);
    g_assert_null(sched_placement_lookup("random-fit"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/placement/hand-worked", test_policies_hand_worked);
    g_test_add_func("/sched/placement/overcommit", test_overcommit);
    g_test_add_func("/sched/placement/reject-reasons", test_reject_reasons);
    g_test_add_func("/sched/placement/table", test_table);
    return g_test_run();
}
