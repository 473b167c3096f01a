/* sim/scheduler/placement.h — VM placement: which host takes a new (or moving) VM.
 *
 * The caller gives a read-only view of the candidate hosts (SchedHostView, one per host, in
 * a fixed order) and a request (vCPUs, memory, required devices, anti-affinity group).  A
 * host is feasible when it is powered on, holds no VM of the request's anti-affinity group,
 * has every required device free, and stays within its overcommit limits:
 *
 *     vcpus_used + vcpus           <= cores × overcommit.cpu
 *     memory_used + memory         <= memory × overcommit.memory
 *
 * A policy (SchedPlacementOps) only scores feasible hosts; the wrapper sched_place() keeps
 * the lowest score, ties going to the host met first (lowest position), so every decision is
 * deterministic.  Built in: first-fit, best-fit, worst-fit, balanced (placement_*.c).  When
 * no host is feasible the result names what was short: the check that failed on the most
 * hosts, checks taken in the order power, anti-affinity, device, CPU, memory.
 *
 * Units: memory in bytes, CPU in vCPUs and cores, utilization as a 0..1 fraction.  Nothing
 * is allocated; views and requests are owned by the caller.
 */
#ifndef SCHED_PLACEMENT_H
#define SCHED_PLACEMENT_H

#include <glib.h>
#include <stdint.h>

typedef struct {
    int                index;              /* the caller's host index, returned on success */
    int                cores;
    int                vcpus_used;
    uint64_t           memory_bytes;
    uint64_t           memory_used_bytes;
    double             util_frac;          /* current CPU utilization, 0..1 */
    double             capacity_cycles_per_s;  /* cores × freq (consolidation only) */
    gboolean           powered_on;
    const char *const *devices_free;       /* NULL-terminated kinds ("gpu", "vf"); may be NULL */
    const char *const *groups;             /* NULL-terminated anti-affinity groups present */
} SchedHostView;

typedef struct {
    int                vcpus;
    uint64_t           memory_bytes;
    const char *const *devices;            /* NULL-terminated kinds needed, one each; may be NULL */
    const char        *anti_affinity;      /* group name, or NULL */
} SchedRequest;

typedef struct {
    double cpu;                            /* vCPUs per core admitted, >= 1 in practice */
    double memory;                         /* memory bytes per host byte admitted */
} SchedOvercommit;

typedef enum {
    SCHED_SHORT_NONE = 0,
    SCHED_SHORT_POWER,                     /* every host is off */
    SCHED_SHORT_ANTI_AFFINITY,
    SCHED_SHORT_DEVICE,
    SCHED_SHORT_CPU,
    SCHED_SHORT_MEMORY,
    SCHED_SHORT_N,
} SchedShort;

typedef struct {
    int        host_index;                 /* the chosen SchedHostView.index, or -1 */
    guint      position;                   /* its position in the array (valid if >= 0) */
    SchedShort shortage;                   /* why none fitted (NONE on success) */
    guint      hosts_short[SCHED_SHORT_N]; /* hosts rejected per first failing check */
    const char *reason;                    /* static text; NULL on success */
} SchedPlaceResult;

typedef struct {
    const char *name;                      /* the value of `placement:` in scenario YAML */
    const char *description;               /* one line, for `vdcsim list` */
    /* Score of a feasible host (lower is better).  lim_* are the overcommitted limits. */
    double    (*score)(const SchedHostView *h, const SchedRequest *req,
                       double vcpu_limit, double memory_limit_bytes);
} SchedPlacementOps;

extern const SchedPlacementOps sched_first_fit_ops, sched_best_fit_ops, sched_worst_fit_ops,
                               sched_balanced_ops;

const SchedPlacementOps *sched_placement_lookup(const char *name);  /* NULL if unknown */
const SchedPlacementOps *sched_placement_nth(guint i);              /* NULL past the end */
char                    *sched_placement_names(void);   /* "a, b or c"; g_free it */

/* The first check h fails for req (SCHED_SHORT_NONE if feasible). */
SchedShort sched_host_check(const SchedHostView *h, const SchedRequest *req,
                            const SchedOvercommit *oc);
/* Chooses a host among hosts[0..n) with ops; never fails: read result.host_index. */
SchedPlaceResult sched_place(const SchedPlacementOps *ops, const SchedHostView *hosts, guint n,
                             const SchedRequest *req, const SchedOvercommit *oc);
const char *sched_short_reason(SchedShort s);   /* static text for a shortage */
const char *sched_short_name(SchedShort s);     /* "cpu", "memory", ... for counters */

#endif
