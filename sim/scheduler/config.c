/* sim/scheduler/config.c — scheduler section and host power; see scnsched.h. */
#include "sim/scheduler/config.h"

#include "sim/migration/config.h"
#include "sim/migration/strategy.h"
#include "sim/scheduler/placement.h"

const char *const scn_vcpu_mode_names[] = { "fair", "credit", "pinned", NULL };

static const char *const *placement_names(void);
static gboolean read_placement(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_consolidation(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static void write_consolidation(ScnWriter *w, const ScnKey *k, const void *obj);
static gboolean read_power_builtin(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static void write_linear(ScnWriter *w, const ScnKey *k, const void *obj);

static const ScnKey consolidation_keys[] = {
    { .key = "enabled", .type = SCN_KEY_BOOL, .offset = offsetof(ScnScheduler, consolidation),
      .def_doc = "`true` when the block is given", .doc = "the controller runs" },
    { .key = "interval", .type = SCN_KEY_DURATION, .offset = offsetof(ScnScheduler, interval_ns),
      .lo = 1e9, .def = "5 min", .doc = "how often it decides" },
    { .key = "low", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnScheduler, low_frac), .lo = 0, .hi = 1, .def = "20%",
      .doc = "hosts below are emptied (all their VMs or none) and powered off" },
    { .key = "high", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnScheduler, high_frac), .lo = 0, .hi = 1, .def = "80%",
      .doc = "hosts above shed VMs until below; `low < high`" },
    { .key = "min_hosts_on", .type = SCN_KEY_INT, .offset = offsetof(ScnScheduler, min_hosts_on),
      .lo = 0, .hi = 1e7, .def = "1", .doc = "never fewer hosts on" },
    { .key = "strategy", .type = SCN_KEY_STRING, .offset = offsetof(ScnScheduler, strategy),
      .type_doc = "name", .names_fn = scn_strategy_names, .def_doc = "`migration.strategy`",
      .doc = "the migration strategy its moves use" },
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

const ScnKey scn_scheduler_keys[] = {
    { .key = "placement", .type = SCN_KEY_STRING, .offset = offsetof(ScnScheduler, placement),
      .read = read_placement, .type_doc = "name", .names_fn = placement_names,
      .def = "first-fit", .doc = "`first-fit`, `best-fit`, `worst-fit` or `balanced`" },
    { .key = "vcpu", .type = SCN_KEY_ENUM, .names = scn_vcpu_mode_names,
      .offset = offsetof(ScnScheduler, vcpu), .def = "fair",
      .doc = "`fair` (equal weight per vCPU), `credit` (Xen-style: each VM's `weight` and `cap`) "
             "or `pinned` (each vCPU owns a core: `pin:` lists or the lowest free cores; no CPU "
             "overcommit); a host's `vcpu:` overrides it" },
    { .key = "quantum", .type = SCN_KEY_DURATION, .offset = offsetof(ScnScheduler, quantum_ns),
      .lo = 1e5, .zero_ok = TRUE, .def = "0", .def_doc = "`0` (off)",
      .doc = "> 0: each host's cores also run as a time-sliced credit scheduler with this slice, "
             "for scheduling delays (`sched_delay_*` in vms.csv); when vCPUs outnumber cores "
             "every slice costs a switch, so throughput falls as q / (q + switch cost)" },
    { .key = "context_switch", .type = SCN_KEY_DURATION,
      .offset = offsetof(ScnScheduler, context_switch_ns), .def = "2 us",
      .doc = "the direct cost of one vCPU switch in quantum mode (plus the refill of the "
             "guest's cache share, min(working set, 2 MiB) at 5 GB/s, and a TLB refill when "
             "the TLB is untagged)" },
    { .key = "overcommit", .type = SCN_KEY_MAP, .sub = overcommit_keys,
      .doc = "how far placement may fill a host" },
    { .key = "consolidation", .type = SCN_KEY_CUSTOM, .sub = consolidation_keys,
      .read = read_consolidation, .write = write_consolidation,
      .doc = "the consolidation controller: empties lightly loaded hosts and powers them off" },
    { NULL },
};

/* resolved.yaml's order (it predates the table's) */
static const char *const scheduler_write_order[] = {
    "placement", "vcpu", "quantum", "context_switch", "consolidation", "overcommit", NULL,
};

/* idle and peak are the linear model; `model` names a measured table instead. */
const ScnKey scn_power_keys[] = {
    { .key = "idle", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_POWER,
      .offset = offsetof(ScnPower, model.idle_w), .write = write_linear,
      .lo = 0, .hi = 1e7, .def = "100 W", .doc = "power at 0 % utilization" },
    { .key = "peak", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_POWER,
      .offset = offsetof(ScnPower, model.peak_w), .write = write_linear,
      .lo = 0, .hi = 1e7, .def = "250 W", .doc = "power at 100 % utilization" },
    { .key = "model", .type = SCN_KEY_STRING, .offset = offsetof(ScnPower, builtin),
      .read = read_power_builtin,
      .doc = "a built-in table of measured points (`hp-proliant-g4`, `hp-proliant-g5`); "
             "excludes `idle`/`peak`" },
    { .key = "off", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_POWER,
      .offset = offsetof(ScnPower, model.off_w), .lo = 0, .hi = 1e7, .def = "0 W",
      .doc = "drawn while the host is off" },
    { .key = "boot", .type = SCN_KEY_DURATION, .offset = offsetof(ScnPower, model.boot_ns),
      .def = "120 s", .doc = "time to boot (at peak power)" },
    { .key = "shutdown", .type = SCN_KEY_DURATION,
      .offset = offsetof(ScnPower, model.shutdown_ns), .def = "30 s",
      .doc = "time to shut down (at peak power)" },
    { NULL },
};

static const char *const *placement_names(void)
{
    static const char **names;
    if (g_once_init_enter(&names)) {
        GPtrArray *a = g_ptr_array_new();
        for (guint i = 0; sched_placement_nth(i); i++)
            g_ptr_array_add(a, (gpointer)sched_placement_nth(i)->name);
        g_ptr_array_add(a, NULL);
        g_once_init_leave(&names, (const char **)g_ptr_array_free(a, FALSE));
    }
    return names;
}

void scn_scheduler_init(ScnScheduler *s)
{
    scn_schema_defaults(scn_scheduler_keys, s);
    scn_schema_defaults(consolidation_keys, s);
}

void scn_scheduler_clear(ScnScheduler *s)
{
    scn_schema_clear(scn_scheduler_keys, s);
    scn_schema_clear(consolidation_keys, s);
}

static gboolean read_placement(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    ScnScheduler *s = obj;
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

/* The block turns the controller on unless it says `enabled: false`. */
static gboolean read_consolidation(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    ScnScheduler *s = obj;
    s->consolidation = TRUE;
    if (!scn_schema_read_keys(consolidation_keys, "scheduler.consolidation", s, d, n, error))
        return FALSE;
    if (s->low_frac >= s->high_frac)
        return scn_fail(error, d, n, SCN_ERROR_RANGE,
                        "consolidation needs low < high (got low %g, high %g)", s->low_frac,
                        s->high_frac);
    return TRUE;
}

static void write_consolidation(ScnWriter *w, const ScnKey *k, const void *obj)
{
    if (!((const ScnScheduler *)obj)->consolidation)
        return;
    scn_yaml_scalar(w, k->key);
    scn_yaml_map_begin(w, TRUE);
    scn_schema_write_keys(w, consolidation_keys, obj);
    scn_yaml_map_end(w);
}

gboolean scn_read_scheduler(ScnScheduler *s, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read_keys(scn_scheduler_keys, "scheduler", s, d, n, error);
}

void scn_write_scheduler_section(ScnWriter *w, const ScnScheduler *s)
{
    scn_yaml_scalar(w, "scheduler");
    scn_yaml_map_begin(w, FALSE);
    scn_schema_write_keys_in(w, scn_scheduler_keys, scheduler_write_order, s);
    scn_yaml_map_end(w);
}

/* Defaults (the table): a linear 100 W idle to 250 W peak server (DESIGN.md's example; Fan
 * et al. ISCA 2007's linear model), 120 s to boot, 30 s to shut down (assumptions,
 * docs/models.md); transitions at peak power. */
void scn_power_init(ScnPower *p)
{
    p->model = sched_power_linear(0, 0, 0, 0);
    scn_schema_defaults(scn_power_keys, p);
}

void scn_power_copy(ScnPower *dst, const ScnPower *src)
{
    dst->model = src->model;
    dst->builtin = g_strdup(src->builtin);
}

void scn_power_clear(ScnPower *p)
{
    scn_schema_clear(scn_power_keys, p);
}

static void write_linear(ScnWriter *w, const ScnKey *k, const void *obj)
{
    if (!((const ScnPower *)obj)->builtin)
        scn_schema_write_value(w, k, obj);
}

/* `model`: a measured table; off, boot and shutdown keep their values (read after it). */
static gboolean read_power_builtin(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    ScnPower *p = obj;
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
    ScnNode *model = scn_map_get(d, n, "model");
    if (!scn_expect_map(d, n, "power", error) || !scn_check_keys(d, n, keys, "power", error))
        return FALSE;
    if (model && (scn_map_get(d, n, "idle") || scn_map_get(d, n, "peak")))
        return scn_fail(error, d, model, SCN_ERROR_CONFLICT,
                        "'model' and 'idle'/'peak' exclude each other (a table or a line)");
    if (!scn_schema_read_values(scn_power_keys, "power", p, d, n, error))
        return FALSE;
    if (!model && p->model.peak_w < p->model.idle_w)
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "peak power %g W is below idle power %g W",
                        p->model.peak_w, p->model.idle_w);
    return TRUE;
}
