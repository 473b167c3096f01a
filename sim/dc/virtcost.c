/* sim/dc/virtcost.c — overhead of one VM on one host, and the explain view; see virt.h. */
#include "sim/dc/virtcost.h"

#include <math.h>
#include <string.h>

#include "sim/hypervisor/explain.h"
#include "sim/hypervisor/guest.h"
#include "sim/hypervisor/trust.h"
#include "sim/hypervisor/nested.h"
#include "sim/hypervisor/pod.h"
#include "sim/elastic/provision.h"
#include "sim/hypervisor/runtime.h"
#include "sim/memory/paging.h"

/* The profile as the host runs it: the paging mode is the host's, not the profile's hint. */
static HvProfile effective_profile(const ScnHost *h)
{
    static const HvPaging by_mode[MEM_PAGING_N] = {
        [MEM_PAGING_NATIVE] = HV_PAGING_NATIVE, [MEM_PAGING_SHADOW] = HV_PAGING_SHADOW,
        [MEM_PAGING_NESTED] = HV_PAGING_NESTED, [MEM_PAGING_DIRECT] = HV_PAGING_DIRECT,
    };
    HvProfile p = h->virt.profile->hv;
    p.paging = by_mode[h->virt.mmu.mode];
    return p;
}

static void io_cost(const ScnHost *h, const ScnDevice *dev, gboolean as_type1,
                    IoPathCost *cost);

void sim_virt_io_cost(const ScnHost *h, const ScnDevice *dev, IoPathCost *cost)
{
    io_cost(h, dev, FALSE, cost);
}

void sim_virt_io_env(const ScnHost *h, IoPathEnv *env)
{
    static const IoHostKind by_kind[HV_KIND_COUNT] = {
        [HV_KIND_NATIVE] = IO_HOST_NATIVE, [HV_KIND_TYPE1] = IO_HOST_TYPE1,
        [HV_KIND_TYPE2] = IO_HOST_TYPE2, [HV_KIND_CONTAINER] = IO_HOST_CONTAINER,
    };
    const HvProfile *p = &h->virt.profile->hv;
    io_path_env_init(env);
    env->host = by_kind[p->kind];
    env->freq_hz = h->freq_hz;
    env->exit_cycles = hv_profile_vm_exit_cycles(p);
    env->posted_interrupts = p->technique == HV_TECH_HW && p->hw_gen >= 3;
    if (p->kind == HV_KIND_TYPE2)
        env->host_stack_cycles = p->host_io_cycles;
    env->pv_latency_ns = (double)p->pv_io_latency_ns;
    env->pv_cycles = p->pv_io_cycles;
    env->blk_stream_cycles = p->blk_stream_cycles;
    env->blk_backend_cycles = p->blk_backend_cycles;
    env->blk_backend_threads = (uint32_t)MAX(0, p->blk_backend_threads);
}

static void io_cost(const ScnHost *h, const ScnDevice *dev, gboolean as_type1,
                    IoPathCost *cost)
{
    IoPathEnv env;
    sim_virt_io_env(h, &env);
    if (as_type1 && env.host == IO_HOST_TYPE2)
        env.host = IO_HOST_TYPE1;
    env.batch_ops = dev->spec.batch_ops;
    env.disk = dev->spec.kind == IO_KIND_DISK;
    io_path_cost(dev->spec.path, &env, cost);
}

/* The rate a stream runs at, as far as the CPU is concerned: open loop, its offered rate;
 * both within its serial stages' bounds; closed loop, at most depth / (think + submit + path latency + stages + service) (Little's
 * law, no queueing) and its own serial path's bound. */
static double stream_ops_per_s(const ScnHost *h, const ScnVmIo *x)
{
    const ScnDevice *dev = scn_device_find(h->devices, x->device);
    IoPathCost cost;
    io_cost(h, dev, FALSE, &cost);
    double bound = io_path_stage_cap_ops_per_s(&cost, (double)x->submit_ns);
    if (!x->depth)                      /* open loop: what it offers, within its path's bound */
        return MIN(x->ops_per_s, bound);
    double r_s = (cost.latency_ns + cost.stream_ns + cost.backend_ns + (double)x->submit_ns
                  + IO_ISSUE_NS) / 1e9
                 + io_service_s(io_slice_bandwidth_bytes_per_s(&dev->spec),
                                io_slice_iops_per_s(&dev->spec), (double)x->bytes_per_op);
    double closed = r_s > 0 ? x->depth / r_s : G_MAXDOUBLE;
    closed = MIN(closed, bound);
    return x->ops_per_s > 0 ? MIN(x->ops_per_s, closed) : closed;
}

