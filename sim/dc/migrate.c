/* sim/dc/migrate.c — the VM side of live migration: the hooks sim/migration calls on a running
 * VM (pause, resume on the destination, throttle or stall, reserve room on the destination,
 * charge the sender's CPU) and the records of finished, refused and abandoned migrations.
 *
 * A migration reserves its destination's vCPUs, memory frames and pinned cores when it
 * starts and turns them into the VM's room at resume; a refusal or an abandoned job gives
 * them back.  VMs on passthrough devices, and VMs with I/O streams bound to their host's
 * devices, do not move.
 */
#include "sim/dc/dc-priv.h"

#include <string.h>

#include "sim/dc/control.h"
#include "sim/dc/devices.h"
#include "sim/memory/memory.h"
#include "sim/migration/params.h"
#include "sim/migration/rules.h"
#include "sim/migration/strategy.h"
#include "sim/io/path.h"

void sim_mig_record_free(gpointer p)
{
    SimMigRecord *r = p;
    g_free(r->vm);
    g_free(r->strategy);
    g_free(r->trigger);
    g_free(r->reason);
    if (r->rounds)
        g_array_free(r->rounds, TRUE);
    g_free(r);
}

/* ---- live migration -------------------------------------------------------------- */

static void pods_follow(SimVm *node);

/* Records a migration with its status; job (may be NULL) gives the rounds. */
static SimMigRecord *mig_record(SimDc *m, const MigResult *r, const char *reason,
                                const char *status, const MigJob *job)
{
    SimMigRecord *rec = g_new0(SimMigRecord, 1);
    rec->status = status;
    rec->stop_rules = mig_stop_rules_nth((guint)m->scn->migration.stop_rules)->name;
    rec->rounds = g_array_new(FALSE, FALSE, sizeof(MigRound));
    if (job) {
        guint n = 0;
        const MigRound *rows = mig_job_rounds(job, &n);
        g_array_append_vals(rec->rounds, rows, n);
    }
    rec->r = *r;
    rec->vm = g_strdup(r->vm);
    rec->strategy = g_strdup(r->strategy);
    rec->trigger = g_strdup(r->trigger);
    rec->reason = g_strdup(reason ? reason : r->reason);
    rec->r.vm = rec->vm;
    rec->r.strategy = rec->strategy;
    rec->r.trigger = rec->trigger;
    rec->r.reason = rec->reason;
    g_ptr_array_add(m->migrations, rec);
    return rec;
}

static void release_reservation(SimVm *vm)
{
    SimHost *h = vm->reserved;
    if (!h)
        return;
    h->vcpus_used -= vm->cfg->vcpus;
    sim_host_charge_memory(h, -1, vm->cfg->memory_bytes);
    sim_host_memory_release(h, &vm->reserved_domain);
    sim_host_cores_release(h, &vm->reserved_cores, vm->cfg->vcpus);
    sim_storage_release(h, vm, &vm->reserved_disk);
    vm->reserved = NULL;
    sim_dc_host_room_changed(vm->model, h);
    sim_dcctl_host_changed(vm->model->ctl, h);
}

/* The VM stops or finishes mid-migration: the job is dropped and recorded as abandoned. */
void sim_mig_abandon(SimDc *m, SimVm *vm, const char *why)
{
    MigResult r = mig_job_snapshot(vm->mig);
    mig_record(m, &r, why, "aborted", vm->mig);
    mig_job_free(vm->mig);
    vm->mig = NULL;
    vm->paused = FALSE;
    vm->mig_speed_frac = 1.0;
    sim_vm_short_dirty(vm);
    pods_follow(vm);
    release_reservation(vm);
}

void sim_dc_abandon_migration(SimDc *m, SimVm *vm, const char *why)
{
    if (!vm->mig)
        return;
    sim_mig_abandon(m, vm, why);
    sim_vm_apply_cpu(m, vm);
    sim_io_host_changed(m->io, vm->host);
}

/* ---- a node VM's pods move with it ------------------------------------------------- */

/* Pauses, resumes or throttles the node's pods with it: they run on its vCPUs. */
static void pods_follow(SimVm *node)
{
    g_autoptr(GPtrArray) pods = sim_modern_pods(node);
    for (guint i = 0; i < pods->len; i++) {
        SimVm *pod = g_ptr_array_index(pods, i);
        pod->paused = node->paused;
        pod->mig_speed_frac = node->mig_speed_frac;
        sim_vm_apply_cpu(node->model, pod);
    }
}

/* A pod leaves the node's source host for dst with its node; it claims nothing of either
 * host (its node does), and its work goes on where it was. */
