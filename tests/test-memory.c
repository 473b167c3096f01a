/* tests/test-memory.c — sim/memory: page-walk reference counts (native, 2D, large pages,
 * page-walk caches), the TLB miss model, paging-mode checks and costs, the shadow/nested
 * crossover, static partitioning and ballooning, and the dirty-page closed form against the
 * exact bitmap. */
#include "sim/memory/balloon.h"
#include "sim/memory/dirty.h"
#include "sim/memory/paging.h"
#include "sim/memory/partition.h"

#include <math.h>

#define GIB MEM_GIB_BYTES
#define MIB MEM_MIB_BYTES

/* ---- page walks ---------------------------------------------------------------------- */

static void test_walk_native_refs(void)
{
    g_assert_cmpfloat(mem_walk_refs_1d(4, MEM_PAGE_4K, 0.0), ==, 4.0);
    g_assert_cmpfloat(mem_walk_refs_1d(5, MEM_PAGE_4K, 0.0), ==, 5.0);
    g_assert_cmpfloat(mem_walk_refs_1d(4, MEM_PAGE_2M, 0.0), ==, 3.0);
    g_assert_cmpfloat(mem_walk_refs_1d(4, MEM_PAGE_1G, 0.0), ==, 2.0);
    g_assert_cmpfloat(mem_walk_refs_1d(5, MEM_PAGE_1G, 0.0), ==, 3.0);
    /* PWC: the leaf is always read, the 3 upper levels half the time. */
    g_assert_cmpfloat_with_epsilon(mem_walk_refs_1d(4, MEM_PAGE_4K, 0.5), 2.5, 1e-12);
    g_assert_cmpfloat(mem_walk_refs_1d(4, MEM_PAGE_4K, 1.0), ==, 1.0);
}

static void test_walk_nested_refs(void)
{
    /* (n+1)(m+1) - 1 without caches (Bhargava et al. 2008, Fig. 2). */
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_4K, 4, MEM_PAGE_4K, 0, 0), ==, 24.0);
    g_assert_cmpfloat(mem_walk_refs_2d(5, MEM_PAGE_4K, 5, MEM_PAGE_4K, 0, 0), ==, 35.0);
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_4K, 5, MEM_PAGE_4K, 0, 0), ==, 29.0);
    /* A 2 MiB page removes one level in its dimension, 1 GiB two. */
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_2M, 4, MEM_PAGE_4K, 0, 0), ==, 19.0);
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_4K, 4, MEM_PAGE_2M, 0, 0), ==, 19.0);
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_2M, 4, MEM_PAGE_2M, 0, 0), ==, 15.0);
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_1G, 4, MEM_PAGE_4K, 0, 0), ==, 14.0);
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_1G, 4, MEM_PAGE_1G, 0, 0), ==, 8.0);
    g_assert_cmpfloat(mem_walk_refs_2d(5, MEM_PAGE_2M, 5, MEM_PAGE_2M, 0, 0), ==, 24.0);
    /* A perfect NTLB leaves only the guest dimension; a perfect PWC leaves the leaf + one
     * host walk per guest reference. */
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_4K, 4, MEM_PAGE_4K, 0, 1), ==, 4.0);
    g_assert_cmpfloat(mem_walk_refs_2d(4, MEM_PAGE_4K, 4, MEM_PAGE_4K, 1, 0), ==, 3.0);
    /* Defaults (pwc 0.95, ntlb 0.8): g = 1.15, h = 0.2 x 1.15 = 0.23, g(1+h)+h = 1.6445. */
    MemWalkConfig w;
    mem_walk_config_init_default(&w);
    double refs = mem_walk_refs_2d(4, MEM_PAGE_4K, 4, MEM_PAGE_4K, w.pwc_hit_frac,
                                   w.ntlb_hit_frac);
    g_assert_cmpfloat_with_epsilon(refs, 1.6445, 1e-9);
    g_assert_cmpfloat(refs, >, mem_walk_refs_1d(4, MEM_PAGE_4K, w.pwc_hit_frac));
}

static void test_walk_ref_cycles(void)
{
    MemWalkConfig w;
    mem_walk_config_init_default(&w);
    /* 0.25 x 4 + 0.35 x 12 + 0.30 x 44 + 0.10 x 200 = 38.4 cycles */
    g_assert_cmpfloat_with_epsilon(mem_walk_ref_cycles(&w), 38.4, 1e-9);
    g_assert_true(mem_walk_config_check(&w, NULL));
    w.pte_hit_frac[MEM_CACHE_DRAM] = 0.5;
    GError *err = NULL;
    g_assert_false(mem_walk_config_check(&w, &err));
    g_assert_nonnull(strstr(err->message, "sum to"));
    g_clear_error(&err);
    mem_walk_config_init_default(&w);
    w.guest_levels = 3;
    g_assert_false(mem_walk_config_check(&w, &err));
    g_assert_cmpstr(err->message, ==, "page-walk levels '3' is not supported (expected 4 or 5)");
    g_clear_error(&err);
}

/* ---- TLB ----------------------------------------------------------------------------- */

