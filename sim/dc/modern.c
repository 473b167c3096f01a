/* sim/dc/modern.c — today's datacenter on a running host: pods placed into their node VMs,
 * the nesting and runtime terms of a VM's overhead, and the speed factors of NUMA, page
 * sharing, co-location interference and GPUs.  The models are in sim/hypervisor (nested,
 * pod), sim/memory (numa, sharing, interference) and sim/io (gpu); this file only asks
 * them, with the host's running VMs at hand.
 */
#include "sim/dc/dc-priv.h"

#include <string.h>

#include "sim/dc/virtcost.h"

static SimVm *vm_of_cfg(SimDc *m, const char *name)
{
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        if (strcmp(vm->cfg->name, name) == 0)
            return vm;
    }
    return NULL;
}

SimHost *sim_modern_place_pod(SimDc *m, SimVm *pod)
{
    SimVm *node = vm_of_cfg(m, pod->cfg->in_vm);
    pod->reject_reason = NULL;
    if (!node || node->state != SIM_VM_RUNNING || !node->host)
        pod->reject_reason = "its node VM is not running";
    else if (node->pods_vcpus + pod->cfg->vcpus > node->cfg->vcpus ||
             node->pods_memory_bytes + pod->cfg->memory_bytes > node->cfg->memory_bytes)
        pod->reject_reason = "not enough room in its node VM (vCPUs or memory)";
    pod->node = pod->reject_reason ? NULL : node;
    return pod->node ? node->host : NULL;
}

int sim_modern_host_vcpus(const SimVm *vm)
{
    return vm->cfg->in_vm ? 0 : vm->cfg->vcpus;
}

uint64_t sim_modern_host_bytes(const SimVm *vm)
{
    return vm->cfg->in_vm ? 0 : vm->cfg->memory_bytes;
}

/* Page sharing among the running VMs of one workload: each keeps its shareable bytes in
 * one copy; the saving is the sum less the largest. */
static void host_sharing(SimHost *h)
{
    h->shared_saved_bytes = 0;
    for (guint i = 0; i < h->running->len; i++)
        ((SimVm *)g_ptr_array_index(h->running, i))->shared_bytes = 0;
    if (h->cfg->sharing.mode == MEM_SHARING_OFF)
        return;
    for (guint i = 0; i < h->running->len; i++) {
        SimVm *a = g_ptr_array_index(h->running, i);
        uint64_t a_bytes = (uint64_t)(a->cfg->shareable_frac * (double)a->cfg->memory_bytes);
        gboolean first = TRUE, peer = FALSE;
        for (guint j = 0; j < h->running->len; j++) {
            SimVm *b = g_ptr_array_index(h->running, j);
            if (j == i || strcmp(a->cfg->workload, b->cfg->workload) != 0)
                continue;
            peer = TRUE;
            first = first && j > i;             /* the group's first VM keeps the copy */
        }
        if (!peer || a_bytes == 0)
            continue;
        a->shared_bytes = a_bytes;
        if (!first)
            h->shared_saved_bytes += a_bytes;
    }
}

void sim_modern_join(SimHost *h, SimVm *vm)
{
    io_gpu_claim(&h->cfg->gpus, &h->gpu_use, &vm->cfg->gpu, +1);
    if (vm->node) {
        vm->node->pods_vcpus += vm->cfg->vcpus;
        vm->node->pods_memory_bytes += vm->cfg->memory_bytes;
    }
    host_sharing(h);
}

void sim_modern_leave(SimHost *h, SimVm *vm)
{
    io_gpu_claim(&h->cfg->gpus, &h->gpu_use, &vm->cfg->gpu, -1);
    if (vm->node) {
        vm->node->pods_vcpus -= vm->cfg->vcpus;
        vm->node->pods_memory_bytes -= vm->cfg->memory_bytes;
    }
    host_sharing(h);
}

