/* tests/test-net.c — the network model against closed forms: an isolated flow takes
 * bytes / bandwidth + hops × latency; star paths share only end links; rack
 * oversubscription limits cross-rack flows; caps; zero-byte messages. */
#include "sim/core/net.h"

#include <math.h>

#define GBIT_BYTES_PER_S (1e9 / 8)

typedef struct {
    SimEngine *eng;
    SimShare  *share;
    SimNet    *net;
} Fix;

static void fix_init(Fix *f, const SimNetConfig *cfg, uint32_t hosts)
{
    f->eng = sim_engine_new();
    f->share = sim_share_new(f->eng);
    f->net = sim_net_new(f->eng, f->share, cfg);
    for (uint32_t i = 0; i < hosts; i++)
        g_assert_cmpuint(sim_net_add_host(f->net), ==, i);
}

static void fix_clear(Fix *f)
{
    sim_net_free(f->net);
    sim_share_free(f->share);
    sim_engine_free(f->eng);
}

static void record_done(SimNet *net, SimFlow *flow, void *user)
{
    *(SimTimeNs *)user = sim_engine_now_ns(sim_net_engine(net));
}

static SimNetConfig star_cfg(double link_bytes_per_s, SimTimeNs latency_ns)
{
    SimNetConfig cfg;
    sim_net_config_init(&cfg);
    cfg.link_bytes_per_s = link_bytes_per_s;
    cfg.latency_ns = latency_ns;
    return cfg;
}

/* 1 GB over 1 Gbit/s with 2 hops of 50 us: 8 s + 100 us. */
static void test_flow_time_is_bytes_over_bw_plus_latency(void)
{
    SimNetConfig cfg = star_cfg(GBIT_BYTES_PER_S, 50 * SIM_NS_PER_US);
    Fix f;
    fix_init(&f, &cfg, 2);
    SimTimeNs at = -1;
    SimFlow *fl = sim_net_flow_start(f.net, 0, 1, 1e9, 0, record_done, &at);
    g_assert_cmpint(sim_net_path_hops(f.net, 0, 1), ==, 2);
    sim_engine_run(f.eng);
    g_assert_cmpint(at, ==, 8 * SIM_NS_PER_S + 100 * SIM_NS_PER_US);
    g_assert_true(sim_net_flow_delivered(fl));
    g_assert_cmpfloat_with_epsilon(sim_net_flow_sent_bytes(f.net, fl), 1e9, 1e-3);
    sim_net_flow_free(f.net, fl);
    fix_clear(&f);
}

/* Star, non-blocking switch: 0→1 and 2→3 do not interact; 0→1 and 0→2 share 0's uplink;
 * 1→0 uses the other direction of 0's link (full duplex). */
static void test_star_paths(void)
{
    SimNetConfig cfg = star_cfg(100.0, 0);
    Fix f;
    fix_init(&f, &cfg, 4);
    SimFlow *a = sim_net_flow_start(f.net, 0, 1, 1e6, 0, NULL, NULL);
    SimFlow *b = sim_net_flow_start(f.net, 2, 3, 1e6, 0, NULL, NULL);
    SimFlow *c = sim_net_flow_start(f.net, 1, 0, 1e6, 0, NULL, NULL);
    sim_share_flush(f.share);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(a), 100.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(b), 100.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(c), 100.0, 1e-9);
    SimFlow *d = sim_net_flow_start(f.net, 0, 2, 1e6, 0, NULL, NULL);
    sim_share_flush(f.share);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(a), 50.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(d), 50.0, 1e-9);
    /* b (2→3) shares 3's downlink with nobody, 2's uplink with nobody. */
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(b), 100.0, 1e-9);
    g_assert_null(sim_net_rack_uplink(f.net, 0));
    SimFlow *all[] = { a, b, c, d };
    for (int i = 0; i < 4; i++)
        sim_net_flow_free(f.net, all[i]);
    fix_clear(&f);
}

/* A rate cap (a migration's `bandwidth`) binds below the link; max-min gives the rest of
 * the link to the other flow. */
static void test_cap_and_leftover(void)
{
    SimNetConfig cfg = star_cfg(100.0, 0);
    Fix f;
    fix_init(&f, &cfg, 2);
    SimTimeNs t_cap = -1, t_free = -1;
    SimFlow *capped = sim_net_flow_start(f.net, 0, 1, 300.0, 30.0, record_done, &t_cap);
    SimFlow *other = sim_net_flow_start(f.net, 0, 1, 700.0, 0, record_done, &t_free);
    sim_share_flush(f.share);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(capped), 30.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(other), 70.0, 1e-9);
    sim_engine_run(f.eng);
    g_assert_cmpint(t_cap, ==, 10 * SIM_NS_PER_S);
    g_assert_cmpint(t_free, ==, 10 * SIM_NS_PER_S);
    sim_net_flow_free(f.net, capped);
    sim_net_flow_free(f.net, other);
    fix_clear(&f);
}

