/* sim/hypervisor/workload.c — the built-in workload profiles and the key table for user
 * overrides.  Each built-in stands for a benchmark family from the virtualization literature:
 * compute-intensive ~ SPEC CINT (Barham et al. SOSP 2003 Fig. 3; Adams & Agesen ASPLOS 2006
 * Fig. 2), data-intensive ~ OSDB-OLTP / dbench (Barham et al.), web ~ SPECweb99 (Barham et
 * al.), fork-heavy ~ forkwait (Adams & Agesen Sec. 6), memory-intensive ~ a large-working-set
 * pointer-chasing kernel (TLB-bound), idle ~ an idle guest with a 1 kHz timer tick.  Rates are
 * reasoned per native second on a ~3-4 GHz core; docs/models.md gives the reasoning.
 */
#include "sim/hypervisor/workload.h"

#include "sim/hypervisor/profile.h"

#include <stddef.h>
#include <string.h>

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

/* forkwait on Adams & Agesen's 3.8 GHz Pentium 4: 40,000 fork/wait pairs in 6.0 s native. */
#define FORKS_PER_S (40000.0 / 6.0)

/* disk_io_frac: data-intensive stands for OSDB, which drives PostgreSQL over a Unix-domain
 * socket (Barham et al. 2003 Sec. 4.1), so all its device I/O is disk; web's 180 Mb/s of TCP
 * is ~15,000 packets/s against a few hundred log and cache-miss disk operations: 3 %
 * (assumption); the others are half and half (assumption; their I/O is negligible). */

/* Returns and indirect calls/jumps in guest kernel code, per native second of kernel time:
 * one per 160 kernel cycles at the reference clock (an assumption, not a measurement: about
 * one call/return pair per 80-100 kernel instructions at the Pentium 4's kernel IPC of
 * ~0.5-0.6).  With binary translation's 40 cycles per return (Adams & Agesen's call/ret)
 * that is 25 % of kernel time, and with the 5 % flat slowdown of translated code the 30 %
 * the model used before the returns were priced (docs/models.md). */
#define KERNEL_RETURNS_PER_S(kernel_frac) ((kernel_frac) * HV_WORKLOAD_REF_HZ / 160.0)

/* Write bursts of 64 KiB (16 pages): an assumption, no published per-workload figure; it
 * gives the per-page dirty model (sim/memory/dirty.h) runs to find. */
#define WRITE_RUN (64 * 1024)

