/* sim/elastic/config.c — reads and writes `elasticity:` and trace workloads; see scnelastic.h.
 *
 * Each reader checks its keys first (did-you-mean on unknown ones), reads values with the
 * typed getters of scndoc.h, then hands the whole config to the library's own check
 * (sched_elastic_config_check, sched_demand_new) and reports its complaint at the map the
 * values came from.
 */
#include "sim/elastic/config.h"

#include <math.h>
#include <string.h>

#include "sim/elastic/autoscaler.h"
#include "sim/hypervisor/profile.h"
#include "sim/hypervisor/config.h"

#define MIB_BYTES (UINT64_C(1) << 20)

static const char *const unit_names[] = { "vm", "container", NULL };
static const char *const interp_names[] = { "step", "linear", NULL };
static const char *const select_names[] = { "all", "random", NULL };
static const char *const phase_names[] = { "auto", "random", "none", NULL };
static const char *const policy_names[] = { "reactive", "predictive", NULL };
static const char *const shape_names[] = {
    "constant", "step", "ramp", "diurnal", "poisson", "trace", NULL,
};

/* vm: a string, or a number (Bitbrains file names, Google job ids) as YAML reads them. */
static gboolean read_trace_vm(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    ScnTrace *t = obj;
    const char *v = NULL;
    if (!scn_get_string(d, n, &v, error))
        return FALSE;
    g_free(t->vm);
    t->vm = g_strdup(v);
    return TRUE;
}

/* A trace workload map; docs/traces.md explains each format and the population keys. */
const ScnKey scn_trace_keys[] = {
    { .key = "trace", .type = SCN_KEY_STRING, .offset = offsetof(ScnTrace, file),
      .required = TRUE, .def_doc = "— (required)", .type_doc = "path",
      .doc = "a file, a directory or a glob (`dir/vm_cpu_readings-*.csv.gz`), gzip or not; "
             "relative to the scenario file" },
    { .key = "format", .type = SCN_KEY_ENUM, .names = trace_format_names, .def = "plain",
      .offset = offsetof(ScnTrace, format),
      .doc = "`azure` (v2 vm_cpu_readings + vmtable), `bitbrains` (GWA-T-12), `google` "
             "(2011 task_usage), `alibaba` (2018 container_usage or machine_usage), `plain`" },
    { .key = "vm", .type = SCN_KEY_CUSTOM, .read = read_trace_vm, .type_doc = "string",
      .json = "\"type\": [\"string\", \"number\"]",
      .def_doc = "absent: every VM of the trace (a population)",
      .doc = "one series: an Azure vmid, a Bitbrains file name without `.csv`, a Google "
             "`job-task`, an Alibaba container or machine id" },
    { .key = "column", .type = SCN_KEY_STRING, .offset = offsetof(ScnTrace, column),
      .def_doc = "the format's first",
      .doc = "azure `avg`/`max`/`min`; bitbrains `cpu_pct`/`cpu_mhz`; google `cpu`/`max`" },
    { .key = "interp", .type = SCN_KEY_ENUM, .names = interp_names, .def = "step",
      .offset = offsetof(ScnTrace, interp),
      .doc = "`step` holds each sample until the next; `linear` interpolates" },
    { .key = "base", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .type_doc = "workload name",
      .def_doc = "`compute-intensive`", .doc = "the workload profile the VM runs" },
    { .key = "vmtable", .type = SCN_KEY_STRING, .offset = offsetof(ScnTrace, vmtable),
      .type_doc = "path", .def_doc = "`vmtable.csv[.gz]` beside the shards, if there",
      .doc = "azure: sizes, created and deleted times of every VM of the readings" },
    { .key = "select", .type = SCN_KEY_ENUM, .names = select_names, .def = "all",
      .offset = offsetof(ScnTrace, select),
      .doc = "`all`: the VM entry's `count` first series in trace order (all without "
             "`count`); `random`: a seeded sample of distinct series" },
    { .key = "from", .type = SCN_KEY_DURATION, .offset = offsetof(ScnTrace, from_ns), .def = "0",
      .doc = "trace time that becomes simulated time 0; VMs gone by then are left out" },
    { .key = "to", .type = SCN_KEY_DURATION, .offset = offsetof(ScnTrace, to_ns), .def = "0",
      .def_doc = "`0` (the end)", .doc = "VMs created at or after this trace time are left out" },
    { .key = "phase", .type = SCN_KEY_ENUM, .names = phase_names, .def = "auto",
      .offset = offsetof(ScnTrace, phase),
      .doc = "`auto`: copies of a series beyond the first start at seeded offsets and wrap; "
             "`random`: every VM does; `none`: lock-step" },
    { .key = "arrivals", .type = SCN_KEY_BOOL, .offset = offsetof(ScnTrace, arrivals),
      .def = "true", .doc = "VMs arrive and leave at the trace's created and deleted times "
                           "(vmtable; else first and last sample)" },
    { NULL },
};

