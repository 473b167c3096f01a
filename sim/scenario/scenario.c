/* sim/scenario/scenario.c — the scenario schema: top-level keys, hosts, VMs, workloads, events.
 *
 * Reads a ScnDoc into a Scenario (see scenario.h).  Each section has its own reader; each
 * reader checks its keys first (unknown keys fail with a did-you-mean), then reads values
 * with the typed getters of scndoc.h, so every error points at the offending value.
 */
#include "sim/scenario/scenario.h"

#include <math.h>
#include <string.h>

#include "sim/io/path.h"
#include "sim/migration/strategy.h"

/* ---- the key tables (schema.h): top level, output, io, hosts, VMs, events ------------- */

static gboolean read_output(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_charts(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_scheduler(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_network(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_migration(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_io_mode(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static void write_network(ScnWriter *w, const ScnKey *k, const void *obj);
static gboolean read_planning(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static void write_planning(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_migration(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_io_mode(ScnWriter *w, const ScnKey *k, const void *obj);
static void write_elastic(ScnWriter *w, const ScnKey *k, const void *obj);

static const char *const chart_formats[] = { "png", "svg", "pdf", "none", NULL };
static const char *const io_modes[] = { "fluid", "requests", NULL };
static const char *const paging_modes[] = { "native", "shadow", "nested", "direct", NULL };
static const char *const page_sizes[] = { "4k", "2m", "1g", NULL };

static const ScnKey output_keys[] = {
    { .key = "dir", .type = SCN_KEY_STRING, .offset = offsetof(Scenario, out_dir),
      .def_doc = "`out/NAME`", .doc = "created if missing; `-o DIR` overrides it" },
    { .key = "charts", .type = SCN_KEY_CUSTOM, .read = read_charts,
      .json = "\"type\": \"array\", \"items\": { \"enum\": [\"png\", \"svg\", \"pdf\", \"none\"] }",
      .type_doc = "list of `png`, `svg`, `pdf`, `none`", .def_doc = "`[png]`",
      .doc = "`[none]` (or `--charts none`) writes no charts" },
    { .key = "sample_interval", .type = SCN_KEY_DURATION, .lo = 1e6, .zero_ok = TRUE,
      .offset = offsetof(Scenario, sample_interval_ns),
      .def_doc = "`duration` / 1000 rounded down to whole seconds, at least `1 s`",
      .doc = "time between rows of timeseries.csv" },
    { NULL },
};

/* The I/O view: analytic (fluid, the default, any scale) or one event per request, for
 * latency distributions in small scenarios. */
static const ScnKey io_keys[] = {
    { .key = "mode", .type = SCN_KEY_ENUM, .names = io_modes,
      .offset = offsetof(Scenario, io_requests), .def = "fluid",
      .doc = "`requests`: every host's devices run the per-request simulation of sim/io" },
    { NULL },
};
static const ScnSection io_section = { .name = "io", .what = "io", .keys = io_keys, .flow = TRUE };

/* Values read by read_host (names and counts, virtualization, devices and power have
 * readers of their own in sim/hypervisor, sim/io and sim/scheduler). */
static const ScnKey host_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .required = TRUE,
      .def_doc = "— (required)",
      .doc = "unique among hosts after [count expansion](#count-expansion)" },
    { .key = "group", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .def_doc = "`name`",
      .doc = "a label kept in hosts.csv" },
    { .key = "count", .type = SCN_KEY_INT, .offset = SCN_NO_FIELD, .lo = 1, .hi = 1e7,
      .def_doc = "absent: one host named `name`",
      .doc = "1 .. 10 000 000; expands to `name-1` … `name-N`" },
    { .key = "cores", .type = SCN_KEY_INT, .offset = offsetof(ScnHost, cores), .lo = 1,
      .hi = 4096, .def = "16", .doc = "1 .. 4096" },
    { .key = "freq", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FREQ, .lo = 1e6, .hi = 1e11,
      .offset = offsetof(ScnHost, freq_hz), .def = "2.5 GHz", .doc = "1 MHz .. 100 GHz" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnHost, memory_bytes),
      .def = "64 GiB", .doc = "more than 0" },
    { .key = "hypervisor", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD,
      .type_doc = "hypervisor name", .def = "kvm",
      .doc = "a built-in or a `profiles.hypervisors` name; see [host virtualization]"
             "(#host-virtualization-hypervisor-paging-tlb-page_walk-large_pages)" },
    { .key = "paging", .type = SCN_KEY_ENUM, .names = paging_modes, .offset = SCN_NO_FIELD,
      .def_doc = "the profile's `paging` hint", .doc = "see [host virtualization]"
      "(#host-virtualization-hypervisor-paging-tlb-page_walk-large_pages)" },
    { .key = "tlb", .type = SCN_KEY_CUSTOM, .sub = scn_tlb_keys, .def_doc = "the paging mode's",
      .doc = "TLB entries and tagging" },
    { .key = "page_walk", .type = SCN_KEY_CUSTOM, .sub = scn_page_walk_keys,
      .def_doc = "the paging mode's", .doc = "page-table levels and walk caches" },
    { .key = "large_pages", .type = SCN_KEY_ENUM, .names = page_sizes, .offset = SCN_NO_FIELD,
      .def = "4k", .doc = "page size backing guest memory on the host" },
    { .key = "devices", .type = SCN_KEY_LIST, .sub = scn_device_keys,
      .doc = "see [devices](#devices)" },
    { .key = "power", .type = SCN_KEY_CUSTOM, .sub = scn_power_keys, .type_doc = "map",
      .def_doc = "`{ idle: 100 W, peak: 250 W, off: 0 W, boot: 120 s, shutdown: 30 s }`",
      .doc = "see below" },
    { .key = "mtbf", .type = SCN_KEY_DURATION, .offset = offsetof(ScnHost, mtbf_ns), .def = "0",
      .def_doc = "`0` (never fails)",
      .doc = "mean time between failures: up times are drawn exponential from the host's own "
             "stream `host:NAME/failure`" },
    { .key = "mttr", .type = SCN_KEY_DURATION, .offset = offsetof(ScnHost, mttr_ns),
      .def = "4 h", .doc = "mean time to repair after such a failure (exponential)" },
    { .key = "vcpu", .type = SCN_KEY_ENUM, .names = scn_vcpu_mode_names, .offset = SCN_NO_FIELD,
      .type_doc = "name", .def_doc = "`scheduler.vcpu`",
      .doc = "`fair`, `credit` or `pinned`, for this host" },
    { NULL },
};

#define TRACE_WORKLOAD_JSON \
    "\"anyOf\": [{ \"type\": \"string\" }, { \"type\": \"object\", \"required\": [\"trace\"], " \
    "\"properties\": { \"trace\": { \"type\": \"string\" }, " \
    "\"format\": { \"enum\": [\"bitbrains\", \"azure\", \"plain\"] }, " \
    "\"vm\": { \"type\": [\"string\", \"number\"] }, \"column\": { \"type\": \"string\" }, " \
    "\"interp\": { \"enum\": [\"step\", \"linear\"] }, \"base\": { \"type\": \"string\" } }, " \
    "\"additionalProperties\": false }]"

/* Values read by read_vm (the rest: names, host, workload, pin and io, below). */
static const ScnKey vm_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .required = TRUE,
      .def_doc = "— (required)",
      .doc = "unique among VMs after [count expansion](#count-expansion)" },
    { .key = "group", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .def_doc = "`name`",
      .doc = "events may address a whole group by this name" },
    { .key = "count", .type = SCN_KEY_INT, .offset = SCN_NO_FIELD, .lo = 1, .hi = 1e7,
      .def_doc = "absent: one VM named `name`",
      .doc = "1 .. 10 000 000; expands to `name-1` … `name-N`" },
    { .key = "vcpus", .type = SCN_KEY_INT, .offset = offsetof(ScnVm, vcpus), .lo = 1, .hi = 4096,
      .def = "1", .doc = "1 .. 4096" },
    { .key = "memory", .type = SCN_KEY_SIZE, .offset = offsetof(ScnVm, memory_bytes),
      .def = "1 GiB", .doc = "0 or more" },
    { .key = "host", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .type_doc = "host name",
      .def_doc = "absent: placed first-fit by the scheduler",
      .doc = "an expanded host name (`h-2`, not `h`)" },
    { .key = "workload", .type = SCN_KEY_CUSTOM, .json = TRACE_WORKLOAD_JSON,
      .type_doc = "workload name", .def_doc = "`compute-intensive`",
      .doc = "a built-in or a `profiles.workloads` name, or a trace workload (below)" },
    { .key = "work", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES, .offset = SCN_NO_FIELD,
      .lo = 1, .hi = 1e21, .type_doc = "work (cycles)", .def_doc = "from the workload",
      .doc = "overrides the workload: the VM finishes after this much work" },
    { .key = "demand", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .offset = SCN_NO_FIELD,
      .lo = 0, .hi = 1, .def_doc = "from the workload",
      .doc = "overrides the workload: the VM runs at this level" },
    { .key = "start", .type = SCN_KEY_DURATION, .offset = offsetof(ScnVm, start_ns), .def = "0",
      .doc = "arrival time" },
    { .key = "io", .type = SCN_KEY_LIST, .sub = scn_vm_io_keys,
      .doc = "I/O streams to devices of `host`; see [vms: io](#vms-io)" },
    { .key = "weight", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO, .lo = 1, .hi = 65535,
      .offset = offsetof(ScnVm, weight), .def = "256", .type_doc = "number",
      .doc = "credit scheduler weight (Xen's default), used on `credit` hosts" },
    { .key = "cap", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVm, cap_frac), .def = "0", .def_doc = "`0` (none)",
      .doc = "credit cap per vCPU, a fraction of one core (Xen's `cap` / 100)" },
    { .key = "pin", .type = SCN_KEY_LIST,
      .json = "\"type\": \"array\", \"items\": { \"type\": \"integer\", \"minimum\": 0 }",
      .type_doc = "list of integers",
      .doc = "on a `pinned` host (`host` required): the core of each vCPU, distinct; two VMs "
             "pinning one core is an error" },
    { .key = "anti_affinity", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD,
      .doc = "a group: VMs of one group never share a host (placement and consolidation "
             "respect it; an explicit `host` does not)" },
    { NULL },
};

/* The events' action bodies, read by read_event_target and read_host_event. */
static const ScnKey stop_keys[] = {
    { .key = "vm", .type = SCN_KEY_STRING, .required = TRUE, .doc = "a VM or group name" },
    { NULL },
};
static const ScnKey load_keys[] = {
    { .key = "vm", .type = SCN_KEY_STRING, .required = TRUE, .doc = "a VM or group name" },
    { .key = "demand", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .required = TRUE, .doc = "the new demand level" },
    { NULL },
};
static const ScnKey migrate_keys[] = {
    { .key = "vm", .type = SCN_KEY_STRING, .required = TRUE, .doc = "a VM or group name" },
    { .key = "to", .type = SCN_KEY_STRING, .required = TRUE, .doc = "the destination host" },
    { .key = "strategy", .type = SCN_KEY_STRING, .names_fn = scn_strategy_names,
      .doc = "default: `migration.strategy`" },
    { NULL },
};
static const ScnKey maintenance_keys[] = {
    { .key = "host", .type = SCN_KEY_STRING, .required = TRUE, .doc = "a host or group" },
    { .key = "duration", .type = SCN_KEY_DURATION, .def = "10 min", .doc = "down time" },
    { NULL },
};
static const ScnKey fail_keys[] = {
    { .key = "host", .type = SCN_KEY_STRING, .required = TRUE, .doc = "a host or group" },
    { .key = "repair", .type = SCN_KEY_DURATION, .doc = "repair time; default: never" },
    { .key = "warning", .type = SCN_KEY_DURATION, .doc = "predicted this long before" },
    { NULL },
};

/* Read by read_event: `at` and exactly one action, in ScnEventKind order after `at`. */
static const ScnKey event_keys[] = {
    { .key = "at", .type = SCN_KEY_DURATION, .required = TRUE, .doc = "when" },
    { .key = "stop", .type = SCN_KEY_CUSTOM, .sub = stop_keys,
      .doc = "stops a running VM (or a group) for good" },
    { .key = "load", .type = SCN_KEY_CUSTOM, .sub = load_keys,
      .doc = "sets the demand level of a VM or group" },
    { .key = "end", .type = SCN_KEY_CUSTOM, .json = "\"type\": [\"object\", \"null\"]",
      .doc = "ends the run (its value is not read)" },
    { .key = "migrate", .type = SCN_KEY_CUSTOM, .sub = migrate_keys,
      .doc = "live-migrates a running VM (or every VM of a group)" },
    { .key = "maintenance", .type = SCN_KEY_CUSTOM, .sub = maintenance_keys,
      .doc = "evacuates a host (or group), powers it off, boots it after `duration`" },
    { .key = "fail", .type = SCN_KEY_CUSTOM, .sub = fail_keys,
      .doc = "the host (or group) dies; its VMs start again elsewhere" },
    { NULL },
};

/* The top level.  profiles, hosts, vms and events are read by scn_load_doc after these. */
static const ScnKey scenario_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = offsetof(Scenario, name),
      .def_doc = "the file name without its last extension (`rack.v2.yaml` → `rack.v2`)" },
    { .key = "description", .type = SCN_KEY_STRING, .offset = offsetof(Scenario, description),
      .def_doc = "empty", .doc = "free text; YAML `>` or `\\|` blocks are fine" },
    { .key = "seed", .type = SCN_KEY_UINT64, .offset = offsetof(Scenario, seed), .def = "1",
      .doc = "0 .. 18446744073709551615; `--seed N` overrides it" },
    { .key = "duration", .type = SCN_KEY_DURATION, .offset = offsetof(Scenario, duration_ns),
      .def = "0", .def_doc = "`0`: run until no event is left",
      .doc = "required (or an `end` event) when any VM runs at a demand level, since such a VM "
             "never finishes" },
    { .key = "warmup", .type = SCN_KEY_DURATION, .offset = offsetof(Scenario, warmup_ns),
      .def = "0", .doc = "time-weighted means (utilization, VMs running) restart at this time" },
    { .key = "output", .type = SCN_KEY_CUSTOM, .sub = output_keys, .read = read_output,
      .write = scn_write_output, .def_doc = "see [output](#output)", .doc = "what a run writes" },
    { .key = "profiles", .type = SCN_KEY_CUSTOM, .write = scn_write_profiles,
      .json = "\"type\": \"object\", \"properties\": { \"hypervisors\": { \"type\": \"object\", "
              "\"additionalProperties\": { \"type\": \"object\", \"required\": [\"base\"] } }, "
              "\"workloads\": { \"type\": \"object\", \"additionalProperties\": "
              "{ \"type\": \"object\" } } }, \"additionalProperties\": false",
      .def_doc = "see [profiles.hypervisors](#profileshypervisors) and "
                 "[profiles.workloads](#profilesworkloads)",
      .doc = "keys `hypervisors`, `workloads`" },
    { .key = "hosts", .type = SCN_KEY_LIST, .sub = host_keys, .write = scn_write_hosts,
      .required = TRUE, .def_doc = "— (required)", .doc = "at least one host" },
    { .key = "vms", .type = SCN_KEY_LIST, .sub = vm_keys, .write = scn_write_vms },
    { .key = "events", .type = SCN_KEY_LIST, .sub = event_keys, .write = scn_write_events },
    { .key = "scheduler", .type = SCN_KEY_CUSTOM, .sub = scn_scheduler_keys,
      .read = read_scheduler, .write = scn_write_scheduler,
      .def_doc = "see [scheduler](#scheduler)" },
    { .key = "network", .type = SCN_KEY_CUSTOM, .sub = scn_network_keys, .read = read_network,
      .write = write_network, .def_doc = "see [network](#network)" },
    { .key = "migration", .type = SCN_KEY_CUSTOM, .sub = scn_migration_keys,
      .read = read_migration, .write = write_migration, .def_doc = "see [migration](#migration)" },
    { .key = "planning", .type = SCN_KEY_CUSTOM, .sub = scn_planning_keys,
      .read = read_planning, .write = write_planning, .def_doc = "see [planning](#planning)" },
    { .key = "io", .type = SCN_KEY_CUSTOM, .sub = io_keys, .read = read_io_mode,
      .write = write_io_mode, .def = "{ mode: fluid }",
      .doc = "`mode: requests` simulates every I/O request; `fluid` solves devices analytically" },
    { .key = "sweep", .type = SCN_KEY_CUSTOM, .json = "\"type\": \"object\"",
      .doc = "read by `vdcsim sweep` only; see [sweep](#sweep)" },
    { .key = "elasticity", .type = SCN_KEY_CUSTOM, .write = write_elastic,
      .json = "\"type\": [\"object\", \"array\"]", .type_doc = "mapping or list",
      .doc = "see [elasticity](#elasticity)" },
    { NULL },
};

const ScnKey *const scn_scenario_keys = scenario_keys;

/* Built-in workloads: the demand level a VM of this kind runs at when it has no `work`. */
static const struct { const char *name; double demand_frac; } builtin_workloads[] = {
    { "compute-intensive", 1.0 }, { "data-intensive", 1.0 }, { "web", 0.6 },
    { "fork-heavy", 1.0 }, { "memory-intensive", 1.0 }, { "idle", 0.02 },
};

static double builtin_demand_frac(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(builtin_workloads); i++)
        if (strcmp(builtin_workloads[i].name, name) == 0)
            return builtin_workloads[i].demand_frac;
    return 1.0;
}

