/* sim/dc/hostindex.h — first-fit host search in O(log n) typical time.
 *
 * A segment tree over the hosts in scenario order; each node keeps the largest free vCPU
 * room and the largest free memory among its hosts (0 for a host that is off).  First-fit
 * descends to the leftmost leaf whose room covers the request, backtracking when a subtree's
 * two maxima come from different hosts; with n hosts an update is O(log n) and a query is
 * O(log n) unless many hosts have CPU room but no memory room (then up to O(n)).
 */
#ifndef SIM_HOSTINDEX_H
#define SIM_HOSTINDEX_H

#include <glib.h>
#include <stdint.h>

#include "sim/scheduler/placement.h"

typedef struct SimHostIndex SimHostIndex;

SimHostIndex *sim_host_index_new(guint n_hosts);
void          sim_host_index_free(SimHostIndex *ix);                 /* NULL is a no-op */
void          sim_host_index_set(SimHostIndex *ix, guint host, double vcpu_room,
                                 double memory_room_bytes);
/* The lowest host index with room for both, or -1. */
int           sim_host_index_first_fit(const SimHostIndex *ix, double vcpus,
                                       double memory_bytes);

/* ---- best-fit, worst-fit and balanced: branch and bound over the same tree shape -------
 *
 * SimPlaceIndex keeps each host's placement view (SchedHostView without groups or devices)
 * at a leaf, in host order, and per node the bounds the three scoring policies need: the
 * largest free vCPU and memory room, the smallest and largest used fractions and limits
 * (best-fit, worst-fit), the smallest load (balanced), and whether all its hosts are alike.
 * A query descends left first and skips a subtree that has no room or whose bound cannot
 * beat the best score found so far strictly, so it returns exactly the host sched_place()
 * would: the lowest score, ties to the lowest host index.  Hosts that are off count nowhere.
 * O(log n) per update; a query is O(log n) when the best hosts are alike or few, O(n) at
 * worst.  Constraints the view lacks (guest OS, pinned cores, GPUs, disk, anti-affinity)
 * are the caller's `admit`, asked only of hosts that fit and would win. */
typedef struct SimPlaceIndex SimPlaceIndex;
typedef gboolean (*SimPlaceAdmit)(guint host, void *user);

/* NULL when ops is first-fit (its own index serves it) or not one of the three. */
SimPlaceIndex *sim_place_index_new(guint n_hosts, const SchedPlacementOps *ops,
                                   const SchedOvercommit *oc);
void           sim_place_index_free(SimPlaceIndex *ix);          /* NULL is a no-op */
/* The host's view now (v->index must be host; groups and devices are ignored). */
void           sim_place_index_set(SimPlaceIndex *ix, guint host, const SchedHostView *v);
gboolean       sim_place_index_uses_util(const SimPlaceIndex *ix); /* balanced reads util */
/* The host sched_place() would choose for req (without its anti_affinity check) among the
 * hosts other than `exclude` (-1: none) that `admit` accepts (NULL: all), or -1. */
int            sim_place_index_choose(const SimPlaceIndex *ix, const SchedRequest *req,
                                      int exclude, SimPlaceAdmit admit, void *user);

#endif
