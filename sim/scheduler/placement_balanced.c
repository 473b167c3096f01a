/* sim/scheduler/placement_balanced.c — balanced (least loaded): the feasible host with the
 * lowest current CPU utilization, ties by position. */
#include "sim/scheduler/placement.h"

static double balanced_score(const SchedHostView *h, const SchedRequest *req,
                             double vcpu_limit, double memory_limit_bytes)
{
    return h->util_frac;
}

const SchedPlacementOps sched_balanced_ops = {
    .name = "balanced",
    .description = "least utilized host (load balancing)",
    .score = balanced_score,
};
