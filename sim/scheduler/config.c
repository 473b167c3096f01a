/* sim/scheduler/config.c — scheduler section and host power; see scnsched.h. */
#include "sim/scheduler/config.h"

#include "sim/scheduler/placement.h"

const char *const scn_vcpu_mode_names[] = { "fair", "credit", "pinned", NULL };

static const ScnKey consolidation_keys[] = {
    { .key = "enabled", .type = SCN_KEY_BOOL, .offset = SCN_NO_FIELD,
      .def_doc = "`true` when the block is given", .doc = "the controller runs" },
    { .key = "interval", .type = SCN_KEY_DURATION, .offset = SCN_NO_FIELD, .lo = 1e9,
      .def = "5 min", .doc = "how often it decides" },
    { .key = "low", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .offset = SCN_NO_FIELD,
      .lo = 0, .hi = 1, .def = "20%",
      .doc = "hosts below are emptied (all their VMs or none) and powered off" },
    { .key = "high", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .offset = SCN_NO_FIELD,
      .lo = 0, .hi = 1, .def = "80%", .doc = "hosts above shed VMs until below; `low < high`" },
    { .key = "min_hosts_on", .type = SCN_KEY_INT, .offset = SCN_NO_FIELD, .lo = 0, .hi = 1e7,
      .def = "1", .doc = "never fewer hosts on" },
    { .key = "strategy", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .type_doc = "name",
      .def_doc = "`migration.strategy`", .doc = "the migration strategy its moves use" },
    { NULL },
};

static const ScnKey overcommit_keys[] = {
    { .key = "cpu", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 0.01, .hi = 1000,
      .offset = offsetof(ScnScheduler, overcommit_cpu), .def = "1",
      .doc = "0.01 .. 1000: a host admits up to `cores × cpu` vCPUs" },
    { .key = "memory", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 1, .hi = 1000,
      .offset = offsetof(ScnScheduler, overcommit_memory), .def = "1",
      .doc = "1 .. 1000: a host admits up to `memory × memory` bytes of VM memory (above 1: "
             "overcommit, with ballooning)" },
    { NULL },
};

/* Read by scn_read_scheduler below (placement and consolidation have checks of their own). */
const ScnKey scn_scheduler_keys[] = {
    { .key = "placement", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .type_doc = "name",
      .def = "first-fit", .doc = "`first-fit`, `best-fit`, `worst-fit` or `balanced`" },
    { .key = "vcpu", .type = SCN_KEY_ENUM, .names = scn_vcpu_mode_names, .offset = SCN_NO_FIELD,
      .def = "fair",
      .doc = "`fair` (equal weight per vCPU), `credit` (Xen-style: each VM's `weight` and `cap`) "
             "or `pinned` (each vCPU owns a core: `pin:` lists or the lowest free cores; no CPU "
             "overcommit); a host's `vcpu:` overrides it" },
    { .key = "quantum", .type = SCN_KEY_DURATION, .offset = SCN_NO_FIELD, .lo = 1e5,
      .zero_ok = TRUE, .def = "0", .def_doc = "`0` (off)",
      .doc = "> 0: each host's cores also run as a time-sliced credit scheduler with this slice, "
             "for scheduling delays (`sched_delay_*` in vms.csv); throughput stays with the fluid "
             "model" },
    { .key = "context_switch", .type = SCN_KEY_DURATION, .offset = SCN_NO_FIELD, .def = "2 us",
      .doc = "the cost of one vCPU switch in quantum mode (plus a TLB refill when the TLB is "
             "untagged)" },
    { .key = "overcommit", .type = SCN_KEY_MAP, .sub = overcommit_keys,
      .doc = "how far placement may fill a host" },
    { .key = "consolidation", .type = SCN_KEY_CUSTOM, .sub = consolidation_keys,
      .doc = "the consolidation controller: empties lightly loaded hosts and powers them off" },
    { NULL },
};

