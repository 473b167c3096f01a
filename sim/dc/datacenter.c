/* sim/dc/datacenter.c — hosts, VMs, placement and the timeline; see datacenter.h. */
#include "sim/dc/datacenter.h"
#include "sim/dc/dc-priv.h"

#include <math.h>
#include <string.h>

#include "sim/dc/control.h"
#include "sim/dc/devices.h"
#include "sim/dc/hostindex.h"
#include "sim/scheduler/placeindex.h"
#include "sim/memory/balloon.h"
#include "sim/memory/memory.h"
#include "sim/memory/partition.h"
#include "sim/migration/params.h"
#include "sim/scheduler/quantum.h"
#include "sim/dc/elastic.h"
#include "sim/dc/virtcost.h"
#include "sim/hypervisor/guest.h"
#include "sim/hypervisor/trust.h"
#include "sim/out/columns.h"

typedef struct {
    guint    event;             /* index into scn->events */
    gboolean warning;           /* the prediction of a failure, `warning` ahead of it */
} TimelineMsg;

static void on_arrive(SimEngine *eng, void *target, const void *payload);
static void on_depart(SimEngine *eng, void *target, const void *payload);
static void on_timeline(SimEngine *eng, void *target, const void *payload);
static void on_sample(SimEngine *eng, void *target, const void *payload);
static void on_end(SimEngine *eng, void *target, const void *payload);
static void on_warmup(SimEngine *eng, void *target, const void *payload);

static const SimEventType arrive_type = { .name = "vm.arrive", .handle = on_arrive };
static const SimEventType depart_type = { .name = "vm.depart", .handle = on_depart };
static const SimEventType timeline_type = { .name = "timeline", .handle = on_timeline,
                                            .payload_bytes = sizeof(TimelineMsg) };
static const SimEventType sample_type = { .name = "metrics.sample", .handle = on_sample };
static const SimEventType end_type = { .name = "run.end", .handle = on_end };
static const SimEventType warmup_type = { .name = "run.warmup_end", .handle = on_warmup };

const char *sim_vm_state_name(SimVmState s)
{
    static const char *const names[] = { "pending", "running", "done", "stopped", "rejected" };
    g_assert((unsigned)s < G_N_ELEMENTS(names));
    return names[s];
}

/* ---- construction ----------------------------------------------------------------- */

static SchedHostView host_view(const SimDc *m, const SimHost *h);

/* Keeps the host's leaf in the best-fit/worst-fit/balanced index in step with its view. */
static void place_index_sync(SimDc *m, const SimHost *h)
{
    SchedHostView v = host_view(m, h);
    sched_place_index_set(m->place_index, h->index, &v);
}

/* Keeps the host's and the datacenter's utilization gauges in step with every solve. */
static void host_watch(SimResource *r, double used_per_s, void *user)
{
    SimHost *h = user;
    SimDc *m = h->model;
    SimTimeNs now = sim_engine_now_ns(m->eng);
    double util = used_per_s / h->capacity_cycles_per_s;
    double delta_cycles = (util - h->util.value) * h->capacity_cycles_per_s;
    sim_gauge_set(&h->util, now, util);
    sim_level_hist_set(&h->util_hist, now, util);
    sim_gauge_add(&m->dc_util, now, delta_cycles / m->dc_capacity_cycles_per_s);
    sched_host_power_set_util(h->power, util);
    m->host_watts[h->index] = sched_host_power_watts(h->power);
    if (sched_place_index_uses_util(m->place_index))
        place_index_sync(m, h);
}

/* Keeps the sample's aggregates (hosts busy, hosts on, hosts booting, each host's watts) in
 * step with h. */
static void host_sync_sample(SimDc *m, SimHost *h)
{
    gboolean busy = h->vms_running > 0;
    gboolean on = sched_host_power_state(h->power) != SCHED_POWER_OFF;
    gboolean booting = sched_host_power_state(h->power) == SCHED_POWER_BOOTING;
    m->hosts_busy = m->hosts_busy + (guint)busy - (guint)h->counted_busy;
    m->hosts_on = m->hosts_on + (guint)on - (guint)h->counted_on;
    m->hosts_booting = m->hosts_booting + (guint)booting - (guint)h->counted_booting;
    h->counted_busy = busy;
    h->counted_on = on;
    h->counted_booting = booting;
    m->host_watts[h->index] = sched_host_power_watts(h->power);
}

gboolean sim_host_accepting(const SimHost *h)
{
    return sched_host_power_state(h->power) == SCHED_POWER_ON && !h->draining && !h->failed;
}

void sim_host_charge_memory(SimHost *h, int sign, uint64_t guest_bytes)
{
    g_assert(sign == 1 || sign == -1);
    if (sign > 0) {
        h->memory_used_bytes += guest_bytes;
        h->guests++;
    } else {
        h->memory_used_bytes -= guest_bytes;
        h->guests--;
    }
}

/* Footprints from the host's hypervisor profile (docs/models.md, "Footprints"). */
double sim_host_guest_memory_bytes(const SimHost *h, guint extra_guests)
{
    const HvProfile *p = &h->cfg->virt.profile->hv;
    double dd = h->cfg->dd_vcpus > 0 ? (double)h->cfg->dd_memory_bytes : 0;  /* dom0's own */
    double left = (double)h->cfg->memory_bytes - (double)p->host_footprint_bytes - dd -
                  (double)(h->guests + extra_guests) * (double)p->vm_footprint_bytes;
    return MAX(0.0, left);
}

/* Keeps the first-fit index (and the other policies' index) in step with a host's room; a
 * host that takes no VMs has none.  Every change of a host's VMs or power state ends here,
 * so the sample's aggregates too. */
void sim_dc_host_room_changed(SimDc *m, SimHost *h)
{
    host_sync_sample(m, h);
    double vcpu_room = h->cfg->vcpu == SCN_VCPU_PINNED
                       ? (double)h->free_cores : h->cfg->cores * m->scn->overcommit_cpu - h->vcpus_used;
    double mem_room = sim_host_guest_memory_bytes(h, 1) * m->scn->overcommit_memory -
                      (double)h->memory_used_bytes;
    if (!sim_host_accepting(h))
        vcpu_room = mem_room = -1;
    sim_host_index_set(m->index, h->index, vcpu_room, mem_room);
    if (m->place_index)
        place_index_sync(m, h);
}

static void host_power_changed(SchedHostPower *hp, SchedPowerState state, void *user)
{
    SimHost *h = user;
    sim_dc_host_room_changed(h->model, h);
    sim_dcctl_power_changed(h->model->ctl, h, state);
}

/* Quantum mode: the host's cores as a time-sliced credit scheduler (sim/scheduler/quantum)
 * beside the fluid model: the fluid solution keeps throughput (its long-run shares are the
 * scheduler's), the slices give scheduling delays and their spread.  A switch costs the
 * context switch, the cache refill of a compute-bound guest's working set, plus its TLB
 * refill when the TLB is untagged; the fluid model runs VMs at the slices' efficiency
 * (sched_quantum_slice_frac) whenever vCPUs outnumber cores. */
static SchedQuantumHost *quantum_host_new(SimDc *m, const ScnHost *cfg)
{
    const ScnWorkload *wl = scn_workload_lookup(m->scn, "compute-intensive");
    MemPagingCost cost;
    mem_paging_cost_fill(&cfg->virt.mmu, &wl->virt.mem, 0, &cost);
    SchedQuantumParams p = {
        .quantum_ns = m->scn->sched.quantum_ns, .accounting_ns = m->scn->sched.quantum_ns,
        .switch_ns = m->scn->sched.context_switch_ns,
        .tlb_refill_ns = (SimTimeNs)llround(cost.flush_refill_cycles / cfg->freq_hz * 1e9),
        .cache_refill_ns = sched_quantum_cache_refill_ns((double)wl->virt.hv.wws_bytes),
        .tlb_tagged = cfg->virt.mmu.tlb.tagged,
    };
    return sched_quantum_host_new(m->eng, cfg->cores, &p);
}

