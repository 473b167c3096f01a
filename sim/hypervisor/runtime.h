/* sim/hypervisor/runtime.h — process-level virtualization: managed runtimes (a JVM, a
 * WebAssembly engine) that virtualize one process's instruction set and ABI, beside the
 * OS-level (containers) and system-level (hypervisors) layers of the course's taxonomy.
 *
 * A runtime is plain data: its name, what it virtualizes, and its steady-state slowdown on
 * compute against native code, cited in docs/models.md ("Process-level virtualization").
 * `vdcsim list` prints them under process-level; a VM's `managed_runtime:` runs its workload
 * inside one: the overhead term HV_MECH_RUNTIME = (slowdown - 1) x the core's cycles per
 * native second (the same work takes `slowdown` times the native time), on top of whatever
 * virtualization is below it (sim/dc/virtcost.c).
 */
#ifndef HV_RUNTIME_H
#define HV_RUNTIME_H

#include <stddef.h>

typedef struct {
    const char *name;             /* "jvm", "wasm" */
    const char *what;             /* one line: what it virtualizes */
    double      slowdown;         /* steady-state time vs native code, >= 1 */
    const char *source;           /* where the slowdown comes from */
} HvRuntime;

const HvRuntime *hv_runtime_builtins(size_t *n_out);
/* The values of a VM's `managed_runtime:`: "none", then the built-ins' names; NULL-ended. */
extern const char *const hv_runtime_names[];
/* The runtime of `managed_runtime:` value index i; NULL for 0 ("none"). */
const HvRuntime *hv_runtime_at(int i);

#endif
