/* sim/migration/strategy.h — the pluggable migration strategy.
 *
 * A strategy decides, transfer by transfer, what to send and when to stop and resume the
 * VM; the mechanics (flows, downtime, degradation, accounting) are in job.c and shared by
 * all strategies; the post-copy demand-paging engine is in pull.c; the pieces of iterative
 * pre-copy (stop rules, rate limits, the round loop) are in rules.h and the wire codecs in
 * codec.h, for any strategy to compose.  A strategy is one file defining a
 * `const MigStrategyOps`: a built-in is listed in strategy.c's table, any other calls
 * mig_strategy_register() before scenarios are read (docs/extending.md walks through one).
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
/* Iterates the registry: the built-ins in table order, then the registered ones; NULL past
 * the end.  Tests, `vdcsim list`, the schema and error messages all iterate it. */
const MigStrategyOps *mig_strategy_nth(guint i);
/* Adds a strategy (ops must outlive the process); FALSE if its name is taken or the
 * registry (32 slots) is full.  Call it before any scenario is read: the JSON Schema's
 * list of names is fixed at its first use.  Not thread-safe. */
gboolean              mig_strategy_register(const MigStrategyOps *ops);
/* "stop-and-copy, pre-copy, post-copy or hybrid" for error messages; g_free it. */
char                 *mig_strategy_names(void);

/* Shared by pre-copy and hybrid: stop the VM and send `pages` + the state as the final
 * stop-and-copy transfer, with tag. */
void                  mig_strategy_stop_and_send(MigJob *job, uint64_t pages, uint32_t tag);

#endif
