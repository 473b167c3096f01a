/* sim/plan/search.c — the search of `vdcsim plan`; see plan.h.  report.c writes what it
 * found: plan.csv, the charts and report.html. */
#include "sim/plan/plan.h"
#include "sim/plan/search.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/progress.h"
#include "sim/dc/datacenter.h"

/* ---- one count ------------------------------------------------------------------------ */

static double headline_get(const GArray *h, const char *name)
{
    for (guint i = 0; i < h->len; i++)
        if (strcmp(g_array_index(h, SimHeadline, i).name, name) == 0)
            return g_array_index(h, SimHeadline, i).value;
    return NAN;
}

/* The scenario with the alternative's edits and the group's count set to hosts. */
static Scenario *load_at(const PlanCtx *c, const PlanAlt *a, int hosts, GError **error)
{
    g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func(g_free);
    for (const char *const *s = c->opt->sets; s && *s; s++)
        g_ptr_array_add(sets, g_strdup(*s));
    for (guint i = 0; i < a->sets->len; i++)
        g_ptr_array_add(sets, g_strdup(g_ptr_array_index(a->sets, i)));
    g_ptr_array_add(sets, g_strdup_printf("hosts.%s.count=%d", c->group, hosts));
    g_ptr_array_add(sets, NULL);
    return scn_load_file(c->path, (const char *const *)sets->pdata, error);
}

/* Runs one replication in memory and folds its headline into pt. */
static gboolean run_rep(const PlanCtx *c, const PlanAlt *a, PlanPoint *pt, guint rep,
                        GError **error)
{
    Scenario *s = load_at(c, a, pt->hosts, error);
    if (!s)
        return FALSE;
    s->seed += rep;
    SimDc *m = sim_dc_new(s);
    sim_dc_run(m);
    g_autoptr(GArray) h = sim_dc_headline(m);
    g_autofree char *reason = NULL;
    gboolean ok = sim_plan_verdict(s, h, &reason);
    double day = 86400 / MAX(headline_get(h, "sim_time_s"), 1e-9);
    pt->feasible_reps += ok;
    pt->rejected = MAX(pt->rejected, headline_get(h, "vms_rejected"));
    pt->pctl_max = MAX(pt->pctl_max, headline_get(h, "host_util_pctl_max_frac"));
    pt->over = MAX(pt->over, headline_get(h, "hosts_over_target"));
    pt->unmet = MAX(pt->unmet, headline_get(h, "unmet_demand_frac"));
    pt->idle = MAX(pt->idle, headline_get(h, "hosts_idle_powered"));
    pt->energy_kwh_day += headline_get(h, "energy_kwh") * day / c->reps;
    if (!ok && !pt->reason)
        pt->reason = g_steal_pointer(&reason);
    sim_dc_free(m);
    scn_scenario_free(s);
    return TRUE;
}

/* The point for hosts, evaluated on first use; NULL with *error if the scenario fails. */
static PlanPoint *evaluate(PlanCtx *c, PlanAlt *a, int hosts, GError **error)
{
    for (guint i = 0; i < a->points->len; i++)
        if (((PlanPoint *)g_ptr_array_index(a->points, i))->hosts == hosts)
            return g_ptr_array_index(a->points, i);
    PlanPoint *pt = g_new0(PlanPoint, 1);
    pt->hosts = hosts;
    pt->reps = c->reps;
    g_ptr_array_add(a->points, pt);
    for (guint r = 0; r < c->reps; r++) {
        if (sim_progress_active()) {
            g_autofree char *detail = g_strdup_printf("%s%s%d hosts, replication %u/%u",
                                                      a->label, *a->label ? ": " : "", hosts,
                                                      r + 1, c->reps);
            sim_progress_step(c->runs_done, MAX(c->runs_expected, c->runs_done + 1), detail);
        }
        if (!run_rep(c, a, pt, r, error))
            return NULL;
        c->runs_done++;
    }
    a->runs += c->reps;
    pt->feasible = pt->feasible_reps == pt->reps;
    if (!c->opt->quiet)
        sim_progress_print(stderr, "plan: %s%s%d hosts: %s (%u of %u replications feasible)",
                           a->label, *a->label ? ": " : "", hosts,
                           pt->feasible ? "feasible" : pt->reason, pt->feasible_reps, pt->reps);
    return pt;
}

/* ---- the search ------------------------------------------------------------------------ */

static gboolean budget_left(const PlanCtx *c, const PlanAlt *a)
{
    return a->runs + c->reps <= (guint)c->planning->max_runs;
}

/* The smallest evaluated count above which every evaluated count is feasible (-1: none),
 * and whether some feasible count lies below an infeasible one. */
