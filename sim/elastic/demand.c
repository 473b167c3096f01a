/* sim/elastic/demand.c — demand curves: values, breakpoints, exact time above a level.
 * Model and invariants: demand.h. */
#include "sim/elastic/demand.h"

#include <math.h>
#include <string.h>

#include "sim/yaml/doc.h"

struct SchedDemand {
    SchedDemandConfig cfg;
    SimRng           *rng;       /* poisson */
    GArray           *starts;    /* poisson: SimTimeNs burst starts, increasing */
};

static const char *const shape_names[SCHED_DEMAND_SHAPE_COUNT] = {
    "constant", "step", "ramp", "diurnal", "poisson", "trace",
};

const char *sched_demand_shape_name(SchedDemandShape s)
{
    g_return_val_if_fail(s < SCHED_DEMAND_SHAPE_COUNT, "?");
    return shape_names[s];
}

gboolean sched_demand_shape_from_name(const char *name, SchedDemandShape *out)
{
    for (int i = 0; i < SCHED_DEMAND_SHAPE_COUNT; i++)
        if (strcmp(name, shape_names[i]) == 0) {
            *out = (SchedDemandShape)i;
            return TRUE;
        }
    return FALSE;
}

/* ---- validation ---- */

static gboolean bad(GError **error, const char *fmt, double v)
{
    g_set_error(error, SCN_ERROR, SCN_ERROR_RANGE, fmt, v);
    return FALSE;
}

static gboolean demand_validate(const SchedDemandConfig *c, SimRng *rng, GError **error)
{
    switch (c->shape) {
    case SCHED_DEMAND_CONSTANT:
        return c->level_per_s >= 0 || bad(error, "demand level '%g' req/s is negative",
                                          c->level_per_s);
    case SCHED_DEMAND_STEP:
    case SCHED_DEMAND_RAMP:
        if (c->from_per_s < 0 || c->to_per_s < 0)
            return bad(error, "demand from/to '%g' req/s is negative",
                       MIN(c->from_per_s, c->to_per_s));
        if (c->shape == SCHED_DEMAND_RAMP && c->end_ns <= c->at_ns)
            return bad(error, "ramp end '%g' s is not after its start",
                       sim_s_from_ns(c->end_ns));
        return TRUE;
    case SCHED_DEMAND_DIURNAL:
        if (c->period_ns <= 0)
            return bad(error, "diurnal period '%g' s is not positive", sim_s_from_ns(c->period_ns));
        if (c->resolution_ns < 0)
            return bad(error, "diurnal resolution '%g' s is negative",
                       sim_s_from_ns(c->resolution_ns));
        return c->mean_per_s >= fabs(c->amplitude_per_s)
            || bad(error, "diurnal amplitude '%g' req/s exceeds the mean (demand would go "
                   "negative)", c->amplitude_per_s);
    case SCHED_DEMAND_POISSON:
        if (c->level_per_s < 0 || c->burst_level_per_s < 0 || c->burst_rate_per_s < 0)
            return bad(error, "poisson level, burst level and burst rate must be >= 0 (got "
                       "'%g')", MIN(c->level_per_s, MIN(c->burst_level_per_s,
                                                        c->burst_rate_per_s)));
        if (c->burst_ns <= 0)
            return bad(error, "poisson burst duration '%g' s is not positive",
                       sim_s_from_ns(c->burst_ns));
        g_return_val_if_fail(rng != NULL, FALSE);
        return TRUE;
    case SCHED_DEMAND_TRACE:
        if (!c->trace) {
            g_set_error(error, SCN_ERROR, SCN_ERROR_MISSING, "trace demand needs a trace file");
            return FALSE;
        }
        return c->scale_per_s >= 0 || bad(error, "trace scale '%g' req/s is negative",
                                          c->scale_per_s);
    default:
        g_return_val_if_reached(FALSE);
    }
}

SchedDemand *sched_demand_new(const SchedDemandConfig *cfg, SimRng *rng, GError **error)
{
    if (!demand_validate(cfg, rng, error))
        return NULL;
    SchedDemand *d = g_new0(SchedDemand, 1);
    d->cfg = *cfg;
    if (d->cfg.shape == SCHED_DEMAND_DIURNAL && d->cfg.resolution_ns == 0)
        d->cfg.resolution_ns = MAX(d->cfg.period_ns / 96, 1);
    d->rng = rng;
    d->starts = g_array_new(FALSE, FALSE, sizeof(SimTimeNs));
    return d;
}

void sched_demand_free(SchedDemand *d)
{
    if (!d)
        return;
    g_array_free(d->starts, TRUE);
    g_free(d);
}

const SchedDemandConfig *sched_demand_config(const SchedDemand *d) { return &d->cfg; }

/* ---- poisson bursts ---- */

static SimTimeNs burst_start(const SchedDemand *d, guint i)
{
    return g_array_index(d->starts, SimTimeNs, i);
}

