/* sim/scenario/scenario.c — the scenario: top-level keys, profiles, and the checks that
 * span sections.
 *
 * Reads a ScnDoc into a Scenario (see scenario.h) through the top-level key table; each
 * section is read through its own table (hosts and VMs in hosts.c, events in events.c, the
 * others by their domain's config.c): unknown keys fail with a did-you-mean, values are read
 * with the typed getters of doc.h, so every error points at the offending value.
 */
#include "sim/scenario/scenario.h"
#include "sim/scenario/guard.h"

#include <math.h>
#include <string.h>

#include "sim/io/path.h"
#include "sim/migration/strategy.h"
#include "sim/sweep/config.h"

/* ---- the key tables (schema.h): top level, output, io, profiles -------------------- */

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
static gboolean read_compare(void *obj, ScnDoc *d, ScnNode *n, GError **error);
static gboolean read_answer(void *obj, ScnDoc *d, ScnNode *n, GError **error);

static const char *const chart_formats[] = { "png", "svg", "pdf", "none", NULL };
static const char *const io_modes[] = { "fluid", "requests", NULL };

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

/* profiles: a mapping from new names to a base and overrides, read by read_profiles. */
static const ScnKey profiles_keys[] = {
    { .key = "hypervisors", .type = SCN_KEY_DICT, .sub = scn_hv_profile_keys,
      .doc = "new hypervisor profiles by name; see [profiles.hypervisors](#profileshypervisors)" },
    { .key = "workloads", .type = SCN_KEY_DICT, .sub = scn_workload_profile_keys,
      .doc = "new workload profiles by name; see [profiles.workloads](#profilesworkloads)" },
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
    { .key = "profiles", .type = SCN_KEY_CUSTOM, .sub = profiles_keys, .write = scn_write_profiles,
      .def_doc = "see [profiles.hypervisors](#profileshypervisors) and "
                 "[profiles.workloads](#profilesworkloads)",
      .doc = "keys `hypervisors`, `workloads`" },
    { .key = "hosts", .type = SCN_KEY_LIST, .sub = scn_host_keys, .write = scn_write_hosts,
      .required = TRUE, .def_doc = "— (required)", .doc = "at least one host" },
    { .key = "vms", .type = SCN_KEY_LIST, .sub = scn_vm_keys, .write = scn_write_vms },
    { .key = "events", .type = SCN_KEY_LIST, .sub = scn_event_keys, .write = scn_write_events },
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
    { .key = "sweep", .type = SCN_KEY_CUSTOM, .sub = scn_sweep_keys,
      .def_doc = "see [sweep](#sweep)", .doc = "read by `vdcsim sweep` only" },
    { .key = "elasticity", .type = SCN_KEY_LIST, .sub = scn_elastic_keys, .single_ok = TRUE,
      .write = write_elastic, .type_doc = "mapping or list",
      .doc = "elastic services, one (a mapping) or several (a list); see "
             "[elasticity](#elasticity)" },
    { .key = "question", .type = SCN_KEY_STRING, .offset = offsetof(Scenario, question),
      .def_doc = "none", .doc = "what the scenario asks; report.html opens with it, the chart "
                                "that answers it and a sentence from the numbers" },
    { .key = "answer", .type = SCN_KEY_STRING, .offset = offsetof(Scenario, answer),
      .read = read_answer, .names_fn = scn_answer_chart_names, .type_doc = "chart name",
      .def_doc = "chosen from the charts the run has",
      .doc = "the chart that answers `question:` (its file stem in charts/, e.g. "
             "`sla-violation`); report.html shows it under the question. Without it the "
             "first teaching chart the run has answers" },
    { .key = "compare", .type = SCN_KEY_LIST, .sub = scn_compare_keys, .read = read_compare,
      .def_doc = "none", .doc = "variants run beside the scenario as written, each a set of "
                                "`--set` overrides; see [compare](#compare)" },
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
    g_free(v->in_vm);
    g_free(v->runtime);
    g_free(v->disk_device);
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
    s->variants = g_ptr_array_new_with_free_func(scn_variant_free);
    s->host_names = g_hash_table_new(g_str_hash, g_str_equal);
    s->vm_names = g_hash_table_new(g_str_hash, g_str_equal);
    s->host_groups = g_hash_table_new(g_str_hash, g_str_equal);
    s->vm_groups = g_hash_table_new(g_str_hash, g_str_equal);
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
    g_free(s->question);
    g_free(s->answer);
    g_ptr_array_free(s->variants, TRUE);
    g_free(s->out_dir);
    g_free(s->out_dir_where);
    g_strfreev(s->charts);
    g_ptr_array_free(s->workloads, TRUE);
    g_ptr_array_free(s->hosts, TRUE);
    g_ptr_array_free(s->hypervisors, TRUE);
    g_hash_table_destroy(s->host_names);
    g_hash_table_destroy(s->vm_names);
    g_hash_table_destroy(s->host_groups);
    g_hash_table_destroy(s->vm_groups);
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
    ((Scenario *)obj)->planning.stated = TRUE;
    return scn_schema_read(&scn_planning_section, &((Scenario *)obj)->planning, d, n, error);
}