static const HvWorkload hv_workloads[] = {
    { .name = "compute-intensive", .syscalls_per_s = 100, .priv_instr_per_s = 200,
      .sensitive_unpriv_per_s = 100, .pt_updates_per_s = 200, .page_faults_per_s = 200,
      .ctx_switches_per_s = 100, .proc_creates_per_s = 0.1, .interrupts_per_s = 1000,
      .io_ops_per_s = 10, .io_bytes_per_s = 40e3, .disk_io_frac = 0.5, .tlb_misses_per_s = 1e6,
      .kernel_time_frac = 0.02,
      .kernel_returns_per_s = KERNEL_RETURNS_PER_S(0.02), .kernel_code_bytes = 512 * 1024,
      .working_set_bytes = 256 * MIB, .wws_bytes = 64 * MIB, .dirty_pages_per_s = 2000,
      .write_run_bytes = WRITE_RUN },
    { .name = "data-intensive", .syscalls_per_s = 50000, .priv_instr_per_s = 20000,
      .sensitive_unpriv_per_s = 20000, .pt_updates_per_s = 20000, .page_faults_per_s = 10000,
      .ctx_switches_per_s = 10000, .proc_creates_per_s = 1, .interrupts_per_s = 11000,
      .io_ops_per_s = 10000, .io_bytes_per_s = 80e6, .disk_io_frac = 1.0, .tlb_misses_per_s = 5e6,
      .kernel_time_frac = 0.30,
      .kernel_returns_per_s = KERNEL_RETURNS_PER_S(0.30), .kernel_code_bytes = 1 * MIB,
      .working_set_bytes = 4 * GIB, .wws_bytes = 512 * MIB, .dirty_pages_per_s = 20000,
      .write_run_bytes = WRITE_RUN },
    { .name = "web", .syscalls_per_s = 80000, .priv_instr_per_s = 20000,
      .sensitive_unpriv_per_s = 20000, .pt_updates_per_s = 30000, .page_faults_per_s = 15000,
      .ctx_switches_per_s = 15000, .proc_creates_per_s = 20, .interrupts_per_s = 16000,
      .io_ops_per_s = 15000, .io_bytes_per_s = 100e6, .disk_io_frac = 0.03, .tlb_misses_per_s = 3e6,
      .kernel_time_frac = 0.40,
      .kernel_returns_per_s = KERNEL_RETURNS_PER_S(0.40), .kernel_code_bytes = 1 * MIB,
      .working_set_bytes = 1 * GIB, .wws_bytes = 128 * MIB, .dirty_pages_per_s = 5000,
      .write_run_bytes = WRITE_RUN },
    { .name = "fork-heavy", .syscalls_per_s = 6 * FORKS_PER_S,
      .priv_instr_per_s = 10 * FORKS_PER_S, .sensitive_unpriv_per_s = 10 * FORKS_PER_S,
      .pt_updates_per_s = 1360 * FORKS_PER_S, .page_faults_per_s = 20 * FORKS_PER_S,
      .ctx_switches_per_s = 3 * FORKS_PER_S, .proc_creates_per_s = FORKS_PER_S,
      .pt_burst_writes = 170, .process_pages = 950,
      .interrupts_per_s = 1000, .io_ops_per_s = 0, .io_bytes_per_s = 0, .disk_io_frac = 0,
      .tlb_misses_per_s = 2e6, .kernel_time_frac = 0.90,
      .kernel_returns_per_s = KERNEL_RETURNS_PER_S(0.90), .kernel_code_bytes = 512 * 1024,
      .working_set_bytes = 64 * MIB, .wws_bytes = 16 * MIB, .dirty_pages_per_s = 50000,
      .write_run_bytes = WRITE_RUN },
    { .name = "memory-intensive", .syscalls_per_s = 200, .priv_instr_per_s = 300,
      .sensitive_unpriv_per_s = 200, .pt_updates_per_s = 2000, .page_faults_per_s = 2000,
      .ctx_switches_per_s = 200, .proc_creates_per_s = 0.1, .interrupts_per_s = 1000,
      .io_ops_per_s = 20, .io_bytes_per_s = 80e3, .disk_io_frac = 0.5, .tlb_misses_per_s = 1e7,
      .kernel_time_frac = 0.02,
      .kernel_returns_per_s = KERNEL_RETURNS_PER_S(0.02), .kernel_code_bytes = 512 * 1024,
      .working_set_bytes = 16 * GIB, .wws_bytes = 8 * GIB, .dirty_pages_per_s = 100000,
      .write_run_bytes = WRITE_RUN },
    { .name = "idle", .syscalls_per_s = 50, .priv_instr_per_s = 1100,
      .sensitive_unpriv_per_s = 50, .pt_updates_per_s = 50, .page_faults_per_s = 20,
      .ctx_switches_per_s = 100, .proc_creates_per_s = 0, .interrupts_per_s = 1000,
      .io_ops_per_s = 1, .io_bytes_per_s = 4e3, .disk_io_frac = 0.5, .tlb_misses_per_s = 1e4,
      .kernel_time_frac = 0.02,
      .kernel_returns_per_s = KERNEL_RETURNS_PER_S(0.02), .kernel_code_bytes = 256 * 1024,
      .working_set_bytes = 64 * MIB, .wws_bytes = 8 * MIB, .dirty_pages_per_s = 50,
      .write_run_bytes = WRITE_RUN },
};

const HvWorkload *hv_workload_builtins(size_t *n_out)
{
    *n_out = G_N_ELEMENTS(hv_workloads);
    return hv_workloads;
}

const HvWorkload *hv_workload_lookup(const char *name)
{
    g_return_val_if_fail(name != NULL, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(hv_workloads); i++)
        if (strcmp(hv_workloads[i].name, name) == 0)
            return &hv_workloads[i];
    return NULL;
}

