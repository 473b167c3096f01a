/* sim/memory/cost.h — the contract between sim/memory and sim/hypervisor.
 *
 * sim/memory turns a VM's memory behaviour (working set, access pattern, page-table update
 * rate) and its host's MMU configuration (paging mode, TLB, page sizes, page-walk caches)
 * into these per-native-second quantities; sim/hypervisor prices them into the overhead
 * breakdown (extra page-walk references, shadow-table maintenance, TLB flushes on world
 * switch).  All rates are per second of native execution; cycles are host core cycles.
 *
 * Extra page-walk cycles per native second are
 *     tlb_misses_per_s x virt_walk_cycles - native_tlb_misses_per_s x native_walk_cycles
 * (mem_paging_cost_walk_extra_cycles_per_s): virtualization can raise the miss count too
 * (co-runners sharing a tagged TLB, a 2 MiB guest page splintered by 4 KiB backing).
 * sim/memory/paging.h fills this struct (mem_paging_cost_fill) and explains it.
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
    double flush_refill_cycles;       /* refill-miss cycles after one untagged world switch
                                         when the guest runs long enough to refill its whole
                                         TLB reach; 0 when the TLB is tagged (VPID/ASID) */
    double refill_ws_pages;           /* translations the guest uses (TLB pages of its set) */
    double touch_pages_per_s;         /* page references per native second: how fast a
                                         flushed TLB refills between two switches */
    double refill_hit_frac;           /* of those refills, the share that would have hit had
                                         the TLB not been flushed (1 - steady miss ratio) */
    /* Extensions (fields above keep their meaning): */
    double native_tlb_misses_per_s;   /* the same workload on bare metal: whole TLB, the
                                         guest's own page size */
    double pt_hypercalls_per_s;       /* direct paging (Xen PV): batched mmu_update calls */
    double pt_hypercall_work_cycles;  /* hypervisor validation work per batched call,
                                         beyond the hypercall's own entry/exit cost */
    double hidden_faults_per_s;       /* shadow: faults the guest never sees, taken to fill
                                         an empty shadow entry (new address spaces) */
    double shadow_fault_cycles;       /* shadow: MMU work per fault, true or hidden, beyond
                                         the VMM entry (a VM exit or a BT reflection) */
} MemPagingCost;

/* Extra page-walk cycles per native second that virtualization adds (may be < 0 only if
 * the virtual configuration misses less than native, which the model never produces). */
static inline double mem_paging_cost_walk_extra_cycles_per_s(const MemPagingCost *c)
{
    return c->tlb_misses_per_s * c->virt_walk_cycles -
           c->native_tlb_misses_per_s * c->native_walk_cycles;
}

#include <math.h>

/* Extra refill cycles after one untagged switch when switches come `switches_per_s` apart:
 * the guest re-misses only the distinct pages it touches before the next switch,
 * W(1 - e^(-a/(s W))) for a page references/s over W pages (the coupon-collector form of
 * the dirty-page model), capped by the full refill; and of those only the share h that
 * would have hit anyway counts as extra (a working set far larger than the TLB misses
 * almost as often without flushes).  See docs/models.md. */
static inline double mem_paging_cost_flush_cycles_per_switch(const MemPagingCost *c,
                                                             double switches_per_s)
{
    if (c->flush_refill_cycles <= 0 || c->refill_ws_pages <= 0 || switches_per_s <= 0)
        return c->flush_refill_cycles;
    double w = c->refill_ws_pages, touched = w * -expm1(-c->touch_pages_per_s /
                                                           (switches_per_s * w));
    double full_misses = c->flush_refill_cycles / c->virt_walk_cycles;
    return c->virt_walk_cycles * fmin(full_misses, touched) * c->refill_hit_frac;
}

#endif
