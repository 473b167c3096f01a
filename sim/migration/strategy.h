/* sim/migration/strategy.h — the pluggable migration strategy.
 *
 * A strategy decides, transfer by transfer, what to send and when to stop and resume the
 * VM; the mechanics (flows, downtime, degradation, accounting) are in job.c and shared by
 * all strategies; the post-copy demand-paging engine is in pull.c.  Adding a strategy is
 * one file defining a `const MigStrategyOps` plus one line in strategy.c.
 *
 * Built in: stop-and-copy, pre-copy, post-copy, hybrid (one pre-copy round, then
 * post-copy).  Slots are called from engine events, never re-entrantly.
 */
#ifndef MIG_STRATEGY_H
#define MIG_STRATEGY_H

#include "sim/migration/job.h"     /* MigStrategyOps, the slots a job calls */

extern const MigStrategyOps mig_stopcopy_ops, mig_precopy_ops, mig_postcopy_ops,
                            mig_hybrid_ops;

const MigStrategyOps *mig_strategy_lookup(const char *name);   /* NULL if unknown */
/* Iterates the built-in strategies in table order: NULL past the end. */
const MigStrategyOps *mig_strategy_nth(guint i);
/* "stop-and-copy, pre-copy, post-copy or hybrid" for error messages; g_free it. */
char                 *mig_strategy_names(void);

/* Shared by pre-copy and hybrid: stop the VM and send `pages` + the state as the final
 * stop-and-copy transfer, with tag. */
void                  mig_strategy_stop_and_send(MigJob *job, uint64_t pages, uint32_t tag);

#endif
