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

static const char *const top_keys[] = {
    "name", "description", "seed", "duration", "warmup", "output", "profiles", "hosts", "vms",
    "events", "scheduler", "network", "migration", "io", "sweep", "elasticity", NULL,
};

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
    s->path = g_strdup(path);
    s->seed = 1;
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

static gboolean read_output(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "dir", "charts", "sample_interval", NULL };
    static const char *const formats[] = { "png", "svg", "pdf", "none", NULL };
    if (!scn_expect_map(d, n, "output", error) || !scn_check_keys(d, n, keys, "output", error))
        return FALSE;
    const char *dir = NULL;
    if (!scn_opt_string(d, n, "dir", &dir, error) ||
        !scn_opt_duration_min_ns(d, n, "sample_interval", SIM_NS_PER_MS, TRUE,
                                 &s->sample_interval_ns, error))
        return FALSE;
    /* a sample is a row of timeseries.csv: bound them, so a typo cannot run forever */
    if (s->sample_interval_ns > 0 && s->duration_ns / s->sample_interval_ns > 10000000)
        return scn_fail(error, d, scn_map_get(d, n, "sample_interval"), SCN_ERROR_RANGE,
                        "sample_interval gives more than 10 million samples over the duration "
                        "(expected at least %g s)", sim_s_from_ns(s->duration_ns) / 1e7);
    if (dir)
        s->out_dir = g_strdup(dir);
    ScnNode *charts = scn_map_get(d, n, "charts");
    if (!charts)
        return TRUE;
    if (!scn_expect_seq(d, charts, "output.charts", error))
        return FALSE;
    GPtrArray *list = g_ptr_array_new_with_free_func(g_free);    /* frees them on error */
    for (size_t i = 0; i < scn_seq_len(charts); i++) {
        int f;
        if (!scn_get_enum(d, scn_seq_item(d, charts, i), formats, "chart format", &f, error)) {
            g_ptr_array_free(list, TRUE);
            return FALSE;
        }
        if (strcmp(formats[f], "none") != 0)
            g_ptr_array_add(list, g_strdup(formats[f]));
    }
    g_ptr_array_add(list, NULL);
    g_strfreev(s->charts);
    s->charts = (char **)g_ptr_array_free(list, FALSE);
    return TRUE;
}

static gboolean read_scheduler(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
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

/* io: { mode: fluid | requests }: the analytic view (default, any scale) or one event per
 * request, for latency distributions in small scenarios. */
static gboolean read_io_mode(Scenario *s, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "mode", NULL };
    static const char *const modes[] = { "fluid", "requests", NULL };
    int mode = s->io_requests;
    if (!scn_expect_map(d, n, "io", error) || !scn_check_keys(d, n, keys, "io", error) ||
        !scn_opt_enum(d, n, "mode", modes, &mode, error))
        return FALSE;
    s->io_requests = mode == 1;
    return TRUE;
}

