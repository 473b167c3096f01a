/* sim/memory/walk.h — page-walk length and cost, one-dimensional (native, shadow, Xen PV
 * direct) and two-dimensional (nested paging: AMD RVI / Intel EPT).
 *
 * A 1D walk of an n-level radix table reads n entries; a large page ends the walk early
 * (2 MiB: n-1 levels, 1 GiB: n-2).  A 2D walk translates the guest's n' levels, and every
 * guest-physical address it meets (n' guest table pages plus the final data page) needs a
 * host walk of m' levels:  refs = n'(m'+1) + m' = (n'+1)(m'+1) - 1,  24 for 4x4 and 35 for
 * 5x5 (Bhargava et al., ASPLOS 2008, §2 and Fig. 2; AMD "AMD-V Nested Paging" 2008).
 *
 * Caches (Bhargava et al. §4): a page-walk cache (PWC) holds upper-level (non-leaf) entries;
 * each non-leaf reference hits it with probability h_pwc and costs no memory reference.  A
 * nested TLB (NTLB) holds gPA -> hPA translations; each host walk is skipped entirely with
 * probability h_ntlb.  Independent hits give the expected references per walk:
 *
 *   refs_1d(L)       = 1 + (L - 1)(1 - h_pwc)
 *   refs_2d(n', m')  = g (1 + h) + h,  g = refs_1d(n'),  h = (1 - h_ntlb) refs_1d(m')
 *
 * which reduce to L and (n'+1)(m'+1)-1 when both rates are 0.  A reference that does go to
 * the memory hierarchy costs the L1/L2/LLC/DRAM latency where the entry lives, weighted by
 * the fraction of page-table references hitting each level.  Defaults: latencies of Intel
 * Skylake (Optimization Reference Manual 248966, Skylake client cache table: L1 4, L2 12,
 * L3 44 cycles; DRAM 200 cycles is our assumption, ~80 ns at 2.5 GHz); hit fractions and
 * h_pwc = 0.95, h_ntlb = 0.80 are our assumptions, shaped by Bhargava et al.'s findings
 * (strong reuse of upper-level entries, low-locality nested references) and documented in
 * docs/models.md.  Cycles are host core cycles.
 */
#ifndef MEM_WALK_H
#define MEM_WALK_H

#include "sim/memory/memory.h"

typedef enum {
    MEM_CACHE_L1,
    MEM_CACHE_L2,
    MEM_CACHE_LLC,
    MEM_CACHE_DRAM,
    MEM_CACHE_N
} MemCacheLevel;

typedef struct {
    unsigned guest_levels;                  /* n: guest (or native) table levels, 4 or 5 */
    unsigned host_levels;                   /* m: nested (EPT/NPT) table levels, 4 or 5 */
    double   pwc_hit_frac;                  /* non-leaf entry found in the page-walk cache */
    double   ntlb_hit_frac;                 /* gPA -> hPA found in the nested TLB */
    double   latency_cycles[MEM_CACHE_N];   /* load-to-use latency per level */
    double   pte_hit_frac[MEM_CACHE_N];     /* where page-table references hit; sums to 1 */
} MemWalkConfig;

void     mem_walk_config_init_default(MemWalkConfig *w);
/* Range checks (levels 4 or 5, fractions in [0, 1], hit fractions summing to 1, latencies
 * >= 0); FALSE with a MEM_ERROR_INVALID message naming the field otherwise. */
gboolean mem_walk_config_check(const MemWalkConfig *w, GError **error);

/* Expected memory references of a 1D walk of `levels` levels ending at `page`. */
double   mem_walk_refs_1d(unsigned levels, MemPageSize page, double pwc_hit_frac);
/* Expected memory references of a 2D walk (guest page / host backing page sizes). */
double   mem_walk_refs_2d(unsigned guest_levels, MemPageSize guest_page,
                          unsigned host_levels, MemPageSize host_page,
                          double pwc_hit_frac, double ntlb_hit_frac);
/* Expected cycles of one page-table reference: sum over levels of frac x latency. */
double   mem_walk_ref_cycles(const MemWalkConfig *w);

/* Appends the walk of one TLB miss, one numbered memory reference per line, to out: a 1-D
 * walk of guest_levels levels when host_levels is 0, else the 2-D walk ((n+1)(m+1)-1
 * references, no caches): each guest table's and the data's guest-physical address is
 * first walked through the host's m levels, then the guest entry is read.  Levels are
 * those left after large pages, walked from the top level (*_top, 4 or 5) down. */
void     mem_walk_explain_steps(GString *out, unsigned guest_top, unsigned guest_levels,
                                unsigned host_top, unsigned host_levels);
#endif
