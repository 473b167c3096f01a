/* sim/memory/numa.h — NUMA: sockets with local and remote memory; where a VM's vCPUs and
 * memory land, and what remote accesses cost its work and its page walks.
 *
 * A VM spans s = max(ceil(vcpus / cores_per_socket), ceil(memory / memory_per_socket))
 * sockets of the host's S.  Its remote share r of memory accesses depends on the policy:
 *   local      (first touch, no vNUMA)  r = (s - 1) / s: a wide guest sees flat memory
 *   interleave (pages round-robin)      r = (S - 1) / S
 *   pinned     (vCPUs and memory bound, vNUMA shown to the guest)
 *                                        r = 0 on one socket, else MEM_NUMA_PINNED_LEAK of (s-1)/s
 * With remote latency ratio q (remote / local), the memory-stall share m of the work and
 * of every walk reference stretch by 1 + r (q - 1):
 *     speed_frac = 1 / (1 + m r (q - 1)),   walk cycles x (1 + r (q - 1))
 * Units in names; fractions in 0..1.  Pure functions.
 */
#ifndef MEM_NUMA_H
#define MEM_NUMA_H

#include <stdint.h>

typedef enum { MEM_NUMA_LOCAL, MEM_NUMA_INTERLEAVE, MEM_NUMA_PINNED, MEM_NUMA_POLICY_COUNT } MemNumaPolicy;
extern const char *const mem_numa_policy_names[];   /* NULL-terminated */

#define MEM_NUMA_PINNED_LEAK 0.2    /* (assumption) cross-socket sharing left under vNUMA */

typedef struct {                    /* a host's `numa:` keys */
    int    sockets;                 /* 1: uniform memory (NUMA off) */
    double remote_latency_ratio;    /* remote / local load latency */
} MemNumaHost;

typedef struct {                    /* a VM's `numa:` keys */
    int    policy;                  /* MemNumaPolicy */
    double mem_stall_frac;          /* share of its native time stalled on memory */
} MemNumaVm;

int    mem_numa_sockets_spanned(const MemNumaHost *h, int host_cores, uint64_t host_memory_bytes,
                                int vcpus, uint64_t memory_bytes);
double mem_numa_remote_frac(const MemNumaHost *h, const MemNumaVm *v, int spanned);
double mem_numa_speed_frac(const MemNumaHost *h, const MemNumaVm *v, double remote_frac);
double mem_numa_walk_factor(const MemNumaHost *h, double remote_frac);

#endif
