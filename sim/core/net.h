/* sim/core/net.h — the datacenter network: links, topology, flows.
 *
 * Model.  Every host attaches to its switch by one full-duplex link: two SimShare resources
 * (uplink host→switch, downlink switch→host), each of capacity link_bytes_per_s and one-way
 * latency latency_ns.  Topologies:
 *   star  one non-blocking switch: a flow from a to b crosses a's uplink and b's downlink
 *         (2 hops).
 *   rack  a two-level tree: hosts_per_rack hosts share a top-of-rack switch whose uplink to a
 *         non-blocking core has capacity hosts_per_rack × link / oversubscription in each
 *         direction.  Same-rack flows cross 2 host links (2 hops); cross-rack flows also
 *         cross the source rack's uplink and the destination rack's downlink (4 hops).
 * A flow moves `bytes` from src to dst as one SimShare consumer over the resources of its
 * path (weighted max-min fair, weight 1, optional rate cap); it is delivered when its last
 * byte has drained and then travelled the path latency (hops × latency_ns), so an isolated
 * flow takes bytes / min(bandwidth, cap) + latency.  Latency is added once per message;
 * a request/response exchange pays it twice (sim_net_path_latency_ns() each way).
 *
 * Units: bytes, bytes/s (1 Gbit/s = 1.25e8 bytes/s), SimTimeNs.  Ownership: the SimNet owns
 * its resources; flows belong to whoever started them (sim_net_flow_free(), allowed inside
 * the flow's own completion callback).  Hosts are numbered 0, 1, … in the order added.
 */
#ifndef SIM_NET_H
#define SIM_NET_H

#include "sim/core/share.h"

typedef enum {
    SIM_NET_STAR = 0,
    SIM_NET_RACK,
} SimNetTopology;

typedef struct {
    SimNetTopology topology;
    double         link_bytes_per_s;     /* per host link, per direction (> 0) */
    SimTimeNs      latency_ns;           /* one-way latency of one hop (>= 0) */
    uint32_t       hosts_per_rack;       /* rack only (>= 1) */
    double         oversubscription;     /* rack only (>= 1 typical; > 0) */
} SimNetConfig;

typedef struct SimNet  SimNet;
typedef struct SimFlow SimFlow;

/* Called from an engine event when the flow's last byte arrives at dst. */
typedef void (*SimNetFlowDoneFn)(SimNet *net, SimFlow *flow, void *user);

/* Defaults: star, 10 Gbit/s, 50 us per hop, 40 hosts per rack, oversubscription 1. */
void         sim_net_config_init(SimNetConfig *cfg);
const char  *sim_net_topology_name(SimNetTopology t);
/* Parses "star" or "rack"; FALSE if unknown. */
gboolean     sim_net_topology_from_name(const char *name, SimNetTopology *out);

/* The net uses (does not own) eng and share; both must outlive it. */
SimNet      *sim_net_new(SimEngine *eng, SimShare *share, const SimNetConfig *cfg);
void         sim_net_free(SimNet *net);                           /* NULL is a no-op */
SimEngine   *sim_net_engine(const SimNet *net);
SimShare    *sim_net_share(const SimNet *net);
const SimNetConfig *sim_net_config(const SimNet *net);

/* Adds one host (its links, and its rack's uplinks if it opens a rack); returns its index. */
uint32_t     sim_net_add_host(SimNet *net);
uint32_t     sim_net_hosts(const SimNet *net);
uint32_t     sim_net_host_rack(const SimNet *net, uint32_t host);
SimResource *sim_net_host_uplink(SimNet *net, uint32_t host);
SimResource *sim_net_host_downlink(SimNet *net, uint32_t host);
SimResource *sim_net_rack_uplink(SimNet *net, uint32_t rack);     /* NULL for star */
SimResource *sim_net_rack_downlink(SimNet *net, uint32_t rack);   /* NULL for star */

/* Hops and one-way latency between two distinct hosts. */
uint32_t     sim_net_path_hops(const SimNet *net, uint32_t src, uint32_t dst);
SimTimeNs    sim_net_path_latency_ns(const SimNet *net, uint32_t src, uint32_t dst);

/* Starts a flow of bytes (>= 0) from src to dst (distinct).  cap_bytes_per_s <= 0: no cap.
 * done may be NULL.  The flow stays allocated after delivery until sim_net_flow_free(). */
SimFlow     *sim_net_flow_start(SimNet *net, uint32_t src, uint32_t dst, double bytes,
                                double cap_bytes_per_s, SimNetFlowDoneFn done, void *user);
/* Also calls fn(net, flow, user) when the flow's last byte leaves the source (before the
 * path latency): a sender that pipelines starts its next message then.  fn must not free
 * the flow.  Not called for zero-byte flows. */
void         sim_net_flow_on_drained(SimFlow *flow, SimNetFlowDoneFn fn, void *user);
/* Cancels a flow in progress (nothing more is delivered) and frees it; NULL is a no-op. */
void         sim_net_flow_free(SimNet *net, SimFlow *flow);
void         sim_net_flow_set_cap(SimNet *net, SimFlow *flow, double cap_bytes_per_s);
double       sim_net_flow_rate_bytes_per_s(const SimFlow *flow);   /* current drain rate */
double       sim_net_flow_bytes(const SimFlow *flow);              /* size at start */
double       sim_net_flow_sent_bytes(SimNet *net, SimFlow *flow);  /* drained so far */
SimTimeNs    sim_net_flow_start_ns(const SimFlow *flow);
gboolean     sim_net_flow_delivered(const SimFlow *flow);
uint32_t     sim_net_flow_src(const SimFlow *flow);
uint32_t     sim_net_flow_dst(const SimFlow *flow);

#endif
