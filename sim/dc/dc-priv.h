/* sim/dc/dc-priv.h — the datacenter's insides, shared by the files of sim/dc/ and by no one
 * else (tests/test-layout.c checks): the host, VM and datacenter structs, and the
 * bookkeeping its parts call on one another (placement and room in datacenter.c, live
 * migration in migrate.c, the controller in control.c, devices in devices.c, elastic
 * services in elastic.c).  Outside sim/dc/ the datacenter is sim/dc/datacenter.h: an opaque
 * handle and plain result rows.
 *
 * Invariants: a running VM's vCPUs, memory, frames and pinned cores are counted on exactly
 * one host (plus its destination's reservation while it migrates); a host's room in the
 * first-fit index follows every change (sim_dc_host_room_changed).  Ownership: the SimDc
 * owns its hosts, VMs, migration records, engine and parts.
 */
#ifndef SIM_DC_PRIV_H
#define SIM_DC_PRIV_H

#include "sim/io/gpu.h"
#include "sim/io/storage.h"
#include "sim/core/engine.h"
#include "sim/core/metrics.h"
#include "sim/core/net.h"
#include "sim/core/share.h"
#include "sim/hypervisor/overhead.h"
#include "sim/migration/job.h"
#include "sim/scenario/scenario.h"
#include "sim/scheduler/placement.h"
#include "sim/scheduler/power.h"

typedef enum {
    SIM_VM_PENDING,          /* not arrived yet (or restarting after its host failed) */
    SIM_VM_RUNNING,
    SIM_VM_DONE,             /* finished its work */
    SIM_VM_STOPPED,          /* stopped by an event, or left at its `end` (departure) */
    SIM_VM_REJECTED,         /* fitted nowhere */
} SimVmState;

typedef struct SimHost  SimHost;
typedef struct SimVm    SimVm;
typedef struct SimDc    SimDc;

struct SimHost {
    SimDc         *model;
    const ScnHost *cfg;
    guint          index;
    SimResource   *cpu;             /* cycles/s */
    double         capacity_cycles_per_s;
    int            vcpus_used;
    uint64_t       memory_used_bytes; /* guest memory admitted (running and reserved) */
    guint          guests;          /* VMs and instances whose memory it holds: footprints */
    guint          vms_running;
    GPtrArray     *running;         /* SimVm * on this host now, arrival order */
    SchedHostPower *power;          /* power state and energy (sim/scheduler/power.h) */
    struct MemHostMap *memory;      /* which domain owns which frames (sim/memory) */
    gboolean      *core_taken;      /* pinned hosts: cores held by a pinned vCPU */
    int            free_cores;      /* pinned hosts: cores not taken */
    struct SchedQuantumHost *quantum; /* quantum mode: the time-sliced view of its cores */
    gboolean       draining;        /* takes no new VMs: maintenance or consolidation */
    gboolean       failed;          /* down after a failure, until repaired */
    gboolean       io_down;         /* its driver domain crashed: I/O through it stalls */
    SimConsumer   *dd_cpu;          /* its driver domain's CPU (dom0.c), or NULL */
    int            dd_domain;       /* dom0's domain in the frame map, or -1 */
    double         dd_demand_cycles_per_s, dd_cap_cycles_per_s;
    double         dd_served_frac;  /* share of dom0's back-end demand it gets: 0..1 */
    gboolean       dd_pending;      /* a dc.driver_domain_changed event is queued */
    SimGauge       dd_util;         /* dom0's CPU use over its vCPUs, time-weighted */
    SimGauge       dd_served;       /* dd_served_frac, time-weighted */
    SimTimeNs      io_up_ns;        /* ... until then (SIM_TIME_NEVER: not restarted) */
    SimTimeNs      maintenance_ns;  /* > 0: down this long once empty, then back */
    SimGauge       util;            /* 0..1, time-weighted */
    SimLevelHist   util_hist;       /* its distribution over time, for percentiles */
    gboolean       counted_busy;    /* counted in SimDc.hosts_busy (has running VMs) */
    gboolean       counted_on;      /* counted in SimDc.hosts_on (not powered off) */
    gboolean       counted_booting; /* counted in SimDc.hosts_booting (booting) */
    IoGpuUse       gpu_use;         /* its GPUs in use (sim/io/gpu.h) */
    IoStorageUse  *disk_use;        /* per device of cfg->devices: images held (storage.h) */
    uint64_t       shared_saved_bytes; /* page sharing's saving now (sim/memory/sharing.h) */
    uint64_t       shared_saved_peak_bytes; /* its largest */
    double         gpus_used_peak;  /* most GPUs in use at once (modern.c: gpus in use) */
};