static void workload_free(gpointer p)
{
    ScnWorkload *w = p;
    scn_workload_virt_clear(&w->virt);
    g_free(w->name);
    g_free(w->base);
    g_free(w);
}

static void host_free(gpointer p)
{
    ScnHost *h = p;
    scn_host_virt_clear(&h->virt);
    scn_power_clear(&h->power);
    g_ptr_array_free(h->devices, TRUE);
    g_free(h->name);
    g_free(h->group);
    g_free(h);
}

static void vm_free(gpointer p)
{
    ScnVm *v = p;
    g_ptr_array_free(v->io, TRUE);
    g_free(v->pin);
    g_free(v->anti_affinity);
    g_free(v->name);
    g_free(v->group);
    g_free(v->host);
    g_free(v->workload);
    g_free(v);
}

static void event_free(gpointer p)
{
    ScnEvent *e = p;
    g_free(e->vm);
    g_free(e->host);
    g_free(e->to);
    g_free(e->strategy);
    g_free(e);
}

static Scenario *scenario_new(const char *path)
{
    Scenario *s = g_new0(Scenario, 1);
    scn_schema_defaults(scenario_keys, s);
    s->path = g_strdup(path);
    s->hypervisors = scn_hypervisors_builtin();
    s->workloads = g_ptr_array_new_with_free_func(workload_free);
    s->hosts = g_ptr_array_new_with_free_func(host_free);
    s->vms = g_ptr_array_new_with_free_func(vm_free);
    s->events = g_ptr_array_new_with_free_func(event_free);
    s->host_names = g_hash_table_new(g_str_hash, g_str_equal);
    s->vm_names = g_hash_table_new(g_str_hash, g_str_equal);
    s->overcommit_cpu = 1.0;
    s->overcommit_memory = 1.0;
    scn_schema_defaults(scn_network_section.keys, &s->network);
    scn_schema_defaults(scn_planning_section.keys, &s->planning);
    scn_scheduler_init(&s->sched);
    scn_migration_init(&s->migration);
    size_t n = 0;
    const HvWorkload *hw = hv_workload_builtins(&n);
    for (size_t i = 0; i < n; i++) {
        ScnWorkload *w = g_new0(ScnWorkload, 1);
        w->name = g_strdup(hw[i].name);
        w->work_cycles = INFINITY;
        w->demand_frac = builtin_demand_frac(hw[i].name);
        scn_workload_virt_init(&w->virt, &hw[i]);
        scn_workload_virt_finish(&w->virt);
        g_ptr_array_add(s->workloads, w);
    }
    return s;
}

