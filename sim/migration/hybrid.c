/* sim/migration/hybrid.c — hybrid pre/post-copy: one pre-copy round sends all memory while
 * the VM runs; then the VM stops, its state is sent, it resumes on the destination, and the
 * pages it dirtied during that round (dirty(r, W, T1), chosen uniformly in its working set)
 * are pulled by post-copy (pull.c).  Each page is sent at most twice: once in the round,
 * once more if it was dirtied. */
#include "sim/migration/strategy.h"
#include "sim/migration/pull.h"

enum { HYBRID_ROUND = 1, HYBRID_STATE = 2 };

typedef struct {
    MigPull *pull;
    uint64_t dirty_pages;
} HybridState;

static void hybrid_start(MigJob *job, void *state)
{
    mig_job_set_rounds(job, 1);
    mig_job_send(job, mig_job_memory_pages(job), 0, HYBRID_ROUND);
}

static void hybrid_on_sent(MigJob *job, void *state, uint32_t tag, const MigSent *sent)
{
    HybridState *st = state;
    if (tag == HYBRID_ROUND) {
        st->dirty_pages = mig_job_dirty_pages(job, sent->duration_ns);
        MigRound row = { .phase = MIG_PHASE_LIVE, .round = 1, .start_ns = sent->start_ns,
                         .duration_ns = sent->duration_ns, .bytes_sent = sent->bytes,
                         .pages_sent = sent->pages, .dirtied_pages = st->dirty_pages,
                         .dirty_left_pages = st->dirty_pages };
        mig_job_add_round(job, &row);
        mig_strategy_stop_and_send(job, 0, HYBRID_STATE);
        return;
    }
    mig_job_resume(job);
    st->pull = mig_pull_new(job);
    mig_pull_mark_ws_missing(st->pull, st->dirty_pages);
    mig_pull_run(st->pull);
}

static void hybrid_clear(void *state)
{
    HybridState *st = state;
    mig_pull_free(st->pull);
    st->pull = NULL;
}

const MigStrategyOps mig_hybrid_ops = {
    .name = "hybrid",
    .description = "one pre-copy round, then post-copy of the pages dirtied meanwhile",
    .state_bytes = sizeof(HybridState),
    .start = hybrid_start,
    .on_sent = hybrid_on_sent,
    .clear = hybrid_clear,
};
