/* sim/scheduler/placement_best.c — best-fit: the host left with the least room after the
 * placement (sched_room_after_frac, CPU and memory fractions summed); packs hosts tightly. */
#include "sim/scheduler/placement_fit.h"

double sched_room_after_frac(const SchedHostView *h, const SchedRequest *req,
                             double vcpu_limit, double memory_limit_bytes)
{
    double cpu = (vcpu_limit - h->vcpus_used - req->vcpus) / vcpu_limit;
    double mem = (memory_limit_bytes - (double)h->memory_used_bytes -
                  (double)req->memory_bytes) / memory_limit_bytes;
    return cpu + mem;
}

static double best_fit_score(const SchedHostView *h, const SchedRequest *req,
                             double vcpu_limit, double memory_limit_bytes)
{
    return sched_room_after_frac(h, req, vcpu_limit, memory_limit_bytes);
}

const SchedPlacementOps sched_best_fit_ops = {
    .name = "best-fit",
    .description = "host left with the least CPU + memory room (packs)",
    .score = best_fit_score,
};