const ScnKey scn_power_keys[] = {
    { .key = "idle", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_POWER, .offset = SCN_NO_FIELD,
      .lo = 0, .hi = 1e7, .def = "100 W", .doc = "power at 0 % utilization" },
    { .key = "peak", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_POWER, .offset = SCN_NO_FIELD,
      .lo = 0, .hi = 1e7, .def = "250 W", .doc = "power at 100 % utilization" },
    { .key = "model", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD,
      .doc = "a built-in table of measured points (`hp-proliant-g4`, `hp-proliant-g5`); "
             "excludes `idle`/`peak`" },
    { .key = "off", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_POWER, .offset = SCN_NO_FIELD,
      .lo = 0, .hi = 1e7, .def = "0 W", .doc = "drawn while the host is off" },
    { .key = "boot", .type = SCN_KEY_DURATION, .offset = SCN_NO_FIELD, .def = "120 s",
      .doc = "time to boot (at peak power)" },
    { .key = "shutdown", .type = SCN_KEY_DURATION, .offset = SCN_NO_FIELD, .def = "30 s",
      .doc = "time to shut down (at peak power)" },
    { NULL },
};

void scn_scheduler_init(ScnScheduler *s)
{
    *s = (ScnScheduler){ .placement = g_strdup("first-fit"), .overcommit_cpu = 1.0,
                         .context_switch_ns = 2 * SIM_NS_PER_US,
                         .overcommit_memory = 1.0, .interval_ns = 5 * 60 * SIM_NS_PER_S,
                         .low_frac = 0.2, .high_frac = 0.8, .min_hosts_on = 1 };
}

void scn_scheduler_clear(ScnScheduler *s)
{
    g_free(s->placement);
    g_free(s->strategy);
    s->placement = s->strategy = NULL;
}

static gboolean read_placement(ScnScheduler *s, ScnDoc *d, ScnNode *n, GError **error)
{
    const char *name = NULL;
    if (!scn_get_string(d, n, &name, error))
        return FALSE;
    if (!sched_placement_lookup(name)) {
        g_autofree char *names = sched_placement_names();
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown placement policy '%s' (expected %s)",
                        name, names);
    }
    g_free(s->placement);
    s->placement = g_strdup(name);
    return TRUE;
}

static gboolean read_consolidation(ScnScheduler *s, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(consolidation_keys);
    int64_t min_on = s->min_hosts_on;
    const char *strategy = NULL;
    gboolean enabled = TRUE;
    if (!scn_expect_map(d, n, "scheduler.consolidation", error) ||
        !scn_check_keys(d, n, keys, "scheduler.consolidation", error) ||
        !scn_opt_duration_min_ns(d, n, "interval", SIM_NS_PER_S, FALSE, &s->interval_ns, error) ||
        !scn_opt_quantity(d, n, "low", SCN_UNIT_FRAC, 0, 1, &s->low_frac, error) ||
        !scn_opt_quantity(d, n, "high", SCN_UNIT_FRAC, 0, 1, &s->high_frac, error) ||
        !scn_opt_int(d, n, "min_hosts_on", 0, 10000000, &min_on, error) ||
        !scn_opt_string(d, n, "strategy", &strategy, error) ||
        !scn_opt_bool(d, n, "enabled", &enabled, error))
        return FALSE;
    if (s->low_frac >= s->high_frac)
        return scn_fail(error, d, n, SCN_ERROR_RANGE,
                        "consolidation needs low < high (got low %g, high %g)", s->low_frac,
                        s->high_frac);
    s->consolidation = enabled;
    s->min_hosts_on = (int)min_on;
    if (strategy) {
        g_free(s->strategy);
        s->strategy = g_strdup(strategy);
    }
    return TRUE;
}