Scenario *scn_scenario_builtins(void)
{
    return scenario_new("builtins");
}

void scn_scenario_free(Scenario *s)
{
    if (!s)
        return;
    g_free(s->path);
    g_free(s->name);
    g_free(s->description);
    g_free(s->out_dir);
    g_strfreev(s->charts);
    g_ptr_array_free(s->workloads, TRUE);
    g_ptr_array_free(s->hosts, TRUE);
    g_ptr_array_free(s->hypervisors, TRUE);
    g_hash_table_destroy(s->host_names);
    g_hash_table_destroy(s->vm_names);
    scn_migration_clear(&s->migration);
    scn_schema_clear(scn_planning_keys, &s->planning);
    scn_scheduler_clear(&s->sched);
    g_ptr_array_free(s->vms, TRUE);
    g_ptr_array_free(s->events, TRUE);
    scn_elastic_free(s->elastic);
    g_free(s);
}

const ScnWorkload *scn_workload_lookup(const Scenario *s, const char *name)
{
    for (guint i = 0; i < s->workloads->len; i++) {
        const ScnWorkload *w = g_ptr_array_index(s->workloads, i);
        if (strcmp(w->name, name) == 0)
            return w;
    }
    return NULL;
}

const ScnHost *scn_host_lookup(const Scenario *s, const char *name)
{
    return g_hash_table_lookup(s->host_names, name);
}

