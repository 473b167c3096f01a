/* sim/memory/paging.c — the four paging modes as const MemPagingOps, their hardware
 * requirements, and the per-VM cost and its explanation; the model is in paging.h. */
#include "sim/memory/paging.h"

#include <string.h>

/* ---- per-mode slots ---------------------------------------------------------------- */

static MemPageSize mem_guest_page(const MemHostMmu *host, const MemVmMemory *vm)
{
    return vm->guest_page;
}

/* Shadow entries and nested translations map at the smaller of the two page sizes. */
static MemPageSize mem_combined_page(const MemHostMmu *host, const MemVmMemory *vm)
{
    return mem_page_size_min(vm->guest_page, host->host_page);
}

static double mem_refs_guest_1d(const MemHostMmu *host, const MemVmMemory *vm)
{
    return mem_walk_refs_1d(host->walk.guest_levels, vm->guest_page, host->walk.pwc_hit_frac);
}

static double mem_refs_shadow(const MemHostMmu *host, const MemVmMemory *vm)
{
    return mem_walk_refs_1d(host->walk.guest_levels, mem_combined_page(host, vm),
                            host->walk.pwc_hit_frac);
}

static double mem_refs_nested(const MemHostMmu *host, const MemVmMemory *vm)
{
    const MemWalkConfig *w = &host->walk;
    return mem_walk_refs_2d(w->guest_levels, vm->guest_page, w->host_levels, host->host_page,
                            w->pwc_hit_frac, w->ntlb_hit_frac);
}

static void mem_pt_cost_shadow(const MemHostMmu *host, const MemVmMemory *vm,
                               MemPagingCost *out)
{
    /* A guest writing a whole page-table page in a row (fork's copy, exit's teardown) is
     * traced for trace_limit_writes writes; then the MMU drops the trace and the rest go
     * untraced, their entries rebuilt on use like those of a new address space. */
    double burst = vm->pt_burst_writes, limit = host->trace_limit_writes;
    double traced_frac = burst > limit ? limit / burst : 1.0;
    out->pt_traps_per_s = vm->pt_updates_per_s * traced_frac;
    out->shadow_sync_cycles = host->shadow_sync_cycles;
    out->hidden_faults_per_s = vm->new_spaces_per_s * vm->pages_per_new_space;
    out->shadow_fault_cycles = host->shadow_fault_cycles;
}

static void mem_pt_cost_direct(const MemHostMmu *host, const MemVmMemory *vm,
                               MemPagingCost *out)
{
    double batch = host->pv_batch_updates;
    out->pt_hypercalls_per_s = vm->pt_updates_per_s / batch;
    out->pt_hypercall_work_cycles = batch * host->pv_validate_cycles;
}

static gboolean mem_check_native(int hw_generation, gboolean paravirt, gboolean bare_metal,
                                 GError **error)
{
    if (bare_metal)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_UNSUPPORTED,
                "paging 'native' is only for bare-metal hosts, but this host runs a "
                "hypervisor (expected shadow, nested or direct)");
    return FALSE;
}

static gboolean mem_check_hosted(const char *mode, gboolean bare_metal, GError **error)
{
    if (!bare_metal)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_UNSUPPORTED,
                "paging '%s' needs a hypervisor, but this host is bare metal "
                "(expected native)", mode);
    return FALSE;
}

static gboolean mem_check_shadow(int hw_generation, gboolean paravirt, gboolean bare_metal,
                                 GError **error)
{
    return mem_check_hosted("shadow", bare_metal, error);
}

static gboolean mem_check_nested(int hw_generation, gboolean paravirt, gboolean bare_metal,
                                 GError **error)
{
    if (!mem_check_hosted("nested", bare_metal, error))
        return FALSE;
    if (hw_generation >= 2)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_UNSUPPORTED,
                "paging 'nested' needs hardware-assist generation 2 or later (nested/extended "
                "page tables), but the hypervisor's technique has generation %d "
                "(expected shadow, or a generation-2 technique)", hw_generation);
    return FALSE;
}

static gboolean mem_check_direct(int hw_generation, gboolean paravirt, gboolean bare_metal,
                                 GError **error)
{
    if (!mem_check_hosted("direct", bare_metal, error))
        return FALSE;
    if (paravirt)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_UNSUPPORTED,
                "paging 'direct' needs paravirtualized guests that issue page-table "
                "hypercalls, but the hypervisor's technique is not paravirtualization "
                "(expected shadow or nested)");
    return FALSE;
}

/* ---- the name table ---------------------------------------------------------------- */

