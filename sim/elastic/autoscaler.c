/* sim/elastic/autoscaler.c — autoscaler evaluation, instance bookkeeping, exact SLA and
 * over-provisioning integrals.  Model, policies and metrics: elastic.h. */
#include "sim/elastic/autoscaler.h"

#include <math.h>
#include <string.h>

#include "sim/yaml/doc.h"

typedef struct { SimTimeNs t_ns; double demand_per_s; } DemandSample;

struct SchedElastic {
    SimEngine         *eng;
    SchedElasticConfig cfg;
    SchedProvTemplate  tpl;
    SchedDemand       *demand;
    SchedElasticHooks  hooks;
    void              *user;
    SchedProv         *prov;
    GArray            *ready_hosts;   /* uint32_t, ready instances, most recent last */
    GArray            *window;        /* DemandSample, predictive */
    SimEventTypeId     ev_eval;
    SimEventId         ev;
    SimTimeNs          last_action_ns;  /* -1: none */
    SimTimeNs          settled_ns;
    double             sla_ns, overprov_ns;
    SimGauge           ready_g, prov_g;
    SimSeries          series;
    guint              scale_outs, scale_ins;
};

/* Threshold comparisons ignore rounding: 0.7 + 0.1 is 0.7999999999999999 in binary, and a
 * utilization of exactly 0.8 must not count as above it. */
#define UTIL_EPS 1e-9

enum { COL_DEMAND = 1, COL_READY_CAP, COL_PROV_CAP, COL_READY, COL_PROV };

static const char *const policy_names[SCHED_SCALE_COUNT] = { "reactive", "predictive" };

const char *sched_scale_policy_name(SchedScalePolicy p)
{
    g_return_val_if_fail(p < SCHED_SCALE_COUNT, "?");
    return policy_names[p];
}

gboolean sched_scale_policy_from_name(const char *name, SchedScalePolicy *out)
{
    for (int i = 0; i < SCHED_SCALE_COUNT; i++)
        if (strcmp(name, policy_names[i]) == 0) {
            *out = (SchedScalePolicy)i;
            return TRUE;
        }
    return FALSE;
}

void sched_elastic_config_init(SchedElasticConfig *cfg)
{
    *cfg = (SchedElasticConfig){
        .service = "service", .capacity_per_s = 100, .policy = SCHED_SCALE_REACTIVE,
        .target_frac = 0.7, .min_instances = 1, .max_instances = 100,
        .initial_instances = G_MAXUINT, .step_out = 1, .step_in = 1,
        .cooldown_ns = 60 * SIM_NS_PER_S, .interval_ns = 10 * SIM_NS_PER_S,
        .window_ns = 300 * SIM_NS_PER_S,
    };
}

static gboolean range_fail(GError **error, const char *what, double v, const char *expected)
{
    g_set_error(error, SCN_ERROR, SCN_ERROR_RANGE, "autoscaler %s '%g' %s", what, v, expected);
    return FALSE;
}

gboolean sched_elastic_config_check(const SchedElasticConfig *c, GError **error)
{
    if (!(c->capacity_per_s > 0))
        return range_fail(error, "capacity", c->capacity_per_s, "req/s is not positive");
    if (!(c->target_frac > 0 && c->target_frac <= 1))
        return range_fail(error, "target", c->target_frac, "is not in (0, 1]");
    if (c->low_frac && c->high_frac && c->low_frac >= c->high_frac)
        return range_fail(error, "low", c->low_frac, "is not below high");
    if (c->max_instances < 1 || c->min_instances > c->max_instances)
        return range_fail(error, "min", c->min_instances, "exceeds max (or max is 0)");
    if (c->initial_instances != G_MAXUINT
        && (c->initial_instances < c->min_instances || c->initial_instances > c->max_instances))
        return range_fail(error, "initial", c->initial_instances, "is outside [min, max]");
    if (c->interval_ns <= 0)
        return range_fail(error, "interval", sim_s_from_ns(c->interval_ns), "s is not positive");
    if (c->cooldown_ns < 0 || c->lead_ns < 0)
        return range_fail(error, "cooldown/lead", sim_s_from_ns(MIN(c->cooldown_ns, c->lead_ns)),
                          "s is negative");
    if (c->policy == SCHED_SCALE_PREDICTIVE && c->window_ns < c->interval_ns)
        return range_fail(error, "window", sim_s_from_ns(c->window_ns),
                          "s is shorter than the interval (the fit needs two samples)");
    return TRUE;
}

