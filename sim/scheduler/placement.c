/* sim/scheduler/placement.c — feasibility, the policy table and the choice; see placement.h. */
#include "sim/scheduler/placement.h"

#include <math.h>
#include <string.h>

static const SchedPlacementOps *const sched_placements[] = {
    &sched_first_fit_ops, &sched_best_fit_ops, &sched_worst_fit_ops, &sched_balanced_ops,
};

const SchedPlacementOps *sched_placement_nth(guint i)
{
    return i < G_N_ELEMENTS(sched_placements) ? sched_placements[i] : NULL;
}

const SchedPlacementOps *sched_placement_lookup(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(sched_placements); i++)
        if (g_strcmp0(sched_placements[i]->name, name) == 0)
            return sched_placements[i];
    return NULL;
}

char *sched_placement_names(void)
{
    GString *s = g_string_new(NULL);
    guint n = G_N_ELEMENTS(sched_placements);
    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, i + 1 == n ? " or " : ", ");
        g_string_append(s, sched_placements[i]->name);
    }
    return g_string_free(s, FALSE);
}

static gboolean strv_has(const char *const *v, const char *s)
{
    for (; v && *v; v++)
        if (strcmp(*v, s) == 0)
            return TRUE;
    return FALSE;
}

static guint strv_count(const char *const *v, const char *s)
{
    guint n = 0;
    for (; v && *v; v++)
        n += strcmp(*v, s) == 0;
    return n;
}

/* Every required kind is free at least as many times as it is required. */
static gboolean devices_fit(const char *const *free, const char *const *need)
{
    for (const char *const *d = need; d && *d; d++)
        if (strv_count(need, *d) > strv_count(free, *d))
            return FALSE;
    return TRUE;
}

SchedShort sched_host_check(const SchedHostView *h, const SchedRequest *req,
                            const SchedOvercommit *oc)
{
    if (!h->powered_on)
        return SCHED_SHORT_POWER;
    if (req->anti_affinity && strv_has(h->groups, req->anti_affinity))
        return SCHED_SHORT_ANTI_AFFINITY;
    if (!devices_fit(h->devices_free, req->devices))
        return SCHED_SHORT_DEVICE;
    if (h->vcpus_used + req->vcpus > h->cores * oc->cpu + 1e-9)
        return SCHED_SHORT_CPU;
    if ((double)h->memory_used_bytes + (double)req->memory_bytes >
        (double)h->memory_bytes * oc->memory * (1 + 1e-12))
        return SCHED_SHORT_MEMORY;
    return SCHED_SHORT_NONE;
}

const char *sched_short_reason(SchedShort s)
{
    switch (s) {
    case SCHED_SHORT_NONE:          return NULL;
    case SCHED_SHORT_POWER:         return "all hosts are off";
    case SCHED_SHORT_ANTI_AFFINITY: return "anti-affinity: every host runs a VM of the group";
    case SCHED_SHORT_DEVICE:        return "device: no host has the required devices free";
    case SCHED_SHORT_CPU:           return "CPU: not enough vCPU room (cores x overcommit.cpu)";
    case SCHED_SHORT_MEMORY:        return "memory: not enough room (memory x overcommit.memory)";
    case SCHED_SHORT_N:             break;
    }
    g_assert_not_reached();
}

const char *sched_short_name(SchedShort s)
{
    static const char *const names[SCHED_SHORT_N] = {
        "none", "power", "anti_affinity", "device", "cpu", "memory",
    };
    g_assert(s < SCHED_SHORT_N);
    return names[s];
}

/* The shortage that stopped the most hosts; ties by check order.  Hosts that are off count
 * only when every host is off (then power is the only reason). */
static SchedShort main_shortage(const guint *count, guint n)
{
    if (count[SCHED_SHORT_POWER] == n)
        return SCHED_SHORT_POWER;
    SchedShort best = SCHED_SHORT_ANTI_AFFINITY;
    for (SchedShort s = SCHED_SHORT_DEVICE; s < SCHED_SHORT_N; s++)
        if (count[s] > count[best])
            best = s;
    return best;
}

SchedPlaceResult sched_place(const SchedPlacementOps *ops, const SchedHostView *hosts, guint n,
                             const SchedRequest *req, const SchedOvercommit *oc)
{
    g_return_val_if_fail(ops && ops->score && req && oc, (SchedPlaceResult){ .host_index = -1 });
    SchedPlaceResult res = { .host_index = -1 };
    double best = INFINITY;
    for (guint i = 0; i < n; i++) {
        const SchedHostView *h = &hosts[i];
        SchedShort s = sched_host_check(h, req, oc);
        res.hosts_short[s]++;
        if (s != SCHED_SHORT_NONE)
            continue;
        double score = ops->score(h, req, h->cores * oc->cpu, (double)h->memory_bytes * oc->memory);
        if (res.host_index < 0 || score < best) {
            best = score;
            res.host_index = h->index;
            res.position = i;
        }
    }
    if (res.host_index < 0) {
        res.shortage = n == 0 ? SCHED_SHORT_POWER : main_shortage(res.hosts_short, n);
        res.reason = sched_short_reason(res.shortage);
    }
    return res;
}
