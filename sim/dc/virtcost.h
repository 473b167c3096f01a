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
/* What host h contributes to its devices' paths: kind, clock, exit cost, posted interrupts,
 * the Type 2 host stack (the profile's host_io); batch 1.  The run and explain both use it. */
void sim_virt_io_env(const ScnHost *h, IoPathEnv *env);
/* The cost of one operation on a device's path from this host (sim/io). */
void sim_virt_io_cost(const ScnHost *h, const ScnDevice *dev, IoPathCost *cost);

/* `vdcsim explain`: the teaching view for every VM (or the one named), each on its scenario
 * host (or the first host when the scheduler places it), alone on the host.  FALSE if
 * vm_name names no VM. */
gboolean sim_virt_explain(const Scenario *s, const char *vm_name, FILE *out);

#endif
