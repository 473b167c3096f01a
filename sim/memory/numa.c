/* sim/memory/numa.c — remote-access share and its cost; see numa.h. */
#include "sim/memory/numa.h"

#include <math.h>
#include <stddef.h>

const char *const mem_numa_policy_names[] = { "local", "interleave", "pinned", NULL };

int mem_numa_sockets_spanned(const MemNumaHost *h, int host_cores, uint64_t host_memory_bytes,
                             int vcpus, uint64_t memory_bytes)
{
    if (h->sockets <= 1)
        return 1;
    double cores = (double)host_cores / h->sockets, mem = (double)host_memory_bytes / h->sockets;
    int by_cpu = (int)ceil(vcpus / cores - 1e-9), by_mem = (int)ceil(memory_bytes / mem - 1e-9);
    int s = by_cpu > by_mem ? by_cpu : by_mem;
    return s < 1 ? 1 : s > h->sockets ? h->sockets : s;
}

double mem_numa_remote_frac(const MemNumaHost *h, const MemNumaVm *v, int spanned)
{
    if (h->sockets <= 1)
        return 0;
    switch (v->policy) {
    case MEM_NUMA_INTERLEAVE: return (h->sockets - 1.0) / h->sockets;
    case MEM_NUMA_PINNED:     return MEM_NUMA_PINNED_LEAK * (spanned - 1.0) / spanned;
    default:                  return (spanned - 1.0) / spanned;
    }
}

double mem_numa_walk_factor(const MemNumaHost *h, double remote_frac)
{
    return 1 + remote_frac * (h->remote_latency_ratio - 1);
}

double mem_numa_speed_frac(const MemNumaHost *h, const MemNumaVm *v, double remote_frac)
{
    return 1 / (1 + v->mem_stall_frac * remote_frac * (h->remote_latency_ratio - 1));
}
