/* sim/migration/dirty.h — how many distinct pages a guest dirties in an interval.
 *
 * The interface between the migration strategies and whatever models the guest's writes:
 * a function of (dirty rate r in pages/s, writable working set W in pages, interval t in
 * seconds) returning the number of distinct pages dirtied during t, in [0, W].  Built in:
 *   exponential  W (1 − e^(−r t / W))   uniform random writes over W (each of the r t writes
 *                hits a given page with probability 1/W; the expected number of distinct
 *                pages hit is W (1 − (1 − 1/W)^(r t)) ≈ W (1 − e^(−r t/W)))
 *   linear       min(W, r t)            every write hits a clean page (closed-form tests:
 *                                       it turns pre-copy into a geometric series)
 * sim/memory provides the same closed form and an exact per-page bitmap; the model plugs it
 * in through MigDirtyFn (its user pointer carries the bitmap state).
 */
#ifndef MIG_DIRTY_H
#define MIG_DIRTY_H

typedef double (*MigDirtyFn)(void *user, double dirty_pages_per_s, double wws_pages,
                             double interval_s);

double mig_dirty_exponential(void *user, double dirty_pages_per_s, double wws_pages,
                             double interval_s);
double mig_dirty_linear(void *user, double dirty_pages_per_s, double wws_pages,
                        double interval_s);

#endif