static SimHost *host_new(SimDc *m, const ScnHost *cfg, guint index)
{
    SimHost *h = g_new0(SimHost, 1);
    h->model = m;
    h->cfg = cfg;
    h->index = index;
    h->capacity_cycles_per_s = cfg->cores * cfg->freq_hz;
    h->cpu = sim_share_resource_new(m->share, cfg->name, h->capacity_cycles_per_s);
    h->running = g_ptr_array_new();
    sim_share_resource_watch(h->cpu, host_watch, h);
    sim_gauge_init(&h->util, 0, 0);
    sim_level_hist_init(&h->util_hist, 0, 0);
    uint32_t net_index = sim_net_add_host(m->net);
    g_assert(net_index == index);
    h->power = sched_host_power_new(m->eng, &cfg->power.model, SCHED_POWER_ON, host_power_changed,
                                    h);
    uint64_t hv_bytes = MIN(cfg->virt.profile->hv.host_footprint_bytes, cfg->memory_bytes);
    h->memory = mem_map_new(cfg->name, cfg->memory_bytes - hv_bytes, m->scn->overcommit_memory);
    h->core_taken = g_new0(gboolean, cfg->cores);
    h->free_cores = cfg->cores;
    h->disk_use = g_new0(IoStorageUse, cfg->devices->len);
    if (m->scn->sched.quantum_ns > 0)
        h->quantum = quantum_host_new(m, cfg);
    sim_dd_init(m, h);
    m->dc_capacity_cycles_per_s += h->capacity_cycles_per_s;
    return h;
}

static void host_free(gpointer p)
{
    SimHost *h = p;
    sim_dd_free(h->model, h);
    g_ptr_array_free(h->running, TRUE);
    sched_host_power_free(h->power);
    mem_map_free(h->memory);
    g_free(h->core_taken);
    g_free(h->disk_use);
    sim_level_hist_clear(&h->util_hist);
    sched_quantum_host_free(h->quantum);
    g_free(h);
}

static SimVm *vm_new(SimDc *m, const ScnVm *cfg, guint index)
{
    SimVm *vm = g_new0(SimVm, 1);
    vm->model = m;
    vm->cfg = cfg;
    vm->index = index;
    vm->speed_frac = 1.0;
    vm->mig_speed_frac = 1.0;
    vm->balloon_speed_frac = 1.0;
    vm->mem_domain = vm->reserved_domain = -1;
    vm->disk = vm->reserved_disk = -1;
    vm->demand_frac = cfg->demand_frac;
    vm->workload = scn_workload_lookup(m->scn, cfg->workload);
    vm->trace_io_bytes_per_s[SIM_TRACE_IO_DISK] = vm->trace_io_bytes_per_s[SIM_TRACE_IO_NET] = -1;
    return vm;
}

static void setup_series(SimDc *m)
{
    sim_series_init(&m->series);
    sim_series_add_column(&m->series, SIM_COL_TS_DC_UTIL_FRAC);
    sim_series_add_column(&m->series, SIM_COL_TS_VMS_RUNNING);
    sim_series_add_column(&m->series, SIM_COL_TS_HOSTS_BUSY);
    sim_series_add_column(&m->series, SIM_COL_TS_HOSTS_ON);
    sim_series_add_column(&m->series, SIM_COL_TS_POWER_W);
    sim_series_add_column(&m->series, SIM_COL_TS_HOSTS_BOOTING);
    if (m->hosts->len > SIM_SERIES_MAX_HOSTS)
        return;
    for (guint i = 0; i < m->hosts->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, i);
        g_autofree char *col = g_strdup_printf(SIM_COL_TS_HOST_UTIL_PREFIX "%s", h->cfg->name);
        guint c = sim_series_add_column(&m->series, col);
        if (i == 0)
            m->col_host0 = c;
    }
}

/* Adds item to the list wanted under key, if any. */
static void want_add(GHashTable *wanted, const char *key, gpointer item)
{
    GPtrArray *a = g_hash_table_lookup(wanted, key);
    if (a)
        g_ptr_array_add(a, item);
}

/* The list of targets under key, made on first use; the caller holds a reference. */
static GPtrArray *want_list(GHashTable *wanted, const char *key)
{
    GPtrArray *a = g_hash_table_lookup(wanted, key);
    if (!a) {
        a = g_ptr_array_new();
        g_hash_table_insert(wanted, (gpointer)key, a);
    }
    return g_ptr_array_ref(a);
}

/* What each timeline event acts on, resolved once: the VMs (or hosts) whose name or group
 * it names, in scenario order.  One pass over the VMs and one over the hosts, whatever the
 * number of events: O(VMs + hosts + events). */
static void resolve_event_targets(SimDc *m)
{
    const GPtrArray *events = m->scn->events;
    g_autoptr(GHashTable) vms = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify)g_ptr_array_unref);
    g_autoptr(GHashTable) hosts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify)g_ptr_array_unref);
    m->event_targets = g_new0(GPtrArray *, MAX(events->len, 1));
    for (guint i = 0; i < events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(events, i);
        gboolean on_hosts = e->kind == SCN_EVENT_MAINTENANCE || e->kind == SCN_EVENT_FAIL;
        const char *key = on_hosts ? e->host : e->kind == SCN_EVENT_END ? "" : e->vm;
        m->event_targets[i] = want_list(on_hosts ? hosts : vms, key);
    }
    for (guint i = 0; g_hash_table_size(vms) && i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        want_add(vms, vm->cfg->name, vm);
        if (strcmp(vm->cfg->group, vm->cfg->name) != 0)
            want_add(vms, vm->cfg->group, vm);
    }
    for (guint i = 0; g_hash_table_size(hosts) && i < m->hosts->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, i);
        want_add(hosts, h->cfg->name, h);
        if (strcmp(h->cfg->group, h->cfg->name) != 0)
            want_add(hosts, h->cfg->group, h);
    }
}

SimDc *sim_dc_new(const Scenario *scn)
{
    SimDc *m = g_new0(SimDc, 1);
    m->scn = scn;
    m->eng = sim_engine_new();
    m->share = sim_share_new(m->eng);
    SimNetConfig net;
    mig_net_config_from_scn(&net, &scn->network);
    m->net = sim_net_new(m->eng, m->share, &net);
    m->migrations = g_ptr_array_new_with_free_func(sim_mig_record_free);
    m->hosts = g_ptr_array_new_with_free_func(host_free);
    m->vms = g_ptr_array_new_with_free_func(g_free);
    m->short_dirty = g_ptr_array_new();
    m->index = sim_host_index_new(scn->hosts->len);
    m->placement = sched_placement_lookup(scn->sched.placement);
    m->place_index = sched_place_index_new(scn->hosts->len, m->placement,
                                         &(SchedOvercommit){ scn->overcommit_cpu,
                                                             scn->overcommit_memory });
    m->host_watts = g_new0(double, scn->hosts->len);
    m->host_names = g_hash_table_new(g_str_hash, g_str_equal);
    sim_dd_register(m);
    for (guint i = 0; i < scn->hosts->len; i++) {
        SimHost *h = host_new(m, g_ptr_array_index(scn->hosts, i), i);
        g_ptr_array_add(m->hosts, h);
        g_hash_table_insert(m->host_names, (gpointer)h->cfg->name, h);
        sim_dc_host_room_changed(m, h);
    }
    for (guint i = 0; i < scn->vms->len; i++)
        g_ptr_array_add(m->vms, vm_new(m, g_ptr_array_index(scn->vms, i), i));
    resolve_event_targets(m);
    sim_gauge_init(&m->dc_util, 0, 0);
    sim_gauge_init(&m->vms_running, 0, 0);
    m->io = sim_io_new(m);
    m->ctl = sim_dcctl_new(m);
    setup_series(m);
    m->ev_arrive = sim_engine_register(m->eng, &arrive_type);
    m->ev_depart = sim_engine_register(m->eng, &depart_type);
    m->ev_timeline = sim_engine_register(m->eng, &timeline_type);
    m->ev_sample = sim_engine_register(m->eng, &sample_type);
    m->ev_end = sim_engine_register(m->eng, &end_type);
    m->ev_warmup = sim_engine_register(m->eng, &warmup_type);
    m->elastic = sim_elastic_run_new(m);
    return m;
}