/* NULL-terminated names of a GPtrArray of structs whose first member is `char *name`. */
static const char **names_of(GPtrArray *items)
{
    const char **names = g_new0(const char *, items->len + 1);
    for (guint i = 0; i < items->len; i++)
        names[i] = *(char **)g_ptr_array_index(items, i);
    return names;
}

static gboolean unknown_ref(GError **error, ScnDoc *d, ScnNode *n, const char *what,
                            GPtrArray *items)
{
    g_autofree const char **names = names_of(items);
    const char *near = scn_did_you_mean(scn_scalar(n), names);
    if (near)
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown %s '%s' (did you mean '%s'?)",
                        what, scn_scalar(n), near);
    return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown %s '%s' (no %s has that name)",
                    what, scn_scalar(n), what);
}

/* ---- header, output, scheduler ---------------------------------------------------- */

static gboolean read_charts(void *obj, ScnDoc *d, ScnNode *charts, GError **error)
{
    Scenario *s = obj;
    if (!scn_expect_seq(d, charts, "output.charts", error))
        return FALSE;
    GPtrArray *list = g_ptr_array_new_with_free_func(g_free);    /* frees them on error */
    for (size_t i = 0; i < scn_seq_len(charts); i++) {
        int f;
        if (!scn_get_enum(d, scn_seq_item(d, charts, i), chart_formats, "chart format", &f,
                          error)) {
            g_ptr_array_free(list, TRUE);
            return FALSE;
        }
        if (strcmp(chart_formats[f], "none") != 0)
            g_ptr_array_add(list, g_strdup(chart_formats[f]));
    }
    g_ptr_array_add(list, NULL);
    g_strfreev(s->charts);
    s->charts = (char **)g_ptr_array_free(list, FALSE);
    return TRUE;
}

static gboolean read_output(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    Scenario *s = obj;
    if (!scn_schema_read_keys(output_keys, "output", s, d, n, error))
        return FALSE;
    /* a sample is a row of timeseries.csv: bound them, so a typo cannot run forever */
    if (s->sample_interval_ns > 0 && s->duration_ns / s->sample_interval_ns > 10000000)
        return scn_fail(error, d, scn_map_get(d, n, "sample_interval"), SCN_ERROR_RANGE,
                        "sample_interval gives more than 10 million samples over the duration "
                        "(expected at least %g s)", sim_s_from_ns(s->duration_ns) / 1e7);
    return TRUE;
}

static gboolean read_scheduler(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    Scenario *s = obj;
    if (!scn_read_scheduler(&s->sched, d, n, error))
        return FALSE;
    s->overcommit_cpu = s->sched.overcommit_cpu;
    s->overcommit_memory = s->sched.overcommit_memory;
    if (s->sched.strategy && !mig_strategy_lookup(s->sched.strategy))
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN,
                        "unknown migration strategy '%s' in scheduler.consolidation",
                        s->sched.strategy);
    return TRUE;
}

static gboolean read_io_mode(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read(&io_section, obj, d, n, error);
}

static gboolean read_network(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read(&scn_network_section, &((Scenario *)obj)->network, d, n, error);
}

static gboolean read_migration(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read(&scn_migration_section, &((Scenario *)obj)->migration, d, n, error);
}

static void write_io_mode(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_schema_write(w, &io_section, obj);
}

static void write_network(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_schema_write(w, &scn_network_section, &((const Scenario *)obj)->network);
}

static gboolean read_planning(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read(&scn_planning_section, &((Scenario *)obj)->planning, d, n, error);
}

static void write_planning(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_schema_write(w, &scn_planning_section, &((const Scenario *)obj)->planning);
}

static void write_migration(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_schema_write(w, &scn_migration_section, &((const Scenario *)obj)->migration);
}

static void write_elastic(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_elastic_write(w, ((const Scenario *)obj)->elastic);
}

/* The defaults that depend on other values: name from the file, description empty. */
static void finish_header(Scenario *s)
{
    if (!s->name) {
        g_autofree char *base = g_path_get_basename(s->path);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = '\0';
        s->name = g_strdup(base);
    }
    if (!s->description)
        s->description = g_strdup("");
}

static void fill_defaults(Scenario *s)
{
    if (!s->out_dir)
        s->out_dir = g_strdup_printf("out/%s", s->name);
    if (!s->charts) {
        s->charts = g_new0(char *, 2);
        s->charts[0] = g_strdup("png");
    }
    if (s->sample_interval_ns == 0)    /* about 1000 samples, at least one a second */
        s->sample_interval_ns = MAX(SIM_NS_PER_S, s->duration_ns / 1000 / SIM_NS_PER_S * SIM_NS_PER_S);
}

/* ---- workloads -------------------------------------------------------------------- */

static gboolean read_workload_fields(ScnDoc *d, ScnNode *n, double *work_cycles,
                                     double *demand_frac, GError **error)
{
    ScnNode *work = scn_map_get(d, n, "work"), *demand = scn_map_get(d, n, "demand");
    if (work && demand)
        return scn_fail(error, d, demand, SCN_ERROR_CONFLICT,
                        "'work' and 'demand' exclude each other (a workload either finishes "
                        "after its work or runs at a demand level)");
    if (work) {
        if (!scn_get_quantity(d, work, SCN_UNIT_CYCLES, 1, 1e21, work_cycles, error))
            return FALSE;
        *demand_frac = 1.0;
    }
    if (demand) {
        if (!scn_get_quantity(d, demand, SCN_UNIT_FRAC, 0, 1, demand_frac, error))
            return FALSE;
        *work_cycles = INFINITY;
    }
    return TRUE;
}

static gboolean read_workload(Scenario *s, ScnDoc *d, ScnNode *key, ScnNode *n, GError **error)
{
    const char *name = scn_scalar(key);
    if (scn_workload_lookup(s, name))
        return scn_fail(error, d, key, SCN_ERROR_CONFLICT,
                        "workload '%s' is already defined (pick another name)", name);
    if (!scn_expect_map(d, n, "a workload profile", error))
        return FALSE;
    ScnNode *base_node = scn_map_get(d, n, "base");
    const ScnWorkload *base = scn_workload_lookup(s, "compute-intensive");
    if (base_node) {
        const char *bname = NULL;
        if (!scn_get_string(d, base_node, &bname, error))
            return FALSE;
        if (!(base = scn_workload_lookup(s, bname)))
            return unknown_ref(error, d, base_node, "workload", s->workloads);
    }
    ScnWorkload *w = g_new0(ScnWorkload, 1);
    w->name = g_strdup(name);
    w->base = g_strdup(base->name);
    w->work_cycles = base->work_cycles;
    w->demand_frac = base->demand_frac;
    scn_workload_virt_copy(&w->virt, &base->virt);
    g_ptr_array_add(s->workloads, w);
    for (size_t i = 0; i < scn_map_len(n); i++) {
        ScnNode *k = scn_map_key(d, n, i);
        const char *ks = scn_scalar(k);
        if (ks && (strcmp(ks, "base") == 0 || strcmp(ks, "work") == 0 ||
                   strcmp(ks, "demand") == 0))
            continue;
        if (!scn_read_workload_key(&w->virt, d, k, scn_map_value(d, n, i), error))
            return FALSE;
    }
    scn_workload_virt_finish(&w->virt);
    return read_workload_fields(d, n, &w->work_cycles, &w->demand_frac, error);
}