/* ---- elasticity: the key tables (docs/scenario.md "elasticity", `vdcsim schema`) ---- */

#define SVC(field) offsetof(ScnElasticService, field)

static gboolean read_store_hook(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_autoscaler_hook(void *obj, ScnDoc *d, ScnNode *n, GError **error);

/* image_store: lands in the service's provisioning config. */
static const ScnKey store_keys[] = {
    { .key = "bandwidth", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DATA_RATE, .lo = 1,
      .hi = INFINITY, .offset = SVC(prov.store_bytes_per_s), .def = "1 Gbps",
      .doc = "the image store's bandwidth, shared by concurrent transfers" },
    { .key = "cache", .type = SCN_KEY_BOOL, .offset = SVC(prov.cache_images), .def = "true",
      .doc = "a host keeps the images it received (the next instance there skips the "
             "transfer)" },
    { NULL },
};

/* autoscaler: lands in the service's scaling config (sim/elastic/autoscaler.h). */
static const ScnKey autoscaler_keys[] = {
    { .key = "policy", .type = SCN_KEY_ENUM, .names = policy_names, .def = "reactive",
      .offset = SVC(scale.policy),
      .doc = "`reactive`: threshold rules; `predictive`: a least-squares forecast `lead` ahead" },
    { .key = "target", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0.01, .hi = 1,
      .offset = SVC(scale.target_frac), .def = "70%", .doc = "the utilization it aims for" },
    { .key = "low", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0.01, .hi = 1,
      .offset = SVC(scale.low_frac), .def_doc = "target − 0.1",
      .doc = "reactive: scale in below it (below `high`)" },
    { .key = "high", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0.01, .hi = 1,
      .offset = SVC(scale.high_frac), .def_doc = "target + 0.1",
      .doc = "reactive: scale out above it" },
    { .key = "min", .type = SCN_KEY_INT, .lo = 0, .hi = 1000000,
      .offset = SVC(scale.min_instances), .def = "1", .doc = "instances, at most `max`" },
    { .key = "max", .type = SCN_KEY_INT, .lo = 0, .hi = 1000000,
      .offset = SVC(scale.max_instances), .def = "100", .doc = "instances" },
    { .key = "initial", .type = SCN_KEY_INT, .lo = 0, .hi = 1000000,
      .offset = SVC(scale.initial_instances), .def_doc = "`min`",
      .doc = "instances ready at t = 0 (no provisioning), within [min, max]" },
    { .key = "step_out", .type = SCN_KEY_INT, .lo = 0, .hi = 1000000,
      .offset = SVC(scale.step_out), .def = "1", .doc = "instances added at once; 0: straight "
                                                         "to target" },
    { .key = "step_in", .type = SCN_KEY_INT, .lo = 0, .hi = 1000000,
      .offset = SVC(scale.step_in), .def = "1", .doc = "instances removed at once; 0: straight "
                                                        "to target" },
    { .key = "cooldown", .type = SCN_KEY_DURATION, .offset = SVC(scale.cooldown_ns),
      .def = "60 s", .doc = "no action sooner than this after the last one" },
    { .key = "interval", .type = SCN_KEY_DURATION, .lo = SIM_NS_PER_MS,
      .offset = SVC(scale.interval_ns), .def = "10 s", .doc = "at least 1 ms: how often it "
                                                               "evaluates" },
    { .key = "window", .type = SCN_KEY_DURATION, .offset = SVC(scale.window_ns),
      .def = "5 min", .doc = "predictive: the demand history the line is fitted to" },
    { .key = "lead", .type = SCN_KEY_DURATION, .offset = SVC(scale.lead_ns), .def = "0",
      .def_doc = "`0`: the expected time to ready", .doc = "predictive: how far ahead it "
                                                           "forecasts" },
    { NULL },
};

/* demand: a curve of one `shape`; each shape takes only its own keys (demand_keys). */
static const ScnKey demand_keys[] = {
    { .key = "shape", .type = SCN_KEY_ENUM, .names = shape_names, .def = "constant",
      .offset = SCN_NO_FIELD, .doc = "the curve; each shape takes the keys named below" },
    { .key = "level", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.level_per_s), .def = "0",
      .doc = "`constant`: the level; `poisson`: the base level" },
    { .key = "from", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.from_per_s), .def = "0",
      .doc = "`step`, `ramp`: before `at`" },
    { .key = "to", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.to_per_s), .def = "0",
      .doc = "`step`: from `at`; `ramp`: from `end`" },
    { .key = "at", .type = SCN_KEY_DURATION, .offset = SVC(demand.at_ns), .def = "0",
      .doc = "`step`: the step; `ramp`: its start" },
    { .key = "end", .type = SCN_KEY_DURATION, .offset = SVC(demand.end_ns), .def = "0",
      .doc = "`ramp`: its end, after `at`" },
    { .key = "mean", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.mean_per_s), .def_doc = "— (required)",
      .doc = "`diurnal`: mean + amplitude · sin(2π (t − phase) / period), mean ≥ amplitude" },
    { .key = "amplitude", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.amplitude_per_s), .def = "0", .doc = "`diurnal`" },
    { .key = "period", .type = SCN_KEY_DURATION, .offset = SVC(demand.period_ns),
      .def = "24 h", .doc = "`diurnal`" },
    { .key = "phase", .type = SCN_KEY_DURATION, .offset = SVC(demand.phase_ns), .def = "0",
      .doc = "`diurnal`" },
    { .key = "burst_rate", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.burst_rate_per_s), .def = "0",
      .doc = "`poisson`: bursts per second (a Poisson process)" },
    { .key = "burst_level", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.burst_level_per_s), .def = "0",
      .doc = "`poisson`: req/s each burst adds (overlapping bursts add up)" },
    { .key = "burst", .type = SCN_KEY_DURATION, .offset = SVC(demand.burst_ns), .def = "1 min",
      .doc = "`poisson`: how long a burst lasts" },
    { .key = "trace", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .type_doc = "path",
      .def_doc = "— (required)", .doc = "`trace`: the trace file (one series; the trace "
                                       "workload's key, see [vms: workload](#vms-workload))" },
    { .key = "format", .type = SCN_KEY_ENUM, .names = trace_format_names, .def = "plain",
      .offset = SCN_NO_FIELD, .doc = "`trace`: as for a trace workload" },
    { .key = "vm", .type = SCN_KEY_CUSTOM, .json = "\"type\": [\"string\", \"number\"]",
      .type_doc = "string", .def_doc = "the only series", .offset = SCN_NO_FIELD,
      .doc = "`trace`: the series, when the trace holds several" },
    { .key = "column", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD,
      .def_doc = "the format's first", .doc = "`trace`: as for a trace workload" },
    { .key = "interp", .type = SCN_KEY_ENUM, .names = interp_names, .def = "step",
      .offset = SCN_NO_FIELD, .doc = "`trace`: `step` or `linear`" },
    { .key = "scale", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0,
      .hi = INFINITY, .offset = SVC(demand.scale_per_s), .def = "100/s",
      .doc = "`trace`: req/s at trace value 1" },
    { NULL },
};

