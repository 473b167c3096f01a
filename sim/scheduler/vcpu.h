/* sim/scheduler/vcpu.h — vCPU scheduling on a host, as fluid sharing (sim/core/share).
 *
 * Three modes build different SimShare resources and consumers for a host and its VMs:
 *   pinned  one resource per core (freq cycles/s); each vCPU is a consumer of weight 1 on
 *           its own core, given by the VM's pin list or assigned round-robin over the free
 *           cores.  A core takes at most one pinned vCPU: more vCPUs than free cores, a
 *           core out of range or taken twice is an error (SCHED_ERROR).
 *   credit  Xen credit scheduler in the fluid limit: one resource of cores × freq; a VM is
 *           one consumer with weight = its credit weight (Xen default 256) and cap =
 *           vcpus × freq × min(demand, cap_frac), where cap_frac is the cap in fractions
 *           of one core per vCPU (Xen's domain cap in % of one CPU = 100 × cap_frac × vcpus).
 *   fair    proportional share: as credit with weight = vcpus (equal weight per vCPU) and
 *           no cap beyond demand.
 * Max-min fairness (progressive filling) gives each VM weight × λ, so weights divide a
 * contended host in proportion and caps hold exactly.
 *
 * Steal time (per VM, vCPU-seconds) = ∫ (cap_rate − rate)⁺ dt / freq while the VM runs:
 * what the VM asked for (its consumer's cap: demand, bounded by its credit cap) minus what
 * it got.  What a credit cap withheld, ∫ (demand_rate − cap_rate)⁺ dt / freq, is counted
 * apart as throttled time.  Both integrals are settled on every re-solve of the host (a
 * resource watch) and every demand change, so they are exact for the piecewise-constant
 * rates of the fluid model.
 *
 * Ownership: a SchedHostCpu owns its SchedVmCpu objects' bookkeeping; the resources and
 * consumers live in the SimShare.  Free the VMs, then the host, then the SimShare.  Rates in
 * cycles/s, work in cycles, fractions 0..1.
 */
#ifndef SCHED_VCPU_H
#define SCHED_VCPU_H

#include "sim/core/engine.h"
#include "sim/core/share.h"
#include "sim/scheduler/error.h"


typedef enum { SCHED_VCPU_PINNED, SCHED_VCPU_CREDIT, SCHED_VCPU_FAIR, SCHED_VCPU_N } SchedVcpuMode;

#define SCHED_CREDIT_WEIGHT_DEFAULT 256.0    /* Xen credit scheduler default domain weight */

const char *sched_vcpu_mode_name(SchedVcpuMode mode);
gboolean    sched_vcpu_mode_lookup(const char *name, SchedVcpuMode *mode);   /* FALSE if unknown */

typedef struct {
    int          vcpus;
    double       weight;        /* credit weight (0 = default 256); ignored by pinned, fair */
    double       cap_frac;      /* credit cap per vCPU, fraction of one core (0 = none) */
    const int   *pin;           /* pinned: core of each vCPU (vcpus entries), or NULL */
    double       demand_frac;   /* how busy each vCPU wants to be, 0..1 */
    double       work_cycles;   /* INFINITY: runs until freed */
    double       efficiency;    /* useful work per cycle drawn, (0, 1]; 0 means 1 */
} SchedVmCpuSpec;

typedef struct SchedHostCpu SchedHostCpu;
typedef struct SchedVmCpu   SchedVmCpu;

/* Called from an engine event when a VM's work is done (all its vCPUs finished). */
typedef void (*SchedVmDoneFn)(SchedVmCpu *vc, void *owner);
/* Called after every re-solve touching the host, with the host's total use in cycles/s. */
typedef void (*SchedHostWatchFn)(SchedHostCpu *hc, double used_cycles_per_s, void *user);

SchedHostCpu *sched_host_cpu_new(SimEngine *eng, SimShare *share, const char *name,
                                 SchedVcpuMode mode, int cores, double freq_hz);
void          sched_host_cpu_free(SchedHostCpu *hc);     /* NULL is a no-op; VMs first */
void          sched_host_cpu_watch(SchedHostCpu *hc, SchedHostWatchFn fn, void *user);
SchedVcpuMode sched_host_cpu_mode(const SchedHostCpu *hc);
double        sched_host_cpu_capacity(const SchedHostCpu *hc);   /* cycles/s */
double        sched_host_cpu_used(const SchedHostCpu *hc);       /* cycles/s, last solve */
int           sched_host_cpu_free_cores(const SchedHostCpu *hc); /* pinned: cores not taken */
guint         sched_host_cpu_resources(const SchedHostCpu *hc);  /* 1, or cores if pinned */
SimResource  *sched_host_cpu_resource(const SchedHostCpu *hc, guint i);

/* Puts a VM on the host and starts it; NULL with error if its pinning cannot be met. */
SchedVmCpu   *sched_vm_cpu_new(SchedHostCpu *hc, const SchedVmCpuSpec *spec,
                               SchedVmDoneFn done, void *owner, GError **error);
/* Stops the VM, settles its accounting and releases its cores and consumers. */
void          sched_vm_cpu_free(SchedVmCpu *vc);          /* NULL is a no-op */
void          sched_vm_cpu_set_demand(SchedVmCpu *vc, double demand_frac);
void          sched_vm_cpu_set_weight(SchedVmCpu *vc, double weight);    /* credit only */
void          sched_vm_cpu_set_cap(SchedVmCpu *vc, double cap_frac);     /* credit only */
void          sched_vm_cpu_set_efficiency(SchedVmCpu *vc, double efficiency);
double        sched_vm_cpu_rate(const SchedVmCpu *vc);         /* cycles/s, Σ over vCPUs */
double        sched_vm_cpu_remaining(SchedVmCpu *vc);          /* cycles (Σ over vCPUs) */
double        sched_vm_cpu_consumed(SchedVmCpu *vc);           /* cycles drawn */
double        sched_vm_cpu_steal_s(SchedVmCpu *vc);            /* vCPU-seconds */
double        sched_vm_cpu_throttled_s(SchedVmCpu *vc);        /* vCPU-seconds */
/* Pinned: the core of vCPU i; -1 in the other modes. */
int           sched_vm_cpu_core(const SchedVmCpu *vc, int i);

#endif