static gboolean read_header(Scenario *s, ScnDoc *d, ScnNode *root, GError **error)
{
    const char *name = NULL, *desc = NULL;
    if (!scn_opt_string(d, root, "name", &name, error) ||
        !scn_opt_string(d, root, "description", &desc, error) ||
        !scn_opt_duration_ns(d, root, "duration", &s->duration_ns, error) ||
        !scn_opt_duration_ns(d, root, "warmup", &s->warmup_ns, error))
        return FALSE;
    ScnNode *seed = scn_map_get(d, root, "seed");
    if (seed && !scn_get_uint64(d, seed, &s->seed, error))
        return FALSE;
    if (name) {
        s->name = g_strdup(name);
    } else {
        g_autofree char *base = g_path_get_basename(s->path);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = '\0';
        s->name = g_strdup(base);
    }
    s->description = g_strdup(desc ? desc : "");
    ScnNode *out = scn_map_get(d, root, "output");
    ScnNode *sched = scn_map_get(d, root, "scheduler");
    ScnNode *net = scn_map_get(d, root, "network"), *mig = scn_map_get(d, root, "migration");
    ScnNode *io = scn_map_get(d, root, "io");
    if (io && !read_io_mode(s, d, io, error))
        return FALSE;
    return (!out || read_output(s, d, out, error)) &&
           (!sched || read_scheduler(s, d, sched, error)) &&
           (!net || scn_schema_read(&scn_network_section, &s->network, d, net, error)) &&
           (!mig || scn_schema_read(&scn_migration_section, &s->migration, d, mig, error));
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
    static const char *const keys[] = { "name", "group", "count", "cores", "freq", "memory",
                                        "hypervisor", "paging", "tlb", "page_walk", "large_pages",
                                        "devices", "power", "mtbf", "mttr", "vcpu", NULL };
    if (!scn_expect_map(d, n, "a host", error) || !scn_check_keys(d, n, keys, "a host", error))
        return FALSE;
    ScnHost proto = { .cores = 16, .freq_hz = 2.5e9, .memory_bytes = UINT64_C(64) << 30 };
    int64_t cores = proto.cores;
    if (!scn_opt_int(d, n, "cores", 1, 4096, &cores, error) ||
        !scn_opt_quantity(d, n, "freq", SCN_UNIT_FREQ, 1e6, 1e11, &proto.freq_hz, error) ||
        !scn_opt_size_bytes(d, n, "memory", &proto.memory_bytes, error))
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
    proto.mttr_ns = 4 * 3600 * SIM_NS_PER_S;
    int vcpu_mode = s->sched.vcpu;
    if (!scn_opt_enum(d, n, "vcpu", scn_vcpu_mode_names, &vcpu_mode, error))
        return FALSE;
    proto.vcpu = (ScnVcpuMode)vcpu_mode;
    if (!scn_opt_duration_ns(d, n, "mtbf", &proto.mtbf_ns, error) ||
        !scn_opt_duration_ns(d, n, "mttr", &proto.mttr_ns, error))
        return FALSE;
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
        h->cores = (int)cores;
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
    static const char *const keys[] = {
        "name", "group", "count", "vcpus", "memory", "host", "workload", "work", "demand",
        "start", "io", "weight", "cap", "pin", "anti_affinity", NULL,
    };
    if (!scn_expect_map(d, n, "a VM", error) || !scn_check_keys(d, n, keys, "a VM", error))
        return FALSE;
    ScnVm proto = { .vcpus = 1, .memory_bytes = UINT64_C(1) << 30, .weight = 256 };
    int64_t vcpus = 1;
    const char *host = NULL;
    if (!scn_opt_int(d, n, "vcpus", 1, 4096, &vcpus, error) ||
        !scn_opt_size_bytes(d, n, "memory", &proto.memory_bytes, error) ||
        !scn_opt_duration_ns(d, n, "start", &proto.start_ns, error) ||
        !scn_opt_quantity(d, n, "weight", SCN_UNIT_RATIO, 1, 65535, &proto.weight, error) ||
        !scn_opt_quantity(d, n, "cap", SCN_UNIT_FRAC, 0, 1, &proto.cap_frac, error) ||
        !scn_opt_string(d, n, "host", &host, error) ||
        !read_vm_workload(s, d, n, &proto, error))
        return FALSE;
    if (host && !scn_host_lookup(s, host))
        return unknown_ref(error, d, scn_map_get(d, n, "host"), "host", s->hosts);
    const char *anti = NULL;
    if (!scn_opt_string(d, n, "anti_affinity", &anti, error))
        return FALSE;
    g_autofree int *pin = NULL;
    ScnNode *pn = scn_map_get(d, n, "pin");
    if (pn && !read_pin(s, d, pn, host, (int)vcpus, &pin, error))
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
        v->vcpus = (int)vcpus;
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

static const char *const event_keys[] = { "at", "stop", "load", "end", "migrate",
                                          "maintenance", "fail", NULL };

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
    static const char *const maint_keys[] = { "host", "duration", NULL };
    static const char *const fail_keys[] = { "host", "repair", "warning", NULL };
    gboolean maint = e->kind == SCN_EVENT_MAINTENANCE;
    g_autofree char *what = g_strdup_printf("a '%s' event", action);
    if (!scn_expect_map(d, body, what, error) ||
        !scn_check_keys(d, body, maint ? maint_keys : fail_keys, what, error))
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
    static const char *const stop_keys[] = { "vm", NULL };
    static const char *const load_keys[] = { "vm", "demand", NULL };
    static const char *const migrate_keys[] = { "vm", "to", "strategy", NULL };
    const char *const *keys = e->kind == SCN_EVENT_LOAD ? load_keys
                            : e->kind == SCN_EVENT_MIGRATE ? migrate_keys : stop_keys;
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
    if (!scn_expect_map(d, n, "an event", error) ||
        !scn_check_keys(d, n, event_keys, "an event", error))
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
        ScnNode *b = scn_map_get(d, n, event_keys[k + 1]);
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
        if (!read_host_event(s, d, body, event_keys[e->kind + 1], e, error)) {
            g_free(e->host);
            return FALSE;
        }
    } else if (e->kind != SCN_EVENT_END &&
        !read_event_target(s, d, body, event_keys[e->kind + 1], e, error)) {
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
    gboolean ok = scn_expect_map(d, root, "the scenario", error) &&
                  scn_check_keys(d, root, top_keys, "the scenario", error) &&
                  read_header(s, d, root, error) &&
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
    g_ptr_array_sort(s->events, event_cmp);      /* GLib's sort is stable */
    if (!check_ends(s, d, root, error) || !check_dedicated(s, d, root, error) ||
        !check_passthrough_migrations(s, d, root, error) || !check_pins(s, d, root, error)) {
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
