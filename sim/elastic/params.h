/* sim/elastic/params.h — the plain records of an elastic service: its demand curve, its
 * autoscaler and its provisioning pipeline, as the scenario reads them and the models take
 * them.
 *
 * Plain data on purpose: sim/elastic/config.h (and so sim/scenario/scenario.h) holds these
 * records, and a scenario header must not reach the engine (docs/architecture.md, "A
 * scenario is plain data"; tests/test-layout.c checks it transitively).  The models that run
 * them — demand.h, provision.h, autoscaler.h — include this header; the meaning of each
 * field is documented there.
 *
 * Units: req/s (_per_s), SimTimeNs, bytes, bytes/s, fractions.  Ownership: pointers are
 * borrowed (a service name, a template name, a trace view).
 */
#ifndef SCHED_PARAMS_H
#define SCHED_PARAMS_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/time.h"
#include "sim/trace/store.h"

/* ---- demand curves (demand.h) ------------------------------------------------------- */

typedef enum {
    SCHED_DEMAND_CONSTANT, SCHED_DEMAND_STEP, SCHED_DEMAND_RAMP, SCHED_DEMAND_DIURNAL,
    SCHED_DEMAND_POISSON, SCHED_DEMAND_TRACE, SCHED_DEMAND_SHAPE_COUNT
} SchedDemandShape;

typedef struct {
    SchedDemandShape shape;
    double    level_per_s;        /* constant; poisson: the base level */
    SimTimeNs at_ns;              /* step: when; ramp: start */
    SimTimeNs end_ns;             /* ramp: end (> at_ns) */
    double    from_per_s, to_per_s;        /* step, ramp */
    double    mean_per_s, amplitude_per_s; /* diurnal */
    SimTimeNs period_ns, phase_ns;         /* diurnal; period > 0 */
    SimTimeNs resolution_ns;      /* diurnal next-change grid; 0 = period / 96 */
    double    burst_rate_per_s;   /* poisson: bursts per second (>= 0) */
    double    burst_level_per_s;  /* poisson: req/s each burst adds */
    SimTimeNs burst_ns;           /* poisson: duration of a burst (> 0) */
    const TraceView *trace;       /* trace: borrowed */
    double    scale_per_s;        /* trace: req/s at demand fraction 1 */
} SchedDemandConfig;

/* ---- provisioning (provision.h) ----------------------------------------------------- */

typedef enum { SCHED_UNIT_VM, SCHED_UNIT_CONTAINER, SCHED_UNIT_COUNT } SchedUnitKind;

typedef struct {
    const char   *name;          /* identifies the image for host caches; borrowed */
    SchedUnitKind kind;
    uint64_t      image_bytes;
    SimTimeNs     boot_ns;
} SchedProvTemplate;

typedef struct {
    SimTimeNs approval_delay_ns; /* 0: no human step (default) */
    double    store_bytes_per_s; /* image store bandwidth, shared by all transfers (> 0) */
    gboolean  cache_images;      /* hosts keep images they received (default TRUE) */
} SchedProvConfig;

/* ---- the autoscaler (autoscaler.h) -------------------------------------------------- */

typedef enum { SCHED_SCALE_REACTIVE, SCHED_SCALE_PREDICTIVE, SCHED_SCALE_COUNT }
    SchedScalePolicy;

typedef struct {
    const char      *service;          /* name, borrowed */
    double           capacity_per_s;   /* req/s one instance serves (> 0) */
    SchedScalePolicy policy;
    double           target_frac;      /* target utilization, (0, 1]; default 0.7 */
    double           low_frac;         /* reactive; default target − 0.1 */
    double           high_frac;        /* reactive; default target + 0.1 (<= 1) */
    guint            min_instances;    /* default 1 */
    guint            max_instances;    /* default 100 */
    guint            initial_instances;/* ready at start (no provisioning); default min */
    guint            step_out;         /* default 1; 0 = to target */
    guint            step_in;          /* default 1; 0 = to target */
    SimTimeNs        cooldown_ns;      /* default 60 s */
    SimTimeNs        interval_ns;      /* default 10 s */
    SimTimeNs        window_ns;        /* predictive fit window; default 5 min */
    SimTimeNs        lead_ns;          /* predictive look-ahead; 0 = expected provisioning */
} SchedElasticConfig;

#endif