/* One elastic service (an `elasticity:` mapping or an item of its list).  unit, template
 * and demand are read by their own code (they depend on each other and on the profiles). */
const ScnKey scn_elastic_keys[] = {
    { .key = "service", .type = SCN_KEY_STRING, .offset = SVC(name),
      .def_doc = "`service-N`", .doc = "unique; its instances are `SERVICE-REQUEST`" },
    { .key = "unit", .type = SCN_KEY_ENUM, .names = unit_names, .def = "vm",
      .offset = SCN_NO_FIELD, .doc = "must match the template's kind" },
    { .key = "template", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD,
      .type_doc = "hypervisor profile", .def_doc = "`kvm` (vm), `docker` (container)",
      .doc = "its `boot` and `image` set the boot time and the image size" },
    { .key = "vcpus", .type = SCN_KEY_INT, .lo = 1, .hi = 4096, .offset = SVC(vcpus),
      .def = "1", .doc = "1 .. 4096, per instance" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = SVC(memory_bytes),
      .def_doc = "`2 GiB` (vm), `256 MiB` (container)", .doc = "per instance, for placement" },
    { .key = "capacity", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 1e-9,
      .hi = INFINITY, .offset = SVC(scale.capacity_per_s), .def = "100/s",
      .doc = "req/s one instance serves, > 0" },
    { .key = "approval_delay", .type = SCN_KEY_DURATION, .offset = SVC(prov.approval_delay_ns),
      .def = "0", .doc = "a human step before placement" },
    { .key = "image_store", .type = SCN_KEY_CUSTOM, .sub = store_keys,
      .read = read_store_hook, .doc = "where images come from" },
    { .key = "demand", .type = SCN_KEY_CUSTOM, .sub = demand_keys, .required = TRUE,
      .doc = "the demand curve, in req/s" },
    { .key = "autoscaler", .type = SCN_KEY_CUSTOM, .sub = autoscaler_keys,
      .read = read_autoscaler_hook, .doc = "how many instances run; an inconsistent set "
                                            "(min above max, low not below high, initial "
                                            "outside [min, max]) is an error at this mapping" },
    { NULL },
};

