/* sim/core/net.c — links, star and rack/core topologies, flows as SimShare consumers.
 *
 * A flow's life: started → draining (a SimShare consumer over its path's resources) →
 * in flight for the path latency (a "net.flow_arrive" event) → delivered (callback).  A
 * zero-byte flow skips the drain.  See sim/core/net.h for the model and units.
 */
#include "sim/core/net.h"

#include <math.h>

typedef struct {
    SimResource *up, *down;
    uint32_t     rack;
} NetHost;

typedef struct {
    SimResource *up, *down;
} NetRack;

struct SimNet {
    SimEngine     *eng;
    SimShare      *share;
    SimNetConfig   cfg;
    GArray        *hosts;       /* NetHost, by index */
    GArray        *racks;       /* NetRack, by index (rack topology only) */
    SimEventTypeId ev_arrive;
};

struct SimFlow {
    SimNet          *net;
    SimConsumer     *consumer;  /* NULL for a zero-byte flow */
    uint32_t         src, dst;
    double           bytes;
    SimTimeNs        start_ns;
    SimEventId       arrive_event;
    gboolean         delivered;
    SimNetFlowDoneFn done, drained;
    void            *user, *drained_user;
};

static void net_on_arrive(SimEngine *eng, void *target, const void *payload);

static const SimEventType net_arrive_type = {
    .name = "net.flow_arrive", .handle = net_on_arrive, .payload_bytes = 0,
};

void sim_net_config_init(SimNetConfig *cfg)
{
    cfg->topology = SIM_NET_STAR;
    cfg->link_bytes_per_s = 10e9 / 8;
    cfg->latency_ns = 50 * SIM_NS_PER_US;
    cfg->hosts_per_rack = 40;
    cfg->oversubscription = 1.0;
}

const char *sim_net_topology_name(SimNetTopology t)
{
    return t == SIM_NET_RACK ? "rack" : "star";
}

gboolean sim_net_topology_from_name(const char *name, SimNetTopology *out)
{
    if (g_strcmp0(name, "star") == 0)
        *out = SIM_NET_STAR;
    else if (g_strcmp0(name, "rack") == 0)
        *out = SIM_NET_RACK;
    else
        return FALSE;
    return TRUE;
}

SimNet *sim_net_new(SimEngine *eng, SimShare *share, const SimNetConfig *cfg)
{
    g_return_val_if_fail(eng && share && cfg, NULL);
    g_return_val_if_fail(cfg->link_bytes_per_s > 0 && cfg->latency_ns >= 0, NULL);
    g_return_val_if_fail(cfg->topology != SIM_NET_RACK ||
                         (cfg->hosts_per_rack >= 1 && cfg->oversubscription > 0), NULL);
    SimNet *net = g_new0(SimNet, 1);
    net->eng = eng;
    net->share = share;
    net->cfg = *cfg;
    net->hosts = g_array_new(FALSE, TRUE, sizeof(NetHost));
    net->racks = g_array_new(FALSE, TRUE, sizeof(NetRack));
    net->ev_arrive = sim_engine_register(eng, &net_arrive_type);
    return net;
}

/* Resources belong to the SimShare, which frees them; flows belong to their starters. */
void sim_net_free(SimNet *net)
{
    if (!net)
        return;
    g_array_free(net->hosts, TRUE);
    g_array_free(net->racks, TRUE);
    g_free(net);
}

SimEngine *sim_net_engine(const SimNet *net) { return net->eng; }
SimShare *sim_net_share(const SimNet *net) { return net->share; }
const SimNetConfig *sim_net_config(const SimNet *net) { return &net->cfg; }
uint32_t sim_net_hosts(const SimNet *net) { return net->hosts->len; }

static void net_add_rack(SimNet *net)
{
    uint32_t idx = net->racks->len;
    double cap = net->cfg.hosts_per_rack * net->cfg.link_bytes_per_s / net->cfg.oversubscription;
    g_autofree char *up = g_strdup_printf("net.rack%u.up", idx);
    g_autofree char *down = g_strdup_printf("net.rack%u.down", idx);
    NetRack r = {
        .up = sim_share_resource_new(net->share, up, cap),
        .down = sim_share_resource_new(net->share, down, cap),
    };
    g_array_append_val(net->racks, r);
}

uint32_t sim_net_add_host(SimNet *net)
{
    uint32_t idx = net->hosts->len;
    g_autofree char *up = g_strdup_printf("net.host%u.up", idx);
    g_autofree char *down = g_strdup_printf("net.host%u.down", idx);
    NetHost h = {
        .up = sim_share_resource_new(net->share, up, net->cfg.link_bytes_per_s),
        .down = sim_share_resource_new(net->share, down, net->cfg.link_bytes_per_s),
    };
    if (net->cfg.topology == SIM_NET_RACK) {
        h.rack = idx / net->cfg.hosts_per_rack;
        if (h.rack >= net->racks->len)
            net_add_rack(net);
    }
    g_array_append_val(net->hosts, h);
    return idx;
}

static NetHost *net_host(const SimNet *net, uint32_t host)
{
    g_assert(host < net->hosts->len);
    return &g_array_index(net->hosts, NetHost, host);
}

