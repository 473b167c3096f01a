/* sim/scheduler/placeindex.h — best-fit, worst-fit and balanced placement by branch and
 * bound, with exactly sched_place()'s choice.
 *
 * The index keeps each host's placement view (SchedHostView without groups or devices) at a
 * leaf, in host order, and per node the bounds the three scoring policies need: the
 * largest free vCPU and memory room, the smallest and largest used fractions and limits
 * (best-fit, worst-fit), the smallest load (balanced), and whether all its hosts are alike.
 * A query descends left first and skips a subtree that has no room or whose bound cannot
 * beat the best score found so far strictly, so it returns exactly the host sched_place()
 * would: the lowest score, ties to the lowest host index.  Hosts that are off count nowhere.
 * O(log n) per update; a query is O(log n) when the best hosts are alike or few, O(n) at
 * worst.  Constraints the view lacks (guest OS, pinned cores, GPUs, disk, anti-affinity)
 * are the caller's `admit`, asked only of hosts that fit and would win. */
#ifndef SCHED_PLACEINDEX_H
#define SCHED_PLACEINDEX_H

#include "sim/scheduler/placement.h"

typedef struct SchedPlaceIndex SchedPlaceIndex;
typedef gboolean (*SchedPlaceAdmit)(guint host, void *user);

/* NULL when ops is first-fit (its own index serves it) or not one of the three. */
SchedPlaceIndex *sched_place_index_new(guint n_hosts, const SchedPlacementOps *ops,
                                   const SchedOvercommit *oc);
void           sched_place_index_free(SchedPlaceIndex *ix);          /* NULL is a no-op */
/* Host `host`'s view now (v->index, groups and devices are not read). */
void           sched_place_index_set(SchedPlaceIndex *ix, guint host, const SchedHostView *v);
gboolean       sched_place_index_uses_util(const SchedPlaceIndex *ix); /* balanced reads util */
/* The host sched_place() would choose for req (without its anti_affinity check) among the
 * hosts other than `exclude` (-1: none) that `admit` accepts (NULL: all), or -1. */
int            sched_place_index_choose(const SchedPlaceIndex *ix, const SchedRequest *req,
                                      int exclude, SchedPlaceAdmit admit, void *user);

#endif