/* ---- lifetime --------------------------------------------------------------------- */

static void trace_free(gpointer p)
{
    ScnTrace *t = p;
    scn_schema_clear(scn_trace_keys, t);
    g_free(t->vm);
    g_free(t->path);
    g_free(t->entry);
    if (t->members)
        g_array_free(t->members, TRUE);
    g_free(t);
}

static void service_free(gpointer p)
{
    ScnElasticService *s = p;
    g_free(s->name);
    g_free(s->template_name);
    if (s->demand_trace)
        trace_free(s->demand_trace);
    g_free(s);
}

static ScnElastic *elastic_get(ScnElastic **e)
{
    if (!*e) {
        *e = g_new0(ScnElastic, 1);
        (*e)->services = g_ptr_array_new_with_free_func(service_free);
        (*e)->traces = g_ptr_array_new_with_free_func(trace_free);
        (*e)->cache = trace_cache_new();
    }
    return *e;
}

void scn_elastic_free(ScnElastic *e)
{
    if (!e)
        return;
    g_ptr_array_free(e->services, TRUE);
    g_ptr_array_free(e->traces, TRUE);
    trace_cache_free(e->cache);
    g_free(e);
}

/* ---- traces ----------------------------------------------------------------------- */

/* The file relative to the scenario's directory (as written when that is "."). */
static char *trace_path(ScnDoc *d, const char *file)
{
    g_autofree char *dir = g_path_get_dirname(scn_doc_path(d));
    if (g_path_is_absolute(file) || strcmp(dir, ".") == 0)
        return g_strdup(file);
    return g_build_filename(dir, file, NULL);
}

static gboolean check_column(ScnTrace *t, ScnDoc *d, ScnNode *map, GError **error)
{
    const char *const *cols = trace_format_columns((TraceFormat)t->format);
    for (const char *const *c = cols; t->column && *c; c++)
        if (strcmp(*c, t->column) == 0)
            return TRUE;
    if (!t->column)
        return TRUE;
    g_autofree char *list = g_strjoinv(", ", (char **)cols);
    return scn_fail(error, d, scn_map_get(d, map, "column"), SCN_ERROR_UNKNOWN,
                    "unknown %s column '%s' (expected %s)", trace_format_names[t->format],
                    t->column, list);
}

/* Reads the trace keys of map and loads (or finds) the source in the cache. */
static ScnTrace *read_trace(ScnElastic *e, ScnDoc *d, ScnNode *map, GError **error)
{
    ScnTrace *t = g_new0(ScnTrace, 1);
    scn_schema_defaults(scn_trace_keys, t);
    if (!scn_schema_read_values(scn_trace_keys, "a trace workload", t, d, map, error) ||
        !check_column(t, d, map, error)) {
        trace_free(t);
        return NULL;
    }
    if (!t->file) {
        scn_fail(error, d, map, SCN_ERROR_MISSING,
                 "a trace needs 'trace' (expected the trace file, e.g. 'trace: vm-cpu.csv')");
        trace_free(t);
        return NULL;
    }
    t->path = trace_path(d, t->file);
    if (t->vmtable) {
        char *joined = trace_path(d, t->vmtable);
        g_free(t->vmtable);
        t->vmtable = joined;
    }
    TraceLoadOptions opt = { .format = (TraceFormat)t->format, .column = t->column,
                             .vmtable = t->vmtable, .progress = TRUE };
    if (!(t->set = trace_cache_load(e->cache, t->path, &opt, error))) {
        trace_free(t);
        return NULL;
    }
    return t;
}