/* ---- metrics ---- */

static double cap_per_s(const SchedElastic *e) { return e->cfg.capacity_per_s; }

/* Integrates SLA violation and over-provisioning over [settled, now) at the current R. */
static void elastic_settle_to(SchedElastic *e, SimTimeNs now)
{
    SimTimeNs t0 = e->settled_ns;
    if (now <= t0)
        return;
    guint ready = e->ready_hosts->len;
    double span = (double)(now - t0);
    e->sla_ns += sched_demand_time_above_ns(e->demand, t0, now, ready * cap_per_s(e));
    for (guint k = 0; k < ready; k++)
        e->overprov_ns += span - sched_demand_time_above_ns(e->demand, t0, now, k * cap_per_s(e));
    e->settled_ns = now;
}

static void elastic_row(SchedElastic *e, SimTimeNs now)
{
    guint ready = e->ready_hosts->len, prov = sched_elastic_provisioned(e);
    double *row = sim_series_new_row(&e->series, now);
    row[COL_DEMAND] = sched_demand_at(e->demand, now);
    row[COL_READY_CAP] = ready * cap_per_s(e);
    row[COL_PROV_CAP] = prov * cap_per_s(e);
    row[COL_READY] = ready;
    row[COL_PROV] = prov;
}

static void elastic_counts_changed(SchedElastic *e, SimTimeNs now)
{
    sim_gauge_set(&e->ready_g, now, e->ready_hosts->len);
    sim_gauge_set(&e->prov_g, now, sched_elastic_provisioned(e));
    elastic_row(e, now);
}

/* ---- instances ---- */

static void elastic_add_ready(SchedElastic *e, uint32_t host)
{
    g_array_append_val(e->ready_hosts, host);
    if (e->hooks.ready)
        e->hooks.ready(e->user, host);
}

static void elastic_on_prov_done(void *user, SchedProvRequest *req)
{
    SchedElastic *e = user;
    SimTimeNs now = sim_engine_now_ns(e->eng);
    elastic_settle_to(e, now);
    if (req->state == SCHED_PROV_READY)
        elastic_add_ready(e, req->host);
    elastic_counts_changed(e, now);
}

static gboolean elastic_place(void *user, const SchedProvTemplate *tpl, uint32_t *host_out)
{
    SchedElastic *e = user;
    return e->hooks.place(e->user, tpl, host_out);
}

static void elastic_scale_out(SchedElastic *e, guint n)
{
    for (guint i = 0; i < n; i++)
        sched_prov_submit(e->prov, &e->tpl, NULL);
}

/* Releases up to n ready instances (most recent first); returns how many. */
static guint elastic_scale_in(SchedElastic *e, guint n, SimTimeNs now)
{
    elastic_settle_to(e, now);
    guint done = 0;
    for (; done < n && e->ready_hosts->len > 0; done++) {
        uint32_t host = g_array_index(e->ready_hosts, uint32_t, e->ready_hosts->len - 1);
        g_array_set_size(e->ready_hosts, e->ready_hosts->len - 1);
        if (e->hooks.release)
            e->hooks.release(e->user, host);
    }
    return done;
}

/* ---- policies ---- */

static guint to_target(const SchedElastic *e, double demand_per_s)
{
    double n = ceil(demand_per_s / (cap_per_s(e) * e->cfg.target_frac) - 1e-9);
    return n <= 0 ? 0 : n >= G_MAXUINT ? G_MAXUINT : (guint)n;
}