static double miss_at(MemAccessPattern p, uint64_t ws_pages, double entries)
{
    MemAccessProfile a;
    mem_access_profile_init_default(&a);
    a.access = p;
    a.zipf_s = 1.0;
    return mem_tlb_miss_frac(&a, ws_pages, 4096, entries);
}

static void test_tlb_miss_monotone(void)
{
    for (int p = 0; p < MEM_ACCESS_N; p++) {
        double prev = 0.0;
        for (uint64_t w = 1; w <= (UINT64_C(1) << 24); w *= 2) {
            double m = miss_at((MemAccessPattern)p, w, 1536.0);
            g_assert_cmpfloat(m, >=, prev);
            g_assert_cmpfloat(m, <=, 1.0);
            if (w <= 1536)
                g_assert_cmpfloat(m, ==, 0.0);          /* fits: no misses */
            else
                g_assert_cmpfloat(m, >, 0.0);
            prev = m;
        }
        /* More entries never miss more. */
        g_assert_cmpfloat(miss_at(p, 100000, 3072), <=, miss_at(p, 100000, 1536));
    }
    g_assert_cmpfloat_with_epsilon(miss_at(MEM_ACCESS_UNIFORM, 3072, 1536), 0.5, 1e-12);
    g_assert_cmpfloat_with_epsilon(miss_at(MEM_ACCESS_SEQUENTIAL, 3072, 1536), 64.0 / 4096,
                                   1e-12);
    /* Zipf s = 1: 1 - H(1536)/H(W); locality makes it far below uniform's. */
    double z = miss_at(MEM_ACCESS_ZIPF, 1 << 20, 1536);
    g_assert_cmpfloat_with_epsilon(z, 1 - mem_zipf_harmonic(1536, 1) /
                                       mem_zipf_harmonic(1 << 20, 1), 1e-12);
    g_assert_cmpfloat(z, <, 0.5 * miss_at(MEM_ACCESS_UNIFORM, 1 << 20, 1536));
}

static void test_tlb_zipf_harmonic(void)
{
    static const double s_values[] = { 0.6, 1.0, 1.3 };
    for (guint i = 0; i < G_N_ELEMENTS(s_values); i++) {
        double s = s_values[i], exact = 0.0;
        for (uint64_t k = 200000; k >= 1; k--)
            exact += pow((double)k, -s);
        double approx = mem_zipf_harmonic(200000, s);
        g_assert_cmpfloat(fabs(approx - exact) / exact, <, 1e-10);
    }
    g_assert_cmpfloat(mem_zipf_harmonic(0, 1.0), ==, 0.0);
    g_assert_cmpfloat(mem_zipf_harmonic(1, 1.0), ==, 1.0);
}

static void test_tlb_sharing(void)
{
    MemTlbConfig tlb;
    mem_tlb_config_init_default(&tlb);
    g_assert_cmpfloat(mem_tlb_effective_entries(&tlb, MEM_PAGE_4K, 0), ==, 1536.0);
    g_assert_cmpfloat(mem_tlb_effective_entries(&tlb, MEM_PAGE_4K, 3), ==, 384.0);
    g_assert_cmpfloat(mem_tlb_effective_entries(&tlb, MEM_PAGE_1G, 1), ==, 8.0);
    tlb.tagged = FALSE;
    g_assert_cmpfloat(mem_tlb_effective_entries(&tlb, MEM_PAGE_4K, 3), ==, 1536.0);
}

/* ---- paging modes -------------------------------------------------------------------- */

static void vm_uniform(MemVmMemory *vm, uint64_t ws_bytes, double accesses_per_s,
                       double pt_updates_per_s)
{
    mem_vm_memory_init_default(vm);
    vm->access.working_set_bytes = ws_bytes;
    vm->access.accesses_per_s = accesses_per_s;
    vm->pt_updates_per_s = pt_updates_per_s;
}

static void test_paging_check(void)
{
    GError *err = NULL;
    g_assert_true(mem_paging_check(MEM_PAGING_SHADOW, 0, FALSE, FALSE, NULL));
    g_assert_true(mem_paging_check(MEM_PAGING_NESTED, 2, FALSE, FALSE, NULL));
    g_assert_true(mem_paging_check(MEM_PAGING_DIRECT, 0, TRUE, FALSE, NULL));
    g_assert_true(mem_paging_check(MEM_PAGING_NATIVE, 0, FALSE, TRUE, NULL));
    g_assert_false(mem_paging_check(MEM_PAGING_NESTED, 1, FALSE, FALSE, &err));
    g_assert_true(g_error_matches(err, MEM_ERROR, MEM_ERROR_UNSUPPORTED));
    g_assert_nonnull(strstr(err->message, "paging 'nested' needs hardware-assist generation 2"));
    g_assert_nonnull(strstr(err->message, "has generation 1"));
    g_clear_error(&err);
    g_assert_false(mem_paging_check(MEM_PAGING_DIRECT, 2, FALSE, FALSE, &err));
    g_assert_nonnull(strstr(err->message, "paging 'direct' needs paravirtualized guests"));
    g_clear_error(&err);
    g_assert_false(mem_paging_check(MEM_PAGING_NATIVE, 2, FALSE, FALSE, &err));
    g_clear_error(&err);
    g_assert_false(mem_paging_check(MEM_PAGING_SHADOW, 0, FALSE, TRUE, &err));
    g_clear_error(&err);
    g_assert_false(mem_paging_check(MEM_PAGING_SHADOW, 7, FALSE, FALSE, &err));
    g_assert_true(g_error_matches(err, MEM_ERROR, MEM_ERROR_INVALID));
    g_clear_error(&err);
    MemPagingMode m;
    g_assert_nonnull(mem_paging_ops_lookup("nested", &m));
    g_assert_cmpint(m, ==, MEM_PAGING_NESTED);
    g_assert_null(mem_paging_ops_lookup("ept", NULL));
    for (int i = 0; i < MEM_PAGING_N; i++)
        g_assert_nonnull(strstr(mem_paging_mode_names(), mem_paging_mode_name(i)));
}

