/* sim/hypervisor/pod.c — a pod's cost: its VM's breakdown plus its runtime's; see pod.h. */
#include "sim/hypervisor/pod.h"

#include <string.h>

void hv_pod_compose(const HvWorkload *w, const HvProfile *runtime, const HvInputs *in,
                    HvOverhead *o)
{
    g_return_if_fail(w && runtime && in && o && runtime->kind == HV_KIND_CONTAINER);
    HvInputs native = *in;           /* the runtime's own term needs no paging or I/O path */
    memset(&native.mem, 0, sizeof native.mem);
    HvOverhead ctr;
    hv_overhead_compute(w, runtime, &native, &ctr);
    o->events_per_s[HV_MECH_CONTAINER] += ctr.events_per_s[HV_MECH_CONTAINER];
    o->cycles_per_native_s[HV_MECH_CONTAINER] += ctr.cycles_per_native_s[HV_MECH_CONTAINER];
    o->total_cycles_per_native_s += ctr.cycles_per_native_s[HV_MECH_CONTAINER];
    o->speed_frac = in->cpu_hz / (in->cpu_hz + o->total_cycles_per_native_s);
}