void sim_dc_free(SimDc *m)
{
    if (!m)
        return;
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        mig_job_free(vm->mig);
        sim_rng_free(vm->rng);
        if (vm->quantum_vcpus)                 /* the vCPUs belong to their hosts */
            g_ptr_array_free(vm->quantum_vcpus, TRUE);
        g_free(vm->cores);
        g_free(vm->reserved_cores);
    }
    sim_elastic_run_free(m->elastic);
    sim_io_free(m->io);
    sim_dcctl_free(m->ctl);
    sim_net_free(m->net);
    g_ptr_array_free(m->hosts, TRUE);       /* power and quantum hosts cancel their events */
    sim_share_free(m->share);
    sim_engine_free(m->eng);
    g_ptr_array_free(m->vms, TRUE);
    g_ptr_array_free(m->short_dirty, TRUE);
    g_ptr_array_free(m->migrations, TRUE);
    sim_host_index_free(m->index);
    sched_place_index_free(m->place_index);
    sim_series_clear(&m->series);
    for (guint i = 0; i < m->scn->events->len; i++)
        g_ptr_array_unref(m->event_targets[i]);
    g_free(m->event_targets);
    g_hash_table_unref(m->host_names);
    g_free(m->host_watts);
    g_free(m);
}

/* ---- placement -------------------------------------------------------------------- */

gboolean sim_host_fits(const SimDc *m, const SimHost *h, const ScnVm *v)
{
    if (!hv_guest_fits(&h->cfg->virt.profile->hv, &v->guest))
        return FALSE;
    if (h->cfg->vcpu == SCN_VCPU_PINNED)      /* a core per vCPU, no CPU overcommit */
        return v->vcpus <= h->free_cores && sim_storage_fits(h, v) &&
               (double)(h->memory_used_bytes + v->memory_bytes) <=
                   sim_host_guest_memory_bytes(h, 1) * m->scn->overcommit_memory;
    double vcpu_limit = h->cfg->cores * m->scn->overcommit_cpu;
    double mem_limit = sim_host_guest_memory_bytes(h, 1) * m->scn->overcommit_memory;
    double used = (double)h->memory_used_bytes - (double)h->shared_saved_bytes;  /* KSM/TPS */
    return h->vcpus_used + v->vcpus <= vcpu_limit + 1e-9 &&
           used + (double)v->memory_bytes <= mem_limit && sim_modern_fits(h, v) &&
           sim_storage_fits(h, v);
}

const char *sim_host_no_fit_reason(const SimDc *m, const SimHost *h, const ScnVm *v)
{
    if (!hv_guest_fits(&h->cfg->virt.profile->hv, &v->guest))
        return "its guest OS cannot run on this hypervisor (see vdcsim check)";
    if (h->cfg->vcpu == SCN_VCPU_PINNED && v->vcpus > h->free_cores)
        return "not enough free cores to pin its vCPUs";
    if (h->vcpus_used + v->vcpus > h->cfg->cores * m->scn->overcommit_cpu + 1e-9)
        return "not enough vCPU room (cores x overcommit.cpu)";
    if (!sim_modern_fits(h, v))
        return "no GPU room (whole GPUs, MIG slices or GPU memory)";
    if (!sim_storage_fits(h, v))
        return "no disk room for its image (disk capacity, or a free slice of a partitioned disk)";
    if (h->cfg->virt.profile->hv.host_footprint_bytes + h->cfg->virt.profile->hv.vm_footprint_bytes > 0)
        return "not enough memory ((memory - hypervisor and per-VM footprints) x overcommit.memory)";
    return "not enough memory (memory x overcommit.memory)";
}

/* A host as the placement policies see it.  Its load for `balanced` is the larger of its
 * measured utilization and its committed share (vCPUs placed / vCPUs admissible), so VMs
 * that arrive in the same instant, before any of them has run, still spread out. */
static SchedHostView host_view(const SimDc *m, const SimHost *h)
{
    double committed = h->vcpus_used / (h->cfg->cores * m->scn->overcommit_cpu);
    return (SchedHostView){
        .index = (int)h->index, .cores = h->cfg->cores, .vcpus_used = h->vcpus_used,
        .memory_bytes = (uint64_t)sim_host_guest_memory_bytes(h, 1),
        .memory_used_bytes = h->memory_used_bytes,
        .util_frac = MAX(h->util.value, committed),
        .capacity_cycles_per_s = h->capacity_cycles_per_s,
        .powered_on = sim_host_accepting(h),
    };
}

/* The anti-affinity groups of the VMs on h (and reserved for it), NULL-terminated,
 * borrowed from the scenario; NULL when none. */
static const char **host_groups(const SimDc *m, const SimHost *h)
{
    GPtrArray *g = NULL;
    for (guint i = 0; i < m->vms->len; i++) {
        const SimVm *vm = g_ptr_array_index(m->vms, i);
        gboolean here = (vm->state == SIM_VM_RUNNING && vm->host == h) || vm->reserved == h;
        if (!here || !vm->cfg->anti_affinity)
            continue;
        if (!g)
            g = g_ptr_array_new();
        g_ptr_array_add(g, vm->cfg->anti_affinity);
    }
    if (!g)
        return NULL;
    g_ptr_array_add(g, NULL);
    return (const char **)g_ptr_array_free(g, FALSE);
}

static SimHost *place_by_scan(SimDc *m, const ScnVm *v, const SimHost *exclude,
                              const char **reason);

typedef struct {
    SimDc       *m;
    const ScnVm *v;
} PlaceAdmit;

/* What the scan below checks beyond the view: guest OS, anti-affinity, pinned cores, GPU
 * room, disk room. */
static gboolean place_admit(guint host, void *user)
{
    const PlaceAdmit *a = user;
    const SimHost *h = g_ptr_array_index(a->m->hosts, host);
    const ScnVm *v = a->v;
    if (!hv_guest_fits(&h->cfg->virt.profile->hv, &v->guest))
        return FALSE;
    if (v->anti_affinity) {
        g_autofree const char **gs = host_groups(a->m, h);
        for (const char **g = gs; g && *g; g++)
            if (strcmp(*g, v->anti_affinity) == 0)
                return FALSE;
    }
    if (h->cfg->vcpu == SCN_VCPU_PINNED && !sim_host_fits(a->m, h, v))
        return FALSE;
    return sim_modern_fits(h, v) && sim_storage_fits(h, v);
}

