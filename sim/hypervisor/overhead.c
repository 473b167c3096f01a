/* sim/hypervisor/overhead.c — pricing a workload's events under a technique.
 *
 * Each technique routes the same workload events to different mechanisms:
 *  - trap-and-emulate: every kernel entry and sensitive instruction traps (trap_cycles);
 *    page-table writes trap under shadow paging; each trap is a world switch.
 *  - binary translation (Adams & Agesen 2006): privileged and sensitive instructions and CR3
 *    writes are rewritten inline (cheap); syscalls, faults and interrupts enter the VMM and are
 *    reflected into the translated kernel (the expensive part); each return or indirect
 *    call/jump in translated kernel code looks its target up in the translation cache
 *    (bt_return), and the rest of it runs bt_kernel_slowdown_frac slower; traced page-table
 *    writes cost a callout + shadow sync.
 *    The VMM shares the guest's address space, so nothing flushes the TLB (Type 1).
 *  - paravirtualization (Barham et al. 2003): privileged ops and context switches become
 *    hypercalls; page-table updates are batched, costing (hypercall + B x per_update) / B
 *    each; Xen takes page faults and bounces them; interrupts are event upcalls.  Xen is
 *    mapped in every address space, so hypercalls do not flush; on x86-64 the guest kernel
 *    and user share ring 3 in separate address spaces, so each syscall is a flush.
 *  - hardware assist gen g: privileged ops exit (vm_exit(g) + handler); with shadow paging
 *    also CR3 writes, page faults and page-table writes; before gen 3 (posted interrupts)
 *    every interrupt exits.  Every exit is a world switch (flush unless tagged, sim/memory).
 *  - Type 2 adds host world switches per I/O op (host_switches_per_io for a network packet,
 *    host_switches_per_disk_io for a disk operation: a device model in the host world is
 *    reached once per emulated register access) and the host I/O stack per I/O op, plus
 *    host_exit_frac of the other exits; each host switch is a world switch.
 *  - containers: seccomp/cgroup accounting per syscall and per I/O op; nothing else.
 * The extra page-walk term (virt - native walk cycles per TLB miss) applies to all kinds;
 * sim/memory sets it to 0 where walks are native.
 */
#include "sim/hypervisor/overhead.h"

#include <string.h>

static const char *const hv_mech_names[HV_MECH_COUNT] = {
    "bt", "vm_exit", "hypercall", "trap", "pt_maint", "page_walk", "tlb_flush", "io",
    "host_path", "container", "runtime" };
static const char *const hv_mech_labels[HV_MECH_COUNT] = {
    "binary translation", "VM exits", "hypercalls", "traps (trap-and-emulate)",
    "page-table maintenance", "extra page-walk refs", "TLB flush on world switch",
    "I/O emulation", "Type 2 host-OS path", "container accounting",
    "managed runtime" };
static const char *const hv_io_names[HV_IO_KIND_COUNT] = { "emulated", "paravirtual", "passthrough" };

const char *hv_mech_name(HvMech m)  { g_assert((unsigned)m < HV_MECH_COUNT); return hv_mech_names[m]; }
const char *hv_mech_label(HvMech m) { g_assert((unsigned)m < HV_MECH_COUNT); return hv_mech_labels[m]; }
const char *hv_io_kind_name(HvIoKind k) { g_assert((unsigned)k < HV_IO_KIND_COUNT); return hv_io_names[k]; }

gboolean hv_io_kind_from_name(const char *name, HvIoKind *out)
{
    for (int i = 0; i < HV_IO_KIND_COUNT; i++)
        if (strcmp(hv_io_names[i], name) == 0) {
            *out = (HvIoKind)i;
            return TRUE;
        }
    return FALSE;
}

void hv_io_path_init(HvIoPath *io, HvIoKind kind)
{
    /* exits/op: emulated NICs and disks touch several device registers per operation
     * (Sugerman et al. USENIX 2001); a paravirtual ring notifies once per batch; passthrough
     * with an IOMMU and posted interrupts needs none.  Device and copy costs: assumptions. */
    static const HvIoPath defaults[HV_IO_KIND_COUNT] = {
        { HV_IO_EMULATED, 5.0, 5000, 0.5 },
        { HV_IO_PARAVIRTUAL, 0.2, 1500, 0.25 },
        { HV_IO_PASSTHROUGH, 0.0, 0, 0 },
    };
    g_assert((unsigned)kind < HV_IO_KIND_COUNT);
    *io = defaults[kind];
}

