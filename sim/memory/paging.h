/* sim/memory/paging.h — paging modes and the per-VM paging cost they imply.
 *
 * A host translates guest memory one of four ways (DESIGN.md "Memory"):
 *   native  bare metal: a 1D walk of the guest's own tables, no world switches.
 *   shadow  the hypervisor keeps a shadow gVA -> hPA table in native format: a TLB miss
 *           walks n levels, but every guest page-table write traps so that the hypervisor
 *           can resynchronize the shadow (VMware, "Performance Evaluation of Intel EPT
 *           Hardware Assist", 2009, §2; Adams & Agesen, ASPLOS 2006).  The trap itself is
 *           priced by sim/hypervisor (a VM exit or a binary-translation callout); this
 *           module gives the trap rate and the resync work in cycles.
 *   nested  hardware walks guest and nested tables: a 2D walk (walk.h), no traps.  Needs
 *           hardware-assist generation 2 (AMD RVI / Intel EPT; AMD "AMD-V Nested Paging",
 *           2008).  Translations cached in the TLB use the smaller of the guest and host
 *           page sizes, as for shadow tables.
 *   direct  Xen PV: the guest's own tables are the hardware tables, made read-only and
 *           validated by the hypervisor; updates go in batches of B through one mmu_update
 *           hypercall (Barham et al., SOSP 2003, §3.3.2), so the per-update cost is
 *           hypercall/B + validation.  Needs a paravirtualized guest.
 * Each mode is a const MemPagingOps; mem_paging_ops_lookup() is the one name table.
 *
 * mem_paging_cost_fill() turns (host MMU, VM memory behaviour, co-runner count) into a
 * MemPagingCost (cost.h).  Invariants: native_* fields describe the same VM on bare metal
 * with the whole TLB; flush_refill_cycles = min(E, W) x virt_walk_cycles for an untagged
 * TLB (E entries, W working-set pages) and 0 for a tagged one.  Rates are per native
 * second; cycles are host core cycles.
 */
#ifndef MEM_PAGING_H
#define MEM_PAGING_H

#include "sim/memory/cost.h"
#include "sim/memory/tlb.h"
#include "sim/memory/walk.h"

typedef enum {
    MEM_PAGING_NATIVE,
    MEM_PAGING_SHADOW,
    MEM_PAGING_NESTED,
    MEM_PAGING_DIRECT,
    MEM_PAGING_N
} MemPagingMode;

typedef struct {
    MemPagingMode mode;
    MemTlbConfig  tlb;
    MemWalkConfig walk;
    MemPageSize   host_page;            /* page size backing guest memory (nested dimension,
                                           shadow entries) */
    double        shadow_sync_cycles;   /* resync work per trapped guest PTE write */
    double        shadow_fault_cycles;  /* shadow: the software MMU's work on one page fault,
                                           true or hidden (walk the guest table, fill the
                                           shadow entry), beyond the VMM entry itself */
    uint32_t      trace_limit_writes;   /* shadow: writes in a row to one traced page-table
                                           page before the MMU drops the trace (unshadows it)
                                           and later rebuilds the entries through hidden
                                           faults */
    uint32_t      pv_batch_updates;     /* direct: PTE updates per mmu_update hypercall */
    double        pv_validate_cycles;   /* direct: validation work per updated PTE */
} MemHostMmu;

typedef struct {
    MemAccessProfile access;
    MemPageSize      guest_page;        /* page size of the guest's mappings of its data */
    double           pt_updates_per_s;  /* guest page-table writes per native second */
    double           pt_burst_writes;   /* writes the guest makes to one page-table page in a
                                           row (fork copies and exit clears whole tables);
                                           <= trace_limit_writes: every write is traced */
    double           new_spaces_per_s;  /* new address spaces (fork/exec) per native second */
    double           pages_per_new_space; /* pages a new address space touches: each is a
                                           hidden fault under shadow paging (its shadow starts
                                           empty) */
    double           tlb_misses_per_s;  /* < 0: derive from `access` (default); >= 0: the
                                           workload states its miss rate directly */
} MemVmMemory;