static gboolean read_profiles(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "hypervisors", "workloads", NULL };
    if (!scn_expect_map(d, n, "profiles", error) || !scn_check_keys(d, n, keys, "profiles", error))
        return FALSE;
    ScnNode *hvs = scn_map_get(d, n, "hypervisors");
    if (hvs && !scn_read_hypervisors(s->hypervisors, d, hvs, error))
        return FALSE;
    ScnNode *wl = scn_map_get(d, n, "workloads");
    if (!wl)
        return TRUE;
    if (!scn_expect_map(d, wl, "profiles.workloads", error))
        return FALSE;
    for (size_t i = 0; i < scn_map_len(wl); i++)
        if (!read_workload(s, d, scn_map_key(d, wl, i), scn_map_value(d, wl, i), error))
            return FALSE;
    return TRUE;
}

/* ---- hosts and VMs ---------------------------------------------------------------- */

/* Reads `name` and `count` of a list entry; fills *names with the expanded names. */
static gboolean read_names(ScnDoc *d, ScnNode *n, const char *what, GHashTable *existing,
                           GPtrArray *names, GError **error)
{
    ScnNode *name_node = scn_map_get(d, n, "name");
    if (!name_node)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "%s has no 'name'", what);
    const char *name = NULL;
    int64_t count = 1;
    if (!scn_get_string(d, name_node, &name, error) ||
        !scn_opt_int(d, n, "count", 1, 10000000, &count, error))
        return FALSE;
    gboolean expand = scn_map_get(d, n, "count") != NULL;
    for (int64_t i = 1; i <= count; i++)
        g_ptr_array_add(names, expand ? g_strdup_printf("%s-%" G_GINT64_FORMAT, name, i)
                                      : g_strdup(name));
    for (guint j = 0; j < names->len; j++) {
        const char *name_j = g_ptr_array_index(names, j);
        if (g_hash_table_contains(existing, name_j))
            return scn_fail(error, d, name_node, SCN_ERROR_CONFLICT,
                            "%s name '%s' is used twice (names must be unique)", what, name_j);
    }
    return TRUE;
}

static gboolean read_host(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(host_keys);
    if (!scn_expect_map(d, n, "a host", error) || !scn_check_keys(d, n, keys, "a host", error))
        return FALSE;
    ScnHost proto = { 0 };
    scn_schema_defaults(host_keys, &proto);
    if (!scn_schema_read_values(host_keys, "a host", &proto, d, n, error))
        return FALSE;
    if (proto.memory_bytes == 0)
        return scn_fail(error, d, scn_map_get(d, n, "memory"), SCN_ERROR_RANGE,
                        "host memory must be positive");
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *group = scn_scalar(scn_map_get(d, n, "name"));
    if (!read_names(d, n, "host", s->host_names, names, error) ||
        !scn_opt_string(d, n, "group", &group, error))
        return FALSE;
    if (!scn_read_host_virt(&proto.virt, s->hypervisors, d, n, error)) {
        scn_host_virt_clear(&proto.virt);
        return FALSE;
    }
    int vcpu_mode = s->sched.vcpu;
    if (!scn_opt_enum(d, n, "vcpu", scn_vcpu_mode_names, &vcpu_mode, error))
        return FALSE;
    proto.vcpu = (ScnVcpuMode)vcpu_mode;
    scn_power_init(&proto.power);
    ScnNode *pn = scn_map_get(d, n, "power");
    if (pn && !scn_read_power(&proto.power, d, pn, error)) {
        scn_power_clear(&proto.power);
        scn_host_virt_clear(&proto.virt);
        return FALSE;
    }
    const HvProfile *hvp = &proto.virt.profile->hv;
    g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func(scn_device_free);
    ScnNode *dn = scn_map_get(d, n, "devices");
    if (dn && !scn_read_devices(devices, d, dn, hvp->technique == HV_TECH_HW ? hvp->hw_gen : 0,
                                error)) {
        scn_power_clear(&proto.power);
        scn_host_virt_clear(&proto.virt);
        return FALSE;
    }
    for (guint i = 0; i < names->len; i++) {
        ScnHost *h = g_memdup2(&proto, sizeof proto);
        h->name = g_strdup(g_ptr_array_index(names, i));
        h->group = g_strdup(group);
        scn_host_virt_copy(&h->virt, &proto.virt);
        h->devices = scn_devices_copy(devices);
        scn_power_copy(&h->power, &proto.power);
        g_ptr_array_add(s->hosts, h);
        g_hash_table_insert(s->host_names, h->name, h);
    }
    scn_host_virt_clear(&proto.virt);
    scn_power_clear(&proto.power);
    return TRUE;
}

static gboolean read_vm_workload(Scenario *s, ScnDoc *d, ScnNode *n, ScnVm *proto,
                                 GError **error)
{
    ScnNode *wn = scn_map_get(d, n, "workload");
    const ScnWorkload *w = scn_workload_lookup(s, "compute-intensive");
    if (wn && scn_is_map(wn)) {         /* {trace: FILE, ..., base: NAME} */
        if (!scn_elastic_read_vm_trace(&s->elastic, d, wn, &proto->trace, error))
            return FALSE;
        wn = scn_map_get(d, wn, "base");
    }
    if (wn) {
        const char *wname = NULL;
        if (!scn_get_string(d, wn, &wname, error))
            return FALSE;
        if (!(w = scn_workload_lookup(s, wname)))
            return unknown_ref(error, d, wn, "workload", s->workloads);
    }
    proto->workload = (char *)w->name;
    proto->work_cycles = w->work_cycles;
    proto->demand_frac = w->demand_frac;
    return read_workload_fields(d, n, &proto->work_cycles, &proto->demand_frac, error);
}