/* Rack: 4 hosts per rack, oversubscription 4 → rack uplink = 4 × 100 / 4 = 100 bytes/s.
 * Four cross-rack flows (rack 0 → rack 1) share it: 25 each; a same-rack flow between
 * two other hosts is not limited by it; cross-rack paths have 4 hops. */
static void test_rack_oversubscription(void)
{
    SimNetConfig cfg = star_cfg(100.0, 10 * SIM_NS_PER_US);
    cfg.topology = SIM_NET_RACK;
    cfg.hosts_per_rack = 4;
    cfg.oversubscription = 4.0;
    Fix f;
    fix_init(&f, &cfg, 10);
    g_assert_cmpuint(sim_net_host_rack(f.net, 9), ==, 2);
    g_assert_cmpfloat(sim_share_resource_capacity(sim_net_rack_uplink(f.net, 0)), ==, 100.0);
    g_assert_cmpint(sim_net_path_latency_ns(f.net, 0, 4), ==, 40 * SIM_NS_PER_US);
    g_assert_cmpint(sim_net_path_latency_ns(f.net, 0, 1), ==, 20 * SIM_NS_PER_US);
    SimFlow *x[4];
    SimTimeNs t[4];
    for (uint32_t i = 0; i < 4; i++)
        x[i] = sim_net_flow_start(f.net, i, 4 + i, 100.0, 0, record_done, &t[i]);
    SimFlow *local = sim_net_flow_start(f.net, 8, 9, 100.0, 0, NULL, NULL);
    sim_share_flush(f.share);
    for (int i = 0; i < 4; i++)
        g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(x[i]), 25.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(local), 100.0, 1e-9);
    sim_engine_run(f.eng);
    for (int i = 0; i < 4; i++) {   /* 100 bytes at 25 bytes/s + 40 us */
        g_assert_cmpint(t[i], ==, 4 * SIM_NS_PER_S + 40 * SIM_NS_PER_US);
        sim_net_flow_free(f.net, x[i]);
    }
    sim_net_flow_free(f.net, local);
    fix_clear(&f);
}

/* Non-oversubscribed rack (factor 1): cross-rack flows get the full host link. */
static void test_rack_full_bisection(void)
{
    SimNetConfig cfg = star_cfg(100.0, 0);
    cfg.topology = SIM_NET_RACK;
    cfg.hosts_per_rack = 2;
    Fix f;
    fix_init(&f, &cfg, 4);
    SimFlow *a = sim_net_flow_start(f.net, 0, 2, 1e3, 0, NULL, NULL);
    SimFlow *b = sim_net_flow_start(f.net, 1, 3, 1e3, 0, NULL, NULL);
    sim_share_flush(f.share);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(a), 100.0, 1e-9);
    g_assert_cmpfloat_with_epsilon(sim_net_flow_rate_bytes_per_s(b), 100.0, 1e-9);
    sim_net_flow_free(f.net, a);
    sim_net_flow_free(f.net, b);
    fix_clear(&f);
}

/* A zero-byte message (a page-fault request) costs exactly the path latency; a flow freed
 * before delivery never calls back. */
static void test_zero_bytes_and_cancel(void)
{
    SimNetConfig cfg = star_cfg(100.0, 7 * SIM_NS_PER_US);
    Fix f;
    fix_init(&f, &cfg, 2);
    SimTimeNs at = -1, never = -1;
    SimFlow *req = sim_net_flow_start(f.net, 1, 0, 0, 0, record_done, &at);
    SimFlow *gone = sim_net_flow_start(f.net, 0, 1, 500, 0, record_done, &never);
    sim_engine_run_until(f.eng, SIM_NS_PER_S);
    sim_net_flow_free(f.net, gone);
    sim_engine_run(f.eng);
    g_assert_cmpint(at, ==, 14 * SIM_NS_PER_US);
    g_assert_cmpint(never, ==, -1);
    sim_net_flow_free(f.net, req);
    fix_clear(&f);
}

static void test_topology_names(void)
{
    SimNetTopology t;
    g_assert_true(sim_net_topology_from_name("rack", &t));
    g_assert_cmpint(t, ==, SIM_NET_RACK);
    g_assert_true(sim_net_topology_from_name("star", &t));
    g_assert_cmpstr(sim_net_topology_name(t), ==, "star");
    g_assert_false(sim_net_topology_from_name("torus", &t));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_log_set_always_fatal(G_LOG_LEVEL_WARNING);
    g_test_add_func("/sim/net/flow-time", test_flow_time_is_bytes_over_bw_plus_latency);
    g_test_add_func("/sim/net/star-paths", test_star_paths);
    g_test_add_func("/sim/net/cap-and-leftover", test_cap_and_leftover);
    g_test_add_func("/sim/net/rack-oversubscription", test_rack_oversubscription);
    g_test_add_func("/sim/net/rack-full-bisection", test_rack_full_bisection);
    g_test_add_func("/sim/net/zero-bytes-and-cancel", test_zero_bytes_and_cancel);
    g_test_add_func("/sim/net/topology-names", test_topology_names);
    return g_test_run();
}
