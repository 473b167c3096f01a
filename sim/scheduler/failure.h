/* sim/scheduler/failure.h — host failures and repairs driven by MTBF and MTTR.
 *
 * A host alternates up periods (time to failure) and down periods (time to repair), drawn
 * independently from its own SimRng stream ("host:NAME/failure"):
 *   exponential  up ~ Exp(mean = MTBF)                   (constant hazard)
 *   weibull      up ~ Weibull(shape k, scale λ) with λ = MTBF / Γ(1 + 1/k), so the mean
 *                is MTBF; k < 1 infant mortality, k > 1 wear-out (Schroeder & Gibson,
 *                DSN 2006, fit k ≈ 0.7–0.8 to times between node failures)
 * Repair times are exponential with mean MTTR.  Availability = MTBF / (MTBF + MTTR).
 *
 * Semantics the model gives the draws (docs/models.md): at a failure the host dies at once,
 * its VMs are lost (counted), and each is restarted elsewhere by placement after its boot
 * time; the host comes back after the repair time.  `maintenance` is the planned case: the
 * host is evacuated by live migration, then taken down for the stated time.
 * Times are SimTimeNs; draws are rounded to whole ns and are at least 1 ns.
 */
#ifndef SCHED_FAILURE_H
#define SCHED_FAILURE_H

#include "sim/core/engine.h"
#include "sim/core/rng.h"

typedef enum { SCHED_FAILURE_EXPONENTIAL, SCHED_FAILURE_WEIBULL } SchedFailureDist;

typedef struct {
    SchedFailureDist dist;
    SimTimeNs        mtbf_ns;
    SimTimeNs        mttr_ns;
    double           weibull_shape;      /* k > 0; used by weibull only */
} SchedFailureModel;

/* Checks mtbf > 0, mttr >= 0, shape > 0 (weibull).  SCHED_ERROR. */
gboolean  sched_failure_model_check(const SchedFailureModel *fm, GError **error);
SimTimeNs sched_failure_draw_up_ns(const SchedFailureModel *fm, SimRng *rng);
SimTimeNs sched_failure_draw_repair_ns(const SchedFailureModel *fm, SimRng *rng);
/* From a host that is up at now_ns: when it next fails, and when it is back. */
void      sched_failure_next(const SchedFailureModel *fm, SimRng *rng, SimTimeNs now_ns,
                             SimTimeNs *fail_at_ns, SimTimeNs *repaired_at_ns);
double    sched_failure_availability_frac(const SchedFailureModel *fm);

#endif
