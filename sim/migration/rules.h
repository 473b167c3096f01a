/* sim/migration/rules.h — the reusable pieces of iterative pre-copy: stop rules, rate
 * limits, and the live-round loop that composes them.
 *
 * A stop rule looks at the round that just ended (MigRoundInfo) and names itself when the
 * VM should now stop ("downtime", "max_rounds", ...), or returns NULL.  A preset
 * (`migration.stop_rules`) is a named list of rules, checked in order, plus a rate-limit
 * policy and whether auto-converge is forced on:
 *   default  downtime, max_rounds, max_sent, min_shrink: the rules of MigParams as set
 *   qemu     QEMU's switchover: only the expected downtime V p + S <= measured bandwidth ×
 *            downtime-limit (migration.c migration_update_counters); no round or volume
 *            limit; auto-converge on (20 % initial, +10 %, max 99 %, trigger 50 %: options.c)
 *   xen      Xen's xc_domain_save (tools/libxc, before commit e611ad5, 2011): stop when a
 *            round sent fewer than 50 pages, after 29 iterations (DEF_MAX_ITERS), when
 *            3 × memory was sent (DEF_MAX_FACTOR), or when the rate is at its maximum and
 *            a round sent more than the one before; the rate limit starts at 100 Mbit/s and
 *            after each round rises to that round's dirtying rate + 50 Mbit/s, up to
 *            500 Mbit/s (ADAPTIVE_SAVE; Clark et al., NSDI 2005, §5.1); the final
 *            stop-and-copy runs unlimited.
 * The live-round loop (MigRounds) sends round 1 = all memory, then the dirty set, records
 * each round (rounds.csv), applies auto-converge and the rate limit, and asks the preset.
 * Strategies that iterate (pre-copy, and any variant) embed a MigRounds in their state.
 */
#ifndef MIG_RULES_H
#define MIG_RULES_H

#include "sim/migration/job.h"

/* What the rules see after a live round. */
typedef struct {
    uint32_t  round;                    /* live rounds done, this one included (1 = first) */
    uint64_t  sent_pages;               /* pages this round sent */
    uint64_t  prev_sent_pages;          /* pages the round before sent; 0 after round 1 */
    uint64_t  dirty_pages;              /* dirtied during it: what would be sent next */
    uint64_t  sent_bytes;               /* bytes this round put on the wire */
    SimTimeNs duration_ns;              /* latency included */
    uint64_t  live_bytes;               /* wire bytes of all live rounds so far */
    double    rate_limit_bytes_per_s;   /* this round's limit; 0 = none */
} MigRoundInfo;

typedef const char *(*MigStopRuleFn)(MigJob *job, const MigRoundInfo *ri);
/* The rate limit of the next round from the last one (NULL before round 1); 0 = none. */
typedef double (*MigRateLimitFn)(MigJob *job, const MigRoundInfo *last);

typedef struct {
    const char          *name;          /* the value of `stop_rules` */
    const char          *description;
    const MigStopRuleFn *rules;         /* NULL-terminated, checked in order */
    MigRateLimitFn       rate_limit;    /* may be NULL: no limit */
    gboolean             auto_converge; /* forced on (else MigParams.auto_converge) */
} MigStopRules;

/* The rules, each usable in any preset or strategy. */
const char *mig_rule_downtime(MigJob *job, const MigRoundInfo *ri);    /* "downtime" */
const char *mig_rule_max_rounds(MigJob *job, const MigRoundInfo *ri);  /* "max_rounds" */
const char *mig_rule_max_sent(MigJob *job, const MigRoundInfo *ri);    /* "max_sent" */
const char *mig_rule_min_shrink(MigJob *job, const MigRoundInfo *ri);  /* "min_shrink" */
const char *mig_rule_xen_few_pages(MigJob *job, const MigRoundInfo *ri);   /* "few_pages" */
const char *mig_rule_xen_max_iters(MigJob *job, const MigRoundInfo *ri);   /* "max_rounds" */
const char *mig_rule_xen_max_factor(MigJob *job, const MigRoundInfo *ri);  /* "max_sent" */
const char *mig_rule_xen_rate_maxed(MigJob *job, const MigRoundInfo *ri);  /* "rate_max" */
double      mig_rate_xen_adaptive(MigJob *job, const MigRoundInfo *last);

/* "default", "qemu", "xen", NULL: the values of `stop_rules`, in table order. */
extern const char *const mig_stop_rules_names[];
const MigStopRules *mig_stop_rules_nth(guint i);                 /* NULL past the end */
/* The preset a job uses (MigParams.stop_rules). */
const MigStopRules *mig_stop_rules_of(const MigJob *job);

/* ---- the live-round loop -------------------------------------------------------------- */

typedef struct {
    uint32_t tag;                       /* the strategy's tag for live rounds */
    uint32_t round;                     /* live rounds started */
    uint64_t round_pages, prev_pages;   /* V(i) in flight, V(i − 1) */
    uint64_t live_bytes;
    uint32_t high_rounds;               /* auto-converge: non-converging rounds in a row */
    double   rate_limit_bytes_per_s;
} MigRounds;

/* Sends round 1 (all memory) tagged tag. */
void        mig_rounds_start(MigJob *job, MigRounds *r, uint32_t tag);
/* A live round was delivered: records it, measures the dirty set (*next_pages) and asks
 * the preset.  Returns the rule that stops the VM, or NULL (then call mig_rounds_next). */
const char *mig_rounds_done(MigJob *job, MigRounds *r, const MigSent *sent,
                            uint64_t *next_pages);
/* Sends the next live round of pages (auto-converge and the rate limit applied). */
void        mig_rounds_next(MigJob *job, MigRounds *r, uint64_t pages);
/* Stops the VM and sends pages + state unlimited, tagged tag; records the stop row. */
void        mig_rounds_stop(MigJob *job, MigRounds *r, uint64_t pages, uint32_t tag);

#endif