HvIoKind hv_profile_default_io(const HvProfile *p)
{
    if (p->technique == HV_TECH_PV || (p->technique == HV_TECH_HW && p->hw_gen >= 3 &&
                                       p->kind == HV_KIND_TYPE1))
        return HV_IO_PARAVIRTUAL;
    return HV_IO_EMULATED;
}

gboolean hv_io_path_check(const HvIoPath *io, const HvProfile *p, GError **error)
{
    gboolean vmm = p->kind == HV_KIND_TYPE1 || p->kind == HV_KIND_TYPE2;
    if (io->kind == HV_IO_PASSTHROUGH && vmm && !(p->technique == HV_TECH_HW && p->hw_gen >= 3)) {
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID,
                    "passthrough I/O needs an IOMMU, but '%s' is %s (expected hardware-assist "
                    "generation 3, or an emulated or paravirtual path)",
                    p->name, hv_technique_name(p->technique));
        return FALSE;
    }
    if (io->exits_per_op < 0 || io->device_cycles_per_op < 0 || io->copy_cycles_per_byte < 0) {
        g_set_error(error, HV_ERROR, HV_ERROR_INVALID, "I/O path costs must be >= 0");
        return FALSE;
    }
    return TRUE;
}

/* ---- accumulation --------------------------------------------------------------------- */

static void hv_add(HvOverhead *o, HvMech m, double events_per_s, double cycles_per_event)
{
    g_assert(events_per_s >= 0 && cycles_per_event >= 0);
    o->events_per_s[m] += events_per_s;
    o->cycles_per_native_s[m] += events_per_s * cycles_per_event;
}

static void hv_add_cycles(HvOverhead *o, HvMech m, double cycles_per_native_s)
{
    g_assert(cycles_per_native_s >= 0);
    o->cycles_per_native_s[m] += cycles_per_native_s;
}

/* An I/O operation beyond native: its guest->VMM transitions are priced by the mechanism
 * that carries them (VM exits, hypercalls, traps: one price per mechanism), the device
 * model and the copies by the I/O term. */
static void hv_price_io(const HvWorkload *w, const HvIoPath *io, HvMech transition_mech,
                        double transition_cycles, HvOverhead *o)
{
    double bytes_per_op = w->io_ops_per_s > 0 ? w->io_bytes_per_s / w->io_ops_per_s : 0;
    hv_add(o, transition_mech, w->io_ops_per_s * io->exits_per_op, transition_cycles);
    hv_add(o, HV_MECH_IO, w->io_ops_per_s,
           io->device_cycles_per_op + bytes_per_op * io->copy_cycles_per_byte);
}

static double hv_io_exits_per_s(const HvWorkload *w, const HvIoPath *io)
{
    return w->io_ops_per_s * io->exits_per_op;
}

static double hv_kernel_entries_per_s(const HvWorkload *w)
{
    return w->syscalls_per_s + w->page_faults_per_s + w->interrupts_per_s;
}

/* ---- techniques ----------------------------------------------------------------------- */

/* Faults under shadow paging, true and hidden: each enters the VMM (a reflection under BT, a
 * VM exit under hardware assist: `entry` cycles) and the software MMU works on it
 * (shadow_fault); "the software MMU interposes on both true and hidden page faults".  A true
 * fault's entry is priced with the other kernel entries; a hidden fault exists only because
 * of the shadow, so all of it is page-table maintenance. */
static void hv_price_shadow_faults(const HvWorkload *w, const HvInputs *in, double entry_cycles,
                                   HvOverhead *o)
{
    double hidden = in->mem.hidden_faults_per_s;
    hv_add(o, HV_MECH_PT, w->page_faults_per_s, in->mem.shadow_fault_cycles);
    hv_add(o, HV_MECH_PT, hidden, entry_cycles + in->mem.shadow_fault_cycles);
}

