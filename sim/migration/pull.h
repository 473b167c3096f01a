/* sim/migration/pull.h — post-copy demand paging: the VM runs on the destination while the
 * pages it lacks are pushed in the background and pulled on network page faults.
 *
 * Model (after Hines & Gopalan, VEE 2009), as rates per VM.  The VM touches its working set
 * of W pages uniformly at a pages/s while it runs.  One flow per VM carries every missing
 * page exactly once (the background push in page order, with faulted and pre-paged pages
 * taking their turn first), sharing the links with all other flows; its fair rate gives
 * R pages/s.  With M pages missing in all, m of them in the working set (x = m / W):
 *   a fault stalls the VM for s = 2 L + 2 / R (request and response latency; the page
 *   shares the VM's stream with the push), so the VM runs a fraction 1 / (1 + a s x) of
 *   the time and faults at f = a x / (1 + a s x) per second (renewal: exponential running
 *   time at rate a x, then a stall of s);
 *   every page that arrives other than by a fault (push, or pre-paging's ±prepage_pages
 *   neighbours of a fault) is in the working set in proportion m / M:
 *       dm/dt = −f − (R − f) m / M,   dM/dt = −R.
 *   Touches are uniform over a working set spread evenly through memory, so pre-paged
 *   neighbours are working-set pages in the same proportion as pushed ones: pre-paging
 *   reorders the stream but changes neither m(t) nor the faults (it would with locality of
 *   access, which this model does not have).
 * The job steps this each simulated second (and when the flow ends) by RK4, with R the
 * flow's mean rate over the step; faults and stall time are the integrals of f and s f; the
 * VM runs at 1 − stall over the step (predicted at its start from the flow's rate then).
 * With W = N this is the closed form F = (T / s)(1 − ln(1 + a s) / (a s)), T = N / R.
 * Cost: O(1) memory and one engine event per second per migration; one flow.
 */
#ifndef MIG_PULL_H
#define MIG_PULL_H

#include "sim/migration/job.h"

typedef struct MigPull MigPull;

MigPull  *mig_pull_new(MigJob *job);                   /* every page present */
void      mig_pull_free(MigPull *pull);                /* NULL is a no-op */
void      mig_pull_mark_all_missing(MigPull *pull);
/* Marks n working-set pages missing (the guest's writes, spread over the set). */
void      mig_pull_mark_ws_missing(MigPull *pull, uint64_t n);
/* The VM now runs on the destination: push, fault, and finish the job when all present. */
void      mig_pull_run(MigPull *pull);
uint64_t  mig_pull_missing_pages(const MigPull *pull);

#endif
