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

typedef struct SimHostIndex SimHostIndex;

SimHostIndex *sim_host_index_new(guint n_hosts);
void          sim_host_index_free(SimHostIndex *ix);                 /* NULL is a no-op */
void          sim_host_index_set(SimHostIndex *ix, guint host, double vcpu_room,
                                 double memory_room_bytes);
/* The lowest host index with room for both, or -1. */
int           sim_host_index_first_fit(const SimHostIndex *ix, double vcpus,
                                       double memory_bytes);

#endif
