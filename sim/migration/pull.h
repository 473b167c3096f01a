/* sim/migration/pull.h — post-copy demand paging: the VM runs on the destination while the
 * pages it lacks are pushed in the background and pulled on network page faults.
 *
 * Model (after Hines & Gopalan, VEE 2009), as rates per VM.  The VM touches its working set
 * of W pages uniformly at a pages/s while it runs.  One flow per VM carries every missing
 * page exactly once (the background push in page order, with faulted and pre-paged pages
 * taking their turn first), sharing the links with all other flows; its fair rate gives
 * R pages/s.  With M pages missing in all, m of them in the working set (x = m / W):
 *   a fault stalls the VM for s = 2 L + 2 / R (request and response latency; the page
 *   shares the VM's stream with the push).
 * Locality and pre-paging.  The guest's touches of missing pages come in sequential runs:
 * after one, the next is the following page with probability p (`locality`), so a run is
 * geometric with mean 1/(1 − p) pages.  Pre-paging k pages (`prepaging`, Hines & Gopalan's
 * bubbling around the faulting address; the run's direction is the half that matters) sends
 * the fault's next k pages with it, ahead of the push, so a run of n pages faults
 * ceil(n/(k + 1)) times and a touch of a missing page faults with probability
 *       φ = (1 − p) / (1 − p^(k+1))        (φ = 1 when k = 0 or p = 0).
 *   The VM then runs a fraction 1 / (1 + φ a s x) of the time and faults at
 *   f = φ a x / (1 + φ a s x) per second (renewal: exponential running time at rate φ a x,
 *   then a stall of s); d = f / φ working-set pages a second arrive for the touches (the
 *   faulted pages and the pre-paged ones the runs use);
 *   every other page that arrives (the push, and pre-paged pages no run uses) is in the
 *   working set in proportion m / M:
 *       dm/dt = −d − (R − d) m / M,   dM/dt = −R.
  * The job steps this each simulated second (and when the flow ends) by RK4, with R the
 * flow's mean rate over the step; faults and stall time are the integrals of f and s f; the
 * VM runs at 1 − stall over the step (predicted at its start from the flow's rate then).
 * With W = N this is the closed form F = (T / s)(1 − ln(1 + b) / b), b = φ a s, T = N / R:
 * pre-paging lowers the faults exactly as the touch rate a → φ a would.
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
/* φ = (1 − p)/(1 − p^(k+1)): the share of touches of missing pages that fault (pull.h). */
double    mig_pull_fault_frac(double locality_frac, uint32_t prepage_pages);

#endif
