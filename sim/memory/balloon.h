/* sim/memory/balloon.h — ballooning: reclaiming guest memory through a driver inside the
 * guest (Waldspurger, "Memory Resource Management in VMware ESX Server", OSDI 2002, §3.2).
 *
 * Timing: the balloon driver allocates (inflate) or frees (deflate) guest pages at a finite
 * rate, so moving the balloon by Δ bytes takes  t = ceil(Δ / rate)  ns.  Default rate 1 GiB/s
 * is our assumption (Waldspurger reports reclamation over seconds to minutes, driven by the
 * hypervisor's polling, not a hardware limit); set it per host.
 *
 * Squeeze slowdown: while the guest's backed memory R is at least its working set W the guest
 * just drops idle pages and runs at full speed (Waldspurger §3.2, Fig. 2: throughput within a
 * few percent of a VM configured with that much memory).  Below it, a fraction
 * m = (W - R) / W of the working set is missing; the guest pages it in from swap on each
 * touch, so  faults/s = m x touches/s  and the guest loses  m x touches/s x fault_ns  ns per
 * native second; its speed is 1e9 / (1e9 + that).  `touches/s` is the rate at which the
 * workload touches working-set pages not recently used (the lead passes the VM's native TLB
 * misses per second: a page missing from memory is never in the TLB).  Default fault cost
 * 100 us (a 4 KiB random read from an SSD swap device) is our assumption.
 */
#ifndef MEM_BALLOON_H
#define MEM_BALLOON_H

#include "sim/core/engine.h"
#include "sim/memory/memory.h"

typedef struct {
    double rate_bytes_per_s;           /* inflate/deflate speed of the balloon driver */
    double fault_ns;                   /* one page-in of a missing working-set page */
} MemBalloonConfig;

void      mem_balloon_config_init_default(MemBalloonConfig *cfg);
/* Time to move the balloon by delta_bytes, rounded up to a whole ns; rate > 0. */
SimTimeNs mem_balloon_duration_ns(uint64_t delta_bytes, double rate_bytes_per_s);
/* m = max(0, (ws - resident) / ws); 0 when ws_pages == 0. */
double    mem_balloon_missing_frac(uint64_t resident_pages, uint64_t ws_pages);
/* Extra ns per native second: missing_frac x touches_per_s x fault_ns. */
double    mem_balloon_extra_ns_per_s(double missing_frac, double touches_per_s,
                                     double fault_ns);
/* Speed factor in (0, 1]: 1e9 / (1e9 + extra_ns_per_s). */
double    mem_balloon_speed_frac(double extra_ns_per_s);

#endif
