/* sim/dc/dom0.c — Xen's driver domain (dom0) as an entity on a running host.
 *
 * A host with `driver_domain: { vcpus, memory }` (a hypervisor that keeps its drivers in a
 * driver domain) runs dom0 as a consumer of its own on the host's CPU, capped at its vCPUs,
 * and holds its memory as a domain of the frame map.  The back-end work of every guest I/O
 * stream whose path goes through dom0 (paravirtual split drivers, emulated devices; not
 * passthrough) is charged to dom0 instead of the guest: the guest's `io` overhead term moves
 * to dom0's demand (cycles/s).  When dom0 gets less CPU than its demand (its vCPUs, or a
 * contended host), the share served, served = rate / demand, scales the throughput of every
 * stream through it.  A crashed dom0 (sim_dcctl_driver_domain_fail) does no work.
 *
 * Units: cycles/s; fractions 0..1.  Only files of sim/dc call these (dc-priv.h).
 */
#include "sim/dc/dc-priv.h"

#include <math.h>

#include "sim/dc/devices.h"
#include "sim/dc/virtcost.h"
#include "sim/memory/partition.h"
#include "sim/hypervisor/overhead.h"

static void dd_never_done(SimShare *share, SimConsumer *c, void *owner)
{
    g_assert_not_reached();         /* dom0 runs until the end */
}

static double dd_capacity_cycles_per_s(const SimHost *h)
{
    return h->cfg->dd_vcpus * h->cfg->freq_hz;
}

/* The rate changed in a solve: its consequence (the streams' throughput) is applied by an
 * event of the same instant, outside the solver. */
static void dd_rate_changed(SimConsumer *c, void *user)
{
    SimHost *h = user;
    SimDc *m = h->model;
    SimTimeNs now = sim_engine_now_ns(m->eng);
    double rate = sim_share_consumer_rate(c);
    double served = h->dd_demand_cycles_per_s > 0 ? MIN(1.0, rate / h->dd_demand_cycles_per_s) : 1;
    sim_gauge_set(&h->dd_util, now, rate / dd_capacity_cycles_per_s(h));
    if (fabs(served - h->dd_served_frac) <= 1e-12 || h->dd_pending)
        return;
    h->dd_pending = TRUE;
    sim_engine_schedule(m->eng, 0, m->ev_dd, h, NULL);
}

static void on_dd_changed(SimEngine *eng, void *target, const void *payload)
{
    SimHost *h = target;
    h->dd_pending = FALSE;
    sim_io_host_changed(h->model->io, h);
}

void sim_dd_register(SimDc *m)
{
    static const SimEventType changed = { .name = "dc.driver_domain_changed",
                                          .handle = on_dd_changed };
    m->ev_dd = sim_engine_register(m->eng, &changed);
}

void sim_dd_init(SimDc *m, SimHost *h)
{
    GError *error = NULL;
    h->dd_domain = -1;
    h->dd_served_frac = 1;
    sim_gauge_init(&h->dd_util, 0, 0);
    sim_gauge_init(&h->dd_served, 0, 1);
    if (h->cfg->dd_vcpus == 0)
        return;
    h->dd_domain = mem_map_add_domain(h->memory, "dom0", h->cfg->dd_memory_bytes, &error);
    if (h->dd_domain < 0)
        g_error("driver domain of %s: %s", h->cfg->name, error->message);  /* checked */
    double weight = h->cfg->vcpu == SCN_VCPU_CREDIT ? 256 : h->cfg->dd_vcpus;
    h->dd_cpu = sim_share_consumer_new(m->share, weight, 1e-9, dd_never_done, h);
    sim_share_consumer_watch(h->dd_cpu, dd_rate_changed, h);
    sim_share_consumer_attach(m->share, h->dd_cpu, h->cpu);
    sim_share_consumer_start(m->share, h->dd_cpu, INFINITY);
}

void sim_dd_free(SimDc *m, SimHost *h)
{
    sim_share_consumer_free(m->share, h->dd_cpu);
}

/* Moves vm's I/O term to dom0 when its host has one and its I/O goes through it. */
void sim_dd_take_io(SimHost *h, SimVm *vm, const HvInputs *in)
{
    vm->dd_cycles_per_s = sim_virt_dd_take_io(h->cfg, vm->cfg, in, &vm->overhead);
}

/* dom0's demand: the back-end cycles of the running, unpaused guests' streams through it;
 * none while it is down.  Its cap follows (at most its vCPUs). */
void sim_dd_settle(SimDc *m, SimHost *h)
{
    if (!h->dd_cpu)
        return;
    double demand = 0;
    for (guint i = 0; !h->io_down && i < h->running->len; i++) {
        const SimVm *vm = g_ptr_array_index(h->running, i);
        if (!vm->paused)
            demand += vm->dd_cycles_per_s;
    }
    h->dd_demand_cycles_per_s = demand;
    double cap = MAX(MIN(demand, dd_capacity_cycles_per_s(h)), 1e-9);
    if (cap != h->dd_cap_cycles_per_s) {
        h->dd_cap_cycles_per_s = cap;
        sim_share_consumer_set_cap(m->share, h->dd_cpu, cap);
    }
    double rate = sim_share_consumer_rate(h->dd_cpu);
    h->dd_served_frac = demand > 0 ? MIN(1.0, rate / demand) : 1;
    sim_gauge_set(&h->dd_served, sim_engine_now_ns(m->eng), h->dd_served_frac);
}

double sim_dd_served_frac(const SimHost *h)
{
    return h->dd_cpu ? h->dd_served_frac : 1;
}