/* A burst of writes to one page-table page is traced for the first trace_limit_writes (KVM's
 * write-flood rule: 3), then untraced; each new address space fills its empty shadow through
 * one hidden fault per page it touches.  Neither exists outside shadow paging. */
static void test_paging_shadow_trace_limit_and_hidden_faults(void)
{
    MemHostMmu host;
    MemVmMemory vm;
    MemPagingCost c;
    mem_host_mmu_init_default(&host, MEM_PAGING_SHADOW);
    g_assert_cmpuint(host.trace_limit_writes, ==, 3);
    vm_uniform(&vm, 64 * MIB, 1e8, 1360 * 100.0);
    vm.pt_burst_writes = 1;                       /* scattered writes: all traced */
    mem_paging_cost_fill(&host, &vm, 0, &c);
    g_assert_cmpfloat(c.pt_traps_per_s, ==, 1360 * 100.0);
    vm.pt_burst_writes = 170;                     /* fork: whole tables in a row */
    vm.new_spaces_per_s = 100;
    vm.pages_per_new_space = 950;
    mem_paging_cost_fill(&host, &vm, 0, &c);
    g_assert_cmpfloat_with_epsilon(c.pt_traps_per_s, 1360 * 100.0 * 3 / 170, 1e-9);
    g_assert_cmpfloat_with_epsilon(c.hidden_faults_per_s, 95000, 1e-9);
    g_assert_cmpfloat(c.shadow_fault_cycles, ==, 834);
    mem_host_mmu_init_default(&host, MEM_PAGING_NESTED);
    mem_paging_cost_fill(&host, &vm, 0, &c);
    g_assert_cmpfloat(c.hidden_faults_per_s, ==, 0);
    g_assert_cmpfloat(c.pt_traps_per_s, ==, 0);
}

static void test_paging_shadow_traps_linear(void)
{
    MemHostMmu host;
    MemVmMemory vm;
    MemPagingCost c1, c2;
    MemTrapPrices prices = { .trap_cycles = 1500, .hypercall_cycles = 700 };
    MemExplain e1, e2;
    mem_host_mmu_init_default(&host, MEM_PAGING_SHADOW);
    vm_uniform(&vm, 256 * MIB, 1e8, 20000);
    mem_paging_cost_fill(&host, &vm, 0, &c1);
    vm.pt_updates_per_s *= 3;
    mem_paging_cost_fill(&host, &vm, 0, &c2);
    g_assert_cmpfloat(c1.pt_traps_per_s, ==, 20000);
    g_assert_cmpfloat(c2.pt_traps_per_s, ==, 3 * c1.pt_traps_per_s);
    mem_paging_explain(&c1, &prices, &e1);
    mem_paging_explain(&c2, &prices, &e2);
    g_assert_cmpfloat_with_epsilon(e1.shadow_cycles_per_s, 20000 * (1500 + 300.0), 1e-6);
    g_assert_cmpfloat_with_epsilon(e2.shadow_cycles_per_s, 3 * e1.shadow_cycles_per_s, 1e-6);
    /* Shadow walks are 1D: same references as native. */
    g_assert_cmpfloat(c1.virt_walk_refs, ==, c1.native_walk_refs);
    /* Nested paging never traps on page-table writes. */
    host.mode = MEM_PAGING_NESTED;
    mem_paging_cost_fill(&host, &vm, 0, &c2);
    g_assert_cmpfloat(c2.pt_traps_per_s, ==, 0.0);
}

static void test_paging_direct_batching(void)
{
    MemHostMmu host;
    MemVmMemory vm;
    MemPagingCost c;
    MemTrapPrices prices = { .trap_cycles = 1500, .hypercall_cycles = 1000 };
    MemExplain e;
    double prev = INFINITY;
    mem_host_mmu_init_default(&host, MEM_PAGING_DIRECT);
    vm_uniform(&vm, 256 * MIB, 1e8, 10000);
    for (uint32_t batch = 1; batch <= 64; batch *= 2) {
        host.pv_batch_updates = batch;
        mem_paging_cost_fill(&host, &vm, 0, &c);
        mem_paging_explain(&c, &prices, &e);
        double per_update = e.pv_cycles_per_s / vm.pt_updates_per_s;
        /* hypercall / B + validation */
        g_assert_cmpfloat_with_epsilon(per_update, 1000.0 / batch + 200.0, 1e-9);
        g_assert_cmpfloat(per_update, <, prev);
        g_assert_cmpfloat(c.pt_traps_per_s, ==, 0.0);
        prev = per_update;
    }
}