static gboolean populate(ScnTrace *t, ScnDoc *d, ScnNode *at, int64_t count, uint64_t seed,
                         gboolean arrivals, TracePhase phase, GError **error)
{
    g_autofree char *stream = g_strdup_printf("trace:%s", t->entry ? t->entry : t->file);
    TracePopOptions o = { .vm = t->vm, .select = (TraceSelect)t->select, .count = count,
                          .from_ns = t->from_ns, .to_ns = t->to_ns, .phase = phase,
                          .arrivals = arrivals, .interp = (TraceInterp)t->interp,
                          .seed = seed, .stream = stream };
    const char *why = NULL;
    if (t->members)
        g_array_free(t->members, TRUE);
    if ((t->members = trace_population(t->set, &o, &why)))
        return TRUE;
    ScnNode *vm = scn_map_get(d, at, "vm");
    return scn_fail(error, d, vm ? vm : at, SCN_ERROR_UNKNOWN, "%s%s%s%s", why,
                    t->vm ? " ('" : "", t->vm ? t->vm : "", t->vm ? "')" : "");
}

gboolean scn_elastic_read_vm_trace(ScnElastic **e, ScnDoc *d, ScnNode *workload,
                                   ScnTrace **out, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_trace_keys);
    if (!scn_check_keys(d, workload, keys, "a trace workload", error))
        return FALSE;
    ScnTrace *t = read_trace(elastic_get(e), d, workload, error);
    if (!t)
        return FALSE;
    g_ptr_array_add((*e)->traces, t);
    *out = t;
    return TRUE;
}

gboolean scn_elastic_trace_populate(ScnTrace *t, ScnDoc *d, ScnNode *vm_map, uint64_t seed,
                                    GError **error)
{
    const char *name = scn_scalar(scn_map_get(d, vm_map, "name"));
    if (!scn_opt_int(d, vm_map, "count", 1, 10000000, &t->count, error) ||
        !scn_opt_duration_ns(d, vm_map, "start", &t->start_ns, error))
        return FALSE;
    t->entry = g_strdup(name ? name : "vm");
    t->sized_vcpus = !scn_map_get(d, vm_map, "vcpus");
    t->sized_memory = !scn_map_get(d, vm_map, "memory");
    ScnNode *wn = scn_map_get(d, vm_map, "workload");
    return populate(t, d, wn, t->count, seed, t->arrivals, (TracePhase)t->phase, error);
}

const TraceMember *scn_trace_member(const ScnTrace *t, guint member)
{
    g_assert(t->members && member < t->members->len);
    return &g_array_index(t->members, TraceMember, member);
}

/* ---- demand ----------------------------------------------------------------------- */

/* The keys of demand_keys a shape takes. */
static gboolean shape_keys(ScnDoc *d, ScnNode *n, SchedDemandShape shape, GError **error)
{
    static const char *const keys[SCHED_DEMAND_SHAPE_COUNT][9] = {
        [SCHED_DEMAND_CONSTANT] = { "shape", "level", NULL },
        [SCHED_DEMAND_STEP] = { "shape", "from", "to", "at", NULL },
        [SCHED_DEMAND_RAMP] = { "shape", "from", "to", "at", "end", NULL },
        [SCHED_DEMAND_DIURNAL] = { "shape", "mean", "amplitude", "period", "phase", NULL },
        [SCHED_DEMAND_POISSON] = { "shape", "level", "burst_rate", "burst_level", "burst", NULL },
        [SCHED_DEMAND_TRACE] = { "shape", "trace", "format", "vm", "column", "interp", "scale",
                                 NULL },
    };
    g_autofree char *what = g_strdup_printf("a %s demand", shape_names[shape]);
    return scn_check_keys(d, n, keys[shape], what, error);
}

/* The library's own validation, reported at the demand map. */
static gboolean check_demand(ScnDoc *d, ScnNode *n, const SchedDemandConfig *c, GError **error)
{
    SimRng *rng = sim_rng_new(1, "scenario-check");
    GError *local = NULL;
    SchedDemand *dm = sched_demand_new(c, rng, &local);
    sched_demand_free(dm);
    sim_rng_free(rng);
    if (dm)
        return TRUE;
    gboolean ok = scn_fail(error, d, n, (ScnErrorCode)local->code, "%s", local->message);
    g_error_free(local);
    return ok;
}

