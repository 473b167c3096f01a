/* sim/plan/plan.h — `vdcsim plan SCENARIO`: the smallest host count that meets the
 * scenario's planning targets, for each alternative asked for.
 *
 * A count is feasible when, in every replication (seed), no VM is rejected, no host's
 * utilization percentile over time (planning.percentile) is above planning.target_util, and
 * the unmet demand is at most planning.max_unmet (sim_plan_verdict).  The search varies the
 * `count` of one host entry (planning.group) between min_hosts and max_hosts, assuming
 * feasibility is monotone in the count (more hosts never hurt): it checks the top of the
 * range, then the bottom, bisects, and checks the neighbour above the answer; any evaluated
 * count that contradicts monotonicity is reported and the answer is the smallest count above
 * which every evaluated count is feasible.  Runs are in memory; the outputs are plan.csv
 * (every evaluated count per alternative), charts/ and report.html in the output directory.
 *
 * Alternatives: each --compare PATH=V1,V2,... multiplies them (hypervisors, overcommit
 * ratios, placement policies, host types: any --set path).
 */
#ifndef SIM_PLAN_H
#define SIM_PLAN_H

#include <glib.h>

#include "sim/scenario/scenario.h"

typedef struct {
    const char *const *sets;          /* --set PATH=VALUE, NULL-terminated, may be NULL */
    const char *const *compare;       /* --compare PATH=V1,V2, NULL-terminated, may be NULL */
    const char        *out_dir;       /* -o, may be NULL: output.dir, out/NAME-plan */
    gboolean           quiet;         /* -q: no progress lines on stderr */
} SimPlanOptions;

/* Runs the plan and prints its answer; the exit status (0 done, 2 bad input: the error was
 * printed as one positioned line). */
int      sim_plan_main(const char *path, const SimPlanOptions *o);

/* The verdict of one run's headline (SimHeadline array) against s->planning; FALSE with a
 * reason ("3 VMs rejected; 2 hosts above 70 % at p95"; g_free it) when infeasible. */
gboolean sim_plan_verdict(const Scenario *s, const GArray *headline, char **reason);

#endif
