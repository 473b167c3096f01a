/* sim/scheduler/consolidate.h — the consolidation / load-balancing controller's decision.
 *
 * Called periodically (`consolidation.interval`), it looks at host utilizations and VM
 * loads and returns a plan: VM moves (to be executed as live migrations by the model) and
 * hosts to power off or on.  Double thresholds as in Beloglazov, Abawajy & Buyya (FGCS
 * 2012):
 *   1. Overloaded hosts (util > high): VMs are chosen by Minimization of Migrations — take
 *      the VM with the smallest load that alone brings the host to <= high, else the
 *      largest and repeat — and placed with the placement policy on hosts that stay
 *      <= high after the move; if none can take a VM, the first host that is off (in
 *      order) is powered on and used.
 *   2. Underloaded hosts (util < low), least utilized first: all their VMs are placed
 *      elsewhere (largest load first; destinations stay <= high and obey overcommit and
 *      anti-affinity); if every VM finds a place the moves are kept and the host is
 *      powered off, else nothing moves.  Hosts that received VMs in this plan are not
 *      emptied, and at least min_hosts_on stay on.
 * util after a move = util ± load / capacity.  The function is pure: it reads its inputs,
 * fills the plan and allocates nothing else that outlives it.  Decisions are deterministic
 * (ties by position).  VMs with movable = FALSE (passthrough devices) never move.
 */
#ifndef SCHED_CONSOLIDATE_H
#define SCHED_CONSOLIDATE_H

#include "sim/scheduler/placement.h"

typedef struct {
    int         vm_index;               /* the caller's VM index */
    guint       host;                   /* position of its host in the hosts array */
    int         vcpus;
    uint64_t    memory_bytes;
    double      load_cycles_per_s;      /* current CPU use */
    const char *anti_affinity;          /* group, or NULL */
    gboolean    movable;
} SchedVmLoad;

typedef struct {
    double                   low_frac, high_frac;   /* 0 <= low < high <= 1 */
    const SchedPlacementOps *placement;             /* destinations; NULL: best-fit */
    SchedOvercommit          overcommit;
    guint                    min_hosts_on;          /* never go below (default 1) */
} SchedConsolidateParams;

typedef struct {
    int vm_index;
    int from_host, to_host;             /* SchedHostView.index values */
} SchedMove;

typedef struct {
    GArray *moves;                      /* SchedMove, in execution order */
    GArray *power_off;                  /* int host index, after their VMs left */
    GArray *power_on;                   /* int host index, before moves to them */
    guint   unplaced;                   /* VMs of overloaded hosts that found no room */
} SchedPlan;

void sched_plan_init(SchedPlan *plan);
void sched_plan_clear(SchedPlan *plan);

/* Fills plan (which must be initialized; its previous content is dropped). */
void sched_consolidate(const SchedHostView *hosts, guint n_hosts, const SchedVmLoad *vms,
                       guint n_vms, const SchedConsolidateParams *params, SchedPlan *plan);

#endif
