/* sim/plan/verdict.c — whether one run meets the scenario's planning targets; see plan.h.
 * summary.json carries the verdict (headline `feasible`, top-level `feasible_reason`: its
 * reason), so sweeps and scripts judge runs by the same rule as `vdcsim plan`. */
#include "sim/plan/plan.h"

#include <math.h>
#include <string.h>

#include "sim/dc/rows.h"

static double headline_value(const GArray *h, const char *name)
{
    for (guint i = 0; i < h->len; i++)
        if (strcmp(g_array_index(h, SimHeadline, i).name, name) == 0)
            return g_array_index(h, SimHeadline, i).value;
    g_error("headline has no %s", name);          /* sim/dc/results.c always writes it */
}

gboolean sim_plan_verdict(const Scenario *s, const GArray *headline, char **reason)
{
    const ScnPlanning *p = &s->planning;
    double rejected = headline_value(headline, "vms_rejected");
    double over = headline_value(headline, "hosts_over_target");
    double unmet = headline_value(headline, "unmet_demand_frac");
    GString *why = g_string_new(NULL);
    if (rejected > 0)
        g_string_append_printf(why, "%.0f VMs rejected", rejected);
    if (over > 0 && p->stated)      /* the default target informs; a stated one decides */
        g_string_append_printf(why, "%s%.0f hosts above %g %% at p%g", why->len ? "; " : "",
                               over, 100 * p->target_util_frac, p->percentile);
    if (unmet > p->max_unmet_frac + 1e-12)
        g_string_append_printf(why, "%sunmet demand %.2f %% > %g %%", why->len ? "; " : "",
                               100 * unmet, 100 * p->max_unmet_frac);
    gboolean ok = why->len == 0;
    *reason = g_string_free(why, ok);
    return ok;
}
