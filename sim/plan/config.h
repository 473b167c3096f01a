/* sim/plan/config.h — the scenario's `planning:` section, as plain data.
 *
 * planning: { target_util: 70%, percentile: 95, max_unmet: 1%, group: web, min_hosts: 1,
 *             max_hosts: 0, replications: 1, max_runs: 64, host_cost: 0 }
 *
 * A run reads target_util and percentile for its headline (hosts_over_target: hosts whose
 * utilization percentile over time is above the target; without a `planning:` section the
 * default target is reported but does not decide the run's verdict); `vdcsim plan` reads them all: the
 * host group it varies, the range it searches, the bound on unmet demand, how many
 * replications (seeds) judge a count and how many runs it may spend.  The table in
 * config.c gives each key's type, default and limits.
 */
#ifndef SIM_PLAN_CONFIG_H
#define SIM_PLAN_CONFIG_H

#include "sim/yaml/schema.h"

typedef struct {
    double  target_util_frac;       /* a host is over target above this, (0, 1] */
    double  percentile;             /* of its utilization over time, 1 .. 100 */
    double  max_unmet_frac;         /* plan: unmet demand at most this, 0 .. 1 */
    char   *group;                  /* plan: the host group varied; NULL: the first */
    int     min_hosts, max_hosts;   /* plan: the range searched; max 0: the group's count */
    int     replications;           /* plan: seeds per count */
    int     max_runs;               /* plan: runs the search may spend */
    double  host_cost_per_day;      /* plan: cost of a host per day (any currency); 0: none */
    gboolean stated;                /* the scenario has a `planning:` section */
} ScnPlanning;

extern const ScnKey scn_planning_keys[];
extern const ScnSection scn_planning_section;

#endif