struct SimVm {
    SimDc         *model;
    const ScnVm   *cfg;
    const ScnWorkload *workload;
    guint          index;
    SimVmState     state;
    SimHost       *host;
    SimConsumer   *cpu;
    double         demand_frac;     /* current */
    double         speed_frac;      /* useful work per cycle drawn, 0..1 */
    HvOverhead     overhead;        /* on its current host, with its current co-runners */
    double         overhead_area[HV_MECH_COUNT]; /* ∫ overhead cycles/native s dt, for means */
    SimTimeNs      overhead_since_ns;
    double         demanded_cycles; /* guest work asked: ∫ demand × vcpus × freq dt running */
    double         capped_cycles;   /* host cycles asked: ∫ its cap dt while running */
    SimTimeNs      unmet_ns;        /* sampled time it got less guest work than it asked,
                                     * settled up to short_since (sim_vm_unmet_ns) */
    guint64        short_since;     /* short at the samples from this index on */
    gboolean       short_now;       /* short at the last sample it was evaluated at */
    gboolean       short_dirty;     /* an input of short_now changed since: on short_dirty */
    SimTimeNs      demand_since_ns;
    SimTimeNs      start_ns, end_ns;
    const char    *reject_reason;   /* static string, NULL unless rejected */
    MigJob        *mig;             /* the migration under way, or NULL */
    SimHost       *reserved;        /* destination holding room for it, until resume */
    int            mem_domain;      /* its domain in its host's memory map, or -1 */
    int           *cores;           /* on a pinned host: its vCPUs' cores; else NULL */
    int           *reserved_cores;  /* on a pinned destination while migrating */
    GPtrArray     *quantum_vcpus;   /* quantum mode: SchedQuantumVcpu * on its host */
    int            reserved_domain; /* its domain on the destination while migrating, or -1 */
    int            disk;            /* the host device holding its image, or -1 */
    int            reserved_disk;   /* the same on the destination while migrating, or -1 */
    double         dd_cycles_per_s; /* back-end cycles its I/O puts on its host's dom0 */
    gboolean       paused;          /* stopped by a migration (downtime) */
    double         mig_speed_frac;  /* 1, or less while a migration throttles or stalls it */
    double         balloon_speed_frac; /* 1, or less while ballooned below its working set */
    SimRng        *rng;             /* "vm:NAME/migration", made on first use */
    guint          restarts;        /* times it was lost with its host and restarted */
    SimVm         *node;            /* a pod: the VM it runs in; NULL otherwise */
    int            pods_vcpus;      /* a node: vCPUs of the pods running in it */
    uint64_t       pods_memory_bytes;
    guint          pods_moved;      /* a node: pods it took along at its last migration */
    double         numa_remote_frac, interference_frac, gpu_rate_frac;   /* modern.c */
    uint64_t       shared_bytes;    /* its pages merged with other VMs' (page sharing) */
    uint64_t       trace_memory_bytes; /* in use now, from its trace's memory channel; 0:
                                     * none (its workload's working set stands) */
    double         trace_io_bytes_per_s[2]; /* disk, network now from its trace; < 0: none
                                     * (its I/O streams keep their own rates) */
};

