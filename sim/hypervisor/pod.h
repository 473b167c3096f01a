/* sim/hypervisor/pod.h — containers in VMs (Kubernetes pods on cloud VMs): the costs compose.
 *
 * A pod's guest work first pays its container runtime (seccomp and namespace lookups per
 * system call, cgroup accounting and the veth/bridge per I/O operation: the runtime
 * profile's container term), then everything the VM it runs in pays on its host (exits,
 * walks, I/O path: the VM's breakdown).  The two are additive per native second, as both
 * are cycles spent per unit of guest work:
 *
 *     C_pod = C_vm(w) + C_container(w),     speed_frac = f / (f + C_pod)
 *
 * so a pod in a VM is never faster than the VM alone or the container alone.  Units:
 * cycles per native second.  Pure functions.
 */
#ifndef HV_POD_H
#define HV_POD_H

#include "sim/hypervisor/overhead.h"

/* Adds runtime's container term for workload w (at in's clock) to *o, the breakdown of w in
 * its VM on the host, and recomputes total and speed.  runtime must be a container kind. */
void hv_pod_compose(const HvWorkload *w, const HvProfile *runtime, const HvInputs *in,
                    HvOverhead *o);

#endif