static void hv_price_trap_emulate(const HvWorkload *w, const HvProfile *p, const HvInputs *in,
                                  HvOverhead *o)
{
    double traps = hv_kernel_entries_per_s(w) + w->priv_instr_per_s + w->sensitive_unpriv_per_s +
                   w->ctx_switches_per_s;
    hv_add(o, HV_MECH_TRAP, traps, p->trap_cycles);
    hv_add(o, HV_MECH_PT, in->mem.pt_traps_per_s, p->trap_cycles + in->mem.shadow_sync_cycles);
    hv_price_shadow_faults(w, in, p->trap_cycles, o);
    hv_price_io(w, &in->io, HV_MECH_TRAP, p->trap_cycles, o);
    o->world_switches_per_s += traps + in->mem.pt_traps_per_s + in->mem.hidden_faults_per_s +
                               hv_io_exits_per_s(w, &in->io);
}

static double hv_bt_tc_misses_per_s(const HvWorkload *w, const HvProfile *p)
{
    double footprint = (double)w->kernel_code_bytes * p->bt_expansion;
    if (footprint <= (double)p->bt_tc_bytes || footprint <= 0)
        return 0;
    double miss_frac = 1.0 - (double)p->bt_tc_bytes / footprint;
    return miss_frac * hv_kernel_entries_per_s(w) * p->bt_units_per_entry;
}

/* An instruction BT emulates inline instead of executing it: the emulation costs bt_inline,
 * the instruction's own native cycles are saved.  A privileged `in` from a chipset port
 * (3,209 cycles natively) or a %cr8 write thus runs faster than native (Adams & Agesen's
 * nanobenchmarks): the one place an overhead may be negative. */
static void hv_bt_inline(HvOverhead *o, double events_per_s, double inline_cycles,
                         double native_cycles)
{
    o->events_per_s[HV_MECH_BT] += events_per_s;
    o->cycles_per_native_s[HV_MECH_BT] += events_per_s * (inline_cycles - native_cycles);
}

/* Translated kernel code: a return or indirect call/jump cannot keep its guest target, so
 * each looks the target up in the translation cache (bt_return: Adams & Agesen's call/ret,
 * 40 cycles a pair); the rest of the translated code runs bt_kernel_slowdown_frac slower.
 * Both are kept apart in HvOverhead so that explain shows what the run priced. */
static void hv_price_bt_kernel_code(const HvWorkload *w, const HvProfile *p, const HvInputs *in,
                                    HvOverhead *o)
{
    o->bt_returns_per_s = w->kernel_returns_per_s;
    o->bt_return_cycles_per_native_s = w->kernel_returns_per_s * p->bt_return_cycles;
    o->bt_code_cycles_per_native_s = w->kernel_time_frac * in->cpu_hz * p->bt_kernel_slowdown_frac;
    hv_add(o, HV_MECH_BT, w->kernel_returns_per_s, p->bt_return_cycles);
    hv_add_cycles(o, HV_MECH_BT, o->bt_code_cycles_per_native_s);
}

static void hv_price_bt(const HvWorkload *w, const HvProfile *p, const HvInputs *in, HvOverhead *o)
{
    hv_bt_inline(o, w->priv_instr_per_s, p->bt_inline_cycles, w->priv_instr_cycles);
    hv_bt_inline(o, w->sensitive_unpriv_per_s, p->bt_inline_cycles, w->sensitive_cycles);
    hv_add(o, HV_MECH_BT, w->ctx_switches_per_s, p->bt_inline_cycles);
    hv_add(o, HV_MECH_BT, hv_bt_tc_misses_per_s(w, p), p->bt_translate_cycles);
    hv_price_bt_kernel_code(w, p, in, o);
    hv_add(o, HV_MECH_TRAP, hv_kernel_entries_per_s(w), p->bt_reflect_cycles);
    hv_add(o, HV_MECH_PT, in->mem.pt_traps_per_s, p->bt_trace_cycles + in->mem.shadow_sync_cycles);
    if (p->paging == HV_PAGING_SHADOW)
        hv_price_shadow_faults(w, in, p->bt_reflect_cycles, o);
    hv_price_io(w, &in->io, HV_MECH_BT, p->bt_inline_cycles, o);
}