uint32_t sim_net_host_rack(const SimNet *net, uint32_t host)
{
    return net_host(net, host)->rack;
}

SimResource *sim_net_host_uplink(SimNet *net, uint32_t host) { return net_host(net, host)->up; }
SimResource *sim_net_host_downlink(SimNet *net, uint32_t host)
{
    return net_host(net, host)->down;
}

SimResource *sim_net_rack_uplink(SimNet *net, uint32_t rack)
{
    return rack < net->racks->len ? g_array_index(net->racks, NetRack, rack).up : NULL;
}

SimResource *sim_net_rack_downlink(SimNet *net, uint32_t rack)
{
    return rack < net->racks->len ? g_array_index(net->racks, NetRack, rack).down : NULL;
}

static gboolean net_cross_rack(const SimNet *net, uint32_t src, uint32_t dst)
{
    return net->cfg.topology == SIM_NET_RACK &&
           net_host(net, src)->rack != net_host(net, dst)->rack;
}

uint32_t sim_net_path_hops(const SimNet *net, uint32_t src, uint32_t dst)
{
    g_return_val_if_fail(src != dst, 0);
    return net_cross_rack(net, src, dst) ? 4 : 2;
}

SimTimeNs sim_net_path_latency_ns(const SimNet *net, uint32_t src, uint32_t dst)
{
    return (SimTimeNs)sim_net_path_hops(net, src, dst) * net->cfg.latency_ns;
}

/* ---- flows ------------------------------------------------------------------------ */

static void net_flow_deliver_later(SimFlow *f)
{
    SimTimeNs lat = sim_net_path_latency_ns(f->net, f->src, f->dst);
    f->arrive_event = sim_engine_schedule(f->net->eng, lat, f->net->ev_arrive, f, NULL);
}

static void net_on_drained(SimShare *share, SimConsumer *c, void *owner)
{
    SimFlow *f = owner;
    net_flow_deliver_later(f);
    if (f->drained)
        f->drained(f->net, f, f->drained_user);
}

void sim_net_flow_on_drained(SimFlow *f, SimNetFlowDoneFn fn, void *user)
{
    f->drained = fn;
    f->drained_user = user;
}

static void net_flow_attach_path(SimNet *net, SimFlow *f)
{
    NetHost *s = net_host(net, f->src), *d = net_host(net, f->dst);
    sim_share_consumer_attach(net->share, f->consumer, s->up);
    if (net_cross_rack(net, f->src, f->dst)) {
        sim_share_consumer_attach(net->share, f->consumer, sim_net_rack_uplink(net, s->rack));
        sim_share_consumer_attach(net->share, f->consumer, sim_net_rack_downlink(net, d->rack));
    }
    sim_share_consumer_attach(net->share, f->consumer, d->down);
}

SimFlow *sim_net_flow_start(SimNet *net, uint32_t src, uint32_t dst, double bytes,
                           double cap_bytes_per_s, SimNetFlowDoneFn done, void *user)
{
    g_return_val_if_fail(src != dst && bytes >= 0 && isfinite(bytes), NULL);
    g_return_val_if_fail(src < net->hosts->len && dst < net->hosts->len, NULL);
    SimFlow *f = g_new0(SimFlow, 1);
    f->net = net;
    f->src = src;
    f->dst = dst;
    f->bytes = bytes;
    f->start_ns = sim_engine_now_ns(net->eng);
    f->done = done;
    f->user = user;
    if (bytes <= 0) {
        net_flow_deliver_later(f);
        return f;
    }
    f->consumer = sim_share_consumer_new(net->share, 1.0, cap_bytes_per_s, net_on_drained, f);
    net_flow_attach_path(net, f);
    sim_share_consumer_start(net->share, f->consumer, bytes);
    return f;
}

static void net_on_arrive(SimEngine *eng, void *target, const void *payload)
{
    SimFlow *f = target;
    f->arrive_event = 0;
    f->delivered = TRUE;
    if (f->done)
        f->done(f->net, f, f->user);   /* may free f: touch nothing after */
}

void sim_net_flow_free(SimNet *net, SimFlow *f)
{
    if (!f)
        return;
    sim_engine_cancel(net->eng, f->arrive_event);
    sim_share_consumer_free(net->share, f->consumer);
    g_free(f);
}

void sim_net_flow_set_cap(SimNet *net, SimFlow *f, double cap_bytes_per_s)
{
    if (f->consumer)
        sim_share_consumer_set_cap(net->share, f->consumer, cap_bytes_per_s);
}

double sim_net_flow_rate_bytes_per_s(const SimFlow *f)
{
    return f->consumer ? sim_share_consumer_rate(f->consumer) : 0.0;
}

double sim_net_flow_bytes(const SimFlow *f) { return f->bytes; }

double sim_net_flow_sent_bytes(SimNet *net, SimFlow *f)
{
    return f->consumer ? sim_share_consumer_consumed(net->share, f->consumer) : 0.0;
}

SimTimeNs sim_net_flow_start_ns(const SimFlow *f) { return f->start_ns; }
gboolean sim_net_flow_delivered(const SimFlow *f) { return f->delivered; }
uint32_t sim_net_flow_src(const SimFlow *f) { return f->src; }
uint32_t sim_net_flow_dst(const SimFlow *f) { return f->dst; }