/* The policy over every host but `exclude`: through the index when there is one, which
 * chooses the host the scan would; the scan when there is none or nothing fits (for the
 * reason).  The scan is O(hosts) per call, O(hosts x VMs) for a VM in an anti-affinity
 * group. */
static SimHost *place_by_policy(SimDc *m, const ScnVm *v, const SimHost *exclude,
                                const char **reason)
{
    if (m->place_index) {
        SchedRequest req = { .vcpus = v->vcpus, .memory_bytes = v->memory_bytes };
        PlaceAdmit a = { m, v };
        int i = sched_place_index_choose(m->place_index, &req, exclude ? (int)exclude->index : -1,
                                       place_admit, &a);
        if (i >= 0) {
            *reason = NULL;
            return g_ptr_array_index(m->hosts, i);
        }
    }
    return place_by_scan(m, v, exclude, reason);
}

static SimHost *place_by_scan(SimDc *m, const ScnVm *v, const SimHost *exclude,
                              const char **reason)
{
    g_autofree SchedHostView *views = g_new(SchedHostView, m->hosts->len);
    g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(g_free);
    guint n = 0, short_of_cores = 0, short_of_gpus = 0, short_of_disk = 0;
    for (guint i = 0; i < m->hosts->len; i++) {
        const SimHost *h = g_ptr_array_index(m->hosts, i);
        if (h == exclude || !hv_guest_fits(&h->cfg->virt.profile->hv, &v->guest))
            continue;                        /* its guest OS cannot run there */
        views[n] = host_view(m, h);
        if (v->anti_affinity) {
            const char **gs = host_groups(m, h);
            views[n].groups = gs;
            g_ptr_array_add(groups, gs);
        }
        if (h->cfg->vcpu == SCN_VCPU_PINNED && !sim_host_fits(m, h, v) && views[n].powered_on) {
            views[n].powered_on = FALSE;     /* not enough free cores: out of the running */
            short_of_cores++;
        }
        if (!sim_modern_fits(h, v) && views[n].powered_on) {
            views[n].powered_on = FALSE;     /* no GPU room: whole GPUs, slices, GPU memory */
            short_of_gpus++;
        }
        if (!sim_storage_fits(h, v) && views[n].powered_on) {
            views[n].powered_on = FALSE;     /* no disk room for its image: out of the running */
            short_of_disk++;
        }
        n++;
    }
    SchedRequest req = { .vcpus = v->vcpus, .memory_bytes = v->memory_bytes,
                         .anti_affinity = v->anti_affinity };
    SchedOvercommit oc = { m->scn->overcommit_cpu, m->scn->overcommit_memory };
    SchedPlaceResult r = sched_place(m->placement, views, n, &req, &oc);
    *reason = r.reason;
    if (r.host_index < 0 && r.shortage == SCHED_SHORT_POWER && short_of_cores > 0)
        *reason = "no host has enough free cores to pin its vCPUs";
    if (r.host_index < 0 && r.shortage == SCHED_SHORT_POWER && short_of_gpus > 0)
        *reason = "no host has GPU room (whole GPUs, MIG slices or GPU memory)";
    if (r.host_index < 0 && r.shortage == SCHED_SHORT_POWER && short_of_disk > 0)
        *reason = "no host has disk room for its image";
    return r.host_index >= 0 ? g_ptr_array_index(m->hosts, r.host_index) : NULL;
}

/* Where the VM goes: first-fit through the host index (O(log n)), best-fit, worst-fit and
 * balanced through theirs (place_by_policy), a scan for what they cannot answer. */
SimHost *sim_dc_place(SimDc *m, SimVm *vm, const char **reason)
{
    *reason = NULL;
    if (m->placement == &sched_first_fit_ops && !vm->cfg->anti_affinity &&
        (!vm->host || vm->state != SIM_VM_RUNNING)) {
        int i = sim_host_index_first_fit(m->index, vm->cfg->vcpus, (double)vm->cfg->memory_bytes);
        SimHost *h = i >= 0 ? g_ptr_array_index(m->hosts, i) : NULL;
        if (h && hv_guest_fits(&h->cfg->virt.profile->hv, &vm->cfg->guest) &&
            sim_modern_fits(h, vm->cfg) && sim_storage_fits(h, vm->cfg))
            return h;                        /* else: a scan over the hosts it fits */
    }
    return place_by_policy(m, vm->cfg, vm->state == SIM_VM_RUNNING ? vm->host : NULL, reason);
}

/* Where the VM goes: its named host if it fits there and is up, else the policy's choice. */
static SimHost *place(SimDc *m, SimVm *vm)
{
    if (vm->cfg->in_vm)                   /* a pod goes where its node VM runs */
        return sim_modern_place_pod(m, vm);
    /* a VM with I/O streams is bound to its host's devices, even when it restarts */
    if (vm->cfg->host && (vm->restarts == 0 || vm->cfg->io->len > 0)) {
        SimHost *h = sim_dc_host_by_name(m, vm->cfg->host);
        if (!sim_host_accepting(h))
            vm->reject_reason = "its host is off, draining or failed";
        else if (!sim_host_fits(m, h, vm->cfg))
            vm->reject_reason = sim_host_no_fit_reason(m, h, vm->cfg);
        else
            vm->reject_reason = NULL;
        return vm->reject_reason ? NULL : h;
    }
    const char *reason = NULL;
    SimHost *h = sim_dc_place(m, vm, &reason);
    vm->reject_reason = h ? NULL : reason ? reason : "fits on no host";
    return h;
}

/* ---- VM life cycle ---------------------------------------------------------------- */

/* The guest's work per second: each vCPU busy demand_frac of the time at the core's
 * frequency, in guest (native-equivalent) cycles/s. */
double sim_vm_want_cycles_per_s(const SimVm *vm)
{
    return vm->cfg->vcpus * vm->demand_frac * vm->host->cfg->freq_hz;
}

/* What the VM may draw from its host in host cycles/s: its guest work ÷ the speed its
 * virtualization leaves (exits, walks, the I/O path, the host-OS path ... cost host cycles;
 * docs/models.md).  Its guest work is bounded by its vCPUs (demand ≤ 100 %), its overhead is
 * not: world switches and the host I/O stack of a Type 2 host run in host threads.  Under
 * the credit scheduler at most its cap (Xen's cap is per vCPU, % of a core), in a container
 * at most the cgroup's CPU quota (cpu_cap of the profile, in cores).  A VM with fixed work
 * asks for whole cores and pays by the efficiency. */
double sim_vm_cap_cycles_per_s(const SimVm *vm)
{
    double speed = MAX(vm->speed_frac * vm->balloon_speed_frac, 1e-9);
    double cores = isfinite(vm->cfg->work_cycles)
                   ? vm->cfg->vcpus * vm->demand_frac
                   : vm->cfg->vcpus * vm->demand_frac / speed;
    const HvProfile *p = &vm->host->cfg->virt.profile->hv;
    /* Overhead runs on the vCPU itself (exits, walks, hypercalls) except a hosted VMM's
     * world switches, which run in host threads: only a Type 2 guest may draw more than its
     * vCPUs; others reaching them leave the rest of their demand unmet (no steal at 1:1). */
    if (p->kind != HV_KIND_TYPE2)
        cores = MIN(cores, vm->cfg->vcpus);
    if (vm->host->cfg->vcpu == SCN_VCPU_CREDIT && vm->cfg->cap_frac > 0)
        cores = MIN(cores, vm->cfg->vcpus * vm->cfg->cap_frac);
    if (p->kind == HV_KIND_CONTAINER && p->cpu_cap_cores > 0)    /* the cgroup CPU quota */
        cores = MIN(cores, p->cpu_cap_cores);
    return cores * vm->host->cfg->freq_hz;
}

