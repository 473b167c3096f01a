/* sim/scheduler/placement_first.c — first-fit: the first feasible host in the given order
 * (every feasible host scores 0, and ties go to the lowest position). */
#include "sim/scheduler/placement.h"

static double first_fit_score(const SchedHostView *h, const SchedRequest *req,
                              double vcpu_limit, double memory_limit_bytes)
{
    return 0;
}

const SchedPlacementOps sched_first_fit_ops = {
    .name = "first-fit",
    .description = "first host, in scenario order, with room",
    .score = first_fit_score,
};