/* pin: [c0, c1, ...]: one distinct core of its host (a pinned host) per vCPU. */
static gboolean read_pin(Scenario *s, ScnDoc *d, ScnNode *n, const char *host, int vcpus,
                         int **out, GError **error)
{
    const ScnHost *h = host ? scn_host_lookup(s, host) : NULL;
    if (!h)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a VM with 'pin' needs 'host' (its "
                        "cores are that host's)");
    if (h->vcpu != SCN_VCPU_PINNED)
        return scn_fail(error, d, n, SCN_ERROR_CONFLICT, "'pin' needs host '%s' to pin vCPUs "
                        "(expected vcpu: pinned on the host or the scheduler)", host);
    if (!scn_expect_seq(d, n, "pin", error))
        return FALSE;
    if ((int)scn_seq_len(n) != vcpus)
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "'pin' lists %zu cores for %d vCPUs "
                        "(expected one core per vCPU)", scn_seq_len(n), vcpus);
    int *pin = g_new(int, vcpus);
    for (int i = 0; i < vcpus; i++) {
        int64_t core;
        ScnNode *item = scn_seq_item(d, n, (size_t)i);
        gboolean dup = FALSE;
        if (!scn_get_int(d, item, 0, h->cores - 1, &core, error)) {
            g_free(pin);
            return FALSE;
        }
        for (int k = 0; k < i; k++)
            dup |= pin[k] == core;
        if (dup) {
            g_free(pin);
            return scn_fail(error, d, item, SCN_ERROR_CONFLICT, "core %" G_GINT64_FORMAT
                            " is listed twice (a pinned vCPU has a core of its own)", core);
        }
        pin[i] = (int)core;
    }
    *out = pin;
    return TRUE;
}

/* Pinned cores are exclusive: no core of a host pinned by two VMs. */
static gboolean check_pins(const Scenario *s, ScnDoc *d, ScnNode *root, GError **error)
{
    for (guint i = 0; i < s->vms->len; i++) {
        const ScnVm *a = g_ptr_array_index(s->vms, i);
        for (guint j = i + 1; a->pin && j < s->vms->len; j++) {
            const ScnVm *b = g_ptr_array_index(s->vms, j);
            if (!b->pin || strcmp(a->host, b->host) != 0)
                continue;
            for (int x = 0; x < a->vcpus; x++)
                for (int y = 0; y < b->vcpus; y++)
                    if (a->pin[x] == b->pin[y])
                        return scn_fail(error, d, scn_map_get(d, root, "vms"), SCN_ERROR_CONFLICT,
                                        "core %d of host %s is pinned by VM '%s' and VM '%s' "
                                        "(pinning more vCPUs than cores is not possible)",
                                        a->pin[x], a->host, a->name, b->name);
        }
    }
    return TRUE;
}

static gboolean read_vm(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(vm_keys);
    if (!scn_expect_map(d, n, "a VM", error) || !scn_check_keys(d, n, keys, "a VM", error))
        return FALSE;
    ScnVm proto = { 0 };
    scn_schema_defaults(vm_keys, &proto);
    const char *host = NULL;
    if (!scn_schema_read_values(vm_keys, "a VM", &proto, d, n, error) ||
        !scn_opt_string(d, n, "host", &host, error) ||
        !read_vm_workload(s, d, n, &proto, error))
        return FALSE;
    int vcpus = proto.vcpus;
    if (host && !scn_host_lookup(s, host))
        return unknown_ref(error, d, scn_map_get(d, n, "host"), "host", s->hosts);
    const char *anti = NULL;
    if (!scn_opt_string(d, n, "anti_affinity", &anti, error))
        return FALSE;
    g_autofree int *pin = NULL;
    ScnNode *pn = scn_map_get(d, n, "pin");
    if (pn && !read_pin(s, d, pn, host, vcpus, &pin, error))
        return FALSE;
    g_autoptr(GPtrArray) io = g_ptr_array_new_with_free_func(scn_vm_io_free);
    ScnNode *ion = scn_map_get(d, n, "io");
    if (ion && !scn_read_vm_io(io, d, ion, host ? scn_host_lookup(s, host)->devices : NULL, host,
                               error))
        return FALSE;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    if (!read_names(d, n, "VM", s->vm_names, names, error))
        return FALSE;
    const char *group = scn_scalar(scn_map_get(d, n, "name"));
    if (!scn_opt_string(d, n, "group", &group, error))
        return FALSE;
    for (guint i = 0; i < names->len; i++) {
        ScnVm *v = g_memdup2(&proto, sizeof proto);
        v->name = g_strdup(g_ptr_array_index(names, i));
        v->group = g_strdup(group);
        v->host = g_strdup(host);
        v->workload = g_strdup(proto.workload);
        v->io = g_ptr_array_new_with_free_func(scn_vm_io_free);
        v->pin = pin ? g_memdup2(pin, sizeof(int) * (size_t)vcpus) : NULL;
        v->anti_affinity = g_strdup(anti);
        for (guint k = 0; k < io->len; k++) {
            ScnVmIo *src = g_ptr_array_index(io, k), *copy = g_memdup2(src, sizeof *src);
            copy->device = g_strdup(src->device);
            g_ptr_array_add(v->io, copy);
        }
        g_ptr_array_add(s->vms, v);
        g_hash_table_insert(s->vm_names, v->name, v);
    }
    return TRUE;
}

static gboolean read_list(Scenario *s, ScnDoc *d, ScnNode *root, const char *key,
                          gboolean (*read)(Scenario *, ScnDoc *, ScnNode *, GError **),
                          GError **error)
{
    ScnNode *list = scn_map_get(d, root, key);
    if (!list)
        return TRUE;
    if (!scn_expect_seq(d, list, key, error))
        return FALSE;
    for (size_t i = 0; i < scn_seq_len(list); i++)
        if (!read(s, d, scn_seq_item(d, list, i), error))
            return FALSE;
    return TRUE;
}

/* ---- events ----------------------------------------------------------------------- */

static gboolean vm_or_group_exists(const Scenario *s, const char *name)
{
    for (guint i = 0; i < s->vms->len; i++) {
        const ScnVm *v = g_ptr_array_index(s->vms, i);
        if (strcmp(v->name, name) == 0 || strcmp(v->group, name) == 0)
            return TRUE;
    }
    return FALSE;
}

static gboolean read_migrate(Scenario *s, ScnDoc *d, ScnNode *body, ScnEvent *e,
                             GError **error)
{
    ScnNode *to = scn_map_get(d, body, "to"), *strategy = scn_map_get(d, body, "strategy");
    const char *host = NULL, *sname = NULL;
    if (!to)
        return scn_fail(error, d, body, SCN_ERROR_MISSING, "a 'migrate' event needs 'to' (a host)");
    if (!scn_get_string(d, to, &host, error))
        return FALSE;
    if (!scn_host_lookup(s, host))
        return unknown_ref(error, d, to, "host", s->hosts);
    if (strategy && !scn_read_strategy(d, strategy, &sname, error))
        return FALSE;
    e->to = g_strdup(host);
    e->strategy = g_strdup(sname);
    return TRUE;
}