static void hv_price_pv(const HvWorkload *w, const HvProfile *p, const HvInputs *in, HvOverhead *o)
{
    double hc = hv_profile_hypercall_cycles(p);
    hv_add(o, HV_MECH_HYPERCALL, w->priv_instr_per_s + w->ctx_switches_per_s, hc);
    if (p->paging == HV_PAGING_SHADOW) {
        hv_add(o, HV_MECH_PT, in->mem.pt_traps_per_s, p->trap_cycles + in->mem.shadow_sync_cycles);
        hv_price_shadow_faults(w, in, p->trap_cycles, o);
    } else
        hv_add(o, HV_MECH_PT, w->pt_updates_per_s,
               hv_pv_pt_update_cost_cycles(hc, p->pv_pt_update_cycles, p->pv_pt_batch));
    hv_add(o, HV_MECH_TRAP, w->page_faults_per_s, p->pv_fault_cycles);
    hv_add(o, HV_MECH_TRAP, w->interrupts_per_s, p->pv_event_cycles);
    if (p->pv_syscall_cycles > 0)
        hv_add(o, HV_MECH_TRAP, w->syscalls_per_s, p->pv_syscall_cycles);
    hv_price_io(w, &in->io, HV_MECH_HYPERCALL, hc, o);
    if (p->pv_x86_64)
        o->world_switches_per_s += w->syscalls_per_s;
}

static void hv_price_hw(const HvWorkload *w, const HvProfile *p, const HvInputs *in, HvOverhead *o)
{
    double exit_cost = hv_profile_vm_exit_cycles(p) + hv_profile_exit_handler_cycles(p);
    gboolean shadow = p->paging == HV_PAGING_SHADOW;
    double exits = 0;
    if (shadow)
        exits += w->ctx_switches_per_s + w->page_faults_per_s;
    if (p->hw_gen < 3)
        exits += w->interrupts_per_s;
    hv_add(o, HV_MECH_VM_EXIT, exits, exit_cost);
    /* Generation 1 reports no decoded instruction on an exit: the VMM fetches, decodes and
     * emulates it from guest memory, as it does a traced page-table write (Adams & Agesen's
     * `in`: 12,617 cycles against 10,149 for a fault).  Later generations' exit information
     * (decode assists) leaves that to the handler. */
    double decode = p->hw_gen == 1 ? p->shadow_emulate_cycles : 0;
    hv_add(o, HV_MECH_VM_EXIT, w->priv_instr_per_s, exit_cost + decode);
    hv_add(o, HV_MECH_PT, in->mem.pt_traps_per_s,
           exit_cost + p->shadow_emulate_cycles + in->mem.shadow_sync_cycles);
    if (shadow)
        hv_price_shadow_faults(w, in, exit_cost, o);
    hv_price_io(w, &in->io, HV_MECH_VM_EXIT, exit_cost, o);
    o->world_switches_per_s += exits + w->priv_instr_per_s + in->mem.pt_traps_per_s +
                               in->mem.hidden_faults_per_s + hv_io_exits_per_s(w, &in->io);
}

/* The isolation mechanisms act: the per-syscall cost is the seccomp filter's and the
 * namespace lookups' (none with neither), the per-I/O cost the network namespace's
 * veth/bridge and cgroup accounting (none without namespaces: the host's network stack,
 * shared). */
static void hv_price_container(const HvWorkload *w, const HvProfile *p, HvOverhead *o)
{
    if (p->isolation & (HV_ISO_SECCOMP | HV_ISO_NAMESPACES))
        hv_add(o, HV_MECH_CONTAINER, w->syscalls_per_s, p->ctr_syscall_cycles);
    if (p->isolation & HV_ISO_NAMESPACES)
        hv_add(o, HV_MECH_CONTAINER, w->io_ops_per_s, p->ctr_io_cycles);
}

