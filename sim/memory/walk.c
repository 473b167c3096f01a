/* sim/memory/walk.c — 1D and 2D page-walk references and their cost; see walk.h. */
#include "sim/memory/walk.h"

#include <math.h>

void mem_walk_config_init_default(MemWalkConfig *w)
{
    static const double latency[MEM_CACHE_N] = { 4.0, 12.0, 44.0, 200.0 };
    static const double hit[MEM_CACHE_N] = { 0.25, 0.35, 0.30, 0.10 };
    w->guest_levels = 4;
    w->host_levels = 4;
    w->pwc_hit_frac = 0.95;
    w->ntlb_hit_frac = 0.80;
    for (int i = 0; i < MEM_CACHE_N; i++) {
        w->latency_cycles[i] = latency[i];
        w->pte_hit_frac[i] = hit[i];
    }
}

static gboolean mem_check_frac(double v, const char *what, GError **error)
{
    if (v >= 0.0 && v <= 1.0)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_INVALID,
                "%s '%g' is out of range (expected a fraction between 0 and 1)", what, v);
    return FALSE;
}

static gboolean mem_check_levels(unsigned levels, const char *what, GError **error)
{
    if (levels == 4 || levels == 5)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_INVALID,
                "%s '%u' is not supported (expected 4 or 5)", what, levels);
    return FALSE;
}

static gboolean mem_check_caches(const MemWalkConfig *w, GError **error)
{
    static const char *const names[MEM_CACHE_N] = { "l1", "l2", "llc", "dram" };
    double sum = 0.0;
    for (int i = 0; i < MEM_CACHE_N; i++) {
        if (!mem_check_frac(w->pte_hit_frac[i], names[i], error))
            return FALSE;
        if (!(w->latency_cycles[i] >= 0.0)) {
            g_set_error(error, MEM_ERROR, MEM_ERROR_INVALID,
                        "%s latency '%g' is negative (expected cycles >= 0)", names[i],
                        w->latency_cycles[i]);
            return FALSE;
        }
        sum += w->pte_hit_frac[i];
    }
    if (fabs(sum - 1.0) <= 1e-6)
        return TRUE;
    g_set_error(error, MEM_ERROR, MEM_ERROR_INVALID,
                "page-table hit fractions sum to '%g' (expected l1 + l2 + llc + dram = 1)", sum);
    return FALSE;
}

gboolean mem_walk_config_check(const MemWalkConfig *w, GError **error)
{
    return mem_check_levels(w->guest_levels, "page-walk levels", error) &&
           mem_check_levels(w->host_levels, "nested page-walk levels", error) &&
           mem_check_frac(w->pwc_hit_frac, "page-walk cache hit rate", error) &&
           mem_check_frac(w->ntlb_hit_frac, "nested TLB hit rate", error) &&
           mem_check_caches(w, error);
}

double mem_walk_refs_1d(unsigned levels, MemPageSize page, double pwc_hit_frac)
{
    unsigned saved = mem_page_levels_saved(page);
    g_assert(levels > saved);
    g_assert(pwc_hit_frac >= 0.0 && pwc_hit_frac <= 1.0);
    double walked = (double)(levels - saved);
    return 1.0 + (walked - 1.0) * (1.0 - pwc_hit_frac);
}

double mem_walk_refs_2d(unsigned guest_levels, MemPageSize guest_page,
                        unsigned host_levels, MemPageSize host_page,
                        double pwc_hit_frac, double ntlb_hit_frac)
{
    g_assert(ntlb_hit_frac >= 0.0 && ntlb_hit_frac <= 1.0);
    double guest = mem_walk_refs_1d(guest_levels, guest_page, pwc_hit_frac);
    double host = (1.0 - ntlb_hit_frac) * mem_walk_refs_1d(host_levels, host_page, pwc_hit_frac);
    return guest * (1.0 + host) + host;
}

double mem_walk_ref_cycles(const MemWalkConfig *w)
{
    double cycles = 0.0;
    for (int i = 0; i < MEM_CACHE_N; i++)
        cycles += w->pte_hit_frac[i] * w->latency_cycles[i];
    return cycles;
}

/* "host L4..L1" of the gPA of what, then the guest entry itself. */
static unsigned walk_host_steps(GString *out, unsigned n, unsigned host_top,
                                unsigned host_levels, const char *what)
{
    for (unsigned h = host_top; h > host_top - host_levels; h--)
        g_string_append_printf(out, "  %2u. host L%u entry   (translating the guest-physical "
                               "address of %s)\n", ++n, h, what);
    return n;
}

void mem_walk_explain_steps(GString *out, unsigned guest_top, unsigned guest_levels,
                            unsigned host_top, unsigned host_levels)
{
    unsigned n = 0;
    if (host_levels == 0) {
        for (unsigned g = guest_top; g > guest_top - guest_levels; g--)
            g_string_append_printf(out, "  %2u. L%u entry         (one dimension: the tables "
                                   "the hardware walks hold host-physical addresses)\n", ++n, g);
        g_string_append_printf(out, "  = %u references\n", n);
        return;
    }
    for (unsigned g = guest_top; g > guest_top - guest_levels; g--) {
        g_autofree char *what = g_strdup_printf("the guest L%u table", g);
        n = walk_host_steps(out, n, host_top, host_levels, what);
        g_string_append_printf(out, "  %2u. guest L%u entry  (now readable: it gives the next "
                               "guest-physical address)\n", ++n, g);
    }
    n = walk_host_steps(out, n, host_top, host_levels, "the data page");
    g_string_append_printf(out, "  = %u references: (%u+1) x (%u+1) - 1\n", n, guest_levels,
                           host_levels);
}
