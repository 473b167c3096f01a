/* sim/migration/strategy.c — the registry of migration strategies: the built-ins, then
 * those registered at run time, in registration order. */
#include "sim/migration/strategy.h"

static const MigStrategyOps *const mig_builtins[] = {
    &mig_stopcopy_ops, &mig_precopy_ops, &mig_postcopy_ops, &mig_hybrid_ops,
};

#define MIG_MAX_REGISTERED 32
static const MigStrategyOps *mig_registered[MIG_MAX_REGISTERED];
static guint mig_n_registered;

const MigStrategyOps *mig_strategy_nth(guint i)
{
    if (i < G_N_ELEMENTS(mig_builtins))
        return mig_builtins[i];
    i -= G_N_ELEMENTS(mig_builtins);
    return i < mig_n_registered ? mig_registered[i] : NULL;
}

const MigStrategyOps *mig_strategy_lookup(const char *name)
{
    for (guint i = 0; mig_strategy_nth(i); i++)
        if (g_strcmp0(mig_strategy_nth(i)->name, name) == 0)
            return mig_strategy_nth(i);
    return NULL;
}

gboolean mig_strategy_register(const MigStrategyOps *ops)
{
    g_return_val_if_fail(ops && ops->name && ops->start && ops->on_sent, FALSE);
    if (mig_strategy_lookup(ops->name) || mig_n_registered == MIG_MAX_REGISTERED)
        return FALSE;
    mig_registered[mig_n_registered++] = ops;
    return TRUE;
}

char *mig_strategy_names(void)
{
    GString *s = g_string_new(NULL);
    guint n = 0;
    while (mig_strategy_nth(n))
        n++;
    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, i + 1 == n ? " or " : ", ");
        g_string_append(s, mig_strategy_nth(i)->name);
    }
    return g_string_free(s, FALSE);
}

void mig_strategy_stop_and_send(MigJob *job, uint64_t pages, uint32_t tag)
{
    mig_job_pause(job);
    mig_job_send(job, pages, mig_job_params(job)->state_bytes, tag);
}
