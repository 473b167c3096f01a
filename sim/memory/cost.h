/* sim/memory/cost.h — the contract between sim/memory and sim/hypervisor.
 *
 * sim/memory turns a VM's memory behaviour (working set, access pattern, page-table update
 * rate) and its host's MMU configuration (paging mode, TLB, page sizes, page-walk caches)
 * into these per-native-second quantities; sim/hypervisor prices them into the overhead
 * breakdown (extra page-walk references, shadow-table maintenance, TLB flushes on world
 * switch).  All rates are per second of native execution; cycles are host core cycles.
 */
#ifndef MEM_COST_H
#define MEM_COST_H

typedef struct {
    double tlb_misses_per_s;          /* TLB misses per native second (before flushes) */
    double native_walk_cycles;        /* cycles one miss costs natively (n refs x latency) */
    double virt_walk_cycles;          /* cycles one miss costs under the host's paging mode */
    double native_walk_refs;          /* memory references per miss, native */
    double virt_walk_refs;            /* memory references per miss, virtualized */
    double pt_traps_per_s;            /* guest page-table writes that trap (shadow paging) */
    double shadow_sync_cycles;        /* hypervisor work per trapped write, beyond the exit */
    double flush_refill_cycles;       /* refill-miss cycles after one untagged world switch;
                                         0 when the TLB is tagged (VPID/ASID) */
} MemPagingCost;

#endif