/* Fair share gives each vCPU an equal weight; the credit scheduler gives each VM its own
 * weight (Xen: a domain's weight, 256 by default), shared by its vCPUs. */
static double vm_weight(const SimVm *vm)
{
    return vm->host->cfg->vcpu == SCN_VCPU_CREDIT ? vm->cfg->weight : vm->cfg->vcpus;
}

void sim_vm_settle_demand(SimVm *vm)
{
    SimTimeNs now = sim_engine_now_ns(vm->model->eng);
    sim_vm_short_dirty(vm);             /* its demand, host, state or speed change */
    if (vm->state == SIM_VM_RUNNING) {
        double dt_s = sim_s_from_ns(now - vm->demand_since_ns);
        vm->demanded_cycles += sim_vm_want_cycles_per_s(vm) * dt_s;
        vm->capped_cycles += sim_vm_cap_cycles_per_s(vm) * dt_s;
    }
    vm->demand_since_ns = now;
}

/* Accumulates the time-weighted overhead terms up to now. */
void sim_vm_settle_overhead(SimVm *vm)
{
    SimTimeNs now = sim_engine_now_ns(vm->model->eng);
    double dt_s = sim_s_from_ns(now - vm->overhead_since_ns);
    if (vm->state == SIM_VM_RUNNING)
        for (int k = 0; k < HV_MECH_COUNT; k++)
            vm->overhead_area[k] += vm->overhead.cycles_per_native_s[k] /
                                    vm->host->cfg->freq_hz * dt_s;
    vm->overhead_since_ns = now;
}

/* Runs the VM's CPU consumer at speed × migration speed, or stops it while a migration
 * pauses or stalls it (its remaining work is kept). */
void sim_vm_apply_cpu(SimDc *m, SimVm *vm)
{
    sim_vm_short_dirty(vm);
    if (vm->state != SIM_VM_RUNNING)
        return;
    if (vm->paused || vm->mig_speed_frac <= 0) {
        sim_share_consumer_stop(m->share, vm->cpu);
        return;
    }
    sim_share_consumer_set_cap(m->share, vm->cpu, MAX(sim_vm_cap_cycles_per_s(vm), 1e-9));
    double slices = vm->host->quantum
        ? sched_quantum_slice_frac(sched_quantum_params(vm->host->quantum),
                                   (double)vm->host->vcpus_used / vm->host->cfg->cores)
        : 1.0;
    sim_share_consumer_set_efficiency(m->share, vm->cpu, vm->speed_frac * vm->mig_speed_frac *
                                                         vm->balloon_speed_frac * slices);
    if (!sim_share_consumer_running(vm->cpu))
        sim_share_consumer_start(m->share, vm->cpu,
                                 sim_share_consumer_remaining(m->share, vm->cpu));
}

/* Pins the VM's vCPUs on h: its `pin:` cores when h is its scenario host, else the lowest
 * free cores.  Returns the cores (owned) or NULL on a host that does not pin. */
int *sim_host_cores_claim(SimHost *h, const SimVm *vm)
{
    if (h->cfg->vcpu != SCN_VCPU_PINNED)
        return NULL;
    int *cores = g_new(int, vm->cfg->vcpus);
    gboolean own = vm->cfg->pin && vm->cfg->host && strcmp(vm->cfg->host, h->cfg->name) == 0;
    for (int i = 0, c = 0; i < vm->cfg->vcpus; i++) {
        if (own) {
            cores[i] = vm->cfg->pin[i];
        } else {
            while (h->core_taken[c])
                c++;
            cores[i] = c;
        }
        g_assert(cores[i] < h->cfg->cores && !h->core_taken[cores[i]]);
        h->core_taken[cores[i]] = TRUE;
    }
    h->free_cores -= vm->cfg->vcpus;
    return cores;
}

void sim_host_cores_release(SimHost *h, int **cores, int vcpus)
{
    if (!*cores)
        return;
    for (int i = 0; i < vcpus; i++)
        h->core_taken[(*cores)[i]] = FALSE;
    h->free_cores += vcpus;
    g_clear_pointer(cores, g_free);
}

/* Quantum mode: the VM's vCPUs join h's time-sliced cores (its pinned cores, else each on
 * the core with the fewest vCPUs), runnable while the VM runs and wants CPU. */
void sim_vm_quantum_join(SimHost *h, SimVm *vm)
{
    if (!h->quantum)
        return;
    if (!vm->quantum_vcpus)
        vm->quantum_vcpus = g_ptr_array_new();
    g_autofree int *load = g_new0(int, h->cfg->cores);
    for (guint i = 0; i < h->running->len; i++) {
        SimVm *o = g_ptr_array_index(h->running, i);
        for (guint k = 0; o != vm && o->quantum_vcpus && k < o->quantum_vcpus->len; k++)
            load[sched_quantum_vcpu_core(g_ptr_array_index(o->quantum_vcpus, k))]++;
    }
    gboolean credit = h->cfg->vcpu == SCN_VCPU_CREDIT;
    for (int i = 0; i < vm->cfg->vcpus; i++) {
        int core = 0;
        if (vm->cores)
            core = vm->cores[i];
        else
            for (int c = 1; c < h->cfg->cores; c++)
                core = load[c] < load[core] ? c : core;
        load[core]++;
        double weight = credit ? vm->cfg->weight / vm->cfg->vcpus : 1.0;
        g_ptr_array_add(vm->quantum_vcpus,
                        sched_quantum_vcpu_add(h->quantum, core, weight,
                                               credit ? vm->cfg->cap_frac : 0));
    }
}

/* Its vCPUs stop competing (they stay on the host's books for their statistics). */
void sim_vm_quantum_leave(SimVm *vm)
{
    for (guint k = 0; vm->quantum_vcpus && k < vm->quantum_vcpus->len; k++)
        sched_quantum_vcpu_set_runnable(g_ptr_array_index(vm->quantum_vcpus, k), FALSE);
}

/* Gives the VM its partition of h's memory: a domain in the host's frame map.  Placement has
 * already checked the room with the same overcommit ratio, so a refusal is a bug. */
int sim_host_memory_claim(SimHost *h, const SimVm *vm)
{
    GError *error = NULL;
    int id = mem_map_add_domain(h->memory, vm->cfg->name, vm->cfg->memory_bytes, &error);
    if (id < 0)
        g_error("memory map of %s out of step with placement: %s", h->cfg->name, error->message);
    return id;
}

void sim_host_memory_release(SimHost *h, int *id)
{
    if (*id >= 0)
        mem_map_remove_domain(h->memory, *id);
    *id = -1;
}

/* Memory overcommit: when the VMs on h hold more memory than it has, the balloon drivers
 * give each back in proportion (resident = memory x physical / committed); a container is
 * also held to its cgroup memory limit.  A VM left with less than its working set pays a
 * page-in for each missing page it touches
 * (sim/memory/balloon.h: missing share x touches/s x fault time; touches = its TLB misses,
 * Waldspurger OSDI 2002).  Inflation is taken as instant. */