static void hv_price_host_path(const HvWorkload *w, const HvProfile *p, HvOverhead *o)
{
    double other = o->events_per_s[HV_MECH_VM_EXIT] + o->events_per_s[HV_MECH_TRAP] +
                   o->events_per_s[HV_MECH_PT];
    double disk_ops = w->io_ops_per_s * w->disk_io_frac;
    double switches = (w->io_ops_per_s - disk_ops) * p->host_switches_per_io +
                      disk_ops * p->host_switches_per_disk_io + other * p->host_exit_frac;
    hv_add(o, HV_MECH_HOST, switches, p->host_switch_cycles);
    hv_add_cycles(o, HV_MECH_HOST, w->io_ops_per_s * p->host_io_cycles);
    o->world_switches_per_s += switches;
}

static void hv_price_common(const HvProfile *p, const HvInputs *in, HvOverhead *o)
{
    /* Co-runners and splintering raise the miss count itself, so the extra is the
     * virtualized walk bill minus the native one, not misses x (virt - native).  A profile
     * calibrated on real hosts (walk_extra) states the extra per miss under nested paging. */
    double extra = mem_paging_cost_walk_extra_cycles_per_s(&in->mem);
    if (p->walk_extra_cycles > 0 && p->paging == HV_PAGING_NESTED)
        extra = in->mem.tlb_misses_per_s * p->walk_extra_cycles;
    if (extra > 0 && in->mem.tlb_misses_per_s > 0)
        hv_add(o, HV_MECH_PAGE_WALK, in->mem.tlb_misses_per_s, extra / in->mem.tlb_misses_per_s);
    hv_add(o, HV_MECH_TLB_FLUSH, o->world_switches_per_s,
           mem_paging_cost_flush_cycles_per_switch(&in->mem, o->world_switches_per_s));
}

/* The memory model's rates are per native second at the reference clock, as the workload's. */
static void hv_mem_at_clock(MemPagingCost *m, double cpu_hz)
{
    double s = cpu_hz / HV_WORKLOAD_REF_HZ;
    m->tlb_misses_per_s *= s;
    m->native_tlb_misses_per_s *= s;
    m->pt_traps_per_s *= s;
    m->pt_hypercalls_per_s *= s;
    m->hidden_faults_per_s *= s;
    m->touch_pages_per_s *= s;
}

void hv_overhead_compute(const HvWorkload *wl, const HvProfile *p, const HvInputs *given,
                         HvOverhead *out)
{
    g_return_if_fail(wl && p && given && out);
    g_return_if_fail(given->cpu_hz > 0);
    HvWorkload clocked = *wl;
    HvInputs at_clock = *given;
    const HvWorkload *w = &clocked;
    const HvInputs *in = &at_clock;
    hv_workload_at_clock(&clocked, given->cpu_hz, !given->io_wall_clock);
    hv_mem_at_clock(&at_clock.mem, given->cpu_hz);
    memset(out, 0, sizeof *out);
    switch (p->technique) {
    case HV_TECH_TRAP_EMULATE: hv_price_trap_emulate(w, p, in, out); break;
    case HV_TECH_BT:           hv_price_bt(w, p, in, out); break;
    case HV_TECH_PV:           hv_price_pv(w, p, in, out); break;
    case HV_TECH_HW:           hv_price_hw(w, p, in, out); break;
    case HV_TECH_NONE:
        if (p->kind == HV_KIND_CONTAINER)
            hv_price_container(w, p, out);
        break;
    default: g_assert_not_reached();
    }
    if (p->kind == HV_KIND_TYPE2)
        hv_price_host_path(w, p, out);
    if (p->kind != HV_KIND_NATIVE)
        hv_price_common(p, in, out);
    for (int m = 0; m < HV_MECH_COUNT; m++)
        out->total_cycles_per_native_s += out->cycles_per_native_s[m];
    /* Only inline emulation saves cycles, and no more than the native instructions take;
     * a workload claiming more than a native second of them is held at 90 % of it. */
    out->total_cycles_per_native_s = MAX(out->total_cycles_per_native_s, -0.9 * in->cpu_hz);
    out->speed_frac = in->cpu_hz / (in->cpu_hz + out->total_cycles_per_native_s);
}

double hv_overhead_slowdown(const HvOverhead *o)
{
    g_return_val_if_fail(o->speed_frac > 0, 0);
    return 1.0 / o->speed_frac;
}
