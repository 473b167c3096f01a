/* sim/scenario/scenario.h — the Scenario: a YAML scenario parsed, validated and resolved to plain data.
 *
 * Every value is in SI integers or doubles with its unit in its name, every default is
 * filled, every `count: N` is expanded to name-1 .. name-N, every reference (a VM's host, an
 * event's VM) is checked.  The Scenario is immutable once loaded: the model reads it and
 * never writes it.  scn_write_resolved() writes it back as YAML that loads to the same
 * Scenario, so any result can be re-run exactly.
 *
 * Ownership: a Scenario owns all its strings and arrays; scn_scenario_free() frees them.
 */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/time.h"
#include "sim/yaml/doc.h"
#include "sim/elastic/config.h"
#include "sim/io/config.h"
#include "sim/migration/config.h"
#include "sim/scenario/network.h"
#include "sim/plan/config.h"
#include "sim/scheduler/config.h"
#include "sim/hypervisor/config.h"
#include "sim/hypervisor/nested.h"
#include "sim/io/gpu.h"
#include "sim/memory/interference.h"
#include "sim/memory/numa.h"
#include "sim/memory/sharing.h"
#include "sim/scenario/compare.h"

typedef struct {
    char     *name;               /* profile name: a built-in or a profiles.workloads key */
    char     *base;               /* what it inherits from; NULL for a built-in */
    double    work_cycles;        /* CPU work to finish; INFINITY: runs for the whole run */
    double    demand_frac;        /* share of each vCPU it wants while running, 0..1 */
    ScnWorkloadVirt virt;         /* event rates and memory behaviour (sim/hypervisor, memory) */
} ScnWorkload;

typedef struct {
    char     *name;               /* expanded: "web-3" */
    char     *group;              /* the entry it came from: "web" */
    guint     count;              /* the first of a `count: N` entry's members: N (its
                                     members follow it, alike but for the name); else 0 */
    int       cores;
    double    freq_hz;
    uint64_t  memory_bytes;
    ScnHostVirt virt;             /* hypervisor profile, paging mode, TLB, page walk */
    GPtrArray *devices;           /* ScnDevice *, this host's I/O devices */
    ScnPower   power;             /* power model, boot and shutdown times */
    ScnVcpuMode vcpu;             /* scheduler.vcpu unless the host says otherwise */
    SimTimeNs  mtbf_ns;           /* mean time between failures; 0: never fails */
    SimTimeNs  mttr_ns;           /* mean time to repair */
    MemNumaHost numa;             /* sockets and remote latency (sim/memory/numa.h) */
    MemSharingHost sharing;       /* KSM / TPS (sim/memory/sharing.h) */
    IoGpuHost  gpus;              /* GPUs and their device class (sim/io/gpu.h) */
    int        dd_vcpus;          /* its driver domain (dom0) as an entity: vCPUs; 0: none */
    uint64_t   dd_memory_bytes;   /* ... and the memory it holds */
} ScnHost;

typedef struct {
    char     *name;
    char     *group;
    guint     count;              /* as ScnHost's (0 for trace VMs, written by their entry) */
    int       vcpus;
    uint64_t  memory_bytes;
    char     *host;               /* NULL: placed by the scheduler */
    char     *workload;           /* a workload profile name (resolved) */
    double    work_cycles;        /* from the workload unless overridden */
    double    demand_frac;
    SimTimeNs start_ns;           /* arrival time */
    GPtrArray *io;                /* ScnVmIo *, its I/O streams (empty without `io:`) */
    double     weight;            /* credit scheduler weight (Xen default 256) */
    double     cap_frac;          /* credit cap per vCPU, fraction of a core; 0: none */
    const ScnTrace *trace;        /* demand follows this trace; NULL: fixed (scnelastic.h) */
    guint      trace_member;      /* which of trace's members (its population) */
    SimTimeNs  end_ns;            /* departure time; 0: stays until done or the run ends */
    int       *pin;               /* pinned hosts: the core of each vCPU, or NULL */
    char      *anti_affinity;     /* VMs of one group never share a host; NULL: none */
    HvGuest    guest;             /* its operating system (sim/hypervisor/guest.h) */
    HvNested   nested;            /* level 1: an ordinary VM (sim/hypervisor/nested.h) */
    char      *in_vm;             /* a pod: runs in this VM, its node; NULL: on a host */
    char      *runtime;           /* a pod's container runtime profile */
    MemNumaVm  numa;              /* NUMA placement policy and memory-stall share */
    double     shareable_frac;    /* memory identical to other VMs of its workload */
    MemInterference interference; /* LLC / memory-bandwidth sensitivity and pressure */
    IoGpuVm    gpu;               /* what it asks of a GPU; work_frac 0: none */
    uint64_t   disk_bytes;        /* its virtual disk image on a host disk; 0: none */
    char      *disk_device;       /* the disk that holds it; NULL: the first with room */
    int        managed_runtime;   /* its workload runs in this runtime: hv_runtime_names
                                   * index (sim/hypervisor/runtime.h); 0: none */
} ScnVm;

