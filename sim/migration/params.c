/* sim/migration/params.c — scenario records to model parameters; see params.h. */
#include "sim/migration/params.h"

void mig_params_from_scn(MigParams *p, const ScnMigration *m)
{
    mig_params_init(p);
    p->max_downtime_ns = m->max_downtime_ns;
    p->max_rounds = (uint32_t)m->max_rounds;
    p->max_sent_factor = m->max_sent_factor;
    p->min_shrink_frac = m->min_shrink_frac;
    p->bandwidth_bytes_per_s = m->bandwidth_bytes_per_s;
    p->auto_converge = m->auto_converge;
    p->state_bytes = m->state_bytes;
    p->prepage_pages = (uint32_t)m->prepage_pages;
    p->locality_frac = m->locality_frac;
    p->send_cycles_per_byte = m->send_cycles_per_byte;
    p->dirty_model = (MemDirtyModel)m->dirty_model;
    p->stop_rules = (uint32_t)m->stop_rules;
    p->codec.compress_ratio_frac = m->compress_ratio_frac;
    p->codec.compress_cycles_per_page = m->compress_cycles_per_page;
    p->codec.compress_threads = (uint32_t)m->compress_threads;
    p->codec.xbzrle = m->xbzrle;
    p->codec.xbzrle_cache_bytes = m->xbzrle_cache_bytes;
    p->codec.xbzrle_ratio_frac = m->xbzrle_ratio_frac;
    p->codec.xbzrle_cycles_per_page = m->xbzrle_cycles_per_page;
}

void mig_net_config_from_scn(SimNetConfig *cfg, const ScnNetwork *n)
{
    sim_net_config_init(cfg);
    cfg->topology = n->topology == SCN_NET_RACK ? SIM_NET_RACK : SIM_NET_STAR;
    cfg->link_bytes_per_s = n->link_bytes_per_s;
    cfg->latency_ns = n->latency_ns;
    cfg->hosts_per_rack = (uint32_t)n->hosts_per_rack;
    cfg->oversubscription = n->oversubscription;
}
