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
 * A VM's `workload:` may also be a map {trace: FILE, format: bitbrains|azure|plain, vm: ID,
 * column: NAME, interp: step|linear, base: PROFILE}: the VM runs the base profile with its
 * demand level following the trace (sim/scenario/trace.h) over simulated time.
 *
 * Trace files are read while the scenario loads, relative to the scenario file's directory;
 * a bad row is the trace reader's "file:line: error: ..." (SCN_ERROR, exit 2).  Every value
 * is range-checked on its YAML node ("file:line:col: error: ...").
 *
 * Units: req/s, SimTimeNs, bytes, bytes/s, fractions.  Ownership: ScnElastic owns its
 * services, trace specs and loaded traces; scn_elastic_free() frees them.  ScnVm.trace and the
 * demand configs borrow from it.
 */
#ifndef SIM_SCNELASTIC_H
#define SIM_SCNELASTIC_H

#include <glib.h>

#include "sim/elastic/autoscaler.h"
#include "sim/yaml/doc.h"
#include "sim/scenario/trace.h"
#include "sim/yaml/emit.h"

typedef struct {
    char          *file;       /* as written in the scenario */
    char          *path;       /* what was opened (file joined to the scenario's directory) */
    SimTraceFormat format;
    char          *vm;         /* azure VM id, or NULL */
    char          *column;     /* NULL = the format's default */
    SimTraceInterp interp;
    SimTrace      *trace;      /* loaded */
} ScnTrace;

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
} ScnElastic;

/* Reads root's `elasticity:` (absent: nothing happens).  *e is created on first use.
 * hypervisors: the scenario's ScnHypervisor list, for `template:`. */
gboolean scn_elastic_read(ScnElastic **e, GPtrArray *hypervisors, ScnDoc *d, ScnNode *root,
                          GError **error);
/* Reads a VM's map-form `workload:` (trace keys plus `base:`); *out borrows from *e. */
gboolean scn_elastic_read_vm_trace(ScnElastic **e, ScnDoc *d, ScnNode *workload,
                                   const ScnTrace **out, GError **error);
void     scn_elastic_free(ScnElastic *e);                       /* NULL is a no-op */

/* resolved.yaml: the `elasticity:` list (nothing when e has no services), and a trace VM's
 * workload map.  Trace paths are written absolute, so the file loads from anywhere. */
void     scn_elastic_write(ScnWriter *w, const ScnElastic *e);
void     scn_elastic_write_vm_trace(ScnWriter *w, const ScnTrace *t, const char *base);

#endif