typedef enum {
    SCN_EVENT_STOP,               /* stop a VM (or a group) for good */
    SCN_EVENT_LOAD,               /* change the demand of a VM (or a group) */
    SCN_EVENT_END,                /* end the run */
    SCN_EVENT_MIGRATE,            /* live-migrate a VM to a host */
    SCN_EVENT_MAINTENANCE,        /* evacuate a host, take it down for a while */
    SCN_EVENT_FAIL,               /* a host dies; its VMs restart elsewhere */
    SCN_EVENT_KIND_COUNT
} ScnEventKind;

typedef struct {
    SimTimeNs    at_ns;
    ScnEventKind kind;
    char        *vm;              /* a VM name or a group name; NULL for END */
    double       demand_frac;     /* LOAD */
    char        *to;              /* MIGRATE: destination host */
    char        *strategy;        /* MIGRATE: NULL for the scenario's migration.strategy */
    char        *host;            /* MAINTENANCE, FAIL */
    SimTimeNs    duration_ns;     /* MAINTENANCE: down time; FAIL: repair time (0: never) */
    SimTimeNs    warning_ns;      /* FAIL: predicted this long before; VMs evacuate then */
    int          component;       /* FAIL: what fails (HvFailure, sim/hypervisor/trust.h) */
} ScnEvent;

typedef struct {
    char      *path;              /* the file it came from */
    char      *name;
    char      *description;
    char      *question;          /* `question:`: what the scenario asks; NULL: none */
    char      *answer;            /* `answer:`: the stem of the chart that answers it; NULL:
                                     chosen by plots/lesson.c */
    GPtrArray *variants;          /* ScnVariant *, `compare:` in order; empty: none */
    uint64_t   seed;
    SimTimeNs  duration_ns;       /* 0: until no events are left */
    SimTimeNs  warmup_ns;
    char      *out_dir;
    char      *out_dir_where;     /* "file:line:col" of output.dir (or of name), for errors */
    char     **charts;            /* NULL-terminated formats: "png", "svg", "pdf" */
    SimTimeNs  sample_interval_ns;
    GPtrArray *hypervisors;       /* ScnHypervisor *, built-ins first, then user profiles */
    GPtrArray *workloads;         /* ScnWorkload *, built-ins first, then user profiles */
    GPtrArray *hosts;             /* ScnHost *, expanded, in file order */
    GPtrArray *vms;               /* ScnVm *, expanded, in file order */
    GPtrArray *events;            /* ScnEvent *, sorted by time, stable */
    GHashTable *host_names;       /* name -> ScnHost *, for lookups only (never iterated) */
    GHashTable *vm_names;         /* name -> ScnVm *, for lookups only (never iterated) */
    GHashTable *host_groups;      /* group -> its first ScnHost *, for lookups only */
    GHashTable *vm_groups;        /* group -> its first ScnVm *, for lookups only */
    double     overcommit_cpu;    /* vCPUs per core placement may admit */
    double     overcommit_memory;
    ScnScheduler sched;           /* placement policy, consolidation (overcommit above) */
    ScnNetwork   network;
    ScnMigration migration;
    ScnPlanning  planning;
    gboolean     io_requests;     /* io.mode: requests (per-request simulation), else fluid */
    ScnElastic *elastic;          /* `elasticity:` and trace workloads; NULL if none */
} Scenario;

