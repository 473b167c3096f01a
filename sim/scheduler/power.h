/* sim/scheduler/power.h — host power: a power model and the power states of a host.
 *
 * Power model (watts as a function of CPU utilization u in 0..1):
 *   linear   P(u) = idle + (peak − idle) × u            (Fan, Weber & Barroso, ISCA 2007)
 *   table    points (u_i, P_i), u ascending, interpolated linearly between points and held
 *            flat outside them: SPECpower_ssj2008 reports power at 0 %, 10 %, …, 100 % load
 *            (Beloglazov & Buyya 2012, Table 1: the two HP ProLiant built-ins below).
 * A host is off (off_w, 0 W by default), booting (boot_ns), on (P(u)) or shutting down
 * (shutdown_ns); during a transition it draws transition_w (default: peak, the
 * conservative choice).  A failure takes it off at once.
 *
 * Energy is integrated exactly: the power is piecewise constant between changes of
 * utilization or state, and energy += P × Δt is settled only when P changes (a set_util
 * that leaves P unchanged settles nothing), so at constant load energy = P × T exactly,
 * whatever the sampling interval.  Energy is kept as W × ns (a double), read as joules.
 *
 * Transitions complete through engine events ("sched.power_done"); a callback reports every
 * state change.  The SchedHostPower owns its pending event and cancels it when freed.
 */
#ifndef SCHED_POWER_H
#define SCHED_POWER_H

#include <glib.h>

#include "sim/core/time.h"

/* The engine (sim/core/engine.h), declared only: sim/scheduler/config.h includes this
 * header, and a scenario header must not reach the engine (tests/test-layout.c). */
typedef struct SimEngine SimEngine;

#define SCHED_POWER_POINTS_MAX 16

typedef struct {
    double    idle_w, peak_w;                       /* linear model (if n_points == 0) */
    guint     n_points;                             /* table model if > 0 */
    double    point_util_frac[SCHED_POWER_POINTS_MAX];
    double    point_w[SCHED_POWER_POINTS_MAX];
    double    off_w;                                /* drawn while off */
    double    transition_w;                         /* while booting / shutting down; < 0: peak */
    SimTimeNs boot_ns, shutdown_ns;
} SchedPowerModel;

/* A linear model; off 0 W, transitions at peak, boot and shutdown as given. */
SchedPowerModel sched_power_linear(double idle_w, double peak_w, SimTimeNs boot_ns,
                                   SimTimeNs shutdown_ns);
/* Built-in SPECpower tables by name ("hp-proliant-g4", "hp-proliant-g5"); FALSE if unknown. */
gboolean        sched_power_builtin(const char *name, SchedPowerModel *pm);
const char     *sched_power_builtin_nth(guint i);                  /* NULL past the end */
/* Checks a model: points ascending in 0..1, watts >= 0, peak >= idle.  SCHED_ERROR. */
gboolean        sched_power_model_check(const SchedPowerModel *pm, GError **error);
double          sched_power_watts(const SchedPowerModel *pm, double util_frac);
double          sched_power_peak_w(const SchedPowerModel *pm);

typedef enum {
    SCHED_POWER_OFF, SCHED_POWER_BOOTING, SCHED_POWER_ON, SCHED_POWER_SHUTTING_DOWN,
    SCHED_POWER_STATE_N,
} SchedPowerState;

const char *sched_power_state_name(SchedPowerState s);

typedef struct SchedHostPower SchedHostPower;
typedef void (*SchedPowerFn)(SchedHostPower *hp, SchedPowerState state, void *user);

/* pm is copied.  on_change may be NULL. */
SchedHostPower *sched_host_power_new(SimEngine *eng, const SchedPowerModel *pm,
                                     SchedPowerState initial, SchedPowerFn on_change,
                                     void *user);
void            sched_host_power_free(SchedHostPower *hp);          /* NULL is a no-op */
/* Utilization 0..1 of the CPU; counts only while on (kept for when it comes on). */
void            sched_host_power_set_util(SchedHostPower *hp, double util_frac);
/* off → booting → on after boot_ns; FALSE (nothing done) unless the host is off. */
gboolean        sched_host_power_on(SchedHostPower *hp);
/* on → shutting down → off after shutdown_ns; FALSE (nothing done) unless it is on. */
gboolean        sched_host_power_off(SchedHostPower *hp);
/* Failure: off now, whatever the state (a pending transition is cancelled). */
void            sched_host_power_fail(SchedHostPower *hp);
SchedPowerState sched_host_power_state(const SchedHostPower *hp);
double          sched_host_power_watts(const SchedHostPower *hp);
double          sched_host_power_energy_j(const SchedHostPower *hp);   /* up to now */
SimTimeNs       sched_host_power_time_in_ns(const SchedHostPower *hp, SchedPowerState s);

#endif
