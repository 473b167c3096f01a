/* sim/migration/stopcopy.c — stop-and-copy: stop the VM, send all memory and the CPU and
 * device state in one transfer, resume it on the destination.  Downtime = total time =
 * (N × page + state) / bandwidth + path latency (Clark et al., NSDI 2005, §3). */
#include "sim/migration/strategy.h"

static void stopcopy_start(MigJob *job, void *state)
{
    mig_strategy_stop_and_send(job, mig_job_memory_pages(job), 0);
}

static void stopcopy_on_sent(MigJob *job, void *state, uint32_t tag, const MigSent *sent)
{
    mig_job_resume(job);
    mig_job_finish(job);
}

const MigStrategyOps mig_stopcopy_ops = {
    .name = "stop-and-copy",
    .description = "stop the VM, copy memory and state, resume on the destination",
    .state_bytes = 0,
    .start = stopcopy_start,
    .on_sent = stopcopy_on_sent,
    .clear = NULL,
};
