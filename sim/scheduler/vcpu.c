/* sim/scheduler/vcpu.c — pinned, credit and fair vCPU scheduling as SimShare resources and
 * consumers, with steal-time accounting; see vcpu.h. */
#include "sim/scheduler/vcpu.h"

#include <math.h>

#define SCHED_CAP_FLOOR_PER_S 1e-9   /* SimShare reads a cap <= 0 as "none" */

G_DEFINE_QUARK(sched-error-quark, sched_error)

/* One SimShare consumer and its accounting: a vCPU (pinned) or a whole VM. */
typedef struct {
    SchedVmCpu  *vm;
    SimConsumer *c;
    guint        res;          /* index of its resource in the host */
    int          core;         /* pinned core, or -1 */
    int          vcpus;        /* vCPUs this consumer stands for */
    double       rate_per_s;   /* as of the last settle, cycles/s */
    double       cap_per_s;    /* demand bounded by the credit cap */
    double       demand_per_s; /* demand alone */
    gboolean     running;
    SimTimeNs    last_ns;
} SchedSlot;

typedef struct {
    SchedHostCpu *hc;
    SimResource  *r;
    GPtrArray    *slots;       /* SchedSlot *, attach order */
    double        used_per_s;
} SchedRes;

struct SchedHostCpu {
    SimEngine        *eng;
    SimShare         *share;
    SchedVcpuMode     mode;
    int               cores;
    double            freq_hz;
    SchedRes         *res;
    guint             n_res;
    double            used_per_s;
    SchedVmCpu      **core_owner;  /* pinned: who holds each core */
    int               free_cores;
    int               cursor;      /* pinned round-robin: next core to try */
    guint             vms;
    SchedHostWatchFn  watch;
    void             *watch_user;
};

struct SchedVmCpu {
    SchedHostCpu *hc;
    int           vcpus;
    double        weight, cap_frac, demand_frac, efficiency;
    SchedSlot    *slots;
    guint         n_slots, running_slots;
    double        steal_cycles, throttled_cycles;
    SchedVmDoneFn done;
    void         *owner;
};

static const char *const mode_names[SCHED_VCPU_N] = { "pinned", "credit", "fair" };

const char *sched_vcpu_mode_name(SchedVcpuMode mode)
{
    g_assert(mode < SCHED_VCPU_N);
    return mode_names[mode];
}

gboolean sched_vcpu_mode_lookup(const char *name, SchedVcpuMode *mode)
{
    for (int i = 0; i < SCHED_VCPU_N; i++)
        if (g_strcmp0(name, mode_names[i]) == 0) {
            *mode = i;
            return TRUE;
        }
    return FALSE;
}

/* ---- accounting ------------------------------------------------------------------- */

static void slot_settle(SchedSlot *s, SimTimeNs now)
{
    if (s->running && now > s->last_ns) {
        double dt_s = sim_s_from_ns(now - s->last_ns);
        s->vm->steal_cycles += MAX(s->cap_per_s - s->rate_per_s, 0.0) * dt_s;
        s->vm->throttled_cycles += MAX(s->demand_per_s - s->cap_per_s, 0.0) * dt_s;
    }
    s->last_ns = now;
}

static void res_watch(SimResource *r, double used_per_s, void *user)
{
    SchedRes *sr = user;
    SchedHostCpu *hc = sr->hc;
    SimTimeNs now = sim_engine_now_ns(hc->eng);
    for (guint i = 0; i < sr->slots->len; i++) {
        SchedSlot *s = g_ptr_array_index(sr->slots, i);
        slot_settle(s, now);
        s->rate_per_s = sim_share_consumer_rate(s->c);
    }
    hc->used_per_s += used_per_s - sr->used_per_s;
    sr->used_per_s = used_per_s;
    if (hc->watch)
        hc->watch(hc, MAX(hc->used_per_s, 0.0), hc->watch_user);
}

/* ---- host ------------------------------------------------------------------------- */