/* maintenance: { host, duration }, fail: { host, repair } */
static gboolean read_host_event(Scenario *s, ScnDoc *d, ScnNode *body, const char *action,
                                ScnEvent *e, GError **error)
{
    gboolean maint = e->kind == SCN_EVENT_MAINTENANCE;
    g_autofree const char **keys = scn_schema_key_names(maint ? maintenance_keys : fail_keys);
    g_autofree char *what = g_strdup_printf("a '%s' event", action);
    if (!scn_expect_map(d, body, what, error) ||
        !scn_check_keys(d, body, keys, what, error))
        return FALSE;
    ScnNode *hn = scn_map_get(d, body, "host");
    const char *host = NULL;
    if (!hn)
        return scn_fail(error, d, body, SCN_ERROR_MISSING, "%s needs 'host' (a host or group)",
                        what);
    if (!scn_get_string(d, hn, &host, error))
        return FALSE;
    gboolean group = FALSE;
    for (guint i = 0; i < s->hosts->len && !group; i++)
        group = strcmp(((ScnHost *)g_ptr_array_index(s->hosts, i))->group, host) == 0;
    if (!scn_host_lookup(s, host) && !group)
        return unknown_ref(error, d, hn, "host", s->hosts);
    e->host = g_strdup(host);
    e->duration_ns = maint ? 10 * 60 * SIM_NS_PER_S : 0;
    if (!scn_opt_duration_ns(d, body, maint ? "duration" : "repair", &e->duration_ns, error) ||
        (!maint && !scn_opt_duration_ns(d, body, "warning", &e->warning_ns, error)))
        return FALSE;
    if (e->warning_ns > e->at_ns)
        return scn_fail(error, d, scn_map_get(d, body, "warning"), SCN_ERROR_RANGE,
                        "a failure predicted %g s ahead cannot happen at %g s (expected a "
                        "warning no longer than 'at')", sim_s_from_ns(e->warning_ns),
                        sim_s_from_ns(e->at_ns));
    return TRUE;
}

static gboolean read_event_target(Scenario *s, ScnDoc *d, ScnNode *body, const char *action,
                                  ScnEvent *e, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(
        e->kind == SCN_EVENT_LOAD ? load_keys : e->kind == SCN_EVENT_MIGRATE ? migrate_keys
                                                                             : stop_keys);
    g_autofree char *what = g_strdup_printf("a '%s' event", action);
    if (!scn_expect_map(d, body, what, error) ||
        !scn_check_keys(d, body, keys, what, error))
        return FALSE;
    ScnNode *vm = scn_map_get(d, body, "vm");
    const char *name = NULL;
    if (!vm)
        return scn_fail(error, d, body, SCN_ERROR_MISSING, "%s needs 'vm' (a VM or group name)",
                        what);
    if (!scn_get_string(d, vm, &name, error))
        return FALSE;
    if (!vm_or_group_exists(s, name))
        return unknown_ref(error, d, vm, "VM", s->vms);
    e->vm = g_strdup(name);
    if (e->kind == SCN_EVENT_MIGRATE)
        return read_migrate(s, d, body, e, error);
    if (e->kind != SCN_EVENT_LOAD)
        return TRUE;
    ScnNode *demand = scn_map_get(d, body, "demand");
    if (!demand)
        return scn_fail(error, d, body, SCN_ERROR_MISSING, "%s needs 'demand' (e.g. 80%%)", what);
    return scn_get_quantity(d, demand, SCN_UNIT_FRAC, 0, 1, &e->demand_frac, error);
}

static gboolean read_event(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(event_keys);
    if (!scn_expect_map(d, n, "an event", error) || !scn_check_keys(d, n, keys, "an event", error))
        return FALSE;
    ScnNode *at = scn_map_get(d, n, "at");
    if (!at)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "an event needs 'at' (a time, e.g. 60 s)");
    g_autofree ScnEvent *e = g_new0(ScnEvent, 1);
    if (!scn_get_duration_ns(d, at, &e->at_ns, error))
        return FALSE;
    int actions = 0;
    ScnNode *body = NULL;
    for (ScnEventKind k = 0; k < SCN_EVENT_KIND_COUNT; k++) {
        ScnNode *b = scn_map_get(d, n, event_keys[k + 1].key);
        if (b) {
            e->kind = k;
            body = b;
            actions++;
        }
    }
    if (actions != 1)
        return scn_fail(error, d, n, SCN_ERROR_MISSING,
                        "an event needs exactly one action (expected stop, load, migrate, "
                        "maintenance, fail or end)");
    if (e->kind == SCN_EVENT_MAINTENANCE || e->kind == SCN_EVENT_FAIL) {
        if (!read_host_event(s, d, body, event_keys[e->kind + 1].key, e, error)) {
            g_free(e->host);
            return FALSE;
        }
    } else if (e->kind != SCN_EVENT_END &&
        !read_event_target(s, d, body, event_keys[e->kind + 1].key, e, error)) {
        g_free(e->vm);
        return FALSE;
    }
    g_ptr_array_add(s->events, g_steal_pointer(&e));
    return TRUE;
}

static int event_cmp(gconstpointer a, gconstpointer b)
{
    const ScnEvent *x = *(ScnEvent *const *)a, *y = *(ScnEvent *const *)b;
    return (x->at_ns > y->at_ns) - (x->at_ns < y->at_ns);
}

/* A `migrate` event may not name a VM whose passthrough device pins it to its host. */
static gboolean check_passthrough_migrations(const Scenario *s, ScnDoc *d, ScnNode *root,
                                             GError **error)
{
    for (guint i = 0; i < s->events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(s->events, i);
        for (guint k = 0; e->kind == SCN_EVENT_MIGRATE && k < s->vms->len; k++) {
            const ScnVm *v = g_ptr_array_index(s->vms, k);
            if (strcmp(v->name, e->vm) != 0 && strcmp(v->group, e->vm) != 0)
                continue;
            const ScnHost *h = v->host ? scn_host_lookup(s, v->host) : NULL;
            for (guint q = 0; h && q < v->io->len; q++) {
                const ScnVmIo *io = g_ptr_array_index(v->io, q);
                const ScnDevice *dev = scn_device_find(h->devices, io->device);
                if (dev && dev->spec.path == IO_PATH_PASSTHROUGH)
                    return scn_fail(error, d, scn_map_get(d, root, "events"), SCN_ERROR_CONFLICT,
                                    "VM '%s' cannot live-migrate: its device '%s' is passthrough "
                                    "(expected an emulated or paravirtual path, or no migrate "
                                    "event)", v->name, io->device);
            }
        }
    }
    return TRUE;
}

/* Why a guest on host `from` cannot live-migrate to host `to`, or NULL: a container moves
 * only between hosts of the same container runtime (its checkpoint is that runtime's), and a
 * VM never onto a container host. */
const char *scn_migration_incompatible(const ScnHost *from, const ScnHost *to)
{
    const HvProfile *a = &from->virt.profile->hv, *b = &to->virt.profile->hv;
    gboolean ca = a->kind == HV_KIND_CONTAINER, cb = b->kind == HV_KIND_CONTAINER;
    if (ca && !cb)
        return "a container migrates only to a host with a compatible container runtime";
    if (!ca && cb)
        return "a VM cannot migrate onto a container host";
    if (ca && strcmp(a->name, b->name) != 0)
        return "a container migrates only to a host with the same container runtime";
    return NULL;
}

