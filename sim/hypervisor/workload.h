/* sim/hypervisor/workload.h — workload profiles: what a guest does per second of native
 * execution, in the events a virtualization layer has to intercept or price.
 *
 * A workload is plain data.  Every rate is per second of *native* execution (on the host's
 * CPU, without virtualization), so the overhead model can price it as cycles per native
 * second.  Built-ins (compute-intensive, data-intensive, web, fork-heavy, memory-intensive,
 * idle) live in one table in workload.c; a user profile copies a built-in (`base:`) and
 * overrides fields by key with hv_workload_set().  docs/models.md gives, for each number, the
 * measurement it is reasoned from (SPEC CPU, OSDB, dbench, SPECweb99, forkwait) or says it is
 * an assumption.
 *
 * The memory fields (working sets, dirty rate) are inputs for sim/memory and sim/migration;
 * tlb_misses_per_s is the fallback TLB-miss rate used until sim/memory derives it.
 */
#ifndef HV_WORKLOAD_H
#define HV_WORKLOAD_H

#include <glib.h>
#include <stdint.h>

/* Event rates are per unit of guest work, written as events per second of native execution
 * on a core of this clock (forkwait's 3.8 GHz Pentium 4, Adams & Agesen 2006): a core of
 * f Hz runs the same work f / HV_WORKLOAD_REF_HZ times faster, so it meets the events that
 * much more often (hv_workload_at_clock), I/O included (scenario I/O streams are not
 * workload rates: they keep their wall-clock rates). */
#define HV_WORKLOAD_REF_HZ 3.8e9

typedef struct {
    const char *name;                 /* static for built-ins; owned by the caller otherwise */
    double syscalls_per_s;            /* guest system calls */
    double priv_instr_per_s;          /* privileged instructions in the guest kernel that fault
                                         when deprivileged (CR/DR/MSR writes, LGDT, HLT, ...) */
    double sensitive_unpriv_per_s;    /* sensitive but unprivileged instructions in the guest
                                         kernel (POPF, PUSHF, SGDT, ...: Robin & Irvine) */
    double pt_updates_per_s;          /* guest page-table entry writes */
    double page_faults_per_s;         /* guest page faults (true faults, not shadow fills) */
    double ctx_switches_per_s;        /* guest process switches (address-space changes) */
    double proc_creates_per_s;        /* fork/exec: new address spaces */
    double priv_instr_cycles;         /* native cycles of one privileged instruction (an `in`
                                         from a chipset port: 3,209); 0 = negligible */
    double sensitive_cycles;          /* native cycles of one sensitive instruction */
    double pt_burst_writes;           /* page-table writes in a row to one table page */
    double process_pages;             /* pages a new process touches (shadow fills) */
    double interrupts_per_s;          /* timer + device interrupts delivered to the guest */
    double io_ops_per_s;              /* disk and network operations (requests, packets) */
    double io_bytes_per_s;            /* bytes moved by those operations */
    double disk_io_frac;              /* share of those operations that are disk (block)
                                         operations; the rest are network packets */
    double tlb_misses_per_s;          /* fallback rate until sim/memory derives it */
    double kernel_time_frac;          /* share of native time spent in the guest kernel */
    double kernel_returns_per_s;      /* returns and indirect calls/jumps executed in guest
                                         kernel code: binary translation looks each target
                                         up in its translation cache (docs/models.md) */
    uint64_t kernel_code_bytes;       /* guest-kernel code executed (translation-cache input) */
    uint64_t working_set_bytes;       /* memory the guest touches */
    uint64_t wws_bytes;               /* writable working set (migration) */
    double dirty_pages_per_s;         /* page-dirtying rate within the writable working set */
    double cold_dirty_pages_per_s;    /* page writes into the rest of memory (cold set) */
    uint64_t write_run_bytes;         /* spatial locality: bytes one write burst covers */
} HvWorkload;

/* Built-in by name, or NULL.  The pointer is static; copy it to modify. */
const HvWorkload *hv_workload_lookup(const char *name);
const HvWorkload *hv_workload_builtins(size_t *n_out);

/* Sets field `key` (scenario key, e.g. "syscalls", "wws") to value in the key's unit
 * (hv_workload_key_unit(): "per_s", "bytes", "bytes_per_s", "pages_per_s", "frac").
 * FALSE + HV_ERROR on an unknown key or a negative / out-of-range value. */
gboolean    hv_workload_set(HvWorkload *w, const char *key, double value, GError **error);
const char *hv_workload_key_unit(const char *key);
const char *const *hv_workload_keys(void);   /* NULL-terminated, table order */

/* w's event rates as seen on a core of cpu_hz (fractions and sizes unchanged); with_io:
 * I/O rates too. */
void hv_workload_at_clock(HvWorkload *w, double cpu_hz, gboolean with_io);

#endif