static gboolean read_demand(ScnElastic *e, ScnElasticService *s, ScnDoc *d, ScnNode *n,
                            GError **error)
{
    int shape = SCHED_DEMAND_CONSTANT;
    if (!scn_expect_map(d, n, "a demand curve", error) ||
        !scn_opt_enum(d, n, "shape", shape_names, &shape, error) ||
        !shape_keys(d, n, (SchedDemandShape)shape, error))
        return FALSE;
    SchedDemandConfig *c = &s->demand;
    *c = (SchedDemandConfig){ .shape = (SchedDemandShape)shape, .period_ns = 86400 * SIM_NS_PER_S,
                              .burst_ns = 60 * SIM_NS_PER_S, .scale_per_s = 100 };
    if (!scn_schema_read_values(demand_keys, "a demand curve", s, d, n, error))
        return FALSE;
    if (shape == SCHED_DEMAND_DIURNAL && !scn_map_get(d, n, "mean"))
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a diurnal demand needs 'mean'");
    if (shape == SCHED_DEMAND_TRACE) {
        if (!(s->demand_trace = read_trace(e, d, n, error)))
            return FALSE;
        ScnTrace *t = s->demand_trace;
        if (!t->vm && trace_set_len(t->set) > 1)
            return scn_fail(error, d, n, SCN_ERROR_CONFLICT, "the trace holds %u series "
                            "(expected one; select it with vm:)", trace_set_len(t->set));
        if (!populate(t, d, n, 1, 1, FALSE, TRACE_PHASE_NONE, error))
            return FALSE;
        c->trace = &scn_trace_member(t, 0)->view;
    }
    return check_demand(d, n, c, error);
}

/* ---- autoscaler ------------------------------------------------------------------- */

static gboolean read_autoscaler_hook(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read_keys(autoscaler_keys, "the autoscaler", obj, d, n, error);
}

static gboolean read_store_hook(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read_keys(store_keys, "the image store", obj, d, n, error);
}

/* ---- a service -------------------------------------------------------------------- */

static gboolean read_template(ScnElasticService *s, GPtrArray *hypervisors, ScnDoc *d,
                              ScnNode *n, GError **error)
{
    int unit = SCHED_UNIT_VM;
    if (!scn_opt_enum(d, n, "unit", unit_names, &unit, error))
        return FALSE;
    const char *name = unit == SCHED_UNIT_CONTAINER ? "docker" : "kvm";
    if (!scn_opt_string(d, n, "template", &name, error))
        return FALSE;
    ScnNode *tn = scn_map_get(d, n, "template");
    ScnHypervisor *hv = scn_hypervisor_find(hypervisors, name);
    if (!hv)
        return scn_fail(error, d, tn, SCN_ERROR_UNKNOWN,
                        "unknown template '%s' (expected a hypervisor profile, e.g. kvm or "
                        "docker; see `vdcsim list`)", name);
    s->template_name = g_strdup(name);
    sched_prov_template_from_profile(&s->tpl, &hv->hv);
    s->tpl.name = s->template_name;
    if ((int)s->tpl.kind != unit && scn_map_get(d, n, "unit"))
        return scn_fail(error, d, tn, SCN_ERROR_CONFLICT,
                        "template '%s' is a %s profile, but the unit is '%s' (expected a %s "
                        "profile such as %s)", name, unit_names[s->tpl.kind], unit_names[unit],
                        unit_names[unit], unit == SCHED_UNIT_CONTAINER ? "docker" : "kvm");
    return TRUE;
}

/* The library's consistency check (min <= max, low < high, ...), at the autoscaler map. */
static gboolean check_scale(ScnElasticService *s, ScnDoc *d, ScnNode *n, GError **error)
{
    GError *local = NULL;
    if (sched_elastic_config_check(&s->scale, &local))
        return TRUE;
    ScnNode *at = scn_map_get(d, n, "autoscaler");
    gboolean ok = scn_fail(error, d, at ? at : n, (ScnErrorCode)local->code, "%s",
                           local->message);
    g_error_free(local);
    return ok;
}

/* The defaults the table's values land on: the libraries' own, the template's sizes. */
static void service_defaults(ScnElasticService *s)
{
    sched_elastic_config_init(&s->scale);
    sched_prov_config_init(&s->prov);
    s->vcpus = 1;
    s->memory_bytes = (s->tpl.kind == SCHED_UNIT_CONTAINER ? 256 : 2048) * MIB_BYTES;
}

