/* sim/migration/precopy.c — iterative pre-copy (Clark et al., NSDI 2005; the model of
 * Akoush et al., MASCOTS 2010).
 *
 * Round 1 sends all N pages while the VM runs; round i+1 sends the pages dirtied during
 * round i, V(i+1) = dirty(r, W, T(i)) with T(i) the duration of round i.  After each round
 * the stop rules are checked in this order:
 *   downtime   V(i+1) × page + state <= measured bandwidth × max_downtime   (QEMU)
 *   max_rounds i >= max_rounds                                             (Xen: 30)
 *   max_sent   bytes sent in live rounds > max_sent_factor × memory         (Xen: 3)
 *   min_shrink V(i+1) > (1 − min_shrink) × V(i)                             (off by default)
 * and the VM is then stopped and V(i+1) pages plus the state are sent (stop-and-copy).
 * The measured bandwidth is round i's bytes over its duration (latency included), as QEMU
 * measures it per iteration.
 * Auto-converge (QEMU): a round in which the guest dirtied more than
 * throttle_trigger × the bytes sent is non-converging; at every second such round the guest
 * is throttled, first to throttle_initial, then by throttle_increment more each time (up to
 * throttle_max); throttling scales both its speed and its dirty rate by (1 − throttle).
 */
#include "sim/migration/strategy.h"

enum { PRECOPY_ROUND = 1, PRECOPY_FINAL = 2 };

typedef struct {
    uint32_t round;            /* live rounds started */
    uint64_t round_pages;      /* V(i) of the round in flight */
    uint64_t live_bytes;       /* sent by live rounds so far */
    uint32_t high_rounds;      /* non-converging rounds since the last throttle step */
} PrecopyState;

static void precopy_send_round(MigJob *job, PrecopyState *st, uint64_t pages)
{
    st->round++;
    st->round_pages = pages;
    mig_job_set_rounds(job, st->round);
    mig_job_send(job, pages, 0, PRECOPY_ROUND);
}

static void precopy_start(MigJob *job, void *state)
{
    precopy_send_round(job, state, mig_job_memory_pages(job));
}

/* The stop rule that fires after a round, or NULL to go on. */
static const char *precopy_stop_rule(MigJob *job, const PrecopyState *st, const MigSent *sent,
                                     uint64_t next_pages)
{
    const MigParams *p = mig_job_params(job);
    double bw_bytes_per_s = (double)sent->bytes / sim_s_from_ns(MAX(sent->duration_ns, 1));
    double remainder_bytes = (double)(next_pages * mig_job_page_bytes(job) + p->state_bytes);
    double memory_bytes = (double)(mig_job_memory_pages(job) * mig_job_page_bytes(job));
    if (next_pages == 0 ||
        remainder_bytes <= bw_bytes_per_s * sim_s_from_ns(p->max_downtime_ns))
        return "downtime";
    if (st->round >= p->max_rounds)
        return "max_rounds";
    if (p->max_sent_factor > 0 && (double)st->live_bytes > p->max_sent_factor * memory_bytes)
        return "max_sent";
    if (p->min_shrink_frac > 0 && st->round >= 2 &&
        (double)next_pages > (1.0 - p->min_shrink_frac) * (double)st->round_pages)
        return "min_shrink";
    return NULL;
}

static void precopy_auto_converge(MigJob *job, PrecopyState *st, const MigSent *sent,
                                  uint64_t dirtied_pages)
{
    const MigParams *p = mig_job_params(job);
    double dirtied_bytes = (double)(dirtied_pages * mig_job_page_bytes(job));
    if (!p->auto_converge || dirtied_bytes <= p->throttle_trigger_frac * (double)sent->bytes)
        return;
    if (++st->high_rounds < 2)
        return;
    st->high_rounds = 0;
    double now = mig_job_throttle(job);
    double next = now > 0 ? now + p->throttle_increment_frac : p->throttle_initial_frac;
    mig_job_set_throttle(job, MIN(next, p->throttle_max_frac));
}

static void precopy_on_sent(MigJob *job, void *state, uint32_t tag, const MigSent *sent)
{
    PrecopyState *st = state;
    if (tag == PRECOPY_FINAL) {
        mig_job_resume(job);
        mig_job_finish(job);
        return;
    }
    st->live_bytes += sent->bytes;
    uint64_t next = mig_job_dirty_pages(job, sent->duration_ns);
    const char *rule = precopy_stop_rule(job, st, sent, next);
    if (rule) {
        mig_job_set_reason(job, rule);
        mig_strategy_stop_and_send(job, next, PRECOPY_FINAL);
        return;
    }
    precopy_auto_converge(job, st, sent, next);
    precopy_send_round(job, st, next);
}

const MigStrategyOps mig_precopy_ops = {
    .name = "pre-copy",
    .description = "iterative push of dirtied pages while the VM runs, then stop-and-copy",
    .state_bytes = sizeof(PrecopyState),
    .start = precopy_start,
    .on_sent = precopy_on_sent,
    .clear = NULL,
};