gboolean scn_read_scheduler(ScnScheduler *s, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_scheduler_keys);
    int mode = s->vcpu;
    if (!scn_expect_map(d, n, "scheduler", error) ||
        !scn_check_keys(d, n, keys, "scheduler", error))
        return FALSE;
    ScnNode *pl = scn_map_get(d, n, "placement"), *oc = scn_map_get(d, n, "overcommit");
    ScnNode *cons = scn_map_get(d, n, "consolidation");
    if ((pl && !read_placement(s, d, pl, error)) ||
        (cons && !read_consolidation(s, d, cons, error)) ||
        !scn_opt_enum(d, n, "vcpu", scn_vcpu_mode_names, &mode, error) ||
        !scn_opt_duration_min_ns(d, n, "quantum", 100 * SIM_NS_PER_US, TRUE, &s->quantum_ns,
                                 error) ||
        !scn_opt_duration_ns(d, n, "context_switch", &s->context_switch_ns, error))
        return FALSE;
    s->vcpu = (ScnVcpuMode)mode;
    if (!oc)
        return TRUE;
    return scn_schema_read_keys(overcommit_keys, "scheduler.overcommit", s, d, oc, error);
}

/* Defaults: a linear 100 W idle to 250 W peak server (DESIGN.md's example; Fan et al. ISCA
 * 2007's linear model), 120 s to boot, 30 s to shut down (assumptions, docs/models.md). */
void scn_power_init(ScnPower *p)
{
    p->model = sched_power_linear(100, 250, 120 * SIM_NS_PER_S, 30 * SIM_NS_PER_S);
    p->builtin = NULL;
}

void scn_power_copy(ScnPower *dst, const ScnPower *src)
{
    dst->model = src->model;
    dst->builtin = g_strdup(src->builtin);
}

void scn_power_clear(ScnPower *p)
{
    g_free(p->builtin);
    p->builtin = NULL;
}

static gboolean read_power_builtin(ScnPower *p, ScnDoc *d, ScnNode *n, GError **error)
{
    const char *name = NULL;
    if (!scn_get_string(d, n, &name, error))
        return FALSE;
    SchedPowerModel pm = p->model;
    if (!sched_power_builtin(name, &pm)) {
        GString *names = g_string_new(NULL);
        for (guint i = 0; sched_power_builtin_nth(i); i++)
            g_string_append_printf(names, "%s%s", i ? ", " : "", sched_power_builtin_nth(i));
        scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown power model '%s' (expected %s)", name,
                 names->str);
        g_string_free(names, TRUE);
        return FALSE;
    }
    pm.boot_ns = p->model.boot_ns;
    pm.shutdown_ns = p->model.shutdown_ns;
    pm.off_w = p->model.off_w;
    p->model = pm;
    g_free(p->builtin);
    p->builtin = g_strdup(name);
    return TRUE;
}

gboolean scn_read_power(ScnPower *p, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_power_keys);
    SchedPowerModel *m = &p->model;
    ScnNode *model = scn_map_get(d, n, "model");
    if (!scn_expect_map(d, n, "power", error) || !scn_check_keys(d, n, keys, "power", error) ||
        !scn_opt_duration_ns(d, n, "boot", &m->boot_ns, error) ||
        !scn_opt_duration_ns(d, n, "shutdown", &m->shutdown_ns, error) ||
        !scn_opt_quantity(d, n, "off", SCN_UNIT_POWER, 0, 1e7, &m->off_w, error))
        return FALSE;
    if (model && (scn_map_get(d, n, "idle") || scn_map_get(d, n, "peak")))
        return scn_fail(error, d, model, SCN_ERROR_CONFLICT,
                        "'model' and 'idle'/'peak' exclude each other (a table or a line)");
    if (model)
        return read_power_builtin(p, d, model, error);
    if (!scn_opt_quantity(d, n, "idle", SCN_UNIT_POWER, 0, 1e7, &m->idle_w, error) ||
        !scn_opt_quantity(d, n, "peak", SCN_UNIT_POWER, 0, 1e7, &m->peak_w, error))
        return FALSE;
    if (m->peak_w < m->idle_w)
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "peak power %g W is below idle power %g W",
                        m->peak_w, m->idle_w);
    return TRUE;
}
