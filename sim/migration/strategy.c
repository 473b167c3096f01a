/* sim/migration/strategy.c — the only list of migration strategies. */
#include "sim/migration/strategy.h"

static const MigStrategyOps *const mig_strategies[] = {
    &mig_stopcopy_ops, &mig_precopy_ops, &mig_postcopy_ops, &mig_hybrid_ops,
};

const MigStrategyOps *mig_strategy_nth(guint i)
{
    return i < G_N_ELEMENTS(mig_strategies) ? mig_strategies[i] : NULL;
}

const MigStrategyOps *mig_strategy_lookup(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(mig_strategies); i++)
        if (g_strcmp0(mig_strategies[i]->name, name) == 0)
            return mig_strategies[i];
    return NULL;
}

char *mig_strategy_names(void)
{
    GString *s = g_string_new(NULL);
    guint n = G_N_ELEMENTS(mig_strategies);
    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, i + 1 == n ? " or " : ", ");
        g_string_append(s, mig_strategies[i]->name);
    }
    return g_string_free(s, FALSE);
}

void mig_strategy_stop_and_send(MigJob *job, uint64_t pages, uint32_t tag)
{
    mig_job_pause(job);
    mig_job_send(job, pages, mig_job_params(job)->state_bytes, tag);
}
