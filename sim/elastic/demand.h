/* sim/elastic/demand.h — demand curves of an elastic service, in requests per second.
 *
 * Shapes (D(t) in req/s, t in ns):
 *   constant  D = level
 *   step      D = from for t < at, to for t >= at
 *   ramp      D = from before at, linear from `from` at `at` to `to` at `end`, `to` after
 *   diurnal   D = mean + amplitude · sin(2π (t − phase) / period)     (mean >= |amplitude|)
 *   poisson   D = level + burst_level · #{bursts active at t}; bursts arrive as a Poisson
 *             process of rate burst_rate (exponential gaps drawn from a SimRng stream, in
 *             order, lazily) and each lasts burst_ns; overlapping bursts add
 *   trace     D = scale · f(t), f a TraceView (sim/trace/store.h) under its step or linear rule
 *
 * Every shape but diurnal is piecewise linear with breakpoints; sched_demand_next_change_ns()
 * returns the next breakpoint (a jump for step, poisson, step traces).  Diurnal is smooth:
 * its "next change" is the next multiple of resolution_ns, for models that want to requantize
 * a rate; the autoscaler never needs it, because sched_demand_time_above_ns() integrates
 * exactly: linear crossings for piecewise-linear shapes, asin() crossings for diurnal.  That
 * is what makes SLA-violation seconds exact rather than sampled.
 *
 * Invariant: D(t) >= 0.  Units: req/s (_per_s), SimTimeNs.  Ownership: the demand borrows
 * the trace and the rng (both must outlive it); sched_demand_free() frees the rest.
 * Cost: poisson keeps every burst generated so far (O(rate × horizon) memory, O(log n)
 * lookups); the others are O(1) (traces O(log n)).
 */
#ifndef SCHED_DEMAND_H
#define SCHED_DEMAND_H

#include <glib.h>

#include "sim/core/engine.h"
#include "sim/core/rng.h"
#include "sim/elastic/params.h"
#include "sim/trace/store.h"


typedef struct SchedDemand SchedDemand;

const char *sched_demand_shape_name(SchedDemandShape s);
gboolean    sched_demand_shape_from_name(const char *name, SchedDemandShape *out);

/* NULL + SCN_ERROR (SCN_ERROR_RANGE / _MISSING) for a bad config; the message names the
 * field ("diurnal amplitude ...").  rng: required for poisson, ignored otherwise. */
SchedDemand *sched_demand_new(const SchedDemandConfig *cfg, SimRng *rng, GError **error);
void         sched_demand_free(SchedDemand *d);                  /* NULL is a no-op */
const SchedDemandConfig *sched_demand_config(const SchedDemand *d);

/* D(t) in req/s.  Non-const: poisson draws bursts as time advances. */
double       sched_demand_at(SchedDemand *d, SimTimeNs t_ns);
/* Next breakpoint after t (> t); SIM_TIME_NEVER if D stays as it is (or linear) forever. */
SimTimeNs    sched_demand_next_change_ns(SchedDemand *d, SimTimeNs t_ns);
/* TRUE if the curve moves between breakpoints (ramp, diurnal, linear trace). */
gboolean     sched_demand_is_continuous(const SchedDemand *d);
/* Measure, in ns, of {t in [t0, t1) : D(t) > level}; exact up to double rounding. */
double       sched_demand_time_above_ns(SchedDemand *d, SimTimeNs t0_ns, SimTimeNs t1_ns,
                                        double level_per_s);
/* ∫ D dt over [t0, t1), in requests. */
double       sched_demand_integral(SchedDemand *d, SimTimeNs t0_ns, SimTimeNs t1_ns);

#endif
