/* sim/scheduler/power.c — power models and exact energy integration; see power.h. */
#include "sim/scheduler/power.h"

#include <string.h>

#include "sim/core/engine.h"
#include "sim/scheduler/error.h"

struct SchedHostPower {
    SimEngine       *eng;
    SchedPowerModel  pm;
    SchedPowerState  state;
    double           util_frac;
    double           watts;            /* held since last_ns */
    double           energy_w_ns;      /* settled up to last_ns */
    SimTimeNs        last_ns;
    SimTimeNs        state_since_ns;
    SimTimeNs        time_in_ns[SCHED_POWER_STATE_N];
    SimEventId       pending;
    SimEventTypeId   ev_done;
    SchedPowerFn     on_change;
    void            *user;
};

/* ---- models ----------------------------------------------------------------------- */

SchedPowerModel sched_power_linear(double idle_w, double peak_w, SimTimeNs boot_ns,
                                   SimTimeNs shutdown_ns)
{
    return (SchedPowerModel){ .idle_w = idle_w, .peak_w = peak_w, .transition_w = -1,
                              .boot_ns = boot_ns, .shutdown_ns = shutdown_ns };
}

/* SPECpower_ssj2008 results at 0 %, 10 %, …, 100 % load, as tabulated by Beloglazov &
 * Buyya 2012 (Table 1).  HP ProLiant ML110 G4 (Xeon 3040), ML110 G5 (Xeon 3075). */
typedef struct { const char *name; double w[11]; } SchedPowerTable;
static const SchedPowerTable sched_power_tables[] = {
    { "hp-proliant-g4", { 86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117 } },
    { "hp-proliant-g5", { 93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135 } },
};

const char *sched_power_builtin_nth(guint i)
{
    return i < G_N_ELEMENTS(sched_power_tables) ? sched_power_tables[i].name : NULL;
}

gboolean sched_power_builtin(const char *name, SchedPowerModel *pm)
{
    for (guint t = 0; t < G_N_ELEMENTS(sched_power_tables); t++) {
        if (g_strcmp0(name, sched_power_tables[t].name) != 0)
            continue;
        *pm = sched_power_linear(sched_power_tables[t].w[0], sched_power_tables[t].w[10], 0, 0);
        pm->n_points = 11;
        for (guint i = 0; i < 11; i++) {
            pm->point_util_frac[i] = i / 10.0;
            pm->point_w[i] = sched_power_tables[t].w[i];
        }
        return TRUE;
    }
    return FALSE;
}

gboolean sched_power_model_check(const SchedPowerModel *pm, GError **error)
{
    if (pm->n_points == 0 && !(pm->idle_w >= 0 && pm->peak_w >= pm->idle_w)) {
        g_set_error(error, SCHED_ERROR, SCHED_ERROR_POWER,
                    "power: idle '%g W' and peak '%g W' (expected 0 <= idle <= peak)",
                    pm->idle_w, pm->peak_w);
        return FALSE;
    }
    if (pm->n_points > SCHED_POWER_POINTS_MAX) {
        g_set_error(error, SCHED_ERROR, SCHED_ERROR_POWER,
                    "power: table has '%u' points (expected at most %d)",
                    pm->n_points, SCHED_POWER_POINTS_MAX);
        return FALSE;
    }
    for (guint i = 0; i < pm->n_points; i++) {
        double u = pm->point_util_frac[i];
        if (u < 0 || u > 1 || pm->point_w[i] < 0 ||
            (i > 0 && u <= pm->point_util_frac[i - 1])) {
            g_set_error(error, SCHED_ERROR, SCHED_ERROR_POWER,
                        "power: table point %u (%g, %g W) is out of order or range "
                        "(expected utilization ascending in 0..1, watts >= 0)",
                        i, u, pm->point_w[i]);
            return FALSE;
        }
    }
    return TRUE;
}

static double table_watts(const SchedPowerModel *pm, double u)
{
    guint n = pm->n_points;
    if (u <= pm->point_util_frac[0])
        return pm->point_w[0];
    for (guint i = 1; i < n; i++) {
        if (u <= pm->point_util_frac[i]) {
            double u0 = pm->point_util_frac[i - 1], u1 = pm->point_util_frac[i];
            double w0 = pm->point_w[i - 1], w1 = pm->point_w[i];
            return w0 + (w1 - w0) * (u - u0) / (u1 - u0);
        }
    }
    return pm->point_w[n - 1];
}

double sched_power_watts(const SchedPowerModel *pm, double util_frac)
{
    double u = CLAMP(util_frac, 0.0, 1.0);
    if (pm->n_points > 0)
        return table_watts(pm, u);
    return pm->idle_w + (pm->peak_w - pm->idle_w) * u;
}

double sched_power_peak_w(const SchedPowerModel *pm)
{
    return sched_power_watts(pm, 1.0);
}

/* ---- host states ------------------------------------------------------------------ */

