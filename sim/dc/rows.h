/* sim/dc/rows.h — a finished run's results as plain records: one row per host, VM,
 * migration, device, I/O stream, sampled request latency and elastic provisioning request,
 * and the headline metrics.
 *
 * sim/dc fills them (sim/dc/datacenter.h), sim/out writes them: a row holds every value of
 * one line of its CSV file, already in the units the file shows (seconds, fractions,
 * bytes), NAN where the file shows an empty cell.  Strings are borrowed from the scenario or
 * the datacenter and stay valid until the datacenter is freed; they are never NULL.
 * A header of its own so that the datacenter's parts can fill rows without including the
 * datacenter's public header (which would make an include cycle).
 */
#ifndef SIM_DC_ROWS_H
#define SIM_DC_ROWS_H

#include <glib.h>
#include <stdint.h>

#include "sim/hypervisor/guest.h"
#include "sim/hypervisor/overhead.h"

/* A headline metric (name, unit, value): what summary.json's "headline" holds, what the
 * terminal table and sweeps aggregate.  name and unit are static or live as long as the
 * datacenter. */
typedef struct {
    const char *name;
    const char *unit;
    double      value;
} SimHeadline;

typedef struct {                  /* hosts.csv */
    const char *name, *group;
    int         cores;
    double      freq_hz;
    uint64_t    memory_bytes;
    double      util_mean_frac, util_max_frac;     /* time-weighted, after the warm-up */
    double      util_p50_frac, util_p95_frac, util_p99_frac;   /* percentiles over time */
    double      util_pctl_frac;   /* at planning.percentile: what the target is held to */
    double      energy_j;
    double      on_s;                              /* time powered on */
    int         gpus;             /* its GPUs (0: none) */
    uint64_t    gpu_memory_bytes; /* over its GPUs */
    double      gpus_used_peak;   /* most GPUs in use at once (MIG: slices / slices per GPU) */
    uint64_t    shared_saved_peak_bytes;  /* page sharing's largest saving on it */
    double      dd_util_frac;     /* its driver domain's CPU over its vCPUs; NAN: none */
    double      dd_served_frac;   /* share of dom0's back-end demand served; NAN: none */
} SimDcHostRow;

typedef struct {                  /* vms.csv */
    const char *name, *group;
    const char *host;             /* where it ran last; "" if it never ran */
    const char *state;            /* "pending", "running", "done", "stopped", "rejected" */
    const char *workload;
    int         vcpus;
    uint64_t    memory_bytes;
    gboolean    ran;              /* was ever placed */
    double      start_s, end_s;   /* NAN: never started, or still running */
    double      cpu_s, slowdown, steal_s;
    const char *reject_reason;    /* "" unless rejected */
    double      speed_frac, balloon_speed_frac;    /* NAN if it never ran */
    const int  *cores;            /* its pinned cores (vcpus of them), or NULL */
    double      sched_delay_mean_s, sched_delay_p99_s;    /* quantum mode, else NAN */
    double      overhead_frac[HV_MECH_COUNT];      /* NAN if it never ran */
    double      unmet_demand_frac;/* guest work asked and not delivered; NAN: fixed work */
    double      unmet_s;          /* sampled time it got less than it asked; NAN as above */
    int         nest_level;       /* 1: an ordinary VM; 2: L2 in a guest hypervisor, ... */
    const char *pod_parent;       /* a pod: its node VM; "" otherwise */
    double      numa_remote_frac, interference_frac;   /* NAN if it never ran */
    double      gpu_rate_frac;    /* its GPU rate (1 = a whole GPU); NAN: no GPU or never ran */
    uint64_t    shared_bytes;     /* merged by page sharing at the end (or when it left) */
    /* Teaching columns (after the ovh_ columns): speed against the same work on bare
     * metal from virtualization alone, 1 / (1 + sum of overhead_frac), contention
     * excluded (that is `slowdown`); the host's hypervisor and paging mode; the walk a TLB
     * miss takes: guest (or shadow/native) table levels, host (nested) table levels, 0
     * unless nested, both after large pages; expected references with the walk caches. */
    double      speed_vs_native;                   /* NAN if it never ran */
    const char *hypervisor, *paging;               /* "" if it never ran */
    int         walk_guest_levels, walk_host_levels;
    double      walk_refs;                         /* NAN if it never ran */
    /* Its trace's memory in use (bytes), disk and network throughput (bytes/s), means over
     * the time it ran; NAN where its trace has no such series (or it never ran). */
    double      trace_means[3];
} SimDcVmRow;