static void test_paging_flush_refill(void)
{
    MemHostMmu host;
    MemVmMemory vm;
    MemPagingCost c;
    mem_host_mmu_init_default(&host, MEM_PAGING_NESTED);
    vm_uniform(&vm, 1 * MIB, 1e8, 0);                 /* 256 pages < 1536 entries */
    host.tlb.tagged = FALSE;
    mem_paging_cost_fill(&host, &vm, 2, &c);
    g_assert_cmpfloat_with_epsilon(c.flush_refill_cycles, 256 * c.virt_walk_cycles, 1e-6);
    vm.access.working_set_bytes = 1 * GIB;             /* 262144 pages > 1536 */
    mem_paging_cost_fill(&host, &vm, 2, &c);
    g_assert_cmpfloat_with_epsilon(c.flush_refill_cycles, 1536 * c.virt_walk_cycles, 1e-6);
    /* Untagged: the running VM keeps all entries. */
    g_assert_cmpfloat(c.tlb_misses_per_s, ==, c.native_tlb_misses_per_s);
    host.tlb.tagged = TRUE;
    mem_paging_cost_fill(&host, &vm, 2, &c);
    g_assert_cmpfloat(c.flush_refill_cycles, ==, 0.0);
    /* Tagged: three address spaces share the entries: more misses than native. */
    g_assert_cmpfloat(c.tlb_misses_per_s, >, c.native_tlb_misses_per_s);
    /* Native mode never flushes nor shares. */
    host.mode = MEM_PAGING_NATIVE;
    host.tlb.tagged = FALSE;
    mem_paging_cost_fill(&host, &vm, 2, &c);
    g_assert_cmpfloat(c.flush_refill_cycles, ==, 0.0);
    g_assert_cmpfloat(c.tlb_misses_per_s, ==, c.native_tlb_misses_per_s);
}

static double overhead(MemPagingMode mode, const MemVmMemory *vm, MemPageSize host_page,
                       MemExplain *e)
{
    MemHostMmu host;
    MemPagingCost c;
    /* A VM exit round trip of ~2,000 cycles: our test price, of the order reported for
     * VT-x / AMD-V (Adams & Agesen, ASPLOS 2006). */
    MemTrapPrices prices = { .trap_cycles = 2000, .hypercall_cycles = 1000,
                             .world_switches_per_s = 0 };
    mem_host_mmu_init_default(&host, mode);
    host.host_page = host_page;
    mem_paging_cost_fill(&host, vm, 0, &c);
    mem_paging_explain(&c, &prices, e);
    g_assert_cmpfloat_with_epsilon(e->total_cycles_per_s, e->walk_cycles_per_s +
                                   e->shadow_cycles_per_s + e->pv_cycles_per_s +
                                   e->flush_cycles_per_s, 1e-6);
    return e->total_cycles_per_s;
}

/* The literature's crossover (VMware EPT evaluation 2009; Bhargava et al. 2008): nested
 * paging wins when the guest updates its page tables often (fork/exec/mmap-heavy), shadow
 * paging wins when TLB misses dominate, and large pages win the 2D walk cost back. */
static void test_paging_crossover(void)
{
    MemVmMemory vm;
    MemExplain es, en;
    /* Page-table-update heavy, small working set (fits the TLB): shadow pays 3,000 cycles
     * per update, nested nothing. */
    vm_uniform(&vm, 4 * MIB, 1e9, 50000);
    double shadow = overhead(MEM_PAGING_SHADOW, &vm, MEM_PAGE_4K, &es);
    double nested = overhead(MEM_PAGING_NESTED, &vm, MEM_PAGE_4K, &en);
    g_assert_cmpfloat(nested, <, shadow);
    g_assert_cmpfloat(en.walk_cycles_per_s, ==, 0.0);
    /* TLB-miss heavy: 16 GiB uniform working set, 10^9 accesses/s, few page-table writes:
     * every miss walks 1.64 instead of 1.15 references; shadow wins. */
    vm_uniform(&vm, 16 * GIB, 1e9, 100);
    shadow = overhead(MEM_PAGING_SHADOW, &vm, MEM_PAGE_4K, &es);
    nested = overhead(MEM_PAGING_NESTED, &vm, MEM_PAGE_4K, &en);
    g_assert_cmpfloat(shadow, <, nested);
    g_assert_cmpfloat(en.walk_cycles_per_s, >, 10 * es.shadow_cycles_per_s);
    /* Large pages: 2 MiB in both dimensions wins back most of the 2D penalty relative to a
     * native 4 KiB run (fewer references and fewer misses): 76% with the defaults. */
    double penalty_4k = en.walk_cycles_per_s;
    double native_walk_4k = en.tlb_misses_per_s * en.native_walk_refs;
    vm.guest_page = MEM_PAGE_2M;
    MemExplain el;
    overhead(MEM_PAGING_NESTED, &vm, MEM_PAGE_2M, &el);
    double nested_walk_2m = el.tlb_misses_per_s * el.walk_refs;
    double nested_walk_4k = en.tlb_misses_per_s * en.walk_refs;
    g_assert_cmpfloat(penalty_4k, >, 0.0);
    g_assert_cmpfloat((nested_walk_4k - nested_walk_2m) / (nested_walk_4k - native_walk_4k),
                      >=, 0.7);
    /* A 2 MiB guest page over 4 KiB backing is splintered: no TLB gain. */
    MemExplain esplit;
    overhead(MEM_PAGING_NESTED, &vm, MEM_PAGE_4K, &esplit);
    g_assert_cmpfloat(esplit.tlb_misses_per_s, >, el.tlb_misses_per_s);
}

