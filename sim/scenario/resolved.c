/* sim/scenario/resolved.c — writes a Scenario back as YAML (resolved.yaml) through libyaml's emitter.
 *
 * Every value is written in its SI base unit with the shortest decimal that parses back to
 * the same double ("4294967296 B", "2500000000 Hz"), so loading the output gives the same
 * Scenario, field for field.  Built-in workloads are not written; user profiles are, with
 * their resolved values.  Hosts and VMs the scenario gave with `count: N` are written as one
 * entry with its count (the members are alike but for their names, name-1 .. name-N); the
 * others one entry each.
 */
#include "sim/scenario/scenario.h"

#include "sim/io/path.h"
#include "sim/yaml/emit.h"

#include <math.h>
#include <string.h>

/* Short local names for the shared writer helpers (sim/yaml/emit.h). */
#define writer_sink scn_yaml_writer_sink
#define emit(w, ev) scn_yaml_emit(w, ev)
#define scalar(w, text) scn_yaml_scalar(w, text)
#define map_begin(w, flow) scn_yaml_map_begin(w, flow)
#define map_end(w) scn_yaml_map_end(w)
#define seq_begin(w, flow) scn_yaml_seq_begin(w, flow)
#define seq_end(w) scn_yaml_seq_end(w)
#define kv(w, key, value) scn_yaml_kv(w, key, value)
#define kv_unit(w, key, value, kind) scn_yaml_kv_unit(w, key, value, kind)
#define kv_int(w, key, value) scn_yaml_kv_int(w, key, value)

/* A workload's work/demand pair: `work` when it finishes, else `demand`. */
static void kv_work(ScnWriter *w, double work_cycles, double demand_frac)
{
    if (isfinite(work_cycles))
        kv_unit(w, "work", work_cycles, SCN_UNIT_CYCLES);
    else
        kv_unit(w, "demand", demand_frac, SCN_UNIT_FRAC);
}

void scn_write_output(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    scalar(w, "output");
    map_begin(w, FALSE);
    kv(w, "dir", s->out_dir);
    scalar(w, "charts");
    seq_begin(w, TRUE);
    for (char **c = s->charts; *c; c++)
        scalar(w, *c);
    if (!s->charts[0])
        scalar(w, "none");
    seq_end(w);
    kv_unit(w, "sample_interval", (double)s->sample_interval_ns, SCN_UNIT_DURATION);
    map_end(w);
}

static void write_overrides(ScnWriter *w, GPtrArray *overrides)
{
    for (guint i = 0; overrides && i < overrides->len; i++) {
        const ScnOverride *o = g_ptr_array_index(overrides, i);
        kv(w, o->key, o->text);
    }
}

static void write_hypervisors(ScnWriter *w, const Scenario *s)
{
    scalar(w, "hypervisors");
    map_begin(w, FALSE);
    for (guint i = 0; i < s->hypervisors->len; i++) {
        const ScnHypervisor *h = g_ptr_array_index(s->hypervisors, i);
        if (!h->base)
            continue;
        scalar(w, h->name);
        map_begin(w, TRUE);
        kv(w, "base", h->base);
        write_overrides(w, h->overrides);
        map_end(w);
    }
    map_end(w);
}

void scn_write_profiles(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    scalar(w, "profiles");
    map_begin(w, FALSE);
    write_hypervisors(w, s);
    scalar(w, "workloads");
    map_begin(w, FALSE);
    for (guint i = 0; i < s->workloads->len; i++) {
        const ScnWorkload *wl = g_ptr_array_index(s->workloads, i);
        if (!wl->base)
            continue;
        scalar(w, wl->name);
        map_begin(w, TRUE);
        kv(w, "base", wl->base);
        kv_work(w, wl->work_cycles, wl->demand_frac);
        write_overrides(w, wl->virt.overrides);
        map_end(w);
    }
    map_end(w);
    map_end(w);
}

