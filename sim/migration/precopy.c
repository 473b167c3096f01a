/* sim/migration/precopy.c — iterative pre-copy (Clark et al., NSDI 2005; the model of
 * Akoush et al., MASCOTS 2010).
 *
 * Round 1 sends all N pages while the VM runs; round i+1 sends the pages dirtied during
 * round i, V(i+1) = dirty(r, W, T(i)) with T(i) the duration of round i.  After each round
 * the stop-rule preset (`stop_rules`, rules.h) decides; the VM is then stopped and V(i+1)
 * pages plus the state are sent (stop-and-copy).  The loop, the rules, auto-converge and
 * the rate limits are the reusable pieces of rules.h: this file only composes them.
 */
#include "sim/migration/rules.h"
#include "sim/migration/strategy.h"

enum { PRECOPY_ROUND = 1, PRECOPY_FINAL = 2 };

typedef struct {
    MigRounds rounds;
} PrecopyState;

static void precopy_start(MigJob *job, void *state)
{
    PrecopyState *st = state;
    mig_rounds_start(job, &st->rounds, PRECOPY_ROUND);
}

static void precopy_on_sent(MigJob *job, void *state, uint32_t tag, const MigSent *sent)
{
    PrecopyState *st = state;
    if (tag == PRECOPY_FINAL) {
        mig_job_resume(job);
        mig_job_finish(job);
        return;
    }
    uint64_t next = 0;
    const char *rule = mig_rounds_done(job, &st->rounds, sent, &next);
    if (!rule) {
        mig_rounds_next(job, &st->rounds, next);
        return;
    }
    mig_job_set_reason(job, rule);
    mig_rounds_stop(job, &st->rounds, next, PRECOPY_FINAL);
}

const MigStrategyOps mig_precopy_ops = {
    .name = "pre-copy",
    .description = "iterative push of dirtied pages while the VM runs, then stop-and-copy",
    .state_bytes = sizeof(PrecopyState),
    .start = precopy_start,
    .on_sent = precopy_on_sent,
    .clear = NULL,
};
