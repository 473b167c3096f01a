/* sim/scheduler/config.h — the scheduler section and each host's power model.
 *
 * scheduler: { placement: first-fit|best-fit|worst-fit|balanced, vcpu: fair|credit|pinned,
 *              quantum: 30 ms, context_switch: 2 us,
 *              overcommit: { cpu: 1.0, memory: 1.0 },
 *              consolidation: { enabled: true, interval: 5 min, low: 20%, high: 80%, min_hosts_on: 1,
 *                               strategy: pre-copy } }
 * host:      power: { idle: 100 W, peak: 250 W, model: hp-proliant-g4, off: 0 W,
 *                     boot: 120 s, shutdown: 30 s }
 */
#ifndef SIM_SCNSCHED_H
#define SIM_SCNSCHED_H

#include "sim/scheduler/power.h"
#include "sim/yaml/schema.h"

typedef enum { SCN_VCPU_FAIR, SCN_VCPU_CREDIT, SCN_VCPU_PINNED, SCN_VCPU_COUNT } ScnVcpuMode;

extern const char *const scn_vcpu_mode_names[];   /* "fair", "credit", "pinned", NULL */

typedef struct {
    char      *placement;            /* a sim/scheduler placement policy name */
    ScnVcpuMode vcpu;                /* how a host's cores are shared among its VMs */
    SimTimeNs  quantum_ns;           /* > 0: also simulate time slices (latency, jitter) */
    SimTimeNs  context_switch_ns;    /* cost of one vCPU switch in quantum mode */
    double     overcommit_cpu, overcommit_memory;
    gboolean   consolidation;        /* the controller runs */
    SimTimeNs  interval_ns;
    double     low_frac, high_frac;
    int        min_hosts_on;
    char      *strategy;             /* NULL: the scenario's migration.strategy */
} ScnScheduler;

typedef struct {
    SchedPowerModel model;
    char           *builtin;         /* a built-in table's name, or NULL for idle/peak */
} ScnPower;

/* The key tables of `scheduler:` and a host's `power:` (schema.h). */
extern const ScnKey scn_scheduler_keys[], scn_power_keys[];

void     scn_scheduler_init(ScnScheduler *s);
void     scn_write_scheduler_section(ScnWriter *w, const ScnScheduler *s);
void     scn_scheduler_clear(ScnScheduler *s);
gboolean scn_read_scheduler(ScnScheduler *s, ScnDoc *d, ScnNode *n, GError **error);
void     scn_power_init(ScnPower *p);
void     scn_power_copy(ScnPower *dst, const ScnPower *src);
void     scn_power_clear(ScnPower *p);
gboolean scn_read_power(ScnPower *p, ScnDoc *d, ScnNode *n, GError **error);

#endif
