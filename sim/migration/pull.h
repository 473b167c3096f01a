/* sim/migration/pull.h — post-copy demand paging: the VM runs on the destination while the
 * pages it lacks are pushed in the background and pulled on network page faults.
 *
 * Model (after Hines & Gopalan, VEE 2009).  The VM touches its working set of W pages
 * uniformly at a pages/s while it runs; working-set page j is memory page ⌊j N / W⌋.  A touch
 * of a page not yet present is a network page fault: the VM stalls for a request (path
 * latency, destination → source), then the page's transfer (sharing the links with the
 * background push) and its latency.  Faults are simulated as events: while the VM runs
 * with m missing working-set pages, the time to the next fault is exponential with rate
 * a m / W, drawn from the job's SimRng and redrawn whenever m changes (exact for a Poisson
 * process with piecewise-constant rate); the faulting page is uniform among the m.
 * A touch of a page already in flight stalls the VM until that transfer arrives, with no
 * new request.  The background push sends missing pages in page order in chunks of
 * push_chunk_pages; optional pre-paging sends up to prepage_pages missing neighbours within
 * ±prepage_pages of the faulting page alongside it, without stalling on them.  Every page is
 * sent exactly once (a page's state moves missing → in flight → present, only forward).
 * When every page is present the job finishes.
 * Memory: 9 bytes per page of the VM (state byte, position and list entries).
 */
#ifndef MIG_PULL_H
#define MIG_PULL_H

#include "sim/migration/job.h"

typedef struct MigPull MigPull;

MigPull  *mig_pull_new(MigJob *job);                   /* every page present */
void      mig_pull_free(MigPull *pull);                /* NULL is a no-op */
void      mig_pull_mark_all_missing(MigPull *pull);
/* Marks n working-set pages missing, chosen uniformly without replacement from rng. */
void      mig_pull_mark_ws_missing(MigPull *pull, uint64_t n, SimRng *rng);
/* The VM now runs on the destination: push, fault, and finish the job when all present. */
void      mig_pull_run(MigPull *pull);
uint64_t  mig_pull_missing_pages(const MigPull *pull);

#endif
