/* sim/memory/tlb.h — TLB reach and miss ratio of a VM's memory accesses.
 *
 * A TLB holds `entries[size]` translations per page size (defaults: Intel Skylake second-level
 * TLB, 1536 entries for 4 KiB and 2 MiB pages, 16 for 1 GiB; Intel 64 and IA-32 Optimization
 * Reference Manual 248966-045, Table 2-15).  A VM touches a working set of W pages of one
 * size (W = ceil(working_set_bytes / page_bytes)) with E usable entries.  The miss ratio
 * (misses per memory access) follows the access pattern:
 *
 *   uniform     independent reference model, all W pages equally likely: any E resident
 *               translations catch E/W of the accesses, so  miss = max(0, 1 - E/W)
 *               (the independent reference model of Coffman & Denning,
 *               Operating Systems Theory, 1973).
 *   sequential  a repeated linear sweep with `stride_bytes` between accesses: when W > E an
 *               LRU TLB misses once per page of every sweep, else never:
 *               miss = (W > E) ? min(1, stride/page_bytes) : 0.
 *   zipf        IRM with Zipf(s) page popularity and the E most popular pages resident
 *               (perfect-LFU, Breslau et al., INFOCOM 1999, §3):
 *               miss = 1 - H(min(E,W), s) / H(W, s),  H(n, s) = sum_{k=1..n} k^-s.
 *
 * Sharing: with a tagged TLB (VPID/ASID) the translations of the co-runners on the same core
 * stay resident, so E is split evenly, E_eff = E / (1 + co_runners).  An untagged TLB is
 * flushed on every world switch: the running VM gets all E entries, but after each switch it
 * refills min(E, W) translations (priced in paging.c).  All quantities are per native second.
 */
#ifndef MEM_TLB_H
#define MEM_TLB_H

#include "sim/memory/memory.h"

typedef enum {
    MEM_ACCESS_UNIFORM,
    MEM_ACCESS_SEQUENTIAL,
    MEM_ACCESS_ZIPF,
    MEM_ACCESS_N
} MemAccessPattern;

typedef struct {
    uint32_t entries[MEM_PAGE_N];      /* translations held per page size */
    gboolean tagged;                   /* VPID/ASID: survives world switches */
} MemTlbConfig;

typedef struct {
    uint64_t         working_set_bytes;   /* memory the VM touches repeatedly */
    MemAccessPattern access;
    double           zipf_s;              /* Zipf exponent, > 0 (access == ZIPF) */
    uint32_t         stride_bytes;        /* bytes between accesses (SEQUENTIAL), >= 1 */
    double           accesses_per_s;      /* data memory references per native second */
} MemAccessProfile;

void         mem_tlb_config_init_default(MemTlbConfig *tlb);      /* Skylake STLB, tagged */
void         mem_access_profile_init_default(MemAccessProfile *a);

const char  *mem_access_pattern_name(MemAccessPattern p);          /* "uniform", ... */
gboolean     mem_access_pattern_from_name(const char *name, MemAccessPattern *out);

/* Entries one VM can use: entries[size] / (1 + co_runners) if tagged, entries[size] if not. */
double       mem_tlb_effective_entries(const MemTlbConfig *tlb, MemPageSize size,
                                       unsigned co_runners);

/* Misses per access for the working set of `ws_pages` pages of `page_bytes` under E =
 * `entries` (may be fractional after sharing).  0 when ws_pages == 0. */
double       mem_tlb_miss_frac(const MemAccessProfile *a, uint64_t ws_pages,
                               uint64_t page_bytes, double entries);

/* Misses per native second for the profile on pages of `size` with `entries` usable. */
double       mem_tlb_misses_per_s(const MemAccessProfile *a, MemPageSize size, double entries);

/* Generalized harmonic number H(n, s) = sum_{k=1..n} k^-s: exact for n <= 1024, then an
 * Euler-Maclaurin tail (relative error < 1e-12 for s in (0, 4]).  H(0, s) = 0. */
double       mem_zipf_harmonic(uint64_t n, double s);

#endif
