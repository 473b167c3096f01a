/* sim/dc/control.c — consolidation, maintenance, failures; see control.h. */
#include "sim/dc/control.h"

#include "sim/dc/devices.h"
#include "sim/scheduler/consolidate.h"
#include "sim/scheduler/failure.h"

struct SimDcCtl {
    SimDc         *m;
    SimEventTypeId ev_tick, ev_boot, ev_fail, ev_dd_restart;
    guint64        power_offs;
    SimRng       **rng;            /* per host "host:NAME/failure", for hosts with an MTBF */
};

static void on_tick(SimEngine *eng, void *target, const void *payload);
static void on_boot(SimEngine *eng, void *target, const void *payload);
static void on_fail(SimEngine *eng, void *target, const void *payload);
static void on_dd_restart(SimEngine *eng, void *target, const void *payload);

static const SimEventType tick_type = { .name = "dc.consolidate", .handle = on_tick };
static const SimEventType boot_type = { .name = "dc.boot_host", .handle = on_boot };
static const SimEventType fail_type = { .name = "dc.host_failure", .handle = on_fail };
static const SimEventType dd_restart_type = { .name = "dc.driver_domain_restart",
                                              .handle = on_dd_restart };

SimDcCtl *sim_dcctl_new(SimDc *m)
{
    SimDcCtl *ctl = g_new0(SimDcCtl, 1);
    ctl->m = m;
    ctl->ev_tick = sim_engine_register(m->eng, &tick_type);
    ctl->ev_boot = sim_engine_register(m->eng, &boot_type);
    ctl->ev_fail = sim_engine_register(m->eng, &fail_type);
    ctl->ev_dd_restart = sim_engine_register(m->eng, &dd_restart_type);
    ctl->rng = g_new0(SimRng *, m->hosts->len);
    return ctl;
}

static SchedFailureModel failure_model(const SimHost *h)
{
    return (SchedFailureModel){ SCHED_FAILURE_EXPONENTIAL, h->cfg->mtbf_ns, h->cfg->mttr_ns, 1 };
}

/* The next failure of h, from its own stream (exponential up times, mean MTBF). */
static void schedule_failure(SimDcCtl *ctl, SimHost *h)
{
    if (h->cfg->mtbf_ns <= 0)
        return;
    if (!ctl->rng[h->index]) {
        g_autofree char *name = g_strdup_printf("host:%s/failure", h->cfg->name);
        ctl->rng[h->index] = sim_rng_new(ctl->m->scn->seed, name);
    }
    SchedFailureModel fm = failure_model(h);
    sim_engine_schedule(ctl->m->eng, sched_failure_draw_up_ns(&fm, ctl->rng[h->index]),
                        ctl->ev_fail, h, NULL);
}

static void on_fail(SimEngine *eng, void *target, const void *payload)
{
    SimHost *h = target;
    SimDcCtl *ctl = h->model->ctl;
    SchedFailureModel fm = failure_model(h);
    sim_dcctl_fail(ctl, h, MAX(1, sched_failure_draw_repair_ns(&fm, ctl->rng[h->index])));
}

void sim_dcctl_start(SimDcCtl *ctl)
{
    const ScnScheduler *sc = &ctl->m->scn->sched;
    if (sc->consolidation)
        sim_engine_schedule(ctl->m->eng, sc->interval_ns, ctl->ev_tick, ctl, NULL);
    for (guint i = 0; i < ctl->m->hosts->len; i++)
        schedule_failure(ctl, g_ptr_array_index(ctl->m->hosts, i));
}

void sim_dcctl_free(SimDcCtl *ctl)
{
    if (!ctl)
        return;
    for (guint i = 0; i < ctl->m->hosts->len; i++)
        sim_rng_free(ctl->rng[i]);
    g_free(ctl->rng);
    g_free(ctl);
}

guint64 sim_dcctl_power_offs(const SimDcCtl *ctl)
{
    return ctl->power_offs;
}

/* A draining host with nothing left on it (and nothing reserved) shuts down. */
void sim_dcctl_host_changed(SimDcCtl *ctl, SimHost *h)
{
    if (!h->draining || h->vms_running > 0 || h->memory_used_bytes > 0 || h->failed)
        return;
    if (sched_host_power_state(h->power) == SCHED_POWER_ON && sched_host_power_off(h->power))
        ctl->power_offs++;
}