/* The back-end ceiling of the VM's disk `device` (ops/s; INFINITY when it has none). */
static double backend_cap_ops_per_s(const ScnHost *h, const char *device)
{
    IoPathCost cost;
    io_cost(h, scn_device_find(h->devices, device), FALSE, &cost);
    return cost.backend_threads > 0 && cost.backend_ns > 0
           ? cost.backend_threads * 1e9 / cost.backend_ns : INFINITY;
}

/* Every stream's rate (ops[i] for io[i]); the streams of one device share its back end, so
 * above the ceiling they are scaled down together (the run shares it max-min; equal
 * streams, as fio's jobs are, get the same either way). */
static void vm_stream_rates(const ScnHost *h, const GPtrArray *io, double *ops)
{
    for (guint i = 0; i < io->len; i++)
        ops[i] = stream_ops_per_s(h, g_ptr_array_index(io, i));
    for (guint i = 0; i < io->len; i++) {
        const char *dev = ((const ScnVmIo *)g_ptr_array_index(io, i))->device;
        double cap = backend_cap_ops_per_s(h, dev), sum = 0;
        gboolean first = TRUE;
        for (guint j = 0; j < io->len; j++)
            if (strcmp(((const ScnVmIo *)g_ptr_array_index(io, j))->device, dev) == 0) {
                first &= j >= i;
                sum += ops[j];
            }
        if (!first || !(sum > cap))
            continue;
        for (guint j = i; j < io->len; j++)
            if (strcmp(((const ScnVmIo *)g_ptr_array_index(io, j))->device, dev) == 0)
                ops[j] *= cap / sum;
    }
}

/* The VM's streams priced on their devices' paths: I/O rates and the disk share replace the
 * workload's, and the path of the busiest stream sets the exits and device work per operation.  The Type 2
 * host stack is left to sim/hypervisor's host-path term (it is not counted twice). */
static void io_from_streams(const ScnHost *h, const GPtrArray *io, HvWorkload *w,
                            HvIoPath *path)
{
    static const HvIoKind by_path[IO_PATH_COUNT] = {
        [IO_PATH_EMULATED] = HV_IO_EMULATED, [IO_PATH_PARAVIRTUAL] = HV_IO_PARAVIRTUAL,
        [IO_PATH_PASSTHROUGH] = HV_IO_PASSTHROUGH, [IO_PATH_NATIVE] = HV_IO_PASSTHROUGH,
    };
    const ScnVmIo *busiest = NULL;
    double busiest_ops = -1, disk_ops = 0;
    g_autofree double *rates = g_new(double, MAX(io->len, 1));
    vm_stream_rates(h, io, rates);
    w->io_ops_per_s = w->io_bytes_per_s = 0;
    for (guint i = 0; i < io->len; i++) {
        const ScnVmIo *x = g_ptr_array_index(io, i);
        double ops = rates[i];
        w->io_ops_per_s += ops;
        w->io_bytes_per_s += ops * x->bytes_per_op;
        if (scn_device_find(h->devices, x->device)->spec.kind == IO_KIND_DISK)
            disk_ops += ops;
        if (ops > busiest_ops) {
            busiest = x;
            busiest_ops = ops;
        }
    }
    w->disk_io_frac = w->io_ops_per_s > 0 ? disk_ops / w->io_ops_per_s : 0;
    const ScnDevice *dev = scn_device_find(h->devices, busiest->device);
    g_assert(dev);     /* streams stay on the host that has their devices (see datacenter.c) */
    IoPathCost cost;
    io_cost(h, dev, TRUE, &cost);
    hv_io_path_init(path, by_path[cost.path]);
    path->exits_per_op = cost.exits;
    path->device_cycles_per_op = MAX(0.0, cost.host_cycles + cost.guest_cycles -
                                          cost.exits * hv_profile_vm_exit_cycles(&h->virt.profile->hv));
}

void sim_virt_overhead(const ScnHost *h, const ScnWorkload *wl, const GPtrArray *io,
                       unsigned co_runners, HvInputs *in, HvOverhead *out)
{
    HvProfile p = effective_profile(h);
    HvWorkload w = wl->virt.hv;
    memset(in, 0, sizeof *in);
    mem_paging_cost_fill(&h->virt.mmu, &wl->virt.mem, co_runners, &in->mem);
    hv_io_path_init(&in->io, hv_profile_default_io(&p));
    if (in->io.kind == HV_IO_PARAVIRTUAL && p.pv_io_cycles > 0)
        in->io.device_cycles_per_op = MAX(0.0, p.pv_io_cycles - in->io.exits_per_op *
                                                                hv_profile_vm_exit_cycles(&p));
    in->io_wall_clock = io && io->len;
    if (in->io_wall_clock)
        io_from_streams(h, io, &w, &in->io);
    in->cpu_hz = h->freq_hz;
    hv_overhead_compute(&w, &p, in, out);
}

