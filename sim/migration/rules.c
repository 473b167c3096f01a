/* sim/migration/rules.c — stop rules, rate limits, presets and the live-round loop; see
 * rules.h. */
#include "sim/migration/rules.h"


#define XEN_FEW_PAGES       50                /* xc_domain_save: sent_this_iter < 50 */
#define XEN_MAX_ITERS       29                /* DEF_MAX_ITERS */
#define XEN_MAX_FACTOR      3                 /* DEF_MAX_FACTOR */
#define MBIT_BYTES_PER_S    (1e6 / 8)         /* 1 Mbit/s in bytes/s */
#define XEN_START_MBIT      100               /* START_MBIT_RATE */
#define XEN_MAX_MBIT        500               /* MAX_MBIT_RATE */
#define XEN_STEP_MBIT       50                /* dirtying rate + 50 */

static double memory_bytes(const MigJob *job)
{
    return (double)(mig_job_memory_pages(job) * mig_job_page_bytes(job));
}

const char *mig_rule_downtime(MigJob *job, const MigRoundInfo *ri)
{
    const MigParams *p = mig_job_params(job);
    double bw_bytes_per_s = (double)ri->sent_bytes / sim_s_from_ns(MAX(ri->duration_ns, 1));
    double rest_bytes = (double)(ri->dirty_pages * mig_job_page_bytes(job) + p->state_bytes);
    if (ri->dirty_pages == 0 || rest_bytes <= bw_bytes_per_s * sim_s_from_ns(p->max_downtime_ns))
        return "downtime";
    return NULL;
}

const char *mig_rule_max_rounds(MigJob *job, const MigRoundInfo *ri)
{
    return ri->round >= mig_job_params(job)->max_rounds ? "max_rounds" : NULL;
}

const char *mig_rule_max_sent(MigJob *job, const MigRoundInfo *ri)
{
    double f = mig_job_params(job)->max_sent_factor;
    return f > 0 && (double)ri->live_bytes > f * memory_bytes(job) ? "max_sent" : NULL;
}

/* From round 1: round 1 sent all N pages, so V(2) > (1 − f) N already means no progress. */
const char *mig_rule_min_shrink(MigJob *job, const MigRoundInfo *ri)
{
    double f = mig_job_params(job)->min_shrink_frac;
    return f > 0 && (double)ri->dirty_pages > (1.0 - f) * (double)ri->sent_pages
           ? "min_shrink" : NULL;
}

const char *mig_rule_xen_few_pages(MigJob *job, const MigRoundInfo *ri)
{
    return ri->sent_pages < XEN_FEW_PAGES || ri->dirty_pages == 0 ? "few_pages" : NULL;
}

const char *mig_rule_xen_max_iters(MigJob *job, const MigRoundInfo *ri)
{
    return ri->round >= XEN_MAX_ITERS ? "max_rounds" : NULL;
}

const char *mig_rule_xen_max_factor(MigJob *job, const MigRoundInfo *ri)
{
    return (double)ri->live_bytes > XEN_MAX_FACTOR * memory_bytes(job) ? "max_sent" : NULL;
}

const char *mig_rule_xen_rate_maxed(MigJob *job, const MigRoundInfo *ri)
{
    gboolean at_max = ri->rate_limit_bytes_per_s >= XEN_MAX_MBIT * MBIT_BYTES_PER_S;
    return at_max && ri->round >= 2 && ri->sent_pages > ri->prev_sent_pages ? "rate_max" : NULL;
}

/* Starts at 100 Mbit/s; after a round, if the guest dirtied faster than the limit, the
 * limit becomes that rate + 50 Mbit/s, at most 500 Mbit/s. */
double mig_rate_xen_adaptive(MigJob *job, const MigRoundInfo *last)
{
    if (!last)
        return XEN_START_MBIT * MBIT_BYTES_PER_S;
    double dirty_bytes_per_s = (double)(last->dirty_pages * mig_job_page_bytes(job)) /
                               sim_s_from_ns(MAX(last->duration_ns, 1));
    double rate = last->rate_limit_bytes_per_s;
    if (dirty_bytes_per_s > rate)
        rate = MIN(dirty_bytes_per_s + XEN_STEP_MBIT * MBIT_BYTES_PER_S,
                   XEN_MAX_MBIT * MBIT_BYTES_PER_S);
    return rate;
}

static const MigStopRuleFn default_rules[] = {
    mig_rule_downtime, mig_rule_max_rounds, mig_rule_max_sent, mig_rule_min_shrink, NULL,
};
static const MigStopRuleFn qemu_rules[] = { mig_rule_downtime, NULL };
static const MigStopRuleFn xen_rules[] = {
    mig_rule_xen_rate_maxed, mig_rule_xen_max_iters, mig_rule_xen_few_pages,
    mig_rule_xen_max_factor, NULL,
};

