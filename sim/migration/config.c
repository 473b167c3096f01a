/* sim/migration/config.c — network and migration sections; see scnnet.h. */
#include "sim/migration/config.h"

#include <math.h>

#include "sim/migration/strategy.h"

void scn_migration_init(ScnMigration *m)
{
    m->strategy = g_strdup("pre-copy");
    mig_params_init(&m->params);
    m->linear_dirty = FALSE;
}

void scn_migration_clear(ScnMigration *m)
{
    g_free(m->strategy);
    m->strategy = NULL;
}

gboolean scn_read_network(SimNetConfig *cfg, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "link_bandwidth", "latency", "topology",
                                        "hosts_per_rack", "oversubscription", NULL };
    static const char *const topologies[] = { "star", "rack", NULL };
    int topo = cfg->topology;
    int64_t per_rack = cfg->hosts_per_rack;
    if (!scn_expect_map(d, n, "network", error) ||
        !scn_check_keys(d, n, keys, "network", error) ||
        !scn_opt_quantity(d, n, "link_bandwidth", SCN_UNIT_DATA_RATE, 1, 1e15,
                          &cfg->link_bytes_per_s, error) ||
        !scn_opt_duration_ns(d, n, "latency", &cfg->latency_ns, error) ||
        !scn_opt_enum(d, n, "topology", topologies, &topo, error) ||
        !scn_opt_int(d, n, "hosts_per_rack", 1, 1000000, &per_rack, error) ||
        !scn_opt_quantity(d, n, "oversubscription", SCN_UNIT_RATIO, 0.01, 1000,
                          &cfg->oversubscription, error))
        return FALSE;
    cfg->topology = (SimNetTopology)topo;
    cfg->hosts_per_rack = (uint32_t)per_rack;
    return TRUE;
}

gboolean scn_read_strategy(ScnDoc *d, ScnNode *n, const char **out, GError **error)
{
    if (!scn_get_string(d, n, out, error))
        return FALSE;
    if (mig_strategy_lookup(*out))
        return TRUE;
    g_autofree char *names = mig_strategy_names();
    const char *list[8] = { 0 };
    for (guint i = 0; i < G_N_ELEMENTS(list) - 1 && mig_strategy_nth(i); i++)
        list[i] = mig_strategy_nth(i)->name;
    const char *near = scn_did_you_mean(*out, list);
    if (near)
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN,
                        "unknown migration strategy '%s' (did you mean '%s'?)", *out, near);
    return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown migration strategy '%s' (expected %s)",
                    *out, names);
}

static gboolean read_dirty_model(ScnMigration *m, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const models[] = { "exponential", "linear", NULL };
    int model = m->linear_dirty;
    if (!scn_opt_enum(d, n, "dirty_model", models, &model, error))
        return FALSE;
    m->linear_dirty = model == 1;
    m->params.dirty_fn = m->linear_dirty ? mig_dirty_linear : mig_dirty_exponential;
    return TRUE;
}

gboolean scn_read_migration(ScnMigration *m, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "strategy", "max_downtime", "max_rounds",
                                        "max_sent_factor", "min_shrink", "bandwidth",
                                        "auto_converge", "state_size", "prepaging",
                                        "dirty_model", "send_cpu", NULL };
    MigParams *p = &m->params;
    int64_t rounds = p->max_rounds, prepage = p->prepage_pages;
    const char *strategy = NULL;
    ScnNode *sn = scn_map_get(d, n, "strategy");
    if (!scn_expect_map(d, n, "migration", error) ||
        !scn_check_keys(d, n, keys, "migration", error) ||
        (sn && !scn_read_strategy(d, sn, &strategy, error)) ||
        !scn_opt_duration_ns(d, n, "max_downtime", &p->max_downtime_ns, error) ||
        !scn_opt_int(d, n, "max_rounds", 1, 100000, &rounds, error) ||
        !scn_opt_quantity(d, n, "max_sent_factor", SCN_UNIT_RATIO, 0, 1000, &p->max_sent_factor,
                          error) ||
        !scn_opt_quantity(d, n, "min_shrink", SCN_UNIT_FRAC, 0, 1, &p->min_shrink_frac, error) ||
        !scn_opt_quantity(d, n, "bandwidth", SCN_UNIT_DATA_RATE, 0, 1e15,
                          &p->bandwidth_bytes_per_s, error) ||
        !scn_opt_bool(d, n, "auto_converge", &p->auto_converge, error) ||
        !scn_opt_size_bytes(d, n, "state_size", &p->state_bytes, error) ||
        !scn_opt_int(d, n, "prepaging", 0, 1 << 20, &prepage, error) ||
        !scn_opt_quantity(d, n, "send_cpu", SCN_UNIT_RATIO, 0, 1e6, &p->send_cycles_per_byte,
                          error) ||
        !read_dirty_model(m, d, n, error))
        return FALSE;
    p->max_rounds = (uint32_t)rounds;
    p->prepage_pages = (uint32_t)prepage;
    if (strategy) {
        g_free(m->strategy);
        m->strategy = g_strdup(strategy);
    }
    return TRUE;
}
