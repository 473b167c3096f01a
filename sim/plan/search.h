/* sim/plan/search.h — what the search (search.c) hands its outputs (report.c): the
 * alternatives with every count evaluated.  Private to sim/plan. */
#ifndef SIM_PLAN_SEARCH_H
#define SIM_PLAN_SEARCH_H

#include <stdio.h>

#include "sim/plan/plan.h"

typedef struct {                  /* one host count of one alternative, over replications */
    int      hosts;
    guint    reps, feasible_reps;
    gboolean feasible;            /* every replication feasible */
    double   rejected, pctl_max, over, unmet, idle;  /* worst over replications */
    double   energy_kwh_day;      /* mean over replications */
    char    *reason;              /* the first infeasible replication's, or NULL */
} PlanPoint;

typedef struct {
    char      *label;             /* "cpu=2x, hypervisor=kvm"; "" without --compare */
    GPtrArray *sets;              /* char *: its --set edits */
    GPtrArray *points;            /* PlanPoint *, by host count once settled */
    guint      runs;
    int        answer;            /* smallest feasible count, -1: none up to max_hosts */
    int        bracket_lo, bracket_hi;   /* last bracket (lo infeasible, hi feasible) */
    gboolean   hit_limit;         /* max_runs spent before the bracket closed */
    gboolean   non_monotone;      /* a feasible count below an infeasible one */
} PlanAlt;

typedef struct {
    const char           *path;
    const SimPlanOptions *opt;
    Scenario             *base;
    const ScnPlanning    *planning;
    guint                 reps;
    char                 *group;
    int                   min_hosts, max_hosts;
    char                 *infeasible_at;  /* "file:line:col" for "no count works" */
    GPtrArray            *alts;           /* PlanAlt * */
    char                 *out_dir;
    guint                 runs_done;      /* in-memory runs so far, for the progress line */
    guint                 runs_expected;  /* what the searches should take (an estimate) */
} PlanCtx;

void     plan_point_free(gpointer p);
void     plan_alt_free(gpointer p);
int      plan_point_cmp(gconstpointer a, gconstpointer b);   /* GPtrArray sort: by hosts */
const PlanPoint *plan_alt_point(const PlanAlt *a, int hosts); /* NULL if not evaluated */

/* The answer: one line per alternative, then a table when there are several. */
void     plan_print(const PlanCtx *c, FILE *out);
/* plan.csv, charts/plan-*.EXT and report.html in c->out_dir. */
gboolean plan_write_outputs(const PlanCtx *c, GError **error);

#endif
