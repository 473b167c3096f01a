/* sim/scenario/resolved.c — writes a Scenario back as YAML (resolved.yaml) through libyaml's emitter.
 *
 * Every value is written in its SI base unit with the shortest decimal that parses back to
 * the same double ("4294967296 B", "2500000000 Hz"), so loading the output gives the same
 * Scenario, field for field.  Built-in workloads are not written; user profiles are, with
 * their resolved values.  Hosts and VMs are written expanded, one entry each.
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

static void write_host_virt(ScnWriter *w, const ScnHostVirt *v)
{
    const MemHostMmu *m = &v->mmu;
    kv(w, "hypervisor", v->hypervisor);
    kv(w, "paging", mem_paging_mode_name(m->mode));
    scn_write_host_virt_map(w, "tlb", scn_tlb_keys, v);
    scn_write_host_virt_map(w, "page_walk", scn_page_walk_keys, v);
    kv(w, "large_pages", mem_page_size_name(m->host_page));
}

static void write_power(ScnWriter *w, const ScnPower *p)
{
    scalar(w, "power");
    map_begin(w, TRUE);
    scn_schema_write_keys(w, scn_power_keys, p);
    map_end(w);
}

void scn_write_hosts(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    scalar(w, "hosts");
    seq_begin(w, FALSE);
    for (guint i = 0; i < s->hosts->len; i++) {
        const ScnHost *h = g_ptr_array_index(s->hosts, i);
        map_begin(w, TRUE);
        kv(w, "name", h->name);
        if (strcmp(h->group, h->name) != 0)
            kv(w, "group", h->group);
        kv_int(w, "cores", h->cores);
        kv_unit(w, "freq", h->freq_hz, SCN_UNIT_FREQ);
        kv_unit(w, "memory", (double)h->memory_bytes, SCN_UNIT_SIZE);
        write_host_virt(w, &h->virt);
        scn_write_devices(w, h->devices);
        write_power(w, &h->power);
        kv(w, "vcpu", scn_vcpu_mode_names[h->vcpu]);
        kv_unit(w, "mtbf", (double)h->mtbf_ns, SCN_UNIT_DURATION);
        kv_unit(w, "mttr", (double)h->mttr_ns, SCN_UNIT_DURATION);
        map_end(w);
    }
    seq_end(w);
}

void scn_write_vms(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    scalar(w, "vms");
    seq_begin(w, FALSE);
    for (guint i = 0; i < s->vms->len; i++) {
        const ScnVm *v = g_ptr_array_index(s->vms, i);
        const ScnTrace *t = v->trace;
        gboolean entry = t && (t->count || t->members->len > 1);
        if (entry && v->trace_member > 0)
            continue;                   /* written once, as the entry it expands from */
        const char *name = entry ? t->entry : v->name;
        map_begin(w, TRUE);
        kv(w, "name", name);
        if (entry)
            scn_elastic_write_vm_entry(w, t);
        if (strcmp(v->group, name) != 0)
            kv(w, "group", v->group);
        if (!t || !t->sized_vcpus)
            kv_int(w, "vcpus", v->vcpus);
        if (!t || !t->sized_memory)
            kv_unit(w, "memory", (double)v->memory_bytes, SCN_UNIT_SIZE);
        if (v->host)
            kv(w, "host", v->host);
        if (v->trace)
            scn_elastic_write_vm_trace(w, v->trace, v->workload);
        else
            kv(w, "workload", v->workload);
        kv_work(w, v->work_cycles, v->demand_frac);
        kv_unit(w, "start", (double)(t ? t->start_ns : v->start_ns), SCN_UNIT_DURATION);
        if (!t && v->end_ns)
            kv_unit(w, "end", (double)v->end_ns, SCN_UNIT_DURATION);
        kv_unit(w, "weight", v->weight, SCN_UNIT_RATIO);
        kv_unit(w, "cap", v->cap_frac, SCN_UNIT_FRAC);
        if (v->anti_affinity)
            kv(w, "anti_affinity", v->anti_affinity);
        if (v->pin) {
            scalar(w, "pin");
            seq_begin(w, TRUE);
            for (int k = 0; k < v->vcpus; k++) {
                g_autofree char *c = g_strdup_printf("%d", v->pin[k]);
                scalar(w, c);
            }
            seq_end(w);
        }
        scn_write_vm_io(w, v->io);
        map_end(w);
    }
    seq_end(w);
}

void scn_write_events(ScnWriter *w, const ScnKey *key, const void *obj)
{
    const Scenario *s = obj;
    static const char *const action[SCN_EVENT_KIND_COUNT] = { "stop", "load", "end", "migrate",
                                                               "maintenance", "fail" };
    scalar(w, "events");
    seq_begin(w, FALSE);
    for (guint i = 0; i < s->events->len; i++) {
        const ScnEvent *e = g_ptr_array_index(s->events, i);
        map_begin(w, TRUE);
        kv_unit(w, "at", (double)e->at_ns, SCN_UNIT_DURATION);
        scalar(w, action[e->kind]);
        map_begin(w, TRUE);
        if (e->vm)
            kv(w, "vm", e->vm);
        if (e->kind == SCN_EVENT_LOAD)
            kv_unit(w, "demand", e->demand_frac, SCN_UNIT_FRAC);
        if (e->to)
            kv(w, "to", e->to);
        if (e->strategy)
            kv(w, "strategy", e->strategy);
        if (e->host) {
            kv(w, "host", e->host);
            kv_unit(w, e->kind == SCN_EVENT_FAIL ? "repair" : "duration", (double)e->duration_ns,
                    SCN_UNIT_DURATION);
            if (e->kind == SCN_EVENT_FAIL)
                kv_unit(w, "warning", (double)e->warning_ns, SCN_UNIT_DURATION);
        }
        map_end(w);
        map_end(w);
    }
    seq_end(w);
}

void scn_write_scheduler(ScnWriter *w, const ScnKey *key, const void *obj)
{
    scn_write_scheduler_section(w, &((const Scenario *)obj)->sched);
}

char *scn_write_resolved(const Scenario *s)
{
    ScnWriter w = { .out = g_string_new("# resolved by vdcsim: every default filled, every "
                                        "count expanded; `vdcsim run` on this file repeats the run\n") };
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