static const MigStopRules mig_presets[] = {
    { .name = "default", .rules = default_rules,
      .description = "max_downtime, max_rounds, max_sent_factor, min_shrink as set" },
    { .name = "qemu", .rules = qemu_rules, .auto_converge = TRUE,
      .description = "switch over when the rest fits max_downtime at the measured "
                     "bandwidth; no round limit; auto-converge" },
    { .name = "xen", .rules = xen_rules, .rate_limit = mig_rate_xen_adaptive,
      .description = "stop below 50 pages a round, at 29 rounds or 3x memory; adaptive "
                     "rate limit 100..500 Mbit/s" },
};

const char *const mig_stop_rules_names[] = { "default", "qemu", "xen", NULL };

const MigStopRules *mig_stop_rules_nth(guint i)
{
    return i < G_N_ELEMENTS(mig_presets) ? &mig_presets[i] : NULL;
}

const MigStopRules *mig_stop_rules_of(const MigJob *job)
{
    const MigStopRules *r = mig_stop_rules_nth(mig_job_params(job)->stop_rules);
    g_assert(r);
    return r;
}

/* ---- the live-round loop -------------------------------------------------------------- */

static void rounds_send(MigJob *job, MigRounds *r, uint64_t pages, uint64_t resent)
{
    r->round++;
    r->prev_pages = r->round_pages;
    r->round_pages = pages;
    mig_job_set_rounds(job, r->round);
    mig_job_set_rate_limit(job, r->rate_limit_bytes_per_s);
    mig_job_send_pages(job, pages, resent, 0, r->tag);
}

void mig_rounds_start(MigJob *job, MigRounds *r, uint32_t tag)
{
    const MigStopRules *preset = mig_stop_rules_of(job);
    r->tag = tag;
    r->rate_limit_bytes_per_s = preset->rate_limit ? preset->rate_limit(job, NULL) : 0.0;
    rounds_send(job, r, mig_job_memory_pages(job), 0);
}

static void rounds_record(MigJob *job, const MigRoundInfo *ri, const MigSent *sent)
{
    MigRound row = {
        .phase = MIG_PHASE_LIVE, .round = ri->round, .start_ns = sent->start_ns,
        .duration_ns = sent->duration_ns, .bytes_sent = sent->bytes, .pages_sent = sent->pages,
        .dirtied_pages = ri->dirty_pages, .dirty_left_pages = ri->dirty_pages,
        .rate_limit_bytes_per_s = ri->rate_limit_bytes_per_s,
    };
    mig_job_add_round(job, &row);
}

/* QEMU auto-converge: a round is hot when the guest dirtied more than throttle_trigger ×
 * the bytes sent; every second hot round deepens the throttle. */
static void rounds_auto_converge(MigJob *job, MigRounds *r, const MigRoundInfo *ri)
{
    const MigParams *p = mig_job_params(job);
    double dirtied_bytes = (double)(ri->dirty_pages * mig_job_page_bytes(job));
    if (!(p->auto_converge || mig_stop_rules_of(job)->auto_converge) ||
        dirtied_bytes <= p->throttle_trigger_frac * (double)ri->sent_bytes)
        return;
    if (++r->high_rounds < 2)
        return;
    r->high_rounds = 0;
    double now = mig_job_throttle(job);
    double next = now > 0 ? now + p->throttle_increment_frac : p->throttle_initial_frac;
    mig_job_set_throttle(job, MIN(next, p->throttle_max_frac));
}

const char *mig_rounds_done(MigJob *job, MigRounds *r, const MigSent *sent,
                            uint64_t *next_pages)
{
    const MigStopRules *preset = mig_stop_rules_of(job);
    r->live_bytes += sent->bytes;
    *next_pages = mig_job_dirty_pages(job, sent->duration_ns);
    MigRoundInfo ri = {
        .round = r->round, .sent_pages = r->round_pages, .prev_sent_pages = r->prev_pages,
        .dirty_pages = *next_pages, .sent_bytes = sent->bytes,
        .duration_ns = sent->duration_ns, .live_bytes = r->live_bytes,
        .rate_limit_bytes_per_s = r->rate_limit_bytes_per_s,
    };
    rounds_record(job, &ri, sent);
    for (const MigStopRuleFn *rule = preset->rules; *rule; rule++) {
        const char *why = (*rule)(job, &ri);
        if (why)
            return why;
    }
    rounds_auto_converge(job, r, &ri);
    if (preset->rate_limit)
        r->rate_limit_bytes_per_s = preset->rate_limit(job, &ri);
    return NULL;
}

void mig_rounds_next(MigJob *job, MigRounds *r, uint64_t pages)
{
    rounds_send(job, r, pages, pages);
}

void mig_rounds_stop(MigJob *job, MigRounds *r, uint64_t pages, uint32_t tag)
{
    mig_job_set_rate_limit(job, 0.0);
    mig_job_pause(job);
    mig_job_send_pages(job, pages, r->round > 0 ? pages : 0,
                       mig_job_params(job)->state_bytes, tag);
}