static double balloon_speed(const SimHost *h, const SimVm *vm)
{
    double committed = (double)h->memory_used_bytes, physical = sim_host_guest_memory_bytes(h, 0);
    const HvProfile *p = &h->cfg->virt.profile->hv;
    gboolean cgroup = p->kind == HV_KIND_CONTAINER && p->mem_limit_bytes > 0;
    if (committed <= physical && !cgroup)
        return 1.0;
    MemBalloonConfig cfg;
    mem_balloon_config_init_default(&cfg);
    uint64_t resident = committed <= physical
                        ? vm->cfg->memory_bytes
                        : (uint64_t)((double)vm->cfg->memory_bytes * physical / committed);
    if (cgroup)                           /* a container's cgroup memory limit caps it too */
        resident = MIN(resident, p->mem_limit_bytes);
    const HvWorkload *w = &vm->workload->virt.hv;
    double missing = mem_balloon_missing_frac(resident / MEM_BASE_PAGE_BYTES,
                                              sim_vm_working_set_bytes(vm) / MEM_BASE_PAGE_BYTES);
    return mem_balloon_speed_frac(mem_balloon_extra_ns_per_s(missing, w->tlb_misses_per_s,
                                                             cfg.fault_ns));
}

uint64_t sim_vm_working_set_bytes(const SimVm *vm)
{
    return vm->trace_memory_bytes ? vm->trace_memory_bytes
                                  : vm->workload->virt.hv.working_set_bytes;
}

/* A trace gives the memory in use; the workload says which share of its working set is
 * written (wws / working set): that share of the memory in use is the writable set. */
uint64_t sim_vm_wws_bytes(const SimVm *vm)
{
    const HvWorkload *w = &vm->workload->virt.hv;
    uint64_t wws = w->wws_bytes;
    if (vm->trace_memory_bytes && w->working_set_bytes > 0)
        wws = (uint64_t)((double)vm->trace_memory_bytes *
                         MIN(1.0, (double)w->wws_bytes / (double)w->working_set_bytes));
    return MIN(wws, vm->cfg->memory_bytes);
}

void sim_dc_set_vm_memory(SimDc *m, SimVm *vm, uint64_t in_use_bytes)
{
    vm->trace_memory_bytes = MAX(in_use_bytes, UINT64_C(1));
    if (vm->state != SIM_VM_RUNNING || !vm->host)
        return;
    double speed = balloon_speed(vm->host, vm);
    if (speed == vm->balloon_speed_frac)
        return;
    sim_vm_settle_demand(vm);           /* its host cycles change with its speed */
    vm->balloon_speed_frac = speed;
    sim_vm_apply_cpu(m, vm);
}

/* Recomputes the overhead of every VM on h (co-runners share its TLBs). */
void sim_host_update_speeds(SimDc *m, SimHost *h)
{
    unsigned co_runners = sim_modern_tlb_co_runners(h);   /* once: the running set holds */
    for (guint i = 0; i < h->running->len; i++) {
        SimVm *vm = g_ptr_array_index(h->running, i);
        HvInputs in;
        sim_vm_settle_overhead(vm);
        sim_vm_settle_demand(vm);       /* its host cycles change with its speed */
        sim_modern_overhead(m, h, vm, co_runners, &in);
        sim_dd_take_io(h, vm, &in);     /* back-end cycles run in dom0, if it is an entity */
        vm->speed_frac = vm->overhead.speed_frac * sim_modern_speed_frac(m, h, vm);
        vm->balloon_speed_frac = balloon_speed(h, vm);
        sim_vm_apply_cpu(m, vm);
    }
    sim_io_host_changed(m->io, h);
}

/* Leaves the host: frees its room, settles its accounting, records its end.  A node VM that
 * finishes or stops takes its running pods down with it (stopped); a lost one leaves them to
 * sim_dc_vm_lose. */
static void vm_leave(SimVm *vm, SimVmState final)
{
    SimDc *m = vm->model;
    SimTimeNs now = sim_engine_now_ns(m->eng);
    g_autoptr(GPtrArray) pods = sim_modern_pods(vm);
    sim_vm_settle_demand(vm);
    sim_vm_settle_overhead(vm);
    if (vm->mig)
        sim_mig_abandon(m, vm, "the VM ended during the migration");
    sim_share_consumer_stop(m->share, vm->cpu);
    g_ptr_array_remove(vm->host->running, vm);
    vm->state = final;
    sim_vm_short_dirty(vm);
    vm->end_ns = now;
    vm->host->vcpus_used -= sim_modern_host_vcpus(vm);
    if (!vm->cfg->in_vm)                 /* a pod takes nothing from the host */
        sim_host_charge_memory(vm->host, -1, vm->cfg->memory_bytes);
    if (vm->mem_domain >= 0)
        sim_host_memory_release(vm->host, &vm->mem_domain);
    if (vm->cores)
        sim_host_cores_release(vm->host, &vm->cores, vm->cfg->vcpus);
    sim_storage_release(vm->host, vm, &vm->disk);
    sim_modern_leave(vm->host, vm);
    sim_vm_quantum_leave(vm);
    vm->host->vms_running--;
    sim_gauge_add(&m->vms_running, now, -1);
    sim_host_update_speeds(m, vm->host);
    sim_dc_host_room_changed(m, vm->host);
    sim_dcctl_host_changed(m->ctl, vm->host);
    for (guint i = 0; final != SIM_VM_PENDING && i < pods->len; i++) {
        vm_leave(g_ptr_array_index(pods, i), SIM_VM_STOPPED);
        m->stopped++;
    }
}

static void vm_done(SimShare *share, SimConsumer *c, void *owner)
{
    SimVm *vm = owner;
    vm_leave(vm, SIM_VM_DONE);
    vm->model->completed++;
}

static void vm_rate_changed(SimConsumer *c, void *user)
{
    sim_vm_short_dirty(user);
}

static void vm_start(SimDc *m, SimVm *vm, SimHost *h)
{
    SimTimeNs now = sim_engine_now_ns(m->eng);
    vm->host = h;
    vm->state = SIM_VM_RUNNING;
    sim_vm_short_dirty(vm);
    vm->start_ns = vm->demand_since_ns = vm->overhead_since_ns = now;
    h->vcpus_used += sim_modern_host_vcpus(vm);
    if (!vm->cfg->in_vm)
        sim_host_charge_memory(h, 1, vm->cfg->memory_bytes);
    vm->mem_domain = vm->node ? -1 : sim_host_memory_claim(h, vm);
    vm->cores = vm->node ? NULL : sim_host_cores_claim(h, vm);
    vm->disk = sim_storage_claim(h, vm);
    if (vm->demand_frac > 0)
        sim_vm_quantum_join(h, vm);
    h->vms_running++;
    if (!vm->cpu) {
        vm->cpu = sim_share_consumer_new(m->share, vm_weight(vm), sim_vm_cap_cycles_per_s(vm),
                                         vm_done, vm);
        sim_share_consumer_watch(vm->cpu, vm_rate_changed, vm);
    }
    sim_share_consumer_detach_all(m->share, vm->cpu);      /* a restart after a failure */
    sim_share_consumer_set_cap(m->share, vm->cpu, MAX(sim_vm_cap_cycles_per_s(vm), 1e-9));
    sim_share_consumer_attach(m->share, vm->cpu, h->cpu);
    sim_share_consumer_start(m->share, vm->cpu, vm->cfg->work_cycles);
    g_ptr_array_add(h->running, vm);
    sim_modern_join(h, vm);
    sim_host_update_speeds(m, h);
    sim_dc_host_room_changed(m, h);
    sim_gauge_add(&m->vms_running, now, 1);
    m->placed++;
}

/* A lost node VM's pods are lost with it and restart after it (their arrivals follow its
 * own at the same instant, so it is placed first). */