/* Without page-walk caches the stark case: 24 vs 4 references; 2 MiB pages in both
 * dimensions still win back most of the 20 extra references per walk. */
static void test_paging_large_pages_no_caches(void)
{
    MemVmMemory vm;
    MemHostMmu host;
    MemPagingCost c4, c2, cn;
    vm_uniform(&vm, 8 * GIB, 1e9, 0);
    mem_host_mmu_init_default(&host, MEM_PAGING_NESTED);
    host.walk.pwc_hit_frac = 0.0;
    host.walk.ntlb_hit_frac = 0.0;
    mem_paging_cost_fill(&host, &vm, 0, &c4);
    g_assert_cmpfloat(c4.virt_walk_refs, ==, 24.0);
    g_assert_cmpfloat(c4.native_walk_refs, ==, 4.0);
    host.mode = MEM_PAGING_NATIVE;
    mem_paging_cost_fill(&host, &vm, 0, &cn);
    host.mode = MEM_PAGING_NESTED;
    host.host_page = MEM_PAGE_2M;
    vm.guest_page = MEM_PAGE_2M;
    mem_paging_cost_fill(&host, &vm, 0, &c2);
    g_assert_cmpfloat(c2.virt_walk_refs, ==, 15.0);
    double w4 = c4.tlb_misses_per_s * c4.virt_walk_cycles;
    double w2 = c2.tlb_misses_per_s * c2.virt_walk_cycles;
    double wn = cn.tlb_misses_per_s * cn.virt_walk_cycles;
    g_assert_cmpfloat((w4 - w2) / (w4 - wn), >, 0.5);
}

/* ---- partitioning and ballooning ------------------------------------------------------ */

