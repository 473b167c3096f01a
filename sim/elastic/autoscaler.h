/* sim/elastic/autoscaler.h — an elastic service and its autoscaler.
 *
 * A service runs instances of one template (VM or container, provision.h); each serves
 * capacity req/s.  Demand D(t) comes from a curve (demand.h).  Every `interval` the
 * autoscaler looks at D(now) and the provisioned instances P (ready + in flight: instances
 * that are booting already count, so a slow boot does not trigger a second order) and picks
 * a desired count (Lorido-Botran et al. 2014 survey terms):
 *   reactive    utilization u = D / (P · capacity); u > high: scale out; u < low: scale in
 *               (high/low default to target ± 0.1).  A step of step_out (step_in)
 *               instances, or 0 = straight to ceil(D / (capacity · target)).
 *   predictive  fits a least-squares line to the D samples of the last `window`, predicts
 *               D̂ = line(now + lead), lead = the expected provisioning time (lead_ns, or the
 *               mean measured time-to-ready, or the pipeline's nominal time before any
 *               instance was ready), and wants ceil(max(D, D̂) / (capacity · target))
 *               (step_out / step_in bound one action when non-zero).
 * The desired count is clamped to [min, max]; no action happens within `cooldown` of the
 * previous one.  Scale-out submits provisioning requests; scale-in releases the most
 * recently ready instances at once (in-flight ones are never cancelled), never going below
 * min.  Hence a demand step at t_s is met at  e + provisioning time, where e is the first
 * evaluation instant >= max(t_s, last action + cooldown).
 *
 * Metrics, exact and event-based (settled whenever the ready count changes and at each
 * evaluation, with sched_demand_time_above_ns, never by sampling):
 *   SLA-violation seconds        ∫ [D(t) > R(t) · capacity] dt, R = ready instances
 *   over-provisioned inst.-hours ∫ (R(t) − ceil(D(t)/capacity))+ dt
 *                                = Σ_{k<R} |{t : D(t) <= k · capacity}| per constant-R piece
 * plus time-weighted gauges of ready and provisioned instances, and a SimSeries with one
 * row per evaluation and per change: demand_per_s, ready_capacity_per_s,
 * provisioned_capacity_per_s, ready_instances, provisioned_instances.
 * Invariant: min <= P <= max at all times after start (R <= P).
 *
 * Units: req/s, SimTimeNs, fractions 0..1.  Ownership: the service borrows engine, share and
 * demand; it owns its provisioner and series.
 */
#ifndef SCHED_ELASTIC_H
#define SCHED_ELASTIC_H

#include <glib.h>

#include "sim/core/metrics.h"
#include "sim/elastic/demand.h"
#include "sim/elastic/provision.h"
#include "sim/elastic/params.h"


typedef struct {
    /* Picks a host for a new instance; FALSE = nothing fits (request rejected). */
    gboolean (*place)(void *user, const SchedProvTemplate *tpl, uint32_t *host_out);
    /* An instance on host stopped (scale-in).  May be NULL. */
    void     (*release)(void *user, uint32_t host);
    /* An instance on host became ready (initial ones too).  May be NULL. */
    void     (*ready)(void *user, uint32_t host);
} SchedElasticHooks;

typedef struct SchedElastic SchedElastic;

void        sched_elastic_config_init(SchedElasticConfig *cfg);
const char *sched_scale_policy_name(SchedScalePolicy p);
gboolean    sched_scale_policy_from_name(const char *name, SchedScalePolicy *out);
/* FALSE + SCN_ERROR_RANGE naming the field for an inconsistent config. */
gboolean    sched_elastic_config_check(const SchedElasticConfig *cfg, GError **error);

/* NULL + error for a bad config.  tpl is copied; demand, eng, share are borrowed. */
SchedElastic *sched_elastic_new(SimEngine *eng, SimShare *share, const SchedElasticConfig *cfg,
                                const SchedProvConfig *prov, const SchedProvTemplate *tpl,
                                SchedDemand *demand, const SchedElasticHooks *hooks,
                                void *user, GError **error);
void        sched_elastic_free(SchedElastic *e);      /* NULL is a no-op; cancels its events */
/* Places the initial instances (ready now) and schedules evaluations at now, now +
 * interval, ... */
void        sched_elastic_start(SchedElastic *e);
/* Settles the integrals up to now (call once the run is over, before reading them). */
void        sched_elastic_settle(SchedElastic *e);

guint       sched_elastic_ready(const SchedElastic *e);
guint       sched_elastic_provisioned(const SchedElastic *e);      /* ready + in flight */
guint       sched_elastic_scale_outs(const SchedElastic *e);       /* actions, not instances */
guint       sched_elastic_scale_ins(const SchedElastic *e);
double      sched_elastic_sla_violation_s(const SchedElastic *e);
/* The SLA-violation seconds up to now, without settling (a time-series sample: the
 * integrals keep their own breakpoints, so the run's totals do not depend on sampling). */
double      sched_elastic_sla_violation_at_s(SchedElastic *e, SimTimeNs now);
double      sched_elastic_overprov_instance_h(const SchedElastic *e);
double      sched_elastic_instance_h(SchedElastic *e);           /* ∫ R dt, hours */
SimTimeNs   sched_elastic_last_action_ns(const SchedElastic *e);   /* -1 if none yet */
SimSeries  *sched_elastic_series(SchedElastic *e);
SchedProv  *sched_elastic_prov(SchedElastic *e);
SchedDemand *sched_elastic_demand(SchedElastic *e);

#endif
