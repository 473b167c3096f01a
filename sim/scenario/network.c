/* sim/scenario/network.c — the `network:` section's key table; see network.h. */
#include "sim/scenario/network.h"

static const char *const topologies[] = { "star", "rack", NULL };

const ScnKey scn_network_keys[] = {
    { .key = "link_bandwidth", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DATA_RATE,
      .offset = offsetof(ScnNetwork, link_bytes_per_s), .lo = 1, .hi = 1e15, .def = "10 Gbit/s",
      .doc = "1 B/s .. 10^15 B/s, per host link and direction" },
    { .key = "latency", .type = SCN_KEY_DURATION, .offset = offsetof(ScnNetwork, latency_ns),
      .def = "50 us", .doc = "one-way latency of one hop" },
    { .key = "topology", .type = SCN_KEY_ENUM, .names = topologies,
      .offset = offsetof(ScnNetwork, topology), .def = "star",
      .doc = "`star`: one non-blocking switch (2 hops); `rack`: top-of-rack switches under a "
             "non-blocking core (4 hops across racks)" },
    { .key = "hosts_per_rack", .type = SCN_KEY_INT, .offset = offsetof(ScnNetwork, hosts_per_rack),
      .lo = 1, .hi = 1000000, .def = "40",
      .doc = "1 .. 1000000; `rack` only, hosts fill racks in file order" },
    { .key = "oversubscription", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .offset = offsetof(ScnNetwork, oversubscription), .lo = 0.01, .hi = 1000, .def = "1",
      .doc = "0.01 .. 1000; `rack` only: a rack uplink carries `hosts_per_rack × "
             "link_bandwidth / oversubscription`" },
    { NULL },
};

const ScnSection scn_network_section = {
    .name = "network", .what = "network", .keys = scn_network_keys, .flow = TRUE,
    .doc = "The datacenter network that migrations cross",
};