void hv_workload_at_clock(HvWorkload *w, double cpu_hz, gboolean with_io)
{
    double s = cpu_hz / HV_WORKLOAD_REF_HZ;
    w->syscalls_per_s *= s;
    w->priv_instr_per_s *= s;
    w->sensitive_unpriv_per_s *= s;
    w->pt_updates_per_s *= s;
    w->page_faults_per_s *= s;
    w->ctx_switches_per_s *= s;
    w->proc_creates_per_s *= s;
    w->interrupts_per_s *= s;
    w->tlb_misses_per_s *= s;
    w->kernel_returns_per_s *= s;
    if (with_io) {
        w->io_ops_per_s *= s;
        w->io_bytes_per_s *= s;
    }
}

typedef struct {
    const char *key;
    const char *unit;
    gboolean    is_u64;
    size_t      offset;
    double      max;
} HvWorkloadField;

#define D(k, u, f, hi) { k, u, FALSE, offsetof(HvWorkload, f), hi }
#define U(k, f) { k, "bytes", TRUE, offsetof(HvWorkload, f), 1e18 }
static const HvWorkloadField hv_wfields[] = {
    D("syscalls", "per_s", syscalls_per_s, 1e12),
    D("privileged", "per_s", priv_instr_per_s, 1e12),
    D("sensitive", "per_s", sensitive_unpriv_per_s, 1e12),
    D("pt_updates", "per_s", pt_updates_per_s, 1e12),
    D("page_faults", "per_s", page_faults_per_s, 1e12),
    D("context_switches", "per_s", ctx_switches_per_s, 1e12),
    D("process_creations", "per_s", proc_creates_per_s, 1e12),
    D("privileged_cycles", "cycles", priv_instr_cycles, 1e9),
    D("sensitive_cycles", "cycles", sensitive_cycles, 1e9),
    D("pt_burst", "count", pt_burst_writes, 1e9),
    D("process_pages", "count", process_pages, 1e12),
    D("interrupts", "per_s", interrupts_per_s, 1e12),
    D("io_ops", "per_s", io_ops_per_s, 1e12),
    D("io_bytes", "bytes_per_s", io_bytes_per_s, 1e15),
    D("disk_io", "frac", disk_io_frac, 1),
    D("tlb_misses", "per_s", tlb_misses_per_s, 1e12),
    D("kernel_time", "frac", kernel_time_frac, 1),
    D("kernel_returns", "per_s", kernel_returns_per_s, 1e12),
    U("kernel_code", kernel_code_bytes),
    U("working_set", working_set_bytes),
    U("wws", wws_bytes),
    D("dirty_rate", "pages_per_s", dirty_pages_per_s, 1e12),
    D("cold_dirty_rate", "pages_per_s", cold_dirty_pages_per_s, 1e12),
    U("write_run", write_run_bytes),
};
#undef D
#undef U

static const HvWorkloadField *hv_wfield_find(const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hv_wfields); i++)
        if (strcmp(hv_wfields[i].key, key) == 0)
            return &hv_wfields[i];
    return NULL;
}

const char *hv_workload_key_unit(const char *key)
{
    const HvWorkloadField *f = hv_wfield_find(key);
    return f ? f->unit : NULL;
}

const char *const *hv_workload_keys(void)
{
    static const char *keys[G_N_ELEMENTS(hv_wfields) + 1];
    static gsize done;
    if (g_once_init_enter(&done)) {
        for (size_t i = 0; i < G_N_ELEMENTS(hv_wfields); i++)
            keys[i] = hv_wfields[i].key;
        g_once_init_leave(&done, 1);
    }
    return keys;
}

gboolean hv_workload_set(HvWorkload *w, const char *key, double value, GError **error)
{
    const HvWorkloadField *f = hv_wfield_find(key);
    if (!f) {
        g_set_error(error, HV_ERROR, HV_ERROR_UNKNOWN, "unknown workload key '%s'", key);
        return FALSE;
    }
    if (!(value >= 0 && value <= f->max)) {
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID,
                    "%s '%g' out of range (expected 0 to %g %s)", key, value, f->max, f->unit);
        return FALSE;
    }
    char *at = (char *)w + f->offset;
    if (f->is_u64)
        *(uint64_t *)at = (uint64_t)value;
    else
        *(double *)at = value;
    return TRUE;
}