const char *sched_power_state_name(SchedPowerState s)
{
    static const char *const names[SCHED_POWER_STATE_N] = {
        "off", "booting", "on", "shutting-down",
    };
    g_assert(s < SCHED_POWER_STATE_N);
    return names[s];
}

static double state_watts(const SchedHostPower *hp)
{
    switch (hp->state) {
    case SCHED_POWER_OFF: return hp->pm.off_w;
    case SCHED_POWER_ON:  return sched_power_watts(&hp->pm, hp->util_frac);
    case SCHED_POWER_BOOTING:
    case SCHED_POWER_SHUTTING_DOWN:
        return hp->pm.transition_w >= 0 ? hp->pm.transition_w : sched_power_peak_w(&hp->pm);
    case SCHED_POWER_STATE_N: break;
    }
    g_assert_not_reached();
}

/* Settles the energy only if the power changes, then holds the new power from now. */
static void power_update(SchedHostPower *hp)
{
    double w = state_watts(hp);
    if (w == hp->watts)
        return;
    SimTimeNs now = sim_engine_now_ns(hp->eng);
    hp->energy_w_ns += hp->watts * (double)(now - hp->last_ns);
    hp->last_ns = now;
    hp->watts = w;
}

static void set_state(SchedHostPower *hp, SchedPowerState s)
{
    SimTimeNs now = sim_engine_now_ns(hp->eng);
    hp->time_in_ns[hp->state] += now - hp->state_since_ns;
    hp->state_since_ns = now;
    hp->state = s;
    power_update(hp);
    if (hp->on_change)
        hp->on_change(hp, s, hp->user);
}

static void power_on_done(SimEngine *eng, void *target, const void *payload)
{
    SchedHostPower *hp = target;
    hp->pending = 0;
    set_state(hp, hp->state == SCHED_POWER_BOOTING ? SCHED_POWER_ON : SCHED_POWER_OFF);
}

static const SimEventType sched_power_done_type = {
    .name = "sched.power_done", .handle = power_on_done, .payload_bytes = 0,
};

SchedHostPower *sched_host_power_new(SimEngine *eng, const SchedPowerModel *pm,
                                     SchedPowerState initial, SchedPowerFn on_change,
                                     void *user)
{
    g_return_val_if_fail(eng && pm && initial < SCHED_POWER_STATE_N, NULL);
    g_return_val_if_fail(initial == SCHED_POWER_ON || initial == SCHED_POWER_OFF, NULL);
    SchedHostPower *hp = g_new0(SchedHostPower, 1);
    hp->eng = eng;
    hp->pm = *pm;
    hp->state = initial;
    hp->last_ns = hp->state_since_ns = sim_engine_now_ns(eng);
    hp->watts = state_watts(hp);
    hp->ev_done = sim_engine_register(eng, &sched_power_done_type);
    hp->on_change = on_change;
    hp->user = user;
    return hp;
}

void sched_host_power_free(SchedHostPower *hp)
{
    if (!hp)
        return;
    sim_engine_cancel(hp->eng, hp->pending);
    g_free(hp);
}

void sched_host_power_set_util(SchedHostPower *hp, double util_frac)
{
    hp->util_frac = CLAMP(util_frac, 0.0, 1.0);
    power_update(hp);
}

static void transition(SchedHostPower *hp, SchedPowerState via, SimTimeNs took_ns)
{
    set_state(hp, via);
    hp->pending = sim_engine_schedule(hp->eng, took_ns, hp->ev_done, hp, NULL);
}

gboolean sched_host_power_on(SchedHostPower *hp)
{
    if (hp->state != SCHED_POWER_OFF)
        return FALSE;
    transition(hp, SCHED_POWER_BOOTING, hp->pm.boot_ns);
    return TRUE;
}

gboolean sched_host_power_off(SchedHostPower *hp)
{
    if (hp->state != SCHED_POWER_ON)
        return FALSE;
    transition(hp, SCHED_POWER_SHUTTING_DOWN, hp->pm.shutdown_ns);
    return TRUE;
}

void sched_host_power_fail(SchedHostPower *hp)
{
    sim_engine_cancel(hp->eng, hp->pending);
    hp->pending = 0;
    if (hp->state != SCHED_POWER_OFF)
        set_state(hp, SCHED_POWER_OFF);
}

SchedPowerState sched_host_power_state(const SchedHostPower *hp) { return hp->state; }
double sched_host_power_watts(const SchedHostPower *hp) { return hp->watts; }

double sched_host_power_energy_j(const SchedHostPower *hp)
{
    SimTimeNs now = sim_engine_now_ns(hp->eng);
    return (hp->energy_w_ns + hp->watts * (double)(now - hp->last_ns)) / 1e9;
}

SimTimeNs sched_host_power_time_in_ns(const SchedHostPower *hp, SchedPowerState s)
{
    g_return_val_if_fail(s < SCHED_POWER_STATE_N, 0);
    SimTimeNs t = hp->time_in_ns[s];
    if (s == hp->state)
        t += sim_engine_now_ns(hp->eng) - hp->state_since_ns;
    return t;
}