void sim_dcctl_power_changed(SimDcCtl *ctl, SimHost *h, SchedPowerState state)
{
    if (state == SCHED_POWER_OFF && h->maintenance_ns > 0) {
        sim_engine_schedule(ctl->m->eng, h->maintenance_ns, ctl->ev_boot, h, NULL);
        h->maintenance_ns = 0;
    }
    if (state == SCHED_POWER_ON) {
        gboolean repaired = h->failed;
        h->draining = FALSE;
        h->failed = FALSE;
        sim_dc_host_room_changed(ctl->m, h);
        if (repaired)
            schedule_failure(ctl, h);
    }
}

static void on_boot(SimEngine *eng, void *target, const void *payload)
{
    SimHost *h = target;
    sched_host_power_on(h->power);
}

/* Moves every VM off h: each to where the placement policy puts it now. */
static void evacuate(SimDcCtl *ctl, SimHost *h, const char *trigger)
{
    SimDc *m = ctl->m;
    g_autoptr(GPtrArray) vms = g_ptr_array_copy(h->running, NULL, NULL);
    for (guint i = 0; i < vms->len; i++) {
        SimVm *vm = g_ptr_array_index(vms, i);
        const char *reason = NULL;
        SimHost *dst = sim_dc_place(m, vm, &reason);
        if (dst)
            sim_dc_migrate(m, vm, dst, m->scn->sched.strategy, trigger);
    }
}

void sim_dcctl_maintenance(SimDcCtl *ctl, GPtrArray *hosts, SimTimeNs duration_ns)
{
    g_autoptr(GPtrArray) up = g_ptr_array_new();
    for (guint i = 0; i < hosts->len; i++) {
        SimHost *h = g_ptr_array_index(hosts, i);
        if (h->failed || sched_host_power_state(h->power) != SCHED_POWER_ON)
            continue;
        h->draining = TRUE;
        h->maintenance_ns = MAX(duration_ns, 1);
        sim_dc_host_room_changed(ctl->m, h);
        g_ptr_array_add(up, h);
    }
    for (guint i = 0; i < up->len; i++) {
        evacuate(ctl, g_ptr_array_index(up, i), "maintenance");
        sim_dcctl_host_changed(ctl, g_ptr_array_index(up, i));
    }
}

void sim_dcctl_predict_failure(SimDcCtl *ctl, GPtrArray *hosts)
{
    for (guint i = 0; i < hosts->len; i++) {
        SimHost *h = g_ptr_array_index(hosts, i);
        h->draining = TRUE;
        sim_dc_host_room_changed(ctl->m, h);
    }
    for (guint i = 0; i < hosts->len; i++)
        evacuate(ctl, g_ptr_array_index(hosts, i), "failure");
}

void sim_dcctl_fail(SimDcCtl *ctl, SimHost *h, SimTimeNs repair_ns)
{
    SimDc *m = ctl->m;
    if (h->failed)
        return;
    h->failed = TRUE;
    h->maintenance_ns = 0;
    for (guint i = 0; i < m->vms->len; i++) {       /* migrations heading here stop */
        SimVm *vm = g_ptr_array_index(m->vms, i);
        if (vm->reserved == h)
            sim_dc_abandon_migration(m, vm, "the destination host failed");
    }
    sched_host_power_fail(h->power);
    sim_dc_host_room_changed(m, h);
    g_autoptr(GPtrArray) vms = g_ptr_array_copy(h->running, NULL, NULL);
    for (guint i = 0; i < vms->len; i++)
        sim_dc_vm_lose(m, g_ptr_array_index(vms, i), h->cfg->virt.profile->hv.boot_ns);
    if (repair_ns > 0)
        sim_engine_schedule(m->eng, repair_ns, ctl->ev_boot, h, NULL);
}

void sim_dcctl_driver_domain_fail(SimDcCtl *ctl, SimHost *h, SimTimeNs restart_ns)
{
    SimDc *m = ctl->m;
    SimTimeNs up = restart_ns > 0 ? sim_engine_now_ns(m->eng) + restart_ns : SIM_TIME_NEVER;
    h->io_up_ns = h->io_down ? MAX(h->io_up_ns, up) : up;
    h->io_down = TRUE;
    sim_io_host_changed(m->io, h);
    if (restart_ns > 0)
        sim_engine_schedule(m->eng, restart_ns, ctl->ev_dd_restart, h, NULL);
}

