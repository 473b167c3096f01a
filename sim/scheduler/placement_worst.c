/* sim/scheduler/placement_worst.c — worst-fit: the host left with the most room after the
 * placement (sched_room_after_frac, CPU and memory fractions summed); spreads VMs. */
#include "sim/scheduler/placement_fit.h"

static double worst_fit_score(const SchedHostView *h, const SchedRequest *req,
                              double vcpu_limit, double memory_limit_bytes)
{
    return -sched_room_after_frac(h, req, vcpu_limit, memory_limit_bytes);
}

const SchedPlacementOps sched_worst_fit_ops = {
    .name = "worst-fit",
    .description = "host left with the most CPU + memory room (spreads)",
    .score = worst_fit_score,
};