double sim_virt_dd_take_io(const ScnHost *h, const ScnVm *v, const HvInputs *in,
                           HvOverhead *o)
{
    if (h->dd_vcpus == 0 || !v->io->len || !in->io_wall_clock || in->io.kind == HV_IO_PASSTHROUGH)
        return 0;
    double io = o->cycles_per_native_s[HV_MECH_IO], hz = h->freq_hz;
    o->cycles_per_native_s[HV_MECH_IO] = 0;
    o->total_cycles_per_native_s -= io;
    o->speed_frac = hz / MAX(hz, hz / o->speed_frac - io);
    return io;
}

void sim_virt_compose(const ScnHost *h, const ScnVm *v, const ScnVm *node,
                      const ScnWorkload *wl, double numa_remote_frac, const HvInputs *in,
                      HvOverhead *out)
{
    HvProfile p = effective_profile(h);
    double walk = mem_numa_walk_factor(&h->numa, numa_remote_frac);
    out->cycles_per_native_s[HV_MECH_PAGE_WALK] *= walk;
    const HvRuntime *rt = hv_runtime_at(v->managed_runtime);    /* process-level, on top */
    out->events_per_s[HV_MECH_RUNTIME] = 0;
    out->cycles_per_native_s[HV_MECH_RUNTIME] = rt ? (rt->slowdown - 1) * in->cpu_hz : 0;
    out->total_cycles_per_native_s = 0;
    for (int m = 0; m < HV_MECH_COUNT; m++)
        out->total_cycles_per_native_s += out->cycles_per_native_s[m];
    out->speed_frac = in->cpu_hz / (in->cpu_hz + out->total_cycles_per_native_s);
    hv_nested_apply(node ? &node->nested : &v->nested, &p, &wl->virt.hv, in, out);
    if (node)
        hv_pod_compose(&wl->virt.hv, hv_profile_lookup(v->runtime), in, out);
}

static const ScnHost *explain_host(const Scenario *s, const ScnVm *v)
{
    return v->host ? scn_host_lookup(s, v->host) : g_ptr_array_index(s->hosts, 0);
}

/* The memory lines price nothing themselves: they show the run's own breakdown (o) of the
 * mechanisms sim/memory feeds, so explain and the run cannot disagree. */
static void explain_memory(GString *g, const HvInputs *in, const HvOverhead *o,
                           const ScnHost *h)
{
    HvProfile p = effective_profile(h);
    double clock = in->cpu_hz / HV_WORKLOAD_REF_HZ, pt = o->cycles_per_native_s[HV_MECH_PT];
    gboolean direct = h->virt.mmu.mode == MEM_PAGING_DIRECT;
    double pv_calls = direct && p.pv_pt_batch > 0 ? o->events_per_s[HV_MECH_PT] / p.pv_pt_batch : 0;
    g_string_append_printf(g, "  memory (%s paging, TLB %s): %.0f TLB misses/s, %.2f references "
                              "per walk (native %.2f), %.0f shadow traps/s, %.0f hidden faults/s, "
                              "%.0f page-table hypercalls/s\n",
                           mem_paging_mode_name(h->virt.mmu.mode),
                           h->virt.mmu.tlb.tagged ? "tagged" : "flushed on world switch",
                           in->mem.tlb_misses_per_s * clock, in->mem.virt_walk_refs,
                           in->mem.native_walk_refs, in->mem.pt_traps_per_s * clock,
                           in->mem.hidden_faults_per_s * clock, pv_calls);
    g_string_append_printf(g, "  memory adds per native second: page walks %.3f %%, shadow "
                              "upkeep %.3f %%, PV updates %.3f %%, TLB refills %.3f %%\n",
                           100 * o->cycles_per_native_s[HV_MECH_PAGE_WALK] / in->cpu_hz,
                           100 * (direct ? 0 : pt) / in->cpu_hz, 100 * (direct ? pt : 0) / in->cpu_hz,
                           100 * o->cycles_per_native_s[HV_MECH_TLB_FLUSH] / in->cpu_hz);
    if (p.walk_extra_cycles > 0 && p.paging == HV_PAGING_NESTED)
        g_string_append_printf(g, "  page walks priced as measured: %.1f cycles per TLB miss "
                                  "beyond native (profile key walk_extra), not the walk model "
                                  "above\n", p.walk_extra_cycles);
}

