/* sim/hypervisor/explain.c — formats hv_overhead_compute()'s breakdown as an aligned table
 * with the technique's rings and Popek-Goldberg verdict, and names the dominant mechanism,
 * so a student sees why full virtualization suits compute-bound work (few events, each
 * cheap) and hurts data-intensive work (I/O => exits => world switches => flushes).
 */
#include "sim/hypervisor/explain.h"

#include "sim/hypervisor/isa.h"

static void hv_explain_header(GString *out, const char *vm_name, const HvWorkload *w,
                              const HvProfile *p, const HvInputs *in)
{
    g_string_append_printf(out, "VM %s: workload %s on %s (%s, %s", vm_name ? vm_name : "-",
                           w->name ? w->name : "-", p->name ? p->name : "-",
                           hv_kind_name(p->kind), hv_technique_name(p->technique));
    if (p->technique == HV_TECH_HW)
        g_string_append_printf(out, " gen %d", p->hw_gen);
    const char *io = p->kind == HV_KIND_CONTAINER ? "no I/O virtualization: the host kernel's "
                                                    "own I/O"
                   : p->kind == HV_KIND_NATIVE ? "native I/O" : NULL;
    g_string_append_printf(out, ", %s paging, %s%s), host core %.2f GHz\n",
                           hv_paging_name(p->paging), io ? io : hv_io_kind_name(in->io.kind),
                           io ? "" : " I/O", in->cpu_hz / 1e9);
}

static void hv_explain_rings(GString *out, const HvProfile *p)
{
    HvRings r = hv_profile_rings(p);
    g_string_append_printf(out, "  rings: guest kernel %d, applications %d%s: %s\n",
                           r.kernel_ring, r.user_ring, r.guest_mode ? " (non-root mode)" : "",
                           r.note);
    g_autoptr(GString) iso = g_string_new(NULL);
    hv_isolation_format(p->isolation, iso);
    g_string_append_printf(out, "  isolation: %s\n", iso->str);
}

static void hv_explain_pg(GString *out, const HvProfile *p)
{
    const HvIsa *isa = p->isa ? hv_isa_lookup(p->isa) : NULL;
    g_autoptr(GError) err = NULL;
    if (!isa) {
        g_string_append_printf(out, "  Popek-Goldberg: unknown isa '%s'\n", p->isa ? p->isa : "");
        return;
    }
    if (hv_popek_goldberg_check(isa, p->technique, &err))
        g_string_append_printf(out, "  Popek-Goldberg: %s with %s: virtualizable\n", isa->name,
                               hv_technique_name(p->technique));
    else
        g_string_append_printf(out, "  Popek-Goldberg: NOT virtualizable: %s\n", err->message);
}

static void hv_explain_table(GString *out, const HvInputs *in, const HvOverhead *o)
{
    g_string_append_printf(out, "  %-28s %14s %13s %12s\n", "mechanism", "events/s",
                           "cycles/event", "% of native");
    for (int m = 0; m < HV_MECH_COUNT; m++) {
        double ev = o->events_per_s[m], cyc = o->cycles_per_native_s[m];
        g_string_append_printf(out, "  %-28s %14.0f ", hv_mech_label((HvMech)m), ev);
        if (ev > 0)
            g_string_append_printf(out, "%13.0f", cyc / ev);
        else
            g_string_append_printf(out, "%13s", cyc > 0 ? "(time)" : "-");
        g_string_append_printf(out, " %12.3f\n", 100.0 * cyc / in->cpu_hz);
    }
    g_string_append_printf(out, "  %-28s %14s %13s %12.3f\n", "total", "", "",
                           100.0 * o->total_cycles_per_native_s / in->cpu_hz);
}

static void hv_explain_summary(GString *out, const HvInputs *in, const HvOverhead *o)
{
    int top = 0;
    for (int m = 1; m < HV_MECH_COUNT; m++)
        if (o->cycles_per_native_s[m] > o->cycles_per_native_s[top])
            top = m;
    g_string_append_printf(out, "  per native second: native 1.000000 s, virtualized %.6f s; "
                           "speed %.4f of native\n", hv_overhead_slowdown(o), o->speed_frac);
    g_string_append_printf(out, "  world switches %.0f/s\n", o->world_switches_per_s);
    if (o->bt_return_cycles_per_native_s > 0 || o->bt_code_cycles_per_native_s > 0)
        g_string_append_printf(out, "  translated kernel code: %.0f returns/indirect branches/s "
                               "x %.0f cycles (translation-cache lookup) = %.3f %%, the rest "
                               "of its time %.3f %% (part of binary translation)\n",
                               o->bt_returns_per_s,
                               o->bt_returns_per_s > 0 ?
                                   o->bt_return_cycles_per_native_s / o->bt_returns_per_s : 0,
                               100.0 * o->bt_return_cycles_per_native_s / in->cpu_hz,
                               100.0 * o->bt_code_cycles_per_native_s / in->cpu_hz);
    if (o->cycles_per_native_s[top] > 0)
        g_string_append_printf(out, "  largest term: %s (%.3f %% of native)\n",
                               hv_mech_label((HvMech)top),
                               100.0 * o->cycles_per_native_s[top] / in->cpu_hz);
    else
        g_string_append(out, "  no overhead: the guest runs at native speed\n");
}

void hv_explain_format(GString *out, const char *vm_name, const HvWorkload *w,
                       const HvProfile *p, const HvInputs *in, const HvOverhead *o)
{
    g_return_if_fail(out && w && p && in && o);
    hv_explain_header(out, vm_name, w, p, in);
    hv_explain_rings(out, p);
    hv_explain_pg(out, p);
    hv_explain_table(out, in, o);
    hv_explain_summary(out, in, o);
}