/* resolved.yaml's order of a host's and a VM's keys (it predates the tables' order). */
static const char *const host_order[] = {
    "name", "group", "count", "cores", "freq", "memory", "hypervisor", "paging", "tlb",
    "page_walk", "large_pages", "devices", "power", "vcpu", "mtbf", "mttr", "numa",
    "page_sharing", "gpus", "driver_domain", NULL,
};
static const char *const vm_order[] = {
    "name", "group", "count", "vcpus", "memory", "host", "workload", "work", "demand", "start",
    "end", "weight", "cap", "guest", "anti_affinity", "pin", "io", "nesting", "pod", "numa",
    "shareable", "interference", "gpu", "disk", "managed_runtime", NULL,
};

/* `key: [ { ... }, ... ]`: each item of items written through key's table in order. */
static void write_list(ScnWriter *w, const ScnKey *key, GPtrArray *items,
                       const char *const *order)
{
    scalar(w, key->key);
    seq_begin(w, FALSE);
    for (guint i = 0; i < items->len; i++) {
        map_begin(w, TRUE);
        if (order)
            scn_schema_write_keys_in(w, key->sub, order, g_ptr_array_index(items, i));
        else
            scn_schema_write_keys(w, key->sub, g_ptr_array_index(items, i));
        map_end(w);
    }
    seq_end(w);
}

/* The name of the entry whose first member is named first ("web-1" -> "web"). */
static char *entry_name(const char *first)
{
    size_t n = strlen(first);
    g_assert(n > 2 && g_str_has_suffix(first, "-1"));
    return g_strndup(first, n - 2);
}

/* Each host, or each `count:` entry once (its first member, under the entry's name). */
void scn_write_hosts(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    scalar(w, key->key);
    seq_begin(w, FALSE);
    for (guint i = 0; i < s->hosts->len; i++) {
        ScnHost h = *(const ScnHost *)g_ptr_array_index(s->hosts, i);
        g_autofree char *name = h.count ? entry_name(h.name) : NULL;
        if (h.count) {
            h.name = name;
            i += h.count - 1;
        }
        map_begin(w, TRUE);
        scn_schema_write_keys_in(w, key->sub, host_order, &h);
        map_end(w);
    }
    seq_end(w);
}

/* A VM; a trace VM as the entry it expands from (written once, at its first member). */
void scn_write_vms(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    scalar(w, key->key);
    seq_begin(w, FALSE);
    for (guint i = 0; i < s->vms->len; i++) {
        ScnVm v = *(const ScnVm *)g_ptr_array_index(s->vms, i);
        if (v.trace && v.trace_member > 0)
            continue;
        g_autofree char *name = v.count ? entry_name(v.name) : NULL;
        if (v.count) {
            v.name = name;
            i += v.count - 1;
        }
        if (v.trace) {
            gboolean expanded = v.trace->count || v.trace->members->len > 1;
            v.name = expanded ? v.trace->entry : v.name;
            v.start_ns = v.trace->start_ns;
        }
        map_begin(w, TRUE);
        scn_schema_write_keys_in(w, key->sub, vm_order, &v);
        map_end(w);
    }
    seq_end(w);
}

void scn_write_events(ScnWriter *w, const ScnKey *key, const void *obj)
{
    write_list(w, key, ((const Scenario *)obj)->events, NULL);
}

void scn_write_scheduler(ScnWriter *w, const ScnKey *key, const void *obj)
{
    scn_write_scheduler_section(w, &((const Scenario *)obj)->sched);
}

char *scn_write_resolved(const Scenario *s)
{
    ScnWriter w = { .out = g_string_new("# resolved by vdcsim: every default filled, every "
                                        "count kept; `vdcsim run` on this file repeats the run\n") };
    yaml_event_t ev;
    yaml_emitter_initialize(&w.emitter);
    yaml_emitter_set_output(&w.emitter, writer_sink, &w);
    yaml_emitter_set_unicode(&w.emitter, 1);
    yaml_emitter_set_width(&w.emitter, -1);
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    emit(&w, &ev);
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
    emit(&w, &ev);
    map_begin(&w, FALSE);
    scn_schema_write_keys(&w, scn_scenario_keys, s);    /* the top-level table, in order */
    map_end(&w);
    yaml_document_end_event_initialize(&ev, 1);
    emit(&w, &ev);
    yaml_stream_end_event_initialize(&ev);
    emit(&w, &ev);
    yaml_emitter_flush(&w.emitter);
    yaml_emitter_delete(&w.emitter);
    return g_string_free(w.out, FALSE);
}