/* Draws bursts until one starts after t (none if the rate is 0). */
static void bursts_ensure(SchedDemand *d, SimTimeNs t_ns)
{
    if (d->cfg.burst_rate_per_s <= 0)
        return;
    SimTimeNs last = d->starts->len ? burst_start(d, d->starts->len - 1) : 0;
    while (d->starts->len == 0 || last <= t_ns) {
        double gap_s = sim_rng_exponential(d->rng, 1.0 / d->cfg.burst_rate_per_s);
        last += (SimTimeNs)llround(gap_s * (double)SIM_NS_PER_S);
        g_array_append_val(d->starts, last);
    }
}

/* Number of bursts starting at or before t. */
static guint bursts_le(const SchedDemand *d, SimTimeNs t_ns)
{
    guint lo = 0, hi = d->starts->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (burst_start(d, mid) <= t_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static double poisson_at(SchedDemand *d, SimTimeNs t)
{
    bursts_ensure(d, t);
    guint active = bursts_le(d, t) - bursts_le(d, t - d->cfg.burst_ns);
    return d->cfg.level_per_s + d->cfg.burst_level_per_s * active;
}

static SimTimeNs poisson_next(SchedDemand *d, SimTimeNs t)
{
    bursts_ensure(d, t);
    if (d->starts->len == 0)
        return SIM_TIME_NEVER;
    SimTimeNs next_start = burst_start(d, bursts_le(d, t));
    guint j = bursts_le(d, t - d->cfg.burst_ns);      /* first burst still running after t */
    return MIN(next_start, burst_start(d, j) + d->cfg.burst_ns);
}

/* ---- piecewise-linear segments ---- */

/* The linear piece that starts at t: it runs to *end (> t, or NEVER), from *v0 at t to the
 * left limit *v1 at *end (v1 = v0 when end is NEVER).  Not for diurnal. */
static void demand_segment(SchedDemand *d, SimTimeNs t, SimTimeNs *end, double *v0, double *v1)
{
    const SchedDemandConfig *c = &d->cfg;
    *end = sched_demand_next_change_ns(d, t);
    *v0 = sched_demand_at(d, t);
    *v1 = *v0;
    if (*end == SIM_TIME_NEVER)
        return;
    if (c->shape == SCHED_DEMAND_RAMP && t >= c->at_ns)
        *v1 = c->to_per_s;
    else if (c->shape == SCHED_DEMAND_TRACE && c->trace->interp == TRACE_LINEAR)
        *v1 = sched_demand_at(d, *end);
}

/* Measure of {x in [0, e − s) : v0 + (v1 − v0) x / (e − s) > level}. */
static double linear_above(double span, double v0, double v1, double level)
{
    if (v0 == v1)
        return v0 > level ? span : 0;
    double x = (level - v0) / (v1 - v0) * span;        /* crossing */
    x = CLAMP(x, 0, span);
    return v1 > v0 ? span - x : x;
}

/* The integral over [t0, t1) of piece(span, v0, v1) over the piecewise-linear segments,
 * each clipped to the interval: the one walk behind time-above-a-level and ∫D dt. */
typedef double (*PieceFn)(double span_ns, double v0, double v1, double level);

static double pwl_fold(SchedDemand *d, SimTimeNs t0, SimTimeNs t1, PieceFn piece, double level)
{
    double sum = 0;
    for (SimTimeNs s = t0; s < t1; ) {
        SimTimeNs end;
        double v0, v1;
        demand_segment(d, s, &end, &v0, &v1);
        SimTimeNs e = MIN(end, t1);
        if (end != SIM_TIME_NEVER && e < end)
            v1 = v0 + (v1 - v0) * (double)(e - s) / (double)(end - s);
        sum += piece((double)(e - s), v0, v1, level);
        s = e;
    }
    return sum;
}

static double trapezoid(double span_ns, double v0, double v1, double level)
{
    return 0.5 * (v0 + v1) * span_ns;
}

static double pwl_time_above(SchedDemand *d, SimTimeNs t0, SimTimeNs t1, double level)
{
    return pwl_fold(d, t0, t1, linear_above, level);
}

static double pwl_integral(SchedDemand *d, SimTimeNs t0, SimTimeNs t1)
{
    return pwl_fold(d, t0, t1, trapezoid, 0) / (double)SIM_NS_PER_S;
}

/* ---- diurnal ---- */

static double diurnal_theta(const SchedDemandConfig *c, SimTimeNs t)
{
    return 2 * G_PI * (double)(t - c->phase_ns) / (double)c->period_ns;
}

/* Measure of {x in [0, th) : x mod 2π in (a, b)} for th >= 0, −π/2 <= a <= b <= 3π/2. */
static double arc_measure(double th, double a, double b)
{
    double k = floor(th / (2 * G_PI));
    double r = th - k * 2 * G_PI;
    double m = k * (b - a);
    for (int shift = -1; shift <= 1; shift++) {
        double lo = a + shift * 2 * G_PI, hi = b + shift * 2 * G_PI;
        m += MAX(0.0, MIN(hi, r) - MAX(lo, 0.0));
    }
    return m;
}

static double diurnal_time_above(const SchedDemandConfig *c, SimTimeNs t0, SimTimeNs t1,
                                 double level)
{
    double span = (double)(t1 - t0), amp = c->amplitude_per_s;
    if (amp == 0)
        return c->mean_per_s > level ? span : 0;
    double s = (level - c->mean_per_s) / fabs(amp);
    if (s >= 1)
        return 0;
    if (s < -1)
        return span;
    double a = asin(s), b = G_PI - a;          /* sin x > s on (a, b) mod 2π */
    double th0 = diurnal_theta(c, t0), th1 = diurnal_theta(c, t1);
    if (amp < 0) {                              /* −sin x > s  <=>  sin(x + π) > s */
        th0 += G_PI;
        th1 += G_PI;
    }
    double base = floor(th0 / (2 * G_PI)) * 2 * G_PI;
    double rad = arc_measure(th1 - base, a, b) - arc_measure(th0 - base, a, b);
    return rad * (double)c->period_ns / (2 * G_PI);
}

static double diurnal_integral(const SchedDemandConfig *c, SimTimeNs t0, SimTimeNs t1)
{
    double w = (double)c->period_ns / (2 * G_PI);          /* ns per radian */
    double cos_part = cos(diurnal_theta(c, t0)) - cos(diurnal_theta(c, t1));
    double area_ns = c->mean_per_s * (double)(t1 - t0) + c->amplitude_per_s * w * cos_part;
    return area_ns / (double)SIM_NS_PER_S;
}

/* ---- public ---- */

double sched_demand_at(SchedDemand *d, SimTimeNs t)
{
    const SchedDemandConfig *c = &d->cfg;
    switch (c->shape) {
    case SCHED_DEMAND_CONSTANT: return c->level_per_s;
    case SCHED_DEMAND_STEP:     return t < c->at_ns ? c->from_per_s : c->to_per_s;
    case SCHED_DEMAND_RAMP:
        if (t <= c->at_ns)
            return c->from_per_s;
        if (t >= c->end_ns)
            return c->to_per_s;
        return c->from_per_s + (c->to_per_s - c->from_per_s) * (double)(t - c->at_ns)
                               / (double)(c->end_ns - c->at_ns);
    case SCHED_DEMAND_DIURNAL:
        return MAX(0.0, c->mean_per_s + c->amplitude_per_s * sin(diurnal_theta(c, t)));
    case SCHED_DEMAND_POISSON:  return poisson_at(d, t);
    case SCHED_DEMAND_TRACE:    return c->scale_per_s * trace_view_at(c->trace, t);
    default:                    g_assert_not_reached();
    }
}

SimTimeNs sched_demand_next_change_ns(SchedDemand *d, SimTimeNs t)
{
    const SchedDemandConfig *c = &d->cfg;
    switch (c->shape) {
    case SCHED_DEMAND_CONSTANT: return SIM_TIME_NEVER;
    case SCHED_DEMAND_STEP:     return t < c->at_ns ? c->at_ns : SIM_TIME_NEVER;
    case SCHED_DEMAND_RAMP:
        return t < c->at_ns ? c->at_ns : t < c->end_ns ? c->end_ns : SIM_TIME_NEVER;
    case SCHED_DEMAND_DIURNAL: {
        SimTimeNs r = c->resolution_ns;
        SimTimeNs k = t >= 0 ? t / r : -((-t + r - 1) / r);   /* floor(t / r) */
        return (k + 1) * r;
    }
    case SCHED_DEMAND_POISSON:  return poisson_next(d, t);
    case SCHED_DEMAND_TRACE:    return trace_view_next_change_ns(c->trace, t);
    default:                    g_assert_not_reached();
    }
}

gboolean sched_demand_is_continuous(const SchedDemand *d)
{
    const SchedDemandConfig *c = &d->cfg;
    return c->shape == SCHED_DEMAND_RAMP || c->shape == SCHED_DEMAND_DIURNAL
        || (c->shape == SCHED_DEMAND_TRACE && c->trace->interp == TRACE_LINEAR);
}

double sched_demand_time_above_ns(SchedDemand *d, SimTimeNs t0, SimTimeNs t1, double level)
{
    g_return_val_if_fail(t1 >= t0, 0);
    if (t1 == t0)
        return 0;
    if (d->cfg.shape == SCHED_DEMAND_DIURNAL)
        return diurnal_time_above(&d->cfg, t0, t1, level);
    return pwl_time_above(d, t0, t1, level);
}

double sched_demand_integral(SchedDemand *d, SimTimeNs t0, SimTimeNs t1)
{
    g_return_val_if_fail(t1 >= t0, 0);
    if (d->cfg.shape == SCHED_DEMAND_DIURNAL)
        return diurnal_integral(&d->cfg, t0, t1);
    return pwl_integral(d, t0, t1);
}
