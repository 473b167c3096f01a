/* sim/hypervisor/nested.c — exit multiplication, nested paging and nested I/O; see nested.h. */
#include "sim/hypervisor/nested.h"

#include <math.h>

const char *const hv_nested_paging_names[] = { "multidimensional", "shadow_on_ept", NULL };
const char *const hv_nested_io_names[] = { "emulated", "virtio", "direct", NULL };

/* k = 5 L1 exits per reflected L2 exit (assumption, calibrated: with it the built-in
 * compute-intensive and web workloads run 6-8 % slower at L2 than at L1 on gen-3 hardware,
 * the range Turtles reports for common workloads, OSDI 2010 abstract and section 4). */
#define HV_NESTED_L1_EXITS_DEFAULT 5.0

void hv_nested_init(HvNested *n)
{
    *n = (HvNested){ .level = 1, .paging = HV_NESTED_MULTIDIM, .io = HV_NESTED_IO_VIRTIO,
                     .l1_exits_per_exit = HV_NESTED_L1_EXITS_DEFAULT };
}

static double single_exit_cycles(const HvProfile *p)
{
    return hv_profile_vm_exit_cycles(p) + hv_profile_exit_handler_cycles(p);
}

static double l1_handler(const HvNested *n, const HvProfile *p)
{
    return n->l1_handler_cycles > 0 ? n->l1_handler_cycles : hv_profile_exit_handler_cycles(p);
}

void hv_nested_exit_cost(const HvNested *n, const HvProfile *p, HvNestedExit *out)
{
    double e1 = single_exit_cycles(p), h1 = l1_handler(n, p), k = n->l1_exits_per_exit;
    double m = e1 > 0 ? 1 + k + h1 / e1 : 1;
    *out = (HvNestedExit){ .l0_cycles = e1, .total_cycles = e1, .multiplier = 1 };
    for (int l = 2; l <= n->level; l++)         /* each level wraps the one below */
        out->multiplier *= m;
    out->total_cycles = e1 * out->multiplier;
    /* beyond the exit into L0, the guest hypervisors' share splits as h1 : k e1 (exact at
     * L2; at deeper levels the same split of the compounded rest) */
    double rest = out->total_cycles - e1, per = h1 + k * e1;
    out->l1_handler_cycles = per > 0 ? rest * h1 / per : 0;
    out->l1_exit_cycles = rest - out->l1_handler_cycles;
    out->l1_exits = e1 > 0 ? out->l1_exit_cycles / e1 : 0;
}

static void scale_mech(HvOverhead *o, HvMech m, double factor)
{
    o->cycles_per_native_s[m] *= factor;
}

static void add_mech(HvOverhead *o, HvMech m, double events, double cycles_per_event)
{
    o->events_per_s[m] += events;
    o->cycles_per_native_s[m] += events * cycles_per_event;
}

/* The guest's rates at the host clock, as hv_overhead_compute() used them. */
static double clock_scale(const HvInputs *in)
{
    return in->cpu_hz / HV_WORKLOAD_REF_HZ;
}

static void nested_io(const HvNested *n, const HvWorkload *w, const HvInputs *in,
                      double exit_l, HvOverhead *o)
{
    double ops = w->io_ops_per_s * (in->io_wall_clock ? 1 : clock_scale(in));
    if (n->io == HV_NESTED_IO_DIRECT) {     /* assigned through both levels: no exits per op */
        double exits = ops * in->io.exits_per_op;
        o->events_per_s[HV_MECH_VM_EXIT] = MAX(0.0, o->events_per_s[HV_MECH_VM_EXIT] - exits);
        o->cycles_per_native_s[HV_MECH_VM_EXIT] =
            MAX(0.0, o->cycles_per_native_s[HV_MECH_VM_EXIT] - exits * exit_l);
        return;
    }
    double extra_exits = n->io == HV_NESTED_IO_EMULATED ? 2.0 : 1.0;   /* L1's device model */
    add_mech(o, HV_MECH_VM_EXIT, ops * extra_exits, exit_l);
    scale_mech(o, HV_MECH_IO, 2.0);         /* the L1 backend and the L0 backend */
}

