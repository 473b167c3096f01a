/* sim/hypervisor/overhead.h — the virtualization-overhead model: what a guest's events cost
 * under a host's hypervisor, paging mode and I/O path, as cycles per native second.
 *
 *     speed_frac = f / (f + sum_m C_m),     C_m = sum over events e of mechanism m of r_e c_e
 *
 * with f the host core frequency (native cycles per native second), r_e the event rate per
 * native second on a core of f (the workload's and memory's rates are written at
 * HV_WORKLOAD_REF_HZ and scaled by f / HV_WORKLOAD_REF_HZ here: they count guest work, so a
 * cost in cycles gives the same ratio at any clock) and c_e the cost in cycles (HvProfile,
 * HvIoPath, MemPagingCost).  A built-in workload's I/O rates count guest work as well; the
 * rates of scenario I/O streams are per wall-clock second (HvInputs.io_wall_clock).  The C_m are the overhead breakdown (HvMech); which events land in which
 * mechanism depends on the technique (overhead.c, docs/models.md).  Invariants: every C_m >= 0,
 * sum C_m = total, 0 < speed_frac <= 1, speed_frac = 1 exactly for native.
 */
#ifndef HV_OVERHEAD_H
#define HV_OVERHEAD_H

#include <glib.h>

#include "sim/hypervisor/profile.h"
#include "sim/hypervisor/workload.h"
#include "sim/memory/cost.h"

typedef enum {
    HV_MECH_BT,           /* binary translation: inline emulation, translated-kernel slowdown,
                             translation-cache misses */
    HV_MECH_VM_EXIT,      /* hardware-assist exits for privileged ops, CR3, faults, interrupts */
    HV_MECH_HYPERCALL,    /* paravirtual hypercalls replacing privileged ops */
    HV_MECH_TRAP,         /* traps into the VMM reflected to the guest (trap-and-emulate, BT
                             kernel entries, Xen fault/syscall/event bounces) */
    HV_MECH_PT,           /* page-table maintenance: shadow sync, or PV batched mmu_update */
    HV_MECH_PAGE_WALK,    /* extra cycles per TLB miss (nested / 2-D walks) */
    HV_MECH_TLB_FLUSH,    /* TLB refill after untagged world switches */
    HV_MECH_IO,           /* I/O path: exits per op, device model, copies */
    HV_MECH_HOST,         /* Type 2: world switches into the host OS and its I/O stack */
    HV_MECH_CONTAINER,    /* containers: seccomp, cgroup accounting, veth/bridge */
    HV_MECH_RUNTIME,      /* a managed runtime (JVM, WebAssembly): process-level (runtime.h) */
    HV_MECH_COUNT
} HvMech;

const char *hv_mech_name(HvMech m);     /* CSV column: "bt", "vm_exit", ... */
const char *hv_mech_label(HvMech m);    /* explain table: "binary translation", ... */

typedef enum { HV_IO_EMULATED, HV_IO_PARAVIRTUAL, HV_IO_PASSTHROUGH, HV_IO_KIND_COUNT } HvIoKind;

/* The I/O path of the guest's devices; sim/io will refine these numbers per device. */
typedef struct {
    HvIoKind kind;
    double   exits_per_op;          /* guest -> VMM transitions per I/O operation */
    double   device_cycles_per_op;  /* device model / backend work per operation */
    double   copy_cycles_per_byte;  /* extra data copies per byte moved */
} HvIoPath;

const char *hv_io_kind_name(HvIoKind k);
gboolean    hv_io_kind_from_name(const char *name, HvIoKind *out);
void        hv_io_path_init(HvIoPath *io, HvIoKind kind);   /* built-in defaults */
HvIoKind    hv_profile_default_io(const HvProfile *p);
/* FALSE + HV_ERROR_INVALID if the path needs hardware the profile lacks (passthrough needs
 * an IOMMU: hardware-assist generation 3). */
gboolean    hv_io_path_check(const HvIoPath *io, const HvProfile *p, GError **error);

typedef struct {
    MemPagingCost mem;              /* from sim/memory for this VM on this host */
    HvIoPath      io;
    double        cpu_hz;           /* host core frequency: native cycles per native second */
    gboolean      io_wall_clock;    /* the workload's I/O rates are per wall-clock second
                                       (scenario I/O streams), not per guest work: not scaled */
} HvInputs;

typedef struct {
    double events_per_s[HV_MECH_COUNT];         /* events priced by each mechanism */
    double cycles_per_native_s[HV_MECH_COUNT];  /* overhead cycles per native second */
    double total_cycles_per_native_s;
    double world_switches_per_s;                /* switches that flush an untagged TLB */
    /* binary translation's kernel-code terms, both inside cycles_per_native_s[HV_MECH_BT]: */
    double bt_returns_per_s;                    /* returns / indirect branches looked up */
    double bt_return_cycles_per_native_s;       /* their translation-cache lookups */
    double bt_code_cycles_per_native_s;         /* the flat slowdown of translated code */
    double speed_frac;                          /* native / (native + overhead), in (0, 1] */
} HvOverhead;

/* Prices workload w under profile p.  Pure: no state, no allocation. */
void   hv_overhead_compute(const HvWorkload *w, const HvProfile *p, const HvInputs *in,
                           HvOverhead *out);
/* Virtualized seconds per native second: 1 / speed_frac. */
double hv_overhead_slowdown(const HvOverhead *o);

#endif
