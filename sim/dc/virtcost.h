/* sim/dc/virtcost.h — a VM's virtualization overhead on its host: the bridge from the Scenario to
 * sim/memory (paging cost) and sim/hypervisor (overhead breakdown and speed).
 *
 * speed = native / (native + Σ rate × cost), recomputed by the model whenever what it
 * depends on changes (the VM is placed or moves, its host's co-runner count changes).
 */
#ifndef SIM_VIRT_H
#define SIM_VIRT_H

#include <stdio.h>

#include "sim/hypervisor/overhead.h"
#include "sim/io/path.h"
#include "sim/scenario/scenario.h"

/* Fills *in (paging cost, I/O path, frequency) and *out for workload wl on host h while
 * co_runners other VMs share the host.  A VM with I/O streams (io, may be NULL) uses its
 * devices' paths and the streams' rates instead of the workload's I/O rates. */
void sim_virt_overhead(const ScnHost *h, const ScnWorkload *wl, const GPtrArray *io,
                       unsigned co_runners, HvInputs *in, HvOverhead *out);
/* Today's terms on top of sim_virt_overhead()'s *out for VM v: its nesting level (a pod:
 * its node's), a pod's container runtime, and remote NUMA accesses on its page walks. */
void sim_virt_compose(const ScnHost *h, const ScnVm *v, const ScnVm *node,
                      const ScnWorkload *wl, double numa_remote_frac, const HvInputs *in,
                      HvOverhead *out);
/* A host with a driver domain entity (`driver_domain: { vcpus }`) runs the back-end work of
 * v's I/O streams there when they go through it (not passthrough): moves the `io` term out
 * of *o (its speed rises) and returns it in cycles/s; 0 when nothing moves. */
double sim_virt_dd_take_io(const ScnHost *h, const ScnVm *v, const HvInputs *in,
                           HvOverhead *o);
/* What host h contributes to its devices' paths: kind, clock, exit cost, posted interrupts,
 * the Type 2 host stack (the profile's host_io); batch 1.  The run and explain both use it. */
void sim_virt_io_env(const ScnHost *h, IoPathEnv *env);
/* The cost of one operation on a device's path from this host (sim/io). */
void sim_virt_io_cost(const ScnHost *h, const ScnDevice *dev, IoPathCost *cost);

/* `vdcsim explain`: the teaching view for every VM (or the one named), each on its scenario
 * host (or the first host when the scheduler places it), alone on the host.  FALSE if
 * vm_name names no VM. */
gboolean sim_virt_explain(const Scenario *s, const char *vm_name, FILE *out);
/* `explain --walk`: the page walk of one TLB miss, reference by reference, once per distinct
 * paging setup of the VMs selected (all when vm_name is NULL).  FALSE if none. */
gboolean sim_virt_explain_walk(const Scenario *s, const char *vm_name, FILE *out);
/* `explain --compare A B`: two VMs (or groups: their first VM) mechanism by mechanism.
 * Returns NULL, or the name that matches no VM (nothing printed). */
const char *sim_virt_explain_compare(const Scenario *s, const char *a, const char *b, FILE *out);

#endif
