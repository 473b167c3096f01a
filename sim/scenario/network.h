/* sim/scenario/network.h — the `network:` section of a scenario, as plain data.
 *
 * network: { link_bandwidth: 10 Gbit/s, latency: 50 us, topology: star|rack,
 *            hosts_per_rack: 40, oversubscription: 1 }
 *
 * The table in network.c gives each key's type, default and limits; the run turns this
 * record into the network model's SimNetConfig (mig_net_config_from_scn, sim/migration/params.h).
 */
#ifndef SIM_SCENARIO_NETWORK_H
#define SIM_SCENARIO_NETWORK_H

#include "sim/core/time.h"
#include "sim/yaml/schema.h"

typedef enum { SCN_NET_STAR, SCN_NET_RACK } ScnNetTopology;

typedef struct {
    double    link_bytes_per_s;   /* per host link and direction */
    SimTimeNs latency_ns;         /* one-way, one hop */
    int       topology;           /* ScnNetTopology */
    int       hosts_per_rack;     /* rack only */
    double    oversubscription;   /* rack only: uplink = hosts × link / this */
} ScnNetwork;

extern const ScnKey scn_network_keys[];
extern const ScnSection scn_network_section;

#endif
