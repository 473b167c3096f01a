/* sim/elastic/config.h — the scenario's `elasticity:` section and trace-driven VM workloads.
 *
 * `elasticity:` is one service (a map) or a list of services.  Each service runs instances
 * of one template (a hypervisor profile: kvm for `unit: vm`, docker for `unit: container` by
 * default; boot time and image size come from the profile) that each serve `capacity` req/s;
 * a demand curve (sim/elastic/demand.h) and an autoscaler (sim/elastic/autoscaler.h) decide
 * how many run, and a provisioning pipeline (sim/elastic/provision.h: approval delay, image
 * store, boot) brings them up.  Keys, units and defaults: docs/models.md "Elasticity and
 * provisioning" and docs/scenario.md.
 *
 * A VM's `workload:` may also be a map {trace: SOURCE, format, vm, column, interp, base,
 * vmtable, select, from, to, phase, arrivals} (key table scn_trace_keys): the VM runs the base
 * profile with its demand level following a trace series (sim/trace/).  SOURCE is a file, a
 * directory or a glob, gzip or not; without `vm:` one entry is a population of VMs
 * (sim/trace/population.h) with sizes, arrivals and departures from the trace.
 *
 * Trace sources are read while the scenario loads, relative to the scenario file's
 * directory, each once (a TraceCache keyed by source, format, column and vmtable); a bad row
 * is the reader's "file:line:col: error: ..." (SCN_ERROR, exit 2).  Every value is
 * range-checked on its YAML node ("file:line:col: error: ...").
 *
 * Units: req/s, SimTimeNs, bytes, bytes/s, fractions.  Ownership: ScnElastic owns its
 * services, trace specs and loaded traces; scn_elastic_free() frees them.  ScnVm.trace and the
 * demand configs borrow from it.
 */
#ifndef SIM_SCNELASTIC_H
#define SIM_SCNELASTIC_H

#include <glib.h>

#include "sim/elastic/params.h"
#include "sim/yaml/doc.h"
#include "sim/trace/cache.h"
#include "sim/trace/population.h"
#include "sim/yaml/schema.h"
#include "sim/yaml/emit.h"

typedef struct {
    char          *file;       /* as written in the scenario */
    char          *path;       /* what was opened (file joined to the scenario's directory) */
    int            format;     /* TraceFormat */
    char          *vm;         /* one series by id, or NULL: the population */
    char          *column;     /* NULL = the format's default */
    int            interp;     /* TraceInterp */
    char          *vmtable;    /* azure: as written; NULL: vmtable.csv[.gz] beside the shards */
    int            select;     /* TraceSelect */
    SimTimeNs      from_ns, to_ns;   /* window in trace time; to 0: the end */
    int            phase;      /* TracePhase */
    gboolean       arrivals;   /* start and leave at the trace's created/deleted times */
    const TraceSet *set;       /* borrowed from ScnElastic's cache */
    GArray        *members;    /* TraceMember, one per VM of the entry (a demand: one) */
    /* the VM entry, for resolved.yaml */
    char          *entry;      /* its name */
    int64_t        count;      /* its `count`; 0: absent */
    gboolean       sized_vcpus, sized_memory;  /* taken from the trace, not the entry */
    SimTimeNs      start_ns;   /* its `start` */
} ScnTrace;

/* The keys of a trace workload map (and of a trace demand's trace keys). */
extern const ScnKey scn_trace_keys[];
/* The keys of one elastic service: its sizes, image store, demand curve and autoscaler. */
extern const ScnKey scn_elastic_keys[];
typedef struct {
    char              *name;         /* service: */
    char              *template_name;/* template: hypervisor profile */
    SchedProvTemplate  tpl;          /* kind, image_bytes, boot_ns from the profile */
    int                vcpus;        /* per instance; default 1 */
    uint64_t           memory_bytes; /* per instance; default 2 GiB (vm), 256 MiB (container) */
    SchedElasticConfig scale;        /* capacity and autoscaler; scale.service = name */
    SchedProvConfig    prov;         /* approval delay, image store */
    SchedDemandConfig  demand;       /* demand.trace borrowed from demand_trace */
    ScnTrace          *demand_trace; /* NULL unless shape trace */
} ScnElasticService;

typedef struct {
    GPtrArray *services;       /* ScnElasticService *, file order */
    GPtrArray *traces;         /* ScnTrace *, VM workload traces, file order */
    TraceCache *cache;         /* every trace source, loaded once */
} ScnElastic;

/* Reads root's `elasticity:` (absent: nothing happens).  *e is created on first use.
 * hypervisors: the scenario's ScnHypervisor list, for `template:`. */
gboolean scn_elastic_read(ScnElastic **e, GPtrArray *hypervisors, ScnDoc *d, ScnNode *root,
                          GError **error);
/* Reads a VM's map-form `workload:` (trace keys plus `base:`) and loads its source; *out
 * borrows from *e. */
gboolean scn_elastic_read_vm_trace(ScnElastic **e, ScnDoc *d, ScnNode *workload,
                                   ScnTrace **out, GError **error);
/* Picks the entry's VMs (its `count`, or every eligible series): t->members.  vm_map is the
 * VM entry (name, count, vcpus, memory, start are read from it); stream names the rng. */
gboolean scn_elastic_trace_populate(ScnTrace *t, ScnDoc *d, ScnNode *vm_map, uint64_t seed,
                                    GError **error);
/* The view VM `member` of t follows. */
const TraceMember *scn_trace_member(const ScnTrace *t, guint member);
void     scn_elastic_free(ScnElastic *e);                       /* NULL is a no-op */

/* resolved.yaml: the `elasticity:` list (nothing when e has no services), and a trace VM's
 * workload map.  Trace paths are written absolute, so the file loads from anywhere. */
void     scn_elastic_write(ScnWriter *w, const ScnElastic *e);
void     scn_elastic_write_vm_trace(ScnWriter *w, const ScnTrace *t, const char *base);
/* The entry-level keys a population writes in place of the VM's own: count. */
void     scn_elastic_write_vm_entry(ScnWriter *w, const ScnTrace *t);

#endif
