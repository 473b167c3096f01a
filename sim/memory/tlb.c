/* sim/memory/tlb.c — TLB sharing and miss ratio per access pattern; the model and its
 * sources are in tlb.h. */
#include "sim/memory/tlb.h"

#include <math.h>

#define MEM_ZIPF_EXACT_TERMS 1024

static const char *const mem_access_names[MEM_ACCESS_N] = {
    [MEM_ACCESS_UNIFORM] = "uniform",
    [MEM_ACCESS_SEQUENTIAL] = "sequential",
    [MEM_ACCESS_ZIPF] = "zipf",
};

void mem_tlb_config_init_default(MemTlbConfig *tlb)
{
    tlb->entries[MEM_PAGE_4K] = 1536;
    tlb->entries[MEM_PAGE_2M] = 1536;
    tlb->entries[MEM_PAGE_1G] = 16;
    tlb->tagged = TRUE;
}

void mem_access_profile_init_default(MemAccessProfile *a)
{
    a->working_set_bytes = UINT64_C(1) << 30;
    a->access = MEM_ACCESS_UNIFORM;
    a->zipf_s = 1.0;
    a->stride_bytes = 64;
    a->accesses_per_s = 1e8;
}

const char *mem_access_pattern_name(MemAccessPattern p)
{
    g_assert(p < MEM_ACCESS_N);
    return mem_access_names[p];
}

gboolean mem_access_pattern_from_name(const char *name, MemAccessPattern *out)
{
    for (int i = 0; i < MEM_ACCESS_N; i++) {
        if (g_strcmp0(name, mem_access_names[i]) == 0) {
            *out = (MemAccessPattern)i;
            return TRUE;
        }
    }
    return FALSE;
}

double mem_tlb_effective_entries(const MemTlbConfig *tlb, MemPageSize size,
                                 unsigned co_runners)
{
    g_assert(size < MEM_PAGE_N);
    double e = tlb->entries[size];
    return tlb->tagged ? e / (1.0 + co_runners) : e;
}

/* sum_{k=a..b} k^-s by Euler-Maclaurin with the first derivative correction. */
static double mem_zipf_tail(double a, double b, double s)
{
    double integral = fabs(s - 1.0) < 1e-12 ? log(b / a)
                                            : (pow(b, 1.0 - s) - pow(a, 1.0 - s)) / (1.0 - s);
    double fa = pow(a, -s), fb = pow(b, -s);
    double dfa = -s * fa / a, dfb = -s * fb / b;
    return integral + 0.5 * (fa + fb) + (dfb - dfa) / 12.0;
}

double mem_zipf_harmonic(uint64_t n, double s)
{
    g_assert(s > 0.0);
    uint64_t exact = n < MEM_ZIPF_EXACT_TERMS ? n : MEM_ZIPF_EXACT_TERMS;
    double h = 0.0;
    for (uint64_t k = exact; k >= 1; k--)          /* small terms first: less rounding */
        h += pow((double)k, -s);
    if (n > exact)
        h += mem_zipf_tail((double)exact + 1.0, (double)n, s);
    return h;
}

static double mem_miss_uniform(uint64_t w, double e)
{
    return e >= (double)w ? 0.0 : 1.0 - e / (double)w;
}

static double mem_miss_sequential(const MemAccessProfile *a, uint64_t w, uint64_t page_bytes,
                                  double e)
{
    if (e >= (double)w)
        return 0.0;
    double per_page = (double)a->stride_bytes / (double)page_bytes;
    return per_page < 1.0 ? per_page : 1.0;
}

static double mem_miss_zipf(const MemAccessProfile *a, uint64_t w, double e)
{
    if (e >= (double)w)
        return 0.0;
    double resident = floor(e);
    double hit = mem_zipf_harmonic((uint64_t)resident, a->zipf_s) /
                 mem_zipf_harmonic(w, a->zipf_s);
    return 1.0 - hit;
}

double mem_tlb_miss_frac(const MemAccessProfile *a, uint64_t ws_pages, uint64_t page_bytes,
                         double entries)
{
    g_assert(entries >= 0.0 && page_bytes > 0);
    if (ws_pages == 0)
        return 0.0;
    switch (a->access) {
    case MEM_ACCESS_UNIFORM:
        return mem_miss_uniform(ws_pages, entries);
    case MEM_ACCESS_SEQUENTIAL:
        return mem_miss_sequential(a, ws_pages, page_bytes, entries);
    case MEM_ACCESS_ZIPF:
        return mem_miss_zipf(a, ws_pages, entries);
    case MEM_ACCESS_N:
        break;
    }
    g_assert_not_reached();
}

double mem_tlb_misses_per_s(const MemAccessProfile *a, MemPageSize size, double entries)
{
    uint64_t page_bytes = mem_page_bytes(size);
    uint64_t ws_pages = mem_pages_from_bytes(a->working_set_bytes, page_bytes);
    return a->accesses_per_s * mem_tlb_miss_frac(a, ws_pages, page_bytes, entries);
}
