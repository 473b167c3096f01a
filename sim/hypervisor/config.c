/* sim/hypervisor/config.c — hypervisor and workload profiles, host paging; see scnvirt.h. */
#include "sim/hypervisor/config.h"

#include <math.h>
#include <string.h>

#include "sim/hypervisor/isa.h"
#include "sim/hypervisor/trust.h"

/* ---- the key tables of profiles.hypervisors and profiles.workloads ------------------ */

static const char *const hv_kinds[] = { "native", "type1", "type2", "container", NULL };
static const char *const hv_techniques[] = { "none", "trap-and-emulate", "binary-translation",
                                             "paravirtualization", "hardware-assist", NULL };
static const char *const hv_pagings[] = { "native", "shadow", "direct", "nested", NULL };

static const char *const *isa_names(void)
{
    static const char **names;
    if (g_once_init_enter(&names)) {
        size_t n = 0;
        const HvIsa *isas = hv_isa_builtins(&n);
        const char **list = g_new0(const char *, n + 1);
        for (size_t i = 0; i < n; i++)
            list[i] = isas[i].name;
        g_once_init_leave(&names, list);
    }
    return names;
}

#define HV_DEF .def_doc = "the base's"
#define HV_COST(k, range, what) \
    { .key = k, .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES, HV_DEF, .doc = range ": " what }
#define HV_NUM(k, u, tdoc, range, what) \
    { .key = k, .type = SCN_KEY_QUANTITY, .unit = u, .type_doc = tdoc, HV_DEF, \
      .doc = range ": " what }

/* Every key a hypervisor profile may override, read by read_hv_key in the order written.
 * The names and units are sim/hypervisor's settable fields (hv_profile_set and
 * hv_profile_set_name, which check the ranges); tests/test-hypervisor.c keeps them equal.
 * The order is that of did-you-mean: base, the named keys, then the numbers. */
