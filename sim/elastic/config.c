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

#include "sim/hypervisor/profile.h"
#include "sim/hypervisor/config.h"

#define MIB_BYTES (UINT64_C(1) << 20)

static const char *const unit_names[] = { "vm", "container", NULL };
static const char *const format_names[] = { "bitbrains", "azure", "plain", NULL };
static const char *const interp_names[] = { "step", "linear", NULL };
static const char *const policy_names[] = { "reactive", "predictive", NULL };
static const char *const shape_names[] = {
    "constant", "step", "ramp", "diurnal", "poisson", "trace", NULL,
};

/* ---- lifetime --------------------------------------------------------------------- */

static void trace_free(gpointer p)
{
    ScnTrace *t = p;
    g_free(t->file);
    g_free(t->path);
    g_free(t->vm);
    g_free(t->column);
    sim_trace_free(t->trace);
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
    }
    return *e;
}

void scn_elastic_free(ScnElastic *e)
{
    if (!e)
        return;
    g_ptr_array_free(e->services, TRUE);
    g_ptr_array_free(e->traces, TRUE);
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

/* Reads file/format/vm/column/interp under the given file key and loads the trace. */
static ScnTrace *read_trace(ScnDoc *d, ScnNode *map, const char *file_key, GError **error)
{
    const char *file = NULL, *vm = NULL, *column = NULL;
    int format = SIM_TRACE_PLAIN, interp = SIM_TRACE_STEP;
    if (!scn_opt_string(d, map, file_key, &file, error) ||
        !scn_opt_enum(d, map, "format", format_names, &format, error) ||
        !scn_opt_string(d, map, "vm", &vm, error) ||
        !scn_opt_string(d, map, "column", &column, error) ||
        !scn_opt_enum(d, map, "interp", interp_names, &interp, error))
        return NULL;
    if (!file) {
        scn_fail(error, d, map, SCN_ERROR_MISSING,
                 "a trace needs '%s' (expected the trace file, e.g. '%s: vm-cpu.csv')",
                 file_key, file_key);
        return NULL;
    }
    ScnTrace *t = g_new0(ScnTrace, 1);
    t->file = g_strdup(file);
    t->path = trace_path(d, file);
    t->format = (SimTraceFormat)format;
    t->vm = g_strdup(vm);
    t->column = g_strdup(column);
    t->interp = (SimTraceInterp)interp;
    SimTraceOptions opt;
    sim_trace_options_init(&opt, t->format);
    opt.vm = t->vm;
    opt.column = t->column;
    opt.interp = t->interp;
    if (!(t->trace = sim_trace_load_file(t->path, &opt, error))) {
        trace_free(t);
        return NULL;
    }
    return t;
}

gboolean scn_elastic_read_vm_trace(ScnElastic **e, ScnDoc *d, ScnNode *workload,
                                   const ScnTrace **out, GError **error)
{
    static const char *const keys[] = { "trace", "format", "vm", "column", "interp", "base",
                                        NULL };
    if (!scn_check_keys(d, workload, keys, "a trace workload", error))
        return FALSE;
    ScnTrace *t = read_trace(d, workload, "trace", error);
    if (!t)
        return FALSE;
    g_ptr_array_add(elastic_get(e)->traces, t);
    *out = t;
    return TRUE;
}

/* ---- demand ----------------------------------------------------------------------- */

static gboolean read_rate(ScnDoc *d, ScnNode *map, const char *key, double *out, GError **error)
{
    return scn_opt_quantity(d, map, key, SCN_UNIT_EVENT_RATE, 0, INFINITY, out, error);
}

static gboolean demand_keys(ScnDoc *d, ScnNode *n, SchedDemandShape shape, GError **error)
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

static gboolean read_demand_values(ScnDoc *d, ScnNode *n, SchedDemandConfig *c, GError **error)
{
    return read_rate(d, n, "level", &c->level_per_s, error) &&
           read_rate(d, n, "from", &c->from_per_s, error) &&
           read_rate(d, n, "to", &c->to_per_s, error) &&
           scn_opt_duration_ns(d, n, "at", &c->at_ns, error) &&
           scn_opt_duration_ns(d, n, "end", &c->end_ns, error) &&
           read_rate(d, n, "mean", &c->mean_per_s, error) &&
           read_rate(d, n, "amplitude", &c->amplitude_per_s, error) &&
           scn_opt_duration_ns(d, n, "period", &c->period_ns, error) &&
           scn_opt_duration_ns(d, n, "phase", &c->phase_ns, error) &&
           read_rate(d, n, "burst_rate", &c->burst_rate_per_s, error) &&
           read_rate(d, n, "burst_level", &c->burst_level_per_s, error) &&
           scn_opt_duration_ns(d, n, "burst", &c->burst_ns, error) &&
           read_rate(d, n, "scale", &c->scale_per_s, error);
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

static gboolean read_demand(ScnElasticService *s, ScnDoc *d, ScnNode *n, GError **error)
{
    int shape = SCHED_DEMAND_CONSTANT;
    if (!scn_expect_map(d, n, "a demand curve", error) ||
        !scn_opt_enum(d, n, "shape", shape_names, &shape, error) ||
        !demand_keys(d, n, (SchedDemandShape)shape, error))
        return FALSE;
    SchedDemandConfig *c = &s->demand;
    *c = (SchedDemandConfig){ .shape = (SchedDemandShape)shape, .period_ns = 86400 * SIM_NS_PER_S,
                              .burst_ns = 60 * SIM_NS_PER_S, .scale_per_s = 100 };
    if (!read_demand_values(d, n, c, error))
        return FALSE;
    if (shape == SCHED_DEMAND_DIURNAL && !scn_map_get(d, n, "mean"))
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a diurnal demand needs 'mean'");
    if (shape == SCHED_DEMAND_TRACE) {
        if (!(s->demand_trace = read_trace(d, n, "trace", error)))
            return FALSE;
        c->trace = s->demand_trace->trace;
    }
    return check_demand(d, n, c, error);
}

/* ---- autoscaler ------------------------------------------------------------------- */

static gboolean read_count(ScnDoc *d, ScnNode *n, const char *key, guint *out, GError **error)
{
    int64_t v = *out;
    if (!scn_opt_int(d, n, key, 0, 1000000, &v, error))
        return FALSE;
    *out = (guint)v;
    return TRUE;
}

static gboolean read_autoscaler_values(ScnDoc *d, ScnNode *n, SchedElasticConfig *c,
                                       GError **error)
{
    int policy = c->policy;
    if (!scn_opt_enum(d, n, "policy", policy_names, &policy, error))
        return FALSE;
    c->policy = (SchedScalePolicy)policy;
    return scn_opt_quantity(d, n, "target", SCN_UNIT_FRAC, 0.01, 1, &c->target_frac, error) &&
           scn_opt_quantity(d, n, "low", SCN_UNIT_FRAC, 0.01, 1, &c->low_frac, error) &&
           scn_opt_quantity(d, n, "high", SCN_UNIT_FRAC, 0.01, 1, &c->high_frac, error) &&
           read_count(d, n, "min", &c->min_instances, error) &&
           read_count(d, n, "max", &c->max_instances, error) &&
           read_count(d, n, "initial", &c->initial_instances, error) &&
           read_count(d, n, "step_out", &c->step_out, error) &&
           read_count(d, n, "step_in", &c->step_in, error) &&
           scn_opt_duration_ns(d, n, "cooldown", &c->cooldown_ns, error) &&
           scn_opt_duration_min_ns(d, n, "interval", SIM_NS_PER_MS, FALSE, &c->interval_ns,
                                   error) &&
           scn_opt_duration_ns(d, n, "window", &c->window_ns, error) &&
           scn_opt_duration_ns(d, n, "lead", &c->lead_ns, error);
}

static gboolean read_autoscaler(ScnElasticService *s, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = {
        "policy", "target", "low", "high", "min", "max", "initial", "step_out", "step_in",
        "cooldown", "interval", "window", "lead", NULL,
    };
    if (n && (!scn_expect_map(d, n, "the autoscaler", error) ||
              !scn_check_keys(d, n, keys, "the autoscaler", error) ||
              !read_autoscaler_values(d, n, &s->scale, error)))
        return FALSE;
    if (s->scale.initial_instances == G_MAXUINT)
        s->scale.initial_instances = s->scale.min_instances;
    return TRUE;
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

static gboolean read_store(ScnElasticService *s, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "bandwidth", "cache", NULL };
    if (!n)
        return TRUE;
    return scn_expect_map(d, n, "the image store", error) &&
           scn_check_keys(d, n, keys, "the image store", error) &&
           scn_opt_quantity(d, n, "bandwidth", SCN_UNIT_DATA_RATE, 1, INFINITY,
                            &s->prov.store_bytes_per_s, error) &&
           scn_opt_bool(d, n, "cache", &s->prov.cache_images, error);
}

static gboolean read_sizes(ScnElasticService *s, ScnDoc *d, ScnNode *n, GError **error)
{
    int64_t vcpus = 1;
    s->memory_bytes = (s->tpl.kind == SCHED_UNIT_CONTAINER ? 256 : 2048) * MIB_BYTES;
    if (!scn_opt_int(d, n, "vcpus", 1, 4096, &vcpus, error) ||
        !scn_opt_size_bytes(d, n, "memory", &s->memory_bytes, error) ||
        !scn_opt_quantity(d, n, "capacity", SCN_UNIT_EVENT_RATE, 1e-9, INFINITY,
                          &s->scale.capacity_per_s, error) ||
        !scn_opt_duration_ns(d, n, "approval_delay", &s->prov.approval_delay_ns, error))
        return FALSE;
    s->vcpus = (int)vcpus;
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

static gboolean read_service(ScnElastic *e, GPtrArray *hypervisors, ScnDoc *d, ScnNode *n,
                             GError **error)
{
    static const char *const keys[] = {
        "service", "unit", "template", "vcpus", "memory", "capacity", "approval_delay",
        "image_store", "demand", "autoscaler", NULL,
    };
    if (!scn_expect_map(d, n, "an elastic service", error) ||
        !scn_check_keys(d, n, keys, "an elastic service", error))
        return FALSE;
    ScnElasticService *s = g_new0(ScnElasticService, 1);
    g_ptr_array_add(e->services, s);
    const char *name = NULL;
    g_autofree char *dflt = g_strdup_printf("service-%u", e->services->len);
    sched_elastic_config_init(&s->scale);
    sched_prov_config_init(&s->prov);
    if (!scn_opt_string(d, n, "service", &name, error))
        return FALSE;
    s->name = g_strdup(name ? name : dflt);
    s->scale.service = s->name;
    ScnNode *dn = scn_map_get(d, n, "demand");
    if (!dn)
        return scn_fail(error, d, n, SCN_ERROR_MISSING,
                        "elastic service '%s' has no 'demand' (expected a demand curve)", s->name);
    return read_template(s, hypervisors, d, n, error) && read_sizes(s, d, n, error) &&
           read_store(s, d, scn_map_get(d, n, "image_store"), error) &&
           read_demand(s, d, dn, error) &&
           read_autoscaler(s, d, scn_map_get(d, n, "autoscaler"), error) &&
           check_scale(s, d, n, error);
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

static void write_trace_keys(ScnWriter *w, const ScnTrace *t)
{
    g_autofree char *abs = g_canonicalize_filename(t->path, NULL);
    scn_yaml_kv(w, "trace", abs);
    scn_yaml_kv(w, "format", format_names[t->format]);
    if (t->vm)
        scn_yaml_kv(w, "vm", t->vm);
    if (t->column)
        scn_yaml_kv(w, "column", t->column);
    scn_yaml_kv(w, "interp", interp_names[t->interp]);
}

void scn_elastic_write_vm_trace(ScnWriter *w, const ScnTrace *t, const char *base)
{
    scn_yaml_scalar(w, "workload");
    scn_yaml_map_begin(w, TRUE);
    write_trace_keys(w, t);
    scn_yaml_kv(w, "base", base);
    scn_yaml_map_end(w);
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
        write_trace_keys(w, s->demand_trace), kv_rate(w, "scale", c->scale_per_s);
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