/* Boot time, image and footprints: what the profile costs besides cycles. */
static void explain_profile(GString *g, const ScnHost *h)
{
    const HvProfile *p = &h->virt.profile->hv;
    g_autofree char *foot = g_format_size_full(p->vm_footprint_bytes, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *image = g_format_size_full(p->image_bytes, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *host = g_format_size_full(p->host_footprint_bytes, G_FORMAT_SIZE_IEC_UNITS);
    g_string_append_printf(g, "  %s: boots in %.3f s, image %s, %s per guest, %s on the host",
                           p->name, sim_s_from_ns(p->boot_ns), image, foot, host);
    if (p->cpu_cap_cores > 0)
        g_string_append_printf(g, ", cgroup CPU cap %.2f cores", p->cpu_cap_cores);
    g_string_append_c(g, '\n');
}

/* The user profile a workload derives from, so `bigmem-2m: { base: bigmem }` compares with
 * `bigmem`: the first ancestor whose own base is a built-in. */
static const char *workload_family(const Scenario *s, const ScnWorkload *wl)
{
    while (wl->base) {
        const ScnWorkload *base = scn_workload_lookup(s, wl->base);
        if (!base || !base->base)
            break;
        wl = base;
    }
    return wl->name;
}

/* The share of the host a page-sharing scanner leaves to every VM on it (1 without
 * sharing; alone on the host a VM has no merged pages, so no copy-on-write breaks). */
static double scanner_speed_frac(const ScnHost *h)
{
    if (h->sharing.mode == MEM_SHARING_OFF)
        return 1;
    return 1 - MIN(0.5, mem_sharing_scan_cycles_per_s(&h->sharing) / (h->cores * h->freq_hz));
}

/* Today's datacenter: where an L2 exit's cost goes, a pod's composed cost, NUMA, page
 * sharing, interference and GPUs, for this VM alone on its host. */
static void explain_modern(GString *g, const ScnVm *v, const ScnVm *node, const ScnHost *h,
                           const HvProfile *p, const HvInputs *in, const HvOverhead *single,
                           const HvOverhead *o, int spanned, double remote)
{
    const HvNested *n = node ? &node->nested : &v->nested;
    if (n->level > 1) {
        HvOverhead one = *single;       /* the same guest at L1, pod term aside */
        hv_nested_explain(g, n, p, &one, o, in->cpu_hz);
    }
    if (node)
        g_string_append_printf(g, "  pod in VM %s (Kubernetes node), runtime %s: container "
                               "term %.3f %% of native on top of the VM's; speed %.4f (the VM "
                               "alone %.4f)\n", node->name, v->runtime,
                               100 * o->cycles_per_native_s[HV_MECH_CONTAINER] / in->cpu_hz,
                               o->speed_frac, single->speed_frac);
    if (h->numa.sockets > 1)
        g_string_append_printf(g, "  NUMA: %d sockets, remote latency %.2fx; the VM spans %d, "
                               "policy %s: %.0f %% of its memory accesses remote, speed x %.4f\n",
                               h->numa.sockets, h->numa.remote_latency_ratio, spanned,
                               mem_numa_policy_names[v->numa.policy], 100 * remote,
                               mem_numa_speed_frac(&h->numa, &v->numa, remote));
    if (h->sharing.mode != MEM_SHARING_OFF) {
        uint64_t b = (uint64_t)(v->shareable_frac * (double)v->memory_bytes);
        g_string_append_printf(g, "  page sharing (%s): %.0f %% of its memory shareable with "
                               "VMs of its workload; scanner %.0f pages/s takes %.3f %% of the "
                               "host (in the speed above); one full scan of it %.0f s; copy-on-write %.0f cycles "
                               "per break\n", mem_sharing_mode_names[h->sharing.mode],
                               100 * v->shareable_frac, mem_sharing_scan_pages_per_s(&h->sharing),
                               100 * mem_sharing_scan_cycles_per_s(&h->sharing) /
                                   (h->cores * h->freq_hz),
                               mem_sharing_converge_s(&h->sharing, b), h->sharing.cow_cycles);
        g_string_append_printf(g, "  page sharing and migration: a migration to this host %s\n",
                               h->sharing.migration == MEM_SHARING_MIG_DEDUP
                                   ? "skips the shareable pages a VM of the same workload "
                                     "holds here (dedup)"
                                   : "sends every page, merged ones too, and they are merged "
                                     "again here (resend, QEMU/KVM's default)");
    }
    if (v->interference.sensitivity_frac > 0 || v->interference.pressure_frac > 0)
        g_string_append_printf(g, "  interference (LLC and memory bandwidth, Bubble-Up): "
                               "sensitivity %.0f %%, pressure %.0f %%; next to a saturating "
                               "co-runner it runs %.0f %% slower (the run uses its real "
                               "co-runners)\n", 100 * v->interference.sensitivity_frac,
                               100 * v->interference.pressure_frac,
                               100 * v->interference.sensitivity_frac);
    if (v->gpu.work_frac > 0) {
        IoGpuUse alone = { 0 };
        io_gpu_claim(&h->gpus, &alone, &v->gpu, +1);
        double r = h->gpus.count > 0 ? io_gpu_rate(&h->gpus, &alone, &v->gpu) : 0;
        g_string_append_printf(g, "  GPU (%s, %d on the host): %.0f %% of its time on the GPU, "
                               "rate %.3f of a whole GPU alone, speed x %.4f%s\n",
                               io_gpu_mode_names[h->gpus.mode], h->gpus.count,
                               100 * v->gpu.work_frac, r, io_gpu_speed_frac(&v->gpu, r),
                               h->gpus.mode == IO_GPU_VGPU ? " (time-sliced: falls with each "
                               "tenant, no isolation)" : h->gpus.mode == IO_GPU_MIG ?
                               " (MIG slices: isolated)" : " (dedicated)");
    }
}

typedef struct {
    const char *workload, *host;
    double      speed_frac;
} Cell;

/* One line per workload: its speed on each host that runs it, best first, and by how much
 * the best beats the rest — the orderings a teaching scenario is about. */
static void explain_compare(GString *g, GArray *cells)
{
    g_autoptr(GPtrArray) workloads = g_ptr_array_new();
    for (guint i = 0; i < cells->len; i++) {
        const char *w = g_array_index(cells, Cell, i).workload;
        if (!g_ptr_array_find_with_equal_func(workloads, w, g_str_equal, NULL))
            g_ptr_array_add(workloads, (gpointer)w);
    }
    gboolean header = FALSE;
    for (guint k = 0; k < workloads->len; k++) {
        g_autoptr(GArray) row = g_array_new(FALSE, FALSE, sizeof(Cell));
        for (guint i = 0; i < cells->len; i++)
            if (strcmp(g_array_index(cells, Cell, i).workload, workloads->pdata[k]) == 0)
                g_array_append_val(row, g_array_index(cells, Cell, i));
        if (row->len < 2)
            continue;
        for (guint a = 1; a < row->len; a++)            /* insertion sort, stable: best first */
            for (guint b = a; b > 0 && g_array_index(row, Cell, b).speed_frac >
                                      g_array_index(row, Cell, b - 1).speed_frac; b--) {
                Cell t = g_array_index(row, Cell, b);
                g_array_index(row, Cell, b) = g_array_index(row, Cell, b - 1);
                g_array_index(row, Cell, b - 1) = t;
            }
        if (!header)
            g_string_append(g, "comparison (speed as % of native, best first; each VM alone "
                               "on its host):\n");
        header = TRUE;
        g_string_append_printf(g, "  %-20s", (const char *)workloads->pdata[k]);
        for (guint i = 0; i < row->len; i++) {
            const Cell *c = &g_array_index(row, Cell, i);
            g_string_append_printf(g, "%s %s %.2f %%", i ? "  >" : "", c->host, 100 * c->speed_frac);
        }
        const Cell *best = &g_array_index(row, Cell, 0), *worst = &g_array_index(row, Cell, row->len - 1);
        g_string_append_printf(g, "   (%s runs it %.2fx faster than %s)\n", best->host,
                               best->speed_frac / worst->speed_frac, worst->host);
    }
}

/* VMs that explain identically: the same group, workload, host group and I/O streams. */
static char *explain_key(const ScnVm *v, const ScnHost *h)
{
    return g_strdup_printf("%s\x1f%s\x1f%s\x1f%u\x1f%s\x1f%s", v->group, v->workload, h->group,
                           v->io->len, v->host ? "placed" : "scheduled",
                           v->in_vm ? v->in_vm : "");
}

typedef struct {
    const ScnVm *first, *last;
    guint        count;
} ExplainGroup;

/* The VMs vm_name selects (all when NULL), grouped by explain_key in order of first
 * appearance: 2,000 identical VMs explain once, with their count. */
static GArray *explain_groups(const Scenario *s, const char *vm_name)
{
    GArray *groups = g_array_new(FALSE, FALSE, sizeof(ExplainGroup));
    g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < s->vms->len; i++) {
        const ScnVm *v = g_ptr_array_index(s->vms, i);
        if (vm_name && strcmp(v->name, vm_name) != 0 && strcmp(v->group, vm_name) != 0)
            continue;
        char *key = explain_key(v, explain_host(s, v));
        gpointer at;
        if (g_hash_table_lookup_extended(index, key, NULL, &at)) {   /* lookup only */
            ExplainGroup *g = &g_array_index(groups, ExplainGroup, GPOINTER_TO_UINT(at));
            g->last = v;
            g->count++;
            g_free(key);
            continue;
        }
        g_hash_table_insert(index, key, GUINT_TO_POINTER(groups->len));
        ExplainGroup g = { v, v, 1 };
        g_array_append_val(groups, g);
    }
    return groups;
}

/* An elastic service: what one instance takes and how long it takes to be ready; with a
 * node pool, the pods per node VM and the wait when a pod needs a new node. */
static void explain_service(GString *g, const ScnElasticService *e)
{
    double xfer_s = (double)e->tpl.image_bytes / e->prov.store_bytes_per_s;
    g_string_append_printf(g, "elastic service %s: %s instances of %s, %d vCPUs and %.2f GiB "
                           "each, %g req/s each; ready after approval %g s + image %.1f s "
                           "(uncached) + boot %g s\n", e->name, sched_unit_kind_name(e->tpl.kind),
                           e->template_name, e->vcpus, e->memory_bytes / 1073741824.0,
                           e->scale.capacity_per_s, sim_s_from_ns(e->prov.approval_delay_ns),
                           xfer_s, sim_s_from_ns(e->tpl.boot_ns));
    const ScnNodePool *p = &e->nodes;
    if (!p->vcpus) {
        g_string_append_c(g, '\n');
        return;
    }
    int per_node = MIN(p->vcpus / e->vcpus, (int)(p->memory_bytes / e->memory_bytes));
    g_string_append_printf(g, "  pods in node VMs (cluster autoscaler): %d pods per %d-vCPU "
                           "%.0f GiB node VM of %s; a pod that finds no node with room waits "
                           "for a new node's boot (%g s) first, so it is ready after about "
                           "%.1f s instead of %.1f s; an empty node VM leaves after %g s; at "
                           "most %d node VMs\n", per_node, p->vcpus,
                           p->memory_bytes / 1073741824.0, p->template_name,
                           sim_s_from_ns(p->boot_ns),
                           sim_s_from_ns(p->boot_ns) + xfer_s + sim_s_from_ns(e->tpl.boot_ns),
                           xfer_s + sim_s_from_ns(e->tpl.boot_ns), sim_s_from_ns(p->scale_down_ns),
                           p->max);
    g_string_append_c(g, '\n');
}

/* The block back end of each disk the VM's streams use (sim/io/path.h): what one request
 * holds on its stream's path and on the back end, the ceilings, and the rates the run's CPU
 * charge uses (vm_stream_rates, the same numbers). */
static void explain_block_backend(GString *g, const ScnHost *h, const GPtrArray *io)
{
    g_autofree double *rates = g_new(double, MAX(io->len, 1));
    vm_stream_rates(h, io, rates);
    for (guint i = 0; i < io->len; i++) {
        const ScnVmIo *x = g_ptr_array_index(io, i);
        IoPathCost c;
        io_cost(h, scn_device_find(h->devices, x->device), FALSE, &c);
        guint n = 0, first = i;
        double sum = 0;
        for (guint j = 0; j < io->len; j++)
            if (strcmp(((const ScnVmIo *)g_ptr_array_index(io, j))->device, x->device) == 0) {
                first = MIN(first, j);
                n++;
                sum += rates[j];
            }
        if (first != i || c.backend_threads == 0)
            continue;
        g_string_append_printf(g, "  block back end of disk %s (%s): a request holds its "
                               "stream's path %.1f us (submit %.1f us + vCPU path %.1f us: at "
                               "most %.0f ops/s per stream) and one of %u back-end thread%s "
                               "%.1f us (at most %.0f ops/s for this disk; profile key "
                               "blk_backend_threads, 1 before QEMU 9.0); its %u stream%s: "
                               "%.0f ops/s\n", x->device, io_path_name(c.path),
                               (x->submit_ns + c.stream_ns) / 1e3, x->submit_ns / 1e3,
                               c.stream_ns / 1e3, 1e9 / (x->submit_ns + c.stream_ns),
                               c.backend_threads, c.backend_threads == 1 ? "" : "s",
                               c.backend_ns / 1e3, c.backend_threads * 1e9 / c.backend_ns, n,
                               n == 1 ? "" : "s", sum);
    }
}

gboolean sim_virt_explain(const Scenario *s, const char *vm_name, FILE *out)
{
    g_autoptr(GArray) cells = g_array_new(FALSE, FALSE, sizeof(Cell));
    g_autoptr(GArray) groups = explain_groups(s, vm_name);
    g_autoptr(GStringChunk) labels = g_string_chunk_new(256);
    GString *g = g_string_new(NULL);
    for (guint i = 0; i < groups->len; i++) {
        const ExplainGroup *grp = &g_array_index(groups, ExplainGroup, i);
        const ScnVm *v = grp->first;
        const ScnHost *h = explain_host(s, v);
        const ScnWorkload *wl = scn_workload_lookup(s, v->workload);
        HvInputs in;
        HvOverhead o, single;
        sim_virt_overhead(h, wl, v->io, 0, &in, &o);
        const ScnVm *node = v->in_vm ? g_hash_table_lookup(s->vm_names, v->in_vm) : NULL;
        int spanned = mem_numa_sockets_spanned(&h->numa, h->cores, h->memory_bytes, v->vcpus,
                                               v->memory_bytes);
        double remote = mem_numa_remote_frac(&h->numa, &v->numa, spanned);
        single = o;
        sim_virt_compose(h, v, node, wl, remote, &in, &o);
        double dd = sim_virt_dd_take_io(h, v, &in, &o);   /* as the run: dom0, then */
        o.speed_frac *= scanner_speed_frac(h);        /* the scanner (sim/dc/modern.c) */
        HvProfile p = effective_profile(h);
        g_autofree char *name = grp->count > 1
            ? g_strdup_printf("%s .. %s (%u identical VMs)", v->name, grp->last->name, grp->count)
            : g_strdup(v->name);
        hv_explain_format(g, name, &wl->virt.hv, &p, &in, &o);
        explain_memory(g, &in, &o, h);
        explain_profile(g, h);
        hv_guest_describe(&h->virt.profile->hv, &v->guest, g);
        const HvRuntime *rt = hv_runtime_at(v->managed_runtime);
        if (rt)
            g_string_append_printf(g, "  managed runtime (process-level virtualization): %s, "
                                   "%s; its work takes %.2fx the native time (%s)\n", rt->name,
                                   rt->what, rt->slowdown, rt->source);
        hv_trust_explain(&h->virt.profile->hv, g);
        if (h->dd_vcpus > 0)
            g_string_append_printf(g, "  driver domain: dom0 with %d vCPUs and %.1f GiB; this "
                                   "guest's I/O back-end puts %.0f Mcycles/s on it (%.0f %% of "
                                   "its vCPUs), charged to dom0 not to the guest; beyond its "
                                   "vCPUs every guest's I/O through it slows\n", h->dd_vcpus,
                                   h->dd_memory_bytes / 1073741824.0, dd / 1e6,
                                   100 * dd / (h->dd_vcpus * h->freq_hz));
        explain_block_backend(g, h, v->io);
        explain_modern(g, v, node, h, &p, &in, &single, &o, spanned, remote);
        g_autofree char *label = g_strdup_printf("%s (%s)", v->name, p.name);
        Cell c = { workload_family(s, wl), g_string_chunk_insert(labels, label), o.speed_frac };
        g_array_append_val(cells, c);
        g_string_append_printf(g, "  on host %s%s\n\n", h->name,
                               v->host ? "" : " (placement decides at run time; shown on the "
                                              "first host)");
    }
    explain_compare(g, cells);
    guint services = s->elastic && !vm_name ? s->elastic->services->len : 0;
    for (guint i = 0; i < services; i++)
        explain_service(g, g_ptr_array_index(s->elastic->services, i));
    fputs(g->str, out);
    g_string_free(g, TRUE);
    return groups->len > 0 || services > 0;
}

/* ---- --walk and --compare ------------------------------------------------------------ */

gboolean sim_virt_explain_walk(const Scenario *s, const char *vm_name, FILE *out)
{
    g_autoptr(GArray) groups = explain_groups(s, vm_name);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GString *g = g_string_new(NULL);
    for (guint i = 0; i < groups->len; i++) {
        const ScnVm *v = g_array_index(groups, ExplainGroup, i).first;
        const ScnHost *h = explain_host(s, v);
        const MemHostMmu *mmu = &h->virt.mmu;
        const MemVmMemory *mem = &scn_workload_lookup(s, v->workload)->virt.mem;
        const MemPagingOps *ops = mem_paging_ops(mmu->mode);
        gboolean nested = mmu->mode == MEM_PAGING_NESTED;
        MemPageSize gp = nested ? mem->guest_page : ops->tlb_page(mmu, mem);
        unsigned gl = mmu->walk.guest_levels - mem_page_levels_saved(gp);
        unsigned hl = nested ? mmu->walk.host_levels - mem_page_levels_saved(mmu->host_page) : 0;
        char *key = g_strdup_printf("%s %u %u", ops->name, gl, hl);
        if (!g_hash_table_add(seen, key))
            continue;
        g_string_append_printf(g, "VM %s on host %s: %s paging, guest pages %s, host pages %s: "
                               "one TLB miss, no walk caches\n", v->name, h->name, ops->name,
                               mem_page_size_name(mem->guest_page),
                               mem_page_size_name(mmu->host_page));
        mem_walk_explain_steps(g, mmu->walk.guest_levels, gl, mmu->walk.host_levels, hl);
        g_string_append_printf(g, "  with the walk caches (page-walk cache, nested TLB): %.2f "
                               "references expected per miss\n\n", ops->walk_refs(mmu, mem));
    }
    if (groups->len && !g_strstr_len(g->str, -1, "(4+1) x (4+1)"))
        g_string_append(g, "for reference, 4-level guest and host tables without large pages "
                           "take (4+1) x (4+1) - 1 = 24 references per TLB miss\n");
    fputs(g->str, out);
    g_string_free(g, TRUE);
    return groups->len > 0;
}

/* The VM's overhead as `explain` shows it: alone on its host, nesting and NUMA composed. */
static void explain_vm_overhead(const Scenario *s, const ScnVm *v, HvInputs *in, HvOverhead *o)
{
    const ScnHost *h = explain_host(s, v);
    const ScnWorkload *wl = scn_workload_lookup(s, v->workload);
    sim_virt_overhead(h, wl, v->io, 0, in, o);
    const ScnVm *node = v->in_vm ? g_hash_table_lookup(s->vm_names, v->in_vm) : NULL;
    int spanned = mem_numa_sockets_spanned(&h->numa, h->cores, h->memory_bytes, v->vcpus,
                                           v->memory_bytes);
    sim_virt_compose(h, v, node, wl, mem_numa_remote_frac(&h->numa, &v->numa, spanned), in, o);
}

static const ScnVm *explain_find(const Scenario *s, const char *name)
{
    for (guint i = 0; i < s->vms->len; i++) {
        const ScnVm *v = g_ptr_array_index(s->vms, i);
        if (strcmp(v->name, name) == 0 || strcmp(v->group, name) == 0)
            return v;
    }
    return NULL;
}

const char *sim_virt_explain_compare(const Scenario *s, const char *a, const char *b, FILE *out)
{
    const ScnVm *v[2] = { explain_find(s, a), explain_find(s, b) };
    if (!v[0] || !v[1])
        return v[0] ? b : a;
    HvInputs in[2];
    HvOverhead o[2];
    HvProfile p[2];
    for (int k = 0; k < 2; k++) {
        explain_vm_overhead(s, v[k], &in[k], &o[k]);
        p[k] = effective_profile(explain_host(s, v[k]));
        fprintf(out, "%s: workload %s on %s (%s, %s, %s paging)\n", v[k]->name, v[k]->workload,
                p[k].name, hv_kind_name(p[k].kind), hv_technique_name(p[k].technique),
                hv_paging_name(p[k].paging));
    }
    fprintf(out, "  %-28s %14s %14s %12s\n", "mechanism (% of native)", v[0]->name, v[1]->name,
            "difference");
    for (int m = 0; m < HV_MECH_COUNT; m++) {
        double x = 100 * o[0].cycles_per_native_s[m] / in[0].cpu_hz;
        double y = 100 * o[1].cycles_per_native_s[m] / in[1].cpu_hz;
        if (x != 0 || y != 0)
            fprintf(out, "  %-28s %14.3f %14.3f %+12.3f\n", hv_mech_label((HvMech)m), x, y, y - x);
    }
    fprintf(out, "  %-28s %13.2f%% %13.2f%% %+11.2f%%\n", "speed vs native", 100 * o[0].speed_frac,
            100 * o[1].speed_frac, 100 * (o[1].speed_frac - o[0].speed_frac));
    double fast = fmax(o[0].speed_frac, o[1].speed_frac), slow = fmin(o[0].speed_frac, o[1].speed_frac);
    fprintf(out, "  %s runs its work %.2fx faster than %s\n",
            o[0].speed_frac >= o[1].speed_frac ? v[0]->name : v[1]->name, fast / slow,
            o[0].speed_frac >= o[1].speed_frac ? v[1]->name : v[0]->name);
    return NULL;
}
