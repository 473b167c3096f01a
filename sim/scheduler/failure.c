/* sim/scheduler/failure.c — MTBF/MTTR draws; see failure.h. */
#include "sim/scheduler/failure.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "sim/scheduler/error.h"

gboolean sched_failure_model_check(const SchedFailureModel *fm, GError **error)
{
    if (fm->mtbf_ns <= 0 || fm->mttr_ns < 0) {
        g_set_error(error, SCHED_ERROR, SCHED_ERROR_FAILURE,
                    "failure: mtbf '%" G_GINT64_FORMAT " ns' and mttr '%" G_GINT64_FORMAT
                    " ns' (expected mtbf > 0 and mttr >= 0)", fm->mtbf_ns, fm->mttr_ns);
        return FALSE;
    }
    if (fm->dist == SCHED_FAILURE_WEIBULL && !(fm->weibull_shape > 0)) {
        g_set_error(error, SCHED_ERROR, SCHED_ERROR_FAILURE,
                    "failure: weibull shape '%g' (expected > 0)", fm->weibull_shape);
        return FALSE;
    }
    return TRUE;
}

static SimTimeNs ns_from_draw(double ns)
{
    if (!(ns < (double)INT64_MAX / 2))
        return INT64_MAX / 2;
    return MAX((SimTimeNs)llround(ns), 1);
}

SimTimeNs sched_failure_draw_up_ns(const SchedFailureModel *fm, SimRng *rng)
{
    double mean = (double)fm->mtbf_ns;
    if (fm->dist == SCHED_FAILURE_WEIBULL) {
        double k = fm->weibull_shape;
        double scale = mean / gsl_sf_gamma(1.0 + 1.0 / k);
        return ns_from_draw(gsl_ran_weibull(sim_rng_gsl(rng), scale, k));
    }
    return ns_from_draw(sim_rng_exponential(rng, mean));
}

SimTimeNs sched_failure_draw_repair_ns(const SchedFailureModel *fm, SimRng *rng)
{
    if (fm->mttr_ns == 0)
        return 0;
    return ns_from_draw(sim_rng_exponential(rng, (double)fm->mttr_ns));
}

void sched_failure_next(const SchedFailureModel *fm, SimRng *rng, SimTimeNs now_ns,
                        SimTimeNs *fail_at_ns, SimTimeNs *repaired_at_ns)
{
    SimTimeNs up = sched_failure_draw_up_ns(fm, rng);
    SimTimeNs down = sched_failure_draw_repair_ns(fm, rng);
    *fail_at_ns = now_ns + up;
    *repaired_at_ns = *fail_at_ns + down;
}

double sched_failure_availability_frac(const SchedFailureModel *fm)
{
    return (double)fm->mtbf_ns / ((double)fm->mtbf_ns + (double)fm->mttr_ns);
}