typedef struct {                  /* migrations.csv */
    const char *vm, *strategy, *trigger, *src, *dst;
    const char *reason;           /* "" unless refused or abandoned */
    gboolean    finished, refused;
    double      start_s, end_s;
    double      total_s, downtime_s;               /* NAN unless finished */
    uint64_t    bytes_sent, pages_sent;
    guint       rounds;
    uint64_t    faults;
    double      stall_s;
    double      degradation_frac;                  /* NAN unless finished */
    const char *status;           /* "done", "running" (at the end of the run), "aborted",
                                     "refused" */
    double      energy_j;         /* Liu et al. 2011 over bytes_sent; 0 if refused */
    const char *stop_rules;       /* the pre-copy stop-rule preset */
    uint64_t    saved_bytes;      /* kept off the wire by compression */
    double      codec_cycles;     /* source CPU spent compressing */
    guint       pods;             /* a node VM: the pods that moved with it (0 otherwise) */
} SimDcMigrationRow;

typedef struct {                  /* rounds.csv: one round of one migration */
    guint       migration;        /* 1-based row of migrations.csv */
    const char *vm, *strategy;
    const char *phase;            /* "live", "stop", "pull" (one row per second) */
    guint       round;
    double      start_s, duration_s;
    uint64_t    bytes_sent, pages_sent, dirtied_pages, dirty_left_pages, faults;
    double      rate_limit_bytes_per_s;                /* 0: none */
} SimDcRoundRow;

typedef struct {                  /* devices.csv */
    const char *name, *host, *klass, *kind, *path;
    double      util_frac, offered_frac, throughput_bytes_per_s, saturated_frac;
    double      queue_mean;       /* requests mode, else NAN */
    double      latency_mean_s;   /* ops-weighted over its streams */
    uint64_t    capacity_bytes;   /* a disk's storage; 0: not modelled */
    uint64_t    used_peak_bytes, used_end_bytes;   /* images or slices held: most, at the end */
    uint64_t    image_end_bytes;  /* the sizes of the images it holds at the end */
    guint       images_end;       /* VM images it holds at the end */
} SimDcDeviceRow;

typedef struct {                  /* io.csv */
    const char *vm, *host, *device, *path, *level;
    double      ops_per_s, bytes_per_op, throughput_bytes_per_s;
    double      latency_mean_s, latency_p50_s, latency_p99_s;  /* quantiles: requests mode */
    double      saturated_frac;   /* fluid mode, else NAN */
    double      stall_s;          /* requests mode, else NAN */
    double      driver_down_s;    /* time its I/O stood still: its driver domain was down */
} SimDcStreamRow;

typedef struct {                  /* device_latency.csv (requests mode): one sampled request */
    const char *device, *host, *vm;
    double      latency_s;
} SimDcLatencyRow;

typedef struct {                  /* elasticity.csv: one provisioning request */
    const char *service;
    uint64_t    id;               /* the instance is SERVICE-ID */
    const char *host;             /* "" while approving or if rejected */
    const char *state;            /* "approval", "transfer", "boot", "ready", "rejected" */
    double      submitted_s, ready_s;              /* from t = 0; NAN: not reached */
    double      approval_s, transfer_s, boot_s;    /* stage durations; NAN: not reached */
    const char *node;             /* a pod: its node VM (SERVICE-node-K); "" otherwise */
    double      node_s;           /* waited for its node VM to boot; NAN: not reached */
} SimDcRequestRow;

typedef struct {                  /* isolation.csv: what a VM trusts, shares and can lose */
    const char *vm, *host;        /* host: where it ran last, else its scenario host, else "" */
    const char *hypervisor;       /* profile name; "" with no host */
    const HvProfile *profile;     /* NULL with no host */
    const HvGuest   *guest;
    guint       kernel_sharers;   /* other VMs of the scenario on its host that share its
                                     kernel (containers), else 0 */
} SimDcIsolationRow;

typedef struct {                  /* frames.csv: one range of host frames one domain owns */
    const char *host, *domain;
    uint64_t    first_frame, frames;
} SimDcFrameRow;

#endif