static void pod_move(SimDc *m, SimVm *pod, SimHost *dst)
{
    SimHost *src = pod->host;
    sim_vm_settle_overhead(pod);
    sim_vm_settle_demand(pod);
    sim_share_consumer_stop(m->share, pod->cpu);
    sim_share_consumer_detach_all(m->share, pod->cpu);
    src->vms_running--;
    g_ptr_array_remove(src->running, pod);
    sim_modern_leave(src, pod);
    sim_vm_quantum_leave(pod);
    pod->host = dst;
    if (pod->demand_frac > 0)
        sim_vm_quantum_join(dst, pod);
    dst->vms_running++;
    g_ptr_array_add(dst->running, pod);
    sim_modern_join(dst, pod);
    sim_share_consumer_attach(m->share, pod->cpu, dst->cpu);
    sim_share_consumer_set_cap(m->share, pod->cpu, MAX(sim_vm_cap_cycles_per_s(pod), 1e-9));
    sim_vm_short_dirty(pod);
}

static void mig_pause(void *p)
{
    SimVm *vm = p;
    vm->paused = TRUE;
    sim_vm_apply_cpu(vm->model, vm);
    pods_follow(vm);
    sim_io_host_changed(vm->model->io, vm->host);
}

static void vm_move(SimDc *m, SimVm *vm, SimHost *dst)
{
    SimHost *src = vm->host;
    sim_vm_settle_overhead(vm);
    sim_vm_settle_demand(vm);
    sim_share_consumer_stop(m->share, vm->cpu);
    sim_share_consumer_detach_all(m->share, vm->cpu);
    src->vcpus_used -= vm->cfg->vcpus;
    sim_host_charge_memory(src, -1, vm->cfg->memory_bytes);
    src->vms_running--;
    g_ptr_array_remove(src->running, vm);
    sim_modern_leave(src, vm);              /* its GPU claim and shared pages go with it */
    sim_host_memory_release(src, &vm->mem_domain);
    sim_host_cores_release(src, &vm->cores, vm->cfg->vcpus);
    sim_storage_release(src, vm, &vm->disk);
    vm->mem_domain = vm->reserved_domain;  /* the reservation becomes the VM's room */
    vm->reserved_domain = -1;
    vm->disk = vm->reserved_disk;          /* its image was copied with it (not timed) */
    vm->reserved_disk = -1;
    vm->cores = g_steal_pointer(&vm->reserved_cores);
    sim_vm_quantum_leave(vm);
    vm->reserved = NULL;
    vm->host = dst;
    if (vm->demand_frac > 0)
        sim_vm_quantum_join(dst, vm);
    dst->vms_running++;
    g_ptr_array_add(dst->running, vm);
    sim_modern_join(dst, vm);
    sim_share_consumer_attach(m->share, vm->cpu, dst->cpu);
    sim_share_consumer_set_cap(m->share, vm->cpu, MAX(sim_vm_cap_cycles_per_s(vm), 1e-9));
    sim_host_update_speeds(m, src);
    sim_host_update_speeds(m, dst);
    sim_dc_host_room_changed(m, src);
    sim_dc_host_room_changed(m, dst);
    sim_dcctl_host_changed(m->ctl, src);
}

static void mig_resume(void *p, uint32_t dst_host)
{
    SimVm *vm = p;
    SimDc *m = vm->model;
    SimHost *src = vm->host, *dst = g_ptr_array_index(m->hosts, dst_host);
    g_autoptr(GPtrArray) pods = sim_modern_pods(vm);
    vm->paused = FALSE;
    sim_vm_short_dirty(vm);
    for (guint i = 0; i < pods->len; i++)
        pod_move(m, g_ptr_array_index(pods, i), dst);
    vm->pods_moved = pods->len;
    vm_move(m, vm, dst);
    pods_follow(vm);
    if (pods->len)
        sim_host_update_speeds(m, src);
}

static void mig_set_speed(void *p, double speed_frac)
{
    SimVm *vm = p;
    vm->mig_speed_frac = speed_frac;
    sim_vm_apply_cpu(vm->model, vm);
    pods_follow(vm);
}

/* What must cross: its memory, less the shareable pages a deduplicating destination
 * already holds (once the destination is reserved). */
static uint64_t mig_memory_bytes(void *p)
{
    SimVm *vm = p;
    return vm->cfg->memory_bytes - (vm->reserved ? sim_modern_dedup_bytes(vm->reserved, vm) : 0);
}
static uint64_t mig_page_bytes(void *p) { return MEM_BASE_PAGE_BYTES; }