static gboolean read_service(ScnElastic *e, GPtrArray *hypervisors, ScnDoc *d, ScnNode *n,
                             GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_elastic_keys);
    if (!scn_expect_map(d, n, "an elastic service", error) ||
        !scn_check_keys(d, n, keys, "an elastic service", error))
        return FALSE;
    ScnElasticService *s = g_new0(ScnElasticService, 1);
    g_ptr_array_add(e->services, s);
    const char *name = NULL;
    if (!scn_opt_string(d, n, "service", &name, error))
        return FALSE;
    s->name = name ? g_strdup(name) : g_strdup_printf("service-%u", e->services->len);
    ScnNode *dn = scn_map_get(d, n, "demand");
    if (!dn)
        return scn_fail(error, d, n, SCN_ERROR_MISSING,
                        "elastic service '%s' has no 'demand' (expected a demand curve)", s->name);
    if (!read_template(s, hypervisors, d, n, error))
        return FALSE;
    service_defaults(s);
    if (!scn_schema_read_values(scn_elastic_keys, "an elastic service", s, d, n, error))
        return FALSE;
    s->scale.service = s->name;
    if (s->scale.initial_instances == G_MAXUINT)
        s->scale.initial_instances = s->scale.min_instances;
    return read_demand(e, s, d, dn, error) && check_scale(s, d, n, error);
}

static gboolean unique_names(ScnElastic *e, ScnDoc *d, ScnNode *n, GError **error)
{
    for (guint i = 0; i < e->services->len; i++)
        for (guint j = 0; j < i; j++) {
            const ScnElasticService *a = g_ptr_array_index(e->services, i);
            const ScnElasticService *b = g_ptr_array_index(e->services, j);
            if (strcmp(a->name, b->name) == 0)
                return scn_fail(error, d, scn_seq_item(d, n, i), SCN_ERROR_CONFLICT,
                                "elastic service '%s' is already defined (pick another name)",
                                a->name);
        }
    return TRUE;
}

gboolean scn_elastic_read(ScnElastic **e, GPtrArray *hypervisors, ScnDoc *d, ScnNode *root,
                          GError **error)
{
    ScnNode *n = scn_map_get(d, root, "elasticity");
    if (!n)
        return TRUE;
    ScnElastic *el = elastic_get(e);
    if (!scn_is_seq(n))
        return read_service(el, hypervisors, d, n, error);
    for (size_t i = 0; i < scn_seq_len(n); i++)
        if (!read_service(el, hypervisors, d, scn_seq_item(d, n, i), error))
            return FALSE;
    return unique_names(el, d, n, error);
}

/* ---- resolved.yaml ---------------------------------------------------------------- */

static void kv_ns(ScnWriter *w, const char *key, SimTimeNs v);

static void write_trace_keys(ScnWriter *w, const ScnTrace *t, gboolean population)
{
    g_autofree char *abs = g_canonicalize_filename(t->path, NULL);
    scn_yaml_kv(w, "trace", abs);
    scn_yaml_kv(w, "format", trace_format_names[t->format]);
    if (t->vm)
        scn_yaml_kv(w, "vm", t->vm);
    if (t->column)
        scn_yaml_kv(w, "column", t->column);
    scn_yaml_kv(w, "interp", interp_names[t->interp]);
    if (!population)
        return;
    if (t->vmtable) {
        g_autofree char *vt = g_canonicalize_filename(t->vmtable, NULL);
        scn_yaml_kv(w, "vmtable", vt);
    }
    scn_yaml_kv(w, "select", select_names[t->select]);
    kv_ns(w, "from", t->from_ns);
    kv_ns(w, "to", t->to_ns);
    scn_yaml_kv(w, "phase", phase_names[t->phase]);
    scn_yaml_kv(w, "arrivals", t->arrivals ? "true" : "false");
}

void scn_elastic_write_vm_trace(ScnWriter *w, const ScnTrace *t, const char *base)
{
    scn_yaml_scalar(w, "workload");
    scn_yaml_map_begin(w, TRUE);
    write_trace_keys(w, t, TRUE);
    scn_yaml_kv(w, "base", base);
    scn_yaml_map_end(w);
}

void scn_elastic_write_vm_entry(ScnWriter *w, const ScnTrace *t)
{
    if (t->count)
        scn_yaml_kv_int(w, "count", t->count);
}

static void kv_rate(ScnWriter *w, const char *key, double v)
{
    scn_yaml_kv_unit(w, key, v, SCN_UNIT_EVENT_RATE);
}