const ScnKey scn_hv_profile_keys[] = {
    { .key = "base", .type = SCN_KEY_STRING, .required = TRUE, .type_doc = "hypervisor name",
      .def_doc = "— (required)",
      .doc = "the profile copied: a built-in, or a profile defined *above* this one" },
    { .key = "kind", .type = SCN_KEY_ENUM, .names = hv_kinds, HV_DEF,
      .doc = "where the layer sits" },
    { .key = "technique", .type = SCN_KEY_ENUM, .names = hv_techniques, HV_DEF,
      .doc = "how sensitive instructions are handled" },
    { .key = "paging", .type = SCN_KEY_ENUM, .names = hv_pagings, HV_DEF,
      .doc = "the paging mode hosts use by default (a host's `paging:` overrides it)" },
    { .key = "isa", .type = SCN_KEY_STRING, .names_fn = isa_names, .type_doc = "ISA name", HV_DEF,
      .doc = "the CPU's instruction set: `x86-classic`, `x86-vt` or `trap-and-emulate` (see "
             "`vdcsim list`)" },
    { .key = "isolation", .type = SCN_KEY_STRING, HV_DEF,
      .doc = "comma- or space-separated `chroot`, `namespaces`, `capabilities`, `cgroups`, "
             "`selinux`, `seccomp`, `hw-vm`, or `none`: isolation mechanisms (reported by "
             "`vdcsim list`/`explain`)" },
    { .key = "drivers", .type = SCN_KEY_STRING, HV_DEF,
      .doc = "comma- or space-separated device kinds (`nic`, `disk`, `gpu`, `display`, "
             "`printer`, `vnic`) a Type 1 hypervisor without a driver domain has drivers for; "
             "a host device of another kind is refused. Type 2, container and native hosts "
             "use the host OS's drivers (every kind)" },
    { .key = "pv_guest_min", .type = SCN_KEY_STRING, .type_doc = "version", HV_DEF,
      .doc = "oldest paravirtual guest kernel the interface supports, `2.6.26`" },
    { .key = "pv_guest_max", .type = SCN_KEY_STRING, .type_doc = "version", HV_DEF,
      .doc = "newest paravirtual guest kernel the interface supports, `5.8`" },
    { .key = "driver_domain", .type = SCN_KEY_BOOL, HV_DEF,
      .doc = "drivers and I/O back-ends live in a driver domain (Xen's dom0): the profile has "
             "every driver, and its failure domain includes dom0 (isolation.csv, explain)" },
    HV_NUM("tcb_hypervisor", SCN_UNIT_RATIO, "count (thousand lines)", "0 .. 10^6",
           "trusted computing base: the hypervisor's size"),
    HV_NUM("tcb_os", SCN_UNIT_RATIO, "count (thousand lines)", "0 .. 10^6",
           "trusted computing base: the OS every guest also trusts (host OS, dom0, shared "
           "kernel)"),
    HV_NUM("generation", SCN_UNIT_RATIO, "count", "0 .. 3",
           "hardware-assist generation: 1 VT-x/AMD-V entry/exit; 2 adds nested page tables and "
           "tagged TLBs (VPID/ASID); 3 adds IOMMU, SR-IOV, posted interrupts. 0 for every other "
           "technique"),
    { .key = "pv_x86_64", .type = SCN_KEY_BOOL, HV_DEF,
      .doc = "paravirtual guest kernel in ring 3 (x86-64): every guest syscall is an "
             "address-space switch" },
    HV_COST("vm_exit", "0 .. 10^7 cycles", "one VM exit + entry round trip; `0` = the "
            "generation's default: 2400 (gen 1), 1000 (gen 2), 500 (gen 3)"),
    HV_COST("exit_handler", "0 .. 10^7 cycles", "VMM work to decode and emulate one exit"),
    HV_COST("hypercall", "0 .. 10^7 cycles", "one hypercall round trip; `0` with hardware "
            "assist = `vm_exit` + `exit_handler`"),
    HV_COST("trap", "0 .. 10^7 cycles", "trap-and-emulate: one fault into the VMM plus emulation"),
    HV_COST("shadow_emulate", "0 .. 10^7 cycles", "hardware assist under shadow paging: "
            "emulating one guest page-table write (beyond the exit)"),
    HV_COST("bt_reflect", "0 .. 10^7 cycles", "binary translation: a guest syscall/fault/"
            "interrupt reflected into the translated kernel"),
    HV_COST("bt_inline", "0 .. 10^7 cycles", "a sensitive instruction rewritten inline"),
    HV_COST("bt_trace", "0 .. 10^7 cycles", "a write to a traced page-table page"),
    HV_COST("bt_return", "0 .. 10^7 cycles", "a return or indirect call/jump in translated "
            "kernel code: the translation-cache lookup of its target (workload key "
            "`kernel_returns`)"),
    HV_NUM("bt_kernel_slowdown", SCN_UNIT_FRAC, NULL, "0 .. 10 (`150%` is allowed)",
           "extra time of translated kernel code beyond its returns and indirect branches"),
    HV_COST("bt_translate", "0 .. 10^8 cycles", "translating one unit (translation-cache miss)"),
    HV_NUM("bt_tc_size", SCN_UNIT_SIZE, NULL, "0 .. 10^12 B", "translation-cache capacity"),
    HV_NUM("bt_expansion", SCN_UNIT_RATIO, "count", "0 .. 100",
           "translated bytes per guest code byte"),
    HV_NUM("bt_units_per_entry", SCN_UNIT_RATIO, "count", "0 .. 10^6",
           "translation units run per kernel entry"),
    HV_COST("pt_update", "0 .. 10^7 cycles", "paravirtualization: validating one page-table "
            "update"),
    HV_NUM("pt_batch", SCN_UNIT_RATIO, "count (integer)", "1 .. 1048576",
           "updates per `mmu_update` hypercall"),
    HV_COST("pv_fault", "0 .. 10^7 cycles", "a guest page fault bounced through the hypervisor"),
    HV_COST("pv_syscall", "0 .. 10^7 cycles", "a syscall bounced through the hypervisor "
            "(x86-64); 0 = fast trap"),
    HV_COST("pv_event", "0 .. 10^7 cycles", "an interrupt delivered as an event upcall"),
    HV_COST("host_switch", "0 .. 10^8 cycles", "Type 2: one VMM ↔ host-OS world switch"),
    HV_NUM("host_switches_per_io", SCN_UNIT_RATIO, "count", "0 .. 10^4",
           "Type 2: host world switches per guest network I/O op"),
    HV_NUM("host_switches_per_disk_io", SCN_UNIT_RATIO, "count", "0 .. 10^4",
           "Type 2: host world switches per guest disk op (device-model register accesses "
           "and the completion interrupt)"),
    HV_NUM("host_exit_frac", SCN_UNIT_FRAC, NULL, "0 .. 1",
           "Type 2: share of other exits handled in the host world"),
    HV_COST("host_io", "0 .. 10^9 cycles", "Type 2: host-OS I/O stack per guest I/O op"),
    HV_COST("ctr_syscall", "0 .. 10^7 cycles", "container: seccomp and namespace work per "
            "syscall"),
    HV_COST("ctr_io", "0 .. 10^8 cycles", "container: cgroup accounting and veth/bridge per I/O "
            "op"),
    HV_NUM("cpu_cap", SCN_UNIT_RATIO, "count (cores)", "0 .. 10^6", "cgroup CPU cap; 0 = none"),
    HV_NUM("mem_limit", SCN_UNIT_SIZE, NULL, "0 .. 10^18 B", "cgroup memory limit; 0 = none"),
    HV_NUM("host_footprint", SCN_UNIT_SIZE, NULL, "0 .. 10^18 B",
           "memory the hypervisor / host OS keeps"),
    HV_NUM("vm_footprint", SCN_UNIT_SIZE, NULL, "0 .. 10^18 B",
           "memory per guest beyond its own (VMM process, tables)"),
    { .key = "boot", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DURATION, HV_DEF,
      .doc = "from start request to guest ready" },
    HV_NUM("image", SCN_UNIT_SIZE, NULL, "0 .. 10^18 B", "typical guest image"),
    HV_COST("walk_extra", "0 .. 10^7 cycles", "measured (`vdcsim calibrate`): cycles a guest "
            "TLB miss costs beyond a native one under nested paging, replacing the host's "
            "page-walk model; `0` = the model's"),
    { .key = "pv_io_latency", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DURATION, HV_DEF,
      .doc = "0 .. 1000 s: measured (`vdcsim calibrate`): latency one I/O operation on a "
             "`paravirtual` device path adds over native, replacing the path model's; `0` = "
             "the model's" },
    HV_COST("pv_io_cycles", "0 .. 10^9 cycles", "measured (`vdcsim calibrate`): CPU cycles one "
            "I/O operation on a `paravirtual` path adds over native (exits included), "
            "replacing the path model's; `0` = the model's"),
    { NULL },
};