static guint reactive_desired(const SchedElastic *e, double d, guint prov)
{
    const SchedElasticConfig *c = &e->cfg;
    double low = c->low_frac ? c->low_frac : c->target_frac - 0.1;
    double high = c->high_frac ? c->high_frac : MIN(c->target_frac + 0.1, 1.0);
    double u = prov ? d / (prov * cap_per_s(e)) : d > 0 ? INFINITY : 0;
    if (u > high + UTIL_EPS)
        return c->step_out ? prov + c->step_out : MAX(to_target(e, d), prov + 1);
    if (u < low - UTIL_EPS && prov > 0)
        return c->step_in ? prov - MIN(c->step_in, prov) : MIN(to_target(e, d), prov - 1);
    return prov;
}

/* Least-squares slope (req/s per ns) and the line's value at `at`, from the window. */
static double predictive_forecast(const SchedElastic *e, SimTimeNs at, double d_now)
{
    guint n = e->window->len;
    if (n < 2)
        return d_now;
    SimTimeNs t0 = g_array_index(e->window, DemandSample, 0).t_ns;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (guint i = 0; i < n; i++) {
        const DemandSample *s = &g_array_index(e->window, DemandSample, i);
        double x = (double)(s->t_ns - t0);
        sx += x, sy += s->demand_per_s, sxx += x * x, sxy += x * s->demand_per_s;
    }
    double den = n * sxx - sx * sx;
    double slope = den > 0 ? (n * sxy - sx * sy) / den : 0;
    double icept = (sy - slope * sx) / n;
    return icept + slope * (double)(at - t0);
}

static SimTimeNs predictive_lead_ns(SchedElastic *e)
{
    if (e->cfg.lead_ns > 0)
        return e->cfg.lead_ns;
    SimStats st = sim_tally_stats(sched_prov_time_to_ready(e->prov));
    return st.n ? (SimTimeNs)st.mean : sched_prov_nominal_ns(e->prov, &e->tpl);
}

static guint predictive_desired(SchedElastic *e, double d, guint prov, SimTimeNs now)
{
    double d_hat = predictive_forecast(e, now + predictive_lead_ns(e), d);
    guint want = to_target(e, MAX(d, d_hat));
    if (e->cfg.step_out && want > prov + e->cfg.step_out)
        want = prov + e->cfg.step_out;
    if (e->cfg.step_in && want + e->cfg.step_in < prov)
        want = prov - e->cfg.step_in;
    return want;
}

static void window_push(SchedElastic *e, SimTimeNs now, double d)
{
    DemandSample s = { now, d };
    g_array_append_val(e->window, s);
    guint drop = 0;
    while (drop < e->window->len
           && g_array_index(e->window, DemandSample, drop).t_ns < now - e->cfg.window_ns)
        drop++;
    g_array_remove_range(e->window, 0, drop);
}

/* ---- evaluation ---- */

static void elastic_act(SchedElastic *e, double d, SimTimeNs now)
{
    guint prov = sched_elastic_provisioned(e);
    guint want = e->cfg.policy == SCHED_SCALE_PREDICTIVE ? predictive_desired(e, d, prov, now)
                                                         : reactive_desired(e, d, prov);
    want = CLAMP(want, e->cfg.min_instances, e->cfg.max_instances);
    if (want > prov) {
        elastic_scale_out(e, want - prov);
        e->scale_outs++;
        e->last_action_ns = now;
    } else if (want < prov && elastic_scale_in(e, prov - want, now) > 0) {
        e->scale_ins++;
        e->last_action_ns = now;
    }
}

static void elastic_on_eval(SimEngine *eng, void *target, const void *payload)
{
    SchedElastic *e = target;
    SimTimeNs now = sim_engine_now_ns(eng);
    elastic_settle_to(e, now);
    double d = sched_demand_at(e->demand, now);
    if (e->cfg.policy == SCHED_SCALE_PREDICTIVE)
        window_push(e, now, d);
    if (e->last_action_ns < 0 || now >= e->last_action_ns + e->cfg.cooldown_ns)
        elastic_act(e, d, now);
    elastic_counts_changed(e, now);
    e->ev = sim_engine_schedule(eng, e->cfg.interval_ns, e->ev_eval, e, NULL);
}

/* ---- lifetime ---- */