void sim_dc_vm_lose(SimDc *m, SimVm *vm, SimTimeNs boot_ns)
{
    if (vm->state != SIM_VM_RUNNING)
        return;
    g_autoptr(GPtrArray) pods = sim_modern_pods(vm);
    vm_leave(vm, SIM_VM_PENDING);
    vm->restarts++;
    m->lost++;
    sim_engine_schedule(m->eng, boot_ns, m->ev_arrive, vm, NULL);
    for (guint i = 0; i < pods->len; i++)
        sim_dc_vm_lose(m, g_ptr_array_index(pods, i), boot_ns);
}

static void on_arrive(SimEngine *eng, void *target, const void *payload)
{
    SimVm *vm = target;
    SimDc *m = vm->model;
    if (vm->state != SIM_VM_PENDING)
        return;                       /* left (its `end`) while it waited for a restart */
    SimHost *h = place(m, vm);
    if (!h) {
        vm->state = SIM_VM_REJECTED;
        m->rejected++;
        return;
    }
    vm_start(m, vm, h);
}

/* A VM's `end`: it leaves for good, running or waiting to restart. */
static void on_depart(SimEngine *eng, void *target, const void *payload)
{
    SimVm *vm = target;
    if (vm->state == SIM_VM_RUNNING)
        vm_leave(vm, SIM_VM_STOPPED);
    else if (vm->state == SIM_VM_PENDING)
        vm->state = SIM_VM_STOPPED;
    else
        return;
    vm->model->departed++;
}

/* ---- timeline --------------------------------------------------------------------- */

static void vm_set_demand(SimDc *m, SimVm *vm, double demand_frac)
{
    sim_vm_settle_demand(vm);
    vm->demand_frac = demand_frac;
    sim_vm_short_dirty(vm);
    for (guint k = 0; vm->state == SIM_VM_RUNNING && vm->quantum_vcpus &&
                      k < vm->quantum_vcpus->len; k++)
        sched_quantum_vcpu_set_runnable(g_ptr_array_index(vm->quantum_vcpus, k), demand_frac > 0);
    if (vm->state == SIM_VM_RUNNING)
        sim_share_consumer_set_cap(m->share, vm->cpu,
                                   MAX(sim_vm_cap_cycles_per_s(vm), 1e-9));
}

SimHost *sim_dc_host_by_name(SimDc *m, const char *name)
{
    SimHost *h = g_hash_table_lookup(m->host_names, name);
    g_assert(h);                /* the scenario checked the reference */
    return h;
}

static void on_timeline(SimEngine *eng, void *target, const void *payload)
{
    SimDc *m = target;
    const TimelineMsg *msg = payload;
    const ScnEvent *e = g_ptr_array_index(m->scn->events, msg->event);
    if (e->kind == SCN_EVENT_END) {
        sim_engine_stop(eng);
        return;
    }
    if (e->kind == SCN_EVENT_MAINTENANCE || e->kind == SCN_EVENT_FAIL) {
        GPtrArray *hosts = m->event_targets[msg->event];
        if (e->kind == SCN_EVENT_MAINTENANCE)
            sim_dcctl_maintenance(m->ctl, hosts, e->duration_ns);
        else if (msg->warning)
            sim_dcctl_predict_failure(m->ctl, hosts);
        gboolean dd = e->component == HV_FAIL_DRIVER_DOMAIN;
        for (guint i = 0; e->kind == SCN_EVENT_FAIL && !msg->warning && i < hosts->len; i++)
            if (dd)
                sim_dcctl_driver_domain_fail(m->ctl, g_ptr_array_index(hosts, i), e->duration_ns);
            else    /* the machine, its hypervisor or its host OS: every VM is lost */
                sim_dcctl_fail(m->ctl, g_ptr_array_index(hosts, i), e->duration_ns);
        return;
    }
    const GPtrArray *vms = m->event_targets[msg->event];
    for (guint i = 0; i < vms->len; i++) {
        SimVm *vm = g_ptr_array_index(vms, i);
        if (e->kind == SCN_EVENT_LOAD) {
            vm_set_demand(m, vm, e->demand_frac);
        } else if (e->kind == SCN_EVENT_MIGRATE) {
            sim_vm_migrate(m, vm, sim_dc_host_by_name(m, e->to),
                       e->strategy ? e->strategy : m->scn->migration.strategy, "migrate");
        } else if (vm->state == SIM_VM_RUNNING) {
            vm_leave(vm, SIM_VM_STOPPED);
            m->stopped++;
        }
    }
}

/* ---- sampling and the run --------------------------------------------------------- */

static void take_sample(SimDc *m)
{
    SimTimeNs now = sim_engine_now_ns(m->eng);
    double *row = sim_series_new_row(&m->series, now);
    double watts = 0;
    for (guint i = 0; i < m->hosts->len; i++)      /* a dense array: 8 bytes a host */
        watts += m->host_watts[i];
    for (guint i = 0; m->col_host0 && i < m->hosts->len; i++)
        row[m->col_host0 + i] = ((SimHost *)g_ptr_array_index(m->hosts, i))->util.value;
    row[1] = m->dc_util.value;
    row[2] = m->vms_running.value;
    row[3] = m->hosts_busy;
    row[4] = m->hosts_on;
    row[5] = watts;
    row[6] = m->hosts_booting;
    sim_elastic_run_sample(m->elastic, row);
}

/* Whether the running VM gets less guest work than it asks for now (sampled). */
static gboolean vm_short_now(const SimVm *vm)
{
    double want = sim_vm_want_cycles_per_s(vm);
    double eff = vm->paused ? 0 : vm->speed_frac * vm->mig_speed_frac * vm->balloon_speed_frac;
    return want > 0 && sim_share_consumer_rate(vm->cpu) * eff < want * (1 - SIM_VM_SHORT_FRAC);
}

/* Charges a sample interval of shortage to every running demand-level VM short now:
 * re-evaluates only the VMs whose inputs changed since the last sample (the others are
 * short or not as they were), and charges lazily: a VM short from sample k on is charged
 * (j - k) intervals when it stops being short at sample j (sim_vm_unmet_ns settles the
 * rest), the same sum as an interval at every sample. */
static void sample_shortage(SimDc *m)
{
    for (guint i = 0; i < m->short_dirty->len; i++) {
        SimVm *vm = g_ptr_array_index(m->short_dirty, i);
        vm->short_dirty = FALSE;
        gboolean now_short = vm->state == SIM_VM_RUNNING && !isfinite(vm->cfg->work_cycles) &&
                             vm_short_now(vm);
        if (now_short == vm->short_now)
            continue;
        if (now_short)
            vm->short_since = m->samples;
        else
            vm->unmet_ns += (SimTimeNs)(m->samples - vm->short_since) *
                            m->scn->sample_interval_ns;
        vm->short_now = now_short;
    }
    g_ptr_array_set_size(m->short_dirty, 0);
    m->samples++;
}

/* Sampled time the VM got less guest work than it asked, up to the last sample. */
SimTimeNs sim_vm_unmet_ns(const SimVm *vm)
{
    const SimDc *m = vm->model;
    return vm->unmet_ns + (vm->short_now ? (SimTimeNs)(m->samples - vm->short_since) *
                                           m->scn->sample_interval_ns : 0);
}

static void on_sample(SimEngine *eng, void *target, const void *payload)
{
    SimDc *m = target;
    sim_share_flush(m->share);          /* sample the rates of this instant */
    sample_shortage(m);
    take_sample(m);
    /* Without a duration the run lasts until nothing else is pending. */
    if (m->scn->duration_ns > 0 || sim_engine_pending(eng) > 0)
        sim_engine_schedule(eng, m->scn->sample_interval_ns, m->ev_sample, m, NULL);
}

static void on_end(SimEngine *eng, void *target, const void *payload)
{
    sim_engine_stop(eng);
}

