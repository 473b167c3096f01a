/* sim/scenario/hosts.c — host and VM entries: their key tables, the hooks of the keys that
 * depend on others, and count expansion (scenario.h declares them).
 *
 * An entry is read into a prototype inside a reading context (HostRead, VmRead) that also
 * holds the Scenario read so far; the prototype is then copied once per expanded name. */
#include "sim/scenario/scenario.h"

#include <math.h>
#include <string.h>

#include "sim/hypervisor/runtime.h"
#include "sim/hypervisor/trust.h"
#include "sim/io/storage.h"

/* An entry while it is read.  The prototype comes first, so the tables' offsets (into
 * ScnHost, ScnVm) hold for the reading context too; hooks find the Scenario and the
 * entry's mapping here. */
typedef struct {
    ScnHost   h;
    Scenario *s;
    ScnNode  *node;
    int       count;          /* `count: N`, else 1 */
} HostRead;

typedef struct {
    ScnVm     v;              /* v.workload is borrowed from the Scenario's profile */
    Scenario *s;
    ScnNode  *node;
    int       count;
} VmRead;

static gboolean read_host_count(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host_memory(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static void write_host_count(ScnWriter *w, const ScnKey *k, const void *obj);
static gboolean read_host_hypervisor(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host_paging(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host_tlb(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host_walk(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host_devices(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host_power(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static void write_host_group(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_host_mmu_map(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_host_devices(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_host_power(ScnWriter *w, const ScnKey *k, const void *obj);

static gboolean read_vm_count(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_host(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_workload(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_work(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_demand(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_io(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_pin(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_guest(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static void write_vm_guest(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_group(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_count(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_size(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_end(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_workload(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_work(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_demand(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_io(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_vm_pin(ScnWriter *w, const ScnKey *k, const void *obj);

static const char *const paging_modes[] = { "native", "shadow", "nested", "direct", NULL };
static const char *const page_sizes[] = { "4k", "2m", "1g", NULL };

/* ---- today's datacenter: NUMA, page sharing, GPUs, nesting, pods, interference ------ */

static const ScnKey host_numa_keys[] = {
    { .key = "sockets", .type = SCN_KEY_INT, .offset = offsetof(ScnHost, numa.sockets), .lo = 1,
      .hi = 64, .def = "1", .doc = "1 .. 64 NUMA sockets (1: uniform memory); cores and memory "
      "split evenly" },
    { .key = "remote_latency", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 1, .hi = 10,
      .offset = offsetof(ScnHost, numa.remote_latency_ratio), .def = "1.6",
      .doc = "remote / local memory latency, 1 .. 10" },
    { NULL },
};

static const ScnKey host_sharing_keys[] = {
    { .key = "mode", .type = SCN_KEY_ENUM, .names = mem_sharing_mode_names,
      .offset = offsetof(ScnHost, sharing.mode), .def = "off", .doc = "`off`, `ksm` or `tps`" },
    { .key = "scan_rate", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0, .hi = 1e9,
      .offset = offsetof(ScnHost, sharing.scan_pages_per_s), .def = "0",
      .def_doc = "`0` (the mode's: KSM 5000 pages/s)", .doc = "pages scanned per second" },
    { .key = "scan_cost", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES, .lo = 0, .hi = 1e9,
      .offset = offsetof(ScnHost, sharing.scan_cycles_per_page), .def = "2000 cycles",
      .doc = "hash and compare per scanned page" },
    { .key = "cow_cost", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES, .lo = 0, .hi = 1e9,
      .offset = offsetof(ScnHost, sharing.cow_cycles), .def = "8000 cycles",
      .doc = "one copy-on-write break of a merged page (fault + 4 KiB copy)" },
    { .key = "migration", .type = SCN_KEY_ENUM, .names = mem_sharing_migration_names,
      .offset = offsetof(ScnHost, sharing.migration), .def = "resend",
      .doc = "as a migration's destination: `resend` (QEMU/KVM: every page is sent, merged "
             "again here) or `dedup` (pages a VM of the same workload holds here are not sent)" },
    { NULL },
};

static const ScnKey host_gpu_keys[] = {
    { .key = "count", .type = SCN_KEY_INT, .offset = offsetof(ScnHost, gpus.count), .lo = 0,
      .hi = 64, .def = "0", .doc = "0 .. 64 GPUs" },
    { .key = "mode", .type = SCN_KEY_ENUM, .names = io_gpu_mode_names,
      .offset = offsetof(ScnHost, gpus.mode), .def = "passthrough",
      .doc = "`passthrough` (dedicated), `mig` (partitioned) or `vgpu` (time-sliced, shared)" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnHost, gpus.memory_bytes),
      .def = "40 GiB", .doc = "GPU memory per GPU" },
    { .key = "mig_slices", .type = SCN_KEY_INT, .offset = offsetof(ScnHost, gpus.mig_slices),
      .lo = 1, .hi = 64, .def = "7", .doc = "MIG compute slices per GPU (A100: 7)" },
    { .key = "vgpu_slice", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DURATION, .lo = 1e3,
      .hi = 1e10, .offset = offsetof(ScnHost, gpus.vgpu_slice_ns), .def = "2 ms",
      .doc = "time slice of a vGPU tenant" },
    { .key = "vgpu_switch", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DURATION, .lo = 0,
      .hi = 1e9, .offset = offsetof(ScnHost, gpus.vgpu_switch_ns), .def = "200 us",
      .doc = "context switch between vGPU tenants" },
    { NULL },
};

static const ScnKey host_dd_keys[] = {
    { .key = "vcpus", .type = SCN_KEY_INT, .offset = offsetof(ScnHost, dd_vcpus), .lo = 0,
      .hi = 4096, .def = "0", .def_doc = "`0` (not modelled)",
      .doc = "its vCPUs: the back-end work of every guest's paravirtual and emulated I/O "
             "streams runs here, not in the guest; beyond them the guests' I/O slows" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnHost, dd_memory_bytes),
      .def = "1 GiB", .doc = "the memory it holds (a domain of its own in frames.csv, not "
                             "available to guests)" },
    { NULL },
};

static const ScnKey vm_nested_keys[] = {
    { .key = "level", .type = SCN_KEY_INT, .offset = offsetof(ScnVm, nested.level), .lo = 1,
      .hi = 4, .def = "1", .doc = "1: an ordinary VM (L1); 2: an L2 guest of a guest "
      "hypervisor; 3, 4: deeper" },
    { .key = "paging", .type = SCN_KEY_ENUM, .names = hv_nested_paging_names,
      .offset = offsetof(ScnVm, nested.paging), .def = "multidimensional",
      .doc = "`multidimensional` (EPT on EPT, folded by L0) or `shadow_on_ept`" },
    { .key = "io", .type = SCN_KEY_ENUM, .names = hv_nested_io_names,
      .offset = offsetof(ScnVm, nested.io), .def = "virtio",
      .doc = "`emulated`, `virtio` or `direct` (multi-level device assignment)" },
    { .key = "l1_exits", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 0, .hi = 1000,
      .offset = offsetof(ScnVm, nested.l1_exits_per_exit), .def = "5",
      .doc = "exits of the guest hypervisor into L0 while it handles one reflected exit" },
    { .key = "l1_handler", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES, .lo = 0, .hi = 1e9,
      .offset = offsetof(ScnVm, nested.l1_handler_cycles), .def = "0",
      .def_doc = "`0` (the profile's exit handler)", .doc = "the guest hypervisor's own work per exit" },
    { NULL },
};

static const ScnKey vm_numa_keys[] = {
    { .key = "policy", .type = SCN_KEY_ENUM, .names = mem_numa_policy_names,
      .offset = offsetof(ScnVm, numa.policy), .def = "local",
      .doc = "`local` (first touch), `interleave` or `pinned` (vCPUs and memory bound, vNUMA)" },
    { .key = "mem_stall", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, numa.mem_stall_frac), .def = "30%",
      .doc = "share of its native time stalled on memory" },
    { NULL },
};

static const ScnKey vm_interference_keys[] = {
    { .key = "sensitivity", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, interference.sensitivity_frac), .def = "0",
      .doc = "its slowdown next to a co-runner that saturates the LLC and memory bandwidth" },
    { .key = "pressure", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, interference.pressure_frac), .def = "0",
      .doc = "the pressure it puts on them (Bubble-Up's bubble, 1 = the largest)" },
    { NULL },
};

static const ScnKey vm_gpu_keys[] = {
    { .key = "work", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, gpu.work_frac), .def = "0",
      .doc = "share of its native time on the GPU; 0: needs no GPU" },
    { .key = "slices", .type = SCN_KEY_INT, .offset = offsetof(ScnVm, gpu.slices), .lo = 1,
      .hi = 64, .def = "1", .doc = "MIG slices it asks for" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnVm, gpu.memory_bytes),
      .def = "0", .doc = "GPU memory it needs" },
    { NULL },
};

static const ScnKey vm_disk_keys[] = {
    { .key = "size", .type = SCN_KEY_SIZE, .offset = offsetof(ScnVm, disk_bytes), .def = "0",
      .def_doc = "`0` (no image)",
      .doc = "its virtual disk image: held on a disk of its host with `capacity` (a whole "
             "slice of a partitioned disk); no room on any: the host does not take it" },
    { .key = "device", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, disk_device),
      .type_doc = "device name", .def_doc = "absent: the host's first disk with room",
      .doc = "the disk of its `host` that holds the image (needs `host`)" },
    { NULL },
};

static gboolean read_vm_in_vm(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_vm_runtime(void *obj, ScnDoc *d, ScnNode *v, GError **error);

static const ScnKey vm_pod_keys[] = {
    { .key = "node", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, in_vm),
      .read = read_vm_in_vm, .type_doc = "VM name",
      .doc = "the node VM it runs in (an earlier, expanded VM name); the pod runs on the "
             "node's host, within the node's vCPUs and memory" },
    { .key = "runtime", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, runtime),
      .read = read_vm_runtime, .def = "docker", .type_doc = "profile name",
      .doc = "its container runtime: a built-in container profile (`docker`, `lxc`)" },
    { NULL },
};

#define HOST_VIRT_DOC "(#host-virtualization-hypervisor-paging-tlb-page_walk-large_pages)"

/* A host entry, read in this order (after the defaults and the scheduler's vcpu mode). */
const ScnKey scn_host_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = offsetof(ScnHost, name), .required = TRUE,
      .missing = "host has no 'name'", .def_doc = "— (required)",
      .doc = "unique among hosts after [count expansion](#count-expansion)" },
    { .key = "group", .type = SCN_KEY_STRING, .offset = offsetof(ScnHost, group),
      .write = write_host_group, .def_doc = "`name`", .doc = "a label kept in hosts.csv" },
    { .key = "count", .type = SCN_KEY_INT, .offset = SCN_NO_FIELD, .lo = 1, .hi = 1e7,
      .read = read_host_count, .write = write_host_count, .def_doc = "absent: one host named `name`",
      .doc = "1 .. 10 000 000; expands to `name-1` … `name-N`" },
    { .key = "cores", .type = SCN_KEY_INT, .offset = offsetof(ScnHost, cores), .lo = 1,
      .hi = 4096, .def = "16", .doc = "1 .. 4096" },
    { .key = "freq", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FREQ, .lo = 1e6, .hi = 1e11,
      .offset = offsetof(ScnHost, freq_hz), .def = "2.5 GHz", .doc = "1 MHz .. 100 GHz" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnHost, memory_bytes),
      .read = read_host_memory, .def = "64 GiB", .doc = "more than 0" },
    { .key = "hypervisor", .type = SCN_KEY_STRING, .offset = offsetof(ScnHost, virt.hypervisor),
      .read = read_host_hypervisor, .type_doc = "hypervisor name", .def = "kvm",
      .doc = "a built-in or a `profiles.hypervisors` name; see [host virtualization]"
             HOST_VIRT_DOC },
    { .key = "paging", .type = SCN_KEY_ENUM, .names = paging_modes,
      .offset = offsetof(ScnHost, virt.mmu.mode), .read = read_host_paging,
      .def_doc = "the profile's `paging` hint", .doc = "see [host virtualization]" HOST_VIRT_DOC },
    { .key = "tlb", .type = SCN_KEY_CUSTOM, .sub = scn_tlb_keys, .read = read_host_tlb,
      .write = write_host_mmu_map, .def_doc = "the paging mode's", .doc = "TLB entries and tagging" },
    { .key = "page_walk", .type = SCN_KEY_CUSTOM, .sub = scn_page_walk_keys,
      .read = read_host_walk, .write = write_host_mmu_map, .def_doc = "the paging mode's",
      .doc = "page-table levels and walk caches" },
    { .key = "large_pages", .type = SCN_KEY_ENUM, .names = page_sizes,
      .offset = offsetof(ScnHost, virt.mmu.host_page), .def = "4k",
      .doc = "page size backing guest memory on the host" },
    { .key = "devices", .type = SCN_KEY_LIST, .sub = scn_device_keys, .read = read_host_devices,
      .write = write_host_devices, .doc = "see [devices](#devices)" },
    { .key = "power", .type = SCN_KEY_CUSTOM, .sub = scn_power_keys, .read = read_host_power,
      .write = write_host_power, .type_doc = "map",
      .def_doc = "`{ idle: 100 W, peak: 250 W, off: 0 W, boot: 120 s, shutdown: 30 s }`",
      .doc = "see below" },
    { .key = "mtbf", .type = SCN_KEY_DURATION, .offset = offsetof(ScnHost, mtbf_ns), .def = "0",
      .def_doc = "`0` (never fails)",
      .doc = "mean time between failures: up times are drawn exponential from the host's own "
             "stream `host:NAME/failure`" },
    { .key = "mttr", .type = SCN_KEY_DURATION, .offset = offsetof(ScnHost, mttr_ns),
      .def = "4 h", .doc = "mean time to repair after such a failure (exponential)" },
    { .key = "vcpu", .type = SCN_KEY_ENUM, .names = scn_vcpu_mode_names,
      .offset = offsetof(ScnHost, vcpu), .type_doc = "name", .def_doc = "`scheduler.vcpu`",
      .doc = "`fair`, `credit` or `pinned`, for this host" },
    { .key = "numa", .type = SCN_KEY_MAP, .sub = host_numa_keys,
      .doc = "sockets with local and remote memory (NUMA)" },
    { .key = "page_sharing", .type = SCN_KEY_MAP, .sub = host_sharing_keys,
      .doc = "memory sharing (KSM / TPS) on this host" },
    { .key = "gpus", .type = SCN_KEY_MAP, .sub = host_gpu_keys,
      .doc = "GPUs: passthrough, MIG partitions or time-sliced vGPU" },
    { .key = "driver_domain", .type = SCN_KEY_MAP, .sub = host_dd_keys,
      .doc = "Xen's driver domain (dom0) as an entity with its own vCPUs and memory (a "
             "hypervisor with `driver_domain: true` only)" },
    { NULL },
};

/* A VM entry, read in this order: host before io and pin, workload before work and demand. */
const ScnKey scn_vm_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, name), .required = TRUE,
      .missing = "VM has no 'name'", .def_doc = "— (required)",
      .doc = "unique among VMs after [count expansion](#count-expansion)" },
    { .key = "group", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, group),
      .write = write_vm_group, .def_doc = "`name`",
      .doc = "events may address a whole group by this name" },
    { .key = "count", .type = SCN_KEY_INT, .offset = SCN_NO_FIELD, .lo = 1, .hi = 1e7,
      .read = read_vm_count, .write = write_vm_count,
      .def_doc = "absent: one VM named `name` (a trace population: one per VM of the trace)",
      .doc = "1 .. 10 000 000; expands to `name-1` … `name-N`" },
    { .key = "vcpus", .type = SCN_KEY_INT, .offset = offsetof(ScnVm, vcpus), .lo = 1, .hi = 4096,
      .write = write_vm_size, .def = "1", .doc = "1 .. 4096 (a trace VM: the trace's, if it has sizes)" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnVm, memory_bytes),
      .write = write_vm_size, .def = "1 GiB", .doc = "0 or more (a trace VM: the trace's, if it has sizes)" },
    { .key = "host", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, host), .read = read_vm_host,
      .type_doc = "host name", .def_doc = "absent: placed first-fit by the scheduler",
      .doc = "an expanded host name (`h-2`, not `h`)" },
    { .key = "workload", .type = SCN_KEY_CUSTOM, .json = "\"type\": \"string\"",
      .sub = scn_trace_keys,
      .read = read_vm_workload, .write = write_vm_workload,
      .type_doc = "workload name", .def_doc = "`compute-intensive`",
      .doc = "a built-in or a `profiles.workloads` name, or a trace workload (below)" },
    { .key = "work", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES,
      .offset = offsetof(ScnVm, work_cycles), .lo = 1, .hi = 1e21, .read = read_vm_work,
      .write = write_vm_work, .type_doc = "work (cycles)", .def_doc = "from the workload",
      .doc = "overrides the workload: the VM finishes after this much work" },
    { .key = "demand", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnVm, demand_frac), .lo = 0, .hi = 1, .read = read_vm_demand,
      .write = write_vm_demand, .def_doc = "from the workload",
      .doc = "overrides the workload: the VM runs at this level" },
    { .key = "start", .type = SCN_KEY_DURATION, .offset = offsetof(ScnVm, start_ns), .def = "0",
      .doc = "arrival time (a trace VM: plus its arrival in the trace)" },
    { .key = "end", .type = SCN_KEY_DURATION, .offset = offsetof(ScnVm, end_ns), .def = "0",
      .write = write_vm_end, .def_doc = "`0` (stays)",
      .doc = "departure time: the VM leaves then (after `start`)" },
    { .key = "io", .type = SCN_KEY_LIST, .sub = scn_vm_io_keys, .read = read_vm_io,
      .write = write_vm_io, .doc = "I/O streams to devices of `host`; see [vms: io](#vms-io)" },
    { .key = "weight", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 1, .hi = 65535,
      .offset = offsetof(ScnVm, weight), .def = "256", .type_doc = "number",
      .doc = "credit scheduler weight (Xen's default), used on `credit` hosts" },
    { .key = "cap", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, cap_frac), .def = "0", .def_doc = "`0` (none)",
      .doc = "credit cap per vCPU, a fraction of one core (Xen's `cap` / 100)" },
    { .key = "pin", .type = SCN_KEY_LIST, .read = read_vm_pin, .write = write_vm_pin,
      .json = "\"type\": \"array\", \"items\": { \"type\": \"integer\", \"minimum\": 0 }",
      .type_doc = "list of integers",
      .doc = "on a `pinned` host (`host` required): the core of each vCPU, distinct; two VMs "
             "pinning one core is an error" },
    { .key = "guest", .type = SCN_KEY_CUSTOM, .sub = scn_guest_keys, .read = read_vm_guest,
      .write = write_vm_guest, .type_doc = "map", .def_doc = "`{ kernel: linux, modified: "
      "true, version: 4.19 }`",
      .doc = "its operating system: a paravirtual hypervisor refuses an unmodified guest or a "
             "version outside its range, a container any kernel but the host's; placement "
             "and migration skip such hosts. See [guests](#vms-guest)" },
    { .key = "anti_affinity", .type = SCN_KEY_STRING, .offset = offsetof(ScnVm, anti_affinity),
      .doc = "a group: VMs of one group never share a host (placement and consolidation "
             "respect it; an explicit `host` does not)" },
    { .key = "nesting", .type = SCN_KEY_MAP, .sub = vm_nested_keys,
      .doc = "nested virtualization: the VM runs under a guest hypervisor (L2) or deeper" },
    { .key = "pod", .type = SCN_KEY_MAP, .sub = vm_pod_keys,
      .doc = "a pod (container) in a Kubernetes node VM instead of a VM on a host" },
    { .key = "numa", .type = SCN_KEY_MAP, .sub = vm_numa_keys,
      .doc = "NUMA placement on hosts with `numa.sockets` above 1" },
    { .key = "shareable", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, shareable_frac), .def = "0",
      .doc = "share of its memory identical to other VMs of its workload (page sharing)" },
    { .key = "interference", .type = SCN_KEY_MAP, .sub = vm_interference_keys,
      .doc = "LLC and memory-bandwidth interference (Bubble-Up sensitivity and pressure)" },
    { .key = "gpu", .type = SCN_KEY_MAP, .sub = vm_gpu_keys, .doc = "what it asks of a GPU" },
    { .key = "managed_runtime", .type = SCN_KEY_ENUM, .names = hv_runtime_names,
      .offset = offsetof(ScnVm, managed_runtime), .def = "none",
      .doc = "process-level virtualization: its workload runs inside a managed runtime (`jvm`, "
             "`wasm`), which costs `slowdown` times native time on top of the layers below "
             "(vms.csv `ovh_runtime_frac`; `vdcsim list` gives each runtime's cited slowdown)" },
    { .key = "disk", .type = SCN_KEY_MAP, .sub = vm_disk_keys,
      .doc = "its virtual disk: an image that consumes a host disk's `capacity`" },
    { NULL },
};

/* ---- shared ----------------------------------------------------------------------- */

gboolean scn_unknown_ref(GError **error, ScnDoc *d, ScnNode *n, const char *what,
                         GPtrArray *items)
{
    g_autofree const char **names = g_new0(const char *, items->len + 1);
    for (guint i = 0; i < items->len; i++)
        names[i] = *(char **)g_ptr_array_index(items, i);
    const char *near = scn_did_you_mean(scn_scalar(n), names);
    if (near)
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown %s '%s' (did you mean '%s'?)",
                        what, scn_scalar(n), near);
    return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown %s '%s' (no %s has that name)",
                    what, scn_scalar(n), what);
}

/* `count:` (1 .. 10^7, the row's range). */
static gboolean read_count(int *count, ScnDoc *d, ScnNode *v, GError **error)
{
    int64_t n;
    if (!scn_get_int(d, v, 1, 10000000, &n, error))
        return FALSE;
    *count = (int)n;
    return TRUE;
}

/* The names an entry expands to: `name`, or name-1 .. name-N with `count: N`; NULL with
 * *error when one is taken already. */
static GPtrArray *entry_names(ScnDoc *d, ScnNode *n, const char *what, const char *name,
                              int count, GHashTable *existing, GError **error)
{
    gboolean expand = scn_map_get(d, n, "count") != NULL;
    if (!*name) {                       /* "-1", "-2" would name nothing the user wrote */
        ScnNode *at = scn_map_get(d, n, "name");
        scn_fail(error, d, at ? at : n, SCN_ERROR_TYPE, "%s name is empty (expected a name, "
                 "e.g. web)", what);
        return NULL;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (int i = 1; i <= count; i++)
        g_ptr_array_add(names, expand ? g_strdup_printf("%s-%d", name, i) : g_strdup(name));
    for (guint j = 0; j < names->len; j++) {
        const char *name_j = g_ptr_array_index(names, j);
        if (g_hash_table_contains(existing, name_j)) {
            scn_fail(error, d, scn_map_get(d, n, "name"), SCN_ERROR_CONFLICT,
                     "%s name '%s' is used twice (names must be unique)", what, name_j);
            g_ptr_array_free(names, TRUE);
            return NULL;
        }
    }
    return names;
}

static gboolean work_demand_conflict(ScnDoc *d, ScnNode *demand, GError **error)
{
    return scn_fail(error, d, demand, SCN_ERROR_CONFLICT,
                    "'work' and 'demand' exclude each other (a workload either finishes "
                    "after its work or runs at a demand level)");
}

static gboolean read_work(ScnDoc *d, ScnNode *v, double *work_cycles, double *demand_frac,
                          GError **error)
{
    if (!scn_get_quantity(d, v, SCN_UNIT_CYCLES, 1, 1e21, work_cycles, error))
        return FALSE;
    *demand_frac = 1.0;
    return TRUE;
}

static gboolean read_demand(ScnDoc *d, ScnNode *v, double *work_cycles, double *demand_frac,
                            GError **error)
{
    if (!scn_get_quantity(d, v, SCN_UNIT_FRAC, 0, 1, demand_frac, error))
        return FALSE;
    *work_cycles = INFINITY;
    return TRUE;
}

gboolean scn_read_work_demand(ScnDoc *d, ScnNode *map, double *work_cycles, double *demand_frac,
                              GError **error)
{
    ScnNode *work = scn_map_get(d, map, "work"), *demand = scn_map_get(d, map, "demand");
    if (work && demand)
        return work_demand_conflict(d, demand, error);
    return (!work || read_work(d, work, work_cycles, demand_frac, error)) &&
           (!demand || read_demand(d, demand, work_cycles, demand_frac, error));
}

/* ---- hosts ------------------------------------------------------------------------ */

static gboolean read_host_count(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    return read_count(&((HostRead *)obj)->count, d, v, error);
}

static gboolean read_host_memory(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnHost *h = obj;
    if (!scn_get_size_bytes(d, v, &h->memory_bytes, error))
        return FALSE;
    return h->memory_bytes > 0 ||
           scn_fail(error, d, v, SCN_ERROR_RANGE, "host memory must be positive");
}

static gboolean read_host_hypervisor(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    HostRead *r = obj;
    return scn_host_virt_read_hypervisor(&r->h.virt, r->s->hypervisors, d, v, error);
}

static gboolean read_host_paging(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    return scn_host_virt_read_paging(&((ScnHost *)obj)->virt, d, v, error);
}

static gboolean read_host_tlb(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    return scn_schema_read_keys(scn_tlb_keys, "tlb", &((ScnHost *)obj)->virt, d, v, error);
}

static gboolean read_host_walk(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    return scn_schema_read_keys(scn_page_walk_keys, "page_walk", &((ScnHost *)obj)->virt, d, v,
                                error);
}

/* A device of a kind the hypervisor has no driver for is unavailable on the host. */
static gboolean check_drivers(const ScnHost *h, ScnDoc *d, ScnNode *list, GError **error)
{
    const HvProfile *p = &h->virt.profile->hv;
    for (guint i = 0; i < h->devices->len; i++) {
        const ScnDevice *dev = g_ptr_array_index(h->devices, i);
        if (hv_profile_has_driver(p, (int)dev->spec.kind))
            continue;
        ScnNode *item = scn_seq_item(d, list, i), *kind = scn_map_get(d, item, "kind");
        g_autoptr(GString) have = g_string_new(NULL);
        hv_drivers_format(hv_profile_drivers(p), have);
        return scn_fail(error, d, kind ? kind : item, SCN_ERROR_CONFLICT,
                        "'%s' has no driver for a %s: a Type 1 hypervisor needs its own "
                        "drivers and this one has them for %s (expected one of those kinds, a "
                        "Type 2 hypervisor that uses the host OS's drivers, or one with a "
                        "driver domain)", p->name, io_kind_name(dev->spec.kind), have->str);
    }
    return TRUE;
}

/* Passthrough devices need the hardware-assist generation of the host's hypervisor. */
static gboolean read_host_devices(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnHost *h = obj;
    const HvProfile *p = &h->virt.profile->hv;
    return scn_read_devices(h->devices, d, v, p->technique == HV_TECH_HW ? p->hw_gen : 0, error) &&
           check_drivers(h, d, v, error);
}

static gboolean read_host_power(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    return scn_read_power(&((ScnHost *)obj)->power, d, v, error);
}

/* `count: N` on the first member of an expanded entry (resolved.c writes it once). */
static void write_host_count(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnHost *h = obj;
    if (h->count)
        scn_yaml_kv_int(w, k->key, h->count);
}

static void write_host_group(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnHost *h = obj;
    if (strcmp(h->group, h->name) != 0)
        scn_schema_write_value(w, k, obj);
}

static void write_host_mmu_map(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_write_host_virt_map(w, k->key, k->sub, &((const ScnHost *)obj)->virt);
}

static void write_host_devices(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_write_devices(w, ((const ScnHost *)obj)->devices);
}

static void write_host_power(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_yaml_scalar(w, k->key);
    scn_yaml_map_begin(w, TRUE);
    scn_schema_write_keys(w, k->sub, &((const ScnHost *)obj)->power);
    scn_yaml_map_end(w);
}

/* The defaults, including those that come from elsewhere: the scheduler's vcpu mode and
 * the default hypervisor's paging. */
static void host_read_init(HostRead *r)
{
    scn_schema_defaults(scn_host_keys, &r->h);
    r->h.vcpu = r->s->sched.vcpu;
    scn_host_virt_init(&r->h.virt, r->s->hypervisors);
    scn_power_init(&r->h.power);
    r->h.devices = g_ptr_array_new_with_free_func(scn_device_free);
}

static void host_read_clear(HostRead *r)
{
    scn_schema_clear(scn_host_keys, &r->h);
    scn_power_clear(&r->h.power);
    g_ptr_array_free(r->h.devices, TRUE);
}

static void add_host(Scenario *s, const ScnHost *proto, const char *name)
{
    ScnHost *h = g_memdup2(proto, sizeof *proto);
    h->name = g_strdup(name);
    h->group = g_strdup(proto->group);
    scn_host_virt_copy(&h->virt, &proto->virt);
    h->devices = scn_devices_copy(proto->devices);
    scn_power_copy(&h->power, &proto->power);
    g_ptr_array_add(s->hosts, h);
    g_hash_table_insert(s->host_names, h->name, h);
    if (!g_hash_table_contains(s->host_groups, h->group))
        g_hash_table_insert(s->host_groups, h->group, h);
}

/* A driver domain with vCPUs needs a hypervisor that keeps its drivers in one, and memory
 * that leaves room for the hypervisor. */
static gboolean check_host_dd(const ScnHost *h, ScnDoc *d, ScnNode *entry, GError **error)
{
    ScnNode *dn = scn_map_get(d, entry, "driver_domain");
    const HvProfile *p = &h->virt.profile->hv;
    if (!dn || h->dd_vcpus == 0)
        return TRUE;
    if (!p->driver_domain)
        return scn_fail(error, d, scn_map_get(d, dn, "vcpus"), SCN_ERROR_CONFLICT,
                        "hypervisor '%s' has no driver domain (its drivers are %s; expected a "
                        "hypervisor with driver_domain: true, e.g. xen-pv)", p->name,
                        hv_drivers_origin(p));
    if (h->dd_memory_bytes + p->host_footprint_bytes >= h->memory_bytes)
        return scn_fail(error, d, scn_map_get(d, dn, "memory"), SCN_ERROR_RANGE,
                        "the driver domain's memory leaves nothing for guests (expected less "
                        "than the host's memory less the hypervisor's footprint)");
    return TRUE;
}

/* The cross-key checks, then count expansion. */
static gboolean finish_host(HostRead *r, ScnDoc *d, GError **error)
{
    if (!r->h.group)
        r->h.group = g_strdup(r->h.name);
    if (!scn_host_virt_check(&r->h.virt, d, r->node, error))
        return FALSE;
    if (!check_host_dd(&r->h, d, r->node, error))
        return FALSE;
    g_autoptr(GPtrArray) names = entry_names(d, r->node, "host", r->h.name, r->count,
                                             r->s->host_names, error);
    for (guint i = 0; names && i < names->len; i++)
        add_host(r->s, &r->h, g_ptr_array_index(names, i));
    if (names && scn_map_get(d, r->node, "count"))
        ((ScnHost *)g_ptr_array_index(r->s->hosts, r->s->hosts->len - names->len))->count =
            names->len;
    return names != NULL;
}

gboolean scn_read_host(Scenario *s, ScnDoc *d, ScnNode *entry, GError **error)
{
    HostRead r = { .s = s, .node = entry, .count = 1 };
    host_read_init(&r);
    gboolean ok = scn_schema_read_keys(scn_host_keys, "a host", &r, d, entry, error) &&
                  finish_host(&r, d, error);
    host_read_clear(&r);
    return ok;
}

/* ---- VMs -------------------------------------------------------------------------- */

static void set_workload(ScnVm *v, const ScnWorkload *w)
{
    v->workload = w->name;
    v->work_cycles = w->work_cycles;
    v->demand_frac = w->demand_frac;
}

static gboolean read_vm_count(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    return read_count(&((VmRead *)obj)->count, d, v, error);
}

static gboolean read_vm_host(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    VmRead *r = obj;
    const char *host = NULL;
    if (!scn_get_string(d, v, &host, error))
        return FALSE;
    if (!scn_host_lookup(r->s, host))
        return scn_unknown_ref(error, d, v, "host", r->s->hosts);
    g_free(r->v.host);
    r->v.host = g_strdup(host);
    return TRUE;
}

static gboolean read_vm_in_vm(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    VmRead *r = obj;
    const char *node = NULL;
    if (!scn_get_string(d, v, &node, error))
        return FALSE;
    if (!g_hash_table_lookup(r->s->vm_names, node))
        return scn_unknown_ref(error, d, v, "VM (a pod's node, defined above it)", r->s->vms);
    g_free(r->v.in_vm);
    r->v.in_vm = g_strdup(node);
    return TRUE;
}

static gboolean read_vm_runtime(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    VmRead *r = obj;
    const char *name = NULL;
    if (!scn_get_string(d, v, &name, error))
        return FALSE;
    const HvProfile *p = hv_profile_lookup(name);
    if (!p || p->kind != HV_KIND_CONTAINER)
        return scn_fail(error, d, v, SCN_ERROR_UNKNOWN, "'%s' is not a container runtime (expected docker or "
                             "lxc)", name);
    g_free(r->v.runtime);
    r->v.runtime = g_strdup(name);
    return TRUE;
}

/* A profile name, or {trace: FILE, ..., base: NAME}. */
static gboolean read_vm_workload(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    VmRead *r = obj;
    if (scn_is_map(v)) {
        ScnTrace *t = NULL;
        if (!scn_elastic_read_vm_trace(&r->s->elastic, d, v, &t, error) ||
            !scn_elastic_trace_populate(t, d, r->node, r->s->seed, error))
            return FALSE;
        r->v.trace = t;
        v = scn_map_get(d, v, "base");
    }
    const char *name = NULL;
    const ScnWorkload *w = NULL;
    if (!v)
        return TRUE;
    if (!scn_get_string(d, v, &name, error))
        return FALSE;
    if (!(w = scn_workload_lookup(r->s, name)))
        return scn_unknown_ref(error, d, v, "workload", r->s->workloads);
    set_workload(&r->v, w);
    return TRUE;
}

static gboolean read_vm_work(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    VmRead *r = obj;
    ScnNode *demand = scn_map_get(d, r->node, "demand");
    if (demand)
        return work_demand_conflict(d, demand, error);
    return read_work(d, v, &r->v.work_cycles, &r->v.demand_frac, error);
}

static gboolean read_vm_demand(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnVm *vm = obj;
    return read_demand(d, v, &vm->work_cycles, &vm->demand_frac, error);
}

static gboolean read_vm_io(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    VmRead *r = obj;
    const char *host = r->v.host;
    return scn_read_vm_io(r->v.io, d, v, host ? scn_host_lookup(r->s, host)->devices : NULL, host,
                          error);
}

/* pin: [c0, c1, ...]: one distinct core of its host (a pinned host) per vCPU. */
static gboolean read_vm_pin(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    VmRead *r = obj;
    const char *host = r->v.host;
    const ScnHost *h = host ? scn_host_lookup(r->s, host) : NULL;
    int vcpus = r->v.vcpus;
    if (!h)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a VM with 'pin' needs 'host' (its "
                        "cores are that host's)");
    if (h->vcpu != SCN_VCPU_PINNED)
        return scn_fail(error, d, n, SCN_ERROR_CONFLICT, "'pin' needs host '%s' to pin vCPUs "
                        "(expected vcpu: pinned on the host or the scheduler)", host);
    if (!scn_expect_seq(d, n, "pin", error))
        return FALSE;
    if ((int)scn_seq_len(n) != vcpus)
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "'pin' lists %zu cores for %d vCPUs "
                        "(expected one core per vCPU)", scn_seq_len(n), vcpus);
    r->v.pin = g_new(int, vcpus);
    for (int i = 0; i < vcpus; i++) {
        int64_t core;
        ScnNode *item = scn_seq_item(d, n, (size_t)i);
        if (!scn_get_int(d, item, 0, h->cores - 1, &core, error))
            return FALSE;
        for (int k = 0; k < i; k++)
            if (r->v.pin[k] == core)
                return scn_fail(error, d, item, SCN_ERROR_CONFLICT, "core %" G_GINT64_FORMAT
                                " is listed twice (a pinned vCPU has a core of its own)", core);
        r->v.pin[i] = (int)core;
    }
    return TRUE;
}

/* The guest against the VM's host, when it has one (placement checks the others). */
static gboolean read_vm_guest(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    VmRead *r = obj;
    GError *inner = NULL;
    if (!scn_read_guest(&r->v.guest, d, n, error))
        return FALSE;
    const ScnHost *h = r->v.host ? scn_host_lookup(r->s, r->v.host) : NULL;
    if (h && !hv_guest_check(&h->virt.profile->hv, &r->v.guest, &inner)) {
        scn_fail(error, d, n, SCN_ERROR_CONFLICT, "%s", inner->message);
        g_error_free(inner);
        return FALSE;
    }
    return TRUE;
}

static void write_vm_guest(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_write_guest(w, k->key, &((const ScnVm *)obj)->guest);
}

static void write_vm_group(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnVm *v = obj;
    if (strcmp(v->group, v->name) != 0)
        scn_schema_write_value(w, k, obj);
}

/* A trace population is written once, as its entry (resolved.c): `count` as given. */
static void write_vm_count(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnVm *v = obj;
    if (v->trace)
        scn_elastic_write_vm_entry(w, v->trace);
    else if (v->count)
        scn_yaml_kv_int(w, k->key, v->count);
}

/* Sizes the trace gave are not written: the entry reads them from the trace again. */
static void write_vm_size(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnTrace *t = ((const ScnVm *)obj)->trace;
    gboolean vcpus = strcmp(k->key, "vcpus") == 0;
    if (!t || !(vcpus ? t->sized_vcpus : t->sized_memory))
        scn_schema_write_value(w, k, obj);
}

static void write_vm_end(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnVm *v = obj;
    if (!v->trace && v->end_ns)
        scn_schema_write_value(w, k, obj);
}

static void write_vm_workload(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnVm *v = obj;
    if (v->trace)
        scn_elastic_write_vm_trace(w, v->trace, v->workload);
    else
        scn_yaml_kv(w, k->key, v->workload);
}

/* `work` when the VM finishes, else `demand`. */
static void write_vm_work(ScnWriter *w, const ScnKey *k, const void *obj)
{
    if (isfinite(((const ScnVm *)obj)->work_cycles))
        scn_schema_write_value(w, k, obj);
}

static void write_vm_demand(ScnWriter *w, const ScnKey *k, const void *obj)
{
    if (!isfinite(((const ScnVm *)obj)->work_cycles))
        scn_schema_write_value(w, k, obj);
}

static void write_vm_io(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_write_vm_io(w, ((const ScnVm *)obj)->io);
}

static void write_vm_pin(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnVm *v = obj;
    if (!v->pin)
        return;
    scn_yaml_scalar(w, k->key);
    scn_yaml_seq_begin(w, TRUE);
    for (int i = 0; i < v->vcpus; i++) {
        g_autofree char *core = g_strdup_printf("%d", v->pin[i]);
        scn_yaml_scalar(w, core);
    }
    scn_yaml_seq_end(w);
}

static void vm_read_init(VmRead *r)
{
    scn_schema_defaults(scn_vm_keys, &r->v);
    set_workload(&r->v, scn_workload_lookup(r->s, "compute-intensive"));
    hv_guest_init(&r->v.guest);
    r->v.io = g_ptr_array_new_with_free_func(scn_vm_io_free);
}

static void vm_read_clear(VmRead *r)
{
    scn_schema_clear(scn_vm_keys, &r->v);
    g_ptr_array_free(r->v.io, TRUE);
    g_free(r->v.pin);
}

static void add_vm(Scenario *s, const ScnVm *proto, const char *name)
{
    ScnVm *v = g_memdup2(proto, sizeof *proto);
    v->name = g_strdup(name);
    v->group = g_strdup(proto->group);
    v->host = g_strdup(proto->host);
    v->workload = g_strdup(proto->workload);
    v->anti_affinity = g_strdup(proto->anti_affinity);
    v->in_vm = g_strdup(proto->in_vm);
    v->runtime = g_strdup(proto->runtime);
    v->disk_device = g_strdup(proto->disk_device);
    v->pin = proto->pin ? g_memdup2(proto->pin, sizeof(int) * (size_t)proto->vcpus) : NULL;
    v->io = g_ptr_array_new_with_free_func(scn_vm_io_free);
    for (guint k = 0; k < proto->io->len; k++) {
        ScnVmIo *src = g_ptr_array_index(proto->io, k), *copy = g_memdup2(src, sizeof *src);
        copy->device = g_strdup(src->device);
        g_ptr_array_add(v->io, copy);
    }
    g_ptr_array_add(s->vms, v);
    g_hash_table_insert(s->vm_names, v->name, v);
    if (!g_hash_table_contains(s->vm_groups, v->group))
        g_hash_table_insert(s->vm_groups, v->group, v);
}

/* Member i of a trace entry: its sizes (unless the entry gives them), arrival, departure. */
static void trace_vm_apply(ScnVm *v, guint i)
{
    const TraceMember *m = scn_trace_member(v->trace, i);
    v->trace_member = i;
    if (v->trace->sized_vcpus && m->vcpus > 0)
        v->vcpus = m->vcpus;
    if (v->trace->sized_memory && m->memory_bytes > 0)
        v->memory_bytes = m->memory_bytes;
    v->start_ns += m->start_ns;
    if (m->end_ns != SIM_TIME_NEVER)
        v->end_ns = v->trace->start_ns + MAX(m->end_ns, m->start_ns + 1);
}

/* The entry's names: name-1 .. name-M for a trace population without `count`. */
static GPtrArray *vm_names(VmRead *r, ScnDoc *d, ScnNode *entry, GError **error)
{
    const ScnTrace *t = r->v.trace;
    if (!t || t->count || t->members->len == 1)
        return entry_names(d, entry, "VM", r->v.name, r->count, r->s->vm_names, error);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 1; i <= t->members->len; i++) {
        char *nm = g_strdup_printf("%s-%u", r->v.name, i);
        g_ptr_array_add(names, nm);
        if (g_hash_table_contains(r->s->vm_names, nm)) {
            scn_fail(error, d, scn_map_get(d, entry, "name"), SCN_ERROR_CONFLICT,
                     "VM name '%s' is used twice (names must be unique)", nm);
            g_ptr_array_free(names, TRUE);
            return NULL;
        }
    }
    return names;
}

/* Whether one of h's disks (the named one, if any) could ever hold an image this size. */
static gboolean host_can_hold(const ScnHost *h, const char *device, uint64_t bytes)
{
    for (guint i = 0; i < h->devices->len; i++) {
        const ScnDevice *dev = g_ptr_array_index(h->devices, i);
        if ((!device || strcmp(device, dev->name) == 0) && io_storage_can_hold(&dev->spec, bytes))
            return TRUE;
    }
    return FALSE;
}

/* disk: an image needs a disk with capacity that can hold it: on its host (the named
 * device, if any), or, placed by the scheduler, on some host. */
static gboolean check_vm_disk(VmRead *r, ScnDoc *d, GError **error)
{
    ScnNode *dn = scn_map_get(d, r->node, "disk");
    ScnNode *devn = dn ? scn_map_get(d, dn, "device") : NULL;
    const ScnVm *v = &r->v;
    g_autofree char *size = g_format_size_full(v->disk_bytes, G_FORMAT_SIZE_IEC_UNITS);
    if (v->disk_device && !v->host)
        return scn_fail(error, d, devn, SCN_ERROR_MISSING, "a VM with 'disk.device' needs "
                        "'host' (the device is on that host)");
    const ScnHost *h = v->host ? scn_host_lookup(r->s, v->host) : NULL;
    if (h && v->disk_device && !scn_device_find(h->devices, v->disk_device))
        return scn_fail(error, d, devn, SCN_ERROR_UNKNOWN, "host '%s' has no device '%s' "
                        "(expected a disk of the VM's host)", v->host, v->disk_device);
    if (!v->disk_bytes)
        return TRUE;
    if (h && !host_can_hold(h, v->disk_device, v->disk_bytes))
        return scn_fail(error, d, devn ? devn : scn_map_get(d, dn, "size"), SCN_ERROR_RANGE,
                        "no disk of host '%s' can hold a %s image (expected a device with "
                        "kind: disk and a capacity, or a partitioned disk's slice, of at "
                        "least that)", v->host, size);
    for (guint i = 0; !h && i < r->s->hosts->len; i++)
        if (host_can_hold(g_ptr_array_index(r->s->hosts, i), NULL, v->disk_bytes))
            return TRUE;
    if (!h)
        return scn_fail(error, d, scn_map_get(d, dn, "size"), SCN_ERROR_RANGE,
                        "no host has a disk that can hold a %s image (expected a device with "
                        "kind: disk and a capacity, or a partitioned disk's slice, of at "
                        "least that)", size);
    return TRUE;
}

gboolean scn_read_vm(Scenario *s, ScnDoc *d, ScnNode *entry, GError **error)
{
    VmRead r = { .s = s, .node = entry, .count = 1 };
    vm_read_init(&r);
    gboolean ok = scn_schema_read_keys(scn_vm_keys, "a VM", &r, d, entry, error);
    if (ok && !r.v.group)
        r.v.group = g_strdup(r.v.name);
    if (ok && (r.v.disk_bytes || r.v.disk_device))
        ok = check_vm_disk(&r, d, error);
    if (ok && r.v.end_ns && r.v.end_ns <= r.v.start_ns)
        ok = scn_fail(error, d, scn_map_get(d, entry, "end"), SCN_ERROR_RANGE,
                      "'end' is not after 'start' (expected a departure after the arrival)");
    g_autoptr(GPtrArray) names = ok ? vm_names(&r, d, entry, error) : NULL;
    for (guint i = 0; names && i < names->len; i++) {
        add_vm(s, &r.v, g_ptr_array_index(names, i));
        if (r.v.trace)
            trace_vm_apply(g_ptr_array_index(s->vms, s->vms->len - 1), i);
    }
    if (names && !r.v.trace && scn_map_get(d, entry, "count"))
        ((ScnVm *)g_ptr_array_index(s->vms, s->vms->len - names->len))->count = names->len;
    vm_read_clear(&r);
    return names != NULL;
}