static void settle_answer(PlanAlt *a)
{
    int answer = -1, lowest_bad_above = G_MAXINT;
    g_ptr_array_sort(a->points, plan_point_cmp);
    for (guint i = a->points->len; i-- > 0;) {
        const PlanPoint *pt = g_ptr_array_index(a->points, i);
        if (!pt->feasible) {
            lowest_bad_above = pt->hosts;
            break;
        }
        answer = pt->hosts;
    }
    a->answer = answer;
    for (guint i = 0; i < a->points->len; i++) {
        const PlanPoint *pt = g_ptr_array_index(a->points, i);
        if (pt->feasible && pt->hosts < lowest_bad_above)
            a->non_monotone = TRUE;
    }
}

/* Bisection between an infeasible lo and a feasible hi, then the neighbour above. */
static gboolean search(PlanCtx *c, PlanAlt *a, GError **error)
{
    int lo = c->min_hosts, hi = c->max_hosts;
    PlanPoint *top = evaluate(c, a, hi, error);
    if (!top)
        return FALSE;
    if (!top->feasible) {
        settle_answer(a);
        return TRUE;
    }
    PlanPoint *bottom = evaluate(c, a, lo, error);
    if (!bottom)
        return FALSE;
    while (!bottom->feasible && hi - lo > 1 && budget_left(c, a)) {
        int mid = lo + (hi - lo) / 2;
        PlanPoint *pt = evaluate(c, a, mid, error);
        if (!pt)
            return FALSE;
        if (pt->feasible)
            hi = mid;
        else
            lo = mid;
    }
    a->bracket_lo = lo;
    a->bracket_hi = hi;
    a->hit_limit = !bottom->feasible && hi - lo > 1;
    if (!a->hit_limit && hi < c->max_hosts && budget_left(c, a) &&
        !evaluate(c, a, bottom->feasible ? lo + 1 : hi + 1, error))
        return FALSE;
    settle_answer(a);
    return TRUE;
}

/* ---- setting up ------------------------------------------------------------------------ */

/* The alternatives: the cross product of every --compare PATH=V1,V2 (one with no edits
 * when there is none). */
static gboolean build_alternatives(PlanCtx *c, GError **error)
{
    PlanAlt *none = g_new0(PlanAlt, 1);
    none->label = g_strdup("");
    none->sets = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(c->alts, none);
    for (const char *const *cmp = c->opt->compare; cmp && *cmp; cmp++) {
        const char *eq = strchr(*cmp, '=');
        if (!eq || eq == *cmp || !eq[1]) {
            g_set_error(error, SCN_ERROR, SCN_ERROR_RANGE, "command line:1:1: error: --compare "
                        "'%s' has no values (expected PATH=V1,V2,...)", *cmp);
            return FALSE;
        }
        g_autofree char *path = g_strndup(*cmp, (gsize)(eq - *cmp));
        g_auto(GStrv) values = g_strsplit(eq + 1, ",", -1);
        const char *leaf = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
        GPtrArray *next = g_ptr_array_new_with_free_func(plan_alt_free);
        for (guint i = 0; i < c->alts->len; i++)
            for (char **v = values; *v; v++) {
                const PlanAlt *old = g_ptr_array_index(c->alts, i);
                PlanAlt *a = g_new0(PlanAlt, 1);
                a->label = g_strdup_printf("%s%s%s=%s", old->label, *old->label ? ", " : "",
                                           leaf, g_strstrip(*v));
                a->sets = g_ptr_array_new_with_free_func(g_free);
                for (guint k = 0; k < old->sets->len; k++)
                    g_ptr_array_add(a->sets, g_strdup(g_ptr_array_index(old->sets, k)));
                g_ptr_array_add(a->sets, g_strdup_printf("%s=%s", path, *v));
                g_ptr_array_add(next, a);
            }
        g_ptr_array_unref(c->alts);
        c->alts = next;
    }
    for (guint i = 0; i < c->alts->len; i++)
        ((PlanAlt *)g_ptr_array_index(c->alts, i))->points =
            g_ptr_array_new_with_free_func(plan_point_free);
    return TRUE;
}

static gboolean check_range(PlanCtx *c, const Scenario *s, ScnDoc *d, GError **error);

/* The group, its count and the range searched; errors point into the scenario file. */
static gboolean read_range(PlanCtx *c, const Scenario *s, GError **error)
{
    ScnDoc *d = scn_doc_load_file(c->path, error);
    if (!d)
        return FALSE;
    gboolean ok = check_range(c, s, d, error);
    scn_doc_free(d);
    return ok;
}