static void kv_ns(ScnWriter *w, const char *key, SimTimeNs v)
{
    scn_yaml_kv_unit(w, key, (double)v, SCN_UNIT_DURATION);
}

static void write_demand(ScnWriter *w, const ScnElasticService *s)
{
    const SchedDemandConfig *c = &s->demand;
    scn_yaml_scalar(w, "demand");
    scn_yaml_map_begin(w, TRUE);
    scn_yaml_kv(w, "shape", shape_names[c->shape]);
    switch (c->shape) {
    case SCHED_DEMAND_CONSTANT: kv_rate(w, "level", c->level_per_s); break;
    case SCHED_DEMAND_RAMP: kv_ns(w, "end", c->end_ns); /* fall through */
    case SCHED_DEMAND_STEP:
        kv_rate(w, "from", c->from_per_s), kv_rate(w, "to", c->to_per_s), kv_ns(w, "at", c->at_ns);
        break;
    case SCHED_DEMAND_DIURNAL:
        kv_rate(w, "mean", c->mean_per_s), kv_rate(w, "amplitude", c->amplitude_per_s);
        kv_ns(w, "period", c->period_ns), kv_ns(w, "phase", c->phase_ns);
        break;
    case SCHED_DEMAND_POISSON:
        kv_rate(w, "level", c->level_per_s), kv_rate(w, "burst_rate", c->burst_rate_per_s);
        kv_rate(w, "burst_level", c->burst_level_per_s), kv_ns(w, "burst", c->burst_ns);
        break;
    case SCHED_DEMAND_TRACE:
        write_trace_keys(w, s->demand_trace, FALSE), kv_rate(w, "scale", c->scale_per_s);
        break;
    default: g_assert_not_reached();
    }
    scn_yaml_map_end(w);
}

static void write_autoscaler(ScnWriter *w, const SchedElasticConfig *c)
{
    scn_yaml_scalar(w, "autoscaler");
    scn_yaml_map_begin(w, TRUE);
    scn_yaml_kv(w, "policy", policy_names[c->policy]);
    scn_yaml_kv_unit(w, "target", c->target_frac, SCN_UNIT_FRAC);
    if (c->low_frac)
        scn_yaml_kv_unit(w, "low", c->low_frac, SCN_UNIT_FRAC);
    if (c->high_frac)
        scn_yaml_kv_unit(w, "high", c->high_frac, SCN_UNIT_FRAC);
    scn_yaml_kv_int(w, "min", c->min_instances), scn_yaml_kv_int(w, "max", c->max_instances);
    scn_yaml_kv_int(w, "initial", c->initial_instances);
    scn_yaml_kv_int(w, "step_out", c->step_out), scn_yaml_kv_int(w, "step_in", c->step_in);
    kv_ns(w, "cooldown", c->cooldown_ns), kv_ns(w, "interval", c->interval_ns);
    kv_ns(w, "window", c->window_ns), kv_ns(w, "lead", c->lead_ns);
    scn_yaml_map_end(w);
}

static void write_service(ScnWriter *w, const ScnElasticService *s)
{
    scn_yaml_map_begin(w, FALSE);
    scn_yaml_kv(w, "service", s->name);
    scn_yaml_kv(w, "unit", unit_names[s->tpl.kind]);
    scn_yaml_kv(w, "template", s->template_name);
    scn_yaml_kv_int(w, "vcpus", s->vcpus);
    scn_yaml_kv_unit(w, "memory", (double)s->memory_bytes, SCN_UNIT_SIZE);
    kv_rate(w, "capacity", s->scale.capacity_per_s);
    kv_ns(w, "approval_delay", s->prov.approval_delay_ns);
    scn_yaml_scalar(w, "image_store");
    scn_yaml_map_begin(w, TRUE);
    scn_yaml_kv_unit(w, "bandwidth", s->prov.store_bytes_per_s, SCN_UNIT_DATA_RATE);
    scn_yaml_kv(w, "cache", s->prov.cache_images ? "true" : "false");
    scn_yaml_map_end(w);
    write_demand(w, s);
    write_autoscaler(w, &s->scale);
    scn_yaml_map_end(w);
}

void scn_elastic_write(ScnWriter *w, const ScnElastic *e)
{
    if (!e || e->services->len == 0)
        return;
    scn_yaml_scalar(w, "elasticity");
    scn_yaml_seq_begin(w, FALSE);
    for (guint i = 0; i < e->services->len; i++)
        write_service(w, g_ptr_array_index(e->services, i));
    scn_yaml_seq_end(w);
}