static void on_warmup(SimEngine *eng, void *target, const void *payload)
{
    SimDc *m = target;
    SimTimeNs now = sim_engine_now_ns(eng);
    sim_gauge_restart(&m->dc_util, now);
    sim_gauge_restart(&m->vms_running, now);
    for (guint i = 0; i < m->hosts->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, i);
        sim_gauge_restart(&h->util, now);
        sim_level_hist_restart(&h->util_hist, now);
    }
}

static void schedule_initial(SimDc *m)
{
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        sim_engine_schedule_at(m->eng, vm->cfg->start_ns, m->ev_arrive, vm, NULL);
    }
    for (guint i = 0; i < m->vms->len; i++) {       /* after every arrival at the same time */
        SimVm *vm = g_ptr_array_index(m->vms, i);
        if (vm->cfg->end_ns > 0)
            sim_engine_schedule_at(m->eng, vm->cfg->end_ns, m->ev_depart, vm, NULL);
    }
    for (guint i = 0; i < m->scn->events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(m->scn->events, i);
        TimelineMsg msg = { i, FALSE };
        if (e->kind == SCN_EVENT_FAIL && e->warning_ns > 0) {
            TimelineMsg warn = { i, TRUE };
            sim_engine_schedule_at(m->eng, e->at_ns - e->warning_ns, m->ev_timeline, m, &warn);
        }
        sim_engine_schedule_at(m->eng, e->at_ns, m->ev_timeline, m, &msg);
    }
    if (m->scn->warmup_ns > 0)
        sim_engine_schedule_at(m->eng, m->scn->warmup_ns, m->ev_warmup, m, NULL);
    sim_dcctl_start(m->ctl);
    sim_engine_schedule_at(m->eng, 0, m->ev_sample, m, NULL);
    sim_elastic_run_start(m->elastic);
}

/* Closes the books at the end: settles every running VM's demand and each gauge. */
static void finish(SimDc *m)
{
    m->end_ns = sim_engine_now_ns(m->eng);
    for (guint i = 0; i < m->hosts->len; i++)      /* no frame owned twice, none lost */
        g_assert(mem_map_check(((SimHost *)g_ptr_array_index(m->hosts, i))->memory));
    sim_share_flush(m->share);
    for (guint i = 0; i < m->vms->len; i++) {
        sim_vm_settle_demand(g_ptr_array_index(m->vms, i));
        sim_vm_settle_overhead(g_ptr_array_index(m->vms, i));
    }
    if (sim_series_rows(&m->series) == 0 ||
        g_array_index(m->series.values, double,
                      (sim_series_rows(&m->series) - 1) * m->series.columns->len) <
            sim_s_from_ns(m->end_ns))
        take_sample(m);
}

uint64_t sim_dc_run(SimDc *m)
{
    schedule_initial(m);
    if (m->scn->duration_ns > 0) {
        sim_engine_schedule_at(m->eng, m->scn->duration_ns, m->ev_end, m, NULL);
        sim_engine_run_until(m->eng, m->scn->duration_ns);
    } else {
        sim_engine_run(m->eng);
    }
    finish(m);
    return sim_engine_dispatched(m->eng);
}

SimTimeNs sim_dc_now_ns(const SimDc *m)
{
    return sim_engine_now_ns(m->eng);
}

/* ---- for sim/dc/elastic ---------------------------------------------------------- */

SimHost *sim_dc_place_instance(SimDc *m, int vcpus, uint64_t memory_bytes)
{
    ScnVm probe = { .vcpus = vcpus, .memory_bytes = memory_bytes };
    const char *reason = NULL;
    SimHost *h = place_by_policy(m, &probe, NULL, &reason);
    if (h) {
        h->vcpus_used += vcpus;
        sim_host_charge_memory(h, 1, memory_bytes);
        sim_dc_host_room_changed(m, h);
    }
    return h;
}

void sim_dc_set_vm_demand(SimDc *m, SimVm *vm, double demand_frac)
{
    vm_set_demand(m, vm, demand_frac);
}

/* ---- per-VM results --------------------------------------------------------------- */

double sim_vm_cpu_seconds(SimVm *vm)
{
    if (!vm->host)
        return 0;
    return sim_share_consumer_consumed(vm->model->share, vm->cpu) / vm->host->cfg->freq_hz;
}

/* Time taken against time alone for a VM with work; demanded against received cycles for
 * one with a demand level.  Alone means the same host, no co-runners. */
double sim_vm_slowdown(SimVm *vm)
{
    if (!vm->host)
        return NAN;
    SimDc *m = vm->model;
    if (isfinite(vm->cfg->work_cycles)) {
        double alone_cycles_per_s = vm->cfg->vcpus * vm->host->cfg->freq_hz * vm->speed_frac;
        double done = vm->cfg->work_cycles - sim_share_consumer_remaining(m->share, vm->cpu);
        SimTimeNs end = vm->state == SIM_VM_RUNNING ? m->end_ns : vm->end_ns;
        if (done <= 0)
            return NAN;
        return MAX(1.0, sim_s_from_ns(end - vm->start_ns) / (done / alone_cycles_per_s));
    }
    double done = sim_share_consumer_progress(m->share, vm->cpu);
    if (done <= 0)
        return vm->demanded_cycles > 0 ? INFINITY : 1.0;
    return MAX(1.0, vm->demanded_cycles / done);
}

double sim_vm_overhead_frac(SimVm *vm, int mech)
{
    if (!vm->host)
        return NAN;
    SimTimeNs end = vm->state == SIM_VM_RUNNING ? vm->model->end_ns : vm->end_ns;
    if (end <= vm->start_ns)
        return vm->overhead.cycles_per_native_s[mech] / vm->host->cfg->freq_hz;
    return vm->overhead_area[mech] / sim_s_from_ns(end - vm->start_ns);
}

/* Guest work it asked for and did not get, as a fraction of what it asked; NAN for a VM
 * with fixed work (its slowdown tells) or one that never ran. */
double sim_vm_unmet_frac(SimVm *vm)
{
    if (!vm->host || isfinite(vm->cfg->work_cycles))
        return NAN;
    if (vm->demanded_cycles <= 0)
        return 0;
    double done = sim_share_consumer_progress(vm->model->share, vm->cpu);
    return CLAMP(1.0 - done / vm->demanded_cycles, 0.0, 1.0);
}

/* vCPU-seconds the VM was runnable but not running: host cycles it asked for (its cap) and
 * did not get. */
double sim_vm_steal_s(SimVm *vm)
{
    if (!vm->host)
        return NAN;
    double got = sim_share_consumer_consumed(vm->model->share, vm->cpu);
    return MAX(0.0, vm->capped_cycles - got) / vm->host->cfg->freq_hz;
}

/* Quantum mode: the VM's scheduling delays (runnable to running), over all its vCPUs, in s. */
gboolean sim_vm_sched_delays(SimVm *vm, double *mean_s, double *p99_s)
{
    if (!vm->quantum_vcpus || !vm->quantum_vcpus->len)
        return FALSE;
    SimTally all;
    sim_tally_init(&all);
    for (guint k = 0; k < vm->quantum_vcpus->len; k++) {
        SimTally *t = sched_quantum_vcpu_delays(g_ptr_array_index(vm->quantum_vcpus, k));
        for (guint i = 0; i < t->samples->len; i++)
            sim_tally_add(&all, g_array_index(t->samples, double, i));
    }
    SimStats st = sim_tally_stats(&all);
    sim_tally_clear(&all);
    *mean_s = st.n ? st.mean : NAN;
    *p99_s = st.n ? st.p99 : NAN;
    return st.n > 0;
}