static void nested_paging(const HvNested *n, const HvWorkload *w, const HvInputs *in,
                          double exit_l, HvOverhead *o)
{
    double s = clock_scale(in);
    if (n->paging == HV_NESTED_SHADOW_ON_EPT)   /* L1 shadows L2: every PTE write exits */
        add_mech(o, HV_MECH_PT, w->pt_updates_per_s * s, exit_l + in->mem.shadow_sync_cycles);
    else                                        /* EPT02 fold on first touch of a page */
        add_mech(o, HV_MECH_PT, w->page_faults_per_s * s, exit_l);
}

void hv_nested_apply(const HvNested *n, const HvProfile *p, const HvWorkload *w,
                     const HvInputs *in, HvOverhead *o)
{
    g_return_if_fail(n && p && w && in && o && n->level >= 1);
    if (n->level == 1)
        return;
    HvNestedExit x;
    hv_nested_exit_cost(n, p, &x);
    static const HvMech exiting[] = { HV_MECH_VM_EXIT, HV_MECH_HYPERCALL, HV_MECH_TRAP,
                                      HV_MECH_PT };
    for (size_t i = 0; i < G_N_ELEMENTS(exiting); i++)
        scale_mech(o, exiting[i], x.multiplier);
    /* every reflected exit also switches L1's world: the untagged-TLB term follows it */
    scale_mech(o, HV_MECH_TLB_FLUSH, x.multiplier);
    nested_io(n, w, in, x.total_cycles, o);
    nested_paging(n, w, in, x.total_cycles, o);
    o->total_cycles_per_native_s = 0;
    for (int m = 0; m < HV_MECH_COUNT; m++)
        o->total_cycles_per_native_s += o->cycles_per_native_s[m];
    o->speed_frac = in->cpu_hz / (in->cpu_hz + o->total_cycles_per_native_s);
}

void hv_nested_explain(GString *out, const HvNested *n, const HvProfile *p,
                       const HvOverhead *single, const HvOverhead *nested, double cpu_hz)
{
    if (n->level < 2)
        return;
    HvNestedExit x;
    hv_nested_exit_cost(n, p, &x);
    g_string_append_printf(out, "  nested virtualization: L%d guest (L0 %s on the hardware, %d "
                           "guest hypervisor level%s), %s paging, %s I/O\n", n->level,
                           p->name ? p->name : "-", n->level - 1, n->level > 2 ? "s" : "",
                           hv_nested_paging_names[n->paging], hv_nested_io_names[n->io]);
    g_string_append_printf(out, "  one L%d exit costs %.0f cycles = %.2fx a single-level exit "
                           "(exit multiplication):\n", n->level, x.total_cycles, x.multiplier);
    g_string_append_printf(out, "    %-44s %10.0f cycles %6.1f %%\n", "L0: exit, entry, "
                           "handling and reflection", x.l0_cycles, 100 * x.l0_cycles / x.total_cycles);
    g_string_append_printf(out, "    %-44s %10.0f cycles %6.1f %%\n", "L1: its handler's own "
                           "work", x.l1_handler_cycles, 100 * x.l1_handler_cycles / x.total_cycles);
    g_autofree char *lbl = g_strdup_printf("L1: %.1f exits to L0 (VMREAD/VMWRITE/VMRESUME)",
                                           x.l1_exits);
    g_string_append_printf(out, "    %-44s %10.0f cycles %6.1f %%\n", lbl, x.l1_exit_cycles,
                           100 * x.l1_exit_cycles / x.total_cycles);
    g_string_append_printf(out, "  speed at L1 %.4f, at L%d %.4f of native: L%d runs %.1f %% "
                           "slower than the same guest at L1 (overhead %.3f %% -> %.3f %% of "
                           "native)\n", single->speed_frac, n->level, nested->speed_frac,
                           n->level, 100 * (single->speed_frac / nested->speed_frac - 1),
                           100 * single->total_cycles_per_native_s / cpu_hz,
                           100 * nested->total_cycles_per_native_s / cpu_hz);
}