/* Only a stated section: without one the default target does not decide the verdict, and
 * resolved.yaml must rerun the same. */
static void write_planning(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnPlanning *p = &((const Scenario *)obj)->planning;
    if (p->stated)
        scn_schema_write(w, &scn_planning_section, p);
}

static void write_migration(ScnWriter *w, const ScnKey *k, const void *obj)
{
    scn_schema_write(w, &scn_migration_section, &((const Scenario *)obj)->migration);
}

/* Every chart stem a run may draw (plots/catalog.h and plots/lesson.h; tests/test-report.c
 * checks the two lists agree): the values `answer:` accepts. */
const char *const *scn_answer_chart_names(void)
{
    static const char *const names[] = {
        "utilization", "host-utilization", "host-distribution", "power", "host-power-states",
        "elasticity", "trace-resources", "overhead", "slowdown", "migration-timeline",
        "migration-activity", "migration-times", "migration-rounds", "device-utilization",
        "device-latency",
        "device-latency-cdf", "disk-capacity", "io-driver-domain", "speed-vs-native", "migration-dirty-total",
        "migration-dirty-downtime", "page-walk", "time-to-ready", "elasticity-services",
        "sla-violation", "compare-utilization", "compare-power", "compare-latency", NULL };
    return names;
}

static gboolean read_answer(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    int i;
    if (!scn_get_enum(d, n, scn_answer_chart_names(), "answer chart", &i, error))
        return FALSE;
    ((Scenario *)obj)->answer = g_strdup(scn_answer_chart_names()[i]);
    return TRUE;
}