static void test_partition_ownership(void)
{
    MemHostMap *map = mem_map_new("h-1", 16 * GIB, 1.0);
    GError *err = NULL;
    int ids[4];
    for (int i = 0; i < 4; i++) {
        g_autofree char *name = g_strdup_printf("vm-%d", i);
        ids[i] = mem_map_add_domain(map, name, 4 * GIB, &err);
        g_assert_no_error(err);
        g_assert_cmpint(ids[i], ==, i);
    }
    g_assert_cmpuint(mem_map_free_pages(map), ==, 0);
    g_assert_true(mem_map_check(map));
    g_assert_cmpint(mem_map_add_domain(map, "late", 1 * MIB, &err), ==, -1);
    g_assert_true(g_error_matches(err, MEM_ERROR, MEM_ERROR_NO_MEMORY));
    g_assert_cmpstr(err->message, ==,
                    "domain 'late' needs 1.00 MiB but host 'h-1' can commit only 0 bytes more "
                    "(16.00 GiB of memory, overcommit ratio 1.00; expected a smaller domain, "
                    "another host or a higher overcommit.memory)");
    g_clear_error(&err);
    g_assert_cmpint(mem_map_add_domain(map, "vm-1", 1, &err), ==, -1);
    g_assert_true(g_error_matches(err, MEM_ERROR, MEM_ERROR_DUPLICATE));
    g_clear_error(&err);
    /* Free vm-1 and vm-3, then place a 6 GiB domain across the two holes. */
    mem_map_remove_domain(map, ids[1]);
    mem_map_remove_domain(map, ids[3]);
    int big = mem_map_add_domain(map, "big", 6 * GIB, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(mem_map_domain_n_ranges(map, big), ==, 2);
    g_assert_cmpuint(mem_map_domain_owned_pages(map, big), ==, 6 * GIB / 4096);
    g_assert_true(mem_map_check(map));
    /* Every page has exactly the owner its range says. */
    uint64_t quarter = 4 * GIB / 4096;
    g_assert_cmpint(mem_map_owner(map, 0), ==, ids[0]);
    g_assert_cmpint(mem_map_owner(map, quarter), ==, big);
    g_assert_cmpint(mem_map_owner(map, 2 * quarter), ==, ids[2]);
    g_assert_cmpint(mem_map_owner(map, 3 * quarter), ==, big);
    g_assert_cmpint(mem_map_owner(map, 3 * quarter + quarter / 2), ==, -1);
    g_assert_cmpint(mem_map_find_domain(map, "vm-1"), ==, -1);
    g_assert_cmpuint(mem_map_n_domains(map), ==, 3);
    mem_map_free(map);
}

static void test_partition_overcommit(void)
{
    MemHostMap *map = mem_map_new("h-2", 8 * GIB, 1.5);
    GError *err = NULL;
    g_assert_cmpuint(mem_map_commit_limit_pages(map), ==, 12 * GIB / 4096);
    int a = mem_map_add_domain(map, "a", 4 * GIB, &err);
    int b = mem_map_add_domain(map, "b", 4 * GIB, &err);
    int c = mem_map_add_domain(map, "c", 4 * GIB, &err);
    g_assert_no_error(err);
    /* c is admitted by the ratio but starts fully ballooned: no frame is owned twice. */
    g_assert_cmpuint(mem_map_domain_owned_pages(map, c), ==, 0);
    g_assert_cmpuint(mem_map_domain_balloon_pages(map, c), ==, 4 * GIB / 4096);
    g_assert_true(mem_map_check(map));
    g_assert_cmpint(mem_map_add_domain(map, "d", 4096, &err), ==, -1);
    g_assert_nonnull(strstr(err->message, "overcommit ratio 1.50"));
    g_clear_error(&err);
    /* Inflate a's and b's balloons by 1 GiB each, deflate c by 2 GiB. */
    uint64_t gib_pages = GIB / 4096;
    g_assert_true(mem_map_set_balloon(map, a, gib_pages, NULL));
    g_assert_true(mem_map_set_balloon(map, b, gib_pages, NULL));
    g_assert_cmpuint(mem_map_free_pages(map), ==, 2 * gib_pages);
    g_assert_true(mem_map_set_balloon(map, c, 2 * gib_pages, NULL));
    g_assert_true(mem_map_check(map));
    g_assert_false(mem_map_set_balloon(map, c, gib_pages, &err));
    g_assert_true(g_error_matches(err, MEM_ERROR, MEM_ERROR_NO_MEMORY));
    g_clear_error(&err);
    g_assert_cmpuint(mem_map_domain_owned_pages(map, c), ==, 2 * gib_pages);
    g_assert_true(mem_map_check(map));
    mem_map_free(map);
    /* Ratio 1.0: the same request is refused outright. */
    map = mem_map_new("h-3", 8 * GIB, 1.0);
    mem_map_add_domain(map, "a", 4 * GIB, NULL);
    mem_map_add_domain(map, "b", 4 * GIB, NULL);
    g_assert_cmpint(mem_map_add_domain(map, "c", 4 * GIB, &err), ==, -1);
    g_clear_error(&err);
    mem_map_free(map);
}

static void test_balloon(void)
{
    MemBalloonConfig cfg;
    mem_balloon_config_init_default(&cfg);
    g_assert_cmpint(mem_balloon_duration_ns(GIB, cfg.rate_bytes_per_s), ==, SIM_NS_PER_S);
    g_assert_cmpint(mem_balloon_duration_ns(256 * MIB, cfg.rate_bytes_per_s), ==,
                    SIM_NS_PER_S / 4);
    /* Above the working set: no slowdown. */
    g_assert_cmpfloat(mem_balloon_missing_frac(1000, 800), ==, 0.0);
    g_assert_cmpfloat(mem_balloon_missing_frac(600, 800), ==, 0.25);
    double touches = 10000.0;
    double e1 = mem_balloon_extra_ns_per_s(0.1, touches, cfg.fault_ns);
    double e2 = mem_balloon_extra_ns_per_s(0.2, touches, cfg.fault_ns);
    g_assert_cmpfloat_with_epsilon(e2, 2 * e1, 1e-6);                /* proportional */
    g_assert_cmpfloat_with_epsilon(e1, 0.1 * 1e4 * 1e5, 1e-6);       /* 0.1 s per s */
    g_assert_cmpfloat_with_epsilon(mem_balloon_speed_frac(e1), 1 / 1.1, 1e-12);
    g_assert_cmpfloat(mem_balloon_speed_frac(0), ==, 1.0);
}

/* ---- dirty pages ----------------------------------------------------------------------- */

static void test_dirty_closed_form(void)
{
    g_assert_cmpfloat(mem_dirty_expected_pages(1000, 50, 0), ==, 0.0);
    g_assert_cmpfloat(mem_dirty_expected_pages(0, 50, 3), ==, 0.0);
    /* Small t: ~ r t; large t: -> W. */
    g_assert_cmpfloat_with_epsilon(mem_dirty_expected_pages(1e6, 100, 1e-3), 0.1, 1e-6);
    g_assert_cmpfloat_with_epsilon(mem_dirty_expected_pages(1000, 1000, 100), 1000, 1e-9);
    g_assert_cmpfloat_with_epsilon(mem_dirty_expected_pages(1000, 1000, 1),
                                   1000 * (1 - exp(-1)), 1e-9);
}

static void test_dirty_bitmap_ops(void)
{
    MemDirtyBitmap *bm = mem_dirty_bitmap_new(130, 0);
    mem_dirty_bitmap_mark(bm, 0);
    mem_dirty_bitmap_mark(bm, 129);
    mem_dirty_bitmap_mark(bm, 129);
    mem_dirty_bitmap_mark(bm, 64);
    g_assert_cmpuint(mem_dirty_bitmap_count(bm), ==, 3);
    g_assert_true(mem_dirty_bitmap_test(bm, 129));
    g_assert_false(mem_dirty_bitmap_test(bm, 128));
    g_assert_cmpuint(mem_dirty_bitmap_collect(bm), ==, 3);
    g_assert_cmpuint(mem_dirty_bitmap_count(bm), ==, 0);
    g_assert_false(mem_dirty_bitmap_test(bm, 0));
    SimRng *rng = sim_rng_new(1, "vm:test/dirty");
    g_assert_cmpuint(mem_dirty_bitmap_run(bm, rng, SIM_NS_PER_S), ==, 0);   /* rate 0 */
    sim_rng_free(rng);
    mem_dirty_bitmap_free(bm);
    g_assert_cmpstr(mem_dirty_model_names[MEM_DIRTY_EXPONENTIAL], ==, "exponential");
    g_assert_cmpstr(mem_dirty_model_names[MEM_DIRTY_LINEAR], ==, "linear");
    g_assert_cmpstr(mem_dirty_model_names[MEM_DIRTY_PAGES], ==, "pages");
    g_assert_null(mem_dirty_model_names[MEM_DIRTY_N]);
}

/* Mean of the exact bitmap over 300 runs against D(t).  Poisson writes make D(t) the exact
 * expectation and each page independent, so the standard error of the mean is
 * sqrt(W p (1-p) / runs) with p = 1 - e^(-rt/W); the tolerance is 4 standard errors. */
static void test_dirty_closed_vs_exact(void)
{
    const uint64_t wws = 4096;
    const double rate = 2000.0;
    const int runs = 300;
    static const double t_s[] = { 0.25, 2.0, 6.0 };        /* rt/W = 0.12, 0.98, 2.9 */
    SimRng *rng = sim_rng_new(42, "vm:test/dirty");
    MemDirtyBitmap *bm = mem_dirty_bitmap_new(wws, rate);
    for (guint i = 0; i < G_N_ELEMENTS(t_s); i++) {
        double sum = 0.0;
        for (int r = 0; r < runs; r++) {
            mem_dirty_bitmap_run(bm, rng, (SimTimeNs)(t_s[i] * SIM_NS_PER_S));
            sum += (double)mem_dirty_bitmap_collect(bm);
        }
        double mean = sum / runs;
        double closed = mem_dirty_expected_pages((double)wws, rate, t_s[i]);
        double p = closed / (double)wws;
        double se = sqrt((double)wws * p * (1 - p) / runs);
        if (g_test_verbose())
            g_test_message("t=%.2f s closed=%.1f exact mean=%.1f se=%.2f", t_s[i], closed,
                           mean, se);
        g_assert_cmpfloat(fabs(mean - closed), <=, 4 * se);
    }
    mem_dirty_bitmap_free(bm);
    sim_rng_free(rng);
}

/* Round by round, as pre-copy uses it: the bitmap keeps only what was dirtied since the
 * last collect. */
static void test_dirty_rounds_are_independent(void)
{
    SimRng *rng = sim_rng_new(7, "vm:test/rounds");
    MemDirtyBitmap *bm = mem_dirty_bitmap_new(1 << 16, 1e5);
    mem_dirty_bitmap_run(bm, rng, SIM_NS_PER_S);
    uint64_t first = mem_dirty_bitmap_collect(bm);
    mem_dirty_bitmap_run(bm, rng, SIM_NS_PER_S / 100);
    uint64_t second = mem_dirty_bitmap_collect(bm);
    /* D(1 s) = 65536 (1 - e^-1.53) ~ 51,320; D(10 ms) ~ 992. */
    g_assert_cmpuint(first, >, 50000);
    g_assert_cmpuint(second, <, 1200);
    g_assert_cmpuint(second, >, 800);
    mem_dirty_bitmap_free(bm);
    sim_rng_free(rng);
}

/* A 64 GiB VM (16 Mi pages) writing a 256 MiB hot set in 64 KiB runs and, slowly, its cold
 * rest: the two-level bitmap holds a 4 KiB directory and 4 KiB per 128 MiB region written,
 * not a flat 2 MiB.  The runs also keep the exact mean: with 16-page runs over 65,536 hot
 * pages D(t) is the exponential form (here over 40 rounds, within 4 standard errors). */
static void test_dirty_sparse_64gib(void)
{
    SimRng *rng = sim_rng_new(3, "vm:test/sparse");
    uint64_t pages = UINT64_C(64) << 18, hot = 65536;
    MemDirtyBitmap *bm = mem_dirty_bitmap_new(pages, 10000);
    mem_dirty_bitmap_set_writer(bm, hot, 0.0, 16);
    double sum = 0, sum2 = 0;
    for (int i = 0; i < 40; i++) {
        mem_dirty_bitmap_run(bm, rng, SIM_NS_PER_S / 2);
        double d = (double)mem_dirty_bitmap_collect(bm);
        sum += d, sum2 += d * d;
    }
    double mean = sum / 40, sd = sqrt((sum2 - 40 * mean * mean) / 39);
    double want = mem_dirty_expected_pages((double)hot, 10000, 0.5);
    g_test_message("hot set: mean %.1f pages (closed %.1f), sd %.1f; %zu bytes", mean, want, sd,
                   mem_dirty_bitmap_bytes(bm));
    g_assert_cmpfloat(fabs(mean - want), <, 4 * sd / sqrt(40));
    g_assert_cmpuint(mem_dirty_bitmap_bytes(bm), <, 16 * 1024);
    mem_dirty_bitmap_set_writer(bm, hot, 100.0, 16);          /* cold writes, 100 pages/s */
    mem_dirty_bitmap_run(bm, rng, 10 * SIM_NS_PER_S);
    g_test_message("with cold writes: %zu bytes", mem_dirty_bitmap_bytes(bm));
    g_assert_cmpuint(mem_dirty_bitmap_bytes(bm), <, 512 * 4096 + 8192);
    mem_dirty_bitmap_free(bm);
    sim_rng_free(rng);
}

/* ---- vocabulary ------------------------------------------------------------------------ */

static void test_page_sizes(void)
{
    MemPageSize s;
    g_assert_true(mem_page_size_from_name("2MiB", &s));
    g_assert_cmpint(s, ==, MEM_PAGE_2M);
    g_assert_true(mem_page_size_from_name("1g", &s));
    g_assert_cmpint(s, ==, MEM_PAGE_1G);
    g_assert_false(mem_page_size_from_name("8k", &s));
    g_assert_cmpuint(mem_pages_from_bytes(4097, 4096), ==, 2);
    g_assert_cmpuint(mem_pages_from_bytes(0, 4096), ==, 0);
    g_assert_cmpuint(mem_page_bytes(MEM_PAGE_1G), ==, GIB);
    MemAccessPattern p;
    g_assert_true(mem_access_pattern_from_name("zipf", &p));
    g_assert_cmpint(p, ==, MEM_ACCESS_ZIPF);
    MemHostMmu host;
    MemVmMemory vm;
    mem_host_mmu_init_default(&host, MEM_PAGING_NESTED);
    mem_vm_memory_init_default(&vm);
    g_assert_true(mem_host_mmu_check(&host, NULL));
    g_assert_true(mem_vm_memory_check(&vm, NULL));
    host.pv_batch_updates = 0;
    GError *err = NULL;
    g_assert_false(mem_host_mmu_check(&host, &err));
    g_assert_nonnull(strstr(err->message, "batch"));
    g_clear_error(&err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mem/walk/native-refs", test_walk_native_refs);
    g_test_add_func("/mem/walk/nested-refs", test_walk_nested_refs);
    g_test_add_func("/mem/walk/ref-cycles", test_walk_ref_cycles);
    g_test_add_func("/mem/tlb/miss-monotone", test_tlb_miss_monotone);
    g_test_add_func("/mem/tlb/zipf-harmonic", test_tlb_zipf_harmonic);
    g_test_add_func("/mem/tlb/sharing", test_tlb_sharing);
    g_test_add_func("/mem/paging/check", test_paging_check);
    g_test_add_func("/mem/paging/shadow-traps-linear", test_paging_shadow_traps_linear);
    g_test_add_func("/mem/paging/shadow-trace-limit-hidden-faults",
                    test_paging_shadow_trace_limit_and_hidden_faults);
    g_test_add_func("/mem/paging/direct-batching", test_paging_direct_batching);
    g_test_add_func("/mem/paging/flush-refill", test_paging_flush_refill);
    g_test_add_func("/mem/paging/crossover", test_paging_crossover);
    g_test_add_func("/mem/paging/large-pages-no-caches", test_paging_large_pages_no_caches);
    g_test_add_func("/mem/partition/ownership", test_partition_ownership);
    g_test_add_func("/mem/partition/overcommit", test_partition_overcommit);
    g_test_add_func("/mem/balloon/timing-and-slowdown", test_balloon);
    g_test_add_func("/mem/dirty/closed-form", test_dirty_closed_form);
    g_test_add_func("/mem/dirty/bitmap-ops", test_dirty_bitmap_ops);
    g_test_add_func("/mem/dirty/closed-vs-exact/seed-42", test_dirty_closed_vs_exact);
    g_test_add_func("/mem/dirty/rounds/seed-7", test_dirty_rounds_are_independent);
    g_test_add_func("/mem/dirty/sparse-64gib", test_dirty_sparse_64gib);
    g_test_add_func("/mem/vocabulary/page-sizes", test_page_sizes);
    return g_test_run();
}