enum { SIM_TRACE_IO_DISK, SIM_TRACE_IO_NET };

/* One row of migrations.csv: a finished, refused or abandoned migration. */
typedef struct {
    MigResult   r;                  /* string fields point into the fields below */
    char       *vm, *strategy, *trigger, *reason;
    const char *status;             /* "done", "refused", "aborted" (static) */
    const char *stop_rules;         /* the preset's name (static) */
    GArray     *rounds;             /* MigRound: its rounds.csv rows */
    guint       pods;               /* a node VM: the pods that moved with it */
} SimMigRecord;

struct SimDc {
    const Scenario *scn;
    SimEngine      *eng;
    SimShare       *share;
    GPtrArray      *hosts;          /* SimHost *, scenario order */
    GPtrArray      *vms;            /* SimVm *, scenario order */
    SimGauge        dc_util;        /* Σ used / Σ capacity */
    SimGauge        vms_running;
    double          dc_capacity_cycles_per_s;
    SimNet         *net;            /* hosts in scenario order, net index = host index */
    struct SimIo   *io;             /* devices and I/O streams (sim/dc/devices.h) */
    struct SimHostIndex *index;     /* first-fit search over host room (sim/dc/hostindex.h) */
    struct SchedPlaceIndex *place_index;  /* best/worst-fit, balanced (sim/scheduler/placeindex.h) */
    const SchedPlacementOps *placement;
    struct SimDcCtl *ctl;           /* consolidation, maintenance, failures (sim/dc/control.h) */
    GPtrArray      *migrations;     /* SimMigRecord *, in order of completion */
    SimSeries       series;
    guint           col_host0;      /* first per-host column in the series, or 0 */
    SimTimeNs       end_ns;         /* when the run ended */
    guint64         placed, rejected, completed, stopped, lost, departed;
    SimEventTypeId  ev_depart, ev_arrive, ev_timeline, ev_sample, ev_end, ev_warmup;
    SimEventTypeId  ev_dd;          /* dc.driver_domain_changed (dom0.c) */
    struct SimElasticRun *elastic;  /* elastic services, trace VMs (sim/dc/elastic.h) or NULL */
    /* Lookups and sampling, built once and kept in step so that no event or sample scans
     * the datacenter: hosts by name, the targets of each timeline event, and the sample's
     * aggregates (the watts of each host in a dense array summed in host order, so the
     * total is the same double a scan over the hosts gives). */
    GHashTable     *host_names;     /* const char * (borrowed) -> SimHost * */
    GPtrArray     **event_targets;  /* per scenario event: SimVm * or SimHost *, in order */
    double         *host_watts;     /* per host: its power now */
    guint           hosts_busy, hosts_on, hosts_booting;
    /* Shortage: VMs whose shortness may have changed since the last sample (their rate,
     * cap, speed, demand, host or state changed), re-evaluated at the next one; a VM
     * short at a sample stays short until re-evaluated.  samples: samples taken. */
    GPtrArray      *short_dirty;    /* SimVm * (borrowed) */
    guint64         samples;
    /* GPUs in use and page sharing's saving over the hosts, now and at their peak
     * (modern.c keeps them at every join and leave). */
    double          gpus_used, gpus_used_peak;
    double          shared_saved_bytes, shared_saved_peak_bytes;
};

/* Marks the VM's shortness for re-evaluation at the next sample: call it wherever its
 * state, host, demand, speeds, pause or CPU rate change. */
static inline void sim_vm_short_dirty(SimVm *vm)
{
    if (!vm->short_dirty) {
        vm->short_dirty = TRUE;
        g_ptr_array_add(vm->model->short_dirty, vm);
    }
}

/* ---- room and placement (datacenter.c) --------------------------------------------- */