/* The top-level key table (schema.h): every section below it hangs off this one. */
extern const ScnKey *const scn_scenario_keys;
/* The chart stems `answer:` accepts (every chart a run may draw), NULL-terminated. */
const char *const *scn_answer_chart_names(void);

/* Loads, applies the --set assignments (NULL-terminated, may be NULL) and validates. */
/* Why a guest on host `from` cannot live-migrate to host `to` (container runtimes), or NULL. */
const char *scn_migration_incompatible(const ScnHost *from, const ScnHost *to);
Scenario  *scn_load_file(const char *path, const char *const *sets, GError **error);
Scenario  *scn_load_doc(ScnDoc *d, GError **error);
/* The same from YAML text; display_path names it in errors. */
Scenario  *scn_load_string(const char *text, const char *display_path,
                           const char *const *sets, GError **error);
void       scn_scenario_free(Scenario *s);                      /* NULL is a no-op */
/* An empty scenario holding only the built-in profiles (for `vdcsim list`). */
Scenario  *scn_scenario_builtins(void);

const ScnWorkload *scn_workload_lookup(const Scenario *s, const char *name);
const ScnHost     *scn_host_lookup(const Scenario *s, const char *name);

/* The resolved scenario as YAML (every default filled); loading it gives the same run. */
char      *scn_write_resolved(const Scenario *s);

/* Entries of `hosts:` and `vms:` (hosts.c) and `events:` (events.c), each read through its
 * key table with scn_schema_read_keys(): typed rows land in a prototype ScnHost / ScnVm /
 * ScnEvent; rows whose value depends on other keys (a VM's host, workload, io, pin; a
 * host's hypervisor, paging, devices; an event's VM or host) have read hooks that run in the
 * table's order with the Scenario read so far at hand.  Cross-key checks follow, then
 * `count: N` expands a host or VM into name-1 .. name-N, appended to s.  FALSE with *error
 * at the offending value, s unchanged.  resolved.c writes them back through the same tables. */
extern const ScnKey scn_host_keys[], scn_vm_keys[];
/* `at`, then one row per action in ScnEventKind order, each with its body's table as sub. */
extern const ScnKey scn_event_keys[];
gboolean   scn_read_host(Scenario *s, ScnDoc *d, ScnNode *entry, GError **error);
gboolean   scn_read_vm(Scenario *s, ScnDoc *d, ScnNode *entry, GError **error);
gboolean   scn_read_event(Scenario *s, ScnDoc *d, ScnNode *entry, GError **error);
/* `work` and `demand` of map (a VM or a workload profile) on top of *work_cycles and
 * *demand_frac: they exclude each other; work sets demand to 1, demand makes work infinite. */
gboolean   scn_read_work_demand(ScnDoc *d, ScnNode *map, double *work_cycles,
                                double *demand_frac, GError **error);
/* "unknown host 'x' (did you mean 'y'?)" at n, over the names of items (structs whose first
 * member is `char *name`); returns FALSE. */
gboolean   scn_unknown_ref(GError **error, ScnDoc *d, ScnNode *n, const char *what,
                           GPtrArray *items);

/* resolved.c's writers of the complex top-level entries: the `write` hooks of the top-level
 * key table.  Each writes its key and value; obj is the Scenario. */
void       scn_write_output(ScnWriter *w, const ScnKey *key, const void *obj);
void       scn_write_profiles(ScnWriter *w, const ScnKey *key, const void *obj);
void       scn_write_hosts(ScnWriter *w, const ScnKey *key, const void *obj);
void       scn_write_vms(ScnWriter *w, const ScnKey *key, const void *obj);
void       scn_write_events(ScnWriter *w, const ScnKey *key, const void *obj);
void       scn_write_scheduler(ScnWriter *w, const ScnKey *key, const void *obj);

#endif
