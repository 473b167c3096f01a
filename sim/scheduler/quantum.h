/* sim/scheduler/quantum.h — time-sliced vCPU scheduling with engine events (teaching mode).
 *
 * Each core has its own run queue of vCPUs (static assignment; no load balancing between
 * cores).  The scheduler follows the Xen credit scheduler (credit1): every accounting
 * period each active vCPU earns credit = period × weight / Σ weights of the active vCPUs of
 * its core (a capped one at most period × cap); the running vCPU is charged the time it ran.
 * A vCPU with credit > 0 is UNDER, else OVER; the next to run is the first UNDER vCPU in
 * queue order, else the first OVER one, and a vCPU that ran goes to the back of the queue
 * (round-robin within a priority).  A capped vCPU whose credit is spent is parked until a
 * refill makes it positive.  Credit is bounded above by one period plus one slice (no
 * hoarding; a bound of one period would, with 30 ms slices, turn weights into round-robin).
 * A slice lasts `quantum` (Xen default 30 ms) unless the vCPU blocks.
 *
 * A switch to a different vCPU costs context_switch + (tlb_tagged ? 0 : tlb_refill) of core
 * time before the next vCPU's code runs (the refill cost comes from sim/memory).  Metrics
 * per vCPU: CPU time; wait (steal) time, runnable but not running, parked time included;
 * scheduling delay, one SimTally sample per dispatch = time from becoming runnable (or
 * being preempted) to running its code.  Per core: switches and switch overhead.
 *
 * Cost is one engine event per slice, so this mode is for small scenarios.  Ownership: the
 * host owns its vCPUs; free the host to free them (its events are cancelled).
 */
#ifndef SCHED_QUANTUM_H
#define SCHED_QUANTUM_H

#include "sim/core/engine.h"
#include "sim/core/metrics.h"

#define SCHED_XEN_TIMESLICE_NS (30 * SIM_NS_PER_MS)   /* Xen credit1 default timeslice */

typedef struct {
    SimTimeNs quantum_ns;        /* 0: 30 ms */
    SimTimeNs accounting_ns;     /* credit refill period; 0: 30 ms */
    SimTimeNs switch_ns;         /* context switch */
    SimTimeNs tlb_refill_ns;     /* TLB refill after a switch when the TLB is untagged */
    SimTimeNs cache_refill_ns;   /* re-fetching the incoming vCPU's cached working set that
                                    the previous vCPU evicted (sched_quantum_cache_refill_ns) */
    gboolean  tlb_tagged;
} SchedQuantumParams;

/* Cache refill after a switch to a vCPU whose working set is ws_bytes: it re-misses at most
 * the share of the last-level cache it had, SCHED_CACHE_SHARE_BYTES, at the refill bandwidth
 * of one core SCHED_REFILL_BYTES_PER_S (Mogul & Borg, ASPLOS 1991; Li, Ding & Shen, ExpCS
 * 2007, measured indirect costs from microseconds to over a millisecond; our constants are
 * assumptions, checked against Barham et al. 2003's 5 ms / 50 ms slices, docs/validation.md). */
#define SCHED_CACHE_SHARE_BYTES  (2.0 * 1024 * 1024)
#define SCHED_REFILL_BYTES_PER_S 5e9
SimTimeNs sched_quantum_cache_refill_ns(double ws_bytes);
/* Core time one switch between vCPUs costs: switch + cache refill + TLB refill (untagged). */
SimTimeNs sched_quantum_switch_cost_ns(const SchedQuantumParams *p);
/* Share of a core's time left to guest work when vcpus_per_core runnable vCPUs take turns
 * in slices of p->quantum_ns: q / (q + switch cost) above one vCPU per core, else 1.  The
 * fluid model runs throughput at this efficiency, so short slices under overcommit cost. */
double    sched_quantum_slice_frac(const SchedQuantumParams *p, double vcpus_per_core);


typedef struct SchedQuantumHost SchedQuantumHost;
typedef struct SchedQuantumVcpu SchedQuantumVcpu;

const SchedQuantumParams *sched_quantum_params(const SchedQuantumHost *q);
SchedQuantumHost *sched_quantum_host_new(SimEngine *eng, int cores, const SchedQuantumParams *p);
void              sched_quantum_host_free(SchedQuantumHost *q);     /* NULL is a no-op */
/* Adds a runnable vCPU on core with a credit weight (> 0; Xen default 256) and a cap as a
 * fraction of the core (0 = none).  Owned by the host. */
SchedQuantumVcpu *sched_quantum_vcpu_add(SchedQuantumHost *q, int core, double weight,
                                         double cap_frac);
void              sched_quantum_vcpu_set_runnable(SchedQuantumVcpu *v, gboolean runnable);
SimTimeNs         sched_quantum_vcpu_cpu_ns(const SchedQuantumVcpu *v);   /* up to now */
SimTimeNs         sched_quantum_vcpu_wait_ns(const SchedQuantumVcpu *v);  /* up to now */
SimTally         *sched_quantum_vcpu_delays(SchedQuantumVcpu *v);
int               sched_quantum_vcpu_core(const SchedQuantumVcpu *v);     /* its core's index */   /* seconds; owned */
guint64           sched_quantum_switches(const SchedQuantumHost *q, int core);
SimTimeNs         sched_quantum_overhead_ns(const SchedQuantumHost *q, int core);

#endif