typedef struct MemPagingOps {
    const char *name;                   /* the value of `paging:` in scenario YAML */
    gboolean    virtualized;            /* FALSE for native: no switches, no co-runners */
    /* Page size of the translations the TLB caches for this VM. */
    MemPageSize (*tlb_page)(const MemHostMmu *host, const MemVmMemory *vm);
    /* Expected memory references per TLB miss. */
    double      (*walk_refs)(const MemHostMmu *host, const MemVmMemory *vm);
    /* Fills the page-table-write fields of *out; may be NULL (writes cost nothing extra). */
    void        (*pt_cost)(const MemHostMmu *host, const MemVmMemory *vm, MemPagingCost *out);
    /* Hardware/technique requirement; may be NULL (always allowed). */
    gboolean    (*check)(int hw_generation, gboolean paravirt, gboolean bare_metal,
                         GError **error);
} MemPagingOps;

const MemPagingOps *mem_paging_ops(MemPagingMode mode);
/* NULL if unknown; *mode_out (may be NULL) receives the mode. */
const MemPagingOps *mem_paging_ops_lookup(const char *name, MemPagingMode *mode_out);
const char         *mem_paging_mode_name(MemPagingMode mode);
/* "native, shadow, nested or direct", for "expected ..." messages. */
const char         *mem_paging_mode_names(void);

/* Is `mode` possible on a host whose hypervisor technique has hardware-assist generation
 * `hw_generation` (0 none, 1 VT-x/AMD-V, 2 + EPT/NPT and tagged TLB, 3 + IOMMU), runs
 * paravirtualized guests (`paravirt`) or is bare metal (`bare_metal`: no hypervisor)?
 * FALSE with a MEM_ERROR_UNSUPPORTED message (no position; the parser adds it). */
gboolean mem_paging_check(MemPagingMode mode, int hw_generation, gboolean paravirt,
                          gboolean bare_metal, GError **error);

void     mem_host_mmu_init_default(MemHostMmu *host, MemPagingMode mode);
void     mem_vm_memory_init_default(MemVmMemory *vm);
/* Range checks of every field; FALSE with a MEM_ERROR_INVALID message. */
gboolean mem_host_mmu_check(const MemHostMmu *host, GError **error);
gboolean mem_vm_memory_check(const MemVmMemory *vm, GError **error);

/* The VM's paging cost on `host` while `co_runners` other VMs share its cores' TLBs
 * (world-switch frequency does not enter: it multiplies flush_refill_cycles later). */
void     mem_paging_cost_fill(const MemHostMmu *host, const MemVmMemory *vm,
                              unsigned co_runners, MemPagingCost *out);

/* Prices that sim/hypervisor owns, passed in to explain a cost in cycles. */
typedef struct {
    double trap_cycles;            /* one trapped guest PTE write: VM exit or BT callout */
    double hypercall_cycles;       /* one hypercall's entry/exit */
    double world_switches_per_s;   /* switches to/from this VM per native second */
} MemTrapPrices;

/* Where the memory-virtualization overhead of one VM comes from; cycles per native second. */
typedef struct {
    double tlb_misses_per_s;
    double native_walk_refs;
    double walk_refs;                  /* references per walk under the paging mode */
    double shadow_traps_per_s;
    double pt_hypercalls_per_s;
    double walk_cycles_per_s;          /* extra page-walk cycles */
    double shadow_cycles_per_s;        /* traps x (trap + resync) */
    double pv_cycles_per_s;            /* hypercalls x (hypercall + validation) */
    double flush_cycles_per_s;         /* world switches x refill */
    double total_cycles_per_s;
} MemExplain;

void     mem_paging_explain(const MemPagingCost *cost, const MemTrapPrices *prices,
                            MemExplain *out);

#endif