gboolean sim_modern_fits(const SimHost *h, const ScnVm *v)
{
    return io_gpu_fits(&h->cfg->gpus, &h->gpu_use, &v->gpu);
}

/* The other VMs that time-share a core with vm, so share its TLB (sim/memory/tlb.h: a TLB
 * belongs to a core).  V vCPUs on C cores put ceil(V / C) vCPUs on a core once V > C, and
 * none share while every vCPU has a core of its own; never more than the other VMs. */
unsigned sim_modern_tlb_co_runners(const SimHost *h)
{
    int vcpus = 0, cores = MAX(h->cfg->cores, 1);
    for (guint i = 0; i < h->running->len; i++)
        vcpus += sim_modern_host_vcpus(g_ptr_array_index(h->running, i));
    unsigned per_core = (unsigned)((vcpus + cores - 1) / cores);
    return MIN(per_core > 1 ? per_core - 1 : 0, h->running->len - 1);
}

void sim_modern_overhead(SimDc *m, SimHost *h, SimVm *vm, unsigned co_runners, HvInputs *in)
{
    (void)m;
    const ScnHost *hc = h->cfg;
    int spanned = mem_numa_sockets_spanned(&hc->numa, hc->cores, hc->memory_bytes,
                                           vm->cfg->vcpus, vm->cfg->memory_bytes);
    vm->numa_remote_frac = mem_numa_remote_frac(&hc->numa, &vm->cfg->numa, spanned);
    sim_virt_overhead(hc, vm->workload, vm->cfg->io, co_runners, in, &vm->overhead);
    sim_virt_compose(hc, vm->cfg, vm->node ? vm->node->cfg : NULL, vm->workload,
                     vm->numa_remote_frac, in, &vm->overhead);
}

static double interference_speed(SimHost *h, SimVm *vm)
{
    vm->interference_frac = 0;
    if (vm->cfg->interference.sensitivity_frac == 0)
        return 1;                       /* insensitive: skip the scan of its co-runners */
    double others = 0;
    for (guint i = 0; i < h->running->len; i++) {
        SimVm *o = g_ptr_array_index(h->running, i);
        if (o != vm)
            others += o->cfg->interference.pressure_frac * o->demand_frac;
    }
    vm->interference_frac = mem_interference_degradation_frac(&vm->cfg->interference, others);
    return 1 - vm->interference_frac;
}

static double sharing_speed(SimHost *h, SimVm *vm)
{
    const MemSharingHost *sh = &h->cfg->sharing;
    if (sh->mode == MEM_SHARING_OFF)
        return 1;
    double host_hz = h->cfg->cores * h->cfg->freq_hz;
    double scan = MIN(0.5, mem_sharing_scan_cycles_per_s(sh) / host_hz);
    double merged = vm->cfg->memory_bytes ? (double)vm->shared_bytes / vm->cfg->memory_bytes : 0;
    double dirty = vm->workload->virt.hv.dirty_pages_per_s * h->cfg->freq_hz / HV_WORKLOAD_REF_HZ;
    double cow = mem_sharing_cow_cycles_per_s(sh, dirty, merged);
    return (1 - scan) * h->cfg->freq_hz / (h->cfg->freq_hz + cow);
}

double sim_modern_speed_frac(SimDc *m, SimHost *h, SimVm *vm)
{
    (void)m;
    double numa = mem_numa_speed_frac(&h->cfg->numa, &vm->cfg->numa, vm->numa_remote_frac);
    vm->gpu_rate_frac = vm->cfg->gpu.work_frac > 0
                        ? io_gpu_rate(&h->cfg->gpus, &h->gpu_use, &vm->cfg->gpu) : NAN;
    double gpu = vm->cfg->gpu.work_frac > 0 ? io_gpu_speed_frac(&vm->cfg->gpu, vm->gpu_rate_frac) : 1;
    return numa * gpu * interference_speed(h, vm) * sharing_speed(h, vm);
}