static gboolean read_compare(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_read_compare(((Scenario *)obj)->variants, d, n, error);
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

static gboolean read_workload(Scenario *s, ScnDoc *d, ScnNode *key, ScnNode *n, GError **error)
{
    const char *name = NULL;
    if (!scn_get_string(d, key, &name, error))     /* a complex key ("? {...}") is no name */
        return FALSE;
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
            return scn_unknown_ref(error, d, base_node, "workload", s->workloads);
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
    return scn_read_work_demand(d, n, &w->work_cycles, &w->demand_frac, error);
}

static gboolean read_profiles(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(profiles_keys);
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

/* Pinned cores are exclusive: no core of a host pinned by two VMs. */
static gboolean check_pins(const Scenario *s, ScnDoc *d, ScnNode *root, GError **error)
{
    g_autoptr(GPtrArray) pinned = g_ptr_array_new();      /* O(pinned²), not O(VMs²) */
    for (guint i = 0; i < s->vms->len; i++)
        if (((const ScnVm *)g_ptr_array_index(s->vms, i))->pin)
            g_ptr_array_add(pinned, g_ptr_array_index(s->vms, i));
    for (guint i = 0; i < pinned->len; i++) {
        const ScnVm *a = g_ptr_array_index(pinned, i);
        for (guint j = i + 1; j < pinned->len; j++) {
            const ScnVm *b = g_ptr_array_index(pinned, j);
            if (strcmp(a->host, b->host) != 0)
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

static int event_cmp(gconstpointer a, gconstpointer b)
{
    const ScnEvent *x = *(ScnEvent *const *)a, *y = *(ScnEvent *const *)b;
    return (x->at_ns > y->at_ns) - (x->at_ns < y->at_ns);
}

/* A `migrate` event may not name a VM whose passthrough device pins it to its host. */
static gboolean check_passthrough_migrations(const Scenario *s, ScnDoc *d, ScnNode *root,
                                             GError **error)
{
    g_autoptr(GPtrArray) bound = g_ptr_array_new();     /* VMs with a host and devices */
    for (guint k = 0; k < s->vms->len; k++) {
        const ScnVm *v = g_ptr_array_index(s->vms, k);
        if (v->host && v->io->len > 0)
            g_ptr_array_add(bound, (gpointer)v);
    }
    for (guint i = 0; bound->len && i < s->events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(s->events, i);
        for (guint k = 0; e->kind == SCN_EVENT_MIGRATE && k < bound->len; k++) {
            const ScnVm *v = g_ptr_array_index(bound, k);
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
    /* name or group -> its placed VMs in file order: one pass, not VMs x events */
    g_autoptr(GHashTable) by_ref = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify)g_ptr_array_unref);
    for (guint k = 0; k < s->vms->len; k++) {
        const ScnVm *v = g_ptr_array_index(s->vms, k);
        const char *keys[] = { v->name, strcmp(v->group, v->name) != 0 ? v->group : NULL };
        for (guint j = 0; v->host && j < G_N_ELEMENTS(keys) && keys[j]; j++) {
            GPtrArray *a = g_hash_table_lookup(by_ref, keys[j]);
            if (!a)
                g_hash_table_insert(by_ref, (gpointer)keys[j], a = g_ptr_array_new());
            g_ptr_array_add(a, (gpointer)v);
        }
    }
    for (guint i = 0; i < s->events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(s->events, i);
        const GPtrArray *vms = e->kind == SCN_EVENT_MIGRATE ? g_hash_table_lookup(by_ref, e->vm)
                                                            : NULL;
        for (guint k = 0; vms && k < vms->len; k++) {
            const ScnVm *v = g_ptr_array_index(vms, k);
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
    g_autoptr(GHashTable) on_host = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify)g_ptr_array_unref);
    for (guint k = 0; k < s->vms->len; k++) {           /* host -> its VMs with I/O, in order */
        const ScnVm *v = g_ptr_array_index(s->vms, k);
        if (!v->host || v->io->len == 0)
            continue;
        GPtrArray *a = g_hash_table_lookup(on_host, v->host);
        if (!a)
            g_hash_table_insert(on_host, v->host, a = g_ptr_array_new());
        g_ptr_array_add(a, (gpointer)v);
    }
    for (guint i = 0; i < s->hosts->len; i++) {
        const ScnHost *h = g_ptr_array_index(s->hosts, i);
        const GPtrArray *vms = g_hash_table_lookup(on_host, h->name);
        for (guint j = 0; j < h->devices->len; j++) {
            const ScnDevice *dev = g_ptr_array_index(h->devices, j);
            g_autoptr(GPtrArray) users = g_ptr_array_new();
            for (guint k = 0; vms && k < vms->len; k++) {
                const ScnVm *v = g_ptr_array_index(vms, k);
                for (guint q = 0; q < v->io->len; q++)
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
/* The request-level I/O model has no driver-domain CPU: a dom0 entity needs the fluid one. */
static gboolean check_dd_mode(const Scenario *s, ScnDoc *d, ScnNode *root, GError **error)
{
    ScnNode *io = scn_map_get(d, root, "io");
    ScnNode *mode = io && scn_is_map(io) ? scn_map_get(d, io, "mode") : NULL;
    for (guint i = 0; s->io_requests && i < s->hosts->len; i++) {
        const ScnHost *h = g_ptr_array_index(s->hosts, i);
        if (h->dd_vcpus > 0)
            return scn_fail(error, d, mode ? mode : root, SCN_ERROR_CONFLICT,
                            "io.mode: requests does not model a driver domain's CPU (host '%s' "
                            "has driver_domain.vcpus; expected io.mode: fluid)", h->name);
    }
    return TRUE;
}

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
    gboolean ok = scn_guard_counts(d, root, error) &&
                  scn_schema_read_keys(scenario_keys, "the scenario", s, d, root, error) &&
                  (!profiles || read_profiles(s, d, profiles, error)) &&
                  read_list(s, d, root, "hosts", scn_read_host, error) &&
                  read_list(s, d, root, "vms", scn_read_vm, error) &&
                  read_list(s, d, root, "events", scn_read_event, error) &&
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
    g_clear_pointer(&s->out_dir_where, g_free);
    if (!scn_guard_output(d, root, s->name, s->out_dir, &s->out_dir_where, error) ||
        !check_ends(s, d, root, error) || !check_dedicated(s, d, root, error) ||
        !check_dd_mode(s, d, root, error) ||
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