/* The driver domain is back unless a later crash extended its outage. */
static void on_dd_restart(SimEngine *eng, void *target, const void *payload)
{
    SimHost *h = target;
    if (!h->io_down || sim_engine_now_ns(eng) < h->io_up_ns)
        return;
    h->io_down = FALSE;
    sim_io_host_changed(h->model->io, h);
}

/* ---- consolidation ---------------------------------------------------------------- */

static void build_plan(SimDcCtl *ctl, SchedPlan *plan)
{
    SimDc *m = ctl->m;
    const ScnScheduler *sc = &m->scn->sched;
    g_autofree SchedHostView *views = g_new0(SchedHostView, m->hosts->len);
    g_autoptr(GArray) loads = g_array_new(FALSE, TRUE, sizeof(SchedVmLoad));
    for (guint i = 0; i < m->hosts->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, i);
        views[i] = (SchedHostView){
            .index = (int)i, .cores = h->cfg->cores, .vcpus_used = h->vcpus_used,
            .memory_bytes = (uint64_t)sim_host_guest_memory_bytes(h, 1),
            .memory_used_bytes = h->memory_used_bytes,
            .util_frac = h->util.value, .capacity_cycles_per_s = h->capacity_cycles_per_s,
            .powered_on = sim_host_accepting(h),
        };
        for (guint k = 0; k < h->running->len; k++) {
            SimVm *vm = g_ptr_array_index(h->running, k);
            SchedVmLoad l = { .vm_index = (int)vm->index, .host = i, .vcpus = vm->cfg->vcpus,
                              .memory_bytes = vm->cfg->memory_bytes,
                              .load_cycles_per_s = sim_share_consumer_rate(vm->cpu),
                              .anti_affinity = vm->cfg->anti_affinity,
                              .movable = vm->mig == NULL && vm->cfg->io->len == 0 };
            g_array_append_val(loads, l);
        }
    }
    SchedConsolidateParams p = {
        .low_frac = sc->low_frac, .high_frac = sc->high_frac, .placement = m->placement,
        .overcommit = { m->scn->overcommit_cpu, m->scn->overcommit_memory },
        .min_hosts_on = (guint)sc->min_hosts_on,
    };
    sched_consolidate(views, m->hosts->len, (SchedVmLoad *)loads->data, loads->len, &p, plan);
}

static void carry_out(SimDcCtl *ctl, const SchedPlan *plan)
{
    SimDc *m = ctl->m;
    for (guint i = 0; i < plan->power_on->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, g_array_index(plan->power_on, int, i));
        h->draining = FALSE;
        sim_dc_host_room_changed(m, h);     /* a draining host that is on takes VMs again */
        if (sched_host_power_state(h->power) == SCHED_POWER_OFF && !h->failed)
            sched_host_power_on(h->power);
    }
    for (guint i = 0; i < plan->power_off->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, g_array_index(plan->power_off, int, i));
        h->draining = TRUE;
        sim_dc_host_room_changed(m, h);
    }
    for (guint i = 0; i < plan->moves->len; i++) {
        const SchedMove *mv = &g_array_index(plan->moves, SchedMove, i);
        SimVm *vm = g_ptr_array_index(m->vms, mv->vm_index);
        SimHost *dst = g_ptr_array_index(m->hosts, mv->to_host);
        if (sim_host_accepting(dst))
            sim_dc_migrate(m, vm, dst, m->scn->sched.strategy, "consolidation");
    }
    for (guint i = 0; i < plan->power_off->len; i++)
        sim_dcctl_host_changed(ctl, g_ptr_array_index(m->hosts,
                                                      g_array_index(plan->power_off, int, i)));
}

static void on_tick(SimEngine *eng, void *target, const void *payload)
{
    SimDcCtl *ctl = target;
    SchedPlan plan;
    sim_share_flush(ctl->m->share);           /* decide on this instant's rates */
    sched_plan_init(&plan);
    build_plan(ctl, &plan);
    carry_out(ctl, &plan);
    sched_plan_clear(&plan);
    sim_engine_schedule(eng, ctl->m->scn->sched.interval_ns, ctl->ev_tick, ctl, NULL);
}