static const MemPagingOps mem_native_ops = {
    .name = "native", .virtualized = FALSE, .tlb_page = mem_guest_page,
    .walk_refs = mem_refs_guest_1d, .pt_cost = NULL, .check = mem_check_native,
};
static const MemPagingOps mem_shadow_ops = {
    .name = "shadow", .virtualized = TRUE, .tlb_page = mem_combined_page,
    .walk_refs = mem_refs_shadow, .pt_cost = mem_pt_cost_shadow, .check = mem_check_shadow,
};
static const MemPagingOps mem_nested_ops = {
    .name = "nested", .virtualized = TRUE, .tlb_page = mem_combined_page,
    .walk_refs = mem_refs_nested, .pt_cost = NULL, .check = mem_check_nested,
};
static const MemPagingOps mem_direct_ops = {
    .name = "direct", .virtualized = TRUE, .tlb_page = mem_guest_page,
    .walk_refs = mem_refs_guest_1d, .pt_cost = mem_pt_cost_direct, .check = mem_check_direct,
};

static const MemPagingOps *const mem_paging_table[MEM_PAGING_N] = {
    [MEM_PAGING_NATIVE] = &mem_native_ops,
    [MEM_PAGING_SHADOW] = &mem_shadow_ops,
    [MEM_PAGING_NESTED] = &mem_nested_ops,
    [MEM_PAGING_DIRECT] = &mem_direct_ops,
};

const MemPagingOps *mem_paging_ops(MemPagingMode mode)
{
    g_assert(mode < MEM_PAGING_N);
    return mem_paging_table[mode];
}

const MemPagingOps *mem_paging_ops_lookup(const char *name, MemPagingMode *mode_out)
{
    for (int i = 0; i < MEM_PAGING_N; i++) {
        if (g_strcmp0(name, mem_paging_table[i]->name) == 0) {
            if (mode_out)
                *mode_out = (MemPagingMode)i;
            return mem_paging_table[i];
        }
    }
    return NULL;
}

const char *mem_paging_mode_name(MemPagingMode mode)
{
    return mem_paging_ops(mode)->name;
}

const char *mem_paging_mode_names(void)
{
    return "native, shadow, nested or direct";
}

gboolean mem_paging_check(MemPagingMode mode, int hw_generation, gboolean paravirt,
                          gboolean bare_metal, GError **error)
{
    g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
    if (hw_generation < 0 || hw_generation > 3) {
        g_set_error(error, MEM_ERROR, MEM_ERROR_INVALID,
                    "hardware-assist generation '%d' is out of range (expected 0 to 3)",
                    hw_generation);
        return FALSE;
    }
    const MemPagingOps *ops = mem_paging_ops(mode);
    return ops->check ? ops->check(hw_generation, paravirt, bare_metal, error) : TRUE;
}

/* ---- configuration ----------------------------------------------------------------- */

void mem_host_mmu_init_default(MemHostMmu *host, MemPagingMode mode)
{
    memset(host, 0, sizeof *host);
    host->mode = mode;
    mem_tlb_config_init_default(&host->tlb);
    mem_walk_config_init_default(&host->walk);
    host->host_page = MEM_PAGE_4K;
    host->shadow_sync_cycles = 300.0;
    host->shadow_fault_cycles = 834.0;
    host->trace_limit_writes = 3;
    host->pv_batch_updates = 8;
    host->pv_validate_cycles = 200.0;
}

void mem_vm_memory_init_default(MemVmMemory *vm)
{
    memset(vm, 0, sizeof *vm);
    mem_access_profile_init_default(&vm->access);
    vm->guest_page = MEM_PAGE_4K;
    vm->pt_updates_per_s = 0.0;
    vm->tlb_misses_per_s = -1.0;
}

static gboolean mem_fail_invalid(GError **error, const char *what, double v,
                                 const char *expected)
{
    g_set_error(error, MEM_ERROR, MEM_ERROR_INVALID, "%s '%g' is out of range (expected %s)",
                what, v, expected);
    return FALSE;
}

gboolean mem_host_mmu_check(const MemHostMmu *host, GError **error)
{
    if (host->mode >= MEM_PAGING_N)
        return mem_fail_invalid(error, "paging mode", host->mode, mem_paging_mode_names());
    if (host->host_page >= MEM_PAGE_N)
        return mem_fail_invalid(error, "host page size", host->host_page, "4k, 2m or 1g");
    if (!mem_walk_config_check(&host->walk, error))
        return FALSE;
    if (!(host->shadow_sync_cycles >= 0.0))
        return mem_fail_invalid(error, "shadow sync cost", host->shadow_sync_cycles,
                                "cycles >= 0");
    if (host->pv_batch_updates < 1)
        return mem_fail_invalid(error, "page-table update batch", host->pv_batch_updates,
                                "at least 1 update per hypercall");
    if (!(host->pv_validate_cycles >= 0.0))
        return mem_fail_invalid(error, "validation cost", host->pv_validate_cycles,
                                "cycles >= 0");
    return TRUE;
}