gboolean    sim_host_accepting(const SimHost *h);         /* on, not draining, not failed */
/* Admits (+1) or releases (-1) a guest's memory and its per-VM footprint on h. */
void        sim_host_charge_memory(SimHost *h, int sign, uint64_t guest_bytes);
/* Physical memory left for guest memory once the hypervisor's footprint and the per-VM
 * footprints of its guests (plus extra_guests more) are taken: what overcommit multiplies. */
double      sim_host_guest_memory_bytes(const SimHost *h, guint extra_guests);
gboolean    sim_host_fits(const SimDc *m, const SimHost *h, const ScnVm *v);
const char *sim_host_no_fit_reason(const SimDc *m, const SimHost *h, const ScnVm *v);
int         sim_host_memory_claim(SimHost *h, const SimVm *vm);    /* its frame domain */
void        sim_host_memory_release(SimHost *h, int *id);
int        *sim_host_cores_claim(SimHost *h, const SimVm *vm);     /* NULL unless pinned */
void        sim_host_cores_release(SimHost *h, int **cores, int vcpus);
/* Where the VM would go now (its own host excluded); NULL and *reason if nowhere. */
SimHost    *sim_dc_place(SimDc *m, SimVm *vm, const char **reason);
void        sim_dc_host_room_changed(SimDc *m, SimHost *h);
SimHost    *sim_dc_host_by_name(SimDc *m, const char *name);

/* dom0.c: Xen's driver domain as an entity on a host with `driver_domain: { vcpus }`. */
void        sim_dd_register(SimDc *m);
void        sim_dd_init(SimDc *m, SimHost *h);             /* after the host's CPU and frames */
void        sim_dd_free(SimDc *m, SimHost *h);
/* Moves vm's I/O overhead term to dom0 (after its overhead on h is computed). */
void        sim_dd_take_io(SimHost *h, SimVm *vm, const HvInputs *in);
void        sim_dd_settle(SimDc *m, SimHost *h);           /* dom0's demand and cap now */
double      sim_dd_served_frac(const SimHost *h);          /* 1 without a driver domain */

/* storage.c: VM images on the host's disks (sim/io/storage.h); the claim is a device index
 * of h->cfg->devices, -1 for a VM without an image. */
gboolean    sim_storage_fits(const SimHost *h, const ScnVm *v);
int         sim_storage_claim(SimHost *h, const SimVm *vm);   /* must fit (a bug otherwise) */
void        sim_storage_release(SimHost *h, const SimVm *vm, int *disk);

/* modern.c: nesting, pods, NUMA, page sharing, interference and GPUs on a running host. */
gboolean    sim_modern_fits(const SimHost *h, const ScnVm *v);
SimHost    *sim_modern_place_pod(SimDc *m, SimVm *pod);  /* NULL: reject_reason set */
void        sim_modern_join(SimHost *h, SimVm *vm);      /* after it joined h->running */
void        sim_modern_leave(SimHost *h, SimVm *vm);     /* after it left h->running */
/* The running pods of node, in its host's arrival order (empty for any other VM); free it
 * with g_ptr_array_unref. */
GPtrArray  *sim_modern_pods(SimVm *node);
/* Bytes of vm's memory that need not cross to dst: its shareable pages, when dst
 * deduplicates migrations and runs a VM of the same workload (0 otherwise). */
uint64_t    sim_modern_dedup_bytes(const SimHost *dst, const SimVm *vm);
/* GPUs the host's VMs hold now: whole GPUs (passthrough), slices / slices per GPU (MIG),
 * GPUs with a tenant (vGPU). */
double      sim_modern_gpus_used(const SimHost *h);
int         sim_modern_host_vcpus(const SimVm *vm);      /* what it claims of the host: */
uint64_t    sim_modern_host_bytes(const SimVm *vm);      /*   0 for a pod (its node did) */
/* The VM's overhead (nesting, a pod's runtime) and the speed of the rest on its host. */
void        sim_modern_overhead(SimDc *m, SimHost *h, SimVm *vm, unsigned co_runners,
                                HvInputs *in);