#define WL_RATE(k, what) \
    { .key = k, .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .def_doc = "the base's", \
      .doc = "0 .. 10^12 /s: " what }
#define WL_SIZE(k, what) \
    { .key = k, .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_SIZE, .def_doc = "the base's", \
      .doc = "0 .. 10^18 B: " what }

static gboolean read_access(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_zipf_s(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_stride(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_mem_accesses(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_page_size(void *obj, ScnDoc *d, ScnNode *v, GError **error);

static const char *const mem_accesses_patterns[] = { "uniform", "sequential", "zipf", NULL };
static const char *const mem_page_sizes[] = { "4k", "2m", "1g", NULL };

/* Every key of a workload profile, in the order of did-you-mean: base, work and demand
 * (read by sim/scenario), the event rates of sim/hypervisor (read by scn_read_workload_key
 * through hv_workload_set, which checks the ranges), then sim/memory's keys (their own
 * readers, on ScnWorkloadVirt). */
const ScnKey scn_workload_profile_keys[] = {
    { .key = "base", .type = SCN_KEY_STRING, .type_doc = "workload name",
      .def = "compute-intensive", .doc = "a built-in, or a profile defined *above* this one" },
    { .key = "work", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES, .lo = 1, .hi = 1e21,
      .type_doc = "work (cycles)", .def_doc = "inherited from `base`",
      .doc = "1 cycle .. 10^21 cycles; sets demand to 100 %" },
    { .key = "demand", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .def_doc = "inherited from `base`", .doc = "0 .. 1; the profile then never finishes" },
    WL_RATE("syscalls", "guest system calls"),
    WL_RATE("privileged", "privileged instructions in the guest kernel (CR/MSR writes, LGDT, "
            "HLT, …)"),
    WL_RATE("sensitive", "sensitive but unprivileged instructions (POPF, SGDT, …)"),
    WL_RATE("pt_updates", "guest page-table entry writes"),
    WL_RATE("page_faults", "guest page faults"),
    WL_RATE("context_switches", "guest address-space switches"),
    WL_RATE("process_creations", "fork/exec"),
    { .key = "privileged_cycles", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES,
      .def_doc = "the base's (built-ins: 0)", .doc = "0 .. 10^9 cycles: native cost of one "
      "privileged instruction (an `in` from chipset port 0x80: 3209 cycles); binary "
      "translation replaces it by its inline emulation, so it can beat native" },
    { .key = "sensitive_cycles", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES,
      .def_doc = "the base's (built-ins: 0)", .doc = "0 .. 10^9 cycles: native cost of one "
      "sensitive instruction (a `%cr8` write: about 140 cycles)" },
    { .key = "pt_burst", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .def_doc = "the base's (built-ins: 1, fork-heavy 170)", .doc = "0 .. 10^9: page-table "
      "writes in a row to one page-table page; beyond the host's trace limit (3) a shadow "
      "MMU stops tracing the page" },
    { .key = "process_pages", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .def_doc = "the base's (built-ins: 0, fork-heavy see docs/models.md)",
      .doc = "0 .. 10^12: pages a new process (`process_creations`) touches; under shadow "
      "paging each is a hidden fault" },
    WL_RATE("interrupts", "timer and device interrupts"),
    WL_RATE("io_ops", "disk and network operations (replaced by the VM's [`io`](#vms-io) "
            "streams when it has any)"),
    { .key = "io_bytes", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DATA_RATE,
      .def_doc = "the base's", .doc = "0 .. 10^15 B/s: bytes those operations move (replaced "
      "likewise)" },
    { .key = "disk_io", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .def_doc = "the base's", .doc = "0 .. 1: share of `io_ops` that are disk operations, "
      "the rest network packets (with `io` streams: the disk streams' share)" },
    WL_RATE("tlb_misses", "TLB misses, used as given unless `mem_accesses` is set"),
    { .key = "kernel_time", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .def_doc = "the base's", .doc = "0 .. 1: share of native time in the guest kernel" },
    WL_RATE("kernel_returns", "returns and indirect calls/jumps in guest kernel code; binary "
            "translation pays `bt_return` for each (built-ins: one per 160 kernel cycles, "
            "`kernel_time` x 2.375e7/s)"),
    WL_SIZE("kernel_code", "guest kernel code executed (binary translation's cache input)"),
    WL_SIZE("working_set", "memory the guest touches (TLB reach, refills)"),
    WL_SIZE("wws", "writable working set (live migration)"),
    WL_RATE("dirty_rate", "pages dirtied per second within `wws` (`40000 pages/s`)"),
    WL_RATE("cold_dirty_rate", "pages dirtied per second in the rest of memory, the cold set "
            "(built-ins: 0)"),
    WL_SIZE("write_run", "bytes one write burst covers: the spatial locality of "
            "`dirty_model: pages` (built-ins: `64 KiB`)"),
    { .key = "access", .type = SCN_KEY_ENUM, .names = mem_accesses_patterns, .read = read_access,
      .def_doc = "the base's (built-ins: `uniform`)",
      .doc = "memory access pattern over `working_set`" },
    { .key = "zipf_s", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 0.01, .hi = 10,
      .read = read_zipf_s, .def_doc = "the base's (built-ins: `1`)",
      .doc = "0.01 .. 10: Zipf exponent (with `access: zipf`)" },
    { .key = "stride", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_SIZE, .read = read_stride,
      .def_doc = "the base's (built-ins: `64 B`)",
      .doc = "bytes between consecutive accesses (with `access: sequential`)" },
    { .key = "mem_accesses", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE,
      .read = read_mem_accesses, .def_doc = "the base's (built-ins: `1e8/s`)",
      .doc = "0 .. 10^13 /s: memory references per native second; **setting it** makes "
             "sim/memory derive the TLB-miss rate from `access`, `working_set` and the host's "
             "TLB instead of using `tlb_misses`" },
    { .key = "page_size", .type = SCN_KEY_ENUM, .names = mem_page_sizes, .read = read_page_size,
      .def_doc = "the base's (built-ins: `4k`)", .doc = "the guest's own page size" },
    { NULL },
};

void scn_override_free(gpointer p)
{
    ScnOverride *o = p;
    g_free(o->key);
    g_free(o->text);
    g_free(o);
}

static void add_override(GPtrArray **list, const char *key, char *text)
{
    if (!*list)
        *list = g_ptr_array_new_with_free_func(scn_override_free);
    ScnOverride *o = g_new(ScnOverride, 1);
    o->key = g_strdup(key);
    o->text = text;
    g_ptr_array_add(*list, o);
}

void scn_hypervisor_free(gpointer p)
{
    ScnHypervisor *h = p;
    g_free(h->name);
    g_free(h->base);
    if (h->overrides)
        g_ptr_array_free(h->overrides, TRUE);
    g_free(h);
}

GPtrArray *scn_hypervisors_builtin(void)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(scn_hypervisor_free);
    size_t n = 0;
    const HvProfile *b = hv_profile_builtins(&n);
    for (size_t i = 0; i < n; i++) {
        ScnHypervisor *h = g_new0(ScnHypervisor, 1);
        h->name = g_strdup(b[i].name);
        h->hv = b[i];
        g_ptr_array_add(list, h);
    }
    return list;
}

ScnHypervisor *scn_hypervisor_find(GPtrArray *list, const char *name)
{
    for (guint i = 0; i < list->len; i++) {
        ScnHypervisor *h = g_ptr_array_index(list, i);
        if (strcmp(h->name, name) == 0)
            return h;
    }
    return NULL;
}

/* ---- values in sim/hypervisor's units --------------------------------------------- */

/* Reads a numeric or boolean key of a profile table; *text gets its resolved form for
 * resolved.yaml.  Ranges are the model's (hv_profile_set, hv_workload_set). */
static gboolean read_unit_value(ScnDoc *d, ScnNode *v, const ScnKey *row, double *out,
                                char **text, GError **error)
{
    if (row->type == SCN_KEY_BOOL) {
        gboolean b;
        if (!scn_get_bool(d, v, &b, error))
            return FALSE;
        *out = b;
        *text = g_strdup(b ? "true" : "false");
        return TRUE;
    }
    g_assert(row->type == SCN_KEY_QUANTITY);
    if (!scn_get_quantity(d, v, row->unit, 0, INFINITY, out, error))
        return FALSE;
    *text = scn_unit_format_exact(*out, row->unit);
    return TRUE;
}

/* A GError from a model module, re-raised at the value's position. */
static gboolean refail(GError **error, ScnDoc *d, ScnNode *n, GError *inner)
{
    scn_fail(error, d, n, SCN_ERROR_RANGE, "%s", inner->message);
    g_error_free(inner);
    return FALSE;
}

/* The row of a profile key, or an "unknown key" error with a did-you-mean over the table. */
static const ScnKey *profile_row(const ScnKey *keys, ScnDoc *d, ScnNode *key, const char *what,
                                 GError **error)
{
    const char *k = scn_scalar(key);
    const ScnKey *row = k ? scn_schema_find(keys, k) : NULL;
    if (row)
        return row;
    g_autofree const char **names = scn_schema_key_names(keys);
    const char *near = k ? scn_did_you_mean(k, names) : NULL;
    if (near)
        scn_fail(error, d, key, SCN_ERROR_UNKNOWN, "unknown key '%s' in %s (did you mean '%s'?)",
                 k, what, near);
    else
        scn_fail(error, d, key, SCN_ERROR_UNKNOWN, "unknown key '%s' in %s (see docs/scenario.md)",
                 k, what);
    return NULL;
}

/* ---- hypervisor profiles ---------------------------------------------------------- */

static gboolean read_hv_key(ScnHypervisor *h, const ScnKey *row, ScnDoc *d, ScnNode *v,
                            GError **error)
{
    GError *inner = NULL;
    if (row->type == SCN_KEY_ENUM || row->type == SCN_KEY_STRING) {
        const char *s = NULL;
        if (!scn_get_string(d, v, &s, error))
            return FALSE;
        if (!hv_profile_set_name(&h->hv, row->key, g_intern_string(s), &inner))
            return refail(error, d, v, inner);
        add_override(&h->overrides, row->key, g_strdup(s));
        return TRUE;
    }
    double value;
    char *text = NULL;
    if (!read_unit_value(d, v, row, &value, &text, error))
        return FALSE;
    if (!hv_profile_set(&h->hv, row->key, value, &inner)) {
        g_free(text);
        return refail(error, d, v, inner);
    }
    add_override(&h->overrides, row->key, text);
    return TRUE;
}

/* Whole-profile checks: consistency, and Popek-Goldberg for the technique on its ISA. */
static gboolean check_hv(ScnHypervisor *h, ScnDoc *d, ScnNode *at, GError **error)
{
    GError *inner = NULL;
    if (!hv_profile_validate(&h->hv, &inner))
        return refail(error, d, at, inner);
    const HvIsa *isa = hv_isa_lookup(h->hv.isa);
    if (!isa)
        return scn_fail(error, d, at, SCN_ERROR_UNKNOWN,
                        "hypervisor '%s' names unknown ISA '%s' (expected x86-classic, x86-vt or "
                        "trap-and-emulate)", h->name, h->hv.isa);
    if (!hv_popek_goldberg_check(isa, h->hv.technique, &inner))
        return refail(error, d, at, inner);
    return TRUE;
}

static gboolean read_hypervisor(GPtrArray *list, ScnDoc *d, ScnNode *key, ScnNode *n,
                                GError **error)
{
    const char *name = scn_scalar(key);
    if (scn_hypervisor_find(list, name))
        return scn_fail(error, d, key, SCN_ERROR_CONFLICT,
                        "hypervisor profile '%s' is already defined (pick another name)", name);
    if (!scn_expect_map(d, n, "a hypervisor profile", error))
        return FALSE;
    ScnNode *base_node = scn_map_get(d, n, "base");
    const char *bname = NULL;
    if (!base_node)
        return scn_fail(error, d, n, SCN_ERROR_MISSING,
                        "hypervisor profile '%s' needs 'base' (a built-in such as kvm, or an "
                        "earlier profile)", name);
    if (!scn_get_string(d, base_node, &bname, error))
        return FALSE;
    ScnHypervisor *base = scn_hypervisor_find(list, bname);
    if (!base)
        return scn_fail(error, d, base_node, SCN_ERROR_UNKNOWN,
                        "unknown hypervisor '%s' (see `vdcsim list`)", bname);
    ScnHypervisor *h = g_new0(ScnHypervisor, 1);
    h->name = g_strdup(name);
    h->base = g_strdup(bname);
    h->hv = base->hv;
    h->hv.name = g_intern_string(name);
    g_ptr_array_add(list, h);
    for (size_t i = 0; i < scn_map_len(n); i++) {
        ScnNode *k = scn_map_key(d, n, i);
        if (g_strcmp0(scn_scalar(k), "base") == 0)
            continue;
        const ScnKey *row = profile_row(scn_hv_profile_keys, d, k, "a hypervisor profile", error);
        if (!row || !read_hv_key(h, row, d, scn_map_value(d, n, i), error))
            return FALSE;
    }
    return check_hv(h, d, n, error);
}

gboolean scn_read_hypervisors(GPtrArray *list, ScnDoc *d, ScnNode *map, GError **error)
{
    if (!scn_expect_map(d, map, "profiles.hypervisors", error))
        return FALSE;
    for (size_t i = 0; i < scn_map_len(map); i++)
        if (!read_hypervisor(list, d, scn_map_key(d, map, i), scn_map_value(d, map, i), error))
            return FALSE;
    return TRUE;
}

/* ---- workload profiles ------------------------------------------------------------ */

void scn_workload_virt_init(ScnWorkloadVirt *w, const HvWorkload *base)
{
    memset(w, 0, sizeof *w);
    w->hv = *base;
    mem_vm_memory_init_default(&w->mem);
}

void scn_workload_virt_copy(ScnWorkloadVirt *dst, const ScnWorkloadVirt *src)
{
    *dst = *src;
    dst->overrides = NULL;
}

void scn_workload_virt_clear(ScnWorkloadVirt *w)
{
    if (w->overrides)
        g_ptr_array_free(w->overrides, TRUE);
    w->overrides = NULL;
}

void scn_workload_virt_finish(ScnWorkloadVirt *w)
{
    w->mem.access.working_set_bytes = w->hv.working_set_bytes;
    w->mem.pt_updates_per_s = w->hv.pt_updates_per_s;
    w->mem.pt_burst_writes = w->hv.pt_burst_writes;
    w->mem.new_spaces_per_s = w->hv.proc_creates_per_s;
    w->mem.pages_per_new_space = w->hv.process_pages;
    w->mem.tlb_misses_per_s = w->derive_tlb ? -1.0 : w->hv.tlb_misses_per_s;
}

/* sim/memory's keys: each has a reader of its own (obj is the ScnWorkloadVirt). */
static gboolean read_access(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnWorkloadVirt *w = obj;
    int e;
    if (!scn_get_enum(d, v, mem_accesses_patterns, "access pattern", &e, error))
        return FALSE;
    w->mem.access.access = (MemAccessPattern)e;
    add_override(&w->overrides, "access", g_strdup(mem_accesses_patterns[e]));
    return TRUE;
}

static gboolean read_page_size(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnWorkloadVirt *w = obj;
    int e;
    if (!scn_get_enum(d, v, mem_page_sizes, "page size", &e, error))
        return FALSE;
    w->mem.guest_page = (MemPageSize)e;
    add_override(&w->overrides, "page_size", g_strdup(mem_page_sizes[e]));
    return TRUE;
}

static gboolean read_zipf_s(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnWorkloadVirt *w = obj;
    double x;
    if (!scn_get_quantity(d, v, SCN_UNIT_RATIO, 0.01, 10, &x, error))
        return FALSE;
    w->mem.access.zipf_s = x;
    add_override(&w->overrides, "zipf_s", scn_unit_format_exact(x, SCN_UNIT_RATIO));
    return TRUE;
}

static gboolean read_stride(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnWorkloadVirt *w = obj;
    uint64_t b;
    if (!scn_get_size_bytes(d, v, &b, error))
        return FALSE;
    w->mem.access.stride_bytes = (uint32_t)MAX(1, MIN(b, UINT32_MAX));
    add_override(&w->overrides, "stride", scn_unit_format_exact((double)b, SCN_UNIT_SIZE));
    return TRUE;
}

static gboolean read_mem_accesses(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnWorkloadVirt *w = obj;
    double x;
    if (!scn_get_quantity(d, v, SCN_UNIT_EVENT_RATE, 0, 1e13, &x, error))
        return FALSE;
    w->mem.access.accesses_per_s = x;
    w->derive_tlb = TRUE;
    add_override(&w->overrides, "mem_accesses", scn_unit_format_exact(x, SCN_UNIT_EVENT_RATE));
    return TRUE;
}

gboolean scn_read_workload_key(ScnWorkloadVirt *w, ScnDoc *d, ScnNode *key, ScnNode *v,
                               GError **error)
{
    const ScnKey *row = profile_row(scn_workload_profile_keys, d, key, "a workload profile", error);
    if (!row)
        return FALSE;
    if (row->read)
        return row->read(w, d, v, error);
    double value;
    char *text = NULL;
    GError *inner = NULL;
    if (!read_unit_value(d, v, row, &value, &text, error))
        return FALSE;
    if (!hv_workload_set(&w->hv, row->key, value, &inner)) {
        g_free(text);
        return refail(error, d, v, inner);
    }
    add_override(&w->overrides, row->key, text);
    return TRUE;
}

/* ---- hosts ------------------------------------------------------------------------ */

/* Read by read_tlb and read_walk below, on top of the paging mode's defaults (the `def`
 * texts document the usual ones); the entry counts are uint32_t read as INT (in range). */
const ScnKey scn_tlb_keys[] = {
    { .key = "entries", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 24,
      .offset = offsetof(ScnHostVirt, mmu.tlb.entries[MEM_PAGE_4K]),
      .def = "1536", .doc = "0 .. 16777216: 4 KiB-page entries" },
    { .key = "entries_2m", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 24,
      .offset = offsetof(ScnHostVirt, mmu.tlb.entries[MEM_PAGE_2M]),
      .def = "1536", .doc = "0 .. 16777216: 2 MiB-page entries" },
    { .key = "entries_1g", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 24,
      .offset = offsetof(ScnHostVirt, mmu.tlb.entries[MEM_PAGE_1G]),
      .def = "16", .doc = "0 .. 16777216: 1 GiB-page entries" },
    { .key = "tagged", .type = SCN_KEY_BOOL, .offset = offsetof(ScnHostVirt, mmu.tlb.tagged),
      .def_doc = "depends on the hypervisor (below)",
      .doc = "entries tagged by VPID/ASID survive a world switch" },
    { NULL },
};

/* levels are unsigned fields read as INT (4 or 5). */
const ScnKey scn_page_walk_keys[] = {
    { .key = "levels", .type = SCN_KEY_INT, .lo = 4, .hi = 5,
      .offset = offsetof(ScnHostVirt, mmu.walk.guest_levels),
      .def = "4", .doc = "4 or 5: guest page-table levels" },
    { .key = "nested_levels", .type = SCN_KEY_INT, .lo = 4, .hi = 5,
      .offset = offsetof(ScnHostVirt, mmu.walk.host_levels),
      .def = "4", .doc = "4 or 5: host (nested) page-table levels" },
    { .key = "pwc_hit", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnHostVirt, mmu.walk.pwc_hit_frac), .def = "95%",
      .doc = "page-walk-cache hit ratio for upper levels" },
    { .key = "ntlb_hit", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnHostVirt, mmu.walk.ntlb_hit_frac), .def = "80%",
      .doc = "nested-TLB hit ratio (guest-physical → host-physical)" },
    { NULL },
};

/* `tlb: { ... }` or `page_walk: { ... }` for resolved.yaml: every key of the table. */
void scn_write_host_virt_map(ScnWriter *w, const char *key, const ScnKey *keys,
                             const ScnHostVirt *hv)
{
    scn_yaml_scalar(w, key);
    scn_yaml_map_begin(w, TRUE);
    scn_schema_write_keys(w, keys, hv);
    scn_yaml_map_end(w);
}

static MemPagingMode default_paging(const HvProfile *p)
{
    static const MemPagingMode by_hint[HV_PAGING_COUNT] = {
        [HV_PAGING_NATIVE] = MEM_PAGING_NATIVE, [HV_PAGING_SHADOW] = MEM_PAGING_SHADOW,
        [HV_PAGING_DIRECT] = MEM_PAGING_DIRECT, [HV_PAGING_NESTED] = MEM_PAGING_NESTED,
    };
    return by_hint[p->paging];
}

static gboolean bare_metal(const HvProfile *p)
{
    return p->kind == HV_KIND_NATIVE || p->kind == HV_KIND_CONTAINER;
}

/* Tagged TLBs (VPID/ASID) came with hardware assist generation 2; without world switches
 * (native, containers) tagging does not matter. */
static gboolean default_tagged(const HvProfile *p)
{
    return bare_metal(p) || (p->technique == HV_TECH_HW && p->hw_gen >= 2);
}

/* The paging mode's MMU defaults, and the profile's TLB tagging. */
static void reset_mmu(ScnHostVirt *hv, MemPagingMode mode)
{
    mem_host_mmu_init_default(&hv->mmu, mode);
    hv->mmu.tlb.tagged = default_tagged(&hv->profile->hv);
}

void scn_host_virt_init(ScnHostVirt *hv, GPtrArray *hypervisors)
{
    hv->profile = scn_hypervisor_find(hypervisors, hv->hypervisor);
    g_assert(hv->profile);
    reset_mmu(hv, default_paging(&hv->profile->hv));
}

gboolean scn_host_virt_read_hypervisor(ScnHostVirt *hv, GPtrArray *hypervisors, ScnDoc *d,
                                       ScnNode *v, GError **error)
{
    const char *name = NULL;
    if (!scn_get_string(d, v, &name, error))
        return FALSE;
    ScnHypervisor *profile = scn_hypervisor_find(hypervisors, name);
    if (!profile) {
        g_autofree const char **names = g_new0(const char *, hypervisors->len + 1);
        for (guint i = 0; i < hypervisors->len; i++)
            names[i] = ((ScnHypervisor *)g_ptr_array_index(hypervisors, i))->name;
        const char *near = scn_did_you_mean(name, names);
        if (near)
            return scn_fail(error, d, v, SCN_ERROR_UNKNOWN,
                            "unknown hypervisor '%s' (did you mean '%s'?)", name, near);
        return scn_fail(error, d, v, SCN_ERROR_UNKNOWN,
                        "unknown hypervisor '%s' (see `vdcsim list`, or define it under "
                        "profiles.hypervisors)", name);
    }
    g_free(hv->hypervisor);
    hv->hypervisor = g_strdup(name);
    hv->profile = profile;
    reset_mmu(hv, default_paging(&profile->hv));
    return TRUE;
}

gboolean scn_host_virt_read_paging(ScnHostVirt *hv, ScnDoc *d, ScnNode *v, GError **error)
{
    const char *s = NULL;
    MemPagingMode mode;
    if (!scn_get_string(d, v, &s, error))
        return FALSE;
    if (!mem_paging_ops_lookup(s, &mode))
        return scn_fail(error, d, v, SCN_ERROR_UNKNOWN, "unknown paging mode '%s' (expected %s)",
                        s, mem_paging_mode_names());
    reset_mmu(hv, mode);
    return TRUE;
}

gboolean scn_host_virt_check(const ScnHostVirt *hv, ScnDoc *d, ScnNode *host, GError **error)
{
    const HvProfile *p = &hv->profile->hv;
    ScnNode *paging = scn_map_get(d, host, "paging");
    ScnNode *tlb = scn_map_get(d, host, "tlb"), *walk = scn_map_get(d, host, "page_walk");
    GError *inner = NULL;
    if (!mem_paging_check(hv->mmu.mode, p->technique == HV_TECH_HW ? p->hw_gen : 0,
                          p->technique == HV_TECH_PV, bare_metal(p), &inner))
        return refail(error, d, paging ? paging : scn_map_get(d, host, "hypervisor"), inner);
    if (!mem_host_mmu_check(&hv->mmu, &inner))
        return refail(error, d, tlb ? tlb : walk ? walk : host, inner);
    return TRUE;
}

void scn_host_virt_copy(ScnHostVirt *dst, const ScnHostVirt *src)
{
    *dst = *src;
    dst->hypervisor = g_strdup(src->hypervisor);
}

void scn_host_virt_clear(ScnHostVirt *hv)
{
    g_free(hv->hypervisor);
    hv->hypervisor = NULL;
}

/* ---- a VM's guest operating system (guest.h) ---------------------------------------- */

const ScnKey scn_guest_keys[] = {
    { .key = "kernel", .type = SCN_KEY_ENUM, .names = hv_guest_kernel_names, .def = "linux",
      .doc = "the guest's kernel; under a container it must be the host's (linux)" },
    { .key = "modified", .type = SCN_KEY_BOOL, .def_doc = "`true` for linux and bsd (mainline "
      "Linux carries Xen's paravirtual interface), `false` for windows",
      .doc = "a paravirtualized (OS-assisted) kernel; paravirtual hypervisors refuse "
             "`false`, and `true` needs an open-source kernel" },
    { .key = "version", .type = SCN_KEY_STRING, .type_doc = "version", .def = "4.19",
      .doc = "`major.minor[.patch]`; a paravirtual hypervisor runs only the versions its "
             "interface supports (`pv_guest_min` .. `pv_guest_max`)" },
    { NULL },
};

static gboolean read_guest_version(HvGuest *g, ScnDoc *d, ScnNode *v, GError **error)
{
    const char *text = NULL;
    if (!scn_get_string(d, v, &text, error))
        return FALSE;
    if (!hv_guest_version_parse(text, &g->version))
        return scn_fail(error, d, v, SCN_ERROR_TYPE, "guest version '%s' is not a kernel "
                        "version (expected major.minor or major.minor.patch, e.g. 5.10)", text);
    return TRUE;
}

gboolean scn_read_guest(HvGuest *g, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_guest_keys);
    ScnNode *k, *m, *v;
    int kernel = HV_GUEST_LINUX;
    hv_guest_init(g);
    if (!scn_expect_map(d, n, "guest", error) || !scn_check_keys(d, n, keys, "guest", error))
        return FALSE;
    if ((k = scn_map_get(d, n, "kernel")) &&
        !scn_get_enum(d, k, hv_guest_kernel_names, "guest kernel", &kernel, error))
        return FALSE;
    g->kernel = (HvGuestKernel)kernel;
    g->modified = hv_guest_source_open(g->kernel);
    if ((m = scn_map_get(d, n, "modified")) && !scn_get_bool(d, m, &g->modified, error))
        return FALSE;
    return !(v = scn_map_get(d, n, "version")) || read_guest_version(g, d, v, error);
}

void scn_write_guest(ScnWriter *w, const char *key, const HvGuest *g)
{
    char v[16];
    hv_guest_version_format(g->version, v, sizeof v);
    scn_yaml_scalar(w, key);
    scn_yaml_map_begin(w, TRUE);
    scn_yaml_kv(w, "kernel", hv_guest_kernel_names[g->kernel]);
    scn_yaml_kv(w, "modified", g->modified ? "true" : "false");
    scn_yaml_kv(w, "version", v);
    scn_yaml_map_end(w);
}