gboolean mem_vm_memory_check(const MemVmMemory *vm, GError **error)
{
    const MemAccessProfile *a = &vm->access;
    if (a->access >= MEM_ACCESS_N)
        return mem_fail_invalid(error, "access pattern", a->access,
                                "uniform, sequential or zipf");
    if (vm->guest_page >= MEM_PAGE_N)
        return mem_fail_invalid(error, "guest page size", vm->guest_page, "4k, 2m or 1g");
    if (a->access == MEM_ACCESS_ZIPF && !(a->zipf_s > 0.0 && a->zipf_s <= 4.0))
        return mem_fail_invalid(error, "zipf exponent", a->zipf_s, "a number in (0, 4]");
    if (a->stride_bytes < 1)
        return mem_fail_invalid(error, "stride", a->stride_bytes, "at least 1 byte");
    if (!(a->accesses_per_s >= 0.0))
        return mem_fail_invalid(error, "memory access rate", a->accesses_per_s, ">= 0 /s");
    if (!(vm->pt_updates_per_s >= 0.0))
        return mem_fail_invalid(error, "page-table update rate", vm->pt_updates_per_s,
                                ">= 0 /s");
    return TRUE;
}

/* ---- cost and explanation ---------------------------------------------------------- */

static double mem_vm_misses_per_s(const MemVmMemory *vm, MemPageSize page, double entries)
{
    if (vm->tlb_misses_per_s >= 0.0)
        return vm->tlb_misses_per_s;
    return mem_tlb_misses_per_s(&vm->access, page, entries);
}

static double mem_refill_misses(const MemHostMmu *host, const MemVmMemory *vm,
                                MemPageSize page)
{
    double entries = host->tlb.entries[page];
    double ws_pages = (double)mem_pages_from_bytes(vm->access.working_set_bytes,
                                                   mem_page_bytes(page));
    return ws_pages < entries ? ws_pages : entries;
}

/* Page references per second: every access names a page, except sequential access, which
 * stays on a page for page/stride accesses. */
static double mem_touch_pages_per_s(const MemAccessProfile *a, MemPageSize page)
{
    if (a->access != MEM_ACCESS_SEQUENTIAL)
        return a->accesses_per_s;
    double per_page = (double)mem_page_bytes(page) / MAX(1u, a->stride_bytes);
    return a->accesses_per_s / MAX(1.0, per_page);
}

void mem_paging_cost_fill(const MemHostMmu *host, const MemVmMemory *vm, unsigned co_runners,
                          MemPagingCost *out)
{
    const MemPagingOps *ops = mem_paging_ops(host->mode);
    double ref_cycles = mem_walk_ref_cycles(&host->walk);
    MemPageSize page = ops->tlb_page(host, vm);
    unsigned sharers = ops->virtualized ? co_runners : 0;

    memset(out, 0, sizeof *out);
    out->native_walk_refs = mem_refs_guest_1d(host, vm);
    out->native_walk_cycles = out->native_walk_refs * ref_cycles;
    out->virt_walk_refs = ops->walk_refs(host, vm);
    out->virt_walk_cycles = out->virt_walk_refs * ref_cycles;
    out->native_tlb_misses_per_s = mem_vm_misses_per_s(
        vm, vm->guest_page, host->tlb.entries[vm->guest_page]);
    out->tlb_misses_per_s = mem_vm_misses_per_s(
        vm, page, mem_tlb_effective_entries(&host->tlb, page, sharers));
    if (ops->pt_cost)
        ops->pt_cost(host, vm, out);
    if (ops->virtualized && !host->tlb.tagged) {
        out->flush_refill_cycles = mem_refill_misses(host, vm, page) * out->virt_walk_cycles;
        out->refill_ws_pages = (double)mem_pages_from_bytes(vm->access.working_set_bytes,
                                                            mem_page_bytes(page));
        out->touch_pages_per_s = mem_touch_pages_per_s(&vm->access, page);
        out->refill_hit_frac = 1.0 - mem_tlb_miss_frac(&vm->access,
                                                       (uint64_t)out->refill_ws_pages,
                                                       mem_page_bytes(page),
                                                       host->tlb.entries[page]);
    }
}

void mem_paging_explain(const MemPagingCost *cost, const MemTrapPrices *prices,
                        MemExplain *out)
{
    memset(out, 0, sizeof *out);
    out->tlb_misses_per_s = cost->tlb_misses_per_s;
    out->native_walk_refs = cost->native_walk_refs;
    out->walk_refs = cost->virt_walk_refs;
    out->shadow_traps_per_s = cost->pt_traps_per_s;
    out->pt_hypercalls_per_s = cost->pt_hypercalls_per_s;
    out->walk_cycles_per_s = mem_paging_cost_walk_extra_cycles_per_s(cost);
    out->shadow_cycles_per_s = cost->pt_traps_per_s *
                               (prices->trap_cycles + cost->shadow_sync_cycles);
    out->pv_cycles_per_s = cost->pt_hypercalls_per_s *
                           (prices->hypercall_cycles + cost->pt_hypercall_work_cycles);
    out->flush_cycles_per_s = prices->world_switches_per_s * cost->flush_refill_cycles;
    out->total_cycles_per_s = out->walk_cycles_per_s + out->shadow_cycles_per_s +
                              out->pv_cycles_per_s + out->flush_cycles_per_s;
}
