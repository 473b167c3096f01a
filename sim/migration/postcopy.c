/* sim/migration/postcopy.c — post-copy (Hines & Gopalan, VEE 2009): stop the VM, send only
 * its CPU and device state, resume it on the destination, then pull the memory there by
 * background push and network page faults (pull.c).  Downtime = state / bandwidth +
 * latency; each page crosses the network exactly once. */
#include "sim/migration/strategy.h"
#include "sim/migration/pull.h"

typedef struct {
    MigPull *pull;
} PostcopyState;

static void postcopy_start(MigJob *job, void *state)
{
    mig_strategy_stop_and_send(job, 0, 0);
}

static void postcopy_on_sent(MigJob *job, void *state, uint32_t tag, const MigSent *sent)
{
    PostcopyState *st = state;
    mig_job_resume(job);
    st->pull = mig_pull_new(job);
    mig_pull_mark_all_missing(st->pull);
    mig_pull_run(st->pull);
}

static void postcopy_clear(void *state)
{
    PostcopyState *st = state;
    mig_pull_free(st->pull);
    st->pull = NULL;
}

const MigStrategyOps mig_postcopy_ops = {
    .name = "post-copy",
    .description = "send CPU state, resume on the destination, pull memory on demand",
    .state_bytes = sizeof(PostcopyState),
    .start = postcopy_start,
    .on_sent = postcopy_on_sent,
    .clear = postcopy_clear,
};