SchedElastic *sched_elastic_new(SimEngine *eng, SimShare *share, const SchedElasticConfig *cfg,
                                const SchedProvConfig *prov, const SchedProvTemplate *tpl,
                                SchedDemand *demand, const SchedElasticHooks *hooks,
                                void *user, GError **error)
{
    g_return_val_if_fail(hooks && hooks->place && demand, NULL);
    if (!sched_elastic_config_check(cfg, error))
        return NULL;
    static const SimEventType eval = { .name = "elastic.evaluate", .handle = elastic_on_eval };
    static const char *const cols[] = { "demand_per_s", "ready_capacity_per_s",
        "provisioned_capacity_per_s", "ready_instances", "provisioned_instances" };
    SchedElastic *e = g_new0(SchedElastic, 1);
    e->eng = eng;
    e->cfg = *cfg;
    if (e->cfg.initial_instances == G_MAXUINT)
        e->cfg.initial_instances = e->cfg.min_instances;
    e->tpl = *tpl;
    e->demand = demand;
    e->hooks = *hooks;
    e->user = user;
    SchedProvHooks ph = { .place = elastic_place, .done = elastic_on_prov_done };
    e->prov = sched_prov_new(eng, share, prov, &ph, e);
    e->ready_hosts = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    e->window = g_array_new(FALSE, FALSE, sizeof(DemandSample));
    e->ev_eval = sim_engine_register(eng, &eval);
    e->last_action_ns = -1;
    sim_series_init(&e->series);
    for (guint i = 0; i < G_N_ELEMENTS(cols); i++)
        sim_series_add_column(&e->series, cols[i]);
    return e;
}

void sched_elastic_start(SchedElastic *e)
{
    SimTimeNs now = sim_engine_now_ns(e->eng);
    e->settled_ns = now;
    for (guint i = 0; i < e->cfg.initial_instances; i++) {
        uint32_t host;
        if (e->hooks.place(e->user, &e->tpl, &host))
            elastic_add_ready(e, host);
    }
    sim_gauge_init(&e->ready_g, now, e->ready_hosts->len);
    sim_gauge_init(&e->prov_g, now, e->ready_hosts->len);
    e->ev = sim_engine_schedule(e->eng, 0, e->ev_eval, e, NULL);
}

void sched_elastic_settle(SchedElastic *e)
{
    elastic_settle_to(e, sim_engine_now_ns(e->eng));
}

void sched_elastic_free(SchedElastic *e)
{
    if (!e)
        return;
    if (e->ev)
        sim_engine_cancel(e->eng, e->ev);
    sched_prov_free(e->prov);
    g_array_free(e->ready_hosts, TRUE);
    g_array_free(e->window, TRUE);
    sim_series_clear(&e->series);
    g_free(e);
}

guint sched_elastic_ready(const SchedElastic *e) { return e->ready_hosts->len; }
guint sched_elastic_provisioned(const SchedElastic *e)
{
    return e->ready_hosts->len + sched_prov_in_flight(e->prov);
}
guint sched_elastic_scale_outs(const SchedElastic *e) { return e->scale_outs; }
guint sched_elastic_scale_ins(const SchedElastic *e) { return e->scale_ins; }
double sched_elastic_sla_violation_s(const SchedElastic *e) { return e->sla_ns / 1e9; }
double sched_elastic_sla_violation_at_s(SchedElastic *e, SimTimeNs now)
{
    double open_ns = now > e->settled_ns
        ? sched_demand_time_above_ns(e->demand, e->settled_ns, now,
                                     e->ready_hosts->len * cap_per_s(e))
        : 0.0;
    return (e->sla_ns + open_ns) / 1e9;
}
double sched_elastic_overprov_instance_h(const SchedElastic *e) { return e->overprov_ns / 3.6e12; }
double sched_elastic_instance_h(SchedElastic *e)
{
    return sim_gauge_area(&e->ready_g, sim_engine_now_ns(e->eng)) / 3.6e12;
}
SimTimeNs sched_elastic_last_action_ns(const SchedElastic *e) { return e->last_action_ns; }
SimSeries *sched_elastic_series(SchedElastic *e) { return &e->series; }
SchedProv *sched_elastic_prov(SchedElastic *e) { return e->prov; }
SchedDemand *sched_elastic_demand(SchedElastic *e) { return e->demand; }