SchedHostCpu *sched_host_cpu_new(SimEngine *eng, SimShare *share, const char *name,
                                 SchedVcpuMode mode, int cores, double freq_hz)
{
    g_return_val_if_fail(eng && share && mode < SCHED_VCPU_N && cores > 0 && freq_hz > 0, NULL);
    SchedHostCpu *hc = g_new0(SchedHostCpu, 1);
    hc->eng = eng;
    hc->share = share;
    hc->mode = mode;
    hc->cores = hc->free_cores = cores;
    hc->freq_hz = freq_hz;
    hc->n_res = mode == SCHED_VCPU_PINNED ? (guint)cores : 1;
    hc->res = g_new0(SchedRes, hc->n_res);
    hc->core_owner = g_new0(SchedVmCpu *, cores);
    for (guint i = 0; i < hc->n_res; i++) {
        g_autofree char *rname = hc->n_res > 1 ? g_strdup_printf("%s/core%u", name, i)
                                               : g_strdup(name);
        double cap = hc->n_res > 1 ? freq_hz : freq_hz * cores;
        hc->res[i] = (SchedRes){ .hc = hc, .slots = g_ptr_array_new() };
        hc->res[i].r = sim_share_resource_new(share, rname, cap);
        sim_share_resource_watch(hc->res[i].r, res_watch, &hc->res[i]);
    }
    return hc;
}

void sched_host_cpu_free(SchedHostCpu *hc)
{
    if (!hc)
        return;
    g_assert(hc->vms == 0);      /* free the VMs first */
    for (guint i = 0; i < hc->n_res; i++) {
        sim_share_resource_watch(hc->res[i].r, NULL, NULL);
        g_ptr_array_free(hc->res[i].slots, TRUE);
    }
    g_free(hc->res);
    g_free(hc->core_owner);
    g_free(hc);
}

void sched_host_cpu_watch(SchedHostCpu *hc, SchedHostWatchFn fn, void *user)
{
    hc->watch = fn;
    hc->watch_user = user;
}

SchedVcpuMode sched_host_cpu_mode(const SchedHostCpu *hc) { return hc->mode; }
double sched_host_cpu_capacity(const SchedHostCpu *hc) { return hc->freq_hz * hc->cores; }
double sched_host_cpu_used(const SchedHostCpu *hc) { return MAX(hc->used_per_s, 0.0); }
int sched_host_cpu_free_cores(const SchedHostCpu *hc) { return hc->free_cores; }
guint sched_host_cpu_resources(const SchedHostCpu *hc) { return hc->n_res; }

SimResource *sched_host_cpu_resource(const SchedHostCpu *hc, guint i)
{
    g_return_val_if_fail(i < hc->n_res, NULL);
    return hc->res[i].r;
}

/* ---- pinning ---------------------------------------------------------------------- */

static gboolean pin_check(const SchedHostCpu *hc, const SchedVmCpuSpec *spec, GError **error)
{
    if (spec->vcpus > hc->free_cores) {
        g_set_error(error, SCHED_ERROR, SCHED_ERROR_CORES,
                    "pinned: %d vCPUs need %d free cores, the host has %d free of %d",
                    spec->vcpus, spec->vcpus, hc->free_cores, hc->cores);
        return FALSE;
    }
    for (int i = 0; spec->pin && i < spec->vcpus; i++) {
        int core = spec->pin[i];
        gboolean dup = FALSE;
        for (int j = 0; j < i; j++)
            dup |= spec->pin[j] == core;
        if (core < 0 || core >= hc->cores || hc->core_owner[core] || dup) {
            g_set_error(error, SCHED_ERROR, SCHED_ERROR_PIN,
                        "pin: core '%d' is %s (expected a free core in 0..%d, one per vCPU)",
                        core, core < 0 || core >= hc->cores ? "out of range" : "already taken",
                        hc->cores - 1);
            return FALSE;
        }
    }
    return TRUE;
}

/* The next free core from the round-robin cursor on. */
static int pin_next_free(SchedHostCpu *hc)
{
    for (int k = 0; k < hc->cores; k++) {
        int core = (hc->cursor + k) % hc->cores;
        if (!hc->core_owner[core]) {
            hc->cursor = (core + 1) % hc->cores;
            return core;
        }
    }
    g_assert_not_reached();
}

/* ---- VM --------------------------------------------------------------------------- */