/* A node VM's memory holds its pods': their writes dirty it too. */
static double mig_dirty_rate(void *p)
{
    SimVm *vm = p;
    double rate = vm->workload->virt.hv.dirty_pages_per_s;
    g_autoptr(GPtrArray) pods = sim_modern_pods(vm);
    for (guint i = 0; i < pods->len; i++)
        rate += ((SimVm *)g_ptr_array_index(pods, i))->workload->virt.hv.dirty_pages_per_s;
    return rate;
}

/* The writable working set (its trace's memory in use, if any; its pods' included), at
 * most the VM's memory. */
static uint64_t mig_wws_pages(void *p)
{
    SimVm *vm = p;
    uint64_t wws = sim_vm_wws_bytes(vm);
    g_autoptr(GPtrArray) pods = sim_modern_pods(vm);
    for (guint i = 0; i < pods->len; i++)
        wws += sim_vm_wws_bytes(g_ptr_array_index(pods, i));
    wws = MIN(wws, vm->cfg->memory_bytes);
    return MAX(UINT64_C(1), wws / MEM_BASE_PAGE_BYTES);
}

/* Page touches over the working set: the workload's TLB-miss rate, each miss a touch of a
 * page not recently used (the pages a post-copy destination lacks). */
static double mig_access_rate(void *p)
{
    return ((SimVm *)p)->workload->virt.hv.tlb_misses_per_s;
}

static double mig_cpu_share(void *p)
{
    SimVm *vm = p;
    double cap = sim_vm_cap_cycles_per_s(vm);
    return cap > 0 ? MIN(1.0, sim_share_consumer_rate(vm->cpu) / cap) : 1.0;
}

static gboolean mig_reserve(void *p, uint32_t dst_host, uint64_t bytes, char **reason)
{
    SimVm *vm = p;
    SimDc *m = vm->model;
    SimHost *dst = g_ptr_array_index(m->hosts, dst_host);
    if (!sim_host_accepting(dst)) {
        *reason = g_strdup_printf("host %s is off, draining or failed", dst->cfg->name);
        return FALSE;
    }
    const char *runtime = scn_migration_incompatible(vm->host->cfg, dst->cfg);
    if (runtime) {
        *reason = g_strdup_printf("host %s: %s", dst->cfg->name, runtime);
        return FALSE;
    }
    if (!sim_host_fits(m, dst, vm->cfg)) {
        *reason = g_strdup_printf("host %s has no room: %s", dst->cfg->name,
                                  sim_host_no_fit_reason(m, dst, vm->cfg));
        return FALSE;
    }
    dst->vcpus_used += vm->cfg->vcpus;
    sim_host_charge_memory(dst, 1, vm->cfg->memory_bytes);
    vm->reserved_domain = sim_host_memory_claim(dst, vm);
    vm->reserved_cores = sim_host_cores_claim(dst, vm);
    vm->reserved_disk = sim_storage_claim(dst, vm);
    vm->reserved = dst;
    sim_dc_host_room_changed(m, dst);
    return TRUE;
}

/* Passthrough ties a VM to its physical device; other I/O streams are bound to the devices
 * of the host they were declared on, and moving them is not modelled: such VMs stay. */
static gboolean mig_migratable(void *p, char **reason)
{
    SimVm *vm = p;
    if (vm->node) {
        *reason = g_strdup_printf("pod %s runs in node VM %s: it moves with its node (migrate "
                                  "the node)", vm->cfg->name, vm->node->cfg->name);
        return FALSE;
    }
    for (guint i = 0; i < vm->cfg->io->len; i++) {
        const ScnVmIo *io = g_ptr_array_index(vm->cfg->io, i);
        const ScnDevice *dev = scn_device_find(vm->host->cfg->devices, io->device);
        if (dev && dev->spec.path == IO_PATH_PASSTHROUGH) {
            *reason = g_strdup_printf("VM %s uses passthrough device %s: it can no longer "
                                      "live-migrate", vm->cfg->name, io->device);
            return FALSE;
        }
    }
    if (vm->cfg->io->len > 0) {
        *reason = g_strdup_printf("VM %s has I/O streams bound to the devices of host %s "
                                  "(moving them is not modelled)", vm->cfg->name,
                                  vm->host->cfg->name);
        return FALSE;
    }
    return TRUE;
}

/* Sending costs the source CPU: a job of `cycles` on one of its cores, competing with its
 * VMs in the fluid model (migration.send_cpu cycles per byte). */
static void send_work_done(SimShare *share, SimConsumer *c, void *owner)
{
    sim_share_consumer_free(share, c);
}