static gboolean check_range(PlanCtx *c, const Scenario *s, ScnDoc *d, GError **error)
{
    ScnNode *plan = scn_map_get(d, scn_doc_root(d), "planning");
    ScnNode *at = plan ? plan : scn_map_get(d, scn_doc_root(d), "hosts");
    const ScnHost *first = g_ptr_array_index(s->hosts, 0);
    c->group = g_strdup(s->planning.group ? s->planning.group : first->group);
    int count = 0;
    for (guint i = 0; i < s->hosts->len; i++)
        count += strcmp(((const ScnHost *)g_ptr_array_index(s->hosts, i))->group, c->group) == 0;
    if (count == 0)
        return scn_fail(error, d, plan ? scn_map_get(d, plan, "group") : at, SCN_ERROR_RANGE,
                        "planning.group '%s' names no host entry (expected a host `name`)",
                        c->group);
    c->min_hosts = s->planning.min_hosts;
    c->max_hosts = s->planning.max_hosts ? s->planning.max_hosts : count;
    if (c->max_hosts <= c->min_hosts)
        return scn_fail(error, d, plan && scn_map_get(d, plan, "max_hosts")
                                  ? scn_map_get(d, plan, "max_hosts") : at, SCN_ERROR_RANGE,
                        "nothing to vary: host group '%s' searched from %d to %d hosts "
                        "(expected max_hosts, or the group's count, above min_hosts)",
                        c->group, c->min_hosts, c->max_hosts);
    c->infeasible_at = scn_where(d, plan && scn_map_get(d, plan, "max_hosts")
                                    ? scn_map_get(d, plan, "max_hosts") : at);
    return TRUE;
}

static void ctx_clear(PlanCtx *c)
{
    g_ptr_array_unref(c->alts);
    g_free(c->group);
    g_free(c->infeasible_at);
    g_free(c->out_dir);
    scn_scenario_free(c->base);
}

static int fail(PlanCtx *c, GError *error)
{
    sim_progress_end();
    fprintf(stderr, "%s\n", error->message);
    g_error_free(error);
    ctx_clear(c);
    return 2;
}

/* Runs a bisection over [min, max] takes for every alternative: both ends, about log2 of the
 * range, the neighbour; capped by max_runs. */
static guint expected_runs(const PlanCtx *c)
{
    double points = 3 + ceil(log2(MAX(2, c->max_hosts - c->min_hosts + 1)));
    guint per_alt = MIN((guint)points * c->reps, (guint)c->planning->max_runs);
    return per_alt * c->alts->len;
}

static int plan_run(PlanCtx *c, const char *path, const SimPlanOptions *o);

int sim_plan_main(const char *path, const SimPlanOptions *o)
{
    if (sim_progress_wanted(o->quiet))
        sim_progress_begin(stderr);
    PlanCtx c = { .path = path, .opt = o };
    int status = plan_run(&c, path, o);
    sim_progress_end();
    return status;
}

static int plan_run(PlanCtx *c, const char *path, const SimPlanOptions *o)
{
    GError *error = NULL;
    c->alts = g_ptr_array_new_with_free_func(plan_alt_free);
    sim_progress_phase("loading scenario");
    c->base = scn_load_file(path, o->sets, &error);
    if (!c->base)
        return fail(c, error);
    c->planning = &c->base->planning;
    c->reps = (guint)c->planning->replications;
    if (!read_range(c, c->base, &error) || !build_alternatives(c, &error))
        return fail(c, error);
    c->runs_expected = expected_runs(c);
    sim_progress_phase("planning");
    for (guint i = 0; i < c->alts->len; i++)
        if (!search(c, g_ptr_array_index(c->alts, i), &error))
            return fail(c, error);
    gboolean any = FALSE;
    for (guint i = 0; i < c->alts->len; i++)
        any |= ((PlanAlt *)g_ptr_array_index(c->alts, i))->answer >= 0 ||
               ((PlanAlt *)g_ptr_array_index(c->alts, i))->hit_limit;
    sim_progress_step(c->runs_done, c->runs_done, NULL);
    if (!any) {
        sim_progress_end();
        fprintf(stderr, "%s: error: no count of host group '%s' up to %d meets the targets "
                "(expected a larger max_hosts, or a looser target_util or max_unmet)\n",
                c->infeasible_at, c->group, c->max_hosts);
        ctx_clear(c);
        return 2;
    }
    c->out_dir = o->out_dir ? g_strdup(o->out_dir)
                            : g_strdup_printf("%s-plan", c->base->out_dir);
    sim_progress_end();
    plan_print(c, stdout);
    if (sim_progress_wanted(o->quiet))
        sim_progress_begin(stderr);
    sim_progress_phase("writing plan");
    if (!plan_write_outputs(c, &error)) {
        sim_progress_end();
        fprintf(stderr, "%s\n", error->message);
        g_error_free(error);
        ctx_clear(c);
        return 1;
    }
    sim_progress_step(1, 1, NULL);
    ctx_clear(c);
    return 0;
}