static void slot_rates(SchedSlot *s)
{
    SchedVmCpu *vm = s->vm;
    double per_vcpu_frac = vm->demand_frac;
    if (vm->hc->mode == SCHED_VCPU_CREDIT && vm->cap_frac > 0)
        per_vcpu_frac = MIN(per_vcpu_frac, vm->cap_frac);
    s->demand_per_s = vm->demand_frac * s->vcpus * vm->hc->freq_hz;
    s->cap_per_s = per_vcpu_frac * s->vcpus * vm->hc->freq_hz;
}

static double slot_weight(const SchedVmCpu *vm)
{
    switch (vm->hc->mode) {
    case SCHED_VCPU_PINNED: return 1;
    case SCHED_VCPU_CREDIT: return vm->weight;
    case SCHED_VCPU_FAIR:   return vm->vcpus;
    case SCHED_VCPU_N:      break;
    }
    g_assert_not_reached();
}

static void slot_done(SimShare *share, SimConsumer *c, void *owner)
{
    SchedSlot *s = owner;
    SchedVmCpu *vm = s->vm;
    slot_settle(s, sim_engine_now_ns(vm->hc->eng));
    s->running = FALSE;
    s->rate_per_s = 0;
    g_assert(vm->running_slots > 0);
    if (--vm->running_slots == 0 && vm->done)
        vm->done(vm, vm->owner);
}

static void slot_start(SchedVmCpu *vm, SchedSlot *s, double work_cycles)
{
    SchedHostCpu *hc = vm->hc;
    slot_rates(s);
    s->c = sim_share_consumer_new(hc->share, slot_weight(vm),
                                  MAX(s->cap_per_s, SCHED_CAP_FLOOR_PER_S), slot_done, s);
    sim_share_consumer_attach(hc->share, s->c, hc->res[s->res].r);
    sim_share_consumer_set_efficiency(hc->share, s->c, vm->efficiency);
    g_ptr_array_add(hc->res[s->res].slots, s);
    s->last_ns = sim_engine_now_ns(hc->eng);
    s->running = TRUE;
    vm->running_slots++;
    sim_share_consumer_start(hc->share, s->c, work_cycles);
}

SchedVmCpu *sched_vm_cpu_new(SchedHostCpu *hc, const SchedVmCpuSpec *spec,
                             SchedVmDoneFn done, void *owner, GError **error)
{
    g_return_val_if_fail(hc && spec && spec->vcpus > 0, NULL);
    g_return_val_if_fail(spec->demand_frac >= 0 && spec->work_cycles >= 0, NULL);
    gboolean pinned = hc->mode == SCHED_VCPU_PINNED;
    if (pinned && !pin_check(hc, spec, error))
        return NULL;
    SchedVmCpu *vm = g_new0(SchedVmCpu, 1);
    *vm = (SchedVmCpu){ .hc = hc, .vcpus = spec->vcpus, .cap_frac = spec->cap_frac,
                        .weight = spec->weight > 0 ? spec->weight : SCHED_CREDIT_WEIGHT_DEFAULT,
                        .demand_frac = spec->demand_frac,
                        .efficiency = spec->efficiency > 0 ? spec->efficiency : 1.0,
                        .done = done, .owner = owner };
    vm->n_slots = pinned ? (guint)spec->vcpus : 1;
    vm->slots = g_new0(SchedSlot, vm->n_slots);
    hc->vms++;
    for (guint i = 0; i < vm->n_slots; i++) {
        SchedSlot *s = &vm->slots[i];
        *s = (SchedSlot){ .vm = vm, .core = -1, .vcpus = pinned ? 1 : spec->vcpus };
        if (pinned) {
            s->core = spec->pin ? spec->pin[i] : pin_next_free(hc);
            s->res = (guint)s->core;
            hc->core_owner[s->core] = vm;
            hc->free_cores--;
        }
    }
    for (guint i = 0; i < vm->n_slots; i++)
        slot_start(vm, &vm->slots[i], spec->work_cycles / vm->n_slots);
    return vm;
}