unsigned    sim_modern_tlb_co_runners(const SimHost *h);
double      sim_modern_speed_frac(SimDc *m, SimHost *h, SimVm *vm);
/* For sim/dc/elastic: the host the placement policy picks for vcpus and memory (as for a
 * VM), which are reserved on it (the caller gives them back and calls
 * sim_dc_host_room_changed); NULL if none has room. */
SimHost    *sim_dc_place_instance(SimDc *m, int vcpus, uint64_t memory_bytes);

/* ---- VM life cycle and speed (datacenter.c) ----------------------------------------- */

/* Sets a VM's demand level now (settles its demanded cycles first). */
void        sim_dc_set_vm_demand(SimDc *m, SimVm *vm, double demand_frac);
/* Sets the memory a VM uses now (its trace's memory channel): its working set for the
 * balloon (overcommit) and its writable working set for migration follow it. */
void        sim_dc_set_vm_memory(SimDc *m, SimVm *vm, uint64_t in_use_bytes);
/* The working set: the trace's memory in use, else the workload's; and the writable part
 * (the workload's wws in proportion, at most the VM's memory). */
uint64_t    sim_vm_working_set_bytes(const SimVm *vm);
uint64_t    sim_vm_wws_bytes(const SimVm *vm);
/* The host failed under the VM: it is lost and starts again elsewhere after boot_ns. */
void        sim_dc_vm_lose(SimDc *m, SimVm *vm, SimTimeNs boot_ns);
double      sim_vm_want_cycles_per_s(const SimVm *vm);  /* guest work asked, cycles/s */
double      sim_vm_cap_cycles_per_s(const SimVm *vm);   /* host cycles it may draw */
void        sim_vm_settle_demand(SimVm *vm);
void        sim_vm_settle_overhead(SimVm *vm);
void        sim_vm_apply_cpu(SimDc *m, SimVm *vm);
void        sim_host_update_speeds(SimDc *m, SimHost *h);
void        sim_vm_quantum_join(SimHost *h, SimVm *vm);
void        sim_vm_quantum_leave(SimVm *vm);

/* ---- per-VM results (datacenter.c) --------------------------------------------------- */

double      sim_vm_cpu_seconds(SimVm *vm);
double      sim_vm_slowdown(SimVm *vm);                    /* >= 1; NAN if it never ran */
double      sim_vm_steal_s(SimVm *vm);
/* Guest work asked and not delivered / asked; NAN for fixed work or a VM that never ran. */
double      sim_vm_unmet_frac(SimVm *vm);
SimTimeNs   sim_vm_unmet_ns(const SimVm *vm);  /* sampled time short, to the last sample */
/* A VM is short at a sample when it gets less than (1 - this) of the guest work it asks. */
#define SIM_VM_SHORT_FRAC 1e-3                     /* vCPU-s runnable, not running */
/* Quantum mode: mean and 99th percentile of its scheduling delays (s); FALSE without. */
gboolean    sim_vm_sched_delays(SimVm *vm, double *mean_s, double *p99_s);
/* Time-weighted mean overhead of mechanism m while running, as a fraction of native time
 * (cycles per native second / core frequency). */
double      sim_vm_overhead_frac(SimVm *vm, int mech);
const char *sim_vm_state_name(SimVmState s);

/* ---- live migration (migrate.c) ------------------------------------------------------ */

void        sim_dc_migrate(SimDc *m, SimVm *vm, SimHost *dst, const char *strategy,
                           const char *trigger);
/* Drops the VM's migration under way (its destination failed), recording why. */
void        sim_dc_abandon_migration(SimDc *m, SimVm *vm, const char *why);
void        sim_vm_migrate(SimDc *m, SimVm *vm, SimHost *dst, const char *strategy,
                           const char *trigger);
void        sim_mig_abandon(SimDc *m, SimVm *vm, const char *why);
void        sim_mig_record_free(gpointer record);

#endif