static void mig_source_cpu(void *p, uint32_t src_host, double cycles)
{
    SimVm *vm = p;
    SimDc *m = vm->model;
    SimHost *h = g_ptr_array_index(m->hosts, src_host);
    SimConsumer *c = sim_share_consumer_new(m->share, 1, h->cfg->freq_hz, send_work_done, NULL);
    sim_share_consumer_attach(m->share, c, h->cpu);
    sim_share_consumer_start(m->share, c, cycles);
}

static double mig_cold_rate(void *p)
{
    return ((SimVm *)p)->workload->virt.hv.cold_dirty_pages_per_s;
}

static uint32_t mig_write_run(void *p)
{
    uint64_t run = ((SimVm *)p)->workload->virt.hv.write_run_bytes / MEM_BASE_PAGE_BYTES;
    return (uint32_t)CLAMP(run, UINT64_C(1), UINT64_C(1) << 20);
}

static double mig_core_hz(void *p, uint32_t src_host)
{
    SimDc *m = ((SimVm *)p)->model;
    return ((SimHost *)g_ptr_array_index(m->hosts, src_host))->cfg->freq_hz;
}

static const MigVmOps vm_mig_ops = {
    .pause = mig_pause, .resume = mig_resume, .set_speed = mig_set_speed,
    .memory_bytes = mig_memory_bytes, .page_bytes = mig_page_bytes,
    .dirty_pages_per_s = mig_dirty_rate, .wws_pages = mig_wws_pages,
    .access_pages_per_s = mig_access_rate, .cpu_share_frac = mig_cpu_share,
    .reserve_dest = mig_reserve, .migratable = mig_migratable, .source_cpu = mig_source_cpu,
    .cold_dirty_pages_per_s = mig_cold_rate, .write_run_pages = mig_write_run,
    .source_core_hz = mig_core_hz,
};

static void mig_done(MigJob *job, const MigResult *r, void *user)
{
    SimVm *vm = user;
    mig_record(vm->model, r, NULL, "done", job)->pods = vm->pods_moved;
    mig_job_free(job);
    vm->mig = NULL;
    vm->mig_speed_frac = 1.0;
    sim_vm_apply_cpu(vm->model, vm);
    pods_follow(vm);
}

static void refuse(SimDc *m, SimVm *vm, const char *strategy, const char *trigger,
                   SimHost *dst, const char *why)
{
    SimTimeNs now = sim_engine_now_ns(m->eng);
    MigResult r = { .vm = vm->cfg->name, .strategy = strategy, .trigger = trigger,
                    .src_host = vm->host ? vm->host->index : 0, .dst_host = dst->index,
                    .refused = TRUE, .start_ns = now, .end_ns = now };
    mig_record(m, &r, why, "refused", NULL);
}

/* Starts a live migration of vm to dst; refusals are recorded with their reason. */
void sim_vm_migrate(SimDc *m, SimVm *vm, SimHost *dst, const char *strategy,
                       const char *trigger)
{
    if (vm->state != SIM_VM_RUNNING)
        return refuse(m, vm, strategy, trigger, dst, "the VM is not running");
    if (vm->mig)
        return refuse(m, vm, strategy, trigger, dst, "the VM is already migrating");
    if (!vm->rng) {
        g_autofree char *name = g_strdup_printf("vm:%s/migration", vm->cfg->name);
        vm->rng = sim_rng_new(m->scn->seed, name);
    }
    vm->pods_moved = 0;
    MigParams params;       /* the job copies them */
    mig_params_from_scn(&params, &m->scn->migration);
    MigJobSpec spec = {
        .strategy = mig_strategy_lookup(strategy), .params = &params,
        .vm_ops = &vm_mig_ops, .vm = vm, .vm_name = vm->cfg->name, .trigger = trigger,
        .src_host = vm->host->index, .dst_host = dst->index, .rng = vm->rng,
        .done = mig_done, .done_user = vm,
    };
    vm->mig = mig_job_new(m->net, &spec);
    GError *error = NULL;
    if (!mig_job_start(vm->mig, &error)) {
        MigResult r = *mig_job_result(vm->mig);
        mig_record(m, &r, error->message, "refused", NULL);
        g_error_free(error);
        mig_job_free(vm->mig);
        vm->mig = NULL;
    }
}

void sim_dc_migrate(SimDc *m, SimVm *vm, SimHost *dst, const char *strategy,
                    const char *trigger)
{
    sim_vm_migrate(m, vm, dst, strategy ? strategy : m->scn->migration.strategy, trigger);
}

