/* sim/scheduler/placement_fit.h — the room a host keeps after a placement, shared by
 * best-fit and worst-fit.
 *
 * room = (vcpu_limit − vcpus_used − vcpus) / vcpu_limit
 *      + (memory_limit − memory_used − memory) / memory_limit
 *
 * i.e. the free CPU and memory fractions left, each relative to its overcommitted limit,
 * with equal weight (0 = both full, 2 = both empty).  Dimensionless.
 */
#ifndef SCHED_PLACEMENT_FIT_H
#define SCHED_PLACEMENT_FIT_H

#include "sim/scheduler/placement.h"

double sched_room_after_frac(const SchedHostView *h, const SchedRequest *req,
                             double vcpu_limit, double memory_limit_bytes);

#endif