/* The `to` node of the migrate event e in the events list (events are sorted by then). */
static ScnNode *migrate_to_node(ScnDoc *d, ScnNode *events, const ScnEvent *e)
{
    for (size_t j = 0; events && j < scn_seq_len(events); j++) {
        ScnNode *item = scn_seq_item(d, events, j);
        ScnNode *body = scn_is_map(item) ? scn_map_get(d, item, "migrate") : NULL;
        ScnNode *vm = body ? scn_map_get(d, body, "vm") : NULL, *to = body ? scn_map_get(d, body, "to") : NULL;
        if (vm && to && g_strcmp0(scn_scalar(vm), e->vm) == 0 && g_strcmp0(scn_scalar(to), e->to) == 0)
            return to;
    }
    return events;
}

/* A `migrate` event of a VM with a scenario host to an incompatible runtime, at its `to`. */
static gboolean check_runtime_migrations(const Scenario *s, ScnDoc *d, ScnNode *root,
                                         GError **error)
{
    ScnNode *events = scn_map_get(d, root, "events");
    for (guint i = 0; i < s->events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(s->events, i);
        for (guint k = 0; e->kind == SCN_EVENT_MIGRATE && k < s->vms->len; k++) {
            const ScnVm *v = g_ptr_array_index(s->vms, k);
            if ((strcmp(v->name, e->vm) != 0 && strcmp(v->group, e->vm) != 0) || !v->host)
                continue;
            const ScnHost *from = scn_host_lookup(s, v->host), *to = scn_host_lookup(s, e->to);
            const char *why = scn_migration_incompatible(from, to);
            if (!why)
                continue;
            return scn_fail(error, d, migrate_to_node(d, events, e), SCN_ERROR_CONFLICT, "VM '%s' cannot migrate from "
                            "host %s (%s) to host %s (%s): %s (expected a destination running %s)",
                            v->name, from->name, from->virt.profile->hv.name, to->name,
                            to->virt.profile->hv.name, why, from->virt.profile->hv.name);
        }
    }
    return TRUE;
}

/* A dedicated device serves one VM for the whole run. */
static gboolean check_dedicated(const Scenario *s, ScnDoc *d, ScnNode *root, GError **error)
{
    for (guint i = 0; i < s->hosts->len; i++) {
        const ScnHost *h = g_ptr_array_index(s->hosts, i);
        for (guint j = 0; j < h->devices->len; j++) {
            const ScnDevice *dev = g_ptr_array_index(h->devices, j);
            g_autoptr(GPtrArray) users = g_ptr_array_new();
            for (guint k = 0; k < s->vms->len; k++) {
                const ScnVm *v = g_ptr_array_index(s->vms, k);
                for (guint q = 0; v->host && strcmp(v->host, h->name) == 0 && q < v->io->len; q++)
                    if (strcmp(((ScnVmIo *)g_ptr_array_index(v->io, q))->device, dev->name) == 0)
                        g_ptr_array_add(users, v->name);
            }
            GError *inner = NULL;
            if (!io_device_check_users(&dev->spec, (const char *const *)users->pdata, users->len,
                                       &inner)) {
                scn_fail(error, d, scn_map_get(d, root, "vms"), SCN_ERROR_CONFLICT, "%s on host %s",
                         inner->message, h->name);
                g_error_free(inner);
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* A run without a duration lasts until no events are left; a VM at a demand level never
 * finishes, so such a run needs a duration or an `end` event. */
static gboolean check_ends(const Scenario *s, ScnDoc *d, ScnNode *root, GError **error)
{
    if (s->duration_ns > 0)
        return TRUE;
    for (guint i = 0; i < s->events->len; i++)
        if (((ScnEvent *)g_ptr_array_index(s->events, i))->kind == SCN_EVENT_END)
            return TRUE;
    for (guint i = 0; i < s->vms->len; i++) {
        const ScnVm *v = g_ptr_array_index(s->vms, i);
        if (!isfinite(v->work_cycles))
            return scn_fail(error, d, root, SCN_ERROR_MISSING,
                            "the scenario needs a 'duration' (VM '%s' runs at a demand level "
                            "and never finishes)", v->name);
    }
    /* periodic machinery never runs out of events by itself */
    const char *forever = s->sched.consolidation ? "scheduler.consolidation"
                        : s->sched.quantum_ns > 0 ? "scheduler.quantum"
                        : s->elastic ? "elasticity" : NULL;
    for (guint i = 0; !forever && i < s->hosts->len; i++)
        if (((ScnHost *)g_ptr_array_index(s->hosts, i))->mtbf_ns > 0)
            forever = "a host's mtbf";
    if (forever)
        return scn_fail(error, d, root, SCN_ERROR_MISSING,
                        "the scenario needs a 'duration' (%s keeps it going forever)", forever);
    return TRUE;
}

/* ---- entry points ----------------------------------------------------------------- */

Scenario *scn_load_doc(ScnDoc *d, GError **error)
{
    ScnNode *root = scn_doc_root(d);
    if (!root) {
        scn_fail(error, d, NULL, SCN_ERROR_MISSING,
                 "the scenario is empty (expected a mapping with at least 'hosts')");
        return NULL;
    }
    Scenario *s = scenario_new(scn_doc_path(d));
    ScnNode *profiles = scn_map_get(d, root, "profiles");
    gboolean ok = scn_schema_read_keys(scenario_keys, "the scenario", s, d, root, error) &&
                  (!profiles || read_profiles(s, d, profiles, error)) &&
                  read_list(s, d, root, "hosts", read_host, error) &&
                  read_list(s, d, root, "vms", read_vm, error) &&
                  read_list(s, d, root, "events", read_event, error) &&
                  scn_elastic_read(&s->elastic, s->hypervisors, d, root, error);
    if (ok && s->hosts->len == 0)
        ok = scn_fail(error, d, scn_map_get(d, root, "hosts") ? scn_map_get(d, root, "hosts") : root,
                      SCN_ERROR_MISSING, "the scenario has no hosts (expected a 'hosts' list)");
    if (!ok) {
        scn_scenario_free(s);
        return NULL;
    }
    finish_header(s);
    g_ptr_array_sort(s->events, event_cmp);      /* GLib's sort is stable */
    if (!check_ends(s, d, root, error) || !check_dedicated(s, d, root, error) ||
        !check_passthrough_migrations(s, d, root, error) ||
        !check_runtime_migrations(s, d, root, error) || !check_pins(s, d, root, error)) {
        scn_scenario_free(s);
        return NULL;
    }
    fill_defaults(s);
    return s;
}

/* Applies the --set list, loads, and frees the document in every case. */
static Scenario *load_with_sets(ScnDoc *d, const char *const *sets, GError **error)
{
    if (!d)
        return NULL;
    for (int i = 0; sets && sets[i]; i++)
        if (!scn_doc_set(d, sets[i], i + 1, error)) {
            scn_doc_free(d);
            return NULL;
        }
    Scenario *s = scn_load_doc(d, error);
    scn_doc_free(d);
    return s;
}

Scenario *scn_load_file(const char *path, const char *const *sets, GError **error)
{
    return load_with_sets(scn_doc_load_file(path, error), sets, error);
}

Scenario *scn_load_string(const char *text, const char *display_path, const char *const *sets,
                          GError **error)
{
    return load_with_sets(scn_doc_load_string(text, display_path, error), sets, error);
}