void sched_vm_cpu_free(SchedVmCpu *vm)
{
    if (!vm)
        return;
    SchedHostCpu *hc = vm->hc;
    SimTimeNs now = sim_engine_now_ns(hc->eng);
    for (guint i = 0; i < vm->n_slots; i++) {
        SchedSlot *s = &vm->slots[i];
        slot_settle(s, now);
        sim_share_consumer_free(hc->share, s->c);
        g_ptr_array_remove(hc->res[s->res].slots, s);
        if (s->core >= 0) {
            hc->core_owner[s->core] = NULL;
            hc->free_cores++;
        }
    }
    hc->vms--;
    g_free(vm->slots);
    g_free(vm);
}

/* Settles every slot, applies a parameter change, pushes the new caps/weights. */
static void vm_update(SchedVmCpu *vm)
{
    SchedHostCpu *hc = vm->hc;
    SimTimeNs now = sim_engine_now_ns(hc->eng);
    for (guint i = 0; i < vm->n_slots; i++) {
        SchedSlot *s = &vm->slots[i];
        slot_settle(s, now);
        slot_rates(s);
        sim_share_consumer_set_cap(hc->share, s->c, MAX(s->cap_per_s, SCHED_CAP_FLOOR_PER_S));
        sim_share_consumer_set_weight(hc->share, s->c, slot_weight(vm));
    }
}

void sched_vm_cpu_set_demand(SchedVmCpu *vm, double demand_frac)
{
    g_return_if_fail(demand_frac >= 0);
    for (guint i = 0; i < vm->n_slots; i++)
        slot_settle(&vm->slots[i], sim_engine_now_ns(vm->hc->eng));
    vm->demand_frac = demand_frac;
    vm_update(vm);
}

void sched_vm_cpu_set_weight(SchedVmCpu *vm, double weight)
{
    g_return_if_fail(weight > 0);
    for (guint i = 0; i < vm->n_slots; i++)
        slot_settle(&vm->slots[i], sim_engine_now_ns(vm->hc->eng));
    vm->weight = weight;
    vm_update(vm);
}

void sched_vm_cpu_set_cap(SchedVmCpu *vm, double cap_frac)
{
    g_return_if_fail(cap_frac >= 0);
    for (guint i = 0; i < vm->n_slots; i++)
        slot_settle(&vm->slots[i], sim_engine_now_ns(vm->hc->eng));
    vm->cap_frac = cap_frac;
    vm_update(vm);
}

void sched_vm_cpu_set_efficiency(SchedVmCpu *vm, double efficiency)
{
    vm->efficiency = efficiency;
    for (guint i = 0; i < vm->n_slots; i++)
        sim_share_consumer_set_efficiency(vm->hc->share, vm->slots[i].c, efficiency);
}

double sched_vm_cpu_rate(const SchedVmCpu *vm)
{
    double r = 0;
    for (guint i = 0; i < vm->n_slots; i++)
        r += sim_share_consumer_rate(vm->slots[i].c);
    return r;
}

double sched_vm_cpu_remaining(SchedVmCpu *vm)
{
    double w = 0;
    for (guint i = 0; i < vm->n_slots; i++)
        w += sim_share_consumer_remaining(vm->hc->share, vm->slots[i].c);
    return w;
}

double sched_vm_cpu_consumed(SchedVmCpu *vm)
{
    double w = 0;
    for (guint i = 0; i < vm->n_slots; i++)
        w += sim_share_consumer_consumed(vm->hc->share, vm->slots[i].c);
    return w;
}

double sched_vm_cpu_steal_s(SchedVmCpu *vm)
{
    for (guint i = 0; i < vm->n_slots; i++)
        slot_settle(&vm->slots[i], sim_engine_now_ns(vm->hc->eng));
    return vm->steal_cycles / vm->hc->freq_hz;
}

double sched_vm_cpu_throttled_s(SchedVmCpu *vm)
{
    for (guint i = 0; i < vm->n_slots; i++)
        slot_settle(&vm->slots[i], sim_engine_now_ns(vm->hc->eng));
    return vm->throttled_cycles / vm->hc->freq_hz;
}

int sched_vm_cpu_core(const SchedVmCpu *vm, int i)
{
    g_return_val_if_fail(i >= 0 && i < vm->vcpus, -1);
    return vm->hc->mode == SCHED_VCPU_PINNED ? vm->slots[i].core : -1;
}
